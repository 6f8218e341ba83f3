"""The quality contract: what every generated text unit must be before it is published.

Why one module: the extractive backend (choosing candidates), the llm backend (repair feedback),
the guardrail step (build warnings), verify (the score) and the quality harness must agree on
what a good answer is. Each check returns :class:`Failure` objects with a stable rule id and a
message a writer can act on; an empty list means the unit passes.

Rules (ids are stable; the README lists them under "How aeoloop judges an answer"):
"""

# Over 400 lines on purpose: one contract every checker reads (extractive choice, llm repair, guardrails, verify, harness); its checks share stems, key terms and lexicons, so a verdict cannot depend on who asks.
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from typing import TYPE_CHECKING, Callable

from ..answer_code import as_prose, segments
from ..text import count_words, is_complete, split_sentences, words
from .defines import defines, not_a_term
from .answering import how_problem
from .unanswered import points_back, question_problem, withheld_problem
from .not_a_way import vague_announcement
from .procedures import first_step_only, numbered_steps
from .out_of_context import instruction_problem, leaning_problem, leaning_sentence, setup_problem, subject_problem
from .lexicon import (
    CLAUSE_AFTER_ING,
    EN,
    FINITE_VERBS,
    IMPERATIVE_VERBS,
    LEXICONS,
    OBJECT_STARTERS,
    PLURAL_DETERMINERS,
    QUANTIFIERS,
    SINGULAR_DETERMINERS,
    UNAMBIGUOUS_VERBS,
    Lexicon,
)

if TYPE_CHECKING:
    from ..settings import Settings

#: Every rule id with what it protects; the harness and the README read this table.
RULES: dict[str, str] = {
    "question-mark": "a question ends with '?'",
    "question-markup": "a question is plain text: no Markdown, HTML or attribute lists",
    "question-shape": "a question reads like one a person would type: it opens with a question word or an "
    "auxiliary, and its grammar holds (no clause or instruction forced after 'What is', no task read as a "
    "thing, no 'do' before a contraction, no two clauses, no Title Case left mid-question)",
    "question-subject": "a question keeps the subject of the heading it comes from",
    "unseen-reference": "a unit stands on its own: it does not open by pointing at text the reader cannot see "
    "(this, these, it, they, such, the above, as mentioned, however, also …)",
    "page-position": "a unit does not point at a place on the page (below, above, the following, this page)",
    "fragment": "a unit is made of whole sentences: it starts with a capital, ends with '.', '!' or '?', and a "
    "definition has its subject",
    "incomplete": 'a unit that announces items or steps gives them, an answer that opens a procedure ("First, …") '
    "goes on to its next step, and no unit ends on a colon",
    "answer-length": "an FAQ answer has between min(20, faq.min_words) and faq.max_words words (a single "
    "whole sentence may run a quarter over: sentences are never cut; a numbered procedure, 'Five steps: 1) … "
    "2) …', may take twice faq.max_words, since a procedure cut short is wrong)",
    "off-topic": "an answer shares at least one key term with its question",
    "definition": "the answer to 'What is X?' says what X is in its first sentence",
    "how-answer": "the answer to 'How do you …?' says how in its first two sentences (an instruction, a command or "
    "setting to use, a way to do it), does not open with a scene or the why, and does not stop at the problem a "
    "later sentence turns to ('However, …', '… though.') without the fix",
    "question-in-answer": "an answer asks no question of its own (opening, closing or in the middle)",
    "withheld": "an answer gives what it promises: it does not end by saying a way exists ('… but can be "
    "configured.') or that it depends on cases it never gives, nor open with what the reader may have noticed",
    "summary-length": "the summary has summary.min_words to summary.max_words words",
    "summary-off-title": "the summary answers the title: it names what the title is about",
    "takeaway-length": "a takeaway is one statement of 6 to 40 words",
    "duplicate": "nothing is printed twice on a page (summary and takeaways, two answers, two questions)",
    "setup": "a summary, takeaway, FAQ answer or channel item makes its point: it does not open with a scenario, a greeting or "
    'a motivation ("Let\'s say …", "Imagine …", "Thank you for …", "You might not want …")',
    "sentence-length": "no generated sentence is longer than the brand's sentence limit (limits.sentence in "
    "brand/voice.yml): the extractive backend prefers runs of shorter sentences",
    "bare-instruction": 'a takeaway or channel item that tells the reader to do something says what for ("To cancel '
    'your plan, go to …"): a step quoted out of its procedure means nothing',
}

__doc__ = (__doc__ or "") + "\n".join(f"- ``{rule}``: {text}." for rule, text in RULES.items()) + "\n"


