"""Click commands of the evolve loop: ``plan`` (and ``--backtest``), ``digest``, ``metrics``, ``predict``.

:data:`COMMANDS` adds ``ingest`` (:mod:`.ingest_cli`); what the commands share (consoles, ``-f``,
error mapping) is in :mod:`.cli_shared`. Registered in ``aeoloop.cli`` with
``main.add_command(...)``. Like every aeoloop command they
take ``-f/--config-file``; problems print as ``file:line: level: message``; exit codes are
0 ok (quarantined rows are reported, not failed), 2 usage or bad input that loads nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
from ..termtable import table as table_of

from . import open_store, page_index, plan_with_store
from .cli_shared import config_option, err_console, errors_to_exit, load_project, out_console, parse_date
from .ingest_cli import ingest_command

# --- plan -------------------------------------------------------------------------------------


def _plan(project: Any, as_of: dt.date | None) -> tuple[Any, Any, Any]:
    store = open_store(project)
    plan, index = plan_with_store(project, store, None, as_of)
    return plan, store, index


TABLE_LIMIT = 50
"""Rows of the plan's table by default: a reader acts on the top of the plan, and rendering
10,000 wrapped rows takes Rich ~5 CPU-seconds (the plan itself ~1)."""


@click.command("plan")
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help=f"Show only the first N pages; 0 shows all (default: all with --format json, the first {TABLE_LIMIT} in the table).",
)
@click.option(
    "--as-of", "as_of", default=None, help="Compute as of this date (YYYY-MM-DD) instead of the latest report date."
)
@click.option(
    "--backtest",
    "backtest",
    default=None,
    metavar="FROM..TO",
    help="Replay the weekly plans from FROM to TO (YYYY-MM-DD..YYYY-MM-DD) and score each against the "
    "citations that followed: picked pages vs the rest.",
)
@click.option(
    "--picks",
    type=click.IntRange(min=1),
    default=None,
    help="With --backtest: pages a week's build regenerates (default: evolve max_pages, else 4).",
)
@errors_to_exit
def plan_command(
    config_file: Path | None, fmt: str, limit: int | None, as_of: str | None, backtest: str | None, picks: int | None
) -> None:
    """Rank pages for regeneration: score, its components and the reasons, in words.

    Computed as of the latest report date (never the clock): the same reports give the same plan.
    """
    if backtest is not None:
        if as_of is not None:
            raise click.UsageError("--backtest replays many dates: leave out --as-of")
        _backtest(config_file, backtest, picks, fmt)
        return
    if picks is not None:
        raise click.UsageError("--picks only applies with --backtest")
    project = load_project(config_file)
    plan, store, _ = _plan(project, parse_date(as_of))
    undated = []
    if store is not None:
        if not plan.has_data:  # reports were ingested, yet none gives a date to plan from
            undated = [path for (path,) in store.q("SELECT path FROM files WHERE state = 'ready' ORDER BY seq")]
        store.close()
    if undated:
        shown = ", ".join(undated[:3]) + (f" and {len(undated) - 3} more" if len(undated) > 3 else "")
        plan.notes.append(
            f"the ingested reports carry no dates ({shown}): a plan counts back from the latest report date and "
            "there is none, so it ranks by content changes and staleness only; ingest a dated export (a citation "
            "tracker's daily export, Search Console or GA4 by date)"
        )
    if limit is None and fmt == "table":
        limit = TABLE_LIMIT
    entries = plan.entries[:limit] if limit else plan.entries
    if fmt == "json":
        click.echo(plan.to_json(entries), nl=False)
        return
    head = f"Plan as of {plan.as_of or '-'}" + (" (latest report date)" if plan.has_data and not as_of else "")
    head += f" · {len(plan.entries)} pages · citations trend over 2×{plan.trend_days} days, traffic over {plan.window_days} days"
    out_console.print(head, markup=False)
    for note in plan.notes:
        out_console.print(f"note: {note}", markup=False)
    if not plan.has_data and not undated:
        out_console.print(
            "No reports ingested yet: ranked by content changes and staleness only "
            "(aeoloop ingest FILE… or drop exports in reports/).",
            markup=False,
        )
    table = table_of("#", "page", "score", "", "why", show_lines=False, whole={"page": [e.page for e in plan.entries]})
    for e in entries:
        flag = "locked" if e.locked else ("must" if e.must else "")
        reasons = e.reasons
        table.add_row(str(e.rank), e.page, f"{e.score:.1f}", flag, "\n".join(reasons[:3]) or "-")
    out_console.print(table, soft_wrap=False)  # soft_wrap would let a table overrun the terminal
    if len(entries) < len(plan.entries):
        more = len(plan.entries) - len(entries)
        out_console.print(
            f"… {more:,} more page{'s' if more > 1 else ''}: --limit 0 shows every page, --format json gives them with every component.",
            markup=False,
        )


def _backtest(config_file: Path | None, value: str, picks: int | None, fmt: str) -> None:
    # lazy: the backtest replays the plan (numpy, pydantic, the store: ~310 modules, 0.5-1.5 s); `aeoloop --help` imports this module
    from .backtest import parse_range, run

    try:
        start, end = parse_range(value)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--backtest") from None
    project = load_project(config_file)
    store = open_store(project)
    try:
        result = run(project, store, start, end, picks)
    finally:
        if store is not None:
            store.close()
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    s = result.summary()
    out_console.print(
        f"Backtest {start}..{end} · {s['weeks']} weekly plans, {s['scored_weeks']} scored · "
        f"{result.picks_per_week} picks a week · citations {result.horizon_days} days after each plan vs "
        f"the {result.horizon_days} before · reports {result.reports[0]}..{result.reports[1]}",
        markup=False,
    )
    table = table_of("week of", "picked (recovery/page)", "rest (recovery/page)", "picks", show_lines=False)
    for w in result.weeks:
        if not w.picks and not w.scored:
            table.add_row(str(w.as_of), "-", "-", w.note or "-")
            continue
        picked = f"{w.picked_before:,.0f} → {w.picked_after:,.0f} ({w.picked_recovery:+.1f})" if w.scored else "-"
        rest = (
            f"{w.rest_before:,.0f} → {w.rest_after:,.0f} ({w.rest_recovery:+.1f}, {w.rest_pages} pages)"
            if w.scored
            else "-"
        )
        names = ", ".join(w.picks) or "(no page needed work)"
        if w.regenerated:
            names += f" [regenerated: {', '.join(w.regenerated)}]"
        if w.note:
            names += f" ({w.note})"
        table.add_row(str(w.as_of), picked, rest, names)
    out_console.print(table, soft_wrap=False)
    if not s["scored_weeks"]:
        out_console.print(
            f"No week could be scored yet: each needs {result.horizon_days} days of reports after it.", markup=False
        )
        return
    verdict = (
        "the picked pages recovered more than the rest"
        if s["lift_per_page"] > 0
        else "the picked pages did not recover more than the rest"
    )
    out_console.print(
        f"Over {s['scored_weeks']} scored weeks {verdict}: {s['picked_recovery_per_page']:+.2f} citations per "
        f"picked page vs {s['rest_recovery_per_page']:+.2f} per other cited page (lift {s['lift_per_page']:+.2f}); "
        f"picked pages recovered more in {s['weeks_picked_recovered_more']} of {s['scored_weeks']} weeks. "
        "Recovery follows regeneration: it shows the loop working where the picks were regenerated.",
        markup=False,
    )


# --- digest -----------------------------------------------------------------------------------


@click.command("digest")
@config_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the Markdown here instead of printing it.",
)
@click.option(
    "--as-of", "as_of", default=None, help="Week ending on this date (YYYY-MM-DD) instead of the latest report date."
)
@errors_to_exit
def digest_command(config_file: Path | None, output: Path | None, as_of: str | None) -> None:
    """A short Markdown summary for Slack or email: what changed since last week, what to do."""
    # lazy: the plan and its anomalies (~310 modules, 0.5-1.5 s); `aeoloop --help` imports this module
    from .digest import render

    project = load_project(config_file)
    plan, store, index = _plan(project, parse_date(as_of))
    try:
        text = render(plan, store, index, project.site_name)
    finally:
        if store is not None:
            store.close()
    if output:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {output}")
    else:
        click.echo(text, nl=False)


# --- metrics ----------------------------------------------------------------------------------


@click.command("metrics")
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@errors_to_exit
def metrics_command(config_file: Path | None, fmt: str) -> None:
    """Loop metrics per month: regenerations, citations and share, AI crawlers, AI-referred visits and key events, per-audience traffic."""
    # lazy: numpy, pydantic, the store (~310 modules, 0.5-1.5 s); `aeoloop --help` imports this module
    from .metrics import compute

    project = load_project(config_file)
    index = page_index(project, [u for u, _ in project.page_paths()])
    store = open_store(project)
    try:
        m = compute(project, store, index)
    finally:
        if store is not None:
            store.close()
    if fmt == "json":
        click.echo(json.dumps(m.as_dict(), indent=2))
        return
    experiments = any(m.experiments.values())  # a column of zeros until the first experiment exists
    table = table_of(
        "month",
        "regenerated\npages",
        *(["experi-\nments"] if experiments else []),
        "our\ncitations",
        "citation\nshare",
        "AI-crawler\nhits",
        "AI-referred\nvisits",
        "key\nevents",
    )
    for month in m.months:
        c = m.citations.get(month, {})
        hits = sum(m.crawler_hits.get(month, {}).values())
        table.add_row(
            month,
            str(m.regenerations.get(month, 0)),
            *([str(m.experiments.get(month, 0))] if experiments else []),
            f"{c.get('own', 0):,.0f}",
            f"{c.get('share', 0):.0%}" if c.get("all") else "-",
            f"{hits:,.0f}",
            f"{m.ai_referred_visits.get(month, 0):,.0f}",
            f"{m.ai_key_events.get(month, 0):,.0f}",
        )
    out_console.print(table, soft_wrap=False)  # soft_wrap would let a table overrun the terminal
    if m.audiences:
        per = table_of("month", "audience", "visits\n(logs)", "sessions\n(GA4)", "key events\n(GA4)")
        for month in sorted(m.audiences):
            for audience, v in sorted(m.audiences[month].items()):
                per.add_row(month, audience, f"{v['visits']:,.0f}", f"{v['sessions']:,.0f}", f"{v['key_events']:,.0f}")
        out_console.print(per, soft_wrap=False)
        out_console.print(
            "Per audience: visits and sessions that came with utm_content=<audience id> (per-audience "
            "derivatives and ?for= links tag them so)."
        )
    if m.ai_referred_visits:
        logs, ga4 = sum(m.ai_referrals.values()), sum(m.ai_sessions.values())
        out_console.print(
            f"AI-referred visits = access-log visits + GA4 sessions from AI engines (here {logs:,.0f} + {ga4:,.0f}), "
            "as in `aeoloop digest` and `aeoloop plan`."
        )
    if not m.months:
        out_console.print("No data yet: ingest reports first (aeoloop ingest).")


# --- predict ----------------------------------------------------------------------------------


@click.command("predict")
@config_option
@click.argument("pages", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@errors_to_exit
def predict_command(config_file: Path | None, pages: tuple[str, ...], fmt: str) -> None:
    """Likelihood that each page (or PAGES: pages of the site, or draft .md files) gets cited.

    A logistic model trained on this site's citation history, with its cross-validated AUC; with
    too little history, the AEO readiness score of the built site instead (it says so).
    """
    # lazy: the model and its features (~350 modules, 0.5-1.8 s); `aeoloop --help` imports this module
    from .predict import run

    project = load_project(config_file)
    docs = Path(project.docs_dir)
    only, drafts = [], []
    for p in pages:
        src = p if p.endswith(".md") else p.rstrip("/") + ".md"
        if not Path(src).is_absolute() and (docs / src).is_file():
            only.append(src)
        elif Path(p).is_file():
            drafts.append(Path(p))
        else:
            raise click.BadParameter(f"{p}: neither a page of {docs.name}/ nor a Markdown file", param_hint="PAGES")
    store = open_store(project)
    try:
        result = run(project, store, drafts, only or (None if not drafts else []))
    finally:
        if store is not None:
            store.close()
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    if result.fallback:
        out_console.print(f"No model: {result.fallback}.", markup=False)
        table = table_of("page", "readiness", show_lines=False)
        for page in result.pages:
            table.add_row(page.page, "-" if page.readiness is None else str(page.readiness))
        out_console.print(table, soft_wrap=False)
        return
    auc_txt = f"{result.cv_auc:.2f}" if result.cv_auc == result.cv_auc else "-"
    out_console.print(
        f"Model of {result.rows} page-windows of {28} days to {result.as_of} ({result.positives} cited): "
        f"cross-validated AUC {auc_txt}",
        markup=False,
    )
    table = table_of("page", "P(cited)", "change most likely to help", show_lines=False)
    for page in result.pages:
        table.add_row(page.page, f"{page.probability:.0%}" if page.probability is not None else "-", page.help or "-")
    out_console.print(table, soft_wrap=False)


COMMANDS = [ingest_command, plan_command, digest_command, metrics_command, predict_command]
