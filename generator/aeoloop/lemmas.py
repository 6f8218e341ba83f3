"""``lemminflect`` without spaCy: English lemma and inflection tables for the rules.

Why: ``import lemminflect`` also imports spaCy, when it is installed, to register two token
extensions that aeoloop never uses. spaCy takes about a second to import; a build that only
re-checks committed text (CI: the quality contract over ``generated/``) needs the tables, not
spaCy. Importing through :func:`lemminflect` keeps spaCy out unless something else loaded it.
"""

from __future__ import annotations

import functools
import sys
from types import ModuleType


class _NoSpacy:
    """A meta path finder that answers ``import spacy`` with ImportError (lemminflect catches it)."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name == "spacy":
            raise ModuleNotFoundError("spaCy is not imported for lemminflect's tables", name="spacy")
        return None


@functools.cache
def lemminflect() -> ModuleType:
    """The ``lemminflect`` module (its tables still load on first lookup)."""
    if "spacy" in sys.modules:
        import lemminflect as module

        return module
    finder = _NoSpacy()
    sys.meta_path.insert(0, finder)
    try:
        import lemminflect as module
    finally:
        sys.meta_path.remove(finder)
    return module
