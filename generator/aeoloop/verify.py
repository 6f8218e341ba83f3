"""Read the built site back the way an answer-engine crawler does, and fail on what it would reject.

``aeoloop build`` writes JSON-LD, a visible summary box, a FAQ section, ``llms.txt``
and Markdown mirrors (see the build contract in the project docs).  Writing them is
not enough: one trailing comma, a dangling ``@id`` or a FAQ answer that is only in
the markup makes Google, Bing and LLM crawlers drop or distrust the page.  This
module checks the *output* (``site/``), not the templates, so it also catches what
themes, overrides and other plugins did to the pages after aeoloop rendered them.

Design choices that matter for speed (verify runs at the end of every build):

* Each page is parsed **once** with lxml's HTML parser (libxml2, the same parser
  extruct uses).  The parsed tree is handed to ``extruct.extract`` directly, so the
  "crawler view" costs an XPath and a ``json.loads``, not a second parse.
* ``extruct`` is imported lazily: importing it costs ~350 ms (it pulls in mf2py and
  rdflib helpers), which a warm build whose pages all hit the cache never pays.
* With ``cache_path`` a page whose HTML bytes hash to the cached sha256 is not
  parsed at all; its findings and score inputs come from the cache.  The cache is
  keyed by :data:`VERSION` and ``site_url`` so changing a check or the site URL
  invalidates it.  Checks that look at *other* files (Markdown mirrors, llms.txt,
  robots.txt, sitemap.xml) are cheap and never cached, because a page's bytes do
  not change when its mirror is deleted.
* ``jobs > 1`` analyses cache misses in a process pool (the work is CPU-bound
  Python, so threads would not help).

The public API is :func:`verify_site`, which returns a :class:`VerifyReport`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Literal
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree

__all__ = [
    "VERSION",
    "CHECK_IDS",
    "SCORE_WEIGHTS",
    "Finding",
    "PageScore",
    "VerifyReport",
    "verify_site",
]

#: Bump whenever a check, message or score rule changes: it invalidates every cache file.
VERSION = "1"

#: Every check id this module can emit, for CLI filters and docs (a test keeps it complete).
CHECK_IDS: tuple[str, ...] = (
    "article-dates", "article-recommended", "article-required", "breadcrumb-item",
    "faq-not-visible", "faq-required", "howto-required", "html-unparseable",
    "id-unresolved", "jsonld-context", "jsonld-duplicate-key", "jsonld-extruct",
    "jsonld-missing", "jsonld-multiple", "jsonld-placement", "jsonld-shape",
    "jsonld-strict", "jsonld-unescaped", "llms-format", "llms-full-missing",
    "llms-link-broken", "llms-missing", "mirror-missing", "organization-recommended",
    "organization-required", "person-required", "robots-blocks", "robots-missing",
    "sitemap-invalid", "sitemap-missing", "speakable-selector", "webpage-url",
)  # fmt: skip

#: ``id`` of the one JSON-LD script the build writes into each page's ``<head>``.
JSONLD_SCRIPT_ID = "aeoloop-jsonld"

#: File names that are not aeoloop pages (Material's 404 page has no JSON-LD by design).
SKIP_FILE_NAMES: frozenset[str] = frozenset({"404.html"})

#: Weights of the AEO readiness score; they sum to 100.  Why these numbers:
#: the summary and a schema graph that parses cleanly are what answer engines
#: actually quote and trust, so they carry the most weight; the FAQ feeds
#: FAQPage rich results and question-shaped retrieval; headings, freshness,
#: author (E-E-A-T) and internal links are ranking/retrieval signals; entities
#: (about/mentions) help disambiguation but rarely decide alone.
SCORE_WEIGHTS: dict[str, int] = {
    "summary": 20,
    "question_headings": 10,
    "faq": 15,
    "valid_schema": 20,
    "freshness": 10,
    "author": 10,
    "entities": 5,
    "internal_links": 10,
}
assert sum(SCORE_WEIGHTS.values()) == 100

SUMMARY_MIN_WORDS = 40
SUMMARY_MAX_WORDS = 60
MIN_QUESTION_HEADINGS = 2
MIN_FAQ_ITEMS = 3
MIN_INTERNAL_LINKS = 3
FRESHNESS_DAYS = 365

#: Below this many cache misses a process pool costs more (fork, pickling ~45 KB per
#: page, result transfer) than it saves; measured break-even with fork was ~30-50 pages.
POOL_MIN_PAGES = 64

#: Crawlers whose blanket ``Disallow: /`` in robots.txt hides the site from answer engines:
#: search indexers and user-triggered fetchers.  Training crawlers (GPTBot, ClaudeBot, CCBot,
#: Google-Extended, Applebot-Extended, ...) are deliberately absent: opting out of training
#: while staying citable is the usual AEO policy and aeoloop's robots.txt supports it.
ANSWER_ENGINE_AGENTS: frozenset[str] = frozenset(
    {
        "*",
        "googlebot",
        "bingbot",
        "applebot",
        "duckassistbot",
        "oai-searchbot",
        "chatgpt-user",
        "claude-searchbot",
        "claude-user",
        "perplexitybot",
        "perplexity-user",
    }
)

Level = Literal["error", "warning"]

_ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "TechArticle", "ScholarlyArticle"})
_ORG_TYPES = frozenset({"Organization", "Corporation", "LocalBusiness", "EducationalOrganization"})
_WEBPAGE_TYPES = frozenset({"WebPage", "FAQPage", "AboutPage", "CollectionPage", "ItemPage", "QAPage"})
_SCHEMA_CONTEXTS = frozenset(
    {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
)

_WS_RE = re.compile(r"\s+")
_TAG_RE = re.compile(r"<[^>]*>")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ISO_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_QUOTES = (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'))
_NON_PAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".zip", ".css", ".js",
     ".json", ".xml", ".txt", ".ico", ".woff", ".woff2", ".mp4", ".csv", ".gz"}
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem on one page (or site file) that a crawler would trip over.

    ``check`` is a stable identifier (``jsonld-strict``, ``article-required``, ...)
    so CI and the CLI can filter on it; ``message`` says what is wrong *and* how
    to fix it, because the reader is usually looking at a failed build.
    """

    level: Level
    page: str
    check: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        """Sort by page, errors before warnings, then check and message: stable output."""
        return (self.page, 0 if self.level == "error" else 1, self.check, self.message)

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "page": self.page, "check": self.check, "message": self.message}


@dataclass(slots=True)
class PageScore:
    """AEO readiness of one page: 0-100 from :data:`SCORE_WEIGHTS`, plus what to do next.

    ``checks`` maps every key of :data:`SCORE_WEIGHTS` to pass/fail; ``fixes`` has
    one concrete sentence per failed check, in weight order (biggest win first).
    """

    page: str
    url: str
    score: int
    checks: dict[str, bool]
    fixes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "url": self.url,
            "score": self.score,
            "checks": dict(sorted(self.checks.items())),
            "fixes": list(self.fixes),
        }


