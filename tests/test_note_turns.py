"""Short technical notes: the turn after a foil is the way, a definition is not a how, the call a
named attribute or an instruction needs is quoted, and clauses that lean on unseen code, the next
step or the writer's story are cut or refuse the answer (issue 8, hand grading round 5, til).

Every note and sentence here is our own, written in the shapes the graders found; none is copied.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop import answer_code
from aeoloop.backends.extractive_code import _one_command
from aeoloop.quality import check_answer
from aeoloop.quality.answering import contrasts_a_way, offers_a_way, says_how
from aeoloop.quality.out_of_context import leaning_sentence
from conftest import extractive_artifacts

OPENING = """\
---
title: Tool notes
---

# Tool notes

Short notes about the command-line tools of a small workshop. Each note names the tool, says what it
does and shows the call that does it, so the next time the trick is one search away. The notes are
kept short on purpose, and each one stands on its own.

"""


def _faq(tmp_path: Path, section: str) -> dict[str, str]:
    art = extractive_artifacts(tmp_path, OPENING + section, "page.md")
    return {qa.question: qa.answer for qa in art.faq}


# --- the turn after a foil -------------------------------------------------------------------------


def test_a_turn_with_a_goal_clause_offers_the_way() -> None:
    turn = "Instead, if you need to undo an older batch, you'll want the kiln:batch:undo command."
    assert offers_a_way(turn) and contrasts_a_way(turn)
    assert says_how("You'll want the kiln:batch:undo command for that.")


def test_a_turn_to_a_wish_is_no_way() -> None:
    wish = "Instead, we might want to measure the middle value of the readings."
    assert not offers_a_way(wish) and not contrasts_a_way(wish)
    assert offers_a_way("Instead, we can use the middle_of helper with a value of one half.")


ROLLBACK = """\
## Undo A Specific Batch Out Of Order

If you want to undo the newest batch that is loaded, you can use:

```bash
$ kiln batch:undo-last
```

It only ever touches the newest loaded batch. Even if you give it an older batch number, it still
undoes the newest one and nothing else.

Instead, if you want to target one older batch for undoing, you'll want the `kiln:batch:undo`
command. You'll need to give the batch number, which is printed on the label of each kiln load.

This is the call I made for a batch I had to undo last week.

```bash
$ kiln kiln:batch:undo BATCH=20210302
```
"""


def test_the_answer_is_the_turn_not_the_foil(tmp_path: Path) -> None:
    answer = _faq(tmp_path, ROLLBACK)["How do you undo a specific batch out of order?"]
    assert answer.startswith(
        "If you want to target one older batch for undoing, you'll want the kiln:batch:undo command"
    )
    assert "batch:undo-last" not in answer  # the foil, which cannot do it


HISTORY = """\
## Reopen Older Lines Of The Shell History

Every line you type into the workshop shell is kept with a number in its history list. The shell
keeps that list so that you can call old lines back up for changing and running them again.

If you run the `reopen` command on its own, the shell opens the last line you typed in your editor.
But what if you want to reopen a line from an hour ago? Or a whole run of lines?

Pass the `--at` flag to `reopen` with either one line number from the history or a range of numbers.

