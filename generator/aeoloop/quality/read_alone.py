"""Shapes of a unit read alone that lean on text around it or tell a story instead of a point (issue 8,
session 7: key takeaways).

Apart from :mod:`aeoloop.quality.out_of_context` (which asks :func:`alone_problem` for every summary,
takeaway and channel item) to keep that module one job; :func:`story_problem`, :func:`part_of_set`
and :func:`counts_without_items` are asked of key takeaways only, the unit quoted furthest from its
page (a list of key points, an AI answer, a social post). English only. The sentences in the
comments are shapes seen in generated takeaways of the four test corpora, paraphrased.
"""

from __future__ import annotations

import re

from ..text import split_sentences
from .instructions import is_base_verb

# Session 7 (`takeaways`): shapes of a unit read alone (a summary, a takeaway, a channel item) that
# lean on the text around it; not asked of FAQ answers, which sit under their question. "Another
# … one is …" (another than what?), "To change this, …" (the "this" is the sentence before).
_ALONE_OPENINGS = re.compile(
    r"^(?:another\b|to\s+(?:[\w-]+\s+){1,2}?(?:this|that|these|those|it|them)\s*,|"
    # session 8 (`sumnotes`): "One of those is …" (of what?), "First, open …" (the first step of a
    # procedure the unit does not give)
    r"(?:one|some|any|each|none|all|many|most|either|neither|both|several|a few) of (?:those|these|them)\b|"
    r"first,\s|"
    # "If that's not implemented, …", "When this is done, …": the condition is the sentence before
    r"(?:if|when|once|since|because|although|though|while|unless|until|whether)\s+(?:this|that|these|those)"
    r"(?:'s|’s|\s+(?:is|isn't|was|wasn't|are|aren't|were|does|doesn't|did|didn't|has|hasn't|have|can|can't|"
    r"won't|will|fails|works|happens)\b))",
    re.I,
)
# "… then it will fall back to that.": the unit ends on a thing it never names.
_ENDS_ON_POINTER = re.compile(
    r"\b(?:to|from|with|on|in|into|of|for|at|by|about|like)\s+(?:that|this|these|those)\s*[.!?]?[\"'”’)]*$", re.I
)
# "… a downloadable version of such a page": "such" names a kind given before, unless a result
# clause follows ("such a large file that …", "such a tool as …").
_SUCH_ANY = re.compile(r"\bsuch an?\s+(?!(?:[\w-]+\s+){0,4}(?:that|as)\b)[a-z][\w-]*", re.I)
# "For each collection name, it looks up …", "With the force flag, they …": after an opening phrase
# with no subject of its own, "it" or "they" stands for something named before the unit ("In Go, it
# is possible …" is an expletive); "There is no setup needed, it works …": a comma splice after a
# clause that names nothing it could stand for.
_PRONOUN_AFTER_PHRASE = re.compile(
    r"^(?:(?:for|in|on|with|without|at|by|from|under|within|through|during|via|using)\b[^,]{1,60}|"
    r"there(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\b[^,]{1,80}),\s+(?P<pron>it|they)\s+"
    r"(?!(?:is|was|are|were|isn't|wasn't|can be|could be|may be|might be|will be|would be|seems?|appears?)\b)"
    r"(?=[a-z])",
    re.I,
)
# "… connecting to that URL …", "You can visit that URL …", "One of those functions is …": a thing
# pointed at with "that" after a preposition or a verb that takes an object, or one of "those", never
# named earlier in the unit ("… details for those conversions" after "how many people visit …" names
# them in other words: a plural "those" alone is not judged). "that" opening a clause ("… to that
# file is written …") is not a pointer.
_THAT_NOUN = re.compile(
    r"(?:\b(?:to|on|in|into|onto|from|with|for|at|by|of|about|under|over|through)\s+that\s+"
    r"|\b(?:visit|open|run|use|copy|paste|edit|pass|send|add|remove|delete|call|select|change|put|save|install|"
    r"load|import|export|update|replace|move|apply|enable|disable)\s+that\s+"
    r"(?!(?:[\w-]+\s+)?(?:is|was|are|were|has|have|can|will|would|does|did)\b)"
    r"|\b(?:one|some|any|each|none|all|many|most|either|neither) of those\s+)"
    r"(?P<noun>[A-Za-z][\w-]*)(?:\s+(?P<noun2>[A-Za-z][\w-]*))?",
    re.I,
)
_NOT_A_NOUN = frozenset(
    "is was are were be it you we they i he she the a an this that these those in on at to of for with by from "
    "and or but as if when point time times way case end matter moment day extent effect reason person people "
    "one ones".split()
)


