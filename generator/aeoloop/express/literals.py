"""What every match of a rule pattern must contain: cheap pre-checks before running a regex.

Most rules never match most pages. Vale skips a rule when the text lacks a literal that every
match needs; this module finds such literals (and, for word-bounded alternations of phrases,
the first words and whole phrases) by reading the pattern itself.

It has its own small parser of the regular-expression syntax rules use (groups, alternation,
quantifiers, classes, escapes, lookarounds, inline flags), so it depends neither on the private
``re._parser`` (3.11+) nor on the matching engine. It is deliberately conservative: anything
it does not understand (verbose mode, unknown group kinds, unbalanced brackets) makes it answer
``None`` ("unknown": always run the regex), and a construct it cannot read as a literal
(classes, ``\\w``, backreferences, Unicode properties) counts as "any character". An answer is
therefore never wrong, at worst less selective.

The tree is made of tuples:

``("lit", ch)`` one literal character · ``("space",)`` ``\\s`` · ``("any",)`` anything else that
consumes text · ``("zero", kind)`` zero-width: ``"b"`` (``\\b``), ``"at"`` (``^ $ \\A \\Z \\B``),
``"look"`` (lookarounds) · ``("group", seq)`` · ``("branch", [seq, ...])`` ·
``("repeat", min, seq)``. A bare ``(?:...)`` is flattened into its sequence, as ``re`` does.
"""

from __future__ import annotations

import re
from typing import Any

Node = tuple[Any, ...]  # see the module docstring for the shapes
Seq = list[Node]

_QUANT = re.compile(r"\{(\d*)(,(\d*))?\}")
_HEX = {"x": 2, "u": 4, "U": 8}
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_WORD_CHARS = re.compile(r"[^\W_]+")
_SPACE_PLUS = ("space",)


