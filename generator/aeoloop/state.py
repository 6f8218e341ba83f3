"""What one build knows, step by step: :class:`BuildState`, the :class:`Step` type of the pipeline,
and the :class:`Backend` protocol of the backend the state holds.

Every field is declared here, with the step that fills it; a step reads what earlier steps wrote
and adds its own. This module sits at the bottom of the package: it imports nothing from aeoloop
at run time (the types of the fields are imported for type checking only), so any phase may
import it without reaching upward.

The order of the steps is in :mod:`aeoloop.build`; the runner there times every step and names
the one a ``progress`` report comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # types only (this module stays cheap to import); all from this layer or below
    from .errors import Diagnostic
    from .generated import Generated, GeneratedStore, PageResult
    from .page import Page
    from .produced import IngestOutcome, LintFinding, ModelSession, Prechecked, Schedule, Variant, VerifyOutcome
    from .project import Project
    from .settings.llm import CallBudget

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: how far a step is (the CLI draws one bar per step)."""


class Backend(Protocol):
    """Every member the build, the plan and the reports use of the backend the state holds.

    Backends are registered by name in :mod:`aeoloop.backends.registry` (whose ``BaseBackend``
    has the defaults); one that writes channel derivatives itself also subclasses
    :class:`aeoloop.amplify.channels.producer.ChannelProducer`. The protocol is declared here,
    with the state, so the state needs nothing from the phases above it.
    """

    name: str  # the registered name, recorded in provenance
    template_version: str  # part of every artifact's cache key
    deterministic: bool  # same inputs, same output: the Evolve plan never forces regeneration
    calls_per_page: int  # model calls one page costs (the plan's budget arithmetic)

    def model_id(self, lang: str) -> str:
        """What produces a page in ``lang`` (model and parameters), part of the cache key."""
        ...

    def bind(self, state: BuildState) -> None:
        """Called once before generating: the run's options, project and diagnostics."""
        ...

    def generate_many(self, pages: Iterable[Page]) -> None:
        """Produce the stale ``pages`` ahead (concurrently); :meth:`generate` then hands them out.
        ``pages`` is lazy: a backend that does not iterate it costs no freshness check."""
        ...

    def generate(self, page: Page) -> Generated:
        """The page's artifacts; or (artifacts, provenance) when something else made them (a
        fallback); or None to keep the last good files (see ``GeneratedStore.resolve``)."""
        ...

    def outcomes(self) -> Mapping[str, str]:
        """src_uri -> what happened to the page's artifacts, for the generate table ({}: nothing to add)."""
        ...


