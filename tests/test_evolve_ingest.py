"""Evolve ingest: every report format, detection, idempotence, replacement of dated aggregates,
quarantine, transactions, normalization and bounded memory."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.evolve import adapters
from aeoloop.evolve.adapters.base import Context, Source
from aeoloop.evolve.ingest import ingest_files
from aeoloop.evolve.normalize import (
    ClfTime,
    DateParser,
    IpHasher,
    PageIndex,
    canonical_path,
    normalize_engine,
    parse_number,
    parse_percent,
    referrer_engine,
    source_engine,
    split_url,
)
from aeoloop.evolve.records import FileError
from aeoloop.evolve.store import Store

FIX = Path(__file__).parent / "fixtures" / "reports"

EXPECTED_FORMAT = {
    "citations.csv": "citations-csv",
    "profound.csv": "profound",
    "peec.csv": "peec",
    "superlines.csv": "superlines",
    "otterly.json": "otterly",
    "scrunch.json": "scrunch",
    "athenahq.ndjson": "athenahq",
    "Pages.csv": "search-console",
    "Queries.csv": "search-console",
    "Chart.csv": "search-console",
    "Seiten-de.csv": "search-console",
    "gsc-bulk.csv": "search-console-bulk",
    "ga4.csv": "ga4",
    "ga4-audiences.csv": "ga4",
    "access-audiences.log": "combined-log",
    "access.log": "combined-log",
    "cloudfront.log": "cloudfront",
    "cloudflare.ndjson.gz": "cloudflare",
    "cloudflare-truncated.ndjson.gz": "cloudflare",
    "vercel.ndjson": "vercel",
}
# file -> (rows stored, rows quarantined)
EXPECTED_ROWS = {
    "citations.csv": (9, 2),
    "profound.csv": (4, 1),
    "peec.csv": (6, 0),
    "superlines.csv": (4, 0),
    "otterly.json": (4, 0),
    "scrunch.json": (4, 0),
    "athenahq.ndjson": (4, 1),
    "Pages.csv": (4, 0),
    "Queries.csv": (3, 0),
    "Chart.csv": (3, 0),
    "Seiten-de.csv": (2, 0),
    "gsc-bulk.csv": (4, 0),
    "ga4.csv": (7, 1),
    "ga4-audiences.csv": (7, 0),
    "access-audiences.log": (5, 0),
    "access.log": (11, 2),
    "cloudfront.log": (2, 1),
    "cloudflare.ndjson.gz": (3, 0),
    "vercel.ndjson": (2, 0),
}


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "evolve.duckdb") as s:
        yield s


def ingest(store: Store, *names: str, root: Path = FIX, **kw):
    return ingest_files(store, [root / n for n in names], root=root, **kw)


def test_every_fixture_has_an_expectation():
    names = {p.name for p in FIX.iterdir() if p.is_file()}
    assert names == set(EXPECTED_FORMAT), "add the new fixture to EXPECTED_FORMAT/EXPECTED_ROWS"
    assert {a.name for a in adapters.all_adapters()} == set(EXPECTED_FORMAT.values())


@pytest.mark.parametrize("name", sorted(EXPECTED_FORMAT))
def test_detects_format(name: str):
    adapter, scores = adapters.detect(Source.open_path(FIX / name))
    assert adapter is not None, scores
    assert adapter.name == EXPECTED_FORMAT[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_ingests_fixture(store: Store, name: str):
    result = ingest(store, name).files[0]
    assert result.status == "ingested", result.message
    assert (result.format, result.rows, result.bad_rows) == (EXPECTED_FORMAT[name], *EXPECTED_ROWS[name])
    table = adapters.get(result.format).kind
    assert store.q(f"SELECT count(*) FROM {table}")[0][0] == result.rows
    assert store.q("SELECT count(*) FROM quarantine")[0][0] == result.bad_rows


def test_generic_citations_normalized(store: Store):
    result = ingest(store, "citations.csv").files[0]
    rows = store.q("SELECT date, engine, host, path FROM citations ORDER BY date, engine, path")
    engines = {r[1] for r in rows}
    assert engines == {"chatgpt", "perplexity", "google-ai-overviews", "gemini", "claude", "copilot", "chat-gptt"}
    # scheme/host aliases, index.html, fragments, UTM parameters, missing trailing slash
    paths = {(r[2], r[3]) for r in rows}
    assert ("ridgeline-telemetry.example", "/guides/oee/") in paths
    assert ("ridgeline-telemetry.example", "/how-to/set-vibration-alarm-thresholds/") in paths
    assert ("ridgeline-telemetry.example", "/guides/predictive-vs-preventive-maintenance/") in paths
    # dates in several formats: ISO, "Oct 6, 2026", 06.10.2026 (day first)
    assert {r[0] for r in rows} == {dt.date(2026, 10, 5), dt.date(2026, 10, 6), dt.date(2026, 10, 7)}
    # an unknown engine is kept under its own name, with a warning that says so
    assert any("unknown engine 'Chat GPTT'" in w[1] for w in result.warnings)


def test_generic_csv_native_and_streaming_paths_agree(tmp_path: Path):
    """The DuckDB fast path and the Python streaming path store the same rows and quarantine the
    same lines for the same reasons."""
    out = []
    for native in (True, False):
        with Store(tmp_path / f"s{native}.duckdb") as s:
            adapter = adapters.get("citations-csv")
            src = Source.open_path(FIX / "citations.csv", "citations.csv")
            outcome = s.ingest(
                src,
                adapter,
                Context("citations.csv"),
                sha256="x",
                path="citations.csv",
                size=1,
                mtime_ns=0,
                native=native,
            )
            rows = s.q("""SELECT date, engine, prompt, host, path, count, position, brand_mentioned, sentiment
                          FROM citations ORDER BY ALL""")
            bad = s.q("SELECT line, reason FROM quarantine ORDER BY line")
            out.append((outcome.rows, rows, bad))
    assert out[0] == out[1]
    assert [b[0] for b in out[0][2]] == [10, 12]


def test_tool_specific_mappings(store: Store):
    ingest(store, "profound.csv", "peec.csv", "superlines.csv", "otterly.json", "scrunch.json", "athenahq.ndjson")
    by_tool = dict(store.q("SELECT source_tool, list(DISTINCT engine ORDER BY engine) FROM citations GROUP BY 1"))
    assert by_tool["peec"] == ["chatgpt", "claude", "copilot", "google-ai-mode", "google-ai-overviews", "perplexity"]
    assert by_tool["profound"] == ["chatgpt", "google-ai-overviews", "perplexity"]
    assert by_tool["athenahq"] == ["chatgpt", "claude", "perplexity"]
    # Profound: hostname + path when the url column is empty; counts kept
    assert store.q(
        """SELECT count FROM citations WHERE source_tool = 'profound' AND path = '/guides/vibration-analysis/'"""
    ) == [(5.0,)]
    # Superlines: Cited Status -> brand_cited; "Oct 6, 2026"
    assert store.q(
        "SELECT date, brand_cited FROM citations WHERE source_tool = 'superlines' ORDER BY date, brand_cited"
    ) == [
        (dt.date(2026, 10, 5), False),
        (dt.date(2026, 10, 5), True),
        (dt.date(2026, 10, 6), True),
        (dt.date(2026, 10, 6), True),
    ]
    # Otterly: an answer that cites nothing is kept as an answer (no URL, count 0)
    assert store.q("SELECT engine, count FROM citations WHERE source_tool = 'otterly' AND path IS NULL") == [
        ("copilot", 0.0)
    ]
    # Scrunch: envelope read, prompt text or id, answer ids
    assert store.q("SELECT count(DISTINCT answer_id) FROM citations WHERE source_tool = 'scrunch'") == [(3,)]
    # AthenaHQ: the broken NDJSON line is quarantined with its line number, the rest loads
    assert store.q("""SELECT q.line, q.reason LIKE 'broken JSON line: Unterminated string%' FROM quarantine q
                      JOIN files f USING (file_id) WHERE f.format = 'athenahq'""") == [(3, True)]


def test_search_console_exports(store: Store):
    ingest(store, "Pages.csv", "Queries.csv", "Chart.csv", "Seiten-de.csv", "gsc-bulk.csv")
    pages = dict(
        store.q(
            "SELECT path, ctr FROM search WHERE source_tool = 'search-console' AND path IS NOT NULL AND impressions = 4120"
        )
    )
    assert pages == {"/guides/predictive-maintenance/": pytest.approx(0.0442)}
    assert store.q("SELECT position FROM search WHERE path = '/' AND source_tool = 'search-console'") == [(None,)]
    queries = {
        r[0] for r in store.q("SELECT query FROM search WHERE query IS NOT NULL AND source_tool = 'search-console'")
    }
    assert queries == {"predictive maintenance", "oee formula", "vibration alarm thresholds"}
    assert store.q("SELECT count(*) FROM search WHERE date IS NOT NULL AND source_tool = 'search-console'") == [(3,)]
    # localized: ';', thousands dot, decimal comma, "0,97 %"
    de = store.q("""SELECT impressions, ctr, position FROM search s JOIN files f USING (file_id)
                    WHERE f.path = 'Seiten-de.csv' AND s.path = '/it/manutenzione-predittiva/'""")
    assert de == [(1240.0, pytest.approx(0.0097), pytest.approx(9.4))]
    # bulk export: average position = sum_position / impressions + 1, repeated keys all kept
    bulk = store.q("""SELECT sum(impressions), sum(position * impressions) / sum(impressions) FROM search
                      WHERE source_tool = 'search-console-bulk' AND query = 'oee formula'""")
    assert bulk == [(150.0, pytest.approx((840 / 120 + 1) * 120 / 150 + (150 / 30 + 1) * 30 / 150))]


def test_ga4_tables_and_ai_sources(store: Store):
    result = ingest(store, "ga4.csv").files[0]
    assert [(b.line, b.reason.split(" (")[0]) for b in result.samples] == [(15, "unreadable date '2026-10-06x'")]
    rows = store.q("SELECT grain, path, source, ai_engine, sessions FROM sessions ORDER BY grain, path, source")
    grains = {r[0] for r in rows}
    assert grains == {"date+page+source", "date+source"}
    ai = {(r[1], r[3]) for r in rows if r[0] == "date+page+source" and r[3]}
    assert ai == {
        ("/guides/predictive-maintenance/", "chatgpt"),
        ("/guides/oee/", "chatgpt"),
        ("/product/ridgeline-monitor/", "perplexity"),
        ("/how-to/set-vibration-alarm-thresholds/", "claude"),
    }
    assert ("date+page+source", "/guides/predictive-maintenance/", "google", None, 1120.0) in rows


def test_access_log_classification(store: Store, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AEOLOOP_IP_HMAC_KEY", "test-key")
    result = ingest(store, "access.log").files[0]
    assert [(b.line, b.reason.split(" [")[0]) for b in result.samples] == [
        (10, "not a Combined/Common Log Format line"),
        (13, "unreadable time"),
    ]
    rows = store.q("SELECT line, ts, path, crawler, purpose, ai_engine, class, user_agent FROM visits_v ORDER BY line")
    by_line = {r[0]: r for r in rows}
    assert by_line[1][3:5] == ("GPTBot", "training")
    assert by_line[2][3:5] == ("OAI-SearchBot", "search")
    assert by_line[3][5:7] == ("chatgpt", "ai-referral")
    assert by_line[3][1] == dt.datetime(2026, 10, 5, 6, 2, 51)  # +0200 -> UTC
    assert by_line[4][2] == "/how-to/set-vibration-alarm-thresholds/" and by_line[4][5] == "perplexity"
    assert by_line[5][6] == "other"  # Googlebot is not an AI crawler
    assert by_line[6][4] == by_line[7][4] == "user"  # identical lines: two requests, never deduplicated
    assert by_line[8][2] == "/guides/oee/"  # the .md mirror maps to its page
    assert by_line[12][7] == 'curl/8.5 "quoted"'  # escaped quotes (slow path)


def test_client_ips_never_stored_in_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for key in (None, "secret"):
        if key:
            monkeypatch.setenv("AEOLOOP_IP_HMAC_KEY", key)
        else:
            monkeypatch.delenv("AEOLOOP_IP_HMAC_KEY", raising=False)
        db = tmp_path / f"ip-{key}.duckdb"
        with Store(db) as s:
            ingest(s, "access.log", "cloudfront.log", "cloudflare.ndjson.gz", "vercel.ndjson")
            hashes = s.q("SELECT count(ip_hash), count(*) FROM visits")[0]
            s.con.execute("CHECKPOINT")
        assert hashes[0] == (hashes[1] if key else 0)
        data = db.read_bytes()
        for ip in (b"198.51.100.23", b"192.0.2.10", b"192.0.2.50", b"192.0.2.60"):
            assert ip not in data
    hasher = IpHasher("secret")
    assert hasher("198.51.100.23") == IpHasher("secret")("198.51.100.23") != IpHasher("other")("198.51.100.23")
    assert IpHasher("")("198.51.100.23") is None


def test_cdn_and_platform_logs(store: Store):
    ingest(store, "cloudfront.log", "cloudflare.ndjson.gz", "vercel.ndjson")
    rows = store.q(
        "SELECT f.format, v.ts, v.path, v.crawler, v.ai_engine, v.host FROM visits_v v JOIN files f USING (file_id) ORDER BY 1, 2"
    )
    cf = [r for r in rows if r[0] == "cloudfront"]
    assert cf[0][3] == "ClaudeBot"  # URL-encoded user agent decoded
    assert cf[1][4] == "chatgpt" and cf[1][5] == "ridgeline-telemetry.example"  # utm in cs-uri-query; x-host-header
    flare = [r for r in rows if r[0] == "cloudflare"]
    assert [r[1] for r in flare] == [
        dt.datetime(2025, 10, 5, 14, 0),
        dt.datetime(2025, 10, 5, 14, 3, 20, 123000),
        dt.datetime(2026, 10, 5, 14, 0, 1),
    ]  # ns, ms and ISO timestamps
    vercel = [r for r in rows if r[0] == "vercel"]
    assert [(r[3], r[4]) for r in vercel] == [("OAI-SearchBot", None), (None, "chatgpt")]


def test_truncated_gzip_stores_nothing(store: Store):
    result = ingest(store, "cloudflare-truncated.ndjson.gz").files[0]
    assert result.status == "error"
    assert "truncated" in (result.message or "") and result.line and result.line > 1000
    assert store.q("SELECT count(*) FROM files")[0][0] == 0
    assert store.q("SELECT count(*) FROM visits")[0][0] == 0
    d = result.diagnostics()[0]
    assert str(d).startswith(f"cloudflare-truncated.ndjson.gz:{result.line}: error: the gzip stream is truncated")


# --- idempotence, replacement, quarantine, transactions ---------------------------------------


def table_counts(store: Store) -> dict[str, int]:
    return {
        t: store.q(f"SELECT count(*) FROM {t}")[0][0]
        for t in ("files", "citations", "search", "sessions", "visits", "quarantine")
    }


def test_ingest_is_idempotent(store: Store, tmp_path: Path):
    files = sorted(p for p in FIX.iterdir() if p.is_file())
    first = ingest_files(store, files, root=FIX)
    counts = table_counts(store)
    second = ingest_files(store, files, root=FIX)
    assert table_counts(store) == counts
    assert {f.status for f in second.files} == {"skipped", "error"}  # the truncated file fails again
    assert len(second.ingested) == 0 and len(first.ingested) == len(EXPECTED_ROWS)
    # the same content under another name adds nothing either
    copy = tmp_path / "renamed-export.csv"
    shutil.copy(FIX / "profound.csv", copy)
    again = ingest_files(store, [copy], root=tmp_path).files[0]
    assert again.status == "skipped" and "same content as profound.csv" in (again.message or "")
    assert table_counts(store) == counts


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


EXPORT_1 = """\
    date,engine,prompt,cited_url
    2026-10-01,chatgpt,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-01,chatgpt,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-02,chatgpt,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-03,perplexity,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
