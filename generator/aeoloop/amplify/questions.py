"""Turn section headings into the questions readers actually ask (for FAQPage JSON-LD).

Why: answer engines match a user's *question* against the questions a page declares, so an FAQ
built from raw headings ("Pricing", "Setting up the tracker") is invisible to them. Each heading
is rewritten into the question a person would type into ChatGPT ("How much does Acme cost?",
"How do you set up the tracker?"), or rejected when it is not answerable ("Conclusion").

Design: a small, deterministic rule table per language. Each rule is a plain function
``rule(heading) -> str | NOT_FAQ | None``: a string is the question, ``NOT_FAQ`` means "this rule
recognised the heading and it is not FAQ material", ``None`` means "not mine, try the next rule".
The first rule that answers wins, so every rule can be tested on its own and the order documents
precedence (see ``EN_RULES`` / ``IT_RULES``).

English grammar comes from ``lemminflect`` (lemmas and inflections, loaded lazily and cached);
Italian uses suffix heuristics for number, gender and articles. No parser, no model: the output
must be predictable from the rules below and identical on every run.

Noun-phrase policy (English: the ordered sub-table ``_EN_NP_RULES``), chosen because each
reads like something people type, not like a heading with "What is" glued on:

* relational metrics get the topic: "Payback period" -> "What is the payback period for <topic>?",
  "Return on investment" -> "... of <topic>?", "The role of X" -> "What is the role of X in <topic>?"
* security/privacy/compliance: "How does <Name> handle X?" (product topic) or
  "How is X handled in <topic>?" (practice topic)
* things you set: thresholds, targets, baselines, goals -> "How do you set <np>?"
* operational processes (integration, installation, calibration, onboarding ...) ->
  "How does <np> work?"
* planning decisions (placement, selection, sizing, budgeting ...) ->
  "What is the best approach to <np>?"
* problems ("Poor sensor mounting", "False alarms") -> "Why is/are <np> a problem?"
* "The importance of X" -> "Why is X important?"
* anything else: "What is <np>?" / "What are <np>?" with "a/an" only for a curated list of count
  nouns, "the" for "of" complements and named sets ("What are the ISO 20816 vibration zones?").
* not a question (None): navigation ("Guides for ..."), possessive openers ("Our approach",
  "Your data, your rules"), statements with a verb, pronoun or adverb ("Sensors got cheaper"),
  and coordinations that would need an article ("Team and skills").

Headings that are questions already are kept verbatim apart from tidying ("?" and spacing). A
bare "it" subject becomes the topic ("Why it matters" -> "Why does predictive maintenance
matter?") so every question stands on its own in the FAQ.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Final

__all__ = [
    "EN_RULES",
    "IT_RULES",
    "NOT_FAQ",
    "Heading",
    "heading_to_question",
    "is_question",
    "make_heading",
]


class _NotFaq:
    """Sentinel returned by a rule that recognised a heading as not answerable as an FAQ."""

    def __repr__(self) -> str:
        return "NOT_FAQ"


NOT_FAQ: Final = _NotFaq()
RuleResult = str | _NotFaq | None


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

    @property
    def key(self) -> str:
        """The whole heading normalised for table look-ups ('Plans & Pricing' -> 'plans and pricing')."""
        return " ".join("and" if w == "&" else w for w in self.lower if w)


Rule = Callable[[Heading], RuleResult]


# --------------------------------------------------------------------------------------------
# Text utilities shared by both languages
# --------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})
_CODE = re.compile(r"`+([^`]*)`+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_TAG = re.compile(r"<[^<>]{0,200}>")
_ATTR_LIST = re.compile(r"\s*\{\s*[#.:][^{}]*\}\s*$")
_ATX = re.compile(r"^\s*#{1,6}(?=\s|$)|\s+#+\s*$")
_EMPHASIS = re.compile(r"\*+|~~|(?<![\w])_+|_+(?![\w])")
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]|[IVX]{1,4}\.|q\s*[:.])\s+", re.I)
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_TRAILING_PUNCT = re.compile(r"[\s.,;:!?\u2026\u2013\u2014\-]+$")
_EDGE_PUNCT = "\"'\u201c\u201d()[]{},.;:!?*_\u2026"
_SPLITTERS = (": ", " \u2014 ", " \u2013 ", " - ")


def _clean(heading: str) -> str:
    """Strip Markdown/HTML formatting and decorations, keep the words."""
    text = html.unescape(heading).translate(_APOSTROPHES)
    text = _CODE.sub(r"\1", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = " ".join(text.split())
    text = _ATTR_LIST.sub("", text)
    text = _ATX.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _NUMBERING.sub("", text)
    without_paren = _TRAILING_PAREN.sub("", text)
    if without_paren.strip():
        text = without_paren
    return " ".join(text.split())


def _bare(token: str) -> str:
    return token.strip(_EDGE_PUNCT).lower()


def _strip_end(text: str) -> str:
    return _TRAILING_PUNCT.sub("", " ".join(text.split()))


def _finish(text: str) -> str | None:
    """Normalise spacing and punctuation, end with exactly one '?', start with a capital."""
    core = _strip_end(text)
    core = re.sub(r"\s+([,;:?!])", r"\1", core)
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


def _norm_lang(lang: str | None) -> str:
    return (lang or "").strip().lower().replace("_", "-").split("-")[0]


def _topic_name_like(topic: str) -> bool:
    """A product or company name ('Acme', 'Ridgeline Monitor', 'OEE'), not a practice."""
    words = [w for w in topic.split() if any(c.isalpha() for c in w)]
    if not words:
        return False
    return all(w.strip(_EDGE_PUNCT)[:1].isupper() or _is_acronym(w) for w in words)


# --------------------------------------------------------------------------------------------
# English lexicon (lemminflect, loaded lazily)
# --------------------------------------------------------------------------------------------

_ASCII_WORD = re.compile(r"[a-z]+")


@functools.cache
def _lemminflect() -> ModuleType:
    """Import lemminflect on first use: its tables take a few hundred ms to load."""
    import lemminflect

    return lemminflect


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


_EN_ARTICLES = frozenset({"the", "a", "an"})
_EN_POSSESSIVES = frozenset({"your", "our", "their", "its", "his", "her", "my"})
_EN_DETERMINERS = _EN_ARTICLES | _EN_POSSESSIVES | frozenset(
    {"this", "that", "these", "those", "some", "any", "all", "most", "many", "each", "every", "no",
     "several", "both", "either", "neither", "such", "another", "other", "much", "few", "fewer"}
)
_EN_SUBJECT_PRONOUNS = frozenset({"i", "you", "we", "they", "he", "she", "it"})
_EN_PRONOUNS = _EN_SUBJECT_PRONOUNS | frozenset(
    {"me", "us", "them", "him", "everything", "something", "nothing", "anything", "everyone",
     "someone", "anyone", "nobody", "itself", "themselves", "yourself", "yourselves", "ourselves",
     "myself", "one"}
)
_EN_PREPOSITIONS = frozenset(
    {"of", "for", "to", "in", "on", "with", "without", "at", "by", "from", "into", "onto", "about",
     "across", "after", "before", "between", "through", "under", "than", "as", "like", "via",
     "per", "vs", "versus", "against", "during", "within", "beyond", "toward", "towards",
     "instead", "among", "around", "behind", "beside", "despite", "except", "inside", "outside",
     "over", "past", "since", "throughout", "until", "upon"}
)
_EN_PARTICLES = frozenset({"up", "down", "out", "off", "away", "back", "apart", "together", "forward"})
_EN_CONJUNCTIONS = frozenset(
    {"and", "or", "but", "nor", "because", "if", "unless", "while", "whereas", "although",
     "though", "when", "where", "whether", "that", "which", "who", "whom", "so"}
)
_EN_STOPS = _EN_PREPOSITIONS | _EN_PARTICLES | _EN_CONJUNCTIONS
_EN_WH = frozenset({"what", "why", "how", "when", "where", "who", "which", "whose"})
_EN_COPULA_MODAL = frozenset(
    {"is", "are", "was", "were", "am", "can", "could", "should", "would", "will", "may", "might",
     "must", "shall", "isn't", "aren't", "wasn't", "weren't", "can't", "cannot", "couldn't",
     "shouldn't", "wouldn't", "won't", "mustn't"}
)
_EN_DO = frozenset({"do", "does", "did", "don't", "doesn't", "didn't"})
_EN_HAVE = frozenset({"has", "have", "had", "hasn't", "haven't", "hadn't"})
_EN_MAIN_DO_HAVE = frozenset({"do", "does", "did", "has", "have", "had"})
_EN_AUX = _EN_COPULA_MODAL | _EN_DO | _EN_HAVE | frozenset({"be", "been", "being"})
_EN_ADVERBS = frozenset(
    {"not", "now", "really", "always", "never", "still", "already", "just", "too", "very", "more",
     "less", "so", "even", "also", "here", "there", "then", "why", "how", "what", "when",
     "where", "ever", "often", "again", "only", "soon"}
)
_EN_CLOSED = (
    _EN_DETERMINERS | _EN_PRONOUNS | _EN_STOPS | _EN_WH | _EN_AUX | _EN_ADVERBS
    | frozenset({"let's", "it's", "what's", "who's", "how's", "that's", "there's", "i"})
)
_EN_CONTRACTIONS = {
    "it's": ("it", "is"), "that's": ("that", "is"), "there's": ("there", "is"),
    "he's": ("he", "is"), "she's": ("she", "is"), "you're": ("you", "are"),
    "we're": ("we", "are"), "they're": ("they", "are"), "you've": ("you", "have"),
    "we've": ("we", "have"), "they've": ("they", "have"), "i'm": ("I", "am"),
}
# Words after "how" that belong to the wh-phrase: "how long", "how much", "how accurate".
_EN_HOW_MODIFIERS = frozenset(
    {"much", "many", "long", "often", "far", "soon", "quickly", "fast", "big", "large", "small",
     "accurate", "reliable", "secure", "safe", "well", "early", "frequently", "expensive", "hard",
     "easy", "difficult", "good", "important", "effective", "different", "exactly", "precisely",
     "close", "likely", "sure", "old", "high", "low", "cheap", "quick", "sensitive", "precise"}
)
# Base verbs that usually end a clause ("why sales teams struggle"): prefer them as the verb.
_EN_INTRANSITIVE = frozenset(
    {"matter", "work", "fail", "break", "struggle", "succeed", "differ", "compare", "happen",
     "change", "apply", "fit", "scale", "win", "lose", "evolve", "exist", "wear", "last", "drift",
     "degrade", "stall", "churn", "convert", "rank", "trend", "vary", "count", "help", "pay",
     "improve", "grow", "leak", "overheat", "vibrate", "age", "die", "go", "come", "stop", "start"}
)
_EN_PLURAL_IRREGULAR = frozenset(
    {"people", "children", "men", "women", "criteria", "phenomena", "feet", "teeth", "mice", "spectra",
     "media", "analyses", "indices", "matrices"}
)
_EN_MASS_S = frozenset(
    {"analytics", "logistics", "economics", "news", "physics", "electronics", "mechanics",
     "diagnostics", "ergonomics", "series", "species", "means", "basics", "ethics", "mathematics"}
)


_EN_JARGON = frozenset(
    """webinar webinars ebook ebooks opex capex saas b2b b2c kpi roi seo aeo geo faq faqs
    analytics onboarding offboarding tech fintech martech adtech proptech""".split()
)


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


_EN_COMMON_SUFFIXES = (
    "graphy", "ology", "ation", "ition", "ment", "ness", "ity", "ics", "ism", "ance", "ence",
    "able", "ible", "ive", "ship", "ware", "isation", "ization", "ometer", "ometry", "scopy",
)


def _known_part(part: str, lenient: bool = True) -> bool:
    if part in _EN_CLOSED or part in _EN_JARGON or _lemmas(part) or (lenient and _is_compound(part)):
        return True
    american = re.sub(r"is(ation|e|ed|es|ing)$", r"iz\1", re.sub(r"our$", "or", part))
    if american != part and _lemmas(american):
        return True
    return bool(_ASCII_WORD.fullmatch(part)) and len(part) >= 7 and part.endswith(_EN_COMMON_SUFFIXES)


def _is_compound(word: str) -> bool:
    if len(word) < 6 or not _ASCII_WORD.fullmatch(word):
        return False
    return any(
        (_lemmas(word[:k]) or word[:k] in _EN_CLOSED) and _lemmas(word[k:]) for k in range(2, len(word) - 2)
    )


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


# --------------------------------------------------------------------------------------------
# Building a Heading
# --------------------------------------------------------------------------------------------


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
    {"the", "of", "and", "for", "with", "to", "in", "on", "your", "a", "an", "or", "vs", "at", "by",
     "from", "into", "is", "are", "up"}
)


def _is_title_case(tokens: Sequence[str]) -> bool:
    """'Choosing The Right CMMS For Your Plant', 'Sensor Placement': capitals are style, not names."""
    words = [t.strip(_EDGE_PUNCT) for t in tokens[1:]]
    words = [t for t in words if t.isalpha() and len(t) >= 2 and not _is_acronym(t)]
    if any(t.lower() in _EN_TITLE_SMALL_WORDS and t[:1].isupper() for t in words):
        return True
    content = [t for t in words if t.lower() not in _EN_TITLE_SMALL_WORDS]
    if len(content) >= 2:
        return all(t[:1].isupper() for t in content)
    if len(content) == 1 and len(tokens) == 2:
        return content[0][:1].isupper() and _known_en(content[0].lower(), lenient=False)
    return False


def _case_tokens(tokens: Sequence[str], topic: str, lang: str) -> tuple[str, ...]:
    """Lower-case sentence-initial and Title Case words, keep acronyms and proper nouns."""
    topic_words = {w.strip(_EDGE_PUNCT) for w in topic.split() if w[:1].isupper()}
    title = lang == "en" and _is_title_case(tokens)
    out: list[str] = []
    for index, token in enumerate(tokens):
        bare = token.strip(_EDGE_PUNCT)
        if _is_acronym(token) or bare in topic_words or bare == "I" or not bare[:1].isupper():
            out.append(token)
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


def make_heading(text: str, *, topic: str = "", lang: str = "en", referent: str | None = None) -> Heading:
    """Build the rule input for an already-cleaned heading (exposed so rules can be tested alone)."""
    lang = _norm_lang(lang)
    topic = " ".join(topic.split())
    tokens = _tokens(text, lang)
    return Heading(
        text=" ".join(text.split()),
        tokens=tokens,
        lower=tuple(_bare(t) for t in tokens),
        cased=_case_tokens(tokens, topic, lang),
        topic=topic,
        lang=lang,
        referent=" ".join((referent if referent is not None else topic).split()),
    )


def _join(*parts: str | Iterable[str]) -> str:
    words: list[str] = []
    for part in parts:
        if isinstance(part, str):
            words.extend(part.split())
        else:
            for item in part:
                words.extend(item.split())
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# Topic rendering (English)
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Shared rules: skip lists and colon subtitles
# --------------------------------------------------------------------------------------------

_EN_SKIP_EXACT = frozenset(
    {line.strip() for line in """
