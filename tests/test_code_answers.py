"""Answers whose substance is an instruction or a command, and "you can <verb>" answers that only
restate the question (issue 8, round-3 hand grades: the set-up and "you can X" patterns).

The sentences are our own, written in the shapes the graders found in public docs and notes: a
result after an act ("When you switch on X, you are able to …"), the way after a foil in the same
sentence ("By default it is off, but you can …"), ways announced and not given, a synonym of the
question's verb after "you can", where a setting lives, and what happens after the asked act.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.brand import load_brand
from aeoloop.page import load_page
from aeoloop.quality.answering import answers_how, contrasts_a_way, says_how
from aeoloop.settings import Settings

ROOT = Path(__file__).parent.parent


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
            'By default it is "off", but you can turn it on from the developer console of your browser.',
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
            "This can be specified by passing id: :uuid as an option to the create_table method.",
        ),
    ],
)
def test_sentences_that_give_the_way(question: str, sentence: str) -> None:
    assert answers_how(sentence, question)


def test_the_way_after_a_foil_in_one_sentence_is_a_contrast() -> None:
    sentence = 'By default it is "off", but you can turn it on from the developer console of your browser.'
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

By default it is `"off"`, but you can turn it on from the developer console of
your browser.

```
> document.editMode = "on"
"on"
```
"""

SETTINGS_ONLY = """\
## Enable "Form events" for your site

By default, Form events is enabled when you add a new site to your account. If
the site is already set up, you can control what data is recorded in the
Tracking area of your site settings.

## Add the widget code to the footer of your page

To connect your shop, you can manually put our widget code into the footer of
your page. See the details here.
"""


def _faq(tmp_path: Path, section: str) -> dict[str, str]:
    (tmp_path / "page.md").write_text(OPENING + section, encoding="utf-8")
    page, _ = load_page(tmp_path / "page.md", "page.md")
    assert page is not None
    art = ExtractiveBackend(Settings(), load_brand(ROOT / "brand", ROOT)).generate(page)
    return {qa.question: qa.answer for qa in art.faq}


def test_the_answer_is_the_command_after_the_set_up(tmp_path: Path) -> None:
    faq = _faq(tmp_path, EDIT_MODE)
    answer = faq["How do you make the page editable with Edit Mode?"]
    assert answer == (
        'Recent browsers ship a web interface called Edit Mode. By default it is "off", but you can turn it on '
        'from the developer console of your browser: document.editMode = "on".'
    )


def test_no_entry_when_the_section_only_says_you_can(tmp_path: Path) -> None:
    faq = _faq(tmp_path, SETTINGS_ONLY)
    assert not any("Form events" in q for q in faq), faq
    assert "How do you add the widget code to the footer of your page?" not in faq
    assert not any("See the details here" in a for a in faq.values())
