"""Benchmark `aeoloop lint` against proselint on the same Markdown files, in the same run.

    .venv/bin/python bench/lint_bench.py                       # 1,000 pages, 3 repeats
    .venv/bin/python bench/lint_bench.py --pages 200 --repeats 1 --no-write

The corpus is bench/corpus.py's synthetic site (N pages in 10 sections, ~900 words each),
generated once into bench/.work/lint-corpus-N/ (git-ignored) and reused. Both linters check
every content/*.md file:

- aeoloop: the example rule set of this repository (brand/voice.yml, the brand/vale/Ridgeline
  style and its vocabulary, with brand/glossary.yml), `lint_files` as `aeoloop lint` runs it;
- proselint: its Python API, every check enabled by default (`LintFile(path).lint(DEFAULT)`).

Throughput is words per second, with words counted the same way for both (whitespace-separated
tokens of the whole files, front matter included). Each repeat times both tools in alternating
order (to spread machine noise); per-word caches of aeoloop (syllables) are cleared before each
of its runs, so every run pays for them. One untimed warm-up run of each comes first (imports,
the CMU dictionary, proselint's check registry). The medians, their ratio and the target
(aeoloop >= 1.5x proselint) are printed as Markdown and prepended to bench/results-lint.md
unless --no-write. A cold start (a new process: imports, rule loading, one full lint) is timed
once for each tool as well.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata as md
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
RESULTS = ROOT / "bench" / "results-lint.md"
TARGET = 1.5

sys.path.insert(0, str(ROOT / "generator"))


def corpus(pages: int, sections: int) -> Path:
    out = WORK / f"lint-corpus-{pages}"
    if (out / "content").is_dir() and sum(1 for _ in (out / "content").rglob("*.md")) == pages:
        return out
    script = ROOT / "bench" / "corpus.py"
    if script.is_file():
        subprocess.run(
            [sys.executable, str(script), str(out), "--pages", str(pages), "--sections", str(sections)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    else:  # pragma: no cover - fallback when corpus.py is not there
        _simple_corpus(out, pages)
    return out


def _simple_corpus(out: Path, pages: int) -> None:
    import random

    rnd = random.Random(0)
    words = (
        "maintenance vibration bearing sensor planner alarm spectrum baseline pump motor gearbox fan "
        "condition monitoring programme asset failure downtime repair schedule reading trend"
    ).split()
    for i in range(pages):
        path = out / "content" / f"s{i % 10}" / f"page-{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = []
        for s in range(6):
            body.append(f"## Section {s} about {rnd.choice(words)}\n")
            for _ in range(3):
                body.append(
                    " ".join(" ".join(rnd.choices(words, k=rnd.randint(8, 24))).capitalize() + "." for _ in range(4))
                    + "\n"
                )
        path.write_text(f"---\ntitle: Page {i}\n---\n\n" + "\n".join(body), encoding="utf-8")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def run_aeoloop(files: list[Path], ruleset, root: Path) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    from aeoloop.express import textstats
    from aeoloop.express.lint import lint_files

    textstats._SYLLABLES.clear()
    textstats._INFO.clear()
    started, cpu = time.perf_counter(), time.process_time()
    report = lint_files(files, ruleset, root)
    return time.perf_counter() - started, time.process_time() - cpu, len(report.violations)


def run_proselint(files: list[Path]) -> tuple[float, float, int]:
    from proselint.config import DEFAULT
    from proselint.tools import LintFile

    started, cpu = time.perf_counter(), time.process_time()
    found = 0
    for path in files:
        found += len(LintFile(path).lint(DEFAULT))
    return time.perf_counter() - started, time.process_time() - cpu, found


COLD_AEOLOOP = """
import sys, time; t = time.perf_counter()
sys.path.insert(0, {gen!r})
from pathlib import Path
from aeoloop.project import Project
from aeoloop.express.lint import lint_files, markdown_files, project_rules
rules = project_rules(Project.load(Path({root!r}) / "mkdocs.yml"))
lint_files(markdown_files([Path({content!r})]), rules, Path({corpus!r}))
print(time.perf_counter() - t)
"""
COLD_PROSELINT = """
import sys, time; t = time.perf_counter()
from pathlib import Path
from proselint.checks import __register__
from proselint.config import DEFAULT
from proselint.registry import CheckRegistry
from proselint.tools import LintFile
CheckRegistry().register_many(__register__)
for p in sorted(Path({content!r}).rglob("*.md")):
    LintFile(p).lint(DEFAULT)
