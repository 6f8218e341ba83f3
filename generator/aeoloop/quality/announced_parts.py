"""Announced parts: an answer that stops where its section announces the parts that answer the question.

Why: hand grading round 8 (bench/RESULTS-quality.md, plausible #24) and the session-10 read of pairs never
graded found "How does imported data differ from native data?" answered by the opening's general line
("imported data won't be as flexible …") while the differences are the subsections a dropped "Here are the
differences:" announces, and "What should you expect from imported data?" answered by "The numbers will
not match" while the bold-labelled differences follow. Questions that ask for the parts of a comparison or
an expectation ("How does X differ from Y?", "What should you expect …?") were never judged for coverage,
and a lead-in to subsections was never read as announcing anything (the coverage rule reads up to the
next heading). Round 8 also found "How do you use user journeys?" answered up to "Select one to begin
exploring the journey.": a step that says it begins something announces the steps after it, here
"Click any item in a column …" below a list; and a set-up answered with its options while the step that
applies them ("Once these options are configured, you can click Connect …") comes later. :mod:`coverage`
turns what this finds into its ``partial-answer`` failure. English only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import split_sentences
from .contract_terms import key_terms
from .instructions import is_instruction
from .whole_answer import LeftOut, Unit, text_units


def _plain(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("**", "").replace("`", "").split())


# "How does imported data differ from native data?", "How do the plans compare?", "What should you expect
# from …?", "What are the differences between …?", "Which plan should I choose?": a question whose answer is
# the parts (each difference, each thing to expect, each option and whom it suits), not one general line.
_PARTS_QUESTION = re.compile(
    r"^(?:how (?:does|do|is|are|will|would|did) .+?\b(?:differ|compare|vary|varies)\b|"
    r"what (?:should|can|will|do|would) (?:i|you|we|users|visitors) expect\b|what to expect\b|"
    r"what (?:are|is) the (?:main |key )?differences?\b|what(?:'s| is) different\b|"
    r"which (?:\w+ ){1,3}(?:should|do|can) (?:i|you|we) (?:choose|pick|select|use|get|buy)\b)",
    re.I,
)
# "If you self-host, …:", "For example:", "such as:": a lead-in to another case or to examples, which the
# answer may leave to the page.
_NOT_PARTS = re.compile(
    r"^(?:if|when|for (?:example|instance)|e\.g\.|in case|unless|or|alternatively|optionally)\b|"
    r"\b(?:for example|for instance|such as|e\.g\.|looks? like|like (?:this|these|so))\b[^:]*:$",
    re.I,
)


def asks_parts(question: str) -> bool:
    """Whether ``question`` asks for the parts of a comparison or an expectation ("How does X differ from
    Y?", "What should you expect from X?"): its answer owes each part the section gives."""
    return bool(_PARTS_QUESTION.match(" ".join(question.split())))


def announced_below(rest: Sequence[Unit]) -> LeftOut | None:
    """The lead-in the answer stops before when its parts are the subsections after it: the last sentence
    of the section's own text ends with ':' ("Here are the differences:", "It works in three stages:") and
    a subheading follows (``rest`` holds the first subsection, its heading unit first). The parts are
    whole subsections, which no condensed answer gives, so the lead is returned with no items."""
    units = text_units(rest)
    cut = next((k for k, u in enumerate(units) if u.kind == "heading"), None)
    if cut is None or cut == 0:
        return None
    own = [u for u in units[:cut] if u.kind != "paragraph" or u.lines]
    if not own or own[-1].kind != "paragraph":
        return None
    last = own[-1].lines[-1]
    text = _plain(last)
    if not text.endswith(":") or _NOT_PARTS.search(text):
        return None
    return LeftOut("announced", last)


# "Select one to begin exploring the journey.", "Open the editor to get started.": a step that begins a task.
_BEGINS = re.compile(r"\bto (?:begin|start|get started)\b", re.I)
# "Click any item …", "Select the row …": a later step in the interface (not "If …", "To remove it, …").
_INTERFACE_STEP = re.compile(r"^(?:click|tap|select|choose|pick|press|drag|open|enter|type)\b", re.I)


def begun_procedure(answer: str, rest: Sequence[Unit]) -> LeftOut | None:
    """The next interface step of a procedure a sentence of ``answer`` begins ("Select one to begin
    exploring the journey."): an instruction in the section after the answer, before the next heading,
    that opens with an interface verb ("Click any item in a column to load the next step."). The answer
    gives the opening of a procedure that goes on; the steps may lie past a list, so no repair is offered."""
    if not any(is_instruction(t) and _BEGINS.search(t) for t in map(_plain, split_sentences(answer) or [answer])):
        return None
    for unit in rest:
        if unit.kind == "heading":
            return None
        if unit.kind != "paragraph":
            continue
        for sentence in unit.lines:
            plain = _plain(sentence)
            if _INTERFACE_STEP.match(plain) and is_instruction(plain):
                return LeftOut("begun", sentence)
    return None


def asks_items(question: str) -> bool:
    """A "Which …?" question ("Which file types are tracked?"): its answer is the items the section names."""
    return bool(re.match(r"^which\b", question.strip(), re.I))


def items_announced(question: str, rest: Sequence[Unit]) -> LeftOut | None:
    """For a "Which …?" question, the lead-in right after the answer that announces the items asked about
    ("These file extensions are tracked by default:" and the extensions): the last sentence of the
    answer's own paragraph or of the next, ending with ':', sharing a key term with the question, with a
    list or paragraph after it. The answer gives the kinds and leaves out the list the section gives."""
    units = [u for u in text_units(rest) if u.kind != "paragraph" or u.lines]
    for k, unit in enumerate(units[:2]):
        if unit.kind != "paragraph":
            return None
        lead = unit.lines[-1]
        text = _plain(lead)
        nxt = units[k + 1] if k + 1 < len(units) else None
        if (
            text.endswith(":")
            and nxt is not None
            and nxt.kind in ("list", "paragraph")
            and not _NOT_PARTS.search(text)
            and key_terms(text, "en") & key_terms(question, "en")
        ):
            return LeftOut("announced", lead, nxt.lines if nxt.kind == "list" else ())
    return None


# "Once these options are configured, you can click Connect …", "Once everything is set, press Save.": the step
# that completes a set-up the paragraphs before it describe (options to tick, fields to fill).
_CLOSING_STEP = re.compile(
    r"^once (?:these|those|the|all|your|everything|all of (?:these|this|that))\b[^,.]{0,80},\s*"
    r"(?:you (?:can|should|need to|must|will need to) )?(?:then )?(?:click|tap|press|hit|select|save|confirm|submit)\b",
    re.I,
)


def closing_step(rest: Sequence[Unit]) -> LeftOut | None:
    """The step that completes the set-up, later in the section ("Once these options are configured, you can
    click Connect …"), when an answer to a how-question stops before it: the options are given, the step
    that applies them is not. Only paragraphs before the next heading; no repair (the options between
    would have to come too)."""
    for unit in rest:
        if unit.kind == "heading":
            return None
        if unit.kind == "paragraph":
            for sentence in unit.lines:
                if _CLOSING_STEP.match(_plain(sentence)):
                    return LeftOut("closing", sentence)
    return None
