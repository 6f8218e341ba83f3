"""Pages as they were known at a past date, for ``aeoloop plan --as-of D``.

A plan for a past date must not read the future: a page edited after D carries today's
``updated`` date (a negative age) and today's content (``content_changed`` against a generation
that happened before the edit), so the plan changed with the day it was run.

So, in a git work tree, the pages are read as they were in the last commit on or before D: one
``git diff`` lists the pages that changed since (working-tree edits and new files included), and
only those are read from that commit (their bytes for the content hash, their front matter for
the date, else their last commit date up to D). A page not in that commit did not exist at D: it
is left undated, and the plan says so. Without the history (no git work tree; a shallow clone
whose history starts after D) a page dated after D takes the date of the last entry on or before
D in the history its committed manifest records (each build appends the page's date when its
source changes), and the plan says the date came from there; a page whose record starts after D
gets no date (staleness not scored), and the plan says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

from ..generated import MANIFEST, parse_history
from ..pagemeta import git_is_shallow, git_output
from .pages import PageInfo, own_host, page_date
from .features import content_features


def _git_bytes(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def _blobs(top: Path, commit: str, rels: list[str]) -> dict[str, bytes | None]:
    """The bytes of ``rels`` at ``commit`` (None: not in it), read by one ``git cat-file --batch``
    (one process for all pages: a backtest reads hundreds of pages a week)."""
    out: dict[str, bytes | None] = {rel: None for rel in rels}
    asked = [rel for rel in rels if "\n" not in rel]
    if not asked:
        return out
    data = _git_bytes(top, "cat-file", "--batch", stdin="".join(f"{commit}:{rel}\n" for rel in asked).encode("utf-8"))
    if data is None:
        return out
    pos = 0
    for rel in asked:
        end = data.find(b"\n", pos)
        if end < 0:
            break
        header = data[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[rel] = data[pos : pos + size]
            pos += size + 1
        elif len(header) == 3:  # a tree or another object: skip its bytes
            pos += int(header[2]) + 1
    return out


_CONTENT: dict[str, tuple[float, ...]] = {}
"""The predictor's content features of past page versions, by their sha256 (the host is one per project)."""


def as_known_at(
    project: Any, infos: list[PageInfo], as_of: dt.date, cache: dict[tuple[str, str], bytes | None] | None = None
) -> list[PageInfo]:
    """``infos`` as they were at ``as_of`` (see the module doc). ``cache`` keeps the blobs read
    across calls (a backtest asks for the same commit week after week)."""
    docs = Path(project.docs_dir)
    top_out = git_output(docs, "rev-parse", "--show-toplevel") if docs.is_dir() else None
    top = Path(top_out.strip()).resolve() if top_out else None
    before = (as_of + dt.timedelta(days=1)).isoformat() + "T00:00:00Z"
    commit = (git_output(docs, "rev-list", "-1", f"--before={before}", "HEAD") or "").strip() if top else ""
    if top is None or not commit:
        if top is None:
            why = "not a git work tree"
        elif git_is_shallow(docs):
            why = "this clone's history is shallow: `git fetch --unshallow`"
        else:
            why = f"the git history starts after {as_of}"
        return [_recorded(project, i, as_of, why) if i.updated and i.updated > as_of else i for i in infos]
    docs_rel = docs.resolve().relative_to(top).as_posix()
    changed = set((git_output(top, "diff", "--name-only", "--no-renames", commit, "--", docs_rel) or "").splitlines())
    changed |= set((git_output(top, "ls-files", "--others", "--exclude-standard", "--", docs_rel) or "").splitlines())
    cache = {} if cache is None else cache
    rels = {info.src_uri: f"{docs_rel}/{info.src_uri}" if docs_rel != "." else info.src_uri for info in infos}
    wanted = [rel for rel in rels.values() if rel in changed and (commit, rel) not in cache]
    for rel, blob in _blobs(top, commit, wanted).items():
        cache[(commit, rel)] = blob
    out = []
    for info in infos:
        rel = rels[info.src_uri]
        if rel not in changed:
            out.append(info)  # the same bytes at as_of as now
            continue
        blob = cache[(commit, rel)]
        if blob is None:
            note = f"Not in the git history on {as_of} (it was added later): no date or content then"
            out.append(dataclasses.replace(info, updated=None, date_note=note))
            continue
        updated = page_date(blob.decode("utf-8", errors="replace"))  # the page's date and text as they were
        if updated is None:
            last = (git_output(top, "log", "-1", "--format=%cs", commit, "--", rel) or "").strip()
            updated = dt.date.fromisoformat(last) if last else None
        note = (
            f"Read as of {as_of} from the git history (changed since; dated {updated or 'not at all'} then, "
            f"{info.updated or 'not at all'} now)"
        )
        sha = hashlib.sha256(blob).hexdigest()
        content = _CONTENT.get(sha)
        if content is None:  # a backtest meets the same old blob week after week: its features once
            content = _CONTENT[sha] = content_features(blob.decode("utf-8", errors="replace"), own_host(project))
        out.append(dataclasses.replace(info, updated=updated, sha256=sha, date_note=note, content=content))
    return out


def _recorded(project: Any, info: PageInfo, as_of: dt.date, why: str) -> PageInfo:
    """``info`` dated by the last entry on or before ``as_of`` of its manifest's recorded
    ``history`` (written by each build, see :func:`aeoloop.generated.parse_history`), for a page
    whose date now is after ``as_of`` and whose git history at ``as_of`` is not here (``why``).
    No entry that early (the page's record starts later): undated, staleness not scored."""
    path = Path(project.generated_dir) / info.slug / MANIFEST
    shown = _shown(project, path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    except (OSError, ValueError):
        data = None
    history = parse_history(data) if isinstance(data, dict) else None
    if history is None:
        note = (
            f"Page date as of {as_of} unknown (it now says {info.updated}; {why}; {shown} cannot be read or its "
            "`history` is malformed, so it was ignored: a build rewrites it): staleness not scored"
        )
        return dataclasses.replace(info, updated=None, date_note=note)
    then = [e for e in history if e["date"] <= as_of.isoformat()]
    if not then:
        note = f"Page date as of {as_of} unknown (it now says {info.updated}; {why}"
        note += f"; the history recorded in {shown} starts later)" if history else ")"
        return dataclasses.replace(info, updated=None, date_note=note + ": staleness not scored")
    entry = then[-1]
    note = (
        f"Dated {entry['date']} as of {as_of} from the history recorded in {shown} ({why}; it now says {info.updated})"
    )
    return dataclasses.replace(
        info, updated=dt.date.fromisoformat(entry["date"]), sha256=entry["sha256"], date_note=note
    )


def _shown(project: Any, path: Path) -> str:
    try:
        return path.relative_to(Path(project.root)).as_posix()
    except ValueError:
        return path.as_posix()


def export_known(path: Path) -> tuple[dt.date, str]:
    """The date a report file without dates was known from, and how that was found: ``git`` when
    the file is committed as it is (the date of the last commit that touched it: the one that gave
    it this content; the same in every clone), else ``ingest``: today (UTC), the day it entered
    the store. A period export names no period, so this is when its numbers became knowledge."""
    folder, name = path.parent, path.name
    if folder.is_dir():
        last = (git_output(folder, "log", "-1", "--format=%cs", "--", name) or "").strip()
        dirty = git_output(folder, "status", "--porcelain", "--", name)
        if last and dirty is not None and not dirty.strip():
            try:
                return dt.date.fromisoformat(last), "git"
            except ValueError:
                pass
    return dt.datetime.now(dt.timezone.utc).date(), "ingest"
