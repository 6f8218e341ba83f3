"""Round-8 answer shapes (issue 8, hand grading round 8 in bench/RESULTS-quality.md): a plural
"What are X?" answered by a property of each X, a "Why …?" answered by the remedy alone, a yes-or-no
answer that states a default and drops its exception, a question keeping the writer's "our", and an
answer that opens with a step whose place is the sentence left out before it.

Every sentence here is our own; the pages are invented (a library's lending desk, a bakery's oven)."""

from __future__ import annotations

from aeoloop.quality import check_question
from aeoloop.quality.contract_answers import _definition
from aeoloop.quality.coverage import Unit, check_coverage, default_exception, judged, remedy_alone, setting_before

# -- "What are X?": a property of each X is no definition ------------------------------------------


def test_a_plural_what_are_answered_by_what_holds_of_each_fails() -> None:
    answer = (
        "The rules are the same at every branch that lends out reading rooms. "
        "Each room is booked against a library card."
    )
    assert [f.rule for f in _definition(answer, "What are reading rooms?", "en")] == ["definition"]


def test_a_plural_what_are_answered_by_what_they_are_passes() -> None:
    named = "The rules are the same at every branch that lends out reading rooms. Reading rooms are quiet spaces."
    assert _definition(named, "What are reading rooms?", "en") == []
    first = "Reading rooms are quiet spaces you can book for up to three hours. Each room seats six."
    assert _definition(first, "What are reading rooms?", "en") == []


# -- "Why …?": a remedy alone gives no cause ---------------------------------------------------------

OVEN = "Why does the oven stay cold after a restart?"


def test_a_why_answered_by_the_remedy_alone_fails() -> None:
    remedy = "The right order is: switch off the mains, wait a minute, switch it on and press Reset twice."
    assert remedy_alone(OVEN, remedy) is not None
    found = check_coverage(remedy, question=OVEN, rest=[])
    assert [f.rule for f in found] == ["partial-answer"] and "no cause" in found[0].message
    assert remedy_alone(OVEN, "Click Reset twice. Then wait for the light.") is not None


def test_a_why_answered_with_a_cause_passes() -> None:
    cause = "The safety relay trips when the door opens during heating. Press Reset twice to clear it."
    assert remedy_alone(OVEN, cause) is None
    because = "Press Reset twice, because the safety relay keeps the element off."
    assert remedy_alone(OVEN, because) is None
    remedy = "The right order is: switch off the mains, wait a minute and switch it on."
    assert remedy_alone("How do you restart the oven?", remedy) is None  # not a why: a remedy is the answer


# -- a default announces its exception ------------------------------------------------------------

LOANS = "Does the library charge late fees?"
DEFAULT = (
    "Late fees are a charge for books returned after their date. The library does not charge late fees by default."
)
EXCEPTION = "However, for reference books kept longer than a week, a small daily fee applies."


def test_a_yes_no_answer_stating_a_default_leaves_out_the_exception() -> None:
    assert judged(LOANS, "en", DEFAULT) and not judged(LOANS, "en")
    rest = [Unit("paragraph", ("Most members never pay anything.",)), Unit("paragraph", (EXCEPTION,))]
    found = check_coverage(DEFAULT, question=LOANS, rest=rest)
    assert [f.rule for f in found] == ["partial-answer"] and "exception to the default" in found[0].message
    part = default_exception(DEFAULT, rest)
    assert part is not None and part.kind == "exception" and part.lead == EXCEPTION


def test_a_default_without_an_exception_or_an_answer_without_a_default_passes() -> None:
    plain = [Unit("paragraph", ("Most members never pay anything.",))]
    assert check_coverage(DEFAULT, question=LOANS, rest=plain) == []
    below = [Unit("heading", ("Reference books",)), Unit("paragraph", (EXCEPTION,))]
    assert check_coverage(DEFAULT, question=LOANS, rest=below) == []  # another subsection's own case
    no_default = "The library does not charge late fees."
    assert check_coverage(no_default, question=LOANS, rest=[Unit("paragraph", (EXCEPTION,))]) == []
    assert not judged("What is a late fee?", "en", DEFAULT)


# -- the writer's "our" in a question to "you" -------------------------------------------------------


def test_a_question_to_you_keeping_the_writers_our_fails() -> None:
    assert [f.rule for f in check_question("Can you borrow our laptops?")] == ["question-shape"]
    assert '"us"' in check_question("How do you reach us after hours?")[0].message


def test_a_question_without_the_mixed_voice_passes() -> None:
    assert check_question("Can you borrow the library's laptops?") == []
    assert check_question("How do we plan the reading week?") == []  # a handbook's own voice
    assert check_question("How do you pay the fee from the US?") == []  # the country, not "us"


# -- a step whose place is the sentence before it ----------------------------------------------------


def test_an_answer_opening_with_a_step_taken_where_the_left_out_sentence_says_fails() -> None:
    before = ["Want to find every book by one author?", "The Search menu at the top has an option for authors."]
    answer = "Type the surname to list all of that author's books."
    assert setting_before(before, answer) == before[-1]


def test_an_answer_opening_otherwise_or_after_no_place_passes() -> None:
    assert setting_before(["Want to find every book by one author?"], "Type the surname to list them.") is None
    place = ["The Search menu at the top has an option for authors."]
    assert setting_before(place, "Search results are sorted by date.") is None  # a noun, no step
    assert setting_before([], "Type the surname to list them.") is None
    assert setting_before(["Our catalogue covers four branches."], "Type the surname to list them.") is None


# -- the FAQ the extractive backend writes -----------------------------------------------------------

PAGE = """# Lending desk

The lending desk page answers what new members of the town library ask the front desk most often: what late
fees are, how to find books by one author, and why the self-service kiosk sometimes refuses a card.

## Does the library charge late fees?

Late fees are a charge for books returned after their due date. Many libraries in the region charge them.

The library does not charge late fees by default. Members can keep a book a few days longer without paying.

However, for reference books kept longer than a week, a small daily fee applies until the book is back.

## Why does the kiosk refuse a card after renewal?

The right order is: log out of the kiosk, hold the card on the reader for five seconds and log in again.
"""


def test_the_faq_leaves_out_the_default_without_its_exception_and_the_bare_remedy(tmp_path) -> None:
    from conftest import extractive_artifacts

    art = extractive_artifacts(tmp_path, PAGE, "desk.md")
    faq = {qa.question: qa.answer for qa in art.faq}
    fees = faq.get("Does the library charge late fees?")
    assert fees is None or "reference books kept longer than a week" in fees
    assert "Why does the kiosk refuse a card after renewal?" not in faq
    assert any("kiosk" in note and "no cause" in note for note in art.notes)
