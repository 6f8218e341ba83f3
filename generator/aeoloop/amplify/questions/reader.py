"""Headings that only make sense to a reader already on the page, and the two statements a reader
would ask about in another form.

Why: an FAQ entry is read alone (in the FAQ block, in FAQPage JSON-LD, in an answer engine), so
a heading that leans on its page cannot become a question, however grammatical the result:

* the page's questions *to its reader* ("Have you cleared your cache?", "Are you using an older
  version of the script?") are a troubleshooting checklist, not questions a reader types;
* a heading whose object is a bare pronoun or a pointer ("How to get it", "Block it using
  Shields", "Other automated goals", "When to use it") asks about something it does not name;
* a step's expected result ("Your goal should now be ready and tracking") is a statement of
  what you should see, and turned round it reads "Should your goal now be ready …?".

One statement does have a reader's question behind it, and is rewritten without adding a
fact: "You don't have to contribute code" -> "Do you have to contribute code?" (the
reassurance answers it). "You can also add class names directly in HTML" is not made a question
(hand grading round 4): "Can you …?" is answered by the heading again, and "also" (or "further")
says the section adds to the one before, whose subject the heading does not name.

Each skip is its own rule name in ``EN_RULES``, so the build says which it was (see
``convert._REASONS``).
"""

from __future__ import annotations

import re
from typing import Final

from .heading import NOT_FAQ, Heading, RuleResult
from .lexicon import _EN_DETERMINERS, _EN_PREPOSITIONS, _EN_WH
from .morphology import _inflections, _is_plural_en, _verb_forms
from .text import _finish, _join

# The page asking its reader: second-person yes/no openings. "Do you have …", "Is your …" and
# "Are your …" stay: a reader asks a vendor "Do you have a free plan?", "Are your servers in the EU?".
_CHECKLIST_OPENINGS: Final = frozenset(
    {("have", "you"), ("are", "you"), ("did", "you"), ("were", "you"), ("do", "you", "have", "multiple")}
)
_POINTER_OPENERS: Final = frozenset({"other", "these", "those", "this", "that"})
_BARE_OBJECTS: Final = frozenset({"it", "them", "this", "these", "those"})  # not "that": a clause


def _rule_checklist(h: Heading) -> RuleResult:
    """'Have you cleared your cache?' -> not an FAQ; on a troubleshooting page, 'Is your website on
    a different URL …?' -> 'What if your website is on a different URL …?' (the page asks its
    reader; the reader asks what to do then)."""
    lower = [w for w in h.lower if w]
    if not h.text.rstrip().endswith("?") or len(lower) < 3:
        return None
    if tuple(lower[:2]) in _CHECKLIST_OPENINGS or tuple(lower[:4]) in _CHECKLIST_OPENINGS:
        return NOT_FAQ
    if lower[1] == "your" and lower[0] in {"is", "are", "does", "do"} and _troubleshooting(h):
        return _what_if_yours(h)
    return None


_TROUBLE_WORDS: Final = ("troubleshoot", "not working", "stopped", "no data", "issues", "problems", "checklist")
# A heading that names a diagnosis ('Investigating a suspicious spike', 'Debugging the build') or a
# symptom in the negative ('Custom event not showing up?', 'Some visitors are not being counted').
_DIAGNOSIS_WORDS: Final = ("investigat", "diagnos", "debugging")
_SYMPTOM = re.compile(r"\b(?:not|n't)\s+(?:being\s+)?[a-z]+(?:ing|ed)\b|n't\s+(?:work|show|load|appear|count)", re.I)


def _troubleshooting(h: Heading) -> bool:
    return any(word in parent.lower() for parent in h.parents for word in _TROUBLE_WORDS)


def _diagnosing(h: Heading) -> bool:
    """The section sits in a troubleshooting, checklist or investigation part of the page: the page
    title or the heading above names one, or the heading above is a symptom ('… not showing up?')."""
    return _troubleshooting(h) or any(
        any(word in parent.lower() for word in _DIAGNOSIS_WORDS) or _SYMPTOM.search(parent) for parent in h.parents
    )


# A check is about a thing the page set up just before ('the goal name', 'your CMS', 'this event').
_CHECKED_THINGS: Final = frozenset({"the", "your", "this", "that", "these", "those", "its", "their"})
_YES_NO_OPENERS: Final = frozenset("is are was were does do did has have had can could should will would".split())


