"""Answers whose substance is an instruction or a command, and "you can <verb>" answers that only
restate the question (issue 8, round-3 hand grades: the set-up and "you can X" patterns).

The sentences are our own, written in the shapes the graders found in public docs and notes: a
result after an act ("When you switch on X, you are able to …"), the way after a foil in the same
sentence ("By default it stays off, but you can …"), ways announced and not given, a synonym of the
question's verb after "you can", where a setting lives, and what happens after the asked act.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop import answer_code
from aeoloop.quality import check_answer
from aeoloop.quality.answering import answers_how, contrasts_a_way, says_how
from conftest import extractive_artifacts


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # the outcome of an act is not the way to do it
        (
            "How do you make the page editable with Edit mode?",
            "When you switch on Edit Mode, you are able to change the words on the page like in a word processor.",
        ),
        # ways announced, none given
        ("How do you make a table with a uuid key?", "We can change the type of the key in a number of ways."),
        # a word for the question's own act after "you can" restates the question
        (
            "How do you add the widget code to the footer of your page?",
            "To connect your shop, you can manually put our widget code into the footer of your page.",
        ),
        (
            "How do you enable weekly digests for your team inbox?",
            "In the Reports area of your settings, you can decide to enable weekly digests for your team inbox.",
        ),
        # where a setting lives, not what to do there
        (
            'How do you enable "Form events" for your site?',
            "If the site is already set up, you can control what data is recorded in the Tracking area of your "
            "site settings.",
        ),
        # a noun first, then its verb: no instruction
        (
            "How do you give your users a place to meet?",
            "People with shared hobbies will always want a place to talk about them.",
        ),
        # where the steps before led
        (
            "How do you set page titles in your templates?",
            "Now I have a default title for every view that I can override when needed with the page_title helper.",
        ),
        # what the writer gets from a tool
        (
            "How do you jump between edits in the current file?",
            "With the signs plugin for the editor, I get some handy markers in the gutter for added and changed lines.",
        ),
        # what follows the asked act
        (
            'How do you disable "Form events" for your site?',
            "After you disable form event tracking, we will remove the goal called Form Event from your site.",
        ),
    ],
)
def test_sentences_that_do_not_give_the_way(question: str, sentence: str) -> None:
    assert not answers_how(sentence, question)


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        (
            "How do you make the page editable with Edit mode?",
            'By default it stays "off", but you can switch it on from the script console of your browser.',
        ),
        (
            "How do you run commands with an older release?",
            "If you want an older release for one command, you can use a convention which is to put the version "
            "right after the tool name.",
        ),
        ("How do you run a script from the editor?", "You can install the runner plugin and bind it to a key."),
        (
            "How do you make a table with a uuid key?",
            "We can set the key type in two ways: with the id option or by hand.",
        ),
        (
            "How do you make a table with a uuid key?",
            "You set this by handing id: :uuid to the create_table call among its options.",
        ),
    ],
)
def test_sentences_that_give_the_way(question: str, sentence: str) -> None:
    assert answers_how(sentence, question)


def test_the_way_after_a_foil_in_one_sentence_is_a_contrast() -> None:
    sentence = 'By default it stays "off", but you can switch it on from the script console of your browser.'
    assert says_how(sentence)
    assert contrasts_a_way(sentence)
    assert not says_how("By default the setting is off for every new site.")


OPENING = """\
---
title: Browser notes
---

# Browser notes

Short notes about the tools that come with a web browser. Each note names the tool, says what it does
and shows the command that turns it on, so the next time the trick is one search away. The notes are
kept short on purpose, and each one stands on its own.

"""

EDIT_MODE = """\
## Make The Page Editable With Edit Mode

Recent browsers ship a web interface called _Edit Mode_. When you switch on
_Edit Mode_, you are able to change the words on the page like in a word
processor. This is a handy way to try out new copy.

By default it stays `"off"`, but you can switch it on from the script console
of your browser.

```
> document.editMode = "on"
"on"
```
"""

SETTINGS_ONLY = """\
## Enable "Form events" for your site

By default, Form events is on for each site you create in your account. If
the site is already set up, you can control what data is recorded in the
Tracking area of your site settings.

