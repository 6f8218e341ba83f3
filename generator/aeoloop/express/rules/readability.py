"""``readability``: Vale's ``metrics`` + ``grade`` (average grade level above ``grade``)."""

from __future__ import annotations

from typing import Any, Iterator

from ..markup import Document
from ..textstats import VALE_READABILITY
from .base import BuildContext, Hit, RuleError, _as_number, _strings, format_message, register
from .formula import _Scored


@register("readability")
class Readability(_Scored):
    KEYS = frozenset({"metrics", "grade"})

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        metrics = _strings(cfg, "metrics")
        if not metrics:
            raise RuleError(
                f"a readability rule needs `metrics`: one or more of {', '.join(VALE_READABILITY)}", ("metrics",)
            )
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
                yield Hit(
                    seg, a, b if len(pieces) == 1 else min(b, a + 1), format_message(self.message, f"{grade:.2f}")
                )