conclusion|conclusions|in conclusion|to conclude|next steps|next step|what's next|what next
references|reference|further reading|introduction|intro|summary|in summary|to summarise
to summarize|summing up|related articles|related posts|related reading|related resources
related content|related guides|related links|table of contents|contents|toc|key takeaways
takeaways|takeaway|tl;dr|tldr|tl dr|final thoughts|closing thoughts|final words|wrapping up
wrap-up|wrap up|the bottom line|bottom line|recap|about the author|about the authors|about us
about|contact|contact us|get in touch|sources|source|bibliography|footnotes|notes|see also
resources|additional resources|more resources|learn more|read more|appendix|glossary
acknowledgements|acknowledgments|changelog|faq|faqs|frequently asked questions
common questions|questions|book a demo|request a demo|schedule a demo|get a demo|start here
sign up|subscribe|try it free|start your free trial|start a free trial|share this article
comments|disclaimer|legal|privacy policy|terms|terms of service|who we are|what we do
our story|our mission|our team|our values|careers|press|news|updates|in this article
in this guide|what you'll learn|what you will learn|key terms|terminology|further resources
case study|case studies|customer stories|success stories|testimonials|lessons learned|background
methodology|the problem|the solution|the challenge|the approach|the results|results|assumptions
example|an example|examples in practice|worked example|example calculation|for example
release notes|roadmap|product roadmap|what's new|whats new|how we calculated this
""".replace("\n", "|").split("|") if line.strip()}
)
_EN_SKIP_PATTERN = re.compile(
    r"^(?:(?:step|part|phase|stage|chapter|section|module|lesson|day|week|appendix|tip|option|method)"
    r"(?:\s*\d+|\s+(?:[a-z]|one|two|three|four|five|six|seven|eight|nine|ten))\b"
    r"|(?:try|book|request|download|subscribe|sign up|join|follow|watch|read|contact|call|email|register)\b"
    r"|next steps\b|key takeaways\b|further reading\b|related (?:articles|posts|reading|resources|guides)\b"
    r"|in conclusion\b|about the author\b|frequently asked questions\b|table of contents\b"
    r"|a day in the life\b|case study\b|questions about\b)"
)
_IT_SKIP_EXACT = frozenset(
    {line.strip() for line in """
