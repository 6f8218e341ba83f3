"""The ``aeoloop ingest`` command: citation and traffic reports into the evolve store.

Registered with the other evolve commands (:data:`aeoloop.evolve.commands.COMMANDS`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.text import Text

from ..termtable import table as table_of
from . import adapters, open_store
from .cli_shared import config_option, err_console, errors_to_exit, load_project, out_console, print_diagnostics


def _format_names() -> list[str]:
    return adapters.names()


# --- ingest -----------------------------------------------------------------------------------


@click.command("ingest")
@config_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_format_names()),
    default=None,
    help="Read every file as this format instead of detecting it.",
)
@click.option("--rebuild", is_flag=True, help="Empty the store, then ingest reports/ (and PATHS) again from scratch.")
@click.option("--list-formats", is_flag=True, help="List the report formats and how each is detected, then exit.")
@click.option(
    "--quarantine", "show_quarantine", is_flag=True, help="List every quarantined row (file:line: reason), then exit."
)
@errors_to_exit
def ingest_command(
    config_file: Path | None,
    paths: tuple[Path, ...],
    fmt: str | None,
    rebuild: bool,
    list_formats: bool,
    show_quarantine: bool,
) -> None:
    """Ingest citation and traffic reports (FILE or DIR…; default: reports/) into the evolve store.

    Formats are detected from each file's header or content (--list-formats). A file already
    ingested (same content) adds nothing; a later export of the same dates replaces the earlier
    one; unreadable rows are quarantined with file and line and the rest of the file loads.
    """
    # lazy: ingest loads the adapters' readers, the store and its writer (~30 modules, 80-140 ms); `aeoloop --help` imports this module
    from .ingest import ingest_project, reports_dir

    if list_formats:
        table = table_of("format", "kind", "what", "detected by")
        for a in adapters.all_adapters():
            table.add_row(a.name, a.kind, a.title, a.detection)
        out_console.print(table, soft_wrap=False)  # soft_wrap would let a table overrun the terminal
        return
    project = load_project(config_file)
    if show_quarantine:
        _show_quarantine(project)
        return
    targets = list(paths) or None
    outside: list[str] = []
    if rebuild:
        targets = [reports_dir(project), *paths] if reports_dir(project).is_dir() else list(paths)
        outside = _files_outside_reports(project)
    summary = ingest_project(project, targets, fmt=fmt, rebuild=rebuild)
    again = {f.display for f in summary.files}
    lost = [p for p in outside if p not in again]
    if lost:
        err_console.print(
            Text.assemble(
                ("note:", "yellow"),
                f" the store was rebuilt from reports/: {len(lost)} file(s) ingested from elsewhere "
                f"are no longer in it ({', '.join(lost[:3])}{'…' if len(lost) > 3 else ''}); ingest them again",
            )
        )
    for f in summary.files:
        if f.status == "ingested":
            first, *extra = f.detail()
            out_console.print(
                f"ingested  {f.display}  [{f.format}]  {first}"
                + (f" ({', '.join(extra)})" if extra else "")
                + f"  {f.seconds:.2f}s",
                markup=False,
            )
        elif f.status == "skipped":
            out_console.print(f"skipped   {f.display}  {f.message}", markup=False)
    print_diagnostics(summary.diagnostics())
    label = "ingest" if paths else "reports"
    err_console.print(summary.line(label), highlight=False)
    if summary.errors and not summary.ingested:
        click.get_current_context().exit(2)


def _files_outside_reports(project: Any) -> list[str]:
    from .ingest import reports_dir  # lazy: as in ingest_command

    store = open_store(project)
    if store is None:
        return []
    with store:
        paths = [r[0] for r in store.q("SELECT path FROM files ORDER BY seq")]
    reports = reports_dir(project).resolve()
    out = []
    for p in paths:
        full = (Path(project.root) / p).resolve()
        if not full.is_relative_to(reports):
            out.append(p)
    return out


def _show_quarantine(project: Any) -> None:
    store = open_store(project)
    if store is None:
        err_console.print("nothing ingested yet")
        return
    with store:
        rows = store.q("""SELECT f.path, q.line, q.reason FROM quarantine q JOIN files f USING (file_id)
                          ORDER BY f.path, q.line""")
    for path, line, reason in rows:
        click.echo(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")
    err_console.print(f"{len(rows)} quarantined rows")
