"""Vale's regular expressions (Go RE2 / regexp2 syntax), compiled with the ``regex`` module.

The ``regex`` module reads almost all of Vale's syntax as it is: Unicode properties
(``\\p{L}``, ``\\p{Greek}``, ``\\P{...}``, also inside ``[...]``), POSIX classes
(``[[:alpha:]]``), ``(?<name>...)`` and ``\\z``. What differs, and is translated here:

- ``\\Q...\\E`` (a quoted literal) is escaped;
- a leading inline flag group such as ``(?i)`` inside one of several tokens is scoped to that
  token (``(?i:...)``): Go scopes flags to their group, while ``regex`` would apply them to the
  whole joined pattern;
- ``(?U)`` (ungreedy) has no equivalent and is refused with a message.

Anything else that does not compile is reported as an error that names the pattern. Matching
user patterns on page text goes through :mod:`aeoloop.express.timed`, with a time limit.
"""

from __future__ import annotations

import re
from typing import Protocol, cast

import regex


_LEADING_FLAGS = re.compile(r"^\(\?([imsx]+)\)")


class PatternError(ValueError):
    """A pattern that cannot be used; the message names the pattern and the problem."""


_FLAG_GROUP = re.compile(r"\(\?[a-zA-Z]*(?:-[a-zA-Z]*)?\)")


def translate(pattern: str) -> str:
    """Rewrite the Go/regexp2 constructs ``regex`` reads differently (see the module docstring)."""
    if "(?U" in pattern:
        raise PatternError(
            f"pattern {pattern!r} uses the ungreedy flag (?U), which is not supported; use lazy quantifiers such as *? instead"
        )
    out: list[str] = []
    i = 0
    n = len(pattern)
    in_class = False
    lead = _LEADING_FLAGS.match(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            if pattern[i + 1] == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
                out.append(regex.escape(literal))
                i = n if end < 0 else end + 2
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if pattern.startswith("[:", i):
                end = pattern.find(":]", i + 2)
                if end > 0:
                    out.append(pattern[i : end + 2])
                    i = end + 2
                    continue
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":  # a leading ']' is literal
                out.append(r"\]")
                i += 1
            continue
        elif ch == "(" and (lead is None or i > 0):
            m = _FLAG_GROUP.match(pattern, i)
            if m is not None:
                raise PatternError(
                    f"pattern {pattern!r}: inline flags {m.group()} are only supported at the start of a "
                    f"pattern; scope them to a group instead, e.g. (?i:...)"
                )
        out.append(ch)
        i += 1
    return "".join(out)


def embeddable(pattern: str) -> str:
    """A translated pattern that can sit inside a larger alternation (leading flags scoped)."""
    p = translate(pattern)
    m = _LEADING_FLAGS.match(p)
    if m:
        p = f"(?{m.group(1)}:{p[m.end() :]})"
    return p


class _RegexError(Protocol):
    """What ``regex.error`` carries at run time (types-regex declares neither attribute)."""

    msg: str
    pos: int | None


def error_message(err: BaseException) -> str:
    """What went wrong compiling: ``regex.error``'s message, else the exception's type name."""
    return cast(_RegexError, err).msg if isinstance(err, regex.error) else type(err).__name__


def _invalid(pattern: str, err: Exception) -> PatternError:
    if isinstance(err, regex.error):
        described = cast(_RegexError, err)
        where = f" at position {described.pos}" if described.pos is not None else ""
        return PatternError(f"invalid regular expression {pattern!r}: {described.msg}{where}")
    return PatternError(
        f"invalid regular expression {pattern!r}: too large or too deeply nested ({type(err).__name__})"
    )


def compile_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """Compile one Vale pattern; raise PatternError naming it on failure."""
    try:
        return regex.compile(translate(pattern), flags)
    except (regex.error, OverflowError, RecursionError, MemoryError) as err:
        raise _invalid(pattern, err) from None


def check_token(pattern: str) -> str:
    """Validate one token on its own (so an error names the token, not the joined pattern)."""
    p = embeddable(pattern)
    try:
        regex.compile(p)
    except (regex.error, OverflowError, RecursionError, MemoryError) as err:
        raise _invalid(pattern, err) from None
    return p
