"""The FAQ choice's speed-ups (session 12) give the results of the code they replaced.

``leaning_sentence`` judges each sentence once per (sentences before it, question) and keeps that
verdict apart from the text's: asked of every prefix of a run, then of the run, it must answer as a
cold cache does. The position patterns are searched only in a text that holds one of the lexicon's
marks: every text they match must hold one. ``page_names`` keeps a set of lower-case words, not
counts: the same names as the counting version.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.amplify.questions.morphology import _known_en
from aeoloop.amplify.questions.names import _SENTENCE_END, _URL, _URL_MARKS, _WORD, page_names
from aeoloop.quality.contract_terms import _may_point
from aeoloop.quality.lexicon import LEXICONS
from aeoloop.quality.out_of_context import _sentence_leans, leaning_sentence

# Sentences that lean only in some places: an analogy that ends the unit, "also" opening it, a
# second reason after a first or without one, code named before or not, a kind listed before.
_SENTENCES = [
    "The queue keeps every job that waits for a worker.",
    "Think of it like a line at the bakery.",
    "You may also want to sort the list by date.",
    "The second reason is the cost of the servers.",
    "The first reason is speed.",
    "This query can be run from the shell.",
    "We ask for the estimate with a query by name.",
    "These kinds of defaults are easy to miss.",
    "Defaults, limits and quotas live in one file.",
    "Here is a screenshot of the settings page.",
    "For example, the log shows each request.",
    "Workers pick the oldest job first.",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=6),
    st.sampled_from(["", "What is a query?", "How do you sort the list?"]),
)
def test_leaning_sentence_answers_alike_after_its_prefixes(picked: list[str], question: str) -> None:
    text = " ".join(picked)
    leaning_sentence.cache_clear()
    _sentence_leans.cache_clear()
    cold = leaning_sentence(text, question)
    leaning_sentence.cache_clear()
    _sentence_leans.cache_clear()
    for k in range(1, len(picked)):  # as _before_leaning asks: every prefix first, then the next
        leaning_sentence(" ".join(picked[:k]), question)
        leaning_sentence(" ".join(picked[:k]), "")
    assert leaning_sentence(text, question) == cold


def test_an_analogy_leans_only_where_it_ends_the_unit() -> None:
    middle = "Think of it like a line at the bakery. The queue keeps every job that waits for a worker."
    ending = "The queue keeps every job that waits for a worker. Think of it like a line at the bakery."
    assert leaning_sentence(ending, "x") == (1, "Think of it like a line at the bakery")
    assert leaning_sentence(middle, "x") is None
    # the same sentence, judged in the middle of one unit, then at the end of a longer one
    assert leaning_sentence(ending + " Workers pick the oldest job first.", "x") is None


_POSITION_PIECES = [
    "as shown above",
    "the table below",
    "the steps above again",
    "the following",
    "as follows",
    "this page",
    "the next section",
    "click here",
    "here's how",
    "Here is how",
    "see ABOVE",
    "ſee the ſection below",
    "thİs guide",
    "the value below 10",
    "a plain sentence",
    "where the data lives",
    ".",
    ",",
]


def test_every_position_pattern_names_a_mark() -> None:
    for lang, lex in LEXICONS.items():
        if not lex.position_marks:
            continue
        for pattern in lex.position:
            assert any(mark in pattern for mark in lex.position_marks), (lang, pattern)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_POSITION_PIECES), min_size=1, max_size=5), st.booleans())
def test_a_text_the_position_patterns_match_holds_a_mark(pieces: list[str], upper: bool) -> None:
    text = " ".join(pieces)
    text = text.upper() if upper else text
    for lex in LEXICONS.values():
        if re.search("|".join(lex.position), text, re.I):
            assert _may_point(text, lex)


def _counted_names(texts: list[str]) -> frozenset[str]:
    """The version before the speed-up: lower-case words counted."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        if any(mark in text for mark in _URL_MARKS):
            text = _URL.sub(" ", text)
        for match in _WORD.finditer(text):
            word = match.group(0)
            if word[:1].islower():
                lower[word.lower()] += 1
                continue
            if word.isupper() and len(word) > 1:
                continue
            before = text[max(0, match.start() - 3) : match.start()]
            if _SENTENCE_END.search(before) or match.start() == 0:
                continue
            upper[word] += 1
    return frozenset(
        w
        for w, count in upper.items()
        if w.lower() not in lower and w != "I" and (count >= 2 or not _known_en(w.lower(), lenient=False))
    )


_NAME_WORDS = ["Plausible", "plausible", "Studio", "the", "Data", "data", "API", "I", "x-Ray", "it's", "3D", "we"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(_NAME_WORDS), st.sampled_from([" ", ". ", ", ", " (", "- ", " `a` ", " x.com "])),
            max_size=12,
        ),
        max_size=4,
    )
)
def test_page_names_agree_with_the_counting_version(paragraphs: list[list[tuple[str, str]]]) -> None:
    texts = ["".join(w + sep for w, sep in words) for words in paragraphs]
    assert page_names(texts) == _counted_names(texts)
