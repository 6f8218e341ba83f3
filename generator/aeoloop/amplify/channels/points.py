"""The points a page makes, in page order, each one a sentence that stands on its own.

Channels cut a page into pieces read out of context (a post of a thread, a slide, a beat of a
video), so a piece must not lean on text its reader cannot see ("This means…", "The above…",
"As mentioned…"), and it must not carry markup or addresses a voice would read aloud. The
extractive builders take their material from here: the page's summary, FAQ answers and
takeaways, ordered as the page orders them, without duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ... import answer_code
from ...quality import check_item
from ...quality.outlines import short_entries
from ...quality.read_alone import check_problem, procedure_problem
from .context import ChannelContext
from .limits import sentences, words
from .places import faq_order, line_of, plain

# an opening that points at text the reader of one post, slide or beat does not have
LEANS_RE = {
    "en": re.compile(
        r"^((each|both|either|neither) (of|one|is|are|has|have|can|will|[a-z]+s\b)|"
        r"this|these|that|those|it|its|they|them|their|such|here|also|however|but|and|so|then|"
        r"another|other|instead|otherwise|thus|hence|therefore|likewise|similarly|again|finally|next|first|second|"
        r"the (above|following|former|latter|same|rest)|as (mentioned|described|shown|noted|explained|seen)|"
        r"(see|read) (above|below)|below|above|in (this|that|these) (case|way|step|section|example))\b",
        re.I,
    ),
    "it": re.compile(
        r"^(questo|questa|questi|queste|ciò|quello|quella|inoltre|però|ma|e|quindi|anche|entrambi|invece|qui|"
        r"poi|infine|come (detto|visto|descritto)|(il|la|i|le) (seguente|seguenti|precedente|precedenti))\b",
        re.I,
    ),
}
# what a voice must not read aloud or a post must not show as raw markup
MARKUP_RE = re.compile(
    r"[`<>{}\[\]|*#_\\]|\]\(|\(\s*/|https?://|www\.|\b[\w-]+\.(com|org|net|io|md|html?|php|ya?ml|json)\b", re.I
)
# a sentence that points elsewhere instead of saying something ("described in the article on…")
META_RE = re.compile(
    r"\b(described|explained|covered|discussed|detailed) (in|on)\b|"
    r"\b(see|read) (the|our|this) ([\w-]+ ){0,3}(article|guide|page|section|docs?|documentation|post|tutorial|chapter|blog)\b|"
    r"\bclick\b|"
    r"\b(?:learn|read) more\b|\b(article|guide|page|section|chapter) (on|about|below|above)\b|\b(vedi|leggi|scopri)\b",
    re.I,
)
PAREN_PATH_RE = re.compile(r"\s*\((?:\s*(?:/[^\s()]*|https?://[^\s()]+)\s*,?)+\)")
URL_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.I)


# a reference inside the sentence to text around it ("run through these steps", "the process above")
POINTS_AT_RE = {
    "en": re.compile(
        r"\b(these|those|the following|the above|the previous|the next) (steps?|instructions?|settings?|options?|examples?|"
        r"process|section|list|table|commands?|methods?|screenshots?|images?|points?)\b"
        r"|\bthe (steps?|process|instructions?|section|example|table|list|command|screenshot|image) (above|below)\b"
        r"|\b(shown|described|explained|listed|mentioned) (above|below|earlier|previously)\b|\bas follows\b",
        re.I,
    ),
    "it": re.compile(
        r"\b(questi|queste|seguenti|precedenti) (passaggi|passi|istruzioni|impostazioni|opzioni|esempi)\b"
        r"|\b(sopra|sotto) (indicat|descritt|riportat)\w*",
        re.I,
    ),
}


# the outline a summary may open with ("“Title” covers three topics: “A”, “B” and “C”."): a table of
# contents, not a point a post, a beat or an answer engine can say
OUTLINE_RE = re.compile(r"^“[^”]+” covers \w+ topics\b")
# a view the page reports in order to answer it ("Some teams think every change needs a review."), or
# the writer's hope about what the reader did before: not the page's point when read alone
REPORTED_RE = re.compile(
    r"^(?:(?:some|many|a lot of) (?:\w+ ){0,2}(?:think|believe|argue|assume|feel|say|claim)s?\b|hopefully\b)", re.I
)
# the first step of a procedure given as a point ("To prune a tree, start by finding the leader"): the
# steps after it are not posted with it
FIRST_STEP_RE = re.compile(r"^(?:to [^,]{3,80}, (?:start|begin) (?:by|with)|(?:start|begin) by)\b", re.I)


def not_a_point(text: str, *, alone: bool = True) -> bool:
    """A view the page reports to answer it, the writer's hope, or a procedure's first step alone;
    ``alone`` (a post, a fact, a "Key takeaways" slide, not an answer under its question): also a
    result or a step out of its procedure, or a list of names without its question
    (:func:`~aeoloop.quality.read_alone.procedure_problem`)."""
    return bool(REPORTED_RE.match(text) or FIRST_STEP_RE.match(text) or (alone and procedure_problem(text)))


# "Note that the button shows …": the aside's marker, which a post or a beat reads without
NOTE_RE = re.compile(r"^(?:please )?note that\s+(?=[A-Za-z\"“0-9])", re.I)


def is_outline(sentence: str) -> bool:
    """True for the summary's outline sentence ("“Title” covers N topics: …")."""
    return bool(OUTLINE_RE.match(sentence.strip()))


