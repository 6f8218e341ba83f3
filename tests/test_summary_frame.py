"""Summaries that give the page's frame before a section's detail, outlines of pages whose sections
have no text of their own, outline headings without punctuation residue, and takeaways that stand
alone (session 9, `sum3`). Every sentence is written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from aeoloop.backends.extractive_outline import afterword, outline_summary
from aeoloop.backends.extractive_takeaways import _names_code
from aeoloop.page import Block
from aeoloop.quality import check_summary, check_takeaway
from aeoloop.quality.outlines import clean_heading, complete_outline

from conftest import extractive_generate as generate
from conftest import load_one_page as load


# faq: [] keeps the definitions out of the FAQ, which would otherwise take them (an FAQ answer's
# sentence is never repeated in the summary) and leave an outline of headings too short to pass.
GLOSSARY = """\
---
title: Pottery studio glossary
faq: []
---

These are the words you will hear around the studio.

## Firing

### Bisque

The first trip through the kiln. It hardens the clay enough to take a glaze without falling apart in the
hands of a beginner.

### Cone

A cone is a small pyramid of ceramic that bends at a known heat, so the potter can see how hot the kiln
got. Cones are numbered from cool to hot.

## Glazes

### Celadon

A celadon is a pale green glaze coloured by a little iron and fired without much air in the kiln. It pools
darker in the carved lines of a pot.

### Crawling

The moment a glaze pulls back from the clay. It leaves bare patches where the glaze beaded up.

## Clay bodies

### Stoneware

Stoneware is a dense clay that turns hard and watertight when fired hot. Most mugs in the studio are made
from it.

## What's next?

Book a wheel for an hour and try a small bowl before the next firing.
"""


def test_a_page_of_categories_is_outlined_from_its_subsections_first_sentences(tmp_path: Path) -> None:
    page = load(tmp_path, GLOSSARY)
    art = generate(page)
    assert art.summary.startswith(
        "“Pottery studio glossary” covers three topics: “Firing”, “Glazes” and “Clay bodies”."
    ), art.summary
    # each category is said by its first subsection whose first sentence stands alone: not the
    # definitions that open without their term ("The first trip through the kiln.")
    assert "A cone is a small pyramid of ceramic" in art.summary
    assert "The first trip" not in art.summary and "The moment a glaze" not in art.summary
    assert "What's next" not in art.summary  # a section that sends the reader on is not a topic
    assert check_summary(art.summary, title=page.title) == []


FRAMED = """\
---
title: Wheel booking
---

The studio calendar lets members reserve a potter's wheel by the hour. Reservations open a week ahead and
close at noon the day before.

## How to reserve

Open the calendar from the members' page and pick a free hour on any wheel. A confirmation arrives by email
within a few minutes of the booking.

## Cancelling a slot

Cancel at least a day ahead so another member can take the wheel. Late cancellations count against your
monthly hours.

## Fair use

Each member may hold up to six hours a week. Extra hours can be booked on the morning of the day if a
wheel is still free.
"""


def test_an_outline_quotes_the_pages_own_opening_before_any_section(tmp_path: Path) -> None:
    page = load(tmp_path, FRAMED)
    art = generate(page)
    # the opening does not name the title's words ("wheel booking"), so the summary is the outline,
    # and its first quoted sentence is the page's frame, not a section's detail
    if art.summary.startswith("“Wheel booking” covers"):
        first_quoted = art.summary.split("”.", 1)[1].strip()
        assert first_quoted.startswith("The studio calendar lets members reserve a potter's wheel by the hour.")
    else:
        assert art.summary.startswith("The studio calendar lets members reserve")
    assert check_summary(art.summary, title=page.title) == []


TIP_LAST = """\
---
title: Glaze mixing
---

## Weighing

Weigh every powder on the digital scale to a tenth of a gram and write each weight on the batch card. Add
the powders to warm water, never water to powders, so lumps do not form at the bottom of the bucket.

## Sieving

Pour the mixed glaze through a fine sieve twice to break up what is left of the lumps. A glaze that is
not sieved leaves pinholes and gritty spots on the fired pot.

