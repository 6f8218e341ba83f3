"""Short phrases for a screen: what a video shows beside a beat it says (on-screen text at most a
few words), cut only where a phrase ends and never mid-phrase. Here, apart from the script's
channel, because the rules of where an English phrase may end (a list going on, a word that wants
its complement, a subject still waiting for its verb) are their own job."""

from __future__ import annotations

import re

from .limits import words
from .points import clean

# where a phrase may end: before a clause or a prepositional phrase, at a comma, a colon or a dash. Not
# before "that", "who", "which", "where" or "by": what precedes them needs them ("There is no rule",
# "Any team will attract people", "Projects get used" say less than, or the opposite of, the sentence)
_PHRASE_END_RE = re.compile(
    r"\s*[,:;]\s+|\s+[-–—]\s+|\s+(?=(?:but|because|when|while|if|so|although|though|unless|"
    r"since|whereas|with|without|for|from|into|after|before|until|through|via|across)\b)"
    r"|\s+(?=(?:and|but)\s+(?:there|it|we|you|they|i)\b)"
    r"|\s+(?=(?:and|or)\s+(?P<verb>[a-z]+)\b)",
    re.I,
)


def _verb_only(word: str) -> bool:
    """ "assign" in "… and assign roles" starts a second clause; "secure" in "a private and secure
    link" may be an adjective, and a cut before it would leave "a private"."""
    from ...lemmas import lemminflect  # tables load on first use: only a long caption asks

    found = lemminflect().getAllLemmas(word.lower())
    return word.lower() in found.get("VERB", ()) and not {"ADJ", "NOUN", "PROPN"} & set(found)


def _base_verb_end(head: str) -> bool:
    """True when ``head`` ends with a verb's base form ("Help people find"), which wants the object
    the words after the cut give it."""
    from ...lemmas import lemminflect  # lazy: the word tables load on first use

    last = head.split()[-1].lower() if head.split() else ""
    return last in lemminflect().getAllLemmas(last).get("VERB", ())


_PREPOSITION_RE = re.compile(r"^(?:with|without|for|from|into)\b", re.I)


def _wants_complement(head: str, rest: str) -> bool:
    """True when a cut before a preposition leaves a word that wants it: a participle ("You'll find
    yourself working", "Projects get used") or an adjective ("You may be eligible", "Links are
    useful")."""
    if not _PREPOSITION_RE.match(rest):
        return False
    ws = head.lower().split()
    last = ws[-1] if ws else ""
    if re.search(r"(?:ing|ed)$", last):
        return True
    from ...lemmas import lemminflect  # lazy: the word tables load on first use

    found = lemminflect().getAllLemmas(last)
    after_be = len(ws) > 1 and ws[-2] in _BE
    return "ADJ" in found and ("NOUN" not in found or after_be)


_AUX = frozenset(
    "is are was were be been am isn't aren't wasn't can can't cannot will won't would should must may might "
    "do does did don't doesn't didn't has have had hasn't haven't".split()
)


def _has_verb(head: str) -> bool:
    """True when ``head`` has a verb that makes it a clause ("Check whether you chose strict order",
    "Bots emerge"): a cut before "with" that leaves a subject alone ("A newly planted tree") is not
    a phrase for the screen."""
    from ...lemmas import lemminflect  # lazy: the word tables load on first use

    ws = [w.lower().strip("\"“”'()") for w in head.split()]
    if any(w in _AUX or w.endswith(("'ll", "'re", "'ve", "'s", "’ll", "’re", "’ve")) for w in ws):
        return True
    for i, w in enumerate(ws):
        found = lemminflect().getAllLemmas(w)
        verb = found.get("VERB", ())
        if i == 0 and w in verb:  # an order: "Send your report"
            return True
        if verb and not w.endswith(("ed", "ing")) and (w not in verb or not {"NOUN", "ADJ"} & set(found)):
            return True  # "triggers", "chose", "emerge"; not "report" or "planted"
    return False


_BE = frozenset("be is are was were been being become becomes became seem seems remain remains".split())


