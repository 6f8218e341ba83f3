"""Evolve plan: ranking with reasons on a fixture market, determinism, anomalies with injected
drops, the digest, the regeneration budget and loop metrics."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Callable

import pytest

from aeoloop.evolve import anomalies, current_plan, ingest_reports, open_store, page_index
from aeoloop.evolve.budget import for_build, schedule
from aeoloop.evolve.digest import render
from aeoloop.evolve.ingest import ingest_project
from aeoloop.evolve.metrics import compute
from aeoloop.project import Project

MARKET = Path(__file__).parent / "fixtures" / "reports" / "market"
SITE = "https://www.ridgeline-telemetry.example/"
AS_OF = dt.date(2026, 11, 8)

PAGES = {
    "index.md": ("Ridgeline Telemetry", "2025-06-01", []),
    "guides/predictive-maintenance.md": ("What is predictive maintenance?", "2026-10-01", ["predictive maintenance"]),
    "guides/oee.md": ("What is OEE?", "2026-10-01", ["OEE", "oee formula"]),
    "guides/vibration-analysis.md": ("What is vibration analysis?", "2026-10-01", ["vibration analysis"]),
    "how-to/set-vibration-alarm-thresholds.md": ("How to set vibration alarm thresholds", "2026-10-01", []),
    "product/monitor.md": (
        "Ridgeline Monitor: condition monitoring software",
        "2026-10-01",
        ["condition monitoring software"],
    ),
}


def page_text(title: str, updated: str, keywords: list[str]) -> str:
    return (
        f"---\ntitle: {json.dumps(title)}\ndate: 2025-01-10\nupdated: {updated}\nkeywords: {json.dumps(keywords)}\n---\n\n"
        f"{title} A paragraph about it.\n"
    )


@pytest.fixture
def market(make_site: Callable[..., Path]) -> Path:
    """A Ridgeline project whose generated/ is up to date, with the market reports in reports/."""
    pages = {src: page_text(*spec) for src, spec in PAGES.items()}
    root = make_site(pages, config={"site_url": SITE})
    for src, text in pages.items():
        folder = root / "generated" / src[:-3]
        folder.mkdir(parents=True, exist_ok=True)
        manifest = {
            "version": 1,
            "provenance": {"source_hash": hashlib.sha256(text.encode()).hexdigest()},
            "artifacts": {n: {"status": "draft", "sha256": "0"} for n in ("summary.md", "faq.md")},
        }
        (folder / "manifest.json").write_text(json.dumps(manifest))
    (root / "reports").mkdir()
    for name in ("citations.csv", "Pages.csv", "access.log"):
        shutil.copy(MARKET / name, root / "reports" / name)
    return root


def load(root: Path) -> Project:
    return Project.load(root / "mkdocs.yml")


def test_market_ranks_pages_that_lost_citations_and_have_traffic_first(market: Path):
    project = load(market)
    summary = ingest_reports(project)
    assert len(summary.ingested) == 3 and summary.bad_rows == 0, summary.line()
    plan = current_plan(project)
    assert plan.as_of == AS_OF  # the latest report date, not today
    order = [e.page for e in plan.entries]
    lost_with_traffic = {"guides/predictive-maintenance.md", "guides/oee.md", "product/monitor.md"}
    assert set(order[:3]) == lost_with_traffic, order
    # lost citations without traffic, and traffic without losses, come after
    for other in ("guides/vibration-analysis.md", "how-to/set-vibration-alarm-thresholds.md", "index.md"):
        assert order.index(other) > 2
    by = plan.by_page()
    assert by["how-to/set-vibration-alarm-thresholds.md"].score == 0  # lots of traffic, nothing to fix
    assert by["guides/vibration-analysis.md"].score < by["product/monitor.md"].score

    pm = by["guides/predictive-maintenance.md"]
    assert pm.components["citation_loss"].value == pytest.approx(0.5)
    assert "ChatGPT from 28 to 0 (-100%), share 50% → 0%" in pm.components["citation_loss"].reason
    assert pm.engines["chatgpt"]["recent"] == 0 and pm.engines["perplexity"]["recent"] == 28
    assert pm.components["opportunity"].value == pytest.approx(1.0)
    assert "5,200 search impressions" in pm.components["opportunity"].reason

    monitor = by["product/monitor.md"]
    assert monitor.competitors[0] == {"host": "sensorly.example", "count": 28.0}
    assert any("sensorly.example (28)" in r and "best condition monitoring software" in r for r in monitor.reasons)

    oee = by["guides/oee.md"]
    # Perplexity cited it once a day, then not for the last 7 days: 7 -> 0 in a week is p 0.003 under
    # the exact count test, no finding among the run's 240 tests (false-discovery control), so the
    # page is there for its lost citations (14 -> 7 over two weeks), not for an "anomaly"
    assert not [a for a in oee.anomalies if a.metric == "citations"]
    assert any(
        r.startswith("Lost citations in the last 14 days vs the 14 before: Perplexity from 14 to 7")
        for r in oee.reasons
    ), oee.reasons

    index_page = by["index.md"]
    assert index_page.components["staleness"].value > 0
    assert "Last updated 2025-06-01 (525 days before 2026-11-08)" in index_page.reasons


def test_plan_is_deterministic_and_survives_a_rebuild(market: Path):
    project = load(market)
    ingest_reports(project)
    first = current_plan(project).to_json()
    assert current_plan(project).to_json() == first
    assert "2026-11-08" in first and str(dt.date.today()) not in first.replace("2026-11-08", "")
    # rebuild the store from the same files, ingested in the reverse order
    from aeoloop.evolve.ingest import store_path

    store_path(project).unlink()
    (project.cache_dir / "evolve-files.json").unlink()
    files = sorted((market / "reports").iterdir(), reverse=True)
    ingest_project(project, files)
    assert current_plan(project).to_json() == first


def test_plan_without_reports_uses_changes_and_staleness(market: Path):
    project = load(market)
    page = market / "content" / "guides" / "oee.md"
    page.write_text(page.read_text() + "\nA new paragraph.\n")
    plan = current_plan(project)
    assert not plan.has_data and plan.as_of == dt.date(2026, 10, 1)  # latest page update
    oee = plan.by_page()["guides/oee.md"]
    assert oee.must and oee.rank == 1
    assert "Content changed since the last generation" in oee.reasons


def test_changed_new_and_locked_pages(market: Path):
    project = load(market)
    ingest_reports(project)
    # content changed since the last generation -> must
    page = market / "content" / "how-to" / "set-vibration-alarm-thresholds.md"
    page.write_text(page.read_text() + "\nUpdated thresholds.\n")
    # a new page (never generated) -> must
    (market / "content" / "guides" / "new-guide.md").write_text(page_text("A new guide", "2026-11-01", []))
    # every artifact locked -> score 0, never forced
    manifest = market / "generated" / "guides" / "predictive-maintenance" / "manifest.json"
    data = json.loads(manifest.read_text())
    for rec in data["artifacts"].values():
        rec["status"] = "locked"
    manifest.write_text(json.dumps(data))
    # partly locked -> a note
    manifest = market / "generated" / "guides" / "oee" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["artifacts"]["faq.md"]["status"] = "locked"
    manifest.write_text(json.dumps(data))

    by = current_plan(project).by_page()
    thresholds = by["how-to/set-vibration-alarm-thresholds.md"]
    assert thresholds.must and thresholds.components["content_changed"].value == 1
    assert by["guides/new-guide.md"].must and "New page: never generated" in by["guides/new-guide.md"].reasons
    locked = by["guides/predictive-maintenance.md"]
    assert locked.locked and locked.score == 0 and not locked.must
    assert locked.reasons[0] == "every generated file of this page is locked: nothing to regenerate"
    assert "Locked and kept as they are: faq.md" in by["guides/oee.md"].reasons


# --- memory of regenerations -----------------------------------------------------------------


def remember(root: Path, slug: str, date: str, lost: float) -> None:
    path = root / "generated" / slug / "manifest.json"
    data = json.loads(path.read_text())
    data["evolve"] = {"regenerated": date, "lost": lost}
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    "date,lost,waits",
    [
        ("2026-11-05", 28.0, True),  # 3 days ago, same losses: waits
        ("2026-10-26", 28.0, True),  # 13 days ago: still inside the 14-day engine lag
        ("2026-10-25", 28.0, False),  # 14 days ago: the wait is over
        ("2026-11-05", 10.0, False),  # losses grew since (10 -> 28): ranked again
        ("2026-11-20", 28.0, False),  # after the as-of date: not known then, ignored
    ],
)
def test_regenerated_page_waits_for_evidence(market: Path, date: str, lost: float, waits: bool):
    remember(market, "guides/predictive-maintenance", date, lost)
    project = load(market)
    ingest_reports(project)
    plan = current_plan(project)
    pm = plan.by_page()["guides/predictive-maintenance.md"]
    if waits:
        assert pm.score == 0 and plan.entries[0].page == "product/monitor.md"
        days = (AS_OF - dt.date.fromisoformat(date)).days
        assert pm.reasons[0] == (
            f"Regenerated for the plan on {date} ({days} days before 2026-11-08): waiting {14 - days} "
            f"more day{'s' if 14 - days != 1 else ''} for answer engines to catch up before the same "
            "losses rank it again (citation loss, competitors on hold)"
        ), pm.reasons
        assert pm.components["citation_loss"].detail["waiting"] == pytest.approx(0.5)
    else:
        assert pm.score == 75 and plan.entries[0].page == "guides/predictive-maintenance.md"
        grew = [r for r in pm.reasons if r.startswith("Regenerated")]
        assert grew == (
            [
                "Regenerated for the plan on 2026-11-05 (3 days before 2026-11-08), but its losses grew since "
                "(10 → 28 citations lost): ranked again"
            ]
            if lost == 10.0
            else []
        )


def test_engine_lag_option_turns_the_wait_off(market: Path):
    remember(market, "guides/predictive-maintenance", "2026-11-05", 28.0)
    cfg = market / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("- aeoloop: {}", "- aeoloop:\n    evolve:\n      engine_lag_days: 0", 1))
    project = load(market)
    assert project.settings.evolve.engine_lag_days == 0
    ingest_reports(project)
    assert current_plan(project).entries[0].page == "guides/predictive-maintenance.md"


# --- plan --as-of: what was known then -------------------------------------------------------


def git(root: Path, date: str, *args: str) -> None:
    import subprocess

    env = {
        "GIT_AUTHOR_DATE": f"{date}T10:00:00Z",
        "GIT_COMMITTER_DATE": f"{date}T10:00:00Z",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def test_plan_as_of_a_past_date_reads_page_dates_as_they_were(market: Path):
    git(market, "2026-10-01", "init", "-q")
    git(market, "2026-10-01", "add", "content")
    git(market, "2026-10-01", "commit", "-qm", "pages")
    project = load(market)
    ingest_reports(project)
    from aeoloop.evolve import plan_with_store

    def plan_at(day: dt.date):
        store = open_store(project)
        try:
            return plan_with_store(project, store, None, day)[0]
        finally:
            store.close()

    def stripped(plan) -> dict:  # the plan without the notes on how pages were read
        data = plan.as_dict()
        for e in data["pages"]:
            e["reasons"] = [r for r in e["reasons"] if not r.startswith("Read as of")]
        return data

    first = plan_at(AS_OF)
    before = first.by_page()["index.md"]
    assert "Last updated 2025-06-01 (525 days before 2026-11-08)" in before.reasons
    # a month later the index page is refreshed: its front matter now says 2026-12-01
    page = market / "content" / "index.md"
    page.write_text(page.read_text().replace("updated: 2025-06-01", "updated: 2026-12-01") + "\nNew text.\n")
    git(market, "2026-12-01", "commit", "-qam", "refresh the index")
    replay = plan_at(AS_OF)
    later = replay.by_page()["index.md"]
    # the plan for 2026-11-08 still sees the page as it was then: no negative age, not "changed"
    assert "Last updated 2025-06-01 (525 days before 2026-11-08)" in later.reasons and not later.must
    assert (
        "Read as of 2026-11-08 from the git history (changed since; dated 2025-06-01 then, 2026-12-01 now)"
        in later.reasons
    )
    assert stripped(replay) == stripped(first)  # re-running later gives the same plan
    page.write_text(page.read_text() + "\nAn uncommitted edit.\n")  # working-tree edits are after the date too
    assert stripped(plan_at(AS_OF)) == stripped(first)
    assert plan_at(dt.date(2026, 12, 1)).by_page()["index.md"].must  # as of the edit, it is changed
    # and a page first committed after the date did not exist then
    (market / "content" / "new.md").write_text(page_text("New", "2026-12-02", []))
    git(market, "2026-12-02", "add", "content")
    git(market, "2026-12-02", "commit", "-qm", "new page")
    new = plan_at(AS_OF).by_page()["new.md"]
    assert "Not in the git history on 2026-11-08 (it was added later): no date or content then" in new.reasons


def test_plan_as_of_without_history_says_the_date_is_unknown(market: Path):
    page = market / "content" / "index.md"
    page.write_text(page.read_text().replace("updated: 2025-06-01", "updated: 2026-12-01"))
    project = load(market)
    ingest_reports(project)
    from aeoloop.evolve import plan_with_store

    store = open_store(project)
    try:
        entry = plan_with_store(project, store, None, AS_OF)[0].by_page()["index.md"]
    finally:
        store.close()
    assert entry.components["staleness"].value == 0 and entry.components["staleness"].detail["age_days"] is None
    assert any(
        r.startswith("Page date as of 2026-11-08 unknown (it now says 2026-12-01; not a git work tree)")
        for r in entry.reasons
    ), entry.reasons


def test_plan_from_reports_without_dates_says_so(market: Path):
    """Only an undated export (Search Console's period export): the plan has no date to count back
    from, and says which reports carry none instead of "no reports ingested yet"."""
    from click.testing import CliRunner

    from aeoloop.cli import main

    for name in ("citations.csv", "access.log"):
        (market / "reports" / name).unlink()
    args = ["plan", "-f", str(market / "mkdocs.yml")]
    assert CliRunner().invoke(main, ["ingest", "-f", str(market / "mkdocs.yml")]).exit_code == 0
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "note: the ingested reports carry no dates (reports/Pages.csv)" in text
    assert "ingest a dated export" in text and "No reports ingested yet" not in text
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)
    assert data["notes"][0].startswith("the ingested reports carry no dates (reports/Pages.csv)")


def test_plan_as_of_reads_exports_without_dates_by_the_date_they_were_known(market: Path):
    """A Search Console export names no dates: it counts from its last git commit (or the day it
    was ingested), so a later export does not change the plan for an earlier date."""
    from click.testing import CliRunner

    from aeoloop.cli import main
    from aeoloop.evolve import plan_with_store

    git(market, "2026-11-01", "init", "-q")
    git(market, "2026-11-01", "add", "content", "reports")
    git(market, "2026-11-01", "commit", "-qm", "pages and the first exports")
    project = load(market)
    ingest_reports(project)

    def plan_at(day: dt.date | None):
        store = open_store(project)
        try:
            return plan_with_store(project, store, None, day)[0]
        finally:
            store.close()

    def impressions(plan) -> float:
        return plan.by_page()["guides/oee.md"].components["opportunity"].detail["impressions"]

    first = plan_at(AS_OF)
    assert impressions(first) == 2600
    assert first.notes == [
        "reports/Pages.csv (search export without dates): read as known from 2026-11-01 (its last git commit)"
    ]
    # a month later a new export says the OEE page had ten times the impressions
    newer = (MARKET / "Pages.csv").read_text().replace(",120,2600,", ",1200,26000,")
    (market / "reports" / "Pages-december.csv").write_text(newer)
    git(market, "2026-12-03", "add", "reports")
    git(market, "2026-12-03", "commit", "-qm", "december export")
    ingest_reports(project)
    replay = plan_at(AS_OF)
    assert replay.as_dict()["pages"] == first.as_dict()["pages"]  # the plan for 2026-11-08 is what it was
    assert (
        "reports/Pages-december.csv (search export without dates): left out, known only from 2026-12-03 "
        "(its last git commit), after 2026-11-08"
    ) in replay.notes
    assert impressions(plan_at(None)) == 26000  # the plan as of the latest report date reads the newest export
    later = plan_at(dt.date(2026, 12, 5))
    assert impressions(later) == 26000 and later.notes[-1].startswith(
        "Of the exports without dates known by 2026-12-05"
    )
    # an export not committed yet counts from the day it was ingested, and the plan says so
    (market / "reports" / "Pages-draft.csv").write_text(newer.replace(",1200,26000,", ",5,50,"))
    ingest_reports(project)
    result = CliRunner().invoke(main, ["plan", "-f", str(market / "mkdocs.yml"), "--as-of", "2026-11-08"])
    assert result.exit_code == 0, result.output
    assert "note: reports/Pages-draft.csv (search export without dates): left out, known only from" in result.output
    assert "(the day it was ingested), after 2026-11-08" in result.output
    data = json.loads(
        CliRunner()
        .invoke(main, ["plan", "-f", str(market / "mkdocs.yml"), "--as-of", "2026-11-08", "--format", "json"])
        .output
    )
    assert data["pages"] == json.loads(json.dumps(first.as_dict()["pages"]))


def test_backtest_replays_weekly_plans_and_scores_them_against_what_followed(market: Path):
    from click.testing import CliRunner

    from aeoloop.cli import main

    cfg = str(market / "mkdocs.yml")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "-f", cfg]).exit_code == 0
    result = runner.invoke(
        main, ["plan", "-f", cfg, "--backtest", "2026-10-11..2026-11-08", "--picks", "2", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    weeks = {w["as_of"]: w for w in data["weeks"]}
    assert list(weeks) == ["2026-10-11", "2026-10-18", "2026-10-25", "2026-11-01", "2026-11-08"]
    # a week is scored when the 14 days after it are in the reports (they end on 2026-11-08)
    assert [w["scored"] for w in weeks.values()] == [True, True, True, False, False]
    assert weeks["2026-11-08"]["note"] == "not scored: the 14 days after it reach past the latest report (2026-11-08)"
    # each week's picks are the plan as of that date
    as_of = json.loads(runner.invoke(main, ["plan", "-f", cfg, "--as-of", "2026-10-25", "--format", "json"]).output)
    assert weeks["2026-10-25"]["picks"] == [e["page"] for e in as_of["pages"] if e["score"] > 0 and not e["locked"]][:2]
    # the outcome is the picked pages' citations in the 14 days after vs the 14 days up to the date
    store = open_store(load(market))
    try:

        def cited(page: str, first: str, last: str) -> float:
            path = (
                "/" + page.removesuffix("index.md").removesuffix(".md") + ("/" if not page.endswith("index.md") else "")
            )
            return store.q(
                "SELECT coalesce(sum(count), 0) FROM citations WHERE path = ? AND date BETWEEN ? AND ?",
                [path.replace("//", "/"), first, last],
            )[0][0]

        week = weeks["2026-10-25"]
        assert week["picked"]["before"] == sum(cited(p, "2026-10-12", "2026-10-25") for p in week["picks"])
        assert week["picked"]["after"] == sum(cited(p, "2026-10-26", "2026-11-08") for p in week["picks"])
    finally:
        store.close()
    s = data["summary"]
    assert s["scored_weeks"] == 3 and s["picked_page_weeks"] == 6
    table = runner.invoke(main, ["plan", "-f", cfg, "--backtest", "2026-10-11..2026-11-08"])
    assert table.exit_code == 0, table.output
    assert "Backtest 2026-10-11..2026-11-08 · 5 weekly plans, 3 scored · 4 picks a week" in table.output
    assert "Over 3 scored weeks the picked pages" in table.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--backtest", "2025-01-05..2025-03-01"],
            "no reports in 2025-01-05..2025-03-01: the citation reports cover 2026-09-28..2026-11-08",
        ),
        (["--backtest", "2026-10-11"], "is not a range; write FROM..TO"),
        (["--backtest", "2026-11-08..2026-10-11"], "FROM is after TO"),
        (["--backtest", "2026-10-11..soon"], "FROM and TO must be dates"),
        (["--backtest", "2026-10-11..2026-11-08", "--as-of", "2026-11-01"], "leave out --as-of"),
        (["--picks", "3"], "--picks only applies with --backtest"),
    ],
)
def test_backtest_bad_input(market: Path, args: list[str], message: str):
    from click.testing import CliRunner

    from aeoloop.cli import main

    cfg = str(market / "mkdocs.yml")
    assert CliRunner().invoke(main, ["ingest", "-f", cfg]).exit_code == 0
    result = CliRunner().invoke(main, ["plan", "-f", cfg, *args])
    assert result.exit_code == 2 and message in " ".join(result.output.split()), result.output


def test_backtest_without_reports(make_site: Callable[..., Path]):
    from click.testing import CliRunner

    from aeoloop.cli import main

    root = make_site(config={"site_url": SITE})
    result = CliRunner().invoke(main, ["plan", "-f", str(root / "mkdocs.yml"), "--backtest", "2026-10-11..2026-11-08"])
    assert result.exit_code == 2 and "nothing ingested yet: nothing to replay" in result.output, result.output


# --- anomalies --------------------------------------------------------------------------------


def seasonal(days: int, weekday: float, weekend: float, end: dt.date) -> list[tuple[dt.date, float]]:
    start = end - dt.timedelta(days=days - 1)
    out = []
    for i in range(days):
        d = start + dt.timedelta(days=i)
        out.append((d, weekend if d.weekday() >= 5 else weekday))
    return out


def run(
    series: list[tuple[dt.date, float]], end: dt.date, covered: set[dt.date] | None = None
) -> list[anomalies.Anomaly]:
    days = {d for d, _ in series} if covered is None else covered
    pts = [("p.md", "chatgpt", d, v) for d, v in series if d in days]
    return anomalies.detect(pts, {"chatgpt": days}, end, "citations")


END = dt.date(2026, 11, 8)  # a Sunday


def test_weekly_seasonality_is_not_an_anomaly():
    assert run(seasonal(35, 20, 4, END), END) == []


def test_injected_day_drop_is_found_on_its_day():
    series = dict(seasonal(35, 20, 4, END))
    wednesday = dt.date(2026, 11, 4)
    series[wednesday] = 2
    found = run(sorted(series.items()), END)
    assert len(found) == 1
    a = found[0]
    assert (a.kind, a.level, a.date, a.value, a.baseline) == ("drop", "day", wednesday, 2, 20)
    assert a.z < -3.5
    assert "dropped on Wed 2026-11-04: 2 vs 20 on a usual Wednesday (-90%" in a.describe("ChatGPT")


def test_injected_week_drop_is_found_at_week_level():
    series = dict(seasonal(35, 20, 4, END))
    for d in list(series):
        if d > END - dt.timedelta(days=7):
            series[d] = series[d] * 0.5
    found = run(sorted(series.items()), END)
    assert [(a.kind, a.level) for a in found] == [("drop", "week")]
    assert found[0].value == pytest.approx(54) and found[0].baseline == pytest.approx(108)


def test_spike_and_small_counts():
    series = dict(seasonal(35, 3, 1, END))
    series[dt.date(2026, 11, 5)] = 30
    found = run(sorted(series.items()), END)
    assert found and found[0].kind == "spike" and found[0].strength <= 0.5
    # 1 -> 0 on a weekend is noise, not an anomaly
    quiet = dict(seasonal(35, 3, 1, END))
    quiet[dt.date(2026, 11, 7)] = 0
    assert run(sorted(quiet.items()), END) == []


def test_missing_days_are_not_drops():
    series = seasonal(35, 20, 4, END)
    covered = {d for d, _ in series if d < dt.date(2026, 11, 4)}  # the tool stopped running on the 4th
    assert run(series, END, covered) == []


def poisson_series(
    rng, n_pages: int, rate: float, end: dt.date, days: int = 35
) -> list[tuple[str, str, dt.date, float]]:
    start = end - dt.timedelta(days=days - 1)
    return [
        (f"p{i}.md", "chatgpt", start + dt.timedelta(days=d), float(x))
        for i in range(n_pages)
        for d, x in enumerate(rng.poisson(rate, days))
    ]


def test_exact_tails_match_a_direct_sum():
    import math

    import numpy as np

    def pois_le(x: int, mu: float) -> float:
        return sum(math.exp(-mu + k * math.log(mu) - math.lgamma(k + 1)) for k in range(x + 1))

    inf = float("inf")
    p = anomalies.two_sided_p(
        np.array([0.0, 5, 60, 3]),
        np.array([5.0, 35, 35, 1]),
        np.array([inf, inf, inf, inf]),
        np.array([True, True, False, False]),
    )
    assert p[0] == pytest.approx(2 * math.exp(-5), rel=1e-9)
    assert p[1] == pytest.approx(2 * pois_le(5, 35), rel=1e-9)
    assert p[2] == pytest.approx(2 * (1 - pois_le(59, 35)), rel=1e-6)
    assert p[3] == pytest.approx(2 * (1 - pois_le(2, 1)), rel=1e-9)
    r, mu = 19.5, 4.875  # negative binomial: direct sum of its mass function
    nb = [
        math.exp(
            math.lgamma(k + r)
            - math.lgamma(r)
            - math.lgamma(k + 1)
            + r * math.log(r / (r + mu))
            + k * math.log(mu / (r + mu))
        )
        for k in range(40)
    ]
    q = anomalies.two_sided_p(np.array([0.0, 15]), np.array([mu, mu]), np.array([r, r]), np.array([True, False]))
    assert q[0] == pytest.approx(2 * nb[0], rel=1e-9) and q[1] == pytest.approx(2 * sum(nb[15:]), rel=1e-6)
    z = np.array([0.01, 0.5, 1.0, 2.5, 7.0, 10.0, 100.0, 1e5])
    assert np.allclose(anomalies.lgamma(z), [math.lgamma(v) for v in z], rtol=1e-10, atol=1e-10)


def test_a_poisson_day_at_zero_is_no_anomaly_among_many_healthy_series():
    import numpy as np

    rng = np.random.default_rng(7)
    pts = poisson_series(rng, 200, 5.0, END)
    wednesday = dt.date(2026, 11, 4)
    pts = [(p, s, d, 0.0 if (p == "p0.md" and d == wednesday) else v) for p, s, d, v in pts]
    found = anomalies.detect(pts, {"chatgpt": {d for _, _, d, _ in pts}}, END, "citations")
    assert not [a for a in found if a.page == "p0.md"]
    # and 200 healthy Poisson(5) pages x 8 tests carry next to no findings at all (the old robust
    # z on the square-root scale flagged about a fifth of such pages each week)
    assert len({a.page for a in found}) <= 2, [a.describe() for a in found]


def test_a_real_weekly_drop_is_an_anomaly_among_many_healthy_series():
    import numpy as np

    rng = np.random.default_rng(11)
    pts = poisson_series(rng, 200, 5.0, END)
    last_week = END - dt.timedelta(days=6)
    # p0 is cited 35 times a week (5 a day), then 5 times in the last week
    drop = [
        ("p0.md", "chatgpt", d, 5.0 if d >= last_week and d.weekday() == 0 else (0.0 if d >= last_week else 5.0))
        for _, _, d, _ in pts[:35]
    ]
    pts = [x for x in pts if x[0] != "p0.md"] + drop
    found = anomalies.detect(pts, {"chatgpt": {d for _, _, d, _ in pts}}, END, "citations")
    mine = [a for a in found if a.page == "p0.md"]
    assert [(a.kind, a.level, a.value, a.baseline) for a in mine] == [("drop", "week", 5.0, 35.0)]
    assert mine[0].p < 1e-6
    text = mine[0].describe("ChatGPT")
    assert text == "ChatGPT citations dropped in the week to 2026-11-08: 5 vs 35 on a usual week (-86%, p < 1e-6)"
    assert "z " not in text


def test_false_discovery_control_spans_every_series_of_a_run():
    one = anomalies.Tests(
        [anomalies.Anomaly("a.md", "citations", "chatgpt", "drop", "week", END, 0, 7, -2.9, 0.004)], 8
    )
    assert [a.page for a in anomalies.control_fdr([one])] == ["a.md"]  # 0.004 <= 0.05 * 1/8
    many = anomalies.Tests([], 232)  # the same test among 240
    assert anomalies.control_fdr([one, many]) == []


# --- digest -----------------------------------------------------------------------------------


def test_digest_says_what_changed_and_what_to_do(market: Path):
    project = load(market)
    ingest_reports(project)
    plan = current_plan(project)
    store = open_store(project)
    try:
        text = render(plan, store, page_index(project, [e.page for e in plan.entries]), project.site_name)
    finally:
        store.close()
    assert text.startswith("# Evolve digest: Acme Guides, week to 2026-11-08\n")
    assert "## What changed since last week" in text and "## What to do" in text
    assert "- **Citations of our pages:** 56 (-11% vs 63): ChatGPT 28 (+0%), Perplexity 28 (-20%)" in text
    # the market's one-week falls (7 -> 0, 14 -> 0 after a week at 0) are no findings after the
    # false-discovery control: the digest lists no anomalies, the losses speak for themselves
    assert "**Anomalies" not in text
    assert "1. **Refresh `guides/predictive-maintenance.md`** (score 75): Lost citations" in text
    assert len(text.splitlines()) < 40  # short enough for Slack


def test_digest_without_data(make_site: Callable[..., Path]):
    project = load(make_site())
    text = render(current_plan(project), None, None, project.site_name)
    assert "No reports ingested yet" in text


# --- budget: a build consumes the plan ------------------------------------------------------


class FakeLlm:
    name = "llm"
    deterministic = False
    calls_per_page = 2


def test_build_schedule_follows_plan_within_budget(market: Path, monkeypatch: pytest.MonkeyPatch):
    project = load(market)
    ingest_reports(project)
    page = market / "content" / "index.md"
    page.write_text(page.read_text() + "\nChanged.\n")  # must, whatever the budget
    pages, _ = project.load_pages()
    plan = current_plan(project, pages)

    sched = schedule(plan, max_pages=3, max_calls=None)
    assert sched.must == ["index.md"]
    assert sched.forced == ["guides/predictive-maintenance.md", "product/monitor.md"]
    assert sched.order[:3] == ["index.md", "guides/predictive-maintenance.md", "product/monitor.md"]
    assert set(sched.order) == {p.src_uri for p in pages}

    by_calls = schedule(plan, max_pages=None, max_calls=4, calls_per_page=2)  # index.md uses 2 of the 4 calls
    assert by_calls.forced == ["guides/predictive-maintenance.md"] and by_calls.calls == 4

    tight = schedule(plan, max_pages=0, max_calls=0)
    assert tight.must == ["index.md"] and tight.forced == []  # new/changed pages are never dropped

    assert schedule(plan, max_pages=None, max_calls=None).forced == []  # no budget: only what changed

    from aeoloop.evolve import budget, options

    def evolve_options(project: Project) -> options.EvolveOptions:  # plugins.aeoloop.evolve
        return options.EvolveOptions(max_pages=2)

    monkeypatch.setattr(options, "options_of", evolve_options)  # (the plan reads it from its module)
    monkeypatch.setattr(budget, "options_of", evolve_options)  # (the budget imports it at its top)
    sched = for_build(project, pages, FakeLlm())
    assert sched is not None and sched.forced == ["guides/predictive-maintenance.md"]

    class Extractive:
        name = "extractive"
        deterministic = True
        calls_per_page = 1

    assert for_build(project, pages, Extractive()) is None  # deterministic: never forced


# --- metrics ----------------------------------------------------------------------------------


def test_loop_metrics(market: Path):
    project = load(market)
    ingest_reports(project)
    store = open_store(project)
    try:
        m = compute(project, store, page_index(project, list(PAGES)))
    finally:
        store.close()
    assert m.months == ["2026-09", "2026-10", "2026-11"]
    oct_ = m.citations["2026-10"]
    assert oct_["own"] > 0 and 0 < oct_["share"] < 1
    assert set(m.citations_by_engine["2026-10"]) == {"chatgpt", "perplexity"}
    assert set(m.crawler_hits["2026-10"]) == {"search", "training"}
    assert m.ai_referrals["2026-10"] > 0
    assert m.experiments == {"2026-09": 0, "2026-10": 0, "2026-11": 0}
    data = m.as_dict()
    assert data["loop_velocity"]["experiments"]["2026-10"] == 0


def test_loop_velocity_counts_only_commits_that_change_a_generated_text(market: Path):
    """A commit that only rewrites manifests (code-version keys) regenerated nothing; a commit that
    changes a page's FAQ and one of its channel files is one regeneration of that page; a deleted
    page is not a regeneration."""
    from aeoloop.evolve.metrics import regenerations_by_month

    gen = market / "generated"
    for src in ("guides/oee", "product/monitor"):
        (gen / src / "faq.md").write_text("Q?\n")
    git(market, "2026-09-03", "init", "-q")
    git(market, "2026-09-03", "add", ".")
    git(market, "2026-09-03", "commit", "-qm", "first build")  # 6 pages generated (2 with a text)
    for manifest in gen.rglob("manifest.json"):
        manifest.write_text(manifest.read_text().replace('"version": 1', '"version": 2'))
    git(market, "2026-10-02", "commit", "-qam", "code-version keys only")
    (gen / "guides/oee/faq.md").write_text("Q, changed?\n")
    (gen / "guides/oee/channels").mkdir()
    (gen / "guides/oee/channels/x-thread.md").write_text("1/ a thread\n")
    git(market, "2026-10-09", "add", ".")
    git(market, "2026-10-09", "commit", "-qm", "oee regenerated")
    (gen / "product/monitor/summary.md").write_text("A summary.\n")
    (gen / "guides/oee/channels/x-thread.md").write_text("1/ another thread\n")
    git(market, "2026-11-05", "add", ".")
    git(market, "2026-11-05", "commit", "-qm", "monitor and oee regenerated")
    shutil.rmtree(gen / "guides/vibration-analysis")
    git(market, "2026-11-20", "commit", "-qam", "page deleted")

    assert regenerations_by_month(load(market)) == {"2026-09": 2, "2026-10": 1, "2026-11": 2}


def test_plan_as_of_on_a_shallow_clone_dates_pages_from_the_manifests_history(market: Path, build_site, tmp_path):
    """Builds at two dates record each page's date in its manifest's ``history``; a shallow clone
    (history starting after the date) plans for the earlier date with the same page dates as the
    full clone, and says where the dates came from. A page first built after the date stays undated."""
    import subprocess

    from click.testing import CliRunner

    from aeoloop.cli import main

    (market / ".gitignore").write_text("site/\n.aeoloop/\n")
    git(market, "2026-10-01", "init", "-q")
    git(market, "2026-10-01", "add", "-A")
    git(market, "2026-10-01", "commit", "-qm", "pages")
    assert build_site(market).regenerated
    git(market, "2026-10-01", "add", "-A")
    git(market, "2026-10-01", "commit", "-qm", "build")
    history = json.loads((market / "generated" / "index" / "manifest.json").read_text())["history"]
    assert history == [
        {"date": "2025-06-01", "sha256": hashlib.sha256(page_text(*PAGES["index.md"]).encode()).hexdigest()}
    ]
    page = market / "content" / "index.md"
    page.write_text(page.read_text().replace("updated: 2025-06-01", "updated: 2026-12-01") + "\nNew text.\n")
    (market / "content" / "new.md").write_text(page_text("New", "2026-12-02", []))
    assert build_site(market).regenerated
    git(market, "2026-12-02", "add", "-A")
    git(market, "2026-12-02", "commit", "-qm", "refresh the index, add a page, build")
    assert [
        e["date"] for e in json.loads((market / "generated" / "index" / "manifest.json").read_text())["history"]
    ] == [
        "2025-06-01",
        "2026-12-01",
    ]
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", market.as_uri(), str(shallow)], check=True, capture_output=True
    )

    def plan(root: Path) -> dict:
        assert CliRunner().invoke(main, ["ingest", "-f", str(root / "mkdocs.yml")]).exit_code == 0
        result = CliRunner().invoke(
            main, ["plan", "-f", str(root / "mkdocs.yml"), "--as-of", "2026-11-08", "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        return {e["page"]: e for e in json.loads(result.output)["pages"]}

    full, clone = plan(market), plan(shallow)
    dates = {p: e["components"]["staleness"]["detail"]["updated"] for p, e in full.items()}
    assert dates == {p: e["components"]["staleness"]["detail"]["updated"] for p, e in clone.items()}
    assert dates["index.md"] == "2025-06-01" and dates["new.md"] is None
    assert (
        "Dated 2025-06-01 as of 2026-11-08 from the history recorded in generated/index/manifest.json "
        "(this clone's history is shallow: `git fetch --unshallow`; it now says 2026-12-01)"
    ) in clone["index.md"]["reasons"]
    assert any(
        r.startswith("Page date as of 2026-11-08 unknown (it now says 2026-12-02; this clone's history is shallow")
        and "the history recorded in generated/new/manifest.json starts later" in r
        for r in clone["new.md"]["reasons"]
    ), clone["new.md"]["reasons"]
    # a malformed history is ignored, and the plan names the file
    manifest = shallow / "generated" / "index" / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"history": [', '"history": [3, '))
    reasons = plan(shallow)["index.md"]["reasons"]
    assert any(
        "generated/index/manifest.json cannot be read or its `history` is malformed, so it was ignored" in r
        for r in reasons
    ), reasons