def without_note(text: str) -> str:
    """The sentence without a leading "Note that": "The button shows …"."""
    m = NOTE_RE.match(text)
    if not m:
        return text
    rest = text[m.end() :]
    return rest[:1].upper() + rest[1:]


_ALONE_RULES = frozenset({"unseen-reference", "page-position", "setup", "bare-instruction", "fragment"})


def leans_on_unseen(text: str, lang: str) -> bool:
    """True when the text opens with a reference to something said before it."""
    pattern = LEANS_RE.get(lang, LEANS_RE["en"])
    return bool(pattern.match(text.strip().lstrip("\"'“(")))


@lru_cache(maxsize=16384)
def refers_to_unseen(text: str, lang: str) -> bool:
    """True when the text leans on text its reader does not have: at its opening ("This…") or
    inside it ("run through these steps", "the process above"). Memoised: every channel of a page
    asks it of the same sentences (a pure function of the text and the language)."""
    points_at = POINTS_AT_RE.get(lang, POINTS_AT_RE["en"])
    if leans_on_unseen(text, lang) or points_at.search(text):
        return True
    # the quality contract's rules for a unit read alone (a scenario, "Mark it down for subsequent
    # steps.", "You can sort your sites too.", a step without its goal)
    return any(f.rule in _ALONE_RULES for f in check_item(text, lang=lang))


def stands_alone(text: str, lang: str, *, from_page: bool = False) -> bool:
    """True when a candidate point passes the tests :func:`page_points` asks of its text alone: no
    hashtag, pointer elsewhere, reported view or first step, no result out of its procedure, no
    lead-in or question, nothing leaning on text the reader does not have; one from the page's
    prose (``from_page``) also free of markup. (Memoised: a page's channels ask for its points with
    two or three sets of arguments, over the same candidates.)"""
    return _stands_alone(text, lang, from_page)


@lru_cache(maxsize=8192)
def _stands_alone(text: str, lang: str, from_page: bool) -> bool:
    return not (  # (the costly one last: the quality contract's read-alone rules)
        HASHTAG_RE.search(text)
        or META_RE.search(text)
        or REPORTED_RE.match(text)
        or FIRST_STEP_RE.match(text)
        or (lang == "en" and procedure_problem(text))
        or text.endswith((":", "?"))
        or (from_page and not clean(text))
        or refers_to_unseen(text, lang)
    )


@lru_cache(maxsize=4096)
def speakable(text: str) -> str:
    """The text as a voice says it: "(/pricing)" and URLs dropped, markup characters removed.
    Memoised: the video script asks it of the same points again (a pure function of the text)."""
    out = PAREN_PATH_RE.sub("", text)
    out = URL_RE.sub("", out)
    out = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", out)
    out = re.sub(r"[`*_#<>{}\[\]|\\]", "", out)
    out = re.sub(r"\(\s*\)", "", out)
    out = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(out.split()))
    return out.strip()


