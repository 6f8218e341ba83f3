"""The contract's "What is X?" test: the answer's first sentence must say what X is (predicate X).

Real pairs from hand grading round 2 (bench/RESULTS-quality.md): the good ones pass, the ones
graded weak or wrong because the answer never says what X is fail.
"""

from __future__ import annotations

import pytest

from aeoloop.backends.extractive_edits import complete_definition, label_definition
from aeoloop.quality import check_question
from aeoloop.quality.contract_answers import _definition

DEFINES = [
    ("What are active sensors?", "Active Sensors are the number of sensors that reported a reading today."),
    ("What is Fleetdm?", "Fleetdm is how we check that every plant laptop is set up safely."),
    ("What is the tool allowance?", "The allowance is a yearly budget that you can spend on your own hand tools."),
    ("What is the pension plan?", "Our pension plan for plant staff is with a local co-op fund."),
    ("What is Sentry?", "We track programming exceptions on Sentry."),
    (
        "What is employee profit sharing?",
        "Northwind Mills shares 8% of its yearly profit with staff, which is paid out in equal parts.",
    ),
    ("What is medical insurance?", "In Canada, medical insurance is topped up through a group plan."),
    ("What are total shifts?", "A shift (also known as a rota slot) is a block of hours a technician works on site."),
    ("What is the rows field?", "Rows is an ordered list of readings. Each row holds: values."),
    ("What is the dimensions parameter?", "List of dimensions to group by. Dimensions are attributes of your dataset."),
    (
        "What is run time?",
        "Machines that stop right after a start count with a run time of 0 minutes. Average run time is the mean.",
    ),
    ("What are personal and crew notes?", "There are two kinds of notes: personal notes stay private."),
    ("What are floats in NumPy?", "NumPy has three kinds of floats. Or rather three widths of floats."),
    (
        "What are global bookmarks?",
        "Any bookmark named with a capital letter (that is, A-Z) is called a global bookmark.",
    ),
    (
        "What are overall vibration and ISO 20816 zones?",
        "Overall vibration is a single number, usually the RMS velocity.",
    ),
    ("What is a good OEE score?", "A frequently quoted benchmark for discrete manufacturing is 85% OEE."),
    ("What if I want to watch a different sensor type?", "You can also give your own list of sensor types to watch."),
]
DOES_NOT_DEFINE = [
    ("What are custom tags?", "You can define custom tags that apply across every plant, such as line number."),
    ("What is a staging hunk?", "Tools like hg diff and hg commit --interactive are handy, but they need history."),
    ("What is planner activity?", "Slow planners turn into a bottleneck for busy maintenance crews."),
    ("What are grids?", "Use grids only for readings in rows, not for page layout."),
    ("What is live data?", "When readings refresh without a reload, make sure screen reader users hear it."),
    ("What is the anatomy of an open source project?", "Every open source community is different."),
    (
        "What is a shorthand for rerunning failed tests with pytest?",
        "After a long test run, you may see that a handful of tests failed.",
    ),
    ("What are historian connectors?", "Use this when: you want to keep Acme Monitor readings in a historian."),
    ("What are the tag sources?", "The old SCADA system groups tag source under the origin column."),
    ("What are the SSO plants?", "The ownership of each plant you add must be confirmed with one of three checks."),
    (
        "What is monthly downtime from Line 2?",
        "To chart the downtime from Line 2 by month, you can use the history API.",
    ),
    ("What are contractor requirements?", "Set firm ground rules so contractors know what they owe: permits."),
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


def test_a_definition_without_its_subject_gets_the_heading() -> None:
    assert complete_definition("Measures how long a machine runs between two stops.", "Run length") == (
        "Run length measures how long a machine runs between two stops."
    )
    assert complete_definition("Measures how long a machine runs between two stops.", "Spindles") is None  # plural


def test_label_fragment_becomes_a_sentence() -> None:
    sentence = "Historian Bridge: A small Python service for copying Acme Monitor readings into a historian."
    assert label_definition(sentence, "Historian bridge") == (
        "The Historian Bridge is a small Python service for copying Acme Monitor readings into a historian."
    )
    assert label_definition("Note: A restart is needed.", "Historian bridge") is None
    assert label_definition("Telegraf: An open source agent.", "Historian bridge") is None
    assert label_definition(sentence, None) is None


def test_label_questions_fail_the_question_shape() -> None:
    found = check_question("What is Scroll Depth percentage for your pages?", lang="en")
    assert [f.rule for f in found] == ["question-shape"]
    assert check_question("How do you track form submissions for your site?", lang="en") == []