@dataclass(frozen=True)
class Failure:
    """One broken rule: ``rule`` is a key of :data:`RULES`, ``unit`` says which text ("faq[2].answer")."""

    rule: str
    message: str
    unit: str = ""

    def __str__(self) -> str:
        return f"{self.unit}: [{self.rule}] {self.message}" if self.unit else f"[{self.rule}] {self.message}"


@dataclass(frozen=True)
class Limits:
    """Word limits of the units, read from the plugin options (never hard-coded elsewhere)."""

    summary_min: int = 40
    summary_max: int = 60
    answer_min: int = 40
    answer_max: int = 60
    takeaway_min: int = 6
    takeaway_max: int = 40
    sentence_max: int | None = None  # the brand's sentence limit (brand/voice.yml limits.sentence), if any

    @classmethod
    def from_settings(cls, settings: Settings, *, sentence_max: int | None = None) -> Limits:
        """The plugin options' word limits; ``sentence_max`` from the brand's voice rules
        (:meth:`aeoloop.express.voice.Voice.sentence_max`) where a caller chooses text by it.
        The guardrail step leaves it out: ``Voice.SentenceLength`` already lints generated text."""
        return cls(
            settings.summary.min_words,
            settings.summary.max_words,
            settings.faq.min_words,
            settings.faq.max_words,
            sentence_max=sentence_max,
        )

    @property
    def answer_floor(self) -> int:
        return min(20, self.answer_min)

    @property
    def answer_ceiling(self) -> int:
        return self.answer_max + self.answer_max // 4

    @property
    def list_ceiling(self) -> int:
        """A numbered procedure ("Five steps: 1) … 2) …", one sentence per step) may take twice ``answer_max``: cut, it is
        a wrong procedure; whole, answer engines quote it as the list it is (about 8 steps of 12–15
        words at the default 60)."""
        return 2 * self.answer_max


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
_FRAGMENT_RE = re.compile(
    r"^(?:the|a|an)\s+(?:total\s+)?(?:number|percentage|amount|share|ratio|count|sum|proportion|average|rate|"
    r"length|time|list|set|place|way)\s+of\b",
    re.I,
)
_RELATIVES = frozenset("that which who whom whose when where if whether because".split())
_PREPOSITIONS = frozenset("in for with on at to from by about under after before".split())
_NUMBER_RE = r"\d{1,2}"
# "The team member now has a different role.", "The guest has now been removed …": the end of a
# procedure quoted without it.
_AFTER_STEPS = re.compile(
    r"^(?:the|your)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:now\s+(?:has|have|is|are|appears?|shows?)|"
    r"(?:has|have|is|are)\s+now)\b",
    re.I,
)
# "run through these steps to confirm …" anywhere in a unit: steps the unit itself does not give
# (a unit that lists them before, after a colon or "N steps", may refer back to them).
_UNSEEN_PROCEDURE = re.compile(r"\b(?:these|those|the same|the previous|the earlier)\s+(?:steps|instructions)\b", re.I)
# "Here's the code you will need to insert …", "The first code block (Setup block) is required",
# "copy and paste the code blocks that you're interested in": code the unit announces but does not
# carry (a unit that quotes the code after a colon carries it).
# "If you skip this step, you can add these details later …": the step is in text the reader of
# the answer cannot see.
_SKIPPED_STEP = re.compile(
    r"^(?:if|once|after|when|before)\s+you\s+(?:\w+\s+)?(?:skip|skipped|complete|completed|"
    r"finish|finished|follow|followed|do|did|done)\s+(?:this|that|these|those)\s+steps?\b",
    re.I,
)
_UNSEEN_CODE = re.compile(
    r"\b(?:here(?:'s|’s|\s+is|\s+are)\s+(?:the\s+|a\s+|an\s+|some\s+)?(?:\w+\s+)?(?:code|snippets?|script)\b"
    r"|(?:the|these|those)\s+(?:first|second|third|last|following|above|below|next|same)?\s*code\s+(?:blocks?|snippets?)\b"
    r"|\bthe\s+(?:code|snippet|script)\s+(?:below|above)\b"
    r"|\bthe\s+following\s+(?:code|snippet|script|lines?)\b)",
    re.I,
)
_BACK_REFERENCES = frozenset("all the these those both its their our your tutti tutte i gli le questi queste".split())


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


@lru_cache(maxsize=8192)
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
    cached = lru_cache(maxsize=16384)(lambda text, lang: tuple(check(text, lang=lang)))

    @wraps(check)
    def checked(text: str, *, lang: str) -> list[Failure]:
        return list(cached(text, lang))

    return checked


