"""Errors the engine raises. The CLI maps them to messages and exit codes.

Library code never calls ``sys.exit``: it raises one of these, each carrying one or more
:class:`Diagnostic` so a writer sees every problem of a build at once, as ``file:line: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one input file; ``line`` is 1-based in the whole file (front matter included)."""

    file: str
    line: int | None
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message}"


class AeoloopError(Exception):
    """Base class: an error a user can fix, with diagnostics. Exit code 2 (usage/config/content)."""

    exit_code = 2

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = sorted(diagnostics or [])

    def __str__(self) -> str:
        if not self.diagnostics:
            return self.message
        lines = [self.message] + [f"  {d}" for d in self.diagnostics]
        return "\n".join(lines)


class ConfigError(AeoloopError):
    """mkdocs.yml options or brand/ files are invalid."""


class ContentError(AeoloopError):
    """One or more pages in content/ are invalid."""


class FindingsError(AeoloopError):
    """The build worked but checks found errors (verify, lint). Exit code 1."""

    exit_code = 1


@lru_cache(maxsize=8192)
def rel(path: Path, root: Path) -> str:
    """Path for messages: relative to the project root when possible, with forward slashes.

    Memoised: a build names the same few thousand files over and over (the channels step alone
    names each page once per channel job, 7,000 times at 1,000 pages), and each call resolved both
    paths through the file system (~45 µs: 0.3 CPU-s a cold build). The memo holds for one run of
    build steps: :func:`aeoloop.build.run_steps` clears it (:func:`forget_paths`), so a symlink
    changed between two builds of one process (``aeoloop serve``) is seen."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def forget_paths() -> None:
    """Clear :func:`rel`'s memo (a new build starts)."""
    rel.cache_clear()
