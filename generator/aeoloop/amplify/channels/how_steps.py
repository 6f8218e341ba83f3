"""A how-titled page's procedure for its channels: the FAQ pair whose numbered steps do what the
page's question asks ("How do you compare …?" → "How do you compare two date ranges?" and its
"Three steps: 1) … 2) …"), and those steps cut into posts. Round 9's channel reading (session 10):
11 AI answers, threads and video scripts on how-to pages never said the how, built from side facts.
The FAQ has already read the page's procedure whole, so the channels say its steps as it does."""

from __future__ import annotations

import re
from collections.abc import Callable

from ... import answer_code
from .limits import words

_STOP = frozenset(
    "about after also from have into more most only over some than that their them then there these they this what when where which with your yours".split()
)


def topic_words(text: str) -> set[str]:
    """The title's content words by their first five letters ("Funnel analysis" → funne, analy)."""
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP}


# "How do you compare …?", "How can I invite …?", "How to add …": the action a how-question asks for
_HOW_VERB_RE = re.compile(r"^how (?:do|can|should|would) (?:you|i|we) (\w+)|^how to (\w+)", re.I)
# "Three steps: 1) A. 2) B.": an answer that walks a procedure, numbered as the FAQ writes it
_NUMBERED_RE = re.compile(r"(?:^|[.:] )1\) \S.*?[.;] 2\) \S")
# verbs that name no action of their own: the question must share a word beside them
_BARE_VERBS = frozenset("get use set make do have go see work find start".split())


def how_verb(question: str) -> str:
    """The verb a how-question asks about ("How do you compare …?" → "compare"), "" for another question."""
    m = _HOW_VERB_RE.match(question.strip())
    return (m.group(1) or m.group(2) or "").lower() if m else ""


def how_steps(question: str, faq: list[tuple[str, str]], max_words: int) -> str:
    """The answer of :func:`how_pair`, "" when there is none."""
    pair = how_pair(question, faq, max_words)
    return pair[1] if pair else ""


def how_pair(question: str, faq: list[tuple[str, str]], max_words: int) -> tuple[str, str] | None:
    """The FAQ's numbered steps that answer a how-question: a pair whose question asks for the same
    action ("How do you compare two date ranges?" under "How do you compare your stats over time?")
    and whose answer walks it as steps that fit ``max_words`` whole; "" when none does. A how-to
    page's answer is its procedure, not a side fact (round 9: 11 pieces on how-titled pages never
    said the how); the FAQ has already read the procedure whole, so nothing is invented or cut."""
    verb = how_verb(question)
    if not verb:
        return None
    topic = topic_words(question) - {verb[:5]}
    best: tuple[int, int, tuple[str, str]] | None = None
    for i, (q, a) in enumerate(faq):
        if how_verb(q) != verb or not _NUMBERED_RE.search(a) or words(a) > max_words or answer_code.has_code(a):
            continue
        shared = len(topic_words(q) & topic)
        if verb in _BARE_VERBS and not shared:
            continue
        if best is None or (shared, -i) > best[:2]:
            best = (shared, -i, (q, a))
    return best[2] if best else None


STEP_SPLIT_RE = re.compile(r" (?=\d{1,2}\) \S)")


def step_posts(pair: tuple[str, str], fits: Callable[[str], bool]) -> list[str]:
    """A numbered steps answer as posts in order, the first under its question ("How do you compare
    two firings? Three steps: 1) … 2) …"), each post as many whole steps as fit; [] when a step does
    not fit a post alone."""
    question, answer = pair
    parts = STEP_SPLIT_RE.split(answer)
    posts: list[str] = []
    current = f"{question} {parts[0]}"
    for part in parts[1:]:
        joined = f"{current} {part}"
        if fits(joined):
            current = joined
            continue
        if not fits(current) or current.rstrip().endswith(":"):
            return []  # a step too long for a post, or a question whose first step does not fit under it
        posts.append(current)
        current = part
    if not fits(current):
        return []
    return [*posts, current]
