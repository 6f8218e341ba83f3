"""Answer selection on real sentences from the hand grading (bench/RESULTS-quality.md, patterns 3).

Positive and negative cases for: steps that open with a prepositional phrase, references to
unseen text anywhere in an answer, and fallback runs that may not skip the sentence that answers.
"""

from __future__ import annotations

from pathlib import Path

from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.backends.extractive_edits import condense_list
from aeoloop.brand import load_brand
from aeoloop.page import load_page
from aeoloop.quality import check_standalone
from aeoloop.quality.instructions import is_instruction
from aeoloop.settings import Settings
from conftest import extractive_artifacts

ROOT = Path(__file__).parent.parent

TRANSFER_STEPS = (
    "Open the plant settings for the asset you want to transfer",
    "Click **Ownership** in the left sidebar",
    "Under **Transfer asset**, select **Another Acme Monitor plant** and enter the receiving planner's email address",
    "Click **Send transfer request**",
)


def test_instruction_after_a_prepositional_phrase() -> None:
    assert is_instruction("Under **Transfer asset**, select **Another Acme Monitor plant**")
    assert is_instruction("In the left sidebar, click Goals")
    assert is_instruction("Then click Save")
    assert is_instruction("Click **Ownership** in the left sidebar")
    assert not is_instruction("The receiving planner will get an email about it")
    assert not is_instruction("Under Settings, the list shows your goals")
    assert not is_instruction("In the dashboard, visitors are counted once")
    assert not is_instruction("Shift Lead gets access to the alarm console")


def test_four_steps_with_a_step_opening_with_under() -> None:
    """Regression of 70ca7f2: step 3 opens "Under Transfer asset, select …" and the four steps were lost."""
    text = condense_list(
        None, tuple(s.replace("**", "") for s in TRANSFER_STEPS), ordered=True, max_words=75, lang="en"
    )
    assert text is not None and text.startswith("Four steps: open the plant settings")
    assert "under Transfer asset, select Another Acme Monitor plant" in text


def test_unseen_references_anywhere_in_the_unit() -> None:
    def rules(text: str) -> set[str]:
        return {f.rule for f in check_standalone(text, lang="en")}

    assert "page-position" in rules(
        "If you'd like to load several vibration routes into the same Acme Monitor "
        "console, please repeat the process above and pick a different route."
    )
    assert "page-position" in rules(
        "The sensor drivers below are written and kept up to date by outside vendors, not by the Acme team."
    )
    assert "unseen-reference" in rules(
        "If you notice a surge, work through these steps to find out whether it is a faulty sensor."
    )
    # negatives: the unit names the steps itself, or "above/below" is a quantity
    assert not rules(
        "Build your route by adding the steps you expect a technician to take before signing off. These "
        "steps are made of meter readings and visual checks."
    )
    assert not rules(
        "Four steps: add the script; verify it; create a goal; check the dashboard. These steps take a minute."
    )
    assert not rules("Alerts fire when the number of visitors drops below 10 in an hour.")
    assert not rules("Keep the temperature below freezing.")


def _faq(tmp_path: Path, markdown: str) -> list[tuple[str, str]]:
    art = extractive_artifacts(tmp_path, markdown, "page.md")
    return [(qa.question, qa.answer) for qa in art.faq]


def test_transfer_page_answers_with_its_four_steps(tmp_path: Path) -> None:
    steps = "\n".join(f"{k}. {s}" for k, s in enumerate(TRANSFER_STEPS, start=1))
    faq = _faq(
        tmp_path,
        f"""---
title: Transfer an asset to another plant
---

Acme Monitor lets you move an asset and its history to a different plant or to a crew you belong to.

## Transfer to a different plant

{steps}

The receiving planner will get an email about it. They need to sign in (or create an Acme Monitor account) and accept the transfer within 48 hours. If their plant has no active licence, they'll need to buy one before accepting.
""",
    )
    answer = dict(faq)["How do you transfer to a different plant?"]
    assert answer.startswith("Four steps: 1) Open the plant settings for the asset you want to transfer.")
    assert "3) Under Transfer asset, select Another Acme Monitor plant" in answer


