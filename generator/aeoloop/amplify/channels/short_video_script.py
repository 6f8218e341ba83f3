"""``short-video-script.md``: a vertical 9:16 script for TikTok, Reels and Shorts. The hook is
spoken within the first 3 seconds; every beat has a timestamp computed at 150 words per minute,
its voiceover and its on-screen text; a call to action closes it; the total stays within the
configured length (60 s by default). A voice reads it: no markup, no URLs, no "(/pricing)"; the
beats follow the page's order, and a page with less to say gets fewer beats (at least one)."""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

from pydantic import Field

from ...escaping import md_line
from .base import Channel, ChannelModel
from .config import VideoOptions
from .context import ChannelContext
from .ai_answer import page_question
from .limits import sentences, shorten_words, words
from .points import URL_RE, clean, page_points, refers_to_unseen, speakable

#: a hook, one beat, the call to action
MIN_BEATS = 1

MIN_BEAT_SECONDS = 2.0


class Beat(ChannelModel):
    voiceover: str
    on_screen: str = ""


class VideoScript(ChannelModel):
    hook: str
    hook_on_screen: str = ""
    beats: list[Beat] = Field(default_factory=list)
    cta: str


# where a phrase may end: before a clause or a prepositional phrase, at a comma, a colon or a dash
_PHRASE_END_RE = re.compile(
    r"\s*[,:;]\s+|\s+[-–—]\s+|\s+(?=(?:but|which|who|because|when|where|while|if|so|although|though|unless|"
    r"since|whereas|with|without|for|from|into|by|after|before|until|that)\b)"
    r"|\s+(?=(?:and|but)\s+(?:there|it|we|you|they|i)\b)"
    r"|\s+(?=(?:and|or)\s+(?P<verb>[a-z]+)\b)",
    re.I,
)


def _verb_only(word: str) -> bool:
    """ "assign" in "… and assign roles" starts a second clause; "secure" in "a private and secure
    link" may be an adjective, and a cut before it would leave "a private"."""
    from ...lemmas import lemminflect  # tables load on first use: only a long caption asks

    found = lemminflect().getAllLemmas(word.lower())
    return word.lower() in found.get("VERB", ()) and not {"ADJ", "NOUN", "PROPN"} & set(found)


# a phrase that cannot stand on the screen by itself: "When you send events", "To create a link"
_DEPENDENT_RE = re.compile(
    r"^(?:if|when|once|after|as|while|because|although|though|since|unless|before|until|whether|to|for|in|"
    r"by|with|during|on|at|from|under|within|without|through)\b",
    re.I,
)


# a main clause that opens with a pronoun names nothing on the screen ("It appears in …")
_PRONOUN_RE = re.compile(r"^(?:it|they|this|that|these|those|he|she|there)\b", re.I)


def short_phrase(text: str, max_words: int) -> str:
    """The longest leading phrase of ``text`` of at most ``max_words`` words (and at least two) that
    ends at a phrase boundary: "Check whether you chose strict order" of a longer check. "" when there
    is none: a cut mid-phrase ("Why do numbers seem lower than expected in…") is not shown."""
    text = text.strip().rstrip(".!?…")
    if words(text) <= max_words:
        return text
    best = ""
    for m in _PHRASE_END_RE.finditer(text):
        if m.group("verb") and not _verb_only(m.group("verb")):
            continue
        head = text[: m.start()].strip()
        if words(head) > max_words:
            break
        if (
            words(head) >= 2
            and head.count("(") == head.count(")")
            and head.count('"') % 2 == 0
            and not _DEPENDENT_RE.match(head)
            and not _DEPENDENT_RE.match(re.split(r"[,;:]\s+", head)[-1])  # "…, because a team"
        ):
            best = head
    return best


def on_screen_text(question: str, voiceover: str, max_words: int) -> str:
    """A complete short phrase for the screen: the beat's question when it fits, the voiceover when it
    fits, a label before the voiceover's colon ("Sequential order"), else the longest phrase of the
    voiceover that ends at a boundary; a question is never cut. The voiceover cut short is the last resort."""
    if question and voiceover.startswith(question):  # "Why …? Check whether …": the screen shows the check
        voiceover = voiceover[len(question) :].strip()
    for text in (question, voiceover):
        if text and words(text) <= max_words:
            return text
    label, colon, rest = voiceover.partition(":")
    if colon and rest.strip() and 2 <= words(label) <= max_words:
        return label.strip()
    found = short_phrase(voiceover, max_words)  # never a question cut at a boundary: "What data do you need"
    if words(found) >= 2:
        return found
    # "If you run a single-page app, you don't need any extra setup": the main clause after the condition
    head, comma, main = voiceover.rpartition(", ")
    if comma and _DEPENDENT_RE.match(head) and not _PRONOUN_RE.match(main):
        found = short_phrase(main[:1].upper() + main[1:], max_words)
        if words(found) >= 3:
            return found
    return shorten_words(voiceover, max_words)


