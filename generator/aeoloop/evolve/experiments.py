"""Experiments: does another summary, FAQ, title or intro of a page get it cited more? A switchback test.

``aeoloop experiment start PAGE --element summary|faq|title|intro`` writes ``experiments/<id>.yml``
(committed): the variants (A is the control, the page as it is; B.. are derived from the page and
pass the brand's guardrails; a writer may edit them) and a *switchback* schedule: time is cut into
periods (14 days), and each pair of consecutive periods shows every variant once, in an order
drawn from a seed of the experiment's id (so a weekly rhythm or a trend does not favour one
variant). A build publishes the variant active on the *build date*: ``SOURCE_DATE_EPOCH`` when
set, else the latest report date, never the clock, so the same commit and reports build the same
site. ``generated/`` and ``content/`` keep the control; only the site changes.

The modules, by job:

- this one: the experiment file (its format, loading with file-and-line errors, the schedule,
  ``stop``, loop velocity);
- :mod:`.experiment_variants`: ``start`` (variants of each element and their guardrails);
- :mod:`.experiment_publish`: the build's switch (which variant each page shows on the build date);
- :mod:`.experiment_promote`: ``promote`` (the winner becomes the artifact or the page's text);
- :mod:`.experiment_stats`: ``status`` (the Bayesian comparison, holdout pages).

``experiment status`` attributes the page's citations (and AI-referred visits) to the variant of
each period, leaving out the first ``washout_days`` (7) of every period (engines answer from the
old text for up to a week after a change: counted, those days would shrink a real difference),
and compares the variants with a Gamma-Poisson model per day. A variant *wins* only with
P(best) >= 0.99 and at least ``min_periods`` complete periods each. ``stop`` ends it (the control
is published again); ``promote`` makes the winner (or a named variant) the page's text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import AeoloopError, Diagnostic
from ..yamlload import marks

FOLDER = "experiments"
ELEMENTS = ("summary", "faq", "title", "intro")
"""Elements a build can switch: the generated summary and FAQ (``generated/<page>/``), the page's
title (``<title>``, ``og:title``, the H1 and the JSON-LD headline) and its intro (a lead paragraph
under the H1, from Tailor's audience intros; the control A shows none)."""
ARTIFACTS = {"summary": "summary.md", "faq": "faq.md"}
"""The generated file of the elements that have one."""
PERIOD_DAYS = 14
WASHOUT_DAYS = 7
PERIODS = 12
STATUSES = ("running", "stopped", "promoted")


class ExperimentError(AeoloopError):
    """A bad experiment request or file (exit 2)."""


@dataclass
class Period:
    start: dt.date
    end: dt.date
    variant: str


@dataclass
class Experiment:
    id: str
    page: str
    element: str
    start: dt.date
    period_days: int
    washout_days: int
    variants: dict[str, str]
    schedule: list[Period]
    status: str = "running"
    winner: str | None = None
    ended: dt.date | None = None
    path: Path | None = None
    holdouts: list[str] = field(default_factory=list)
    """Pages the experiment does not touch, whose citations tell the market's level (difference-in-differences)."""

    def period_of(self, day: dt.date) -> tuple[int, Period] | None:
        for i, p in enumerate(self.schedule):
            if p.start <= day <= p.end:
                return i, p
        return None

    def active(self, day: dt.date) -> str | None:
        """The variant published on ``day``: None (the control as generated) outside the schedule
        or once the experiment has ended."""
        if self.status != "running":
            return None
        hit = self.period_of(day)
        return hit[1].variant if hit else None

    def as_yaml(self) -> str:
        data: dict[str, Any] = {
            "page": self.page,
            "element": self.element,
            "status": self.status,
            "start": self.start.isoformat(),
            "period_days": self.period_days,
            "washout_days": self.washout_days,
            "variants": dict(self.variants),
            "schedule": [
                {"from": p.start.isoformat(), "to": p.end.isoformat(), "variant": p.variant} for p in self.schedule
            ],
        }
        if self.holdouts:
            data["holdouts"] = list(self.holdouts)
        if self.winner:
            data["winner"] = self.winner
        if self.ended:
            data["ended"] = self.ended.isoformat()
        head = (
            "# An aeoloop experiment (aeoloop experiment status|stop|promote). Variants may be edited; the\n"
            "# schedule says which variant the site shows in each period (a build publishes the one of its date).\n"
        )
        return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def folder(project: Any) -> Path:
    return Path(project.root) / FOLDER


def experiment_id(page: str, element: str) -> str:
    slug = page[:-3] if page.endswith(".md") else page
    return re.sub(r"[^A-Za-z0-9_.-]+", "--", slug).strip("-") + "--" + element


def _rel(project: Any, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return path.as_posix()


def load_all(project: Any) -> list[Experiment]:
    """Every experiment file, sorted by id; a bad file raises with its name and line."""
    base = folder(project)
    if not base.is_dir():
        return []
    return [load(project, p) for p in sorted(base.glob("*.yml"))]


def load(project: Any, path: Path) -> Experiment:
    shown = _rel(project, path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = marks(err).problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ExperimentError(
            f"{shown}: not valid YAML", [Diagnostic(shown, line, str(err).splitlines()[0], "error")]
        ) from None
    except OSError as err:
        raise ExperimentError(f"{shown}: cannot read ({err.strerror})") from None

    def bad(what: str) -> ExperimentError:
        return ExperimentError(
            f"{shown}: {what}; fix the file or delete it", [Diagnostic(shown, _line_of(path, what), what, "error")]
        )

    if not isinstance(data, dict):
        raise bad("expected a mapping of page, element, variants and schedule")
    try:
        page = str(data["page"])
        start = _date(data["start"])
        element = str(data["element"])
        variants = {
            str(k): _variant_text(v, empty=element == "intro" and str(k) == "A")
            for k, v in dict(data["variants"]).items()
        }
        schedule = [Period(_date(p["from"]), _date(p["to"]), str(p["variant"])) for p in data["schedule"]]
        status = str(data.get("status", "running"))
        period_days = int(data.get("period_days", PERIOD_DAYS))
        washout = int(data.get("washout_days", WASHOUT_DAYS))
        ended = _date(data["ended"]) if data.get("ended") else None
        raw_holdouts = data.get("holdouts") or []
        if not isinstance(raw_holdouts, list):
            raise ValueError("holdouts must be a list of pages, e.g. [guides/other.md]")
        holdouts = [str(p) for p in raw_holdouts]
    except KeyError as err:
        raise bad(f"missing key {err.args[0]}") from None
    except (TypeError, ValueError) as err:
        raise bad(f"unreadable value ({err})") from None
    if element not in ELEMENTS:
        raise bad(f"element: {element!r} is not one of {', '.join(ELEMENTS)}")
    if status not in STATUSES:
        raise bad(f"status: {status!r} is not one of {', '.join(STATUSES)}")
    if len(variants) < 2:
        raise bad("variants: an experiment needs at least two")
    unknown = sorted({p.variant for p in schedule} - set(variants))
    if unknown:
        raise bad(f"schedule: variant {unknown[0]} is not in variants")
    if not 0 <= washout < period_days:
        raise bad("washout_days: must be at least 0 and less than period_days")
    return Experiment(
        path.stem,
        page,
        element,
        start,
        period_days,
        washout,
        variants,
        schedule,
        status,
        str(data["winner"]) if data.get("winner") else None,
        ended,
        path,
        holdouts,
    )


def _line_of(path: Path, what: str) -> int | None:
    """The line of the key a problem names (``schedule: …`` -> the ``schedule:`` line)."""
    key = what.split(":", 1)[0].split()[-1] if ":" in what else None
    if not key:
        return None
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith(f"{key}:"):
                return i
    except OSError:
        return None
    return None


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _variant_text(value: Any, *, empty: bool = False) -> str:
    """A variant's text; ``empty``: may be blank (the control of an intro: no lead paragraph)."""
    if empty and (value is None or (isinstance(value, str) and not value.strip())):
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a variant must be non-empty text")
    return value


# --- start ------------------------------------------------------------------------------------


def schedule_for(exp_id: str, names: list[str], start: dt.date, periods: int, period_days: int) -> list[Period]:
    """Switchback: blocks of ``len(names)`` periods, each showing every variant once in an order
    drawn from a seed of the id (balanced, and not aligned with a trend or a weekly rhythm)."""
    rng = random.Random(int(hashlib.sha256(exp_id.encode()).hexdigest()[:16], 16))
    order: list[str] = []
    while len(order) < periods:
        block = list(names)
        rng.shuffle(block)
        order.extend(block)
    out = []
    for i, name in enumerate(order[:periods]):
        first = start + dt.timedelta(days=i * period_days)
        out.append(Period(first, first + dt.timedelta(days=period_days - 1), name))
    return out


# --- stop ---------------------------------------------------------------------------------------


def find(project: Any, exp_id: str) -> Experiment:
    path = folder(project) / f"{exp_id}.yml"
    if not path.is_file():
        known = ", ".join(e.id for e in load_all(project)) or "none"
        raise ExperimentError(f"no experiment {exp_id!r} in {FOLDER}/ (experiments: {known})")
    return load(project, path)


def stop(project: Any, exp: Experiment, day: dt.date | None) -> Experiment:
    if exp.status != "running":
        raise ExperimentError(f"{exp.id} is already {exp.status}")
    exp.status, exp.ended = "stopped", day
    assert exp.path is not None
    exp.path.write_text(exp.as_yaml(), encoding="utf-8")
    return exp


def running_by_month(project: Any) -> dict[str, int]:
    """Experiments running in each month (``YYYY-MM``): the loop's velocity for ``aeoloop metrics``."""
    out: dict[str, int] = {}
    try:
        experiments = load_all(project)
    except ExperimentError:
        return out
    for e in experiments:
        last = e.ended or (e.schedule[-1].end if e.schedule else e.start)
        month = dt.date(e.start.year, e.start.month, 1)
        while month <= last:
            key = month.strftime("%Y-%m")
            out[key] = out.get(key, 0) + 1
            month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return out