class _Unknown(Exception):
    """A construct the analysis does not read: the caller answers None."""


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.n = len(pattern)

    def parse(self) -> Seq:
        seq = self.alternation()
        if self.i != self.n:
            raise _Unknown  # an unmatched ')'
        return seq

    def alternation(self) -> Seq:
        alts = [self.sequence()]
        while self.i < self.n and self.p[self.i] == "|":
            self.i += 1
            alts.append(self.sequence())
        return alts[0] if len(alts) == 1 else [("branch", alts)]

    def sequence(self) -> Seq:
        items: Seq = []
        while self.i < self.n and self.p[self.i] not in "|)":
            atom = self.atom()
            if atom is None:
                continue
            low = self.quantifier()
            if low is not None:
                items.append(("repeat", low, [("group", atom[1]) if atom[0] == "plain" else atom]))
            elif atom[0] == "plain":
                items.extend(atom[1])  # a bare (?:...) is just its content, as in re's own parser
            else:
                items.append(atom)
        return items

    def quantifier(self) -> int | None:
        if self.i >= self.n:
            return None
        ch = self.p[self.i]
        if ch in "*+?":
            self.i += 1
            low = 1 if ch == "+" else 0
        elif ch == "{":
            m = _QUANT.match(self.p, self.i)
            if m is None or (not m.group(1) and m.group(2) is None):
                return None  # a literal '{'
            self.i = m.end()
            low = int(m.group(1) or 0)
        else:
            return None
        if self.i < self.n and self.p[self.i] in "?+":  # lazy or possessive
            self.i += 1
        if self.i < self.n and (self.p[self.i] in "*+?" or _QUANT.match(self.p, self.i) is not None):
            raise _Unknown  # a repeated repeat: an error in the engine
        return low

    def atom(self) -> Node | None:
        p, i = self.p, self.i
        ch = p[i]
        if ch == "(":
            return self.group()
        if ch == "[":
            return self.char_class()
        if ch == ".":
            self.i += 1
            return ("any",)
        if ch in "^$":
            self.i += 1
            return ("zero", "at")
        if ch == "\\":
            return self.escape()
        if ch in "*+?":
            raise _Unknown  # nothing to repeat
        if ch == "{" and _QUANT.match(p, i) is not None:
            raise _Unknown
        self.i += 1
        return ("lit", ch)

    def group(self) -> Node | None:
        p = self.p
        self.i += 1
        kind = "group"
        if p.startswith("?", self.i):
            rest = p[self.i + 1 : self.i + 4]
            if rest.startswith(":"):
                self.i += 2
                kind = "plain"
            elif rest.startswith(">"):
                self.i += 2
            elif rest.startswith("=") or rest.startswith("!"):
                self.i += 2
                kind = "look"
            elif rest.startswith("<=") or rest.startswith("<!"):
                self.i += 3
                kind = "look"
            elif rest.startswith("P<") or rest.startswith("<"):
                end = p.find(">", self.i)
                if end < 0:
                    raise _Unknown
                self.i = end + 1
            elif rest.startswith("P="):
                end = p.find(")", self.i)
                if end < 0:
                    raise _Unknown
                self.i = end + 1
                return ("any",)  # a backreference
            elif rest.startswith("#"):
                end = p.find(")", self.i)
                if end < 0:
                    raise _Unknown
                self.i = end + 1
                return None  # a comment
            else:
                m = re.compile(r"\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])").match(p, self.i)
                if m is None or "x" in (m.group(1) or ""):
                    raise _Unknown  # verbose mode changes what every character means
                self.i = m.end()
                if m.group(3) == ")":
                    return None  # inline flags for the rest of the pattern
        inner = self.alternation()
        if self.i >= self.n or p[self.i] != ")":
            raise _Unknown
        self.i += 1
        if kind == "look":
            return ("zero", "look")
        return ("plain", inner) if kind == "plain" else ("group", inner)

    def char_class(self) -> Node:
        p = self.p
        start = self.i
        i = self.i + 1
        if i < self.n and p[i] == "^":
            i += 1
        if i < self.n and p[i] == "]":
            i += 1
        while i < self.n:
            c = p[i]
            if c == "\\":
                i += 2
                continue
            if c == "[" and p.startswith("[:", i):
                end = p.find(":]", i + 2)
                if end > 0:
                    i = end + 2
                    continue
            if c == "]":
                self.i = i + 1
                return _SPACE_PLUS if p[start : i + 1] == r"[\s]" else ("any",)
            i += 1
        raise _Unknown  # no closing ']'

    def escape(self) -> Node:
        p = self.p
        if self.i + 1 >= self.n:
            raise _Unknown
        c = p[self.i + 1]
        self.i += 2
        if c == "b":
            return ("zero", "b")
        if c in "BAZzG":
            return ("zero", "at")
        if c == "s":
            return _SPACE_PLUS
        if c in _CONTROL:
            return ("lit", _CONTROL[c])
        if c in _HEX:
            if c == "x" and p.startswith("{", self.i):
                end = p.find("}", self.i)
                digits = p[self.i + 1 : end] if end > 0 else ""
                self.i = end + 1 if end > 0 else self.i
            else:
                digits = p[self.i : self.i + _HEX[c]]
                self.i += len(digits)
            try:
                return ("lit", chr(int(digits, 16)))
            except ValueError:
                raise _Unknown from None
        if c in "pPN" and p.startswith("{", self.i):
            end = p.find("}", self.i)
            if end < 0:
                raise _Unknown
            self.i = end + 1
            return ("any",)
        if c in "pP":
            self.i += 1
            return ("any",)
        if c.isdigit():
            while self.i < self.n and p[self.i].isdigit():
                self.i += 1
            return ("any",)  # a backreference or an octal escape
        if c.isascii() and c.isalpha():
            return ("any",)  # \w \d \S \X ...
        return ("lit", c)


