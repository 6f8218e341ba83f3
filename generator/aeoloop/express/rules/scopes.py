"""Scopes: the views of a document a rule checks (text, heading, sentence, table cells ...)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from ..literals import first_chars, phrase_first_word, phrases
from ..markup import Document
from ..segments import PROSE_KINDS, Segment, split_sentences
from ..textstats import Stats
from ..timed import TimedPattern, compile_timed

SCOPES = {
    "text",
    "heading",
    "paragraph",
    "sentence",
    "list",
    "blockquote",
    "table",
    "table.header",
    "table.cell",
    "summary",
    "title",
    "description",
    *(f"heading.h{i}" for i in range(1, 7)),
}
UNSUPPORTED_SCOPES = {"raw", "alt", "code", "comment", "script", "markup", "attr"}


@dataclass
class View:
    """The text of one scope of a document: pieces joined with blank lines, and where each is."""

    text: str
    pieces: list[tuple[Segment, int, int]]  # (segment, start, end) in segment text
    starts: list[int]  # start of each piece in ``text``

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(_WORD_CHARS.findall(self.lower))

    @cached_property
    def squashed(self) -> str:
        return " ".join(self.lower.split())

    def may_contain(
        self,
        literals: frozenset[str] | None,
        first_words: frozenset[str] | None = None,
        phrases: frozenset[str] | None = None,
    ) -> bool:
        """False only when no match is possible: none of the first words of a phrase rule is a
        word of the text, none of its phrases is in the text, or none of the literals every
        match needs is a substring of it. Cheap checks that spare most regex runs."""
        if first_words is not None and first_words.isdisjoint(self.words):
            return False
        if phrases is not None:
            squashed = self.squashed
            return any(p in squashed for p in phrases)
        if literals is None:
            return True
        low = self.lower
        return any(lit in low for lit in literals)

    def locate(self, a: int, b: int) -> tuple[Segment, int, int] | None:
        """The (segment, start, end) of view text[a:b], or None when it crosses two pieces."""
        k = bisect_right(self.starts, a) - 1
        if k < 0:
            return None
        seg, s, e = self.pieces[k]
        base = self.starts[k]
        if b - base > e - s:
            return None
        return seg, s + (a - base), s + (b - base)


_WORD_CHARS = re.compile(r"[^\W_]+")


def _phrases(tokens: list[str], flags: int) -> frozenset[str] | None:
    out: set[str] = set()
    for tok in tokens:
        got = phrases(tok, flags)
        if got is None:
            return None
        out |= got
    return frozenset(out) or None


def _accelerated(pattern: TimedPattern, words: frozenset[str] | None) -> TimedPattern:
    """The same pattern behind a lookahead on its possible first characters, so the regex
    engine skips every other position quickly (same matches, same groups)."""
    if not words or any(not w for w in words):
        return pattern
    return compile_timed(
        "(?=[" + first_chars(words) + "])" + pattern.pattern, pattern.flags, pattern.key, pattern.parts
    )


def _first_words(tokens: list[str], word_bounded: bool, flags: int) -> frozenset[str] | None:
    if not word_bounded or not tokens:
        return None
    out = set()
    for tok in tokens:
        w = phrase_first_word(tok, flags)
        if w is None:
            return None
        out.add(w)
    return frozenset(out)


def _segment_matches(seg: Segment, scope: str) -> bool:
    kind = seg.kind
    if scope == "text":
        return True
    if scope == "heading":
        return kind in ("heading", "title")
    if scope.startswith("heading.h"):
        return kind in ("heading", "title") and seg.level == int(scope[-1])
    if scope == "paragraph":
        return kind in ("paragraph", "description")
    if scope == "summary":
        return kind in ("paragraph", "list", "blockquote", "description")
    if scope == "table":
        return kind in ("table.header", "table.cell")
    return kind == scope


def view(doc: Document, scopes: tuple[str, ...]) -> View:
    """The view of ``scopes`` (cached on the document)."""
    cache: dict[tuple[str, ...], View] = doc.__dict__.setdefault("_views", {})
    got = cache.get(scopes)
    if got is not None:
        return got
    pieces: list[tuple[Segment, int, int]] = []
    for seg in doc.segments:
        for scope in scopes:
            if scope == "sentence":
                if seg.kind in PROSE_KINDS:
                    pieces.extend((seg, a, b) for a, b in seg.sentences)
                    break
            elif _segment_matches(seg, scope):
                pieces.append((seg, 0, len(seg.text)))
                break
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for seg, a, b in pieces:
        starts.append(pos)
        parts.append(seg.text[a:b])
        pos += b - a + 2
    got = View("\n\n".join(parts), pieces, starts)
    cache[scopes] = got
    return got


def stats_of(doc: Document, seg_pieces: Iterable[tuple[Segment, int, int]]) -> Stats:
    texts: list[str] = []
    sentences = 0
    for seg, a, b in seg_pieces:
        texts.append(seg.text[a:b])
        if seg.kind in PROSE_KINDS:
            if a == 0 and b == len(seg.text):
                sentences += len(seg.sentences)
            else:
                sentences += len(split_sentences(seg.text[a:b]))
    return Stats.of(texts, sentences, doc.lang)