# -- checks shared by every unit ------------------------------------------------------------------


# "It's hard to go wrong with the MIT License …": "it" stands for the clause that follows, not for
# anything before the unit.
_EXPLETIVE_IT = re.compile(
    r"^it(?:'s|’s| is| was| can be| may be| might be| would be| will be)\s+(?:(?:not|very|really|usually|often|"
    r"always|never|also|generally|rarely|quite|so|too)\s+)?(?:hard|easy|easier|harder|difficult|possible|impossible|"
    r"important|worth|necessary|common|tempting|wise|helpful|useful|safe|safer|best|better|fine|okay|ok|normal|"
    r"rare|likely|unlikely|a good idea|a bad idea|good practice|smart)\b",
    re.I,
)


@_memo_by_text
def check_standalone(text: str, *, lang: str) -> list[Failure]:
    """``unseen-reference`` and ``page-position``: the unit must make sense read on its own."""
    out: list[Failure] = []
    lex = _lex(lang)
    if lex is None or not text.strip():
        return out
    opening = _opening(text)
    ws = words(opening)
    first = ws[0].lower().replace("’", "'") if ws else ""
    low = opening.lower()
    phrase = next((p for p in lex.reference_phrases if low.startswith(p + " ") or low.startswith(p + ",")), None)
    if phrase:
        out.append(
            Failure(
                "unseen-reference",
                f'opens with "{opening[: len(phrase)]}", which points at text the '
                "reader of this answer cannot see; say what it refers to",
            )
        )
    elif first in lex.references and not (lang == "en" and _EXPLETIVE_IT.match(opening)):
        out.append(
            Failure(
                "unseen-reference",
                f'opens with "{ws[0]}", which points at text the reader of this answer '
                "cannot see; name the subject instead",
            )
        )
    elif lang == "en" and first in QUANTIFIERS and len(ws) > 1 and _stands_for_things(ws[1].lower()):
        out.append(
            Failure(
                "unseen-reference",
                f'opens with "{ws[0]} {ws[1]}", which stands for things named in text the '
                "reader of this answer cannot see; name them",
            )
        )
    elif first in lex.connectors and opening[len(ws[0]) : len(ws[0]) + 1] in (",", " ", ""):
        out.append(
            Failure(
                "unseen-reference",
                f'opens with "{ws[0]}", which continues an argument made elsewhere; start with the point itself',
            )
        )
    if lang == "en" and not out and _AFTER_STEPS.match(opening):
        out.append(
            Failure(
                "unseen-reference",
                f'"{" ".join(opening.split()[:5])} …" reports the result of steps the '
                "reader of this answer cannot see; say what to do instead",
            )
        )
    if lang == "en" and not out:
        later = _UNSEEN_PROCEDURE.search(text)
        before = text[: later.start()] if later else ""
        noun = later.group(0).split()[-1].lower() if later else ""
        # "adding the steps you expect … These steps consist of …": the unit named them itself.
        if later and ":" not in before and not re.search(rf"\b{noun[:-1]}s?\b", before, re.I):
            out.append(
                Failure(
                    "unseen-reference",
                    f'says "{later.group(0)}", which points at steps the reader of this '
                    "answer cannot see; give the steps or drop the sentence",
                )
            )
    if lang == "en" and not out and _SKIPPED_STEP.match(opening):
        out.append(
            Failure(
                "unseen-reference",
                f'"{" ".join(opening.split()[:6])} …" points at a step the reader of this '
                "answer cannot see; say what to do instead",
            )
        )
    if lang == "en" and not out:
        code = _UNSEEN_CODE.search(text)
        if code and not re.search(r":\s*\S", text[code.end() :]):
            out.append(
                Failure(
                    "unseen-reference",
                    f'says "{code.group(0).strip()}", code the reader of this answer '
                    "cannot see; quote the code or drop the sentence",
                )
            )
    position = _position_re(lang)
    found = position.search(text) if position else None
    if found:
        out.append(
            Failure(
                "page-position",
                f'says "{found.group(0).strip(" .,:;)")}", a place on the page that does not '
                "exist where answers are quoted (AI answers, FAQ rich results); say the thing itself",
            )
        )
    return out


def check_sentence_length(text: str, *, limits: Limits) -> list[Failure]:
    """``sentence-length``: the first sentence of ``text`` over the brand's limit, if one is set."""
    if limits.sentence_max is None:
        return []
    for sentence in split_sentences(text):
        n = count_words(sentence)
        if n > limits.sentence_max:
            return [
                Failure(
                    "sentence-length",
                    f'has a sentence of {n} words ("{" ".join(sentence.split()[:6])} …"); the brand allows '
                    f"{limits.sentence_max} (limits.sentence in brand/voice.yml): choose or write shorter sentences",
                )
            ]
    return []