def _points_at_unnamed(body: str) -> str | None:
    """ "to that URL" in a unit that never named a URL before; "into that new team" after "a team"
    passes."""
    for m in _THAT_NOUN.finditer(body):
        noun = m.group("noun")
        if noun.lower() in _NOT_A_NOUN:
            continue
        before = body[: m.start()]
        named = [w for w in (noun, m.group("noun2")) if w and w.lower() not in _NOT_A_NOUN]
        if any(re.search(rf"\b{re.escape(w[: max(4, len(w) - 2)])}", before, re.I) for w in named):
            continue
        return m.group(0)[: m.end("noun") - m.start()]
    return None


def alone_problem(text: str) -> str | None:
    """The message when ``text``, quoted away from its page, leans on the text around it in a way an
    FAQ answer under its question would not (see :data:`_ALONE_OPENINGS` and the rules after it), else None."""
    body = text.strip().lstrip("\"'“‘(*_ ")
    m = _ALONE_OPENINGS.match(body)
    if m:
        return f'opens with "{m.group(0).strip(" ,")}", which leans on a sentence the reader of this text cannot see'
    m = _PRONOUN_AFTER_PHRASE.match(body)
    if m:
        return (
            f'says "{m.group("pron")}" after "{body[: body.index(",")]}" without naming what it stands for: the '
            "reader of this text cannot tell; name it"
        )
    said = next((x.group(0) for x in [_SUCH_ANY.search(body), _ENDS_ON_POINTER.search(body)] if x), None)
    said = said or _points_at_unnamed(body)
    if said:
        return f'says "{said}", which points at something the reader of this text cannot see; name it or drop it'
    return None


# The writer's own story, quoted as a key point: "I recently installed …", "For a recent script, I
# found …", and a recap of the reader's situation ("You've found a project you like, and …").
_FIRST_PERSON = re.compile(r"(?<![\w/-])(?:I(?:'m|’m|'ve|’ve|'d|’d|'ll|’ll)?(?![\w/'’-])|(?i:me|myself)\b)")
_RECAP = re.compile(
    r"^you(?:'ve|’ve|\s+have)\s+(?:just\s+|now\s+|finally\s+|already\s+)?(?:found|launched|built|written|made|"
    r"done|got|gotten|decided|finished|created|started|reached|released|published|shipped|set up|installed)\b",
    re.I,
)


# "There are two syntaxes for defining a block.", "The test library comes with a number of different
# ways to make assertions.": a key point that counts kinds of things and gives none of them.
_COUNTS_KINDS = re.compile(
    r"\b(?:there(?:'s|’s|\s+is|\s+are)|comes?\s+with|has|have|offers?|provides?|supports?)\s+"
    r"(?:a\s+(?:number|couple|handful|variety|ton|bunch|lot)\s+(?:of\s+)?|several\s+|a\s+few\s+|many\s+|various\s+|"
    r"multiple\s+|numerous\s+|lots\s+of\s+|plenty\s+of\s+|two\s+|three\s+|four\s+|five\s+)"
    r"(?:different\s+|other\s+|main\s+|common\s+)?(?:[\w-]+\s+)?(?P<noun>ways|options|methods|approaches|syntaxes|"
    r"names|kinds|types|techniques|reasons|commands|settings|functions|tools|strategies|solutions|alternatives|"
    r"variants|forms|modes|flags|styles|things)\b",
    re.I,
)
# … unless the unit gives them: a colon, "such as", "like", "including", "e.g.", a list "A, B and C",
# or the sentence goes on to its point (", but prefer the first").
_GIVES_THEM = re.compile(
    r":|\bsuch as\b|\blike\b|\bincluding\b|\be\.g\.|\w+, [\w-]+,? (?:and|or) \w+|[,;]\s+(?:but|so|and|yet)\s", re.I
)


def counts_without_items(text: str) -> str | None:
    """The words of ``text`` that count kinds of things it never gives ("There are two syntaxes for
    …"), else None: a teaser, not a key point, when quoted alone."""
    m = _COUNTS_KINDS.search(text)
    if m is None or _GIVES_THEM.search(text[m.end() :]) or len(split_sentences(text)) > 2:
        return None
    return m.group(0)


