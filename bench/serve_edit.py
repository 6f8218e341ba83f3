"""Edit one page under ``aeoloop serve``: seconds from the save to the rebuilt page on disk.

    .venv/bin/python bench/serve_edit.py --sizes 300,1000 --edits 5 [--baseline]

For each size: a synthetic corpus (``bench/corpus.py``, seed 0) in ``bench/.work/serve-N``, one
``aeoloop build`` so ``generated/`` and the caches exist (as in a writer's checkout), then
``aeoloop serve`` on a free port with ``--site-dir``. Each edit appends a paragraph with a unique
marker to a different page; the clock starts when the file is written and stops when that page's
``index.html`` holds the marker (polled every 20 ms). The next edit waits for the server to finish
("Reloading browsers"). Reported: median, min and max of the edits (the first edit of a session
also loads the NLP pipeline, so it is reported apart), the server's CPU seconds per edit (user +
sys from /proc: comparable under load, unlike wall time), how many other pages' HTML files were
rewritten (0 for an incremental rebuild), and the server's peak RSS (VmHWM).

``--baseline`` also times the same edits under ``mkdocs serve -f mkdocs-plain.yml`` (plain
MkDocs + Material rebuilding the whole site on every save, which is what ``mkdocs serve`` does).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
BIN = ROOT / ".venv" / "bin"


@dataclass
class Edit:
    page: str
    seconds: float
    cpu: float
    others_rewritten: int
    engine: str = ""


@dataclass
class Session:
    engine: str
    pages: int
    edits: list[Edit] = field(default_factory=list)
    rss_mb: float | None = None
    startup: float = 0.0


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(LITELLM_LOCAL_MODEL_COST_MAP="True", NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    return e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the process and its waited-for children, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks  # utime, stime, cutime, cstime


def peak_rss_mb(pid: int) -> float | None:
    m = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(m.group(1)) / 1024 if m else None


def corpus(pages: int) -> Path:
    cdir = WORK / f"serve-{pages}"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), str(cdir), "--pages", str(pages), "--sections", "10"],
        check=True,
        env=env(),
    )
    subprocess.run([str(BIN / "aeoloop"), "build", "-f", "mkdocs.yml"], cwd=cdir, check=True, env=env())
    return cdir


def html_of(site: Path, src_uri: str) -> Path:
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / stem.removesuffix("index") / "index.html"
    return site / stem / "index.html"


def wait_for(pred, timeout: float, what: str, poll: float = 0.02) -> float:
    started = time.perf_counter()
    while not pred():
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)
    return time.perf_counter() - started


def run_session(engine: str, cdir: Path, edits: int, timeout: float) -> Session:
    port = free_port()
    log_path = cdir / f"serve-{engine}.log"
    tmp = Path(tempfile.mkdtemp(prefix="serve-bench-", dir=WORK))
    if engine == "aeoloop":
        site = tmp / "site"
        cmd = [str(BIN / "aeoloop"), "serve", "-a", f"127.0.0.1:{port}", "--site-dir", str(site)]
    else:  # plain mkdocs serve builds into a mkdtemp folder: give it its own TMPDIR to find it
        site = None
        cmd = [str(BIN / "mkdocs"), "serve", "-f", "mkdocs-plain.yml", "-a", f"127.0.0.1:{port}"]
    log = log_path.open("w")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cdir, stdout=log, stderr=subprocess.STDOUT, env={**env(), "TMPDIR": str(tmp)})
    session = Session(engine, 0)
    try:

        def text() -> str:
            return log_path.read_text(errors="replace")

        def alive() -> None:
            if proc.poll() is not None:
                raise SystemExit(f"{engine} serve exited ({proc.returncode}):\n{text()[-4000:]}")

        def serving() -> bool:
            alive()
            return "Serving on" in text()

        session.startup = wait_for(serving, timeout * 4, f"{engine} serve to start")
        if site is None:
            site = next(p for p in tmp.iterdir() if p.name.startswith("mkdocs_"))
        pages = sorted(p.relative_to(cdir / "content").as_posix() for p in (cdir / "content").rglob("*.md"))
        session.pages = len(pages)
        step = max(1, len(pages) // (edits + 1))
        for i in range(edits):
            src_uri = pages[(i + 1) * step]
            path = cdir / "content" / src_uri
            marker = f"serve-edit-marker-{os.getpid()}-{i}"
            before = {p: p.stat().st_mtime_ns for p in site.rglob("index.html")}
            reloads = text().count("Reloading browsers")
            cpu0 = cpu_seconds(proc.pid)
            body = path.read_text(encoding="utf-8")
            path.write_text(
                body.rstrip("\n") + f"\n\nThe review added one more check ({marker}) before the quarterly rollout.\n",
                encoding="utf-8",
            )
            t0 = time.perf_counter()
            out = html_of(site, src_uri)

            def rebuilt(out: Path = out, marker: str = marker) -> bool:
                alive()
                try:
                    return marker in out.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    return False

            wait_for(rebuilt, timeout, f"{out} to hold the edit")
            seconds = time.perf_counter() - t0
            wait_for(lambda n=reloads: text().count("Reloading browsers") > n, timeout, "the rebuild to finish")
            cpu = cpu_seconds(proc.pid) - cpu0
            others = sum(1 for p, m in before.items() if p != out and p.exists() and p.stat().st_mtime_ns != m)
            found = re.findall(r"edited page\(s\) through the engine in ([0-9.]+) s \((\d+) regenerated\)", text())
            engine_note = f"{found[-1][0]} s, {found[-1][1]} regenerated" if found and engine == "aeoloop" else ""
            session.edits.append(Edit(src_uri, seconds, cpu, others, engine_note))
            print(
                f"  {engine} {len(pages)} pages, edit {i + 1}: {src_uri}: {seconds:.2f} s to the page, "
                f"{cpu:.2f} CPU s, {others} other pages rewritten" + (f", engine {engine_note}" if engine_note else ""),
                flush=True,
            )
            path.write_text(body, encoding="utf-8")  # put it back (the next edit waits for this rebuild too)
            reloads = text().count("Reloading browsers")
            wait_for(lambda n=reloads: text().count("Reloading browsers") > n, timeout, "the restore to rebuild")
            time.sleep(0.3)
        session.rss_mb = peak_rss_mb(proc.pid)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()
    print(f"  ({engine} serve log: {log_path}; started in {time.perf_counter() - started:.0f} s)", flush=True)
    return session


def report(sessions: list[Session]) -> str:
    lines = [
        "| engine | pages | edits | first edit | median of the rest (min–max) | CPU s per edit (median) "
        "| other pages rewritten | serve peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sessions:
        rest = [e.seconds for e in s.edits[1:]] or [s.edits[0].seconds]
        lines.append(
            f"| {s.engine} serve | {s.pages} | {len(s.edits)} | {s.edits[0].seconds:.2f} s "
            f"| {statistics.median(rest):.2f} s ({min(rest):.2f}–{max(rest):.2f}) "
            f"| {statistics.median(e.cpu for e in s.edits):.2f} "
            f"| {max(e.others_rewritten for e in s.edits)} "
            f"| {s.rss_mb:.0f} MB |"
            if s.rss_mb
            else "| ? |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="300,1000", help="comma-separated page counts (default 300,1000)")
    ap.add_argument("--edits", type=int, default=4, help="edits per size (default 4: the first, then 3 more)")
    ap.add_argument("--baseline", action="store_true", help="also time plain `mkdocs serve` (full rebuilds)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for one rebuild")
    args = ap.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}", flush=True)
    sessions = []
    for size in [int(x) for x in args.sizes.split(",") if x.strip()]:
        cdir = corpus(size)
        sessions.append(run_session("aeoloop", cdir, args.edits, args.timeout))
        if args.baseline:
            sessions.append(run_session("mkdocs", cdir, args.edits, args.timeout))
    load = os.getloadavg()
    print(f"\nload average at end: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}\n")
    print(report(sessions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
