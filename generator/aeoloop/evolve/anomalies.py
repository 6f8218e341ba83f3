"""Sudden drops and spikes per page and source, robust to weekly seasonality.

Method (seasonal median + MAD, no model fitting):

- A series is one page x one metric x one source: citations per engine, AI-crawler hits per
  crawler, AI-referred visits per engine. Days are counted over ``WEEKS + 1`` weeks ending at
  the as-of date. A day on which the source produced no data at all (the tool did not run, the
  log does not cover it) is *missing*, not zero, so gaps never read as drops.
- Counts are compared on the square-root scale, where Poisson noise has a standard deviation of
  about 0.5 whatever the level (Anscombe): ``z = (sqrt(x) - median(sqrt(b))) / s`` with
  ``s = max(1.4826 * MAD(sqrt(b)), 0.5)``. The MAD term is the robust spread of the baseline
  ``b`` (it absorbs over-dispersed series), the 0.5 floor is the Poisson noise, which keeps flat
  histories (MAD = 0) and small counts (1 -> 0 is z = -2, not an anomaly; 7 -> 0 is z = -5.3)
  honest.
- **Day level**: each of the last 7 days against the same weekday of the previous ``WEEKS``
  weeks (Monday with Mondays: weekly seasonality cancels out).
- **Week level**: the last 7 days' total against the previous weekly totals (each scaled to 7
  covered days): a sustained drop that no single day shows.
- An anomaly needs ``|z| >= Z_DAY`` (or ``Z_WEEK``), at least 3 baseline points, an absolute
  change of at least ``MIN_DELTA_*`` and a relative change of at least ``MIN_REL_*``. Per series
  the strongest finding is kept (week level first on ties).

Everything is vectorized with numpy over a dense series x day matrix, so thousands of pages take
milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

WEEKS = 4
Z_DAY = 3.5
Z_WEEK = 3.0
MIN_DELTA_DAY = 3.0
MIN_DELTA_WEEK = 5.0
MIN_REL_DAY = 0.5
MIN_REL_WEEK = 0.3

METRIC_WORDS = {
    "citations": "citations",
    "ai_crawler_hits": "AI-crawler hits",
    "ai_referrals": "AI-referred visits",
}


@dataclass(frozen=True)
class Anomaly:
    page: str
    metric: str  # citations | ai_crawler_hits | ai_referrals
    source: str  # engine or crawler token
    kind: str  # drop | spike
    level: str  # day | week
    date: dt.date  # the day, or the last day of the week
    value: float
    baseline: float
    z: float

    @property
    def change(self) -> float:
        return (self.value - self.baseline) / self.baseline if self.baseline else float("inf")

    @property
    def strength(self) -> float:
        """0..1 for the plan: drops count fully, spikes half."""
        s = min(1.0, abs(self.z) / 6.0)
        return s if self.kind == "drop" else 0.5 * s

    def describe(self, source_name: str | None = None) -> str:
        what = METRIC_WORDS.get(self.metric, self.metric)
        src = source_name or self.source
        verb = "dropped" if self.kind == "drop" else "spiked"
        if self.level == "week":
            span = f"in the week to {self.date.isoformat()}"
            usual = "a usual week"
        else:
            span = f"on {self.date.strftime('%a')} {self.date.isoformat()}"
            usual = f"a usual {self.date.strftime('%A')}"
        pct = f"{self.change:+.0%}" if self.baseline else "new"
        return f"{src} {what} {verb} {span}: {self.value:g} vs {self.baseline:g} on {usual} ({pct}, z {self.z:+.1f})"

    def as_dict(self) -> dict[str, Any]:
        return {"page": self.page, "metric": self.metric, "source": self.source, "kind": self.kind, "level": self.level,
                "date": self.date.isoformat(), "value": round(self.value, 3), "baseline": round(self.baseline, 3),
                "z": round(self.z, 2)}


def detect(points: Iterable[tuple[str, str, dt.date, float]], covered: dict[str, set[dt.date]], as_of: dt.date,
           metric: str) -> list[Anomaly]:
    """Anomalies in ``(page, source, day, value)`` points; ``covered[source]`` = days with data."""
    days = (WEEKS + 1) * 7
    start = as_of - dt.timedelta(days=days - 1)
    pts = [(p, s, (d - start).days, float(v)) for p, s, d, v in points]
    pts = [x for x in pts if 0 <= x[2] < days]
    if not pts:
        return []
    pages, sources, offsets, values = zip(*pts)
    page_names = sorted(set(pages))
    pid = {p: i for i, p in enumerate(page_names)}
    cover = {s: {(d - start).days for d in covered.get(s, ())} for s in set(sources)}
    return detect_arrays(np.array([pid[p] for p in pages]), np.array(sources, dtype=object), np.array(offsets),
                         np.array(values, dtype=float), page_names, cover, as_of, metric)


def detect_arrays(page_idx: np.ndarray, sources: np.ndarray, offsets: np.ndarray, values_in: np.ndarray,
                  page_names: list[str] | tuple[str, ...], covered: dict[str, set[int]], as_of: dt.date,
                  metric: str) -> list[Anomaly]:
    """The vectorized core: ``offsets`` are days since the first day of the window
    (``as_of - (WEEKS + 1) * 7 + 1``); ``covered[source]`` holds the offsets with data."""
    days = (WEEKS + 1) * 7
    start = as_of - dt.timedelta(days=days - 1)
    keep = (offsets >= 0) & (offsets < days)
    if not keep.any():
        return []
    page_idx, sources, offsets, values_in = page_idx[keep], sources[keep], offsets[keep], values_in[keep]
    src_names, src_code = np.unique(sources.astype(str), return_inverse=True)
    key = page_idx.astype(np.int64) * len(src_names) + src_code
    uniq, series = np.unique(key, return_inverse=True)
    n = len(uniq)
    matrix = np.zeros((n, days))
    np.add.at(matrix, (series, offsets.astype(np.int64)), values_in.astype(float))
    cover = np.zeros((len(src_names), days), dtype=bool)
    for j, s in enumerate(src_names):
        for d in covered.get(s, ()):
            if 0 <= d < days:
                cover[j, d] = True
    series_src = (uniq % len(src_names)).astype(np.int64)
    values = np.where(cover[series_src], matrix, np.nan)
    keys = [(page_names[int(k // len(src_names))], str(src_names[int(k % len(src_names))])) for k in uniq]

    found: dict[int, Anomaly] = {}
    names = keys

    def consider(i: int, a: Anomaly) -> None:
        old = found.get(i)
        if old is None or (abs(a.z), a.level == "week") > (abs(old.z), old.level == "week"):
            found[i] = a

    # week level: the last 7 days vs the previous WEEKS weeks, each scaled to 7 covered days
    weekly = values.reshape(n, WEEKS + 1, 7)
    covered_days = np.sum(~np.isnan(weekly), axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        totals = np.nansum(weekly, axis=2) * 7 / covered_days
    totals[covered_days < 4] = np.nan
    current = totals[:, -1]
    base = totals[:, :-1]
    _flag(base, current, Z_WEEK, MIN_DELTA_WEEK, MIN_REL_WEEK, lambda i, m, z: consider(i, Anomaly(
        names[i][0], metric, names[i][1], "drop" if z < 0 else "spike", "week", as_of, float(current[i]), float(m), float(z))))

    # day level: each of the last 7 days vs the same weekday of the previous WEEKS weeks
    for k in range(7):
        d = WEEKS * 7 + k
        x = values[:, d]
        base = values[:, [d - 7 * w for w in range(1, WEEKS + 1)]]
        day = start + dt.timedelta(days=d)
        _flag(base, x, Z_DAY, MIN_DELTA_DAY, MIN_REL_DAY, lambda i, m, z, day=day, x=x: consider(i, Anomaly(
            names[i][0], metric, names[i][1], "drop" if z < 0 else "spike", "day", day, float(x[i]), float(m), float(z))))
    return sorted(found.values(), key=lambda a: (-abs(a.z), a.page, a.metric, a.source, a.date))


def _flag(base: np.ndarray, x: np.ndarray, z_min: float, delta_min: float, rel_min: float, emit: Any) -> None:
    """Robust z-scores on the square-root scale (see the module doc); ``emit(i, median, z)`` per hit."""
    enough = np.sum(~np.isnan(base), axis=1) >= 3
    ok = enough & ~np.isnan(x)
    if not ok.any():
        return
    idx = np.nonzero(ok)[0]
    b = base[idx]
    m = np.nanmedian(b, axis=1)
    root_b = np.sqrt(np.maximum(b, 0.0))
    root_m = np.nanmedian(root_b, axis=1)
    mad = np.nanmedian(np.abs(root_b - root_m[:, None]), axis=1)
    scale = np.maximum(1.4826 * mad, 0.5)
    z = (np.sqrt(np.maximum(x[idx], 0.0)) - root_m) / scale
    delta = x[idx] - m
    rel = np.abs(delta) / np.maximum(m, 1.0)
    hit = (np.abs(z) >= z_min) & (np.abs(delta) >= delta_min) & (rel >= rel_min)
    for j in np.nonzero(hit)[0]:
        emit(int(idx[j]), float(m[j]), float(z[j]))
