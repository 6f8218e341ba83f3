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

if TYPE_CHECKING:
    from .budget import Schedule
    from .ingest import IngestSummary
    from .plan import Plan

__all__ = ["current_plan", "ingest_reports", "open_store", "page_index", "regeneration_schedule"]


def ingest_reports(project: Any) -> IngestSummary:
    """Ingest the files of ``reports/`` that are not in the store yet. Never raises for a bad
    report file: problems come back as diagnostics in the summary (the build goes on)."""
    from .ingest import IngestSummary, ingest_project
    from .options import options_of

    if not options_of(project).ingest_on_build:
        return IngestSummary()
    return ingest_project(project)


def page_index(project: Any, src_uris: list[str]) -> Any:
    from .normalize import PageIndex
    from .options import options_of

    return PageIndex(project.site_url, src_uris, options_of(project).host_aliases,
                     bool(project.config.get("use_directory_urls", True)))


def open_store(project: Any, *, read_only: bool = True) -> Any:
    """The project's store, or None when nothing was ever ingested."""
    from .ingest import store_path
    from .store import Store

    path = store_path(project)
    if read_only and not path.exists():
        return None
    return Store(path, read_only=read_only)


def current_plan(project: Any, pages: list[Any] | None = None) -> Plan:
    """The plan for ``pages`` (loaded :class:`~aeoloop.page.Page` objects; default: every page
    of the project, read cheaply)."""
    store = open_store(project)
    try:
        return plan_with_store(project, store, pages)[0]
    finally:
        if store is not None:
            store.close()


def plan_with_store(project: Any, store: Any, pages: list[Any] | None = None, as_of: Any = None) -> tuple[Plan, Any]:
    """(plan, page index) computed with an open store (or None)."""
    from concurrent.futures import ThreadPoolExecutor

    from . import pages as page_info
    from .options import options_of
    from .facts import gather
    from .plan import build_plan

    opts = options_of(project)
    entries = page_info.page_entries(project) if pages is None else None
    uris = [p.src_uri for p in pages] if pages is not None else [u for u, _ in entries or ()]
    index = page_index(project, uris)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # DuckDB runs the queries without the GIL while this thread reads the pages' files
        facts = pool.submit(gather, store, index, opts, as_of) if store is not None else None
        infos = page_info.from_pages(project, pages) if pages is not None else page_info.from_files(project, entries)
        if as_of is not None:  # a past date: page dates as they were then, never from its future
            from .history import as_known_at

            infos = as_known_at(project, infos, as_of)
        plan = build_plan(store, infos, index, opts, as_of=as_of, facts=facts.result() if facts is not None else None)
    return plan, index


def regeneration_schedule(project: Any, pages: list[Any], backend: Any, max_calls: int | None = None) -> Schedule | None:
    """Plan order and budget for ``backend``; None for a deterministic backend (extractive)."""
    from .budget import for_build

    return for_build(project, pages, backend, max_calls)
