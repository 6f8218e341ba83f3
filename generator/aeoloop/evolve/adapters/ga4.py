"""GA4 CSV exports: ``#`` comment lines (``# Start date: 20260901``) and one or more tables.

Each table starts with its own header after a comment block or a blank line. A table is read
when it has a ``Sessions`` column; its dimensions (landing page or page path, session source /
medium or source and medium, default channel group, date) are mapped by header name, so the
same adapter reads "Traffic acquisition", "Landing page" and custom Explorations exports.
A "Session manual ad content" column (``utm_content``; or a ``utm_content`` in the landing page
with query string) tells which audience a session came for: aeoloop's per-audience derivatives
tag their links with the audience id there.
Sessions from an AI engine are told by the source (``chatgpt.com / referral``, or a
``utm_source=chatgpt.com`` that GA4 turned into the source) or by the AI Assistant channel.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import ClassVar

from ..normalize import parse_number, source_engine, utm_content
from ..records import BadRow, Item, Session
from .base import MAX_COLUMNS, Columns, Context, NativeLoader, Source, header_key, sniff_delimiter

SPEC = {
    "page": (
        "landing_page_query_string",
        "landing_page",
        "page_path_query_string",
        "page_path_and_screen_class",
        "page_path",
        "page_location",
        "full_page_url",
        "page",
    ),
    "source_medium": ("session_source_medium", "first_user_source_medium", "source_medium"),
    "source": ("session_source", "first_user_source", "source"),
    "medium": ("session_medium", "first_user_medium", "medium"),
    "channel": (
        "session_default_channel_group",
        "session_primary_channel_group",
        "default_channel_group",
        "first_user_default_channel_group",
        "channel_group",
    ),
    "date": ("date", "date_hour_yyyymmddhh", "day"),
    "sessions": ("sessions",),
    "engaged": ("engaged_sessions",),
    "key_events": ("key_events", "conversions", "session_key_event_rate_count"),
    "revenue": ("total_revenue", "purchase_revenue", "revenue"),
    "content": (
        "session_manual_ad_content",
        "manual_ad_content",
        "first_user_manual_ad_content",
        "session_manual_content",
        "utm_content",
    ),
}
KNOWN = [k for v in SPEC.values() for k in v]
AI_CHANNELS = {"ai assistant", "ai assistants", "ai-assistant", "ai", "ai chat", "ai referral", "ai referrals"}


class Ga4Csv:
    load_native: NativeLoader | None = None  # streamed only
    name: ClassVar[str] = "ga4"
    kind: ClassVar[str] = "sessions"
    title: ClassVar[str] = "GA4 CSV export (with # comment lines, one or more tables)"
    detection: ClassVar[str] = "`#` comment lines and/or a table header with Sessions plus GA4 dimension names"

    def detect(self, head: str, filename: str) -> float:
        lines = head.lstrip("\ufeff").splitlines()
        comments = sum(1 for ln in lines[:40] if ln.startswith("#"))
        for ln in lines[:200]:
            if not ln.strip() or ln.startswith("#"):
                continue
            keys = {header_key(f) for f in next(csv.reader([ln], delimiter=sniff_delimiter(ln, KNOWN)))}
            if "sessions" in keys and keys & set(
                SPEC["page"] + SPEC["source_medium"] + SPEC["source"] + SPEC["channel"] + SPEC["date"]
            ):
                return 0.95 if comments else 0.8
            if comments and keys & {"sessions", "views", "active_users", "event_count"}:
                return 0.7
            break
        return 0.0

    def read(self, source: Source, ctx: Context) -> Iterator[Item]:
        table: _Table | None = None
        in_table = False
        for n, text in source.lines():
            if text.startswith("#"):
                in_table = False
                continue
            if not text.strip():
                in_table = False
                continue
            if not in_table:
                table = _Table.start(n, text, ctx)
                in_table = True
                continue
            if table is None or table.skip:
                continue
            yield from table.row(n, text)


class _Table:
    def __init__(self, line: int, header: list[str], delim: str, ctx: Context) -> None:
        self.line = line
        self.delim = delim
        self.ctx = ctx
        self.width = len(header)
        self.skip = False
        if len(header) > MAX_COLUMNS:  # a garbage line where a table header belongs: skip that table, keep the others
            self.skip = True
            ctx.warn(line, f"GA4 table at line {line} has {len(header):,} columns, not a GA4 header; skipped")
            return
        cols = Columns.resolve(header, SPEC, (), delimiter=delim, line=line)
        self.cols = cols
        self.g = {f: cols.getter(f) for f in SPEC}
        if not cols.has("sessions"):
            self.skip = True
            shown = ", ".join(h.strip()[:40] for h in header[:20]) + (", …" if len(header) > 20 else "")
            ctx.warn(line, f"GA4 table at line {line} has no Sessions column ({shown}); skipped")
            return
        dims = []
        if cols.has("date"):
            dims.append("date")
        if cols.has("page"):
            dims.append("page")
        if cols.has("source_medium") or cols.has("source") or cols.has("medium"):
            dims.append("source")
        if cols.has("channel"):
            dims.append("channel")
        if cols.has("content"):
            dims.append("content")
        self.grain = "+".join(dims) or "total"
        self.decimal = "," if delim == ";" else "."

    @classmethod
    def start(cls, line: int, text: str, ctx: Context) -> _Table:
        delim = sniff_delimiter(text, KNOWN)
        header = next(csv.reader([text], delimiter=delim))
        return cls(line, header, delim, ctx)

    def row(self, n: int, text: str) -> Iterator[Item]:
        try:
            row = next(csv.reader([text], delimiter=self.delim))
        except csv.Error as err:
            yield BadRow(n, f"CSV syntax error: {err}", text[:500])
            return
        if len(row) != self.width:
            yield BadRow(
                n, f"expected {self.width} fields as in the header at line {self.line}, found {len(row)}", text[:500]
            )
            return
        g = self.g
        first = row[0].strip() if row else ""
        if not first or first.lower() in ("grand total", "totals", "total"):
            return  # the totals row GA4 puts under the header
        sessions = parse_number(g["sessions"](row), self.decimal)
        if sessions is None:
            yield BadRow(n, "empty or unreadable Sessions", text[:500])
            return
        date = None
        if self.cols.has("date"):
            raw = g["date"](row)
            date = self.ctx.dates(raw[:8] if raw and len(raw) == 10 and raw.isdigit() else raw)
            if date is None:
                yield BadRow(n, f"unreadable date {raw!r} (GA4 writes YYYYMMDD)", text[:500])
                return
        src, med = g["source"](row), g["medium"](row)
        sm = g["source_medium"](row)
        if sm:
            left, sep, right = sm.partition(" / ")
            src, med = left.strip() or None, (right.strip() or None) if sep else med
        page = g["page"](row)
        if page in ("(not set)", "(other)"):
            page = None
        channel = (g["channel"](row) or "").strip().lower()
        engine = source_engine(src)
        if engine is None and ((med or "").lower() in AI_CHANNELS or channel in AI_CHANNELS):
            engine = "ai-other"
        yield Session(
            n,
            date,
            page,
            src,
            med,
            sessions,
            engaged_sessions=parse_number(g["engaged"](row), self.decimal),
            key_events=parse_number(g["key_events"](row), self.decimal),
            revenue=parse_number(g["revenue"](row), self.decimal),
            ai_engine=engine,
            grain=self.grain,
            content=_content(g["content"](row)) or utm_content(page),
        )


def _content(value: str | None) -> str | None:
    """GA4 writes ``(not set)`` for sessions without campaign content."""
    value = (value or "").strip()
    return value[:200] if value and value not in ("(not set)", "(none)", "(other)") else None
