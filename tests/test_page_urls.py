"""MkDocs' rule for a page's URL and HTML file (:mod:`aeoloop.siteurl`), checked against MkDocs.

The channels (links back to the page), verify (recorded verdicts and read-backs, by HTML file),
evolve (analytics paths to pages) and the LLM backend all use :func:`page_url_path` and
:func:`page_dest_path`; MkDocs' own ``File`` is the reference, for both ``use_directory_urls``.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from aeoloop.siteurl import page_dest_path, page_url_path

_FOLDER = st.text(alphabet="abcXYZ019-_ é#.", min_size=1, max_size=8).filter(lambda s: s not in (".", ".."))
_NAME = st.one_of(
    st.sampled_from(["index", "README", "INDEX", "Index", "readme", "Readme", "oee", "OEE", "index.html", ""]),
    st.text(alphabet="abcXYZ019-_ é#.", min_size=1, max_size=10),
)
_SUFFIX = st.sampled_from([".md", ".md", ".markdown", ".mkd", "", ".MD", ".txt", ".html"])


@st.composite
def src_uris(draw: st.DrawFn) -> str:
    folders = draw(st.lists(_FOLDER, max_size=3))
    filename = draw(_NAME) + draw(_SUFFIX)
    if filename in ("", ".", ".."):
        filename = "a.md"
    return "/".join([*folders, filename])


def _mkdocs(src_uri: str, use_directory_urls: bool) -> File:
    return File(src_uri, "docs", "site", use_directory_urls=use_directory_urls)


@settings(max_examples=400, deadline=None)
@given(src=src_uris(), use_directory_urls=st.booleans())
def test_page_urls_agree_with_mkdocs(src: str, use_directory_urls: bool) -> None:
    file = _mkdocs(src, use_directory_urls)
    assert page_dest_path(src, use_directory_urls=use_directory_urls) == file.dest_uri
    url = page_url_path(src, use_directory_urls=use_directory_urls)
    # MkDocs percent-encodes its URL and calls the home page "./" (its Page.url turns that into "")
    assert quote(url) == ("" if file.url == "./" else file.url)


@pytest.mark.parametrize(
    "src,directory,url,dest",
    [
        ("guides/oee.md", True, "guides/oee/", "guides/oee/index.html"),
        ("guides/oee.md", False, "guides/oee.html", "guides/oee.html"),
        ("index.md", True, "", "index.html"),
        ("index.md", False, "index.html", "index.html"),
        ("guides/index.md", True, "guides/", "guides/index.html"),
        ("guides/index.md", False, "guides/index.html", "guides/index.html"),
        ("guides/README.md", True, "guides/", "guides/index.html"),
        # only MkDocs' spellings name a folder's page
        ("guides/INDEX.md", True, "guides/INDEX/", "guides/INDEX/index.html"),
        ("guides/readme.md", False, "guides/readme.html", "guides/readme.html"),
        ("perché/oee.md", True, "perché/oee/", "perché/oee/index.html"),
        # not Markdown: copied as is
        ("guides/oee", True, "guides/oee", "guides/oee"),
    ],
)
def test_page_urls(src: str, directory: bool, url: str, dest: str) -> None:
    assert page_url_path(src, use_directory_urls=directory) == url
    assert page_dest_path(src, use_directory_urls=directory) == dest
    assert (_mkdocs(src, directory).dest_uri, _mkdocs(src, directory).url) == (dest, quote(url) or "./")
