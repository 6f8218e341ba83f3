"""The ``aeoloop`` command line. Maps engine errors to messages and exit codes.

Exit codes, on purpose (click's own ``ClickException`` would exit 1):
0 ok · 1 findings (verify/lint errors) · 2 usage, config or content errors.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.text import Text
from .termtable import table as table_of

from . import __version__
from .cli_options import ChannelName, config_option, jobs_option
from .errors import AeoloopError, Diagnostic

if TYPE_CHECKING:
    from .state import BuildState

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
# Material 9.7+ prints a banner about MkDocs 2 on every run; aeoloop prints its own summary.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

err_console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
out_console = Console(highlight=False, soft_wrap=True, markup=False)


def _print_diagnostics(diags: list[Diagnostic], *, min_level: str = "warning") -> None:
    order = {"info": 0, "warning": 1, "error": 2}
    for d in sorted(diags, key=lambda d: (d.file, d.line or 0)):
        if order.get(d.level, 2) >= order[min_level]:
            style = {"error": "red", "warning": "yellow"}.get(d.level, "dim")
            err_console.print(str(d), style=style)


class AeoloopGroup(click.Group):
    """Turns :class:`AeoloopError` into ``file:line: message`` lines and the right exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AeoloopError as err:
            err_console.print(Text.assemble(("error:", "bold red"), f" {err.message}"))
            _print_diagnostics(err.diagnostics, min_level="warning")
            ctx.exit(err.exit_code)
        except OSError as err:  # a full disk, a read-only or unreadable file: a message, not a traceback
            where = f"{err.filename}: " if err.filename else ""
            err_console.print(Text.assemble(("error:", "bold red"), f" {where}{err.strerror or err}"))
            ctx.exit(2)


def _load(config_file: Path | None):
    from .project import Project  # lazy: `aeoloop --help` must not load brand/page models (pydantic, markdown-it)

    return Project.load(config_file)


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    root = logging.getLogger("mkdocs")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.propagate = False


