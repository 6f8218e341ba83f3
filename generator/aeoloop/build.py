"""The build pipeline as an ordered list of named steps over one :class:`BuildState`.

``load → generate → render → verify → publish``. The first two are the engine and need no
MkDocs; the MkDocs plugin runs them itself when MkDocs is started directly (``mkdocs
build``/``serve``). ``render`` builds into a temporary folder and ``verify`` checks that folder;
only then does :mod:`aeoloop.publish` swap ``site/`` and apply the staged ``generated/`` writes
as one journaled transaction, so a failed or killed build leaves the previous outputs (or,
after recovery, the next ones) and never a mix.

Every build holds the project's build lock and first recovers what a killed build left
(:func:`session`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from contextlib import contextmanager

from .backends import registry
from .errors import AeoloopError, ConfigError, Diagnostic, FindingsError, rel
from .generated import GeneratedStore, PageResult, Provenance
from .page import Page
from .project import Project
from .publish import build_lock, checkpoint, fix_dir_mode, publish as publish_outputs, recover

log = logging.getLogger("mkdocs.plugins.aeoloop")


@dataclass
class BuildState:
    project: Project
    strict: bool = False
    force: bool = False
    verify: bool = True
    progress: Callable[[str, int, int], None] | None = None
    dry_run: bool = False  # plan only: no LLM call, nothing written
    regenerate: set[str] = field(default_factory=set)  # src_uris the Evolve plan asks to regenerate even if unchanged
    channels: list[str] | None = None  # only these channel derivatives (None: every enabled one)
    max_calls: int | None = None  # LLM calls for this run (overrides plugins.aeoloop.llm.max_calls)
    budget_usd: float | None = None  # LLM spend for this run (overrides plugins.aeoloop.llm.budget_usd)
    backend: Any = None
    channel_results: dict[str, dict[str, str]] = field(default_factory=dict)
    tailor: dict[str, dict[str, Any]] = field(default_factory=dict)  # src_uri -> audience id -> tailor.variant.Variant
    pages: list[Page] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    results: dict[str, PageResult] = field(default_factory=dict)
    store: GeneratedStore | None = None
    site_tmp: Path | None = None
    report: Any = None
    written: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    committed: bool = False
    evolve: Any = None  # evolve.IngestSummary: reports/ files ingested at the start of the build
    schedule: Any = None  # evolve.budget.Schedule: plan order and budget (non-deterministic backends)
    _by_uri: dict[str, Page] = field(default_factory=dict, repr=False)

    @property
    def regenerated(self) -> int:
        return sum(1 for r in self.results.values() if r.regenerated)

    def page(self, src_uri: str) -> Page | None:
        if len(self._by_uri) != len(self.pages):
            self._by_uri = {p.src_uri: p for p in self.pages}
        return self._by_uri.get(src_uri)


def options_hash(project: Project) -> str:
    data = project.settings.model_dump(mode="json", include={"summary", "faq", "keyphrases"})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def step_ingest(state: BuildState) -> None:
    """Ingest new files in reports/ (citation and traffic exports) so the plan sees them.

    Never fails the build: a bad report file or a busy store is a warning.
    """
    from .evolve import ingest_reports

    try:
        state.evolve = ingest_reports(state.project)
    except AeoloopError as err:
        state.diagnostics.append(Diagnostic(state.project.settings.reports_dir, None, f"reports not ingested: {err.message}", "warning"))
        return
    state.diagnostics.extend(state.evolve.build_diagnostics())


def step_load(state: BuildState) -> None:
    pages, diags = state.project.load_pages()
    state.pages = pages
    state.diagnostics.extend(diags)


def step_generate(state: BuildState) -> None:
    from .backends.llm_options import backend_name

    project = state.project
    brand = project.brand
    backend = registry.create(backend_name(project.settings), project.settings, brand)
    state.backend = backend
    if hasattr(backend, "bind"):  # the llm backend: brand voice, guardrails, budget, dry run, reports
        backend.bind(state)
    from .evolve import regeneration_schedule

    order = state.pages
    state.schedule = regeneration_schedule(project, state.pages, backend, state.max_calls)  # None for extractive
    if state.schedule is not None:  # plan order; the top pages regenerate within max_pages/max_calls
        state.regenerate |= set(state.schedule.forced)
        rank = {uri: i for i, uri in enumerate(state.schedule.order)}
        order = sorted(state.pages, key=lambda p: rank.get(p.src_uri, len(rank)))
    store = GeneratedStore(project.generated_dir, project.root, project.cache_dir)
    state.store = store
    opts = options_hash(project)
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

    if hasattr(backend, "generate_many"):  # concurrent backends produce every stale page at once
        backend.generate_many([p for p in order if not store.is_fresh(provs[p.src_uri], force=forced(p))])
    for i, page in enumerate(order, start=1):
        prov = provs[page.src_uri]
        result = store.resolve(prov, lambda page=page: backend.generate(page), force=forced(page))
        state.results[page.src_uri] = result
        state.diagnostics.extend(result.notes)
        if result.regenerated:
            state.diagnostics.extend(Diagnostic(page.path.relative_to(project.root).as_posix(), None, note, "info") for note in result.artifacts.notes)
        if state.progress:
            state.progress("generate", i, total)
    from .evolve.experiments import apply_to_build  # running experiments: the variant of the build date

    state.diagnostics.extend(apply_to_build(project, state.results, {p.src_uri: p.lang for p in state.pages}))
    if state.schedule is not None:  # memory of regenerations: the next plans let these pages wait for evidence
        from .evolve.memory import stage

        stage(store, state.schedule.as_of, state.schedule.lost,
              [(p.slug, p.src_uri) for p in state.pages if state.results[p.src_uri].regenerated])


@contextmanager
def session(project: Project, diagnostics: list[Diagnostic]) -> Iterator[None]:
    """Hold the build lock; first finish what a killed build left (journal, temp folders).

    What recovery did is reported as warnings in ``diagnostics``.
    """
    with build_lock(project.cache_dir, project.root):
        for line in recover(project.root, project.cache_dir):
            diagnostics.append(Diagnostic(f"{project.settings.cache_dir}/", None, line, "warning"))
        yield


def step_paths(state: BuildState) -> None:
    """No symlink out of the project in content/, brand/ or generated/ (nothing read or written through it)."""
    state.project.check_symlinks()


def prepare(state: BuildState) -> BuildState:
    """The engine part: everything the MkDocs plugin needs before pages render."""
    from .amplify.channels.step import step_channels
    from .express.buildsteps import step_guardrails, step_lint
    from .tailor.step import step_tailor

    steps = (("paths", step_paths), ("ingest", step_ingest), ("load", step_load), ("lint", step_lint), ("generate", step_generate),
             ("guardrails", step_guardrails), ("channels", step_channels), ("tailor", step_tailor))
    for name, step in steps:
        started = time.perf_counter()
        step(state)
        state.timings[name] = time.perf_counter() - started
        checkpoint(f"step:{name}")
    return state


def step_render(state: BuildState) -> None:
    """Run MkDocs (with our plugin fed this state) into a temporary site folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    project = state.project
    project.cache_dir.mkdir(parents=True, exist_ok=True)
    state.site_tmp = Path(tempfile.mkdtemp(prefix="site-", dir=project.cache_dir))
    fix_dir_mode(state.site_tmp)  # mkdtemp makes it 0700; the published site gets the normal mode
    try:
        config = load_config(str(project.config_file), site_dir=str(state.site_tmp), strict=state.strict)
        plugin = config.plugins.get("aeoloop")
        if plugin is None:
            raise ConfigError("the aeoloop plugin is not enabled in mkdocs.yml; add `- aeoloop` under `plugins:`")
        plugin.state = state  # type: ignore[attr-defined]
        # MkDocs caches plugin instances per process (Plugins.plugin_cache): one that prepared its own state in an
        # earlier in-process `mkdocs build` would drop this state in on_pre_build and generate everything again
        plugin._own_state = False  # type: ignore[attr-defined]
        mkdocs_build(config)
    except MkDocsException as err:
        shutil.rmtree(state.site_tmp, ignore_errors=True)
        cause = err.__cause__ or err.__context__
        if isinstance(cause, AeoloopError):
            raise cause from None
        raise AeoloopError(f"mkdocs build failed: {err}") from None
    except BaseException:
        shutil.rmtree(state.site_tmp, ignore_errors=True)
        raise


