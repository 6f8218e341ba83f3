"""``aeoloop ingest``: find files, skip the ones already ingested, detect formats, load each.

Idempotence is by content: the sha256 of a file's bytes is its key, so the same export under
another name, or ingested twice, adds nothing. A file's failure (wrong format, missing column,
truncated gzip) is reported with file and line and stores nothing of that file; the other files
still load.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AeoloopError, Diagnostic, rel
from . import adapters
from .adapters.base import Context, Source
from .normalize import DateParser, IpHasher
from .records import BadRow, FileError
from .store import StoreBusy

STORE_NAME = "evolve.duckdb"
SEEN_NAME = "evolve-files.json"
SKIP_NAMES = {"readme", "readme.md", "readme.txt", ".gitkeep", ".keep", "license", "notice"}
SKIP_SUFFIXES = (".md", ".yml", ".yaml", ".py", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf", ".html")
MAX_SAMPLES = 10


def store_path(project: Any) -> Path:
    return Path(project.cache_dir) / STORE_NAME


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class FileResult:
    display: str
    status: str  # ingested | skipped | error
    format: str | None = None
    rows: int = 0
    bad_rows: int = 0
    replaced: int = 0
    superseded: int = 0
    """Rows of this file that newer exports already restate (dropped: a backfill keeps the rest)."""
    samples: list[BadRow] = field(default_factory=list)
    warnings: list[tuple[int | None, str, int]] = field(default_factory=list)
    message: str | None = None
    line: int | None = None
    seconds: float = 0.0
    internal: bool = False
    """The file failed on an unexpected exception (a bug), caught so the ingest and the build go on."""

    @property
    def kept(self) -> int:
        """Rows of this file in the store after its ingest."""
        return self.rows - self.superseded

    def detail(self) -> list[str]:
        """``['4 rows read: 2 kept, 2 superseded by newer exports', '1 quarantined', '2 replaced']``."""
        out = [
            f"{self.rows:,} rows"
            + (f" read: {self.kept:,} kept, {self.superseded:,} superseded by newer exports" if self.superseded else "")
        ]
        if self.bad_rows:
            out.append(f"{self.bad_rows:,} quarantined")
        if self.replaced:
            out.append(f"{self.replaced:,} replaced")
        return out

    def diagnostics(self) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        if self.status == "error":
            out.append(Diagnostic(self.display, self.line, self.message or "cannot ingest", "error"))
        for line, message, count in self.warnings:
            suffix = f" ({count} rows)" if count > 1 else ""
            out.append(Diagnostic(self.display, line, message + suffix, "warning"))
        for bad in self.samples[:MAX_SAMPLES]:
            out.append(Diagnostic(self.display, bad.line, f"quarantined: {bad.reason}", "warning"))
        if self.bad_rows > MAX_SAMPLES:
            out.append(
                Diagnostic(
                    self.display,
                    None,
                    f"… and {self.bad_rows - MAX_SAMPLES} more quarantined rows "
                    "(all are in the store's quarantine table; `aeoloop ingest --quarantine` lists them)",
                    "warning",
                )
            )
        return out


@dataclass
class IngestSummary:
    files: list[FileResult] = field(default_factory=list)

    @property
    def ingested(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "ingested"]

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "skipped"]

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "error"]

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    @property
    def bad_rows(self) -> int:
        return sum(f.bad_rows for f in self.files)

    @property
    def replaced(self) -> int:
        return sum(f.replaced for f in self.files)

    @property
    def superseded(self) -> int:
        return sum(f.superseded for f in self.files)

    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics()]

    def build_diagnostics(self) -> list[Diagnostic]:
        """For the build: a file that failed (as a warning: the site still builds) and one line
        per file with quarantined rows, not every row (``aeoloop ingest --quarantine`` lists them)."""
        out = []
        for f in self.files:
            if f.status == "error":
                out.append(Diagnostic(f.display, f.line, f"not ingested: {f.message}", "warning"))
            elif f.bad_rows:
                first = f.samples[0] if f.samples else None
                where = f" (first: line {first.line}, {first.reason})" if first else ""
                out.append(
                    Diagnostic(
                        f.display,
                        None,
                        f"{f.bad_rows} rows quarantined{where}; `aeoloop ingest --quarantine` lists them",
                        "warning",
                    )
                )
        return out

    def line(self, label: str = "reports") -> str:
        """One line for the build summary, e.g. ``reports: 2 new files ingested (1,234 rows, 3 quarantined), 5 unchanged``."""
        if not self.files:
            return f"{label}: nothing to ingest"
        parts = []
        if self.ingested:
            detail = [f"{self.rows:,} rows"]
            if self.superseded:
                kept = self.rows - self.superseded
                detail = [f"{self.rows:,} rows read: {kept:,} kept, {self.superseded:,} superseded by newer exports"]
            if self.bad_rows:
                detail.append(f"{self.bad_rows:,} quarantined")
            if self.replaced:
                detail.append(f"{self.replaced:,} replaced")
            n = len(self.ingested)
            parts.append(f"{n} new file{'s' if n != 1 else ''} ingested ({', '.join(detail)})")
        if self.skipped:
            parts.append(f"{len(self.skipped)} unchanged")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        return f"{label}: " + ", ".join(parts)


def expand(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Files to ingest: files as given, directories walked (sorted; hidden files, READMEs and
    Markdown skipped)."""
    out: list[Path] = []
    diags: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                rel_parts = p.relative_to(path).parts
                if any(part.startswith(".") for part in rel_parts) or not p.is_file():
                    continue
                if p.name.lower() in SKIP_NAMES or p.name.lower().endswith(SKIP_SUFFIXES):
                    continue
                out.append(p)
        elif path.is_file():
            out.append(path)
        else:
            diags.append(Diagnostic(path.as_posix(), None, "no such file or directory"))
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique, diags


