"""Does an answer answer its question? ("How do you …?" wants a way, not the motivation.)

Why: sharing the question's key terms is not answering it. Graded by hand, a third of the FAQ
answers that passed every other rule were the set-up of a section, not its answer: under "How
do you curl with basic auth credentials?" the writer's preamble ("I often use curl to take a
quick look at the responses of particular endpoints."), under "How do you spread the word?" the
why ("There's no rule that says you have to promote an open source project…"). These checks look
for the shape of a way of doing something (an instruction, "you can <verb>", "by <verb>ing",
"using …", a named command, flag or setting) and for openings that only set a scene. English
only; other languages pass. The examples in the comments are real sentences from public docs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import split_sentences
from .instructions import is_base_verb, is_instruction
from .not_a_way import (
    content_terms,
    passive_way,
    gerund_is,
    BUT_WAY,
    DEFINES_A_THING,
    CHOICE,
    EMBEDDED,
    LINK_OUT,
    MANY_WAYS,
    NOW_DONE,
    QUOTATION,
    RESULT_OF_ACT,
    SUBJECT_FIRST,
    WHERE_IT_LIVES,
    WRITER_GETS,
    after_the_act,
    needed_for,
    same_act,
    turns_to_a_problem,
)

# "How do you …?", "How can I …?", "How should we …?": a task. Not "How does X work?" (a
# mechanism) nor "How much/many/long …?".
_HOW_TASK = re.compile(
    r"^how\s+(?:(?:do|can|could|should|would)\s+(?:you|i|we|one)|to)\s+(?!know\b|tell\b|feel\b)[a-z]", re.I
)  # "How do you know if …?" asks for a sign, not a way
_ACTOR_MODAL = re.compile(
    r"\b(?:you|we|i|one|users?|anyone)\s*(?:can|could|may|might|should|must|need to|have to|'ll need to|"
    r"will need to|'ll have to|will have to|’ll need to|’ll have to|are able to|'d use|would use)\s+"
    r"(?:(?:also|just|simply|quickly|easily|optionally|then|now|still|instead|always|either|even|first|only|"
    r"directly|manually|safely)\s+)*(?P<verb>[a-z]+)",
    re.I,
)
_NOT_A_WAY = frozenset(
    "be see imagine expect feel think find notice tell wonder say guess want like prefer wish love "
    "hate need have".split()
)
_PASSIVE_WAY = re.compile(
    r"\b(?:can|could|should|must|may|is|are)\s+(?:also\s+|easily\s+|then\s+)?(?:be\s+)?(?:done|set|achieved|"
    r"accomplished|enabled|disabled|changed|configured|added|removed|installed|fixed|solved|turned on|turned off|"
    r"created|updated|controlled|adjusted|managed|customi[sz]ed|found|accessed|activated|deactivated|edited|"
    r"selected|toggled)\s+(?:\w+\s+){0,3}?(?:with|by|using|via|in|from|through|under|on)\b|"
    r"\b(?:is|are|can be|should be|must be|gets?)\s+(?:\w+ly\s+)?[a-z]+ed\s+(?:\w+\s+){0,3}?(?:with|by|using|via|"
    r"through)\b",
    re.I,
)  # "Bearing faults are detected earliest with envelope analysis …"
_INSTRUMENT = re.compile(
    r"\bas\s+(?:simple|easy|quick|straightforward)\s+as\s+[a-z]+ing\b|"  # "can be as simple as adding a line"
    r"\b(?:by|via)\s+(?:\w+ly\s+)?[a-z]+ing\b|(?:^|[,(]\s*)using\s+(?!up\b|it\b|them\b)[\w.:$<>/'-]+|"
    r"\b(?:way|trick|solution|fix|answer|approach|option|key|workaround|alternative|technique|remedy)\b[^.;:]{0,60}?"
    r"\bis\s+(?:to|by|with|using)\b",
    re.I,
)
# Set-ups a note writes before its way: the ordinary way it then improves on, what the reader may
# have met, what a tool does by default. Under "How do you show the most recently committed
# branches?" the sentence "The standard way to list your branches is with the git branch command."
# names the foil, not the answer ("With the git for-each-ref command, we can …" comes later).
_FOIL = re.compile(
    r"^(?:normally|usually|typically|generally|ordinarily|traditionally|historically|by default|in the past|"
    r"most of the time)\b|"
    r"\b(?:the|a|one)\s+(?:standard|normal|usual|typical|default|common|traditional|conventional|obvious|naive|"
    r"old|classic)\s+(?:way|approach|method|practice)\b|"
    r"\b(?:you|we|i)\s+(?:may|might|probably)\s+(?:already\s+)?(?:have\s+)?(?:seen|noticed|heard|come across|met)\b|"
    r"\b(?:you|we|i)\s+(?:may|might)\s+find\s+(?:yourself|ourselves|myself)\b|"
    r"\b(?:defaults?|defaulted)\s+to\s+[a-z]+ing\b|\bwill\s+default\s+to\b|\bcan\s+accommodate\b",
    re.I,
)
# The way a note gives after its set-up, behind a contrast or an enabler: "A great workaround is to
# escape string literals using …", "Instead, what you'll want to do is drop the index …", "Vim allows
# you to quit with an error code.", "If we tack on and_call_original then RSpec will …".
_CONTRAST = re.compile(
    r"^(?:instead|rather than|a (?:great|good|better|simple|simpler|neat|nice|handy) "
    r"(?:workaround|alternative|way|trick|solution|fix))\b",
    re.I,
)
_WHAT_TO_DO = re.compile(
    r"\bwhat\s+(?:you|we|i)(?:'ll|’ll|\s+will|\s+would|'d|’d)?\s+(?:want|need|have)\s+to\s+do\s+is\s+(?:to\s+)?"
    r"(?P<verb>[a-z]+)",
    re.I,
)
# A sentence that quotes its command after a colon: "Vim allows you to quit with an error code: :cq."
_QUOTED_CODE = re.compile(r":\s+(?=[^\s]*[$:;(){}=+*/<>|_\\-])[^\s]+(?:\s+\S+){0,12}\.?$")
_ENABLER = re.compile(r"\b(?:allows?|lets?|enables?)\s+(?:you|us|one|users?)\s+(?:to\s+)?(?P<verb>[a-z]+)", re.I)
# not "If you don't see any output, then …": a condition on a result ("don" is no verb here)
_IF_WE_DO = re.compile(r"^if\s+(?:we|you|i)\s+(?P<verb>[a-z]+)\b(?!['’])[^,]{0,80}?,?\s+then\b", re.I)
# The question's own verb with the instrument that does it: "you can reference that node from the
# console with $0", "using the J command".
_CODE_INSTRUMENT = re.compile(
    r"\b(?:with|using|via)\s+(?:the\s+)?(?:\S*[$_./:=+*<>@#%\\-]\S*|[\w.:/-]+\s+(?:command|flag|option|key|"
    r"shortcut|keybinding|function|method|setting|attribute|directive|button|menu|helper|operator|argument)s?\b)",
    re.I,
)
_TOOL_NOUNS = (
    r"command|flag|option|function|method|plugin|package|module|setting|settings|key|keybinding|"
    r"shortcut|operator|directive|builtin|tool|extension|parameter|argument|helper|endpoint|toggle|"
    r"switch|button|menu|query|snippet|script|library|utility|utilities|feature|role|integration"
)
_NAMED_TOOL = re.compile(
    rf"\b(?:with|use|uses|run|runs|call|via|pass|invoke|execute|try|install|enable|add|include|including|"
    rf"set|turn on|toggle)\s+(?:\w+\s+){{0,2}}?(?:the|a|an|its|their|this)\s+(?:[\w.:/$<>+#@'-]+\s+){{1,3}}"
    rf"(?:{_TOOL_NOUNS})\b|"
    rf"\b(?:you|we|i)(?:'ll|’ll|\s+will|\s+would|'d|’d)\s+(?:want|need)\s+(?:to\s+use\s+)?(?:the|a|an)\s+"
    rf"(?:[\w.:/$<>+#@'-]+\s+){{1,3}}(?:{_TOOL_NOUNS})\b|"  # "you'll want the db:migrate:down command"
    rf"\b(?:{_TOOL_NOUNS})s?\s+(?:called|named)\b|\bcomes with\b|\b(?:start|starts|begin|begins)\s+with\b|\bprovides\b|\bthere is an? (?:\w+\s+){{0,2}}"
    rf"(?:{_TOOL_NOUNS})\b",
    re.I,
)
# Ways of doing by another name: where to go and what to do there.
_WHERE_TO_ACT = re.compile(
    r"(?:^|[:;]\s*|\bthen\s+|\bjust\s+|\bsimply\s+)(?:go to|go into|head to|head over to|navigate to|visit|click|tap|select|choose|"
    r"toggle|tick|untick|check the|press|hit|type|enter|paste|copy|run|install|add|set up)\b",
    re.I,
)
_LEADING_CLAUSE = re.compile(
    r"^(?:if|when|to|for|once|after|before|whenever|in|on|from|with|within|under|"
    r"as|since|while)\b[^,]{0,90},\s*",
    re.I,
)
# Openings that set a scene instead of answering (under a "How" question).
_SCENE = re.compile(
    r"^(?:let's say|let us say|say you|suppose|imagine|picture this|consider (?:a|an|the|this)\b|"
    r"there's no rule|there is no rule|i(?:'m|’m)?\s+(?!can\b|could\b|use\b|run\b)[a-z]+\b|my\s+\w+\s+(?:project|app|team)\b|"
    r"recently\b|the other day\b|(?:whenever|every time) i\b|"
    r"[\w' -]{1,60}? is one of the (?:most|best|biggest|first)\b|"
    r"one of the (?:most|best|biggest) (?:important|common|useful)\b)",
    re.I,
)


_AFTER_IMPERATIVE = frozenset(
    "the a an your you it them this that these those on by with to in for up out about all any some each every time us "
    "sure back down over into off away through patient careful".split()
)
_GERUND_HELPS = re.compile(
    r"^[A-Z][a-z]+ing\b[^.]{0,120}?\b(?:helps?|will help|lets?|is how|is the way|keeps?|means|involves|requires|follows|starts with|begins with|comes down to|works best|takes|"
    r"gets?|makes?)\b"
)


# "Writing things down makes it easier to …", "Keeping notes helps you …": what the act is good for. Not
# "Setting thresholds takes six steps …" nor "Combining both means assigning …": those describe the way.
_GERUND_BENEFIT = re.compile(
    r"^[A-Z][a-z]+ing\b[^.]{0,120}?\b(?:helps?|will help|lets?|keeps?|makes?|gets?|saves?|gives?)\b"
)


# An adverb a writer puts before an instruction: "Just reference the stash.", "Simply run …".
_SOFTENER = re.compile(r"^(?:just|simply|then|now|finally)\s+(?=[a-z]+\s)", re.I)


def _imperative(text: str) -> bool:
    """An instruction: :func:`is_instruction`, or any base-form verb first when the next word
    cannot follow a noun subject ("Take time to reflect …", "Focus on building …", "Be patient")."""
    if re.match(r"^[^,]*,\s*say\b", text, re.I):
        return False  # "When creating a table for, say users, …": an aside, not "Say …"
    if is_instruction(text):
        return True
    plain = _SOFTENER.sub("", text, count=1)
    if plain != text and plain[:1].islower():
        return _imperative(plain[:1].upper() + plain[1:])  # "Just reference the stash you want."
    if SUBJECT_FIRST.match(text):
        return False  # "People with common interests will want …": the first word is the subject
    ws = text.split()
    if len(ws) < 2 or not ws[0][:1].isupper():
        return False
    first, second = ws[0].lower().strip(",."), ws[1].lower().strip(",.")
    return first not in _NOT_A_WAY - {"be", "see"} and is_base_verb(first) and second in _AFTER_IMPERATIVE


def is_how_question(question: str) -> bool:
    """A question asking for a way to do something ("How do you export stats?")."""
    return bool(_HOW_TASK.match(" ".join(question.split())))


def _acting_verb(verb: str) -> bool:
    return verb.lower() not in _NOT_A_WAY and is_base_verb(verb.lower())


def is_foil(sentence: str) -> bool:
    """True when ``sentence`` sets up the ordinary way or what the reader may have met ("The
    standard way to list your branches is …", "Normally, …", "you may have seen it escaped …",
    "If you do want that method called, RSpec can accommodate you.")."""
    return bool(_FOIL.search(" ".join(sentence.replace("**", "").replace("`", "").split())))


def _way_after_but(text: str) -> bool:
    """The clause after ", but" of a foil says how ("By default it is off, but you can turn it on
    from the devtools console")."""
    m = BUT_WAY.search(text)
    if not m:
        return False
    rest = m.group("rest")
    return not _FOIL.search(rest) and says_how(rest[:1].upper() + rest[1:])


def offers_a_way(sentence: str, *, enabler: bool = True) -> bool:
    """True when ``sentence`` gives the way after a contrast or through an enabler, the shape a
    note's answer takes after its set-up ("A great workaround is to …", "Instead, what you'll want
    to do is drop the index …", "Vim allows you to quit with an error code.", "If we tack on
    and_call_original then RSpec will …")."""
    text = " ".join(sentence.replace("**", "").replace("`", "").split())
    if not text:
        return False
    if _FOIL.search(text):
        return _way_after_but(text)  # the foil and the way against it in one sentence
    if _CONTRAST.match(text):
        rest = re.sub(r"^(?:instead|rather than)\b[^,]{0,80},\s*", "", text, count=1, flags=re.I)
        actor = _ACTOR_MODAL.match(rest)
        if rest != text and (_imperative(rest[:1].upper() + rest[1:]) or actor and _acting_verb(actor.group("verb"))):
            return True  # "Instead, use …", "Rather than X, you can …" (not "Instead, we might want to …": a wish)
        goal = _LEADING_CLAUSE.sub("", rest, count=1)
        if rest != text and goal != rest and says_how(goal[:1].upper() + goal[1:]):
            return True  # "Instead, if you want to undo an older one, you'll want the down command."
        if not re.match(r"^(?:instead|rather than)\b", text, re.I):
            return True  # "A great workaround is to …"
    for pattern in (_WHAT_TO_DO, _ENABLER, _IF_WE_DO) if enabler else (_WHAT_TO_DO, _IF_WE_DO):
        m = pattern.search(text)
        if m and _acting_verb(m.group("verb")):
            return True
    return False


def contrasts_a_way(sentence: str) -> bool:
    """True when ``sentence`` offers its way against what came before ("Instead, …", "A great
    workaround is to …", "Rather than …, you can …", "what you'll want to do is …"): the sentences
    before it are the set-up or the foil, not the answer."""
    text = " ".join(sentence.replace("**", "").replace("`", "").split())
    return offers_a_way(text) and bool(
        _CONTRAST.match(text) or _WHAT_TO_DO.search(text) or _FOIL.search(text) and _way_after_but(text)
    )


@lru_cache(maxsize=16384)
def says_how(sentence: str, *, gerund: bool = True) -> bool:
    """True when ``sentence`` gives a way of doing something: an instruction ("Open any invoice from Paddle and
    click Add address"), an actor who can act ("You can install the lein-exec plugin"), a passive way ("This can be
    done with command …"), an instrument ("by adding the steps", "using the J command"), a named command, flag or
    setting, or where to act. Memoised (pure): the FAQ, the contract and the pool ask it of the same sentences."""
    text = " ".join(sentence.replace("**", "").replace("`", "").split())
    if not text:
        return False
    if _FOIL.search(text):
        # "The standard way to list your branches is …", "Normally, you'll make some changes …"; but
        # "By default it is off, but you can turn it on from the console" gives the way after its foil
        return _way_after_but(text)
    if NOW_DONE.match(text) or WRITER_GETS.match(text):
        return False  # the outcome of steps the answer does not carry
    if DEFINES_A_THING.match(text) and not re.search(r":\s+\S", text):
        return False  # "Grit is a CLI tool that you can use to tidy logs.": what it is, not how to use it
    if LINK_OUT.match(text):
        return False  # "See how to set up custom properties.": the way is on the page it linked to
    if MANY_WAYS.search(text) and ":" not in text:
        return False  # "We can override the type of id in a variety of ways.": announced, not given
    if offers_a_way(text, enabler=False) or (_QUOTED_CODE.search(text) and _ENABLER.search(text)):
        return True  # "Vim allows you to quit …: :cq." (without its command, an enabler is a feature blurb)
    if _imperative(text) or gerund and _GERUND_HELPS.match(text):
        return True  # "Helping newcomers … will help you build a positive reputation."
    rest = _LEADING_CLAUSE.sub("", text, count=1)
    if rest != text and _imperative(rest[:1].upper() + rest[1:]):
        return True  # "If each client needs their own invoicing, use a separate team per client."
    for part in re.split(r"[:;]\s+", text)[1:]:
        if _imperative(part[:1].upper() + part[1:]):
            return True  # "Everything is self-serve in your account settings: change your plan …"
    for part in _SO_DO.split(text)[1:]:
        if part.split()[0].lower() not in _ADVICE and _imperative(part[:1].upper() + part[1:]):
            return True  # "Your snippet changes when you edit it, so be sure to paste the new one …"
    result = RESULT_OF_ACT.match(text)
    for m in _ACTOR_MODAL.finditer(text):
        verb = m.group("verb").lower()
        if result and m.start() < result.end():
            continue  # "When you turn on X, you are able to edit …": the outcome, not the way
        if verb in WHERE_IT_LIVES and EMBEDDED.match(text[m.end() :]):
            continue  # "you can control what data is collected in …": where it lives, not what to do
        if verb not in _NOT_A_WAY and is_base_verb(verb):
            return True
    return bool(
        passive_way(text, _PASSIVE_WAY)
        or _INSTRUMENT.search(text)
        or _NAMED_TOOL.search(text)
        or _WHERE_TO_ACT.search(text)
    )


# "…, so consider your strengths": advice to weigh something, not a step.
_ADVICE = frozenset("consider think remember keep bear note try weigh ask imagine decide".split())
# The instruction a writer gives as a consequence: "…, so copy the new key", "… will change so do make sure …".
_SO_DO = re.compile(r",?\s+so\s+(?:do\s+)?(?=(?!that\b|you\b|we\b|it\b|they\b|i\b)[a-z]+\s)", re.I)
_QUESTION_VERB = re.compile(r"^how\s+(?:(?:do|can|could|should|would)\s+(?:you|i|we|one)|to)\s+(?P<verb>[a-z]+)", re.I)


@lru_cache(maxsize=16384)
def answers_how(sentence: str, question: str) -> bool:
    """:func:`says_how`, except that a sentence whose only way is the question's own verb after "you can" restates
    the question instead of answering it: under "How do you pin your most-used sites?" the sentence "You can pin
    sites that you want to feature at the top of the Sites page." says that you can, not how (the instruction, "To
    pin a site, click on the menu icon …", comes later). Memoised: the FAQ asks it of a sentence up to 3 times."""
    if not says_how(sentence):
        return False
    text = " ".join(sentence.replace("**", "").replace("`", "").split())
    if QUOTATION.search(text):
        return False  # "…, take some advice from a poet who once said, "…"": a quotation is the motivation
    asked = _QUESTION_VERB.match(" ".join(question.split()))
    helps = _GERUND_BENEFIT.match(text)
    if (
        helps
        and asked
        and gerund_is(text.split()[0], asked.group("verb").lower())
        and not content_terms(text[helps.end() :]) & content_terms(question)
        and not says_how(text, gerund=False)
    ):
        return False  # "Writing things down makes it easier to say no …" under "How do you document …?": a why
    if not asked:
        return True
    verb = asked.group("verb").lower()
    if after_the_act(text, verb):
        return False  # "After you disable tracking, we will remove the goal …": the outcome of the act
    if _CODE_INSTRUMENT.search(text):
        return True  # "you can reference that node from the console with $0": the instrument is the how
    for m in [*_ACTOR_MODAL.finditer(text), *_ENABLER.finditer(text)]:
        said, start, end = m.group("verb").lower(), m.start(), m.end()
        chosen = CHOICE.match(text[end:]) if said in ("decide", "choose", "opt", "elect") else None
        if chosen:  # "you can decide to enable notifications …" says that you can enable them
            said, end = chosen.group("verb").lower(), end + chosen.end()
        if same_act(said, verb) and re.search(
            r"\b(?:can|could|may|might|are able to|allows?|lets?|enables?)\b", text[start:end], re.I
        ):
            # "You can pin …" says that you can; "You need to set …" is an instruction.
            masked = ("It does" if start == 0 else text[:start] + "it does") + text[end:]
            # "You can quickly join lines … using the J command": the instrument is the how.
            return says_how(masked) or bool(re.search(r"\busing\s+(?!up\b|it\b|them\b)\S", masked, re.I))
        if same_act(said, verb) and re.search(r"\b(?:must|need to|have to)\b", m[0]) and needed_for(text, m, says_how):
            return False  # "You need to create a shared link to embed the board elsewhere.": that you must, and why
    return True


def sets_a_scene(sentence: str) -> bool:
    """True when ``sentence`` opens a scenario or the writer's story instead of an answer
    ("Let's say a machine has an initial state of green …", "I usually just talk to my
    coworkers in Slack.", "Writing things down is one of the most important things you can do")."""
    return bool(_SCENE.match(sentence.strip().lstrip("\"'“‘(")))


# "Perhaps you want the job to tidy up before it stops.": why a reader would want the way, said before it.
_MOTIVE = re.compile(r"^(?:perhaps|maybe)\s+(?:you|we|i)\s+(?:want|need|would like|wish|'d like|’d like)\b", re.I)


def how_problem(answer: str, question: str) -> str | None:
    """Why ``answer`` does not answer the "How do you …?" ``question`` (None when it does, or when
    the question does not ask how)."""
    if not is_how_question(question):
        return None
    sentences = split_sentences(answer) or [answer]
    if sets_a_scene(sentences[0]):
        return (
            f'opens with a scene or the why ("{" ".join(sentences[0].split()[:6])} …"), not with how it is done; '
            "start with the way to do it (what to run, click or use)"
        )
    quoted = QUOTATION.search(" ".join(sentences[:2]))
    if quoted:
        return (
            f'opens with a quotation ("{quoted.group(0)} …"), the motivation, not how it is done; start with the '
            "way to do it"
        )
    if not any(answers_how(s, question) for s in sentences[:2]):
        return (
            "says what or why, not how: neither of its first two sentences gives an instruction, a command or "
            "setting to use, or a way to do it; open with the step (or the command)"
        )
    for k, s in enumerate(sentences[1:], start=1):
        if _MOTIVE.match(s.strip()) and not any(says_how(x) for x in sentences[k + 1 :]):
            return (
                f'gives the motivation ("{" ".join(s.split()[:5])} …") and stops before the way; end the answer '
                "with how it is done"
            )
        if turns_to_a_problem(s) and not says_how(s):
            return (
                f'stops at the problem ("{" ".join(s.split()[:6])} …" turns against the way before it) and leaves '
                "out the fix; give the way that works, or end the answer before the problem"
            )
    return None
