"""A how-titled page's AI answer says the how: the FAQ's numbered steps for the action the title asks
about, not a side fact (session 10, `how`: round 9's channel reading, 11 pieces on how-to pages that
never said the how). Fixture text written for these tests."""

from __future__ import annotations

from aeoloop.amplify.channels.how_steps import how_steps, how_verb

STEPS = "Three steps: 1) Open the kiln log. 2) Pick the two firings. 3) Press Compare at the top."
FAQ = [
    ("How do you label a firing?", "Two steps: 1) Open the firing. 2) Type its label in the box."),
    ("How do you compare two firings?", STEPS),
    ("What is a firing log?", "The firing log lists each load with its cone and its date."),
]


def test_the_verb_of_a_how_question() -> None:
    assert how_verb("How do you compare your firings over time?") == "compare"
    assert how_verb("How to glaze a bowl") == "glaze"
    assert how_verb("How can I invite a potter?") == "invite"
    assert how_verb("What is a firing?") == ""


def test_the_steps_for_the_same_action_answer_a_how_title() -> None:
    assert how_steps("How do you compare your firings over time?", FAQ, 60) == STEPS


def test_no_steps_when_no_pair_asks_for_the_action_or_they_do_not_fit() -> None:
    assert how_steps("How do you clean the kiln shelves?", FAQ, 60) == ""
    assert how_steps("What should you know about firings?", FAQ, 60) == ""
    assert how_steps("How do you compare your firings over time?", FAQ, 10) == ""
    prose = [("How do you compare two firings?", "Open the log and press Compare to see both firings.")]
    assert how_steps("How do you compare your firings?", prose, 60) == ""


def test_a_bare_verb_needs_a_shared_word() -> None:
    faq = [("How do you use the glaze mixer?", "Two steps: 1) Fill the bucket. 2) Run the mixer.")]
    assert how_steps("How do you use the kiln log?", faq, 60) == ""
    assert how_steps("How do you use the mixer?", faq, 60) == faq[0][1]


HOW_PAGE = """\
---
title: Compare your firings over time
---

The kiln log keeps every firing, so you can see how a glaze changes from one load to the next.

## How to compare two firings

1. Open the kiln log from the studio menu.
2. Pick the two firings you want to set side by side.
3. Press the Compare button at the top of the log.

## Firing notes

Each firing keeps the notes the potter wrote while the kiln cooled down overnight.
"""


def test_a_how_to_page_answers_with_its_steps(make_site, build_site):
    root = make_site({"compare.md": HOW_PAGE})
    build_site(root)
    answer = (root / "generated" / "compare" / "channels" / "ai-answer.md").read_text(encoding="utf-8")
    assert answer.startswith("# How do you compare your firings over time?\n"), answer
    assert "1) Open the kiln log from the studio menu. 2) Pick" in answer, answer
    assert "3) Press the Compare button" in answer, answer


def test_a_how_to_page_thread_and_script_walk_its_steps_in_order(make_site, build_site):
    root = make_site({"compare.md": HOW_PAGE})
    build_site(root)
    channels = root / "generated" / "compare" / "channels"
    thread = (channels / "x-thread.md").read_text(encoding="utf-8")
    assert "How do you compare two firings? Three steps: 1) Open the kiln log" in thread, thread
    assert thread.index("1) Open") < thread.index("2) Pick") < thread.index("3) Press"), thread
    script = (channels / "short-video-script.md").read_text(encoding="utf-8")
    said = [line for line in script.splitlines() if line.startswith("Voiceover: ")]
    steps = [
        i for i, line in enumerate(said) if line.startswith(("Voiceover: Open", "Voiceover: Pick", "Voiceover: Press"))
    ]
    assert len(steps) == 3 and steps == sorted(steps), script


def test_a_thread_post_that_carries_the_next_steps_stands_under_the_one_before() -> None:
    from aeoloop.amplify.channels.x_thread import _continues_steps

    posts = ["Hook.", "How do you compare? Three steps: 1) Open the log. 2) Pick two.", "3) Press Compare.", "Done."]
    assert _continues_steps(posts, 3)
    assert not _continues_steps(posts, 4)
    assert not _continues_steps(["Hook.", "A point.", "3) Press Compare."], 3)
