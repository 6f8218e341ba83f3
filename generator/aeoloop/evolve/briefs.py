"""Content-gap briefs: the prompts where we are not cited or weak (:mod:`.gaps`) grouped by topic
(:mod:`.topics`), one Markdown brief per group for a writer: the questions and why each needs
work, the likely audience, an outline, the sources that won, our pages cited for them and our
closest pages.

Briefs are drafts outside ``content/``, written by :mod:`.briefs_files` (never over a person's
edits). Everything is deterministic: the same reports give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .gaps import NOT_CITED, Gaps, GapPrompt, Source
from .topics import THRESHOLD, cluster, lemma, medoid, terms, vectorize
from .pages import from_files, page_entries

CLOSEST = 3
MIN_CLOSE = 0.15
"""Cosine similarity under which a page is not named as close to a brief's topic."""
TOP_URLS = 10

_HEADING = re.compile(r"^#{1,3}\s+(.+?)\s*#*\s*$", re.M)
_QUESTION_START = frozenset(
    "what how why when where which who whom whose is are can could do does did should will would".split()
)
_COMPARE = re.compile(r"\b(vs\.?|versus|compare[ds]?|comparison|difference|alternatives?)\b", re.I)


@dataclass(frozen=True)
class PageDoc:
    """One of our pages as a brief sees it: what it is about, in words."""

    src_uri: str
    title: str
    url: str
    text: str


@dataclass(frozen=True)
class AudienceMatch:
    id: str
    name: str
    words: tuple[str, ...]


@dataclass
class Brief:
    slug: str
    title: str
    prompts: list[GapPrompt]
    terms: list[str]
    audience: AudienceMatch | None
    closest: list[tuple[PageDoc, float]]
    as_of: dt.date
    start: dt.date
    domains: list[tuple[str, float, int]] = field(default_factory=list)
    """(host, citations, prompts it was cited for), most cited first."""
    urls: list[Source] = field(default_factory=list)

    cited: list[tuple[str, float]] = field(default_factory=list)
    """Our pages (``src_uri`` or URL) cited for these prompts, with their citations, most first."""
    docs: dict[str, PageDoc] = field(default_factory=dict)
    """The pages of ``cited`` that are pages of the site."""

    @property
    def citations(self) -> float:
        return sum(p.count for p in self.prompts)

    @property
    def not_cited(self) -> int:
        return sum(p.status == NOT_CITED for p in self.prompts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "prompts": [
                {
                    "prompt": p.prompt,
                    "citations": p.count,
                    "engines": list(p.engines),
                    "status": p.status,
                    "why": p.why,
                    "own_citations": p.own,
                    "missing_on": list(p.missing_on),
                    "share": None if p.share is None else [round(p.share[0], 4), round(p.share[1], 4)],
                }
                for p in self.prompts
            ],
            "cited": [{"page": page, "citations": c} for page, c in self.cited],
            "terms": self.terms,
            "audience": None if self.audience is None else {"id": self.audience.id, "words": list(self.audience.words)},
            "domains": [{"host": h, "citations": c, "prompts": n} for h, c, n in self.domains],
            "urls": [{"url": s.url, "citations": s.count} for s in self.urls],
            "closest": [{"page": p.src_uri, "url": p.url, "similarity": round(s, 3)} for p, s in self.closest],
        }


# --- pages and audiences -------------------------------------------------------------------


def page_docs(project: Any, index: Any) -> list[PageDoc]:
    """Title, keywords and headings of every page (cheap: the files' text, no Markdown parse)."""
    entries = page_entries(project)
    paths = dict(entries)
    out = []
    for info in from_files(project, entries):
        try:
            text = Path(paths[info.src_uri]).read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        heads = " ".join(_HEADING.findall(text))
        out.append(
            PageDoc(
                info.src_uri,
                info.title,
                index.url_of.get(info.src_uri, info.src_uri),
                f"{info.title} {' '.join(info.keywords)} {heads}",
            )
        )
    return out


def _audience(cluster_terms: Counter[str], audiences: Sequence[Any]) -> AudienceMatch | None:
    """The audience whose ``keywords`` (twice the weight) and pains, goals, role and description
    share the most of the cluster's words; None when none shares any."""
    found: list[tuple[float, str, AudienceMatch]] = []
    for a in audiences:
        strong = {t for k in a.keywords for t in terms(k)}
        weak = {t for s in [a.name, a.role or "", a.description or "", *a.pains, *a.goals] for t in terms(s)}
        words = [w for w in sorted(cluster_terms) if w in strong or w in weak]
        score = sum(cluster_terms[w] * (2.0 if w in strong else 1.0) for w in words)
        if score > 0:
            found.append((-score, a.id, AudienceMatch(a.id, str(a.name), tuple(words))))
    return min(found)[2] if found else None


