"""What ``aeoloop generate`` and ``aeoloop build`` print about generation: per page and artifact
what happens (or would happen, with ``--dry-run``: estimated tokens and cost), and one usage line
for the LLM (calls, retries, tokens, cost, faults)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

    from ..backends.llm_client import PlannedCall
    from ..state import BuildState


def usage_line(state: BuildState) -> str | None:
    session = state.llm_session
    if session is None:
        return None
    if state.dry_run:
        planned = session.planned
        p = sum(c.prompt_tokens for c in planned)
        c = sum(c.completion_tokens for c in planned)
        costs = [x.cost for x in planned if x.cost is not None]
        if not planned:
            cost = "$0"
        elif len(costs) == len(planned):
            cost = f"about ${sum(costs):.4f}"
        else:
            cost = "cost unknown (no price for this model in litellm's price map)"
        return f"dry run: {len(planned)} LLM calls would be made ({session.model}), about {p} + {c} tokens, {cost}; retries not included"
    return session.summary()


def generate_rows(state: BuildState) -> list[tuple[str, str, str, str]]:
    """(page, artifact, action, estimate) rows; estimate is "" outside dry runs."""
    session = state.llm_session
    planned: dict[tuple[str, str], PlannedCall] = {}
    if session is not None and state.dry_run:
        planned = {(c.page, c.task): c for c in session.planned}
    outcomes = state.backend.outcomes() if state.backend is not None else {}

    def estimate(page: str, task: str) -> str:
        call = planned.get((page, task))
        if call is None:
            return ""
        cost = f"${call.cost:.4f}" if call.cost is not None else "cost unknown"
        return f"~{call.prompt_tokens}+{call.completion_tokens} tokens, {cost}"

    rows = []
    for uri, result in state.results.items():
        if result.regenerated:
            action = outcomes.get(uri, "regenerate" if not state.dry_run else "generate (dry run)")
        else:
            action = outcomes.get(uri, "unchanged")
        if result.kept:
            action += f" (kept: {', '.join(result.kept)})"
        rows.append((uri, "page", action, estimate(uri, "page")))
        for name, act in state.channel_results.get(uri, {}).items():
            rows.append((uri, name, act, estimate(uri, name)))
    return rows


def generate_table(state: BuildState) -> Table:
    from ..termtable import table as table_of  # lazy: rich's table, only for `aeoloop generate`'s report

    dry = state.dry_run
    table = table_of("page", "artifact", "action", *(["estimate"] if dry else []))
    for page, artifact, action, est in generate_rows(state):
        table.add_row(page, artifact, action, *([est] if dry else []))
    return table