conclusione|conclusioni|in conclusione|per concludere|prossimi passi|passi successivi|prossimi step
riferimenti|fonti|bibliografia|introduzione|sommario|riepilogo|riassunto|indice
indice dei contenuti|letture consigliate|per approfondire|approfondimenti|articoli correlati
contenuti correlati|vedi anche|in sintesi|in breve|note|domande frequenti|faq|chi siamo
dove siamo|contatti|contattaci|scopri di più|per saperne di più|richiedi una demo
prenota una demo|considerazioni finali|conclusioni finali|punti chiave|glossario|appendice
risorse|risorse utili|iscriviti alla newsletter|cosa imparerai|in questo articolo
in questa guida|la nostra storia|il nostro team|lavora con noi|esempio|esempio pratico
un esempio|esempi pratici|caso di studio|casi di studio|case study|testimonianze|storie di clienti
risultati|i risultati|metodologia|il problema|la soluzione|la sfida|novità
""".replace("\n", "|").split("|") if line.strip()}
)
_IT_SKIP_PATTERN = re.compile(
    r"^(?:(?:passo|passaggio|fase|step|parte|capitolo|sezione|modulo|lezione|giorno|settimana|punto"
    r"|appendice)(?:\s*\d+|\s+(?:[a-z]|uno|due|tre|quattro|cinque|sei|sette|otto|nove|dieci))\b"
    r"|(?:richiedi|prenota|scarica|iscriviti|contattaci|scrivici|chiamaci|prova gratis)\b"
    r"|prossimi passi\b|domande frequenti\b|articoli correlati\b|per approfondire\b)"
)


def _skip_key(text: str) -> str:
    return " ".join(_bare(t) for t in text.replace("&", " and ").split() if _bare(t))


def _rule_skip(h: Heading) -> RuleResult:
    """Navigation and wrapper headings ('Conclusion', 'Step 3: ...') are not questions."""
    key = _skip_key(h.text)
    if h.lang == "it":
        if key in _IT_SKIP_EXACT or _IT_SKIP_PATTERN.match(key):
            return NOT_FAQ
    elif key in _EN_SKIP_EXACT or _EN_SKIP_PATTERN.match(key):
        return NOT_FAQ
    return None


def _rule_question(h: Heading) -> RuleResult:
    """Headings already phrased as questions are kept as written (just tidied)."""
    if is_question(h.text, lang=h.lang if h.lang in {"en", "it"} else "xx"):
        return _finish(h.text) or NOT_FAQ
    return None


# --------------------------------------------------------------------------------------------
# is_question
# --------------------------------------------------------------------------------------------

_IT_WH = frozenset(
    {"cosa", "che", "come", "perché", "perchè", "perche", "quando", "dove", "chi", "quale", "quali",
     "qual", "quanto", "quanta", "quanti", "quante", "è", "e'", "cos'è", "cos'e", "dov'è",
     "com'è", "qual'è", "quant'è", "cosè"}
)
_IT_WH_PREFIXES = ("cos'", "dov'", "com'", "qual'", "quant'")
_IT_PREPOSITIONS = frozenset(
    {"di", "a", "da", "in", "con", "su", "per", "tra", "fra", "fino", "del", "della", "dello", "dei",
     "degli", "delle", "al", "alla", "allo", "ai", "agli", "alle", "nel", "nella", "nello", "nei",
     "negli", "nelle", "sul", "sulla", "sullo", "sui", "sugli", "sulle", "dal", "dalla", "dallo",
     "dai", "dagli", "dalle", "col", "coi", "ad"}
)
_EN_DO_NOT_QUESTION = frozenset(
    {"it", "this", "that", "more", "less", "something", "nothing", "everything", "better", "well",
     "what", "so", "not", "your", "our", "the", "a", "an"}
)


def _is_question_en(lower: Sequence[str], tokens: Sequence[str]) -> bool:
    n = len(lower)
    first = lower[0]
    if first in {"what's", "who's", "how's", "where's", "when's", "why's", "which's"}:
        return True
    if first in _EN_COPULA_MODAL:
        return n >= 2 and not (first in {"may", "will", "must"} and lower[1][:1].isdigit())
    if first in {"don't", "never"}:
        return n >= 2 and lower[1] in {"you", "we", "they", "i"}
    if first in _EN_DO:
        return n >= 2 and lower[1] not in _EN_DO_NOT_QUESTION
    if first in _EN_HAVE:
        return n >= 2 and lower[1] in {"you", "we", "they", "i"}
    if first not in _EN_WH or n < 2:
        return False
    # wh-phrase: 'how much', 'which sensor', 'what data' ... then an auxiliary => inverted question
    i = 1
    if first == "how":
        while i < n and lower[i] in _EN_HOW_MODIFIERS:
            i += 1
        extra_nouns = 2 if i > 1 and lower[i - 1] in {"much", "many"} else 0
    else:
        extra_nouns = 2 if first in {"what", "which", "whose"} else 0
    for j in range(i, min(n, i + extra_nouns + 1)):
        word = lower[j]
        if word in _EN_AUX:
            if word in _EN_DO | _EN_HAVE and j == n - 1:
                return False  # 'What Acme does': main verb, needs do-support
            if word in _EN_COPULA_MODAL and j == n - 1 and j > i:
                return False  # 'What OEE is'
            return True
        if word in _EN_PRONOUNS or word in _EN_DETERMINERS or word in _EN_STOPS:
            break
    # wh-word as subject: 'What causes bearing failure', 'Who benefits most'
    if first in {"what", "who", "which"} and i == 1:
        word = lower[1]
        forms = _verb_forms(word)
        if forms & {"VBZ", "VBD"} and word not in _EN_CLOSED:
            if _is_plural_en(tokens[1]):
                for k in range(2, n):
                    if lower[k] in _EN_STOPS:
                        break
                    if "VB" in _verb_forms(lower[k]):
                        return False  # 'What teams need': plural noun + verb => clause
            return True
    return False


def _is_question_it(lower: Sequence[str]) -> bool:
    first = lower[0]
    if first in _IT_WH or first.startswith(_IT_WH_PREFIXES):
        return True
    if len(lower) >= 2 and first in _IT_PREPOSITIONS and (
        lower[1] in _IT_WH or lower[1].startswith(_IT_WH_PREFIXES)
    ):
        return True
    return len(lower) >= 2 and first == "si" and lower[1] in {"può", "possono", "deve", "devono"}


def is_question(heading: str, *, lang: str | None = None) -> bool:
    """True when the heading is already a question, so it can be used verbatim.

    Why: rewriting a real question only risks damaging it. A heading counts when it ends with
    '?', or (English) starts with an auxiliary ("Can sensors ...", "Is it ...") or a wh-phrase
    followed by an auxiliary ("How much does ...", "Which sensor is ...") or used as subject
    ("What causes ..."); or (Italian) starts with a question word (cosa, come, perché, quanto ...).
    ``lang=None`` accepts either language; any other language only trusts the question mark.
    """
    text = _clean(heading)
    if not text:
        return False
    stripped = text.rstrip()
    if stripped.endswith("?") or stripped.startswith("\u00bf"):
        return True
    code = _norm_lang(lang) if lang is not None else None
    tokens = _tokens(_strip_end(text), "en" if code in {None, "en"} else code)
    lower = [_bare(t) for t in tokens]
    lower = [w for w in lower if w]
    if not lower:
        return False
    if code in {None, "en"} and _is_question_en(lower, [t for t in tokens if _bare(t)]):
        return True
    if code in {None, "it"} and _is_question_it(lower):
        return True
    return False


# --------------------------------------------------------------------------------------------
# English rules
# --------------------------------------------------------------------------------------------


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


def _rule_versus_en(h: Heading) -> RuleResult:
    """'X vs Y' / 'X versus Y' / 'X vs. Y' -> 'What is the difference between X and Y?'."""
    spans = _split_versus(h.lower)
    if not spans:
        return None
    items = [_join(h.cased[a:b]) for a, b in spans]
    return _finish(f"What is the difference between {_list_phrase(items, 'and')}")


def _rule_wh_infinitive(h: Heading) -> RuleResult:
    """'How to X' -> 'How do you X?'; 'When to use X' / 'What to look for' -> '... should you ...?'."""
    lower, n = h.lower, len(h.lower)
    if n < 3 or lower[0] not in _EN_WH:
        return None
    j = 1
    while j < min(n, 5) and lower[j] != "to":
        word = lower[j]
        if lower[0] == "how":
            if word not in _EN_HOW_MODIFIERS:
                return None
            j += 1
            continue
        if lower[0] in {"why", "when", "where"}:
            return None
        if word in _EN_AUX | _EN_PRONOUNS | _EN_STOPS | _EN_DETERMINERS:
            return None
        if _verb_forms(word) & {"VBZ", "VBD"} and not _can_be(word, "NOUN"):
            return None
        j += 1
    if j >= n - 1 or lower[j] != "to" or "VB" not in _verb_forms(lower[j + 1]):
        return None
    aux = "do you" if lower[0] == "how" and j == 1 else "should you"
    lead = [h.tokens[0].lower(), *h.cased[1:j]]
    rest = list(h.cased[j + 1:])
    rest[0] = rest[0].lower()
    return _finish(_join(lead, aux, rest))


def _window_stop(h: Heading, start: int, end: int) -> int:
    for j in range(start + 1, end):
        if h.lower[j] in _EN_STOPS:
            return j
        if h.tokens[j].endswith(","):
            return j + 1
    return end


def _inverting_aux(h: Heading, j: int, end: int) -> bool:
    word = h.lower[j]
    if word in _EN_COPULA_MODAL:
        return True
    following = h.lower[j + 1] if j + 1 < end else ""
    if word in _EN_DO:
        return word.endswith("n't") or ("VB" in _verb_forms(following) and following not in _EN_CLOSED)
    if word in _EN_HAVE:
        return word.endswith("n't") or _is_participle(following)
    return False


def _subject_start(h: Heading, wh: int, i: int, k: int) -> int:
    """Where the subject begins: after the wh-phrase ('What data | you need', 'Which sensors | your plant needs')."""
    lower = h.lower
    takes_np = lower[wh] in {"what", "which", "whose"} or (i - 1 > wh and lower[i - 1] in {"much", "many"})
    if not takes_np:
        return i
    for j in range(k - 1, i, -1):
        if lower[j] in _EN_DETERMINERS or lower[j] in _EN_SUBJECT_PRONOUNS:
            return j
    if k - i >= 2 and _is_plural_en(h.tokens[i]) and lower[i] not in _EN_DETERMINERS:
        return i + 1
    return i


def _finite_verb(h: Heading, lo: int, hi: int) -> tuple[int, str] | None:
    """Find the clause's finite verb in tokens[lo:hi] using agreement with the word before it.

    'Why answer engines matter' -> matter (VB after plural); 'How AI changes search' -> changes;
    'Why marketing teams fail' -> fail (a clause-final intransitive beats the '-s' noun before it).
    """
    lower, tokens, n = h.lower, h.tokens, len(h.lower)
    title = _is_title_case(tokens)
    cands: list[tuple[int, str]] = []
    fallback: tuple[int, str] | None = None
    for j in range(lo, hi):
        word = lower[j]
        if (word in _EN_CLOSED and word not in _EN_MAIN_DO_HAVE) or lower[j - 1] in _EN_DETERMINERS:
            continue  # function words, and nouns right after 'the'/'a'/'your'
        if (tokens[j][:1].isupper() and not title) or _is_acronym(tokens[j]):
            continue  # proper nouns and acronyms are not verbs
        forms = _verb_forms(word)
        if not forms:
            continue
        prev = _number_en(tokens[j - 1])
        agreeing = [f for f in ("VBZ", "VB", "VBD") if f in forms and _agrees(f, prev)]
        any_form = next(f for f in ("VBZ", "VBD", "VB") if f in forms)
        if not tokens[j][:1].isupper():
            fallback = (j, any_form)  # last verb-capable word, as a last resort
        if agreeing:
            cands.append((j, agreeing[0]))
    for index, (j, form) in enumerate(cands):
        if form == "VBZ" and _is_plural_en(tokens[j]) and index + 1 < len(cands):
            nxt_j, nxt_form = cands[index + 1]
            nxt = lower[nxt_j]
            if nxt_j == j + 1 and nxt_form == "VB" and (
                nxt_j < n - 1 or nxt in _EN_INTRANSITIVE or not _can_be(nxt, "NOUN")
            ):
                continue
        return j, form
    return fallback


def _referent_for(h: Heading, subject: Sequence[str]) -> tuple[str, bool] | None:
    """'it' / 'this' standing alone as subject becomes the topic, for a self-contained question."""
    if len(subject) == 1 and _bare(subject[0]) in {"it", "this"} and h.referent:
        return _topic_en(h.referent), _topic_plural_en(h.referent)
    return None


_AUX_PLURAL = {"is": "are", "was": "were", "isn't": "aren't", "wasn't": "weren't",
               "does": "do", "doesn't": "don't", "has": "have", "hasn't": "haven't"}


def _wh_clause_part(h: Heading, a: int, b: int) -> str | None:
    lower = h.lower
    i = a + 1
    if lower[a] == "how":
        while i < b and lower[i] in _EN_HOW_MODIFIERS:
            i += 1
    if i >= b:
        return None
    stop = _window_stop(h, i, b)
    wh_words = [h.tokens[a].lower(), *h.cased[a + 1:i]]
    for j in range(i + 1, stop):
        if _inverting_aux(h, j, b):
            s = _subject_start(h, a, i, j)
            subject = list(h.cased[s:j])
            aux = lower[j]
            ref = _referent_for(h, subject)
            if ref:
                subject = [ref[0]]
                if ref[1]:
                    aux = _AUX_PLURAL.get(aux, aux)
            return _join(wh_words, h.cased[i:s], aux, subject, h.cased[j + 1:b])
    found = _finite_verb(h, i + 1, stop)
    if found is None:
        if lower[a] == "why" and i == a + 1 and _np_valid_en(h, i, b):
            return _join("why should you choose", h.tokens[i:b])  # 'Why Acme': a name, keep its capitals
        return None
    k, form = found
    s = _subject_start(h, a, i, k)
    word = lower[k]
    lemma = word if form == "VB" else _verb_lemma(word)
    aux = {"VBZ": "does", "VBD": "did", "VB": "do"}[form]
    subject = list(h.cased[s:k])
    ref = _referent_for(h, subject)
    if ref:
        subject = [ref[0]]
        if form != "VBD":
            aux = "do" if ref[1] else "does"
    trail = "," if h.tokens[k].endswith(",") else ""
    return _join(wh_words, h.cased[i:s], aux, subject, lemma + trail, h.cased[k + 1:b])


def _rule_wh_clause(h: Heading) -> RuleResult:
    """'Why answer engines matter' -> 'Why do answer engines matter?' (do-support or inversion)."""
    lower = h.lower
    if len(lower) < 2 or lower[0] not in _EN_WH:
        return None
    bounds = [0]
    for j in range(1, len(lower) - 1):
        if lower[j] in {"and", "or", "but"} and lower[j + 1] in _EN_WH:
            bounds.append(j + 1)
    bounds.append(len(lower) + 1)
    parts: list[str] = []
    for index in range(len(bounds) - 1):
        a, b = bounds[index], bounds[index + 1] - 1
        if index == len(bounds) - 2:
            b = len(lower)
        converted = _wh_clause_part(h, a, b)
        if converted is None:
            if index == 0:
                return NOT_FAQ
            converted = _join(h.cased[a:b])
        parts.append(converted)
        if index < len(bounds) - 2:
            parts.append(h.lower[b])
    return _finish(_join(parts))


_EN_PRICING = frozenset(
    {"pricing", "price", "prices", "cost", "costs", "plans and pricing", "pricing and plans",
     "pricing plans", "plans", "price list", "pricing options", "pricing tiers", "fees",
     "cost and pricing", "pricing and cost", "pricing and costs", "subscription pricing",
     "licensing and pricing", "pricing and licensing", "plans and prices", "how much it costs"}
)


def _rule_pricing_en(h: Heading) -> RuleResult:
    """'Pricing', 'Plans and pricing', '<Topic> pricing' -> 'How much does <topic> cost?'."""
    key = h.key
    topic_key = _skip_key(h.topic)
    if topic_key and key.startswith(topic_key + " "):
        key = key[len(topic_key) + 1:]
    if key not in _EN_PRICING:
        return None
    topic = _topic_en(h.topic) or "it"
    return _finish(f"How much {_does(h.topic)} {topic} cost")


_EN_TOPIC_HEADINGS: dict[str, str] = {
    "definition": "What {is} {t}",
    "overview": "What {is} {t}",
    "in a nutshell": "What {is} {t}",
    "explained": "What {is} {t}",
    "101": "What {is} {t}",
    "what it is": "What {is} {t}",
    "getting started": "How do you get started with {t}",
    "get started": "How do you get started with {t}",
    "first steps": "How do you get started with {t}",
    "quick start": "How do you get started with {t}",
    "quickstart": "How do you get started with {t}",
    "quick-start guide": "How do you get started with {t}",
    "getting started guide": "How do you get started with {t}",
    "integrations": "What {does} {t} integrate with",
    "integration": "What {does} {t} integrate with",
    "compatibility": "What {is} {t} compatible with",
    "troubleshooting": "How do you troubleshoot {t}",
    "implementation": "How do you implement {t}",
    "rollout": "How do you roll out {t}",
    "adoption": "How do you adopt {t}",
    "comparison": "How {does} {t} compare to the alternatives",
    "feature comparison": "How {does} {t} compare to the alternatives",
    "competitor comparison": "How {does} {t} compare to the alternatives",
    "formula": "How do you calculate {t}",
    "calculation": "How do you calculate {t}",
    "alternatives": "What are the alternatives to {t}",
    "history": "What is the history of {t}",
    "future": "What is the future of {t}",
    "the future": "What is the future of {t}",
    "outlook": "What is the future of {t}",
    "future outlook": "What is the future of {t}",
    "basics": "What are the basics of {t}",
    "the basics": "What are the basics of {t}",
    "fundamentals": "What are the fundamentals of {t}",
    "key concepts": "What are the key concepts of {t}",
}
# Only sensible when the topic is a product ('How do you install Acme?', not '... predictive maintenance?').
_EN_NAME_HEADINGS: dict[str, str] = {
    "installation": "How do you install {t}",
    "install": "How do you install {t}",
    "setup": "How do you set up {t}",
    "set-up": "How do you set up {t}",
    "set up": "How do you set up {t}",
    "deployment": "How do you deploy {t}",
    "configuration": "How do you configure {t}",
    "onboarding": "How does onboarding work for {t}",
    "who it's for": "Who {is} {t} for",
    "free trial": "Does {t} offer a free trial",
    "in the box": "What comes in the box with {t}",
    "what's in the box": "What comes in the box with {t}",
    "warranty": "What warranty does {t} come with",
}


def _rule_topic_heading(h: Heading) -> RuleResult:
    """Generic one-word headings get the page topic: 'Overview' -> 'What is <topic>?'."""
    key = h.key
    template = _EN_TOPIC_HEADINGS.get(key)
    if template is None and _topic_name_like(h.topic):
        template = _EN_NAME_HEADINGS.get(key)
    if template is None:
        return None
    if not h.topic:
        return NOT_FAQ
    return _finish(template.format(t=_topic_en(h.topic), does=_does(h.topic), **{"is": _is(h.topic)}))


# head -> (preposition before the topic, default article); multi-word heads are matched first.
_EN_GENERIC_HEADS: dict[str, tuple[str, str]] = {
    "benefits": ("of", "the"), "advantages": ("of", "the"), "disadvantages": ("of", "the"),
    "drawbacks": ("of", "the"), "downsides": ("of", "the"), "limitations": ("of", "the"),
    "challenges": ("of", "the"), "risks": ("of", "the"), "features": ("of", "the"),
    "capabilities": ("of", "the"), "components": ("of", "the"), "types": ("of", "the"),
    "applications": ("of", "the"), "examples": ("of", "some"), "use cases": ("for", "the"),
    "best practices": ("for", "the"), "practices": ("for", "the"), "tips": ("for", "some"),
    "requirements": ("for", "the"), "prerequisites": ("for", "the"), "mistakes": ("with", "the"),
    "pitfalls": ("with", "the"), "errors": ("with", "the"), "alternatives": ("to", "the"),
    "metrics": ("for", "the"), "kpis": ("for", "the"), "options": ("for", "the"),
    "tools": ("for", "the"), "trends": ("in", "the"), "statistics": ("about", "the"),
    "stats": ("about", "the"), "myths": ("about", "the"), "misconceptions": ("about", "the"),
    "costs": ("of", "the"), "considerations": ("for", "the"), "pros and cons": ("of", "the"),
    "dos and don'ts": ("of", "the"), "steps": ("for", "the"), "specifications": ("of", "the"),
    "specs": ("of", "the"), "differences": ("between", "the"), "success factors": ("for", "the"),
    "principles": ("of", "the"), "stages": ("of", "the"), "certifications": ("of", "the"),
    "results": ("of", "the"), "outcomes": ("of", "the"),
}
_EN_GENERIC_MODS = frozenset(
    {"key", "common", "main", "top", "core", "major", "typical", "hidden", "potential", "practical",
     "real-world", "essential", "important", "biggest", "frequent", "most", "system", "hardware",
     "software", "technical", "business", "operational", "financial", "security", "implementation",
     "deployment", "advanced", "basic", "minimum", "recommended", "proven", "general",
     "additional", "other", "unique", "standout", "notable", "primary", "critical", "expected",
     "upfront", "up-front", "ongoing", "long-term", "short-term", "total", "annual", "monthly",
     "standard", "optional", "new", "latest", "future", "current", "emerging", "big", "many",
     "various", "different", "possible", "real", "measurable", "tangible", "environmental"}
)
_EN_NO_ARTICLE_MODS = frozenset({"common", "typical", "frequent", "most", "many", "various", "some"})
_EN_THE_MODS = frozenset({"top", "key", "main", "core", "best", "biggest", "major", "primary"})
_EN_AVOID_HEADS = frozenset({"mistakes", "pitfalls", "errors", "traps"})


def _generic_split(lower: Sequence[str]) -> tuple[int, str] | None:
    """Index where a generic head ('benefits', 'best practices') starts, if the heading ends with one."""
    for head in sorted(_EN_GENERIC_HEADS, key=lambda x: -len(x.split())):
        words = head.split()
        if len(lower) >= len(words) and list(lower[-len(words):]) == words:
            return len(lower) - len(words), head
    return None


def _is_modifier_en(word: str) -> bool:
    if word in _EN_GENERIC_MODS:
        return True
    if word in _EN_CLOSED:
        return False
    lemmas = _lemmas(word)
    return bool(lemmas.get("ADJ")) and not lemmas.get("NOUN") and not lemmas.get("VERB")


def _topic_between(topic: str) -> str | None:
    parts = re.split(r"\s+(?:vs\.?|versus|and)\s+", _topic_en(topic))
    return _list_phrase(parts, "and") if len(parts) >= 2 else None


def _rule_generic_plural(h: Heading) -> RuleResult:
    """'Common mistakes' -> 'What are common mistakes with <topic>?', 'Key features' -> '... of <topic>?'."""
    lower = list(h.lower)
    avoid = len(lower) >= 3 and lower[-2:] == ["to", "avoid"] and lower[-3] in _EN_AVOID_HEADS
    core = lower[:-2] if avoid else lower
    split = _generic_split(core)
    if split is None:
        return None
    start, head = split
    mods = core[:start]
    if mods and mods[0] == "the":
        mods = mods[1:]
        offset = 1
    else:
        offset = 0
    name_topic = _topic_name_like(h.topic)
    mod_tokens = h.tokens[offset:start]
    own_names = any(_is_acronym(t) or t[:1].isupper() or t[:1].isdigit() for t in mod_tokens[1:]) or (
        mod_tokens and (_is_acronym(mod_tokens[0]) or mod_tokens[0][:1].isdigit())
    )
    if not all(_is_modifier_en(m) or (name_topic and not own_names and m not in _EN_CLOSED) for m in mods):
        return None
    phrase = _join(h.cased[offset:len(core)])
    if avoid:
        topic = f" with {_topic_en(h.topic)}" if h.topic else ""
        return _finish(f"What {phrase} should you avoid{topic}")
    if not h.topic:
        return NOT_FAQ
    prep, article = _EN_GENERIC_HEADS[head]
    if head == "differences":
        between = _topic_between(h.topic)
        if between is None:
            return NOT_FAQ
        target = between
    else:
        target = _topic_en(h.topic)
    if mods and mods[0] in _EN_NO_ARTICLE_MODS:
        article = ""
    elif article == "some" and mods and (mods[0] in _EN_THE_MODS or mods[0] == "best"):
        article = "the"
    if offset:
        article = "the"
    if head == "best practices":
        article = "the"
    return _finish(_join("What are", article, phrase, prep, target))


_EN_EXPLAINED_SUFFIXES = (
    ("explained",), ("demystified",), ("101",), ("in", "a", "nutshell"), ("at", "a", "glance"),
    ("in", "brief"), ("in", "plain", "english"), ("overview",), ("primer",),
)
_EN_BASICS_SUFFIXES = ("basics", "fundamentals", "essentials")
_EN_GUIDE = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:(?:complete|ultimate|quick|short|brief|beginner's|beginners|practical|"
    r"definitive|simple|gentle)\s+)?(?:guide|introduction|intro|primer|overview|look)\s+(?:to|of|at)\s+"
)
_EN_HISTORY = re.compile(r"^(?:a|an|the)\s+(?:(?:brief|short|quick)\s+)?history\s+of\s+")
_EN_UNDERSTANDING = frozenset({"understanding", "introducing", "exploring", "demystifying", "unpacking", "meet"})


def _rule_explained(h: Heading) -> RuleResult:
    """'Answer engines explained', 'A guide to OEE', 'Understanding OEE' -> 'What is/are ...?';
    'OEE basics' -> 'What are the basics of OEE?'."""
    lower, n = h.lower, len(h.lower)
    if n >= 2 and lower[-1] in _EN_BASICS_SUFFIXES and lower[0] != "the":
        return _finish(_join(f"What are the {lower[-1]} of", h.cased[: n - 1]))
    for suffix in _EN_EXPLAINED_SUFFIXES:
        m = len(suffix)
        if n > m and tuple(lower[-m:]) == suffix:
            return _np_question_en(h, 0, n - m) or NOT_FAQ
    key = h.key
    history = _EN_HISTORY.match(key)
    if history:
        skip = len(history.group(0).split())
        return _finish(_join("What is the history of", h.cased[skip:]))
    guide = _EN_GUIDE.match(key)
    if guide:
        skip = len(guide.group(0).split())
        if skip < n:
            return _np_question_en(h, skip, n) or NOT_FAQ
    if n >= 2 and lower[0] in _EN_UNDERSTANDING:
        return _np_question_en(h, 1, n) or NOT_FAQ
    return None


_EN_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty".split()
)


def _rule_listicle(h: Heading) -> RuleResult:
    """'5 ways to cut downtime' -> 'How can you cut downtime?', 'Steps to set thresholds' ->
    'How do you set thresholds?', 'Reasons to switch' -> 'Why should you switch?'."""
    lower = list(h.lower)
    start = 1 if lower and (re.fullmatch(r"\d{1,2}", lower[0]) or lower[0] in _EN_NUMBER_WORDS) else 0
    rest = lower[start:]
    if len(rest) >= 3 and rest[1] == "to" and "VB" in _verb_forms(rest[2]):
        verb_phrase = h.cased[start + 2:]
        lead = {"ways": "How can you", "steps": "How do you", "reasons": "Why should you"}.get(rest[0])
        if lead:
            return _finish(_join(lead, verb_phrase))
    if len(rest) >= 3 and rest[0] == "reasons" and rest[1] in {"why", "your", "you", "the", "a", "to"}:
        offset = start + (2 if rest[1] == "why" else 1)
        return _convert(_join("why", h.tokens[offset:]), h.topic, "en", h.referent)
    if start and len(rest) >= 1:
        return _convert(_join(h.tokens[start:]), h.topic, "en", h.referent) or NOT_FAQ
    return None


def _rule_plural_to_verb(h: Heading) -> RuleResult:
    """'Questions to ask a vendor' -> 'What questions should you ask a vendor?'."""
    lower = h.lower
    if "to" not in lower:
        return None
    j = lower.index("to")
    if not 1 <= j <= 3 or j + 1 >= len(lower) or "VB" not in _verb_forms(lower[j + 1]):
        return None
    if not _is_plural_en(h.tokens[j - 1]) and lower[j - 1] != "things":
        return None
    if any(w in _EN_CLOSED for w in lower[:j]):
        return None
    noun = [] if lower[:j] == ("things",) else list(h.cased[:j])
    return _finish(_join("What", noun, "should you", h.cased[j + 1:]))


def _rule_np_relative(h: Heading) -> RuleResult:
    """'Results you can expect' -> 'What results can you expect?', 'Skills you need' -> 'What skills do you need?'."""
    lower = h.lower
    for j in range(1, min(len(lower), 4)):
        if lower[j] in {"you", "we"}:
            break
    else:
        return None
    if any(w in _EN_CLOSED for w in lower[:j]) or j + 1 >= len(lower):
        return None
    if not _is_plural_en(h.tokens[j - 1]) and not _mass_like(lower[j - 1], h.tokens[j - 1]):
        return None
    nxt = lower[j + 1]
    if nxt in _EN_COPULA_MODAL and j + 2 < len(lower) and "VB" in _verb_forms(lower[j + 2]):
        return _finish(_join("What", h.cased[:j], nxt, lower[j], h.cased[j + 2:]))
    if "VB" in _verb_forms(nxt) and nxt not in _EN_CLOSED:
        return _finish(_join("What", h.cased[:j], "do", lower[j], h.cased[j + 1:]))
    return None


def _rule_dont(h: Heading) -> RuleResult:
    """'Don't skip calibration' -> 'Why shouldn't you skip calibration?'."""
    lower = h.lower
    if len(lower) >= 2 and lower[0] in {"don't", "never"} and "VB" in _verb_forms(lower[1]):
        return _finish(_join("Why shouldn't you", h.cased[1:]))
    if len(lower) >= 3 and lower[:2] == ("do", "not") and "VB" in _verb_forms(lower[2]):
        return _finish(_join("Why shouldn't you", h.cased[2:]))
    return None


_EN_IMPERATIVES = frozenset(
    """choose build measure set start avoid plan track pick define create write use run install
    calibrate review train prioritise prioritize select compare monitor identify reduce improve
    increase cut prevent detect analyse analyze optimise optimize automate connect integrate
    configure deploy test validate document estimate calculate collect gather prepare schedule map
    align assess evaluate audit benchmark launch scale get make find keep stop fix replace upgrade
    migrate secure protect design implement establish involve report share check inspect mount
    place size budget justify earn capture convert grow boost lower minimise minimize maximise
    maximize focus interpret visualise visualize label tag present link combine apply adopt
    tune adjust record log""".split()
)
# Second words that turn a verb-looking first word into a compound noun ('Use cases', 'Test results').
_EN_COMPOUND_SECOND = frozenset(
    """case cases study studies record records comparison comparisons results result process
    processes principles principle template templates checklist checklists options option tiers
    tier history overview summary details detail matters time times date dates type types level
    levels log logs mode modes phase phases cycle cycles rate rates score scores sheet sheets notes
    plan plans limits limit size sizes guide guides list lists report reports team teams tools
    trends strategy strategies document documents layout flow flows chart charts view views
    methods method software hardware platform platforms system systems solution solutions
    dashboard dashboards equipment data points point values value requirements costs cost
    fees schedule schedules engine engines models model factor factors period periods""".split()
)


def _rule_imperative(h: Heading) -> RuleResult:
    """'Choose the right sensors' -> 'How do you choose the right sensors?' (curated verb list)."""
    lower = h.lower
    if len(lower) < 2 or lower[0] not in _EN_IMPERATIVES:
        return None
    second = lower[1]
    if second in _EN_COMPOUND_SECOND or second in {"vs", "versus", "and", "or", "of"}:
        return None
    if _verb_forms(second) & {"VBZ"} and not _can_be(second, "NOUN"):
        return None
    return _finish(_join("How do you", h.cased[0].lower(), h.cased[1:]))


_EN_NOMINAL_GERUNDS = frozenset(
    """pricing training marketing engineering funding licensing reporting building manufacturing
    shipping billing accounting advertising computing learning networking processing sourcing
    branding housing lighting packaging clothing wiring cabling spending sampling testing
    monitoring alerting scheduling forecasting bearing coupling casing fitting lining ceiling
    operating""".split()
)


def _rule_gerund(h: Heading) -> RuleResult:
    """'Setting up the tracker' -> 'How do you set up the tracker?' (lemma via lemminflect)."""
    lower, n = h.lower, len(h.lower)
    if n < 2 or not _is_gerund(lower[0]) or lower[0] in _EN_UNDERSTANDING:
        return None
    second = lower[1]
    if second in _EN_COMPOUND_SECOND:
        return None
    objectish = second in _EN_DETERMINERS | _EN_PARTICLES | _EN_PRONOUNS | _EN_PREPOSITIONS | {"and", "or"}
    if lower[0] in _EN_NOMINAL_GERUNDS and not objectish:
        return None
    verbs = [_verb_lemma(lower[0])]
    i = 1
    if n >= 3 and second in {"and", "or"} and _is_gerund(lower[2]):
        verbs += [second, _verb_lemma(lower[2])]
        i = 3
    return _finish(_join("How do you", verbs, h.cased[i:]))


# --- noun phrases ---------------------------------------------------------------------------

_EN_RELATIONAL: dict[str, str] = {
    "roi": "of", "return on investment": "of", "payback period": "for", "payback": "for",
    "total cost of ownership": "for", "tco": "for", "cost of ownership": "for",
    "business case": "for", "timeline": "for", "implementation timeline": "for",
    "lifespan": "of", "life expectancy": "of", "battery life": "of", "service life": "of",
    "accuracy": "of", "cost": "of", "price": "of", "impact": "of", "value": "of",
    "business value": "of", "cost savings": "from", "savings": "from",
    "operating temperature": "of", "operating temperature range": "of", "sla": "for",
    "uptime sla": "for", "uptime": "of", "range": "of", "resolution": "of",
}
_EN_SECURITY_WORDS = frozenset({"security", "privacy", "compliance", "protection", "ownership", "gdpr", "encryption"})
_EN_SUPPORT_HEADS = frozenset({"support"})
_EN_SET_HEADS = {
    "threshold": "set", "thresholds": "set", "target": "set", "targets": "set",
    "baseline": "set", "baselines": "set", "goal": "set", "goals": "set",
}
_EN_PROCESS_HEADS = frozenset(
    """integration integrations installation installations calibration calibrations deployment
    onboarding billing licensing migration implementation configuration setup synchronization
    synchronisation sync authentication provisioning alerting escalation approval renewal
    cancellation refund refunds activation commissioning certification replacement upgrade
    upgrades update updates""".split()
)
_EN_PLANNING_HEADS = frozenset(
    """placement selection sizing budgeting prioritization prioritisation positioning mounting
    spacing layout rollout staffing scoping procurement""".split()
)
_EN_PROBLEM_MODS = frozenset(
    """poor bad wrong incorrect inadequate insufficient missing improper inaccurate unreliable
    excessive false noisy loose faulty broken misaligned""".split()
)
_EN_COUNT_HEADS = frozenset(
    """sensor gateway dashboard twin order project pilot mode platform tool device model agreement
    contract framework playbook roadmap strategy engine system program programme team funnel
    persona pipeline workflow campaign page cluster loop score index standard checklist template
    accelerometer transducer probe controller plc interval threshold algorithm api kpi metric
    vendor supplier record formula trial plan""".split()
)
_EN_NAV_HEADS = frozenset(
    {"guides", "articles", "posts", "downloads", "videos", "webinars", "links", "tutorials", "questions"}
)
_EN_MASS_SUFFIXES = (
    "tion", "sion", "ment", "ing", "ity", "ness", "ance", "ence", "cy", "ship", "ics", "ism",
    "ware", "sis", "ogy", "graphy", "try", "age", "ure",
)
_EN_MASS_WORDS = frozenset(
    """data maintenance security research software hardware downtime uptime content feedback
    knowledge information equipment traffic access quality value power search retention
    compliance voice vibration wear noise heat friction""".split()
)


def _mass_like(word: str, token: str) -> bool:
    return word in _EN_MASS_WORDS or word.endswith(_EN_MASS_SUFFIXES) or _is_acronym(token) or "." in word
_EN_NP_COMPLEMENT = _EN_PREPOSITIONS - {"like"}


def _np_valid_en(h: Heading, lo: int, hi: int) -> bool:
    lower = h.lower[lo:hi]
    if not lower or lower[0] in _EN_POSSESSIVES - {"its"} or lower[0] in {"no", "without"}:
        return False
    for j, word in enumerate(lower):
        if word in _EN_PRONOUNS or word in _EN_AUX or word in _EN_ADVERBS or word in {"or"}:
            return False
        if word in {"when", "while"} and j + 1 < len(lower) and _is_gerund(lower[j + 1]):
            continue
        if word in {"that", "which", "who", "whom", "when", "where", "while", "because", "if", "so"} and j > 0:
            return False
    comp = _np_complement(lower)
    core = [w for w in lower[:comp] if w not in _EN_DETERMINERS]
    if not core:
        return False
    head = core[-1]
    head_token = h.tokens[lo + comp - 1]
    if comp < len(lower) and lower[comp] in _EN_PARTICLES:
        return False
    if not re.search(r"[a-z0-9]", head) or head in _EN_CLOSED or core[0] in {"and", "or", "&"}:
        return False
    lemmas = _lemmas(head)
    if lemmas and not lemmas.get("NOUN") and not _is_acronym(head_token) and not _is_gerund(head):
        return False
    for word in core[:-1]:
        forms = _verb_forms(word)
        lemmas = _lemmas(word)
        if forms & {"VBZ", "VBD"} and not lemmas.get("NOUN") and not lemmas.get("ADJ") and not word.endswith("ed"):
            return False
    return True


def _np_complement(lower: Sequence[str]) -> int:
    """Index of the first word after the noun phrase's head ('of', 'for', 'when installing' ...)."""
    for j in range(1, len(lower)):
        if lower[j] in _EN_NP_COMPLEMENT or lower[j] in _EN_PARTICLES:
            return j
        if lower[j] in {"when", "while"} and j + 1 < len(lower) and _is_gerund(lower[j + 1]):
            return j
    return len(lower)


