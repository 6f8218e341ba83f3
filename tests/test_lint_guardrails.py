"""Guardrails: the same rules on generated text (answers, summaries, takeaways, derivatives)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from aeoloop.express.guardrails import acceptable, check_artifacts, check_text, feedback, repair
from aeoloop.express.lint import load_rules, project_rules
from aeoloop.express.violations import Violation
from aeoloop.project import Project

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def rules():
    return project_rules(Project.load(ROOT / "mkdocs.yml"))


def test_generated_answer_returns_typed_violations(rules) -> None:
    answer = "Ridgeline monitor is a revolutionary tool that lets you leverage the data in your maintenance software!"
    found = check_text(answer, rules=rules, lang="en", scope="paragraph")
    assert all(isinstance(v, Violation) for v in found)
    by_rule = {v.rule: v for v in found}
    assert set(by_rule) >= {"Voice.ProductNames", "Voice.Banned", "Voice.PreferredTerms", "Voice.Exclamation"}
    v = by_rule["Voice.ProductNames"]
    assert (v.line, v.column, v.end_line, v.end_column, v.span) == (1, 1, 1, 18, (0, 17))
    assert answer[v.span[0] : v.span[1]] == "Ridgeline monitor" and v.suggestion == "Ridgeline Monitor"
    assert by_rule["Voice.Banned"].level == "error" and by_rule["Voice.Banned"].suggestion is None
    assert not acceptable(found) and acceptable(found, fail_on="error") is False
    assert acceptable([v for v in found if v.level != "error"])


def test_feedback_for_a_model(rules) -> None:
    found = check_text("We leverage the data. It is revolutionary.", rules=rules)
    text = feedback(found)
    assert (
        "- [warning] Voice.PreferredTerms at line 1, column 4 \"leverage\": Use 'use' instead of 'leverage'. Replace it with \"use\"."
        in text
    )
    assert '- [error] Voice.Banned at line 1, column 29 "revolutionary"' in text


def test_repair_applies_fixable_substitutions(rules) -> None:
    fixed, remaining = repair(
        "Leverage the data in your maintenance software. See `maintenance software`.", rules=rules
    )
    assert fixed == "Use the data in your CMMS. See `maintenance software`."
    assert remaining == []


def test_scopes(rules) -> None:
    # a heading: capitalization applies; a paragraph: not a heading, so no heading rule
    assert [v.rule for v in check_text("How To Build A Case", rules=rules, scope="heading")] == ["Voice.Headings"]
    assert check_text("How To Build A Case", rules=rules, scope="paragraph") == []
    # Markdown text: structure is parsed, code is skipped
    assert check_text("## Notes\n\nRun `synergy` now.\n", rules=rules) == []
    with pytest.raises(ValueError):
        check_text("x", rules=rules, scope="chapter")


def test_language_of_generated_text(rules) -> None:
    assert [v.rule for v in check_text("Una soluzione rivoluzionaria.", rules=rules, lang="it")] == ["Voice.Banned"]
    assert check_text("Una soluzione rivoluzionaria.", rules=rules, lang="en") == []


def test_artifacts_are_checked_in_their_file_formats(rules) -> None:
    from aeoloop.artifacts import QA, PageArtifacts

    art = PageArtifacts(
        summary="A clean summary about the CMMS.",
        takeaways=["First point.", "Second point with synergy."],
        faq=[QA("How Does It Work?", "It works. Really!")],
    )
    found = check_artifacts(art, rules=rules, lang="en", folder="generated/guides/x")
    got = [(v.file, v.line, v.rule) for v in found]
    assert ("generated/guides/x/takeaways.md", 2, "Voice.Banned") in got
    assert ("generated/guides/x/faq.md", 1, "Voice.Headings") in got
    assert ("generated/guides/x/faq.md", 3, "Voice.Exclamation") in got
    assert not any(f.endswith("summary.md") for f, _, _ in got)


def test_build_steps_lint_pages_and_guard_generated_text(make_site) -> None:
    from aeoloop.build import BuildState, step_generate, step_load
    from aeoloop.errors import FindingsError
    from aeoloop.express.buildsteps import step_guardrails, step_lint

    root = make_site()
    (root / "brand" / "voice.yml").write_text(
        textwrap.dedent("""
        terminology:
          preferred: [{term: downtime, replaces: [down time]}]
          banned: [{term: world class, level: warning}]
    """),
        encoding="utf-8",
    )
    state = BuildState(Project.load(root / "mkdocs.yml"))
    step_load(state)
    step_lint(state)
    page_diags = [d for d in state.diagnostics if d.file == "content/oee.md"]
    assert any("[Voice.Banned]" in d.message and d.level == "warning" and d.line for d in page_diags), page_diags
    step_generate(state)
    step_guardrails(state)
    gen = [d for d in state.diagnostics if d.file.startswith("generated/oee/")]
    assert gen and all(d.level in ("warning", "info") and d.message.startswith("generated text: [") for d in gen)
    # an error-level finding stops the build before anything is generated
    (root / "brand" / "voice.yml").write_text(
        "terminology:\n  banned: [{term: world class, level: error}]\n", encoding="utf-8"
    )
    state = BuildState(Project.load(root / "mkdocs.yml"))
    step_load(state)
    with pytest.raises(FindingsError) as err:
        step_lint(state)
    assert err.value.exit_code == 1 and err.value.diagnostics[0].file == "content/oee.md"


def test_rules_without_a_project() -> None:
    rules = load_rules(ROOT / "brand", ROOT)
    assert check_text("It creates synergy.", rules=rules.rules)[0].rule == "Voice.Banned"
