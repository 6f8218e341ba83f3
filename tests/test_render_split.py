"""The render's Markdown and template phases shared out over processes (aeoloop.render_split): the
same bytes as one process, the search index in page order, the fragment cache as one process leaves
it, MkDocs' checks warning once, and a worker that fails or dies fails the build cleanly with the
previous outputs intact."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import tree_bytes

from aeoloop import populate_split, render_split
from aeoloop.errors import AeoloopError
from aeoloop.mkdocs_plugin import AeoloopPlugin


def _taken(monkeypatch: pytest.MonkeyPatch, method: str) -> list[Any]:
    """Every share the build process hands to ``AeoloopPlugin.<method>``, in order (the method still runs)."""
    taken: list[Any] = []
    real = getattr(AeoloopPlugin, method)

    def spy(self: AeoloopPlugin, share: Any) -> None:
        taken.append(share)
        real(self, share)

    monkeypatch.setattr(AeoloopPlugin, method, spy)
    return taken


@pytest.fixture
def shares(monkeypatch: pytest.MonkeyPatch) -> list[render_split.RenderedShare]:
    """The shares the build process took from workers."""
    return _taken(monkeypatch, "adopt_render_share")


@pytest.fixture
def populated(monkeypatch: pytest.MonkeyPatch) -> list[populate_split.PopulatedShare]:
    """The Markdown-phase shares the build process took from workers."""
    return _taken(monkeypatch, "adopt_populate_share")


def _strict_build_messages(build_site, root: Path, jobs: int, error: type[Exception]) -> list[str]:
    """What MkDocs logged during a ``--strict`` build of ``root`` that fails with ``error`` on its warnings."""
    seen: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        with pytest.raises(error, match="strict mode"):
            build_site(root, jobs=jobs, strict=True)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return seen


def _fragments(root: Path) -> dict[str, str]:
    db = sqlite3.connect(root / ".aeoloop" / "fragments.sqlite")
    try:
        return dict(db.execute("SELECT key, value FROM fragments"))
    finally:
        db.close()


def test_shared_render_writes_the_same_site_as_one_process(split_corpus, build_site, shares, populated):
    """-j 1 and -j 3 on a cold, a warm and a CI build: every file of site/ the same (pages, search
    index, sitemap, llms-full.txt), and the fragment cache holds the same entries."""
    one, three = split_corpus("one"), split_corpus("three")
    build_site(one, jobs=1)
    assert not shares and not populated
    build_site(three, jobs=3)
    assert len(shares) == 2 and all(s.pages >= 3 for s in shares), [s.pages for s in shares]
    assert [len(s.pages) for s in populated] == [4, 4], "the Markdown phase in shares of 4 pages too"
    assert all(s.rendered and s.fragments_used for s in populated)
    assert sum(len(s.search_entries) for s in shares) > 0 and sum(len(s.fragments_made) for s in shares) > 0
    for case in ("cold", "warm", "ci"):
        if case == "ci":
            for root in (one, three):
                shutil.rmtree(root / ".aeoloop")
        if case != "cold":
            build_site(one, jobs=1)
            build_site(three, jobs=3)
        a, b = tree_bytes(one / "site"), tree_bytes(three / "site")
        assert a.keys() == b.keys(), case
        different = [name for name in a if a[name] != b[name]]
        assert not different, f"{case}: {different[:5]}"
        assert _fragments(one) == _fragments(three), case
    index = json.loads((three / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = [doc["location"].split("#")[0] for doc in index["docs"]]
    firsts = [p for i, p in enumerate(pages) if i == 0 or pages[i - 1] != p]
    assert len(firsts) == len(set(firsts)) >= 12, "each page's entries together, pages in order"


def test_no_split_with_one_job_few_pages_or_another_plugin(split_corpus, build_site, shares, monkeypatch):
    root = split_corpus("site")
    build_site(root, jobs=1)
    monkeypatch.setattr(render_split, "MIN_SHARE", 16)  # 12 pages: one share
    build_site(root, jobs=2)
    assert not shares
    monkeypatch.setattr(render_split, "MIN_SHARE", 3)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - search\n", "  - search\n  - tags\n"))
    build_site(root, jobs=2)
    assert not shares, "a plugin aeoloop does not know may keep state across pages: one process"


@pytest.mark.parametrize(
    ("hook", "failed_in"),
    [
        ("start_render_worker", "in a worker process failed"),  # the template phase's share
        ("start_populate_worker", "reading the pages from"),  # the Markdown phase's share
    ],
)
def test_a_worker_that_dies_fails_the_build_and_leaves_the_outputs(
    split_corpus, build_site, monkeypatch, hook: str, failed_in: str
):
    root = split_corpus("site")
    build_site(root, jobs=1)
    site, generated = tree_bytes(root / "site"), tree_bytes(root / "generated")

    def dying(self: AeoloopPlugin) -> None:  # runs only in a worker
        os._exit(7)

    monkeypatch.setattr(AeoloopPlugin, hook, dying)
    with pytest.raises(AeoloopError) as info:
        build_site(root, jobs=2)
    message = str(info.value)
    assert failed_in in message and "exited with code 7" in message, message
    assert tree_bytes(root / "site") == site and tree_bytes(root / "generated") == generated
    assert not list((root / ".aeoloop").glob("site-*")), "the render's temporary site should be gone"


def test_a_page_that_fails_in_a_worker_names_the_page(split_corpus, build_site, shares, monkeypatch, caplog):
    root = split_corpus("site")
    build_site(root, jobs=1)
    site = tree_bytes(root / "site")
    real = AeoloopPlugin.on_post_page

    def failing(self: AeoloopPlugin, output: str, page, config) -> str:
        if self._inherited:  # set in a worker only
            raise ValueError("the template broke")
        return real(self, output, page=page, config=config)

    monkeypatch.setattr(AeoloopPlugin, "on_post_page", failing)
    with pytest.raises(AeoloopError) as info, caplog.at_level(logging.ERROR):
        build_site(root, jobs=2)
    message = str(info.value)
    assert "in a worker process failed" in message and "the template broke" in message, message
    assert "Error building page" in message
    assert tree_bytes(root / "site") == site


def test_a_failing_page_in_the_build_process_stops_the_workers(split_corpus, build_site, monkeypatch):
    """The build process's own share fails: the build fails as in one process, and no worker is left."""
    import multiprocessing

    root = split_corpus("site")
    build_site(root, jobs=1)
    pages = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("index.html"))
    real = AeoloopPlugin.on_post_page
    first_page = []

    def failing(self: AeoloopPlugin, output: str, page, config) -> str:
        if not first_page:
            first_page.append(page.file.dest_uri)
            raise ValueError("the first page broke")
        return real(self, output, page=page, config=config)

    monkeypatch.setattr(AeoloopPlugin, "on_post_page", failing)
    with pytest.raises(Exception, match="the first page broke"):
        build_site(root, jobs=2)
    assert first_page and first_page[0] in pages
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_warning_in_a_workers_page_counts_in_strict_mode(split_corpus, build_site, monkeypatch, jobs):
    """What a worker logs is logged by the build process: shown once, and counted by --strict."""
    root = split_corpus("site")
    build_site(root, jobs=1)
    pages = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("index.html"))
    real = AeoloopPlugin.on_post_page

    warned: list[str] = []  # (a worker's own copy)

    def warning(self: AeoloopPlugin, output: str, page, config) -> str:
        if (self._inherited if jobs == 2 else page.file.dest_uri == pages[-1]) and not warned:
            warned.append(page.file.dest_uri)
            logging.getLogger("mkdocs.plugins.test").warning("a warning from the last page")
        return real(self, output, page=page, config=config)

    monkeypatch.setattr(AeoloopPlugin, "on_post_page", warning)
    seen = _strict_build_messages(build_site, root, jobs, AeoloopError)
    assert seen.count("a warning from the last page") == 1, seen


