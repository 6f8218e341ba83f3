"""One registry helper for every kind of extension: backends, report adapters, lint rule types, channels.

A :class:`Registry` maps a name (what a user writes in mkdocs.yml, ``--format``, ``extends:``) to
an extension. An entry is the extension itself or a ``"module:attr"`` path imported on first use,
so registering costs no import (litellm, DuckDB). Each kind states its members in a
:class:`typing.Protocol` beside its registry; callers use those members and nothing else.

Adding an extension: write one module, then one ``REGISTRY.register("name", ...)`` call (or one
line in the registry's table of built-ins).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar, cast

T = TypeVar("T")


class UnknownName(KeyError):
    """No extension is registered under this name (``Registry.require`` turns it into the kind's error)."""


class Registry(Mapping[str, T], Generic[T]):
    """Named extensions of one kind, in registration order (the order names are listed in)."""

    def __init__(
        self, kind: str, entries: Mapping[str, T | str] | None = None, *, load: Callable[[object], T] | None = None
    ) -> None:
        """``kind`` names the extensions in messages; ``load`` turns an imported ``module:attr``
        object into the entry (e.g. instantiates a class); by default the object is the entry."""
        self.kind = kind
        self._entries: dict[str, T | str] = dict(entries or {})
        self._paths = {name: entry for name, entry in self._entries.items() if isinstance(entry, str)}
        self._load = load

    def register(self, name: str, entry: T | str) -> None:
        """Add (or replace) ``name``: the extension, or a ``module:attr`` path imported on first use."""
        self._entries[name] = entry
        self._paths.pop(name, None)
        if isinstance(entry, str):
            self._paths[name] = entry

    def remove(self, name: str) -> None:
        """Take ``name`` out (tests that register a fake put the registry back as it was)."""
        self._entries.pop(name, None)
        self._paths.pop(name, None)

    def path(self, name: str) -> str | None:
        """The ``module:attr`` path ``name`` was registered with, loaded or not (None for an
        extension registered as an object): what a caller may know of it without importing it."""
        return self._paths.get(name)

    def names(self) -> list[str]:
        return list(self._entries)

    def __getitem__(self, name: str) -> T:
        try:
            entry = self._entries[name]
        except KeyError:
            raise UnknownName(name) from None
        if isinstance(entry, str):
            module, _, attr = entry.partition(":")
            obj: object = getattr(importlib.import_module(module), attr)
            entry = self._load(obj) if self._load is not None else cast(T, obj)
            self._entries[name] = entry
        return entry

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def unknown(self, name: str) -> str:
        """The message for a name nobody registered: what was asked, and every name there is."""
        return f"unknown {self.kind} {name!r}; use one of: {', '.join(self.names())}"
