"""The schema of ``brand/voice.yml`` (pydantic models): the brand voice, validated with ``file:line`` errors.

The file has shorthand sections for what every brand needs (terminology, limits, readability,
headings, disclaimers) and a ``rules:`` list for anything else, written exactly like a Vale rule.
Every shorthand entry compiles (:mod:`aeoloop.express.voice`) to one of the rule types of
:mod:`aeoloop.express.rules`, so a voice.yml rule and a Vale rule behave the same. Schema (all sections optional)::

    version: 1
    tone:                          # for people and prompts; never checked
      descriptors: [practical, precise]
      guidance: One paragraph on how the brand sounds.
      examples: [{kind: do|dont, text: "...", note: "..."}]
    terminology:
      level: warning               # default level of the entries below
      preferred:                   # substitution, fixable with --fix
        - {term: CMMS, replaces: [maintenance software], patterns: [regex, ...], ignorecase: true}
      case_sensitive: [Ridgeline Monitor, {term: LoRaWAN, level: error}]
      glossary_case: true          # + names and aliases of glossary terms with case_sensitive: true
      banned:                      # existence; with `use:`, a substitution
        - {term: synergy, level: error} | {pattern: 'regex', use: replacement, message: ...}
    limits:
      sentence: {max_words: 35, level: warning}
      paragraph: {max_words: 120, level: suggestion}
      exclamation_marks: {max: 0, level: error}            # per page
      superlatives: {max: 2, level: warning, words: [best, ...]}   # per page
    readability:                   # per page language
      en: {metric: flesch_reading_ease, min: 30, level: suggestion, per: page|paragraph}
      it: {metric: gulpease_index, min: 40}
    headings:
      capitalization: sentence     # sentence | title | lower | upper
      style: AP                    # for title case: AP | Chicago
      exceptions: [Ridgeline]      # + glossary names and aliases written with capitals
      level: warning
    disclaimers:                   # a claim needs a disclaimer on the same page
      - {name: Payback, claim: 'regex', disclaimer: 'regex', level: error, message: ...}
    rules:                         # Vale-shaped rules; `name:` gives the rule id Voice.<name>
      - {name: Hedging, extends: existence, tokens: [...], message: ..., level: suggestion}
    vale:
      path: vale                   # Vale StylesPath, relative to brand/ (default: vale)
      languages: {Ridgeline: [en]} # restrict a style to page languages (default: all)
      vocabularies: [Ridgeline]    # default: every folder in <path>/config/vocabularies
    overrides: {Ridgeline.Hedging: suggestion, Vale.Terms: off}

Every entry takes ``level`` (suggestion | warning | error), ``message`` and ``lang`` (a page
language or a list of them); terminology entries, count limits and disclaimers also take
``scope`` (text — the default —, heading, paragraph, sentence, list, table.cell, ...). In voice.yml, ``max: 0`` means
"none allowed" (in a Vale rule file it means "not set", as in Vale).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .textstats import FORMULAS
from .violations import LEVELS


Level = Literal["suggestion", "warning", "error"]
Langs = list[str] | str | None
Scope = list[str] | str | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToneExample(_Strict):
    kind: Literal["do", "dont"] = "do"
    text: str
    note: str | None = None


class Tone(_Strict):
    descriptors: list[str] = Field(default_factory=list)
    guidance: str | None = None
    examples: list[ToneExample] = Field(default_factory=list)


class Preferred(_Strict):
    term: str
    replaces: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    ignorecase: bool = True
    level: Level | None = None
    message: str | None = None
    scope: Scope = None
    lang: Langs = None


class CaseSensitive(_Strict):
    term: str
    level: Level | None = None
    message: str | None = None
    scope: Scope = None
    lang: Langs = None


class Banned(_Strict):
    term: str | None = None
    pattern: str | None = None
    use: str | None = None
    ignorecase: bool = True
    level: Level | None = None
    message: str | None = None
    scope: Scope = None
    lang: Langs = None


class Terminology(_Strict):
    level: Level = "warning"
    preferred: list[Preferred] = Field(default_factory=list)
    case_sensitive: list[CaseSensitive | str] = Field(default_factory=list)
    glossary_case: bool = False
    banned: list[Banned | str] = Field(default_factory=list)


class LengthLimit(_Strict):
    max_words: int = Field(ge=1)
    level: Level = "warning"
    message: str | None = None
    lang: Langs = None


class CountLimit(_Strict):
    max: int = Field(ge=0)
    level: Level = "warning"
    message: str | None = None
    words: list[str] = Field(default_factory=list)
    scope: Scope = None
    lang: Langs = None


class Limits(_Strict):
    sentence: LengthLimit | None = None
    paragraph: LengthLimit | None = None
    exclamation_marks: CountLimit | None = None
    superlatives: CountLimit | None = None


class ReadabilityTarget(_Strict):
    metric: str
    min: float | None = None
    max: float | None = None
    level: Level = "suggestion"
    per: Literal["page", "paragraph"] = "page"
    min_words: int = 40
    message: str | None = None

    @field_validator("metric")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in FORMULAS:
            raise ValueError(f"unknown metric {value!r}; use one of: {', '.join(FORMULAS)}")
        return value


class Headings(_Strict):
    capitalization: Literal["sentence", "title", "lower", "upper"] = "sentence"
    style: Literal["AP", "Chicago"] = "AP"
    exceptions: list[str] = Field(default_factory=list)
    glossary_exceptions: bool = True
    level: Level = "warning"
    message: str | None = None
    lang: Langs = None


class Disclaimer(_Strict):
    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")
    claim: str
    disclaimer: str
    level: Level = "error"
    message: str | None = None
    scope: Scope = None
    lang: Langs = None


class ValeSettings(_Strict):
    path: str = "vale"
    languages: dict[str, list[str]] = Field(default_factory=dict)
    vocabularies: list[str] | None = None


class VoiceFile(_Strict):
    version: int = 1
    tone: Tone = Field(default_factory=Tone)
    terminology: Terminology = Field(default_factory=Terminology)
    limits: Limits = Field(default_factory=Limits)
    readability: dict[str, ReadabilityTarget] = Field(default_factory=dict)
    headings: Headings | None = None
    disclaimers: list[Disclaimer] = Field(default_factory=list)
    rules: list[dict[str, Any]] = Field(default_factory=list)
    vale: ValeSettings = Field(default_factory=ValeSettings)
    overrides: dict[str, str] = Field(default_factory=dict)

    @field_validator("overrides", mode="before")
    @classmethod
    def _off(cls, value: Any) -> Any:
        """YAML reads a bare `off` as false: accept it as "off"."""
        if isinstance(value, dict):
            return {k: ("off" if v is False else v) for k, v in value.items()}
        return value

    @field_validator("overrides")
    @classmethod
    def _levels(cls, value: dict[str, str]) -> dict[str, str]:
        for key, level in value.items():
            if str(level) not in (*LEVELS, "off"):
                raise ValueError(f"{key}: level must be one of {', '.join(LEVELS)} or off, not {level!r}")
        return value
