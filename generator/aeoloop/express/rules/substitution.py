"""``substitution``: flag keys of ``swap`` and suggest the value (``aeoloop lint --fix`` applies it)."""

from __future__ import annotations

import re
from typing import Any, Iterator

import regex

from ..literals import required_literals
from ..markup import Document
from ..regexes import PatternError, check_token
from ..timed import Key, Part, TimedPattern
from .base import (
    BuildContext,
    Hit,
    Rule,
    RuleError,
    Unsupported,
    _as_bool,
    _exceptions_re,
    _strings,
    _timed,
    _whole,
    format_message,
    register,
)
from .scopes import _accelerated, _first_words, _phrases, view

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
