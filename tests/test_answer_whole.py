"""Coverage, session 9 (issue 8): answers that leave out part of their section: the other branch after
the answer ("If you missed …", "Otherwise, …", "If you don't …"), the fix a cause closes on, the second
task of "edit or delete", the asked task said only later, steps counted in prose ("First, … Second, …"),
and an answer that starts past the section's main line or with a second way (quality/coverage.py,
backends/extractive_cover.py, backends/extractive_faq.py).

Every sentence here is our own; the page is invented (a community garden)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from aeoloop.quality.coverage import Unit, check_coverage, find_left_out, main_line_before, second_way, skipped_step


def _found(answer: str, question: str, rest: list[Unit]) -> str | None:
    part = find_left_out(answer, question=question, rest=rest)
    return part.kind if part is not None else None


# -- the rules alone ----------------------------------------------------------------------------

REGISTER = "How do I register my plot?"
FORM = "Fill in the plot form at the shed on your first visit and hand it to the volunteer on duty."


def test_the_other_branch_opening_the_next_paragraph_is_a_part_left_out() -> None:
    missed = [
        Unit("paragraph", ()),
        Unit("paragraph", ('<img alt="The plot form" src="form.png" />',)),
        Unit("paragraph", ("If you missed the form, email the secretary with your plot number.",)),
    ]
    found = check_coverage(FORM, question=REGISTER, rest=missed)
    assert [f.rule for f in found] == ["partial-answer"] and "other way" in found[0].message
    otherwise = [Unit("paragraph", ()), Unit("paragraph", ("Otherwise, the secretary can add you by phone.",))]
    assert _found(FORM, REGISTER, otherwise) == "other"


def test_another_readers_case_or_an_option_is_no_other_branch() -> None:
    case = [Unit("paragraph", ()), Unit("paragraph", ("If you garden with a school group, ask the teacher first.",))]
    option = [Unit("paragraph", ()), Unit("paragraph", ("You can also bring the form on a later visit.",))]
    assert _found(FORM, REGISTER, case) is None
    assert _found(FORM, REGISTER, option) is None


def test_what_follows_if_the_reader_does_not_act_is_a_part_left_out() -> None:
    question = "What happens if I leave my plot unweeded?"
    answer = "A plot left alone for a month gets a friendly reminder from the committee to weed it."
    rest = [Unit("paragraph", ("If you don't weed it within two weeks, the plot goes to the next person waiting.",))]
    assert _found(answer, question, rest) == "other"
    calm = [Unit("paragraph", ("Most plot holders catch up within a week or two.",))]
    assert _found(answer, question, calm) is None
    case = [Unit("paragraph", ("If you don't have a hoe yet, the shed lends one for a small deposit.",))]
    assert _found(answer, question, case) is None  # another reader's case, not the answer's action left undone


def test_the_fix_a_cause_closes_on_is_a_part_left_out_of_a_why_answer() -> None:
    question = "Why do seedlings wilt in the greenhouse?"
    answer = "Closed vents trap heat, and the air inside dries out within the hour."
    fix = [Unit("paragraph", ("Open the vents every morning unless frost is forecast.",))]
    found = check_coverage(answer, question=question, rest=fix)
    assert [f.rule for f in found] == ["partial-answer"] and "fix" in found[0].message
    pointer = [Unit("paragraph", ("See the greenhouse rota for who opens it.",))]
    assert _found(answer, question, pointer) is None
    check = "Check whether the vents were shut. Closed vents trap heat, and the air inside dries out quickly."
    assert _found(check, question, fix) == "fix"  # a check is no fix: the fix is still owed
    fixed = "Closed vents trap heat. Prop them open on warm days."
    assert _found(fixed, question, fix) is None  # the answer already says what to do
    only_check = [Unit("paragraph", ("Verify the vent latch with the duty volunteer.",))]
    assert _found(answer, question, only_check) is None  # a further check is no fix owed
    # for a how-question a further instruction on the same screen is no fix the answer owes
    how = "How do you water seedlings?"
    assert _found("Water them from below with the tray.", how, [Unit("paragraph", ("Label the tray.",))]) is None


def test_a_question_with_two_tasks_joined_by_or_wants_both() -> None:
    question = "How do you rename or remove a saved bed plan?"
    renames = "Open the plan from the Plans menu and choose Rename to give it a new name."
    found = find_left_out(renames, question=question, rest=[])
    assert found is not None and found.kind == "task" and found.lead == "remove"
    both = "Open the plan and choose Rename to give it a new name, or Remove to remove it for good."
    assert find_left_out(both, question=question, rest=[]) is None


def test_the_asked_task_said_only_later_is_a_part_left_out() -> None:
    question = "How do you pick a seed mix?"
    answer = "Every new bed needs a seed mix before the spring sowing day. The shed sells a few."
    later = [
        Unit("paragraph", ()),
        Unit("paragraph", ("Members can pick the wildflower or the vegetable mix at the shed.",)),
    ]
    assert _found(answer, question, later) == "verb"
    said = "Pick a seed mix by the light your bed gets: the shade mix for beds under trees."
    assert _found(said, question, later) is None
    noun = [Unit("paragraph", ("The spring pick of the committee is the wildflower mix.",))]
    assert _found(answer, question, noun) is None  # "pick" names a thing here, not the task
    other_thing = [Unit("paragraph", ("You can also pick a day for the plant swap.",))]
    assert _found(answer, question, other_thing) is None  # the verb alone, about something else
    pointer = [Unit("paragraph", ("For more ideas, see how to pick a seed mix in the shed folder.",))]
    assert _found(answer, question, pointer) is None
    general = "How do you get a seed mix?"  # "get" says too little to judge by
    assert _found(answer, general, [Unit("paragraph", ("Members get them at the shed.",))]) is None


def test_a_how_answer_with_no_way_while_the_way_comes_later_is_a_part_left_out() -> None:
    question = "How do you adopt a garden charter?"
    why = (
        "A charter sets out how members treat each other and the shared tools, which saves the committee many disputes."
    )
    later = [
        Unit("paragraph", ()),
        Unit("paragraph", ("Most gardens start from the charter the city publishes.",)),
        Unit("paragraph", ("Add the charter to the notice board by the shed door.",)),
    ]
    found = check_coverage(why, question=question, rest=later)
    assert [f.rule for f in found] == ["partial-answer"] and "comes later" in found[0].message
    way = "You can start from the charter the city publishes and pin it to the shed door."
    assert _found(way, question, later) is None  # the answer gives a way itself
    pointer_only = [Unit("paragraph", ()), Unit("paragraph", ("See the city charter page for a template.",))]
    assert _found(why, question, pointer_only) is None


def test_steps_counted_in_prose_after_the_answer_are_a_part_left_out() -> None:
    question = "How do you keep compost warm?"
    answer = "A warm heap breaks down in weeks rather than months."
    counted = [
        Unit("paragraph", ()),
        Unit("paragraph", ("First, build the heap at least a metre high.", "Second, cover it with old carpet.")),
    ]
    assert _found(answer, question, counted) == "steps"
    one = [Unit("paragraph", ()), Unit("paragraph", ("The first prize at the show went to a compost heap.",))]
    assert _found(answer, question, one) is None


def test_advice_before_the_answer_is_the_main_line() -> None:
    advice = [Unit("paragraph", ("If you need help with watering, start by asking your neighbours.",))]
    assert main_line_before(advice) is not None
    setting = [Unit("paragraph", ("Dry summers are hard on every plot in the garden.",))]
    pointer = [Unit("paragraph", ("See the rota on the shed door.",))]
    lead_in = [Unit("paragraph", ("Pick one of these:",)), Unit("list", ("a rota", "a group chat"))]
    named = [Unit("paragraph", ("If you call it with no file, Pipe will print every line it reads.",))]
    assert main_line_before(named) is None  # a tool whose name is a verb, not advice
    assert main_line_before(setting) is None
    assert main_line_before(pointer) is None
    assert main_line_before(lead_in) is None


def test_a_step_before_the_answer_in_its_own_paragraph_is_skipped() -> None:
    assert skipped_step(["Last, you can click Print or Share to send the plan on."]) is not None
    assert skipped_step(["Start with the beds nearest the tap."]) is not None
    assert skipped_step(["The plan shows every bed in the garden."]) is None
    assert skipped_step(["See the shed folder for old plans."]) is None


def test_an_opening_that_gives_a_second_way() -> None:
    assert second_way("We can also ask the tool to print the date alone.")
    assert second_way("Another way is to ask at the shed.")
    assert not second_way("We can ask the tool to print the date alone.")
    assert not second_way("Members also enjoy the summer fair.")


# -- the FAQ and the built site -------------------------------------------------------------------

PAGE = """# Garden help

