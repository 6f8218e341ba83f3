"""Reference simulator for the evolve plan: does regenerating in plan order recover citations?

A market of 40 pages, 1-3 tracked prompts each, four answer engines. Every day each (prompt,
engine) answer cites the page with its own probability (a Bernoulli draw) and always cites a
competitor; the page also gets AI-referred visits (a GA4 export: Poisson, 1-8 a day from each of
two engines, falling with its citations). Five weeks of history, then a shock: 30% of pages lose
60-95% of their citation probability; afterwards each page has a 1% chance a week of such a
shock. Each week four pages are regenerated; a regenerated page that had decayed gets its
probability back on each engine after that engine's lag (1-6 days). 16 weeks, several seeds.

Policies, each in its own copy of the same world (same random draws):

- ``plan``: the real ``aeoloop plan`` (evolve.plan.build_plan) over a DuckDB store fed weekly
  with the tracker's export (generic citations CSV) and one Search Console export (impressions
  proportional to page value), with the memory of regenerations (each pick is recorded as the
  build does; ``engine_lag_days`` default);
- ``round-robin``: pages in a fixed order, four a week;
- ``largest-drop``: the spreadsheet rule, the largest fall in our citations, last 14 days vs
  the 14 before;
- ``oracle``: the decayed pages with the most value lost (knows the truth).

Citation-weeks lost = sum over the 16 weeks of (pre-shock value-weighted citation share - that
week's share); reported as a ratio to round-robin's. Anomaly flags on healthy page-weeks: the
share of (page, week) pairs of healthy (never-shocked or recovered) pages that carry an anomaly
in the plan. Re-picks: picks of a page picked the week before.

    .venv/bin/python bench/evolve_sim.py --seeds 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "generator"))

from aeoloop.evolve.adapters.base import Context, Source  # noqa: E402
from aeoloop.evolve import adapters  # noqa: E402
from aeoloop.evolve.memory import Regeneration  # noqa: E402
from aeoloop.evolve.normalize import DateParser, IpHasher, PageIndex  # noqa: E402
from aeoloop.evolve.options import EvolveOptions  # noqa: E402
from aeoloop.evolve.pages import PageInfo  # noqa: E402
from aeoloop.evolve.plan import build_plan  # noqa: E402
from aeoloop.evolve.store import Store  # noqa: E402

SITE = "https://www.example-docs.test/"
ENGINES = ("chatgpt", "perplexity", "gemini", "copilot")
N_PAGES = 40
HISTORY_WEEKS = 5
WEEKS = 16
PICKS = 4
START = dt.date(2026, 1, 5)  # a Monday


@dataclass
class World:
    """The truth: per page and engine, the citation probability over time."""

    seed: int
    base: np.ndarray  # page x engine
    value: np.ndarray  # page
    prompts: list[list[str]]
    shock_day: np.ndarray  # page -> day of the (first) shock, or -1
    severity: np.ndarray
    lag: np.ndarray  # page x engine, days
    later: np.ndarray  # page x week: a new shock that week (1%)
    visits: np.ndarray  # page x engine: AI-referred visits a day while cited as usual (small counts)


def make_world(seed: int) -> World:
    rng = np.random.default_rng(seed)
    base = rng.uniform(0.3, 0.9, (N_PAGES, len(ENGINES)))
    value = rng.lognormal(0.0, 1.0, N_PAGES)
    prompts = [[f"topic {p} question {k}" for k in range(int(rng.integers(1, 4)))] for p in range(N_PAGES)]
    shocked = rng.permutation(N_PAGES)[: int(round(0.3 * N_PAGES))]
    shock_day = np.full(N_PAGES, -1)
    shock_day[shocked] = HISTORY_WEEKS * 7
    severity = rng.uniform(0.6, 0.95, N_PAGES)
    lag = rng.integers(1, 7, (N_PAGES, len(ENGINES)))
    later = rng.random((N_PAGES, WEEKS)) < 0.01
    visits = rng.uniform(1.0, 8.0, (N_PAGES, 2))  # from chatgpt and perplexity: a few a day
    return World(seed, base, value, prompts, shock_day, severity, lag, later, visits)


@dataclass
class State:
    """One policy's copy of the world: current decay and pending recoveries."""

    world: World
    decayed: np.ndarray = field(init=False)  # page x engine: multiplier in effect
    recover_at: dict[tuple[int, int], int] = field(default_factory=dict)
    picks: list[list[int]] = field(default_factory=list)
    regenerated: dict[int, tuple[dt.date, float]] = field(default_factory=dict)
    daily: list[np.ndarray] = field(default_factory=list)  # per day: page x engine citations (sum over prompts)
    visits: list[np.ndarray] = field(default_factory=list)  # per day: page x (chatgpt, perplexity) AI-referred visits
    slots: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.decayed = np.ones_like(self.world.base)
        self.ever = np.zeros(N_PAGES, dtype=bool)
        self.slots = np.array([len(p) for p in self.world.prompts], dtype=float)

    def p(self) -> np.ndarray:
        return self.world.base * self.decayed


