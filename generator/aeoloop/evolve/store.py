"""The evolve store: one embedded DuckDB file, ``<cache_dir>/evolve.duckdb`` (git-ignored).

It is a cache of the report files, rebuildable from them (``aeoloop ingest --rebuild``): the
exports a team commits live in ``reports/``; server logs can be ingested from any path.

Ingest of one file is all or nothing: a crash, an exception or a file that loads nothing
leaves the store exactly as it was (see :meth:`Store.ingest`). Dated aggregates are replaced by a later export: after a
file's rows are in, rows of *other* files with the same natural key (:data:`NKEY`) are deleted from whichever
file is older (by the file's latest date, then ingest order), so overlapping exports never
double-count and the result does not depend on the order files were ingested in. An older export
ingested after a newer one (a backfill) keeps exactly the rows no newer export restates: the
periods before (or between) the newer exports; the ingest reports rows kept, replaced (of older
files) and superseded (of this file, by newer ones). Visits are
never deduplicated. Exports without dates (one unnamed period: Search Console, GA4) are all kept,
each with the date it was known from; queries pick, per key, the newest known at their date
(:func:`.schema.known_rows`), so ``plan --as-of`` a past date reads the export of then.

The tables are in :mod:`.schema`; the batched writer of one file's rows in :mod:`.writer`.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AeoloopError
from .privacy import IpScrubber
from .records import BadRow, FileError, VisitBatch
from .schema import DATE_EXPR, MIGRATIONS, NKEY, SCHEMA, SCHEMA_VERSION, TABLES, UNDATED
from .writer import Writer

MEMORY_LIMIT = "128MB"
"""DuckDB's memory cap: what keeps peak memory flat however big the file (it spills beyond)."""
MEMORY_ENV = "AEOLOOP_EVOLVE_MEMORY"


class StoreBusy(AeoloopError):
    """Another process holds the store's lock."""


@dataclass
class FileOutcome:
    file_id: int
    rows: int
    bad_rows: int
    replaced: int
    bad_samples: list[BadRow]
    superseded: int = 0
    """Rows of this file dropped at once because a newer export restates them (see :meth:`Store._replace`)."""


