"""Coverage (issue 8): an FAQ answer gives what its section says in answer to the question, not the
first part of several (quality/coverage.py, backends/extractive_cover.py).

Every sentence here is our own; the pages are invented (a bakery's order desk, a garden club)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from aeoloop.quality import RULES
from aeoloop.quality.coverage import Unit, check_coverage, judged, left_out


def _rules(answer: str, question: str, rest: list[Unit]) -> set[str]:
    return {f.rule for f in check_coverage(answer, question=question, rest=rest)}


# -- the rule alone -----------------------------------------------------------------------------


def test_the_rule_is_registered_with_a_reason() -> None:
    assert "partial-answer" in RULES and "definition" in RULES["partial-answer"]


def test_which_questions_are_judged() -> None:
    assert judged("How do you bake a sourdough loaf?", "en")
    assert judged("Why does the dough collapse in the oven?", "en")
    assert judged("What if I want to move my plot to another bed?", "en")
    assert judged("When should I water the seedlings?", "en")
    assert not judged("What is a levain?", "en")  # a definition is complete once it defines
    assert not judged("Who runs the garden club?", "en")
    assert not judged("How is a plot's fee worked out?", "en")  # asks what the fee is made of, not a way
    assert not judged("How do you bake a sourdough loaf?", "de")


def test_a_lead_in_announcing_a_list_after_the_answer_is_a_part_left_out() -> None:
    rest = [
        Unit("paragraph", ("Before you move a plot, you need to do three things:",)),
        Unit("list", ("Ask the bed's keeper", "Tell the club secretary", "Label the new bed")),
    ]
    found = check_coverage("Plots can move once a season.", question="What if I want to move my plot?", rest=rest)
    assert [f.rule for f in found] == ["partial-answer"]
    assert "the 3 items announced by" in found[0].message and "you need to do three things" in found[0].message


def test_a_lead_in_announcing_paragraphs_is_a_part_left_out() -> None:
    rest = [
        Unit("paragraph", ("Consider two questions before you decide:",)),
        Unit("paragraph", ("The bed's soil. Clay holds water longer than sand does.",)),
        Unit("paragraph", ("The bed's light. Shade slows most vegetables.",)),
    ]
    assert _rules("A plot can move between seasons.", "What if I want to move my plot?", rest) == {"partial-answer"}


def test_a_lead_in_to_examples_or_another_case_is_no_part() -> None:
    examples = [Unit("paragraph", ("Members have grown many crops, for example:",)), Unit("list", ("leeks", "beans"))]
    assert not _rules("Members may grow any vegetable they like.", "What if I want to grow something new?", examples)
    branch = [
        Unit("paragraph", ("If you rent a raised bed, do this instead:",)),
        Unit("list", ("Empty the bed", "Return the key")),
    ]
    assert not _rules("Hand your plot back to the secretary.", "How do you give up a plot?", branch)
    # what the reader meets afterwards, not what they do or weigh
    outcome = [Unit("paragraph", ("On the board you can see:",)), Unit("list", ("your bed", "its keeper", "the fees"))]
    assert not _rules("Open the club board and pick My plot.", "How do you find your plot on the board?", outcome)


def test_a_definition_is_complete_without_the_later_details() -> None:
    rest = [Unit("paragraph", ("Feed it in three stages:",)), Unit("list", ("Add flour", "Add water", "Wait"))]
    assert not _rules("A levain is a small starter built the night before baking.", "What is a levain?", rest)


def test_steps_after_the_answer_are_left_out_of_a_how_answer() -> None:
    steps = [Unit("paragraph", ()), Unit("code"), Unit("list", ("Open the order desk", "Click Confirm order"))]
    found = left_out("How do you order a cake?", steps, how=True)
    assert found is not None and found.kind == "steps" and len(found.items) == 2
    step_paragraph = [Unit("paragraph", ()), Unit("code"), Unit("paragraph", ("Click Confirm order to send it.",))]
    assert _rules("Write the cake's size in the order form.", "How do you order a cake?", step_paragraph)
    # a "Why …?" asks no way: a step after it is no part of its answer
    assert not _rules("The form needs the size to price the cake.", "Why does the form ask for a size?", step_paragraph)


def test_a_step_paragraph_with_no_code_before_it_is_a_further_task() -> None:
    drill_down = [Unit("paragraph", ()), Unit("paragraph", ("Click one order to see only its invoices.",))]
    assert not _rules("Open the Orders tab to see every cake order.", "How do you see your orders?", drill_down)
    quoted = "Send the order with this call:\n\n```\ndesk.order()\n```"
    assert _rules(quoted, "How do you order a cake?", drill_down)  # the answer quoted the code: it is the next step


def test_a_later_paragraph_that_is_a_branch_or_a_pointer_is_no_step() -> None:
    rest = [
        Unit("paragraph", ()),
        Unit("paragraph", ("To cancel an order, write to the desk.",)),
        Unit("paragraph", ("See the price list for the sizes.",)),
        Unit("paragraph", ("Or click Call me and we ring you back.",)),
    ]
    assert not _rules("Open the order desk and click Confirm order.", "How do you order a cake?", rest)


def test_an_answer_that_gives_every_part_passes() -> None:
    assert not _rules("Open the order desk and click Confirm order.", "How do you order a cake?", [Unit("paragraph")])
    assert not _rules("Open the order desk and click Confirm order.", "How do you order a cake?", [])


# -- the backend: the left-out list given whole, or no entry ---------------------------------------

PAGE = """# Cake orders

