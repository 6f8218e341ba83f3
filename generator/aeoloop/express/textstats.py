"""Counts and readability formulas for metric and readability rules.

The formulas and their per-language constants are textstat's (Flesch reading ease with the
Flesch-Vacca constants for Italian, Flesch-Kincaid grade, Gulpease, Gunning fog, SMOG,
Coleman-Liau, ARI), and syllables come from textstat's own counter (CMU dictionary for English,
Pyphen hyphenation for other languages). What differs is the input: words and sentences come
from the same segmentation the other rules use (code, URLs and markup already removed), and
syllables are cached per word, so a page costs one pass instead of textstat's several passes
per formula.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # textstat is imported by the first syllable count (it loads its dictionaries)
    from textstat.textstat import textstatistics

WORD_RE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:[-'’][^\W_]+)*|\ufffc")
_COMPLEX_SUFFIX = re.compile(r"(?:es|ed|ing)$")

# textstat's LANG_CONFIGS for Flesch reading ease (English constants as the fallback).
_FRE = {
    "en": (206.835, 1.015, 84.6),
    "de": (180.0, 1.0, 58.5),
    "es": (206.84, 1.02, 60.0),
    "fr": (207.0, 1.015, 73.6),
    "it": (217.0, 1.3, 60.0),
    "nl": (206.835, 0.93, 77.0),
    "ru": (206.835, 1.3, 60.1),
    "hu": (206.835, 1.015, 58.5),
}
_LOCALES = {"en": "en_US", "it": "it_IT", "de": "de_DE", "fr": "fr_FR", "es": "es_ES", "nl": "nl_NL", "pt": "pt_PT"}


@lru_cache(maxsize=16)
def _counter(lang: str) -> textstatistics:
    from textstat.textstat import textstatistics

    ts = textstatistics()
    ts.set_lang(_LOCALES.get(lang, lang))
    return ts


_SYLLABLES: dict[str, dict[str, int]] = {}


def syllables(word: str, lang: str) -> int:
    cache = _SYLLABLES.setdefault(lang, {})
    key = word.lower()
    n = cache.get(key)
    if n is None:
        if not any(ch.isalpha() for ch in key):
            n = 1  # numbers, placeholders for code: one "syllable" each
        else:
            try:
                n = max(1, int(_counter(lang).syllable_count(key)))
            except Exception:  # an unknown locale in pyphen: a vowel-group estimate
                n = max(1, len(re.findall(r"[aeiouyàèéìòù]+", key)))
        cache[key] = n
    return n


_INFO: dict[str, dict[str, tuple[int, int, int, int, int]]] = {}


def _word_info(w: str, lang: str) -> tuple[int, int, int, int, int]:
    """(syllables, letters, polysyllabic, complex, long) of one word."""
    s = syllables(w, lang)
    letters = len(w) - w.count("-") - w.count("'") - w.count("’")
    poly = 1 if s >= 3 else 0
    complex_ = 1 if poly and not _COMPLEX_SUFFIX.search(w.lower()) and not w[:1].isupper() else 0
    return s, letters, poly, complex_, 1 if letters > 6 else 0


@dataclass(frozen=True)
class Stats:
    """Counts of one unit of text (a paragraph, a page) in one language."""

    lang: str
    words: int
    sentences: int
    characters: int  # letters and digits
    syllables: int
    polysyllabic_words: int
    complex_words: int
    long_words: int

    @classmethod
    def of(cls, texts: Iterable[str], sentence_count: int, lang: str) -> Stats:
        info = _INFO.setdefault(lang, {})
        counts = Counter(WORD_RE.findall("\n".join(texts)))
        words = chars = syl = poly = complex_ = long_ = 0
        for w, k in counts.items():
            data = info.get(w)
            if data is None:
                data = info[w] = _word_info(w, lang)
            words += k
            syl += data[0] * k
            chars += data[1] * k
            poly += data[2] * k
            complex_ += data[3] * k
            long_ += data[4] * k
        return cls(lang, words, max(sentence_count, 1 if words else 0), chars, syl, poly, complex_, long_)

    # --- formulas (0.0 when the text has no words, like textstat) ---------------------------

    def _ok(self) -> bool:
        return self.words > 0 and self.sentences > 0

    @property
    def flesch_reading_ease(self) -> float:
        if not self._ok():
            return 0.0
        base, per_sentence, per_syllable = _FRE.get(self.lang, _FRE["en"])
        return base - per_sentence * (self.words / self.sentences) - per_syllable * (self.syllables / self.words)

    @property
    def flesch_kincaid_grade(self) -> float:
        if not self._ok():
            return 0.0
        return 0.39 * (self.words / self.sentences) + 11.8 * (self.syllables / self.words) - 15.59

    @property
    def gulpease_index(self) -> float:
        if not self._ok():
            return 0.0
        return 89 + (300 * self.sentences - 10 * self.characters) / self.words

    @property
    def gunning_fog(self) -> float:
        if not self._ok():
            return 0.0
        return 0.4 * (self.words / self.sentences + 100 * self.complex_words / self.words)

    @property
    def smog_index(self) -> float:
        if not self._ok():
            return 0.0
        return 1.043 * math.sqrt(self.polysyllabic_words * 30 / self.sentences) + 3.1291

    @property
    def coleman_liau_index(self) -> float:
        if not self._ok():
            return 0.0
        letters = self.characters / self.words * 100
        sentences = self.sentences / self.words * 100
        return 0.0588 * letters - 0.296 * sentences - 15.8

    @property
    def automated_readability_index(self) -> float:
        if not self._ok():
            return 0.0
        return 4.71 * (self.characters / self.words) + 0.5 * (self.words / self.sentences) - 21.43

    def variables(self) -> dict[str, float]:
        out: dict[str, float] = {
            "words": self.words,
            "sentences": self.sentences,
            "characters": self.characters,
            "syllables": self.syllables,
            "polysyllabic_words": self.polysyllabic_words,
            "complex_words": self.complex_words,
            "long_words": self.long_words,
        }
        for name in FORMULAS:
            out[name] = getattr(self, name)
        return out


FORMULAS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gulpease_index",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
)
# Vale's `readability` metric names → our formulas.
VALE_READABILITY = {
    "Gunning Fog": "gunning_fog",
    "Coleman-Liau": "coleman_liau_index",
    "Flesch-Kincaid": "flesch_kincaid_grade",
    "SMOG": "smog_index",
    "Automated Readability": "automated_readability_index",
}
