"""Normalization shared by every adapter: URLs, engine names, AI referrers, dates, numbers, IPs.

Each function maps one raw value to one canonical value and is cached, because reports repeat
a small set of values (engines, URLs, user agents, dates) many times. Every adapter goes through
these, and the fast DuckDB path of the generic CSV maps the *distinct* raw values of a file with
the very same functions (then joins), so there is exactly one definition of each rule.

URLs are stored as ``(host, path)``: ``host`` lowercased without ``www.`` and port (None for a
log's request path, which is ours by definition), ``path`` canonical (see :func:`canonical_path`).
Which page a path belongs to is decided later, at query time, by :class:`PageIndex`, so the store
stays valid when pages are added or moved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hmac
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

# --- engines ----------------------------------------------------------------------------------

ENGINES: dict[str, str] = {
    "chatgpt": "ChatGPT",
    "perplexity": "Perplexity",
    "google-ai-overviews": "Google AI Overviews",
    "google-ai-mode": "Google AI Mode",
    "gemini": "Gemini",
    "copilot": "Microsoft Copilot",
    "claude": "Claude",
    "grok": "Grok",
    "deepseek": "DeepSeek",
    "meta-ai": "Meta AI",
    "mistral": "Mistral Le Chat",
    "you": "You.com",
    "poe": "Poe",
}
"""The engine vocabulary: canonical id -> display name."""

# Every spelling seen in the tools' exports (lowercased, ``_`` and spaces as ``-``) -> engine.
ENGINE_ALIASES: dict[str, str] = {
    # OpenAI
    "chatgpt": "chatgpt", "chat-gpt": "chatgpt", "openai": "chatgpt", "gpt": "chatgpt",
    "searchgpt": "chatgpt", "chatgpt-search": "chatgpt", "gpt-4o": "chatgpt", "gpt-4o-mini": "chatgpt",
    "gpt-4.1": "chatgpt", "gpt-5": "chatgpt", "o3": "chatgpt", "o4-mini": "chatgpt", "openai-chatgpt": "chatgpt",
    "chatgpt.com": "chatgpt", "chat.openai.com": "chatgpt",
    # Perplexity
    "perplexity": "perplexity", "perplexity-ai": "perplexity", "perplexity.ai": "perplexity", "sonar": "perplexity",
    "sonar-pro": "perplexity",
    # Google
    "google": "google-ai-overviews", "google-ai-overviews": "google-ai-overviews", "google-ai-overview": "google-ai-overviews",
    "ai-overviews": "google-ai-overviews", "ai-overview": "google-ai-overviews", "aio": "google-ai-overviews",
    "google-aio": "google-ai-overviews", "sge": "google-ai-overviews", "google-sge": "google-ai-overviews",
    "google-ai-mode": "google-ai-mode", "ai-mode": "google-ai-mode", "googleaimode": "google-ai-mode",
    "gemini": "gemini", "google-gemini": "gemini", "bard": "gemini", "gemini.google.com": "gemini",
    # Microsoft
    "copilot": "copilot", "microsoft-copilot": "copilot", "bing-copilot": "copilot", "bing-chat": "copilot",
    "bing": "copilot", "copilot.microsoft.com": "copilot",
    # Anthropic
    "claude": "claude", "anthropic": "claude", "claude.ai": "claude",
    # others
    "grok": "grok", "xai": "grok", "x.ai": "grok", "deepseek": "deepseek", "meta-ai": "meta-ai", "meta": "meta-ai",
    "llama": "meta-ai", "mistral": "mistral", "le-chat": "mistral", "mistral-le-chat": "mistral", "you": "you",
    "you.com": "you", "poe": "poe",
}

# Model-name prefixes (Peec's ``claude-sonnet-4``, Profound's ``gpt-4o-search``...).
_ENGINE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("google-ai-overview", "google-ai-overviews"), ("google-ai-mode", "google-ai-mode"),
    ("chatgpt", "chatgpt"), ("gpt-", "chatgpt"), ("openai", "chatgpt"), ("o1", "chatgpt"), ("o3", "chatgpt"),
    ("o4", "chatgpt"), ("claude", "claude"), ("gemini", "gemini"), ("perplexity", "perplexity"),
    ("sonar", "perplexity"), ("copilot", "copilot"), ("microsoft-copilot", "copilot"), ("grok", "grok"),
    ("deepseek", "deepseek"), ("llama", "meta-ai"), ("meta-ai", "meta-ai"), ("mistral", "mistral"),
)

_SLUG_RE = re.compile(r"[^a-z0-9.]+")


def engine_key(raw: str) -> str:
    """Spelling key: lowercase, runs of anything but letters, digits and dots as one ``-``."""
    return _SLUG_RE.sub("-", raw.strip().lower()).strip("-")


@lru_cache(maxsize=4096)
def normalize_engine(raw: str | None) -> tuple[str | None, bool]:
    """``(engine, known)``. Unknown names keep their spelling key (``known`` False): a new engine
    appears in a tool before it reaches this table, and dropping its rows would lose data."""
    if raw is None:
        return None, False
    key = engine_key(raw)
    if not key:
        return None, False
    for suffix in ("-scraper", "-scrapper", "-search", "-web"):
        if key.endswith(suffix) and key[: -len(suffix)] in ENGINE_ALIASES:
            key = key[: -len(suffix)]
            break
    if key in ENGINE_ALIASES:
        return ENGINE_ALIASES[key], True
    for prefix, engine in _ENGINE_PREFIXES:
        if key.startswith(prefix):
            return engine, True
    return key, False


def engine_name(engine: str) -> str:
    return ENGINES.get(engine, engine)


# --- AI referrers -----------------------------------------------------------------------------

AI_REFERRER_HOSTS: dict[str, str] = {
    "chatgpt.com": "chatgpt", "chat.openai.com": "chatgpt", "openai.com": "chatgpt",
    "perplexity.ai": "perplexity",
    "gemini.google.com": "gemini", "bard.google.com": "gemini",
    "copilot.microsoft.com": "copilot", "edgeservices.bing.com": "copilot", "copilot.cloud.microsoft": "copilot",
    "claude.ai": "claude",
    "grok.com": "grok", "x.ai": "grok",
    "deepseek.com": "deepseek", "chat.deepseek.com": "deepseek",
    "you.com": "you", "poe.com": "poe",
    "chat.mistral.ai": "mistral", "meta.ai": "meta-ai",
}
"""Referrer host (without ``www.``) -> engine. Subdomains match too (``www.perplexity.ai``)."""

AI_APP_IDS: dict[str, str] = {"com.openai.chatgpt": "chatgpt", "ai.perplexity.app.android": "perplexity",
                              "com.anthropic.claude": "claude", "com.google.android.apps.bard": "gemini"}


@lru_cache(maxsize=65536)
def referrer_engine(referrer: str | None) -> str | None:
    """The AI engine a ``Referer`` header (or a bare host) points at, else None."""
    if not referrer or referrer == "-":
        return None
    ref = referrer.strip()
    if ref.startswith("android-app://"):
        app = ref[len("android-app://"):].split("/", 1)[0].lower()
        return AI_APP_IDS.get(app)
    host = url_host(ref)
    return host_engine(host) if host else None


def host_engine(host: str) -> str | None:
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    while host:
        if host in AI_REFERRER_HOSTS:
            return AI_REFERRER_HOSTS[host]
        _, dot, rest = host.partition(".")
        if not dot:
            return None
        host = rest
    return None


@lru_cache(maxsize=4096)
def source_engine(source: str | None) -> str | None:
    """Engine for a ``utm_source`` or GA4 session source: a host (``chatgpt.com``) or a name."""
    if not source:
        return None
    s = source.strip().lower()
    if not s or s in ("(direct)", "(not set)", "-"):
        return None
    engine = host_engine(url_host(s) or s) if ("." in s or "/" in s) else None
    if engine:
        return engine
    engine, known = normalize_engine(s)
    if known and engine in ENGINES and s not in ("google", "bing", "meta"):  # plain google/bing are search
        return engine
    return None


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
            rest = raw[min(slash):] if slash else "/"
        rest, _, _frag = rest.partition("#")
        rest, _, query = rest.partition("?")
    if "#" in rest:
        rest = rest.split("#", 1)[0]
    utm = None
    if query and "utm_source=" in query:
        for pair in query.split("&"):
            if pair.startswith("utm_source="):
                utm = unquote(pair[len("utm_source="):].replace("+", " ")) or None
                break
    return host or None, canonical_path(rest or "/"), utm


def mkdocs_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL path (relative to site_url) MkDocs gives a page, e.g. ``guides/oee/``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    parent, _, name = stem.rpartition("/")
    if name.lower() in ("index", "readme"):
        return f"{parent}/" if parent else ""
    if not use_directory_urls:
        return f"{stem}.html"
    return f"{stem}/"


@dataclass
class PageIndex:
    """Maps ``(host, canonical path)`` to a page's ``src_uri``, given the site's URLs.

    Host aliases (``www.``, http/https, extra hosts from the options) are one site; a path
    from an access log has no host and is always ours.
    """

    site_url: str
    pages: Iterable[str]
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
            rel = mkdocs_url(src, self.use_directory_urls)
            path = canonical_path(self.base + rel)
            self.by_path.setdefault(path, src)
            self.by_lower.setdefault(path.lower(), src)
            self.url_of[src] = root + rel
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


# --- dates and numbers ------------------------------------------------------------------------

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})
_NUM_DATE_RE = re.compile(r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})$")
_TEXT_DATE_RE = re.compile(r"^(?:(\d{1,2})[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4})|([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4}))$")


class DateParser:
    """Dates in the spellings exports use, with the day/month order learned per file.

    ISO (``2026-10-01``, with a time or not), ``20261001`` (GA4), ``2026/10/01``, ``01.10.2026``
    (always day first), ``Oct 1, 2026``, ``1 Oct 2026`` and epoch seconds or milliseconds.
    For ``01/10/2026`` the order is ambiguous: :meth:`learn` looks at the file's values first
    (a ``25/10/2026`` proves day first), and without evidence month first (US) is assumed.
    A value that contradicts the learned order is rejected rather than silently swapped.
    """

    def __init__(self, day_first: bool | None = None) -> None:
        self.day_first = day_first
        self._cache: dict[str, dt.date | None] = {}

    def learn(self, values: Iterable[str | None]) -> None:
        if self.day_first is not None:
            return
        for v in values:
            m = _NUM_DATE_RE.match(v.strip()) if v else None
            if m and m.group(2) == "/" and len(m.group(1)) <= 2:
                a, b = int(m.group(1)), int(m.group(3))
                if a > 12 >= b:
                    self.day_first = True
                    return
                if b > 12 >= a:
                    self.day_first = False
                    return

    def __call__(self, raw: str | None) -> dt.date | None:
        if raw is None:
            return None
        hit = self._cache.get(raw, False)
        if hit is not False:
            return hit  # type: ignore[return-value]
        value = self._parse(raw.strip())
        if len(self._cache) < 100_000:
            self._cache[raw] = value
        return value

    def _parse(self, s: str) -> dt.date | None:
        if not s:
            return None
        try:
            if len(s) >= 10 and s[4] == "-" and s[7] == "-" and (len(s) == 10 or s[10] in "T "):
                if len(s) > 10:
                    dt.datetime.fromisoformat(s.replace("Z", "+00:00"))  # raises on a bad time: caught below
                return dt.date.fromisoformat(s[:10])
            if len(s) == 8 and s.isdigit():
                return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
            if s.isdigit() and len(s) in (10, 13):
                secs = int(s) / (1000 if len(s) == 13 else 1)
                return dt.datetime.fromtimestamp(secs, dt.timezone.utc).date()
            m = _NUM_DATE_RE.match(s[:10]) if len(s) > 10 and s[10] in " T" else _NUM_DATE_RE.match(s)
            if m:
                a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
                if len(a) == 4:
                    return dt.date(int(a), int(b), int(c))
                if len(c) != 4:
                    return None
                if sep == "." or sep == "-":
                    return dt.date(int(c), int(b), int(a))
                if self.day_first is None:
                    self.learn([s])
                day, month = (a, b) if self.day_first else (b, a)
                return dt.date(int(c), int(month), int(day))
            m = _TEXT_DATE_RE.match(s)
            if m:
                if m.group(1):
                    day, mon, year = m.group(1), m.group(2), m.group(3)
                else:
                    mon, day, year = m.group(4), m.group(5), m.group(6)
                month = _MONTHS.get(mon.lower())
                return dt.date(int(year), month, int(day)) if month else None
        except ValueError:
            return None
        return None


_NUM_JUNK = str.maketrans("", "", " \u00a0\u202f'%")


def parse_number(raw: str | float | int | None, decimal: str = ".") -> float | None:
    """``1,234`` / ``1.234,5`` (``decimal=","``) / ``16.67%`` / ``2,00 %`` -> float; '' -> None.

    Percent signs are dropped, not divided: callers know whether a column is a percentage.
    """
    if raw is None:
        return None
    if isinstance(raw, (int, float)):
        try:
            return float(raw)
        except OverflowError:
            return None
    if not isinstance(raw, str):  # a JSON list or object where a number belongs
        return None
    s = raw.translate(_NUM_JUNK)
    if not s or s in ("-", "—", "n/a", "N/A", "null", "NaN", "nan"):
        return None
    if decimal == ",":
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if value == value else None  # NaN


def parse_percent(raw: str | float | None, decimal: str = ".") -> float | None:
    """A rate as a fraction: ``16.67%`` -> 0.1667, ``2,00 %`` -> 0.02; a bare number above 1 is a percent."""
    if raw is None:
        return None
    value = parse_number(raw, decimal)
    if value is None:
        return None
    if isinstance(raw, str) and "%" in raw or value > 1:
        return value / 100
    return value


_TRUE = frozenset({"yes", "y", "true", "t", "1", "cited", "mentioned", "present", "si", "sì", "ja", "oui"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "not cited", "not-cited", "not_cited", "uncited", "not mentioned",
                    "absent", "none", "nein", "non"})


def parse_bool(raw: str | bool | int | None) -> bool | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        return bool(raw)
    if not isinstance(raw, str):
        return None
    s = raw.strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    return None


_SENTIMENTS = {"positive": "positive", "pos": "positive", "neutral": "neutral", "neu": "neutral", "mixed": "neutral",
               "negative": "negative", "neg": "negative"}


def parse_sentiment(raw: str | float | None) -> str | None:
    """positive / neutral / negative from words or a score (-1..1 or 0..100)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        s = raw.strip().lower()
        if not s:
            return None
        if s in _SENTIMENTS:
            return _SENTIMENTS[s]
        value = parse_number(s)
    else:
        value = parse_number(raw)
    if value is None or value != value:
        return None
    if value > 1:  # 0..100 scales
        return "positive" if value >= 60 else "negative" if value < 40 else "neutral"
    return "positive" if value > 0.2 else "negative" if value < -0.2 else "neutral"


