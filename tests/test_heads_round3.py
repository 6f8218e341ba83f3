"""Question shapes from headings and answers leaning on unseen text (hand grading round 3,
bench/RESULTS-quality.md: "clumsy questions from headings" and "leaning on unseen text"). The
headings and sentences are our own, written in the shapes the graded pairs had."""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop.amplify.questions import explain_heading, heading_to_question, when_question
from aeoloop.quality import check_answer
from aeoloop.quality.out_of_context import leaning_sentence
from conftest import extractive_artifacts


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        # A Title Case statement of fact is asked yes/no, not "Why …?" (the note gives the fact).
        ("Hooks Stop Running Once Disabled", "Do hooks stop running once disabled?"),
        ("Keyword Arguments Are Frozen When Module Is Loaded", "Are keyword arguments frozen when module is loaded?"),
        ("Branches With Open Reviews Cannot Be Deleted", "Can branches with open reviews be deleted?"),
        ("A Store Is Just A Map Of Atoms", "Is a store just a map of atoms?"),
        # The progressive symptom and sentence-case troubleshooting headings keep "Why".
        ("Workers Not Starting", "Why aren't workers starting?"),
        ("Dashboard shows no visitors", "Why does the dashboard show no visitors?"),
        # "Do Not X" in Title Case is a note that shows how to avoid X.
        ("Do Not Clobber Existing Files", "How do you avoid clobbering existing files?"),
        ("Don't skip the backups", "Why shouldn't you skip the backups?"),
        # A long purpose clause after an order is not part of what the reader asks.
        (
            "Publish your support policy to help users and packagers plan their upgrades",
            "How do you publish your support policy?",
        ),
        ("Set up a proxy to avoid ad blockers", "How do you set up a proxy to avoid ad blockers?"),
    ],
)
def test_heading_shapes(heading: str, expected: str) -> None:
    assert heading_to_question(heading, topic="Notes", lang="en") == expected


@pytest.mark.parametrize(
    ("heading", "parents", "expected"),
    [
        (
            "Is your shop on another domain than the one you registered?",
            ("Troubleshooting the tracker", "No visits recorded"),
            "What if your shop is on another domain than the one you registered?",
        ),
        (
            "Does your page load a strict Content Security Policy?",
            ("Troubleshooting the tracker",),
            "What if your page loads a strict Content Security Policy?",
        ),
        # Outside a troubleshooting page the reader may ask the vendor: kept as written.
        ("Are your servers in Canada?", ("Hosting FAQ",), "Are your servers in Canada?"),
    ],
)
def test_checklist_question_on_a_troubleshooting_page(heading: str, parents: tuple[str, ...], expected: str) -> None:
    assert explain_heading(heading, topic="Tracker", lang="en", parents=parents, plain=True).question == expected


def test_when_question_fits_an_answer_that_says_when() -> None:
    answer = (
        "You should usually open a discussion in the following situations: ask for design feedback; plan a release."
    )
    assert when_question("How do you open a discussion?", answer) == "When should you open a discussion?"
    assert when_question("How do you open a discussion?", "Click New discussion and pick a category.") is None
    assert when_question("What is a discussion?", answer) is None


@pytest.mark.parametrize(
    ("text", "index", "words"),
    [
        ("Now that you have a working build, it is time to ship it to your users.", 0, "Now that"),
        ("For example, you may need a signed contract before the first payment.", 0, "For example"),
        ("One way that this can be used is as a default sort key for lists.", 0, "that this can"),
        ("We then pipe that output into grep to keep only the matching lines.", 0, "We then"),
        ("First, it reports that the two hashes differ at key 7.", 0, "First, it reports"),
        ("If, however, you need the raw value, then call unwrap instead.", 0, "If, however"),
        ("If these temporary files pile up, the disk fills quickly.", 0, "If these temporary"),
        ("You can set this option in the admin panel.", 0, "this option"),
        ("You've tidied things up. Now the team can find what they need.", 0, "You've tidied things up."),
        (
            "Maintainers need more than code. Docs and triage matter too. Offer to help with these kinds of tasks!",
            2,
            "these kinds of",
        ),
        ("Wrap the pair in braces to build the tuple that is then prepended to b.", 0, "to b"),
        ("The export finishes in a minute, as you can see in the screenshot.", 0, "in the screenshot"),
    ],
)
def test_more_leaning_shapes(text: str, index: int, words: str) -> None:
    assert leaning_sentence(text) == (index, words)


