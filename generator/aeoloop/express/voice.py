"""``brand/voice.yml``: the brand voice as rules, validated with ``file:line`` errors.

The file has shorthand sections for what every brand needs (terminology, limits, readability,
headings, disclaimers) and a ``rules:`` list for anything else, written exactly like a Vale rule.
Every shorthand entry compiles to one of the rule types of :mod:`aeoloop.express.rules`, so a
voice.yml rule and a Vale rule behave the same. Schema (all sections optional)::

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

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import Diagnostic
from .rules import BuildContext, Origin, Rule, RuleError, Unsupported, build_rule
from .textstats import FORMULAS
from .violations import LEVELS
from .yamlsrc import Source, load_yaml

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


@dataclass
class Voice:
    """The loaded voice: tone for prompts, Vale settings and level overrides."""

    tone: Tone = field(default_factory=Tone)
    vale: ValeSettings = field(default_factory=ValeSettings)
    overrides: dict[str, str] = field(default_factory=dict)

    def prompt(self) -> str:
        """The tone as a paragraph for a model's instructions."""
        parts = []
        if self.tone.descriptors:
            parts.append("Voice: " + ", ".join(self.tone.descriptors) + ".")
        if self.tone.guidance:
            parts.append(self.tone.guidance.strip())
        for ex in self.tone.examples:
            label = "Write like this" if ex.kind == "do" else "Never write like this"
            parts.append(f"{label}: \"{ex.text.strip()}\"" + (f" ({ex.note.strip()})" if ex.note else ""))
        return "\n".join(parts)


_WORDS = r"[^\W_]+(?:[-'’][^\W_]+)*|\ufffc"


def _literal(term: str) -> str:
    """A literal phrase as a pattern that also matches across a wrapped line."""
    return r"\s+".join(re.escape(part) for part in term.split())


def _langs(value: Langs) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


@dataclass
class _Spec:
    """One rule to build: its id, Vale-shaped mapping and where it was written."""

    name: str
    cfg: dict[str, Any]
    loc: tuple[str | int, ...]


def _with(cfg: dict[str, Any], lang: Langs, scope: Scope = None) -> dict[str, Any]:
    langs = _langs(lang)
    if langs:
        cfg["lang"] = langs
    if scope:
        cfg["scope"] = scope
    return cfg


def _scope_key(scope: Scope) -> str:
    return ",".join([scope] if isinstance(scope, str) else list(scope or []))


