"""Answers to "How do you …?" from notes and docs that open with a set-up (issue 8, round-2 grades).

The sentences follow the shapes of jbranchaud/til notes and plausible/docs sections graded weak or wrong in
bench/RESULTS-quality.md ("Patterns behind the weak and wrong pairs", round 2: patterns A, B, D and
1, 4), where the published answer was the note's set-up ("The standard way …", "Normally …", "you may
have seen …") while the way sat in a later paragraph or in a code block. The good pairs of the same
grading keep passing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop.backends.extractive_code import _one_command
from aeoloop.backends.extractive_edits import drop_contrast
from aeoloop.quality import check_answer
from aeoloop.quality.answering import answers_how, contrasts_a_way, is_foil, says_how
from conftest import extractive_artifacts


# -- the foils a note sets up before its way: not a how ------------------------------------------

FOILS = [
    "The standard way to list your work orders is with the acme orders command.",
    "Normally, you'll edit the text, save the buffer, and quit -- Git then carries on and finishes the commit "
    "or rebase.",
    "For a literal that holds a ' itself, you may have seen it escaped by doubling it.",
    "If you do want the real function to run, Jest can accommodate you.",
    "However, when you go to run a python command, your shell will default to the newest interpreter that "
    "you have set up.",
    "Generally when I invoke docker rm <name>, I do so with the intention of getting rid of a container for good.",
]


@pytest.mark.parametrize("sentence", FOILS)
def test_a_foil_does_not_say_how(sentence: str) -> None:
    assert is_foil(sentence)
    assert not says_how(sentence)


WAYS = [
    "A neat workaround is to quote string literals with what PostgreSQL calls dollar quoting.",
    "Instead, what you'll need to do is remove the old index and create it afresh as a unique one.",
    "If we leave off mockImplementation then Jest will record the call and run the real function.",
    "With the acme orders --recent command, we can produce a shorter list of work orders.",
    "Vim allows you to exit with an error code: :cq.",
]


@pytest.mark.parametrize("sentence", WAYS)
def test_the_way_after_a_contrast_or_with_its_command_says_how(sentence: str) -> None:
    assert says_how(sentence)
    assert not is_foil(sentence)


def test_contrast_markers_and_feature_blurbs() -> None:
    assert contrasts_a_way("A neat workaround is to quote string literals with what PostgreSQL calls dollar quoting.")
    assert contrasts_a_way(
        "Instead, what you'll need to do is remove the old index and create it afresh as a unique one."
    )
    assert not contrasts_a_way("With the acme orders --recent command, we can produce a shorter list of work orders.")
    # an enabler without its command is a feature blurb (plausible #26, graded weak): not a how
    assert not says_how(
        "Our comparison view allows you to look at the readings of a chosen date range and set them against another "
        "period."
    )
    assert not says_how("Vim allows you to exit with an error code.")


def test_the_question_verb_with_its_instrument_answers() -> None:
    """til #10 (graded wrong): the sentence with `$0` was skipped as a "you can <verb>" restatement."""
    question = "How do you reference the selected element?"
    assert answers_how(
        "In the Firefox inspector, once you've selected (highlighted) an element on the page, you can reference "
        "that element from the console with $0.",
        question,
    )
    # the restatement without an instrument still is not a how (plausible #16)
    assert not answers_how(
        "You can pin the machines you watch most so that they stay at the top of the page.",
        "How do you pin your most-watched machines for quick access?",
    )
    assert not answers_how(
        "Acme Monitor allows you to transfer an asset and its history to a different plant.",
        "How do you transfer an asset to another plant?",
    )


def test_a_set_up_answer_fails_the_how_rule() -> None:
    for question, answer in (
        (
            "How do you show list of most recently changed work orders?",
            "The standard way to list your work orders is with the acme orders command. If your crews open orders "
            "for every inspection and repair, you may find yourself lost in a long list of work orders.",
        ),
        (
            "How do you abort Git commits and Rebases?",
            "When you amend a commit or run an interactive rebase, Git opens Vim on a buffer that describes the "
            "action. Normally, you'll edit the text, save the buffer, and quit -- Git then carries on and finishes "
            "the commit or rebase.",
        ),
        (
            "How do you expect a function to be called and actually call it?",
            "You can check that a function gets invoked without really running it. That is usually the job of "
            "jest.spyOn(obj, 'fn').mockImplementation(). If you do want the real function to run, Jest can "
            "accommodate you.",
        ),
    ):
        if question.startswith("How do you expect"):
            continue  # "You can assert …" is a way (of the foil): the selection, not the rule, skips it
        assert "how-answer" in {f.rule for f in check_answer(answer, question=question, lang="en")}, question


