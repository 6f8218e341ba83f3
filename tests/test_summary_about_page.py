"""Summaries that say what the page is about: from its first sections, never one late section's
sentences, never a sentence that continues one the summary leaves out, never empty.

Every sentence is written for these tests (a handbook page of perks, a product page of reports).
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from aeoloop.quality import check_summary
from aeoloop.quality.out_of_context import continues_previous
from aeoloop.text import count_words

from conftest import extractive_generate as generate
from conftest import load_one_page as load


# Five sections; the first three hold short paragraphs only (no run of them reaches 40 words), the
# fourth a long paragraph that passes on its own: one late part of the page.
PERKS = """\
---
title: Staff perks
---

## Lunches

The office kitchen is stocked with bread and fruit every weekday morning. Tea is free.

## Bicycles

A bike repair stand waits in the basement storage room. So does a pump.

## Books

Any book you need for your work is paid for by the company. Keep the receipt.

## Phones

Every new member of staff picks a phone from a short list of models the support desk knows well. The
phone belongs to the company, and the desk replaces it when the screen cracks or the battery no longer
lasts a working day. You may install your own apps on it. Keep the screen lock switched on at all times.

## Parking

Spaces in the yard behind the office are given out each morning. Nobody may keep one.
"""

FIRST_SECTION_TEXT = (
    "## Lunches\n\nStaff perks at our office start with lunch: the kitchen is stocked with bread, cheese and "
    "fruit every weekday morning, and the staff perks budget pays for a cooked meal on Fridays. Anyone may "
    "invite a guest to the Friday meal once a month, and the kitchen team asks only for a note a day ahead.\n"
)
OLD_LUNCHES = "## Lunches\n\nThe office kitchen is stocked with bread and fruit every weekday morning. Tea is free.\n"
# A page of short entries (every section short, no subsection) whose first entry frames the page: the
# page is still a collection, so the outline leads and the framing sentence follows it.
FIRST_ENTRY_FRAMES = PERKS.replace(OLD_LUNCHES, FIRST_SECTION_TEXT)
# The same first section on a page that is not a collection of short entries (a subsection under
# Phones): the writer's framing section is the summary.
FIRST_SECTION_FRAMES = FIRST_ENTRY_FRAMES.replace(
    "## Parking\n",
    "### Lost phones\n\nReport a lost phone to the support desk on the day you miss it.\n\n## Parking\n",
)

# One-sentence paragraphs under headings only: every run would reprint a paragraph.
SHORT = """\
---
title: Send weekly reports
description: "How to get a weekly report of your visitors by email, and who on the team receives it."
---

## Turn the report on

Open the settings of your site and switch on the weekly email report for your account.

## Add people

