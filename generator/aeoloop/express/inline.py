"""The inline scanner: Markdown inline syntax dropped, the offset of every kept character kept.

See :mod:`aeoloop.express.markup` for the whole picture; this module walks one inline token.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right


from .segments import PLACEHOLDER


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
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?)>"
)
# an open or closing tag (comments, processing instructions, CDATA and declarations: _html_end)
_HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z_:][\w.:\-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>",
)
_URL_BODY = re.compile(r"[^\s<>`]*")


_BRACKET_STOP = re.compile(r"[\\`\[\]]")
_PAREN_STOP = re.compile(r"[\\()\"']")
_TICKS = re.compile(r"`+")
_MAX_LABEL = 999  # CommonMark: a link label has at most 999 characters
_MAX_TAG = 1024  # an inline HTML tag longer than this is read as text


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
            run = _TICKS.match(c, j)  # (matches: c[j] is a backtick)
            k = run.end() if run else j + 1
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


def scan_inline(
    content: str, cmap: list[int], references: set[str] | None = None
) -> tuple[str, list[tuple[int, int, int, bool, bool]]]:
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
            end = link_ends.pop(s, -1)  # only ends >= 0 are stored
            if end >= 0:
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
