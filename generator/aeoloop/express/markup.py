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

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Iterator

from markdown_it import MarkdownIt

from ..page import FRONT_MATTER_RE

PLACEHOLDER = "\ufffc"

# Kinds of segments. ``title``/``description`` come from the front matter.
PROSE_KINDS = frozenset({"paragraph", "list", "blockquote", "table.cell", "description"})


# -------------------------------------------------------------------------------------------
# Segments
# -------------------------------------------------------------------------------------------

@dataclass
class Segment:
    """A run of checkable text and where each of its characters sits in the source.

    ``runs`` are ``(text_start, source_start, length, synthetic, fixable)``. In a non-synthetic
    run, character ``text_start + i`` is source character ``source_start + i`` (the only
    difference allowed is a line break shown as one space). A synthetic run (placeholder,
    decoded entity) maps all its characters to the start of the construct it stands for.
    """

    kind: str
    text: str
    runs: list[tuple[int, int, int, bool, bool]]
    level: int = 0  # heading level (title: 1)
    line: int = 0   # 1-based source line of the first character

    @cached_property
    def _starts(self) -> list[int]:
        return [r[0] for r in self.runs]

    def _run(self, i: int) -> tuple[int, int, int, bool, bool] | None:
        k = bisect_right(self._starts, i) - 1
        if k < 0:
            return None
        run = self.runs[k]
        return run if i < run[0] + run[2] else None

    def offset(self, i: int) -> int:
        """Source offset of text character ``i`` (``i == len(text)``: just after the last one)."""
        if not self.runs:
            return 0
        if i >= len(self.text):
            last = self.runs[-1]
            return last[1] + (1 if last[3] else last[2])
        run = self._run(i)
        if run is None:  # between runs cannot happen (runs cover the text), be safe
            k = max(bisect_right(self._starts, i) - 1, 0)
            run = self.runs[k]
        return run[1] if run[3] else run[1] + (i - run[0])

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source (start, end) offsets covering text[start:end] (end exclusive)."""
        if end <= start:
            s = self.offset(start)
            return s, s
        first = self.offset(start)
        last_run = self._run(end - 1)
        if last_run is not None and last_run[3]:
            last = last_run[1] + 1  # a placeholder: its construct's first character
        else:
            last = self.offset(end - 1) + 1
        return first, max(last, first)

    def fixable(self, start: int, end: int, source: str | None = None) -> bool:
        """True when text[start:end] is one contiguous, verbatim stretch of the source outside
        links: the only places ``--fix`` may rewrite. With ``source``, a line break followed by
        indentation (a wrapped list item or admonition line) still counts as contiguous."""
        if end <= start:
            return False
        k = bisect_right(self._starts, start) - 1
        if k < 0:
            return False
        expected_src = None
        pos = start
        while pos < end:
            if k >= len(self.runs):
                return False
            t0, s0, length, synthetic, fixable = self.runs[k]
            if synthetic or not fixable or pos < t0 or pos >= t0 + length:
                return False
            src = s0 + (pos - t0)
            if expected_src is not None and src != expected_src:
                gap = source[expected_src:src] if source is not None and src > expected_src else "x"
                if gap.strip(" \t") or source is None or source[expected_src - 1] != "\n":
                    return False
            take = min(end, t0 + length) - pos
            pos += take
            expected_src = src + take
            k += 1
        return True

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of each sentence in ``text`` (prose segments only)."""
        return split_sentences(self.text)


