"""The parts of a page that Material's search index leaves out, held back from its indexer and put
back into the written page at the same place, byte for byte.

Why: Material's search plugin parses every page's content with Python's ``HTMLParser`` (in
``on_page_context``, MkDocs' single thread) and drops what carries ``data-search-exclude``. The
blocks aeoloop adds hold many such elements (the copy control, the box labels, the takeaways and
FAQ entries the page already says, the "Answered under …" links, the audience block): parsing
them is about a quarter of the indexer's time on an aeoloop page, for text it throws away. So the
plugin hands MkDocs the page content with each of those elements replaced by a marker (an HTML
comment, which the indexer ignores), and puts the elements back into the page's HTML in
``on_post_page``.

The index comes out the same: an excluded element whose content has no element of its own tag
(Material ends an exclusion at the first closing tag of the same name) and whose tags are
balanced adds nothing to the index; replaced by a comment, the text around it still reaches the
indexer as separate pieces, as it did around the element. What the theme prints is the same
bytes once the markers are replaced. :func:`hold_back` declines (returns None) for any page where
that cannot be shown from the HTML alone; the plugin then leaves the page as it is.
"""

from __future__ import annotations

import re

MARK = "<!--aeoloop-held-"
"""The start of a marker: ``<!--aeoloop-held-N-->`` stands for the N-th held-back element."""
EXCLUDE = " data-search-exclude>"
"""How aeoloop writes the attribute: bare, last in its tag (Material's own ``re.sub`` of
``data-search-*="…"`` attributes never matches it)."""
_MARK_RE = re.compile(r"<!--aeoloop-held-(\d+)-->")
_OPEN_RE = re.compile(r"<([a-z][a-z0-9]*)(?:\s[^<>]*)?\Z")
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*>|<[!?]")
_HELD = frozenset({"p", "div", "ul", "ol", "li", "span", "section", "h2", "h3", "h4", "h5", "h6"})
_REFUSED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "script", "style"})
"""Inside a held-back element: a heading would start a search section (and Material's template
looks for ``<h1`` in the content); a script or style is raw text to the parser."""
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


def hold_back(html: str) -> tuple[str, list[str]] | None:
    """``html`` with each element that carries a bare ``data-search-exclude`` replaced by a
    marker, and the elements in marker order; None when a page is not one this can vouch for
    (another ``data-search-…`` attribute, an HTML comment or CDATA section anywhere, an element
    whose content is not plain balanced HTML, a heading that starts a search section) or holds
    nothing back."""
    if "<!" in html or html.count("data-search-") != html.count(EXCLUDE):
        return None  # a comment (a marker inside one would end it) or a CDATA section; another data-search-*
    out: list[str] = []
    held: list[str] = []
    pos = 0
    while (at := html.find(EXCLUDE, pos)) != -1:
        start = html.rfind("<", pos, at)
        opened = _OPEN_RE.match(html, start, at) if start != -1 else None
        if opened is None:
            return None
        tag = opened.group(1)
        if tag not in _HELD or (tag[0] == "h" and " id=" in opened.group(0)):
            return None
        end = _element_end(html, tag, at + len(EXCLUDE))
        if end is None:
            return None
        if not held and not _opens_section(html[:start]):  # the indexer's first section starts at this element
            out.append(html[pos:end])
            pos = end
            continue
        out.append(html[pos:start])
        out.append(f"{MARK}{len(held)}-->")
        held.append(html[start:end])
        pos = end
    if not held:
        return None
    out.append(html[pos:])
    return "".join(out), held


def _element_end(html: str, tag: str, pos: int) -> int | None:
    """Where the element of ``tag`` whose content starts at ``pos`` ends (after its closing tag);
    None unless its content is balanced tags with no element of the same tag, no heading, no
    comment, script or style."""
    close = f"</{tag}>"
    end = html.find(close, pos)
    if end == -1:
        return None
    if html.find("<", pos, end) != -1 and not _plain_content(html[pos:end], tag):
        return None
    return end + len(close)


def _plain_content(inner: str, tag: str) -> bool:
    """Whether ``inner`` (an element's content up to the first closing tag of its own ``tag``) is
    balanced tags, none of them ``tag`` (then that closing tag is the element's own), a heading,
    a comment, a script or a style."""
    stack: list[str] = []
    for match in _TAG_RE.finditer(inner):
        closing, name = match.group(1), match.group(2)
        if name is None:  # <!-- …, <!DOCTYPE, <?…: not in content aeoloop vouches for
            return False
        name = name.lower()
        if closing:
            if not stack or stack.pop() != name:
                return False
        elif name == tag or name in _REFUSED or match.group(0).endswith("/>"):
            return False
        elif name not in _VOID:
            stack.append(name)
    return not stack


def _opens_section(before: str) -> bool:
    """Whether Material's indexer has begun its first section by the end of ``before``: it does at
    the first text (spaces too) or non-void start tag. A held-back element must not be what
    begins it (a page that is nothing but that element would lose its one, empty, entry)."""
    for match in _TAG_RE.finditer(before):
        if not match.group(1) and match.group(2) is not None and match.group(2).lower() not in _VOID:
            return True
    return bool(_TAG_RE.sub("", before))


def put_back(output: str, held: list[str]) -> str:
    """The written page: each marker replaced by the element it stands for."""
    return _MARK_RE.sub(lambda m: held[int(m.group(1))], output)
