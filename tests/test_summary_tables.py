"""Summaries for pages that are one table: what the table compares, from its own labels only.

The tables are shaped like the career-ladder pages that had no summary on a real handbook (a
"Category" column, one column per title, group rows with empty cells, a row per skill); the
wording is written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.backends.extractive_tables import table_summary
from aeoloop.brand import load_brand
from aeoloop.page import load_page
from aeoloop.quality import check_summary
from aeoloop.settings import Settings
from aeoloop.text import count_words

ROOT = Path(__file__).parent.parent

LADDER = """\
---
title: Levels for Editors
---

| Area | Junior Editor (E1) | Editor (E2) | Senior Editor (E3) |
| --- | --- | --- | --- |
| **Craft** | | | |
| *Accuracy* | Checks facts with help. | Checks facts alone. | Sets the checking standard. |
| *Style* | Follows the style guide. | Applies it without reminders. | Keeps the style guide current. |
| *Style* | Asks before breaking a rule. | Breaks a rule with a reason. | Decides when rules change. |
| *Voice* | Writes in the house voice. | Edits others into it. | Shapes the house voice. |
| **Teamwork** | | | |
| *Reviews* | Takes feedback well. | Gives useful feedback. | Coaches other editors. |
| *Planning* | Meets deadlines. | Plans a week ahead. | Plans a quarter ahead. |
| *Handoffs* | Leaves notes. | Leaves clear notes. | Sets the handoff routine. |
| **Growth** | | | |
| *Learning* | Reads the desk notes. | Writes desk notes. | Runs the desk training. |
| *Mentoring* | Shadows an editor. | Pairs with a junior. | Mentors two editors. |
| *Reading* | Reads one book a year. | Reads two. | Reads three. |
"""

PROSE_FIRST = """\
---
title: Levels for Editors
---

Editors move through three levels, each with more say over the standard the desk works to.

| Area | Junior Editor (E1) | Editor (E2) |
| --- | --- | --- |
| *Accuracy* | Checks facts with help. | Checks facts alone. |
| *Style* | Follows the style guide. | Applies it without reminders. |
"""

SENTENCE_CELLS = """\
---
title: Release checklist
---

| What to do before the release goes out to every customer on the list | Who |
| --- | --- |
| Freeze the branch | Lead |
| Tag the build | Lead |
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    page, _ = load_page(path, "page.md")
    assert page is not None
    return page


def test_table_rows_keep_their_cells(tmp_path: Path) -> None:
    page = load(tmp_path, LADDER)
    table = next(b for s in page.sections for b in s.blocks if b.kind == "table")
    assert table.rows[0] == ("Area", "Junior Editor (E1)", "Editor (E2)", "Senior Editor (E3)")
    assert table.rows[1] == ("Craft", "", "", "")  # a group row: label, empty cells
    assert len(table.rows) == 14


def test_a_table_only_page_gets_a_summary_from_its_labels(tmp_path: Path) -> None:
    page = load(tmp_path, LADDER)
    art = ExtractiveBackend(Settings(), load_brand(ROOT / "brand", ROOT)).generate(page)
    assert art.summary == (
        "Levels for Editors is a table that compares Junior Editor (E1), Editor (E2) and Senior Editor (E3) by "
        "area. The 9 areas fall under Craft (Accuracy, Style and Voice), Teamwork (Reviews, Planning and Handoffs) and "
        "Growth (Learning, Mentoring and Reading)."
    )
    assert check_summary(art.summary, title=page.title) == []
    assert any("what the opening table compares" in n for n in art.notes)
    # nothing from the cells: only the title, the header row and the row labels are quoted
    cells = [c.rstrip(".") for row in page.sections[0].blocks[0].rows[1:] for c in row[1:] if c]
    assert cells and not any(c in art.summary for c in cells)


def test_too_few_labels_for_forty_words_gives_no_summary_and_a_note(tmp_path: Path) -> None:
    small = LADDER.split("| **Teamwork**")[0]  # one group of two labels: 25 words at most
    page = load(tmp_path, small)
    art = ExtractiveBackend(Settings(), load_brand(ROOT / "brand", ROOT)).generate(page)
    assert art.summary == ""  # a 25-word line would fail summary-length: nothing rather than a failing summary
    assert any("add an opening paragraph" in n for n in art.notes)


def test_a_shorter_wording_when_the_rich_one_is_too_long(tmp_path: Path) -> None:
    page = load(tmp_path, LADDER)
    text = table_summary(page, lo=20, hi=30, passes=lambda t: True)
    assert text is not None and count_words(text) <= 30
    assert text.endswith("fall under Craft, Teamwork and Growth.")


def test_no_table_summary_when_prose_comes_first_or_labels_are_sentences(tmp_path: Path) -> None:
    assert table_summary(load(tmp_path, PROSE_FIRST), lo=1, hi=99, passes=lambda t: True) is None
    assert table_summary(load(tmp_path, SENTENCE_CELLS), lo=1, hi=99, passes=lambda t: True) is None


def test_no_table_summary_in_a_language_without_the_wording(tmp_path: Path) -> None:
    page = load(tmp_path, LADDER.replace("title: Levels for Editors", "title: Livelli\nlang: it"))
    assert table_summary(page, lo=1, hi=99, passes=lambda t: True) is None


def test_built_table_page_shows_the_summary_box(make_site, build_site) -> None:
    root = make_site({"levels.md": LADDER})
    build_site(root)
    summary = (root / "generated" / "levels" / "summary.md").read_text(encoding="utf-8").strip()
    assert summary.startswith("Levels for Editors is a table that compares Junior Editor (E1)")
    html = (root / "site" / "levels" / "index.html").read_text(encoding="utf-8")
    box = BeautifulSoup(html, "lxml").select_one(".aeoloop-summary")
    assert box is not None
    assert "compares Junior Editor (E1), Editor (E2) and Senior Editor (E3) by area" in " ".join(
        box.get_text(" ").split()
    )
