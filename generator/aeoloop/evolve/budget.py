"""Which pages a build regenerates, in which order, within the configured budget.

``aeoloop build`` with a non-deterministic backend (the LLM one) regenerates in plan order:

1. ``must``: new pages and pages whose content changed since their last generation, always,
   whatever the budget (they would be wrong otherwise);
2. then the highest-scoring pages (score > 0, not locked), *forced* to regenerate even though
   their inputs did not change, until ``max_pages`` pages or ``max_calls`` backend calls are
   reached (must pages count toward both);
3. every other page keeps its artifacts (``deferred``): the extractive backend is
   deterministic, so forcing it would rewrite identical files, and it never uses this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from ..produced import Schedule
from .current import current_plan
from .options import options_of

if TYPE_CHECKING:  # the plan (numpy, DuckDB) is imported only when a schedule is made
    from .plan import Plan


def schedule(
    plan: Plan, *, max_pages: int | None, max_calls: int | None, calls_per_page: int = 1, pages: list[str] | None = None
) -> Schedule:
    entries = [e for e in plan.entries if pages is None or e.page in pages]
    must = [e.page for e in entries if e.must]
    pages_used = len(must)
    calls_used = len(must) * calls_per_page
    forced: list[str] = []
    for e in entries:
        if e.must or e.locked or e.score <= 0:
            continue
        if max_pages is not None and pages_used + 1 > max_pages:
            break
        if max_calls is not None and calls_used + calls_per_page > max_calls:
            break
        forced.append(e.page)
        pages_used += 1
        calls_used += calls_per_page
    if max_pages is None and max_calls is None:
        forced = []  # no budget configured: regenerate only what changed (no surprise bills)
        calls_used = len(must) * calls_per_page
    chosen = set(must) | set(forced)
    rest = [e.page for e in entries if e.page not in chosen]
    known = {e.page for e in entries}
    extra = sorted(p for p in (pages or []) if p not in known)
    lost = {e.page: float(c.detail.get("lost", 0.0)) for e in entries if (c := e.components.get("citation_loss"))}
    return Schedule(
        must + forced + rest + extra,
        must,
        forced,
        rest,
        max_pages,
        max_calls,
        calls_used,
        plan.as_of if plan.has_data else None,
        lost,
    )


class Scheduled(Protocol):
    """What the plan needs of a backend (``aeoloop.backends.registry.Backend`` has both)."""

    deterministic: bool  # same inputs, same output: never forced to regenerate
    calls_per_page: int  # model calls one page costs


def for_build(project: Any, pages: list[Any], backend: Scheduled, max_calls: int | None = None) -> Schedule | None:
    """The schedule for ``aeoloop build``, or None for deterministic backends (extractive).

    ``max_calls`` is the run's one call budget (:class:`~aeoloop.backends.llm_options.CallBudget`),
    which the llm session also enforces, call by call.
    """
    if backend.deterministic:
        return None
    opts = options_of(project)
    plan = current_plan(project, pages)
    return schedule(
        plan,
        max_pages=opts.max_pages,
        max_calls=max_calls,
        calls_per_page=max(1, backend.calls_per_page),
        pages=[p.src_uri for p in pages],
    )