def _rule_check(h: Heading) -> RuleResult:
    """'Does the goal name match exactly?' under 'Custom event not showing up?' -> not an FAQ: a
    yes/no check the page runs through with its reader; asked alone it says neither what the
    check is for nor what to do (hand grading round 5). Runs after the checklist rule, which
    turns 'Is your …?' into 'What if your …?' on the same pages."""
    lower = [w for w in h.lower if w]
    if not h.text.rstrip().endswith("?") or len(lower) < 3 or lower[0] not in _YES_NO_OPENERS:
        return None
    if lower[1] not in _CHECKED_THINGS:
        return None  # 'Are some VPN visitors being filtered as bots?': names what it asks about
    return NOT_FAQ if _diagnosing(h) else None


def _rule_numbered_check(h: Heading) -> RuleResult:
    """'1. Check bounce rate and visit duration' under 'Investigating a suspicious traffic spike',
    '2. Update API integrations' under 'Domain change checklist' -> not an FAQ: a numbered step of
    a diagnosis or checklist is one check of the page's procedure, and "How do you check …?"
    loses what the check is for (hand grading rounds 4 and 5). Numbered steps of a task ('3.
    Create a goal' under 'How to track form submissions') stay questions."""
    if not h.numbered or h.text.rstrip().endswith("?"):
        return None
    return NOT_FAQ if _diagnosing(h) else None


def _what_if_yours(h: Heading) -> RuleResult:
    """'Is your website on a different URL …?' -> 'What if your website is on …?'; 'Does your site
    use a Content Security Policy?' -> 'What if your site uses a Content Security Policy?'."""
    lower, cased = h.lower, h.cased
    aux = lower[0]
    for j in range(3, len(lower)):
        word = lower[j]
        if aux in {"is", "are"} and (
            word in _EN_PREPOSITIONS | _EN_DETERMINERS | {"not", "still", "already", "being"}
            or word.endswith(("ed", "ing"))
        ):
            return _finish(_join("What if", cased[1:j], aux, cased[j:]))
        if aux in {"does", "do"} and "VB" in _verb_forms(word):
            verb = (_inflections(word, "VBZ") or (word,))[0] if aux == "does" else word
            return _finish(_join("What if", cased[1:j], verb, cased[j + 1 :]))
    return None


def _rule_unseen_referent(h: Heading) -> RuleResult:
    """'How to get it', 'When to use it', 'Block it using Shields', 'Other automated goals' -> not an FAQ."""
    lower = [w for w in h.lower if w]
    if not lower or h.text.rstrip().endswith("?"):
        return None
    if 2 <= len(lower) <= 3 and lower[-1] in {"it", "them"} and lower[-2] not in {"is", "was", "worth"}:
        return NOT_FAQ  # 'You did it!', 'Ship it' (a longer heading names what 'it' is)
    if lower[0] in _POINTER_OPENERS and len(lower) >= 2 and lower[1] not in {"is", "are", "was"}:
        return NOT_FAQ  # 'Other automated goals', 'These settings' (not 'That is why …': a sentence)
    start = 0
    if lower[0] in {"how", "when", "where", "why", "what"} and len(lower) >= 3 and lower[1] == "to":
        start = 2
    if start or "VB" in _verb_forms(lower[0]):
        verb_at = start
        if verb_at + 1 < len(lower) and lower[verb_at + 1] in _BARE_OBJECTS and "VB" in _verb_forms(lower[verb_at]):
            if (
                lower[verb_at + 1] == "it"
                and verb_at + 2 < len(lower)
                and lower[verb_at + 2]
                in {
                    "easy",
                    "easier",
                    "hard",
                    "harder",
                    "possible",
                    "simple",
                    "clear",
                    "safe",
                    "work",
                }
            ):
                return None  # 'Make it easy to report …': a dummy 'it'
            return NOT_FAQ
    return None


def _rule_result_statement(h: Heading) -> RuleResult:
    """'Your goal should now be ready and tracking' -> not an FAQ (what you should see, not a question)."""
    lower = [w for w in h.lower if w]
    for j in range(1, len(lower) - 1):
        if lower[j] in {"should", "will"} and lower[j + 1] == "now":
            return NOT_FAQ
    return None