@_memo_by_text
def check_sentences(text: str, *, lang: str) -> list[Failure]:
    """``fragment`` and ``incomplete``: whole sentences, and every announced item given."""
    out: list[Failure] = []
    body = text.strip()
    if not body:
        return [Failure("fragment", "is empty")]
    opening = _opening(body)
    if not is_complete(body):
        if body.endswith(":"):
            out.append(Failure("incomplete", "ends with a colon: the list it announces is missing; include the items"))
        else:
            out.append(Failure("fragment", "does not end like a sentence ('.', '!' or '?'): it may have been cut"))
    if opening[:1].isalpha() and opening[:1].islower():
        out.append(
            Failure(
                "fragment",
                f'starts in lower case ("{" ".join(opening.split()[:3])} …"), so it reads as the middle of a sentence',
            )
        )
    sentences = split_sentences(body)
    first = sentences[0] if sentences else body
    if lang == "en" and _FRAGMENT_RE.match(_opening(first)) and not ({w.lower() for w in words(first)} & _DEFINING):
        out.append(
            Failure(
                "fragment",
                f'"{" ".join(first.split()[:5])} …" is a definition without its subject; '
                'start with the term ("Unique visitors are the number of …")',
            )
        )
    announce = _announce_re(lang)
    lex = _lex(lang)
    if announce and lex:
        for k, sentence in enumerate(sentences):
            m = announce.search(sentence)
            if not m:
                continue
            token = m.group("n").lower()
            n = int(token) if token.isdigit() else lex.count_words.get(token, 0)
            if not 2 <= n <= 20:
                continue
            before = sentence[: m.start()].split()[-1:] if sentence[: m.start()].strip() else []
            if before and before[0].lower() in _BACK_REFERENCES:
                continue  # "fit all three conditions": items named before, not announced
            rest = sentence[m.end() :]
            listed = rest.split(":", 1)[1] if ":" in rest else ""
            if not listed and count_words(rest) > 4:
                continue  # the sentence goes on to say something about them: a description, not an announcement
            given = (
                len([p for p in re.split(r";|,|\band\b|\bor\b|\be\b|\bo\b", listed) if p.strip(" .")]) if listed else 0
            )
            after = len(sentences) - k - 1
            if given < n and after < min(n, 2):
                out.append(
                    Failure(
                        "incomplete",
                        f"announces {m.group(0)!r} but does not give them; list them "
                        '(condensed: "three steps: A, B and C") or drop the announcement',
                    )
                )
                break
    return out


# -- units ----------------------------------------------------------------------------------------


def check_question(question: str, *, heading: str | None = None, lang: str = "en") -> list[Failure]:
    """A question a person would type, keeping the subject of the heading it came from."""
    out: list[Failure] = []
    text = question.strip()
    if _MARKUP_RE.search(text):
        out.append(
            Failure(
                "question-markup",
                "contains Markdown (code ticks, links, emphasis, attribute lists); write it as plain text",
            )
        )
    if not text.endswith("?"):
        out.append(Failure("question-mark", "does not end with '?'"))
    lex = _lex(lang)
    ws = [w.lower().replace("’", "'") for w in words(text)]
    if lex is not None and ws:
        shape = _shape_problem(ws, text, lex) if lex.inverted else (None if len(ws) >= 2 else "is a single word")
        if shape is None and lang == "en":
            shape = _english_grammar(ws, text)
        if shape:
            out.append(Failure("question-shape", shape))
    if heading and lex is not None:
        wanted = key_terms(re.sub(r"`|\*|_|\[|\]\([^)]*\)", " ", heading), lang)
        kept = wanted & key_terms(text, lang)
        if wanted and len(kept) < max(1, math.ceil(len(wanted) / 2)):
            missing = sorted(w for w in words(heading) if stem(w, lang) in wanted - kept)
            out.append(
                Failure(
                    "question-subject",
                    f"drops the subject of its heading {heading!r} "
                    f"(missing: {', '.join(missing[:4])}); keep the heading's own words",
                )
            )
    return out


def _shape_problem(ws: list[str], text: str, lex: Lexicon) -> str | None:
    if ws[0] in lex.question_starts:
        return None
    if len(ws) > 1 and ws[0] in _PREPOSITIONS and ws[1] in lex.question_starts:
        return None  # "In which plan …?", "For whom …?"
    return (
        f'starts with "{text.split()[0]}", not a question word (What, How, Why, When …) or an auxiliary '
        "(Is, Can, Does …): it does not read as a question a person would type"
    )


