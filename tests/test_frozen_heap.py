"""The build's steps run with the heap alive at each step's start frozen out of the cyclic garbage
collector (``gc.freeze``, :func:`aeoloop.build.run_steps`), and give it back when they end, also
when a step fails: a process that goes on (serve, the tests) collects as before."""

from __future__ import annotations

import gc

import pytest

from aeoloop.build import run_steps
from aeoloop.project import Project
from aeoloop.state import BuildState, Step


def test_steps_run_frozen_and_the_heap_is_given_back(make_site):
    state = BuildState(Project.load(make_site() / "mkdocs.yml"))
    seen: list[int] = []
    run_steps(state, [Step("one", lambda s: seen.append(gc.get_freeze_count())), Step("two", lambda s: None)])
    assert seen and seen[0] > 0  # what the step found alive is frozen
    assert gc.get_freeze_count() == 0


def test_a_failing_step_gives_the_heap_back(make_site):
    state = BuildState(Project.load(make_site() / "mkdocs.yml"))

    def fail(s: BuildState) -> None:
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError):
        run_steps(state, [Step("fails", fail)])
    assert gc.get_freeze_count() == 0
