"""Access logs: Combined Log Format, CloudFront standard logs, Cloudflare Logpush, Vercel drains.

Every request line becomes one visit (never deduplicated within a file: two identical lines are
two requests). Lines are read in chunks and handed over as :class:`VisitBatch` columns.

Combined Log Format is the high-volume case (target: 200k lines/s on the reference machine), so
its reader has a fast path: a line without backslashes that splits into exactly 7 parts on ``"``
is ``host ident user [time] "request" status bytes "referer" "user-agent"`` and needs no regex;
the time string, the status and (if IPs are kept) the client IP are then mapped through caches.
Everything else (escaped quotes, extra fields, the Common Log Format without referer and user
agent) goes through a regex, and what the regex refuses is quarantined.
"""

# Over 400 lines on purpose: one job (access-log lines to visits); the four formats share the batch building, the time parsing and its caches, and the Combined Log Format fast path is most of it.

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from itertools import compress, repeat
from typing import Any, ClassVar
from urllib.parse import unquote

import numpy as np

from ..normalize import ClfTime, parse_iso_timestamp
from ..records import BadRow, Item, VisitBatch
from . import jsonio
from ..privacy import IP_KEYS, IpScrubber, blank_client, blank_first_field
from .base import Context, NativeLoader, Source, byte_chunks
from ..records import FileError

_Q = r'"([^"\\]*(?:\\.[^"\\]*)*)"'
CLF_RE = re.compile(r"^(\S+) \S+ [^\[]*\[([^\]]+)\] " + _Q + r" (\d{3}|-) (\S+)(?: " + _Q + r" " + _Q + r")?")
r"""Linear: the user field runs to the *first* ``[`` (a lazy ``.*?\[`` retried every ``[`` of a
line of brackets, quadratic: 34 s for one 64 KB line)."""
STATUS = {str(i): i for i in range(100, 600)}
# keyed by bytes | None: a line the fast path cannot split has a None status, and .get(None) is None
STATUS_BYTES: dict[bytes | None, int] = {str(i).encode(): i for i in range(100, 600)}


def _unescape(text: str | None) -> str:
    if not text:
        return ""
    return text.replace('\\"', '"').replace("\\\\", "\\") if "\\" in text else text