@dataclass(frozen=True)
class _NounPhrase:
    """A validated English noun phrase h.tokens[lo:hi], with the facts the NP rules look at."""

    h: Heading
    lo: int
    hi: int

    @functools.cached_property
    def lower(self) -> list[str]:
        return list(self.h.lower[self.lo:self.hi])

    @functools.cached_property
    def cased(self) -> list[str]:
        return list(self.h.cased[self.lo:self.hi])

    @functools.cached_property
    def comp(self) -> int:
        """Index of the complement ('of edge computing'), len(lower) when there is none."""
        return _np_complement(self.lower)

    @property
    def det(self) -> int:
        return int(self.lower[0] in _EN_DETERMINERS)

    @property
    def core(self) -> list[str]:
        return self.lower[self.det:self.comp]

    @property
    def head(self) -> str:
        return self.core[-1]

    @functools.cached_property
    def plural(self) -> bool:
        tokens, lo = self.h.tokens, self.lo
        return _is_plural_en(tokens[lo + self.comp - 1]) or (
            "and" in self.core and any(_is_plural_en(tokens[lo + j]) for j in range(self.comp))
        )

    @property
    def be(self) -> str:
        return "are" if self.plural else "is"

    @property
    def phrase(self) -> str:
        return _join(self.cased)

    @property
    def bare_phrase(self) -> str:
        """Without a leading determiner: 'The role of X' -> 'role of X'."""
        return _join(self.cased[self.det:])

    @property
    def key(self) -> str:
        return " ".join(self.lower[self.det:])

    @property
    def topic(self) -> str:
        return _topic_en(self.h.topic)

    @property
    def name_topic(self) -> bool:
        return _topic_name_like(self.h.topic)

    @property
    def complete(self) -> bool:
        """No complement after the head."""
        return self.comp == len(self.lower)