def _rule_reassurance(h: Heading) -> RuleResult:
    """'You don't have to contribute code' -> 'Do you have to contribute code?'."""
    pairs = [(w, t) for w, t in zip(h.lower, h.cased) if w]
    lower = [w for w, _ in pairs]
    tokens = [t for _, t in pairs]
    if "," in h.text or ";" in h.text:
        return None  # 'You don't have to do everything at once, start with …': two sentences
    if len(lower) >= 4 and lower[0] == "you" and lower[1] in {"don't", "do"}:
        j = 2 if lower[1] == "don't" else (3 if lower[2] == "not" else 0)
        if j and j < len(lower) and lower[j] == "just":
            j += 1
        if (
            j
            and j + 2 < len(lower)
            and lower[j] in {"have", "need"}
            and lower[j + 1] == "to"
            and "VB" in _verb_forms(lower[j + 2])
        ):
            return _finish(_join("Do you", lower[j], "to", tokens[j + 2 :]))
    return None


def _rule_also_statement(h: Heading) -> RuleResult:
    """'You can also add class names directly in HTML' -> not an FAQ: an option added to the section
    before; "Can you …?" would be answered by the heading itself, and the thing it adds to is unnamed."""
    lower = [w for w in h.lower if w]
    if (
        len(lower) >= 4
        and lower[0] in {"you", "we"}
        and lower[1] in {"can", "could", "may"}
        and lower[2] == "also"
        and "VB" in _verb_forms(lower[3])
        and not h.text.rstrip().endswith("?")
    ):
        return NOT_FAQ
    return None


def _rule_question_pointer(h: Heading) -> RuleResult:
    """'How do I formalize these leadership roles?' -> 'How do I formalize leadership roles?'
    ('these/those' + a plural points at the text before; the question stands alone without it)."""
    if not h.text.rstrip().endswith("?"):
        return None
    tokens = h.text.split()
    for j in range(1, len(tokens) - 1):
        if tokens[j].lower() in {"these", "those"} and any(
            _is_plural_en(t.strip("?,.")) for t in tokens[j + 1 : j + 4]
        ):
            return _finish(" ".join(tokens[:j] + tokens[j + 1 :]))
    return None


# Navigation steps: where to go, not a task ('Go to your Carrd website editor', 'Visit your website to
# ensure it works', 'Return to your site to ensure the exclusion works').
_NAVIGATION_VERBS: Final = frozenset({"go", "visit", "return"})


def _rule_navigation_step(h: Heading) -> RuleResult:
    """'Go to your Carrd website editor' -> not an FAQ; 'Go to Slack and generate an email address …' stays
    (a task follows the 'and')."""
    lower = [w for w in h.lower if w]
    if len(lower) < 2 or lower[0] not in _NAVIGATION_VERBS or h.text.rstrip().endswith("?"):
        return None
    if any(w == "and" and j + 1 < len(lower) and "VB" in _verb_forms(lower[j + 1]) for j, w in enumerate(lower)):
        return None
    if lower[0] == "return" and lower[1] not in {"to"}:
        return None  # 'Return values from a function'
    if lower[0] == "go" and lower[1] not in {"to", "back"}:
        return None
    return NOT_FAQ


def _rule_bare_question(h: Heading) -> RuleResult:
    """'Who qualifies?' -> not an FAQ: a wh-word and a verb ask about nothing the question names."""
    lower = [w for w in h.lower if w]
    if h.text.rstrip().endswith("?") or len(lower) == 2:
        if (
            len(lower) == 2
            and lower[0] in {"who", "what", "why", "how", "when", "where", "which"}
            and (_verb_forms(lower[1]) & {"VBZ", "VBD", "VBP"})
        ):
            return NOT_FAQ
    return None


def _two_things(lower: list[str]) -> bool:
    """'goals and custom properties': a short noun phrase of two things joined by "and" (no verb,
    no question word), which under a question heading names two aspects of it."""
    if "and" not in lower[1:-1] or lower.count("and") != 1 or len(lower) > 6:
        return False
    return not any(w in _EN_WH or w in {"to", "how", "not", "your", "you", "we"} for w in lower)


def _rule_aspect_of_question(h: Heading) -> RuleResult:
    """'Filtering' (H3) under the H2 'How does imported data differ from native data?' -> not an FAQ:
    one word under a question names an aspect of that question, and "What is filtering?" is not it.
    Likewise two things ('Goals and custom properties', hand grading round 6: "What are goals and
    custom properties?" was answered with which of them the import supports, wrong): the section
    says how the parent's question applies to them, not what they are."""
    lower = [w for w in h.lower if w]
    if (
        (len(lower) == 1 or _two_things(lower))
        and len(h.parents) >= 2
        and h.parents[-1].rstrip().endswith("?")
        and not h.text.rstrip().endswith("?")
    ):
        return NOT_FAQ  # (parents[0] is the page title: "Pricing" on "What is OEE?" is a question of its own)
    return None
