"""``aeoloop report``: write the loop dashboard (see :mod:`.dashboard`) as one HTML file.

Exit codes: 0 written (also with no data yet: the page says so); 2 a bad option or an output
path inside the site folder or ``content/`` (the dashboard is never published by accident).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import click

from .cli_shared import config_option, err_console, errors_to_exit, load_project


@click.command("report")
@config_option
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="HTML file to write (default: reports/dashboard.html; ingest skips it, the site never includes it).",
)
@click.option(
    "--backtest",
    "backtest",
    default=None,
    metavar="FROM..TO",
    help="Backtest these weekly plans (default: the last 8 weeks that can be scored).",
)
@click.option("--no-backtest", is_flag=True, help="Leave the backtest out (faster on large sites).")
@errors_to_exit
def report_command(config_file: Path | None, out: Path | None, backtest: str | None, no_backtest: bool) -> None:
    """Write the loop dashboard: one self-contained HTML file that opens offline.

    Citation share by engine over time, AI-crawler hits by purpose, AI-referred visits and key
    events, the plan with its reasons, anomalies, experiments with their posteriors, a backtest of
    the plan, loop velocity and content gaps. No script, nothing fetched; every ingested text escaped.
    """
    # lazy: the dashboard and the backtest load numpy, pydantic and the store (~320 modules, 0.5-1.3 s); `aeoloop --help` imports this module
    from .backtest import parse_range
    from .dashboard import gather, render

    if backtest is not None and no_backtest:
        raise click.UsageError("--backtest and --no-backtest exclude each other")
    choice: tuple[dt.date, dt.date] | bool = not no_backtest
    if backtest is not None:
        try:
            choice = parse_range(backtest)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--backtest") from None
    project = load_project(config_file)
    target = out if out is not None else Path(project.reports_dir) / "dashboard.html"
    for name, folder in (("site", Path(project.site_dir)), ("content", Path(project.docs_dir))):
        resolved = folder.resolve()
        if target.resolve().is_relative_to(resolved):
            raise click.BadParameter(
                f"{target} is inside {resolved.name}/ ({name}): the dashboard would be published; write it elsewhere",
                param_hint="--out",
            )
    started = time.perf_counter()
    data = gather(project, backtest=choice)
    html = render(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, target)
    try:
        shown = target.resolve().relative_to(Path(project.root).resolve()).as_posix()
    except ValueError:
        shown = str(target)
    what = "as of " + str(data.as_of) if data.has_data else "no reports ingested yet: the page says so"
    err_console.print(
        f"wrote {shown} ({len(html.encode('utf-8')) / 1024:,.0f} KB, {what}) in {time.perf_counter() - started:.1f}s; "
        "open it in a browser (it needs no network)",
        highlight=False,
    )