@dataclass(slots=True)
class VerifyReport:
    """Everything :func:`verify_site` found.  ``errors > 0`` should fail the build."""

    findings: list[Finding]
    scores: list[PageScore]
    pages_checked: int
    #: Pages whose results came from the cache.  Not part of :meth:`to_json`, so the
    #: JSON of a cached run is byte-identical to that of a cold run.
    pages_cached: int = field(default=0, compare=False)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.level == "warning")

    @property
    def ok(self) -> bool:
        """True when nothing would make a crawler reject the site (warnings allowed)."""
        return self.errors == 0

    @property
    def average_score(self) -> float:
        return round(sum(s.score for s in self.scores) / len(self.scores), 1) if self.scores else 0.0

    def findings_for(self, page: str) -> list[Finding]:
        return [f for f in self.findings if f.page == page]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "pages_checked": self.pages_checked,
            "errors": self.errors,
            "warnings": self.warnings,
            "average_score": self.average_score,
            "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
            "scores": [s.to_dict() for s in sorted(self.scores, key=lambda s: s.page)],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """Deterministic JSON: sorted findings/scores/keys, no timings, no cache stats."""
        return json.dumps(self.to_dict(), indent=indent, sort_keys=True, ensure_ascii=False)


# --------------------------------------------------------------------------- page analysis


@dataclass(slots=True)
class _PageFacts:
    """Score inputs of one page, computed once and cached next to its findings.

    Freshness is kept as the raw date, not as a pass/fail, because it is relative
    to the newest page of the site, which only the site-wide pass knows.
    """

    jsonld: bool = False
    summary_words: int | None = None
    summary_first: bool = False
    question_headings: int = 0
    faq_visible: int = 0
    faq_jsonld: int = 0
    internal_links: int = 0
    author: bool = False
    entities: bool = False
    date_modified: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> _PageFacts:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(slots=True)
class _PageResult:
    """What one page analysis yields; picklable so pool workers can return it."""

    findings: list[tuple[Level, str, str]]  # (level, check, message); page is implied
    facts: _PageFacts


