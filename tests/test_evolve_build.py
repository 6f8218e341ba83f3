"""A build ingests reports/ and, with a non-deterministic backend, regenerates in plan order
within the budget. Skipped until build.py has the evolve step (the patch in the evolve report)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Callable

import pytest

from aeoloop import build as build_mod
from aeoloop.backends import registry
from aeoloop.backends.extractive import ExtractiveBackend

FIX = Path(__file__).parent / "fixtures" / "reports"

pytestmark = pytest.mark.skipif(not hasattr(build_mod, "step_ingest"), reason="build.py without the evolve step yet")

PAGE = """\
---
title: {title}
description: A page about {title} for the evolve build test, long enough to be a real description of it.
date: 2026-01-10
updated: 2026-10-01
---

{title} is explained on this page in enough words to make a summary that an answer engine could quote. It covers what it is, why it matters and how to start. Teams use it every day to plan maintenance and avoid unplanned downtime in their plants.

## Why it matters

It matters because unplanned downtime is expensive and planned work is cheaper. A small pilot shows the value within weeks, and the results convince the rest of the plant to follow.
"""


class FakeLlm(ExtractiveBackend):
    """Extractive output under another name: non-deterministic as far as the build knows."""

    name = "fake-llm"
    deterministic = False  # like an LLM: the plan may force it to regenerate
    calls_per_page = 1
    generated: list[str] = []

    def generate(self, page):  # type: ignore[no-untyped-def]
        FakeLlm.generated.append(page.src_uri)
        return super().generate(page)


@pytest.fixture
def site(make_site: Callable[..., Path]) -> Path:
    pages = {
        f"guides/{slug}.md": PAGE.format(title=slug.replace("-", " ").capitalize())
        for slug in ("oee", "predictive-maintenance", "vibration-analysis")
    }
    pages["index.md"] = PAGE.format(title="Ridgeline")
    root = make_site(pages, config={"site_url": "https://www.ridgeline-telemetry.example/"})
    (root / "reports").mkdir()
    shutil.copy(FIX / "market" / "citations.csv", root / "reports" / "citations.csv")
    shutil.copy(FIX / "market" / "Pages.csv", root / "reports" / "Pages.csv")
    return root


def test_build_ingests_reports_and_follows_the_plan(site: Path, build_site, monkeypatch: pytest.MonkeyPatch):
    state = build_site(site, verify=False)
    assert state.evolve is not None and len(state.evolve.ingested) == 2
    assert state.schedule is None  # extractive: deterministic, never forced
    again = build_site(site, verify=False)
    assert again.evolve.line() == "reports: 2 unchanged"  # nothing new: no DuckDB opened

    registry.register("fake-llm", lambda settings, brand: FakeLlm(settings, brand))
    cfg = site / "mkdocs.yml"
    text = cfg.read_text()
    cfg.write_text(text.replace("- aeoloop: {}", "- aeoloop:\n    backend: fake-llm\n    evolve:\n      max_pages: 2"))
    FakeLlm.generated = []
    first = build_site(site, verify=False)  # a new backend: every page is "changed" for the store
    assert set(FakeLlm.generated) == {
        "index.md",
        "guides/oee.md",
        "guides/predictive-maintenance.md",
        "guides/vibration-analysis.md",
    }
    # memory of regenerations: each regenerated page's manifest records the plan's date (the latest
    # report date, not the clock) and the citations it had lost then
    pm = json.loads((site / "generated" / "guides" / "predictive-maintenance" / "manifest.json").read_text())
    assert pm["evolve"] == {"regenerated": "2026-11-08", "lost": 28.0}
    FakeLlm.generated = []
    waiting = build_site(site, verify=False)  # every page was just regenerated: all wait for evidence
    assert waiting.schedule is not None and waiting.schedule.must == [] and waiting.schedule.forced == []
    assert FakeLlm.generated == [] and waiting.regenerated == 0
    from aeoloop.evolve import current_plan
    from aeoloop.project import Project

    entry = current_plan(Project.load(cfg)).by_page()["guides/predictive-maintenance.md"]
    assert entry.score == 0 and any(
        r.startswith("Regenerated for the plan on 2026-11-08 (0 days before 2026-11-08): waiting 14 more days")
        for r in entry.reasons
    ), entry.reasons

    cfg.write_text(cfg.read_text().replace("max_pages: 2", "max_pages: 2\n      engine_lag_days: 0"))  # no wait
    FakeLlm.generated = []
    state = build_site(site, verify=False)
    assert state.schedule is not None and state.schedule.must == []
    # the two pages that lost the most citations, in plan order, and nothing else (oee's one week
    # at 0 after 7 a week is no anomaly under the exact count test: it ranks third)
    assert state.schedule.forced == ["guides/predictive-maintenance.md", "guides/vibration-analysis.md"]
    assert FakeLlm.generated == ["guides/predictive-maintenance.md", "guides/vibration-analysis.md"]
    assert first.regenerated == 4 and state.regenerated == 2
    data = json.loads((site / "generated" / "guides" / "oee" / "manifest.json").read_text())
    assert data["provenance"]["backend"] == "fake-llm"
