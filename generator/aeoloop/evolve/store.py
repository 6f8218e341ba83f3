"""The evolve store: one embedded DuckDB file, ``<cache_dir>/evolve.duckdb`` (git-ignored).

It is a cache of the report files, rebuildable from them (``aeoloop ingest --rebuild``): the
exports a team commits live in ``reports/``; server logs can be ingested from any path.

Tables (one row per record; ``file_id`` ties every row to the file it came from):

- ``files``: sha256 of the content (the idempotence key), path, format, kind, size, rows,
  bad_rows, replaced, min_date/max_date, ``seq`` (ingest order) and ``state`` (``loading``
  while a big file is being ingested, ``ready`` once it is in).
- ``citations``, ``search``, ``sessions``: the common records (see :mod:`.records`), with host and
  canonical path split out of every URL.
- ``visits``: one row per request line: time, status, client-IP HMAC (or NULL) and three ids into
  per-file dictionaries ``visit_requests`` (method, host, path, utm_source, AI engine of the
  UTM), ``visit_agents`` (user agent, AI crawler token, operator, purpose) and
  ``visit_referrers`` (referrer, host, AI engine). The view ``visits_v`` joins them back;
  ``visits_daily`` (view ``visits_daily_v``) is the same per day and request/agent/referrer,
  with a hit count: what plan, digest and metrics read.
- ``quarantine``: rows that could not be read: file, line, reason, raw text.

Ingest of one file is all or nothing: a crash, an exception or a file that loads nothing
leaves the store exactly as it was (see :meth:`Store.ingest`). Dated aggregates are replaced by a later export: after a
file's rows are in, rows of *other* files with the same natural key (:data:`NKEY`) are deleted from whichever
file is older (by the file's latest date, then ingest order), so overlapping exports never
double-count and the result does not depend on the order files were ingested in. An older export
ingested after a newer one (a backfill) keeps exactly the rows no newer export restates: the
periods before (or between) the newer exports; the ingest reports rows kept, replaced (of older
files) and superseded (of this file, by newer ones). Visits are
never deduplicated.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AeoloopError
from .privacy import IpScrubber
from .records import BadRow, Citation, FileError, Search, Session, VisitBatch

SCHEMA_VERSION = "1"
BATCH_ROWS = 50_000
DIM_LIMIT = 200_000
DIM_FLUSH = 50_000
COMMIT_ROWS = 250_000
MEMORY_LIMIT = "128MB"
"""DuckDB's memory cap: what keeps peak memory flat however big the file (it spills beyond)."""
MEMORY_ENV = "AEOLOOP_EVOLVE_MEMORY"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS files (
    file_id INTEGER PRIMARY KEY, sha256 VARCHAR NOT NULL UNIQUE, path VARCHAR NOT NULL, format VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, size BIGINT, mtime_ns BIGINT, rows BIGINT DEFAULT 0, bad_rows BIGINT DEFAULT 0,
    replaced BIGINT DEFAULT 0, min_date DATE, max_date DATE, seq INTEGER NOT NULL, state VARCHAR DEFAULT 'ready');
