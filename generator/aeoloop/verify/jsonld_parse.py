"""Reading a JSON-LD script twice: as a strict RFC 8259 parser and as a lenient crawler (extruct).

Why: a block that only a lenient parser accepts is still broken for part of the crawlers, and
a block extruct cannot read hides *all* of a page's JSON-LD from crawlers built on it; both
views are needed to say which error a page has. ``extruct`` is imported lazily (~350 ms), and
only for a page with a script the strict parser rejects (:func:`_crawler_items_of` says what
extruct finds on the others), so a build whose JSON-LD is valid never pays for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .html import _El


_extruct_extract: Callable[..., dict[str, list[dict[str, Any]]]] | None = None


def _crawler_jsonld(tree: _El, base_url: str) -> list[dict[str, Any]] | None:
    """JSON-LD items as extruct (a lenient, crawler-grade parser) sees them, or None if it fails.

    The already-parsed tree is passed in, so this is an XPath plus a lenient
    ``json.loads`` per script, not a second parse.  With ``errors="ignore"`` a
    single unparseable block makes extruct return no JSON-LD at all, which is
    exactly what a crawler built on it would index.
    """
    global _extruct_extract
    if _extruct_extract is None:
        from extruct import extract  # lazy: ~350 ms import, skipped on all-cache-hit runs

        _extruct_extract = extract
    try:
        out = _extruct_extract(tree, base_url=base_url, syntaxes=["json-ld"], uniform=True, errors="ignore")
    except Exception:  # extruct raising on odd input is itself the "crawler sees nothing" case
        return None
    items = out.get("json-ld")
    return items if items else None


def _crawler_items_of(parsed: list[Any]) -> list[Any] | None:
    """What :func:`_crawler_jsonld` returns for a page whose every ld+json script a strict parser
    read (``parsed``: each script's value, in page order), without extruct.

    Why: extruct reads each script with ``json.loads(strict=False)``, which accepts everything a
    strict parser does and reads it to the same value; it then takes a list's items, a single
    object as one item, nothing from any other value, and leaves out empty items. So on such a page
    its view is known, and a build whose JSON-LD is valid (every CI build of a healthy site) never
    imports extruct (~0.2 CPU-s in the process that verifies, with mf2py, html5lib, requests, rdflib
    helpers). ``tests/test_verify_crawler_view.py`` holds this equal to extruct's own answer."""
    items = [
        item
        for value in parsed
        for item in (value if isinstance(value, list) else [value] if isinstance(value, dict) else [])
        if item
    ]
    return items if items else None


class _DuplicateKeys:
    """``object_pairs_hook`` that records duplicate keys (parsers disagree on which one wins)."""

    __slots__ = ("duplicates",)

    def __init__(self) -> None:
        self.duplicates: list[str] = []

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.duplicates.append(key)
                seen.add(key)
        return obj


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _strict_json(raw: str) -> tuple[Any, str | None, list[str]]:
    """Parse like a strict RFC 8259 parser: no NaN/Infinity, no control chars in strings.

    Returns (data, error message or None, duplicate keys).
    """
    hook = _DuplicateKeys()
    try:
        data = json.loads(raw, parse_constant=_reject_constant, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        start = max(0, exc.pos - 30)
        snippet = raw[start : exc.pos + 30].replace("\n", " ")
        return None, f"{exc.msg} at line {exc.lineno} column {exc.colno} (near {snippet!r})", []
    except ValueError as exc:
        return None, str(exc), []
    return data, None, hook.duplicates
