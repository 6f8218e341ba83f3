"""The rule input: a cleaned heading tokenised and cased once, plus how the topic reads in a sentence.

Why: every rule looks at the same views of a heading (original tokens, bare lower-case forms,
mid-sentence casing, the referent of a bare "it"); building them once in :func:`make_heading`
keeps the rules small and lets tests build a :class:`Heading` to exercise one rule alone.
Also home of the rule protocol itself (``Rule``, ``RuleResult``, ``NOT_FAQ``).
"""

from __future__ import annotations

from functools import lru_cache

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from .lexicon import _EN_CONTRACTIONS, _EN_DOC_IMPERATIVES, _EN_IMPERATIVES
from .morphology import _is_plural_en, _known_en, _lemmas
from .text import _EDGE_PUNCT, _bare, _is_acronym, _is_code, _join, _norm_lang, _strip_end, _topic_name_like


class _NotFaq:
    """Sentinel returned by a rule that recognised a heading as not answerable as an FAQ."""

    def __repr__(self) -> str:
        return "NOT_FAQ"


NOT_FAQ: Final = _NotFaq()


@dataclass(frozen=True)
class Reconvert:
    """A rule's answer "convert this other heading text instead" ('5 reasons why X' -> 'why X').

    The converter runs the whole conversion on ``text`` with the heading's topic, language and
    referent; when that gives no question, ``otherwise`` is the rule's result. Rules return this
    rather than calling the converter, which imports the rule tables (no import cycle).
    """

    text: str
    otherwise: _NotFaq | None = None


RuleResult = str | _NotFaq | Reconvert | None


@dataclass(frozen=True)
class Heading:
    """A cleaned heading plus the views the rules need, built once per call.

    ``tokens`` keep the author's spelling; ``lower`` are bare lower-case forms for matching;
    ``cased`` are the tokens as they should appear mid-sentence (first word and Title Case
    words lower-cased, acronyms and proper nouns kept). ``referent`` is what a bare "it" stands
    for: the page topic, or the part before the colon in "Vibration analysis: how it works".
    """

    text: str
    tokens: tuple[str, ...]
    lower: tuple[str, ...]
    cased: tuple[str, ...]
    topic: str
    lang: str
    referent: str
    parents: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()
    numbered: bool = False

    @property
    def key(self) -> str:
        """The whole heading normalised for table look-ups ('Plans & Pricing' -> 'plans and pricing')."""
        return " ".join("and" if w == "&" else w for w in self.lower if w)


Rule = Callable[[Heading], RuleResult]


def _tokens(text: str, lang: str) -> tuple[str, ...]:
    out: list[str] = []
    for token in text.split():
        expanded = _EN_CONTRACTIONS.get(_bare(token)) if lang == "en" else None
        if expanded and not token[:1].isupper():
            out.extend(expanded)
        elif expanded:
            out.extend((expanded[0].capitalize() if expanded[0] != "I" else "I", expanded[1]))
        else:
            out.append(token)
    return tuple(out)


_EN_TITLE_SMALL_WORDS = frozenset(
    {
        "the",
        "of",
        "and",
        "for",
        "with",
        "to",
        "in",
        "on",
        "your",
        "a",
        "an",
        "or",
        "vs",
        "at",
        "by",
        "from",
        "into",
        "is",
        "are",
        "up",
        "it",
        "its",
        "as",
        "than",
        "you",
    }
)


def _is_title_case(tokens: Sequence[str]) -> bool:
    """'Choosing The Right CMMS For Your Plant', 'Sensor Placement': capitals are style, not names."""
    words = [t.strip(_EDGE_PUNCT) for t in tokens[1:]]
    if "A" in words[:-1]:
        return True  # 'Authorize A cURL Request': a capital article is Title Case
    words = [t for t in words if t.isalpha() and len(t) >= 2 and not _is_acronym(t)]
    if any(t.lower() in _EN_TITLE_SMALL_WORDS and t[:1].isupper() for t in words):
        return True
    content = [t for t in words if t.lower() not in _EN_TITLE_SMALL_WORDS]
    lowered = [t for t in content if not t[:1].isupper()]
    if (
        len(content) >= 3
        and len(lowered) == 1
        and (content[-1][:1].isupper() or any(t.lower() in _EN_TITLE_SMALL_WORDS and t[:1].isupper() for t in words))
    ):
        # 'Display Responsive iframe Maintaining Aspect Ratio': one lower-case identifier among capitals
        return not _known_en(lowered[0].lower(), lenient=False)
    if len(content) >= 2:
        return all(t[:1].isupper() for t in content)
    if len(content) == 1 and len(tokens) == 2:
        return content[0][:1].isupper() and _known_en(content[0].lower(), lenient=False)
    if len(content) == 1 and any(t in _EN_TITLE_SMALL_WORDS for t in words):
        # 'Time on Page': the one content word after a lower-case small word is capitalised for style
        return content[0][:1].isupper() and _known_en(content[0].lower(), lenient=False)
    return False


def _keeps_name(tokens: Sequence[str], index: int, names: frozenset[str]) -> bool:
    """A page name keeps its capital, except a common word opening the heading on its own
    ('Custom event not showing up' -> 'custom'), where the capital is only sentence case."""
    if index > 0 or len(tokens) == 1:
        return True
    bare = tokens[0].strip(_EDGE_PUNCT)
    lemmas = _lemmas(bare.lower())
    if not _known_en(bare.lower(), lenient=False) or not (
        lemmas.get("NOUN") or lemmas.get("ADJ") or bare.lower() in _EN_IMPERATIVES | _EN_DOC_IMPERATIVES
    ):
        return True  # 'Google' (the lexicon only knows the verb), 'Hatchbox
    nxt = tokens[1].strip(_EDGE_PUNCT) if len(tokens) > 1 else ""
    return bool(nxt) and nxt[:1].isupper() and (nxt in names or _is_acronym(nxt))


