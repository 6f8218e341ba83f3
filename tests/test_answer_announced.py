"""Answers that stop where their section announces the parts (issue 8, session 10 `parts` helper,
bench/RESULTS-quality.md): a comparison or expectation answered by its general line while the
differences are subsections or labelled cases after it, a "Which …?" answered with kinds while the
list follows a lead-in, a choice of plans skipping the labelled list, a step that begins a procedure
("… to begin") with the rest left out, and procedures in paragraphs whose first paragraph says why
before the first step, whose choice step needs the options said before it, or that go on past an
optional paragraph; an answer past the writer's "We recommend you …" (the main line), and one that
stops before "You should also …" (a further duty). Also: a condensed label keeps a name's capitals
("WordPress plugin").

Every sentence here is our own; the pages are invented (a seed library, a bike workshop)."""

from __future__ import annotations

from aeoloop.backends.extractive_edits import lower_first
from aeoloop.quality.announced_parts import (
    announced_below,
    asks_items,
    asks_parts,
    begun_procedure,
    items_announced,
)
from aeoloop.quality.coverage import Unit, check_coverage, judged, main_line_before

# -- the question shapes ---------------------------------------------------------------------------


def test_questions_that_ask_for_parts_or_items_are_judged() -> None:
    for question in (
        "How does a borrowed seed differ from a bought one?",
        "How do the two loan plans compare?",
        "What should you expect from your first harvest?",
        "What are the differences between the loan plans?",
        "Which plan should I choose?",
    ):
        assert asks_parts(question) and judged(question, "en"), question
    assert asks_items("Which seeds are lent?") and judged("Which seeds are lent?", "en")
    for question in ("What is a seed library?", "Does the library lend tools?", "What are seed packets?"):
        assert not asks_parts(question) and not asks_items(question), question
        assert not judged(question, "en"), question


# -- a lead-in to subsections ----------------------------------------------------------------------

LEAD = "Saved seeds differ from packets in a few ways:"


def test_an_answer_stopping_before_a_lead_in_to_subsections_fails() -> None:
    rest = [
        Unit("paragraph", (LEAD,)),
        Unit("heading", ("Germination",)),
        Unit("paragraph", ("They sprout unevenly.",)),
    ]
    found = announced_below(rest)
    assert found is not None and found.kind == "announced" and found.lead == LEAD
    question = "How do saved seeds differ from bought seeds?"
    failures = check_coverage("Saved seeds grow as well as bought ones.", question=question, rest=rest)
    assert [f.rule for f in failures] == ["partial-answer"] and LEAD in failures[0].message


def test_a_lead_in_to_examples_or_no_subheading_after_passes() -> None:
    example = [Unit("paragraph", ("For example:",)), Unit("heading", ("Tomatoes",))]
    assert announced_below(example) is None
    plain = [Unit("paragraph", ("Most beds take them well.",)), Unit("heading", ("Germination",))]
    assert announced_below(plain) is None
    no_heading = [Unit("paragraph", (LEAD,)), Unit("list", ("one", "two"))]
    assert announced_below(no_heading) is None


# -- a step that begins a procedure ------------------------------------------------------------------


def test_a_step_that_begins_a_procedure_leaves_out_the_steps_after_it() -> None:
    rest = [
        Unit("paragraph", ()),
        Unit("list", ("Row: a variety", "Column: a season")),
        Unit("paragraph", ("Click any cell to see its growers.",)),
    ]
    found = begun_procedure("Open the catalogue. Pick a variety to begin browsing it. It is sorted by name.", rest)
    assert found is not None and found.lead.startswith("Click any cell")


def test_a_last_step_without_to_begin_or_no_later_step_passes() -> None:
    rest = [Unit("paragraph", ("Click any cell to see its growers.",))]
    assert begun_procedure("Pick a variety from the list.", rest) is None
    assert begun_procedure("Pick a variety to begin browsing.", [Unit("paragraph", ("The list is sorted.",))]) is None
    below = [Unit("heading", ("Growers",)), Unit("paragraph", ("Click any cell to see its growers.",))]
    assert begun_procedure("Pick a variety to begin browsing.", below) is None  # another subsection's task


