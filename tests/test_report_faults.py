"""Hostile reports: a bad row is quarantined with its line and reason, never a traceback, never a
failed build; no client IP reaches the store in clear, quarantine included; every adapter fuzzed.

The bench ``bench/fuzz_reports.py`` runs the same mutations at scale (2,500 files).
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aeoloop.evolve import adapters
from aeoloop.evolve.ingest import ingest_files
from aeoloop.evolve.privacy import IpScrubber, has_ip
from aeoloop.evolve.store import Store

from report_mutations import HOSTILE_VALUES, mutate, seeds

FIX = Path(__file__).parent / "fixtures" / "reports"
BAD_URL = "https://[www.example.com/guides/oee/"


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def _ingest(tmp_path: Path, *files: Path, fmt: str | None = None, db: str = "evolve.duckdb"):
    with Store(tmp_path / db) as store:
        summary = ingest_files(store, list(files), root=tmp_path, fmt=fmt)
        quarantine = store.q(
            "SELECT f.path, q.line, q.reason, q.raw FROM quarantine q JOIN files f USING (file_id) ORDER BY 1, 2"
        )
    return summary, quarantine


# --- defect 7: a report row with a URL urlsplit refuses ----------------------------------------

CITATIONS = """date,engine,prompt,cited_url,position
2026-10-05,ChatGPT,what is oee,https://www.example.com/guides/oee/,1
2026-10-05,ChatGPT,what is oee,{bad},2
2026-10-06,Perplexity,what is oee,https://www.example.com/guides/oee/,1
"""


@pytest.mark.parametrize("native", [True, False], ids=["duckdb-reader", "streaming"])
def test_ipv6_bracket_url_quarantines_the_row_not_the_file(
    tmp_path: Path, native: bool, monkeypatch: pytest.MonkeyPatch
):
    if not native:
        monkeypatch.delattr(type(adapters.get("citations-csv")), "load_native")
    path = _write(tmp_path / "reports" / "citations.csv", CITATIONS.format(bad=BAD_URL))
    summary, quarantine = _ingest(tmp_path, path)
    result = summary.files[0]
    assert result.status == "ingested", result.message
    assert (result.rows, result.bad_rows) == (2, 1)
    assert quarantine == [
        (
            "reports/citations.csv",
            3,
            "unreadable URL (Invalid IPv6 URL)",
            "2026-10-05,ChatGPT,what is oee," + BAD_URL + ",2",
        )
    ]


@pytest.mark.parametrize(
    "bad, reason",
    [
        ("https://exa\x01mple.com/a", "URL with a control character (U+0001)"),
        ("https://example.com/" + "a" * 9000, "URL longer than 8,192 characters"),
        ("https://ex\u2100ample.com/", "unreadable URL"),
    ],
)
def test_json_report_with_unreadable_urls(tmp_path: Path, bad: str, reason: str):
    records = [
        {
            "runId": f"r{i}",
            "runDate": "2026-10-05T06:00:00Z",
            "engine": "chatgpt",
            "prompt": "what is oee",
            "citations": [{"title": "t", "link": link, "rank": 1}],
        }
        for i, link in enumerate(["https://www.example.com/guides/oee/", bad])
    ]
    path = _write(tmp_path / "otterly.json", json.dumps(records, indent=2))
    summary, quarantine = _ingest(tmp_path, path)
    result = summary.files[0]
    assert (result.status, result.format, result.rows, result.bad_rows) == ("ingested", "otterly", 1, 1)
    assert quarantine[0][1] > 1 and quarantine[0][2].startswith(reason)


def test_bad_report_row_never_fails_the_build(make_site, build_site):
    root = make_site({"index.md": "---\ntitle: Home\n---\n\nHome page.\n"})
    _write(root / "reports" / "citations.csv", CITATIONS.format(bad=BAD_URL))
    nested = '{"EdgeStartTimestamp": 1759680000, "ClientRequestURI": ' + "[" * 5_000 + "]" * 5_000 + "}\n"
    _write(
        root / "reports" / "cloudflare.ndjson",
        nested + '{"EdgeStartTimestamp": 1759680000, "ClientRequestURI": "/", '
        '"EdgeResponseStatus": 200, "ClientIP": "203.0.113.9"}\n',
    )
    state = build_site(root, verify=False)
    assert state.evolve is not None
    files = {f.display: f for f in state.evolve.files}
    assert files["reports/citations.csv"].bad_rows == 1
    assert files["reports/cloudflare.ndjson"].bad_rows == 1
    assert (root / "site" / "index.html").exists()


def test_ingest_cli_reports_quarantined_rows_with_file_and_line(make_site):
    from aeoloop.cli import main

    root = make_site({"index.md": "---\ntitle: Home\n---\n\nHome page.\n"})
    _write(root / "reports" / "citations.csv", CITATIONS.format(bad=BAD_URL))
    result = CliRunner().invoke(main, ["ingest", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert "reports/citations.csv:3: warning: quarantined: unreadable URL (Invalid IPv6 URL)" in result.output
    listed = CliRunner().invoke(main, ["ingest", "-f", str(root / "mkdocs.yml"), "--quarantine"])
    assert "reports/citations.csv:3" in listed.output and "Invalid IPv6 URL" in listed.output


# --- deeply nested JSON and huge fields --------------------------------------------------------


def test_deeply_nested_ndjson_line_is_quarantined(tmp_path: Path):
    good = {
        "prompt": "p",
        "model": "gpt-4o",
        "mentioned": True,
        "cited": True,
        "created_at": "2026-10-05T07:30:00Z",
        "sources": [{"url": "https://www.example.com/a/"}],
    }
    deep = '{"prompt": "p", "model": "gpt-4o", "cited": true, "sources": ' + "[" * 200_000 + "]" * 200_000 + "}"
    lines = [json.dumps(good), deep, '{"a":' * 5_000 + "1" + "}" * 5_000, json.dumps(good)]
    path = _write(tmp_path / "athenahq.ndjson", "\n".join(lines) + "\n")
    summary, quarantine = _ingest(tmp_path, path, fmt="athenahq")
    result = summary.files[0]
    assert (result.status, result.rows, result.bad_rows) == ("ingested", 2, 2)
    assert [(q[1], q[2]) for q in quarantine] == [
        (2, "JSON line nested deeper than 64 levels of nesting"),
        (3, "JSON line nested deeper than 64 levels of nesting"),
    ]


def test_deeply_nested_json_document_is_refused_with_its_line(tmp_path: Path):
    text = (
        '[\n {"runId": "a", "runDate": "2026-10-05", "engine": "chatgpt", "citations": []},\n {"runId": '
        + "[" * 100_000
        + "]" * 100_000
        + "}\n]"
    )
    path = _write(tmp_path / "otterly.json", text)
    summary, _ = _ingest(tmp_path, path, fmt="otterly")
    result = summary.files[0]
    assert result.status == "error" and not result.internal
    assert result.line == 3 and "nested deeper than 64 levels" in (result.message or "")
    for text in ('{"items": ' + "[" * 50_000 + "]" * 50_000 + "}", '{"x": ' + '{"a":' * 3_000 + "1" + "}" * 3_001):
        path = _write(tmp_path / "scrunch.json", text)
        result = _ingest(tmp_path, path, fmt="scrunch", db=f"{len(text)}.duckdb")[0].files[0]
        assert result.status in ("error", "ingested") and not result.internal, result.message


def test_wrong_json_types_and_lone_surrogates_are_rows_not_crashes(tmp_path: Path):
    records = [
        {
            "prompt": "p",
            "model": "gpt-4o",
            "mentioned": ["yes"],
            "cited": {"a": 1},
            "created_at": "2026-10-05T07:30:00Z",
            "sources": [{"url": "https://www.example.com/a/"}],
        },
        {"prompt": "\ud800", "model": "gpt-4o", "cited": True, "created_at": ["2026-10-05"], "sources": []},
        {"prompt": "x" * 1_000_000, "model": "gpt-4o", "cited": True, "created_at": "2026-10-05", "sources": "nope"},
        {"prompt": "q\udfff", "model": "claude", "cited": True, "created_at": "2026-10-06", "sources": []},
    ]
    path = _write(tmp_path / "athenahq.ndjson", "\n".join(json.dumps(r) for r in records) + "\n")
    summary, quarantine = _ingest(tmp_path, path, fmt="athenahq")
    result = summary.files[0]
    assert result.status == "ingested" and not result.internal
    assert (result.rows, result.bad_rows) == (2, 2)
    assert [q[1] for q in quarantine] == [2, 3]
    assert all(len(q[3]) <= 600 for q in quarantine)


def test_log_json_fields_of_the_wrong_type(tmp_path: Path):
    rows = [
        {
            "EdgeStartTimestamp": 1759680000,
            "ClientRequestURI": "/a/",
            "EdgeResponseStatus": 200,
            "ClientRequestReferer": True,
            "ClientRequestUserAgent": {"x": 1},
            "ClientRequestHost": ["h"],
        },
        {"EdgeStartTimestamp": 1e400, "ClientRequestURI": "/b/", "EdgeResponseStatus": 200},
        {"EdgeStartTimestamp": "9" * 400, "ClientRequestURI": "/b/", "EdgeResponseStatus": 200},
        {"EdgeStartTimestamp": 1759680000, "ClientRequestURI": {"p": "/"}, "EdgeResponseStatus": 200},
        {"EdgeStartTimestamp": 1759680000, "ClientRequestURI": "/c/", "EdgeResponseStatus": 10**30},
    ]
    text = "\n".join(json.dumps(r).replace("Infinity", "1e400") for r in rows)
    path = _write(tmp_path / "cf.ndjson", text)
    summary, quarantine = _ingest(tmp_path, path, fmt="cloudflare")
    result = summary.files[0]
    assert (result.status, result.rows, result.bad_rows) == ("ingested", 1, 4), result.message
    assert [q[1] for q in quarantine] == [2, 3, 4, 5]


def test_cloudfront_status_or_clock_out_of_range_is_a_bad_row(tmp_path: Path):
    """A 30-digit status once overflowed the store's integer column and failed the whole file."""
    head = "#Version: 1.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(Referer) cs(User-Agent)\n"
    lines = [
        "2026-10-05\t13:01:02\t-\tGET\t/a/\t200\t-\tcurl",
        "2026-10-05\t13:01:02\t-\tGET\t/a/\t" + "9" * 30 + "\t-\tcurl",
        "2026-10-05\t13:01:02\t-\tGET\t/a/\t-5\t-\tcurl",
        "2026-10-05\t-1:00:00\t-\tGET\t/a/\t200\t-\tcurl",
        "2026-10-05\t25:61:99\t-\tGET\t/a/\t200\t-\tcurl",
    ]
    path = _write(tmp_path / "cf.log", head + "\n".join(lines) + "\n")
    summary, quarantine = _ingest(tmp_path, path, fmt="cloudfront")
    result = summary.files[0]
    assert (result.status, result.rows, result.bad_rows) == ("ingested", 1, 4), result.message
    assert [q[1] for q in quarantine] == [4, 5, 6, 7]


