"""Does a sentence say what X is? (the English test behind the contract's ``definition`` rule).

Why: sharing X's words is not defining X. Graded by hand (round 2), "What is X?" pairs passed
the old test because the answer's first sentence held one of X's words and any copula: "Git
commands like git diff and git add --patch are awesome …" under "What is intent to add?",
"You can define custom properties that apply across all sites …" under "What are custom
properties?", "Unresponsive maintainers become a bottleneck …" under "What is maintainer
activity?". A definition *predicates* X: X (its head noun, or the initials of its words, as
"The FSA is …" for "flexible spending account") is the subject, and a verb follows ("X is …",
"X means …", "Our retirement plan for US employees is with Vanguard."). Two looser readings
stay, because an editor reads them as answers: a name mentioned in the first sentence ("We track
programming exceptions on Sentry.") and X's head among the first words with most of X's terms
("37signals shares 10% of its annual company profits …" for "employee profit sharing").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ..text import split_sentences, words
from .instructions import is_base_verb, is_instruction
from .lexicon import FINITE_VERBS

_ARTICLES: Final = frozenset("the a an".split())
# Words that end X's core ("intent to add" -> "intent", "governance for your project" -> "governance").
_CORE_ENDS: Final = frozenset(
    "to for of in on with by from about using via at into under that which who across between per over within "
    "without through during".split()
)
_NOT_SUBJECT: Final = frozenset(
    "you we i they he she it there this that these those can could may might when if while because since although "
    "once unless until after before whenever to of".split()
)
_PREDICATES: Final = frozenset(
    """is are was were 's means mean refers refer measures measure counts count describes describe represents
    represent stands stand defines define denotes denote equals equal shows show tells tell lets let helps help
    allows allow gives give includes include tracks track can could will would may might must should provides
    provide contains contain makes make keeps keep records record stores store works work uses use covers cover
    applies apply becomes become consists consist comes come takes take runs run returns return sends send
    collects collect captures capture compares compare calculates calculate combines combine pays pay matches
    match offers offer supports support enables enable""".split()
)
_LEADING_CLAUSE = re.compile(
    r"^(?:in|on|for|at|with|when|if|since|as|after|before|unlike|like|by default|at \w+)\b[^,]{0,70},\s*", re.I
)


def _core(xs: list[str]) -> list[str]:
    out: list[str] = []
    for w in xs:
        if w in _CORE_ENDS or w in {"(", ")"}:
            break
        out.append(w)
    return out or xs[:1]


# Heads that ask for a list, not a definition ("What are the snippet options …?", "What are some examples …?").
_LIST_HEADS: Final = frozenset(
    """benefits advantages disadvantages differences types kinds pros cons requirements steps options limits
    limitations alternatives features reasons risks costs examples signs causes uses ways difference""".split()
)
# A product's sheet of figures ("What are the VT3 sensor specifications?"): a list whatever comes first.
_SPEC_HEADS: Final = frozenset("specifications specs".split())


# "What is a good OEE score?" asks for a judgement, not a definition.
_JUDGEMENTS: Final = frozenset("good bad normal typical reasonable realistic acceptable ideal healthy".split())


def not_a_term(x: str) -> bool:
    """X names a list, asks for a judgement or is too long to be a term: the definition test does not apply."""
    xs = [w.lower() for w in words(x)]
    core = _core([w for w in xs if w not in _ARTICLES])
    if xs[0] == "some":
        return True  # "What are some funnel examples?"
    lead = xs[1] if xs[0] == "the" and len(xs) > 1 else xs[0]
    return len(core) > 6 or core[-1] in _SPEC_HEADS or lead in _LIST_HEADS or core[0] in _JUDGEMENTS


def _conjuncts(core: list[str]) -> list[list[str]]:
    """'overall vibration and iso 20816 zones' -> the two things asked about (a definition of one will do)."""
    out: list[list[str]] = [[]]
    for w in core:
        if w in {"and", "or"}:
            out.append([])
        else:
            out[-1].append(w)
    return [c for c in out if c]


def _is_predicate(word: str) -> bool:
    return word in _PREDICATES or word in FINITE_VERBS


def _subject_predicated(sentence_words: list[str], core: list[str], stem: Callable[[str], str]) -> bool:
    """X's head (or the initials of its core) within the first words, nothing but modifiers
    before it, and a verb within the next few words."""
    heads = {stem(core[-1])}
    if len(core) >= 2 and core[-1] in _KIND_NOUNS:
        heads.add(stem(core[-2]))  # "the results field" -> "Results is an ordered list …"
    initials = "".join(w[:1] for w in core) if len(core) >= 2 else ""
    low = [w.lower().replace("’", "'") for w in sentence_words]
    for j, word in enumerate(low[:8]):  # "A session (also known as a visit) is …"
        if stem(word) not in heads and not (initials and word == initials):
            continue
        before = [w for w in low[:j] if w not in _ARTICLES]
        verbs = [w for w, orig in zip(low[:j], sentence_words[:j]) if _third_person(w) and not orig[:1].isupper()]
        if any(w in _NOT_SUBJECT or _is_predicate(w) for w in before) or verbs or len(before) > 4:
            return False  # "Google Analytics aggregates UTM source …": X is the object
        if before and before[0] != "note" and is_instruction(" ".join(sentence_words[: j + 1])):
            return False  # "See all referral sources that …": X is the object of an instruction
        after = low[j + 1 : j + 8]
        if after and _third_person(after[0]):
            return True  # "VT3 battery life depends …", "The sampling rate sets …"
        return any(_is_predicate(w) for w in after)
    return False


# Kinds a question adds after a name ("the dimensions parameter", "the results field").
_KIND_NOUNS: Final = frozenset("field parameter option argument attribute setting property endpoint flag".split())
# "There are two types of annotations: …", "Postgres has three kinds of integers.": the kinds, named next.
_KINDS = re.compile(
    r"^(?:there\s+(?:are|is)|[\w.-]+(?:\s+[\w.-]+)?\s+(?:has|have|offers|supports))\s+(?:two|three|four|five|six|"
    r"seven|eight|nine|ten|several|\d+)\s+(?:\w+\s+)?(?:types|kinds|sorts|sizes|levels|forms|categories)\s+of\s+"
    r"(?P<what>[\w-]+)",
    re.I,
)


# Parts of a product's screen: "The Browsers tab shows …" describes the tab, not what a browser is.
_CONTROLS: Final = frozenset(
    "tab tabs report reports panel panels page pages section sections menu menus button buttons field fields widget "
    "widgets card cards screen screens view views column columns chart charts dropdown dropdowns toggle toggles "
    "setting settings dialog window".split()
)


def _names_a_control(first_words: list[str], core: list[str], stem: Callable[[str], str]) -> bool:
    """X's head opens the sentence as the name of a screen part ("The Browsers tab shows what browsers
    people use …" under "What is a browser?", hand grading round 3): the sentence says what the part
    shows, not what X is. Not when X is the part itself ("What is the Goals tab?")."""
    if core[-1] in _CONTROLS:
        return False
    head = stem(core[-1])
    low = [w.lower() for w in first_words[:5]]
    return any(stem(w) == head and j + 1 < len(low) and low[j + 1] in _CONTROLS for j, w in enumerate(low[:4]))


def _third_person(word: str) -> bool:
    return len(word) >= 4 and word.isalpha() and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


def defines(answer: str, x: str, *, stem: Callable[[str], str], key_terms: Callable[[str, str], set[str]]) -> bool:
    """True when the answer's first sentence says what ``x`` is, or its first sentence names X's
    head and the second says what X is ("Note that … no personally identifiable information (PII) is
    sent …. PII is information that could be used …"). Not when the second sentence says what holds
    of each X ("Each period is relative to …"): that is a property, and the Xs go unnamed."""
    sentences = split_sentences(answer) or [answer]
    if predicates(sentences[0], x, stem=stem, key_terms=key_terms):
        return True
    xs = [w.lower().replace("’", "'") for w in words(x)]
    core = _core([w for w in xs if w not in _ARTICLES])
    heads = {stem(core[-1])} | ({stem(core[-2])} if len(core) >= 2 and core[-1] in _KIND_NOUNS else set())
    named = any(stem(w.lower()) in heads for w in words(sentences[0]))
    return (
        named
        and len(sentences) > 1
        and not _EACH.match(sentences[1])
        and not _WHEN_COUNTED.match(sentences[1])
        and predicates(sentences[1], x, stem=stem, key_terms=key_terms)
    )


# "Each period is relative to a date parameter.": what holds of every one of the Xs, not what they are.
# Hand grading round 8: "What are time periods?" answered with "The options are identical for each
# endpoint that supports configurable time periods. Each period is relative to …", the periods never named.
_EACH = re.compile(r"^\s*(?:each|every|any|all)\b", re.I)
# "A source is reported when a person clicks through …": when X is counted or shown, a passive with its
# occasion, not what X is (hand grading round 9 reading, "What is source?" after "See all referral sources …").
_WHEN_COUNTED = re.compile(
    r"^\s*(?:(?:a|an|the)\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:is|are|gets|get)\s+(?:only\s+)?[a-z]+ed\s+"
    r"(?:when|whenever|once|if|each time|every time|as soon as)\b",
    re.I,
)


def predicates(sentence: str, x: str, *, stem: Callable[[str], str], key_terms: Callable[[str, str], set[str]]) -> bool:
    """True when ``sentence`` says what ``x`` is (see the module docstring). ``stem`` and
    ``key_terms`` are the contract's own term functions (passed in: this module sits below it)."""
    xs_orig = [w for w in words(x)]
    xs = [w.lower().replace("’", "'") for w in xs_orig]
    if not xs:
        return True
    if states_a_rule(sentence, xs):
        return False
    core = _core([w for w in xs if w not in _ARTICLES])
    first_words = list(words(sentence))
    if not first_words:
        return False
    terms = key_terms(x, "en")
    name = all(w[:1].isupper() for w in xs_orig if w.lower() not in _CORE_ENDS | _ARTICLES)
    if name and terms and terms <= key_terms(sentence, "en") and not _only_attributive(sentence, xs_orig):
        return True  # "What is Sentry?" -> "We track programming exceptions on Sentry."
    if _names_a_control(first_words, core, stem):
        return False
    conjuncts = _conjuncts(core)
    if len(conjuncts) > 1:
        return any(predicates(sentence, " ".join(c), stem=stem, key_terms=key_terms) for c in conjuncts)
    head = stem(core[-1])
    opening = [stem(w) for w in first_words if w.lower() not in _ARTICLES][:3]
    core_terms = key_terms(" ".join(core), "en")
    found = core_terms & key_terms(sentence, "en")
    if (
        head in opening
        and core_terms
        and len(found) >= len(core_terms) - (1 if len(core_terms) >= 3 else 0)
        and not is_instruction(sentence)
        and not _LEADING_CLAUSE.match(sentence)
        and any(_is_predicate(w.lower()) or _third_person(w.lower()) for w in first_words[1:])
    ):
        return True  # "37signals shares 10% of its annual company profits …" (employee profit sharing)
    kinds = _KINDS.match(sentence.strip())
    if kinds and stem(kinds.group("what").lower()) == head:
        return True  # "There are two types of annotations: personal notes …"
    if _subject_predicated(first_words, core, stem):
        return True
    rest = _LEADING_CLAUSE.sub("", sentence, count=1)
    return rest != sentence and _subject_predicated(list(words(rest)), core, stem)


# Words that may follow a name without making it a modifier ("Sentry to track …", "Sentry and Honeybadger").
_AFTER_NAME: Final = _CORE_ENDS | _NOT_SUBJECT | frozenset("and or but as than".split())


def _only_attributive(sentence: str, name: list[str]) -> bool:
    """Every mention of the name modifies a noun after it ("… the fingerprint of their PGP key …",
    "… as a UI layer"): the sentence is about the key or the layer, not about what the name is. Why:
    an outside corpus (session 13) had "What is PGP?" answered with how people swap key fingerprints,
    passed because the name's words were in the sentence. "We track exceptions on Sentry." and
    "Sentry is …" name the thing itself and still pass."""
    pattern = r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in name) + r"(?![\w-])(?P<after>\s+[a-z][\w-]*)?"
    found = list(re.finditer(pattern, sentence))
    if not found:
        return False
    for m in found:
        after = (m.group("after") or "").strip()
        if not after or after in _AFTER_NAME or _is_predicate(after) or _third_person(after):
            return False
        before = [w.lower() for w in words(sentence[: m.start()]) if w.lower() not in _DETERMINERS]
        if not before or before[-1] not in _PREPOSITIONS:
            return False  # "We hold an All Hands meeting": the sentence's own object, the thing itself
    return True


