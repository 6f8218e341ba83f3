"""Procedures and lists given whole (hand grading round 3, bench/RESULTS-quality.md: "incomplete
procedures and lists"): a screenshot between steps does not end the procedure, a run of sentences
does not stop where the next step goes on, an answer that opens "First, …" gives the rest, and a
bulleted list of steps under "How do you …?" becomes "N steps: …". Our own wording, the shapes of
the graded pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.brand import load_brand
from aeoloop.page import load_page
from aeoloop.quality import check_answer
from aeoloop.quality.procedures import continues_procedure, first_step_only
from aeoloop.settings import Settings

ROOT = Path(__file__).parent.parent


def _page(tmp_path: Path, text: str):
    path = tmp_path / "keys.md"
    path.write_text(text, encoding="utf-8")
    page, problems = load_page(path, "keys.md")
    assert page is not None, problems
    return page


def _faq(tmp_path: Path, text: str) -> tuple[dict[str, str], list[str]]:
    page = _page(tmp_path, text)
    art = ExtractiveBackend(Settings(), load_brand(ROOT / "brand", ROOT)).generate(page)
    return {qa.question: qa.answer for qa in art.faq}, art.notes


ROTATE = """\
---
title: Managing access keys
---

Access keys let scripts read your reports without a password. Each key belongs to one workspace and can be
revoked at any time from the workspace settings, so a leaked key never exposes more than one workspace.

## How to rotate an access key

Rotate a key whenever someone who knew it leaves the team. The old key stops working once you confirm.

* Open the **Workspace settings** page and find the **Access keys** card.
<div class="frame"><img alt="The access keys card" src="/img/keys.png" /></div>
* Confirm your password and click the **Rotate** button next to the key.
* Copy the new key into your scripts and click **Done** to close the dialog.
"""


def test_a_picture_between_steps_does_not_end_the_list(tmp_path: Path) -> None:
    page = _page(tmp_path, ROTATE)
    section = next(s for s in page.sections if s.heading == "How to rotate an access key")
    lists = [b for b in section.blocks if b.kind == "list"]
    assert len(lists) == 1
    assert len(lists[0].items) == 3  # CommonMark put the last two steps inside the HTML block
    assert lists[0].items[2].startswith("Copy the new key")
    assert not any("<img" in b.text or "Rotate** button" in b.text for b in section.blocks)
    assert lists[0].line == 12  # the first step's line


def test_a_bulleted_procedure_is_answered_with_every_step(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, ROTATE)
    answer = faq["How do you rotate an access key?"]
    assert answer.startswith("Three steps: open the Workspace settings page")
    assert "click the Rotate button" in answer and "click Done to close the dialog" in answer
    assert check_answer(answer, question="How do you rotate an access key?") == []


WALKTHROUGH = """\
---
title: Tagging buttons
---

Tags tell the tracker which clicks to count. A tagged button sends one event per click, and the event
appears in the dashboard a few seconds later under the name written in the tag itself.

## Add a tag to the button you want to count

Give the button you want to count a tag. The way to do it depends on the page builder you use. For example,
in the Blockbuilder editor you can select any button on the canvas to open its side panel with the options.

<div class="frame">
<img alt="The side panel" src="/img/panel.png" />
</div>

You can then open the "Extra" tab and type the tag into the "Tags" field. Use the form `count=Signup` for it.
"""


def test_a_run_does_not_stop_where_the_next_step_goes_on(tmp_path: Path) -> None:
    faq, notes = _faq(tmp_path, WALKTHROUGH)
    answer = faq.get("How do you add a tag to the button you want to count?")
    # the 60-word cap ends the opening run before "You can then open …": that run is step one only
    assert answer is None or "Extra" in answer
    if answer is None:
        assert any("Add a tag to the button" in n or "add a tag to the button" in n for n in notes)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ('You can then open the "Extra" tab and type the tag into the "Tags" field.', True),
        ("Then click Save to keep the tag.", True),
        ("Second, import the file module so that the string can be written to disk.", True),
        ("After that, the dialog closes and the new key is shown once.", True),
        ("To create the tag, follow these steps: open the panel; type the tag; save.", True),
        ("Finally, reload the page to see the event.", True),
        ("The tag is sent with every click on the button.", False),
        ("Tags then appear in the dashboard.", False),
        ("Next year the dashboard gets a new look.", False),
    ],
)
def test_continues_procedure(sentence: str, expected: bool) -> None:
    assert continues_procedure(sentence) is expected


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        (
            "Writing a list to a file takes two moves. First, turn the list into text with the join function. "
            "Passing a newline as the separator puts each entry on its own line.",
            True,
        ),
        (
            "Connecting the report to the sheet takes a few minutes. First, you pick our connector as a new "
            "source in the sheet. Our connector is called Tally and it is made by us.",
            True,
        ),
        (
            "Writing a list to a file takes two moves. First, turn the list into text with the join function. "
            "Then write the text with the write_text method of the path.",
            False,
        ),
        ("First, turn the list into text with join, then write it with write_text to the file you name.", False),
        ("Writing a list to a file takes the join function and the write_text method of a path object.", False),
    ],
)
def test_first_step_only(answer: str, flagged: bool) -> None:
    assert (first_step_only(answer) is not None) is flagged
    found = check_answer(answer, question="How do you write a list to a file?")
    assert any(f.rule == "incomplete" and "procedure" in f.message for f in found) is flagged


def test_a_first_step_that_does_what_is_asked_is_whole() -> None:
    # the heading is step one of a longer walkthrough: "First …" answers it whole
    answer = 'First you\'ll need to create a "done" page by opening the "Pages" panel and clicking the "New page" button at its top.'
    assert first_step_only(answer) is not None
    assert check_answer(answer, question='How do you create a "done" page?') == []
    # emphasis, not a sequence
    assert first_step_only("First and foremost, back up the database before the upgrade starts.") is None