# -- code the answer can quote ------------------------------------------------------------------


def test_short_code_blocks_become_quotable_commands() -> None:
    assert _one_command('" ~/.vimrc\nset clipboard+=unnamedplus\n') == "set clipboard+=unnamedplus"
    assert _one_command("acme.init({\n  shiftBasedGrouping: true\n})\n") == "acme.init({ shiftBasedGrouping: true })"
    assert (
        _one_command("$ createdb plant_copy\n$ pg_restore -d plant_copy plant.dump\n")
        == "createdb plant_copy; pg_restore -d plant_copy plant.dump"
    )
    assert _one_command('# Use Tailwind CSS [https://x]\ngem "tailwindcss-rails"\n') == 'gem "tailwindcss-rails"'
    # a heredoc, a session with output after each command, a program: not one command
    assert _one_command("> ActiveRecord::Base.connection.execute(<<-SQL)\n  select 1;\nSQL\n") is None
    assert _one_command("$ python --version\nPython 3.12.4\n\n$ python -m venv .venv\n") is None
    assert _one_command("def up\n  remove_index :users\n  add_index :users\nend\n") is None


def test_dropping_a_contrast_adds_nothing() -> None:
    assert drop_contrast("Instead, what you'll need to do is remove the old index.") == (
        "What you'll need to do is remove the old index."
    )
    assert drop_contrast(
        "Instead of hunting through the menus, I can bring up the editor command palette with ctrl+shift+p."
    ) == ("I can bring up the editor command palette with ctrl+shift+p.")
    assert drop_contrast("Pick Compare in the time picker.") == "Pick Compare in the time picker."


# -- selection on the real notes --------------------------------------------------------------

BRANCHES = """\
## Show List Of Most Recently Changed Work Orders

The standard way to list your work orders is with the `acme orders` command. If
your crews open orders for every inspection and repair, you may find
yourself lost in a long list, scanning it for the one
you touched last.

With the `acme orders --recent` command, we can produce a shorter list of
work orders.

```bash
$ acme orders --recent --sort=-updated --count=10 --format=short
```

The command itself walks over every open order in the plant and prints
the newest ones as a list.
"""

DOLLAR = """\
## Escaping String Literals With Dollar Quoting

In PostgreSQL a string literal sits between two `'` characters. For a
literal that holds a `'` itself, you may have seen it escaped by
doubling it.

```sql
> select 'Bearing''s temperature';
       ?column?
-----------------------
 Bearing's temperature
```

That works, but it is easy to get wrong and awkward when code builds
the SQL for you. A neat workaround is to quote string literals with
what PostgreSQL calls dollar quoting.

```sql
> select $$Bearing's vibration$$;
      ?column?
---------------------
 Bearing's vibration
```

Simply put `$$` at each end in place of `'`.
"""

ABORT = """\
## Aborting Git Commits And Rebases

When you amend a commit or run an interactive rebase, Git opens Vim on
a buffer that describes the action. Normally, you'll edit the text, save
the buffer, and quit -- Git then carries on and finishes the commit or
rebase.

What if you change your mind halfway and want to cancel the commit or
rebase? Quitting with text still in the buffer tells Git to go ahead
anyway.

So, how do we leave Vim and cancel the action instead?

Vim allows you to exit with an error code.

```
:cq
```

Whatever the buffer holds, Vim then hands Git an error code, so Git
skips the commit or rebase and the action is aborted.
"""

UNIQUE = """\
## Turn A Plain Index Into A Unique Index

Unique constraints and indexes usually go hand in hand. In fact, in Postgres,
adding a unique constraint quietly builds an index to back it.

What if the index already exists and you now need it to be unique?
There is no way to alter the index in place to make it unique. Instead, what you'll
need to do is remove the old index and create it afresh as a unique one.

Here's how you can write that as a Rails migration:

```ruby
class MakeSensorTagsUnique < ActiveRecord::Migration[7.1]
  def up
    remove_index :sensors, [:plant_id, :tag]
    add_index :sensors, [:plant_id, :tag], unique: true
  end
end
```
"""

