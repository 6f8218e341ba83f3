"""Parsing a built page and reading it as a person sees it: visible text, content area, FAQ markup.

Why: every check starts from one lxml tree (parsed once, see :func:`_parse_html`), and the
questions "is this answer visible?" and "where is the content?" need the same text
normalisation and XPaths everywhere. Precompiled XPaths avoid full-tree scans where an id or a
tag test will do.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import lxml.etree

from .report import _short as _short  # (where the page checks have always read it)


_TAG_RE = re.compile(r"<[^>]*>")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_QUOTES = (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'))


_El = lxml.etree._Element


def _parse_html(data: bytes) -> _El:
    """Parse page bytes with libxml2's HTML parser, the one extruct uses.

    Plain ``lxml.etree`` rather than ``lxml.html``: same parser and tree, but
    ``lxml.html`` runs a Python class-lookup callback for every element proxy,
    which made walking a Material page ~6x slower.  A parser per call (0.7 us)
    because lxml parser objects must not be shared between threads.  The package
    re-exports it and ``page`` calls it through the package, so tests can count
    calls (cache hits must not reach it).  The build writes UTF-8, so the
    encoding is fixed rather than sniffed.
    """
    root = lxml.etree.fromstring(data, lxml.etree.HTMLParser(encoding="utf-8"))
    if root is None:
        raise ValueError("document is empty")
    return root


def _body(tree: _El) -> _El:
    body = tree.find("body")
    return body if body is not None else tree


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
_X_HIDDEN = lxml.etree.XPath("//script | //style | //noscript | //template | //*[@hidden or @style]")


_INVISIBLE_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def _norm(text: str) -> str:
    """Normalise text for "is this visible?" matching.

    All whitespace is removed (block boundaries like ``</p><p>`` produce no space
    in ``text_content``), typographic quotes are folded, NFKC maps NBSP and
    friends, and case is folded: a crawler compares meaning, not typography.
    """
    text = unicodedata.normalize("NFKC", text)
    if _INVISIBLE_RE.search(text):  # parsers drop or replace NUL and other controls: never part of what is seen
        text = _INVISIBLE_RE.sub("", text)
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
        import html as html_lib  # stdlib html (not this module); lazy: html.entities costs ~10 ms

        out.append(_norm(html_lib.unescape(_TAG_RE.sub(" ", text))))
        out.append(_norm(html_lib.unescape(text)))
    return [c for c in out if c]


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


def _visible_text(tree: _El) -> str:
    """Body text a reader can see: no script/style/noscript/template, no hidden/display:none.

    Mutates the tree (drops hidden subtrees), so it must run after every other
    check has read what it needs.
    """
    for el in _X_HIDDEN(tree):
        if (
            el.tag in ("script", "style", "noscript", "template")
            or el.get("hidden") is not None
            or (el.get("style") and _HIDDEN_STYLE_RE.search(el.get("style") or ""))
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
