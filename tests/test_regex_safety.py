"""Regex safety: a catastrophic pattern in any placement of a Vale style, voice.yml or a
vocabulary never hangs lint or the build; it is stopped, skipped and reported once with its
rule file and line. Plus the literal analysis that spares regex runs (sound by construction,
checked with hypothesis against the real engine)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aeoloop.cli import main
from aeoloop.express.lint import lint_files, load_rules
from aeoloop.express.literals import first_words, phrases, required_literals

TRIGGER = "a" * 40 + "!"
EVIL = "(a|a)+$"  # backtracks exponentially on TRIGGER in the regex module too

# (file under brand/vale/Evil/, YAML text with {p} for the pattern): every place a pattern can sit
VALE_PLACEMENTS = {
    "Tokens.yml": "extends: existence\nmessage: '%s'\ntokens:\n  - ok\n  - '{p}'\n",
    "Raw.yml": "extends: existence\nmessage: '%s'\nraw:\n  - '{p}'\n",
    "Exceptions.yml": "extends: existence\nmessage: '%s'\nnonword: true\ntokens: ['a{{10,}}!']\nexceptions:\n  - '{p}'\n",
    "SwapKey.yml": "extends: substitution\nmessage: '%s %s'\nswap:\n  '{p}': b\n",
    "SwapValue.yml": "extends: substitution\nmessage: '%s %s'\nnonword: true\nswap:\n  'a{{10,}}!': '{p}'\n",
    "SwapExceptions.yml": "extends: substitution\nmessage: '%s %s'\nnonword: true\nswap:\n  'a{{10,}}!': b\nexceptions:\n  - '{p}'\n",
    "Occurrence.yml": "extends: occurrence\nmessage: '%s'\nmax: 3\ntoken: '{p}'\n",
    "Repetition.yml": "extends: repetition\nmessage: '%s'\ntokens:\n  - '{p}'\n",
    "Consistency.yml": "extends: consistency\nmessage: '%s'\nnonword: true\neither:\n  '{p}': '!'\n",
    "ConditionalFirst.yml": "extends: conditional\nmessage: '%s'\nfirst: '{p}'\nsecond: zzz\n",
    "ConditionalSecond.yml": "extends: conditional\nmessage: '%s'\nfirst: 'a+'\nsecond: '{p}'\n",
    "CapMatch.yml": "extends: capitalization\nmessage: '%s'\nmatch: '{p}'\n",
    "CapPrefix.yml": "extends: capitalization\nmessage: '%s'\nmatch: $title\nprefix: '{p}'\n",
    "CapExceptions.yml": "extends: capitalization\nmessage: '%s'\nmatch: $sentence\nexceptions:\n  - '{p}'\n",
}
VOICE = """\
terminology:
  preferred:
    - term: CMMS
      patterns: ['{p}']
  banned:
    - pattern: '{p}'
disclaimers:
  - name: Claim
    claim: '{p}'
    disclaimer: zzz
rules:
  - name: Own
    extends: existence
    message: '%s'
    tokens: ['{p}']
