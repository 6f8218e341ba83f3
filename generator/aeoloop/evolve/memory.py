"""Memory of regenerations: a page regenerated for the plan waits for evidence.

Answer engines re-crawl and re-answer days after a page changes (engine lag), and the plan's
trend windows keep showing, for two weeks, the very losses that made a page rank. Without a
memory the plan re-picks the page it just fixed, week after week, instead of the next one.

So a build that regenerates pages under a plan (a non-deterministic backend) records in each
regenerated page's committed manifest, ``generated/<page>/manifest.json``, the plan's date (the
latest report date, never the clock: builds stay reproducible) and the citations the page had
lost then::

    "evolve": {"lost": 28.0, "regenerated": "2026-11-08"}

For ``engine_lag_days`` after that date (an evolve option) the page's citation loss, competitors
and anomalies do not rank it (staleness and changed content still do), and its reasons say that
it is waiting; unless its losses grew meanwhile by more than Poisson noise
(:func:`losses_grew`): then it ranks again, and says why. A record dated after the plan's
as-of date is ignored (the plan for a past date uses only what was known then).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

KEY = "evolve"
MIN_GROWTH = 3.0
WAITING_NEEDS = ("citation_loss", "competitors", "anomalies")


@dataclass(frozen=True)
class Regeneration:
    date: dt.date
    lost: float


def parse(manifest: dict[str, Any]) -> Regeneration | None:
    """The record of a manifest (None when absent or unreadable: the plan then simply does not wait)."""
    rec = manifest.get(KEY)
    if not isinstance(rec, dict):
        return None
    try:
        date = dt.date.fromisoformat(str(rec.get("regenerated")))
        lost = float(rec.get("lost", 0.0))
    except (TypeError, ValueError):
        return None
    return Regeneration(date, lost if math.isfinite(lost) and lost >= 0 else 0.0)


def losses_grew(then: float, now: float) -> bool:
    """More citations lost now than the fall seen at the regeneration can explain. A fall that
    began inside the trend window grows for up to one window as the window fills with the
    lower days (at most twice the loss seen then), so growth means more than twice the loss
    then, by at least ``MIN_GROWTH`` and two Poisson standard deviations."""
    return now - 2.0 * then >= max(MIN_GROWTH, 2.0 * math.sqrt(max(then, 1.0)))


def waiting(rec: Regeneration | None, as_of: dt.date | None, lag_days: int) -> int | None:
    """Days the page still waits (>= 1) as of ``as_of``, or None."""
    if rec is None or as_of is None or lag_days <= 0:
        return None
    age = (as_of - rec.date).days
    if age < 0 or age >= lag_days:  # from the future of as_of, or the wait is over
        return None
    return lag_days - age


def stage(store: Any, as_of: dt.date | None, lost: dict[str, float], regenerated: Iterable[tuple[str, str]]) -> int:
    """Stage the record into the manifests of ``regenerated`` ``(slug, src_uri)`` pages of a
    :class:`~aeoloop.generated.GeneratedStore` (written with the build's other files, in one
    journaled commit). Returns how many manifests it changes."""
    if as_of is None:
        return 0
    n = 0
    for slug, uri in regenerated:
        path = store.folder(slug) / "manifest.json"
        staged = store.pending.get(path)
        try:
            on_disk: str | None = path.read_text(encoding="utf-8")
        except (FileNotFoundError, OSError):
            on_disk = None
        current = staged if isinstance(staged, str) else on_disk
        try:
            data = json.loads(current) if current else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            continue
        data[KEY] = {"regenerated": as_of.isoformat(), "lost": round(float(lost.get(uri, 0.0)), 3)}
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        if text != current:
            store.pending[path] = text
            n += 1
    return n
