"""Escaping by output type: one function per kind of output, so text is made safe where it is
written, exactly once, for the format it goes into.

- HTML text (:func:`html_text`): config and brand values the theme prints (``site_name``,
  ``site_description``, nav titles, page titles and descriptions). MkDocs renders its templates
  without autoescape and Material prints ``{{ config.site_name }}`` as it is, so these values are
  escaped once when the plugin loads the config. The result is a :class:`markupsafe.Markup`, so
  template spots that *do* escape (``title="{{ config.site_name | e }}"``) leave it alone: a name
  with ``&`` is never escaped twice.
- HTML fragments (:func:`html_fragment`): the few values themes document as HTML (``copyright``,
  ``extra.consent.description``) keep simple markup (links, emphasis) and lose everything else
  (scripts, event handlers, ``javascript:`` URLs), through the ammonia sanitizer (``nh3``).
- Markdown (:func:`md_text`, :func:`md_link_text`, :func:`md_url`): text written into ``.md``
  mirrors, ``llms.txt`` and ``llms-full.txt`` is inert: ``<`` and ``>`` become entities, so no
  tag, comment or autolink can start; ``](`` is broken up so no link or image can be formed from
  text; link texts also escape their brackets. What was safe on the page (inline code,
  ``&lt;script&gt;``, which a generator reads as the characters ``<script>``) stays text.
- URLs in structured data (:func:`web_url`): only http(s) and site-relative URLs pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# --- HTML -------------------------------------------------------------------------------------


def html_text(value: str) -> Markup:
    """Plain text for HTML (element content or a quoted attribute): ``& < > " '`` escaped, once."""
    return escape(value)


def html_fragment(value: str) -> Markup:
    """A small HTML fragment with only harmless markup kept (links with http(s)/mailto, emphasis,
    line breaks, spans); scripts, styles, event handlers and other URL schemes are removed."""
    import nh3

    if isinstance(value, Markup):
        return value
    cleaned = nh3.clean(
        value,
        tags={"a", "b", "strong", "i", "em", "small", "span", "br", "code", "abbr"},
        attributes={"a": {"href", "title", "hreflang"}, "span": {"title"}, "abbr": {"title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)


def plain(value: Any) -> str:
    """The text behind a value this module escaped for HTML (a :class:`Markup`); other values as
    they are. For writers of non-HTML outputs (JSON-LD, Markdown) that get theme-facing values."""
    if isinstance(value, Markup):
        return unescape(str(value))
    return "" if value is None else str(value)


def escape_tree(
    value: Any, leaf: Callable[[str], Markup] = html_text, *, html_keys: frozenset[str] = frozenset()
) -> Any:
    """``value`` (lists, dicts, strings: a YAML tree such as ``extra``) with every string escaped
    by ``leaf``; strings under a key in ``html_keys`` are sanitized as fragments instead."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return leaf(value)
    if isinstance(value, list):
        return [escape_tree(v, leaf, html_keys=html_keys) for v in value]
    if isinstance(value, dict):
        return {
            k: escape_tree(v, html_fragment if k in html_keys else leaf, html_keys=html_keys) for k, v in value.items()
        }
    return value


# --- Markdown ---------------------------------------------------------------------------------

_MD_LINK_RE = re.compile(r"\]\s*([(\[])")


def md_text(text: str) -> str:
    """Text made inert for Markdown (see the module doc); line breaks are kept."""
    if not text:
        return ""
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return _MD_LINK_RE.sub(lambda m: "]\\" + m.group(1), text)


def md_line(text: str) -> str:
    """:func:`md_text` on one line (runs of whitespace, line breaks included, as one space)."""
    return md_text(" ".join(text.split()))


def md_link_text(text: str) -> str:
    """The text of a Markdown link (``[text](url)``): one line, inert, brackets escaped."""
    text = " ".join(text.split()).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return text.replace("<", "&lt;").replace(">", "&gt;")


_URL_UNSAFE = {ord(c): f"%{ord(c):02X}" for c in " ()<>\"'`\\"} | {c: f"%{c:02X}" for c in range(0, 32)}


def md_url(url: str) -> str:
    """A URL as the destination of a Markdown link or an autolink: characters that would end it
    or start markup (spaces, parentheses, angle brackets, quotes, controls) percent-encoded."""
    return url.translate(_URL_UNSAFE)


# --- URLs in structured data ------------------------------------------------------------------


def web_url(value: str) -> str | None:
    """``value`` if it is an http(s) URL or a site-relative reference, else None.

    Refused: ``javascript:``, ``data:``, ``file:``, ``vbscript:`` and every other scheme, and any
    URL with control characters (browsers strip them, which is how ``java\\tscript:`` passes
    naive checks).
    """
    text = value.strip()
    if not text or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme:
        return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None
    if text.startswith("//"):
        return None  # scheme-relative: another host under whatever scheme the page has
    if ":" in text.split("/", 1)[0]:
        return None  # "javascript&colon;..." style or a scheme urlsplit did not recognise
    return text


__all__ = [
    "Markup",
    "escape_tree",
    "html_fragment",
    "html_text",
    "md_line",
    "md_link_text",
    "md_text",
    "md_url",
    "plain",
    "web_url",
]
