"""The project's evolve options (:class:`aeoloop.settings.evolve.EvolveOptions`), as evolve reads them."""

from __future__ import annotations

from ..project import Project
from ..settings.evolve import EvolveOptions

__all__ = ["EvolveOptions", "options_of"]


def options_of(project: Project) -> EvolveOptions:
    """The project's evolve options (``plugins.aeoloop.evolve``)."""
    return project.settings.evolve
