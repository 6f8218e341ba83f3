"""A how-answer that links out for its way: it names the way, or says there is one, and sends the reader to
another page ("You can learn more about …", "Take a look at our guide …") without a step of its own.

Why: hand grading round 8 (bench/RESULTS-quality.md) graded weak "you can use our testing tool to verify …
Take a look at our guide to troubleshooting …" and "You can invite team members … You can learn more about
user accounts and levels." under "How do you …?": the how was on the page the dropped link led to. Apart from
:mod:`.answering` (its size) but built from its shapes of a way; the contract asks it after the how check.
English only.
"""

from __future__ import annotations

import re

from ..text import split_sentences
from .answering import (
    _CODE_INSTRUMENT,
    _LEADING_CLAUSE,
    _NAMED_TOOL,
    _PASSIVE_WAY,
    _QUOTED_CODE,
    _WHERE_TO_ACT,
    _imperative,
)
from .not_a_way import LINK_OUT, passive_way

# "You can learn more about user roles.", "Take a look at our guide to …", "See the docs …": the reader is
# sent elsewhere (the link itself is not in the answer).
_ELSEWHERE = re.compile(r"^(?:you can|you may|feel free to)\s+(?:also\s+)?(?:learn|read|find out)\s+more\b", re.I)


def _sends_elsewhere(sentence: str) -> bool:
    text = " ".join(sentence.replace("**", "").replace("`", "").split())
    return bool(LINK_OUT.match(text) or _ELSEWHERE.match(text))


def concrete_way(sentence: str) -> bool:
    """A sentence that gives a way the reader can follow from the answer alone: an instruction (after a
    leading clause or a colon too), where to act ("go to …", "click …"), code or an instrument ("by adding
    …", "with the J command", "can be set in …"), a named tool ("use the X plugin"). Not "you can invite
    members" nor "The easiest way is to …" alone: those say that a way exists, or name it."""
    text = " ".join(sentence.replace("**", "").replace("`", "").split())
    if not text or text.endswith("?") or _sends_elsewhere(text):
        return False
    rest = _LEADING_CLAUSE.sub("", text, count=1)
    parts = [text, rest[:1].upper() + rest[1:], *(p[:1].upper() + p[1:] for p in re.split(r"[:;]\s+", text)[1:])]
    return (
        any(_imperative(p) for p in parts if p)
        or "```" in sentence
        or bool(_WHERE_TO_ACT.search(text) or _CODE_INSTRUMENT.search(text) or _QUOTED_CODE.search(text))
        or passive_way(text, _PASSIVE_WAY)
        or bool(_NAMED_TOOL.search(text))
        or bool(re.search(r"\b(?:by|via)\s+(?:\w+ly\s+)?[a-z]+ing\b", text, re.I))
    )


def links_out_for_the_way(answer: str) -> bool:
    """A how-answer that sends the reader elsewhere ("You can learn more about …", "Take a look at our
    guide …") and gives no way to follow itself: it says that a way exists or names it ("you can use our
    testing tool to verify …"), and the how is on the page it pointed to (hand grading round 8: graded weak
    as a how that only names the way or links out)."""
    sentences = split_sentences(answer) or [answer]
    return any(_sends_elsewhere(s) for s in sentences) and not any(concrete_way(s) for s in sentences)


def links_out_problem(answer: str) -> str | None:
    """The how-answer failure when ``answer`` links out for its way (see :func:`links_out_for_the_way`)."""
    if not links_out_for_the_way(answer):
        return None
    return (
        "names the way or says that there is one and sends the reader elsewhere for it; give the steps "
        "(what to click, run or set), or leave the question to the page it points to"
    )
