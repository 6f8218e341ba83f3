"""What a why-answer and a yes-or-no answer owe beyond their first part: a cause, and a default's exception.

Why: hand grading round 8 (bench/RESULTS-quality.md) found "Why isn't the proxy recording stats after
setup?" answered by the reset sequence alone (the stale cache it clears left out) and "Does Plausible do
data sampling?" answered "… does not use any data sampling by default." without the exception the
section closes on. "By default" announces an exception; a why asks for a cause, and a remedy is none.
:mod:`coverage` turns these into its ``partial-answer`` failure. English only: the markers are English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import split_sentences
from .instructions import is_instruction
from .whole_answer import LeftOut, Unit


def _plain(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("**", "").replace("`", "").split())


# "Does Plausible sample data?", "Is the script cached?", "Can you …?": a yes or no question.
_YES_NO = re.compile(r"^(?:does|do|is|are|can|will|should|must)\b", re.I)
# "… does not use any data sampling by default.": a default, which announces that something changes it.
_BY_DEFAULT = re.compile(r"\bby default\b", re.I)
# "However, on views with more than 10 million pageviews, …", "Unless you …", "… except …": the exception
# the section goes on to give to the default the answer states.
_EXCEPTION = re.compile(
    r"^(?:however|but|except|unless|only|the (?:only )?exceptions?|an exception|there (?:is|are) (?:one|a few|some|"
    r"two|three) exceptions?)\b|\b(?:except (?:for|when|if|on|in)|unless)\b",
    re.I,
)
# "The correct sequence is: …", "The fix is …", "To fix this, …": a remedy, which is no cause.
_REMEDY = re.compile(
    r"^(?:the (?:correct|right|proper|recommended|usual) (?:sequence|order|steps?|way|fix|procedure|solution)|"
    r"the (?:fix|solution|workaround|remedy|cure) (?:is|here)|to (?:fix|solve|resolve|repair) (?:this|it|that|the)|"
    r"make sure|try)\b",
    re.I,
)


def last_sentence(answer: str) -> str:
    """The answer's last prose sentence (after a quoted block when it ends on prose)."""
    prose = answer.split("```")[-1] if answer.count("```") % 2 == 0 else answer
    parts = split_sentences(prose.strip())
    return parts[-1] if parts else ""


# "There is no right time to …", "There's no single answer …", "It depends …", "Not necessarily.": an answer to
# a yes-or-no question that is neither, and reads as "no" or "not yet" unless the advice after it is given.
_HEDGE = re.compile(
    r"^(?:there(?:'s| is) no (?:right|wrong|single|one|perfect|best|set|fixed|simple) (?:time|answer|rule|way|moment)|"
    r"it (?:really )?depends\b|not necessarily\b)",
    re.I,
)
# "Some documentation will matter, however, so start …", "But you can still …", "That said, …": the turn to
# the advice after a hedge.
_TURN = re.compile(r"^(?:however|but|still|that said|even so|nonetheless|nevertheless)\b|,\s*however,", re.I)


def _hedged(answer: str) -> bool:
    prose = answer.split("```")[0]
    first = (split_sentences(prose.strip()) or [""])[0]
    return bool(_HEDGE.match(_plain(first)))


def states_default(question: str, answer: str) -> bool:
    """A yes-or-no question answered "… by default." in the answer's last sentence, or with a hedge that
    is neither yes nor no ("There is no right time to …"): what the section says after it is owed."""
    if not answer or not _YES_NO.match(question):
        return False
    return bool(_BY_DEFAULT.search(last_sentence(answer))) or _hedged(answer)


def default_exception(answer: str, rest: Sequence[Unit]) -> LeftOut | None:
    """The exception the section gives, after the answer, to the default the answer's last sentence
    states ("Plausible does not use any data sampling by default." … "However, on some dashboard views
    that have a lot of data …, we apply limited data sampling …"; hand grading round 8): "by default"
    announces it, and without it the answer reads as always. After a hedge ("There is no right time to
    write it down, …"), the turn to the advice that follows it ("Some early documentation will matter,
    however, so start writing down what you can."; round 8, G10): without it the answer reads as "not
    yet". Only up to the next subheading."""
    hedged = _hedged(answer)
    if not hedged and not _BY_DEFAULT.search(last_sentence(answer)):
        return None
    for unit in rest:
        if unit.kind == "heading":
            return None
        if unit.kind == "paragraph":
            marker = _TURN if hedged else _EXCEPTION
            hit = next((x for x in unit.lines if marker.search(_plain(x))), None)
            if hit is not None:
                return LeftOut("exception", hit)
    return None


def remedy_alone(question: str, answer: str) -> str | None:
    """For a "Why …?" question, the answer's first sentence when every sentence of it is a remedy (a
    step to take, "The correct sequence is: …", "To fix this, …") and none gives a cause (hand grading
    round 8: "Why isn't the proxy recording stats after setup?" answered with the reset sequence alone,
    the stale cache it clears left out); None otherwise."""
    if not re.match(r"^why\b", question.strip(), re.I):
        return None
    prose = answer.split("```")[0]
    sentences = [_plain(x) for x in split_sentences(prose.strip())]
    if not sentences or not all(_REMEDY.match(x) or is_instruction(x) for x in sentences):
        return None
    if any(re.search(r"\b(?:because|since|due to|caused|causes|so that|otherwise)\b", x, re.I) for x in sentences):
        return None
    return sentences[0]