# -- "Which …?" and the list a lead-in announces -------------------------------------------------------


def test_a_which_answer_leaving_out_the_announced_list_fails() -> None:
    rest = [
        Unit("paragraph", ("These seeds are lent every spring:",)),
        Unit("paragraph", ("beans, peas, squash, chard",)),
    ]
    found = items_announced("Which seeds are lent?", rest)
    assert found is not None and found.lead == "These seeds are lent every spring:"


def test_a_which_answer_before_an_unrelated_lead_in_passes() -> None:
    rest = [Unit("paragraph", ("Members sign the register like this:",)), Unit("paragraph", ("name, date",))]
    assert items_announced("Which seeds are lent?", rest) is None
    assert items_announced("Which seeds are lent?", [Unit("paragraph", ("Ask at the desk.",))]) is None


# -- the writer's recommendation is the main line; "You should also …" is a further duty --------------


def test_an_answer_past_we_recommend_you_starts_past_the_main_line() -> None:
    before = [Unit("paragraph", ("Do you lend tools too?", "We recommend you label every tool with your name."))]
    assert main_line_before(before) == "We recommend you label every tool with your name."
    assert main_line_before([Unit("paragraph", ("We recommend this shop to friends.",))]) is None
    assert main_line_before([Unit("paragraph", ("We lend tools on Saturdays.",))]) is None


def test_an_answer_before_you_should_also_leaves_out_a_duty() -> None:
    question = "How do you return a borrowed tool?"
    answer = "Bring the tool back to the front desk and sign the register."
    rest = [Unit("paragraph", ("You should also wipe the tool clean before you hand it in.",))]
    failures = check_coverage(answer, question=question, rest=rest)
    assert [f.rule for f in failures] == ["partial-answer"] and "wipe the tool" in failures[0].message
    for after in ("You should also see a receipt in your inbox.", "You can also post it back to us."):
        assert check_coverage(answer, question=question, rest=[Unit("paragraph", (after,))]) == [], after


# -- condensed labels keep a name's capitals -----------------------------------------------------------


def test_lower_first_keeps_a_name_with_a_capital_inside() -> None:
    assert lower_first("WordPress plugin") == "WordPress plugin"
    assert lower_first("User-Agent checks") == "User-Agent checks"
    assert lower_first("API keys") == "API keys"
    assert lower_first("Bot clicks") == "bot clicks"


# -- the extractive FAQ of invented pages ------------------------------------------------------------

SEEDS = """---
title: Seed library
description: How the seed library lends seeds to members of the garden club.
---

# Seed library

The seed library lends seeds to members of the garden club every spring and every autumn season.

## How do borrowed seeds differ from bought seeds?

Borrowed seeds grow as well as bought ones in most beds. But saved seeds are less uniform than the
packets sold in shops. Here are the differences:

### Germination

Saved seeds sprout less evenly, so sow a few extra in each row.

### Labels

Saved seeds carry a handwritten label with the grower's name and year.

## What should you expect from your first harvest?

Your first harvest will be smaller than a seasoned grower's. The plants need time to settle in.

**Smaller fruit**

Tomatoes from saved seed often stay small in the first year.

**Uneven ripening**

Beans ripen over several weeks rather than all at once.

## Which seeds are lent?

The library lends vegetable, herb and flower seeds grown by members of the club. These seeds are lent every spring:

beans, peas, squash, chard, kale, dill, basil, marigold, cosmos, sunflower

Rare seeds are lent only in autumn.

## How do you browse the catalogue?

Open the catalogue from the club's home page. You will see a grid of the varieties. Pick a variety to begin
browsing the catalogue.

Each column of the grid shows one season:

- **Spring:** what members sow first
- **Autumn:** what members sow last

Click any cell to see who grew the seed and when.
"""


def test_the_faq_gives_every_part_or_no_entry(tmp_path) -> None:
    from conftest import extractive_artifacts

    art = extractive_artifacts(tmp_path, SEEDS, "seeds.md")
    faq = {qa.question: qa.answer for qa in art.faq}
    assert "How do borrowed seeds differ from bought seeds?" not in faq
    assert any("Here are the differences:" in n for n in art.notes)
    harvest = faq["What should you expect from your first harvest?"]
    assert "Smaller fruit: Tomatoes" in harvest and "Uneven ripening: Beans" in harvest
    assert "Which seeds are lent?" not in faq
    assert "How do you browse the catalogue?" not in faq
    assert any("Click any cell" in n for n in art.notes)


