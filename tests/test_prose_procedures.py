"""Answers that give every part: procedures written as paragraphs with pictures between them, a
writer's sentence without its full stop, and ways listed after a preamble (issue 8, session 6).

All fixture prose is written for these tests (a made-up note-taking app, "Quillpad")."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.backends.extractive_edits import close_last_sentence
from aeoloop.backends.extractive_steps import announces_ways, prose_procedure, prose_step
from aeoloop.brand import load_brand
from aeoloop.page import load_page
from aeoloop.quality import check_answer
from aeoloop.quality.procedures import continues_procedure, numbered_steps
from aeoloop.settings import Settings
from conftest import extractive_artifacts

ROOT = Path(__file__).parent.parent


def _faq(tmp_path: Path, text: str) -> tuple[dict[str, str], list[str]]:
    art = extractive_artifacts(tmp_path, text, "notes.md")
    return {qa.question: qa.answer for qa in art.faq}, art.notes


# -- the rules, sentence by sentence ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Press the green Archive button under the notebook title.", True),
        ("Inside the sharing dialog, you can pick the people who should see the notebook.", True),
        ("You then need to confirm the change by typing the notebook name into the box.", True),
        ("You also need to pick a colour for the notebook and press Keep.", True),  # one more step
        ("Once you’ve picked the people, click Share and they get an invitation.", True),  # curly apostrophe
        ("You can also rename the notebook at this point.", False),  # another way, not the next step
        ("Or leave the field empty to keep the old name.", False),
        ("See the sharing guide for the details.", False),  # a pointer elsewhere
        ("You should see a short list of your notebooks.", False),  # what the reader meets
        ("The archive keeps every page for a year.", False),
        ("You can export any notebook as a plain text file.", False),  # what the app allows, not a step
        ("Within the export panel you can pick the format you need.", True),  # where, then the step
        ("Note that archived notebooks stay searchable.", False),
        ("Why would you archive a notebook?", False),
    ],
)
def test_prose_step(sentence: str, expected: bool) -> None:
    assert prose_step(sentence) is expected


def test_once_you_have_with_a_curly_apostrophe_goes_on_with_the_procedure() -> None:
    assert continues_procedure("Once you’ve chosen a colour, press Apply to keep it.")
    assert continues_procedure("Once you've chosen a colour, press Apply to keep it.")
    assert not continues_procedure("Once a week the app backs up every notebook.")
    assert not continues_procedure("Once you've saved it, the list of notebooks refreshes on its own.")  # an outcome
    assert not continues_procedure("Once you've found the cause, you can add a comment to the chart.")  # optional


ARCHIVE = [
    (0, ["To archive a notebook, start by opening it from the sidebar.", "Its pages load on the right."]),
    (1, ["From the notebook menu, you can choose the Archive entry near the bottom.", "You can also tag it first."]),
    (2, ["The menu is the same on every device."]),  # an explanation between two steps: left out
    (3, ["Once you’ve chosen it, press Confirm and the notebook moves to the archive."]),
]


def test_a_procedure_in_paragraphs_is_numbered_with_its_step_sentences_only() -> None:
    found = prose_procedure(ARCHIVE, max_words=120, lang="en")
    assert found is not None and (found.first, found.last) == (0, 3)
    assert found.answer == (
        "Three steps: 1) To archive a notebook, start by opening it from the sidebar. "
        "2) From the notebook menu, you can choose the Archive entry near the bottom. You can also tag it first. "
        "3) Once you’ve chosen it, press Confirm and the notebook moves to the archive."
    )
    assert numbered_steps(found.answer)
    assert "same on every device" not in found.answer and "load on the right" not in found.answer


def test_a_procedure_too_long_for_the_ceiling_is_found_but_not_given() -> None:
    found = prose_procedure(ARCHIVE, max_words=30, lang="en")
    assert found is not None and found.answer is None  # the caller then gives no part of it


@pytest.mark.parametrize(
    "paragraphs",
    [
        # the opening paragraph is no step: a description, not a procedure
        [(0, ["Archived notebooks are kept for a year."]), (1, ["Press Restore to bring one back."])],
        # the second paragraph is another goal: two procedures, not one
        [(0, ["Press Archive to archive a notebook."]), (1, ["To delete a notebook, press Delete twice."])],
        # one paragraph only: the ordinary run covers it
        [(0, ["Press Archive to archive a notebook.", "Then press Confirm."])],
        # advice in two paragraphs, nothing done in an interface: prose, not a walkthrough
        [
            (0, ["Before you write any code, take a moment to note down your goals."]),
            (1, ["Add a short page that says what readers can expect from the notebook."]),
        ],
        # the later paragraph only gives another way
        [(0, ["Press Archive to archive a notebook."]), (1, ["You can also drag it onto the archive icon."])],
    ],
)
def test_not_a_procedure_in_paragraphs(paragraphs: list[tuple[int, list[str]]]) -> None:
    assert prose_procedure(paragraphs, max_words=120, lang="en") is None


def test_not_for_other_languages() -> None:
    assert prose_procedure(ARCHIVE, max_words=120, lang="it") is None


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (
            ["Open the export panel.", "In the Format box type the ending you want ( e.g. md )"],
            ["Open the export panel.", "In the Format box type the ending you want (e.g. md)."],
        ),
        (
            ["Open the export panel.", "Type the target folder into the field called Path"],
            ["Open the export panel.", "Type the target folder into the field called Path."],
        ),
    ],
)
def test_a_last_sentence_without_its_full_stop_is_closed(sentences: list[str], expected: list[str]) -> None:
    assert close_last_sentence(sentences) == expected


@pytest.mark.parametrize(
    "sentences",
    [
        ["Export formats compared"],  # a caption, no sentence before it
        ["Open the export panel.", "Then pick one of these:"],  # a lead-in
        ["Open the export panel.", "Path and format"],  # too short to be a sentence
        ["Open the export panel.", "and the other formats listed below,"],  # ends mid-clause
        ["Open the export panel.", "Type the folder into the Path field."],  # already whole
        ["Open the export panel and", "type the folder into the field called Path"],  # no whole sentence before
    ],
)
def test_a_caption_label_or_clause_is_not_closed(sentences: list[str]) -> None:
    assert close_last_sentence(sentences) == sentences


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("There are a few ways to keep your notebooks tidy:", True),
        ("Here are some ideas to try:", True),
        ("Your notebook list shows:", False),
        ("If you need tips on sharing, read one of these posts:", False),  # the tips are elsewhere
        ("There are a few ways to keep your notebooks tidy.", False),  # not a lead-in
    ],
)
def test_announces_ways(lead: str, expected: bool) -> None:
    assert announces_ways(lead) is expected


# -- the answers under a heading ----------------------------------------------------------------

PAGE = """\
---
title: Quillpad notebooks
---

