"""Where a cold build's CPU goes: a sampling profile of one cold build in one process.

    .venv/bin/python bench/cold_profile.py PROJECT_DIR [--out STACKS.pkl] [--top 60] [--under FUNC]
    .venv/bin/python bench/cold_profile.py --report STACKS.pkl [--top 60] [--under FUNC]

Removes ``generated/``, ``.aeoloop/`` and ``site/``, then runs ``aeoloop build -j 1`` in this process
(every step in one process, so no worker's CPU is left out) under a sampler: ``ITIMER_PROF`` at
200 Hz (CPU time, not wall: other tenants of a shared machine do not count), recording the whole
Python stack at each sample. A C call (YAKE, zlib, a regex) is counted in the Python function that
made it. Prints the functions by inclusive CPU seconds (each function once per sample) and by self
time; ``--under FUNC`` ("path/module.py:function", as printed) keeps only the samples under it.
``--out`` keeps the stacks for ``--report``. Why not cProfile: it triples the build's time and
weighs small calls far more than large ones.
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from types import FrameType

HZ = 200
Frame = tuple[str, str]
Stacks = Counter[tuple[Frame, ...]]


def _where(filename: str) -> str:
    return filename.split("site-packages/")[-1].split("generator/")[-1]


def profile(project: Path) -> Stacks:
    for name in ("generated", ".aeoloop", "site"):
        shutil.rmtree(project / name, ignore_errors=True)
    stacks: Stacks = Counter()

    def sample(_signum: int, frame: FrameType | None) -> None:
        stack = []
        while frame is not None:
            stack.append((_where(frame.f_code.co_filename), frame.f_code.co_name))
            frame = frame.f_back
        stacks[tuple(stack)] += 1

    signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, 1 / HZ, 1 / HZ)
    started = time.process_time()
    try:
        from aeoloop import build
        from aeoloop.project import Project

        build.execute(build.BuildState(Project.load(project / "mkdocs.yml"), jobs=1))
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    print(f"build: {time.process_time() - started:.2f} CPU-s, {sum(stacks.values())} samples", file=sys.stderr)
    return stacks


def report(stacks: Stacks, top: int, under: str | None) -> str:
    total = sum(stacks.values())
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for stack, n in stacks.items():
        names = [f"{path}:{func}" for path, func in stack]
        if under is not None and under not in names:
            continue
        for name in set(names):
            inclusive[name] += n
        own[names[0]] += n
    lines = [f"{total} samples = {total / HZ:.2f} CPU-s" + (f"; under {under}" if under else ""), "", "inclusive:"]
    lines += [f"{n / HZ:8.2f} {100 * n / total:5.1f}%  {name}" for name, n in inclusive.most_common(top)]
    lines += ["", "self:"]
    lines += [f"{n / HZ:8.2f} {100 * n / total:5.1f}%  {name}" for name, n in own.most_common(top)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path, nargs="?")
    ap.add_argument("--out", type=Path, help="keep the sampled stacks here (a pickle)")
    ap.add_argument("--report", type=Path, help="print the report of stacks kept by --out, build nothing")
    ap.add_argument("--top", type=int, default=60)
    ap.add_argument("--under", help='only the samples under this function ("aeoloop/pagegen.py:step_generate")')
    args = ap.parse_args(argv)
    if args.report is not None:
        stacks: Stacks = pickle.loads(args.report.read_bytes())  # noqa: S301 (our own file)
    elif args.project is not None:
        stacks = profile(args.project.resolve())
        if args.out is not None:
            args.out.write_bytes(pickle.dumps(stacks))
    else:
        ap.error("give a PROJECT_DIR or --report STACKS.pkl")
    print(report(stacks, args.top, args.under))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
