"""An index of one page's JSON-LD graph: nodes by resolved ``@id``, every reference, value helpers.

Why: schema checks follow ``@id`` references (author -> Person, mainEntity -> Question) and
must resolve them exactly as a JSON-LD processor would, relative to the page URL.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .urls import _join


_ISO_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _is_ref(obj: dict[str, Any]) -> bool:
    return len(obj) == 1 and "@id" in obj


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _parse_iso_date(value: Any) -> date | None:
    """Parse an ISO 8601 date or date-time to its calendar date.

    Hand-rolled because ``date.fromisoformat`` on Python 3.10 rejects ``Z`` and
    most offsets, and we support 3.10.
    """
    if not isinstance(value, str):
        return None
    m = _ISO_RE.match(value.strip())
    if not m:
        return None
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if m.group(4) is not None:
        if int(m.group(4)) > 23 or int(m.group(5)) > 59 or (m.group(6) and int(m.group(6)) > 60):
            return None
    return d


class _Graph:
    """Index of one page's JSON-LD graph: nodes by resolved ``@id`` and every reference.

    ``@id`` values are resolved against the page URL, as a JSON-LD processor does,
    so a relative ``#organization`` means *this page's* organization, not the site's.
    """

    def __init__(self, doc: dict[str, Any], page_url: str) -> None:
        self.page_url = page_url
        self.nodes: dict[str, dict[str, Any]] = {}
        self.all_nodes: list[tuple[str, dict[str, Any]]] = []  # (path, node) for every non-ref object
        self.refs: list[tuple[str, str]] = []  # (path, resolved @id)
        graph = doc.get("@graph")
        roots = graph if isinstance(graph, list) else [doc]
        self.root_paths: set[str] = set()
        for i, node in enumerate(roots):
            if isinstance(node, dict):
                label = "/".join(sorted(_types(node))) or f"@graph[{i}]"
                self.root_paths.add(label)
                self._walk(node, label)

    def _walk(self, obj: Any, path: str) -> None:
        if isinstance(obj, list):
            for i, item in enumerate(obj):
                if isinstance(item, (dict, list)):  # (a string or number holds no node: no path made for it)
                    self._walk(item, f"{path}[{i}]")
            return
        if not isinstance(obj, dict):
            return
        node_id = obj.get("@id")
        if _is_ref(obj):
            if isinstance(node_id, str):
                self.refs.append((path, _join(self.page_url, node_id)))
            return
        if isinstance(node_id, str):
            self.nodes.setdefault(_join(self.page_url, node_id), obj)
        self.all_nodes.append((path, obj))
        for key, value in obj.items():
            if isinstance(value, (dict, list)) and not key.startswith("@"):
                self._walk(value, f"{path}.{key}")

    def resolve(self, obj: Any) -> Any:
        """Follow an ``{"@id": ...}`` reference to its node; anything else is returned as is."""
        if isinstance(obj, dict) and _is_ref(obj) and isinstance(obj.get("@id"), str):
            return self.nodes.get(_join(self.page_url, obj["@id"]))
        return obj
