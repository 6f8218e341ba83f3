"""``when_question`` and ``arrangement_question`` try a precompiled necessary start before they
compile their per-question pattern (speed): they answer exactly as the code before, kept here as
the reference, on generated questions and answers."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.amplify.questions.answer_fit import arrangement_question, when_question

_HOW_YOU = re.compile(r"^How do you (?P<task>[^?]{3,120})\?$")
_WHEN_MARKERS = r"(?:in the following (?:situations|cases|circumstances)|in (?:these|those) (?:situations|cases)|when|whenever|if|once)"
_WHAT_IS = re.compile(r"^What (?P<be>is|are) (?P<thing>[^?]{3,80})\?$")
_ARRANGED = r"(?P<verb>[a-z]{3,}ed)\s+(?:through|via|by|with)\b"


def reference_when(question: str, answer: str) -> str | None:
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


def reference_arrangement(question: str, answer: str) -> str | None:
    m = _WHAT_IS.match(question.strip())
    if m is None:
        return None
    be, thing = m.group("be"), m.group("thing")
    bare = re.sub(r"^(?:the|a|an)\s+", "", thing, flags=re.IGNORECASE)
    opening = answer.strip().split(". ")[0]
    pattern = rf"^(?:[^,.]{{0,60}},\s+)?(?:(?:the|our|your)\s+)?{re.escape(bare)}\s+{be}\s+{_ARRANGED}"
    found = re.search(pattern, opening, re.IGNORECASE)
    if found is None:
        return None
    return f"How {be} {thing} {found.group('verb').lower()}?"


WORDS = [
    "you",
    "You",
    "we",
    "WE",
    "should",
    "ought to",
    "may want to",
    "might want to",
    "want to",
    "usually",
    "open",
    "an",
    "issue",
    "pull request",
    "in the following situations",
    "when",
    "if",
    "once",
    "whenever",
    "the",
    "our",
    "medical",
    "insurance",
    "is",
    "are",
    "IS",
    "provided",
    "handled",
    "through",
    "via",
    "by",
    "with",
    "In the United States,",
    "plan",
    "Provided",
    ".",
    ":",
    ",",
    "\t",
    "\n",
    "ſ",
    "K",
    "is\u00a0",
]
TASKS = ["open an issue", "open a pull request", "file a bug", "a.b (c)", "use  it"]
THINGS = ["medical insurance", "the plan", "an issue", "Insurance", "it", "ſick leave"]
joined = st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join)
spaced = st.lists(st.sampled_from(WORDS), max_size=14).map("".join)
answers = st.one_of(joined, spaced, st.text(max_size=60))


MODALS = ["you should", "we should", "We ought to", "you may want to", "we might want to", "You want to", "we\tshould"]


@settings(max_examples=400, deadline=None)
@given(task=st.sampled_from(TASKS), lead=joined, modal=st.sampled_from(MODALS), answer=answers)
def test_when_question_is_the_reference(task: str, lead: str, modal: str, answer: str) -> None:
    question = f"How do you {task}?"
    for text in (
        answer,
        f"{lead} {task} {answer}",
        f"{modal} {task} {answer}",
        f"{modal} usually {task} when {answer}",
    ):
        assert when_question(question, text) == reference_when(question, text)


@settings(max_examples=400, deadline=None)
@given(thing=st.sampled_from(THINGS), be=st.sampled_from(["is", "are"]), lead=joined, answer=answers)
def test_arrangement_question_is_the_reference(thing: str, be: str, lead: str, answer: str) -> None:
    question = f"What {be} {thing}?"
    for text in (answer, f"{lead} {thing} {be} {answer}", f"{lead}, {thing} {be} handled by {answer}"):
        assert arrangement_question(question, text) == reference_arrangement(question, text)


def test_the_examples_still_turn() -> None:
    assert when_question("How do you file a bug?", "We should only file a bug when the build breaks.") == (
        "When should you file a bug?"
    )
    assert arrangement_question("What is sick leave?", "At our company, sick leave is handled through HR.") == (
        "How is sick leave handled?"
    )
