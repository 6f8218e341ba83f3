"""``short-video-script.md``: a vertical 9:16 script for TikTok, Reels and Shorts. The hook is
spoken within the first 3 seconds; every beat has a timestamp computed at 150 words per minute,
its voiceover and its on-screen text; a call to action closes it; the total stays within the
configured length (60 s by default). A voice reads it: no markup, no URLs, no "(/pricing)"; the
beats follow the page's order, and a page with less to say gets fewer beats (at least one)."""

from __future__ import annotations

import math
import re

from pydantic import Field

from ...escaping import md_line
from .base import Channel, ChannelModel
from .config import VideoOptions
from .context import ChannelContext
from .ai_answer import is_collection_title, page_question
from .how_steps import STEP_SPLIT_RE, how_pair
from .limits import sentences, shorten_words, words
from .notes import is_collection, notes
from .phrases import _DEPENDENT_RE, _PRONOUN_RE, on_screen_text, short_phrase
from .places import heading_at
from .points import URL_RE, clean, is_outline, page_points, refers_to_unseen, speakable, without_note

#: a hook, one beat, the call to action
MIN_BEATS = 1

MIN_BEAT_SECONDS = 2.0

#: the longest note of a collection a beat says whole (about 16 seconds)
NOTE_BEAT_WORDS = 45
#: the longest FAQ steps answer a script walks, a beat a step
STEP_WORDS = 90
_STEP_NUMBER_RE = re.compile(r"^\d{1,2}\) ")
#: fewer notes a voice can say whole than this: the collection's other points are said instead
MIN_NOTE_BEATS = 2


class Beat(ChannelModel):
    voiceover: str
    on_screen: str = ""


class VideoScript(ChannelModel):
    hook: str
    hook_on_screen: str = ""
    beats: list[Beat] = Field(default_factory=list)
    cta: str


# a question's closing prepositional phrase: "… for your project?", "… with a private link?"
_QUESTION_TAIL_RE = re.compile(r"\s+(?:for|with|without|from|into|in|on|at|across)\s+[^?]*\?$", re.I)


# two questions in one: "What is X and how does Y affect it?"; the first is a question of its own
_SECOND_QUESTION_RE = re.compile(r",?\s+(?:and|or)\s+(?:how|what|why|when|where|which|who)\b[^?]*\?$", re.I)


def _short_question(question: str, limit: int) -> str:
    """A question too long for the hook without its closing prepositional phrase ("How do you find
    users?" of "How do you find users for your project?"), when that leaves at least four words
    within ``limit``, or the first of two joined questions ("What is OEE?" of "What is OEE and how
    does maintenance affect it?"); else "". Only the last part goes: the question stays the page's."""
    second = _SECOND_QUESTION_RE.search(question)
    if second and 3 <= words(question[: second.start()]) <= limit:
        return question[: second.start()].rstrip(" ,") + "?"
    m = _QUESTION_TAIL_RE.search(question)
    if not m:
        return ""
    head = question[: m.start()].rstrip(" ,")
    return head + "?" if 4 <= words(head) <= limit else ""


def _clumsy_question(question: str, title: str) -> bool:
    """A question that would open a video worse than its title: the generic "What should you know
    about …?", one made of a title that opens with an article ("A Note About …"), or one that keeps
    a Title Case title's capitals mid-sentence ("How do you get Started?")."""
    if question.lower().startswith(("what should you know", "cosa sapere")) or re.match(r"(?i)(a|an|the)\s", title):
        return True
    capitals = {w for w in re.findall(r"[A-Za-z][\w'-]*", title)[1:] if w[:1].isupper() and not w.isupper()}
    return any(w in capitals for w in re.findall(r"[A-Za-z][\w'-]*", question)[1:])


# what a voice cannot read: a command's flag ("--cached", ":wq"), an assignment ("designMode = on"), a
# "$" or a backslash of shell and SQL
_COMMAND_RE = re.compile(r"(?:^|\s)(?:--?|:)\w|=|\w\.\w+\(|[$\\]")