class _Collector:
    """Accumulates findings of one page without repeating the page path everywhere."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[tuple[Level, str, str]] = []

    def error(self, check: str, message: str) -> None:
        self.items.append(("error", check, message))

    def warning(self, check: str, message: str) -> None:
        self.items.append(("warning", check, message))


_El = lxml.etree._Element


def _parse_html(data: bytes) -> _El:
    """Parse page bytes with libxml2's HTML parser, the one extruct uses.

    Plain ``lxml.etree`` rather than ``lxml.html``: same parser and tree, but
    ``lxml.html`` runs a Python class-lookup callback for every element proxy,
    which made walking a Material page ~6x slower.  A parser per call (0.7 us)
    because lxml parser objects must not be shared between threads.  Kept as a
    module-level function so tests can count calls (cache hits must not reach
    it).  The build writes UTF-8, so the encoding is fixed rather than sniffed.
    """
    root = lxml.etree.fromstring(data, lxml.etree.HTMLParser(encoding="utf-8"))
    if root is None:
        raise ValueError("document is empty")
    return root


def _body(tree: _El) -> _El:
    body = tree.find("body")
    return body if body is not None else tree


_extruct_extract: Callable[..., dict[str, list[dict[str, Any]]]] | None = None


def _crawler_jsonld(tree: _El, base_url: str) -> list[dict[str, Any]] | None:
    """JSON-LD items as extruct (a lenient, crawler-grade parser) sees them, or None if it fails.

    The already-parsed tree is passed in, so this is an XPath plus a lenient
    ``json.loads`` per script, not a second parse.  With ``errors="ignore"`` a
    single unparseable block makes extruct return no JSON-LD at all, which is
    exactly what a crawler built on it would index.
    """
    global _extruct_extract
    if _extruct_extract is None:
        from extruct import extract  # lazy: ~350 ms import, skipped on all-cache-hit runs

        _extruct_extract = extract
    try:
        out = _extruct_extract(
            tree, base_url=base_url, syntaxes=["json-ld"], uniform=True, errors="ignore"
        )
    except Exception:  # extruct raising on odd input is itself the "crawler sees nothing" case
        return None
    items = out.get("json-ld")
    return items if items else None


class _DuplicateKeys:
    """``object_pairs_hook`` that records duplicate keys (parsers disagree on which one wins)."""

    __slots__ = ("duplicates",)

    def __init__(self) -> None:
        self.duplicates: list[str] = []

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.duplicates.append(key)
                seen.add(key)
        return obj


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _strict_json(raw: str) -> tuple[Any, str | None, list[str]]:
    """Parse like a strict RFC 8259 parser: no NaN/Infinity, no control chars in strings.

    Returns (data, error message or None, duplicate keys).
    """
    hook = _DuplicateKeys()
    try:
        data = json.loads(raw, parse_constant=_reject_constant, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        start = max(0, exc.pos - 30)
        snippet = raw[start : exc.pos + 30].replace("\n", " ")
        return None, f"{exc.msg} at line {exc.lineno} column {exc.colno} (near {snippet!r})", []
    except ValueError as exc:
        return None, str(exc), []
    return data, None, hook.duplicates


def _has_class(cls: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


# XPath note: every ``//*[predicate]`` is a full-tree scan costing ~0.3-1 ms on a Material
# page, while tag tests (``//article``) and ``id()`` (libxml2's ID hash) are nearly free.
# So elements with a known id are found with id(), and class scans run only as fallbacks.
_X_STRING = lxml.etree.XPath("string()")  # like lxml.html's text_content(): no comments
_X_JSONLD = lxml.etree.XPath('//script[@type="application/ld+json"]')
_X_ARTICLE = lxml.etree.XPath("(//article)[1]")
_X_MD_CONTENT = lxml.etree.XPath(f"(//*[{_has_class('md-content')}])[1]")
_X_BY_ID = lxml.etree.XPath("id($id)")
_X_SUMMARY_TEXT = lxml.etree.XPath(f".//*[{_has_class('aeoloop-summary-text')}]")
_X_FAQ_SECTION = lxml.etree.XPath(f"//*[{_has_class('aeoloop-faq')}]")
_X_FAQ_ITEMS = lxml.etree.XPath(f".//*[{_has_class('aeoloop-faq-item')}]")
_X_FAQ_Q = lxml.etree.XPath(f".//*[{_has_class('aeoloop-faq-question')}]")
_X_FAQ_A = lxml.etree.XPath(f".//*[{_has_class('aeoloop-faq-answer')}]")
_X_HIDDEN = lxml.etree.XPath(
    "//script | //style | //noscript | //template | //*[@hidden or @style]"
)


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _is_ref(obj: dict[str, Any]) -> bool:
    return len(obj) == 1 and "@id" in obj


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _parse_iso_date(value: Any) -> date | None:
    """Parse an ISO 8601 date or date-time to its calendar date.

    Hand-rolled because ``date.fromisoformat`` on Python 3.10 rejects ``Z`` and
    most offsets, and we support 3.10.
    """
    if not isinstance(value, str):
        return None
    m = _ISO_RE.match(value.strip())
    if not m:
        return None
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if m.group(4) is not None:
        if int(m.group(4)) > 23 or int(m.group(5)) > 59 or (m.group(6) and int(m.group(6)) > 60):
            return None
    return d


def _norm(text: str) -> str:
    """Normalise text for "is this visible?" matching.

    All whitespace is removed (block boundaries like ``</p><p>`` produce no space
    in ``text_content``), typographic quotes are folded, NFKC maps NBSP and
    friends, and case is folded: a crawler compares meaning, not typography.
    """
    text = unicodedata.normalize("NFKC", text)
    for src, dst in _QUOTES:  # str.replace is C-fast; str.translate with a dict is not
        if src in text:
            text = text.replace(src, dst)
    return "".join(text.split()).casefold()


def _answer_candidates(text: str) -> list[str]:
    """The ways an ``acceptedAnswer.text`` can legitimately appear as visible text.

    ``Answer.text`` may be plain text (then ``</script>`` in it is literal text)
    or HTML (then tags are markup and ``&lt;`` is an entity), so both readings are
    tried; the answer is visible if any of them is.
    """
    out = [_norm(text)]
    if "<" in text or "&" in text:
        import html as html_lib  # lazy: html.entities costs ~10 ms to import

        out.append(_norm(html_lib.unescape(_TAG_RE.sub(" ", text))))
        out.append(_norm(html_lib.unescape(text)))
    return [c for c in out if c]


def _short(text: str, limit: int = 80) -> str:
    text = _WS_RE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _text(el: _El, skip_class: str | None = None) -> str:
    """Text of an element, optionally without descendants of a class (e.g. Material's ¶ headerlinks)."""
    if skip_class is None:
        return _X_STRING(el)
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text and not (isinstance(node.tag, str) and skip_class in (node.get("class") or "").split()):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and skip_class not in (child.get("class") or "").split():
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


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


def _page_url(rel: str, site_url: str) -> str:
    """URL a page is served at: ``a/index.html`` -> ``{site}a/``, ``a.html`` -> ``{site}a.html``."""
    if rel == "index.html":
        return site_url
    if rel.endswith("/index.html"):
        return site_url + rel[: -len("index.html")]
    return site_url + rel


def _same_site(url: str, site_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(site_url)
    return a.netloc.lower() == b.netloc.lower() and a.path.startswith(b.path)


class _Graph:
    """Index of one page's JSON-LD graph: nodes by resolved ``@id`` and every reference.

    ``@id`` values are resolved against the page URL, as a JSON-LD processor does,
    so a relative ``#organization`` means *this page's* organization, not the site's.
    """

    def __init__(self, doc: dict[str, Any], page_url: str) -> None:
        self.page_url = page_url
        self.nodes: dict[str, dict[str, Any]] = {}
        self.all_nodes: list[tuple[str, dict[str, Any]]] = []  # (path, node) for every non-ref object
        self.refs: list[tuple[str, str]] = []  # (path, resolved @id)
        graph = doc.get("@graph")
        roots = graph if isinstance(graph, list) else [doc]
        self.root_paths: set[str] = set()
        for i, node in enumerate(roots):
            if isinstance(node, dict):
                label = "/".join(sorted(_types(node))) or f"@graph[{i}]"
                self.root_paths.add(label)
                self._walk(node, label)

    def _walk(self, obj: Any, path: str) -> None:
        if isinstance(obj, list):
            for i, item in enumerate(obj):
                self._walk(item, f"{path}[{i}]")
            return
        if not isinstance(obj, dict):
            return
        node_id = obj.get("@id")
        if _is_ref(obj):
            if isinstance(node_id, str):
                self.refs.append((path, _join(self.page_url, node_id)))
            return
        if isinstance(node_id, str):
            self.nodes.setdefault(_join(self.page_url, node_id), obj)
        self.all_nodes.append((path, obj))
        for key, value in obj.items():
            if not key.startswith("@"):
                self._walk(value, f"{path}.{key}")

    def resolve(self, obj: Any) -> Any:
        """Follow an ``{"@id": ...}`` reference to its node; anything else is returned as is."""
        if isinstance(obj, dict) and _is_ref(obj) and isinstance(obj.get("@id"), str):
            return self.nodes.get(_join(self.page_url, obj["@id"]))
        return obj


def _check_article(path: str, node: dict[str, Any], g: _Graph, c: _Collector, facts: _PageFacts) -> None:
    missing = [p for p in ("headline",) if not _nonempty_str(node.get(p))]
    for prop in ("datePublished", "dateModified"):
        value = node.get(prop)
        if value is None or value == "":
            missing.append(prop)
        elif _parse_iso_date(value) is None:
            c.error(
                "article-required",
                f"{path}.{prop} is {value!r}, not an ISO 8601 date; write it as YYYY-MM-DD "
                "or YYYY-MM-DDThh:mm:ss+00:00 (from the page's front matter or git date).",
            )
    if missing:
        c.error(
            "article-required",
            f"{path} lacks {', '.join(missing)}; Google and answer engines use these to "
            "title and date the answer. Set them in the Article node (headline = page "
            "title, dates from front matter or git history).",
        )
    published = _parse_iso_date(node.get("datePublished"))
    modified = _parse_iso_date(node.get("dateModified"))
    if published and modified and modified < published:
        c.warning(
            "article-dates",
            f"{path}.dateModified ({node.get('dateModified')}) is before datePublished "
            f"({node.get('datePublished')}); fix the dates so the page does not look stale or forged.",
        )

    authors = _as_list(node.get("author"))
    if not authors:
        c.error(
            "article-required",
            f"{path} has no author; add author as a list of {{\"@id\": \"...#person-<id>\"}} "
            "refs to Person nodes with a name (set `author:` in the page front matter).",
        )
    author_ok = False
    for i, ref in enumerate(authors):
        target = g.resolve(ref)
        if isinstance(ref, str) and ref.strip():
            continue  # schema.org allows Text; it has a name but no Person to credit
        if not isinstance(target, dict) or not _nonempty_str(target.get("name")):
            what = (
                f"refers to {ref['@id']!r}, which is not a node of this page's graph"
                if isinstance(ref, dict) and _is_ref(ref) and target is None
                else "has no name"
            )
            c.error(
                "article-required",
                f"{path}.author[{i}] {what}; answer engines need a named author. Add the "
                "Person node (with name, url, sameAs) to the graph or fix the author id "
                "in front matter / authors data.",
            )
            continue
        if "Person" in _types(target) and (
            _nonempty_str(target.get("url")) or any(_nonempty_str(s) for s in _as_list(target.get("sameAs")))
        ):
            author_ok = True
    facts.author = facts.author or author_ok

    if _as_list(node.get("about")) or _as_list(node.get("mentions")):
        facts.entities = True  # only a score signal, never an error

    rec = [p for p in ("description", "image", "publisher") if not node.get(p)]
    if rec:
        c.warning(
            "article-recommended",
            f"{path} lacks recommended {', '.join(rec)}; add them so rich results and "
            "answer cards can show a snippet, image and publisher.",
        )
    date_value = _parse_iso_date(node.get("dateModified"))
    if date_value and (facts.date_modified is None or date_value.isoformat() > facts.date_modified):
        facts.date_modified = date_value.isoformat()


def _check_faqpage(
    path: str, node: dict[str, Any], g: _Graph, c: _Collector, facts: _PageFacts
) -> list[tuple[str, str]]:
    """Check FAQPage questions; return (question, answer text) pairs for the visibility check."""
    pairs: list[tuple[str, str]] = []
    questions = _as_list(node.get("mainEntity"))
    if not questions:
        c.error(
            "faq-required",
            f"{path} is typed FAQPage but has no mainEntity questions; either drop "
            "\"FAQPage\" from @type or list the page's Q&As as Question nodes.",
        )
    complete = 0
    for i, q in enumerate(questions):
        q = g.resolve(q)
        if not isinstance(q, dict):
            c.error(
                "faq-required",
                f"{path}.mainEntity[{i}] is not a Question object; emit "
                '{"@type": "Question", "name": ..., "acceptedAnswer": {...}}.',
            )
            continue
        name = q.get("name")
        answers = _as_list(q.get("acceptedAnswer"))
        answer = g.resolve(answers[0]) if answers else None
        text = answer.get("text") if isinstance(answer, dict) else None
        problems = []
        if not _nonempty_str(name):
            problems.append("name")
        if not _nonempty_str(text):
            problems.append("acceptedAnswer.text")
        if problems:
            c.error(
                "faq-required",
                f"{path}.mainEntity[{i}] lacks {' and '.join(problems)}; every Question "
                "needs the question as name and the answer as acceptedAnswer.text, or "
                "Google drops the whole FAQ rich result.",
            )
            continue
        complete += 1
        pairs.append((str(name), str(text)))
    facts.faq_jsonld = max(facts.faq_jsonld, complete)
    return pairs


def _check_breadcrumb(path: str, node: dict[str, Any], g: _Graph, c: _Collector) -> None:
    items = _as_list(node.get("itemListElement"))
    if not items:
        c.error(
            "breadcrumb-item",
            f"{path} has no itemListElement; emit one ListItem per level (Home first) "
            "or drop the BreadcrumbList.",
        )
        return
    for i, item in enumerate(items):
        item = g.resolve(item)
        if not isinstance(item, dict):
            c.error(
                "breadcrumb-item",
                f"{path}.itemListElement[{i}] is not a ListItem object; emit "
                '{"@type": "ListItem", "position", "name", "item"}.',
            )
            continue
        target = item.get("item")
        target_obj = g.resolve(target) if isinstance(target, dict) else None
        name = item.get("name") or (target_obj.get("name") if isinstance(target_obj, dict) else None)
        url = target if isinstance(target, str) else (target.get("@id") if isinstance(target, dict) else None)
        position = item.get("position")
        missing = []
        if not isinstance(position, int) or isinstance(position, bool) or position < 1:
            missing.append(
                "position (an integer from 1)"
                if position is None
                else f"a valid position (got {position!r}; use an integer from 1)"
            )
        elif position != i + 1:
            missing.append(f"position {i + 1} (got {position}; positions must count 1, 2, 3... in order)")
        if not _nonempty_str(name):
            missing.append("name")
        if not _nonempty_str(url):
            missing.append("item (the level's absolute URL)")
        if missing:
            c.error(
                "breadcrumb-item",
                f"{path}.itemListElement[{i}] lacks {', '.join(missing)}; Google rejects "
                "breadcrumbs with incomplete ListItems. Fix the breadcrumb builder.",
            )
        elif not urlsplit(str(url)).scheme:
            c.warning(
                "breadcrumb-item",
                f"{path}.itemListElement[{i}].item {url!r} is relative; write absolute URLs "
                "(site_url + path) so crawlers resolve it the same way everywhere.",
            )


def _check_howto(path: str, node: dict[str, Any], g: _Graph, c: _Collector) -> None:
    steps: list[Any] = []
    for s in _as_list(node.get("step")):
        s = g.resolve(s)
        if isinstance(s, dict) and "HowToSection" in _types(s):
            steps.extend(g.resolve(x) for x in _as_list(s.get("itemListElement")))
        else:
            steps.append(s)
    problems = []
    if not _nonempty_str(node.get("name")):
        problems.append("a name")
    if len(steps) < 2:
        problems.append(f"at least 2 steps (has {len(steps)})")
    empty = [
        str(i) for i, s in enumerate(steps) if not (isinstance(s, dict) and _nonempty_str(s.get("text")))
    ]
    if empty:
        problems.append(f"text on step(s) {', '.join(empty)}")
    if problems:
        c.error(
            "howto-required",
            f"{path} lacks {'; '.join(problems)}; a HowTo needs a name and two or more "
            "HowToSteps with text, otherwise drop the HowTo node for this page.",
        )


@lru_cache(maxsize=256)
def _speakable_xpath(selector: str) -> lxml.etree.XPath | None:
    """Translate the simple CSS selectors speakable uses (``#id .class tag``) to XPath.

    Only descendant combinators and tag/#id/.class compounds are supported; for
    anything else None is returned and the selector is not checked (no false alarms).
    """
    parts: list[str] = []
    for compound in selector.split():
        m = re.fullmatch(r"([a-zA-Z][\w-]*|\*)?((?:[#.][\w-]+)*)", compound)
        if not m or not compound:
            return None
        preds = []
        for kind, name in re.findall(r"([#.])([\w-]+)", m.group(2)):
            preds.append(f"@id='{name}'" if kind == "#" else _has_class(name))
        tag = m.group(1) or "*"
        parts.append(tag + "".join(f"[{p}]" for p in preds))
    return lxml.etree.XPath("//" + "//".join(parts)) if parts else None


def _check_graph(
    doc: Any,
    page_url: str,
    site_url: str,
    tree: _El,
    c: _Collector,
    facts: _PageFacts,
) -> list[tuple[str, str]]:
    """All semantic checks of the aeoloop graph.  Returns FAQ (question, answer) pairs."""
    if not isinstance(doc, dict):
        c.error(
            "jsonld-shape",
            'The aeoloop JSON-LD is not an object; emit {"@context": "https://schema.org", '
            '"@graph": [...]}.',
        )
        return []
    context = doc.get("@context")
    ctx_values = _as_list(context)
    if not any(isinstance(v, str) and v in _SCHEMA_CONTEXTS for v in ctx_values) and not any(
        isinstance(v, dict) and v.get("@vocab") in _SCHEMA_CONTEXTS for v in ctx_values
    ):
        c.error(
            "jsonld-context",
            f"@context is {context!r}, not https://schema.org; without it no crawler maps the "
            "properties to schema.org. Set \"@context\": \"https://schema.org\".",
        )
    if not isinstance(doc.get("@graph"), list):
        c.error(
            "jsonld-shape",
            'The aeoloop JSON-LD has no @graph list; emit the nodes as "@graph": [...] so '
            "they can reference each other by @id.",
        )
    g = _Graph(doc, page_url)

    # Only refs into this site must resolve locally: a bare {"@id": "https://www.wikidata.org/..."}
    # in about/mentions is a legitimate link to an external entity, not a dangling pointer.
    for path, ref in g.refs:
        if ref not in g.nodes and _same_site(ref, site_url):
            c.error(
                "id-unresolved",
                f"{path} references @id {ref!r}, but no node in this page's graph has that @id; "
                "crawlers do not follow @id across pages, so add the node to the graph "
                "(or fix the id / the data it is built from).",
            )

    pairs: list[tuple[str, str]] = []
    webpage_id = page_url + "#webpage"
    has_webpage = False
    for path, node in g.all_nodes:
        types = _types(node)
        if types & _ARTICLE_TYPES:
            _check_article(path, node, g, c, facts)
        if "FAQPage" in types:
            pairs.extend(_check_faqpage(path, node, g, c, facts))
        if "BreadcrumbList" in types:
            _check_breadcrumb(path, node, g, c)
        if "HowTo" in types:
            _check_howto(path, node, g, c)
        # Only the publisher needs name + url; organisations in about/mentions are entities.
        if types & _ORG_TYPES and (path in g.root_paths or path.rsplit(".", 1)[-1].startswith("publisher")):
            missing = [p for p in ("name", "url") if not _nonempty_str(node.get(p))]
            if missing:
                c.error(
                    "organization-required",
                    f"{path} lacks {', '.join(missing)}; set site name and site_url (and the brand "
                    "organization data) so the publisher can be identified.",
                )
            elif not node.get("logo"):
                c.warning(
                    "organization-recommended",
                    f"{path} has no logo; add the brand logo ImageObject so answer cards "
                    "can show it.",
                )
        if "Person" in types and not _nonempty_str(node.get("name")):
            c.error("person-required", f"{path} has no name; add the author's name to the authors data.")
        if types & _WEBPAGE_TYPES:
            if node.get("@id") is not None and _join(page_url, str(node["@id"])) == webpage_id:
                has_webpage = True
            if not facts.date_modified:
                d = _parse_iso_date(node.get("dateModified"))
                if d:
                    facts.date_modified = d.isoformat()
            for spec in _as_list(node.get("speakable")):
                spec = g.resolve(spec)
                if not isinstance(spec, dict):
                    continue
                for sel in _as_list(spec.get("cssSelector")):
                    xp = _speakable_xpath(sel) if isinstance(sel, str) else None
                    if xp is not None and not xp(tree):
                        c.warning(
                            "speakable-selector",
                            f"{path}.speakable cssSelector {sel!r} matches nothing on the page; "
                            "render the summary box or update the selector, otherwise voice "
                            "assistants have nothing to read.",
                        )
    if not has_webpage:
        c.warning(
            "webpage-url",
            f"No WebPage node has @id {webpage_id!r}; the graph may describe another URL "
            "(check site_url and use_directory_urls) so engines can attribute it to this page.",
        )
    return pairs


def _visible_text(tree: _El) -> str:
    """Body text a reader can see: no script/style/noscript/template, no hidden/display:none.

    Mutates the tree (drops hidden subtrees), so it must run after every other
    check has read what it needs.
    """
    for el in _X_HIDDEN(tree):
        if el.tag in ("script", "style", "noscript", "template") or el.get("hidden") is not None or (
            el.get("style") and _HIDDEN_STYLE_RE.search(el.get("style") or "")
        ):
            _drop(el)
    return _X_STRING(_body(tree))


def _drop(el: _El) -> None:
    """Remove an element but keep its tail text (which belongs to the parent's content)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _content_root(tree: _El) -> _El:
    """The content area: Material's ``<article>``, else ``.md-content``, else ``<body>``."""
    found = _X_ARTICLE(tree) or _X_MD_CONTENT(tree)
    if found:
        return found[0]
    return _body(tree)


def _faq_items(tree: _El) -> list[Any]:
    """FAQ items of ``section#faq``; a class scan only if ``#faq`` is taken by something else."""
    section = _X_BY_ID(tree, id="faq")
    if section and "aeoloop-faq" in (section[0].get("class") or "").split():
        return _X_FAQ_ITEMS(section[0])
    # e.g. a Markdown "## FAQ" heading also got id="faq" and came first
    return [item for sec in _X_FAQ_SECTION(tree) for item in _X_FAQ_ITEMS(sec)]


def _content_facts(tree: _El, page_url: str, site_url: str, facts: _PageFacts) -> None:
    """Score inputs read from the visible page: summary, headings, FAQ, internal links."""
    content = _content_root(tree)

    summaries = _X_BY_ID(tree, id="aeoloop-summary")
    if summaries:
        texts = _X_SUMMARY_TEXT(summaries[0])
        if texts:
            facts.summary_words = len(_X_STRING(texts[0]).split())
        # "Answer first": the summary must come before the first H2 (document order).
        summary_el = summaries[0]
        first = True
        for el in _body(tree).iter("h2", summary_el.tag):
            if el is summary_el:
                break
            if el.tag == "h2":
                first = False
                break
        facts.summary_first = first

    facts.question_headings = sum(
        1 for h in content.iter("h2", "h3") if _text(h, "headerlink").strip().endswith("?")
    )
    facts.faq_visible = sum(
        1
        for item in _faq_items(tree)
        if any(_X_STRING(q).strip() for q in _X_FAQ_Q(item))
        and any(_X_STRING(a).strip() for a in _X_FAQ_A(item))
    )

    targets: set[str] = set()
    here = page_url.split("#", 1)[0]
    for a in content.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#") or "headerlink" in (a.get("class") or "").split():
            continue
        url = _join(page_url, href).split("#", 1)[0].split("?", 1)[0]
        if url == here or not url.startswith(("http://", "https://")) or not _same_site(url, site_url):
            continue
        if os.path.splitext(urlsplit(url).path)[1].lower() in _NON_PAGE_SUFFIXES:
            continue
        targets.add(url)
    facts.internal_links = len(targets)


def _analyze_page(rel: str, data: bytes, page_url: str, site_url: str) -> _PageResult:
    """Every per-page check: depends only on the page bytes, its URL and site_url (hence cacheable)."""
    c = _Collector()
    facts = _PageFacts()
    try:
        tree = _parse_html(data)
    except (lxml.etree.LxmlError, ValueError) as exc:
        c.error(
            "html-unparseable",
            f"The page cannot be parsed as HTML ({exc}); rebuild it, the file is empty or "
            "corrupt.",
        )
        return _PageResult(c.items, facts)

    scripts = _X_JSONLD(tree)
    ours = [s for s in scripts if s.get("id") == JSONLD_SCRIPT_ID]
    facts.jsonld = bool(ours)
    if not ours:
        extra = f" (it has {len(scripts)} other ld+json block(s), not aeoloop's)" if scripts else ""
        c.error(
            "jsonld-missing",
            f"No <script type=\"application/ld+json\" id=\"{JSONLD_SCRIPT_ID}\"> on the page{extra}; "
            "answer engines get no structured data. Make sure the page is built with the aeoloop "
            "plugin and the theme override that renders the JSON-LD block is active.",
        )
    elif len(ours) > 1:
        c.error(
            "jsonld-multiple",
            f"{len(ours)} aeoloop JSON-LD blocks on the page; crawlers merge or pick one at random. "
            "Render the block once (check for a duplicated template include or override).",
        )
    if ours and ours[0].getparent() is not None and ours[0].getparent().tag != "head":
        c.warning(
            "jsonld-placement",
            "The aeoloop JSON-LD is not in <head>; some crawlers only read head metadata. "
            "Render it from the head block of the theme override.",
        )

    doc: Any = None
    strict_ok = True
    other_types: set[str] = set()
    for idx, script in enumerate(scripts):
        raw = script.text or ""
        label = "aeoloop JSON-LD" if script in ours else f"ld+json block #{idx + 1}"
        if "<" in raw:
            c.warning(
                "jsonld-unescaped",
                f"The {label} contains a raw '<'; a '</script>' or '<!--' in page text would end or "
                "corrupt the script. Escape <, >, & as \\u003c, \\u003e, \\u0026 when serialising.",
            )
        data_obj, err, dups = _strict_json(raw)
        if err is not None:
            strict_ok = False
            c.error(
                "jsonld-strict",
                f"The {label} is not valid JSON for a strict parser: {err}. Serialise it with "
                "json.dumps (no trailing commas, comments, NaN or single quotes); a '</script>' "
                "inside the text ends the script early, so escape '<' as \\u003c.",
            )
        if dups:
            c.warning(
                "jsonld-duplicate-key",
                f"The {label} repeats key(s) {', '.join(sorted(set(dups)))} in one object; parsers "
                "disagree on which value wins. Emit each property once.",
            )
        if script is (ours[0] if ours else None):
            doc = data_obj
        elif data_obj is not None:
            for item in _as_list(data_obj.get("@graph") if isinstance(data_obj, dict) else data_obj):
                if isinstance(item, dict):
                    other_types |= _types(item)

    if scripts:
        crawler_items = _crawler_jsonld(tree, page_url)
        if crawler_items is None:
            c.error(
                "jsonld-extruct",
                "extruct (a crawler-grade JSON-LD extractor) finds no JSON-LD on this page even "
                "though it has ld+json scripts: one unparseable block hides all of them. Fix the "
                "jsonld-strict error(s) on this page.",
            )
        elif doc is None and ours and not strict_ok:
            # Keep checking semantics on what a lenient crawler recovered.
            doc = next((i for i in crawler_items if isinstance(i, dict) and "@graph" in i), None)

    pairs: list[tuple[str, str]] = []
    if doc is not None:
        pairs = _check_graph(doc, page_url, site_url, tree, c, facts)
        clash = other_types & {"WebPage", "FAQPage", "Article", "BreadcrumbList", "HowTo", "Organization"}
        if clash:
            c.warning(
                "jsonld-multiple",
                f"Another ld+json block also declares {', '.join(sorted(clash))}; engines may pick "
                "that one instead of aeoloop's graph. Remove the duplicate markup (theme or plugin).",
            )

    _content_facts(tree, page_url, site_url, facts)

    if pairs:
        visible = _norm(_visible_text(tree))
        for question, answer in pairs:
            if not any(cand in visible for cand in _answer_candidates(answer)):
                c.error(
                    "faq-not-visible",
                    f"The JSON-LD answer to {_short(question)!r} is not visible on the page "
                    f"({_short(answer)!r}); Google ignores or penalises FAQ markup users cannot see. "
                    "Render the same answer in the #faq section, or remove it from mainEntity.",
                )
            elif not any(cand in visible for cand in _answer_candidates(question)):
                c.error(
                    "faq-not-visible",
                    f"The JSON-LD question {_short(question)!r} is not visible on the page; render it "
                    "as an .aeoloop-faq-question heading in the #faq section with the same wording.",
                )
    return _PageResult(c.items, facts)


def _analyze_task(task: tuple[str, bytes, str, str]) -> tuple[str, _PageResult]:
    """Process-pool entry point (top level so it pickles)."""
    rel, data, page_url, site_url = task
    return rel, _analyze_page(rel, data, page_url, site_url)


# --------------------------------------------------------------------------- scoring


def _score(rel: str, url: str, facts: _PageFacts, has_errors: bool, newest: date | None) -> PageScore:
    """Turn cached facts into the 0-100 score; freshness is relative to the newest page."""
    modified = date.fromisoformat(facts.date_modified) if facts.date_modified else None
    words = facts.summary_words
    checks = {
        "summary": (
            words is not None and SUMMARY_MIN_WORDS <= words <= SUMMARY_MAX_WORDS and facts.summary_first
        ),
        "question_headings": facts.question_headings >= MIN_QUESTION_HEADINGS or facts.faq_visible > 0,
        "faq": min(facts.faq_visible, facts.faq_jsonld) >= MIN_FAQ_ITEMS,
        "valid_schema": facts.jsonld and not has_errors,
        "freshness": (
            modified is not None and newest is not None and (newest - modified).days <= FRESHNESS_DAYS
        ),
        "author": facts.author,
        "entities": facts.entities,
        "internal_links": facts.internal_links >= MIN_INTERNAL_LINKS,
    }
    fixes: list[str] = []
    for name in sorted(SCORE_WEIGHTS, key=lambda k: (-SCORE_WEIGHTS[k], k)):
        if checks[name]:
            continue
        if name == "summary":
            if words is None:
                fixes.append(
                    f"Add an answer-first summary ({SUMMARY_MIN_WORDS}-{SUMMARY_MAX_WORDS} words) "
                    "in the `summary:` front matter so the #aeoloop-summary box is rendered."
                )
            elif not SUMMARY_MIN_WORDS <= words <= SUMMARY_MAX_WORDS:
                fixes.append(
                    f"Rewrite the summary to {SUMMARY_MIN_WORDS}-{SUMMARY_MAX_WORDS} words (it has "
                    f"{words}); answer engines quote a short, self-contained answer."
                )
            else:
                fixes.append("Move the summary box above the first H2 so the page answers first.")
        elif name == "question_headings":
            fixes.append(
                f"Add at least {MIN_QUESTION_HEADINGS} question headings (H2/H3 ending in '?') "
                f"phrased the way users ask (has {facts.question_headings}), or add a FAQ section."
            )
        elif name == "faq":
            fixes.append(
                f"Add a FAQ with at least {MIN_FAQ_ITEMS} question/answer pairs (visible: "
                f"{facts.faq_visible}, in JSON-LD: {facts.faq_jsonld}) via the `faq:` front matter."
            )
        elif name == "valid_schema":
            fixes.append("Fix the JSON-LD errors listed for this page so crawlers accept the schema.")
        elif name == "freshness":
            fixes.append(
                "Review and update the page, then set dateModified (front matter `updated:`); "
                + (
                    f"it was last modified {facts.date_modified}, over {FRESHNESS_DAYS} days "
                    "before the newest page."
                    if modified
                    else "it has no valid dateModified."
                )
            )
        elif name == "author":
            fixes.append(
                "Credit a named author: reference a Person node with name and url or sameAs "
                "(profile links) from Article.author."
            )
        elif name == "entities":
            fixes.append(
                "List the page's main entities in Article about/mentions (DefinedTerm or Thing "
                "with sameAs to Wikipedia/Wikidata) to disambiguate the topic."
            )
        elif name == "internal_links":
            fixes.append(
                f"Link to at least {MIN_INTERNAL_LINKS} other pages of the site from the content "
                f"(has {facts.internal_links}) so crawlers find related answers."
            )
    score = sum(SCORE_WEIGHTS[k] for k, ok in checks.items() if ok)
    return PageScore(page=rel, url=url, score=score, checks=checks, fixes=fixes)


# --------------------------------------------------------------------------- site-level checks (never cached)


def _resolve_link(url: str, site_url: str, files: set[str]) -> tuple[bool, str | None]:
    """(is_internal, site file it points to or None) for a link from llms.txt."""
    full = urljoin(site_url, url.strip())
    parts = urlsplit(full)
    base = urlsplit(site_url)
    absolute = bool(urlsplit(url).scheme)
    if parts.scheme not in ("http", "https"):
        return False, None
    if parts.netloc.lower() != base.netloc.lower():
        return False, None
    if not parts.path.startswith(base.path):
        return (not absolute), None  # a relative link escaping the site prefix is broken
    path = unquote(parts.path[len(base.path):])
    if path == "" or path.endswith("/"):
        path += "index.html"
    if path in files:
        return True, path
    if path + "/index.html" in files:
        return True, path + "/index.html"
    return True, None


def _check_llms(site_dir: Path, site_url: str, files: set[str], out: list[Finding]) -> None:
    """llms.txt must exist, be llmstxt.org-shaped, and every site link must hit a file."""
    page = "llms.txt"
    if page not in files:
        out.append(
            Finding(
                "error",
                page,
                "llms-missing",
                "site/llms.txt is missing; LLM crawlers look for it at the root. "
                "Enable llms.txt generation in the aeoloop build.",
            )
        )
        return
    try:
        text = (site_dir / page).read_text(encoding="utf-8").lstrip("\ufeff")
    except (OSError, UnicodeDecodeError) as exc:
        out.append(
            Finding(
                "error",
                page,
                "llms-format",
                f"site/llms.txt cannot be read as UTF-8 ({exc}); write it as UTF-8 text.",
            )
        )
        return
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first.startswith("# "):
        out.append(
            Finding(
                "error",
                page,
                "llms-format",
                "llms.txt must start with '# <site name>' (llmstxt.org), but "
                f"its first line is {_short(first, 60)!r}; put the H1 first.",
            )
        )
    if not any(ln.startswith("> ") or ln.strip() == ">" for ln in lines):
        out.append(
            Finding(
                "warning",
                page,
                "llms-format",
                "llms.txt has no '> summary' blockquote; add a one-paragraph "
                "site summary under the H1.",
            )
        )
    if not any(ln.startswith("## ") for ln in lines):
        out.append(
            Finding(
                "warning",
                page,
                "llms-format",
                "llms.txt has no '## Section' headings; group the page links under sections.",
            )
        )
    for lineno, line in enumerate(lines, 1):
        for m in _MD_LINK_RE.finditer(line):
            target = m.group(2)
            internal, found = _resolve_link(target, site_url, files)
            if internal and found is None:
                out.append(
                    Finding(
                        "error",
                        page,
                        "llms-link-broken",
                        f"llms.txt line {lineno} links [{_short(m.group(1), 50)}]({target}), which is no "
                        "file in site/; regenerate the Markdown mirror / page or fix the link.",
                    )
                )
    if "llms-full.txt" not in files:
        out.append(
            Finding(
                "warning",
                "llms-full.txt",
                "llms-full-missing",
                "site/llms-full.txt is missing; write the full-text companion so LLMs can "
                "ingest the whole site in one fetch.",
            )
        )


def _check_robots(site_dir: Path, files: set[str], out: list[Finding]) -> None:
    """A blanket ``Disallow: /`` for answer-engine crawlers hides everything else we verify."""
    page = "robots.txt"
    if page not in files:
        out.append(
            Finding(
                "warning",
                page,
                "robots-missing",
                "site/robots.txt is missing; write one that allows answer-engine crawlers "
                "and points to the sitemap.",
            )
        )
        return
    try:
        text = (site_dir / page).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        out.append(Finding("warning", page, "robots-missing", f"site/robots.txt cannot be read ({exc})."))
        return
    agents: list[str] = []
    rules: dict[str, list[tuple[str, str]]] = {}
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (s.strip() for s in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        elif key in ("allow", "disallow"):
            in_rules = True
            for agent in agents:
                rules.setdefault(agent, []).append((key, value))
    for agent in sorted(rules):
        if agent not in ANSWER_ENGINE_AGENTS:
            continue
        group = rules[agent]
        if ("disallow", "/") in group and not any(k == "allow" and v in ("/", "/*") for k, v in group):
            out.append(
                Finding(
                    "error",
                    page,
                    "robots-blocks",
                    f"robots.txt disallows '/' for user-agent {agent!r}, so that answer engine cannot "
                    "read any page; remove the rule or narrow it to private paths.",
                )
            )


def _check_sitemap(site_dir: Path, files: set[str], out: list[Finding]) -> None:
    page = "sitemap.xml"
    if page not in files:
        out.append(
            Finding(
                "warning",
                page,
                "sitemap-missing",
                "site/sitemap.xml is missing; set site_url in mkdocs.yml so MkDocs writes it.",
            )
        )
        return
    try:
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
        lxml.etree.parse(str(site_dir / page), parser)
    except (OSError, lxml.etree.XMLSyntaxError) as exc:
        out.append(
            Finding(
                "error",
                page,
                "sitemap-invalid",
                f"site/sitemap.xml is not well-formed XML ({exc}); crawlers will ignore it. "
                "Regenerate it.",
            )
        )


# --------------------------------------------------------------------------- cache


def _load_cache(path: Path | None, site_url: str) -> dict[str, Any]:
    """Cached entries by page, or {} when the file is missing, corrupt, or from another VERSION/site_url."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION or data.get("site_url") != site_url:
        return {}
    pages = data.get("pages")
    return pages if isinstance(pages, dict) else {}


def _save_cache(path: Path, site_url: str, entries: dict[str, Any]) -> None:
    """Write atomically (temp file + rename) so a killed build never leaves a torn cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps(
            {"version": VERSION, "site_url": site_url, "pages": entries},
            sort_keys=True,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    os.replace(tmp, path)


# --------------------------------------------------------------------------- driver


def _walk_site(site_dir: Path) -> tuple[list[str], set[str]]:
    """(HTML pages to verify, every file) as sorted POSIX paths relative to site_dir."""
    files: set[str] = set()
    for root, dirs, names in os.walk(site_dir):
        dirs.sort()
        rel_root = os.path.relpath(root, site_dir)
        prefix = "" if rel_root == "." else rel_root.replace(os.sep, "/") + "/"
        for name in names:
            files.add(prefix + name)
    pages = sorted(
        f for f in files if f.endswith(".html") and f.rsplit("/", 1)[-1] not in SKIP_FILE_NAMES
    )
    return pages, files


def _run_analyses(tasks: list[tuple[str, bytes, str, str]], jobs: int) -> Iterator[tuple[str, _PageResult]]:
    if jobs > 1 and len(tasks) >= POOL_MIN_PAGES:
        from concurrent.futures import ProcessPoolExecutor  # lazy: ~25 ms import, rarely needed

        try:
            _crawler_jsonld_preload()
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
                # Few big chunks: per-task IPC dominated with chunksize 1 (measured 1.3x vs 1.7x).
                chunk = max(1, -(-len(tasks) // (jobs * 4)))
                yield from pool.map(_analyze_task, tasks, chunksize=chunk)
            return
        except (OSError, PermissionError, NotImplementedError):
            pass  # no semaphores / fork in this sandbox: fall back to serial
    for task in tasks:
        yield _analyze_task(task)


def _crawler_jsonld_preload() -> None:
    """Import extruct before forking so workers inherit it instead of importing it each."""
    global _extruct_extract
    if _extruct_extract is None:
        from extruct import extract

        _extruct_extract = extract


def verify_site(
    site_dir: Path,
    *,
    site_url: str,
    jobs: int = 1,
    cache_path: Path | None = None,
    exclude: Sequence[str] = (),
) -> VerifyReport:
    """Verify a built site as an answer-engine crawler would read it.

    ``site_url`` is the public base URL (``https://example.com/docs/``); page URLs,
    ``@id`` references and llms.txt links are resolved against it.  ``jobs > 1``
    analyses uncached pages in that many processes (``jobs <= 0`` means one per
    CPU).  ``cache_path`` is a JSON file reused across builds: pages whose bytes
    are unchanged are not parsed again.  ``exclude`` lists extra pages not built
    by aeoloop, as glob patterns relative to ``site_dir`` (``"legacy/*.html"``);
    ``404.html`` is always skipped.
    """
    site_dir = Path(site_dir)
    if not site_url.endswith("/"):
        site_url += "/"
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    pages, files = _walk_site(site_dir)
    if exclude:
        pages = [p for p in pages if not any(fnmatchcase(p, pat) for pat in exclude)]

    cache = _load_cache(cache_path, site_url)
    new_cache: dict[str, Any] = {}
    results: dict[str, tuple[list[tuple[Level, str, str]], _PageFacts]] = {}
    tasks: list[tuple[str, bytes, str, str]] = []
    digests: dict[str, str] = {}
    cached = 0
    for rel in pages:
        data = (site_dir / rel).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        digests[rel] = digest
        entry = cache.get(rel)
        if isinstance(entry, dict) and entry.get("sha256") == digest:
            try:
                found: list[tuple[Level, str, str]] = [(lvl, chk, msg) for lvl, chk, msg in entry["findings"]]
                facts = _PageFacts.from_dict(entry["facts"])
            except (KeyError, TypeError, ValueError):
                pass
            else:
                results[rel] = (found, facts)
                new_cache[rel] = entry
                cached += 1
                continue
        tasks.append((rel, data, _page_url(rel, site_url), site_url))

    for rel, result in _run_analyses(tasks, jobs):
        results[rel] = (result.findings, result.facts)
        new_cache[rel] = {
            "sha256": digests[rel],
            "findings": [list(f) for f in result.findings],
            "facts": result.facts.to_dict(),
        }

    findings: list[Finding] = []
    for rel in pages:
        for level, check, message in results[rel][0]:
            findings.append(Finding(level, rel, check, message))
        if results[rel][1].jsonld and rel + ".md" not in files:
            findings.append(
                Finding(
                    "warning",
                    rel,
                    "mirror-missing",
                    f"No Markdown mirror {rel}.md; LLM agents fetch <url>index.html.md for clean "
                    "text. Enable mirror generation in the aeoloop build.",
                )
            )

    dates = [d for r in pages if (d := results[r][1].date_modified)]
    newest = date.fromisoformat(max(dates)) if dates else None
    page_errors = {f.page for f in findings if f.level == "error"}
    scores = [
        _score(rel, _page_url(rel, site_url), results[rel][1], rel in page_errors, newest) for rel in pages
    ]

    _check_llms(site_dir, site_url, files, findings)
    _check_robots(site_dir, files, findings)
    _check_sitemap(site_dir, files, findings)

    if cache_path is not None and (tasks or set(cache) != set(new_cache)):
        try:
            _save_cache(Path(cache_path), site_url, new_cache)
        except OSError:
            pass  # a read-only cache dir must not fail verification

    findings.sort(key=Finding.sort_key)
    return VerifyReport(findings=findings, scores=scores, pages_checked=len(pages), pages_cached=cached)
