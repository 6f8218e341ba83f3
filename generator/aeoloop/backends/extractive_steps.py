"""Procedures given whole: a list of steps under "How do you …?" becomes "N steps: …", and a run
of sentences never stops where the procedure goes on.

Why: hand grading round 3 (bench/RESULTS-quality.md, "incomplete procedures and lists") found
answers that stop at step 1 of 3: a bulleted procedure without a lead-in was quoted item by item
(so a run stopped inside it), and runs ended before "You can then click …". A procedure that does
not fit the answer's word ceiling is not cut: the Q&A is skipped (the build notes why).
"""

from __future__ import annotations

import re

from ..quality.instructions import is_base_verb, is_instruction
from ..text import WORD_RE, count_words, split_sentences
from . import extractive_edits as edits

# Words after a verb that show it is used as an instruction ("Log in to …", "Confirm your …").
_STEP_OBJECT = frozenset("in into to on up out your the a an this that".split())


def is_step(text: str) -> bool:
    """An instruction, also one whose verb is not in the instruction list when an object or a
    particle follows it ("Log in to your account …", "Confirm your account password …")."""
    if is_instruction(text):
        return True
    ws = WORD_RE.findall(text)
    return len(ws) > 2 and ws[0][:1].isupper() and ws[1].lower() in _STEP_OBJECT and is_base_verb(ws[0])


def is_step_list(items: tuple[str, ...]) -> bool:
    """Two or more items, each opening with an instruction: a procedure even when bulleted."""
    cores = [(split_sentences(i) or [i])[0] for i in items if i.strip()]
    return len(cores) >= 2 and all(is_step(c) for c in cores)


# "Now click …", "Then click …": the opener is dropped when the step joins the one before it with "then".
_OPENER = re.compile(r"^(?:now|then|next|and then),?\s+", re.I)
_MAKE_SURE = re.compile(r"^make sure (?:you|to)\b", re.I)
# "When importing from other tools, please ensure …": a condition's note, not the next step.
_CONDITION = re.compile(r"^(?:when|if|once|before|after|unless|in case)\b", re.I)
# "(also visible in the screenshot above)": points at a picture the answer's reader cannot see.
_PICTURE_NOTE = re.compile(r"\s*\([^()]*\b(?:screenshot|image|picture|gif|video)s?\b[^()]*\)", re.I)


def step_core(item: str) -> str:
    """A list item of a procedure as one clause that keeps every step in it ("Go to the page, and
    click Edit. Now click the form …" → "Go to the page, and click Edit, then click the form …"):
    its explanations and notes are left out, never a later step (the first sentence alone would drop
    "select the Redirect option …")."""
    sentences = split_sentences(_PICTURE_NOTE.sub("", item)) or [item]
    kept = [sentences[0].rstrip(" .;,:")]
    for sentence in sentences[1:]:
        if (is_step(sentence) and not _CONDITION.match(sentence)) or _MAKE_SURE.match(sentence):
            rest = _OPENER.sub("", sentence.strip()).rstrip(" .;,:")
            kept.append("then " + edits.lower_first(rest))
    return ", ".join(kept)


def steps_answer(items: tuple[str, ...], *, max_words: int, lang: str) -> str | None:
    """ "Three steps: a; b; c." for a list of steps with no lead-in, every step of every item kept;
    None when it is not a list of steps or does not fit ``max_words`` whole."""
    if lang != "en" or not is_step_list(items):
        return None
    cores = [step_core(i) for i in items if i.strip()]
    if len(cores) > 10:
        return None
    text = f"{edits.steps_lead(len(cores))} " + "; ".join(edits.lower_first(c) for c in cores) + "."
    return text if count_words(text) <= max_words else None
