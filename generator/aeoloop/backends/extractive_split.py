"""Split a writer's sentence that is over the brand's word limit where it already holds two sentences.

The extractive backend quotes the writer's sentences. When the only answer to a question holds a
sentence longer than ``limits.sentence`` (``brand/voice.yml``), the generated text would break the
brand's voice rule (the build warns on it). An editor splits such a sentence where it already
holds two: at a semicolon, or at ", and" / ", but" before a clause with its own subject ("… in a
plant hall, and a VT3-L on LoRaWAN reaches …"). Only punctuation and the joining "and" change,
so the body still prints the same words and :func:`aeoloop.text.split_key` recognises the
answer as the body's (the FAQ links to it instead of printing a near copy; verify finds it
visible). Each part is a sentence that reads alone, so a channel that quotes the first one
quotes a whole point.

Not split (tried on the example site): a series after a colon ("works in three layers: the
sensors …, the gateway …, and the cloud …") or of imperatives ("rank …, choose …, mount …") —
the first part alone is an announcement or the first steps of several, and channel derivatives
quote first sentences alone (an X thread's hook became two steps of five).

English only; a sentence with no such boundary is returned unchanged (the caller decides).
"""

from __future__ import annotations

import re

from ..quality.instructions import is_base_verb
from ..text import WORD_RE, count_words, split_key, split_sentences

# Words that open a clause with its own subject ("a VT3-L on LoRaWAN reaches …", "the gateway collects …").
_SUBJECT_START = frozenset(
    {"a", "an", "the", "most", "many", "some", "each", "every", "all", "no", "our", "your", "their", "its"}
)
_MIN_WORDS = 4  # neither part of a split may be shorter than this


def _depth_ok(text: str, pos: int) -> bool:
    """True when ``pos`` is outside brackets and quotes."""
    before = text[:pos]
    return (
        before.count("(") == before.count(")") and before.count("[") == before.count("]") and before.count('"') % 2 == 0
    )


def _subject_next(rest: str) -> bool:
    ws = WORD_RE.findall(rest)
    if len(ws) < _MIN_WORDS:
        return False
    first = ws[0]
    return first.lower() in _SUBJECT_START or (first[:1].isupper() and first not in ("I",) and not is_base_verb(first))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _end(text: str) -> str:
    text = text.rstrip(" ,;")
    return text if text.endswith((".", "!", "?")) else text + "."


def _at_semicolon(sentence: str) -> list[str] | None:
    for m in re.finditer(r";\s+", sentence):
        head, tail = sentence[: m.start()], sentence[m.end() :]
        if _depth_ok(sentence, m.start()) and count_words(head) >= _MIN_WORDS and count_words(tail) >= _MIN_WORDS:
            return [_end(head), _end(_cap(tail))]
    return None


def _at_conjunction(sentence: str) -> list[str] | None:
    """ "X, and a Y reaches …" → "X." + "A Y reaches …" (", but" keeps its "But"), when the comma is
    the first of the sentence (no series before it) and no colon precedes it."""
    m = re.search(r",\s+(and|but)\s+", sentence)
    if not m or ":" in sentence[: m.start()] or "," in sentence[: m.start()] or not _depth_ok(sentence, m.start()):
        return None
    head, tail = sentence[: m.start()], sentence[m.end() :]
    if count_words(head) < _MIN_WORDS or not _subject_next(tail):
        return None
    tail = tail if m.group(1).lower() == "and" else f"but {tail}"
    return [_end(head), _end(_cap(tail))]


def split_sentence(sentence: str, limit: int) -> list[str]:
    """``sentence`` as sentences of at most ``limit`` words where a boundary allows, else as is."""
    if count_words(sentence) <= limit:
        return [sentence]
    for rule in (_at_semicolon, _at_conjunction):
        parts = rule(sentence)
        if parts:
            return [x for p in parts for x in split_sentence(p, limit)]
    return [sentence]


def split_long(text: str, limit: int | None, lang: str) -> str:
    """``text`` with each sentence over ``limit`` words split where it safely can be."""
    if not limit or lang != "en":
        return text
    sentences = split_sentences(text)
    if not any(count_words(s) > limit for s in sentences):
        return text
    return " ".join(x for s in sentences for x in split_sentence(s, limit))


def same_words(a: str, b: str) -> bool:
    """True when ``a`` is ``b`` split or joined at clause boundaries (or ``b`` itself)."""
    return split_key(a) == split_key(b)
