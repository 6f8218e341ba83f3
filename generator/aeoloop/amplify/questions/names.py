"""Proper names a page writes itself: words it capitalises in the middle of its sentences.

Why: a heading's capitals are ambiguous ("Data Studio" is a product, "Bounce Rate" is Title
Case), but the page's own prose is not: a word the writer always capitalises mid-sentence
("Plausible", "Studio", "Shields") is a name and keeps its capital in the question, while
one the prose also writes in lower case ("bounce rate") is an ordinary word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .morphology import _known_en

_URL = re.compile(r"\S+://\S+|\bwww\.\S+|\S+\.(?:com|org|io|net|dev)\S*|`[^`]*`")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]['\")\]]*\s*$|^\s*$|[-*•]\s*$|\(\s*$|\"\s*$|'\s*$")
# What every match of _URL holds: a text with none of them is left as it is without running _URL,
# whose "\S+\.com" alternative retries at every character of every word (two fifths of the time of the names of a page without links or code).
_URL_MARKS = ("://", "www.", ".com", ".org", ".io", ".net", ".dev", "`")


def page_names(texts: Iterable[str]) -> frozenset[str]:
    """Words capitalised mid-sentence at least once and never written in lower case."""
    upper: Counter[str] = Counter()
    lower: set[str] = set()  # only whether a word is ever written in lower case counts, not how often
    for text in texts:
        if any(mark in text for mark in _URL_MARKS):
            text = _URL.sub(" ", text)  # 'google.com', `code`: not how the prose spells the name
        for match in _WORD.finditer(text):
            word = match.group()
            if word[0].islower():
                lower.add(word.lower())
                continue
            if word.isupper() and len(word) > 1:
                continue  # acronyms are kept anyway
            start = match.start()
            if start == 0 or _SENTENCE_END.search(text[max(0, start - 3) : start]):
                continue  # a capital at the start of a sentence says nothing
            upper[word] += 1
    # A dictionary word ('Slack', 'Tab') needs two sightings: one capital may be a quoted UI label.
    return frozenset(
        w
        for w, count in upper.items()
        if w.lower() not in lower and w != "I" and (count >= 2 or not _known_en(w.lower(), lenient=False))
    )
