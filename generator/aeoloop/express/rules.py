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
"""

from __future__ import annotations

import ast
import math
import operator
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, ClassVar, Iterable, Iterator

import regex

from .literals import first_chars, first_words, phrase_first_word, phrases, required_literals
from .markup import PROSE_KINDS, Document, Segment, split_sentences
from .regexes import PatternError, check_token, compile_pattern, embeddable
from .timed import Key, Part, TimedPattern, compile_timed
from .textstats import FORMULAS, VALE_READABILITY, Stats
from ..errors import Diagnostic
from ..registry import Registry
from .violations import LEVELS

COMMON_KEYS = frozenset({"extends", "message", "description", "level", "scope", "link", "limit", "action", "name", "lang", "vocab"})


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
    dialect: str = "vale"   # "vale": Vale's semantics exactly; "voice": voice.yml's (max: 0 means none)
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


# -------------------------------------------------------------------------------------------
# Scopes: views of a document
# -------------------------------------------------------------------------------------------

SCOPES = {
    "text", "heading", "paragraph", "sentence", "list", "blockquote", "table", "table.header", "table.cell",
    "summary", "title", "description", *(f"heading.h{i}" for i in range(1, 7)),
}
UNSUPPORTED_SCOPES = {"raw", "alt", "code", "comment", "script", "markup", "attr"}


@dataclass
class View:
    """The text of one scope of a document: pieces joined with blank lines, and where each is."""

    text: str
    pieces: list[tuple[Segment, int, int]]  # (segment, start, end) in segment text
    starts: list[int]                        # start of each piece in ``text``

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(_WORD_CHARS.findall(self.lower))

    @cached_property
    def squashed(self) -> str:
        return " ".join(self.lower.split())

    def may_contain(self, literals: frozenset[str] | None, first_words: frozenset[str] | None = None,
                    phrases: frozenset[str] | None = None) -> bool:
        """False only when no match is possible: none of the first words of a phrase rule is a
        word of the text, none of its phrases is in the text, or none of the literals every
        match needs is a substring of it. Cheap checks that spare most regex runs."""
        if first_words is not None and first_words.isdisjoint(self.words):
            return False
        if phrases is not None:
            squashed = self.squashed
            return any(p in squashed for p in phrases)
        if literals is None:
            return True
        low = self.lower
        return any(lit in low for lit in literals)

    def locate(self, a: int, b: int) -> tuple[Segment, int, int] | None:
        """The (segment, start, end) of view text[a:b], or None when it crosses two pieces."""
        k = bisect_right(self.starts, a) - 1
        if k < 0:
            return None
        seg, s, e = self.pieces[k]
        base = self.starts[k]
        if b - base > e - s:
            return None
        return seg, s + (a - base), s + (b - base)


_WORD_CHARS = re.compile(r"[^\W_]+")


def _phrases(tokens: list[str], flags: int) -> frozenset[str] | None:
    out: set[str] = set()
    for tok in tokens:
        got = phrases(tok, flags)
        if got is None:
            return None
        out |= got
    return frozenset(out) or None


def _accelerated(pattern: TimedPattern, words: frozenset[str] | None) -> TimedPattern:
    """The same pattern behind a lookahead on its possible first characters, so the regex
    engine skips every other position quickly (same matches, same groups)."""
    if not words or any(not w for w in words):
        return pattern
    return compile_timed("(?=[" + first_chars(words) + "])" + pattern.pattern, pattern.flags, pattern.key, pattern.parts)


def _first_words(tokens: list[str], word_bounded: bool, flags: int) -> frozenset[str] | None:
    if not word_bounded or not tokens:
        return None
    out = set()
    for tok in tokens:
        w = phrase_first_word(tok, flags)
        if w is None:
            return None
        out.add(w)
    return frozenset(out)


def _segment_matches(seg: Segment, scope: str) -> bool:
    kind = seg.kind
    if scope == "text":
        return True
    if scope == "heading":
        return kind in ("heading", "title")
    if scope.startswith("heading.h"):
        return kind in ("heading", "title") and seg.level == int(scope[-1])
    if scope == "paragraph":
        return kind in ("paragraph", "description")
    if scope == "summary":
        return kind in ("paragraph", "list", "blockquote", "description")
    if scope == "table":
        return kind in ("table.header", "table.cell")
    return kind == scope


def view(doc: Document, scopes: tuple[str, ...]) -> View:
    """The view of ``scopes`` (cached on the document)."""
    cache: dict[tuple[str, ...], View] = doc.__dict__.setdefault("_views", {})
    got = cache.get(scopes)
    if got is not None:
        return got
    pieces: list[tuple[Segment, int, int]] = []
    for seg in doc.segments:
        for scope in scopes:
            if scope == "sentence":
                if seg.kind in PROSE_KINDS:
                    pieces.extend((seg, a, b) for a, b in seg.sentences)
                    break
            elif _segment_matches(seg, scope):
                pieces.append((seg, 0, len(seg.text)))
                break
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for seg, a, b in pieces:
        starts.append(pos)
        parts.append(seg.text[a:b])
        pos += b - a + 2
    got = View("\n\n".join(parts), pieces, starts)
    cache[scopes] = got
    return got


def stats_of(doc: Document, seg_pieces: Iterable[tuple[Segment, int, int]]) -> Stats:
    texts: list[str] = []
    sentences = 0
    for seg, a, b in seg_pieces:
        texts.append(seg.text[a:b])
        if seg.kind in PROSE_KINDS:
            if a == 0 and b == len(seg.text):
                sentences += len(seg.sentences)
            else:
                sentences += len(split_sentences(seg.text[a:b]))
    return Stats.of(texts, sentences, doc.lang)


# -------------------------------------------------------------------------------------------
# Base class and registry
# -------------------------------------------------------------------------------------------

RULE_TYPES: Registry[type[Rule]] = Registry("rule type")
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


def _joined(parts: list[Part], key: Key, prefix: str = r"\b(?:", suffix: str = r")\b", flags: int = regex.M) -> TimedPattern:
    parts.sort(key=lambda p: len(p.pattern), reverse=True)
    try:
        return compile_timed(prefix + "|".join(p.pattern for p in parts) + suffix, flags, key, tuple(parts))
    except (regex.error, OverflowError, RecursionError, MemoryError) as err:
        raise RuleError(f"the combined pattern does not compile: {getattr(err, 'msg', type(err).__name__)}", key) from None


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
            raise RuleError("missing the required `message` key (the text shown for each finding)", ("message",) if "message" in cfg else ())
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
            ctx.warn(("action", "name"), f"action `{action.get('name')}` is not supported; the finding is reported without it")
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
                raise Unsupported(f"scope `{s}` (negation or combination) is not supported; the rule is skipped", ("scope", i) if isinstance(raw, list) else ("scope",))
            elif s.split(".")[0] in UNSUPPORTED_SCOPES or s.split(".")[0] == "raw":
                raise Unsupported(f"scope `{s}` is not supported (only prose is checked, never markup or code); the rule is skipped", ("scope", i) if isinstance(raw, list) else ("scope",))
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
        raise RuleError(f"the combined pattern does not compile: {getattr(err, 'msg', type(err).__name__)}", (cfg_key,)) from None


def _timed(pattern: str, flags: int, key: Key, text: str | None = None) -> TimedPattern:
    """One user pattern (Vale syntax) as a TimedPattern; RuleError naming ``key`` if invalid."""
    try:
        compiled = compile_pattern(pattern, flags)
    except PatternError as err:
        raise RuleError(str(err), key) from None
    return TimedPattern(compiled, key, (Part(text if text is not None else pattern, compiled.pattern, key),))


# -------------------------------------------------------------------------------------------
# Rule types
# -------------------------------------------------------------------------------------------

@register("existence")
class Existence(Rule):
    KEYS = frozenset({"tokens", "raw", "exceptions", "append", "ignorecase", "nonword"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        token_parts = _compile_alternation(_strings(cfg, "tokens"), "tokens")
        tokens = [p.pattern for p in token_parts]
        raw_items = _strings(cfg, "raw")
        raw = ""
        for i, item in enumerate(raw_items):
            try:
                raw += embeddable(item)
            except PatternError as err:
                raise RuleError(str(err), ("raw", i)) from None
        if not tokens and not raw:
            raise RuleError("an existence rule needs `tokens` (or `raw`)", ("tokens",))
        nonword = _as_bool(cfg, "nonword")
        word = not nonword and bool(tokens)
        body = "|".join(tokens)
        core = (r"\b(?:" + body + r")\b") if word else ("(?:" + body + ")" if tokens else "")
        pattern = core + raw if _as_bool(cfg, "append") else raw + core
        flags = regex.M | (regex.I if _as_bool(cfg, "ignorecase") else 0)
        # raw pieces are fragments of one pattern: none runs alone, so none is named alone
        if raw:
            parts = (Part(raw_items[0], pattern, ("raw", 0)),) if len(raw_items) == 1 and not tokens else ()
        else:
            parts = tuple(token_parts)
        self.pattern = _whole(pattern, "tokens" if tokens else "raw", flags, parts)
        self.literals = required_literals(self.pattern.pattern, flags)
        self.first_words = _first_words(tokens, word and not raw, flags)
        self.phrases = _phrases(tokens, flags) if tokens else None
        if not raw:
            self.pattern = _accelerated(self.pattern, self.first_words)
        vocab = _as_bool(cfg, "vocab", True) and not nonword
        self.except_re = _exceptions_re(_strings(cfg, "exceptions"), ctx.accepted if vocab else [])
        self.phrase_re = _phrase_re(_strings(cfg, "exceptions"), ctx.accepted if vocab else [])
        params = self.action.get("params") if self.action.get("name") == "replace" else None
        self.replacement = " or ".join(str(p) for p in params) if isinstance(params, list) and params else None

    def check(self, doc: Document) -> Iterator[Hit]:
        v = view(doc, self.scope)
        if not v.may_contain(self.literals, self.first_words, self.phrases):
            return
        for m in self.pattern.finditer(v.text):
            if m.end() == m.start():
                continue
            observed = m.group().strip()
            if self.except_re is not None and self.except_re.search(observed):
                continue
            if _within_phrase(self.phrase_re, v.text, m.start(), m.end()):
                continue
            where = v.locate(m.start(), m.end())
            if where is None:
                continue
            seg, a, b = where
            yield Hit(seg, a, b, format_message(self.message, m.group()), self.replacement)


_PHRASE = re.compile(r"^[\w\s'’-]+$")


def _expected_re(expected: str, ignorecase: bool, key: Key) -> TimedPattern | None:
    """Vale's matchToken reads a swap's replacement as a pattern too: compiled once, or None
    when it is a plain phrase or not a valid pattern (then the text is compared as it is)."""
    if _PHRASE.match(expected):
        return None
    try:
        return _timed(expected, regex.I if ignorecase else 0, key)
    except RuleError:
        return None


def _same(expected: str, pattern: TimedPattern | None, observed: str) -> bool:
    """Vale's matchToken: is the observed text already what the swap asks for?"""
    if pattern is None:
        return expected == observed
    return pattern.fullmatch(observed) is not None


