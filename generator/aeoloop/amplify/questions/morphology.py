"""English word facts from ``lemminflect``: lemmas, inflections, plural/number, agreement, a/an.

Why: rules need to know whether "matters" can be a verb or "sensors" is a plural, and a lexicon
answers that deterministically without a parser or model. ``lemminflect`` is imported on first
use (its tables take a few hundred ms to load) and every lookup is cached, which is what keeps
thousands of headings per second possible.
"""

from __future__ import annotations

import functools
import re
from types import ModuleType

from ...lemmas import lemminflect

from .lexicon import (
    _EN_CLOSED,
    _EN_COMMON_SUFFIXES,
    _EN_GENERIC_MODS,
    _EN_JARGON,
    _EN_MASS_S,
    _EN_MASS_SUFFIXES,
    _EN_MASS_WORDS,
    _EN_PLURAL_IRREGULAR,
)
from .text import _EDGE_PUNCT, _bare, _is_acronym


_ASCII_WORD = re.compile(r"[a-z]+")


@functools.cache
def _lemminflect() -> ModuleType:
    """Import lemminflect on first use: its tables take a few hundred ms to load (and not spaCy with it)."""
    return lemminflect()


@functools.cache
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    if not _ASCII_WORD.fullmatch(word):
        return {}
    return dict(_lemminflect().getAllLemmas(word))


@functools.cache
def _inflections(lemma: str, tag: str) -> tuple[str, ...]:
    if not _ASCII_WORD.fullmatch(lemma):
        return ()
    return tuple(_lemminflect().getInflection(lemma, tag=tag))


@functools.cache
def _verb_lemma(word: str) -> str:
    if not _ASCII_WORD.fullmatch(word):
        return word
    lemmas = _lemmas(word).get("VERB") or _lemmas(word).get("AUX")
    if lemmas:
        return lemmas[0]
    found = _lemminflect().getLemma(word, upos="VERB")
    return found[0] if found else word


def _can_be(word: str, upos: str) -> bool:
    return bool(_lemmas(word).get(upos))


@functools.cache
def _verb_forms(word: str) -> frozenset[str]:
    """Which finite forms ('VB' base, 'VBZ' -s, 'VBD' past) this word can be."""
    forms: set[str] = set()
    for lemma in _lemmas(word).get("VERB", ()):
        if word == lemma:
            forms.add("VB")
        if word in _inflections(lemma, "VBZ"):
            forms.add("VBZ")
        if word in _inflections(lemma, "VBD"):
            forms.add("VBD")
    return frozenset(forms)


def _is_participle(word: str) -> bool:
    return any(word in _inflections(lemma, "VBN") for lemma in _lemmas(word).get("VERB", ()))


@functools.cache
def _is_gerund(word: str) -> bool:
    if not word.endswith("ing") or not _ASCII_WORD.fullmatch(word):
        return False
    if not _lemmas(word):  # out of vocabulary: 'onboarding' -> 'onboard' (a compound verb)
        lemma = _verb_lemma(word)
        return lemma != word and len(lemma) >= 4 and _is_compound(lemma)
    return any(word in _inflections(lemma, "VBG") for lemma in _lemmas(word).get("VERB", ()))


@functools.cache
def _known_en(word: str, lenient: bool = True) -> bool:
    """A dictionary word (so a capital on it is just sentence case, not a name).

    ``lenient`` (used for a heading's first word) also accepts closed compounds missing from the
    lexicon ('payback', 'setpoint', 'lifecycle') when both halves are words, so a name spelled
    like one ('Salesforce') is only kept capitalised at the start of a heading when it appears
    in the topic.
    """
    parts = [p for p in re.split(r"[-']", word) if p]
    return bool(parts) and all(_known_part(p, lenient) for p in parts)


def _known_part(part: str, lenient: bool = True) -> bool:
    if part in _EN_CLOSED or part in _EN_JARGON or _lemmas(part) or (lenient and _is_compound(part)):
        return True
    american = re.sub(r"is(ation|e|ed|es|ing)$", r"iz\1", re.sub(r"our$", "or", part))
    if american != part and _lemmas(american):
        return True
    # a plural of one: 'dependencies', 'workflows' (lemminflect lacks some nouns of software)
    single = (
        part[:-3] + "y" if part.endswith("ies") else part[:-1] if part.endswith("s") and part[-2:] != "ss" else part
    )
    return (
        bool(_ASCII_WORD.fullmatch(part))
        and len(part) >= 7
        and (
            part.endswith(_EN_COMMON_SUFFIXES)
            or single.endswith(_EN_COMMON_SUFFIXES)
            or single.endswith(("ency", "ancy"))
        )
    )


def _is_compound(word: str) -> bool:
    if len(word) < 6 or not _ASCII_WORD.fullmatch(word):
        return False
    return any((_lemmas(word[:k]) or word[:k] in _EN_CLOSED) and _lemmas(word[k:]) for k in range(2, len(word) - 2))


def _is_plural_en(token: str) -> bool:
    bare = token.strip(_EDGE_PUNCT)
    word = bare.lower()
    if word in _EN_PLURAL_IRREGULAR:
        return True
    if word in _EN_MASS_S:
        return False
    if re.fullmatch(r"[A-Z0-9][A-Z0-9-]*[A-Z0-9]s", bare):
        return True
    if not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return False
    if not _lemmas(word) and _ASCII_WORD.fullmatch(word) and len(word) >= 5:
        return _known_en(word[:-1])  # 'endpoints', 'pageviews': the plural of a compound the lexicon lacks
    return any(noun != word for noun in _lemmas(word).get("NOUN", ()))


def _number_en(token: str) -> str:
    """Grammatical number of a subject head: 'sg', 'pl' or 'any' (unknown / not a noun)."""
    word = _bare(token)
    if word in {"i", "you", "we", "they", "people"}:
        return "pl"
    if word in {"he", "she", "it", "this", "that", "everything", "everyone", "nothing", "something"}:
        return "sg"
    if word in {"data", "media", "staff", "team"}:
        return "any"
    if _is_plural_en(token):
        return "pl"
    if _is_acronym(token) or (token[:1].isupper() and not _known_en(word, lenient=False)):
        return "sg"
    if _can_be(word, "NOUN") and not word.endswith("s"):
        return "sg"
    return "any"


def _agrees(form: str, subject_number: str) -> bool:
    if form == "VBZ":
        return subject_number != "pl"
    if form == "VB":
        return subject_number != "sg"
    return True


def _a_or_an(word: str) -> str:
    bare = word.strip(_EDGE_PUNCT)
    if _is_acronym(bare) and bare[:1].isupper():
        return "an" if bare[0] in "AEFHILMNORSX" else "a"
    low = bare.lower()
    if low.startswith(("uni", "use", "usa", "usu", "uti", "eu", "one", "ubiq")):
        return "a"
    if low.startswith(("hour", "honest", "honour", "honor", "heir")):
        return "an"
    return "an" if low[:1] in set("aeiou") else "a"


def _is_modifier_en(word: str) -> bool:
    if word in _EN_GENERIC_MODS:
        return True
    if word in _EN_CLOSED:
        return False
    lemmas = _lemmas(word)
    return bool(lemmas.get("ADJ")) and not lemmas.get("NOUN") and not lemmas.get("VERB")


def _mass_like(word: str, token: str) -> bool:
    return word in _EN_MASS_WORDS or word.endswith(_EN_MASS_SUFFIXES) or _is_acronym(token) or "." in word
