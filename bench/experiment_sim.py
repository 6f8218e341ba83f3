"""Switchback experiments in simulation: does a truly better variant win, and do equal ones not?

A page answers ``prompts`` tracked prompts on four engines every day; each answer cites it with
probability ``base`` under variant A and ``base x (1 + effect)`` under B. An engine answers from
the text it last crawled: it switches ``lag`` days (1-6, per engine) after the site does. The
schedule is the real one (:func:`aeoloop.evolve.experiments.schedule_for`), the first
``washout_days`` of every period are left out, and the comparison is the real one
(:func:`aeoloop.evolve.experiments.compare`). Each seed is one experiment; we count how often a
winner is named, and which.

    .venv/bin/python bench/experiment_sim.py --seeds 500
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

from aeoloop.evolve.experiment_stats import compare  # noqa: E402
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
) -> str | None:
    """One experiment; returns the winner (or None). ``drift``: a weekly trend of the page's
    citation probability (a market moving under the experiment), e.g. -0.02 per week."""
    rng = np.random.default_rng(seed)
    schedule = schedule_for(f"sim-{seed}", ["A", "B"], START, periods, period_days)
    days = periods * period_days
    shown = np.array([0 if schedule[d // period_days].variant == "A" else 1 for d in range(days)])
    lag = rng.integers(1, 7, 4)
    daily: dict[str, list[tuple[float, float]]] = {"A": [], "B": []}
    blocks: dict[str, list[int]] = {"A": [], "B": []}
    counts = np.zeros(days)
    for d in range(days):
        trend = (1 + drift) ** (d / 7)
        for e in range(4):
            seen = shown[max(d - lag[e], 0)] if d - lag[e] >= 0 else 0
            p = min(1.0, base * trend * (1 + effect * seen))
            counts[d] += rng.binomial(prompts, p)
    for i, per in enumerate(schedule):
        first = i * period_days + washout_days
        last = (i + 1) * period_days
        daily[per.variant].append((float(counts[first:last].sum()), float(last - first)))
        blocks[per.variant].append(i // 2)
    return compare(daily, seed=seed, blocks=blocks)[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=500)
    args = ap.parse_args()
    rows = []
    t = time.perf_counter()
    for effect, periods, drift in [
        (0.0, 12, 0.0),
        (0.0, 12, -0.03),
        (0.0, 4, 0.0),
        (0.3, 4, 0.0),
        (0.3, 8, 0.0),
        (0.3, 12, 0.0),
        (0.3, 12, -0.03),
        (0.2, 12, 0.0),
        (0.2, 24, 0.0),
    ]:
        winners = [simulate(s, effect, periods, drift=drift) for s in range(args.seeds)]
        rows.append(
            {
                "effect": effect,
                "periods": periods,
                "weekly_drift": drift,
                "B_wins": sum(w == "B" for w in winners) / args.seeds,
                "A_wins": sum(w == "A" for w in winners) / args.seeds,
                "no_winner": sum(w is None for w in winners) / args.seeds,
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)
    print(json.dumps({"seeds": args.seeds, "rows": rows, "seconds": round(time.perf_counter() - t, 1)}, indent=1))


if __name__ == "__main__":
    main()
