"""Build steps of the Express phase, for the pipeline in ``aeoloop.build``.

- :func:`step_lint` (after ``load``): checks every page; lint errors stop the build before any
  output is touched (FindingsError, exit 1); an invalid rule file stops it too (ConfigError,
  exit 2); warnings and suggestions are reported as diagnostics.
- :func:`step_guardrails` (after ``generate``): checks every page's generated summary,
  takeaways and FAQ with the same rules and attaches the violations to the build as warnings
  (suggestions as info), per page, pointing into ``generated/<page>/<file>``.
"""

from __future__ import annotations

from typing import Any

from ..errors import ConfigError, Diagnostic, FindingsError, rel
from .guardrails import check_artifacts
from .lint import lint_page, project_rules

_DIAG_LEVEL = {"error": "error", "warning": "warning", "suggestion": "info"}


def step_lint(state: Any) -> None:
    project = state.project
    ruleset = project_rules(project)
    if ruleset.errors:
        raise ConfigError("invalid voice rules (brand/voice.yml or brand/vale/)", ruleset.diagnostics)
    state.diagnostics.extend(ruleset.diagnostics)
    errors: list[Diagnostic] = []
    for page in state.pages:
        display = rel(page.path, project.root)
        for v in lint_page(page, ruleset, display):
            d = Diagnostic(display, v.line, f"[{v.rule}] {v.message}" + (f" ({v.suggestion})" if v.suggestion else ""), _DIAG_LEVEL[v.level])
            (errors if v.level == "error" else state.diagnostics).append(d)
    if errors:
        raise FindingsError(f"lint found {len(errors)} error(s); fix them (`aeoloop lint` lists them, `aeoloop lint --fix` applies "
                            "substitutions) before the site is built", errors)


def step_guardrails(state: Any) -> None:
    project = state.project
    ruleset = project_rules(project)
    generated = project.settings.generated_dir
    for page in state.pages:
        result = state.results.get(page.src_uri)
        if result is None:
            continue
        for v in check_artifacts(result.artifacts, rules=ruleset, lang=page.lang, folder=f"{generated}/{page.slug}"):
            level = "info" if v.level == "suggestion" else "warning"
            state.diagnostics.append(Diagnostic(v.file, v.line, f"generated text: [{v.rule}] {v.message}", level))
