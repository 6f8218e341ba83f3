"""Authoring controls in Markdown: blocks that only the LLM versions carry, or that they omit.

Writers mark a run of blocks with HTML comments, each on a line of its own::

    <!-- llm-only -->
    Context for language models: not printed on the HTML page, kept in the Markdown mirror
    and llms-full.txt.
    <!-- /llm-only -->

    <!-- llm-ignore -->
    Shown on the HTML page; left out of the mirror, llms-full.txt and generation.
    <!-- /llm-ignore -->

    <!-- nosnippet -->
    Shown on the page inside ``<div data-nosnippet>`` (search engines and AI Overviews do not
    quote it); left out of the mirror, llms-full.txt and generation for the same reason.
    <!-- /nosnippet -->

Why comments: they are invisible in every Markdown renderer that does not know them, so a page
stays readable on GitHub or in an editor preview. Markers are found with markdown-it (the parser
the page model uses), so a marker inside a code block or an inline comment in a sentence is
text, not a marker. Views keep the line count of the source (removed lines become blank lines),
so line numbers in messages still point at the file the writer edits.

Generated text (summary, FAQ, takeaways) is printed on the HTML page and its FAQ must match the
visible text, so generation reads neither ``llm-only`` nor ``llm-ignore`` nor ``nosnippet``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from markdown_it import MarkdownIt

from .mdfast import faster

Kind = Literal["llm-only", "llm-ignore", "nosnippet"]
KINDS: tuple[Kind, ...] = ("llm-only", "llm-ignore", "nosnippet")
_KIND_OF: dict[str, Kind] = {kind: kind for kind in KINDS}  # a marker's text as its Kind
MARKER_RE = re.compile(r"^\s*<!--\s*(/?)\s*(llm-only|llm-ignore|nosnippet)\s*-->\s*$")
#: What the plugin leaves in the Markdown MkDocs renders, to turn into ``<div data-nosnippet>``.
NOSNIPPET_OPEN = "<!-- aeoloop:nosnippet -->"
NOSNIPPET_CLOSE = "<!-- /aeoloop:nosnippet -->"


@dataclass(frozen=True)
class Marked:
    """One marked run: the 0-based line numbers of its opening and closing marker lines."""

    kind: Kind
    start: int
    end: int


@cache
def _parser() -> MarkdownIt:
    from mdit_py_plugins.admon import admon_plugin

    return faster(MarkdownIt("commonmark").enable("table").use(admon_plugin))


def find_blocks(markdown: str) -> tuple[list[Marked], list[tuple[int, str]]]:
    """The marked runs of a Markdown text, and problems as (1-based line, message)."""
    if "<!--" not in markdown:
        return [], []
    markers: list[tuple[int, bool, Kind]] = []
    for tok in _parser().parse(markdown):
        if tok.type != "html_block" or tok.map is None:
            continue
        lines = tok.content.rstrip("\n").split("\n")
        for offset, text in enumerate(lines):
            m = MARKER_RE.match(text)
            if m:
                markers.append((tok.map[0] + offset, m.group(1) == "/", _KIND_OF[m.group(2)]))
    blocks: list[Marked] = []
    problems: list[tuple[int, str]] = []
    open_at: dict[Kind, int] = {}
    for line, closing, kind in sorted(markers):
        if not closing:
            if kind in open_at:
                problems.append(
                    (
                        line + 1,
                        f"`<!-- {kind} -->` opened again before `<!-- /{kind} -->` closed the one on line {open_at[kind] + 1}",
                    )
                )
                continue
            open_at[kind] = line
        elif kind not in open_at:
            problems.append(
                (line + 1, f"`<!-- /{kind} -->` closes nothing; add `<!-- {kind} -->` before the block, or remove it")
            )
        else:
            blocks.append(Marked(kind, open_at.pop(kind), line))
    for kind, line in open_at.items():
        problems.append((line + 1, f"`<!-- {kind} -->` is never closed; add `<!-- /{kind} -->` after the block"))
    return sorted(blocks, key=lambda b: b.start), problems


def _indent(line: str) -> str:
    """The line's leading whitespace."""
    return line[: len(line) - len(line.lstrip())]


def view(markdown: str, *, drop: frozenset[Kind], html: bool = False) -> str:
    """The text with the content of ``drop`` runs removed and every marker line blanked.

    ``html=True`` (the page MkDocs renders) replaces ``nosnippet`` markers (when not dropped) by
    comments the plugin turns into ``<div data-nosnippet>``, with blank lines around them so
    Python-Markdown keeps them as blocks of their own. Other views keep the line count.
    """
    blocks, _ = find_blocks(markdown)
    if not blocks:
        return markdown
    lines = markdown.split("\n")
    for block in blocks:
        if block.kind in drop:
            for i in range(block.start, block.end + 1):
                lines[i] = ""
    for block in blocks:
        if block.kind in drop:
            continue
        if html and block.kind == "nosnippet":
            lines[block.start] = f"\n{_indent(lines[block.start])}{NOSNIPPET_OPEN}\n"
            lines[block.end] = f"\n{_indent(lines[block.end])}{NOSNIPPET_CLOSE}\n"
        else:
            lines[block.start] = lines[block.end] = ""
    return "\n".join(lines)


#: What each output reads.
FOR_HTML: frozenset[Kind] = frozenset({"llm-only"})
FOR_LLMS: frozenset[Kind] = frozenset({"llm-ignore", "nosnippet"})
FOR_GENERATION: frozenset[Kind] = frozenset({"llm-only", "llm-ignore", "nosnippet"})


def nosnippet_html(html: str) -> str:
    """Turn the plugin's nosnippet comments in rendered HTML into ``<div data-nosnippet>``."""
    if NOSNIPPET_OPEN not in html:
        return html
    return html.replace(NOSNIPPET_OPEN, "<div data-nosnippet>").replace(NOSNIPPET_CLOSE, "</div>")
