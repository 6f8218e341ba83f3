"""MkDocs' Markdown phase on every core (part of :mod:`aeoloop.render_split`, which installs it).

MkDocs populates its pages in one loop (``_populate_page``: ``on_pre_page``, the read, Markdown →
HTML, ``on_page_markdown``, ``on_page_content``): ~35% of the render's CPU at 1,000 pages, and
each page's work depends only on that page, except what the rest of the build reads of the pages
afterwards. So at the first page :class:`PopulateSplit` forks one process per further share; each
populates its share and sends back what its pages hold afterwards (:class:`PopulatedPage`) and what
the aeoloop plugin recorded (:class:`PopulatedShare`). The build process populates the first share,
sets the others' results on its own page objects at the last page of theirs, and goes on as in
one process: ``on_env``, the sitemap and every page's navigation read every page's title and
meta, MkDocs' anchor check every page's anchors and links, all here.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from .errors import AeoloopError
from .forked_logs import NotForked, capture_logs, failure, replay
from .parallel import Pending, start_forked

__all__ = ["PIECE_PAGES", "PopulateHooks", "PopulatePage", "PopulateSplit", "PopulatedPage", "PopulatedShare"]


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
    mirrored: set[str] = field(default_factory=set)  # the pages whose Markdown mirror it wrote (AeoloopPlugin)
    fragments_used: set[str] = field(default_factory=set)  # fragment keys its pages used
    fragments_made: dict[str, str] = field(default_factory=dict)  # fragments it made that the file lacks


class PopulateHooks(Protocol):
    """The aeoloop plugin's side of a split Markdown phase (:class:`aeoloop.mkdocs_plugin.AeoloopPlugin`)."""

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


PopulatePage = Callable[..., None]


class PopulateSplit:
    """The stand-in for MkDocs' ``_populate_page`` while one build runs: the Markdown phase shared out.

    At the first page it forks one process per further share of the pages before the first page
    that reads another's (:meth:`PopulateHooks.populated_last`); each populates its share as MkDocs'
    loop would (``on_pre_page``, the read, Markdown → HTML, ``on_page_markdown``,
    ``on_page_content``) and sends back what the pages hold afterwards (:class:`PopulatedPage`) and
    what the plugin recorded. The build process populates the first share, takes the others' at
    the last page of the last share (in page order: their log records too), sets them on its own
    page objects, and populates the pages left. From there the build goes on as in one process
    (``on_env``, the sitemap, the template phase: :mod:`aeoloop.render_split` forks again for it)."""

    def __init__(self, populate_page: PopulatePage, hooks: PopulateHooks, jobs: int, min_share: int) -> None:
        self.populate_here = populate_page
        self.hooks, self.jobs, self.min_share = hooks, jobs, min_share
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
        shares = min(self.jobs, split // self.min_share)
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
        except NotForked:  # no process could start: every page here, in order
            self.cancel()
            self.hooks.adopt_populate_share(PopulatedShare())  # (nothing: the plugin as before the fork)
            return
        self.elsewhere = set(uris[size:split])
        self.last = uris[split - 1]

    def _populate_share(self, share: list[Any], config: Any, files: Any) -> list[PopulatedShare]:
        """In the forked worker: its pages' Markdown phase, as MkDocs' loop would run it."""
        if os.getpid() == self.forked_by:  # start_forked could not fork and runs it here: not here
            raise NotForked
        from mkdocs.structure.pages import Page  # lazy, as above

        gc.freeze()  # the inherited heap stays shared (see aeoloop.render_split)
        capture = capture_logs()
        self.hooks.start_populate_worker()
        out = PopulatedShare()
        try:
            for file in share:
                if file.page is None and file.inclusion.is_not_in_nav():  # as MkDocs' loop does
                    Page(None, file, config)
                self.populate_here(file.page, config, files, False)
                out.pages.append(PopulatedPage.of(file.page))
        except Exception as err:  # what MkDocs logged ("Error reading page …") goes with the error
            raise AeoloopError(failure(capture.records, err)) from None
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
            replay(share.logs)
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


PIECE_FRAGMENTS = 8
"""Fragments a piece carries (as :data:`aeoloop.render_split.PIECE_FRAGMENTS`)."""
