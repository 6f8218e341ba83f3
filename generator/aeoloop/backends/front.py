"""The extractive backend as the build meets it: its name, version and model ids, without its choosers.

Why: every build creates its backend to key each page's artifacts (``template_version``,
``model_id``), but only a build with a stale page calls ``generate``. The sentence choosers of
:mod:`.extractive` import the question rules, the quality contract and the keyphrase extractor
(a tenth of a warm build's CPU, and memory it keeps to the end); :class:`ExtractiveFront`, the
class registered as ``extractive``, computes the same version from the files alone and creates the
real :class:`~.extractive.ExtractiveBackend` on the first page it generates (in the generate
server, before its workers fork: :func:`aeoloop.pagegen.resolve_pages`; in the build process when
fewer than nine pages are stale).

:data:`TEMPLATE_VERSION` hashes what :func:`.extractive._code_version` hashes, in the same order;
``tests/test_lazy_imports.py`` keeps the two equal (this module is not one of the hashed files: it
decides nothing of the output).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..amplify.keyphrases import version as keyphrases_version
from ..quality import CONTRACT_VERSION
from . import nlp as nlp_mod
from .registry import BaseBackend

if TYPE_CHECKING:
    from ..artifacts import PageArtifacts
    from ..brand import Brand
    from ..page import Page
    from ..settings import Settings
    from ..state import BuildState
    from .extractive import ExtractiveBackend

__all__ = ["TEMPLATE_VERSION", "ExtractiveFront"]

_HERE = Path(__file__).parent
_AMPLIFY = _HERE.parent / "amplify"


def _code_version() -> str:
    """The extractive backend's template version (see the module docstring)."""
    h = hashlib.sha256((CONTRACT_VERSION + keyphrases_version()).encode())
    own_files = sorted(_HERE.glob("extractive*.py"))
    rule_files = sorted((_AMPLIFY / "questions").glob("*.py"))
    for path in (*own_files, _AMPLIFY / "keyphrases.py", *rule_files):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return "extractive-" + h.hexdigest()[:10]


TEMPLATE_VERSION = _code_version()


class ExtractiveFront(BaseBackend):
    """Registered as ``extractive``: keys pages as :class:`~.extractive.ExtractiveBackend` does and
    hands ``generate`` to one, created on first use (see the module docstring)."""

    name = "extractive"
    template_version = TEMPLATE_VERSION

    def __init__(self, settings: Settings, brand: Brand) -> None:
        self.settings = settings
        self.brand = brand
        self._state: BuildState | None = None
        self._backend: ExtractiveBackend | None = None
        self._model_ids: dict[str, str] = {}

    def bind(self, state: BuildState) -> None:
        self._state = state
        if self._backend is not None:
            self._backend.bind(state)

    def model_id(self, lang: str) -> str:
        if lang not in self._model_ids:
            self._model_ids[lang] = nlp_mod.pipeline_version(lang, self.brand.glossary, self.settings.nlp_model)
        return self._model_ids[lang]

    @property
    def backend(self) -> ExtractiveBackend:
        """The real backend (its modules imported, bound to the build), made on first use."""
        if self._backend is None:
            from .extractive import ExtractiveBackend  # lazy: see the module docstring

            backend = ExtractiveBackend(self.settings, self.brand)
            if self._state is not None:
                backend.bind(self._state)
            self._backend = backend
        return self._backend

    def generate(self, page: Page) -> PageArtifacts:
        return self.backend.generate(page)
