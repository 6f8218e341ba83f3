"""The common records every report adapter produces, whatever the tool's own schema.

No two AI-visibility tools share a schema (see ``REPORT-FORMATS.md``), so each adapter maps its
rows to one of four typed records, and everything downstream (store, plan, anomalies, metrics)
only ever sees these:

- :class:`Citation`: in an answer of ``engine`` to ``prompt`` on ``date``, ``url`` was cited
  ``count`` times (1 for per-answer rows, the tool's count for aggregated reports).
- :class:`Search`: Search Console clicks and impressions of a URL (and query), per day or for
  the export's whole period (``date`` None).
- :class:`Session`: GA4 sessions of a landing page from one source / medium on one day.
- Visits (access-log requests) are high-volume, so log adapters hand them over in columns,
  :class:`VisitBatch`, never one object per line.

A row that cannot be read becomes a :class:`BadRow` (line and reason): it is quarantined and
the rest of the file still loads. A problem that makes the whole file unreadable (a missing
required column, a truncated gzip stream) raises :class:`FileError`, and nothing of the file is
stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union


class FileError(Exception):
    """The whole file cannot be ingested; ``line`` points at the cause when there is one."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(slots=True)
class BadRow:
    """A row that could not be read: quarantined with its line, the reason and the raw text."""

    line: int
    reason: str
    raw: str = ""


@dataclass(slots=True)
class Citation:
    line: int
    date: dt.date
    engine: str
    url: str | None
    """The cited URL; None for an answer that cited nothing (it still counts as an answer)."""
    prompt: str | None = None
    count: float = 1.0
    brand_cited: bool | None = None
    """The tool's verdict that *our* brand/domain was cited in this answer (nullable)."""
    answers: float | None = None
    """Executions or chats behind an aggregated row (for rates), when the tool gives it."""
    position: float | None = None
    brand_mentioned: bool | None = None
    sentiment: str | None = None
    country: str | None = None
    answer_id: str | None = None
    """Run or response id of per-answer formats: part of the natural key."""
    title: str | None = None


@dataclass(slots=True)
class Search:
    line: int
    date: dt.date | None
    url: str | None
    query: str | None
    clicks: float
    impressions: float
    ctr: float | None = None
    position: float | None = None
    country: str | None = None
    device: str | None = None
    search_type: str | None = None


@dataclass(slots=True)
class Session:
    line: int
    date: dt.date | None
    url: str | None
    source: str | None
    medium: str | None
    sessions: float
    engaged_sessions: float | None = None
    key_events: float | None = None
    revenue: float | None = None
    ai_engine: str | None = None
    """The AI engine that referred the sessions (from the source, or the AI Assistant channel)."""
    grain: str = ""
    """The table's dimensions (``date+page+source``): a file may hold the same sessions in
    several tables at different grains, and queries read one grain per file, never a sum."""
    content: str | None = None
    """The campaign content (``utm_content``, GA4's "Session manual ad content"): aeoloop's
    per-audience derivatives put the audience id there."""


@dataclass(slots=True)
class VisitBatch:
    """Access-log requests in columns (one list per field, all the same length).

    ``ts`` holds epoch seconds (UTC). ``request`` is ``METHOD target`` (a Combined Log Format
    request line as it is, ``GET /guides/oee/?utm_source=chatgpt.com HTTP/1.1``); ``ip`` and
    ``host`` are None for a whole batch when the log has no such field (or IPs are not kept).
    The store maps the repetitive text columns (request, user agent, referrer) to per-file
    dictionaries, so a million lines cost a million small integers, not a million strings.
    """

    line: list[int] = field(default_factory=list)
    ts: list[float] = field(default_factory=list)
    request: list[str] = field(default_factory=list)
    status: list[int] = field(default_factory=list)
    user_agent: list[str] = field(default_factory=list)
    referrer: list[str] = field(default_factory=list)
    ip: list[int | None] | None = None
    """HMAC of the client IP per line (see :class:`~.normalize.IpHasher`), or None for the batch."""
    host: list[str | None] | None = None

    def add(
        self,
        line: int,
        ts: float,
        request: str,
        status: int,
        user_agent: str,
        referrer: str,
        ip: int | None = None,
        host: str | None = None,
    ) -> None:
        self.line.append(line)
        self.ts.append(ts)
        self.request.append(request)
        self.status.append(status)
        self.user_agent.append(user_agent)
        self.referrer.append(referrer)
        if self.ip is not None:
            self.ip.append(ip)
        if self.host is not None:
            self.host.append(host)

    def __len__(self) -> int:
        return len(self.line)


Record = Union[Citation, Search, Session]
Item = Union[Citation, Search, Session, VisitBatch, BadRow]

TABLE_OF = {Citation: "citations", Search: "search", Session: "sessions"}
