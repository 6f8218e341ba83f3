"""Evolve: ingest citation and traffic reports and decide what the next build regenerates.

The API the build uses (everything else is behind the ``ingest``, ``plan``, ``digest`` and
``metrics`` commands in :mod:`.commands`):

- :func:`ingest_reports` — ingest new files in ``reports/`` (cheap when nothing is new: no
  DuckDB import, just a ``stat`` per file);
- :func:`current_plan` — the ranked plan for the given pages;
- :func:`regeneration_schedule` — plan order and budget for a non-deterministic backend.

Modules: :mod:`.records` (common records), :mod:`.adapters` (one per report format, registered
by name), :mod:`.normalize` (URLs, engines, referrers, dates, IPs), :mod:`.store` (DuckDB; :mod:`.schema`,
:mod:`.writer`), :mod:`.ingest`, :mod:`.facts` (what the plan reads), :mod:`.plan` (scoring), :mod:`.anomalies`, :mod:`.digest`, :mod:`.metrics`,
:mod:`.budget`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .current import current_plan, open_store, page_index, plan_with_store

if TYPE_CHECKING:
    from .budget import Schedule, Scheduled
    from .ingest import IngestSummary

__all__ = ["current_plan", "ingest_reports", "open_store", "page_index", "plan_with_store", "regeneration_schedule"]


def ingest_reports(project: Any) -> IngestSummary:
    """Ingest the files of ``reports/`` that are not in the store yet. Never raises for a bad
    report file: problems come back as diagnostics in the summary (the build goes on)."""
    # lazy: report readers, the options model (pydantic: ~230 modules, 0.4-0.8 s); `aeoloop --help` imports this module
    from .ingest import IngestSummary, ingest_project
    from .options import options_of

    if not options_of(project).ingest_on_build:
        return IngestSummary()
    return ingest_project(project)


def regeneration_schedule(
    project: Any, pages: list[Any], backend: Scheduled, max_calls: int | None = None
) -> Schedule | None:
    """Plan order within the run's call budget (``max_calls``) for ``backend``; None for a deterministic backend (extractive)."""
    from .budget import for_build  # lazy: the plan (numpy, the store), only for a non-deterministic backend

    return for_build(project, pages, backend, max_calls)
