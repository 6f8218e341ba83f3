"""Tests for ``aeoloop.verify``: the crawler's-eye check of a built site.

Fixture sites are written into ``tmp_path`` from a graph dict plus body HTML, so
each test states exactly which part of the build contract it breaks.  One test
uses a real MkDocs Material page (``fixtures/verify/material_page.html``) to make
sure theme markup (headerlinks, nav, inline SVG) does not confuse the checks.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from aeoloop import verify
from aeoloop.verify import driver as verify_driver
from aeoloop.verify import page as verify_page
from aeoloop.verify import report as verify_report
from aeoloop.verify import SCORE_WEIGHTS, Finding, VerifyReport, verify_site

SITE = "https://example.com/"
FIXTURES = Path(__file__).parent / "fixtures" / "verify"

SUMMARY = (
    "Overall equipment effectiveness (OEE) multiplies availability, performance and quality "
    "into one percentage that shows how much planned production time is truly productive. "
    "World-class plants reach about 85 percent while most lines start near 60 percent, so "
    "measure each factor per shift and attack the biggest loss first."
)
# Answers that pass the quality contract (aeoloop.quality): whole sentences of at least 20 words
# that name the subject of their question; a page with weaker answers cannot score 100.
FAQ = [
    (
        "How is OEE calculated?",
        "OEE is calculated by multiplying availability by performance by quality, each "
        "expressed as a share of planned production time, so one weak factor pulls the whole score down.",
    ),
    (
        "What is a good OEE score?",
        "A good OEE score is about 85 percent, which is world class for discrete "
        "manufacturing; most lines start near 60 percent and gain the most from their biggest single loss.",
    ),
    (
        "Can OEE exceed 100 percent?",
        "OEE cannot exceed 100 percent on a correctly configured line. If it does, "
        "the ideal cycle time is set too slow and the performance factor counts more parts than possible.",
    ),
]


# --------------------------------------------------------------------------- helpers


def jsonld_text(graph: Any) -> str:
    """Serialise like the build contract says: json.dumps with <, >, & as \\u escapes."""
    text = json.dumps(graph, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def make_graph(
    url: str,
    *,
    faq: list[tuple[str, str]] | None = None,
    date_modified: str = "2025-03-14",
    article: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A complete, valid aeoloop graph for the page at ``url``."""
    faq = FAQ if faq is None else faq
    webpage: dict[str, Any] = {
        "@type": ["WebPage", "FAQPage"] if faq else "WebPage",
        "@id": url + "#webpage",
        "url": url,
        "name": "What is OEE?",
        "isPartOf": {"@id": SITE + "#website"},
        "breadcrumb": {"@id": url + "#breadcrumb"},
        "speakable": {
            "@type": "SpeakableSpecification",
            "cssSelector": ["#aeoloop-summary .aeoloop-summary-text"],
        },
        "dateModified": date_modified,
    }
    if faq:
        webpage["mainEntity"] = [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in faq
        ]
    art: dict[str, Any] = {
        "@type": "Article",
        "@id": url + "#article",
        "headline": "What is OEE?",
        "description": "OEE explained.",
        "datePublished": "2024-11-02",
        "dateModified": date_modified,
        "author": [{"@id": SITE + "#person-jdoe"}],
        "publisher": {"@id": SITE + "#organization"},
        "image": SITE + "assets/oee.png",
        "mainEntityOfPage": {"@id": url + "#webpage"},
        "about": [{"@type": "DefinedTerm", "@id": SITE + "#term-oee", "name": "OEE"}],
        "mentions": [{"@id": SITE + "#term-oee"}],
        "inLanguage": "en",
    }
    art.update(article or {})
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Organization",
                "@id": SITE + "#organization",
                "name": "OEE Academy",
                "url": SITE,
                "logo": {"@type": "ImageObject", "@id": SITE + "#logo", "url": SITE + "logo.svg"},
                "sameAs": ["https://www.linkedin.com/company/oee"],
            },
            {"@type": "WebSite", "@id": SITE + "#website", "url": SITE, "publisher": {"@id": SITE + "#organization"}},
            webpage,
            art,
            {
                "@type": "Person",
                "@id": SITE + "#person-jdoe",
                "name": "Jane Doe",
                "url": SITE + "authors/jdoe/",
                "sameAs": ["https://www.linkedin.com/in/jdoe"],
                "jobTitle": "Engineer",
            },
            {
                "@type": "BreadcrumbList",
                "@id": url + "#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": SITE},
                    {"@type": "ListItem", "position": 2, "name": "What is OEE?", "item": url},
                ],
            },
            {
                "@type": "HowTo",
                "@id": url + "#howto",
                "name": "Measure OEE",
                "step": [
                    {"@type": "HowToStep", "name": "Plan", "text": "Record planned time."},
                    {"@type": "HowToStep", "name": "Count", "text": "Count good parts."},
                ],
            },
        ],
    }


