"""English wh-headings turned into questions: "How to X", "Why answer engines matter".

Why a module of its own: these are statements that *look* like questions, and fixing them needs
the most grammar of any rule: finding the clause's finite verb by agreement, then do-support
("Why do answer engines matter?") or inversion ("What is the best sensor?").
"""

from __future__ import annotations

from collections.abc import Sequence

from .heading import NOT_FAQ, Heading, RuleResult, _is_title_case, _topic_en, _topic_plural_en
from .lexicon import (
    _EN_AUX,
    _EN_CLOSED,
    _EN_COPULA_MODAL,
    _EN_DETERMINERS,
    _EN_DO,
    _EN_HAVE,
    _EN_HOW_MODIFIERS,
    _EN_INTRANSITIVE,
    _EN_MAIN_DO_HAVE,
    _EN_PRONOUNS,
    _EN_STOPS,
    _EN_SUBJECT_PRONOUNS,
    _EN_WH,
)
from .morphology import _agrees, _can_be, _is_participle, _is_plural_en, _number_en, _verb_forms, _verb_lemma
from .noun_phrase import _np_valid_en
from .text import _bare, _finish, _is_acronym, _join


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
    adverb = 1 if j + 2 < n and lower[j + 1].endswith("ly") and "VB" in _verb_forms(lower[j + 2]) else 0
    if j >= n - 1 or lower[j] != "to" or "VB" not in _verb_forms(lower[j + 1 + adverb]):
        return None  # ('How to manually check X': the adverb goes along with the verb)
    aux = "do you" if lower[0] == "how" and j == 1 else "should you"
    lead = [h.tokens[0].lower(), *h.cased[1:j]]
    rest = list(h.cased[j + 1 :])
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
            if (
                nxt_j == j + 1
                and nxt_form == "VB"
                and (nxt_j < n - 1 or nxt in _EN_INTRANSITIVE or not _can_be(nxt, "NOUN"))
            ):
                continue
        return j, form
    return fallback


def _referent_for(h: Heading, subject: Sequence[str]) -> tuple[str, bool] | None:
    """'it' / 'this' standing alone as subject becomes the topic, for a self-contained question."""
    if len(subject) == 1 and _bare(subject[0]) in {"it", "this"} and h.referent:
        return _topic_en(h.referent), _topic_plural_en(h.referent)
    return None


_AUX_PLURAL = {
    "is": "are",
    "was": "were",
    "isn't": "aren't",
    "wasn't": "weren't",
    "does": "do",
    "doesn't": "don't",
    "has": "have",
    "hasn't": "haven't",
}


def _wh_clause_part(h: Heading, a: int, b: int) -> str | None:
    lower = h.lower
    i = a + 1
    if lower[a] == "how":
        while i < b and lower[i] in _EN_HOW_MODIFIERS:
            i += 1
    if i >= b:
        return None
    stop = _window_stop(h, i, b)
    wh_words = [h.tokens[a].lower(), *h.cased[a + 1 : i]]
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
            return _join(wh_words, h.cased[i:s], aux, subject, h.cased[j + 1 : b])
    found = _finite_verb(h, i + 1, stop)
    if found is None:
        if lower[a] == "why" and i == a + 1 and _np_valid_en(h, i, b):
            if b - i >= 3 and _is_title_case(h.tokens):
                return _join("why should you choose", h.cased[i:b])  # 'Why Redirect And Return In Controllers'
            return _join("why should you choose", h.tokens[i:b])  # 'Why Acme': a name, keep its capitals
        return None
    k, form = found
    s = _subject_start(h, a, i, k)
    word = lower[k]
    lemma = word if form == "VB" else _verb_lemma(word)
    aux = {"VBZ": "does", "VBD": "did", "VB": "do"}[form]
    subject = list(h.cased[s:k])
    extraposed = k + 2 < b and lower[k + 1] == "to" and "VB" in _verb_forms(lower[k + 2])
    ref = None if extraposed and [_bare(t) for t in subject] == ["it"] else _referent_for(h, subject)
    if ref:  # ('What it means to contribute': the 'it' of 'to contribute' stays)
        subject = [ref[0]]
        if form != "VBD":
            aux = "do" if ref[1] else "does"
    trail = "," if h.tokens[k].endswith(",") else ""
    return _join(wh_words, h.cased[i:s], aux, subject, lemma + trail, h.cased[k + 1 : b])


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
