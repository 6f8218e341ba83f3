"""MkDocs' page loops on every core: each process populates, then renders and writes, a contiguous
share of the pages.

Why: MkDocs reads, converts and renders its pages in one thread. Its two per-page loops are each
a large part of the render: the Markdown phase (``_populate_page``: the read, Markdown → HTML,
``on_page_markdown``, ``on_page_content`` with the plugin's blocks; ~35% of the render's CPU at
1,000 pages) and the template phase (``_build_page``: the theme's template, ``on_page_context``
(Material's search indexer), ``on_post_page`` (our JSON-LD and head links) and the write; ~60%).
Each page's work in either loop depends only on that page and on what every process already
holds, except what the rest of the build reads of the pages afterwards, which is sent back:

- The Markdown phase (:class:`_Populate`): at its first page the build forks one process per
  further share; each populates its share and sends back what the pages hold afterwards
  (:class:`PopulatedPage`: content, toc, meta, title, anchors and links for MkDocs' anchor check)
  and what the plugin recorded (:class:`PopulatedShare`). The build process populates the first
  share, sets the others' results on its own pages at the last page of the last share, and goes
  on as in one process (``on_env``, the sitemap: every page's title and meta are here). Pages
  whose Markdown phase reads another's (landing pages: their canonical page's content) and those
  after them are populated here after the others.
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
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from .errors import AeoloopError
from .parallel import Pending, start_forked

__all__ = [
    "MIN_SHARE",
    "PopulatedPage",
    "PopulatedShare",
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


@dataclass
class PopulatedPage:
    """What MkDocs' Markdown phase (``_populate_page``) leaves on one page, as the rest of the build
    reads it: the template (content, toc, title, meta), ``on_env`` and the sitemap (meta), and the
    anchor validation after the loop (the anchors it holds, its links to other pages' anchors, by
    the linked page's path: a ``File`` does not cross processes as itself)."""

    src_uri: str
    markdown: str | None
    content: str | None
    toc: Any
    meta: dict[str, Any]
    title_from_render: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None

    @classmethod
    def of(cls, page: Any) -> PopulatedPage:
        links = page.links_to_anchors
        return cls(
            src_uri=page.file.src_uri,
            markdown=page.markdown,
            content=page.content,
            toc=page.toc,
            meta=page.meta,
            title_from_render=page._title_from_render,
            present_anchor_ids=page.present_anchor_ids,
            links_to_anchors={file.src_uri: dict(found) for file, found in links.items()}
            if links is not None
            else None,
        )

    def onto(self, page: Any, files: Any) -> None:
        """Set on the build process's own page object, as if MkDocs had populated it here."""
        page.markdown, page.content, page.toc, page.meta = self.markdown, self.content, self.toc, self.meta
        page._title_from_render = self.title_from_render
        if self.present_anchor_ids is not None:
            page.present_anchor_ids = self.present_anchor_ids
        if self.links_to_anchors is not None:
            by_uri = files.src_uris
            page.links_to_anchors = {by_uri[uri]: found for uri, found in self.links_to_anchors.items()}


@dataclass
class PopulatedShare:
    """What a populate worker hands back: its pages, in order, and what the plugin recorded."""

    pages: list[PopulatedPage] = field(default_factory=list)
    logs: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, message), in order
    held: dict[str, list[str]] = field(default_factory=dict)  # the plugin's, by src_uri (see AeoloopPlugin._held)
    rendered: set[str] = field(default_factory=set)  # the pages whose content the plugin made
    landing_html: dict[str, str] = field(default_factory=dict)  # landing uri -> its content (made with its page's)
    fragments_used: set[str] = field(default_factory=set)  # fragment keys its pages used
    fragments_made: dict[str, str] = field(default_factory=dict)  # fragments it made that the file lacks


class SharedHooks(Protocol):
    """The aeoloop plugin's side of a split render (:class:`aeoloop.mkdocs_plugin.AeoloopPlugin`)."""

    def populated_last(self) -> set[str]:
        """The pages whose Markdown phase reads what another page's left (landing pages read their
        canonical page's content): the split covers only the pages before the first of them; they
        and the pages after them are populated in the build process once every share is back."""

    def before_populate_fork(self) -> None:
        """In the build process, before the populate workers are forked."""

    def start_populate_worker(self) -> None:
        """In a forked populate worker, before its first page (as :meth:`start_render_worker`)."""

    def finish_populate_worker(self, share: PopulatedShare) -> None:
        """In the populate worker, after its last page: what the plugin recorded, into ``share``."""

    def adopt_populate_share(self, share: PopulatedShare) -> None:
        """In the build process: take what a worker's pages recorded as if populated here."""

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


