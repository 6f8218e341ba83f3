"""CPU seconds, peak RSS and per-step times of the cold build (no generated/, no .aeoloop/), engine A vs B.

    .venv/bin/python bench/cold_bench.py --before main --pages 300 --repeats 3
    .venv/bin/python bench/cold_bench.py --before 4ff29f1 --after HEAD --pages 300 --repeats 3 --jobs 1

Why: on the shared 2-core machine wall time measures the other tenants; CPU seconds (user + system of
the build and every process it starts: see ``run.timed``) and peak RSS measure the build. Each engine
is a snapshot of ``generator/aeoloop`` at a git revision (``ci_bench.snapshot``; ``live``, the default
for ``--after``, is the working tree), each with its own copy of the ``bench/corpus.py`` corpus; the
cold builds alternate (A B, B A, ...). Every build's ``site/`` and ``generated/`` are digested (in
``generated/``, the code-version keys of the manifests are masked: they change with any code edit)
and the two engines' digests are compared: a speed-up must not change a byte of output.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ci_bench  # noqa: E402
import run  # noqa: E402

#: what a code edit changes in a manifest without changing any output
CODE_KEYS = re.compile(rb'"(key|template_version|code_version|version)": "[^"]*"')
#: the same inside verify's read-back record (a JSON string in the manifest): the contract's code key
INNER_KEYS = re.compile(rb'\\"(contract_key)\\":\\"[^"\\]*\\"')


def output_digest(folder: Path, *, mask_keys: bool) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if mask_keys and path.name == "manifest.json":
                data = INNER_KEYS.sub(rb'\\"\1\\":\\"*\\"', CODE_KEYS.sub(rb'"\1": "*"', data))
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + data)
    return h.hexdigest()[:12]


def cold_build(engine: Path, cdir: Path, jobs: int | None) -> tuple[float, float, int | None, dict[str, float]]:
    """(CPU seconds of every process, wall seconds, peak RSS KB, per-step wall seconds)."""
    cpu, seconds, rss, stderr = ci_bench.engine_build(
        engine, cdir, jobs, remove=("generated", ".aeoloop", "site"), what="cold build"
    )
    _line, _regenerated, steps = run.parse_summary(stderr)
    return cpu, seconds, rss, steps


def main(argv: list[str] | None = None) -> int:
    run.SUBREAPER = run.become_subreaper()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ci_bench.add_ab_arguments(ap)
    args = ap.parse_args(argv)
    engines = {"A": ci_bench.snapshot(args.before, "A"), "B": ci_bench.snapshot(args.after, "B")}
    dirs: dict[str, Path] = {}
    for name in engines:
        cdir = run.WORK / f"cold-{name}-{args.pages}"
        run.corpus.generate(cdir, args.pages, run.SECTIONS, seed=0)
        dirs[name] = cdir
    rows: dict[str, list[tuple[float, float, int, dict[str, float]]]] = {"A": [], "B": []}
    digests: dict[str, set[tuple[str, str]]] = {"A": set(), "B": set()}
    for r in range(args.repeats):
        for name in ("A", "B") if r % 2 == 0 else ("B", "A"):
            cpu, wall, peak, steps = cold_build(engines[name], dirs[name], args.jobs)
            rows[name].append((cpu, wall, peak or 0, steps))
            digest = (
                output_digest(dirs[name] / "site", mask_keys=False),
                output_digest(dirs[name] / "generated", mask_keys=True),
            )
            digests[name].add(digest)
            shown = ", ".join(f"{k} {v:.2f}" for k, v in steps.items() if v >= 0.05)
            print(
                f"repeat {r + 1} {name}: {cpu:.2f} CPU-s, {wall:.2f} s wall, {(peak or 0) / 1024:.0f} MB; "
                f"site {digest[0]}, generated {digest[1]}; {shown}",
                flush=True,
            )
    for name, rev in (("A", args.before), ("B", args.after)):
        cpu = [c for c, *_ in rows[name]]
        wall = [w for _, w, *_ in rows[name]]
        rss = [m for _, _, m, _ in rows[name]]
        step_names = list(rows[name][0][3])
        steps = {s: statistics.median(r[3].get(s, 0.0) for r in rows[name]) for s in step_names}
        print(
            f"{name} ({rev}): CPU median {statistics.median(cpu):.2f} s ({', '.join(f'{c:.2f}' for c in cpu)}); "
            f"wall median {statistics.median(wall):.2f} s; peak RSS median {statistics.median(rss) / 1024:.0f} MB; "
            "steps (wall medians): " + ", ".join(f"{k} {v:.2f}" for k, v in steps.items() if v >= 0.05)
        )
    same = len(digests["A"] | digests["B"]) == 1
    print("outputs: " + ("identical in every build of both engines" if same else f"DIFFER: {digests}"))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
