"""MkDocs' page loops on every core: each process populates, then renders and writes, a contiguous
share of the pages.

Why: MkDocs reads, converts and renders its pages in one thread. Its two per-page loops are each
a large part of the render: the Markdown phase (``_populate_page``: the read, Markdown → HTML,
``on_page_markdown``, ``on_page_content`` with the plugin's blocks; ~35% of the render's CPU at
1,000 pages) and the template phase (``_build_page``: the theme's template, ``on_page_context``
(Material's search indexer), ``on_post_page`` (our JSON-LD and head links) and the write; ~60%).
Each page's work in either loop depends only on that page and on what every process already
holds, except what the rest of the build reads of the pages afterwards, which is sent back:

- The Markdown phase (:mod:`aeoloop.populate_split`): at its first page the build forks one
  process per further share; each populates its share and sends back what the pages hold
  afterwards (content, toc, meta, title, anchors and links for MkDocs' anchor check) and what the
  plugin recorded. The build process populates the first share, sets the others' results on its
  own pages at the last page of the last share, and goes on as in one process (``on_env``, the
  sitemap: every page's title and meta are here). Pages whose Markdown phase reads another's
  (landing pages: their canonical page's content) and those after them are populated here after
  the others.
- The template phase (:class:`_Split`): at its first page the build forks again; this process
  renders the first share, each fork its own, and each sends back only what the build needs
  afterwards (:class:`RenderedShare`): Material's search entries, in page order, the fragments and
  pages our plugin recorded. Both loops' workers send their log records, which this process
  emits as its own, in page order (so ``--strict`` counts them, once).

When: ``aeoloop build`` with more than one job and enough pages, and only when MkDocs' plugins are
aeoloop and Material's search (:func:`splittable`): a plugin we do not know might keep state across
pages. Plain ``mkdocs build`` and ``mkdocs serve`` (and ``aeoloop serve``'s dirty rebuilds) never
come here: they run in one process as before. ``-j 1`` and ``-j N`` write the same bytes
(``tests/test_render_split.py``): every page is converted and rendered by the same code on the same
inputs, and the search index is joined in page order.

How: MkDocs 1.x's build loops call ``mkdocs.commands.build._populate_page`` and ``_build_page``
once per page, in order; while :func:`pages_on_cores` is active those names are our stand-ins,
which fork at the first call, do only this process's share here, and collect the others' at the
last page of theirs. A worker that fails or dies fails the build with a message (the site is in a
temporary folder, so the previous outputs stay); a build that fails here stops the workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from .errors import AeoloopError
from .forked_logs import NotForked, capture_logs, failure, replay
from .parallel import Pending, start_forked
from .populate_split import PopulateHooks, PopulatePage, PopulateSplit

__all__ = [
    "MIN_SHARE",
    "RenderedShare",
    "SharedHooks",
    "WrittenPages",
    "pages_on_cores",
    "splittable",
]

MIN_SHARE = 16
"""Fewest pages worth a process of their own (a fork and the hand-back cost ~20 ms; a page ~3 ms)."""

MATERIAL_SEARCH = "material.plugins.search.plugin"
AEOLOOP_PLUGIN = "aeoloop.mkdocs_plugin"


@dataclass
class RenderedShare:
    """What a render worker hands back besides the files it wrote."""

    pages: int = 0  # how many it rendered
    search_entries: list[dict[str, Any]] = field(default_factory=list)  # Material's, in page order
    logs: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, message), in order
    written: list[str] = field(default_factory=list)  # site-relative paths, for verify's prefetch
    fragments_used: set[str] = field(default_factory=set)  # fragment keys its pages used
    fragments_made: dict[str, str] = field(default_factory=dict)  # fragments it made that the file lacks


class SharedHooks(PopulateHooks, Protocol):
    """The aeoloop plugin's side of a split render (:class:`aeoloop.mkdocs_plugin.AeoloopPlugin`):
    the Markdown phase's hooks (:class:`~aeoloop.populate_split.PopulateHooks`) and the template phase's."""

    def before_render_fork(self) -> None:
        """In the build process, before the workers are forked (what they should know)."""

    def after_render_fork(self, elsewhere: list[Any]) -> None:
        """In the build process, once they are: ``elsewhere`` are the MkDocs pages they render."""

    def start_render_worker(self) -> None:
        """In the forked worker, before its first page: nothing inherited that is shared with the
        parent (the fragment cache's SQLite connection, verify's prefetch pool) is used here."""

    def finish_render_worker(self, share: RenderedShare) -> None:
        """In the worker, after its last page: what the plugin recorded, into ``share``."""

    def adopt_render_share(self, share: RenderedShare) -> None:
        """In the build process: take what a worker's pages recorded as if they had rendered here."""