# What may stand between a preposition and the name it governs ("of their PGP key", "as a UI layer").
_DETERMINERS: Final = frozenset("the a an their our your its his her my this that these those each every".split())
_PREPOSITIONS: Final = frozenset(
    "of in on as for with from by to into onto about via at under over through within without per like".split()
)


# What a thing is not, leaves out or excludes: "… is not included in X", "X doesn't count …", "X never …".
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|cannot|can't|can’t|isn't|isn’t|aren't|aren’t|doesn't|doesn’t|don't|don’t|"
    r"won't|won’t|excludes?|excluded|excluding|omits?|omitted)\b",
    re.I,
)
# A turn to what the thing is after the negation: "X is not a Y but a Z", "…; it is …", "… rather …".
_POSITIVE_TURN = re.compile(
    r"(?:\bbut\s+(?:a|an|the|one|rather)\b|;\s*(?:it|they|this)\b|\brather\b|\binstead\b|\bit\s+is\b|\bit's\b)", re.I
)


def says_what_it_is_not(answer: str) -> str | None:
    """The negation when the first sentence of an answer to "What is X?" says only what X is not,
    excludes or leaves out ("Imported figures are not included in the combined view."; hand
    grading round 7: a subheading naming a thing the page mentions only as it bears on its own
    subject), so no later sentence can make it a definition; None when it says what X is, or turns
    to it in the same sentence ("A tag is not a branch: it is a fixed name …")."""
    first = (split_sentences(answer) or [answer])[0]
    m = _NEGATION.search(first)
    if m is None or _POSITIVE_TURN.search(first[m.end() :]) or ":" in first[m.end() :]:
        return None
    return " ".join(first[: m.end()].split()[-5:])


