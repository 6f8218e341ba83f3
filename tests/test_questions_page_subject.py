"""Questions that need their page (issue 8, round 5): checks and numbered checks of a troubleshooting
part are skipped, a thin task or symptom gets the subject its page states, and a Title Case order
with a command the lexicon does not know is asked as a task. Headings and pages are our own words."""

from __future__ import annotations

from bs4 import BeautifulSoup

from aeoloop.amplify.questions import explain_heading

TITLE = "Kettle descaling"


def ask(heading: str, *parents: str, title: str = TITLE, names: frozenset[str] = frozenset()):
    return explain_heading(heading, topic=title, parents=(title, *parents), names=names)


# -- yes/no checks under a symptom or a troubleshooting heading --------------------------------


def test_a_yes_no_check_under_a_symptom_is_not_a_question() -> None:
    found = ask("Does the filter size match the jug?", "Kettle not switching off?")
    assert found.question is None and found.shape == "check"
    assert "troubleshooting" in (found.reason or "")
    assert ask("Has the timer run at least once since you set it?", "Troubleshooting the timer").question is None
    assert ask("Did the descaler dissolve fully?", "Kettle is not heating").question is None


def test_a_yes_no_question_outside_a_troubleshooting_part_stays() -> None:
    assert ask("Does the kettle need a special descaler?").question == "Does the kettle need a special descaler?"
    # a check that names its own subject stands alone
    assert ask("Are some travel kettles sold without a filter?", "Kettle not switching off?").question == (
        "Are some travel kettles sold without a filter?"
    )
    assert ask("Is the warranty per kettle or per household?", "Buying a kettle").question == (
        "Is the warranty per kettle or per household?"
    )
    # the reader's own case on a troubleshooting part is still turned into "What if …?"
    assert ask("Is your kettle on a different circuit than the socket you tested?", "Troubleshooting").question == (
        "What if your kettle is on a different circuit than the socket you tested?"
    )


# -- numbered checks of a diagnosis or a checklist -----------------------------------------------


def test_a_numbered_check_of_an_investigation_or_checklist_is_skipped() -> None:
    found = ask("1. Check the heating plate and the seal", "Investigating a sudden leak")
    assert found.question is None and found.shape == "numbered_check"
    assert ask("2. Rinse the filter twice", "Monthly cleaning checklist").question is None
    assert ask("3) Look at the cable", "Kettle not switching on?").question is None


def test_numbered_steps_of_a_task_and_unnumbered_checks_stay() -> None:
    assert ask("3. Pour in the descaling solution", "How to descale your kettle").question == (
        "How do you pour in the descaling solution?"
    )
    assert ask("Check the heating plate and the seal", "Investigating a sudden leak").question == (
        "How do you check the heating plate and the seal?"
    )


# -- the page's subject added to a thin question ------------------------------------------------


def test_a_task_on_the_readers_own_thing_gets_the_title_subject() -> None:
    assert ask("Replace your filter", title="Limescale guards").question == (
        "How do you replace your filter for limescale guards?"
    )
    found = ask("Update your settings", title="Limescale guards")
    assert found.question == "How do you update your settings for limescale guards?"
    assert found.shape == "imperative"


def test_no_subject_is_added_when_the_heading_or_title_does_not_call_for_it() -> None:
    # the heading names the title's thing already
    assert ask("Update your protection settings", title="Boil-dry protection").question == (
        "How do you update your protection settings?"
    )
    # a title that is an order, or a title with a preposition, is not a subject to borrow
    assert ask("Verify your email address", title="Register for an account").question == (
        "How do you verify your email address?"
    )
    assert ask("Update your settings", title="Best practices for owners").question == (
        "How do you update your settings?"
    )
    # a task on something that is not the reader's own stays as written
    assert ask("Descale the element", title="Boil-dry protection").question == "How do you descale the element?"


def test_a_question_under_troubleshooting_a_thing_names_the_thing() -> None:
    assert ask("Readings seem higher than usual", "Troubleshooting thermostats").question == (
        "Why do readings seem higher than usual in thermostats?"
    )
    # already named: left alone
    assert ask("Thermostat shows no reading", "Troubleshooting thermostats").question == (
        "Why does the thermostat show no reading?"
    )
    # a heading above that is not "Troubleshooting <thing>" adds nothing
    assert (
        ask("Readings seem higher than usual", "Common readings").question == "Why do readings seem higher than usual?"
    )


# -- Title Case orders with a command the lexicon does not know ---------------------------------


def test_a_title_case_command_order_is_a_task() -> None:
    assert ask("Grep Through Log Files For Errors", title="unix").question == (
        "How do you grep through log files for errors?"
    )
    assert ask("Rsync Into A Mounted Volume", title="unix").question == "How do you rsync into a mounted volume?"


def test_a_short_or_named_or_gerund_title_is_not_read_as_an_order() -> None:
    assert not (ask("Frobnicate For Widgets", title="unix").question or "").startswith("How do you")
    named = ask("Zork For Beginners And Experts", title="games", names=frozenset({"Zork"})).question
    assert not (named or "").startswith("How do you")
    assert not (ask("Globbing For Hidden Directories", title="unix").question or "").startswith("How do you")


