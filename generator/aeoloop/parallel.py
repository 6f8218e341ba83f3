"""Per-page work on every core: a forked process pool that returns results in input order.

Why fork and indices: the work items (pages, channel jobs) and the objects that process them
(a backend with its loaded NLP pipeline, the brand rules, a channel guard) are already in the
parent's memory. Forked workers inherit them, so only an index goes to a worker and only the
result (artifacts, a rendered channel) comes back; nothing is rebuilt or re-imported per worker.

Determinism: each item is computed by the same function on the same inputs as in one process,
and results are collected in input order, so ``-j 1`` and ``-j N`` write the same bytes (tested
in ``tests/test_parallel.py``). Functions run here must not depend on what other items did
before them in the same process (caches of pure functions are fine).

Where fork is not available (or a pool cannot start: no semaphores in a sandbox), the work runs
in this process, one item after the other: slower, never different.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool costs more (fork, pickling results) than it saves.
MIN_ITEMS = 8


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int | None) -> int:
    """``None`` or ``0``: one worker per core; a positive number: that many."""
    if jobs is None or jobs <= 0:
        return default_jobs()
    return jobs


class _Task(Generic[T, R]):
    """What a forked worker runs: set in the parent just before the pool forks."""

    def __init__(self, fn: Callable[[T], R], items: Sequence[T]) -> None:
        self.fn, self.items = fn, items


_TASK: _Task | None = None  # type: ignore[type-arg]


def _run_chunk(bounds: tuple[int, int]) -> list[object]:
    assert _TASK is not None, "a worker forked without a task"
    start, end = bounds
    return [_TASK.fn(_TASK.items[i]) for i in range(start, end)]


def map_ordered(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """``[fn(x) for x in items]``, spread over ``jobs`` forked processes when that pays off.

    Items are cut into contiguous chunks (a few per worker, so a slow page does not leave a core
    idle at the end) and the results are concatenated in input order. An exception in ``fn``
    propagates as it would in one process.
    """
    global _TASK
    if jobs <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(x) for x in items]
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(items))
    size = max(1, -(-len(items) // (workers * 4)))
    chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    _TASK = _Task(fn, items)
    try:
        try:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        except (OSError, NotImplementedError):  # no semaphores or processes here: one process
            return [fn(x) for x in items]
        with pool:
            out: list[R] = []
            for part in pool.map(_run_chunk, chunks):
                out.extend(part)  # type: ignore[arg-type]
            return out
    finally:
        _TASK = None
