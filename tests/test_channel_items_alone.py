"""Channel items an audience reads alone (issue 8, Deliver 4, session 8 `chan2`): a list or a
procedure is never cut to its first step, a troubleshooting check carries its problem or is not
used, "this"/"here" pointing at the page is not posted, the thread's hook says what the reader
gets, and a video's hook and on-screen texts are complete short phrases. Sentences written for
these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop.amplify.channels.ai_answer import _garbled
from aeoloop.amplify.channels.limits import sentences
from aeoloop.amplify.channels.points import answer_lead, with_its_question
from aeoloop.amplify.channels.short_video_script import _clumsy_question, on_screen_text, short_phrase
from aeoloop.quality import check_item
from aeoloop.quality.read_alone import check_problem, item_problem

# -- the contract's channel-item rules ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Check whether the harvest filter hides every row of the night.",
        "Make sure the bucket address ends with the folder name.",
        "Verify that the printer tray holds enough labels.",
        "Make sure to pick the right season in the filter.",
    ],
)
def test_a_check_without_its_problem_is_not_a_channel_item(text):
    assert check_problem(text)
    assert [f.rule for f in check_item(text)] == ["bare-instruction"]


@pytest.mark.parametrize(
    "text",
    [
        "Check the label printer each morning to avoid a jam during the harvest.",
        "If the export arrives empty, check whether the harvest filter hides every row.",
        "Checked exports are kept for ninety days.",
        "Try using the weather feed to plan the picking days.",
        "Try to keep one spare crate per row.",
        "See if a neighbouring farm shares its press.",
        "The export keeps the colour bands of the report.",
    ],
)
def test_a_check_that_says_what_it_fixes_or_a_statement_passes(text):
    assert check_problem(text) is None
    assert not [f for f in check_item(text) if f.rule == "bare-instruction"]


@pytest.mark.parametrize(
    "text",
    [
        "Whether you need to change anything here depends on the size of your orchard.",
        "You can confirm this by opening the bucket and looking for the newest file.",
        "One reason for this is that the report hides rows from another season.",
        "Most growers would rather avoid that.",
        "In other orchards, they're the people who sign the harvest sheet.",
    ],
)
def test_this_or_here_pointing_at_the_page_is_not_a_channel_item(text):
    assert item_problem(text)
    assert any(f.rule == "unseen-reference" for f in check_item(text))


@pytest.mark.parametrize(
    "text",
    [
        "This export format is smaller than the spreadsheet.",  # judged by the opening rule, not this one
        "The bucket keeps this year's files for ninety days.",
        "Growers here and abroad compare harvest days with the nightly export.",
    ],
)
def test_this_before_a_noun_and_here_inside_a_phrase_pass_the_item_rule(text):
    assert item_problem(text) is None


# -- what a post, slide or beat takes from an FAQ answer ----------------------------------------


STEPS = (
    "Three steps: 1) Open the Reports menu and choose the yield report. 2) Press the Schedule button. "
    "3) Pick the hour of the night and press Save."
)


def test_a_steps_answer_is_given_whole_or_not_at_all():
    assert answer_lead(STEPS, 40) == STEPS
    assert answer_lead(STEPS, 12) == ""  # never "Three steps: 1) Open the Reports menu …" alone
    plain = "The bucket keeps every nightly file for ninety days. Copy older files to a second bucket."
    assert answer_lead(plain, 40) == "The bucket keeps every nightly file for ninety days."


def test_a_check_is_posted_under_its_question():
    question = "Why does an export arrive empty?"
    lead = "Check whether the harvest filter hides every row of the night."
    assert with_its_question(question, lead, "en") == f"{question} {lead}"
    assert with_its_question(question, "The filter hides every row of the night.", "en") == ""
    assert with_its_question(question, "Check these steps again before the export runs.", "en") == ""


# -- the video's hook and on-screen texts -------------------------------------------------------


def test_a_short_phrase_ends_at_a_phrase_boundary_never_mid_phrase():
    assert short_phrase("Send your yield report with a private and signed link", 7) == "Send your yield report"
    assert (
        short_phrase("Invite growers or outside buyers and assign their roles", 7) == "Invite growers or outside buyers"
    )
    assert short_phrase("Nightly exports", 7) == "Nightly exports"
    assert short_phrase("When the export runs at night the report is saved again", 6) == ""


def test_on_screen_text_is_a_complete_phrase_not_a_cut_question():
    question = "Why does an export arrive empty on some nights of the season?"
    voice = f"{question} Check whether the harvest filter hides every row from the chosen night."
    assert on_screen_text(question, voice, 8) == "Check whether the harvest filter hides every row"
    assert on_screen_text("Which formats can an export use?", "An export can be a spreadsheet.", 8) == (
        "Which formats can an export use?"
    )
    label = "Nightly schedule (default): the export runs at the same hour every night of the season."
    assert on_screen_text("", label, 8) == "Nightly schedule (default)"
    # a condition then its main clause: the screen shows the main clause, not "If the bucket is full, the…"
    cond = "If the storage bucket is full on the night of the export, the report is kept for the next run."
    assert on_screen_text("", cond, 8) == "The report is kept for the next run"
    # "and there …" starts a second clause: the first one is the phrase
    two = "Frost arrives early in the valley and there is always a week of warning from the station."
    assert on_screen_text("", two, 8) == "Frost arrives early in the valley"


def test_a_garbled_page_question_is_not_asked():
    assert _garbled("How do Orchard and weather data syncing?")
    assert _garbled("What yield report support is available for yield report support?")
    assert _garbled("How do you open orchard reports?", "Open Orchard Reports")  # a noun phrase, not an order
    assert not _garbled("How do you schedule an export?", "Schedule an export")
    assert not _garbled("How do you build orchard teams?", "Building Orchard Teams")
    assert not _garbled("What is a scheduled export?", "Scheduled exports")


def test_a_clumsy_page_question_does_not_open_a_video():
    assert _clumsy_question("How do you get Started?", "Getting Started")
    assert _clumsy_question("What is a note about pruning?", "A Note About Pruning")
    assert _clumsy_question("What should you know about orchard yields?", "Orchard yields")
    assert not _clumsy_question("How do you schedule an export?", "Schedule an export")
    assert not _clumsy_question("How do you build orchard teams?", "Building Orchard Teams")
    assert not _clumsy_question("What is Orchardly?", "Orchardly: yield reports for growers")


def test_an_abbreviation_or_an_open_parenthesis_ends_no_sentence():
    text = "The sensor logs soil data (e.g. Moisture and salt) every hour. It uploads at night, i.e. After dark."
    assert sentences(text) == [
        "The sensor logs soil data (e.g. Moisture and salt) every hour.",
        "It uploads at night, i.e. After dark.",
    ]
    assert sentences("Bring gloves, boots, etc. The gate opens at six.") == [
        "Bring gloves, boots, etc.",
        "The gate opens at six.",
    ]


# -- a real mini-site build ---------------------------------------------------------------------

PAGE = (Path(__file__).parent / "fixtures" / "channels_alone" / "scheduled-exports.md").read_text(encoding="utf-8")


def test_channels_of_a_troubleshooting_page_read_alone(make_site, build_site):
    root = make_site({"scheduled-exports.md": PAGE})
    build_site(root)
    folder = root / "generated" / "scheduled-exports" / "channels"
    thread = (folder / "x-thread.md").read_text(encoding="utf-8").strip().split("\n\n")
    carousel = (folder / "linkedin-carousel.md").read_text(encoding="utf-8")
    script = (folder / "short-video-script.md").read_text(encoding="utf-8")
    everything = "\n".join([*thread, carousel, script])

    # the hook says what the reader gets: the title, then the summary (here what the page covers: the
    # summary leaves the FAQ its answers); the link closes
    assert thread[0].startswith(f"1/{len(thread)} ") and "Scheduled exports" in thread[0].split("\n")[0]
    assert "Read the full guide: https://acme.example/scheduled-exports/" in thread[-1]
    # the five-step procedure is never cut to a step: whole (it is longer than a post allows) or absent
    assert "1) Open the Reports menu" not in everything
    for step in ("Open the Reports menu", "Press the Schedule button", "Pick the hour of the night"):
        assert step not in everything
    # a check is only posted under its question
    for post in thread:
        assert not post.split(" ", 1)[1].startswith("Check whether")
    # the video opens with the page's point or its question, and shows no cut question
    hook = script.split("· Hook\n\nVoiceover: ")[1].split("  \n")[0]
    assert hook != "Scheduled exports" and not hook.endswith("…")
    for line in script.splitlines():
        if line.startswith("On screen: "):
            assert not (line.endswith("…") and "?" in line), line
