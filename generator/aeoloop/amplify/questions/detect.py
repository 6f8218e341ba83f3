"""Is a heading already a question? (``is_question`` and the rule that keeps such headings).

Why: rewriting a real question only risks damaging it, so headings that end in '?' or open like
one ("How much does ...", "Can sensors ...", "Come si ...") are kept verbatim apart from tidying.
"""

from __future__ import annotations

from collections.abc import Sequence

from .heading import NOT_FAQ, Heading, RuleResult, _tokens
from .lexicon import (
    _EN_AUX,
    _EN_CLOSED,
    _EN_COPULA_MODAL,
    _EN_DETERMINERS,
    _EN_DO,
    _EN_HAVE,
    _EN_HOW_MODIFIERS,
    _EN_PRONOUNS,
    _EN_STOPS,
    _EN_WH,
)
from .morphology import _is_plural_en, _verb_forms
from .text import _bare, _clean, _finish, _norm_lang, _strip_end


def _rule_question(h: Heading) -> RuleResult:
    """Headings already phrased as questions are kept as written (just tidied)."""
    if is_question(h.text, lang=h.lang if h.lang in {"en", "it"} else "xx"):
        return _finish(h.text) or NOT_FAQ
    return None


_IT_WH = frozenset(
    {
        "cosa",
        "che",
        "come",
        "perché",
        "perchè",
        "perche",
        "quando",
        "dove",
        "chi",
        "quale",
        "quali",
        "qual",
        "quanto",
        "quanta",
        "quanti",
        "quante",
        "è",
        "e'",
        "cos'è",
        "cos'e",
        "dov'è",
        "com'è",
        "qual'è",
        "quant'è",
        "cosè",
    }
)
_IT_WH_PREFIXES = ("cos'", "dov'", "com'", "qual'", "quant'")
_IT_PREPOSITIONS = frozenset(
    {
        "di",
        "a",
        "da",
        "in",
        "con",
        "su",
        "per",
        "tra",
        "fra",
        "fino",
        "del",
        "della",
        "dello",
        "dei",
        "degli",
        "delle",
        "al",
        "alla",
        "allo",
        "ai",
        "agli",
        "alle",
        "nel",
        "nella",
        "nello",
        "nei",
        "negli",
        "nelle",
        "sul",
        "sulla",
        "sullo",
        "sui",
        "sugli",
        "sulle",
        "dal",
        "dalla",
        "dallo",
        "dai",
        "dagli",
        "dalle",
        "col",
        "coi",
        "ad",
    }
)
_EN_DO_NOT_QUESTION = frozenset(
    {
        "it",
        "this",
        "that",
        "more",
        "less",
        "something",
        "nothing",
        "everything",
        "better",
        "well",
        "what",
        "so",
        "not",
        "your",
        "our",
        "the",
        "a",
        "an",
    }
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
    if len(lower) >= 2 and first in _IT_PREPOSITIONS and (lower[1] in _IT_WH or lower[1].startswith(_IT_WH_PREFIXES)):
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
