"""`aeoloop briefs`: gap prompts grouped by topic into Markdown drafts for writers.

The grouping target of issue 13 ("briefs group known prompt clusters correctly"): synthetic
citation exports of known topics, five paraphrased prompts each, must come back as exactly those
groups (adjusted Rand 1.0). A second set in another domain, written after the threshold was
chosen, guards the measured score (0.62: under-merged paraphrases with no shared word, never two
topics in one brief but one).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from aeoloop.cli import main
from aeoloop.evolve.briefs import heading, md
from conftest import PAGE_OEE

from aeoloop.evolve.topics import adjusted_rand, cluster, lemma, vectorize

MAINTENANCE = {
    "alarms": [
        "how to set vibration alarm thresholds",
        "what vibration alarm limits should I use for pumps",
        "ISO 10816 vibration alarm threshold values",
        "setting alert thresholds for vibration sensors",
        "best practice for vibration alarm levels on motors",
    ],
    "cmms": [
        "how to integrate condition monitoring with a CMMS",
        "CMMS integration for sensor alerts",
        "create work orders automatically from sensor alerts in the CMMS",
        "connect vibration sensors to SAP PM work orders",
        "which CMMS integrates with condition monitoring sensors",
    ],
    "roi": [
        "predictive maintenance ROI calculation",
        "how to calculate the ROI of predictive maintenance",
        "predictive maintenance business case template",
        "what savings does predictive maintenance deliver",
        "cost of unplanned downtime versus predictive maintenance cost",
    ],
    "battery": [
        "how long do wireless vibration sensor batteries last",
        "wireless sensor battery life in industrial plants",
        "battery replacement interval for wireless vibration sensors",
        "LoRaWAN vibration sensor battery lifetime",
        "what drains the battery of a wireless condition monitoring sensor",
    ],
}

WEB_ANALYTICS = {  # held out: written after THRESHOLD was chosen on MAINTENANCE
    "gdpr": [
        "is cookieless analytics GDPR compliant",
        "do I need a cookie banner for privacy-friendly analytics",
        "GDPR compliant alternative to Google Analytics",
        "web analytics without cookies and consent banners",
        "which analytics tools comply with GDPR and PECR",
    ],
    "proxy": [
        "how to proxy an analytics script through my own domain",
        "bypass adblockers for analytics with a proxy",
        "serve the tracking script from a first-party domain",
        "Cloudflare worker proxy for analytics script",
        "are analytics scripts blocked by adblockers",
    ],
    "goals": [
        "how to track button clicks as goals",
        "set up custom event goals for form submissions",
        "track outbound link clicks in web analytics",
        "conversion goals for signups and purchases",
        "how to count file downloads as events",
    ],
    "import": [
        "import historical data from Google Analytics",
        "migrate from Universal Analytics to a new tool",
        "how to import GA4 data into another analytics tool",
        "keep old Google Analytics stats after switching",
        "CSV import of past website traffic data",
    ],
    "selfhost": [
        "self-host web analytics with Docker",
        "requirements to self-host analytics on my own server",
        "self-hosted vs cloud analytics pricing",
        "install open source analytics on a VPS with docker compose",
        "upgrade a self-hosted analytics instance",
    ],
}


def _score(topics: dict[str, list[str]]) -> tuple[float, list[list[str]]]:
    texts = [p for ps in topics.values() for p in ps]
    truth = [k for k, ps in topics.items() for _ in ps]
    groups = cluster(vectorize(texts)[0])
    pred = [0] * len(texts)
    for n, g in enumerate(groups):
        for i in g:
            pred[i] = n
    return adjusted_rand(truth, pred), [[texts[i] for i in g] for g in groups]


def test_known_prompt_clusters_are_recovered_exactly():
    ari, groups = _score(MAINTENANCE)
    assert ari == 1.0, groups
    assert sorted(sorted(g) for g in groups) == sorted(sorted(ps) for ps in MAINTENANCE.values())


def test_held_out_clusters_never_mix_many_topics():
    ari, groups = _score(WEB_ANALYTICS)
    assert ari >= 0.6, groups  # measured 0.625
    topic_of = {p: k for k, ps in WEB_ANALYTICS.items() for p in ps}
    mixed = [g for g in groups if len({topic_of[p] for p in g}) > 1]
    assert len(mixed) <= 1, mixed


def test_clustering_is_deterministic_and_order_independent_in_partition():
    texts = [p for ps in MAINTENANCE.values() for p in ps]
    first = cluster(vectorize(texts)[0])
    assert cluster(vectorize(texts)[0]) == first
    reordered = list(reversed(texts))
    back = {frozenset(reordered[i] for i in g) for g in cluster(vectorize(reordered)[0])}
    assert back == {frozenset(texts[i] for i in g) for g in first}


def test_adjusted_rand_reference_values():
    assert adjusted_rand([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert adjusted_rand([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    # the textbook example (Hubert & Arabie): 0.2424…
    assert adjusted_rand([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.2424, abs=1e-4)


def test_lemmas_fold_inflections_and_derived_nouns():
    assert lemma("thresholds") == lemma("threshold")
    assert lemma("integration") == lemma("integrates") == "integrate"
    assert lemma("monitoring") == "monitor"


def test_headings_and_markdown_escaping():
    assert heading("what is vibration analysis") == "What is vibration analysis?"
    assert heading("how to set alarm thresholds?") == "How to set alarm thresholds"
    assert heading("predictive maintenance ROI") == "Predictive maintenance ROI"
    assert md("<script>x</script> [a](javascript:1) | #") == r"\<script\>x\</script\> \[a\](javascript:1) \| \#"


# --- end to end through the CLI ---------------------------------------------------------------

OURS = "https://acme.example"
WINNERS = {
    "alarms": ["https://www.vibration-institute.example/alarm-limits", "https://www.pumps-weekly.example/iso-10816"],
    "cmms": ["https://cmms-guide.example/sensor-integration", "https://www.maintainx.example/blog/work-orders"],
    "roi": ["https://plant-finance.example/pdm-roi", "https://www.reliabilityweb.example/business-case"],
    "battery": ["https://lorawan-sensors.example/battery-life", "https://www.sensor-faq.example/batteries"],
}
AUDIENCES = {
    "audiences": [
        {
            "id": "maintenance-managers",
            "name": "Maintenance managers",
            "keywords": ["CMMS", "work orders", "technicians"],
            "pains": ["Too few technicians for manual rounds"],
            "cta": {"text": "Book a demo", "url": "https://acme.example/demo/"},
        },
        {
            "id": "plant-finance",
            "name": "Plant controllers",
            "keywords": ["ROI", "business case", "savings"],
            "cta": {"text": "Get the calculator", "url": "https://acme.example/roi/"},
        },
    ]
}


ALARMS_PAGE = """---
title: Vibration alarm limits for pumps and motors
keywords: [vibration, alarm limits, ISO 10816]
---

