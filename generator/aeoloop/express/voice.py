"""``brand/voice.yml`` loaded: its sections compiled to rules, errors as ``file:line`` diagnostics.

The file's schema (every section and key) is :mod:`aeoloop.express.voice_schema`.
"""

# Over 400 lines on purpose: one job (voice.yml's shorthand sections compiled to rules); the sections share the grouping of terms into one rule per level, message and language, and reading them apart would repeat it.

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..brand import Term
from ..errors import Diagnostic
from .rules import BuildContext, LintRule, Origin, RuleError, Unsupported, build_rule
from ..yamlsrc import Source, load_yaml
from .voice_schema import Banned, CaseSensitive, Langs, LengthLimit, Scope, Tone, ValeSettings, VoiceFile


@dataclass
class Voice:
    """The loaded voice: tone for prompts, Vale settings and level overrides."""

    tone: Tone = field(default_factory=Tone)
    vale: ValeSettings = field(default_factory=ValeSettings)
    overrides: dict[str, str] = field(default_factory=dict)
    sentence: LengthLimit | None = None  # limits.sentence: generated text is chosen to keep it too

    def sentence_max(self, lang: str) -> int | None:
        """The brand's longest sentence in words for ``lang`` (None: no limit for that language).
        The extractive backend prefers candidates within it, so generated text meets the rule
        that ``Voice.SentenceLength`` lints."""
        limit = self.sentence
        if limit is None:
            return None
        langs = _langs(limit.lang)
        return limit.max_words if langs is None or lang in langs else None

    def prompt(self) -> str:
        """The tone as a paragraph for a model's instructions."""
        parts = []
        if self.tone.descriptors:
            parts.append("Voice: " + ", ".join(self.tone.descriptors) + ".")
        if self.tone.guidance:
            parts.append(self.tone.guidance.strip())
        for ex in self.tone.examples:
            label = "Write like this" if ex.kind == "do" else "Never write like this"
            parts.append(f'{label}: "{ex.text.strip()}"' + (f" ({ex.note.strip()})" if ex.note else ""))
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


