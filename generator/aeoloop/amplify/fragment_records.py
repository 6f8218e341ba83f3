"""The page-content analyses of the fragment cache, as each page's committed manifest records them.

Why: a CI build (a fresh clone) has no ``.aeoloop/fragments.sqlite``, so it analysed every page's
HTML again in MkDocs' Markdown phase (what the page already says, where its opening is the
summary, which FAQ answers it prints: ~0.75 ms a page). Each page's manifest records them
(``"render": {"<kind>:<digest>": fragment text}``) under the fragment cache's own keys
(:class:`aeoloop.amplify.fragments.FragmentCache`: a hash of every input, MkDocs' HTML of the page
and the generated texts, and ``:<page>``), and every cache looks here before its file. A recorded
entry is never stale, only unused (another Markdown library renders other HTML: a miss, computed as
before). The JSON-LD graphs are not recorded: 4-8 KB a page, and keyed by the git dates.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping

CONTENT_KINDS = ("said", "split", "answered")
"""The page-content analyses recorded in the manifests (see the module docstring)."""
RECORDED_ENTRY = "render"
"""The manifest entry holding a page's content analyses: ``{"<kind>:<digest>": fragment text}``."""

_RECORDED: dict[str, object] = {}
"""Content analyses recorded in the pages' manifests, by full key, as the manifests hold them
(:func:`use_recorded`; checked when asked for). A module value, set by
the build process before the render forks, so every process that renders a page finds them,
whatever fragment cache it opens (a key names its page and every input)."""


def use_recorded(entries: Mapping[str, object]) -> None:
    """The recorded content analyses (full key → value) the caches of this process may take."""
    _RECORDED.clear()
    _RECORDED.update(entries)


def recorded_of(page: str, entry: object) -> dict[str, object]:
    """A manifest's ``"render"`` entry as full keys of ``page`` → value (see :func:`use_recorded`)."""
    if not isinstance(entry, dict):
        return {}
    return {f"{short}:{page}": value for short, value in entry.items() if isinstance(short, str)}


def recorded(key: str) -> str | None:
    """The recorded value under ``key`` as fragment text; one that is not the shape its kind stores
    (a hand edit, a merge gone wrong) is a miss, never a traceback."""
    if not _RECORDED:
        return None
    text = _RECORDED.get(key)
    kind, _, rest = key.partition(":")
    if not isinstance(text, str) or kind not in CONTENT_KINDS or len(rest.partition(":")[0]) != 40:
        return None
    return text if _valid_text(kind, text) else None


def _valid_text(kind: str, text: str) -> bool:
    try:
        return _valid(kind, json.loads(text))
    except ValueError:
        return False


def page_keys(keys: Iterable[str]) -> dict[str, set[str]]:
    """The content-analysis keys among ``keys`` (those a build used), by page, each as its manifest
    records it (``<kind>:<digest>``, without the page)."""
    out: dict[str, set[str]] = {}
    for key in keys:
        kind, _, rest = key.partition(":")
        hexdigest, _, page = rest.partition(":")
        if kind in CONTENT_KINDS and page:
            out.setdefault(page, set()).add(f"{kind}:{hexdigest}")
    return out


def holds(entry: object, keys: set[str]) -> bool:
    """Whether a page's recorded ``"render"`` entry has exactly ``keys``, each of the shape its kind
    stores (then nothing is staged: equal keys, equal values, as a key is a hash of every input)."""
    if not isinstance(entry, dict) or set(entry) != keys:
        return False
    return all(isinstance(text, str) and _valid_text(short.partition(":")[0], text) for short, text in entry.items())


def page_entry(page: str, keys: Iterable[str], value: Callable[[str], str | None]) -> dict[str, str] | None:
    """A page's ``"render"`` manifest entry: each of its ``keys`` (as :func:`page_keys` gives them)
    with its fragment text as ``value(full key)`` reads it (compact JSON: one line of the manifest
    each); None if one cannot be read."""
    entry: dict[str, str] = {}
    for short in sorted(keys):
        text = value(f"{short}:{page}")
        if text is None:
            return None
        entry[short] = text
    return entry


def _valid(kind: str, value: object) -> bool:
    """Whether ``value`` is what :class:`FragmentCache` stores for ``kind`` (see its three methods)."""
    if kind == "said":
        return isinstance(value, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in value)
    if kind == "answered":
        return isinstance(value, list) and all(
            isinstance(item, list)
            and len(item) == 3
            and isinstance(item[0], int)
            and isinstance(item[1], str)
            and isinstance(item[2], str)
            for item in value
        )
    return value is None or (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and isinstance(value[1], str)
        and isinstance(value[2], int)
        and not isinstance(value[2], bool)
    )