"""
# a later export covering 2026-10-02..04: 10-02 and 10-03 restated, 10-04 new
EXPORT_2 = """\
    date,engine,prompt,cited_url
    2026-10-02,chatgpt,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-02,chatgpt,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-02,chatgpt,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-03,perplexity,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-04,perplexity,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
"""


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_later_export_replaces_dated_aggregates(tmp_path: Path, order: tuple[str, str]):
    a = write(tmp_path / "a.csv", EXPORT_1)
    b = write(tmp_path / "b.csv", EXPORT_2)
    with Store(tmp_path / f"{order}.duckdb") as s:
        results = ingest_files(s, [{"a": a, "b": b}[x] for x in order], root=tmp_path)
        per_day = s.q("SELECT date, engine, sum(count) FROM citations GROUP BY ALL ORDER BY ALL")
        replaced = sum(r.replaced for r in results.files)
    # 10-01 from the first export (2 citations), 10-02..04 from the later one: never summed
    assert per_day == [
        (dt.date(2026, 10, 1), "chatgpt", 2.0),
        (dt.date(2026, 10, 2), "chatgpt", 3.0),
        (dt.date(2026, 10, 3), "perplexity", 1.0),
        (dt.date(2026, 10, 4), "perplexity", 1.0),
    ]
    assert replaced == (2 if order == ("a", "b") else 0)


# an older export than EXPORT_2 (09-30..10-03), ingested after it: 10-02 and 10-03 are restated by
# the newer export, 09-30 and 10-01 are periods no newer export covers (a backfill)
EXPORT_OLD = """\
    date,engine,prompt,cited_url
    2026-09-30,chatgpt,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-01,chatgpt,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-02,chatgpt,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
    2026-10-03,perplexity,what is oee,https://www.ridgeline-telemetry.example/guides/oee/