def make_body(
    *,
    faq: list[tuple[str, str]] | None = None,
    summary: str | None = SUMMARY,
    faq_html: str | None = None,
    extra: str = "",
) -> str:
    """Visible content matching the contract: summary box, question H2s, FAQ, internal links."""
    faq = FAQ if faq is None else faq
    parts = ["<h1>What is OEE?</h1>"]
    if summary is not None:
        parts.append(
            '<div class="admonition abstract aeoloop-summary" id="aeoloop-summary">'
            '<p class="admonition-title">Summary</p>'
            f'<p class="aeoloop-summary-text">{summary}</p>'
            '<ul class="aeoloop-takeaways"><li>OEE multiplies availability, performance and quality into one number.</li></ul></div>'
        )
    parts.append(
        '<h2 id="a">What does availability measure?<a class="headerlink" href="#a">&para;</a></h2>'
        '<p>Uptime. See <a href="../availability/">availability</a>, '
        '<a href="/guides/performance/">performance</a> and '
        f'<a href="{SITE}guides/quality/#scrap">quality</a>.</p>'
        '<h2 id="b">How do you measure performance?<a class="headerlink" href="#b">&para;</a></h2>'
        "<p>Speed against the ideal cycle time.</p>"
    )
    if faq_html is not None:
        parts.append(faq_html)
    elif faq:
        items = "".join(
            f'<div class="aeoloop-faq-item"><h3 class="aeoloop-faq-question">{q}</h3>'
            f'<div class="aeoloop-faq-answer"><p>{a}</p></div></div>'
            for q, a in faq
        )
        parts.append(f'<section class="aeoloop-faq" id="faq"><h2>FAQ</h2>{items}</section>')
    parts.append(extra)
    return "\n".join(parts)


def script_tag(text: str) -> str:
    return f'<script type="application/ld+json" id="aeoloop-jsonld">{text}</script>'


def render_page(graph: Any | None, body: str, *, jsonld: str | None = None, head_extra: str = "") -> str:
    """A minimal Material-shaped page; ``jsonld`` overrides the serialised graph verbatim."""
    text = jsonld if jsonld is not None else (jsonld_text(graph) if graph is not None else None)
    script = script_tag(text) if text is not None else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OEE</title>'
        f"{script}{head_extra}</head><body><header>OEE Academy</header>"
        '<div class="md-content"><article class="md-content__inner md-typeset">'
        f"{body}</article></div></body></html>"
    )


def page_url(rel: str) -> str:
    return SITE + rel[: -len("index.html")] if rel.endswith("index.html") else SITE + rel


def default_llms(pages: list[str]) -> str:
    entries = "\n".join(f"- [{p}]({page_url(p)}index.html.md): about {p}" for p in pages if p.endswith("index.html"))
    return (
        f"# OEE Academy\n\n> Guides to OEE.\n\n## Guides\n\n{entries}\n\n"
        f"## Optional\n\n- [Full text]({SITE}llms-full.txt): everything\n"
    )