# --- defect 4: privacy of client IPs ----------------------------------------------------------

IPS = ["203.0.113.77", "198.51.100.9", "2001:db8:85a3::8a2e:370:7334", "2001:db8::1", "192.0.2.200"]

HOSTILE_LOGS = {
    "access.log": "\n".join(
        [
            '203.0.113.77 - - [05/Oct/2026:06:25:14 +0000] "GET /a/ HTTP/1.1" 200 10 "-" "curl/8"',
            '2001:db8:85a3::8a2e:370:7334 - - [05/Oct/2026:06:25:14 +0000] "GET /a/ HTTP/1.1" 200 10 "-" "curl/8"',
            '198.51.100.9 - - [99/Xyz/2026:06:25:14 +0000] "GET /a/ HTTP/1.1" 200 10 "-" "curl/8"',  # unreadable time
            '2001:db8::1 - - [05/Oct/2026:06:25:14 +0000] "GET /a/ HTTP/1.1" abc 10 "-" "curl/8"',  # unreadable status
            "host-203-0-113-77.isp.example garbage line from 192.0.2.200",
            '192.0.2.200 - - [05/Oct/2026:06:25:14 +0000] "GET /pixel?ip=198.51.100.9 HTTP/1.1" 200 1 '
            '"http://203.0.113.77/" "Mozilla/5.0 (fwd 2001:db8::1)"',
        ]
    )
    + "\n",
    "cloudfront.log": "#Version: 1.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(Referer) cs(User-Agent) "
    "x-forwarded-for\n"
    + "\n".join(
        [
            "2026-10-05\t13:01:02\t203.0.113.77\tGET\t/a/\t200\t-\tcurl\t198.51.100.9",
            "2026-10-05\t13:01:02\t2001:db8::1\tGET\t/a/\tnotanumber\t-\tcurl\t192.0.2.200",
            "2026-13-45\t13:01:02\t198.51.100.9\tGET\t/a/\t200\t-\tcurl\t-",
            "short\t2001:db8:85a3::8a2e:370:7334",
        ]
    )
    + "\n",
    "cloudflare.ndjson": "\n".join(
        json.dumps(r)
        for r in [
            {
                "EdgeStartTimestamp": 1759680000,
                "ClientRequestURI": "/a/",
                "EdgeResponseStatus": 200,
                "ClientIP": "203.0.113.77",
            },
            {"EdgeStartTimestamp": "garbage", "ClientRequestURI": "/a/", "ClientIP": "2001:db8:85a3::8a2e:370:7334"},
            {
                "EdgeStartTimestamp": 1759680000,
                "ClientRequestURI": "/a/",
                "EdgeResponseStatus": "x",
                "ClientIP": "198.51.100.9",
                "XFF": "192.0.2.200",
            },
        ]
    )
    + "\n{broken json 2001:db8::1\n",
    "vercel.ndjson": "\n".join(
        json.dumps(r)
        for r in [
            {
                "timestamp": 1759680000000,
                "path": "/a/",
                "statusCode": 200,
                "proxy": {
                    "timestamp": 1759680000000,
                    "method": "GET",
                    "path": "/a/",
                    "userAgent": ["x"],
                    "clientIp": "203.0.113.77",
                },
            },
            {
                "timestamp": "nope",
                "path": "/a/",
                "statusCode": 200,
                "proxy": {"timestamp": "nope", "method": "GET", "path": "/a/", "clientIp": "198.51.100.9"},
            },
        ]
    )
    + "\n",
}


