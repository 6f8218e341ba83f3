"""What the plan needs to know about each page, cheaply: title, keywords, last update, whether its
content changed since the last generation, and which generated files are locked.

From the build the :class:`~aeoloop.page.Page` objects are at hand; ``aeoloop plan`` on its own
reads only each file's bytes (for the sha256) and front matter, which keeps a 10,000-page plan
well under a second instead of parsing every page's Markdown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..page import FRONT_MATTER_RE
from . import memory
from .memory import Regeneration
from .features import content_features

from ..yamlload import compose_and_load  # libyaml when available; bad values never raise past YAMLError
from ..project import git_dates

_H1_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_WANTED = ("title", "date", "updated", "keywords")
_PLAIN_VALUE = re.compile(r"^[^'\"\[\]{}&*!|>%@`#,]*$")


def _quick_front_matter(block: str) -> dict[str, Any] | None:
    """The few keys the plan needs, without a YAML parser, for the usual one-line
    ``key: value`` / ``keywords: [a, b]`` front matter; None when a wanted key is written any
    other way (quotes, block lists, anchors...): YAML decides then. ~20x faster on 10k pages."""
    out: dict[str, Any] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if not sep or key != key.strip() or key not in _WANTED:
            continue
        value = value.strip()
        if key == "keywords":
            if not (value.startswith("[") and value.endswith("]")):
                return None
            items = [v.strip() for v in value[1:-1].split(",") if v.strip()]
            if not all(_PLAIN_VALUE.match(v) for v in items):
                return None
            out[key] = items
        elif not value or not _PLAIN_VALUE.match(value) or ": " in value:
            return None
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class PageInfo:
    src_uri: str
    title: str
    keywords: tuple[str, ...]
    updated: dt.date | None
    sha256: str
    generated_hash: str | None
    """``provenance.source_hash`` of ``generated/<page>/manifest.json``; None: never generated."""
    artifacts: tuple[str, ...] = ()
    locked: tuple[str, ...] = ()
    regenerated: Regeneration | None = None
    """When a build last regenerated it for the plan, and what it had lost then (:mod:`.memory`)."""
    date_note: str = ""
    """How ``updated`` was known for a plan as of a past date (:mod:`.history`), shown with the reasons."""
    content: tuple[float, ...] | None = None
    """The predictor's date-free features of the page's text (:data:`.predict.CONTENT_FEATURES`):
    the plan names the change most likely to help from them (:mod:`.advice`)."""

    @property
    def slug(self) -> str:
        return self.src_uri[:-3] if self.src_uri.endswith(".md") else self.src_uri

    @property
    def new(self) -> bool:
        return self.generated_hash is None

    @property
    def changed(self) -> bool:
        return self.generated_hash is not None and self.generated_hash != self.sha256

    @property
    def fully_locked(self) -> bool:
        return bool(self.artifacts) and set(self.locked) >= set(self.artifacts)


_Manifest = tuple[str | None, tuple[str, ...], tuple[str, ...], Regeneration | None]


def _manifest(generated_dir: str, slug: str) -> _Manifest:
    try:
        with open(os.path.join(generated_dir, slug, "manifest.json"), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None, (), (), None
    if not isinstance(data, dict):
        return None, (), (), None
    prov = data.get("provenance")
    prov = prov if isinstance(prov, dict) else {}
    arts = data.get("artifacts")
    arts = arts if isinstance(arts, dict) else {}
    locked = tuple(sorted(n for n, rec in arts.items() if isinstance(rec, dict) and rec.get("status") == "locked"))
    return prov.get("source_hash"), tuple(sorted(arts)), locked, memory.parse(data)


def _walk(docs: str) -> list[tuple[str, str]]:
    """(src_uri, path) of every page, like :meth:`Project.page_paths` but without pathlib (3x faster)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(docs):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = os.path.relpath(dirpath, docs)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in filenames:
            if name.endswith(".md") and not name.startswith("."):
                out.append((prefix + name, os.path.join(dirpath, name)))
    return sorted(out)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


CACHE_NAME = "evolve-pages.marshal"
CACHE_VERSION = 4


