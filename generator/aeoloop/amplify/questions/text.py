"""String clean-up shared by every rule: strip Markdown/HTML from a heading and tidy the result.

Why a module of its own: both languages, the Heading model and the entry point need the same
notion of a "bare" word, an acronym and a finished question ("exactly one '?', capital first"),
and none of it depends on a lexicon, so it sits at the bottom of the import graph.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})
_CODE = re.compile(r"`+([^`]*)`+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_TAG = re.compile(r"<[^<>]{0,200}>")
_ATTR_LIST = re.compile(r"\s*\{\s*[#.:][^{}]*(?:\}\s*)?$|\{\s*[#.:][^{}\s]*\}?")
_ATX = re.compile(r"^\s*#{1,6}(?=\s|$)|\s+#+\s*$")
_EMPHASIS = re.compile(r"\*+|~~|(?<![\w])_+|_+(?![\w])")
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]|[IVX]{1,4}\.|q\s*[:.])\s+", re.I)
_TRAILING_PAREN = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
_ENDS_WITH_PREPOSITION = re.compile(r"\b(?:as|to|of|with|in|on|for|from|by|like)$", re.I)
_TRAILING_PUNCT = re.compile(r"[\s.,;:!?\u2026\u2013\u2014\-]+$")
_EDGE_PUNCT = "\"'\u201c\u201d()[]{},.;:!?*_\u2026"


def _clean(heading: str, *, plain: bool = False) -> str:
    """Strip Markdown/HTML formatting and decorations, keep the words.

    ``plain`` headings come from the page model, where Markdown is already parsed: inline code
    is there as written ('Is </script> safe?', 'site_id'), so nothing that looks like markup
    may be stripped from it.
    """
    text = heading.translate(_APOSTROPHES)
    if not plain:
        text = html.unescape(text)
        text = _CODE.sub(r"\1", text).replace("`", "")
        text = _IMAGE.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
        text = _TAG.sub(" ", text)
    text = " ".join(text.split())
    text = _ATTR_LIST.sub(" ", text).strip()
    text = _ATX.sub("", text)
    if not plain:
        text = _EMPHASIS.sub("", text)
    text = _NUMBERING.sub("", text)
    without_paren = _TRAILING_PAREN.sub("", text)
    if without_paren.strip() and not _ENDS_WITH_PREPOSITION.search(without_paren.strip()):
        text = without_paren  # 'Total Visits (or Sessions)'; not 'showing as (none)'

    return " ".join(text.split())


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char) == "So" or char in "\ufe0f\u200d"


def _strip_symbols(text: str) -> tuple[str, bool]:
    """Emoji at either end go ('🎉 Your contribution gets accepted'); True when one is left inside,
    standing for a word ('Use 📊 to learn about people', 'Community is the ❤️ of open source')."""
    words = text.split()
    while words and all(_is_symbol(c) for c in words[0]):
        words.pop(0)
    while words and all(_is_symbol(c) for c in words[-1].rstrip("!?.")):
        words.pop()
    rest = " ".join(words)
    return rest, any(_is_symbol(c) for c in rest)


def _bare(token: str) -> str:
    return token.strip(_EDGE_PUNCT).lower()


def _strip_end(text: str) -> str:
    return _TRAILING_PUNCT.sub("", " ".join(text.split()))


def _finish(text: str) -> str | None:
    """Normalise spacing and punctuation, end with exactly one '?', start with a capital."""
    core = _strip_end(text)
    core = re.sub(r"\s+([,;:?!])(?=\s|$)", r"\1", core)
    if not core:
        return None
    core = core[0].upper() + core[1:]
    if not core[0].isupper():
        return None
    return core + "?"


def _is_acronym(token: str) -> bool:
    """'OEE', 'CMMS', 'KPIs', 'IoT', 'P-F', 'VT3': spelled with capitals the author meant."""
    bare = token.strip(_EDGE_PUNCT)
    letters = [c for c in bare if c.isalpha()]
    if len(letters) < 2:
        return False
    if sum(c.isupper() for c in letters) >= 2:
        return True
    return any(c.isupper() for c in bare[1:])


_CODE_LIKE = re.compile(r"[A-Za-z0-9]*(?:[_.()/$@#:<>=*\\-]|[a-z][A-Z])[\w.()/$@#:<>=*\\-]*")


def _is_code(token: str) -> bool:
    """'plausible.init()', 'site_id', 'useRef', '/api/event': identifiers kept exactly as written."""
    bare = (
        token.strip(_EDGE_PUNCT.replace("(", "").replace(")", "")) if token.endswith("()") else token.strip(_EDGE_PUNCT)
    )
    if not bare or not any(c.isalpha() for c in bare):
        return False
    if "-" in bare and bare.replace("-", "").isalpha() and not any(c.isupper() for c in bare[1:]):
        return False  # 'real-world', 'Set-up': hyphenated words, not code
    return bool(_CODE_LIKE.fullmatch(bare)) and bare.lower() != bare.upper()


def _norm_lang(lang: str | None) -> str:
    return (lang or "").strip().lower().replace("_", "-").split("-")[0]


def _topic_name_like(topic: str) -> bool:
    """A product or company name ('Acme', 'Ridgeline Monitor', 'OEE'), not a practice."""
    words = [w for w in topic.split() if any(c.isalpha() for c in w)]
    if not words:
        return False
    return all(w.strip(_EDGE_PUNCT)[:1].isupper() or _is_acronym(w) for w in words)


def _join(*parts: str | Iterable[str]) -> str:
    words: list[str] = []
    for part in parts:
        if isinstance(part, str):
            words.extend(part.split())
        else:
            for item in part:
                words.extend(item.split())
    return " ".join(words)


def _split_versus(lower: Sequence[str]) -> list[tuple[int, int]] | None:
    cuts = [i for i, w in enumerate(lower) if w in {"vs", "versus", "v"}]
    if not cuts:
        return None
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in cuts:
        spans.append((start, cut))
        start = cut + 1
    spans.append((start, len(lower)))
    if any(a >= b for a, b in spans):
        return None
    return spans


def _list_phrase(items: Sequence[str], conj: str) -> str:
    if len(items) == 2:
        return f"{items[0]} {conj} {items[1]}"
    return f"{', '.join(items[:-1])} {conj} {items[-1]}"
