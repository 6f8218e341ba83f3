"""A writer's own ``application/ld+json`` blocks: validated at load, merged into the page graph.

Why at load: a block that is not strict JSON hides *every* JSON-LD block of the page from
crawlers (extruct gives up on the page), and the only place that can point at the ``.md`` file
and line is the loader. Valid blocks become nodes of the page's ``@graph``; the rich-result rules
they break are warnings naming the source file, because the writer owns that text (the
zero-error target of verify is about what aeoloop itself emits).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Union

from ..errors import Diagnostic
from .mdx import ScriptBlock

JsonValue = Union[dict, list, str, int, float, bool, None]
SCHEMA_CONTEXTS = frozenset({"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"})
ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "TechArticle"})
PRODUCT_NEEDS = ("offers", "review", "aggregateRating")
IMAGE_NEEDS = ("creator", "creditText", "copyrightNotice", "license")


@dataclass(frozen=True)
class SourceNode:
    """One node of a writer's JSON-LD, with the file line of its block (for messages)."""

    line: int
    data: dict


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def parse_scripts(scripts: list[ScriptBlock], display: str) -> tuple[list[SourceNode], list[Diagnostic]]:
    """(nodes, problems) of a page's ld+json blocks (script lines are file lines).

    Invalid JSON is an error at the exact file line of the fault; a block that is valid JSON but
    not an object (or a list of objects) is an error too: it could never be JSON-LD.
    """
    nodes: list[SourceNode] = []
    problems: list[Diagnostic] = []
    for block in scripts:
        first = block.line
        if not block.text:
            problems.append(
                Diagnostic(
                    display, first, "the `application/ld+json` script is empty; remove it or put a JSON object in it"
                )
            )
            continue
        try:
            data = json.loads(block.text, parse_constant=_reject_constant)
        except json.JSONDecodeError as err:
            line = first + err.lineno - 1
            column = err.colno + (block.column - 1 if err.lineno == 1 else 0)
            problems.append(
                Diagnostic(
                    display,
                    line,
                    f"the `application/ld+json` block is not valid JSON: {err.msg} (column {column}); crawlers then "
                    "ignore every JSON-LD block of the page. Use double quotes, no trailing commas and no comments",
                )
            )
            continue
        except (ValueError, RecursionError) as err:
            problems.append(Diagnostic(display, first, f"the `application/ld+json` block is not valid JSON: {err}"))
            continue
        found = _nodes(data)
        if found is None:
            problems.append(
                Diagnostic(
                    display, first, "the `application/ld+json` block must hold a JSON object (or a list of objects)"
                )
            )
            continue
        context = data.get("@context") if isinstance(data, dict) else None
        if context is not None and not (
            isinstance(context, str) and context.rstrip("/") in {c.rstrip("/") for c in SCHEMA_CONTEXTS}
        ):
            problems.append(
                Diagnostic(
                    display,
                    first,
                    f"the `application/ld+json` block has @context {context!r}; "
                    "it is merged into the page's schema.org graph, where only schema.org terms are read",
                    "warning",
                )
            )
        for node in found:
            data = {
                k: v for k, v in node.items() if not (k == "@context" and isinstance(v, str) and v in SCHEMA_CONTEXTS)
            }
            nodes.append(SourceNode(first, data))
    return nodes, problems


def _nodes(data: JsonValue) -> list[dict] | None:
    if isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list) and all(isinstance(x, dict) for x in graph):
            return list(graph)
        return [data]
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        out: list[dict] = []
        for item in data:
            out.extend(_nodes(item) or [])
        return out
    return None


def _types(node: dict) -> set[str]:
    value = node.get("@type")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def rich_result_warnings(
    nodes: list[SourceNode], display: str, visible: str, *, generated_faq: bool
) -> list[Diagnostic]:
    """Rich-result rules a writer's nodes break, as warnings at the block's line.

    ``visible`` is the page's visible text (headings and paragraphs), for the rule that FAQ markup
    must match what the reader sees; ``generated_faq`` says whether aeoloop adds its own FAQPage.
    """
    out: list[Diagnostic] = []
    seen_text = _norm(visible)

    def warn(source: SourceNode, message: str) -> None:
        out.append(Diagnostic(display, source.line, f"your JSON-LD: {message}", "warning"))

    faq_pages = 0
    for source in nodes:
        node = source.data
        types = _types(node)
        if not types:
            warn(source, 'a node without @type; search engines ignore it. Add "@type"')
            continue
        if "FAQPage" in types:
            faq_pages += 1
            questions = node.get("mainEntity")
            questions = questions if isinstance(questions, list) else [questions] if isinstance(questions, dict) else []
            if not questions:
                warn(source, "FAQPage has no mainEntity questions")
            hidden = []
            for q in questions:
                if not isinstance(q, dict):
                    continue
                name = _text(q.get("name"))
                answer = q.get("acceptedAnswer")
                answer_text = _text(answer.get("text")) if isinstance(answer, dict) else ""
                if not name or not answer_text:
                    warn(source, f"Question {name or '(no name)'!r} needs a name and an acceptedAnswer with text")
                elif _norm(name) not in seen_text:
                    hidden.append(name)
            if hidden:
                shown = "; ".join(repr(h) for h in hidden[:3]) + (
                    f" and {len(hidden) - 3} more" if len(hidden) > 3 else ""
                )
                warn(
                    source,
                    f"FAQ questions not visible on the page: {shown}. FAQ markup must match visible text; "
                    "make the heading read exactly like the question, or move the pair to front matter `faq:`",
                )
        if "HowTo" in types:
            warn(source, "Google retired HowTo rich results in 2023; the node is kept for answer engines")
        if "Product" in types and not any(node.get(k) for k in PRODUCT_NEEDS):
            warn(source, "a Product needs offers, review or aggregateRating for a rich result")
        if types & ARTICLE_TYPES and not _text(node.get("headline")):
            warn(source, "an Article needs a headline")
        if "ImageObject" in types and not any(node.get(k) for k in IMAGE_NEEDS):
            warn(source, "image metadata needs one of creator, creditText, copyrightNotice or license")
    if faq_pages and generated_faq:
        first = next(n for n in nodes if "FAQPage" in _types(n.data))
        warn(
            first,
            "the page now has two FAQPage nodes (yours and aeoloop's generated FAQ); Google reads one per "
            "page. Put your questions in front matter `faq:` (shown on the page and marked up once), or set "
            "`faq: []` to keep only yours",
        )
    elif faq_pages > 1:
        warn(
            next(n for n in nodes if "FAQPage" in _types(n.data)),
            "more than one FAQPage node; Google reads one per page",
        )
    return out