def _stat(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


class _Cache:
    """PageInfo fields per page, valid while the page's and its manifest's (size, mtime) are
    unchanged: a repeated plan of 10,000 pages then costs 20,000 ``stat`` calls, not 20,000
    reads and parses."""

    def __init__(self, project: Any) -> None:
        self.path = os.path.join(str(project.cache_dir), CACHE_NAME)
        self.version = (CACHE_VERSION, sys.version_info[:2], own_host(project))  # the host decides "cited sources"
        self.entries: dict[str, list[Any]] = {}
        self.dirty = False
        try:
            with open(self.path, "rb") as fh:
                data = marshal.load(fh)  # a private cache of plain values: marshal reads it 5x faster than JSON
            if isinstance(data, dict) and data.get("version") == self.version:
                self.entries = data.get("pages", {})
        except (OSError, ValueError, EOFError, TypeError, AttributeError):
            pass

    def get(self, key: str, stamp: tuple[int, int]) -> list[Any] | None:
        entry = self.entries.get(key)
        return entry[1] if entry and tuple(entry[0]) == stamp else None

    def put(self, key: str, stamp: tuple[int, int], value: list[Any]) -> None:
        self.entries[key] = [stamp, value]
        self.dirty = True

    def save(self, keep: set[str]) -> None:
        if not self.dirty and set(self.entries) <= keep:
            return
        same: dict[object, object] = {}

        def shared(value: Any) -> Any:
            """One object for equal tuples and strings (artifact lists, dates, titles), so marshal
            writes a back-reference instead of a copy: half the file, twice as fast to load."""
            if isinstance(value, (list, tuple)):
                value = tuple(shared(v) for v in value)
            return same.setdefault(value, value) if isinstance(value, (tuple, str)) else value

        data = {"version": self.version, "pages": {k: shared(v) for k, v in self.entries.items() if k in keep}}
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            tmp = self.path + ".tmp"
            with open(tmp, "wb") as fh:
                marshal.dump(data, fh)
            os.replace(tmp, self.path)
        except OSError:
            pass


def _manifest_cached(cache: _Cache, gen: str, slug: str) -> _Manifest:
    path = os.path.join(gen, slug, "manifest.json")
    stamp = _stat(path)
    key = "m:" + slug
    hit = cache.get(key, stamp)
    if hit is not None:
        regen = Regeneration(dt.date.fromisoformat(hit[3][0]), hit[3][1]) if hit[3] else None
        return hit[0], tuple(hit[1]), tuple(hit[2]), regen
    value = _manifest(gen, slug)
    rec = [value[3].date.isoformat(), value[3].lost] if value[3] else None
    cache.put(key, stamp, [value[0], list(value[1]), list(value[2]), rec])
    return value


def from_pages(project: Any, pages: list[Any]) -> list[PageInfo]:
    """PageInfo from loaded :class:`~aeoloop.page.Page` objects (the build has them)."""
    gen = str(project.generated_dir)
    cache = _Cache(project)
    out = []
    for p in pages:
        source_hash, arts, locked, regen = _manifest_cached(cache, gen, p.slug)
        out.append(
            PageInfo(
                p.src_uri,
                p.title,
                tuple(p.meta.keywords),
                p.date_modified or p.meta.updated or p.meta.date,
                p.source_hash,
                source_hash,
                arts,
                locked,
                regen,
                content=content_features(p.source, cache.version[2]),
            )
        )
    cache.save({k for k in cache.entries if k.startswith("p:")} | {"m:" + p.slug for p in pages})
    return sorted(out, key=lambda i: i.src_uri)


def page_date(text: str) -> dt.date | None:
    """The ``updated`` (else ``date``) of a page's front matter, as the plan reads it."""
    return _meta(text)[0].get("_updated")


def _meta(text: str) -> tuple[dict[str, Any], str]:
    meta: dict[str, Any] = {}
    m = FRONT_MATTER_RE.match(text)
    body = text
    if m:
        quick = _quick_front_matter(m.group(1) or "")
        if quick is not None:
            meta = quick
        else:
            try:
                _, loaded = compose_and_load(m.group(1) or "")
                meta = loaded if isinstance(loaded, dict) else {}
            except yaml.YAMLError:  # reported with its line where the page is loaded
                meta = {}
        body = text[m.end() :]
    meta["_updated"] = _as_date(meta.get("updated")) or _as_date(meta.get("date"))
    return meta, body


def own_host(project: Any) -> str | None:
    """The site's host: links to it are not cited sources."""
    return urlsplit(str(project.site_url or "")).hostname or None


def _read_page(
    src_uri: str, path: str, host: str | None
) -> tuple[str, list[str], str | None, str, bool, tuple[float, ...]]:
    """(title, keywords, updated ISO date or None, sha256, dated in front matter, content features) of one page file."""
    with open(path, "rb") as fh:
        data = fh.read()
    sha = hashlib.sha256(data).hexdigest()
    text = data.decode("utf-8", errors="replace")
    meta, body = _meta(text)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        h1 = _H1_RE.search(body)
        title = h1.group(1) if h1 else Path(src_uri).stem.replace("-", " ").capitalize()
    keywords = meta.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    updated = meta["_updated"]
    return (
        " ".join(str(title).split()),
        [str(k) for k in keywords if k],
        updated.isoformat() if updated else None,
        sha,
        updated is not None,
        content_features(text, host),
    )


def page_entries(project: Any) -> list[tuple[str, str]]:
    docs = str(project.docs_dir)
    return _walk(docs) if os.path.isdir(docs) else [(u, str(p)) for u, p in project.page_paths()]


def from_files(project: Any, entries: list[tuple[str, str]] | None = None) -> list[PageInfo]:
    """PageInfo straight from content/ and generated/ (no Markdown parsing; cached by stat)."""
    gen = str(project.generated_dir)
    if entries is None:
        entries = page_entries(project)
    cache = _Cache(project)
    host = cache.version[2]
    history: dict[Path, tuple[dt.date, dt.date]] | None = None
    out = []
    for src_uri, path in entries:
        stamp = _stat(path)
        key = "p:" + src_uri
        hit = cache.get(key, stamp)
        if hit is None:
            hit = list(_read_page(src_uri, path, host))
            cache.put(key, stamp, hit)
        title, keywords, updated_iso, sha, dated, content = hit
        updated = dt.date.fromisoformat(updated_iso) if updated_iso else None
        if not dated:  # no date in front matter: the last commit, like the build does
            if history is None:
                history = git_dates(project.docs_dir)
            found = history.get(Path(path).resolve())
            updated = found[1] if found else None
        slug = src_uri[:-3] if src_uri.endswith(".md") else src_uri
        source_hash, arts, locked, regen = _manifest_cached(cache, gen, slug)
        out.append(
            PageInfo(
                src_uri, title, tuple(keywords), updated, sha, source_hash, arts, locked, regen, content=tuple(content)
            )
        )
    keep = {"p:" + u for u, _ in entries} | {"m:" + (u[:-3] if u.endswith(".md") else u) for u, _ in entries}
    cache.save(keep)
    return out
