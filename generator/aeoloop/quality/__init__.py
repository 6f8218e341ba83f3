"""The quality contract for generated text (summaries, takeaways, questions, answers, channel items).

One definition of a publishable unit, shared by the extractive backend (it keeps only passing
candidates), the llm backend (failures go back to the model), the guardrail build step (failures
are warnings naming the file), ``verify`` (a page that fails cannot score 100) and the quality
harness in ``bench/quality.py``. It depends only on :mod:`aeoloop.text` and the artifact types,
so every layer can use it.
"""

from __future__ import annotations

from .. import answer_code, text
from .contract import (
    RULES,
    Failure,
    Limits,
    check_answer,
    check_item,
    check_question,
    check_sentences,
    check_standalone,
    check_summary,
    check_takeaway,
    key_terms,
    stem,
)
from .page import check_artifacts, duplicates


def _code_version() -> str:
    """Hash of the contract's code (and of the text and quoted-code modules it reads with): caches of verdicts
    (guardrails, verify) and of artifacts chosen by them are keyed by it."""
    import hashlib
    from pathlib import Path

    h = hashlib.sha256()
    for path in (*sorted(Path(__file__).parent.glob("*.py")), Path(text.__file__), Path(answer_code.__file__)):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:12]


CONTRACT_VERSION = _code_version()

__all__ = [
    "CONTRACT_VERSION",
    "RULES",
    "Failure",
    "Limits",
    "check_answer",
    "check_artifacts",
    "check_item",
    "check_question",
    "check_sentences",
    "check_standalone",
    "check_summary",
    "check_takeaway",
    "duplicates",
    "key_terms",
    "stem",
]
