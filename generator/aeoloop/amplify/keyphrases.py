"""Keyphrases of a page when the glossary does not name what it is about.

A page without glossary terms still has subjects: "bot traffic", "custom properties", "Google
Analytics". YAKE (a statistical keyphrase extractor: term position, frequency, casing and
context, no dictionary, no model, no download; the MIT-licensed ``yake-rust`` port) proposes
candidates from the page's prose; this module keeps only those an editor would accept as a
subject and merges them with the glossary entities, which stay the authority:

- the glossary wins: a phrase that is a glossary term, or overlaps one, is dropped;
- case and plural variants are one phrase ("Custom properties" = "custom property"), spelled
  as the page spells it most often;
- no stop-word-only or verb-led phrases ("click", "add custom properties"), no numbers-only, no
  markup or code (anything inside inline code, file names, URLs, ``snake_case``, ``a.b``), no
  generic single lowercase words; a phrase must recur (twice in the prose) or name the page (be
  in its title or a heading);
- a phrase nested in a better one is dropped ("Plausible" under "Plausible account").

Phrases named in the title become ``about``; the rest ``mentions``. The result is deterministic
(ties broken by text) and cached with the page's other artifacts.
"""

# Over 400 lines on purpose: one job (which YAKE candidates an editor would accept as a page's subject); the filters read the same tokens and occurrences, and split apart they would pass those around.

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..artifacts import Entity

if TYPE_CHECKING:
    from ..brand import Term
    from ..page import Page
    from ..settings import KeyphrasesOptions

#: YAKE's language codes (its stop-word lists); other languages get no keyphrases (and a note)
LANGUAGES = {
    "ar",
    "bg",
    "br",
    "cz",
    "da",
    "de",
    "el",
    "en",
    "es",
    "et",
    "fa",
    "fi",
    "fr",
    "hi",
    "hr",
    "hu",
    "hy",
    "id",
    "it",
    "ja",
    "lt",
    "lv",
    "nl",
    "no",
    "pl",
    "pt",
    "ro",
    "ru",
    "sk",
    "sl",
    "sv",
    "tr",
    "uk",
    "zh",
}
ALIASES = {"cs": "cz"}
KEY_PREFIX = "keyphrase:"
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.U)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
# a token that is code or an address, not a word: file.ext, a/b, snake_case, camelCase, x=y, <tag>, {…}
CODEISH = re.compile(r"[_/\\=<>{}\[\]()#@$%^*|~`:;\"]|\w\.\w|^[a-z]+[A-Z]\w*$|^\d[\d.,%]*$")
# verbs that open instructions ("Add VAT number", "updating your site"): a task, not a subject
VERBS = {
    "en": set(
        """add adding allow apply avoid build check choose click configure connect copy create delete disable do edit
        enable enter export find follow get go help import include insert install integrate keep learn let make manage
        move need open paste remove replace run see select send set show sign start stop submit switch take track try
        turn type update updating upgrade upload use using view viewing visit want attach change navigate verify
        ensure read write affect block exclude invite pin record transfer generate hover chosen choose learn
        scroll drag drop log login logout share cancel pay gather identify communicate align manage begin
        provide demonstrate define oversee ensure receive seek coach organize organise rename assert count wipe
        deploy filter differ fail adhere""".split()
    ),
    "it": set(
        """aggiungi aggiungere attiva attivare clicca cliccare configura configurare crea creare elimina imposta
        impostare inserisci installa installare scegli scegliere seleziona selezionare usa usare vai confronta
        confrontare mostra mostrare misura misurare calcola calcolare riduce ridurre aumenta aumentare""".split()
    ),
}
ARTICLES = {"the", "a", "an", "its", "their", "your", "our", "il", "lo", "la", "i", "gli", "le", "un", "una", "uno"}
#: acronyms every web page uses: naming them says nothing about what the page is about
GENERIC = {
    "url",
    "urls",
    "uri",
    "html",
    "css",
    "http",
    "https",
    "id",
    "ids",
    "ui",
    "faq",
    "faqs",
    "pdf",
    "js",
    "ok",
    "www",
    "etc",
    "eg",
    "ie",
    "vs",
    "step",
    "steps",
    "note",
    "tip",
    "warning",
    "example",
    "info",
    "important",
}
#: modifiers that say how much or which, not what: "multiple days", "entire discipline"
VAGUE = set(
    """multiple entire various several many different specific certain same whole upcoming current common
    small large full total general particular individual additional main simple basic new old previous following
    left right top bottom next last first second other critical important""".split()
)
CALENDAR = set(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday""".split()
)
POSSESSIVE = {
    "en": {"your", "my", "our", "their", "his", "her", "its", "this", "that", "these", "those"},
    "it": {"tuo", "tua", "tuoi", "tue", "nostro", "nostra", "questo", "questa", "quel", "quella"},
}


def language(lang: str) -> str | None:
    code = ALIASES.get(lang.split("-")[0].lower(), lang.split("-")[0].lower())
    return code if code in LANGUAGES else None


@lru_cache(maxsize=16)
def _extractor(code: str):  # noqa: ANN202 - yake_rust.Yake, imported lazily
    from yake_rust import Yake

    # dedup off: this module merges variants itself, by rules an editor can follow
    return Yake(language=code, ngrams=3, remove_duplicates=False)


@lru_cache(maxsize=16)
def _stopwords(code: str) -> frozenset[str]:
    """YAKE's stop words, lower-cased: a set made from its list once per language, not per page."""
    return frozenset(w.lower() for w in _extractor(code).stopwords)


def version() -> str:
    """The extractor's version, for the artifacts' cache key."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as pkg_version

    try:
        return "yake-rust " + pkg_version("yake-rust")
    except PackageNotFoundError:
        return "yake-rust ?"


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A naive English singular, only to tell variants apart ("properties" ~ "property").
    (Cached: called for every word of every page.)"""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=16384)
