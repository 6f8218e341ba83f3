"""Model text is untrusted: it never reaches a file as HTML or script, and links in it may point
only at the site itself or at the page's own outbound links.

:func:`clean_text` turns any string into plain text (tags, comments, images and unsafe schemes
removed; Markdown links reduced to their text, or ``text (url)`` when the URL is allowed) and
says what it removed, so the problems can be fed back to the model.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

COMMENT_RE = re.compile(r"<!--.*?(-->|$)", re.S)
TAG_RE = re.compile(r"</?[A-Za-z!?][^<>]*>|</?[A-Za-z][\w:-]*(?=\s|$)")
# The elements of HTML (and of SVG/MathML roots): "<b>", "<script src=…>" and "</p>" are markup; a bare
# "<name>" or "<branch-name>" in a writer's text is a placeholder ("the create-<name>-app convention"),
# kept and shown as "‹name›" by the final guard in clean_text, which lets no "<" before a letter through.
HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite
    code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link
    main map mark math menu meta meter nav noscript object ol optgroup option output p param picture pre
    progress q rp rt ruby s samp script search section select slot small source span strong style sub
    summary sup svg table tbody td template textarea tfoot th thead time title tr track u ul var video wbr
    center font frame frameset marquee noframes plaintext tt xmp""".split()
)
_PLACEHOLDER_RE = re.compile(r"<([A-Za-z][\w-]*)>")


def _is_markup(m: re.Match[str]) -> bool:
    """A tag that is HTML; a bare, attribute-free "<word>" that no HTML element is named is a placeholder."""
    placeholder = _PLACEHOLDER_RE.fullmatch(m.group(0))
    return placeholder is None or placeholder.group(1).lower() in HTML_ELEMENTS


IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK_RE = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto|javascript|data|vbscript):[^>\s]*)>", re.I)
URL_RE = re.compile(r"\b(?:(?:https?|ftp)://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.I)
SCHEME_RE = re.compile(r"\b(?:javascript|vbscript|data)\s*:[^\s]*", re.I)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
INJECTION_RE = re.compile(
    r"\b(ignore|disregard|forget|override)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all|any|your)\b[^.\n]{0,30}"
    r"\b(instructions?|prompts?|rules|guidelines)\b"
    r"|\b(system prompt|developer message|jailbreak)\b|\byou are now\b|\bnew instructions\s*:"
    r"|\b(ignora|dimentica)\b[^.\n]{0,40}\b(istruzioni|regole)\b",
    re.I,
)


def normalize_url(url: str) -> str:
    url = url.strip().split("#", 1)[0]
    return url[:-1] if url.endswith("/") else url


def clean_text(
    text: str, allowed: Callable[[str], bool] = lambda url: False, *, multiline: bool = False
) -> tuple[str, list[str]]:
    """Plain, safe text and the list of what had to be removed (empty when nothing was)."""
    problems: list[str] = []
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    out = unicodedata.normalize("NFC", text)
    if CONTROL_RE.search(out):
        out = CONTROL_RE.sub("", out)
    if COMMENT_RE.search(out):
        out = COMMENT_RE.sub("", out)
        problems.append("HTML comments are not allowed; write plain text")
    if IMAGE_RE.search(out):
        out = IMAGE_RE.sub("", out)
        problems.append("images are not allowed; write plain text")

    def link(m: re.Match[str]) -> str:
        label, url = m.group(1).strip(), m.group(2).strip()
        if url and allowed(url):
            return f"{label} ({url})" if label and label != url else url
        problems.append(
            f"link to {url or '(empty)'} removed: only links to the site or to the page's own sources are allowed"
        )
        return label

    out = MD_LINK_RE.sub(link, out)
    out = AUTOLINK_RE.sub(lambda m: m.group(1), out)
    if any(_is_markup(m) for m in TAG_RE.finditer(out)):
        out = TAG_RE.sub(lambda m: "" if _is_markup(m) else m.group(0), out)
        problems.append("HTML tags are not allowed; write plain text")
    if SCHEME_RE.search(out):
        out = SCHEME_RE.sub("", out)
        problems.append("javascript:, vbscript: and data: URLs are not allowed")

    def bare(m: re.Match[str]) -> str:
        url = m.group(0)
        full = url if "://" in url else "https://" + url
        if allowed(full):
            return url
        problems.append(f"link to {url} removed: only links to the site or to the page's own sources are allowed")
        return ""

    out = URL_RE.sub(bare, out)
    out = out.replace("<", "‹").replace(">", "›") if re.search(r"<\s*/?\s*[A-Za-z]", out) else out
    if multiline:
        lines = [" ".join(line.split()) for line in out.splitlines()]
        out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    else:
        out = " ".join(out.split())
    out = re.sub(r"\s+([.,;:!?])", r"\1", out) if problems else out
    return out, problems


def looks_like_injection(text: str) -> str | None:
    """The phrase that reads like instructions to a model, if any."""
    m = INJECTION_RE.search(text or "")
    return m.group(0) if m else None