The garden's help page answers what new plot holders ask the committee most: how to register a plot, how to
rename or remove a bed plan, why seedlings wilt in the greenhouse, and how to share the watering in a dry summer.

## How do I register my plot?

Fill in the plot form at the shed on your first visit and hand it to the volunteer on duty. The volunteer adds
your name to the plot map in the same week.

<img alt="The plot form" src="form.png" />

If you missed the form on your first visit, email the secretary with your plot number. The secretary registers
the plot for you.

## How do you rename or remove a saved bed plan?

Open the saved bed plan from the Plans menu and click its title. Then choose Rename to give it a new name.

To keep your changes, press the Save plan button. Use the small arrow beside that button to copy the plan or to
remove it for good.

## Sharing the watering

If you need help with the watering, start by asking the plot holders next to yours.

One way to find helpers is a rota pinned to the shed door, with a column for each day of the week and a row
for each plot. Members write their names against the days they can come, and the committee copies the rota into
the group chat every Sunday evening, so that nobody has to walk to the shed just to see who is on duty that week.

When a member waters for you often, thank them by offering a share of the harvest and name them in the
newsletter, so others see that their help is noticed. Sharing the chores keeps every plot green through the
dry months.
"""


def test_the_faq_gives_both_ways_both_tasks_and_no_tail(tmp_path) -> None:
    from conftest import extractive_artifacts

    art = extractive_artifacts(tmp_path, PAGE, "garden.md")
    faq = {qa.question: qa.answer for qa in art.faq}
    register = faq["How do I register my plot?"]
    assert "If you missed the form on your first visit, email the secretary with your plot number." in register
    assert "<img" not in register
    plan = faq["How do you rename or remove a saved bed plan?"]
    assert plan.endswith("Use the small arrow beside that button to copy the plan or to remove it for good.")
    # the thank-you paragraph is the section's tail: an answer from it leaves out "start by asking …"
    assert not any(a.startswith("When a member waters") for a in faq.values())


def test_the_built_site_prints_the_whole_answers_and_its_json_ld_matches(make_site, build_site) -> None:
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"garden.md": PAGE})
    build_site(root)
    faq_md = (root / "generated" / "garden" / "faq.md").read_text(encoding="utf-8")
    assert "email the secretary with your plot number" in faq_md
    assert "?\n\nWhen a member waters" not in faq_md  # no answer starts at the section's tail
    html = (root / "site" / "garden" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    soup = BeautifulSoup(html, "lxml")
    items = {" ".join(i.h3.get_text(" ").split()): i for i in soup.select(".aeoloop-faq-item")}
    assert "How do you rename or remove a saved bed plan?" in items  # the heading is the question: the FAQ points to it
    jsonld = dict(faq_jsonld(html))
    plan = " ".join(jsonld["How do you rename or remove a saved bed plan?"].split())
    assert plan.endswith("to copy the plan or to remove it for good.")
    assert "email the secretary with your plot number" in jsonld["How do I register my plot?"]
