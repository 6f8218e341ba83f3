"""Material's search index written in pieces while ``aeoloop build`` renders: the same bytes, never
the whole index in memory at once.

Why: Material's search plugin writes ``search/search_index.json`` in its ``on_post_build`` as one
``str`` (``json.dumps`` of every entry) and then that string's UTF-8 bytes. At 1,000 pages the
index is 6.75 MB of JSON: +16 MB at once on top of everything the build holds at its end, and that
was the build's peak memory (``bench/RESULTS.md``, session 10's ``rss`` section; memory freed late
does not lower a peak, not allocating does). Written entry by entry, in pieces of
:data:`PIECE` entries, the same JSON needs a few hundred KB.

The bytes are Material's (``tests/test_search_index.py`` compares them with
``SearchIndex.generate_search_index`` on a real site): the same encoder options (``separators``,
``default=str``, ASCII escapes), the same ``config`` keys in the same order, and a JSON object or
array written member by member with the encoder's separators is what the encoder writes for the
whole. Only a one-shot build comes here (:func:`search_index_in_pieces` wraps ``aeoloop build``'s
render): a dirty build, which merges the previous build's entries (``search_index_prev``), and a
plain ``mkdocs build``/``serve`` run Material's own code.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

__all__ = ["MATERIAL_SEARCH", "PIECE", "search_index_in_pieces", "write_search_index"]

MATERIAL_SEARCH = "material.plugins.search.plugin"
CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")  # what Material's index carries of its config, in order
PIECE = 256
"""Entries encoded and written together (~250 KB of JSON at the bench corpus's ~1 KB an entry)."""


class SearchIndex(Protocol):
    """Material's ``SearchIndex``: its options and the entries its indexer collected, in page order."""

    config: dict[str, Any]
    entries: list[dict[str, Any]]


def write_search_index(index: SearchIndex, path: str) -> None:
    """``index`` as Material writes it to ``path`` (``json.dumps(data, separators=(",", ":"),
    default=str)``, UTF-8), written a piece at a time; the entries are let go once written (a
    one-shot build reads them no more)."""
    encode = json.JSONEncoder(separators=(",", ":"), default=str).encode
    config = {key: index.config[key] for key in CONFIG_KEYS}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    entries = index.entries
    with open(path, "wb") as out:
        out.write(f'{{"config":{encode(config)},"docs":['.encode())
        for at in range(0, len(entries), PIECE):
            piece = ",".join(map(encode, entries[at : at + PIECE]))
            out.write((("," if at else "") + piece).encode("utf-8"))
        out.write(b"]}")
    index.entries = []


def _material_search(config: Any) -> Any | None:
    for plugin in config.plugins.values():
        if type(plugin).__module__ == MATERIAL_SEARCH:
            return plugin
    return None


@contextmanager
def search_index_in_pieces(config: Any) -> Iterator[None]:
    """While active, Material's search plugin (when ``config`` has it) writes its index with
    :func:`write_search_index` in a one-shot build; its own ``on_post_build`` otherwise (disabled
    plugin, a dirty build or previous entries to merge). Leaves the plugin's events as they were."""
    plugin = _material_search(config)
    events: list[Callable[..., Any]] = config.plugins.events["post_build"]
    original = plugin.on_post_build if plugin is not None else None
    at = next((i for i, method in enumerate(events) if method == original), None)
    if plugin is None or original is None or at is None:
        yield
        return

    def on_post_build(*, config: Any) -> None:
        if not plugin.config.enabled or plugin.is_dirty or plugin.search_index_prev is not None:
            original(config=config)
            return
        write_search_index(plugin.search_index, os.path.join(config.site_dir, "search", "search_index.json"))

    events[at] = on_post_build
    try:
        yield
    finally:
        events[at] = original