NpRule = Callable[[_NounPhrase], "str | None"]


def _np_nav(np: _NounPhrase) -> str | None:
    """'Guides for maintenance teams', 'Questions about pricing': navigation, not a question."""
    return "" if np.head in _EN_NAV_HEADS else None


def _np_importance(np: _NounPhrase) -> str | None:
    """'The importance of a baseline' -> 'Why is a baseline important?'."""
    lower, comp = np.lower, np.comp
    if np.head != "importance" or comp != np.det + 1 or comp + 1 >= len(lower) or lower[comp] != "of":
        return None
    rest = np.h.tokens[np.lo + comp + 1:np.hi]
    be = "are" if _is_plural_en(rest[-1]) and "and" not in lower else "is"
    return _join(f"Why {be}", np.cased[comp + 1:], "important")


def _np_relational(np: _NounPhrase) -> str | None:
    """Metrics of the topic: 'Payback period' -> 'What is the payback period for <topic>?'."""
    key = np.key
    for rel, prep in _EN_RELATIONAL.items():
        mods = key[: -len(rel)].split()
        if key == rel or (key.endswith(" " + rel) and all(
            _is_modifier_en(w) or (np.name_topic and w not in _EN_CLOSED) for w in mods
        )):
            target = f" {prep} {np.topic}" if np.topic else ""
            return f"What {np.be} the {np.bare_phrase}{target}"
    return None


