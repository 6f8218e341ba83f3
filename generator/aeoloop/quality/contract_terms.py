"""Words and terms as the contract sees them: stems, a text's key terms, the lexicon's patterns,
and the cache every text-only check uses.

Apart from the checks because a verdict must not depend on who asks: the backend weighs
candidates with the same :func:`key_terms` the contract judges them by.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache, wraps
from typing import Callable

from ..text import words
from .lexicon import (
    FINITE_VERBS,
    LEXICONS,
    Lexicon,
)

from .contract_rules import SENTENCE_MEMO, Failure


# -- words and terms ----------------------------------------------------------------------------

# Markdown that would print literally. Not HTML tags: a heading's inline code ("How do I style a
# <details> element?") reaches us as text, and the FAQ escapes it.
_MARKUP_RE = re.compile(r"`|\*\*|__|\[[^\]]*\]\(|\{\s*[#.:]|:::|^#+\s|\]\(|!\[")
_SUFFIXES = ("ing", "ies", "ed", "es", "s")
# Stems a question may use for its heading's word ("Pricing" → "How much does X cost?").
_SAME_TERM = {"pric": "cost", "price": "cost", "fee": "cost", "cheap": "cost", "expens": "cost"}
_NOT_DEFINITIONS = frozenset(
    "benefits advantages disadvantages differences types kinds pros cons best main key common requirements steps "
    "options limits limitations alternatives features reasons risks costs examples signs causes uses ways "
    "vantaggi svantaggi differenze tipi costi esempi".split()
)
_DEFINING = frozenset("is are was means refers equals 's represents measures è sono significa indica".split())
_RELATIVES = frozenset("that which who whom whose when where if whether because".split())
_PREPOSITIONS = frozenset("in for with on at to from by about under after before".split())
_NUMBER_RE = r"\d{1,2}"


@lru_cache(maxsize=65536)
def stem(word: str, lang: str = "en") -> str:
    """A crude, deterministic stem: enough to see that "shows" and "show" (or "costi" and
    "costa") share a term. (Cached: a pure function of its arguments, called for every word of
    every candidate text the extractive backend weighs.)"""
    w = word.lower().replace("’", "'")
    if lang == "it":
        w = w.rsplit("'", 1)[-1]  # "l'analisi" → "analisi"
        return (w[:-1] if len(w) > 4 and w[-1] in "aeiouàèéìòù" else w)[:6]
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in _SUFFIXES:
        if suffix == "es" and w.endswith("es") and not w.endswith(("sses", "xes", "zes", "ches", "shes")):
            continue  # "notes", "cases" are "note", "case" + s; "boxes", "classes" drop "es"
        if suffix == "s" and w.endswith("ss"):
            break  # "class", "access": no plural ending
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]  # "manage" as "managing"/"managed", "device" as "devices": one term
    return _SAME_TERM.get(w[:6], w[:6])


def key_terms(text: str, lang: str) -> set[str]:
    """Stems of the words that carry the subject (stop words and question words dropped)."""
    return set(_key_terms(text, lang))


@lru_cache(maxsize=SENTENCE_MEMO)
def _key_terms(text: str, lang: str) -> frozenset[str]:
    """Cached: the backend and the contract ask for the same sentence's terms many times."""
    lex = LEXICONS.get(lang)
    stop = lex.stop | lex.question_starts if lex else frozenset()
    return frozenset(
        stem(w, lang) for w in words(text) if w.lower().replace("’", "'") not in stop and not w.isdigit() and len(w) > 1
    )


def _lex(lang: str) -> Lexicon | None:
    return LEXICONS.get(lang)


@cache
def _position_re(lang: str) -> re.Pattern[str] | None:
    lex = _lex(lang)
    return re.compile("|".join(lex.position), re.I) if lex else None


# Characters that match an ASCII letter under re.I but do not lower-case to it ("ſ" is an "s"): a text
# holding one is searched whatever its marks.
_FOLDS_TO_ASCII = frozenset("İıſK")


def _may_point(text: str, lex: Lexicon) -> bool:
    """False when ``text`` holds none of ``lex.position_marks``, so the position patterns cannot
    match it (see :class:`~aeoloop.quality.lexicon.Lexicon`)."""
    if not lex.position_marks or (not text.isascii() and not _FOLDS_TO_ASCII.isdisjoint(text)):
        return True
    low = text.lower()
    return any(mark in low for mark in lex.position_marks)


@cache
def _announce_re(lang: str) -> re.Pattern[str] | None:
    lex = _lex(lang)
    if lex is None:
        return None
    numbers = "|".join(re.escape(k) for k in sorted(lex.count_words, key=len, reverse=True))
    return re.compile(rf"\b(?P<n>{_NUMBER_RE}|{numbers})\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{lex.list_nouns})\b", re.I)


def _opening(text: str) -> str:
    return text.strip().lstrip("\"'“‘([*_>-# ").strip()


def _stands_for_things(word: str) -> bool:
    """After "Each"/"Both": a verb or "of them" shows the quantifier stands alone ("Each requires …")."""
    if word in ("of", "is", "are", "has", "have", "can", "will", "must", "should", "works", "work", "needs"):
        return True
    return (
        word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word
        in FINITE_VERBS
        | {"requires", "includes", "uses", "gives", "comes", "offers", "supports", "provides", "costs", "lets"}
    )


def _memo_by_text(check: Callable[..., list[Failure]]) -> Callable[..., list[Failure]]:
    """Cache a check that depends only on ``(text, lang)``: the extractive backend weighs every
    candidate sentence with the same checks, many of them more than once. Each call gets its own
    list; the failures themselves are frozen."""
    cached = lru_cache(maxsize=SENTENCE_MEMO)(lambda text, lang: tuple(check(text, lang=lang)))

    @wraps(check)
    def checked(text: str, *, lang: str) -> list[Failure]:
        return list(cached(text, lang))

    return checked
