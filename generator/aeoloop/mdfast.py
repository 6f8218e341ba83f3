"""markdown-it-py with its two per-character Python loops replaced by ``str`` and ``re`` scans.

Why: loading a page parses its Markdown with markdown-it-py, and in a build without the
sections cache (CI's fresh clone, a cold build) that parse is most of the load step. Two loops
in it visit every character in Python: the inline ``text`` rule (skip to the next character
that may start markup) and :class:`~markdown_it.rules_block.state_block.StateBlock`'s line
table (where each line begins and ends, and its indent). :func:`faster` swaps both, in one
``MarkdownIt`` instance, for scans that compute the same thing with ``str.find`` and a compiled
pattern; every other rule and every token is the library's. The token stream is the same, token
for token: ``tests/test_mdfast.py`` compares both parsers on generated Markdown and on the
example site's pages, so a library release that changes either loop fails there, not silently.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.rules_inline.text import _TerminatorChars
from markdown_it.token import Token
from markdown_it.utils import EnvType

__all__ = ["faster"]

#: A run of characters that cannot start inline markup: what the library's ``text`` rule skips.
_TEXT_RUN = re.compile("[^" + re.escape("".join(sorted(_TerminatorChars))) + "]+")
_INDENT = re.compile(r"[ \t]*")  # markdown-it's isStrSpace: a space or a tab


def _text(state: StateInline, silent: bool) -> bool:
    """markdown-it's ``text`` inline rule: the run of plain characters from ``state.pos`` goes to
    the pending text (one regex match instead of a Python loop over the characters)."""
    found = _TEXT_RUN.match(state.src, state.pos, state.posMax)
    if found is None:
        return False
    if not silent:
        state.pending += found.group()
    state.pos = found.end()
    return True


def line_marks(src: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """(begin, end, first non-space offset, indent with tabs expanded) of each line of ``src``, and
    the library's closing entry: what :class:`StateBlock` computes character by character.

    As the library does, a last line without a newline that holds only spaces and tabs is no line.
    """
    begins: list[int] = []
    ends: list[int] = []
    shifts: list[int] = []
    counts: list[int] = []
    length = len(src)
    start = 0
    while start < length:
        newline = src.find("\n", start)
        end = length if newline < 0 else newline
        indent_end = _INDENT.match(src, start, end).end()  # type: ignore[union-attr]  # [ \t]* always matches
        if newline < 0 and indent_end == length:
            break
        indent = indent_end - start
        if "\t" in src[start:indent_end]:
            offset = 0
            for ch in src[start:indent_end]:
                offset += 4 - offset % 4 if ch == "\t" else 1
        else:
            offset = indent
        begins.append(start)
        ends.append(end)
        shifts.append(indent)
        counts.append(offset)
        start = end + 1
    begins.append(length)
    ends.append(length)
    shifts.append(0)
    counts.append(0)
    return begins, ends, shifts, counts


class _LineTableState(StateBlock):
    """A :class:`StateBlock` whose line table comes from :func:`line_marks`; every other field is
    set by the library's own constructor (run on an empty source, which costs nothing)."""

    def __init__(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)
        self.src = src
        self.bMarks, self.eMarks, self.tShift, self.sCount = line_marks(src)
        self.bsCount = [0] * len(self.bMarks)
        self.lineMax = len(self.bMarks) - 1  # the closing entry is no line


class _ParserBlock(ParserBlock):
    def parse(self, src: str, md: MarkdownIt, env: EnvType, outTokens: list[Token]) -> list[Token] | None:
        if not src:
            return None
        state = _LineTableState(src, md, env, outTokens)
        self.tokenize(state, state.line, state.lineMax)
        return state.tokens


def faster(md: MarkdownIt) -> MarkdownIt:
    """``md`` (configured, plugins added) with the faster text rule and line table; same tokens."""
    block = _ParserBlock()
    block.ruler = md.block.ruler  # the rules as configured, plugins' included
    md.block = block
    md.inline.ruler.at("text", _text)
    return md