def variant_key(phrase: str) -> tuple[str, ...]:
    """(Cached: every YAKE candidate, glossary term and entity of every page is keyed.)"""
    return tuple(singular(w) for w in WORD.findall(phrase))


def prose(page: Page) -> tuple[str, list[tuple[int, int]]]:
    """The page's words a reader reads (title, headings, paragraphs, lists, table cells; no code),
    and the character spans of the title and headings (Title Case there says nothing about names)."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0

    def add(text: str, heading: bool) -> None:
        nonlocal pos
        if heading:
            spans.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text) + 1

    add(page.title + ".", True)
    for section in page.sections:
        if section.heading:
            add(section.heading + ".", True)
        for b in section.blocks:
            if b.kind in ("paragraph", "list", "admonition", "quote"):
                add(b.text, False)
            elif b.kind == "table":  # one cell a line: a page that is one table still has subjects
                add("\n".join(c.strip() for c in b.text.split(" | ") if c.strip()), False)
    return "\n".join(parts), spans


def code_words(page: Page) -> set[str]:
    """Lower-cased words that appear in the page's inline or fenced code: never a keyphrase."""
    body = page.body
    found: set[str] = set()
    for m in FENCE.finditer(body):
        found.update(w.lower() for w in WORD.findall(m.group(0)))
    for m in CODE_SPAN.finditer(FENCE.sub("", body)):
        found.update(w.lower() for w in WORD.findall(m.group(2)))
    for block in (b for s in page.sections for b in s.blocks if b.kind == "code"):
        found.update(w.lower() for w in WORD.findall(block.text))
    return found


def _verb(word: str, verbs: set[str]) -> bool:
    """A verb of the list, as written or inflected ("manages", "applied", "identifies")."""
    forms = {
        word,
        word[:-1] if word.endswith("s") else "",
        word[:-2] if word.endswith(("es", "ed")) else "",
        word[:-1] if word.endswith("d") else "",
        word[:-3] + "y" if word.endswith(("ies", "ied")) else "",
    }
    return bool(forms & verbs)


