"""The contract's "What is X?" test: the answer's first sentence must say what X is (predicate X).

Real pairs from hand grading round 2 (bench/RESULTS-quality.md): the good ones pass, the ones
graded weak or wrong because the answer never says what X is fail.
"""

from __future__ import annotations

import pytest

from aeoloop.backends.extractive_edits import label_definition
from aeoloop.quality import check_question
from aeoloop.quality.contract import _definition

DEFINES = [
    ("What are unique visitors?", "Unique Visitors are the number of people who visited your site."),
    ("What is Kandji?", "Kandji is how we make sure all work Mac laptops are securely configured."),
    ("What is the flexible spending account?", "The FSA is an account where you can set aside pre-tax money."),
    ("What is the retirement plan?", "Our retirement plan for US employees is with Vanguard."),
    ("What is Sentry?", "We track programming exceptions on Sentry."),
    (
        "What is employee profit sharing?",
        "37signals shares 10% of its annual company profits with employees, which is distributed in shares.",
    ),
    ("What is medical insurance?", "In the United States, medical insurance is provided through Blue Cross."),
]
DOES_NOT_DEFINE = [
    ("What are custom properties?", "You can define custom properties that apply across all sites, such as brand."),
    ("What is intent to add?", "Git commands like git diff and git add --patch are awesome, but they only work."),
    ("What is maintainer activity?", "Unresponsive maintainers become a bottleneck for open source projects."),
    ("What are tables?", "Use tables only for tabular data, not for layout."),
    ("What is dynamic content?", "When content updates without a page load, ensure assistive tech users are told."),
    ("What is the anatomy of an open source project?", "Every open source community is different."),
    (
        "What is a shorthand for rerunning failed tests with RSpec?",
        "After running a group of tests, you may find that you have a few failures.",
    ),
    ("What are data warehouse connectors?", "Use this when: you want to store Plausible data in a warehouse."),
]


@pytest.mark.parametrize(("question", "answer"), DEFINES)
def test_definition_passes_when_the_answer_says_what_x_is(question: str, answer: str) -> None:
    assert _definition(answer, question, "en") == []


@pytest.mark.parametrize(("question", "answer"), DOES_NOT_DEFINE)
def test_definition_fails_when_x_is_not_predicated(question: str, answer: str) -> None:
    assert [f.rule for f in _definition(answer, question, "en")] == ["definition"]


def test_list_questions_are_not_definitions() -> None:
    assert (
        _definition("A typical SaaS funnel might look like: pricing page.", "What are some funnel examples?", "en")
        == []
    )


def test_label_fragment_becomes_a_sentence() -> None:
    sentence = "Fivetran Plausible Connector: A Google Cloud Function based solution for ingesting Plausible data."
    assert label_definition(sentence, "Fivetran connector") == (
        "The Fivetran Plausible Connector is a Google Cloud Function based solution for ingesting Plausible data."
    )
    assert label_definition("Note: A restart is needed.", "Fivetran connector") is None
    assert label_definition("Airbyte: An open source platform.", "Fivetran connector") is None
    assert label_definition(sentence, None) is None


def test_label_questions_fail_the_question_shape() -> None:
    found = check_question("What is Scroll Depth percentage for your pages?", lang="en")
    assert [f.rule for f in found] == ["question-shape"]
    assert check_question("How do you track form submissions for your site?", lang="en") == []
