"""CPU seconds of the FAQ choice in one cold generate: the steps up to ``generate``, ``-j 1``, in this process.

    .venv/bin/python bench/faq_cpu.py PROJECT_DIR
    PYTHONPATH=/tmp/before/generator .venv/bin/python bench/faq_cpu.py PROJECT_DIR   # another engine

Removes ``generated/``, ``.aeoloop/`` and ``site/``, runs paths, ingest, load, lint and generate (no
render, no channels: half a cold build's CPU) and prints the CPU seconds spent inside the extractive
backend's FAQ choice (``FaqChooser._faq``, every page) and in the whole run. Why: the FAQ choice is
~13% of a cold build, below the noise of a whole build on a shared machine; timed alone it can be
compared engine against engine (alternate them: A B, B A, …; take medians).
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    project_dir = Path(argv[0])
    for name in ("generated", ".aeoloop", "site"):
        shutil.rmtree(project_dir / name, ignore_errors=True)
    from aeoloop import build
    from aeoloop.backends import extractive_faq
    from aeoloop.project import Project

    spent = 0.0
    choose = extractive_faq.FaqChooser._faq

    def timed(*args: Any, **kwargs: Any) -> Any:
        nonlocal spent
        started = time.process_time()
        try:
            return choose(*args, **kwargs)
        finally:
            spent += time.process_time() - started

    extractive_faq.FaqChooser._faq = timed  # type: ignore[method-assign]
    names = [step.name for step in build.ENGINE_STEPS]
    steps = build.ENGINE_STEPS[: names.index("generate") + 1]  # paths, ingest, load, lint, generate
    state = build.BuildState(Project.load(project_dir / "mkdocs.yml"), jobs=1)
    started = time.process_time()
    with build.session(state.project, state.diagnostics):
        build.run_steps(state, steps)
    print(f"faq {spent:.3f} CPU-s, up to generate {time.process_time() - started:.3f} CPU-s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
