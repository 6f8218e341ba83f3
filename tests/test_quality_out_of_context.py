"""The contract's rules for text read far from its page (summaries, takeaways, channel items).

Every sentence here is real: generated from plausible/docs, basecamp/handbook,
github/opensource.guide or jbranchaud/til by the extractive backend before these rules."""

from __future__ import annotations

import pytest

from aeoloop.backends.extractive_edits import with_goal
from aeoloop.quality import check_item, check_summary, check_takeaway
from aeoloop.quality.out_of_context import leaning_sentence


def rules(found) -> set[str]:
    return {f.rule for f in found}


@pytest.mark.parametrize(
    "text",
    [
        "Let's say a conveyor starts out idle and switches to running when a pallet arrives.",
        "Imagine a single technician opening two work orders: WO-17 and WO-18.",
        "Thanks for wanting to help improve Acme Monitor!",
        "You might not want test rigs in the workshop to show up in your plant alarms.",
    ],
)
def test_setup_fails(text: str) -> None:
    assert "setup" in rules(check_takeaway(text))


def test_setup_in_a_summary_anywhere() -> None:
    summary = (
        "On minute-by-minute trend charts (such as the live line view), we count alarms and work orders based on "
        "whether each was still open. Let's walk through a small example to see how. A work order that "
        "opens at 12:04 and closes at 12:06 counts as one open job in each of those minutes."
    )
    assert "setup" in rules(check_summary(summary, title="Console FAQ"))


@pytest.mark.parametrize(
    "text",
    [
        "Mark it down for subsequent steps.",
        "You can sort your sites too.",
        "With this setting, any sensor whose tag contains /spare/ will be muted.",
        "For instance, our stats API, official WordPress plugin and official Google Data Studio connector.",
        "If their plant has no active licence, they'll have to buy one before accepting.",
        "You can read more about putting these readings to use as a plant manager here.",
        "Now you can open your SCADA panel and check that the Acme Monitor widget has been added.",
        "Shared tooling is an odd case, however, because its maker expects other plants to adopt it.",
        "On Gitea, this can be done with confidential tickets.",  # opensource.guide, security page
    ],
)
def test_leaning_on_unseen_text_fails(text: str) -> None:
    assert "unseen-reference" in rules(check_takeaway(text))


@pytest.mark.parametrize(
    "text",
    [
        "Hover over the hour on the trend line where you want to pin the note.",
        "Embed the Acme Monitor console straight into your panel as an iframe, with no Acme Monitor logo shown.",
    ],
)
def test_bare_instruction_fails(text: str) -> None:
    assert "bare-instruction" in rules(check_takeaway(text))
    assert "bare-instruction" in rules(check_item(text))


@pytest.mark.parametrize(
    "text",
    [
        "To set up an alarm, open your plant's settings in your Acme Monitor account and visit the Alarms section.",
        "Click on Bearing: Overheat alarm in the Alarms tab of your Acme Monitor console to see every time it fired.",
        "Plausible keeps its dashboard intentionally simple.",
        "Open source is licensed so that anybody can use, study, modify and distribute the project.",
        "Notes appear as flags along the bottom of the main vibration chart.",
        "Acme Monitor allows you to create a crew for your plant, invite technicians to view alarms and change "
        "sensor settings, and to manage your Acme Monitor licence and invoices as well.",
        "Make it easy for people to contribute by writing a CONTRIBUTING file.",
        "There is no ideal moment to share your maintenance playbook.",
        "If the value is empty, it is ignored by the tracking script.",
        "A good checklist is more than a tidy form or a catchy title.",
        # the example site: advice with its reason, and a noun that is also a verb ("Band alarms")
        "Monitor first the assets whose failure stops a line or costs the most, selected with a written criticality "
        "ranking rather than by convenience.",
        "Band alarms watch the energy in a narrow frequency range, so they react to one fault type.",
    ],
)
def test_statements_that_stand_alone_pass(text: str) -> None:
    assert check_takeaway(text) == []


def test_a_step_gets_its_goal_from_its_task_heading() -> None:
    step = "Open the Licence panel and press Cancel licence."
    fixed = with_goal(step, "Cancel your licence")
    assert fixed == "To cancel your licence, open the Licence panel and press Cancel licence."
    assert check_takeaway(fixed) == []
    assert with_goal(step, "How to cancel your licence") == fixed
    assert with_goal(step, "Licence") is None  # a noun heading is not a goal
    assert with_goal(step, "Billing: cancel (old plans)") is None
    assert with_goal("To cancel, go to Settings.", "Cancel your subscription") is None