def simulate(
    world: World, policy: str, rng_draws: np.random.Generator, tmp: Path, opts: EvolveOptions, stats: dict
) -> dict:
    st = State(world)
    days_total = (HISTORY_WEEKS + WEEKS) * 7
    draws = rng_draws.random((days_total, N_PAGES, 3, len(ENGINES)))  # same draws for every policy
    store = Store(tmp / f"{policy}-{world.seed}.duckdb") if policy == "plan" else None
    srcs = [f"p{p:02d}.md" for p in range(N_PAGES)]
    index = PageIndex(SITE, srcs)
    if store is not None:
        gsc = "Top pages,Clicks,Impressions,CTR,Position\n" + "".join(
            f"{SITE}p{p:02d}/,{int(world.value[p] * 30)},{int(world.value[p] * 1000)},3%,5\n" for p in range(N_PAGES)
        )
        _ingest(store, tmp / f"Pages-{world.seed}.csv", gsc)
    shares = []
    flags_healthy = healthy_weeks = 0
    repicks = 0
    for day in range(days_total):
        week = day // 7
        # shocks
        for p in range(N_PAGES):
            if world.shock_day[p] == day:
                st.decayed[p] = 1.0 - world.severity[p]
                st.ever[p] = True
            w = week - HISTORY_WEEKS
            if day % 7 == 0 and 0 < w < WEEKS and world.later[p, w] and st.decayed[p, 0] == 1.0:
                st.decayed[p] = 1.0 - world.severity[p]
                st.ever[p] = True
        for (p, e), when in list(st.recover_at.items()):
            if when == day:
                st.decayed[p, e] = 1.0
                del st.recover_at[(p, e)]
        prob = st.p()
        cites = np.zeros((N_PAGES, len(ENGINES)))
        for k in range(3):
            has = (np.array([len(x) for x in world.prompts]) > k)[:, None]
            cites += has * (draws[day, :, k, :] < prob)
        st.daily.append(cites)
        st.visits.append(np.random.default_rng([world.seed, day]).poisson(world.visits * st.decayed[:, :2]))
        if day % 7 == 6:
            week_cites = sum(st.daily[-7:])
            share = float(
                np.sum(world.value * week_cites.sum(axis=1) / (st.slots * 7 * len(ENGINES))) / world.value.sum()
            )
            if week >= HISTORY_WEEKS:
                shares.append(share)
            else:
                stats.setdefault("pre", []).append(share)
            as_of = START + dt.timedelta(days=day)
            if store is not None:
                _ingest(store, tmp / f"week-{world.seed}-{week}.csv", _export(world, st, day))
                _ingest(store, tmp / f"ga4-{world.seed}-{week}.csv", _ga4(st, day))
            if week < HISTORY_WEEKS:
                continue  # the loop starts with the shock
            healthy = ~st.ever  # never shocked: any anomaly on them is a false alarm
            if policy == "plan":
                infos = [
                    PageInfo(
                        s,
                        f"Topic {i}",
                        (),
                        dt.date(2025, 12, 1),
                        "x",
                        "x",
                        ("faq.md",),
                        (),
                        Regeneration(*st.regenerated[i]) if i in st.regenerated else None,
                    )
                    for i, s in enumerate(srcs)
                ]
                t0 = time.perf_counter()
                plan = build_plan(store, infos, index, opts, as_of=as_of)
                stats.setdefault("plan_s", []).append(time.perf_counter() - t0)
                flagged = {a.page for a in plan.anomalies}
                flags_healthy += sum(1 for i, s in enumerate(srcs) if healthy[i] and s in flagged)
                healthy_weeks += int(healthy.sum())
                lost = {e.page: float(e.components["citation_loss"].detail.get("lost", 0.0)) for e in plan.entries}
                pick = [int(e.page[1:3]) for e in plan.entries if e.score > 0][:PICKS]
                for i in pick:
                    st.regenerated[i] = (as_of, lost.get(srcs[i], 0.0))
            elif policy == "round-robin":
                start = (len(st.picks) * PICKS) % N_PAGES
                pick = [(start + k) % N_PAGES for k in range(PICKS)]
            elif policy == "largest-drop":
                recent = sum(st.daily[-14:]).sum(axis=1)
                prev = sum(st.daily[-28:-14]).sum(axis=1) if len(st.daily) >= 28 else recent
                drop = prev - recent
                pick = [int(i) for i in np.lexsort((np.arange(N_PAGES), -drop))[:PICKS]]
            else:  # oracle
                loss = world.value * (world.base * (1 - st.decayed)).sum(axis=1)
                pending = {p for p, _ in st.recover_at}
                loss[list(pending)] = 0
                pick = [int(i) for i in np.lexsort((np.arange(N_PAGES), -loss))[:PICKS] if loss[i] > 0]
            if st.picks:
                repicks += len(set(pick) & set(st.picks[-1]))
            st.picks.append(pick)
            for i in pick:
                for e in range(len(ENGINES)):
                    if st.decayed[i, e] < 1.0:
                        st.recover_at[(i, e)] = day + 1 + int(world.lag[i, e])
    if store is not None:
        store.close()
    return {"shares": shares, "flags_healthy": flags_healthy, "healthy_weeks": healthy_weeks, "repicks": repicks}