# -- a real build ------------------------------------------------------------------------------

PAGE = """\
---
title: Limescale guards
---

# Limescale guards

Limescale guards catch the scale that hard water leaves in the jug, so the element never overheats.

## Update your settings

To update your settings, open the Kettle app, choose the guard tab and set how often it reminds you
to rinse the guard, then press Save to keep the change for every later boil.

## Troubleshooting thermostats

### Readings seem higher than usual

Higher readings usually mean the sensor needs calibrating: run the calibration from the app's service
menu, which compares the reading with boiling water and corrects the offset it finds.

### Does the sensor cable sit firmly?

Unplug the base and press the cable into its socket until it clicks, then plug the base back in.

## Investigating a sudden cut-out

### 1. Check the water level

Fill the jug above the minimum mark, because the protection cuts the power below it on purpose.
"""


def test_the_built_site_asks_with_the_page_subject_and_skips_the_checks(make_site, build_site) -> None:
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"guards.md": PAGE})
    build_site(root)
    faq_md = (root / "generated" / "guards" / "faq.md").read_text(encoding="utf-8")
    assert "How do you update your settings for limescale guards?" in faq_md
    assert "Why do readings seem higher than usual in thermostats?" in faq_md
    assert "sensor cable sit firmly" not in faq_md
    assert "check the water level" not in faq_md.lower()
    html = (root / "site" / "guards" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    asked = {" ".join(q.split()) for q, _ in faq_jsonld(html)}
    visible = {" ".join(h.get_text(" ").split()) for h in BeautifulSoup(html, "lxml").select(".aeoloop-faq-item h3")}
    assert "How do you update your settings for limescale guards?" in asked
    assert asked <= visible


# -- a definite common noun the title does not name -------------------------------------------


def test_the_one_noun_definition_the_title_does_not_name_is_skipped() -> None:
    found = ask("Understanding the table", title="Brewing schedules")
    assert found.question is None and found.shape == "thin_definition"
    assert "whose" in (found.reason or "")


def test_a_definition_the_title_names_or_of_two_words_stays() -> None:
    assert ask("Understanding the schedule", title="Brewing schedules").question == "What is the schedule?"
    assert ask("Understanding the brewing table", title="Kettle care").question == "What is the brewing table?"


# -- a handbook's own arrangement: "What is X?" answered with how X is provided ---------------


def test_a_definition_answered_with_the_arrangement_asks_how() -> None:
    from aeoloop.amplify.questions import arrangement_question

    answer = "For staff in Canada, dental cover is provided through a national insurer. The firm pays half."
    assert arrangement_question("What is dental cover?", answer) == "How is dental cover provided?"
    assert arrangement_question("What are the bike loans?", "Bike loans are handled by the office team.") == (
        "How are the bike loans handled?"
    )


def test_a_real_definition_or_another_question_is_not_refitted() -> None:
    from aeoloop.amplify.questions import arrangement_question

    assert arrangement_question("What is dental cover?", "Dental cover is insurance that pays for check-ups.") is None
    assert arrangement_question("How do you get dental cover?", "Dental cover is provided through an insurer.") is None
    assert arrangement_question("What is dental cover?", "The insurer was founded by two dentists.") is None


HANDBOOK = """\
---
title: Staff perks
---

# Staff perks

Every member of staff gets the same perks from their first day, wherever they work, and the list
below says what each perk is and how to use it.

## Dental Cover

In most countries, dental cover is provided through a national insurer chosen by the office team.
The firm pays half of the premium and staff pay the other half through payroll each month.
"""


def test_the_built_handbook_asks_how_the_perk_is_provided(make_site, build_site) -> None:
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"perks.md": HANDBOOK})
    build_site(root)
    faq_md = (root / "generated" / "perks" / "faq.md").read_text(encoding="utf-8")
    assert "How is dental cover provided?" in faq_md
    assert "What is dental cover?" not in faq_md
    html = (root / "site" / "perks" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    assert "How is dental cover provided?" in {" ".join(q.split()) for q, _ in faq_jsonld(html)}


# -- a task the answer has its doers do: "How should … be …?" ---------------------------------


def test_a_task_answered_by_having_its_doers_do_it_asks_how_it_should_be_done() -> None:
    from aeoloop.amplify.questions import actor_question

    assert actor_question(
        "How do you review recipe changes?", "Ask reviewers to taste the dish first. Then merge."
    ) == ("How should recipe changes be reviewed?")
    assert actor_question("How do you translate the menu?", "Invite translators to work from the printed copy.") == (
        "How should the menu be translated?"
    )


def test_a_task_answered_with_its_own_steps_is_not_refitted() -> None:
    from aeoloop.amplify.questions import actor_question

    assert actor_question("How do you review recipe changes?", "Taste the dish first, then merge the change.") is None
    assert actor_question("How do you review recipe changes?", "Ask cooks to taste the dish first.") is None
    assert actor_question("What are recipe changes?", "Ask reviewers to taste the dish first.") is None
