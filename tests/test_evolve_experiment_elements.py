"""Experiments on a page's title and intro: variants, the published <title>/og:title/H1 and lead
paragraph switching by build date (real mkdocs builds), promote into content/, bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Callable

import pytest
import yaml
from click.testing import CliRunner

from aeoloop.cli import main
from aeoloop.evolve.experiment_promote import with_lead, with_title
from aeoloop.evolve.experiment_variants import TITLE_MAX, title_problems

REPO = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "reports"
SITE = "https://www.ridgeline-telemetry.example"


def cli(root: Path, *args: str):
    n = 2 if args[0] == "experiment" else 1
    return CliRunner().invoke(main, [*args[:n], "-f", str(root / "mkdocs.yml"), *args[n:]])


@pytest.fixture
def site(make_site: Callable[..., Path], build_site) -> Path:
    """The example site's OEE page (two audiences, question headings) with the market reports."""
    text = (REPO / "content" / "guides" / "oee.md").read_text(encoding="utf-8")
    pages = {"guides/oee.md": text.replace("authors: [tomas-lindqvist]", "authors: [ada]")}
    root = make_site(pages, config={"site_url": SITE + "/"})
    shutil.copy(REPO / "brand" / "audiences.yml", root / "brand" / "audiences.yml")
    (root / "reports").mkdir()
    shutil.copy(FIX / "market" / "citations.csv", root / "reports" / "citations.csv")
    build_site(root, verify=False)
    return root


def page_html(root: Path) -> str:
    return (root / "site" / "guides" / "oee" / "index.html").read_text(encoding="utf-8")


def epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()))


def first_day(data: dict, variant: str) -> str:
    return next(p["from"] for p in data["schedule"] if p["variant"] == variant)


def test_title_experiment_switches_title_og_title_h1_and_headline_by_build_date(
    site: Path, build_site, monkeypatch: pytest.MonkeyPatch
):
    control = "What is OEE and how does maintenance affect it?"
    result = cli(site, "experiment", "start", "guides/oee.md", "--element", "title")
    assert result.exit_code == 0, result.output
    path = site / "experiments" / "guides--oee--title.yml"
    data = yaml.safe_load(path.read_text())
    assert data["variants"]["A"] == control
    # derived from the page: a question heading that keeps the subject of the title (OEE, maintenance)
    assert data["variants"]["B"] == "How does predictive maintenance improve OEE?"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(first_day(data, "B")))
    state = build_site(site, verify=False)
    html = page_html(site)
    b = data["variants"]["B"]
    assert f"<title>{b} - " in html
    assert f'<meta property="og:title" content="{b}">' in html
    assert re.search(r"<h1[^>]*>" + re.escape(b), html)
    graph = json.loads(
        re.search(r'<script type="application/ld\+json" id="aeoloop-jsonld">(.*?)</script>', html).group(1)
    )
    assert any(n.get("headline") == b for n in graph["@graph"])
    assert any("publishing variant B of the title of guides/oee.md" in d.message for d in state.diagnostics)
    assert (site / "content" / "guides" / "oee.md").read_text().count(control) == 1  # content keeps A
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(first_day(data, "A")))
    build_site(site, verify=False)
    html = page_html(site)
    assert f"<title>{control} - " in html and f"<title>{b}" not in html
    assert re.search(r"<h1[^>]*>" + re.escape(control), html)
    assert f'<meta property="og:title" content="{control}">' in html  # both arms carry og:title
    # a writer edits B into a title too long for <title>: the control is published, with a warning
    data["variants"]["B"] = "How does predictive maintenance improve OEE " + "in every plant " * 5 + "?"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(first_day(data, "B")))
    state = build_site(site, verify=False)
    assert f"<title>{control} - " in page_html(site)
    assert any("variant B cannot be published" in d.message and "characters" in d.message for d in state.diagnostics)