def ingest_files(
    store: Any,
    files: list[Path],
    *,
    root: Path,
    fmt: str | None = None,
    known: dict[str, tuple[int, int, str]] | None = None,
) -> IngestSummary:
    """Ingest ``files`` into ``store``; ``known`` maps display path -> (size, mtime_ns, sha256) to
    skip re-hashing unchanged files."""
    summary = IngestSummary()
    adapter_forced = adapters.get(fmt) if fmt else None
    hasher = IpHasher()
    for path in files:
        display = rel(path, root)
        started = time.perf_counter()
        try:
            st = path.stat()
        except OSError as err:
            summary.files.append(FileResult(display, "error", message=f"cannot read: {err.strerror or err}"))
            continue
        cached = (known or {}).get(display)
        sha = cached[2] if cached and cached[:2] == (st.st_size, st.st_mtime_ns) else sha256_file(path)
        if known is not None:
            known[display] = (st.st_size, st.st_mtime_ns, sha)
        hit = store.file_by_hash(sha)
        if hit is not None:
            note = "" if hit[1] == display else f" (same content as {hit[1]})"
            summary.files.append(FileResult(display, "skipped", format=hit[2], message=f"already ingested{note}"))
            continue
        if st.st_size == 0:
            summary.files.append(
                FileResult(
                    display, "skipped", message="empty file", warnings=[(None, "empty file: nothing to ingest", 1)]
                )
            )
            continue
        result = _ingest_one(store, path, display, sha, st, adapter_forced, hasher)
        result.seconds = time.perf_counter() - started
        summary.files.append(result)
        if result.status == "error" and known is not None:
            known.pop(display, None)
    return summary