Want to keep a glaze mixing batch from settling overnight in the bucket? In the cupboard by the sink, take
the jar of flocculant. Stir a spoonful of it into the glaze mixing bucket before you leave for the day.
"""


def test_a_tip_that_answers_its_own_question_never_stands_for_the_page(tmp_path: Path) -> None:
    art = generate(load(tmp_path, TIP_LAST))
    assert "Want to keep" not in art.summary
    assert "In the cupboard by the sink" not in art.summary
    assert art.summary


def test_outline_headings_lose_their_full_stop_and_keep_a_question_mark() -> None:
    assert clean_heading("Just tell me what the kiln rules are.") == "Just tell me what the kiln rules are"
    assert clean_heading("Why fire twice?") == "Why fire twice?"
    assert clean_heading("Getting started:") == "Getting started"
    assert clean_heading("“Quoted heading”") == "Quoted heading"
    assert clean_heading("The “wet” room") == "The ‘wet’ room"
    assert clean_heading("2. Glaze the pots") == "Glaze the pots"
    assert clean_heading("You fired it! 🎉") == "You fired it!"
    assert clean_heading("Use 📊 to plan firings") == "Use 📊 to plan firings"
    assert clean_heading("2025 in review") == "2025 in review"
    text = outline_summary(
        "Kiln rules",
        ["Why fire twice?", "Just tell me what the kiln rules are."],
        [[], []],
        lang="en",
        lo=10,
        hi=60,
        passes=lambda t: True,
    )
    assert text == "“Kiln rules” covers two topics: “Why fire twice?” and “Just tell me what the kiln rules are”."
    assert ".”." not in text
    assert complete_outline(text, "Kiln rules.")  # the title is cleaned the same way


def test_afterword_headings() -> None:
    for heading in ("What's next?", "Next steps", "See also", "Further reading", "Conclusion", "Related articles"):
        assert afterword(heading), heading
    for heading in ("Next to the kiln", "Seeing the glaze", "Relating cones to heat", "What is a cone?"):
        assert not afterword(heading), heading


def test_a_takeaway_never_opens_with_the_answer_to_an_unseen_question() -> None:
    assert any(f.rule == "unseen-reference" for f in check_takeaway("Yes. Members can book two wheels at once."))
    assert any(f.rule == "unseen-reference" for f in check_takeaway("No, the kiln is never opened while hot."))
    assert not any(f.rule == "unseen-reference" for f in check_takeaway("Nobody opens the kiln while it is still hot."))


def test_a_takeaway_is_not_a_step_behind_where_to_find_it() -> None:
    step = check_takeaway("In the Shelves menu at the top of the studio page, choose Booking.")
    assert any(f.rule == "bare-instruction" for f in step)
    with_goal = check_takeaway("In the glaze cupboard, take the blue jar to thicken a runny glaze.")
    assert not any(f.rule == "bare-instruction" for f in with_goal)
    statement = check_takeaway("In most studios, the kiln is loaded by one person only.")
    assert not any(f.rule == "bare-instruction" for f in statement)


def test_a_takeaway_that_reads_a_name_of_the_code_is_left_out() -> None:
    blocks = (
        Block("paragraph", "The helper joins the two lists for the kiln log.", 1),
        Block("code", "merged = kilnlog.zip_rows(firings, cones)\nprint(merged)", 2),
        Block("paragraph", "What zip_rows does is pair each firing with its cone.", 4),
    )
    assert _names_code("What zip_rows does is pair each firing with its cone.", blocks)
    assert _names_code("The firings list is passed to kilnlog first.", blocks)
    assert not _names_code("Each firing is logged with the cone it reached.", blocks)
    assert not _names_code("Each firing is logged with the cone it reached.", blocks[:1])


def test_built_glossary_page_shows_the_outline_in_the_summary_box(make_site, build_site) -> None:
    root = make_site({"glossary.md": GLOSSARY})
    build_site(root)
    summary = (root / "generated" / "glossary" / "summary.md").read_text(encoding="utf-8").strip()
    assert summary.startswith("“Pottery studio glossary” covers three topics:")
    html = (root / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    box = BeautifulSoup(html, "lxml").select_one(".aeoloop-summary")
    assert box is not None
    text = " ".join(box.get_text(" ").split())
    assert "covers three topics" in text and "What's next" not in text


def test_a_takeaway_never_leans_on_an_example_it_does_not_give() -> None:
    assert any(
        f.rule == "page-position"
        for f in check_takeaway("From then on, bookings show the wheel we picked in our example as taken.")
    )
    assert not any(
        f.rule == "page-position" for f in check_takeaway("A good example of a stable glaze is a plain celadon.")
    )


def test_a_takeaway_never_points_down_the_page() -> None:
    assert any(
        f.rule == "page-position"
        for f in check_takeaway("If one colour is not enough, see more glaze mixing options below.")
    )
    assert not any(
        f.rule == "page-position" for f in check_takeaway("Water below the rim of the bucket keeps the glaze wet.")
    )


def test_file_names_are_not_names_only_the_code_shows() -> None:
    blocks = (
        Block("paragraph", "Copy the rules into the settings file of your project.", 1),
        Block("code", '{"kiln": "cone6"}  // kiln.json\nload_rules(kiln.json)', 2),
        Block("paragraph", "The kiln.json file must sit beside the glaze log.", 4),
    )
    assert not _names_code("The kiln.json file must sit beside the glaze log.", blocks)
    assert _names_code("Call load_rules before the first firing.", blocks)


SHORT_OPENING = """\
---
title: Studio keys
---

