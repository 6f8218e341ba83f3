"""The build's switch: which variant of each running experiment the site shows on the build date.

The build date is ``SOURCE_DATE_EPOCH`` (UTC) when set, else the latest report date, never the
clock: the same commit and reports build the same site. The summary and FAQ are swapped in the
generate step's results (``generated/`` keeps the control); a title or intro goes into
``published`` (page -> element -> text), which only the renderer reads: for a title the
``<title>``, ``og:title``, the H1, the JSON-LD headline and breadcrumb, llms.txt, the Markdown
mirror and the description where it falls back to the title; for an intro a lead paragraph under
the H1 of the HTML and of the Markdown mirror. Every surface an engine reads shows the same arm.

A title experiment puts an ``og:title`` into ``published`` under every variant, the control's
too, so the renderer writes the same tags in every period and the arms differ only by their text;
under the control the page is otherwise as written (its own ``<title>`` and H1).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable

from ..artifacts import parse_faq
from ..errors import Diagnostic
from ..generated import PageResult
from ..page import Page
from ..project import Project
from .experiments import FOLDER, Experiment, ExperimentError, _line_of, _rel, folder, load_all


def build_date(project: Project) -> tuple[dt.date | None, str]:
    """The date a build publishes for: ``SOURCE_DATE_EPOCH`` (UTC), else the latest report date."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw:
        try:
            return dt.datetime.fromtimestamp(int(raw), dt.timezone.utc).date(), "SOURCE_DATE_EPOCH"
        except (ValueError, OverflowError, OSError):
            raise ExperimentError(f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds since 1970") from None
    # the store (DuckDB) is imported only when a running experiment needs the date: most builds have none
    from .current import open_store
    from .facts import latest_date

    store = open_store(project)
    if store is None:
        return None, "no reports"
    try:
        return latest_date(store), "the latest report date"
    finally:
        store.close()


def _overlaps(project: Project, experiments: list[Experiment]) -> tuple[list[Experiment], list[Diagnostic]]:
    """Two running files on one element of one page (a copied file): neither is applied."""
    by_key: dict[tuple[str, str], list[Experiment]] = {}
    for e in experiments:
        by_key.setdefault((e.page, e.element), []).append(e)
    keep, out = [], []
    for (page, element), group in by_key.items():
        if len(group) == 1:
            keep.append(group[0])
            continue
        files = ", ".join(_rel(project, e.path) if e.path else e.id for e in group)
        out.append(
            Diagnostic(
                FOLDER,
                None,
                f"{len(group)} running {element} experiments on {page} ({files}): the control is published; "
                "stop all but one (aeoloop experiment stop ID)",
                "warning",
            )
        )
    return keep, out


def apply_to_build(
    project: Project,
    results: dict[str, PageResult],
    pages: Iterable[Page],
    published: dict[str, dict[str, str]],
) -> list[Diagnostic]:
    """Swap in the active variant of every running experiment (see the module doc); returns what it
    did, as info lines (warnings for variants it could not use)."""
    base = folder(project)
    if not base.is_dir() or not any(base.glob("*.yml")):
        return []
    try:
        running = [e for e in load_all(project) if e.status == "running"]
        if not running:
            return []
        day, source = build_date(project)
    except ExperimentError as err:
        return [Diagnostic(d.file, d.line, d.message, "warning") for d in err.diagnostics] or [
            Diagnostic(FOLDER, None, f"{err.message}: experiments not applied", "warning")
        ]
    by_uri = {p.src_uri: p for p in pages}
    experiments, out = _overlaps(project, running)
    for exp in experiments:
        shown = _rel(project, exp.path) if exp.path else exp.id
        result, page = results.get(exp.page), by_uri.get(exp.page)
        if result is None or page is None:
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
        if name is not None and exp.element == "title":  # og:title in every period, the control's too
            published.setdefault(exp.page, {})["og:title"] = page.title
        if name is None or name == "A":
            continue
        note = _apply(project, exp, name, page, result, published)
        if note:
            out.append(Diagnostic(shown, _line_of(exp.path, "variants:") if exp.path else None, note, "warning"))
            continue
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


def _apply(
    project: Project, exp: Experiment, name: str, page: Page, result: PageResult, published: dict[str, dict[str, str]]
) -> str | None:
    """Publish variant ``name``; a message when it cannot be (the control is published)."""
    from .experiment_variants import variant_problems  # lazy: the brand rules and the contract, with a variant only

    text = exp.variants[name]
    problems = variant_problems(project, exp.element, text, page.lang, page.title)
    if problems:
        return f"variant {name} cannot be published ({problems[0]}): the control is published"
    if exp.element == "summary":
        result.artifacts = dataclasses.replace(result.artifacts, summary=" ".join(text.split()))
    elif exp.element == "faq":
        faq = parse_faq(text)
        if not faq:
            return (
                f"variant {name} has no questions (write each as a '## question' line followed by its "
                "answer): the control is published"
            )
        result.artifacts = dataclasses.replace(result.artifacts, faq=faq)
    elif text.strip():
        shown = published.setdefault(exp.page, {})
        shown[exp.element] = " ".join(text.split())
        if exp.element == "title":
            shown["og:title"] = shown["title"]
    return None