print(time.perf_counter() - t)
"""


def cold(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--sections", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-write", action="store_true", help="print the results only")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-start (new process) timings")
    args = ap.parse_args()

    from proselint.checks import __register__
    from proselint.registry import CheckRegistry

    from aeoloop.express.lint import markdown_files, project_rules
    from aeoloop.project import Project

    folder = corpus(args.pages, args.sections)
    files = markdown_files([folder / "content"])
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    size = sum(p.stat().st_size for p in files)
    project = Project.load(ROOT / "mkdocs.yml")
    ruleset = project_rules(project)
    CheckRegistry().register_many(__register__)
    print(
        f"corpus: {len(files)} files, {words:,} words, {size / 1e6:.1f} MB; {len(ruleset.rules)} aeoloop rules",
        file=sys.stderr,
    )

    run_aeoloop(files, ruleset, folder)  # warm-up: imports, CMU dictionary
    run_proselint(files[:50])  # warm-up: proselint's checks
    times: dict[str, list[float]] = {"aeoloop": [], "proselint": []}
    cpu_times: dict[str, list[float]] = {"aeoloop": [], "proselint": []}
    found: dict[str, int] = {}
    for r in range(args.repeats):
        order = ["aeoloop", "proselint"] if r % 2 == 0 else ["proselint", "aeoloop"]
        for tool in order:
            seconds, cpu, n = run_aeoloop(files, ruleset, folder) if tool == "aeoloop" else run_proselint(files)
            times[tool].append(seconds)
            cpu_times[tool].append(cpu)
            found[tool] = n
            print(
                f"repeat {r + 1} {tool}: {seconds:.2f} s ({cpu:.2f} s CPU), {words / seconds:,.0f} words/s, {n} findings",
                file=sys.stderr,
            )

    cold_times: dict[str, float] = {}
    if not args.no_cold:
        fill = {
            "gen": str(ROOT / "generator"),
            "root": str(ROOT),
            "content": str(folder / "content"),
            "corpus": str(folder),
        }
        cold_times["aeoloop"] = cold(COLD_AEOLOOP.format(**fill))
        cold_times["proselint"] = cold(COLD_PROSELINT.format(**fill))

    med = {tool: statistics.median(ts) for tool, ts in times.items()}
    med_cpu = {tool: statistics.median(ts) for tool, ts in cpu_times.items()}
    wps = {tool: words / s for tool, s in med.items()}
    wps_cpu = {tool: words / s for tool, s in med_cpu.items()}
    ratio = wps["aeoloop"] / wps["proselint"]
    ratio_cpu = wps_cpu["aeoloop"] / wps_cpu["proselint"]
    verdict = "met" if ratio >= TARGET else "NOT met"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    versions = ", ".join(f"{p} {md.version(p)}" for p in ("proselint", "textstat", "markdown-it-py", "PyYAML"))
    command = "python bench/lint_bench.py " + " ".join(sys.argv[1:])
    lines = [
        f"## {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        "",
        f"- machine: {machine()}",
        f"- command: `{command.strip()}`; {versions}",
        f"- corpus: bench/corpus.py, {len(files):,} pages in {args.sections} sections, {words:,} words "
        f"({size / 1e6:.1f} MB); words = whitespace-separated tokens of the files, the same count for both tools",
        f"- aeoloop rule set: the example brand ({len(ruleset.rules)} rules: brand/voice.yml, brand/vale/Ridgeline, "
        "its vocabulary and the glossary's case-sensitive names)",
        f"- {args.repeats} repeats, alternating order, medians; aeoloop's per-word caches cleared before each run; "
        f"load average at the end: {load:.1f} (other jobs share this machine: CPU time is the steadier measure)",
        "",
        "| tool | median wall s | words/s (wall) | median CPU s | words/CPU-s | findings | runs, wall (s) |"
        + (" cold start, new process (s) |" if cold_times else ""),
        "|---|---:|---:|---:|---:|---:|---|" + ("---:|" if cold_times else ""),
    ]
    for tool in ("aeoloop", "proselint"):
        row = (
            f"| {tool} | {med[tool]:.2f} | {wps[tool]:,.0f} | {med_cpu[tool]:.2f} | {wps_cpu[tool]:,.0f} | {found[tool]:,} | "
            f"{', '.join(f'{t:.2f}' for t in times[tool])} |"
        )
        if cold_times:
            row += f" {cold_times[tool]:.2f} |"
        lines.append(row)
    lines += [
        "",
        f"aeoloop / proselint throughput: **{ratio:.2f}x** wall clock, {ratio_cpu:.2f}x CPU time "
        f"(target >= {TARGET}x: {verdict}).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        header = "# aeoloop lint benchmark\n\nNewest first. Produced by `bench/lint_bench.py` (see its docstring for the method).\n\n"
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
        old = old.split("\n\n", 2)[2] if old.startswith("# aeoloop lint benchmark") and old.count("\n\n") >= 2 else old
        RESULTS.write_text(header + text + "\n" + old, encoding="utf-8")


if __name__ == "__main__":
    main()