def _np_role(np: _NounPhrase) -> str | None:
    """'The role of edge computing' -> 'What is the role of edge computing in <topic>?'."""
    lower, comp = np.lower, np.comp
    if lower[np.det] != "role" or comp != np.det + 1 or comp >= len(lower) or lower[comp] != "of":
        return None
    target = f" in {np.topic}" if np.topic and "in" not in lower[comp + 1:] else ""
    return f"What is the {np.bare_phrase}{target}"


def _np_security(np: _NounPhrase) -> str | None:
    """'Data security' -> 'How does Acme handle data security?' / 'How is ... handled in <practice>?'."""
    if not np.complete or not any(w in _EN_SECURITY_WORDS for w in np.core):
        return None
    if not np.topic:
        return f"How should you handle {np.bare_phrase}"
    if np.name_topic:
        return f"How {_does(np.h.topic)} {np.topic} handle {np.bare_phrase}"
    return f"How {np.be} {np.bare_phrase} handled in {np.topic}"


def _np_support(np: _NounPhrase) -> str | None:
    """'Customer support' -> 'What customer support does Acme offer?'."""
    if not np.complete or np.head not in _EN_SUPPORT_HEADS or not np.topic:
        return None
    if np.name_topic:
        return f"What {np.bare_phrase} {_does(np.h.topic)} {np.topic} offer"
    return f"What {np.bare_phrase} is available for {np.topic}"


def _np_problem(np: _NounPhrase) -> str | None:
    """'Poor sensor mounting' -> 'Why is poor sensor mounting a problem?'."""
    if np.det or not np.core or np.core[0] not in _EN_PROBLEM_MODS:
        return None
    return f"Why {np.be} {np.phrase} a problem"


def _np_set(np: _NounPhrase) -> str | None:
    """'Alarm thresholds' -> 'How do you set alarm thresholds?'."""
    if np.head not in _EN_SET_HEADS or not np.complete:
        return None
    article = "" if np.plural or np.det else _a_or_an(np.cased[0]) + " "
    return f"How do you {_EN_SET_HEADS[np.head]} {article}{np.phrase}"


def _np_process(np: _NounPhrase) -> str | None:
    """'Integration with your CMMS' -> 'How does integration with your CMMS work?'."""
    if np.head not in _EN_PROCESS_HEADS:
        return None
    return f"How {'do' if np.plural else 'does'} {np.phrase} work"


def _np_planning(np: _NounPhrase) -> str | None:
    """'Sensor placement' -> 'What is the best approach to sensor placement?'."""
    if np.head not in _EN_PLANNING_HEADS or np.plural:
        return None
    return f"What is the best approach to {np.phrase}"


def _np_definition(np: _NounPhrase) -> str | None:
    """Everything else: 'What is/are [a|an|the] <np>?' (see the module docstring for articles)."""
    h, lo, lower, core, head = np.h, np.lo, np.lower, np.core, np.head
    if np.det:
        return f"What {np.be} {np.phrase}"
    be = np.be
    if "and" in core or any(t.endswith(",") for t in h.tokens[lo:lo + np.comp]):
        conjuncts = _conjuncts(h, lo, lo + np.comp)
        if not conjuncts:
            return ""
        shared_head = len(conjuncts[-1]) >= 2 and all(
            len(span) == 1 and _can_be(_bare(span[0]), "ADJ") for span in conjuncts[:-1]
        )  # 'Absolute and relative alarms': coordinated adjectives, one head
        if not shared_head:
            if len(conjuncts) > 2:
                return ""
            for span in conjuncts:
                if len(span) == 1 and not _is_plural_en(span[0]) and not _mass_like(_bare(span[0]), span[0]):
                    return ""  # 'Team and skills': a bare singular count noun has no article
            be = "are"
    named = len(core) >= 2 and (_is_acronym(h.tokens[lo]) or h.tokens[lo][:1].isdigit()
                                or h.cased[lo][:1].isupper())
    if not np.complete and lower[np.comp] == "of":
        article = "the "
    elif np.plural and _generic_split(core) and not np.complete:
        article = "" if core[0] in _EN_NO_ARTICLE_MODS else "the "
    elif np.plural:
        article = "the " if named else ""
    elif head in _EN_COUNT_HEADS:
        article = "the " if named else _a_or_an(np.cased[0]) + " "
    else:
        article = ""
    return f"What {be} {article}{np.phrase}"


# Ordered like the top-level tables: the first sub-rule that answers wins ('' = not an FAQ).
_EN_NP_RULES: Final[tuple[tuple[str, NpRule], ...]] = (
    ("nav", _np_nav),
    ("importance", _np_importance),
    ("relational", _np_relational),
    ("role", _np_role),
    ("security", _np_security),
    ("support", _np_support),
    ("problem", _np_problem),
    ("set", _np_set),
    ("process", _np_process),
    ("planning", _np_planning),
    ("definition", _np_definition),
)


def _np_question_en(h: Heading, lo: int, hi: int) -> str | None:
    """The question for the noun phrase h.tokens[lo:hi], or None if it is not a usable noun phrase."""
    if not _np_valid_en(h, lo, hi):
        return None
    np = _NounPhrase(h, lo, hi)
    for _name, rule in _EN_NP_RULES:
        answer = rule(np)
        if answer is not None:
            return _finish(answer) if answer else None
    return None


def _conjuncts(h: Heading, lo: int, hi: int) -> list[list[str]]:
    spans: list[list[str]] = [[]]
    for token in h.tokens[lo:hi]:
        if _bare(token) in {"and", "&"}:
            spans.append([])
            continue
        spans[-1].append(token)
        if token.endswith(","):
            spans.append([])
    return [span for span in spans if span]


def _rule_noun_phrase_en(h: Heading) -> RuleResult:
    """Plain noun phrases: 'Sensor placement' -> 'What is the best approach to sensor placement?'."""
    return _np_question_en(h, 0, len(h.lower)) or NOT_FAQ


EN_RULES: Final[tuple[tuple[str, Rule], ...]] = (
    ("skip", _rule_skip),
    ("question", _rule_question),
    ("versus", _rule_versus_en),
    ("wh_infinitive", _rule_wh_infinitive),
    ("wh_clause", _rule_wh_clause),
    ("pricing", _rule_pricing_en),
    ("topic_heading", _rule_topic_heading),
    ("generic_plural", _rule_generic_plural),
    ("explained", _rule_explained),
    ("listicle", _rule_listicle),
    ("plural_to_verb", _rule_plural_to_verb),
    ("np_relative", _rule_np_relative),
    ("dont", _rule_dont),
    ("imperative", _rule_imperative),
    ("gerund", _rule_gerund),
    ("noun_phrase", _rule_noun_phrase_en),
)


# --------------------------------------------------------------------------------------------
# Italian
# --------------------------------------------------------------------------------------------

_IT_VOWELS = "aeiouàèéìíòóùúh"
_IT_LO_START = re.compile(r"^(?:s[^aeiouàèéìòù]|z|gn|ps|pn|x|y|i[aeiou])")
_IT_MASC_A = frozenset(
    "sistema problema schema programma tema clima diagramma dilemma panorama enigma teorema "
    "sintomo".split()
)
_IT_FEM_O = frozenset("mano foto radio moto auto eco dinamo".split())
_IT_MASC_ICE = frozenset("indice codice pollice vertice apice".split())
_IT_E_SINGULAR = frozenset(
    """chiave rete parte fase classe fonte mente gente base nome mese pane fine sede legge nave
    torre voce luce carne valle pelle notte arte fronte dote sorte morte sete fame febbre pace
    croce neve serie specie superficie carattere fiume ponte dente pesce cane latte""".split()
)
_IT_FEM_I_PLURAL = frozenset("chiavi reti parti fasi classi fonti basi menti leggi sedi navi torri voci luci".split())
_IT_SI_PLURAL = frozenset("mesi paesi pesi casi usi processi".split())
_IT_E_MASC = frozenset("nome mese pane fiume ponte dente pesce cane latte carattere".split())
_IT_ACRONYM_VOWEL_LETTERS = "AEFHILMNORSX"
# English loanwords ending in -e: singular, masculine unless listed as feminine.
_IT_LOAN_MASC = frozenset(
    """software hardware firmware middleware malware database device service edge machine update
    upgrade feature engine file template timeline roadmap""".split()
)
_IT_LOAN_FEM = frozenset("performance compliance governance supply chain".split())
# Countable heads that take "un/una" in a definition question ("Che cos'è un sistema di allarme?").
_IT_COUNT = frozenset(
    """sistema sensore gateway piattaforma dashboard cruscotto progetto modello strumento
    dispositivo accelerometro algoritmo indicatore kpi contratto fornitore gemello programma
    processo metodo standard allarme""".split()
)
_IT_PROCESS = frozenset(
    """integrazione installazione calibrazione configurazione implementazione migrazione
    attivazione fatturazione sincronizzazione messa""".split()
)
_IT_SECURITY = frozenset("sicurezza privacy riservatezza conformità protezione".split())
_IT_ARTICULATED = frozenset(
    "del dello della dell' dei degli delle al allo alla all' ai agli alle".split()
)
_IT_PRENOMINAL = frozenset(
    """principali principale nuovi nuove nuovo nuova migliori migliore buone buoni buona buon
    grandi grande piccoli piccole primi prime primo prima ultimi ultime diversi diverse vari varie
    alcuni alcune veri vere falsi false tanti tante pochi poche""".split()
)
_IT_ARTICLES = frozenset({"il", "lo", "la", "i", "gli", "le", "un", "uno", "una"})


def _it_is_plural(word: str) -> bool:
    word = word.lower()
    if word.endswith(("isi", "esi", "osi")) and not word.endswith("ssi"):
        return word in _IT_SI_PLURAL
    if word.endswith("i"):
        return True
    if word.endswith("e"):
        if word in _IT_E_SINGULAR:
            return False
        if word in _IT_LOAN_MASC or word in _IT_LOAN_FEM:
            return False
        return not word.endswith(
            ("ione", "ore", "ale", "ile", "ente", "ante", "ice", "ume", "ame", "ere", "ese", "are", "ware")
        )
    return False


