"""URL helpers: resolve ``@id`` and link targets, same-site tests.

Why: JSON-LD ids, in-content links and llms.txt links must all be resolved the way a crawler
does, and ``urljoin`` is slow enough on a large site to need the fast path kept here. (The URL a
page file is served at is MkDocs' rule, :func:`aeoloop.siteurl.dest_url`, as the pages were
written with it.)
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urljoin, urlsplit


@lru_cache(maxsize=8192)
def _join_slow(base: str, ref: str) -> str:
    return urljoin(base, ref)


def _join(base: str, ref: str) -> str:
    """``urljoin`` with a fast path: most @ids and many hrefs are already absolute and clean.

    urljoin costs ~10 us and a page resolves dozens of URLs, which showed up in profiles.
    """
    if ref.startswith(("https://", "http://")) and "/." not in ref:
        return ref
    return _join_slow(base, ref)


def _same_site(url: str, site_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(site_url)
    return a.netloc.lower() == b.netloc.lower() and a.path.startswith(b.path)
