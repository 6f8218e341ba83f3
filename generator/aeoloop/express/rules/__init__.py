"""Rule types, modeled on Vale's checks, and the registry that builds them by name.

Every rule is built from a Vale-shaped mapping (``extends: existence``, ``tokens: [...]``, ...),
whether it comes from a Vale style folder or from ``brand/voice.yml``. One class per type,
registered in :data:`RULE_TYPES` by the name Vale uses:

============== =================================================================================
existence      flag any of ``tokens`` (or ``raw``)                             Vale: existence
substitution   flag keys of ``swap`` and suggest the value (``--fix`` applies it) Vale: substitution
occurrence     at most ``max`` / at least ``min`` matches of ``token`` per scope unit
repetition     the same token twice in a row ("the the")
consistency    only one of each ``either`` pair per page
conditional    ``first`` needs ``second`` on the page (acronym definitions, disclaimers)
capitalization ``$sentence``, ``$title`` (AP/Chicago), ``$lower``, ``$upper`` or a pattern
readability    Vale's ``metrics`` + ``grade`` (average grade level above ``grade``)
metric         a ``formula`` over counts and readability scores, with a ``condition``
============== =================================================================================

A rule's ``check(doc)`` yields :class:`Hit` (segment + span + message + suggestion); the lint
runner turns hits into :class:`~aeoloop.express.violations.Violation` with file positions.

Every pattern a user wrote runs as a :class:`~aeoloop.express.timed.TimedPattern` (the
``regex`` module with a time limit) that knows which rule key, and which entry, it came from:
a runaway pattern raises :class:`~aeoloop.express.timed.PatternTimeout` instead of hanging.

One module per rule type (``existence.py`` ... ``metric.py``); :mod:`.base` holds the
:class:`Rule` protocol, the registry and the build context, :mod:`.scopes` the views of a
document, :mod:`.formula` the arithmetic of metric rules. A new rule type is one module with a
``@register("name")`` class, imported below (the import order is the order names are listed in).
"""

from __future__ import annotations

from typing import Any

from . import (  # noqa: F401  (each module registers its rule type; this order is RULE_TYPES' order)
    existence,
    substitution,
    occurrence,
    repetition,
    consistency,
    conditional,
    capitalization,
    readability,
    metric,
)
from .base import (
    RULE_TYPES,
    BuildContext,
    Hit,
    LintRule,
    Origin,
    Rule,
    RuleError,
    RuleType,
    Unsupported,
    VocabEntry,
    format_message,
    register,
)
from .capitalization import Capitalization
from .conditional import Conditional
from .consistency import Consistency
from .existence import Existence
from .metric import Metric
from .occurrence import Occurrence
from .readability import Readability
from .repetition import Repetition
from .scopes import view
from .substitution import Substitution

__all__ = [
    "RULE_TYPES",
    "UNSUPPORTED_TYPES",
    "BuildContext",
    "Capitalization",
    "Conditional",
    "Consistency",
    "Existence",
    "Hit",
    "LintRule",
    "Metric",
    "Occurrence",
    "Origin",
    "Readability",
    "Repetition",
    "Rule",
    "RuleError",
    "RuleType",
    "Substitution",
    "Unsupported",
    "VocabEntry",
    "build_rule",
    "format_message",
    "register",
    "view",
]

UNSUPPORTED_TYPES = {
    "spelling": "spelling checks need Hunspell dictionaries, which are not part of aeoloop",
    "sequence": "sequence rules need part-of-speech tagging, which is not part of aeoloop",
    "script": "script rules run Tengo scripts, which are not supported",
    "lt": "LanguageTool rules need a LanguageTool server, which is not supported",
}


def build_rule(name: str, cfg: Any, origin: Origin, ctx: BuildContext) -> LintRule:
    """Build one rule from its Vale-shaped mapping; raise RuleError/Unsupported."""
    if not isinstance(cfg, dict):
        raise RuleError("a rule must be a mapping of keys (extends, message, level, ...)")
    extends = cfg.get("extends")
    if extends is None:
        raise RuleError(f"missing the required `extends` key; use one of: {', '.join(RULE_TYPES)}")
    if not isinstance(extends, str):
        raise RuleError(
            f"`extends` must be one rule type name such as `existence`, not {extends!r}; use one of: "
            f"{', '.join(RULE_TYPES)}",
            ("extends",),
        )
    if extends in UNSUPPORTED_TYPES:
        raise Unsupported(
            f"`extends: {extends}` is not supported ({UNSUPPORTED_TYPES[extends]}); the rule is skipped", ("extends",)
        )
    cls = RULE_TYPES.get(str(extends))
    if cls is None:
        raise RuleError(f"unknown rule type `{extends}`; use one of: {', '.join(RULE_TYPES)}", ("extends",))
    return cls.build(name, cfg, origin, ctx)
