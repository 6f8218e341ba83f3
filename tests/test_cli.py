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
    for rel in (
        "mkdocs.yml",
        "brand/brand.yml",
        "brand/glossary.yml",
        "content/index.md",
        "generated",
        "reports",
        ".gitignore",
    ):
        assert (target / rel).exists(), rel
    result = runner.invoke(main, ["build", "-f", str(target / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert (target / "site" / "llms.txt").read_text().startswith("# Zeta: Labs\n")
    again = runner.invoke(main, ["new", str(target)])
    assert again.exit_code == 2 and "not empty" in again.output


def test_new_site_has_the_example_shape(runner, tmp_path, monkeypatch):
    """`aeoloop new` gives what the example project has: voice rules, channels, a Vale style."""
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # as after `make build`: the venv is not on PATH
    example = Path(__file__).parent.parent / "brand"
    target = tmp_path / "docs-site"
    result = runner.invoke(main, ["new", str(target), "--name", "Acme Co"])
    assert result.exit_code == 0, result.output
    for name in ("brand.yml", "glossary.yml", "audiences.yml", "voice.yml", "channels.yml"):
        assert (example / name).is_file() and (target / "brand" / name).is_file(), name
    assert list((target / "brand" / "vale").glob("*/*.yml")), "a starter Vale style"
    assert (target / "brand" / "vale" / "config" / "vocabularies" / "Brand" / "accept.txt").is_file()
    assert "aeoloop build" in result.output and "bin/aeoloop" in result.output  # the command as it is installed
    lint = runner.invoke(main, ["lint", "-f", str(target / "mkdocs.yml")])
    assert lint.exit_code == 0, lint.output
    from aeoloop.project import Project

    project = Project.load(target / "mkdocs.yml")
    from aeoloop.express.lint import project_rules

    rules = project_rules(project)
    assert not rules.errors and any(r.name.startswith("Brand.") for r in rules.rules), [r.name for r in rules.rules][:5]


def test_every_warning_printed_once(runner, make_site):
    page = (
        '---\ntitle: Warnings\nsidebar_position: 2\n---\n\n<Banner text="Hello" />\n\n'
        "A page with a React component that cannot be rendered, so the build warns about it once. "
        "The rest of the text is ordinary prose that explains what the page is about in enough words.\n"
    )
    root = make_site({"w.md": page})
    result = invoke(runner, root, "build")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "warning" in line.lower()]
    assert any("content/w.md:6: warning: MDX component <Banner>" in line for line in lines), result.output
    assert len(lines) == len(set(lines)), "\n".join(lines)
    assert not [line for line in lines if line.startswith("WARNING -  content/")]  # not again through MkDocs' log


def test_warnings_are_printed_when_the_build_fails(runner, make_site):
    page = (
        '---\ntitle: Broken\n---\n\n<Banner />\n\n<script type="application/ld+json">\n{"@type": "Thing",}\n</script>\n'
    )
    root = make_site({"b.md": page})
    result = invoke(runner, root, "build")
    assert result.exit_code == 2, result.output
    assert "content/b.md:8: error: the `application/ld+json` block is not valid JSON" in result.output


def test_verify_table_fits_80_columns(runner, make_site):
    from conftest import PAGE_OEE

    name = "guides/how-to-set-vibration-alarm-thresholds-on-pumps.md"
    root = make_site({name: PAGE_OEE})
    assert invoke(runner, root, "build").exit_code == 0
    result = runner.invoke(main, ["verify", "-f", str(root / "mkdocs.yml")], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    table = result.output.splitlines()[:-1]
    assert all(len(line) <= 80 for line in table), "\n".join(table)
    cut = table[0].index("AEO score")
    first_column = "".join(line[:cut].strip() for line in table[1:4])
    assert "how-to-set-vibration-alarm-thresholds-on-pumps/index.html" in first_column, table