Members can borrow a studio key for evenings and weekends from the front desk.

## Borrowing a key for the evening

Sign the key book at the front desk and leave a deposit of ten pounds.

## Returning a key after the weekend

Drop the key through the letterbox by Monday noon, and the deposit comes back the same week.
"""


def test_a_short_opening_that_reads_alone_beats_an_outline_of_headings(tmp_path: Path) -> None:
    art = generate(load(tmp_path, SHORT_OPENING))
    assert art.summary.startswith("Members can borrow a studio key"), art.summary


KINDS = """\
---
title: Kiln notes
faq: []
---

## Shelf Kinds In The Big Kiln

There are two kinds of kiln shelf. The light ones are cordierite and crack if loaded unevenly. The heavy
ones are silicon carbide and last for years.

## Cone Packs

A cone pack is a row of three cones set in clay in front of the spy hole. It shows the firing's heat from
the outside.
"""


def test_an_outline_never_quotes_what_follows_a_left_out_announcement(tmp_path: Path) -> None:
    # "There are two kinds …" does not give them, so it is left out; "The light ones …" goes on from it
    summary = generate(load(tmp_path, KINDS)).summary
    assert "The light ones" not in summary and "The heavy ones" not in summary
    assert summary.startswith("“Kiln notes” covers two topics:")


def test_a_takeaway_never_opens_with_the_ones_of_an_unseen_noun() -> None:
    assert any(f.rule == "unseen-reference" for f in check_takeaway("The heavy ones last for years in a hot kiln."))
    assert not any(
        f.rule == "unseen-reference" for f in check_takeaway("Heavy kiln shelves last for years in a hot kiln.")
    )


LONG_OPENING = """\
---
title: Kiln log and firing records
faq: []
---

The kiln log and the firing records show every load, its cone and who fired it, so that problems can be
traced. Members read them before they book a firing of their own, and so does the manager.

Open any entry to see the shelf plan, the photos taken when the kiln was unloaded and the notes left by the
member who fired it. Press the expand arrow beside an entry to show the temperature curve for the firing. In the expanded entry, you can sort
the readings by time or by heat by pressing any column title.

These readings help members judge a firing beyond its final cone. A curve that climbs too fast may have
cracked thick pots. A slow, even curve usually means glazes melted well.

## Firing records

Every firing record names the member who loaded the kiln and the programme they chose on the controller.
Records are kept for two years and then archived.

## Kiln log

The kiln log lists maintenance: new elements, shelf washing and thermocouple checks, with the date of
each. Members add a line whenever they notice a fault.
"""


def test_a_run_without_the_pages_opening_sentence_gives_way_to_the_framed_outline(tmp_path: Path) -> None:
    page = load(tmp_path, LONG_OPENING)
    summary = generate(page).summary
    assert "In the expanded entry" not in summary and "These readings" not in summary, summary
    assert "The kiln log and the firing records show every load" in summary
    assert check_summary(summary, title=page.title) == []


DEEP_TIP = """\
---
title: Glaze tests for members
faq: []
---

