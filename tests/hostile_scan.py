"""Scan every output file of a build for live markup that hostile input could have planted.

- HTML: parsed with BeautifulSoup (html.parser, as lenient as a browser about broken markup):
  every ``<script>`` that a browser would run (no ``type`` or a JavaScript type) must be one of the
  theme's or ours (an external ``src`` under ``assets/``, or an inline script of Material's
  ``__md_`` runtime); no ``on*`` event-handler attribute anywhere; no ``javascript:``,
  ``vbscript:`` or ``data:`` URL in a URL attribute; no ``<iframe>``, ``<object>``, ``<embed>``,
  ``<base>``, ``<meta http-equiv=refresh>`` or ``<svg>``/``<math>`` with handlers.
- Markdown and text (``.md`` mirrors, ``llms.txt``, ``llms-full.txt``, ``robots.txt``,
  channel files): no HTML tag, comment or declaration can start (``<`` followed by a letter,
  ``/``, ``!`` or ``?``) outside fenced or inline code that the *writer* put there, and no
  Markdown link or autolink to a ``javascript:``/``data:``/``vbscript:`` URL.
- Plain-text channel files (``channels/*.txt``, the text/plain part of the newsletter) are text
  by definition and are not scanned for tags.
- XML (sitemap): parses, and holds only the sitemap elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

EXEC_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "ping",
    "cite",
}
BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.I)
BAD_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
MD_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*[\s/>]|/[A-Za-z]|!|\?)")
MD_BAD_LINK = re.compile(
    r"(?<!\\)\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:|<\s*(?:javascript|vbscript|data)\s*:", re.I
)
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True)
class Finding:
    file: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


def _ours(script: object, text: str) -> bool:
    src = script.get("src")  # type: ignore[attr-defined]
    if src:
        return "assets/" in src and not BAD_SCHEME.match(src)
    return "__md_" in text or "document$" in text or text.startswith(THEME_INLINE)


THEME_INLINE = ("var target=document.getElementById(location.hash.slice(1))",)
"""Inline scripts of Material's own templates (partials/javascripts/*.html)."""


def scan_html(path: Path, rel: str) -> list[Finding]:
    out: list[Finding] = []
    soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
    for el in soup.find_all(True):
        name = el.name.lower()
        if name in BAD_TAGS:
            out.append(Finding(rel, f"<{name}> element"))
        if name == "meta" and str(el.get("http-equiv", "")).lower() == "refresh":
            out.append(Finding(rel, "<meta http-equiv=refresh>"))
        for attr, value in el.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on"):
                out.append(Finding(rel, f"<{name} {attr}=…> event handler: {text[:60]!r}"))
            if attr.lower() in URL_ATTRS and BAD_SCHEME.match(text):
                out.append(Finding(rel, f"<{name} {attr}={text[:60]!r}>"))
            if attr.lower() == "srcdoc":
                out.append(Finding(rel, f"<{name} srcdoc>"))
        if name == "script":
            kind = str(el.get("type", "")).strip().lower()
            if kind in EXEC_TYPES and not _ours(el, el.get_text()):
                out.append(Finding(rel, f"live script not ours: {el.get_text()[:80]!r}"))
    return out


def _strip_code(text: str) -> str:
    text = FENCE.sub("", text)
    return INLINE_CODE.sub("", text)


def scan_markdown(path: Path, rel: str, *, writer_code: bool = True) -> list[Finding]:
    """Live tags or dangerous links in Markdown/text; code the writer fenced is skipped when
    ``writer_code`` (it is inert in every renderer)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    body = _strip_code(text) if writer_code else text
    out = [
        Finding(rel, f"live tag in Markdown: {m.group(0)!r} in {body[max(0, m.start() - 30) : m.end() + 30]!r}")
        for m in MD_TAG.finditer(body)
    ]
    out += [
        Finding(rel, f"dangerous link: {body[max(0, m.start() - 20) : m.end() + 30]!r}")
        for m in MD_BAD_LINK.finditer(body)
    ]
    return out


def scan_xml(path: Path, rel: str) -> list[Finding]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        return [Finding(rel, f"XML does not parse: {err}")]
    allowed = {"urlset", "url", "loc", "lastmod", "changefreq", "priority", "sitemapindex", "sitemap", "link"}
    return [
        Finding(rel, f"unexpected XML element {el.tag}") for el in root.iter() if el.tag.split("}")[-1] not in allowed
    ]


def scan_tree(root: Path, label: str = "") -> tuple[int, list[Finding]]:
    """(files scanned, findings) for every file under ``root``."""
    findings: list[Finding] = []
    n = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = f"{label}{path.relative_to(root).as_posix()}"
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            findings += scan_html(path, rel)
        elif suffix == ".txt" and "channels/" in rel:
            continue  # a plain-text channel (text/plain e-mail part): no renderer reads tags in it
        elif suffix in (".md", ".txt"):
            findings += scan_markdown(path, rel)
        elif suffix == ".xml":
            findings += scan_xml(path, rel)
        else:
            continue
        n += 1
    return n, findings
