"""Text keys for "does the page already say this?", as :mod:`aeoloop.text` makes them, in fewer passes.

Why: the render hooks compare generated text with each page's HTML (:mod:`aeoloop.amplify.blocks`:
which FAQ answers the body prints, what the search index may skip, where the opening is the
summary). A warm build reads their results from the fragment cache; a CI build (fresh clone, no
``.aeoloop/``) computes them on every page, and :func:`aeoloop.text.normalize` and
:func:`~aeoloop.text.split_key` were most of that time (``str.translate`` with a table, a regex
that begins with ``\\s*``). These give the same strings (``tests/test_blocks_fast.py`` holds them
equal on every string); :mod:`aeoloop.text` itself is left as it is, because it is in the key of
every generated page. :func:`lengths_at_spaces` measures a paragraph's normalised text as it is
read, for :func:`aeoloop.amplify.blocks.split_opening`'s split at a sentence end.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from html import unescape


def same_key(text: str, *, spaced: bool = False) -> str:
    """:func:`aeoloop.text.split_key`, faster: :func:`same_text`, then the marks (the key drops
    every space, so a mark need not take the spaces around it: split_key's pattern begins with
    ``\\s*``, which the regex engine tries at every space of a page). ``spaced``: the caller's
    text is :func:`~aeoloop.text.normalize`'s output or one-spaced and casefolded, which ASCII text
    then is already. A test holds the two equal on every string."""
    if not (spaced and text.isascii()):
        text = same_text(text)
    return _SPLIT_MARK_BARE.sub("|", text).replace(" ", "")


def same_text(text: str) -> str:
    """:func:`aeoloop.text.normalize`, faster (it runs on every page of a CI build: the fragment
    cache is empty there): ASCII text is its own NFKC form and has no curly quotes; other text has
    its four quote marks replaced one by one, ten times faster than ``str.translate`` with a table.
    Not changed in :mod:`aeoloop.text` itself: that module is in the keys of every generated page.
    A test holds the two equal on every string."""
    if text.isascii():
        return " ".join(text.split()).lower()
    text = unicodedata.normalize("NFKC", text)
    for curly, straight in _QUOTE_MARKS:
        if curly in text:
            text = text.replace(curly, straight)
    return " ".join(text.split()).casefold()


_QUOTE_MARKS = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'))
"""The curly quotes :func:`aeoloop.text.normalize` straightens (its ``_QUOTES`` table)."""
_SPLIT_MARK_BARE = re.compile(r"[.;]|,\s*and\b|,(?=\s*but\b)")
"""The marks of :func:`aeoloop.text.split_key` without the spaces around them (see same_key)."""


def lengths_at_spaces(token: str, before: int, space: bool) -> Iterator[tuple[int, int]]:
    """(offset, normalised length of the text up to it) at each space of the text run ``token``
    (as :func:`spaced_len` of the unescaped ``token[:offset]``). Without a character reference
    (``&``) the words before a space are those before the one before it and those between the
    two, so the lengths are summed as the spaces come (one pass); with one, each prefix is
    unescaped and measured as it is (an entity can unescape to whitespace)."""
    spaces = [m.start() for m in re.finditer(" ", token)]
    if "&" in token:
        for offset in spaces:
            yield offset, spaced_len(before, space, unescape(token[:offset]))
        return
    chars = count = last = 0
    for offset in spaces:
        words = token[last:offset].split()
        chars += sum(map(len, words))
        count += len(words)
        last = offset
        if not count:
            yield offset, before
        elif not before:
            yield offset, chars + count - 1
        else:
            yield offset, before + chars + count - 1 + (1 if space or token[0].isspace() else 0)


def spaced_len(before: int, space: bool, text: str) -> int:
    """``len(" ".join((a + text).split()))`` from ``before``, that length of ``a``, and ``space``,
    whether ``a`` ends in whitespace: the words of ``text`` one-spaced, after a space unless
    ``a`` has no words yet or the two run together (no whitespace between them)."""
    words = text.split()
    if not words:
        return before
    own = sum(map(len, words)) + len(words) - 1
    if not before:
        return own
    return before + own + (1 if space or text[0].isspace() else 0)