OPENING_WITH_HOW = """\
---
title: Keep test runs out of your alarm history
---

By default, Acme Monitor records every reading from your sensors and raises an alarm for each breach. Here's how to exclude your test runs from the alarm history. You can exclude readings from specific sensors, machines, bays or shifts in your plant settings. Each exclusion list holds up to 30 entries and applies to new readings only.

## Exclude a sensor

Go to the plant settings and open Filters. Enter the sensor tag and click Add.
"""


def test_summary_drops_the_sentence_that_points_at_the_page(tmp_path) -> None:
    from pathlib import Path

    from aeoloop.backends.extractive import ExtractiveBackend
    from aeoloop.brand import load_brand
    from aeoloop.page import load_page
    from aeoloop.settings import Settings

    root = Path(__file__).parent.parent
    path = tmp_path / "page.md"
    path.write_text(OPENING_WITH_HOW, encoding="utf-8")
    page, _ = load_page(path, "page.md")
    art = ExtractiveBackend(Settings(), load_brand(root / "brand", root)).generate(page)
    assert "Here's how" not in art.summary
    assert art.summary.startswith("By default, Acme Monitor records every reading")
    assert "You can exclude readings" in art.summary
    assert check_summary(art.summary, title=page.title) == []
    assert "To exclude a sensor, go to the plant settings and open Filters." in art.takeaways


@pytest.mark.parametrize(
    "text",
    [
        "A steep fall between 2 and 3 means approvals are stalling.",  # plausible funnel-analysis, an X post
        "Acme Monitor offers two alarm modes that differ in how strictly that method is applied.",
        "Now, start the gateway's test server and open localhost:8080/status.",
        "Planetscale is a multi-tenant SaaS though.",
    ],
)
def test_channel_items_that_lean_on_the_page_fail(text: str) -> None:
    from aeoloop.amplify.channels.points import refers_to_unseen

    assert "unseen-reference" in rules(check_item(text))
    assert refers_to_unseen(text, "en")


@pytest.mark.parametrize(
    "text",
    [
        "Meet-ups last between 4 and 5 days.",
        "Funnels show where visitors drop off between the steps you define.",
        "The alarm only counts readings taken after it was set.",
    ],
)
def test_channel_items_that_stand_alone_pass(text: str) -> None:
    from aeoloop.amplify.channels.points import refers_to_unseen

    assert check_item(text) == []
    assert not refers_to_unseen(text, "en")


def test_setup_after_now_and_tied_sentences() -> None:
    from aeoloop.quality.out_of_context import setup_problem, tied_to_previous

    assert setup_problem("Now let's say I move the valve to closed.partial.")
    assert tied_to_previous("Keeping that flood of alerts under control is hard.")
    assert not tied_to_previous("Alert grouping is not switched on by default in Acme Monitor.")


def test_a_summary_that_announces_the_body_fails() -> None:
    summary = (
        "Breakdowns and retrofits aside, a plant's uptime hinges not only on its machines but also on the "
        "habits of the crews who run them. Steady inspection rounds are important to keep those habits alive. "
        "Here are a few concrete steps you can take to noticeably strengthen your plant's inspection rounds."
    )
    assert "unseen-reference" in rules(check_summary(summary, title="Inspection Best Practices for your Plant"))


@pytest.mark.parametrize(
    "text, rule",
    [
        ("Shows the firmware versions running on your sensors.", "fragment"),  # plausible metrics-definitions
        ("If you lose it, you'll have to revoke the token and issue a fresh one.", "unseen-reference"),  # shared-links
        ("We built it ourselves and still drive its roadmap.", "unseen-reference"),  # basecamp systems
        (
            "Below, you'll find the columns each spreadsheet needs before Acme Monitor can load it.",
            "unseen-reference",
        ),
    ],
)
def test_takeaways_without_their_subject_fail(text: str, rule: str) -> None:
    assert rule in rules(check_takeaway(text))


@pytest.mark.parametrize(
    "text",
    [
        "Access to the dashboard is free for every team member.",
        "Tracks are listed by date in the report.",
        "Goals show up in the dashboard once they have fired.",
        "We make it easy for every new hire to set up their laptop.",
    ],
)
def test_subjects_that_look_like_verbs_pass(text: str) -> None:
    assert check_takeaway(text) == []


