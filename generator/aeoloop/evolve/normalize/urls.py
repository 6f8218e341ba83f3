"""URLs as ``(host, path)`` and :class:`PageIndex`, which maps a stored path to one of our pages
at query time (so the store stays valid when pages are added or moved)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from ...siteurl import page_url_path, served_url

# --- URLs -------------------------------------------------------------------------------------

_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_HOSTLIKE_RE = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:[/?#]|$)")
_INDEX_SUFFIXES = ("index.html.md", "index.html", "index.htm", "index.md", "index.php")
_PAGE_EXTS = (".html.md", ".html", ".htm", ".md")


MAX_URL = 8192
"""Longer "URLs" are not URLs (browsers and CDNs refuse far shorter ones): a report row holding
one is quarantined rather than stored."""
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class UrlError(ValueError):
    """A URL that cannot be read (the message says why, for the quarantine reason)."""


def check_url(raw: str) -> None:
    """Raise :class:`UrlError` for a URL no browser would request: absurdly long, with control
    characters, or refused by :func:`urllib.parse.urlsplit` (``https://[www.example.com/``)."""
    if len(raw) > MAX_URL:
        raise UrlError(f"URL longer than {MAX_URL:,} characters ({len(raw):,})")
    m = _CONTROL_RE.search(raw)
    if m:
        raise UrlError(f"URL with a control character (U+{ord(m.group(0)):04X}) at position {m.start() + 1}")
    try:
        urlsplit(raw if not raw.startswith("//") else "http:" + raw)
    except ValueError as err:
        raise UrlError(f"unreadable URL ({err})") from None


def url_host(raw: str) -> str | None:
    """Lowercased host of an absolute URL or ``host/path`` text, without ``www.`` and port;
    None when there is none or the URL cannot be read (a referrer is a hint, never an error)."""
    raw = raw.strip()
    if _SCHEME_RE.match(raw) or raw.startswith("//"):
        try:
            netloc = urlsplit(raw if not raw.startswith("//") else "http:" + raw).netloc
        except ValueError:
            return None
    elif _HOSTLIKE_RE.match(raw):
        netloc = raw.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    else:
        return None
    host = netloc.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host or None


def canonical_path(path: str) -> str:
    """``/guides/oee/`` for ``/guides/oee``, ``/guides/oee/index.html``, ``/guides/oee.html``,
    ``//guides//oee/``, ``/guides/oee/index.html.md`` (the Markdown mirror) and so on.

    Percent-escapes are decoded; a last segment with another extension (``/llms.txt``,
    ``/assets/logo.svg``) is a file and keeps its name.
    """
    if "%" in path:
        path = unquote(path)
    if not path.startswith("/"):
        path = "/" + path
    if "//" in path:
        path = re.sub(r"/{2,}", "/", path)
    for suffix in _INDEX_SUFFIXES:
        if path.endswith("/" + suffix):
            return path[: -len(suffix)]
    if path.endswith("/"):
        return path
    last = path.rsplit("/", 1)[1]
    for ext in _PAGE_EXTS:
        if last.endswith(ext) and len(last) > len(ext):
            return path[: -len(ext)] + "/"
    if "." in last:
        return path
    return path + "/"


@lru_cache(maxsize=65536)
def split_url(raw: str | None) -> tuple[str | None, str | None, str | None]:
    """``(host, canonical path, utm_source)`` of a URL, a ``host/path`` or a request target.

    Query strings (UTM parameters included) and fragments are dropped from the path; the
    ``utm_source`` value is returned because it marks AI referrals (ChatGPT adds
    ``utm_source=chatgpt.com``). Returns ``(None, None, None)`` for empty input. Raises
    :class:`UrlError` for a URL that cannot be read (see :func:`check_url`): callers quarantine
    the row, or keep a log request without a page.
    """
    if raw is None:
        return None, None, None
    raw = raw.strip()
    if not raw or raw == "-":
        return None, None, None
    check_url(raw)
    host: str | None = None
    rest = raw
    if _SCHEME_RE.match(raw) or raw.startswith("//"):
        parts = urlsplit(raw if not raw.startswith("//") else "http:" + raw)
        netloc = parts.netloc.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
        host = netloc[4:] if netloc.startswith("www.") else netloc
        rest = parts.path or "/"
        query = parts.query
    else:
        if not raw.startswith("/") and _HOSTLIKE_RE.match(raw):
            host = url_host(raw)
            slash = [i for i in (raw.find("/"), raw.find("?"), raw.find("#")) if i >= 0]
            rest = raw[min(slash) :] if slash else "/"
        rest, _, _frag = rest.partition("#")
        rest, _, query = rest.partition("?")
    if "#" in rest:
        rest = rest.split("#", 1)[0]
    utm = None
    if query and "utm_source=" in query:
        for pair in query.split("&"):
            if pair.startswith("utm_source="):
                utm = unquote(pair[len("utm_source=") :].replace("+", " ")) or None
                break
    return host or None, canonical_path(rest or "/"), utm


@lru_cache(maxsize=65536)
def utm_content(raw: str | None) -> str | None:
    """The ``utm_content`` of a URL or request target (None without one): aeoloop tags the links
    of per-audience derivatives with the audience id there, so visits can be attributed to it."""
    if not raw or "utm_content=" not in raw:
        return None
    query = raw.split("#", 1)[0].partition("?")[2]
    for pair in query.split("&"):
        if pair.startswith("utm_content="):
            return unquote(pair[len("utm_content=") :].replace("+", " ")).strip()[:200] or None
    return None


@dataclass
class PageIndex:
    """Maps ``(host, canonical path)`` to a page's ``src_uri``, given the site's URLs.

    Host aliases (``www.``, http/https, extra hosts from the options) are one site; a path
    from an access log has no host and is always ours.
    """

    site_url: str
    pages: Sequence[str]  # any order: kept sorted
    host_aliases: Iterable[str] = ()
    use_directory_urls: bool = True
    hosts: frozenset[str] = field(init=False)
    base: str = field(init=False)
    by_path: dict[str, str] = field(init=False)
    by_lower: dict[str, str] = field(init=False)
    url_of: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        host, base, _ = split_url(self.site_url)
        self.base = base or "/"
        aliases = {h for h in (url_host(a) or a.lower().removeprefix("www.") for a in self.host_aliases) if h}
        self.hosts = frozenset({host or "", *aliases} - {""})
        self.by_path, self.by_lower, self.url_of = {}, {}, {}
        root = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        for src in sorted(self.pages):
            rel = page_url_path(src, use_directory_urls=self.use_directory_urls)
            path = canonical_path(self.base + rel)
            self.by_path.setdefault(path, src)
            self.by_lower.setdefault(path.lower(), src)
            self.url_of[src] = served_url(root, rel)  # the URL MkDocs serves it at, for the reports
        self.pages = tuple(sorted(self.url_of))

    def is_own(self, host: str | None) -> bool:
        return host is None or host in self.hosts

    def page(self, host: str | None, path: str | None) -> str | None:
        if path is None or not self.is_own(host):
            return None
        hit = self.by_path.get(path)
        if hit is None:
            hit = self.by_lower.get(path.lower())
        if hit is None and self.base != "/" and not path.startswith(self.base):
            hit = self.by_path.get(canonical_path(self.base + path.lstrip("/")))  # logs behind a path-stripping proxy
        return hit
