"""English noun-phrase headings ("Sensor placement", "The role of edge computing") as questions.

Why a sub-table: a plain noun phrase is the most common heading and "What is <heading>?" reads
badly for most of them, so ``_EN_NP_RULES`` picks the question shape by the phrase's head, in
order (the first sub-rule that answers wins; '' means "not an FAQ"):

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
"""

# Over 400 lines on purpose: one ordered sub-table (_EN_NP_RULES) whose sub-rules share one reading of the phrase's head and complements; the order is the precedence.
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from .heading import NOT_FAQ, Heading, RuleResult, _does, _is_title_case, _topic_en
from .lexicon import (
    _EN_ADVERBS,
    _EN_AUX,
    _EN_CLOSED,
    _EN_DETERMINERS,
    _EN_NO_ARTICLE_MODS,
    _EN_PARTICLES,
    _EN_POSSESSIVES,
    _EN_PREPOSITIONS,
    _EN_PRONOUNS,
    _generic_split,
)
from .morphology import (
    _a_or_an,
    _can_be,
    _is_gerund,
    _is_modifier_en,
    _is_plural_en,
    _known_en,
    _lemmas,
    _mass_like,
    _verb_forms,
)
from .text import _bare, _finish, _is_acronym, _join, _topic_name_like


_EN_RELATIONAL: dict[str, str] = {
    "roi": "of",
    "return on investment": "of",
    "payback period": "for",
    "payback": "for",
    "total cost of ownership": "for",
    "tco": "for",
    "cost of ownership": "for",
    "business case": "for",
    "timeline": "for",
    "implementation timeline": "for",
    "lifespan": "of",
    "life expectancy": "of",
    "battery life": "of",
    "service life": "of",
    "accuracy": "of",
    "cost": "of",
    "price": "of",
    "impact": "of",
    "value": "of",
    "business value": "of",
    "cost savings": "from",
    "savings": "from",
    "operating temperature": "of",
    "operating temperature range": "of",
    "sla": "for",
    "uptime sla": "for",
    "uptime": "of",
    "range": "of",
    "resolution": "of",
}
_EN_SECURITY_WORDS = frozenset({"security", "privacy", "compliance", "protection", "ownership", "gdpr", "encryption"})
_EN_SUPPORT_HEADS = frozenset({"support"})
# Capitalised function words that mark a page topic as a headline ("... for Your Project").
_TITLE_FUNCTION_WORDS = frozenset("For Your Of With To And On In From Into At By Our Their".split())
_EN_SET_HEADS = {
    "threshold": "set",
    "thresholds": "set",
    "target": "set",
    "targets": "set",
    "baseline": "set",
    "baselines": "set",
    "goal": "set",
    "goals": "set",
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
# Heads of things a product or a handbook has one of ('Fivetran connector', 'Expense account'):
# asked with "the", a question about the page's own, not a dictionary definition.
_EN_FEATURE_HEADS = frozenset(
    """connector server package plugin extension proxy account view dashboard policy plan report
    export snippet api template app widget stipend pool script integration endpoint""".split()
)
# Noun forms of phrasal verbs that open task headings ('Breakdown custom event by ...').
_EN_VERB_NOUNS = frozenset("breakdown setup signup login logout checkout rollout lookup cleanup backup".split())
_EN_NAV_HEADS = frozenset(
    {"guides", "articles", "posts", "downloads", "videos", "webinars", "links", "tutorials", "questions"}
)
_EN_NP_COMPLEMENT = _EN_PREPOSITIONS - {"like"}


def _np_valid_en(h: Heading, lo: int, hi: int) -> bool:
    lower = h.lower[lo:hi]
    if not lower or lower[0] in _EN_POSSESSIVES - {"its"} or lower[0] in {"no", "without"}:
        return False
    for j, word in enumerate(lower):
        if word in _EN_PRONOUNS or word in _EN_AUX or word in _EN_ADVERBS or word in {"or", "plus"}:
            return False  # ('Individual dashboards per domain, plus a global combined view': a slogan)
        if j > 0 and _is_gerund(word) and _is_plural_en(h.tokens[lo + j - 1]) and word not in {"during"}:
            return False  # 'Visitors using VPNs and similar services' reads as "What are visitors using …?"
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
    if (
        lemmas
        and not lemmas.get("NOUN")
        and not _is_acronym(head_token)
        and not _is_gerund(head)
        and not (len(core) >= 2 and _verb_forms(head) == {"VB"} and h.tokens[lo + comp - 2][:1].isupper())
    ):  # 'Google Tag Manager template': the lexicon only knows 'template' as a verb
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
        return list(self.h.lower[self.lo : self.hi])

    @functools.cached_property
    def cased(self) -> list[str]:
        return list(self.h.cased[self.lo : self.hi])

    @functools.cached_property
    def comp(self) -> int:
        """Index of the complement ('of edge computing'), len(lower) when there is none."""
        return _np_complement(self.lower)

    @property
    def det(self) -> int:
        return int(self.lower[0] in _EN_DETERMINERS)

    @property
    def core(self) -> list[str]:
        return self.lower[self.det : self.comp]

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
        return _join(self.cased[self.det :])

    @property
    def key(self) -> str:
        return " ".join(self.lower[self.det :])

    @property
    def topic(self) -> str:
        """The page topic to append ('... for <topic>'), or '' when the topic is a headline: a
        Title Case title with a capitalised function word ("Accessibility Best Practices for Your
        Project") pasted after a question reads "... for accessibility Best Practices for Your
        Project?", so the question goes without it."""
        words = self.h.topic.split()
        capitalised = sum(1 for w in words[1:] if w[:1].isupper())
        if len(words) >= 4 and (
            any(w in _TITLE_FUNCTION_WORDS for w in words[1:])
            or (capitalised >= 2 and any(w.capitalize() in _TITLE_FUNCTION_WORDS for w in words[1:]))
        ):  # 'Security Best Practices for your Project' too
            return ""
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
    rest = np.h.tokens[np.lo + comp + 1 : np.hi]
    be = "are" if _is_plural_en(rest[-1]) and "and" not in lower else "is"
    return _join(f"Why {be}", np.cased[comp + 1 :], "important")


def _np_relational(np: _NounPhrase) -> str | None:
    """Metrics of the topic: 'Payback period' -> 'What is the payback period for <topic>?'."""
    key = np.key
    for rel, prep in _EN_RELATIONAL.items():
        mods = key[: -len(rel)].split()
        if key == rel and not np.topic:
            return ""  # 'Impact' under a headline title: the impact of what?
        if key == rel or (
            key.endswith(" " + rel) and all(_is_modifier_en(w) or (np.name_topic and w not in _EN_CLOSED) for w in mods)
        ):
            target = f" {prep} {np.topic}" if np.topic else ""
            return f"What {np.be} the {np.bare_phrase}{target}"
    return None


def _np_role(np: _NounPhrase) -> str | None:
    """'The role of edge computing' -> 'What is the role of edge computing in <topic>?'."""
    lower, comp = np.lower, np.comp
    if lower[np.det] != "role" or comp != np.det + 1 or comp >= len(lower) or lower[comp] != "of":
        return None
    target = f" in {np.topic}" if np.topic and "in" not in lower[comp + 1 :] else ""
    return f"What is the {np.bare_phrase}{target}"


def _np_security(np: _NounPhrase) -> str | None:
    """'Data security' -> 'How does Acme handle data security?' / 'How is ... handled in <practice>?'."""
    if not np.complete or not any(w in _EN_SECURITY_WORDS for w in np.core) or np.head in _EN_FEATURE_HEADS:
        return None  # ('Security policy' is a document the page has: "What is the security policy?")
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
    if "and" in core or "&" in core or any(t.endswith(",") for t in h.tokens[lo : lo + np.comp]):
        conjuncts = _conjuncts(h, lo, lo + np.comp)
        if not conjuncts:
            return ""
        shared_head = len(conjuncts[-1]) >= 2 and all(
            _can_be(_bare(span[-1]), "ADJ") and not _is_plural_en(span[-1]) for span in conjuncts[:-1]
        )  # 'Absolute and relative alarms', 'California medical and family leave': one head
        if not shared_head:
            if (
                len(conjuncts) > 2
                or "&" in core
                or any(
                    span[0][:1].isupper() and not _is_acronym(span[0]) and not _is_title_case(h.tokens)
                    for span in conjuncts[1:]
                )
                or any(len(span) > 1 and _is_gerund(_bare(span[-1])) for span in conjuncts)
            ):
                return ""  # 'Mobile devices and Windows', 'VPN users and bot filtering': two subjects
            for span in conjuncts:
                if len(span) == 1 and not _is_plural_en(span[0]) and not _mass_like(_bare(span[0]), span[0]):
                    return ""  # 'Team and skills': a bare singular count noun has no article
            be = "are"  # 'Spectra and waveforms'
    named = len(core) >= 2 and (_is_acronym(h.tokens[lo]) or h.tokens[lo][:1].isdigit() or h.cased[lo][:1].isupper())
    if (
        not np.complete
        and lower[np.comp] == "to"
        and np.comp + 2 == len(lower)
        and not _is_plural_en(h.tokens[lo + np.comp + 1])
        and h.tokens[lo + np.comp + 1].islower()
        and not _mass_like(lower[np.comp + 1], h.tokens[lo + np.comp + 1])
    ):
        return ""  # 'Value to funder': a note's label, a bare singular with no article
    if not np.complete and (lower[np.comp] == "of" or (head == "difference" and lower[np.comp] == "between")):
        article = "the "
    elif np.plural and _generic_split(core) and not np.complete:
        article = "" if core[0] in _EN_NO_ARTICLE_MODS else "the "
    elif np.plural:
        article = "the " if named else ""
    elif head in _EN_FEATURE_HEADS and len(core) >= 2:
        article = "the "  # 'Fivetran connector', 'Retirement plan': the page's own, not a definition
    elif head in _EN_COUNT_HEADS:
        article = "the " if named else _a_or_an(np.cased[0]) + " "
    else:
        article = ""
    phrase = np.phrase
    if (
        article == "the "
        and _is_acronym(h.tokens[lo + np.comp - 1])
        and all(t[:1].isupper() for t in h.tokens[lo : lo + np.comp])
    ):
        phrase = _join(h.tokens[lo : lo + np.comp], np.cased[np.comp :])  # 'the Events API', a product's name
    return f"What {be} {article}{phrase}"


def _np_examples(np: _NounPhrase) -> str | None:
    """'Funnel examples' -> 'What are some funnel examples?' (examples of what the page documents)."""
    if np.det or not np.complete or np.head not in {"examples", "ideas"} or len(np.core) < 2 or "and" in np.core:
        return None
    return f"What are some {np.phrase}"


# First words of two-word place names whose second word is also a dictionary word ('New Jersey').
_PLACE_OPENERS = frozenset("new north south west east rhode san santa los las st saint".split())


def _name_prefix(tokens: Sequence[str], names: frozenset[str]) -> bool:
    if not all(t[:1].isupper() for t in tokens):
        return False
    if len(tokens) == 2 and tokens[0].lower() in _PLACE_OPENERS:
        return True
    return all(t in names or not _known_en(t.lower(), lenient=False) for t in tokens)


def _np_named_variant(np: _NounPhrase) -> str | None:
    """'California Medical and Family Leave' on 'State Medical and Family Leave Provisions' ->
    'What is medical and family leave in California?': a name plus the page's own subject asks
    about that subject for the name (a policy per state, a plan per country), in sentence case."""
    if np.det or not np.complete or len(np.core) < 3:
        return None
    topic = [w.lower().strip(",.:;()") for w in np.h.topic.replace("&", "and").split()]
    tokens = np.h.tokens[np.lo : np.lo + np.comp]
    for k in (1, 2):
        rest = [w.replace("&", "and") for w in np.core[k:]]
        if len(rest) < 2 or not _name_prefix(tokens[:k], np.h.names):
            continue
        if any(t.lower() in topic for t in tokens[:k]):
            continue
        if not any(topic[i : i + len(rest)] == rest for i in range(len(topic) - len(rest) + 1)):
            continue
        words = [t if _is_acronym(t) else t.lower() for t in tokens[k:]]  # title words: Title Case, not names
        return f"What {np.be} {_join(words)} in {_join(tokens[:k])}"
    return None


def _np_pointer(np: _NounPhrase) -> str | None:
    """'Breakdown custom event by custom properties', 'Checkout previous branch': a task written
    with the verb's noun form; asked as 'What is …' it reads as a definition of nothing."""
    if not np.det and np.core and np.core[0] in _EN_VERB_NOUNS and len(np.core) >= 3:
        return ""
    return None


# Ordered like the top-level tables: the first sub-rule that answers wins ('' = not an FAQ).
_EN_NP_RULES: Final[tuple[tuple[str, NpRule], ...]] = (
    ("nav", _np_nav),
    ("pointer", _np_pointer),
    ("examples", _np_examples),
    ("named_variant", _np_named_variant),
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
