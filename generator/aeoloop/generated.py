"""``generated/<page>/``: artifacts with provenance, cache decisions and locks.

The promise to users: a file that a person edited is never overwritten. A manifest records, per
artifact, the sha256 of what the generator last wrote and its status (``draft``, ``approved``,
``locked``). When a file's bytes differ from that hash, a person changed it: it is kept as it is
(and the build says so until the person marks it ``locked``). Unchanged inputs reuse the files
as they are, so nothing is rewritten and no backend runs.

A manifest that cannot be read (truncated, not JSON, wrong types) is reported as a warning
naming it and treated as missing: files that exist are kept as edited by hand (nothing says
they are the generator's), missing ones are generated, and a new manifest is written. A file
kept that way stays protected in the new manifest until a person locks or deletes it.

Writes are staged: :class:`GeneratedStore` collects them during a build and :meth:`commit`
(or the build's publish step, together with the site) applies them through the journaled
transaction of :mod:`aeoloop.publish` only after the site was built: a failed or killed build
leaves ``generated/`` as it was, and a manifest never records the hash of an incomplete file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any, TypeAlias

from .artifacts import FORMATS, PageArtifacts
from .errors import Diagnostic
from .publish import StagedFile, publish, scratch_folder
from .staging import read_manifest_at, stage_drafts

MANIFEST = "manifest.json"
STATUSES = ("draft", "approved", "locked")
MANIFEST_VERSION = 1
# recorded for a file kept as edited by hand with no hash on record: matches no content, so the
# file stays protected in later builds too
UNKNOWN_SHA = "unknown: found without a record of what was generated"
HISTORY_KEEP = 20
RECORDED = ("lint", "guardrails", "verify", "page", "render", "readback")
"""Manifest entries later steps look up (verdicts recorded with the artifacts, see
``express.verdicts``): kept from the manifest as read, so they need not read it again."""
"""How many ``history`` entries a manifest keeps (the newest): enough to replay a year of weekly plans."""


def parse_history(data: dict[str, Any]) -> list[dict[str, str]] | None:
    """A manifest's ``history`` (oldest first): ``{"date": ISO day, "sha256": source hash}`` per
    version of the page's source, the date it took that content as the build resolved it. ``[]``
    when there is none; None when it is malformed (not a list of such objects, dates not ISO days
    in order): the caller says so, naming the file, and ignores it."""
    history = data.get("history", [])
    if not isinstance(history, list):
        return None
    last = ""
    for entry in history:
        if not (
            isinstance(entry, dict) and isinstance(entry.get("date"), str) and isinstance(entry.get("sha256"), str)
        ):
            return None
        try:
            dt.date.fromisoformat(entry["date"])
        except ValueError:
            return None
        if len(entry["date"]) != 10 or entry["date"] < last:
            return None
        last = entry["date"]
    return history


def _with_history(history: list[dict[str, str]], source_hash: str, dated: dt.date | None) -> list[dict[str, str]]:
    """``history`` with the current source appended when it is new (first build, or its hash changed)
    and its date is known; the newest :data:`HISTORY_KEEP` entries. Deterministic: the page's own
    date, never the clock, so fresh builds are byte-identical."""
    if dated is None or (history and history[-1]["sha256"] == source_hash):
        return history
    day = max(dated.isoformat(), history[-1]["date"]) if history else dated.isoformat()  # dates stay in order
    return [*history, {"date": day, "sha256": source_hash}][-HISTORY_KEEP:]


def manifest_problem(data: Any) -> str | None:
    """What makes a parsed manifest unusable, or None. Checked before any field is used, so a
    hand-mangled manifest is one warning, never a traceback."""
    if not isinstance(data, dict):
        return "is not a JSON object"
    artifacts = data.get("artifacts", {})
    if not isinstance(artifacts, dict):
        return "`artifacts` is not an object"
    for name, rec in artifacts.items():
        if not isinstance(rec, dict):
            return f"`artifacts.{name}` is not an object"
        for key in ("sha256", "status"):
            if key in rec and not isinstance(rec[key], str):
                return f"`artifacts.{name}.{key}` is not a string"
    for key in ("provenance", "channels"):
        if key in data and not isinstance(data[key], dict):
            return f"`{key}` is not an object"
    if any(not isinstance(v, dict) for v in data.get("channels", {}).values()):
        return "`channels` has an entry that is not an object"
    return None


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


Generated: TypeAlias = "PageArtifacts | tuple[PageArtifacts, Provenance] | None"
"""What a backend made for a page (see :meth:`GeneratedStore.resolve`)."""
Generate: TypeAlias = "Callable[[], Generated]"
"""What :meth:`GeneratedStore.resolve` calls when a page must be generated."""


@dataclass
class _OnDisk:
    """A page's folder in ``generated/`` as read before deciding what to regenerate."""

    slug: str
    folder: Path
    manifest: dict[str, Any]
    bad: Diagnostic | None
    recorded: dict[str, dict[str, str]]
    current: dict[str, str | None]
    reusable: bool = False

    def protected(self, name: str) -> str | None:
        """Why this file must not be overwritten, or None."""
        rec = self.recorded.get(name, {})
        text = self.current[name]
        if text is None:
            return None
        if rec.get("status") == "locked":
            return "locked"
        if rec.get("sha256") and rec["sha256"] != sha(text):
            return "edited"
        if not rec.get("sha256") and text.strip():
            return "edited"  # nothing records it as generated (no manifest, or no hash in it): a person's file
        return None


