"""Whole answers: the parts of a section an answer leaves out that lie beside it, not after it in a list.

Why: hand grading round 7 (bench/RESULTS-quality.md) found 12 of 23 faults to be answers that give one
part of their section: the way at checkout without "If you missed this step, …", a cause without the fix
the paragraph closes on, editing without deleting, the tail of a section whose main line (its advice)
comes first, a second way ("We can also …") without the first. :mod:`coverage` is the contract's rule;
this module holds what it reads beside the answer, and the blocks (:class:`Unit`) both share:

- the other branch after the answer (:func:`_other_branch`): "Otherwise, …", "Alternatively, …", "If you
  missed this step, …", "If you don't <the answer's action> …", and for a why/when/what-if question the
  fix its own paragraph closes on, or the negative of a condition the answer sets;
- for a how-question: the asked task said only later (:func:`_asked_task`), a way that comes later when
  the answer gives none (:func:`_way_later`), steps counted in prose (:func:`_counted_steps`);
- before the answer: the section's main line (:func:`main_line_before`), a step skipped inside the
  answer's first paragraph (:func:`skipped_step`), an opening that is a second way (:func:`second_way`).

English only: the markers are English. Each is judged on the writer's sentences, never a word of ours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import split_sentences, words
from .contract_terms import key_terms, stem
from .instructions import POINTER, RECOMMENDED_WAY, is_base_verb, is_instruction
from .lexicon import FINITE_VERBS
from .not_a_way import act_forms


def _plain(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("**", "").replace("`", "").split())


# "How do you group your pages?" → "group": the verb of the task asked.
_ASKED_VERB = re.compile(r"^how (?:do|can|should|would|could|will) (?:you|i|we) (?P<verb>[a-z]+)\b", re.I)


# "If you missed this step, …", "If you don't renew in time, …", "Otherwise, …", "Alternatively, …", "If that
# fails, …": the other branch of what the answer just said (a second way, or what follows when the reader does
# not do it). Leaving it out reads as the only way, or as no consequence. Not "If you use X, …" (another
# reader's case) nor "You can also …" (an option the answer may leave to the page).
_OTHER_WAY = re.compile(
    r"^(?:otherwise|alternatively|if not|failing that|else|"
    r"if (?:you|they|we) (?:missed|skipped|forgot|forgot to|fail(?:ed)? to)|"
    r"if (?:this|that|it|the \w+) (?:doesn't|does not|didn't|did not|fails|failed|isn't|is not|won't|still)|"
    r"if (?:this|that|it) (?:is|was)n't)\b",
    re.I,
)

# "If you don't upgrade in time, …", "If you can't open the invoice, …": the other branch only when its verb is
# the action the answer names (the reader does not do what was just said); "If you don't have a project
# yet, …" is another reader's case.
_NOT_DONE = re.compile(
    r"^if (?:you|they|we) (?:don't|do not|didn't|did not|can't|cannot|couldn't|haven't|have not|never|"
    r"won't|will not)\s+(?:yet\s+)?(?P<verb>[a-z]+)\b",
    re.I,
)

# "If you see no request, …", "If you don't get the email, …": the negative of a condition.
_NEGATED_IF = re.compile(
    r"^if (?:you|we|they) (?:(?:don't|do not|didn't|did not|can't|cannot|still don't|still can't)\s+(?P<v>[a-z]+)|"
    r"(?P<w>[a-z]+) (?:no|nothing)\b)",
    re.I,
)


_IF_YOU = re.compile(r"\bif (?:you|we|they) ([a-z]+)\b", re.I)


_STATE_VERBS = frozenset("have be do get want wish need know like own see use find feel mind care".split())

# "We can also get the tool to …", "Also, …", "Another way is …": a sentence that gives a second way; an answer
# that opens with it starts past the first.
_SECOND_WAY = re.compile(
    r"^(?:(?:\w+\s+){1,3}(?:can|could|may|might)\s+also\b|also\b|another\s+(?:way|option|approach|method)\b)", re.I
)

# "First, define the cache. Second, install only when …": steps counted in prose.
_FIRST = re.compile(r"^(?:first(?:ly)?|first of all|to (?:start|begin) with),?\s", re.I)


_LATER = re.compile(r"^(?:second(?:ly)?|then|next|after that|finally|lastly|third(?:ly)?),?\s", re.I)

# "<img …/>": a picture between paragraphs, which carries no sentence of the answer.
_MARKUP_ONLY = re.compile(r"^\s*<[^>]*>\s*$", re.S)

# Words after which a word is used as a verb: "to choose", "you can pick", "we select".
_VERB_BEFORE = frozenset("to can could will would should must may might and or then also simply just first".split())

# Verbs too general to say what a "How do you …?" asks ("How do you get started?", "How do you do it?").
_GENERAL_VERBS = frozenset("do get make use be have go keep let see start take work set try find know".split())


@dataclass(frozen=True)
class Unit:
    """One block of what a section says after an answer's last sentence: ``kind`` is "paragraph"
    (``lines`` its sentences; the rest of the answer's own paragraph comes first), "list" (``lines``
    its items), "code" or "table" (``lines`` empty)."""

    kind: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class LeftOut:
    """The first answering part an answer leaves out: what kind, its lead (the sentence that
    announces it, or the step itself) and the items it gives (a list's items; empty for a step)."""

    # "announced", "steps", "caveat", "items", "case", "task", "also", "cases", "subheading", "example",
    # "other" (a second way or what follows if not), "fix" (the fix after a cause), "verb" (the asked task),
    # "exception" (the exception to a default the answer states)
    kind: str
    lead: str
    items: tuple[str, ...] = ()


def _stems(text: str) -> set[str]:
    return {stem(w.lower()) for w in words(_plain(text))}


def text_units(rest: Sequence[Unit]) -> list[Unit]:
    """``rest`` without the paragraphs that are only markup (a picture between two paragraphs)."""
    return [u for u in rest if not (u.kind == "paragraph" and u.lines and all(_MARKUP_ONLY.match(x) for x in u.lines))]


def _other_branch(rest: Sequence[Unit], *, how: bool, answer: str = "") -> LeftOut | None:
    """The other branch after the answer: in the rest of its own paragraph or opening the next one
    ("If you missed this step, open any receipt and …", "Otherwise, …", "If you don't upgrade within a
    week, …"), a second way or what follows if the reader does not act; and, for a why, when or what-if
    question, the fix the answer's own paragraph closes on ("Switch the mode back unless …"): the answer
    gave the cause without what to do about it (unless it already says what to do; a check such as "Check
    whether …" is no fix, and a check is no fix owed). None when a list, code or table comes first."""
    units = text_units(rest)
    if not units or units[0].kind != "paragraph":
        return None
    # an answer that already says what to do ("Trigger each step, then …") owes no further fix; one that
    # only checks ("Check whether …") still does
    fixes = any(_imperative(x) and not _diagnosis(x) for x in split_sentences(answer))
    for sentence in units[0].lines:
        text = _plain(sentence)
        if _other_way(text, answer, how=how):
            return LeftOut("other", sentence)
        if (
            not how
            and not fixes
            and is_instruction(text)
            and not _diagnosis(text)
            and not _pointer(text)
            and not text.endswith((":", "?"))
        ):
            return LeftOut("fix", sentence)
    nxt = units[1] if len(units) > 1 else None
    if nxt is not None and nxt.kind == "paragraph" and nxt.lines and _other_way(_plain(nxt.lines[0]), answer, how=how):
        return LeftOut("other", nxt.lines[0])
    return None


def second_way(first_sentence: str) -> bool:
    """The section's sentence an answer starts with gives a second way ("We can also …", "Another way
    is …"): the first way comes before it, and an answer from here leaves it out."""
    return bool(_SECOND_WAY.match(_plain(first_sentence)))


# "you can …", "you should …", "you'll need to …": a way said in the second person.
_YOU_CAN = re.compile(
    r"\b(?:you|we|I)(?:'ll| will)?\s+(?:can|could|should|must|may|need to|have to|want to|'ll want to)\b|"
    r"\b(?:by|using|via)\b|\bthe (?:easiest|best|simplest|quickest|most common) way\b|\blets? you\b",
    re.I,
)


def _way_later(rest: Sequence[Unit], answer: str) -> LeftOut | None:
    """For a how-question: an answer that gives no way at all (no instruction, nothing the reader can or
    should do, only what the thing is or why it helps) while a later paragraph of the section opens with
    an instruction ("Paste the text into a file at the root …"): the way comes after. Its sentence, or None."""
    prose = answer.split("```")[0] if "```" in answer else answer
    if prose.rstrip().endswith(":"):
        return None  # a lead-in: what follows continues it
    if any((_imperative(x) and not _pointer(x)) or _YOU_CAN.search(_plain(x)) for x in split_sentences(prose)):
        return None
    for unit in text_units(rest):
        if unit.kind != "paragraph" or not unit.lines:
            continue
        first = _plain(unit.lines[0])
        if is_instruction(first) and not _pointer(first) and not _diagnosis(first) and not first.endswith(":"):
            return LeftOut("way", unit.lines[0])
    return None


def _counted_steps(rest: Sequence[Unit]) -> str | None:
    """A paragraph after the answer, before any code or list, that counts steps in prose ("First, …
    Second, …"): the how the answer leads into. Its first sentence, or None."""
    for unit in text_units(rest):
        if unit.kind != "paragraph":
            return None
        if unit.lines and _FIRST.match(_plain(unit.lines[0])) and any(_LATER.match(_plain(x)) for x in unit.lines[1:]):
            return unit.lines[0]
    return None


def main_line_before(before: Sequence[Unit]) -> str | None:
    """The first sentence of the section, before the answer's first block, that gives advice or a step
    ("Start by asking the people you already know.", "If you are new here, begin with the short guide."):
    an answer that starts past it gives a later, lesser part of the section (its tail: one way of
    several, a list from its end) and leaves out its main line. Pointers and lead-ins (":") are none."""
    for unit in text_units(before):
        if unit.kind != "paragraph":
            continue
        for sentence in unit.lines:
            text = _plain(sentence)
            if (_advice(text) or RECOMMENDED_WAY.search(text)) and not POINTER.match(text) and text[-1:] not in ":?":
                return sentence
    return None


def skipped_step(sentences: Sequence[str]) -> str | None:
    """The first of ``sentences`` (those of the answer's first paragraph before the answer starts) that
    gives advice or a step ("Finally, you can click Create or Explore to begin.", "Start with …"): an
    answer that starts after it begins mid-way and leaves out the step itself. "You can also set up a
    goal to …" names the task, not a step in the interface. None otherwise."""
    for sentence in sentences:
        text = _plain(sentence)
        if text.endswith((":", "?")) or POINTER.match(text):
            continue
        if _advice(text) or re.search(
            r"\byou (?:can|should|need to|must)\s+(?:\w+\s+)?(?:click|tap|select|choose|pick|press|open|enter|type|toggle|tick)\b",
            text,
            re.I,
        ):
            return sentence
    return None


# "The Page menu within the filter button includes an option for "contains".": where the next step is taken.
_PLACE = re.compile(
    r"\b(?:menu|menus|button|buttons|option|options|tab|tabs|field|fields|dropdown|drop-down|panel|dialog|"
    r"modal|toggle|checkbox|box|sidebar|toolbar|screen|settings)\b",
    re.I,
)


def setting_before(sentences: Sequence[str], answer: str) -> str | None:
    """The sentence right before the answer in its own paragraph when it names the place (a menu, a
    button, an option) where the answer's opening step is taken, and the answer opens with that step
    ("Put any specific keyword to group …" after "The Page menu within the filter button includes an
    option for "contains"."; hand grading round 8): the step continues the sentence left out and
    reads as done nowhere. None when the answer opens otherwise or nothing comes before it."""
    if not sentences:
        return None
    first = (split_sentences(answer.strip()) or [""])[0]
    before = _plain(sentences[-1])
    opening = _plain(first)
    verb = (words(opening) or [""])[0]
    subject = {w.lower() for w in words(opening)[1:3]} & FINITE_VERBS  # "Page views are …": a noun, no step
    if subject or not (is_instruction(opening) or (verb[:1].isupper() and is_base_verb(verb.lower()))):
        return None
    if before.endswith("?") or POINTER.match(before):
        return None
    return sentences[-1] if _PLACE.search(before) else None


# "We recommend you tag your links with …", "We suggest that you start …": the writer's advice, said as theirs.
_RECOMMEND = re.compile(r"^(?:we|i) (?:strongly )?(?:recommend|suggest|advise) (?:that )?you (?:\w+ly )?[a-z]+\b", re.I)


def _advice(text: str) -> bool:
    """An instruction whose verb is not a name: "If you want help, start by asking …" is advice; "If you use
    the command alone, Pry will open …" says what a tool named like a verb does. "We recommend you …" too."""
    if _RECOMMEND.match(text):
        return True
    if not is_instruction(text):
        return False
    first = next(iter(words(text)), "").lower()
    if first in ("if", "when", "once", "after", "before", "in", "on", "under", "from", "at", "for", "to", "with"):
        _, comma, tail = text.partition(",")
        return bool(comma) and tail.strip()[:1].islower()
    return True


def _asked_task(question: str, rest: Sequence[Unit], answer: str) -> LeftOut | None:
    """For "How do you choose a plan?": the section's later sentence that does the asked task ("… there are
    other plans to choose from") when the answer never says its verb: the answer gives a neighbouring task
    (that a plan is needed, where to paste it), the way itself comes later. General verbs ("get", "use",
    "start") say too little to judge by."""
    m = _ASKED_VERB.match(" ".join(question.split()))
    if not m or m.group("verb").lower() in _GENERAL_VERBS or not is_base_verb(m.group("verb").lower()):
        return None
    verbs = {stem(f) for f in act_forms(m.group("verb").lower())}  # "alter" is said by "can be modified"
    if verbs & _stems(answer) or "```" in answer:
        return None  # said, or shown in the code the answer quotes
    # what the task is done to ("a licence"): the sentence must name it, not only the verb ("reasons to write one")
    about = key_terms(question, "en") - key_terms(m.group("verb"), "en")
    for unit in text_units(rest):
        if unit.kind == "heading":
            return None
        if unit.kind == "paragraph":
            hit = next(
                (
                    s
                    for s in unit.lines
                    if any(_does(s, v) for v in verbs) and key_terms(s, "en") & about and not _pointer(s)
                ),
                None,
            )
            if hit is not None:
                return LeftOut("verb", hit)
    return None


def _other_way(text: str, answer: str, *, how: bool = False) -> bool:
    """``text`` opens the other branch of what ``answer`` says (see :data:`_OTHER_WAY`, :data:`_NOT_DONE`),
    or the negative of a condition the answer sets ("If you see the request, …" then "If you see no request,
    …", "If you don't see it, …")."""
    if _OTHER_WAY.match(text):
        return True
    neg = None if how else _NEGATED_IF.match(text)  # for a how-question the failed check is the page's to tell
    if neg is not None:
        verb = (neg.group("v") or neg.group("w") or "").lower()
        if verb and any(m.group(1).lower() == verb for m in _IF_YOU.finditer(_plain(answer))):
            return True
    m = _NOT_DONE.match(text)
    verb = m.group("verb").lower() if m else ""
    return bool(verb) and verb not in _STATE_VERBS and stem(verb) in _stems(answer)


def _imperative(sentence: str) -> bool:
    """A sentence that tells the reader to act, read broadly ("Prop the door open …": any base-form verb
    first), for the question whether an answer already says what to do."""
    text = _plain(sentence)
    first = next(iter(words(text)), "").lower()
    return is_instruction(text) or (first.isalpha() and is_base_verb(first))


def _pointer(sentence: str) -> bool:
    """ "See …", "Here's more information on …", "… in our guide to …": a pointer elsewhere, no part."""
    text = _plain(sentence)
    return bool(
        POINTER.match(text)
        or re.match(r"^for more\b", text, re.I)
        or re.search(r"\bmore (?:information|details|on this)\b", text, re.I)
    )


def _diagnosis(sentence: str) -> bool:
    """An instruction that checks rather than fixes ("Check whether …", "Make sure …", "Verify …")."""
    return bool(
        re.match(r"^(?:check|verify|confirm|make sure|ensure|see|look|test|find out|ask)\b", _plain(sentence), re.I)
    )


def _does(sentence: str, verb: str) -> bool:
    """``sentence`` uses the verb stem ``verb`` as a verb: first, or after "to" or a modal ("to choose
    from", "you can pick", "Pick …"); "the result of a query" names the thing, not the task, and "After you
    turn it off, …" says what follows, not how."""
    ws = [w.lower() for w in words(_plain(sentence))]
    return any(
        stem(w) == verb
        and (
            (k == 0 and not w.endswith("ing"))
            or (k > 0 and ws[k - 1] in _VERB_BEFORE)
            or (k > 1 and ws[k - 1] == "be" and ws[k - 2] in _VERB_BEFORE)  # "it can be modified"
        )
        for k, w in enumerate(ws)
    )


# "How do you jump between and stage hunks?", "How do you build and deploy the site?": two tasks asked at once.
# "How do you edit or delete a saved view?": two tasks too, each its own way.
_TWO_TASKS = re.compile(
    r"^how (?:do|can|should) (?:you|i|we) (?P<a>[a-z]+)(?: [a-z]+)? (?:and|or) (?P<b>[a-z]+)\b", re.I
)


def one_task(question: str, answer: str, rest: Sequence[Unit] = ()) -> LeftOut | None:
    """The task an answer leaves out when its question asks two ("How do you jump between and stage
    hunks?"): each verb, or a word of its stem, is in an answer that gives both; and no paragraph
    after the answer opens with the purpose of one of them ("To restore the dump, …": the answer
    named the task in passing, its way comes after). None otherwise."""
    m = _TWO_TASKS.match(" ".join(question.split()))
    if not m:
        return None
    a, b = m.group("a").lower(), m.group("b").lower()
    if not (is_base_verb(a) and is_base_verb(b)) or a == b:
        return None
    said = {stem(w.lower()) for w in words(answer)}
    missing = next((v for v in (a, b) if stem(v) not in said), None)
    if missing:
        return LeftOut("task", missing)
    for unit in rest:
        if unit.kind == "heading":
            break
        if unit.kind == "paragraph" and unit.lines:
            purpose = re.match(r"^to (\w+)\b", _plain(unit.lines[0]), re.I)
            if purpose and stem(purpose.group(1).lower()) in {stem(a), stem(b)}:
                return LeftOut("task", purpose.group(1).lower())
    return None
