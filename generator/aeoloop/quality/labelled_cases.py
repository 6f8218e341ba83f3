"""Labelled cases: does an answer give every case of a section written as labelled cases, or one?

Why: hand grading round 6 (bench/RESULTS-quality.md, plausible patterns A and C) found
troubleshooting and "Why do my numbers differ …?" sections written as bold-labelled cases answered
with one case, its label dropped (it reads as the general answer), or with an opening line that
only announces the cases. Apart from :mod:`coverage` because it judges against the cases the
extractive backend reads from the page's source (:mod:`aeoloop.backends.extractive_cases`), not
against what follows the answer. English only: the markers are English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import split_sentences, words
from .announced_parts import asks_parts
from .answering import answers_how, is_how_question


@dataclass(frozen=True)
class Case:
    """One labelled case of a section (a bold line over a paragraph, or a list item that opens with a
    bold label): the label as written and the first sentence of what the case says ("" when the
    case goes on in a list or code, which no one sentence gives)."""

    label: str
    first: str


def _plain(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("**", "").replace("`", "").split())


def _tokens(text: str) -> list[str]:
    return [w.casefold() for w in words(_plain(text))]


def _has_run(needle: list[str], hay: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


# "… because …", "… so the counts differ", "… due to …": a sentence that gives a reason itself.
_REASON = re.compile(
    r"\b(?:because|since|due to|owing to|caused by|as a result|the reason|that's why|which is why|so that)\b|,\s*so\b",
    re.I,
)


def leads_into(answer: str, question: str) -> bool:
    """True when an answer that ends right before labelled cases only announces them: to "How …?" it
    gives no way (no sentence says how: "Setting it up takes six steps."), to "Why …?" no reason ("Gaps
    between the two tools are common."). Then the cases are the answer, colon or not. An answer that
    gives a way or a reason of its own ("Mount each sensor on the housing.") stands before its cases."""
    sentences = split_sentences(answer) or [answer]
    if asks_parts(question):
        return True  # "What should you expect …?", "How does X differ …?": the cases are the parts asked
    if is_how_question(question):
        return not any(answers_how(s, question) for s in sentences)
    if re.match(r"^why\b", question.strip(), re.I):
        return not _REASON.search(answer)
    return False


def cases_left_out(answer: str, cases: Sequence[Case]) -> tuple[str, ...]:
    """The labelled cases of a section an answer does not give, when there are two or more ("**Numbers
    are lower**" and "**Numbers are higher**" under "Troubleshooting", or a list of bold-labelled
    reasons): one case given without its label reads as the general answer, and an opening line with no
    case gives none. A case is given when its label or its first sentence's last words are in the
    answer. The labels of the cases left out; () when every case is given (or there are fewer than two)."""
    if len(cases) < 2:
        return ()
    toks = _tokens(answer)
    missing = tuple(
        c.label
        for c in cases
        if not _has_run(_tokens(c.label)[:8], toks) and not (c.first and _has_run(_tokens(c.first)[-6:], toks))
    )
    return missing
