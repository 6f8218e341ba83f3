"""The build as one ordered list of named steps: the runner, and plain `mkdocs build` running the same steps."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from aeoloop import build as build_mod
from aeoloop.build import AFTER_RENDER, ENGINE_STEPS, STEPS, run_steps
from aeoloop.project import Project
from aeoloop.state import BuildState, Step

ORDER = [
    "paths",
    "ingest",
    "load",
    "generate",  # started before lint (its server works while lint runs), collected before guardrails
    "lint",
    "guardrails",
    "channels",
    "tailor",
    "render",
    "verify",
    "publish",
]


def test_steps_are_one_named_ordered_list():
    assert [s.name for s in STEPS] == ORDER
    assert [*ENGINE_STEPS, build_mod.RENDER, *AFTER_RENDER] == list(STEPS)


def test_runner_times_every_step_and_names_its_progress(make_site):
    seen: list[tuple[str, int, int]] = []
    ran: list[str] = []

    def counting(state: BuildState) -> None:
        ran.append(state.current_step)
        state.advance(1, 2)
        state.advance(2, 2)

    state = BuildState(Project.load(make_site() / "mkdocs.yml"), progress=lambda *a: seen.append(a))
    run_steps(state, [Step("first", counting), Step("second", counting)])
    assert ran == ["first", "second"]
    assert seen == [("first", 1, 2), ("first", 2, 2), ("second", 1, 2), ("second", 2, 2)]
    assert list(state.timings) == ["first", "second"] and all(t >= 0 for t in state.timings.values())
    assert state.current_step == ""


def test_a_failing_step_stops_the_run(make_site):
    def boom(state: BuildState) -> None:
        raise RuntimeError("stop")

    later: list[str] = []
    state = BuildState(Project.load(make_site() / "mkdocs.yml"))
    with pytest.raises(RuntimeError):
        run_steps(state, [Step("boom", boom), Step("later", lambda s: later.append("ran"))])
    assert later == [] and "boom" not in state.timings


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("site", "generated")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def _plain_mkdocs_build(root: Path, command: str = "build") -> object:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return config.plugins["aeoloop"]


def test_plain_mkdocs_build_runs_the_same_steps_and_publish(make_site, build_site, tmp_path, monkeypatch):
    marks: list[str] = []
    monkeypatch.setattr(build_mod, "checkpoint", marks.append)
    a = make_site(root=tmp_path / "a")
    build_site(a)
    assert marks == [f"step:{name}" for name in ORDER]
    marks.clear()
    b = make_site(root=tmp_path / "b")
    plugin = _plain_mkdocs_build(b)
    assert marks == [f"step:{name}" for name in ORDER if name != "render"]  # MkDocs itself is the render
    assert plugin.state is None or plugin.state.committed  # on_shutdown drops the state
    assert _hashes(a) == _hashes(b)  # the same site/ and the same generated/


def test_plain_mkdocs_build_verifies_and_keeps_generated_on_failure(make_site, monkeypatch, caplog):
    from mkdocs.exceptions import Abort

    from aeoloop import verify

    root = make_site()
    real = verify.verify_site

    def failing(site_dir, **kwargs):
        report = real(site_dir, **kwargs)
        report.findings.append(verify.Finding("error", "oee/index.html", "jsonld-strict", "injected failure"))
        return report

    monkeypatch.setattr(verify, "verify_site", failing)
    with pytest.raises(Abort):
        _plain_mkdocs_build(root)
    assert "verify found 1 error(s); generated/ was left as it was" in caplog.text and "injected failure" in caplog.text
    assert not (root / "generated").exists()  # nothing published


def test_mkdocs_serve_skips_verify(make_site, monkeypatch):
    from aeoloop import verify

    calls: list[Path] = []
    monkeypatch.setattr(verify, "verify_site", lambda site_dir, **kw: calls.append(site_dir))
    root = make_site()
    marks: list[str] = []
    monkeypatch.setattr(build_mod, "checkpoint", marks.append)
    _plain_mkdocs_build(root, command="serve")
    assert calls == [] and "step:publish" in marks
    assert (root / "generated" / "oee" / "manifest.json").is_file()


def test_every_step_takes_the_typed_state_and_nothing_else():
    import typing

    for step in STEPS:
        hints = typing.get_type_hints(step.run)
        assert hints == {"state": BuildState, "return": type(None)}, (step.name, hints)
