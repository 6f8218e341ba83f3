"""`aeoloop serve`'s incremental rebuild: a saved page goes through the engine alone and renders
alone, and what it produces is what a full build of the same inputs produces.

Driven through the function the server's builder calls (:meth:`AeoloopPlugin.prepare_rebuild`,
then MkDocs' build, dirty when it says so), with the real MkDocs, the real plugin and the real
extractive backend.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from click.testing import CliRunner

from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.cli import main
from aeoloop.refresh import InputSnapshot
from aeoloop.serve import Builder

from conftest import PAGE_OEE


def _pages() -> dict[str, str]:
    return {
        "oee.md": PAGE_OEE,
        "guide/first.md": PAGE_OEE.replace("title: What is OEE?", "title: OEE for first shifts"),
        "guide/second.md": PAGE_OEE.replace("title: What is OEE?", "title: OEE for second shifts"),
    }


class Serve:
    """The builder `aeoloop serve` gives MkDocs' server (aeoloop.serve.Builder), one rebuild per call."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root, self.site = root, site
        self.builder = Builder(root / "mkdocs.yml", site)
        self.plugin = self.builder.config.plugins["aeoloop"]
        self.first = True

    def rebuild(self) -> bool:
        self.builder(self.builder.config if self.first else None)  # MkDocs' server passes the config once
        self.first = False
        assert self.builder.config.plugins["aeoloop"] is self.plugin  # MkDocs keeps plugin instances across rebuilds
        return self.builder.last_dirty

    def close(self) -> None:
        """End the session as the server's process exit would. MkDocs caches plugin instances per
        process (``Plugins.plugin_cache``, one per process for every ``MkDocsConfig``): without
        this, a later build in the same test process would get Material's search plugin as serve
        left it (a dirty reload's previous index merged into the new one)."""
        self.builder.config.plugins.on_shutdown()
        cached = MkDocsConfig.plugins
        assert isinstance(cached, config_options.Plugins)
        cached.plugin_cache.clear()


@pytest.fixture
def serve(make_site, build_site, tmp_path):
    root = make_site(_pages())
    build_site(root)  # a writer's checkout: generated/ and the caches exist
    servers: list[Serve] = []

    def start(site: str = "preview") -> Serve:
        s = Serve(root, tmp_path / site)
        servers.append(s)
        return s

    yield root, start
    for s in servers:
        s.close()


def _edit(path: Path, extra: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + extra + "\n", encoding="utf-8")
    # MkDocs' dirty build compares the page's mtime with its HTML's: make the save visibly later
    # than the HTML written a moment ago, whatever the file system's time resolution
    later = path.stat().st_mtime + 2
    os.utime(path, (later, later))


def _tree(folder: Path, pattern: str = "*") -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob(pattern))
        if p.is_file()
    }


def test_a_saved_page_is_regenerated_and_rendered_alone(serve, monkeypatch, tmp_path):
    root, start = serve
    server = start()
    assert server.rebuild() is False  # the first build is a full one
    html = _tree(server.site, "*.html")
    mtimes = {p: p.stat().st_mtime_ns for p in server.site.rglob("*.html")}
    generated = _tree(root / "generated")

    made: list[str] = []
    real = ExtractiveBackend.generate
    monkeypatch.setattr(ExtractiveBackend, "generate", lambda self, page: made.append(page.src_uri) or real(self, page))
    sentence = "Night shifts log their scrap in a separate sheet that the supervisor checks every morning."
    _edit(root / "content" / "guide" / "first.md", sentence)
    assert server.rebuild() is True  # only a body changed: a dirty render
    refresh = server.plugin.last_refresh
    assert refresh.pages == ["guide/first.md"] and refresh.regenerated == ["guide/first.md"]
    assert made == ["guide/first.md"]  # no other page went through the backend

    page = server.site / "guide" / "first" / "index.html"
    assert sentence in page.read_text(encoding="utf-8")
    rewritten = {p.relative_to(server.site).as_posix() for p, m in mtimes.items() if p.stat().st_mtime_ns != m}
    assert rewritten == {"guide/first/index.html", "404.html"}  # the other pages were not rendered again
    changed = {k for k, v in _tree(root / "generated").items() if generated.get(k) != v}
    assert changed and all(k.startswith("guide/first/") for k in changed)  # published: that page's files only
    mirror = (server.site / "guide" / "first" / "index.html.md").read_text(encoding="utf-8")
    assert sentence in mirror and sentence in (server.site / "llms-full.txt").read_text(encoding="utf-8")

    # what the incremental rebuild produced is what a full build of the same inputs produces
    incremental = _tree(server.site)
    generated = _tree(root / "generated")
    server.close()
    fresh = start("full")
    assert fresh.rebuild() is False
    full = _tree(fresh.site)
    skip = {"search/search_index.json"}  # Material merges a dirty page's entries in another order
    assert {k: v for k, v in incremental.items() if k not in skip} == {k: v for k, v in full.items() if k not in skip}
    assert _tree(root / "generated") == generated  # the full build had nothing left to write
    assert html != _tree(fresh.site, "*.html")


