"""The site's URLs: the one check of a ``site_url``, and MkDocs' rule for where a page lives.

``site_url`` is pasted into canonical links, JSON-LD, sitemaps, llms.txt and robots.txt: a value
with a line break or a space would split those files, so it is refused where it is written
(``aeoloop new --url`` and the loading of mkdocs.yml share :func:`site_url_problem`).

A page's URL path and the HTML file MkDocs writes it to (:func:`page_url_path`,
:func:`page_dest_path`) are needed by the channels (links back to the page), verify (the
recorded verdicts and read-backs, by HTML file), evolve (analytics paths to pages) and the LLM
backend; they were three copies of the rule that had drifted from MkDocs' (``INDEX.md``,
``readme.md``, index pages without directory URLs), so there is one, checked against MkDocs'
``File`` in ``tests/test_page_urls.py``.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

_BAD_CHARS = re.compile(r"[\x00-\x20\x7f\"'<>\\^`{|}]")


def site_url_problem(value: object) -> str | None:
    """What is wrong with ``value`` as a site URL, or None when it is fine."""
    if not isinstance(value, str):
        return f"must be an absolute http(s) URL such as https://www.example.com/, not {value!r}"
    bad = _BAD_CHARS.search(value)
    if bad is not None:
        what = (
            "a line break"
            if bad.group() in "\r\n"
            else "a space"
            if bad.group() == " "
            else f"the character {bad.group()!r}"
        )
        return f"contains {what} at position {bad.start() + 1}; write one absolute URL such as https://www.example.com/"
    if not value.startswith(("http://", "https://")):
        return f"must be an absolute http(s) URL such as https://www.example.com/, not {value!r}"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  # raises ValueError for a port that is not a number
    except ValueError as err:
        return f"is not a valid URL ({err}): {value!r}"
    if not parts.hostname:
        return f"has no host name: {value!r}"
    if parts.query or parts.fragment:
        return f"must not have a query or a fragment (?… or #…): {value!r}"
    return None


#: MkDocs' ``utils.markdown_extensions``: the files it renders as pages (the rest it copies as is)
_MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def page_url_path(src_uri: str, *, use_directory_urls: bool) -> str:
    """The URL path of the page at ``src_uri`` (``docs/``-relative, ``/``-separated) relative to
    the site root, as MkDocs gives it: ``guides/oee/`` (``guides/oee.html`` without directory
    URLs), ``guides/`` for ``guides/index.md`` or ``guides/README.md`` (``guides/index.html``),
    ``""`` for the home page (``index.html``).

    Not percent-encoded: MkDocs' ``File.url`` is ``urllib.parse.quote`` of this (and ``./`` for
    the home page, which its ``Page.url`` turns back into ``""``). Only ``index`` and ``README``
    (MkDocs' case) name a folder's page; ``INDEX.md`` is a page called ``INDEX``. A file that is
    not Markdown is copied as is: its path is its URL (a folder's for an ``index.html``, with
    directory URLs).
    """
    if not src_uri.endswith(_MARKDOWN_SUFFIXES):
        folder_page = use_directory_urls and (src_uri == "index.html" or src_uri.endswith("/index.html"))
        return src_uri[: -len("index.html")] if folder_page else src_uri
    parent, _, filename = src_uri.rpartition("/")
    name = posixpath.splitext(filename)[0]
    if name in ("index", "README"):
        if not use_directory_urls:
            return f"{parent}/index.html" if parent else "index.html"
        return f"{parent}/" if parent else ""
    stem = f"{parent}/{name}" if parent else name
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def page_dest_path(src_uri: str, *, use_directory_urls: bool) -> str:
    """The file MkDocs writes the page at ``src_uri`` to, relative to the site folder (its
    ``File.dest_uri``): the URL path, with ``index.html`` for a folder's URL."""
    url = page_url_path(src_uri, use_directory_urls=use_directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url
