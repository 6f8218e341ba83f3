"""Generated text keeps the brand's sentence limit (brand/voice.yml ``limits.sentence``).

The contract reports a sentence over the limit as ``sentence-length``; the extractive backend,
bound to a project, prefers candidates within it and reads the limit from the brand's voice rules
(never a number of its own). Sentences are the example site's and plausible/docs'.
"""

from __future__ import annotations

from pathlib import Path

from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.express.lint import project_rules
from aeoloop.page import load_page
from aeoloop.project import Project
from aeoloop.quality import Limits, check_answer, check_takeaway
from aeoloop.state import BuildState
from aeoloop.text import count_words, split_sentences

ROOT = Path(__file__).parent.parent

LONG = (
    "Ridgeline Monitor works in three layers: Ridgeline VT3 sensors measure vibration and temperature on each "
    "bearing, the Ridgeline Edge Gateway collects the data and evaluates alarm rules on site, and the cloud "
    "application stores the history, runs diagnostics and manages alerts."
)


def test_contract_reports_a_sentence_over_the_brand_limit() -> None:
    question = "How does Ridgeline Monitor work?"
    found = check_answer(LONG, question=question, limits=Limits(sentence_max=35))
    assert [f.rule for f in found] == ["sentence-length"]
    assert "41 words" in found[0].message and "limits.sentence" in found[0].message
    assert not check_answer(LONG, question=question, limits=Limits())  # no limit set: no verdict
    assert not check_answer(LONG, question=question, limits=Limits(sentence_max=41))
    short = "A frequently quoted benchmark for discrete manufacturing is 85% OEE, built from roughly 90% availability."
    assert not check_takeaway(short, limits=Limits(sentence_max=35))
    assert "sentence-length" in {f.rule for f in check_takeaway(LONG, limits=Limits(sentence_max=35))}


def test_limit_comes_from_the_brand_voice() -> None:
    project = Project.load(ROOT / "mkdocs.yml")
    voice = project_rules(project).voice
    assert voice is not None and voice.sentence_max("en") == 35  # brand/voice.yml: limits.sentence.max_words


def _bound(tmp_path: Path, markdown: str, *, bind: bool) -> tuple[list[str], list[tuple[str, str]]]:
    project = Project.load(ROOT / "mkdocs.yml")
    backend = ExtractiveBackend(project.settings, project.brand)
    if bind:
        backend.bind(BuildState(project))
    (tmp_path / "page.md").write_text(markdown, encoding="utf-8")
    page, _ = load_page(tmp_path / "page.md", "page.md")
    assert page is not None
    art = backend.generate(page)
    return art.takeaways, [(qa.question, qa.answer) for qa in art.faq]


PAGE = f"""---
title: Ridgeline Monitor overview
---

# Ridgeline Monitor overview

Ridgeline Monitor is a condition-monitoring system for rotating equipment in production plants. It measures
vibration and temperature on bearings, warns before a failure, and turns diagnoses into planned work.
Maintenance teams use it to plan repairs instead of reacting to breakdowns on the line.

## How it works

{LONG} Each layer keeps working when the one above it is offline.

## Sensors

Ridgeline VT3 sensors, mounted with a stud on a machined spot face and paired over Bluetooth Low Energy with the gateway in the same plant hall, measure vibration up to 10 kHz and temperature on every bearing of a machine. Each VT3 sensor runs for five years on one battery.
"""


def test_backend_prefers_sentences_within_the_limit(tmp_path: Path) -> None:
    unbound, _ = _bound(tmp_path, PAGE, bind=False)
    bound, faq = _bound(tmp_path, PAGE, bind=True)
    longest = lambda units: max(count_words(s) for u in units for s in split_sentences(u))  # noqa: E731
    assert longest(unbound) > 35  # without the brand's rules the longest sentence is a takeaway
    assert bound and longest(bound) <= 35
    # an answer whose only fault is the writer's long sentence is kept (the voice lint warns on it)
    assert any(answer.startswith("Ridgeline Monitor works in three layers") for _, answer in faq)
