"""English headings that are sentences or sentence fragments, not topics.

Why a module of its own: documentation headings are often whole statements ("Funnel shows no
data", "Referral source is missing", "You need more than 8 steps"), symptoms without a verb
("GTM events not firing"), conditions ("If you no longer have access to the account email") or
purposes ("To exclude your visits"). Read as noun phrases they give "What is Funnel shows no
data?"; each needs its own question form:

* a symptom or problem becomes "Why ...?" with do-support or inversion ("Why does the funnel
  show no data?", "Why aren't admin visits showing?"),
* the reader's own situation becomes "What if ...?" ("What if you need more than 8 steps?"),
* a plain statement with a modal or a predicate noun becomes a yes/no question ("Will
  Plausible Analytics be listed in your Google account settings?"), other facts "How ...?",
* conditions and purposes keep their clause ("What if ...?", "What should you do before ...?",
  "How do you exclude your visits ...?").

A clause is only recognised with evidence (an auxiliary, a negation, a verb that cannot be a
noun, or a noun-or-verb word followed by what only follows a verb), so "Data retention limits"
stays a noun phrase. Headings in the writer's voice ("We attempt to ...") and fragments that
start with a preposition ("From the Sites page") are not questions.
"""

# Over 400 lines on purpose: one job (headings that are clauses or fragments, as questions); every form reads the heading through the same verb finder and subject checks.
from __future__ import annotations

from typing import Final

from .detect import _is_question_en, _rule_question
from .heading import NOT_FAQ, Heading, RuleResult, _is_title_case
from .lexicon import (
    _EN_ADVERBS,
    _EN_CLOSED,
    _EN_DETERMINERS,
    _EN_INTRANSITIVE,
    _EN_PARTICLES,
    _EN_PREPOSITIONS,
    _EN_PRONOUNS,
    _EN_WH,
)
from .morphology import (
    _known_en,
    _can_be,
    _is_gerund,
    _is_participle,
    _is_plural_en,
    _lemmas,
    _mass_like,
    _verb_forms,
    _verb_lemma,
)
from .noun_phrase import _np_definition, _np_valid_en, _NounPhrase
from .text import _bare, _finish, _is_acronym, _join, _strip_end
from .wh_clauses import _rule_wh_infinitive

_COPULA: Final = frozenset({"is", "are", "was", "were", "am", "isn't", "aren't", "wasn't", "weren't"})
_MODALS: Final = frozenset(
    {
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
        "cannot",
        "can't",
        "couldn't",
        "won't",
        "wouldn't",
        "shouldn't",
        "mustn't",
    }
)
_DO: Final = frozenset({"do", "does", "did", "don't", "doesn't", "didn't"})
_HAVE: Final = frozenset({"has", "have", "had", "hasn't", "haven't", "hadn't"})
_CONTRACT: Final = {
    "is": "isn't",
    "are": "aren't",
    "was": "wasn't",
    "were": "weren't",
    "can": "can't",
    "could": "couldn't",
    "will": "won't",
    "would": "wouldn't",
    "should": "shouldn't",
    "must": "mustn't",
    "does": "doesn't",
    "do": "don't",
    "did": "didn't",
    "has": "hasn't",
    "have": "haven't",
    "had": "hadn't",
    "cannot": "can't",
}
# Words that make a statement a problem to explain ("Why ...?") rather than a fact ("How ...?").
_PROBLEM_WORDS: Final = frozenset(
    """no not never zero nothing none missing wrong lower higher fewer less more empty invalid broken
    error errors fail fails failed failing stop stops stopped break breaks broke differ differs
    disappear disappears disappeared drop drops dropped spike spikes spiked slow blank duplicate
    duplicated incorrect inaccurate unexpected expected doesn't don't didn't isn't aren't can't
    won't interfering interferes conflict conflicts conflicting blocked blocking failing warn warns warned
    warning""".split()
)
# Past forms that read as events even before a preposition ("Stats stopped after migrating").
_EVENT_PAST: Final = frozenset(
    "stopped broke failed disappeared dropped spiked changed went got became stalled crashed".split()
)
# Progressive forms that describe a symptom ("Plugin token showing as invalid").
_SYMPTOM_VBG: Final = frozenset(
    """showing appearing firing working loading recording counting updating displaying sending matching
    syncing reporting triggering rendering returning failing interfering""".split()
)
# What can follow a noun-or-verb word only when it is the verb ("shows no data", "runs for ...").
_AFTER_VERB: Final = (
    _EN_DETERMINERS
    | _EN_PARTICLES
    | _EN_PRONOUNS
    | frozenset(
        {
            "no",
            "zero",
            "about",
            "more",
            "less",
            "only",
            "not",
            "never",
            "always",
            "often",
            "automatically",
            "correctly",
            "again",
            "too",
        }
    )
)
_SUBJECT_PERSONS: Final = frozenset({"i", "you", "we"})
_READER_POSSESSIVES: Final = frozenset({"my", "your"})
_FRAGMENT_PREPOSITIONS: Final = (_EN_PREPOSITIONS | frozenset({"directly", "just", "only", "also"})) - frozenset(
    {"before", "after", "until", "since", "to"}
)


