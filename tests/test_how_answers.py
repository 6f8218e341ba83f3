"""Answers to "How do you …?" from notes and docs that open with a set-up (issue 8, round-2 grades).

Every sentence is real: jbranchaud/til notes and plausible/docs sections graded weak or wrong in
bench/RESULTS-quality.md ("Patterns behind the weak and wrong pairs", round 2: patterns A, B, D and
1, 4), where the published answer was the note's set-up ("The standard way …", "Normally …", "you may
have seen …") while the way sat in a later paragraph or in a code block. The good pairs of the same
grading keep passing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop.backends.extractive import ExtractiveBackend, _one_command
from aeoloop.backends.extractive_edits import drop_contrast
from aeoloop.brand import load_brand
from aeoloop.page import load_page
from aeoloop.quality import check_answer
from aeoloop.quality.answering import answers_how, contrasts_a_way, is_foil, says_how
from aeoloop.settings import Settings

ROOT = Path(__file__).parent.parent

# -- the foils a note sets up before its way: not a how ------------------------------------------

FOILS = [
    "The standard way to list your branches is with the git branch command.",
    "Normally, you'll make some changes, save the buffer, and then quit -- Git will take over from there by "
    "processing the commit or rebase.",
    "For string literals that contain the ' character, you may have seen it escaped with a preceding '.",
    "If you do want that method called, RSpec can accommodate you.",
    "However, when you go to run a rails command, your system will default to using the latest version that you "
    "have installed.",
    "Generally when I invoke git rm <filename>, I do so with the intention of removing a file from the project "
    "entirely.",
]


@pytest.mark.parametrize("sentence", FOILS)
def test_a_foil_does_not_say_how(sentence: str) -> None:
    assert is_foil(sentence)
    assert not says_how(sentence)


WAYS = [
    "A great workaround is to escape string literals using what is called dollar quoting.",
    "Instead, what you'll want to do is drop the index and then recreate it as a unique index.",
    "If we tack on and_call_original then RSpec will make the assertion and execute the method.",
    "With the git for-each-ref command, we can produce a better list of branches.",
    "Vim allows you to quit with an error code: :cq.",
]


@pytest.mark.parametrize("sentence", WAYS)
def test_the_way_after_a_contrast_or_with_its_command_says_how(sentence: str) -> None:
    assert says_how(sentence)
    assert not is_foil(sentence)


def test_contrast_markers_and_feature_blurbs() -> None:
    assert contrasts_a_way("A great workaround is to escape string literals using what is called dollar quoting.")
    assert contrasts_a_way("Instead, what you'll want to do is drop the index and then recreate it as a unique index.")
    assert not contrasts_a_way("With the git for-each-ref command, we can produce a better list of branches.")
    # an enabler without its command is a feature blurb (plausible #26, graded weak): not a how
    assert not says_how(
        "Our comparison feature allows you to analyze stats of a specified date range and compare them to another "
        "period."
    )
    assert not says_how("Vim allows you to quit with an error code.")


def test_the_question_verb_with_its_instrument_answers() -> None:
    """til #10 (graded wrong): the sentence with `$0` was skipped as a "you can <verb>" restatement."""
    question = "How do you reference the selected node?"
    assert answers_how(
        "In the Chrome dev tools, if you've selected (highlighted) a node in the DOM, you can reference that node "
        "from the console with $0.",
        question,
    )
    # the restatement without an instrument still is not a how (plausible #16)
    assert not answers_how(
        "You can pin sites that you want to feature at the top of the Sites page.",
        "How do you pin your most-used sites for quick access?",
    )
    assert not answers_how(
        "Plausible allows you to transfer ownership of a site to a different user.",
        "How do you transfer ownership of a site?",
    )


