"""Static landing pages /for/<audience>/<page>/ (option ``landing_pages``): real builds in
tmp_path asserting on site/ files (the page, sitemap.xml, llms.txt, mirrors, _headers, search
index), verify and the independent structured-data validator, bad options and hostile input,
and the page in headless Chromium."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from test_tailor import AUDIENCES, _site, oee_page

SETUP = (
    "---\ntitle: Setup\naudiences: [engineers]\n---\n\nSee [the OEE guide](../oee.md) before you connect machines.\n"
)


def _pages() -> dict[str, str]:
    PAGE_OEE = oee_page()

    oee = PAGE_OEE.replace(
        "keywords: [OEE, downtime]", "keywords: [OEE, downtime]\naudiences: [plant-managers, engineers]"
    )
    return {"oee.md": oee, "guides/setup.md": SETUP}


def _build(make_site, build_site, landing=True, audiences=AUDIENCES, pages=None, **options):
    root = _site(make_site, audiences=audiences, pages=pages or _pages(), options={"landing_pages": landing, **options})
    return root, build_site(root)


def _variant(root: Path, page: str, audience: str) -> str:
    text = (root / "generated" / page / "audiences" / f"{audience}.md").read_text()
    return " ".join(text.split("\n---\n", 1)[1].split())


def _site_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _resolves(site: Path, page_rel: str, href: str) -> bool:
    """Whether a relative href/src of the built page at page_rel names a file of the site."""
    target = urlsplit(urljoin("https://x.invalid/" + page_rel, href)).path.lstrip("/")
    if target == "":
        return True  # Material's home link (these sites have no home page)
    return any((site / t).is_file() for t in (target, target + "index.html", target + "/index.html"))


def test_off_by_default(make_site, build_site):
    root = _site(make_site, pages=_pages())
    build_site(root)
    assert not (root / "site" / "for").exists()


def test_landing_page_opens_for_the_audience_without_javascript(make_site, build_site):
    root, state = _build(make_site, build_site)
    site = root / "site"
    assert state.report.errors == 0, state.report.findings
    assert {p.relative_to(site).as_posix() for p in (site / "for").rglob("*") if p.is_file()} == {
        "for/plant-managers/oee/index.html",
        "for/engineers/oee/index.html",
        "for/engineers/guides/setup/index.html",
    }
    html = (site / "for" / "engineers" / "oee" / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert [link["href"] for link in soup.find_all("link", rel="canonical")] == ["https://acme.example/oee/"]
    block = soup.find(id="aeoloop-tailor")
    assert block["data-audience"] == "engineers"
    intro = block.find(class_="aeoloop-tailor-intro")
    assert not intro.has_attr("hidden") and intro.get_text() == _variant(root, "oee", "engineers")
    cta = block.select_one(".aeoloop-tailor-cta a")
    assert (cta.get_text(), cta["href"]) == ("Request API access", "/developers/")  # the audience's, not the default
    assert soup.find("template") is None and soup.find("select") is None  # no switcher: the page is the audience's
    # the canonical page's content: H1, summary, FAQ and the TOC
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == "What is OEE?"
    assert soup.find(id="aeoloop-summary") is not None and soup.find(id="faq") is not None
    assert soup.select('nav.md-nav--secondary a[href="#pricing"]'), "the TOC is the canonical page's"
    assert soup.title.get_text() == "What is OEE? - Acme Guides"
    # no structured data, Markdown alternate or llms.txt relation of its own
    assert "application/ld+json" not in html
    assert soup.find("link", rel="describedby") is None and soup.find("link", type="text/markdown") is None
    # every relative link and image was rebased: it names a file of the site
    rel = "for/engineers/oee/index.html"
    refs = [a.get("href") for a in soup.find_all(["a", "link"])] + [
        i.get("src") for i in soup.find_all(["img", "script"])
    ]
    relative = [r for r in refs if r and not r.startswith(("#", "http:", "https:", "data:", "/", "mailto:"))]
    assert relative and all(_resolves(site, rel, r) for r in relative), [
        r for r in relative if not _resolves(site, rel, r)
    ]
    assert any(r.endswith("oee/index.html.md") for r in relative)  # the copy control: the canonical mirror
    setup = BeautifulSoup((site / "for" / "engineers" / "guides" / "setup" / "index.html").read_text(), "html.parser")
    link = setup.find("article").find("a", string="the OEE guide")
    assert link["href"] == "../../../../oee/" and _resolves(site, "for/engineers/guides/setup/index.html", link["href"])


def test_landing_pages_are_out_of_sitemap_llms_txt_mirrors_headers_and_search(make_site, build_site):
    root, state = _build(make_site, build_site)
    site = root / "site"
    files = _site_files(site)
    assert not [f for f in files if f.startswith("for/") and not f.endswith("/index.html")]  # no mirror
    for name in ("sitemap.xml", "llms.txt", "llms-full.txt", "_headers", "search/search_index.json"):
        assert "/for/" not in (site / name).read_text() and "for/engineers" not in (site / name).read_text(), name
    assert b"/for/" not in gzip.decompress((site / "sitemap.xml.gz").read_bytes())
    assert "https://acme.example/oee/" in (site / "sitemap.xml").read_text()
    # verify read them (duplicate views of their canonical page) and scores only the real pages
    assert state.report.pages_checked == 5 and {s.page for s in state.report.scores} == {
        "oee/index.html",
        "guides/setup/index.html",
    }


def test_landing_pages_pass_the_structured_data_validator(make_site, build_site):
    from test_structured_data import errors_of, validate

    root, state = _build(make_site, build_site)
    report = validate(root / "site" / "for")
    assert len(report["pages"]) == 3 and errors_of(report) == []
    assert errors_of(validate(root / "site")) == []


def test_aeoloop_verify_accepts_landing_pages_and_catches_a_broken_canonical(make_site, build_site):
    from aeoloop.cli import main

    root, _ = _build(make_site, build_site)
    runner = CliRunner()
    result = runner.invoke(main, ["verify", "--config-file", str(root / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    page = root / "site" / "for" / "engineers" / "oee" / "index.html"
    page.write_text(page.read_text().replace('href="https://acme.example/oee/"', 'href="https://acme.example/gone/"'))
    result = runner.invoke(main, ["verify", "--config-file", str(root / "mkdocs.yml")])
    assert result.exit_code == 1 and "names no page of the site" in result.output, result.output
    assert "for/engineers/oee/index.html" in result.output


def test_a_list_picks_audiences_and_an_unknown_id_names_its_line(make_site, build_site):
    root, _ = _build(make_site, build_site, landing=["engineers"])
    assert sorted(p.relative_to(root / "site").as_posix() for p in (root / "site" / "for").rglob("index.html")) == [
        "for/engineers/guides/setup/index.html",
        "for/engineers/oee/index.html",
    ]
    from aeoloop.cli import main

    config = root / "mkdocs.yml"
    text = config.read_text().replace("    - engineers\n", "    - engineers\n    - ceo\n")
    assert "- ceo" in text
    config.write_text(text)
    line = text.splitlines().index("    - ceo") + 1
    result = CliRunner().invoke(main, ["build", "--config-file", str(config)])
    assert result.exit_code == 2, result.output
    assert f"mkdocs.yml:{line}:" in result.output and "unknown audience `ceo`" in result.output
    assert "plant-managers" in result.output and "Traceback" not in result.output


def test_hostile_audience_fields_and_an_edited_intro_are_text(make_site, build_site):
    hostile = {**AUDIENCES, "audiences": [dict(a) for a in AUDIENCES["audiences"]]}
    hostile["audiences"][1] = {
        **hostile["audiences"][1],
        "name": "<b>Engineers</b>",
        "ctas": {"awareness": {"text": '"><script>alert(1)</script>', "url": "/developers/?a=1&b=<2>"}},
    }
    root, _ = _build(make_site, build_site, audiences=hostile)
    variant = root / "generated" / "oee" / "audiences" / "engineers.md"
    variant.write_text(
        variant.read_text().rsplit("\n---\n", 1)[0] + '\n---\n\nRead <img src=x onerror=alert(1)> & "more".\n'
    )
    build_site(root)
    html = (root / "site" / "for" / "engineers" / "oee" / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    block = soup.find(id="aeoloop-tailor")
    assert block.find("img") is None and block.find_all("script") == []
    assert block.find(class_="aeoloop-tailor-intro").get_text() == 'Read <img src=x onerror=alert(1)> & "more".'
    cta = block.select_one(".aeoloop-tailor-cta a")
    assert cta.get_text() == '"><script>alert(1)</script>' and cta["href"] == "/developers/?a=1&b=<2>"
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    scripts = [s.string for s in soup.find_all("script") if s.string and "aeoloop-audience" in s.string]
    assert scripts == ['try{localStorage.setItem("aeoloop-audience","engineers")}catch(e){}']


def test_page_without_an_intro_for_the_audience_opens_with_its_cta(make_site, build_site):
    lunch = "---\ntitle: Lunch\naudiences: [engineers]\n---\n\nThe canteen serves soup on Mondays and fish on Fridays. Coffee is free all day.\n"
    root, state = _build(make_site, build_site, pages={**_pages(), "lunch.md": lunch})
    assert state.report.errors == 0
    block = BeautifulSoup((root / "site" / "for" / "engineers" / "lunch" / "index.html").read_text(), "html.parser")
    block = block.find(id="aeoloop-tailor")
    assert block.find(class_="aeoloop-tailor-intro") is None
    assert block.select_one(".aeoloop-tailor-cta a").get_text() == "Request API access"  # the audience's CTA


def test_index_page_and_plain_urls(make_site, build_site):
    PAGE_OEE = oee_page()

    home = PAGE_OEE.replace("keywords: [OEE, downtime]", "keywords: [OEE, downtime]\naudiences: [plant-managers]")
    pages = {"index.md": home, "guides/setup.md": SETUP.replace("[engineers]", "[plant-managers]")}
    root, state = _build(make_site, build_site, pages=pages)
    assert state.report.errors == 0
    soup = BeautifulSoup((root / "site" / "for" / "plant-managers" / "index.html").read_text(), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == "https://acme.example/"
    # use_directory_urls: false → for/<audience>/<page>.html, links still rebased
    root2 = _site(
        lambda p, options=None: make_site(
            p, options=options, config={"use_directory_urls": False}, root=root.parent / "plain"
        ),
        pages=_pages(),
        options={"landing_pages": True},
    )
    state = build_site(root2)
    assert state.report.errors == 0
    page = root2 / "site" / "for" / "engineers" / "guides" / "setup.html"
    soup = BeautifulSoup(page.read_text(), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == "https://acme.example/guides/setup.html"
    link = soup.find("article").find("a", string="the OEE guide")
    assert link["href"] == "../../../oee.html" and _resolves(
        root2 / "site", "for/engineers/guides/setup.html", link["href"]
    )


def test_a_docs_file_at_a_landing_path_is_an_error(make_site, build_site):
    from aeoloop.errors import AeoloopError

    pages = {**_pages(), "for/engineers/oee.md": "---\ntitle: Mine\n---\n\nA page of my own about engineers.\n"}
    root = _site(make_site, pages=pages, options={"landing_pages": True})
    with pytest.raises(AeoloopError) as err:
        build_site(root)
    assert "content/for/engineers/oee.md: error: is where the landing page of oee.md for audience" in str(err.value)
    assert not (root / "site").exists()


# -- in a browser -------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_browser_landing_page_then_canonical_page_for_the_same_audience(make_site, tmp_path):
    from cdp import Browser, chromium_binary

    from aeoloop.build import run_build
    from aeoloop.project import Project

    if chromium_binary() is None:
        pytest.skip("chromium is not installed (Debian package `chromium`)")
    site = tmp_path / "project" / "site"
    site.mkdir(parents=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        config = {"site_url": base, "theme": {"name": "material", "features": ["navigation.prune"], "font": False}}
        root = _site(
            lambda p, options=None: make_site(p, options=options, config=config),
            pages=_pages(),
            options={"landing_pages": True},
        )
        run_build(Project.load(root / "mkdocs.yml"))
        intro = _variant(root, "oee", "engineers")
        read = (
            "(function(){var r=document.getElementById('aeoloop-tailor'),i=r.querySelector('.aeoloop-tailor-intro');"
            "return {audience:r.getAttribute('data-audience'),intro:i?i.textContent:null,"
            "hidden:i?i.hidden:null,canonical:document.querySelector('link[rel=canonical]').href};})()"
        )
        with Browser(tmp_path / "profile") as browser:
            off = browser.page(javascript=False)
            off.goto(base + "for/engineers/oee/")
            assert off.eval(read)["intro"] == intro  # (the DOM as served: no script ran)
            page = browser.page()
            page.goto(base + "for/engineers/oee/")
            state = page.eval(read)
            assert state == {"audience": "engineers", "intro": intro, "hidden": False, "canonical": base + "oee/"}
            assert page.eval("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
            assert (
                page.errors == []
                and [
                    u
                    for u in page.requests
                    if urlsplit(u).netloc != urlsplit(base).netloc and not u.startswith("data:")
                ]
                == []
            )
            # the canonical page now opens for the same audience (localStorage, as ?for= does)
            nxt = browser.page()
            nxt.goto(base + "oee/")
            state = nxt.eval(read)
            assert state["audience"] == "engineers" and state["intro"] == intro and state["hidden"] is False
            assert nxt.errors == []
    finally:
        server.shutdown()
        server.server_close()


def test_a_landing_page_does_not_repeat_its_audience_intro_as_an_experiment_lead(
    make_site, build_site, monkeypatch: pytest.MonkeyPatch
):
    """An intro experiment publishes an audience's intro as the lead: that audience's landing page,
    which writes the same intro in its HTML, leaves the lead out; the other audience's keeps it."""
    import datetime as dt

    import yaml

    from aeoloop.cli import main

    root, _ = _build(make_site, build_site)
    args = ["experiment", "start", "-f", str(root / "mkdocs.yml"), "oee.md", "--element", "intro"]
    out = CliRunner().invoke(main, [*args, "--variants", "3", "--start", "2026-01-05"])
    assert out.exit_code == 0, out.output
    data = yaml.safe_load((root / "experiments" / "oee--intro.yml").read_text())
    intro = _variant(root, "oee", "plant-managers")
    name = next(n for n, text in data["variants"].items() if text == intro)
    day = next(p["from"] for p in data["schedule"] if p["variant"] == name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp())))
    build_site(root)
    site = root / "site"

    def shown(path: str) -> int:
        article = BeautifulSoup((site / path).read_text(), "html.parser").find("article")
        for inert in article.find_all(["template", "script"]):  # not shown
            inert.decompose()
        return " ".join(article.get_text(" ").split()).count(intro)

    assert shown("oee/index.html") == 1  # the lead (the audience intros are inert templates)
    assert shown("for/plant-managers/oee/index.html") == 1  # once, not lead and intro
    assert shown("for/engineers/oee/index.html") == 1  # the lead; the engineers' intro is another text
