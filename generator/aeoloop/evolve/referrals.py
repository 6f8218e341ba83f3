"""AI-referred visits: one definition, shared by ``aeoloop digest`` and ``aeoloop metrics``.

A visit referred by an AI answer engine is seen by two kinds of report: access logs (a request
whose referrer or ``utm_source`` names an AI engine, class ``ai-referral`` of ``visits_daily_v``)
and GA4 (sessions whose source is an AI engine, read from one table per GA4 file, see
:func:`~aeoloop.evolve.facts.session_grains`). The plan ranks pages by the sum of both; the digest
and the metrics used to compute their own versions (the metrics table called the log part alone
"AI-referred visits", 0 on a site with GA4 and no logs, while the digest said 127). Both now read
the day totals below, so the same days always give the same number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .facts import own_sql, session_grains


@dataclass
class Referred:
    """AI-referred traffic of one day: from logs, from GA4, and GA4 key events."""

    logs: float = 0.0
    ga4: float = 0.0
    key_events: float = 0.0

    @property
    def visits(self) -> float:
        return self.logs + self.ga4

    def add(self, other: Referred) -> None:
        self.logs += other.logs
        self.ga4 += other.ga4
        self.key_events += other.key_events


def by_day(store: Any, index: Any, start: dt.date | None = None, end: dt.date | None = None) -> dict[dt.date, Referred]:
    """AI-referred traffic per day to our pages (rows without a date are period totals: skipped)."""
    own = own_sql(index)
    span, args = "", []
    if start is not None and end is not None:
        span, args = " AND date BETWEEN ? AND ?", [start, end]
    out: dict[dt.date, Referred] = {}
    for day, hits in store.q(
        f"""SELECT date, sum(hits) FROM visits_daily_v
                                WHERE class = 'ai-referral' AND date IS NOT NULL AND {own}{span} GROUP BY date""",
        args,
    ):
        out.setdefault(day, Referred()).logs += float(hits or 0.0)
    for file_id, grain in session_grains(store, need_page=False):
        if "date" not in grain.split("+"):
            continue
        for day, sessions, key_events in store.q(
            f"""SELECT date, sum(sessions), sum(key_events) FROM sessions
                WHERE file_id = ? AND grain = ? AND ai_engine IS NOT NULL AND date IS NOT NULL AND {own}{span}
                GROUP BY date""",
            [file_id, grain, *args],
        ):
            r = out.setdefault(day, Referred())
            r.ga4 += float(sessions or 0.0)
            r.key_events += float(key_events or 0.0)
    return out


def total(days: dict[dt.date, Referred], start: dt.date, end: dt.date) -> Referred:
    """The sum over ``start``..``end`` (both included)."""
    out = Referred()
    for day, r in days.items():
        if start <= day <= end:
            out.add(r)
    return out
