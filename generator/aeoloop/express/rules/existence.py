"""``existence``: flag any of ``tokens`` (or ``raw``), as Vale's existence check."""

from __future__ import annotations

from typing import Any, Iterator

import regex

from ..literals import required_literals
from ..markup import Document
from ..regexes import PatternError, embeddable
from ..timed import Part
from .base import (
    BuildContext,
    Hit,
    Rule,
    RuleError,
    _as_bool,
    _compile_alternation,
    _exceptions_re,
    _phrase_re,
    _strings,
    _whole,
    _within_phrase,
    format_message,
    register,
)
from .scopes import _accelerated, _first_words, _phrases, view


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
        parts: tuple[Part, ...]
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
