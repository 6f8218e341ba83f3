"""Code named but not shown, clauses leaning on unseen text, questions that do not fit their answer
(issue 8, hand grading round 6; session 8, ``lean2``).

Every note, heading and sentence here is our own, written in the shapes the graders found; none
is copied from a corpus.
"""

from __future__ import annotations

from pathlib import Path

from aeoloop import answer_code
from aeoloop.amplify.questions import explain_heading
from aeoloop.quality import check_answer
from aeoloop.quality.answering import how_problem, says_how
from aeoloop.quality.out_of_context import leaning_sentence
from conftest import extractive_artifacts

# --- a link-out is not a way -----------------------------------------------------------------------


def test_a_pointer_to_another_page_is_not_a_way() -> None:
    for pointer in (
        "See how to define the badge colours.",
        "Learn more about badge colours in our guide.",
        "Refer to the styling guide.",
        "Read about the palette options.",
        "See our documentation for every colour token.",
    ):
        assert not says_how(pointer), pointer


def test_a_step_that_names_a_place_is_still_a_way() -> None:
    for step in (
        "See the Badges tab, then pick a colour.",
        "Read the palette file with cat.",
        "Take a look at the reference: it lists each token.",
    ):
        assert says_how(step), step


def test_a_restated_question_and_a_link_out_do_not_answer_how() -> None:
    question = "How do you colour your badges?"
    answer = "You can colour your badges to set teams apart on the board. See how to define the badge colours."
    assert how_problem(answer, question)
    assert not how_problem(
        "Open the Badges tab and pick a colour for each team. See how to define the badge colours.", question
    )


# --- an analogy that announces its explanation -----------------------------------------------------


def test_a_closing_analogy_leans_on_the_explanation_after_it() -> None:
    text = "A shift is the time one crew works the press. It ends at the next handover. Think of it like a relay race."
    assert leaning_sentence(text, "What is a shift?") == (2, "Think of it like a relay race")
    assert leaning_sentence("A queue holds the jobs waiting. It's a bit like a line at the bakery.", "x")


def test_an_analogy_with_its_explanation_or_a_named_equivalent_stays() -> None:
    with_it = "Think of it like a relay race. Each crew hands the press to the next one at six."
    assert leaning_sentence(with_it, "What is a shift?") is None
    named = "Buckets group the readings by hour. Think of them as Excel pivot tables."
    assert leaning_sentence(named, "What are buckets?") is None
    assert leaning_sentence("Think of it as a ledger of every change, kept in order by date.", "x") is None


def test_an_idiom_of_a_problem_told_before_leans() -> None:
    assert leaning_sentence(
        "By running the audit command I can see every loaded file and get to the bottom of this:", "x"
    )
    assert leaning_sentence("The log helps you make sense of that.", "x")
    assert leaning_sentence("Run the audit command to list every loaded file.", "x") is None
    assert leaning_sentence("Get to the bottom of slow builds with the profile flag.", "x") is None


# --- the call a note shows only inside a long block ------------------------------------------------

SESSION = """\
$ shelf
[1] shelf(main)> put "one"
one
[2] shelf(main)> put "two"
two
[3] shelf(main)> put "three"
three
[4] shelf(main)> put "four"
four
[5] shelf(main)> put "five"
five
[6] shelf(main)> redo --at 2..3
two
three
"""


def test_the_one_session_line_that_calls_the_named_flag_is_quoted() -> None:
    answer = "Give the --at flag to redo with one entry of the history or a span of entries."
    blocks = [("paragraph", answer), ("code", SESSION)]
    shown = answer_code.quote_named(answer, blocks, frozenset({"--at", "redo"}), says_how)
    assert shown == (
        "Give the --at flag to redo with one entry of the history or a span of entries:\n\n```\nredo --at 2..3\n```"
    )


def test_the_call_after_a_set_up_block_is_quoted_after_the_sentence_that_says_how() -> None:
    answer = "The toolkit has dig.at for reading deep values. You can reach the value you want by giving a dotted path."
    blocks = [
        ("paragraph", answer),
        ("code-step", "const order = {\n  lines: [{ sku: 'a1' }],\n};\n"),
        ("paragraph", "Then read the first line's code with a fallback:"),
        ("code", "dig.at(order, 'lines[0].sku', 'none');\n"),
    ]
    shown = answer_code.quote_named(answer, blocks, frozenset({"dig.at", "order"}), says_how)
    assert shown.endswith("by giving a dotted path:\n\n```\ndig.at(order, 'lines[0].sku', 'none');\n```")


def test_no_line_is_quoted_for_a_plain_word_or_a_line_that_does_not_call() -> None:
    answer = "You can redo an entry from the history with the shelf tool."
    blocks = [("paragraph", answer), ("code", SESSION)]
    assert answer_code.quote_named(answer, blocks, frozenset({"redo"}), says_how) == answer  # a plain word alone
    bare = [("paragraph", "Use --at to pick entries."), ("code", "# the flag\n--at\n" + "x\n" * 12)]
    assert answer_code.quote_named("Use --at to pick entries.", bare, frozenset({"--at"}), says_how) == (
        "Use --at to pick entries."
    )
    unclosed = [("paragraph", "Call dig.at with a path."), ("code", "dig.at(order,\n  'a.b')\n" + "y = 1\n" * 12)]
    assert answer_code.quote_named("Call dig.at with a path.", unclosed, frozenset({"dig.at"}), says_how) == (
        "Call dig.at with a path."
    )


# --- questions that fit their section -------------------------------------------------------------


