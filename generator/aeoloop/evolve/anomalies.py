"""Sudden drops and spikes per page and source: exact count tests with false-discovery control.

Why not z-scores: on small counts a robust z on the square-root scale says -4.5 for a day with
0 visits where 5 are usual, though a Poisson(5) day is 0 about 0.7% of the time; with a few
small series x 7 days per page, about a fifth of healthy pages carried an "anomaly" each week.
So each test is an exact tail probability, and the run as a whole controls the share of false
findings.

Method:

- A series is one page x one metric x one source: citations per engine, AI-crawler hits per
  crawler, AI-referred visits per engine. Days are counted over ``WEEKS + 1`` weeks ending at
  the as-of date. A day on which the source produced no data at all (the tool did not run, the
  log does not cover it) is *missing*, not zero, so gaps never read as drops.
- **Day level**: each of the last 7 days against the same weekday of the previous ``WEEKS``
  weeks (Monday with Mondays: weekly seasonality cancels out). **Week level**: the last 7 days'
  total against the previous weekly totals (each scaled to 7 covered days): a sustained drop
  that no single day shows.
- The expected count is a Poisson rate learned from the baseline ``b`` (n points, sum S); the
  rate's own uncertainty makes the prediction negative binomial (Gamma-Poisson, Jeffreys prior):
  mean ``(S + 0.5) / n``, size ``S + 0.5``. When the baseline is overdispersed (sample variance
  above its mean) the method-of-moments size ``mean^2 / (var - mean)`` is added in (sizes
  combine as ``1/r = 1/r_pred + 1/r_over``), so noisy series need bigger changes.
- The test's p-value is two-sided: ``2 x P(X <= x)`` for a drop, ``2 x P(X >= x)`` for a spike,
  summed exactly from the probability mass function (up to ``MAX_TERMS`` terms, with a
  geometric bound on the rest, which only ever makes p larger).
- **False-discovery control** (Benjamini-Hochberg at ``FDR_Q``) runs over *every* test of one
  run: all series of all metrics, day and week level. Tests that fail the practical-size filters
  (an absolute change of at least ``MIN_DELTA_*`` and a relative one of at least ``MIN_REL_*``
  against the baseline median) count in the number of tests with p = 1, which is conservative.
  So a Poisson(5) day at 0 (p about 0.03) is no finding among hundreds of healthy series, while
  a week at 5 where 35 are usual (p below 1e-9) is.
- Per series the strongest finding is kept (week level first on ties). ``z`` is the signed
  normal-equivalent of p (for ordering and the plan's strength), never quoted to the reader.

Everything is vectorized with numpy over a dense series x day matrix (the tails too), so
thousands of pages take milliseconds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np

WEEKS = 4
FDR_Q = 0.05
MIN_DELTA_DAY = 3.0
MIN_DELTA_WEEK = 5.0
MIN_REL_DAY = 0.5
MIN_REL_WEEK = 0.3
MIN_BASELINE = 3
MAX_TERMS = 256
TOLERANCE = 1e-12
TINY_P = 1e-300

METRIC_WORDS = {
    "citations": "citations",
    "ai_crawler_hits": "AI-crawler hits",
    "ai_referrals": "AI-referred visits",
}


def p_text(p: float) -> str:
    """A p-value as a reader sees it: 'p 0.003', 'p < 1e-6'."""
    if p < 1e-6:
        return "p < 1e-6"
    return f"p {p:.1g}" if p < 0.001 else f"p {p:.3f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Anomaly:
    page: str
    metric: str  # citations | ai_crawler_hits | ai_referrals
    source: str  # engine or crawler token
    kind: str  # drop | spike
    level: str  # day | week
    date: dt.date  # the day, or the last day of the week
    value: float
    baseline: float  # median of the baseline
    z: float  # signed normal-equivalent of p (ordering, strength)
    p: float = 1.0  # two-sided exact tail probability

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
        return f"{src} {what} {verb} {span}: {self.value:g} vs {self.baseline:g} on {usual} ({pct}, {p_text(self.p)})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "metric": self.metric,
            "source": self.source,
            "kind": self.kind,
            "level": self.level,
            "date": self.date.isoformat(),
            "value": round(self.value, 3),
            "baseline": round(self.baseline, 3),
            "p": float(f"{self.p:.3g}"),
            "z": round(self.z, 2),
        }


@dataclass
class Tests:
    """The candidate findings of one metric and how many tests were run in all."""

    candidates: list[Anomaly] = field(default_factory=list)
    count: int = 0


def detect(
    points: Iterable[tuple[str, str, dt.date, float]], covered: dict[str, set[dt.date]], as_of: dt.date, metric: str
) -> list[Anomaly]:
    """Anomalies in ``(page, source, day, value)`` points; ``covered[source]`` = days with data.
    False-discovery control over these points' tests only."""
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
    return detect_arrays(
        np.array([pid[p] for p in pages]),
        np.array(sources, dtype=object),
        np.array(offsets),
        np.array(values, dtype=float),
        page_names,
        cover,
        as_of,
        metric,
    )


