"""What the evolve commands share: the consoles, ``-f/--config-file``, error mapping, loading.

Used by :mod:`.commands`, :mod:`.ingest_cli`, :mod:`.experiment_cli`, :mod:`.briefs_cli` and
:mod:`.report_cli`. ``aeoloop --help`` imports it: it imports no part of the engine at its top.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any, Callable

import click
from rich.console import Console
from rich.text import Text

from ..errors import AeoloopError, Diagnostic

err_console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
out_console = Console(highlight=False, soft_wrap=True, markup=False)

config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="mkdocs.yml of the project (default: found from the current folder upwards).",
)


def print_diagnostics(diags: list[Diagnostic]) -> None:
    for d in diags:
        style = {"error": "red", "warning": "yellow"}.get(d.level, "dim")
        err_console.print(str(d), style=style)


def errors_to_exit(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Map AeoloopError to its message and exit code even outside the aeoloop group."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AeoloopError as err:
            err_console.print(Text.assemble(("error:", "bold red"), f" {err.message}"))
            print_diagnostics(err.diagnostics)
            click.get_current_context().exit(err.exit_code)

    return wrapper


def load_project(config_file: Path | None) -> Any:
    # lazy: the project model (pydantic, MkDocs' config: ~200 modules, 0.3-0.7 s); `aeoloop --help` imports this module
    from ..project import Project

    return Project.load(config_file)


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None
