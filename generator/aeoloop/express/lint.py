"""The lint runner: load the rules once, check pages, collect typed violations.

``load_rules`` reads ``brand/voice.yml`` and every Vale style folder and vocabulary under
``brand/vale/``; a bad rule becomes a diagnostic (with file and line) and the others still run.
``lint_paths`` checks Markdown files and returns a :class:`LintReport`; ``lint_document`` is
the core shared with the guardrails.

A rule whose pattern runs out of time on a page (catastrophic backtracking, see
:mod:`aeoloop.express.timed`) is skipped for the rest of the run, on every page, and reported
once as a problem of its rule file and line: lint and the build go on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..brand import Term
from ..errors import ConfigError, Diagnostic, rel
from ..page import masked_source
from .markup import Document, parse_markdown
from .rules import Hit, LintRule
from .timed import PatternTimeout
from .vale import load_style_rules, load_vocabularies, vocab_rules
from .violations import LEVEL_RANK, Violation, level_at_least
from .voice import Voice, load_voice
from .voice_schema import ValeSettings
from ..yamlsrc import Source, load_yaml

VOICE_FILE = "voice.yml"


@dataclass
class RuleSet:
    """Every rule of a project, plus what was wrong with the rule files."""

    rules: list[LintRule]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    voice: Voice | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]

    def for_lang(self, lang: str) -> list[LintRule]:
        return _for_lang(self, lang)

    @property
    def timeouts(self) -> list[Diagnostic]:
        """One problem per rule skipped because a pattern ran out of time (so far in this run)."""
        return [r.timed_out for r in self.rules if r.timed_out is not None]

    def __hash__(self) -> int:  # identity: used as a cache key
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


@lru_cache(maxsize=64)
def _for_lang_cached(ruleset: RuleSet, lang: str) -> tuple[LintRule, ...]:
    return tuple(r for r in ruleset.rules if r.applies_to(lang))


def _for_lang(ruleset: RuleSet, lang: str) -> list[LintRule]:
    return list(_for_lang_cached(ruleset, lang))


def load_rules(brand_dir: Path, root: Path, glossary: list[Term] | None = None) -> RuleSet:
    """voice.yml + Vale styles + vocabularies → one RuleSet (never raises for bad rules)."""
    glossary = glossary or []
    diags: list[Diagnostic] = []
    voice_path = brand_dir / VOICE_FILE
    settings = ValeSettings()
    src = None
    if voice_path.is_file():
        src, _ = load_yaml(voice_path, rel(voice_path, root))
        if src is not None and isinstance(src.data, dict) and isinstance(src.data.get("vale"), dict):
            try:
                settings = ValeSettings.model_validate(src.data["vale"])
            except Exception:  # reported by load_voice with its line
                settings = ValeSettings()
    vale_dir = brand_dir / settings.path
    accepted, rejected, d, files = load_vocabularies(vale_dir, root, settings.vocabularies, src)
    diags.extend(d)
    rules: list[LintRule] = []
    voice: Voice | None = None
    if voice_path.is_file():
        voice, voice_rules, d = load_voice(voice_path, rel(voice_path, root), glossary, accepted)
        rules.extend(voice_rules)
        diags.extend(d)
    for ini in (vale_dir / ".vale.ini", root / ".vale.ini", vale_dir.parent / ".vale.ini"):
        if ini.is_file():
            diags.append(
                Diagnostic(
                    rel(ini, root),
                    None,
                    "is not read by aeoloop: every style folder of "
                    f"{rel(vale_dir, root)} is applied; choose vocabularies, languages and levels in "
                    "brand/voice.yml (`vale:` and `overrides:`)",
                    "warning",
                )
            )
            break
    style_rules, d = load_style_rules(vale_dir, root, accepted, settings.languages, src)
    rules.extend(style_rules)
    diags.extend(d)
    for rule in vocab_rules(accepted, rejected, files, root):
        if "Vale" in settings.languages:  # the built-in style of vocabulary rules
            rule.langs = frozenset(x.lower() for x in settings.languages["Vale"])
        rules.append(rule)
    if voice is not None and voice.overrides:
        rules, d = _apply_overrides(rules, voice.overrides, rel(voice_path, root), src)
        diags.extend(d)
    return RuleSet(rules, diags, voice)


def _apply_overrides(
    rules: list[LintRule], overrides: dict[str, str], display: str, src: Source | None = None
) -> tuple[list[LintRule], list[Diagnostic]]:
    used: set[str] = set()
    out = []
    for rule in rules:
        key = (
            rule.name
            if rule.name in overrides
            else rule.name.split(".", 1)[0]
            if rule.name.split(".", 1)[0] in overrides
            else None
        )
        if key is None:
            out.append(rule)
            continue
        used.add(key)
        level = overrides[key]
        if level == "off":
            continue
        rule.level = level
        out.append(rule)
    diags = [
        Diagnostic(
            display,
            src.line("overrides", k) if src is not None else None,
            f"`overrides` names `{k}`, which is not a loaded rule or style",
            "warning",
        )
        for k in overrides
        if k not in used
    ]
    return out, diags


def project_rules(project: Any) -> RuleSet:
    """The rules of a loaded :class:`~aeoloop.project.Project` (glossary from its brand)."""
    cache = project.__dict__.setdefault("_lint_rules", None)
    if cache is None:
        cache = load_rules(project.brand_dir, project.root, project.brand.glossary)
        project.__dict__["_lint_rules"] = cache
    return cache


# -------------------------------------------------------------------------------------------
# Checking
# -------------------------------------------------------------------------------------------


def _violation(doc: Document, rule: LintRule, hit: Hit) -> Violation:
    seg = hit.segment
    start, end = seg.source_span(hit.start, hit.end)
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(end)
    fixable = bool(
        hit.replace
        and rule.fixable
        and hit.suggestion is not None
        and seg.kind not in ("title", "description")
        and seg.fixable(hit.start, hit.end, doc.source)
    )
    return Violation(
        doc.file,
        line,
        col,
        rule.name,
        rule.level,
        hit.message,
        end_line,
        end_col,
        (start, end),
        hit.suggestion,
        fixable,
        seg.text[hit.start : hit.end],
        rule.link,
    )


def lint_document(
    doc: Document, rules: Iterable[LintRule], *, problems: list[Diagnostic] | None = None
) -> list[Violation]:
    """Run rules on one parsed document. A rule that crashes is reported in ``problems``
    (when given) and skipped; it never hides the findings of the others."""
    out: list[Violation] = []
    seen: set[tuple[str, int, int]] = set()
    for rule in rules:
        if not rule.applies_to(doc.lang) or rule.timed_out is not None:
            continue
        count = 0
        try:
            for hit in rule.check(doc):
                v = _violation(doc, rule, hit)
                key = (rule.name, v.span[0], v.span[1])
                if key in seen:
                    continue
                seen.add(key)
                out.append(v)
                count += 1
                if rule.limit is not None and count >= rule.limit:
                    break
        except PatternTimeout as err:
            rule.timed_out = timeout_problem(rule, err, doc.file)
        except Exception as err:  # a rule bug must not stop the others
            if problems is not None:
                problems.append(
                    Diagnostic(
                        rule.origin.file,
                        rule.origin.line,
                        f"{rule.name} failed on {doc.file}: {type(err).__name__}: {err}",
                    )
                )
    out.sort()
    return out


def timeout_problem(rule: LintRule, err: PatternTimeout, page: str) -> Diagnostic:
    """Where the runaway pattern was written, and what to do about it."""
    culprit = err.culprit
    if culprit is not None and culprit.file is not None:
        file, line = culprit.file, culprit.line
    else:
        file, line = rule.origin.file, rule.origin.line_of(err.key)
    shown = err.text if len(err.text) <= 120 else err.text[:117] + "..."
    return Diagnostic(
        file,
        line,
        f"{rule.name}: pattern {shown!r} ran longer than {err.seconds:.1f}s on {page} and was stopped; "
        "the rule is skipped for this run. Rewrite it without nested or overlapping repetition such as "
        "(a+)+ or (a|a)* (the limit per 100,000 characters of text is set by AEOLOOP_REGEX_TIMEOUT, default 1 second of CPU time)",
    )


def decode(data: bytes, display: str) -> tuple[str | None, bool, Violation | None]:
    """(text, had_bom, encoding violation). Line endings are kept as they are."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as err:
        start = err.start + (3 if bom else 0)
        line = data[:start].count(b"\n") + 1
        col = start - (data.rfind(b"\n", 0, start) + 1) + 1
        return (
            None,
            bom,
            Violation(
                display,
                line,
                col,
                "Aeoloop.Encoding",
                "error",
                f"byte 0x{data[start]:02x} is not valid UTF-8; save the file as UTF-8 (most editors: 'Save with encoding' → UTF-8)",
                line,
                col + 1,
                (start, start + 1),
            ),
        )
    return text, bom, None


