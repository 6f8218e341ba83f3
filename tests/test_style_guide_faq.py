"""FAQ pairs on style-guide pages: bare-noun headings over lists of imperative rules (session 13).

An outside corpus of engineering style guides (graded by the lead, ``bench/RESULTS-quality.md``,
session 13) had "What are migrations?" answered with "Don't change a migration after …", "What is
UI?" with "Use server-rendered HTML … as a UI layer", "What is PGP?" with how people swap key
fingerprints, "How do conditional modifiers feel informal?" from a statement heading, and "How is
encryption handled in <publisher>?" answered with what encryption is. Fixtures in our own words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aeoloop.amplify.questions import PageHeadings, explain_heading
from aeoloop.backends.extractive_faq_fit import definition_asked
from aeoloop.quality import check_answer
from aeoloop.quality.contract_answers import _definition
from aeoloop.quality.defines import states_a_rule
from aeoloop.quality.whole_answer import Unit, main_line_before
from conftest import extractive_artifacts, load_one_page

RULES_ARE_NO_DEFINITION = [
    # a rule whose verb is outside the instruction table, X read as its subject
    ("What are fixtures?", "Keep each fixture file short. Sort fixture records by their primary key."),
    ("What are serializers?", "Order serializer fields: identifiers, plain attributes, then associations."),
    # a negative rule ("Don't …", "Never …") with X as its object
    ("What are branches?", "Don't rename a branch after teammates have pulled it if a new branch would do."),
    ("What are webhooks?", "Never retry webhooks without a delivery id that the receiver can check."),
    # a name in an instruction is not what the name is
    ("What is CLI?", "Prefer the CLI for repeatable chores over clicking through the console."),
    ("What is Sentry?", "Use Sentry to collect crash reports from every staging server."),
    # a name that only modifies the noun after it
    ("What is GPG?", "Teammates compare the fingerprint of their GPG key in person before they trust it."),
    ("What is API?", "Pin every API version in the client settings so that upgrades stay deliberate."),
]
STILL_DEFINES = [
    ("What are order numbers?", "Order numbers are unique within each store and never reused."),
    ("What are report views?", "Report views show weekly totals for every team in one table."),
    ("What is GPG?", "GPG is a free tool that signs and encrypts files with a pair of keys."),
    ("What is Sentry?", "We send every crash from the staging servers to Sentry and triage it weekly."),
    ("What are nightly builds?", "Nightly builds run the whole suite against the main branch before dawn."),
    ("What is logging?", "Logging is a trade-off between enough detail to debug and too much about users."),
]


@pytest.mark.parametrize(("question", "answer"), RULES_ARE_NO_DEFINITION)
def test_a_rule_does_not_define_its_heading(question: str, answer: str) -> None:
    assert [f.rule for f in _definition(answer, question, "en")] == ["definition"]


@pytest.mark.parametrize(("question", "answer"), STILL_DEFINES)
def test_a_statement_about_x_still_defines_it(question: str, answer: str) -> None:
    assert _definition(answer, question, "en") == []


def test_what_reads_as_a_rule() -> None:
    assert states_a_rule("Sort fixture records by their primary key.", ["fixtures"])
    assert states_a_rule("Do not squash commits that others have pulled.", ["commits"])
    assert not states_a_rule("Report views show weekly totals.", ["dashboards"])  # a verb follows: a statement
    assert not states_a_rule("Order numbers are unique.", ["order", "numbers"])  # X's own word opens it


def test_a_rules_section_under_a_bare_noun_heading_gets_no_definition_question(tmp_path: Path) -> None:
    """The whole path: the section's rules are no answer to "What are fixtures?", so the heading is
    left without an entry (and the build says why), while a defining section keeps its question."""
    art = extractive_artifacts(
        tmp_path,
        """---
title: Testing guide
---

# Testing guide

This guide collects the conventions our team follows when it writes and reviews automated tests.

## Fixtures

- Keep each fixture file short enough to read in one screen.
- Sort fixture records by their primary key so that diffs stay small.
- Don't share a fixture between unrelated test modules.

## Snapshots

