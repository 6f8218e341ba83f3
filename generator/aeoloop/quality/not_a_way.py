"""Sentences shaped like a way of doing something that give none (English).

Why: the how check (:mod:`.answering`) looks for the shape of a way ("you can <verb>", an
instrument, a named setting). Graded by hand, answers published on that shape alone were the
set-up or a restatement: "When you turn on Design Mode, you are able to edit the text …" (what
follows an act), "We can override the type of id in a variety of ways." (ways announced, none
given), "you can manually insert our tracking snippet into the header" under "How do you add the
snippet …?" (the question's own act under another word), "you can control what data is collected
in the Site Installation area" (where a setting lives), "After you disable tracking, we will
remove the goal …" (the outcome of the asked act). These are the patterns; answering.py decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..text import split_sentences
from .instructions import is_base_verb
from .lexicon import EN


def verb_stem(word: str) -> str:
    w = word.lower()
    for suffix in ("ing", "es", "ed", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


# "We can override the type of id in a variety of ways.": ways announced, none given (no colon after).
MANY_WAYS = re.compile(
    r"\b(?:in|with)\s+(?:a\s+(?:variety|number|couple|handful)\s+of|several|many|various|different|multiple|"
    r"a\s+few|numerous|lots\s+of)\s+(?:different\s+)?ways\b|"
    # "you can track sales by making a few changes to the order page": the changes announced, none given
    r"\bby\s+(?:making|doing|applying)\s+(?:a\s+few|a\s+couple\s+of|some|several|a\s+number\s+of)\s+"
    r"(?:small\s+|simple\s+|quick\s+|minor\s+)?(?:changes|tweaks|edits|adjustments|modifications)\b",
    re.I,
)
# "you can control what data is collected in …": where a setting lives, not what to do there.
WHERE_IT_LIVES = frozenset("control manage decide choose pick determine specify configure adjust".split())
EMBEDDED = re.compile(r"^\s*(?:what|how|which|whether|when|who)\b", re.I)
# "When you turn on Design Mode, you are able to edit the text …": what follows an act, not the way
# to do it (the act itself, "turn it on from the console", comes later). A goal clause ("If you
# want to …, you can …") is not such an act.
RESULT_OF_ACT = re.compile(
    r"^(?:when|once|after|whenever|if)\s+(?:you|we|i)\s+(?!want\b|need\b|would\b|wish\b|'d\b|’d\b|have\s+to\b|are\s+"
    r"trying\b|plan\b|prefer\b)[^,]{1,90},\s*(?:then\s+)?(?:you|we|i)\s+(?:are|'re|’re|will\s+be|'ll\s+be|’ll\s+be)\s+"
    r"able\s+to\b",
    re.I,
)
# "Now I have a default value that I can override with the helper.": where the steps before led.
NOW_DONE = re.compile(r"^now\s+(?:that\s+)?(?:i|we|you)(?:'ve|’ve|\s+have|\s+has)\b", re.I)
# "With the gitsigns plugin, I get some handy capabilities like …": what the writer gets, not a way.
WRITER_GETS = re.compile(r"^with\b[^,]{1,80},\s*(?:i|we)\s+(?:get|got|have|had|gain)\b", re.I)
# "By default it is off, but you can turn it on from the console.": the way after the foil.
BUT_WAY = re.compile(r"[,;]\s+but\s+(?P<rest>.+)$", re.I)


# A noun that could be read as a verb ("People", "Water") followed by its own prepositional phrase and
# the sentence's verb: "People with common interests will inevitably want a place …".
SUBJECT_FIRST = re.compile(
    r"^[A-Z][a-z]+\s+(?:with|of|in|from|at|on|for)\s+(?:(?!that\b|which\b|who\b|you\b|we\b|they\b|it\b|i\b)[\w'-]+\s+)"
    r"{1,4}(?:will|would|can|could|should|may|might|must|are|is|were|was|have|has|tend to|often|usually)\b"
)


# Verbs a writer uses for the question's own act: "you can manually insert our tracking snippet" under
# "How do you add the snippet …?" restates the question as much as "you can add" does.
SAME_ACT = tuple(
    frozenset(group.split())
    for group in (
        "add insert put place embed paste include",
        "enable activate turn switch",
        "disable deactivate",
        "remove delete drop erase",
        "create make generate",
        "see view show display find",
        "change update modify edit alter",
        "share publish",
        "track measure record monitor count",
        "block exclude ignore",
        "set assign",
        "get obtain retrieve fetch",
        "document write note record",
    )
)
# "After you enable outbound link tracking, we will add a goal …": what follows the asked act, not how to do
# it ("When you create a goal, you can attach …" is the occasion of a way, and is left alone).
AFTER_ACT = re.compile(
    r"^(?:after|once|as soon as)\s+(?:you|we|i)(?:'ve|’ve|\s+have)?\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)\b[^,]*,|"
    # "When creating a new link, you can limit it to …": the asked act is the setting, another act the way
    r"^(?:when|while)\s+(?P<doing>[a-z]+ing)\b[^,]*,\s+(?:you|we)\s+(?:can|could|may)\s+(?:also\s+)?(?P<other>[a-z]+)",
    re.I,
)
CHOICE = re.compile(r"^\s+to\s+(?P<verb>[a-z]+)", re.I)  # "you can decide to enable …"


# "Grit is a command-line tool that you can use to tidy logs.", "Foo is a library which lets you …": what a
# thing is, with what it is for in a relative clause; the way to use it is not said.
DEFINES_A_THING = re.compile(
    r"^(?:the\s+)?[\w.+#@/-]+(?:\s+[\w.+#@/-]+){0,3}\s+(?:is|are)\s+(?:a|an|one of the)\s+[^.;:]{0,80}?\b(?:that|which)\s+"
    r"(?:(?:you|we|one|users?|developers?|people)\s+(?:can|could|may|might)\s+use\b|(?:lets|allows|enables|helps)\s+"
    r"(?:you|us|one|users?|developers?|people)\b|(?:can|could)\s+be\s+used\b)",
    re.I,
)

# "See how to set up the export.", "Learn more about filters in our guide.": a pointer to another
# page whose link the answer drops; the how is over there (hand grading round 6: a restated
# question and such a pointer was graded weak). Not "See the Settings tab, then …" (where to act)
# nor "Read the file with cat" (a step): only "how to …", "more …", or a guide/page named as such.
LINK_OUT = re.compile(
    r"^(?:(?:please|for more (?:details|information|info),?)\s+)?(?:see|read|learn|find out|refer to|"
    r"have a look at|take a look at)\s+"
    r"(?:how\s+(?:to|you\s+can|we)\b|more\b|about\b|(?:our|the|this|these|that)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:guides?|docs|documentation|articles?|tutorials?|instructions|walkthrough|post|reference)\b(?!\s*(?::|,?\s+(?:and|then)\b)))",
    re.I,
)

# "… is tolerated by others", "… are reviewed by maintainers": "by" and the people who act is the agent of
# a passive, not the instrument of a way (hand grading round 6: a why graded weak under a "How" question).
AGENT = re.compile(
    r"\s*(?:others|people|everyone|everybody|someone|somebody|anyone|anybody|him|her|them|us|me|you|"
    r"(?:the\s+|other\s+|your\s+|our\s+)?(?:community|users?|members?|visitors?|maintainers?|contributors?|"
    r"readers?|customers?|colleagues?|peers?|staff|team))\b",
    re.I,
)


def passive_way(text: str, passive: re.Pattern[str]) -> bool:
    """``passive`` (the how check's passive way, "can be set with …") found in ``text`` other than as a
    passive with its agent ("… is tolerated by others")."""
    return any(not (m.group(0).lower().endswith(" by") and AGENT.match(text, m.end())) for m in passive.finditer(text))


def act_forms(verb: str) -> set[str]:
    """The forms that say the act ``verb``: its own and the words of the same act (:data:`SAME_ACT`), each
    inflected ("alter" → "modify", "modified", "changes", …)."""
    group = next((g for g in SAME_ACT if verb in g), frozenset({verb}))
    forms = {f for v in group for f in (v, v + "s", v + "ed", v + "d", v + "ing")}
    return forms | {v[:-1] + end for v in group if v.endswith("y") for end in ("ied", "ies")}  # "modified"


def same_act(verb: str, asked: str) -> bool:
    """``verb`` is the question's verb ``asked`` or a word for the same act (both lower case)."""
    if verb_stem(verb) == verb_stem(asked):
        return True
    return any(verb in group and asked in group for group in SAME_ACT)


def gerund_is(word: str, asked: str) -> bool:
    """``word`` ("Writing", "Stopping") is the -ing form of the question's verb ``asked`` or of a word
    for the same act."""
    w = word.lower()
    if not w.endswith("ing") or len(w) < 6:
        return False
    base = w[:-3]
    return any(same_act(v, asked) for v in (base, base + "e", base[:-1]) if len(v) >= 2)


def content_terms(text: str) -> set[str]:
    """Stems of the content words (enough to tell whether two clauses speak of the same thing)."""
    return {verb_stem(w) for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if w not in EN.stop and len(w) > 2}


# "There are a number of ways to do this.", "There are conditions that have to be met …":
# items announced without a number, and not given.
_VAGUE_ANNOUNCE = re.compile(
    r"^(?:there\s+(?:are|is)|we\s+have|you\s+have)\s+(?:(?:several|a number of|a few|a couple(?: of)?|many|"
    r"various|multiple|some|different|numerous|a handful of|lots of|a lot of|plenty of)\s+)?(?:[\w-]+\s+)?"
    r"(?P<noun>ways|options|conditions|methods|solutions|approaches|steps|reasons|requirements|things|"
    r"alternatives|mechanisms|strategies|techniques|possibilities|rules|cases|factors)\b",
    re.I,
)


# "For files that are specific to your local environment, there is another option.": a teaser.
_TEASER = re.compile(
    r"\b(?:there\s+is|there's|there\s+are|we\s+have|you\s+have)\s+(?:an?\s+even\s+\w+|another|a better|an easier|"
    r"a simpler|a faster|other|better|easier|simpler)\s+(?:way|ways|option|options|approach|solution|"
    r"alternative|method)s?\s*[.!]$",
    re.I,
)


def vague_announcement(answer: str) -> str | None:
    """The sentence of ``answer`` that announces items without a number and is not followed by
    them (a colon, or two more sentences), or None."""
    sentences = split_sentences(answer)
    if sentences and _TEASER.search(sentences[-1].strip()):
        return " ".join(sentences[-1].split()[:8])
    for k, sentence in enumerate(sentences):
        m = _VAGUE_ANNOUNCE.match(sentence.strip())
        if not m:
            continue
        if ":" in sentence[m.end() :]:
            continue  # "There are several options: A, B and C."
        if len(sentences) - k - 1 >= 2:
            continue
        return " ".join(sentence.split()[:8])
    return None


# A sentence that turns against what the answer said before and states a problem: "This is not all
# fine, though.", "However, if the field is empty, you get nothing back.", "Unfortunately, the flag
# is ignored on older versions." The writer's fix comes after it; an answer that stops there gives
# the set-up and the problem, not the way.
TURN = re.compile(
    r"^(?:however|but|unfortunately|sadly|alas|except|the (?:problem|catch|trouble|downside|snag|issue) (?:is|was|here)|"
    r"(?:this|that|it) (?:is|isn't|is not|was|wasn't|was not|doesn't|does not|didn't|did not|won't|will not) "
    r"(?:\w+ ){0,3}?(?:though|quite|always|enough|work|help)|"
    r"(?:it|this|that) turns out|turns out|as it turns out)\b|[ ,]though[.!]$",
    re.I,
)
# "… are off by default, but can be turned on.", "This can be changed.": the answer says a way exists
# and stops; the way (the setting, the command) is left out.
PROMISED_WAY = re.compile(
    r"(?:\bbut\s+(?:it\s+|they\s+|this\s+)?|^(?:it|they|this|that|these|those|[\w.-]+(?:\s+[\w.-]+){0,3})\s+)"
    r"(?:can|could|may)\s+(?:also\s+|easily\s+|still\s+)?be\s+(?:configured|changed|enabled|disabled|customi[sz]ed|"
    r"done|adjusted|overridden|turned (?:on|off)|switched (?:on|off)|set up|fixed|solved|avoided|worked around|"
    r"added|modified|tweaked|controlled)\s*[.!]$",
    re.I,
)
# "Whether you need to do anything depends on your setup.": the answer defers to cases it never gives.
DEFERS = re.compile(
    r"\bdepends?\s+(?:on|upon)\s+(?:your|the|their|each)\s+(?:own\s+|particular\s+|specific\s+|exact\s+)?"
    r"(?:setup|set-up|situation|case|needs|circumstances|configuration|use case|requirements|context|"
    r"preferences|environment)\s*[.!]$|\b(?:it|that|this)\s+(?:all\s+)?depends\s*[.!]$",
    re.I,
)  # "The intervals you can pick depend on the date range you've selected." is a fact, not a deferral
# "…, take some advice from a famous writer, who once said, "…"": a quotation, the motivation.
QUOTATION = re.compile(
    r"\b(?:once|famously|memorably)\s+(?:said|wrote|remarked|quipped|put it)\b|"
    r"\b(?:said|wrote|put it|remarked)\s*,?\s*[\"“]",
    re.I,
)
# "You may have noticed that …", "you might find yourself …": what the reader may have met, a scene.
NOTICED = re.compile(
    r"\b(?:you|we)\s+(?:may|might|probably|likely)\s+(?:already\s+)?(?:have\s+)?(?:noticed|seen|experienced|"
    r"come across|run into)\b|\b(?:you|we)\s+(?:may|might)\s+find\s+(?:yourself|yourselves|ourselves)\b",
    re.I,
)


# What goes wrong, in a turn: "you might get an unexpected result", "it does nothing", "isn't all good".
PROBLEM = re.compile(
    r"n't\b|\b(?:not|nothing|never|no longer|unexpected|unexpectedly|wrong|fails?|failed|failing|errors?|broken|"
    r"breaks?|problems?|issues?|bugs?|misused|mistakes?|surprising|surprise|confusing|ignored|silently|lost|"
    r"worse|stuck|trouble)\b",
    re.I,
)


def turns_to_a_problem(sentence: str) -> bool:
    """True when ``sentence`` turns against what came before and says what goes wrong ("However, if
    the field is empty, you get an unexpected result.", "This is not all good though."): the
    set-up's problem, after which a note gives its fix. A caveat without a problem ("However, a
    large export takes a minute.") is not such a turn."""
    text = " ".join(sentence.replace("**", "").replace("`", "").split())
    return bool(TURN.search(text) and PROBLEM.search(text))


def promises_a_way(sentence: str) -> bool:
    """True when ``sentence`` says a way exists without giving it ("…, but can be configured.")."""
    return bool(PROMISED_WAY.search(" ".join(sentence.replace("`", "").split())))


def defers(sentence: str) -> bool:
    """True when ``sentence`` says the answer depends on cases it does not give."""
    return bool(DEFERS.search(" ".join(sentence.split())))


# The purpose clause after a task's object: "… a shared link to embed it …", "… in order to send …".
_PURPOSE = re.compile(r"^(?:\s+[\w'’-]+){1,6}?\s+(?:in order )?to\s+(?P<verb>[a-z]+)\b", re.I)


def needed_for(text: str, m: re.Match[str], says_how: Callable[[str], bool]) -> bool:
    """True when the "you need to <task>" that ``m`` matched in ``text`` is followed, within six words,
    by what for ("You need to create a shared link | to embed it …") and no way: the sentence says that
    the task is needed, and why, not how to do it. ``says_how`` is the caller's own test (passed in:
    this module sits below it)."""
    p = _PURPOSE.search(text[m.end() :])
    if p is None or not is_base_verb(p.group("verb")):
        return False
    masked = ("It does" if m.start() == 0 else text[: m.start()] + "it does") + text[m.end() : m.end() + p.start()]
    return not says_how(masked) and not re.search(r"\b(?:by|using|with|via|in|on)\s", masked)


def after_the_act(text: str, verb: str) -> bool:
    """True when ``text`` gives what follows the asked act ``verb``, not how to do it: "After you
    disable tracking, we will remove the goal …", or "When creating a new link, you can limit it to
    …" (the asked act is only the setting, another act the way)."""
    m = AFTER_ACT.match(text)
    if m is None:
        return False
    if m.group("verb"):
        return same_act(m.group("verb").lower(), verb)
    return gerund_is(m.group("doing"), verb) and not same_act(m.group("other").lower(), verb)
