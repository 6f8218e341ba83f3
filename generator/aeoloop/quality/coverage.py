"""Coverage: does an FAQ answer give what its section says in answer to the question, or one part of several?

Why: hand grading rounds 4 and 5 (bench/RESULTS-quality.md) found the largest share of weak pairs
(22 of 39 in round 5) to be answers that give the section's first passing run and stop there: the
dashboard step after the code, the documents a list goes on to name, the things to consider that a
lead-in announces. The contract judges an answer alone; this rule also reads what the section says
after the answer's last sentence (:class:`Unit`, built by the extractive backend from the page) and
names the first answering part the answer leaves out:

- a lead-in ending with ':' that announces a list or paragraphs ("You will then need to:" and two
  items): the parts it announces answer the question, unless it only introduces examples;
- a list of steps after the answer, or a paragraph that opens with a step after code, for a "How …?"
  question: the procedure goes on past the answer (the dashboard step after the tracking code).

A definition ("What is X?", "What does X mean?") is complete once it says what X is, so it is not
judged. A lead-in or step that opens a branch ("If you use …, do:", "To remove it, …", "Or …") is
another case or another task, not a part of this answer. English only: the markers are English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .announced_parts import announced_below, asks_items, asks_parts, begun_procedure, closing_step, items_announced
from .answering import is_how_question
from .contract_rules import Failure
from .contract_terms import key_terms, stem
from .instructions import POINTER, STEP_VERBS, is_base_verb, is_instruction
from .labelled_cases import Case, cases_left_out
from .procedures import continues_procedure
from .remedies_and_defaults import default_exception, last_sentence, remedy_alone, states_default
from .whole_answer import (
    _ASKED_VERB,
    LeftOut,
    Unit,
    _asked_task,
    _counted_steps,
    _other_branch,
    _stems,
    _way_later,
    main_line_before,
    one_task,
    second_way,
    setting_before,
    skipped_step,
    text_units,
)

__all__ = ["LeftOut", "Unit", "default_exception", "remedy_alone", "main_line_before", "one_task"]
__all__ += ["second_way", "setting_before", "skipped_step", "text_units"]

# "Why …?", "When …?", "What if …?", "What should I do …?" (and a how-to, :func:`is_how_question`):
# questions whose answer is a way, a reason or a case, not a definition or a name ("What is X?" is
# complete once it says what X is; "How is X classified?" asks what, not a way).
_JUDGED = re.compile(
    r"^(?:why|when|what if|what (?:should|can|do|must) (?:i|you|we) do|what happens (?:if|when|after|once))\b", re.I
)
# "… you should:", "… every project should include:", "… three things to consider:", "You need to:": a
# lead-in to what the reader has to do or weigh. "You can see:", "It appears in three places:" lead
# to what the reader meets (an outcome), which the answer may leave to the page.
_DUTY = re.compile(
    r"\b(?:should|must|need(?:s)? to|have to|has to|required?|make sure|ensure|consider|include|follow(?:ing)?\s+(?:these|this|the|those))\b",
    re.I,
)
# "If you use WordPress, …:", "To remove a site, …", "Or …", "Optionally …": another case or task.
_BRANCH = re.compile(
    r"^(?:if|to|for|when|whenever|unless|in case|or|alternatively|optionally|otherwise|instead|"
    r"you can also|you could also|in addition|additionally|also)\b",
    re.I,
)
# "for example:", "such as:", "like this:", "e.g.:": a lead-in to examples, which illustrate and may go.
_EXAMPLES = re.compile(
    r"\b(?:for example|for instance|such as|e\.g\.|examples?|like (?:this|these|so)|looks? like|"
    r"as follows|here'?s what)\b[^:]*:$|\b(?:like|include|including)\s*:$",
    re.I,
)
# "Setting the option replaces the default list.", "… only works on …", "… must …": a sentence that
# qualifies the way just shown (what it overrides, limits or requires). Right after quoted code it is
# part of the answer: without it the code reads as doing more, or less, than it does.
_CAVEAT = re.compile(
    r"\b(?:overrides?|overridden|overwrites?|replaces?|only|instead|must|never|unless|except|"
    r"no longer|not|cannot|can't|won't|don't|doesn't)\b",
    re.I,
)
# "I was only looking at …", "My first try …": the writer's story after the code, not a caveat on it.
_STORY = re.compile(r"^(?:I|I'm|I've|I'd|I'll|my)\b", re.I)
# "For a small club, …", "If your bed is shaded, …": a sentence that gives the answer for one case.
_CASE = re.compile(r"^(?:for|if|when|in|on|with)\b[^,.;:]{2,60},\s", re.I)
# "Also check that …", "In addition, make sure …", "Another cause is …", "You should also remove …": a
# further cause, check or duty the writer adds; leaving it out gives one of two. Not "You can also …" (another way, which
# the answer may leave to the page), nor "Also, you can …" (an option).
_ALSO_PART = re.compile(
    r"^(?:(?:also|in addition|additionally),?\s+(?!you\b|there\b|it\b|this\b|these\b|they\b|we\b)"
    r"|another\s+(?:\w+\s+)?(?:reason|cause|possibility|explanation|factor|thing to (?:check|confirm|verify))\b"
    r"|you (?:should|must|will|'ll) (?:also|then also) (?:need to )?(?!see\b|notice\b|find\b|get\b|receive\b|be\b)[a-z]+\b)",
    re.I,
)
# "To use it, …", "To do so, …", "To turn it on, …": the how of what the answer has just named ("The
# function takes an option named `url`."), which reads as another task only when it names one.
_USE_IT = re.compile(
    r"^to (?:do (?:so|this|that)|use (?:it|this|that|them|these|those|the \w+)|enable (?:it|this|them)|"
    r"turn (?:it|this|them) on|set (?:it|this|them) up|make use of (?:it|this|them))\b",
    re.I,
)
# "For instance, …", "You can for example …": an example, which may carry the way itself.
_EXAMPLE_MARK = re.compile(r"\b(?:for (?:instance|example)|e\.g\.)", re.I)
# "There you can select …", "From there, click …", "In that view you can pick …", "Otherwise, you can open
# the menu and select …": a step taken where the step before it led (a tab, a form), or the step on the
# other branch of an outcome ("If …, you are taken to the form. Otherwise, …"). What the reader sees
# there ("There you can see …") is no step.
_THERE_STEP = re.compile(
    r"^(?:there|here|from there|from here|otherwise|in (?:that|this|the) (?:view|tab|page|menu|dialog|window|"
    r"screen|panel|form|modal|pop-?up|section)),?\s+(?:you(?:'ll| will)?\s+(?:then\s+)?"
    r"(?:can|should|need to|must|have to)\s+(?:then\s+)?|simply\s+)?"
    rf"{STEP_VERBS}\b",
    re.I,
)
# "Next, click …", "Then select …", "Finally, press …": the next step, marked as such. Under a subheading
# only such a marked step goes on with the procedure above it (anything else there is the subsection's own).
_MARKED_STEP = re.compile(
    r"^(?:next|then|and then|finally|lastly|after (?:that|this)),?\s+(?:you(?:'ll| will)?\s+"
    r"(?:can|should|need to|must|have to)\s+)?"
    rf"{STEP_VERBS}\b",
    re.I,
)


def judged(question: str, lang: str, answer: str = "") -> bool:
    """Whether coverage is asked of an answer to ``question``: English, and a how, why, when or what-if;
    or a yes-or-no question whose ``answer`` ends on a default (its exception is a part of the answer)."""
    text = " ".join(question.split())
    if lang != "en":
        return False
    parts = asks_parts(text) or asks_items(text)
    return bool(_JUDGED.match(text)) or is_how_question(text) or parts or states_default(text, answer)


def _plain(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("**", "").replace("`", "").split())


def _step_list(items: Sequence[str]) -> bool:
    cores = [_plain(i) for i in items if i.strip()]
    return len(cores) >= 2 and all(is_instruction(re.split(r"(?<=[.!?])\s", c, maxsplit=1)[0]) for c in cores)


def _opens_step(sentence: str) -> bool:
    text = _plain(sentence)
    if _BRANCH.match(text) or POINTER.match(text) or text.endswith(("?", ":")):
        return False
    return is_instruction(text) or continues_procedure(text)


def left_out(
    question: str, rest: Sequence[Unit], *, how: bool, quoted: bool = False, last: str = "", answer: str = ""
) -> LeftOut | None:
    """The first part of ``rest`` (what the section says after the answer) that answers the
    question and that the answer does not give, or None. ``how``: the question asks for a way
    ("How do you …?"), so the steps after the answer are a part of it too: a list of steps, or a
    paragraph that opens with a step once code comes between (the answer quoted the code, ``quoted``,
    or stopped before it): the step after the code finishes the set-up. A step paragraph with no
    code before it is a further task on the same screen ("Click a row to filter by it"), which a
    whole answer may leave to the page. Also, for any question: the other items of a list the answer
    quotes from (kind "items" first in ``rest``), and the next case when the answer's ``last``
    sentence gives one case ("For a small club, …" before "For a big club, …")."""
    if rest and rest[0].kind == "items" and rest[0].lines:
        return LeftOut("items", "", rest[0].lines)
    cut = next((k for k, u in enumerate(rest) if u.kind == "heading"), len(rest))
    rest, below = rest[:cut], rest[cut:]
    also = _also_part(rest)
    if also is not None:
        return also
    if how:
        after = _sentence_after(rest)
        if after and _USE_IT.match(_plain(after)):
            return LeftOut("steps", after)  # "To use it, add the option as the second parameter …"
        verb = _asked_verb(question)
        if after and verb and _EXAMPLE_MARK.search(after) and verb in _stems(after) and verb not in _stems(answer):
            return LeftOut("example", after)  # the answer never does what is asked; the example does
    if how and _step_like(last):
        step = next((s for s in (rest[0].lines if rest else ()) if _step_here(s, question)), None)
        if step is not None:
            return LeftOut("steps", step)  # "There you can select …" after "switch to the tab": the step that does it
        step = _step_below(below, question)
        if step is not None:
            return LeftOut("subheading", step)
    counted = _counted_steps(rest) if how else None
    if counted is not None:
        return LeftOut("steps", counted)  # "First, define … Second, …" after an answer that only says why
    way = _way_later(rest, answer) if how else None
    if way is not None:
        return way  # "How do you adopt a code of conduct?" answered with why one helps; "Paste it into …" later
    done = _asked_task(question, rest, answer) if how else None
    if done is not None:
        return done  # "How do you choose …?" answered with why one is needed; the choosing comes later
    other = _other_branch(rest, how=how, answer=answer)
    if other is not None:
        return other
    if _CASE.match(_plain(last)):
        nxt = next((u for u in rest if u.kind != "paragraph" or u.lines), None)
        if nxt is not None and nxt.kind == "paragraph" and _CASE.match(_plain(nxt.lines[0])):
            return LeftOut("case", nxt.lines[0])
    for k, unit in enumerate(rest):
        if k > 0 and unit.kind == "paragraph" and unit.lines and _BRANCH.match(_plain(unit.lines[0])):
            return None  # "If your editor strips the classes, …": from here on the section gives another case
        code_before = quoted or any(u.kind == "code" for u in rest[:k])
        nxt = rest[k + 1] if k + 1 < len(rest) else None
        if unit.kind == "paragraph":
            if quoted and k == 1 and not rest[0].lines and unit.lines:
                first = _plain(unit.lines[0])
                if (
                    _CAVEAT.search(first)
                    and not POINTER.match(first)
                    and not _BRANCH.match(first)
                    and not _STORY.match(first)
                ):
                    return LeftOut("caveat", unit.lines[0])
            for j, sentence in enumerate(unit.lines):
                text = _plain(sentence)
                final = j == len(unit.lines) - 1
                if (
                    text.endswith(":")
                    and final
                    and nxt is not None
                    and nxt.kind in ("list", "paragraph")
                    and not _BRANCH.match(text)
                    and not _EXAMPLES.search(text)
                    and (_DUTY.search(text) or (how and nxt.kind == "list" and _step_list(nxt.lines)))
                ):
                    return LeftOut("announced", sentence, nxt.lines if nxt.kind == "list" else ())
                if how and j == 0 and k > 0 and code_before and _opens_step(sentence):
                    return LeftOut("steps", sentence)
        elif unit.kind == "list" and how and _step_list(unit.lines):
            before = rest[k - 1] if k > 0 else None
            lead = before.lines[-1] if before is not None and before.kind == "paragraph" and before.lines else ""
            if lead.endswith(":") and (_BRANCH.match(_plain(lead)) or _EXAMPLES.search(_plain(lead))):
                continue  # the steps of another case ("If you self-host, run:")
            return LeftOut("steps", lead, unit.lines)
    return None


def _sentence_after(rest: Sequence[Unit]) -> str:
    """The section's sentence right after the answer ("" when a list, code or table comes first)."""
    first = next((u for u in rest if u.kind != "paragraph" or u.lines), None)
    return first.lines[0] if first is not None and first.kind == "paragraph" else ""


