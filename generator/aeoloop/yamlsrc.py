"""YAML that remembers where every key and item came from, for ``file:line`` messages.

Unlike ``brand._load_yaml`` this never raises: a rule file that cannot be read becomes one
diagnostic, and the caller goes on with the other rule files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic
from .yamlload import compose_and_load, marks

Loc = tuple[str | int, ...]


@dataclass
class Source:
    """Parsed YAML plus the 1-based line of every location (key path) in it."""

    display: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, *loc: str | int) -> int | None:
        """Line of the deepest known part of ``loc`` (a key path such as ('rules', 2, 'tokens', 0))."""
        for k in range(len(loc), -1, -1):
            if loc[:k] in self.lines:
                return self.lines[loc[:k]]
        return 1 if not self.lines else None  # a file of comments only: its first line

    def diag(self, loc: Loc, message: str, level: str = "error") -> Diagnostic:
        return Diagnostic(self.display, self.line(*loc), message, level)


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            lines[loc + (key,)] = k.start_mark.line + 1
            _walk(v, loc + (key,), lines)
            lines[loc + (key,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, loc + (i,), lines)


def load_yaml(path: Path, display: str) -> tuple[Source | None, Diagnostic | None]:
    """Read a YAML file; on failure return a diagnostic naming the file and line."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, Diagnostic(display, None, f"cannot read the file: {err.strerror or err}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, Diagnostic(
            display, line, f"byte 0x{raw[err.start]:02x} is not valid UTF-8; save the file as UTF-8"
        )
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[Source | None, Diagnostic | None]:
    try:
        node, data = compose_and_load(text)
    except yaml.YAMLError as err:
        marked = marks(err)
        mark = marked.problem_mark or marked.context_mark
        context = marked.context or ""
        if marked.context_mark is not None and (
            "end of stream" in str(marked.problem) or "flow" in context or "quoted" in context
        ):
            mark = marked.context_mark  # point at what was left open
        problem = marked.problem or str(err).splitlines()[0]
        what = f"{context}, {problem}" if context else problem
        return None, Diagnostic(
            display, mark.line + 1 if mark else None, f"invalid YAML: {what}; check indentation and quoting"
        )
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Source(display, data, lines), None
