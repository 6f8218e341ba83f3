"""Channel items read alone (issue 8, session 9, `chan4`): a title that names an FAQ or an overview is
asked as a real question ("What is billing FAQ?" was asked), a result or a step out of its procedure
is no key fact, beat or post, a list of names keeps its question, a subject or a hook is never cut
mid-phrase, and the carousel puts "Key takeaways" two or three to a slide. Our own sentences."""

from __future__ import annotations

import re

import pytest

from aeoloop.amplify.channels.ai_answer import collection_question, is_collection_title
from aeoloop.amplify.channels.linkedin_carousel import Slide, grouped
from aeoloop.amplify.channels.newsletter import subject_from_title
from aeoloop.amplify.channels.phrases import short_phrase
from aeoloop.amplify.channels.points import not_a_point
from aeoloop.quality.read_alone import procedure_problem


@pytest.mark.parametrize(
    "text",
    [
        "Your cider press should now be ready to use.",
        "You should see an empty ledger with a button to add a row.",
        "You will now see the harvest total on the first page.",
        "If you need the warranty restored, send the receipt to the workshop.",
        "When the tank is full again, close the valve.",
        "To change my delivery address, in your profile, open the Shipping tab.",
        "Oak, ash, beech and maple.",
        "You're all set.",
        "When you walk back to the cellar, you should see the new barrels on the left rack.",
        "Once you tighten the screw, the juice tray should now fill within a minute.",
    ],
)
def test_a_result_or_a_step_out_of_its_procedure_is_not_read_alone(text):
    assert procedure_problem(text)
    assert not_a_point(text)
    assert not not_a_point(text, alone=False)  # under its question (an FAQ slide) it may stand


@pytest.mark.parametrize(
    "text",
    [
        "Cider presses are billed per season across all your orchards.",
        "If you need a second press, order it before the harvest.",
        "You will be billed at the end of each season.",
        "You should keep the receipt until the warranty ends.",
        "The frame is made of oak, ash and maple.",
        "To change your delivery address, open the Shipping tab in your profile.",
        "Pickers, drivers and clerks are paid weekly.",
        "When you open the ledger, the first page lists every harvest by date.",
        "When the apples are soft, you should press them the same day.",
    ],
)
def test_a_statement_or_a_whole_step_stays_a_point(text):
    assert procedure_problem(text) is None


def test_a_collection_title_asks_a_real_question_and_keeps_the_topic_as_written():
    prose = ["Pressly keeps one ledger per orchard.", "With Pressly you can share a press with pickers."]
    names = frozenset({"Pressly"})
    assert collection_question("Shipping FAQ", prose, names) == "What should you know about shipping?"
    assert collection_question("Frequently asked questions about shipping", prose, names) == (
        "What should you know about shipping?"
    )
    assert collection_question("FAQ about shipping", prose, names) == "What should you know about shipping?"
    assert collection_question("Orchard ledgers overview", prose, names) == "What can you do with orchard ledgers?"
    # a bare singular count noun is a kind, not a subject: the page's main name is asked about
    assert collection_question("Feature overview", prose, names) == "What can you do with Pressly?"
    assert collection_question("Overview of pressly", prose, names) == "What can you do with pressly?"
    assert collection_question("Cider Pressing FAQ", prose, names) == "What should you know about cider Pressing?"
    assert collection_question("Pressing cider at home", prose, names) == ""
    assert collection_question("Feature overview", [], frozenset()) == ""
    assert (
        is_collection_title("Shipping FAQ") and is_collection_title("Overview") and not is_collection_title("FAQs help")
    )


def test_a_subject_or_a_hook_ends_where_a_phrase_ends():
    title = "Receive frost and hail warnings for every orchard through your inbox"
    subject = subject_from_title(title, 50)
    assert subject == "Receive frost and hail warnings for every orchard"
    assert not subject.endswith(("…", "through", "for"))
    assert short_phrase("Get frost or hail warnings through email", 6) == "Get frost or hail warnings"
    assert subject_from_title("Shipping FAQ", 50) == "Shipping FAQ"


def test_key_takeaways_go_two_or_three_to_a_slide_and_a_lone_one_is_left_out():
    ideas = [
        Slide(title="How do you clean the press?", body="Rinse the press with cold water after each batch."),
        Slide(title="Key takeaways", body="Presses last longer when stored dry."),
        Slide(title="Key takeaways", body="Oak frames need oil once a year."),
        Slide(title="Key takeaways", body="Pickers log their rows each evening."),
        Slide(title="Key takeaways", body="Crates are washed every Friday."),
        Slide(title="Key facts", body="The workshop opens at seven."),
    ]
    out = grouped(ideas, {"Key takeaways", "Key facts"}, 40)
    assert [s.title for s in out] == ["How do you clean the press?", "Key takeaways"]
    assert out[1].body == (
        "Presses last longer when stored dry. Oak frames need oil once a year. Pickers log their rows each evening."
    )
    # within the word limit: two short slides rather than one too long
    assert [s.body.count(".") for s in grouped(ideas[1:4], {"Key takeaways"}, 14)] == [2]
    # a long lone point fills its slide
    long = Slide(title="Key facts", body="Presses rented for the whole season " + "come with a spare basket " * 3 + ".")
    assert grouped([ideas[0], long], {"Key facts"}, 40) == [ideas[0], long]
    # a lone point with nothing else is kept rather than an empty carousel
    assert grouped([Slide(title="Key facts", body="The workshop opens at seven.")], {"Key facts"}, 40)


# -- a real mini-site build ---------------------------------------------------------------------

FAQ_PAGE = """---
title: Cider press FAQ
description: Answers about renting, cleaning and paying for a cider press from the village workshop.
---

Our village workshop rents cider presses to orchards for the autumn season. Renting is billed per day.

## Which woods can the frame be made of?

Oak, ash and maple.

## How do I set up the press?

1. Place the press on a level floor.
2. Tighten the four frame bolts.
3. Fit the basket and the pressing plate.

Your press should now be ready to use.

## How do I return the press?

Rinse the basket and the plate with cold water and bring the press back to the workshop before six in the evening.

## What happens if I return the press late?

Each late day is billed at half the daily rate, and the workshop keeps the deposit until the press is back.
"""


def test_an_faq_page_asks_a_real_question_and_posts_no_step_out_of_its_procedure(make_site, build_site):
    root = make_site({"cider-press-faq.md": FAQ_PAGE})
    build_site(root)
    folder = root / "generated" / "cider-press-faq" / "channels"
    answer = (folder / "ai-answer.md").read_text(encoding="utf-8")
    script = (folder / "short-video-script.md").read_text(encoding="utf-8")
    thread = (folder / "x-thread.md").read_text(encoding="utf-8")
    post = (folder / "linkedin-post.md").read_text(encoding="utf-8")
    carousel = (folder / "linkedin-carousel.md").read_text(encoding="utf-8")
    assert answer.startswith("# What should you know about cider presses?\n") or answer.startswith(
        "# What should you know about cider press?\n"
    )
    everything = answer + script + thread + post + carousel
    assert "What is cider press" not in everything and "FAQ?" not in everything
    assert "should now be ready" not in everything
    hook = script.split("· Hook\n\nVoiceover: ")[1].split("  \n")[0]
    assert not hook.endswith("…") and not hook.startswith("What is")
    # the list of woods is posted with its question, or not at all
    for text in (thread, post):
        for line in text.splitlines():
            if "Oak, ash and maple." in line:
                assert re.search(r"Which woods can the frame be made of\? Oak, ash and maple\.", line), line
