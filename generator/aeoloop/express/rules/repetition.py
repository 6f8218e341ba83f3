"""``repetition``: the same token twice in a row ("the the")."""

from __future__ import annotations

import operator
from typing import Any, Iterator

import regex

from ..markup import Document
from ..segments import split_sentences
from .base import (
    BuildContext,
    Hit,
    Rule,
    RuleError,
    _as_bool,
    _as_number,
    _compile_alternation,
    _exceptions_re,
    _phrase_re,
    _strings,
    _whole,
    _within_phrase,
    format_message,
    register,
)
from .scopes import view


@register("repetition")
class Repetition(Rule):
    KEYS = frozenset({"tokens", "max", "ignorecase", "alpha", "exceptions"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        token_parts = _compile_alternation(_strings(cfg, "tokens"), "tokens")
        if not token_parts:
            raise RuleError("a repetition rule needs `tokens`", ("tokens",))
        self.ignorecase = _as_bool(cfg, "ignorecase")
        self.pattern = _whole(
            "(" + "|".join(p.pattern for p in token_parts) + ")",
            "tokens",
            regex.I if self.ignorecase else 0,
            tuple(token_parts),
        )
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
                toks = list(map(str.strip, self.pattern.findall(text.lower() if self.ignorecase else text)))  # type: ignore[arg-type]  # one group: findall gives strings
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
                    span = text[ploc[0] : m.end()]
                    if (
                        len(split_sentences(span)) == 1
                        and not (self.except_re is not None and self.except_re.search(span))
                        and not _within_phrase(self.phrase_re, text, ploc[0], m.end())
                    ):
                        yield Hit(seg, a + ploc[0], a + m.end(), format_message(self.message, curr))
                        count = 0
                ploc = m.span()
                prev = curr
