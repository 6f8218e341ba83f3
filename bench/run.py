"""Benchmark `aeoloop build` against plain MkDocs and MkDocs + mkdocs-llmstxt.

    make bench                                   # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --sizes 200,1000 --repeats 3
    .venv/bin/python bench/run.py --repeats 1000:3,4000:1
    .venv/bin/python bench/run.py --quick        # make bench-quick: 300 pages x 3, RESULTS.md untouched

For every size a synthetic corpus (bench/corpus.py, 10 sections) is generated into bench/.work/
(git-ignored). Then, in every repeat and in a rotating order (to spread machine noise over the
variants), four builds are timed as subprocesses, wall clock (time.perf_counter around
subprocess.run):

- plain:   mkdocs build -f mkdocs-plain.yml -q -d <tmp>      (Material + search)
- llmstxt: mkdocs build -f mkdocs-llmstxt.yml -q -d <tmp>    (+ mkdocs-llmstxt, llms.txt and llms-full.txt)
- cold:    aeoloop build -f mkdocs.yml, after deleting generated/, .aeoloop/ and site/
- ci:      aeoloop build -f mkdocs.yml on a "fresh clone": generated/ as committed (the last build's),
           no .aeoloop/ caches and no site/ (what `make build` does in CI; must report 0 regenerated)
- warm:    aeoloop build -f mkdocs.yml again, nothing changed (must report 0 regenerated)
- enriched: mkdocs build -f mkdocs-enriched.yml -q -d <tmp>  (plain MkDocs + Material on the pages aeoloop
           renders: summary box, FAQ, audience block, copy control and JSON-LD written into the Markdown
           from aeoloop's own output by bench/enriched.py, after the first aeoloop build of the size)

warm / enriched and CI / enriched separate what the longer pages cost Material (enriched / plain)
from what the plugin and the engine's steps cost.

CPU seconds (user + system) of each build are read with getrusage(RUSAGE_CHILDREN) around it; the
benchmark makes itself a child subreaper (Linux prctl) and reaps what a build leaves behind, so the
verify workers (children of a multiprocessing fork server the build does not wait for) are counted.
On a shared machine CPU seconds are the comparable figure; wall time measures the other tenants too.

Peak RSS of each build is read with GNU time (`/usr/bin/time -f %M`, the largest process of the
build: with -j workers, the parent or one worker, not their sum); "n/a" where it is missing.

The engine is benchmarked from a snapshot of generator/aeoloop taken at the start (copied to
bench/.work/engine/ and put first on PYTHONPATH, ahead of the editable install), so that edits
made to generator/ while the benchmark runs cannot mix engine versions or invalidate the warm
builds' cache; --live uses the working tree as it is instead.

One untimed plain build per size comes first, to warm the page cache and the bytecode caches.
Medians per variant, the ratios cold/plain, warm/plain, warm/llmstxt, the scaling between the
smallest and the largest size, the site size per page and a per-step profile of the aeoloop
builds (parsed from the final `(load …s, generate …s, render …s, verify …s)` line) are printed
as Markdown and, unless --quick or --no-write, prepended to bench/RESULTS.md as a new dated
section (older sections are kept as history).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import importlib.metadata as md
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
RESULTS = BENCH / "RESULTS.md"
BIN = ROOT / ".venv" / "bin"
MKDOCS = BIN / "mkdocs"
AEOLOOP = BIN / "aeoloop"
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
SECTIONS = 10
ENGINE_SRC = ROOT / "generator" / "aeoloop"
ENGINE_SNAPSHOT = WORK / "engine"
PYTHONPATH: str | None = None  # set to the snapshot folder unless --live
VARIANTS = ["plain", "llmstxt", "cold", "ci", "warm", "enriched"]  # enriched last: it needs an aeoloop build's site
LABELS = {
    "plain": "mkdocs (plain)",
    "llmstxt": "mkdocs + llmstxt",
    "cold": "aeoloop cold",
    "ci": "aeoloop CI",
    "warm": "aeoloop warm",
    "enriched": "mkdocs, enriched pages",
}
# Targets (at 1,000 pages; issue 11).
TARGET_COLD = 2.0
TARGET_CI = 1.3
TARGET_WARM = 1.05
TARGET_RSS = 1.5
GNU_TIME = Path("/usr/bin/time")
LINEAR_TOLERANCE = 1.10  # "linear" = the large/small time ratio is at most 10% above the page ratio

sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402
import enriched  # noqa: E402

ENRICHED: set[Path] = set()  # corpora whose content-enriched/ this run wrote


@dataclass
class Run:
    variant: str
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)
    regenerated: int | None = None
    summary: str = ""
    rss_kb: int | None = None
    cpu: float | None = None  # user + system CPU seconds of the build and its worker processes


@dataclass
class SizeResult:
    pages: int
    repeats: int
    runs: list[Run] = field(default_factory=list)
    site_kb_per_page: dict[str, float] = field(default_factory=dict)
    avg_words: int = 0
    notes: list[str] = field(default_factory=list)

    def times(self, variant: str) -> list[float]:
        return [r.seconds for r in self.runs if r.variant == variant]

    def median(self, variant: str) -> float | None:
        t = self.times(variant)
        return statistics.median(t) if t else None

    def cpu_median(self, variant: str) -> float | None:
        t = [r.cpu for r in self.runs if r.variant == variant and r.cpu is not None]
        return statistics.median(t) if t else None

    def rss_median(self, variant: str) -> float | None:
        t = [r.rss_kb for r in self.runs if r.variant == variant and r.rss_kb]
        return statistics.median(t) if t else None

    def step_medians(self, variant: str) -> dict[str, float]:
        runs = [r for r in self.runs if r.variant == variant and r.steps]
        keys = list(dict.fromkeys(k for r in runs for k in r.steps))
        return {k: statistics.median(r.steps.get(k, 0.0) for r in runs) for k in keys}


class BenchError(SystemExit):
    pass


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        LITELLM_LOCAL_MODEL_COST_MAP="True",
        SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH,
        NO_MKDOCS_2_WARNING="1",  # Material's end-of-life banner, printed even with -q
        PYTHONHASHSEED="0",
    )
    if PYTHONPATH:
        e["PYTHONPATH"] = PYTHONPATH + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    return e


def engine_fingerprint(folder: Path) -> str:
    """sha256 of the engine's source files (paths and contents), to tell versions apart."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def snapshot_engine() -> str:
    """Copy generator/aeoloop to bench/.work/engine/aeoloop, precompile it, return its fingerprint."""
    global PYTHONPATH
    rm(ENGINE_SNAPSHOT)
    ENGINE_SNAPSHOT.mkdir(parents=True)
    shutil.copytree(ENGINE_SRC, ENGINE_SNAPSHOT / "aeoloop", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    compileall.compile_dir(str(ENGINE_SNAPSHOT), quiet=1)
    PYTHONPATH = str(ENGINE_SNAPSHOT)
    probe = subprocess.run(
        [str(BIN / "python"), "-c", "import aeoloop, aeoloop.mkdocs_plugin; print(aeoloop.__file__)"],
        env=env(),
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0 or not probe.stdout.strip().startswith(str(ENGINE_SNAPSHOT)):
        raise BenchError(
            f"could not import aeoloop from the snapshot in {ENGINE_SNAPSHOT}:\n{probe.stdout}{probe.stderr}"
        )
    return engine_fingerprint(ENGINE_SNAPSHOT / "aeoloop")


LAST_CPU: float | None = None


def become_subreaper() -> bool:
    """Adopt the build's orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``), so their CPU time
    is counted: the verify workers are children of a multiprocessing fork server, which the build
    never waits for; without this, CPU seconds leave them out."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # 36 = PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


SUBREAPER = False


def reap_orphans(deadline: float = 30.0) -> None:
    """Wait for the descendants the build left behind (the fork server exits when the build does)."""
    if not SUBREAPER:
        return
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.01)


def timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str], int | None]:
    """(wall seconds, the finished process, peak RSS in KB or None). The CPU seconds (user +
    system, the build's worker processes included) of the last call are in :data:`LAST_CPU`: on
    a shared machine wall time measures the other tenants, CPU time the build."""
    global LAST_CPU
    rss_file = WORK / "rss.txt"
    wrapped = [str(GNU_TIME), "-q", "-f", "%M", "-o", str(rss_file), *cmd] if GNU_TIME.exists() else cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(wrapped, cwd=cwd, env=env(), capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - started
    reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss = None
    if wrapped is not cmd:
        try:
            rss = int(rss_file.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            rss = None
    return seconds, proc, rss


SUMMARY_RE = re.compile(r"built (\d+) pages .*?· (\d+) regenerated")
STEPS_RE = re.compile(r"\(((?:[a-z_]+ [0-9.]+s(?:, )?)+)\)\s*$")


def parse_summary(stderr: str) -> tuple[str, int | None, dict[str, float]]:
    lines = [ln.strip() for ln in stderr.splitlines() if "built " in ln and "regenerated" in ln]
    if not lines:
        return "", None, {}
    line = lines[-1]
    m = SUMMARY_RE.search(line)
    regenerated = int(m.group(2)) if m else None
    steps: dict[str, float] = {}
    s = STEPS_RE.search(line)
    if s:
        for part in s.group(1).split(", "):
            name, value = part.rsplit(" ", 1)
            steps[name] = float(value.rstrip("s"))
    return line, regenerated, steps


def fail(what: str, proc: subprocess.CompletedProcess[str], cmd: list[str], cwd: Path) -> None:
    print(f"\n=== {what} FAILED (exit {proc.returncode}) ===", file=sys.stderr)
    print(f"command: {' '.join(cmd)}\ncwd: {cwd}", file=sys.stderr)
    print("--- stderr ---", file=sys.stderr)
    print(proc.stderr[-20000:], file=sys.stderr)
    if proc.stdout.strip():
        print("--- stdout ---", file=sys.stderr)
        print(proc.stdout[-5000:], file=sys.stderr)
    raise BenchError(f"benchmark aborted: {what} failed with exit code {proc.returncode} (stderr above)")


def rm(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def prepare_enriched(cdir: Path, pages: int) -> None:
    """content-enriched/ from aeoloop's site of this corpus (an untimed aeoloop build first if none)."""
    if cdir in ENRICHED:
        return
    if not (cdir / "site").is_dir():
        cmd = [str(AEOLOOP), "build", "-f", "mkdocs.yml"]
        _s, proc, _r = timed(cmd, cdir)
        if proc.returncode != 0:
            fail(f"untimed aeoloop build for the enriched baseline ({pages} pages)", proc, cmd, cdir)
    _config, count = enriched.write(cdir)
    if count < pages:
        raise BenchError(f"bench/enriched.py enriched {count} of {pages} pages in {cdir}")
    ENRICHED.add(cdir)


def run_variant(variant: str, cdir: Path, pages: int) -> Run:
    if variant == "enriched":
        prepare_enriched(cdir, pages)
    if variant in ("plain", "llmstxt", "enriched"):
        out = WORK / f"out-{variant}-{pages}"
        rm(out)
        cmd = [str(MKDOCS), "build", "-f", f"mkdocs-{variant}.yml", "-q", "-d", str(out)]
        seconds, proc, rss = timed(cmd, cdir)
        if proc.returncode != 0:
            fail(f"{LABELS[variant]} build ({pages} pages)", proc, cmd, cdir)
        return Run(variant, seconds, rss_kb=rss, cpu=LAST_CPU)
    if variant == "cold":
        for name in ("generated", ".aeoloop", "site"):
            rm(cdir / name)
    if variant == "ci":  # a fresh clone: the committed generated/, nothing else
        for name in (".aeoloop", "site"):
            rm(cdir / name)
    cmd = [str(AEOLOOP), "build", "-f", "mkdocs.yml"]
    seconds, proc, rss = timed(cmd, cdir)
    if proc.returncode != 0:
        fail(f"{LABELS[variant]} build ({pages} pages)", proc, cmd, cdir)
    line, regenerated, steps = parse_summary(proc.stderr)
    if not line:
        print(f"warning: no summary line in aeoloop's stderr:\n{proc.stderr[-3000:]}", file=sys.stderr)
    return Run(variant, seconds, steps, regenerated, line, rss, LAST_CPU)


def dir_size(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            p = Path(dirpath) / f
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def bench_size(pages: int, repeats: int, slow_limit: float) -> SizeResult:
    cdir = WORK / f"corpus-{pages}"
    print(f"\n## {pages} pages: generating corpus into {cdir.relative_to(ROOT)}", flush=True)
    stats = corpus.generate(cdir, pages, SECTIONS, seed=0)
    res = SizeResult(pages, repeats, avg_words=stats["avg_words"])
    print(f"   ~{stats['avg_words']} words per page; untimed warm-up build (plain mkdocs)", flush=True)
    run_variant("plain", cdir, pages)
    r = 0
    while r < res.repeats:
        k = r % len(VARIANTS)
        order = VARIANTS[k:] + VARIANTS[:k]
        for variant in order:
            run = run_variant(variant, cdir, pages)
            res.runs.append(run)
            extra = ""
            if run.regenerated is not None:
                extra = (
                    f"  [{run.regenerated} regenerated; "
                    + ", ".join(f"{k} {v:.2f}s" for k, v in run.steps.items())
                    + "]"
                )
            print(f"   repeat {r + 1}/{res.repeats} {LABELS[variant]:<17} {run.seconds:8.2f}s{extra}", flush=True)
            if variant in ("warm", "ci") and run.regenerated != 0:
                msg = f"{variant} build at {pages} pages (repeat {r + 1}) reported {run.regenerated} regenerated, expected 0: `{run.summary}`"
                res.notes.append(msg)
                print(f"   WARNING: {msg}", flush=True)
            if variant == "cold" and run.regenerated is not None and run.regenerated != pages:
                msg = f"cold build at {pages} pages (repeat {r + 1}) reported {run.regenerated} regenerated, expected {pages}"
                res.notes.append(msg)
                print(f"   WARNING: {msg}", flush=True)
        r += 1
        slowest = max((x.seconds for x in res.runs if x.variant in ("cold", "ci", "warm")), default=0.0)
        if r == 1 and res.repeats > 1 and slowest > slow_limit:
            msg = (
                f"an aeoloop build at {pages} pages took {slowest:.0f}s (> {slow_limit:.0f}s): "
                f"recorded with 1 repeat instead of {res.repeats}"
            )
            res.notes.append(msg)
            print(f"   NOTE: {msg}", flush=True)
            res.repeats = 1
    sizes = {
        "plain": dir_size(WORK / f"out-plain-{pages}"),
        "llmstxt": dir_size(WORK / f"out-llmstxt-{pages}"),
        "aeoloop": dir_size(cdir / "site"),
        "enriched": dir_size(WORK / f"out-enriched-{pages}"),
    }
    res.site_kb_per_page = {k: v / 1024 / pages for k, v in sizes.items()}
    return res


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def fmt_ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "n/a"


def machine_info(engine: str) -> list[str]:
    cpu = "unknown"
    ram = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())

    def ver(name: str) -> str:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return "not installed"

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "generator"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        commit += " (with uncommitted changes in generator/)" if dirty else ""
    except OSError:
        commit = "unknown"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- machine: {nproc} cores (nproc), {cpu}, {ram} RAM, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; mkdocs {ver('mkdocs')}, mkdocs-material {ver('mkdocs-material')}, "
        f"mkdocs-llmstxt {ver('mkdocs-llmstxt')}, spaCy {ver('spacy')}, aeoloop {ver('aeoloop')} (git {commit})",
        f"- engine: {engine}",
        f"- load average at start: {load}",
    ]


def report(results: list[SizeResult], header: list[str], command: str, date: str, quick: bool) -> str:
    out: list[str] = []
    title = f"## {date}" + (" (quick smoke run)" if quick else "")
    out += [
        title,
        "",
        *header,
        f"- command: `{command}`",
        f"- corpus: bench/corpus.py, seed 0, {SECTIONS} sections, "
        + ", ".join(f"{r.pages} pages ~{r.avg_words} words/page" for r in results),
        "- wall time per build as a subprocess (`time.perf_counter` around `subprocess.run`), "
        "variants run in rotating order in every repeat, after one untimed warm-up build; "
        "times are medians (min–max) over the repeats; CPU = user + system seconds of the build and every "
        "process it started ("
        + (
            "the fork server's verify workers included: this process adopts orphans"
            if SUBREAPER
            else "without the fork server's verify workers: no subreaper here"
        )
        + ")",
        "",
    ]

    out += [
        "### Build time",
        "",
        "| pages | variant | runs | median | min–max | per page | vs plain | CPU | CPU vs plain | peak RSS | RSS vs plain |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        plain = r.median("plain")
        plain_rss = r.rss_median("plain")
        plain_cpu = r.cpu_median("plain")
        for v in VARIANTS:
            t = r.times(v)
            if not t:
                continue
            med = statistics.median(t)
            rss = r.rss_median(v)
            rss_s = f"{rss / 1024:.0f} MB" if rss else "n/a"
            cpu = r.cpu_median(v)
            cpu_s = f"{cpu:.2f} s" if cpu is not None else "n/a"
            out.append(
                f"| {r.pages:,} | {LABELS[v]} | {len(t)} | {med:.2f} s | {min(t):.2f}–{max(t):.2f} s | "
                f"{med / r.pages * 1000:.1f} ms | {fmt_ratio(med, plain)} | {cpu_s} | {fmt_ratio(cpu, plain_cpu)} | "
                f"{rss_s} | {fmt_ratio(rss, plain_rss)} |"
            )
    out.append("")

    out += [
        "### Ratios",
        "",
        "| pages | cold / plain | CI / plain | warm / plain | CI / llmstxt | warm / llmstxt | cold / llmstxt "
        "| enriched / plain | CI / enriched | warm / enriched |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        p, lt, c, ci, w, e = (r.median(v) for v in VARIANTS)
        out.append(
            f"| {r.pages:,} | {fmt_ratio(c, p)} | {fmt_ratio(ci, p)} | {fmt_ratio(w, p)} | {fmt_ratio(ci, lt)} | "
            f"{fmt_ratio(w, lt)} | {fmt_ratio(c, lt)} | {fmt_ratio(e, p)} | {fmt_ratio(ci, e)} | {fmt_ratio(w, e)} |"
        )
    out += [
        "",
        "The same in CPU seconds (user + system, the build's workers included) and peak RSS:",
        "",
        "| pages | CPU: enriched / plain | CI / enriched | warm / enriched | RSS: enriched / plain | CI / enriched | warm / enriched |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        pc, ec, cic, wc = (r.cpu_median(v) for v in ("plain", "enriched", "ci", "warm"))
        pm, em, cim, wm = (r.rss_median(v) for v in ("plain", "enriched", "ci", "warm"))
        out.append(
            f"| {r.pages:,} | {fmt_ratio(ec, pc)} | {fmt_ratio(cic, ec)} | {fmt_ratio(wc, ec)} | "
            f"{fmt_ratio(em, pm)} | {fmt_ratio(cim, em)} | {fmt_ratio(wm, em)} |"
        )
    out.append("")

    if len(results) >= 2:
        small, large = results[0], results[-1]
        k = large.pages / small.pages
        out += [
            f"### Scaling {small.pages:,} → {large.pages:,} pages (linear = {k:.1f})",
            "",
            f"| variant | {small.pages:,} | {large.pages:,} | ratio |",
            "|---|---:|---:|---:|",
        ]
        for v in VARIANTS:
            a, b = small.median(v), large.median(v)
            if a and b:
                out.append(f"| {LABELS[v]} | {a:.2f} s | {b:.2f} s | {b / a:.2f} |")
        # MkDocs + Material itself is not linear (every page renders its section's nav), so also show
        # what aeoloop adds on top of plain mkdocs.
        pa, pb = small.median("plain"), large.median("plain")
        for v in ("cold", "ci", "warm"):
            a, b = small.median(v), large.median(v)
            if a and b and pa and pb and a > pa and b > pb:
                out.append(f"| {LABELS[v]} minus plain | {a - pa:.2f} s | {b - pb:.2f} s | {(b - pb) / (a - pa):.2f} |")
        out.append("")

    out += [
        "### Site size per page",
        "",
        "| pages | plain | mkdocs + llmstxt | aeoloop | aeoloop / plain | mkdocs, enriched pages |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r.site_kb_per_page
        out.append(
            f"| {r.pages:,} | {s['plain']:.1f} KB | {s['llmstxt']:.1f} KB | {s['aeoloop']:.1f} KB | "
            f"{s['aeoloop'] / s['plain']:.2f}× | {s.get('enriched', 0.0):.1f} KB |"
        )
    out += [
        "",
        "(apparent size of every file in the output folder, divided by the number of pages; "
        "Material's assets and the search index included)",
        "",
    ]

    out += [
        "### Where aeoloop's time goes (per-step medians, from its final stderr line)",
        "",
        "| pages | build | load | generate | render | verify | other steps | wall | wall − steps (startup, publish) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for v in ("cold", "ci", "warm"):
            steps = r.step_medians(v)
            if not steps:
                continue
            wall = r.median(v) or 0.0
            known = ("load", "generate", "render", "verify")
            other = {k: x for k, x in steps.items() if k not in known}
            cells = [f"{steps[k]:.2f} s" if k in steps else "–" for k in known]
            other_s = ", ".join(f"{k} {x:.2f} s" for k, x in other.items()) or "–"
            rest = statistics.median(x.seconds - sum(x.steps.values()) for x in r.runs if x.variant == v and x.steps)
            out.append(f"| {r.pages:,} | {v} | " + " | ".join(cells) + f" | {other_s} | {wall:.2f} s | {rest:.2f} s |")
    out.append("")
    one = next((r for r in results if r.pages == 1000), results[0])
    for v in ("cold", "ci", "warm"):
        run = next((x for x in one.runs if x.variant == v and x.summary), None)
        if run:
            out.append(f"- one {v} run at {one.pages:,} pages ({run.seconds:.2f} s wall): `{run.summary.lstrip('✓ ')}`")
    out.append("")

    out += ["### Targets", ""]
    small = next((r for r in results if r.pages == 300), None)
    if small is not None:  # issue 11: small sites pay no fixed tax
        p, c, ci, w = (small.median(v) for v in ("plain", "cold", "ci", "warm"))
        if p and c and ci and w:
            out += ["| target (300 pages) | result | |", "|---|---:|---|"]
            for name, value, limit in (("cold", c, 2.5), ("CI", ci, 1.5), ("warm", w, 1.3)):
                out.append(
                    f"| {name} ≤ {limit:.1f}× plain mkdocs | {fmt_ratio(value, p)} | "
                    f"{'**met**' if value / p <= limit else '**missed**'} |"
                )
            out.append("")
    target = next((r for r in results if r.pages == 1000), None)
    if target is None:
        out.append("- targets are defined at 1,000 pages; this run has no 1,000-page size.")
    else:
        p, lt, c, ci, w = (target.median(v) for v in ("plain", "llmstxt", "cold", "ci", "warm"))

        def verdict(ok: bool) -> str:
            return "**met**" if ok else "**missed**"

        out += [
            "| target (1,000 pages) | result | |",
            "|---|---:|---|",
            f"| cold ≤ {TARGET_COLD:.1f}× plain mkdocs | {fmt_ratio(c, p)} | {verdict(c / p <= TARGET_COLD)} |",
            f"| CI ≤ {TARGET_CI:.1f}× plain mkdocs | {fmt_ratio(ci, p)} | {verdict(ci / p <= TARGET_CI)} |",
            f"| warm ≤ {TARGET_WARM:.2f}× plain mkdocs | {fmt_ratio(w, p)} | {verdict(w / p <= TARGET_WARM)} |",
            f"| CI faster than mkdocs + llmstxt | {ci:.2f} s vs {lt:.2f} s ({fmt_ratio(ci, lt)}) | {verdict(ci < lt)} |",
            f"| warm faster than mkdocs + llmstxt | {w:.2f} s vs {lt:.2f} s ({fmt_ratio(w, lt)}) | {verdict(w < lt)} |",
        ]
        prss = target.rss_median("plain")
        for v in ("cold", "ci", "warm"):
            rss = target.rss_median(v)
            if rss and prss:
                out.append(
                    f"| peak RSS {v} ≤ {TARGET_RSS:.1f}× plain | {fmt_ratio(rss, prss)} | {verdict(rss / prss <= TARGET_RSS)} |"
                )
        big = next((r for r in results if r.pages > 1000), None)
        if big is not None:
            k = big.pages / 1000
            for v in ("cold", "ci", "warm"):
                a, b = target.median(v), big.median(v)
                if a and b:
                    out.append(
                        f"| {LABELS[v]} 1k → {big.pages // 1000}k linear (≤ {k * LINEAR_TOLERANCE:.1f}, "
                        f"i.e. ≤ {LINEAR_TOLERANCE:.2f}× linear) | {b / a:.2f} | {verdict(b / a <= k * LINEAR_TOLERANCE)} |"
                    )
        else:
            out.append("| 1k → 4k linear | not measured (no size above 1,000) | |")
    out.append("")

    notes = [n for r in results for n in r.notes]
    if notes:
        out += ["### Notes", "", *[f"- {n}" for n in notes], ""]

    out += ["<details><summary>Raw timings (seconds, in run order)</summary>", ""]
    for r in results:
        for v in VARIANTS:
            out.append(f"- {r.pages:,} {LABELS[v]}: " + ", ".join(f"{t:.2f}" for t in r.times(v)))
    out += ["", "</details>", ""]
    return "\n".join(out)


RESULTS_HEAD = """# aeoloop benchmark results

Written by `make bench` (`bench/run.py`); newest run first, older runs kept below as history.
Baselines: the same synthetic corpus built by plain MkDocs + Material (`mkdocs-plain.yml`) and by
MkDocs + Material + mkdocs-llmstxt (`mkdocs-llmstxt.yml`), and (since session 8) plain MkDocs + Material
on the enriched pages aeoloop renders (`mkdocs-enriched.yml`, `bench/enriched.py`: what the longer
pages cost Material, apart from the plugin and the engine's steps). Targets at 1,000 pages (issue 11): cold
≤ 2.0× plain mkdocs; CI (fresh clone: generated/ committed, no caches) ≤ 1.3×; warm (nothing
changed) ≤ 1.05×; CI and warm faster than mkdocs + llmstxt; peak RSS ≤ 1.5× plain; 1k → 4k linear.

"""


def write_results(section: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    m = re.search(r"^## ", old, re.M)
    history = old[m.start() :] if m else ""
    RESULTS.write_text(RESULTS_HEAD + section.rstrip() + "\n\n" + history, encoding="utf-8")


def parse_repeats(text: str, sizes: list[int]) -> dict[int, int]:
    if ":" not in text:
        return {s: int(text) for s in sizes}
    out = {}
    for part in text.split(","):
        size, n = part.split(":")
        out[int(size)] = int(n)
    return {s: out.get(s, 3) for s in sizes}


def main(argv: list[str] | None = None) -> int:
    global SUBREAPER
    SUBREAPER = become_subreaper()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,4000", help="comma-separated page counts (default 1000,4000)")
    ap.add_argument("--repeats", default="3", help="repeats per size: N, or SIZE:N,SIZE:N (default 3)")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="300 pages, 3 repeats (make bench-quick, ~5 minutes on a quiet 2-core machine); does not write RESULTS.md unless --write",
    )
    ap.add_argument("--no-write", action="store_true", help="print the results only")
    ap.add_argument("--write", action="store_true", help="write RESULTS.md even with --quick")
    ap.add_argument(
        "--live",
        action="store_true",
        help="run the engine from generator/ as it is (default: from a snapshot taken at the start)",
    )
    ap.add_argument(
        "--tailor",
        action="store_true",
        help="what 3 audiences cost: warm and CI builds with and without them (bench/tailor_bench.py)",
    )
    ap.add_argument(
        "--tailor-parts",
        action="store_true",
        help="where 3 audiences cost: CPU per step of CI builds with and without them, and without the "
        "audience block, in one process (bench/tailor_bench.py)",
    )
    ap.add_argument(
        "--slow-limit",
        type=float,
        default=180.0,
        help="if an aeoloop build takes longer than this many seconds, that size gets 1 repeat (default 180)",
    )
    args = ap.parse_args(argv)

    for binary in (MKDOCS, AEOLOOP):
        if not binary.exists():
            raise BenchError(f"{binary} not found; run `make env` first")
    sizes = [300] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    sizes.sort()
    repeats = {300: 3} if args.quick else parse_repeats(args.repeats, sizes)
    command = ".venv/bin/python bench/run.py" + ("" if not sys.argv[1:] else " " + " ".join(sys.argv[1:]))
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    WORK.mkdir(parents=True, exist_ok=True)
    start_fp = engine_fingerprint(ENGINE_SRC)
    if args.live:
        engine = f"generator/aeoloop as it was during the run (--live; source sha256 {start_fp} at start)"
    else:
        snap_fp = snapshot_engine()
        engine = f"snapshot of generator/aeoloop taken at start (source sha256 {snap_fp})"
    header = machine_info(engine)
    print("\n".join(header), flush=True)
    if args.tailor or args.tailor_parts:
        import tailor_bench

        started = time.perf_counter()
        run = tailor_bench.parts if args.tailor_parts else tailor_bench.run
        body = run(sizes, repeats, sys.modules[__name__])
        section = (
            f"## {date}: Tailor, 3 audiences (`{command}`)\n\n"
            + "\n".join(header)
            + "\n\n"
            + body
            + f"\n_total benchmark time: {(time.perf_counter() - started) / 60:.1f} min_\n"
        )
        print("\n" + section, flush=True)
        if not args.no_write:
            write_results(section)
        return 0

    results = []
    started = time.perf_counter()
    for pages in sizes:
        results.append(bench_size(pages, repeats[pages], args.slow_limit))
    elapsed = time.perf_counter() - started

    end_fp = engine_fingerprint(ENGINE_SRC)
    if end_fp != start_fp:
        note = f"generator/aeoloop was edited while the benchmark ran (source sha256 {start_fp} → {end_fp}); " + (
            "these numbers mix engine versions (--live)" if args.live else "the snapshot kept the numbers consistent"
        )
        results[-1].notes.append(note)
        print(f"NOTE: {note}", flush=True)
    section = report(results, header, command, date, args.quick)
    section += f"\n_total benchmark time: {elapsed / 60:.1f} min_\n"
    print("\n" + section, flush=True)
    raw = WORK / f"raw-{dt.datetime.now(dt.timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.json"
    raw.write_text(
        json.dumps(
            [
                {
                    "pages": r.pages,
                    "runs": [vars(x) for x in r.runs],
                    "site_kb_per_page": r.site_kb_per_page,
                    "notes": r.notes,
                }
                for r in results
            ],
            indent=1,
        ),
        encoding="utf-8",
    )
    if (not args.quick or args.write) and not args.no_write:
        write_results(section)
        print(f"wrote {RESULTS.relative_to(ROOT)} (raw runs in {raw.relative_to(ROOT)})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