# A problem set up for the reader, its answer left in the next sentence: "After working on a project for
# a while, you may find that …", "When defining a record, we may want to ensure …", "Sometimes a change
# gets made …", "It may feel natural to …", "… but when the moment arises, …".
_SCENE = re.compile(
    r"^(?:when|after|as|if|once|while|before)\b[^,]{5,100},\s+(?:you|we)\s+(?:may|might)\s+(?:want|wish|find|need|"
    r"notice|run into|come across|end up)\b|"
    r"\bit\s+(?:may|might)\s+(?:feel|seem)\b|"
    r"\bwhen the (?:moment|need|time|day) (?:arises|comes)\b|"
    r"^sometimes,?\s+(?:a|an|the|you|we|your|our)\b",
    re.I,
)
# "A couple of the tests pass …", "Most of the flags …": part of a set the unit never gave.
_PART_OF_THE = re.compile(
    r"^(?:a couple|a few|some|most|all|none|many|few|one|two|three|both|each|either|neither|several) of the "
    r"(?P<noun>[a-z][\w-]*s)\b(?!\s+(?:that|which|who|whose|in|on|of|from|with|you|we|your|our|listed|named|"
    r"shown|below|above)\b)",
    re.I,
)


def part_of_set(text: str) -> str | None:
    """The message when a key takeaway opens with part of a set it never gave ("A couple of the tests
    pass …"), else None; "Most of the reports in the dashboard …" says which set."""
    m = _PART_OF_THE.match(text.strip().lstrip("\"'“‘(*_ "))
    if m is None:
        return None
    return f'opens with "{m.group(0)}", part of a set the reader of this text has not seen; name them'


def story_problem(text: str) -> str | None:
    """The message when ``text`` tells the writer's story ("I …", "… tell me …"), recaps the
    reader's situation or sets up a problem instead of making a point, else None. For a key takeaway: a note's "I tried
    X and got Y" is the set-up of its point, and read alone it is an anecdote."""
    body = text.strip().lstrip("\"'“‘(*_ ")
    m = _FIRST_PERSON.search(body)
    if m:
        return (
            f'tells the writer\'s own story ("{m.group(0)}"): read alone, a key point says what holds for the '
            "reader; state it as a fact or an instruction"
        )
    m = _RECAP.match(body)
    if m:
        return f'opens with "{m.group(0)}", a recap of the reader\'s situation, not a point; state the point'
    m = _SCENE.search(body)
    if m:
        return f'says "{m.group(0)}", which sets up a problem instead of making the point; state the point'
    return None


# Session 8 (`chan2`): shapes of a channel item (a post of a thread, a slide, a beat of a video) read
# alone, asked by ``check_item`` only: a summary or an FAQ answer sits under its title or question.
# "Check that the export finished before …": a check from a troubleshooting list, its symptom left in
# the question above it; "If …, check …" or "Verify … to make sure the job ran" carry what it is for.
# ("Try to collect …" and "See if you can …" are advice, not checks)
_CHECK_OPENING = re.compile(
    r"^(?:please\s+)?(?:check|verify|confirm|ensure|make\s+sure|double[- ]check|try(?!\s+to\b)|"
    r"look\s+(?:at|for)|inspect)\b",
    re.I,
)
# "… to keep the funnel counting", "… so that the export runs": what the check is for ("make sure to"
# and "be able to" are not a purpose)
_CHECK_PURPOSE = re.compile(
    r"(?<!sure )(?<!able )(?<!have )(?<!need )\b(?:to|in order to)\s+(?:\w+ly\s+)?(?P<verb>[A-Za-z]+)|"
    r"\bso(?: that)?\s+(?:you|your|it|the|they)\b",
    re.I,
)
# "… you can adjust this by …", "One use for this is …", "the action needed here": "this" standing
# alone as a noun, or "here", point at the page around the item.
_BARE_THIS = re.compile(
    r"\b(?:(?:do|does|did|verify|check|confirm|change|fix|avoid|achieve|enable|disable|use|try|test)\s+this|"
    r"(?:for|about|with|of|like|from|to|on|by)\s+this)(?=\s*(?:[.,;:!?]|$|\s+(?:by|is|was|will|can|in|when|if|"
    r"because|means|works?)\b))"
    r"|\b(?:action|step|steps|change|changes|setting|settings|option|options|anything|something|nothing)\s+here\b"
    r"|\bhere\s*[.,;:!?]?\s*$"
    # "We want to support that.": it ends on a thing it never names
    r"|\b(?:this|that)\s*[.!?]?[\"'”’)]*\s*$"
    # "In other projects, they're …": other than which, and who are "they"?
    r"|^(?:in|for|on|with)\s+other\s+[\w-]+|^[^,]{1,60},\s+they(?:'re|’re|\s+are|\s+were)\b",
    re.I,
)