def test_landing_pages_rendered_by_workers_are_the_same(make_site, build_site, monkeypatch):
    """Audience landing pages (made from their canonical page's HTML in the Markdown phase, their
    canonical URL set in on_page_context) come out the same from a worker's share."""
    from test_tailor import AUDIENCES, _site
    from test_tailor_landing import _pages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(render_split, "MIN_SHARE", 1)
    sites = []
    for jobs in (1, 3):
        root = _site(make_site, audiences=AUDIENCES, pages=_pages(), options={"landing_pages": True})
        build_site(root, jobs=jobs)
        build_site(root, jobs=jobs)  # warm
        sites.append(tree_bytes(root / "site"))
    assert any(name.startswith("for/") for name in sites[0])
    assert sites[0].keys() == sites[1].keys()
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []


def test_when_no_process_can_start_every_page_renders_here(split_corpus, build_site, shares, monkeypatch):
    """parallel.start_forked computes in this process when it cannot fork: a share must then not be
    rendered out of order (nor with a worker's setup): the build renders every page itself."""
    from aeoloop import parallel

    one, two = split_corpus("one"), split_corpus("two")
    build_site(one, jobs=1)
    monkeypatch.setattr(render_split, "start_forked", lambda fn: parallel.Pending(fn()))
    build_site(two, jobs=2)
    assert not shares
    assert tree_bytes(one / "site") == tree_bytes(two / "site")


