"""Is a clause an instruction? ("Click Save", "Under Transfer site, select Another account …")

Why: an ordered list becomes an "N steps: …" answer only when its items are instructions (a
list of roles is not a procedure). A fixed verb list misses real steps that open with where to
act before the verb ("Under **Transfer site**, select …", "In the left sidebar, click …",
"Then click …"), which dropped whole procedures. The verb is recognised with ``lemminflect``
(a base-form verb), after an optional opening prepositional phrase or adverbial, so no longer
fixed list is needed. English only.
"""

from __future__ import annotations

import functools
import re

from .lexicon import IMPERATIVE_VERBS

# Words that open a phrase saying where or when to act before the verb of an instruction.
_OPENERS = frozenset(
    "under in on from at inside within via through after before once when if next then finally now first "
    "afterwards optionally alternatively".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

# "See the guide …", "Contact us …", "Keep in mind …": a sentence that points elsewhere or adds a note, no step
# of a procedure and no part of an answer. One table for the answer rules (:mod:`.whole_answer`,
# :mod:`.coverage`) and the extractive procedure reader (``backends/extractive_steps``): "Visit our …"
# points elsewhere, "Visit the Goals section" is a step.
POINTER = re.compile(
    r"^(?:see|read|learn|refer|check out|contact|reach out|email|visit our|note|please note|keep in mind|"
    r"remember|bear in mind)\b",
    re.I,
)

# "An external app is the safest easy option for …", "Email is the simplest way to …": the writer's
# recommended way, said as a fact about it: a how-section's main line (:mod:`.whole_answer`). Session
# 13's outside corpus had "How do you communicate a one-time code?" answered with the next paragraph's
# riskier way, the recommended one left out.
RECOMMENDED_WAY = re.compile(
    r"\b(?:is|are)\s+(?:the|our|your)\s+(?:\w+\s+){0,2}?(?:safest|best|simplest|easiest|recommended|preferred)\b"
    r"(?:\s+\w+){0,2}?\s+(?:option|way|choice|approach|method|tool|default)s?\b",
    re.I,
)

# Verbs a step opens with in a procedure ("Then select …", "There you can click …", "Once saved, run …"): a
# closed list, so "Next year …" or "There you can see …" is no step. One table for the answer rules
# (:mod:`.whole_answer`, :mod:`.coverage`) and the procedure reader (:mod:`.procedures`).
STEP_VERBS = (
    r"(?:click|tap|select|choose|pick|open|enter|type|add|press|toggle|tick|drag|switch|set|fill|paste|copy|"
    r"upload|save|confirm|remove|delete|edit|change|configure|create|filter|search|sort|scroll|navigate|go|"
    r"run|use|find|log|sign|restore|import|install|store|write|check|verify|turn)"
)
_ASCII = re.compile(r"[a-z]+")


@functools.cache
def is_base_verb(word: str) -> bool:
    """A verb in its base form ("select", "enter"): the shape an instruction opens with."""
    w = word.lower()
    if w in IMPERATIVE_VERBS:
        return True
    if not _ASCII.fullmatch(w) or len(w) < 2:
        return False
    from ..lemmas import lemminflect  # tables load on first use; spaCy is not imported for it

    return w in lemminflect().getAllLemmas(w).get("VERB", ())


def is_instruction(clause: str) -> bool:
    """True when ``clause`` tells the reader to do something: it opens with a base-form verb,
    or with a prepositional phrase/adverbial ("Under Transfer site,", "Then", "Once saved,")
    followed by one. "The recipient will get an email." and "Owner: full access" are not."""
    text = clause.replace("**", "").replace("__", "").replace("`", "").strip()
    ws = _WORD.findall(text)
    if not ws:
        return False
    first = ws[0].lower()
    if first in IMPERATIVE_VERBS:
        return True
    if first not in _OPENERS:
        return False
    if (
        first in ("then", "next", "finally", "now", "first", "afterwards", "optionally", "alternatively")
        and len(ws) > 1
        and is_base_verb(ws[1])
    ):
        return True  # "Then click Save"
    head, comma, rest = text.partition(",")
    if not comma or len(_WORD.findall(head)) > 8:
        return False
    after = _WORD.findall(rest)
    if len(after) > 1 and after[0].lower() == "even" and after[1].lower() in ("if", "though", "when", "so", "as"):
        return False  # "When a build seems slow, even if …": a concession, not the verb "even"
    return bool(after) and is_base_verb(after[0])
