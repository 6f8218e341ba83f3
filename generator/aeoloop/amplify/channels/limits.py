"""Counting the way each channel counts: words, characters, and X's weighted length.

X (Twitter) counts a post with the twitter-text v3 rules: most Latin text weighs 1 per code point,
CJK and most other scripts 2, an emoji sequence 2, and every URL 23 whatever its length. The
``twitter-text-parser`` package implements that configuration; it is imported on first use.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD_RE = re.compile(r"\w+(?:[-'’.,]\w+)*", re.U)
SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[A-Z0-9À-Ý“\"'(])")


def words(text: str) -> int:
    """The number of words (memoised: the channels count the same sentences again and again, 37,998
    counts of 8,788 distinct texts in a 300-page build; a pure function of the text)."""
    return _words(text or "")


@lru_cache(maxsize=4096)
def _words(text: str) -> int:
    return len(WORD_RE.findall(text))


# Code points that twitter-text v3 weighs 1 and that start no emoji: most of U+0000-U+10FF, the
# dashes and quotes U+2010-U+201F and the primes U+2032-U+2037 (© and ® are emoji: left out).
_WEIGHT_ONE_RE = re.compile("[\x00-\x0c\x0e-\xa8\xaa-\xad\xaf-\u10ff\u2010-\u201f\u2032-\u2037]*")
# A dot followed by anything but a space may be part of a domain name (twitter-text finds URLs
# without a scheme, IDN domains included); "://" starts one.
_MAYBE_URL_RE = re.compile(r"\.\S|://")


@lru_cache(maxsize=4096)
def weighted_length(text: str) -> int:
    """Length of one X post as X counts it (twitter-text v3 weighting, URLs 23).

    Why the fast path: twitter-text scans every text with its emoji and URL expressions (about a
    millisecond a post), and the X thread tries many candidate posts per page. A text in NFC
    whose every code point weighs 1, with no emoji and nothing that could be a URL, weighs its
    length in code points; everything else goes through twitter-text (the same answer, tested).
    """
    if _WEIGHT_ONE_RE.fullmatch(text) is not None and unicodedata.is_normalized("NFC", text):
        if _MAYBE_URL_RE.search(text) is None:
            return len(text)
        # Every code point weighs 1 and none starts an emoji: twitter-text's own URL finder, and
        # its arithmetic (a URL weighs 23 whatever its length), without its emoji scan (~70% of it)
        from twitter_text.config import config
        from twitter_text.extract_urls import extract_urls_with_indices

        urls = extract_urls_with_indices(text)
        url_weight = int(config["defaults"]["transformed_url_length"])
        return len(text) - sum(len(u["url"]) for u in urls) + url_weight * len(urls)
    from twitter_text import parse_tweet

    return int(parse_tweet(text).weightedLength)


# "(e.g. EncryptMe)", "i.e. Segments", "etc. Then": an abbreviation's dot ends no sentence
_ABBREVIATION_RE = re.compile(r"(?:^|[\s(])(?:e\.g|i\.e|vs|cf|approx|incl|fig|dr|mr|mrs|ms)\.$", re.I)


def sentences(text: str) -> list[str]:
    """Whole sentences of a text (a simple splitter: the texts here are already sentence-clean). A
    dot after an abbreviation or inside an open parenthesis ends no sentence: "(e.g. EncryptMe)" cut
    there would post half a sentence. Each caller gets its own list."""
    return list(_sentences(text or ""))


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    """:func:`sentences`, memoised: a page's channels split the same summary, answers and paragraphs
    again and again (14,657 splits of ~6,000 distinct texts in a 300-page build; a pure function)."""
    parts = [p.strip() for p in SENTENCE_END_RE.split(" ".join(text.split())) if p.strip()]
    out: list[str] = []
    for part in parts:
        if out and (_ABBREVIATION_RE.search(out[-1]) or out[-1].count("(") > out[-1].count(")")):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return tuple(out)


def fit_words(text: str, max_words: int) -> str:
    """The longest run of whole leading sentences within ``max_words``; "" when the first is too long."""
    out: list[str] = []
    total = 0
    for s in sentences(text):
        n = words(s)
        if total + n > max_words:
            break
        out.append(s)
        total += n
    return " ".join(out)


def shorten(text: str, max_chars: int, *, ellipsis: str = "…") -> str:
    """Cut at a word boundary to at most ``max_chars`` characters (ellipsis included)."""
    text = " ".join((text or "").split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - len(ellipsis) + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut[: max_chars - len(ellipsis)]
    return cut.rstrip(" ,;:-–—") + ellipsis


def shorten_words(text: str, max_words: int, *, ellipsis: str = "…") -> str:
    found = list(WORD_RE.finditer(text or ""))
    if len(found) <= max_words:
        return text
    return text[: found[max_words - 1].end()].rstrip(" ,;:-–—") + ellipsis
