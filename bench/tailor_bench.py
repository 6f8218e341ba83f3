"""What Tailor costs: the same corpus built with and without 3 audiences, in one command.

    .venv/bin/python bench/run.py --tailor --sizes 1000 --repeats 3

Two copies of the bench corpus (bench/corpus.py, same seed) go to bench/.work/: ``corpus-<n>``
without audiences and ``corpus-<n>-tailor`` with a brand/audiences.yml of 3 audiences (revenue
operations managers, sales leaders, founders: pains, goals and keywords in the corpus' own
vocabulary) and ``audiences: [all three]`` on every page, so every page × audience gets an intro
attempt, and those with an intro their newsletter and LinkedIn post. Each copy gets one untimed
cold build (generated/ and the caches filled). Then, in every repeat and in a rotating order:

- warm:  ``aeoloop build`` again, nothing changed (must report 0 regenerated);
- ci:    ``aeoloop build`` after deleting .aeoloop/ and site/ (a CI runner on a fresh clone:
  generated/ is committed, the caches are not),

for both copies. Medians (≥ 3 repeats: the machine is shared and noisy) of wall time and of CPU
time (user + system of the build and its worker processes: what the build costs, whatever else
runs on the machine), the ratio tailored / plain of each (target ≤ 1.10), and the per-step wall
medians (``tailor`` and ``render`` are where audiences cost) are printed and, unless --no-write,
prepended to bench/RESULTS.md.

The 1,000-page measurement is the one command above (about 25 minutes on a quiet 2-core machine:
two untimed cold builds, then 3 × 4 timed builds).
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

import corpus

TARGET = 1.10

AUDIENCES_YML = """\
# 3 audiences for the Tailor benchmark (bench/tailor_bench.py)
page_types:
  - {type: guide, paths: ["*"], stage: awareness}
audiences:
  - id: revops-managers
    name: Revenue operations managers
    role: Revenue operations manager
    keywords: [CRM data hygiene, attribution reporting, pipeline reviews]
    pains:
      - CRM data that nobody trusts, so every pipeline review starts with an argument about the numbers
      - Attribution reports that credit the last touch and hide what really sourced the pipeline
    goals:
      - One forecast the whole team uses, built from clean CRM data
      - Reporting that shows which programmes create pipeline and revenue
    cta: {text: Get the revenue operations checklist, url: "https://example.com/checklist/"}
  - id: sales-leaders
    name: Sales leaders
    role: VP of sales or sales director
    keywords: [quota setting, territory planning, win-loss analysis]
    pains:
      - Quotas and territories set from last year's numbers that miss the real capacity of the team
      - Deals that slip every quarter without a clear reason in the win-loss analysis
    goals:
      - Hit the quarterly number with a forecast that holds within five percent
      - Spend coaching time on the deals and reps where it changes the result
    ctas:
      awareness: {text: Download the pipeline review template, url: "https://example.com/template/"}
      decision: {text: Book a demo, url: "https://example.com/demo/"}
  - id: founders
    name: Founders
    role: Founder or CEO
    keywords: [pricing experiments, expansion revenue, churn analysis]
    pains:
      - Churn that eats the growth from new customers before anyone notices the trend
      - Pricing set once at launch and never tested again
    goals:
      - Grow expansion revenue from existing customers faster than new business
      - Know which customers will renew months before the contract ends
    cta: {text: Talk to a revenue operations advisor, url: "/contact/"}