def _task(words: list[str], lang: str) -> bool:
    """Opens with a verb ("Add VAT number", "Proxying Plausible"): a task, unless the page also
    says it after an article ("the block list", "a signing key"), where the verb is a noun."""
    low = [w.lower() for w in words]
    verbs = VERBS.get(lang, set())
    gerund = (
        lang == "en"
        and low[0].endswith("ing")
        and (
            _verb(low[0][:-3], verbs)
            or _verb(low[0][:-3] + "e", verbs)
            or words[0][:1].islower()
            or (len(words) > 1 and words[1][:1].isupper())
        )
    )
    return gerund or _verb(low[0], verbs)


def _acceptable(phrase: str, lang: str, stop: frozenset[str], code: set[str]) -> bool:
    shape = _shape(phrase, lang, stop)
    if shape is None:
        return False
    low, plain = shape
    return plain or not any(w in code for w in low)  # not a word of the page's code (a property, a command)


@lru_cache(maxsize=16384)
def _shape(phrase: str, lang: str, stop: frozenset[str]) -> tuple[tuple[str, ...], bool] | None:
    """What :func:`_acceptable` asks of a phrase apart from its page's code: None when a rule
    rejects it, else its words lower-cased and whether each is written Capitalised. Memoised: YAKE
    proposes the same phrases on many pages of a site (two in three at 300 pages)."""
    tokens = phrase.split()
    words = WORD.findall(phrase)
    if not words or len(words) != len(tokens) or len(words) > 3:
        return None  # punctuation, markup or code inside the phrase
    if any(CODEISH.search(t) for t in tokens) or any(w.isdigit() for w in words):
        return None
    low = [w.lower() for w in words]
    if any(w in stop for w in low) or any(w in GENERIC for w in low):
        return None  # a stop word inside ("button to add", "number of current") marks a cut-off phrase
    if low[-1].endswith("ly") and len(low) > 1:
        return None  # "links automatically": an adverb ends a clause, not a name
    verbs = VERBS.get(lang, set())
    if (len(low) > 1 and _verb(low[-1], verbs)) or (len(low) > 1 and low[0].endswith("ly")):
        return None  # "tools needed", "Proactively identifies": a clause, not a name
    if any(a[:1].islower() and b[:1].isupper() and not b.isupper() for a, b in zip(words, words[1:])):
        return None  # "settings Security": two labels run together
    if any(w in POSSESSIVE.get(lang, set()) for w in low):
        return None
    plain = all(w[:1].isupper() and (w[1:].islower() or not w[1:]) for w in words)
    if lang == "en" and ((words[0][:1].islower() and low[0] in VAGUE) or (len(low) == 1 and low[0] in CALENDAR)):
        return None  # "multiple days", "December": no subject
    if len(words) == 1:
        w = words[0]
        proper = w[:1].isupper() and not w.isupper() and len(w) >= 3
        acronym = w.isupper() and 2 <= len(w) <= 6 and w.isalpha()
        if not (proper or acronym):
            return None  # "account", "click": too generic to be what a page is about
    return (tuple(low), plain) if len(phrase) >= 3 else None


@dataclass
class _Seen:
    forms: Counter[str]
    #: occurrences glued to another capitalised word ("Analytics account" in "Plausible Analytics account")
    glued: int = 0
    #: occurrences capitalised in the middle of a sentence (a name, not a sentence start)
    mid_caps: int = 0
    #: occurrences of each form inside a sentence (not at the start of a sentence, item or heading)
    inner: Counter[str] = field(default_factory=Counter)
    #: occurrences right after an article or possessive ("the block list"): used as a noun
    after_article: int = 0


@dataclass(frozen=True)
class _Tokens:
    """The page's words as plain lists (their text, start and end offsets, singular keys) and
    where each key starts: made once per page, read for every candidate phrase."""

    words: list[str]
    starts: list[int]
    ends: list[int]
    keys: list[str]
    index: dict[str, list[int]]