## Add the widget code to the footer of your page

To connect your shop, you can manually put our widget code into the footer of
your page. See the details here.
"""


def _faq(tmp_path: Path, section: str) -> dict[str, str]:
    art = extractive_artifacts(tmp_path, OPENING + section, "page.md")
    return {qa.question: qa.answer for qa in art.faq}


def test_the_answer_is_the_command_after_the_set_up(tmp_path: Path) -> None:
    faq = _faq(tmp_path, EDIT_MODE)
    answer = faq["How do you make the page editable with Edit Mode?"]
    assert answer == (
        'Recent browsers ship a web interface called Edit Mode. By default it stays "off", but you can switch '
        'it on from the script console of your browser: document.editMode = "on".'
    )


def test_no_entry_when_the_section_only_says_you_can(tmp_path: Path) -> None:
    faq = _faq(tmp_path, SETTINGS_ONLY)
    assert not any("Form events" in q for q in faq), faq
    assert "How do you add the widget code to the footer of your page?" not in faq
    assert not any("See the details here" in a for a in faq.values())


# -- a code block quoted whole ------------------------------------------------------------------

UUID_KEY = """\
## Make A Table With A uuid Key

When a new table is made with a migration, every column is listed except the
key. The key column is added on its own, and its type is a plain integer.

To make the key a uuid instead, pass `id: :uuid` as an option to `create_table`:

```ruby
class CreateNotes < ActiveRecord::Migration[8.0]
  def change
    create_table :notes, id: :uuid do |t|
      t.string :title
    end
  end
end
```