def _it_is_feminine(word: str, plural: bool) -> bool:
    word = word.lower()
    if plural:
        if word.endswith("e"):
            return True
        if word in _IT_FEM_I_PLURAL or word.endswith(("ioni", "tà")):
            return True
        return False
    if word.endswith("a"):
        return word not in _IT_MASC_A
    if word.endswith(("à", "ù")):
        return True
    if word.endswith("o"):
        return word in _IT_FEM_O
    if word.endswith(("isi", "esi", "osi")):
        return True
    if word.endswith("e"):
        if word.endswith("ione"):
            return True
        if word.endswith("ice"):
            return word not in _IT_MASC_ICE
        if word in _IT_LOAN_FEM:
            return True
        if word in _IT_E_MASC or word in _IT_LOAN_MASC or word.endswith(
            ("ore", "ale", "ile", "ente", "ante", "one", "ere", "ume", "ame", "are", "ware")
        ):
            return False
        return True
    return False


def _it_article(first: str, plural: bool, feminine: bool) -> str:
    """Definite article for a noun phrase starting with `first` ('l'' is returned without space)."""
    bare = first.strip(_EDGE_PUNCT)
    if _is_acronym(bare):
        vowel = bare[:1].upper() in _IT_ACRONYM_VOWEL_LETTERS
        if plural:
            return "le" if feminine else ("gli" if vowel else "i")
        return "l'" if vowel else ("la" if feminine else "il")
    low = bare.lower()
    vowel = low[:1] in _IT_VOWELS
    if plural:
        if feminine:
            return "le"
        return "gli" if vowel or _IT_LO_START.match(low) else "i"
    if vowel:
        return "l'"
    if feminine:
        return "la"
    return "lo" if _IT_LO_START.match(low) else "il"


_IT_MERGE = {
    "di": {"il": "del", "lo": "dello", "la": "della", "l'": "dell'", "i": "dei", "gli": "degli", "le": "delle"},
    "a": {"il": "al", "lo": "allo", "la": "alla", "l'": "all'", "i": "ai", "gli": "agli", "le": "alle"},
    "da": {"il": "dal", "lo": "dallo", "la": "dalla", "l'": "dall'", "i": "dai", "gli": "dagli", "le": "dalle"},
    "in": {"il": "nel", "lo": "nello", "la": "nella", "l'": "nell'", "i": "nei", "gli": "negli", "le": "nelle"},
    "su": {"il": "sul", "lo": "sullo", "la": "sulla", "l'": "sull'", "i": "sui", "gli": "sugli", "le": "sulle"},
}


def _glue(article: str, phrase: str) -> str:
    return f"{article}{phrase}" if article.endswith("'") else f"{article} {phrase}"


def _it_head(words: Sequence[str]) -> str:
    for word in words:
        if _bare(word) not in _IT_PRENOMINAL:
            return word
    return words[0]


def _it_indefinite(first: str, feminine: bool) -> str:
    low = first.strip(_EDGE_PUNCT).lower()
    vowel = low[:1] in _IT_VOWELS
    if feminine:
        return "un'" if vowel else "una"
    return "uno" if _IT_LO_START.match(low) else "un"


def _it_np(words: Sequence[str]) -> tuple[str, bool]:
    """('l'analisi delle vibrazioni', plural?) — the phrase with its definite article."""
    first = words[0]
    if _bare(first) in _IT_ARTICLES or _bare(first).startswith(("l'", "un'")):
        head = _bare(words[1]) if len(words) > 1 else _bare(first)
        return " ".join(words), _bare(first) in {"i", "gli", "le"} or _it_is_plural(head)
    head_token = _it_head(words)
    head = _bare(head_token)
    plural = _it_is_plural(head) and not _is_acronym(head_token)
    feminine = _it_is_feminine(head, plural)
    article = _it_article(first, plural, feminine)
    return _glue(article, " ".join(words)), plural


def _it_topic(topic: str) -> tuple[str, str, bool]:
    """(topic with article, article, plural) — names get no article: ('Acme', '', False)."""
    topic = _strip_end(topic)
    if not topic:
        return "", "", False
    if _topic_name_like(topic) and not _IT_TOPIC_COMMON.match(topic):
        return topic, "", False
    words = topic.split()
    if not _is_acronym(words[0]):
        words[0] = words[0].lower()
    phrase, plural = _it_np(words)
    article = phrase[: len(phrase) - len(" ".join(words))].strip()
    return phrase, article, plural


_IT_TOPIC_COMMON = re.compile(r"^(?:Manutenzione|Analisi|Monitoraggio|Sensori|Gestione)\b")


def _it_with_prep(prep: str, topic: str) -> str:
    """'in' + 'la manutenzione predittiva' -> 'nella manutenzione predittiva'; names: 'con Acme'."""
    phrase, article, _ = _it_topic(topic)
    if not article:
        if prep == "in":
            prep = "con"
        if prep == "a" and phrase[:1].lower() == "a":
            prep = "ad"
        return f"{prep} {phrase}"
    merged = _IT_MERGE.get(prep, {}).get(article)
    rest = phrase[len(article):].lstrip()
    if merged:
        return _glue(merged, rest)
    return f"{prep} {phrase}"


_IT_BARE_QUESTIONS = {
    "come funziona": "Come funziona {t}", "quanto costa": "Quanto costa {t}",
    "a cosa serve": "A cosa serve {t}", "perché conviene": "Perché conviene {t}",
    "cos'è": "Che cos'è {t}", "che cos'è": "Che cos'è {t}", "cosa è": "Che cos'è {t}",
    "come si installa": "Come si installa {t}", "come si configura": "Come si configura {t}",
}


def _rule_bare_question_it(h: Heading) -> RuleResult:
    """'Come funziona' under the heading of a page about X -> 'Come funziona X?' (self-contained)."""
    template = _IT_BARE_QUESTIONS.get(_strip_end(h.key))
    if template is None or not h.topic:
        return None
    phrase, _, plural = _it_topic(h.topic)
    question = template.format(t=phrase)
    if plural:
        question = question.replace("funziona ", "funzionano ").replace("costa ", "costano ").replace(
            "Che cos'è ", "Che cosa sono "
        )
    return _finish(question)


def _rule_versus_it(h: Heading) -> RuleResult:
    """'X vs Y' / 'X e Y a confronto' -> 'Qual è la differenza tra X e Y?'."""
    spans = _split_versus(h.lower)
    if spans:
        items = [_join(h.cased[a:b]) for a, b in spans]
        return _finish(f"Qual è la differenza tra {_list_phrase(items, 'e')}")
    lower = h.lower
    if len(lower) >= 5 and lower[-2:] == ("a", "confronto") and "e" in lower[1:-2]:
        return _finish(f"Qual è la differenza tra {_join(h.cased[:-2])}")
    if len(lower) >= 4 and lower[0] == "confronto" and lower[1] in {"tra", "fra"}:
        return _finish(f"Qual è la differenza tra {_join(h.cased[2:])}")
    return None


_IT_PRICING = frozenset(
    {"prezzi", "prezzo", "costi", "costo", "listino", "listino prezzi", "tariffe", "piani e prezzi",
     "prezzi e piani", "piani tariffari", "costi e prezzi", "prezzi e costi", "abbonamenti"}
)


def _rule_pricing_it(h: Heading) -> RuleResult:
    """'Prezzi' / 'Costi' / 'Prezzo' -> 'Quanto costa <topic>?' (costano for plural topics)."""
    if h.key not in _IT_PRICING:
        return None
    phrase, _, plural = _it_topic(h.topic)
    if not phrase:
        return _finish("Quanto costa")
    return _finish(f"Quanto {'costano' if plural else 'costa'} {phrase}")


def _rule_topic_heading_it(h: Heading) -> RuleResult:
    """'Panoramica' -> 'Che cos'è <topic>?', 'Per iniziare' -> 'Come si inizia con <topic>?'."""
    key = h.key
    phrase, _, plural = _it_topic(h.topic)
    if key in {"panoramica", "definizione", "in poche parole", "spiegazione"}:
        if not phrase:
            return NOT_FAQ
        return _finish(f"Che cosa sono {phrase}" if plural else f"Che cos'è {phrase}")
    if key in {"per iniziare", "primi passi", "iniziare", "guida introduttiva", "come iniziare"}:
        return _finish(f"Come si inizia con {phrase}") if phrase else NOT_FAQ
    if key in {"funzionamento", "come funziona"}:
        if not phrase:
            return NOT_FAQ
        return _finish(f"Come {'funzionano' if plural else 'funziona'} {phrase}")
    if key in {"installazione", "configurazione"} and phrase and not _it_topic(h.topic)[1]:
        verb = "installa" if key == "installazione" else "configura"
        return _finish(f"Come si {verb} {phrase}")
    if key in {"integrazioni", "integrazione"}:
        if not phrase:
            return NOT_FAQ
        return _finish(f"Con quali sistemi si integra {phrase}")
    return None


# head -> preposition before the topic
_IT_GENERIC_HEADS: dict[str, tuple[str, bool, bool]] = {
    # head: (preposition, plural, feminine)
    "vantaggi": ("di", True, False), "svantaggi": ("di", True, False), "benefici": ("di", True, False),
    "limiti": ("di", True, False), "rischi": ("di", True, False), "sfide": ("di", True, True),
    "caratteristiche": ("di", True, True), "funzionalità": ("di", True, True),
    "esempi": ("di", True, False), "casi d'uso": ("di", True, False), "applicazioni": ("di", True, True),
    "tipologie": ("di", True, True), "tipi": ("di", True, False), "requisiti": ("per", True, False),
    "prerequisiti": ("per", True, False), "consigli": ("per", True, False),
    "suggerimenti": ("per", True, False), "best practice": ("per", True, True),
    "buone pratiche": ("per", True, True), "errori": ("in", True, False),
    "alternative": ("a", True, True), "pro e contro": ("di", True, False), "metriche": ("di", True, True),
    "strumenti": ("per", True, False), "costi": ("di", True, False), "componenti": ("di", True, False),
    "specifiche": ("di", True, True), "fasi": ("di", True, True), "vantaggi e svantaggi": ("di", True, False),
}


def _rule_generic_plural_it(h: Heading) -> RuleResult:
    """'Errori comuni' -> 'Quali sono gli errori comuni nella manutenzione predittiva?'."""
    lower = list(h.lower)
    offset = 1 if lower and lower[0] in {"i", "gli", "le"} else 0
    lower = lower[offset:]
    for head, (prep, _, feminine) in sorted(_IT_GENERIC_HEADS.items(), key=lambda kv: -len(kv[0].split())):
        words = head.split()
        m = len(words)
        for start in range(len(lower) - m + 1):
            if lower[start:start + m] == words:
                others = lower[:start] + lower[start + m:]
                bad = [w for w in others if w in _IT_ARTICLES or "'" in w or (
                    w in _IT_PREPOSITIONS and w not in {"di", "da"})]
                if bad or any(w in _IT_ADVERBS for w in others):
                    return None
                cased = list(h.cased[offset:])
                article = _it_article(cased[0], True, feminine)
                phrase = _glue(article, " ".join(cased))
                if prep == "di" and "di" in others:
                    return _finish(f"Quali sono {phrase}")  # 'Tipi di manutenzione': already specific
                if not h.topic:
                    return NOT_FAQ
                return _finish(f"Quali sono {phrase} {_it_with_prep(prep, h.topic)}")
    return None


