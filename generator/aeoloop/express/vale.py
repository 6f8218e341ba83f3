"""Vale styles and vocabularies, used as they are.

Layout (Vale's own ``StylesPath``, here ``brand/vale/`` by default)::

    brand/vale/
      <Style>/<Rule>.yml                        every style folder is applied; rule id <Style>.<Rule>
      config/vocabularies/<Name>/accept.txt     one term or regex per line, # comments
      config/vocabularies/<Name>/reject.txt

As in Vale: accepted entries become exceptions of every rule (unless the rule says
``vocab: false``) and feed ``Vale.Terms`` (a case-insensitive substitution enforcing the exact
spelling of plain-word entries); rejected entries feed ``Vale.Avoid`` (an error-level existence
rule). Rule levels default to ``warning`` and scopes to ``text``.

Supported rule types: existence, substitution, occurrence, repetition, consistency,
conditional, capitalization, readability, metric. Not supported, reported as a warning that
names the file, with the rule skipped: ``spelling``, ``sequence``, ``script``, ``pos`` filters,
scopes other than prose (``raw``, ``alt``, ``code``, negated ``~`` scopes), unknown keys
(ignored), actions other than replace/remove/suggest/edit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..errors import Diagnostic, rel
from .regexes import PatternError, check_token
from .rules import BuildContext, LintRule, Origin, RuleError, Unsupported, VocabEntry, build_rule
from ..yamlsrc import Source, load_yaml

_PHRASE = re.compile(r"^[^\W_]+(?:[ '’-][^\W_]+)*$")


def read_vocab(path: Path, root: Path) -> tuple[list[str], list[Diagnostic]]:
    """One entry per line; blank lines and ``#`` comments ignored; each entry must compile."""
    display = rel(path, root)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return [], [Diagnostic(display, None, f"cannot read the file: {err.strerror or err}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad_line = raw[: err.start].count(b"\n") + 1
        return [], [
            Diagnostic(display, bad_line, f"byte 0x{raw[err.start]:02x} is not valid UTF-8; save the file as UTF-8")
        ]
    entries: list[str] = []
    diags: list[Diagnostic] = []
    for n, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        try:
            check_token(entry)
        except PatternError as err:
            diags.append(Diagnostic(display, n, f"{err}; the entry is skipped"))
            continue
        entries.append(VocabEntry(entry, display, n))
    return entries, diags


def load_vocabularies(
    vale_dir: Path, root: Path, names: list[str] | None, voice: Source | None = None
) -> tuple[list[str], list[str], list[Diagnostic], dict[str, Path]]:
    """(accepted, rejected, diagnostics, {"accept"/"reject": first file}) of the chosen vocabularies.
    ``voice``: brand/voice.yml, where ``vale.vocabularies`` names them (problems point there)."""
    base = vale_dir / "config" / "vocabularies"
    accepted: list[str] = []
    rejected: list[str] = []
    diags: list[Diagnostic] = []
    files: dict[str, Path] = {}
    if not base.is_dir():
        if names:
            diags.append(
                Diagnostic(
                    voice.display if voice is not None else rel(base, root),
                    voice.line("vale", "vocabularies") if voice is not None else None,
                    f"vocabularies {', '.join(names)} were asked for but {rel(base, root)} does not exist",
                )
            )
        return accepted, rejected, diags, files
    available = sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))
    chosen = available if names is None else names
    for i, name in enumerate(chosen):
        folder = base / name
        if not folder.is_dir():
            where = (
                (voice.display, voice.line("vale", "vocabularies", i))
                if voice is not None and names is not None
                else (rel(base, root), None)
            )
            diags.append(
                Diagnostic(
                    where[0],
                    where[1],
                    f"vocabulary `{name}` does not exist in {rel(base, root)}; found: {', '.join(available) or 'none'}",
                )
            )
            continue
        for kind, out in (("accept", accepted), ("reject", rejected)):
            path = folder / f"{kind}.txt"
            if path.is_file():
                entries, d = read_vocab(path, root)
                out.extend(entries)
                diags.extend(d)
                files.setdefault(kind, path)
    return accepted, rejected, diags, files


def vocab_rules(accepted: list[str], rejected: list[str], files: dict[str, Path], root: Path) -> list[LintRule]:
    """Vale.Terms and Vale.Avoid, built exactly as Vale builds them."""
    rules: list[LintRule] = []
    ctx = BuildContext(accepted=accepted, dialect="vale")
    swap = {re.escape(t.lower()).replace(r"\ ", " "): t for t in accepted if _PHRASE.match(t)}
    if swap:
        rules.append(
            build_rule(
                "Vale.Terms",
                {
                    "extends": "substitution",
                    "level": "error",
                    "message": "Use '%s' instead of '%s'.",
                    "scope": "text",
                    "ignorecase": True,
                    "swap": swap,
                },
                Origin(rel(files["accept"], root), None),
                ctx,
            )
        )
    if rejected:
        rules.append(
            build_rule(
                "Vale.Avoid",
                {
                    "extends": "existence",
                    "level": "error",
                    "message": "Avoid using '%s'.",
                    "scope": "text",
                    "ignorecase": False,
                    "tokens": rejected,
                },
                Origin(rel(files["reject"], root), None),
                BuildContext(accepted=[], dialect="vale"),
            )
        )
    # (a rejected entry that runs away is named with its own line: see VocabEntry)
    return rules


def style_files(vale_dir: Path) -> Iterable[tuple[str, Path]]:
    """(rule id, path) of every rule file of every style folder, sorted."""
    if not vale_dir.is_dir():
        return []
    out = []
    for style in sorted(
        p for p in vale_dir.iterdir() if p.is_dir() and p.name != "config" and not p.name.startswith(".")
    ):
        for path in sorted(style.rglob("*.yml")):
            out.append((f"{style.name}.{path.stem}", path))
    return out


def load_style_rules(
    vale_dir: Path,
    root: Path,
    accepted: list[str],
    languages: dict[str, list[str]] | None = None,
    voice: Source | None = None,
) -> tuple[list[LintRule], list[Diagnostic]]:
    """Build every rule of every style folder; a bad rule is reported and skipped, never fatal."""
    rules: list[LintRule] = []
    diags: list[Diagnostic] = []
    languages = languages or {}
    seen: set[str] = set()
    for name, path in style_files(vale_dir):
        display = rel(path, root)
        if name in seen:
            continue
        seen.add(name)
        src, bad = load_yaml(path, display)
        if src is None:
            if bad is not None:  # (always, when there is no source)
                diags.append(bad)
            continue
        ctx = BuildContext(accepted=accepted, dialect="vale")
        try:
            rule = build_rule(name, src.data, Origin(display, 1, dict(src.lines)), ctx)
            style = name.split(".", 1)[0]
            if style in languages:
                rule.langs = frozenset(x.lower() for x in languages[style])
            rules.append(rule)
        except Unsupported as err:
            diags.append(src.diag(err.key, f"{name}: {err.message}", "warning"))
        except RuleError as err:
            diags.append(src.diag(err.key, f"{name}: {err.message}"))
        for key, message in ctx.warnings:
            diags.append(src.diag(key, f"{name}: {message}", "warning"))
    for style in languages:
        if style != "Vale" and not (vale_dir / style).is_dir():
            diags.append(
                Diagnostic(
                    voice.display if voice is not None else rel(vale_dir, root),
                    voice.line("vale", "languages", style) if voice is not None else None,
                    f"`vale.languages` names style `{style}`, which is not a folder of {rel(vale_dir, root)}",
                    "warning",
                )
            )
    return rules, diags
