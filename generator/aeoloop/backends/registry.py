"""Backends chosen by a registered name (``backend:`` in mkdocs.yml), not by if-chains.

A backend turns a :class:`~aeoloop.page.Page` into :class:`~aeoloop.artifacts.PageArtifacts`.
New backends register themselves with :func:`register`; the LLM backend registers lazily so
importing aeoloop never imports litellm.
"""

from __future__ import annotations

import importlib
from typing import Callable, Protocol

from ..artifacts import PageArtifacts
from ..errors import ConfigError
from ..express.brand import Brand
from ..page import Page
from ..settings import Settings


class Backend(Protocol):
    name: str
    template_version: str

    def model_id(self, lang: str) -> str: ...

    def generate(self, page: Page) -> PageArtifacts: ...


Factory = Callable[[Settings, Brand], Backend]

_REGISTRY: dict[str, str | Factory] = {
    "extractive": "aeoloop.backends.extractive:ExtractiveBackend",
    "llm": "aeoloop.backends.llm:LlmBackend",  # imports litellm only when it runs
}


def register(name: str, factory: str | Factory) -> None:
    """Register a backend factory, or a ``module:attr`` path imported on first use."""
    _REGISTRY[name] = factory


def names() -> list[str]:
    return sorted(_REGISTRY)


def create(name: str, settings: Settings, brand: Brand) -> Backend:
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ConfigError(f"unknown backend {name!r}; choose one of: {', '.join(names())} (plugins.aeoloop.backend in mkdocs.yml)") from None
    if isinstance(factory, str):
        module, _, attr = factory.partition(":")
        factory = getattr(importlib.import_module(module), attr)
        _REGISTRY[name] = factory
    return factory(settings, brand)
