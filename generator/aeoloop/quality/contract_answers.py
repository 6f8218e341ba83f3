"""The FAQ answer check: it stands alone, is complete and the right length, answers its question
(says what X is, says how, gives what it promises) and leans on nothing the reader cannot see.

Apart from the question check because an answer is judged against its question, and from the
summary check because the rules that decide whether an answer answers are its own.
"""

from __future__ import annotations

import re

from ..answer_code import as_prose, segments
from ..text import count_words, split_sentences, words
from .defines import defines, not_a_term, predicates, says_what_it_is_not
from .answering import how_problem, is_how_question
from .links_out import links_out_problem
from .unanswered import points_back, question_problem, withheld_problem
from .not_a_way import vague_announcement
from .procedures import first_step_only, numbered_steps
from .out_of_context import leaning_sentence, setup_problem
from .lexicon import (
    FINITE_VERBS,
)

from .contract_terms import _DEFINING, _NOT_DEFINITIONS, _PREPOSITIONS, _lex, key_terms, stem
from .contract_rules import Failure, Limits, memo_check
from .contract_sentences import check_sentence_length, check_sentences, check_standalone


_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


# "Can files with local changes be removed?": a yes-or-no question.
_YES_NO = re.compile(r"^(?:can|could|does|do|is|are|should|will|must|may)\b", re.I)
# "My config file has local changes.", "I don't realize that and …": the writer's story. Not "I can …", "I
# recommend …", "I use …": the writer's way or advice, which answers.
_STORY = re.compile(
    r"^(?:my\s+(?!advice\b|recommendation\b|suggestion\b|answer\b|rule\b)[\w.`'-]+|"
    r"i\s+(?!can\b|could\b|would\b|will\b|should\b|recommend\b|suggest\b|prefer\b|use\b|always\b|usually\b|"
    r"often\b|like\b|think\b|believe\b)[a-z']+)\b",
    re.I,
)


# "Two steps: 1) Next up, you are back in the site settings …": the procedure began before the answer.
_FIRST_STEP_GOES_ON = re.compile(
    r"^\w+ steps:\s+1\)\s+(?P<on>next up|next|then|after that|afterwards|once (?:that|this|done)|from (?:here|there))\b",
    re.I,
)


def _story_for_yes_no(question: str, first: str) -> bool:
    """A yes-or-no question answered with the writer's story ("My file has some local changes. I don't
    realize that …"; hand grading round 8, T5): the story implies an answer and hides the ways the note
    gives. Only for yes-or-no questions: under a how, :func:`answering.sets_a_scene` judges it."""
    return bool(_YES_NO.match(" ".join(question.split()))) and bool(_STORY.match(first.strip().lstrip("\"'“‘(*_ ")))


@memo_check
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
        elif lang == "en" and (unnamed := _mechanism_unnamed(answer, question)):
            out.append(
                Failure(
                    "off-topic",
                    f'answers how {unnamed[0]} works without naming it ("{unnamed[1]}" is not in the answer); '
                    "open the section with what it does and how",
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
        going_on = _FIRST_STEP_GOES_ON.match(answer) if not any(f.rule == "unseen-reference" for f in out) else None
        if going_on:
            out.append(
                Failure(
                    "unseen-reference",
                    f'its first step opens "{going_on.group("on")}", going on from steps the reader of this answer '
                    "has not seen; start where the procedure starts",
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
        how = how_problem(answer, question) or (links_out_problem(answer) if is_how_question(question) else None)
        if how:
            out.append(Failure("how-answer", how))
        withheld = withheld_problem(answer, question) if not how else None
        if withheld:
            out.append(Failure("withheld", withheld))
        elif not withheld and _story_for_yes_no(question, (split_sentences(answer) or [answer])[0]):
            out.append(
                Failure(
                    "setup",
                    'opens with the writer\'s own story ("My …", "I …") instead of saying yes or no; open '
                    "with what holds and the ways the page gives",
                )
            )
        elif not withheld and setup_problem((split_sentences(answer) or [answer])[0]):
            # "Let's say I have a MagicLinks model …" under "Why …?" as well: a scene, not an answer
            out.append(
                Failure("setup", f"{setup_problem((split_sentences(answer) or [answer])[0])}; open with the answer")
            )
    return out


def predicates_positively(sentence: str, x: str) -> bool:
    """``sentence`` says what ``x`` is, and the verb after X is not negated ("A branch is a pointer,
    not a copy", not "The combined view does not include …")."""
    if not predicates(sentence, x, stem=stem, key_terms=key_terms):
        return False
    core = [w.lower() for w in words(x) if w.lower() not in ("the", "a", "an")]
    low = [w.lower() for w in words(sentence)]
    at = next((j for j, w in enumerate(low[:10]) if core and stem(w, "en") == stem(core[-1], "en")), None)
    return at is None or not _NEGATED.search(" ".join(low[at + 1 : at + 4]))


_NEGATED = re.compile(r"\b(?:not|never|cannot|can't|isn't|aren't|doesn't|don't|won't|excludes?|no)\b")


_HOW_WORKS = re.compile(r"^how\s+(?:does|do)\s+(?P<x>.+?)\s+work\s*\?$", re.I)


def _mechanism_unnamed(answer: str, question: str) -> tuple[str, str] | None:
    """X and the word of X the answer leaves out when ``question`` is "How does X work?" and the
    answer names X's head but not a word that narrows it (nor X's initials or the short name in
    brackets); else None. Why: an outside corpus (session 13) had "How does multi-factor
    authentication work?" answered with why a password alone is weak: the answer shared
    "authenticate" with the question and passed as on topic, but it is about authentication at large
    and never comes to the second factor. An answer that names what X does without X's head ("How
    does location reporting work?" -> "… uses a database to find the visitor's location …") stays."""
    m = _HOW_WORKS.match(" ".join(question.split()))
    if m is None:
        return None
    x = m.group("x")
    short = re.findall(r"\(([^()]+)\)", x)
    x = re.sub(r"\s*\([^()]*\)", "", x).strip()
    xs = [w for w in words(x) if w.lower() not in ("the", "a", "an", "your", "our", "my")]
    if len(xs) < 2:
        return None  # "How does it work?", "How does billing work?": the shared-term test is enough
    have = key_terms(answer, "en")
    if not key_terms(xs[-1], "en") & have:
        return None  # the head is not named either: the shared-term test decided
    missing = [w for w in xs[:-1] if key_terms(w, "en") and not key_terms(w, "en") & have]
    if not missing:
        return None
    initials = "".join(w[:1] for w in re.split(r"[\s-]+", x) if w).lower()
    named = {w.lower() for w in words(answer)}
    if initials in named or any(s.strip().lower() in named for s in short):
        return None  # "MFA asks for a second factor …", "SSO sends you to …"
    return x, missing[0]


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
    if lang == "en" and re.match(r"^(?:what(?:'s|’s|\s+is|\s+are)|whats)\b", question.strip(), re.I):
        negation = says_what_it_is_not(answer) if terms and not not_a_term(x) else None
        if negation and not predicates_positively(first, x):
            return [
                Failure(
                    "definition",
                    f'answers {question.strip()!r} with what {x} is not or leaves out ("… {negation} …"); '
                    f'open with what it is: "{x[:1].upper() + x[1:]} is …"',
                )
            ]
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