"""
IDS = "[revops-managers, sales-leaders, founders]"
VARIANTS = ["warm", "warm-tailored", "ci", "ci-tailored"]


def add_audiences(cdir: Path) -> int:
    """The audiences file and ``audiences:`` on every page; returns how many pages got them."""
    (cdir / "brand" / "audiences.yml").write_text(AUDIENCES_YML, encoding="utf-8")
    n = 0
    for page in sorted((cdir / "content").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            page.write_text("---\naudiences: " + IDS + "\n" + text[4:], encoding="utf-8")
            n += 1
    return n


def run(sizes: list[int], repeats: dict[int, int], run_mod) -> str:  # noqa: ANN001 - bench/run.py as a module
    """Build, time and report; returns the Markdown section."""
    lines = []
    for pages in sizes:
        plain = run_mod.WORK / f"corpus-{pages}"
        tailored = run_mod.WORK / f"corpus-{pages}-tailor"
        print(
            f"\n## Tailor at {pages} pages: corpora in {plain.relative_to(run_mod.ROOT)} and {tailored.name}",
            flush=True,
        )
        corpus.generate(plain, pages, run_mod.SECTIONS, seed=0)
        corpus.generate(tailored, pages, run_mod.SECTIONS, seed=0)
        pages_with = add_audiences(tailored)
        for cdir in (plain, tailored):
            started = time.perf_counter()
            cold = run_mod.run_variant("cold", cdir, pages)
            print(
                f"   untimed cold build of {cdir.name}: {time.perf_counter() - started:.1f}s  [{cold.summary[-200:]}]",
                flush=True,
            )
        times: dict[str, list[float]] = {v: [] for v in VARIANTS}
        cpus: dict[str, list[float]] = {v: [] for v in VARIANTS}
        steps: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
        notes = []
        for r in range(repeats[pages]):
            order = VARIANTS[r % 4 :] + VARIANTS[: r % 4]
            for variant in order:
                cdir = tailored if variant.endswith("-tailored") else plain
                if variant.startswith("ci"):
                    for name in (".aeoloop", "site"):
                        run_mod.rm(cdir / name)
                got = run_mod.run_variant("warm", cdir, pages)
                times[variant].append(got.seconds)
                cpus[variant].append(got.cpu or 0.0)
                steps[variant].append(got.steps)
                if got.regenerated != 0:
                    notes.append(
                        f"{variant} (repeat {r + 1}) regenerated {got.regenerated} pages, expected 0: `{got.summary}`"
                    )
                print(
                    f"   repeat {r + 1}/{repeats[pages]} {variant:<14} {got.seconds:8.2f}s (CPU {got.cpu or 0:.2f}s)  tailor "
                    f"{got.steps.get('tailor', 0):.2f}s render {got.steps.get('render', 0):.2f}s",
                    flush=True,
                )
        med = {v: statistics.median(t) for v, t in times.items()}
        cpu = {v: statistics.median(t) for v, t in cpus.items()}
        lines += [
            f"### {pages} pages, 3 audiences on every page ({pages_with} pages), {repeats[pages]} repeats",
            "",
            "| build | measure | without audiences | with 3 audiences | ratio | tailoring adds | target |",
            "|---|---|---|---|---|---|---|",
        ]
        added = []
        for kind, label in (
            ("warm", "warm (nothing changed)"),
            ("ci", "CI (fresh clone: generated/ committed, no caches)"),
        ):
            for name, values in (("wall", med), ("CPU", cpu)):
                ratio = values[f"{kind}-tailored"] / values[kind] if values[kind] else float("nan")
                verdict = "met" if ratio <= TARGET else "**missed**"
                lines.append(
                    f"| {label} | {name} | {values[kind]:.2f} s | {values[kind + '-tailored']:.2f} s | {ratio:.3f} "
                    f"| {(ratio - 1) * 100:+.1f}% | ≤ {TARGET:.2f}: {verdict} |"
                )
                added.append(f"{kind} {(ratio - 1) * 100:+.1f}% ({name})")
        lines += ["", f"**Tailoring adds at {pages} pages** (target ≤ +{(TARGET - 1) * 100:.0f}%): " + ", ".join(added)]
        lines += [
            "",
            "Per-step medians (s):",
            "",
            "| build | " + " | ".join(k for k in _keys(steps)) + " |",
            "|---|" + "---|" * len(_keys(steps)),
        ]
        for v in VARIANTS:
            row = [f"{statistics.median(s.get(k, 0.0) for s in steps[v]):.2f}" for k in _keys(steps)]
            lines.append(f"| {v} | " + " | ".join(row) + " |")
        lines += [
            "",
            "Raw times (s): " + "; ".join(f"{v}: " + ", ".join(f"{t:.2f}" for t in times[v]) for v in VARIANTS),
            "",
            "Raw CPU (s): " + "; ".join(f"{v}: " + ", ".join(f"{t:.2f}" for t in cpus[v]) for v in VARIANTS),
        ]
        lines += [f"- NOTE: {n}" for n in notes]
        lines.append("")
        for cdir in (plain, tailored):
            shutil.rmtree(cdir / "site", ignore_errors=True)
    return "\n".join(lines)


def _keys(steps: dict[str, list[dict[str, float]]]) -> list[str]:
    return list(dict.fromkeys(k for runs in steps.values() for s in runs for k in s))


# -- where the cost is: each part in one process, CPU time ------------------------------------------------

PARTS_STEPS = ("paths", "ingest", "load", "lint", "generate", "channels", "tailor", "render", "verify")
"""The build's steps measured by :func:`parts` (guardrails and publish left out: the same work
with or without audiences, and the largest source of noise; imports are paid once per process)."""


def parts(sizes: list[int], repeats: dict[int, int], run_mod) -> str:  # noqa: ANN001 - bench/run.py as a module
    """CPU seconds per step of a CI build (no .aeoloop/) of the same corpus without and with 3
    audiences, and of the tailored corpus with the audience block left out of the pages (what the
    block costs MkDocs, Material and verify's read-back), in one process with ``-j 1``
    (``time.process_time``: the other tenants of a shared machine do not count), alternating,
    after one untimed round; the warm tailor step too. Returns the Markdown section."""
    import json
    import subprocess
    import sys

    lines = []
    for pages in sizes:
        plain = run_mod.WORK / f"corpus-{pages}"
        tailored = run_mod.WORK / f"corpus-{pages}-tailor"
        print(f"\n## Tailor's parts at {pages} pages: {plain.name} and {tailored.name}", flush=True)
        corpus.generate(plain, pages, run_mod.SECTIONS, seed=0)
        corpus.generate(tailored, pages, run_mod.SECTIONS, seed=0)
        add_audiences(tailored)
        for cdir in (plain, tailored):  # generated/ as this engine makes it (a warm build if it is there)
            run_mod.run_variant("warm" if (cdir / "generated").is_dir() else "cold", cdir, pages)
        cmd = [sys.executable, str(Path(__file__)), "--parts-child", str(plain), str(tailored), str(repeats[pages])]
        proc = subprocess.run(cmd, env=run_mod.env(), capture_output=True, text=True, timeout=7200)
        if proc.returncode != 0:
            raise SystemExit(f"tailor parts failed:\n{proc.stderr[-3000:]}")
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        med = {v: {s: statistics.median(r[s] for r in runs) for s in runs[0]} for v, runs in got.items()}
        lines += [
            f"### Tailor's parts at {pages} pages: CPU per step of a CI build, one process (`-j 1`), "
            f"medians of {repeats[pages]} (after one untimed round)",
            "",
            "| step | without audiences | with 3 audiences | added | with audiences, block left out |",
            "|---|---:|---:|---:|---:|",
        ]
        total = {v: 0.0 for v in med}
        for step in [*PARTS_STEPS, "tailor (warm)"]:
            a, b = med["plain"].get(step, 0.0), med["tailored"].get(step, 0.0)
            c = med["noblock"].get(step)
            if step != "tailor (warm)":
                for v in med:
                    total[v] += med[v].get(step, 0.0)
            lines.append(
                f"| {step} | {a:.3f} s | {b:.3f} s | {b - a:+.3f} s | " + (f"{c:.3f} s |" if c is not None else "– |")
            )
        a, b = total["plain"], total["tailored"]
        lines.append(f"| **these steps** | {a:.2f} s | {b:.2f} s | {b - a:+.2f} s ({(b / a - 1) * 100:+.1f}%) | |")
        lines += [
            "",
            "Raw (s): "
            + "; ".join(
                f"{v} {s}: " + ", ".join(f"{r[s]:.3f}" for r in runs)
                for v, runs in got.items()
                for s in ("tailor", "render", "verify")
                if s in runs[0]
            ),
            "",
        ]
    return "\n".join(lines)


def _parts_child(plain: Path, tailored: Path, repeats: int) -> dict[str, list[dict[str, float]]]:
    """The measurement of :func:`parts`, in a process of its own (the engine as bench/run.py runs it)."""
    import os
    import time

    from aeoloop import build as B
    from aeoloop import mkdocs_plugin
    from aeoloop.project import Project

    block = mkdocs_plugin.audience_block
    steps = {s.name: s for s in B.STEPS}
    out: dict[str, list[dict[str, float]]] = {"plain": [], "tailored": [], "noblock": []}
    for r in range(repeats + 1):
        order = ["plain", "tailored", "noblock"]
        order = order[r % 3 :] + order[: r % 3]
        for variant in order:
            cdir = plain if variant == "plain" else tailored
            os.chdir(cdir)
            for name in (".aeoloop", "site"):
                shutil.rmtree(cdir / name, ignore_errors=True)
            mkdocs_plugin.audience_block = (lambda t, v, lang: "") if variant == "noblock" else block
            state = B.BuildState(Project.load(cdir / "mkdocs.yml"), jobs=1)
            cpu: dict[str, float] = {}
            try:
                for name in PARTS_STEPS:
                    started = time.process_time()
                    steps[name].run(state)
                    cpu[name] = time.process_time() - started
                started = time.process_time()
                steps["tailor"].run(state)  # again: the warm cache the first run filled
                cpu["tailor (warm)"] = time.process_time() - started
            finally:
                if state.site_tmp is not None:
                    shutil.rmtree(state.site_tmp, ignore_errors=True)
            if state.store is not None and state.store.pending:
                raise SystemExit(f"{cdir}: the CI build staged {len(state.store.pending)} files: rebuild the corpus")
            if r > 0:
                out[variant].append(cpu)
    return out


if __name__ == "__main__":
    import json
    import sys

    if len(sys.argv) == 5 and sys.argv[1] == "--parts-child":
        print(json.dumps(_parts_child(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))
    else:
        raise SystemExit("run it through bench/run.py: --tailor (whole builds) or --tailor-parts (CPU per step)")
