"""``aeoloop experiment start|status|stop|promote`` (see :mod:`.experiments`).

Exit codes: 0 ok, 2 bad input (no such page, a locked or already-tested element, a bad
experiment file, no winner to promote); ``status`` exits 0 whatever the verdict.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from .cli_shared import config_option, err_console, errors_to_exit, load_project, out_console, parse_date
from ..termtable import table as table_of
from .current import open_store
from .experiments import ELEMENTS, PERIOD_DAYS, PERIODS, WASHOUT_DAYS, ExperimentError, find, load_all, stop


@click.group("experiment")
def experiment_group() -> None:
    """Switchback experiments on a page's summary, FAQ, title or intro: which variant gets it cited more."""


def _latest(project: Any) -> dt.date | None:
    # lazy: the store's facts (numpy, pydantic: ~300 modules, 0.5-1.4 s); `aeoloop --help` imports this module
    from .facts import latest_date

    store = open_store(project)
    if store is None:
        return None
    try:
        return latest_date(store)
    finally:
        store.close()


@experiment_group.command("start")
@config_option
@click.argument("page")
@click.option(
    "--element",
    type=click.Choice(ELEMENTS),
    required=True,
    help="What varies: the generated summary or FAQ, the title (<title>, og:title, H1) or the intro "
    "(a lead paragraph from the page's audience intros; the control shows none).",
)
@click.option(
    "--text",
    "texts",
    multiple=True,
    help="A variant written by you (repeat for more: B, C, ...); the rest are derived from the page.",
)
@click.option(
    "--variants",
    "n_variants",
    type=click.IntRange(2, 4),
    default=2,
    show_default=True,
    help="Variants including the control A (the current text).",
)
@click.option(
    "--periods", type=click.IntRange(2, 104), default=PERIODS, show_default=True, help="Periods of the schedule."
)
@click.option("--period-days", type=click.IntRange(2, 56), default=PERIOD_DAYS, show_default=True)
@click.option(
    "--washout-days",
    type=click.IntRange(0, 28),
    default=WASHOUT_DAYS,
    show_default=True,
    help="First days of each period left out of the comparison (engines answer from the old text).",
)
@click.option(
    "--start", "first", default=None, help="First day (YYYY-MM-DD; default: the day after the latest report)."
)
@click.option(
    "--holdout",
    "holdouts",
    multiple=True,
    help="A page the experiment does not touch, recorded as its holdout (repeat for more): status then compares "
    "by difference-in-differences.",
)
@click.option(
    "--holdouts",
    "n_holdouts",
    type=click.IntRange(0, 50),
    default=0,
    help="Pick N holdout pages now (those cited most like the page in the 8 weeks before the start) and record them.",
)
@errors_to_exit
def start_command(
    config_file: Path | None,
    page: str,
    element: str,
    n_variants: int,
    periods: int,
    period_days: int,
    washout_days: int,
    first: str | None,
    texts: tuple[str, ...],
    holdouts: tuple[str, ...],
    n_holdouts: int,
) -> None:
    """Start an experiment on PAGE (e.g. guides/oee.md): writes experiments/<id>.yml."""
    # lazy: the page's artifacts and guardrails (~250 modules, 0.6-2 s); `aeoloop --help` imports this module
    from .experiment_variants import start

    if washout_days >= period_days:
        raise click.BadParameter("must be less than --period-days", param_hint="--washout-days")
    project = load_project(config_file)
    day = parse_date(first)
    if day is None:
        latest = _latest(project)
        day = latest + dt.timedelta(days=1) if latest else None
    exp = start(
        project,
        page,
        element,
        n_variants,
        periods=periods,
        period_days=period_days,
        washout_days=washout_days,
        first_day=day,
        texts=list(texts),
        holdouts=[h if h.endswith(".md") else h.rstrip("/") + ".md" for h in holdouts],
    )
    if n_holdouts and not holdouts and exp.path is not None:
        # lazy: numpy, pydantic, the store (~310 modules); `aeoloop --help` imports this module
        from .experiment_stats import pick_at_start

        busy = {e.page for e in load_all(project) if e.status == "running"}
        exp.holdouts = pick_at_start(project, exp, n_holdouts, busy)
        exp.path.write_text(exp.as_yaml(), encoding="utf-8")
    shown = exp.path.relative_to(project.root).as_posix() if exp.path else exp.id
    if exp.holdouts:
        out_console.print(f"holdouts: {', '.join(exp.holdouts)}", markup=False)
    out_console.print(
        f"started {exp.id}: {len(exp.variants)} variants of the {element} of {exp.page}, "
        f"{len(exp.schedule)} periods of {period_days} days from {exp.start} to {exp.schedule[-1].end}; "
        f"wrote {shown} (commit it; edit the variants there if you like)",
        markup=False,
    )
    for p in exp.schedule:
        out_console.print(f"  {p.start}..{p.end}  {p.variant}", markup=False)


