"""Two faults from hand grading round 5 (issue 8, session 6, `parts2`): an answer that opens "This
endpoint …" under a question naming the endpoint, and a procedure in paragraphs that opens with a
paragraph saying why the steps are needed.

All fixture prose is written for these tests (a made-up recipe app, "Ladle", and its HTTP API)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.backends.extractive_edits import name_from_question
from aeoloop.backends.extractive_steps import prose_procedure
from aeoloop.brand import load_brand
from aeoloop.page import load_page
from aeoloop.quality import check_answer
from aeoloop.quality.procedures import numbered_steps
from aeoloop.settings import Settings
from conftest import extractive_artifacts

ROOT = Path(__file__).parent.parent


def _faq(tmp_path: Path, text: str) -> tuple[dict[str, str], list[str]]:
    art = extractive_artifacts(tmp_path, text, "ladle.md")
    return {qa.question: qa.answer for qa in art.faq}, art.notes


# -- "This + noun" named by the question --------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "question", "expected"),
    [
        (
            "This endpoint lists every recipe saved by the signed-in cook.",
            "What does the GET /v2/recipes endpoint do?",
            "The GET /v2/recipes endpoint lists every recipe saved by the signed-in cook.",
        ),
        (
            "These toggles hide the nutrition panel from shared recipes.",
            "What do your pantry sharing toggles do?",
            "Your pantry sharing toggles hide the nutrition panel from shared recipes.",
        ),
    ],
)
def test_the_question_names_what_this_noun_stands_for(sentence: str, question: str, expected: str) -> None:
    assert name_from_question(sentence, question) == expected
    assert check_answer(sentence + " Results come back sorted by the date each recipe was saved.", question=question)
    assert not check_answer(
        expected + " Results come back sorted by the date each recipe was saved.", question=question
    )


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        # the question names no endpoint: "This endpoint" still points at text the reader cannot see
        ("This endpoint lists every recipe saved by the cook.", "How do you list saved recipes?"),
        # only the bare noun: "The endpoint lists …" says no more than "This endpoint"
        ("This endpoint lists every recipe saved by the cook.", "What does the endpoint return?"),
        # the question's "the … toggle" is no single noun phrase ("the pantry to a toggle")
        ("This toggle hides the panel.", "How do you add the pantry to a toggle?"),
        # number disagrees: "These toggles" and one toggle in the question
        ("These toggles hide the panel.", "What does the pantry toggle do?"),
        # not a "This + noun" opening at all
        ("This lets a cook share a recipe.", "What does the share recipe endpoint do?"),
    ],
)
def test_no_edit_when_the_question_does_not_name_it(sentence: str, question: str) -> None:
    assert name_from_question(sentence, question) is None


# -- a motivation paragraph before the steps ----------------------------------------------------

SHOPPING = [
    (0, ["Recipes you save are not added to a shopping list on their own.", "Ladle waits until you ask it to."]),
    (1, ["To build a shopping list, open the recipe from your cookbook.", "You should see its ingredients."]),
    (2, ["Click the **Add to list** button under the ingredients."]),
    (3, ["Select the list you want and press **Save**.", "The items appear on that list straight away."]),
]


def test_a_procedure_after_a_motivation_paragraph_is_numbered_without_it() -> None:
    found = prose_procedure(SHOPPING, max_words=120, lang="en")
    assert found is not None and (found.first, found.last) == (1, 3)
    assert found.answer == (
        "Three steps: 1) To build a shopping list, open the recipe from your cookbook. "
        "2) Click the **Add to list** button under the ingredients. "
        "3) Select the list you want and press **Save**."
    )
    assert numbered_steps(found.answer)
    assert "on their own" not in found.answer


@pytest.mark.parametrize(
    "paragraphs",
    [
        # a motivation and one paragraph of steps: the ordinary run covers it
        SHOPPING[:2],
        # the opening paragraph already tells the reader to do something: not a motivation
        [(0, ["Recipes are not listed on their own.", "You can also pin them."]), *SHOPPING[1:]],
        # a lead-in to a list or code is no motivation
        [(0, ["Lists are not built on their own:"]), *SHOPPING[1:]],
        # two paragraphs before the first step: not a short motivation
        [(0, ["Recipes you save stay private."]), (1, ["Nobody else sees them."]), *SHOPPING[2:]],
        # a long opening paragraph is an explanation, not a motivation
        [(0, ["One idea.", "Two ideas.", "Three ideas.", "Four ideas."]), *SHOPPING[1:]],
    ],
)
def test_not_a_procedure_after_a_motivation(paragraphs: list[tuple[int, list[str]]]) -> None:
    found = prose_procedure(paragraphs, max_words=120, lang="en")
    assert found is None or found.first == 0


PAGE = """\
---
title: Ladle shopping lists
---

