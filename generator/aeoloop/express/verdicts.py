"""Guardrail findings recorded in each page's committed ``generated/<page>/manifest.json``.

Why: CI builds a fresh clone, where ``generated/`` is committed and the ``.aeoloop/`` caches are
not. Checking every page's generated text again there (the voice rules and the quality contract,
whose word tables alone cost about 0.5 CPU-s to load) repeats what the build that wrote
``generated/`` found. The findings are a function of their key (:func:`page_key`), so the manifest
records them beside the artifacts they are about (``"guardrails": {"key": …, "findings": […]}``),
and a build whose key matches reports the recorded findings instead of computing them again. A
reviewer also sees in the diff of ``generated/`` which warnings a change of text brought or cleared.

The key covers every input of the check: the three texts as ``generated/`` stores them, the page's
title, headings (an FAQ question is checked against the heading it came from) and language, the
page's folder (findings name files in it), the contract's word limits, and :func:`code_version`:
the brand rules, the project's language, the code of the rules, the contract and the file formats,
and the versions of the libraries that parse and match. Guardrail findings are warnings and
suggestions (they never stop a build), so a recorded entry can hide nothing that gates a build.

An entry that does not have this shape (a hand edit, a merge gone wrong) counts as missing: the
page is checked and the entry written again; never a traceback.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import artifacts, brand, lemmas, yamlsrc
from .. import page as page_loader
from ..quality import CONTRACT_VERSION

if TYPE_CHECKING:
    from ..artifacts import PageArtifacts
    from ..generated import GeneratedStore
    from ..page import Page as PageModel
    from ..project import Project
    from ..quality import Limits

ENTRY = "guardrails"
"""The manifest's key for a page's guardrail findings (also listed in ``generated.RECORDED``)."""

Finding = list[Any]
"""``[file, line, rule, message, level]``: JSON as recorded (``line`` may be null)."""

_LEVELS = frozenset({"error", "warning", "suggestion"})
#: Libraries whose behaviour decides the findings: Markdown parsing, patterns, readability, lemmas.
_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "regex", "textstat", "lemminflect")


@cache
def _code_digest() -> str:
    """The code that decides guardrail findings: this package (rules, segmentation), the MDX mask,
    the file formats the positions point into, the brand models and their YAML reader, the
    contract's code (:data:`~aeoloop.quality.CONTRACT_VERSION`); the libraries' versions."""
    here = Path(__file__).parent
    files = [*sorted(here.glob("*.py")), *sorted((here.parent / "foreign").glob("*.py"))]
    files += [Path(m.__file__ or "") for m in (artifacts, brand, lemmas, yamlsrc)]
    h = hashlib.sha256(CONTRACT_VERSION.encode())
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}=={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{name} missing".encode())
    return h.hexdigest()


def code_version(project: Project) -> str:
    """Findings depend on the text, the brand rules and the checking code: a change to any re-checks."""
    h = hashlib.sha256(_code_digest().encode())
    h.update(project.brand.rules_hash.encode())
    h.update(project.language.encode())
    return h.hexdigest()[:16]


def lint_version(project: Project) -> str:
    """:func:`code_version` and the page loader, which decides what the linter reads of a source
    page (front matter, the MDX mask): the key of ``.aeoloop/lint-cache.json``."""
    h = hashlib.sha256(code_version(project).encode())
    h.update(Path(page_loader.__file__ or "").read_bytes())
    return h.hexdigest()[:16]


def page_key(
    version: str, page: PageModel, art: PageArtifacts, headings: dict[int, str], limits: Limits, folder: str
) -> str:
    """The key of one page's guardrail findings (see the module docstring for what is in it).

    The texts are keyed as ``generated/`` stores them: a FAQ item's heading line is known when the
    page was just generated and not when it is read back, so keying on it would check everything
    again after every regeneration. The line is a function of the page's headings, which are in it.
    """
    return hashlib.sha256(
        json.dumps(
            [
                version,
                art.summary,
                art.takeaways,
                [[q.question, q.answer] for q in art.faq],
                page.title,
                page.lang,
                folder,
                sorted(headings.items()),
                repr(limits),
            ]
        ).encode()
    ).hexdigest()[:32]


def recorded(store: GeneratedStore | None, slug: str, key: str) -> list[Finding] | None:
    """The findings the page's manifest records under ``key``, or None (none, another key, not valid)."""
    if store is None:
        return None
    entry = store.recorded.get(slug, {}).get(ENTRY)
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    findings = entry.get("findings")
    if not isinstance(findings, list) or not all(_valid(f) for f in findings):
        return None
    return findings


def _valid(f: Any) -> bool:
    return (
        isinstance(f, list)
        and len(f) == 5
        and isinstance(f[0], str)
        and (f[1] is None or type(f[1]) is int)
        and isinstance(f[2], str)
        and isinstance(f[3], str)
        and f[4] in _LEVELS
    )


def record(store: GeneratedStore | None, slug: str, key: str, findings: list[Finding] | None) -> None:
    """Stage the page's manifest with these findings under ``key`` (``findings=None``: they could
    not be trusted, e.g. a rule ran out of time: the entry is removed)."""
    if store is not None:
        store.record(slug, ENTRY, None if findings is None else {"key": key, "findings": findings})
