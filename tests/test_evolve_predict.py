"""aeoloop predict: the logistic model against the Bayes-optimal AUC on synthetic data, noise,
the fallback with too little history, and the command end to end."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
from click.testing import CliRunner

from aeoloop.cli import main
from aeoloop.evolve.logistic import auc, cv_auc

SITE = "https://www.ridgeline-telemetry.example"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cv_auc_reaches_the_bayes_optimal_auc_on_logistic_data(seed: int):
    rng = np.random.default_rng(seed)
    n, k = 600, 6
    X = rng.normal(size=(n, k))
    w = np.array([1.5, -1.0, 0.8, 0.0, 0.5, 0.0])
    p = 1 / (1 + np.exp(-(X @ w - 0.3)))
    y = (rng.random(n) < p).astype(float)
    groups = np.repeat(np.arange(n // 6), 6)
    bayes = auc(p, y)  # the true probabilities: the best any model can rank these outcomes
    assert cv_auc(X, y, groups) >= 0.95 * bayes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cv_auc_is_about_one_half_on_noise(seed: int):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(600, 6))
    y = (rng.random(600) < 0.4).astype(float)
    assert 0.4 <= cv_auc(X, y, np.repeat(np.arange(100), 6)) <= 0.6


PAGE = """---
title: {title}
updated: 2026-09-01
---

{opening}

## {heading}

{body}
"""


def make_pages(n: int) -> dict[str, str]:
    pages = {}
    for i in range(n):
        rich = i % 2 == 0
        opening = (
            f"Topic {i} cuts downtime by 23% in 6 weeks, says the 2025 survey of 120 plants."
            if rich
            else f"Topic {i} is something that many teams talk about in many different ways over a long time."
        )
        heading = f"What is topic {i}?" if rich else f"About topic {i}"
        body = (
            "It saves 14 hours a month [per the study](https://example.org/study). " if rich else "It is useful. "
        ) * 3
        pages[f"guides/topic-{i}.md"] = PAGE.format(title=f"Topic {i}", opening=opening, heading=heading, body=body)
    return pages


def citations(root: Path, n: int, days: int, end: dt.date) -> None:
    rng = np.random.default_rng(4)
    with open(root / "reports" / "citations.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "engine", "prompt", "cited_url", "position"])
        for d in range(days):
            day = (end - dt.timedelta(days=days - 1 - d)).isoformat()
            for i in range(n):
                p = 0.05 if i % 2 == 0 else 0.004  # pages with figures, questions and sources get cited
                if rng.random() < p:
                    w.writerow([day, "chatgpt", f"topic {i}", f"{SITE}/guides/topic-{i}/", 1])
                w.writerow([day, "chatgpt", f"topic {i}", f"https://other.example/{i}", 2])


def test_predict_end_to_end(make_site: Callable[..., Path], tmp_path: Path):
    n = 30
    root = make_site(make_pages(n), config={"site_url": SITE + "/"})
    (root / "reports").mkdir()
    citations(root, n, 28 * 3, dt.date(2026, 11, 8))
    cfg = str(root / "mkdocs.yml")
    assert CliRunner().invoke(main, ["ingest", "-f", cfg]).exit_code == 0
    result = CliRunner().invoke(main, ["predict", "-f", cfg, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (
        data["fallback"] is None and data["rows"] == n * 3 and data["cv_auc"] > 0.7
    )  # the Bayes-optimal AUC of these pages is ~0.83
    probs = {p["page"]: p["probability"] for p in data["pages"]}
    assert probs["guides/topic-0.md"] > probs["guides/topic-1.md"]
    weak = next(p for p in data["pages"] if p["page"] == "guides/topic-1.md")
    assert weak["change_most_likely_to_help"]
    # a draft is scored before it is merged
    draft = tmp_path / "draft.md"
    draft.write_text(make_pages(2)["guides/topic-0.md"])
    scored = json.loads(CliRunner().invoke(main, ["predict", "-f", cfg, str(draft), "--format", "json"]).output)
    assert [p["page"] for p in scored["pages"]] == [draft.as_posix()] and scored["pages"][0]["probability"] > 0.5
    table = CliRunner().invoke(main, ["predict", "-f", cfg])
    assert "cross-validated AUC" in table.output and "P(cited)" in table.output
    bad = CliRunner().invoke(main, ["predict", "-f", cfg, "guides/missing"])
    assert bad.exit_code == 2 and "neither a page" in bad.output


def test_predict_with_too_little_history_falls_back_to_readiness(make_site: Callable[..., Path]):
    root = make_site(make_pages(4), config={"site_url": SITE + "/"})
    (root / "reports").mkdir()
    citations(root, 4, 28, dt.date(2026, 11, 8))
    cfg = str(root / "mkdocs.yml")
    assert CliRunner().invoke(main, ["ingest", "-f", cfg]).exit_code == 0
    result = CliRunner().invoke(main, ["predict", "-f", cfg])
    assert result.exit_code == 0, result.output
    assert "No model: too little history: 4 page-windows" in " ".join(result.output.split())
    assert "not built yet" in result.output