def test_two_things_under_a_question_heading_are_an_aspect_of_it() -> None:
    parents = ["Load readings from a spreadsheet", "How do loaded readings differ from live ones?"]
    found = explain_heading("Alarms and custom tags", topic="Readings", parents=parents)
    assert found.question is None and found.shape == "aspect_of_question"
    other = explain_heading("Alarms and custom tags", topic="Readings", parents=["Readings", "Other data"])
    assert other.question == "What are alarms and custom tags?"


def test_a_description_heading_with_an_article_gives_no_question() -> None:
    found = explain_heading("A clear picture of your whole fleet", topic="x", parents=["Fleet view"])
    assert found.question is None and found.shape == "description"
    assert explain_heading("An API token", topic="x", parents=["Tokens"]).question == "What is an API token?"
    assert explain_heading("A press shows zero sheets", topic="x", parents=["Presses"]).question == (
        "Why does a press show zero sheets?"
    )


def test_a_task_that_says_only_where_to_gets_its_object_from_the_title() -> None:
    title = ["Move ownership of a board"]
    assert (
        explain_heading("Move to another workspace", topic="x", parents=title).question
        == "How do you move ownership of a board to another workspace?"
    )
    assert explain_heading("Switch between workspaces", topic="x", parents=["Switch plans"]).question == (
        "How do you switch between workspaces?"
    )
    assert explain_heading("Move to another workspace", topic="x", parents=["Boards"]).question == (
        "How do you move to another workspace?"
    )


# --- the backend and a real build ------------------------------------------------------------------

OPENING = """\
---
title: Press notes
---

# Press notes

Short notes about the presses of a small print shop. Each note names the press, says what it does
and how the crew runs it, so the next shift finds the answer in one search. The notes stay short on
purpose, and each one stands on its own.

"""

SHIFTS = (
    """\
## Shifts

A shift is the stretch of time one crew runs the press. A shift starts at the first sheet and ends
after 40 minutes with no sheet printed.

Think of it like a relay race. The press is handed to the next crew at the handover, and one crew
can run several shifts in a day. This is why shift counts are higher than crew counts.

## Colour your badges

You can colour your badges to set teams apart on the press board. [See how to define the badge colours](badges.md).

## Redo entries from the history

Each line typed into the shelf console gets a number in its history, so it can be run again later.

Give the `--at` flag to `redo` with one entry of the history or a span of entries.

```
"""
    + SESSION
    + """```
"""
)


def test_the_backend_cuts_the_analogy_drops_the_link_out_and_quotes_the_call(tmp_path: Path) -> None:
    art = extractive_artifacts(tmp_path, OPENING + SHIFTS, "press.md")
    faq = {qa.question: qa.answer for qa in art.faq}
    shift = next(a for q, a in faq.items() if "shift" in q.lower())
    assert "relay race" not in shift and shift.endswith("no sheet printed.")
    assert not any("badge" in q.lower() for q in faq)
    redo = next(a for q, a in faq.items() if "redo" in q.lower())
    assert redo.endswith(":\n\n```\nredo --at 2..3\n```")
    for question, answer in faq.items():
        assert not check_answer(answer, question=question), question


def test_a_mini_site_prints_the_quoted_call_in_faq_md_html_and_jsonld(make_site, build_site) -> None:
    from bs4 import BeautifulSoup
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"press.md": OPENING + SHIFTS})
    build_site(root)
    faq_md = (root / "generated" / "press" / "faq.md").read_text(encoding="utf-8")
    assert "redo --at 2..3" in faq_md and "relay race" not in faq_md and "badge" not in faq_md.lower()
    html = (root / "site" / "press" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    soup = BeautifulSoup(html, "lxml")
    item = next(i for i in soup.select(".aeoloop-faq-item") if "redo" in i.h3.get_text(" ").lower())
    assert item.select_one("pre code").get_text() == "redo --at 2..3"
    question = item.h3.get_text(" ").strip()
    assert "redo --at 2..3" in dict(faq_jsonld(html))[question]


# --- the writer's habit, a part of an unnamed thing, a passive's agent (part 2) ---------------------


def test_the_writers_habit_with_a_tool_the_answer_never_named_leans() -> None:
    text = "We can list only the alias entries with the regexp flag. I use git undo-last all the time on side branches."
    assert leaning_sentence(text, "How do you list aliases?") == (1, "I use git undo-last")
    named = "Run git undo-last to drop the newest commit. I use git undo-last all the time on side branches."
    assert leaning_sentence(named, "How do you drop a commit?") is None
    assert leaning_sentence("We can list only the alias entries. I use it all the time.", "x") is None
    assert leaning_sentence("I use the pager flag to read long diffs one screen at a time.", "x") is None  # first


def test_a_part_of_a_thing_the_answer_never_named_leans() -> None:
    text = "Try the new icon font. One part of the redesign is that logos live in a set of their own."
    assert leaning_sentence(text, "How do you add logos?") == (1, "One part of the redesign")
    named = "The redesign moved the logos. One part of the redesign is that logos live in a set of their own."
    assert leaning_sentence(named, "How do you add logos?") is None


def test_a_passive_with_its_agent_is_not_a_way() -> None:
    why = "When a shop seems cold, even if it is one clerk whose frowns are tolerated by others, you lose buyers."
    assert not says_how(why)
    assert not says_how("Pull requests are reviewed by maintainers before they are merged.")
    assert says_how("Worn bearings are found earliest by envelope analysis of the vibration.")
    assert says_how("When the build is done, open the report.")