def dump_store(db: Path) -> list[str]:
    """Every value of every column of every table, as text."""
    values = []
    with Store(db, read_only=True) as store:
        tables = [
            r[0] for r in store.q("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'")
        ]
        assert "quarantine" in tables and "visits" in tables
        for table in tables:
            cols = [
                r[0]
                for r in store.q(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'")
            ]
            for col in cols:
                values += [v for (v,) in store.q(f'SELECT CAST("{col}" AS VARCHAR) FROM {table}') if v]
    return values


@pytest.mark.parametrize("key", [None, "s3cret"], ids=["no-key", "hmac-key"])
def test_no_raw_ip_anywhere_in_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str | None):
    if key:
        monkeypatch.setenv("AEOLOOP_IP_HMAC_KEY", key)
    else:
        monkeypatch.delenv("AEOLOOP_IP_HMAC_KEY", raising=False)
    files = [_write(tmp_path / "logs" / name, text) for name, text in HOSTILE_LOGS.items()]
    files.append(
        _write(
            tmp_path / "logs" / "cloudflare-gz.ndjson.gz",
            gzip.compress(HOSTILE_LOGS["cloudflare.ndjson"].encode() + b"\n" + b"{}" * 3),
        )
    )
    summary, quarantine = _ingest(tmp_path, *files)
    assert not summary.errors, [(f.display, f.message) for f in summary.errors]
    assert summary.bad_rows >= 10 and summary.rows >= 5
    # quarantine stays useful: file, line, reason, a redacted excerpt
    by = {(q[0], q[1]): q for q in quarantine}
    assert by[("logs/access.log", 3)][2].startswith("unreadable time")
    token = "<ip>" if key is None else "<ip:"
    assert by[("logs/access.log", 3)][3].startswith(token) and " - - [99/Xyz/2026" in by[("logs/access.log", 3)][3]
    assert by[("logs/access.log", 5)][3].startswith("<ip> garbage line from " + token)  # a host name: blanked
    assert "<ip" in by[("logs/cloudfront.log", 4)][3] and "13:01:02" in by[("logs/cloudfront.log", 4)][3]
    db = tmp_path / "evolve.duckdb"
    values = dump_store(db)
    leaks = [v for v in values if has_ip(v) or any(ip in v for ip in IPS)]
    assert leaks == []
    with Store(db, read_only=True) as store:
        hashed = store.q("SELECT count(ip_hash) FROM visits")[0][0]
    assert hashed == (0 if key is None else store_visits(db))
    raw = db.read_bytes()
    for ip in IPS:
        assert ip.encode() not in raw
    if key:  # with a key, one client's quarantined rows can be grouped and matched with visits.ip_hash
        assert any(q[3].startswith("<ip:") for q in quarantine)