def lint_source(
    text: str, display: str, ruleset: RuleSet, *, default_lang: str = "en", problems: list[Diagnostic] | None = None
) -> tuple[list[Violation], Document]:
    doc = parse_markdown(masked_source(text), lang=default_lang, file=display)  # MDX markup is not prose
    return lint_document(doc, ruleset.for_lang(doc.lang), problems=problems), doc


def lint_page(page: Any, ruleset: RuleSet, display: str | None = None) -> list[Violation]:
    """Check a loaded :class:`~aeoloop.page.Page` (line numbers match the file)."""
    doc = parse_markdown(page.lint_source or page.source, lang=page.lang, file=display or page.src_uri)
    doc.lang = page.lang
    return lint_document(doc, ruleset.for_lang(page.lang))


@dataclass
class LintReport:
    violations: list[Violation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # rule files and rule crashes
    files: int = 0
    words: int = 0
    seconds: float = 0.0

    def count(self, level: str) -> int:
        return sum(1 for v in self.violations if v.level == level)

    @property
    def errors(self) -> int:
        return self.count("error")

    def at_least(self, minimum: str) -> list[Violation]:
        return [v for v in self.violations if level_at_least(v.level, minimum)]

    def summary(self) -> str:
        return (
            f"{self.files} file(s), {self.words} words checked: {self.count('error')} error(s), "
            f"{self.count('warning')} warning(s), {self.count('suggestion')} suggestion(s)"
        )


def markdown_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(x for x in p.rglob("*.md") if not any(part.startswith(".") for part in x.relative_to(p).parts))
            )
        elif p.is_file():
            out.append(p)
        else:
            raise ConfigError(f"{p} does not exist")
    return out


def lint_files(files: Iterable[Path], ruleset: RuleSet, root: Path, *, default_lang: str = "en") -> LintReport:
    report = LintReport(diagnostics=list(ruleset.diagnostics))
    started = time.perf_counter()
    for path in files:
        display = rel(path, root)
        report.files += 1
        text, _bom, bad = decode(path.read_bytes(), display)
        if text is None:
            assert bad is not None
            report.violations.append(bad)
            continue
        violations, doc = lint_source(text, display, ruleset, default_lang=default_lang, problems=report.diagnostics)
        report.violations.extend(violations)
        report.words += sum(len(s.text.split()) for s in doc.segments)
    report.diagnostics.extend(ruleset.timeouts)
    report.seconds = time.perf_counter() - started
    report.violations.sort(key=lambda v: (v.file, v.line, v.column, -LEVEL_RANK.get(v.level, 0), v.rule))
    return report


def lint_paths(project: Any, paths: Iterable[Path] | None = None) -> LintReport:
    """Lint the given files/folders (default: the project's docs_dir) with the project's rules."""
    ruleset = project_rules(project)
    targets = list(paths) if paths else [project.docs_dir]
    return lint_files(markdown_files(targets), ruleset, project.root, default_lang=project.language)
