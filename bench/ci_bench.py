"""CPU seconds and peak RSS of the CI build (fresh clone: generated/ committed, no .aeoloop/), engine A vs B.

    .venv/bin/python bench/ci_bench.py --before main --pages 300 --repeats 3
    .venv/bin/python bench/ci_bench.py --before main --pages 300 --repeats 3 --warm   # nothing changed
    .venv/bin/python bench/ci_bench.py --before 61067e6 --after HEAD --pages 1000 --repeats 3 --jobs 1
    .venv/bin/python bench/ci_bench.py --before main --corpus /tmp/c300 --repeats 3   # a corpus built once

Why: on the shared 2-core machine wall time measures the other tenants; CPU seconds (user + system of
the build and every process it starts, verify's fork-server workers included: see ``run.timed``) and
peak RSS measure the build. Each engine is a snapshot of ``generator/aeoloop`` at a git revision (or
the working tree for ``--after live``, the default), put first on PYTHONPATH. Each engine gets its own
copy of the ``bench/corpus.py`` corpus and one cold build (its committed ``generated/`` is what that
engine writes, findings recorded in the manifests included); then the CI builds alternate between
the engines (A B, B A, ...) and the medians are printed. A CI build must regenerate nothing and
leave generated/ as it was (checked: a build that rewrites it is reported). ``--warm``: the warm
build instead (nothing removed, nothing changed since the last build). At the end, whether the two
engines wrote the same site/ and generated/ (digests of every file).
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402


def snapshot(rev: str, name: str) -> Path:
    """``generator/aeoloop`` at ``rev`` (``live``: the working tree) in bench/.work/ab-<name>/."""
    dest = run.WORK / f"ab-{name}"
    run.rm(dest)
    dest.mkdir(parents=True)
    if rev == "live":
        shutil.copytree(run.ENGINE_SRC, dest / "aeoloop", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    else:
        archive = subprocess.run(
            ["git", "archive", rev, "generator/aeoloop"], cwd=run.ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
        shutil.move(str(dest / "generator" / "aeoloop"), str(dest / "aeoloop"))
        shutil.rmtree(dest / "generator")
    compileall.compile_dir(str(dest), quiet=1)
    return dest


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def engine_build(
    engine: Path, cdir: Path, jobs: int | None, *, remove: tuple[str, ...], what: str
) -> tuple[float, float, int | None, str]:
    """One ``aeoloop build`` of ``cdir`` by ``engine`` after removing ``remove``: (CPU seconds of
    every process, wall seconds, peak RSS KB, its stderr). Shared by this bench and cold_bench."""
    run.PYTHONPATH = str(engine)
    for name in remove:
        run.rm(cdir / name)
    cmd = [str(run.AEOLOOP), "build", "-f", "mkdocs.yml"] + (["-j", str(jobs)] if jobs else [])
    seconds, proc, rss = run.timed(cmd, cdir)
    if proc.returncode != 0:
        run.fail(what, proc, cmd, cdir)
    assert run.LAST_CPU is not None
    return run.LAST_CPU, seconds, rss, proc.stderr


def ci_build(engine: Path, cdir: Path, jobs: int | None, *, warm: bool = False) -> tuple[float, int | None, str]:
    cpu, _wall, rss, line, _render = ci_build_timed(engine, cdir, jobs, warm=warm)
    return cpu, rss, line


def ci_build_timed(
    engine: Path, cdir: Path, jobs: int | None, *, warm: bool = False
) -> tuple[float, float, int | None, str, float]:
    """:func:`ci_build` with the wall seconds of the build and of its render step."""
    remove = () if warm else (".aeoloop", "site")
    cpu, seconds, rss, stderr = engine_build(
        engine, cdir, jobs, remove=remove, what="warm build" if warm else "CI build"
    )
    line, regenerated, steps = run.parse_summary(stderr)
    return (
        cpu,
        seconds,
        rss,
        line if regenerated == 0 else f"REGENERATED {regenerated}: {line}",
        steps.get("render", 0.0),
    )


def add_ab_arguments(ap: argparse.ArgumentParser) -> None:
    """The options of an A/B bench of two engine snapshots (this one and bench/cold_bench.py)."""
    ap.add_argument("--before", default="main", help="git revision of engine A (default main)")
    ap.add_argument("--after", default="live", help="git revision of engine B (default: the working tree)")
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0, help="-j for the builds (default: the build's default)")


def main(argv: list[str] | None = None) -> int:
    run.SUBREAPER = run.become_subreaper()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_ab_arguments(ap)
    ap.add_argument(
        "--corpus",
        type=Path,
        help="a corpus already built (its generated/ committed) that both engines build in turn, instead of "
        "one cold-built copy per engine: for engines that write the same generated/ (checked: a CI build "
        "that changes it is reported)",
    )
    ap.add_argument("--warm", action="store_true", help="time warm builds (nothing removed) instead of CI builds")
    args = ap.parse_args(argv)
    engines = {"A": snapshot(args.before, "A"), "B": snapshot(args.after, "B")}
    dirs: dict[str, Path] = {}
    for name, engine in engines.items():
        if args.corpus is not None:  # one corpus, already built: both engines must leave its generated/ as it is
            dirs[name] = args.corpus.resolve()
            continue
        cdir = run.WORK / f"ci-{name}-{args.pages}"
        run.corpus.generate(cdir, args.pages, run.SECTIONS, seed=0)
        run.rm(cdir / "generated")
        ci_build(engine, cdir, args.jobs)  # cold: writes this engine's generated/
        ci_build(engine, cdir, args.jobs)  # settles anything a second build still rewrites
        dirs[name] = cdir
    cpu: dict[str, list[float]] = {"A": [], "B": []}
    wall: dict[str, list[float]] = {"A": [], "B": []}  # whole build, then its render step (noisy under load)
    render: dict[str, list[float]] = {"A": [], "B": []}
    rss: dict[str, list[int]] = {"A": [], "B": []}
    for r in range(args.repeats):
        for name in ("A", "B") if r % 2 == 0 else ("B", "A"):
            before = tree_digest(dirs[name] / "generated")
            seconds, took, peak, line, rendered = ci_build_timed(engines[name], dirs[name], args.jobs, warm=args.warm)
            changed = "" if tree_digest(dirs[name] / "generated") == before else "  GENERATED/ CHANGED"
            cpu[name].append(seconds)
            wall[name].append(took)
            render[name].append(rendered)
            rss[name].append(peak or 0)
            print(
                f"repeat {r + 1} {name}: {seconds:.2f} CPU-s, {(peak or 0) / 1024:.0f} MB{changed}  {line}", flush=True
            )
    if dirs["A"] != dirs["B"]:  # (one --corpus: "GENERATED/ CHANGED" above is the check)
        sites = {name: tree_digest(cdir / "site") for name, cdir in dirs.items()}
        gens = {name: tree_digest(cdir / "generated") for name, cdir in dirs.items()}
        print(
            f"site/ {'identical' if sites['A'] == sites['B'] else 'DIFFERENT'} ({sites['A']} / {sites['B']}); "
            f"generated/ {'identical' if gens['A'] == gens['B'] else 'DIFFERENT'} ({gens['A']} / {gens['B']})"
        )
    for name, rev in (("A", args.before), ("B", args.after)):
        print(
            f"{name} ({rev}): CPU median {statistics.median(cpu[name]):.2f} s "
            f"({', '.join(f'{c:.2f}' for c in cpu[name])}); peak RSS median "
            f"{statistics.median(rss[name]) / 1024:.0f} MB ({', '.join(f'{m / 1024:.0f}' for m in rss[name])}); "
            f"wall median {statistics.median(wall[name]):.2f} s ({', '.join(f'{w:.2f}' for w in wall[name])}), "
            f"render step {statistics.median(render[name]):.2f} s ({', '.join(f'{w:.2f}' for w in render[name])})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
