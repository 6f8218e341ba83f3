"""Answers made of the set-up, the problem or the question restated (issue 8, round-4 grades).

The shapes come from the pairs graded weak or wrong in bench/RESULTS-quality.md ("Hand grading,
round 4", pattern 2 "set-up or problem instead of the answer"): a note's first paragraph that gives
the naive way before "However, … you get nothing", an answer that ends "… but can be configured."
before the setting, one that ends "… depends on your setup.", a section of rhetorical questions, a
quotation or a benefit in place of a way, "you may have noticed …" as the opening, a section whose
steps are on another page. Every sentence here is written in our own words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop.backends.extractive_code import _without_following
from aeoloop.quality import check_answer
from aeoloop.quality.answering import answers_how, says_how
from aeoloop.quality.not_a_way import defers, promises_a_way, turns_to_a_problem
from conftest import extractive_artifacts


def rules(answer: str, question: str) -> set[str]:
    return {f.rule for f in check_answer(answer, question=question, lang="en")}


# -- turns, promises and deferrals -------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "However, when the cell is empty, the formula quietly returns nothing.",
        "But on a locked sheet, the macro fails without a message.",
        "This is not the whole story though.",
        "Unfortunately, the setting is ignored by older printers.",
        "Turns out the timer never fires on a sleeping laptop.",
    ],
)
def test_a_turn_to_a_problem(sentence: str) -> None:
    assert turns_to_a_problem(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "However, a large spreadsheet takes a minute to recalculate.",  # a caveat, nothing goes wrong
        "The formula returns an empty string when the cell is blank.",  # no turn
        "But first, open the workbook you want to change.",
    ],
)
def test_no_turn_to_a_problem(sentence: str) -> None:
    assert not turns_to_a_problem(sentence)


def test_a_promised_way_and_a_deferral() -> None:
    assert promises_a_way("Dark mode is off out of the box, but can be switched on.")
    assert promises_a_way("The refresh interval can be changed.")
    assert not promises_a_way("The refresh interval can be changed in the Display tab.")
    assert not promises_a_way("Open the Display tab and change the refresh interval.")
    assert defers("Whether you have to do anything about it depends on your own setup.")
    assert defers("It depends.")
    assert not defers("The price depends on the number of seats: 4 dollars a seat.")
    assert not defers("Which refresh intervals you can pick depends on the period you chose.")  # a fact


def test_an_instruction_after_so_says_how() -> None:
    assert says_how("Your key changes whenever you rotate it, so do make sure to paste the new key into the app.")
    assert says_how("The old link stops working after a day, so send a fresh one to your reader.")
    assert not says_how("The backup ran late, so everyone waited for it.")
    assert not says_how("The cache is cleared each night, so old entries disappear.")
    assert not says_how("Grants differ in what they ask of you, so consider what you are good at first.")  # advice


def test_as_simple_as_a_step_says_how() -> None:
    assert says_how("For a small club, naming a treasurer can be as simple as writing their name on the notice board.")
    assert not says_how("For a small club, naming a treasurer matters more than it seems.")


# -- the contract -------------------------------------------------------------------------------

TURNED = (
    "A clean way to keep scripts easy to follow is to give every value its own well named variable and "
    "write one step per line. This is not all good though. Each extra variable stays around and can be "
    "reused by mistake much further down the file."
)
CAVEAT = (
    "Open the Export tab, pick the sheets you want and click Download to get one file per sheet. However, "
    "a large workbook takes a minute to pack."
)


def test_a_how_answer_that_stops_at_the_problem() -> None:
    question = "How do you limit variables to a small block?"
    assert "how-answer" in rules(TURNED, question)
    assert "how-answer" not in rules(CAVEAT, "How do you export your sheets?")


def test_a_how_answer_that_stops_at_the_motivation() -> None:
    motive = (
        "With the hook command you can catch the signals that would stop your job and run extra steps first. "
        "Perhaps you want the job to tidy up its temporary folders before it stops. During each run, the job creates "
        "a lock file in its folder."
    )
    assert "how-answer" in rules(motive, "How do you stop a job cleanly with the hook command?")
    with_way = motive.replace(
        "During each run, the job creates a lock file in its folder.",
        "Register a hook for the exit signal that removes the folders.",
    )
    assert "how-answer" not in rules(with_way, "How do you stop a job cleanly with the hook command?")


def test_an_answer_ending_with_a_promised_way_or_it_depends() -> None:
    promised = (
        "The spreadsheet plugin adds charts and pivot tables to every workbook you open. Using the toolbar, "
        "you insert a chart from the selected cells. Trend lines are not shown on charts out of the box, but "
        "can be switched on."
    )
    assert "withheld" in rules(promised, "How do you show trend lines on charts?")
    depends = (
        "First of all, you have to confirm that the printer still receives the jobs you send. Whether you "
        "need to change any setting for that depends on your setup."
    )
    assert "withheld" in rules(depends, "How do you check your printer is working?")
    given = (
        "Trend lines are not shown on charts out of the box. Open the chart menu, choose Options and tick "
        "Trend line to draw one through the selected series."
    )
    assert not rules(given, "How do you show trend lines on charts?") & {"withheld", "how-answer"}


def test_rhetorical_questions_in_the_middle_are_no_answer() -> None:
    asked = (
        "Joining a choir for the first time can feel daunting. Which choir fits your voice? What if you cannot "
        "read music? There are many ways to take part, and a few habits make the first months easier."
    )
    assert "question-in-answer" in rules(asked, "What does it mean to join a choir?")
    plain = (
        "Joining a choir means turning up to weekly rehearsals, learning your part at home and singing in the "
        "concerts the choir gives through the year."
    )
    assert "question-in-answer" not in rules(plain, "What does it mean to join a choir?")
    conditional = (
        "Use the route planner to draw a walk on the map before you leave. Already have a track file? Load it "
        "in the planner to check its length. Once you are out, the app records the path you really took."
    )
    assert "question-in-answer" not in rules(conditional, "How do you plan your walking routes?")


def test_a_quotation_or_a_benefit_is_not_a_way() -> None:
    quoted = (
        'If you have never painted before, take a hint from a famous painter, who once said, "Paint what you '
        'see, not what you know." Painting happens at every level, in every town.'
    )
    assert "how-answer" in rules(quoted, "How do you pick a first subject to paint?")
    benefit = (
        "Keeping a logbook sharpens your own memory of each repair. Writing the fixes down makes it easier to "
        "refuse jobs that are outside your trade. It also makes it easier for apprentices to help out."
    )
    assert "how-answer" in rules(benefit, "How do you document your repairs?")
    # the asked act described as its way ("means", "takes"), not its benefit: a way
    assert answers_how(
        "Combining both diets means choosing a diet for each meal of each weekday, not one diet for the whole year.",
        "How do you combine the two diets?",
    )
    assert answers_how(
        "Setting the alarms takes four steps and about ten minutes per clock once the times are agreed.",
        "How do you set the alarms?",
    )
    # another act than the one asked, which helps toward what is asked: a way
    assert answers_how(
        "Asking yourself who needs the product will help you explain its worth in one line.",
        "How do you shape your pitch?",
    )
    assert answers_how(
        "Training apprentices, lending tools and keeping tidy repair notes will help you earn a good name in "
        "the workshop.",
        "How do you earn a good name?",
    )


def test_what_the_reader_may_have_noticed_is_a_scene() -> None:
    noticed = (
        "If you run a bakery that many people visit, you may have noticed you bake less and answer more "
        "questions. In the first months, you try new recipes and decide on your own what to sell."
    )
    assert "withheld" in rules(noticed, "What does it mean to run a bakery?")
    assert "withheld" not in rules(
        "Running a bakery means baking before dawn, keeping the shop clean and ordering flour every week so "
        "the shelves are full when customers arrive.",
        "What does it mean to run a bakery?",
    )


def test_the_following_before_a_preposition() -> None:
    assert _without_following("Add the following to the settings file") == "Add to the settings file"
    assert _without_following("Pass the following flag to the tool") == "Pass the flag to the tool"


# -- the extractive backend ---------------------------------------------------------------------

OPENING = """---
title: Notes
---

