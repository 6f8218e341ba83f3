"""Formulas of the metric and readability rules (a safe arithmetic over counts), and their shared base."""

from __future__ import annotations

import ast
import math
import operator
import re
from typing import Any, Callable, Iterator

from ..markup import Document
from ..segments import Segment
from ..textstats import FORMULAS
from .base import Rule, RuleError
from .scopes import stats_of, view

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.Mod: operator.mod,
    ast.FloorDiv: operator.floordiv,
}
_CMPOPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_MATH = {
    name: getattr(math, name)
    for name in ("sqrt", "log", "log10", "log2", "exp", "pow", "floor", "ceil", "fabs", "abs")
    if hasattr(math, name)
}
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
    "words",
    "sentences",
    "characters",
    "syllables",
    "polysyllabic_words",
    "complex_words",
    "long_words",
    "paragraphs",
    "pre",
    "list",
    "blockquote",
    *(f"heading_h{i}" for i in range(1, 7)),
    *FORMULAS,
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
