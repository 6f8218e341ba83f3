"""The build pipeline: one ordered list of named steps over one :class:`~aeoloop.state.BuildState`.

``paths → ingest → load → generate → lint → guardrails → channels → tailor → render → verify →
publish`` (:data:`STEPS`). ``generate`` only starts before lint (:func:`start_generate`: its server
makes the artifacts while this process lints); its results are collected after lint, so lint errors
still stop the build before anything is written, and the outputs are those of lint-then-generate. The steps up to ``tailor`` are the engine and need no MkDocs
(:data:`ENGINE_STEPS`). ``render`` builds the site with MkDocs into a temporary folder and
``verify`` checks that folder; only then does ``publish`` (:mod:`aeoloop.publish`) swap
``site/`` and apply the staged ``generated/`` writes as one journaled transaction, so a failed or
killed build leaves the previous outputs (or, after recovery, the next ones) and never a mix.

A plain ``mkdocs build`` runs the same steps: the MkDocs plugin runs :data:`ENGINE_STEPS` when
MkDocs hands it the files, MkDocs itself is the render, and the plugin runs :data:`AFTER_RENDER`
(verify, publish) at the end. The one difference: MkDocs writes ``site/`` in place, so a failed
verify there keeps ``generated/`` as it was but not the previous ``site/``. ``mkdocs serve``
skips verify (a live preview; ``aeoloop verify`` reads the site back on demand).

:func:`run_steps` is the runner: it times every step, names the step a progress report comes
from, and marks a checkpoint after each. Every build holds the project's build lock and first
recovers what a killed build left (:func:`session`).
"""

from __future__ import annotations

import gc
import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .amplify.channels.step import step_channels
from .backends import registry
from .backends.llm_options import CallBudget, backend_name, options
from .evolve import ingest_reports, regeneration_schedule
from .evolve.memory import stage as stage_regenerations
from .errors import AeoloopError, ConfigError, Diagnostic, FindingsError, rel
from .express.buildsteps import start_guardrails, step_lint
from .express.lint import project_rules
from .generated import GeneratedStore, Provenance
from .page import Page
from .pagefacts import record as record_facts
from .pagegen import ahead_verdicts, resolve_pages, server_checks, start_resolve
from .project import Project
from .publish import build_lock, checkpoint, fix_dir_mode, recover, remove_scratch
from .publish import publish as publish_outputs
from .quality import Limits
from .render_split import pages_on_cores
from .search_index import search_index_in_pieces
from .state import BuildState, Deferred, Progress, Step
from .tailor.step import step_tailor

if TYPE_CHECKING:
    from .verify.recorded import RecordedForVerify

__all__ = [
    "AFTER_RENDER",
    "ENGINE_STEPS",
    "STEPS",
    "BuildState",
    "Step",
    "execute",
    "prepare",
    "run_build",
    "run_steps",
]

log = logging.getLogger("mkdocs.plugins.aeoloop")


def step_ingest(state: BuildState) -> None:
    """Ingest new files in reports/ (citation and traffic exports) so the plan sees them.

    Never fails the build: a bad report file or a busy store is a warning.
    """
    try:
        state.evolve = ingest_reports(state.project)
    except AeoloopError as err:
        state.diagnostics.append(
            Diagnostic(state.project.settings.reports_dir, None, f"reports not ingested: {err.message}", "warning")
        )
        return
    state.diagnostics.extend(state.evolve.build_diagnostics())


def step_load(state: BuildState) -> None:
    pages, diags = state.project.load_pages(only=state.only)
    state.pages = pages
    state.diagnostics.extend(diags)


def step_generate(state: BuildState) -> None:
    """Every page's artifacts (generated or reused) in ``state.results``: :func:`begin_generate` and its finish."""
    finish, _cancel = begin_generate(state)
    finish()


def start_generate(state: BuildState) -> None:
    """:func:`step_generate` for the pipeline, which runs it before lint: with the built-in
    extractive backend and more than one job, the generate server is forked now and makes the
    stale pages while this process lints (one core was idle during lint, and the server's first
    page, which loads the NLP pipeline, runs alone before its workers fork); the results are
    collected before guardrails (a :class:`~aeoloop.state.Deferred`), in the same order, so the
    outputs and diagnostics are those of lint-then-generate. A lint error stops the server and the
    build as before (nothing was written). Any other backend, or one job: all of generate runs
    after lint, as before (an LLM backend's plan and calls must not start on a page lint rejects)."""
    if state.workers > 1 and registry.built_in_extractive(backend_name(state.project.settings)):
        finish, cancel = begin_generate(state)
    else:
        finish, cancel = partial(step_generate, state), _nothing
    state.deferred.append(Deferred("generate", finish, cancel))