def _export(world: World, st: State, day: int) -> str:
    lines = ["date,engine,prompt,cited_url"]
    for d in range(day - 6, day + 1):
        date = (START + dt.timedelta(days=d)).isoformat()
        cites = st.daily[d]
        for p in range(N_PAGES):
            for e, engine in enumerate(ENGINES):
                n = int(cites[p, e])
                for k, prompt in enumerate(world.prompts[p]):
                    if k < n:
                        lines.append(f"{date},{engine},{prompt},{SITE}p{p:02d}/")
                    lines.append(f"{date},{engine},{prompt},https://rival.test/{p}/{k}")
    return "\n".join(lines) + "\n"


def _ga4(st: State, day: int) -> str:
    lines = [
        "Landing page + query string,Session source / medium,Date,Sessions,Engaged sessions,Key events,Total revenue"
    ]
    for d in range(day - 6, day + 1):
        date = (START + dt.timedelta(days=d)).strftime("%Y%m%d")
        for p in range(N_PAGES):
            for e, source in enumerate(("chatgpt.com / referral", "perplexity.ai / referral")):
                n = int(st.visits[d][p, e])
                if n:
                    lines.append(f"/p{p:02d}/,{source},{date},{n},{n},0,0")
    return "\n".join(lines) + "\n"


def _ingest(store: Store, path: Path, text: str) -> None:
    path.write_text(text)
    source = Source.open_path(path, path.name)
    adapter, _ = adapters.detect(source)
    assert adapter is not None, path
    store.ingest(
        source,
        adapter,
        Context(path.name, DateParser(), IpHasher()),
        sha256=f"{path.name}-{len(text)}",
        path=path.name,
        size=len(text),
        mtime_ns=0,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument(
        "--engine-lag-days",
        type=int,
        default=EvolveOptions().engine_lag_days,
        help="the plan's memory of regenerations (0: none)",
    )
    args = ap.parse_args()
    opts = EvolveOptions(engine_lag_days=args.engine_lag_days)
    policies = ("plan", "round-robin", "largest-drop", "oracle")
    lost = {p: [] for p in policies}
    out = {"flags_healthy": 0, "healthy_weeks": 0, "repicks": 0, "plan_s": []}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.seeds):
            world = make_world(seed)
            for policy in policies:
                stats: dict = {}
                res = simulate(world, policy, np.random.default_rng(1000 + seed), Path(tmp), opts, stats)
                pre = float(np.mean(stats["pre"][:HISTORY_WEEKS]))
                lost[policy].append(sum(pre - s for s in res["shares"]))
                if policy == "plan":
                    out["flags_healthy"] += res["flags_healthy"]
                    out["healthy_weeks"] += res["healthy_weeks"]
                    out["repicks"] += res["repicks"]
                    out["plan_s"] += stats.get("plan_s", [])
    rr = np.array(lost["round-robin"])
    summary = {
        "seeds": args.seeds,
        "engine_lag_days": args.engine_lag_days,
        "citation_weeks_lost": {p: round(float(np.mean(v)), 3) for p, v in lost.items()},
        "ratio_to_round_robin": {p: round(float(np.sum(v) / np.sum(rr)), 3) for p, v in lost.items()},
        "anomaly_flags_on_healthy_page_weeks": round(out["flags_healthy"] / max(out["healthy_weeks"], 1), 4),
        "plan_repicks_of_last_week": out["repicks"],
        "plan_picks": args.seeds * WEEKS * PICKS,
        "plan_seconds_median": round(float(np.median(out["plan_s"])), 3) if out["plan_s"] else None,
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
