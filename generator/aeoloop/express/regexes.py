"""Vale's regular expressions (Go RE2 / regexp2 syntax) in Python's ``re``.

Most of the syntax is shared. What differs, and is translated here:

- ``\\p{L}``, ``\\p{Lu}``, ``\\p{Ll}``, ``\\p{N}``, ``\\p{P}``, ``\\p{Z}`` (and ``\\P{...}``): Python's
  ``re`` has no Unicode property classes; they become character ranges (Latin, Greek and
  Cyrillic letters; ASCII and general punctuation);
- POSIX classes ``[[:alpha:]]`` and friends become ranges;
- ``(?<name>...)`` becomes ``(?P<name>...)``; ``\\z`` becomes ``\\Z``; ``\\Q...\\E`` is escaped;
- a leading inline flag group such as ``(?i)`` inside one of several tokens is scoped to that
  token (``(?i:...)``), because Python only accepts global flags at the very start.

Anything else Python cannot compile is reported as an error that names the pattern.
"""

from __future__ import annotations

import re

_LETTERS = r"A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u0373\u0376\u0377\u037b-\u037d\u0386\u0388-\u03ff\u0400-\u0481\u048a-\u052f"
_UPPER = r"A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a1\u03a3-\u03ab\u0400-\u042f"
_LOWER = r"a-z\u00df-\u00f6\u00f8-\u00ff\u03ac-\u03ce\u0430-\u045f"
_PROPS = {
    "L": _LETTERS,
    "Lu": _UPPER,
    "Ll": _LOWER,
    "N": r"0-9\u00b2\u00b3\u00b9\u00bc-\u00be\u0660-\u0669",
    "Nd": r"0-9\u0660-\u0669",
    "P": r"!-#%-*,-/:;?@\[-\]_{}\u00a1\u00a7\u00ab\u00b6\u00b7\u00bb\u00bf\u2010-\u2027\u2030-\u205e",
    "Z": r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000",
    "Zs": r" \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000",
    "S": r"$+<->^`|~\u00a2-\u00a9\u00ac\u00ae-\u00b1\u00b4\u00b8\u00d7\u00f7",
}
_POSIX = {
    "alpha": "A-Za-z", "digit": "0-9", "alnum": "A-Za-z0-9", "upper": "A-Z", "lower": "a-z",
    "space": r" \t\r\n\v\f", "blank": r" \t", "punct": r"!-/:-@\[-`{-~", "word": r"\w", "xdigit": "0-9A-Fa-f",
    "cntrl": r"\x00-\x1f\x7f", "print": r" -~", "graph": r"!-~",
}


class PatternError(ValueError):
    """A pattern Python cannot use; the message names the pattern and the problem."""


def translate(pattern: str) -> str:
    """Rewrite the Go/regexp2 constructs Python lacks (see the module docstring)."""
    if "(?U" in pattern:
        raise PatternError(f"pattern {pattern!r} uses the ungreedy flag (?U), which is not supported; use lazy quantifiers such as *? instead")
    out: list[str] = []
    i = 0
    n = len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP":
                name, end = _prop_name(pattern, i + 2)
                if name is None:
                    raise PatternError(f"pattern {pattern!r}: malformed \\{nxt} class at position {i}")
                body = _PROPS.get(name)
                if body is None:
                    raise PatternError(f"pattern {pattern!r}: Unicode class \\{nxt}{{{name}}} is not supported; use an explicit range")
                negate = nxt == "P"
                if in_class:
                    if negate:
                        raise PatternError(f"pattern {pattern!r}: a negated class \\P{{{name}}} inside [...] is not supported")
                    out.append(body)
                else:
                    out.append(("[^" if negate else "[") + body + "]")
                i = end
                continue
            if nxt == "z" and not in_class:
                out.append(r"\Z")
                i += 2
                continue
            if nxt == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2:] if end < 0 else pattern[i + 2:end]
                out.append(re.escape(literal))
                i = n if end < 0 else end + 2
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if pattern.startswith("[:", i):
                end = pattern.find(":]", i + 2)
                if end > 0:
                    name = pattern[i + 2:end]
                    negated = name.startswith("^")
                    body = _POSIX.get(name.lstrip("^"))
                    if body is None or negated:
                        raise PatternError(f"pattern {pattern!r}: POSIX class [:{name}:] is not supported")
                    out.append(body)
                    i = end + 2
                    continue
            if ch == "]":
                in_class = False
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            # a leading ']' or '^]' is literal
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":
                out.append(r"\]")
                i += 1
            continue
        if pattern.startswith("(?<", i) and i + 3 < n and pattern[i + 3] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _prop_name(pattern: str, i: int) -> tuple[str | None, int]:
    if i < len(pattern) and pattern[i] == "{":
        end = pattern.find("}", i)
        if end < 0:
            return None, i
        return pattern[i + 1:end], end + 1
    if i < len(pattern):
        return pattern[i], i + 1
    return None, i


_LEADING_FLAGS = re.compile(r"^\(\?([imsx]+)\)")


