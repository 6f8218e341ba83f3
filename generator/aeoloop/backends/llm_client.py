"""One LLM session per build: litellm (imported lazily), one retry layer, budget and usage.

- **One retry layer**: litellm's and the OpenAI client's own retries are off (``num_retries=0``,
  ``max_retries=0``); :meth:`LlmSession.complete` retries timeouts, 429s, 5xx and connection
  errors itself, with exponential backoff and jitter, and honours ``Retry-After`` (seconds or an
  HTTP date; also ``retry-after-ms``). A 429 pauses every worker until the time it names. A wait
  longer than ``backoff_max`` is not waited out: the call fails and the artifact falls back.
- **Bounded**: ``concurrency`` threads at most; after an authentication or bad-request error, or a
  run of consecutive failures, the session stops calling (the rest fall back at once).
- **Budget**: ``max_calls`` counts every HTTP call (retries included); ``budget_usd`` reserves the
  estimated cost of a call before it is made (litellm's price map, no network), so concurrent
  calls cannot overshoot. Models without a price report tokens and an unknown cost.
- **Keys**: only from the environment (the provider's variable, or ``api_key_env``); they are
  redacted from every message this module produces.
"""

from __future__ import annotations

import email.utils
import logging
import os
import random
import re
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, TypeVar

from ..errors import ConfigError
from ..produced import PlannedCall
from .llm_options import CallBudget, LlmOptions

T = TypeVar("T")
log = logging.getLogger("mkdocs.plugins.aeoloop")
RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529}
SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD)", re.I)


class BudgetExhausted(Exception):
    """No call was made: ``max_calls`` or ``budget_usd`` is used up."""


class LlmUnavailable(Exception):
    """The call failed after its retries (or could not be retried)."""