_CONTRACTED_SUBJECT = re.compile(r"^(?:you|we|they|i|he|she|it)'(?:ll|re|ve|m|d|s)$")
_TITLE_SMALL = frozenset("for of the and with to on your our their its or at by from into an".split())
_TWO_CLAUSE_JOINS = frozenset("and but so yet".split())
_TWO_CLAUSE_AUX = frozenset("can can't cannot will won't may might could should must would".split())
_TASK_GERUND_VERBS = UNAMBIGUOUS_VERBS | frozenset("combine set".split())


def _gerund_base(word: str) -> str | None:
    """'setting' -> 'set', 'combining' -> 'combine', 'adding' -> 'add' (None when not '-ing')."""
    if not word.endswith("ing") or len(word) < 6:
        return None
    stem = word[:-3]
    for base in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if base in _TASK_GERUND_VERBS:
            return base
    return None


# The page asking its reader ("Have you cleared your cache?"): a checklist item, not a reader's question.
_CHECKLIST_OPENINGS = frozenset({("have", "you"), ("are", "you"), ("did", "you"), ("were", "you")})
# "How do you get it?", "When should you use it?", "How do you block it using Shields?": the object
# is a pronoun the question never names.
_BARE_OBJECT_RE = re.compile(r"^(?:how|when|why|where|what) (?:do|does|did|should|can|could) you [a-z-]+ (?:it|them)\b")
# Instructions written with a verb that is also a noun ("Leverage GitHub Copilot", "Treat security …").
_NOUN_LIKE_VERBS = frozenset("leverage treat extract checkout trim breakdown".split())
# Nominal gerunds that are tasks before an object of two words ("What are reporting accessibility bugs?").
_TASK_GERUNDS_WITH_OBJECT = frozenset("reporting testing monitoring".split())
_SYMBOL_RE = re.compile(r"[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]")


def _reader_shape(ws: list[str], text: str) -> str | None:
    """Questions that only make sense on their page (the examples are real headings)."""
    if tuple(ws[:2]) in _CHECKLIST_OPENINGS or ws[:4] == ["do", "you", "have", "multiple"]:
        return (
            f'asks the reader about their own setup ("{" ".join(text.split()[:3])} …"): a troubleshooting '
            "checklist item, not a question a reader types; leave it out of the FAQ"
        )
    joined = " ".join(ws)
    bare_object = _BARE_OBJECT_RE.match(joined)
    if bare_object and joined[bare_object.end() :].split()[:1] in (
        ["easy"],
        ["easier"],
        ["possible"],
        ["safe"],
        ["simple"],
        ["clear"],
        ["work"],
    ):
        bare_object = None  # "How do you make it easy to report …?": a dummy "it"
    if bare_object or (len(ws) <= 5 and ws[-1] in ("it", "them") and ws[-2] not in ("is", "worth")):
        return (
            'asks about "it"/"them" without naming it: the question does not stand alone; name the thing in the heading'
        )
    if re.search(r"\b(?:should|will) [a-z']+(?: [a-z']+)? now be\b", joined):
        return (
            'turns the result you should see ("… should now be ready") into a question; it is a statement, '
            "not a question a reader asks"
        )
    if len(ws) == 2 and ws[0] in ("who", "what", "how", "why", "where", "when") and ws[1] not in EN.question_starts:
        return f'asks about nothing it names ("{text.strip()}"); say who or what the question is about'
    if _SYMBOL_RE.search(text):
        return "holds an emoji or symbol that stands for a word; write the word"
    return None


def _general_shape(ws: list[str], text: str) -> str | None:
    """Shapes any English question can take, whatever its opening word (the examples are real)."""
    reader = _reader_shape(ws, text)
    if reader:
        return reader
    if (
        len(ws) > 2
        and ws[0] in EN.question_starts
        and ws[1] in ("do", "does", "did")
        and _CONTRACTED_SUBJECT.match(ws[2])
    ):
        return (
            f'puts "{ws[1]}" before a contraction ("{ws[0].capitalize()} {ws[1]} {ws[2]} …"); spell it out and '
            f'invert it: "How will you …?", "When will you …?"'
        )
    if len(ws) >= 10:
        for j in range(3, len(ws) - 2):
            if (
                ws[j] in _TWO_CLAUSE_JOINS
                and any(w in _TWO_CLAUSE_AUX for w in ws[j + 2 : j + 5])
                and not any(w in _RELATIVES or w == "to" for w in ws[j + 1 : j + 3])
            ):
                return (
                    "holds two clauses (a whole sentence with its own subject and verbs after "
                    f'"{ws[j]}"): a heading that is a sentence is not a question; ask one thing'
                )
    tokens = text.split()
    for index in range(1, len(tokens)):
        token, before = tokens[index], tokens[index - 1]
        bare = token.strip(",.;?!")
        if (
            bare.lower() in _TITLE_SMALL
            and bare[:1].isupper()
            and not before.endswith((":", "—", "-"))
            and not token.startswith(('"', "'", "“", "‘", "("))
        ):
            return (
                f'keeps Title Case ("… {before} {bare} …"): a capitalised "{bare}" mid-question is a pasted '
                "title or heading; write the question in sentence case and leave the page title out"
            )
    return None