def test_a_save_that_changes_nothing_regenerates_nothing(serve, monkeypatch):
    root, start = serve
    server = start()
    server.rebuild()
    made: list[str] = []
    monkeypatch.setattr(ExtractiveBackend, "generate", lambda self, page: made.append(page.src_uri))
    path = root / "content" / "oee.md"
    later = path.stat().st_mtime + 2
    os.utime(path, (later, later))  # saved without a change
    assert server.rebuild() is True
    assert server.plugin.last_refresh.pages == ["oee.md"] and server.plugin.last_refresh.regenerated == []
    assert made == []


def test_a_new_title_renders_every_page(serve):
    root, start = serve
    server = start()
    server.rebuild()
    path = root / "content" / "guide" / "second.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("OEE for second shifts", "OEE for late shifts"), encoding="utf-8"
    )
    assert server.rebuild() is False  # the title is in every page's navigation
    assert server.plugin.last_refresh.nav_changed
    assert "OEE for late shifts" in (server.site / "guide" / "first" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("change", ["brand", "new page", "removed page", "config"])
def test_anything_but_page_edits_prepares_everything_again(serve, change):
    root, start = serve
    server = start()
    server.rebuild()
    kept = server.plugin.state
    if change == "brand":
        glossary = root / "brand" / "glossary.yml"
        glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    elif change == "new page":
        (root / "content" / "guide" / "third.md").write_text(
            PAGE_OEE.replace("What is OEE?", "OEE for third shifts"), encoding="utf-8"
        )
    elif change == "removed page":
        (root / "content" / "guide" / "second.md").unlink()
    else:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert server.rebuild() is False
    assert server.plugin.last_refresh is None and server.plugin.state is not kept
    if change == "new page":
        assert (server.site / "guide" / "third" / "index.html").is_file()


def test_an_edit_with_an_error_fails_that_rebuild_and_the_next_save_recovers(serve, caplog):
    from mkdocs.exceptions import PluginError

    root, start = serve
    server = start()
    server.rebuild()
    path = root / "content" / "guide" / "first.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("authors: [ada]", "authors: [nobody]"), encoding="utf-8")
    with pytest.raises(PluginError, match="unknown author `nobody`"):
        server.rebuild()
    assert server.plugin._session is None  # the build lock is released
    path.write_text(good, encoding="utf-8")
    assert server.rebuild() is False  # the kept state was dropped: prepared afresh
    assert (server.site / "guide" / "first" / "index.html").is_file()


def test_snapshot_names_edited_pages_only(tmp_path):
    docs = tmp_path / "content"
    (docs / "a").mkdir(parents=True)
    (docs / "a" / "x.md").write_text("x")
    (docs / "y.md").write_text("y")
    (docs / "logo.svg").write_text("<svg/>")
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "brand.yml").write_text("a: 1")
    before = InputSnapshot.take(docs, [brand])
    assert before.edited_pages(InputSnapshot.take(docs, [brand])) == []
    (docs / "a" / "x.md").write_text("x changed")
    assert before.edited_pages(InputSnapshot.take(docs, [brand])) == ["a/x.md"]
    (docs / "logo.svg").write_text("<svg></svg>")
    assert before.edited_pages(InputSnapshot.take(docs, [brand])) is None  # not a page: a full build


def test_serve_refuses_the_published_site_folder(make_site):
    root = make_site()
    result = CliRunner().invoke(main, ["serve", "-f", str(root / "mkdocs.yml"), "--site-dir", str(root / "site")])
    assert result.exit_code == 2 and "published site folder" in result.output


def test_with_landing_pages_an_edit_renders_every_page(make_site, build_site, tmp_path):
    """Landing pages (/for/<audience>/<page>/) are made from their canonical page's HTML in the same
    pass: an edit still goes through the engine alone, but MkDocs renders every page."""
    from test_tailor_landing import _build

    root, _ = _build(make_site, build_site)
    server = Serve(root, tmp_path / "preview")
    try:
        server.rebuild()
        landings = sorted((server.site / "for").rglob("index.html"))
        assert landings
        sentence = "Night shifts log their scrap in a separate sheet that the supervisor checks every morning."
        _edit(root / "content" / "oee.md", sentence)
        assert server.rebuild() is False  # full render
        assert server.plugin.last_refresh.pages == ["oee.md"]  # the engine ran the edited page alone
        assert any(sentence in p.read_text(encoding="utf-8") for p in landings)
    finally:
        server.close()