def _subject_phrase(h: Heading, k: int) -> str | None:
    """tokens[0:k] as the subject of a question, with 'the' before a bare singular count noun.

    'Funnel' -> 'the funnel', 'Referral source' -> 'the referral source'; plural, mass, gerund,
    acronym and name subjects stay bare ('tracking', 'admin visits', 'WP Rocket').
    """
    lower = h.lower
    if k <= 0:
        return None
    words = list(h.cased[:k])
    if lower[0] in _SUBJECT_PERSONS or lower[0] in _EN_PRONOUNS:
        return _join(words)
    if lower[0] in _EN_DETERMINERS:
        return _join(words)
    comp = k
    for j in range(1, k):
        if lower[j] in _EN_PREPOSITIONS:
            comp = j
            break
    head_token, head = h.tokens[comp - 1], lower[comp - 1]
    if (
        "or" in lower[:k]
        or "and" in lower[:k]
        or _is_title_case(h.tokens)
        or h.cased[0][:1].isupper()
        or _is_plural_en(head_token)
        or _mass_like(head, head_token)
        or _is_acronym(head_token)
        or not _can_be(head, "NOUN")
        or head in _EN_CLOSED
    ):
        return _join(words)
    return _join("the", words)


def _subject_ok(h: Heading, k: int) -> bool:
    lower = h.lower
    if k <= 0 or lower[0] in _EN_WH:
        return False
    if k == 1 and lower[0] in _SUBJECT_PERSONS | {"it", "they", "this", "that", "everything", "nothing"}:
        return True
    lo = 1 if lower[0] in _READER_POSSESSIVES | {"our", "their", "its"} else 0
    parts: list[tuple[int, int]] = []
    start = lo
    for j in range(lo, k):
        if lower[j] == "or":
            parts.append((start, j))
            start = j + 1
    parts.append((start, k))
    if k - lo == 1 and _can_be(lower[lo], "ADJ") and not _is_gerund(lower[lo]) and not _is_plural_en(h.tokens[lo]):
        return False  # 'Multiple imports into ...': an adjective, not a subject
    return all(a < b and _np_valid_en(h, a, b) for a, b in parts)


def _plural_subject(h: Heading, k: int) -> bool:
    lower = h.lower
    if lower[0] in {"i", "you", "we", "they"}:
        return True
    comp = k
    for j in range(1, k):
        if lower[j] in _EN_PREPOSITIONS:
            comp = j
            break
    return _is_plural_en(h.tokens[comp - 1]) or ("and" in lower[:comp])


def _noun_capable(word: str) -> bool:
    """'limits', 'imports', 'questionnaires': a verb form that is also (the plural of) a noun."""
    if _can_be(word, "NOUN") or _can_be(word, "ADJ"):
        return True
    return word.endswith("s") and _can_be(_verb_lemma(word), "NOUN")