def embeddable(pattern: str) -> str:
    """A translated pattern that can sit inside a larger alternation (leading flags scoped)."""
    p = translate(pattern)
    m = _LEADING_FLAGS.match(p)
    if m:
        p = f"(?{m.group(1)}:{p[m.end():]})"
    return p


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile one Vale pattern as Python; raise PatternError naming it on failure."""
    try:
        return re.compile(translate(pattern), flags)
    except re.error as err:
        raise PatternError(f"invalid regular expression {pattern!r}: {err.msg}" + (f" at position {err.pos}" if err.pos is not None else "")) from None


def check_token(pattern: str) -> str:
    """Validate one token on its own (so an error names the token, not the joined pattern)."""
    p = embeddable(pattern)
    try:
        re.compile(p)
    except re.error as err:
        raise PatternError(f"invalid regular expression {pattern!r}: {err.msg}" + (f" at position {err.pos}" if err.pos is not None else "")) from None
    return p


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case strings of which every match must contain at least one, or None if unknown.

    Used as a cheap pre-check (a substring search on the lower-cased text) before running a
    rule's regular expression, as Vale does: most rules never match most pages.
    """
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]

    try:
        parsed = P.parse(pattern, flags)
    except Exception:
        return None

    def best(options: list[set[str]]) -> set[str] | None:
        # the alternative whose shortest literal is longest is the most selective
        return max(options, key=lambda o: min(len(x) for x in o)) if options else None

    def seq(items: object) -> set[str] | None:
        run: list[str] = []
        options: list[set[str]] = []
        for op, av in items:  # type: ignore[attr-defined]
            if op is C.LITERAL:
                run.append(chr(av))
                continue
            if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue  # zero width: the literal run goes on
            if run:
                options.append({"".join(run).lower()})
            run = []
            sub: set[str] | None = None
            if op is C.BRANCH:
                alts = [seq(a) for a in av[1]]
                if alts and all(alts):
                    sub = set().union(*alts)  # type: ignore[arg-type]
            elif op is C.SUBPATTERN:
                sub = seq(av[3])
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
                sub = seq(av[2])
            if sub:
                options.append(sub)
        if run:
            options.append({"".join(run).lower()})
        return best(options)

    got = seq(parsed)
    return frozenset(got) if got else None


_WORD_CHARS = re.compile(r"[^\W_]+")


def phrase_first_word(pattern: str, flags: int = 0) -> str | None:
    """The lower-cased first word of a token that is a plain phrase (letters, spaces, ``\\s+``,
    punctuation, trailing lookarounds), or None for anything more general.

    When a rule is word-bounded (``\\b(?:...)\\b``) and all its tokens are phrases, a page can
    only match if one of these first words is one of the page's words: a set lookup, far
    cheaper than running a large case-insensitive alternation on every page.
    """
    from re import _parser as P  # type: ignore[attr-defined]

    try:
        items = list(P.parse(pattern, flags))
    except Exception:
        return None
    return _phrase_head(items)


def first_words(pattern: str, flags: int = 0, *, bounded: bool = False) -> frozenset[str] | None:
    """First words of a word-bounded alternation of phrases (``\\b(?:a b|c)\\b``), or None.

    ``bounded``: the caller wraps the pattern in ``\\b(?:...)\\b`` itself.
    """
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]

    try:
        items = list(P.parse(pattern, flags))
    except Exception:
        return None
    if items and items[0] == (C.AT, C.AT_BOUNDARY):
        bounded = True
        items = items[1:]
    if items and items[-1] == (C.AT, C.AT_BOUNDARY):
        items = items[:-1]
    if not bounded:
        return None
    if len(items) == 1 and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][3])
    if len(items) == 1 and items[0][0] is C.BRANCH:
        alternatives = [list(a) for a in items[0][1][1]]
    else:
        alternatives = [items]
    out: set[str] = set()
    for alt in alternatives:
        w = _phrase_head(alt)
        if w is None:
            return None
        out.add(w)
    return frozenset(out)


def _phrase_head(items: list) -> str | None:  # type: ignore[type-arg]
    from re import _constants as C  # type: ignore[attr-defined]

    chars: list[str] = []
    done = False
    for op, av in items:
        if op is C.LITERAL:
            if not done:
                chars.append(chr(av))
            continue
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            done = done or bool(chars)
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1 and list(av[2]) == [(C.IN, [(C.CATEGORY, C.CATEGORY_SPACE)])]:
            done = True
            continue
        return None
    m = _WORD_CHARS.match("".join(chars).lower())
    return m.group() if m else None


def phrases(pattern: str, flags: int = 0, *, bounded: bool = False) -> frozenset[str] | None:
    """For an alternation of plain phrases, each phrase lower-cased with single spaces
    (``maintenance\\s+software`` → ``maintenance software``); None for anything more general.

    A match is only possible where the lower-cased text, with runs of white space squashed to
    one space, contains one of these strings.
    """
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]

    try:
        items = list(P.parse(pattern, flags))
    except Exception:
        return None
    while items and items[0][0] is C.AT:
        items = items[1:]
    while items and items[-1][0] is C.AT:
        items = items[:-1]
    if len(items) == 1 and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][3])
    alternatives = [list(a) for a in items[0][1][1]] if len(items) == 1 and items[0][0] is C.BRANCH else [items]
    out: set[str] = set()
    for alt in alternatives:
        if len(alt) == 1 and alt[0][0] is C.SUBPATTERN:  # a capture group around one swap key
            alt = list(alt[0][1][3])
        chars: list[str] = []
        for op, av in alt:
            if op is C.LITERAL:
                chars.append(chr(av))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1 and list(av[2]) == [(C.IN, [(C.CATEGORY, C.CATEGORY_SPACE)])]:
                chars.append(" ")
            elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
                break  # what follows is not consumed (lookahead) or zero width
            else:
                return None
        phrase = " ".join("".join(chars).lower().split())
        if not phrase:
            return None
        out.add(phrase)
    return frozenset(out)


def first_chars(words: frozenset[str]) -> str:
    """A character class of the possible first characters of a match, both cases."""
    chars = sorted({c for w in words for c in (w[:1], w[:1].upper()) if c})
    return "".join(re.escape(c) for c in chars)
