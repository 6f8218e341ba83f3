"""Channel derivatives an audience reads (issue 8, Deliver 4, session 9 `chan3`): a video's hook says
the page's point (or asks its question, the point following as the first beat), every on-screen text
is a complete short phrase (the section's heading when the sentence has none within the limit, never
a cut), the AI answer's first sentence answers the page's question, the summary's outline is no
point, and a "Note that" marker or a view the page reports to answer is not posted. Sentences
written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aeoloop.amplify.channels.ai_answer import lead_first, sentence_case
from aeoloop.amplify.channels.points import REPORTED_RE, is_outline, without_note
from aeoloop.amplify.channels.short_video_script import on_screen_text, short_phrase

# -- on-screen phrases ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        # a cut inside a list: "A rain gauge" says one of three
        ("A rain gauge, a soil probe, or a weather feed is an easy way to plan the picking days", 8),
        # a cut before the complement a word wants: "Growers may be eligible", "You'll find yourself working"
        ("Growers may be eligible for a discount on the spring seed order", 7),
        ("You will find yourself working with buyers and pickers much more often", 6),
        # a relative clause the head needs: "There is no rule"
        ("There is no rule that says you must pick every row before the frost", 7),
        # a subject with no verb yet: "A newly grafted tree"
        ("A newly grafted tree with thin bark and no shade can scorch within a single afternoon", 8),
        # two verbs sharing one object: "Help buyers find"
        ("Help buyers find and compare your orchard by listing it in one place", 7),
    ],
)
def test_no_phrase_is_cut_where_it_says_less_than_the_sentence(text, limit):
    assert short_phrase(text, limit) == ""


def test_a_phrase_still_ends_at_a_clause_boundary():
    assert short_phrase("Frost arrives early in the valley, but the station warns a week ahead", 8) == (
        "Frost arrives early in the valley"
    )
    assert short_phrase("Check whether you picked the right season when the export is empty", 7) == (
        "Check whether you picked the right season"
    )
    assert short_phrase("Label the full crates and deliver them to the north gate", 5) == "Label the full crates"


def test_a_caption_is_never_a_continuation_and_falls_back_to_the_heading():
    voice = (
        "After the crates are washed, stack them by the north gate of the packing shed, "
        "and check every lid before the truck arrives."
    )
    # never "And check every lid" nor "After the crates are washed, stack them by the…"
    assert on_screen_text("", voice, 8, "Stacking washed crates") == "Stacking washed crates"
    long = "A freshly grafted pear tree with thin bark and no shade can scorch within one afternoon of July heat."
    assert on_screen_text("", long, 8, "Shading grafted trees") == "Shading grafted trees"
    assert on_screen_text("", long, 8, "") == ""  # no phrase fits: the beat is not used
    assert not on_screen_text("", long, 8, "").endswith("…")


# -- points a channel may post -------------------------------------------------------------------


def test_the_outline_is_no_point_and_a_note_marker_is_dropped():
    assert is_outline("“Orchard care” covers three topics: “Water”, “Mulch” and “Pruning”.")
    assert not is_outline("Orchard care covers three seasons of work.")
    assert without_note("Note that the gate closes at six.") == "The gate closes at six."
    assert without_note("Please note that crates stack four high.") == "Crates stack four high."
    assert without_note("Notes from the picking season are kept.") == "Notes from the picking season are kept."


@pytest.mark.parametrize(
    "text",
    [
        "Some growers think every tree needs water each evening.",
        "Many new pickers believe the ripest fruit hangs lowest.",
        "Hopefully you tested the soil before planting.",
    ],
)
def test_a_reported_view_or_a_hope_is_not_a_point(text):
    assert REPORTED_RE.match(text)


@pytest.mark.parametrize(
    "text", ["Some trees need water each evening in July.", "Many growers water once a week.", "Growers think ahead."]
)
def test_a_statement_is_a_point(text):
    assert not REPORTED_RE.match(text)


# -- the AI answer's first sentence ---------------------------------------------------------------


def test_the_answer_opens_with_a_sentence_that_names_the_subject():
    parts = [
        "If your orchard sits low in a valley, plant late-blooming varieties.",
        "Frost protection starts with choosing where each row goes.",
    ]
    assert lead_first(parts, "en", "Frost protection") == [parts[1], parts[0]]
    # the scene-setting sentence names the subject itself: it stays first
    named = ["If frost protection fails, the blossoms brown overnight.", "Covers help on clear nights."]
    assert lead_first(named, "en", "Frost protection") == named
    # no other sentence names the subject: as written
    other = ["If your orchard sits low, plant late.", "Covers help on clear nights."]
    assert lead_first(other, "en", "Frost protection") == other


def test_the_answer_leaves_out_an_outline_a_how_to_line_and_an_opening_that_points_away():
    outline = "“Frost protection” covers two topics: “Covers” and “Fans”."
    point = "Frost protection keeps blossoms alive on clear spring nights."
    assert lead_first([outline, point], "en", "Frost protection") == [point]
    how_to = "How to keep the blossoms of a young orchard alive through a late frost."
    leaning = "Use this when the forecast drops below zero."
    assert lead_first([how_to, leaning], "en", "Frost protection") == []
    # after its subject, a sentence that points back stays
    assert lead_first([point, "This matters most in April."], "en", "Frost protection") == [
        point,
        "This matters most in April.",
    ]


def test_a_title_case_question_is_asked_in_sentence_case_unless_the_page_names_it():
    body = "Once you get started, the first week is mostly paperwork. Getting started takes a week."
    assert sentence_case("How do you get Started?", "Getting Started", body) == "How do you get started?"
    named = "Orchardly sends the report. Ask Orchardly for a copy."
    assert sentence_case("What is Orchardly Reports?", "Orchardly Reports", named + " The reports arrive.") == (
        "What is Orchardly reports?"
    )
    # a dictionary word the page never writes is lowered; a name it never writes keeps the title as written
    assert sentence_case("What are the Harvest Perks?", "Harvest Perks", "The harvest ends in May.") == (
        "What are the harvest perks?"
    )
    assert sentence_case("What is the Kelvory Ledger?", "Kelvory Ledger", "The ledger ends in May.") == (
        "What is the Kelvory Ledger?"
    )


# -- a real mini-site build ---------------------------------------------------------------------

PAGE = (Path(__file__).parent / "fixtures" / "channels_alone" / "caring-for-young-trees.md").read_text(encoding="utf-8")


def test_the_video_and_the_ai_answer_of_a_page_read_alone(make_site, build_site):
    root = make_site({"caring-for-young-trees.md": PAGE})
    build_site(root)
    folder = root / "generated" / "caring-for-young-trees" / "channels"
    script = (folder / "short-video-script.md").read_text(encoding="utf-8")
    answer = (folder / "ai-answer.md").read_text(encoding="utf-8")
    thread = (folder / "x-thread.md").read_text(encoding="utf-8")

    # the hook asks the page's question in sentence case, not its bare Title Case title
    hook = script.split("· Hook\n\nVoiceover: ")[1].split("  \n")[0]
    assert hook == "How do you care for young trees?"
    # the first beat says the page's point
    beats = re.findall(r"· Beat \d+\n\nVoiceover: (.*?)  \nOn screen: (.*)", script)
    assert beats[0][0].startswith("A young orchard tree needs steady water")
    # every caption is a whole phrase within 8 words; a long sentence shows its section's heading
    for _voice, caption in beats:
        assert caption and not caption.endswith("…") and len(caption.split()) <= 8, caption
        assert not re.match(r"(?i)(and|or|but|which|note that)\b", caption)
    assert ("Watering through the first summers") in [c for _, c in beats]
    # the aside marker is not said, the view the page answers is not posted
    post = (folder / "linkedin-post.md").read_text(encoding="utf-8")
    carousel = (folder / "linkedin-carousel.md").read_text(encoding="utf-8")
    everything = script + answer + thread + post + carousel
    assert "Note that" not in everything and "A slow soak once a week" in script
    assert "Some growers think" not in everything
    # the AI answer asks the question in sentence case and answers it in its first sentence
    assert answer.startswith("# How do you care for young trees?\n\nA young orchard tree needs steady water")


def test_a_long_question_opens_the_video_without_its_closing_phrase():
    from aeoloop.amplify.channels.short_video_script import _short_question

    assert _short_question("How do you find buyers for your cider press?", 7) == "How do you find buyers?"
    assert _short_question("How do you share your harvest log with a private link?", 7) == (
        "How do you share your harvest log?"
    )
    # nothing to leave out, or too little left: no short question
    assert _short_question("How do you invite pickers and assign their rows?", 7) == ""
    assert _short_question("What is it for?", 7) == ""


def test_two_joined_questions_open_the_video_with_the_first():
    from aeoloop.amplify.channels.short_video_script import _short_question

    assert _short_question("What is cold pressing and why does it keep the flavour?", 7) == "What is cold pressing?"
    assert _short_question("Which apples keep, and how do you store them?", 7) == "Which apples keep?"
    # a first question of fewer than three words is no hook of its own
    assert _short_question("What and how should a grower prune?", 7) == ""


def test_a_scene_setting_sentence_does_not_open_a_thread_or_an_answer():
    from aeoloop.amplify.channels.ai_answer import scene_setting

    assert scene_setting("As your orchard grows, you will hire more pickers.")
    assert scene_setting("For a larger orchard, keep a ledger per row.")
    assert not scene_setting("Orchard ledgers keep one line per row.")
    assert not scene_setting("Asparagus beds need little water.")


def test_a_scene_that_names_the_subject_may_open_unless_it_is_a_tip():
    from aeoloop.amplify.channels.ai_answer import scene_setting

    # a condition, then a statement about the page's subject: a hook
    assert not scene_setting("If your lease ends early, you may be owed a refund of the deposit.", "Lease deposits")
    # the subject named, but the sentence is a tip for one case
    assert scene_setting("As your orchard grows, consider hiring a second foreman.", "Growing an orchard")
    assert scene_setting("For a larger orchard, if you sell online, list your pickers there.", "Orchard pickers")


def test_an_aside_or_a_teaser_of_the_page_is_no_point():
    from aeoloop.amplify.channels.points import TEASER_RE

    assert TEASER_RE.search("Welcome to the picking crew!")
    assert TEASER_RE.search("Washing the crates once is not enough.")
    assert not TEASER_RE.search("One wash a week is enough for most crates.")
    assert not TEASER_RE.search("Crates are washed every Friday.")


def test_a_first_step_or_a_reported_view_is_not_a_slide_or_a_fact():
    from aeoloop.amplify.channels.points import not_a_point

    assert not_a_point("Start by listing the rows you picked last week.")
    assert not_a_point("To plan the harvest, start by listing the rows you picked last week.")
    assert not_a_point("Some pickers think the east rows ripen first.")
    assert not not_a_point("Start dates for the harvest are set in March.")
    assert not not_a_point("The east rows ripen first in most years.")