WORKSHOP = """---
title: Bike workshop
description: How members of the bike workshop book a repair stand and save their bookings.
---

# Bike workshop

The bike workshop lends repair stands and tools to members on weekday evenings and on Saturdays.

## How do you book a repair stand?

You will need a booking before a stand is kept free for you. To book a stand, open the workshop page and
find the evening you want. You should see a calendar with a button beside each evening.

<img alt="calendar" src="calendar.png" />

Click on the **Book** button to open the booking form.

Bookings can be kept either as "solo bookings" (one stand for you) or as "group bookings" (two stands side by side).

Choose the type of booking you want, enter your member number and click **Send**.

When booking a stand, you can optionally add the tools you need so they are laid out for you.

Next, click on **Done** and you will be taken back to the calendar.

That is all there is to it.

## Which plan should I choose?

Every plan opens the same stands. The difference is the hours and the tools.

- **Evening**: weekday evenings, basic tools
- **Weekend**: Saturdays, basic tools and the truing stand
- **Full**: any opening hour, every tool and a locker

Compare the plans at the front desk. Every plan starts with a free first visit.
"""


def test_a_procedure_in_paragraphs_is_given_whole_and_a_skipped_labelled_list_drops_the_pair(tmp_path) -> None:
    from conftest import extractive_artifacts

    art = extractive_artifacts(tmp_path, WORKSHOP, "workshop.md")
    faq = {qa.question: qa.answer for qa in art.faq}
    booked = faq["How do you book a repair stand?"]
    assert booked.startswith("Four steps: 1) To book a stand, open the workshop page")
    assert '"solo bookings"' in booked and "Choose the type of booking" in booked
    assert "4) Next, click on Done" in booked
    assert "You will need a booking" not in booked
    plan = faq.get("Which plan should I choose?")
    assert plan is None or all(label in plan for label in ("Evening", "Weekend", "Full"))


def test_a_section_opening_with_you_can_also_names_what_the_steps_are_for() -> None:
    from aeoloop.backends.extractive_steps import prose_procedure

    paragraphs = [
        (0, ["You can also set up a reminder for a loan to see which tools are due back this week."]),
        (1, ["To get started with reminders, open the loans page and find the tool."]),
        (2, ["Click the **Remind me** button beside it."]),
        (3, ["Next, press **Save** and you will be taken back to the loans page."]),
    ]
    found = prose_procedure(paragraphs, max_words=120, lang="en")
    assert found is not None and found.answer is not None and found.answer.startswith("Three steps: 1) To get started")
    tapped = [(0, ["You can also tap the bell to see which tools are due back this week."]), *paragraphs[1:]]
    assert prose_procedure(tapped, max_words=120, lang="en") is None  # an interface action: a way of its own


# -- the step that completes a set-up, after the options ----------------------------------------------


def test_an_answer_stopping_before_the_closing_step_leaves_it_out() -> None:
    from aeoloop.quality.announced_parts import closing_step

    rest = [
        Unit("paragraph", ("You can also tick **Remind me** to get an email the day before.",)),
        Unit("paragraph", ("Once these options are set, you can click **Book** and the stand is yours.",)),
    ]
    found = closing_step(rest)
    assert found is not None and found.kind == "closing" and found.lead.startswith("Once these options")
    question = "How do you set up a booking?"
    failures = check_coverage("Pick the evening and the stand you want.", question=question, rest=rest)
    assert [f.rule for f in failures] == ["partial-answer"] and "Once these options" in failures[0].message


def test_no_closing_step_or_one_under_another_heading_passes() -> None:
    from aeoloop.quality.announced_parts import closing_step

    assert closing_step([Unit("paragraph", ("Once the stand is booked, it shows on your page.",))]) is None
    below = [Unit("heading", ("Groups",)), Unit("paragraph", ("Once all members agree, click **Book**.",))]
    assert closing_step(below) is None
