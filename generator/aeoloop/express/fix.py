"""``aeoloop lint --fix``: apply substitution fixes in place.

Only violations marked ``fixable`` are applied: their span is one contiguous stretch of prose
outside code, links, HTML and front matter (see :meth:`Segment.fixable`). Replacements are
applied from the end of the file backwards so earlier offsets stay valid; overlapping fixes
keep the first one. Everything outside the replaced spans stays byte-identical: the file is
decoded as UTF-8 without normalising line endings, and a byte-order mark is written back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import rel
from .lint import RuleSet, decode, lint_source
from .violations import Violation


def apply_fixes(text: str, violations: list[Violation]) -> tuple[str, list[Violation]]:
    """Apply the fixable violations to ``text``; return (new text, the ones applied)."""
    candidates = sorted(
        (v for v in violations if v.fixable and v.suggestion is not None), key=lambda v: (v.span[0], -v.span[1])
    )
    chosen: list[Violation] = []
    last_end = -1
    for v in candidates:
        if v.span[0] < last_end:
            continue  # overlaps a fix already chosen
        if " ".join(text[v.span[0] : v.span[1]].split()) != " ".join(v.match.split()):
            continue  # the text is not what was checked: never guess
        chosen.append(v)
        last_end = v.span[1]
    out = text
    for v in reversed(chosen):
        out = out[: v.span[0]] + (v.suggestion or "") + out[v.span[1] :]
    return out, chosen


@dataclass
class FixResult:
    path: Path
    applied: list[Violation]
    changed: bool


def fix_file(path: Path, ruleset: RuleSet, root: Path, *, default_lang: str = "en", rounds: int = 3) -> FixResult:
    """Fix one file in place (a few rounds, in case a fix reveals another); write only if changed."""
    display = rel(path, root)
    data = path.read_bytes()
    text, bom, bad = decode(data, display)
    if text is None:
        return FixResult(path, [], False)
    applied: list[Violation] = []
    current = text
    for _ in range(rounds):
        violations, _doc = lint_source(current, display, ruleset, default_lang=default_lang)
        current, done = apply_fixes(current, violations)
        applied.extend(done)
        if not done:
            break
    if current == text:
        return FixResult(path, applied, False)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + current.encode("utf-8"))
    return FixResult(path, applied, True)