Quillpad keeps your notes in notebooks. Each notebook has its own pages, tags and sharing settings, and
every change is saved as you type, so nothing is lost when the app closes.

## Archive a notebook

To archive a notebook, start by opening it from the sidebar on the left. Click the three dots next to its
title, which brings up the notebook menu with every action you can take on it.

<div class="shot">
<img alt="The notebook menu" src="/img/menu.png" />
</div>

From the notebook menu, you can choose the Archive entry near the bottom of the list. You can also add a tag
first, so the notebook is easier to find later in the archive view.

Once you’ve chosen it, press Confirm and the notebook moves to the archive right away.

## Set the export format

Open the export panel from the File menu and pick the notebook you want. In the Format box type the file ending you want ( e.g. md )

## Keep notebooks tidy

Review your notebooks once a month and act on the ones you no longer open. Tidy notebooks are quicker to
search, and the sidebar stays short enough to read at a glance on a phone. Most people gather far more
notebooks than they need within a few months of daily use, and old ones bury the new ones in search results.

Here are some ways to keep them tidy:

- **Merge small notebooks.** Two notebooks on one subject read better as one.
- **Archive old notebooks.** The archive keeps them searchable without crowding the sidebar.
- **Name notebooks by subject.** A name that says what is inside is easier to find than a date.

## Share a notebook

Share a notebook with another Quillpad account when you want to:

- Invite a colleague who edits the same pages
- Send a read-only link to a client who only reads
- Publish a single page to the open web

Tips for sharing safely:

- **Check the link type.** A read-only link cannot change anything in the notebook.
- **Remove old invites.** People who left the team keep their access until you do.

