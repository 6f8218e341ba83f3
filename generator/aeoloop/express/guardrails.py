"""Guardrails: the lint rules applied to generated text before it is published.

The same engine that checks pages checks any generated text (summaries, answers, takeaways,
channel derivatives) and returns typed :class:`~aeoloop.express.violations.Violation` objects.
A generator can feed them back to a model (:func:`feedback`), reject the text
(:func:`acceptable`), or apply the fixable ones (:func:`repair`)::

    rules = project_rules(project)
    found = check_text(answer, rules=rules, lang=page.lang, scope="paragraph")
    if not acceptable(found):
        prompt += "\\nFix these problems:\\n" + feedback(found)

``scope`` says what the text is: ``"text"`` (Markdown: headings, paragraphs, lists),
``"paragraph"``, ``"heading"``, ``"list"`` (one list item) or ``"sentence"``. Page-level
rules (readability, exclamation marks per page, disclaimers) apply in every scope, to the text
as a whole. Positions (line, column, span) are relative to the string passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Iterable

from ..artifacts import render_faq, render_summary, render_takeaways
from ..quality import Failure, Limits
from ..quality import check_artifacts as contract_failures

from .fix import apply_fixes
from .lint import RuleSet, lint_document
from .markup import parse_markdown, parse_plain
from .rules import LintRule
from .violations import LEVEL_RANK, Violation, feedback

__all__ = ["check_text", "check_artifacts", "check_contract", "acceptable", "repair", "feedback"]

_PLAIN_KINDS = {"paragraph": "paragraph", "sentence": "paragraph", "heading": "heading", "list": "list"}


def _rules(rules: RuleSet | Iterable[LintRule], lang: str) -> list[LintRule]:
    if isinstance(rules, RuleSet):
        return rules.for_lang(lang)
    return [r for r in rules if r.applies_to(lang)]


def check_text(
    text: str, *, rules: RuleSet | Iterable[LintRule], lang: str = "en", scope: str = "text", file: str = "<generated>"
) -> list[Violation]:
    """Check one generated text; return its violations, sorted by position."""
    if scope == "text":
        doc = parse_markdown(text, lang=lang, file=file, front_matter=False)
    elif scope in _PLAIN_KINDS:
        doc = parse_plain(text, kind=_PLAIN_KINDS[scope], lang=lang, file=file)
    else:
        raise ValueError(f"scope must be one of text, {', '.join(_PLAIN_KINDS)}; not {scope!r}")
    doc.lang = lang
    return lint_document(doc, _rules(rules, lang))


def acceptable(violations: Iterable[Violation], *, fail_on: str = "error") -> bool:
    """True when no violation is at ``fail_on`` level or above."""
    limit = LEVEL_RANK[fail_on]
    return all(LEVEL_RANK.get(v.level, 2) < limit for v in violations)


def repair(
    text: str, *, rules: RuleSet | Iterable[LintRule], lang: str = "en", scope: str = "text"
) -> tuple[str, list[Violation]]:
    """Apply the fixable substitutions to a generated text; return (text, remaining violations)."""
    found = check_text(text, rules=rules, lang=lang, scope=scope)
    fixed, applied = apply_fixes(text, found)
    if not applied:
        return text, found
    return fixed, check_text(fixed, rules=rules, lang=lang, scope=scope)


def check_artifacts(artifacts: Any, *, rules: RuleSet | Iterable[LintRule], lang: str, folder: str) -> list[Violation]:
    """Check a page's generated artifacts in their file formats, so positions point into
    ``<folder>/summary.md``, ``takeaways.md`` and ``faq.md`` as written in ``generated/``."""
    out: list[Violation] = []
    texts = (
        ("summary.md", render_summary(artifacts.summary or "")),
        ("takeaways.md", render_takeaways(list(artifacts.takeaways or []))),
        ("faq.md", render_faq(list(artifacts.faq or []))),
    )
    for name, text in texts:
        if text.strip():
            out.extend(check_text(text, rules=rules, lang=lang, scope="text", file=f"{folder}/{name}"))
    return out


def _unit_line(unit: str) -> tuple[str, int]:
    """Where a contract unit sits in its file as ``generated/`` writes it (see aeoloop.artifacts)."""
    name, _, rest = unit.partition("[")
    if name == "summary":
        return "summary.md", 1
    index = int(rest.split("]", 1)[0]) if rest else 1
    if name == "takeaways":
        return "takeaways.md", index
    return "faq.md", 1 + 4 * (index - 1) + (2 if unit.endswith(".answer") else 0)


def check_contract(
    artifacts: Any, *, title: str, lang: str, limits: Limits, folder: str, headings: Mapping[int, str] | None = None
) -> list[tuple[str, int, Failure]]:
    """The quality contract (:mod:`aeoloop.quality`) on a page's artifacts, as (file, line, failure)
    pointing into ``<folder>/summary.md``, ``takeaways.md`` and ``faq.md``."""
    found = contract_failures(
        summary=artifacts.summary or "",
        takeaways=list(artifacts.takeaways or []),
        faq=list(artifacts.faq or []),
        title=title,
        lang=lang,
        limits=limits,
        headings=headings,
    )
    out = []
    for failure in found:
        name, line = _unit_line(failure.unit)
        out.append((f"{folder}/{name}", line, failure))
    return out
