"""Markdown → checkable text segments with exact offsets into the SOURCE file.

Lint rules never see Markdown syntax: they see the prose a reader sees, one :class:`Segment`
per heading, paragraph, list item, blockquote paragraph and table cell, plus the front matter
``title`` and ``description`` values. Every character of a segment's text knows the offset of
the source character it came from, so a finding points at ``file:line:col`` of the file the
writer edits and ``--fix`` can rewrite exactly that span and nothing else.

Never part of any segment (so never checked, never changed): front matter keys and every other
front matter value, fenced and indented code, inline code, HTML blocks and inline HTML, link
destinations and reference definitions, images, autolinks and bare URLs, footnote markers and
attribute lists (``{ #id .class }``).

How: markdown-it-py parses the *block* structure only (its inline parser is switched off, which
also makes it much faster); each inline token's content is aligned line by line with the
source lines of its ``map``; a small scanner then walks that content and drops inline syntax
(emphasis markers, link brackets and destinations, code spans, HTML, escapes) while keeping
the offset of every character it keeps. Inline code and URLs are replaced by one placeholder
character (``\\ufffc``) so that sentences keep their shape ("run `make` now" → "run ￼ now").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Iterator

from markdown_it import MarkdownIt

from ..mdfast import faster
from ..page import FRONT_MATTER_RE
from .inline import _norm_label, scan_inline
from .segments import Segment


@cache
def _markdown() -> MarkdownIt:
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark").enable("table").use(admon_plugin).use(footnote_plugin)
    md.disable(["inline", "footnote_tail", "text_join"])
    return faster(md)


@dataclass
class Document:
    """A source text cut into segments; what every rule runs on."""

    source: str
    segments: list[Segment]
    body_offset: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # blocks by kind, for metric rules
    lang: str = "en"
    file: str = "<text>"

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.source.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; column counts characters."""
        k = bisect_right(self.line_starts, offset) - 1
        return k + 1, offset - self.line_starts[k] + 1

    def by_kind(self, *kinds: str) -> Iterator[Segment]:
        return (s for s in self.segments if s.kind in kinds)


def _line_bounds(source: str, start_line: int, end_line: int, line_starts: list[int]) -> Iterator[tuple[int, int]]:
    for k in range(start_line, end_line):
        if k >= len(line_starts):
            return
        a = line_starts[k]
        b = line_starts[k + 1] - 1 if k + 1 < len(line_starts) else len(source)
        yield a, b


def _align(content: str, source: str, first_line: int, line_starts: list[int]) -> tuple[str, list[int]] | None:
    """Map each content character to its source offset, line by line.

    Returns (content, cmap) where content lines were right-stripped. Lines that cannot be found
    in their source line are dropped (nothing is checked there rather than something wrong).
    """
    lines = content.split("\n")
    out_parts: list[str] = []
    cmap: list[int] = []
    for k, line in enumerate(lines):
        idx = first_line + k
        if idx >= len(line_starts):
            break
        a = line_starts[idx]
        b = line_starts[idx + 1] - 1 if idx + 1 < len(line_starts) else len(source)
        src_line = source[a:b]
        cl = line.rstrip()
        stripped_src = src_line.rstrip()
        if not cl:
            continue
        if stripped_src.endswith(cl):
            col = len(stripped_src) - len(cl)
        else:
            col = src_line.find(cl)
            if col < 0:
                cl = cl.lstrip()
                col = src_line.find(cl) if cl else -1
                if col < 0:
                    continue
        if out_parts:
            out_parts.append("\n")
            cmap.append(a - 1)  # the line break itself: the '\n' that ends the previous line
        out_parts.append(cl)
        start = a + col
        cmap.extend(range(start, start + len(cl)))
    if not out_parts:
        return None
    return "".join(out_parts), cmap


_TABLE_CELL = re.compile(r"(?:\\.|`[^`]*`|[^|\\`])+")