@lru_cache(maxsize=8)
def _tokens(text: str) -> _Tokens:
    """The page's words, their singular keys and where each key starts, made once per page.

    Every candidate phrase is looked up in the same text; scanning and singularizing all its
    words again for each one made keyphrases most of a cold build's generate step. Plain lists,
    not match objects: the lookups below read offsets thousands of times a page.
    """
    found = list(WORD.finditer(text))
    words = [m.group(0) for m in found]
    keys = [singular(w) for w in words]
    index: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        index.setdefault(k, []).append(i)
    return _Tokens(words, [m.start() for m in found], [m.end() for m in found], keys, index)


_SEPARATOR = re.compile(r"[ ,]+")


def _occurrences(text: str, key: tuple[str, ...], stop: AbstractSet[str], headings: list[tuple[int, int]]) -> _Seen:
    """Surface forms of a phrase (any case, singular or plural) and how it sits in its sentences."""
    tokens = _tokens(text)
    words, starts, ends, keys = tokens.words, tokens.starts, tokens.ends, tokens.keys
    n = len(key)
    total = len(words)
    seen = _Seen(Counter())
    for i in tokens.index.get(key[0], ()) if n else ():
        if i + n > total:
            break  # positions ascend: no later window fits
        if n > 1 and tuple(keys[i : i + n]) != key:
            continue
        start, end = starts[i], ends[i + n - 1]
        if end - start > sum(len(w) for w in words[i : i + n]) + n or "\n" in text[start:end]:
            continue
        form = " ".join(words[i : i + n])
        seen.forms[form] += 1
        if any(a <= start < b for a, b in headings):
            continue  # counted, but its casing is the heading's style
        before = text[ends[i - 1] : start] if i else "\n"
        mid = i > 0 and _SEPARATOR.fullmatch(before) is not None
        first_upper = words[i][:1].isupper()
        if mid:
            seen.inner[form] += 1
        if mid and first_upper:
            seen.mid_caps += 1
        if i and before == " " and words[i - 1].lower() in ARTICLES:
            seen.after_article += 1
        prev = words[i - 1] if i else ""
        prev_cap = before == " " and prev[:1].isupper() and prev.lower() not in stop
        after = text[end : starts[i + n]] if i + n < total else "\n"
        next_cap = after == " " and words[i + n][:1].isupper() and words[i + n - 1][:1].isupper()
        if (prev_cap and first_upper) or next_cap:
            seen.glued += 1
    return seen


def _surface(seen: _Seen) -> str:
    """The spelling the page uses inside its sentences most (a capital that only a sentence, list
    item or heading start gives is not kept: "Equipment failures" → "equipment failures")."""

    def rank(kv: tuple[str, int]) -> tuple[int, int, bool, str]:
        form, n = kv
        return (-seen.inner[form], -n, form != form.lower(), form)

    form = sorted(seen.forms.items(), key=rank)[0][0]
    first, _, rest = form.partition(" ")
    if not seen.inner[form] and rest and first[1:].islower() and rest == rest.lower():
        form = first.lower() + " " + rest
    return form


def glossary_words(terms: list[Term]) -> set[tuple[str, ...]]:
    return {variant_key(s) for t in terms for s in (t.name, *t.aliases) if variant_key(s)}


def _joined(
    text: str,
    kept: tuple[str, ...],
    cand: tuple[str, ...],
    count: int,
    stop: AbstractSet[str],
    headings: list[tuple[int, int]],
) -> bool:
    """The candidate mostly occurs fused with a kept phrase that shares its edge words."""
    for a, b in ((kept, cand), (cand, kept)):
        for o in range(1, min(len(a), len(b))):
            if a[-o:] == b[:o]:
                merged = a + b[o:]
                if sum(_occurrences(text, merged, stop, headings).forms.values()) * 2 >= count:
                    return True
    return False