def _asked_verb(question: str) -> str:
    """The stem of the verb a "How do you …?" question asks about ("" when it opens otherwise)."""
    m = _ASKED_VERB.match(" ".join(question.split()))
    return stem(m.group("verb").lower()) if m and is_base_verb(m.group("verb").lower()) else ""


def _also_part(rest: Sequence[Unit]) -> LeftOut | None:
    """The sentence right after the answer when it adds a further cause or check ("Also confirm that
    …", "Another cause is …"): the answer gives the first of two. None otherwise, or when a list,
    code or table comes first."""
    first = next((u for u in rest if u.kind != "paragraph" or u.lines), None)
    if first is None or first.kind != "paragraph":
        return None
    text = _plain(first.lines[0])
    if _ALSO_PART.match(text) and not re.match(r"^\w+,?\s+(?:note|remember|keep in mind|see|read|learn)\b", text, re.I):
        return LeftOut("also", first.lines[0])
    return None


def _step_like(sentence: str) -> bool:
    """An answer's last sentence that does a step ("Click Start now.", "… you can switch to the Properties
    tab."; a numbered step "3) Select …" too): the procedure may go on after it."""
    text = re.sub(r"^\d{1,2}\)\s+", "", _plain(sentence))
    return bool(text) and (is_instruction(text) or bool(re.search(rf"\b{STEP_VERBS}\b", text, re.I)))


