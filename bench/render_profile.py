"""CPU seconds of one `aeoloop build` in one process: imports, each step, each plugin hook.

    .venv/bin/python bench/render_profile.py PROJECT_DIR [--repeats 3]

Runs the build in this process with ``-j 1`` (so no worker's CPU is left out; ``--jobs 2``: the
render's template phase shared with a worker, whose CPU is a row of its own) and measures
``time.process_time`` (user + system of this process) around the engine's import, every step of
:data:`aeoloop.build.STEPS`, every hook of the MkDocs plugin, Material's search indexer and
Python's garbage collector. On a machine shared with other
work, CPU seconds are the comparable figure (wall time measures the other tenants too). Build the
project once first (``aeoloop build``) to measure the warm case; delete ``.aeoloop/`` before each
repeat (``--ci``) for the CI case, or ``generated/`` and ``.aeoloop/`` (``--cold``) for the cold case.
Prints one Markdown table of medians.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

HOOKS = (
    "on_config",
    "on_files",
    "on_nav",
    "on_env",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
    "on_post_build",
)


def _timed(fn, totals: dict[str, float], name: str):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name] += time.process_time() - started

    return wrapper


def _watch_material_and_gc(totals: dict[str, float]) -> None:
    """Two more rows: the CPU of Material's search indexer (it parses every page's content, in
    MkDocs' thread) and of Python's cyclic garbage collector (a full pass walks the whole heap)."""
    import gc

    from material.plugins.search import plugin as search

    search.SearchIndex.add_entry_from_context = _timed(
        search.SearchIndex.add_entry_from_context, totals, "material search indexer"
    )
    started = [0.0]

    def collector(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            totals["gc (collector)"] += time.process_time() - started[0]

    gc.callbacks.append(collector)


def _watch_mkdocs_phases(totals: dict[str, float]) -> None:
    """MkDocs' two per-page phases: populate (read, Markdown → HTML, on_page_markdown and
    on_page_content) and build (the template render, on_page_context, on_post_page, the write),
    and the theme's static templates (sitemap.xml, 404.html): what a render split across
    processes could share out (the hooks' and indexer's rows are inside these)."""
    from mkdocs.commands import build as mk_build

    mk_build._populate_page = _timed(mk_build._populate_page, totals, "mkdocs populate pages (Markdown phase)")
    mk_build._build_page = _timed(mk_build._build_page, totals, "mkdocs build pages (template phase)")
    mk_build._build_theme_template = _timed(mk_build._build_theme_template, totals, "mkdocs static templates")


def _watch_render_children(totals: dict[str, float], step_render):
    """The CPU of processes the render step started and waited for (with ``--jobs 2``: the render
    workers of :mod:`aeoloop.render_split`; verify's and the channels' are reaped after the render)."""

    def wrapper(*args, **kwargs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            return step_render(*args, **kwargs)
        finally:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            totals["render workers (children CPU)"] += (after.ru_utime - before.ru_utime) + (
                after.ru_stime - before.ru_stime
            )

    return wrapper


def one_build(project_dir: Path, ci: bool, cold: bool = False, jobs: int = 1) -> dict[str, float]:
    """One build in a child process (fresh imports every time), its CPU figures returned through a pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: import, build, report
        os.close(read)
        totals: dict[str, float] = defaultdict(float)
        if ci or cold:
            shutil.rmtree(project_dir / ".aeoloop", ignore_errors=True)
        if cold:
            shutil.rmtree(project_dir / "generated", ignore_errors=True)
        started = time.process_time()
        from aeoloop import build as build_mod
        from aeoloop.mkdocs_plugin import AeoloopPlugin
        from aeoloop.project import Project

        totals["imports (aeoloop.build, plugin)"] = time.process_time() - started
        _watch_material_and_gc(totals)
        _watch_mkdocs_phases(totals)
        for hook in HOOKS:
            setattr(AeoloopPlugin, hook, _timed(getattr(AeoloopPlugin, hook), totals, f"hook {hook}"))
        steps = []
        for step in build_mod.STEPS:
            run = _timed(step.run, totals, f"step {step.name}")
            if step.name == "render":
                run = _watch_render_children(totals, run)
            steps.append(type(step)(step.name, run, step.overlaps))
        build_mod.STEPS = tuple(steps)
        project = Project.load(project_dir / "mkdocs.yml")
        state = build_mod.BuildState(project, jobs=jobs)
        build_mod.execute(state)
        totals["whole process"] = time.process_time()
        totals["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        os.write(write, repr(dict(totals)).encode())
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.waitpid(pid, 0)
    return eval(data.decode())  # noqa: S307 (our own child's repr of a dict of floats)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--ci", action="store_true", help="delete .aeoloop/ before each build (the CI case)")
    ap.add_argument("--cold", action="store_true", help="delete generated/ and .aeoloop/ before each build (cold)")
    ap.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="-j of the build (default 1: every step in this process; 2: the render's template phase shared with a "
        "worker, whose CPU is its own row; other steps' workers are not counted)",
    )
    args = ap.parse_args(argv)
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    runs = [one_build(args.project.resolve(), args.ci, args.cold, args.jobs) for _ in range(args.repeats)]
    keys = list(runs[0])
    print(f"| {args.project.name} ({args.repeats} builds, -j {args.jobs}) | median | runs |")
    print("|---|---:|---|")
    for key in keys:
        values = [r.get(key, 0.0) for r in runs]
        print(f"| {key} | {statistics.median(values):.3f} | {', '.join(f'{v:.2f}' for v in values)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