```
$ wshell
[1] wshell> say "one"
one
[2] wshell> say "two"
two
[3] wshell> reopen --at 1..2
one
two
```
"""


def test_but_what_if_makes_the_way_before_it_the_foil(tmp_path: Path) -> None:
    answer = _faq(tmp_path, HISTORY)["How do you reopen older lines of the shell history?"]
    assert answer.startswith("Pass the --at flag to reopen")
    assert "on its own" not in answer


def test_a_plain_own_question_after_an_instruction_keeps_the_opening(tmp_path: Path) -> None:
    """Without the turn ("What if …?" alone), an instruction before the question is still the answer."""
    plain = HISTORY.replace("But what if you want", "What if you want").replace(
        "If you run the `reopen` command on its own, the shell opens",
        "Run the `reopen` command on its own to open",
    )
    answer = _faq(tmp_path, plain).get("How do you reopen older lines of the shell history?", "")
    assert not answer.startswith("Pass the --at flag")


def test_a_shell_line_that_starts_a_session_is_not_the_command() -> None:
    assert _one_command('$ wshell\n[1] wshell> say "one"\none\n') is None
    assert _one_command("$ irb\nirb(main):001:0> 1 + 1\n=> 2\n") is None
    assert _one_command("$ ls -la\ntotal 0\n") == "ls -la"  # the lines after it are output


# --- a definition is not a how ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Grit is a command-line helper from the package index that you can use to tidy a folder of logs.",
        "Kilnctl is a small library which lets you read the kiln's sensors from a script.",
    ],
)
def test_a_definition_does_not_say_how(sentence: str) -> None:
    assert not says_how(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "You can use grit to tidy a folder of logs.",
        "Grit is a helper that you can use to tidy logs: grit tidy ./logs --keep 7.",
        "Run grit in the folder of logs you want to tidy.",
    ],
)
def test_a_way_is_still_a_way(sentence: str) -> None:
    assert says_how(sentence)


GRIT = """\
## Start A Tidy Log Folder With Grit

Grit is a command-line helper from the package index that you can use to start a log folder that
is ready for the nightly tidy. It uses plain text files for the logs. It uses a small index file
for finding the logs of a day.

Assuming you already have `grit` installed for your user, make an empty folder for the logs and
then run:

```bash
$ grit init
```

A log folder will be set up that is ready for the nightly tidy from the start.
"""


def test_the_how_after_a_definition_is_the_answer(tmp_path: Path) -> None:
    answer = _faq(tmp_path, GRIT)["How do you start a tidy log folder with grit?"]
    assert "then run: grit init." in answer
    assert not answer.startswith("Grit is a command-line helper")


# --- the call a note shows in its block ------------------------------------------------------------


def test_a_condition_on_a_result_is_no_way() -> None:
    assert not says_how("If you don't get any lines back, then no shelf holds that commit.")
    assert says_how("If we add the sort flag, then the list comes back in order.")


def test_an_instruction_after_an_adverb_says_how() -> None:
    assert says_how("Just point it at the stash you want.")
    assert not says_how("Just a reminder about the cache.")
    assert not says_how("Then the file is gone.")


STASH = """\
## Take One File From A Shelf

In the workshop tool, you can name a commit to bring back an older file.

```bash
$ wtool restore a1b2c3 -- notes.txt
```

In the same way, you can bring back the copy of a file as it was on a shelf. Just name the shelf
you want.

```bash
$ wtool restore shelf@{2} -- notes.txt
```
"""


def test_an_instruction_gets_the_one_command_after_it(tmp_path: Path) -> None:
    answer = _faq(tmp_path, STASH)["How do you take one file from a shelf?"]
    assert answer.endswith("Just name the shelf you want: wtool restore shelf@{2} -- notes.txt.")


def test_a_name_with_a_sigil_is_a_named_span() -> None:
    names = answer_code.named_in_code("Mark the fields with `@required_fields` and keep `$HOME` set.")
    assert {"@required_fields", "$HOME"} <= names
    assert "required_fields" not in names


REQUIRED = """\
## Requiring Fields For Records

When defining a record in Brisk, we may want to make sure that some values are always given. We can
demand that some fields are filled in when a record is made with the `@required_fields`
attribute. Here is an example of a `Person` record.

```brisk
record Person do
  @required_fields [:given, :family]
  fields [:given, :middle, :family]
end
```