def _match_case(observed: str, replacement: str) -> str:
    """'Leverage' → 'Use': keep a capital first letter when the replacement starts lower-case."""
    if observed[:1].isupper() and replacement[:1].islower() and not (len(observed) > 1 and observed.isupper()):
        return replacement[:1].upper() + replacement[1:]
    return replacement


_BEFORE_SENTENCE = re.compile(r"(?:^|[.!?:]['\"”’)\]]*)\s*$")


def _sentence_start(text: str, i: int) -> bool:
    """Is position ``i`` the first word of a sentence (or of the segment)?"""
    return _BEFORE_SENTENCE.search(text, max(0, i - 6), i) is not None


@register("substitution")
class Substitution(Rule):
    KEYS = frozenset({"swap", "exceptions", "ignorecase", "nonword", "pos", "capitalize"})
    fixable = True

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        if cfg.get("pos"):
            raise Unsupported("`pos` (part-of-speech filtering) is not supported; the rule is skipped", ("pos",))
        swap = cfg.get("swap")
        if not isinstance(swap, dict) or not swap:
            raise RuleError("a substitution rule needs `swap`: a mapping of `pattern: replacement`", ("swap",))
        self.ignorecase = _as_bool(cfg, "ignorecase")
        parts: list[str] = []
        plain: list[str] = []
        entries: list[Part] = []
        self.groups: dict[int, str] = {}
        self.expected: dict[int, TimedPattern | None] = {}
        group = 1
        # longest first: "Ridgeline Monitor" must win over "Ridgeline" in one alternation
        for key, replacement in sorted(swap.items(), key=lambda kv: -len(str(kv[0]))):
            if replacement is None or isinstance(replacement, (dict, list)):
                raise RuleError(f"the replacement for {key!r} must be a string", ("swap", key))
            try:
                p = check_token(str(key))
                inner = regex.compile(p).groups
            except PatternError as err:
                raise RuleError(str(err), ("swap", key)) from None
            parts.append("(" + p + ")")
            plain.append(p)
            entries.append(Part(str(key), p, ("swap", key)))
            self.groups[group] = str(replacement)
            self.expected[group] = _expected_re(str(replacement), self.ignorecase, ("swap", key))
            group += 1 + inner
        nonword = _as_bool(cfg, "nonword")
        body = "|".join(parts)
        pattern = body if nonword else r"\b(?:" + body + r")\b"
        self.pattern = _whole(pattern, "swap", regex.M | (regex.I if self.ignorecase else 0), tuple(entries))
        self.literals = required_literals(self.pattern.pattern, self.pattern.flags)
        self.first_words = _first_words(plain, not nonword, self.pattern.flags)
        self.phrases = _phrases(plain, self.pattern.flags)
        self.pattern = _accelerated(self.pattern, self.first_words)
        vocab = _as_bool(cfg, "vocab", True)
        self.except_re = _exceptions_re(_strings(cfg, "exceptions"), ctx.accepted if vocab else [])

    def check(self, doc: Document) -> Iterator[Hit]:
        v = view(doc, self.scope)
        if not v.may_contain(self.literals, self.first_words, self.phrases):
            return
        for m in self.pattern.finditer(v.text):
            gi = m.lastindex
            if gi is None or gi not in self.groups:
                continue
            expected = self.groups[gi]
            a, b = m.span(gi)
            raw = m.group(gi)
            observed = raw.strip()
            if not observed or _same(expected, self.expected[gi], observed):
                continue
            if self.except_re is not None and self.except_re.search(observed):
                continue
            lead = len(raw) - len(raw.lstrip())
            a += lead
            b = a + len(observed)
            where = v.locate(a, b)
            if where is None:
                continue
            seg, sa, sb = where
            options = [o.strip() for o in expected.split("|") if o.strip()]
            single = len(options) == 1
            first = options[0]
            if single and _sentence_start(seg.text, sa):
                first = _match_case(observed, first)
            suggestion = first if single else " | ".join(options)  # a choice: never applied by --fix
            shown = suggestion if single else " or ".join(f"'{o}'" for o in options)
            message = self.message
            if not single:
                for spec in ("'%s'", '"%s"'):
                    if message.count(spec) == 2:
                        message = message.replace(spec, "%s", 1)
            yield Hit(seg, sa, sb, format_message(message, shown, observed), suggestion, replace=single)


