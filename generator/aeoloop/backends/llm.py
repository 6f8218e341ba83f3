"""The ``llm`` backend: page artifacts and channel derivatives written by a model through litellm.

Registered as ``llm`` (``backend: llm`` in mkdocs.yml, or ``AEOLOOP_MODEL`` in the environment);
any litellm provider string works (``openai/…``, ``anthropic/…``, ``ollama/…`` with ``api_base``).
litellm is imported only when a call or an estimate is needed.

Every answer is structured JSON validated with a typed model, then checked like any generated
text: sanitized (no HTML, no links but the site's and the page's own), the brand rules
(:mod:`aeoloop.express.guardrails`), and the limits of the artifact or channel. Violations go back
to the model for at most ``repairs`` more attempts; after that the page keeps its last good LLM
artifacts (when there are some) or gets the extractive output, and the build says so per page.
Entities always come from the extractive pipeline (glossary matching), never from the model.
"""

# Over 400 lines on purpose: one provider path (prompts, repair loop, fallback to extractive, channel values) behind the backend protocol.
from __future__ import annotations

import hashlib
import json
import re
import threading
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Callable

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from ..artifacts import FORMATS, PageArtifacts, QA
from ..errors import ConfigError, Diagnostic, rel
from ..generated import Generated, Provenance
from ..brand import Brand
from ..page import Page
from ..text import WORD_RE
from ..quality import Limits
from ..quality import check_artifacts as check_contract
from ..settings import Settings
from ..siteurl import page_url
from .extractive import ExtractiveBackend
from .llm_client import BudgetExhausted, LlmSession, LlmUnavailable
from .llm_options import CallBudget, chosen_model, options
from .llm_prompts import Prompts, templates_hash
from .registry import BaseBackend
from ..amplify.channels.finalize import finalize, Guard
from ..express.lint import project_rules
from ..amplify.channels.context import outbound_links
from ..amplify.channels.sanitize import clean_text, looks_like_injection, normalize_url
from ..amplify.channels.producer import ChannelOutcome, ChannelProducer
from ..amplify.channels.step import CHANNELS_VERSION

if TYPE_CHECKING:
    from ..amplify.channels.producer import ChannelJob
    from ..state import BuildState

JSON_BLOCK = re.compile(r"\{.*\}", re.S)


def _code_version() -> str:
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("llm*.py")):
        if path.name not in ("llm_client.py",):  # transport only: it never changes what is written
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:8]


CODE_VERSION = _code_version()


# -- structured output models --------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class FaqOut(_Out):
    question: str
    answer: str


class PageDraft(_Out):
    """What the model returns for a page: the answer-first summary, takeaways and FAQ."""

    summary: str
    takeaways: list[str] = Field(default_factory=list)
    faq: list[FaqOut] = Field(default_factory=list)


def parse_json(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """The JSON object in a model's answer (code fences and chatter tolerated), or why there is none."""
    raw = (text or "").strip()
    if raw.startswith("```"):
        raw = re.sub(r"^```[a-zA-Z]*\s*|\s*```$", "", raw)
    for candidate in (raw, *(m.group(0) for m in [JSON_BLOCK.search(raw)] if m)):
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(data, dict):
            return data, None
        return None, "the answer must be one JSON object, not a list or a value"
    if raw.startswith("{") and raw.count("{") > raw.count("}"):
        return None, "the JSON was cut off before its end; answer shorter so the whole object fits"
    return None, "the answer was not valid JSON; answer with the JSON object only"


def _words(text: str) -> int:
    return len(WORD_RE.findall(text))


@dataclass
class TaskResult:
    value: Any = None
    attempts: int = 0
    faults: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)
    error: str | None = None
    checked: Any = None


