"""Options of the ``llm`` backend (``plugins.aeoloop.llm`` in mkdocs.yml).

Part of the settings (the config layer), so reading the options never imports litellm or the
backends; :mod:`aeoloop.backends.llm_options` says how the model and backend are chosen::

    plugins:
      - aeoloop:
          backend: llm
          model: openai/gpt-4o-mini          # any litellm provider string; AEOLOOP_MODEL overrides it
          llm:
            api_base: null                   # e.g. http://127.0.0.1:11434 for ollama/...
            api_key_env: null                # name of the environment variable holding the key
            temperature: 0.2
            max_tokens: 1500
            concurrency: 8
            timeout: 60
            retries: 3                       # transport retries (timeouts, 429, 5xx), with backoff
            repairs: 2                       # re-asks with the violations fed back
            max_calls: null                  # the build's call budget (see CallBudget); `--max-calls` overrides
            budget_usd: null                 # the build's spend budget; `--budget-usd` overrides

Keys never go in mkdocs.yml: litellm reads the provider's usual variable (``OPENAI_API_KEY``,
``ANTHROPIC_API_KEY``, ...), or ``api_key_env`` names another one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["LlmOptions"]


class LlmOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    api_base: str | None = Field(
        None, description="endpoint URL for local or self-hosted models (ollama, vLLM, a proxy)"
    )
    api_key_env: str | None = Field(None, description="name of the environment variable that holds the API key")
    temperature: float = Field(0.2, ge=0, le=2)
    max_tokens: int = Field(1500, ge=64, le=32000, description="upper bound of one answer, in tokens")
    concurrency: int = Field(8, ge=1, le=64, description="LLM calls in flight at once")
    timeout: float = Field(60, gt=0, le=600, description="seconds before one call is abandoned and retried")
    retries: int = Field(3, ge=0, le=10, description="retries of one call after a timeout, 429 or 5xx")
    repairs: int = Field(2, ge=0, le=5, description="re-asks with the violations fed back, per artifact")
    backoff_base: float = Field(1.0, ge=0, le=60, description="first backoff in seconds (doubles, with jitter)")
    backoff_max: float = Field(60, ge=0, le=600, description="longest wait, also for a Retry-After header")
    max_calls: int | None = Field(None, ge=0, description="most LLM calls per build (retries included)")
    budget_usd: float | None = Field(None, ge=0, description="most spend per build, from litellm's price map")
    params: dict[str, Any] = Field(
        default_factory=dict, description="extra litellm parameters that shape the output (seed, top_p)"
    )

    @field_validator("api_key_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and (not value.replace("_", "").isalnum() or value.startswith(("sk-", "sk_"))):
            raise ValueError(
                "api_key_env is the NAME of an environment variable (e.g. OPENAI_API_KEY), never the key itself"
            )
        return value

    def output_params(self) -> dict[str, Any]:
        """The parameters that decide what the model writes: part of the cache key."""
        return {"temperature": self.temperature, "max_tokens": self.max_tokens, **self.params}

    def params_hash(self) -> str:
        return hashlib.sha256(json.dumps(self.output_params(), sort_keys=True, default=str).encode()).hexdigest()[:10]


@dataclass(frozen=True)
class CallBudget:
    """The one budget of a run's model calls, for the llm backend and the Evolve plan alike.

    ``max_calls`` counts every HTTP call to the model: page artifacts, channel derivatives,
    audience intros, each repair re-ask and each transport retry. ``budget_usd`` reserves each
    call's estimated cost (litellm's price map) before it is made. The llm session enforces both
    (:class:`~aeoloop.backends.llm_client.LlmSession`); the plan forces pages only while their
    expected calls (``calls_per_page`` each, new and changed pages first) fit in ``max_calls``.
    What is left when the budget is spent keeps its last good output, or gets the extractive one.

    Set per build as ``plugins.aeoloop.llm.max_calls`` / ``budget_usd``; ``--max-calls`` and
    ``--budget-usd`` override them for one run. There is no other knob.
    """

    max_calls: int | None = None
    budget_usd: float | None = None

    @classmethod
    def resolve(cls, opts: LlmOptions, *, max_calls: int | None = None, budget_usd: float | None = None) -> CallBudget:
        """The run's flags win over the configured options."""
        return cls(
            max_calls if max_calls is not None else opts.max_calls,
            budget_usd if budget_usd is not None else opts.budget_usd,
        )