## Keep a notebook of small lessons

Writing down one small lesson a day builds a notebook that is easy to search later. Each lesson gets a short
title, a paragraph that explains it, and an example when one helps. Over a year the notebook grows into a
reference that saves time on problems you have already solved once.

"""

NAIVE_FIRST = """## Append an item to an empty list cell

To add an item to a list stored in a cell, you can reach for the sheet's list_push function or one of the
other list helpers it ships with.

However, if the cell you are changing is empty, you might get a surprising result.

```
=list_push(B2, "bolt")
```

The list_push helper cannot add to an empty cell: it needs a list to start from. I find that
wrapping the cell in the default helper is the neatest way around it.

```
=list_push(default(B2, list()), "bolt")
```
"""

PROMISED = """## Turn on trend lines in the chart plugin

The chart plugin adds bar and line charts to the workbook. By using the chart toolbar with selected
cells, the sheet draws the chart you picked on a new tab. Trend lines are not drawn by default, but can be
switched on. Add the following to the charts.cfg file to draw a trend line through every series:

```
charts.trend_lines = {
  draw: ["all-series"]
}
```
"""

ASKS = """## Open two spreadsheets at once

A usual workbook session in the tool is set by a WORKBOOK_PATH variable in the settings file of your
folder. Typically, the session that reads that path is created in one shared module and imported
wherever it is needed.