def _clumsy_question(question: str, title: str) -> bool:
    """A question that would open a video worse than its title: the generic "What should you know
    about …?", one made of a title that opens with an article ("A Note About …"), or one that keeps
    a Title Case title's capitals mid-sentence ("How do you get Started?")."""
    if question.lower().startswith(("what should you know", "cosa sapere")) or re.match(r"(?i)(a|an|the)\s", title):
        return True
    capitals = {w for w in re.findall(r"[A-Za-z][\w'-]*", title)[1:] if w[:1].isupper() and not w.isupper()}
    return any(w in capitals for w in re.findall(r"[A-Za-z][\w'-]*", question)[1:])


def _mmss(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


class ShortVideoScriptChannel(Channel[VideoScript]):
    options_model = VideoOptions
    name = "short-video-script"
    files = ("channels/short-video-script.md",)
    model = VideoScript
    expected_output_tokens = 600

    def seconds(self, text: str, ctx: ChannelContext) -> float:
        wps = self.options(ctx).words_per_minute / 60
        return max(MIN_BEAT_SECONDS, math.ceil(words(text) / wps * 2) / 2)

    def timeline(self, value: VideoScript, ctx: ChannelContext) -> list[tuple[float, float, str, str, str]]:
        """(start, end, kind, voiceover, on_screen) for hook, beats and CTA."""
        opts = self.options(ctx)
        rows = []
        t = 0.0
        hook_len = min(float(opts.hook_seconds), self.seconds(value.hook, ctx))
        rows.append((0.0, hook_len, "hook", value.hook, value.hook_on_screen or value.hook))
        t = hook_len
        for beat in value.beats:
            d = self.seconds(beat.voiceover, ctx)
            rows.append((t, t + d, "beat", beat.voiceover, beat.on_screen))
            t += d
        d = self.seconds(value.cta, ctx)
        rows.append((t, t + d, "cta", value.cta, self._short_url(ctx)))
        return rows

    @staticmethod
    def _short_url(ctx: ChannelContext) -> str:
        parts = urlsplit(ctx.url)
        return (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")

    def hook_words(self, ctx: ChannelContext) -> int:
        opts = self.options(ctx)
        return int(opts.hook_seconds * opts.words_per_minute / 60)

    def extractive(self, ctx: ChannelContext) -> VideoScript:
        opts = self.options(ctx)
        art = ctx.artifacts
        limit = self.hook_words(ctx)
        hook = self._hook(ctx, limit)
        cta = ctx.label("link_in_bio")
        budget = opts.max_seconds - min(float(opts.hook_seconds), self.seconds(hook, ctx)) - self.seconds(cta, ctx)
        points = page_points(ctx, max_words=32, with_summary=not art.faq)
        # the FAQ first (its question is the on-screen text), then the rest; spoken in page order
        priority = {"faq": 0, "takeaway": 1}
        ranked = sorted(points, key=lambda p: (priority.get(p.source, 2), p.order))
        # a URL or code inside a sentence cannot be dropped without breaking it ("Look for the part in your snippet")
        ranked = [p for p in ranked if not (URL_RE.search(p.text) or "`" in p.text)]
        if not ranked and art.faq:  # nothing else to say: the summary's sentences, rather than no script
            ranked = [p for p in page_points(ctx, max_words=32) if not (URL_RE.search(p.text) or "`" in p.text)]
        candidates = [(speakable(p.text), speakable(p.label), p.order, p.source) for p in ranked]
        candidates = [
            (v, lab, o, src) for v, lab, o, src in candidates if clean(v) and words(v) >= 4 and (not lab or clean(lab))
        ]
        seen: set[str] = set()
        chosen: list[tuple[float, Beat]] = []
        for voiceover, label, order, source in candidates:
            if len(chosen) >= opts.beats.max or (source not in priority and len(chosen) >= opts.beats.min):
                break  # the summary and other sentences only fill a page with too few FAQ answers and takeaways
            if (
                voiceover in seen
                or words(voiceover) > 32
                or not ctx.usable(voiceover)
                or (label and not ctx.usable(label))
            ):
                continue
            d = self.seconds(voiceover, ctx)
            if d > budget:
                continue
            seen.add(voiceover)
            on_screen = on_screen_text(label, voiceover, opts.on_screen_words)
            chosen.append((order, Beat(voiceover=voiceover, on_screen=on_screen)))
            budget -= d
        beats = [b for _, b in sorted(chosen, key=lambda ob: ob[0])]
        if not beats:
            raise ValueError(
                "no sentence of the page can be read aloud on its own (each has markup, a URL or leans on another)"
            )
        hook_on_screen = on_screen_text("", hook, opts.on_screen_words) or short_phrase(ctx.title, opts.on_screen_words)
        return VideoScript(hook=hook, hook_on_screen=hook_on_screen or hook, beats=beats, cta=cta)

    def _hook(self, ctx: ChannelContext, limit: int) -> str:
        """What the first seconds say: the page's point when the summary's first sentence is short
        enough to say in them, else the question the page answers ("What is funnel analysis?"), else
        the title; never a phrase cut mid-way ("Share your stats with a private and…"): a long title
        is said up to a phrase boundary ("Share your stats")."""
        first = (sentences(ctx.artifacts.summary) or [""])[0]
        candidates = [speakable(first)] if not refers_to_unseen(first, ctx.lang) else []
        question = page_question(ctx) if ctx.lang == "en" else ""
        if question and not _clumsy_question(question, ctx.title):
            candidates.append(question)
        title = re.sub(r"^(how to|come)\s+", "", ctx.title, flags=re.I)
        candidates.append(title[:1].upper() + title[1:])
        for text in candidates:
            if text and clean(text) and words(text) <= limit:
                return text
        return short_phrase(candidates[-1], limit) or shorten_words(candidates[-1], limit)

    def sanitize(self, value: VideoScript, ctx: ChannelContext) -> tuple[VideoScript, list[str]]:
        """Plain text first, then what a voice can say: addresses and markup are not read aloud."""
        value, problems = super().sanitize(value, ctx)
        data = value.model_dump()
        for key in ("hook", "hook_on_screen", "cta"):
            data[key] = speakable(data[key])
        for beat in data["beats"]:
            beat["voiceover"], beat["on_screen"] = speakable(beat["voiceover"]), speakable(beat["on_screen"])
        spoken = VideoScript.model_validate(data)
        if spoken != value:
            problems = sorted(set(problems) | {"URLs and markup removed from the script: a voice does not read them"})
        return spoken, problems

    def check(self, value: VideoScript, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        out = []
        limit = self.hook_words(ctx)
        if not value.hook or words(value.hook) > limit:
            out.append(
                f"hook: {words(value.hook)} words; it must be spoken in the first {opts.hook_seconds:g} s, so at most {limit} words"
            )
        floor = min(opts.beats.min, MIN_BEATS)
        if not floor <= len(value.beats) <= opts.beats.max:
            out.append(f"beats: {len(value.beats)} given; write {opts.beats.min} to {opts.beats.max}")
        for text in [value.hook, value.cta, *(b.voiceover for b in value.beats)]:
            if text and not clean(text):
                out.append(f"voiceover: {text[:60]!r} has markup, a URL or a file name; write it as it is spoken")
        for i, beat in enumerate(value.beats, 1):
            if not beat.voiceover:
                out.append(f"beats[{i}].voiceover: empty")
            if not beat.on_screen or words(beat.on_screen) > opts.on_screen_words:
                out.append(f"beats[{i}].on_screen: {words(beat.on_screen)} words; 1 to {opts.on_screen_words}")
        if not value.cta:
            out.append("cta: empty; close with a call to action")
        total = self.timeline(value, ctx)[-1][1]
        if total > opts.max_seconds:
            out.append(
                f"total: {total:g} s at {opts.words_per_minute} words per minute; at most {opts.max_seconds} s "
                f"(about {int(opts.max_seconds * opts.words_per_minute / 60)} words in all)"
            )
        return out

    def shortfalls(self, value: VideoScript, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        n = len(value.beats)
        return (
            [f"{n} beats, target {opts.beats.min} to {opts.beats.max}: the page has fewer points to say"]
            if n < opts.beats.min
            else []
        )

    def texts(self, value: VideoScript) -> list[tuple[str, str]]:
        return (
            [(value.hook, "sentence"), (value.cta, "sentence")]
            + [(b.voiceover, "paragraph") for b in value.beats]
            + [(b.on_screen, "sentence") for b in value.beats if b.on_screen]
        )

    def render(self, value: VideoScript, ctx: ChannelContext) -> dict[str, str | bytes]:
        opts = self.options(ctx)
        rows = self.timeline(value, ctx)
        total = rows[-1][1]
        lines = [
            f"# {md_line(ctx.title)}",
            "",  # the page title is front matter text: inert in Markdown
            f"{ctx.label('format')}: {ctx.label('vertical')}  ",
            f"{ctx.label('length')}: {total:g} {ctx.label('seconds')} {ctx.label('at_wpm', wpm=opts.words_per_minute)}",
            "",
        ]
        n = 0
        for start, end, kind, voiceover, on_screen in rows:
            if kind == "beat":
                n += 1
                name = f"{ctx.label('beat')} {n}"
            else:
                name = ctx.label(kind)
            lines += [
                f"## {_mmss(start)}–{_mmss(end)} · {name}",
                "",
                f"{ctx.label('voiceover')}: {voiceover}  ",
                f"{ctx.label('on_screen')}: {on_screen}",
                "",
            ]
        return {self.files[0]: "\n".join(lines).rstrip() + "\n"}