Set vibration alarm limits from the machine class of ISO 10816 and a baseline of your own readings.

## Alert and danger levels

Use two levels: alert at the baseline plus 50 percent, danger at the class limit.
"""


def _export(path: Path, *, covered: bool = True, extra: list[str] | None = None) -> Path:
    rows = ["date,engine,prompt,cited_url,position"]
    day0 = dt.date(2026, 10, 20)
    for k, prompts in MAINTENANCE.items():
        for n, prompt in enumerate(prompts):
            for d in range(3):
                date = day0 + dt.timedelta(days=d * 7 + n)
                for engine in ("ChatGPT", "Perplexity"):
                    for pos, url in enumerate(WINNERS[k], 1):
                        rows.append(f'{date},{engine},"{prompt}",{url},{pos}')
    if covered:  # prompts where we are cited too: not gaps, whoever else is
        for d in range(3):
            date = day0 + dt.timedelta(days=d)
            rows.append(f"{date},ChatGPT,what is oee,{OURS}/oee/,1")
            rows.append(f"{date},ChatGPT,what is oee,https://www.oee-rivals.example/oee,2")
    rows += extra or []
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def site(make_site: Callable[..., Path]) -> Path:
    root = make_site({"oee.md": PAGE_OEE, "alarms.md": ALARMS_PAGE})
    (root / "brand" / "audiences.yml").write_text(yaml.safe_dump(AUDIENCES), encoding="utf-8")
    (root / "reports").mkdir()
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [args[0], "-f", str(root / "mkdocs.yml"), *args[1:]])


def test_briefs_end_to_end(site: Path):
    _export(site / "reports" / "citations.csv")
    assert run(site, "ingest").exit_code == 0
    result = run(site, "briefs", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    groups = sorted(sorted(p["prompt"] for p in b["prompts"]) for b in data["briefs"])
    assert groups == sorted(sorted(ps) for ps in MAINTENANCE.values())
    assert data["tracked"] == 21 and data["covered"] == 1  # "what is oee" cites us: no brief
    by_topic = {next(k for k, ps in MAINTENANCE.items() if b["prompts"][0]["prompt"] in ps): b for b in data["briefs"]}
    assert by_topic["cmms"]["audience"]["id"] == "maintenance-managers"
    assert by_topic["roi"]["audience"]["id"] == "plant-finance"
    assert [c["page"] for c in by_topic["alarms"]["closest"]] == ["alarms.md"]
    assert by_topic["battery"]["closest"] == []  # no page is about batteries: a new page
    assert {d["host"] for d in by_topic["battery"]["domains"]} == {"lorawan-sensors.example", "sensor-faq.example"}

    files = sorted((site / "briefs").glob("*.md"))
    assert len(files) == 4 and (site / "briefs" / "manifest.json").is_file()
    assert not list((site / "content").rglob("*brief*"))
    roi = next(f for f in files if "roi" in f.name or "predictive" in f.name)
    text = roi.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["status"] == "draft" and front["prompts"] == 5 and front["audience"] == "plant-finance"
    for part in ("## Questions people ask", "## Audience", "## Outline", "## Sources that won", "## Our closest pages"):
        assert part in text
    assert "| plant-finance.example |" in text and "<https://plant-finance.example/pdm-roi/>" in text
    assert "- `## What savings does predictive maintenance deliver?`" in text  # definition-type first

    # the same reports: the same bytes, nothing rewritten
    before = {f.name: f.read_bytes() for f in files}
    again = run(site, "briefs")
    assert again.exit_code == 0, again.output
    assert "wrote 0 briefs" in again.output and "4 unchanged" in again.output
    assert {f.name: f.read_bytes() for f in sorted((site / "briefs").glob("*.md"))} == before


def test_briefs_never_overwrite_a_writers_edit_or_a_lock(site: Path):
    _export(site / "reports" / "citations.csv")
    run(site, "ingest")
    assert run(site, "briefs").exit_code == 0
    folder = site / "briefs"
    edited, locked = sorted(folder.glob("*.md"))[:2]
    edited.write_text(edited.read_text() + "\nWriter's notes.\n", encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["briefs"][locked.name]["status"] = "locked"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    locked_bytes = locked.read_bytes()
    stranger = folder / "notes.md"
    stranger.write_text("mine\n")
    result = run(site, "briefs", "--days", "60")  # a wider window: new content for every brief
    assert result.exit_code == 0, result.output
    assert f"kept briefs/{edited.name}: edited since it was written; not overwritten" in result.output
    assert edited.read_text().endswith("Writer's notes.\n")
    assert stranger.read_text() == "mine\n"
    assert f"kept briefs/{locked.name}: locked in manifest.json; not overwritten" in result.output
    assert locked.read_bytes() == locked_bytes
    assert json.loads((folder / "manifest.json").read_text())["briefs"][locked.name]["status"] == "locked"
    assert "kept briefs/notes.md" not in result.output  # not a brief of this run: untouched, not mentioned
    # deleting a brief asks for it again (as in generated/)
    edited.unlink()
    again = run(site, "briefs", "--days", "60")
    assert again.exit_code == 0 and edited.is_file() and "Writer's notes" not in edited.read_text()


def test_hostile_prompts_and_titles_are_escaped(site: Path):
    hostile = [
        '2026-11-01,ChatGPT,"alarm thresholds <script>alert(1)</script> ](javascript:alert(1))",'
        "https://evil.example/a?<b>x</b>,1",
    ]
    _export(site / "reports" / "citations.csv", extra=hostile)
    run(site, "ingest")
    assert run(site, "briefs").exit_code == 0
    text = "".join(f.read_text() for f in (site / "briefs").glob("*.md"))
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\](javascript:" in text and "<b>" not in text


def test_briefs_with_no_data_yet(site: Path):
    result = run(site, "briefs")
    assert result.exit_code == 2
    assert "no reports ingested yet" in result.output
    assert not (site / "briefs").exists()


def test_briefs_with_no_competitor_citations(site: Path):
    (site / "reports" / "citations.csv").write_text(
        "date,engine,prompt,cited_url\n2026-11-01,ChatGPT,what is oee,https://acme.example/oee/\n"
    )
    run(site, "ingest")
    result = run(site, "briefs")
    assert result.exit_code == 0, result.output
    assert "No gaps" in result.output and "we are cited for 1" in result.output
    assert not (site / "briefs").exists()


def test_briefs_without_prompts_in_the_reports(site: Path):
    (site / "reports" / "peec.csv").write_text(
        "url,classification,title,usage_count,citation_count,citation_avg,retrievals,citation_rate,country_code,date\n"
        "https://rival.example/x,OTHER,X,3,2,1.0,4,0.5,US,2026-11-01\n"
    )
    ingest = run(site, "ingest")
    assert ingest.exit_code == 0, ingest.output
    result = run(site, "briefs")
    assert result.exit_code == 2
    assert "name no prompts" in result.output


def test_briefs_out_inside_content_is_refused(site: Path):
    _export(site / "reports" / "citations.csv")
    run(site, "ingest")
    result = run(site, "briefs", "--out", str(site / "content" / "briefs"))
    assert result.exit_code == 2
    assert "briefs are drafts, not pages" in result.output


def test_briefs_window_without_rows(site: Path):
    _export(site / "reports" / "citations.csv")
    run(site, "ingest")
    result = run(site, "briefs", "--as-of", "2020-01-01")
    assert result.exit_code == 2
    assert "no citation rows with a prompt between" in result.output


def _reference_cluster(m, threshold: float) -> list[list[int]]:
    """Average linkage the slow, obvious way: scan the whole matrix for the first maximum each time."""
    import numpy as np

    n = m.shape[0]
    sim = m @ m.T
    np.fill_diagonal(sim, -np.inf)
    size, alive, members = np.ones(n), np.ones(n, dtype=bool), [[i] for i in range(n)]
    while True:
        masked = np.where(alive[:, None] & alive[None, :], sim, -np.inf)
        i, j = divmod(int(np.argmax(masked)), n)
        if not masked[i, j] > threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (size[i] * sim[i] + size[j] * sim[j]) / (size[i] + size[j])
        sim[i, :], sim[:, i] = merged, merged
        sim[i, i] = sim[j, :] = sim[:, j] = -np.inf
        size[i] += size[j]
        alive[j] = False
        members[i], members[j] = sorted(members[i] + members[j]), []
    return sorted([g for g in members if g], key=lambda g: (-len(g), g[0]))


def test_fast_clustering_equals_the_reference_also_on_ties():
    import numpy as np

    from aeoloop.evolve.topics import Vectors

    rng = np.random.default_rng(1)
    for trial in range(40):
        n, d = int(rng.integers(2, 60)), int(rng.integers(2, 10))
        m = rng.random((n, d)) * (rng.random((n, d)) < 0.3)
        if trial % 2:
            m = np.round(m)  # many equal similarities
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        m = np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)
        for threshold in (0.05, 0.2, 0.5):
            assert cluster(Vectors(m, ()), threshold) == _reference_cluster(m, threshold), (trial, threshold)


# --- weak prompts: cited, but not on every engine or with a falling share ---------------------

REPO = Path(__file__).resolve().parents[1]


def _mixed_export(path: Path) -> Path:
    """28 days (2026-11-01..28) of daily answers on two engines for the known clusters: "alarms"
    never cites us; "cmms" cites us on ChatGPT only; "roi" cites us on both engines in the first
    two weeks and on one day in four after; "battery" cites us on both engines every day (healthy)."""
    rows = ["date,engine,prompt,cited_url,position"]
    for day in range(28):
        date = dt.date(2026, 11, 1) + dt.timedelta(days=day)
        for k, prompts in MAINTENANCE.items():
            for prompt in prompts:
                for engine in ("ChatGPT", "Perplexity"):
                    ours = {
                        "alarms": False,
                        "cmms": engine == "ChatGPT",
                        "roi": day < 14 or day % 4 == 0,
                        "battery": True,
                    }[k]
                    if ours:
                        rows.append(f'{date},{engine},"{prompt}",{OURS}/alarms/,1')
                    rows.append(f'{date},{engine},"{prompt}",{WINNERS[k][day % 2]},2')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_briefs_come_from_prompts_we_are_not_cited_for_or_weak_on(site: Path):
    _mixed_export(site / "reports" / "citations.csv")
    assert run(site, "ingest").exit_code == 0
    result = run(site, "briefs", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["tracked"], data["covered"], data["not_cited"], data["weak"]) == (20, 15, 5, 10)
    groups = sorted(sorted(p["prompt"] for p in b["prompts"]) for b in data["briefs"])
    assert groups == sorted(sorted(MAINTENANCE[k]) for k in ("alarms", "cmms", "roi"))  # "battery" is healthy
    by_topic = {next(k for k, ps in MAINTENANCE.items() if b["prompts"][0]["prompt"] in ps): b for b in data["briefs"]}
    for p in by_topic["alarms"]["prompts"]:
        assert (p["status"], p["why"], p["own_citations"]) == ("not cited", "we are not cited", 0.0)
    for p in by_topic["cmms"]["prompts"]:
        assert p["status"] == "weak" and p["missing_on"] == ["perplexity"] and p["share"] is None
        assert p["why"] == "not cited on perplexity (cited on chatgpt)"
    for p in by_topic["roi"]["prompts"]:
        assert p["status"] == "weak" and p["missing_on"] == []
        before, after = p["share"]
        assert before == 0.5 and after < 0.25 and p["why"].startswith("our share fell from 50% to ")
    assert by_topic["cmms"]["cited"] == [{"page": "alarms.md", "citations": 140.0}]

    text = next((site / "briefs").glob("*cmms*.md")).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert (front["prompts"], front["not_cited"], front["weak"]) == (5, 0, 5)
    assert "while we are cited on too few engines or lose our share" in text
    assert "not cited on perplexity (cited on chatgpt)" in text
    assert "## Our pages cited for these prompts" in text
    assert "[Vibration alarm limits for pumps and motors](" in text and "(`alarms.md`) — 140 citations" in text
    alarms = next(f for f in (site / "briefs").glob("*.md") if "vibration-alarm" in f.name).read_text(encoding="utf-8")
    assert "and not us once" in alarms and "## Our pages cited for these prompts" not in alarms

    only = run(site, "briefs", "--gaps-only", "--format", "json", "--out", str(site / "gaps-only"))
    assert only.exit_code == 0, only.output
    assert [sorted(p["prompt"] for p in b["prompts"]) for b in json.loads(only.stdout)["briefs"]] == [
        sorted(MAINTENANCE["alarms"])
    ]


def test_equal_shares_are_rarely_called_a_fall():
    """The share test is one-sided at 5%: prompts whose share is the same in both halves (Binomial
    noise, 28 answers a half) are called falling in about 5% of cases or fewer, never most."""
    import random

    from aeoloop.evolve.gaps import GapPrompt, _weak

    rng = random.Random(13)
    falls = 0
    for _ in range(2000):
        tally: dict[tuple[str, bool, bool], float] = {}
        for recent in (False, True):
            ours = sum(rng.random() < 0.4 for _ in range(28))
            tally[("chatgpt", recent, True)] = float(ours)
            tally[("chatgpt", recent, False)] = 28.0
        gap = GapPrompt("p", 56.0, ("chatgpt",))
        falls += _weak(gap, tally) and gap.share is not None
    assert falls / 2000 <= 0.06, falls


def test_briefs_on_the_example_site(tmp_path: Path):
    """The example's reports cite us for every prompt, so a gaps-only reading finds nothing; the
    briefs come from the two prompts where we are weak: ChatGPT stopped citing us for "how does
    oee relate to maintenance", and our share of "condition monitoring software for mid-size
    plants" fell from 33% to 15%."""
    root = tmp_path / "example"
    for name in ("content", "brand", "reports"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("dashboard.html"))
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    assert run(root, "ingest").exit_code == 0
    result = run(root, "briefs", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["tracked"], data["covered"], data["not_cited"], data["weak"]) == (9, 9, 0, 2)
    briefs = {b["prompts"][0]["prompt"]: b for b in data["briefs"]}
    oee = briefs["how does oee relate to maintenance"]["prompts"][0]
    assert oee["missing_on"] == ["chatgpt"] and oee["share"] is None
    cms = briefs["condition monitoring software for mid-size plants"]
    assert [round(x, 2) for x in cms["prompts"][0]["share"]] == [0.33, 0.15]
    assert [c["page"] for c in cms["cited"]] == ["product/ridgeline-monitor.md"]
    assert [c["page"] for c in briefs["how does oee relate to maintenance"]["cited"]] == ["guides/oee.md"]
    assert len(list((root / "briefs").glob("*.md"))) == 2

    gaps_only = run(root, "briefs", "--gaps-only")
    assert gaps_only.exit_code == 0 and "No gaps" in gaps_only.output
