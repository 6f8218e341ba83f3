"""`aeoloop lint`: output formats, exit codes, --min-level, --fix round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from aeoloop.cli import AeoloopGroup
from aeoloop.express.commands import lint

VOICE = """\
terminology:
  preferred:
    - {term: CMMS, replaces: [maintenance software]}
    - {term: use, patterns: ['leverage(?=\\s+the\\b)']}
  banned:
    - {term: synergy, level: error}
limits:
  exclamation_marks: {max: 0, level: error}
headings:
  capitalization: sentence
"""

PAGE = """\
---
title: Maintenance software guide
description: Why maintenance software matters.
keywords: [maintenance software]
---

# Why Maintenance Software Matters

We leverage the data in your maintenance software. Run `maintenance software --sync` and read
[maintenance software](https://example.com/maintenance-software) docs at
https://example.com/maintenance-software. It creates synergy!

```yaml
tool: maintenance software
```

<div>maintenance software</div>

- Maintenance
  software is wrapped here.
"""


@pytest.fixture
def cli() -> click.Group:
    @click.group(cls=AeoloopGroup)
    def main() -> None:
        pass

    main.add_command(lint)
    return main


@pytest.fixture
def site(make_site) -> Path:
    root = make_site({"guide.md": PAGE, "clean.md": "---\ntitle: Clean page\n---\n\nA clean page about the CMMS.\n"})
    (root / "brand" / "voice.yml").write_text(VOICE, encoding="utf-8")
    return root


def run(cli, site: Path, *args: str):
    return CliRunner().invoke(cli, ["lint", "-f", str(site / "mkdocs.yml"), *args], catch_exceptions=False)


LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+) (?P<level>suggestion|warning|error) (?P<rule>[\w.]+) (?P<msg>.+)$"
)


def test_text_format_and_exit_code(cli, site: Path) -> None:
    result = run(cli, site)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines and all(LINE.match(line) for line in lines), lines
    assert "content/guide.md:9:4 warning Voice.PreferredTerms Use 'use' instead of 'leverage'. (use)" in lines
    assert "content/guide.md:11:54 error Voice.Banned Avoid 'synergy'; it is not part of the brand voice." in lines
    assert (
        "content/guide.md:7:3 warning Voice.Headings Use sentence case in headings: 'Why Maintenance Software Matters'. (Why maintenance software matters)"
        in lines
    )
    assert "lint found 2 error(s) in 1 file(s)" in result.stderr
    # checked: title and description values, heading, prose, link text, a wrapped list item;
    # not checked: the keywords key/value, inline code, URLs and link destinations, code, HTML
    hits = [LINE.match(line) for line in lines if "PreferredTerms" in line and "CMMS" in line]
    assert [(m["line"], m["col"]) for m in hits] == [
        ("2", "8"),
        ("3", "18"),
        ("7", "7"),
        ("9", "30"),
        ("10", "2"),
        ("19", "3"),
    ]


def test_clean_files_exit_0_and_paths_select_files(cli, site: Path) -> None:
    result = run(cli, site, str(site / "content" / "clean.md"))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 file(s)" in result.stderr


def test_min_level_filters_output_not_the_exit_code(cli, site: Path) -> None:
    result = run(cli, site, "--min-level", "error")
    assert result.exit_code == 1
    assert {LINE.match(x)["level"] for x in result.stdout.splitlines() if x} == {"error"}


def test_json_format(cli, site: Path) -> None:
    result = run(cli, site, "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["errors"] == 2 and data["summary"]["files"] == 2
    v = data["violations"][0]
    assert set(v) >= {
        "rule",
        "level",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "span",
        "suggestion",
        "fixable",
    }


def test_github_format(cli, site: Path) -> None:
    result = run(cli, site, "--format", "github")
    lines = [x for x in result.stdout.splitlines() if x]
    pattern = re.compile(
        r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+(,endLine=\d+)?(,endColumn=\d+)?,title=[^:]+::.+$"
    )
    assert lines and all(pattern.match(x) for x in lines), lines
    assert (
        "::error file=content/guide.md,line=11,col=54,endLine=11,endColumn=61,title=Voice.Banned::Avoid 'synergy'; it is not part of the brand voice."
        in lines
    )


def test_github_escapes_properties_and_data() -> None:
    from aeoloop.express.formats import to_github
    from aeoloop.express.lint import LintReport
    from aeoloop.express.violations import Violation

    v = Violation("a,b:c.md", 1, 2, "R.x", "suggestion", "50% done\nnext", 1, 3, (0, 1))
    assert (
        to_github(LintReport(), [v])
        == "::notice file=a%2Cb%3Ac.md,line=1,col=2,endLine=1,endColumn=3,title=R.x::50%25 done%0Anext\n"
    )


def test_sarif_format_has_the_required_fields(cli, site: Path, tmp_path: Path) -> None:
    out = tmp_path / "lint.sarif"
    result = run(cli, site, "--format", "sarif", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = sarif["runs"]
    assert run_["tool"]["driver"]["name"] == "aeoloop"
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert run_["results"]
    for r in run_["results"]:
        assert r["ruleId"] in rule_ids and rule_ids[r["ruleIndex"]] == r["ruleId"]
        assert r["level"] in ("none", "note", "warning", "error")
        assert r["message"]["text"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].startswith("content/")
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    fixes = [r for r in run_["results"] if "fixes" in r]
    assert fixes and fixes[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] in (
        "use",
        "CMMS",
        "Use",
    )


def test_fix_round_trip(cli, site: Path) -> None:
    page = site / "content" / "guide.md"
    before = page.read_bytes()
    result = run(cli, site, "--fix", str(page))
    after = page.read_text(encoding="utf-8")
    expected = (
        before.decode()
        .replace("We leverage the data in your maintenance software.", "We use the data in your CMMS.")
        .replace("# Why Maintenance Software Matters", "# Why CMMS Matters")
        .replace("- Maintenance\n  software is wrapped", "- CMMS is wrapped")
    )
    assert after == expected
    # untouched: front matter, code, link text and destinations, URLs, HTML blocks
    assert "title: Maintenance software guide" in after and "`maintenance software --sync`" in after
    assert "[maintenance software](https://example.com/maintenance-software)" in after
    assert "tool: maintenance software" in after and "<div>maintenance software</div>" in after
    assert "4 fix(es) applied" in result.stderr
    assert "Voice.PreferredTerms Use 'use'" not in result.stdout
    # a second --fix changes nothing
    again = page.read_bytes()
    run(cli, site, "--fix", str(page))
    assert page.read_bytes() == again


def test_fix_keeps_crlf_bom_and_bytes_elsewhere(cli, site: Path) -> None:
    page = site / "content" / "crlf.md"
    text = "---\r\ntitle: Café\r\n---\r\n\r\nNaïve maintenance software here.\r\nAnd `maintenance software`.\r\n"
    page.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    run(cli, site, "--fix", str(page))
    expected = "\ufeff" + text.replace("Naïve maintenance software here.", "Naïve CMMS here.")
    assert page.read_bytes() == expected.encode("utf-8")


def test_pre_commit_hook_definition() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    ids = {h["id"]: h for h in hooks}
    assert ids["aeoloop-lint"]["entry"] == "aeoloop lint" and ids["aeoloop-lint"]["language"] == "python"
    assert "markdown" in ids["aeoloop-lint"]["types"]
    assert ids["aeoloop-lint-fix"]["entry"] == "aeoloop lint --fix"


def test_format_names_match_the_registry() -> None:
    from aeoloop.express.commands import FORMAT_NAMES
    from aeoloop.express.formats import FORMATS

    assert FORMAT_NAMES == tuple(FORMATS)


def test_importing_the_command_is_cheap() -> None:
    import subprocess
    import sys

    code = (
        "import sys, aeoloop.express.commands; print(sorted(m for m in sys.modules if m.startswith('aeoloop.express')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "aeoloop.express.lint" not in out and "aeoloop.express.rules" not in out
