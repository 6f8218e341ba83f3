"""llms.txt v2 (link relations, scoped llms.txt, mirror URL forms), _headers and usage signals,
on real builds: assertions on the head links, the files they point to, _headers and robots.txt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from protego import Protego

from aeoloop.verify import verify_site
from aeoloop.verify.standards import parse_signal, parse_usage

SITE = "https://acme.example/"

PAGES = {
    "index.md": "---\ntitle: Acme guides\n---\n\nAcme Analytics explains downtime and OEE for small factories.\n",
    "guides/oee.md": "---\ntitle: What is OEE?\n---\n\nOverall equipment effectiveness measures productive time.\n",
    "guides/downtime.md": "---\ntitle: What is downtime?\n---\n\nDowntime is time a machine cannot run.\n",
    "it/oee.md": "---\ntitle: Che cos'è l'OEE?\nlang: it\n---\n\nL'OEE misura il tempo produttivo di una macchina.\n",
}
NAV = [{"Home": "index.md"}, {"Guides": ["guides/oee.md", "guides/downtime.md"]}, {"Italiano": ["it/oee.md"]}]
SCOPES = [
    "guides/",
    {"path": "it/", "lang": "it", "title": "Acme in italiano", "description": "Guide per le fabbriche."},
]
SIGNALS = {
    "content_signals": {"search": True, "ai-input": "yes", "ai-train": False},
    "content_usage": {"train-ai": "n", "search": "y"},
    "training": "disallow",
}


def head_links(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "lxml")
    out = {}
    for link in soup.head.find_all("link"):
        rel = " ".join(link.get("rel", []))
        if rel == "alternate" and link.get("type") == "text/markdown":
            out["alternate"] = link["href"]
        elif rel == "describedby":
            out["describedby"] = link["href"]
    return out


def site_file(site: Path, url: str) -> Path:
    assert url.startswith(SITE), url
    return site / url[len(SITE) :]


@pytest.fixture
def v2_site(make_site, build_site):
    root = make_site(
        PAGES, nav=NAV, options={"llms_txt": {"scopes": SCOPES, "mirror_url": "page.md"}, "robots": SIGNALS}
    )
    state = build_site(root)
    assert state.report.errors == 0, state.report.findings
    return root


def test_the_markdown_alternate_is_one_material_does_not_take_for_a_language(v2_site):
    """mkdocs-material 9.x fetches ``sitemap.xml`` beside every ``link[rel=alternate]`` (a whole-value
    match) and logs a 404 per page; the mirror link is written ``rel="alternate "``: the same single
    relation for anything that splits rel into tokens, no match for Material's selector."""
    import lxml.html

    for page in ("index.html", "guides/oee/index.html", "it/oee/index.html"):
        html = (v2_site / "site" / page).read_text()
        assert '<link rel="alternate " type="text/markdown" href="' in html, page
        links = lxml.html.fromstring(html).findall(".//head/link")
        markdown = [link for link in links if link.get("type") == "text/markdown"]
        assert len(markdown) == 1 and markdown[0].get("rel").split() == ["alternate"], page
        # Material's `link[rel=alternate]` (rel is matched case-insensitively in HTML documents)
        assert not [link for link in links if (link.get("rel") or "").lower() == "alternate"], page


def test_every_page_links_its_markdown_and_the_most_specific_llms_txt(v2_site):
    site = v2_site / "site"
    expected = {
        "index.html": ("index.md", "llms.txt"),
        "guides/oee/index.html": ("guides/oee.md", "guides/llms.txt"),
        "guides/downtime/index.html": ("guides/downtime.md", "guides/llms.txt"),
        "it/oee/index.html": ("it/oee.md", "it/llms.txt"),
    }
    for page, (mirror, llms) in expected.items():
        links = head_links((site / page).read_text())
        assert links == {"alternate": SITE + mirror, "describedby": SITE + llms}, page
        assert site_file(site, links["alternate"]).read_text().startswith("# ")
        assert site_file(site, links["describedby"]).read_text().startswith("# ")
    assert not list(site.rglob("*.html.md"))  # the page.md form only


