"""Every check on one page, from its bytes alone: JSON-LD presence, parsing, schema, FAQ visibility.

Why: the per-page analysis depends only on the page's bytes, its URL and ``site_url``, which is
what makes it cacheable and safe to run in a process pool; it is the one place that orders the
checks (the visible-text pass mutates the tree, so it runs last).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.etree

from ..quality import Limits
from ..text import count_words, split_key
from .contract import _contract_facts
from .facts import _Collector, _PageFacts, _PageResult
from .graph import _as_list, _types
from .html import (
    _X_BY_ID,
    _X_FAQ_A,
    _X_FAQ_Q,
    _X_JSONLD,
    _X_STRING,
    _X_SUMMARY_TEXT,
    _El,
    _answer_candidates,
    _body,
    _content_root,
    _faq_items,
    _norm,
    _parse_html,
    _short,
    _text,
    _visible_text,
)
from .jsonld import _check_graph
from .jsonld_parse import _crawler_items_of, _crawler_jsonld, _strict_json
from .readback import reading_view as _reading_view
from .urls import _join, _same_site


#: ``id`` of the one JSON-LD script the build writes into each page's ``<head>``.
JSONLD_SCRIPT_ID = "aeoloop-jsonld"
_NON_PAGE_SUFFIXES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".webp",
        ".pdf",
        ".zip",
        ".css",
        ".js",
        ".json",
        ".xml",
        ".txt",
        ".md",
        ".ico",
        ".woff",
        ".woff2",
        ".mp4",
        ".csv",
        ".gz",
    }
)


def _content_facts(tree: _El, page_url: str, site_url: str, facts: _PageFacts) -> None:
    """Score inputs read from the visible page: summary, headings, FAQ, internal links."""
    content = _content_root(tree)

    summaries = _X_BY_ID(tree, id="aeoloop-summary")
    if summaries:
        texts = _X_SUMMARY_TEXT(summaries[0])
        if texts:
            facts.summary_words = count_words(_X_STRING(texts[0]))
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

    facts.question_headings = sum(1 for h in content.iter("h2", "h3") if _text(h, "headerlink").strip().endswith("?"))
    facts.faq_visible = sum(
        1
        for item in _faq_items(tree)
        if any(_X_STRING(q).strip() for q in _X_FAQ_Q(item)) and any(_X_STRING(a).strip() for a in _X_FAQ_A(item))
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


def _head_links(tree: _El, page_url: str, facts: _PageFacts) -> str | None:
    """The llms.txt v2 relations in <head>: the Markdown alternate and the describedby llms.txt.
    Returns the absolute URL of ``<link rel="canonical">``, if any."""
    canonical = None
    for link in tree.iterfind(".//head/link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if not href:
            continue
        if "canonical" in rels:
            canonical = canonical or _join(page_url, href)
        if "alternate" in rels and (link.get("type") or "").lower().split(";")[0].strip() == "text/markdown":
            facts.md_alternate = facts.md_alternate or _join(page_url, href)
        if "describedby" in rels:
            facts.describedby = facts.describedby or _join(page_url, href)
    return canonical


def _analyze_page(rel: str, data: bytes, page_url: str, site_url: str, limits: Limits = Limits()) -> _PageResult:
    """Every per-page check: depends only on the page bytes, its URL, site_url and the word limits
    (hence cacheable)."""
    c = _Collector()
    facts = _PageFacts()
    try:
        tree = _parse_html(_reading_view(data))
    except (lxml.etree.LxmlError, ValueError) as exc:
        c.error(
            "html-unparseable",
            f"The page cannot be parsed as HTML ({exc}); rebuild it, the file is empty or corrupt.",
        )
        return _PageResult(c.items, facts)

    canonical = _head_links(tree, page_url, facts)
    scripts = _X_JSONLD(tree)
    ours = [s for s in scripts if s.get("id") == JSONLD_SCRIPT_ID]
    facts.jsonld = bool(ours)
    if not ours and canonical is not None and canonical != page_url and _same_site(canonical, site_url):
        # a duplicate view of another page of the site (a /for/<audience>/ landing page): its
        # structured data, summary and FAQ are that page's; what is checked here is that it adds no
        # markup of its own that breaks, and (in the driver) that the page it names exists
        facts.canonical_of = canonical
    elif not ours:
        extra = f" (it has {len(scripts)} other ld+json block(s), not aeoloop's)" if scripts else ""
        c.error(
            "jsonld-missing",
            f'No <script type="application/ld+json" id="{JSONLD_SCRIPT_ID}"> on the page{extra}; '
            "answer engines get no structured data. Make sure the page is built with the aeoloop "
            "plugin and the theme override that renders the JSON-LD block is active.",
        )
    elif len(ours) > 1:
        c.error(
            "jsonld-multiple",
            f"{len(ours)} aeoloop JSON-LD blocks on the page; crawlers merge or pick one at random. "
            "Render the block once (check for a duplicated template include or override).",
        )
    if ours and canonical is not None and canonical != page_url:
        # a page of ours names another URL as the one to index: a site_url or use_directory_urls other
        # than the site is served with, or a hand-made link (a duplicate view carries no JSON-LD of ours)
        c.warning(
            "canonical-other",
            f'<link rel="canonical" href="{_short(canonical, 160)}"> names another URL than the one the page is '
            f"served at ({_short(page_url, 160)}); engines index that URL instead. Build with the site_url and "
            "use_directory_urls the site is served with, or remove the link.",
        )
    if ours and ours[0].getparent() is not None and ours[0].getparent().tag != "head":
        c.warning(
            "jsonld-placement",
            "The aeoloop JSON-LD is not in <head>; some crawlers only read head metadata. "
            "Render it from the head block of the theme override.",
        )

    doc: Any = None
    strict_ok = True
    parsed: list[Any] = []  # each script's value, while every one parses strictly
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
        parsed.append(data_obj)
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
        # extruct reads what a strict parser reads the same way: asked only when a script is not valid JSON
        crawler_items = _crawler_items_of(parsed) if strict_ok else _crawler_jsonld(tree, page_url)
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

    if facts.canonical_of is not None:
        return _PageResult(c.items, facts)
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
    _contract_facts(tree, doc, pairs, limits, facts, c)

    if pairs:
        shown = _visible_text(tree)
        visible = _norm(shown)
        loose: str | None = None
        for question, answer in pairs:
            seen = any(cand in visible for cand in _answer_candidates(answer))
            if not seen:
                # the writer's sentence split at a clause boundary (the brand's sentence limit) is
                # the same words in the same order: visible, as a crawler compares meaning
                loose = split_key(shown) if loose is None else loose
                said = split_key(answer)
                seen = bool(said) and said in loose
            if not seen:
                c.error(
                    "faq-not-visible",
                    f"The JSON-LD answer to {_short(question)!r} is not visible on the page "
                    f"({_short(answer)!r}); markup that does not match visible text is against Google's structured data policies and misleads answer engines. "
                    "Render the same answer in the #faq section, or remove it from mainEntity.",
                )
            elif not any(cand in visible for cand in _answer_candidates(question)):
                c.error(
                    "faq-not-visible",
                    f"The JSON-LD question {_short(question)!r} is not visible on the page; render it "
                    "as an .aeoloop-faq-question heading in the #faq section with the same wording.",
                )
    return _PageResult(c.items, facts)


def _analyze_task(task: tuple[str, Path, str, str, Limits]) -> tuple[str, _PageResult]:
    """Process-pool entry point (top level so it pickles). The page is read here, not sent: the
    driver holds only the pages' digests, so a large site's HTML is never all in memory at once."""
    rel, path, page_url, site_url, limits = task
    return rel, _analyze_page(rel, path.read_bytes(), page_url, site_url, limits)
