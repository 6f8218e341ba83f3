"""Headings whose "What is …?" or "How do you …?" would ask something other than their section says.

Why: hand grading round 2 (``bench/RESULTS-quality.md``) found questions that are grammatical but
do not fit the section under them, because the heading's shape says what kind of section it is:

* a benefit listed under a "Why …" heading ("Find mentors and teach others" under "Why
  contribute to open source?") is a reason, not a task: "How do you find mentors …?" is answered
  with why teaching helps;
* a label that names a view for the reader ("Scroll Depth percentage for your pages",
  "Understanding governance for your growing project") gives "What is X for your Y?", which is
  not a question a reader types (and is answered with where to look, or with the section's scene);
* a technique named as a noun phrase with its instrument ("Immutable Remove With The Spread
  Operator", "Circular Icons With A Massive Border Radius", "Virtual Fields With Ecto Schemas")
  is a task, and "What is immutable remove with the spread operator?" asks for a definition of
  an action. When the heading is plainly an order in Title Case ("Concatenate Strings With A
  Separator", "Truncate Tables With Dependents": a verb, then its object), it is asked as
  "How do you …?"; otherwise it is skipped (no verb is invented).

Each rule returns ``NOT_FAQ`` (with its own reason in ``convert._REASONS``) rather than a guess:
fewer good questions beat more weak ones.
"""

from __future__ import annotations

from typing import Final

from .heading import NOT_FAQ, Heading, RuleResult, _is_title_case
from .lexicon import _EN_CLOSED, _EN_DETERMINERS
from .morphology import _can_be, _is_gerund, _is_plural_en, _lemmas, _verb_forms
from .text import _finish, _is_acronym, _join

_WHY_PARENT_OPENINGS: Final = ("why ",)
_READER_OWNERS: Final = frozenset({"your", "my", "our"})
_INSTRUMENTS: Final = frozenset({"with", "using", "via"})
_UNDERSTANDING: Final = frozenset({"understanding", "exploring", "unpacking", "demystifying"})


def _words(h: Heading) -> list[str]:
    return [w for w in h.lower if w]


def _rule_benefit(h: Heading) -> RuleResult:
    """'Find mentors and teach others' (H3) under 'Why contribute to open source?' -> not an FAQ:
    a reason listed under a "Why" heading; "How do you …?" would ask for a way the section never gives."""
    if len(h.parents) < 2 or h.text.rstrip().endswith("?"):
        return None
    parent = " ".join(h.parents[-1].split()).lower()
    if not parent.startswith(_WHY_PARENT_OPENINGS):
        return None
    return NOT_FAQ


def _has_reader_owner(lower: list[str], start: int) -> bool:
    """'… for your pages', '… for your growing project': a view or advice addressed to the reader."""
    return any(lower[j] == "for" and lower[j + 1] in _READER_OWNERS for j in range(start, len(lower) - 1))


def _rule_understanding_label(h: Heading) -> RuleResult:
    """'Understanding governance for your growing project' -> not an FAQ ("What is governance for
    your growing project?" is not a question; the section sets a scene)."""
    lower = _words(h)
    if len(lower) >= 4 and lower[0] in _UNDERSTANDING and _has_reader_owner(lower, 1):
        return NOT_FAQ
    return None


def _rule_label(h: Heading) -> RuleResult:
    """A noun phrase addressed to the reader ('Scroll Depth percentage for your pages') -> not an FAQ.

    Runs after the task rules, so 'Track form submissions for your site' is already a "How"."""
    lower = _words(h)
    if len(lower) >= 3 and not h.text.rstrip().endswith("?") and _has_reader_owner(lower, 1):
        return NOT_FAQ
    return None


def _rule_description(h: Heading) -> RuleResult:
    """'A clear picture of your whole team', 'An easy start before you ship' -> not an FAQ: a heading
    that opens with "a"/"an", goes on for four words or more and addresses the reader describes
    what the section offers the reader, it names no term: "What is a clear picture of …?" asks for
    a definition the section does not give (hand grading round 6, a slogan heading graded weak).
    "An API key" (a term) and "A shorthand for rerunning failed tests" (a thing the note gives)
    stay."""
    lower = _words(h)
    if (
        len(lower) >= 4
        and lower[0] in {"a", "an"}
        and any(w in _READER_OWNERS or w in {"you", "we"} for w in lower[2:])
        and not h.text.rstrip().endswith("?")
    ):
        return NOT_FAQ
    return None


def _order_with_object(h: Heading, at: int) -> bool:
    """'Concatenate Strings With …', 'Truncate Tables With …', 'Give Elements The Same Width With …':
    a Title Case heading opening with a verb and then its object (a determiner or a plural noun)."""
    if at < 2 or not _is_title_case(h.tokens):
        return False
    first, second = h.lower[0], h.lower[1]
    token2 = h.tokens[1]
    if "VB" not in _verb_forms(first) or first in _EN_CLOSED or _is_gerund(first):
        return False
    lemmas = _lemmas(first)
    if first.endswith(("er", "est", "ly")) or (lemmas.get("ADJ") and not first.endswith("ate")):
        return False  # 'Better Diffs With Delta', 'Custom Type Checking …': a modifier, not an order
    if _is_acronym(h.tokens[0]) or _is_acronym(token2):
        return False  # 'SSH With A Specific Key'
    if second in _EN_DETERMINERS - {"no", "all", "any", "each", "every"}:
        return True
    return (
        (at == 2 or h.lower[2] in _EN_DETERMINERS)  # 'Truncate Tables With …', 'Give Elements The Same Width With …'
        and _is_plural_en(token2)
        and not _is_gerund(second)
        and _can_be(second, "NOUN")
        and not (second.endswith("s") and "VBZ" in _verb_forms(second) and not _can_be(second[:-1], "NOUN"))
    )


def _rule_technique(h: Heading) -> RuleResult:
    """A Title Case noun phrase naming a technique with its instrument ('Immutable Remove With The
    Spread Operator') -> not an FAQ (in sentence case, 'Spectrum analysis with the FFT' reads as a
    topic and stays one); an order in Title Case ('Concatenate Strings With A Separator') ->
    'How do you concatenate strings with a separator?'. Runs just before the noun-phrase rule."""
    lower = _words(h)
    if len(lower) < 3 or h.text.rstrip().endswith("?") or lower[0] in _EN_DETERMINERS or not _is_title_case(h.tokens):
        return None  # 'A shorthand for rerunning failed tests with RSpec' is a thing: the answer decides
    at = next((j for j in range(1, len(lower) - 1) if lower[j] in _INSTRUMENTS), 0)
    if not at or lower[at + 1] in _READER_OWNERS:
        return None  # 'Integration with your CMMS': a partner, not an instrument
    if _order_with_object(h, at):
        return _finish(_join("How do you", h.cased[0].lower(), h.cased[1:]))
    return NOT_FAQ