What if you want to open a second workbook next to the first one?

You can create another session with its own path passed to it when you set it up, and keep both sessions
open side by side for as long as the two workbooks are in use in your scripts.
"""

LINKED_OUT = """## Connect the barcode scanner to get item names as you scan

You can enable the barcode scanner link to get the item names of everything you scan shown straight in
your stock list. [See the instructions here](scanner.md).
"""


def _faq(tmp_path: Path, section: str) -> tuple[dict[str, str], list[str]]:
    art = extractive_artifacts(tmp_path, OPENING + section, "page.md")
    return {qa.question: qa.answer for qa in art.faq}, art.notes


def test_the_naive_way_a_note_turns_against_is_not_published(tmp_path: Path) -> None:
    faq, notes = _faq(tmp_path, NAIVE_FIRST)
    assert not any("list_push function" in a for a in faq.values())
    assert any("empty list cell" in n for n in notes)  # skipped, and the build says so


def test_the_answer_starts_at_the_promised_way_before_its_step(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, PROMISED)
    answer = faq["How do you turn on trend lines in the chart plugin?"]
    assert answer.startswith("Trend lines are not drawn by default, but can be switched on. Add to the charts.cfg file")
    assert "charts.trend_lines" in answer
    assert "By using the chart toolbar" not in answer


def test_the_answer_follows_the_sections_own_question(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, ASKS)
    answer = faq["How do you open two spreadsheets at once?"]
    assert answer.startswith("You can create another session with its own path")
    assert "WORKBOOK_PATH" not in answer


def test_a_section_that_sends_the_reader_elsewhere_for_the_steps_is_skipped(tmp_path: Path) -> None:
    faq, notes = _faq(tmp_path, LINKED_OUT)
    assert not any(q.startswith("How do you connect the barcode scanner") for q in faq)
    steps = LINKED_OUT.replace(
        "[See the instructions here](scanner.md).",
        "Open Settings, choose Devices and click Pair scanner. [See the instructions here](scanner.md).",
    )
    faq, _ = _faq(tmp_path, steps)
    assert any(q.startswith("How do you connect the barcode scanner") for q in faq)


def test_a_pointer_that_explains_does_not_send_the_steps_elsewhere(tmp_path: Path) -> None:
    explains = LINKED_OUT.replace(
        "[See the instructions here](scanner.md).", "Learn more on how the scanner reads labels [here](scanner.md)."
    ).replace(
        "You can enable the barcode scanner link to get the item names",
        "Open Settings and switch on the barcode scanner link to get the item names",
    )
    faq, _ = _faq(tmp_path, explains)
    assert any(q.startswith("How do you connect the barcode scanner") for q in faq)


BASIS = """## How usage is calculated

Your price band is based on the total number of rooms booked across all the hotels in a group. Each group
has its own bill, so if you run hotels in several groups, each group is billed on its own.

Extras include breakfast, parking, late check-out and any spa bookings. A cancelled booking does not count
towards your usage.
"""


def test_a_run_never_skips_the_sentence_that_gives_the_basis(tmp_path: Path) -> None:
    # "How is usage calculated?" answered from the second sentence on left out the one that answers
    faq, _ = _faq(tmp_path, BASIS)
    assert not any(a.startswith("Each group has its own bill") for a in faq.values())
    assert not any(a.startswith("Extras include") for a in faq.values())


def test_a_mini_site_skips_the_naive_way_and_keeps_the_fix(make_site, build_site) -> None:
    """A real build: generated/<page>/faq.md, the visible FAQ and its JSON-LD carry the answer that
    starts at the promised way with its setting, and nothing from the note that stops at its problem."""
    from bs4 import BeautifulSoup

    from test_quality_site import assert_page_is_clean, faq_jsonld

    body = OPENING + NAIVE_FIRST + "\n" + PROMISED
    root = make_site({"sheets.md": body})
    build_site(root)
    faq_md = (root / "generated" / "sheets" / "faq.md").read_text(encoding="utf-8")
    question = "How do you turn on trend lines in the chart plugin?"
    assert f"## {question}" in faq_md
    assert "charts.trend_lines" in faq_md
    assert "list_push function" not in faq_md
    html = (root / "site" / "sheets" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    pairs = dict(faq_jsonld(html))
    assert pairs[question].startswith("Trend lines are not drawn by default, but can be switched on.")
    assert not any("list_push function" in a for a in pairs.values())
    visible = BeautifulSoup(html, "lxml").select(".aeoloop-faq-answer")
    assert any("Trend lines are not drawn by default" in v.get_text(" ") for v in visible)