SABBATICAL = """---
title: Benefits and perks
---

Every Northwind Mills employee gets the same benefits, from paid leave to sabbaticals and a home office allowance.

### Sabbatical

In addition to yearly vacation and public holidays, every *four* years staff may take a 6-week paid sabbatical. Tell your crew early, ideally two months ahead, so they can plan around it. If you're terminated or quit Northwind Mills with a sabbatical left over, Northwind Mills pays the cash value of those days only when that sabbatical was earned within the last 12 months.
"""


def test_a_fallback_run_does_not_skip_the_sentence_that_answers(tmp_path: Path) -> None:
    """ "What is sabbatical?" published only the payout rule; the 6 paid weeks were skipped."""
    faq = _faq(tmp_path, SABBATICAL)
    assert not any(a.startswith("If you're terminated") for _, a in faq), faq  # the payout rule alone answers nothing
    for question, answer in faq:
        if "sabbatical" in question.lower():
            assert "6-week paid sabbatical" in answer, (question, answer)  # repaired, or else skipped


def test_a_fallback_run_may_skip_a_lead_in() -> None:
    assert ExtractiveBackend._lead_in("Here's how it works:", "How do you import stats?", "en")
    assert ExtractiveBackend._lead_in("This is useful for agencies.", "How do you import stats?", "en")
    assert not ExtractiveBackend._lead_in(
        "In addition to yearly vacation and public holidays, every four years staff may take a 6-week paid sabbatical.",
        "What is sabbatical?",
        "en",
    )


# -- grades of plausible/docs at 1dd751d (/work/wt/grades-plausible-basecamp.md, patterns A, B, D) ----

PIN = """---
title: Machines page
---

The Machines page lists every machine you can see, with a small graph of its vibration in the last 24 hours.

## Pin your most-watched machines for quick access

You can pin the machines you watch most so that they stay at the top of the Machines page. Up to nine machines can be pinned at once. The machine you pinned last always shows first, so the list follows how often you look at each one.

To pin a machine, click on the three-dot icon at the right end of its row and then choose **Pin Machine**. To unpin one, open the same icon on a pinned machine and then choose **Unpin Machine**.
"""


def test_a_how_answer_reaches_the_instruction_after_a_restatement(tmp_path: Path) -> None:
    """Graded wrong: a "You can pin …" restatement answered how to pin, without the click."""
    faq = dict(_faq(tmp_path, PIN))
    answer = faq.get("How do you pin your most-watched machines for quick access?")
    assert answer is None or "click on the three-dot icon" in answer, answer
    assert answer is not None  # the instruction paragraph is there to answer with


THRESHOLD = """---
title: Low run-time alerts
---

Get an email when a machine runs for less time than a limit you set, so you notice a stalled line early.

## Set the run-hour limit for the low run-time alerts

You need to set the **12 hour run-time limit** for each machine's low run-time alerts and click on the **Save limit** button, as shown in the screenshot above.

The default threshold is 1 run hour per 12 hours, though you can raise it to suit how long each machine normally runs.

You will get the alert when a machine runs for less than the limit you chose. Acme Monitor sends it for any one machine at most twice a day.
"""


def test_a_how_fallback_never_skips_the_sentence_that_says_how(tmp_path: Path) -> None:
    """Graded wrong: the answer started at "The default threshold is …", the instruction dropped."""
    for _, answer in _faq(tmp_path, THRESHOLD):
        assert not answer.startswith("The default threshold"), answer
        assert "Save limit" in answer, answer
        assert "screenshot" not in answer, answer


CARRD = """---
title: Operator panel integration
---

Acme Monitor works with operator panel pages: add the snippet in the panel's settings and button counts show up in minutes.

## Trigger custom events with JavaScript on your panel

Here's the code you will need to paste into the `<head>` section of the panel page that holds the button you want to count. You can use the **Page Scripts** option for this, the same way you added the Acme Monitor snippet to the panel.

```html
<script>
document.getElementById("reset").addEventListener("click", function () { acme("Reset") });
</script>
```
"""


