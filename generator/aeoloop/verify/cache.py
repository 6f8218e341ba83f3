"""The per-page verify cache: findings and facts keyed by the page's sha256.

Why: verify runs at the end of every build, and most pages do not change between builds. The
file is keyed by ``VERSION``, the checks' code (:func:`aeoloop.verify.readback.analysis_version`:
each entry also keeps the page's read key, which that code is part of) and ``site_url``, and
written atomically, so a changed check, a new site URL or a killed build can never serve stale
results.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .readback import analysis_version
from .report import _version


def _cache_version() -> str:
    return f"{_version()}:{analysis_version()[:16]}"


def _load_cache(path: Path | None, site_url: str) -> dict[str, Any]:
    """Cached entries by page, or {} when the file is missing, corrupt, or from another VERSION/site_url."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _cache_version() or data.get("site_url") != site_url:
        return {}
    pages = data.get("pages")
    return pages if isinstance(pages, dict) else {}


def _save_cache(path: Path, site_url: str, entries: dict[str, Any]) -> None:
    """Write atomically (temp file + rename) so a killed build never leaves a torn cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(
            {"version": _cache_version(), "site_url": site_url, "pages": entries},
            sort_keys=True,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    os.replace(tmp, path)
