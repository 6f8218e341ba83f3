"""A heading's question adjusted to the answer its section gives, without adding a fact.

Why: the heading alone cannot say what kind of section is under it. "Opening a pull request" is
asked "How do you open a pull request?", but the section may answer when to open one ("You should
usually open a pull request in the following situations: …"); hand grading round 3 graded both
such pairs weak. When the chosen answer opens by saying when the reader should do the very task
the question names, the question becomes "When should you …?", which the answer then answers.
"""

from __future__ import annotations

import re

_HOW_YOU = re.compile(r"^How do you (?P<task>[^?]{3,120})\?$")
_WHEN_MARKERS = r"(?:in the following (?:situations|cases|circumstances)|in (?:these|those) (?:situations|cases)|when|whenever|if|once)"


def when_question(question: str, answer: str) -> str | None:
    """'How do you open an issue?' with 'You should usually open an issue in the following
    situations: …' -> 'When should you open an issue?'; else None."""
    m = _HOW_YOU.match(question.strip())
    if m is None:
        return None
    task = m.group("task")
    opening = answer.strip().split(". ")[0]
    pattern = (
        r"^(?:you|we)\s+(?:should|ought to|may want to|might want to|want to)\s+(?:usually|only|generally|typically|"
        rf"always|probably)?\s*{re.escape(task)}\b[^.:]{{0,40}}?\b{_WHEN_MARKERS}\b"
    )
    if not re.search(pattern, opening, re.I):
        return None
    return f"When should you {task}?"
