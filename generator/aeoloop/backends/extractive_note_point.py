"""The point of a one-note page: the sentence that says what the note shows how to do or found.

A short page with no sections of its own (a note whose title is its only heading) often opens with
the writer's situation ("I have a container that …", "Generally when we …", "If you have been using
… for a while, …") and makes its point later, in the sentence that answers its title ("We can make a
block of text keep its line breaks by adding two properties."). A summary that quotes the opening
run gives the set-up; this module finds the point so the summary can start there instead.

Kept apart from :mod:`extractive_summary` because it is one rule with its own shapes, used after
that module's choice (which stays the judge on every other page).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..page import Page
from ..quality import check_summary, key_terms
from ..quality.contract_rules import Limits
from ..quality.not_a_way import vague_announcement
from ..quality.read_alone import counts_without_items
from ..text import count_words, split_sentences
from .extractive_pool import Sent

# A one-note page is short: longer pages without headings are articles, whose opening frames them.
_NOTE_WORDS = 450

# The writer's situation or habit before the point: "I have …", "I sometimes …", "My file …",
# "Generally when …", "Typically …", "When working with …", "If you've been using … for a while".
# "I can …", "We can …", "I use …" make the point in the first person and are not set-ups.
_NOTE_SETUP = re.compile(
    r"^(?:(?:i|we)(?:'ve|’ve|'m|’m)?\s+(?!can\b|could\b|will\b|use\b|used\b|need\b|have to\b)\w+|my|our)\b|"
    r"^(?:generally|typically|usually|normally|often|sometimes|occasionally|most of the time|in the past|recently)\b|"
    r"^(?:when|while|if|as)\s+(?:(?:you|we|i)(?:'ve|’ve|'re|’re|\s+have|\s+are)?\s+(?:been\s+)?)?\w+ing\b|"
    r"^there\s+(?:are|is)\s+(?:a\s+(?:lot|ton|bunch|number|couple|few)|many|lots|several|plenty)\b",
    re.I,
)
# What a point sentence does: it says what can be done ("We can …", "… can be set with …") or how
# ("by adding …", "using …", "with the --patch flag").
_POINT = re.compile(
    r"\b(?:can|could|lets?|allows?|enables?|makes? it (?:easy|possible)|provides?)\b|"
    r"\bby\s+\w+ing\b|\busing\s|\bvia\s|\bwith\s+(?:the\s+|a\s+|an\s+)?[\w./-]+\s+"
    r"(?:command|flag|option|function|method|operator|keyword|setting|property|argument|tool|utility|plugin)\b",
    re.I,
)
# "We can …", "… can be …": the note says what the reader can do, the surest sign of its point.
_CAN = re.compile(r"\b(?:you|we|i|one)\s+can\b|\bcan\s+be\b", re.I)
# "… clean up that noise by …", "… avoid these by …": a thing named in a sentence before the point.
_NAMED_BEFORE = re.compile(
    r"\b(?:this|these|those|such)\b|\bthat\s+[a-z]+(?:\s*[.,;!]|\s+(?:by|with|using|in|from|to|for)\b)|"
    r"\b(?:about|with|for|on|of|in|to|do|use|run|call)\s+(?:it|them)\b|"
    # "I showed how …", "we tried …": the writer's story of an earlier step
    r"\b(?:i|we)\s+(?!can\b|could\b|need\b)[a-z]+ed\b",
    re.I,
)
# A note's sentence that leans on the one before it or on its code when it opens the summary:
# "Notice that …", "If so, …", "But what if …", "If instead you want …", "What is powering this …".
_LEANS_BACK = re.compile(
    r"^(?:(?:notice|note that|but|and|so|if so|if not|otherwise|instead|if instead|in (?:this|that) case|"
    r"(?:i|we)(?:'ll|’ll|\s+will|\s+would)|what (?:is|'s) (?:powering|happening|going on|doing)|the (?:below|above))\b|"
    r"note:|a (?:much|far) (?:more|less)\b[^.]*\.)",
    re.I,
)


def one_note(page: Page) -> bool:
    """Whether ``page`` is one short note: no heading below its title (an H1 is the title written
    as a heading) and at most a few hundred words of prose."""
    if any(s.heading is not None and s.level > 1 for s in page.sections):
        return False
    prose = sum(count_words(b.text) for s in page.sections for b in s.blocks if b.kind in ("paragraph", "list"))
    return 0 < prose <= _NOTE_WORDS


def note_setup(text: str) -> bool:
    """Whether ``text`` gives the writer's situation or habit rather than a point (see :data:`_NOTE_SETUP`)."""
    return bool(_NOTE_SETUP.match(text.strip().lstrip("\"'“‘(*_ ")))