"""
PAGE = f"---\ntitle: Page\n---\n\n# {TRIGGER}x\n\n{TRIGGER}\n\n{TRIGGER} {TRIGGER}\n"


def _brand(root: Path, pattern: str, *, vocab: bool = True) -> Path:
    brand = root / "brand"
    style = brand / "vale" / "Evil"
    style.mkdir(parents=True)
    for name, body in VALE_PLACEMENTS.items():
        (style / name).write_text(body.format(p=pattern.replace("'", "''")), encoding="utf-8")
    (brand / "voice.yml").write_text(VOICE.format(p=pattern.replace("'", "''")), encoding="utf-8")
    if vocab:
        words = brand / "vale" / "config" / "vocabularies" / "Evil"
        words.mkdir(parents=True)
        (words / "accept.txt").write_text(f"# terms\nRidgeline\n{pattern}\n", encoding="utf-8")
        (words / "reject.txt").write_text(f"synergy\n{pattern}\n", encoding="utf-8")
    return brand


@pytest.fixture
def fast_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AEOLOOP_REGEX_TIMEOUT", "0.2")


def _line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def test_every_placement_is_stopped_and_reported_with_its_file_and_line(tmp_path: Path, fast_timeout: None) -> None:
    brand = _brand(tmp_path, EVIL)
    page = tmp_path / "content" / "p.md"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    rules = load_rules(brand, tmp_path)
    assert not rules.errors, rules.errors
    started = time.monotonic()
    report = lint_files([page, page], rules, tmp_path)  # twice: a skipped rule is reported once
    assert time.monotonic() - started < 120
    problems = [d for d in report.diagnostics if "ran longer than" in d.message]
    by_rule = {d.message.split(":", 1)[0]: d for d in problems}
    assert len(by_rule) == len(problems), "each rule is reported once"
    vale = {f"Evil.{name[:-4]}" for name in VALE_PLACEMENTS}
    assert vale <= set(by_rule), sorted(vale - set(by_rule))
    for name in vale:
        d = by_rule[name]
        path = brand / "vale" / "Evil" / f"{name.split('.')[1]}.yml"
        assert d.file == f"brand/vale/Evil/{path.name}"
        assert d.line == _line_of(path, EVIL), (name, d)
        assert EVIL in d.message and "p.md" in d.message
    voice = brand / "voice.yml"
    for name in ("Voice.PreferredTerms", "Voice.Banned", "Voice.Disclaimer.Claim", "Voice.Own"):
        d = by_rule[name]
        assert d.file == "brand/voice.yml" and d.line is not None
    assert by_rule["Voice.Own"].line == _line_of(voice, "tokens: ['")
    assert by_rule["Voice.Banned"].line == _line_of(voice, "- pattern:")
    # a rejected vocabulary entry is named with its own line
    assert by_rule["Vale.Avoid"].file.endswith("vocabularies/Evil/reject.txt") and by_rule["Vale.Avoid"].line == 2
    # the rules that did not hit the bad pattern still ran
    assert any(v.rule == "Evil.Tokens" for v in report.violations) or "Evil.Tokens" in by_rule


def test_an_accepted_vocabulary_entry_is_named_with_its_own_line(tmp_path: Path, fast_timeout: None) -> None:
    brand = tmp_path / "brand"
    style = brand / "vale" / "Evil"
    style.mkdir(parents=True)
    (style / "Loud.yml").write_text("extends: existence\nmessage: '%s'\ntokens: ['a{10,}!x']\n", encoding="utf-8")
    words = brand / "vale" / "config" / "vocabularies" / "Base"
    words.mkdir(parents=True)
    (words / "accept.txt").write_text("Ridgeline\nCMMS\n(a|a)+$\n", encoding="utf-8")
    page = tmp_path / "p.md"
    page.write_text(PAGE, encoding="utf-8")
    report = lint_files([page], load_rules(brand, tmp_path), tmp_path)
    (d,) = [d for d in report.diagnostics if d.message.startswith("Evil.Loud:")]
    assert (d.file, d.line) == ("brand/vale/config/vocabularies/Base/accept.txt", 3)


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+$", r"(a|a)+$", r"(a|aa)+$", r"(a*)*$", r"(\w+\s?)+$", r"([a-zA-Z]+)*$", r"(.*a){12}", r"(x+x+)+y"],
)
def test_classic_redos_patterns_never_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str) -> None:
    monkeypatch.setenv("AEOLOOP_REGEX_TIMEOUT", "0.05")
    brand = _brand(tmp_path, pattern, vocab=False)
    page = tmp_path / "p.md"
    body = "a" * 3000 + "!\n\n" + "x" * 3000 + "\n\n" + "word " * 600 + "!\n\n" + "ab" * 1500 + "\n"
    page.write_text("---\ntitle: Page\n---\n\n# " + "a" * 200 + "!\n\n" + body, encoding="utf-8")
    rules = load_rules(brand, tmp_path)
    started = time.monotonic()
    report = lint_files([page], rules, tmp_path)
    assert time.monotonic() - started < 120
    for d in report.diagnostics:
        assert d.file.startswith("brand/") and d.line, d


def test_lint_cli_reports_the_rule_and_the_build_goes_on(make_site, build_site, fast_timeout: None) -> None:
    root = make_site(
        {
            "p.md": f"---\ntitle: A page\ndescription: A page that trips a runaway pattern in the voice rules.\n---\n\n"
            f"Plain words first. {TRIGGER}\n"
        }
    )
    (root / "brand" / "voice.yml").write_text(
        "terminology:\n  banned:\n    - term: synergy\n    - pattern: '(a|a)+$'\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["lint", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 2, result.output
    assert "brand/voice.yml:4: error: Voice.Banned: pattern '(a|a)+$' ran longer than" in result.output
    state = build_site(root)
    warnings = [str(d) for d in state.diagnostics if "ran longer than" in d.message]
    assert warnings and warnings[0].startswith("brand/voice.yml:4: warning: Voice.Banned"), warnings
    assert (root / "site" / "p" / "index.html").is_file()


# -- the literal analysis: every answer must hold for every match the engine finds ------------

_atoms = st.sampled_from(
    [
        "a",
        "b",
        "ab",
        "c",
        " ",
        r"\s+",
        r"\s",
        ".",
        "[ab]",
        r"\w",
        r"\b",
        "^",
        "$",
        r"\.",
        "x?",
        "a+",
        "(?:a|bc)",
        "(a b)",
        "(?=a)",
        "(?!b)",
        "(?<=a)",
        "b{2}",
        "c{0,2}",
        r"\d",
        "(?i:Ab)",
        "(?:)",
    ]
)
_patterns = st.lists(_atoms, min_size=1, max_size=6).map("".join) | st.lists(
    st.lists(_atoms, min_size=1, max_size=3).map("".join), min_size=2, max_size=3
).map("|".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=_patterns, text=st.text(alphabet="abcxAB .\n1", max_size=40), ignorecase=st.booleans())
def test_literal_analysis_is_sound(pattern: str, text: str, ignorecase: bool) -> None:
    flags = regex.I if ignorecase else 0
    try:
        compiled = regex.compile(pattern, flags | regex.M)
    except regex.error:
        return
    lits = required_literals(pattern, flags)
    phr = phrases(pattern, flags)
    words = first_words(pattern, flags, bounded=True)
    low = text.lower()
    squashed = " ".join(low.split())
    for m in compiled.finditer(text):
        if m.end() == m.start():
            continue
        if lits is not None:
            assert any(lit in low for lit in lits), (pattern, text, lits)
        if phr is not None:
            assert any(p in squashed for p in phr), (pattern, text, phr)
    bounded = regex.compile(r"\b(?:" + pattern + r")\b", flags | regex.M)
    page_words = set(regex.findall(r"[^\W_]+", low))
    if words is not None and any(m.end() > m.start() for m in bounded.finditer(text)):
        assert words & page_words, (pattern, text, words)
