"""Report formats, each an adapter registered by name (``--format NAME``) and detected from the
file's head. Registration is lazy (``module:Class``), like the backends registry, so importing
the package costs nothing until a file is read.

Detection asks every adapter for a confidence in 0..1 and picks the highest (ties: registry
order); below :data:`MIN_CONFIDENCE` the file is refused with the list of format names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import AeoloopError
from ...registry import Registry

if TYPE_CHECKING:  # importing .base (gzip, csv, normalization) is left to the first real use
    from .base import Adapter, Source

MIN_CONFIDENCE = 0.5


def _instance(obj: object) -> Adapter:
    """A registered class is instantiated once; an instance is used as it is."""
    return obj() if isinstance(obj, type) else obj  # type: ignore[return-value]


ADAPTERS: Registry[Adapter] = Registry(
    "report format",
    {
        # AI-visibility / citation tools
        "citations-csv": "aeoloop.evolve.adapters.citations_csv:GenericCitationsCsv",
        "profound": "aeoloop.evolve.adapters.ai_tools:Profound",
        "peec": "aeoloop.evolve.adapters.ai_tools:Peec",
        "superlines": "aeoloop.evolve.adapters.ai_tools:Superlines",
        "otterly": "aeoloop.evolve.adapters.ai_tools:Otterly",
        "scrunch": "aeoloop.evolve.adapters.ai_tools:Scrunch",
        "athenahq": "aeoloop.evolve.adapters.ai_tools:AthenaHQ",
        # search and analytics
        "search-console": "aeoloop.evolve.adapters.search_console:SearchConsoleUi",
        "search-console-bulk": "aeoloop.evolve.adapters.search_console:SearchConsoleBulk",
        "ga4": "aeoloop.evolve.adapters.ga4:Ga4Csv",
        # server and CDN logs
        "combined-log": "aeoloop.evolve.adapters.logs:CombinedLog",
        "cloudfront": "aeoloop.evolve.adapters.logs:CloudFront",
        "cloudflare": "aeoloop.evolve.adapters.logs:Cloudflare",
        "vercel": "aeoloop.evolve.adapters.logs:Vercel",
    },
    load=_instance,
)


def register(name: str, adapter: Adapter | type | str) -> None:
    """Register an adapter (a class is instantiated), or a ``module:Class`` path imported on first use."""
    ADAPTERS.register(name, adapter if isinstance(adapter, str) else _instance(adapter))


def names() -> list[str]:
    return ADAPTERS.names()


def get(name: str) -> Adapter:
    if name not in ADAPTERS:
        raise AeoloopError(ADAPTERS.unknown(name))
    return ADAPTERS[name]


def all_adapters() -> list[Adapter]:
    return [get(n) for n in names()]


def detect(source: Source) -> tuple[Adapter | None, list[tuple[float, str]]]:
    """The best adapter for ``source`` (None if nothing is confident enough) and all scores."""
    head = source.head
    scores: list[tuple[float, str]] = []
    for name in names():
        try:
            score = float(get(name).detect(head, source.name))
        except Exception:  # a detector must never break ingest of another format
            score = 0.0
        scores.append((score, name))
    best_score, best = max(scores, key=lambda s: s[0]) if scores else (0.0, "")
    if best_score < MIN_CONFIDENCE:
        return None, scores
    return get(best), scores
