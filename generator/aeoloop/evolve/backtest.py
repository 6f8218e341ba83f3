"""``aeoloop plan --backtest FROM..TO``: would the plan have pointed at the right pages?

Replays the weekly plan over the site's own history: for every week from FROM to TO (FROM, FROM
+ 7 days, ...) the plan as of that date, from what was known then (page dates from the git
history, exports by their dates or by when they were known: the same plan ``plan --as-of D``
gives), and takes its first ``picks`` pages (not locked, score above 0), as a build with that
budget would regenerate.

Each week is scored against what happened next: for every page with citations, the citations
in the ``trend_days`` after the plan date minus those in the ``trend_days`` up to it (its
*recovery*). The picked pages' mean recovery is compared with the rest's: if the team
regenerates what the plan picks and the plan picks the pages that can recover, the picked
pages recover more. A week whose next period reaches past the latest report, or whose previous
period starts before the first, is not scored (half a period would read as a change) and says so. A week with no reports at all cannot be scored
either; a range with none is an error that names the dates the reports cover.

The outcome is what happened, whatever the team did: the regenerations the manifests record
(the last one per page) are counted, so a reader can tell a plan that was followed from one
that was not.
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field
from typing import Any

from ..errors import AeoloopError
from .current import page_index
from . import pages as page_info
from .facts import gather, register_pages
from .history import as_known_at
from .options import options_of
from .plan import build_plan

DEFAULT_PICKS = 4


class NoReports(AeoloopError):
    """The backtest range has no reports to replay or to score against."""


@dataclass
class Week:
    as_of: dt.date
    picks: list[str]
    scored: bool
    picked_before: float = 0.0
    picked_after: float = 0.0
    rest_before: float = 0.0
    rest_after: float = 0.0
    rest_pages: int = 0
    regenerated: list[str] = field(default_factory=list)
    """Picked pages whose manifests record a regeneration in the week after the plan date."""
    note: str = ""

    @property
    def picked_recovery(self) -> float:
        """Mean change in citations per picked page (after minus before)."""
        return (self.picked_after - self.picked_before) / len(self.picks) if self.picks else 0.0

    @property
    def rest_recovery(self) -> float:
        return (self.rest_after - self.rest_before) / self.rest_pages if self.rest_pages else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "scored": self.scored,
            "picks": self.picks,
            "picked": {
                "before": round(self.picked_before, 3),
                "after": round(self.picked_after, 3),
                "recovery_per_page": round(self.picked_recovery, 3),
            },
            "rest": {
                "pages": self.rest_pages,
                "before": round(self.rest_before, 3),
                "after": round(self.rest_after, 3),
                "recovery_per_page": round(self.rest_recovery, 3),
            },
            "regenerated": self.regenerated,
            **({"note": self.note} if self.note else {}),
        }


@dataclass
class Backtest:
    start: dt.date
    end: dt.date
    horizon_days: int
    picks_per_week: int
    reports: tuple[dt.date, dt.date]
    weeks: list[Week]

    @property
    def scored(self) -> list[Week]:
        return [w for w in self.weeks if w.scored]

    def summary(self) -> dict[str, float | int]:
        """Means over scored weeks, per page: picked and rest recovery, their difference (lift) and
        the weeks where the picked pages recovered more than the rest."""
        weeks = self.scored
        n_picked = sum(len(w.picks) for w in weeks)
        n_rest = sum(w.rest_pages for w in weeks)
        picked = sum(w.picked_after - w.picked_before for w in weeks) / n_picked if n_picked else 0.0
        rest = sum(w.rest_after - w.rest_before for w in weeks) / n_rest if n_rest else 0.0
        better = sum(1 for w in weeks if w.picks and w.picked_recovery > w.rest_recovery)
        return {
            "weeks": len(self.weeks),
            "scored_weeks": len(weeks),
            "picked_page_weeks": n_picked,
            "rest_page_weeks": n_rest,
            "picked_recovery_per_page": round(picked, 3),
            "rest_recovery_per_page": round(rest, 3),
            "lift_per_page": round(picked - rest, 3),
            "weeks_picked_recovered_more": better,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "horizon_days": self.horizon_days,
            "picks_per_week": self.picks_per_week,
            "reports": [self.reports[0].isoformat(), self.reports[1].isoformat()],
            "summary": self.summary(),
            "weeks": [w.as_dict() for w in self.weeks],
        }


def parse_range(value: str) -> tuple[dt.date, dt.date]:
    """``2026-01-05..2026-12-28`` -> the two dates; ValueError with what to write otherwise."""
    start_s, sep, end_s = value.partition("..")
    if not sep:
        raise ValueError(f"{value!r} is not a range; write FROM..TO, e.g. 2026-01-05..2026-06-28")
    try:
        start, end = dt.date.fromisoformat(start_s.strip()), dt.date.fromisoformat(end_s.strip())
    except ValueError:
        raise ValueError(f"{value!r}: FROM and TO must be dates (YYYY-MM-DD..YYYY-MM-DD)") from None
    if start > end:
        raise ValueError(f"{value!r}: FROM is after TO")
    return start, end


def run(project: Any, store: Any, start: dt.date, end: dt.date, picks: int | None = None) -> Backtest:
    """Replay the weekly plans from ``start`` to ``end`` (see the module doc)."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # like a plan: many short-lived objects, no cycles
    try:
        return _run(project, store, start, end, picks)
    finally:
        if gc_was_enabled:
            gc.enable()