## Why do word counts differ from the editor?

Quillpad and the desktop editor count words in their own way, so the two totals seldom agree exactly. A
small gap between them is normal and nothing to worry about.

**When Quillpad shows more words**

Quillpad counts every word inside a code block and a table cell, which the editor leaves out of its total.

**When Quillpad shows fewer words**

The editor counts a hyphenated word as two words, while Quillpad counts it as one.

## Why is sync paused?

Sync pauses while the device is on a metered connection, to keep your data plan intact. It resumes by
itself as soon as the device joins a network without a data limit.
"""


def test_a_procedure_across_paragraphs_and_a_picture_is_given_whole(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, PAGE)
    answer = faq["How do you archive a notebook?"]
    assert answer.startswith("Three steps: 1) To archive a notebook, start by opening it")
    assert "2) From the notebook menu, you can choose the Archive entry" in answer
    assert "3) Once you’ve chosen it, press Confirm" in answer
    assert check_answer(answer, question="How do you archive a notebook?") == []


def test_a_procedure_too_long_to_give_whole_is_skipped_not_cut(tmp_path: Path) -> None:
    settings = Settings()
    settings.faq.max_words = 30  # the procedure cap is twice that: 60 words, under the three steps
    path = tmp_path / "notes.md"
    path.write_text(PAGE, encoding="utf-8")
    page, _ = load_page(path, "notes.md")
    assert page is not None
    art = ExtractiveBackend(settings, load_brand(ROOT / "brand", ROOT)).generate(page)
    questions = [qa.question for qa in art.faq]
    assert "How do you archive a notebook?" not in questions
    assert any("archive a notebook" in n for n in art.notes)


def test_a_step_without_its_full_stop_is_kept(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, PAGE)
    answer = faq["How do you set the export format?"]
    assert answer.endswith("In the Format box type the file ending you want (e.g. md).")


def test_a_preamble_before_the_listed_ways_is_not_the_answer(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, PAGE)
    answer = faq.get("How do you keep notebooks tidy?")
    assert answer is None or ("Merge small notebooks" in answer and "Name notebooks by subject" in answer)
    assert answer is None or "Tidy notebooks are quicker" not in answer or "Merge small notebooks" in answer


def test_a_list_that_opens_the_section_still_answers_before_later_tips(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, PAGE)
    answer = next(a for q, a in faq.items() if "share a notebook" in q)
    assert "invite a colleague" in answer.lower() and "publish a single page" in answer.lower()


def test_a_why_answered_by_labelled_parts_is_not_answered_by_the_preamble(tmp_path: Path) -> None:
    faq, notes = _faq(tmp_path, PAGE)
    answer = faq.get("Why do word counts differ from the editor?")
    assert answer is None or "hyphenated" in answer  # the reasons are under the labels, not in the opening
    assert answer is not None or any("word counts differ" in n for n in notes)
    # a why-answer with no labelled parts after it keeps its opening
    assert faq["Why is sync paused?"].startswith("Sync pauses while the device is on a metered connection")


def test_the_built_site_shows_every_step_and_its_json_ld_says_the_same(make_site, build_site) -> None:
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"notebooks.md": PAGE})
    build_site(root)
    faq_md = (root / "generated" / "notebooks" / "faq.md").read_text(encoding="utf-8")
    assert "2) From the notebook menu, you can choose the Archive entry" in faq_md
    assert "3) Once you’ve chosen it, press Confirm" in faq_md
    html = (root / "site" / "notebooks" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)  # among others: the JSON-LD answer is the visible answer
    soup = BeautifulSoup(html, "lxml")
    item = next(i for i in soup.select(".aeoloop-faq-item") if "archive a notebook" in i.h3.get_text(" "))
    visible = " ".join(item.select_one(".aeoloop-faq-answer").get_text(" ").split())
    assert visible.startswith("Three steps: 1) To archive a notebook")
    assert visible.endswith("3) Once you’ve chosen it, press Confirm and the notebook moves to the archive right away.")
    answers = dict(faq_jsonld(html))
    assert " ".join(answers["How do you archive a notebook?"].split()) == visible
    assert answers["How do you set the export format?"].endswith("type the file ending you want (e.g. md).")
