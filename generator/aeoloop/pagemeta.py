"""A page's authors and dates, resolved: front matter first, then git history, then the file time.

The authors and audiences a page names must be ids of ``brand/``; ``date``/``updated`` fall back
to the first and last commit of the file (one ``git log`` for the whole tree), so a page that
says nothing still gets honest dates in JSON-LD and the sitemap.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from .brand import Brand
from .errors import Diagnostic
from .page import Page

__all__ = ["git_dates", "git_is_shallow", "git_output", "resolve_page"]


def resolve_page(page: Page, brand: Brand, history: tuple[dt.date, dt.date] | None, display: str) -> list[Diagnostic]:
    """Apply the fallbacks (authors, dates) and check references to brand/ ids."""
    diags = []
    lines = _key_lines(page)
    for author in page.meta.authors:
        if author not in brand.authors:
            diags.append(
                Diagnostic(
                    display,
                    lines.get("authors"),
                    f"unknown author `{author}`; use one of: {', '.join(brand.authors) or '(none in brand/brand.yml)'}",
                )
            )
    for audience in page.meta.audiences:
        if brand.audiences and audience not in brand.audiences:
            diags.append(
                Diagnostic(
                    display,
                    lines.get("audiences"),
                    f"unknown audience `{audience}`; use one of: {', '.join(brand.audiences)}",
                )
            )
    page.authors = brand.author_ids_for(page.meta.authors)
    if page.meta.date:
        page.date_published = page.meta.date
    elif history:
        page.date_published = history[0]
    else:
        page.date_published = dt.datetime.fromtimestamp(page.path.stat().st_mtime, dt.timezone.utc).date()
    if not page.meta.date and page.meta.updated and page.meta.updated < page.date_published:
        # an inferred publication date (the oldest commit of a shallow CI clone, a file time)
        # can be later than the `updated:` the writer wrote: the writer's date wins
        page.date_published = page.meta.updated
    if page.meta.updated:
        page.date_modified = page.meta.updated
    elif history and not page.meta.date:
        page.date_modified = history[1]
    elif history:
        page.date_modified = max(history[1], page.date_published)
    else:
        page.date_modified = page.date_published
    if page.date_modified < page.date_published:
        diags.append(
            Diagnostic(
                display,
                lines.get("updated"),
                f"`updated` ({page.date_modified}) is before `date` ({page.date_published}); fix one of them",
            )
        )
    return diags


def _key_lines(page: Page) -> dict[str, int]:
    lines: dict[str, int] = {}
    for i, line in enumerate(page.source.splitlines()[: page.body_line], start=1):
        key = line.split(":", 1)[0].strip()
        if key and not line.startswith((" ", "\t", "-")):
            lines.setdefault(key, i)
    return lines


def git_output(folder: Path, *args: str) -> str | None:
    """The output of ``git ARGS`` run in ``folder``; None outside a git work tree or without git.

    One place for that rule: page dates, the plan's history and loop metrics all read git and all
    treat "no git" as "no history", never as an error."""
    try:
        out = subprocess.run(["git", *args], cwd=folder, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.decode("utf-8", errors="replace")


def git_is_shallow(folder: Path) -> bool:
    """True in a shallow clone, where the first commit of a file is only the oldest one fetched."""
    return (git_output(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


def git_dates(folder: Path) -> dict[Path, tuple[dt.date, dt.date]]:
    """First and last commit date of every file under ``folder``, from one ``git log`` call.

    One call for the whole tree instead of one per page keeps this O(commits), not O(pages).
    Returns {} outside a git work tree or when git is missing.
    """
    top = git_output(folder, "rev-parse", "--show-toplevel")
    log = git_output(folder, "log", "--format=@%cs", "--name-only", "--no-renames", "--", ".")
    if top is None or log is None:
        return {}
    top = top.strip()
    out: dict[Path, tuple[dt.date, dt.date]] = {}
    current: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current:
            path = (Path(top) / line).resolve()
            first, last = out.get(path, (current, current))
            out[path] = (min(first, current), max(last, current))
    return out