@dataclass
class BuildState:
    """One build's inputs (the options a command was given) and what its steps produced."""

    project: Project
    # -- options of the run ----------------------------------------------------------------------
    strict: bool = False  # fail on MkDocs warnings and on any verify error
    force: bool = False  # regenerate every unlocked artifact
    verify: bool = True  # False: `--no-verify` (the verify step does nothing)
    progress: Progress | None = None
    dry_run: bool = False  # plan only: no LLM call, nothing written (`aeoloop generate --dry-run`)
    regenerate: set[str] = field(default_factory=set)  # src_uris to regenerate even if unchanged (the plan adds to it)
    channels: list[str] | None = None  # only these channel derivatives (None: every enabled one)
    max_calls: int | None = None  # `--max-calls`: overrides plugins.aeoloop.llm.max_calls for this run
    budget_usd: float | None = None  # `--budget-usd`: overrides plugins.aeoloop.llm.budget_usd for this run
    jobs: int | None = (
        None  # `-j`: worker processes for per-page work (overrides plugins.aeoloop.jobs; None/0: one per core)
    )
    only: list[tuple[str, Path]] | None = None  # `--pages`: load only these pages (src_uri, path); None: every page
    partial: bool = False  # `pages` is a few of the site's pages (serve's refresh): caches keep the others' entries
    # `aeoloop build`: the render lets go of each page's file text and parsed sections once the page's
    # HTML is made (no step after the render reads them; the build's peak memory comes in the render)
    lean_render: bool = False
    # -- filled by the steps, in pipeline order ------------------------------------------------
    evolve: IngestOutcome | None = None  # ingest: reports/ files ingested at the start of the build
    pages: list[Page] = field(default_factory=list)  # load
    # lint: src_uri -> (key, findings) of each page, recorded in its manifest after generate (express.verdicts)
    lint_found: dict[str, tuple[str, list[LintFinding]]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # every step: warnings and notes, in order
    budget: CallBudget | None = None  # generate: the run's one call budget (options and flags resolved once)
    backend: Backend | None = None  # generate: the backend chosen by name
    llm_session: ModelSession | None = None  # generate: the llm backend's calls, tokens and spend (None otherwise)
    schedule: Schedule | None = None  # generate: plan order and budget (non-deterministic backends only)
    store: GeneratedStore | None = None  # generate: generated/ with the writes staged until publish
    results: dict[str, PageResult] = field(default_factory=dict)  # generate: src_uri -> artifacts and provenance
    # generate (in its server's workers): src_uri -> the guardrail findings of the artifacts it made
    prechecked: dict[str, Prechecked] = field(default_factory=dict)
    channel_results: dict[str, dict[str, str]] = field(default_factory=dict)  # channels: src_uri -> channel -> action
    # generate: src_uri -> element (title, intro) -> the experiment variant the renderer shows (evolve.experiment_publish)
    experiment_text: dict[str, dict[str, str]] = field(default_factory=dict)
    tailor: dict[str, dict[str, Variant]] = field(default_factory=dict)  # tailor: src_uri -> audience id -> variant
    site_tmp: Path | None = None  # render (`aeoloop build`): the temporary folder MkDocs built into
    site_out: Path | None = None  # render: the folder verify reads (site_tmp, or site_dir under plain `mkdocs build`)
    pages_written: PageSink | None = None  # render: told about every page MkDocs writes (verify starts on them)
    report: VerifyOutcome | None = None  # verify
    written: list[Path] = field(default_factory=list)  # publish: files written to generated/
    committed: bool = False  # publish: generated/ (and site/) are in place
    # -- kept by the runner --------------------------------------------------------------------
    timings: dict[str, float] = field(default_factory=dict)  # step name -> seconds
    deferred: list[Deferred] = field(default_factory=list, repr=False)  # work steps left running in the background
    current_step: str = ""  # the step running now (names its progress reports)
    _by_uri: dict[str, Page] = field(default_factory=dict, repr=False)

    @property
    def workers(self) -> int:
        """Processes for per-page work: ``-j``, else ``plugins.aeoloop.jobs``, else one per core."""
        from .parallel import resolve_jobs  # lazy: this module imports nothing from aeoloop at run time

        return resolve_jobs(self.jobs if self.jobs is not None else self.project.settings.jobs)

    @property
    def verifies(self) -> bool:
        """The build reads its site back (verify): not ``--no-verify``, not ``verify: off``."""
        return self.verify and self.project.settings.verify != "off"

    @property
    def regenerated(self) -> int:
        return sum(1 for r in self.results.values() if r.regenerated)

    def page(self, src_uri: str) -> Page | None:
        if len(self._by_uri) != len(self.pages):
            self._by_uri = {p.src_uri: p for p in self.pages}
        return self._by_uri.get(src_uri)

    def advance(self, done: int, total: int) -> None:
        """Report progress within the running step (the runner names the step)."""
        if self.progress is not None:
            self.progress(self.current_step, done, total)

    def finish_deferred(self, step: str | None = None) -> None:
        """Finish deferred work now, the latest started first: all of it, or (``step``) that
        step's and whatever started after it. The wait counts as the step's time.

        Why the latest first: each piece puts its diagnostics where its step stood in the list
        (a fixed index, as the step would have in one process); finishing a later step's work
        first leaves the indices of the earlier ones valid. The MkDocs plugin asks for the
        channels' work before it copies channel files into the site (``publish: true``)."""
        if step is not None and all(work.step != step for work in self.deferred):
            return
        import time  # (this module imports nothing else at run time)

        running = self.current_step
        while self.deferred:
            work = self.deferred.pop()
            self.current_step = work.step  # (left so when it fails: the failing step)
            started = time.perf_counter()
            work.finish()
            self.timings[work.step] = self.timings.get(work.step, 0.0) + time.perf_counter() - started
            if work.step == step:
                break
        self.current_step = running


StepFn = Callable[[BuildState], None]


class PageSink(Protocol):
    """What the render tells about the pages it writes (:class:`aeoloop.verify.prefetch.Prefetch`)."""

    def written(self, rel: str) -> None:
        """MkDocs has written ``<site>/rel`` (a POSIX path relative to the site folder)."""

    def close(self) -> None:
        """No more pages: stop what was started for them."""


@dataclass(frozen=True)
class Deferred:
    """Work a step started in worker processes and finishes later (:func:`aeoloop.build.run_steps`
    calls ``finish`` before the next step that does not overlap it, ``cancel`` when the build fails):
    the guardrails check every page of a CI build while the channels, tailor and render steps run."""

    step: str  # the step that started it: the time spent waiting for it counts as that step's
    finish: Callable[[], None]
    cancel: Callable[[], None]


@dataclass(frozen=True)
class Step:
    """One named step of the pipeline: reads and fills a :class:`BuildState`.

    ``overlaps``: the step reads nothing that deferred work of earlier steps fills in (their
    findings), so that work may go on in the background while it runs."""

    name: str
    run: StepFn
    overlaps: bool = False
