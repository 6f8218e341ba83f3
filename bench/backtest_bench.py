"""Backtest speed: ``aeoloop plan --backtest`` of 52 weeks on 1,000 pages (target ≤ 30 s).

A git repository of 1,000 pages whose front matter dates are edited in monthly commits over the
year (so every weekly plan reads some pages from the history), with a citation tracker's daily
export over 400 days (1,000 prompts, two engines, one competitor per answer; 30% of pages lose
most of their citations in month 7). Built once under ``bench/.work/backtest``; each run is the
real CLI in a fresh process.

    .venv/bin/python bench/backtest_bench.py --runs 3
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from ingest_bench import machine  # noqa: E402

WORK = ROOT / "bench" / ".work" / "backtest"
AEOLOOP = str(Path(sys.executable).parent / "aeoloop")
N_PAGES = 1000
DAYS = 400
START = dt.date(2025, 10, 6)  # a Monday
SITE = "https://www.ridgeline-telemetry.example"


def git(root: Path, date: dt.date, *args: str) -> None:
    stamp = f"{date.isoformat()}T10:00:00Z"
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@example.com",
    }
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def page(i: int, updated: dt.date) -> str:
    return (
        f"---\ntitle: Topic {i} of predictive maintenance\ndate: 2025-01-01\nupdated: {updated}\n"
        f"keywords: [topic {i}]\n---\n\nParagraph {i}.\n"
    )


def build() -> Path:
    root = WORK / "site"
    if (root / ".aeoloop" / "evolve.duckdb").exists():
        return root
    rng = random.Random(5)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(f"site_name: Bench\nsite_url: {SITE}/\ndocs_dir: content\nplugins:\n  - aeoloop\n")
    sections = ["guides", "how-to", "product", "blog", "glossary"]
    src = [f"{sections[i % 5]}/topic-{i}.md" for i in range(N_PAGES)]
    for i, s in enumerate(src):
        (root / "content" / s).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / s).write_text(page(i, START - dt.timedelta(days=30)))
    git(root, START, "init", "-q")
    git(root, START, "add", "content", "mkdocs.yml")
    git(root, START, "commit", "-qm", "pages")
    for month in range(1, 13):  # monthly edits of a twelfth of the pages
        day = START + dt.timedelta(days=30 * month)
        for i in range(month - 1, N_PAGES, 12):
            (root / "content" / src[i]).write_text(page(i, day))
        git(root, day, "commit", "-qam", f"month {month}")
    base = [rng.uniform(0.3, 0.9) for _ in range(N_PAGES)]
    shocked = set(rng.sample(range(N_PAGES), int(0.3 * N_PAGES)))
    (root / "reports").mkdir(exist_ok=True)
    with open(root / "reports" / "citations.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "engine", "prompt", "cited_url", "position"])
        for day in range(DAYS):
            d = (START + dt.timedelta(days=day)).isoformat()
            for i in range(N_PAGES):
                p = base[i] * (0.2 if i in shocked and day >= 210 else 1.0)
                for engine in ("chatgpt", "perplexity"):
                    if rng.random() < p:
                        w.writerow([d, engine, f"what is topic {i}", f"{SITE}/{src[i][:-3]}/", 1])
                    w.writerow([d, engine, f"what is topic {i}", f"https://competitor{i % 30}.example/a{i}", 2])
    git(root, START + dt.timedelta(days=DAYS), "add", "reports")
    git(root, START + dt.timedelta(days=DAYS), "commit", "-qm", "reports")
    t = time.perf_counter()
    subprocess.run([AEOLOOP, "ingest", "-f", str(root / "mkdocs.yml")], check=True, capture_output=True)
    print(f"ingested in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    root = build()
    end = START + dt.timedelta(days=DAYS - 15)
    first = end - dt.timedelta(weeks=51)
    times, cpu = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        r0 = os.times()
        out = subprocess.run(
            [AEOLOOP, "plan", "-f", str(root / "mkdocs.yml"), "--backtest", f"{first}..{end}", "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        )
        r1 = os.times()
        times.append(time.perf_counter() - t0)
        cpu.append((r1.children_user - r0.children_user) + (r1.children_system - r0.children_system))
        data = json.loads(out.stdout)
        print(f"{times[-1]:.1f}s wall, {cpu[-1]:.1f}s CPU: {data['summary']}", file=sys.stderr)
    print(
        json.dumps(
            {
                "weeks": data["summary"]["weeks"],
                "pages": N_PAGES,
                "wall_median": statistics.median(times),
                "wall": times,
                "cpu_median": statistics.median(cpu),
                "summary": data["summary"],
                "machine": machine(),
                "load_average": os.getloadavg(),
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