def compile_voice(voice: VoiceFile, glossary: list[Term], errors: list[RuleError] | None = None) -> list[_Spec]:
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
        key = (
            p.level or term.level,
            p.message or "Use '%s' instead of '%s'.",
            p.ignorecase,
            ",".join(_langs(p.lang) or []),
            _scope_key(p.scope),
        )
        for pat in pats:
            merged.setdefault(key, {})[pat] = p.term
        merged_loc.setdefault(key, ("terminology", "preferred", i))
    for (level, message, ignorecase, langs, scope), swap in merged.items():
        specs.append(
            _Spec(
                "Voice.PreferredTerms",
                _with(
                    {
                        "extends": "substitution",
                        "message": message,
                        "level": level,
                        "ignorecase": ignorecase,
                        "swap": swap,
                    },
                    langs.split(",") if langs else None,
                    scope.split(",") if scope else None,
                ),
                merged_loc[(level, message, ignorecase, langs, scope)],
            )
        )

    names: list[tuple[CaseSensitive, tuple[str | int, ...]]] = []
    for i, listed in enumerate(term.case_sensitive):
        names.append(
            (CaseSensitive(term=listed) if isinstance(listed, str) else listed, ("terminology", "case_sensitive", i))
        )
    if term.glossary_case:
        for t in glossary:
            if t.case_sensitive:
                for surface in [t.name, *t.aliases]:
                    names.append((CaseSensitive(term=surface), ("terminology", "glossary_case")))
    seen: set[str] = set()
    groups: dict[tuple[str, str, str, str], dict[str, str]] = {}
    group_loc: dict[tuple[str, str, str, str], tuple[str | int, ...]] = {}
    for spelled, loc in names:
        if spelled.term.lower() in seen:
            continue
        seen.add(spelled.term.lower())
        group = (
            spelled.level or term.level,
            spelled.message or "Write '%s', not '%s'.",
            ",".join(_langs(spelled.lang) or []),
            _scope_key(spelled.scope),
        )
        groups.setdefault(group, {})[_literal(spelled.term)] = spelled.term
        group_loc.setdefault(group, loc)
    for (level, message, langs, scope), swap in groups.items():
        specs.append(
            _Spec(
                "Voice.ProductNames",
                _with(
                    {
                        "extends": "substitution",
                        "message": message,
                        "level": level,
                        "ignorecase": True,
                        "swap": swap,
                    },
                    langs.split(",") if langs else None,
                    scope.split(",") if scope else None,
                ),
                group_loc[(level, message, langs, scope)],
            )
        )

    for i, entry in enumerate(term.banned):
        b = Banned(term=entry) if isinstance(entry, str) else entry
        loc = ("terminology", "banned", i)
        if not b.term and not b.pattern:
            fail(RuleError("a banned entry needs `term` (a phrase) or `pattern` (a regular expression)", loc))
            continue
        pat = b.pattern or _literal(b.term or "")
        cfg: dict[str, Any]
        if b.use:
            cfg = {"extends": "substitution", "message": b.message or "Use '%s' instead of '%s'.", "swap": {pat: b.use}}
        else:
            cfg = {
                "extends": "existence",
                "message": b.message or "Avoid '%s'; it is not part of the brand voice.",
                "tokens": [pat],
            }
        cfg.update({"level": b.level or term.level, "ignorecase": b.ignorecase})
        specs.append(_Spec("Voice.Banned", _with(cfg, b.lang, b.scope), loc))

    lim = voice.limits
    if lim.sentence:
        specs.append(
            _Spec(
                "Voice.SentenceLength",
                _with(
                    {
                        "extends": "occurrence",
                        "scope": "sentence",
                        "token": _WORDS,
                        "max": lim.sentence.max_words,
                        "level": lim.sentence.level,
                        "message": lim.sentence.message
                        or f"Sentences should be at most {lim.sentence.max_words} words; this one has %s. Split it.",
                    },
                    lim.sentence.lang,
                ),
                ("limits", "sentence"),
            )
        )
    if lim.paragraph:
        specs.append(
            _Spec(
                "Voice.ParagraphLength",
                _with(
                    {
                        "extends": "occurrence",
                        "scope": "paragraph",
                        "token": _WORDS,
                        "max": lim.paragraph.max_words,
                        "level": lim.paragraph.level,
                        "message": lim.paragraph.message
                        or f"Paragraphs should be at most {lim.paragraph.max_words} words; this one has %s.",
                    },
                    lim.paragraph.lang,
                ),
                ("limits", "paragraph"),
            )
        )
    if lim.exclamation_marks:
        e = lim.exclamation_marks
        specs.append(
            _Spec(
                "Voice.Exclamation",
                _with(
                    {
                        "extends": "occurrence",
                        "scope": "text",
                        "token": "!",
                        "max": e.max,
                        "level": e.level,
                        "message": e.message
                        or (
                            f"At most {e.max} exclamation mark(s) per page; this page has %s."
                            if e.max
                            else "Do not use exclamation marks."
                        ),
                    },
                    e.lang,
                    e.scope,
                ),
                ("limits", "exclamation_marks"),
            )
        )
    if lim.superlatives and not lim.superlatives.words:
        fail(RuleError("`superlatives` needs `words`: the superlatives to count", ("limits", "superlatives")))
    elif lim.superlatives:
        s = lim.superlatives
        specs.append(
            _Spec(
                "Voice.Superlatives",
                _with(
                    {
                        "extends": "occurrence",
                        "scope": "text",
                        "ignorecase": True,
                        "max": s.max,
                        "level": s.level,
                        "token": r"\b(?:" + "|".join(_literal(w) for w in s.words) + r")\b",
                        "message": s.message
                        or f"At most {s.max} superlative(s) per page; this page has %s. Show the evidence instead.",
                    },
                    s.lang,
                    s.scope,
                ),
                ("limits", "superlatives"),
            )
        )

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
            specs.append(
                _Spec(
                    "Voice.Readability",
                    {
                        "extends": "metric",
                        "formula": target.metric,
                        "condition": f"{op} {value}",
                        "scope": "summary" if target.per == "page" else "paragraph",
                        "min_words": target.min_words,
                        "level": target.level,
                        "lang": [lang],
                        "message": target.message
                        or f"{label.capitalize()} is %s; aim for {want} ({'page' if target.per == 'page' else 'paragraph'}). Shorter sentences and plainer words help.",
                    },
                    ("readability", lang),
                )
            )

    if voice.headings is not None:
        h = voice.headings
        exceptions = list(h.exceptions)
        if h.glossary_exceptions:
            for t in glossary:
                for surface in [t.name, *t.aliases]:
                    if any(ch.isupper() for ch in surface[1:]) or t.case_sensitive:
                        exceptions.append(surface)
                        if surface[:1].isupper() and any(ch.isupper() for ch in surface[1:]):
                            exceptions.append(surface[:1].lower() + surface[1:])
        match = {"sentence": "$sentence", "title": "$title", "lower": "$lower", "upper": "$upper"}[h.capitalization]
        specs.append(
            _Spec(
                "Voice.Headings",
                _with(
                    {
                        "extends": "capitalization",
                        "scope": "heading",
                        "match": match,
                        "style": h.style,
                        "exceptions": [re.escape(x) for x in dict.fromkeys(exceptions)],
                        "indicators": [":"],
                        "threshold": 0.999,
                        "level": h.level,
                        "message": h.message or f"Use {h.capitalization} case in headings: '%s'.",
                    },
                    h.lang,
                ),
                ("headings",),
            )
        )

    for i, d in enumerate(voice.disclaimers):
        specs.append(
            _Spec(
                f"Voice.Disclaimer.{d.name}",
                _with(
                    {
                        "extends": "conditional",
                        "scope": "text",
                        "ignorecase": True,
                        "first": d.claim,
                        "second": d.disclaimer,
                        "level": d.level,
                        "message": d.message or "The claim '%s' needs a disclaimer on the same page.",
                    },
                    d.lang,
                    d.scope,
                ),
                ("disclaimers", i),
            )
        )

    for i, cfg in enumerate(voice.rules):
        name = cfg.get("name") if isinstance(cfg, dict) else None
        if not isinstance(name, str) or not re.match(r"^[A-Za-z][A-Za-z0-9_.-]*$", name):
            fail(
                RuleError(
                    "every entry of `rules` needs a `name` (letters, digits, - _ .): it becomes the rule id Voice.<name>",
                    ("rules", i),
                )
            )
            continue
        specs.append(_Spec(f"Voice.{name}", dict(cfg), ("rules", i)))
    return specs


