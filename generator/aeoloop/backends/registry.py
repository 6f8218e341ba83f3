"""Backends chosen by a registered name (``backend:`` in mkdocs.yml), not by if-chains.

A backend turns a :class:`~aeoloop.page.Page` into :class:`~aeoloop.artifacts.PageArtifacts`.
:class:`Backend` (declared in :mod:`aeoloop.state`, which holds one) lists every member the build
uses; :class:`BaseBackend` gives the defaults of a deterministic backend, so a new backend
subclasses it and writes ``generate``. Channel derivatives come from the extractive templates
unless the backend also subclasses :class:`aeoloop.amplify.channels.producer.ChannelProducer`.
Register it with :func:`register`; the LLM backend is registered as a ``module:attr`` path so
importing aeoloop never imports litellm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..registry import Registry
from ..state import Backend

if TYPE_CHECKING:  # types only
    from ..brand import Brand
    from ..page import Page
    from ..settings import Settings
    from ..state import BuildState

__all__ = ["BACKENDS", "Backend", "BaseBackend", "Factory", "built_in_extractive", "create", "names", "register"]


class BaseBackend:
    """Defaults for a deterministic backend: nothing to bind, nothing ahead, no outcomes to report."""

    name: str = ""
    template_version: str = ""
    deterministic: bool = True
    calls_per_page: int = 1

    def bind(self, state: BuildState) -> None:
        return None

    def generate_many(self, pages: Iterable[Page]) -> None:
        return None

    def outcomes(self) -> Mapping[str, str]:
        return {}


Factory = Callable[["Settings", "Brand"], Backend]

_EXTRACTIVE = "aeoloop.backends.front:ExtractiveFront"  # its choosers load on the first stale page

BACKENDS: Registry[Factory] = Registry(
    "backend",
    {
        "extractive": _EXTRACTIVE,
        "llm": "aeoloop.backends.llm:LlmBackend",  # imports litellm only when it runs
    },
)


def built_in_extractive(name: str) -> bool:
    """``name`` is the built-in extractive backend (deterministic, cheap to create), known without importing it."""
    return BACKENDS.path(name) == _EXTRACTIVE


def register(name: str, factory: str | Factory) -> None:
    """Register a backend factory, or a ``module:attr`` path imported on first use."""
    BACKENDS.register(name, factory)


def names() -> list[str]:
    return sorted(BACKENDS)


def create(name: str, settings: Settings, brand: Brand) -> Backend:
    if name not in BACKENDS:
        raise ConfigError(
            f"unknown backend {name!r}; choose one of: {', '.join(names())} (plugins.aeoloop.backend in mkdocs.yml)"
        )
    return BACKENDS[name](settings, brand)