def _verb_evidence(h: Heading, k: int) -> bool:
    """A finite verb at k is a verb, not the last noun of a noun phrase ('limits' in 'Data retention limits')."""
    lower, n = h.lower, len(h.lower)
    word = lower[k]
    nxt = lower[k + 1] if k + 1 < n else ""
    forms = _verb_forms(word)
    if "VBD" in forms and _is_participle(word) and word not in _EVENT_PAST:
        # 'Pages visited by bots', 'Community contributed integrations': a participle in a noun phrase
        return (
            not nxt
            or nxt in _AFTER_VERB
            or nxt[:1].isdigit()
            or _is_gerund(nxt)
            or (bool(_lemmas(nxt).get("ADJ")) and not _lemmas(nxt).get("NOUN"))
        )
    if k == 1 and lower[0] in {"i", "you", "we", "they"}:
        return True  # 'We attempt ...', 'You need ...': after a pronoun it can only be the verb
    if not nxt and not (word in _EN_INTRANSITIVE or _verb_lemma(word) in _EN_INTRANSITIVE or word in _PROBLEM_WORDS):
        return False  # 'Security questionnaires': a verb form ending the heading is a plural noun
    if not _noun_capable(word):
        return True
    if k == 1 and lower[0] in {"i", "you", "we", "they"}:
        return True  # 'We attempt ...', 'You need ...': after a pronoun it can only be the verb
    if (
        k == 1
        and k + 1 < n
        and "VBZ" in forms
        and _is_title_case(h.tokens)
        and not _is_acronym(h.tokens[0])
        and not _known_en(lower[0], lenient=False)
    ):
        return True  # 'Hatchbox Exports Env Vars': a name, then its verb
    if not nxt:
        return word in _EN_INTRANSITIVE or _verb_lemma(word) in _EN_INTRANSITIVE or word in _PROBLEM_WORDS
    if nxt in _AFTER_VERB or nxt[:1].isdigit() or _is_gerund(nxt):
        return True
    if nxt in _EN_PREPOSITIONS and k + 2 < n and lower[k + 2] in _EN_PRONOUNS:
        return True  # 'pays for itself'
    lemmas = _lemmas(nxt)
    return bool(lemmas.get("ADJ")) and not lemmas.get("NOUN") and not lemmas.get("VERB")


def _agrees_with_subject(h: Heading, k: int, form: str) -> bool:
    """'Numbers seem' (plural + base form), 'Funnel shows' (singular + -s); not 'Bearing wear'."""
    if form == "VBD":
        return True
    plural = _plural_subject(h, k)
    if form == "VB":
        return plural or h.lower[0] in {"i", "you", "we", "they"}
    return not plural


def _lexical_verb(h: Heading, limit: int) -> tuple[int, str] | None:
    """The first word in tokens[1:limit] that is a finite verb agreeing with what precedes it."""
    lower, tokens = h.lower, h.tokens
    title = _is_title_case(tokens)
    for j in range(1, limit):
        word = lower[j]
        if word in _EN_CLOSED and word not in _HAVE or lower[j - 1] in _EN_DETERMINERS:
            continue
        if (tokens[j][:1].isupper() and not title) or _is_acronym(tokens[j]) or tokens[j] in h.names:
            continue
        forms = _verb_forms(word)
        for form in ("VBZ", "VBD", "VB"):
            if form in forms and _agrees_with_subject(h, j, form) and (word in _HAVE or _verb_evidence(h, j)):
                return j, form
    return None


def _find_verb(h: Heading) -> tuple[int, str] | None:
    """(index, kind) of the clause's verb: 'aux', 'lex:<form>', 'have', 'progressive[_not]', 'not_participle'."""
    lower, n = h.lower, len(h.lower)
    limit = n
    aux_at = None
    for j in range(1, n):
        word = lower[j]
        if word in _COPULA | _MODALS | _DO:
            aux_at = j
            break
        if word in _HAVE:
            if j + 1 < n and (_is_participle(lower[j + 1]) or lower[j + 1] == "not"):
                aux_at = j
            break
        if word == "not" and j + 1 < n:
            nxt = lower[j + 1]
            if _is_gerund(nxt) or nxt in _SYMPTOM_VBG:
                return j, "progressive_not"
            if _is_participle(nxt):
                return j, "not_participle"
            return None
        if (
            word in _SYMPTOM_VBG
            and j + 1 < n
            and (
                lower[j + 1]
                in (_EN_PREPOSITIONS - {"of"}) | _EN_PARTICLES | _EN_DETERMINERS | {"as", "zero", "no", "any"}
                or lower[j + 1][:1].isdigit()
            )
        ):
            return j, "progressive"
        if (word in _EN_PREPOSITIONS or word in {"that", "which", "who", "when", "if", "because"}) and limit == n:
            limit = j  # the lexical verb comes before; an auxiliary may still follow ('Columns with ... are nil')
    if aux_at is not None:
        found = _lexical_verb(h, min(aux_at, limit)) if aux_at > 1 else None
        if found and lower[found[0]] not in _HAVE and not _noun_capable(lower[found[0]]):
            return found[0], "lex:" + found[1]  # a verb before the auxiliary must be unmistakable
        return aux_at, "aux"
    found = _lexical_verb(h, min(n, limit + 1))
    if found is None:
        return None
    k, form = found
    if lower[k] in _HAVE:
        return k, "have"
    return k, "lex:" + form


