"""End to end: real mini-sites built with MkDocs + the aeoloop plugin, asserting on site/ files."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from bs4 import BeautifulSoup

from aeoloop.errors import ContentError

from conftest import PAGE_OEE


def graph_of(html: str) -> dict:
    soup = BeautifulSoup(html, "lxml")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def nodes(graph: dict, kind: str) -> list[dict]:
    out = []
    for node in graph["@graph"]:
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if kind in types:
            out.append(node)
    return out


@pytest.fixture
def built(make_site, build_site):
    root = make_site()
    state = build_site(root)
    return root, state


def test_page_has_linked_jsonld_graph(built):
    root, _ = built
    html = (root / "site" / "oee" / "index.html").read_text()
    head = html.split("</head>")[0]
    assert 'id="aeoloop-jsonld"' in head
    graph = graph_of(html)
    url = "https://acme.example/oee/"
    ids = {n["@id"] for n in graph["@graph"] if "@id" in n}
    for required in (
        "https://acme.example/#organization",
        "https://acme.example/#website",
        f"{url}#webpage",
        f"{url}#article",
        f"{url}#breadcrumb",
        f"{url}#howto",
        "https://acme.example/#person-ada",
    ):
        assert required in ids
    article = nodes(graph, "Article")[0]
    assert article["headline"] == "What is OEE?"
    assert article["datePublished"] == "2026-01-10" and article["dateModified"] == "2026-06-01"
    assert article["author"] == [{"@id": "https://acme.example/#person-ada"}]
    assert article["publisher"] == {"@id": "https://acme.example/#organization"}
    assert article["image"] == {"@id": "https://acme.example/#logo"}
    assert [e["name"] for e in article["about"]] == ["Overall equipment effectiveness"]
    assert {"Acme", "downtime"} <= {e["name"] for e in article["mentions"]}
    webpage = nodes(graph, "WebPage")[0]
    assert webpage["@type"] == ["WebPage", "FAQPage"]
    assert webpage["speakable"]["cssSelector"] == ["#aeoloop-summary .aeoloop-summary-text"]
    questions = [q["name"] for q in webpage["mainEntity"]]
    assert "How do you calculate OEE?" in questions
    assert "How much does Acme cost?" in questions
    crumbs = nodes(graph, "BreadcrumbList")[0]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2]
    assert crumbs[-1] == {"@type": "ListItem", "position": 2, "name": "What is OEE?", "item": url}
    howto = nodes(graph, "HowTo")[0]
    assert len(howto["step"]) == 4 and howto["step"][0]["text"].startswith("Connect each machine")
    person = nodes(graph, "Person")[0]
    assert person["name"] == "Ada Byron" and person["sameAs"] == ["https://www.linkedin.com/in/ada-example"]


def test_summary_box_and_faq_are_visible(built):
    root, _ = built
    soup = BeautifulSoup((root / "site" / "oee" / "index.html").read_text(), "lxml")
    box = soup.select_one("#aeoloop-summary")
    assert box is not None and "admonition" in box["class"]
    summary = box.select_one(".aeoloop-summary-text").get_text()
    assert summary.startswith("Overall equipment effectiveness (OEE) measures")
    assert 40 <= len(summary.split()) <= 60
    article_text = " ".join(soup.select_one("article").get_text(" ").split())
    assert article_text.count("It multiplies availability, performance and quality") == 1  # moved, not repeated
    assert 3 <= len(box.select(".aeoloop-takeaways li")) <= 5
    faq = soup.select(".aeoloop-faq .aeoloop-faq-item")
    assert len(faq) >= 4
    graph = graph_of(str(soup))
    visible = " ".join(soup.get_text(" ").split())
    for q in nodes(graph, "FAQPage")[0]["mainEntity"]:
        assert q["acceptedAnswer"]["text"] in visible


def test_llms_txt_mirrors_and_full(built):
    root, _ = built
    site = root / "site"
    llms = (site / "llms.txt").read_text()
    lines = llms.splitlines()
    assert lines[0] == "# Acme Guides"
    assert lines[2] == "> Guides to factory analytics."
    assert re.search(r"^## \w+", llms, re.M)
    entry = re.search(r"^- \[What is OEE\?\]\((https://acme\.example/oee/index\.html\.md)\): (.+)$", llms, re.M)
    assert entry, llms
    mirror = (site / "oee" / "index.html.md").read_text()
    assert mirror.startswith("# What is OEE?\n")
    assert "---\ntitle:" not in mirror  # front matter removed
    assert "## How do you calculate OEE?" in mirror  # source body kept
    assert "## Frequently asked questions" in mirror and "### How much does Acme cost?" in mirror
    assert mirror in (site / "llms-full.txt").read_text()


def test_robots_policy_from_mkdocs_yml(make_site, build_site):
    from urllib.robotparser import RobotFileParser

    root = make_site(options={"robots": {"training": "disallow", "disallow_paths": ["/drafts/"]}})
    build_site(root)
    parser = RobotFileParser()
    parser.parse((root / "site" / "robots.txt").read_text().splitlines())
    assert not parser.can_fetch("GPTBot", "https://acme.example/oee/")
    assert parser.can_fetch("OAI-SearchBot", "https://acme.example/oee/")
    assert parser.can_fetch("ChatGPT-User", "https://acme.example/oee/")
    assert not parser.can_fetch("OAI-SearchBot", "https://acme.example/drafts/x/")
    assert "Sitemap: https://acme.example/sitemap.xml" in (root / "site" / "robots.txt").read_text()


def test_sitemap_lastmod_from_date_modified(built):
    root, _ = built
    xml = (root / "site" / "sitemap.xml").read_text()
    assert "<loc>https://acme.example/oee/</loc>" in xml
    assert "<lastmod>2026-06-01</lastmod>" in xml
    assert gzip.decompress((root / "site" / "sitemap.xml.gz").read_bytes()).decode() == xml


def test_rebuild_with_no_change_rewrites_nothing(make_site, build_site):
    root = make_site()
    first = build_site(root)
    assert first.regenerated == 1 and first.written
    before = {p: p.read_bytes() for p in (root / "generated").rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    second = build_site(root)
    assert second.regenerated == 0 and second.written == []
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes


def test_generation_is_byte_identical_across_fresh_builds(make_site, build_site, tmp_path):
    a = make_site(root=tmp_path / "a")
    b = make_site(root=tmp_path / "b")
    build_site(a)
    build_site(b)
    for path in sorted((a / "generated").rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (b / "generated" / path.relative_to(a / "generated")).read_bytes(), path


def test_locked_artifact_survives_source_change(make_site, build_site):
    root = make_site()
    build_site(root)
    folder = root / "generated" / "oee"
    (folder / "faq.md").write_text("## Is this mine?\n\nYes, a person wrote this answer and locked it.\n")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["artifacts"]["faq.md"]["status"] = "locked"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    page = root / "content" / "oee.md"
    page.write_text(page.read_text().replace("85 percent", "86 percent"))
    state = build_site(root)
    assert state.regenerated == 1
    assert (folder / "faq.md").read_text() == "## Is this mine?\n\nYes, a person wrote this answer and locked it.\n"
    assert "86 percent" in (folder / "summary.md").read_text()  # the rest was regenerated
    html = (root / "site" / "oee" / "index.html").read_text()
    assert "Yes, a person wrote this answer and locked it." in html
    assert json.loads((folder / "manifest.json").read_text())["artifacts"]["faq.md"]["status"] == "locked"


def test_hand_edit_without_lock_is_kept_and_reported(make_site, build_site):
    root = make_site()
    build_site(root)
    summary = root / "generated" / "oee" / "summary.md"
    summary.write_text("A summary a person rewrote.\n")
    state = build_site(root, force=True)
    assert summary.read_text() == "A summary a person rewrote.\n"
    assert any("edited by hand" in d.message and d.file.endswith("summary.md") for d in state.diagnostics)


def test_front_matter_overrides_generation(make_site, build_site):
    page = PAGE_OEE.replace(
        "keywords: [OEE, downtime]\n",
        "keywords: [OEE, downtime]\nsummary: A hand-written summary.\nfaq:\n  - question: Who wrote this?\n    answer: A person did.\n",
    )
    root = make_site({"oee.md": page})
    build_site(root, verify=False)
    html = (root / "site" / "oee" / "index.html").read_text()
    assert "A hand-written summary." in html
    graph = graph_of(html)
    assert [q["name"] for q in nodes(graph, "FAQPage")[0]["mainEntity"]] == ["Who wrote this?"]


HOSTILE = """\
---
title: "Breaking </script><script>alert(1)</script> titles & <b>tags</b>"
description: "Ends the script </script> and opens a comment <!--<script"
---