def _run(project: Any, store: Any, start: dt.date, end: dt.date, picks: int | None) -> Backtest:
    import numpy as np

    opts = options_of(project)
    k = picks if picks is not None else (opts.max_pages or DEFAULT_PICKS)
    H = opts.trend_days
    if store is None:
        raise NoReports("nothing ingested yet: nothing to replay (aeoloop ingest FILE… or drop exports in reports/)")
    lo, hi = store.q("SELECT min(date), max(date) FROM citations")[0]
    if lo is None:
        raise NoReports(
            "no citation reports ingested: a backtest scores plans by the citations that followed them "
            "(ingest a citation tracker's exports first)"
        )
    if end < lo or start > hi:
        raise NoReports(
            f"no reports in {start}..{end}: the citation reports cover {lo}..{hi}; "
            f"choose a range within it (e.g. --backtest {max(lo + dt.timedelta(days=2 * H), lo)}..{hi})"
        )
    entries = page_info.page_entries(project)
    index = page_index(project, [u for u, _ in entries])
    infos = page_info.from_files(project, entries)
    regenerated = {i.src_uri: i.regenerated.date for i in infos if i.regenerated is not None}

    # our citations per page and day, once for the whole range (plans and outcomes read windows of it)
    d0 = start - dt.timedelta(days=H)
    n_days = (end - d0).days + H + 1
    daily = np.zeros((len(index.pages), n_days))
    register_pages(store, index)
    try:
        rows = store.con.execute(
            """SELECT m.page_id, datediff('day', ?::DATE, c.date), sum(c.count) FROM citations c
                                    JOIN _page_of m ON m.h = coalesce(c.host, '') AND m.path = c.path
                                    WHERE c.date BETWEEN ? AND ? GROUP BY ALL""",
            [d0, d0, d0 + dt.timedelta(days=n_days - 1)],
        ).fetchnumpy()
    finally:
        store.con.unregister("_page_of")
    pid, day, n = (np.asarray(rows[c]) for c in list(rows)[:3])
    if len(pid):
        np.add.at(daily, (pid.astype(np.int64), day.astype(np.int64)), n.astype(float))
    cum = np.concatenate([np.zeros((len(index.pages), 1)), np.cumsum(daily, axis=1)], axis=1)
    pos = {p: i for i, p in enumerate(index.pages)}

    weeks = []
    blobs: dict[tuple[str, str], bytes | None] = {}
    d = start
    while d <= end:
        if d < lo:
            weeks.append(Week(d, [], False, note=f"before the first report ({lo}): no plan"))
            d += dt.timedelta(days=7)
            continue
        week_infos = as_known_at(project, infos, d, blobs)
        plan = build_plan(store, week_infos, index, opts, as_of=d, facts=gather(store, index, opts, d))
        chosen = [e.page for e in plan.entries if e.score > 0 and not e.locked][:k]
        i = (d - d0).days + 1  # columns [i - H, i) are the H days up to d; [i, i + H) the H days after
        before = cum[:, i] - cum[:, i - H]
        after = cum[:, min(i + H, n_days)] - cum[:, i]
        complete_before = d - dt.timedelta(days=H - 1) >= lo
        scored = complete_before and d + dt.timedelta(days=H) <= hi
        week = Week(d, chosen, scored)
        if not complete_before:
            week.note = f"not scored: the {H} days up to it start before the first report ({lo})"
        elif not scored:
            week.note = f"not scored: the {H} days after it reach past the latest report ({hi})"
        picked_ids = [pos[p] for p in chosen if p in pos]
        week.picked_before = float(before[picked_ids].sum())
        week.picked_after = float(after[picked_ids].sum())
        rest = np.ones(len(index.pages), dtype=bool)
        rest[picked_ids] = False
        rest &= (before + after) > 0  # pages with citations in either period
        week.rest_pages = int(rest.sum())
        week.rest_before = float(before[rest].sum())
        week.rest_after = float(after[rest].sum())
        week.regenerated = [p for p in chosen if p in regenerated and d < regenerated[p] <= d + dt.timedelta(days=7)]
        weeks.append(week)
        d += dt.timedelta(days=7)
    if not any(w.scored for w in weeks) and not any(w.picks for w in weeks):
        raise NoReports(f"no week of {start}..{end} can be replayed and scored: the citation reports cover {lo}..{hi}")
    return Backtest(start, end, H, k, (lo, hi), weeks)