_IT_NOT_INFINITIVE = frozenset(
    """mare solare lunare polare popolare particolare molecolare modulare cellulare lineare nucleare
    familiare similare militare elementare complementare parlamentare affare altare collare
    esemplare scolare secolare carattere potere dovere piacere mestiere cantiere quartiere
    ingegnere genere corriere bicchiere cavaliere consigliere infermiere cameriere sedere
    share care compare prepare aware square spare rare flare declare hardware software firmware
    middleware malware desire empire sire emire ire fire""".split()
)
_IT_INFINITIVE = re.compile(
    r"[a-zàèéìòù]{2,}(?:(?:are|ere|ire|rre)|(?:ar|er|ir|rr)(?:si|lo|la|li|le|ne|ci|vi|glielo))"
)
_IT_IMPERATIVES: dict[str, str] = {
    "scegli": "scegliere", "definisci": "definire", "evita": "evitare", "pianifica": "pianificare",
    "inizia": "iniziare", "crea": "creare", "usa": "usare", "utilizza": "utilizzare",
    "installa": "installare", "calibra": "calibrare", "monitora": "monitorare",
    "imposta": "impostare", "configura": "configurare", "controlla": "controllare",
    "prepara": "preparare", "raccogli": "raccogliere", "analizza": "analizzare",
    "confronta": "confrontare", "stabilisci": "stabilire", "riduci": "ridurre",
    "migliora": "migliorare", "coinvolgi": "coinvolgere", "collega": "collegare",
    "registra": "registrare", "attiva": "attivare", "monta": "montare", "calcola": "calcolare",
    "valuta": "valutare", "costruisci": "costruire", "misura": "misurare", "traccia": "tracciare",
    "ottimizza": "ottimizzare", "automatizza": "automatizzare", "integra": "integrare",
    "proteggi": "proteggere", "scopri": "scoprire", "impara": "imparare", "aumenta": "aumentare",
    "previeni": "prevenire", "individua": "individuare", "documenta": "documentare",
}
_IT_IMPERATIVE_OBJECT = _IT_ARTICLES | {"i", "gli", "le", "un", "una", "uno", "il", "lo", "la"}


def _rule_infinitive_it(h: Heading) -> RuleResult:
    """'Configurare il sensore' -> 'Come configurare il sensore?'; 'Scegli il sensore' -> 'Come scegliere ...?'."""
    first = h.lower[0]
    cased = list(h.cased)
    if len(h.lower) >= 2 and _IT_INFINITIVE.fullmatch(first) and first not in _IT_NOT_INFINITIVE and not (
        first.endswith("ware") or (first.endswith("iere") and not first.endswith("gliere"))
    ):
        return _finish(_join("Come", cased))
    infinitive = _IT_IMPERATIVES.get(first)
    if infinitive and len(h.lower) >= 2 and (
        h.lower[1] in _IT_IMPERATIVE_OBJECT or h.lower[1].startswith(("l'", "un'")) or first not in {"misura", "traccia", "crea"}
    ):
        return _finish(_join("Come", infinitive, cased[1:]))
    return None


_IT_FINITE = frozenset(
    """è sono ha hanno può possono deve devono serve servono conviene convengono funziona funzionano
    costa costano fa fanno cambia cambiano migliora migliorano riduce riducono aumenta aumentano
    permette permettono consente consentono offre offrono aiuta aiutano diventa diventano resta
    restano vale valgono era erano sarà saranno c'è""".split()
)
_IT_PRONOUNS = frozenset("io tu lui lei noi voi loro ti ci vi mi si ne".split())
_IT_ADVERBS = frozenset("solo soltanto sempre mai già ancora davvero troppo nessuna nessun nessuno".split())
_IT_POSSESSIVES = frozenset("nostro nostra nostri nostre tuo tua tuoi tue vostro vostra vostri vostre".split())
_IT_PROBLEM_MODS = frozenset(
    """male sbagliato sbagliata sbagliati sbagliate errato errata errati errate scorretto scorretta
    scorretti scorrette insufficiente insufficienti mancante mancanti falso falsa falsi false""".split()
)
_IT_RELATIONAL_HEADS = frozenset("costo prezzo durata impatto valore ruolo ritorno tempo roi tco".split())
_IT_SPLIT_ARTICULATED = {
    "del": "il", "dello": "lo", "della": "la", "dei": "i", "degli": "gli", "delle": "le",
}
_IT_RELATIONAL = ("roi", "durata", "costo", "prezzo", "impatto", "valore", "ritorno sull'investimento", "ritorno dell'investimento", "tempo di ritorno",
                  "costo totale di possesso", "tco", "durata della batteria", "periodo di ammortamento")


def _it_participle(plural: bool, feminine: bool) -> str:
    return "gestit" + ("e" if feminine else "i") if plural else "gestit" + ("a" if feminine else "o")


def _rule_noun_phrase_it(h: Heading) -> RuleResult:
    """'Vantaggi della ...' -> 'Quali sono i vantaggi della ...?'; 'Analisi delle vibrazioni' ->
    'Che cos'è l'analisi delle vibrazioni?'; 'Sensori wireless' -> 'Che cosa sono i sensori wireless?'."""
    lower = h.lower
    if any(w in _IT_FINITE or w in _IT_PRONOUNS or w in _IT_ADVERBS for w in lower):
        return NOT_FAQ
    if lower[0] in _IT_POSSESSIVES or (len(lower) > 1 and lower[1] in _IT_POSSESSIVES):
        return NOT_FAQ
    if lower[0] in _IT_PREPOSITIONS:
        return NOT_FAQ
    cased = list(h.cased)
    for suffix in (("in", "breve"), ("in", "sintesi"), ("in", "pillole"), ("spiegato",), ("spiegata",)):
        if len(lower) > len(suffix) and tuple(lower[-len(suffix):]) == suffix:
            inner = make_heading(" ".join(h.tokens[: -len(suffix)]), topic=h.topic, lang="it")
            return _rule_noun_phrase_it(inner)
    has_article = lower[0] in _IT_ARTICLES or lower[0].startswith(("l'", "un'"))
    body = lower[1:] if has_article and lower[0] in _IT_ARTICLES else lower
    head = _bare(_it_head(body)) if body else lower[0]
    if head.startswith("l'"):
        head = head[2:]
    topic_words = {w.strip(_EDGE_PUNCT).lower() for w in h.topic.split() if w[:1].isupper()}
    if len(lower) == 1 and lower[0] in topic_words and not _is_acronym(h.tokens[0]):
        return _finish(f"Che cos'è {h.tokens[0]}")
    phrase, plural = _it_np(cased)
    feminine = _it_is_feminine(head, plural)
    topic_phrase, _, _ = _it_topic(h.topic)
    if head == "importanza" and len(body) >= 3 and body[1] in _IT_SPLIT_ARTICULATED:
        rest = " ".join(cased[len(lower) - len(body) + 2:])
        return _finish(f"Perché è importante {_glue(_IT_SPLIT_ARTICULATED[body[1]], rest)}")
    if head == "importanza" and len(body) >= 2 and body[1].startswith("dell'"):
        rest = " ".join(cased[len(lower) - len(body) + 1:])
        return _finish(f"Perché è importante l'{rest[5:]}")
    if h.key in _IT_RELATIONAL or head in _IT_RELATIONAL_HEADS:
        complement = len(body) > 1
        if head == "ruolo":
            target = f" {_it_with_prep('in', h.topic)}" if h.topic and "in" not in lower else ""
        else:
            target = f" {_it_with_prep('di', h.topic)}" if h.topic and (not complement or h.key in _IT_RELATIONAL) else ""
        return _finish(f"Qual è {phrase}{target}")
    if any(w in _IT_PROBLEM_MODS for w in body[1:]):
        return _finish(f"Perché {phrase} {'sono' if plural else 'è'} un problema")
    if head in _IT_SECURITY:
        if not h.topic:
            return _finish(f"Come si gestisce {phrase}")
        if not _it_topic(h.topic)[1]:
            return _finish(f"Come gestisce {topic_phrase} {phrase}")
        verb = "vengono" if plural else "viene"
        return _finish(f"Come {verb} {_it_participle(plural, feminine)} {phrase} {_it_with_prep('in', h.topic)}")
    if head in _IT_PROCESS:
        return _finish(f"Come {'funzionano' if plural else 'funziona'} {phrase}")
    if plural:
        relational = len(body) > 1 and body[1] in _IT_ARTICULATED or any(
            w.startswith(("dell'", "all'", "nell'", "sull'")) for w in body[1:2]
        )
        return _finish(f"Quali sono {phrase}" if relational else f"Che cosa sono {phrase}")
    if not has_article and head in _IT_COUNT:
        article = _it_indefinite(cased[0], feminine)
        return _finish(f"Che cos'è {_glue(article, ' '.join(cased))}")
    return _finish(f"Che cos'è {phrase}")


IT_RULES: Final[tuple[tuple[str, Rule], ...]] = (
    ("skip", _rule_skip),
    ("bare_question", _rule_bare_question_it),
    ("question", _rule_question),
    ("versus", _rule_versus_it),
    ("pricing", _rule_pricing_it),
    ("topic_heading", _rule_topic_heading_it),
    ("generic_plural", _rule_generic_plural_it),
    ("infinitive", _rule_infinitive_it),
    ("noun_phrase", _rule_noun_phrase_it),
)
_FALLBACK_RULES: Final[tuple[tuple[str, Rule], ...]] = (("question", _rule_question),)
_RULES_BY_LANG = {"en": EN_RULES, "it": IT_RULES}


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _apply(h: Heading) -> str | None:
    for _name, rule in _RULES_BY_LANG.get(h.lang, _FALLBACK_RULES):
        result = rule(h)
        if result is None:
            continue
        return result if isinstance(result, str) else None
    return None


def _convert(text: str, topic: str, lang: str, referent: str | None = None) -> str | None:
    text = _clean(text)
    if not text or not any(c.isalpha() for c in text):
        return None
    code = _norm_lang(lang)
    if code in _RULES_BY_LANG and not text.rstrip().endswith("?"):
        split = _split_subtitle(text, topic, code)
        if split is not None:
            return split
    return _apply(make_heading(text, topic=topic, lang=code, referent=referent))


def _split_subtitle(text: str, topic: str, lang: str) -> str | None:
    """'Vibration analysis: how it works' -> 'How does vibration analysis work?';
    'Step 3: Calibrate' -> None; 'Pricing: plans for every team' -> the 'Pricing' question."""
    for sep in _SPLITTERS:
        if sep in text:
            before, after = (part.strip() for part in text.split(sep, 1))
            break
    else:
        return None
    if not before or not after:
        return None
    head = make_heading(before, topic=topic, lang=lang)
    if _rule_skip(head) is NOT_FAQ:
        return None
    after_lower = [_bare(t) for t in after.split()]
    question_like = is_question(after, lang=lang) or (after_lower and after_lower[0] in _EN_WH | _IT_WH)
    if question_like and after_lower and after_lower[0] not in {"which", "quale", "quali"}:
        converted = _apply(make_heading(_clean(after), topic=topic, lang=lang, referent=before))
        if converted:
            return converted
    return _apply(make_heading(before, topic=topic, lang=lang)) or _apply(
        make_heading(_clean(after), topic=topic, lang=lang)
    )


def heading_to_question(heading: str, *, topic: str, lang: str = "en") -> str | None:
    """Return the question a reader would ask for this heading, or None when the heading
    is not answerable as a FAQ (e.g. 'Conclusion', 'Next steps', 'References', 'Further reading',
    'Introduction', 'Summary', 'Related articles', 'Table of contents', 'Step 3: ...' style step
    headings, Italian 'Conclusione', 'Prossimi passi', ...). `topic` is the page's subject
    (e.g. 'Acme', 'predictive maintenance', 'Ridgeline Monitor') used for generic headings.

    Why: FAQPage questions must be self-contained and phrased the way people ask, so generic
    headings borrow the topic ('Pricing' -> 'How much does Acme cost?') and statements become
    questions; anything that would read unnaturally returns None rather than a bad question.
    English ('en') and Italian ('it') have full rule tables; any other language only keeps
    headings that are already questions. The result, when not None, starts with a capital
    letter and ends with exactly one '?'.
    """
    return _convert(heading, topic, lang)