def _english_grammar(ws: list[str], text: str) -> str | None:
    """The shapes produced by forcing a heading into "What is X?" (the examples are real)."""
    general = _general_shape(ws, text)
    if general:
        return general
    if ws[0] == "how" and len(ws) > 4 and ws[1] in ("do", "does") and ws[2] in IMPERATIVE_VERBS:
        return f'has no subject: "How {ws[1]} {ws[2]} …" reads an instruction as a noun; ask "How do you {ws[2]} …?"'
    if ws[0] == "what's" or ws[0] == "whats":
        verb, rest, originals = "is", ws[1:], text.split()[1:]
    elif ws[0] == "what" and len(ws) > 1 and ws[1] in ("is", "are"):
        verb, rest, originals = ws[1], ws[2:], text.split()[2:]
    else:
        return None
    if not rest:
        return None
    if any(rest[j] == "for" and rest[j + 1] in ("your", "my", "our") for j in range(1, len(rest) - 1)):
        return (
            f'asks "What {verb} … for {rest[rest.index("for") + 1]} …": a label addressed to the reader ("Scroll '
            'Depth percentage for your pages") is not a question a reader types; ask about the thing or the task'
        )
    if rest[0] in EN.question_starts and rest[0] not in ("is", "are"):
        return f'asks a question inside a question ("What {verb} {rest[0]} …"); ask the inner question directly'
    if verb == "are" and rest[0] in SINGULAR_DETERMINERS:
        return f'"are" does not agree with "{rest[0]}" ("What are a step …?"); make subject and verb agree'
    if verb == "is" and rest[0] in PLURAL_DETERMINERS:
        return f'"is" does not agree with "{rest[0]}"; make subject and verb agree'
    skip = 1 if rest[0] in ("a", "an", "the") else 0
    head = rest[skip] if len(rest) > skip else ""
    original = originals[skip].strip("\"'“‘(") if len(originals) > skip else ""
    after = rest[skip + 1] if len(rest) > skip + 1 else ""
    instruction = (
        head in IMPERATIVE_VERBS
        and (
            original[:1].isupper()
            and not original.isupper()
            or after in OBJECT_STARTERS
            or not skip
            and after in _PREPOSITIONS
        )
        or head in UNAMBIGUOUS_VERBS
        or (head in _NOUN_LIKE_VERBS and not skip and bool(after))
    )
    if instruction:
        return f'turns an instruction ("{original} …") into "What {verb} …"; ask how it is done: "How do you {head} …?"'
    gerund = rest[skip + 1] if head.endswith("ly") and len(rest) > skip + 1 else head
    base = _gerund_base(gerund)
    if (
        base is None
        and not skip
        and head in _TASK_GERUNDS_WITH_OBJECT
        and len(rest) >= 3
        and all(
            w.isalpha() and w not in _PREPOSITIONS and w not in OBJECT_STARTERS and w not in ("and", "or")
            for w in rest[1:3]
        )
    ):
        base = head[:-3]
    if not skip and (gerund != head and gerund.endswith("ing") or base and after):
        task, shown = base or gerund, " ".join(rest[:2] if gerund != head else rest[:1])
        return (
            f'reads a task ("{" ".join(originals[:2])} …") as a thing: "What {verb} {shown} …" asks for a '
            f'definition of an action; ask how it is done: "How do you {task} …?"'
        )
    for k, word in enumerate(rest[1:], start=1):
        if word in _RELATIVES:
            break
        following = rest[k + 1] if k + 1 < len(rest) else ""
        if word in FINITE_VERBS or word.endswith("ing") and len(word) > 5 and following in CLAUSE_AFTER_ING:
            return (
                f'puts a whole clause ("… {rest[k - 1]} {word} …") after "What {verb}"; ask "Why …?", '
                '"What if …?" or "How do you fix …?" instead'
            )
    return None


