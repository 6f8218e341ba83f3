"""A practice question the FAQ asks of a noun heading, turned into the question its answer answers.

Apart from :mod:`extractive_faq` (which tries it beside the heading-side fits of
:mod:`aeoloop.amplify.questions.answer_fit`) because it reads the answer with the contract's own
definition test, which ``amplify`` may not import.
"""

from __future__ import annotations

import re

from ..quality.contract_terms import key_terms, stem
from ..quality.defines import defines

# The practice questions a security-like noun heading gets: "How is encryption handled in <topic>?",
# "How does <name> handle encryption?", "How should you handle encryption?".
_HANDLED = (
    re.compile(r"^How (?P<be>is|are) (?P<thing>[^?]{3,80}?) handled in [^?]{2,80}\?$"),
    re.compile(r"^How (?:does|do) [^?]{2,80}? handle (?P<thing>[^?]{3,80})\?$"),
    re.compile(r"^How should you handle (?P<thing>[^?]{3,80})\?$"),
)


def definition_asked(question: str, answer: str) -> str | None:
    """'How is encryption handled in <topic>?' answered with what encryption is ("An encryption
    algorithm is one where …") -> 'What is encryption?', the question the answer answers; else None.
    Why: an outside corpus (session 13) had a guide's "Encryption" section, which opens with a
    definition, asked how the guide's publisher handles encryption, its name as the qualifier."""
    for shape in _HANDLED:
        m = shape.match(question.strip())
        if m is None:
            continue
        thing = m.group("thing")
        if not defines(answer, thing, stem=stem, key_terms=key_terms):
            return None
        be = m.groupdict().get("be") or ("are" if _plural(thing) else "is")
        return f"What {be} {thing}?"
    return None


def _plural(phrase: str) -> bool:
    last = phrase.split()[-1].lower()
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is", "ics"))