## 1. Mix a test batch

Weigh a hundred grams of the glaze recipe for each test tile and sieve it before use. Label the batch
with the recipe's name and the date.

## 2. Fire the test tiles

Put the tiles on the bottom shelf, where the kiln runs hottest and shows the worst case. Each tile gets
a number scratched into its foot.

### You can also share your tiles

You can also leave your fired tiles on the shelf by the door for other members to see. Write the recipe
on a card beside the tile. Other members can borrow the recipe by copying the card into the glaze book.
"""


def test_a_subsection_deep_in_a_later_part_does_not_stand_for_the_page(tmp_path: Path) -> None:
    summary = generate(load(tmp_path, DEEP_TIP)).summary
    assert "shelf by the door" not in summary and "borrow the recipe" not in summary, summary
    assert summary.startswith("“Glaze tests for members” covers two topics: “Mix a test batch” and")


LATER_PART = """\
---
title: Glazing your first pots
faq: []
---

## Why glaze a pot?

Glazing seals the clay so a pot can hold water and be washed.

A glazed pot is also easier to keep clean, and colour makes it your own.

## Preparing the pots

### Waxing the feet

Wax the foot of every pot with a soft brush so the glaze cannot stick it to the shelf. Let the wax dry for
ten minutes before dipping.

## Dipping and pouring

### Glazing your first pots by dipping

Dipping your first pots in glazing buckets gives the most even coat for glazing beginners. Hold the pot by
its foot with tongs and dip it for three seconds. Shake off the drips over the bucket.

## Firing the glazed pots

Load the glazed pots on a clean shelf with a finger's gap between them. The glaze firing runs overnight.
"""


def test_a_later_parts_run_gives_way_to_the_outline_of_the_page(tmp_path: Path) -> None:
    page = load(tmp_path, LATER_PART)
    summary = generate(page).summary
    assert summary.startswith("“Glazing your first pots” covers four topics:"), summary
    assert check_summary(summary, title=page.title) == []


AGAIN = """\
---
title: Kiln notes
faq: []
---

## Unloading The Kiln

Open the kiln lid again once the dial reads below fifty degrees. Lift the pots by their feet and set them on
the cooling rack by the door.

## Cone Packs

A cone pack is a row of three cones set in clay in front of the spy hole. It shows the firing's heat from
the outside.
"""


def test_an_outline_never_quotes_a_step_that_repeats_one_it_does_not_give(tmp_path: Path) -> None:
    summary = generate(load(tmp_path, AGAIN)).summary
    assert summary.startswith("“Kiln notes” covers two topics:")
    assert "again" not in summary
    assert "A cone pack is a row of three cones" in summary


LONG_TITLES = """\
---
title: Studio notes
faq: []
---

## Keep Reclaimed Clay Wet Under A Damp Cloth

By default, clay left in the open dries out within a day. A damp cloth over the bucket keeps reclaimed clay
soft for a week.

## Wedge Each Lump Thirty Times Before Throwing

Air bubbles hide in every fresh lump. Thirty turns on the wedging table push them out before the clay goes on
the wheel.
"""


def test_a_complete_outline_of_short_notes_needs_no_notes_set_up(tmp_path: Path) -> None:
    page = load(tmp_path, LONG_TITLES)
    summary = generate(page).summary
    assert summary == (
        "“Studio notes” covers two topics: “Keep Reclaimed Clay Wet Under A Damp Cloth” and “Wedge Each Lump "
        "Thirty Times Before Throwing”."
    ), summary
    assert complete_outline(summary, page.title)
    assert check_summary(summary, title=page.title) == []


def test_a_takeaway_never_points_at_the_page_around_it_nor_links_out() -> None:
    for text in (
        "In other studios, they are the people listed as owners of the kiln.",
        "More details on that in the studio handbook.",
        "Members should sweep the floor to avoid this.",
    ):
        assert any(f.rule == "unseen-reference" for f in check_takeaway(text)), text
    for text in (
        "Glaze buckets need stirring before every use.",
        "More members book the wheel in winter than in summer.",
    ):
        assert not any(f.rule == "unseen-reference" for f in check_takeaway(text)), text
