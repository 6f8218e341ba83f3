"""llms.txt (llmstxt.org), llms-full.txt and the per-page Markdown mirrors.

llms.txt is an index for language models: an H1 with the site name, a blockquote summary, one
H2 per nav section with ``- [title](url): description`` entries, and an ``## Optional`` section
for what a model may skip. Entries link to the Markdown mirrors, which are cheaper to read
than HTML and carry the page's summary and FAQ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import answer_code
from ..artifacts import PageArtifacts
from ..escaping import md_line, md_link_text, md_text, md_url
from ..page import Page
from ..settings import MirrorForm
from .blocks import labels


@dataclass(frozen=True)
class Entry:
    title: str
    url: str  # absolute URL of the Markdown mirror
    description: str


@dataclass
class Group:
    title: str
    entries: list[Entry] = field(default_factory=list)


#: The ``rel`` value of a page's ``<link type="text/markdown">`` to its mirror: the token
#: ``alternate`` followed by a space. Why the space: mkdocs-material 9.x (checked on 9.8.2) runs
#: ``document.querySelectorAll("link[rel=alternate]")`` on every page, takes each match for a
#: language version of the site and fetches ``sitemap.xml`` beside its href, so a plain
#: ``rel="alternate"`` to ``oee/index.html.md`` costs every page a 404 for ``oee/sitemap.xml`` and a
#: console error. ``[rel=alternate]`` compares the whole attribute value; HTML defines ``rel`` as a
#: set of space-separated tokens, so ``"alternate "`` is the same single ``alternate`` relation for
#: browsers, parsers and agents (which split on whitespace, as ``[rel~=alternate]`` does) while
#: Material's exact-value selector no longer matches it.
MARKDOWN_ALTERNATE_REL = "alternate "


def mirror_path(page_url: str, form: MirrorForm = "page.html.md") -> str:
    """Site-relative path of a page's Markdown mirror; both forms are valid in llms.txt v2.

    ``page.html.md`` (llmstxt.org): ``.md`` appended to the page URL, ``index.html.md`` for
    directory URLs (``guides/oee/`` → ``guides/oee/index.html.md``, home → ``index.html.md``).
    ``page.md``: the URL without its trailing slash or ``.html``, plus ``.md``
    (``guides/oee/`` → ``guides/oee.md``, ``guides/oee.html`` → ``guides/oee.md``, home →
    ``index.md``), the form most documentation hosts serve.
    """
    if form == "page.md":
        stem = page_url[: -len("/")] if page_url.endswith("/") else page_url
        stem = stem[: -len(".html")] if stem.endswith(".html") else stem
        return (stem or "index") + ".md"
    if page_url == "" or page_url.endswith("/"):
        return page_url + "index.html.md"
    return page_url + ".md"


def covering_llms_txt(page_url: str, scopes: Sequence[str]) -> str:
    """Site-relative path of the llms.txt that covers a page (llms.txt v2 path scoping).

    An llms.txt in a folder covers the pages under it and the most specific one applies; the
    root ``llms.txt`` covers the rest. ``scopes`` are folder paths such as ``guides/``.
    """
    best = ""
    for scope in scopes:
        if page_url.startswith(scope) and len(scope) > len(best):
            best = scope
    return best + "llms.txt"


def _one_line(text: str) -> str:
    return md_line(text)


def _entry(e: Entry) -> str:
    return f"- [{md_link_text(e.title)}]({md_url(e.url)}): {md_line(e.description)}"


def render_llms_txt(
    *, site_name: str, summary: str, details: str | None, groups: list[Group], optional: list[Entry]
) -> str:
    """Every text here is inert Markdown (:mod:`aeoloop.escaping`): names, titles and
    descriptions come from config, front matter and generators, never as markup."""
    out = [f"# {_one_line(site_name)}", "", f"> {_one_line(summary)}", ""]
    if details:
        out += [_one_line(details), ""]
    for group in groups:
        if not group.entries:
            continue
        out.append(f"## {_one_line(group.title)}")
        out.append("")
        out += [_entry(e) for e in group.entries]
        out.append("")
    if optional:
        out += ["## Optional", ""]
        out += [_entry(e) for e in optional]
        out.append("")
    return "\n".join(out)


def render_mirror(page: Page, art: PageArtifacts, *, canonical_url: str, lead: str = "") -> str:
    """The page as Markdown: title, canonical link, ``lead`` (the lead paragraph the HTML shows under
    its H1: an intro experiment's variant), summary and takeaways, the source body, the FAQ.

    The body is the writer's Markdown as written (what the page renders); everything else is
    text from front matter or a generator and is written inert: a summary read from inline code
    or from ``&lt;script&gt;`` on the page holds the characters ``<script>``, and must not
    become a tag here.
    """
    text = labels(page.lang)
    out = [f"# {md_line(page.title)}", "", f"Canonical: <{md_url(canonical_url)}>", ""]
    if lead.strip():
        out += [md_line(lead), ""]
    if art.summary:
        out += [f"> **{text['summary']}:** {md_line(art.summary)}", ""]
    if art.takeaways:
        out += [f"**{text['takeaways']}**", ""] + [f"- {md_line(t)}" for t in art.takeaways] + [""]
    body = page.llm_body.strip("\n")  # llm-only blocks kept, llm-ignore and nosnippet left out
    out += [body, ""]
    if art.faq:
        out += [f"## {text['faq']}", ""]
        for qa in art.faq:
            out += [f"### {md_line(qa.question)}", "", answer_code.to_markdown(qa.answer, md_text), ""]
    return "\n".join(out)
