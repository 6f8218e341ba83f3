"""Pages as they were known at a past date, for ``aeoloop plan --as-of D``.

A plan for a past date must not read the future: a page edited after D carries today's
``updated`` date, which made its age negative and its score change with the day the plan was
run. So for every page whose date is after D, the date it had at D is read from the git history:
the page's front matter in the last commit on or before D (or that commit's date when the front
matter has none). When that cannot be known (no git work tree, a shallow clone whose history
starts after D), the page's date is left unknown, its staleness is not scored, and the plan says
so. A page first committed after D did not exist then: it is left undated, and the plan says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

from .pages import PageInfo, page_date


def _git(cwd: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def as_known_at(project: Any, infos: list[PageInfo], as_of: dt.date) -> list[PageInfo]:
    """``infos`` with the dates of pages updated after ``as_of`` replaced by their date at ``as_of``."""
    future = {i.src_uri for i in infos if i.updated and i.updated > as_of}
    if not future:
        return infos
    docs = Path(project.docs_dir)
    top_out = _git(docs, "rev-parse", "--show-toplevel")
    top = Path(top_out.strip()) if top_out else None
    shallow = top is not None and (_git(docs, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    before = (as_of + dt.timedelta(days=1)).isoformat() + "T00:00:00Z"
    out = []
    for info in infos:
        if info.src_uri not in future:
            out.append(info)
            continue
        now = info.updated
        if top is None:
            note = (f"Page date as of {as_of} unknown (it now says {now}; not a git work tree): staleness not scored")
            out.append(dataclasses.replace(info, updated=None, date_note=note))
            continue
        rel = (docs / info.src_uri).resolve().relative_to(top.resolve()).as_posix()
        found = (_git(top, "log", "-1", "--format=%H %cs", f"--before={before}", "--", rel) or "").split()
        if len(found) == 2:
            blob = _git(top, "show", f"{found[0]}:{rel}")
            updated = page_date(blob) if blob is not None else None
            updated = updated or dt.date.fromisoformat(found[1])
            note = f"Dated {updated} as of {as_of}, from the git history (it now says {now})"
            out.append(dataclasses.replace(info, updated=updated, date_note=note))
        elif shallow:
            note = (f"Page date as of {as_of} unknown (it now says {now}; this clone's history is shallow: "
                    "`git fetch --unshallow`): staleness not scored")
            out.append(dataclasses.replace(info, updated=None, date_note=note))
        else:
            note = f"Not in the git history on {as_of} (it now says {now}): no date then"
            out.append(dataclasses.replace(info, updated=None, date_note=note))
    return out
