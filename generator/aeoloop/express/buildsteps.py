"""Build steps of the Express phase, for the pipeline in ``aeoloop.build``.

- :func:`step_lint` (after ``load``): checks every page; lint errors stop the build before any
  output is touched (FindingsError, exit 1); an invalid rule file stops it too (ConfigError,
  exit 2); warnings and suggestions are reported as diagnostics.
- :func:`step_guardrails` (after ``generate``): checks every page's generated summary,
  takeaways and FAQ with the same rules and with the quality contract (:mod:`aeoloop.quality`),
  and attaches the violations to the build as warnings (suggestions as info), per page, pointing
  into ``generated/<page>/<file>``. The pipeline runs it as :func:`start_guardrails`: the checks
  go on in worker processes during the channels, tailor and render steps. Pages generated in the
  generate server were checked there already (:func:`guardrail_precheck`: the same check on the
  same artifacts, where the contract's word tables are loaded anyway), and those findings are
  taken for the same key: a cold build then starts no guardrails worker.

A rule pattern that runs out of time is skipped and reported once per build as a warning
naming its rule file and line (the build goes on; ``aeoloop lint`` reports it as an error).
Findings computed while a rule was skipped are not cached nor recorded, so the next build checks again.
Lint and guardrail findings are recorded in each page's manifest (:mod:`aeoloop.express.verdicts`), so
a fresh clone (CI) reports them without checking again; lint's are also in ``.aeoloop/lint-cache.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..artifacts import PageArtifacts
from ..errors import ConfigError, Diagnostic, FindingsError, rel
from .. import parallel
from ..page import Page
from ..produced import GuardrailFinding, LintFinding, Prechecked
from ..quality import Limits
from ..state import BuildState, Deferred
from .lint import RuleSet, lint_page, project_rules
from .verdicts import (
    code_version,
    level_of,
    lint_finding,
    lint_key,
    lint_version,
    page_key,
    read_findings,
    record,
    record_lint,
    recorded,
    recorded_lint,
)

_DIAG_LEVEL = {"error": "error", "warning": "warning", "suggestion": "info"}


def step_lint(state: BuildState) -> None:
    project = state.project
    ruleset = project_rules(project)
    if ruleset.errors:
        raise ConfigError("invalid voice rules (brand/voice.yml or brand/vale/)", ruleset.diagnostics)
    state.diagnostics.extend(ruleset.diagnostics)
    version = lint_version(project)
    cache = FindingsCache(project.cache_dir / "lint-cache.json", version)
    errors: list[Diagnostic] = []
    for page in state.pages:
        display = rel(page.path, project.root)
        key = lint_key(version, page.source_hash, display)
        found = cache.get(page.src_uri, page.source_hash)
        if found is None:  # what the build that wrote generated/ found (committed: CI parses nothing unchanged)
            found = recorded_lint(project.generated_dir, page.slug, key)
            if found is not None:
                cache.put(page.src_uri, page.source_hash, found)
        if found is None:
            found = [
                LintFinding(v.line, v.rule, v.message, v.suggestion, level_of(v.level))
                for v in lint_page(page, ruleset, display)
            ]
            if not ruleset.timeouts:
                cache.put(page.src_uri, page.source_hash, found)
        state.lint_found[page.src_uri] = (key, found)
        for f in found:
            text = f"[{f.rule}] {f.message}" + (f" ({f.suggestion})" if f.suggestion else "")
            (errors if f.level == "error" else state.diagnostics).append(
                Diagnostic(display, f.line, text, _DIAG_LEVEL[f.level])
            )
    cache.save(None if state.partial else {p.src_uri for p in state.pages})
    if ruleset.timeouts:  # findings computed with a rule skipped are not recorded (the next build checks again)
        state.lint_found.clear()
    _report_timeouts(state, ruleset)
    if errors:
        raise FindingsError(
            f"lint found {len(errors)} error(s); fix them (`aeoloop lint` lists them, `aeoloop lint --fix` applies "
            "substitutions) before the site is built",
            errors,
        )


def step_guardrails(state: BuildState) -> None:
    """Check the generated text of every changed page; the findings are in ``state`` on return."""
    _guardrails(state, defer=False)


def start_guardrails(state: BuildState) -> None:
    """:func:`step_guardrails` for the pipeline: the checks go on in worker processes while the
    next steps run, and :func:`aeoloop.build.run_steps` collects them before the first step that
    does not overlap (verify), in the same place among the diagnostics."""
    _guardrails(state, defer=True)


def _guardrails(state: BuildState, *, defer: bool) -> None:
    project = state.project
    ruleset = project_rules(project)
    generated = project.settings.generated_dir
    limits = Limits.from_settings(project.settings)
    version = code_version(project)
    store = state.store
    for page in state.pages:  # the lint findings of each page's source go into its manifest too (CI reads them)
        if page.src_uri in state.lint_found:
            record_lint(store, page.slug, state.lint_found[page.src_uri])
    found_by: dict[str, list[GuardrailFinding]] = {}
    todo: list[_Unchecked] = []
    prechecked: list[tuple[str, str, list[GuardrailFinding]]] = []  # (slug, key, findings) to record
    for page in state.pages:
        result = state.results.get(page.src_uri)
        if result is None:
            continue
        art = result.artifacts
        headings = page.facts.heading_lines()
        folder = f"{generated}/{page.slug}"
        key = page_key(version, page, art, headings, limits, folder)
        # what the build that wrote generated/ found (committed: CI checks nothing that did not change)
        found = recorded(store, page.slug, key)
        pre = state.prechecked.get(page.src_uri)
        if found is None and pre is not None and _same_check(pre, key, art) and not ruleset.timeouts:
            found = pre.found  # checked where it was generated: the same check of the same texts
            prechecked.append((page.slug, key, found))
        if found is None:
            todo.append(_Unchecked(page, art, headings, key))
        else:
            found_by[page.src_uri] = found
    # Pages to check (every page whose text, rules or checking code changed) are independent:
    # checked in forked workers, so the quality contract's word tables load there and not in this
    # process, which goes on to render the site (peak memory), and both cores share the work. Their
    # findings are only read at the end of the build: the workers go on while this process runs the
    # channels, tailor and render steps (a Deferred; run_steps collects it before verify).
    check = _Check(ruleset, generated, limits)
    if todo:  # the checks' modules (the quality contract) load here, once, before the workers fork
        from . import guardrails  # noqa: F401  (lazy: a build with every verdict recorded never checks)
    at = len(state.diagnostics)  # the findings go where this step would have put them: the same order
    # Workers: one fewer than the cores (at least one), as this process renders meanwhile; each
    # worker loads the contract's word tables (~0.5 CPU-s), so more workers cost more than they save.
    pending = parallel.start_ordered(check, todo, max(1, state.workers - 1) if state.workers > 1 else 0)

    def finish() -> None:
        for slug, key, found in prechecked:
            record(store, slug, key, found)
        for item, (found, timed_out) in zip(todo, pending.result()):
            for index, diag in timed_out:  # a rule that ran out of time in a worker is skipped here too
                if ruleset.rules[index].timed_out is None:
                    ruleset.rules[index].timed_out = diag
            trusted = not timed_out and not ruleset.timeouts  # findings without a skipped rule are recorded
            record(store, item.page.slug, item.key, found if trusted else None)
            found_by[item.page.src_uri] = found
        diags: list[Diagnostic] = []
        for page in state.pages:
            for f in found_by.get(page.src_uri, []):
                level = "info" if f.level == "suggestion" else "warning"
                diags.append(Diagnostic(f.file, f.line, f"generated text: [{f.rule}] {f.message}", level))
        diags += [d for d in _timeouts(ruleset) if d not in state.diagnostics and d not in diags]
        state.diagnostics[at:at] = diags

    if not todo or not defer:
        finish()
    else:
        state.deferred.append(Deferred("guardrails", finish, pending.cancel))


def guardrail_precheck(state: BuildState) -> Callable[[Page, PageArtifacts], Prechecked | None] | None:
    """The guardrails' check of one page's artifacts, for the process that generated them (the
    generate server and its workers: :func:`aeoloop.pagegen.resolve_pages`); None when a rule ran
    out of time in lint (then nothing is recorded, and the guardrails step checks as before)."""
    project = state.project
    ruleset = project_rules(project)
    if ruleset.timeouts:
        return None
    check = _Check(ruleset, project.settings.generated_dir, Limits.from_settings(project.settings))
    return partial(_precheck, check, code_version(project))


def _precheck(check: _Check, version: str, page: Page, art: PageArtifacts) -> Prechecked | None:
    """:class:`_Check` on just-made artifacts, under the key the guardrails step will look them up by;
    None if a rule of this process has run out of time (findings made without it are not trusted)."""
    headings = page.facts.heading_lines()
    folder = f"{check.generated}/{page.slug}"
    key = page_key(version, page, art, headings, check.limits, folder)
    found, _ = check(_Unchecked(page, art, headings, key))
    if any(r.timed_out is not None for r in check.ruleset.rules):
        return None
    return Prechecked(key, [qa.line for qa in art.faq], found)


def _same_check(pre: Prechecked, key: str, art: PageArtifacts) -> bool:
    """The page's artifacts are those the precheck checked: the key holds every text, title,
    language, headings, limits and code version; the FAQ's heading lines are read by the check too."""
    return pre.key == key and pre.lines == [qa.line for qa in art.faq]