@experiment_group.command("status")
@config_option
@click.argument("exp_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--holdout",
    "holdouts",
    multiple=True,
    help="A page the experiment does not touch, as a control for the market (repeat for more): "
    "difference-in-differences. Default: the experiment file's `holdouts:`.",
)
@click.option(
    "--holdouts",
    "n_holdouts",
    type=click.IntRange(0, 50),
    default=0,
    help="Pick N holdout pages: those cited most like the page before the start (deterministic).",
)
@errors_to_exit
def status_command(
    config_file: Path | None, exp_id: str | None, fmt: str, holdouts: tuple[str, ...], n_holdouts: int
) -> None:
    """Compare the variants of one experiment (or of every one): P(best), 95% intervals, verdict."""
    # lazy: numpy, pydantic, the store (~310 modules, 0.5-2 s); `aeoloop --help` imports this module
    from .experiment_stats import status

    project = load_project(config_file)
    experiments = [find(project, exp_id)] if exp_id else load_all(project)
    if not experiments:
        err_console.print("no experiments yet (aeoloop experiment start PAGE --element summary)")
        return
    if (holdouts or n_holdouts) and len(experiments) > 1:
        raise click.UsageError("--holdout/--holdouts apply to one experiment: name its ID")
    busy = {e.page for e in load_all(project) if e.status == "running"}
    named = [h if h.endswith(".md") else h.rstrip("/") + ".md" for h in holdouts]
    results = [status(project, e, named, n_holdouts, busy) for e in experiments]
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False))
        return

    for r in results:
        e = r.experiment
        out_console.print(
            f"{e.id} [{e.status}] · {e.element} of {e.page} · {len(e.schedule)} periods of {e.period_days} days "
            f"from {e.start} (first {e.washout_days} days of each left out) · reports to {r.as_of or '-'}",
            markup=False,
        )
        if r.arms:
            table = table_of(
                "variant",
                "periods",
                "days",
                "citations",
                "per day (95%)",
                "P(best)",
                "lift vs A (95%)",
                "AI visits",
                show_lines=False,
            )
            for a in r.arms:
                lift = (
                    f"{a.lift_low:+.0%} .. {a.lift_high:+.0%}"
                    if a.lift_low is not None and a.lift_high is not None
                    else "-"
                )
                table.add_row(
                    a.name,
                    str(a.periods),
                    str(a.days),
                    f"{a.citations:,.0f}",
                    f"{a.rate:.2f} ({a.low:.2f}-{a.high:.2f})",
                    f"{a.p_best:.1%}",
                    lift,
                    f"{a.referrals:,.0f}",
                )
            out_console.print(table, soft_wrap=False)
        if r.holdouts:
            h = r.holdouts
            out_console.print(
                f"  holdouts ({h.how}): {', '.join(h.pages)} · {h.citations:,.0f} citations in the counted days"
                + (" · rates per day at the holdouts' average market level" if h.used else f" · not used: {h.note}"),
                markup=False,
            )
        out_console.print(
            f"  {r.verdict}" + (f" (between-period dispersion {r.dispersion:.2f})" if r.dispersion > 1 else ""),
            markup=False,
        )


@experiment_group.command("stop")
@config_option
@click.argument("exp_id")
@errors_to_exit
def stop_command(config_file: Path | None, exp_id: str) -> None:
    """End an experiment: builds publish the control (generated/) again."""

    project = load_project(config_file)
    exp = stop(project, find(project, exp_id), _latest(project))
    out_console.print(f"stopped {exp.id}: the site shows the generated {exp.element} again", markup=False)


@experiment_group.command("promote")
@config_option
@click.argument("exp_id")
@click.option("--variant", default=None, help="Promote this variant even without a winner.")
@errors_to_exit
def promote_command(config_file: Path | None, exp_id: str, variant: str | None) -> None:
    """Make the winning variant (or --variant) the page's artifact in generated/, locked."""
    # lazy: numpy, pydantic, the store and the page's artifacts (~310 modules, 0.5-2 s); `aeoloop --help` imports this module
    from .experiment_stats import status
    from .experiment_promote import promote

    project = load_project(config_file)
    exp = find(project, exp_id)
    if variant is None and exp.status != "promoted":
        result = status(project, exp)
        if result.winner is None:
            raise ExperimentError(
                f"{exp.id} has no winner ({result.verdict}); name the variant to promote anyway "
                f"with --variant ({', '.join(exp.variants)})"
            )
        variant = result.winner
    exp, written = promote(project, exp, variant or "", _latest(project))
    if written is None:
        said = f"the page already shows it ({exp.page} unchanged)"
    elif exp.element in ("title", "intro"):
        said = f"wrote its {exp.element} into {written.relative_to(project.root).as_posix()} (commit it)"
    else:
        said = (
            f"wrote {written.relative_to(project.root).as_posix()} "
            "(locked: unlock it in the manifest to let builds regenerate it)"
        )
    out_console.print(f"promoted variant {exp.winner} of {exp.id}: {said}", markup=False)