class CombinedLog:
    load_native: NativeLoader | None = None  # streamed only
    name: ClassVar[str] = "combined-log"
    kind: ClassVar[str] = "visits"
    title: ClassVar[str] = "Access log in Combined (or Common) Log Format: Apache, nginx, most servers"
    detection: ClassVar[str] = (
        'the first lines match `host ident user [time] "request" status bytes "referer" "user-agent"`'
    )

    def detect(self, head: str, filename: str) -> float:
        lines = [ln for ln in head.splitlines()[:20] if ln.strip()]
        if not lines:
            return 0.0
        hits = sum(1 for ln in lines if CLF_RE.match(ln))
        if hits == 0:
            return 0.0
        full = sum(1 for ln in lines if (m := CLF_RE.match(ln)) and m.group(7) is not None)
        return (0.95 if full else 0.75) * hits / len(lines)

    def read(self, source: Source, ctx: Context) -> Iterator[Item]:
        clf_time = ClfTime()
        hasher = ctx.ip_hasher
        keep_ip = hasher.key is not None
        status_of = STATUS_BYTES.get
        for first, lines, backslash in byte_chunks(source):
            ts_raw: list[bytes | None] = []
            req: list[bytes | None] = []
            st_raw: list[bytes | None] = []
            ref: list[bytes | None] = []
            ua: list[bytes | None] = []
            ips: list[bytes | None] = []
            a_ts, a_req, a_st, a_ref, a_ua, a_ip = (
                ts_raw.append,
                req.append,
                st_raw.append,
                ref.append,
                ua.append,
                ips.append,
            )
            # the fast path: one split per line, slices, appends; anything else gets None placeholders
            for p in map(bytes.split, lines, repeat(b'"')):
                if len(p) == 7:
                    head = p[0]
                    a_ts(head[-28:-2])  # b"[05/Oct/2026:13:55:36 +0000] ": checked by clf_epochs
                    a_req(p[1])
                    a_st(p[2][1:4])
                    a_ref(p[3])
                    a_ua(p[5])
                    if keep_ip:
                        a_ip(head[: head.find(b" ")])
                else:
                    a_ts(None)
                    a_req(None)
                    a_st(None)
                    a_ref(None)
                    a_ua(None)
                    if keep_ip:
                        a_ip(None)
            n = len(lines)
            drop: dict[int, BadRow | None] = {}  # index -> why it is not a visit (None: blank line)
            slow = [i for i, r in enumerate(req) if r is None] if None in req else []
            if backslash:  # escaped quotes make the split lie: those lines take the regex
                slow = sorted(set(slow) | {i for i, line in enumerate(lines) if b"\\" in line})
            for i in slow:
                text = lines[i].decode("utf-8", errors="replace").rstrip("\r")
                if not text.strip():
                    drop[i] = None
                    continue
                m = CLF_RE.match(text)
                if m is None:
                    drop[i] = BadRow(first + i, "not a Combined/Common Log Format line", blank_first_field(text)[:500])
                    continue
                ts_raw[i] = m.group(2).encode()
                req[i] = _unescape(m.group(3)).encode()
                st_raw[i] = m.group(4).encode()
                ref[i] = _unescape(m.group(6)).encode()
                ua[i] = _unescape(m.group(7)).encode()
                if keep_ip:
                    ips[i] = m.group(1).encode()
            epochs, valid = clf_epochs(ts_raw)
            ts: list[Any] = epochs.tolist()
            if not valid.all():  # other layouts of the time (or garbage): the scalar parser decides
                for i in np.nonzero(~valid)[0].tolist():
                    raw = ts_raw[i]
                    ts[i] = clf_time(raw.decode("ascii", "replace")) if raw is not None else None
            status = list(map(status_of, st_raw))
            if None in ts or None in status:
                for i, (t, s) in enumerate(zip(ts, status)):
                    if i in drop:
                        continue
                    if t is None:
                        text = lines[i].decode("utf-8", "replace").rstrip("\r")
                        reason = (
                            f"unreadable time [{(ts_raw[i] or b'').decode('ascii', 'replace')}]"
                            if CLF_RE.match(text)
                            else "not a Combined/Common Log Format line"
                        )
                        drop[i] = BadRow(first + i, reason, blank_first_field(text)[:500])
                    elif s is None:
                        drop[i] = BadRow(
                            first + i,
                            f"unreadable status {(st_raw[i] or b'').decode('ascii', 'replace')!r}",
                            blank_first_field(lines[i].decode("utf-8", "replace"))[:500],
                        )
            nums: Any = np.arange(first, first + n, dtype=np.int64)
            if drop:
                keep = [i not in drop for i in range(n)]
                nums = nums[np.array(keep)]
                ts, req, status, ref, ua = (list(compress(col, keep)) for col in (ts, req, status, ref, ua))
                if keep_ip:
                    ips = list(compress(ips, keep))
            batch = VisitBatch(nums, ts, req, status, ua, ref)  # type: ignore[arg-type]
            if keep_ip:
                batch.ip = hasher.many(ips)  # type: ignore[arg-type]
            if len(nums):
                yield batch
            yield from (b for _, b in sorted(drop.items()) if b is not None)


# Vectorized ``dd/Mon/yyyy:hh:mm:ss +zzzz`` -> epoch seconds, ~0.3 µs a line instead of ~2 µs.
_MONTH_OF = np.zeros(1 << 15, dtype=np.int64)
for _i, _m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1):
    _b = _m.encode()
    _MONTH_OF[((_b[0] & 31) << 10) | ((_b[1] & 31) << 5) | (_b[2] & 31)] = _i
assert np.count_nonzero(_MONTH_OF) == 12
_DIGITS = [0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19, 22, 23, 24, 25]
_FILLER = b"?" * 26