def import_litellm() -> Any:
    """litellm, configured for builds: local price map, no tokenizer download, quiet."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    # litellm's own pydantic models warn when they are built (at import and on first use): not for our users
    warnings.filterwarnings("ignore", message=r".*(is|are) using the `ReadOnly` qualifier", category=UserWarning)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import litellm
    except ImportError as err:
        raise ConfigError("the llm backend needs litellm: pip install 'aeoloop[llm]' (or pip install litellm)") from err

    litellm.disable_hf_tokenizer_download = True
    litellm.suppress_debug_info = True
    litellm.drop_params = True  # e.g. response_format for a provider without it
    litellm.telemetry = False
    litellm.turn_off_message_logging = True  # prompts and answers stay out of any litellm log
    for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm", "httpx", "openai"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return litellm


def secrets_in_env(extra: Iterable[str] = ()) -> list[str]:
    names = [n for n in os.environ if SECRET_NAME.search(n)] + [n for n in extra if n]
    return sorted(
        {os.environ[n] for n in names if os.environ.get(n) and len(os.environ[n]) >= 6}, key=len, reverse=True
    )


def redact(text: str, secrets: Iterable[str]) -> str:
    for s in secrets:
        text = text.replace(s, "***")
    return re.sub(r"\b(sk|pk|rk)-[A-Za-z0-9_\-]{8,}", r"\1-***", text)


def retry_after(err: BaseException) -> float | None:
    """Seconds from a Retry-After / retry-after-ms header of the error's HTTP response.

    litellm's exceptions and responses are untyped and differ by provider and version, so they are
    read with ``getattr`` here and in :meth:`LlmSession._record`: the outside edge, not a joint."""
    headers: Any = None
    for source in (getattr(err, "response", None), err):
        headers = getattr(source, "headers", None) or getattr(source, "litellm_response_headers", None)
        if headers:
            break
    if not headers:
        return None
    try:
        ms = headers.get("retry-after-ms")
        if ms is not None:
            return max(0.0, float(ms) / 1000)
        value = headers.get("retry-after")
    except AttributeError:
        return None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, when.timestamp() - time.time()) if when else None


@dataclass
class Completion:
    text: str
    finish_reason: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    faults: list[str] = field(default_factory=list)  # transient faults survived on the way


@dataclass
class Usage:
    calls: int = 0
    retries: int = 0
    failed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    cost_known: bool = True
    faults: dict[str, int] = field(default_factory=dict)

    def fault(self, kind: str) -> None:
        self.faults[kind] = self.faults.get(kind, 0) + 1


class LlmSession:
    def __init__(
        self,
        model: str,
        opts: LlmOptions,
        *,
        max_calls: int | None = None,
        budget_usd: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.model = model
        self.opts = opts
        budget = CallBudget.resolve(opts, max_calls=max_calls, budget_usd=budget_usd)
        self.max_calls, self.budget_usd = budget.max_calls, budget.budget_usd
        self.usage = Usage()
        self.planned: list[PlannedCall] = []
        self._sleep = sleep
        self._lock = threading.Lock()
        self._not_before = 0.0
        self._reserved = 0.0
        self._consecutive_failures = 0
        self._broken: str | None = None
        self._litellm: Any = None
        self._secrets = secrets_in_env([opts.api_key_env or ""])
        self._price_known: bool | None = None

    # -- litellm -------------------------------------------------------------------------------

    @property
    def litellm(self) -> Any:
        if self._litellm is None:
            self._litellm = import_litellm()
        return self._litellm

    def _kwargs(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        kw: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "timeout": self.opts.timeout,
            "num_retries": 0,
            "max_retries": 0,
            "response_format": {"type": "json_object"},
            **self.opts.output_params(),
        }
        if self.opts.api_base:
            kw["api_base"] = self.opts.api_base
        if self.opts.api_key_env:
            key = os.environ.get(self.opts.api_key_env)
            if not key:
                with self._lock:
                    self._broken = (
                        f"the environment variable {self.opts.api_key_env} (plugins.aeoloop.llm.api_key_env) is not set"
                    )
                raise LlmUnavailable(self._broken)
            kw["api_key"] = key
        return kw

    # -- estimates -----------------------------------------------------------------------------

    def price_known(self) -> bool:
        if self._price_known is None:
            try:
                info = self.litellm.get_model_info(self.model)
                self._price_known = info.get("input_cost_per_token") is not None
            except Exception:  # noqa: BLE001 - unknown to litellm's price map
                self._price_known = False
        return self._price_known

    def estimate(self, messages: list[dict[str, str]], completion_tokens: int) -> tuple[int, int, float | None]:
        """(prompt tokens, completion tokens, cost or None) from litellm's tokenizer and price map."""
        completion_tokens = min(completion_tokens, self.opts.max_tokens)
        try:
            prompt = int(self.litellm.token_counter(model=self.model, messages=messages))
        except Exception:  # noqa: BLE001 - a tokenizer litellm cannot load offline: approximate
            prompt = sum(len(m["content"]) for m in messages) // 4
        cost = None
        if self.price_known():
            try:
                a, b = self.litellm.cost_per_token(
                    model=self.model, prompt_tokens=prompt, completion_tokens=completion_tokens
                )
                cost = float(a) + float(b)
            except Exception:  # noqa: BLE001
                cost = None
        return prompt, completion_tokens, cost

    def plan(self, page: str, task: str, messages: list[dict[str, str]], completion_tokens: int) -> PlannedCall:
        p, c, cost = self.estimate(messages, completion_tokens)
        call = PlannedCall(page, task, p, c, cost)
        with self._lock:
            self.planned.append(call)
        return call

    # -- calls ---------------------------------------------------------------------------------

    def _reserve(self, messages: list[dict[str, str]]) -> float:
        """Count the call against max_calls and budget_usd before it is made; return the reservation."""
        with self._lock:
            if self._broken:
                raise LlmUnavailable(self._broken)
            if self.max_calls is not None and self.usage.calls >= self.max_calls:
                raise BudgetExhausted(f"max_calls ({self.max_calls}) reached")
            self.usage.calls += 1
        if self.budget_usd is None:
            return 0.0
        _, _, est = self.estimate(messages, self.opts.max_tokens)
        with self._lock:
            if est is None:
                return 0.0  # no price: only max_calls limits this model (reported in the summary)
            if self.usage.cost + self._reserved + est > self.budget_usd:
                self.usage.calls -= 1
                raise BudgetExhausted(
                    f"budget_usd ({self.budget_usd:g}) would be exceeded: spent {self.usage.cost:.4f}, "
                    f"next call up to {est:.4f}"
                )
            self._reserved += est
        return est

    def _wait_turn(self) -> None:
        while True:
            with self._lock:
                delay = self._not_before - time.monotonic()
            if delay <= 0:
                return
            self._sleep(min(delay, self.opts.backoff_max))

    def _backoff(self, attempt: int) -> float:
        base = self.opts.backoff_base * (2**attempt)
        return min(self.opts.backoff_max, base) * (0.5 + random.random() / 2)

    def _fail(self, message: str, *, fatal: bool = False) -> LlmUnavailable:
        with self._lock:
            self.usage.failed += 1
            self._consecutive_failures += 1
            limit = max(8, 2 * self.opts.concurrency)
            if fatal or self._consecutive_failures >= limit:
                self._broken = self._broken or (
                    message if fatal else f"{self._consecutive_failures} calls failed in a row; last: {message}"
                )
        return LlmUnavailable(message)

    def complete(self, messages: list[dict[str, str]]) -> Completion:
        """One answer, with transport retries. Raises BudgetExhausted or LlmUnavailable."""
        litellm = self.litellm
        faults: list[str] = []
        attempts = 1 + self.opts.retries
        for attempt in range(attempts):
            self._wait_turn()
            kwargs = self._kwargs(messages)
            reserved = self._reserve(messages)
            try:
                try:
                    response = litellm.completion(**kwargs)
                finally:
                    with self._lock:
                        self._reserved -= reserved
            except Exception as err:  # noqa: BLE001 - classified below
                status = getattr(err, "status_code", None)
                kind = type(err).__name__
                transient = (
                    isinstance(
                        err,
                        (
                            litellm.Timeout,
                            litellm.APIConnectionError,
                            litellm.RateLimitError,
                            litellm.InternalServerError,
                            litellm.ServiceUnavailableError,
                        ),
                    )
                    or status in RETRY_STATUS
                )
                label = "timeout" if isinstance(err, litellm.Timeout) else (f"HTTP {status}" if status else kind)
                with self._lock:
                    self.usage.fault(label)
                message = redact(f"{label}: {str(err).splitlines()[0] if str(err) else kind}", self._secrets)[:300]
                if not transient:
                    raise self._fail(
                        message,
                        fatal=status in (401, 403, 404)
                        or isinstance(err, (litellm.AuthenticationError, litellm.NotFoundError)),
                    ) from None
                wait = retry_after(err)
                if wait is not None and wait > self.opts.backoff_max:
                    raise self._fail(
                        f"{label}: the provider asks to wait {wait:.0f} s (more than backoff_max)"
                    ) from None
                if attempt == attempts - 1:
                    raise self._fail(f"{message} (after {attempts} attempts)") from None
                delay = wait if wait is not None else self._backoff(attempt)
                faults.append(f"{label}" + (f" (Retry-After {wait:g} s)" if wait is not None else ""))
                with self._lock:
                    self.usage.retries += 1
                    if status == 429 or isinstance(err, litellm.RateLimitError):
                        self._not_before = max(self._not_before, time.monotonic() + delay)
                self._sleep(delay)
                continue
            return self._record(response, faults)
        raise self._fail("no attempt made")  # pragma: no cover - the loop returns or raises

    def _record(self, response: Any, faults: list[str]) -> Completion:
        choice = response.choices[0]
        text = getattr(choice.message, "content", None) or ""
        usage = getattr(response, "usage", None)
        p = int(getattr(usage, "prompt_tokens", 0) or 0)
        c = int(getattr(usage, "completion_tokens", 0) or 0)
        cost: float | None = None
        if self.price_known():
            try:
                cost = float(self.litellm.completion_cost(completion_response=response, model=self.model))
            except Exception:  # noqa: BLE001
                cost = None
        with self._lock:
            self._consecutive_failures = 0
            self.usage.prompt_tokens += p
            self.usage.completion_tokens += c
            if cost is None:
                self.usage.cost_known = False
            else:
                self.usage.cost += cost
        return Completion(text, getattr(choice, "finish_reason", None), p, c, cost, faults)

    # -- concurrency ---------------------------------------------------------------------------

    def run_all(self, jobs: list[Callable[[], T]]) -> list[T]:
        """Run jobs on at most ``concurrency`` threads; results in the order of ``jobs``."""
        if not jobs:
            return []
        if self.opts.concurrency == 1 or len(jobs) == 1:
            return [job() for job in jobs]
        with ThreadPoolExecutor(
            max_workers=min(self.opts.concurrency, len(jobs)), thread_name_prefix="aeoloop-llm"
        ) as pool:
            return list(pool.map(lambda job: job(), jobs))

    def summary(self) -> str:
        u = self.usage
        cost = f"${u.cost:.4f}" if u.cost_known and self.price_known() else "cost unknown (no price for this model)"
        line = f"llm {self.model}: {u.calls} calls ({u.retries} retried, {u.failed} failed), {u.prompt_tokens} + {u.completion_tokens} tokens, {cost}"
        if u.faults:
            line += " · faults: " + ", ".join(f"{k} ×{v}" for k, v in sorted(u.faults.items()))
        return line
