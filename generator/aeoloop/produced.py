"""What the phases' steps hand on through :class:`~aeoloop.state.BuildState`, typed at the bottom.

The build state names what ingest, the plan, the llm session, Tailor and verify produce; its
fields are typed with what is here, so :mod:`aeoloop.state` imports nothing above this layer.
Small records live here whole (a phase imports them from here); for the bigger results of a
phase (the ingest summary, the verify report, the llm session) a Protocol lists exactly what the
build, the CLI and the MkDocs plugin read of them through the state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol

from .errors import Diagnostic
from .text import split_sentences


@dataclass(frozen=True)
class Variant:
    """One audience's intro and CTA for one page (Tailor; ``generated/<page>/audiences/<id>.md``)."""

    audience: str
    stage: str
    cta_text: str
    cta_url: str
    intro: str

    @property
    def sentences(self) -> list[str]:
        return split_sentences(self.intro)


@dataclass
class Schedule:
    """Which pages a build regenerates, in which order (:mod:`aeoloop.evolve.budget` makes it)."""

    order: list[str]
    """Every page, must first, then forced, then the rest; each group in plan order."""
    must: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    max_pages: int | None = None
    max_calls: int | None = None
    calls: int = 0
    as_of: dt.date | None = None
    """The plan's date: what a regenerated page's manifest records (:mod:`aeoloop.evolve.memory`)."""
    lost: dict[str, float] = field(default_factory=dict)
    """Citations each page had lost as of the plan, recorded with its regeneration."""

    def line(self) -> str:
        budget = []
        if self.max_pages is not None:
            budget.append(f"max_pages {self.max_pages}")
        if self.max_calls is not None:
            budget.append(f"max_calls {self.max_calls}")
        text = f"plan: {len(self.must)} new/changed + {len(self.forced)} by score"
        if self.forced:
            text += f" ({', '.join(self.forced[:3])}{'…' if len(self.forced) > 3 else ''})"
        if budget:
            text += f" within {', '.join(budget)}"
        return text


FindingLevel = Literal["error", "warning", "suggestion"]
"""How serious a voice-rule finding is (a lint or guardrail finding's ``level``)."""


class LintFinding(NamedTuple):
    """One lint finding of a source page (``content/<page>.md``), as the build hands it on and as
    its manifest records it: a NamedTuple, so ``json.dumps`` writes it as the list
    ``[line, rule, message, suggestion, level]`` (:mod:`aeoloop.express.verdicts` reads it back)."""

    line: int | None
    rule: str
    message: str
    suggestion: str | None
    level: FindingLevel


class GuardrailFinding(NamedTuple):
    """One guardrail finding in a page's generated text (the voice rules and the quality contract),
    recorded in its manifest as the list ``[file, line, rule, message, level]``."""

    file: str
    line: int | None
    rule: str
    message: str
    level: FindingLevel


class Prechecked(NamedTuple):
    """A page's guardrail findings computed where its artifacts were generated (the generate
    server's workers, which have the contract's word tables loaded and its memos warm), under the
    guardrails' key (:func:`aeoloop.express.verdicts.page_key`) and the FAQ's heading lines (the
    check reads them, the key leaves them out): the guardrails step takes them for the same key and
    lines instead of checking the page again."""

    key: str
    lines: list[int | None]
    found: list[GuardrailFinding]
    #: (key, verdict) of the units as verify is expected to read them back from the built page
    #: (:func:`aeoloop.verify.verdict.expected_verdict`): verify takes it when its key is the key
    #: of what it read, as it takes a manifest's recorded verdict
    published: tuple[str, list[str]] | None = None


@dataclass
class PlannedCall:
    """A model call ``--dry-run`` would make, with its estimated tokens and cost."""

    page: str
    task: str
    prompt_tokens: int
    completion_tokens: int
    cost: float | None


class ModelSession(Protocol):
    """What the reports read of the llm backend's session (:class:`aeoloop.backends.llm_client.LlmSession`)."""

    @property
    def model(self) -> str: ...

    @property
    def planned(self) -> Sequence[PlannedCall]:
        """The calls planned so far (``--dry-run``)."""
        ...

    def summary(self) -> str:
        """One usage line: calls, retries, tokens, cost, faults."""
        ...


class IngestOutcome(Protocol):
    """What the build reads of the ingest step's result (:class:`aeoloop.evolve.ingest.IngestSummary`)."""

    @property
    def files(self) -> Sequence[object]:
        """One result per report file looked at (empty: nothing to say)."""
        ...

    def line(self, label: str = "reports") -> str:
        """One line for the build summary."""
        ...

    def build_diagnostics(self) -> list[Diagnostic]:
        """Failed files and quarantined rows, as build warnings."""
        ...


class PageScored(Protocol):
    @property
    def score(self) -> int:
        """AEO readiness of one page, 0-100."""
        ...


class VerifyOutcome(Protocol):
    """What the build, the CLI and the plugin read of the verify step's result
    (:class:`aeoloop.verify.report.VerifyReport`)."""

    @property
    def errors(self) -> int: ...

    @property
    def warnings(self) -> int: ...

    @property
    def scores(self) -> Sequence[PageScored]: ...