Everyone you add to the list of recipients gets the same report every Monday morning.
"""


def test_a_late_section_does_not_stand_for_the_page(tmp_path: Path) -> None:
    page = load(tmp_path, PERKS)
    art = generate(page)
    assert art.summary.startswith("“Staff perks” covers five topics: “Lunches”, “Bicycles”, “Books”")
    assert "phone from a short list" not in art.summary
    assert check_summary(art.summary, title=page.title) == []
    assert any("from their headings" in n for n in art.notes)
    assert art.faq and art.faq[0].answer.startswith("Every new member of staff picks a phone")  # the FAQ keeps it


def test_without_an_faq_the_outline_replaces_the_late_run_directly(tmp_path: Path) -> None:
    page = load(tmp_path, PERKS.replace("title: Staff perks", "title: Staff perks\nfaq: []"))
    art = generate(page)
    assert art.summary.startswith("“Staff perks” covers five topics:")
    # a page of short sections with no opening gets the outline first (sumnotes); else it replaces the late run
    assert any("only a later section's sentences pass" in n or "collects short sections" in n for n in art.notes)


def test_a_first_section_that_frames_the_page_is_the_summary(tmp_path: Path) -> None:
    page = load(tmp_path, FIRST_SECTION_FRAMES)
    art = generate(page)
    assert art.summary.startswith("Staff perks at our office start with lunch")
    assert "covers" not in art.summary
    assert check_summary(art.summary, title=page.title) == []


def test_a_collection_whose_first_entry_frames_the_page_leads_with_the_outline(tmp_path: Path) -> None:
    page = load(tmp_path, FIRST_ENTRY_FRAMES)
    art = generate(page)
    assert art.summary.startswith("“Staff perks” covers five topics:")
    assert "Staff perks at our office start with lunch" in art.summary
    assert check_summary(art.summary, title=page.title) == []


def test_a_page_of_one_sentence_paragraphs_gets_the_writers_description(tmp_path: Path) -> None:
    page = load(tmp_path, SHORT)
    art = generate(page)
    assert art.summary == "How to get a weekly report of your visitors by email, and who on the team receives it."


def test_without_a_description_the_summary_stays_empty_and_the_note_says_why(tmp_path: Path) -> None:
    page = load(
        tmp_path,
        SHORT.replace(
            'description: "How to get a weekly report of your visitors by email, and who on the team receives it."\n',
            "",
        ),
    )
    art = generate(page)
    assert art.summary == ""
    assert any("write an opening paragraph" in n for n in art.notes)


def test_a_sentence_that_continues_the_one_before_it_is_recognised() -> None:
    for text in (
        "Some examples include: lunches, bicycles and books.",
        "One of them is kept in the basement.",
        "Another option is a monthly pass for the train.",
        "Pick one to open its settings.",
        "There are two ways to switch them on.",
        "Both are paid for by the company.",
    ):
        assert continues_previous(text), text
    for text in (
        "The office kitchen is stocked with bread every morning.",
        "Every new hire picks a phone from a short list.",
        "Spaces in the yard are given out each morning.",
        "Someone from the support desk replaces a cracked screen.",
    ):
        assert not continues_previous(text), text


def test_a_summary_that_opens_with_yes_or_no_fails_the_contract() -> None:
    body = (
        "you can keep each customer on a separate team, and each team pays for its own plan, so every "
        "customer gets a separate bill and nobody shares an invoice with another customer of yours. The "
        "owner of the agency stays a member of every team under one login."
    )
    for opening in ("Yes. You", "No, you", "Yes — you"):
        found = check_summary(f"{opening} {body.split(' ', 1)[1]}", title="Billing for customers")
        assert [f.rule for f in found] == ["unseen-reference"], opening
    assert check_summary(f"You {body.split(' ', 1)[1]}", title="Billing for customers") == []
    assert check_summary(f"Nobody needs a card: {body}", title="Billing for customers") == []


def test_built_page_shows_what_it_covers_and_prints_no_paragraph_twice(make_site, build_site) -> None:
    root = make_site({"perks.md": PERKS, "reports.md": SHORT})
    build_site(root)
    summary = (root / "generated" / "perks" / "summary.md").read_text(encoding="utf-8").strip()
    assert summary.startswith("“Staff perks” covers five topics:")
    assert (
        (root / "generated" / "reports" / "summary.md")
        .read_text(encoding="utf-8")
        .strip()
        .startswith("How to get a weekly report")
    )
    for name in ("perks", "reports"):
        soup = BeautifulSoup((root / "site" / name / "index.html").read_text(encoding="utf-8"), "lxml")
        box = soup.select_one(".aeoloop-summary")
        assert box is not None and count_words(box.get_text(" ")) >= 10
        article = soup.select_one("article") or soup
        texts = [" ".join(p.get_text(" ").split()) for p in article.find_all("p")]
        texts = [t for t in texts if count_words(t) >= 6]
        assert len(texts) == len(set(texts))  # no paragraph printed twice


def test_a_summary_that_opens_with_an_example_fails_the_contract() -> None:
    rest = (
        "the bakery on the corner saved a third of its flour bill by buying in bulk, and the owner now "
        "orders once a month instead of every week, which frees two mornings for baking. Small shops can "
        "save the same way."
    )
    found = check_summary(f"The bakery, for example, saved money: {rest}", title="Saving on flour")
    assert [f.rule for f in found] == ["unseen-reference"]
    found = check_summary(f"The bakery, for instance, saved money: {rest}", title="Saving on flour")
    assert [f.rule for f in found] == ["unseen-reference"]
    # an example later in the summary, after its point, is fine
    assert check_summary(f"Buying flour in bulk saves money: {rest}", title="Saving on flour") == []
    assert (
        check_summary(
            f"Buying flour in bulk saves money. The bakery, for example, found that {rest}", title="Saving on flour"
        )
        == []
    )


def test_a_summary_that_opens_with_a_place_not_shown_fails_the_contract() -> None:
    rest = (
        "pick one of the saved reports and send it to a colleague by email, or export it as a file for a "
        "spreadsheet, and the report keeps the filters you chose when you saved it on the reports page."
    )
    for opening in ("There you can", "Here we", "Then you can"):
        found = check_summary(f"{opening} {rest}", title="Saved reports")
        assert [f.rule for f in found] == ["unseen-reference"], opening
    # "There are …" names what there is; a sentence that says where is fine
    assert check_summary(f"There are saved reports: {rest}", title="Saved reports") == []
    assert check_summary(f"On the reports page you can {rest}", title="Saved reports") == []
