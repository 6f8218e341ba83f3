"""Backends chosen by a registered name (``backend:`` in mkdocs.yml), not by if-chains.

A backend turns a :class:`~aeoloop.page.Page` into :class:`~aeoloop.artifacts.PageArtifacts`.
:class:`Backend` lists every member the build uses; :class:`BaseBackend` gives the defaults of a
deterministic backend that leaves channel derivatives to the extractive templates, so a new
backend subclasses it and writes ``generate``. Register it with :func:`register`; the LLM backend
is registered as a ``module:attr`` path so importing aeoloop never imports litellm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Protocol

from ..errors import ConfigError
from ..registry import Registry

if TYPE_CHECKING:  # types only: the build step, the channels step and the backends import this module
    from ..amplify.channels.step import ChannelJob, ChannelOutcome
    from ..generated import Generated
    from ..brand import Brand
    from ..page import Page
    from ..settings import Settings
    from ..state import BuildState


class ChannelProducer(Protocol):
    """A backend that writes channel derivatives itself (the llm backend)."""

    def channel_provenance(self) -> dict[str, str]:
        """backend, model and template version recorded for (and keying) what it produces."""
        ...

    def plan_channels(self, jobs: list[ChannelJob]) -> None:
        """``--dry-run``: record the calls it would make (no call)."""
        ...

    def produce_channels(self, jobs: list[ChannelJob]) -> list[ChannelOutcome]:
        """One outcome per job, in order."""
        ...


class Backend(Protocol):
    """Every member the build, the plan and the reports use."""

    name: str  # the registered name, recorded in provenance
    template_version: str  # part of every artifact's cache key
    deterministic: bool  # same inputs, same output: the Evolve plan never forces regeneration
    calls_per_page: int  # model calls one page costs (the plan's budget arithmetic)

    def model_id(self, lang: str) -> str:
        """What produces a page in ``lang`` (model and parameters), part of the cache key."""
        ...

    def bind(self, state: BuildState) -> None:
        """Called once before generating: the run's options, project and diagnostics."""
        ...

    def generate_many(self, pages: Iterable[Page]) -> None:
        """Produce the stale ``pages`` ahead (concurrently); :meth:`generate` then hands them out.
        ``pages`` is lazy: a backend that does not iterate it costs no freshness check."""
        ...

    def generate(self, page: Page) -> Generated:
        """The page's artifacts; or (artifacts, provenance) when something else made them (a
        fallback); or None to keep the last good files (see ``GeneratedStore.resolve``)."""
        ...

    def outcomes(self) -> Mapping[str, str]:
        """src_uri -> what happened to the page's artifacts, for the generate table ({}: nothing to add)."""
        ...

    def channels(self) -> ChannelProducer | None:
        """The producer of channel derivatives, or None: the extractive templates make them."""
        ...


class BaseBackend:
    """Defaults for a deterministic backend: nothing to bind, nothing ahead, no channel producer."""

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

    def channels(self) -> ChannelProducer | None:
        return None


Factory = Callable[["Settings", "Brand"], Backend]

BACKENDS: Registry[Factory] = Registry(
    "backend",
    {
        "extractive": "aeoloop.backends.extractive:ExtractiveBackend",
        "llm": "aeoloop.backends.llm:LlmBackend",  # imports litellm only when it runs
    },
)


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
