"""The per-page verify cache: findings and facts keyed by the page's sha256.

Why: verify runs at the end of every build, and most pages do not change between builds. The
file is keyed by ``VERSION``, the checks' code (:func:`aeoloop.verify.readback.analysis_version`:
each entry also keeps the page's read key, which that code is part of), ``site_url`` and
``use_directory_urls`` (with the page's file they make the URL its checks read), and written
atomically, so a changed check, a new site URL or URL style or a killed build can never serve stale
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


def _load_cache(path: Path | None, site_url: str, use_directory_urls: bool) -> dict[str, Any]:
    """Cached entries by page, or {} when the file is missing, corrupt, or from another VERSION,
    site_url or use_directory_urls."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("version") != _cache_version()
        or data.get("site_url") != site_url
        or data.get("use_directory_urls") is not use_directory_urls
    ):
        return {}
    pages = data.get("pages")
    return pages if isinstance(pages, dict) else {}


def _save_cache(path: Path, site_url: str, use_directory_urls: bool, entries: dict[str, Any]) -> None:
    """Write atomically (temp file + rename) so a killed build never leaves a torn cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(
            {
                "version": _cache_version(),
                "site_url": site_url,
                "use_directory_urls": use_directory_urls,
                "pages": entries,
            },
            sort_keys=True,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    os.replace(tmp, path)
