"""The plan's reasons name the change most likely to help: from a model of the site's citations
when there is enough history, by published effects otherwise; end to end through `aeoloop plan`."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from click.testing import CliRunner

from aeoloop.cli import main
from aeoloop.evolve.advice import advise
from aeoloop.evolve.pages import PageInfo
from aeoloop.evolve.features import CONTENT_FEATURES, content_features

AS_OF = dt.date(2026, 11, 8)


def info(name: str, *, stats: float, quotes: float, sources: float, questions: float, first: float, updated: dt.date):
    content = dict(
        statistics=stats, quotations=quotes, cited_sources=sources, question_headings=questions, answer_first=first
    )
    content["length"] = 6.5
    return PageInfo(name, name, (), updated, "x", "x", content=tuple(content[k] for k in CONTENT_FEATURES))


def site(n: int, seed: int = 3) -> tuple[list[PageInfo], set[str]]:
    """Pages cited mostly when they carry statistics; the other features vary but do not matter."""
    rng = random.Random(seed)
    infos, cited = [], set()
    for i in range(n):
        stats = rng.choice([0.5, 1.0, 4.0, 6.0])
        page = info(
            f"p{i:03d}.md",
            stats=stats,
            quotes=float(rng.randint(0, 2)),
            sources=float(rng.randint(0, 4)),
            questions=rng.random(),
            first=float(rng.random() < 0.5),
            updated=AS_OF - dt.timedelta(days=rng.randint(10, 400)),
        )
        infos.append(page)
        if rng.random() < (0.85 if stats >= 4 else 0.1):
            cited.add(page.src_uri)
    return infos, cited


def test_the_model_names_the_feature_that_drives_citations():
    infos, cited = site(200)
    advice, basis = advise(infos, cited, AS_OF)
    assert basis.startswith("from a model of this site's citations (200 pages")
    poor = [i for i in infos if i.content[CONTENT_FEATURES.index("statistics")] <= 1.0]
    named = [advice[i.src_uri].feature for i in poor if i.src_uri in advice]
    assert len(named) >= 0.9 * len(poor) and named.count("statistics") >= 0.9 * len(named)
    one = advice[poor[0].src_uri]
    assert one.text.startswith("add statistics: ") and "figures per 100 words here" in one.text
    assert one.before is not None and one.after is not None and one.after > one.before + 0.2
    rich = [i for i in infos if i.content[CONTENT_FEATURES.index("statistics")] >= 6.0]
    assert all(advice.get(i.src_uri) is None or advice[i.src_uri].feature != "statistics" for i in rich)


def test_too_little_history_falls_back_to_published_effects():
    infos = [
        info("a.md", stats=5, quotes=0, sources=3, questions=1, first=1, updated=AS_OF),
        info("b.md", stats=5, quotes=2, sources=3, questions=1, first=1, updated=AS_OF),
        info("c.md", stats=5, quotes=2, sources=3, questions=1, first=1, updated=AS_OF),
        info("d.md", stats=0.5, quotes=2, sources=3, questions=1, first=1, updated=AS_OF),
        info("e.md", stats=5, quotes=2, sources=3, questions=1, first=1, updated=AS_OF),
    ]
    advice, basis = advise(infos, {"b.md"}, AS_OF)
    assert basis.startswith("too little history for a model of this site (5 pages, 1 cited")
    assert advice["a.md"].feature == "quotations" and advice["a.md"].text.startswith("add quotations: 0 here, 2")
    assert advice["d.md"].feature == "statistics" and advice["a.md"].before is None
    assert "b.md" not in advice  # nothing to improve: no advice rather than a made-up one


def test_content_features_read_the_markdown():
    text = (
        "---\ntitle: T\n---\n\nOEE is 85% on good lines.\n\n## What is OEE?\n\n"
        '> "Availability is the first loss to fix," says the standard.\n\n'
        "See [ISO 22400](https://www.iso.org/standard/56847.html) and [ours](https://acme.example/x/).\n\n## Setup\n"
    )
    f = dict(zip(CONTENT_FEATURES, content_features(text, "acme.example")))
    assert f["cited_sources"] == 1 and f["quotations"] >= 1 and f["question_headings"] == 0.5
    assert f["answer_first"] == 1 and f["statistics"] > 0


def test_plan_reasons_name_the_change(make_site, tmp_path: Path):
    pages = {
        "a.md": "---\ntitle: Alpha\nupdated: 2026-10-01\n---\n\nAlpha is a thing with no figures in a long opening "
        + "word " * 80
        + "\n\n## Setup\n\nText.\n",
        "b.md": '---\ntitle: Beta\nupdated: 2026-10-01\n---\n\nBeta is 42% faster.\n\n## What is beta?\n\n> "Quoted," he said.\n',
    }
    root = make_site(pages)
    result = CliRunner().invoke(main, ["plan", "-f", str(root / "mkdocs.yml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    by = {p["page"]: p for p in plan["pages"]}
    assert "too little history" in plan["advice"]
    change = by["a.md"]["change_most_likely_to_help"]
    assert change is not None and change["text"] in " ".join(by["a.md"]["reasons"])
    assert any(r.startswith("Change most likely to help: ") for r in by["a.md"]["reasons"])
