"""A heading's question adjusted to the answer its section gives, without adding a fact.

Why: the heading alone cannot say what kind of section is under it. "Opening a pull request" is
asked "How do you open a pull request?", but the section may answer when to open one ("You should
usually open a pull request in the following situations: …"); hand grading round 3 graded both
such pairs weak. When the chosen answer opens by saying when the reader should do the very task
the question names, the question becomes "When should you …?", which the answer then answers.

Likewise a handbook's own arrangement: "What is medical insurance?" asks for a dictionary
definition, but a section that opens "Medical insurance is provided through <a plan> …" says how
the organisation provides it (hand grading rounds 2 to 5 graded the pair weak each time); the
question becomes "How is medical insurance provided?", the answer's own verb.
"""

from __future__ import annotations

import re

from .morphology import _inflections

_HOW_YOU = re.compile(r"^How do you (?P<task>[^?]{3,120})\?$")
_WHEN_MARKERS = r"(?:in the following (?:situations|cases|circumstances)|in (?:these|those) (?:situations|cases)|when|whenever|if|once)"
# The start every match of when_question's pattern has: tried first, so the pattern (compiled for
# each question's task) is built only for an opening that can match it (speed, not a rule)
_YOU_SHOULD = re.compile(r"^(?:you|we)\s+(?:should|ought to|may want to|might want to|want to)\s", re.I)


def when_question(question: str, answer: str) -> str | None:
    """'How do you open an issue?' with 'You should usually open an issue in the following
    situations: …' -> 'When should you open an issue?'; else None."""
    m = _HOW_YOU.match(question.strip())
    if m is None:
        return None
    task = m.group("task")
    opening = answer.strip().split(". ")[0]
    if _YOU_SHOULD.match(opening) is None:
        return None
    pattern = (
        r"^(?:you|we)\s+(?:should|ought to|may want to|might want to|want to)\s+(?:usually|only|generally|typically|"
        rf"always|probably)?\s*{re.escape(task)}\b[^.:]{{0,40}}?\b{_WHEN_MARKERS}\b"
    )
    if not re.search(pattern, opening, re.I):
        return None
    return f"When should you {task}?"


_WHAT_IS = re.compile(r"^What (?P<be>is|are) (?P<thing>[^?]{3,80})\?$")
# 'provided through', 'handled by', 'covered via', 'managed with': how something is arranged, not what it is
_ARRANGED = r"(?P<verb>[a-z]{3,}ed)\s+(?:through|via|by|with)\b"
# What every match of arrangement_question's pattern holds after the thing: tried first (speed, as above)
_BE_ARRANGED = {be: re.compile(rf"\s{be}\s+{_ARRANGED}", re.IGNORECASE) for be in ("is", "are")}


def arrangement_question(question: str, answer: str) -> str | None:
    """'What is medical insurance?' with 'In the United States, medical insurance is provided
    through <a plan>. …' -> 'How is medical insurance provided?'; else None."""
    m = _WHAT_IS.match(question.strip())
    if m is None:
        return None
    be, thing = m.group("be"), m.group("thing")
    bare = re.sub(r"^(?:the|a|an)\s+", "", thing, flags=re.IGNORECASE)
    opening = answer.strip().split(". ")[0]
    if _BE_ARRANGED[be].search(opening) is None:
        return None
    pattern = rf"^(?:[^,.]{{0,60}},\s+)?(?:(?:the|our|your)\s+)?{re.escape(bare)}\s+{be}\s+{_ARRANGED}"
    found = re.search(pattern, opening, re.IGNORECASE)
    if found is None:
        return None
    return f"How {be} {thing} {found.group('verb').lower()}?"


_HOW_YOU_VERB = re.compile(r"^How do you (?P<verb>[a-z]{3,}) (?P<thing>[^?]{3,100})\?$")
_HAVE_OTHERS = r"(?:ask|tell|have|get|encourage|invite|require|remind)"


def actor_question(question: str, answer: str) -> str | None:
    """'How do you report accessibility bugs?' with 'Ask reporters to open issues …' -> 'How
    should accessibility bugs be reported?' (the answer has the task's doers do it); else None."""
    m = _HOW_YOU_VERB.match(question.strip())
    if m is None:
        return None
    verb, thing = m.group("verb"), m.group("thing")
    stem = verb[:-1] if verb.endswith("e") else verb
    opening = answer.strip().split(". ")[0]
    if not re.match(rf"^{_HAVE_OTHERS}\s+(?:(?:the|your|all|new)\s+)?{re.escape(stem)}e?(?:r|or)s\b", opening, re.I):
        return None
    participle = _inflections(verb, "VBN")
    if not participle:
        return None
    return f"How should {thing} be {participle[0]}?"
