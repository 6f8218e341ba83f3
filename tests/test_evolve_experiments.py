"""Experiments: start/status/stop/promote through the CLI, the build publishing the variant of its
date (real mkdocs builds), bad input, and the switchback comparison in simulation."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sys
from pathlib import Path
from typing import Callable

import pytest
import yaml
from click.testing import CliRunner

from aeoloop.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from experiment_sim import simulate  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "reports"
SITE = "https://www.ridgeline-telemetry.example"
PAGE = """\
---
title: {title}
description: A page about {title} for the experiment test, long enough to be a real description of it.
date: 2026-01-10
updated: 2026-10-01
---

{title} is explained on this page in enough words to make a summary that an answer engine could quote. It covers what it is, why it matters and how to start. Teams use it every day to plan maintenance and avoid unplanned downtime in their plants.

## Why it matters

It matters because unplanned downtime is expensive and planned work is cheaper. A small pilot shows the value within weeks, and the results convince the rest of the plant to follow.
"""
VARIANT_B = (
    "Variant bee: OEE multiplies availability, performance and quality into one number that plants compare every week."
)


def cli(root: Path, *args: str, env: dict[str, str] | None = None):
    n = 2 if args[0] == "experiment" else 1  # the command (and sub-command), then -f, then the rest
    return CliRunner().invoke(main, [*args[:n], "-f", str(root / "mkdocs.yml"), *args[n:]], env=env)


@pytest.fixture
def site(make_site: Callable[..., Path], build_site) -> Path:
    pages = {
        f"guides/{slug}.md": PAGE.format(title=slug.replace("-", " ").capitalize())
        for slug in ("oee", "vibration-analysis")
    }
    pages["index.md"] = PAGE.format(title="Ridgeline")
    root = make_site(pages, config={"site_url": SITE + "/"})
    (root / "reports").mkdir()
    shutil.copy(FIX / "market" / "citations.csv", root / "reports" / "citations.csv")
    build_site(root, verify=False)  # generated/ and the store (reports end 2026-11-08)
    return root


def html(root: Path) -> str:
    return (root / "site" / "guides" / "oee" / "index.html").read_text(encoding="utf-8")


def test_start_writes_a_switchback_schedule_and_the_build_publishes_the_variant_of_its_date(site: Path, build_site):
    result = cli(site, "experiment", "start", "guides/oee.md", "--element", "summary")
    assert result.exit_code == 0, result.output
    path = site / "experiments" / "guides--oee--summary.yml"
    data = yaml.safe_load(path.read_text())
    assert data["start"] == "2026-11-09"  # the day after the latest report, never the clock
    control = " ".join((site / "generated" / "guides" / "oee" / "summary.md").read_text().split())
    assert data["variants"]["A"] == control and data["variants"]["B"] != control
    sched = data["schedule"]
    assert len(sched) == 12 and all(
        sorted(p["variant"] for p in sched[i : i + 2]) == ["A", "B"] for i in range(0, 12, 2)
    )
    # a writer edits variant B; builds publish the variant of the build date
    data["variants"]["B"] = VARIANT_B
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    b_day = next(p["from"] for p in sched if p["variant"] == "B")
    a_day = next(p["from"] for p in sched if p["variant"] == "A")

    def epoch(day: str) -> str:
        return str(int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()))

    import os

    old = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        os.environ["SOURCE_DATE_EPOCH"] = epoch(b_day)
        state = build_site(site, verify=False)
        assert "Variant bee: OEE multiplies" in html(site)
        assert any("publishing variant B of the summary of guides/oee.md" in d.message for d in state.diagnostics)
        assert (
            " ".join((site / "generated" / "guides" / "oee" / "summary.md").read_text().split()) == control
        )  # generated/ keeps A
        os.environ["SOURCE_DATE_EPOCH"] = epoch(a_day)
        build_site(site, verify=False)
        assert "Variant bee" not in html(site)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    # without SOURCE_DATE_EPOCH the build date is the latest report date (before the start): the control
    build_site(site, verify=False)
    assert "Variant bee" not in html(site)


def write_citations(root: Path, exp: dict, rates: dict[str, float], engines: int = 4, prompts: int = 8) -> None:
    """Daily answers over the schedule: the page is cited with the probability of the variant shown."""
    import random

    rng = random.Random(7)
    with open(root / "reports" / "experiment.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "engine", "prompt", "cited_url", "position"])
        for p in exp["schedule"]:
            d = dt.date.fromisoformat(p["from"])
            while d <= dt.date.fromisoformat(p["to"]):
                for e in ("chatgpt", "perplexity", "gemini", "copilot")[:engines]:
                    for k in range(prompts):
                        if rng.random() < rates[p["variant"]]:
                            w.writerow([d.isoformat(), e, f"oee question {k}", f"{SITE}/guides/oee/", 1])
                        w.writerow([d.isoformat(), e, f"oee question {k}", f"https://other.example/{k}", 2])
                d += dt.timedelta(days=1)


def test_status_names_the_better_variant_and_promote_makes_it_the_artifact(site: Path):
    assert cli(site, "experiment", "start", "guides/oee.md", "--element", "summary").exit_code == 0
    path = site / "experiments" / "guides--oee--summary.yml"
    exp = yaml.safe_load(path.read_text())
    early = cli(site, "experiment", "status")
    assert early.exit_code == 0 and "no data yet" in early.output, early.output
    write_citations(site, exp, {"A": 0.3, "B": 0.45})
    assert cli(site, "ingest").exit_code == 0
    result = cli(site, "experiment", "status", "guides--oee--summary", "--format", "json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)[0]
    assert status["winner"] == "B" and status["verdict"].startswith("variant B wins")
    arms = {a["variant"]: a for a in status["arms"]}
    assert arms["B"]["p_best"] >= 0.99 and arms["A"]["periods"] == arms["B"]["periods"] == 6
    assert arms["B"]["days"] == 6 * 7  # 14-day periods, the first 7 days of each left out
    low, high = arms["B"]["lift_vs_A_95"]
    assert 0 < low < 0.5 < high
    table = cli(site, "experiment", "status")
    assert "variant B wins" in table.output and "P(best)" in table.output
    promoted = cli(site, "experiment", "promote", "guides--oee--summary")
    assert promoted.exit_code == 0, promoted.output
    summary = (site / "generated" / "guides" / "oee" / "summary.md").read_text()
    assert " ".join(summary.split()) == " ".join(exp["variants"]["B"].split())
    manifest = json.loads((site / "generated" / "guides" / "oee" / "manifest.json").read_text())
    assert manifest["artifacts"]["summary.md"]["status"] == "locked"
    assert yaml.safe_load(path.read_text())["status"] == "promoted"
    metrics = json.loads(cli(site, "metrics", "--format", "json").output)
    assert metrics["loop_velocity"]["experiments"]["2026-11"] == 1  # loop velocity


def test_equal_variants_name_no_winner(site: Path):
    assert cli(site, "experiment", "start", "guides/oee.md", "--element", "summary").exit_code == 0
    exp = yaml.safe_load((site / "experiments" / "guides--oee--summary.yml").read_text())
    write_citations(site, exp, {"A": 0.35, "B": 0.35})
    assert cli(site, "ingest").exit_code == 0
    status = json.loads(cli(site, "experiment", "status", "--format", "json").output)[0]
    assert status["winner"] is None and status["verdict"].startswith("no winner")
    refused = cli(site, "experiment", "promote", "guides--oee--summary")
    assert refused.exit_code == 2 and "has no winner" in refused.output and "--variant" in refused.output
    assert cli(site, "experiment", "stop", "guides--oee--summary").exit_code == 0
    assert yaml.safe_load((site / "experiments" / "guides--oee--summary.yml").read_text())["status"] == "stopped"


def test_bad_input(site: Path):
    out = cli(site, "experiment", "start", "guides/missing.md", "--element", "summary")
    assert out.exit_code == 2 and "content/guides/missing.md: no such page" in out.output, out.output
    manifest_path = site / "generated" / "guides" / "vibration-analysis" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["artifacts"]["summary.md"]["status"] = "locked"
    manifest_path.write_text(json.dumps(manifest))
    out = cli(site, "experiment", "start", "guides/vibration-analysis.md", "--element", "summary")
    assert out.exit_code == 2 and "generated/guides/vibration-analysis/summary.md is locked" in out.output
    assert cli(site, "experiment", "start", "guides/oee.md", "--element", "summary").exit_code == 0
    out = cli(site, "experiment", "start", "guides/oee.md", "--element", "summary")
    assert out.exit_code == 2 and "already has a running summary experiment" in " ".join(out.output.split())
    assert "experiments/guides--oee--summary.yml" in out.output
    # a hand-edited file with a variant the schedule does not know: file and line
    path = site / "experiments" / "guides--oee--summary.yml"
    path.write_text(path.read_text().replace("variant: B", "variant: C", 1))
    out = cli(site, "experiment", "status")
    assert out.exit_code == 2 and "experiments/guides--oee--summary.yml" in out.output and "variant C" in out.output
    # a deleted page: the build warns and status still works; promote refuses
    path.write_text(path.read_text().replace("variant: C", "variant: B", 1))
    (site / "content" / "guides" / "oee.md").unlink()
    out = cli(site, "experiment", "promote", "guides--oee--summary", "--variant", "B")
    assert out.exit_code == 2 and "not a page any more" in out.output
    out = cli(site, "experiment", "status", "nope")
    assert out.exit_code == 2 and "no experiment 'nope'" in out.output


def test_status_from_reports_without_dates_says_so(site: Path):
    """Only an undated export in the store: no winner, and the verdict names the files and what to ingest."""
    assert cli(site, "experiment", "start", "guides/oee.md", "--element", "summary").exit_code == 0
    (site / "reports" / "citations.csv").unlink()
    shutil.copy(FIX / "market" / "Pages.csv", site / "reports" / "Pages.csv")  # Search Console: no dates
    assert cli(site, "ingest", "--rebuild").exit_code == 0
    result = cli(site, "experiment", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)[0]
    assert status["winner"] is None and status["arms"] == []
    assert status["verdict"].startswith("no data yet: the ingested reports carry no dates (reports/Pages.csv)")
    assert "ingest a dated citation export" in status["verdict"]


def test_a_faq_variant_without_questions_is_not_published(site: Path, build_site, monkeypatch: pytest.MonkeyPatch):
    faq = site / "generated" / "guides" / "oee" / "faq.md"  # this page's FAQ, written by a person (kept by builds)
    faq.write_text(
        "## What is OEE?\n\nOEE multiplies availability, performance and quality.\n\n"
        "## Why does OEE matter?\n\nIt shows where a line loses time, so teams know what to fix first.\n"
    )
    result = cli(site, "experiment", "start", "guides/oee.md", "--element", "faq")
    assert result.exit_code == 0, result.output
    path = site / "experiments" / "guides--oee--faq.yml"
    data = yaml.safe_load(path.read_text())
    assert data["variants"]["B"].startswith("## ")  # the control's Q&As, reordered
    data["variants"]["B"] = "Just a paragraph, no questions."
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    b_day = next(p["from"] for p in data["schedule"] if p["variant"] == "B")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime.fromisoformat(b_day + "T12:00:00+00:00").timestamp())))
    state = build_site(site, verify=False)
    assert any("variant B has no questions" in d.message and d.level == "warning" for d in state.diagnostics)
    assert "Just a paragraph" not in html(site)


@pytest.mark.parametrize(
    ("effect", "want", "holdouts", "market_sd", "periods"),
    [
        (0.3, "B", 0, 0.0, 16),
        (0.0, None, 0, 0.0, 12),
        (0.0, None, 0, 0.15, 12),
        (0.3, "B", 5, 0.15, 16),
        (0.0, None, 5, 0.15, 12),
    ],
)
def test_switchback_in_simulation(effect: float, want: str | None, holdouts: int, market_sd: float, periods: int):
    """+30% on a page cited ~10 times a day: B wins in >= 95% of seeds with 16 two-week periods;
    equal variants name no winner in >= 95% (engine lag 1-6 days, 7-day washout), also under
    weekly market shocks (sd 0.15) without holdouts: the dispersion's own uncertainty is in the
    posterior. With weekly shocks and 5 holdout pages (difference-in-differences), +30% wins with 16."""
    seeds = 60
    hits = sum(simulate(seed, effect, periods, market_sd=market_sd, holdouts=holdouts) == want for seed in range(seeds))
    assert hits / seeds >= 0.95, hits


def write_market(root: Path, exp: dict, rates: dict[str, float], shock: Callable[[int], float], seed: int = 11) -> None:
    """The experiment page and three other pages under one market: a weekly shock multiplies every
    page's citation probability (an engine update, a season); B changes only the experiment page."""
    import random

    rng = random.Random(seed)
    start = dt.date.fromisoformat(exp["schedule"][0]["from"]) - dt.timedelta(days=56)
    end = dt.date.fromisoformat(exp["schedule"][-1]["to"])
    shown = {}
    for p in exp["schedule"]:
        d = dt.date.fromisoformat(p["from"])
        while d <= dt.date.fromisoformat(p["to"]):
            shown[d] = p["variant"]
            d += dt.timedelta(days=1)
    with open(root / "reports" / "experiment.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "engine", "prompt", "cited_url", "position"])
        d = start
        while d <= end:
            level = shock((d - start).days // 7)
            for e in ("chatgpt", "perplexity", "gemini", "copilot"):
                for k in range(8):
                    p = rates[shown.get(d, "A")] * level
                    if rng.random() < p:
                        w.writerow([d.isoformat(), e, f"oee question {k}", f"{SITE}/guides/oee/", 1])
                    for url in (f"{SITE}/guides/vibration-analysis/", f"{SITE}/"):
                        if rng.random() < 0.3 * level:
                            w.writerow([d.isoformat(), e, f"{url} question {k}", url, 1])
                    w.writerow([d.isoformat(), e, f"oee question {k}", f"https://other.example/{k}", 2])
            d += dt.timedelta(days=1)


def test_status_with_holdout_pages_reads_the_market_out(site: Path):
    started = cli(site, "experiment", "start", "guides/oee.md", "--element", "summary", "--holdouts", "2")
    assert started.exit_code == 0, started.output
    exp = yaml.safe_load((site / "experiments" / "guides--oee--summary.yml").read_text())
    assert sorted(exp["holdouts"]) == ["guides/vibration-analysis.md", "index.md"]  # picked and recorded at start
    # a market that swings +-40% from week to week, and B truly 50% better
    write_market(
        site, exp, {"A": 0.25, "B": 0.375}, lambda week: 1.4 if week % 3 == 0 else 0.7 if week % 3 == 1 else 1.0
    )
    assert cli(site, "ingest").exit_code == 0
    named = cli(
        site,
        "experiment",
        "status",
        "guides--oee--summary",
        "--holdout",
        "guides/vibration-analysis.md",
        "--holdout",
        "index.md",
        "--format",
        "json",
    )
    assert named.exit_code == 0, named.output
    status = json.loads(named.output)[0]
    held = status["holdouts"]
    assert held["pages"] == ["guides/vibration-analysis.md", "index.md"] and held["used"] and held["chosen"] == "named"
    assert held["citations"] > 1000 and len(held["period_levels"]) == 12
    assert min(held["period_levels"]) < 0.85 < 1.15 < max(held["period_levels"])  # the swings, read from holdouts
    assert status["winner"] == "B" and "difference-in-differences against 2 holdout page(s)" in status["verdict"], (
        json.dumps(status)
    )
    arms = {a["variant"]: a for a in status["arms"]}
    low, high = arms["B"]["lift_vs_A_95"]
    assert low < 0.5 < high and low > 0
    recorded = json.loads(cli(site, "experiment", "status", "--format", "json").output)[0]["holdouts"]
    assert recorded["chosen"] == "from the experiment file" and recorded["used"]
    # picked deterministically: the pages cited most like it before the start, never the page itself
    picked = json.loads(
        cli(site, "experiment", "status", "guides--oee--summary", "--holdouts", "1", "--format", "json").output
    )[0]
    again = json.loads(
        cli(site, "experiment", "status", "guides--oee--summary", "--holdouts", "1", "--format", "json").output
    )[0]
    assert picked["holdouts"]["pages"] == again["holdouts"]["pages"] and len(picked["holdouts"]["pages"]) == 1
    assert picked["holdouts"]["pages"][0] in ("guides/vibration-analysis.md", "index.md")
    assert picked["holdouts"]["chosen"].startswith("picked: ")
    table = cli(site, "experiment", "status", "guides--oee--summary", "--holdouts", "2")
    assert "holdouts (picked" in table.output and "difference-in-differences" in table.output
    # bad input: the page itself, a page that does not exist
    out = cli(site, "experiment", "status", "guides--oee--summary", "--holdout", "guides/oee.md")
    assert out.exit_code == 2 and "cannot be its holdout" in out.output
    out = cli(site, "experiment", "status", "guides--oee--summary", "--holdout", "guides/nope.md")
    assert out.exit_code == 2 and "holdout guides/nope.md: no such page" in out.output
