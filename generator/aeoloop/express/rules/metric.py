"""``metric``: a ``formula`` over counts and readability scores, with a ``condition``."""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..markup import Document
from .base import BuildContext, Hit, RuleError, _as_number, format_message, register
from .formula import _Scored, _eval, compile_formula


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
                yield Hit(
                    seg, a, b if len(pieces) == 1 else min(b, a + 1), format_message(self.message, f"{value:.2f}")
                )
