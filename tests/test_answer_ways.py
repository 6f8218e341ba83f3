"""Round-8 answer faults, session 10 (issue 8; bench/RESULTS-quality.md): a quoted block that lost the
writer's comments, a how that names its way and leaves the steps to the subsections under it or to a
page it points to, a hedge without the advice after it, a list label leaking mid-sentence, a yes-or-no
question answered with the writer's story, and an asked task said by another verb.

Every sentence here is our own; the pages are invented (a bakery, a garden club, a bike workshop)."""

from __future__ import annotations

from pathlib import Path

from aeoloop import answer_code
from aeoloop.backends.extractive_edits import condense_list, item_core
from aeoloop.quality import check_answer
from aeoloop.quality.answering import how_problem
from aeoloop.quality.links_out import links_out_for_the_way
from aeoloop.quality.coverage import Unit, default_exception, judged
from aeoloop.quality.whole_answer import LeftOut, _asked_task
from conftest import extractive_artifacts


def _faq(tmp_path: Path, body: str) -> dict[str, str]:
    art = extractive_artifacts(tmp_path, body, "page.md")
    return {qa.question: qa.answer for qa in art.faq}


PAGE = """\
---
title: Bakery notes
---

# Bakery notes

Notes from the bakery about the ovens, the starters and the shop. Each note says what to do and why, so
the next shift can pick up where the last one stopped without asking around first.

"""

# -- a quoted block is the writer's, comments and elisions included, or it is not quoted -----------------

SHORT_SCRIPT = """\
## Change the proofing timer

The proofing timer lives in a small script that the oven runs at start-up. You can change the timer by
editing the wait value in the proofing script:

```ruby
# ...
oven.heat(to: 30)
oven.wait(minutes: 45)  # the proofing time
# oven.steam(seconds: 10)
```

The oven reads the script again at the next start-up.
"""

LONG_SCRIPT = SHORT_SCRIPT.replace(
    "oven.wait(minutes: 45)  # the proofing time\n",
    "oven.wait(minutes: 45)  # the proofing time\n" + "".join(f"# step {k} of the old routine\n" for k in range(12)),
)


def test_a_quoted_block_keeps_the_writers_comments_and_elisions(tmp_path: Path) -> None:
    answers = [a for a in _faq(tmp_path, PAGE + SHORT_SCRIPT).values() if "```" in a]
    assert answers, "the short script is quoted"
    assert (
        "# ...\noven.heat(to: 30)\noven.wait(minutes: 45)  # the proofing time\n# oven.steam(seconds: 10)" in answers[0]
    )


def test_a_block_too_long_with_its_comments_is_not_quoted_without_them(tmp_path: Path) -> None:
    for answer in _faq(tmp_path, PAGE + LONG_SCRIPT).values():
        assert "```" not in answer
        assert "oven.heat" not in answer


def test_blank_lines_are_kept_and_do_not_count_towards_the_cap() -> None:
    code = "\n\n".join(f"step_{k}()" for k in range(answer_code.MAX_LINES))
    assert answer_code.quotable(code) == code
    assert answer_code.quotable(code + "\nstep_extra()") is None


# -- a how that names the way and links out ---------------------------------------------------------------

LINKS_OUT = (
    "After you set up the till, you can use our checking page to see that the card reader works. "
    "Have trouble with the reader? Take a look at our guide to fixing card readers."
)


def test_a_how_that_names_the_way_and_links_out_fails() -> None:
    assert links_out_for_the_way(LINKS_OUT)
    rules = [f.rule for f in check_answer(LINKS_OUT, question="How do you check that the card reader works?")]
    assert "how-answer" in rules
    learn = "You can invite bakers to the rota and give them a role. You can learn more about rota roles."
    assert links_out_for_the_way(learn)


def test_a_how_that_gives_the_steps_and_links_out_passes() -> None:
    steps = "Open the till menu and click Test reader. See our guide to card readers for more."
    assert not links_out_for_the_way(steps)
    assert "how-answer" not in [
        f.rule for f in check_answer(steps, question="How do you check that the card reader works?")
    ]
    assert not links_out_for_the_way("You can use our checking page to see that the card reader works.")


# -- a how whose steps are the subsections under it -------------------------------------------------------

STEP_SECTIONS = """\
## How to take a cake order over the phone

The simplest way to take a cake order over the phone is by filling in an order card while you talk.

### 1. Pick an order card

Order cards are in the drawer under the till. Take one from the top of the pile.

### 2. Write down the cake and the date

Write the cake, its size and the pick-up date in the boxes at the top of the card.

### 3. Pin the card to the board

Pin the card to the order board in the kitchen so the bakers see it.

### 4. The order is now in the queue

The bakers take cards from the board in date order.
"""


def test_a_way_named_over_step_subsections_gets_their_headings_as_steps(tmp_path: Path) -> None:
    answer = _faq(tmp_path, PAGE + STEP_SECTIONS)["How do you take a cake order over the phone?"]
    assert answer.endswith(
        "Three steps: 1) Pick an order card. 2) Write down the cake and the date. 3) Pin the card to the board."
    )
    assert answer.startswith("The simplest way to take a cake order over the phone is by filling in an order card")


