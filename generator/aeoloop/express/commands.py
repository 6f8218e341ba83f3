"""The ``aeoloop lint`` command. Registered in cli.py with ``main.add_command(lint)``.

Exit codes: 0 no errors (warnings and suggestions allowed) · 1 errors found · 2 a rule file or
the project configuration is invalid (the findings of every rule that did load are still
printed first).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ConfigError, Diagnostic, FindingsError
from .violations import LEVELS

# The names of formats.FORMATS, here so that importing the command (every `aeoloop` run) stays
# cheap: the lint engine is imported only when `aeoloop lint` runs.
FORMAT_NAMES = ("text", "json", "github", "sarif")


def _print(diags: list[Diagnostic]) -> None:
    for d in sorted(diags, key=lambda d: (d.file, d.line or 0)):
        if d.level != "error":
            click.echo(str(d), err=True)


@click.command("lint")
@click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="mkdocs.yml of the project (default: found from the current folder upwards).",
)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default="text",
    show_default=True,
    help="text: file:line:col level rule message · json · github: workflow annotations · sarif: SARIF 2.1.0.",
)
@click.option(
    "--min-level",
    type=click.Choice(LEVELS),
    default="suggestion",
    show_default=True,
    help="Report only findings at this level or above (exit code still counts errors only).",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply substitutions in place (never in code, links or front matter), then report what is left.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file instead of standard output (e.g. results.sarif).",
)
def lint(
    config_file: Path | None, paths: tuple[Path, ...], fmt: str, min_level: str, fix: bool, output: Path | None
) -> None:
    """Check Markdown pages against the brand voice: brand/voice.yml and the Vale styles in brand/vale/.

    PATHS are files or folders (default: the docs_dir of mkdocs.yml). Exit 1 when errors are
    found, 2 when a rule file is invalid.
    """
    # lazy: the lint runner, its rule types and the project models (the test below keeps this cheap:
    # tests/test_lint_cli.py::test_importing_the_command_is_cheap); importing the command is every `aeoloop` run
    from ..project import Project
    from .fix import fix_file
    from .formats import FORMATS
    from .lint import lint_files, markdown_files, project_rules

    project = Project.load(config_file)
    ruleset = project_rules(project)
    files = markdown_files(list(paths) if paths else [project.docs_dir])
    if fix:
        fixed = 0
        for path in files:
            result = fix_file(path, ruleset, project.root, default_lang=project.language)
            if result.changed:
                fixed += len(result.applied)
                click.echo(f"fixed {len(result.applied)} in {result.path}", err=True)
        click.echo(f"{fixed} fix(es) applied", err=True)
    report = lint_files(files, ruleset, project.root, default_lang=project.language)
    shown = report.at_least(min_level)
    text = FORMATS[fmt](report, shown)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    elif text:
        click.echo(text, nl=False)
    _print(report.diagnostics)
    click.echo(report.summary(), err=True)
    errors = [d for d in report.diagnostics if d.level == "error"]
    if errors:
        raise ConfigError(
            f"{len(errors)} problem(s) in the rule files; the other rules ran and their findings are above", errors
        )
    if report.errors:
        raise FindingsError(
            f"lint found {report.errors} error(s) in {len({v.file for v in report.violations if v.level == 'error'})} file(s)"
        )
