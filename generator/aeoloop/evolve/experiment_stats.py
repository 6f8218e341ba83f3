"""``aeoloop experiment status``: the Bayesian comparison of an experiment's variants.

See :mod:`.experiments` for the design (switchback periods, washout, the winning rule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .experiments import Experiment

MIN_PERIODS = 3
WIN_PROBABILITY = 0.99
DRAWS = 20_000


@dataclass
class Arm:
    name: str
    periods: int = 0
    days: int = 0
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
class Status:
    experiment: Experiment
    as_of: dt.date | None
    arms: list[Arm]
    dispersion: float
    winner: str | None
    verdict: str

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
            "winner": self.winner,
            "verdict": self.verdict,
        }


def compare(
    daily: dict[str, list[tuple[float, float]]],
    min_periods: int = MIN_PERIODS,
    seed: int = 0,
    blocks: dict[str, list[int]] | None = None,
) -> tuple[list[Arm], float, str | None]:
    """The Bayesian comparison of variants from (citations, days) per complete period and variant.

    Each variant's daily rate gets a Gamma(0.5 + n/phi, days/phi) posterior (Jeffreys prior, phi the
    between-period dispersion: Pearson chi-square over the periods' degrees of freedom, at least 1).
    With ``blocks`` (the switchback block of each period, per variant) the expected count of a
    period is scaled by its block's level, so a market drifting under the experiment (which the
    balanced blocks cancel out) is not read as noise that hides a real difference.
    P(best) and intervals come from ``DRAWS`` draws with a fixed seed. Returns (arms, phi, winner)."""
    import numpy as np

    arms = []
    rates: dict[str, float] = {}
    for name, periods in sorted(daily.items()):
        n = sum(c for c, _ in periods)
        days = sum(d for _, d in periods)
        rates[name] = n / days if days else 0.0
        arms.append(
            Arm(name, len(periods), int(days), n, rate=rates[name], period_rates=[c / d for c, d in periods if d])
        )
    level: dict[int, float] = {}
    if blocks:  # a block's level: its counts over what the overall rates expect
        seen: dict[int, list[float]] = {}
        for name, periods in daily.items():
            for (c, d), b in zip(periods, blocks.get(name, [])):
                cell = seen.setdefault(b, [0.0, 0.0])
                cell[0] += c
                cell[1] += rates[name] * d
        level = {b: (c / e if e > 0 else 1.0) for b, (c, e) in seen.items()}
    chi, cells = 0.0, 0
    for name, periods in daily.items():
        for i, (c, d) in enumerate(periods):
            of_name = blocks.get(name, []) if blocks else []
            scale = level.get(of_name[i], 1.0) if i < len(of_name) else 1.0
            expected = rates[name] * d * scale
            if expected > 0:
                chi += (c - expected) ** 2 / expected
                cells += 1
    dof = cells - len(arms) - (max(len(level) - 1, 0) if level else 0)
    phi = max(1.0, chi / dof) if dof > 0 else 1.0
    rng = np.random.default_rng(seed)
    draws = []
    for arm in arms:
        shape = 0.5 + arm.citations / phi
        scale = 1.0 / (arm.days / phi) if arm.days else 1.0
        draws.append(rng.gamma(shape, scale, DRAWS))
    stack = np.vstack(draws) if draws else np.zeros((0, DRAWS))
    best = stack.argmax(axis=0) if len(arms) else np.zeros(0, dtype=int)
    for i, arm in enumerate(arms):
        arm.p_best = float((best == i).mean()) if arm.days else 0.0
        arm.low, arm.high = (
            (float(np.quantile(stack[i], 0.025)), float(np.quantile(stack[i], 0.975))) if arm.days else (0.0, 0.0)
        )
        if i and arms[0].days and arm.days:
            lift = stack[i] / np.maximum(stack[0], 1e-12) - 1.0
            arm.lift_low, arm.lift_high = float(np.quantile(lift, 0.025)), float(np.quantile(lift, 0.975))
    winner = None
    if arms and all(a.periods >= min_periods for a in arms):
        top = max(arms, key=lambda a: a.p_best)
        if top.p_best >= WIN_PROBABILITY:
            winner = top.name
    return arms, phi, winner


def status(project: Any, exp: Experiment) -> Status:
    """The experiment as of the latest report date (see the module doc)."""
    from .current import open_store, page_index
    from .facts import latest_date, register_pages

    store = open_store(project)
    if store is None:
        return Status(exp, None, [], 1.0, None, "no data yet: no reports ingested (aeoloop ingest FILE…)")
    try:
        as_of = latest_date(store)
        if as_of is None or as_of < exp.start:
            return Status(
                exp,
                as_of,
                [],
                1.0,
                None,
                f"no data yet: the reports end {as_of or 'nowhere'}, the experiment starts {exp.start}",
            )
        index = page_index(project, [exp.page])
        register_pages(store, index)
        try:
            cites = dict(
                store.q(
                    """SELECT c.date, sum(c.count) FROM citations c
                                    JOIN _page_of m ON m.h = coalesce(c.host, '') AND m.path = c.path
                                    WHERE c.date BETWEEN ? AND ? GROUP BY ALL""",
                    [exp.start, as_of],
                )
            )
            refs = dict(
                store.q(
                    """SELECT v.date, sum(v.hits) FROM visits_daily_v v
                                   JOIN _page_of m ON m.h = coalesce(v.host, '') AND m.path = v.path
                                   WHERE v.class = 'ai-referral' AND v.date BETWEEN ? AND ? GROUP BY ALL""",
                    [exp.start, as_of],
                )
            )
            covered = {
                d
                for (d,) in store.q(
                    "SELECT DISTINCT date FROM citations WHERE date BETWEEN ? AND ?", [exp.start, as_of]
                )
            }
        finally:
            store.con.unregister("_page_of")
    finally:
        store.close()
    daily: dict[str, list[tuple[float, float]]] = {name: [] for name in exp.variants}
    refs_by: dict[str, float] = {name: 0.0 for name in exp.variants}
    blocks: dict[str, list[int]] = {name: [] for name in exp.variants}
    for i, p in enumerate(exp.schedule):
        if p.end > as_of:
            continue  # a period still running is not counted (its days would be read as a change)
        first = p.start + dt.timedelta(days=exp.washout_days)
        days = [first + dt.timedelta(days=i) for i in range((p.end - first).days + 1)]
        days = [d for d in days if d in covered]  # a day the tracker did not run says nothing
        if not days:
            continue
        daily[p.variant].append((float(sum(cites.get(d, 0.0) for d in days)), float(len(days))))
        blocks[p.variant].append(i // len(exp.variants))
        refs_by[p.variant] += float(sum(refs.get(d, 0.0) for d in days))
    arms, phi, winner = compare(daily, blocks=blocks)
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
    return Status(exp, as_of, arms, phi, winner, verdict)