def _reads_alone(text: str, title: str, lang: str, limits: Limits) -> bool:
    """A sentence a summary may open with: the contract finds nothing but its length, and it does
    not count ways or kinds it never gives ("There are a few ways to …")."""
    loose = replace(limits, summary_min=1, summary_max=max(limits.summary_max, 200))
    found = check_summary(text, title=title, lang=lang, limits=loose)
    return not found and not counts_without_items(text) and not vague_announcement(text)


def point_indexes(pool: list[Sent], title: str, lang: str, limits: Limits) -> list[int]:
    """The indexes in ``pool`` of the sentences that may make the note's point, best first: those
    that share words with the title or say what the reader can do, say what can be done or how, read
    alone, and are not a set-up, a list item or a lead-in to code (a trailing colon); more shared
    words first, "… can …" before the rest, earlier on a tie."""
    if lang != "en":
        return []
    wanted = key_terms(title, lang)
    scored: list[tuple[float, int]] = []
    for i, s in enumerate(pool):
        text = s.text
        if (
            s.item is not None
            or text.endswith((":", "?"))
            or note_setup(text)
            or _NAMED_BEFORE.search(text)
            or _LEANS_BACK.match(text)
        ):
            continue
        shared = len(key_terms(text, lang) & wanted)
        can = bool(_CAN.search(text))
        if not (shared or can) or not _POINT.search(text) or not _reads_alone(text, title, lang, limits):
            continue
        scored.append((shared + (1.5 if can else 0.0) - 0.05 * i, i))
    return [i for _, i in sorted(scored, key=lambda x: (-x[0], x[1]))]


def point_run(pool: list[Sent], start: int, hi: int, title: str, lang: str, limits: Limits) -> str:
    """The point and the sentences after it in its own paragraph that read alone, up to ``hi``
    words: how the note does it, never the set-up before it nor what a code block shows after."""
    run = [pool[start].text]
    total = pool[start].words
    for s in pool[start + 1 :]:
        if s.block != pool[start].block or s.item is not None or total + s.words > hi:
            break
        candidate = " ".join([*run, s.text])
        if note_setup(s.text) or check_summary(
            candidate, title=title, lang=lang, limits=replace(limits, summary_min=1)
        ):
            break
        run.append(s.text)
        total += s.words
    return " ".join(run)


# "… file. in your config file.": the end of a sentence a code block interrupted, read as part of the
# sentence before it (a lower-case preposition or conjunction after a full stop).
_FRAGMENT = re.compile(r"(?<=[.!?])\s+(?:in|on|at|to|into|from|with|for|of|and|or|then|which|that|so)\s")


def without_fragments(summary: str) -> str:
    """``summary`` up to the rest of a sentence a code block cut in two ("… include:", the code, "in
    your config file."), which read after the sentence before it says nothing."""
    m = _FRAGMENT.search(summary)
    return summary[: m.start()] if m else summary


def opening_fault(summary: str, title: str, lang: str, limits: Limits) -> str | None:
    """What is wrong with the sentence ``summary`` opens with, or None: "empty"; "setup", the note's
    set-up (:func:`note_setup`), true but not its point; "leans", a sentence that leans on the one
    before it ("Notice that …", "If so, …", "But what if …") or that the contract finds a fault in
    for what it leans on (not for its length or a missing title word), which misleads read alone."""
    first = (split_sentences(summary) or [""])[0].strip()
    if not first:
        return "empty"
    loose = replace(limits, summary_min=1, summary_max=max(limits.summary_max, 200))
    found = {f.rule for f in check_summary(summary, title=title, lang=lang, limits=loose)}
    if _LEANS_BACK.match(first.lstrip("\"'“‘(*_ ")) or found & {"unseen-reference", "setup", "page-position"}:
        return "leans"
    return "setup" if note_setup(first) else None
