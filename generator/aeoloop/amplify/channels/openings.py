"""What may open an AI answer: not a text written as a tagline, nor a fragment whose subject was left
out. A page's description is often a tagline ("Want to build a kiln? A guide to …", "Per-firing
pricing, no deposit. Free first firing, no card needed."): true, but no answer to the page's
question (round 8: how-to-contribute's and billing's AI answers were such lines)."""

from __future__ import annotations

import re

from .limits import sentences, words


def tagline(text: str) -> bool:
    """True for a text written as a tagline, not an answer: it opens with a question to the reader
    ("Want to build a kiln? A guide to …") or has two or more short fragments ("Pay-per-firing
    pricing, no deposit. Free first firing, no card needed.")."""
    parts = sentences(text)
    if not parts:
        return False
    if parts[0].rstrip().endswith("?"):
        return True
    return sum(1 for p in parts if _fragment(p)) >= 2


#: the longest sentence of a tagline's fragments
TAGLINE_WORDS = 8
# a word that makes a clause: an auxiliary, a modal or a subject pronoun
_CLAUSE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|can|could|will|would|should|must|may|might|do|does|did|has|have|had|"
    r"you|we|they|it|i|he|she)\b",
    re.I,
)


def _fragment(sentence: str) -> bool:
    """A short list of phrases with no clause: "Per-firing pricing, no deposit." """
    return words(sentence) <= TAGLINE_WORDS and "," in sentence and not _CLAUSE_RE.search(sentence)


# a tagline's fragment with its subject left out: "Works with any tool …", "Tracks your whole site …"
_SUBJECTLESS_RE = re.compile(
    r"^(?P<verb>[A-Z][a-z]+s)\s+(?:your|any|all|you|up|every|each|no|multiple|"
    r"with\s+(?:any|all|every|most|your))\b"
)


def subjectless(sentence: str) -> bool:
    """True for a sentence that opens with a verb in its "-s" form and no subject ("Works with any
    analytics tool …"): a fragment of a tagline, not an answer's opening (round 8: an AI answer that
    was the description's second fragment)."""
    m = _SUBJECTLESS_RE.match(sentence.strip())
    if m is None:
        return False
    from ...lemmas import lemminflect  # lazy: the word tables load on first use

    word = m.group("verb").lower()
    return any(lemma != word for lemma in lemminflect().getAllLemmas(word).get("VERB", ()))