@pytest.mark.parametrize(
    "text",
    [
        "Use a linter like this one to check your files before you commit them.",
        "Add the --force flag, then check that the flag is in your config.",
        "Default values are computed once. Languages like Ruby compute these kinds of defaults at call time.",
        "Name the branch however you like; the tool only reads its prefix.",
        "If this is your first deploy, create the database before you start the server.",
        "Unfortunately, it is not possible to rename a site after it was created.",
        "Drafts, reviews, and comments all count. These kinds of work keep a project alive.",
    ],
)
def test_not_leaning_shapes(text: str) -> None:
    assert leaning_sentence(text) is None


def test_contract_rejects_an_answer_that_leans_on_its_first_clause() -> None:
    found = check_answer(
        "If, however, you need to pass options into the widget, use the render callback with an inline function. "
        "The callback receives the options object and returns the widget with those options applied.",
        question="How do you pass options to a widget?",
    )
    assert [f.rule for f in found] == ["unseen-reference"]


def _faq(tmp_path: Path, markdown: str) -> dict[str, str]:
    art = extractive_artifacts(tmp_path, markdown, "page.md")
    return {qa.question: qa.answer for qa in art.faq}


def test_when_question_in_a_build(tmp_path: Path) -> None:
    """A gerund heading answered with when: the FAQ asks when, and the answer is unchanged."""
    faq = _faq(
        tmp_path,
        """---
title: How to take part in a project
---

# How to take part in a project

Taking part in a project starts with reading how its maintainers like to work together.

## Opening a discussion

You should usually open a discussion in the following situations: ask for feedback on a design idea; plan a
release with the maintainers; propose a change to the governance of the project.

If the maintainers agree, they will turn the discussion into an issue that tracks the work.
""",
    )
    assert "How do you open a discussion?" not in faq
    assert faq["When should you open a discussion?"].startswith("You should usually open a discussion")


def test_answer_that_leans_on_the_previous_section_is_not_chosen(tmp_path: Path) -> None:
    """An answer opening "Now that you've …" leans on the section before; a later sentence answers."""
    faq = _faq(
        tmp_path,
        """---
title: Reviewing pull requests
---

# Reviewing pull requests

Reviews keep the code base healthy and spread knowledge across the team.

## How do you pick a pull request to review?

Now that you've read how reviews work, it's time to choose one. Pick the oldest pull request that touches
code you know well, so the author waits less and your review is thorough.
""",
    )
    answer = faq["How do you pick a pull request to review?"]
    assert answer.startswith("Pick the oldest pull request")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("You need to pick your billing currency too.", "too"),
        (
            "If you're on the team plan, you'll be able to rename these labels yourself from the settings.",
            "these labels",
        ),
        ("Give them both a go and either way the valve will shut.", "Give them both"),
        ("I can point it to a scratch file: open('/tmp/scratch.db').", "I can point it to"),
        ("If you were to then open a second file, the window would split again.", "you were to then"),
    ],
)
def test_first_sentence_leans_on_what_it_never_named(text: str, words: str) -> None:
    assert leaning_sentence(text) == (0, words)


@pytest.mark.parametrize(
    "text",
    [
        "Check these settings: the domain, the script and the proxy.",
        "Make it a habit to review pull requests every morning before standup.",
        "You can reconcile the two lists with one command: git fetch origin --prune.",
        # "this" is the task the question asks: read under its question, it names nothing unseen
        "The way to do this in the editor is to select the whole column first.",
    ],
)
def test_first_sentence_that_names_what_it_points_at(text: str) -> None:
    assert leaning_sentence(text) is None


def test_a_screen_part_is_not_a_definition() -> None:
    """ "What is a browser?" answered with what the Browsers tab shows (hand grading round 3)."""
    tab = (
        "The Editors tab shows which editors people use when they open your project, and a click on an editor "
        "shows the versions too."
    )
    assert [f.rule for f in check_answer(tab, question="What is an editor?")] == ["definition"]
    own = (
        "The Editors tab lists every editor people used to open your project in the chosen period, with the share "
        "of visits for each."
    )
    assert check_answer(own, question="What is the Editors tab?") == []


def test_title_case_statement_opening_with_a_verb_like_noun_is_skipped() -> None:
    assert heading_to_question("Build Step Runs For Every Package", topic="Notes", lang="en") is None
    assert heading_to_question("Add Tests For Edge Cases", topic="Notes", lang="en") == (
        "How do you add tests for edge cases?"
    )
