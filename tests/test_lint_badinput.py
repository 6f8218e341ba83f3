"""Bad input: every problem names its file and line, and one bad rule never hides the others."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from aeoloop.cli import AeoloopGroup
from aeoloop.express.commands import lint
from aeoloop.express.guardrails import check_text
from aeoloop.express.lint import load_rules


@pytest.fixture
def cli() -> click.Group:
    @click.group(cls=AeoloopGroup)
    def main() -> None:
        pass

    main.add_command(lint)
    return main


def _site(make_site, voice: str, pages: dict[str, str] | None = None) -> Path:
    root = make_site(pages or {"p.md": "---\ntitle: P\n---\n\nThis creates synergy and uses down time.\n"})
    (root / "brand" / "voice.yml").write_text(textwrap.dedent(voice), encoding="utf-8")
    return root


def _errors(root: Path) -> list[str]:
    return [str(d) for d in load_rules(root / "brand", root).errors]


def test_invalid_yaml_names_the_line(make_site) -> None:
    root = _site(make_site, "terminology:\n  banned: [synergy\nlimits: {}\n")
    (err,) = _errors(root)
    assert err.startswith("brand/voice.yml:2: error: invalid YAML"), err


def test_unknown_rule_type_names_the_line(make_site) -> None:
    root = _site(
        make_site,
        """\
        terminology:
          banned: [synergy]
        rules:
          - name: Good
            extends: existence
            message: "'%s'"
            tokens: [down time]
          - name: Bad
            extends: existance
            message: x
            tokens: [x]
    """,
    )
    assert _errors(root) == [
        "brand/voice.yml:9: error: Voice.Bad: unknown rule type `existance`; use one of: existence, "
        "substitution, occurrence, repetition, consistency, conditional, capitalization, readability, metric"
    ]
    rules = load_rules(root / "brand", root)
    assert [v.rule for v in check_text("synergy and down time", rules=rules)] == ["Voice.Banned", "Voice.Good"]


def test_broken_regex_names_file_line_and_pattern(make_site) -> None:
    root = _site(
        make_site,
        """\
        terminology:
          banned:
            - synergy
            - {pattern: 'leverag(e|ing', level: error}
          preferred:
            - {term: CMMS, patterns: ['maintenance [software']}
    """,
    )
    errors = sorted(_errors(root))
    assert errors[0].startswith("brand/voice.yml:4: error: Voice.Banned: invalid regular expression 'leverag(e|ing'"), (
        errors
    )
    assert errors[1].startswith(
        "brand/voice.yml:6: error: Voice.PreferredTerms: invalid regular expression 'maintenance [software'"
    ), errors
    rules = load_rules(root / "brand", root)
    assert [v.match for v in check_text("synergy", rules=rules)] == ["synergy"]


def test_missing_and_wrong_keys(make_site) -> None:
    root = _site(
        make_site,
        """\
        rules:
          - name: NoMessage
            extends: existence
            tokens: [x]
          - name: BadLevel
            extends: existence
            message: m
            level: fatal
            tokens: [x]
          - extends: existence
            message: m
    """,
    )
    errors = sorted(_errors(root))
    assert errors == [
        "brand/voice.yml:10: error: every entry of `rules` needs a `name` (letters, digits, - _ .): it becomes the rule id Voice.<name>",
        "brand/voice.yml:2: error: Voice.NoMessage: missing the required `message` key (the text shown for each finding)",
        "brand/voice.yml:8: error: Voice.BadLevel: `level` must be one of suggestion, warning, error, not 'fatal'",
    ]


def test_bad_rule_file_exits_2_after_printing_the_other_findings(cli, make_site) -> None:
    root = _site(make_site, "terminology:\n  banned: [{term: synergy, level: error}]\n")
    style = root / "brand" / "vale" / "House"
    style.mkdir(parents=True)
    (style / "Broken.yml").write_text("extends: existence\nmessage: x\ntokens:\n  - '(oops'\n", encoding="utf-8")
    (style / "Spelling.yml").write_text("extends: spelling\nmessage: x\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "-f", str(root / "mkdocs.yml")], catch_exceptions=False)
    assert result.exit_code == 2
    assert "content/p.md:5:14 error Voice.Banned" in result.stdout  # the other rules ran
    assert "brand/vale/House/Broken.yml:4: error: House.Broken: invalid regular expression '(oops'" in result.stderr
    assert (
        "brand/vale/House/Spelling.yml:1: warning: House.Spelling: `extends: spelling` is not supported"
        in result.stderr
    )


def test_non_utf8_page_is_an_error_with_line_and_the_others_are_still_checked(cli, make_site) -> None:
    root = _site(
        make_site,
        "terminology:\n  banned: [{term: synergy, level: warning}]\n",
        {
            "good.md": "---\ntitle: Good\n---\n\nNo synergy here.\n",
        },
    )
    (root / "content" / "bad.md").write_bytes(b"---\ntitle: Bad\n---\n\nCaf\xe9 latin-1 text.\n")
    result = CliRunner().invoke(cli, ["lint", "-f", str(root / "mkdocs.yml")], catch_exceptions=False)
    assert result.exit_code == 1
    assert "content/bad.md:5:4 error Aeoloop.Encoding byte 0xe9 is not valid UTF-8" in result.stdout
    assert "content/good.md:5:4 warning Voice.Banned" in result.stdout


def test_non_utf8_rule_and_vocabulary_files(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    (brand / "vale" / "S").mkdir(parents=True)
    (brand / "vale" / "S" / "R.yml").write_bytes(b"extends: existence\nmessage: '\xff'\ntokens: [x]\n")
    vocab = brand / "vale" / "config" / "vocabularies" / "V"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_bytes(b"Good\n(bad\n")
    errors = [str(d) for d in load_rules(brand, tmp_path).errors]
    assert "brand/vale/S/R.yml:2: error: byte 0xff is not valid UTF-8; save the file as UTF-8" in errors
    assert any(
        e.startswith("brand/vale/config/vocabularies/V/accept.txt:2: error: invalid regular expression '(bad'")
        for e in errors
    )


def test_a_rule_that_crashes_is_reported_and_skipped(make_site, monkeypatch) -> None:
    from aeoloop.express import rules as rules_mod
    from aeoloop.express.lint import lint_paths
    from aeoloop.project import Project

    root = _site(make_site, "terminology:\n  banned: [synergy]\nlimits:\n  sentence: {max_words: 3}\n")

    def boom(self, doc):
        raise RuntimeError("kaboom")
        yield  # pragma: no cover

    monkeypatch.setattr(rules_mod.Occurrence, "check", boom)
    report = lint_paths(Project.load(root / "mkdocs.yml"))
    assert [v.rule for v in report.violations] == ["Voice.Banned"]
    assert any(
        "Voice.SentenceLength failed on content/p.md: RuntimeError: kaboom" in d.message for d in report.diagnostics
    )


def test_voice_yml_must_be_a_mapping(make_site) -> None:
    root = _site(make_site, "- just\n- a list\n")
    assert _errors(root) == [
        "brand/voice.yml:1: error: voice.yml must be a mapping of sections (tone, terminology, limits, ...)"
    ]
