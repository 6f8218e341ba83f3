"""What a check returns: typed violations, and the levels they come in."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

LEVELS = ("suggestion", "warning", "error")
LEVEL_RANK = {name: i for i, name in enumerate(LEVELS)}


def level_at_least(level: str, minimum: str) -> bool:
    return LEVEL_RANK.get(level, 2) >= LEVEL_RANK.get(minimum, 0)


@dataclass(frozen=True, order=True)
class Violation:
    """One finding of one rule in one text.

    ``line``/``column`` are 1-based and point at the first character; ``end_line``/``end_column``
    point just after the last one (exclusive, as in SARIF). ``span`` is the same place as
    (start, end) character offsets into the text that was checked: the whole file for a page,
    the string itself for :func:`aeoloop.express.guardrails.check_text`.
    ``suggestion`` is the replacement text when there is one; ``fixable`` says whether
    ``aeoloop lint --fix`` may apply it (a plain stretch of prose outside code, links and
    front matter).
    """

    file: str
    line: int
    column: int
    rule: str
    level: str
    message: str
    end_line: int
    end_column: int
    span: tuple[int, int]
    suggestion: str | None = None
    fixable: bool = False
    match: str = ""
    link: str | None = None  # the rule's documentation (Vale's `link`)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span)
        return data

    def __str__(self) -> str:
        hint = f" ({self.suggestion})" if self.suggestion else ""
        return f"{self.file}:{self.line}:{self.column} {self.level} {self.rule} {self.message}{hint}"


def feedback(violations: list[Violation]) -> str:
    """Violations as short instructions a model can act on when asked to rewrite a text."""
    lines = []
    for v in violations:
        where = f"line {v.line}, column {v.column}"
        quote = f' "{v.match}"' if v.match else ""
        fix = (
            f' Replace it with "{v.suggestion}".'
            if v.suggestion and v.fixable
            else (f" Hint: {v.suggestion}." if v.suggestion else "")
        )
        lines.append(f"- [{v.level}] {v.rule} at {where}{quote}: {v.message}{fix}")
    return "\n".join(lines)
