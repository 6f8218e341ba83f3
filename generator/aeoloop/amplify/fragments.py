"""Rendered fragments of the last build, keyed by a hash of every input that made them.

Why: a warm build renders the same pages again, and the plugin's hooks run in MkDocs' single
thread; the costly parts of them are pure functions of text (the JSON-LD graph of a page, where
the page's opening says its summary, which FAQ answers the body already prints). Each is stored
under the hash of *all* its inputs and of the code that computes it, so an entry can never be
stale: a changed input is a different key, and the old entry is dropped at the next full build.

The keys are built by the functions that list the inputs (:func:`aeoloop.amplify.jsonld.graph_key`
beside :func:`~aeoloop.amplify.jsonld.page_graph`; :meth:`FragmentCache.split_opening` and
:meth:`FragmentCache.answered_in_body` take exactly the arguments of the functions they wrap).
The file is ``.aeoloop/fragments.sqlite``; a missing or unreadable one is an empty cache (CI).

A CI build (a fresh clone) has no such file, so each page's content analyses (what it already
says, where its opening is the summary, which FAQ answers it prints: ~0.7 ms a page in MkDocs'
Markdown phase) are also recorded in the page's committed manifest (``"render"``, see
:mod:`.fragment_records`) under the same keys, and looked up there first. A
key is a hash of all the analysis' inputs (MkDocs' HTML of the page and the generated texts), so a
recorded entry is never stale, only unused: CI takes it when its MkDocs renders the same HTML.
The JSON-LD graphs are not recorded (4-8 KB a page, and keyed by the git dates).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import answer_code, escaping, imagelicense, text
from ..artifacts import PageArtifacts
from ..brand import Brand
from ..page import Page, _parser_version
from . import blocks, fragment_records, jsonld, keyphrases, samekey

FILE = "fragments.sqlite"
FORMAT = 1  # of the file: a change drops every entry
FLUSH_EVERY = 64
"""New entries held before they go into the open transaction (see :meth:`FragmentCache._flush`)."""


def code_version(modules: Iterable[ModuleType]) -> str:
    """Hash of the source of ``modules``: the code that turns the inputs into a fragment is an
    input too (a fix to the graph must show on the next warm build)."""
    h = hashlib.blake2b(digest_size=16)
    for module in modules:
        path = Path(module.__file__ or "")
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def digest(*parts: str) -> str:
    """An unambiguous hash of text parts (each is length-prefixed, so ("ab", "c") ≠ ("a", "bc"))."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _content_key(kind: str, page: str, *parts: str) -> str:
    """``<kind>:<digest of the inputs>``, then ``:<page>`` when the caller names the page (the build
    does: so it knows, from the keys it used, which manifest records which entry)."""
    key = f"{kind}:{digest(_blocks_version(), *parts)}"
    return f"{key}:{page}" if page else key


_BLOCKS_VERSION: str | None = None


def _blocks_version() -> str:
    global _BLOCKS_VERSION
    if _BLOCKS_VERSION is None:
        _BLOCKS_VERSION = code_version([blocks, samekey, text])  # split_key/normalize: "the same sentences"
    return _BLOCKS_VERSION