With this in place, a record that leaves out `:family` is refused with an error.
"""


def test_a_named_attribute_gets_its_block(tmp_path: Path) -> None:
    question = "How do you require fields for records?"
    answer = _faq(tmp_path, REQUIRED)[question]
    assert (
        "with the @required_fields attribute:\n\n```\nrecord Person do\n  @required_fields [:given, :family]" in answer
    )
    assert check_answer(answer, question=question) == []


# --- clauses that lean on what the reader cannot see -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "leans"),
    [
        # code named by a pointer after the first sentence, never shown
        (
            "We can ask the catalog for the estimate by name. This query can be run through the raw adapter.",
            "This query",
        ),
        # the next step of a procedure the answer does not carry
        (
            "Call the start function: kiln.start(). At this point the kiln heats as before, but you haven't set a curve yet.",
            "you haven't set a curve yet",
        ),
        # the writer's story after the answer
        (
            "Run the list command to see every file it reads. I forgot that there is a second file in my home folder.",
            "I forgot",
        ),
        # the writer's story read alone (a takeaway)
        ("I was only looking inside my project folder when the stray file turned up.", "I was"),
        # an opening "Passing …" with no receiver before its verb
        (
            "Passing in a count of seconds, when it wants thousandths, gives a date near the start of the epoch.",
            "Passing in a count of seconds,",
        ),
    ],
)
def test_leaning_clauses(text: str, leans: str) -> None:
    found = leaning_sentence(text)
    assert found is not None and found[1] == leans


@pytest.mark.parametrize(
    "text",
    [
        "You can ask the catalog for the estimate with one query. This query can be run through the raw adapter.",
        "Ask the catalog by name: select estimate from catalog. This query is fast on any table.",
        "Open the console. Then paste the following command and press enter: kiln.stop().",
        "Data shows up at once. If the dot keeps blinking, we haven't counted any visit yet.",
        "Run the list command to see every file it reads. I had to restart the shell after that.",
        "Passing the flag to grep is enough to count the lines of the log.",
        "We can turn the list around with the reverse helper before printing it.",
        "I use the sort flag on every long listing of the shelf.",
        "I was able to clear the shelf with the prune command: wtool prune --all.",
    ],
)
def test_clauses_that_do_not_lean(text: str) -> None:
    assert leaning_sentence(text) is None


LOADER = """\
## List The Files The Loader Reads

The loader kept pulling in tools I never asked for.
By running `loader files`, I can list every file being read by the loader and find the culprit:

```
loader files
~/.tools     node, lua
~/code/app   ruby
```

I was only looking at the files inside my project and I forgot that I keep one in my home folder.
"""


def test_the_answer_ends_before_the_writers_story(tmp_path: Path) -> None:
    answer = _faq(tmp_path, LOADER)["How do you list the files the loader reads?"]
    assert answer.rstrip().endswith("```")
    assert "I forgot" not in answer


def test_a_yes_no_question_is_not_answered_by_the_scenario(tmp_path: Path) -> None:
    section = """\
## Filled Columns Are Empty After Save

Let's say I have a `Ticket` model backed by a `tickets` table in the database. Both the `id` and
`code` columns have a default that the database fills in. That means when I go to save a `Ticket`
from the app, I don't have to think about giving values for `id` or `code` at all.

```ruby
> ticket = Ticket.create(title: "Kiln")
> ticket.code
=> nil
```

The save turns into an insert that only hands back the `id` column. The `code` value made by the
database, however, never comes back, because `code` is not in the list of returned columns.
"""
    faq = _faq(tmp_path, section)
    assert not any("don't have to think about" in a for a in faq.values())


def test_a_mini_site_prints_the_turn_and_its_call(make_site, build_site) -> None:
    """A real build: the way after the foil, with its command fenced in faq.md, the HTML and the JSON-LD."""
    from bs4 import BeautifulSoup
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"kiln.md": OPENING.replace("Tool notes", "Kiln notes") + ROLLBACK})
    build_site(root)
    question = "How do you undo a specific batch out of order?"
    faq_md = (root / "generated" / "kiln" / "faq.md").read_text(encoding="utf-8")
    assert "you'll want the kiln:batch:undo command" in faq_md
    assert "batch:undo-last" not in faq_md
    html = (root / "site" / "kiln" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    soup = BeautifulSoup(html, "lxml")
    item = next(i for i in soup.select(".aeoloop-faq-item") if i.h3.get_text(" ").strip() == question)
    assert "kiln:batch:undo command" in item.get_text(" ")
    assert "kiln:batch:undo command" in dict(faq_jsonld(html))[question]