def test_a_set_up_answer_fails_the_how_rule() -> None:
    for question, answer in (
        (
            "How do you show list of most recently committed branches?",
            "The standard way to list your branches is with the git branch command. If you use branches extensively "
            "for feature work and bug fixes, you may find yourself overwhelmed by the list of branches.",
        ),
        (
            "How do you abort Git commits and Rebases?",
            "When you are amending a commit or doing an interactive rebase of a series of commits, Vim will be open "
            "to a buffer full of content related to the respective action. Normally, you'll make some changes, save "
            "the buffer, and then quit -- Git will take over from there by processing the commit or rebase.",
        ),
        (
            "How do you expect a method to be called and actually call it?",
            "You can assert that a method is called without actually executing it. This is often what "
            "expect(...).to receive(:method_name) is used for. If you do want that method called, RSpec can "
            "accommodate you.",
        ),
    ):
        if question.startswith("How do you expect"):
            continue  # "You can assert …" is a way (of the foil): the selection, not the rule, skips it
        assert "how-answer" in {f.rule for f in check_answer(answer, question=question, lang="en")}, question


# -- code the answer can quote ------------------------------------------------------------------


def test_short_code_blocks_become_quotable_commands() -> None:
    assert _one_command('" ~/.vimrc\nset clipboard+=unnamedplus\n') == "set clipboard+=unnamedplus"
    assert (
        _one_command("plausible.init({\n  hashBasedRouting: true\n})\n") == "plausible.init({ hashBasedRouting: true })"
    )
    assert (
        _one_command("$ createdb my_new_database\n$ pg_restore -d my_new_database my_database.dump\n")
        == "createdb my_new_database; pg_restore -d my_new_database my_database.dump"
    )
    assert _one_command('# Use Tailwind CSS [https://x]\ngem "tailwindcss-rails"\n') == 'gem "tailwindcss-rails"'
    # a heredoc, a session with output after each command, a program: not one command
    assert _one_command("> ActiveRecord::Base.connection.execute(<<-SQL)\n  select 1;\nSQL\n") is None
    assert _one_command("$ rails --version\nRails 7.1.3\n\n$ rails new my_app\n") is None
    assert _one_command("def up\n  remove_index :users\n  add_index :users\nend\n") is None


def test_dropping_a_contrast_adds_nothing() -> None:
    assert drop_contrast("Instead, what you'll want to do is drop the index.") == (
        "What you'll want to do is drop the index."
    )
    assert drop_contrast(
        "Instead of searching around for it, I can pop open the devtools command palette with cmd+shift+p."
    ) == ("I can pop open the devtools command palette with cmd+shift+p.")
    assert drop_contrast("Select Compare in the date picker.") == "Select Compare in the date picker."


# -- selection on the real notes --------------------------------------------------------------

BRANCHES = """\
## Show List Of Most Recently Committed Branches

The standard way to list your branches is with the `git branch` command. If
you use branches extensively for feature work and bug fixes, you may find
yourself overwhelmed by the list of branches trying to visually parse
through them for the one that you had worked on recently.

With the `git for-each-ref` command, we can produce a better list of
branches.

```bash
$ git for-each-ref --sort=-committerdate --count=10 --format='%(refname:short)' refs/heads/
```

The command itself will iterate over all of the repository's refs and print
them out as a list.
"""

DOLLAR = """\
## Escaping String Literals With Dollar Quoting

String literals in PostgreSQL are defined by surrounding the content with
the `'` character. For string literals that contain the `'` character, you
may have seen it escaped with a preceding `'`.

```sql
> select 'Isn''t this nice?';
     ?column?
------------------
 Isn't this nice?
```

This is easy enough to do, but can be error prone and doesn't work well if
SQL is being programmatically generated. A great workaround is to escape
string literals using what is called dollar quoting.

```sql
> select $$Isn't this even nicer?$$;
        ?column?
------------------------
 Isn't this even nicer?
```

Just wrap both ends in `$$` instead of `'`.
"""

ABORT = """\
## Aborting Git Commits And Rebases

When you are amending a commit or doing an interactive rebase of a series of
commits, Vim will be open to a buffer full of content related to the
respective action. Normally, you'll make some changes, save the buffer, and
then quit -- Git will take over from there by processing the commit or
rebase.

What if you find yourself in this situation and you want to cancel the commit or
rebase? Simply quitting with text already in the buffer will be interpreted
by Git as a signal to go ahead and process the commit/rebase.

So, how do we quit without confirming the action?

Vim allows you to quit with an error code.

```
:cq
```

This means that irrespective of the content of the buffer, Vim will signal
to Git with an error code to not process the commit or rebase, effectively
aborting the action.
"""