def _on_task(sentence: str, question: str) -> bool:
    """The step works on what the question asks about (a key term in common): not a further task."""
    return bool(key_terms(sentence, "en") & key_terms(question, "en"))


def _step_here(sentence: str, question: str) -> bool:
    """A sentence of the answer's own paragraph that is the next step where the last one led ("There you
    can select …", "Otherwise, you can open … and select …") or a marked next step ("Then click …")."""
    text = _plain(sentence)
    return bool(_THERE_STEP.match(text) or _MARKED_STEP.match(text)) and _on_task(text, question)


def _step_below(below: Sequence[Unit], question: str) -> str | None:
    """A marked next step ("Next, click …") in a paragraph under the first subheading after the
    answer's section: the procedure goes on past a side note set under its own heading."""
    for unit in below[1:]:
        if unit.kind == "heading":
            return None  # only the first subsection: a later one holds its own task
        if unit.kind == "paragraph" and unit.lines:
            text = _plain(unit.lines[0])
            if _MARKED_STEP.match(text) and _on_task(text, question):
                return unit.lines[0]
    return None


def _cases_part(answer: str, cases: Sequence[Case]) -> LeftOut | None:
    missing = cases_left_out(answer, cases)
    return LeftOut("cases", "", missing) if missing else None


def find_left_out(answer: str, *, question: str, rest: Sequence[Unit], cases: Sequence[Case] = ()) -> LeftOut | None:
    """The first part an answer to ``question`` leaves out: a labelled case (``cases``, the section's
    labelled cases the answer starts in or leads into), the other task, or a part of ``rest``."""
    if states_default(question, answer) and not judged(question, "en"):
        return default_exception(answer, rest)  # a yes-or-no question: only the default's exception is asked
    if asks_parts(question) and not (_JUDGED.match(question.strip()) or is_how_question(question)):
        return _cases_part(answer, cases) or announced_below(rest)  # "How does X differ …?": only the parts
    if asks_items(question):
        return items_announced(question, rest)  # "Which file types …?": the list announced after the answer
    return (
        _cases_part(answer, cases)
        or default_exception(answer, rest)
        or one_task(question, answer, rest)
        or announced_below(rest)
        or (begun_procedure(answer, rest) or closing_step(rest) if is_how_question(question) else None)
        or left_out(
            question,
            rest,
            how=is_how_question(question),
            quoted="```" in answer,
            last=last_sentence(answer),
            answer=answer,
        )
    )


