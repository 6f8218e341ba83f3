"""``aeoloop digest``: a short Markdown summary for Slack or email.

"What changed since last week, what to do": the last 7 days to the as-of date against the 7
before (citations per engine, citation share, AI-crawler hits, AI-referred visits, search
clicks), the anomalies, and the top of the plan with its reasons. Deterministic like the plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .normalize import engine_name
from . import referrals
from .facts import own_sql
from .plan import Plan

MAX_ACTIONS = 5
MAX_ANOMALIES = 5


def _delta(now: float, before: float) -> str:
    if not before:
        return "new" if now else "no change"
    return f"{(now - before) / before:+.0%}"


def _n(x: float) -> str:
    return f"{x:,.0f}"


def week_numbers(store: Any, index: Any, as_of: dt.date) -> dict[str, Any]:
    w1 = as_of - dt.timedelta(days=6)
    w0 = as_of - dt.timedelta(days=13)
    own = own_sql(index)
    out: dict[str, Any] = {}
    out["citations"] = store.q(
        f"""
        SELECT engine, sum(count) FILTER (WHERE date >= ? AND {own}), sum(count) FILTER (WHERE date < ? AND {own}),
               sum(count) FILTER (WHERE date >= ?), sum(count) FILTER (WHERE date < ?)
        FROM citations WHERE date BETWEEN ? AND ? AND path IS NOT NULL GROUP BY engine ORDER BY engine""",
        [w1, w1, w1, w1, w0, as_of],
    )
    out["visits"] = store.q(
        f"""
        SELECT class, coalesce(sum(hits) FILTER (WHERE date >= ?), 0), coalesce(sum(hits) FILTER (WHERE date < ?), 0)
        FROM visits_daily_v WHERE date BETWEEN ? AND ? AND class <> 'other' AND {own} GROUP BY class ORDER BY class""",
        [w1, w1, w0, as_of],
    )
    days = referrals.by_day(store, index, w0, as_of)
    out["ai_referred"] = (
        referrals.total(days, w1, as_of).visits,
        referrals.total(days, w0, w1 - dt.timedelta(days=1)).visits,
    )
    out["search"] = store.q(
        """SELECT sum(clicks) FILTER (WHERE date >= ?), sum(clicks) FILTER (WHERE date < ?),
                                      sum(impressions) FILTER (WHERE date >= ?), sum(impressions) FILTER (WHERE date < ?)
                               FROM search WHERE date BETWEEN ? AND ? AND path IS NOT NULL""",
        [w1, w1, w1, w1, w0, as_of],
    )[0]
    return out


def render(plan: Plan, store: Any | None, index: Any, site_name: str = "the site") -> str:
    lines: list[str] = []
    A = plan.as_of
    if A is None or store is None or not plan.has_data:
        lines.append(f"# Evolve digest: {site_name}")
        lines.append("")
        lines.append(
            "No reports ingested yet. Drop citation and traffic exports in `reports/` (or run "
            "`aeoloop ingest FILE…`) and the digest will say what changed and what to do."
        )
        return "\n".join(lines) + "\n"
    w1 = A - dt.timedelta(days=6)
    lines.append(f"# Evolve digest: {site_name}, week to {A.isoformat()}")
    lines.append("")
    lines.append(f"_{w1.isoformat()} – {A.isoformat()} (the latest report date) vs the 7 days before._")
    lines.append("")
    lines.append("## What changed since last week")
    lines.append("")
    nums = week_numbers(store, index, A)
    cit = nums["citations"]
    if cit:
        own_now = sum(r[1] or 0 for r in cit)
        own_before = sum(r[2] or 0 for r in cit)
        all_now = sum(r[3] or 0 for r in cit)
        all_before = sum(r[4] or 0 for r in cit)
        per_engine = ", ".join(
            f"{engine_name(e)} {_n(a or 0)} ({_delta(a or 0, b or 0)})" for e, a, b, _, _ in cit if (a or b)
        )
        lines.append(
            f"- **Citations of our pages:** {_n(own_now)} ({_delta(own_now, own_before)} vs {_n(own_before)})"
            + (f": {per_engine}" if per_engine else "")
        )
        if all_now or all_before:
            share_now = own_now / all_now if all_now else 0.0
            share_before = own_before / all_before if all_before else 0.0
            lines.append(
                f"- **Citation share:** {share_now:.0%} of all cited URLs in tracked answers "
                f"({(share_now - share_before) * 100:+.0f} pts)"
            )
    visits = {cls: (a, b) for cls, a, b in nums["visits"]}
    if "ai-crawler" in visits:
        a, b = visits["ai-crawler"]
        lines.append(f"- **AI-crawler hits:** {_n(a)} ({_delta(a, b)})")
    ref_now, ref_before = nums["ai_referred"]  # logs + GA4, the same definition as `aeoloop metrics`
    if ref_now or ref_before:
        lines.append(f"- **AI-referred visits:** {_n(ref_now)} ({_delta(ref_now, ref_before)})")
    clicks_now, clicks_before, imp_now, imp_before = (x or 0 for x in nums["search"])
    if imp_now or imp_before:
        lines.append(
            f"- **Search:** {_n(clicks_now)} clicks ({_delta(clicks_now, clicks_before)}), "
            f"{_n(imp_now)} impressions ({_delta(imp_now, imp_before)})"
        )
    if len(lines) and lines[-1] == "":
        lines.append("- No dated citation or traffic data in these two weeks.")
    anomalies = plan.anomalies[:MAX_ANOMALIES]
    if anomalies:
        lines.append("")
        lines.append(f"**Anomalies ({len(plan.anomalies)}):**")
        lines.append("")
        for a in anomalies:
            name = engine_name(a.source) if a.metric != "ai_crawler_hits" else a.source
            lines.append(f"- `{a.page}`: {a.describe(name)}")
    lines.append("")
    lines.append("## What to do")
    lines.append("")
    actions = [e for e in plan.entries if e.score > 0 and not e.locked][:MAX_ACTIONS]
    if not actions:
        lines.append("- Nothing stands out: no page lost citations, has anomalies or changed.")
    for i, e in enumerate(actions, start=1):
        why = [r for r in e.reasons if not r.startswith("Opportunity")][:2] or e.reasons[:1]
        verb = "Regenerate" if e.must else "Refresh"
        lines.append(f"{i}. **{verb} `{e.page}`** (score {e.score:.0f}): " + " ".join(w.rstrip(".") + "." for w in why))
    lines.append("")
    lines.append("_`aeoloop plan` has the full ranking and every reason; `aeoloop build` regenerates in this order._")
    return "\n".join(lines) + "\n"
