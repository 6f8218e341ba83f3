"""What one page's analysis produces: its findings and the score inputs ("facts") behind them.

Why: this is the unit that is cached per page and sent back from pool workers, so it must be
small, picklable and independent of the parsed tree; every per-page check writes into it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .report import Level


@dataclass(slots=True)
class _PageFacts:
    """Score inputs of one page, computed once and cached next to its findings.

    Freshness is kept as the raw date, not as a pass/fail, because it is relative
    to the newest page of the site, which only the site-wide pass knows.
    """

    jsonld: bool = False
    summary_words: int | None = None
    summary_first: bool = False
    question_headings: int = 0
    faq_visible: int = 0
    faq_jsonld: int = 0
    internal_links: int = 0
    author: bool = False
    entities: bool = False
    date_modified: str | None = None
    md_alternate: str | None = None  # absolute href of <link rel="alternate" type="text/markdown">
    describedby: str | None = None  # absolute href of <link rel="describedby">
    canonical_of: str | None = None  # a duplicate view (a landing page): the other page its rel=canonical names
    contract: list[str] = field(default_factory=list)  # "unit rule" of each quality-contract failure
    contract_key: str | None = None  # what the contract's verdict was a function of (verify.contract.contract_key)
    duplicates: list[str] = field(default_factory=list)  # generated regions (summary, faq) printed twice

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> _PageFacts:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(slots=True)
class _PageResult:
    """What one page analysis yields; picklable so pool workers can return it."""

    findings: list[tuple[Level, str, str]]  # (level, check, message); page is implied
    facts: _PageFacts


class _Collector:
    """Accumulates findings of one page without repeating the page path everywhere."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[tuple[Level, str, str]] = []

    def error(self, check: str, message: str) -> None:
        self.items.append(("error", check, message))

    def warning(self, check: str, message: str) -> None:
        self.items.append(("warning", check, message))
