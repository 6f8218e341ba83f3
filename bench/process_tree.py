"""Peak RSS and CPU seconds of every process of one build: which process holds the memory, and when.

    .venv/bin/python bench/process_tree.py [--every 0.05] -- .venv/bin/aeoloop build -j 2

Why: a cold build forks a generate server, its workers, the guardrails' worker, a channel server,
its workers and verify's readers; ``/usr/bin/time`` reports only the largest of them (``%M``) and
the CPU of all. This polls ``/proc`` for the command's process tree and prints, per process, its
parent, when it was first and last seen, its peak RSS (``VmHWM``, exact even between polls) and
its CPU seconds (user + system, as last seen: the last poll interval of a process is missed),
then the build process's RSS over time (one line a second). Run it in the project folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="utf-8") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            out.setdefault(ppid, []).append(int(name))
    return out


def _status(pid: int) -> dict[str, int]:
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        lines = f.read().splitlines()
    return {k: int(v.split()[0]) for k, _, v in (ln.partition(":") for ln in lines) if k in ("VmHWM", "VmRSS", "PPid")}


def _cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--every", type=float, default=0.05, help="seconds between polls")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="the build command (after --)")
    args = ap.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("no command given")
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: dict[int, dict[str, float]] = {}
    timeline: list[tuple[float, int]] = []
    while proc.poll() is None:
        tree, todo = [], [proc.pid]
        kids = _children()
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += kids.get(pid, [])
        now = time.monotonic() - started
        for pid in tree:
            try:
                status, cpu = _status(pid), _cpu(pid)
            except (OSError, IndexError, ValueError):
                continue
            row = seen.setdefault(pid, {"ppid": status.get("PPid", 0), "first": now, "peak": 0, "cpu": 0.0})
            row.update(last=now, peak=max(row["peak"], status.get("VmHWM", 0)), cpu=cpu)
            if pid == proc.pid:
                timeline.append((now, status.get("VmRSS", 0)))
        time.sleep(args.every)
    stderr = proc.stderr.read() if proc.stderr else ""
    print(f"exit {proc.returncode} after {time.monotonic() - started:.1f} s; {stderr.strip().splitlines()[-1:]}")
    total = 0.0
    for pid, row in sorted(seen.items(), key=lambda kv: kv[1]["first"]):
        total += row["cpu"]
        print(
            f"pid {pid} (parent {int(row['ppid'])}) {row['first']:6.1f}–{row.get('last', 0):6.1f} s: "
            f"peak {row['peak'] / 1024:6.1f} MB, {row['cpu']:6.2f} CPU-s"
        )
    print(f"CPU of the processes seen: {total:.2f} s")
    shown = -1
    for now, rss in timeline:
        if int(now) != shown:
            shown = int(now)
            print(f"  {now:6.1f} s: build process RSS {rss / 1024:6.1f} MB")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
