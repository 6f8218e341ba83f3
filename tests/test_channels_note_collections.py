"""A page that collects short notes is said as a collection: its outline answers what it holds, and
its notes that read alone are given whole, each under its question (session 10, `chan`: round 8
read the answer engine's reply of every folded notes page as wrong, one note's set-up under "What
are the git notes?"). Fixture text written for these tests."""

from __future__ import annotations

from aeoloop.amplify.channels.notes import Note, outline_within
from aeoloop.amplify.channels.x_thread import note_posts

OUTLINE = (
    "“Kiln notes” covers five topics: “Load The Shelves Evenly”, “Fire Bisque Slowly”, "
    "“Vent The Kiln Early”, “Read The Witness Cones” and “Cool It Overnight”. Some extra sentence follows."
)


def test_the_outline_is_given_whole_or_with_the_topics_that_fit() -> None:
    whole = outline_within(OUTLINE, 60)
    assert whole.startswith("“Kiln notes” covers five topics: “Load") and whole.endswith("“Cool It Overnight”.")
    cut = outline_within(OUTLINE, 20)
    assert cut.startswith("“Kiln notes” covers five topics, among them “Load The Shelves Evenly”")
    assert cut.endswith("”.") and len(cut.split()) <= 20 and "Cool It Overnight" not in cut
    # no outline, or not two topics within the limit: nothing
    assert outline_within("Kilns fire clay at high heat. They need venting.", 60) == ""
    assert outline_within(OUTLINE, 8) == ""


def _fits(text: str) -> bool:
    return 0 < len(text) <= 120


def test_a_note_is_posted_whole_over_two_posts_at_most() -> None:
    short = Note("How do you vent a kiln?", "Leave the top peephole open until the kiln passes red heat.", 1.0)
    assert note_posts(short, _fits, "en") == [short.text()]
    long = Note(
        "How do you read witness cones?",
        "Set three cones in a pad of clay where you can see them through the peephole. "
        "The middle cone bending to the shelf marks the firing's end.",
        2.0,
    )
    posts = note_posts(long, _fits, "en")
    assert len(posts) == 2 and posts[0].startswith("How do you read witness cones? Set three cones")
    assert posts[1] == "The middle cone bending to the shelf marks the firing's end."
    # a second post that leans on the first ("This …") is not posted: the note is left out
    leaning = Note(
        "How do you cool a kiln?",
        "Switch the kiln off and leave every peephole plugged for the whole night long. "
        "This keeps the glaze from crazing as the pots shrink.",
        3.0,
    )
    assert note_posts(leaning, _fits, "en") == []


NOTES_PAGE = """\
---
title: Kiln notes
---

## Vent The Kiln Early

Leave the top peephole open until the kiln passes red heat. The fumes of burning clay binders escape
through it instead of clouding the glaze.

## Fire Bisque Slowly

I once cracked a whole load of bowls. Raise the temperature by at most one hundred degrees an hour
until the water in the clay has gone, then the kiln can climb faster.

## Read The Witness Cones

Set three witness cones in a pad of clay where you can see them through the peephole. The middle cone
bending down to the shelf marks the end of the firing.

## Cool It Overnight

Switch the kiln off and keep every peephole plugged through the night. Pots that cool slowly keep their
glaze smooth and free of fine cracks.
"""

OPENED_PAGE = """\
---
title: Kiln venting
---

A kiln is vented so that the fumes of burning clay binders leave the chamber before the glaze melts.
Venting keeps the glaze clear and the workshop air clean.

## Open The Top Peephole

Leave the top peephole open until the kiln passes red heat.

## Close It At Red Heat

Plug the peephole once the kiln glows, so the chamber holds its heat evenly.
"""


def test_a_notes_page_answers_with_its_outline_and_gives_its_notes_under_their_questions(make_site, build_site):
    root = make_site({"kiln-notes.md": NOTES_PAGE, "kiln-venting.md": OPENED_PAGE})
    build_site(root)
    folder = root / "generated" / "kiln-notes" / "channels"
    answer = (folder / "ai-answer.md").read_text(encoding="utf-8")
    thread = (folder / "x-thread.md").read_text(encoding="utf-8")
    post = (folder / "linkedin-post.md").read_text(encoding="utf-8")
    body = answer.split("\n\n")[1]
    assert body.startswith("“Kiln notes” covers four topics"), answer
    facts = [line[2:] for line in answer.splitlines() if line.startswith("- ")]
    assert facts and all("? " in f for f in facts), facts  # each note under its question
    posts = [p.split(" ", 1)[1] for p in thread.split("\n\n") if p.strip()]
    assert any("? " in p for p in posts[1:-1]), thread
    # a note's set-up is never said without its note
    for text in (answer, thread, post):
        for line in text.splitlines():
            assert not line.lstrip("-0123456789/ ").startswith("I once cracked"), line
    # a page with an opening of its own is no collection: its answer is its opening, not an outline
    venting = (root / "generated" / "kiln-venting" / "channels" / "ai-answer.md").read_text(encoding="utf-8")
    assert "covers" not in venting.split("\n\n")[1] and "vented" in venting.split("\n\n")[1], venting


def test_a_slide_says_an_answer_beyond_its_first_sentence_while_it_fits() -> None:
    from aeoloop.amplify.channels.points import answer_run

    answer = (
        "The workshop cannot change a booking once the kiln is loaded. "
        "Hopefully you booked early. "
        "Ask for the next free firing instead, which is usually within a week. "
        "See the booking page for the calendar."
    )
    run = answer_run(answer, 40)
    assert run == (
        "The workshop cannot change a booking once the kiln is loaded. "
        "Ask for the next free firing instead, which is usually within a week."
    )
    assert answer_run(answer, 12) == "The workshop cannot change a booking once the kiln is loaded."
    # a list given whole or not at all, as before
    listed = "Two steps: 1) Load the shelves. 2) Close the lid."
    assert answer_run(listed, 40) == listed and answer_run(listed, 5) == ""