def test_title_experiment_reaches_llms_txt_and_the_markdown_mirror(
    site: Path, build_site, monkeypatch: pytest.MonkeyPatch
):
    """llms.txt and the page's mirror name the page by the title its HTML publishes that build date."""
    control = "What is OEE and how does maintenance affect it?"
    assert cli(site, "experiment", "start", "guides/oee.md", "--element", "title").exit_code == 0
    data = yaml.safe_load((site / "experiments" / "guides--oee--title.yml").read_text())
    b = data["variants"]["B"]
    mirror = site / "site" / "guides" / "oee" / "index.html.md"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(first_day(data, "B")))
    build_site(site, verify=False)
    llms = (site / "site" / "llms.txt").read_text(encoding="utf-8")
    assert f"- [{b}](" in llms and control not in llms
    assert mirror.read_text(encoding="utf-8").startswith(f"# {b}\n")
    assert f"# {b}\n" in (site / "site" / "llms-full.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(first_day(data, "A")))
    build_site(site, verify=False)
    llms = (site / "site" / "llms.txt").read_text(encoding="utf-8")
    assert f"- [{control}](" in llms and b not in llms
    assert mirror.read_text(encoding="utf-8").startswith(f"# {control}\n")


def _graph(html: str) -> list[dict]:
    found = re.search(r'<script type="application/ld\+json" id="aeoloop-jsonld">(.*?)</script>', html)
    assert found is not None
    return json.loads(found.group(1))["@graph"]


def test_title_experiment_reaches_the_breadcrumb_and_the_description_fallback(
    site: Path, build_site, monkeypatch: pytest.MonkeyPatch
):
    """Every place that names the page names it by the published variant: the JSON-LD breadcrumb's
    last item, and the description (meta, JSON-LD, llms.txt) where it falls back to the title (a
    page with no description whose summary opens with a sentence over 160 characters)."""
    control = "What is OEE and how does maintenance affect it?"
    page = site / "content" / "guides" / "oee.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"\ndescription: [^\n]*", "", text, count=1), encoding="utf-8")
    assert cli(site, "experiment", "start", "guides/oee.md", "--element", "title").exit_code == 0
    data = yaml.safe_load((site / "experiments" / "guides--oee--title.yml").read_text())
    b = data["variants"]["B"]
    for name, title in (("B", b), ("A", control)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(first_day(data, name)))
        build_site(site, verify=False)
        html = page_html(site)
        graph = _graph(html)
        crumbs = next(n for n in graph if n.get("@type") == "BreadcrumbList")["itemListElement"]
        assert crumbs[-1]["name"] == title, crumbs
        assert f'<meta name="description" content="{title}">' in html  # the fallback: the summary opens too long
        assert any(n.get("description") == title for n in graph)
        llms = (site / "site" / "llms.txt").read_text(encoding="utf-8")
        assert f"- [{title}]({SITE}/guides/oee/index.html.md): {title}" in llms, llms
        other = control if name == "B" else b
        assert f'content="{other}"' not in html and f"<title>{other}" not in html  # (B is also a heading)
        assert f"- [{other}](" not in llms and f": {other}\n" not in llms


def test_intro_experiment_publishes_an_audience_intro_as_the_lead(
    site: Path, build_site, monkeypatch: pytest.MonkeyPatch
):
    result = cli(site, "experiment", "start", "guides/oee.md", "--element", "intro", "--variants", "3")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((site / "experiments" / "guides--oee--intro.yml").read_text())
    assert data["variants"]["A"] == ""  # the control: the page opens as written
    audiences = site / "generated" / "guides" / "oee" / "audiences"
    intros = {" ".join(p.read_text().split("\n---\n", 1)[1].split()) for p in audiences.glob("*.md") if p.is_file()}
    assert {data["variants"]["B"], data["variants"]["C"]} == intros
    mirror_path = site / "site" / "guides" / "oee" / "index.html.md"
    for name in ("B", "C"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(first_day(data, name)))
        build_site(site, verify=False)
        html = page_html(site)
        lead = re.search(r'<p class="aeoloop-lead">(.*?)</p>', html)
        assert lead is not None and lead.group(1).startswith(data["variants"][name][:40])
        assert html.index('class="aeoloop-lead"') < html.index(
            '<div class="admonition abstract aeoloop-summary"'
        )  # right under the H1
        mirror = mirror_path.read_text(encoding="utf-8")  # the Markdown mirror opens with the same lead
        assert mirror.split("\n\n")[2] == data["variants"][name], mirror[:400]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(first_day(data, "A")))
    build_site(site, verify=False)
    assert 'class="aeoloop-lead"' not in page_html(site)
    assert all(v not in mirror_path.read_text(encoding="utf-8") for k, v in data["variants"].items() if k != "A")


