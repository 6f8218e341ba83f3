"""The quality contract, rule by rule, on sentences seen in real documentation.

Negative cases are quoted from public corpora the contract was tuned on (Plausible's product
docs, Basecamp's handbook, jbranchaud/til); positive cases are the rewrites an editor would accept.
"""

from __future__ import annotations

import pytest

from aeoloop.artifacts import QA
from aeoloop.quality import (
    RULES,
    Limits,
    check_answer,
    check_artifacts,
    check_item,
    check_question,
    check_summary,
    check_takeaway,
)
from aeoloop.text import count_words, split_sentences


def rules(failures) -> set[str]:
    return {f.rule for f in failures}


LONG_TAIL = " It works the same way on every plan and needs no extra setup from the site owner at all."


# -- text ---------------------------------------------------------------------------------------


def test_sentences_keep_abbreviations_and_decimals() -> None:
    text = (
        "Plausible counts e.g. pageviews and events. A visit ends after 30.5 minutes. Dr. Who visits at 3 p.m. today!"
    )
    assert split_sentences(text) == [
        "Plausible counts e.g. pageviews and events.",
        "A visit ends after 30.5 minutes.",
        "Dr. Who visits at 3 p.m. today!",
    ]
    assert count_words("Don't count page-views twice") == 4


# -- questions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, heading, rule",
    [
        ("What is Funnel shows no data?", "Funnel shows no data", "question-shape"),
        ("What are a step shows zero conversions?", "A step shows zero conversions", "question-shape"),
        (
            "What are the Merge several compressor sensor feeds into one Fleetline maintenance board?",
            None,
            "question-shape",
        ),
        ("What is Import stats from Google Analytics?", "Import stats from Google Analytics", "question-shape"),
        ("What is how to import?", None, "question-shape"),
        ("Pricing?", None, "question-shape"),
        ("How do you filter bot traffic", None, "question-mark"),
        ("What is `useBaseUrl`?", None, "question-markup"),
        ("How do you use [custom events](custom-event-goals.md)?", None, "question-markup"),
        ("How much does it cost?", "Google Analytics import", "question-subject"),
        # forced from instruction and clause headings of Plausible's docs (generated before the contract)
        ("What is specify a custom location?", "3. Specify a custom location", "question-shape"),
        ("What is insert your Plausible Stats API key?", None, "question-shape"),
        ("What are invite team members and other collaborators?", None, "question-shape"),
        ("What are the exclude specific segments of traffic?", None, "question-shape"),
        ("What is Plugin token showing as invalid?", None, "question-shape"),
        ("How do update Stats API integrations work?", None, "question-shape"),
        ("What is limit to segment?", None, "question-shape"),
        # hand grading at 564ac14 (bench/RESULTS-quality.md): shapes the contract let through
        ("How do you'll receive the funds?", "How you'll receive the funds", "question-shape"),
        (
            "How do you pump seals wear out with use and skipping their checks can lead to flooded floors and lost shifts?",
            None,
            "question-shape",
        ),
        ("What are dynamically setting custom properties?", "Dynamically setting custom properties", "question-shape"),
        ("What is combining data for multiple pages?", None, "question-shape"),
        ("What are dynamically generating atoms?", None, "question-shape"),
        (
            "What keyboard support is available for accessibility Best Practices for Your Project?",
            "Keyboard support",
            "question-shape",
        ),
        # questions re-checked (2026-12-04): shapes the question rules now skip or rewrite
        ("Have you cleared your cache?", "Have you cleared your cache?", "question-shape"),
        ("Are you running an outdated build of the gateway agent?", None, "question-shape"),
        ("Do you have multiple Fleetline agents on the gateway?", None, "question-shape"),
        ("How do you get it?", "How to get it", "question-shape"),
        ("When should you use it?", "When to use it", "question-shape"),
        ("How do you block it using Shields?", "4. Block it using Shields", "question-shape"),
        ("What if you did it?", "You did it!", "question-shape"),
        (
            "Should your sensor now be paired and reporting?",
            "4. Your sensor should now be paired and reporting",
            "question-shape",
        ),
        ("What is leverage GitHub Copilot?", "Leverage GitHub Copilot", "question-shape"),
        ("What is treat security as a team effort?", "Treat security as a team effort", "question-shape"),
        ("What are reporting accessibility bugs?", "Reporting accessibility bugs", "question-shape"),
        ("Is community the ❤️ of open source?", "Community is the ❤️ of open source", "question-shape"),
        ("Who qualifies?", "Who qualifies", "question-shape"),
    ],
)
def test_question_failures(question: str, heading: str | None, rule: str) -> None:
    assert rule in rules(check_question(question, heading=heading)), question