def clf_epochs(ts: list[bytes | None]) -> tuple[np.ndarray, np.ndarray]:
    """Epoch seconds (UTC) of CLF times and a mask of those in the exact 26-character layout;
    the others are left for the scalar parser (:class:`~..normalize.ClfTime`)."""
    n = len(ts)
    if not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    if None in ts:
        ts = [_FILLER if t is None else t for t in ts]
    text = b"".join(ts)  # type: ignore[arg-type]
    if len(text) != 26 * n:
        text = b"".join(t if len(t) == 26 else _FILLER for t in ts)  # type: ignore[arg-type, misc]
    b = np.frombuffer(text, dtype=np.uint8).reshape(n, 26)
    d = b[:, _DIGITS].astype(np.int64) - 48
    ok = ((d >= 0) & (d <= 9)).all(axis=1)
    ok &= (b[:, 2] == 47) & (b[:, 6] == 47) & (b[:, 11] == 58) & (b[:, 14] == 58) & (b[:, 17] == 58) & (b[:, 20] == 32)
    ok &= (b[:, 21] == 43) | (b[:, 21] == 45)
    day = d[:, 0] * 10 + d[:, 1]
    year = d[:, 2] * 1000 + d[:, 3] * 100 + d[:, 4] * 10 + d[:, 5]
    hour, minute, second = d[:, 6] * 10 + d[:, 7], d[:, 8] * 10 + d[:, 9], d[:, 10] * 10 + d[:, 11]
    offset = ((d[:, 12] * 10 + d[:, 13]) * 3600 + (d[:, 14] * 10 + d[:, 15]) * 60) * np.where(b[:, 21] == 45, -1, 1)
    key = (
        ((b[:, 3].astype(np.int64) & 31) << 10)
        | ((b[:, 4].astype(np.int64) & 31) << 5)
        | (b[:, 5].astype(np.int64) & 31)
    )
    month = _MONTH_OF[key]
    ok &= (month > 0) & (day >= 1) & (day <= 31) & (hour < 24) & (minute < 60) & (second < 61)
    # days from the civil date (H. Hinnant's algorithm), vectorized
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    return days * 86400 + hour * 3600 + minute * 60 + second - offset, ok


# --- CloudFront -------------------------------------------------------------------------------