def _nothing() -> None:
    return None


def begin_generate(state: BuildState) -> tuple[Callable[[], None], Callable[[], None]]:
    """Start generate: the backend, the plan, the stale pages found and (many, deterministic
    backend, jobs > 1) the generate server forked. Returns (finish, cancel): ``finish`` collects
    the artifacts into ``state`` (and the diagnostics, in page order); ``cancel`` stops the server."""
    project = state.project
    brand = project.brand
    state.budget = budget = CallBudget.resolve(
        options(project.settings), max_calls=state.max_calls, budget_usd=state.budget_usd
    )
    backend = state.backend  # serve's refresh hands on the deterministic backend of the build before (NLP loaded)
    if backend is None or not backend.deterministic:
        backend = registry.create(backend_name(project.settings), project.settings, brand)
    state.backend = backend
    backend.bind(state)  # the llm backend: brand voice, guardrails, budget, dry run, reports
    order = state.pages
    state.schedule = regeneration_schedule(project, state.pages, backend, budget.max_calls)  # None for extractive
    if state.schedule is not None:  # plan order; the top pages regenerate within max_pages/max_calls
        state.regenerate |= set(state.schedule.forced)
        rank = {uri: i for i, uri in enumerate(state.schedule.order)}
        order = sorted(state.pages, key=lambda p: rank.get(p.src_uri, len(rank)))
    store = GeneratedStore(project.generated_dir, project.root, project.cache_dir)
    store.dates = {page.src_uri: page.date_modified for page in state.pages if page.date_modified}
    state.store = store
    opts = project.settings.options_hash()
    total = len(state.pages)
    provs = {
        page.src_uri: Provenance(
            page=page.src_uri,
            source_hash=page.source_hash,
            backend=backend.name,
            model=backend.model_id(page.lang),
            template_version=backend.template_version,
            brand_rules_hash=brand.rules_hash,
            options_hash=opts,
        )
        for page in state.pages
    }

    def forced(page: Page) -> bool:
        return state.force or page.src_uri in state.regenerate

    # concurrent backends produce every stale page at once (lazy: the others never ask which are stale)
    backend.generate_many(p for p in order if not store.is_fresh(provs[p.src_uri], force=forced(p)))

    # a deterministic backend's stale pages are independent: generated in worker processes
    jobs = state.workers if backend.deterministic else 1
    checks = server_checks(state) if jobs > 1 else None  # the pages the generate server makes are checked there
    if jobs > 1:
        resolving = start_resolve(store, order, provs, backend.generate, forced=forced, jobs=jobs, checks=checks)
        resolve, cancel = resolving.finish, resolving.cancel
    else:
        resolve, cancel = partial(resolve_pages, store, order, provs, backend.generate, forced=forced, jobs=1), _nothing

    def finish() -> None:
        resolved = resolve()
        if checks is not None and project_rules(project).timeouts:  # a voice rule ran out of time in lint: as if
            state.prechecked.clear()  # the server had not checked (guardrail_precheck, had it been asked after lint)
        for i, (page, result) in enumerate(zip(order, resolved), start=1):
            state.results[page.src_uri] = result
            record_facts(store, page.slug, page.facts, page.facts_key)  # for the next build's load (CI: no parse)
            state.diagnostics.extend(result.notes)
            if result.regenerated:
                state.diagnostics.extend(
                    Diagnostic(page.path.relative_to(project.root).as_posix(), None, note, "info")
                    for note in result.artifacts.notes
                )
            state.advance(i, total)
        from .evolve.experiment_publish import apply_to_build  # running experiments: the variant of the build date

        state.diagnostics.extend(apply_to_build(project, state.results, state.pages, state.experiment_text))
        if state.schedule is not None:  # memory of regenerations: the next plans let these pages wait for evidence
            stage_regenerations(
                store,
                state.schedule.as_of,
                state.schedule.lost,
                [(p.slug, p.src_uri) for p in state.pages if state.results[p.src_uri].regenerated],
            )

    return finish, cancel


@contextmanager
def session(project: Project, diagnostics: list[Diagnostic]) -> Iterator[None]:
    """Hold the build lock; first finish what a killed build left (journal, temp folders).

    What recovery did is reported as warnings in ``diagnostics``.
    """
    with build_lock(project.cache_dir, project.root):
        for line in recover(project.root, project.cache_dir):
            diagnostics.append(Diagnostic(f"{project.settings.cache_dir}/", None, line, "warning"))
        try:
            yield
        finally:  # a failed build's staged files (channel files made in workers) go with it
            remove_scratch(project.cache_dir)