def test_channel_points_read_link_text_and_keep_real_pointers_out() -> None:
    from aeoloop.amplify.channels.places import plain as _plain
    from aeoloop.amplify.channels.points import META_RE

    assert (
        _plain("In the **Site Installation** area of your [site settings](website-settings.md) you can see it.")
        == "In the Site Installation area of your site settings you can see it."
    )
    assert (
        _plain("Look for the `pa-XXXXX.js` part.") == "Look for the `pa-XXXXX.js` part."
    )  # code stays, clean() rejects it
    # "you can see the snippet" says something; "see the guide on …" points elsewhere
    assert not META_RE.search(
        "In the Site Installation area of your site settings you can see the snippet specific for your site."
    )
    assert META_RE.search("To learn more, see the integration guide on our blog.")


def test_a_caption_without_its_subject_is_no_post() -> None:
    from aeoloop.amplify.channels.points import refers_to_unseen

    # plausible sites-api: endpoint captions taken as thread posts
    assert refers_to_unseen("Gets a list of crews your Acme Monitor login can see.", "en")
    assert refers_to_unseen("Removes a plant from your Acme Monitor login together with all its readings.", "en")
    assert not refers_to_unseen("The Plants API removes a plant from your login together with all its readings.", "en")


def test_last_resort_summary_stays_in_the_opening(tmp_path) -> None:
    """Nothing passes: the opening is kept (a build note says so), not a lone sentence of a later section."""
    from pathlib import Path

    from aeoloop.backends.extractive import ExtractiveBackend
    from aeoloop.brand import load_brand
    from aeoloop.page import load_page
    from aeoloop.settings import Settings

    text = (
        "---\ntitle: Oee\n---\n\nOee is explained on this page in enough words to make a summary that an answer "
        "engine could quote. It covers what it is, why it matters and how to start.\n\n## Why it matters\n\n"
        "It matters because unplanned downtime is expensive. A small pilot shows the value within weeks, and "
        "the results convince the rest of the plant to follow.\n"
    )
    path = tmp_path / "oee.md"
    path.write_text(text, encoding="utf-8")
    page, _ = load_page(path, "oee.md")
    root = Path(__file__).parent.parent
    art = ExtractiveBackend(Settings(), load_brand(root / "brand", root)).generate(page)
    assert art.summary.startswith("Oee is explained on this page")


# --- session 6 (`leans`): answers leaning on code or output the reader cannot see -------------


@pytest.mark.parametrize(
    ("text", "question", "said"),
    [
        ("The mock reports the call but skips the body (second spec block).", "", "(second spec block)"),
        ("The flag keeps old rows (see above).", "", "(see above)"),
        ("A quick way of solving this is to restart the pump daemon.", "", "solving this"),
        ("A neat way of accomplishing this is to clone the valve profile first.", "", "accomplishing this"),
        ("You can settle this mismatch with one call: sync --all.", "", "this mismatch"),
        ("Both toggles send the same alert, but their colour differs.", "", "Both toggles"),
        ("Passing in minutes where hours are expected gives a tiny number.", "", "Passing"),
        ("Wrap the pair in braces to get the tuple that can then be merged with the rest.", "", "that can then"),
        ("Keep your sensors in one list. Then register them all in the same snippet.", "", "the same snippet"),
    ],
)
def test_answers_leaning_on_unseen_code_fail(text: str, question: str, said: str) -> None:
    found = leaning_sentence(text, question)
    assert found is not None and said.lower() in found[1].lower()


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # the thing "this" names is in the question, the sentence, or right after it
        (
            "If you know the dashboard, this endpoint returns its top row of figures.",
            "What does the totals endpoint do?",
        ),
        ("Add a probe, then rename this probe in its settings.", ""),
        ("Run the tool with this flag: --quiet.", ""),
        ("Readings are kept for ninety days, and this week's are cached.", ""),
        ("Open the export page and paste the key at the end of this address -- https://example.com/k/", ""),
        ("The way to do this in the console is to open the valve menu.", "How do you close a valve?"),
        ("You may have heard this also called a soft limit.", ""),
        # named before "the same", compared with "as", or two things named after "Both"
        ("Put the handler in a script and load the same script on every page.", ""),
        ("The export uses the same file as the importer.", ""),
        ("Both Linux and macOS builds ship the same binary.", ""),
        ("Passing a list to the filter narrows the readings.", ""),
        ("The probe (first released in 2019) reads both axes.", ""),
    ],
)
def test_answers_that_name_what_they_point_at_pass(text: str, question: str) -> None:
    assert leaning_sentence(text, question) is None