@dataclass
class _Unchecked:
    page: Page
    art: PageArtifacts
    headings: dict[int, str]
    key: str


class _Check:
    """One page's guardrail findings (rules and quality contract), and the rules that ran out of
    time while checking it (index, problem): a forked worker's rules are its own copies."""

    def __init__(self, ruleset: RuleSet, generated: str, limits: Limits) -> None:
        self.ruleset, self.generated, self.limits = ruleset, generated, limits

    def __call__(self, item: _Unchecked) -> tuple[list[GuardrailFinding], list[tuple[int, Diagnostic]]]:
        from .guardrails import check_artifacts, check_contract  # loaded by _guardrails before forking

        rules = self.ruleset.rules
        before = {i for i, r in enumerate(rules) if r.timed_out is not None}
        page, art = item.page, item.art
        folder = f"{self.generated}/{page.slug}"
        found = [
            GuardrailFinding(v.file, v.line, v.rule, v.message, level_of(v.level))
            for v in check_artifacts(art, rules=self.ruleset, lang=page.lang, folder=folder)
        ]
        found += [
            GuardrailFinding(file, line, f"quality.{f.rule}", f"{f.unit}: {f.message}", "warning")
            for file, line, f in check_contract(
                art, title=page.title, lang=page.lang, limits=self.limits, headings=item.headings, folder=folder
            )
        ]
        timed_out = [(i, r.timed_out) for i, r in enumerate(rules) if r.timed_out is not None and i not in before]
        return found, timed_out