def test_a_section_that_gives_a_step_itself_keeps_its_answer(tmp_path: Path) -> None:
    own_step = STEP_SECTIONS.replace(
        "The simplest way to take a cake order over the phone is by filling in an order card while you talk.",
        "Open the order book at today's page and write the cake, its size and the pick-up date on a new line.",
    )
    answer = _faq(tmp_path, PAGE + own_step).get("How do you take a cake order over the phone?", "")
    assert "steps:" not in answer


# -- a hedge owes the advice after it ----------------------------------------------------------------------

HEDGE_Q = "Do I need a club charter when I start a garden club?"
HEDGE = "There is no right time to write a charter, but it is easier once the club has met a few times."
TURN = "Some early notes will shape the charter, however, so write down what you can."


def test_a_hedged_yes_no_answer_owes_the_turn_after_it() -> None:
    assert judged(HEDGE_Q, "en", HEDGE)
    rest = [Unit("paragraph", ()), Unit("paragraph", (TURN, "For example, say who hosts the meetings."))]
    assert default_exception(HEDGE, rest) == LeftOut("exception", TURN)


def test_no_hedge_or_no_turn_owes_nothing() -> None:
    plain = "A charter is not needed at the start. Most clubs write one after a year."
    assert default_exception(plain, [Unit("paragraph", (TURN,))]) is None
    assert default_exception(HEDGE, [Unit("paragraph", ("Most clubs meet once a month.",))]) is None


# -- a list label before advice leaks mid-sentence ----------------------------------------------------------


def test_a_label_before_advice_is_dropped_from_the_condensed_item() -> None:
    item = "Starter plots: To help new members begin, consider giving them a small bed near the gate. More follows."
    assert item_core(item) == "To help new members begin, consider giving them a small bed near the gate"
    condensed = condense_list(
        "Make new members welcome:",
        ("Greet them at the gate.", item),
        ordered=False,
        max_words=200,
        lang="en",
    )
    assert condensed is not None and "starter plots:" not in condensed.lower()
    assert "; to help new members begin, consider giving them" in condensed


def test_a_label_before_a_description_is_kept() -> None:
    assert item_core("Small plot: One bed, no shed, shared tools.") == "Small plot: One bed, no shed, shared tools"


# -- a yes-or-no question answered with the writer's story ---------------------------------------------------


def test_a_yes_no_answer_that_tells_the_writers_story_fails() -> None:
    story = (
        "My front wheel has a loose spoke. I don't notice it and I go to true the wheel. "
        "The stand warns me before the rim bends."
    )
    rules = [f.rule for f in check_answer(story, question="Can a wheel with a loose spoke be trued?", lang="en")]
    assert "setup" in rules


def test_a_yes_no_answer_in_the_writers_voice_that_answers_passes() -> None:
    way = "I can true the wheel once the loose spoke is tightened. The stand warns me before the rim bends."
    rules = [f.rule for f in check_answer(way, question="Can a wheel with a loose spoke be trued?", lang="en")]
    assert "setup" not in rules


# -- the asked task said by another verb of the same act ---------------------------------------------------


def test_the_asked_task_said_later_by_another_verb_is_left_out() -> None:
    answer = "The bin folder holds small scripts that start the shop's till and print the day's report."
    later = "These scripts can be modified like any other script in the shop's repository."
    found = _asked_task(
        "How do you alter the till scripts?", [Unit("paragraph", ()), Unit("paragraph", (later,))], answer
    )
    assert found == LeftOut("verb", later)
    said = "You change the till scripts like any other script: edit the file and save it."
    assert _asked_task("How do you alter the till scripts?", [Unit("paragraph", (later,))], said) is None


# -- changes announced but not given, a procedure that began before the answer, a term as an object ----------


def test_a_how_whose_way_is_a_few_changes_fails() -> None:
    vague = "If you sell through the market stall, you can log every sale by making a few changes to the till page."
    assert how_problem(vague, "How do you log sales at the market stall?") is not None
    given = "If you sell through the market stall, you can log every sale by adding a line to the till page."
    assert how_problem(given, "How do you log sales at the market stall?") is None


def test_numbered_steps_that_go_on_from_steps_before_fail() -> None:
    going_on = (
        "Two steps: 1) Next up, you are back on the oven panel where you can pick the bread program. "
        "2) Once you have picked it, press Start."
    )
    rules = [f.rule for f in check_answer(going_on, question="How do you pick the bread program?", lang="en")]
    assert "unseen-reference" in rules
    own = (
        "Two steps: 1) Now open the oven panel and pick the bread program from the list of programs. "
        "2) Once you have picked it, press Start."
    )
    rules = [f.rule for f in check_answer(own, question="How do you pick the bread program?", lang="en")]
    assert "unseen-reference" not in rules


def test_a_term_named_as_the_object_of_an_instruction_is_not_defined() -> None:
    pointed = (
        "See all the delivery routes that bring bread to the shops. A route is counted when a van leaves the yard."
    )
    assert [f.rule for f in check_answer(pointed, question="What is a route?", lang="en")] == ["definition"]
    defined = "A route is the fixed order of shops a delivery van visits each morning, starting at the bakery yard."
    assert "definition" not in [f.rule for f in check_answer(defined, question="What is a route?", lang="en")]
