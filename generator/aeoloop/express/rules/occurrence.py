"""``occurrence``: at most ``max`` / at least ``min`` matches of ``token`` per scope unit."""

from __future__ import annotations

from typing import Any, Iterator

import regex

from ..literals import first_words, phrases, required_literals
from ..markup import Document
from ..regexes import PatternError, embeddable
from .base import BuildContext, Hit, Rule, RuleError, _as_bool, _as_number, _timed, format_message, register
from .scopes import _accelerated, view


@register("occurrence")
class Occurrence(Rule):
    KEYS = frozenset({"token", "max", "min", "ignorecase"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        token = cfg.get("token")
        if not isinstance(token, str) or not token:
            raise RuleError("an occurrence rule needs `token`: the pattern to count", ("token",))
        try:
            self.pattern = _timed(
                "(?:" + embeddable(token) + ")", regex.I if _as_bool(cfg, "ignorecase") else 0, ("token",), token
            )
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
                for m in found[self.max :]:
                    where = v.locate(m.start(), m.end())
                    if where is not None:
                        yield Hit(where[0], where[1], where[2], format_message(self.message, str(n)))
            elif self.min is not None and n < self.min and v.pieces:
                seg, a, b = v.pieces[0]
                yield Hit(seg, a, min(b, a + 1), format_message(self.message, str(n)))
