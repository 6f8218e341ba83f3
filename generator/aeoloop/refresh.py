"""Bring a prepared build up to date with a few edited pages, without touching the others.

``aeoloop serve`` (and the plugin under ``mkdocs serve``) keeps the :class:`BuildState` of the
last build between rebuilds. When a writer saves pages and nothing else changed (no page added
or removed, no ``brand/`` or ``mkdocs.yml`` change: :class:`InputSnapshot` tells), only those
pages go through the engine again: load, lint, generate, guardrails, channels and tailor run on a
*partial* state holding just them (each step hash-checked as in a full build, so a save that
changes nothing regenerates nothing), and the results replace theirs in the kept state. What the
site shows for the other pages is what the last build computed from the same inputs, so the
render sees the state a full engine run would have produced.

The steps run here are the engine steps minus ``paths`` (the symlink scan of the whole project:
a page's symlink status does not change by editing it) and ``ingest`` (reports/ is not watched).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .build import run_steps, step_generate
from .amplify.channels.step import step_channels
from .express.buildsteps import step_guardrails, step_lint
from .errors import Diagnostic
from .state import BuildState, Step
from .tailor.step import step_tailor

__all__ = ["REFRESH_STEPS", "InputSnapshot", "Refreshed", "refresh_pages"]


def _step_load_only(state: BuildState) -> None:
    """``load`` for the pages already named in ``state.pages`` (their paths), read from disk again."""
    project = state.project
    state.pages, diags = project.load_pages(only=[(p.src_uri, p.path) for p in state.pages])
    state.diagnostics.extend(diags)


REFRESH_STEPS: tuple[Step, ...] = (
    Step("load", _step_load_only),
    Step("lint", step_lint),
    Step("generate", step_generate),
    Step("guardrails", step_guardrails),
    Step("channels", step_channels),
    Step("tailor", step_tailor),
)
"""The engine steps a page edit goes through (see the module docstring for the two left out)."""


@dataclass
class Refreshed:
    """What a refresh did: the pages it ran, those regenerated, and whether other pages' HTML changes too."""

    pages: list[str]
    regenerated: list[str]
    nav_changed: bool  # a title changed: it is in every page's navigation, so every page renders again
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0


def refresh_pages(state: BuildState, src_uris: Sequence[str]) -> Refreshed:
    """Run :data:`REFRESH_STEPS` on the pages ``src_uris`` of the prepared ``state`` and put the
    results in it. ``state.store`` becomes the refresh's store (what publish writes: only these
    pages' files). Raises as a build would (content, lint or config errors); ``state`` is then
    left as it was before the call."""
    import time

    started = time.perf_counter()
    old = {uri: state.page(uri) for uri in src_uris}
    missing = [uri for uri, page in old.items() if page is None]
    if missing:
        raise ValueError(f"not pages of this build: {', '.join(missing)}")
    sub = BuildState(
        state.project,
        strict=state.strict,
        force=state.force,
        verify=state.verify,
        jobs=1,  # one or two pages: a worker pool costs more than it saves
        partial=True,
        regenerate=set(state.regenerate) & set(src_uris),
        channels=state.channels,
    )
    sub.pages = [page for page in old.values() if page is not None]
    titles_before = {uri: _shown_title(state, uri) for uri in src_uris}
    sub.backend = state.backend
    run_steps(sub, REFRESH_STEPS)
    fresh = {p.src_uri: p for p in sub.pages}
    state.pages = [fresh.get(p.src_uri, p) for p in state.pages]
    state._by_uri = {}  # same length, new objects: rebuilt on the next lookup
    for uri in src_uris:
        state.results[uri] = sub.results[uri]
        state.channel_results[uri] = sub.channel_results.get(uri, {})
        _replace(state.tailor, sub.tailor, uri)
        _replace(state.experiment_text, sub.experiment_text, uri)
    state.store = sub.store
    state.backend = sub.backend
    state.committed = False
    nav_changed = any(titles_before[uri] != _shown_title(state, uri) for uri in src_uris)
    return Refreshed(
        pages=list(src_uris),
        regenerated=[uri for uri in src_uris if sub.results[uri].regenerated],
        nav_changed=nav_changed,
        diagnostics=sub.diagnostics,
        seconds=time.perf_counter() - started,
    )


V = TypeVar("V")


def _replace(kept: dict[str, V], fresh: dict[str, V], uri: str) -> None:
    """The refreshed page's entry, or none when the refresh made none."""
    if uri in fresh:
        kept[uri] = fresh[uri]
    else:
        kept.pop(uri, None)


def _shown_title(state: BuildState, uri: str) -> str | None:
    """The title the site shows for a page: a running title experiment's variant, else its own."""
    page = state.page(uri)
    return state.experiment_text.get(uri, {}).get("title", page.title if page is not None else None)


@dataclass(frozen=True)
class InputSnapshot:
    """Size and modification time of every file the engine reads from: the pages folder, brand/
    and mkdocs.yml. Two snapshots say which pages were edited, and whether anything else changed."""

    docs_dir: Path
    files: dict[Path, tuple[int, int]]

    @classmethod
    def take(cls, docs_dir: Path, others: Iterable[Path]) -> InputSnapshot:
        files: dict[Path, tuple[int, int]] = {}
        for root in (docs_dir, *others):
            _scan(root, files)
        return cls(docs_dir, files)

    def edited_pages(self, now: InputSnapshot) -> list[str] | None:
        """src_uris of the Markdown pages edited since this snapshot, in order; ``None`` when
        anything else changed (a page added, removed or renamed, another file in the pages
        folder, brand/ or mkdocs.yml): then only a full build is right."""
        if self.files.keys() != now.files.keys():
            return None
        edited = []
        for path, stat in now.files.items():
            if self.files[path] == stat:
                continue
            if path.suffix != ".md" or not path.is_relative_to(self.docs_dir):
                return None
            edited.append(path.relative_to(self.docs_dir).as_posix())
        return sorted(edited)


def _scan(root: Path, out: dict[Path, tuple[int, int]]) -> None:
    """Every file under ``root`` (or ``root`` itself), hidden folders left out as MkDocs does."""
    try:
        st = root.stat()
    except OSError:
        return
    if not os.path.isdir(root):
        out[root] = (st.st_mtime_ns, st.st_size)
        return
    stack = [str(root)]
    while stack:
        here = stack.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                try:
                    st = entry.stat()
                except OSError:
                    continue
                out[Path(entry.path)] = (st.st_mtime_ns, st.st_size)
