"""MkDocs' rule for a page's URL and HTML file (:mod:`aeoloop.siteurl`), checked against MkDocs.

The channels (links back to the page), verify (recorded verdicts and read-backs, by HTML file; the
URL each HTML file is served at), evolve (analytics paths to pages) and the LLM backend all use
:func:`page_url_path`, :func:`page_dest_path` and their percent-encoded forms :func:`page_url` and
:func:`dest_url`; MkDocs' own ``File`` is the reference, for both ``use_directory_urls``.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from aeoloop.siteurl import dest_url, dest_url_path, display_url, page_dest_path, page_url, page_url_path

_FOLDER = st.text(alphabet="abcXYZ019-_ é#.", min_size=1, max_size=8).filter(lambda s: s not in (".", ".."))
_NAME = st.one_of(
    st.sampled_from(["index", "README", "INDEX", "Index", "readme", "Readme", "oee", "OEE", "index.html", ""]),
    st.text(alphabet="abcXYZ019-_ é#.", min_size=1, max_size=10),
)
_SUFFIX = st.sampled_from([".md", ".md", ".markdown", ".mkd", "", ".MD", ".txt", ".html"])


#: what a writer may put in a file name that a URL must escape: space, ``#``, ``?``, ``%``, the
#: other reserved characters, letters outside ASCII (two, three and four bytes in UTF-8)
_ODD = "abcXYZ019-_ é#.?%&+=~'()[]@!$,;:ü中😀"
_ODD_FOLDER = st.text(alphabet=_ODD, min_size=1, max_size=8).filter(lambda s: s not in (".", ".."))
_ODD_NAME = st.one_of(st.sampled_from(["index", "README"]), st.text(alphabet=_ODD, min_size=1, max_size=10))


@st.composite
def src_uris(draw: st.DrawFn, folder: st.SearchStrategy[str] = _FOLDER, name: st.SearchStrategy[str] = _NAME) -> str:
    folders = draw(st.lists(folder, max_size=3))
    filename = draw(name) + draw(_SUFFIX)
    if filename in ("", ".", ".."):
        filename = "a.md"
    return "/".join([*folders, filename])


SITE = "https://docs.example.org/guide/"


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


def _typed_back(shown: str) -> str:
    """What a browser requests for a URL typed as shown: letters outside ASCII UTF-8-escaped, the rest as is."""
    return "".join(c if ord(c) < 128 else quote(c) for c in shown)


@settings(max_examples=400, deadline=None)
@given(src=src_uris(_ODD_FOLDER, _ODD_NAME), use_directory_urls=st.booleans())
def test_page_urls_are_percent_encoded_as_mkdocs_serves_them(src: str, use_directory_urls: bool) -> None:
    """The encoding rule: the URL written for a page (channels, verify, the LLM backend, evolve's
    reports) is MkDocs' ``File.url`` on the site, whatever the file is called; verify, which walks
    the HTML files, gets the same URL from the file MkDocs wrote."""
    file = _mkdocs(src, use_directory_urls)
    served = SITE + ("" if file.url == "./" else file.url)
    assert page_url(SITE, src, use_directory_urls=use_directory_urls) == served
    assert dest_url(SITE, file.dest_uri, use_directory_urls=use_directory_urls) == served
    assert dest_url_path(file.dest_uri, use_directory_urls=use_directory_urls) == page_url_path(
        src, use_directory_urls=use_directory_urls
    )
    shown = display_url(served)  # a slide's or a video's line: the same URL when typed back in
    assert _typed_back(shown) == served and "%C3%A9" not in shown and "%E4%B8%AD" not in shown


@pytest.mark.parametrize(
    "src,directory,url",
    [
        ("my page.md", True, SITE + "my%20page/"),
        ("notes/café #1.md", True, SITE + "notes/caf%C3%A9%20%231/"),
        ("notes/why?100%.md", False, SITE + "notes/why%3F100%25.html"),
        ("index.md", False, SITE + "index.html"),
        ("guides/index.md", False, SITE + "guides/index.html"),
        ("guides/index.md", True, SITE + "guides/"),
    ],
)
def test_page_url_examples(src: str, directory: bool, url: str) -> None:
    assert page_url(SITE, src, use_directory_urls=directory) == url
    assert dest_url(SITE, page_dest_path(src, use_directory_urls=directory), use_directory_urls=directory) == url


def test_display_url_shows_letters_and_keeps_what_changes_the_url() -> None:
    assert display_url(SITE + "notes/caf%C3%A9%20%231") == SITE + "notes/café%20%231"
    assert display_url(SITE + "why%3F100%25") == SITE + "why%3F100%25"
    assert display_url(SITE + "bad%FF%C3") == SITE + "bad%FF%C3"  # not UTF-8: left as it is
