"""The tailor step's shortcut on warm builds: what each page's audiences came to last time, keyed
by everything that decides it, in ``.aeoloop/tailor-cache.json``.

Why: with nothing changed, the step used to read every page's manifest and its twelve audience
files (intros and derivatives, three audiences), hash them to tell an edit, and recompute every
cache key, only to conclude there was nothing to do: about a millisecond a page, a tenth of a
warm build's engine time. Now an unchanged page costs one ``stat`` per file.

The key of a page is a hash of: the build-wide inputs (the tailor and channel code, every file in
brand/, mkdocs.yml, the producer of intros), the page's source hash and language, and the size,
mtime and inode of its ``manifest.json`` and of every file under its ``audiences/``. Any edit,
lock (a manifest change), deleted or added file, or regenerated artifact changes it. A page is
stored only when the build staged nothing for it (what it shows then follows from the files on
disk alone, whether or not this build is later published), and looked up only when nothing is
staged under its folder and it is not forced. CI builds start without the file and take the full
path (and fill the file: the next build on the same machine is warm).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..errors import Diagnostic
from .variant import Variant

NAME = "tailor-cache.json"
VERSION = 1


def build_key(project: Any, producer: dict[str, str]) -> str:
    """What decides every page's outcome besides the page itself and its files."""
    h = hashlib.sha256(f"{VERSION}\0{json.dumps(producer, sort_keys=True)}".encode())
    here = Path(__file__).parent
    for path in sorted(here.glob("*.py")) + sorted((here.parent / "amplify" / "channels").glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for root, dirs, files in os.walk(project.brand_dir):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            h.update(str(path.relative_to(project.brand_dir)).encode() + b"\0" + path.read_bytes())
    h.update(project.config_file.read_bytes())
    return h.hexdigest()


def page_key(
    base: str, page: Any, folder: str, files: list[str], seen: dict[str, tuple[int, int, int]] | None = None
) -> str:
    """The page's key; ``seen``: (size, mtime, inode) of files as they were read, which need no
    ``stat`` again (:func:`.files.read` notes them)."""
    parts = [base, page.source_hash, page.lang]
    for name in ["manifest.json", *files]:
        path = f"{folder}/{name}"
        known = seen.get(path) if seen is not None else None
        if known is None:
            try:
                st = os.stat(path)
            except OSError:
                parts.append(f"{name}:-")
                continue
            known = (st.st_size, st.st_mtime_ns, st.st_ino)
        parts.append(f"{name}:{known[0]}:{known[1]}:{known[2]}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def staged_folders(pending: dict[Path, Any], root: Path) -> set[Path]:
    """Every folder under ``root`` that holds (or contains one that holds) a staged write."""
    out: set[Path] = set()
    for path in pending:
        for parent in path.parents:
            if parent == root or parent in out:
                break
            out.add(parent)
    return out


class WarmCache:
    def __init__(self, path: Path, base: str) -> None:
        self.path, self.base = path, base
        self.entries: dict[str, Any] = {}
        self.dirty = False
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(raw, dict) and raw.get("base") == base and isinstance(raw.get("pages"), dict):
                self.entries = raw["pages"]
        except (OSError, ValueError):
            pass

    def has(self, uri: str) -> bool:
        """Whether last build left an outcome for the page (a CI build: none)."""
        return uri in self.entries

    def get(self, uri: str, key: str) -> tuple[dict[str, Variant], list[Diagnostic]] | None:
        entry = self.entries.get(uri)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            shown = {v[0]: Variant(*v) for v in entry["shown"]}
            diags = [Diagnostic(f, ln, m, lv) for f, ln, m, lv in entry["diags"]]
        except (KeyError, TypeError, ValueError):
            return None
        return shown, diags

    def put(self, uri: str, key: str, shown: dict[str, Variant], diags: list[Diagnostic]) -> None:
        entry = {
            "key": key,
            "shown": [[v.audience, v.stage, v.cta_text, v.cta_url, v.intro] for v in shown.values()],
            "diags": [[d.file, d.line, d.message, d.level] for d in diags],
        }
        if self.entries.get(uri) != entry:
            self.entries[uri] = entry
            self.dirty = True

    def save(self, keep: set[str]) -> None:
        if set(self.entries) - keep:
            self.entries = {u: e for u, e in self.entries.items() if u in keep}
            self.dirty = True
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"base": self.base, "pages": self.entries}), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only cache folder only costs the next build its shortcut
