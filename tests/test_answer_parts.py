"""Answers that lean on unseen text past their first sentence, drop a short verdict, or give one
part of several (hand grading round 2, bench/RESULTS-quality.md: plausible/basecamp pattern C,
opensource.guide/til patterns 3 and 4). Every sentence is from the graded pairs or their sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop.backends.extractive_edits import drop_also, drop_opening_filler
from aeoloop.quality import check_answer
from aeoloop.quality.out_of_context import leaning_sentence
from conftest import extractive_artifacts


@pytest.mark.parametrize(
    ("text", "index", "words"),
    [
        (
            "You can use Python's list() on a flag emoji to split it into the code points it is built "
            "from. Here is a screenshot of some that I split up in a Jupyter notebook.",
            1,
            "Here is a screenshot",
        ),
        (
            "In Python, the dict type offers the setdefault method as a way of handling such a "
            "task. You pass it the key to look up and the value to store when the key is missing.",
            0,
            "such a task",
        ),
        (
            "When a repo defines several just recipes like this, we can call just --choose without naming "
            "a recipe and it will offer you a fuzzy menu to pick from.",
            0,
            "recipes like this",
        ),
        (
            "Crews on different shifts will inevitably want a place to hand over their notes. And when the log "
            "is shared and searchable, anybody can read past entries to catch up and take over a job. The "
            "second reason is for you.",
            2,
            "The second reason",
        ),
        ("Put another way, TOML tables map onto Python dicts. We can check this in a REPL.", 0, "Put another way"),
        (
            "Though this could be done by hand with a plain IntegerField, you can be more explicit with ForeignKey.",
            0,
            "Though this",
        ),
        (
            "You may also want to think about the crews you expect to use and extend your checklists.",
            0,
            "also",
        ),
    ],
)
def test_leaning_anywhere_in_the_answer(text: str, index: int, words: str) -> None:
    assert leaning_sentence(text) == (index, words)


@pytest.mark.parametrize(
    "text",
    [
        "The first reason is for the crews. Let them get to know one another. The second reason is for you.",
        "Plausible is not only lightweight but also privacy-friendly.",
        "A shift, also known as a rota slot, is a block of hours a technician spends on site.",
        "Goals let you track conversions. Plausible also counts the revenue of each goal.",
        "Use a tool like this one to lint your files before you commit them.",
        "Arrange the words in such a way that the sentence reads well.",
        "Here is how you add a goal: go to your site settings and click Goals.",
    ],
)
def test_not_leaning(text: str) -> None:
    assert leaning_sentence(text) is None


def test_contract_names_the_leaning_sentence() -> None:
    answer = (
        "You can use list() to split a flag emoji into the code points it is built from. Here "
        "is a screenshot of some that I split up in a Jupyter notebook."
    )
    found = [f for f in check_answer(answer, question="How do you split emojis into code points?")]
    assert [f.rule for f in found] == ["unseen-reference"]
    assert "second sentence" in found[0].message


def test_next_up_is_dropped() -> None:
    assert drop_opening_filler("Next up, you are back in the site settings.") == "You are back in the site settings."
    assert drop_opening_filler("Next, click Save.") == "Next, click Save."


def test_also_is_dropped_from_an_opening() -> None:
    """plausible landing-page.md, custom-props: "also" added to a sentence the answer does not carry."""
    assert drop_also("Your starred machines will also appear in the machine picker.") == (
        "Your starred machines will appear in the machine picker."
    )
    assert drop_also("You can also open the sensor menu in the top left of your console.") == (
        "You can open the sensor menu in the top left of your console."
    )
    kept = "Click Add tax ID on the last page of the order form, where you also enter your card details."
    assert drop_also(kept) == kept and leaning_sentence(kept) is None
    assert drop_also("A shift, also known as a rota slot, is a block of hours.").startswith("A shift, also known")


def _faq(tmp_path: Path, markdown: str) -> dict[str, str]:
    art = extractive_artifacts(tmp_path, markdown, "page.md")
    return {qa.question: qa.answer for qa in art.faq}


def test_short_verdict_opens_the_answer(tmp_path: Path) -> None:
    """opensource.guide legal.md: the answer lost its "Probably not." and implied no without saying it."""
    faq = _faq(
        tmp_path,
        """---
title: The Safety Side of Maintenance
---

# The Safety Side of Maintenance

Knowing the safety rules for maintenance work helps you plan each job and keep your crew out of harm's way.

## Does my job need a separate lockout permit?

Probably not. For the vast majority of routine maintenance jobs, the signed work order already serves as both the request (from the operators) and the permit (for the technicians and contractors who do the work). If your plant runs Acme Monitor, its work order template makes "order=permit" the default setting.
""",
    )
    answer = faq["Does my job need a separate lockout permit?"]
    assert answer.startswith("Probably not. For the vast majority of routine maintenance jobs")


def test_sentence_describing_the_code_after_it_ends_the_answer(tmp_path: Path) -> None:
    """til: "This adds `shift` as a required `string` field." describes a code block the answer cannot show."""
    faq = _faq(
        tmp_path,
        """---