class _Capture(logging.Handler):
    """A worker's log records, kept to be emitted by the build process (its handlers, its counts)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _capture_logs() -> _Capture:
    """Every record a logger lets through goes to one handler on the root, once (in the worker only)."""
    capture = _Capture()
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers = []
            logger.propagate = True
    logging.root.handlers = [capture]
    return capture


def _replay(logs: list[tuple[str, int, str]]) -> None:
    for name, level, message in logs:
        record = logging.makeLogRecord(
            {"name": name, "levelno": level, "levelname": logging.getLevelName(level), "msg": message}
        )
        logging.getLogger(name).handle(record)


BuildPage = Callable[..., None]


class _NotForked(Exception):
    """A share was about to be rendered in the build process itself (no fork): it must not be."""


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
        except _NotForked:  # no process could start: every page here, in order
            self.cancel()
            self.here = {id(p) for p in pages}
            return
        self.here = {id(p) for p in pages[:size]}
        self.hooks.after_render_fork(pages[size:])

    def _render_share(self, share: list[Any], files: list[Any], config: Any, nav: Any, env: Any) -> list[RenderedShare]:
        """In the forked worker: its pages, as MkDocs' loop would render them, and what they left."""
        if os.getpid() == self.forked_by:  # start_forked could not fork and runs it here: not here
            raise _NotForked
        gc.freeze()  # the inherited heap stays shared: the collector never walks (and so copies) it
        capture = _capture_logs()
        self.hooks.start_render_worker()
        first = len(self.search.entries) if self.search is not None else 0
        out = RenderedShare()
        try:
            for file in share:
                self.build_page_here(file.page, config, files, nav, env, False, excluded=file.inclusion.is_excluded())
                out.pages += 1
        except Exception as err:  # what MkDocs logged ("Error building page …") goes with the error
            raise AeoloopError(_failure(capture.records, err)) from None
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
            _replay(share.logs)
            if self.search is not None:
                self.search.entries.extend(share.search_entries)
            self.hooks.adopt_render_share(share)

    def cancel(self) -> None:
        """The build stopped before the last page: the workers stop too."""
        pending, self.pending = self.pending, []
        for _, worker in pending:
            worker.cancel()


PopulatePage = Callable[..., None]


