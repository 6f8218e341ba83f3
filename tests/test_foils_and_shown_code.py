"""Foils, "What is X?" answered by what X is not, code named but not shown, questions from heading
shapes and steps that are not a procedure (issue 8, hand grading round 7; session 9, ``code3``).

Every note, heading and sentence here is our own, written in the shapes the graders found; none
is copied from a corpus.
"""

from __future__ import annotations

from pathlib import Path

from aeoloop import answer_code
from aeoloop.amplify.questions import explain_heading
from aeoloop.quality import RULES, check_answer
from aeoloop.quality.answering import says_how
from aeoloop.quality.defines import says_what_it_is_not
from aeoloop.quality.foils import check_foil, gives_foil, sentences_after
from conftest import extractive_artifacts

# --- "What is X?" answered by what X is not ------------------------------------------------------------


def test_what_x_leaves_out_is_no_definition() -> None:
    question = "What is the combined board?"
    answer = (
        "Orders typed in by hand are not shown on the combined board for the week. "
        "The combined board only lists the orders the scanners record at the door."
    )
    failures = check_answer(answer, question=question)
    assert [f.rule for f in failures] == ["definition"]
    assert "is not or leaves out" in failures[0].message
    assert says_what_it_is_not("The night shift doesn't count toward the weekly press total at all.")


def test_a_definition_that_also_says_what_x_is_not_passes() -> None:
    question = "What is the combined board?"
    for answer in (
        "The combined board is the one screen that lists every order of the week, not only the rush jobs. "
        "It refreshes each time a scanner records an order at the door.",
        "The combined board is not a report but a live screen listing every order of the week. "
        "It refreshes each time a scanner records an order at the door.",
    ):
        assert not check_answer(answer, question=question), answer
    assert says_what_it_is_not("A proof is not a print: it is a test sheet the client signs.") is None


# --- the foil of a contrast -------------------------------------------------------------------------------

_NOTE = [
    "The press kit ships with the stamp.dates helper.",
    "It adds the made_on and sent_on columns that most job tables carry.",
    "With the shop's database, those columns come out without a zone.",
    "I'd rather store the zone as well.",
    "We can get that by dropping the stamp.dates helper and instead declaring each column with stamp.col.",
]


def test_an_answer_the_section_then_turns_away_from_is_a_foil() -> None:
    answer = " ".join(_NOTE[:2])
    after = sentences_after(answer, _NOTE)
    assert after == _NOTE[2:]
    assert gives_foil(answer, after) == _NOTE[3]  # the writer's wish turns away first
    assert gives_foil(answer, [_NOTE[2], _NOTE[4]]) == _NOTE[4]  # the way leaves the named helper behind
    failures = check_foil(answer, after=after)
    assert [f.rule for f in failures] == ["foil"] and "foil" in RULES
    assert "turns away" in failures[0].message


def test_a_turn_right_after_the_answer_marks_it_a_foil() -> None:
    for turn in (
        "Instead, set the sheet size in the job card.",
        "But that gives you a proof in the wrong colours.",
        "However, this doesn't keep the margins.",
    ):
        assert gives_foil("Print a proof from the preview screen.", [turn]) == turn, turn


def test_the_way_itself_and_what_follows_a_way_are_no_foil() -> None:
    answer = " ".join(_NOTE[3:])
    assert gives_foil(answer, ["It costs one more line per column."]) is None
    assert gives_foil("Declare each column with stamp.col.", ["It is a little more typing than the helper."]) is None
    assert gives_foil("Use stamp.col for each column.", ["Unfortunately, the old presses reject it."]) is None
    assert check_foil(" ".join(_NOTE[:2]), after=_NOTE[2:], lang="it") == []
    assert sentences_after("A sentence the section never says.", _NOTE) == []


# --- code named but not shown -------------------------------------------------------------------------------

PROGRAM = """\
package main

import "opts"

func main() {
\tvar loud bool
\topts.Toggle(&loud, "loud", false, "print every step")
\topts.Read()
\trest := opts.Rest()
\tif loud {
\t\tprintln("starting", rest)
\t}
}
"""


def test_a_package_whose_functions_a_line_calls_is_quoted_with_the_call_under_it() -> None:
    said = ["opts"]
    assert answer_code._call_line(PROGRAM, said) == (
        1,
        'opts.Toggle(&loud, "loud", false, "print every step")\nopts.Read()\nrest := opts.Rest()',
    )
    assert answer_code._call_line('import "opts"\n', said) is None  # named, not called