# --- timestamps of logs -----------------------------------------------------------------------

_MON3 = {m: i for i, m in enumerate(calendar.month_abbr) if m}


class ClfTime:
    """``10/Oct/2026:13:55:36 +0200`` -> epoch seconds (UTC), with cheap caches per part.

    A busy log repeats the same second many times and a quiet one the same day: the full
    string, the day, the time of day and the zone are each cached, so a miss costs three
    dictionary lookups instead of a ``strptime``.
    """

    def __init__(self) -> None:
        self.full: dict[str, int] = {}
        self.days: dict[str, int] = {}
        self.times: dict[str, int] = {}
        self.zones: dict[str, int] = {}

    def __call__(self, s: str) -> int | None:
        hit = self.full.get(s)
        if hit is not None:
            return hit
        try:
            day = self.days.get(s[:11])
            if day is None:
                day = self.days[s[:11]] = calendar.timegm((int(s[7:11]), _MON3[s[3:6]], int(s[0:2]), 0, 0, 0))
            tod = self.times.get(s[12:20])
            if tod is None:
                if s[14] != ":" or s[17] != ":":
                    return None
                tod = self.times[s[12:20]] = int(s[12:14]) * 3600 + int(s[15:17]) * 60 + int(s[18:20])
            zone = s[21:]
            off = self.zones.get(zone)
            if off is None:
                if not zone:
                    off = 0
                else:
                    sign = -1 if zone[0] == "-" else 1
                    off = sign * (int(zone[1:3]) * 3600 + int(zone[3:5]) * 60)
                self.zones[zone] = off
        except (KeyError, ValueError, IndexError):
            return None
        value = day + tod - off
        if len(self.full) > 200_000:
            self.full.clear()
        self.full[s] = value
        return value