Every row then gets a random uuid as its key, made by the database.
"""


def test_an_instruction_with_its_program_is_quoted_as_a_fenced_block(tmp_path: Path) -> None:
    answer = _faq(tmp_path, UUID_KEY)["How do you make a table with a uuid key?"]
    assert "pass id: :uuid as an option to create_table:\n\n```\nclass CreateNotes" in answer
    assert "    create_table :notes, id: :uuid do |t|\n" in answer  # indentation kept
    assert answer_code.has_code(answer)
    # the contract judges the prose with the block standing in as its first line
    assert check_answer(answer, question="How do you make a table with a uuid key?", lang="en") == []


def test_blocks_that_are_not_the_answer_are_not_quoted(tmp_path: Path) -> None:
    tempted = UUID_KEY.replace(
        "To make the key a uuid instead, pass `id: :uuid` as an option to `create_table`:",
        "To make the key a uuid, you may be tempted to write this:",
    )
    for answer in _faq(tmp_path, tempted).values():
        assert "```" not in answer
    two_steps = UUID_KEY + "\nThen the model needs its own setting:\n\n```ruby\n" + "x = 1\n" * 12 + "```\n"
    for answer in _faq(tmp_path, two_steps).values():
        assert "```" not in answer  # step one of two would stop short


def test_quotable_blocks_have_a_line_cap() -> None:
    assert answer_code.quotable("a = 1\n" * answer_code.MAX_LINES) is not None
    assert answer_code.quotable("a = 1\n" * (answer_code.MAX_LINES + 1)) is None
    # the writer's block line for line or not at all: comments and "# ..." elisions are never dropped
    noisy = "# step one\nrun_one\n\n# step two\nrun_two\n\n" * 4
    assert answer_code.quotable(noisy) is None
    kept = "begin\n  # ...\n\n  run_one  # does the first part\n\n  # run_two\nend\n"
    assert answer_code.quotable(kept) == kept.rstrip("\n")  # blank lines kept, not counted
    assert answer_code.quotable("a = 1\n\n" * answer_code.MAX_LINES) is not None
    assert answer_code.quotable("x" * (answer_code.MAX_LINE_CHARS + 1)) is None
    assert answer_code.quotable("   \n  \n") is None


def test_stored_form_round_trips_and_every_reader_gets_its_shape() -> None:
    from html import escape

    from aeoloop.artifacts import QA, parse_faq, render_faq

    code = "## not a question\nprint('```')\n  indented <b>"
    answer = answer_code.render([("prose", "Run this in the shell:"), ("code", code), ("prose", "It prints a fence.")])
    assert answer_code.fence(code).startswith("````\n")  # longer than any backtick run inside
    items = [QA("How do you print a fence?", answer), QA("What is next?", "The next answer, on one line.")]
    assert parse_faq(render_faq(items)) == items  # "## " inside the block is code, not a question
    assert answer_code.as_prose(answer) == "Run this in the shell: ## not a question. It prints a fence."
    assert answer_code.plain(answer) == f"Run this in the shell:\n{code}\nIt prints a fence."
    html = answer_code.to_html(answer, escape)
    assert "<pre><code>## not a question\nprint(&#x27;```&#x27;)\n  indented &lt;b&gt;</code></pre>" in html
    assert html.startswith("<p>Run this in the shell:</p>")
    md = answer_code.to_markdown(answer, lambda t: t.replace("<", "&lt;"))
    assert "````\n## not a question\nprint('```')\n  indented <b>\n````" in md  # code is not escaped
    # a hand-wrapped prose answer is folded into one paragraph, as before
    assert answer_code.from_lines(["First line", "goes on here."]) == "First line goes on here."
    assert answer_code.as_prose("One line, no code.") == "One line, no code."


def test_a_mini_site_prints_the_quoted_block_in_the_faq(make_site, build_site) -> None:
    """A real build: faq.md keeps the fence, the visible FAQ prints <pre><code>, the FAQPage
    JSON-LD carries the code's lines as plain text, llms-full keeps the fence, and the page
    passes the visible-text checks (JSON-LD answer = visible answer)."""
    from bs4 import BeautifulSoup
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"rails.md": OPENING.replace("Browser notes", "Rails notes") + UUID_KEY})
    build_site(root)
    question = "How do you make a table with a uuid key?"
    faq_md = (root / "generated" / "rails" / "faq.md").read_text(encoding="utf-8")
    assert "create_table:\n\n```\nclass CreateNotes < ActiveRecord::Migration[8.0]\n" in faq_md
    html = (root / "site" / "rails" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    soup = BeautifulSoup(html, "lxml")
    item = next(i for i in soup.select(".aeoloop-faq-item") if i.h3.get_text(" ").strip() == question)
    pre = item.select_one(".aeoloop-faq-answer pre code")
    assert pre is not None and "create_table :notes, id: :uuid do |t|" in pre.get_text()
    text = dict(faq_jsonld(html))[question]
    assert "```" not in text and "\n    create_table :notes, id: :uuid do |t|\n" in text
    mirror = (root / "site" / "llms-full.txt").read_text(encoding="utf-8")
    assert f"### {question}\n" in mirror
    assert "create_table:\n\n```\nclass CreateNotes < ActiveRecord::Migration[8.0]\n" in mirror  # not escaped


def test_a_lead_to_the_following_code_reads_alone_once_the_code_is_quoted(tmp_path: Path) -> None:
    section = """\
## Track Only Some File Types

The tracker counts downloads of a fixed list of file types out of the box.

To count only the two kinds of files you serve, pass the following option to `tracker.init`:

```javascript
tracker.init({
  fileTypes: [
    "js",
    "py"
  ]
})
```
"""
    answer = _faq(tmp_path, section)["How do you track only some file types?"]
    assert "pass the option to tracker.init:\n\n```\ntracker.init({\n" in answer
    assert "the following" not in answer


# --- session 6 (`leans`): a command or function named in prose, its call only in a later block ---

NAMED_TOOL = """\
## Count The Lines Of A Log

My usual way of counting the lines of a long pump log on the shop floor is to send its text to another small tool — `lc`.

Here is how that looks on the pump log of this repo. It counts every line that mentions a valve.

```bash
$ cat pump.log | lc -n
   12
```

When `lc` gets the `-n` flag, it prints only the number.
"""

NAMED_LONG = """\
## Count The Lines Of A Log

My usual way of counting the lines of a long pump log on the shop floor is to send its text to another small tool — `lc`.

Here is a long session with it.