def write_site(
    root: Path,
    pages: dict[str, str],
    *,
    llms: str | None = "default",
    mirrors: bool = True,
    robots: str = "User-agent: *\nAllow: /\n",
    head_links: bool = True,
) -> Path:
    """Write HTML pages plus the companion files the build contract promises (including the
    llms.txt v2 head links to the mirror and llms.txt)."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, html in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if head_links and mirrors and llms is not None and rel != "404.html" and "</head>" in html:
            links = (
                f'<link rel="alternate" type="text/markdown" href="{SITE}{rel}.md">'
                f'<link rel="describedby" href="{SITE}llms.txt">'
            )
            html = html.replace("</head>", links + "</head>", 1)
        path.write_text(html, encoding="utf-8")
        if mirrors and rel != "404.html":
            (root / (rel + ".md")).write_text("# mirror\n", encoding="utf-8")
    if llms is not None:
        (root / "llms.txt").write_text(default_llms(list(pages)) if llms == "default" else llms, encoding="utf-8")
    (root / "llms-full.txt").write_text("# OEE Academy\n", encoding="utf-8")
    (root / "robots.txt").write_text(robots, encoding="utf-8")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>',
        encoding="utf-8",
    )
    return root


PAGE = "guides/oee/index.html"
URL = page_url(PAGE)


def one_page_site(tmp_path: Path, graph: Any | None = None, body: str | None = None, **kw: Any) -> Path:
    graph = make_graph(URL) if graph is None else graph
    html = render_page(graph, make_body() if body is None else body, jsonld=kw.pop("jsonld", None))
    return write_site(tmp_path / "site", {PAGE: html}, **kw)


def checks_of(report: VerifyReport, level: str | None = None) -> set[str]:
    return {f.check for f in report.findings if level is None or f.level == level}


def run(root: Path, **kw: Any) -> VerifyReport:
    report = verify_site(root, site_url=SITE, use_directory_urls=kw.pop("use_directory_urls", True), **kw)
    for f in report.findings:  # every message is fully formatted and says how to fix
        assert not re.search(r"\{[a-z_]+[}(!\[]", f.message), f.message
        assert f.check in verify.CHECK_IDS and f.level in ("error", "warning")
    return report


# --------------------------------------------------------------------------- valid pages


def test_valid_page_has_no_findings_and_full_score(tmp_path: Path) -> None:
    report = run(one_page_site(tmp_path))
    assert report.findings == [], report.to_json()
    assert report.errors == 0 and report.warnings == 0 and report.ok
    assert report.pages_checked == 1
    (score,) = report.scores
    assert score.page == PAGE and score.url == URL
    assert score.score == 100
    assert all(score.checks.values()) and set(score.checks) == set(SCORE_WEIGHTS)
    assert score.fixes == []


def test_real_material_page_passes(tmp_path: Path) -> None:
    """A page as MkDocs Material renders it: nav, headerlink pilcrows, SVG icons, ~45 KB."""
    root = tmp_path / "site"
    (root / "guides" / "oee").mkdir(parents=True)
    shutil.copy(FIXTURES / "material_page.html", root / PAGE)
    html = (root / PAGE).read_text(encoding="utf-8")  # recorded before llms.txt v2: add its head links
    links = f'<link rel="alternate" type="text/markdown" href="{URL}index.html.md"><link rel="describedby" href="{SITE}llms.txt">'
    (root / PAGE).write_text(html.replace("</head>", links + "</head>", 1), encoding="utf-8")
    write_site(root, {}, llms=f"# OEE Academy\n\n> Guides.\n\n## Guides\n\n- [OEE]({URL}index.html.md): OEE\n")
    (root / (PAGE + ".md")).write_text("# OEE\n", encoding="utf-8")
    report = run(root)
    assert report.findings == [], report.to_json()
    assert report.scores[0].score == 100


def test_score_weights_sum_to_100() -> None:
    assert sum(SCORE_WEIGHTS.values()) == 100


# --------------------------------------------------------------------------- JSON-LD syntax


def test_trailing_comma_is_a_strict_error_but_extruct_still_reads_it(tmp_path: Path) -> None:
    text = jsonld_text(make_graph(URL))
    broken = text[:-2] + ",]}"  # ...}]} -> ...},]}
    report = run(one_page_site(tmp_path, jsonld=broken))
    strict = [f for f in report.findings if f.check == "jsonld-strict"]
    assert len(strict) == 1 and strict[0].level == "error" and strict[0].page == PAGE
    assert "json.dumps" in strict[0].message  # says how to fix
    # extruct tolerates the comma, so the crawler-view check is quiet and semantics were still checked
    assert checks_of(report) == {"jsonld-strict"}
    assert report.scores[0].checks["valid_schema"] is False


def test_unparseable_jsonld_is_invisible_to_extruct(tmp_path: Path) -> None:
    report = run(one_page_site(tmp_path, jsonld='{"@context": "https://schema.org", "@graph": [}'))
    assert {"jsonld-strict", "jsonld-extruct"} <= checks_of(report, "error")


def test_nan_is_rejected_by_strict_parsing(tmp_path: Path) -> None:
    text = jsonld_text(make_graph(URL)).replace('"inLanguage": "en"', '"inLanguage": NaN')
    assert "NaN" in text
    assert "jsonld-strict" in checks_of(run(one_page_site(tmp_path, jsonld=text)), "error")


def test_escaped_script_end_in_faq_answer_passes(tmp_path: Path) -> None:
    """`</script>` in an answer, escaped as \\u003c/script\\u003e, parses and matches the visible text."""
    faq = FAQ[:2] + [("How do I embed JSON-LD?", "Never paste </script> & friends into <head> raw.")]
    text = jsonld_text(make_graph(URL, faq=faq))
    assert "\\u003c/script\\u003e" in text and "</script>" not in text
    body = make_body(faq=[(q, a.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")) for q, a in faq])
    report = run(one_page_site(tmp_path, body=body, jsonld=text))
    assert report.findings == [], report.to_json()


def test_raw_script_end_breaks_the_page(tmp_path: Path) -> None:
    faq = FAQ[:2] + [("How do I embed JSON-LD?", "Never paste </script> into a page.")]
    raw = json.dumps(make_graph(URL, faq=faq))  # no \u003c escaping: the script ends early
    report = run(one_page_site(tmp_path, jsonld=raw))
    assert "jsonld-strict" in checks_of(report, "error")


def test_raw_less_than_is_a_warning(tmp_path: Path) -> None:
    faq = FAQ[:2] + [("Is <b> allowed?", "Yes, <b>bold</b> text is fine.")]
    raw = json.dumps(make_graph(URL, faq=faq), ensure_ascii=False)
    body = make_body(faq=[FAQ[0], FAQ[1], ("Is &lt;b&gt; allowed?", "Yes, <b>bold</b> text is fine.")])
    report = run(one_page_site(tmp_path, body=body, jsonld=raw))
    assert checks_of(report) == {"jsonld-unescaped"}
    assert report.findings[0].level == "warning"


def test_missing_and_multiple_jsonld(tmp_path: Path) -> None:
    good = render_page(make_graph(URL), make_body())
    doubled = good.replace("</head>", script_tag(jsonld_text(make_graph(URL))) + "</head>")
    root = write_site(
        tmp_path / "site",
        {"a/index.html": render_page(None, make_body()), "b/index.html": doubled},
    )
    report = run(root)
    by_page = {(f.page, f.check) for f in report.findings if f.level == "error"}
    assert ("a/index.html", "jsonld-missing") in by_page
    assert ("b/index.html", "jsonld-multiple") in by_page


def test_404_page_is_skipped(tmp_path: Path) -> None:
    root = one_page_site(tmp_path)
    (root / "404.html").write_text("<html><body>Not found</body></html>", encoding="utf-8")
    report = run(root)
    assert report.pages_checked == 1
    assert all(f.page != "404.html" for f in report.findings)
    assert [s.page for s in report.scores] == [PAGE]


# --------------------------------------------------------------------------- graph semantics


def test_article_without_date_modified(tmp_path: Path) -> None:
    graph = make_graph(URL)
    del graph["@graph"][3]["dateModified"]
    report = run(one_page_site(tmp_path, graph))
    errs = [f for f in report.findings if f.check == "article-required"]
    assert len(errs) == 1 and "dateModified" in errs[0].message and errs[0].level == "error"


def test_article_with_non_iso_date(tmp_path: Path) -> None:
    graph = make_graph(URL, article={"datePublished": "March 3, 2024"})
    report = run(one_page_site(tmp_path, graph))
    assert any(f.check == "article-required" and "ISO 8601" in f.message for f in report.findings)


def test_author_ref_to_missing_person(tmp_path: Path) -> None:
    graph = make_graph(URL, article={"author": [{"@id": SITE + "#person-ghost"}]})
    report = run(one_page_site(tmp_path, graph))
    unresolved = [f for f in report.findings if f.check == "id-unresolved"]
    assert len(unresolved) == 1 and "#person-ghost" in unresolved[0].message
    assert "Article.author[0]" in unresolved[0].message
    assert any(f.check == "article-required" and "author[0]" in f.message for f in report.findings)
    assert report.scores[0].checks["author"] is False


def test_person_without_url_fails_author_score_only(tmp_path: Path) -> None:
    graph = make_graph(URL)
    person = graph["@graph"][4]
    del person["url"], person["sameAs"]
    report = run(one_page_site(tmp_path, graph))
    assert report.errors == 0
    assert report.scores[0].checks["author"] is False
    assert report.scores[0].score == 100 - SCORE_WEIGHTS["author"]


def test_external_id_refs_are_not_unresolved(tmp_path: Path) -> None:
    graph = make_graph(URL, article={"mentions": [{"@id": "https://www.wikidata.org/wiki/Q1423815"}]})
    assert run(one_page_site(tmp_path, graph)).findings == []


def test_breadcrumb_item_without_position(tmp_path: Path) -> None:
    graph = make_graph(URL)
    del graph["@graph"][5]["itemListElement"][1]["position"]
    report = run(one_page_site(tmp_path, graph))
    errs = [f for f in report.findings if f.check == "breadcrumb-item"]
    assert len(errs) == 1 and "itemListElement[1]" in errs[0].message and "position" in errs[0].message


def test_faq_question_without_answer_text(tmp_path: Path) -> None:
    graph = make_graph(URL)
    graph["@graph"][2]["mainEntity"][0]["acceptedAnswer"] = {"@type": "Answer"}
    report = run(one_page_site(tmp_path, graph))
    assert any(f.check == "faq-required" and "acceptedAnswer.text" in f.message for f in report.findings)


def test_howto_with_one_step(tmp_path: Path) -> None:
    graph = make_graph(URL)
    graph["@graph"][6]["step"] = graph["@graph"][6]["step"][:1]
    report = run(one_page_site(tmp_path, graph))
    assert checks_of(report) == {"howto-required"}


def test_organization_without_url(tmp_path: Path) -> None:
    graph = make_graph(URL)
    del graph["@graph"][0]["url"]
    assert "organization-required" in checks_of(run(one_page_site(tmp_path, graph)), "error")


# --------------------------------------------------------------------------- FAQ visibility


def test_faq_answer_not_in_visible_text(tmp_path: Path) -> None:
    shown = FAQ[:2] + [(FAQ[2][0], "Something else entirely.")]
    report = run(one_page_site(tmp_path, body=make_body(faq=shown)))
    errs = [f for f in report.findings if f.check == "faq-not-visible"]
    assert len(errs) == 1 and "Can OEE exceed 100 percent?" in errs[0].message


@pytest.mark.parametrize("attr", ["hidden", 'style="display: none"', 'style="color:red;display:none"'])
def test_hidden_faq_answer_is_not_visible(tmp_path: Path, attr: str) -> None:
    q, a = FAQ[2]
    hidden_item = (
        f'<div class="aeoloop-faq-item"><h3 class="aeoloop-faq-question">{q}</h3>'
        f'<div class="aeoloop-faq-answer" {attr}><p>{a}</p></div></div>'
    )
    items = "".join(
        f'<div class="aeoloop-faq-item"><h3 class="aeoloop-faq-question">{q}</h3>'
        f'<div class="aeoloop-faq-answer"><p>{a}</p></div></div>'
        for q, a in FAQ[:2]
    )
    body = make_body(faq_html=f'<section class="aeoloop-faq" id="faq">{items}{hidden_item}</section>')
    report = run(one_page_site(tmp_path, body=body))
    assert checks_of(report) == {"faq-not-visible"}


def test_faq_visibility_ignores_whitespace_and_html_in_answer(tmp_path: Path) -> None:
    faq = FAQ[:2] + [("What is TEEP?", "<p>TEEP  is OEE\n times <strong>utilisation</strong>.</p>")]
    body = make_body(faq=FAQ[:2] + [("What is TEEP?", "TEEP is OEE times <b>utilisation</b>.")])
    assert run(one_page_site(tmp_path, make_graph(URL, faq=faq), body)).findings == []


# --------------------------------------------------------------------------- site files


def test_llms_link_to_missing_mirror(tmp_path: Path) -> None:
    llms = (
        "# OEE Academy\n\n> Guides.\n\n## Guides\n\n"
        f"- [OEE]({URL}index.html.md): ok\n"
        "- [Gone](/guides/gone/index.html.md): missing mirror\n"
        "- [Rel](guides/oee/): relative dir link\n"
        "- [Ext](https://other.example.org/x): external, not checked\n"
    )
    report = run(one_page_site(tmp_path, llms=llms))
    broken = [f for f in report.findings if f.check == "llms-link-broken"]
    assert len(broken) == 1 and broken[0].page == "llms.txt" and "/guides/gone/index.html.md" in broken[0].message


def test_llms_missing_and_malformed(tmp_path: Path) -> None:
    assert "llms-missing" in checks_of(run(one_page_site(tmp_path / "a", llms=None)), "error")
    report = run(one_page_site(tmp_path / "b", llms="OEE Academy\n\n- [x](https://example.com/)\n"))
    assert "llms-format" in checks_of(report, "error")


def test_missing_mirror_is_a_warning(tmp_path: Path) -> None:
    report = run(one_page_site(tmp_path, mirrors=False))
    # (a page built without mirrors has no Markdown alternate link either)
    assert {(f.level, f.check) for f in report.findings if f.page == PAGE} == {
        ("warning", "mirror-missing"),
        ("warning", "llms-page-links"),
    }
    # ...and llms.txt, which links the mirror, now has a broken link
    assert {f.check for f in report.findings if f.page == "llms.txt"} == {"llms-link-broken"}


def test_robots_blocking_answer_engines(tmp_path: Path) -> None:
    """Blocking a search/answer crawler is an error; opting out of training crawlers is policy."""
    robots = (
        "User-agent: GPTBot\nUser-agent: CCBot\nDisallow: /\n\n"
        "User-agent: OAI-SearchBot\nDisallow: /\n\n"
        "User-agent: *\nDisallow: /private/\n"
    )
    report = run(one_page_site(tmp_path, robots=robots))
    errs = [f for f in report.findings if f.check == "robots-blocks"]
    assert len(errs) == 1 and "oai-searchbot" in errs[0].message


@pytest.mark.parametrize(
    ("robots", "blocked"),
    [
        ("User-agent: *\nDisallow: /*\n", ["*"]),  # a wildcard blanket rule reads as one
        ("User-agent: *\nDisallow: /\nAllow: /docs/\n", ["*"]),  # one folder left open still hides the site
        ("User-agent: *\nDisallow: /\nAllow: /\n", []),  # the allow ties and wins (RFC 9309)
        ("User-agent: MistralAI-User\nDisallow: / # agent fetches\n\nUser-agent: *\nAllow: /\n", ["mistralai-user"]),
        ("User-agent: Googlebot\nUser-agent: ClaudeBot\nDisallow: /\n", ["googlebot"]),  # training: policy
        ("User-agent: PerplexityBot\nDisallow: /private/\n", []),
    ],
)
def test_robots_blocks_read_with_protego_and_the_crawler_table(tmp_path: Path, robots: str, blocked: list[str]) -> None:
    """Which crawlers count comes from aeoloop.crawlers (search and user purposes); what they may
    fetch from protego, the parser the tests read robots.txt with."""
    report = run(one_page_site(tmp_path, robots=robots))
    errs = sorted(
        f.message.split("user-agent ")[1].split("'")[1] for f in report.findings if f.check == "robots-blocks"
    )
    assert errs == blocked


def test_mentioned_organization_needs_no_url(tmp_path: Path) -> None:
    """Only the publisher Organization must have name + url; entities in mentions need not."""
    graph = make_graph(URL, article={"mentions": [{"@type": "Organization", "name": "Siemens"}]})
    assert run(one_page_site(tmp_path, graph)).findings == []


# --------------------------------------------------------------------------- score


def test_score_fixes_for_thin_page(tmp_path: Path) -> None:
    graph = make_graph(URL, faq=[], article={"about": [], "mentions": []})
    body = "<h1>OEE</h1><p>Short page.</p>"
    report = run(one_page_site(tmp_path, graph, body))
    (score,) = report.scores
    assert not score.checks["summary"] and not score.checks["faq"] and not score.checks["question_headings"]
    assert not score.checks["entities"] and not score.checks["internal_links"]
    assert score.checks["valid_schema"] and score.checks["author"] and score.checks["freshness"]
    assert score.score == SCORE_WEIGHTS["valid_schema"] + SCORE_WEIGHTS["author"] + SCORE_WEIGHTS["freshness"]
    assert any("question headings (H2/H3 ending in '?')" in fix for fix in score.fixes)
    assert len(score.fixes) == sum(not ok for ok in score.checks.values())
    # a missing speakable target is a warning, not an error
    assert checks_of(report) == {"speakable-selector"}


def test_summary_word_count(tmp_path: Path) -> None:
    long_summary = " ".join([SUMMARY, SUMMARY])
    report = run(one_page_site(tmp_path, body=make_body(summary=long_summary)))
    score = report.scores[0]
    assert score.checks["summary"] is False
    assert any("40-60 words" in f and str(len(long_summary.split())) in f for f in score.fixes)


def test_freshness_is_relative_to_newest_page(tmp_path: Path) -> None:
    pages = {
        "new/index.html": render_page(make_graph(SITE + "new/", date_modified="2025-06-01"), make_body()),
        "old/index.html": render_page(make_graph(SITE + "old/", date_modified="2024-05-01"), make_body()),
        "recent/index.html": render_page(
            make_graph(SITE + "recent/", date_modified="2024-06-02T10:00:00Z"), make_body()
        ),
    }
    report = run(write_site(tmp_path / "site", pages))
    fresh = {s.page: s.checks["freshness"] for s in report.scores}
    assert fresh == {"new/index.html": True, "old/index.html": False, "recent/index.html": True}


# --------------------------------------------------------------------------- cache, jobs, JSON


def _two_page_site(tmp_path: Path) -> Path:
    graph = make_graph(SITE + "bad/")
    del graph["@graph"][3]["dateModified"]
    return write_site(
        tmp_path / "site",
        {
            "good/index.html": render_page(make_graph(SITE + "good/"), make_body()),
            "bad/index.html": render_page(graph, make_body()),
        },
    )


def test_cache_hit_returns_same_findings_without_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _two_page_site(tmp_path)
    cache = tmp_path / "cache" / "verify.json"
    cold = run(root, cache_path=cache)
    assert cold.errors >= 1 and cold.pages_cached == 0 and cache.is_file()

    calls: list[int] = []
    real_parse = verify_page._parse_html

    def counting_parse(data: bytes) -> Any:
        calls.append(1)
        return real_parse(data)

    monkeypatch.setattr(verify_page, "_parse_html", counting_parse)
    warm = run(root, cache_path=cache)
    assert calls == []
    assert warm.pages_cached == 2
    assert warm.findings == cold.findings
    assert warm.to_json() == cold.to_json()

    # Changing one page re-parses only that page.
    changed = render_page(make_graph(SITE + "good/"), make_body(extra="<p>new</p>"))
    (root / "good" / "index.html").write_text(changed, encoding="utf-8")
    run(root, cache_path=cache)
    assert len(calls) == 1

    # A new VERSION invalidates everything.
    monkeypatch.setattr(verify_report, "VERSION", "test-bumped")
    run(root, cache_path=cache)
    assert len(calls) == 3


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    root = _two_page_site(tmp_path)
    cache = tmp_path / "verify.json"
    cache.write_text("{not json", encoding="utf-8")
    report = run(root, cache_path=cache)
    assert report.pages_cached == 0 and report.errors >= 1
    assert json.loads(cache.read_text())["version"].startswith(verify_report.VERSION + ":")  # and the checks' code


def test_process_pool_matches_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _two_page_site(tmp_path)
    monkeypatch.setattr(verify_driver, "POOL_MIN_PAGES", 1)
    assert run(root, jobs=2).to_json() == run(root, jobs=1).to_json()


def test_prefetch_started_while_rendering_matches_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages analysed by a Prefetch (as the render writes them) give the report and cache of a
    plain run; a page changed after it was analysed is analysed again, and a cache hit never
    starts a worker (the warm build)."""
    from aeoloop.quality import Limits
    from aeoloop.verify import prefetch as verify_prefetch

    root = _two_page_site(tmp_path)
    monkeypatch.setattr(verify_prefetch, "POOL_MIN_PAGES", 1)
    monkeypatch.setattr(verify_prefetch, "BATCH_PAGES", 1)
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if p.name != "404.html")
    assert len(pages) >= 2
    pre = verify_prefetch.Prefetch(
        root,
        site_url=SITE,
        use_directory_urls=True,
        jobs=2,
        cache_path=tmp_path / "pre.json",
        limits=Limits(),
        exclude=(),
    )
    for rel in pages:
        pre.written(rel)
    assert set(pre.futures) == set(pages)
    changed = root / pages[0]  # rewritten after its analysis started: that analysis is not used
    pre.futures[pages[0]].result()
    html = changed.read_text(encoding="utf-8")
    assert "application/ld+json" in html
    changed.write_text(html.replace("application/ld+json", "text/plain"), encoding="utf-8")  # JSON-LD gone
    try:
        got = run(root, cache_path=tmp_path / "pre.json", prefetch=pre)
    finally:
        pre.close()
    assert got.to_json() == run(root, cache_path=tmp_path / "plain.json").to_json()
    assert (tmp_path / "pre.json").read_text() == (tmp_path / "plain.json").read_text()
    assert any(f.page == pages[0] and "jsonld" in f.check for f in got.findings), got.findings
    again = verify_prefetch.Prefetch(
        root,
        site_url=SITE,
        use_directory_urls=True,
        jobs=2,
        cache_path=tmp_path / "pre.json",
        limits=Limits(),
        exclude=(),
    )
    for rel in pages:
        again.written(rel)
    assert not again.futures and again._pool is None, "every page was in the cache: nothing to start"
    assert run(root, cache_path=tmp_path / "pre.json", prefetch=again).pages_cached == len(pages)


