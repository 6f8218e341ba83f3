"""Lint report writers, registered by name: text, json, github, sarif.

- ``text``: one line per finding, ``file:line:col level rule message (suggestion)``;
- ``json``: the report as one JSON object (violations, rule-file diagnostics, summary);
- ``github``: GitHub Actions workflow commands (``::error file=...,line=...,col=...::message``),
  shown as annotations on the pull request;
- ``sarif``: SARIF 2.1.0 for code scanning (``github/codeql-action/upload-sarif``), with the
  ``--fix`` replacements as SARIF fixes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Callable

from .. import __version__
from ..errors import Diagnostic
from .violations import Violation

if TYPE_CHECKING:
    from .lint import LintReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}

Formatter = Callable[["LintReport", list[Violation]], str]
FORMATS: dict[str, Formatter] = {}


def register(name: str) -> Callable[[Formatter], Formatter]:
    def deco(fn: Formatter) -> Formatter:
        FORMATS[name] = fn
        return fn

    return deco


@register("text")
def to_text(report: "LintReport", violations: list[Violation]) -> str:
    return "".join(f"{v}\n" for v in violations)


@register("json")
def to_json(report: "LintReport", violations: list[Violation]) -> str:
    data = {
        "version": 1,
        "tool": {"name": "aeoloop", "version": __version__},
        "summary": {
            "files": report.files,
            "words": report.words,
            "errors": sum(1 for v in violations if v.level == "error"),
            "warnings": sum(1 for v in violations if v.level == "warning"),
            "suggestions": sum(1 for v in violations if v.level == "suggestion"),
        },
        "violations": [v.to_dict() for v in violations],
        "diagnostics": [_diag(d) for d in report.diagnostics],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _diag(d: Diagnostic) -> dict[str, object]:
    return {"file": d.file, "line": d.line, "level": d.level, "message": d.message}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


@register("github")
def to_github(report: "LintReport", violations: list[Violation]) -> str:
    lines = []
    for v in violations:
        props = [f"file={_gh_prop(v.file)}", f"line={v.line}", f"col={v.column}"]
        if v.end_line:
            props.append(f"endLine={v.end_line}")
        if v.end_line == v.line and v.end_column:
            props.append(f"endColumn={v.end_column}")
        props.append(f"title={_gh_prop(v.rule)}")
        message = v.message + (f" (suggestion: {v.suggestion})" if v.suggestion else "")
        lines.append(f"::{GITHUB_LEVEL.get(v.level, 'warning')} {','.join(props)}::{_gh_data(message)}")
    for d in report.diagnostics:
        props = [f"file={_gh_prop(d.file)}"] + ([f"line={d.line}"] if d.line else []) + ["title=aeoloop rules"]
        level = "error" if d.level == "error" else "warning"
        lines.append(f"::{level} {','.join(props)}::{_gh_data(d.message)}")
    return "".join(line + "\n" for line in lines)


@register("sarif")
def to_sarif(report: "LintReport", violations: list[Violation]) -> str:
    rule_ids: dict[str, int] = {}
    rules: list[dict[str, object]] = []
    for v in violations:
        if v.rule not in rule_ids:
            rule_ids[v.rule] = len(rules)
            rule: dict[str, object] = {
                "id": v.rule,
                "name": v.rule.replace(".", ""),
                "shortDescription": {"text": v.rule},
                "defaultConfiguration": {"level": SARIF_LEVEL.get(v.level, "warning")},
            }
            if v.link:
                rule["helpUri"] = v.link
            rules.append(rule)
    results = []
    for v in violations:
        region: dict[str, object] = {
            "startLine": v.line,
            "startColumn": v.column,
            "endLine": v.end_line,
            "endColumn": v.end_column,
        }
        if v.match:
            region["snippet"] = {"text": v.match}
        result: dict[str, object] = {
            "ruleId": v.rule,
            "ruleIndex": rule_ids[v.rule],
            "level": SARIF_LEVEL.get(v.level, "warning"),
            "message": {"text": v.message + (f" (suggestion: {v.suggestion})" if v.suggestion else "")},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": v.file, "uriBaseId": "%SRCROOT%"}, "region": region}}
            ],
            "partialFingerprints": {"aeoloop/v1": f"{v.rule}:{v.file}:{v.match}"},
        }
        if v.fixable and v.suggestion is not None:
            result["fixes"] = [
                {
                    "description": {"text": f"Replace '{v.match}' with '{v.suggestion}'"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": v.file, "uriBaseId": "%SRCROOT%"},
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": v.line,
                                        "startColumn": v.column,
                                        "endLine": v.end_line,
                                        "endColumn": v.end_column,
                                    },
                                    "insertedContent": {"text": v.suggestion},
                                }
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    notifications = [
        {
            "level": "error" if d.level == "error" else "warning",
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.file, "uriBaseId": "%SRCROOT%"},
                        **({"region": {"startLine": d.line}} if d.line else {}),
                    }
                }
            ],
        }
        for d in report.diagnostics
    ]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "aeoloop", "version": __version__, "rules": rules}},
                "originalUriBaseIds": {
                    "%SRCROOT%": {"description": {"text": "The project root (the folder of mkdocs.yml)."}}
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not any(d.level == "error" for d in report.diagnostics),
                        "toolConfigurationNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