def step_paths(state: BuildState) -> None:
    """No symlink out of the project in content/, brand/ or generated/ (nothing read or written through it)."""
    state.project.check_symlinks()


def step_render(state: BuildState) -> None:
    """Run MkDocs (with our plugin fed this state) into a temporary site folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    project = state.project
    project.cache_dir.mkdir(parents=True, exist_ok=True)
    state.site_tmp = Path(tempfile.mkdtemp(prefix="site-", dir=project.cache_dir))
    state.site_out = state.site_tmp
    fix_dir_mode(state.site_tmp)  # mkdtemp makes it 0700; the published site gets the normal mode
    if state.verifies and state.workers > 1:  # pages missing from verify's cache are read back during the render
        from .verify.prefetch import Prefetch  # lazy: lxml (see step_verify)

        state.pages_written = Prefetch(
            state.site_tmp,
            site_url=project.site_url,
            jobs=state.workers,
            cache_path=_verify_cache(project),
            limits=Limits.from_settings(project.settings),
            exclude=VERIFY_EXCLUDE,
            **_recorded(state),
        )
    try:
        config = load_config(str(project.config_file), site_dir=str(state.site_tmp), strict=state.strict)
        plugin = config.plugins.get("aeoloop")
        if plugin is None:
            raise ConfigError("the aeoloop plugin is not enabled in mkdocs.yml; add `- aeoloop` under `plugins:`")
        plugin.state = state
        # MkDocs caches plugin instances per process (Plugins.plugin_cache): one that prepared its own state in an
        # earlier in-process `mkdocs build` would drop this state in on_pre_build and generate everything again
        plugin._own_state = False
        plugin._command = "build"  # (a cached instance keeps the command of its last on_startup: an in-process serve's)
        with pages_on_cores(config, plugin, state.workers), search_index_in_pieces(config):  # both cores; no big str
            mkdocs_build(config)
    except BaseException as err:
        _close_prefetch(state)
        shutil.rmtree(state.site_tmp, ignore_errors=True)
        if not isinstance(err, MkDocsException):
            raise
        if isinstance(cause := err.__cause__ or err.__context__, AeoloopError):
            raise cause from None
        raise AeoloopError(f"mkdocs build failed: {err}") from None


VERIFY_EXCLUDE = ("*channels/*.html",)  # published channel derivatives (newsletter.html) are not site pages


def _verify_cache(project: Project) -> Path:
    return project.cache_dir / "verify-cache.json"


def _close_prefetch(state: BuildState) -> None:
    sink, state.pages_written = state.pages_written, None
    if sink is not None:
        sink.close()


def step_verify(state: BuildState) -> None:
    """Read the rendered site back as a crawler would. Errors stop the build before publish when
    ``verify: error`` (the default) or ``--strict``; ``--no-verify`` or ``verify: off`` skip it."""
    from .verify import verify_site  # lazy: `mkdocs serve` never verifies; verify/ pulls in extruct and lxml
    from .verify.prefetch import Prefetch  # lazy: as above
    from .verify.recorded import record_report  # lazy: as above

    project = state.project
    if not state.verifies:
        return
    assert state.site_out is not None, "verify runs after render"
    sink = state.pages_written
    fresh_clone = not _verify_cache(project).exists()  # (verify_site writes it)
    try:
        report = verify_site(
            state.site_out,
            site_url=project.site_url,
            jobs=state.workers,  # MkDocs is done, the cores are free (small sites stay in-process)
            cache_path=_verify_cache(project),
            exclude=VERIFY_EXCLUDE,
            limits=Limits.from_settings(project.settings),  # the contract's word limits are the project's options
            prefetch=sink if isinstance(sink, Prefetch) else None,  # what the render started
            **_recorded(state),
        )
    finally:
        _close_prefetch(state)
    state.report = report
    record_report(state, report, refresh=not fresh_clone)  # verdicts and read-backs, for the next build (CI)
    if not report.errors or not (project.settings.verify == "error" or state.strict):
        return
    findings = [
        Diagnostic(f.page, None, f"[{f.check}] {f.message}", f.level) for f in report.findings if f.level == "error"
    ]
    if state.site_tmp is None:  # plain `mkdocs build`: MkDocs wrote site_dir in place
        raise FindingsError(
            f"verify found {report.errors} error(s); generated/ was left as it was "
            "(MkDocs wrote the site in place: `aeoloop build` keeps the previous site/ instead)",
            findings,
        )
    failed = project.cache_dir / "failed-site"
    shutil.rmtree(failed, ignore_errors=True)
    state.site_tmp.rename(failed)
    fix_dir_mode(failed)
    state.site_tmp = state.site_out = None
    raise FindingsError(
        f"verify found {report.errors} error(s); site/ and generated/ were left as they were. "
        f"The failed build is in {failed.relative_to(project.root)} for inspection.",
        findings,
    )


def _recorded(state: BuildState) -> RecordedForVerify:
    from .verify.recorded import recorded_for_verify  # lazy: as step_verify

    return recorded_for_verify(state, ahead_verdicts(state.prechecked))


def step_publish(state: BuildState) -> None:
    """Swap the new site into place (when render built into a temporary folder) and apply the
    staged generated/ writes, only after everything passed, as one journaled transaction: all
    change, or nothing does."""
    project = state.project
    files = dict(state.store.pending) if state.store is not None else {}
    site = (state.site_tmp, project.site_dir) if state.site_tmp is not None else None
    state.written = publish_outputs(project.root, project.cache_dir, files, site=site, allowed=[project.generated_dir])
    if state.site_tmp is not None:
        state.site_tmp = state.site_out = None
    if state.store is not None:
        state.store.clear()
    state.committed = True


ENGINE_STEPS: tuple[Step, ...] = (
    Step("paths", step_paths),
    Step("ingest", step_ingest),
    Step("load", step_load),
    Step("generate", start_generate),
    Step("lint", step_lint, overlaps=True),
    Step("guardrails", start_guardrails),
    Step("channels", step_channels, overlaps=True),
    Step("tailor", step_tailor, overlaps=True),
)
"""The engine: everything the site generator needs before pages render (no MkDocs here). The
guardrails' checks of changed pages go on in worker processes during channels, tailor and render."""
RENDER = Step("render", step_render, overlaps=True)
AFTER_RENDER: tuple[Step, ...] = (Step("verify", step_verify), Step("publish", step_publish))
STEPS: tuple[Step, ...] = (*ENGINE_STEPS, RENDER, *AFTER_RENDER)
"""The whole build, in order. ``aeoloop build`` runs all of it; see the module docstring for plain MkDocs."""