_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def check_answer(answer: str, *, question: str, lang: str = "en", limits: Limits = Limits()) -> list[Failure]:
    """An FAQ answer: stands alone, complete, the right length, and about its question. A quoted
    code block is judged as its first line after its lead (:func:`aeoloop.answer_code.as_prose`)."""
    code_words = min(10, sum(count_words(text) for kind, text in segments(answer) if kind == "code"))
    answer = as_prose(answer)
    out = check_standalone(answer, lang=lang) + check_sentences(answer, lang=lang)
    out += check_sentence_length(answer, limits=limits)
    n = count_words(answer) + code_words  # a quoted block says something: up to 10 of its words count
    if n < limits.answer_floor:
        out.append(
            Failure(
                "answer-length",
                f"has {n} words; an answer needs at least {limits.answer_floor} to say something on its own",
            )
        )
    elif n > limits.answer_ceiling and not (numbered_steps(answer) and n <= limits.list_ceiling):
        out.append(
            Failure(
                "answer-length",
                f"has {n} words; keep it to {limits.answer_max} (answer engines quote short, whole answers)"
                + (f"; a numbered procedure may take {limits.list_ceiling}" if numbered_steps(answer) else ""),
            )
        )
    if _lex(lang) is not None:
        asked = key_terms(question, lang)
        if asked and not asked & key_terms(answer, lang):
            out.append(
                Failure(
                    "off-topic", "shares no key term with its question; name the subject of the question in the answer"
                )
            )
        else:
            out.extend(_definition(answer, question, lang))
    if lang == "en":
        vague = vague_announcement(answer)
        if vague and not any(f.rule == "incomplete" for f in out):
            out.append(
                Failure(
                    "incomplete",
                    f'announces items without giving them ("{vague} …"); give them, condensed, '
                    "or drop the announcement",
                )
            )
        first_only = first_step_only(answer) if not any(f.rule == "incomplete" for f in out) else None
        if (
            first_only
            and first_only[0] == 0
            and key_terms(question, lang) <= key_terms(split_sentences(answer)[0], lang)
        ):
            first_only = None  # "First you'll need to create a thank-you page by …" answers "How do you create one?"
        if first_only:
            out.append(
                Failure(
                    "incomplete",
                    f'opens a procedure ("{first_only[1]} …") but stops before its next step; give every step, '
                    'condensed ("Three steps: A; B; C"), or open the section with a sentence that answers whole',
                )
            )
        back = points_back(answer) if not any(f.rule == "unseen-reference" for f in out) else None
        if back:
            out.append(
                Failure(
                    "unseen-reference",
                    f'says "{back}" in its first sentence, which points at something the '
                    "reader of this answer has not been told; name it",
                )
            )
        leans = leaning_sentence(answer, question) if not any(f.rule == "unseen-reference" for f in out) else None
        if leans:
            where = "first" if leans[0] == 0 else _ORDINALS.get(leans[0] + 1, f"{leans[0] + 1}th")
            out.append(
                Failure(
                    "unseen-reference",
                    f'says "{leans[1]}" in its {where} sentence, which leans on text the reader of this '
                    "answer cannot see; end the answer before it or name what it stands for",
                )
            )
        asking = question_problem(answer)
        if asking:
            out.append(Failure("question-in-answer", asking))
        how = how_problem(answer, question)
        if how:
            out.append(Failure("how-answer", how))
        withheld = withheld_problem(answer, question) if not how else None
        if withheld:
            out.append(Failure("withheld", withheld))
        elif not withheld and setup_problem((split_sentences(answer) or [answer])[0]):
            # "Let's say I have a MagicLinks model …" under "Why …?" as well: a scene, not an answer
            out.append(
                Failure("setup", f"{setup_problem((split_sentences(answer) or [answer])[0])}; open with the answer")
            )
    return out


def _definition(answer: str, question: str, lang: str) -> list[Failure]:
    lex = _lex(lang)
    if lex is None:
        return []
    m = re.match(lex.what_is, " ".join(question.split()), re.I)
    if not m:
        return []
    x = m.group("x").strip()  # as written: a name keeps its capital ("What is Sentry?")
    xs = [w.lower() for w in words(x)]
    if (
        not xs
        or (len(xs) > 6 and lang != "en")
        or xs[0] in _NOT_DEFINITIONS
        or xs[0] in _PREPOSITIONS
        or set(xs) & FINITE_VERBS
    ):
        return []
    first = (split_sentences(answer) or [answer])[0]
    terms = key_terms(x, lang)
    first_words = [w.lower().replace("’", "'") for w in words(first)]
    opening = [
        stem(w, lang)
        for w in first_words
        if w not in ("the", "a", "an", "il", "lo", "la", "i", "gli", "le", "un", "una")
    ][:3]
    if lang == "en":
        if not re.match(r"^(?:what(?:'s|’s|\s+is|\s+are)|whats)\b", question.strip(), re.I):
            return []  # "What if I want to track a different file type?" asks no definition
        if not terms or not_a_term(x) or defines(answer, x, stem=stem, key_terms=key_terms):
            return []  # "Unique Visitors are the number of people who …": X is the subject, a verb follows
    elif not terms or terms & set(opening):
        return []  # the answer opens with its subject: "Absolute alarms compare a reading with …"
    if lang != "en" and terms & key_terms(first, lang) and set(first_words) & (lex.copulas | _DEFINING):
        return []  # "A session (also known as a visit) is a set of actions …"
    return [
        Failure(
            "definition",
            f"answers {question.strip()!r} without saying what {x} is in its first sentence; "
            f'open with "{x[:1].upper() + x[1:]} …"',
        )
    ]


