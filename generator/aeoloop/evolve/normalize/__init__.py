"""Normalization shared by every adapter: URLs, engine names, AI referrers, dates, numbers, IPs.

Each function maps one raw value to one canonical value and is cached, because reports repeat
a small set of values (engines, URLs, user agents, dates) many times. Every adapter goes through
these, and the fast DuckDB path of the generic CSV maps the *distinct* raw values of a file with
the very same functions (then joins), so there is exactly one definition of each rule.

URLs are stored as ``(host, path)``: ``host`` lowercased without ``www.`` and port (None for a
log's request path, which is ours by definition), ``path`` canonical (see :func:`canonical_path`).
Which page a path belongs to is decided later, at query time, by :class:`PageIndex`, so the store
stays valid when pages are added or moved.

One module per kind of value: :mod:`.engines` (engine names, AI referrers), :mod:`.urls`
(``(host, path)``, :class:`PageIndex`), :mod:`.dates` (report dates, log timestamps),
:mod:`.values` (numbers, booleans, sentiments), :mod:`.ips` (client IPs). This package re-exports
them, so callers import from ``.normalize``.
"""

from __future__ import annotations

from .dates import ClfTime, DateParser, parse_iso_timestamp
from .engines import (
    AI_APP_IDS,
    AI_REFERRER_HOSTS,
    ENGINE_ALIASES,
    ENGINES,
    engine_key,
    engine_name,
    host_engine,
    normalize_engine,
    referrer_engine,
    source_engine,
)
from .ips import IP_KEY_ENV, IpHasher
from .urls import MAX_URL, PageIndex, UrlError, canonical_path, check_url, split_url, url_host, utm_content
from .values import parse_bool, parse_number, parse_percent, parse_sentiment

__all__ = [
    "AI_APP_IDS",
    "AI_REFERRER_HOSTS",
    "ENGINES",
    "ENGINE_ALIASES",
    "IP_KEY_ENV",
    "MAX_URL",
    "ClfTime",
    "DateParser",
    "IpHasher",
    "PageIndex",
    "UrlError",
    "canonical_path",
    "check_url",
    "engine_key",
    "engine_name",
    "host_engine",
    "normalize_engine",
    "parse_bool",
    "parse_iso_timestamp",
    "parse_number",
    "parse_percent",
    "parse_sentiment",
    "referrer_engine",
    "source_engine",
    "split_url",
    "url_host",
    "utm_content",
]