def run_steps(state: BuildState, steps: Iterable[Step]) -> BuildState:
    """Run ``steps`` in order on ``state``: the one place that times steps and names their progress.

    Work a step deferred (:class:`~aeoloop.state.Deferred`) is finished before the first later step
    that does not overlap it, and at the end: the state a caller gets back is complete. A failing
    step cancels it."""
    try:
        for step in steps:
            if not step.overlaps:
                _join(state)
            state.current_step = step.name
            started = time.perf_counter()
            # What is alive now (modules, pages, artifacts) leaves the cyclic collector until the steps
            # end: its full passes walked it all (warm, 1,000 pages: 0.56 CPU-s, plain MkDocs 0.24; now ~0.3)
            gc.freeze()
            step.run(state)
            state.timings[step.name] = time.perf_counter() - started
            checkpoint(f"step:{step.name}")
        _join(state)
    except BaseException:
        while state.deferred:
            state.deferred.pop(0).cancel()
        raise
    finally:
        gc.unfreeze()  # a garbage cycle among the frozen objects is collected from here on
    state.current_step = ""
    return state


def _join(state: BuildState) -> None:
    """Finish deferred work, the latest started first (:meth:`BuildState.finish_deferred`); the
    wait is added to its step's time."""
    state.finish_deferred()


def prepare(state: BuildState) -> BuildState:
    """The engine part: everything the MkDocs plugin needs before pages render."""
    return run_steps(state, ENGINE_STEPS)


def run_build(
    project: Project,
    *,
    strict: bool = False,
    force: bool = False,
    verify: bool = True,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> BuildState:
    """The whole build (:data:`STEPS`). Raises on failure, outputs untouched."""
    return execute(BuildState(project, strict=strict, force=force, verify=verify, progress=progress, jobs=jobs))


def execute(state: BuildState) -> BuildState:
    """Run the whole build on a state the caller holds, so it can report the diagnostics
    collected so far even when a later step fails."""
    project = state.project
    try:
        with session(project, state.diagnostics):
            try:
                run_steps(state, STEPS)
            finally:
                _close_prefetch(state)
                if state.site_tmp is not None:
                    shutil.rmtree(state.site_tmp, ignore_errors=True)
    except OSError as err:  # a full disk or an unreadable file anywhere before publish (publish has its own errors)
        where = f"{rel(Path(err.filename), project.root)}: " if err.filename else ""
        raise AeoloopError(
            f"{where}{err.strerror or err}; the build stopped and site/ and generated/ were left as they were"
        ) from None
    return state