def test_prefetch_sends_pages_in_batches_and_the_last_short_one_when_verify_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The render's pages go to the worker a batch at a time (one task, one result message for
    several pages); the short last batch waits for verify, which sends it with its first question;
    the report and cache are a plain run's."""
    from aeoloop.quality import Limits
    from aeoloop.verify import prefetch as verify_prefetch

    root = _two_page_site(tmp_path)
    for n in range(3):  # five pages: two batches of two, and one page left for the end
        (root / f"more{n}").mkdir()
        shutil.copy(root / "good" / "index.html", root / f"more{n}" / "index.html")
    monkeypatch.setattr(verify_prefetch, "POOL_MIN_PAGES", 1)
    monkeypatch.setattr(verify_prefetch, "BATCH_PAGES", 2)
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if p.name != "404.html")
    assert len(pages) == 5
    pre = verify_prefetch.Prefetch(
        root,
        site_url=SITE,
        use_directory_urls=True,
        jobs=2,
        cache_path=tmp_path / "pre.json",
        limits=Limits(),
        exclude=(),
    )
    for rel in pages:
        pre.written(rel)
    assert len(pre.futures) == 4 and len({id(f) for f in pre.futures.values()}) == 2
    assert pre._waiting == pages[4:]
    try:
        got = run(root, cache_path=tmp_path / "pre.json", prefetch=pre)
        assert not pre._waiting and set(pre.futures) == set(pages)
        assert got.pages_cached == 0
    finally:
        pre.close()
    assert got.to_json() == run(root, cache_path=tmp_path / "plain.json").to_json()
    assert (tmp_path / "pre.json").read_text() == (tmp_path / "plain.json").read_text()