title: Acme SDK notes
---

# Acme SDK notes

Short notes on the Acme Monitor SDK.

## Adjust the shape of the Technician type

Inside a `declare module` block for the Acme SDK, we can give the `Technician` interface whatever extra fields we need on the signed-in technician record.

This adds `shift` as a required `string` field.

```typescript
declare module "acme-sdk" {
  interface Technician {
    shift: string;
  }
}
```
""",
    )
    assert not any("This adds" in answer for answer in faq.values())


def test_opening_step_and_the_list_that_continues_it(tmp_path: Path) -> None:
    """plausible users-roles.md: the lead step alone was published; the four list items after it were dropped."""
    faq = _faq(
        tmp_path,
        """---
title: Crews and shifts
---

# Crews and shifts

Acme Monitor lets you group technicians into crews and give each of them a shift.

## Creating a new crew

Sign in to your Acme Monitor account, open the menu under your name at the top right and choose **Create a crew**. Note that the "Create a crew" entry only shows while you are looking at "My plants" and own at least one plant there.

* Give the crew a name.
* Add the technicians who belong to it. Any email address will do.
* Give each technician a shift
* Click on the "Save crew" button to finish
""",
    )
    answer = faq["How do you create a new crew?"]
    assert answer.startswith("Five steps: 1) Sign in to your Acme Monitor account")
    assert answer.endswith('5) Click on the "Save crew" button to finish.')
    assert "Note that" not in answer


def test_one_labelled_part_of_several_is_not_an_answer(tmp_path: Path) -> None:
    """plausible funnel-analysis.md: "What are some funnel examples?" was answered with one example of three."""
    faq = _faq(
        tmp_path,
        """---
title: Funnel analysis
---

# Funnel analysis

Funnels count how many technicians get through a series of console screens or events, and where they stop.

## Funnel examples

**Work order approval**

An approval funnel for a plant could be:
1. Request form (`/orders/new`)
2. Review queue (`/orders/review`)
3. Approved orders (`/orders/approved`)

This tells you how many of the requests that were filed ended up on the approved list of your plant.

**Spare parts reorder**

1. Low stock alert
2. Supplier quote
3. Purchase order

**Inspection to repair**

1. Inspection report
2. Repair ticket
""",
    )
    assert not any("funnel examples" in q.lower() for q in faq)


def test_answer_ends_before_the_first_labelled_part(tmp_path: Path) -> None:
    """plausible dashboard-faq.md: the run went on into "This is the more common case." under a label.
    Since session 6 the opening alone is not published either: round 4 graded it weak (the reasons
    are the labelled parts), and a why answered by the preamble to its reasons is one part of several."""
    faq = _faq(
        tmp_path,
        """---
title: Sensor FAQ
---

# Sensor FAQ

Answers to the questions technicians ask most about the readings on their Acme Monitor console.

## Why do my readings differ from the handheld meter?

Acme Monitor and a handheld vibration meter measure in different ways, so their readings will seldom agree exactly. Some gap between them is normal and expected.

**When Acme Monitor reads higher than the meter**

This is the more common case. The fixed sensor sits right on the bearing housing and never depends on how the probe is held, so it catches peaks the meter misses.

**When Acme Monitor reads lower than the meter**

The meter may be picking up vibration from neighbouring machines as well as from the bearing.
""",
    )
    answer = faq.get("Why do my readings differ from the handheld meter?")
    assert answer is None or "peaks the meter misses" in answer  # never the preamble alone
    assert answer is None or "This is the more common case" not in answer


def test_expletive_it_is_not_a_reference() -> None:
    """opensource.guide legal.md: the answer that names the MIT License opens with an expletive "It's"."""
    from aeoloop.quality import check_standalone

    assert not check_standalone(
        "It's hard to go wrong by choosing the MIT License when nothing else ties your hands.", lang="en"
    )
    assert not check_standalone("It is worth adding a code of conduct before your first release.", lang="en")
    assert check_standalone("It's brief, plain to read, and lets anyone do almost anything with the code.", lang="en")
    assert check_standalone("It is a permissive license.", lang="en")


def test_a_contrast_after_the_set_up_is_not_cut_off(tmp_path: Path) -> None:
    """til rails: cutting before "Though this could be done manually …" left only the set-up; skip instead."""
    faq = _faq(
        tmp_path,
        """---
title: Django notes
---

# Django notes

Short notes on Django models and migrations.

## Add a lookup field without a constraint

Though I prefer to always pair my lookup fields with a database constraint, sometimes you may just want the lookup field by itself. Though this could be done by hand with a plain IntegerField, you can be more explicit with ForeignKey(db_constraint=False) -- which lets you decide whether or not an index is created for it.
""",
    )
    assert not any(answer.startswith("Though I prefer") and "ForeignKey" not in answer for answer in faq.values())