def test_a_share_goes_back_in_pieces_and_comes_together_in_order():
    entries = [{"location": f"p{i}/", "title": "t", "text": str(i)} for i in range(200)]
    made = {f"graph:{i}": "x" * i for i in range(30)}
    share = render_split.RenderedShare(
        pages=7, search_entries=list(entries), fragments_made=dict(made), written=["a/index.html"]
    )
    pieces = render_split._pieces(share)
    assert len(pieces) > 5 and all(len(p.search_entries) <= render_split.PIECE_ENTRIES for p in pieces)
    joined = render_split._joined(pieces)
    assert joined.search_entries == entries and joined.fragments_made == made
    assert (joined.pages, joined.written) == (7, ["a/index.html"])


def _anchor_links(root: Path) -> str:
    from markdown.extensions.toc import slugify

    """The last page links to an anchor the second page lacks, and to one it has: MkDocs' anchor
    validation (after the loop) reads the first page's anchors and the last page's links."""
    pages = sorted((root / "content").rglob("*.md"))
    first = pages[1].relative_to(root / "content").as_posix()
    heading = next(line[3:] for line in pages[1].read_text(encoding="utf-8").splitlines() if line.startswith("## "))
    there = slugify(heading, "-")
    last = pages[-1]
    rel = os.path.relpath(root / "content" / first, last.parent)
    last.write_text(
        last.read_text(encoding="utf-8") + f"\n\nSee [nowhere]({rel}#no-such-anchor) and [there]({rel}#{there}).\n",
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "validation:\n  anchors: warn\n", encoding="utf-8")
    return last.relative_to(root / "content").as_posix()


@pytest.mark.parametrize("jobs", [1, 3])
def test_mkdocs_anchor_check_warns_once_about_a_workers_page(split_corpus, build_site, populated, jobs):
    """A link to a missing anchor on a page a worker populated: the same warning as one process,
    once, and --strict counts it."""
    root = split_corpus("site")
    linking = _anchor_links(root)
    seen = _strict_build_messages(build_site, root, jobs, AeoloopError)
    assert any(page.src_uri == linking for share in populated for page in share.pages) == (jobs == 3)
    anchors = [m for m in seen if "contains a link" in m]
    assert len(anchors) == 1 and "does not contain an anchor '#no-such-anchor'" in anchors[0], anchors


def test_a_page_that_fails_in_a_populate_worker_names_the_page(split_corpus, build_site, monkeypatch):
    import multiprocessing

    root = split_corpus("site")
    build_site(root, jobs=1)
    site = tree_bytes(root / "site")
    real = AeoloopPlugin.on_page_content

    def failing(self: AeoloopPlugin, html: str, page, config, files) -> str:
        if self._inherited:  # set in a worker only
            raise ValueError("the Markdown broke")
        return real(self, html, page=page, config=config, files=files)

    monkeypatch.setattr(AeoloopPlugin, "on_page_content", failing)
    with pytest.raises(AeoloopError) as info:
        build_site(root, jobs=2)
    message = str(info.value)
    assert "reading the pages from" in message and "the Markdown broke" in message, message
    assert "Error reading page" in message
    assert tree_bytes(root / "site") == site
    assert not multiprocessing.active_children()