def detect_arrays(
    page_idx: np.ndarray,
    sources: np.ndarray,
    offsets: np.ndarray,
    values_in: np.ndarray,
    page_names: Sequence[str],
    covered: dict[str, set[int]],
    as_of: dt.date,
    metric: str,
) -> list[Anomaly]:
    """:func:`test_arrays` followed by false-discovery control over its own tests."""
    return control_fdr([test_arrays(page_idx, sources, offsets, values_in, page_names, covered, as_of, metric)])


def control_fdr(runs: Sequence[Tests], q: float = FDR_Q) -> list[Anomaly]:
    """Benjamini-Hochberg over every test of ``runs``; then the strongest finding per series."""
    m = sum(r.count for r in runs)
    cands = [a for r in runs for a in r.candidates]
    if not m or not cands:
        return []
    ps = np.sort(np.array([a.p for a in cands]))
    ok = ps <= q * np.arange(1, len(ps) + 1) / m
    if not ok.any():
        return []
    cut = ps[np.nonzero(ok)[0][-1]]
    best: dict[tuple[str, str, str], Anomaly] = {}
    for a in cands:
        if a.p > cut:
            continue
        key = (a.page, a.metric, a.source)
        old = best.get(key)
        if old is None or (a.p, a.level != "week", a.date) < (old.p, old.level != "week", old.date):
            best[key] = a
    return sorted(best.values(), key=lambda a: (a.p, a.page, a.metric, a.source, a.date))