def _starts_name(tokens: Sequence[str]) -> bool:
    """In a sentence-case heading a capitalised second word is a name, and the first word is
    part of it ('Google Tag Manager template'); an acronym says nothing ('Uptime SLA', but see
    ``names`` for 'Stats API')."""
    if len(tokens) < 2:
        return False
    nxt = tokens[1].strip(_EDGE_PUNCT)
    return nxt[:1].isupper() and nxt.isalpha() and not _is_acronym(nxt) and nxt.lower() not in _EN_TITLE_SMALL_WORDS


@lru_cache(maxsize=1024)
def _topic_names(topic: str, lang: str) -> frozenset[str]:
    """The topic's capitalised words that count as names in its page's headings (see
    :func:`_case_tokens`). Kept per topic: every heading of a page, and every heading a rule makes
    from one, has the same topic."""
    topic_tokens = topic.split()
    topic_title = (
        lang == "en"
        and _is_title_case(topic_tokens)
        and (
            len(topic_tokens) >= 4
            or any(w.lower() in _EN_TITLE_SMALL_WORDS and w[:1].isupper() for w in topic_tokens[1:])
            or (
                len(topic_tokens) == 3
                and all(_known_en(w.strip(_EDGE_PUNCT).lower(), lenient=False) for w in topic_tokens)
            )
        )
    )
    return frozenset(
        {
            w.strip(_EDGE_PUNCT)
            for i, w in enumerate(topic_tokens)
            if w[:1].isupper()
            and not (topic_title and _known_en(w.strip(_EDGE_PUNCT).lower(), lenient=False))
            and not (
                i == 0
                and len(topic_tokens) >= 2
                and not _is_acronym(w)
                and topic_tokens[1][:1].islower()
                and _known_en(w.strip(_EDGE_PUNCT).lower(), lenient=False)
            )  # 'Funnel analysis': sentence case
        }
    )


def _case_tokens(tokens: Sequence[str], topic: str, lang: str, names: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Lower-case sentence-initial and Title Case words, keep acronyms and proper nouns.

    Capitalised topic words count as names unless the topic is itself in Title Case (a til
    note titled "Apply Multiple Box Shadows" names nothing); ``names`` are words the page
    itself writes with a capital mid-sentence ("Plausible", "Studio" in "Data Studio").
    """
    topic_words = _topic_names(topic, lang)
    title = lang == "en" and _is_title_case(tokens) and not (len(tokens) == 2 and tokens[1].strip(_EDGE_PUNCT) in names)
    out: list[str] = []
    for index, token in enumerate(tokens):
        bare = token.strip(_EDGE_PUNCT)
        if (
            _is_acronym(token)
            or bare == "I"
            or not bare[:1].isupper()
            or _is_code(bare)
            or (bare in topic_words and (len(topic_words) == 1 or index > 0))
            or ((bare in names or bare in topic_words) and _keeps_name(tokens, index, names | topic_words))
        ):
            out.append(token)
        elif index == 0 and not title and lang == "en" and _starts_name(tokens):
            out.append(token)  # 'Google Tag Manager template', 'Data Studio connector'
        elif index == 0 or title:
            if lang == "en" and not _known_en(bare.lower(), lenient=index == 0):
                out.append(token)
            elif lang == "en" or index == 0:
                out.append(token.lower())
            else:
                out.append(token)
        else:
            out.append(token)
    return tuple(out)


def make_heading(
    text: str,
    *,
    topic: str = "",
    lang: str = "en",
    referent: str | None = None,
    parents: Sequence[str] = (),
    names: frozenset[str] = frozenset(),
    numbered: bool = False,
) -> Heading:
    """Build the rule input for an already-cleaned heading (exposed so rules can be tested alone).

    ``parents`` are the enclosing headings (page title, then the H2 of an H3): an H3 under
    "Metrics" or "Glossary" is a term to define. ``names`` are words the page capitalises
    mid-sentence, kept as written in the question. ``numbered`` says the author numbered the
    heading ('3. Check the entry pages'; the number itself is already cleaned off): a step.
    """
    lang = _norm_lang(lang)
    topic = " ".join(topic.split())
    tokens = _tokens(text, lang)
    return Heading(
        text=" ".join(text.split()),
        tokens=tokens,
        lower=tuple(_bare(t) for t in tokens),
        cased=_case_tokens(tokens, topic, lang, names),
        topic=topic,
        lang=lang,
        referent=" ".join((referent if referent is not None else topic).split()),
        parents=tuple(" ".join(p.split()) for p in parents if p and p.strip()),
        names=names,
        numbered=numbered,
    )


def _topic_en(topic: str) -> str:
    """The topic as it reads mid-sentence: 'Predictive maintenance' -> 'predictive maintenance'."""
    topic = _strip_end(topic)
    if not topic or _topic_name_like(topic):
        return topic
    first, _, rest = topic.partition(" ")
    if first[:1].isupper() and not _is_acronym(first) and _known_en(first.lower()):
        first = first.lower()
    return _join(first, rest)


def _topic_plural_en(topic: str) -> bool:
    words = topic.split()
    return bool(words) and not _topic_name_like(topic) and _is_plural_en(words[-1])


def _does(topic: str) -> str:
    return "do" if _topic_plural_en(topic) else "does"


def _is(topic: str) -> str:
    return "are" if _topic_plural_en(topic) else "is"