# "Here are some important actions you can take …": a summary's last sentence announcing the body.
_ANNOUNCES = re.compile(r"^(?:here(?:'s| are| is)|below(?: are| is|,)|the following)\b", re.I)


def check_summary(summary: str, *, title: str, lang: str = "en", limits: Limits = Limits()) -> list[Failure]:
    """The answer-first summary: answers the title in summary.min_words–max_words words."""
    if not summary.strip():
        return [Failure("summary-length", "is empty; add an opening paragraph that answers the title")]
    out = check_standalone(summary, lang=lang) + check_sentences(summary, lang=lang)
    out += check_sentence_length(summary, limits=limits)
    n = count_words(summary)
    if not limits.summary_min <= n <= limits.summary_max:
        out.append(
            Failure(
                "summary-length",
                f"has {n} words; write {limits.summary_min} to {limits.summary_max} that answer the title",
            )
        )
    if _lex(lang) is not None:
        asked = key_terms(title, lang)
        if asked and not asked & key_terms(summary, lang):
            out.append(
                Failure(
                    "summary-off-title",
                    f"does not name what the title {title!r} is about; say it in the first sentence",
                )
            )
    sentences = split_sentences(summary) or [summary]
    if not any(f.rule == "unseen-reference" for f in out):
        out += _read_alone(sentences[0], lang, instruction=False)
    later = next((x for x in sentences[1:] if lang == "en" and setup_problem(x)), None)
    if later and not any(f.rule == "setup" for f in out):
        out.append(
            Failure("setup", f'"{" ".join(later.split()[:4])} …" {setup_problem(later)}')
        )  # a scenario mid-summary
    announce = next((x for x in sentences[1:] if lang == "en" and _ANNOUNCES.match(x)), None)
    if announce and not any(f.rule == "unseen-reference" for f in out):
        out.append(
            Failure(
                "unseen-reference",
                f'"{" ".join(announce.split()[:5])} …" announces text that follows on the '
                "page, which the reader of the summary does not see; say the thing itself",
            )
        )
    return out


def _read_alone(text: str, lang: str, *, instruction: bool) -> list[Failure]:
    """``setup``, ``unseen-reference`` beyond the opening word, and (for takeaways and channel
    items) ``bare-instruction``: what a unit quoted far from its page must also get right."""
    if lang != "en":
        return []
    out: list[Failure] = []
    for rule, problem in (
        ("setup", setup_problem(text)),
        ("unseen-reference", leaning_problem(text)),
        ("fragment", subject_problem(text)),
        ("bare-instruction", instruction_problem(text) if instruction else None),
    ):
        if problem:
            out.append(Failure(rule, problem))
    return out


def check_takeaway(text: str, *, lang: str = "en", limits: Limits = Limits()) -> list[Failure]:
    """A key takeaway: one statement that stands alone."""
    out = check_standalone(text, lang=lang) + check_sentences(text, lang=lang)
    out += check_sentence_length(text, limits=limits)
    n = count_words(text)
    if not limits.takeaway_min <= n <= limits.takeaway_max:
        out.append(
            Failure(
                "takeaway-length",
                f"has {n} words; a takeaway is one statement of {limits.takeaway_min} to {limits.takeaway_max} words",
            )
        )
    if not any(f.rule == "unseen-reference" for f in out):
        out += _read_alone(text, lang, instruction=True)
    return out


def check_item(text: str, *, lang: str = "en") -> list[Failure]:
    """A channel item (a post of a thread, a slide, a beat): it must stand on its own."""
    out = check_standalone(text, lang=lang)
    if not any(f.rule == "unseen-reference" for f in out):
        out += _read_alone((split_sentences(text) or [text])[0], lang, instruction=True)
    return out