def step_verify(state: BuildState) -> None:
    from .quality import Limits
    from .verify import verify_site

    project = state.project
    assert state.site_tmp is not None
    state.report = verify_site(
        state.site_tmp,
        site_url=project.site_url,
        jobs=0,  # one process per core: MkDocs is done, the cores are free (small sites stay in-process)
        cache_path=project.cache_dir / "verify-cache.json",
        exclude=("*channels/*.html",),  # published channel derivatives (newsletter.html) are not site pages
        limits=Limits.from_settings(project.settings),  # the contract's word limits are the project's options
    )


def publish(state: BuildState) -> None:
    """Swap the new site into place and apply generated/ (only after everything passed), as one
    journaled transaction: both change, or neither."""
    project = state.project
    assert state.site_tmp is not None
    files = dict(state.store.pending) if state.store is not None else {}
    state.written = publish_outputs(project.root, project.cache_dir, files, site=(state.site_tmp, project.site_dir),
                                    allowed=[project.generated_dir])
    state.site_tmp = None
    if state.store is not None:
        state.store.pending.clear()
    state.committed = True


def run_build(project: Project, *, strict: bool = False, force: bool = False, verify: bool = True,
              progress: Callable[[str, int, int], None] | None = None) -> BuildState:
    """The whole build: generate → render → verify → publish. Raises on failure, outputs untouched."""
    return execute(BuildState(project, strict=strict, force=force, verify=verify, progress=progress))


