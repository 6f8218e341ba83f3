"""The CLI as a user runs it: exit codes 0 ok / 1 findings / 2 usage, config or content errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aeoloop.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, root: Path, *args: str):
    return runner.invoke(main, [*args, "-f", str(root / "mkdocs.yml")] if args and args[0] != "new" else list(args))


def test_help_everywhere(runner):
    for cmd in ([], ["build"], ["generate"], ["verify"], ["serve"], ["new"]):
        result = runner.invoke(main, [*cmd, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


def test_build_then_verify_ok(runner, make_site):
    root = make_site()
    result = invoke(runner, root, "build")
    assert result.exit_code == 0, result.output
    assert "built 1 pages" in result.output
    result = invoke(runner, root, "verify", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["scores"][0]["page"] == "oee/index.html"


def test_content_error_exits_2_with_file_and_line(runner, make_site):
    root = make_site({"bad.md": "---\ntitle: ok\ndate: yesterday\n---\nBody.\n"})
    result = invoke(runner, root, "build")
    assert result.exit_code == 2, result.output
    assert "content/bad.md:3: error: front matter `date`" in result.output
    assert "Traceback" not in result.output


def test_config_error_exits_2(runner, make_site):
    root = make_site(config={"site_url": None})
    result = invoke(runner, root, "build")
    assert result.exit_code == 2
    assert "site_url is required" in result.output


def test_bad_plugin_option_exits_2(runner, make_site):
    root = make_site(options={"summary": {"min_words": 80, "max_words": 60}})
    result = invoke(runner, root, "generate")
    assert result.exit_code == 2
    assert "plugins.aeoloop.summary" in result.output


def test_verify_findings_exit_1(runner, make_site):
    root = make_site()
    assert invoke(runner, root, "build").exit_code == 0
    html = root / "site" / "oee" / "index.html"
    html.write_text(html.read_text().replace('"@context":', '"broken": 1,,"@context":'))
    result = invoke(runner, root, "verify")
    assert result.exit_code == 1, result.output
    assert "oee/index.html" in result.output


def test_generate_dry_run_writes_nothing(runner, make_site):
    root = make_site()
    result = invoke(runner, root, "generate", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would be written" in result.output
    assert not (root / "generated").exists()
    result = invoke(runner, root, "generate")
    assert result.exit_code == 0
    assert (root / "generated" / "oee" / "faq.md").is_file()


def test_new_site_builds(runner, tmp_path):
    target = tmp_path / "my-site"
    result = runner.invoke(main, ["new", str(target), "--name", "Zeta: Labs", "--url", "https://zeta.example"])
    assert result.exit_code == 0, result.output
    for rel in ("mkdocs.yml", "brand/brand.yml", "brand/glossary.yml", "content/index.md", "generated", "reports", ".gitignore"):
        assert (target / rel).exists(), rel
    result = runner.invoke(main, ["build", "-f", str(target / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert (target / "site" / "llms.txt").read_text().startswith("# Zeta: Labs\n")
    again = runner.invoke(main, ["new", str(target)])
    assert again.exit_code == 2 and "not empty" in again.output
