"""The question check: a question a person would type, in the shape of one, keeping the subject of
the heading it comes from.

Apart from the answer checks because a question is judged alone (before any answer is chosen),
by its grammar: shapes, gerunds, Title Case, two clauses.
"""

from __future__ import annotations

import math
import re

from ..text import words
from .lexicon import (
    CLAUSE_AFTER_ING,
    EN,
    FINITE_VERBS,
    IMPERATIVE_VERBS,
    OBJECT_STARTERS,
    PLURAL_DETERMINERS,
    SINGULAR_DETERMINERS,
    UNAMBIGUOUS_VERBS,
    Lexicon,
)

from .contract_terms import _MARKUP_RE, _PREPOSITIONS, _RELATIVES, _lex, key_terms, stem
from .contract_rules import Failure, memo_check


# -- units ----------------------------------------------------------------------------------------


@memo_check
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
            shape = _english_grammar(ws, text) or _writers_our(ws, text)
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


def _writers_our(ws: list[str], text: str) -> str | None:
    """A question that speaks to the reader ("you") and keeps the writer's "our" or "us" from the
    heading ("Can you proxy our script?", hand grading round 8): whose script is left to the page,
    and a reader would never type it. A handbook's "How do we …?" (no "you") is the reader's own voice."""
    if not {"you", "your"} & set(ws):
        return None
    kept = next((w for w in words(text) if w in ("our", "ours", "us", "Our", "Ours", "Us")), None)  # not "US"
    if kept is None:
        return None
    return (
        f'speaks to the reader ("you") but keeps the writer\'s "{kept}" from the heading: whose it is is left '
        "to the page; name the owner (the product or the organisation) instead"
    )


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