def _overlaps(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return set(a) <= set(b) or set(b) <= set(a)


def keyphrases(
    page: Page, *, glossary: list[Term], found: list[Entity], options: KeyphrasesOptions, notes: list[str] | None = None
) -> list[Entity]:
    """Keyphrase entities for a page, after (and never overlapping) its glossary entities."""
    if not options.enabled or options.max <= 0:
        return []
    code_lang = language(page.lang)
    if code_lang is None:
        if notes is not None:
            notes.append(f"keyphrases: no stop-word list for language {page.lang!r}; only glossary entities are used")
        return []
    text, headings = prose(page)
    if len(_tokens(text).words) < 20:  # the words _occurrences reads (the same pattern), made once
        return []
    extractor = _extractor(code_lang)
    stop = _stopwords(code_lang)
    lang = page.lang.split("-")[0]
    code = code_words(page)
    taken = glossary_words(glossary) | {variant_key(e.name) for e in found}
    title_keys = set(variant_key(page.title))
    taken_words = [set(t) for t in taken]  # _overlaps' sets, made once per page instead of once per candidate
    taken_multi = [t for t in taken if len(t) > 1]
    # YAKE scores: lower is better; sorted again by (score, text) so equal scores keep one order
    ranked = sorted(((round(score, 9), phrase) for phrase, score in extractor.get_n_best(text, n=60)), key=lambda p: p)
    out: list[tuple[tuple[str, ...], str, int, bool]] = []
    for _score, phrase in ranked:
        phrase = " ".join(phrase.split())
        if not _acceptable(phrase, lang, stop, code):
            continue
        key = variant_key(phrase)
        key_words = set(key)
        if any(key_words <= t or t <= key_words for t in taken_words) or any(_overlaps(key, k) for k, *_ in out):
            continue
        seen = _occurrences(text, key, stop, headings)
        forms = seen.forms
        count = sum(forms.values())
        if seen.glued * 2 >= count > 0:
            continue  # mostly part of a longer name the page spells out
        if _task(phrase.split(), lang) and not seen.after_article:
            continue
        # (a phrase of one word has no edge to share: _joined is False for it and for every one-word kept
        # phrase; nor does a phrase share an edge with one it has no word in common with)
        if len(key) > 1 and any(
            _joined(text, k, key, count, stop, headings)
            for k in [*taken_multi, *(o[0] for o in out)]
            if len(k) > 1 and not key_words.isdisjoint(k)
        ):
            continue  # "centre IP ranges" beside "data centre", "maintenance mistakes" beside the
            # glossary's "predictive maintenance": pieces of one longer phrase
        if len(key) == 1 and not phrase.isupper() and seen.mid_caps == 0:
            continue  # capitalised only where a sentence, heading or list item starts ("Step", "Hover")
        if count < options.min_count:
            continue
        if not forms:
            continue
        surface = _surface(seen)
        if surface != phrase and not _acceptable(surface, lang, stop, code):
            continue
        if len(key) == 1 and surface.islower():
            continue
        out.append((key, surface, count, set(key) <= title_keys))
        if len(out) >= options.max:
            break
    about_room = max(0, options.about - sum(1 for e in found if e.role == "about"))
    if out and about_room and not any(e.role == "about" for e in found) and not any(o[3] for o in out):
        out[0] = (*out[0][:3], True)  # nothing named in the title: the strongest phrase is the subject
    entities: list[Entity] = []
    for key, surface, count, in_title in out:
        role = "about" if in_title and about_room > 0 else "mentions"
        if role == "about":
            about_room -= 1
        entities.append(Entity(KEY_PREFIX + "-".join(key), surface, count, role))
    return sorted(entities, key=lambda e: (e.role != "about",))


def merge(found: list[Entity], phrases: list[Entity]) -> list[Entity]:
    """Glossary entities first (they are the authority), keyphrases after, ``about`` before ``mentions``."""
    about = [e for e in found if e.role == "about"] + [e for e in phrases if e.role == "about"]
    mentions = [e for e in found if e.role == "mentions"] + [e for e in phrases if e.role == "mentions"]
    return about + mentions


def is_keyphrase(entity: Entity) -> bool:
    return entity.key.startswith(KEY_PREFIX)
