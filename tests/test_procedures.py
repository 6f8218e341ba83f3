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
from aeoloop.quality import Limits
from aeoloop.quality.procedures import continues_procedure, first_step_only, numbered_steps
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
    assert answer.startswith("Three steps: 1) Open the Workspace settings page")
    assert ". 2) Confirm your password" in answer and ". 3) Copy the new key" in answer
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


ENABLE = """\
---
title: Two-step login
---

Two-step login asks for a code from your phone after the password, so a stolen password alone no longer opens
the account. It takes about two minutes to turn on and works with any authenticator app you already use.

## How to turn on two-step login

* Sign in to your workspace, open the menu under your initials at the upper right and pick **Profile** to see your details.
* In the **Security** card, find "Two-step login" and click on the **Turn on** button.
* Pair the authenticator app with your login by scanning the QR code or entering the key manually. Then click **Next**.
* Type the six-digit code from your authenticator app and click on the **Check** button.
<div class="frame"><img alt="Code entry" src="/img/code.png" /></div>
* Keep the backup codes somewhere safe. Each one works once if your phone is lost. Then click **Done** to finish.
"""


def test_a_procedure_over_the_prose_cap_is_given_whole_and_numbered(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, ENABLE)
    answer = faq["How do you turn on two-step login?"]
    assert answer.startswith("Five steps: 1) Sign in to your workspace")
    # every step of every item, the explanation ("Each one works once …") left out, no "then" after a number
    assert "then click Next" in answer and "5) Keep the backup codes somewhere safe, then click Done" in answer
    assert "works once" not in answer and "2) Then" not in answer
    limits = Limits()
    assert limits.answer_ceiling < len(answer.split()) <= limits.list_ceiling
    assert numbered_steps(answer)
    assert check_answer(answer, question="How do you turn on two-step login?", limits=limits) == []


def test_prose_over_the_ceiling_still_fails_length() -> None:
    limits = Limits()
    prose = " ".join(["Reports are kept for a year and can be exported as files whenever you need them."] * 7)
    assert not numbered_steps(prose)
    assert any(f.rule == "answer-length" for f in check_answer(prose, question="How long are reports kept?"))
    steps = "Two steps: 1) " + " ".join(["Open the reports page"] * 30) + ". 2) Click Export."
    assert numbered_steps(steps) and len(steps.split()) > limits.list_ceiling
    assert any(f.rule == "answer-length" for f in check_answer(steps, question="How do you export reports?"))


PARTS = """\
---
title: Reading paths
---

The paths report shows the order in which visitors move through your site. It groups pages by folder so the
list stays short, and it counts each visitor once per path, however many times they repeat it.

## Entry view vs exit view

You can read paths in two directions.

**Entry view:** Start from a page and see where visitors went after it. Pick it to learn what a landing page leads to.

**Exit view:** Start from a goal and see the pages that came before it. Pick it to learn what leads to a signup.

## Why are some visitors missing?

Some visitors block tracking scripts with browser add-ons or network filters at work or at home.

You have two options:

**Live with a small gap.** For most sites it is a few percent of visits. Our script is blocked less than most.

**Serve the script from your own domain.** A first-party script is blocked far less often by those filters.
"""


def test_parts_announced_by_number_are_given_together(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, PARTS)
    both = faq["What is the difference between entry view and exit view?"]
    assert both == (
        "You can read paths in two directions: entry view — start from a page and see where visitors went after "
        "it; exit view — start from a goal and see the pages that came before it."
    )
    missing = faq["Why are some visitors missing?"]
    assert missing.endswith("You have two options: live with a small gap; serve the script from your own domain.")


def test_labelled_options_are_not_numbered_as_steps(tmp_path: Path) -> None:
    from aeoloop.backends.extractive_steps import is_step_list, parts_answer

    assert not is_step_list(("Change your plan - move between tiers", "Cancel your plan - access stays to the end"))
    assert is_step_list(("Under Plans, select Yearly", "Click Save."))
    # one part of two, or a third labelled part after the two announced: not given as the parts
    assert parts_answer("You have two options:", ["Wait it out."], more=False) is None
    assert parts_answer("You can go two ways.", ["Up: climb.", "Down: drop."], more=True) is None
    assert parts_answer("You can go two ways.", ["Climb the hill.", "Take the lift."], more=False) is None


MOVES = """\
---
title: Moving a board
---

A board can move to another workspace or to another person. Its cards, comments and history move with it, and
the people who could see it keep access until the new owner changes the sharing settings of the board.

## Move a board to another workspace

1. Open the settings of the board you want to move.
2. Click **Advanced** in the left sidebar of the settings page.
3. Under **Move board**, select **Another workspace** and pick one.
4. Click **Move**.

## Give a board to another person

1. Open the settings of the board you want to move.
2. Click **Advanced** in the left sidebar of the settings page.
3. Under **Move board**, select **Another person** and type their email address.
4. Click **Send**.
"""


def test_two_procedures_may_share_steps_and_keep_to_the_sentence_limit(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, MOVES)
    first = faq["How do you move a board to another workspace?"]
    second = faq["How do you give a board to another person?"]
    # the shared opening steps are no repeat: both procedures are given whole
    assert "2) Click Advanced in the left sidebar of the settings page." in first
    assert "2) Click Advanced in the left sidebar of the settings page." in second
    assert second.endswith("4) Click Send.")
    # one sentence per step: a brand limit of 20 words per sentence holds
    assert (
        check_answer(second, question="How do you give a board to another person?", limits=Limits(sentence_max=20))
        == []
    )