def test_a_warning_in_a_populate_workers_page_counts_once_in_strict_mode(split_corpus, build_site, monkeypatch):
    root = split_corpus("site")
    build_site(root, jobs=1)
    real = AeoloopPlugin.on_page_markdown
    warned: list[str] = []  # (a worker's own copy)

    def warning(self: AeoloopPlugin, markdown: str, page, config, files) -> str:
        if self._inherited and not warned:
            warned.append(page.file.src_uri)
            logging.getLogger("mkdocs.plugins.test").warning("a warning from a worker's page")
        return real(self, markdown, page=page, config=config, files=files)

    monkeypatch.setattr(AeoloopPlugin, "on_page_markdown", warning)
    seen = _strict_build_messages(build_site, root, 2, AeoloopError)
    assert seen.count("a warning from a worker's page") == 1, seen


def test_a_populated_share_goes_back_in_pieces_and_comes_together_in_order():
    pages = [
        populate_split.PopulatedPage(f"p{i}.md", "md", f"<p>{i}</p>", [], {"i": i}, f"P{i}", {"a"}, None)
        for i in range(9)
    ]
    share = populate_split.PopulatedShare(
        pages=list(pages),
        held={"p3.md": ["<div>x</div>"]},
        rendered={"p1.md"},
        landing_html={"for/a/p1.md": "<p>1</p>", "for/b/p1.md": "<p>1b</p>"},
        fragments_used={"said:1"},
        fragments_made={f"said:{i}": "[]" for i in range(20)},
        logs=[("mkdocs", 30, "w")],
    )
    pieces = populate_split._populated_pieces(share)
    assert all(len(p.pages) <= populate_split.PIECE_PAGES for p in pieces)
    joined = populate_split._populated_joined(pieces)
    assert [p.src_uri for p in joined.pages] == [p.src_uri for p in pages]
    assert joined.held == {"p3.md": ["<div>x</div>"]} and len(joined.landing_html) == 2
    assert len(joined.fragments_made) == 20 and joined.rendered == {"p1.md"} and joined.logs == [("mkdocs", 30, "w")]


def test_a_populated_page_carries_everything_the_markdown_phase_sets(split_corpus):
    """What MkDocs' _populate_page sets on a page is what PopulatedPage carries: the build process's
    own page, given a worker's result, holds the same values (a MkDocs that sets more fails here)."""
    import pickle

    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    root = split_corpus("site")
    page_file = sorted((root / "content").rglob("*.md"))[-1]
    page_file.write_text(page_file.read_text(encoding="utf-8") + "\n\n[x](../index.md#nope)\n", encoding="utf-8")
    config = load_config(str(root / "mkdocs-plain.yml"))
    config = config.plugins.on_config(config)
    files = get_files(config)
    get_navigation(files, config)
    file = files.get_file_from_path(page_file.relative_to(root / "content").as_posix())
    assert file is not None and file.page is not None
    page = file.page
    before = dict(vars(page))
    mkdocs_build._populate_page(page, config, files)
    changed = {name for name, value in vars(page).items() if name not in before or before[name] is not value}
    carried = {"markdown", "content", "toc", "meta", "_title_from_render", "present_anchor_ids", "links_to_anchors"}
    assert changed <= carried, changed - carried
    assert page.links_to_anchors, "the link to another page's anchor is recorded"

    other = Page(None, file, config)  # the build process's page object, unpopulated
    pickle.loads(pickle.dumps(populate_split.PopulatedPage.of(page))).onto(other, files)
    for name in carried - {"toc"}:
        assert getattr(other, name) == getattr(page, name), name
    assert str(other.toc) == str(page.toc) and other.toc.items and other.title == page.title
    assert all(target is files.get_file_from_path(target.src_uri) for target in other.links_to_anchors)


def test_a_page_that_fails_in_the_build_processs_markdown_phase_stops_the_workers(
    split_corpus, build_site, monkeypatch
):
    import multiprocessing

    root = split_corpus("site")
    build_site(root, jobs=1)
    site = tree_bytes(root / "site")
    real = AeoloopPlugin.on_page_content

    def failing(self: AeoloopPlugin, html: str, page, config, files) -> str:
        if not self._inherited:  # the build process (its first share)
            raise ValueError("the first share broke")
        return real(self, html, page=page, config=config, files=files)

    monkeypatch.setattr(AeoloopPlugin, "on_page_content", failing)
    with pytest.raises(Exception, match="the first share broke"):
        build_site(root, jobs=2)
    assert not multiprocessing.active_children()
    assert tree_bytes(root / "site") == site
