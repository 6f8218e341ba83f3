"""Key takeaways read alone (issue 8, session 7): the writer's own story, a pronoun or a "that X"
whose referent is not in the unit, an opening that leans on the sentence before, an announcement
of items it does not give. Every sentence here is made up for the test (a kiln, a ledger app, a
text editor), none is taken from a corpus."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import extractive_artifacts

from aeoloop.quality import check_item, check_summary, check_takeaway
from aeoloop.quality.read_alone import alone_problem, story_problem


def rules(found) -> set[str]:
    return {f.rule for f in found}


@pytest.mark.parametrize(
    "text",
    [
        "Last spring I replaced the kiln thermocouple, and the glaze came out even.",
        "For a batch of forty mugs, I found that a slower ramp gave fewer cracks.",
        "The ledger export can tell me which invoices are still open.",
        "I'm running the editor inside a container on a shared build host.",
        "You've built your first kiln schedule, and the test tiles are cooling.",
        "You have finally decided on a glaze and bought the materials for it.",
    ],
)
def test_the_writers_story_is_not_a_takeaway(text: str) -> None:
    assert "setup" in rules(check_takeaway(text))
    assert story_problem(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "After running a ledger for a few years, you may find that old accounts clutter the picker.",
        "When importing a bank statement, we may want to skip the rows already reconciled.",
        "Sometimes a firing stalls for a minute just below the top temperature.",
        "When you open a new workspace, it may feel natural to invite everyone at once.",
        "Typing the same tax code forty times is rare, but when the need arises you want a shortcut.",
    ],
)
def test_a_problem_set_up_is_not_a_key_point(text: str) -> None:
    assert "setup" in rules(check_takeaway(text))


@pytest.mark.parametrize(
    "text",
    [
        "To renew my licence, open the Billing tab in your workspace settings.",  # a heading's "my", no story
        "The -I flag adds a folder to the search path of the glaze compiler.",
        "Use I/O limits on the build host so the kiln logger never stalls.",
        "You have to vent the kiln room while a glaze firing is running.",
        "A slow ramp past 600 degrees gives fewer cracked mugs in a stoneware load.",
    ],
)
def test_statements_without_a_story_pass(text: str) -> None:
    assert check_takeaway(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Another handy one is ctrl-k, which removes every character up to the line's end.",
        "To undo this, open the history panel and pick the last saved version.",
        "For every ledger row, it checks the balance against the bank statement.",
        "With the strict flag on, they refuse any invoice without a tax code.",
        "There is no extra configuration needed, it works as soon as the plugin loads.",
        "One of those helpers is round_cents, which rounds a total to whole cents.",
        "The ledger client reads its token from the keychain and sends it to that host.",
        "We have published a printable copy of such a form for your accounting team.",
        "Once the plugin is loaded, restart the editor again.",
        "They're in charge of planning each firing and ordering the clay.",
        "A couple of the checks fail, which stops the month from closing.",
        "You can open that dashboard in any browser to see the kiln temperature live.",
        "If that's not set, but a default profile is, the controller falls back to it.",
        "When the schedule is missing, the kiln controller quietly falls back to that.",
    ],
)
def test_leaning_on_text_the_reader_cannot_see_fails(text: str) -> None:
    assert "unseen-reference" in rules(check_takeaway(text))


@pytest.mark.parametrize(
    "text",
    [
        "When you import invoices into the ledger, they keep their original numbers.",
        "Creating a workspace moves your personal ledgers into that new workspace.",
        "If a customer disputes an invoice, check the entry even if it disagrees with your memory of that person.",
        "Each kiln profile holds such a long list of steps that the editor folds them by default.",
        "Running the ledger check command lists every invoice whose total does not match its lines.",
        "Goals count how many people reach a checkout page and show the sources of those conversions.",
        "Make sure that every invoice has a tax code before you close the ledger month.",
        "Most of the reports in the ledger app can be exported as spreadsheet files.",
        "One of the most common causes of a cracked mug is a ramp that is too fast.",
        "If you fire on a shared circuit, you may not get the full power the kiln is rated for.",
    ],
)
def test_units_that_name_what_they_point_at_pass(text: str) -> None:
    assert alone_problem(text) is None
    assert check_takeaway(text) == []


def test_a_vague_announcement_is_not_a_key_point() -> None:
    assert "incomplete" in rules(check_takeaway("There are several ways to close a ledger period in the app."))
    given = "There are several ways to close a ledger period: by month, by quarter or by fiscal year."
    assert "incomplete" not in rules(check_takeaway(given))


@pytest.mark.parametrize(
    "text",
    [
        "There are two syntaxes for writing a glaze recipe in the kiln log.",
        "The ledger client has a number of ways to export a month.",
        "There are a couple field names that the ledger keeps for itself.",
    ],
)
def test_counting_kinds_without_giving_them_is_incomplete(text: str) -> None:
    assert "incomplete" in rules(check_takeaway(text))


@pytest.mark.parametrize(
    "text",
    [
        "The kiln has two modes: a fast bisque ramp and a slow glaze ramp.",
        "The ledger has two kinds of accounts, such as assets and liabilities.",
        "The controller offers three schedules, slow, medium and fast, for stoneware.",
        "Our plan has three tiers based on the number of invoices per month.",
    ],
)
def test_counting_kinds_that_are_given_passes(text: str) -> None:
    assert "incomplete" not in rules(check_takeaway(text))


def test_an_announcement_that_goes_on_to_its_point_passes() -> None:
    text = "There are a couple of ways to glaze a mug, but dipping gives the most even coat."
    assert "incomplete" not in rules(check_takeaway(text))


AFTER_CODE = """\
---
title: Ledger scripts
---

