"""Build speed: work a hash says is done is not done again (issue 11).

Each test builds a real mini-site and counts the calls into the expensive step, so a cache that
stops hitting fails here rather than only in bench/RESULTS.md.
"""

from __future__ import annotations

import pytest


def _count(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    calls = [0]
    real = getattr(module, name)

    def counting(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_first_warm_build_after_generation_reuses_the_guardrail_findings(make_site, build_site, monkeypatch):
    """The generated text is checked once: the build that generated it caches the findings under
    the text as generated/ stores it, and the next build (which reads it back) finds them."""
    from aeoloop.express import buildsteps

    root = make_site()
    first = build_site(root)
    assert first.regenerated == 1
    findings = sorted(d.message for d in first.diagnostics if d.message.startswith("generated text:"))
    contract = _count(monkeypatch, buildsteps, "check_contract")
    rules = _count(monkeypatch, buildsteps, "check_artifacts")
    second = build_site(root)
    assert second.regenerated == 0
    assert contract[0] == 0 and rules[0] == 0
    assert sorted(d.message for d in second.diagnostics if d.message.startswith("generated text:")) == findings