CREATE TABLE IF NOT EXISTS citations (
    file_id INTEGER NOT NULL, line BIGINT, date DATE NOT NULL, engine VARCHAR NOT NULL, prompt VARCHAR,
    host VARCHAR, path VARCHAR, count DOUBLE NOT NULL, brand_cited BOOLEAN, answers DOUBLE,
    position DOUBLE, brand_mentioned BOOLEAN, sentiment VARCHAR, country VARCHAR, answer_id VARCHAR, title VARCHAR,
    source_tool VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS search (
    file_id INTEGER NOT NULL, line BIGINT, date DATE, url VARCHAR, host VARCHAR, path VARCHAR,
    query VARCHAR, clicks DOUBLE, impressions DOUBLE, ctr DOUBLE, position DOUBLE, country VARCHAR, device VARCHAR,
    search_type VARCHAR, source_tool VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    file_id INTEGER NOT NULL, line BIGINT, date DATE, url VARCHAR, host VARCHAR, path VARCHAR,
    source VARCHAR, medium VARCHAR, ai_engine VARCHAR, sessions DOUBLE, engaged_sessions DOUBLE, key_events DOUBLE,
    revenue DOUBLE, grain VARCHAR, source_tool VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS visits (
    file_id INTEGER NOT NULL, line BIGINT, ts TIMESTAMP NOT NULL, status SMALLINT, request_id INTEGER,
    agent_id INTEGER, referrer_id INTEGER, ip_hash BIGINT);
CREATE TABLE IF NOT EXISTS visit_requests (
    file_id INTEGER NOT NULL, id INTEGER NOT NULL, method VARCHAR, target VARCHAR, host VARCHAR, path VARCHAR,
    utm_source VARCHAR, utm_engine VARCHAR);
CREATE TABLE IF NOT EXISTS visit_agents (
    file_id INTEGER NOT NULL, id INTEGER NOT NULL, user_agent VARCHAR, crawler VARCHAR, operator VARCHAR, purpose VARCHAR);
CREATE TABLE IF NOT EXISTS visit_referrers (
    file_id INTEGER NOT NULL, id INTEGER NOT NULL, referrer VARCHAR, host VARCHAR, ai_engine VARCHAR);
CREATE TABLE IF NOT EXISTS visits_daily (
    file_id INTEGER NOT NULL, date DATE NOT NULL, request_id INTEGER, agent_id INTEGER, referrer_id INTEGER, hits BIGINT);
CREATE TABLE IF NOT EXISTS quarantine (file_id INTEGER NOT NULL, line BIGINT, reason VARCHAR, raw VARCHAR);
CREATE OR REPLACE VIEW visits_v AS
    SELECT v.file_id, v.line, v.ts, CAST(v.ts AS DATE) AS date, v.status, q.method, q.host, q.path, q.target,
           a.user_agent, a.crawler, a.operator, a.purpose, r.referrer, r.host AS referrer_host,
           coalesce(r.ai_engine, q.utm_engine) AS ai_engine, v.ip_hash,
           CASE WHEN a.crawler IS NOT NULL THEN 'ai-crawler'
                WHEN coalesce(r.ai_engine, q.utm_engine) IS NOT NULL THEN 'ai-referral' ELSE 'other' END AS class
    FROM visits v
    JOIN visit_requests q ON q.file_id = v.file_id AND q.id = v.request_id
    JOIN visit_agents a ON a.file_id = v.file_id AND a.id = v.agent_id
    JOIN visit_referrers r ON r.file_id = v.file_id AND r.id = v.referrer_id;
CREATE OR REPLACE VIEW visits_daily_v AS
    SELECT v.file_id, v.date, v.hits, q.host, q.path, a.crawler, a.operator, a.purpose,
           coalesce(r.ai_engine, q.utm_engine) AS ai_engine,
           CASE WHEN a.crawler IS NOT NULL THEN 'ai-crawler'
                WHEN coalesce(r.ai_engine, q.utm_engine) IS NOT NULL THEN 'ai-referral' ELSE 'other' END AS class
    FROM visits_daily v
    JOIN visit_requests q ON q.file_id = v.file_id AND q.id = v.request_id
    JOIN visit_agents a ON a.file_id = v.file_id AND a.id = v.agent_id
    JOIN visit_referrers r ON r.file_id = v.file_id AND r.id = v.referrer_id;
"""

# Natural keys: a later export of the same key replaces the earlier one (see module doc).
NKEY = {
    "citations": "hash(source_tool, date, engine, prompt, host, path, country, answer_id)",
    "search": "hash(source_tool, date, host, path, query, country, device, search_type)",
    "sessions": "hash(source_tool, date, host, path, source, medium, grain)",
}
DATE_EXPR = {"citations": "date", "search": "date", "sessions": "date", "visits": "CAST(ts AS DATE)"}
TABLES = ("citations", "search", "sessions", "visits", "visits_daily", "visit_requests", "visit_agents", "visit_referrers",
          "quarantine")


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
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        config: dict[str, Any] = {"memory_limit": os.environ.get(MEMORY_ENV, MEMORY_LIMIT), "preserve_insertion_order": False,
                                  "temp_directory": str(path.parent / "evolve.tmp")}
        self._config = config
        try:
            self.con = duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as err:
            if "lock" in str(err).lower():
                raise StoreBusy(f"the evolve store {path} is in use by another aeoloop process; try again when it ends") from None
            raise AeoloopError(f"cannot open the evolve store {path}: {err}; delete it and run `aeoloop ingest --rebuild`") from None
        if not read_only:
            self._schema()
            self._recover()
        else:
            version = self._version()
            if version != SCHEMA_VERSION:
                raise AeoloopError(f"the evolve store {path} has schema {version or '?'} (expected {SCHEMA_VERSION}); "
                                   "run `aeoloop ingest --rebuild`")
            if self._leftovers():  # an ingest crashed; no writer can be running since we got the lock
                self.con.close()
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
        for stmt in SCHEMA.split(";"):
            if stmt.strip():
                self.con.execute(stmt).fetchall()
        self.q("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])

    # --- queries used by ingest -----------------------------------------------------------

    def file_by_hash(self, sha256: str) -> tuple[Any, ...] | None:
        rows = self.q("SELECT file_id, path, format, rows FROM files WHERE sha256 = ?", [sha256])
        return rows[0] if rows else None

    def files(self) -> list[dict[str, Any]]:
        cols = ["file_id", "sha256", "path", "format", "kind", "size", "mtime_ns", "rows", "bad_rows", "replaced",
                "min_date", "max_date", "seq"]
        return [dict(zip(cols, r)) for r in self.q(f"SELECT {', '.join(cols)} FROM files ORDER BY seq")]

    # --- ingest ---------------------------------------------------------------------------

    def ingest(self, source: Any, adapter: Any, ctx: Any, *, sha256: str, path: str, size: int, mtime_ns: int,
               native: bool = True, fail_after: int | None = None) -> FileOutcome:
        """Ingest one file, all or nothing. Raises :class:`FileError` (store unchanged) when the
        file as a whole is unreadable or not one row of it loads.

        A small file is one transaction. A big one would make DuckDB hold every uncommitted row
        in memory, so every :data:`COMMIT_ROWS` rows are committed with the file marked
        ``loading``: queries never see such a file, a failure deletes its rows, and after a
        crash the next open of the store does (:meth:`_recover`). Only the last transaction
        marks it ``ready`` and applies the replacement of older exports.

        ``fail_after`` is for tests: raise after that many items, to prove the rollback.
        """
        import duckdb

        con = self.con
        gc_was_enabled = gc.isenabled()
        gc.disable()  # millions of short-lived rows; the cyclic collector only costs time here
        con.execute("BEGIN TRANSACTION")
        writer: _Writer | None = None
        file_id = 0
        try:
            file_id, seq = self.q("SELECT coalesce(max(file_id), 0) + 1, coalesce(max(seq), 0) + 1 FROM files")[0]
            self.q("INSERT INTO files (file_id, sha256, path, format, kind, size, mtime_ns, seq, state) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'loading')",
                   [file_id, sha256, path, adapter.name, adapter.kind, size, mtime_ns, seq])
            writer = _Writer(con, file_id, adapter.name, reopen=self.reopen, scrub=IpScrubber(ctx.ip_hasher))
            loader = getattr(adapter, "load_native", None) if native and fail_after is None else None
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
                for i, item in enumerate(adapter.read(source, ctx)):
                    if fail_after is not None and i >= fail_after:
                        raise RuntimeError("injected failure (test)")
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
                raise FileError(f"not one row could be read ({writer.bad_rows} bad rows); the first: {first.reason}. "
                                "Is it the right format (--format)?", first.line)
            table = adapter.kind
            if table == "visits":  # the daily rollup that plan, digest and metrics read
                self.q("""INSERT INTO visits_daily SELECT file_id, CAST(ts AS DATE), request_id, agent_id, referrer_id, count(*)
                          FROM visits WHERE file_id = ? GROUP BY ALL""", [file_id])
            lo, hi = self.q(f"SELECT min({DATE_EXPR[table]}), max({DATE_EXPR[table]}) FROM {table} WHERE file_id = ?", [file_id])[0]
            self.q("UPDATE files SET rows = ?, bad_rows = ?, min_date = ?, max_date = ?, state = 'ready' WHERE file_id = ?",
                   [writer.rows, writer.bad_rows, lo, hi, file_id])
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
        me = self.q("SELECT min_date, max_date, coalesce(max_date, DATE '0001-01-01'), seq FROM files WHERE file_id = ?", [file_id])[0]
        lo, hi, my_date, my_seq = me
        others = self.q(
            """SELECT file_id, coalesce(max_date, DATE '0001-01-01'), seq FROM files
               WHERE kind = ? AND file_id <> ? AND (min_date IS NULL OR ? IS NULL OR (min_date <= ? AND max_date >= ?))""",
            [table, file_id, lo, hi, lo])
        if not others:
            return 0, 0
        key = NKEY[table]
        newer = [f for f, d, s in others if (d, s) > (my_date, my_seq)]
        older = [f for f, d, s in others if (d, s) < (my_date, my_seq)]
        superseded = 0
        if newer:
            mine = self.q(f"SELECT count(*) FROM {table} WHERE file_id = ?", [file_id])[0][0]
            self.q(f"""DELETE FROM {table} WHERE file_id = {file_id} AND {key} IN (
                         SELECT {key} FROM {table} WHERE file_id IN ({', '.join(map(str, newer))}))""")
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


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0, 9), *range(11, 32), 127, *range(0x80, 0xA0)]}
_TAIL_RE = re.compile(r"[0-9A-Fa-f:.]+$")


def _printable(text: str | None, limit: int) -> str | None:
    """Quarantine text as it can be shown: at most ``limit`` characters, control characters as
    ``\\xNN`` (a terminal never runs escape sequences from a report), lone surrogates as ``?``,
    and a cut-off tail of digits dropped (it may be the start of an address the scrub cannot see)."""
    if not text:
        return text
    cut = len(text) >= limit
    text = text[:limit].translate(_CONTROL)
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    if cut:
        text = _TAIL_RE.sub("", text)
    return text[: limit + 64]


class _Dim(dict):  # type: ignore[type-arg]
    """value -> id, assigning ids on first sight and remembering the new ones to insert."""

    def __init__(self) -> None:
        super().__init__()
        self.next_id = 1
        self.new: list[tuple[int, Any]] = []

    def __missing__(self, key: Any) -> int:
        if len(self) >= DIM_LIMIT:  # bounded memory: forget, later repeats get a new id
            self.clear()
        i = self[key] = self.next_id
        self.next_id += 1
        self.new.append((i, key))
        return i


class _Background:
    """Runs the writer's DuckDB statements on one worker thread, in order.

    DuckDB releases the GIL while it executes, so the insert of one batch overlaps with Python
    parsing the next chunk. At most ``depth`` batches wait, which bounds memory; the first
    error is raised in the caller at the next submit or at :meth:`drain`.
    """

    def __init__(self, depth: int = 2) -> None:
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aeoloop-evolve-db")
        self.pending: Any = deque()
        self.depth = depth

    def submit(self, fn: Any) -> None:
        while self.pending and (self.pending[0].done() or len(self.pending) >= self.depth):
            self.pending.popleft().result()  # raises the worker's exception here
        self.pending.append(self.pool.submit(fn))

    def drain(self) -> None:
        while self.pending:
            self.pending.popleft().result()

    def close(self) -> None:
        """Wait for the worker (errors ignored: the caller is already failing) and stop it."""
        while self.pending:
            try:
                self.pending.popleft().result()
            except BaseException:
                pass
        self.pool.shutdown(wait=True)


class _Writer:
    """Buffers records per table and inserts them in batches through numpy columns."""

    CIT_COLS = ("line", "date", "engine", "prompt", "host", "path", "count", "brand_cited", "answers",
                "position", "brand_mentioned", "sentiment", "country", "answer_id", "title")
    SEARCH_COLS = ("line", "date", "url", "host", "path", "query", "clicks", "impressions", "ctr", "position",
                   "country", "device", "search_type")
    SESSION_COLS = ("line", "date", "url", "host", "path", "source", "medium", "ai_engine", "sessions",
                    "engaged_sessions", "key_events", "revenue", "grain")

    def __init__(self, con: Any, file_id: int, tool: str, reopen: Any = None, scrub: IpScrubber | None = None) -> None:
        self.con = con
        self.scrub = scrub if scrub is not None else IpScrubber()
        self.reopen = reopen
        self.file_id = file_id
        self.tool = tool
        self.rows = 0
        self.bad_rows = 0
        self.samples: list[BadRow] = []
        self.pending: dict[str, list[tuple[Any, ...]]] = {"citations": [], "search": [], "sessions": []}
        self.quarantine: list[tuple[Any, ...]] = []
        self.requests, self.agents, self.referrers = _Dim(), _Dim(), _Dim()
        self.n_pending = 0
        self.commits = 0
        self.since_commit = 0
        self.bg = _Background()

    def drain(self) -> None:
        """Wait for every statement handed to the worker thread (call before using ``con``)."""
        self.bg.drain()

    def close(self) -> None:
        self.bg.close()

    def _sql(self, sql: str, name: str | None = None, data: dict[str, Any] | None = None) -> None:
        """Run ``sql`` on the worker thread, with ``data`` registered as ``name`` meanwhile."""
        con = self.con

        def run() -> None:
            if name is None:
                con.execute(sql).fetchall()
                return
            con.register(name, data)
            try:
                con.execute(sql).fetchall()
            finally:
                con.unregister(name)

        self.bg.submit(run)

    def _progress(self, rows: int) -> None:
        """Commit every COMMIT_ROWS rows (the file stays ``loading`` until its last transaction)."""
        self.since_commit += rows
        if self.since_commit >= COMMIT_ROWS:
            self._flush_dims()
            self._flush_quarantine()
            self.bg.drain()
            self.con.execute("COMMIT")
            if self.reopen is not None:
                self.con = self.reopen()
            self.con.execute("BEGIN TRANSACTION")
            self.commits += 1
            self.since_commit = 0

    # records ------------------------------------------------------------------------------

    def record(self, rec: Any) -> None:
        """Buffer one record; a record whose URL cannot be read is quarantined instead (its line
        and why), so one bad row never fails the file, let alone the build."""
        from .normalize import UrlError, split_url

        try:
            host, path, _ = split_url(rec.url)
        except UrlError as err:
            self.bad(BadRow(rec.line, str(err), rec.url or ""))
            return
        if isinstance(rec, Citation):
            self.pending["citations"].append((rec.line, rec.date, rec.engine, rec.prompt, host, path, rec.count,
                                              rec.brand_cited, rec.answers, rec.position, rec.brand_mentioned,
                                              rec.sentiment, rec.country, rec.answer_id, rec.title))
        elif isinstance(rec, Search):
            self.pending["search"].append((rec.line, rec.date, rec.url, host, path, rec.query, rec.clicks, rec.impressions,
                                           rec.ctr, rec.position, rec.country, rec.device, rec.search_type))
        elif isinstance(rec, Session):
            self.pending["sessions"].append((rec.line, rec.date, rec.url, host, path, rec.source, rec.medium, rec.ai_engine,
                                             rec.sessions, rec.engaged_sessions, rec.key_events, rec.revenue, rec.grain))
        else:  # pragma: no cover - adapters only yield the record types
            raise TypeError(f"unexpected record {type(rec).__name__}")
        self.n_pending += 1
        if self.n_pending >= BATCH_ROWS:
            self.flush()

    def bad(self, bad: BadRow) -> None:
        """Quarantine a row: its excerpt and reason are scrubbed of IP literals first (see
        :mod:`.privacy`), and the samples shown by ``aeoloop ingest`` are the scrubbed ones."""
        scrub = self.scrub
        bad = BadRow(bad.line, scrub(_printable(bad.reason, 1000)) or "", scrub(_printable(bad.raw, 500)) or "")
        self.bad_rows += 1
        if len(self.samples) < 50:
            self.samples.append(bad)
        self.quarantine.append((bad.line, bad.reason, bad.raw or None))
        if len(self.quarantine) >= BATCH_ROWS:
            self._flush_quarantine()

    def flush(self) -> None:
        import numpy as np

        for table, cols in (("citations", self.CIT_COLS), ("search", self.SEARCH_COLS), ("sessions", self.SESSION_COLS)):
            rows = self.pending[table]
            if not rows:
                continue
            data = {c: np.array(v, dtype=object) for c, v in zip(cols, zip(*rows))}
            self._insert(table, cols, data)
            self.rows += len(rows)
            self.pending[table] = []
            self._progress(len(rows))
        self.n_pending = 0
        self._flush_dims()
        self._flush_quarantine()

    def _insert(self, table: str, cols: tuple[str, ...], data: dict[str, Any]) -> None:
        name = f"_batch_{table}"
        names = ", ".join(cols)
        self._sql(f"INSERT INTO {table} (file_id, {names}, source_tool) SELECT {self.file_id}, {names}, '{self.tool}' FROM {name}",
                  name, data)

    def _flush_quarantine(self) -> None:
        import numpy as np

        if not self.quarantine:
            return
        lines, reasons, raws = zip(*self.quarantine)
        data = {"line": np.array(lines, dtype=np.int64), "reason": np.array(reasons, dtype=object),
                "raw": np.array(raws, dtype=object)}
        self._sql(f"INSERT INTO quarantine SELECT {self.file_id}, line, reason, raw FROM _batch_quarantine",
                  "_batch_quarantine", data)
        self.quarantine = []

    # visits -------------------------------------------------------------------------------

    def visits(self, batch: VisitBatch) -> None:
        import numpy as np

        if batch.host is not None:
            keys = [f"{h or ''}\x1f{r}" for h, r in zip(batch.host, batch.request)]
        else:
            keys = batch.request
        n = len(keys)
        req_ids = np.fromiter(map(self.requests.__getitem__, keys), dtype=np.int32, count=n)
        agent_ids = np.fromiter(map(self.agents.__getitem__, batch.user_agent), dtype=np.int32, count=n)
        ref_ids = np.fromiter(map(self.referrers.__getitem__, batch.referrer), dtype=np.int32, count=n)
        if len(self.requests.new) + len(self.agents.new) + len(self.referrers.new) > DIM_FLUSH:
            self._flush_dims()  # else at the end of the file: a few inserts instead of three per batch
        data: dict[str, Any] = {
            "line": np.asarray(batch.line, dtype=np.int64),
            "ts": (np.asarray(batch.ts, dtype=np.float64) * 1_000_000).round().astype("datetime64[us]"),
            "status": np.array(batch.status, dtype=np.int16),
            "request_id": req_ids, "agent_id": agent_ids, "referrer_id": ref_ids,
        }
        ip_sql = "NULL"
        if batch.ip is not None:  # numeric columns only: DuckDB scans them without the GIL (0 stands for none)
            ips = batch.ip if None not in batch.ip else [0 if h is None else h for h in batch.ip]
            data["ip_hash"] = np.array(ips, dtype=np.int64)
            ip_sql = "nullif(ip_hash, 0)"
        self._sql(f"INSERT INTO visits SELECT {self.file_id}, line, ts, status, request_id, agent_id, referrer_id, {ip_sql} "
                  "FROM _batch_visits", "_batch_visits", data)
        self.rows += len(batch.line)
        self._progress(len(batch.line))

    def _flush_dims(self) -> None:
        from ..amplify.crawlers import classify_user_agent
        from .normalize import UrlError, referrer_engine, source_engine, split_url, url_host

        scrub = self.scrub  # apps and proxies put client addresses in targets, agents and referrers too
        if self.requests.new:
            rows = []
            for i, key in self.requests.new:
                if isinstance(key, bytes):
                    key = key.decode("utf-8", errors="replace")
                host = None
                if "\x1f" in key:
                    host, _, key = key.partition("\x1f")
                    host = url_host(host) if host else None
                method, _, rest = key.partition(" ")
                target = rest.rsplit(" ", 1)[0] if rest.endswith(("HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/2", "HTTP/3")) else rest
                if not rest:  # a request line with no method (garbage, or just a path)
                    method, target = None, key
                try:
                    _, path, utm = split_url(target if target.startswith("/") else "/" + target) if target else (None, None, None)
                except UrlError:  # kept as a visit to no page: the request happened, its target is junk
                    path, utm = None, None
                rows.append((i, scrub(method and method[:100]), scrub(target[:2000]), scrub(host), scrub(path and path[:2000]),
                             scrub(utm and utm[:500]), source_engine(utm)))
            self._insert_dim("visit_requests", ("id", "method", "target", "host", "path", "utm_source", "utm_engine"), rows)
            self.requests.new = []
        if self.agents.new:
            rows = []
            for i, ua in self.agents.new:
                if isinstance(ua, bytes):
                    ua = ua.decode("utf-8", errors="replace")
                crawler = classify_user_agent(ua) if ua and ua != "-" else None
                rows.append((i, scrub(ua[:1000]) if ua else None, crawler.token if crawler else None,
                             crawler.operator if crawler else None, crawler.purpose.value if crawler else None))
            self._insert_dim("visit_agents", ("id", "user_agent", "crawler", "operator", "purpose"), rows)
            self.agents.new = []
        if self.referrers.new:
            rows = []
            for i, ref in self.referrers.new:
                if isinstance(ref, bytes):
                    ref = ref.decode("utf-8", errors="replace")
                ref = ref if ref and ref != "-" else None
                rows.append((i, scrub(ref[:2000]) if ref else None, scrub(url_host(ref)) if ref else None, referrer_engine(ref)))
            self._insert_dim("visit_referrers", ("id", "referrer", "host", "ai_engine"), rows)
            self.referrers.new = []

    def _insert_dim(self, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        import numpy as np

        data = {c: np.array(v, dtype=object) for c, v in zip(cols, zip(*rows))}
        data["id"] = np.array(data["id"], dtype=np.int32)
        name = f"_batch_{table}"
        self._sql(f"INSERT INTO {table} (file_id, {', '.join(cols)}) SELECT {self.file_id}, {', '.join(cols)} FROM {name}",
                  name, data)


__all__ = ["FileOutcome", "Store", "StoreBusy", "SCHEMA_VERSION"]
