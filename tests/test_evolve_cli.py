"""Evolve commands (ingest, plan, digest, metrics) through click's CliRunner on a mini project."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from aeoloop.cli import AeoloopGroup
from aeoloop.evolve.commands import COMMANDS

FIX = Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture
def cli() -> AeoloopGroup:
    return AeoloopGroup(name="aeoloop", commands={c.name: c for c in COMMANDS})


@pytest.fixture
def project(make_site: Callable[..., Path]) -> Path:
    root = make_site(config={"site_url": "https://www.ridgeline-telemetry.example/"})
    (root / "reports").mkdir()
    for name in ("citations.csv", "Pages.csv", "ga4.csv", "otterly.json"):
        shutil.copy(FIX / name, root / "reports" / name)
    (root / "reports" / "README.md").write_text("Exports go here.\n")
    return root


def invoke(cli: AeoloopGroup, root: Path, *args: str):
    return CliRunner().invoke(cli, [args[0], "-f", str(root / "mkdocs.yml"), *args[1:]])


def test_ingest_reports_folder(cli: AeoloopGroup, project: Path):
    result = invoke(cli, project, "ingest")
    assert result.exit_code == 0, result.output
    assert "ingested  reports/citations.csv  [citations-csv]  9 rows (2 quarantined)" in result.output
    assert "reports/citations.csv:12: warning: quarantined: unreadable date 'not-a-date'" in result.output
    assert "reports: 4 new files ingested (24 rows, 3 quarantined)" in result.output
    again = invoke(cli, project, "ingest")
    assert again.exit_code == 0 and "reports: 4 unchanged" in again.output


def test_ingest_backfill_reports_rows_kept_and_superseded(cli: AeoloopGroup, project: Path, tmp_path: Path):
    url = "https://www.ridgeline-telemetry.example/guides/oee/"
    newer = tmp_path / "week-45.csv"
    newer.write_text(
        "date,engine,prompt,cited_url\n" + "".join(f"2026-11-0{d},chatgpt,what is oee,{url}\n" for d in (2, 3, 4))
    )
    older = tmp_path / "week-44-late.csv"  # 10-30..11-03, exported earlier, ingested later
    older.write_text(
        "date,engine,prompt,cited_url\n"
        + "".join(f"{d},chatgpt,what is oee,{url}\n" for d in ("2026-10-30", "2026-10-31", "2026-11-03"))
    )
    assert invoke(cli, project, "ingest", str(newer)).exit_code == 0
    result = invoke(cli, project, "ingest", str(older))
    assert result.exit_code == 0, result.output
    assert "3 rows read: 2 kept, 1 superseded by newer exports" in result.output
    assert "ingest: 1 new file ingested (3 rows read: 2 kept, 1 superseded by newer exports)" in result.output


def test_ingest_paths_and_exit_codes(cli: AeoloopGroup, project: Path):
    ok = invoke(cli, project, "ingest", str(FIX / "access.log"), str(FIX / "cloudflare-truncated.ndjson.gz"))
    assert ok.exit_code == 0, ok.output  # one file loaded: the truncated one is reported, not fatal
    assert "cloudflare-truncated.ndjson.gz:1320: error: the gzip stream is truncated" in ok.output
    only_bad = invoke(cli, project, "ingest", str(FIX / "cloudflare-truncated.ndjson.gz"))
    assert only_bad.exit_code == 2  # bad input that loads nothing
    missing = invoke(cli, project, "ingest", str(project / "nope.csv"))
    assert missing.exit_code == 2 and "nope.csv: error: no such file or directory" in missing.output
    bad_format = invoke(cli, project, "ingest", "--format", "nonsense", str(FIX / "access.log"))
    assert bad_format.exit_code == 2


def test_forced_format_and_listing(cli: AeoloopGroup, project: Path, tmp_path: Path):
    listing = CliRunner().invoke(cli, ["ingest", "--list-formats"])
    assert listing.exit_code == 0
    for name in (
        "citations-csv",
        "profound",
        "peec",
        "superlines",
        "otterly",
        "scrunch",
        "athenahq",
        "search-console",
        "search-console-bulk",
        "ga4",
        "combined-log",
        "cloudfront",
        "cloudflare",
        "vercel",
    ):
        assert name in listing.output
    odd = tmp_path / "weird-name.dat"
    shutil.copy(FIX / "peec.csv", odd)
    result = invoke(cli, project, "ingest", "--format", "peec", str(odd))
    assert result.exit_code == 0 and "[peec]  6 rows" in result.output


def test_quarantine_listing_and_rebuild(cli: AeoloopGroup, project: Path):
    invoke(cli, project, "ingest")
    q = invoke(cli, project, "ingest", "--quarantine")
    assert q.exit_code == 0
    assert "reports/citations.csv:10: expected 7 fields as in the header, found 3" in q.output
    assert "reports/ga4.csv:15: unreadable date '2026-10-06x'" in q.output
    invoke(cli, project, "ingest", str(FIX / "access.log"))
    rebuilt = invoke(cli, project, "ingest", "--rebuild")
    assert rebuilt.exit_code == 0 and "4 new files ingested (24 rows, 3 quarantined)" in rebuilt.output
    assert "1 file(s) ingested from elsewhere are no longer in it" in rebuilt.output


def test_plan_table_and_json(cli: AeoloopGroup, project: Path):
    empty = invoke(cli, project, "plan")
    assert empty.exit_code == 0 and "No reports ingested yet" in empty.output
    invoke(cli, project, "ingest")
    table = invoke(cli, project, "plan")
    assert table.exit_code == 0, table.output
    assert "Plan as of 2026-10-07 (latest report date)" in table.output
    first = invoke(cli, project, "plan", "--format", "json")
    second = invoke(cli, project, "plan", "--format", "json")
    assert first.exit_code == 0 and first.output == second.output
    data = json.loads(first.output)
    assert data["as_of"] == "2026-10-07" and data["pages"][0]["page"] == "oee.md"
    assert set(data["pages"][0]["components"]) == {
        "opportunity",
        "citation_loss",
        "competitors",
        "anomalies",
        "staleness",
        "content_changed",
    }
    assert invoke(cli, project, "plan", "--as-of", "2026-13-01").exit_code == 2


def test_digest_and_metrics(cli: AeoloopGroup, project: Path, tmp_path: Path):
    invoke(cli, project, "ingest")
    out = tmp_path / "digest.md"
    result = invoke(cli, project, "digest", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# Evolve digest: Acme Guides, week to 2026-10-07")
    printed = invoke(cli, project, "digest")
    assert printed.output == text
    metrics = invoke(cli, project, "metrics", "--format", "json")
    assert metrics.exit_code == 0
    data = json.loads(metrics.output)
    assert data["months"] == ["2026-10"] and data["ai_sessions_ga4"]["2026-10"] == 26.0
    assert invoke(cli, project, "metrics").exit_code == 0


def test_commands_outside_a_project(cli: AeoloopGroup, tmp_path: Path):
    result = CliRunner().invoke(cli, ["plan", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 2


def test_digest_and_metrics_agree_on_ai_referred_visits(cli: AeoloopGroup, project: Path):
    """One definition (access-log visits + GA4 sessions from AI engines) for both commands: on
    the example the digest said 127 and the metrics table 0, which counted the logs alone."""
    import datetime as dt
    import re

    from aeoloop.evolve import open_store, page_index
    from aeoloop.evolve.referrals import by_day, total
    from aeoloop.project import Project

    assert invoke(cli, project, "ingest", "reports", str(FIX / "access.log")).exit_code == 0
    digest = invoke(cli, project, "digest").output
    metrics = json.loads(invoke(cli, project, "metrics", "--format", "json").output)
    loaded = Project.load(project / "mkdocs.yml")
    store = open_store(loaded)
    try:
        days = by_day(store, page_index(loaded, [u for u, _ in loaded.page_paths()]))
    finally:
        store.close()
    assert days and any(r.logs for r in days.values()) and any(r.ga4 for r in days.values())
    as_of = dt.date.fromisoformat(re.search(r"week to (\d{4}-\d\d-\d\d)", digest).group(1))
    week = total(days, as_of - dt.timedelta(days=6), as_of)
    shown = float(re.search(r"\*\*AI-referred visits:\*\* ([\d,]+)", digest).group(1).replace(",", ""))
    assert shown == round(week.visits) > 0
    for month, value in metrics["ai_referred_visits"].items():
        in_month = [r for d, r in days.items() if d.strftime("%Y-%m") == month]
        assert value == round(sum(r.visits for r in in_month), 4)
        assert value == metrics["ai_referred_visits_logs"].get(month, 0) + metrics["ai_sessions_ga4"].get(month, 0)
    table = invoke(cli, project, "metrics").output
    assert "AI-referred" in table and "access-log visits + GA4 sessions" in table


def test_tables_fold_instead_of_cutting(cli: AeoloopGroup, project: Path):
    """At 80 columns a long page path wraps onto the next line; nothing is cut with an ellipsis."""
    invoke(cli, project, "ingest")
    result = CliRunner().invoke(cli, ["plan", "-f", str(project / "mkdocs.yml")], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    table_lines = [line for line in result.output.splitlines()[1:]]
    assert all(len(line) <= 80 for line in table_lines), max(len(line) for line in table_lines)
