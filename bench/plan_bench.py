"""Plan speed over 10,000 pages (target ≤ 2 s), and where the time goes.

The project is ``ingest_bench.make_plan_project`` (10k pages with front matter and manifests,
~580k citation rows on 3,500 prompts, a Search Console export) plus a 1,000,000-line access log;
it is built once under ``bench/.work/ingest/plan-10k`` and ingested once. Each run times

- the real CLI, ``aeoloop plan --format json`` in a fresh process (start-up, imports, the plan
  and writing 10,000 entries: what a user waits for), wall and CPU (user + system of the child,
  DuckDB's threads included);
- a fresh process timing ``current_plan`` twice: the first call (cold page caches of this
  process) and the second, wall and CPU of each.

It prints the medians of wall and CPU of each. On a quiet machine wall should be close to (or,
with DuckDB's threads overlapping the page reads, below) CPU; wall well above CPU means the run
waited for the machine (load) or for I/O, and the CPU figures are the comparable ones.

    .venv/bin/python bench/plan_bench.py --runs 5 [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from ingest_bench import PY, WORK, machine, make_log, make_plan_project  # noqa: E402

LOG_LINES = 1_000_000
AEOLOOP = str(Path(PY).parent / "aeoloop")

CHILD = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, {generator!r})
    t0 = time.perf_counter()
    from aeoloop.project import Project
    from aeoloop.evolve import current_plan
    from pathlib import Path
    project = Project.load(Path(sys.argv[1]) / "mkdocs.yml")
    times, cpu = [], []
    for _ in range(2):
        t, c = time.perf_counter(), time.process_time()
        plan = current_plan(project)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(json.dumps({{"pages": len(plan.entries), "times": times, "cpu": cpu, "top": [e.page for e in plan.entries[:5]],
                      "process": time.perf_counter() - t0}}))
""")

PROFILE = textwrap.dedent("""
    import cProfile, pstats, sys
    sys.path.insert(0, {generator!r})
    from aeoloop.project import Project
    from aeoloop.evolve import current_plan
    from pathlib import Path
    project = Project.load(Path(sys.argv[1]) / "mkdocs.yml")
    current_plan(project)
    cProfile.run("current_plan(project)", "/tmp/plan.prof")
    pstats.Stats("/tmp/plan.prof").sort_stats("cumulative").print_stats(35)
""")


def prepare() -> Path:
    proj = make_plan_project(WORK / "plan-10k")
    log = WORK / f"access-{LOG_LINES}.log"
    if not log.exists():
        make_log(log, LOG_LINES)
    if not (proj / ".aeoloop" / "evolve.duckdb").exists():
        t = time.perf_counter()
        subprocess.run(
            [
                PY,
                "-c",
                textwrap.dedent(f"""
            import sys
            sys.path.insert(0, {str(ROOT / "generator")!r})
            from pathlib import Path
            from aeoloop.project import Project
            from aeoloop.evolve import ingest_reports
            from aeoloop.evolve.ingest import ingest_project
            project = Project.load(Path({str(proj)!r}) / "mkdocs.yml")
            ingest_reports(project)
            ingest_project(project, [Path({str(log)!r})])
        """),
            ],
            check=True,
        )
        print(f"ingested in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    return proj


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one warm plan instead")
    args = ap.parse_args()
    proj = prepare()
    if args.profile:
        subprocess.run([PY, "-c", PROFILE.format(generator=str(ROOT / "generator")), str(proj)], check=True)
        return
    runs, cli_wall, cli_cpu = [], [], []
    for _ in range(args.runs):
        wall, cpu, _ = timed([AEOLOOP, "plan", "-f", str(proj / "mkdocs.yml"), "--format", "json"])
        cli_wall.append(wall)
        cli_cpu.append(cpu)
        wall, cpu, out = timed([PY, "-c", CHILD.format(generator=str(ROOT / "generator")), str(proj)])
        runs.append(json.loads(out.strip().splitlines()[-1]))
        r = runs[-1]
        r["process_cpu"] = cpu
        print(
            f"aeoloop plan {cli_wall[-1]:.2f}s (cpu {cli_cpu[-1]:.2f}s); current_plan first {r['times'][0]:.2f}s "
            f"(cpu {r['cpu'][0]:.2f}s), second {r['times'][1]:.2f}s (cpu {r['cpu'][1]:.2f}s)",
            file=sys.stderr,
        )

    def median(xs: list[float]) -> float:
        return round(statistics.median(xs), 3)

    first = [r["times"][0] for r in runs]
    second = [r["times"][1] for r in runs]
    print(
        json.dumps(
            {
                "pages": runs[0]["pages"],
                "runs": args.runs,
                "cli_wall_median": median(cli_wall),
                "cli_cpu_median": median(cli_cpu),
                "first_wall_median": median(first),
                "first_cpu_median": median([r["cpu"][0] for r in runs]),
                "second_wall_median": median(second),
                "second_cpu_median": median([r["cpu"][1] for r in runs]),
                "cli_wall": [round(x, 3) for x in cli_wall],
                "cli_cpu": [round(x, 3) for x in cli_cpu],
                "first_wall": [round(x, 3) for x in first],
                "top": runs[0]["top"],
                "machine": machine(),
                "load_average": os.getloadavg(),
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            },
            indent=1,
        )
    )


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall and CPU (user + system of the child process and its threads) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


if __name__ == "__main__":
    main()