"""


def test_backfill_older_export_after_a_newer_one_says_what_it_kept(tmp_path: Path):
    newer = write(tmp_path / "b.csv", EXPORT_2)
    older = write(
        tmp_path / "old.csv", EXPORT_OLD.replace("2026-09-30", "2026-10-02").replace("2026-10-01", "2026-10-02")
    )
    with Store(tmp_path / "s.duckdb") as s:
        ingest_files(s, [newer], root=tmp_path)
        before = s.q("SELECT date, engine, sum(count) FROM citations GROUP BY ALL ORDER BY ALL")
        summary = ingest_files(s, [older], root=tmp_path)
        # every row of the older file is restated by the newer one: nothing of it is kept, and
        # the line says so (it used to say "3 rows" and keep 0)
        assert s.q("SELECT date, engine, sum(count) FROM citations GROUP BY ALL ORDER BY ALL") == before
        f = summary.files[0]
        assert (f.rows, f.kept, f.superseded, f.replaced) == (4, 0, 4, 0)
        assert summary.line() == "reports: 1 new file ingested (4 rows read: 0 kept, 4 superseded by newer exports)"


def test_backfill_fills_periods_no_newer_export_covers(tmp_path: Path):
    newer = write(tmp_path / "b.csv", EXPORT_2)
    older = write(tmp_path / "old.csv", EXPORT_OLD)
    with Store(tmp_path / "s.duckdb") as s:
        ingest_files(s, [newer], root=tmp_path)
        summary = ingest_files(s, [older], root=tmp_path)
        per_day = s.q("SELECT date, engine, sum(count) FROM citations GROUP BY ALL ORDER BY ALL")
        assert per_day == [
            (dt.date(2026, 9, 30), "chatgpt", 1.0),
            (dt.date(2026, 10, 1), "chatgpt", 1.0),
            (dt.date(2026, 10, 2), "chatgpt", 3.0),
            (dt.date(2026, 10, 3), "perplexity", 1.0),
            (dt.date(2026, 10, 4), "perplexity", 1.0),
        ]
        f = summary.files[0]
        assert (f.rows, f.kept, f.superseded) == (4, 2, 2)
        assert "(4 rows read: 2 kept, 2 superseded by newer exports)" in summary.line()
        # idempotent still: the same files again add nothing, in either order
        again = ingest_files(s, [older, newer], root=tmp_path)
        assert {x.status for x in again.files} == {"skipped"}
        assert s.q("SELECT date, engine, sum(count) FROM citations GROUP BY ALL ORDER BY ALL") == per_day
    with Store(tmp_path / "t.duckdb") as t:  # the natural order gives the same facts
        summary = ingest_files(t, [older, newer], root=tmp_path)
        assert t.q("SELECT date, engine, sum(count) FROM citations GROUP BY ALL ORDER BY ALL") == per_day
        assert [(x.kept, x.replaced, x.superseded) for x in summary.files] == [(4, 0, 0), (5, 2, 0)]
        assert "2 replaced" in summary.line()


def test_log_lines_are_never_replaced(store: Store, tmp_path: Path):
    line = '203.0.113.9 - - [05/Oct/2026:10:00:00 +0000] "GET /guides/oee/ HTTP/1.1" 200 10 "-" "GPTBot/1.2"\n'
    write(tmp_path / "a.log", line * 3)
    write(tmp_path / "b.log", line * 2 + line.replace("10:00:00", "10:00:01"))
    ingest_files(store, [tmp_path / "a.log", tmp_path / "b.log"], root=tmp_path)
    assert store.q("SELECT count(*) FROM visits") == [(6,)]


def test_quarantine_keeps_file_line_and_reason(store: Store):
    summary = ingest(store, "citations.csv", "access.log")
    rows = store.q(
        "SELECT f.path, q.line, q.reason, q.raw FROM quarantine q JOIN files f USING (file_id) ORDER BY 1, 2"
    )
    assert [(r[0], r[1]) for r in rows] == [
        ("access.log", 10),
        ("access.log", 13),
        ("citations.csv", 10),
        ("citations.csv", 12),
    ]
    assert rows[3][2] == "unreadable date 'not-a-date'; write dates as YYYY-MM-DD"
    assert rows[3][3].startswith("not-a-date,chatgpt")
    messages = [str(d) for d in summary.diagnostics()]
    assert "citations.csv:12: warning: quarantined: unreadable date 'not-a-date'; write dates as YYYY-MM-DD" in messages
    assert "citations.csv:10: warning: quarantined: expected 7 fields as in the header, found 3" in messages
    assert summary.line() == "reports: 2 new files ingested (20 rows, 4 quarantined)"


def fail_after(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """Every adapter streams (no native path) and raises after ``n`` items: a crash mid-file."""
    for adapter in adapters.all_adapters():

        def read(source, ctx, real=adapter.read):  # type: ignore[no-untyped-def]
            for i, item in enumerate(real(source, ctx)):
                if i >= n:
                    raise RuntimeError("injected failure (test)")
                yield item

        monkeypatch.setattr(adapter, "read", read)
        monkeypatch.setattr(adapter, "load_native", None)


@pytest.mark.parametrize("name", ["access.log", "otterly.json", "Pages.csv", "citations.csv"])
def test_failure_mid_file_leaves_store_unchanged(store: Store, name: str, monkeypatch: pytest.MonkeyPatch):
    ingest(store, "peec.csv")
    before = table_counts(store)
    with monkeypatch.context() as patch:
        fail_after(patch, 1)
        failed = ingest(store, name).files[0]  # caught by the ingest's safety net: the build goes on
    assert failed.status == "error" and failed.internal and "injected failure" in (failed.message or "")
    assert table_counts(store) == before
    ok = ingest(store, name).files[0]  # and the file still ingests afterwards
    assert ok.status == "ingested"


def test_big_file_committed_in_steps_still_all_or_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Big files commit every COMMIT_ROWS rows (memory); a failure after such a commit still
    removes every row of the file."""
    import aeoloop.evolve.writer as writer_mod

    monkeypatch.setattr(writer_mod, "COMMIT_ROWS", 10)
    ingest(store, "peec.csv")
    before = table_counts(store)
    big = tmp_path / "big.log"
    big.write_text((FIX / "access.log").read_text() * 20)
    from aeoloop.evolve.adapters import base, logs

    monkeypatch.setattr(
        logs, "byte_chunks", lambda source, size=0: base.byte_chunks(source, 2048)
    )  # many small batches
    with monkeypatch.context() as patch:
        fail_after(patch, 8)
        failed = ingest_files(store, [big], root=tmp_path).files[0]
    assert failed.internal and "injected failure" in (failed.message or "")
    assert table_counts(store) == before
    ok = ingest_files(store, [big], root=tmp_path).files[0]
    assert ok.status == "ingested" and ok.rows == 11 * 20