class _Populate:
    """The stand-in for MkDocs' ``_populate_page`` while one build runs: the Markdown phase shared out.

    At the first page it forks one process per further share of the pages before the first page
    that reads another's (:meth:`SharedHooks.populated_last`); each populates its share as MkDocs'
    loop would (``on_pre_page``, the read, Markdown → HTML, ``on_page_markdown``,
    ``on_page_content``) and sends back what the pages hold afterwards (:class:`PopulatedPage`) and
    what the plugin recorded. The build process populates the first share, takes the others' at
    the last page of the last share (in page order: their log records too), sets them on its own
    page objects, and populates the pages left. From there the build goes on as in one process
    (``on_env``, the sitemap, the template phase: :class:`_Split` forks again for it)."""

    def __init__(self, populate_page: PopulatePage, hooks: SharedHooks, jobs: int) -> None:
        self.populate_here = populate_page
        self.hooks, self.jobs = hooks, jobs
        self.started = False
        self.elsewhere: set[str] = set()  # src_uris of the pages the workers populate
        self.last: str | None = None  # the last page of the workers' shares: collected at its call
        self.pending: list[tuple[str, Pending[PopulatedShare]]] = []  # (the share's first page, its worker)
        self.forked_by = 0

    def populate_page(self, page: Any, config: Any, files: Any, dirty: bool = False) -> None:
        if not self.started:
            self.started = True
            self._start(config, files, dirty)
        uri = page.file.src_uri
        if uri not in self.elsewhere:
            self.populate_here(page, config, files, dirty)
        if uri == self.last:
            self._collect(files)

    def _start(self, config: Any, files: Any, dirty: bool) -> None:
        from mkdocs.structure.files import InclusionLevel  # lazy: the engine steps need no MkDocs

        docs = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        uris = [file.src_uri for file in docs]
        if dirty:
            return
        last = self.hooks.populated_last()
        split = next((i for i, uri in enumerate(uris) if uri in last), len(uris))
        shares = min(self.jobs, split // MIN_SHARE)
        if shares < 2:
            return
        size = -(-split // shares)
        self.hooks.before_populate_fork()
        self.forked_by = os.getpid()
        try:
            for start in range(size, split, size):
                share = docs[start : min(start + size, split)]
                work = partial(self._populate_share, share, config, files)
                self.pending.append((share[0].src_uri, start_forked(work)))
        except _NotForked:  # no process could start: every page here, in order
            self.cancel()
            self.hooks.adopt_populate_share(PopulatedShare())  # (nothing: the plugin as before the fork)
            return
        self.elsewhere = set(uris[size:split])
        self.last = uris[split - 1]

    def _populate_share(self, share: list[Any], config: Any, files: Any) -> list[PopulatedShare]:
        """In the forked worker: its pages' Markdown phase, as MkDocs' loop would run it."""
        if os.getpid() == self.forked_by:  # start_forked could not fork and runs it here: not here
            raise _NotForked
        from mkdocs.structure.pages import Page  # lazy, as above

        gc.freeze()  # the inherited heap stays shared (see _Split._render_share)
        capture = _capture_logs()
        self.hooks.start_populate_worker()
        out = PopulatedShare()
        try:
            for file in share:
                if file.page is None and file.inclusion.is_not_in_nav():  # as MkDocs' loop does
                    Page(None, file, config)
                self.populate_here(file.page, config, files, False)
                out.pages.append(PopulatedPage.of(file.page))
        except Exception as err:  # what MkDocs logged ("Error reading page …") goes with the error
            raise AeoloopError(_failure(capture.records, err)) from None
        self.hooks.finish_populate_worker(out)
        out.logs = capture.records
        return _populated_pieces(out)

    def _collect(self, files: Any) -> None:
        """Each worker's share, in page order, onto this process's pages (a failed one stops the
        rest). Every worker has exited before any share is taken: none reads the fragment file then."""
        shares: list[PopulatedShare] = []
        while self.pending:
            first, worker = self.pending[0]
            try:
                shares.append(_populated_joined(worker.result()))
            except Exception as err:  # (an interrupt stays one; the workers stop on the way out)
                self.cancel()
                raise AeoloopError(f"reading the pages from {first} on in a worker process failed: {err}") from None
            self.pending.pop(0)
        for share in shares:
            _replay(share.logs)
            for done in share.pages:
                file = files.src_uris[done.src_uri]
                assert file.page is not None, done.src_uri  # MkDocs' loop made it before calling us
                done.onto(file.page, files)
            self.hooks.adopt_populate_share(share)

    def cancel(self) -> None:
        """The build stopped before the shares were collected: the workers stop too."""
        pending, self.pending = self.pending, []
        for _, worker in pending:
            worker.cancel()


PIECE_PAGES = 2
"""A populate worker's pages go back this many to a piece (each ~20-40 KB of HTML and Markdown),
16 pieces to a message: ~1 MB pickled at once."""


def _populated_pieces(share: PopulatedShare) -> list[PopulatedShare]:
    """``share`` cut in pieces: the first holds the log records, the pages used and recorded, the
    others the pages (with what the plugin held back of them) and the fragments made, in order."""
    pages, made, held = share.pages, list(share.fragments_made.items()), share.held
    landing = list(share.landing_html.items())
    share.pages, share.fragments_made, share.held, share.landing_html = [], {}, {}, {}
    out = [share]
    for at in range(0, len(pages), PIECE_PAGES):
        piece = pages[at : at + PIECE_PAGES]
        out.append(PopulatedShare(pages=piece, held={p.src_uri: held[p.src_uri] for p in piece if p.src_uri in held}))
    for uri, html in landing:
        out.append(PopulatedShare(landing_html={uri: html}))
    for at in range(0, len(made), PIECE_FRAGMENTS):
        out.append(PopulatedShare(fragments_made=dict(made[at : at + PIECE_FRAGMENTS])))
    return out


def _populated_joined(pieces: list[PopulatedShare]) -> PopulatedShare:
    share = pieces[0]
    for piece in pieces[1:]:
        share.pages.extend(piece.pages)
        share.held.update(piece.held)
        share.landing_html.update(piece.landing_html)
        share.fragments_made.update(piece.fragments_made)
    return share


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


def _failure(records: list[tuple[str, int, str]], err: BaseException) -> str:
    errors = [message for _, level, message in records if level >= logging.ERROR]
    return errors[-1] if errors else f"{type(err).__name__}: {err}"


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
    populate = _Populate(original_populate, hooks, jobs)
    mkdocs_build._build_page = split.build_page
    mkdocs_build._populate_page = populate.populate_page
    try:
        yield
    finally:
        mkdocs_build._build_page = original
        mkdocs_build._populate_page = original_populate
        populate.cancel()
        split.cancel()
