"""Quality-contract verdicts on published units, recorded in each page's ``manifest.json``.

Why: verify judges the summary, takeaways and FAQ as a crawler reads them from the built page
(:mod:`aeoloop.verify.contract`). That verdict is a function of the units and the contract's code
(its key), so the build records it with its key in the page's committed manifest
(``"verify": {"key": …, "contract": […]}``) and the next build, CI's fresh clone included, hands
the recorded verdicts to verify by key. The lookup is by what was read from the new page, so a
page whose units changed (or whose entry was mangled) is judged again; the verdict only feeds the
score, it never decides whether a build passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypedDict

from ..generated import GeneratedStore
from ..page import Page
from ..siteurl import page_dest_path
from .readback import ENTRY as READBACK, recorded_results

if TYPE_CHECKING:
    from ..state import BuildState
    from .report import VerifyReport

ENTRY = "verify"
"""The manifest entry (one of ``generated.RECORDED``)."""


def recorded_verdicts(store: GeneratedStore) -> dict[str, list[str]]:
    """The verdicts the pages' manifests record (as read by the generate step), by key; entries
    that do not have the shape are left out (the page is judged again and its entry rewritten)."""
    out: dict[str, list[str]] = {}
    for entries in store.recorded.values():
        found = entries.get(ENTRY)
        if not isinstance(found, dict):
            continue
        key, contract = found.get("key"), found.get("contract")
        if isinstance(key, str) and isinstance(contract, list) and all(isinstance(c, str) for c in contract):
            out[key] = contract
    return out


def record_verdicts(
    store: GeneratedStore,
    pages: Iterable[Page],
    verdicts: Mapping[str, tuple[str, list[str]]],
    *,
    directory_urls: bool,
) -> None:
    """Stage each page's verdict (by its HTML file in ``verdicts``) in its manifest."""
    for page in pages:
        found = verdicts.get(page_dest_path(page.src_uri, use_directory_urls=directory_urls))
        if found is not None:
            store.record(page.slug, ENTRY, {"key": found[0], "contract": found[1]})


def recorded_readbacks(
    store: GeneratedStore, pages: Iterable[Page], *, directory_urls: bool
) -> dict[str, tuple[str, str]]:
    """The read-backs the pages' manifests record (:mod:`aeoloop.verify.readback`), by HTML file."""
    found: dict[str, object] = {}
    for page in pages:
        html = page_dest_path(page.src_uri, use_directory_urls=directory_urls)
        found[html] = store.recorded.get(page.slug, {}).get(READBACK)
    return recorded_results(found)


def record_readbacks(
    store: GeneratedStore,
    pages: Iterable[Page],
    readbacks: Mapping[str, tuple[str, str]],
    *,
    directory_urls: bool,
    refresh: bool,
) -> None:
    """Stage each page's read-back (by its HTML file in ``readbacks``) in its manifest where its key
    changed: in every such page when ``refresh`` (a build with a verify cache), else only into a
    manifest this build writes anyway (see :mod:`aeoloop.verify.readback`: a fresh clone leaves
    ``generated/`` as committed)."""
    for page in pages:
        found = readbacks.get(page_dest_path(page.src_uri, use_directory_urls=directory_urls))
        if found is None:
            continue
        held = store.recorded.get(page.slug, {}).get(READBACK)
        if isinstance(held, dict) and held.get("key") == found[0] and isinstance(held.get("result"), str):
            continue
        if refresh or store.staged(page.slug):
            store.record(page.slug, READBACK, {"key": found[0], "result": found[1]})


class RecordedForVerify(TypedDict):
    """What verify may take instead of computing (its keyword arguments of these names)."""

    verdicts: dict[str, list[str]]
    recorded: dict[str, tuple[str, str]]


def recorded_for_verify(state: BuildState, ahead: Mapping[str, list[str]]) -> RecordedForVerify:
    """The contract verdicts (``ahead``: judged where the pages were generated) and the read-backs
    the pages' manifests record, for the render's prefetch and for verify."""
    store = state.store
    if store is None:
        return {"verdicts": dict(ahead), "recorded": {}}
    urls = state.project.use_directory_urls
    return {
        "verdicts": {**ahead, **recorded_verdicts(store)},
        "recorded": recorded_readbacks(store, state.pages, directory_urls=urls),
    }


def record_report(state: BuildState, report: VerifyReport, *, refresh: bool) -> None:
    """Each page's contract verdict and read-back into its manifest, for the next build (CI) to
    take; ``refresh``: this build had a verify cache (see :mod:`aeoloop.verify.readback`)."""
    if state.store is not None:
        urls = state.project.use_directory_urls
        pages = [p for p in state.pages if state.results.get(p.src_uri) is not None]
        record_verdicts(state.store, pages, report.verdicts, directory_urls=urls)
        record_readbacks(state.store, pages, report.readbacks, directory_urls=urls, refresh=refresh)
