"""Rules for text quoted far from its page: summaries, key takeaways and channel items.

Why a module of its own: an FAQ answer sits under its question, but a takeaway, a summary box,
a post of a thread or a slide is read alone. There, more than the opening word can lean on text
the reader has not seen ("Mark it down for subsequent steps.", "You can sort your sites too.",
"With this example, any link …"), an instruction means nothing without its goal ("Hover over
the date on the chart …": to do what?), and a scenario or a greeting ("Let's say …", "Thank you
for …") sets up a point instead of making it. English only: other languages get no verdict here.
Every pattern below comes from a real generated unit (plausible/docs, basecamp/handbook,
opensource.guide, jbranchaud/til).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import split_sentences
from .contract_rules import SENTENCE_MEMO
from .instructions import is_base_verb, is_instruction
from .leans_on_code import code_leans, may_lean_on_code
from .read_alone import alone_problem

# A scenario, a greeting or a motivation: it leads to the point and is not one.
_SETUP = re.compile(
    r"^(?:(?:now|so|and|ok|okay),?\s+)?(?:let'?s say|let us say|say (?:you|we|I)\b|imagine|suppose|picture (?:this|yourself|a)|pretend|"
    r"have you ever|ever (?:wonder|wondered|wanted|needed|tried)|thanks? (?:you )?for|thank you|congratulations|"
    r"welcome (?:to|aboard)|hello|hi there|let'?s (?:bring|take|look|see|start|walk|dive|imagine|consider)|you (?:might|may) (?:not )?(?:want|be wondering|wonder)|"
    r"in these modern times|wouldn't it be)\b",
    re.I,
)
# Openings that continue an example or a procedure the reader has not seen.
_LEANING_OPENINGS = re.compile(
    r"^(?:(?:below|above)(?:,| (?:are|is|you|we)\b)|for (?:example|instance)|e\.g\.|with (?:this|that|these|those)|in (?:these|those)\b|at (?:this|that) point|"
    r"by doing (?:this|that|so)|from (?:here|there)|that way|now,\s|now (?:you|we|that|the|if|when|let'?s)\b|once (?:that|this|done)\b)",
    re.I,
)
# References inside the unit to things it does not give.
_LEANING_INSIDE = re.compile(
    r"\b(?:(?:this|that|these|those|the same|the previous|the earlier) (?:example|examples|snippet|command|commands|"
    r"setup|approach|method|script|query|recipe|technique|trick|pattern|configuration|option|options|values?|order|way|"
    r"case|process)\b(?! (?:called|named)\b)|"
    r"(?:subsequent|later|next|previous|earlier|remaining) steps?\b|"
    r"(?:configured|defined|created|set|added|entered|copied|mentioned|shown) (?:above|earlier|before|previously)\b|"
    r"to do (?:that|this|so)\b|do (?:that|this)\b|, however,|"
    # "On GitLab, this can be done with private issues.": the subject is in the sentence before
    r"^(?:on|in|for|with|under|at|from|by)\s[^,]{1,40},\s+(?:this|these|those|it|they)\s+(?:is|are|can|could|will|was|were|has|have|means|lets|allows)\b|"
    # "A big drop between 3 and 4 means …": numbers of steps the reader has not seen
    r"\bbetween (?:steps? )?\d+ and \d+\b(?!\s*(?:%|percent|seconds?|minutes?|hours?|days?|weeks?|months?|years?|"
    r"[ap]\.?m\b|words?|characters?|pages?|visitors?|people|times|[A-Za-z]*bytes|px|ms)))",
    re.I,
)
# Leaning shapes that are wrong in any sentence of a unit, not only its first (hand grading round 2,
# opensource.guide and til): "Here is a screenshot of a few that I expanded …", "a way of
# accomplishing such a task", "multiple mise tasks like this", "Put another way, …", "Though this
# could be done manually …".
_LEANS_ANYWHERE = re.compile(
    r"^(?:here(?:'s| is| are)\s+(?:a |an |the |some |my |what )?(?:\w+\s+)?(?:screenshots?|pictures?|images?|gifs?|"
    r"videos?|demos?|screen ?casts?|recordings?|output|it looks like|that looks like)\b|"
    r"(?:to )?put (?:it )?(?:another way|differently|simply)\b|in other words\b|"
    r"(?:though|although|even though|whereas) (?:this|that|these|those|it)\b)|"
    r"\bsuch an? (?:task|thing|case|situation|problem|scenario|change|setup|need|request|operation|feature|"
    r"approach|query|command|file|tool|workflow)\b|"
    r"\b(?!look|looks|looked|something|anything)[a-z]+s? like (?:this|these|that)\b(?!\s*:)(?! (?:one|ones|is|are|was|were)\b)",
    re.I,
)
# "The second reason is for you.": the first one is in text the unit does not carry.
_ORDINAL_ONE = re.compile(
    r"^the (?P<n>second|third|fourth|other|latter|former|next|last|final) (?:reason|one|point|thing|option|case|way|"
    r"part|benefit|problem|question|step|approach|method)\b",
    re.I,
)
# "You may also want to consider …", "Your pinned sites will also show up …": a first sentence whose
# subject "also" does something, in addition to what the unit never said ("where you also add …",
# later in the sentence, adds to the sentence itself).
_ALSO = re.compile(r"^(?:[\w'’-]+\s+){1,4}also\b(?! (?:known as|called|named|referred to)\b)", re.I)


# First-sentence shapes that lean on the sentence before the unit (hand grading round 3, pattern
# "leaning on unseen text"): a contrast or a sequence word inside the opening clause ("If, however,
# you need …", "I can then apply …"), a pronoun after an opening adverb ("First, it mentions …"), a
# demonstrative after a subordinator ("If these exploratory changes …", "One way that this can be
# put to use …"), a thing named by a demonstrative ("this option", "those values"), a recap of the
# section before ("You've written things down.").
_FIRST_LEANS = re.compile(
    r"^[^;:]*?\bhowever\b(?! (?:you|we|they|i|many|much|long|often)\b)|"
    r"\b(?:i|we|you|it|they)\s+(?:(?:can|could|will|would|should|must|might|may|were to|are to)\s+)?then\b(?!\s+(?:on|again)\b)|"
    r"^(?:first|firstly|second|secondly|then|next|finally|now|here|so|again|basically|essentially|luckily|"
    r"unfortunately|fortunately|of course|by default|in (?:fact|practice|short)|at first),?\s+(?:it|they)\s+"
    r"(?!is\b|was\b|'s\b|’s\b|isn't\b|wasn't\b)[a-z]+|"
    r"\b(?:that|which|how|when|where|if|once|because|since|why|whether|until|unless)\s+this\s+"
    r"(?:can|could|will|would|does|did|works|worked|means|lets|allows|helps|makes|gives|needs|requires)\b|"
    r"^(?:if|when|once|since|because|although|while|unless|after|before|as|whether|until)\s+"
    r"(?:(?:these|those|this|that)\s+(?!is\b|was\b|isn't\b|'s\b|’s\b|are\b)[a-z][\w-]*|"
    r"(?:that|this)(?:'s|’s| is) the case)\b|"
    r"\b(?:this|these|those) (?:example|examples|snippet|command|commands|option|options|setting|settings|"
    r"value|values|list|lists|output|file|files|function|method|approach|technique|trick|pattern|step|steps|"
    r"change|changes|setup|script|query|recipe|flag|error|message|feature|tool)\b|"
    r"^(?:you've|you have|we've|we have)\s+(?:now\s+|already\s+|just\s+)?[a-z]+\s+"
    r"(?:things|everything|it|that|this|them|so)(?:\s+(?:down|up|out|in))?[.!]?$",
    re.I,
)
# "Give them both a try …", "Pipe it into …", "I can point it to …": an object never named.
_VERB_IT = re.compile(
    r"^(?:(?:i|we|you)\s+(?:can\s+|could\s+|will\s+|just\s+|then\s+)?)?(?!make\b|take\b|keep\b)(?P<verb>[a-z]+)\s+"
    r"(?:it|them)\s+(?:both|all|to|into|the|a|an|with|through|in|on|as|from|at)\b",
    re.I,
)
# "… you'll be able to set these IDs yourself.": a noun the sentence has not named, unless a colon
# gives the items ("Check these settings: …").
_THESE_NOUN = re.compile(r"\bthese\s+(?!are\b|were\b|days\b|two\b|three\b)(?P<noun>[a-z][\w-]*)", re.I)
# "You need to select your reporting timezone too.": a short sentence adding to one not given.
_SHORT_ADDITION = re.compile(r"\b(?:too|as well)\s*[.!]?$", re.I)
# Anywhere in a unit: a kind of thing listed elsewhere ("these types of contributions"), a picture
# the unit does not carry ("as in the screenshot"), and a sentence that ends on a one-letter name
# from a code sample ("… can then be appended to a."), which reads as a missing word.
_LEANS_IN_ANY = re.compile(
    r"\b(?:these|those) (?:types|kinds|sorts) of\b|"
    r"\b(?:in|on|from|see) the (?:screenshot|screen shot|picture|gif|figure|diagram|illustration)s?\b|"
    r"\b(?:to|from|with|of|in|on|into|onto|by|than)\s+(?:an|the|[a-hj-z])\s*[.!?]?$",
    re.I,
)


_OPENING_MARKS = "\"'“‘(*_ "  # a quote, bracket or emphasis before a sentence's first word


@lru_cache(maxsize=SENTENCE_MEMO)
def leaning_sentence(text: str, question: str = "") -> tuple[int, str] | None:
    """The first sentence of ``text`` that leans on text the unit does not carry, as (index, the
    words that lean), else None. Past the first sentence too: "Here is a screenshot of a few that
    I expanded …", "such a task", "tasks like this", "Put another way, …", "Though this could be
    done …", "The second reason is for you." (unless the unit names a first); "also" in the first
    sentence only ("You may also want to consider …"), where nothing before it is in the unit.
    ``question``: the FAQ question the unit answers, which names what "this endpoint" stands for.
    Memoised (a pure function of its arguments): the backend and every channel ask it of the same
    sentences, tens of thousands of times in a cold build of a few hundred pages."""
    sentences = tuple(split_sentences(text))
    last = len(sentences) - 1
    for k, sentence in enumerate(sentences):
        if _quiet(sentence):
            continue
        said = _sentence_leans(sentences[:k], sentence, question)[k == last]
        if said is not None:
            return k, said
    return None


@lru_cache(maxsize=4096)  # a page's sentences, with room
def _quiet(sentence: str) -> bool:
    """True when no pattern a rule of :func:`_sentence_leans` or :func:`~.leans_on_code.code_leans`
    needs matches ``sentence`` (a rule added adds its pattern here): it leans on nothing wherever it
    stands. Kept per sentence: most lean on nothing, and one sentence is judged in many units."""
    body = sentence.strip().lstrip(_OPENING_MARKS)
    rules = (_LEANS_ANYWHERE, _ORDINAL_ONE, _LEANS_IN_ANY, _ALSO, _LEANING_OPENINGS, _FIRST_LEANS, _VERB_IT)
    return not any(rule.search(body) for rule in (*rules, _THESE_NOUN, _SHORT_ADDITION)) and not may_lean_on_code(body)


@lru_cache(maxsize=1024)  # the hits come within one page
def _sentence_leans(before: tuple[str, ...], sentence: str, question: str) -> tuple[str | None, str | None]:
    """The words of ``sentence`` that lean after the sentences ``before`` it, else None: (in the middle
    of the unit, ending it). Kept apart from :func:`leaning_sentence`'s memo: the FAQ asks that of
    every prefix of a run (``_before_leaning``), each a new text whose earlier sentences it judged."""
    body = sentence.strip().lstrip(_OPENING_MARKS)
    m = _LEANS_ANYWHERE.search(body)
    if m:
        return m.group(0), m.group(0)
    m = _ORDINAL_ONE.match(body)
    if m and not re.search(r"\b(?:first|one)\b", " ".join(before), re.I):
        return m.group(0), m.group(0)
    inside, ending = code_leans(before, body, question)
    if inside and ending:
        return inside, ending
    rest = _leans_in_prose(before, body)
    return inside or rest, ending or rest


def _leans_in_prose(before: tuple[str, ...], body: str) -> str | None:
    """The rules after :func:`~.leans_on_code.code_leans`: kinds listed elsewhere, unseen pictures, openings."""
    m = _LEANS_IN_ANY.search(body)
    if m and not _kinds_given(" ".join([*before, body[: m.start()]]), body[m.end() :], m.group(0)):
        return m.group(0).strip(" .!?")
    if not before:
        m = _ALSO.match(body)
        if m:
            return "also"
        m = _LEANING_OPENINGS.match(body) or _FIRST_LEANS.search(body)
        if m and not _named_before(body, m) and not _items_follow(body, m):
            return m.group(0).strip(" ,")
        m = _VERB_IT.match(body)
        if m and is_base_verb(m.group("verb").lower()):
            return m.group(0)
        m = _THESE_NOUN.search(body)
        if m and not _items_follow(body, m) and not _named_before(body, m):
            return m.group(0)
        m = _SHORT_ADDITION.search(body)
        if m and len(body.split()) <= 12:
            return m.group(0).strip(" .!")
    return None


# The unit itself lists the kinds it then calls "these types of …" ("X, Y and Z. These kinds of …").
_GIVES_ITEMS = re.compile(r":|\bsuch as\b|\blike\b|\bincluding\b|\w+, \w+,? (?:and|or) \w+", re.I)


def _kinds_given(before: str, after: str, said: str) -> bool:
    """ "these kinds of defaults" after "default values", or after a list the unit gives itself."""
    if not said.lower().startswith(("these", "those")):
        return False
    noun = (re.findall(r"[A-Za-z]+", after) or [""])[0].lower()
    noun = noun[:-1] if noun.endswith("s") else noun
    return bool(_GIVES_ITEMS.search(before) or (noun and re.search(rf"\b{re.escape(noun)}s?\b", before, re.I)))


def _items_follow(sentence: str, m: re.Match[str]) -> bool:
    """ "Check these settings: the domain, …": a demonstrative whose items the sentence gives next."""
    return m.group(0).lower().startswith(("this ", "these ", "those ")) and ":" in sentence[m.end() :]


def _named_before(sentence: str, m: re.Match[str]) -> bool:
    """ "Add a goal, then open that goal's settings": a demonstrative and its noun after the same
    noun earlier in the sentence names it there."""
    said = m.group(0).split()
    if len(said) != 2 or said[0].lower() not in ("this", "these", "those"):
        return False
    noun = said[1].lower()
    return bool(re.search(rf"\b{re.escape(noun[:4])}", sentence[: m.start()], re.I))


_ENDS_LEANING = re.compile(r"\b(?:too|as well|though|here|again)\s*[.!]?[\"'”’)]*$", re.I)


# "Mark it down …", "If they don't …": a pronoun before anything it could stand for.
_PRONOUN_FIRST = re.compile(
    r"^(?:(?:if|when|once|after|before|unless|because|although|since|while|until|so)\s+|"
    r"[A-Za-z]+\s+(?=(?:it|them)\b))?(?:it|they|them|their|its|he|she|him)\b(?!\s+(?:is|'s|was)?\s*"
    r"(?:easy|easier|hard|harder|possible|impossible|clear|simple|important|worth|necessary|likely|"
    r"unlikely|okay|ok|fine|better|best)\b)",
    re.I,
)
# "If you forget it, you'll have to …"
_YOU_DO_IT = re.compile(
    r"^(?:(?:if|when|once|after|before|until|unless)\s+)?(?:you|we|i)\s+\w+\s+(it|them)\b(?!\s+(?:is|'s|was)?\s*"
    r"(?:easy|easier|hard|harder|possible|clear|simple)\b)",
    re.I,
)
# "Shows the operating systems used by your visitors.": a verb without its subject (a table cell, a caption)
_NO_SUBJECT = re.compile(r"^(?P<verb>[A-Z][a-z]+s)\s+(?:the|your|a|an|all|how|which|what|whether|each|every)\b")


def subject_problem(text: str) -> str | None:
    """The message when ``text`` opens with a verb and no subject ("Shows the operating systems …"), else None."""
    m = _NO_SUBJECT.match(text.strip())
    if m is None or not is_base_verb(m.group("verb")[:-1].lower()) or m.group("verb").lower().endswith("ss"):
        return None
    return (
        f'opens with "{m.group("verb")}" and no subject: it reads as a caption out of its table or list; say what '
        f"{m.group('verb').lower()} it"
    )


# "to <verb>", "so (that)", "in order to": the instruction says what it is for.
_PURPOSE = re.compile(
    r"(?<!want )(?<!wants )(?<!need )(?<!needs )(?<!have )(?<!has )(?<!able )(?<!going )(?<!like )"
    r"\b(?:to|in order to)\s+(?:\w+ly\s+)?(?P<verb>[A-Za-z]+)|\bso(?: that)?\s+(?:you|your|it|the)\b|"
    r"\b(?:if|when|whenever|unless|every time|because|rather than|instead of|before|after|until|"
    r"whose|which)\b",
    re.I,
)


_AFTER_VERB = frozenset(
    "your my our their his her its the a an all this that these those every each some any it them "
    "us up down out off over on in into onto to at through".split()
)
_STATEMENT_VERBS = frozenset("is are was were has have can will should must does do isn't aren't".split())


# Words that tie a sentence to the one before it: after a sentence is left out, the next may not lean on it.
_TIED = re.compile(
    r"\b(?:this|these|those|it|its|it's|they|them|their|such|that (?!is\b|was\b|are\b|you\b|we\b|i\b|they\b|"
    r"the\b|a\b|an\b|it\b|your\b|our\b))",
    re.I,
)


def tied_to_previous(text: str) -> bool:
    """True when ``text`` may lean on the sentence before it ("Keeping that influx of emails at bay …")."""
    return bool(_TIED.search(text))


# "Some examples include: …", "One of them …", "Another option is …": a part of a set the sentence
# before names.
_PART_OF_BEFORE = re.compile(r"^(?:some|one|another|other|others|both|either|neither|the other|the rest)\b", re.I)


def continues_previous(text: str) -> bool:
    """True when ``text``, found mid-paragraph, continues the sentence before it: it names
    something through a pronoun or a demonstrative (:func:`tied_to_previous`), picks a part of a set
    named before ("Some examples include: …"), or is the next step of the writer's instructions
    ("Select one to begin …"). Such a sentence cannot open a unit quoted without that sentence."""
    body = text.strip().lstrip("\"'“‘(*_ ")
    return tied_to_previous(body) or bool(_PART_OF_BEFORE.match(body)) or is_instruction(body)


def _statement(ws: list[str]) -> bool:
    """A subject and its verb within the first words ("Open source is …", "Access to the dashboard is …"),
    up to a relative word ("Set up a goal that is …" stays an instruction)."""
    for w in ws[1:5]:
        low = w.lower().strip(",.;:")
        if low in ("that", "which", "who", "where", "when", "if"):
            return False
        if low in _STATEMENT_VERBS:
            return True
    return False


def setup_problem(text: str) -> str | None:
    """The message when ``text`` opens with a scenario, a greeting or a motivation, else None."""
    m = _SETUP.match(text.strip().lstrip("\"'“‘(*_ "))
    if m is None:
        return None
    return (
        f'opens with "{m.group(0)}", which sets the scene instead of making the point; start with what the '
        "reader should know or do"
    )


def leaning_problem(text: str) -> str | None:
    """The message when ``text``, read alone, leans on text around it (beyond its opening word,
    which :func:`aeoloop.quality.contract.check_standalone` already checks), else None."""
    body = text.strip().lstrip("\"'“‘(*_ ")
    m = _LEANING_OPENINGS.match(body)
    if m:
        return (
            f'opens with "{m.group(0)}", which continues an example or a procedure the reader of this text cannot see'
        )
    found = leaning_sentence(body)
    if found:
        return f'says "{found[1]}", which leans on text the reader of this text cannot see; name it or drop it'
    m = _LEANING_INSIDE.search(body)
    if m:
        return f'says "{m.group(0)}", which points at something the reader of this text cannot see; give it or drop it'
    said = alone_problem(body)
    if said:
        return said
    m = _ENDS_LEANING.search(body)
    if m and (len(body.split()) <= 10 or m.group(0).lower().startswith("here")):  # "You can sort your sites too."
        return f'ends with "{m.group(0).strip(" .!")}", which leans on a sentence the reader of this text cannot see'
    m = _YOU_DO_IT.match(body)
    if m:
        return (
            f'says "{m.group(0)}" before naming what "{m.group(1)}" stands for: the reader of this text cannot '
            "tell; name it"
        )
    m = _PRONOUN_FIRST.match(body)
    if m and (
        m.group(0).split()[0].lower() not in ("it", "they", "them", "their", "its", "he", "she", "him")
        or len(m.group(0).split()) > 1
    ):
        word = m.group(0).split()[-1]
        return (
            f'says "{word}" before naming anything ("{" ".join(body.split()[:4])} …"): the reader of this text '
            "cannot tell what it stands for; name it"
        )
    return None


@lru_cache(maxsize=SENTENCE_MEMO)  # its repeats come within a page, as the other sentence checks' do
def instruction_problem(text: str) -> str | None:
    """The message when ``text`` is an instruction that does not say what it is for, else None.

    "To cancel your plan, go to …" and "Click the goal … to see the full list" carry their goal;
    "Hover over the date on the chart where you want to place the annotation." is a step quoted
    out of its procedure.

    (Memoised, a pure function of the text: the takeaways ask it of each candidate, then the
    takeaway check of the same sentence asks it again.)"""
    body = text.strip().lstrip("\"'“‘(*_ ")
    ws = re.findall(r"[A-Za-z']+", body)
    # A verb outside the instruction list counts when an object or a direction follows it ("Hover
    # over …", "Mark it down …"), not a noun ("Band alarms watch …").
    ordered = (
        is_instruction(body)
        or len(ws) > 1
        and ws[0][:1].isupper()
        and ws[1].lower() in _AFTER_VERB
        and is_base_verb(ws[0])
    )
    if not ordered or _statement(body.split()):
        return None  # "Open source is an unusual circumstance …": a subject and its verb, not an order
    for m in _PURPOSE.finditer(body):
        verb = m.group("verb")
        if verb is None or is_base_verb(verb):
            return None
    return (
        "is an instruction without its goal: read alone, it does not say what it achieves; say what for "
        '("To cancel your plan, go to …") or choose a statement'
    )
