"""``conditional``: ``first`` needs ``second`` on the page (acronym definitions, disclaimers)."""

from __future__ import annotations

from typing import Any, Iterator

import regex

from ..literals import required_literals
from ..markup import Document
from .base import (
    BuildContext,
    Hit,
    Rule,
    RuleError,
    _as_bool,
    _exceptions_re,
    _strings,
    _timed,
    format_message,
    register,
)
from .scopes import view


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