```bash
$ cat pump.log | lc -n
$ cat valve.log | lc -n
$ cat probe.log | lc -n
$ cat shift1.log | lc -n
$ cat shift2.log | lc -n
$ cat shift3.log | lc -n
$ cat shift4.log | lc -n
$ cat shift5.log | lc -n
$ cat shift6.log | lc -n
$ cat shift7.log | lc -n
$ cat shift8.log | lc -n
$ cat shift9.log | lc -n
$ cat shift10.log | lc -n
```
"""


def _leads(sentence: str) -> bool:
    return says_how(sentence)


def test_quote_named_puts_the_call_after_the_sentence_that_names_it() -> None:
    blocks = [
        ("paragraph", "To rotate a log, use the spin command. It keeps five copies."),
        ("paragraph", "For example:"),
        ("code", "$ spin pump.log\n"),
    ]
    names = answer_code.named_in_code("To rotate a log, use the `spin` command.\n\n```\n$ `x` spin\n```\n")
    assert names == frozenset({"spin"})  # spans in fenced blocks are not names
    out = answer_code.quote_named("To rotate a log, use the spin command. It keeps five copies.", blocks, names, _leads)
    assert out == "To rotate a log, use the spin command:\n\n```\n$ spin pump.log\n```\n\nIt keeps five copies."
    assert answer_code.segments(out)[1] == ("code", "$ spin pump.log")


def test_quote_named_leaves_answers_that_name_nothing_called_or_show_the_call() -> None:
    blocks = [("paragraph", "Use the spin command."), ("code", "spin pump.log")]
    names = frozenset({"spin"})

    def same(answer: str, blocks: list[tuple[str, str]] = blocks) -> bool:
        return answer_code.quote_named(answer, blocks, names, _leads) == answer

    assert same("Use the spin command: spin --all pump.log.")  # a call after a colon: shown already
    assert same("Rotate the log once a week.")  # no name of the page's code spans
    assert same("The spin command is older than the log.")  # names it, but does not say how
    assert same("Use the spin command.", [("paragraph", "Use the spin command."), ("code", "$ gzip pump.log")])
    assert same("Use the spin command.", [("code", "$ spin old.log"), ("paragraph", "Use the spin command.")])
    # one step of several: another program follows the block
    assert same("Use the spin command.", [("paragraph", "Use the spin command."), ("code-step", "spin pump.log")])
    long = "\n".join(f"spin shift{n}.log" for n in range(answer_code.MAX_LINES + 1))  # too long to quote: as it is
    assert same("Use the spin command.", [("paragraph", "Use the spin command."), ("code", long)])


def test_a_named_tool_gets_its_call_unless_the_call_is_too_long(tmp_path: Path) -> None:
    answer = _faq(tmp_path, NAMED_TOOL)["How do you count the lines of a log?"]
    assert answer.startswith(
        "My usual way of counting the lines of a long pump log on the shop floor is to send its text to another small tool — lc:\n\n```\n"
    )
    assert "$ cat pump.log | lc -n" in answer
    assert check_answer(answer, question="How do you count the lines of a log?") == []
    long = _faq(tmp_path, NAMED_LONG)["How do you count the lines of a log?"]
    assert "```" not in long and long.endswith("another small tool — lc.")  # published as before, unquoted


def test_a_mini_site_prints_the_named_call_in_the_faq(make_site, build_site) -> None:
    """A real build: the call is fenced in faq.md, printed as <pre><code> and in the FAQPage JSON-LD."""
    from bs4 import BeautifulSoup
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"logs.md": OPENING.replace("Browser notes", "Log notes") + NAMED_TOOL})
    build_site(root)
    question = "How do you count the lines of a log?"
    faq_md = (root / "generated" / "logs" / "faq.md").read_text(encoding="utf-8")
    assert "another small tool — lc:\n\n```\n$ cat pump.log | lc -n\n" in faq_md
    html = (root / "site" / "logs" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    soup = BeautifulSoup(html, "lxml")
    item = next(i for i in soup.select(".aeoloop-faq-item") if i.h3.get_text(" ").strip() == question)
    pre = item.select_one(".aeoloop-faq-answer pre code")
    assert pre is not None and "lc -n" in pre.get_text()
    assert "$ cat pump.log | lc -n" in dict(faq_jsonld(html))[question]
