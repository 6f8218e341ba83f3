"""Search-excluded elements held back from Material's indexer and put back into the written page
(:mod:`aeoloop.amplify.heldback`): the page's bytes and the search index stay what they were."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from material.plugins.search.plugin import Parser

from aeoloop.amplify import heldback

from conftest import PAGE_OEE, write


def _sections(html: str) -> list[tuple[str, str | None, str, str, bool]]:
    """What Material's indexer makes of ``html``: each section's heading tag, id, title, text, exclusion."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]


_TEXT = st.text(alphabet="ab .\n&;<>", min_size=0, max_size=6).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
)
_TAGS = ("p", "div", "ul", "li", "span", "h2", "h3", "em", "code", "pre")


def _tag(tag: str, ident: str, exclude: bool, inner: str, closed: bool) -> str:
    attrs = (f' id="{ident}"' if ident else "") + (" data-search-exclude" if exclude else "")
    return f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if closed else "")


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        _tag,
        st.sampled_from(_TAGS),
        st.sampled_from(["", "", "x", "y"]),
        st.booleans(),
        children,
        st.sampled_from([True, True, True, False]),  # now and then an element left open
    )


_HTML = st.recursive(_TEXT, lambda inner: st.lists(_element(inner) | _TEXT, max_size=4).map("".join), max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(st.lists(_HTML, min_size=1, max_size=4).map("\n".join))
def test_the_index_and_the_page_are_the_same_whatever_is_held_back(html):
    held = heldback.hold_back(html)
    if held is None:
        return
    content, parts = held
    assert heldback.MARK in content
    assert heldback.put_back(content, parts) == html  # the written page: the same bytes
    assert _sections(content) == _sections(html)  # Material's index: the same sections and text


def test_aeoloop_blocks_are_held_back_and_put_back():
    html = (
        '<h1 id="t">T</h1>\n<p class="aeoloop-copy" data-search-exclude><a href="x">Copy</a><span></span></p>\n'
        '<div class="admonition abstract aeoloop-summary" id="aeoloop-summary">\n'
        '<p class="admonition-title" data-search-exclude>Summary</p>\n<p>Own text.</p>\n'
        '<ul class="aeoloop-takeaways"><li data-search-exclude>Said.</li><li>New.</li></ul>\n</div>\n'
        '<section class="aeoloop-faq" id="faq"><h2 id="frequently-asked-questions">FAQ</h2>'
        '<div class="aeoloop-faq-item" id="faq-1"><h3 class="aeoloop-faq-question" data-search-exclude>Q?</h3>'
        '<div class="aeoloop-faq-answer" data-search-exclude><p>Answered under <a href="#a">A</a>.</p></div></div>'
        "</section>"
    )
    content, parts = heldback.hold_back(html)
    assert len(parts) == 5 and "Summary" not in content and "Said." not in content and "Answered" not in content
    assert "New." in content and "Own text." in content and 'id="frequently-asked-questions"' in content
    assert _sections(content) == _sections(html)
    page = f"<html><body><article>{content}</article></body></html>"
    assert heldback.put_back(page, parts) == f"<html><body><article>{html}</article></body></html>"


@pytest.mark.parametrize(
    "html",
    [
        "<p>plain page, nothing excluded</p>",
        "<!-- a comment --><p data-search-exclude>x</p>",  # a marker inside a comment would end it
        '<p data-search-exclude="yes">x</p><p data-search-exclude>y</p>',  # Material strips the other form
        '<h2 id="a" data-search-exclude>starts a section</h2>',
        "<div data-search-exclude><div>nested</div> tail</div>",  # Material's exclusion ends at the inner </div>
        "<p data-search-exclude><em>unclosed</p>",
        "<p data-search-exclude>never closed",
        "<div data-search-exclude><h1>T</h1></div>",  # Material's template looks for <h1 in the content
        "<div data-search-exclude><script>x()</script></div>",
    ],
)
def test_pages_it_cannot_vouch_for_are_left_as_they_are(html):
    assert heldback.hold_back(html) is None


def _config(root: Path):
    from mkdocs.config import load_config

    return load_config(str(root / "mkdocs.yml"))


def test_only_material_search_and_no_content_override_allow_it(make_site):
    from aeoloop.mkdocs_plugin import can_hold_back

    root = make_site()
    assert can_hold_back(_config(root))
    other = make_site(root=root.parent / "mkdocs-theme", config={"theme": {"name": "mkdocs"}})
    assert not can_hold_back(_config(other))  # MkDocs' own search indexes excluded elements too
    more = make_site(root=root.parent / "more", config={"plugins": ["search", "tags", "aeoloop"]})
    assert not can_hold_back(_config(more))  # another plugin may read the content
    custom = make_site(root=root.parent / "custom", config={"theme": {"name": "material", "custom_dir": "overrides"}})
    write(custom / "overrides" / "main.html", '{% extends "base.html" %}\n{% block extrahead %}<meta>{% endblock %}\n')
    assert can_hold_back(_config(custom))
    write(
        custom / "overrides" / "main.html",
        '{% extends "base.html" %}\n{% block content %}{{ super() }}{% endblock %}\n',
    )
    assert not can_hold_back(_config(custom))


def _files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def two_pages() -> dict[str, str]:
    from test_search_exclude import PAGE_OWN_SUMMARY

    return {"oee.md": PAGE_OEE, "handover.md": PAGE_OWN_SUMMARY}


def test_the_site_and_its_search_index_are_the_same_bytes_as_without_holding_back(
    make_site, build_site, monkeypatch, two_pages
):
    from aeoloop import mkdocs_plugin

    calls: list[bool] = []
    real = heldback.hold_back

    def counted(html: str):
        result = real(html)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(heldback, "hold_back", counted)
    root = make_site(two_pages)
    build_site(root)
    assert calls and all(calls)  # both pages went through the indexer without their excluded elements
    held = root.parent / "site-held"
    shutil.copytree(root / "site", held)
    monkeypatch.setattr(mkdocs_plugin, "can_hold_back", lambda config: False)
    calls.clear()
    shutil.rmtree(root / "site")
    build_site(root)
    assert not calls
    assert _files(held) == _files(root / "site")
    for rel in _files(held):
        assert filecmp.cmp(held / rel, root / "site" / rel, shallow=False), rel
    assert heldback.MARK not in (held / "oee" / "index.html").read_text(encoding="utf-8")
