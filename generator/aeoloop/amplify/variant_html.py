"""HTML of the experiment elements the renderer switches: a page's title and its lead paragraph.

Everything is escaped text (a variant is written by a person or derived from the page, and never
parsed as HTML). The title variant replaces the text of the page's H1 (keeping its attributes and
permalink), and is also the ``og:title``; the lead paragraph goes right under the H1.
"""

from __future__ import annotations

import re
from html import escape

_H1 = re.compile(r"<h1\b([^>]*)>(.*?)</h1>", re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>\s*$', re.S)
LEAD_CLASS = "aeoloop-lead"


def retitled(html: str, title: str) -> str:
    """``html`` with ``title`` as the text of its first H1 (one is added when it has none, so the
    theme does not add the page's own title)."""
    match = _H1.search(html)
    if match is None:
        return f"<h1>{escape(title)}</h1>\n{html}"
    link = _PERMALINK.search(match.group(2))
    inner = escape(title) + (link.group(0) if link else "")
    return html[: match.start()] + f"<h1{match.group(1)}>{inner}</h1>" + html[match.end() :]


def with_lead(html: str, text: str) -> str:
    """``html`` with ``text`` as a lead paragraph right after its first H1 (first, without one)."""
    lead = f'<p class="{LEAD_CLASS}">{escape(text)}</p>'
    match = _H1.search(html)
    if match is None:
        return lead + "\n" + html
    return html[: match.end()] + "\n" + lead + html[match.end() :]


def og_title(title: str) -> str:
    return f'<meta property="og:title" content="{escape(title, quote=True)}">\n'
