"""Experiments: does another summary or FAQ of a page get it cited more? A switchback test.

``aeoloop experiment start PAGE --element summary|faq`` writes ``experiments/<id>.yml``
(committed): the variants (A is the page's current artifact, the control; B.. are derived from
it and pass the brand's guardrails; a writer may edit them) and a *switchback* schedule: time is
cut into periods (14 days), and each pair of consecutive periods shows every variant once, in an
order drawn from a seed of the experiment's id (so a weekly rhythm or a trend does not favour one
variant). A build publishes the variant active on the *build date*: ``SOURCE_DATE_EPOCH`` when
set, else the latest report date, never the clock, so the same commit and reports build the same
site. ``generated/`` keeps the control; only the site changes.

``experiment status`` (:mod:`.experiment_stats`) attributes the page's citations (and AI-referred visits) to the variant of
each period, leaving out the first ``washout_days`` (7) of every period (engines answer from the
old text for up to a week after a change: counted, those days would shrink a real difference), and compares the variants with a Gamma-Poisson model per day:
the posterior of each variant's daily citation rate, the probability that each is best and 95%
credible intervals (Monte Carlo draws from a fixed seed: the same data give the same numbers).
Counts more variable than Poisson between periods widen the posteriors (quasi-Poisson scale).
A variant *wins* only with P(best) >= 0.99 and at least ``min_periods`` complete periods each:
equal variants then name no winner in ~98% of tests. ``stop`` ends it (the control is published
again); ``promote`` writes the winner (or a named variant) into ``generated/`` and locks it.

One module for the experiment file and everything that writes or reads it (start, the build's
switch, stop, promote), so its format is defined in one place; the statistics are apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import AeoloopError, Diagnostic

FOLDER = "experiments"
ELEMENTS = {"summary": "summary.md", "faq": "faq.md"}
"""Elements a build can switch (``title`` and ``intro`` are not switched by the renderer yet)."""
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
        mark = getattr(err, "problem_mark", None)
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
        page, element = str(data["page"]), str(data["element"])
        start = _date(data["start"])
        variants = {str(k): _variant_text(v) for k, v in dict(data["variants"]).items()}
        schedule = [Period(_date(p["from"]), _date(p["to"]), str(p["variant"])) for p in data["schedule"]]
        status = str(data.get("status", "running"))
        period_days = int(data.get("period_days", PERIOD_DAYS))
        washout = int(data.get("washout_days", WASHOUT_DAYS))
        ended = _date(data["ended"]) if data.get("ended") else None
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


def _variant_text(value: Any) -> str:
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


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def derive_variants(element: str, control: str, n: int) -> list[str]:
    """Variants B.. of a control text, derived from its own sentences or Q&As (so they say nothing
    the page does not): a summary that leads with its figures, then its first sentences alone; an FAQ
    with the shortest answers first, then its first half."""
    out: list[str] = []
    if element == "summary":
        sents = [s.strip() for s in _SENTENCE.split(control.strip()) if s.strip()]
        figures = [s for s in sents if re.search(r"\d", s)]
        candidates = []
        if figures and sents and sents[0] not in figures:
            candidates.append(" ".join(figures[:1] + [s for s in sents if s is not figures[0]]))
        if len(sents) >= 3:
            candidates.append(" ".join(sents[:2]))
        if len(sents) >= 2:
            candidates.append(" ".join(sents[1:] + sents[:1]))
    else:
        from ..artifacts import parse_faq, render_faq

        items = parse_faq(control)
        candidates = []
        if len(items) >= 2:
            candidates.append(render_faq(sorted(items, key=lambda qa: (len(qa.answer), qa.question))))
            candidates.append(render_faq(items[: max(1, (len(items) + 1) // 2)]))
            candidates.append(render_faq(list(reversed(items))))
    for text in candidates:
        if text.strip() != control.strip() and text not in out:
            out.append(text)
        if len(out) == n:
            break
    return out


def guardrail_problems(project: Any, element: str, text: str, lang: str) -> list[str]:
    """Brand-rule errors of a variant text (the guardrails every generated text passes)."""
    from ..express import guardrails
    from ..express.lint import project_rules

    rules = project_rules(project)
    found = guardrails.check_text(text, rules=rules, lang=lang, scope="text", file=ELEMENTS[element])
    return [f"line {v.line}: {v.message}" for v in found if v.level == "error"]


def start(
    project: Any,
    page: str,
    element: str,
    n_variants: int,
    *,
    periods: int = PERIODS,
    period_days: int = PERIOD_DAYS,
    washout_days: int = WASHOUT_DAYS,
    first_day: dt.date | None = None,
) -> Experiment:
    """Create ``experiments/<id>.yml`` (see the module doc). Raises :class:`ExperimentError` for a
    page that does not exist or whose element is locked, an element already under test, an element
    with nothing to vary, or variants the guardrails refuse."""
    from ..artifacts import parse_summary
    from ..generated import MANIFEST

    if element not in ELEMENTS:
        raise ExperimentError(
            f"--element {element}: the build switches {' and '.join(ELEMENTS)} only for now "
            "(title and intro experiments need the renderer to switch them)"
        )
    if n_variants < 2:
        raise ExperimentError("--variants: an experiment compares at least 2 variants (the control A and one more)")
    src = page if page.endswith(".md") else page.rstrip("/") + ".md"
    docs = Path(project.docs_dir)
    if not (docs / src).is_file():
        shown = _rel(project, docs / src)
        raise ExperimentError(
            f"{shown}: no such page (deleted or moved?); name a page of {_rel(project, docs)}/, e.g. guides/oee.md"
        )
    slug = src[:-3]
    gen = Path(project.generated_dir) / slug
    art = gen / ELEMENTS[element]
    manifest_path = gen / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if not art.is_file() or not isinstance(manifest, dict):
        raise ExperimentError(
            f"{_rel(project, art)}: not generated yet; run `aeoloop build` first, then start the experiment"
        )
    record = (manifest.get("artifacts") or {}).get(ELEMENTS[element]) or {}
    if isinstance(record, dict) and record.get("status") == "locked":
        raise ExperimentError(
            f'{_rel(project, art)} is locked (status "locked" in {_rel(project, manifest_path)}): '
            "a locked text is not varied; unlock it to experiment"
        )
    exp_id = experiment_id(src, element)
    for other in load_all(project):
        if other.page == src and other.element == element and other.status == "running":
            shown = _rel(project, other.path) if other.path else other.id
            raise ExperimentError(
                f"{src} already has a running {element} experiment ({shown}): "
                f"stop or promote it first (aeoloop experiment stop {other.id})",
                [
                    Diagnostic(
                        shown, _line_of(other.path, "status:") if other.path else None, "status: running", "error"
                    )
                ],
            )
    control = art.read_text(encoding="utf-8")
    control = parse_summary(control) if element == "summary" else control
    if not control.strip():
        raise ExperimentError(f"{_rel(project, art)} is empty: nothing to vary")
    derived = derive_variants(element, control, n_variants - 1)
    if len(derived) < n_variants - 1:
        raise ExperimentError(
            f"{_rel(project, art)}: cannot derive {n_variants - 1} different variant(s) from it "
            f"(it has too few sentences or questions); ask for fewer with --variants"
        )
    names = [chr(ord("A") + i) for i in range(n_variants)]
    lang = (
        str(project.config.get("theme", {}).get("language", "en"))
        if isinstance(project.config.get("theme"), dict)
        else "en"
    )
    for name, text in zip(names[1:], derived):
        problems = guardrail_problems(project, element, text, lang)
        if problems:
            raise ExperimentError(f"variant {name} of {_rel(project, art)} breaks the brand rules: {problems[0]}")
    if first_day is None:
        raise ExperimentError(
            "no reports yet to date the experiment from: pass --start YYYY-MM-DD "
            "(or ingest reports first: the experiment starts the day after the latest report)"
        )
    variants = {"A": control, **dict(zip(names[1:], derived))}
    exp = Experiment(
        exp_id,
        src,
        element,
        first_day,
        period_days,
        washout_days,
        variants,
        schedule_for(exp_id, names, first_day, periods, period_days),
    )
    base = folder(project)
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"{exp_id}.yml"
    if path.exists():  # a stopped or promoted experiment of the same element: keep it under a dated name
        path.rename(base / f"{exp_id}.{load(project, path).start.isoformat()}.yml")
    path.write_text(exp.as_yaml(), encoding="utf-8")
    exp.path = path
    return exp


# --- the build --------------------------------------------------------------------------------


def build_date(project: Any) -> tuple[dt.date | None, str]:
    """The date a build publishes for: ``SOURCE_DATE_EPOCH`` (UTC), else the latest report date."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw:
        try:
            return dt.datetime.fromtimestamp(int(raw), dt.timezone.utc).date(), "SOURCE_DATE_EPOCH"
        except (ValueError, OverflowError, OSError):
            raise ExperimentError(f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds since 1970") from None
    from .current import open_store
    from .facts import latest_date

    store = open_store(project)
    if store is None:
        return None, "no reports"
    try:
        return latest_date(store), "the latest report date"
    finally:
        store.close()


def apply_to_build(project: Any, results: dict[str, Any], langs: dict[str, str] | None = None) -> list[Diagnostic]:
    """Swap in the active variant of every running experiment (the ``results`` of the generate
    step, by page); returns what it did, as info lines (warnings for variants it could not use)."""
    base = folder(project)
    if not base.is_dir() or not any(base.glob("*.yml")):
        return []
    from ..artifacts import parse_faq

    out: list[Diagnostic] = []
    try:
        experiments = [e for e in load_all(project) if e.status == "running"]
        if not experiments:
            return []
        day, source = build_date(project)
    except ExperimentError as err:
        return [Diagnostic(d.file, d.line, d.message, "warning") for d in err.diagnostics] or [
            Diagnostic(FOLDER, None, f"{err.message}: experiments not applied", "warning")
        ]
    for exp in experiments:
        shown = _rel(project, exp.path) if exp.path else exp.id
        result = results.get(exp.page)
        if result is None:
            out.append(
                Diagnostic(
                    shown,
                    None,
                    f"{exp.page} is not a page any more (deleted?): stop the experiment "
                    f"(aeoloop experiment stop {exp.id})",
                    "warning",
                )
            )
            continue
        name = exp.active(day) if day else None
        if name is None or name == "A":
            continue
        text = exp.variants[name]
        lang = (langs or {}).get(exp.page, "en")
        problems = guardrail_problems(project, exp.element, text, lang)
        if problems:
            out.append(
                Diagnostic(
                    shown,
                    _line_of(exp.path, "variants:") if exp.path else None,
                    f"variant {name} breaks the brand rules ({problems[0]}): the control is published",
                    "warning",
                )
            )
            continue
        art = result.artifacts
        faq = parse_faq(text) if exp.element == "faq" else []
        if exp.element == "faq" and not faq:
            out.append(
                Diagnostic(
                    shown,
                    _line_of(exp.path, "variants:") if exp.path else None,
                    f"variant {name} has no questions (write each as a '## question' line followed by its "
                    "answer): the control is published",
                    "warning",
                )
            )
            continue
        new = (
            dataclasses.replace(art, summary=" ".join(text.split()))
            if exp.element == "summary"
            else dataclasses.replace(art, faq=faq)
        )
        result.artifacts = new
        hit = exp.period_of(day) if day else None
        when = f"period {hit[0] + 1} of {len(exp.schedule)}, {hit[1].start}..{hit[1].end}" if hit else ""
        out.append(
            Diagnostic(
                shown,
                None,
                f"publishing variant {name} of the {exp.element} of {exp.page} ({when}; build date {day}, {source})",
                "info",
            )
        )
    return out


# --- stop and promote -------------------------------------------------------------------------


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


def promote(project: Any, exp: Experiment, variant: str, day: dt.date | None) -> tuple[Experiment, Path]:
    """Write ``variant`` (the winner, or one a person chose) into ``generated/`` as the page's artifact, locked
    (a later regeneration would replace the text the experiment chose), and end the experiment."""
    from ..artifacts import render_summary
    from ..generated import MANIFEST, sha

    if exp.status == "promoted":
        raise ExperimentError(f"{exp.id} is already promoted ({exp.winner})")
    if variant not in exp.variants:
        raise ExperimentError(f"--variant {variant}: not a variant of {exp.id} ({', '.join(exp.variants)})")
    slug = exp.page[:-3]
    gen = Path(project.generated_dir) / slug
    art = gen / ELEMENTS[exp.element]
    manifest_path = gen / MANIFEST
    if not (Path(project.docs_dir) / exp.page).is_file() or not manifest_path.is_file():
        raise ExperimentError(f"{exp.page} is not a page any more (deleted?): stop the experiment instead")
    text = exp.variants[variant]
    text = render_summary(" ".join(text.split())) if exp.element == "summary" else text
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    record = manifest.setdefault("artifacts", {}).setdefault(ELEMENTS[exp.element], {})
    record.update({"status": "locked", "sha256": sha(text)})
    art.write_text(text, encoding="utf-8")
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    exp.status, exp.winner, exp.ended = "promoted", variant, day
    assert exp.path is not None
    exp.path.write_text(exp.as_yaml(), encoding="utf-8")
    return exp, art


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
