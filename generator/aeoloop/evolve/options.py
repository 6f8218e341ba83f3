"""The project's evolve options (:class:`aeoloop.settings.evolve.EvolveOptions`), as evolve reads them."""

from __future__ import annotations

from typing import Any

from ..settings.evolve import EvolveOptions

__all__ = ["EvolveOptions", "options_of"]


def options_of(project: Any) -> EvolveOptions:
    """The project's evolve options (defaults until settings.py declares the ``evolve`` key)."""
    value = getattr(project.settings, "evolve", None)
    if isinstance(value, EvolveOptions):
        return value
    if isinstance(value, dict):
        return EvolveOptions.model_validate(value)
    return EvolveOptions()