def test_arrays(
    page_idx: np.ndarray,
    sources: np.ndarray,
    offsets: np.ndarray,
    values_in: np.ndarray,
    page_names: Sequence[str],
    covered: dict[str, set[int]],
    as_of: dt.date,
    metric: str,
) -> Tests:
    """The vectorized core: ``offsets`` are days since the first day of the window
    (``as_of - (WEEKS + 1) * 7 + 1``); ``covered[source]`` holds the offsets with data."""
    days = (WEEKS + 1) * 7
    start = as_of - dt.timedelta(days=days - 1)
    keep = (offsets >= 0) & (offsets < days)
    if not keep.any():
        return Tests()
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

    # every test as one row: (series, level, date, value, baseline points)
    weekly = values.reshape(n, WEEKS + 1, 7)
    covered_days = np.sum(~np.isnan(weekly), axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        totals = np.nansum(weekly, axis=2) * 7 / covered_days
    totals[covered_days < 4] = np.nan
    rows = [np.arange(n)]
    xs = [totals[:, -1]]
    bases = [totals[:, :-1]]
    levels = [np.zeros(n, dtype=np.int64)]  # 0 = week (dated as_of), 1..7 = day k
    for k in range(7):
        d = WEEKS * 7 + k
        rows.append(np.arange(n))
        xs.append(values[:, d])
        bases.append(values[:, [d - 7 * w for w in range(1, WEEKS + 1)]])
        levels.append(np.full(n, k + 1, dtype=np.int64))
    row, x, base, level = np.concatenate(rows), np.concatenate(xs), np.vstack(bases), np.concatenate(levels)
    enough = np.sum(~np.isnan(base), axis=1) >= MIN_BASELINE
    ok = enough & ~np.isnan(x)
    result = Tests(count=int(ok.sum()))
    if not result.count:
        return result
    row, x, base, level = row[ok], x[ok], base[ok], level[ok]
    med = np.nanmedian(base, axis=1)
    is_week = level == 0
    delta = x - med
    rel = np.abs(delta) / np.maximum(med, 1.0)
    big = np.where(
        is_week,
        (np.abs(delta) >= MIN_DELTA_WEEK) & (rel >= MIN_REL_WEEK),
        (np.abs(delta) >= MIN_DELTA_DAY) & (rel >= MIN_REL_DAY),
    )
    if not big.any():
        return result
    row, x, base, level, med, delta = row[big], x[big], base[big], level[big], med[big], delta[big]
    cnt = np.sum(~np.isnan(base), axis=1)
    total = np.nansum(np.maximum(base, 0.0), axis=1)
    mu = (total + 0.5) / cnt
    size = total + 0.5
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.nanvar(base, axis=1, ddof=1)
        over = np.where(var > mu, mu * mu / (var - mu), np.inf)
    size = 1.0 / (1.0 / size + 1.0 / over)
    p = two_sided_p(np.round(np.maximum(x, 0.0)), mu, size, delta < 0, above=FDR_Q)

    keys = [(page_names[int(k // len(src_names))], str(src_names[int(k % len(src_names))])) for k in uniq]
    normal = NormalDist()
    for i in np.nonzero(p <= FDR_Q)[0]:  # no test above q can survive the control
        pv = float(p[i])
        page, source = keys[int(row[i])]
        drop = bool(delta[i] < 0)
        z = -normal.inv_cdf(max(pv, TINY_P) / 2.0)
        day = as_of if level[i] == 0 else start + dt.timedelta(days=WEEKS * 7 + int(level[i]) - 1)
        result.candidates.append(
            Anomaly(
                page,
                metric,
                source,
                "drop" if drop else "spike",
                "week" if level[i] == 0 else "day",
                day,
                float(x[i]),
                float(med[i]),
                -z if drop else z,
                pv,
            )
        )
    return result


# --- exact negative-binomial tails, vectorized ---------------------------------------------------

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def lgamma(z: np.ndarray) -> np.ndarray:
    """log Gamma(z) for z > 0, vectorized (numpy has none): Stirling's series after shifting z
    by 8 (relative error below 1e-10)."""
    z = np.asarray(z, dtype=float)
    shift = np.zeros_like(z)
    w = z.copy()
    for _ in range(8):
        shift += np.log(w)
        w = w + 1.0
    inv = 1.0 / w
    inv2 = inv * inv
    series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
    return (w - 0.5) * np.log(w) - w + _HALF_LOG_2PI + series - shift


def two_sided_p(
    x: np.ndarray, mu: np.ndarray, size: np.ndarray, drop: np.ndarray, above: float | None = None
) -> np.ndarray:
    """``min(1, 2 * tail)``: the lower tail ``P(X <= x)`` where ``drop``, else ``P(X >= x)``, of a
    negative binomial with mean ``mu`` and size ``size`` (``size = inf`` is Poisson).

    The tail is summed from ``x`` away from the mode with the pmf's ratio recurrence; a tail that
    does not start beyond the mode is no finding (p = 1). Summing stops when a term adds less than
    ``TOLERANCE`` of the sum, or after ``MAX_TERMS`` terms; the rest is then bounded by a geometric
    series and added, so p is never underestimated. With ``above``, a tail stops as soon as its p
    exceeds ``above`` (the caller only needs to know it is not below)."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    out = np.ones(n)
    if not n:
        return out
    mu = np.asarray(mu, dtype=float)
    drop = np.asarray(drop, dtype=bool)
    finite = np.isfinite(size)
    r = np.where(finite, size, 1.0)
    c = np.where(finite, mu / (r + mu), 1.0)  # success probability of the NB
    with np.errstate(divide="ignore", invalid="ignore"):
        log_pmf = np.where(
            finite,
            lgamma(x + r) - lgamma(r) - lgamma(x + 1) + r * np.log(r / (r + mu)) + x * np.log(np.where(c > 0, c, 1.0)),
            -mu + x * np.log(np.maximum(mu, 1e-300)) - lgamma(x + 1),
        )
    mode = np.where(finite, np.floor(np.maximum(r - 1.0, 0.0) * mu / r), np.floor(mu))
    valid = np.where(drop, x < mode, x > mode) & (mu > 0)
    total = np.where(valid, np.exp(log_pmf), 0.0)

    def ratio(
        k: np.ndarray, dn: np.ndarray, fin: np.ndarray, rr: np.ndarray, cc: np.ndarray, m: np.ndarray
    ) -> np.ndarray:
        """pmf(k - 1) / pmf(k) where ``dn`` (k >= 1), else pmf(k + 1) / pmf(k)."""
        up = np.where(fin, (k + rr) / (k + 1.0) * cc, m / (k + 1.0))
        kk = np.maximum(k, 1.0)
        down = np.where(fin, kk / (kk - 1.0 + rr) / np.where(cc > 0, cc, 1.0), kk / np.maximum(m, 1e-300))
        return np.where(dn, down, up)

    def rest(
        k: np.ndarray, term: np.ndarray, dn: np.ndarray, fin: np.ndarray, rr: np.ndarray, cc: np.ndarray, m: np.ndarray
    ) -> np.ndarray:
        """An upper bound of the terms after ``term`` (at k): a geometric series of the largest
        later ratio (ratios only fall moving away from the mode, except upward with size < 1,
        where they rise towards ``c``)."""
        rho = ratio(k, dn, fin, rr, cc, m)
        rho = np.where(dn, rho, np.maximum(rho, np.where(fin, cc, 0.0)))
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = np.where(rho < 1.0, term * rho / (1.0 - rho), np.inf)
        return np.where(dn & (k <= 0), 0.0, bound)

    # only the tails still running are carried through the loop
    idx = np.nonzero(valid & (total > 0) & ~(drop & (x <= 0)))[0]
    k, term, tot = x[idx], total[idx], total[idx]
    dn, fin, rr, cc, m = drop[idx], finite[idx], r[idx], c[idx], mu[idx]
    for step in range(MAX_TERMS - 1):
        if not len(idx):
            break
        term = term * ratio(k, dn, fin, rr, cc, m)
        k = np.where(dn, k - 1.0, k + 1.0)
        tot = tot + term
        done = (term <= TOLERANCE * tot) | (dn & (k <= 0))
        if above is not None:
            done |= 2.0 * tot > above
        if step == MAX_TERMS - 2:
            done[:] = True
        if done.any():
            total[idx[done]] = tot[done] + rest(k[done], term[done], dn[done], fin[done], rr[done], cc[done], m[done])
            keep = ~done
            idx, k, term, tot = idx[keep], k[keep], term[keep], tot[keep]
            dn, fin, rr, cc, m = dn[keep], fin[keep], rr[keep], cc[keep], m[keep]
    return np.where(valid, np.minimum(1.0, 2.0 * total), 1.0)
