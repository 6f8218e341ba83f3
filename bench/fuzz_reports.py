"""Fuzz every report adapter with hostile report files; count tracebacks, hangs and raw IPs stored.

    .venv/bin/python bench/fuzz_reports.py --write          # 2,500 files, seed 0, recorded in bench/RESULTS-faults.md ("Reports")
    .venv/bin/python bench/fuzz_reports.py --files 300      # a quick look, prints only (--verbose: tracebacks as they happen)
    .venv/bin/python bench/fuzz_reports.py --seed 7 --files 5000 --write

Each file is a mutation of one of the real fixtures in ``tests/fixtures/reports`` (see
``tests/report_mutations.py``: hostile values in fields, URLs ``urlsplit`` refuses, control
characters, absurd lengths, lone surrogates, deeply nested JSON, truncation, byte flips, garbage
and very long lines, other encodings, gzip whole or truncated, client IPs in odd places). Every
file is ingested the way ``aeoloop ingest`` does it (:func:`aeoloop.evolve.ingest.ingest_files`),
half of them with the format detected and half with the fixture's format forced (so the row code
of every adapter sees the hostile rows even when detection would refuse the file), in stores of
100 files each, with ``AEOLOOP_IP_HMAC_KEY`` set for every other store.

Counted: input files, files ingested / refused with a file error / skipped, rows stored, rows
quarantined, tracebacks (any exception out of ``ingest_files``: must be 0), files over 10 s (must
be 0), the slowest file, errors without a file name (must be 0), and raw IP literals found by
dumping every column of every table of every store (quarantine, visits and their dictionaries,
files; the citation/search/session tables are reports about *cited* URLs, not clients, and are
left out). A hang is caught by an alarm after 60 s and counted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from report_mutations import mutate, seeds  # noqa: E402

from aeoloop.evolve import adapters  # noqa: E402
from aeoloop.evolve.ingest import ingest_files  # noqa: E402
from aeoloop.evolve.privacy import has_ip  # noqa: E402
from aeoloop.evolve.store import Store  # noqa: E402

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
    "access.log": "combined-log",
    "cloudfront.log": "cloudfront",
    "cloudflare.ndjson.gz": "cloudflare",
    "cloudflare-truncated.ndjson.gz": "cloudflare",
    "vercel.ndjson": "vercel",
}
PRIVATE_TABLES = ("quarantine", "visits", "visit_requests", "visit_agents", "visit_referrers", "files")
STORE_FILES = 100
SLOW = 10.0
HANG = 60


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def ip_literals(store: Store) -> list[tuple[str, str, str]]:
    """(table, column, value) of every stored text value holding an IP literal."""
    found = []
    for table in PRIVATE_TABLES:
        cols = [
            r[0] for r in store.q(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'")
        ]
        for col in cols:
            for (value,) in store.q(f'SELECT DISTINCT CAST("{col}" AS VARCHAR) FROM {table}'):
                if value and has_ip(value):
                    found.append((table, col, value[:200]))
    return found


def run(files: int, seed: int, workdir: Path, verbose: bool = False) -> dict[str, object]:
    rng = random.Random(seed)
    pool = seeds()
    stats: Counter[str] = Counter()
    per_format: Counter[str] = Counter()
    tracebacks: list[str] = []
    ips: list[tuple[str, str, str]] = []
    slowest = (0.0, "")
    signal.signal(signal.SIGALRM, _alarm)
    for start in range(0, files, STORE_FILES):
        batch_dir = workdir / f"batch-{start // STORE_FILES:04d}"
        batch_dir.mkdir(parents=True)
        keyed = (start // STORE_FILES) % 2 == 1
        if keyed:
            os.environ["AEOLOOP_IP_HMAC_KEY"] = "fuzz-key"
        else:
            os.environ.pop("AEOLOOP_IP_HMAC_KEY", None)
        with Store(batch_dir / "evolve.duckdb") as store:
            for i in range(start, min(files, start + STORE_FILES)):
                fixture = pool[i % len(pool)]
                name, data = mutate(rng, fixture)
                path = batch_dir / f"{i:05d}-{name}"
                path.write_bytes(data)
                fmt = EXPECTED_FORMAT[fixture.name] if rng.random() < 0.5 else None
                stats["inputs"] += 1
                t0 = time.perf_counter()
                signal.alarm(HANG)
                try:
                    summary = ingest_files(store, [path], root=batch_dir, fmt=fmt)
                except Hang:
                    stats["hangs"] += 1
                    tracebacks.append(f"{path.name} (seed {seed}, file {i}): no result after {HANG} s")
                    continue
                except Exception:
                    stats["tracebacks"] += 1
                    tracebacks.append(
                        f"{path.name} (seed {seed}, file {i}, format {fmt or 'detected'}):\n{traceback.format_exc()}"
                    )
                    if verbose:
                        print(tracebacks[-1], file=sys.stderr)
                    continue
                finally:
                    signal.alarm(0)
                took = time.perf_counter() - t0
                if took > slowest[0]:
                    slowest = (took, f"{path.name} ({len(data):,} bytes)")
                if took > SLOW:
                    stats["over_10s"] += 1
                for result in summary.files:
                    stats[f"files_{result.status}"] += 1
                    if result.status == "error" and result.line is None:
                        stats["errors_without_line"] += 1
                        if verbose:
                            print(f"no line: {path.name}: {result.message}", file=sys.stderr)
                    if result.internal:
                        stats["internal"] += 1
                        tracebacks.append(
                            f"{path.name} (seed {seed}, file {i}, format {fmt or 'detected'}): {result.message}"
                        )
                    stats["rows"] += result.rows
                    stats["quarantined"] += result.bad_rows
                    if result.format:
                        per_format[result.format] += 1
                    for diag in result.diagnostics():
                        if not diag.file:
                            stats["errors_without_file"] += 1
            found = ip_literals(store)
            ips.extend(found)
            stats["redacted"] += store.q(
                "SELECT count(*) FROM quarantine WHERE raw LIKE '%<ip%' OR reason LIKE '%<ip%'"
            )[0][0]
            stats["stores"] += 1
            stats["keyed_stores"] += keyed
    os.environ.pop("AEOLOOP_IP_HMAC_KEY", None)
    stats["raw_ips"] = len(ips)
    return {"stats": stats, "per_format": per_format, "tracebacks": tracebacks, "ips": ips, "slowest": slowest}


def report(result: dict[str, object], files: int, seed: int, seconds: float) -> str:
    s: Counter[str] = result["stats"]  # type: ignore[assignment]
    per_format: Counter[str] = result["per_format"]  # type: ignore[assignment]
    slowest: tuple[float, str] = result["slowest"]  # type: ignore[assignment]
    lines = [
        f"### Reports: {dt.datetime.now(dt.timezone.utc):%a %b %d %H:%M:%S UTC %Y}",
        "",
        f"- command: `.venv/bin/python bench/fuzz_reports.py --files {files} --seed {seed} --write`",
        f"- machine: {os.cpu_count()} cores, Python {platform.python_version()}; run time {seconds:.0f} s",
        "- inputs: mutations of the 18 report fixtures (tests/report_mutations.py), ingested with `ingest_files` "
        f"(format detected for half, forced for the other half), {s['stores']} stores of {STORE_FILES} files, "
        f"{s['keyed_stores']} of them with AEOLOOP_IP_HMAC_KEY set",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| fuzzed report files | {s['inputs']:,} |",
        f"| files ingested | {s['files_ingested']:,} |",
        f"| files refused with `file: error` (the whole file unreadable: format, header, truncated gzip, nesting) | {s['files_error']:,} |",
        f"| … of them without a line number (the file as a whole: e.g. a single JSON document that does not parse) | {s['errors_without_line']:,} |",
        f"| files skipped (empty, or same content already ingested) | {s['files_skipped']:,} |",
        f"| rows stored | {s['rows']:,} |",
        f"| rows quarantined (file, line, reason) | {s['quarantined']:,} |",
        f"| tracebacks | {s['tracebacks']} |",
        f"| unexpected exceptions caught by the ingest's safety net | {s['internal']} |",
        f"| hangs (> {HANG} s) | {s['hangs']} |",
        f"| files over {SLOW:.0f} s | {s['over_10s']} |",
        f"| max time for one file | {slowest[0]:.2f} s ({slowest[1]}) |",
        f"| diagnostics without a file name | {s['errors_without_file']} |",
        f"| quarantined rows whose excerpt or reason had an IP redacted (`<ip>`/`<ip:HMAC>`) | {s['redacted']:,} |",
        f"| raw IP literals in the store (quarantine, visits, dictionaries, files) | {s['raw_ips']} |",
        "",
        "Files per detected or forced format: " + ", ".join(f"{k} {v}" for k, v in sorted(per_format.items())) + ".",
        "",
    ]
    return "\n".join(lines)


def write_results(text: str) -> Path:
    """Replace the "Reports" section of bench/RESULTS-faults.md (other sections are left as they are)."""
    path = HERE / "RESULTS-faults.md"
    head = "## Reports"
    body = f"{head}\n\nWritten by `bench/fuzz_reports.py --write`; newest run first.\n\n{text}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Fault and fuzz results\n\n"
    if head in old:
        before, _, rest = old.partition(head)
        nxt = rest.find("\n## ")
        previous = rest[: nxt if nxt >= 0 else len(rest)]
        runs = previous.split("\n### Reports: ", 1)
        history = ("\n### Reports: " + runs[1]) if len(runs) > 1 else ""
        after = rest[nxt + 1 :] if nxt >= 0 else ""
        new = before + body + history.rstrip("\n") + "\n" + ("\n" + after if after else "")
    else:
        new = old.rstrip("\n") + "\n\n" + body
    path.write_text(new, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="record the run in bench/RESULTS-faults.md")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks as they happen")
    args = parser.parse_args(argv)
    adapters.all_adapters()  # import every adapter up front: the first file's time is not import time
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aeoloop-fuzz-") as tmp:
        result = run(args.files, args.seed, Path(tmp), args.verbose)
    text = report(result, args.files, args.seed, time.perf_counter() - t0)
    print(text)
    for tb in result["tracebacks"][:20]:  # type: ignore[index]
        print(tb, file=sys.stderr)
    for table, col, value in result["ips"][:20]:  # type: ignore[index]
        print(f"raw IP in {table}.{col}: {value!r}", file=sys.stderr)
    if args.write:
        print(f"written to {write_results(text)}")
    s = result["stats"]
    return 1 if (s["tracebacks"] or s["internal"] or s["hangs"] or s["raw_ips"] or s["over_10s"]) else 0  # type: ignore[index]


if __name__ == "__main__":
    raise SystemExit(main())