class WrittenPages:
    """A render worker's stand-in for verify's prefetch: the pages written, told to the real one
    in the build process when the share comes back (:meth:`SharedHooks.adopt_render_share`)."""

    def __init__(self) -> None:
        self.rels: list[str] = []

    def written(self, rel: str) -> None:
        self.rels.append(rel)

    def close(self) -> None:
        """Nothing started here."""


def splittable(config: Any) -> bool:
    """Whether the page loop may be shared out: no plugin but aeoloop and Material's search (whose
    per-page state, the search entries, is handed back), and not a dirty build."""
    return all(type(plugin).__module__ in (AEOLOOP_PLUGIN, MATERIAL_SEARCH) for plugin in config.plugins.values())


def _search_index(config: Any) -> Any | None:
    """Material's search index (its ``entries`` list), if the plugin is on."""
    for plugin in config.plugins.values():
        if type(plugin).__module__ == MATERIAL_SEARCH:
            return getattr(plugin, "search_index", None)
    return None


BuildPage = Callable[..., None]


class _Split:
    """The stand-in for MkDocs' ``_build_page`` while one build runs."""

    def __init__(self, build_page: BuildPage, hooks: SharedHooks, jobs: int) -> None:
        self.build_page_here = build_page
        self.hooks, self.jobs = hooks, jobs
        self.search: Any | None = None  # Material's search index (made in its on_config)
        self.here: set[int] | None = None  # ids of the pages this process renders (None: not started)
        self.last: Any = None  # the loop's last page: the workers' shares are collected after it
        self.pending: list[tuple[str, Pending[RenderedShare]]] = []  # (the share's first page, its worker)
        self.forked_by = 0  # the build process's pid

    def build_page(
        self, page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False, excluded: bool = False
    ) -> None:
        if self.here is None:
            self._start(list(doc_files), config, nav, env, dirty)
        assert self.here is not None
        if id(page) in self.here:
            self.build_page_here(page, config, doc_files, nav, env, dirty, excluded=excluded)
        if page is self.last:
            self._collect()

    def _start(self, files: list[Any], config: Any, nav: Any, env: Any, dirty: bool) -> None:
        self.search = _search_index(config)
        pages = [file.page for file in files]
        self.last = pages[-1] if pages else None
        shares = min(self.jobs, len(pages) // MIN_SHARE) if not dirty else 1
        if shares < 2:
            self.here = {id(p) for p in pages}
            return
        size = -(-len(pages) // shares)
        self.hooks.before_render_fork()
        self.forked_by = os.getpid()
        try:
            for start in range(size, len(pages), size):
                share = files[start : start + size]
                work = partial(self._render_share, share, files, config, nav, env)
                self.pending.append((share[0].src_uri, start_forked(work)))
        except NotForked:  # no process could start: every page here, in order
            self.cancel()
            self.here = {id(p) for p in pages}
            return
        self.here = {id(p) for p in pages[:size]}
        self.hooks.after_render_fork(pages[size:])

    def _render_share(self, share: list[Any], files: list[Any], config: Any, nav: Any, env: Any) -> list[RenderedShare]:
        """In the forked worker: its pages, as MkDocs' loop would render them, and what they left."""
        if os.getpid() == self.forked_by:  # start_forked could not fork and runs it here: not here
            raise NotForked
        gc.freeze()  # the inherited heap stays shared: the collector never walks (and so copies) it
        capture = capture_logs()
        self.hooks.start_render_worker()
        first = len(self.search.entries) if self.search is not None else 0
        out = RenderedShare()
        try:
            for file in share:
                self.build_page_here(file.page, config, files, nav, env, False, excluded=file.inclusion.is_excluded())
                out.pages += 1
        except Exception as err:  # what MkDocs logged ("Error building page …") goes with the error
            raise AeoloopError(failure(capture.records, err)) from None
        if self.search is not None:
            out.search_entries = self.search.entries[first:]
        self.hooks.finish_render_worker(out)
        out.logs = capture.records
        return _pieces(out)

    def _collect(self) -> None:
        """After this process's last page: each worker's share, in page order (a failed one stops the rest)."""
        while self.pending:
            first, worker = self.pending.pop(0)
            try:
                share = _joined(worker.result())
            except Exception as err:  # (an interrupt stays one; the workers stop on the way out)
                raise AeoloopError(f"rendering the pages from {first} on in a worker process failed: {err}") from None
            replay(share.logs)
            if self.search is not None:
                self.search.entries.extend(share.search_entries)
            self.hooks.adopt_render_share(share)

    def cancel(self) -> None:
        """The build stopped before the last page: the workers stop too."""
        pending, self.pending = self.pending, []
        for _, worker in pending:
            worker.cancel()


PIECE_ENTRIES, PIECE_FRAGMENTS = 64, 8
"""A share goes back in pieces of at most this many search entries and fragments (~50 KB), sent
16 to a message (:data:`aeoloop.parallel.PART`): the build process never holds more than ~1 MB of
it pickled at once (in one message, 1,000 pages' shares were ~7 MB pickled on top of the render's peak)."""


def _pieces(share: RenderedShare) -> list[RenderedShare]:
    """``share`` cut in pieces: the first holds all but the search entries and made fragments, which
    the others carry in order (:func:`_joined` puts them back together)."""
    entries, made = share.search_entries, list(share.fragments_made.items())
    share.search_entries, share.fragments_made = [], {}
    out = [share]
    for at in range(0, max(len(entries), 1), PIECE_ENTRIES):
        out.append(RenderedShare(search_entries=entries[at : at + PIECE_ENTRIES]))
    for at in range(0, len(made), PIECE_FRAGMENTS):
        out.append(RenderedShare(fragments_made=dict(made[at : at + PIECE_FRAGMENTS])))
    return out


def _joined(pieces: list[RenderedShare]) -> RenderedShare:
    share = pieces[0]
    for piece in pieces[1:]:
        share.search_entries.extend(piece.search_entries)
        share.fragments_made.update(piece.fragments_made)
    return share


@contextmanager
def pages_on_cores(config: Any, hooks: SharedHooks, jobs: int) -> Iterator[None]:
    """While active, MkDocs' build renders its pages in ``jobs`` processes (when :func:`splittable`
    and there are enough pages); leaves MkDocs as it was on exit."""
    if jobs < 2 or not splittable(config) or "fork" not in multiprocessing.get_all_start_methods():
        yield
        return
    from mkdocs.commands import build as mkdocs_build  # lazy: the engine steps need no MkDocs

    original: BuildPage = mkdocs_build._build_page
    original_populate: PopulatePage = mkdocs_build._populate_page
    split = _Split(original, hooks, jobs)
    populate = PopulateSplit(original_populate, hooks, jobs, MIN_SHARE)
    mkdocs_build._build_page = split.build_page
    mkdocs_build._populate_page = populate.populate_page
    try:
        yield
    finally:
        mkdocs_build._build_page = original
        mkdocs_build._populate_page = original_populate
        populate.cancel()
        split.cancel()
