"""Summaries that give the page's point and frame; takeaways that stand alone (issue 8, session 10: `sums`).

- A one-note page (no heading below its title) that opens with the writer's set-up is summarised from
  the sentence that makes its point; one that opens with its point keeps its opening; a summary that
  leans on a sentence before it ("Notice that …") is dropped when nothing makes the point.
- A page with no opening and many sections is not summarised by its first section's run (one part),
  unless that section frames the page (an overview, or its heading shares a word with the title).
- "Besides the …, we …" is a preposition, not a connective; outlines leave out a send-off heading
  ("You did it!") and a lead that announces items it does not give.
- A takeaway is not the result of unseen steps, a label, a teaser of another way, an explanation of
  unseen code, a dated story or "Let's …".

Every sentence here is written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from aeoloop.backends.extractive_note_point import note_setup, one_note, opening_fault, without_fragments
from aeoloop.backends.extractive_openings import _until_announcement
from aeoloop.backends.extractive_outline import afterword
from aeoloop.quality import Limits, check_takeaway
from aeoloop.quality.contract_sentences import check_standalone
from aeoloop.text import split_sentences

from conftest import extractive_artifacts as artifacts
from conftest import load_one_page as load

# A note whose opening paragraph is the writer's situation, its point the third sentence.
SETUP_NOTE = """\
# Trim Whitespace From A Spreadsheet Column

I keep a spreadsheet of glaze recipes that I copied over from an old paper notebook. I sometimes find
stray spaces at the end of the recipe names after pasting them in. We can trim whitespace from a
spreadsheet column by wrapping each cell in the trim formula of the sheet. The formula also collapses
double spaces between the words of a name.

```text
=TRIM(A2)
```

Fill the formula down the column and paste the values back over the originals.
"""

# The same note written point first: the opening stays.
POINT_NOTE = """\
# Trim Whitespace From A Spreadsheet Column

You can trim whitespace from a spreadsheet column by wrapping each cell in the trim formula of the
sheet, which also collapses double spaces between the words of a name. It is the quickest fix for
names pasted in from another document, where stray spaces at the end are common and hard to see.

```text
=TRIM(A2)
```
"""

# A page with no opening and five sections named by one word each: the first is one part of it.
PARTS = """\
# How The Studio Runs

## Kilns

Our studio fires two electric kilns every week. Each firing is logged on the board by the door with its
cone and the date it was loaded.

## Clay

We buy stoneware clay by the pallet from a supplier nearby. Reclaimed clay is wedged before it goes back
on the shelf for students.

## Glazes

Glazes are mixed on Mondays from the recipes in the binder. Every bucket is labelled with its recipe and
the date it was mixed.

## Classes

Classes run in eight-week terms with a week off in between. Each term ends with a glaze firing of the
students' best pieces.

## Cleaning

The studio is cleaned with wet mops only, never brooms. Dry sweeping lifts clay dust into the air that
everyone breathes.
"""

# The same shape, but the first section frames the page (its heading shares the title's word).
FRAMED = PARTS.replace(
    """## Kilns

Our studio fires two electric kilns every week. Each firing is logged on the board by the door with its
cone and the date it was loaded.
""",
    """## What the studio is

The studio is a shared pottery workshop open to members every day of the week. It has wheels, tables,
two kilns and shelves for everyone's work in progress. Members pay a fee by the month and book their wheel time online through the studio calendar.
Guests may visit on open days.