Ladle keeps the recipes you cook most often in one cookbook, and turns any of them into a shopping list
when you are ready to shop, so you never stand in a supermarket aisle guessing what is missing.

## Build a shopping list from a recipe

Recipes you save are not added to a shopping list on their own. Ladle waits until you ask it to.

To build a shopping list, open the recipe from your cookbook. You should see its ingredients.

<div class="shot">
<img alt="The ingredients panel" src="/img/ingredients.png" />
</div>

Click the **Add to list** button under the ingredients.

Select the list you want and press **Save**. The items appear on that list straight away.

## GET /v2/recipes

This endpoint lists every recipe saved by the signed-in cook. Results come back sorted by the date each
recipe was saved, newest first.
"""


def test_the_faq_gives_the_whole_procedure_without_the_motivation(tmp_path: Path) -> None:
    faq, _ = _faq(tmp_path, PAGE)
    question = next(q for q in faq if "shopping list" in q)
    answer = faq[question]
    assert answer.startswith("Three steps: 1) To build a shopping list, open the recipe")
    assert "3) Select the list you want and press" in answer
    assert "on their own" not in answer
    assert check_answer(answer, question=question) == []


def test_a_procedure_after_its_motivation_too_long_to_give_whole_is_skipped(tmp_path: Path) -> None:
    settings = Settings()
    settings.faq.max_words = 12  # the procedure cap is twice that: under the three steps (27 words)
    path = tmp_path / "ladle.md"
    path.write_text(PAGE, encoding="utf-8")
    page, _ = load_page(path, "ladle.md")
    assert page is not None
    art = ExtractiveBackend(settings, load_brand(ROOT / "brand", ROOT)).generate(page)
    assert not any("shopping list" in qa.question for qa in art.faq)  # never the motivation and step 1 alone


def test_the_built_site_names_the_endpoint_and_lists_every_step(make_site, build_site) -> None:
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"ladle.md": PAGE})
    build_site(root)
    faq_md = (root / "generated" / "ladle" / "faq.md").read_text(encoding="utf-8")
    assert "The GET /v2/recipes endpoint lists every recipe saved by the signed-in cook." in faq_md
    assert "2) Click the **Add to list** button" in faq_md or "2) Click the Add to list button" in faq_md
    html = (root / "site" / "ladle" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)  # among others: the JSON-LD answer is the visible answer
    soup = BeautifulSoup(html, "lxml")
    item = next(i for i in soup.select(".aeoloop-faq-item") if "/v2/recipes" in i.h3.get_text(" "))
    visible = " ".join(item.select_one(".aeoloop-faq-answer").get_text(" ").split())
    assert visible.startswith("The GET /v2/recipes endpoint lists every recipe")
    answers = {" ".join(q.split()): " ".join(a.split()) for q, a in faq_jsonld(html)}
    assert any(a == visible for a in answers.values())


# -- a step that points back at what the reader "did above" -------------------------------------


def test_a_step_that_points_at_what_was_done_above_is_refused() -> None:
    question = "How do you build a shopping list?"
    answer = (
        "Two steps: 1) Open the recipe from your cookbook, just as you did above for the pantry. "
        "2) Click the Add to list button under the ingredients and press Save to build the shopping list."
    )
    assert "page-position" in {f.rule for f in check_answer(answer, question=question)}
    done = answer.replace("just as you did above for the pantry", "then scroll to the ingredients")
    assert "page-position" not in {f.rule for f in check_answer(done, question=question)}
