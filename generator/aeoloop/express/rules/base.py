"""The rule protocol every type implements (:class:`Rule`), its registry, errors and build context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterator, Protocol

import regex

from ...errors import Diagnostic
from ...registry import Registry
from ..markup import Document
from ..segments import Segment
from ..regexes import PatternError, check_token, compile_pattern, error_message
from ..timed import Key, Part, TimedPattern, compile_timed
from ..violations import LEVELS
from .scopes import SCOPES, UNSUPPORTED_SCOPES

COMMON_KEYS = frozenset(
    {"extends", "message", "description", "level", "scope", "link", "limit", "action", "name", "lang", "vocab"}
)


class RuleError(ValueError):
    """A rule definition that cannot be used. ``key`` is the path of the offending key."""

    def __init__(self, message: str, key: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


class Unsupported(RuleError):
    """A Vale feature this engine does not implement: a warning, and the rule is skipped."""


@dataclass(frozen=True)
class Origin:
    """Where a rule was written: its file, its first line, and the line of each of its keys
    (``("tokens", 2)`` → 14), so a problem found while running it can name the exact line."""

    file: str
    line: int | None = None
    key_lines: dict[Key, int] = field(default_factory=dict, compare=False, hash=False)

    def line_of(self, key: Key) -> int | None:
        """Line of the deepest known part of ``key``, else the rule's own line."""
        for k in range(len(key), 0, -1):
            got = self.key_lines.get(key[:k])
            if got is not None:
                return got
        return self.line


class VocabEntry(str):
    """A vocabulary entry (a line of accept.txt or reject.txt) that remembers where it is."""

    file: str
    line: int | None

    def __new__(cls, text: str, file: str, line: int | None) -> VocabEntry:
        self = super().__new__(cls, text)
        self.file = file
        self.line = line
        return self


def _part(text: str, pattern: str, key: Key) -> Part:
    if isinstance(text, VocabEntry):
        return Part(str(text), pattern, key, text.file, text.line)
    return Part(text, pattern, key)


@dataclass(frozen=True)
class Hit:
    segment: Segment
    start: int
    end: int
    message: str
    suggestion: str | None = None
    replace: bool = False  # suggestion is a drop-in replacement for the matched text


@dataclass
class BuildContext:
    """What rule builders need besides the rule's own mapping."""

    accepted: list[str] = field(default_factory=list)  # vocabulary accept.txt entries
    dialect: str = "vale"  # "vale": Vale's semantics exactly; "voice": voice.yml's (max: 0 means none)
    warnings: list[tuple[tuple[str | int, ...], str]] = field(default_factory=list)

    def warn(self, key: tuple[str | int, ...], message: str) -> None:
        self.warnings.append((key, message))


def format_message(message: str, *subs: str) -> str:
    out = message
    for sub in subs:
        if "%s" not in out:
            break
        out = out.replace("%s", sub, 1)
    return out


class LintRule(Protocol):
    """One built rule: every member the lint runner, the guardrails and the output formats use."""

    name: str  # Vale's Style.Rule id
    level: str  # suggestion | warning | error
    link: str | None  # the rule's documentation
    limit: int | None  # at most this many findings per file
    langs: frozenset[str] | None  # None: every language
    origin: Origin  # the file (and line) the rule came from
    timed_out: Diagnostic | None  # set by the runner when a pattern ran out of time

    @property
    def fixable(self) -> bool:
        """``aeoloop lint --fix`` may apply its suggestions (a class constant of a rule type)."""
        ...

    def applies_to(self, lang: str) -> bool: ...

    def check(self, doc: Document) -> Iterator[Hit]:
        """The findings in one document, as spans of its prose segments."""
        ...


class RuleType(Protocol):
    """A rule type (``extends: <name>``): builds a :class:`LintRule` from its Vale-shaped mapping.
    :class:`Rule` implements it (the common keys); a subclass adds ``setup`` and ``check``."""

    kind: str

    def build(self, name: str, cfg: dict[str, Any], origin: Origin, ctx: BuildContext) -> LintRule:
        """The rule, or RuleError/Unsupported naming the key that is wrong."""
        ...


RULE_TYPES: Registry[RuleType] = Registry("rule type")
"""Rule types by the name ``extends:`` uses; a new one is a :class:`Rule` subclass with ``@register("name")``."""