def _positive(aux: str) -> str:
    """'can't' -> 'can', 'won't' -> 'will', 'isn't' -> 'is': the auxiliary of a yes/no question."""
    return {"can't": "can", "cannot": "can", "won't": "will", "shan't": "shall"}.get(aux, aux.removesuffix("n't"))


def _clause_question(h: Heading, *, polar: bool = False) -> RuleResult:
    """The question for a clause heading. With ``polar`` (a Title Case statement of fact, see
    :func:`_rule_statement`) a fact that would be asked "Why …?" is asked as a yes/no question
    instead: the note states the fact and rarely gives its reason."""
    lower, n = h.lower, len(h.lower)
    if n < 2 or lower[0] in _EN_WH | _FRAGMENT_PREPOSITIONS | {
        "if",
        "to",
        "not",
        "no",
        "before",
        "after",
        "want",
        "need",
    }:
        return None
    if lower[0] not in _SUBJECT_PERSONS and _verb_forms(lower[0]) & {"VB"} and not _can_be(lower[0], "NOUN"):
        return None  # imperative: 'Verify that the stats are being tracked'
    found = _find_verb(h)
    if found is None:
        return None
    k, kind = found
    if not _subject_ok(h, k):
        return None
    if lower[0] == "we":
        return NOT_FAQ
    subject = _subject_phrase(h, k)
    if subject is None:
        return None
    rest = list(h.cased[k + 1 :])
    verb = lower[k]
    reader = lower[0] in {"i", "you"} or lower[0] in _READER_POSSESSIVES
    problem = any(w in _PROBLEM_WORDS for w in lower[k:]) or verb in _PROBLEM_WORDS
    plural = _plural_subject(h, k)
    if kind in {"progressive", "progressive_not"}:
        be = "are" if plural else "is"
        if lower[0] == "i":
            be = "am"
        if kind == "progressive_not":
            return _finish(
                _join(
                    f"Why {_CONTRACT[be] if be != 'am' else 'am'}",
                    subject,
                    *([] if be != "am" else ["not"]),
                    h.cased[k + 1 :],
                )
            )
        return _finish(_join(f"Why {be}", subject, h.cased[k:]))
    if kind == "not_participle":
        be = "are" if plural else "is"
        if lower[0] in _EN_DETERMINERS or h.cased[0][:1].isupper():
            return _finish(_join(f"Why {_CONTRACT[be]}", subject, h.cased[k + 1 :]))
        return _finish(_join("What", h.cased[:k], be, "not", h.cased[k + 1 :]))
    if kind == "aux":
        negated = bool(rest) and lower[k + 1] == "not"
        tail = rest[1:] if negated else rest
        if verb in {"cannot", "can't"} or verb.endswith("n't"):
            negated, tail = True, rest
            aux_word = _CONTRACT.get(verb, verb)
        else:
            aux_word = _CONTRACT[verb] if negated and verb in _CONTRACT else verb
        if reader and verb in _DO:
            return _finish(_join("What if", h.cased[:k], h.cased[k:]))
        if verb in _MODALS:
            if verb in {"may", "might"}:
                if polar:
                    return NOT_FAQ
                return _finish(_join("Why might", subject, "not" if negated else "", tail))
            if negated:
                if polar:
                    return _finish(_join(_positive(aux_word).capitalize(), subject, tail))
                return _finish(_join(f"Why {aux_word}", subject, tail))
            if reader and verb == "will":
                return _finish(_join("When will", subject, tail))  # 'You'll receive the funds'
            return _finish(_join(aux_word.capitalize(), subject, tail))
        if verb in _COPULA:
            if lower[0] == "i" or lower[0] == "you":
                return _finish(_join("What if", h.cased[:k], h.cased[k:]))
            nxt = lower[k + 2] if negated and k + 2 < n else (lower[k + 1] if k + 1 < n else "")
            predicate_np = nxt in _EN_DETERMINERS or nxt in _EN_PREPOSITIONS
            if not negated and not problem and _is_gerund(nxt):
                return _finish(_join(f"How {aux_word}", subject, tail))  # 'AI is changing search'
            if (negated or problem or not predicate_np) and not polar:
                return _finish(_join(f"Why {aux_word}", subject, tail))
            return _finish(_join(_positive(aux_word).capitalize(), subject, tail))
        if verb in _DO or verb in _HAVE:
            if negated or problem:
                if polar:
                    return _finish(_join(_positive(aux_word).capitalize(), subject, tail))
                return _finish(_join(f"Why {aux_word}", subject, tail))
            return _finish(_join(aux_word.capitalize(), subject, tail))
        return None
    if kind == "have":
        if reader:
            return _finish(_join("What if", h.cased[:k], h.cased[k:]))
        do = "do" if plural else "does"
        if verb == "had":
            do = "did"
        return _finish(_join(do.capitalize(), subject, "have", rest))
    form = kind.split(":", 1)[1]
    if reader:
        return _finish(_join("What if", h.cased[:k], h.cased[k:]))
    lemma = verb if form == "VB" else _verb_lemma(verb)
    do = {"VBZ": "does", "VBD": "did", "VB": "do"}[form]
    if problem and polar:
        return _finish(_join(do.capitalize(), subject, lemma, rest))
    wh = "Why" if problem else "How"
    return _finish(_join(wh, do, subject, lemma, rest))


