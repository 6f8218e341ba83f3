"""What verify returns: :class:`Finding`, :class:`PageScore`, :class:`VerifyReport` and their JSON.

Why a module of its own: these are the public, stable shapes the build, the CLI (``--format
json``) and CI consume; keeping them apart from the checks means a check can change without
touching the contract. :data:`VERSION` and :data:`CHECK_IDS` live here because they describe
the report (and the cache built from it), not any one check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal


#: Bump whenever a check, message or score rule changes: it invalidates every cache file.
VERSION = "9"  # 9: canonical-other; 8: the contract verdict's key in the facts; 7: duplicate views, canonical-broken

_WS_RE = re.compile(r"\s+")


def _short(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut to ``limit`` characters: how a finding's message quotes it (here,
    not with the HTML helpers, so the checks of the site's other files need no lxml)."""
    text = _WS_RE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


#: Every check id this package can emit, for CLI filters and docs (a test keeps it complete).
CHECK_IDS: tuple[str, ...] = (
    "article-dates", "article-recommended", "article-required", "breadcrumb-item", "canonical-broken", "canonical-other",
    "duplicate-paragraph", "faq-not-visible", "faq-required", "headers-invalid", "howto-required", "html-unparseable",
    "id-unresolved", "image-license", "image-required", "jsonld-context", "jsonld-duplicate-key", "jsonld-extruct",
    "jsonld-missing", "jsonld-multiple", "jsonld-placement", "jsonld-shape",
    "jsonld-strict", "jsonld-unescaped", "llms-format", "llms-full-missing",
    "llms-describedby", "llms-link-broken", "llms-missing", "llms-page-links", "mirror-missing", "organization-recommended",
    "organization-required", "person-required", "product-offer", "product-required", "robots-blocks", "robots-missing",
    "sitemap-invalid", "sitemap-missing", "speakable-selector", "usage-signal-invalid", "webpage-url",
)  # fmt: skip

Level = Literal["error", "warning"]


def _version() -> str:
    """The current :data:`VERSION`, read at call time.

    Tests (and anyone testing a cache bump) patch ``aeoloop.verify.report.VERSION``; reading it
    here rather than binding the constant keeps the report JSON and the cache in step with that.
    """
    return VERSION


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem on one page (or site file) that a crawler would trip over.

    ``check`` is a stable identifier (``jsonld-strict``, ``article-required``, ...)
    so CI and the CLI can filter on it; ``message`` says what is wrong *and* how
    to fix it, because the reader is usually looking at a failed build.
    """

    level: Level
    page: str
    check: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        """Sort by page, errors before warnings, then check and message: stable output."""
        return (self.page, 0 if self.level == "error" else 1, self.check, self.message)

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "page": self.page, "check": self.check, "message": self.message}


@dataclass(slots=True)
class PageScore:
    """AEO readiness of one page: 0-100 from :data:`SCORE_WEIGHTS`, plus what to do next.

    ``checks`` maps every key of :data:`SCORE_WEIGHTS` to pass/fail; ``fixes`` has
    one concrete sentence per failed check, in weight order (biggest win first).
    """

    page: str
    url: str
    score: int
    checks: dict[str, bool]
    fixes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "url": self.url,
            "score": self.score,
            "checks": dict(sorted(self.checks.items())),
            "fixes": list(self.fixes),
        }


@dataclass(slots=True)
class VerifyReport:
    """Everything :func:`verify_site` found.  ``errors > 0`` should fail the build."""

    findings: list[Finding]
    scores: list[PageScore]
    pages_checked: int
    #: Pages whose results came from the cache.  Not part of :meth:`to_json`, so the
    #: JSON of a cached run is byte-identical to that of a cold run.
    pages_cached: int = field(default=0, compare=False)
    #: Each page's quality-contract verdict and its key (``verify.contract``), by page: for the
    #: build to record in the page's manifest. Not part of :meth:`to_json` either.
    verdicts: dict[str, tuple[str, list[str]]] = field(default_factory=dict, compare=False, repr=False)
    #: Each page's read-back as its manifest records it (:mod:`aeoloop.verify.readback`): (key, result),
    #: by page; only when the caller gave the recorded ones. Not part of :meth:`to_json` either.
    readbacks: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.level == "warning")

    @property
    def ok(self) -> bool:
        """True when nothing would make a crawler reject the site (warnings allowed)."""
        return self.errors == 0

    @property
    def average_score(self) -> float:
        return round(sum(s.score for s in self.scores) / len(self.scores), 1) if self.scores else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": _version(),
            "pages_checked": self.pages_checked,
            "errors": self.errors,
            "warnings": self.warnings,
            "average_score": self.average_score,
            "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
            "scores": [s.to_dict() for s in sorted(self.scores, key=lambda s: s.page)],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """Deterministic JSON: sorted findings/scores/keys, no timings, no cache stats."""
        return json.dumps(self.to_dict(), indent=indent, sort_keys=True, ensure_ascii=False)