def test_crash_mid_file_is_recovered_on_next_open(tmp_path: Path):
    """A process killed in the middle of a big ingest leaves a ``loading`` file; the next open
    of the store deletes it, read-only opens included."""
    db = tmp_path / "crash.duckdb"
    with Store(db) as s:
        ingest(s, "peec.csv")
        before = table_counts(s)
    big = tmp_path / "big.log"
    big.write_text((FIX / "access.log").read_text() * 50)
    script = textwrap.dedent(f"""
        import os
        import aeoloop.evolve.store as st
        import aeoloop.evolve.writer as wr
        from pathlib import Path
        from aeoloop.evolve.ingest import ingest_files
        wr.COMMIT_ROWS = 5
        real = wr.Writer._progress
        def progress(self, rows):
            real(self, rows)
            if self.commits >= 2:
                self.drain()
                os._exit(3)  # killed mid-file, after two commits
        wr.Writer._progress = progress
        import aeoloop.evolve.adapters.logs as logs, aeoloop.evolve.adapters.base as base
        logs.byte_chunks = lambda source, size=0: base.byte_chunks(source, 1024)
        with st.Store(Path({str(db)!r})) as s:
            ingest_files(s, [Path({str(big)!r})], root=Path({str(tmp_path)!r}))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 3, proc.stderr
    import duckdb

    raw = duckdb.connect(str(db), read_only=True)
    assert raw.execute("SELECT count(*) FROM files WHERE state = 'loading'").fetchall() == [(1,)]
    assert raw.execute("SELECT count(*) FROM visits").fetchall()[0][0] > 0
    raw.close()
    with Store(db, read_only=True) as s:
        assert table_counts(s) == before


def test_file_that_loads_nothing_is_refused(store: Store, tmp_path: Path):
    bad = write(
        tmp_path / "bad.csv",
        """\
        date,engine,prompt,cited_url
        2026-10-01;chatgpt;what is oee;https://x.example/
        2026-10-02;chatgpt;what is oee;https://x.example/
    """,
    )
    result = ingest_files(store, [bad], root=tmp_path).files[0]
    assert result.status == "error"
    assert "not one row could be read" in (result.message or "")
    assert "looks ';'-separated" in (result.message or "")
    assert table_counts(store)["files"] == 0 and table_counts(store)["quarantine"] == 0


def test_missing_required_column_names_it(store: Store, tmp_path: Path):
    f = write(tmp_path / "c.csv", "date,engine,prompt\n2026-10-01,chatgpt,what is oee\n")
    result = ingest_files(store, [f], root=tmp_path, fmt="citations-csv").files[0]
    assert result.status == "error" and result.line == 1
    assert "missing required column(s) `cited_url`" in (result.message or "")


def test_wrong_delimiter_is_detected(store: Store, tmp_path: Path):
    semi = write(
        tmp_path / "semi.csv",
        """\
        date;engine;prompt;cited_url
        2026-10-01;chatgpt;what is oee;https://www.ridgeline-telemetry.example/guides/oee/
    """,
    )
    tabs = tmp_path / "tabs.csv"
    tabs.write_text("date\tengine\tprompt\tcited_url\n2026-10-01\tgemini\twhat is oee\thttps://x.example/a\n")
    results = ingest_files(store, [semi, tabs], root=tmp_path)
    assert [(r.status, r.rows) for r in results.files] == [("ingested", 1), ("ingested", 1)]


def test_undetectable_file_asks_for_format(store: Store, tmp_path: Path):
    f = write(tmp_path / "notes.csv", "a,b,c\n1,2,3\n")
    result = ingest_files(store, [f], root=tmp_path).files[0]
    assert result.status == "error" and "--format" in (result.message or "")


def test_forced_format(store: Store, tmp_path: Path):
    f = tmp_path / "export.txt"
    shutil.copy(FIX / "citations.csv", f)
    result = ingest_files(store, [f], root=tmp_path, fmt="citations-csv").files[0]
    assert (result.status, result.rows) == ("ingested", 9)


def test_streaming_memory_does_not_grow_with_file_size(tmp_path: Path):
    """Peak RSS of ingesting 100k and 400k log lines (each in a fresh process) differs by
    little: memory is bounded by the chunk and batch sizes, not by the file."""
    script = textwrap.dedent("""
        import resource, sys
        from pathlib import Path
        from aeoloop.evolve.store import Store
        from aeoloop.evolve.ingest import ingest_files
        n, folder = int(sys.argv[1]), Path(sys.argv[2])
        log = folder / f"access-{n}.log"
        uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0", "GPTBot/1.2 (+https://openai.com/gptbot)",
               "Mozilla/5.0 (compatible; PerplexityBot/1.0)"]
        with open(log, "w") as fh:
            for i in range(n):
                fh.write(f'203.0.113.{i % 250} - - [{1 + i % 28:02d}/Oct/2026:{i % 24:02d}:{i % 60:02d}:{i % 59:02d} +0000] '
                         f'"GET /guides/page-{i % 500}/?utm_source=x{i % 7} HTTP/1.1" 200 {i % 9000} '
                         f'"https://ref{i % 50}.example/" "{uas[i % 3]}"\\n')
        with Store(folder / f"s-{n}.duckdb") as s:
            r = ingest_files(s, [log], root=folder).files[0]
        assert r.rows == n, r
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """)
    peaks = {}
    for n in (100_000, 400_000):
        out = subprocess.run(
            [sys.executable, "-c", script, str(n), str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        peaks[n] = int(out.stdout.split()[-1]) / 1024  # MB
    assert peaks[400_000] - peaks[100_000] < 40, peaks


# --- normalization ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("https://www.ridgeline-telemetry.example/guides/oee/", ("ridgeline-telemetry.example", "/guides/oee/", None)),
        ("http://RIDGELINE-telemetry.example:443/guides/oee", ("ridgeline-telemetry.example", "/guides/oee/", None)),
        (
            "https://www.ridgeline-telemetry.example/guides/oee/index.html?utm_source=chatgpt.com#faq",
            ("ridgeline-telemetry.example", "/guides/oee/", "chatgpt.com"),
        ),
        (
            "https://www.ridgeline-telemetry.example/guides/oee.html",
            ("ridgeline-telemetry.example", "/guides/oee/", None),
        ),
        (
            "https://www.ridgeline-telemetry.example/guides/oee/index.html.md",
            ("ridgeline-telemetry.example", "/guides/oee/", None),
        ),
        ("ridgeline-telemetry.example/guides/oee", ("ridgeline-telemetry.example", "/guides/oee/", None)),
        ("/guides//oee/?a=1&utm_source=perplexity", (None, "/guides/oee/", "perplexity")),
        ("/llms.txt", (None, "/llms.txt", None)),
        ("https://x.example/caf%C3%A9/", ("x.example", "/café/", None)),
        ("", (None, None, None)),
        ("-", (None, None, None)),
    ],
)
def test_split_url(raw: str, expected: tuple):
    assert split_url(raw) == expected


def test_page_index_maps_mkdocs_urls():
    index = PageIndex(
        "https://www.ridgeline-telemetry.example/",
        ["index.md", "guides/oee.md", "guides/index.md", "it/manutenzione-predittiva.md"],
        host_aliases=["ridgeline.example"],
    )
    assert index.page("ridgeline-telemetry.example", "/") == "index.md"
    assert index.page("ridgeline-telemetry.example", "/guides/") == "guides/index.md"
    assert index.page("ridgeline.example", "/guides/oee/") == "guides/oee.md"
    assert index.page(None, "/Guides/OEE/") == "guides/oee.md"
    assert index.page("competitor.example", "/guides/oee/") is None
    assert index.url_of["guides/oee.md"] == "https://www.ridgeline-telemetry.example/guides/oee/"
    sub = PageIndex("https://example.com/docs/", ["guides/oee.md"])
    assert sub.page("example.com", "/docs/guides/oee/") == "guides/oee.md"


@pytest.mark.parametrize(
    "raw,engine,known",
    [
        ("ChatGPT", "chatgpt", True),
        ("chatgpt-scraper", "chatgpt", True),
        ("gpt-4o", "chatgpt", True),
        ("Google AI Overview", "google-ai-overviews", True),
        ("google", "google-ai-overviews", True),
        ("google_ai_mode", "google-ai-mode", True),
        ("google-ai-mode-scraper", "google-ai-mode", True),
        ("microsoft-copilot-scraper", "copilot", True),
        ("Microsoft Copilot", "copilot", True),
        ("claude-sonnet-4", "claude", True),
        ("perplexity-sonar", "perplexity", True),
        ("Gemini 2.5 Pro", "gemini", True),
        ("Grok", "grok", True),
        ("Mystery Engine", "mystery-engine", False),
    ],
)
def test_engine_vocabulary(raw: str, engine: str, known: bool):
    assert normalize_engine(raw) == (engine, known)


def test_ai_referrers_and_utm_sources():
    assert referrer_engine("https://chatgpt.com/") == "chatgpt"
    assert referrer_engine("https://www.perplexity.ai/search?q=x") == "perplexity"
    assert referrer_engine("https://gemini.google.com/app") == "gemini"
    assert referrer_engine("https://edgeservices.bing.com/edgesvc/chat") == "copilot"
    assert referrer_engine("android-app://com.openai.chatgpt/") == "chatgpt"
    assert referrer_engine("https://www.google.com/") is None
    assert referrer_engine("-") is None
    assert source_engine("chatgpt.com") == "chatgpt" and source_engine("perplexity") == "perplexity"
    assert source_engine("google") is None and source_engine("(direct)") is None


def test_numbers_and_dates():
    assert parse_number("1,234") == 1234 and parse_number("1.234", ",") == 1234
    assert parse_percent("2,00 %", ",") == pytest.approx(0.02) and parse_percent("16.67%") == pytest.approx(0.1667)
    assert parse_number("") is None and parse_number("n/a") is None
    d = DateParser()
    d.learn(["03/04/2026", "25/04/2026"])
    assert d("03/04/2026") == dt.date(2026, 4, 3)  # learned: day first
    assert DateParser()("03/04/2026") == dt.date(2026, 3, 4)  # no evidence: month first
    assert ClfTime()("05/Oct/2026:08:02:51 +0200") == int(
        dt.datetime(2026, 10, 5, 6, 2, 51, tzinfo=dt.timezone.utc).timestamp()
    )
    assert ClfTime()("05/Foo/2026:08:02:51 +0200") is None


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
@settings(max_examples=200, deadline=None)
def test_canonical_path_is_idempotent(path: str):
    once = canonical_path(path)
    assert canonical_path(once) == once
    assert once.startswith("/")


_FIELD = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126, blacklist_characters='"\\'), max_size=30)


@given(path=_FIELD.filter(lambda s: " " not in s), ua=_FIELD, ref=_FIELD, status=st.integers(100, 599))
@settings(max_examples=150, deadline=None)
def test_clf_fast_and_slow_paths_agree(
    tmp_path_factory: pytest.TempPathFactory, path: str, ua: str, ref: str, status: int
):
    """A line read by the split fast path gives the same fields as the regex (slow) path."""
    from aeoloop.evolve.adapters.logs import CLF_RE, CombinedLog

    line = f'192.0.2.1 - - [05/Oct/2026:08:02:51 +0000] "GET /{path} HTTP/1.1" {status} 10 "{ref}" "{ua}"'
    m = CLF_RE.match(line)
    assert m is not None
    folder = tmp_path_factory.mktemp("clf")
    (folder / "a.log").write_text(line + "\n")
    items = list(CombinedLog().read(Source.open_path(folder / "a.log"), Context("a.log")))
    batch = items[0]
    got = (batch.request[0].decode(), batch.status[0], batch.referrer[0].decode(), batch.user_agent[0].decode())
    assert got == (m.group(3), int(m.group(4)), m.group(6), m.group(7))


def test_gzip_detected_by_content_not_name(tmp_path: Path):
    f = tmp_path / "export-without-suffix"
    f.write_bytes(gzip.compress((FIX / "peec.csv").read_bytes()))
    adapter, _ = adapters.detect(Source.open_path(f))
    assert adapter is not None and adapter.name == "peec"


def test_file_error_is_exception():
    assert isinstance(FileError("x", 3), Exception) and FileError("x", 3).line == 3


def test_an_older_store_gains_the_new_columns_on_a_read_only_open(tmp_path: Path):
    """A store made before columns were added (the files' known date, utm_content) is migrated by
    the next open, read-only included, views last (they read the new columns)."""
    db = tmp_path / "old.duckdb"
    with Store(db) as s:
        ingest(s, "peec.csv")
        s.con.execute("DROP VIEW visits_daily_v")
        s.con.execute("DROP VIEW visits_v")
        for table, column in (
            ("files", "known"),
            ("files", "known_from"),
            ("visit_requests", "utm_content"),
            ("sessions", "content"),
        ):
            s.con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    with Store(db, read_only=True) as s:
        assert s.q("SELECT count(*) FROM visits_daily_v WHERE utm_content IS NULL") == [(0,)]
        assert s.q("SELECT count(*) FROM files WHERE known IS NULL") == [(1,)]
