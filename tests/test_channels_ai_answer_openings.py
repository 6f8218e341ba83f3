"""The AI answer opens with a sentence that answers, not a tagline or its fragment, and a title that
names a text about a subject asks about the subject (session 10, `chan`: round 8's how-to-contribute
answer was its blurb "Want to …? A guide to …", billing's its description's fragments, a fresh
handbook page asked "What is a note about …?"). Fixture text written for these tests."""

from __future__ import annotations

import pytest

from aeoloop.amplify.channels.openings import subjectless, tagline
from aeoloop.amplify.channels.short_video_script import sayable


@pytest.mark.parametrize(
    "text",
    [
        "Want to build a kiln? A guide to firing clay at home, for beginners and potters.",
        "Per-firing pricing, no deposit. Free first firing, no card needed. Cancel any time.",
    ],
)
def test_a_tagline_is_no_answer(text: str) -> None:
    assert tagline(text)


@pytest.mark.parametrize(
    "text",
    [
        "A kiln fires clay at high heat. It needs venting while the binders burn off.",
        "Yes. The studio fires every kiln load twice, once for bisque and once for glaze.",
        "",
    ],
)
def test_an_answer_is_no_tagline(text: str) -> None:
    assert not tagline(text)


def test_a_fragment_without_its_subject_does_not_open_an_answer() -> None:
    assert subjectless("Works with any kiln that has a digital controller.")
    assert subjectless("Tracks your firing schedule in one place.")
    assert not subjectless("Kilns with a digital controller hold the schedule.")
    assert not subjectless("The studio works with any kiln.")
    assert not subjectless("Potters the studio trained are listed.")


def test_a_voice_says_no_command_flag_or_symbol() -> None:
    assert sayable("Close the lid and wait until the kiln cools down overnight.")
    assert not sayable("Quit the editor with an error code: :cq.")
    assert not sayable("Wrap the literal in $$ quotes.")
    assert not sayable("Run the tool with the --cached flag.")


ABOUT_PAGE = """\
---
title: A Note About Glazing
---

Glazing means coating a bisque-fired pot with a glass-forming mix before its second firing. A glaze
melts at cone six in the studio kiln and seals the clay. Dip each pot for three seconds and wipe the
foot clean so it does not stick to the shelf.

## Mixing

Stir the bucket until no sediment is left at the bottom.
"""


@pytest.mark.parametrize(
    "title",
    [
        "A Note About Glazing",
        "The Riverside Studio Guide to Glazing",
        "Our Handbook on Glazing",
        "Riverside's Primer on Glazing",
    ],
)
def test_a_title_that_names_a_note_about_a_subject_asks_about_the_subject(make_site, build_site, title):
    """A named guide too (session 13: an outside corpus's "The <org> Guide to <subject>" was asked
    "What is the <org> guide to …?", a question about the document answered about its subject)."""
    root = make_site({"glazing.md": ABOUT_PAGE.replace("A Note About Glazing", title)})
    build_site(root)
    answer = (root / "generated" / "glazing" / "channels" / "ai-answer.md").read_text(encoding="utf-8")
    assert answer.startswith("# What should you know about glazing?\n"), answer
