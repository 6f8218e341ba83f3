"""Switchback experiments in simulation: does a truly better variant win, and do equal ones not?

A page answers ``prompts`` tracked prompts on four engines every day; each answer cites it with
probability ``base`` under variant A and ``base x (1 + effect)`` under B. An engine answers from
the text it last crawled: it switches ``lag`` days (1-6, per engine) after the site does. The
schedule is the real one (:func:`aeoloop.evolve.experiments.schedule_for`), the first
``washout_days`` of every period are left out, and the comparison is the real one
(:func:`aeoloop.evolve.experiment_stats.compare`). Each seed is one experiment; we count how often a
winner is named, and which.

The market: ``drift`` is a steady weekly trend; ``market_sd`` a weekly shock shared by every page
of the site (an engine update, a season: lognormal, that standard deviation on the log scale).
With ``holdouts`` > 0 that many other pages of the site (the same market, no variant, their own
base rates) are simulated too, and the comparison runs by difference-in-differences: each
period's exposure is its days times the holdouts' level in it
(:func:`aeoloop.evolve.experiment_stats.market_levels`), as ``experiment status --holdouts N`` does.

    .venv/bin/python bench/experiment_sim.py --seeds 300
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "generator"))

from aeoloop.evolve.experiment_stats import compare, market_levels  # noqa: E402
from aeoloop.evolve.experiments import PERIOD_DAYS, WASHOUT_DAYS, schedule_for  # noqa: E402

START = dt.date(2026, 1, 5)


def simulate(
    seed: int,
    effect: float,
    periods: int = 12,
    period_days: int = PERIOD_DAYS,
    prompts: int = 8,
    base: float = 0.3,
    washout_days: int = WASHOUT_DAYS,
    drift: float = 0.0,
    market_sd: float = 0.0,
    holdouts: int = 0,
) -> str | None:
    """One experiment; returns the winner (or None). ``drift``: a weekly trend of the page's
    citation probability (a market moving under the experiment), e.g. -0.02 per week;
    ``market_sd``: weekly market shocks shared by all pages; ``holdouts``: compare by
    difference-in-differences against that many untouched pages."""
    rng = np.random.default_rng(seed)
    schedule = schedule_for(f"sim-{seed}", ["A", "B"], START, periods, period_days)
    days = periods * period_days
    shown = np.array([0 if schedule[d // period_days].variant == "A" else 1 for d in range(days)])
    lag = rng.integers(1, 7, 4)
    weekly = np.exp(rng.normal(0.0, market_sd, days // 7 + 1)) if market_sd else np.ones(days // 7 + 1)
    market = np.array([(1 + drift) ** (d / 7) * weekly[d // 7] for d in range(days)])
    counts = np.zeros(days)
    for d in range(days):
        for e in range(4):
            seen = shown[d - lag[e]] if d - lag[e] >= 0 else 0
            p = min(1.0, base * market[d] * (1 + effect * seen))
            counts[d] += rng.binomial(prompts, p)
    held = np.zeros(days)
    for _ in range(holdouts):  # other pages of the site: same market, their own rate, 4 engines
        rate = rng.uniform(0.15, 0.45)
        held += rng.binomial(prompts * 4, np.minimum(1.0, rate * market))
    daily: dict[str, list[tuple[float, float]]] = {"A": [], "B": []}
    blocks: dict[str, list[int]] = {"A": [], "B": []}
    market_counts: dict[str, list[float]] = {"A": [], "B": []}
    for i, per in enumerate(schedule):
        first = i * period_days + washout_days
        last = (i + 1) * period_days
        daily[per.variant].append((float(counts[first:last].sum()), float(last - first)))
        blocks[per.variant].append(i // 2)
        market_counts[per.variant].append(float(held[first:last].sum()))
    levels = None
    if holdouts:
        order = [(n, k) for n in daily for k in range(len(daily[n]))]
        found = market_levels([market_counts[n][k] for n, k in order], [daily[n][k][1] for n, k in order])
        if found is not None:
            levels = {"A": [], "B": []}
            for (n, _), v in zip(order, found):
                levels[n].append(v)
    return compare(daily, seed=seed, blocks=blocks, levels=levels)[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=300)
    ap.add_argument("--cases", default="", help="Comma-separated case numbers to run (default: all).")
    args = ap.parse_args()
    rows = []
    t = time.perf_counter()
    cases = [  # effect, periods, weekly drift, weekly market shock sd, holdout pages
        (0.0, 12, 0.0, 0.0, 0),
        (0.0, 12, -0.03, 0.0, 0),
        (0.3, 12, 0.0, 0.0, 0),
        (0.3, 12, -0.03, 0.0, 0),
        (0.2, 24, 0.0, 0.0, 0),
        (0.3, 14, 0.0, 0.0, 0),
        (0.3, 16, 0.0, 0.0, 0),
        (0.3, 16, -0.03, 0.0, 0),
        (0.2, 32, 0.0, 0.0, 0),
        (0.3, 32, 0.0, 0.15, 0),
        (0.0, 12, 0.0, 0.0, 5),
        (0.3, 12, 0.0, 0.0, 5),
        (0.3, 16, 0.0, 0.0, 5),
        (0.0, 12, 0.0, 0.15, 0),
        (0.3, 12, 0.0, 0.15, 0),
        (0.3, 24, 0.0, 0.15, 0),
        (0.0, 12, 0.0, 0.15, 5),
        (0.3, 12, 0.0, 0.15, 5),
        (0.3, 16, 0.0, 0.15, 5),
        (0.0, 12, -0.03, 0.15, 5),
        (0.3, 12, -0.03, 0.15, 5),
        (0.3, 20, -0.03, 0.15, 5),
    ]
    only = {int(x) for x in args.cases.split(",")} if args.cases else None
    for n, (effect, periods, drift, market_sd, holdouts) in enumerate(cases):
        if only is not None and n not in only:
            continue
        winners = [
            simulate(s, effect, periods, drift=drift, market_sd=market_sd, holdouts=holdouts) for s in range(args.seeds)
        ]
        rows.append(
            {
                "effect": effect,
                "periods": periods,
                "weekly_drift": drift,
                "market_sd": market_sd,
                "holdouts": holdouts,
                "B_wins": sum(w == "B" for w in winners) / args.seeds,
                "A_wins": sum(w == "A" for w in winners) / args.seeds,
                "no_winner": sum(w is None for w in winners) / args.seeds,
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)
    print(json.dumps({"seeds": args.seeds, "rows": rows, "seconds": round(time.perf_counter() - t, 1)}, indent=1))


if __name__ == "__main__":
    main()