def test_scoped_llms_txt_lists_only_the_pages_under_it(v2_site):
    site = v2_site / "site"
    guides = (site / "guides" / "llms.txt").read_text()
    assert guides.startswith("# Acme Guides: Guides\n")
    assert re.findall(r"\]\((\S+)\)", guides) == [SITE + "guides/oee.md", SITE + "guides/downtime.md"]
    italian = (site / "it" / "llms.txt").read_text()
    assert italian.startswith("# Acme in italiano\n\n> Guide per le fabbriche.\n")
    assert re.findall(r"\]\((\S+)\)", italian) == [SITE + "it/oee.md"]
    root = (site / "llms.txt").read_text()
    assert SITE + "it/oee.md" in root and SITE + "guides/oee.md" in root  # the root still indexes everything


def test_headers_file_has_links_content_types_and_usage(v2_site):
    headers = (v2_site / "site" / "_headers").read_text()
    blocks = {}
    for block in headers.split("\n\n"):
        lines = [ln for ln in block.splitlines() if not ln.startswith("#")]
        if lines:
            blocks[lines[0]] = lines[1:]
    assert blocks["/*"] == ["  Content-Usage: train-ai=n, search=y"]
    assert blocks["/guides/oee/"] == [
        f'  Link: <{SITE}guides/oee.md>; rel="alternate"; type="text/markdown", <{SITE}guides/llms.txt>; rel="describedby"'
    ]
    assert blocks["/guides/oee.md"] == [
        "  Content-Type: text/markdown; charset=utf-8",
        f'  Link: <{SITE}guides/oee/>; rel="canonical", <{SITE}guides/llms.txt>; rel="describedby"',
    ]
    for name in ("/llms.txt", "/guides/llms.txt", "/it/llms.txt", "/llms-full.txt", "/robots.txt"):
        assert blocks[name] == ["  Content-Type: text/plain; charset=utf-8"], name


def test_headers_site_mode_and_user_rules(make_site, build_site):
    root = make_site(PAGES, nav=NAV, options={"headers": "site"})
    (root / "content" / "_headers").write_text("/assets/*\n  Cache-Control: max-age=3600\n", encoding="utf-8")
    build_site(root)
    headers = (root / "site" / "_headers").read_text()
    assert "/*.md\n  Content-Type: text/markdown; charset=utf-8\n" in headers
    assert "/*.txt\n  Content-Type: text/plain; charset=utf-8\n" in headers
    assert "Link:" not in headers and "Content-Usage" not in headers
    assert headers.endswith("# from content/_headers\n/assets/*\n  Cache-Control: max-age=3600\n")


def test_default_mirror_form_and_links_can_be_switched_off(make_site, build_site):
    root = make_site(PAGES, nav=NAV)
    build_site(root)
    links = head_links((root / "site" / "guides" / "oee" / "index.html").read_text())
    assert links == {"alternate": SITE + "guides/oee/index.html.md", "describedby": SITE + "llms.txt"}
    root2 = make_site(PAGES, nav=NAV, options={"llms_txt": {"links": False}, "headers": "off"}, root=root.parent / "p2")
    build_site(root2)
    assert head_links((root2 / "site" / "guides" / "oee" / "index.html").read_text()) == {}
    assert not (root2 / "site" / "_headers").exists()


def test_robots_txt_carries_usage_signals_in_every_crawlable_group(v2_site):
    text = (v2_site / "site" / "robots.txt").read_text()
    groups = [g for g in text.split("\n\n") if "User-agent:" in g]
    for group in groups:
        if "Disallow: /\n" in group + "\n":
            assert "Content-Signal" not in group  # preferences apply only to what may be fetched
        else:
            assert "Content-Signal: search=yes, ai-input=yes, ai-train=no" in group
            assert "Content-Usage: / train-ai=n, search=y" in group
    # A standard parser keeps every group: the purpose decisions survive the extra lines.
    robots = Protego.parse(text)
    assert not robots.can_fetch(SITE + "guides/oee/", "GPTBot")
    assert not robots.can_fetch(SITE + "guides/oee/", "CCBot")
    assert robots.can_fetch(SITE + "guides/oee/", "OAI-SearchBot")
    assert robots.can_fetch(SITE + "guides/oee/", "ChatGPT-User")
    assert robots.can_fetch(SITE + "guides/oee/", "SomeBrowser")
    assert robots.sitemaps and list(robots.sitemaps) == [SITE + "sitemap.xml"]
    agents = {line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("User-agent:")}
    for agent in agents - {"*"}:
        # each named crawler resolves to its own group, not to "*": its decision is the one written
        group = next(g for g in groups if f"User-agent: {agent}\n" in g + "\n")
        allowed = "Disallow: /\n" not in group + "\n"
        assert robots.can_fetch(SITE + "x/", agent) == allowed, agent