def _rule_clause(h: Heading) -> RuleResult:
    """'Funnel shows no data' -> 'Why does the funnel show no data?'; 'You need more than 8 steps'
    -> 'What if you need more than 8 steps?'; 'GTM events not firing' -> 'Why aren't GTM events firing?'."""
    return _clause_question(h)


# Verbs that link a subject to a state ("… feel informal", "… seem slow"): no way of doing to ask about.
_LINKING: Final = frozenset("feel seem look sound appear become remain stay".split())


def _rule_state(h: Heading) -> RuleResult:
    """'Conditional modifiers feel informal' -> not an FAQ: the clause rule would ask "How do
    conditional modifiers feel informal?", but a linking verb joins its subject to a state, and a
    state has no "how" (an outside corpus of style guides, session 13, graded it wrong). The section
    says the state and its consequence, which is no answer to a question made from these words.
    ("Why …?" would ask for a reason the section need not give.)"""
    if h.text.rstrip().endswith("?"):
        return None
    found = _clause_question(h)
    if not isinstance(found, str) or not found.startswith(("How do ", "How does ", "How did ")):
        return None
    verb = _find_verb(h)
    if verb is None or not verb[1].startswith("lex:"):
        return None
    # the linking verb itself, or the word before a participle read as the verb ("… look cluttered")
    linked = [h.lower[j] for j in (verb[0], verb[0] - 1) if j >= 1]
    return NOT_FAQ if any(w in _LINKING or _verb_lemma(w) in _LINKING for w in linked) else None


def _rule_statement(h: Heading) -> RuleResult:
    """A Title Case statement of fact ('Chrome Supports Many Unix Keyboard Shortcuts', 'Hatchbox
    Exports Env Vars With asdf') -> not an FAQ: turned round into "How does chrome support …?" it
    asks for a mechanism the note does not give, and Title Case hides whether the first words are a
    subject or an order ('Cherry Pick Multiple Commits At Once'). A fact that reads as a problem
    ('Events Stop Propagating Once Handled', 'Argument Defaults Are Evaluated When Function Is
    Defined') is asked as a yes/no question ('Do events stop propagating once handled?'): hand
    grading round 3 found every such "Why …?" answered with the fact, never with a reason. A
    symptom in the progressive ('Tests Not Running') stays "Why …?" in the clause rule."""
    if not _is_title_case(h.tokens) or h.text.rstrip().endswith("?"):
        return None
    found = _clause_question(h)
    if isinstance(found, str) and found.startswith(("How do ", "How does ", "How did ")):
        return NOT_FAQ
    verb = _find_verb(h) if isinstance(found, str) and found.startswith("Why ") else None
    if verb is not None and (verb[1] in {"aux", "have"} or verb[1].startswith("lex:")):
        return _clause_question(h, polar=True)
    return None


