"""The quality contract for generated text (summaries, takeaways, questions, answers, channel items).

One definition of a publishable unit, shared by the extractive backend (it keeps only passing
candidates), the llm backend (failures go back to the model), the guardrail build step (failures
are warnings naming the file), ``verify`` (a page that fails cannot score 100) and the quality
harness in ``bench/quality.py``. It depends only on :mod:`aeoloop.text` and the artifact types,
so every layer can use it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_WHERE = {
    **dict.fromkeys(("RULES", "Failure", "Limits"), ".contract_rules"),
    **dict.fromkeys(
        (
            "check_answer",
            "check_item",
            "check_question",
            "check_sentences",
            "check_standalone",
            "check_summary",
            "check_takeaway",
            "key_terms",
            "stem",
        ),
        ".contract",
    ),
    **dict.fromkeys(("check_artifacts", "duplicates"), ".page"),
}
"""Where each name of the package lives. They are imported on first use (PEP 562): the limits are
needed by every build, the checks (their word tables and rule modules) only by a build that checks
text, which a warm build, with every verdict recorded, never does."""


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value


def _code_version() -> str:
    """Hash of the contract's code (and of the text and quoted-code modules it reads with): caches of verdicts
    (guardrails, verify) and of artifacts chosen by them are keyed by it. Read from the files, so that
    knowing the version imports none of them."""
    import hashlib
    from pathlib import Path

    here = Path(__file__).parent
    h = hashlib.sha256()
    for path in (*sorted(here.glob("*.py")), here.parent / "text.py", here.parent / "answer_code.py"):
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
