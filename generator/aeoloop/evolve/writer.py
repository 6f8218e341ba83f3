"""The writer of one file's ingest: buffers records per table and inserts them in batches
through numpy columns, on a worker thread (:class:`_Background`), with per-file dictionaries
of visit requests, agents and referrers (:class:`_Dim`). Used by :meth:`.store.Store.ingest`."""

# Over 400 lines on purpose: one job (one file's records inserted into DuckDB in batches); the per-table flushes share the buffers, the visit dictionaries and the background thread.

from __future__ import annotations

import re
from typing import Any

from ..crawlers import classify_user_agent
from .normalize import UrlError, referrer_engine, source_engine, split_url, url_host, utm_content
from .privacy import IpScrubber
from .records import BadRow, Citation, Search, Session, VisitBatch

BATCH_ROWS = 50_000
DIM_LIMIT = 200_000
DIM_FLUSH = 50_000
COMMIT_ROWS = 250_000


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


class _Dim(dict[Any, int]):
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


class Writer:
    """Buffers records per table and inserts them in batches through numpy columns."""

    CIT_COLS = (
        "line",
        "date",
        "engine",
        "prompt",
        "host",
        "path",
        "count",
        "brand_cited",
        "answers",
        "position",
        "brand_mentioned",
        "sentiment",
        "country",
        "answer_id",
        "title",
    )
    SEARCH_COLS = (
        "line",
        "date",
        "url",
        "host",
        "path",
        "query",
        "clicks",
        "impressions",
        "ctr",
        "position",
        "country",
        "device",
        "search_type",
    )
    SESSION_COLS = (
        "line",
        "date",
        "url",
        "host",
        "path",
        "source",
        "medium",
        "ai_engine",
        "sessions",
        "engaged_sessions",
        "key_events",
        "revenue",
        "grain",
        "content",
    )

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
        try:
            host, path, _ = split_url(rec.url)
        except UrlError as err:
            self.bad(BadRow(rec.line, str(err), rec.url or ""))
            return
        if isinstance(rec, Citation):
            self.pending["citations"].append(
                (
                    rec.line,
                    rec.date,
                    rec.engine,
                    rec.prompt,
                    host,
                    path,
                    rec.count,
                    rec.brand_cited,
                    rec.answers,
                    rec.position,
                    rec.brand_mentioned,
                    rec.sentiment,
                    rec.country,
                    rec.answer_id,
                    rec.title,
                )
            )
        elif isinstance(rec, Search):
            self.pending["search"].append(
                (
                    rec.line,
                    rec.date,
                    rec.url,
                    host,
                    path,
                    rec.query,
                    rec.clicks,
                    rec.impressions,
                    rec.ctr,
                    rec.position,
                    rec.country,
                    rec.device,
                    rec.search_type,
                )
            )
        elif isinstance(rec, Session):
            self.pending["sessions"].append(
                (
                    rec.line,
                    rec.date,
                    rec.url,
                    host,
                    path,
                    rec.source,
                    rec.medium,
                    rec.ai_engine,
                    rec.sessions,
                    rec.engaged_sessions,
                    rec.key_events,
                    rec.revenue,
                    rec.grain,
                    rec.content if rec.content is not None else utm_content(rec.url),
                )
            )
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

        for table, cols in (
            ("citations", self.CIT_COLS),
            ("search", self.SEARCH_COLS),
            ("sessions", self.SESSION_COLS),
        ):
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
        self._sql(
            f"INSERT INTO {table} (file_id, {names}, source_tool) SELECT {self.file_id}, {names}, '{self.tool}' FROM {name}",
            name,
            data,
        )

    def _flush_quarantine(self) -> None:
        import numpy as np

        if not self.quarantine:
            return
        lines, reasons, raws = zip(*self.quarantine)
        data = {
            "line": np.array(lines, dtype=np.int64),
            "reason": np.array(reasons, dtype=object),
            "raw": np.array(raws, dtype=object),
        }
        self._sql(
            f"INSERT INTO quarantine SELECT {self.file_id}, line, reason, raw FROM _batch_quarantine",
            "_batch_quarantine",
            data,
        )
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
            "request_id": req_ids,
            "agent_id": agent_ids,
            "referrer_id": ref_ids,
        }
        ip_sql = "NULL"
        if batch.ip is not None:  # numeric columns only: DuckDB scans them without the GIL (0 stands for none)
            ips = batch.ip if None not in batch.ip else [0 if h is None else h for h in batch.ip]
            data["ip_hash"] = np.array(ips, dtype=np.int64)
            ip_sql = "nullif(ip_hash, 0)"
        self._sql(
            f"INSERT INTO visits SELECT {self.file_id}, line, ts, status, request_id, agent_id, referrer_id, {ip_sql} "
            "FROM _batch_visits",
            "_batch_visits",
            data,
        )
        self.rows += len(batch.line)
        self._progress(len(batch.line))

    def _flush_dims(self) -> None:
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
                target = (
                    rest.rsplit(" ", 1)[0]
                    if rest.endswith(("HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/2", "HTTP/3"))
                    else rest
                )
                if not rest:  # a request line with no method (garbage, or just a path)
                    method, target = None, key
                try:
                    _, path, utm = (
                        split_url(target if target.startswith("/") else "/" + target) if target else (None, None, None)
                    )
                except UrlError:  # kept as a visit to no page: the request happened, its target is junk
                    path, utm = None, None
                rows.append(
                    (
                        i,
                        scrub(method and method[:100]),
                        scrub(target[:2000]),
                        scrub(host),
                        scrub(path and path[:2000]),
                        scrub(utm and utm[:500]),
                        source_engine(utm),
                        scrub(utm_content(target)),
                    )
                )
            self._insert_dim(
                "visit_requests",
                ("id", "method", "target", "host", "path", "utm_source", "utm_engine", "utm_content"),
                rows,
            )
            self.requests.new = []
        if self.agents.new:
            agent_rows: list[tuple[int, str | None, str | None, str | None, str | None]] = []
            for i, ua in self.agents.new:
                if isinstance(ua, bytes):
                    ua = ua.decode("utf-8", errors="replace")
                crawler = classify_user_agent(ua) if ua and ua != "-" else None
                agent_rows.append(
                    (
                        i,
                        scrub(ua[:1000]) if ua else None,
                        crawler.token if crawler else None,
                        crawler.operator if crawler else None,
                        crawler.purpose.value if crawler else None,
                    )
                )
            self._insert_dim("visit_agents", ("id", "user_agent", "crawler", "operator", "purpose"), agent_rows)
            self.agents.new = []
        if self.referrers.new:
            referrer_rows: list[tuple[int, str | None, str | None, str | None]] = []
            for i, ref in self.referrers.new:
                if isinstance(ref, bytes):
                    ref = ref.decode("utf-8", errors="replace")
                ref = ref if ref and ref != "-" else None
                referrer_rows.append(
                    (i, scrub(ref[:2000]) if ref else None, scrub(url_host(ref)) if ref else None, referrer_engine(ref))
                )
            self._insert_dim("visit_referrers", ("id", "referrer", "host", "ai_engine"), referrer_rows)
            self.referrers.new = []

    def _insert_dim(self, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        import numpy as np

        data = {c: np.array(v, dtype=object) for c, v in zip(cols, zip(*rows))}
        data["id"] = np.array(data["id"], dtype=np.int32)
        name = f"_batch_{table}"
        self._sql(
            f"INSERT INTO {table} (file_id, {', '.join(cols)}) SELECT {self.file_id}, {', '.join(cols)} FROM {name}",
            name,
            data,
        )