@pytest.mark.parametrize(
    "value, ok",
    [
        ("search=yes, ai-input=yes, ai-train=no", True),
        ("ai-train=no", True),
        ("ai-trian=no", False),
        ("search=true", False),
        ("search", False),
    ],
)
def test_content_signal_syntax(value, ok):
    assert (parse_signal(value)[1] == []) is ok


@pytest.mark.parametrize(
    "value, errors, unknown",
    [
        ("train-ai=n, search=y", 0, 0),
        ("train-ai=n;src=x", 0, 0),
        ("train-ai=no", 1, 0),
        ("Train-AI=n", 1, 0),
        ("train-genai=n", 0, 1),
        ("search", 1, 0),
    ],
)
def test_content_usage_syntax(value, errors, unknown):
    _, errs, unk = parse_usage(value)
    assert (len(errs), len(unk)) == (errors, unknown)


def test_verify_catches_broken_links_headers_and_signals(v2_site):
    site = v2_site / "site"
    (site / "guides" / "oee.md").unlink()
    (site / "it" / "llms.txt").unlink()
    (site / "_headers").write_text(
        (site / "_headers").read_text() + "\nnot-a-path\n  Content-Usage: train-ai=no\n", encoding="utf-8"
    )
    (site / "robots.txt").write_text(
        (site / "robots.txt").read_text()
        + "\nUser-agent: X\nAllow: /\nContent-Signal: ai-trian=no\nContent-Usage: train-ai=n\n",
        encoding="utf-8",
    )
    report = verify_site(site, site_url=SITE, use_directory_urls=True)
    errors = {(f.page, f.check) for f in report.findings if f.level == "error"}
    assert ("guides/oee/index.html", "llms-link-broken") in errors  # alternate → deleted mirror
    assert ("it/oee/index.html", "llms-link-broken") in errors  # describedby → deleted llms.txt
    assert ("_headers", "llms-link-broken") in errors
    assert ("_headers", "headers-invalid") in errors
    assert ("_headers", "usage-signal-invalid") in errors
    messages = [f.message for f in report.findings if f.page == "robots.txt" and f.check == "usage-signal-invalid"]
    assert any("ai-trian" in m for m in messages) and any("needs a path" in m for m in messages)


def test_verify_warns_when_describedby_is_not_the_most_specific(v2_site):
    site = v2_site / "site"
    page = site / "guides" / "oee" / "index.html"
    page.write_text(
        page.read_text().replace(f'href="{SITE}guides/llms.txt"', f'href="{SITE}llms.txt"'), encoding="utf-8"
    )
    report = verify_site(site, site_url=SITE, use_directory_urls=True)
    found = [f for f in report.findings if f.check == "llms-describedby"]
    assert [f.page for f in found] == ["guides/oee/index.html"] and "guides/llms.txt" in found[0].message


def test_unicode_folder_and_page_names_are_encoded_once(make_site, build_site):
    page = "---\ntitle: Café guide\n---\n\nThe café guide explains espresso machines in small plants.\n"
    root = make_site({"gúides/café guide.md": page}, options={"llms_txt": {"scopes": ["gúides/"]}})
    state = build_site(root)
    assert state.report.errors == 0
    site = root / "site"
    links = head_links((site / "gúides" / "café guide" / "index.html").read_text())
    assert links == {
        "alternate": SITE + "g%C3%BAides/caf%C3%A9%20guide/index.html.md",
        "describedby": SITE + "g%C3%BAides/llms.txt",
    }
    assert (site / "gúides" / "llms.txt").is_file() and (site / "gúides" / "café guide" / "index.html.md").is_file()
    headers = (site / "_headers").read_text()
    assert "\n/g%C3%BAides/caf%C3%A9%20guide/\n" in headers and "%25" not in headers