def check_coverage(
    answer: str, *, question: str, rest: Sequence[Unit], lang: str = "en", cases: Sequence[Case] = ()
) -> list[Failure]:
    """The ``partial-answer`` failure when ``answer`` leaves out a part of its section that answers
    ``question`` (:func:`find_left_out`), with a message a writer can act on; [] otherwise."""
    if not judged(question, lang, answer):
        return []
    remedy = remedy_alone(question, answer)
    if remedy is not None:
        short = remedy if len(remedy) <= 80 else remedy[:77].rstrip() + "…"
        return [
            Failure(
                "partial-answer",
                f'answers a "Why …?" with the remedy alone ("{short}") and gives no cause; '
                "open with the cause the section gives (a because, since or due to clause), then the fix",
            )
        ]
    found = find_left_out(answer, question=question, rest=rest, cases=cases)
    if found is None:
        return []
    quoted = found.lead if len(found.lead) <= 80 else found.lead[:77].rstrip() + "…"
    what = (
        f'"{found.lead}", the other task the question asks'
        if found.kind == "task"
        else f"the labelled cases it does not give ({', '.join(repr(x) for x in found.items[:3])}); give every case, "
        "its label and first sentence, or none"
        if found.kind == "cases"
        else f'the further cause or check "{quoted}"'
        if found.kind == "also"
        else f'the other way or what follows if not, "{quoted}"'
        if found.kind == "other"
        else f'the fix the section gives, "{quoted}"'
        if found.kind == "fix"
        else f'the sentence that does what is asked, "{quoted}"'
        if found.kind == "verb"
        else f'the way, which comes later: "{quoted}"'
        if found.kind == "way"
        else f'the step "{quoted}" under the next subheading'
        if found.kind == "subheading"
        else f'the example that shows how, "{quoted}"'
        if found.kind == "example"
        else f'the caveat "{quoted}" after the code'
        if found.kind == "caveat"
        else ("the other item" if len(found.items) == 1 else f"the other {len(found.items)} items")
        + " of the list it quotes from"
        if found.kind == "items"
        else f'the next case, "{quoted}"'
        if found.kind == "case"
        else f'the exception to the default it states, "{quoted}"'
        if found.kind == "exception"
        else f'the {len(found.items)} items announced by "{quoted}"'
        if found.kind == "announced" and found.items
        else f'the parts announced by "{quoted}"'
        if found.kind == "announced"
        else f'the step "{quoted}"'
        if not found.items
        else f"the {len(found.items)} steps listed after it"
    )
    return [
        Failure(
            "partial-answer",
            f"gives one part of what the section says in answer: it leaves out {what}; "
            "open the section with a sentence that gives every part, condensed",
        )
    ]