# -------------------------------------------------------------------------------------------
# Sentence splitting: a cheap regex, with abbreviations that never end a sentence
# -------------------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "cf", "approx", "incl", "excl", "fig", "figs", "no", "nos", "dr", "mr", "mrs",
    "ms", "prof", "inc", "ltd", "co", "corp", "st", "jr", "sr", "vol", "ed", "p", "pp", "ca", "min", "max",
    "u.s", "u.k", "e.u", "a.m", "p.m",
    # Italian
    "es", "ecc", "pag", "sig", "sigg", "dott", "ing", "avv", "geom", "rag", "n", "art", "cap", "p.es",
}
# a match starts only where a run of end marks starts, so a run of 100,000 '!' is tried once
_SENT_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’»)\]]*(?=\s+|$)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in ``text``: ends at . ! ? … followed by space and a non-lowercase start."""
    out: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        nxt = end
        while nxt < n and text[nxt].isspace():
            nxt += 1
        if nxt < n:
            ch = text[nxt]
            if ch.islower():
                continue
        if m.group()[0] == ".":
            # the word just before: a bounded look back (abbreviations are short), never the
            # whole text before it, which made long paragraphs quadratic
            w = _WORD_BEFORE.search(text, max(0, m.start() - 64), m.start())
            if w is not None:
                word = w.group(1).lower().strip(".")
                if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and m.start() - w.start() <= 2):
                    continue
        s = start
        while s < end and text[s].isspace():
            s += 1
        if s < end:
            out.append((s, end))
        start = nxt
    s = start
    while s < n and text[s].isspace():
        s += 1
    e = n
    while e > s and text[e - 1].isspace():
        e -= 1
    if s < e:
        out.append((s, e))
    return out


# -------------------------------------------------------------------------------------------
# The inline scanner
# -------------------------------------------------------------------------------------------

_SPECIAL = re.compile(
    r"""
      \\[!-/:-@\[-`{-~]                          # backslash escape
    | \\(?=\n)                                   # backslash hard break
    | `+                                         # code span opener
    | !\[                                        # image
    | \[\^[^\[\]\s]+\]                           # footnote reference
    | [\[\]<]                                    # link brackets, autolink or HTML
    | (?<![\w/])(?:https?://|ftp://|www\.)       # bare URL
    | \*+ | _+ | ~~                              # emphasis and strikethrough markers
    | &(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});   # entity
    | \{:?[ \t]*[#.:][^{}\n]*\}                  # attribute list
    | \n
    """,
    re.X,
)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?)>")
# an open or closing tag (comments, processing instructions, CDATA and declarations: _html_end)
_HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z_:][\w.:\-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>",
)
_URL_BODY = re.compile(r"[^\s<>`]*")


_BRACKET_STOP = re.compile(r"[\\`\[\]]")
_PAREN_STOP = re.compile(r"[\\()\"']")
_TICKS = re.compile(r"`+")
_MAX_LABEL = 999        # CommonMark: a link label has at most 999 characters
_MAX_TAG = 1024         # an inline HTML tag longer than this is read as text


class _Context:
    """What the helpers of one :func:`scan_inline` call share, so that the whole scan stays
    linear in the length of the paragraph, whatever its content:

    - the backtick runs, found once: the closer of a code span is a lookup, not a scan;
    - a work allowance for the forward scans that look for a closing ``]`` or ``)``: each
      charges the characters it passes over, and once a paragraph has used ~8 times its own
      length, brackets are read as text (only pathological input, such as 30,000 unclosed
      ``[``, gets there; before this, each ``[`` rescanned the rest of the paragraph);
    - forward searches for fixed closers (``-->``, ``?>``, ``]]>``, ``>``) remembered, so that
      many openers without a closer cost one search, not one each.
    """

    __slots__ = ("c", "left", "_runs", "_found")

    def __init__(self, c: str) -> None:
        self.c = c
        self.left = 8 * len(c) + 10_000
        self._runs: tuple[list[int], list[int], dict[int, list[int]]] | None = None
        self._found: dict[str, tuple[int, int]] = {}

    def spend(self, k: int) -> bool:
        self.left -= k
        return self.left >= 0

    def find(self, needle: str, start: int) -> int:
        """``c.find(needle, start)``, remembering the last answer (starts only grow)."""
        got = self._found.get(needle)
        if got is not None and start >= got[0] and (got[1] < 0 or got[1] >= start):
            return got[1]
        at = self.c.find(needle, start)
        self._found[needle] = (start, at)
        return at

    def code_close(self, start: int, ticks: int) -> int:
        """Index of the first run of exactly ``ticks`` backticks from ``start`` (a run that
        ``start`` cuts counts from ``start``), or -1."""
        if self._runs is None:
            starts: list[int] = []
            ends: list[int] = []
            by_len: dict[int, list[int]] = {}
            for m in _TICKS.finditer(self.c):
                starts.append(m.start())
                ends.append(m.end())
                by_len.setdefault(m.end() - m.start(), []).append(m.start())
            self._runs = (starts, ends, by_len)
        starts, ends, by_len = self._runs
        k = bisect_right(starts, start) - 1
        if k >= 0 and ends[k] > start:  # inside a run: its rest is a run of its own
            if ends[k] - start == ticks:
                return start
            start = ends[k]
        same = by_len.get(ticks)
        if not same:
            return -1
        j = bisect_left(same, start)
        return same[j] if j < len(same) else -1


def _bracket_close(c: str, start: int, ctx: _Context) -> int:
    """Index of the ``]`` closing the ``[`` just before ``start`` (nesting, escapes and code
    aware), or -1 (also when the paragraph's work allowance is spent)."""
    depth = 1
    i = start
    n = len(c)
    search = _BRACKET_STOP.search
    while True:
        m = search(c, i)
        if m is None:
            ctx.spend(n - i)
            return -1
        j = m.start()
        if not ctx.spend(j - i + 1):
            return -1
        ch = c[j]
        if ch == "\\":
            i = j + 2
            continue
        if ch == "`":
            k = _TICKS.match(c, j).end()  # type: ignore[union-attr]
            close = ctx.code_close(k, k - j)
            i = close + (k - j) if close >= 0 else k
            continue
        if ch == "[":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return j
        i = j + 1


def _paren_close(c: str, start: int, ctx: _Context) -> int:
    """Given ``c[start] == '('``, the index just after the matching ``)`` of a link destination."""
    i = start + 1
    n = len(c)
    depth = 1
    while i < n and c[i] in " \t\n":
        i += 1
    if i < n and c[i] == "<":
        j = ctx.find(">", i)
        if j < 0 or not ctx.spend(j - i):
            return -1
        i = j + 1
    quote = ""
    search = _PAREN_STOP.search
    while True:
        m = search(c, i)
        if m is None:
            ctx.spend(n - i)
            return -1
        j = m.start()
        if not ctx.spend(j - i + 1):
            return -1
        ch = c[j]
        i = j + 1
        if ch == "\\":
            i = j + 2
            continue
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and c[j - 1] in " \t\n":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1


def _html_end(c: str, s: int, ctx: _Context) -> int:
    """Where inline HTML starting at ``c[s] == '<'`` ends, or -1 if it is not HTML."""
    if c.startswith("<!--", s):
        end = ctx.find("-->", s + 4)
        return end + 3 if end >= 0 else -1
    if c.startswith("<?", s):
        end = ctx.find("?>", s + 2)
        return end + 2 if end >= 0 else -1
    if c.startswith("<![CDATA[", s):
        end = ctx.find("]]>", s + 9)
        return end + 3 if end >= 0 else -1
    if c.startswith("<!", s):
        if s + 2 < len(c) and c[s + 2].isascii() and c[s + 2].isalpha():
            end = ctx.find(">", s + 2)
            return end + 1 if end >= 0 else -1
        return -1
    hm = _HTML_TAG.match(c, s, min(len(c), s + _MAX_TAG))
    return hm.end() if hm else -1


def _norm_label(label: str) -> str:
    return " ".join(label.split()).casefold()


class _Builder:
    """Accumulates segment text and runs from pieces of the aligned content."""

    def __init__(self, cmap: list[int], fixable_default: bool = True) -> None:
        self.cmap = cmap  # content index → source offset (-1 for none)
        self.parts: list[str] = []
        self.runs: list[tuple[int, int, int, bool, bool]] = []
        self.length = 0
        self.fixable_default = fixable_default

    def copy(self, content: str, a: int, b: int, fixable: bool) -> None:
        """Copy content[a:b] verbatim. The scanner stops at every line break, so a copied
        range never spans two lines and its characters are contiguous in the source."""
        if b > a:
            self._add(content[a:b], self.cmap[a], False, fixable)

    def _add(self, text: str, src: int, synthetic: bool, fixable: bool) -> None:
        if not text:
            return
        if self.runs and not synthetic:
            t0, s0, ln, syn, fx = self.runs[-1]
            if not syn and fx == fixable and s0 + ln == src and t0 + ln == self.length:
                self.runs[-1] = (t0, s0, ln + len(text), False, fixable)
                self.parts.append(text)
                self.length += len(text)
                return
        self.runs.append((self.length, src, len(text), synthetic, fixable))
        self.parts.append(text)
        self.length += len(text)

    def space_for_newline(self, content_pos: int) -> None:
        """A line break: one space, mapped to the source character where the line ended."""
        if self.length == 0 or self.parts[-1].endswith(" "):
            return
        self._add(" ", self.cmap[content_pos], False, True)

    def synthetic(self, text: str, content_pos: int) -> None:
        if self.length and self.parts[-1].endswith(PLACEHOLDER) and text == PLACEHOLDER:
            return
        self._add(text, self.cmap[content_pos], True, False)

    def text(self) -> str:
        return "".join(self.parts)


def scan_inline(content: str, cmap: list[int], references: set[str] | None = None) -> tuple[str, list[tuple[int, int, int, bool, bool]]]:
    """Drop inline Markdown syntax from ``content``; return (text, runs into the source)."""
    refs = references or set()
    b = _Builder(cmap)
    c = content
    n = len(c)
    pos = 0
    link_ends: dict[int, int] = {}  # index of a link's closing ']' → where its destination ends
    depth = 0
    ctx = _Context(c)
    search = _SPECIAL.search
    while pos < n:
        m = search(c, pos)
        if m is None:
            b.copy(c, pos, n, depth == 0)
            break
        s = m.start()
        b.copy(c, pos, s, depth == 0)
        tok = m.group()
        first = tok[0]
        pos = m.end()
        if first == "\\":
            if len(tok) == 2:
                b.copy(c, s + 1, s + 2, False)
            continue
        if first == "\n":
            b.space_for_newline(s)
            continue
        if first == "`":
            close = ctx.code_close(pos, len(tok))
            if close >= 0:
                b.synthetic(PLACEHOLDER, s)
                pos = close + len(tok)
            else:
                b.copy(c, s, pos, False)
            continue
        if tok == "![":
            close = _bracket_close(c, pos, ctx)
            end = _link_end(c, pos, close, refs, ctx) if close >= 0 else -1
            if end >= 0:
                pos = end
            else:
                b.copy(c, s, pos, False)
            continue
        if first == "[":
            if len(tok) > 1:  # footnote reference [^x]
                continue
            close = _bracket_close(c, pos, ctx)
            end = _link_end(c, pos, close, refs, ctx) if close >= 0 else -1
            if end >= 0:
                link_ends[close] = end
                depth += 1
            else:
                b.copy(c, s, pos, depth == 0)
            continue
        if first == "]":
            end = link_ends.pop(s, None)
            if end is not None:
                pos = end
                depth -= 1
            else:
                b.copy(c, s, pos, depth == 0)
            continue
        if first == "<":
            am = _AUTOLINK.match(c, s)
            if am:
                b.synthetic(PLACEHOLDER, s)
                pos = am.end()
                continue
            html_end = _html_end(c, s, ctx)
            if html_end >= 0:
                pos = html_end
                continue
            b.copy(c, s, pos, depth == 0)
            continue
        if first in "hfw" and (tok.endswith("//") or tok == "www."):
            um = _URL_BODY.match(c, pos)
            end = um.end() if um else pos
            # trailing punctuation ends the sentence, not the URL; unbalanced ')' is not the URL's
            while end > pos and c[end - 1] in ".,;:!?'\"*_":
                end -= 1
            opened, closed = c.count("(", s, end), c.count(")", s, end)
            while end > pos and c[end - 1] == ")" and opened < closed:
                end -= 1
                closed -= 1
            b.synthetic(PLACEHOLDER, s)
            pos = end
            continue
        if first == "*" or first == "~":
            before = c[s - 1] if s > 0 else " "
            after = c[pos] if pos < n else " "
            if before.isspace() and after.isspace() and first == "*":
                b.copy(c, s, pos, depth == 0)  # a lone '*' between spaces is text, not emphasis
            continue
        if first == "_":
            before = c[s - 1] if s > 0 else " "
            after = c[pos] if pos < n else " "
            if before.isalnum() and after.isalnum():
                b.copy(c, s, pos, depth == 0)  # snake_case
            continue
        if first == "&":
            decoded = html.unescape(tok)
            if decoded != tok:
                b.synthetic(decoded, s)
            else:
                b.copy(c, s, pos, depth == 0)
            continue
        if first == "{":
            continue  # attribute list
        b.copy(c, s, pos, depth == 0)  # pragma: no cover - every alternative is handled above
    return b.text(), b.runs


def _link_end(c: str, open_: int, close: int, refs: set[str], ctx: _Context) -> int:
    """Where a link/image whose text is c[open_:close] (c[close] == ']') ends, or -1 if it is
    not one."""
    n = len(c)
    nxt = close + 1
    if nxt < n and c[nxt] == "(":
        return _paren_close(c, nxt, ctx)
    if not refs:
        return -1
    if nxt < n and c[nxt] == "[":
        end = ctx.find("]", nxt + 1)
        if end < 0 or not ctx.spend(end - nxt):
            return -1
        if end > nxt + 1:
            a, b = nxt + 1, end
        else:
            a, b = open_, close
        return end + 1 if b - a <= _MAX_LABEL and _norm_label(c[a:b]) in refs else -1
    return close + 1 if close - open_ <= _MAX_LABEL and _norm_label(c[open_:close]) in refs else -1


# -------------------------------------------------------------------------------------------
# Block structure
# -------------------------------------------------------------------------------------------

@cache
def _markdown() -> MarkdownIt:
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark").enable("table").use(admon_plugin).use(footnote_plugin)
    md.disable(["inline", "footnote_tail", "text_join"])
    return md


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


def parse_markdown(source: str, *, lang: str = "en", file: str = "<text>", front_matter: bool = True,
                   meta_keys: tuple[str, ...] = ("title", "description")) -> Document:
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
                    segments.append(Segment(kind, text, runs, level=heading_level if kind == "heading" else 0,
                                            line=body_line + tok.map[0] + 1))
        i += 1
    doc.counts = counts
    return doc


def _strip(text: str, runs: list[tuple[int, int, int, bool, bool]]) -> tuple[str, list[tuple[int, int, int, bool, bool]]]:
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
        nxt = raw[m.end() + 1:m.end() + 2]
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
        out.append(Segment(kind, value, [(0, pos, len(value), False, False)], level=1 if kind == "title" else 0, line=line))
    return lang


def parse_plain(text: str, *, kind: str = "paragraph", lang: str = "en", file: str = "<text>") -> Document:
    """A text that is not Markdown (a question, a one-line answer) as a single segment."""
    doc = Document(text, [], 0, lang=lang, file=file)
    stripped = text.strip()
    if stripped:
        start = text.index(stripped)
        level = 2 if kind == "heading" else 0
        doc.segments.append(Segment(kind, stripped, [(0, start, len(stripped), False, True)], level=level,
                                    line=text.count("\n", 0, start) + 1))
    return doc
