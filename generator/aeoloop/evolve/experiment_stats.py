"""``aeoloop experiment status``: the Bayesian comparison of an experiment's variants.

See :mod:`.experiments` for the design (switchback periods, washout, the winning rule).

**Holdout pages (difference-in-differences).** Published effects of content changes on AI
citations are small, and the market moves under an experiment (an engine update, a season, a
competitor) by more than the effect. Holdout pages are pages of the same site the experiment does
not touch: their citations in each counted period, against their own average, are the market's
level in that period. Each period of the experiment page then counts with an exposure of
``days x level``: a variant's rate is its citations over its exposure, so a period where the whole
market fell counts as a smaller trial instead of as a worse variant, and the ratio of two
variants' rates is the difference-in-differences estimate on the log scale (treated page's change
between variants minus the holdouts' change over the same periods). Holdouts are named
(``--holdout PAGE``, or ``holdouts:`` in the experiment file) or picked deterministically
(``--holdouts N``): the pages whose citations in the 8 weeks before the start are closest to the
experiment page's, not under a running experiment themselves, ties broken by a hash of the
experiment id and the page. Holdouts with fewer than :data:`MIN_HOLDOUT_CITATIONS` citations in
the counted days say too little about the market: they are reported and not used.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .experiment_dispersion import dispersion
from .experiments import Experiment, ExperimentError
from .facts import register_pages
from . import pages as page_info
from .current import open_store, page_index
from .facts import latest_date

MIN_PERIODS = 3
WIN_PROBABILITY = 0.99
DRAWS = 20_000
MIN_HOLDOUT_CITATIONS = 20
PICK_DAYS = 56


@dataclass
class Arm:
    name: str
    periods: int = 0
    days: int = 0
    exposure: float = 0.0  # days x the market's level in them (holdouts); = days without holdouts
    citations: float = 0.0
    referrals: float = 0.0
    rate: float = 0.0
    low: float = 0.0
    high: float = 0.0
    p_best: float = 0.0
    lift_low: float | None = None
    lift_high: float | None = None
    period_rates: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "variant": self.name,
            "periods": self.periods,
            "days": self.days,
            "exposure": round(self.exposure, 4),
            "citations": self.citations,
            "ai_referrals": self.referrals,
            "citations_per_day": round(self.rate, 4),
            "interval_95": [round(self.low, 4), round(self.high, 4)],
            "p_best": round(self.p_best, 4),
            "lift_vs_A_95": None
            if self.lift_low is None
            else [round(self.lift_low, 4), round(self.lift_high or 0.0, 4)],
        }


@dataclass
class Holdouts:
    """The holdout pages of a status, their citations in the counted days and whether they were used."""

    pages: list[str]
    how: str  # "named" | "picked" | "from the experiment file"
    citations: float = 0.0
    used: bool = False
    note: str = ""
    levels: list[float] = field(default_factory=list)  # the market's level in each counted period

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "chosen": self.how,
            "citations": self.citations,
            "used": self.used,
            "note": self.note or None,
            "method": "difference-in-differences: each period's exposure is days x the holdouts' level in it",
            "period_levels": [round(v, 4) for v in self.levels],
        }


@dataclass
class Status:
    experiment: Experiment
    as_of: dt.date | None
    arms: list[Arm]
    dispersion: float
    winner: str | None
    verdict: str
    holdouts: Holdouts | None = None

    def as_dict(self) -> dict[str, Any]:
        e = self.experiment
        return {
            "id": e.id,
            "page": e.page,
            "element": e.element,
            "status": e.status,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "periods": len(e.schedule),
            "period_days": e.period_days,
            "washout_days": e.washout_days,
            "dispersion": round(self.dispersion, 3),
            "arms": [a.as_dict() for a in self.arms],
            "holdouts": self.holdouts.as_dict() if self.holdouts else None,
            "winner": self.winner,
            "verdict": self.verdict,
        }


def compare(
    daily: dict[str, list[tuple[float, float]]],
    min_periods: int = MIN_PERIODS,
    seed: int = 0,
    blocks: dict[str, list[int]] | None = None,
    levels: dict[str, list[float]] | None = None,
) -> tuple[list[Arm], float, str | None]:
    """The Bayesian comparison of variants from (citations, days) per complete period and variant.

    Each variant's daily rate gets a Gamma(0.5 + n/phi, exposure/phi) posterior (Jeffreys prior,
    phi the between-period dispersion), with phi itself uncertain: Pearson chi-square over the
    periods' degrees of freedom is its estimate, and each draw takes its own phi from
    chi / chi-square(dof), at least 1. The exposure of a period is its days, times the market's
    level in it when ``levels`` (from holdout pages, per variant and period) are given: the
    difference-in-differences reading (see the module doc). Without holdouts, ``blocks`` (the
    switchback block of each period, per variant) give the time of each period for a log-linear
    market trend in the dispersion (:func:`.experiment_dispersion.dispersion`). P(best) and intervals come from
    ``DRAWS`` draws with a fixed seed. Returns (arms, phi: the point estimate, winner)."""
    import numpy as np

    exposed: dict[str, list[tuple[float, float]]] = {
        name: [(c, d * (levels[name][i] if levels else 1.0)) for i, (c, d) in enumerate(periods)]
        for name, periods in daily.items()
    }
    arms = []
    rates: dict[str, float] = {}
    for name, periods in sorted(exposed.items()):
        n = sum(c for c, _ in periods)
        exposure = sum(e for _, e in periods)
        rates[name] = n / exposure if exposure else 0.0
        arms.append(
            Arm(
                name,
                len(periods),
                int(sum(d for _, d in daily[name])),
                exposure,
                n,
                rate=rates[name],
                period_rates=[c / e for c, e in periods if e],
            )
        )
    chi, cells, fitted = dispersion(exposed, rates, blocks if not levels else None)
    dof = cells - len(arms) - fitted
    phi = max(1.0, chi / dof) if dof > 0 else 1.0
    rng = np.random.default_rng(seed)
    # The dispersion is estimated from few periods (12 periods, 9 degrees of freedom): used as if
    # known, a low estimate made the posterior too narrow, and under weekly market shocks equal
    # variants named a false winner in 5.3% of simulated tests. Each draw takes its own dispersion
    # from its posterior (chi / chi-square(dof), at least 1: counts are at least Poisson).
    phis = np.maximum(1.0, chi / rng.chisquare(dof, DRAWS)) if dof > 0 and chi > 0 else np.full(DRAWS, phi)
    draws = []
    for arm in arms:
        shape = 0.5 + arm.citations / phis
        scale = phis / arm.exposure if arm.exposure else np.ones(DRAWS)
        draws.append(rng.gamma(shape, scale))
    stack = np.vstack(draws) if draws else np.zeros((0, DRAWS))
    best = stack.argmax(axis=0) if len(arms) else np.zeros(0, dtype=int)
    for i, arm in enumerate(arms):
        arm.p_best = float((best == i).mean()) if arm.exposure else 0.0
        arm.low, arm.high = (
            (float(np.quantile(stack[i], 0.025)), float(np.quantile(stack[i], 0.975))) if arm.exposure else (0.0, 0.0)
        )
        if i and arms[0].exposure and arm.exposure:
            lift = stack[i] / np.maximum(stack[0], 1e-12) - 1.0
            arm.lift_low, arm.lift_high = float(np.quantile(lift, 0.025)), float(np.quantile(lift, 0.975))
    winner = None
    if arms and all(a.periods >= min_periods for a in arms):
        top = max(arms, key=lambda a: a.p_best)
        if top.p_best >= WIN_PROBABILITY:
            winner = top.name
    return arms, phi, winner


def market_levels(holdout_counts: list[float], days: list[float]) -> list[float] | None:
    """The market's level in each counted period (1 = the holdouts' average rate), from the holdout
    pages' citations and the counted days of each period; None when they have too few citations."""
    total, span = sum(holdout_counts), sum(days)
    if total < MIN_HOLDOUT_CITATIONS or not span:
        return None
    mean = total / span
    return [max((c + 0.5) / (d * mean + 0.5), 0.05) if d else 1.0 for c, d in zip(holdout_counts, days)]