@pytest.mark.parametrize(
    "question, heading",
    [
        ("Why does the funnel show no data?", "Funnel shows no data"),
        ("How do you import stats from Google Analytics?", "Import stats from Google Analytics"),
        ("What are unique visitors?", "Unique Visitors"),
        ("What is the bounce rate?", "Bounce Rate"),
        ("Is Plausible GDPR compliant?", None),
        ("In which plan are funnels available?", None),
        ("What's the difference between visits and visitors?", None),
        ("How do you exclude pages from tracking?", "Exclude pages from being tracked"),
        ("How does search work?", None),
        ("What is visit tracking?", None),
        ("What is the export format?", None),
        ("How do imports work?", None),
        # the fixed forms of the hand-graded shapes, and near misses that are fine
        ("How will you receive the funds?", "How you'll receive the funds"),
        ("When will you receive the funds?", "You'll receive the funds"),
        ("How do you dynamically set custom properties?", "Dynamically setting custom properties"),
        ("How do you combine data for multiple pages?", "Combining data for multiple pages"),
        ("What keyboard support is available?", "Keyboard support"),
        ("What is tracking code?", None),
        ("What is marketing automation?", None),
        ("How do you import data and how long does it take?", None),
        ("What is the difference between Plausible and Google Analytics?", None),
        ("Why doesn't the work order count add up to the total number of logged breakdowns?", None),
        ("What does Direct / None mean?", None),
        # re-checked shapes that are fine, and near misses of the new rules
        ("Do you have a free plan?", None),
        ("Are your servers in the EU?", None),
        ("Is predictive maintenance worth it?", None),
        ("How do you make it easy to report security issues?", None),
        ("How do you report accessibility bugs?", "Reporting accessibility bugs"),
        ("How do you leverage GitHub Copilot?", "Leverage GitHub Copilot"),
        ("What are testing tools?", None),
        ("What is monitoring software?", None),
        ("What is medical and family leave in New Jersey?", "New Jersey Medical and Family Leave"),
        ("What is the Fivetran connector?", "Fivetran connector"),
        ("Do you have to contribute code?", "You don't have to contribute code"),
    ],
)
def test_question_passes(question: str, heading: str | None) -> None:
    assert check_question(question, heading=heading) == []


def test_italian_questions_need_no_inversion() -> None:
    assert check_question("Il CMMS funziona offline?", lang="it") == []
    assert check_question("Quanto costa la manutenzione predittiva?", heading="Costi", lang="it") == []


def test_language_without_rules_checks_only_what_needs_no_words() -> None:
    assert check_question("Wie funktioniert das?", lang="de") == []
    assert rules(check_question("Wie funktioniert das", lang="de")) == {"question-mark"}


# -- standing alone --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "These alerts are part of Fleetline but are not switched on out of the box.",
        "This was by far the hardest thing to figure out.",
        "It counts every technician who has opened a work order in the last 10 minutes.",
        "The above recipe works fine for most Postgres versions.",
        "As mentioned, the script is under 1 KB and loads asynchronously.",
        "However, Plausible does not use cookies or other persistent identifiers.",
        "They are counted as separate visitors when they use a second device.",
        "The planner now has a different permission level.",
        "The contractor has now been taken off the chosen plant.",
    ],
)
def test_unseen_reference(text: str) -> None:
    assert "unseen-reference" in rules(check_item(text))


@pytest.mark.parametrize(
    "text",
    [
        "Run through the steps below to confirm whether it is bot traffic.",
        "Add the snippet shown above to the head of every page.",
        "Use the following settings in your Cloudflare dashboard.",
        "This page lists every metric in your Plausible dashboard.",
    ],
)
def test_page_position(text: str) -> None:
    assert "page-position" in rules(check_item(text))


@pytest.mark.parametrize(
    "text",
    [
        "There are three ways to import data into Plausible.",  # "There" is not a reference
        "Below 40% is excellent, and 40-60% is common for most sites.",  # a number, not a place
        "A stud transmits vibration up to 10 kHz and above, while a magnet may reach only 2 kHz.",
        "Steps 6 to 8 run over the following month while the baseline builds.",
        "Plausible is a lightweight, open-source web analytics tool that does not use cookies.",
    ],
)
def test_standalone_passes(text: str) -> None:
    assert check_item(text) == []


# -- complete -----------------------------------------------------------------------------------