def clean(text: str) -> bool:
    """No markup, address or file name left: a sentence fit to show or say as it is."""
    return not MARKUP_RE.search(text)


# "Four steps: 1) Open …", "Three ways:": an answer that counts or opens its items in the first sentence
LIST_LEAD_RE = re.compile(r"(?:^|\s)1[.)]\s|:\s*$|^\w+ (?:steps|ways|options|things|reasons|cases)\b", re.I)


def answer_lead(answer: str, max_words: int) -> str:
    """What a post, slide or beat can say of an FAQ answer: its first sentence, or, when that sentence
    opens a list or a procedure ("Four steps: 1) …", "… the following:"), the whole answer if it fits
    in ``max_words`` words, else "". A list cut to its first item announces what it does not give."""
    parts = sentences(answer)
    if not parts:
        return ""
    if LIST_LEAD_RE.search(parts[0]) and len(parts) > 1:
        whole = " ".join(parts)
        return whole if words(whole) <= max_words else ""
    return parts[0]


# a sentence about a figure the slide cannot show: "The table lists the patterns …"
_FIGURE_RE = re.compile(r"^(?:the|this|that)\s+(?:table|diagram|figure|screenshot|image|picture|snippet|code)\b", re.I)


def answer_run(answer: str, max_words: int, lang: str = "en") -> str:
    """An FAQ answer as a slide says it: :func:`answer_lead`, then the answer's next sentences while
    they fit ``max_words`` words, up to one that points elsewhere ("See …", a URL), has markup or is
    the writer's aside ("Hopefully …"). A slide of the
    answer's first sentence alone reads as a stray line ("How do I change my VAT number?" answered by
    "Paddle does not allow editing it." and not what to do instead; round 8's carousels)."""
    lead = answer_lead(answer, max_words)
    parts = sentences(answer)
    if not lead or not parts or lead != parts[0]:
        return lead  # a list or a procedure given whole (or not at all)
    out = [lead]
    for part in parts[1:]:
        if REPORTED_RE.match(part):
            continue  # "Hopefully you …": the writer's aside, which the slide leaves out
        if (
            META_RE.search(part)
            or _FIGURE_RE.match(part)
            or refers_to_unseen(part, lang)  # "It …", "the steps above": read out of the answer's order
            or not clean(part)  # a path, an asterisk, code: the slide shows the sentence as it is
            or words(" ".join([*out, part])) > max_words
        ):
            break
        out.append(part)
    return " ".join(out)


def with_its_question(question: str, lead: str, lang: str) -> str:
    """A lead that is a check from a troubleshooting list ("Check whether …") under its question, so
    the post or beat says the problem it fixes; "" when the lead leans on the page for more than its
    problem (a "This…", "the steps above")."""
    if not question or check_problem(lead) is None or leans_on_unseen(lead, lang):
        return ""
    points_at = POINTS_AT_RE.get(lang, POINTS_AT_RE["en"])
    if points_at.search(lead):
        return ""
    return f"{question} {lead}"


@dataclass(frozen=True)
class Point:
    text: str
    order: float  # where the page says it (source line; the summary is the opening)
    label: str = ""  # the question it answers, when it comes from the FAQ
    source: str = ""  # summary | faq | takeaway


# a page's aside or teaser read alone: an exclamation ("Welcome aboard!"), "X is not enough." (what is
# enough comes after it)
TEASER_RE = re.compile(r"!$|\b(?:is|are)(?: not|n't|n’t) enough\.$", re.I)
TERMINAL_RE = re.compile(r"[.!?…][\"'”’)]*$")
HASHTAG_RE = re.compile(r"(^|\s)#\w")


def _prose_sentences(ctx: ChannelContext) -> Iterator[Point]:
    """Whole sentences of the page's paragraphs, with their source lines, in page order; made as
    they are read (the fill takes the first few that stand alone, not the whole page's)."""
    for section in ctx.page.sections:
        for block in section.blocks:
            # a list's item is a step of a procedure or an example under a lead-in the post does not
            # show ("An occasional speaking gig, free or paid."): only paragraphs fill in
            if block.kind != "paragraph":
                continue
            for s in sentences(block.text):
                if TERMINAL_RE.search(s) and not TEASER_RE.search(s):
                    yield Point(without_note(plain(s)), float(block.line) + 0.5, "", "page")


