"""The llm intro: the model is prompted with one audience (pains, goals, role, stage) and the page,
and its answer is held to the same bar as the extractive intro: 2–3 whole sentences that stand
alone (the quality contract), the brand rules, no markup, links or repeated instructions. Problems
go back to the model through the backend's repair loop; a model that never gets it right leaves
the step to fall back to the extractive intro.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from ..amplify.channels.sanitize import clean_text, looks_like_injection
from ..quality import check_sentences, check_standalone
from ..text import count_words, split_sentences
from .intro import INTRO_MAX_WORDS, Blocked
from .targets import Target

if TYPE_CHECKING:
    from ..backends.llm import LlmBackend
    from ..page import Page

TASK = "audience-intro"
EXPECTED_TOKENS = 200


class IntroOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    intro: str = Field(description="2 or 3 plain sentences for this reader")


def problems(text: str, lang: str, blocked: Blocked) -> list[str]:
    """Why an intro cannot be published (empty: it can)."""
    out: list[str] = []
    sentences = split_sentences(text)
    if not 2 <= len(sentences) <= 3:
        out.append(f"intro: {len(sentences)} sentence(s); write 2 or 3")
    if count_words(text) > INTRO_MAX_WORDS:
        out.append(f"intro: {count_words(text)} words; at most {INTRO_MAX_WORDS}")
    for sentence in sentences:
        for failure in [*check_sentences(sentence, lang=lang), *check_standalone(sentence, lang=lang)]:
            out.append(f'intro sentence "{sentence[:60]}": {failure}')
        out.extend(f'intro sentence "{sentence[:60]}": {why}' for why in blocked(sentence, lang))
    phrase = looks_like_injection(text)
    if phrase:
        out.append(f'the text repeats instructions ("{phrase}"); write only about the page\'s subject')
    return out


def messages(backend: LlmBackend, page: Page, target: Target) -> list[dict[str, str]]:
    return backend._prompts().messages(
        "audience.j2",
        page,
        task=TASK,
        what=f"the opening of a web page for one audience ({target.audience.name})",
        schema=IntroOut.model_json_schema(),
        url=backend._url(page),
        audiences=[target.audience],
        audience=target.audience,
        stage=target.stage,
        max_words=INTRO_MAX_WORDS,
    )


def producer(backend: LlmBackend, version: str) -> dict[str, str]:
    return {
        "backend": backend.name,
        "model": f"{backend.model}|{backend.opts.params_hash()}",
        "template_version": f"{backend.template_version}+{version}",
    }


def plan(backend: LlmBackend, page: Page, target: Target) -> None:
    """Dry run: record the call the build would make (cost estimate), make none."""
    backend.session.plan(page.src_uri, TASK, messages(backend, page, target), EXPECTED_TOKENS)


def llm_intro(
    backend: LlmBackend, page: Page, target: Target, blocked: Blocked
) -> tuple[str | None, list[str], str | None]:
    """(intro, faults recovered from, why there is none)."""

    def check(data: dict[str, Any]) -> tuple[str, list[str], list[str]]:
        value = IntroOut.model_validate(data)
        text, removed = clean_text(value.intro)
        blocking = [f"{r}" for r in removed] + problems(text, page.lang, blocked)
        return text, blocking, []

    try:
        result = backend.run_task(messages(backend, page, target), check)
    except Exception as err:  # noqa: BLE001 - one intro of one page, never the build
        return None, [], f"{type(err).__name__}: {err}"
    if result.value is not None:
        return str(result.value), result.faults, None
    why = result.error or f"still invalid after {result.attempts} attempt(s): " + "; ".join(result.blocking[:3])
    return None, result.faults, why
