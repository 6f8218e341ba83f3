"""Answers that lean on code, output or a part of the page the reader of the answer cannot see.

Why a module of its own: short technical notes explain a program sentence by sentence, and an
answer cut from them keeps words that point at the program ("Both buttons trigger …", "(second
spec block)", "the same code") or at the problem the note set up before the answer ("An easy
way of achieving this …", "You can reconcile this discrepancy …"). Hand grading round 4 found
these leans in answers that :mod:`aeoloop.quality.out_of_context` passed; its
:func:`~aeoloop.quality.out_of_context.leaning_sentence` asks this module for each sentence.
English only, like the rest of the leaning rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Session 6 (hand grading round 4, answers leaning on code or output the reader cannot see):
# a parenthesis that points at a part of the page ("(second test block)", "(see above)").
_POINTS_IN_PARENS = re.compile(
    r"\((?:see |in |the )*(?:(?:first|second|third|fourth|last|next|previous|earlier|later|above|below)\b"
    r"(?:\s+[\w`'-]+){0,2}?\s+(?:blocks?|examples?|snippets?|tests?|specs?|lines?|steps?|sections?|paragraphs?|"
    r"commands?|listings?|figures?|images?|screenshots?|code|outputs?)|above|below|earlier)\)",
    re.I,
)
# "the same code", "the same snippet": code named by sameness with something the unit does not show
# ("… the same file as the config" compares and stays).
_SAME_CODE = re.compile(
    r"\bthe same (?P<noun>code|snippet|script|block|file|command|query|function|method|tag|template|"
    r"element|component|configuration|config)\b(?!\s+(?:as|that|which|you|we)\b)",
    re.I,
)
# "Both buttons trigger …": two things the unit never named ("Both Chrome and Firefox …" names them).
_BOTH_THINGS = re.compile(
    r"^both (?:of )?(?:the |these |those |your |our )?[a-z][\w-]*s\b(?!\s*(?:and|&|or|,)\s)", re.I
)
# "An easy way of achieving this …", "You can reconcile that with …": a verb of a goal or a problem
# whose object is a bare demonstrative, the goal or problem left in the sentence before ("The way to
# do this is …" stays: the bare "do this" reads as the question's own task).
_DO_THIS = re.compile(
    r"\b(?:achiev|accomplish|solv|fix|handl|avoid|reconcil|prevent|get(?:ting)? around|work(?:ing)? around|"
    r"circumvent)\w*\s+(?:this|that)\b(?=\s*(?:[.,;:!?]|$|(?:is|was|would|will|"
    r"with|by|in|using|via|through|for|on)\b))|"
    r"\b(?:flip|turn|stand)\w*\s+(?:this|that)\s+(?:on its head|around|upside down)\b|"  # "We can flip this on its head"
    # "… and get to the bottom of this:", "to make sense of that": an idiom of a problem whose object is
    # the problem the note told before (hand grading round 6)
    r"\b(?:get(?:ting)? to the bottom of|mak(?:e|ing) sense of|wrap\w* (?:my|your|our) heads? around)\s+(?:this|that)\b"
    r"(?=\s*(?:[.,;:!?]|$|(?:is|was|would|will|with|by|in|using|via|through|for|on)\b))",
    re.I,
)
# "You can reconcile this discrepancy …": a thing named by "this" in the opening sentence, unless the
# sentence named it before, gives it right after (a colon), or it is a time ("this week").
_THIS_NOUN = re.compile(
    r"(?<=\s)this\s+(?!(?:is|was|will|would|can|could|should|may|might|must|does|did|has|had|means|meant|"
    r"works|week|year|month|day|morning|afternoon|evening|time|moment|writing|one|repo|repository|site|"
    r"page|article|post|guide|note|til|project|book|handbook|document|also|too|even|again|instead|here|there|now|"
    r"then|just|only|on|in|at|to|for|with|by|from|of|off|out|up|down|over|into|onto|and|or|but|so|as)\b)"
    r"(?P<noun>[a-z][\w-]*)",
    re.I,
)
# "Think of it like a long train ride.", "It's a bit like a relay race.": an analogy that announces the
# explanation the page gives in the sentences after it; as the last sentence of a unit it promises what
# the unit leaves out (hand grading round 6: "… Think of it like …" ending an answer, graded weak).
_TEASER = re.compile(
    r"^(?:(?:just|so|you can|you could|you might)\s+)?(?:think of|picture|imagine)\s+(?:it|this|that|them|these|those|"
    r"(?:a|an|each|every|the)\s+[\w-]+)\s+(?:like|as)\s+(?:a|an)\s+[^,;:]{0,40}[.!]$|"
    r"^(?:it|this|that)(?:'s|’s|\s+is|\s+works)\s+(?:a\s+(?:bit|little)\s+|kind of\s+|sort of\s+|much\s+|just\s+)?"
    r"like\s+(?:a|an)\s+[^,;:]{0,30}[.!]$",
    re.I,
)
# "Passing in a seconds value … results in …": what it is passed to is named elsewhere (no "to" or
# "into" before the sentence's verb or its first comma).
_PASSING = re.compile(
    r"^passing\b(?:(?!\b(?:to|into|as)\b)[^,])*?(?:,|\s(?:is|are|was|were|will|would|results?|gives?|returns?|"
    r"causes?|makes?|yields?)\b)",
    re.I,
)
# "This query can be run with …", "the above snippet": code named by a pointer after the first sentence,
# when nothing before it in the unit names or shows that code.
_THIS_CODE = re.compile(
    r"\b(?:this|that|these|those|the above|the following|the previous)\s+(?P<noun>query|queries|snippet|code|command|"
    r"script|regex|expression|statement|block|configuration|config|migration|function call|call|invocation)\b",
    re.I,
)
# After the answer's first sentence: "… but you haven't set a location yet." points the reader at the next step of a
# procedure the unit does not carry; "I was only thinking of …", "I forgot that …" goes back to the
# writer's story (the problem the note opened with), which the reader of the answer never saw.
_NOT_YET = re.compile(
    r"\byou\s+(?:haven't|have not|don't|do not|aren't|are not)\s+"
    r"(?:\w+\s+){0,6}?yet(?=\s*[.!?;,)]|$)",
    re.I,
)
_WRITER_STORY = re.compile(
    r"^(?:(?:so|and|but|turns out|it turns out)\s*,?\s+)?i\s+(?:was(?!\s+able\b)|wasn't|hadn't|forgot|realized|realised|thought|"
    r"assumed|didn't|did not|never|kept|spent)\b",
    re.I,
)
# After the answer's first sentence: "I run tidy-all before every push to …" is the writer's habit with a
# tool of their own (an alias, a script) that the unit never named (hand grading round 6: "I use <an alias>
# all the time …", the alias only in the output the answer does not quote).
_WRITER_HABIT = re.compile(
    r"^i\s+(?:use|run|type|reach for|rely on|love|like|prefer)\s+(?!it\b|this\b|that\b|these\b|those\b|them\b|"
    r"the\b|a\b|an\b|my\b|your\b)(?P<thing>[\w.:@/-]+(?:\s+[\w.:@/-]+)?)",
    re.I,
)
# "One part of the rewrite is …", "Another change in the release …": a part of a thing the unit never named.
_PART_OF = re.compile(
    r"^(?:one|another|a|the\s+(?:first|second|last|other|main|biggest|best))\s+(?:part|aspect|piece|change|"
    r"consequence|side effect|feature|detail|bit)s?\s+(?:of|about|in|from)\s+the\s+(?P<noun>[a-z][\w-]*)",
    re.I,
)
# "You can learn how we count it here.", "Read more here.": the link the word "here" stood for is not in the unit.
_LINK_HERE = re.compile(
    r"\b(?:learn|read|find|see|check|look|click|tap|go|head|visit|details?|more)\b[^.!?]{0,60}?\s(?:right\s+)?here[.!]?$",
    re.I,
)
_SHOWS_CALL = re.compile(r":\s+\S")  # "… with the flag: git log -p." quotes the code a later sentence may point at
# "… the tuple that can then be appended …": a step after one the unit does not give.
_THEN_BE = re.compile(r"\b(?:that|which)\s+(?:can|could|will|would|should|may|might|must)\s+then\b", re.I)


# Every pattern one of :func:`code_leans`' verdicts needs to match (``_LINK_HERE`` on the stripped
# sentence, as its rule reads it): a rule added there adds its pattern here.
_CODE_RULES = (
    _POINTS_IN_PARENS,
    _SAME_CODE,
    _THIS_CODE,
    _TEASER,
    _PART_OF,
    _WRITER_HABIT,
    _WRITER_STORY,
    _NOT_YET,
    _BOTH_THINGS,
    _DO_THIS,
    _PASSING,
    _THEN_BE,
    _THIS_NOUN,
)


def may_lean_on_code(body: str) -> bool:
    """False when no rule of :func:`code_leans` can find anything in the sentence ``body``, whatever
    comes before it and whatever the question: each needs one of its patterns to match ``body``
    (``.search`` finds whatever ``.match`` does; the anchored patterns open with ``^``)."""
    return any(rule.search(body) for rule in _CODE_RULES) or _LINK_HERE.search(body.strip()) is not None


def code_leans(before: Sequence[str], body: str, question: str) -> tuple[str | None, str | None]:
    """The words of the sentence ``body`` that lean on code, output or a part of the page the unit
    does not carry (round 4): a parenthesis pointing at a block, "the same code" nothing before
    named, an analogy that ends the unit ("Think of it like …"), and, in the first sentence, "Both
    buttons …", "achieving this", "this discrepancy", an opening "Passing …" with no receiver,
    "that can then be …". ``before``: the unit's sentences before it. Two verdicts, (the sentence
    in the middle of the unit, the sentence ending it): only the analogy depends on which, and a
    caller that judges every prefix of a run asks both of a sentence at once (see
    :func:`~aeoloop.quality.out_of_context.leaning_sentence`)."""
    said = _points_at_code(before, body, question)
    if said is not None:
        return said, said
    rest = _leans_elsewhere(before, body, question)
    if _TEASER.match(body):
        return rest, body.rstrip(".!")  # the explanation the analogy announces is not in the unit
    return rest, rest


def _points_at_code(before: Sequence[str], body: str, question: str) -> str | None:
    """A parenthesis pointing at a block, "the same code" or "this query" nothing before named."""
    k = len(before)
    m = _POINTS_IN_PARENS.search(body)
    if m and not body[m.end() :].lstrip().startswith(":"):
        return m.group(0)  # "(second spec block):" before the block it quotes points at what the reader sees
    m = _SAME_CODE.search(body)
    if m and not re.search(rf"\b{m.group('noun')}", " ".join(before) + " " + body[: m.start()], re.I):
        return m.group(0)
    m = _THIS_CODE.search(body)
    if m and k and not _SHOWS_CALL.search(body[m.end() :]):
        earlier = " ".join(before)
        if not re.search(rf"\b{m.group('noun')[:5]}", f"{question} {earlier}", re.I) and not _SHOWS_CALL.search(
            earlier
        ):
            return m.group(0)  # "We can ask for the estimate by name. This query can be run …": the query is unseen
    return None


def _leans_elsewhere(before: Sequence[str], body: str, question: str) -> str | None:
    """The rules after the analogy's (:func:`code_leans`), in their order."""
    k = len(before)
    m = _PART_OF.match(body)
    if m and not re.search(rf"\b{re.escape(m.group('noun')[:5])}", f"{question} {' '.join(before)}", re.I):
        return m.group(0)
    m = _WRITER_HABIT.match(body) if k else None
    if m and m.group("thing").lower() not in " ".join([question, *before]).lower():
        return m.group(0)
    m = _LINK_HERE.search(body.strip())
    if m:
        return m.group(0).strip()  # in any position: a link the answer drops
    m = _WRITER_STORY.match(body)
    if m:
        return m.group(0).strip(" ,")  # in any position: a takeaway or an answer read alone never saw the story
    if k:
        m = _NOT_YET.search(body)
        return m.group(0).strip(" ,") if m else None
    for rule in (_BOTH_THINGS, _DO_THIS, _PASSING, _THEN_BE):
        m = rule.search(body)
        if m:
            return m.group(0).strip()
    for m in _THIS_NOUN.finditer(body):
        noun = m.group("noun").lower()
        if re.search(rf"\b{re.escape(noun[:5])}", f"{question} {body[: m.start()]}", re.I):
            continue  # "Add a goal, then open this goal's settings"; "this endpoint" under "What does the … endpoint do?"
        if re.match(r"\s*(?:[\w-]+\s*)?(?::|--|—|–)", body[m.end() :]):
            continue  # "Use this flag: --prune", "… the end of this address — https://…"
        return m.group(0)
    return None