def parse_iso_timestamp(raw: str) -> float | None:
    """ISO 8601 (``2026-10-01T12:00:00.123Z``) -> epoch seconds, None when unreadable."""
    try:
        value = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.timestamp()


# --- client IPs -------------------------------------------------------------------------------

IP_KEY_ENV = "AEOLOOP_IP_HMAC_KEY"


class IpHasher:
    """Client IPs never reach the store in clear: HMAC-SHA256 with a key from the environment
    (``AEOLOOP_IP_HMAC_KEY``), truncated to a signed 64-bit integer, or dropped (None) when no
    key is set. The same key gives the same value across files, so distinct visitors can be
    counted; without the key the value cannot be reversed by trying all IPv4 addresses."""

    def __init__(self, key: str | None = None) -> None:
        key = key if key is not None else os.environ.get(IP_KEY_ENV)
        self.key = key.encode() if key else None
        self._cache: dict[str | bytes, int] = {}
        self._base = hmac.new(self.key, digestmod="sha256") if self.key else None  # keyed once, copied per IP

    def many(self, ips: list[str] | list[bytes]) -> list[int | None]:
        """The HMAC of every IP of a list (dictionary lookups, hashing only new IPs)."""
        out = list(map(self._cache.get, ips))
        if None in out:  # fill the gaps in place: a second pass over a big dictionary costs more
            for i, h in enumerate(out):
                if h is None:
                    out[i] = self(ips[i])
        return out

    def __call__(self, ip: str | bytes | None) -> int | None:
        if self.key is None or not ip or ip in ("-", b"-"):
            return None
        hit = self._cache.get(ip)
        if hit is None:
            mac = self._base.copy()  # type: ignore[union-attr]
            mac.update(ip if isinstance(ip, bytes) else ip.encode())
            digest = mac.digest()
            hit = int.from_bytes(digest[:8], "big", signed=True)
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[ip] = hit
        return hit
