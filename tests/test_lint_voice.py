"""brand/voice.yml: schema, shorthand sections, languages, and the example brand end to end."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from aeoloop.express.guardrails import check_text
from aeoloop.express.lint import lint_paths, load_rules, project_rules
from aeoloop.project import Project

ROOT = Path(__file__).parent.parent


def _brand(tmp_path: Path, voice: str) -> Path:
    brand = tmp_path / "brand"
    brand.mkdir(parents=True, exist_ok=True)
    (brand / "voice.yml").write_text(textwrap.dedent(voice), encoding="utf-8")
    return brand


def _found(text: str, rules, lang: str = "en") -> list[tuple[str, str]]:
    return [(v.rule, v.match) for v in check_text(text, rules=rules, lang=lang)]


def test_example_content_passes_with_no_errors() -> None:
    project = Project.load(ROOT / "mkdocs.yml")
    report = lint_paths(project)
    assert not report.diagnostics, report.diagnostics
    assert report.files == 12 and report.words > 10_000
    assert report.errors == 0, [str(v) for v in report.violations if v.level == "error"]
    # few and real: long sentences and undefined acronyms only
    assert {v.rule for v in report.violations} <= {"Voice.SentenceLength", "Ridgeline.Acronyms"}
    assert len(report.violations) <= 25


def test_terminology_limits_and_disclaimers(tmp_path: Path) -> None:
    rules = project_rules(Project.load(ROOT / "mkdocs.yml"))
    text = (
        "Our revolutionary platform lets you leverage the data in your maintenance software! "
        "It pays back in 6 months. The ridgeline monitor is the best, fastest and easiest tool."
    )
    found = _found(text, rules)
    assert ("Voice.Banned", "revolutionary") in found
    assert ("Voice.PreferredTerms", "leverage") in found
    assert ("Voice.PreferredTerms", "maintenance software") in found
    assert ("Voice.Exclamation", "!") in found
    assert ("Voice.Disclaimer.Payback", "pays back in") in found
    assert ("Voice.ProductNames", "ridgeline monitor") in found  # glossary_case: glossary.yml names
    assert ("Voice.Superlatives", "easiest") in found  # the third of a max of 2
    suggestions = {v.match: v.suggestion for v in check_text(text, rules=rules)}
    assert suggestions["leverage"] == "use" and suggestions["ridgeline monitor"] == "Ridgeline Monitor"
    assert suggestions["maintenance software"] == "CMMS"
    # leverage as a noun is fine; a qualified payback claim is fine
    assert _found("Financial leverage matters. It typically pays back in 6 months.", rules) == []


def test_sentence_and_paragraph_length(tmp_path: Path) -> None:
    rules = load_rules(
        _brand(
            tmp_path,
            """
        limits:
          sentence: {max_words: 5, level: warning}
          paragraph: {max_words: 12, level: suggestion}
    """,
        ),
        tmp_path,
    )
    found = check_text(
        "One two three four five six. Short one.\n\nAa bb cc dd ee. Ff gg hh. Ii jj kk ll mm.\n", rules=rules
    )
    assert [(v.rule, v.level, v.match) for v in found] == [
        ("Voice.SentenceLength", "warning", "One two three four five six."),
        ("Voice.ParagraphLength", "suggestion", "Aa bb cc dd ee. Ff gg hh. Ii jj kk ll mm."),
    ]
    assert found[0].message == "Sentences should be at most 5 words; this one has 6. Split it."


def test_headings_use_glossary_names_as_exceptions(tmp_path: Path) -> None:
    project = Project.load(ROOT / "mkdocs.yml")
    rules = load_rules(ROOT / "brand", ROOT, project.brand.glossary)
    assert (
        _found("## How the Edge Gateway talks to Ridgeline Monitor\n\n## Spectrum analysis with the FFT\n", rules) == []
    )
    (v,) = check_text("## How To Set Alarm Thresholds\n", rules=rules)
    assert v.rule == "Voice.Headings" and v.suggestion == "How to set alarm thresholds"


def test_readability_follows_the_page_language(tmp_path: Path) -> None:
    rules = load_rules(
        _brand(
            tmp_path,
            """
        readability:
          en: {metric: flesch_reading_ease, min: 60, min_words: 5}
          it: {metric: gulpease_index, min: 60, min_words: 5}
    """,
        ),
        tmp_path,
    )
    hard_en = (
        "Organizational interdependencies necessitate comprehensive institutional reconsideration. "
        "Administrative modernization initiatives require interdepartmental coordination."
    )
    easy_en = "The cat sat on the mat. The dog ran to the park. We all went home."
    hard_it = (
        "L'interdipendenza organizzativa richiede una riconsiderazione istituzionale complessiva e approfondita "
        "delle metodologie operative attualmente utilizzate nelle amministrazioni pubbliche territoriali."
    )
    easy_it = "Il gatto dorme. Il cane corre. Noi andiamo a casa. Fa caldo oggi."
    assert [v.rule for v in check_text(hard_en, rules=rules, lang="en")] == ["Voice.Readability"]
    assert check_text(easy_en, rules=rules, lang="en") == []
    (v,) = check_text(hard_it, rules=rules, lang="it")
    assert v.rule == "Voice.Readability" and "Gulpease index" in v.message
    assert check_text(easy_it, rules=rules, lang="it") == []


def test_italian_page_end_to_end(make_site) -> None:
    root = make_site(
        {
            "it/pagina.md": "---\ntitle: Una pagina\nlang: it\n---\n\nQuesta soluzione rivoluzionaria crea sinergia.\n",
            "en.md": "---\ntitle: A page\n---\n\nThis revolutionary tool creates synergy.\n",
        }
    )
    (root / "brand" / "voice.yml").write_text(
        textwrap.dedent("""
        terminology:
          banned:
            - {term: rivoluzionaria, lang: it, level: error}
            - {term: revolutionary, lang: en, level: error}
    """),
        encoding="utf-8",
    )
    report = lint_paths(Project.load(root / "mkdocs.yml"))
    assert [(v.file, v.match) for v in report.violations] == [
        ("content/en.md", "revolutionary"),
        ("content/it/pagina.md", "rivoluzionaria"),
    ]


def test_overrides_change_levels_or_turn_rules_off(tmp_path: Path) -> None:
    brand = _brand(
        tmp_path,
        """
        terminology:
          banned: [{term: synergy, level: error}, {term: leverage, level: error}]
        overrides:
          Voice.Banned: suggestion
          Nope.Rule: off
    """,
    )
    rules = load_rules(brand, tmp_path)
    assert {v.level for v in check_text("synergy", rules=rules)} == {"suggestion"}
    assert [str(d) for d in rules.diagnostics] == [
        "brand/voice.yml:6: warning: `overrides` names `Nope.Rule`, which is not a loaded rule or style"
    ]
    brand = _brand(tmp_path, "terminology:\n  banned: [synergy]\noverrides: {Voice.Banned: 'off'}\n")
    assert check_text("synergy", rules=load_rules(brand, tmp_path)) == []


def test_tone_becomes_a_prompt() -> None:
    rules = load_rules(ROOT / "brand", ROOT)
    assert rules.voice is not None
    prompt = rules.voice.prompt()
    assert prompt.startswith("Voice: practical, precise, peer-to-peer, evidence-first.")
    assert "Never write like this" in prompt


@pytest.mark.parametrize(
    "voice,expected",
    [
        (
            "terminology:\n  prefered: []\n",
            "brand/voice.yml:2: error: `terminology.prefered`: unknown key; remove it or check its spelling",
        ),
        (
            "limits:\n  sentence: {max_words: zero}\n",
            "brand/voice.yml:2: error: `limits.sentence.max_words`: Input should be a valid integer",
        ),
        (
            "readability:\n  en: {metric: flesh, min: 30}\n",
            "brand/voice.yml:2: error: `readability.en.metric`: unknown metric 'flesh'",
        ),
        (
            "headings:\n  capitalization: Title\n",
            "brand/voice.yml:2: error: `headings.capitalization`: must be 'sentence', 'title', 'lower' or 'upper'",
        ),
    ],
)
def test_schema_errors_name_file_and_line(tmp_path: Path, voice: str, expected: str) -> None:
    rules = load_rules(_brand(tmp_path, voice), tmp_path)
    assert any(str(d).startswith(expected) for d in rules.errors), [str(d) for d in rules.diagnostics]


def test_entries_take_a_scope(tmp_path: Path) -> None:
    rules = load_rules(
        _brand(
            tmp_path,
            """
        terminology:
          banned:
            - {term: click here, scope: [heading, list]}
          preferred:
            - {term: sign in, replaces: [login], scope: heading}
    """,
        ),
        tmp_path,
    )
    text = "## Click here to start\n\nClick here to start. Use the login page.\n\n- click here\n\n## Login\n"
    assert [(v.rule, v.line) for v in check_text(text, rules=rules)] == [
        ("Voice.Banned", 1),
        ("Voice.Banned", 5),
        ("Voice.PreferredTerms", 7),
    ]