def test_a_prefetch_pool_that_breaks_leaves_the_pages_to_verify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies during the render (the pool is broken: submitting raises) is not the
    build's failure: the pages not read back are verified in the build's own process."""
    from concurrent.futures.process import BrokenProcessPool

    from aeoloop.quality import Limits
    from aeoloop.verify import prefetch as verify_prefetch

    class Broken:
        def submit(self, *args: object) -> None:
            raise BrokenProcessPool("a child process terminated abruptly")

        def shutdown(self, **kwargs: object) -> None:
            pass

    root = _two_page_site(tmp_path)
    monkeypatch.setattr(verify_prefetch, "POOL_MIN_PAGES", 1)
    monkeypatch.setattr(verify_prefetch, "BATCH_PAGES", 1)
    pre = verify_prefetch.Prefetch(
        root, site_url=SITE, use_directory_urls=True, jobs=2, cache_path=None, limits=Limits(), exclude=()
    )
    pre._pool = Broken()
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if p.name != "404.html")
    for rel in pages:
        pre.written(rel)  # no exception
    assert not pre.futures and pre._pool is None and pre._failed
    assert run(root, prefetch=pre).to_json() == run(root).to_json()


def test_to_json_is_deterministic_and_sorted(tmp_path: Path) -> None:
    root = _two_page_site(tmp_path)
    first, second = run(root).to_json(), run(root).to_json()
    assert first == second
    data = json.loads(first)
    assert data["errors"] == sum(f["level"] == "error" for f in data["findings"])
    assert [s["page"] for s in data["scores"]] == sorted(s["page"] for s in data["scores"])
    keys = [(f["page"], f["level"] != "error", f["check"], f["message"]) for f in data["findings"]]
    assert keys == sorted(keys)
    # Building a report from shuffled findings yields the same JSON.
    report = run(root)
    shuffled = VerifyReport(
        findings=list(reversed(report.findings)),
        scores=list(reversed(report.scores)),
        pages_checked=report.pages_checked,
    )
    assert shuffled.to_json() == first


def test_finding_is_typed_and_hashable() -> None:
    f = Finding("error", "a/index.html", "jsonld-strict", "broken; fix it")
    assert {f: 1}[copy.copy(f)] == 1
    assert f.to_dict()["check"] == "jsonld-strict"


# --------------------------------------------------------------------------- misc


def test_check_ids_are_complete() -> None:
    """Every id the module emits is listed in CHECK_IDS (the CLI and docs rely on it)."""
    package = Path(verify.__file__).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py")))
    emitted = set(re.findall(r"\.(?:error|warning)\(\s*\"([a-z0-9-]+)\"", source))
    emitted |= set(re.findall(r"Finding\(\s*\"(?:error|warning)\",\s*[\w\"./-]+,\s*\"([a-z0-9-]+)\"", source))
    assert len(emitted) > 20
    assert emitted == set(verify.CHECK_IDS)


def test_empty_page_is_unparseable(tmp_path: Path) -> None:
    root = one_page_site(tmp_path)
    (root / "empty.html").write_bytes(b"")
    report = run(root)
    assert ("empty.html", "html-unparseable") in {(f.page, f.check) for f in report.findings}


def test_exclude_globs(tmp_path: Path) -> None:
    root = one_page_site(tmp_path)
    (root / "legacy").mkdir()
    (root / "legacy" / "old.html").write_text("<html><body>old</body></html>", encoding="utf-8")
    assert "jsonld-missing" in checks_of(run(root))
    report = run(root, exclude=["legacy/*.html"])
    assert report.findings == [] and report.pages_checked == 1


def _canonical_page(tmp_path: Path, canonical: str) -> Path:
    html = render_page(make_graph(URL), make_body(), head_extra=f'<link rel="canonical" href="{canonical}">')
    return write_site(tmp_path / "site", {PAGE: html})


def test_a_canonical_naming_another_url_is_caught(tmp_path: Path) -> None:
    """A page of ours whose canonical link is not the URL it is served at tells engines to index
    another URL (a site_url or URL style other than the one it is served with)."""
    assert run(_canonical_page(tmp_path / "own", URL)).findings == []
    assert run(_canonical_page(tmp_path / "relative", "./")).findings == []  # resolved against the page
    report = run(_canonical_page(tmp_path / "other", SITE + "guides/oee.html"))
    assert [(f.page, f.level, f.check) for f in report.findings] == [(PAGE, "warning", "canonical-other")]
    assert SITE + "guides/oee.html" in report.findings[0].message and URL in report.findings[0].message


def test_the_url_style_is_part_of_what_verify_keeps(tmp_path: Path) -> None:
    """The same file is served at another URL without directory URLs (``guides/oee/index.html``, not
    ``guides/oee/``): verify's cache and the read-back key of the page's manifest do not carry
    over, and the page, built for directory URLs, is judged for the URL it now has."""
    root, cache = _canonical_page(tmp_path, URL), tmp_path / "verify-cache.json"
    first = run(root, cache_path=cache, recorded={})
    assert first.findings == [] and run(root, cache_path=cache).pages_cached == 1
    flipped = run(root, cache_path=cache, recorded={}, use_directory_urls=False)
    assert flipped.pages_cached == 0 and flipped.readbacks[PAGE][0] != first.readbacks[PAGE][0]
    assert {(f.page, f.check) for f in flipped.findings} == {(PAGE, "webpage-url"), (PAGE, "canonical-other")}
    taken = run(root, recorded={PAGE: first.readbacks[PAGE]}, use_directory_urls=False)  # the record is not taken
    assert taken.findings == flipped.findings


def test_graph_for_another_url_and_jsonld_in_body(tmp_path: Path) -> None:
    graph = make_graph(SITE + "guides/oee.html")  # built with use_directory_urls: false?
    html = render_page(None, make_body(extra=script_tag(jsonld_text(graph))))
    report = run(write_site(tmp_path / "site", {PAGE: html}))
    assert {(f.level, f.check) for f in report.findings} == {
        ("warning", "webpage-url"),
        ("warning", "jsonld-placement"),
    }
