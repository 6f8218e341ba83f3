"""How the ``llm`` backend's model and the build's backend are chosen (``AEOLOOP_MODEL`` over mkdocs.yml),
and the one call budget.

The options themselves are :class:`aeoloop.settings.llm.LlmOptions` (``plugins.aeoloop.llm``).
Kept apart from :mod:`aeoloop.backends.llm` so that choosing never imports litellm.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..settings.llm import LlmOptions

__all__ = ["MODEL_ENV", "CallBudget", "LlmOptions", "backend_name", "chosen_model", "options"]

MODEL_ENV = "AEOLOOP_MODEL"


@dataclass(frozen=True)
class CallBudget:
    """The one budget of a run's model calls, for the llm backend and the Evolve plan alike.

    ``max_calls`` counts every HTTP call to the model: page artifacts, channel derivatives,
    audience intros, each repair re-ask and each transport retry. ``budget_usd`` reserves each
    call's estimated cost (litellm's price map) before it is made. The llm session enforces both
    (:class:`~aeoloop.backends.llm_client.LlmSession`); the plan forces pages only while their
    expected calls (``calls_per_page`` each, new and changed pages first) fit in ``max_calls``.
    What is left when the budget is spent keeps its last good output, or gets the extractive one.

    Set per build as ``plugins.aeoloop.llm.max_calls`` / ``budget_usd``; ``--max-calls`` and
    ``--budget-usd`` override them for one run. There is no other knob.
    """

    max_calls: int | None = None
    budget_usd: float | None = None

    @classmethod
    def resolve(cls, opts: LlmOptions, *, max_calls: int | None = None, budget_usd: float | None = None) -> CallBudget:
        """The run's flags win over the configured options."""
        return cls(
            max_calls if max_calls is not None else opts.max_calls,
            budget_usd if budget_usd is not None else opts.budget_usd,
        )


def chosen_model(settings: Any) -> str | None:
    """``AEOLOOP_MODEL`` wins over ``model`` in mkdocs.yml."""
    return os.environ.get(MODEL_ENV) or getattr(settings, "model", None) or None


def backend_name(settings: Any) -> str:
    """The backend to run: ``AEOLOOP_MODEL`` set (non-empty) selects ``llm``; otherwise ``backend``."""
    if os.environ.get(MODEL_ENV):
        return "llm"
    return str(getattr(settings, "backend", "extractive"))


def options(settings: Any) -> LlmOptions:
    value = getattr(settings, "llm", None)
    return value if isinstance(value, LlmOptions) else LlmOptions.model_validate(value or {})
