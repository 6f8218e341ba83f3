"""Schema checks of the aeoloop graph: the properties Google and answer engines require per type.

Why: a graph that parses can still be useless (an Article without dates, a FAQPage without
answers, a dangling ``@id``); each check names what is missing and how to fix it, and records
the score facts (author, entities, FAQ size, freshness) it sees on the way.
"""

# Over 400 lines on purpose: one check per schema.org type over the same graph index, a table more than logic.
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import lxml.etree

from .facts import _Collector, _PageFacts
from .graph import _Graph, _as_list, _is_ref, _nonempty_str, _parse_iso_date, _types
from .html import _El, _has_class
from .urls import _join, _same_site


_ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "TechArticle", "ScholarlyArticle"})
_ORG_TYPES = frozenset({"Organization", "Corporation", "LocalBusiness", "EducationalOrganization"})
_WEBPAGE_TYPES = frozenset({"WebPage", "FAQPage", "AboutPage", "CollectionPage", "ItemPage", "QAPage"})
_SCHEMA_CONTEXTS = frozenset({"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"})


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
            f'{path} has no author; add author as a list of {{"@id": "...#person-<id>"}} '
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
            f"{path} lacks recommended {', '.join(rec)}; add them so search results and "
            "answer engines can show a description, image and publisher.",
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
            '"FAQPage" from @type or list the page\'s Q&As as Question nodes.',
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
                "parsers drop the pair (answer engines read FAQPage as Q&A; Google shows no FAQ "
                "rich results since May 2026).",
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
            f"{path} has no itemListElement; emit one ListItem per level (Home first) or drop the BreadcrumbList.",
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
    empty = [str(i) for i, s in enumerate(steps) if not (isinstance(s, dict) and _nonempty_str(s.get("text")))]
    if empty:
        problems.append(f"text on step(s) {', '.join(empty)}")
    if problems:
        c.error(
            "howto-required",
            f"{path} lacks {'; '.join(problems)}; a HowTo needs a name and two or more "
            "HowToSteps with text, otherwise drop the HowTo node for this page.",
        )


def _check_product(path: str, node: dict[str, Any], g: _Graph, c: _Collector) -> None:
    """Google's product rules, which apply wherever a Product appears (also nested in mentions).

    A Product needs a name, an image, and offers (merchant listings) or at least one of offers,
    review, aggregateRating (product snippets); every Offer of it needs a numeric price.
    Independent validators (Adobe's structured-data-validator) apply the same rules.
    """
    missing = [p for p in ("name",) if not _nonempty_str(node.get("name"))]
    if not node.get("image"):
        missing.append("image")
    if not node.get("offers"):
        missing.append("offers")
    if missing:
        c.error(
            "product-required",
            f"{path} is typed Product but lacks {', '.join(missing)}; Google rejects such items even "
            "when nested in about/mentions. Give the glossary term `offers` (price, price_currency) "
            "and an `image`, or type it as something it is (Thing, DefinedTerm, Brand).",
        )
    for i, offer in enumerate(_as_list(node.get("offers"))):
        offer = g.resolve(offer)
        if not isinstance(offer, dict):
            continue
        spec = g.resolve(offer.get("priceSpecification"))
        price = offer.get("price", spec.get("price") if isinstance(spec, dict) else None)
        if not _is_number(price):
            c.error(
                "product-offer",
                f"{path}.offers[{i}] has no numeric price (got {price!r}); write the price as a "
                "number, e.g. 49.0, with price_currency in the glossary offer.",
            )


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return value is not None


_IMAGE_LICENSE_PROPS = ("creator", "creditText", "copyrightNotice", "license")


def _check_image(path: str, node: dict[str, Any], root: bool, c: _Collector) -> None:
    """An ImageObject needs its URL; a top-level one also one of Google's image licence properties."""
    if not (_nonempty_str(node.get("url")) or _nonempty_str(node.get("contentUrl"))):
        c.error("image-required", f"{path} has neither url nor contentUrl; point it at the image file.")
    if root and not any(node.get(p) for p in _IMAGE_LICENSE_PROPS):
        c.error(
            "image-license",
            f"{path} has none of {', '.join(_IMAGE_LICENSE_PROPS)}; Google's image metadata needs "
            "at least one. Set `images:` in brand/brand.yml (or `image_license:` in the page's "
            "front matter).",
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


WRITER_ID = "#source-jsonld-"  # @id fragment of the nodes a writer put in the page (aeoloop.foreign)


class _AsWarnings:
    """A collector for the writer's own nodes: what they break is reported, never fails the build
    (the writer was told at load, with the .md file and line; verify's errors are about aeoloop)."""

    def __init__(self, collector: _Collector) -> None:
        self.collector = collector

    def error(self, check: str, message: str) -> None:
        self.collector.warning(check, f"(from the page's own ld+json) {message}")

    def warning(self, check: str, message: str) -> None:
        self.collector.warning(check, message)


def _writer_objects(doc: dict[str, Any]) -> set[int]:
    """ids of every object inside the root nodes that came from the page's own ld+json."""
    out: set[int] = set()
    stack = [n for n in _as_list(doc.get("@graph")) if isinstance(n, dict) and WRITER_ID in str(n.get("@id", ""))]
    while stack:
        obj = stack.pop()
        if isinstance(obj, dict):
            out.add(id(obj))
            stack.extend(obj.values())
        elif isinstance(obj, list):
            stack.extend(obj)
    return out


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
            'The aeoloop JSON-LD is not an object; emit {"@context": "https://schema.org", "@graph": [...]}.',
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
            'properties to schema.org. Set "@context": "https://schema.org".',
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
    writer = _writer_objects(doc)
    ours = c
    for path, node in g.all_nodes:
        types = _types(node)
        c = _AsWarnings(ours) if id(node) in writer else ours  # type: ignore[assignment]
        if types & _ARTICLE_TYPES:
            _check_article(path, node, g, c, facts)
        if "FAQPage" in types:
            found = _check_faqpage(path, node, g, c, facts)
            if id(node) not in writer:  # the writer's own FAQ was checked against the page at load
                pairs.extend(found)
        if "BreadcrumbList" in types:
            _check_breadcrumb(path, node, g, c)
        if "HowTo" in types:
            _check_howto(path, node, g, c)
        if "Product" in types:
            _check_product(path, node, g, c)
        if "ImageObject" in types:
            _check_image(path, node, path in g.root_paths, c)
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
                    f"{path} has no logo; add the brand logo ImageObject so answer cards can show it.",
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
    c = ours
    if not has_webpage:
        c.warning(
            "webpage-url",
            f"No WebPage node has @id {webpage_id!r}; the graph may describe another URL "
            "(check site_url and use_directory_urls) so engines can attribute it to this page.",
        )
    return pairs