# "Don't change …", "Never log …", "Always run …", "Do not …": a rule in its negative or insistent form.
_RULE_OPENING = re.compile(r"^\s*(?:don't|don’t|do\s+not|never|always|only|please)\s+(?P<verb>[a-z]+)\b", re.I)


def states_a_rule(sentence: str, xs: list[str]) -> bool:
    """True when ``sentence`` tells the reader what to do ("Use React for …", "Don't change a migration
    after …", "Order translations alphabetically by key."), so it cannot say what X is, whatever words of
    X it holds. Why (an outside corpus of style guides, session 13): a bare-noun heading
    ("Translations", "Migrations", "UI") over a list of rules was asked "What are translations?" and
    passed with the rules, because X was named in an imperative ("… as a UI layer") or a rule whose
    verb is not in the instruction table ("Order i18n translations …") read as X's subject. A base-form
    verb opens a rule only when no other finite verb follows (so "Report views show totals." stays a
    statement) and the verb is not one of X's own words ("What are test files?" -> "Test files live …")."""
    ws = [w.lower().replace("’", "'") for w in words(sentence)]
    if not ws or ws[0] in xs:
        return False
    if is_instruction(sentence):
        return True
    m = _RULE_OPENING.match(sentence.replace("**", "").replace("`", ""))
    if m and is_base_verb(m.group("verb")):
        return True
    return is_base_verb(ws[0]) and not any(_is_predicate(w) for w in ws[1:])