def store_visits(db: Path) -> int:
    with Store(db, read_only=True) as store:
        return int(store.q("SELECT count(*) FROM visits")[0][0])


def test_scrubber_finds_ip_literals_and_leaves_times_alone():
    scrub = IpScrubber()
    assert (
        scrub("at 13:55:36 from 203.0.113.7, [2001:db8::1]:443 and ::ffff:198.51.100.9")
        == "at 13:55:36 from <ip>, [<ip>]:443 and <ip>"
    )
    assert (
        scrub("Chrome/129.0.6668.100 Safari/537.36 std::vector dead:beef")
        == "Chrome/129.0.6668.100 Safari/537.36 std::vector dead:beef"
    )
    assert has_ip("x 010.001.002.003 y") and not has_ip("version 1.2.3 at 12:30")


# --- fuzzing every adapter ----------------------------------------------------------------------

FORMAT_OF_SEED = {
    "citations.csv": "citations-csv",
    "profound.csv": "profound",
    "peec.csv": "peec",
    "superlines.csv": "superlines",
    "otterly.json": "otterly",
    "scrunch.json": "scrunch",
    "athenahq.ndjson": "athenahq",
    "Pages.csv": "search-console",
    "Chart.csv": "search-console",
    "gsc-bulk.csv": "search-console-bulk",
    "ga4.csv": "ga4",
    "access.log": "combined-log",
    "cloudfront.log": "cloudfront",
    "cloudflare.ndjson.gz": "cloudflare",
    "vercel.ndjson": "vercel",
}


