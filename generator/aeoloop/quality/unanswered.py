"""Answers that withhold what their question asks, or point at text the reader cannot see.

Why: split from :mod:`.answering` (which judges whether a sentence gives a way) so each module
does one job. Graded by hand (bench/RESULTS-quality.md, round 4), answers published because
they shared the question's terms ended "… but can be configured." before the setting, "…
depends on your setup." without the cases, opened with what the reader "may have noticed", asked
the section's rhetorical questions, or pointed back at a file or a post never named.
"""

from __future__ import annotations

import re

from ..text import split_sentences
from .answering import is_how_question
from .not_a_way import NOTICED, defers, promises_a_way


def withheld_problem(answer: str, question: str) -> str | None:
    """Why ``answer`` withholds what its question asks, or None: it ends by saying a way exists
    ("… but can be configured.") or that it depends on cases it never gives; or it opens with what
    the reader may have noticed (a scene) instead of what the question asks."""
    sentences = split_sentences(answer) or [answer]
    if promises_a_way(sentences[-1]):
        return (
            f'ends by saying it can be done ("{" ".join(sentences[-1].split()[-6:])}") without saying how; '
            "give the setting or the step, or end before it"
        )
    if defers(sentences[-1]):
        return (
            f'ends with "{" ".join(sentences[-1].split()[-5:])}" without giving the cases; give what to do in '
            "each, or skip the question"
        )
    noticed = None if is_how_question(question) else NOTICED.search(sentences[0])
    if noticed:
        return (
            f'opens with what the reader may have noticed ("{noticed.group(0)}"), a scene, not the answer; open '
            "with what the question asks"
        )
    return None


_POINTS_BACK = re.compile(
    r"\b(?:to|in|into|from|with|on|at|of|for|by|under|through)\s+(?:that|those|these)\s+"
    r"(?!are\b|were\b|is\b|was\b|who\b|which\b|have\b|had\b)[a-z][\w-]*",
    re.I,
)


# "In Reversing A List, I showed how …", "In other posts I've covered …": another note, unseen here.
_OTHER_TEXT = re.compile(
    r"^(?:in|as in|like in)\s+(?:[^,]{2,60}?),?\s+(?:i|we)(?:'ve|’ve| have)?\s+(?:showed|shown|"
    r"covered|described|explained|wrote|written|saw|seen|looked|mentioned|discussed|demonstrated)\b|"
    r"^(?:doing this|doing so|for this|with this|in the same way|the same way|similarly|likewise|"
    r"that said|with that in mind|on the other hand|notice the|note the)\b|[ ,]though\.$|"
    r"^to (?:avoid|prevent|fix|solve|address|handle) (?:this|that|it|these|those)\b|"
    r"^the (?:second|third|other|next|last|final) (?:reason|step|way|option|thing)\b|"
    r"^(?:in general, )?that means\b|^[A-Z][a-z]+ing (?:these|those|this|that) [a-z]+",
    re.I,
)


def points_back(answer: str) -> str | None:
    """The words of the first sentence that point back at something the answer never named
    ("Add specific files or patterns as needed to that file and then save it.", "In Reversing
    A List, I showed how …", "Doing this requires …")."""
    first = (split_sentences(answer) or [answer])[0]
    other = _OTHER_TEXT.search(first.strip())
    if other:
        return " ".join(other.group(0).split()[:6])
    for m in _POINTS_BACK.finditer(first):
        noun = m.group(0).split()[-1].lower()
        if not re.search(
            rf"\b(?:a|an|the|your|one|every|each|any|this|that)\s+(?:[\w-]+\s+)?{re.escape(noun[:4])}",
            first[: m.start()],
            re.I,
        ):
            return m.group(0)  # "to that goal" after "a goal" names it; "to that file" alone does not
    return None


_ASKS = re.compile(r"^(?:how|what|why|which|who|where|when)\b", re.I)


def question_problem(answer: str) -> str | None:
    """An answer that opens or ends with a question of its own ("Are you running paid marketing
    campaigns …?", "… but what happens when you need access to the full set of data?") asks
    instead of answering."""
    sentences = split_sentences(answer)
    if not sentences:
        return None
    if sentences[0].rstrip("\"'”’)").endswith("?"):
        return "opens with a question of its own; open with the answer"
    if len(sentences) > 1 and sentences[-1].rstrip("\"'”’)").endswith("?"):
        return "ends with a question of its own, so the answer is left open; end with the answer"
    asked = [s for s in sentences[1:-1] if s.rstrip("\"'”’)").endswith("?")]
    if len(asked) >= 2 or any(_ASKS.match(s.strip()) for s in asked):
        # "How do you pick a choir? What if you cannot read music?": the section's set-up; not "Already have a
        # link? Paste it in the checker.", a condition the next sentence answers
        return "asks questions of its own in the middle (the section's set-up); give the answer to them instead"
    return None