def compile_voice(voice: VoiceFile, glossary: list[Any], errors: list[RuleError] | None = None) -> list[_Spec]:
    """Shorthand sections → Vale-shaped rule mappings. Problems with one entry are appended to
    ``errors`` (when given; else raised) and the other entries are still compiled."""
    specs: list[_Spec] = []

    def fail(err: RuleError) -> None:
        if errors is None:
            raise err
        errors.append(err)

    term = voice.terminology

    # one substitution rule per (level, message, case, languages): one regex pass per page
    merged: dict[tuple[str, str, bool, str, str], dict[str, str]] = {}
    merged_loc: dict[tuple[str, str, bool, str, str], tuple[str | int, ...]] = {}
    for i, p in enumerate(term.preferred):
        pats = [_literal(x) for x in p.replaces] + list(p.patterns)
        key = (p.level or term.level, p.message or "Use '%s' instead of '%s'.", p.ignorecase, ",".join(_langs(p.lang) or []),
               _scope_key(p.scope))
        for pat in pats:
            merged.setdefault(key, {})[pat] = p.term
        merged_loc.setdefault(key, ("terminology", "preferred", i))
    for (level, message, ignorecase, langs, scope), swap in merged.items():
        specs.append(_Spec("Voice.PreferredTerms", _with({
            "extends": "substitution", "message": message, "level": level, "ignorecase": ignorecase, "swap": swap,
        }, langs.split(",") if langs else None, scope.split(",") if scope else None),
            merged_loc[(level, message, ignorecase, langs, scope)]))

    names: list[tuple[CaseSensitive, tuple[str | int, ...]]] = []
    for i, entry in enumerate(term.case_sensitive):
        names.append((CaseSensitive(term=entry) if isinstance(entry, str) else entry, ("terminology", "case_sensitive", i)))
    if term.glossary_case:
        for t in glossary:
            if getattr(t, "case_sensitive", False):
                for surface in [t.name, *t.aliases]:
                    names.append((CaseSensitive(term=surface), ("terminology", "glossary_case")))
    seen: set[str] = set()
    groups: dict[tuple[str, str, str, str], dict[str, str]] = {}
    group_loc: dict[tuple[str, str, str, str], tuple[str | int, ...]] = {}
    for entry, loc in names:
        if entry.term.lower() in seen:
            continue
        seen.add(entry.term.lower())
        key = (entry.level or term.level, entry.message or "Write '%s', not '%s'.", ",".join(_langs(entry.lang) or []),
               _scope_key(entry.scope))
        groups.setdefault(key, {})[_literal(entry.term)] = entry.term
        group_loc.setdefault(key, loc)
    for (level, message, langs, scope), swap in groups.items():
        specs.append(_Spec("Voice.ProductNames", _with({
            "extends": "substitution", "message": message, "level": level, "ignorecase": True, "swap": swap,
        }, langs.split(",") if langs else None, scope.split(",") if scope else None), group_loc[(level, message, langs, scope)]))

    for i, entry in enumerate(term.banned):
        b = Banned(term=entry) if isinstance(entry, str) else entry
        loc = ("terminology", "banned", i)
        if not b.term and not b.pattern:
            fail(RuleError("a banned entry needs `term` (a phrase) or `pattern` (a regular expression)", loc))
            continue
        pat = b.pattern or _literal(b.term or "")
        if b.use:
            cfg = {"extends": "substitution", "message": b.message or "Use '%s' instead of '%s'.", "swap": {pat: b.use}}
        else:
            cfg = {"extends": "existence", "message": b.message or "Avoid '%s'; it is not part of the brand voice.", "tokens": [pat]}
        cfg.update({"level": b.level or term.level, "ignorecase": b.ignorecase})
        specs.append(_Spec("Voice.Banned", _with(cfg, b.lang, b.scope), loc))

    lim = voice.limits
    if lim.sentence:
        specs.append(_Spec("Voice.SentenceLength", _with({
            "extends": "occurrence", "scope": "sentence", "token": _WORDS, "max": lim.sentence.max_words,
            "level": lim.sentence.level,
            "message": lim.sentence.message or f"Sentences should be at most {lim.sentence.max_words} words; this one has %s. Split it.",
        }, lim.sentence.lang), ("limits", "sentence")))
    if lim.paragraph:
        specs.append(_Spec("Voice.ParagraphLength", _with({
            "extends": "occurrence", "scope": "paragraph", "token": _WORDS, "max": lim.paragraph.max_words,
            "level": lim.paragraph.level,
            "message": lim.paragraph.message or f"Paragraphs should be at most {lim.paragraph.max_words} words; this one has %s.",
        }, lim.paragraph.lang), ("limits", "paragraph")))
    if lim.exclamation_marks:
        e = lim.exclamation_marks
        specs.append(_Spec("Voice.Exclamation", _with({
            "extends": "occurrence", "scope": "text", "token": "!", "max": e.max, "level": e.level,
            "message": e.message or (f"At most {e.max} exclamation mark(s) per page; this page has %s." if e.max else "Do not use exclamation marks."),
        }, e.lang, e.scope), ("limits", "exclamation_marks")))
    if lim.superlatives and not lim.superlatives.words:
        fail(RuleError("`superlatives` needs `words`: the superlatives to count", ("limits", "superlatives")))
    elif lim.superlatives:
        s = lim.superlatives
        specs.append(_Spec("Voice.Superlatives", _with({
            "extends": "occurrence", "scope": "text", "ignorecase": True, "max": s.max, "level": s.level,
            "token": r"\b(?:" + "|".join(_literal(w) for w in s.words) + r")\b",
            "message": s.message or f"At most {s.max} superlative(s) per page; this page has %s. Show the evidence instead.",
        }, s.lang, s.scope), ("limits", "superlatives")))

    for lang, target in voice.readability.items():
        if target.min is None and target.max is None:
            fail(RuleError("a readability target needs `min` or `max`", ("readability", lang)))
            continue
        conds = []
        if target.min is not None:
            conds.append(("<", target.min, f"at least {target.min:g}"))
        if target.max is not None:
            conds.append((">", target.max, f"at most {target.max:g}"))
        for op, value, want in conds:
            label = target.metric.replace("_", " ")
            specs.append(_Spec("Voice.Readability", {
                "extends": "metric", "formula": target.metric, "condition": f"{op} {value}",
                "scope": "summary" if target.per == "page" else "paragraph", "min_words": target.min_words,
                "level": target.level, "lang": [lang],
                "message": target.message or f"{label.capitalize()} is %s; aim for {want} ({'page' if target.per == 'page' else 'paragraph'}). Shorter sentences and plainer words help.",
            }, ("readability", lang)))

    if voice.headings is not None:
        h = voice.headings
        exceptions = list(h.exceptions)
        if h.glossary_exceptions:
            for t in glossary:
                for surface in [t.name, *t.aliases]:
                    if any(ch.isupper() for ch in surface[1:]) or getattr(t, "case_sensitive", False):
                        exceptions.append(surface)
                        if surface[:1].isupper() and any(ch.isupper() for ch in surface[1:]):
                            exceptions.append(surface[:1].lower() + surface[1:])
        match = {"sentence": "$sentence", "title": "$title", "lower": "$lower", "upper": "$upper"}[h.capitalization]
        specs.append(_Spec("Voice.Headings", _with({
            "extends": "capitalization", "scope": "heading", "match": match, "style": h.style,
            "exceptions": [re.escape(x) for x in dict.fromkeys(exceptions)], "indicators": [":"], "threshold": 0.999,
            "level": h.level, "message": h.message or f"Use {h.capitalization} case in headings: '%s'.",
        }, h.lang), ("headings",)))

    for i, d in enumerate(voice.disclaimers):
        specs.append(_Spec(f"Voice.Disclaimer.{d.name}", _with({
            "extends": "conditional", "scope": "text", "ignorecase": True, "first": d.claim, "second": d.disclaimer,
            "level": d.level,
            "message": d.message or "The claim '%s' needs a disclaimer on the same page.",
        }, d.lang, d.scope), ("disclaimers", i)))

    for i, cfg in enumerate(voice.rules):
        name = cfg.get("name") if isinstance(cfg, dict) else None
        if not isinstance(name, str) or not re.match(r"^[A-Za-z][A-Za-z0-9_.-]*$", name):
            fail(RuleError("every entry of `rules` needs a `name` (letters, digits, - _ .): it becomes the rule id Voice.<name>", ("rules", i)))
            continue
        specs.append(_Spec(f"Voice.{name}", dict(cfg), ("rules", i)))
    return specs


