"""The generate server starts before lint (``build.start_generate``) and is collected after it.

What must hold: the outputs are those of lint-then-generate (``test_parallel`` compares ``-j 1``
and ``-j 2`` byte for byte), and a lint error still stops the build with nothing written: the
server that was already making the artifacts is stopped, not left running.
"""

from __future__ import annotations

import os
from functools import partial

import pytest

from aeoloop import build, pagegen, parallel
from aeoloop.errors import FindingsError
from aeoloop.express import buildsteps

VOICE = "terminology:\n  banned:\n    - {term: zebrafish, level: error}\n"


def _spy_server(monkeypatch: pytest.MonkeyPatch, order: list[str], pids: list[int]) -> None:
    real_start = parallel.start_forked

    def start_forked(fn):
        pending = real_start(fn)
        if isinstance(fn, partial) and fn.func is pagegen._generate_stale:
            order.append("server")
            pids.extend(process.pid for process, _ in pending._workers)
        return pending

    real_lint = buildsteps.step_lint

    def step_lint(state):
        order.append("lint")
        real_lint(state)

    monkeypatch.setattr(parallel, "start_forked", start_forked)
    monkeypatch.setattr(build, "step_lint", step_lint)
    monkeypatch.setattr(
        build,
        "ENGINE_STEPS",
        tuple(build.Step(s.name, step_lint, s.overlaps) if s.name == "lint" else s for s in build.ENGINE_STEPS),
    )
    monkeypatch.setattr(build, "STEPS", (*build.ENGINE_STEPS, build.RENDER, *build.AFTER_RENDER))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_server_starts_before_lint_and_the_build_is_the_same(bench_site, build_site, monkeypatch):
    order: list[str] = []
    pids: list[int] = []
    _spy_server(monkeypatch, order, pids)
    root = bench_site("site")
    state = build_site(root, jobs=2)
    assert order == ["server", "lint"]
    assert list(state.timings)[:5] == ["paths", "ingest", "load", "generate", "lint"]
    assert state.regenerated == 12 and state.prechecked  # the server's checks are taken (no rule timed out)
    assert all(_gone(pid) for pid in pids)


def test_a_lint_error_stops_the_server_and_writes_nothing(bench_site, build_site, monkeypatch):
    order: list[str] = []
    pids: list[int] = []
    _spy_server(monkeypatch, order, pids)
    root = bench_site("site")
    (root / "brand" / "voice.yml").write_text(VOICE, encoding="utf-8")
    page = sorted((root / "content").rglob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nA zebrafish swims here.\n", encoding="utf-8")
    with pytest.raises(FindingsError, match="lint found 1 error"):
        build_site(root, jobs=2)
    assert order == ["server", "lint"] and pids
    assert all(_gone(pid) for pid in pids), "the generate server outlived the failed build"
    assert not (root / "generated").exists() and not (root / "site").exists()


def test_one_job_generates_after_lint(bench_site, build_site, monkeypatch):
    order: list[str] = []
    real = pagegen.begin_generate

    def begin(state):
        order.append("generate")
        return real(state)

    monkeypatch.setattr(pagegen, "begin_generate", begin)
    real_lint = buildsteps.step_lint
    monkeypatch.setattr(
        build,
        "ENGINE_STEPS",
        tuple(
            build.Step(s.name, lambda st: (order.append("lint"), real_lint(st))[1], s.overlaps)
            if s.name == "lint"
            else s
            for s in build.ENGINE_STEPS
        ),
    )
    monkeypatch.setattr(build, "STEPS", (*build.ENGINE_STEPS, build.RENDER, *build.AFTER_RENDER))
    build_site(bench_site("site"), jobs=1)
    assert order == ["lint", "generate"]