def _report_timeouts(state: BuildState, ruleset: RuleSet) -> None:
    """Each skipped rule once per build, as a warning (the build goes on without it)."""
    for warning in _timeouts(ruleset):
        if warning not in state.diagnostics:
            state.diagnostics.append(warning)


def _timeouts(ruleset: RuleSet) -> list[Diagnostic]:
    return [Diagnostic(d.file, d.line, d.message, "warning") for d in ruleset.timeouts]


class FindingsCache:
    """Lint findings per page keyed by a content hash, so a warm build re-checks only what changed.
    Stored as JSON (``[content hash, [finding as a list, ...]]`` per page); read back into
    :class:`~aeoloop.produced.LintFinding` records, an entry of another shape is a miss."""

    def __init__(self, path: Path, version: str) -> None:
        self.path, self.version = path, version
        self.entries: dict[str, list[object]] = {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("version") == version:
                self.entries = raw["entries"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}
        self.dirty = False

    def get(self, key: str, content_hash: str) -> list[LintFinding] | None:
        entry = self.entries.get(key)
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != content_hash:
            return None
        return read_findings(entry[1], lint_finding)

    def put(self, key: str, content_hash: str, found: list[LintFinding]) -> None:
        self.entries[key] = [content_hash, [list(f) for f in found]]
        self.dirty = True

    def save(self, keep: set[str] | None) -> None:
        """Write the cache; entries of pages not in ``keep`` are dropped (``None``: a build of a
        few pages, which knows nothing about the others, keeps them all)."""
        stale = set(self.entries) - keep if keep is not None else set()
        if not self.dirty and not stale:
            return
        for key in stale:
            del self.entries[key]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": self.version, "entries": self.entries}), encoding="utf-8")
        tmp.replace(self.path)