SNIPPET = """\
## Update your snippet

We show your snippet while you add a new plant to your account. You can also find it under **Plant Installation** in the **General** section of your plant settings.

Update the snippet to hand the following option to `acme.init`:

```javascript
acme.init({
  shiftBasedGrouping: true
})
```

Your Acme Monitor snippet belongs in the Header (`<head>`) section of your panel page. Put it between the `<head> … </head>` tags.
"""

COMPARE = """\
## Compare your readings over time

You can also **compare your readings over time**. Our comparison view allows you to look at the readings of a chosen date range and set them against another period. "Prior shift", "Same week last month" and "Any range" comparisons can all be chosen. You can also line up by shift to avoid gaps caused by weekend stoppages.

Pick "Compare" in the time picker or hit the "C" key on your keyboard to open the comparison view. Learn more about [comparing readings](compare-readings.md).
"""

OPENING = """---
title: Notes
---

## Keep a notebook of small lessons

Writing down one small lesson a day builds a notebook that is easy to search later. Each lesson gets a short
title, a paragraph that explains it, and an example when one helps. Over a year the notebook grows into a
reference that saves time on problems you have already solved once.

"""


def _faq(tmp_path: Path, section: str) -> dict[str, str]:
    art = extractive_artifacts(tmp_path, OPENING + section, "page.md")
    return {qa.question: qa.answer for qa in art.faq}


@pytest.mark.parametrize(
    ("section", "question", "starts", "has"),
    [
        (
            BRANCHES,
            "How do you show list of most recently changed work orders?",
            "With the acme orders --recent command, we can produce a shorter list of work orders: acme orders "
            "--recent --sort=-updated",
            "--format=short.",
        ),
        (
            DOLLAR,
            "How do you escape string literals with dollar quoting?",
            "A neat workaround is to quote string literals with what PostgreSQL calls dollar quoting: "
            "select $$Bearing's vibration$$.",
            "Simply put $$ at each end in place of '.",
        ),
        (ABORT, "How do you abort Git commits and Rebases?", "Vim allows you to exit with an error code: :cq.", ""),
        (
            UNIQUE,
            "How do you turn a plain index into a unique index?",
            "There is no way to alter the index in place to make it unique. Instead, what you'll need to do is remove "
            "the old index and create it afresh as a unique one.",
            "",
        ),
        (
            SNIPPET,
            "How do you update your snippet?",
            "Update the snippet to hand the option to acme.init: acme.init({ shiftBasedGrouping: true }).",
            "",
        ),
        (
            COMPARE,
            "How do you compare your readings over time?",
            "",  # alone the step has 19 words (20 needed): the sentence before it, which says how, comes along
            'Pick "Compare" in the time picker or hit the "C" key on your keyboard',
        ),
    ],
)
def test_the_answer_is_the_way_not_the_set_up(tmp_path: Path, section: str, question: str, starts: str, has: str):
    answer = _faq(tmp_path, section).get(question)
    assert answer is not None, question
    assert answer.startswith(starts), answer
    assert has in answer
    assert "Learn more" not in answer  # a pointer whose link the answer does not carry
    for foil in ("The standard way", "Normally,", "you may have seen", "In fact, in Postgres", "Our comparison"):
        assert foil not in answer


def test_the_good_pairs_of_the_same_grading_keep_their_answers(tmp_path: Path) -> None:
    """til #24 and #38 (good): an instruction-bearing lead-in with its command stays the answer."""
    faq = _faq(
        tmp_path,
        """\
## Configure Your Gateway Keyboard

On Alpine and postmarketOS, you can bring up an interactive prompt for configuring
your keyboard layout with the following command:

```bash
$ setup-keymap
```
""",
    )
    assert faq["How do you configure your gateway keyboard?"] == (
        "On Alpine and postmarketOS, you can bring up an interactive prompt for configuring your keyboard layout "
        "with the "
        "following command: setup-keymap."
    )
