"""The site's URLs: the one check of a ``site_url``, and MkDocs' rule for where a page lives.

``site_url`` is pasted into canonical links, JSON-LD, sitemaps, llms.txt and robots.txt: a value
with a line break or a space would split those files, so it is refused where it is written
(``aeoloop new --url`` and the loading of mkdocs.yml share :func:`site_url_problem`).

A page's URL path and the HTML file MkDocs writes it to (:func:`page_url_path`,
:func:`page_dest_path`) are needed by the channels (links back to the page), verify (the
recorded verdicts and read-backs, by HTML file), evolve (analytics paths to pages) and the LLM
backend; they were three copies of the rule that had drifted from MkDocs' (``INDEX.md``,
``readme.md``, index pages without directory URLs), so there is one, checked against MkDocs'
``File`` in ``tests/test_page_urls.py``. It is MkDocs' two steps: the source file gives the HTML
file (:func:`page_dest_path`), the HTML file gives the URL (:func:`dest_url_path`, which verify
uses on the files it walks).

A URL written for people or engines (a channel's link, verify's idea of the page's URL, an
evolve report) is :func:`page_url` or :func:`dest_url`: percent-encoded as MkDocs encodes
``File.url``, so ``notes/café #1.md`` is linked as ``notes/caf%C3%A9%20%231/``, the URL its
canonical link, JSON-LD, sitemap and llms.txt (all from MkDocs' ``page.url``) give.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote, urlsplit

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


def page_dest_path(src_uri: str, *, use_directory_urls: bool) -> str:
    """The file MkDocs writes the page at ``src_uri`` (``docs/``-relative, ``/``-separated) to,
    relative to the site folder (its ``File.dest_uri``): ``guides/oee/index.html``
    (``guides/oee.html`` without directory URLs), ``guides/index.html`` for ``guides/index.md`` or
    ``guides/README.md``. Only ``index`` and ``README`` (MkDocs' case) name a folder's page;
    ``INDEX.md`` is a page called ``INDEX``. A file that is not Markdown is copied as is."""
    if not src_uri.endswith(_MARKDOWN_SUFFIXES):
        return src_uri
    parent, _, filename = src_uri.rpartition("/")
    name = posixpath.splitext(filename)[0]
    if name == "README":
        name = "index"
    stem = f"{parent}/{name}" if parent else name
    return f"{stem}.html" if name == "index" or not use_directory_urls else f"{stem}/index.html"


def dest_url_path(dest_uri: str, *, use_directory_urls: bool) -> str:
    """The URL path, relative to the site root, of the file MkDocs wrote to ``dest_uri`` (its
    ``File.url`` before percent-encoding): with directory URLs an ``index.html`` is served as its
    folder (``guides/`` for ``guides/index.html``, ``""`` for the home page), else every file as
    itself. The inverse of :func:`page_dest_path`, for verify, which walks the HTML files."""
    if use_directory_urls and (dest_uri == "index.html" or dest_uri.endswith("/index.html")):
        return dest_uri[: -len("index.html")]
    return dest_uri


def page_url_path(src_uri: str, *, use_directory_urls: bool) -> str:
    """The URL path of the page at ``src_uri`` relative to the site root, as MkDocs gives it:
    ``guides/oee/`` (``guides/oee.html`` without directory URLs), ``guides/`` for
    ``guides/index.md`` (``guides/index.html``), ``""`` for the home page (``index.html``).

    Not percent-encoded (a path in the site folder, a key to match against): a URL to write is
    :func:`page_url`.
    """
    return dest_url_path(
        page_dest_path(src_uri, use_directory_urls=use_directory_urls), use_directory_urls=use_directory_urls
    )


def served_url(site_url: str, url_path: str) -> str:
    """The absolute URL of the site-relative ``url_path``, percent-encoded as MkDocs encodes
    ``File.url`` (``urllib.parse.quote``: everything but letters, digits, ``_.-~`` and ``/``), so
    ``perché/a#1/`` is ``perch%C3%A9/a%231/``. ``site_url`` ends with ``/``."""
    return site_url + quote(url_path)


def page_url(site_url: str, src_uri: str, *, use_directory_urls: bool) -> str:
    """The URL MkDocs serves the page at ``src_uri`` at (its ``page.canonical_url``): what a link
    to the page written for people or engines must be."""
    return served_url(site_url, page_url_path(src_uri, use_directory_urls=use_directory_urls))


def dest_url(site_url: str, dest_uri: str, *, use_directory_urls: bool) -> str:
    """The URL MkDocs serves the file it wrote to ``dest_uri`` at (verify's page URL)."""
    return served_url(site_url, dest_url_path(dest_uri, use_directory_urls=use_directory_urls))


_ESCAPED_NON_ASCII = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def display_url(url: str) -> str:
    """``url`` as a browser's address bar shows it, for text a person reads or types (a slide, a
    video's on-screen line): letters outside ASCII unescaped (``café``), what would change the URL
    typed back in escaped still (``%20``, ``%23``, ``%3F``, ``%25``)."""
    return _ESCAPED_NON_ASCII.sub(_unescape_letters, url) if "%" in url else url


def _unescape_letters(escaped: re.Match[str]) -> str:
    try:
        return unquote(escaped.group(), errors="strict")
    except UnicodeDecodeError:  # not UTF-8 (no URL of :func:`served_url`): shown as it is
        return escaped.group()