def _daily_by_page(store: Any, index: Any, start: dt.date, end: dt.date) -> dict[str, dict[dt.date, float]]:
    """Citations per page and day between two dates (our pages only)."""
    register_pages(store, index)
    try:
        rows = store.q(
            """SELECT m.page_id, c.date, sum(c.count) FROM citations c
               JOIN _page_of m ON m.h = coalesce(c.host, '') AND m.path = c.path
               WHERE c.date BETWEEN ? AND ? AND m.page_id >= 0 GROUP BY ALL""",
            [start, end],
        )
    finally:
        store.con.unregister("_page_of")
    out: dict[str, dict[dt.date, float]] = {}
    for pid, day, n in rows:
        out.setdefault(index.pages[pid], {})[day] = float(n)
    return out


def pick_holdouts(exp: Experiment, pre: dict[str, float], candidates: list[str], n: int) -> list[str]:
    """``n`` holdout pages: the candidates whose citations before the start (``pre``) are closest
    to the experiment page's on the log scale, ties broken by a hash of the id and the page."""
    import hashlib

    own = pre.get(exp.page, 0.0)

    def key(page: str) -> tuple[float, str]:
        distance = abs(math.log1p(pre.get(page, 0.0)) - math.log1p(own))
        return (round(distance, 9), hashlib.sha256(f"{exp.id}:{page}".encode()).hexdigest())

    return sorted((c for c in candidates if c != exp.page), key=key)[:n]


