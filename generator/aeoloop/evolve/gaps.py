"""Content gaps: prompts where answer engines cite other domains and we are missing or weak.

Read from the ingested citation rows (any tracker format that records the prompt) within a window
of days up to the latest report date. A prompt is

- **not cited** when other domains were cited for it and none of our hosts was, and no row of it
  says our brand was cited (``brand_cited``, the tool's own verdict, counts too: a tool can see
  our brand in an answer whose cited URL it did not export);
- **weak** when we are cited for it but, in the recent half of the window, (a) an engine cited
  other domains at least :data:`MIN_OTHERS` times and never us (we are not cited on that engine),
  or (b) our share of its citations fell from the earlier half to the recent half by more than
  noise: a one-sided two-proportion test at 5% and at least :data:`MIN_SHARE_FALL` of share
  (18 of 54 → 7 of 46 is a fall; 23 of 58 → 17 of 50 is not).

A site that is cited a little everywhere has no "not cited" prompt, yet the prompts it is losing
are where a writer helps most; both kinds make briefs. Prompts are compared case- and
space-insensitively; the spelling shown is the most frequent one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..errors import AeoloopError
from .facts import latest_date
from .normalize import PageIndex

DEFAULT_DAYS = 28
MIN_OTHERS = 3.0
"""Citations of other domains on one engine in the recent half before "not cited on that engine"."""
MIN_SHARE_FALL = 0.05
Z_FALL = 1.645
"""One-sided 5% of the two-proportion test of a share fall."""
NOT_CITED = "not cited"
WEAK = "weak"


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
    """Engines that cited other domains for it in the window."""
    sources: list[Source] = field(default_factory=list)
    status: str = NOT_CITED
    """:data:`NOT_CITED` or :data:`WEAK`."""
    own: float = 0.0
    """Our citations for it in the window (0 when not cited)."""
    missing_on: tuple[str, ...] = ()
    """Engines that, in the recent half, cited other domains and never us."""
    cited_on: tuple[str, ...] = ()
    """Engines that cited us in the recent half."""
    share: tuple[float, float] | None = None
    """Our share of its citations (earlier half, recent half) when it fell beyond noise."""
    pages: tuple[tuple[str, float], ...] = ()
    """Our pages (``src_uri``, else the URL when it is no page of the site) cited for it in the
    window, with their citations, most cited first."""

    @property
    def why(self) -> str:
        """Why this prompt needs a writer, in words."""
        if self.status == NOT_CITED:
            return "we are not cited"
        parts = []
        if self.missing_on:
            parts.append(
                f"not cited on {', '.join(self.missing_on)}"
                + (f" (cited on {', '.join(self.cited_on)})" if self.cited_on else "")
            )
        if self.share is not None:
            parts.append(f"our share fell from {self.share[0]:.0%} to {self.share[1]:.0%}")
        return "; ".join(parts)


@dataclass
class Gaps:
    as_of: dt.date
    start: dt.date
    prompts: list[GapPrompt]
    """Not cited and weak prompts, by prompt."""
    tracked: int
    """Distinct prompts with citation rows in the window."""
    covered: int
    """Of those, prompts where we are cited."""

    @property
    def not_cited(self) -> list[GapPrompt]:
        return [p for p in self.prompts if p.status == NOT_CITED]

    @property
    def weak(self) -> list[GapPrompt]:
        return [p for p in self.prompts if p.status == WEAK]


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
        f"""SELECT prompt, engine, host, path, title, count, {own} AS own, coalesce(brand_cited, FALSE) AS brand, date
            FROM citations WHERE prompt IS NOT NULL AND trim(prompt) <> '' AND date BETWEEN ? AND ?""",
        [hosts, start, end],
    )
    half = start + dt.timedelta(days=days - days // 2)  # the recent half: [half, end]
    spellings: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    cited_us: set[str] = set()
    other: dict[str, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
    titles: dict[tuple[str, str], str] = {}
    engines: dict[str, set[str]] = defaultdict(set)
    ours: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))  # prompt -> our URL -> citations
    # prompt -> (engine, recent?, ours?) -> citations; a brand verdict without our URL counts as one of ours
    tally: dict[str, dict[tuple[str, bool, bool], float]] = defaultdict(lambda: defaultdict(float))
    for prompt, engine, host, path, title, count, is_own, brand, date in per_row:
        key = _key(prompt)
        spellings[key][" ".join(prompt.split())] += 1
        n = float(count or 0.0)
        recent = days >= 2 and date >= half
        if is_own or brand:
            cited_us.add(key)
            tally[key][(engine, recent, True)] += n
            if is_own and path is not None:
                ours[key][index.page(host, path) or f"https://{host}{path}"] += n
        elif host and path is not None:
            other[key][(host, path)] += n
            engines[key].add(engine)
            tally[key][(engine, recent, False)] += n
            if title and (host, path) not in titles:
                titles[(host, path)] = " ".join(str(title).split())
    gaps = []
    for key in sorted(other):
        total = sum(other[key].values())
        if total <= 0:
            continue
        gap = GapPrompt(
            max(sorted(spellings[key]), key=lambda s: spellings[key][s]),
            total,
            tuple(sorted(engines[key])),
            [
                Source(h, p, c, titles.get((h, p)))
                for (h, p), c in sorted(other[key].items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        )
        if key in cited_us:
            if not _weak(gap, tally[key]):
                continue
            gap.status = WEAK
            gap.own = sum(v for (_, _, mine), v in tally[key].items() if mine)
            gap.pages = tuple(sorted(ours[key].items(), key=lambda kv: (-kv[1], kv[0])))
        gaps.append(gap)
    return Gaps(end, start, gaps, tracked=len(spellings), covered=len(cited_us))


def _weak(gap: GapPrompt, tally: dict[tuple[str, bool, bool], float]) -> bool:
    """Fill in why a prompt we are cited for is weak (engines missing us, a falling share);
    False when it is not."""
    recent_engines = sorted({e for e, recent, _ in tally if recent})
    gap.cited_on = tuple(e for e in recent_engines if tally.get((e, True, True), 0.0) > 0)
    gap.missing_on = tuple(
        e
        for e in recent_engines
        if tally.get((e, True, True), 0.0) <= 0 and tally.get((e, True, False), 0.0) >= MIN_OTHERS
    )
    mine = [sum(v for (_, r, m), v in tally.items() if r == recent and m) for recent in (False, True)]
    theirs = [sum(v for (_, r, m), v in tally.items() if r == recent and not m) for recent in (False, True)]
    totals = [mine[i] + theirs[i] for i in (0, 1)]
    if all(totals):
        before, after = mine[0] / totals[0], mine[1] / totals[1]
        pooled = (mine[0] + mine[1]) / (totals[0] + totals[1])
        se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / totals[0] + 1.0 / totals[1]))
        if before - after >= MIN_SHARE_FALL and se > 0 and (before - after) / se >= Z_FALL:
            gap.share = (before, after)
    return bool(gap.missing_on) or gap.share is not None
