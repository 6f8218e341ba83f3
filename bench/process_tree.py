"""Peak RSS and CPU seconds of every process of one build: which process holds the memory, and when.

    .venv/bin/python bench/process_tree.py [--every 0.05] -- .venv/bin/aeoloop build -j 2

Why: a cold build forks a generate server, its workers, the guardrails' worker, a channel server,
its workers and verify's readers; ``/usr/bin/time`` reports only the largest of them (``%M``) and
the CPU of all. This polls ``/proc`` for the command's process tree and prints, per process, its
parent, when it was first and last seen, its peak RSS (``VmHWM``, exact even between polls) and
its CPU seconds (user + system, as last seen: the last poll interval of a process is missed),
then the build process's RSS over time (one line a second). Run it in the project folder.

``--smaps N``: also what each process held at the highest RSS seen, from ``/proc/PID/smaps``: the
resident MB of its N largest mappings, grouped (``[anon]``, ``[heap]``, a shared library by file
name, an installed package's extension modules by the package's folder). Reading ``smaps`` takes a
few ms, so it is read only when a process's RSS has grown by 0.5 MB since its last read.
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


def _smaps(pid: int) -> dict[str, int]:
    """Resident kB of ``pid``'s mappings, grouped by what is mapped (see ``--smaps``)."""
    groups: dict[str, int] = {}
    name = "[anon]"
    with open(f"/proc/{pid}/smaps", encoding="utf-8") as f:
        for line in f:
            head = line.split(maxsplit=6)
            if len(head) >= 5 and "-" in head[0] and ":" not in head[0]:  # a mapping's first line
                path = head[5].strip() if len(head) > 5 else "[anon]"
                if "/site-packages/" in path:
                    path = path.split("/site-packages/", 1)[1].split("/", 1)[0]
                elif path.startswith("/"):
                    path = os.path.basename(path)
                name = path
            elif line.startswith("Rss:"):
                groups[name] = groups.get(name, 0) + int(line.split()[1])
    return groups


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--every", type=float, default=0.05, help="seconds between polls")
    ap.add_argument("--smaps", type=int, default=0, metavar="N", help="the N largest mappings at each peak")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="the build command (after --)")
    args = ap.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("no command given")
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: dict[int, dict[str, float]] = {}
    held: dict[int, tuple[int, dict[str, int]]] = {}  # pid -> (VmRSS kB, smaps groups) at the highest read
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
            rss = status.get("VmRSS", 0)
            if args.smaps and rss > held.get(pid, (0, {}))[0] + 512:
                try:
                    held[pid] = (rss, _smaps(pid))
                except OSError:
                    pass
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
        if pid in held:
            rss, groups = held[pid]
            top = sorted(groups.items(), key=lambda kv: -kv[1])[: args.smaps]
            print(f"    at {rss / 1024:.1f} MB: " + ", ".join(f"{name} {kb / 1024:.1f}" for name, kb in top))
    print(f"CPU of the processes seen: {total:.2f} s")
    shown = -1
    for now, rss in timeline:
        if int(now) != shown:
            shown = int(now)
            print(f"  {now:6.1f} s: build process RSS {rss / 1024:6.1f} MB")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