def _explain(err: ErrorDetails) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key; remove it or check its spelling"
    if err["type"] == "literal_error":
        return str(err["msg"]).replace("Input should be", "must be")
    return str(err["msg"]).removeprefix("Value error, ")


def load_voice(
    path: Path, display: str, glossary: list[Term], accepted: list[str]
) -> tuple[Voice | None, list[LintRule], list[Diagnostic]]:
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
    voice = Voice(voice_file.tone, voice_file.vale, voice_file.overrides, voice_file.limits.sentence)
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


def build_specs(
    voice_file: VoiceFile, glossary: list[Term], accepted: list[str], src: Source
) -> tuple[list[LintRule], list[Diagnostic]]:
    rules: list[LintRule] = []
    diags: list[Diagnostic] = []
    problems: list[RuleError] = []
    specs = compile_voice(voice_file, glossary, problems)
    diags.extend(src.diag(err.key, err.message) for err in problems)
    for spec in specs:
        ctx = BuildContext(accepted=accepted, dialect="voice")
        line = src.line(*spec.loc)
        # a `rules:` entry is Vale-shaped: its keys have lines of their own
        keys = (
            {k[len(spec.loc) :]: n for k, n in src.lines.items() if k[: len(spec.loc)] == spec.loc}
            if spec.loc[:1] == ("rules",)
            else {}
        )
        try:
            rule = build_rule(spec.name, spec.cfg, Origin(src.display, line, keys), ctx)
            rules.append(rule)
        except Unsupported as err:
            diags.append(
                src.diag(
                    spec.loc + err.key if spec.loc[:1] == ("rules",) else spec.loc,
                    f"{spec.name}: {err.message}",
                    "warning",
                )
            )
        except RuleError as err:
            key = spec.loc + err.key if spec.loc[:1] == ("rules",) else spec.loc
            diags.append(src.diag(key, f"{spec.name}: {err.message}"))
        for key, message in ctx.warnings:
            full = spec.loc + key if spec.loc[:1] == ("rules",) else spec.loc
            diags.append(src.diag(full, f"{spec.name}: {message}", "warning"))
    return rules, diags
