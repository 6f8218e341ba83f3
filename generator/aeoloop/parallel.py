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

import gc
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool costs more (fork, pickling results) than it saves.
MIN_ITEMS = 8

#: The most items a worker of :func:`map_ordered` takes at once. Why small: the last chunk runs
#: alone while the other cores wait (a cold build's generate at 300 pages, chunks of 38 pages: ~1 s
#: of one core idle at its end, as long again at the channels' end); a chunk is one message each
#: way, so 8 items cost nothing to send next to their work (10–30 ms an item).
MAX_CHUNK = 8


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


_TASK: _Task[Any, Any] | None = None  # one task at a time, of whatever types map() was given


def _run_chunk(bounds: tuple[int, int]) -> list[object]:
    assert _TASK is not None, "a worker forked without a task"
    start, end = bounds
    return [_TASK.fn(_TASK.items[i]) for i in range(start, end)]


def map_ordered(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """``[fn(x) for x in items]``, spread over ``jobs`` forked processes when that pays off.

    Items are cut into contiguous chunks (a few per worker and at most :data:`MAX_CHUNK` items, so
    the last chunk or a slow page does not leave a core idle at the end) and the results are
    concatenated in input order. An exception in ``fn`` propagates as it would in one process.
    """
    return list(iter_ordered(fn, items, jobs))


def iter_ordered(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """:func:`map_ordered`'s results one at a time, in input order, as the workers' chunks arrive.

    Why: a process that only passes the results on (the generate server, :func:`call_forked`)
    need not hold them all at once: the generate server held every page's artifacts before it
    sent the first (~15 MB at 300 pages, the largest process of a cold build)."""
    global _TASK
    if jobs <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        yield from (fn(x) for x in items)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(items))
    size = max(1, min(MAX_CHUNK, -(-len(items) // (workers * 4))))
    chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    _TASK = _Task(fn, items)
    try:
        try:
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_forked
            )
        except (OSError, NotImplementedError):  # no semaphores or processes here: one process
            yield from (fn(x) for x in items)
            return
        with pool:
            try:
                for part in pool.map(_run_chunk, chunks):
                    yield from part  # type: ignore[misc]
            except BaseException:  # an item failed (or this process is stopped): no chunk more
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        _TASK = None


class Pending(Generic[R]):
    """``[fn(x) for x in items]`` being computed in forked processes while this one goes on.

    :func:`start_ordered` forks the workers at once (they inherit the items and ``fn``); each
    computes one contiguous share and sends its results back through a pipe. :meth:`result`
    collects them in input order: the same list as in one process, whenever it is asked for.
    """

    def __init__(self, done: list[R] | None = None) -> None:
        self._done = done
        self._workers: list[tuple[Any, Any]] = []  # (process, receiving end of its pipe)
        self._group = False  # each process leads a process group (start_forked: its pool is in it)

    def result(self) -> list[R]:
        if self._done is None:
            out: list[R] = []
            failure: BaseException | None = None
            for process, conn in self._workers:
                while True:
                    try:
                        kind, value = conn.recv()  # before join: a full pipe would block the worker
                    except EOFError:  # it died: its exit code once it is reaped (the pipe may close first)
                        process.join()
                        kind, value = "error", f"a worker process exited with code {process.exitcode}"
                    if kind != "part":
                        break
                    out.extend(value)
                conn.close()
                process.join()
                if kind != "ok" and failure is None:
                    failure = value if isinstance(value, BaseException) else RuntimeError(value)
            self._workers = []
            if failure is not None:
                raise failure
            self._done = out
        return self._done

    def cancel(self) -> None:
        """Stop the workers (the build failed before it needed their results)."""
        for process, conn in self._workers:
            try:  # a server of start_forked leads a process group: the pool it started stops with it
                if self._group:
                    os.killpg(process.pid, signal.SIGKILL)
                else:
                    process.kill()
            except ProcessLookupError:  # not yet its own group (or gone)
                process.kill()
            process.join()
            conn.close()
        self._workers = []
        if self._done is None:
            self._done = []


#: Results a worker of :func:`start_ordered` sends in one message: the parent unpickles a share
#: a part at a time (a share of carousel PDFs in one message held ~7 MB twice, pickled and not).
PART = 16


def die_with_parent() -> None:
    """Ask the kernel to kill this forked process when the process that forked it dies (Linux).

    Why: a worker or server blocked on sending its results would otherwise wait forever when the
    build is killed (its own copy of the pipe's other end keeps the pipe open), and a server's pool
    workers wait for work that never comes. Elsewhere: nothing (the old behaviour)."""
    forked_by = multiprocessing.parent_process()
    parent = forked_by.pid if forked_by is not None else os.getppid()  # set at the fork
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: no such call
        return
    if os.getppid() != parent:  # the parent died before the call
        os._exit(1)


def _forked() -> None:
    """Set up a forked server or worker: :func:`die_with_parent`, and the heap it inherited frozen
    (``gc.freeze``: the collector's lists moved aside, no object touched).

    Why freeze: the cyclic collector's full passes walk every tracked object of the process, and a
    forked process inherits its parent's heap (spaCy's pipeline, the pages, the rule tables) and
    frees next to none of it. Generating 1,000 pages in one process, the full passes took 1.3 of
    ~24 CPU-s (300 pages: 0.25 of 7); with that heap frozen, 0.1. What the process makes itself is
    collected as before; a cycle among inherited objects that the process drops is not (it exits
    when its work is done)."""
    die_with_parent()
    gc.freeze()


def _share(fn: Callable[[T], R], items: Sequence[T], start: int, end: int, conn: Any) -> None:
    """A forked worker's part of :func:`start_ordered`: its results (in parts of :data:`PART`),
    or the exception it raised."""
    _forked()
    _send(([fn(items[i]) for i in range(at, min(at + PART, end))] for at in range(start, end, PART)), conn)


def _send(parts: Iterable[list[R]], conn: Any) -> None:
    """Send each part as it is made, then ``ok``; or the exception that making one raised."""
    try:
        for part in parts:
            conn.send(("part", part))
        conn.send(("ok", None))
    except BaseException as err:  # noqa: BLE001 - handed to the parent, which raises it
        try:
            conn.send(("error", err))
        except Exception:  # an exception that does not pickle: its text
            conn.send(("error", "".join(traceback.format_exception(err))))
    finally:
        conn.close()


def _call(fn: Callable[[], Iterable[R]], conn: Any) -> None:
    """The forked process of :func:`call_forked`: ``fn()``, sent back in parts of :data:`PART` as
    they are made (an iterator's results are never all held here)."""
    _forked()  # a build killed while this works must not leave it (and its pool) behind
    os.setpgrp()  # Pending.cancel stops this process and the pool it may start at once

    def parts() -> Iterator[list[R]]:  # fn() runs inside _send, which sends what it raises
        part: list[R] = []
        for item in fn():
            part.append(item)
            if len(part) == PART:
                yield part
                part = []
        if part:
            yield part

    _send(parts(), conn)


def call_forked(fn: Callable[[], Iterable[R]]) -> list[R]:
    """``list(fn())``, computed in a forked process and its results sent back (the same list;
    an iterator's as they come).

    Why: work that needs large modules this process never needs again (generate: spaCy's
    pipeline, the question and contract rules, lemminflect's tables: ~170 MB) runs in a child that
    loads them, forks its own workers from there (:func:`map_ordered` inside ``fn``: they inherit
    what it loaded) and exits; this process goes on to render without them, so a cold build's peak
    memory is the largest process, not their sum. Without fork the work is done here (the same
    results). ``fn`` must not change anything in this process that a later step reads: only its
    result comes back.
    """
    pending = start_forked(fn)
    try:
        return pending.result()
    except BaseException:
        pending.cancel()
        raise


def start_forked(fn: Callable[[], Iterable[R]]) -> Pending[R]:
    """Start ``fn()`` in a forked process and return at once: :func:`call_forked` whose result is
    asked for later (:meth:`Pending.result`), while this process goes on (the channels during the
    render). Without fork, ``fn()`` is computed here and now."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return Pending(list(fn()))
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_call, args=(fn, send))  # not a daemon: it may start a pool
    try:
        process.start()
    except OSError:  # no processes here: the work in this process
        receive.close()
        send.close()
        return Pending(list(fn()))
    send.close()
    pending: Pending[R] = Pending()
    pending._workers.append((process, receive))
    pending._group = True
    return pending


def start_ordered(fn: Callable[[T], R], items: Sequence[T], workers: int) -> Pending[R]:
    """Start ``[fn(x) for x in items]`` in ``workers`` forked processes and return at once.

    Why: a step whose results are needed only later (the guardrails' findings, read after the
    render) should not hold up the steps in between; this process goes on with them on its core
    while the workers use the others. With ``workers < 1``, few items or no fork, the work is done
    here and now (the same results). ``fn`` must not depend on what ran before it (as for
    :func:`map_ordered`).
    """
    if workers < 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return Pending([fn(x) for x in items])
    context = multiprocessing.get_context("fork")
    workers = min(workers, len(items))
    size = -(-len(items) // workers)
    pending: Pending[R] = Pending()
    try:
        for start in range(0, len(items), size):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_share, args=(fn, items, start, min(start + size, len(items)), send))
            process.daemon = True  # never outlives a build that stopped before asking for the results
            process.start()
            send.close()
            pending._workers.append((process, receive))
    except OSError:  # no processes here: collect what started, do the rest in this process
        for process, conn in pending._workers:
            process.kill()
            process.join()
            conn.close()
        return Pending([fn(x) for x in items])
    return pending


def map_after_first(fn: Callable[[T], R], items: Sequence[T], jobs: int, first: int) -> list[R]:
    """``[fn(x) for x in items]``: the first ``first`` items in this process (what they import and
    load, the workers then inherit), the rest by :func:`map_ordered` in ``jobs`` forked workers."""
    return [*(fn(x) for x in items[:first]), *map_ordered(fn, items[first:], jobs)]


def start_served(fn: Callable[[T], R], items: Sequence[T], workers: int, *, warm: int = 1) -> Pending[R]:
    """:func:`start_ordered` from a server: a forked process (:func:`start_forked`) computes the
    first ``warm`` items, then forks ``workers`` workers for the rest (:func:`map_after_first`), so
    what the items need is loaded there, once, and never in this process. With ``workers < 1`` or
    few items the work is done here and now (the same results)."""
    if workers < 1 or len(items) < MIN_ITEMS:
        return Pending([fn(x) for x in items])
    return start_forked(partial(map_after_first, fn, items, workers, warm))