Cake orders at the bakery go through a web desk that the bakers watch from early morning until the shop closes. Every cake order names a size and a flavour, and the bakers confirm each one by hand before they start. Orders for the weekend should arrive by Thursday evening so the ovens can be planned.

## Ordering a cake

Send an order to the bakery every time a customer asks for a cake with a size and a flavour. The baker receives the order within the hour.

```js
// send the order to the desk
desk.order({
  size: 'large',
  flavour: 'lemon'
})
```

Open the Orders tab of your account and click Refresh to see the new order there.

## What if I want to move my plot?

Plots in the garden club can move between beds once a season. The committee decides in spring, and most requests succeed when the new bed is empty. Members who moved before usually wait less than two weeks for an answer from them.

Before a move, you should settle three things with the committee:

* whether the bed you leave is clean
* whether the new bed gets enough light
* whether your fees for the season are paid

## What is a levain?

A levain is a small amount of starter built up the night before a bake, so the dough rises evenly.

It is fed in three stages:

* flour in the evening
* water before bed
* a rest overnight
"""


def test_a_how_answer_that_stops_before_the_step_after_the_code_is_skipped_with_a_note(tmp_path) -> None:
    from conftest import extractive_artifacts

    art = extractive_artifacts(tmp_path, PAGE, "cakes.md")
    assert not any("order a cake" in qa.question for qa in art.faq)  # without the step after the code: no entry
    note = next(n for n in art.notes if "order a cake" in n)
    assert "[partial-answer]" in note and "Open the Orders tab" in note


def test_the_announced_parts_are_given_whole_after_a_what_if_answer(tmp_path) -> None:
    from conftest import extractive_artifacts

    art = extractive_artifacts(tmp_path, PAGE, "cakes.md")
    plot = next(qa.answer for qa in art.faq if "move my plot" in qa.question)
    assert plot.startswith("Plots in the garden club can move between beds once a season.")
    assert plot.endswith(
        "you should settle three things with the committee: whether the bed you leave is clean; whether the new "
        "bed gets enough light; whether your fees for the season are paid."
    )


def test_a_definition_keeps_its_answer(tmp_path) -> None:
    from conftest import extractive_artifacts

    art = extractive_artifacts(tmp_path, PAGE, "cakes.md")
    levain = next(qa.answer for qa in art.faq if "levain" in qa.question.lower())
    assert levain.startswith("A levain is a small amount of starter")


def test_the_built_site_prints_the_whole_answer_and_its_json_ld_matches(make_site, build_site) -> None:
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"cakes.md": PAGE})
    build_site(root)
    faq_md = (root / "generated" / "cakes" / "faq.md").read_text(encoding="utf-8")
    assert "whether your fees for the season are paid." in faq_md
    assert "order a cake" not in faq_md
    html = (root / "site" / "cakes" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)  # among others: the JSON-LD answer is the visible answer
    soup = BeautifulSoup(html, "lxml")
    item = next(i for i in soup.select(".aeoloop-faq-item") if "move my plot" in i.h3.get_text(" "))
    visible = " ".join(item.select_one(".aeoloop-faq-answer").get_text(" ").split())
    assert visible.endswith("whether your fees for the season are paid.")
    assert any(" ".join(a.split()) == visible for _, a in faq_jsonld(html))


def test_a_caveat_right_after_the_quoted_code_is_part_of_the_answer() -> None:
    quoted = "Pass your own list of flavours to the desk:\n\n```\ndesk.flavours(['lemon'])\n```"
    caveat = [Unit("paragraph", ()), Unit("paragraph", ("Your list replaces the bakery's default flavours.",))]
    found = check_coverage(quoted, question="What if I want other flavours?", rest=caveat)
    assert [f.rule for f in found] == ["partial-answer"] and "the caveat" in found[0].message
    explains = [Unit("paragraph", ()), Unit("paragraph", ("The desk then shows lemon beside the cake.",))]
    assert not _rules(quoted, "What if I want other flavours?", explains)  # an explanation may go
    prose = "Pass your own list of flavours to the desk when you open an order form."
    assert not _rules(prose, "What if I want other flavours?", caveat)  # no code quoted: nothing it qualifies


def test_a_question_that_asks_two_tasks_needs_both_in_its_answer() -> None:
    question = "How do you weigh and label a loaf?"
    one = "Weigh the loaf on the scale by the oven and read the display once it settles."
    found = check_coverage(one, question=question, rest=[])
    assert [f.rule for f in found] == ["partial-answer"] and '"label"' in found[0].message
    both = one + " Then write the weight on a label and stick it to the bag."
    assert not _rules(both, question, [])
    assert not _rules(one, "How do you weigh a loaf?", [])


def test_one_item_quoted_from_a_list_of_several_is_one_part() -> None:
    rest = [Unit("items", ("Label the jar with the day you fed it",)), Unit("paragraph", ())]
    found = check_coverage("Keep the levain in a warm corner.", question="How do you keep a levain alive?", rest=rest)
    assert [f.rule for f in found] == ["partial-answer"] and "the other item of the list" in found[0].message


def test_one_case_of_several_is_one_part() -> None:
    answer = "For a small club, a shared sheet of who waters when is enough."
    other = [Unit("paragraph", ()), Unit("paragraph", ("For a big club, elect a watering lead for each row.",))]
    found = check_coverage(answer, question="How do you share the watering?", rest=other)
    assert [f.rule for f in found] == ["partial-answer"] and "the next case" in found[0].message
    plain = [Unit("paragraph", ()), Unit("paragraph", ("Most members water in the evening.",))]
    assert not _rules(answer, "How do you share the watering?", plain)
    general = "Write who waters when on a shared sheet by the gate."  # gives no one case
    assert not _rules(general, "How do you share the watering?", other)


def test_the_backend_finds_where_the_answer_ends(tmp_path) -> None:
    from aeoloop.backends.extractive_cover import rest_after
    from aeoloop.page import load_page

    path = tmp_path / "p.md"
    path.write_text(
        "# Beds\n\n## Sharing a bed\n\nTwo members may share one bed for a season. They split the fee.\n\n"
        "Ask the secretary first:\n\n* fill in the form\n* pay the fee\n\nCrops that share well.\n\n* leeks\n* beans\n",
        encoding="utf-8",
    )
    page, _ = load_page(path, "p.md")
    si = next(k for k, s in enumerate(page.sections) if s.heading == "Sharing a bed")
    section = page.sections[si]
    sentences = {
        0: ["Two members may share one bed for a season.", "They split the fee."],
        1: ["Ask the secretary first:"],
    }
    rest = rest_after("Two members may share one bed for a season.", section, sentences)
    assert rest is not None and rest[0] == Unit("paragraph", ("They split the fee.",))
    assert [u.kind for u in rest[1:]] == ["paragraph", "list", "paragraph", "list"]
    quoting = rest_after("Grow leeks in the shared bed.", section, sentences)
    assert quoting is not None and quoting[0] == Unit("items", ("beans",))
    assert rest_after("Nothing from the section is here.", section, sentences) is None


def test_a_later_candidate_that_starts_past_the_left_out_part_fails_alike(tmp_path) -> None:
    from aeoloop.backends.extractive_faq import FaqChooser
    from aeoloop.page import load_page
    from aeoloop.quality import Limits
    from aeoloop.text import split_sentences

    path = tmp_path / "p.md"
    path.write_text(
        "# Beds\n\n## Giving up a bed\n\nA member may give up a bed at any time of the year.\n\n"
        "Before you leave, you should do two things:\n\n* empty the compost bin\n* return the gate key\n\n"
        "Members who come back later join the waiting list again and wait their turn like anyone else.\n",
        encoding="utf-8",
    )
    page, _ = load_page(path, "p.md")
    si = next(k for k, s in enumerate(page.sections) if s.heading == "Giving up a bed")
    section = page.sections[si]
    sents = {(si, bi): split_sentences(b.text) for bi, b in enumerate(section.blocks) if b.kind == "paragraph"}
    question, up_to = "What if I want to give up my bed?", []
    first = "A member may give up a bed at any time of the year."
    text, found = FaqChooser._covered(first, question, section, si, sents, Limits(), up_to)
    # the list fits: given whole after the answer, in the writer's words
    assert not found and text.endswith("you should do two things: empty the compost bin and return the gate key.")
    assert up_to == [1]  # the block of the lead-in the first answer left out
    later = "Members who come back later join the waiting list again and wait their turn like anyone else."
    _, found = FaqChooser._covered(later, question, section, si, sents, Limits(), up_to)
    assert [f.rule for f in found] == ["partial-answer"] and "starts past" in found[0].message


def test_consequences_that_follow_are_no_duty() -> None:
    rest = [Unit("paragraph", ("Two results follow:",)), Unit("list", ("less waste", "fewer pests"))]
    assert not _rules("Compost matters because it feeds the soil.", "Why does compost matter?", rest)
    told = [Unit("paragraph", ("Follow this order when you fill the bin:",)), Unit("list", ("greens", "browns"))]
    assert _rules("Fill the compost bin in layers.", "How do you fill the compost bin?", told)


def test_what_follows_a_turn_to_another_case_is_no_part() -> None:
    rest = [
        Unit("paragraph", ()),
        Unit("paragraph", ("If your oven has no fan, bake the loaf in a covered pot instead.",)),
        Unit("paragraph", ("You should then do two things:",)),
        Unit("list", ("Heat the pot first", "Take the lid off after twenty minutes")),
    ]
    assert not _rules("Bake the loaf on the middle shelf of the hot oven.", "How do you bake the loaf?", rest)
    assert _rules("Bake the loaf on the middle shelf of the hot oven.", "How do you bake the loaf?", rest[2:])


def test_the_writers_story_after_the_code_is_no_caveat() -> None:
    quoted = "List the flavours the desk knows with this call:\n\n```\ndesk.flavours()\n```"
    story = [Unit("paragraph", ()), Unit("paragraph", ("I only looked at the lemon ones at first.",))]
    assert not _rules(quoted, "How do you list the flavours?", story)
