"""How the ``llm`` backend's model and the build's backend are chosen (``AEOLOOP_MODEL`` over mkdocs.yml),
and the one call budget.

The options themselves are :class:`aeoloop.settings.llm.LlmOptions` (``plugins.aeoloop.llm``).
Kept apart from :mod:`aeoloop.backends.llm` so that choosing never imports litellm.
"""

from __future__ import annotations

import os

from ..settings import Settings
from ..settings.llm import CallBudget, LlmOptions

__all__ = ["MODEL_ENV", "CallBudget", "LlmOptions", "backend_name", "chosen_model", "options"]

MODEL_ENV = "AEOLOOP_MODEL"


def chosen_model(settings: Settings) -> str | None:
    """``AEOLOOP_MODEL`` wins over ``model`` in mkdocs.yml."""
    return os.environ.get(MODEL_ENV) or settings.model or None


def backend_name(settings: Settings) -> str:
    """The backend to run: ``AEOLOOP_MODEL`` set (non-empty) selects ``llm``; otherwise ``backend``."""
    if os.environ.get(MODEL_ENV):
        return "llm"
    return settings.backend


def options(settings: Settings) -> LlmOptions:
    return settings.llm