# --- grouping ------------------------------------------------------------------------------


def slugify(text: str, limit: int = 60) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > limit:
            break
        out = f"{out}-{w}" if out else w
    return out or "brief"


def build(gaps: Gaps, pages: Sequence[PageDoc], audiences: Sequence[Any], threshold: float = THRESHOLD) -> list[Brief]:
    """One brief per topic cluster of the gap prompts, heaviest first (by competitor citations)."""
    texts = [p.prompt for p in gaps.prompts]
    if not texts:
        return []
    vectors, page_rows = vectorize(texts, [p.text for p in pages])
    weights = [p.count for p in gaps.prompts]
    briefs: list[Brief] = []
    used: set[str] = set()
    by_src = {page.src_uri: page for page in pages}
    for group in cluster(vectors, threshold, weights):
        prompts = sorted((gaps.prompts[i] for i in group), key=lambda p: (-p.count, p.prompt))
        head = gaps.prompts[medoid(vectors, group, weights)]
        weights_of = vectors.weights(group)
        top_terms = [w for w, _ in sorted(weights_of.items(), key=lambda kv: (-kv[1], kv[0]))[:8]]
        slug = slugify(head.prompt)
        n = 2
        base = slug
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        closest: list[tuple[PageDoc, float]] = []
        if len(pages):
            centre = vectors.matrix[group].mean(axis=0)
            sims = page_rows @ centre / max(float((centre @ centre) ** 0.5), 1e-12)
            ranked = sorted(range(len(pages)), key=lambda k: (-round(float(sims[k]), 9), pages[k].src_uri))
            closest = [(pages[k], float(sims[k])) for k in ranked[:CLOSEST] if sims[k] >= MIN_CLOSE]
        domains: dict[str, float] = defaultdict(float)
        domain_prompts: dict[str, set[str]] = defaultdict(set)
        urls: dict[tuple[str, str], float] = defaultdict(float)
        titles: dict[tuple[str, str], str | None] = {}
        for p in prompts:
            for s in p.sources:
                domains[s.host] += s.count
                domain_prompts[s.host].add(p.prompt)
                urls[(s.host, s.path)] += s.count
                titles.setdefault((s.host, s.path), s.title)
        cited: dict[str, float] = defaultdict(float)
        for p in prompts:
            for page, c in p.pages:
                cited[page] += c
        briefs.append(
            Brief(
                slug=slug,
                title=_sentence(head.prompt),
                prompts=prompts,
                terms=top_terms,
                audience=_audience(weights_of, audiences),
                closest=closest,
                as_of=gaps.as_of,
                start=gaps.start,
                domains=[
                    (h, c, len(domain_prompts[h])) for h, c in sorted(domains.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
                urls=[
                    Source(h, p, c, titles[(h, p)])
                    for (h, p), c in sorted(urls.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_URLS]
                ],
                cited=sorted(cited.items(), key=lambda kv: (-kv[1], kv[0])),
                docs={page: by_src[page] for page in cited if page in by_src},
            )
        )
    return briefs


# --- Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """Untrusted text (a prompt, a page title from a report) as literal Markdown on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _sentence(prompt: str) -> str:
    text = " ".join(prompt.split()).rstrip(" ?.")
    return text[:1].upper() + text[1:] if text else text


def heading(prompt: str) -> str:
    """A prompt as an H2: capitalized; a question mark when it starts like a question ("how
    to …" is a task, not a question)."""
    text = _sentence(prompt)
    words = text.lower().split()
    if words and words[0] in _QUESTION_START and not (words[0] == "how" and words[1:2] == ["to"]):
        return text + "?"
    return text


def _intent(prompt: str) -> int:
    words = prompt.lower().split()
    first = words[0] if words else ""
    if first in ("what", "why", "who") or words[:2] in (["is", "a"], ["are", "there"]):
        return 0  # definition first: answer engines quote the opening
    if _COMPARE.search(prompt):
        return 2
    if first in ("how", "when", "where", "which", "can", "should", "do", "does"):
        return 1
    return 3


def render(brief: Brief) -> str:
    """The brief as Markdown with YAML front matter (deterministic for the same brief)."""
    docs = brief.docs
    front = {
        "title": f"Brief: {brief.title}",
        "status": "draft",
        "as_of": brief.as_of.isoformat(),
        "window": f"{brief.start.isoformat()}..{brief.as_of.isoformat()}",
        "prompts": len(brief.prompts),
        "not_cited": brief.not_cited,
        "weak": len(brief.prompts) - brief.not_cited,
        "competitor_citations": round(brief.citations, 2),
        "audience": brief.audience.id if brief.audience else None,
    }
    lines = ["---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000).strip(), "---", ""]
    n = len(brief.prompts)
    if brief.not_cited == n:
        where = "and not us once"
    elif brief.not_cited == 0:
        where = "while we are cited on too few engines or lose our share (see each question)"
    else:
        where = (
            f"and not us for {brief.not_cited} of them; for the rest we are cited on too few engines or lose our share"
        )
    lines += [
        f"# Brief: {md(brief.title)}",
        "",
        f"Answer engines cited other sites {brief.citations:,.0f} times for "
        + (f"these {n} prompts" if n > 1 else "this prompt")
        + f" between {brief.start} and {brief.as_of}, {where}. A page that answers them well "
        "(answer first, statistics with their source, quotations, a heading per question) can take that place.",
        "",
        "## Questions people ask",
        "",
    ]
    for p in brief.prompts:
        lines.append(f"- {md(p.prompt)} — {p.count:,.0f} citations of others ({', '.join(p.engines)}); {md(p.why)}")
    lines += ["", "## Audience", ""]
    if brief.audience:
        lines.append(
            f"Likely **{md(brief.audience.name)}** (`{brief.audience.id}` in brand/audiences.yml): the prompts "
            f"share {', '.join(md(w) for w in brief.audience.words)} with that audience."
        )
    else:
        lines.append("No audience of brand/audiences.yml shares these prompts' words: decide who it is for.")
    lines += ["", "## Outline", "", f"- Title (H1): {md(brief.title)}"]
    lines.append("- Opening: a 40–60 word answer to the title question, in the first paragraph.")
    by_intent: dict[int, list[GapPrompt]] = defaultdict(list)
    for p in brief.prompts:
        by_intent[_intent(p.prompt)].append(p)
    for intent in sorted(by_intent):
        first, *rest = by_intent[intent]
        lines.append(f"- `## {md(heading(first.prompt))}`")
        for p in rest:
            lines.append(f"    - also answers: {md(p.prompt)}")
    lines.append(f"- Terms to use: {', '.join(md(t) for t in brief.terms)}.")
    lines += ["", "## Sources that won", "", "| domain | citations | prompts |", "|---|---:|---:|"]
    for host, count, n in brief.domains:
        lines.append(f"| {md(host)} | {count:,.0f} | {n} |")
    lines += ["", "Most cited URLs:", ""]
    for s in brief.urls:
        label = f" ({md(s.title)})" if s.title else ""
        lines.append(f"- <{_url(s.url)}>{label} — {s.count:,.0f}")
    if brief.cited:
        lines += ["", "## Our pages cited for these prompts", ""]
        for cited, count in brief.cited:
            doc = docs.get(cited)
            if doc is None:
                lines.append(f"- <{_url(cited)}> — {count:,.0f} citations")
            else:
                lines.append(f"- [{md(doc.title)}]({_url(doc.url)}) (`{cited}`) — {count:,.0f} citations")
        lines += ["", "Answer engines already know these pages: strengthen them for the questions above first."]
    lines += ["", "## Our closest pages", ""]
    if brief.closest:
        for page, sim in brief.closest:
            lines.append(f"- [{md(page.title)}]({_url(page.url)}) (`{page.src_uri}`), similarity {sim:.2f}")
        lines.append("")
        lines.append("Extend the closest page with these questions, or write a new page and link the two.")
    else:
        lines.append("None is close: this is a new page.")
    return "\n".join(lines) + "\n"


def _url(url: str) -> str:
    """A URL safe inside ``<…>`` and ``(…)`` of Markdown: spaces and brackets percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in " <>()[]\\`\"'" or ord(c) < 32 else c for c in url)


__all__ = ["Brief", "PageDoc", "build", "heading", "lemma", "page_docs", "render"]
