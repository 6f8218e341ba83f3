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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .amplify.channels.step import step_channels
from .evolve import ingest_reports
from .errors import AeoloopError, ConfigError, Diagnostic, FindingsError, forget_paths, rel
from .express.buildsteps import start_guardrails, step_lint
from .pagegen import ahead_verdicts, start_generate, step_generate
from .project import Project
from .publish import build_lock, checkpoint, fix_dir_mode, recover, remove_scratch
from .publish import publish as publish_outputs
from .quality import Limits
from .render_split import pages_on_cores
from .search_index import search_index_in_pieces
from .state import BuildState, Progress, Step
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
    "step_generate",
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
            use_directory_urls=project.use_directory_urls,
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
            use_directory_urls=project.use_directory_urls,
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
    forget_paths()  # messages name files as the file system has them now (errors.rel's memo)
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