def test_promote_title_and_intro_write_the_page(site: Path):
    assert (
        cli(
            site, "experiment", "start", "guides/oee.md", "--element", "title", "--text", "OEE for maintenance teams"
        ).exit_code
        == 0
    )
    out = cli(site, "experiment", "promote", "guides--oee--title", "--variant", "B")
    assert out.exit_code == 0, out.output
    assert "content/guides/oee.md" in out.output
    source = (site / "content" / "guides" / "oee.md").read_text()
    assert 'title: "OEE for maintenance teams"' in source and "What is OEE and how" not in source
    assert cli(site, "experiment", "start", "guides/oee.md", "--element", "intro").exit_code == 0
    data = yaml.safe_load((site / "experiments" / "guides--oee--intro.yml").read_text())
    out = cli(site, "experiment", "promote", "guides--oee--intro", "--variant", "B")
    assert out.exit_code == 0, out.output
    body = (site / "content" / "guides" / "oee.md").read_text().split("\n---\n", 1)[1]
    assert body.lstrip().startswith(data["variants"]["B"])
    # loop velocity counts every element
    metrics = json.loads(cli(site, "metrics", "--format", "json").output)
    assert metrics["loop_velocity"]["experiments"]["2026-11"] == 2


def test_bad_input(site: Path):
    out = cli(site, "experiment", "start", "guides/oee.md", "--element", "title", "--text", "OEE")
    assert out.exit_code == 2 and "fewer than 2 words" in out.output, out.output
    out = cli(site, "experiment", "start", "guides/oee.md", "--element", "title", "--text", "x " * 40)
    assert out.exit_code == 2 and "characters" in out.output
    out = cli(site, "experiment", "start", "guides/oee.md", "--element", "title", "--text", "Why is the sky blue?")
    assert out.exit_code == 2 and "question-subject" in out.output
    out = cli(site, "experiment", "start", "guides/oee.md", "--element", "title", "--variants", "4")
    assert out.exit_code == 2 and "cannot derive" in out.output and "--text" in out.output
    out = cli(site, "experiment", "start", "guides/gone.md", "--element", "intro")
    assert out.exit_code == 2 and "content/guides/gone.md: no such page" in out.output
    manifest_path = site / "generated" / "guides" / "oee" / "manifest.json"
    saved = manifest_path.read_text()
    manifest = json.loads(saved)
    for record in manifest["artifacts"].values():
        record["status"] = "locked"
    manifest_path.write_text(json.dumps(manifest))
    out = cli(site, "experiment", "start", "guides/oee.md", "--element", "title")
    assert out.exit_code == 2 and "guides/oee.md is locked" in out.output
    manifest_path.write_text(saved)
    assert cli(site, "experiment", "start", "guides/oee.md", "--element", "intro").exit_code == 0
    out = cli(site, "experiment", "start", "guides/oee.md", "--element", "intro")
    assert out.exit_code == 2 and "already has a running intro experiment" in " ".join(out.output.split())


def test_two_running_files_on_one_element_publish_the_control(site: Path, build_site, monkeypatch):
    assert cli(site, "experiment", "start", "guides/oee.md", "--element", "title").exit_code == 0
    path = site / "experiments" / "guides--oee--title.yml"
    shutil.copy(path, site / "experiments" / "copy.yml")
    data = yaml.safe_load(path.read_text())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(first_day(data, "B")))
    state = build_site(site, verify=False)
    assert any("2 running title experiments on guides/oee.md" in d.message for d in state.diagnostics)
    assert "<title>What is OEE and how does maintenance affect it? - " in page_html(site)


def test_title_checks_and_page_edits():
    assert (
        title_problems("How does maintenance affect OEE?", "What is OEE and how does maintenance affect it?", "en")
        == []
    )
    assert any("characters" in p for p in title_problems("word " * 20, "OEE", "en"))
    assert len("x" * TITLE_MAX) == TITLE_MAX and not any(
        "characters" in p for p in title_problems("ab " + "x" * (TITLE_MAX - 3), "x", "en")
    )
    assert any("Markdown" in p for p in title_problems("The `oee` guide", "OEE", "en"))
    src = "---\ntitle: Old one\ndate: 2026-01-01\n---\n\n# Old one\n\nBody.\n"
    assert (
        with_title(src, "Old one", 'New "one"')
        == '---\ntitle: "New \\"one\\""\ndate: 2026-01-01\n---\n\n# New "one"\n\nBody.\n'
    )
    assert with_title("# Old\n\nBody.\n", "Old", "New") == "# New\n\nBody.\n"
    assert with_title("Body only.\n", "x", "New") == '---\ntitle: "New"\n---\n\nBody only.\n'
    assert with_lead("---\ntitle: T\n---\n\n# T\n\nBody.\n", "Lead.") == "---\ntitle: T\n---\n\n# T\n\nLead.\n\nBody.\n"
    assert with_lead("---\ntitle: T\n---\n\nBody.\n", "Lead.") == "---\ntitle: T\n---\n\nLead.\n\nBody.\n"
