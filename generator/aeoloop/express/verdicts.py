"""Lint and guardrail findings recorded in each page's committed ``generated/<page>/manifest.json``.

Why: CI builds a fresh clone, where ``generated/`` is committed and the ``.aeoloop/`` caches are
not. Checking every page again there (lint parses each source page with markdown-it; the
guardrails run the voice rules and the quality contract over the generated text, whose word
tables alone cost about 0.5 CPU-s to load) repeats what the build that wrote ``generated/``
found. Findings are a function of their key, so the manifest records them beside the artifacts
(``"lint"`` and ``"guardrails"``: ``{"key": …, "findings": […]}``), and a build whose key
matches reports the recorded findings (printed as if computed) instead of computing them again.
A reviewer also sees in the diff of ``generated/`` which findings a change brought or cleared.

The guardrail key (:func:`page_key`) covers every input of the check: the three texts as
``generated/`` stores them, the page's title, headings (an FAQ question is checked against the
heading it came from) and language, the page's folder (findings name files in it), the contract's
word limits, and :func:`code_version`: the brand rules, the project's language, the code of the
rules, the contract and the file formats, and the versions of the libraries that parse and match.
The lint key (:func:`lint_key`) is the source's hash, its path and :func:`lint_version` (the same
plus the page loader, which decides what the linter reads).

Lint errors stop a build, so a build that publishes never records one: a page whose source and
rules are unchanged passed lint when its entry was written, and any change to either is linted
again (an entry is trusted like the rest of ``generated/``: a reviewed, committed file). An entry
that does not have the expected shape (a hand edit, a merge gone wrong) counts as missing: the
page is checked and the entry written again; never a traceback.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from .. import artifacts, brand, lemmas, mdfast, yamlsrc
from .. import page as page_loader
from ..produced import FindingLevel, GuardrailFinding, LintFinding
from ..quality import CONTRACT_VERSION

if TYPE_CHECKING:
    from ..artifacts import PageArtifacts
    from ..generated import GeneratedStore
    from ..page import Page as PageModel
    from ..project import Project
    from ..quality import Limits

ENTRY = "guardrails"
"""The manifest's key for a page's guardrail findings (also listed in ``generated.RECORDED``)."""
LINT_ENTRY = "lint"
"""The manifest's key for the lint findings of the page's source (``content/<page>.md``)."""

MANIFEST = "manifest.json"

_LEVELS: dict[object, FindingLevel] = {"error": "error", "warning": "warning", "suggestion": "suggestion"}
#: Libraries whose behaviour decides the findings: Markdown parsing, readability, lemmas. Not the
#: ``regex`` engine: it is released every few weeks (calendar versions) with fixes that do not move
#: a finding, and keying on it made a fresh CI clone (newest release) re-check every committed page
#: and rewrite every manifest whenever a writer's environment was a release behind. The patterns
#: themselves are this package's code, which the digest reads.
_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "textstat", "lemminflect")


@cache
def _code_digest() -> str:
    """The code that decides guardrail findings: this package (rules, segmentation), the MDX mask,
    the Markdown parser's scans (:mod:`aeoloop.mdfast`), the file formats the positions point into,
    the brand models and their YAML reader, the contract's code
    (:data:`~aeoloop.quality.CONTRACT_VERSION`); the libraries' versions."""
    here = Path(__file__).parent
    files = [*sorted(here.glob("*.py")), *sorted((here.parent / "foreign").glob("*.py"))]
    files += [Path(m.__file__ or "") for m in (artifacts, brand, lemmas, mdfast, yamlsrc)]
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


def lint_key(version: str, source_hash: str, display: str) -> str:
    """The key of a source page's lint findings: :func:`lint_version`, the page's source hash (the
    MDX-normalized body included) and its path (findings name it)."""
    return hashlib.sha256(json.dumps([version, source_hash, display]).encode()).hexdigest()[:32]


def recorded_lint(generated_dir: Path, slug: str, key: str) -> list[LintFinding] | None:
    """The lint findings ``generated/<slug>/manifest.json`` records under ``key``, or None (no
    manifest, another key, not the shape). Read from disk: lint runs before generate reads it."""
    try:
        data = json.loads((generated_dir / slug / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return _findings_under(data.get(LINT_ENTRY) if isinstance(data, dict) else None, key, lint_finding)


_F = TypeVar("_F", LintFinding, GuardrailFinding)


def _findings_under(entry: object, key: str, read: Callable[[object], _F | None]) -> list[_F] | None:
    """A recorded ``{"key", "findings"}`` entry's findings when its key is ``key`` and ``read`` takes
    every one of them, else None: a hand-edited or older manifest is checked again."""
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    return read_findings(entry.get("findings"), read)


def read_findings(found: object, read: Callable[[object], _F | None]) -> list[_F] | None:
    """Findings as JSON (a list of lists) read into their records, or None if any is not the shape."""
    if not isinstance(found, list):
        return None
    out: list[_F] = []
    for item in found:
        finding = read(item)
        if finding is None:
            return None
        out.append(finding)
    return out


def lint_finding(f: object) -> LintFinding | None:
    """``[line, rule, message, suggestion, level]`` as JSON, or None when it is not that shape."""
    if not isinstance(f, list) or len(f) != 5:
        return None
    line, rule, message, suggestion, level = f
    if (
        (line is None or type(line) is int)
        and isinstance(rule, str)
        and isinstance(message, str)
        and (suggestion is None or isinstance(suggestion, str))
        and level in _LEVELS
    ):
        return LintFinding(line, rule, message, suggestion, _LEVELS[level])
    return None


def guardrail_finding(f: object) -> GuardrailFinding | None:
    """``[file, line, rule, message, level]`` as JSON, or None when it is not that shape."""
    if not isinstance(f, list) or len(f) != 5:
        return None
    file, line, rule, message, level = f
    if (
        isinstance(file, str)
        and (line is None or type(line) is int)
        and isinstance(rule, str)
        and isinstance(message, str)
        and level in _LEVELS
    ):
        return GuardrailFinding(file, line, rule, message, _LEVELS[level])
    return None


def level_of(level: str) -> FindingLevel:
    """A rule's level as a finding's (a rule file's level is one of the three; KeyError otherwise)."""
    return _LEVELS[level]


def _as_json(found: list[LintFinding] | list[GuardrailFinding]) -> list[list[object]]:
    """Findings as the manifest stores them (lists, as JSON reads them back)."""
    return [list(f) for f in found]


def record_lint(store: GeneratedStore | None, slug: str, found: tuple[str, list[LintFinding]]) -> None:
    """Stage the page's manifest with its lint findings, unless it records them already."""
    if store is None:
        return
    value = {"key": found[0], "findings": _as_json(found[1])}
    if store.recorded.get(slug, {}).get(LINT_ENTRY) != value:
        store.record(slug, LINT_ENTRY, value)


def recorded(store: GeneratedStore | None, slug: str, key: str) -> list[GuardrailFinding] | None:
    """The findings the page's manifest records under ``key``, or None (none, another key, not valid)."""
    if store is None:
        return None
    return _findings_under(store.recorded.get(slug, {}).get(ENTRY), key, guardrail_finding)


def record(store: GeneratedStore | None, slug: str, key: str, findings: list[GuardrailFinding] | None) -> None:
    """Stage the page's manifest with these findings under ``key`` (``findings=None``: they could
    not be trusted, e.g. a rule ran out of time: the entry is removed)."""
    if store is not None:
        store.record(slug, ENTRY, None if findings is None else {"key": key, "findings": _as_json(findings)})