class FragmentCache:
    """Fragments by key in one SQLite file (``path=None``: in memory only, for this process).

    SQLite rather than one JSON file: a build reads only the entries it asks for, one at a time,
    so neither the start-up nor the peak memory grows with the site (the JSON-LD graphs alone are
    about 4 KB a page). A file that cannot be opened or read is an empty cache, never an error."""

    def __init__(self, path: Path | None, *, stored: frozenset[str] = frozenset(), read_only: bool = False) -> None:
        self.path = path
        # a forked populate worker's cache: it reads the file through its own connection and never
        # writes it (what it makes is handed back: :meth:`handoff`); a missing file is an empty cache
        self.read_only = read_only
        # the build process while populate workers read the file: new entries wait in memory (a
        # write would need the lock their read transactions hold); :meth:`adopt` lets them go again
        self.deferred = False
        # a forked render worker's cache (path None): the keys the build process's file holds
        # (:meth:`stored_keys`); what it makes under one of them is only marked used, not kept
        self.stored = stored
        self.used: set[str] = set()
        self.hits = self.misses = 0
        self._new: dict[str, str] = {}  # entries made by this build, written by save()
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._unwritable = False  # a write into the open transaction failed: the rest waits for save()

    def _connect(self) -> sqlite3.Connection | None:
        """The open file, inside a read transaction while a build looks entries up (one lock for
        the whole render instead of one per lookup)."""
        if not self._opened:
            self._opened = True
            if self.path is not None:
                self._db = _open_read_only(self.path) if self.read_only else _open(self.path)
        if self._db is not None and not self._db.in_transaction:
            try:
                self._db.execute("BEGIN")
            except sqlite3.Error:
                self._db = None
        return self._db

    def get(self, key: str) -> str | None:
        """The fragment stored under ``key`` (this build's, a manifest's or an earlier build's), or None."""
        text = self._new.get(key)
        if text is None:
            text = fragment_records.recorded(key)
        if text is None and (db := self._connect()) is not None:
            try:
                row = db.execute("SELECT value FROM fragments WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                row = None
            text = row[0] if row else None
        if text is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(key)
        return text

    def put(self, key: str, text: str) -> None:
        self.used.add(key)
        if key in self.stored:
            return
        self._new[key] = text
        if len(self._new) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        """Hand this build's new entries to the open transaction (:meth:`save` commits it), so the
        render does not hold them all to its end: in a CI build every page's graph is new (4-8 KB a
        page, the render's peak memory). Entries that cannot be written stay for :meth:`save`."""
        writable = self.path is not None and not (self._unwritable or self.read_only or self.deferred)
        db = self._connect() if writable else None
        if db is None or not self._new:
            return
        try:
            db.executemany("INSERT OR REPLACE INTO fragments (key, value) VALUES (?, ?)", self._new.items())
        except sqlite3.Error:
            self._unwritable = True  # (a read-only or full disk: not tried again at every page)
            return
        self._new = {}

    def save(self, *, prune: bool) -> None:
        """Write this build's new entries in one transaction. ``prune``: this build rendered every
        page, so entries it did not use belong to inputs that are gone and are deleted; a partial
        build (a dirty rebuild under serve) keeps them all."""
        used, new = self.used, self._new
        self.used, self._new = set(), {}
        db = self._connect()
        if db is None:
            if self.path is None:  # in memory only: what this build used is kept for the next one
                self._new = {k: v for k, v in new.items() if k in used} if prune else new
            return
        try:
            db.executemany("INSERT OR REPLACE INTO fragments (key, value) VALUES (?, ?)", new.items())
            if prune:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM used")
                db.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", ((k,) for k in used))
                db.execute("DELETE FROM fragments WHERE key NOT IN (SELECT key FROM used)")
                db.execute("DELETE FROM used")
            db.execute("COMMIT")
        except sqlite3.Error:  # a cache that cannot be written is a slower next build, not a failed one
            if db.in_transaction:
                db.rollback()

    def stored_keys(self, prefix: str) -> frozenset[str]:
        """The keys the file holds that start with ``prefix`` (a render worker's ``stored``, so it
        keeps and hands back only the entries the file lacks: see :meth:`handoff`)."""
        db = self._connect()
        if db is None:
            return frozenset()
        try:
            rows = db.execute("SELECT key FROM fragments WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff"))
            return frozenset(key for (key,) in rows)
        except sqlite3.Error:
            return frozenset()

    def handoff(self) -> tuple[set[str], dict[str, str]]:
        """What this build used, and what it made that the file lacks (see ``stored``): a render
        worker's in-memory cache hands it to the build process's (:meth:`adopt`), which alone
        writes the file. (A worker cannot read the file, so it makes every entry it needs.)"""
        return self.used, self._new

    def adopt(self, used: set[str], made: dict[str, str]) -> None:
        """Take what a forked render worker used and made (:meth:`handoff`) as if this process had:
        its keys count as used (``save`` keeps them), and what it made that the file does not hold
        yet is stored. (A worker never touches this process's SQLite connection: a connection must
        not be used across a fork. It makes the entries it cannot read; equal keys mean equal inputs.)
        Writes deferred while populate workers ran (``deferred``) may go to the file again."""
        self.deferred = False
        self.used |= used
        fresh = {k: v for k, v in made.items() if k not in self._new}
        db = self._connect() if self.path is not None else None
        keys = list(fresh) if db is not None else []
        for at in range(0, len(keys), 500):
            assert db is not None
            chunk = keys[at : at + 500]
            try:
                rows = db.execute(
                    f"SELECT key FROM fragments WHERE key IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
            except sqlite3.Error:
                rows = []
            for (key,) in rows:
                del fresh[key]
        for key, value in fresh.items():
            self.put(key, value)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
        self._db, self._opened = None, False

    # --- the page-content analyses (aeoloop.amplify.blocks), by a hash of their arguments ----------

    def split_opening(self, html: str, summary: str, *, page: str = "") -> tuple[str, str] | None:
        """:func:`aeoloop.amplify.blocks.split_opening`, cached. The rest of the page is stored as
        the few characters :func:`~aeoloop.amplify.blocks.split_opening` put before an unchanged
        tail of ``html`` and that tail's offset, not as a second copy of the page. ``page``: the
        page's source path, so the build can record the entry in its manifest (see the module)."""
        key = _content_key("split", page, html, summary)
        found = self.get(key)
        if found is not None:
            stored = json.loads(found)
            if stored is None:
                return None
            lead, head, start = stored
            if start > len(html):  # (cannot be: the key holds the page's HTML) a miss rather than a wrong page
                return blocks.split_opening(html, summary)
            return lead, head + html[start:]
        result = blocks.split_opening(html, summary)
        if result is None:
            self.put(key, "null")
            return None
        lead, rest = result
        start = _tail_start(html, rest)
        self.put(key, _json([lead, rest[: len(rest) - (len(html) - start)], start]))
        return result

    def answered_in_body(self, html: str, art: PageArtifacts, *, page: str = "") -> dict[int, tuple[str, str]]:
        """:func:`aeoloop.amplify.blocks.answered_in_body`, cached (it reads only the FAQ's answers)."""
        key = _content_key("answered", page, html, *(qa.answer for qa in art.faq))
        found = self.get(key)
        if found is not None:
            return {int(i): (anchor, title) for i, anchor, title in json.loads(found)}
        result = blocks.answered_in_body(html, art)
        self.put(key, _json([[i, anchor, title] for i, (anchor, title) in sorted(result.items())]))
        return result

    def said_in_body(self, html: str, texts: list[str], *, page: str = "") -> frozenset[str]:
        """:func:`aeoloop.amplify.blocks.said_in_body`, cached: the texts said, as their first index
        in ``texts`` (the key holds the texts; a manifest records a few numbers, not the texts)."""
        key = _content_key("said", page, html, *texts)
        found = self.get(key)
        if found is not None:
            indexes = json.loads(found)
            if all(0 <= i < len(texts) for i in indexes):  # (always: the key holds the texts)
                return frozenset(texts[i] for i in indexes)
        result = blocks.said_in_body(html, texts)
        first: dict[str, int] = {}
        for i, said in enumerate(texts):
            first.setdefault(said, i)
        self.put(key, _json(sorted(first[said] for said in result)))
        return result


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _open_read_only(path: Path) -> sqlite3.Connection | None:
    """The cache file for reading only (a populate worker's own connection: one must not be used
    across a fork); missing, of another format or unreadable: None (an empty cache)."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        if db.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
            db.close()
            return None
        db.execute("PRAGMA cache_size = -256")
        return db
    except (sqlite3.Error, OSError):
        return None


def _open(path: Path) -> sqlite3.Connection | None:
    """The cache file, made when missing; one of another format, or unreadable, is started afresh."""
    for attempt in (1, 2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA synchronous = OFF")  # a cache: a torn write is detected and the file started afresh
            db.execute("PRAGMA cache_size = -256")  # KiB: lookups are one page each; the peak memory is the render's
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != FORMAT:
                db.execute("DROP TABLE IF EXISTS fragments")
                db.execute(f"PRAGMA user_version = {FORMAT}")
            db.execute("CREATE TABLE IF NOT EXISTS fragments (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
            return db
        except (sqlite3.Error, OSError):
            if attempt == 2:
                return None
            try:
                path.unlink(missing_ok=True)
            except OSError:
                return None
    return None


def graph_key(
    *,
    site: jsonld.SiteInfo,
    brand_digest: str,
    page: Page,
    art: PageArtifacts,
    url: str,
    description: str,
    breadcrumbs: list[tuple[str, str]],
) -> str:
    """The hash of every input of :func:`aeoloop.amplify.jsonld.page_graph` (and of the code that turns them into the
    graph): the key of the page's rendered graph in :class:`aeoloop.amplify.fragments.FragmentCache`.

    ``brand_digest`` is :func:`brand_digest` of the brand (computed once per build). What
    :func:`~aeoloop.amplify.jsonld.page_graph` reads of the page that comes from its file alone (front matter, sections
    and their headings, how-to steps, word count, the writer's own nodes) is in the page's
    ``source_hash`` with the version of the parser that made it; the rest is listed one by one:
    the title (an experiment's variant when one is published), language, authors and dates
    (defaults from brand.yml and mkdocs.yml, dates from git). From the artifacts: whether there
    is a summary, the FAQ and the entities. ``tests/test_fragments.py`` changes each one.
    """
    meta = page.meta
    inputs = [
        _graph_version(),
        [site.name, site.url, site.description, site.language],
        brand_digest,
        [page.source_hash, _parser_version()],
        [page.title, page.lang, page.authors],
        [page.date_published.isoformat() if page.date_published else None],
        [page.date_modified.isoformat() if page.date_modified else None],
        [meta.image, meta.image_license.model_dump(mode="json") if meta.image_license else None],
        [meta.keywords, meta.audiences],
        [bool(art.summary), [[qa.question, qa.answer] for qa in art.faq]],
        [[e.key, e.name, e.count, e.role] for e in art.entities],
        [url, description, breadcrumbs],
    ]
    text = json.dumps(inputs, ensure_ascii=False, separators=(",", ":"), default=repr)
    return "graph:" + hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def brand_digest(brand: Brand) -> str:
    """Everything of the brand the graph may read (organization, authors, glossary, audiences, images)."""
    return hashlib.blake2b(brand.model_dump_json().encode(), digest_size=20).hexdigest()


_GRAPH_VERSION: str | None = None


def _graph_version() -> str:
    """The code that renders the graph: this module and what it calls with the page's values."""
    global _GRAPH_VERSION
    if _GRAPH_VERSION is None:
        modules = [jsonld, answer_code, escaping, imagelicense, keyphrases, sys.modules[__name__]]
        _GRAPH_VERSION = code_version(modules)
    return _GRAPH_VERSION


def _tail_start(html: str, rest: str) -> int:
    """The smallest offset ``k`` with ``rest.endswith(html[k:])`` (``len(html)``: no common tail).
    The property holds for every offset above the smallest one, so a binary search finds it."""
    lo, hi = max(0, len(html) - len(rest)), len(html)
    while lo < hi:
        mid = (lo + hi) // 2
        if rest.endswith(html[mid:]):
            hi = mid
        else:
            lo = mid + 1
    return lo
