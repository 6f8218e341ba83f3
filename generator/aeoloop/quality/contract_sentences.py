"""The checks every unit shares: it stands alone (no unseen reference, no page position), its
sentences are whole and give what they announce, none is longer than the brand's limit.

Apart from the unit checks (question, answer, summary, takeaway, item) because each of them
starts from these, so they read the same on every unit.
"""

from __future__ import annotations

import re

from ..text import count_words, is_complete, split_sentences, words
from .lexicon import (
    QUANTIFIERS,
)

from .contract_terms import (
    _DEFINING,
    _announce_re,
    _lex,
    _may_point,
    _memo_by_text,
    _opening,
    _position_re,
    _stands_for_things,
)
from .contract_rules import Failure, Limits


# -- checks shared by every unit ------------------------------------------------------------------


_FRAGMENT_RE = re.compile(
    r"^(?:the|a|an)\s+(?:total\s+)?(?:number|percentage|amount|share|ratio|count|sum|proportion|average|rate|"
    r"length|time|list|set|place|way)\s+of\b",
    re.I,
)
# "The sensor now has a new alarm limit.", "The gateway has now been paired …": the end of a
# procedure quoted without it.
_AFTER_STEPS = re.compile(
    r"^(?:the|your)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:now\s+(?:has|have|is|are|appears?|shows?)|"
    r"(?:has|have|is|are)\s+now)\b",
    re.I,
)
# "run through these steps to confirm …" anywhere in a unit: steps the unit itself does not give
# (a unit that lists them before, after a colon or "N steps", may refer back to them).
_UNSEEN_PROCEDURE = re.compile(r"\b(?:these|those|the same|the previous|the earlier)\s+(?:steps|instructions)\b", re.I)
# "Here's the snippet you will need to add …", "The first code block (Init block) is mandatory",
# "paste the code blocks you want to use": code the unit announces but does not
# carry (a unit that quotes the code after a colon carries it).
# "If you skip this step, you can fill in the limits later …": the step is in text the reader of
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


# "It's hard to go wrong with the MIT License …": "it" stands for the clause that follows, not for
# anything before the unit.
# "Besides the customer-facing apps, we run …": "besides" as a preposition before a noun phrase (the
# sentence names what it adds to), not the connective "Besides, …" that continues an argument.
_BESIDES_NOUN = re.compile(r"^besides\s+(?:the|a|an|our|your|their|its|his|her|my)\s+[^,]{1,80},\s+\w", re.I)
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
    elif (
        first in lex.connectors
        and opening[len(ws[0]) : len(ws[0]) + 1] in (",", " ", "")
        and not (lang == "en" and _BESIDES_NOUN.match(opening))
    ):
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
    found = position.search(text) if position and _may_point(text, lex) else None
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


# "“sed notes” covers two topics …": a name in quotes, as written, opens the sentence; its lower case
# is the name's own spelling, not the middle of a sentence.
_QUOTED_NAME = re.compile(r"^[“\"][^”\"\s][^”\"]{0,78}[”\"]\s+[a-z]")


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
    if opening[:1].isalpha() and opening[:1].islower() and not _QUOTED_NAME.match(body):
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
