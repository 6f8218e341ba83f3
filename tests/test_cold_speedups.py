"""The cold build's speed-ups give the results of the code they replaced.

``keyphrases._occurrences`` reads the page's words from plain lists made once per page instead of
match objects; it is held equal to the straightforward version it replaced on generated texts.
``finalize._fix_strings`` returns the value itself when no brand-rule fix changes a string.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.amplify.channels.finalize import _fix_strings
from aeoloop.amplify.channels.x_thread import XThread
from aeoloop.amplify.keyphrases import ARTICLES, WORD, _occurrences, _Seen, singular, variant_key


def _reference_occurrences(text: str, key: tuple[str, ...], stop: set[str], headings: list[tuple[int, int]]) -> _Seen:
    """The version before the speed-up: every word a match object, every test a regex."""
    words = list(WORD.finditer(text))
    keys = [singular(m.group(0)) for m in words]
    index: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        index.setdefault(k, []).append(i)
    n = len(key)
    seen = _Seen(Counter())
    for i in index.get(key[0], ()) if n else ():
        if i + n > len(words):
            break
        if tuple(keys[i : i + n]) != key:
            continue
        window = words[i : i + n]
        start, end = window[0].start(), window[-1].end()
        if "\n" in text[start:end] or end - start > sum(len(m.group(0)) for m in window) + n:
            continue
        seen.forms[" ".join(m.group(0) for m in window)] += 1
        if any(a <= start < b for a, b in headings):
            continue
        before = text[words[i - 1].end() : start] if i else "\n"
        mid = i > 0 and re.fullmatch(r"[ ,]+", before) is not None
        if mid:
            seen.inner[" ".join(m.group(0) for m in window)] += 1
        if mid and window[0].group(0)[:1].isupper():
            seen.mid_caps += 1
        if i and before == " " and words[i - 1].group(0).lower() in ARTICLES:
            seen.after_article += 1
        prev = words[i - 1].group(0) if i else ""
        prev_cap = re.fullmatch(r" ", before) is not None and prev[:1].isupper() and prev.lower() not in stop
        after = text[end : words[i + n].start()] if i + n < len(words) else "\n"
        next_cap = (
            re.fullmatch(r" ", after) is not None
            and words[i + n].group(0)[:1].isupper()
            and window[-1].group(0)[:1].isupper()
        )
        if (prev_cap and window[0].group(0)[:1].isupper()) or next_cap:
            seen.glued += 1
    return seen


_WORDS = ["the", "The", "data", "Data", "centre", "Centres", "IP", "range", "ranges", "Plausible", "account", "an"]
_GAPS = [" ", "  ", ", ", ",", ". ", ".\n", "\n", " - ", "-", "'"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), min_size=1, max_size=30),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 60)), max_size=3),
)
def test_occurrences_agree_with_the_version_they_replaced(pieces, phrase, spans):
    text = "".join(w + g for w, g in pieces)
    key = variant_key(" ".join(phrase))
    headings = [(a, a + n) for a, n in spans]
    stop = {"the", "an"}
    assert _occurrences(text, key, stop, headings) == _reference_occurrences(text, key, stop, headings)


def test_fix_strings_returns_the_value_itself_when_nothing_changes():
    value = XThread(posts=["One point.", "Another point about the utilise rule."])
    assert _fix_strings(value, lambda text: text) is value
    fixed = _fix_strings(value, lambda text: text.replace("utilise", "use"))
    assert fixed is not value and fixed.posts == ["One point.", "Another point about the use rule."]


def test_memoised_text_functions_hand_out_their_own_lists_and_follow_the_text():
    """text.split_sentences is memoised (a cold build splits each paragraph about six times): a
    caller that changes the list it got does not change what the next caller gets, and every
    memo answers for the text it is given."""
    from aeoloop.text import count_words, normalize, split_key, split_sentences

    text = "One sentence here. Another one follows."
    first = split_sentences(text)
    first.append("changed by a caller")
    assert split_sentences(text) == ["One sentence here.", "Another one follows."]
    assert split_sentences(text + " A third.") == ["One sentence here.", "Another one follows.", "A third."]
    assert split_sentences("") == [] and split_sentences(None) == []  # type: ignore[arg-type]
    assert count_words(text) == 6 and count_words(text + " Two more.") == 8
    assert normalize("“Quoted”  Text") == '"quoted" text' and normalize("Other") == "other"
    assert split_key("a hall, and a probe") == split_key("a hall. A probe") != split_key("a hall: a probe")


def test_the_takeaway_check_memo_is_keyed_by_text_language_and_limits():
    """The takeaways chooser asks check_takeaway once per (text, language, limits): the same
    answer as the check itself, and a new limit or language is a new question."""
    from aeoloop.backends.extractive_takeaways import _fails
    from aeoloop.quality import Limits, check_takeaway

    text = "Predictive maintenance cuts unplanned downtime by scheduling repairs before parts fail."
    loose = Limits()
    assert _fails(text, "en", loose) is bool(check_takeaway(text, lang="en", limits=loose)) is False
    tight = Limits(takeaway_max=5)
    assert _fails(text, "en", tight) is bool(check_takeaway(text, lang="en", limits=tight)) is True
    assert _fails(text, "en", loose) is False  # the earlier answer is still its own
    for other in ("It cuts downtime.", "This is why the second one matters more than the first one does."):
        assert _fails(other, "en", loose) is bool(check_takeaway(other, lang="en", limits=loose))


def test_the_unit_checks_are_memoised_and_hand_out_their_own_lists():
    """check_summary, check_takeaway, check_answer and check_question are memoised (a cold build
    judges each chosen unit again in the guardrails' check and in verify's verdict): the same
    failures as the unwrapped check, a list of its own for every caller, a new argument a new
    question."""
    from aeoloop.quality import Limits
    from aeoloop.quality.contract_answers import check_answer
    from aeoloop.quality.contract_questions import check_question
    from aeoloop.quality.contract_summary import check_summary, check_takeaway

    cases = [
        (check_takeaway, ("This is why the second one matters more than the first one does.",), {"lang": "en"}),
        (check_takeaway, ("Towers are cooled by water, see below.",), {"lang": "en", "limits": Limits(takeaway_min=1)}),
        (check_summary, ("Too short a summary.",), {"title": "Cooling towers", "lang": "en"}),
        (check_answer, ("It depends.",), {"question": "How do you drain a cooling tower?", "lang": "en"}),
        (check_question, ("what about towers",), {"heading": "Towers", "lang": "en"}),
    ]
    for check, args, kwargs in cases:
        expected = check.__wrapped__(*args, **kwargs)  # type: ignore[attr-defined]
        first = check(*args, **kwargs)
        assert first == expected and first
        first.append(first[0])
        assert check(*args, **kwargs) == expected
    loose, tight = Limits(), Limits(takeaway_max=5)
    text = "Predictive maintenance cuts unplanned downtime by scheduling repairs before parts fail."
    assert not check_takeaway(text, lang="en", limits=loose)
    assert [f.rule for f in check_takeaway(text, lang="en", limits=tight)] == ["takeaway-length"]
    assert not check_takeaway(text, lang="en", limits=loose)