class CloudFront:
    load_native: NativeLoader | None = None  # streamed only
    name: ClassVar[str] = "cloudfront"
    kind: ClassVar[str] = "visits"
    title: ClassVar[str] = "Amazon CloudFront standard log (tab-separated, #Fields: header)"
    detection: ClassVar[str] = "`#Version:` and a `#Fields:` line naming cs-uri-stem"

    def detect(self, head: str, filename: str) -> float:
        if "#Fields:" in head and "cs-uri-stem" in head:
            return 0.95
        return 0.0

    def read(self, source: Source, ctx: Context) -> Iterator[Item]:
        fields: dict[str, int] | None = None
        days: dict[str, int] = {}
        decoded: dict[str, str] = {}
        hasher = ctx.ip_hasher
        keep_ip = hasher.key is not None

        def dec(value: str) -> str:
            out = decoded.get(value)
            if out is None:
                out = unquote(unquote(value)) if "%" in value else value  # CloudFront double-encodes some
                if len(decoded) > 100_000:
                    decoded.clear()
                decoded[value] = out
            return out

        batch = _new_batch(keep_ip, with_host=True)
        client_cols: list[int] = []

        def excerpt(text: str) -> str:
            """The line for the quarantine, its client-address fields blanked (see :mod:`..privacy`)."""
            if not client_cols:
                return text[:500]
            parts = text.split("\t")
            for i in client_cols:
                if i < len(parts):
                    parts[i] = blank_client(parts[i])
            return "\t".join(parts)[:500]

        for n, text in source.lines():
            if text.startswith("#"):
                if text.startswith("#Fields:"):
                    names = text[len("#Fields:") :].split()
                    fields = {name: i for i, name in enumerate(names)}
                    client_cols = [i for name, i in fields.items() if name.lower() in IP_KEYS]
                    missing = [f for f in ("date", "time", "cs-uri-stem", "sc-status") if f not in fields]
                    if missing:
                        raise FileError(f"#Fields: lacks {', '.join(missing)}", n)
                continue
            if not text.strip():
                continue
            if fields is None:
                yield BadRow(n, "data line before the #Fields: line", excerpt(text))
                continue
            parts = text.split("\t")
            if len(parts) < len(fields):
                yield BadRow(n, f"expected {len(fields)} tab-separated fields, found {len(parts)}", excerpt(text))
                continue

            def get(name: str, parts: list[str] = parts) -> str:
                i = fields.get(name)  # noqa: B023 (called within this iteration)
                return parts[i] if i is not None else "-"

            day = days.get(get("date"))
            if day is None:
                try:
                    d = dt.date.fromisoformat(get("date"))
                except ValueError:
                    yield BadRow(n, f"unreadable date {get('date')!r}", excerpt(text))
                    continue
                day = days[get("date")] = calendar.timegm(d.timetuple())
            t = get("time")
            try:
                hour, minute, second = int(t[0:2]), int(t[3:5]), int(t[6:8])
                status = int(get("sc-status"))
                if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 61 and 100 <= status <= 999):
                    raise ValueError("out of range")  # an HTTP status has three digits; a clock stops at 23:59:60
            except ValueError:
                yield BadRow(n, f"unreadable time or status ({t!r}, {get('sc-status')!r})", excerpt(text))
                continue
            secs = hour * 3600 + minute * 60 + second
            target = get("cs-uri-stem")
            query = get("cs-uri-query")
            if query and query != "-":
                target = f"{target}?{query}"
            host = get("x-host-header")
            batch.add(
                n,
                day + secs,
                f"{get('cs-method')} {target}",
                status,
                dec(get("cs(User-Agent)")),
                dec(get("cs(Referer)")),
                hasher(get("c-ip")) if keep_ip else None,
                None if host == "-" else host,
            )
            if len(batch) >= 20_000:
                yield batch
                batch = _new_batch(keep_ip, with_host=True)
        if batch:
            yield batch


def _new_batch(keep_ip: bool, with_host: bool) -> VisitBatch:
    batch = VisitBatch()
    if keep_ip:
        batch.ip = []
    if with_host:
        batch.host = []
    return batch


# --- JSON logs --------------------------------------------------------------------------------


def epoch_of(value: Any) -> float | None:
    """Seconds from a Logpush/Vercel timestamp: ns/µs/ms/s integers or an RFC 3339 string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            v = float(value)
        except OverflowError:
            return None
        if v > 1e17:
            return v / 1e9
        if v > 1e14:
            return v / 1e6
        if v > 1e11:
            return v / 1e3
        return v
    if isinstance(value, str):
        if value.isdigit():
            return epoch_of(int(value)) if len(value) < 40 else None
        return parse_iso_timestamp(value)
    return None


class _JsonLog:
    load_native: NativeLoader | None = None  # streamed only
    kind: ClassVar[str] = "visits"
    name: ClassVar[str] = ""

    def score(self, obj: dict[str, Any]) -> float:
        raise NotImplementedError

    def detect(self, head: str, filename: str) -> float:
        objs = jsonio.first_objects(head)
        return max((self.score(o) for o in objs), default=0.0)

    def fields(self, obj: dict[str, Any]) -> tuple[Any, str, str | None, Any, str, str, str | None, str | None] | None:
        """(ts, method, target, status, user agent, referrer, ip, host) or None to skip the entry."""
        raise NotImplementedError

    def read(self, source: Source, ctx: Context) -> Iterator[Item]:
        hasher = ctx.ip_hasher
        keep_ip = hasher.key is not None
        scrub = IpScrubber(hasher)
        batch = _new_batch(keep_ip, with_host=True)
        for item in jsonio.records(source):
            if isinstance(item, BadRow):
                yield item
                continue
            n, obj = item
            if not isinstance(obj, dict):
                yield BadRow(n, f"expected a JSON object, found a JSON {type(obj).__name__}", scrub.json_excerpt(obj))
                continue
            got = self.fields(obj)
            if got is None:
                ctx.warn(n, "entries that are not HTTP requests (build or function logs) skipped")
                continue
            ts_raw, method, target, status_raw, ua, ref, ip, host = got
            ts = epoch_of(ts_raw)
            if ts is None or not -1e11 < ts < 1e11:
                yield BadRow(n, f"unreadable timestamp {_short_repr(ts_raw)}", scrub.json_excerpt(obj))
                continue
            try:
                status = int(status_raw) if status_raw is not None else 0
                if not 0 <= status < 1000:
                    raise ValueError(status)
            except (TypeError, ValueError, OverflowError):
                yield BadRow(n, f"unreadable status {_short_repr(status_raw)}", scrub.json_excerpt(obj))
                continue
            if not target:
                yield BadRow(n, "no request path", scrub.json_excerpt(obj))
                continue
            if not isinstance(target, str):
                yield BadRow(
                    n, f"the request path is a JSON {type(target).__name__}, not a string", scrub.json_excerpt(obj)
                )
                continue
            batch.add(
                n,
                ts,
                f"{_text(method) or 'GET'} {target}",
                status,
                _text(ua) or "",
                _text(ref) or "",
                hasher(_text(ip)) if keep_ip else None,
                _text(host),
            )
            if len(batch) >= 20_000:
                yield batch
                batch = _new_batch(keep_ip, with_host=True)
        if batch:
            yield batch


def _text(value: Any) -> str | None:
    """A JSON log field as text: strings as they are, numbers spelled out, anything else (a
    ``true``, an object, a list where a string belongs) as None: the field is then unknown."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _short_repr(value: Any) -> str:
    text = (
        repr(value)
        if isinstance(value, (str, int, float, bool)) or value is None
        else f"(a JSON {type(value).__name__})"
    )
    return text if len(text) <= 80 else text[:77] + "..."