class Store:
    """The DuckDB connection with the schema, plus the one-transaction-per-file ingest."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        import duckdb

        self.path = path
        self.read_only = read_only
        self.memo: dict[str, Any] = {}
        """Results derived from the store that stay valid while it is open (read-only), e.g. the page map."""
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        config: dict[str, Any] = {
            "memory_limit": os.environ.get(MEMORY_ENV, MEMORY_LIMIT),
            "preserve_insertion_order": False,
            "temp_directory": str(path.parent / "evolve.tmp"),
        }
        self._config = config
        try:
            self.con = duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as err:
            if "lock" in str(err).lower():
                raise StoreBusy(
                    f"the evolve store {path} is in use by another aeoloop process; try again when it ends"
                ) from None
            raise AeoloopError(
                f"cannot open the evolve store {path}: {err}; delete it and run `aeoloop ingest --rebuild`"
            ) from None
        if not read_only:
            self._schema()
            self._recover()
        else:
            version = self._version()
            if version != SCHEMA_VERSION:
                raise AeoloopError(
                    f"the evolve store {path} has schema {version or '?'} (expected {SCHEMA_VERSION}); "
                    "run `aeoloop ingest --rebuild`"
                )
            if self._leftovers() or not self._migrated():  # an ingest crashed (no writer can be running since
                self.con.close()  # we got the lock), or columns were added since
                Store(path).close()
                self.con = duckdb.connect(str(path), read_only=True, config=config)

    # --- small helpers --------------------------------------------------------------------

    def q(self, sql: str, params: Iterable[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params) if params is not None else None).fetchall()

    def close(self) -> None:
        self.con.close()

    def reopen(self) -> Any:
        """Close and reopen the connection (between transactions): DuckDB keeps the blocks it
        wrote cached up to its memory limit, and dropping them keeps a long ingest's memory flat."""
        import duckdb

        self.con.close()
        self.con = duckdb.connect(str(self.path), read_only=self.read_only, config=self._config)
        return self.con

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _version(self) -> str | None:
        try:
            rows = self.q("SELECT value FROM meta WHERE key = 'schema'")
        except Exception:
            return None
        return rows[0][0] if rows else None

    def _schema(self) -> None:
        version = self._version()
        if version is not None and version != SCHEMA_VERSION:
            for table in (*TABLES, "files", "meta"):
                self.con.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
            self.con.execute("DROP VIEW IF EXISTS visits_v")
        stmts = [s for s in SCHEMA.split(";") if s.strip()]
        views = [s for s in stmts if "CREATE OR REPLACE VIEW" in s]
        for stmt in [s for s in stmts if s not in views] + list(MIGRATIONS) + views:  # views read migrated columns
            self.con.execute(stmt).fetchall()
        self.q("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])

    def _migrated(self) -> bool:
        """Every column a migration adds is there (``ALTER TABLE t ADD COLUMN IF NOT EXISTS c …``)."""
        have = set(self.q("SELECT table_name, column_name FROM information_schema.columns"))
        need = {(s.split()[2], s.split()[8]) for s in MIGRATIONS}
        return need <= have

    # --- queries used by ingest -----------------------------------------------------------

    def file_by_hash(self, sha256: str) -> tuple[Any, ...] | None:
        rows = self.q("SELECT file_id, path, format, rows FROM files WHERE sha256 = ?", [sha256])
        return rows[0] if rows else None

    def files(self) -> list[dict[str, Any]]:
        cols = [
            "file_id",
            "sha256",
            "path",
            "format",
            "kind",
            "size",
            "mtime_ns",
            "rows",
            "bad_rows",
            "replaced",
            "min_date",
            "max_date",
            "seq",
        ]
        return [dict(zip(cols, r)) for r in self.q(f"SELECT {', '.join(cols)} FROM files ORDER BY seq")]

    # --- ingest ---------------------------------------------------------------------------

    def ingest(
        self,
        source: Any,
        adapter: Any,
        ctx: Any,
        *,
        sha256: str,
        path: str,
        size: int,
        mtime_ns: int,
        native: bool = True,
        known_of: Callable[[], tuple[dt.date, str]] | None = None,
    ) -> FileOutcome:
        """Ingest one file, all or nothing. Raises :class:`FileError` (store unchanged) when the
        file as a whole is unreadable or not one row of it loads.

        A small file is one transaction. A big one would make DuckDB hold every uncommitted row
        in memory, so every :data:`COMMIT_ROWS` rows are committed with the file marked
        ``loading``: queries never see such a file, a failure deletes its rows, and after a
        crash the next open of the store does (:meth:`_recover`). Only the last transaction
        marks it ``ready`` and applies the replacement of older exports.

        ``known_of`` gives (date, how it was found) for an export without dates: the date it counts
        from for ``plan --as-of`` (:func:`.schema.known_rows`); called only for such a file.
        """
        import duckdb

        con = self.con
        gc_was_enabled = gc.isenabled()
        gc.disable()  # millions of short-lived rows; the cyclic collector only costs time here
        con.execute("BEGIN TRANSACTION")
        writer: Writer | None = None
        file_id = 0
        try:
            file_id, seq = self.q("SELECT coalesce(max(file_id), 0) + 1, coalesce(max(seq), 0) + 1 FROM files")[0]
            self.q(
                "INSERT INTO files (file_id, sha256, path, format, kind, size, mtime_ns, seq, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'loading')",
                [file_id, sha256, path, adapter.name, adapter.kind, size, mtime_ns, seq],
            )
            writer = Writer(con, file_id, adapter.name, reopen=self.reopen, scrub=IpScrubber(ctx.ip_hasher))
            loader = adapter.load_native if native else None
            result = None
            if loader is not None:
                # DuckDB bounds the memory of a bulk INSERT by its memory_limit only outside an explicit
                # transaction: commit the file as ``loading`` and let the loader's statements autocommit.
                con.execute("COMMIT")
                writer.commits += 1
                try:
                    result = loader(source, ctx, con, file_id)
                except duckdb.Error:
                    # The native reader is a fast path, not a judge: pathological input (millions of distinct
                    # URLs: out of memory; a quote the CSV state machine refuses; a truncated gzip) is streamed
                    # by the adapter, which quarantines row by row or refuses the file with its line.
                    for table in TABLES:
                        con.execute(f"DELETE FROM {table} WHERE file_id = ?", [file_id]).fetchall()
                    result = None
                con.execute("BEGIN TRANSACTION")
            if result is not None:
                writer.rows += result.rows
                for bad in result.bad:
                    writer.bad(bad)
            else:
                for item in adapter.read(source, ctx):
                    if isinstance(item, BadRow):
                        writer.bad(item)
                    elif isinstance(item, VisitBatch):
                        writer.visits(item)
                    else:
                        writer.record(item)
            writer.flush()
            writer.drain()
            con = self.con  # the writer may have reopened it
            if writer.rows == 0 and writer.bad_rows > 0:
                first = writer.samples[0]
                raise FileError(
                    f"not one row could be read ({writer.bad_rows} bad rows); the first: {first.reason}. "
                    "Is it the right format (--format)?",
                    first.line,
                )
            table = adapter.kind
            if table == "visits":  # the daily rollup that plan, digest and metrics read
                self.q(
                    """INSERT INTO visits_daily SELECT file_id, CAST(ts AS DATE), request_id, agent_id, referrer_id, count(*)
                          FROM visits WHERE file_id = ? GROUP BY ALL""",
                    [file_id],
                )
            lo, hi = self.q(
                f"SELECT min({DATE_EXPR[table]}), max({DATE_EXPR[table]}) FROM {table} WHERE file_id = ?", [file_id]
            )[0]
            self.q(
                "UPDATE files SET rows = ?, bad_rows = ?, min_date = ?, max_date = ?, state = 'ready' WHERE file_id = ?",
                [writer.rows, writer.bad_rows, lo, hi, file_id],
            )
            if lo is None and table in UNDATED and known_of is not None:
                known, how = known_of()
                self.q("UPDATE files SET known = ?, known_from = ? WHERE file_id = ?", [known, how, file_id])
            replaced, superseded = self._replace(table, file_id) if table in NKEY else (0, 0)
            con.execute("COMMIT")
        except BaseException:
            if writer is not None:
                writer.close()  # let the worker thread finish before touching the connection
            con = self.con
            try:
                con.execute("ROLLBACK")
            except Exception:
                pass
            if writer is not None and writer.commits:
                self._forget_file(file_id)  # rows committed along the way
            raise
        finally:
            if writer is not None:
                writer.close()
            if gc_was_enabled:
                gc.enable()
        return FileOutcome(file_id, writer.rows, writer.bad_rows, replaced, writer.samples, superseded)

    def _forget_file(self, file_id: int) -> None:
        self.con.execute("BEGIN TRANSACTION")
        for table in TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE file_id = ?", [file_id]).fetchall()
        self.con.execute("DELETE FROM files WHERE file_id = ?", [file_id]).fetchall()
        self.con.execute("COMMIT")

    def _leftovers(self) -> list[int]:
        return [r[0] for r in self.q("SELECT file_id FROM files WHERE state <> 'ready'")]

    def _recover(self) -> None:
        """Delete what an ingest interrupted by a crash left behind (files still ``loading``)."""
        for file_id in self._leftovers():
            self._forget_file(file_id)

    def _replace(self, table: str, file_id: int) -> tuple[int, int]:
        """Delete the rows that a newer export supersedes (see the module doc); return how many
        rows of *other*, older files this file replaced, and how many of its own rows newer files
        already restate (superseded: a backfill keeps only the periods no newer export covers).

        Natural keys are hashed on the fly rather than stored: only files of the same kind whose
        date range overlaps this one's can share a key, and most ingests have none, so they pay
        nothing for it.
        """
        me = self.q(
            "SELECT min_date, max_date, coalesce(max_date, DATE '0001-01-01'), seq FROM files WHERE file_id = ?",
            [file_id],
        )[0]
        lo, hi, my_date, my_seq = me
        if lo is None and table in UNDATED:  # a period export without dates: kept, chosen by the date it was known
            return 0, 0
        others = self.q(
            """SELECT file_id, coalesce(max_date, DATE '0001-01-01'), seq FROM files
               WHERE kind = ? AND file_id <> ? AND (min_date IS NULL OR ? IS NULL OR (min_date <= ? AND max_date >= ?))""",
            [table, file_id, lo, hi, lo],
        )
        if not others:
            return 0, 0
        key = NKEY[table]
        newer = [f for f, d, s in others if (d, s) > (my_date, my_seq)]
        older = [f for f, d, s in others if (d, s) < (my_date, my_seq)]
        superseded = 0
        if newer:
            mine = self.q(f"SELECT count(*) FROM {table} WHERE file_id = ?", [file_id])[0][0]
            self.q(f"""DELETE FROM {table} WHERE file_id = {file_id} AND {key} IN (
                         SELECT {key} FROM {table} WHERE file_id IN ({", ".join(map(str, newer))}))""")
            superseded = mine - self.q(f"SELECT count(*) FROM {table} WHERE file_id = ?", [file_id])[0][0]
        replaced = 0
        if older:
            ids = ", ".join(map(str, older))
            before = self.q(f"SELECT count(*) FROM {table} WHERE file_id IN ({ids})")[0][0]
            self.q(f"""DELETE FROM {table} WHERE file_id IN ({ids}) AND {key} IN (
                         SELECT {key} FROM {table} WHERE file_id = {file_id})""")
            replaced = before - self.q(f"SELECT count(*) FROM {table} WHERE file_id IN ({ids})")[0][0]
        if replaced:
            self.q("UPDATE files SET replaced = replaced + ? WHERE file_id = ?", [replaced, file_id])
        return int(replaced), int(superseded)

    def forget_all(self) -> None:
        """Empty every table (``ingest --rebuild``)."""
        self.con.execute("BEGIN TRANSACTION")
        for table in (*TABLES, "files"):
            self.con.execute(f"DELETE FROM {table}")
        self.con.execute("COMMIT")
        self.con.execute("CHECKPOINT")


__all__ = ["FileOutcome", "Store", "StoreBusy", "SCHEMA_VERSION"]
