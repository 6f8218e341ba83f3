"""`aeoloop build` lets go of each page's file text and parsed sections once its HTML is made
(BuildState.lean_render): the same bytes in site/ and generated/ as a build that keeps them, cold
(every JSON-LD graph made from the sections before they go) and warm (graphs from the cache)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from conftest import tree_bytes
from click.testing import CliRunner

from aeoloop import cli
from aeoloop.build import BuildState, execute
from aeoloop.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus(bench_site: Callable[..., Path]) -> Callable[[str], Path]:
    return lambda name: bench_site(name, seed=5)


def _build(root: Path, *, lean: bool) -> BuildState:
    return execute(BuildState(Project.load(root / "mkdocs.yml"), jobs=1, lean_render=lean))


def _same(a: Path, b: Path) -> None:
    for folder in ("generated", "site"):
        x, y = tree_bytes(a / folder), tree_bytes(b / folder)
        assert x.keys() == y.keys(), folder
        different = [name for name in x if x[name] != y[name]]
        assert not different, f"{folder}: {different[:5]}"


def test_a_lean_build_writes_the_same_bytes_cold_and_warm(corpus, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    kept, lean = corpus("kept"), corpus("lean")
    first = _build(kept, lean=False)
    state = _build(lean, lean=True)  # cold: every graph is made from the page's sections, then they go
    assert state.regenerated == first.regenerated == 12
    assert all(p.released and p.source == "" and p.sections == [] for p in state.pages)
    assert not any(p.released for p in first.pages)
    _same(kept, lean)
    warm = _build(lean, lean=True)  # warm: graphs and fragments from the cache
    assert warm.regenerated == 0
    _same(kept, lean)
    with pytest.raises(RuntimeError, match="released"):
        warm.pages[0].ordered_lists()


def test_aeoloop_build_renders_lean(corpus, monkeypatch):
    root = corpus("cli")
    seen: list[BuildState] = []

    def fake_execute(state: BuildState) -> BuildState:
        seen.append(state)
        return state

    monkeypatch.setattr("aeoloop.build.execute", fake_execute)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli.main, ["build"])
    assert seen and seen[0].lean_render, result.output
