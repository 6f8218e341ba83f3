"""Vale styles used as they are: style folders, vocabularies, unsupported features."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aeoloop.express.guardrails import check_text
from aeoloop.express.lint import load_rules
from aeoloop.express.vale import load_style_rules, load_vocabularies, vocab_rules

VALE = Path(__file__).parent / "fixtures" / "lint" / "vale"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def brand(tmp_path: Path) -> Path:
    """A brand/ folder with the Demo style and its vocabulary (no voice.yml)."""
    folder = tmp_path / "brand"
    shutil.copytree(VALE / "Demo", folder / "vale" / "Demo")
    shutil.copytree(VALE / "config", folder / "vale" / "config")
    return folder


def _by_rule(found):
    out: dict[str, list[str]] = {}
    for v in found:
        out.setdefault(v.rule, []).append(v.match)
    return out


def test_style_folder_is_applied_with_rule_ids_levels_and_messages(brand: Path) -> None:
    rules = load_rules(brand, brand.parent)
    names = {r.name for r in rules.rules}
    assert {
        "Demo.Weasel",
        "Demo.Terms",
        "Demo.Headings",
        "Demo.Length",
        "Demo.Passive",
        "Demo.Extra",
        "Vale.Terms",
        "Vale.Avoid",
    } <= names
    text = (
        "# Getting Started With Tools\n\nThis is clearly a web site with a check box. It was built quickly.\n\n"
        "We like github and Javascript. Our observability is quite good.\n"
    )
    found = check_text(text, rules=rules)
    got = _by_rule(found)
    assert got["Demo.Weasel"] == ["clearly"]  # 'quite' is accepted by the vocabulary
    assert got["Demo.Terms"] == ["web site", "check box"]
    assert got["Demo.Headings"] == ["Getting Started With Tools"]
    assert got["Demo.Passive"] == ["was built"]
    assert got["Vale.Terms"] == ["github", "Javascript"]  # accept.txt: exact spelling
    assert got["Vale.Avoid"] == ["Javascript"]  # reject.txt
    levels = {v.rule: v.level for v in found}
    assert levels["Demo.Terms"] == "error" and levels["Demo.Weasel"] == "warning" and levels["Vale.Avoid"] == "error"
    msg = next(v.message for v in found if v.rule == "Demo.Terms")
    assert msg == "Use 'website' instead of 'web site'."
    assert next(v.link for v in found if v.rule == "Demo.Weasel") == "https://vale.sh/docs/checks/existence"
    assert "Demo.Zero" in names and "Demo.Zero" not in got  # max: 0 is "not set" in Vale


def test_default_level_is_warning_and_default_scope_text(brand: Path) -> None:
    rules = load_rules(brand, brand.parent)
    length = next(r for r in rules.rules if r.name == "Demo.Length")
    extra = next(r for r in rules.rules if r.name == "Demo.Extra")
    assert length.level == "suggestion" and extra.scope == ("text",)
    passive = next(r for r in rules.rules if r.name == "Demo.Passive")
    assert passive.level == "suggestion"
    terms = next(r for r in rules.rules if r.name == "Demo.Terms")
    assert terms.scope == ("text",)
    assert next(r for r in rules.rules if r.name == "Demo.Weasel").level == "warning"


def test_unsupported_features_warn_with_file_name(brand: Path) -> None:
    rules = load_rules(brand, brand.parent)
    warnings = [str(d) for d in rules.diagnostics if d.level == "warning"]
    text = "\n".join(warnings)
    assert "brand/vale/Demo/Spelling.yml:1: warning: Demo.Spelling: `extends: spelling` is not supported" in text
    assert "brand/vale/Demo/Sequence.yml:1: warning: Demo.Sequence: `extends: sequence` is not supported" in text
    assert "brand/vale/Demo/Pos.yml:3: warning: Demo.Pos: `pos` (part-of-speech filtering) is not supported" in text
    assert "brand/vale/Demo/Extra.yml:5: warning: Demo.Extra: key `custom_key` is not supported" in text
    names = {r.name for r in rules.rules}
    assert "Demo.Spelling" not in names and "Demo.Pos" not in names and "Demo.Extra" in names
    assert not rules.errors


def test_vocabularies_load_as_vale_loads_them(tmp_path: Path) -> None:
    accepted, rejected, diags, files = load_vocabularies(VALE, tmp_path, None)
    assert accepted == ["GitHub", "JavaScript", "[Oo]bservability", "Very Large Array", "quite"]
    assert rejected == ["Javascript", r"github\.com/foo"]
    assert not diags
    rules = {r.name: r for r in vocab_rules(accepted, rejected, files, tmp_path)}
    # Vale.Terms holds the plain-word entries only; regex entries are exceptions, not terms
    assert set(rules["Vale.Terms"].groups.values()) == {"GitHub", "JavaScript", "Very Large Array", "quite"}
    found = check_text("Use Github, the very large array and Observability.", rules=list(rules.values()))
    assert [(v.rule, v.match, v.suggestion) for v in found] == [
        ("Vale.Terms", "Github", "GitHub"),
        ("Vale.Terms", "very large array", "Very Large Array"),
    ]


def test_vocab_false_disables_the_exceptions(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    shutil.copytree(VALE / "config", brand / "vale" / "config")
    (brand / "vale" / "S").mkdir(parents=True)
    (brand / "vale" / "S" / "Q.yml").write_text("extends: existence\nmessage: '%s'\nvocab: false\ntokens: [quite]\n")
    (brand / "vale" / "S" / "R.yml").write_text("extends: existence\nmessage: '%s'\ntokens: [quite]\n")
    rules = load_rules(brand, tmp_path)
    got = _by_rule(check_text("It is quite good.", rules=rules))
    assert got == {"S.Q": ["quite"]}


def test_one_bad_rule_never_hides_the_others(tmp_path: Path) -> None:
    rules, diags = load_style_rules(VALE, VALE, [])
    errors = sorted(str(d) for d in diags if d.level == "error")
    assert any(
        e.startswith("Broken/Regex.yml:5: error: Broken.Regex: invalid regular expression '(unclosed'") for e in errors
    ), errors
    assert any(e.startswith("Broken/Type.yml:1: error: Broken.Type: unknown rule type `existance`") for e in errors), (
        errors
    )
    assert any(e.startswith("Broken/Yaml.yml:2: error: invalid YAML") for e in errors), errors
    found = check_text("It is clearly fine.", rules=rules)
    assert [v.rule for v in found] == ["Demo.Weasel"]


def test_the_project_style_is_a_vale_style() -> None:
    """brand/vale/Ridgeline is plain Vale YAML; every rule loads with no warning."""
    rules = load_rules(ROOT / "brand", ROOT)
    assert not rules.diagnostics, rules.diagnostics
    style = {r.name for r in rules.rules if r.name.startswith("Ridgeline.")}
    assert style == {
        "Ridgeline.Acronyms",
        "Ridgeline.Hedging",
        "Ridgeline.Repetition",
        "Ridgeline.SentenceAverage",
        "Ridgeline.Spelling",
        "Ridgeline.TableHeaders",
        "Ridgeline.Units",
    }
    found = check_text(
        "We think the VT3 samples at 10 khz. We believe the the programme works. Our program too.",
        rules=rules,
        lang="en",
    )
    got = _by_rule(found)
    assert got["Ridgeline.Units"] == ["khz"]
    assert got["Ridgeline.Repetition"] == ["the the"]
    assert got["Ridgeline.Spelling"] == ["program"]
    assert got["Ridgeline.Hedging"] == ["We think", "We believe"]
    # the style is restricted to English pages in voice.yml (vale.languages)
    assert "Ridgeline.Units" not in _by_rule(check_text("A 10 khz.", rules=rules, lang="it"))


def test_go_regex_syntax_is_translated() -> None:
    from aeoloop.express.regexes import PatternError, compile_pattern

    assert compile_pattern(r"\p{Lu}\p{Ll}+").fullmatch("Élan")
    assert compile_pattern(r"[\p{L}\d]+").fullmatch("ab9ü")
    assert compile_pattern(r"[[:upper:]][[:digit:]]").fullmatch("A1")
    assert compile_pattern(r"(?<year>\d{4})").match("2026").group("year") == "2026"
    with pytest.raises(PatternError, match="ungreedy"):
        compile_pattern("(?U)a+")
    # the whole of Unicode, as in Go: scripts, and properties inside classes, negated too
    assert compile_pattern(r"\p{Greek}+").fullmatch("λόγος")
    assert compile_pattern(r"[\P{L}]+").fullmatch("12 !")
    assert compile_pattern(r"\p{L}+").fullmatch("Ärger")
    with pytest.raises(PatternError, match=r"unknown property"):
        compile_pattern(r"\p{Nonsense}")
    with pytest.raises(PatternError, match=r"inline flags \(\?i\) are only supported at the start"):
        compile_pattern(r"a(?i)b")


def test_a_vale_ini_is_reported_not_silently_ignored(brand: Path) -> None:
    (brand / "vale" / ".vale.ini").write_text("StylesPath = .\n[*]\nBasedOnStyles = Demo\n", encoding="utf-8")
    warnings = [str(d) for d in load_rules(brand, brand.parent).diagnostics if ".vale.ini" in d.file]
    assert warnings and warnings[0].startswith("brand/vale/.vale.ini: warning: is not read by aeoloop")