def test_a_name_typed_after_a_prompt_is_read_in_any_case() -> None:
    session = "> list (verbose, shape yaml) jobs where size > 2;\n     JOBS\n----------\n"
    assert answer_code._call_line(session, ["YAML"]) == (1, "list (verbose, shape yaml) jobs where size > 2;")
    assert (
        answer_code._call_line("list jobs where shape = yaml\n", ["YAML"]) is None
    )  # no prompt: prose words stay prose


def test_a_colon_before_plain_words_is_no_inline_call() -> None:
    assert not answer_code._INLINE_CALL.search("To see it on the board, you should: add a goal named Ship.")
    assert answer_code._INLINE_CALL.search("Run one command: press sync --all.")
    assert answer_code._INLINE_CALL.search("Set it off: board.start({ live: false }).")


def test_the_block_goes_after_the_sentence_that_leads_to_it_not_one_from_after_it() -> None:
    blocks = [
        ("paragraph", "Send an event called Shipped each time a box leaves the dock."),
        ("code", "events.send('Shipped', { dock: 3 })"),
        ("list", "Add a goal called `Shipped` to see it on the board."),
    ]
    answer = "Send an event called Shipped each time a box leaves the dock. To see it on the board, you should: add a goal called Shipped."
    shown = answer_code.quote_named(answer, blocks, frozenset({"Shipped"}), says_how)
    assert shown.startswith("Send an event called Shipped each time a box leaves the dock:\n\n```\nevents.send(")
    assert shown.endswith("you should: add a goal called Shipped.")


# --- questions from heading shapes ---------------------------------------------------------------------------


def test_go_to_a_place_and_do_a_task_asks_the_task_there() -> None:
    assert (
        explain_heading(
            "Go to Trello and copy the board's mail address", topic="x", names=frozenset({"Trello"})
        ).question
        == "How do you copy the board's mail address in Trello?"
    )
    assert (
        explain_heading(
            "Head to the Billing page and change the card", topic="x", names=frozenset({"Billing"})
        ).question
        == "How do you change the card on the Billing page?"
    )
    assert explain_heading("Go to the press and back", topic="x").question != "How do you back in the press?"


def test_a_title_case_verb_before_a_name_is_an_order_and_common_plurals_lose_their_capital() -> None:
    names = frozenset({"Gradle"})
    assert (
        explain_heading("Cache Gradle Dependencies Across Pipelines", topic="CI notes", names=names).question
        == "How do you cache Gradle dependencies across pipelines?"
    )
    assert explain_heading("Marks across Vim sessions", topic="x", names=frozenset({"Vim"})).question == (
        "How do marks work across Vim sessions?"
    )


def test_a_scope_label_whose_first_word_the_section_uses_as_a_verb_is_an_order(tmp_path: Path) -> None:
    from aeoloop.amplify.questions import PageHeadings
    from conftest import load_one_page

    page = load_one_page(
        tmp_path,
        "# Build notes\n\n## Cache Gradle Dependencies Across Pipelines\n\nWith the cache step we can cache "
        "the downloaded gradle jars, so a second pipeline skips the download.\n\n## Marks Across Sessions\n\n"
        "Marks stay put when the editor is closed and opened again.\n",
        "build.md",
    )
    headings = PageHeadings(page)
    asked = [headings.explain(i, "Build notes").question for i in range(len(page.sections))]
    assert "How do you cache Gradle dependencies across pipelines?" in asked
    assert "How do marks work across sessions?" in asked


def test_a_numbered_step_that_uses_what_an_earlier_step_made_is_no_question(tmp_path: Path) -> None:
    from aeoloop.amplify.questions import PageHeadings
    from conftest import load_one_page

    page = load_one_page(
        tmp_path,
        "# Share a board\n\n## 1. Make a guest pass\n\nOpen the board menu and pick Guest pass.\n\n"
        "## 2. Build the frame snippet\n\nPaste the pass into the snippet form and press Build.\n\n"
        "## 3. Put the frame snippet on your site\n\nCopy it into the page where the board should show.\n",
        "share.md",
    )
    headings = PageHeadings(page)
    asked = {page.sections[i].heading: headings.explain(i, "boards") for i in range(len(page.sections))}
    assert asked["1. Make a guest pass"].question == "How do you make a guest pass?"
    assert asked["2. Build the frame snippet"].question == "How do you build the frame snippet?"
    last = asked["3. Put the frame snippet on your site"]
    assert last.question is None and last.shape == "later_step" and "2. Build the frame snippet" in (last.reason or "")