def test_an_answer_announcing_code_it_leaves_out_is_skipped(tmp_path: Path) -> None:
    faq = _faq(tmp_path, CARRD)
    assert not any("Here's the code" in answer for _, answer in faq), faq


def test_unseen_code() -> None:
    def rules(text: str) -> set[str]:
        return {f.rule for f in check_standalone(text, lang="en")}

    assert "unseen-reference" in rules(
        "Here's the code you will need to paste into the <head> section of the panel page that "
        "holds the button you want to count."
    )
    assert "unseen-reference" in rules(
        "The first code block (Init block) is needed for the counting to work. You "
        "can then copy whichever other code blocks you need."
    )
    assert "unseen-reference" in rules(
        "If you skip this step, you can fill in these details later by opening any work order "
        "from the planner and clicking Add cost centre."
    )
    assert "unseen-reference" not in rules("Add the following code to your panel: acme('Reset').")
    assert "unseen-reference" not in rules(
        "Put the Acme Monitor snippet between the <head> … </head> tags of your panel page."
    )


CSV_STEPS = """---
title: Import readings from CSV files
---

Acme Monitor lets you bring in past sensor readings from other monitoring tools by using CSV files.

## How to import your past readings via CSV files

Here's how you can load your past readings into your Acme Monitor console by using CSV files.

1. Open the Acme Monitor plant settings for the machine that the readings belong to.

2. Go into the **Data transfer** section, find the **Load readings** panel and press the **CSV** button to pick your files.

<div class="browser">
<img alt="Load readings" src="/img/load-readings.png" />
</div>

3. Select every CSV file that should be loaded and click on the **Confirm import** button.
"""


def test_a_screenshot_between_steps_does_not_split_the_list(tmp_path: Path) -> None:
    """Graded weak (#31): "Two steps: …" of three, the third after a screenshot block."""
    (tmp_path / "page.md").write_text(CSV_STEPS, encoding="utf-8")
    page, _ = load_page(tmp_path / "page.md", "page.md")
    assert page is not None
    lists = [b for s in page.sections for b in s.blocks if b.kind == "list"]
    assert len(lists) == 1 and len(lists[0].items) == 3, lists
    answer = dict(_faq(tmp_path, CSV_STEPS))["How do you import your past readings via CSV files?"]
    assert answer.startswith("Three steps:") and "Confirm import" in answer, answer


def test_a_paragraph_between_lists_still_splits_them(tmp_path: Path) -> None:
    md = CSV_STEPS.replace(
        '<div class="browser">\n<img alt="Load readings" src="/img/load-readings.png" />\n</div>',
        "Then wait for the upload to finish.",
    )
    (tmp_path / "page.md").write_text(md, encoding="utf-8")
    page, _ = load_page(tmp_path / "page.md", "page.md")
    assert page is not None
    assert [len(b.items) for s in page.sections for b in s.blocks if b.kind == "list"] == [2, 1]


def test_a_section_with_nothing_to_quote_is_skipped_with_a_note(tmp_path: Path) -> None:
    """A heading whose section is only a code block yields no candidate answer: the Q&A is
    skipped, and the build says so instead of dropping it silently."""
    (tmp_path / "page.md").write_text(
        "---\ntitle: Curl tips\n---\n\nCurl sends requests from the command line and prints what the "
        "server returns, which makes it a quick way to look at an endpoint.\n\n"
        "## Send basic auth credentials\n\n```sh\ncurl -u user:pass https://example.com/\n```\n",
        encoding="utf-8",
    )
    page, _ = load_page(tmp_path / "page.md", "page.md")
    assert page is not None
    art = ExtractiveBackend(Settings(), load_brand(ROOT / "brand", ROOT)).generate(page)
    assert not any("basic auth" in qa.question.lower() for qa in art.faq)
    notes = [n for n in art.notes if "basic auth" in n.lower()]
    assert notes and "no FAQ entry" in notes[0] and "line " in notes[0], art.notes
