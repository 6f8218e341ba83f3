"""One call budget: options and flags resolved once, for the llm session and the plan alike."""

from __future__ import annotations

from click.testing import CliRunner

from aeoloop.backends.llm_client import LlmSession
from aeoloop.backends.llm_options import CallBudget, LlmOptions
from aeoloop.cli import main


def test_run_flags_win_over_the_options():
    opts = LlmOptions(max_calls=5, budget_usd=1.5)
    assert CallBudget.resolve(opts) == CallBudget(5, 1.5)
    assert CallBudget.resolve(opts, max_calls=2) == CallBudget(2, 1.5)
    assert CallBudget.resolve(opts, max_calls=0, budget_usd=0.0) == CallBudget(0, 0.0)  # 0 is a budget, not "unset"
    session = LlmSession("openai/gpt-4o-mini", opts, max_calls=3)
    assert (session.max_calls, session.budget_usd) == (3, 1.5)  # the session resolves the same way


def test_the_old_evolve_knob_is_a_config_error_that_says_where_to_go(make_site):
    root = make_site(options={"evolve": {"max_calls": 3}})
    result = CliRunner().invoke(main, ["build", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 2, result.output
    assert "plugins.aeoloop.llm.max_calls" in result.output
