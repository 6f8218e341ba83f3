"""What the channels of a collection of notes say: the collection's outline and its notes that read
alone, each under its own question.

A page made of short independent entries (:func:`aeoloop.quality.outlines.short_entries`: a
category page of notes, a page of rituals) has no point of its own. Its summary is an outline
("“Git notes” covers 26 topics, among them …"), and a sentence taken from one note without its
heading is that note's set-up ("My config file has some local changes."), not what the reader of a
post or a beat can use. Round 8 read the answer engine's reply of all five folded notes pages as
wrong (one note's opening under "What are the git notes?") and their threads and videos as strings
of set-ups. So a collection is said as an editor would: what it covers, then a few notes whole,
each under the question the FAQ asks of it. A note whose answer is too long to give whole is not
cut to its first sentences (they are the set-up); it is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ... import answer_code
from ...quality.outlines import short_entries
from .context import ChannelContext
from .limits import sentences, words
from .places import faq_order
from .points import META_RE, POINTS_AT_RE, leans_on_unseen, not_a_point, without_note

#: the longest note answer a channel gives whole (a post of 280 characters holds about 45 words)
NOTE_MAX_WORDS = 45

_OUTLINE_RE = re.compile(r"^(?P<head>“[^”]+” covers (?P<count>\w+) topics)(?::|, among them) (?P<items>.+)\.$")


@dataclass(frozen=True)
class Note:
    """One entry of a collection: the question the FAQ asks of it and its whole answer."""

    question: str
    answer: str
    order: float

    def text(self) -> str:
        """The note as a post or a key fact says it: "How do you …? The answer."."""
        return f"{self.question} {self.answer}"


def is_collection(ctx: ChannelContext) -> bool:
    """True for an English page of short independent entries with no opening of its own."""
    return ctx.lang == "en" and short_entries(ctx.page)


def notes(ctx: ChannelContext, max_words: int = NOTE_MAX_WORDS) -> list[Note]:
    """The collection's notes that read alone under their questions, in page order: FAQ pairs whose
    whole answer fits ``max_words`` words, has no code block, and neither leans on text before it
    ("This …", "the steps above"), points elsewhere ("See the … page") nor is a view or a result out of
    its procedure."""
    out: list[Note] = []
    points_at = POINTS_AT_RE.get(ctx.lang, POINTS_AT_RE["en"])
    for i, qa in enumerate(ctx.artifacts.faq):
        if answer_code.has_code(qa.answer) or not ctx.usable(qa.question):
            continue
        answer = without_note(" ".join(sentences(qa.answer)))
        if (
            not answer
            or words(answer) > max_words
            or not ctx.usable(answer)
            or leans_on_unseen(answer, ctx.lang)
            or points_at.search(answer)
            or META_RE.search(answer)  # "See the metrics page for …": a pointer, not the note
            or not_a_point(answer, alone=False)
        ):
            continue
        out.append(Note(qa.question, answer, faq_order(ctx, i)))
    return sorted(out, key=lambda n: n.order)


def outline_within(summary: str, max_words: int) -> str:
    """The summary's outline ("“T” covers N topics: “A”, “B” and “C”.") within ``max_words`` words:
    as written when it fits, else with as many of its topics as fit ("…, among them “A” and “B”.");
    "" when the summary does not open with an outline or not two topics fit."""
    first = (sentences(summary) or [""])[0]
    m = _OUTLINE_RE.match(first.strip())
    if m is None:
        return ""
    if words(first) <= max_words:
        return first
    items = re.findall(r"“[^”]+”", m.group("items"))
    for k in range(len(items) - 1, 1, -1):
        shown = ", ".join(items[: k - 1]) + " and " + items[k - 1]
        text = f"{m.group('head')}, among them {shown}."
        if words(text) <= max_words:
            return text
    return ""