def _table_row_cells(source: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """(start, end) source offsets of the trimmed cells of one table row line."""
    line = source[a:b]
    for m in _TABLE_CELL.finditer(line):
        cell = m.group()
        stripped = cell.strip()
        if not stripped:
            continue
        lead = len(cell) - len(cell.lstrip())
        yield a + m.start() + lead, a + m.start() + lead + len(stripped)


def parse_markdown(
    source: str,
    *,
    lang: str = "en",
    file: str = "<text>",
    front_matter: bool = True,
    meta_keys: tuple[str, ...] = ("title", "description"),
) -> Document:
    """Cut a Markdown source into checkable segments (front matter skipped, see module doc)."""
    body_offset = 0
    segments: list[Segment] = []
    fm = FRONT_MATTER_RE.match(source) if front_matter else None
    if fm:
        body_offset = fm.end()
        meta_lang = _meta(source, fm, meta_keys, segments)
        if meta_lang:
            lang = meta_lang
    doc = Document(source, segments, body_offset, lang=lang, file=file)
    line_starts = doc.line_starts
    body_line = bisect_right(line_starts, body_offset) - 1  # 0-based line index of the body start
    body = source[body_offset:]
    env: dict[str, Any] = {}
    tokens = _markdown().parse(body, env)
    refs = {_norm_label(k) for k in (env.get("references") or {})}
    counts: dict[str, int] = {}
    stack: list[str] = []
    heading_level = 0
    in_table_head = False
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        ttype = tok.type
        if ttype.endswith("_open"):
            name = ttype[:-5]
            stack.append(name)
            if name == "heading":
                heading_level = int(tok.tag[1])
                counts[f"heading_h{heading_level}"] = counts.get(f"heading_h{heading_level}", 0) + 1
            elif name in ("bullet_list", "ordered_list"):
                counts["list"] = counts.get("list", 0) + 1
            elif name == "blockquote":
                counts["blockquote"] = counts.get("blockquote", 0) + 1
            elif name == "thead":
                in_table_head = True
            elif name == "tbody":
                in_table_head = False
            elif name == "tr" and tok.map:
                kind = "table.header" if in_table_head else "table.cell"
                for a, b in _line_bounds(source, body_line + tok.map[0], body_line + tok.map[0] + 1, line_starts):
                    for cs, ce in _table_row_cells(source, a, b):
                        content = source[cs:ce]
                        text, runs = _strip(*scan_inline(content, list(range(cs, ce)), refs))
                        if text:
                            segments.append(Segment(kind, text, runs, line=doc.line_col(cs)[0]))
            elif name == "paragraph":
                counts["paragraphs"] = counts.get("paragraphs", 0) + 1
        elif ttype.endswith("_close"):
            if stack:
                stack.pop()
        elif ttype in ("fence", "code_block"):
            counts["pre"] = counts.get("pre", 0) + 1
        elif ttype == "inline" and tok.map is not None:
            parent = stack[-1] if stack else ""
            if parent in ("th", "td", "admonition_title"):
                i += 1
                continue
            if parent == "heading":
                kind = "heading"
            elif "list_item" in stack:
                kind = "list"
            elif "blockquote" in stack:
                kind = "blockquote"
            else:
                kind = "paragraph"
            aligned = _align(tok.content, source, body_line + tok.map[0], line_starts)
            if aligned is not None:
                content, cmap = aligned
                text, runs = _strip(*scan_inline(content, cmap, refs))
                if text:
                    segments.append(
                        Segment(
                            kind,
                            text,
                            runs,
                            level=heading_level if kind == "heading" else 0,
                            line=body_line + tok.map[0] + 1,
                        )
                    )
        i += 1
    doc.counts = counts
    return doc


def _strip(
    text: str, runs: list[tuple[int, int, int, bool, bool]]
) -> tuple[str, list[tuple[int, int, int, bool, bool]]]:
    """Drop leading and trailing whitespace (left by removed markup), keeping the runs exact."""
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    if left == 0 and right == len(text):
        return text, runs
    out = []
    for t0, s0, ln, syn, fx in runs:
        a, b = max(t0, left), min(t0 + ln, right)
        if a >= b:
            continue
        out.append((a - left, s0 if syn else s0 + (a - t0), b - a, syn, fx))
    return text[left:right], out


_FM_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*\r?$", re.M)


def _meta(source: str, fm: re.Match[str], keys: tuple[str, ...], out: list[Segment]) -> str | None:
    """Add segments for front matter values that are published prose (title, description);
    return the page's ``lang`` if the front matter sets one.

    A line scan, not a YAML parse (YAML is slow and the page loader validates the front matter
    anyway): only top-level, single-line, plain or simply quoted values are used; anything
    else (block scalars, escapes, comments, continuation lines) is skipped. These segments are
    checked but never fixed: front matter is never changed.
    """
    raw = fm.group(1) or ""
    base = fm.start(1) if fm.group(1) is not None else 0
    lang = None
    for m in _FM_KEY.finditer(raw):
        key, value = m.group(1), m.group(2)
        if not value or (key not in keys and key != "lang"):
            continue
        nxt = raw[m.end() + 1 : m.end() + 2]
        if nxt in (" ", "\t"):
            continue  # a plain scalar continued on the next line
        start = m.start(2)
        quote = value[0]
        if quote in "'\"":
            inner = value[1:-1]
            if len(value) < 2 or value[-1] != quote or quote in inner or "\\" in inner:
                continue
            value, start = inner, start + 1
        elif quote in "[]{}&*!|>%@`#" or ": " in value or " #" in value:
            continue
        if key == "lang":
            lang = value.split("-")[0].lower()
            continue
        if not value.strip():
            continue
        pos = base + start
        kind = "title" if key == "title" else "description"
        line = source.count("\n", 0, pos) + 1
        out.append(
            Segment(kind, value, [(0, pos, len(value), False, False)], level=1 if kind == "title" else 0, line=line)
        )
    return lang


def parse_plain(text: str, *, kind: str = "paragraph", lang: str = "en", file: str = "<text>") -> Document:
    """A text that is not Markdown (a question, a one-line answer) as a single segment."""
    doc = Document(text, [], 0, lang=lang, file=file)
    stripped = text.strip()
    if stripped:
        start = text.index(stripped)
        level = 2 if kind == "heading" else 0
        doc.segments.append(
            Segment(
                kind,
                stripped,
                [(0, start, len(stripped), False, True)],
                level=level,
                line=text.count("\n", 0, start) + 1,
            )
        )
    return doc
