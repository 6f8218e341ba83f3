"""A small, linear reader for JSX tags and ``{…}`` expressions as they appear in MDX pages.

Why not a JavaScript parser: MDX pages only put JSX in a few shapes (``<Tabs>``, ``<TabItem
value="x" label="Y">``, ``<Foo bar={…} />``, ``src={useBaseUrl('img/a.png')}``). Reading the
tag boundaries and attribute values is enough to drop the markup and keep the text; anything
this reader cannot close is left alone and reported, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NAME_RE = re.compile(r"[A-Za-z][\w.:-]*")
ATTR_NAME_RE = re.compile(r"[A-Za-z_:@][\w.:-]*")
BARE_VALUE_RE = re.compile(r"[^\s>]+")
MAX_TAG = 20_000  # characters: a longer "tag" is prose with a stray "<", not a tag


@dataclass(frozen=True)
class Attr:
    name: str
    value: str | None  # the text of a quoted value, or the source of an expression (without braces)
    expression: bool = False
    start: int = 0  # span of the whole ``name=value`` in the source
    end: int = 0


@dataclass(frozen=True)
class Tag:
    name: str
    start: int
    end: int  # one past the closing ">"
    closing: bool = False  # </Name>
    self_closing: bool = False  # <Name />
    attrs: tuple[Attr, ...] = field(default_factory=tuple)

    @property
    def component(self) -> bool:
        """A JSX component (``<Tabs>``) rather than an HTML element (``<div>``); fragments too."""
        return self.name == "" or self.name[:1].isupper() or "." in self.name

    def attr(self, name: str) -> Attr | None:
        return next((a for a in self.attrs if a.name == name), None)


def skip_string(text: str, i: int) -> int:
    """Index one past the JS string starting at ``text[i]`` (a quote or backtick), or -1."""
    quote = text[i]
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == quote:
            return j + 1
        if c == "\n" and quote != "`":
            return -1
        j += 1
    return -1


def skip_expression(text: str, i: int, limit: int | None = None) -> int:
    """Index one past the ``}`` that balances the ``{`` at ``text[i]``, or -1.

    Strings, template literals and comments inside are skipped, so ``{"}"}`` is one expression.
    """
    depth = 0
    j = i
    n = min(len(text), limit if limit is not None else len(text))
    while j < n:
        c = text[j]
        if c in "\"'`":
            k = skip_string(text, j)
            if k < 0:
                return -1
            j = k
            continue
        if c == "/" and text.startswith("/*", j):
            k = text.find("*/", j + 2, n)
            if k < 0:
                return -1
            j = k + 2
            continue
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
            if depth == 0:
                return j + 1 if c == "}" else -1
            if depth < 0:
                return -1
        j += 1
    return -1


def read_tag(text: str, i: int) -> Tag | None:
    """The JSX/HTML tag starting at ``text[i] == "<"``, or None when it is not one."""
    n = len(text)
    limit = min(n, i + MAX_TAG)
    j = i + 1
    closing = False
    if j < n and text[j] == "/":
        closing = True
        j += 1
    if j < n and text[j] == ">":  # fragment <> or </>
        return Tag("", i, j + 1, closing=closing)
    m = NAME_RE.match(text, j)
    if not m:
        return None
    name = m.group(0)
    j = m.end()
    attrs: list[Attr] = []
    while j < limit:
        c = text[j]
        if c in " \t\r\n":
            j += 1
            continue
        if c == ">":
            return Tag(name, i, j + 1, closing=closing, attrs=tuple(attrs))
        if c == "/" and text.startswith("/>", j):
            return Tag(name, i, j + 2, closing=closing, self_closing=True, attrs=tuple(attrs))
        if c == "{":  # spread attribute {...props}
            k = skip_expression(text, j, limit)
            if k < 0:
                return None
            attrs.append(Attr("...", text[j + 1 : k - 1], True, j, k))
            j = k
            continue
        if closing:
            return None
        am = ATTR_NAME_RE.match(text, j)
        if not am:
            return None
        start = j
        j = am.end()
        while j < limit and text[j] in " \t":
            j += 1
        if j < limit and text[j] == "=":
            j += 1
            while j < limit and text[j] in " \t\r\n":
                j += 1
            if j >= limit:
                return None
            if text[j] in "\"'":
                end = text.find(text[j], j + 1, limit)
                if end < 0:
                    return None
                attrs.append(Attr(am.group(0), text[j + 1 : end], False, start, end + 1))
                j = end + 1
            elif text[j] == "{":
                k = skip_expression(text, j, limit)
                if k < 0:
                    return None
                attrs.append(Attr(am.group(0), text[j + 1 : k - 1].strip(), True, start, k))
                j = k
            else:
                vm = BARE_VALUE_RE.match(text, j)
                if not vm:
                    return None
                attrs.append(Attr(am.group(0), vm.group(0), False, start, vm.end()))
                j = vm.end()
        else:
            attrs.append(Attr(am.group(0), None, False, start, j))
    return None


BASE_URL_RE = re.compile(r"""^(?:useBaseUrl|require)\(\s*(['"])([^'"]*)\1\s*\)(?:\.default)?$""")
TAB_VALUES_RE = re.compile(
    r"""\{\s*(?:label\s*:\s*(['"])(?P<l1>.*?)\1\s*,\s*value\s*:\s*(['"])(?P<v1>.*?)\3"""
    r"""|value\s*:\s*(['"])(?P<v2>.*?)\5\s*,\s*label\s*:\s*(['"])(?P<l2>.*?)\7)\s*,?\s*\}"""
)


def static_url(expression: str, base_path: str) -> str | None:
    """``useBaseUrl('img/a.png')`` → ``/docs/img/a.png`` for a site under ``/docs/`` (Docusaurus'
    meaning: the path below the site's base URL); None for any other expression."""
    m = BASE_URL_RE.match(expression.strip())
    if not m:
        return None
    target = m.group(2)
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return target
    return base_path.rstrip("/") + "/" + target.lstrip("/")


def tab_labels(tabs: Tag) -> dict[str, str]:
    """value → label from ``<Tabs values={[{label: 'Python', value: 'py'}, …]}>``."""
    values = tabs.attr("values")
    if values is None or not values.expression or values.value is None:
        return {}
    out = {}
    for m in TAB_VALUES_RE.finditer(values.value):
        label = m.group("l1") if m.group("l1") is not None else m.group("l2")
        value = m.group("v1") if m.group("v1") is not None else m.group("v2")
        out[value] = label
    return out