def _explain(err: dict[str, Any]) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key; remove it or check its spelling"
    if err["type"] == "literal_error":
        return str(err["msg"]).replace("Input should be", "must be")
    return str(err["msg"]).removeprefix("Value error, ")


def load_voice(path: Path, display: str, glossary: list[Any], accepted: list[str]) -> tuple[Voice | None, list[Rule], list[Diagnostic]]:
    """Load voice.yml: (voice settings, rules, diagnostics). A bad entry is reported and
    skipped; the other rules are still returned."""
    src, bad = load_yaml(path, display)
    if src is None:
        return None, [], [bad] if bad else []
    data = src.data if src.data is not None else {}
    if not isinstance(data, dict):
        return None, [], [src.diag((), "voice.yml must be a mapping of sections (tone, terminology, limits, ...)")]
    diags: list[Diagnostic] = []
    try:
        voice_file = VoiceFile.model_validate(data)
    except ValidationError as err:
        for e in err.errors():
            loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x in ("CaseSensitive", "Banned", "str")))
            where = ".".join(str(p) for p in loc) or "(top level)"
            diags.append(src.diag(loc, f"`{where}`: {_explain(e)}"))
        # validate what we can, section by section, so one typo does not hide every other rule
        voice_file = _partial(data, diags)
    voice = Voice(voice_file.tone, voice_file.vale, voice_file.overrides)
    rules, more = build_specs(voice_file, glossary, accepted, src)
    return voice, rules, diags + more


def _ok(data: dict[str, Any]) -> bool:
    try:
        VoiceFile.model_validate(data)
        return True
    except ValidationError:
        return False


def _partial(data: dict[str, Any], diags: list[Diagnostic]) -> VoiceFile:
    """Keep every section, sub-section and list entry that is valid on its own."""
    kept: dict[str, Any] = {}
    for key, value in data.items():
        if key not in VoiceFile.model_fields:
            continue
        if _ok({key: value}):
            kept[key] = value
        elif key == "rules" and isinstance(value, list):
            kept[key] = [r for r in value if isinstance(r, dict)]
        elif isinstance(value, list):
            kept[key] = [item for item in value if _ok({key: [item]})]
        elif isinstance(value, dict):
            part: dict[str, Any] = {}
            for sub, sub_value in value.items():
                if _ok({key: {sub: sub_value}}):
                    part[sub] = sub_value
                elif isinstance(sub_value, list):
                    part[sub] = [item for item in sub_value if _ok({key: {sub: [item]}})]
            if _ok({key: part}):
                kept[key] = part
    try:
        return VoiceFile.model_validate(kept)
    except ValidationError:  # pragma: no cover - every kept part validated alone
        return VoiceFile()


def build_specs(voice_file: VoiceFile, glossary: list[Any], accepted: list[str], src: Source) -> tuple[list[Rule], list[Diagnostic]]:
    rules: list[Rule] = []
    diags: list[Diagnostic] = []
    problems: list[RuleError] = []
    specs = compile_voice(voice_file, glossary, problems)
    diags.extend(src.diag(err.key, err.message) for err in problems)
    for spec in specs:
        ctx = BuildContext(accepted=accepted, dialect="voice")
        line = src.line(*spec.loc)
        # a `rules:` entry is Vale-shaped: its keys have lines of their own
        keys = {k[len(spec.loc):]: n for k, n in src.lines.items() if k[:len(spec.loc)] == spec.loc} if spec.loc[:1] == ("rules",) else {}
        try:
            rule = build_rule(spec.name, spec.cfg, Origin(src.display, line, keys), ctx)
            rules.append(rule)
        except Unsupported as err:
            diags.append(src.diag(spec.loc + err.key if spec.loc[:1] == ("rules",) else spec.loc, f"{spec.name}: {err.message}", "warning"))
        except RuleError as err:
            key = spec.loc + err.key if spec.loc[:1] == ("rules",) else spec.loc
            diags.append(src.diag(key, f"{spec.name}: {err.message}"))
        for key, message in ctx.warnings:
            full = spec.loc + key if spec.loc[:1] == ("rules",) else spec.loc
            diags.append(src.diag(full, f"{spec.name}: {message}", "warning"))
    return rules, diags