class Cloudflare(_JsonLog):
    name = "cloudflare"
    title = "Cloudflare Logpush http_requests (NDJSON, often gzipped)"
    detection = "JSON objects with EdgeStartTimestamp or ClientRequestURI"

    def score(self, obj: dict[str, Any]) -> float:
        keys = set(obj)
        if keys & {"EdgeStartTimestamp", "ClientRequestURI", "ClientRequestPath"}:
            return 0.95
        return 0.0

    def fields(self, obj: dict[str, Any]) -> Any:
        target = obj.get("ClientRequestURI") or obj.get("ClientRequestPath")
        return (
            obj.get("EdgeStartTimestamp") or obj.get("EdgeEndTimestamp"),
            obj.get("ClientRequestMethod"),
            target,
            obj.get("EdgeResponseStatus") or obj.get("OriginResponseStatus"),
            obj.get("ClientRequestUserAgent"),
            obj.get("ClientRequestReferer"),
            obj.get("ClientIP"),
            obj.get("ClientRequestHost"),
        )


class Vercel(_JsonLog):
    name = "vercel"
    title = "Vercel log drain (JSON/NDJSON with proxy{})"
    detection = "JSON objects with a proxy object (method, path, userAgent) or timestamp/path/statusCode"

    def score(self, obj: dict[str, Any]) -> float:
        proxy = obj.get("proxy")
        if isinstance(proxy, dict) and ("userAgent" in proxy or "path" in proxy):
            return 0.95
        if {"timestamp", "path", "statusCode"} <= set(obj) or {"deploymentId", "source", "timestamp"} <= set(obj):
            return 0.7
        return 0.0

    def fields(self, obj: dict[str, Any]) -> Any:
        proxy = obj.get("proxy")
        if not isinstance(proxy, dict):
            return None
        ua = proxy.get("userAgent")
        if isinstance(ua, list):
            ua = " ".join(str(u) for u in ua)
        return (
            proxy.get("timestamp") or obj.get("timestamp"),
            proxy.get("method"),
            proxy.get("path") or obj.get("path"),
            proxy.get("statusCode") if proxy.get("statusCode") is not None else obj.get("statusCode"),
            ua,
            proxy.get("referer"),
            proxy.get("clientIp"),
            proxy.get("host"),
        )