A snapshot is a stored copy of a rendered output that a test compares the new output against. It
catches changes nobody meant to make, at the cost of reviewing every intended change by hand.
""",
        "page.md",
    )
    questions = [qa.question for qa in art.faq]
    assert "What are fixtures?" not in questions
    assert "What is a snapshot?" in questions or "What are snapshots?" in questions
    assert any("Fixtures" in note and "definition" in note for note in art.notes)


@pytest.mark.parametrize(
    "heading", ["Nested ternaries look cluttered", "Long callbacks feel fragile", "Inline styles seem harmless"]
)
def test_a_state_heading_is_not_asked_how(heading: str) -> None:
    found = explain_heading(heading, topic="Ruby")
    assert found.question is None and found.shape == "state"


def test_a_clause_with_an_action_verb_keeps_its_question() -> None:
    assert explain_heading("Funnel shows no data", topic="Acme").question == "Why does the funnel show no data?"
    assert explain_heading("The page seems slow", topic="Acme").question == "Why does the page seem slow?"


def test_a_handled_question_answered_with_a_definition_asks_for_the_definition() -> None:
    defined = "Key rotation is the practice of replacing a signing key on a fixed schedule. Old keys stay readable."
    assert definition_asked("How is key rotation handled in Acme?", defined) == "What is key rotation?"
    how = "We replace every signing key each quarter and keep the old ones readable for a month."
    assert definition_asked("How is key rotation handled in Acme?", how) is None
    assert definition_asked("How do you rotate keys?", defined) is None


def test_how_x_works_needs_x_named_whole() -> None:
    """ "How does two-step login work?" answered with why a password alone is weak shares only "login"."""
    weak = (
        "With a username and password anyone can log in as you whenever they like. A password reused on many "
        "sites is only as safe as the weakest of them, since one leak opens every account."
    )
    assert [f.rule for f in check_answer(weak, question="How does two-step login work?")] == ["off-topic"]
    named = (
        "Two-step login asks for a second proof after the password, such as a short code from an app on your "
        "phone, so a leaked password alone does not open the account."
    )
    assert check_answer(named, question="How does two-step login work?") == []
    by_initials = (
        "MFA adds a second proof to authentication after the password, such as a short code from an app on "
        "your phone, so a leaked password alone does not open the account."
    )
    assert check_answer(by_initials, question="How does multi-factor authentication work?") == []


def test_a_name_that_is_the_sentences_own_object_still_defines() -> None:
    """basecamp round 3, graded good: "What are All Hands?" with "… we hold an All Hands meeting." (our words)."""
    answer = "Once a quarter we hold a Town Hall meeting, where every team shows what it shipped and what comes next."
    assert _definition(answer, "What is Town Hall?", "en") == []


def _asked(tmp_path: Path, body: str) -> dict[str, str | None]:
    """Each heading's question, as the page's own headings are asked (no answer needed)."""
    page = load_one_page(tmp_path, f"---\ntitle: Team toolkit\n---\n\n# Team toolkit\n\n{body}", "page.md")
    headings = PageHeadings(page)
    return {s.heading or "": headings.explain(i, "Team toolkit").question for i, s in enumerate(page.sections)}


def test_a_bare_heading_phrase_takes_the_article_the_prose_always_gives_it(tmp_path: Path) -> None:
    """ "What is core stack?" from a "Core Stack" heading whose page says "our Core Stack", "the Core Stack"."""
    asked = _asked(
        tmp_path,
        """## Base Toolkit

Every new engineer on the team learns our Base Toolkit in the first month. The Base Toolkit is a short list
of languages, libraries and hosting choices that every project starts from.

## Set Up Laptop

Clone the setup script and run it. It installs what the laptop's owner needs for the Base Toolkit.
""",
    )
    assert asked["Base Toolkit"] == "What is the Base Toolkit?"
    assert asked["Set Up Laptop"] == "How do you set up the laptop?"


def test_a_phrase_the_prose_writes_bare_or_with_a_keeps_the_headings_form(tmp_path: Path) -> None:
    asked = _asked(
        tmp_path,
        """## Base Toolkit

New engineers learn Base Toolkit in the first month, as our Base Toolkit changes rarely.

## Set Up Laptop

Every engineer gets a laptop on the first day. Run the setup script on the laptop before anything else.
""",
    )
    assert asked["Base Toolkit"] == "What is Base Toolkit?"  # a name the page writes bare
    assert asked["Set Up Laptop"] == "How do you set up laptop?"


def test_how_x_works_may_name_what_x_does_or_its_short_name() -> None:
    """plausible, kept: "How does location reporting work?" answered by the lookup (no "reporting"),
    and "How does Single Sign-On (SSO) work?" answered with "SSO"; our words."""
    lookup = (
        "The app looks up the visitor's region from the address of each request in a local database, and the "
        "address itself is thrown away once the region is known."
    )
    assert check_answer(lookup, question="How does region reporting work?") == []
    short = (
        "Once SSO is set up for your team, people sign in through one shared login form, which hands them to "
        "your identity provider to confirm who they are."
    )
    assert check_answer(short, question="How does Single Sign-On (SSO) work?") == []


@pytest.mark.parametrize("question", ["How does Acme handle key rotation?", "How should you handle key rotation?"])
def test_every_handled_shape_answered_with_a_definition_asks_for_it(question: str) -> None:
    defined = "Key rotation is the practice of replacing a signing key on a fixed schedule. Old keys stay readable."
    assert definition_asked(question, defined) == "What is key rotation?"
    assert definition_asked("How should you handle access tokens?", "Access tokens are short-lived keys.") == (
        "What are access tokens?"
    )


def test_an_answer_past_the_recommended_way_leaves_out_the_main_line(tmp_path: Path) -> None:
    """ "How do you communicate an OTP?" answered with the riskier way, the safest one before it left out."""
    art = extractive_artifacts(
        tmp_path,
        """---
title: Sign-in codes
---

# Sign-in codes

This page says how our services send and check the short codes people type when they sign in.

## Sending a sign-in code

A code generator on the person's own phone is the safest simple option: the secret crosses the network
once, when it is first set up, and every code after that is made offline.

Sending each code by email from the server is weaker, since every sign-in opens a short window for an
attacker. If you can send it safely, such as over an encrypted email or a private messenger, that will shrink
the risk.
""",
        "page.md",
    )
    for qa in art.faq:
        assert not qa.answer.startswith("Sending each code by email"), qa


def test_the_recommended_way_is_the_sections_main_line() -> None:
    """An answer starting past "X is the safest simple option" leaves out the section's main line."""
    first = Unit(
        "paragraph",
        ("A code generator on the person's own phone is the safest simple option for most teams.",),
    )
    assert main_line_before([first]) == first.lines[0]
    plain = Unit("paragraph", ("A code generator runs on the person's own phone.",))
    assert main_line_before([plain]) is None