def execute(state: BuildState) -> BuildState:
    """Run the whole build on a state the caller holds, so it can report the diagnostics
    collected so far even when a later step fails."""
    project = state.project
    try:
        with session(project, state.diagnostics):
            _run(state)
    except OSError as err:  # a full disk or an unreadable file anywhere before publish (publish has its own errors)
        where = f"{rel(Path(err.filename), project.root)}: " if err.filename else ""
        raise AeoloopError(f"{where}{err.strerror or err}; the build stopped and site/ and generated/ were left as they were") from None
    return state


def _run(state: BuildState) -> None:
    project, strict, verify = state.project, state.strict, state.verify
    prepare(state)
    started = time.perf_counter()
    step_render(state)
    state.timings["render"] = time.perf_counter() - started
    checkpoint("step:render")
    try:
        if verify and project.settings.verify != "off":
            started = time.perf_counter()
            step_verify(state)
            state.timings["verify"] = time.perf_counter() - started
            checkpoint("step:verify")
            errors = state.report.errors if state.report else 0
            if errors and (project.settings.verify == "error" or strict):
                failed = project.cache_dir / "failed-site"
                shutil.rmtree(failed, ignore_errors=True)
                assert state.site_tmp is not None
                state.site_tmp.rename(failed)
                fix_dir_mode(failed)
                state.site_tmp = None
                raise FindingsError(
                    f"verify found {errors} error(s); site/ and generated/ were left as they were. "
                    f"The failed build is in {failed.relative_to(project.root)} for inspection.",
                    [Diagnostic(f.page, None, f"[{f.check}] {f.message}", f.level) for f in state.report.findings if f.level == "error"],
                )
        publish(state)
    finally:
        if state.site_tmp is not None:
            shutil.rmtree(state.site_tmp, ignore_errors=True)
