"""The quality contract: what every generated text unit must be before it is published.

Why one contract: the extractive backend (choosing candidates), the llm backend (repair
feedback), the guardrail step (build warnings), verify (the score) and the quality harness must
agree on what a good answer is. Its checks live in modules by unit (``contract_rules``,
``contract_terms``, ``contract_sentences``, ``contract_questions``, ``contract_answers``,
``contract_summary``), each importing only those before it; this module gathers them. Each check returns :class:`Failure` objects with a stable rule id and a
message a writer can act on; an empty list means the unit passes.

Rules (ids are stable; the README lists them under "How aeoloop judges an answer"):
"""

from __future__ import annotations

from .contract_answers import check_answer
from .contract_questions import check_question
from .contract_rules import RULES, Failure, Limits
from .contract_sentences import check_sentence_length, check_sentences, check_standalone
from .contract_summary import check_item, check_summary, check_takeaway
from .contract_terms import key_terms, stem

__all__ = [
    "RULES",
    "Failure",
    "Limits",
    "check_answer",
    "check_item",
    "check_question",
    "check_sentence_length",
    "check_sentences",
    "check_standalone",
    "check_summary",
    "check_takeaway",
    "key_terms",
    "stem",
]

__doc__ = (__doc__ or "") + "\n".join(f"- ``{rule}``: {text}." for rule, text in RULES.items()) + "\n"