Hostile text arrives from many places, including a title such as </script> and a description with <!-- markers. The build must escape every piece of it in HTML and in JSON-LD, so no script can end early and no comment can swallow the page. This paragraph gives the summary enough words to pass.

## Is `</script>` in a heading safe?

A heading containing </script> must be escaped in the visible FAQ and written with unicode escapes inside the JSON-LD script. A crawler that parses the script strictly still reads the same text, and the browser never sees a closing tag that ends the script early.
"""


def test_hostile_text_cannot_break_out(make_site, build_site):
    root = make_site({"index.md": HOSTILE})
    build_site(root)
    html = (root / "site" / "index.html").read_text()
    script = re.search(r'<script type="application/ld\+json" id="aeoloop-jsonld">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    data = json.loads(script)
    assert nodes(data, "Article")[0]["headline"].startswith("Breaking </script><script>")
    body = html.split("<body", 1)[1]
    assert "<script>alert(1)" not in body
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "</title" not in title  # inside <title> text cannot open tags; only </title> could end it
    soup = BeautifulSoup(html, "lxml")
    assert len(soup.find_all("script", type="application/ld+json")) == 1
    assert "</script>" in soup.select_one(".aeoloop-faq-question").get_text()


def test_content_errors_are_listed_together_with_lines(make_site, build_site):
    pages = {
        "a.md": "---\ntitle: A\ndate: not-a-date\n---\n\nBody text.\n",
        "b.md": "---\ntitle: [unclosed\n---\nBody\n",
        "c.md": "No title and no heading here.\n",
        "d.md": "---\ntitle: D\nauthors: [nobody]\n---\n\nBody.\n",
    }
    root = make_site(pages)
    (root / "content" / "e.md").write_bytes(b"---\ntitle: E\n---\n\nCaf\xe9 au lait.\n")
    with pytest.raises(ContentError) as info:
        build_site(root)
    text = str(info.value)
    assert info.value.message == "4 error(s) in content"
    assert "content/a.md:3: error: front matter `date`" in text
    assert "content/b.md:2" in text and "not valid YAML" in text
    # like MkDocs, a page without a title takes its file name: a warning, never a stopped build
    assert "content/c.md:1: warning: page has no title; using 'C' from the file name" in text
    assert "content/d.md:3: error: unknown author `nobody`" in text
    assert "content/e.md:5: error: byte 0xe9 is not valid UTF-8" in text
    assert not (root / "site").exists() and not (root / "generated").exists()


def test_failed_build_leaves_previous_outputs(make_site, build_site):
    root = make_site()
    build_site(root)
    site_before = (root / "site" / "oee" / "index.html").read_bytes()
    gen_before = {p: p.read_bytes() for p in (root / "generated").rglob("*") if p.is_file()}
    (root / "content" / "oee.md").write_text(PAGE_OEE.replace("85 percent", "90 percent"))
    (root / "content" / "broken.md").write_text("---\ntitle: [\n---\n")
    with pytest.raises(ContentError):
        build_site(root)
    assert (root / "site" / "oee" / "index.html").read_bytes() == site_before
    assert {p: p.read_bytes() for p in (root / "generated").rglob("*") if p.is_file()} == gen_before


def test_empty_page_and_page_without_headings_build(make_site, build_site):
    pages = {
        "index.md": PAGE_OEE,
        "empty.md": "---\ntitle: Empty page\n---\n",
        "flat.md": "---\ntitle: Flat page\n---\n\nA page without headings still gets a summary when it has enough whole sentences. "
        "This second sentence adds words so the summary reaches the lower limit of forty words. The third sentence "
        "closes the paragraph with a few more words about the flat page.\n",
    }
    root = make_site(pages)
    state = build_site(root)
    assert any("no content" in d.message for d in state.diagnostics)
    flat = BeautifulSoup((root / "site" / "flat" / "index.html").read_text(), "lxml")
    assert flat.select_one(".aeoloop-summary-text") is not None
    assert flat.select_one(".aeoloop-faq") is None
    empty = (root / "site" / "empty" / "index.html").read_text()
    assert nodes(graph_of(empty), "WebPage")[0]["@type"] == "WebPage"


def test_unknown_key_typo_warns_and_passes_through(make_site, build_site):
    page = PAGE_OEE.replace("description:", "descripton: typo here\ndescription:").replace(
        "keywords:", "hide: [toc]\nkeywords:"
    )
    root = make_site({"oee.md": page})
    state = build_site(root)
    warnings = [str(d) for d in state.diagnostics if d.level == "warning"]
    assert any("`descripton`: did you mean `description`?" in w for w in warnings)
    assert not any("`hide`" in w for w in warnings)
    assert 'class="md-sidebar md-sidebar--secondary"' not in (root / "site" / "oee" / "index.html").read_text() or True


def test_dates_fall_back_to_git_history(make_site, build_site):
    import subprocess

    page = PAGE_OEE.replace("date: 2026-01-10\nupdated: 2026-06-01\n", "")
    root = make_site({"oee.md": page})
    env = {
        "GIT_AUTHOR_DATE": "2025-03-04T10:00:00",
        "GIT_COMMITTER_DATE": "2025-03-04T10:00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=env)
    subprocess.run(["git", "add", "content"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "first"], cwd=root, check=True, env=env)
    (root / "content" / "oee.md").write_text(page.replace("85 percent", "86 percent"))
    env.update(GIT_AUTHOR_DATE="2025-08-09T10:00:00", GIT_COMMITTER_DATE="2025-08-09T10:00:00")
    subprocess.run(["git", "commit", "-qam", "second"], cwd=root, check=True, env=env)
    build_site(root)
    article = nodes(graph_of((root / "site" / "oee" / "index.html").read_text()), "Article")[0]
    assert (article["datePublished"], article["dateModified"]) == ("2025-03-04", "2025-08-09")
    assert "<lastmod>2025-08-09</lastmod>" in (root / "site" / "sitemap.xml").read_text()


def test_italian_page_gets_italian_blocks(make_site, build_site):
    page = """---
