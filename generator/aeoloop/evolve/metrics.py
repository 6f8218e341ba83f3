"""``aeoloop metrics``: is the loop turning? Monthly numbers from the store and git.

- **Loop velocity**: page regenerations per month, counted from the git history of
  ``generated/*/manifest.json`` (a commit that changes a page's manifest is one regeneration of
  that page; generated/ is committed for review, so history is the record). Experiments are
  reported once they exist (0 until then).
- **Citations**: our citations, all cited URLs in tracked answers and our share, per month
  and per engine.
- **AI traffic**: AI-crawler hits per purpose and AI-referred visits (logs), AI-referred GA4
  sessions and their key events (qualified leads) when GA4 provides them.
- **Audiences**: visits (logs), GA4 sessions and key events whose ``utm_content`` is an audience id
  of brand/audiences.yml, per month: the per-audience derivatives tag their links that way, and
  ``?for=``/``utm_content`` links open the page for that audience (Tailor).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..pagemeta import git_output
from . import referrals
from .facts import own_sql
from .referrals import Referred


@dataclass
class Metrics:
    months: list[str] = field(default_factory=list)
    regenerations: dict[str, int] = field(default_factory=dict)
    experiments: dict[str, int] = field(default_factory=dict)
    citations: dict[str, dict[str, float]] = field(default_factory=dict)  # month -> own/all/share
    citations_by_engine: dict[str, dict[str, float]] = field(default_factory=dict)  # month -> engine -> own
    crawler_hits: dict[str, dict[str, float]] = field(default_factory=dict)  # month -> purpose -> hits
    ai_referred_visits: dict[str, float] = field(default_factory=dict)  # logs + GA4 (evolve.referrals)
    ai_referrals: dict[str, float] = field(default_factory=dict)  # the part seen in logs
    ai_sessions: dict[str, float] = field(default_factory=dict)  # the part seen in GA4
    ai_key_events: dict[str, float] = field(default_factory=dict)
    audiences: dict[str, dict[str, dict[str, float]]] = field(
        default_factory=dict
    )  # month -> audience -> visits/sessions/key_events

    def as_dict(self) -> dict[str, Any]:
        def r(x: Any) -> Any:
            if isinstance(x, float):
                return round(x, 4)
            if isinstance(x, dict):
                return {k: r(v) for k, v in sorted(x.items())}
            return x

        return {
            "months": self.months,
            "loop_velocity": {"regenerations": r(self.regenerations), "experiments": r(self.experiments)},
            "citations": r(self.citations),
            "citations_by_engine": r(self.citations_by_engine),
            "ai_crawler_hits": r(self.crawler_hits),
            "ai_referred_visits": r(self.ai_referred_visits),
            "ai_referred_visits_logs": r(self.ai_referrals),
            "ai_sessions_ga4": r(self.ai_sessions),
            "ai_key_events_ga4": r(self.ai_key_events),
            "audiences": r(self.audiences),
        }


def regenerations_by_month(project: Any) -> dict[str, int]:
    """Regenerations per month: a commit that adds or changes a generated text of a page (its FAQ,
    summary, takeaways, entities, audience intros, channel derivatives: any file of the page's
    generated folder but ``manifest.json``) is one regeneration of that page. A commit that only
    rewrites manifests (code-version keys after a code change, every text identical) regenerated
    nothing a reader or an engine can see, so it does not count."""
    gen = Path(project.generated_dir)
    if not gen.is_dir():
        return {}
    log = git_output(gen, "log", "--format=@%cs", "--name-status", "--no-renames", "--", ".")
    if log is None:
        return {}
    commits: list[tuple[str, list[str]]] = []
    folders: set[str] = set()  # every page folder that ever had a manifest
    for line in log.splitlines():
        if line.startswith("@"):
            commits.append((line[1:8], []))
            continue
        status, _, path = line.partition("\t")
        if not path or not commits:
            continue
        if path.endswith("/manifest.json"):
            folders.add(path[: -len("manifest.json")])
        elif status[:1] in ("A", "M"):
            commits[-1][1].append(path)
    out: Counter[str] = Counter()
    for month, paths in commits:
        out[month] += len({folder for folder in map(partial(_page_folder, folders), paths) if folder})
    return {month: n for month, n in out.items() if n}


def _page_folder(folders: set[str], path: str) -> str | None:
    """The page folder (ending in ``/``) holding a generated file: its deepest ancestor that has a
    manifest (audience and channel files sit in subfolders of the page's folder)."""
    cut = path.rfind("/")
    while cut > 0:
        if path[: cut + 1] in folders:
            return path[: cut + 1]
        cut = path.rfind("/", 0, cut)
    return None


def compute(project: Any, store: Any | None, index: Any) -> Metrics:
    m = Metrics()
    m.regenerations = regenerations_by_month(project)
    months: set[str] = set(m.regenerations)
    if store is not None:
        own = own_sql(index)
        for month, own_n, all_n in store.q(f"""
                SELECT strftime(date, '%Y-%m'), sum(count) FILTER (WHERE {own}), sum(count) FROM citations
                WHERE path IS NOT NULL GROUP BY ALL ORDER BY 1"""):
            m.citations[month] = {
                "own": own_n or 0.0,
                "all": all_n or 0.0,
                "share": (own_n or 0.0) / all_n if all_n else 0.0,
            }
        by_engine: dict[str, dict[str, float]] = defaultdict(dict)
        for month, engine, n in store.q(f"""SELECT strftime(date, '%Y-%m'), engine, sum(count) FROM citations
                WHERE path IS NOT NULL AND {own} GROUP BY ALL ORDER BY 1, 2"""):
            by_engine[month][engine] = n or 0.0
        m.citations_by_engine = dict(by_engine)
        hits: dict[str, dict[str, float]] = defaultdict(dict)
        for month, purpose, n in store.q(f"""SELECT strftime(date, '%Y-%m'), coalesce(purpose, ''), sum(hits)
                FROM visits_daily_v WHERE class = 'ai-crawler' AND {own} GROUP BY ALL ORDER BY 1"""):
            hits[month][purpose] = float(n)
        m.crawler_hits = dict(hits)
        by_month: dict[str, Referred] = defaultdict(Referred)
        for day, r in referrals.by_day(store, index).items():  # the digest reads the same day totals
            by_month[day.strftime("%Y-%m")].add(r)
        for month, r in sorted(by_month.items()):
            m.ai_referred_visits[month] = r.visits
            if r.logs:
                m.ai_referrals[month] = r.logs
            if r.ga4 or r.key_events:
                m.ai_sessions[month] = r.ga4
                m.ai_key_events[month] = r.key_events
        m.audiences = by_audience(store, sorted(project.brand.audiences))
        months |= set(m.citations) | set(m.crawler_hits) | set(m.ai_referred_visits) | set(m.audiences)
    from .experiments import running_by_month  # loop velocity: experiments running each month

    running = running_by_month(project)
    m.months = sorted(months | set(running))
    m.experiments = {month: running.get(month, 0) for month in m.months}
    return m


def by_audience(store: Any, ids: list[str]) -> dict[str, dict[str, dict[str, float]]]:
    """Visits (access logs, people and other bots, not AI crawlers), GA4 sessions and key events
    per month and audience, told by ``utm_content`` = an audience id. GA4: one table per file
    (the one that has the campaign content, else the one with the most dimensions), never the sum
    of two tables of the same file."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    if not ids:
        return out

    def cell(month: str, audience: str) -> dict[str, float]:
        return out.setdefault(month, {}).setdefault(audience, {"visits": 0.0, "sessions": 0.0, "key_events": 0.0})

    marks = ", ".join("?" for _ in ids)
    for month, audience, hits in store.q(
        f"""SELECT strftime(date, '%Y-%m'), utm_content, sum(hits) FROM visits_daily_v
            WHERE utm_content IN ({marks}) AND class <> 'ai-crawler' GROUP BY ALL""",
        ids,
    ):
        cell(month, audience)["visits"] += float(hits or 0.0)
    best: dict[int, str] = {}
    for file_id, grain in store.q(
        f"SELECT DISTINCT file_id, grain FROM sessions WHERE content IN ({marks}) AND date IS NOT NULL", ids
    ):
        grain = grain or ""
        rank = ("content" in grain.split("+"), grain.count("+"))
        if file_id not in best or rank > ("content" in best[file_id].split("+"), best[file_id].count("+")):
            best[file_id] = grain
    for file_id, grain in sorted(best.items()):
        for month, audience, sessions, key_events in store.q(
            f"""SELECT strftime(date, '%Y-%m'), content, sum(sessions),
                sum(key_events) FROM sessions WHERE file_id = ? AND grain = ? AND content IN ({marks}) AND date IS NOT NULL
                GROUP BY ALL""",
            [file_id, grain, *ids],
        ):
            c = cell(month, audience)
            c["sessions"] += float(sessions or 0.0)
            c["key_events"] += float(key_events or 0.0)
    return out
