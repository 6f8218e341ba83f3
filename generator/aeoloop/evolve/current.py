"""The plan as the build and the commands see it now: the store, the page index, the current plan.

Kept apart from the package's ``__init__`` so that :mod:`.budget` can use it without importing
its own package (no import cycle). The options model, the store and the plan (pydantic, numpy)
are imported inside the functions: ``aeoloop --help`` loads this module, and a build that never
plans does not pay for them (see :mod:`aeoloop.evolve`).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .plan import Plan


def page_index(project: Any, src_uris: list[str]) -> Any:
    # lazy: the options model (pydantic, the project: ~200 modules, 0.3-0.7 s); `aeoloop --help` imports this module
    from .normalize import PageIndex
    from .options import options_of

    return PageIndex(
        project.site_url,
        src_uris,
        options_of(project).host_aliases,
        project.use_directory_urls,
    )


def open_store(project: Any, *, read_only: bool = True) -> Any:
    """The project's store, or None when nothing was ever ingested."""
    # lazy: the store, its writer and the report readers (~30 modules, 80-140 ms); `aeoloop --help` imports this module
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
    gc_was_enabled = gc.isenabled()
    gc.disable()  # ~100k short-lived objects, no cycles: the cyclic collector would only re-scan the page list
    try:
        return _plan_with_store(project, store, pages, as_of)
    finally:
        if gc_was_enabled:
            gc.enable()


def _plan_with_store(project: Any, store: Any, pages: list[Any] | None, as_of: Any) -> tuple[Plan, Any]:
    from concurrent.futures import ThreadPoolExecutor

    # lazy: the plan and its facts (numpy, pydantic, the store: ~310 modules, 0.5-1.5 s); `aeoloop --help` imports this module
    from . import pages as page_info
    from .facts import gather
    from .options import options_of
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
            from .history import as_known_at  # lazy: the pages as of a past date (git), only for `--as-of`

            infos = as_known_at(project, infos, as_of)
        plan = build_plan(store, infos, index, opts, as_of=as_of, facts=facts.result() if facts is not None else None)
    return plan, index
