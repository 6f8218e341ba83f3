"""``aeoloop briefs``: content-gap briefs for writers (see :mod:`.briefs`).

Exit codes: 0 briefs written (or none needed: every prompt with citations of other domains
also cites us on every engine, with no falling share, said in words); 2 nothing to read (no reports ingested, no citation rows, no
prompts in them, no rows in the window) or a bad option.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import open_store, page_index
from .cli_shared import config_option, err_console, errors_to_exit, load_project, out_console, parse_date


@click.command("briefs")
@config_option
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the briefs (default: briefs/ in the project; never content/).",
)
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=28,
    show_default=True,
    help="Window of citation rows, up to the latest report date (or --as-of).",
)
@click.option("--as-of", "as_of", default=None, help="Window ending on this date (YYYY-MM-DD).")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    default=None,
    help="Similarity above which prompts share a brief (default 0.15; higher: more, narrower briefs).",
)
@click.option(
    "--gaps-only",
    is_flag=True,
    help="Only prompts where we are cited on no engine (default: also those where we are weak: not cited on "
    "some engines, or our share falling).",
)
@click.option("--dry-run", is_flag=True, help="Show the briefs that would be written; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@errors_to_exit
def briefs_command(
    config_file: Path | None,
    out: Path | None,
    days: int,
    as_of: str | None,
    threshold: float | None,
    gaps_only: bool,
    dry_run: bool,
    fmt: str,
) -> None:
    """Write a brief per topic where answer engines cite other sites and not us, or where we are weak.

    Reads the prompts of the ingested citation reports: prompts whose answers cited other domains
    and none of ours, and prompts we are cited for but not on every engine that answers them (in
    the recent half of the window) or with a share falling beyond noise; grouped by topic; per group
    a Markdown draft with the questions and why each needs work, the likely audience, an outline,
    the sources that won, our pages cited for them and our closest pages. A brief edited by a person
    (or locked in briefs/manifest.json) is never overwritten.
    """
    # lazy: briefs, gaps and topics load numpy, pydantic, the store and lemminflect's tables
    # (~315 modules, 0.5-1.8 s); `aeoloop --help` imports this module
    from .briefs import build, page_docs
    from .briefs_files import write
    from .gaps import NoData, find
    from .topics import THRESHOLD

    project = load_project(config_file)
    folder = out if out is not None else Path(project.root) / "briefs"
    docs = Path(project.docs_dir).resolve()
    if folder.resolve() == docs or folder.resolve().is_relative_to(docs):
        raise click.BadParameter(f"{folder} is inside {docs.name}/: briefs are drafts, not pages", param_hint="--out")
    index = page_index(project, [u for u, _ in project.page_paths()])
    store = open_store(project)
    try:
        gaps = find(store, index, parse_date(as_of), days)
    finally:
        if store is not None:
            store.close()
    if not gaps.tracked:
        raise NoData(
            f"no citation rows with a prompt between {gaps.start} and {gaps.as_of}: widen --days or change --as-of"
        )
    pages = page_docs(project, index)
    if gaps_only:
        gaps.prompts = gaps.not_cited
    briefs = build(gaps, pages, list(project.brand.audiences.values()), threshold or THRESHOLD)
    head = (
        f"{gaps.tracked} prompts tracked {gaps.start}..{gaps.as_of}: we are cited for {gaps.covered}, "
        f"other sites only for {len(gaps.not_cited)}"
        + ("" if gaps_only else f"; weak on {len(gaps.weak)} (not cited on some engines, or a falling share)")
    )
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "as_of": gaps.as_of.isoformat(),
                    "start": gaps.start.isoformat(),
                    "tracked": gaps.tracked,
                    "covered": gaps.covered,
                    "not_cited": len(gaps.not_cited),
                    "weak": len(gaps.weak),
                    "briefs": [b.as_dict() for b in briefs],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        out_console.print(head, markup=False)
    if not briefs:
        err_console.print(
            "No gaps: every prompt whose answers cite other sites also cites us (or names our brand)"
            + ("." if gaps_only else ", on every engine that answers it, with no falling share.")
            + " No brief written.",
            highlight=False,
        )
        return
    result = write(briefs, folder, dry_run=dry_run)
    if fmt == "text":
        for b in briefs:
            who = f" · for {b.audience.id}" if b.audience else ""
            close = f" · closest: {b.closest[0][0].src_uri}" if b.closest else " · new page"
            out_console.print(
                f"{b.slug}.md  {len(b.prompts)} prompt{'s' if len(b.prompts) > 1 else ''} ({b.not_cited} not cited, "
                f"{len(b.prompts) - b.not_cited} weak), {b.citations:,.0f} citations of others{who}{close}",
                markup=False,
            )
    rel = _display(folder, Path(project.root))
    for path, why in result.kept:
        reason = {
            "locked": "locked in manifest.json",
            "edited": "edited since it was written",
            "not ours": "a file the manifest does not know",
        }[why]
        err_console.print(f"kept {_display(path, Path(project.root))}: {reason}; not overwritten", highlight=False)
    for path in result.stale:
        err_console.print(
            f"note: {_display(path, Path(project.root))} is from an earlier run; its prompts are no longer gaps",
            highlight=False,
        )
    verb = "would write" if dry_run else "wrote"
    err_console.print(
        f"{verb} {len(result.written)} briefs to {rel}/ ({len(result.unchanged)} unchanged, {len(result.kept)} kept)",
        highlight=False,
    )


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