def parse(pattern: str, flags: int = 0) -> Seq | None:
    """The tree of ``pattern``, or None when the analysis does not apply (verbose mode, ...)."""
    if flags & re.X:
        return None
    try:
        return _Parser(pattern).parse()
    except (_Unknown, IndexError):
        return None


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case strings of which every match must contain at least one, or None if unknown.

    Used as a cheap pre-check (a substring search on the lower-cased text) before running a
    rule's regular expression, as Vale does.
    """
    items = parse(pattern, flags)
    if items is None:
        return None

    def best(options: list[set[str]]) -> set[str] | None:
        # the alternative whose shortest literal is longest is the most selective
        return max(options, key=lambda o: min(len(x) for x in o)) if options else None

    def seq(nodes: Seq) -> set[str] | None:
        run: list[str] = []
        options: list[set[str]] = []
        for node in nodes:
            kind = node[0]
            if kind == "lit":
                run.append(node[1])
                continue
            if kind == "zero":
                continue  # zero width: the literal run goes on
            if run:
                options.append({"".join(run).lower()})
            run = []
            sub: set[str] | None = None
            if kind == "branch":
                alts = [seq(a) for a in node[1]]
                if alts and all(alts):
                    sub = set[str]().union(*(a for a in alts if a))  # (every one, as all() said)
            elif kind == "group":
                sub = seq(node[1])
            elif kind == "repeat" and node[1] >= 1:
                sub = seq(node[2])
            if sub:
                options.append(sub)
        if run:
            options.append({"".join(run).lower()})
        return best(options)

    got = seq(items)
    return frozenset(got) if got else None


def _is_spaces(node: Node) -> bool:
    return node[0] == "repeat" and node[1] >= 1 and node[2] == [_SPACE_PLUS]


def _phrase_head(items: Seq) -> str | None:
    chars: list[str] = []
    done = False
    for node in items:
        if node[0] == "lit":
            if not done:
                chars.append(node[1])
            continue
        if node[0] == "zero":
            done = done or bool(chars)
            continue
        if _is_spaces(node):
            done = True
            continue
        return None
    m = _WORD_CHARS.match("".join(chars).lower())
    return m.group() if m else None


def phrase_first_word(pattern: str, flags: int = 0) -> str | None:
    """The lower-cased first word of a token that is a plain phrase (letters, spaces, ``\\s+``,
    punctuation, trailing lookarounds), or None for anything more general.

    When a rule is word-bounded (``\\b(?:...)\\b``) and all its tokens are phrases, a page can
    only match if one of these first words is one of the page's words: a set lookup, far
    cheaper than running a large case-insensitive alternation on every page.
    """
    items = parse(pattern, flags)
    return None if items is None else _phrase_head(items)


def _alternatives(items: Seq) -> list[Seq]:
    if len(items) == 1 and items[0][0] == "group":
        items = items[0][1]
    if len(items) == 1 and items[0][0] == "branch":
        return [list(a) for a in items[0][1]]
    return [items]


def first_words(pattern: str, flags: int = 0, *, bounded: bool = False) -> frozenset[str] | None:
    """First words of a word-bounded alternation of phrases (``\\b(?:a b|c)\\b``), or None.

    ``bounded``: the caller wraps the pattern in ``\\b(?:...)\\b`` itself.
    """
    items = parse(pattern, flags)
    if items is None:
        return None
    if items and items[0] == ("zero", "b"):
        bounded = True
        items = items[1:]
    if items and items[-1] == ("zero", "b"):
        items = items[:-1]
    if not bounded:
        return None
    out: set[str] = set()
    for alt in _alternatives(items):
        w = _phrase_head(alt)
        if w is None:
            return None
        out.add(w)
    return frozenset(out)


def phrases(pattern: str, flags: int = 0, *, bounded: bool = False) -> frozenset[str] | None:
    """For an alternation of plain phrases, each phrase lower-cased with single spaces
    (``maintenance\\s+software`` → ``maintenance software``); None for anything more general.

    A match is only possible where the lower-cased text, with runs of white space squashed to
    one space, contains one of these strings.
    """
    items = parse(pattern, flags)
    if items is None:
        return None
    while items and items[0][0] == "zero" and items[0][1] != "look":
        items = items[1:]
    while items and items[-1][0] == "zero" and items[-1][1] != "look":
        items = items[:-1]
    out: set[str] = set()
    for alt in _alternatives(items):
        if len(alt) == 1 and alt[0][0] == "group":  # a capture group around one swap key
            alt = list(alt[0][1])
        chars: list[str] = []
        for node in alt:
            if node[0] == "lit":
                chars.append(node[1])
            elif _is_spaces(node):
                chars.append(" ")
            elif node[0] == "zero":
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