# a phrase that cannot stand on the screen by itself: "When you send events", "To create a link"
_DEPENDENT_RE = re.compile(
    r"^(?:if|when|once|after|as|while|because|although|though|since|unless|before|until|whether|to|for|in|"
    r"by|with|during|on|at|from|under|within|without|through)\b",
    re.I,
)
# a phrase that continues another: "and verify …", "which shows …", "but only …"
_CONTINUES_RE = re.compile(r"^(?:and|or|but|so|nor|then|which|who|whom|whose|where|that|also)\b", re.I)
# a subject still waiting for its verb: "A plan where each team …", "Sharing your notes"
_OPEN_SUBJECT_RE = re.compile(r"\b(?:where|which|who|whose)\b|^\w+ing\b", re.I)
# a list going on after the cut: "A feed, a badge, or a newsletter is …"
_LIST_GOES_ON_RE = re.compile(r"^[^,;:.!?]{1,40},?\s+(?:and|or)\s", re.I)


# a main clause that opens with a pronoun names nothing on the screen ("It appears in …")
_PRONOUN_RE = re.compile(r"^(?:it|they|this|that|these|those|he|she|there)\b", re.I)


def short_phrase(text: str, max_words: int) -> str:
    """The longest leading phrase of ``text`` of at most ``max_words`` words (and at least two) that
    ends at a phrase boundary: "Check whether you chose strict order" of a longer check. "" when there
    is none: a cut mid-phrase ("Why do numbers seem lower than expected in…") is not shown, nor a
    cut inside a list ("A feed, a badge") or before a subject's verb ("Sharing your notes")."""
    text = text.strip().rstrip(".!?…")
    if words(text) <= max_words:
        return text
    best = ""
    for m in _PHRASE_END_RE.finditer(text):
        if m.group("verb") and (not _verb_only(m.group("verb")) or _base_verb_end(text[: m.start()])):
            continue  # "Help people find and remember …": the two verbs share what follows
        head = text[: m.start()].strip()
        if words(head) > max_words:
            break
        if (
            words(head) >= 2
            and head.count("(") == head.count(")")
            and head.count('"') % 2 == 0
            and head.count("“") == head.count("”")
            and not _DEPENDENT_RE.match(head)
            and not _CONTINUES_RE.match(head)
            and not _DEPENDENT_RE.match(re.split(r"[,;:]\s+", head)[-1])  # "…, because a team"
            and not (m.group(0).strip() in ("", ",") and _OPEN_SUBJECT_RE.search(head))
            and not (not m.group(0).strip() and (_wants_complement(head, text[m.end() :]) or not _has_verb(head)))
            and not ("," in m.group(0) and ("," in head or _LIST_GOES_ON_RE.match(text[m.end() :])))
        ):
            best = head
    return best


def on_screen_text(question: str, voiceover: str, max_words: int, heading: str = "") -> str:
    """A complete short phrase for the screen: the beat's question when it fits, the voiceover when it
    fits, a label before the voiceover's colon ("Sequential order"), the longest phrase of the
    voiceover that ends at a boundary, the main clause after a condition, else the heading of the
    section the beat comes from. "" when none fits: a caption is never cut mid-phrase, and a beat
    without one is not used."""
    if question and voiceover.startswith(question):  # "Why …? Check whether …": the screen shows the check
        voiceover = voiceover[len(question) :].strip()
    for text in (question, voiceover):
        if text and words(text) <= max_words:
            return text
    label, colon, rest = voiceover.partition(":")
    if colon and rest.strip() and 2 <= words(label) <= max_words and not _CONTINUES_RE.match(label):
        return label.strip()
    found = short_phrase(voiceover, max_words)  # never a question cut at a boundary: "What data do you need"
    if words(found) >= 2:
        return found
    # "If you run a single-page app, you don't need any extra setup": the main clause after the condition
    head, comma, main = voiceover.rpartition(", ")
    if comma and _DEPENDENT_RE.match(head) and not _PRONOUN_RE.match(main) and not _CONTINUES_RE.match(main):
        found = short_phrase(main[:1].upper() + main[1:], max_words)
        if words(found) >= 3:
            return found
    heading = heading.strip().rstrip(":")
    if heading and words(heading) <= max_words and clean(heading):
        return heading
    return ""
