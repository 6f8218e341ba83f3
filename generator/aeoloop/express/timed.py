"""User-written patterns run on page text under a time limit.

A pattern such as ``(a+)+$`` backtracks exponentially on some texts (ReDoS): with Python's
``re`` one such rule in a Vale style or ``brand/voice.yml`` hangs ``aeoloop lint`` and the
build. Every rule pattern is compiled with the ``regex`` module and wrapped in a
:class:`TimedPattern`, whose matching methods pass the module's ``timeout`` and turn its
``TimeoutError`` into :class:`PatternTimeout`. The lint runner catches that, skips the rule for
the rest of the run and reports it once, with the rule file and line of the pattern at fault.

The limit grows with the text (``seconds × (1 + characters / 100,000)``, so a legitimate rule
on a very long page is not mistaken for a runaway one); ``seconds`` is 1 by default and can be
set with the environment variable ``AEOLOOP_REGEX_TIMEOUT``. The ``regex`` module counts
CPU time, so on a busy machine the wall-clock wait can be longer.

A pattern is often an alternation of many user entries (tokens, swap keys, exceptions,
vocabulary terms). A :class:`TimedPattern` remembers them as :class:`Part` objects, so that
after a timeout :meth:`TimedPattern.culprit` can run each entry alone on the same text and name
the one at fault.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Iterator

import regex

ENV_VAR = "AEOLOOP_REGEX_TIMEOUT"
DEFAULT_SECONDS = 1.0

Key = tuple[str | int, ...]


def base_seconds() -> float:
    """The time limit for a short text, from ``AEOLOOP_REGEX_TIMEOUT`` or the default."""
    raw = os.environ.get(ENV_VAR, "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_SECONDS
    except ValueError:
        return DEFAULT_SECONDS
    return value if 0 < value < 3600 else DEFAULT_SECONDS


def limit_for(text: str) -> float:
    return base_seconds() * (1.0 + len(text) / 100_000)


@dataclass(frozen=True)
class Part:
    """One user-written entry inside a compiled pattern, and where it was written.

    ``key`` is the path of the entry in its rule (``("tokens", 3)``); ``file``/``line``, when
    set, say the entry comes from another file (a vocabulary's ``accept.txt``)."""

    text: str
    pattern: str
    key: Key
    file: str | None = None
    line: int | None = None


class PatternTimeout(Exception):
    """A rule pattern ran longer than its time limit on one text."""

    def __init__(self, pattern: TimedPattern, seconds: float, culprit: Part | None) -> None:
        super().__init__(f"pattern {pattern.pattern!r} ran longer than {seconds:.1f}s")
        self.pattern = pattern
        self.seconds = seconds
        self.culprit = culprit

    @property
    def text(self) -> str:
        """The user's pattern at fault (the entry when found, else the whole pattern)."""
        return self.culprit.text if self.culprit is not None else self.pattern.pattern

    @property
    def key(self) -> Key:
        return self.culprit.key if self.culprit is not None else self.pattern.key


class TimedPattern:
    """A compiled ``regex`` pattern whose every match on text runs under :func:`limit_for`."""

    __slots__ = ("compiled", "key", "parts")

    def __init__(self, compiled: regex.Pattern[str], key: Key = (), parts: tuple[Part, ...] = ()) -> None:
        self.compiled = compiled
        self.key = key
        self.parts = parts

    @property
    def pattern(self) -> str:
        return str(self.compiled.pattern)

    @property
    def flags(self) -> int:
        return int(self.compiled.flags)

    @property
    def groups(self) -> int:
        return int(self.compiled.groups)

    def _timeout(self, text: str, seconds: float) -> PatternTimeout:
        return PatternTimeout(self, seconds, self.culprit(text, seconds))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        seconds = limit_for(text)
        it = self.compiled.finditer(text, pos=pos, endpos=len(text) if endpos is None else endpos, timeout=seconds)
        while True:
            try:
                m = next(it)
            except StopIteration:
                return
            except TimeoutError:
                raise self._timeout(text, seconds) from None
            yield m

    def findall(self, text: str, pos: int = 0, endpos: int | None = None) -> list[object]:
        seconds = limit_for(text)
        try:
            return list(
                self.compiled.findall(text, pos=pos, endpos=len(text) if endpos is None else endpos, timeout=seconds)
            )
        except TimeoutError:
            raise self._timeout(text, seconds) from None

    def search(self, text: str) -> regex.Match[str] | None:
        seconds = limit_for(text)
        try:
            return self.compiled.search(text, timeout=seconds)
        except TimeoutError:
            raise self._timeout(text, seconds) from None

    def fullmatch(self, text: str) -> regex.Match[str] | None:
        seconds = limit_for(text)
        try:
            return self.compiled.fullmatch(text, timeout=seconds)
        except TimeoutError:
            raise self._timeout(text, seconds) from None

    def sub(self, repl: str, text: str, count: int = 0) -> str:
        seconds = limit_for(text)
        try:
            return str(self.compiled.sub(repl, text, count=count, timeout=seconds))
        except TimeoutError:
            raise self._timeout(text, seconds) from None

    def culprit(self, text: str, seconds: float) -> Part | None:
        """The first entry that also runs out of time alone on ``text`` (None if none does:
        then it is the combination, and the whole pattern is named)."""
        if len(self.parts) < 2:
            return self.parts[0] if self.parts else None
        each = max(0.05, min(seconds, 0.5))
        deadline = time.monotonic() + 2 * seconds
        for part in self.parts:
            if time.monotonic() > deadline:
                break
            try:
                alone = regex.compile(part.pattern, self.compiled.flags)
                alone.search(text, timeout=each)
            except TimeoutError:
                return part
            except (regex.error, OverflowError, RecursionError, MemoryError):
                continue
        return None


def compile_timed(pattern: str, flags: int = 0, key: Key = (), parts: tuple[Part, ...] = ()) -> TimedPattern:
    """Compile with ``regex`` (raises ``regex.error`` and friends, as ``regex.compile`` does)."""
    return TimedPattern(regex.compile(pattern, flags), key, parts)