@click.group(cls=AeoloopGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aeoloop")
def main() -> None:
    """aeoloop: brand-checked Markdown in, an answer-engine-optimised site out.

    Typical use: `aeoloop build` in the project folder (CI runs the same), then publish site/.
    """


@main.command()
@config_option
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on MkDocs warnings and on any verify error, whatever plugins.aeoloop.verify says.",
)
@click.option("--force", is_flag=True, help="Regenerate every unlocked artifact even if its inputs are unchanged.")
@click.option("--no-verify", is_flag=True, help="Skip reading the built site back (faster local previews).")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Show MkDocs' own log and the generation notes (e.g. why a heading got no FAQ entry).",
)
@jobs_option
def build(
    config_file: Path | None, strict: bool, force: bool, no_verify: bool, verbose: bool, jobs: int | None
) -> None:
    """Generate artifacts, build the site with MkDocs, verify it, then publish to site/.

    A failed build leaves site/ and generated/ as they were.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .build import BuildState, execute  # lazy: the whole pipeline (MkDocs, every phase): seconds at start-up

    _setup_logging(verbose)
    project = _load(config_file)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as progress:
        tasks: dict[str, Any] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(step, total=total)
            progress.update(tasks[step], completed=done)

        state = BuildState(
            project, strict=strict, force=force, verify=not no_verify, progress=report, jobs=jobs, lean_render=True
        )
        try:
            execute(state)
        finally:  # every warning once, also when a later step fails (the error follows them)
            _print_diagnostics(state.diagnostics, min_level="info" if verbose else "warning")
    _print_summary(state)


def _print_summary(state: BuildState) -> None:
    project = state.project
    kept = sum(len(r.kept) for r in state.results.values())
    line = (
        f"built {len(state.pages)} pages into {project.site_dir.relative_to(project.root)}/ · "
        f"{state.regenerated} regenerated · {len(state.written)} files written to {project.settings.generated_dir}/"
    )
    if kept:
        line += f" · {kept} hand-edited or locked artifacts kept"
    if state.report is not None:
        scores = [s.score for s in state.report.scores]
        avg = sum(scores) / len(scores) if scores else 0
        line += f" · verify: {state.report.errors} errors, {state.report.warnings} warnings, AEO score {avg:.0f}/100"
    times = ", ".join(f"{k} {v:.2f}s" for k, v in state.timings.items())
    err_console.print(Text.assemble(("✓", "green"), f" {line} ({times})"))
    if state.evolve is not None and state.evolve.files:
        err_console.print(f"  {state.evolve.line()}", highlight=False)
    if state.schedule is not None:
        err_console.print(f"  {state.schedule.line()}", highlight=False)
    from .backends.llm_report import usage_line  # lazy: only after a build, which loaded it already

    usage = usage_line(state)
    if usage:
        err_console.print(usage, markup=False, highlight=False)


@main.command()
@config_option
@click.option(
    "--pages",
    "patterns",
    multiple=True,
    help="Only pages whose source path matches this glob (repeatable), e.g. 'guides/*'.",
)
@click.option(
    "--channels",
    "channels",
    multiple=True,
    type=ChannelName(),
    help="Only this channel derivative (repeatable): ai-answer, linkedin-post, linkedin-carousel, x-thread, "
    "short-video-script, newsletter, or a registered channel; default: every channel enabled in brand/channels.yml.",
)
@click.option("--force", is_flag=True, help="Regenerate unlocked artifacts even if inputs are unchanged.")
@click.option(
    "--max-calls",
    type=click.IntRange(min=0),
    default=None,
    help="At most N LLM calls in this run (retries count); what is left keeps its last good or extractive output.",
)
@click.option(
    "--budget-usd",
    type=click.FloatRange(min=0),
    default=None,
    help="At most this spend in this run, from litellm's price map (models without a price: use --max-calls).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what would be generated, with estimated tokens and cost; no LLM call, write nothing.",
)
@jobs_option
def generate(
    config_file: Path | None,
    patterns: tuple[str, ...],
    channels: tuple[str, ...],
    force: bool,
    max_calls: int | None,
    budget_usd: float | None,
    dry_run: bool,
    jobs: int | None,
) -> None:
    """Generate summaries, takeaways, FAQ, entities and channel derivatives into generated/ without building the site."""
    from fnmatch import fnmatch

    # lazy: the pipeline (MkDocs, every phase) costs seconds; `aeoloop --help` must not pay them
    from .backends.llm_report import generate_table, usage_line
    from .build import BuildState, prepare, session

    project = _load(config_file)
    state = BuildState(
        project,
        force=force,
        verify=False,  # no site to read back: the generate server judges nothing ahead for verify
        dry_run=dry_run,
        channels=list(channels) or None,
        max_calls=max_calls,
        budget_usd=budget_usd,
        jobs=jobs,
    )
    if patterns:
        selected = [(u, p) for u, p in project.page_paths() if any(fnmatch(u, pat) for pat in patterns)]
        if not selected:
            raise click.UsageError(f"no page matches {', '.join(patterns)}")
        state.only = selected
    with session(project, state.diagnostics):  # the build lock; finish what a killed build left first
        prepare(state)
        _print_diagnostics(state.diagnostics)
        assert state.store is not None
        out_console.print(generate_table(state), soft_wrap=False)
        usage = usage_line(state)
        if usage:
            err_console.print(usage, markup=False, highlight=False)
        if dry_run:
            err_console.print(f"dry run: {len(state.store.pending)} files would be written")
            return
        written = state.store.commit()
    err_console.print(
        Text.assemble(("✓", "green"), f" {state.regenerated} pages regenerated, {len(written)} files written")
    )


@main.command()
@config_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Built site to check (default: site_dir of mkdocs.yml).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--json-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the full report (findings and scores) as JSON here.",
)
def verify(config_file: Path | None, site_dir: Path | None, fmt: str, json_out: Path | None) -> None:
    """Read the built site back as a crawler would; exit 1 on errors. Prints AEO readiness scores."""
    from .verify import verify_site  # lazy: lxml and extruct, only for `aeoloop verify`

    project = _load(config_file)
    folder = site_dir or project.site_dir
    if not folder.is_dir():
        raise AeoloopError(f"{folder} does not exist; run `aeoloop build` first")
    from .quality import Limits  # lazy: the quality contract, only for `aeoloop verify`

    report = verify_site(
        folder,
        site_url=project.site_url,
        use_directory_urls=project.use_directory_urls,
        cache_path=project.cache_dir / "verify-cache.json",
        exclude=("*channels/*.html",),
        limits=Limits.from_settings(project.settings),
    )  # published channel derivatives are not site pages
    if json_out:
        json_out.write_text(report.to_json(), encoding="utf-8")
    if fmt == "json":
        click.echo(report.to_json())
    else:
        for f in report.findings:
            style = "red" if f.level == "error" else "yellow"
            out_console.print(f"{f.page}: {f.level}: [{f.check}] {f.message}", style=style)
        table = table_of("page", "AEO score", "fixes", whole={"page": [s.page for s in report.scores]})
        for s in sorted(report.scores, key=lambda s: (s.score, s.page)):
            table.add_row(s.page, str(s.score), "; ".join(s.fixes) or "-")
        out_console.print(table, soft_wrap=False)  # soft_wrap would let a table overrun the terminal
        out_console.print(f"{report.pages_checked} pages checked: {report.errors} errors, {report.warnings} warnings")
    if report.errors:
        sys.exit(1)


@main.command()
@config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Preview folder (default: temp).")
def serve(config_file: Path | None, dev_addr: str, site_dir: Path | None) -> None:
    """Preview the site with live reload; a saved page alone is regenerated and rendered again."""
    from .serve import serve as serve_site  # lazy: MkDocs' server and the whole pipeline; only `serve` needs them

    _setup_logging(False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    project = _load(config_file)
    if site_dir is not None and site_dir.resolve() == project.site_dir.resolve():
        raise click.UsageError(f"--site-dir {site_dir} is the published site folder; the preview needs its own")
    serve_site(project.config_file, dev_addr, site_dir=site_dir)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="Example Co", show_default=True, help="Organization and site name.")
@click.option(
    "--url",
    "site_url",
    default="https://www.example.com/",
    show_default=True,
    help="Absolute site URL (canonical URLs need it).",
)
def new(directory: Path, name: str, site_url: str) -> None:
    """Create a new aeoloop site in DIRECTORY: mkdocs.yml, brand/, content/, generated/, reports/."""
    from .scaffold import create_site  # lazy: jinja2, only for `aeoloop new`

    created = create_site(directory, name=name, site_url=site_url)
    for path in created:
        out_console.print(f"  created {path}")
    command = _own_command()
    out_console.print(
        f"Next: put your Markdown pages in {directory / 'content'}/ (existing docs can be copied as they are), then\n"
        f"  cd {directory} && {command} build\n"
        f"Preview with `{command} serve` (http://127.0.0.1:8000); {directory / 'site'}/ is what you publish "
        f"(browse it through a web server, e.g. `python3 -m http.server -d site`, not from disk)."
    )


def _own_command() -> str:
    """How to run aeoloop again: ``aeoloop`` when it is on PATH, else its full path (after
    ``make build`` it lives in the project's .venv/bin, which is not on PATH)."""
    import shutil

    if shutil.which("aeoloop"):
        return "aeoloop"
    script = Path(sys.executable).parent / "aeoloop"
    return str(script) if script.exists() else f"{sys.executable} -m aeoloop.cli"


from .express.commands import lint as _lint  # noqa: E402  (cheap: the engine loads only when lint runs)

main.add_command(_lint)

from .evolve.commands import COMMANDS as _EVOLVE  # noqa: E402  (DuckDB and numpy load only when a command runs)

for _command in _EVOLVE:
    main.add_command(_command)

from .evolve.experiment_cli import experiment_group as _experiment  # noqa: E402

main.add_command(_experiment)

from .evolve.briefs_cli import briefs_command as _briefs  # noqa: E402

main.add_command(_briefs)

from .evolve.report_cli import report_command as _report  # noqa: E402

main.add_command(_report)


if __name__ == "__main__":  # pragma: no cover
    main()
