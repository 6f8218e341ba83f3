"""Procedures cut short: an answer that gives the first step of several, or stops where the next
step goes on.

Why: hand grading round 3 (bench/RESULTS-quality.md) found 24 weak pairs whose answer stops at
step 1–2 of a procedure: "First, you select our connector …" with no second step, or a run of
sentences that ends just before "You can then click on Advanced …". The contract judges the
answer alone (:func:`first_step_only`); the extractive backend also asks whether the sentence
after a run goes on with the procedure (:func:`continues_procedure`), so it never publishes the
start of one. English only: the markers are English words.
"""

from __future__ import annotations

import re

from ..text import split_sentences
from .instructions import STEP_VERBS, is_instruction

# "First, …", "First of all, …", "To begin, …", "Step 1: …": the opening step of a sequence.
_FIRST = re.compile(r"^(?:first(?:ly)?|first of all|to begin(?: with)?|to start(?: with)?|step (?:1|one))\b[,:]?", re.I)
# "First and foremost, …": emphasis, not the opening step of a sequence.
_EMPHASIS = re.compile(r"^first and foremost\b", re.I)
_THEN = re.compile(r"\b(?:then|second(?:ly)?|afterwards|finally|lastly)\b", re.I)
# "Then …", "Second, …", "Next, …", "After that, …", "Finally, …", "Lastly, …", "You can then click …".
_NEXT = re.compile(
    r"^(?:then|and then|after (?:that|this)|afterwards|finally|lastly|step (?:2|two))\b"
    r"|^once (?:that|this|it|you've|you have)\b[^,]{0,60},\s*(?:you(?:'ll| will)? (?:need to|should|must) )?"
    rf"{STEP_VERBS}\b"  # "Once you've saved it, click …": the next step; "Once …, the page shows …" is none
    r"|^(?:next|second(?:ly)?|third(?:ly)?|last)\s*[,:]"
    rf"|^(?:next|last)\s+{STEP_VERBS}\b"
    rf"|^(?:\w+\s+){{1,3}}then\s+{STEP_VERBS}\b",
    re.I,
)
# "To create the custom pixel, follow these steps:", "Here's how:", "Three steps: …": the lead-in of
# the steps themselves.
_STEPS_LEAD = re.compile(
    r"\b(?:follow(?:ing)? (?:these|the|this|those) (?:steps|instructions|process)|the following steps|"
    r"here(?:'s| is| are) how|(?:\w+|\d+) steps:)",
    re.I,
)


def continues_procedure(sentence: str) -> bool:
    """True when ``sentence`` goes on with a procedure begun before it ("You can then click on
    Advanced …", "Second, I need to import …", "To create the pixel, follow these steps: …"):
    an answer that stops before it gives the start of the procedure only."""
    text = sentence.strip().replace("’", "'")  # "Once you’ve …" as the writer typed it
    return bool(_NEXT.match(text) or _STEPS_LEAD.search(text))


def first_step_only(answer: str) -> tuple[int, str] | None:
    """The index and opening words of a sentence that starts a sequence ("First, you select …")
    when nothing after it in ``answer`` goes on with it (a "then", a next-step marker or another
    instruction): the answer gives step one of several. None otherwise."""
    sentences = split_sentences(answer)
    for k, sentence in enumerate(sentences):
        m = _FIRST.match(sentence.strip())
        if m and not _EMPHASIS.match(sentence.strip()):
            rest = [sentence.strip()[m.end() :], *sentences[k + 1 :]]  # "First, do X, then Y" gives both
            if any(_NEXT.match(s.strip()) or _THEN.search(s) or is_instruction(s) for s in rest[1:]) or _THEN.search(
                rest[0]
            ):
                return None
            return k, " ".join(sentence.split()[:4])
    return None


# "Five steps: 1) Open …. 2) Click …": a procedure given whole and numbered (one lead-in, then items).
_NUMBERED = re.compile(r"^[^:]{1,200}:\s+1\)\s.+?[;.]\s+2\)\s", re.S)
# "2) Click Danger zone in the left sidebar.": one step of a numbered procedure.
_STEP_SENTENCE = re.compile(r"^(?:\w+ steps:\s+)?\d{1,2}\)\s")  # "Four steps: 1) Go to …" too


def numbered_steps(answer: str) -> bool:
    """True for an answer that is a numbered procedure: the contract lets it run longer than prose."""
    return bool(_NUMBERED.match(answer.strip()))


def step_sentence(sentence: str) -> bool:
    """A step of a numbered procedure ("2) Click Danger zone in the left sidebar."): two procedures
    on a page may share it (moving a site and transferring it start alike), so it is no repeat."""
    return bool(_STEP_SENTENCE.match(sentence.strip()))