def _ingest_one(store: Any, path: Path, display: str, sha: str, st: Any, adapter: Any, hasher: IpHasher) -> FileResult:
    try:
        source = Source.open_path(path, display)
    except OSError as err:
        return FileResult(display, "error", message=f"cannot read: {err.strerror or err}")
    if adapter is None:
        adapter, scores = adapters.detect(source)
        if adapter is None and path.suffix.lower() in (".xlsx", ".xls", ".ods", ".numbers"):
            return FileResult(
                display,
                "error",
                message="spreadsheets are not read: export the sheet as CSV (or the tool's report as CSV/JSON)",
            )
        if adapter is None:
            best = sorted(scores, reverse=True)[:3]
            hint = ", ".join(f"{n} {s:.2f}" for s, n in best if s > 0)
            return FileResult(
                display,
                "error",
                line=1,
                message=(
                    "cannot tell the format of this file"
                    + (f" (closest: {hint})" if hint else "")
                    + f"; force one with --format NAME, one of: {', '.join(adapters.names())}"
                ),
            )
    ctx = Context(display, DateParser(), hasher)
    try:
        outcome = store.ingest(
            source,
            adapter,
            ctx,
            sha256=sha,
            path=display,
            size=st.st_size,
            mtime_ns=st.st_mtime_ns,
            known_of=lambda: _known(path),
        )
    except FileError as err:
        return FileResult(display, "error", format=adapter.name, message=err.message, line=err.line)
    except (StoreBusy, MemoryError, KeyboardInterrupt):
        raise
    except Exception as err:  # noqa: BLE001 - the safety net: a report never fails a build (the store rolled back)
        return FileResult(
            display,
            "error",
            format=adapter.name,
            internal=True,
            message=(
                f"could not be read ({type(err).__name__}: {str(err)[:300]}); nothing of it was stored. This is a bug in "
                f"the {adapter.name} reader: please report it with the file"
            ),
        )
    warnings = [(line, message, count) for message, (line, count) in ctx.warnings.items()]
    return FileResult(
        display,
        "ingested",
        format=adapter.name,
        rows=outcome.rows,
        bad_rows=outcome.bad_rows,
        replaced=outcome.replaced,
        superseded=outcome.superseded,
        samples=outcome.bad_samples,
        warnings=warnings,
    )


def _known(path: Path) -> tuple[Any, str]:
    from .history import export_known  # git, only for an export without dates

    return export_known(path)


# --- project level (build and CLI) ------------------------------------------------------------


def _load_seen(path: Path) -> dict[str, tuple[int, int, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: (int(v[0]), int(v[1]), str(v[2])) for k, v in data.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return {}


def _save_seen(path: Path, seen: dict[str, tuple[int, int, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({k: list(v) for k, v in sorted(seen.items())}, indent=0), encoding="utf-8")
    tmp.replace(path)


def reports_dir(project: Any) -> Path:
    return Path(project.root) / project.settings.reports_dir


def ingest_project(
    project: Any, paths: list[Path] | None = None, *, fmt: str | None = None, rebuild: bool = False
) -> IngestSummary:
    """Ingest ``paths`` (default: the reports folder) into the project's store.

    A record of (size, mtime, sha256) per report file lets a build skip everything, without
    even opening the store, when nothing in ``reports/`` changed.
    """
    # lazy: the store, its writer and the normalizers cost 15-30 ms to import, which every build
    # (reports/ unchanged: nothing to open) would pay
    from .store import Store

    db = store_path(project)
    seen_path = Path(project.cache_dir) / SEEN_NAME
    default = paths is None
    targets = [reports_dir(project)] if default else list(paths or [])
    if default and not targets[0].is_dir():
        return IngestSummary()
    files, problems = expand(targets)
    if problems and not files:
        raise AeoloopError("nothing to ingest", problems)
    seen = {} if rebuild else _load_seen(seen_path)
    if default and not rebuild and db.exists() and files:
        quick = []
        for p in files:
            display = rel(p, project.root)
            entry = seen.get(display)
            try:
                st = p.stat()
            except OSError:
                break
            if entry is None or entry[:2] != (st.st_size, st.st_mtime_ns):
                break
            quick.append(FileResult(display, "skipped", message="already ingested"))
        else:
            return IngestSummary(quick)
    if not files:
        return IngestSummary()
    with Store(db) as store:
        if rebuild:
            store.forget_all()
        summary = ingest_files(store, files, root=Path(project.root), fmt=fmt, known=seen)
    reports = reports_dir(project).resolve()
    kept = {k: v for k, v in seen.items() if (Path(project.root) / k).resolve().is_relative_to(reports)}
    _save_seen(seen_path, kept)
    for problem in problems:
        summary.files.append(FileResult(problem.file, "error", message=problem.message))
    return summary
