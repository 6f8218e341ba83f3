"""Staging writes to ``generated/<page>/`` for build steps that own extra files of a page
(channel derivatives, audience variants): read what is there, decide whether a person's file
must be kept, stage new files and the page's ``manifest.json`` in the :class:`GeneratedStore`'s
pending writes (published with the site as one transaction), and stage deletions of files the
step no longer makes.

It sits below the steps that use it (``amplify.channels.step``, ``tailor.step``), so neither
borrows the other's private helpers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from .publish import DELETE, StagedFile, write_new

MANIFEST = "manifest.json"


class Store(Protocol):
    """What staging needs of :class:`aeoloop.generated.GeneratedStore`."""

    @property
    def pending(self) -> dict[Path, str | bytes | StagedFile]: ...

    def folder(self, slug: str) -> Path: ...


def sha_bytes(data: str | bytes | StagedFile) -> str:
    if isinstance(data, StagedFile):
        return data.sha256
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def same(data: str | bytes | StagedFile, current: str | bytes | None) -> bool:
    """Whether staging ``data`` would leave the file ``current`` as it is (a staged file by its hash)."""
    if isinstance(data, StagedFile):
        return current is not None and sha_bytes(current) == data.sha256
    return data == current


def write_staged(folder: Path, slug: str, files: dict[str, str | bytes]) -> dict[str, StagedFile]:
    """Write ``files`` (name under the page folder → content) complete into the scratch ``folder``
    (``<folder>/<slug>/<name>``), as :func:`stage_files` then stages them: by reference, not bytes.
    Safe in forked workers: each page's files go to their own path."""
    out: dict[str, StagedFile] = {}
    for name, data in files.items():
        path = folder / slug / name
        raw = data.encode("utf-8") if isinstance(data, str) else data
        # the usual case first (a new file in a folder an earlier job made): one system call, not
        # a mkdir and an unlink for every file (2,400 files of 300 pages in ~600 folders)
        try:
            write_new(path, raw)
        except FileNotFoundError:  # the page's first file: its folder
            path.parent.mkdir(parents=True, exist_ok=True)
            write_new(path, raw)
        except FileExistsError:  # the same page made again (a fallback): the newest wins
            path.unlink()
            write_new(path, raw)
        out[name] = StagedFile(str(path), hashlib.sha256(raw).hexdigest())
    return out


def read_file(path: Path) -> str | bytes | None:
    """The file as the step wrote it (PDFs as bytes, the rest as text), or None."""
    try:
        return path.read_bytes() if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def read_manifest(store: Store, slug: str) -> dict[str, Any]:
    """The page's manifest as staged so far in this build (else as on disk; {} if none or broken)."""
    return read_manifest_at(store.pending, store.folder(slug) / MANIFEST)


def read_manifest_at(pending: Mapping[Path, str | bytes | StagedFile], path: Path) -> dict[str, Any]:
    """:func:`read_manifest` of the writes ``pending``, at ``path``."""
    staged = pending.get(path)
    try:
        data = json.loads(staged) if isinstance(staged, str) else json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def stage_manifest(store: Store, slug: str, manifest: dict[str, Any]) -> None:
    """Stage the manifest when it differs from what is staged or on disk."""
    stage_manifest_at(store.pending, store.folder(slug) / MANIFEST, manifest)


def stage_drafts(pending: dict[Path, str | bytes | StagedFile], drafts: dict[Path, str]) -> None:
    """Stage each manifest of ``drafts`` (path → the manifest as compact JSON) and empty it."""
    while drafts:
        path, compact = drafts.popitem()
        stage_manifest_at(pending, path, json.loads(compact))


def stage_manifest_at(pending: dict[Path, str | bytes | StagedFile], path: Path, manifest: dict[str, Any]) -> None:
    """:func:`stage_manifest` into the writes ``pending``, at ``path``."""
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    staged = pending.get(path)
    try:
        on_disk = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        on_disk = None
    if text != (staged if staged is not None else on_disk):
        if text == on_disk:
            pending.pop(path, None)
        else:
            pending[path] = text


def protection(current: str | bytes | None, record: Any) -> str | None:
    """Why a file the step would write must be kept: "locked" (status in the manifest), "edited"
    (its hash differs from the recorded one, or nothing records it: a person put it there), or None."""
    if current is None:
        return None
    rec = record if isinstance(record, dict) else {}
    if rec.get("status") == "locked":
        return "locked"
    if not rec.get("sha256") or rec["sha256"] != sha_bytes(current):
        return "edited"
    return None


def stage_files(
    store: Store,
    slug: str,
    files: Mapping[str, str | bytes | StagedFile],
    protected: dict[str, str],
    manifest: dict[str, Any],
) -> None:
    """Stage ``files`` (name under the page folder → content) and record their hashes; files in
    ``protected`` are left alone. An approved file whose content changes goes back to draft."""
    folder = store.folder(slug)
    records = manifest.setdefault("artifacts", {})
    for name, data in files.items():
        if name in protected:
            continue
        rec = records.get(name) if isinstance(records.get(name), dict) else {}
        status = rec.get("status", "draft") if rec.get("status") in ("draft", "approved", "locked") else "draft"
        current = read_file(folder / name)
        unchanged = same(data, current)
        if status == "approved" and not unchanged:
            status = "draft"
        records[name] = {"status": status, "sha256": sha_bytes(data)}
        if not unchanged:
            store.pending[folder / name] = data
        else:
            store.pending.pop(folder / name, None)


def stage_delete(store: Store, slug: str, name: str, manifest: dict[str, Any]) -> bool:
    """Stage the deletion of a file the step made and no longer makes, and drop its record.
    Never a locked or hand-edited file (returns False: the caller reports it)."""
    folder = store.folder(slug)
    found = manifest.get("artifacts")
    records: dict[str, Any] = found if isinstance(found, dict) else {}
    current = read_file(folder / name)
    if current is not None and protection(current, records.get(name)):
        return False
    records.pop(name, None)
    if current is not None:
        store.pending[folder / name] = DELETE
    else:
        store.pending.pop(folder / name, None)
    return True