def register(name: str) -> Callable[[type[Rule]], type[Rule]]:
    def deco(cls: type[Rule]) -> type[Rule]:
        cls.kind = name
        RULE_TYPES.register(name, cls)
        return cls

    return deco


def _as_list(value: Any, key: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        return [value]
    if isinstance(value, list):
        return value
    raise RuleError(f"`{key}` must be a list", (key,))


def _as_bool(cfg: dict[str, Any], key: str, default: bool = False) -> bool:
    value = cfg.get(key, default)
    if isinstance(value, bool):
        return value
    if value is None:
        return default
    raise RuleError(f"`{key}` must be true or false, not {value!r}", (key,))


def _as_number(cfg: dict[str, Any], key: str, default: float | None = None) -> float | None:
    value = cfg.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            return float(str(value))
        except ValueError:
            raise RuleError(f"`{key}` must be a number, not {value!r}", (key,)) from None
    return value


def _strings(cfg: dict[str, Any], key: str) -> list[str]:
    out = []
    for i, item in enumerate(_as_list(cfg.get(key), key)):
        if isinstance(item, bool) or item is None or isinstance(item, (dict, list)):
            raise RuleError(f"`{key}` items must be strings, not {item!r}", (key, i))
        out.append(item if isinstance(item, str) else str(item))  # keeps a VocabEntry's origin
    return out


def _joined(
    parts: list[Part], key: Key, prefix: str = r"\b(?:", suffix: str = r")\b", flags: int = regex.M
) -> TimedPattern:
    parts.sort(key=lambda p: len(p.pattern), reverse=True)
    try:
        return compile_timed(prefix + "|".join(p.pattern for p in parts) + suffix, flags, key, tuple(parts))
    except (regex.error, OverflowError, RecursionError, MemoryError) as err:
        raise RuleError(f"the combined pattern does not compile: {error_message(err)}", key) from None


def _exceptions_re(items: list[str], accepted: list[str], key: str = "exceptions") -> TimedPattern | None:
    """Vale's exception matcher: ``\\b(?:longest|...|shortest)\\b``, searched inside a match."""
    parts: list[Part] = []
    for i, item in enumerate(items):
        try:
            parts.append(_part(item, check_token(item), (key, i)))
        except PatternError as err:
            raise RuleError(str(err), (key, i)) from None
    for item in accepted:
        try:
            parts.append(_part(item, check_token(item), (key,)))
        except PatternError:
            continue  # reported where the vocabulary is loaded
    if not parts:
        return None
    return _joined(parts, (key,))


def _phrase_re(items: list[str], accepted: list[str]) -> TimedPattern | None:
    """Multi-word exceptions, matched in the text around a finding (Vale's ``withinPhrase``):
    "Very Large Array" exempts the "Very" inside it."""
    parts: list[Part] = []
    for i, item in enumerate([*items, *accepted]):
        if " " in item:
            try:
                parts.append(_part(item, check_token(item), ("exceptions", i) if i < len(items) else ("exceptions",)))
            except PatternError:
                continue
    if not parts:
        return None
    return _joined(parts, ("exceptions",))


def _within_phrase(phrase_re: TimedPattern | None, text: str, a: int, b: int) -> bool:
    if phrase_re is None:
        return False
    for m in phrase_re.finditer(text, max(0, a - 120), min(len(text), b + 120)):
        if m.start() <= a and m.end() >= b:
            return True
    return False


class Rule:
    """Common header of every rule (Vale's ``Definition``)."""

    kind: ClassVar[str] = ""
    KEYS: ClassVar[frozenset[str]] = frozenset()
    DEFAULT_SCOPE: ClassVar[tuple[str, ...]] = ("text",)
    FIXED_SCOPE: ClassVar[tuple[str, ...] | None] = None  # Vale ignores `scope` for these types
    fixable: ClassVar[bool] = False

    name: str
    level: str
    message: str
    description: str
    link: str | None
    limit: int | None
    scope: tuple[str, ...]
    langs: frozenset[str] | None
    origin: Origin
    action: dict[str, Any]
    # set by the lint runner when one of the rule's patterns ran out of time: the rule is
    # skipped from then on, and this problem is reported once
    timed_out: Diagnostic | None = None

    @classmethod
    def build(cls, name: str, cfg: dict[str, Any], origin: Origin, ctx: BuildContext) -> Rule:
        self = cls.__new__(cls)
        self.name = name
        self.origin = origin
        message = cfg.get("message")
        if not isinstance(message, str) or not message.strip():
            raise RuleError(
                "missing the required `message` key (the text shown for each finding)",
                ("message",) if "message" in cfg else (),
            )
        self.message = message.strip()
        level = cfg.get("level", "warning")
        if level not in LEVELS:
            raise RuleError(f"`level` must be one of {', '.join(LEVELS)}, not {level!r}", ("level",))
        self.level = str(level)
        self.description = str(cfg.get("description") or "")
        self.link = str(cfg["link"]) if cfg.get("link") else None
        limit = cfg.get("limit")
        self.limit = int(limit) if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0 else None
        langs = cfg.get("lang")
        self.langs = frozenset(str(x).lower() for x in _as_list(langs, "lang")) if langs else None
        action = cfg.get("action") or {}
        if not isinstance(action, dict):
            raise RuleError("`action` must be a mapping with `name` and `params`", ("action",))
        self.action = action
        if action and action.get("name") not in ("replace", "remove", "suggest", "edit", None):
            ctx.warn(
                ("action", "name"),
                f"action `{action.get('name')}` is not supported; the finding is reported without it",
            )
        self.scope = self._scopes(cfg, ctx)
        for key in cfg:
            if key not in COMMON_KEYS and key not in cls.KEYS:
                ctx.warn((key,), f"key `{key}` is not supported by {cls.kind} rules and is ignored")
        self.setup(cfg, ctx)
        return self

    def _scopes(self, cfg: dict[str, Any], ctx: BuildContext) -> tuple[str, ...]:
        if self.FIXED_SCOPE is not None:
            if ctx.dialect == "vale" or "scope" not in cfg:
                return self.FIXED_SCOPE
        raw = cfg.get("scope")
        if raw is None:
            return ("text",) if ctx.dialect == "vale" else self.DEFAULT_SCOPE
        items = _as_list(raw, "scope")
        out: list[str] = []
        for i, item in enumerate(items):
            s = str(item).strip()
            if s in SCOPES:
                out.append(s)
            elif s.startswith("~") or "&" in s:
                raise Unsupported(
                    f"scope `{s}` (negation or combination) is not supported; the rule is skipped",
                    ("scope", i) if isinstance(raw, list) else ("scope",),
                )
            elif s.split(".")[0] in UNSUPPORTED_SCOPES or s.split(".")[0] == "raw":
                raise Unsupported(
                    f"scope `{s}` is not supported (only prose is checked, never markup or code); the rule is skipped",
                    ("scope", i) if isinstance(raw, list) else ("scope",),
                )
            elif s.startswith("heading.") or s.startswith("table."):
                raise RuleError(f"unknown scope `{s}`; use one of: {', '.join(sorted(SCOPES))}", ("scope",))
            else:
                raise RuleError(f"unknown scope `{s}`; use one of: {', '.join(sorted(SCOPES))}", ("scope",))
        return tuple(out) or self.DEFAULT_SCOPE

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def applies_to(self, lang: str) -> bool:
        return self.langs is None or lang in self.langs

    def check(self, doc: Document) -> Iterator[Hit]:  # pragma: no cover - overridden
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.level}>"


def _compile_alternation(tokens: list[str], key: str) -> list[Part]:
    parts = []
    for i, tok in enumerate(tokens):
        if not tok.strip():
            continue
        try:
            parts.append(_part(tok, check_token(tok), (key, i)))
        except PatternError as err:
            raise RuleError(str(err), (key, i)) from None
    return parts


def _whole(pattern: str, cfg_key: str, flags: int, parts: tuple[Part, ...] = ()) -> TimedPattern:
    try:
        return compile_timed(pattern, flags, (cfg_key,), parts)
    except (regex.error, OverflowError, RecursionError, MemoryError) as err:
        raise RuleError(f"the combined pattern does not compile: {error_message(err)}", (cfg_key,)) from None


def _timed(pattern: str, flags: int, key: Key, text: str | None = None) -> TimedPattern:
    """One user pattern (Vale syntax) as a TimedPattern; RuleError naming ``key`` if invalid."""
    try:
        compiled = compile_pattern(pattern, flags)
    except PatternError as err:
        raise RuleError(str(err), key) from None
    return TimedPattern(compiled, key, (Part(text if text is not None else pattern, compiled.pattern, key),))