def _rule_fragment(h: Heading) -> RuleResult:
    """Conditions, purposes and fragments: 'If you ...' -> 'What if you ...?', 'Before you transfer'
    -> 'What should you do before you transfer?', 'To exclude X' -> 'How do you exclude X?',
    'Want to X?' -> 'How do you X?', 'No need to X' -> 'Do you need to X?', 'Not seeing data?' ->
    'Why am I not seeing data?'; 'From the Sites page', 'In general' are not questions."""
    lower, n = h.lower, len(h.lower)
    first = lower[0]
    rest = list(h.cased[1:])
    if first == "if" and n >= 3:
        return _finish(_join("What if", rest))
    if first in {"before", "once"} and n >= 2:
        return _finish(_join(f"What should you do {first}", rest))
    if first == "after" and n >= 2:
        return _finish(_join("What happens after", rest))
    if first == "to" and n >= 2 and "VB" in _verb_forms(_base(lower[1])):
        return _finish(_join("How do you", rest))
    if first in {"want", "need"} and n >= 3 and lower[1] == "to" and "VB" in _verb_forms(_base(lower[2])):
        return _finish(_join("How do you", h.cased[2:]))
    if lower[:3] == ("no", "need", "to") and n >= 4:
        return _finish(_join("Do you need to", h.cased[3:]))
    if first == "not":
        if n >= 2 and _is_gerund(lower[1]):
            return _finish(_join("Why am I not", h.cased[1:]))
        return NOT_FAQ
    if first in _FRAGMENT_PREPOSITIONS and first not in {"vs", "versus"}:
        return NOT_FAQ
    return None


def _base(word: str) -> str:
    """'re-enable' -> 'enable': a prefixed verb is looked up by its stem."""
    for prefix in ("re-", "pre-", "un-", "de-", "co-"):
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            return word[len(prefix) :]
    return word


_EN_CONTEXT_QUESTIONS: Final = frozenset(
    {
        "anything else",
        "what are you seeing",
        "what else",
        "what now",
        "what's next",
        "what next",
        "any questions",
        "questions",
        "still stuck",
        "need help",
        "need more help",
        "still need help",
    }
)


def _rule_question_en(h: Heading) -> RuleResult:
    """Questions are kept, except elliptical ones that only read as questions on their page:
    'How to change X?' -> 'How do you change X?', 'Custom event not showing up?' -> 'Why isn't
    the custom event showing up?', 'Want to X?' -> 'How do you X?'; 'Anything else?' is not FAQ material."""
    found = _question_en(h)
    if isinstance(found, str) and len(h.tokens) >= 3 and _is_title_case(h.tokens) and found == _finish(h.text):
        return _finish(_join(h.cased))  # 'What Is On The Runtime Path?' -> 'What is on the runtime path?'
    return found


def _question_en(h: Heading) -> RuleResult:
    text = _strip_end(h.text)
    if h.key.rstrip("?") in _EN_CONTEXT_QUESTIONS or " ".join(_bare(t) for t in text.split()) in _EN_CONTEXT_QUESTIONS:
        return NOT_FAQ
    if not h.text.rstrip().endswith("?"):
        return _rule_question(h)
    lower = [w for w in h.lower if w]
    if lower and _is_question_en(lower, [t for t in h.tokens if _bare(t)]):
        return _rule_question(h)
    if ". " in h.text.rstrip("?"):
        return _rule_question(h)  # 'My traffic spiked temporarily. Do I need to upgrade?'
    for rule in (_rule_wh_infinitive, _rule_fragment, _rule_clause):
        result = rule(h)
        if isinstance(result, str) and (rule is not _rule_clause or result.startswith(("Why ", "What if "))):
            return result
    return _rule_question(h)


_HTTP_METHODS: Final = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


def _rule_endpoint(h: Heading) -> RuleResult:
    """'GET /api/v1/sites' -> 'What does the GET /api/v1/sites endpoint do?'."""
    if len(h.tokens) >= 2 and h.tokens[0] in _HTTP_METHODS and h.tokens[1].startswith("/"):
        return _finish(f"What does the {h.tokens[0]} {h.tokens[1]} endpoint do")
    return None