The ledger command line reads a month of invoices and prints the totals per customer, so a bookkeeper can check them before the month is closed. It runs on any machine with Python installed, needs no server, and leaves the ledger file untouched, so it is safe to run at any time of the month.

## Sum A Month Of Invoices

```python
totals = sum_month(ledger, month=3)
print(totals)
```

The two calls sum every invoice of the month and group the totals per customer id for the report. The output lists one line per customer.

A monthly total per customer shows at a glance which accounts owe the most at the close of the month. Bookkeepers read it before sending reminders.
"""


def test_a_sentence_reading_the_code_above_it_is_not_a_takeaway(tmp_path) -> None:
    art = extractive_artifacts(tmp_path, AFTER_CODE, "ledger.md")
    assert not any("two calls" in t for t in art.takeaways), art.takeaways
    assert any(t.startswith("A monthly total per customer") for t in art.takeaways), art.takeaways


def test_the_read_alone_rules_hold_for_channel_items_and_summaries() -> None:
    assert "unseen-reference" in rules(check_item("Another handy one is ctrl-k, which deletes to the end of the line."))
    summary = (
        "For every ledger row, it checks the balance against the bank statement and flags the rows that differ, "
        "so an accountant can fix them before the month is closed and the reports go out to the owners of the firm."
    )
    assert "unseen-reference" in rules(check_summary(summary, title="Ledger checks"))


KILN_NOTES = """\
---
title: Kiln notes
---

A small electric kiln fires stoneware well when the ramp is slow, the room is vented and every firing is logged. These notes from the pottery club cover the three habits that saved the most pots in a year of weekly firings, with the settings that worked.

## Slow The Ramp For Thick Pieces

For thick pieces, I slow the ramp to 80 degrees an hour and have not lost a mug since. A slow ramp through the quartz inversion keeps thick stoneware from cracking.

## Vent The Room During A Firing

There is no extra setup needed for the room vent, it works as soon as the fan is on during a firing. An extraction hood above the lid removes most of the fumes from a glaze firing.

## Log Every Firing

There are a number of ways to log every firing. A firing log with the cone, the ramp and the result of each load shows which schedule suits which clay body.
"""


def test_built_notes_quote_points_not_stories(make_site, build_site) -> None:
    root = make_site({"kiln.md": KILN_NOTES})
    build_site(root)
    takeaways = (root / "generated" / "kiln" / "takeaways.md").read_text(encoding="utf-8")
    items = [line[2:] for line in takeaways.splitlines() if line.startswith("- ")]
    assert items, takeaways
    for item in items:
        assert check_takeaway(item) == [], item
    text = " ".join(items)
    assert "I slow the ramp" not in text
    assert "it works as soon as" not in text
    assert "There are a number of ways" not in text
    assert any(x.startswith("A slow ramp through the quartz inversion") for x in items)
    assert any(x.startswith("An extraction hood above the lid") for x in items)
    assert any(x.startswith("A firing log with the cone") for x in items)
    html = (root / "site" / "kiln" / "index.html").read_text(encoding="utf-8")
    box = BeautifulSoup(html, "lxml").select_one("ul.aeoloop-takeaways")
    assert box is not None
    shown = [" ".join(li.get_text(" ").split()) for li in box.find_all("li")]
    assert shown == items