def test_every_adapter_has_a_fuzz_seed():
    assert set(FORMAT_OF_SEED.values()) == set(adapters.names())
    assert set(FORMAT_OF_SEED) <= {p.name for p in seeds()}


def _check(tmp_path: Path, name: str, data: bytes, fmt: str | None, counter: list[int]) -> None:
    counter[0] += 1
    path = _write(tmp_path / f"f{counter[0]}-{name}", data)
    with Store(tmp_path / "fuzz.duckdb") as store:
        summary = ingest_files(store, [path], root=tmp_path, fmt=fmt)
        lines = store.q("SELECT line, reason FROM quarantine")
    result = summary.files[0]
    assert not result.internal, result.message
    if result.status == "error":
        assert result.message and result.display == path.relative_to(tmp_path).as_posix()
    for line, reason in lines:
        assert line is not None and line >= 1 and reason


@pytest.mark.parametrize("seed_name", sorted(FORMAT_OF_SEED))
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(seed=st.integers(0, 2**32 - 1), forced=st.booleans())
def test_fuzz_adapter_with_hostile_mutations(tmp_path: Path, seed_name: str, seed: int, forced: bool):
    rng = random.Random(seed)
    name, data = mutate(rng, FIX / seed_name)
    _check(tmp_path, name, data, FORMAT_OF_SEED[seed_name] if forced else None, [seed])


@pytest.mark.parametrize("seed_name", sorted(FORMAT_OF_SEED))
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    values=st.lists(
        st.tuples(st.integers(0, 10_000), st.one_of(st.sampled_from(HOSTILE_VALUES), st.text(max_size=40))),
        min_size=1,
        max_size=6,
    )
)
def test_fuzz_adapter_fields_with_generated_text(tmp_path: Path, seed_name: str, values: list[tuple[int, str]]):
    """Hypothesis-chosen text (shrinkable) in hypothesis-chosen fields of a real export."""
    from report_mutations import read_seed

    text = read_seed(FIX / seed_name)
    lines = text.split("\n")
    for pos, value in values:
        i = 1 + pos % max(1, len(lines) - 1)
        if i >= len(lines):
            continue
        line = lines[i]
        if line.lstrip().startswith("{"):
            line = line.replace('"', '"' + json.dumps(value)[1:-1], 1) if pos % 2 else line
        else:
            parts = line.split("\t" if "\t" in line else ",")
            parts[pos % len(parts)] = value
            line = ("\t" if "\t" in lines[i] else ",").join(parts)
        lines[i] = line
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    _check(
        tmp_path,
        seed_name.removesuffix(".gz"),
        data,
        FORMAT_OF_SEED[seed_name],
        [abs(hash((seed_name, str(values)))) % 10**9],
    )


def test_a_line_of_a_million_delimiters_is_cheap_and_named(tmp_path: Path):
    """A 1.2 MB "header" of commas took 5.8 s (every field keyed under four delimiters)."""
    import time

    text = (FIX / "ga4.csv").read_text()
    lines = text.split("\n")
    blank = next(i for i, line in enumerate(lines) if i > 6 and not line.strip())
    lines.insert(blank + 1, "," * 1_200_000)
    path = _write(tmp_path / "ga4.csv", "\n".join(lines))
    started = time.process_time()  # CPU time (all threads): a loaded machine does not stretch it
    summary, _ = _ingest(tmp_path, path, fmt="ga4")
    assert time.process_time() - started < 3
    result = summary.files[0]
    assert result.status == "ingested" and result.rows == 7
    assert any("has 1,200,001 columns, not a GA4 header; skipped" in m for _, m, _ in result.warnings)
    path = _write(tmp_path / "citations.csv", "," * 1_200_000 + "\n1,2\n")
    result = _ingest(tmp_path, path, fmt="citations-csv", db="c.duckdb")[0].files[0]
    assert (
        result.status == "error"
        and result.line == 1
        and "columns; a report has at most 1,000" in (result.message or "")
    )
