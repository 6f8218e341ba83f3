"""Writing content-gap briefs (:mod:`.briefs`) to their folder, never over a person's edits.

Briefs are drafts outside ``content/`` (default ``briefs/``): a writer turns one into a page. The
folder keeps a ``manifest.json`` like ``generated/<page>/``: per brief the sha256 of what was
written and a status. A brief whose bytes differ from its hash was edited by a person and is
never overwritten, nor one marked ``locked``, nor a file the manifest does not know; the run
says which it kept.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .briefs import Brief, render

MANIFEST = "manifest.json"
STATUSES = ("draft", "approved", "locked")


@dataclass
class WriteResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, str]] = field(default_factory=list)
    """Files not overwritten and why: ``locked``, ``edited`` (since written) or ``not ours``."""
    stale: list[Path] = field(default_factory=list)
    """Briefs of earlier runs whose prompts are no longer gaps (left as they are)."""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load_manifest(folder: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # unreadable: every brief there counts as a person's file (protected)
    files = data.get("briefs") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, dict)}


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write(briefs: Sequence[Brief], folder: Path, *, dry_run: bool = False) -> WriteResult:
    """Write each brief as ``<slug>.md`` in ``folder`` unless a person owns the file (see the
    module doc), then the manifest."""
    result = WriteResult()
    recorded = _load_manifest(folder)
    records: dict[str, dict[str, str]] = dict(recorded)
    if not dry_run:
        folder.mkdir(parents=True, exist_ok=True)
    for brief in briefs:
        name = f"{brief.slug}.md"
        path = folder / name
        text = render(brief)
        rec = recorded.get(name, {})
        status = rec.get("status") if rec.get("status") in STATUSES else "draft"
        try:
            current: str | None = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        except (OSError, UnicodeDecodeError):
            current = ""
        why = None
        if current is not None:
            if status == "locked":
                why = "locked"
            elif not rec.get("sha256"):
                why = "not ours"
            elif rec["sha256"] != _sha(current):
                why = "edited"
        if why:
            result.kept.append((path, why))
            continue
        if current == text:
            result.unchanged.append(path)
        else:
            result.written.append(path)
            if not dry_run:
                _atomic_write(path, text)
        records[name] = {
            "sha256": _sha(text),
            "status": "draft" if status == "approved" and current != text else str(status),
        }
    now = {f"{b.slug}.md" for b in briefs}
    result.stale = [folder / n for n in sorted(recorded) if n not in now and (folder / n).exists()]
    manifest = json.dumps({"version": 1, "briefs": dict(sorted(records.items()))}, indent=2, sort_keys=True) + "\n"
    if not dry_run:
        try:
            old = (folder / MANIFEST).read_text(encoding="utf-8")
        except (FileNotFoundError, OSError, UnicodeDecodeError):
            old = None
        if old != manifest:
            _atomic_write(folder / MANIFEST, manifest)
    return result


__all__ = ["WriteResult", "write"]