@dataclass(frozen=True)
class Provenance:
    """Everything that decides an artifact's content: if all of it is unchanged, reuse."""

    page: str
    source_hash: str
    backend: str
    model: str
    template_version: str
    brand_rules_hash: str
    options_hash: str

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


@dataclass
class PageResult:
    """What the store decided for one page; the plugin renders ``artifacts``."""

    artifacts: PageArtifacts
    regenerated: bool
    kept: list[str] = field(default_factory=list)  # artifact files kept because locked or edited
    notes: list[Diagnostic] = field(default_factory=list)


class GeneratedStore:
    def __init__(self, root: Path, display_root: Path, cache_dir: Path | None = None) -> None:
        self.root = root
        self.display_root = display_root
        self.cache_dir = cache_dir or display_root / ".aeoloop"  # staging area and journal of commit()
        self._pending: dict[Path, str | bytes | StagedFile] = {}
        self._drafts: dict[Path, str] = {}  # a manifest's path -> the manifest as compact JSON (see record)
        self._scratch: Path | None = None  # where files made in worker processes wait for publish
        self.dates: dict[str, dt.date] = {}
        """Each page's date as the build resolved it (``updated``, else its last commit), by
        ``src_uri``: the date a new source hash is recorded with in the manifest's ``history``."""
        self.recorded: dict[str, dict[str, Any]] = {}
        """The :data:`RECORDED` entries of each page's manifest as read (by slug), and as staged since."""

    @property
    def pending(self) -> dict[Path, str | bytes | StagedFile]:
        """Every write this build stages (path → content), the manifests :meth:`record` holds back serialised first."""
        stage_drafts(self._pending, self._drafts)
        return self._pending

    def folder(self, slug: str) -> Path:
        return self.root / slug

    def scratch(self) -> Path:
        """The folder for this build's :class:`~aeoloop.publish.StagedFile` writes (made on first use)."""
        if self._scratch is None:
            self._scratch = scratch_folder(self.cache_dir)
        return self._scratch

    def clear(self) -> None:
        """Forget every pending write (published, or the build failed) and delete the scratch folder."""
        self._pending.clear()
        self._drafts.clear()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def load_manifest(self, slug: str) -> tuple[dict[str, Any] | None, Diagnostic | None]:
        """(manifest, problem): (None, None) when there is none; (None, warning) when it cannot
        be used (then files that exist are protected as edited, see the module docstring)."""
        path = self.folder(slug) / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None, None
        except json.JSONDecodeError as err:
            return None, self._bad_manifest(path, err.lineno, f"is not valid JSON ({err.msg})")
        except UnicodeDecodeError:
            return None, self._bad_manifest(path, None, "is not UTF-8")
        except (OSError, ValueError, RecursionError) as err:
            return None, self._bad_manifest(path, None, f"cannot be read ({err})")
        problem = manifest_problem(data)
        if problem is not None:
            return None, self._bad_manifest(path, None, problem)
        return data, None

    def _bad_manifest(self, path: Path, line: int | None, problem: str) -> Diagnostic:
        return Diagnostic(
            self._display(path),
            line,
            f"{problem}; treated as missing: files already there are kept as edited by "
            "hand (delete one to have it generated again), missing ones are generated",
            "warning",
        )

    def _display(self, path: Path) -> str:
        try:
            return path.relative_to(self.display_root).as_posix()
        except ValueError:
            return path.as_posix()

    def is_fresh(self, prov: Provenance, *, force: bool = False) -> bool:
        """True when :meth:`resolve` would not call ``generate``: inputs unchanged and every file
        as recorded, or every file locked or edited by hand (nothing could be regenerated)."""
        return self._on_disk(prov, force).reusable

    def _on_disk(self, prov: Provenance, force: bool) -> _OnDisk:
        """What ``generated/<page>/`` holds now, and whether it can be reused as it is."""
        slug = prov.page[:-3] if prov.page.endswith(".md") else prov.page
        folder = self.folder(slug)
        loaded, bad = self.load_manifest(slug)
        manifest = loaded or {}
        self.recorded[slug] = {k: manifest[k] for k in RECORDED if k in manifest}
        recorded: dict[str, dict[str, str]] = (
            manifest.get("artifacts", {}) if isinstance(manifest.get("artifacts"), dict) else {}
        )
        same_inputs = manifest.get("provenance") == prov.as_dict() and not force

        current: dict[str, str | None] = {}
        for name in FORMATS:
            try:
                current[name] = (folder / name).read_text(encoding="utf-8")
            except FileNotFoundError:
                current[name] = None
        on_disk = _OnDisk(slug, folder, manifest, bad, recorded, current)
        reusable = same_inputs and all(
            current[n] is not None
            and (recorded.get(n, {}).get("sha256") == sha(current[n] or "") or on_disk.protected(n))
            for n in FORMATS
        )
        # all locked/edited: nothing to regenerate
        on_disk.reusable = reusable or all(on_disk.protected(n) for n in FORMATS)
        return on_disk

    def resolve(self, prov: Provenance, generate: Generate, *, force: bool = False) -> PageResult:
        """Reuse, regenerate or keep each artifact of a page; stage the writes.

        ``generate`` is called (at most once) only when something must be regenerated. It returns
        the new :class:`PageArtifacts`; or ``(artifacts, provenance)`` when something else made
        them (an LLM backend that fell back to extractive output records what really made the
        files, so the next build tries again); or ``None`` to keep the files and the recorded
        provenance as they are (the last good artifacts; also tried again next build).
        """
        on_disk = self._on_disk(prov, force)
        slug, folder, manifest, bad = on_disk.slug, on_disk.folder, on_disk.manifest, on_disk.bad
        recorded, current, reusable, protected = on_disk.recorded, on_disk.current, on_disk.reusable, on_disk.protected
        result = PageResult(PageArtifacts(), regenerated=not reusable)
        if bad is not None:
            result.notes.append(bad)
        fresh = None if reusable else generate()
        record_prov = prov.as_dict()
        if isinstance(fresh, tuple):  # (artifacts, provenance of what really made them)
            fresh, used = fresh
            record_prov = used.as_dict()
        elif fresh is None and not reusable:  # the backend kept the last good files
            result.regenerated = False
            record_prov = manifest.get("provenance") or record_prov
        # records of other files (channel derivatives) are kept: their build step manages them
        new_records: dict[str, dict[str, str]] = {
            k: v for k, v in recorded.items() if k not in FORMATS and isinstance(v, dict)
        }
        for name, fmt in FORMATS.items():
            rec = recorded.get(name, {})
            status = rec.get("status", "draft") if rec.get("status") in STATUSES else "draft"
            why = protected(name)
            if why:
                text = current[name] or ""
                result.kept.append(name)
                if why == "edited":
                    result.notes.append(
                        Diagnostic(
                            self._display(folder / name),
                            None,
                            f'edited by hand since it was generated; kept. Set its status to "locked" in {MANIFEST} '
                            "to keep it for good, or delete the file to regenerate it",
                            "warning",
                        )
                    )
                new_records[name] = {"status": status, "sha256": rec.get("sha256") or UNKNOWN_SHA}
                fmt.read_into(text, result.artifacts)
            elif fresh is None:
                text = current[name] or ""
                new_records[name] = {"status": status, "sha256": sha(text)}
                fmt.read_into(text, result.artifacts)
            else:
                fmt.copy(fresh, result.artifacts)
                text = fmt.text_of(fresh)
                if status == "approved" and text != current[name]:
                    status = "draft"  # content changed: the approval was for the old text
                new_records[name] = {"status": status, "sha256": sha(text)}
                if text != current[name]:
                    self.pending[folder / name] = text
        if fresh is not None:
            result.artifacts.notes = fresh.notes
        extra = {
            k: v for k, v in manifest.items() if k not in ("version", "provenance", "artifacts")
        }  # e.g. "channels"
        history = parse_history(manifest)
        if history is None:
            result.notes.append(
                Diagnostic(
                    self._display(folder / MANIFEST),
                    None,
                    "`history` is not a list of {date, sha256} entries in date order; ignored and started again "
                    "from this build (plans for past dates on a shallow clone cannot date this page before it)",
                    "warning",
                )
            )
            history = []
        history = _with_history(history, prov.source_hash, self.dates.get(prov.page))
        extra.pop("history", None)
        if history:
            extra["history"] = history
        new_manifest = {**extra, "version": MANIFEST_VERSION, "provenance": record_prov, "artifacts": new_records}
        if new_manifest == manifest:  # as on disk (parsed): no serialising and comparing (~1 ms a page, every build)
            return result
        text = json.dumps(new_manifest, indent=2, sort_keys=True) + "\n"
        if text != self._manifest_text(slug):
            self.pending[folder / MANIFEST] = text
        return result

    def record(self, slug: str, name: str, value: Any) -> None:
        """Stage the page's manifest with the entry ``name`` (one of :data:`RECORDED`) set to
        ``value`` (None: removed), on top of what this build staged so far. Only a page with a
        manifest gets one; nothing is staged when nothing changes. Its text (``json.dumps(indent=2)``:
        Python's encoder, ~0.1 ms) is made when :attr:`pending` is next read, not for each of a cold
        build's six entries a page (0.4 CPU-s at 1,000 pages); till then it is compact JSON, not text."""
        path = self.folder(slug) / MANIFEST
        compact = self._drafts.get(path)
        manifest = json.loads(compact) if compact is not None else read_manifest_at(self._pending, path)
        if not manifest or manifest.get(name) == value:
            return
        if value is None:
            del manifest[name]
        else:
            manifest[name] = value
        self._drafts[path] = json.dumps(manifest, sort_keys=True)
        self._pending.pop(path, None)
        self.recorded.setdefault(slug, {}).pop(name, None)
        if value is not None:
            self.recorded[slug][name] = value

    def staged(self, slug: str) -> bool:
        """Whether this build writes the page's manifest (staged, different from what is on disk)."""
        path = self.folder(slug) / MANIFEST
        if path in self._drafts:
            if not path.exists():  # (a page new to generated/: its manifest is written whatever it holds)
                return True
            stage_drafts(self._pending, {path: self._drafts.pop(path)})
        return path in self._pending

    def _manifest_text(self, slug: str) -> str | None:
        try:
            return (self.folder(slug) / MANIFEST).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def commit(self) -> list[Path]:
        """Apply every staged file as one journaled transaction (see :mod:`aeoloop.publish`);
        return what was written. Hold the build lock (``build.session``) around it."""
        written = publish(self.display_root, self.cache_dir, dict(self.pending), allowed=[self.root])
        self.clear()
        return written