def test_incomplete_announcement_and_colon() -> None:
    assert "incomplete" in rules(check_takeaway("We have 3 main ways for doing this."))
    assert "incomplete" in rules(check_takeaway("To import your stats, go through these steps in your dashboard:"))
    given = (
        "Plausible offers three ways to exclude traffic: a filter by IP, a browser extension and a localStorage flag."
    )
    assert "incomplete" not in rules(check_takeaway(given))
    recalled = "Rolling bearings, gears and couplings on critical assets fit all three conditions."
    assert "incomplete" not in rules(check_takeaway(recalled))


def test_fragments() -> None:
    assert "fragment" in rules(check_takeaway("work through these checks to tell whether it is sensor noise"))
    assert "fragment" in rules(check_takeaway("The share of planned time a machine spends making good parts."))
    assert "fragment" not in rules(
        check_takeaway(
            "Overall equipment effectiveness is the share of planned time a machine spends making good parts."
        )
    )


# -- answers ------------------------------------------------------------------------------------

UNIQUE = (
    "Overall equipment effectiveness is the share of planned time a machine spends making good parts. If it "
    "runs slowly or makes scrap, those minutes do not count."
)


def test_answer_passes_and_lengths() -> None:
    assert check_answer(UNIQUE, question="What is overall equipment effectiveness?") == []
    assert "answer-length" in rules(
        check_answer("Overall equipment effectiveness is a share.", question="What is overall equipment effectiveness?")
    )
    long = " ".join([UNIQUE] * 3)
    assert "answer-length" in rules(check_answer(long, question="What is overall equipment effectiveness?"))
    # the limits come from the options
    assert check_answer(long, question="What is overall equipment effectiveness?", limits=Limits(answer_max=120)) == []


def test_answer_off_topic_and_definition() -> None:
    other = (
        "Plausible is privacy-friendly, so it does not use cookies and other persistent identifiers on any of "
        "the sites that run its script."
    )
    assert "off-topic" in rules(check_answer(other, question="What is overall equipment effectiveness?"))
    fragment = (
        "The share of planned time a machine spends making good parts. If a machine runs slowly or makes "
        "scrap, overall equipment effectiveness leaves those minutes out."
    )
    assert {"definition", "fragment"} <= rules(
        check_answer(fragment, question="What is overall equipment effectiveness?")
    )
    session = (
        "A work order (also known as a job) is a set of tasks a technician carries out on one asset. A job starts "
        "when the planner releases it and ends when the last task is signed off."
    )
    assert check_answer(session, question="What are work orders (or jobs)?") == []


# -- summary, takeaways, page -----------------------------------------------------------------------


def test_summary_rules() -> None:
    weak = (
        "These are the metrics you'll see across your Acme Monitor console. They're sorted by kind so that "
        "you can see how each of them ties in with the others."
    )
    assert rules(check_summary(weak, title="Metrics definitions")) == {"unseen-reference", "summary-length"}
    good = (
        "Plausible's dashboard metrics fall into traffic, engagement and conversion groups. Unique visitors count "
        "people, visits count sessions that end after 30 minutes without action, and pageviews count page loads. "
        "Bounce rate, visit duration and conversion rate show how people engage and whether they reach your goals."
    )
    assert check_summary(good, title="Metrics definitions") == []
    assert "summary-off-title" in rules(check_summary(good, title="Basecamp holidays"))
    assert "summary-length" in rules(
        check_summary(good, title="Metrics definitions", limits=Limits(summary_min=10, summary_max=30))
    )


def test_takeaway_length() -> None:
    assert "takeaway-length" in rules(check_takeaway("Plausible is cookieless."))


def test_page_duplicates_are_labelled() -> None:
    summary = (
        "Overall equipment effectiveness is the share of planned time a machine spends making good parts. Availability is the part of planned time the machine actually runs, and quality "
        "is the part of its output that passes inspection the first time."
    )
    takeaways = ["Overall equipment effectiveness is the share of planned time a machine spends making good parts."]
    faq = [
        QA("What is overall equipment effectiveness?", UNIQUE),
        QA("What is overall equipment effectiveness?", UNIQUE),
    ]
    found = check_artifacts(summary=summary, takeaways=takeaways, faq=faq, title="Metrics", lang="en")
    dups = {f.unit for f in found if f.rule == "duplicate"}
    assert dups == {"takeaways[1]", "faq[1].answer", "faq[2].question", "faq[2].answer"}
    assert all(f.rule in RULES for f in found)


def test_every_rule_has_a_message() -> None:
    for rule, text in RULES.items():
        assert rule and text and not text.endswith(".")
