"""The quality contract read back from the built page, and paragraphs printed twice.

Why here too: verify reads the site as a crawler does, so it judges what is actually published
(a locked or hand-edited artifact included), with the same rules the generator used
(:mod:`aeoloop.quality`) and the word limits of the project's options. A page whose published
summary, takeaways or FAQ fail the contract cannot score 100.

The contract's verdict is a function of the units read from the page, the limits and the
contract's code (:func:`contract_key`). A build records each page's verdict with its key in the
page's committed manifest and hands the recorded ones to the next verify (:func:`use_verdicts`):
a page whose published units have a recorded key takes that verdict instead of computing it again
(CI, a fresh clone without verify's cache, then loads no word tables). The page is still read
back and parsed, and the units extracted from it; only the function of them is looked up.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import islice
from typing import Any

from ..artifacts import QA
from ..quality import Limits
from ..text import WORD_RE, normalize
from .facts import _Collector, _PageFacts
from .html import _X_BY_ID, _X_STRING, _El, _content_root, _short
from .verdict import contract_key, verdict

__all__ = ["contract_key", "use_verdicts", "verdict"]

#: Shorter blocks ("Yes.", "See pricing.") may repeat without being a repeated paragraph.
MIN_PARAGRAPH_WORDS = 6


def _plain(el: _El) -> str:
    return " ".join(_X_STRING(el).split())


def _fewer_words(text: str, n: int) -> bool:
    """``count_words(text) < n``, without finding the words after the ``n``-th (most paragraphs are long)."""
    return next(islice(WORD_RE.finditer(text), n - 1, None), None) is None


def _region(el: _El) -> str:
    node: _El | None = el
    while node is not None:
        ident = node.get("id") if isinstance(node.tag, str) else None
        if ident == "aeoloop-summary":
            return "summary"
        if ident == "faq":
            return "faq"
        node = node.getparent()
    return "body"


_KNOWN: dict[str, list[str]] = {}


def use_verdicts(verdicts: Mapping[str, list[str]]) -> None:
    """The contract verdicts (key → ``facts.contract``) this process may take instead of checking:
    set in this process before it analyses pages, and in each pool worker (its initializer)."""
    _KNOWN.clear()
    _KNOWN.update(verdicts)


def _page_node(doc: object) -> dict[str, Any]:
    """The graph's Article (else WebPage) node: its headline and language are the page's."""
    graph = doc.get("@graph") if isinstance(doc, dict) else None
    nodes = [n for n in graph if isinstance(n, dict)] if isinstance(graph, list) else []
    for wanted in ("Article", "WebPage"):
        for node in nodes:
            types = node.get("@type")
            if wanted == types or isinstance(types, list) and wanted in types:
                return node
    return {}


def _contract_facts(
    tree: _El, doc: object, pairs: list[tuple[str, str]], limits: Limits, facts: _PageFacts, c: _Collector
) -> None:
    """Fill ``facts.contract`` ("unit rule" per failure) and ``facts.duplicates`` (regions printed twice).

    Title and language come from the page's JSON-LD (the theme's ``<h1>`` and ``<html lang>`` may
    be the nav label and the site's language), else from the HTML."""
    content = _content_root(tree)
    node = _page_node(doc)
    h1 = next(iter(content.iter("h1")), None)
    title = str(node.get("headline") or node.get("name") or "")
    if not title and h1 is not None:
        title = " ".join(_X_STRING(h1).replace("¶", " ").split())
    lang = str(node.get("inLanguage") or tree.get("lang") or "en").split("-")[0].lower()
    summary, takeaways = "", []
    box = _X_BY_ID(tree, id="aeoloop-summary")
    if box:
        texts = [el for el in box[0].iter() if "aeoloop-summary-text" in (el.get("class") or "").split()]
        summary = _plain(texts[0]) if texts else ""
        takeaways = [
            _plain(li)
            for ul in box[0].iter("ul")
            if "aeoloop-takeaways" in (ul.get("class") or "")
            for li in ul.iter("li")
        ]
    faq = [QA(q, a) for q, a in pairs]
    key = contract_key(summary=summary, takeaways=takeaways, faq=faq, title=title, lang=lang, limits=limits)
    facts.contract_key = key
    known = _KNOWN.get(key)
    facts.contract = list(known) if known is not None else verdict(summary, takeaways, faq, title, lang, limits)

    printed: dict[str, list[_El]] = {}  # each paragraph's normalized text -> where it is printed
    for el in content.iter("p", "li"):
        if el.tag == "li" and next(el.iter("p"), None) is not None:
            continue  # a loose list item: its paragraphs are counted
        text = _plain(el)
        if _fewer_words(text, MIN_PARAGRAPH_WORDS):
            continue
        printed.setdefault(normalize(text), []).append(el)
    regions = {k: {_region(el) for el in els} for k, els in printed.items() if len(els) > 1}  # only for repeats
    repeated = [k for k, where in regions.items() if where != {"body"}]
    facts.duplicates = sorted({r for k in repeated for r in regions[k] if r != "body"})
    for key in sorted(repeated):
        where = " and ".join(sorted(regions[key]))
        c.warning(
            "duplicate-paragraph",
            f"{_short(key)!r} is printed {len(printed[key])} times on the page ({where}); a "
            "reader and an answer engine see it twice. Regenerate the page's artifacts, or edit the "
            "generated file so it says something the body does not.",
        )
