"""Checks of the site's other files: llms.txt, Markdown mirrors, robots.txt and sitemap.xml.

Why: these decide whether answer engines find and may read the pages at all. They are cheap
and never cached, because a page's bytes do not change when its mirror or llms.txt is deleted.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.parsers import expat

from protego import Protego

from ..crawlers import Purpose, crawlers_by_purpose
from .facts import _PageFacts
from .report import Finding, _short


#: Crawlers whose blanket ``Disallow: /`` in robots.txt hides the site from answer engines: the
#: classic search indexers, and the AI crawlers that index for answer engines or fetch a page for a
#: person (purposes ``search`` and ``user`` of :mod:`aeoloop.crawlers`, the table robots.txt is
#: written from). Training crawlers (GPTBot, ClaudeBot, CCBot, Google-Extended, ...) are
#: deliberately absent: opting out of training while staying citable is the usual AEO policy.
_SEARCH_ENGINES = frozenset({"googlebot", "bingbot", "applebot"})


def answer_engine_agents() -> frozenset[str]:
    """``*``, the search engines and every search or user crawler of the table, lower case."""
    table = crawlers_by_purpose()
    return frozenset(
        {"*", *_SEARCH_ENGINES, *(c.token.lower() for p in (Purpose.SEARCH, Purpose.USER) for c in table.get(p, ()))}
    )


#: A path no site rule names: a crawler barred from it is barred by a blanket rule (``Disallow: /``).
_PROBE_URL = "https://site.invalid/.aeoloop-probe/page.html"
_USER_AGENT_RE = re.compile(r"^[ \t]*user-agent[ \t]*:[ \t]*([^#\r\n]*)", re.IGNORECASE | re.MULTILINE)
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


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
    path = unquote(parts.path[len(base.path) :])
    if path == "" or path.endswith("/"):
        path += "index.html"
    if path in files:
        return True, path
    if path + "/index.html" in files:
        return True, path + "/index.html"
    return True, None


def _check_canonical(rel: str, facts: _PageFacts, site_url: str, files: set[str], out: list[Finding]) -> None:
    """A duplicate view (a page whose ``rel=canonical`` names another page of the site, such as a
    ``/for/<audience>/`` landing page) must name a page that exists: a broken canonical makes
    crawlers ignore the hint, or index the duplicate instead."""
    if facts.canonical_of is None:
        return
    internal, found = _resolve_link(facts.canonical_of, site_url, files)
    if internal and found is None:
        out.append(
            Finding(
                "error",
                rel,
                "canonical-broken",
                f'<link rel="canonical" href="{facts.canonical_of}"> names no page of the site; point it at the '
                "page this one duplicates (rebuild), or remove the duplicate.",
            )
        )


def _check_mirror(rel: str, facts: _PageFacts, files: set[str], out: list[Finding]) -> None:
    """Every aeoloop page (one with our JSON-LD) needs its Markdown mirror ``<page>.md`` next to it.

    A page that names its mirror with ``<link rel="alternate" type="text/markdown">`` is checked
    by that link instead (either mirror URL form is valid), in :mod:`.standards`."""
    if facts.jsonld and facts.md_alternate is None and rel + ".md" not in files:
        out.append(
            Finding(
                "warning",
                rel,
                "mirror-missing",
                f"No Markdown mirror {rel}.md; LLM agents fetch <url>index.html.md for clean "
                "text. Enable mirror generation in the aeoloop build.",
            )
        )


def _check_llms(site_dir: Path, site_url: str, files: set[str], out: list[Finding], page: str = "llms.txt") -> None:
    """llms.txt must exist, be llmstxt.org-shaped, and every site link must hit a file.

    ``page`` is the root llms.txt or one in a folder (llms.txt v2 scoping)."""
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
                "llms.txt has no '> summary' blockquote; add a one-paragraph site summary under the H1.",
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
    if page == "llms.txt" and "llms-full.txt" not in files:
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
                "site/robots.txt is missing; write one that allows answer-engine crawlers and points to the sitemap.",
            )
        )
        return
    try:
        text = (site_dir / page).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        out.append(Finding("warning", page, "robots-missing", f"site/robots.txt cannot be read ({exc})."))
        return
    parsed = Protego.parse(text)
    named = {m.group(1).strip().lower() for m in _USER_AGENT_RE.finditer(text)} - {""}
    watched = answer_engine_agents()
    for agent in sorted(named & watched):
        if not parsed.can_fetch(_PROBE_URL, agent):
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
    try:  # expat, not lxml: a build's own process need not load lxml (~4 MB) for this one check
        with (site_dir / page).open("rb") as f:
            expat.ParserCreate().ParseFile(f)
    except (OSError, expat.ExpatError) as exc:
        out.append(
            Finding(
                "error",
                page,
                "sitemap-invalid",
                f"site/sitemap.xml is not well-formed XML ({exc}); crawlers will ignore it. Regenerate it.",
            )
        )