def pick_at_start(project: Any, exp: Experiment, n: int, busy: set[str]) -> list[str]:
    """``n`` holdouts picked when the experiment starts (written to its file, so the comparison is
    fixed before any result is seen): as :func:`pick_holdouts`, from the reports up to the start;
    without reports, by the hash order alone."""
    known = [u for u, _ in page_info.page_entries(project)]
    candidates = [u for u in known if u not in busy]
    store = open_store(project)
    if store is None:
        return pick_holdouts(exp, {}, candidates, n)
    try:
        index = page_index(project, sorted(set(known) | {exp.page}))
        first = exp.start - dt.timedelta(days=PICK_DAYS)
        by_page = _daily_by_page(store, index, first, exp.start - dt.timedelta(days=1))
    finally:
        store.close()
    return pick_holdouts(exp, {p: sum(days.values()) for p, days in by_page.items()}, candidates, n)


def status(
    project: Any,
    exp: Experiment,
    holdouts: list[str] | None = None,
    n_holdouts: int = 0,
    busy: set[str] | None = None,
) -> Status:
    """The experiment as of the latest report date (see the module doc). ``holdouts``: pages named
    as holdouts (else the experiment file's); ``n_holdouts``: pick that many instead; ``busy``:
    pages under other running experiments (never picked)."""
    store = open_store(project)
    if store is None:
        return Status(exp, None, [], 1.0, None, "no data yet: no reports ingested (aeoloop ingest FILE…)")
    named = list(holdouts or exp.holdouts)
    known = [u for u, _ in page_info.page_entries(project)]
    unknown = [p for p in named if p not in known]
    if unknown:
        store.close()
        raise ExperimentError(f"holdout {unknown[0]}: no such page in {Path(project.docs_dir).name}/")
    if exp.page in named:
        store.close()
        raise ExperimentError(f"holdout {exp.page}: the experiment's own page cannot be its holdout")
    try:
        as_of = latest_date(store)
        if as_of is None:
            files = [path for (path,) in store.q("SELECT path FROM files WHERE state = 'ready' ORDER BY seq")]
            why = (
                f"the ingested reports carry no dates ({', '.join(files[:3])}{' …' if len(files) > 3 else ''}): "
                "periods are compared by date, so ingest a dated citation export (a tracker's daily export)"
                if files
                else "no reports ingested (aeoloop ingest FILE…)"
            )
            return Status(exp, None, [], 1.0, None, f"no data yet: {why}")
        if as_of < exp.start:
            return Status(
                exp, as_of, [], 1.0, None, f"no data yet: the reports end {as_of}, the experiment starts {exp.start}"
            )
        index = page_index(project, sorted(set(known) | {exp.page}))
        by_page = _daily_by_page(store, index, exp.start - dt.timedelta(days=PICK_DAYS), as_of)
        refs = _referrals(store, index, exp, as_of)
        covered = {
            d for (d,) in store.q("SELECT DISTINCT date FROM citations WHERE date BETWEEN ? AND ?", [exp.start, as_of])
        }
    finally:
        store.close()
    how = "named" if holdouts else "from the experiment file" if exp.holdouts else ""
    if n_holdouts and not holdouts:  # --holdouts N picks anew, over the file's list
        pre = {page: sum(n for d, n in days.items() if d < exp.start) for page, days in by_page.items()}
        named = pick_holdouts(exp, pre, [u for u in known if u not in (busy or set())], n_holdouts)
        how = f"picked: the {len(named)} pages cited most like {exp.page} in the {PICK_DAYS} days before {exp.start}"
    cites = by_page.get(exp.page, {})
    daily: dict[str, list[tuple[float, float]]] = {name: [] for name in exp.variants}
    market: dict[str, list[float]] = {name: [] for name in exp.variants}
    refs_by: dict[str, float] = {name: 0.0 for name in exp.variants}
    blocks: dict[str, list[int]] = {name: [] for name in exp.variants}
    for i, p in enumerate(exp.schedule):
        if p.end > as_of:
            continue  # a period still running is not counted (its days would be read as a change)
        first = p.start + dt.timedelta(days=exp.washout_days)
        days = [first + dt.timedelta(days=k) for k in range((p.end - first).days + 1)]
        days = [d for d in days if d in covered]  # a day the tracker did not run says nothing
        if not days:
            continue
        daily[p.variant].append((float(sum(cites.get(d, 0.0) for d in days)), float(len(days))))
        market[p.variant].append(float(sum(by_page.get(h, {}).get(d, 0.0) for h in named for d in days)))
        blocks[p.variant].append(i // len(exp.variants))
        refs_by[p.variant] += float(sum(refs.get(d, 0.0) for d in days))
    held: Holdouts | None = None
    levels: dict[str, list[float]] | None = None
    if named:
        order = [(name, k) for name in exp.variants for k in range(len(daily[name]))]
        found = market_levels([market[n][k] for n, k in order], [daily[n][k][1] for n, k in order])
        held = Holdouts(named, how, float(sum(sum(v) for v in market.values())))
        if found is None:
            held.note = (
                f"the holdouts have {held.citations:,.0f} citations in the counted days (fewer than "
                f"{MIN_HOLDOUT_CITATIONS}): too few to tell the market's level; compared without them"
            )
        else:
            levels = {name: [] for name in exp.variants}
            for (name, _), v in zip(order, found):
                levels[name].append(v)
            held.used, held.levels = True, found
    arms, phi, winner = compare(daily, blocks=blocks, levels=levels)
    for arm in arms:
        arm.referrals = refs_by.get(arm.name, 0.0)
    complete = min((a.periods for a in arms), default=0)
    if not any(a.days for a in arms):
        verdict = f"no data yet: no complete period with reports (the first ends {exp.schedule[0].end})"
    elif winner:
        verdict = (
            f"variant {winner} wins (P(best) {max(a.p_best for a in arms):.1%}): aeoloop experiment promote {exp.id}"
        )
    elif complete < MIN_PERIODS:
        verdict = f"too early: {complete} complete period(s) of the scarcest variant, a winner needs {MIN_PERIODS} each"
    elif all(p.end <= as_of for p in exp.schedule):
        verdict = (
            f"no winner: no variant reached P(best) {WIN_PROBABILITY:.0%} over the whole schedule; "
            f"stop it (aeoloop experiment stop {exp.id}) or extend the schedule"
        )
    else:
        verdict = f"no winner yet: no variant reached P(best) {WIN_PROBABILITY:.0%}"
    if held and held.used:
        verdict += f" (difference-in-differences against {len(held.pages)} holdout page(s))"
    return Status(exp, as_of, arms, phi, winner, verdict, held)


def _referrals(store: Any, index: Any, exp: Experiment, as_of: dt.date) -> dict[dt.date, float]:
    """AI-referred visits to the experiment page per day."""
    register_pages(store, index)
    try:
        pid = index.pages.index(exp.page)
        return {
            d: float(n)
            for d, n in store.q(
                """SELECT v.date, sum(v.hits) FROM visits_daily_v v
                   JOIN _page_of m ON m.h = coalesce(v.host, '') AND m.path = v.path
                   WHERE v.class = 'ai-referral' AND v.date BETWEEN ? AND ? AND m.page_id = ? GROUP BY ALL""",
                [exp.start, as_of, pid],
            )
        }
    finally:
        store.con.unregister("_page_of")