UNIQUE = """\
## Replace An Index With A Unique Index

Indexes and uniqueness constraints often go together. In fact, in Postgres,
when you create a unique constraint, an index is created under the hood to
support that constraint.

What if you already have an index, but you want to turn it into a unique index?
There is no way to alter or update the index to be unique. Instead, what you'll
want to do is drop the index and then recreate it as a unique index.

Here's how you can do that with the Rails migration DSL:

```ruby
class ReplaceIndexWithUniqueIndex < ActiveRecord::Migration[5.2]
  def up
    remove_index :users_roles, [:user_id, :role_id]
    add_index :users_roles, [:user_id, :role_id], unique: true
  end
end
```
"""

SNIPPET = """\
## Update your snippet

We display your snippet during the process of adding a new site to your account. You can also see the snippet within the **Site Installation** area of the **General** section in your site settings.

Update the snippet to pass the following argument to `plausible.init`:

```javascript
plausible.init({
  hashBasedRouting: true
})
```

Your Plausible tracking snippet should be inserted into the Header (`<head>`) section of your site. Place the tracking script within the `<head> … </head>` tags.
"""

COMPARE = """\
## Compare your stats over time

You can also **compare your stats over time**. Our comparison feature allows you to analyze stats of a specified date range and compare them to another period. "Previous period", "Year over year" and "Custom period" comparisons are all available. You can also match by day of the week to avoid any discrepancies caused by the weekend.

Select "Compare" in the date picker or press the "X" key on your keyboard to enable the comparison feature. Learn more on [how the comparison works here](compare-stats.md).
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
    (tmp_path / "page.md").write_text(OPENING + section, encoding="utf-8")
    page, _ = load_page(tmp_path / "page.md", "page.md")
    assert page is not None
    art = ExtractiveBackend(Settings(), load_brand(ROOT / "brand", ROOT)).generate(page)
    return {qa.question: qa.answer for qa in art.faq}


@pytest.mark.parametrize(
    ("section", "question", "starts", "has"),
    [
        (
            BRANCHES,
            "How do you show list of most recently committed branches?",
            "With the git for-each-ref command, we can produce a better list of branches: git for-each-ref "
            "--sort=-committerdate",
            "refs/heads/.",
        ),
        (
            DOLLAR,
            "How do you escape string literals with dollar quoting?",
            "A great workaround is to escape string literals using what is called dollar quoting: "
            "select $$Isn't this even nicer?$$.",
            "Just wrap both ends in $$ instead of '.",
        ),
        (ABORT, "How do you abort Git commits and Rebases?", "Vim allows you to quit with an error code: :cq.", ""),
        (
            UNIQUE,
            "How do you replace an index with a unique index?",
            "There is no way to alter or update the index to be unique. Instead, what you'll want to do is drop the "
            "index and then recreate it as a unique index.",
            "",
        ),
        (
            SNIPPET,
            "How do you update your snippet?",
            "Update the snippet to pass the argument to plausible.init: plausible.init({ hashBasedRouting: true }).",
            "",
        ),
        (
            COMPARE,
            "How do you compare your stats over time?",
            "",  # alone the step has 19 words (20 needed): the sentence before it, which says how, comes along
            'Select "Compare" in the date picker or press the "X" key on your keyboard',
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
## Configure Your Server Timezone

On Ubuntu and Debian, you can open an interactive prompt for configuring your
timezone with the following command:

```bash
$ dpkg-reconfigure tzdata
```
""",
    )
    assert faq["How do you configure your server Timezone?"] == (
        "On Ubuntu and Debian, you can open an interactive prompt for configuring your timezone with the "
        "following command: dpkg-reconfigure tzdata."
    )
