"""Dates in the spellings exports use (:class:`DateParser`, day/month order learned per file) and
the timestamps of access logs (CLF and ISO 8601)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

# --- dates and numbers ------------------------------------------------------------------------

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})
_NUM_DATE_RE = re.compile(r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})$")
_TEXT_DATE_RE = re.compile(r"^(?:(\d{1,2})[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4})|([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4}))$")


class DateParser:
    """Dates in the spellings exports use, with the day/month order learned per file.

    ISO (``2026-10-01``, with a time or not), ``20261001`` (GA4), ``2026/10/01``, ``01.10.2026``
    (always day first), ``Oct 1, 2026``, ``1 Oct 2026`` and epoch seconds or milliseconds.
    For ``01/10/2026`` the order is ambiguous: :meth:`learn` looks at the file's values first
    (a ``25/10/2026`` proves day first), and without evidence month first (US) is assumed.
    A value that contradicts the learned order is rejected rather than silently swapped.
    """

    def __init__(self, day_first: bool | None = None) -> None:
        self.day_first = day_first
        self._cache: dict[str, dt.date | None] = {}

    def learn(self, values: Iterable[str | None]) -> None:
        if self.day_first is not None:
            return
        for v in values:
            m = _NUM_DATE_RE.match(v.strip()) if v else None
            if m and m.group(2) == "/" and len(m.group(1)) <= 2:
                a, b = int(m.group(1)), int(m.group(3))
                if a > 12 >= b:
                    self.day_first = True
                    return
                if b > 12 >= a:
                    self.day_first = False
                    return

    def __call__(self, raw: str | None) -> dt.date | None:
        if raw is None:
            return None
        try:
            return self._cache[raw]
        except KeyError:
            pass
        value = self._parse(raw.strip())
        if len(self._cache) < 100_000:
            self._cache[raw] = value
        return value

    def _parse(self, s: str) -> dt.date | None:
        if not s:
            return None
        try:
            if len(s) >= 10 and s[4] == "-" and s[7] == "-" and (len(s) == 10 or s[10] in "T "):
                if len(s) > 10:
                    dt.datetime.fromisoformat(s.replace("Z", "+00:00"))  # raises on a bad time: caught below
                return dt.date.fromisoformat(s[:10])
            if len(s) == 8 and s.isdigit():
                return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
            if s.isdigit() and len(s) in (10, 13):
                secs = int(s) / (1000 if len(s) == 13 else 1)
                return dt.datetime.fromtimestamp(secs, dt.timezone.utc).date()
            m = _NUM_DATE_RE.match(s[:10]) if len(s) > 10 and s[10] in " T" else _NUM_DATE_RE.match(s)
            if m:
                a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
                if len(a) == 4:
                    return dt.date(int(a), int(b), int(c))
                if len(c) != 4:
                    return None
                if sep == "." or sep == "-":
                    return dt.date(int(c), int(b), int(a))
                if self.day_first is None:
                    self.learn([s])
                day, month = (a, b) if self.day_first else (b, a)
                return dt.date(int(c), int(month), int(day))
            m = _TEXT_DATE_RE.match(s)
            if m:
                if m.group(1):
                    day, mon, year = m.group(1), m.group(2), m.group(3)
                else:
                    mon, day, year = m.group(4), m.group(5), m.group(6)
                month = _MONTHS.get(mon.lower())
                return dt.date(int(year), month, int(day)) if month else None
        except ValueError:
            return None
        return None


# --- timestamps of logs -----------------------------------------------------------------------

_MON3 = {m: i for i, m in enumerate(calendar.month_abbr) if m}


class ClfTime:
    """``10/Oct/2026:13:55:36 +0200`` -> epoch seconds (UTC), with cheap caches per part.

    A busy log repeats the same second many times and a quiet one the same day: the full
    string, the day, the time of day and the zone are each cached, so a miss costs three
    dictionary lookups instead of a ``strptime``.
    """

    def __init__(self) -> None:
        self.full: dict[str, int] = {}
        self.days: dict[str, int] = {}
        self.times: dict[str, int] = {}
        self.zones: dict[str, int] = {}

    def __call__(self, s: str) -> int | None:
        hit = self.full.get(s)
        if hit is not None:
            return hit
        try:
            day = self.days.get(s[:11])
            if day is None:
                day = self.days[s[:11]] = calendar.timegm((int(s[7:11]), _MON3[s[3:6]], int(s[0:2]), 0, 0, 0))
            tod = self.times.get(s[12:20])
            if tod is None:
                if s[14] != ":" or s[17] != ":":
                    return None
                tod = self.times[s[12:20]] = int(s[12:14]) * 3600 + int(s[15:17]) * 60 + int(s[18:20])
            zone = s[21:]
            off = self.zones.get(zone)
            if off is None:
                if not zone:
                    off = 0
                else:
                    sign = -1 if zone[0] == "-" else 1
                    off = sign * (int(zone[1:3]) * 3600 + int(zone[3:5]) * 60)
                self.zones[zone] = off
        except (KeyError, ValueError, IndexError):
            return None
        value = day + tod - off
        if len(self.full) > 200_000:
            self.full.clear()
        self.full[s] = value
        return value


def parse_iso_timestamp(raw: str) -> float | None:
    """ISO 8601 (``2026-10-01T12:00:00.123Z``) -> epoch seconds, None when unreadable."""
    try:
        value = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.timestamp()
