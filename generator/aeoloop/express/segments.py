"""Segments (the checkable pieces of a page, with source offsets) and the sentence splitter lint uses."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property


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
    line: int = 0  # 1-based source line of the first character

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
    "e.g",
    "i.e",
    "etc",
    "vs",
    "cf",
    "approx",
    "incl",
    "excl",
    "fig",
    "figs",
    "no",
    "nos",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "inc",
    "ltd",
    "co",
    "corp",
    "st",
    "jr",
    "sr",
    "vol",
    "ed",
    "p",
    "pp",
    "ca",
    "min",
    "max",
    "u.s",
    "u.k",
    "e.u",
    "a.m",
    "p.m",
    # Italian
    "es",
    "ecc",
    "pag",
    "sig",
    "sigg",
    "dott",
    "ing",
    "avv",
    "geom",
    "rag",
    "n",
    "art",
    "cap",
    "p.es",
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
