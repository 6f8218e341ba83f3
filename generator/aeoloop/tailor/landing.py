"""Static landing pages ``/for/<audience>/<page>/`` (option ``landing_pages``, off by default).

A campaign link can point at a page that opens for one audience without JavaScript: the same
page, with that audience's intro and CTA written into the HTML, and ``<link rel="canonical">``
to the page itself. Why a separate URL at all when ``?for=`` exists: some channels strip query
strings, some readers block scripts, and an ad platform's landing-page check reads the HTML.

What a landing page is not: a page of its own for crawlers. It carries no JSON-LD (the graph
describes the canonical URL, and one graph per URL is what validators and answer engines expect),
no Markdown mirror, no llms.txt entry and no sitemap entry; the canonical link folds whatever a
crawler finds there into the page. It is not ``noindex``: Google documents that noindex and
rel=canonical send conflicting signals, and a noindexed duplicate can pass the noindex on.

This module decides which landing pages exist and what their HTML is; the MkDocs adapter adds
them as virtual files (not in the nav) and fills them with the canonical page's content.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import ConfigError, Diagnostic, rel
from ..page import Page
from ..project import Project
from .targets import Target, targets
from .variant import Variant

PREFIX = "for"


@dataclass(frozen=True)
class Landing:
    """One landing page: the canonical page's ``src_uri``, the audience it opens for and its variant
    (None when the page has no intro for the audience: it then opens with the audience's CTA only)."""

    src_uri: str
    target: Target
    variant: Variant | None

    @property
    def audience(self) -> str:
        return self.target.audience.id

    @property
    def landing_uri(self) -> str:
        """The virtual source path: ``for/<audience>/<src_uri>`` (MkDocs turns it into the URL)."""
        return f"{PREFIX}/{self.audience}/{self.src_uri}"


def selected(project: Project) -> frozenset[str] | None:
    """The audience ids that get landing pages (None: the option is off). ``true`` means every
    audience of brand/audiences.yml; an id that is not there is a config error naming its line."""
    option = project.settings.landing_pages
    if option is False:
        return None
    known = project.brand.audiences
    if option is True:
        return frozenset(known)
    unknown = [(i, a) for i, a in enumerate(option) if a not in known]
    if unknown:
        display = project.config_file.name
        hint = f"use one of: {', '.join(known)}" if known else "brand/audiences.yml defines no audience"
        raise ConfigError(
            "invalid aeoloop options",
            [
                Diagnostic(
                    display,
                    project.option_line("landing_pages", i),
                    f"plugins.aeoloop.landing_pages: unknown audience `{a}`; {hint}",
                )
                for i, a in unknown
            ],
        )
    return frozenset(option)


def check(project: Project, pages: list[Page]) -> None:
    """The option names known audiences, and no page of the site sits where a landing page goes
    (``content/for/<audience>/<page>.md``): config errors, before any work."""
    chosen = selected(project)
    if not chosen:
        return
    uris = {p.src_uri for p in pages}
    clashes = [
        (f"{PREFIX}/{t.audience.id}/{page.src_uri}", page.src_uri, t.audience.id)
        for page in pages
        for t in targets(page, project.brand, project.language)
        if t.audience.id in chosen and f"{PREFIX}/{t.audience.id}/{page.src_uri}" in uris
    ]
    if clashes:
        raise ConfigError(
            "a page is where a landing page goes",
            [
                Diagnostic(
                    rel(project.docs_dir / uri, project.root),
                    None,
                    f"is where the landing page of {src} for audience {audience!r} goes; move that page, or "
                    "leave the audience out of plugins.aeoloop.landing_pages",
                )
                for uri, src, audience in clashes
            ],
        )


def plan(project: Project, pages: list[Page], variants: dict[str, dict[str, Variant]]) -> list[Landing]:
    """Every landing page of the build: each page × each of its audiences (front matter order)
    that the option selects. ``variants`` is what the tailor step made (``state.tailor``)."""
    chosen = selected(project)
    if not chosen:
        return []
    out = []
    for page in pages:
        for target in targets(page, project.brand, project.language):
            if target.audience.id in chosen:
                out.append(Landing(page.src_uri, target, variants.get(page.src_uri, {}).get(target.audience.id)))
    return out


# href/src/poster/srcset attribute values in a content fragment (Python-Markdown writes double
# quotes; raw HTML in a page may use single ones)
_URL_ATTR_RE = re.compile(r"""(\s(?:href|src|poster|srcset)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.I)


def _folder(url: str) -> str:
    """The folder a page URL (site-relative, MkDocs' ``page.url``) resolves relative links against."""
    if url.endswith("/") or url == "":
        return url
    folder = posixpath.dirname(url)
    return folder + "/" if folder else ""


def _moved(value: str, source: str, dest: str) -> str:
    """A relative reference written for a page in folder ``source``, rewritten for folder ``dest``."""
    text = value.strip()
    if not text or text.startswith(("#", "/", "?")):
        return value
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or ":" in text.split("/", 1)[0]:
        return value
    target = posixpath.normpath(posixpath.join("/" + source, parts.path))
    rel = posixpath.relpath(target, posixpath.normpath("/" + dest))
    if parts.path.endswith("/") or posixpath.basename(parts.path) in (".", ".."):
        rel = "./" if rel == "." else rel + "/"
    return rel + text[len(parts.path) :]


def rebase_links(html: str, from_url: str, to_url: str) -> str:
    """``html`` written for the page at ``from_url``, with every relative link and image made
    relative to ``to_url`` instead (absolute, scheme and fragment-only references unchanged)."""
    source, dest = _folder(from_url), _folder(to_url)
    if source == dest:
        return html

    def one(match: re.Match[str]) -> str:
        double = match.group(2) is not None
        value = match.group(2) if double else match.group(3)
        name = match.group(1)
        if name.strip().lower().startswith("srcset"):
            moved = ", ".join(
                " ".join([_moved(bits[0], source, dest), *bits[1:]]) if (bits := c.split()) else c
                for c in value.split(",")
            )
        else:
            moved = _moved(value, source, dest)
        return f'{name}"{moved}"' if double else f"{name}'{moved}'"

    return _URL_ATTR_RE.sub(one, html)
