"""Content gaps: prompts where answer engines cite other domains and not us.

Read from the ingested citation rows (any tracker format that records the prompt): within a
window of days up to the latest report date, a prompt is a gap when other domains were cited
for it and none of our hosts was, and no row of it says our brand was cited (``brand_cited``,
the tool's own verdict, counts too: a tool can see our brand in an answer whose cited URL it
did not export). Prompts are compared case- and space-insensitively; the spelling shown is the
most frequent one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..errors import AeoloopError
from .facts import latest_date
from .normalize import PageIndex

DEFAULT_DAYS = 28


class NoData(AeoloopError):
    """Nothing to find gaps in: no store, no citation rows, or no prompts in them (exit 2)."""


@dataclass(frozen=True)
class Source:
    """A cited URL of another domain."""

    host: str
    path: str
    count: float
    title: str | None = None

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.path}"


@dataclass
class GapPrompt:
    prompt: str
    count: float
    """Citations of other domains for this prompt in the window."""
    engines: tuple[str, ...]
    sources: list[Source] = field(default_factory=list)


@dataclass
class Gaps:
    as_of: dt.date
    start: dt.date
    prompts: list[GapPrompt]
    tracked: int
    """Distinct prompts with citation rows in the window."""
    covered: int
    """Of those, prompts where we are cited."""


def _key(prompt: str) -> str:
    return " ".join(prompt.split()).lower()


def find(store: Any, index: PageIndex, as_of: dt.date | None = None, days: int = DEFAULT_DAYS) -> Gaps:
    """The gap prompts of the ``days`` up to ``as_of`` (default: the latest report date), each
    with the other domains' URLs cited for it; raises :class:`NoData` when there is nothing to
    read."""
    if store is None:
        raise NoData("no reports ingested yet: drop citation exports in reports/ and run `aeoloop ingest`")
    rows = store.q("SELECT count(*), count(prompt) FROM citations")[0]
    if not rows[0]:
        raise NoData(
            "no citation rows in the store: ingest a citation tracker export (aeoloop ingest FILE; "
            "`aeoloop ingest --list-formats` lists the formats)"
        )
    if not rows[1]:
        raise NoData(
            "the ingested citation reports name no prompts (e.g. a URL-level export): briefs need an export "
            "with one row per prompt, such as the generic CSV's `prompt` column"
        )
    end = as_of or latest_date(store)
    assert end is not None  # citation rows exist, so some file has dates
    start = end - dt.timedelta(days=days - 1)
    hosts = sorted(index.hosts)
    own = "(host IN (SELECT unnest(?::VARCHAR[])))"
    per_row = store.q(
        f"""SELECT prompt, engine, host, path, title, count, {own} AS own, coalesce(brand_cited, FALSE) AS brand
            FROM citations WHERE prompt IS NOT NULL AND trim(prompt) <> '' AND date BETWEEN ? AND ?""",
        [hosts, start, end],
    )
    spellings: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    cited_us: set[str] = set()
    other: dict[str, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
    titles: dict[tuple[str, str], str] = {}
    engines: dict[str, set[str]] = defaultdict(set)
    for prompt, engine, host, path, title, count, is_own, brand in per_row:
        key = _key(prompt)
        spellings[key][" ".join(prompt.split())] += 1
        if is_own or brand:
            cited_us.add(key)
        elif host and path is not None:
            other[key][(host, path)] += float(count or 0.0)
            engines[key].add(engine)
            if title and (host, path) not in titles:
                titles[(host, path)] = " ".join(str(title).split())
    gaps = []
    for key in sorted(other):
        if key in cited_us:
            continue
        total = sum(other[key].values())
        if total <= 0:
            continue
        shown = max(sorted(spellings[key]), key=lambda s: spellings[key][s])
        sources = [
            Source(h, p, c, titles.get((h, p)))
            for (h, p), c in sorted(other[key].items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        gaps.append(GapPrompt(shown, total, tuple(sorted(engines[key])), sources))
    return Gaps(end, start, gaps, tracked=len(spellings), covered=len(cited_us))
