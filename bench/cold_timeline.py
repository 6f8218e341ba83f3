"""A timeline of one cold build: per process and per step, when it runs and how many cores it keeps busy.

    .venv/bin/python bench/cold_timeline.py --pages 300 [--jobs 2] [--bins 1.0] [--engine DIR]

Why: a cold build on two cores uses its CPU seconds over a wall that is longer than CPU-s / 2; the
difference is a core with nothing of ours to run (a step on one core, a start-up, a wait for a
server). This finds where. It builds a ``bench/corpus.py`` corpus (seed 0, ``--sections``) cold
(no ``generated/``, ``.aeoloop/`` or ``site/``) with ``aeoloop build`` started through a small
driver that logs, with the system-wide monotonic clock, when each step of the build process starts
and ends (``build.STEPS`` wrapped; the waits for deferred work, ``BuildState.finish_deferred``, as
``wait:STEP``) and, in every forked process, at what time and in which step it was forked. This
process polls ``/proc`` every ``--every`` seconds (default 0.05) for the build's process tree and
reads each thread's ``schedstat``: time on a CPU and time waiting for one on the run queue (the
other tenants of a loaded machine; a process that waits there had work, the machine did not have a
core). It prints:

- every process: its role (the step it was forked in, ``server`` or ``worker`` by depth), when it
  was first and last seen, its CPU seconds, its busy fraction, its run-queue wait;
- every step of the build process: its wall, the CPU seconds of the whole tree in it, cores busy
  (CPU / wall), cores waiting on the run queue, and the idle core-seconds
  (``jobs × wall − CPU − run-queue wait``: time a core had nothing of ours to run, load or not);
- optionally (``--bins``) the same per fixed interval.

The last poll interval of a process that exits is not seen (≤ ``--every`` of CPU each). The build
is the working tree's engine unless ``--engine`` names a folder holding an ``aeoloop`` package
(``ci_bench.snapshot``), which goes first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from process_tree import _children  # noqa: E402  (every process's children, from /proc)
import run  # noqa: E402

#: Run in the build's own interpreter: wraps the steps and logs forks, then runs the CLI.
DRIVER = r"""
import json, os, sys, time
LOG = os.open(os.environ["AEOLOOP_TIMELINE_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
where = {"step": "start", "depth": 0}

def note(**kw):
    kw["t"] = time.monotonic()
    os.write(LOG, (json.dumps(kw) + "\n").encode())

def forked():
    where["depth"] += 1
    note(kind="fork", pid=os.getpid(), ppid=os.getppid(), step=where["step"], depth=where["depth"])

os.register_at_fork(after_in_child=forked)
note(kind="begin", pid=os.getpid())
from aeoloop import build, state
from aeoloop.state import Step

def wrap(step):
    def run(st, _fn=step.run, _name=step.name):
        where["step"] = _name
        note(kind="step", name=_name, edge="start")
        try:
            _fn(st)
        finally:
            note(kind="step", name=_name, edge="end")
    return Step(step.name, run, step.overlaps)

build.STEPS = tuple(wrap(s) for s in build.STEPS)
_finish = state.BuildState.finish_deferred

def finish_deferred(self, step=None):
    names = ",".join(w.step for w in self.deferred) or "-"
    note(kind="wait", name=names, edge="start")
    try:
        return _finish(self, step)
    finally:
        note(kind="wait", name=names, edge="end")

state.BuildState.finish_deferred = finish_deferred
from aeoloop.cli import main
sys.argv = ["aeoloop", *sys.argv[1:]]
try:
    main()
finally:
    note(kind="end", pid=os.getpid())
"""


def _sched(pid: int) -> tuple[float, float]:
    """(seconds on a CPU, seconds waiting on the run queue) of all the threads of ``pid``."""
    run_s = wait_s = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat", encoding="utf-8") as f:
                on, waiting, _ = f.read().split()
        except (OSError, ValueError):
            continue
        run_s += int(on)
        wait_s += int(waiting)
    return run_s / 1e9, wait_s / 1e9


names: dict[int, str] = {}
"""Each process's command line, as first seen."""


def sample(
    command: list[str], cwd: Path, env: dict[str, str], every: float
) -> tuple[float, float, dict[int, list[tuple[float, float, float]]], str, int]:
    """Run ``command``; poll its tree. (start, end, {pid: [(t, cpu, wait)]}, stderr, exit code)."""
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    series: dict[int, list[tuple[float, float, float]]] = {}
    names.clear()
    while proc.poll() is None:
        tree, todo, kids = [], [proc.pid], _children()
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += kids.get(pid, [])
        now = time.monotonic()
        for pid in tree:
            try:
                cpu, wait = _sched(pid)
            except OSError:
                continue
            if pid not in names:
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        names[pid] = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
                except OSError:
                    names[pid] = "?"
            series.setdefault(pid, []).append((now, cpu, wait))
        time.sleep(every)
    ended = time.monotonic()
    stderr = proc.stderr.read() if proc.stderr else ""
    return started, ended, series, stderr, proc.returncode


Cell = tuple[float, float, dict[int, tuple[float, float]]]
"""A poll interval: (from, to, {pid: (CPU seconds, run-queue seconds) in it})."""


def cells(series: dict[int, list[tuple[float, float, float]]], grid: list[float]) -> list[Cell]:
    """Each process's counters cut at the poll times ``grid`` (linear between its own samples)."""

    def at(points: list[tuple[float, float, float]], times: list[float], t: float) -> tuple[float, float]:
        i = bisect.bisect_right(times, t)
        if i == 0:
            return 0.0, 0.0
        if i == len(points):
            return points[-1][1], points[-1][2]
        (t0, c0, w0), (t1, c1, w1) = points[i - 1], points[i]
        f = (t - t0) / (t1 - t0) if t1 > t0 else 1.0
        return c0 + f * (c1 - c0), w0 + f * (w1 - w0)

    cut: dict[int, list[tuple[float, float]]] = {}
    for pid, pts in series.items():
        times = [p[0] for p in pts]
        cut[pid] = [at(pts, times, t) for t in grid]
    out: list[Cell] = []
    for i in range(len(grid) - 1):
        per = {}
        for pid, vals in cut.items():
            (c0, w0), (c1, w1) = vals[i], vals[i + 1]
            if c1 > c0 or w1 > w0:
                per[pid] = (c1 - c0, w1 - w0)
        out.append((grid[i], grid[i + 1], per))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--sections", type=int, default=run.SECTIONS)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--every", type=float, default=0.05, help="seconds between polls of /proc")
    ap.add_argument("--bins", type=float, default=0.0, help="also print fixed intervals of this many seconds")
    ap.add_argument("--engine", type=Path, help="a folder with an aeoloop package, first on PYTHONPATH")
    ap.add_argument("--dir", type=Path, help="the corpus folder (default: bench/.work/timeline-PAGES)")
    ap.add_argument("--json", type=Path, help="write the samples and events here")
    ap.add_argument("--replay", type=Path, help="print the tables of a run saved with --json (no build)")
    args = ap.parse_args(argv)
    if args.replay:  # a run saved with --json: the tables again (e.g. after a change to this script)
        saved = json.loads(args.replay.read_text(encoding="utf-8"))
        started, ended, events, stderr = saved["started"], saved["ended"], saved["events"], saved.get("stderr", "")
        series = {int(k): [tuple(p) for p in v] for k, v in saved["series"].items()}
        names.update({int(k): v for k, v in saved.get("names", {}).items()})
    else:
        cdir = args.dir or run.WORK / f"timeline-{args.pages}"
        if not (cdir / "mkdocs.yml").exists():
            corpus.generate(cdir, args.pages, args.sections, seed=0)
        for name in ("generated", ".aeoloop", "site"):
            run.rm(cdir / name)
        fd, log_path = tempfile.mkstemp(prefix="timeline-", suffix=".jsonl")
        os.close(fd)
        env = dict(os.environ, AEOLOOP_TIMELINE_LOG=log_path)
        if args.engine:
            path = str(args.engine.resolve())
            env["PYTHONPATH"] = path + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        command = [sys.executable, "-c", DRIVER, "build", "-f", "mkdocs.yml", "-j", str(args.jobs)]
        started, ended, series, stderr, code = sample(command, cdir, env, args.every)
        for pts in series.values():  # a new process's counters start at zero, at most a poll before it was seen
            pts.insert(0, (max(started, pts[0][0] - args.every), 0.0, 0.0))
        events = [json.loads(line) for line in Path(log_path).read_text(encoding="utf-8").splitlines()]
        os.unlink(log_path)
        if code != 0:
            print(stderr[-5000:], file=sys.stderr)
            print(f"the build failed (exit {code})", file=sys.stderr)
            return code
        if args.json:
            saved = {
                "pages": args.pages,
                "started": started,
                "ended": ended,
                "events": events,
                "stderr": stderr[-3000:],
            }
            saved |= {"series": {str(k): v for k, v in series.items()}, "names": {str(k): v for k, v in names.items()}}
            args.json.write_text(json.dumps(saved), encoding="utf-8")
    jobs = args.jobs
    roots = [e["pid"] for e in events if e["kind"] == "begin"]
    forks = {e["pid"]: e for e in events if e["kind"] == "fork"}

    def role(pid: int) -> str:
        if pid in roots:
            return "build"
        f = forks.get(pid)
        if f is None:  # not forked by Python (a subprocess, exec'ed): its command
            return "exec " + names.get(pid, "?")[:17]
        return f"{f['step']} {'server' if f['depth'] == 1 and _has_children(pid) else 'worker' if f['depth'] > 1 else 'child'}"

    def _has_children(pid: int) -> bool:
        return any(f["ppid"] == pid for f in forks.values())

    rel = lambda t: t - started  # noqa: E731
    total_cpu = sum(pts[-1][1] for pts in series.values())
    total_wait = sum(pts[-1][2] for pts in series.values())
    wall = ended - started
    pages = saved.get("pages", args.pages) if args.replay else args.pages
    summary = [ln for ln in stderr.splitlines() if "built " in ln]
    print(
        f"{pages} pages, -j {jobs}: wall {wall:.2f} s, CPU {total_cpu:.2f} s (CPU/{jobs} = {total_cpu / jobs:.2f} s), "
        f"run-queue wait {total_wait:.2f} s, cores busy {total_cpu / wall:.2f} of {jobs} "
        f"({100 * total_cpu / (jobs * wall):.0f}%)"
        + ("" if args.replay else f"; load average {os.getloadavg()[0]:.1f}")
    )
    if summary:
        print(summary[-1].strip())
    print("\nprocess                 pid     start     end    CPU-s  busy  rq-wait")
    for pid, pts in sorted(series.items(), key=lambda kv: kv[1][0][0]):
        span = pts[-1][0] - pts[0][0]
        print(
            f"{role(pid):22s} {pid:6d} {rel(pts[0][0]):7.2f} {rel(pts[-1][0]):7.2f} {pts[-1][1]:8.2f} "
            f"{(pts[-1][1] / span if span > 0 else 0):5.2f} {pts[-1][2]:8.2f}"
        )

    intervals: list[tuple[str, float, float]] = []
    first_step = min((e["t"] for e in events if e["kind"] == "step"), default=started)
    intervals.append(("start-up (imports, CLI)", started, first_step))
    opened: dict[tuple[str, str], float] = {}
    for e in events:
        if e["kind"] in ("step", "wait"):
            key = (e["kind"], e["name"])
            if e["edge"] == "start":
                opened[key] = e["t"]
            else:
                label = e["name"] if e["kind"] == "step" else f"  wait for {e['name']}"
                intervals.append((label, opened.pop(key), e["t"]))
    last = max((e["t"] for e in events if e["kind"] in ("step", "wait")), default=started)
    intervals.append(("exit (summary, teardown)", last, ended))
    intervals.sort(key=lambda iv: iv[1])
    poll_times = sorted({p[0] for p in series[roots[0]]} | {started, ended})  # (all processes are polled together)
    grid = cells(series, poll_times)
    q_wall = sum(quiet(cell, jobs)[0] for cell in grid)
    q_idle = sum(quiet(cell, jobs)[1] for cell in grid)
    print(
        f"quiet-machine estimate (see quiet()): wall {q_wall:.2f} s, idle core-s {q_idle:.2f}, cores busy "
        f"{total_cpu / q_wall if q_wall else 0:.2f} of {jobs} ({100 * total_cpu / (jobs * q_wall) if q_wall else 0:.0f}%)"
    )
    print(
        "\ninterval                      from      to    wall   CPU-s  busy runnable  q-wall  q-idle   busiest processes (cores)"
    )
    for label, lo, hi in intervals:
        if hi - lo < 0.005:  # (no deferred work to wait for)
            continue
        _row(label, lo, hi, grid, role, jobs, rel)
    if args.bins > 0:
        print(f"\nevery {args.bins:.1f} s")
        t = started
        while t < ended:
            _row(f"{rel(t):.1f}", t, min(t + args.bins, ended), grid, role, jobs, rel)
            t += args.bins
    return 0


def quiet(cell: Cell, jobs: int) -> tuple[float, float]:
    """(wall, idle core-seconds) the cell's work would take on an otherwise idle machine: its
    ``r`` runnable processes (CPU + run-queue time over the cell) get ``min(r, jobs)`` cores, so
    its CPU seconds ``c`` take ``c / min(r, jobs)`` of wall, with ``jobs - min(r, jobs)`` cores
    idle meanwhile. Exact when the machine is quiet (no run-queue time); under load it takes out
    the other tenants' share, which stretches a one-core phase as much as a two-core one."""
    t0, t1, per = cell
    c = sum(v[0] for v in per.values())
    r = sum(v[0] + v[1] for v in per.values()) / (t1 - t0) if t1 > t0 else 0.0
    cores = min(r, float(jobs))
    if c <= 0 or cores <= 0:
        return 0.0, 0.0
    wall = c / cores
    return wall, (jobs - cores) * wall


def _row(
    label: str,
    lo: float,
    hi: float,
    grid: list[Cell],
    role: Callable[[int], str],
    jobs: int,
    rel: Callable[[float], float],
) -> None:
    """One line: the interval's wall, CPU of the tree, cores busy, cores runnable (busy or waiting
    on the run queue), the quiet-machine estimate of its wall and idle core-seconds (:func:`quiet`),
    and the busiest processes."""
    span = max(hi - lo, 1e-9)
    per: dict[str, float] = {}
    cpu = wait = q_wall = q_idle = 0.0
    for t0, t1, cell in grid:
        if t1 <= lo or t0 >= hi:
            continue
        f = (min(t1, hi) - max(t0, lo)) / (t1 - t0)
        c = sum(v[0] for v in cell.values()) * f
        w = sum(v[1] for v in cell.values()) * f
        cpu += c
        wait += w
        qw, qi = quiet((t0, t1, cell), jobs)
        q_wall += qw * f
        q_idle += qi * f
        for pid, (pc, _) in cell.items():
            per[role(pid)] = per.get(role(pid), 0.0) + pc * f
    top = ", ".join(
        f"{name} {v / span:.2f}" for name, v in sorted(per.items(), key=lambda kv: -kv[1])[:4] if v > 0.01 * span
    )
    print(
        f"{label:28s} {rel(lo):7.2f} {rel(hi):7.2f} {span:7.2f} {cpu:7.2f} {cpu / span:5.2f} {(cpu + wait) / span:8.2f}"
        f" {q_wall:7.2f} {q_idle:7.2f}   {top}"
    )


if __name__ == "__main__":
    sys.exit(main())
