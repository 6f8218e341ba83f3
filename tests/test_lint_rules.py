"""Every rule type, positive and negative, from fixture files in tests/fixtures/lint/rules/.

Each fixture holds one or more YAML documents: ``rule`` (a Vale-shaped rule), optional
``dialect`` (vale | voice), ``fail`` cases (text + the exact source text of each expected
finding, optional suggestions/messages) and ``pass`` texts that must give no finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aeoloop.express.guardrails import check_text
from aeoloop.express.rules import RULE_TYPES, BuildContext, Origin, build_rule

FIXTURES = Path(__file__).parent / "fixtures" / "lint" / "rules"


def _cases() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(FIXTURES.glob("*.yml")):
        for i, doc in enumerate(yaml.safe_load_all(path.read_text(encoding="utf-8"))):
            out.append((f"{path.stem}-{i}", doc))
    return out


CASES = _cases()


def _rule(doc: dict):
    ctx = BuildContext(dialect=doc.get("dialect", "vale"))
    rule = build_rule("Test.Rule", doc["rule"], Origin("fixture.yml", 1), ctx)
    assert not ctx.warnings, ctx.warnings
    return rule


def test_every_rule_type_has_a_fixture() -> None:
    covered = {doc["rule"]["extends"] for _, doc in CASES}
    assert covered == set(RULE_TYPES), set(RULE_TYPES) - covered


@pytest.mark.parametrize("name,doc", CASES, ids=[c[0] for c in CASES])
def test_rule_finds_what_it_should(name: str, doc: dict) -> None:
    rule = _rule(doc)
    for case in doc["fail"]:
        text = case["text"]
        found = check_text(text, rules=[rule], lang="en")
        if "expect" in case:
            assert [text[v.span[0] : v.span[1]] for v in found] == case["expect"], found
        if "expect_count" in case:
            assert len(found) == case["expect_count"], found
        if "suggest" in case:
            assert [v.suggestion for v in found] == case["suggest"]
        if "messages" in case:
            assert [v.message for v in found] == case["messages"]
        for v in found:
            assert v.rule == "Test.Rule" and v.level == rule.level
            assert 1 <= v.line <= v.end_line and v.column >= 1


@pytest.mark.parametrize("name,doc", CASES, ids=[c[0] for c in CASES])
def test_rule_stays_quiet_when_it_should(name: str, doc: dict) -> None:
    rule = _rule(doc)
    for text in doc["pass"]:
        assert check_text(text, rules=[rule], lang="en") == [], text


def test_positions_point_into_the_source() -> None:
    rule = build_rule(
        "T.Sub",
        {"extends": "substitution", "message": "Use '%s' not '%s'.", "ignorecase": True, "swap": {"utilise": "use"}},
        Origin("x"),
        BuildContext(),
    )
    text = "---\ntitle: T\n---\n\nIntro line.\n\nWe **utilise** it.\n"
    from aeoloop.express.lint import lint_document
    from aeoloop.express.markup import parse_markdown

    (v,) = lint_document(parse_markdown(text, file="p.md"), [rule])
    assert (v.file, v.line, v.column, v.end_line, v.end_column) == ("p.md", 7, 6, 7, 13)
    assert text[v.span[0] : v.span[1]] == "utilise" and v.fixable and v.suggestion == "use"


def test_limit_caps_findings_per_file() -> None:
    rule = build_rule(
        "T.E", {"extends": "existence", "message": "x", "tokens": ["a"], "limit": 2}, Origin("x"), BuildContext()
    )
    assert len(check_text("a a a a.", rules=[rule])) == 2


def test_lang_restricts_a_rule() -> None:
    rule = build_rule(
        "T.E",
        {"extends": "existence", "message": "x", "tokens": ["bello"], "lang": "it"},
        Origin("x"),
        BuildContext(dialect="voice"),
    )
    assert check_text("bello", rules=[rule], lang="en") == []
    assert len(check_text("bello", rules=[rule], lang="it")) == 1


def test_textstats_match_textstat() -> None:
    """Our Flesch and Flesch-Kincaid are textstat's formulas with textstat's syllable counts."""
    import textstat

    from aeoloop.express.textstats import Stats

    text = (
        "The quick brown fox jumps over the lazy dog. Maintenance teams measure vibration every week. "
        "Predictive maintenance schedules repairs from measured condition."
    )
    s = Stats.of([text], 3, "en")
    assert s.flesch_reading_ease == pytest.approx(textstat.flesch_reading_ease(text), abs=0.01)
    assert s.flesch_kincaid_grade == pytest.approx(textstat.flesch_kincaid_grade(text), abs=0.01)
    it = "La manutenzione predittiva riduce i fermi. I sensori misurano le vibrazioni ogni giorno."
    stats_it = Stats.of([it], 2, "it")
    # Gulpease: 89 + (300 * sentences - 10 * letters) / words
    letters = sum(ch.isalpha() for ch in it)
    assert stats_it.gulpease_index == pytest.approx(89 + (300 * 2 - 10 * letters) / 13, abs=0.01)
