"""Page URLs as MkDocs serves them, end to end: real builds of a scaffolded site (``aeoloop new``).

Two ways a page's URL used to go wrong outside MkDocs' own output: verify assumed directory URLs
(with ``use_directory_urls: false`` it expected ``{site}guides/`` for ``guides/index.html`` and
warned that the home page's WebPage node was not ``{site}#webpage``), and the channel files linked
to a page called ``notes/café #1.md`` as ``…/notes/café #1/`` (a space and a fragment). Here every
file a build writes for people or engines names the URL MkDocs serves the page at, and verify
agrees with it in both URL styles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from aeoloop.cli import main

SITE = "https://www.example.com/"


def _new_site(root: Path, pages: dict[str, str], *, config: str = "") -> Path:
    """A scaffolded project with ``pages`` (path under content/ → title) added, each a copy of the
    scaffold's sample guide under its own title, and ``config`` appended to mkdocs.yml."""
    result = CliRunner().invoke(main, ["new", str(root)])
    assert result.exit_code == 0, result.output
    sample = (root / "content" / "guides" / "getting-started.md").read_text(encoding="utf-8")
    for rel, title in pages.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", sample, count=1), encoding="utf-8")
    if config:
        with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:
            f.write(config)
    return root


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    return result.output


def _findings(root: Path) -> list[tuple[str, str]]:
    report = json.loads(_run(root, "verify", "--format", "json"))
    return [(f["page"], f["check"]) for f in report["findings"]]


def _canonical(html: str) -> str:
    found = re.search(r'<link rel="canonical" href="([^"]*)"', html)
    assert found is not None
    return found.group(1)


def _graph_ids(html: str) -> set[str]:
    found = re.search(r'<script type="application/ld\+json" id="aeoloop-jsonld">(.*?)</script>', html, re.S)
    assert found is not None
    return {node["@id"] for node in json.loads(found.group(1))["@graph"] if "@id" in node}


def test_without_directory_urls_verify_checks_the_urls_mkdocs_serves(tmp_path: Path) -> None:
    root = _new_site(
        tmp_path / "plain-urls",
        {"guides/index.md": "Guides for writers who start today", "guides/deep/oee.md": "What OEE measures"},
        config="use_directory_urls: false\n",
    )
    assert "verify: 0 errors, 0 warnings" in _run(root, "build")
    site = root / "site"
    for rel, url in {
        "index.html": SITE + "index.html",
        "guides/index.html": SITE + "guides/index.html",
        "guides/deep/oee.html": SITE + "guides/deep/oee.html",
    }.items():
        html = (site / rel).read_text(encoding="utf-8")
        assert _canonical(html) == url and url + "#webpage" in _graph_ids(html), rel
    assert _findings(root) == []

    # the URL the old rule assumed (a directory URL) planted as the canonical: verify says so
    page = site / "guides" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace(f'rel="canonical" href="{SITE}guides/index.html"', f'rel="canonical" href="{SITE}guides/"')
    )
    assert _findings(root) == [("guides/index.html", "canonical-other")]


#: file under content/ → (title, the URL MkDocs serves it at, the HTML file under site/)
ODD_PAGES = {
    "my page.md": ("A page whose name has a space", SITE + "my%20page/", "my page/index.html"),
    "notes/café #1.md": ("Notes from the first café", SITE + "notes/caf%C3%A9%20%231/", "notes/café #1/index.html"),
    "notes/why?100%.md": ("Why a whole answer helps", SITE + "notes/why%3F100%25/", "notes/why?100%/index.html"),
}

#: the channel files that link back to the page (with UTM parameters, or as the source)
LINKING = (
    "linkedin-post.md",
    "linkedin-carousel.md",
    "x-thread.md",
    "newsletter.txt",
    "newsletter.html",
    "ai-answer.md",
)


def test_pages_with_spaces_hashes_and_letters_are_linked_at_their_served_urls(tmp_path: Path) -> None:
    root = _new_site(tmp_path / "odd-names", {rel: title for rel, (title, _, _) in ODD_PAGES.items()})
    assert "verify: 0 errors, 0 warnings" in _run(root, "build")
    site, generated = root / "site", root / "generated"
    llms = (site / "llms.txt").read_text(encoding="utf-8")
    full = (site / "llms-full.txt").read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for src, (title, url, html_file) in ODD_PAGES.items():
        html = (site / html_file).read_text(encoding="utf-8")
        assert _canonical(html) == url and {url + "#webpage", url + "#breadcrumb"} <= _graph_ids(html)
        assert f'"url":"{url}"' in html
        assert f"<loc>{url}</loc>" in sitemap
        assert f"[{title}]({url}index.html.md)" in llms and f"Canonical: <{url}>" in full
        assert f"Canonical: <{url}>" in (site / (html_file + ".md")).read_text(encoding="utf-8")
        channels = generated / src.removesuffix(".md") / "channels"
        for name in LINKING:
            text = (channels / name).read_text(encoding="utf-8")
            links = set(re.findall(r"https://www\.example\.com/[^\s\"<>)]*", text)) - {SITE}
            assert links and all(link == url or link.startswith(url + "?") for link in links), (src, name, links)
        on_screen = re.search(r"(?m)^On screen: (example\.com/\S*)$", (channels / "short-video-script.md").read_text())
        assert on_screen is not None and "https://www." + on_screen.group(1) + "/" == url.replace("%C3%A9", "é"), (
            on_screen.group(1)
        )
    assert _findings(root) == []