@register("occurrence")
class Occurrence(Rule):
    KEYS = frozenset({"token", "max", "min", "ignorecase"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        token = cfg.get("token")
        if not isinstance(token, str) or not token:
            raise RuleError("an occurrence rule needs `token`: the pattern to count", ("token",))
        try:
            self.pattern = _timed("(?:" + embeddable(token) + ")", regex.I if _as_bool(cfg, "ignorecase") else 0, ("token",), token)
        except PatternError as err:
            raise RuleError(str(err), ("token",)) from None
        mx = _as_number(cfg, "max")
        mn = _as_number(cfg, "min")
        if mx is None and mn is None:
            raise RuleError("an occurrence rule needs `max` or `min`", ("max",))
        if ctx.dialect == "vale":  # Vale: 0 means "not set" (such a rule never fires)
            mx = mx if mx else None
            mn = mn if mn else None
        flags = self.pattern.flags
        self.literals = required_literals(embeddable(token), flags)
        self.first_words = first_words(embeddable(token), flags)
        self.phrases = phrases(embeddable(token), flags) if self.first_words else None
        self.pattern = _accelerated(self.pattern, self.first_words)
        self.max = int(mx) if mx is not None else None
        self.min = int(mn) if mn is not None else None

    def check(self, doc: Document) -> Iterator[Hit]:
        if self.max is None and self.min is None:
            return
        v = view(doc, self.scope)
        if self.min is None and not v.may_contain(self.literals, self.first_words, self.phrases):
            return
        whole = self.scope == ("text",)
        findall = self.pattern.findall
        for seg, a, b in v.pieces if not whole else []:
            n = len(findall(seg.text, a, b))
            if (self.max is not None and n > self.max) or (self.min is not None and n < self.min):
                yield Hit(seg, a, b, format_message(self.message, str(n)))
        if whole:
            found = [m for m in self.pattern.finditer(v.text) if m.end() > m.start()]
            n = len(found)
            if self.max is not None and n > self.max:
                for m in found[self.max:]:
                    where = v.locate(m.start(), m.end())
                    if where is not None:
                        yield Hit(where[0], where[1], where[2], format_message(self.message, str(n)))
            elif self.min is not None and n < self.min and v.pieces:
                seg, a, b = v.pieces[0]
                yield Hit(seg, a, min(b, a + 1), format_message(self.message, str(n)))


@register("repetition")
class Repetition(Rule):
    KEYS = frozenset({"tokens", "max", "ignorecase", "alpha", "exceptions"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        token_parts = _compile_alternation(_strings(cfg, "tokens"), "tokens")
        if not token_parts:
            raise RuleError("a repetition rule needs `tokens`", ("tokens",))
        self.ignorecase = _as_bool(cfg, "ignorecase")
        self.pattern = _whole("(" + "|".join(p.pattern for p in token_parts) + ")", "tokens", regex.I if self.ignorecase else 0,
                              tuple(token_parts))
        self.max = int(_as_number(cfg, "max", 0) or 0)
        self.alpha = _as_bool(cfg, "alpha")
        vocab = _as_bool(cfg, "vocab", True)
        self.except_re = _exceptions_re(_strings(cfg, "exceptions"), ctx.accepted if vocab else [])
        self.phrase_re = _phrase_re(_strings(cfg, "exceptions"), ctx.accepted if vocab else [])

    def check(self, doc: Document) -> Iterator[Hit]:
        v = view(doc, self.scope)
        for seg, a, b in v.pieces:
            text = seg.text[a:b]
            # fast pre-check, in C: is any token equal to the one before it?
            if self.pattern.groups == 1:
                toks = list(map(str.strip, self.pattern.findall(text.lower() if self.ignorecase else text)))
                if not any(map(operator.eq, toks, toks[1:])):
                    continue
            prev = ""
            ploc = (0, 0)
            count = 0
            for m in self.pattern.finditer(text):
                curr = m.group().strip()
                hit = curr != "" and (curr.lower() == prev.lower() if self.ignorecase else curr == prev)
                hit = hit and (not self.alpha or curr.isalpha())
                if hit:
                    count += 1
                if hit and count > self.max:
                    span = text[ploc[0]:m.end()]
                    if (len(split_sentences(span)) == 1 and not (self.except_re is not None and self.except_re.search(span))
                            and not _within_phrase(self.phrase_re, text, ploc[0], m.end())):
                        yield Hit(seg, a + ploc[0], a + m.end(), format_message(self.message, curr))
                        count = 0
                ploc = m.span()
                prev = curr


@register("consistency")
class Consistency(Rule):
    KEYS = frozenset({"either", "nonword", "ignorecase"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        either = cfg.get("either")
        if not isinstance(either, dict) or not either:
            raise RuleError("a consistency rule needs `either`: a mapping of `one: other`", ("either",))
        flags = regex.M | (regex.I if _as_bool(cfg, "ignorecase") else 0)
        nonword = _as_bool(cfg, "nonword")
        self.steps: list[TimedPattern] = []
        self.literals: list[tuple[frozenset[str] | None, frozenset[str] | None]] = []
        for one, other in either.items():
            try:
                p1, p2 = check_token(str(one)), check_token(str(other))
            except PatternError as err:
                raise RuleError(str(err), ("either", one)) from None
            body = f"(?P<a>{p1})|(?P<b>{p2})"
            self.steps.append(_whole(body if nonword else r"\b(?:" + body + r")\b", "either", flags,
                                     (Part(str(one), p1, ("either", one)), Part(str(other), p2, ("either", one)))))
            self.literals.append((required_literals(p1, flags), required_literals(p2, flags)))

    def check(self, doc: Document) -> Iterator[Hit]:
        v = view(doc, self.scope)
        for pattern, (lit1, lit2) in zip(self.steps, self.literals):
            if not (v.may_contain(lit1) and v.may_contain(lit2)):
                continue
            matches = list(pattern.finditer(v.text))
            kinds = {m.lastgroup for m in matches}
            if len(kinds) < 2:
                continue
            first = matches[0].lastgroup
            for m in matches:
                if m.lastgroup == first:
                    continue
                where = v.locate(m.start(), m.end())
                if where is not None:
                    other = next(x.group() for x in matches if x.lastgroup == first)
                    yield Hit(where[0], where[1], where[2], format_message(self.message, m.group()), other)


@register("conditional")
class Conditional(Rule):
    """``first`` needs ``second`` in the same scope (usually the whole page).

    As in Vale, when ``second`` has a capture group, a ``first`` match is satisfied only by a
    ``second`` whose group 1 is exactly that text (acronym ``WHO`` needs ``... (WHO)``). When
    ``second`` has no group, any ``second`` match satisfies every ``first``: a claim needs a
    disclaimer somewhere on the page.
    """

    KEYS = frozenset({"first", "second", "exceptions", "ignorecase"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        flags = regex.M | (regex.I if _as_bool(cfg, "ignorecase") else 0)
        pats = []
        for key in ("first", "second"):
            value = cfg.get(key)
            if not isinstance(value, str) or not value:
                raise RuleError(f"a conditional rule needs `{key}`", (key,))
            pats.append(_timed(value, flags, (key,)))
        self.first, self.second = pats
        self.literals = required_literals(self.first.pattern, self.first.flags)
        vocab = _as_bool(cfg, "vocab", True)
        self.except_re = _exceptions_re(_strings(cfg, "exceptions"), ctx.accepted if vocab else [])

    def check(self, doc: Document) -> Iterator[Hit]:
        v = view(doc, self.scope)
        if not v.may_contain(self.literals):
            return
        seconds = list(self.second.finditer(v.text))
        if self.second.groups:
            defined = {m.group(1) for m in seconds if m.group(1)}
            satisfied_by_any = False
        else:
            defined = set()
            satisfied_by_any = bool(seconds)
        if satisfied_by_any:
            return
        for m in self.first.finditer(v.text):
            s = m.group()
            if not s or s in defined:
                continue
            if self.except_re is not None and self.except_re.search(s):
                continue
            where = v.locate(m.start(), m.end())
            if where is not None:
                yield Hit(where[0], where[1], where[2], format_message(self.message, s))


# --- capitalization ---------------------------------------------------------------------------

_AP_SMALL = {
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of", "off", "on",
    "per", "to", "up", "via", "vs", "vs.", "if", "out",
}
_CHICAGO_SMALL = _AP_SMALL | {
    "about", "above", "across", "after", "against", "along", "among", "around", "before", "behind", "below",
    "beneath", "beside", "between", "beyond", "down", "during", "except", "from", "inside", "into", "like",
    "near", "onto", "over", "past", "since", "than", "through", "toward", "towards", "under", "until", "upon",
    "with", "within", "without",
}
_WORD_TOKEN = r"(?:[^\W_]|\*)+\S*"


def title_case(text: str, style: str = "AP") -> str:
    small = _CHICAGO_SMALL if style.lower() == "chicago" else _AP_SMALL
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if w]
    out = list(words)
    for pos, i in enumerate(idx):
        w = words[i]
        first_or_last = pos == 0 or pos == len(idx) - 1 or (pos > 0 and words[idx[pos - 1]].endswith(":"))
        core = w.lower()
        if not first_or_last and core.strip(".,;:!?") in small:
            out[i] = core
        elif w[:1].islower() and (w.lower() == w):
            out[i] = w[:1].upper() + w[1:]
    return " ".join(out)


def sentence_case(text: str, except_re: TimedPattern | None) -> str:
    """A suggestion only: lower-case every word after the first, except exceptions and acronyms."""
    out = []
    for i, m in enumerate(re.finditer(r"\S+", text)):
        w = m.group()
        if except_re is not None and except_re.fullmatch(w.strip("?!.:,;()")):
            out.append(w)
        elif i == 0:
            out.append(w[:1].upper() + w[1:])
        elif w.upper() == w or any(ch.isupper() for ch in w[1:]):
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)


@register("capitalization")
class Capitalization(Rule):
    KEYS = frozenset({"match", "style", "exceptions", "indicators", "threshold", "prefix"})
    DEFAULT_SCOPE = ("heading",)

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        match = cfg.get("match")
        if not isinstance(match, str) or not match:
            raise RuleError("a capitalization rule needs `match`: $title, $sentence, $lower, $upper or a pattern", ("match",))
        self.match = match
        self.style = str(cfg.get("style") or "AP")
        if self.style.lower() not in ("ap", "chicago"):
            raise RuleError(f"`style` must be AP or Chicago, not {self.style!r}", ("style",))
        self.threshold = float(_as_number(cfg, "threshold", 0.8) or 0.0)
        self.indicators = _strings(cfg, "indicators")
        vocab = _as_bool(cfg, "vocab", True)
        exceptions = _strings(cfg, "exceptions")
        self.except_re = _exceptions_re(exceptions, ctx.accepted if vocab else [])
        prefix = cfg.get("prefix")
        self.prefix = None
        if prefix:
            try:
                self.prefix = _timed("^(?:" + embeddable(str(prefix)) + ")", 0, ("prefix",), str(prefix))
            except PatternError as err:
                raise RuleError(str(err), ("prefix",)) from None
        ex_parts: list[Part] = []
        for i, item in enumerate([*exceptions, *(ctx.accepted if vocab else [])]):
            try:
                ex_parts.append(_part(item, check_token(item), ("exceptions", i) if i < len(exceptions) else ("exceptions",)))
            except PatternError:
                continue
        self.token_re = (_joined(ex_parts, ("exceptions",), suffix=r")\b|" + _WORD_TOKEN, flags=0) if ex_parts
                         else compile_timed(_WORD_TOKEN))
        self.custom = None
        if not match.startswith("$"):
            self.custom = _timed(match, 0, ("match",))
        elif match not in ("$title", "$sentence", "$lower", "$upper"):
            raise RuleError(f"`match` must be $title, $sentence, $lower, $upper or a pattern, not {match!r}", ("match",))

    def _excepted(self, w: str) -> bool:
        return self.except_re is not None and self.except_re.search(w) is not None

    def ok(self, text: str) -> bool:
        if self.prefix is not None:
            text = self.prefix.sub("", text, count=1)
        if self.custom is not None:
            return self.custom.search(text) is not None
        if self.match == "$lower":
            return text == text.lower() or self._excepted(text)
        if self.match == "$upper":
            return text == text.upper() or self._excepted(text)
        if self.match == "$sentence":
            return self._sentence(text)
        return self._title(text)

    def _sentence(self, s: str) -> bool:
        count = words = 0.0
        tokens = [m.group() for m in self.token_re.finditer(s.rstrip("?!.:"))]
        for i, w in enumerate(tokens):
            prev = tokens[i - 1] if i > 0 else ""
            if "-" in w:
                w = w.split("-")[0]
            elif "'" in w:
                w = w.split("'")[0]
            elif "’" in w:
                w = w.split("’")[0]
            if w == w.upper() or any(prev.endswith(x) for x in self.indicators) or self._excepted(w):
                count += 1
            elif i == 0 and w != w.lower().capitalize():
                return False
            elif i == 0 or w == w.lower():
                count += 1
            words += 1
        return words == 0 or count / words > self.threshold

    def _title(self, s: str) -> bool:
        count = words = 0.0
        expected = [m.group() for m in self.token_re.finditer(title_case(s, self.style))]
        for i, w in enumerate(m.group() for m in self.token_re.finditer(s)):
            if i >= len(expected) or w == expected[i] or self._excepted(w) or w == w.upper():
                count += 1
            words += 1
        return words == 0 or count / words > self.threshold

    def suggestion(self, text: str) -> str | None:
        if self.match == "$sentence":
            return sentence_case(text, self.except_re)
        if self.match == "$title":
            return title_case(text, self.style)
        if self.match == "$lower":
            return text.lower()
        if self.match == "$upper":
            return text.upper()
        return None

    def check(self, doc: Document) -> Iterator[Hit]:
        v = view(doc, self.scope)
        for seg, a, b in v.pieces:
            text = seg.text[a:b]
            if not self.ok(text):
                suggestion = self.suggestion(text)
                yield Hit(seg, a, b, format_message(self.message, text), suggestion if suggestion != text else None)


# --- metrics ----------------------------------------------------------------------------------

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.Pow: operator.pow, ast.Mod: operator.mod, ast.FloorDiv: operator.floordiv,
}
_CMPOPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Eq: operator.eq, ast.NotEq: operator.ne,
}
_MATH = {name: getattr(math, name) for name in ("sqrt", "log", "log10", "log2", "exp", "pow", "floor", "ceil", "fabs", "abs") if hasattr(math, name)}
_MATH["abs"] = abs
_MATH["min"] = min
_MATH["max"] = max


def _eval(node: ast.AST, env: dict[str, float]) -> Any:
    if isinstance(node, ast.Expression):
        return _eval(node.body, env)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise ValueError(f"unknown variable `{node.id}`")
        return env[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left, right = _eval(node.left, env), _eval(node.right, env)
        try:
            return _BINOPS[type(node.op)](left, right)
        except ZeroDivisionError:
            return 0.0
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _eval(node.operand, env)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMPOPS:
        return _CMPOPS[type(node.ops[0])](_eval(node.left, env), _eval(node.comparators[0], env))
    if isinstance(node, ast.Call) and not node.keywords:
        func = node.func
        name = None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "math":
            name = func.attr
        elif isinstance(func, ast.Name):
            name = func.id
        if name in _MATH:
            return _MATH[name](*(_eval(a, env) for a in node.args))
        raise ValueError(f"unknown function `{name}`")
    raise ValueError(f"unsupported expression `{ast.unparse(node)}`")


METRIC_VARIABLES = (
    "words", "sentences", "characters", "syllables", "polysyllabic_words", "complex_words", "long_words",
    "paragraphs", "pre", "list", "blockquote", *(f"heading_h{i}" for i in range(1, 7)), *FORMULAS,
)


def compile_formula(formula: str, key: str = "formula", names: tuple[str, ...] = METRIC_VARIABLES) -> ast.Expression:
    text = re.sub(r"heading\.(h[1-6])", r"heading_\1", formula.strip())
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise RuleError(f"`{key}` is not a valid expression: {err.msg}", (key,)) from None
    try:
        _eval(tree, {name: 1.0 for name in names})
    except ValueError as err:
        raise RuleError(f"`{key}`: {err}; variables: {', '.join(names)}", (key,)) from None
    return tree


class _Scored(Rule):
    """Shared by readability and metric: one score per unit, compared with a limit."""

    FIXED_SCOPE = ("summary",)

    def units(self, doc: Document) -> Iterator[tuple[list[tuple[Segment, int, int]], dict[str, float]]]:
        v = view(doc, self.scope)
        if not v.pieces:
            return
        if self.scope in (("summary",), ("text",)):
            cache: dict[tuple[str, ...], dict[str, float]] = doc.__dict__.setdefault("_metric_env", {})
            env = cache.get(self.scope)
            if env is None:
                env = {k: 0.0 for k in METRIC_VARIABLES}
                env.update({k: float(x) for k, x in doc.counts.items() if k in env})
                env.update(stats_of(doc, v.pieces).variables())
                cache[self.scope] = env
            yield v.pieces, env
            return
        for piece in v.pieces:
            stats = stats_of(doc, [piece])
            env = {k: 0.0 for k in METRIC_VARIABLES}
            env.update(stats.variables())
            env["paragraphs"] = 1.0
            yield [piece], env

    def min_words(self) -> int:
        return 1


@register("readability")
class Readability(_Scored):
    KEYS = frozenset({"metrics", "grade"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        metrics = _strings(cfg, "metrics")
        if not metrics:
            raise RuleError(f"a readability rule needs `metrics`: one or more of {', '.join(VALE_READABILITY)}", ("metrics",))
        unknown = [m for m in metrics if m not in VALE_READABILITY]
        if unknown:
            raise RuleError(f"unknown metric {unknown[0]!r}; use {', '.join(VALE_READABILITY)}", ("metrics",))
        self.metrics = [VALE_READABILITY[m] for m in metrics]
        grade = _as_number(cfg, "grade")
        if grade is None:
            raise RuleError("a readability rule needs `grade`: the highest acceptable grade level", ("grade",))
        self.grade = float(grade)

    def check(self, doc: Document) -> Iterator[Hit]:
        for pieces, env in self.units(doc):
            if not env["words"]:
                continue
            grade = sum(env[m] for m in self.metrics) / len(self.metrics)
            if grade > self.grade:
                seg, a, b = pieces[0]
                yield Hit(seg, a, b if len(pieces) == 1 else min(b, a + 1), format_message(self.message, f"{grade:.2f}"))


@register("metric")
class Metric(_Scored):
    """Vale's metric, plus two extensions for voice.yml: ``scope`` (Vale always uses the page
    summary) and readability scores as variables (``flesch_reading_ease``, ``gulpease_index``...)
    computed for the page language. ``min_words`` skips units too short to score."""

    KEYS = frozenset({"formula", "condition", "min_words"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        formula = cfg.get("formula")
        condition = cfg.get("condition")
        if not isinstance(formula, str) or not formula.strip():
            raise RuleError("a metric rule needs `formula`", ("formula",))
        if not isinstance(condition, str) or not re.match(r"^\s*(?:[<>]=?|==|!=)\s*-?[\d.]+\s*$", condition):
            raise RuleError(f"`condition` must be a comparison such as '> 8.0', not {condition!r}", ("condition",))
        self.formula = compile_formula(formula)
        self.condition = compile_formula("x " + condition, "condition", ("x",))
        self.min_word_count = int(_as_number(cfg, "min_words", 0) or 0)

    def check(self, doc: Document) -> Iterator[Hit]:
        for pieces, env in self.units(doc):
            if not env["words"] or env["words"] < self.min_word_count:
                continue
            value = float(_eval(self.formula, env))
            if _eval(self.condition, {"x": value}):
                seg, a, b = pieces[0]
                yield Hit(seg, a, b if len(pieces) == 1 else min(b, a + 1), format_message(self.message, f"{value:.2f}"))


UNSUPPORTED_TYPES = {
    "spelling": "spelling checks need Hunspell dictionaries, which are not part of aeoloop",
    "sequence": "sequence rules need part-of-speech tagging, which is not part of aeoloop",
    "script": "script rules run Tengo scripts, which are not supported",
    "lt": "LanguageTool rules need a LanguageTool server, which is not supported",
}


def build_rule(name: str, cfg: Any, origin: Origin, ctx: BuildContext) -> Rule:
    """Build one rule from its Vale-shaped mapping; raise RuleError/Unsupported."""
    if not isinstance(cfg, dict):
        raise RuleError("a rule must be a mapping of keys (extends, message, level, ...)")
    extends = cfg.get("extends")
    if extends is None:
        raise RuleError(f"missing the required `extends` key; use one of: {', '.join(RULE_TYPES)}")
    if not isinstance(extends, str):
        raise RuleError(f"`extends` must be one rule type name such as `existence`, not {extends!r}; use one of: "
                        f"{', '.join(RULE_TYPES)}", ("extends",))
    if extends in UNSUPPORTED_TYPES:
        raise Unsupported(f"`extends: {extends}` is not supported ({UNSUPPORTED_TYPES[extends]}); the rule is skipped", ("extends",))
    cls = RULE_TYPES.get(str(extends))
    if cls is None:
        raise RuleError(f"unknown rule type `{extends}`; use one of: {', '.join(RULE_TYPES)}", ("extends",))
    return cls.build(name, cfg, origin, ctx)