def check_problem(text: str) -> str | None:
    """The message when a channel item is a check from a troubleshooting list ("Check whether …",
    "Make sure …") that does not say what it fixes, else None: posted alone, its problem (the
    question or paragraph above it) is missing. A channel can post it under its question."""
    body = text.strip().lstrip("\"'“‘(*_ ")
    m = _CHECK_OPENING.match(body)
    if m is None or any(
        p.group("verb") is None or is_base_verb(p.group("verb")) for p in _CHECK_PURPOSE.finditer(body)
    ):
        return None
    return (
        f'opens with "{m.group(0)}", a check whose problem is in the question or paragraph above it: read '
        "alone, say what it fixes or choose another point"
    )


def item_problem(text: str) -> str | None:
    """The message when a channel item, posted or shown alone, points at the page around it with a
    bare "this" or "here" (see :data:`_BARE_THIS`), which the shared read-alone rules do not judge, else None."""
    m = _BARE_THIS.search(text.strip())
    if m:
        return f'says "{m.group(0).strip()}", which points at the page around this item; name the thing or drop it'
    return None


# Session 9 (`chan4`): a result, a step or an answer read apart from the procedure or the question it
# belongs to, as channel items posted them: "Your goal should now be set up." (the result of steps
# not given), "If you need access restored now, upgrade …" (restored after what?), "To update my
# payment method, in your account settings, …" (the asker's "my" beside the writer's "your"),
# "Credit/debit card, PayPal and Apple Pay." (a list of names without the question it answers).
_RESULT = re.compile(
    r"^(?:(?:your|the|this|that)\s+(?:[\w-]+\s+){0,3}(?:should|will)\s+now\s+(?:be|appear|show|work|start)\b|"
    r"you\s+should\s+(?:now\s+)?see\b|you\s+(?:should|will)\s+now\s+(?:see|have|be|get|find)\b|"
    r"(?:you(?:'re|’re|\s+are)\s+all\s+set|that(?:'s|’s|\s+is)\s+(?:it|all))\b|"
    # the same result after the step that leads to it (session 10): "When you go back to the list, you
    # should see the new entry." (go back from what?)
    r"(?:when|once|after|now\s+that)\s+[^,]{3,80},\s+(?:you\s+should\s+(?:now\s+)?see|"
    r"(?:your|the)\s+(?:[\w-]+\s+){0,3}should\s+now)\b)",
    re.I,
)
# a condition that presupposes an event the unit does not tell ("restored", "re-enabled", "again", "back")
_PRESUPPOSING_IF = re.compile(
    r"^(?:if|when|once)\s+[^,]{0,60}?\b(?:re-?[a-z]{3,}ed|again|back|still)\b[^,]{0,40},\s+(?P<verb>[a-z]+)\b", re.I
)
_ASKERS_PURPOSE = re.compile(r"^to\s+[^,]*\b(?:my|mine|I|me)\b[^,]*,", re.I)
_NAME_LIST = re.compile(r"^[^.,;:!?]{1,30}(?:,\s+[^.,;:!?]{1,30})+,?\s+(?:and|or)\s+[^.,;:!?]{1,30}[.!]?$")
_LIST_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|can|could|will|would|should|must|may|might|do|does|did|has|have|had|"
    r"you|we|they|it|i)\b",
    re.I,
)


def procedure_problem(text: str) -> str | None:
    """The message when a channel item is a result, a step or an answer that needs the procedure or
    the question it came from (see :data:`_RESULT` and the rules after it), else None. Asked of
    channel items (key facts, beats, posts, slides), not of FAQ answers, which sit under their question."""
    body = text.strip().lstrip("\"'“‘(*_ ")
    m = _RESULT.match(body)
    if m:
        return f'says "{m.group(0)}", the result of steps this text does not give; say the steps or drop it'
    m = _PRESUPPOSING_IF.match(body)
    if m and is_base_verb(m.group("verb")):
        return (
            f'opens with "{body[: body.index(",")]}", a condition that needs what happened before it; '
            "say what happened or drop it"
        )
    m = _ASKERS_PURPOSE.match(body)
    if m:
        return f'"{m.group(0).rstrip(",")}" is the asker\'s question in the answer\'s voice; write it as "To … your …"'
    if _NAME_LIST.match(body) and not _LIST_VERB.search(body):
        return "a list of names with no verb: it answers a question this text does not ask; ask it or drop it"
    return None
