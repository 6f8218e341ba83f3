"""``aeoloop report``: the loop on one page, as one self-contained HTML file.

What it shows, per week (Monday to Sunday) unless said otherwise: our citation share by engine,
AI-crawler hits by purpose, AI-referred visits and key events; the current plan with its
reasons, the anomalies behind it, experiments with their posteriors, a backtest of the plan on
the site's own history, loop velocity per month, and the prompts where other sites win.

The file opens offline and fetches nothing: charts are inline SVG drawn in Python
(:mod:`.svg`), the style is inline, there is no script, and a Content-Security-Policy of
``default-src 'none'`` keeps it so. Every ingested text (engines, prompts, hosts, reasons,
variant names) is untrusted: the template escapes it (Jinja autoescape), and the SVG helpers
escape what they draw. It is written outside ``site/`` (default ``reports/dashboard.html``,
which ingest skips), so a build never publishes it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import svg
from . import open_store, page_index, plan_with_store
from .experiments import load_all
from .facts import latest_date, own_sql
from .metrics import regenerations_by_month
from .experiments import running_by_month
from . import referrals
from .gaps import NOT_CITED, NoData, find
from .backtest import NoReports, run
from .options import options_of
from .experiment_stats import status

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "dashboard.html.j2"
PLAN_ROWS = 20
GAP_ROWS = 15


@dataclass
class Chart:
    title: str
    svg: Markup | None
    empty: str = ""
    """What to say instead of a chart when there is nothing to draw."""


@dataclass
class Dashboard:
    site_name: str
    as_of: dt.date | None
    has_data: bool
    files: int = 0
    first: dt.date | None = None
    cards: list[tuple[str, str, str]] = field(default_factory=list)
    """(label, value, note) of the numbers at the top."""
    charts: dict[str, Chart] = field(default_factory=dict)
    plan: list[Any] = field(default_factory=list)
    plan_notes: list[str] = field(default_factory=list)
    plan_pages: int = 0
    anomalies: list[tuple[str, Any]] = field(default_factory=list)
    experiments: list[tuple[Any, Chart]] = field(default_factory=list)
    backtest: Any = None
    backtest_note: str = ""
    gaps: list[Any] = field(default_factory=list)
    gaps_note: str = ""


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weeks(first: dt.date, last: dt.date) -> list[dt.date]:
    out, w = [], _week(first)
    while w <= last:
        out.append(w)
        w += dt.timedelta(days=7)
    return out


def _label(week: dt.date) -> str:
    return week.strftime("%d %b")


def gather(project: Any, *, backtest: tuple[dt.date, dt.date] | bool = True, picks: int | None = None) -> Dashboard:
    """Everything the page shows. ``backtest``: a (from, to) range, True for the last 8 plan
    weeks that can be scored, False for none."""
    index = page_index(project, [u for u, _ in project.page_paths()])
    store = open_store(project)
    try:
        plan, _ = plan_with_store(project, store, None, None)
        d = Dashboard(project.site_name, plan.as_of, plan.has_data and store is not None)
        d.plan = plan.entries[:PLAN_ROWS]
        d.plan_pages = len(plan.entries)
        d.plan_notes = list(plan.notes)
        d.anomalies = [(a.describe(), a) for a in sorted(plan.anomalies, key=lambda a: (a.p, a.page, a.date))][:50]
        if store is not None:
            d.files, d.first = store.q("SELECT count(*), min(min_date) FROM files WHERE state = 'ready'")[0]
            d.as_of = latest_date(store)
        if store is not None and d.as_of is not None and d.first is not None:
            _series(d, store, index, own_sql(index))
            _gaps(d, store, index)
            d.backtest, d.backtest_note = _backtest(project, store, d.as_of, d.first, backtest, picks)
    finally:
        if store is not None:
            store.close()
    regen = regenerations_by_month(project)
    running = running_by_month(project)
    months = sorted(set(regen) | set(running))
    d.charts["velocity"] = Chart(
        "Loop velocity: pages regenerated and experiments running, per month",
        svg.stacked_bars(
            months,
            {"regenerations": [regen.get(m, 0) for m in months], "experiments": [running.get(m, 0) for m in months]},
            title="Loop velocity per month",
        )
        if months
        else None,
        "No regeneration in the git history of generated/ yet, and no experiment.",
    )
    _experiments(d, project, load_all(project))
    return d


def _series(d: Dashboard, store: Any, index: Any, own: str) -> None:
    assert d.as_of is not None and d.first is not None
    weeks = _weeks(d.first, d.as_of)
    labels = [_label(w) for w in weeks]
    pos = {w: i for i, w in enumerate(weeks)}
    share: dict[str, list[float | None]] = {}
    totals = {"own": [0.0] * len(weeks), "all": [0.0] * len(weeks)}
    for engine, week, own_n, all_n in store.q(f"""
            SELECT engine, date_trunc('week', date)::DATE, sum(count) FILTER (WHERE {own}), sum(count)
            FROM citations WHERE path IS NOT NULL GROUP BY ALL ORDER BY 1, 2"""):
        if week not in pos:
            continue
        row = share.setdefault(str(engine), [None] * len(weeks))
        row[pos[week]] = (own_n or 0.0) / all_n if all_n else None
        totals["own"][pos[week]] += own_n or 0.0
        totals["all"][pos[week]] += all_n or 0.0
    if len(share) > 1:  # the site's share over every engine, as the cards count it
        share["all engines"] = [o / a if a else None for o, a in zip(totals["own"], totals["all"])]
    d.charts["share"] = Chart(
        "Citation share by engine (our citations / all cited URLs in tracked answers), per week",
        svg.line_chart(labels, share, fmt=svg.percent, title="Citation share by engine", total="all engines")
        if share
        else None,
        "No citation reports ingested.",
    )
    purposes: dict[str, list[float]] = {}
    for purpose, week, hits in store.q(f"""
            SELECT coalesce(purpose, 'other'), date_trunc('week', date)::DATE, sum(hits) FROM visits_daily_v
            WHERE class = 'ai-crawler' AND {own} GROUP BY ALL ORDER BY 1, 2"""):
        if week in pos:
            purposes.setdefault(str(purpose), [0.0] * len(weeks))[pos[week]] = float(hits or 0)
    d.charts["crawlers"] = Chart(
        "AI-crawler hits on our pages by purpose, per week",
        svg.stacked_bars(labels, purposes, title="AI-crawler hits by purpose") if purposes else None,
        "No access logs with AI crawlers ingested.",
    )
    visits = [0.0] * len(weeks)
    events = [0.0] * len(weeks)
    for day, r in referrals.by_day(store, index).items():
        w = _week(day)
        if w in pos:
            visits[pos[w]] += r.visits
            events[pos[w]] += r.key_events
    d.charts["referrals"] = Chart(
        "AI-referred visits (logs + GA4 sessions) and GA4 key events, per week",
        svg.line_chart(labels, {"AI-referred visits": visits, "key events": events}, title="AI referrals", integer=True)
        if any(visits) or any(events)
        else None,
        "No AI-referred visits in the ingested logs or GA4 exports.",
    )
    recent = sum(totals["own"][-4:]), sum(totals["all"][-4:])
    before = sum(totals["own"][-8:-4]), sum(totals["all"][-8:-4])
    d.cards.append(
        (
            "citation share, last 4 weeks",
            f"{recent[0] / recent[1]:.0%}" if recent[1] else "-",
            f"previous 4: {before[0] / before[1]:.0%}" if before[1] else "",
        )
    )
    d.cards.append(("our citations, last 4 weeks", svg.number(recent[0]), f"of {svg.number(recent[1])} cited URLs"))
    d.cards.append(
        ("AI-crawler hits, last 4 weeks", svg.number(sum(sum(v[-4:]) for v in purposes.values())), "on our pages")
    )
    d.cards.append(
        ("AI-referred visits, last 4 weeks", svg.number(sum(visits[-4:])), f"{svg.number(sum(events[-4:]))} key events")
    )


def _gaps(d: Dashboard, store: Any, index: Any) -> None:
    try:
        gaps = find(store, index)
    except NoData as err:
        d.gaps_note = err.message
        return
    d.gaps = sorted(gaps.prompts, key=lambda p: (p.status != NOT_CITED, -p.count, p.prompt))[:GAP_ROWS]
    d.gaps_note = (
        f"{len(gaps.not_cited)} of {gaps.tracked} tracked prompts cite other sites and not us "
        f"({gaps.start}..{gaps.as_of}); on {len(gaps.weak)} more we are weak (not cited on some engines, "
        "or a falling share)."
    )


def _backtest(
    project: Any, store: Any, as_of: dt.date, first: dt.date, choice: tuple[dt.date, dt.date] | bool, picks: int | None
) -> tuple[Any, str]:
    if choice is False:
        return None, "Backtest left out (--no-backtest)."
    if isinstance(choice, tuple):
        start, end = choice
    else:
        horizon = options_of(project).trend_days
        end = as_of - dt.timedelta(days=horizon)  # the last plan date whose following window is in the reports
        start = max(first + dt.timedelta(days=horizon), end - dt.timedelta(weeks=7))
        if end < start:
            return (
                None,
                f"Too little history for a backtest: each plan needs {horizon} days of reports before and after.",
            )
    try:
        return run(project, store, start, end, picks), ""
    except NoReports as err:
        return None, err.message


def _experiments(d: Dashboard, project: Any, experiments: list[Any]) -> None:
    for exp in experiments:
        st = status(project, exp)
        rows = [(a.name, a.low, a.rate, a.high) for a in st.arms if a.days]
        chart = Chart(
            f"{exp.id}: citations per day by variant (95% credible interval)",
            svg.intervals(rows, title=f"{exp.id}: citations per day by variant") if rows else None,
            st.verdict,
        )
        d.experiments.append((st, chart))


def render(d: Dashboard) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE.parent)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = svg.number
    env.filters["pct"] = svg.percent
    env.filters["web"] = lambda url: url if isinstance(url, str) and url.startswith(("https://", "http://")) else None
    by_page: dict[str, list[str]] = defaultdict(list)
    for text, a in d.anomalies:
        by_page[a.page].append(text)
    return env.get_template(TEMPLATE.name).render(d=d, anomalies_by_page=by_page)