# --- the backend and a real build ----------------------------------------------------------------------------

NOTES = (
    """\
---
title: Shop notes
---

# Shop notes

Short notes about the tools of a small print shop, each one on its own so the next shift finds the
answer in one search. They stay short on purpose and name the command or the screen they are about.

## Add Zoned Columns With The Press Kit

The press kit ships with the `stamp.dates` helper. It adds the `made_on` and `sent_on` columns that
most job tables carry in every shop we know of.

With the shop's database, those columns come out without a zone offset of any kind.

I'd rather store the zone as well, since the shop ships to three time zones.

We can get that by dropping the `stamp.dates` helper and instead declaring each column with
`stamp.col`.

```ruby
stamp.col :made_on, :zoned
```

## Jump Between Empty Rows

Open the sheet viewer on a long job sheet that has some empty rows. Put the cursor in the middle of
the sheet and press `[` or `]` a few times. You'll see that the cursor hops from one empty row to the next.

Use `[` to hop to the empty row above the cursor. Use `]` to hop to the empty row below it.

## Read Switches From The Command Line

Though a tool can read its raw arguments from `os.Argv`, sorting them out by hand takes work. With
the built-in `opts` package, we can declare each switch the tool takes, by type. Once we read them,
they are kept apart from the rest of the arguments.

```go
"""
    + PROGRAM
    + """```
"""
)


def test_the_backend_drops_the_foil_quotes_the_calls_and_numbers_no_try_it_out(tmp_path: Path) -> None:
    art = extractive_artifacts(tmp_path, NOTES, "shop.md")
    faq = {qa.question: qa.answer for qa in art.faq}
    assert not any("zoned columns" in q.lower() for q in faq)  # the helper is the foil
    assert any("[foil]" in note for note in art.notes)
    switches = next(a for q, a in faq.items() if "switches" in q.lower())
    assert "opts.Toggle(&loud" in switches and "opts.Read()" in switches
    rows = next((a for q, a in faq.items() if "empty rows" in q.lower()), None)
    assert rows is None or "steps:" not in rows
    for question, answer in faq.items():
        assert not check_answer(answer, question=question), question


def test_a_mini_site_prints_the_quoted_calls_and_no_foil(make_site, build_site) -> None:
    from bs4 import BeautifulSoup
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"shop.md": NOTES})
    build_site(root)
    faq_md = (root / "generated" / "shop" / "faq.md").read_text(encoding="utf-8")
    assert "opts.Read()" in faq_md and "stamp.dates helper" not in faq_md
    html = (root / "site" / "shop" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    soup = BeautifulSoup(html, "lxml")
    item = next(i for i in soup.select(".aeoloop-faq-item") if "switches" in i.h3.get_text(" ").lower())
    assert "opts.Read()" in item.select_one("pre code").get_text()
    question = item.h3.get_text(" ").strip()
    assert "opts.Read()" in dict(faq_jsonld(html))[question]


# --- a link the answer drops ---------------------------------------------------------------------------------


def test_a_sentence_that_ends_on_a_link_word_here_leans() -> None:
    from aeoloop.quality.out_of_context import leaning_sentence

    text = (
        "Read depth is how far down a page people get, on average. You can see how we work it out here. It is a share."
    )
    assert leaning_sentence(text, "What is read depth?") == (1, "see how we work it out here.")
    assert leaning_sentence("Press logs are kept here on the shop server, not in the repo, for a year.", "x") is None


# --- that you must, and why; the asked act only as the setting ------------------------------------------------


def test_that_the_task_is_needed_and_what_for_is_not_how() -> None:
    from aeoloop.quality.answering import answers_how

    question = "How do you make a guest pass?"
    assert not answers_how("You need to make a guest pass to show the board on another site.", question)
    assert answers_how("You need to make a guest pass in the Sharing tab to show the board elsewhere.", question)
    assert answers_how("You need to make a guest pass by opening the board menu.", question)
    assert answers_how("You need to set the pass to private in the board menu.", "How do you set the pass?")


def test_the_asked_act_only_as_the_setting_of_another_way_is_not_how() -> None:
    from aeoloop.quality.answering import answers_how

    question = "How do you make a guest pass?"
    assert not answers_how("When making a new guest pass, you can limit it to one team.", question)
    assert not answers_how("After you make the pass, we mail it to your team.", question)
    assert answers_how("When making a guest pass, pick the team from the list first.", question)
