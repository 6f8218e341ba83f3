"""``consistency``: only one of each ``either`` pair per page."""

from __future__ import annotations

from typing import Any, Iterator

import regex

from ..literals import required_literals
from ..markup import Document
from ..regexes import PatternError, check_token
from ..timed import Part, TimedPattern
from .base import BuildContext, Hit, Rule, RuleError, _as_bool, _whole, format_message, register
from .scopes import view


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
            self.steps.append(
                _whole(
                    body if nonword else r"\b(?:" + body + r")\b",
                    "either",
                    flags,
                    (Part(str(one), p1, ("either", one)), Part(str(other), p2, ("either", one))),
                )
            )
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