class LlmBackend(BaseBackend, ChannelProducer):
    """Registered as ``llm``."""

    name = "llm"
    deterministic = False

    def __init__(self, settings: Settings, brand: Brand) -> None:
        self.settings = settings
        self.brand = brand
        self.opts = options(settings)
        model = chosen_model(settings)
        if not model:
            raise ConfigError(
                "the llm backend needs a model: set plugins.aeoloop.model in mkdocs.yml (e.g. openai/gpt-4o-mini, "
                "anthropic/claude-3-5-haiku-latest, ollama/llama3.1 with llm.api_base) or AEOLOOP_MODEL"
            )
        self.model = model
        self.extractive = ExtractiveBackend(settings, brand)
        self.session = LlmSession(model, self.opts)
        self.prompts: Prompts | None = None
        self.brand_dir: Path | None = None
        self.template_version = f"llm-{CODE_VERSION}-{templates_hash(None)}"
        self.dry_run = False
        self.project: Any = None
        self.guard: Any = None
        self._diagnostics: list[Diagnostic] | None = None
        self._results: dict[str, Generated] = {}
        self._lock = threading.Lock()
        self._outcomes: dict[str, str] = {}  # src_uri -> what happened to its page artifacts

    # -- wiring (the build calls bind() once, before generating) -----------------------------

    def bind(self, state: BuildState) -> None:

        project = state.project
        self.project = project
        self.brand_dir = project.brand_dir
        budget = state.budget or CallBudget.resolve(self.opts, max_calls=state.max_calls, budget_usd=state.budget_usd)
        self.session = LlmSession(self.model, self.opts, max_calls=budget.max_calls, budget_usd=budget.budget_usd)
        self.dry_run = state.dry_run
        self._diagnostics = state.diagnostics
        self.guard = Guard.for_project(project)

        ruleset = project_rules(project)
        voice = ruleset.voice.prompt() if ruleset.voice else ""
        self.prompts = Prompts(self.brand, brand_dir=project.brand_dir, voice=voice)
        override = project.brand_dir / "prompts"
        self.template_version = f"llm-{CODE_VERSION}-{templates_hash(override)}"
        state.llm_session = self.session
        if self.session.budget_usd is not None and not self.dry_run and not self.session.price_known():
            state.diagnostics.append(
                Diagnostic(
                    "mkdocs.yml",
                    None,
                    f"budget_usd is set but {self.model} has no price in litellm's price map: "
                    "only max_calls (--max-calls) limits this run",
                    "warning",
                )
            )

    def _prompts(self) -> Prompts:
        if self.prompts is None:
            self.prompts = Prompts(self.brand)
        return self.prompts

    def model_id(self, lang: str) -> str:
        return f"{self.model}|{self.opts.params_hash()}|{self.extractive.model_id(lang)}"

    def _report(self, page: Page, message: str, level: str = "warning") -> None:
        if self._diagnostics is not None:
            where = rel(page.path, self.project.root) if self.project else page.src_uri
            with self._lock:
                self._diagnostics.append(Diagnostic(where, None, message, level))

    # -- the repair loop ---------------------------------------------------------------------

    def run_task(
        self, messages: list[dict[str, str]], check: Callable[[dict[str, Any]], tuple[Any, list[str], list[str]]]
    ) -> TaskResult:
        """Ask, validate, feed problems back; at most 1 + ``repairs`` answers."""
        result = TaskResult()
        for attempt in range(1 + self.opts.repairs):
            result.attempts = attempt + 1
            try:
                done = self.session.complete(messages)
            except (BudgetExhausted, LlmUnavailable) as err:
                result.error = ("budget: " if isinstance(err, BudgetExhausted) else "LLM unavailable: ") + str(err)
                return result
            result.faults += done.faults
            data, problem = parse_json(done.text)
            if done.finish_reason == "length" and data is None:
                problem = "the answer was cut off at the token limit; answer shorter so the whole JSON object fits"
            if data is not None:
                try:
                    value, blocking, notes = check(data)
                except ValidationError as err:
                    blocking, notes, value = [_pydantic_problem(e) for e in err.errors()[:6]], [], None
                if not blocking:
                    result.value, result.notes, result.blocking = value, notes, []
                    return result
                result.blocking = blocking
                result.faults.append("invalid output: " + "; ".join(blocking[:2]))
                problems = blocking
            else:
                result.faults.append("invalid JSON" if "cut off" not in (problem or "") else "truncated JSON")
                result.blocking = [problem or "invalid JSON"]
                problems = result.blocking
            messages = messages + [
                {"role": "assistant", "content": (done.text or "")[:6000]},
                {"role": "user", "content": self._prompts().repair(problems)},
            ]
        return result

    # -- page artifacts ----------------------------------------------------------------------

    def _page_messages(self, page: Page, base: PageArtifacts) -> list[dict[str, str]]:
        return self._prompts().messages(
            "page.j2",
            page,
            task="page",
            what="the answer-first summary, key takeaways and FAQ of a web page",
            schema=PageDraft.model_json_schema(),
            url=self._url(page),
            summary=self.settings.summary,
            faq=self.settings.faq,
        )

    def _url(self, page: Page) -> str:

        if self.project is None:
            return page.src_uri
        return page_url(self.project.site_url, page.src_uri, use_directory_urls=self.project.use_directory_urls)

    def _check_page(self, page: Page, data: dict[str, Any]) -> tuple[PageDraft, list[str], list[str]]:

        draft = PageDraft.model_validate(data)
        s, f = self.settings.summary, self.settings.faq
        notes: list[str] = []

        def clean(text: str) -> str:
            out, removed = clean_text(text, self._allowed(page))
            notes.extend(removed)
            return out

        draft = PageDraft(
            summary=clean(draft.summary),
            takeaways=[clean(t) for t in draft.takeaways],
            faq=[FaqOut(question=clean(q.question), answer=clean(q.answer)) for q in draft.faq],
        )
        blocking = []
        n = _words(draft.summary)
        if not s.min_words <= n <= s.max_words:
            blocking.append(f"summary: {n} words; write {s.min_words} to {s.max_words}")
        if not 3 <= len(draft.takeaways) <= s.takeaways:
            blocking.append(f"takeaways: {len(draft.takeaways)} given; write 3 to {s.takeaways}")
        for i, t in enumerate(draft.takeaways, 1):
            if not 6 <= _words(t) <= 40:
                blocking.append(f"takeaways[{i}]: {_words(t)} words; one sentence of 8 to 35 words")
        if len(draft.faq) > f.max_items:
            blocking.append(f"faq: {len(draft.faq)} items; at most {f.max_items}")
        for i, qa in enumerate(draft.faq, 1):
            if not qa.question.endswith("?"):
                blocking.append(f"faq[{i}].question: end it with '?'")
            n = _words(qa.answer)
            if not f.min_words <= n <= f.max_words:
                blocking.append(f"faq[{i}].answer: {n} words; write {f.min_words} to {f.max_words}")
        # The quality contract (aeoloop.quality), the same one the extractive backend and verify use:
        # each failure goes back to the model with its rule id and what to change.
        for failure in check_contract(
            summary=draft.summary,
            takeaways=draft.takeaways,
            faq=[QA(q.question, q.answer) for q in draft.faq],
            title=page.title,
            lang=page.lang,
            limits=Limits.from_settings(self.settings),
        ):
            blocking.append(str(failure))
        texts = [(draft.summary, "paragraph")] + [(t, "list") for t in draft.takeaways]
        texts += [(qa.question, "heading") for qa in draft.faq] + [(qa.answer, "paragraph") for qa in draft.faq]
        for text, scope in texts:
            phrase = looks_like_injection(text)
            if phrase:
                blocking.append(f'the text repeats instructions ("{phrase}"); write only about the page\'s subject')
            if self.guard is not None and text:
                for v in self.guard.check(text, page.lang, scope):
                    if v.level == "error":
                        blocking.append(
                            f"brand rule {v.rule}" + (f' "{v.match}"' if v.match else "") + f": {v.message}"
                        )
        return draft, blocking, sorted(set(notes))

    def _allowed(self, page: Page) -> Callable[[str], bool]:

        site = self.project.site_url if self.project else None
        links = outbound_links(page)
        return lambda url: bool(site and url.startswith(site)) or normalize_url(url) in links

    def _needs_model(self, page: Page) -> bool:
        m = page.meta
        return not (m.summary and m.takeaways is not None and m.faq is not None)

    def _generate_one(self, page: Page) -> Generated:
        base = self.extractive.generate(page)  # entities, and the fallback
        if not self._needs_model(page):
            return base
        messages = self._page_messages(page, base)
        if self.dry_run:
            self.session.plan(page.src_uri, "page", messages, 900)
            return base
        outcome = self.run_task(messages, lambda data: self._check_page(page, data))
        if outcome.faults:
            self._report(
                page,
                "llm: recovered from: " + "; ".join(outcome.faults[:6])
                if outcome.value
                else "llm: " + "; ".join(outcome.faults[:6]),
                "info",
            )
        if outcome.value is not None:
            draft: PageDraft = outcome.value
            art = PageArtifacts(
                summary=page.meta.summary or draft.summary,
                takeaways=page.meta.takeaways if page.meta.takeaways is not None else draft.takeaways,
                faq=[QA(f.question, f.answer) for f in page.meta.faq]
                if page.meta.faq is not None
                else [QA(q.question, q.answer) for q in draft.faq],
                entities=base.entities,
            )
            for note in outcome.notes:
                self._report(page, f"llm: {note}")
            self._outcomes[page.src_uri] = "llm" if outcome.attempts == 1 else f"llm after {outcome.attempts} attempts"
            return art
        why = outcome.error or f"still invalid after {outcome.attempts} attempts: " + "; ".join(outcome.blocking[:3])
        if self._has_last_good(page):
            self._outcomes[page.src_uri] = "kept last good"
            self._report(page, f"llm: {why}; kept the last good artifacts")
            return None
        self._outcomes[page.src_uri] = "fallback: extractive"
        self._report(page, f"llm: {why}; used the extractive output")
        return base, self._extractive_provenance(page)

    def _has_last_good(self, page: Page) -> bool:
        if self.project is None:
            return False
        folder = self.project.generated_dir / page.slug
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False

        prov = manifest.get("provenance") if isinstance(manifest, dict) else None  # a mangled manifest: no last good
        return (
            isinstance(prov, dict)
            and prov.get("backend") == self.name
            and all((folder / name).is_file() for name in FORMATS)
        )

    def _extractive_provenance(self, page: Page) -> Provenance:
        return Provenance(
            page=page.src_uri,
            source_hash=page.source_hash,
            backend=self.extractive.name,
            model=self.extractive.model_id(page.lang),
            template_version=self.extractive.template_version,
            brand_rules_hash=self.brand.rules_hash,
            options_hash=self.project.settings.options_hash() if self.project else "",
        )

    def _generate_keyed(self, page: Page) -> tuple[str, Generated]:
        return page.src_uri, self._generate_safely(page)

    def _generate_safely(self, page: Page) -> Generated:
        """:meth:`_generate_one`, but a bug or a broken prompt override costs one page, not the build."""
        try:
            return self._generate_one(page)
        except Exception as err:  # noqa: BLE001 - reported, then the extractive output is used
            self._report(page, f"llm: {type(err).__name__}: {err}; used the extractive output")
            self._outcomes[page.src_uri] = "fallback: extractive"
            return self.extractive.generate(page), self._extractive_provenance(page)

    def generate_many(self, pages: Iterable[Page]) -> None:
        """Produce every page that needs it, ``concurrency`` at a time; :meth:`generate` hands them out."""
        results = self.session.run_all([partial(self._generate_keyed, p) for p in pages])
        with self._lock:
            self._results.update(results)

    def generate(self, page: Page) -> Generated:
        with self._lock:
            if page.src_uri in self._results:
                return self._results.pop(page.src_uri)
        return self._generate_safely(page)

    # -- channels ----------------------------------------------------------------------------

    def outcomes(self) -> Mapping[str, str]:
        return self._outcomes

    def channel_provenance(self) -> dict[str, str]:

        return {
            "backend": self.name,
            "model": f"{self.model}|{self.opts.params_hash()}",
            "template_version": f"{self.template_version}+{CHANNELS_VERSION}",
        }

    def _channel_messages(self, job: Any) -> list[dict[str, str]]:
        channel, ctx = job.channel, job.ctx
        what = {
            "ai-answer": "a quotable answer for AI answer engines",
            "linkedin-post": "a LinkedIn post",
            "linkedin-carousel": "a LinkedIn carousel",
            "x-thread": "a thread for X",
            "short-video-script": "a short vertical video script",
            "newsletter": "an email newsletter issue",
        }[channel.name]
        hashtags = ctx.hashtags if channel.name == "linkedin-post" else []
        return self._prompts().messages(
            "channel.j2",
            job.page,
            task=channel.name,
            what=what,
            schema=channel.model.model_json_schema(),
            url=ctx.url,
            artifacts=ctx.artifacts,
            limits=channel.limits(ctx),
            hashtags=hashtags,
        )

    def plan_channels(self, jobs: list[ChannelJob]) -> None:
        for job in jobs:
            self.session.plan(
                job.page.src_uri, job.channel.name, self._channel_messages(job), job.channel.expected_output_tokens
            )

    def produce_channels(self, jobs: list[ChannelJob]) -> list[ChannelOutcome]:

        def one(job: ChannelJob) -> ChannelOutcome:
            try:
                return attempt(job)
            except Exception as err:  # noqa: BLE001 - one channel of one page, not the build
                return ChannelOutcome(None, [], f"{type(err).__name__}: {err}")

        def attempt(job: ChannelJob) -> ChannelOutcome:
            def check(data: dict[str, Any]) -> tuple[Any, list[str], list[str]]:
                value = job.channel.model.model_validate(data)
                checked = finalize(job.channel, value, job.ctx, self.guard) if self.guard else None
                if checked is None:
                    checked = finalize(job.channel, value, job.ctx, Guard())
                return checked, checked.blocking, checked.notes

            result = self.run_task(self._channel_messages(job), check)
            if result.value is not None:
                files = job.channel.render(result.value.value, job.ctx)
                return ChannelOutcome(result.value, result.faults, None, result.attempts, files)
            why = result.error or f"still invalid after {result.attempts} attempt(s): " + "; ".join(result.blocking[:3])
            return ChannelOutcome(None, result.faults, why, result.attempts)

        return self.session.run_all([partial(one, j) for j in jobs])


def _pydantic_problem(err: ErrorDetails) -> str:
    where = ".".join(str(p) for p in err.get("loc", ())) or "(object)"
    return f"{where}: {err.get('msg', 'invalid')}"