New members take one induction class before they use the wheels alone.
""",
)


def test_a_note_that_opens_with_its_setup_is_summarised_from_its_point(tmp_path: Path) -> None:
    page = load(tmp_path, SETUP_NOTE)
    assert one_note(page)
    art = artifacts(tmp_path, SETUP_NOTE)
    assert art.summary.startswith("We can trim whitespace from a spreadsheet column by wrapping each cell")
    assert "I keep a spreadsheet" not in art.summary
    assert any("starts at the sentence that makes its point" in n for n in art.notes)


def test_a_note_that_opens_with_its_point_keeps_its_opening(tmp_path: Path) -> None:
    art = artifacts(tmp_path, POINT_NOTE)
    assert art.summary.startswith("You can trim whitespace from a spreadsheet column")
    assert not any("starts at the sentence that makes its point" in n for n in art.notes)


def test_a_page_with_sections_is_not_a_note(tmp_path: Path) -> None:
    assert not one_note(load(tmp_path, PARTS))


def test_setups_and_leaning_openings_of_a_note() -> None:
    limits = Limits()
    title = "Trim Whitespace From A Column"
    assert note_setup("I keep a spreadsheet of glaze recipes.")
    assert note_setup("Generally when we paste names in, spaces come along.")
    assert note_setup("When working with pasted names, spaces creep in.")
    assert not note_setup("I can trim the names with one formula.")
    assert not note_setup("We use the trim formula for pasted names.")
    assert opening_fault("I keep a spreadsheet of glaze recipes and trim every column.", title, "en", limits) == "setup"
    assert opening_fault("Notice that the trailing spaces in the column are gone.", title, "en", limits) == "leans"
    assert opening_fault("But what if we only want to trim one column?", title, "en", limits) == "leans"
    assert opening_fault("", title, "en", limits) == "empty"
    assert opening_fault("The trim formula removes whitespace from a column.", title, "en", limits) is None


def test_the_rest_of_a_sentence_cut_by_code_is_not_a_sentence() -> None:
    cut = "The kiln log is kept in the binder by the door. in the top drawer."
    assert without_fragments(cut) == "The kiln log is kept in the binder by the door."
    whole = "The kiln log is kept in the binder. npm scripts read it at night."
    assert without_fragments(whole) == whole


def test_a_page_of_many_parts_with_no_opening_is_outlined(tmp_path: Path) -> None:
    art = artifacts(tmp_path, PARTS)
    assert art.summary.startswith(
        "“How The Studio Runs” covers five topics: “Kilns”, “Clay”, “Glazes”, “Classes” and “Cleaning”."
    )


def test_a_first_section_that_frames_the_page_keeps_its_run(tmp_path: Path) -> None:
    art = artifacts(tmp_path, FRAMED)
    assert art.summary.startswith("The studio is a shared pottery workshop")
    assert "covers five topics" not in art.summary


def test_besides_before_a_noun_phrase_is_not_a_connective() -> None:
    assert not check_standalone(
        "Besides the public studio, we run a members' kiln room that is open at night.", lang="en"
    )
    assert check_standalone("Besides, the kiln room is open at night.", lang="en")
    assert check_standalone("Besides that, the kiln room is open at night.", lang="en")


def test_outlines_leave_out_send_offs_and_announcements() -> None:
    assert afterword("You did it!")
    assert afterword("That's it!")
    assert afterword("Congratulations!")
    assert not afterword("Take a break when you need one!")
    assert not afterword("Cleaning")
    leads = [
        "Members can book the kiln room online.",
        "If a booking clashes with a class, there are two things to consider.",
        "The class always wins.",
    ]
    assert _until_announcement(leads, "en") == leads[:1]
    assert _until_announcement(leads[:1], "en") == leads[:1]


def rules(text: str) -> set[str]:
    return {f.rule for f in check_takeaway(text)}


def test_takeaways_that_do_not_stand_alone() -> None:
    # the result of steps the reader has not seen
    assert "unseen-reference" in rules("Your kiln schedule should now be set up.")
    assert "unseen-reference" in rules("The booking widget is now live on your studio page.")
    assert not rules("Bookings made after noon are now confirmed by email within the hour.")
    # a label of the page
    assert "unseen-reference" in rules("Note: glazes must be stirred before every dipping session.")
    assert not rules("Glazes must be stirred before every dipping session.")
    # a way announced, not given
    assert "incomplete" in rules("The studio app offers another way of booking the kiln.")
    assert not rules("The studio app offers another way of booking the kiln, by calling the front desk.")
    # code explained, or named only as "the function"
    assert "unseen-reference" in rules("What glazecalc is doing is scaling every recipe to the batch size.")
    assert "unseen-reference" in rules("You need to give the function three pieces of information about the batch.")
    assert not rules("When you define a function for the batch, the function keeps its defaults.")
    assert not rules("Recipe macros reuse the function clauses you defined for the batch size.")
    # a pronoun with nothing before it to stand for, one of an unseen list, things counted and not named
    assert "unseen-reference" in rules("We'll move it to the back shelf on your behalf.")
    assert "unseen-reference" in rules("We offer this to schools and community groups.")
    assert not rules("You can glaze a bisque pot without firing it again first.")
    assert not rules("We make it easy for every member to book a wheel online.")
    assert not rules("You can check that the kiln is cool before opening the lid.")
    assert "unseen-reference" in rules("Select one to begin booking the wheel.")
    assert "incomplete" in rules("There are a couple of glaze recipes that you can use on stoneware.")
    assert not rules("There are a couple of glaze recipes for stoneware, such as celadon and tenmoku.")
    # a habit or a crowd of things before the point, what the writer saw, one of an unseen set
    assert "setup" in rules("Generally when we trim a pot, the foot ring comes out uneven at first.")
    assert "setup" in rules("There are a ton of glaze recipes in the studio binder.")
    assert not rules("Stoneware glazes usually mature at cone six in an electric kiln.")
    assert "unseen-reference" in rules("As we can see from the log, the kiln reached cone six.")
    assert "unseen-reference" in rules("We see a bunch of settings, but only the cone is required.")
    assert "unseen-reference" in rules("The second rule, keep the lid shut, protects the elements.")
    assert not rules("The first firing of a pot is called the bisque firing.")
    # a dated story, a page's announcement
    assert "setup" in rules("In 2021, we moved the studio to a bigger building.")
    assert "setup" in rules("Let's talk about what a bisque firing is and why it matters.")
    assert not rules("A bisque firing hardens the clay so that glaze can be applied without breaking it.")


def test_summary_sentences_of_a_note_read_alone(tmp_path: Path) -> None:
    art = artifacts(tmp_path, SETUP_NOTE)
    for sentence in split_sentences(art.summary):
        assert not sentence.startswith(("I ", "It ", "This "))