def sayable(text: str) -> bool:
    """True for a note a voice can read as written: no markup, address, file name or command."""
    return clean(text) and not URL_RE.search(text) and not _COMMAND_RE.search(text)


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
        rows.append((t, t + d, "cta", value.cta, ctx.shown_url))
        return rows

    def hook_words(self, ctx: ChannelContext) -> int:
        opts = self.options(ctx)
        return int(opts.hook_seconds * opts.words_per_minute / 60)

    def _steps(self, ctx: ChannelContext, budget: float, room: int) -> list[Beat]:
        """The FAQ's numbered steps for the action a how-titled page asks about, one beat a step
        (its words as the FAQ gives them, its number on screen when no short phrase of it fits);
        [] when the page has none or they cannot all be said within ``budget`` seconds and ``room``
        beats: a procedure is said whole or not at all."""
        opts = self.options(ctx)
        pair = how_pair(page_question(ctx), [(qa.question, qa.answer) for qa in ctx.artifacts.faq], STEP_WORDS)
        if pair is None or not ctx.usable(pair[1]):
            return []
        said = [speakable(_STEP_NUMBER_RE.sub("", p)) for p in STEP_SPLIT_RE.split(pair[1])[1:]]
        if not said or len(said) > room or not all(clean(v) for v in said):
            return []
        if sum(self.seconds(v, ctx) for v in said) > budget:
            return []
        return [
            Beat(voiceover=v, on_screen=on_screen_text("", v, opts.on_screen_words) or f"Step {k}")
            for k, v in enumerate(said, 1)
        ]

    def extractive(self, ctx: ChannelContext) -> VideoScript:
        opts = self.options(ctx)
        art = ctx.artifacts
        limit = self.hook_words(ctx)
        # a collection of notes: each beat is a note said whole under its question, and the page has
        # no point of its own to open with (its summary is an outline, then one note's set-up)
        found = [n for n in notes(ctx, NOTE_BEAT_WORDS) if sayable(n.answer)] if is_collection(ctx) else []
        # two or more notes said whole, else the collection's other points (its takeaways)
        for said_notes in [found, []] if len(found) >= MIN_NOTE_BEATS else [[]]:
            point = "" if said_notes else self._point(ctx)
            hook = self._hook(ctx, limit, point)
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
            if is_collection(ctx) and not said_notes:  # a note cut to its first sentence says its set-up
                candidates = [c for c in candidates if c[3] != "faq"]
            if said_notes:
                candidates = [(speakable(n.answer), speakable(n.question), n.order, "faq") for n in said_notes]
            max_words = NOTE_BEAT_WORDS if said_notes else 32
            candidates = [
                (v, lab, o, src)
                for v, lab, o, src in candidates
                if clean(v) and words(v) >= 4 and (not lab or clean(lab))
            ]
            if point and not point.startswith(
                hook.rstrip(".")
            ):  # the hook asked the page's question or said its title: the point comes first
                candidates.insert(0, (point, "", -1.0, "point"))
            seen: set[str] = {hook.lower(), point.lower()} if point.startswith(hook.rstrip(".")) else {hook.lower()}
            chosen: list[tuple[float, Beat]] = []
            if not said_notes and ctx.lang == "en":  # a how-to page's script walks its steps, in order, first
                for step in self._steps(ctx, budget, opts.beats.max - (1 if point else 0)):
                    seen.add(step.voiceover.lower())
                    chosen.append((-0.5 + len(chosen) / 1000, step))
                    budget -= self.seconds(step.voiceover, ctx)
            for voiceover, label, order, source in candidates:
                if len(chosen) >= opts.beats.max or (
                    source not in priority and source != "point" and len(chosen) >= opts.beats.min
                ):
                    break  # the summary and other sentences only fill a page with too few FAQ answers and takeaways
                if (
                    voiceover.lower() in seen
                    or words(voiceover) > max_words
                    or not ctx.usable(voiceover)
                    or (label and not ctx.usable(label))
                ):
                    continue
                d = self.seconds(voiceover, ctx)
                if d > budget:
                    continue
                if said_notes and words(label) > opts.on_screen_words:  # "How do you …?" too long for the screen
                    label = _short_question(label, opts.on_screen_words) or label
                heading = speakable(heading_at(ctx, order))
                on_screen = on_screen_text(label, voiceover, opts.on_screen_words, heading)
                if not on_screen:
                    continue  # no complete phrase fits the screen: another point is said instead
                seen.add(voiceover.lower())
                chosen.append((order, Beat(voiceover=voiceover, on_screen=on_screen)))
                budget -= d
            if len(chosen) >= MIN_NOTE_BEATS or not said_notes:
                break
        beats = [b for _, b in sorted(chosen, key=lambda ob: ob[0])]
        if not beats:
            raise ValueError(
                "no sentence of the page can be read aloud on its own (each has markup, a URL or leans on another)"
            )
        hook_on_screen = (
            on_screen_text("", hook, opts.on_screen_words)
            or short_phrase(ctx.title, opts.on_screen_words)
            or short_phrase(hook, opts.on_screen_words)
        )
        return VideoScript(hook=hook, hook_on_screen=hook_on_screen or hook, beats=beats, cta=cta)

    @staticmethod
    def _point(ctx: ChannelContext) -> str:
        """The page's point as a voice says it: the summary's first sentence that is not its outline
        ("“Title” covers three topics: …") and stands alone; "" when there is none."""
        for sentence in sentences(ctx.artifacts.summary)[:2]:
            if is_outline(sentence):
                continue
            said = speakable(without_note(sentence))
            if said and clean(said) and 4 <= words(said) <= 32 and not refers_to_unseen(said, ctx.lang):
                return said
            break
        return ""

    def _hook(self, ctx: ChannelContext, limit: int, point: str) -> str:
        """What the first seconds say: the page's point when it is short enough to say in them, else
        the question the page answers ("What is funnel analysis?", the point follows as the first
        beat), else the point's opening clause ("Plausible filters out bots"), else the title; never
        a phrase cut mid-way ("Share your stats with a private and…"): a long title is said up to a
        phrase boundary ("Share your stats")."""
        if point and words(point) <= limit:
            return point
        question = page_question(ctx) if ctx.lang == "en" else ""
        # "Billing FAQ" asks "What should you know about billing?": the question a collection's title
        # asks is the page's own, not the generic one a title that says more would be worse than
        if (
            question
            and (is_collection_title(ctx.title) or not _clumsy_question(question, ctx.title))
            and clean(question)
        ):
            question = question if words(question) <= limit else _short_question(question, limit)
            if question:
                return question
        if point:  # its opening clause, or its main clause after a condition ("Promote your own handle")
            plain = " ".join(re.sub(r"\s*\([^()]*\)", "", point).split())  # "(often shortened to …)" is not said
            clause = on_screen_text("", plain, limit)
            if words(clause) >= 3 and not _PRONOUN_RE.match(clause) and not _DEPENDENT_RE.match(clause):
                return clause
        title = re.sub(r"^(how to|come)\s+", "", ctx.title, flags=re.I)
        title = title[:1].upper() + title[1:]
        if clean(title) and words(title) <= limit:
            return title
        uncut = question if question and clean(question) and words(question) <= limit else ""
        return short_phrase(title, limit) or uncut or shorten_words(title, limit)

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
