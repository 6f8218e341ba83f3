"""The ``channels`` build step: channel derivatives of every page, through the GeneratedStore.

Runs after ``generate`` (it needs each page's summary, takeaways, FAQ and entities). For each
page and enabled channel it decides, like the store does for page artifacts:

- **kept**: every file of the channel is locked or was edited by hand: nothing is produced
  (the carousel PDF is still re-rendered from an edited ``linkedin-carousel.md``);
- **unchanged**: the cache key (page source, page artifacts, brand rules, channels.yml, URL,
  producer, model and its parameters, template version) matches the manifest and the files are
  as recorded: no work, no LLM call;
- **generate**: the backend produces it (the llm backend through ``produce_channels``, else the
  extractive templates). A failed LLM attempt keeps the last good LLM files when there are some,
  else falls back to the extractive output; either way the manifest records what really made the
  files, so the next build tries again, and the build reports it.

Files are staged in the store (published with the build, or not at all): the extractive ones as
files in the store's scratch folder, written by the process that made them; provenance goes to the
page's ``manifest.json`` under ``channels``, file records under ``artifacts`` (lock them there).
The copies into the site (``publish: true``) are :mod:`.to_site`'s.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from ...artifacts import render_entities, render_faq, render_summary, render_takeaways
from ...errors import Diagnostic, rel
from ... import parallel
from ...state import BuildState, Deferred
from . import CHANNELS, channel_files
from .config import CHANNEL_NAMES, ChannelsFile, project_channels
from .context import ChannelContext
from .finalize import Checked, Guard, finalize
from .producer import ChannelJob, ChannelOutcome, ChannelProducer
from .sanitize import looks_like_injection
from ...staging import (
    read_file as _read,
    read_manifest as _manifest,
    sha_bytes,
    stage_files as _stage_files,
    stage_manifest as _stage_manifest,
    write_staged,
)

MANIFEST = "manifest.json"


def _code_version() -> str:
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return "channels-" + h.hexdigest()[:10]


CHANNELS_VERSION = _code_version()
EXTRACTIVE_PRODUCER = {"backend": "extractive", "model": "templates", "template_version": CHANNELS_VERSION}


def channel_key(inputs: dict[str, str], producer: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps({**inputs, **producer}, sort_keys=True).encode()).hexdigest()[:24]


def artifacts_hash(art: Any) -> str:
    text = (
        render_summary(art.summary)
        + render_takeaways(art.takeaways)
        + render_faq(art.faq)
        + render_entities(art.entities)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def extractive_outcome(job: ChannelJob, guard: Guard, *, rounds: int = 4) -> ChannelOutcome:
    """The extractive value; sentences that a brand rule rejects are left out and it is built again."""
    ctx = job.ctx
    saved = set(ctx.avoid)
    checked: Checked | None = None
    try:
        for _ in range(rounds):
            try:
                value = job.channel.extractive(ctx)
            except (ValueError, IndexError) as err:  # a page with too little text for this channel
                return ChannelOutcome(error=f"the page has too little text for it ({err})")
            checked = finalize(job.channel, value, ctx, guard, own_text=True)
            if checked.ok or not (checked.matches - ctx.avoid):
                break
            ctx.avoid |= checked.matches
    finally:
        ctx.avoid = saved
    return ChannelOutcome(checked)


def channel_config(project: Any) -> ChannelsFile:
    """brand/channels.yml with a ``channels.<name>`` key for every registered extension channel."""
    extensions = {n: CHANNELS[n].options_model for n in CHANNELS if n not in CHANNEL_NAMES}  # loads these alone
    return project_channels(project, extensions)


def step_channels(state: BuildState) -> None:
    project = state.project
    config = channel_config(project)
    wanted = state.channels
    names = [n for n in CHANNELS if config.options(n).enabled and (not wanted or n in wanted)]
    results: dict[str, dict[str, str]] = {}
    state.channel_results = results
    store = state.store
    if not names or store is None:
        return
    backend = state.backend
    producer = backend if isinstance(backend, ChannelProducer) else None  # else the extractive templates
    producer_prov = producer.channel_provenance() if producer else EXTRACTIVE_PRODUCER
    dry_run = state.dry_run
    regenerate = state.regenerate
    diags: list[Diagnostic] = state.diagnostics
    jobs: list[ChannelJob] = []
    manifests: dict[str, dict[str, Any]] = {}
    # The manifest as read: the generate step wrote or compared it in its canonical form, so one
    # this step did not change needs no rendering and comparing again (most pages of a warm build)
    as_read: dict[str, str] = {}

    digests = {name: config.digest(name) for name in names}  # channels.yml's part of every key: once per build
    for page in state.pages:
        result = state.results.get(page.src_uri)
        if result is None:
            continue
        ctx = ChannelContext.for_page(
            page,
            result.artifacts,
            brand=project.brand,
            config=config,
            site_url=project.site_url,
            use_directory_urls=project.use_directory_urls,
            brand_dir=project.brand_dir,
        )
        # only a model reads it as instructions
        phrase = looks_like_injection(page.body) if producer is not None else None
        if phrase:
            diags.append(
                Diagnostic(
                    rel(page.path, project.root),
                    None,
                    f'the page contains text that reads like instructions to a model ("{phrase}"); '
                    "it is given to the model as data only, and outputs that repeat it are rejected",
                    "warning",
                )
            )
        manifest = _manifest(store, page.slug)
        manifests[page.slug] = manifest
        as_read[page.slug] = json.dumps(manifest, sort_keys=True)
        records: dict[str, Any] = manifest.get("artifacts", {}) if isinstance(manifest.get("artifacts"), dict) else {}
        recorded_all = manifest.get("channels", {}) if isinstance(manifest.get("channels"), dict) else {}
        folder = store.folder(page.slug)
        page_actions = results.setdefault(page.src_uri, {})
        inputs_base = {
            "source_hash": page.source_hash,
            "artifacts_hash": artifacts_hash(result.artifacts),
            "brand_rules_hash": project.brand.rules_hash,
            "url": ctx.url,
        }
        force = state.force or page.src_uri in regenerate
        for name in names:
            file_names = channel_files(name)  # the channel itself (its module) only when there is work for it
            current = {f: _read(folder / f) for f in file_names}
            protected: dict[str, str] = {}
            for f, data in current.items():
                rec = found if isinstance(found := records.get(f), dict) else {}
                if data is None:
                    continue
                if rec.get("status") == "locked":
                    protected[f] = "locked"
                elif rec.get("sha256") and rec["sha256"] != sha_bytes(data):
                    protected[f] = "edited"
                elif not rec.get("sha256"):
                    protected[f] = "edited"  # a file the generator never recorded was put there by a person
            inputs = {**inputs_base, "channel": name, "config": digests[name]}
            recorded = recorded_all.get(name) if isinstance(recorded_all.get(name), dict) else None
            if len(protected) == len(file_names):
                page_actions[name] = "kept (" + ", ".join(sorted(set(protected.values()))) + ")"
                _stage_derived(store, name, ctx, folder, current, protected, records, manifest)
                continue
            fresh = (
                recorded is not None
                and recorded.get("key") == channel_key(inputs, producer_prov)
                and not force
                and all(current[f] is not None for f in file_names)
            )
            if fresh:
                page_actions[name] = "unchanged"
                _stage_derived(store, name, ctx, folder, current, protected, records, manifest)
                continue
            jobs.append(ChannelJob(page, CHANNELS[name], ctx, inputs, recorded, protected))
        if not (jobs and jobs[-1].page is page) and json.dumps(manifest, sort_keys=True) == as_read[page.slug]:
            del manifests[page.slug], as_read[page.slug]  # nothing to make or stage: not held (warm: no page is)

    guard = Guard.for_project(project) if jobs else Guard()  # the brand rules, only for what is produced

    if producer is not None or not jobs:  # a model's channels (its own concurrency), or nothing to make
        outcomes: list[ChannelOutcome | None] = [None] * len(jobs)
        if producer is not None and jobs:
            if dry_run:
                producer.plan_channels(jobs)
            else:
                outcomes = list(producer.produce_channels(jobs))
        _record(state, jobs, outcomes, manifests, producer, producer_prov, guard, diags)
        _stage_manifests(store, manifests, as_read)
        return
    # Extractive: independent jobs, made in a channel server (forked: the first page's jobs load
    # reportlab, its fonts, twitter-text and the word tables there, ~60 MB this process never needs,
    # and the workers it forks inherit them) while tailor and MkDocs run here (neither reads a channel
    # file or record); staged before verify or before the plugin copies channel files into the site.
    first = next((i for i, job in enumerate(jobs) if job.page is not jobs[0].page), len(jobs))
    workers = state.workers if state.workers > 1 else 0
    # each job's files are written where they are made and staged by reference: no process holds
    # them as bytes until publish (1,000 pages: ~90 MB in the server, then in this process)
    scratch = store.scratch()
    pending = parallel.start_served(
        partial(_extractive_rendered, guard=guard, scratch=scratch), jobs, workers, warm=first
    )
    _stage_manifests(store, manifests, as_read)  # what the plan changed (files derived from edited ones)
    at = len(diags)  # the records' diagnostics go where this step would have put them in one go

    def finish() -> None:
        outcomes: list[ChannelOutcome | None] = list(pending.result())
        found: list[Diagnostic] = []
        start = 0
        while start < len(jobs):  # page by page (a page's jobs are together): one manifest held at a time
            page = jobs[start].page
            end = next((i for i in range(start, len(jobs)) if jobs[i].page is not page), len(jobs))
            # the manifest as staged now: the tailor step, the guardrails or verify may have staged it meanwhile
            fresh = {page.slug: _manifest(store, page.slug)}
            read = {page.slug: json.dumps(fresh[page.slug], sort_keys=True)}
            _record(state, jobs[start:end], outcomes[start:end], fresh, None, producer_prov, guard, found)
            _stage_manifests(store, fresh, read)
            start = end
        diags[at:at] = found

    if workers:
        state.deferred.append(Deferred("channels", finish, pending.cancel))
    else:  # -j 1: all made already; staged now, so the outcomes are not held through the render
        finish()


def _record(
    state: BuildState,
    jobs: list[ChannelJob],
    outcomes: list[ChannelOutcome | None],
    manifests: dict[str, dict[str, Any]],
    producer: ChannelProducer | None,
    producer_prov: dict[str, str],
    guard: Guard,
    diags: list[Diagnostic],
) -> None:
    """Stage each job's files and record what made them in its page's manifest; report failures."""
    project, store, results = state.project, state.store, state.channel_results
    assert store is not None
    dry_run = state.dry_run
    for job, outcome in zip(jobs, outcomes):
        page = job.page
        display = rel(page.path, project.root)
        page_actions = results[page.src_uri]
        name = job.channel.name
        manifest = manifests[page.slug]
        used = producer_prov
        if producer is not None and dry_run:
            page_actions[name] = "generate (dry run)"
            continue
        if outcome is not None and outcome.faults:
            diags.append(
                Diagnostic(
                    display, None, f"channel {name}: recovered from: {'; '.join(_dedupe(outcome.faults))}", "info"
                )
            )
        if outcome is None or outcome.checked is None or not outcome.checked.ok:
            why = _why(outcome)
            last_good = (
                producer is not None
                and job.recorded is not None
                and job.recorded.get("backend") == producer_prov.get("backend")
                and all(_read(store.folder(page.slug) / f) is not None for f in job.channel.files)
            )
            if producer is not None and last_good:
                page_actions[name] = "kept last good"
                diags.append(Diagnostic(display, None, f"channel {name}: {why}; kept the last good files", "warning"))
                continue
            outcome = extractive_outcome(job, guard)
            used = EXTRACTIVE_PRODUCER
            if producer is not None:
                diags.append(Diagnostic(display, None, f"channel {name}: {why}; used the extractive output", "warning"))
            if outcome.checked is None or not outcome.checked.ok:
                page_actions[name] = "not written"
                problems = outcome.error or "; ".join(outcome.checked.blocking if outcome.checked else [])
                diags.append(Diagnostic(display, None, f"channel {name} not written: {problems}", "warning"))
                continue
            page_actions[name] = "fallback: extractive" if producer is not None else "generated"
        else:
            page_actions[name] = "generated"
        checked = outcome.checked
        assert checked is not None
        for note in checked.notes:
            diags.append(
                Diagnostic(
                    display, None, f"channel {name}: {note}", "warning" if not note.startswith("brand rule") else "info"
                )
            )
        for note in checked.shorter:
            diags.append(Diagnostic(display, None, f"channel {name}: shorter than the target ({note})", "info"))
        files = outcome.files if outcome.files is not None else job.channel.render(checked.value, job.ctx)
        _stage_files(store, page.slug, files, job.protected, manifest)
        channels = manifest.setdefault("channels", {})
        channels[name] = {**used, "key": channel_key(job.inputs, used)}
        if job.protected:
            _stage_derived(
                store,
                job.channel.name,
                job.ctx,
                store.folder(page.slug),
                {f: _read(store.folder(page.slug) / f) for f in job.channel.files},
                job.protected,
                manifest.get("artifacts", {}),
                manifest,
            )


def _stage_manifests(store: Any, manifests: dict[str, dict[str, Any]], as_read: dict[str, str]) -> None:
    """Stage the manifests this step changed (those with channel records)."""
    for slug, manifest in manifests.items():
        if json.dumps(manifest, sort_keys=True) == as_read[slug]:
            continue
        if manifest.get("channels") or any(k.startswith("channels/") for k in manifest.get("artifacts", {})):
            _stage_manifest(store, slug, manifest)


def _extractive_rendered(job: ChannelJob, guard: Guard, scratch: Path) -> ChannelOutcome:
    """The extractive outcome with its files rendered (what :func:`_record` would do with it) and
    written into the store's ``scratch`` folder: the outcome carries references, not bytes."""
    outcome = extractive_outcome(job, guard)
    if outcome.checked is not None and outcome.checked.ok:
        outcome.files = write_staged(scratch, job.page.slug, job.channel.render(outcome.checked.value, job.ctx))
        outcome.checked = replace(outcome.checked, value=None)  # rendered: only its notes are read from here on
    return outcome


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    for item in items:
        seen[item] = seen.get(item, 0) + 1
    return [f"{k} (×{v})" if v > 1 else k for k, v in seen.items()]


def _why(outcome: ChannelOutcome | None) -> str:
    if outcome is None:
        return "not produced"
    if outcome.error:
        return outcome.error
    if outcome.checked is not None and outcome.checked.blocking:
        return f"still invalid after {outcome.attempts} attempt(s): " + "; ".join(outcome.checked.blocking[:3])
    return "not produced"


def _stage_derived(
    store: Any,
    name: str,
    ctx: ChannelContext,
    folder: Path,
    current: dict[str, Any],
    protected: dict[str, str],
    records: dict[str, Any],
    manifest: dict[str, Any],
) -> None:
    """Re-render files derived from an edited source file (the carousel PDF from its .md)."""
    sources = {f: d for f, d in current.items() if f in protected and d is not None}
    if not sources:
        return
    for file, data in CHANNELS[name].derived(sources, ctx).items():
        if file in protected or data == current.get(file):
            continue
        _stage_files(store, ctx.page.slug, {file: data}, protected, manifest)