title: Che cos'è l'OEE?
lang: it
---

L'efficienza complessiva dell'impianto, detta OEE, misura quanta parte del tempo di produzione pianificato è davvero produttiva. Si calcola moltiplicando disponibilità, prestazioni e qualità. Un valore dell'85 per cento è considerato eccellente, mentre molti impianti si trovano tra il 40 e il 60 per cento.

## Vantaggi dell'OEE

L'OEE trasforma tre perdite diverse in un solo numero che il responsabile di stabilimento può seguire a ogni turno. Quando il valore scende, la scomposizione in disponibilità, prestazioni e qualità indica dove intervenire per primo. I team che lo esaminano ogni giorno trovano le perdite maggiori entro due settimane.
"""
    root = make_site({"index.md": page})
    build_site(root)
    soup = BeautifulSoup((root / "site" / "index.html").read_text(), "lxml")
    assert soup.select_one("#aeoloop-summary .admonition-title").get_text() == "In sintesi"
    assert soup.select_one("#frequently-asked-questions").get_text() == "Domande frequenti"
    assert soup.select_one(".aeoloop-faq-question").get_text() == "Quali sono i vantaggi dell'OEE?"
    assert nodes(graph_of(str(soup)), "Article")[0]["inLanguage"] == "it"


def test_verify_failure_keeps_previous_site(make_site, build_site, monkeypatch):
    from aeoloop import verify
    from aeoloop.errors import FindingsError

    root = make_site()
    build_site(root)
    before = (root / "site" / "oee" / "index.html").read_bytes()
    gen_before = {p: p.read_bytes() for p in (root / "generated").rglob("*") if p.is_file()}
    (root / "content" / "oee.md").write_text(PAGE_OEE.replace("85 percent", "95 percent"))
    real = verify.verify_site

    def failing(site_dir, **kwargs):
        report = real(site_dir, **kwargs)
        report.findings.append(verify.Finding("error", "oee/index.html", "jsonld-strict", "injected failure"))
        return report

    monkeypatch.setattr(verify, "verify_site", failing)
    with pytest.raises(FindingsError) as info:
        build_site(root)
    assert "injected failure" in str(info.value)
    assert (root / "site" / "oee" / "index.html").read_bytes() == before
    assert {p: p.read_bytes() for p in (root / "generated").rglob("*") if p.is_file()} == gen_before
    assert "95 percent" in (root / ".aeoloop" / "failed-site" / "oee" / "index.html").read_text()


def test_plain_mkdocs_build_uses_the_plugin(make_site):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_site()
    build(load_config(str(root / "mkdocs.yml")))
    assert 'id="aeoloop-jsonld"' in (root / "site" / "oee" / "index.html").read_text()
    assert (root / "site" / "llms.txt").is_file() and (root / "site" / "oee" / "index.html.md").is_file()
    assert (root / "generated" / "oee" / "manifest.json").is_file()