_DEFINITION_WORDS: Final = frozenset(
    {
        "metrics",
        "metric",
        "glossary",
        "definitions",
        "definition",
        "terminology",
        "terms",
        "concepts",
        "dimensions",
        "vocabulary",
        "jargon",
        "lexicon",
    }
)


_FIELD_PARENTS: Final = {
    "parameter": "parameter",
    "parameters": "parameter",
    "request": "parameter",
    "options": "option",
    "option": "option",
    "arguments": "argument",
    "response": "field",
    "fields": "field",
    "field": "field",
    "attributes": "attribute",
    "attribute": "attribute",
}


def _field_kind(h: Heading) -> str | None:
    """'site_id' under 'Request structure' is a parameter; 'results' under 'Response structure' a field."""
    if len(h.tokens) != 1 or not h.tokens[0][:1].islower():
        return None
    for parent in reversed(h.parents[-1:]):
        for word in (_bare(w) for w in parent.split()):
            if word in _FIELD_PARENTS:
                return _FIELD_PARENTS[word]
    return None


def _definition_context(h: Heading) -> bool:
    for parent in h.parents:
        words = [_bare(w) for w in parent.split()]
        words = [w for w in words if w]
        if 1 <= len(words) <= 4 and any(w in _DEFINITION_WORDS for w in words):
            return True
    return False


def _rule_definition(h: Heading) -> RuleResult:
    """A term under 'Metrics' / 'Glossary' / 'Definitions' / 'Concepts' (or on a page so titled):
    'Bounce Rate' -> 'What is bounce rate?', 'Direct / None' -> 'What does Direct / None mean?'."""
    field = _field_kind(h)
    if field:
        return _finish(f"What is the {h.tokens[0]} {field}")
    if not _definition_context(h) or h.text.rstrip().endswith("?") or len(h.tokens) > 6:
        return None
    lower = h.lower
    if h.key in {"other", "others", "misc", "miscellaneous", "more"}:
        return None
    label = any(c in h.text for c in "/()\"'[]") or not any(c.isalpha() for c in h.text)
    if label and len(h.tokens) <= 3:
        return _finish(f"What does {h.text} mean")  # '(Not set)', 'Direct / None': a label as the product shows it
    if not lower or lower[0] in _EN_WH or lower[0] in {"how", "if", "to", "not"}:
        return None
    if any(w in _EN_ADVERBS - {"more", "less"} for w in lower) or any(w in _COPULA | _MODALS | _DO for w in lower):
        return None
    if not label and _np_valid_en(h, 0, len(lower)):
        question = _np_definition(_NounPhrase(h, 0, len(lower)))
        if question:
            return _finish(question)
    return _finish(f"What does {h.text} mean")


_SENTENCE_JOINS: Final = frozenset({"and", "but", "so", "yet"})
_SENTENCE_AUX: Final = frozenset(
    """can can't cannot will won't may might could couldn't should shouldn't must would wouldn't is isn't
    are aren't was wasn't were weren't does doesn't do don't did didn't has hasn't have haven't""".split()
)
_SENTENCE_RELATIVES: Final = frozenset({"that", "which", "who", "whom", "whose", "when", "where", "if", "to"})


def _rule_sentence(h: Heading) -> RuleResult:
    """A heading that is a whole sentence gives no question: it ends with a full stop ("You don't
    need an account."), or it joins two clauses ("Open source licenses come with terms and ignoring
    them can lead to legal risks"). Forcing either into "How do you ...?" glues the writer's
    statement behind a question word; no rule can rewrite it without inventing words."""
    text = h.text.rstrip()
    if len(h.lower) >= 3 and text.endswith(".") and not text.endswith("..") and not h.lower[-1].endswith("etc"):
        return NOT_FAQ
    lower, n = h.lower, len(h.lower)
    if n < 7:
        return None
    for j in range(3, n - 2):
        if lower[j] not in _SENTENCE_JOINS:
            continue
        for k in range(j + 1, min(n - 1, j + 5)):
            if lower[k] in _SENTENCE_RELATIVES:
                break
            if lower[k] in _SENTENCE_AUX and k > j + 1:
                return NOT_FAQ
    return None