def _in_page_order(ctx: ChannelContext) -> bool:
    """True when the page's paragraphs come with non-decreasing source lines (always, for a page read
    from one file): then :func:`_prose_sentences` gives its points already sorted as ``select`` sorts
    them (by line; all from the page), and the fill may stop reading at the points it keeps."""
    lines = [b.line for section in ctx.page.sections for b in section.blocks if b.kind == "paragraph"]
    return all(a <= b for a, b in zip(lines, lines[1:]))


def page_points(ctx: ChannelContext, *, max_words: int = 40, with_summary: bool = True, fill: int = 6) -> list[Point]:
    """Every self-contained point of the page in page order, without repeats.

    The summary, FAQ answers and takeaways come first; when they give fewer than ``fill`` points
    (a short note has no sections to take them from), the page's other whole sentences that stand
    on their own fill in, still in page order.

    Kept on the context by the arguments and ``ctx.avoid`` (the page and its artifacts are the
    context's): a page's channels ask for them up to eight times, a third of them repeats."""
    key = ("page_points", max_words, with_summary, fill, frozenset(ctx.avoid))
    kept = ctx.kept.get(key)
    if kept is not None and kept[0] is ctx.page and kept[1] is ctx.artifacts:
        return list(kept[2])
    out = _page_points(ctx, max_words=max_words, with_summary=with_summary, fill=fill)
    ctx.kept[key] = (ctx.page, ctx.artifacts, tuple(out))
    return out


def _page_points(ctx: ChannelContext, *, max_words: int, with_summary: bool, fill: int) -> list[Point]:
    art = ctx.artifacts
    lang = ctx.lang
    found: list[Point] = []
    if with_summary:
        for i, s in enumerate(sentences(art.summary)):
            if not is_outline(s):
                found.append(Point(s, i / 100, "", "summary"))
    for i, qa in enumerate(art.faq):
        if answer_code.has_code(qa.answer):
            continue  # its substance is a code block, which a post or a slide cannot show
        first = answer_lead(qa.answer, max_words)
        if not first:
            continue  # a list or a procedure longer than an item: cut to its first step it misleads
        if refers_to_unseen(first, lang):
            first = with_its_question(qa.question, first, lang) or first  # "Why …? Check whether …"
        elif lang == "en" and procedure_problem(first):
            first = f"{qa.question} {first}"  # "What payment methods do you accept? Credit/debit card, …"
        found.append(Point(without_note(first), faq_order(ctx, i), qa.question, "faq"))
    for t in art.takeaways:
        found.append(Point(without_note(t), line_of(ctx, t), "", "takeaway"))
    summary = " ".join(art.summary.lower().split())

    def select(
        candidates: Iterable[Point], seen: set[str], limit: int | None = None, *, in_order: bool = False
    ) -> list[Point]:
        """The candidates that pass, in page order; the first ``limit`` of them only (the tests
        are pure: stopping there gives the same first ones). ``in_order``: the candidates come
        sorted already, and are read only up to the last one kept."""
        chosen: list[Point] = []
        ordered = candidates if in_order else sorted(candidates, key=lambda p: (p.order, p.source != "faq"))
        for p in ordered:
            if limit is not None and len(chosen) >= limit:
                break
            key = " ".join(p.text.lower().split())
            if (  # (pure tests: what this call asks first, then the text's own verdict, kept)
                not key
                or key in seen
                or not ctx.usable(p.text)
                or not 4 <= words(p.text) <= max_words
                or (p.source == "page" and key in summary and not with_summary)
                or not stands_alone(p.text, lang, from_page=p.source == "page")
            ):
                continue
            seen.add(key)
            chosen.append(p)
        return chosen

    seen: set[str] = set()
    out = select(found, seen)
    if lang == "en" and short_entries(ctx.page):
        fill = 0  # a collection of notes: a sentence of a note read without its heading is its set-up
    if len(out) < fill:
        extra = select(_prose_sentences(ctx), seen, limit=fill - len(out), in_order=_in_page_order(ctx))
        out = sorted(out + extra, key=lambda p: p.order)
    return out
