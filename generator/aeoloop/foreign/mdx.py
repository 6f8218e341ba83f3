"""Markdown written for Docusaurus/MDX, normalized to the Markdown MkDocs and aeoloop read.

Writers bring docs from other generators. MDX adds JavaScript (``import``/``export``), React
components (``<Tabs>``, ``<CtaBox … />``), ``{…}`` expressions, ``<head>`` blocks and
``:::tip`` admonitions; printed as they are, they become body text on the page, in the summary,
in the FAQ and in every channel. :func:`normalize` rewrites them before anything reads the page:

- ``import``/``export`` statements, ``<head>`` blocks and block ``{…}`` expressions are left out;
- component tags are dropped and the Markdown between them kept (``<TabItem label="Y">`` keeps
  its label as a bold line); self-closing components are dropped;
- ``:::type Title`` … ``:::`` becomes ``!!! type "Title"`` with the body indented (nested too);
- ``src={useBaseUrl('img/a.png')}`` on HTML elements becomes a plain ``src="/base/img/a.png"``;
- ``<script type="application/ld+json">`` blocks are taken out and returned, to be validated
  and merged into the page's JSON-LD graph.

The rewrite never changes the number of lines, so every line number downstream (lint, FAQ
sources, error messages) still points at the file the writer edits. It also returns a *mask*,
the source with the same characters blanked, for the voice linter (whose ``--fix`` edits the
file by offset). Fenced code and inline code are never touched. Linear in the page size.
"""

# Over 400 lines on purpose: one normalizer: a pass per MDX construct over the same line scanner and edit list.
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from .jsx import Tag, read_tag, skip_expression, static_url, tab_labels

FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
ESM_RE = re.compile(
    r"^(?:import(?:\s+type)?\s*(?:['\"{*]|[\w$]+\s*(?:,|\s+from\b))"
    r"|export\s+(?:default\b|const\b|let\b|var\b|function\b|async\b|class\b|\{|\*|type\b|interface\b))"
)
ADMON_OPEN_RE = re.compile(r"^(\s*)(:{3,})([A-Za-z][\w-]*)(.*)$")
ADMON_CLOSE_RE = re.compile(r"^(\s*)(:{3,})\s*$")
HEAD_OPEN_RE = re.compile(r"^\s*<head(?:\s[^>]*)?>", re.I)
SCRIPT_LD_RE = re.compile(r"<script\b[^>]*\btype\s*=\s*[\"']application/ld\+json[\"'][^>]*>", re.I)
SCRIPT_CLOSE_RE = re.compile(r"</script\s*>", re.I)
HEAD_TAG_RE = re.compile(r"<(title|meta|link|base|style|script|noscript)\b", re.I)
BACKTICKS_RE = re.compile(r"`+")
HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
MDX_LINK_RE = re.compile(r"\]\((?![a-z][a-z0-9+.-]*://)[^()\s]*?(\.mdx)(?:#[^()\s]*)?\)", re.I)


def _html_comments(text: str) -> list[tuple[int, int]]:
    """Spans of ``<!-- ... -->``, as HTML_COMMENT_RE.finditer finds them but linear: the regex
    rescans to the end from every unclosed ``<!--`` (20,000 of them took 18 s)."""
    out: list[tuple[int, int]] = []
    i = 0
    while True:
        a = text.find("<!--", i)
        if a < 0:
            return out
        b = text.find("-->", a + 4)
        if b < 0:
            return out
        out.append((a, b + 3))
        i = b + 3


TAG_START_RE = re.compile(r"<(?=[A-Za-z/>])")
FENCE_LINES_RE = re.compile(r"\s*\{([\d,\s-]+)\}")
TITLE_BRACKET_RE = re.compile(r"^\[(.*)\]\s*(\{.*\})?\s*$")
TITLE_ATTR_RE = re.compile(r"""^\{.*?\btitle\s*=\s*(["'])(.*?)\1.*\}\s*$""")
JSON_STRINGIFY_RE = re.compile(
    r"^\{\s*JSON\.stringify\(\s*(.*?)\s*(?:,\s*null\s*,\s*(?:\d+|(['\"]).*?\2)\s*)?\)\s*\}$", re.S
)
TEMPLATE_RE = re.compile(r"^\{\s*`(.*)`\s*\}$", re.S)

# Material for MkDocs knows these types (and aliases); Docusaurus' ``secondary`` has no style there.
ADMONITION_TYPES = {"secondary": "note"}
# HTML blocks whose content MDX renders as Markdown; md_in_html does the same with markdown="1".
# (md_in_html: "1" = blocks, "span" = inline Markdown only; needs `md_in_html` in mkdocs.yml.)
MARKDOWN_INSIDE = {"details": "1", "summary": "span", **{f"h{i}": "span" for i in range(1, 7)}}
SUMMARY_HEADING_RE = re.compile(r"^[ \t]*(#{1,6}[ \t]+)", re.M)
TAG_BUDGET_PER_CHAR = 20  # total characters the tag reader may look at, per character of the page


@dataclass(frozen=True)
class Note:
    """Something the writer should know about the rewrite, at a file line."""

    line: int
    message: str
    level: str = "warning"


@dataclass(frozen=True)
class ScriptBlock:
    """The JSON text of a writer's ``application/ld+json`` script and the body line it starts on."""

    line: int
    column: int  # 1-based column of the first JSON character on that line
    text: str


@dataclass
class Normalized:
    """``markdown``: what MkDocs and aeoloop read (same line count as the input); ``mask``: the
    input with the rewritten characters blanked (same length), for the voice linter."""

    markdown: str
    mask: str
    notes: list[Note] = field(default_factory=list)
    scripts: list[ScriptBlock] = field(default_factory=list)
    changed: bool = False


@dataclass
class _Edit:
    start: int
    end: int
    text: str


class _Lines:
    """Line starts of a text, for offset → line lookups (lines counted from ``first_line``)."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.first = first_line

    def index(self, offset: int) -> int:
        """0-based index of the line holding ``offset``."""
        return bisect_right(self.starts, offset) - 1

    def line(self, offset: int) -> int:
        return self.index(offset) + self.first

    def column(self, offset: int) -> int:
        return offset - self.starts[self.index(offset)] + 1


def _same_lines(span: str, text: str) -> str:
    """``text`` padded with the newlines ``span`` had, so the line count never changes."""
    missing = span.count("\n") - text.count("\n")
    return text + "\n" * missing if missing > 0 else text


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code spans (a run of N backticks up to the next run of exactly N on the same line),
    found in linear time: runs are indexed by length, the closer is found by bisection."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        if "`" not in line.group(0):
            continue
        runs = [(m.start(), m.end()) for m in BACKTICKS_RE.finditer(text, line.start(), line.end())]
        by_length: dict[int, list[int]] = defaultdict(list)
        for i, (a, b) in enumerate(runs):
            by_length[b - a].append(i)
        i = 0
        while i < len(runs):
            a, b = runs[i]
            same = by_length[b - a]
            k = bisect_right(same, i)
            if k < len(same):
                j = same[k]
                spans.append((a, runs[j][1]))
                i = j + 1
            else:
                i += 1
    return spans


def normalize(body: str, *, base_path: str = "/", first_line: int = 1) -> Normalized:
    """Rewrite MDX/Docusaurus constructs in ``body`` (the page without front matter).

    ``first_line`` is the file line ``body`` starts on, so notes and scripts carry file lines.
    """
    if not any(mark in body for mark in ("import", "export", ":::", "<", "{", ".mdx")):
        return Normalized(body, body)
    return _Normalizer(body, base_path, first_line).run()


class _Normalizer:
    def __init__(self, text: str, base_path: str, first_line: int) -> None:
        self.text = text
        self.base_path = base_path
        self.lines = _Lines(text, first_line)
        self.edits: list[_Edit] = []
        self.protected: list[tuple[int, int]] = []
        self.notes: list[Note] = []
        self.scripts: list[ScriptBlock] = []
        self.esm_lines: list[int] = []
        self.components: dict[tuple[str, str], list[int]] = defaultdict(list)

    # -- helpers ---------------------------------------------------------------------------
    def replace(self, start: int, end: int, text: str) -> None:
        self.edits.append(_Edit(start, end, _same_lines(self.text[start:end], text)))

    def note(self, offset: int, message: str, level: str = "warning") -> None:
        self.notes.append(Note(self.lines.line(offset), message, level))

    # -- pass 1: line constructs -----------------------------------------------------------
    def run(self) -> Normalized:
        text = self.text
        raw_lines = text.split("\n")
        starts = self.lines.starts
        fence: tuple[str, int] | None = None
        stack: list[tuple[int, int]] = []  # (colons, offset) of open admonitions
        block_start = True  # the previous line is blank, an ESM statement, or the start
        idx = 0
        n = len(raw_lines)
        while idx < n:
            line = raw_lines[idx]
            start = starts[idx]
            end = start + len(line)
            stripped = line.strip()
            depth = len(stack)
            if fence is not None:
                self.protected.append((start, end))
                close = FENCE_RE.match(line)
                if (
                    close
                    and close.group(2)[0] == fence[0]
                    and len(close.group(2)) >= fence[1]
                    and not close.group(3).strip()
                ):
                    fence = None
                if depth and stripped:
                    self.replace(start, start, "    " * depth)
                idx += 1
                block_start = not stripped
                continue
            opening = FENCE_RE.match(line)
            if opening and (opening.group(2)[0] != "`" or "`" not in opening.group(3)):
                fence = (opening.group(2)[0], len(opening.group(2)))
                self.protected.append((start, end))
                info = self._fence_info(opening.group(3))
                if info != opening.group(3):
                    self.replace(end - len(opening.group(3)), end, info)
                if depth:
                    self.replace(start, start, "    " * depth)
                idx += 1
                block_start = False
                continue
            if block_start and ESM_RE.match(line):
                last = self._statement_end(raw_lines, idx)
                stop = starts[last] + len(raw_lines[last])
                self.replace(start, stop, "")
                self.protected.append((start, stop))
                self.esm_lines.append(self.lines.first + idx)
                idx = last + 1
                block_start = True
                continue
            m = ADMON_OPEN_RE.match(line)
            if m:
                kind = m.group(3).lower()
                kind = ADMONITION_TYPES.get(kind, kind)
                title = self._admonition_title(m.group(4))
                head = f'!!! {kind} "{title}"' if title else f"!!! {kind}"
                if depth:
                    self.replace(start, start, "    " * depth)
                self.replace(start + len(m.group(1)), end, head)
                self.protected.append((start, end))
                stack.append((len(m.group(2)), start))
                idx += 1
                block_start = True
                continue
            m = ADMON_CLOSE_RE.match(line)
            if m:
                colons = len(m.group(2))
                if stack and colons >= stack[-1][0]:
                    stack.pop()
                else:
                    self.note(
                        start, f"`{m.group(2)}` closes no admonition; removed (check the `:::type` line above it)"
                    )
                self.replace(start, end, "")
                self.protected.append((start, end))
                idx += 1
                block_start = True
                continue
            if HEAD_OPEN_RE.match(line):
                close = re.compile(r"</head\s*>", re.I).search(text, start)
                if close is None:
                    self.note(start, "`<head>` is never closed with `</head>`; left as it is")
                else:
                    last = self.lines.index(close.start())
                    stop = starts[last] + len(raw_lines[last])
                    self._head(start, stop)
                    idx = last + 1
                    block_start = True
                    continue
            script = SCRIPT_LD_RE.match(line, len(line) - len(line.lstrip()))
            if script:
                close = SCRIPT_CLOSE_RE.search(text, start + script.end())
                if close is None:
                    self.note(
                        start, '`<script type="application/ld+json">` is never closed with `</script>`; left as it is'
                    )
                else:
                    last = self.lines.index(close.start())
                    stop = starts[last] + len(raw_lines[last])
                    self._script(start + script.end(), close.start())
                    self.replace(start, stop, "")
                    self.protected.append((start, stop))
                    idx = last + 1
                    block_start = True
                    continue
            if block_start and stripped.startswith("{") and len(line) - len(line.lstrip()) < 4:
                brace = start + line.index("{")
                close_at = skip_expression(text, brace)
                if close_at > 0:
                    last = self.lines.index(close_at - 1)
                    stop = starts[last] + len(raw_lines[last])
                    if not text[close_at:stop].strip():
                        if not re.match(r"\{\s*/\*.*\*/\s*\}$", text[brace:close_at], re.S):  # MDX comments go quietly
                            self.note(
                                start,
                                "a JavaScript expression `{…}` (MDX) was left out of the page; "
                                "write what it shows as Markdown",
                            )
                        self.replace(start, stop, "")
                        self.protected.append((start, stop))
                        idx = last + 1
                        block_start = True
                        continue
            if depth and stripped:
                self.replace(start, start, "    " * depth)
            block_start = not stripped
            idx += 1
        for _colons, offset in stack:
            self.note(
                offset, "this admonition (`:::`) is never closed; it runs to the end of the page. Add a `:::` line"
            )
        self._tags()
        if self.esm_lines:
            lines = ", ".join(str(x) for x in self.esm_lines[:8]) + (", …" if len(self.esm_lines) > 8 else "")
            lines = ("lines " if len(self.esm_lines) > 1 else "line ") + lines
            # info, not a warning: what an import brought in is either converted (useBaseUrl, Tabs)
            # or reported where it is used (a component that is dropped)
            self.notes.append(
                Note(
                    self.esm_lines[0],
                    f"MDX import/export statements ({lines}) left out of the page: MkDocs runs no JavaScript",
                    "info",
                )
            )
        for (name, how), lines_ in sorted(self.components.items(), key=lambda kv: kv[1][0]):
            where = (
                (" (lines " + ", ".join(str(x) for x in lines_[:8]) + (", …" if len(lines_) > 8 else "") + ")")
                if len(lines_) > 1
                else ""
            )
            what = {
                "dropped": "dropped (a React component MkDocs cannot render); write what it showed as Markdown if it matters",
                "unwrapped": "tags dropped (a React component MkDocs cannot render); the Markdown inside is kept",
                "expression": "dropped together with the JavaScript expression inside it",
            }[how]
            self.notes.append(Note(lines_[0], f"MDX component <{name}>{where} {what}"))
        self.notes.sort(key=lambda nt: nt.line)
        return self._apply()

    @staticmethod
    def _statement_end(lines: list[str], idx: int) -> int:
        """Last line of the JS statement starting at ``lines[idx]`` (brackets balanced)."""
        depth = 0
        for j in range(idx, min(len(lines), idx + 200)):
            if j > idx and not lines[j].strip():
                return j - 1  # a blank line ends a statement MDX would have rejected anyway
            for c in lines[j]:
                if c in "{([":
                    depth += 1
                elif c in "})]":
                    depth -= 1
            if depth <= 0 and not lines[j].rstrip().endswith((",", "=", "=>", "from")):
                return j
        return idx

    @staticmethod
    def _fence_info(info: str) -> str:
        """Docusaurus code-block metadata in the form pymdownx.superfences reads:
        ``{1,4-6}`` → ``hl_lines="1 4-6"``, ``showLineNumbers`` → ``linenums="1"``
        (``title="…"`` is the same in both)."""
        if not info.strip():
            return info
        out = FENCE_LINES_RE.sub(
            lambda m: ' hl_lines="' + " ".join(x.strip() for x in m.group(1).split(",") if x.strip()) + '"', info
        )
        out = re.sub(r"\bshowLineNumbers\b(?:=\{?(\d+)\}?)?", lambda m: f' linenums="{m.group(1) or 1}"', out)
        return re.sub(r"\s{2,}", " ", out).rstrip() if out != info else info

    @staticmethod
    def _admonition_title(rest: str) -> str:
        rest = rest.strip()
        m = TITLE_BRACKET_RE.match(rest)
        if m:
            return m.group(1).strip()
        m = TITLE_ATTR_RE.match(rest)
        if m:
            return m.group(2).strip()
        return rest

    def _head(self, start: int, stop: int) -> None:
        """A Docusaurus ``<head>`` block: ld+json scripts are kept aside, the rest reported."""
        chunk = self.text[start:stop]
        dropped: list[str] = []
        pos = 0
        for m in SCRIPT_LD_RE.finditer(chunk):
            close = SCRIPT_CLOSE_RE.search(chunk, m.end())
            if close is None:
                break
            dropped.extend(t.group(1).lower() for t in HEAD_TAG_RE.finditer(chunk, pos, m.start()))
            self._script(start + m.end(), start + close.start())
            pos = close.end()
        dropped.extend(t.group(1).lower() for t in HEAD_TAG_RE.finditer(chunk, pos))
        if dropped:
            tags = ", ".join(f"<{t}>" for t in sorted(set(dropped)))
            self.note(
                start,
                f"`<head>` block: {tags} left out (aeoloop writes the page head; set `title` and "
                "`description` in front matter)",
            )
        self.replace(start, stop, "")
        self.protected.append((start, stop))

    def _script(self, start: int, end: int) -> None:
        """Keep the JSON text of an ld+json script (plain, ``{`…`}`` or ``{JSON.stringify(…)}``)."""
        inner = self.text[start:end]
        lead = len(inner) - len(inner.lstrip())
        body = inner.strip()
        offset = start + lead
        m = TEMPLATE_RE.match(body) or JSON_STRINGIFY_RE.match(body)
        if m:
            offset += m.start(1)
            body = m.group(1)
        skip = len(body) - len(body.lstrip())
        offset += skip
        self.scripts.append(ScriptBlock(self.lines.line(offset), self.lines.column(offset), body.strip()))

    # -- pass 2: JSX tags ------------------------------------------------------------------
    def _tags(self) -> None:
        text = self.text
        protected = sorted(self.protected)
        protected.extend(_html_comments(text))
        protected = sorted(protected + _code_spans(text))
        starts = [p[0] for p in protected]
        ends_max: list[int] = []
        best = -1
        for _s, e in protected:
            best = max(best, e)
            ends_max.append(best)

        def is_protected(pos: int) -> int:
            """End of the protected span containing ``pos``, or -1."""
            k = bisect_right(starts, pos) - 1
            if k >= 0 and ends_max[k] > pos:
                return ends_max[k]
            return -1

        for m in MDX_LINK_RE.finditer(text):  # links follow the .mdx → .md rename the writer is asked to do
            if is_protected(m.start(1)) < 0:
                self.replace(m.start(1), m.end(1), ".md")
        budget = TAG_BUDGET_PER_CHAR * len(text) + 100_000
        labels: dict[str, str] = {}
        i = 0
        while True:
            start = TAG_START_RE.search(text, i)
            if start is None:
                return
            pos = start.start()
            skip_to = is_protected(pos)
            if skip_to >= 0:
                i = skip_to
                continue
            tag = read_tag(text, pos)
            budget -= (tag.end - pos) if tag else 64
            if budget < 0:
                self.note(
                    pos, "this page is too irregular to read its JSX tags past this line; they are left as they are"
                )
                return
            if tag is None:
                i = pos + 1
                continue
            i = tag.end
            if not tag.component:
                self._html_attrs(tag)
                continue
            self._component(tag, labels)

    def _html_attrs(self, tag: Tag) -> None:
        mode = MARKDOWN_INSIDE.get(tag.name.lower())
        if mode and not tag.closing and not tag.self_closing and tag.attr("markdown") is None:
            line_start = self.text.rfind("\n", 0, tag.start) + 1
            if not self.text[
                line_start : tag.start
            ].strip():  # a block tag: MDX reads Markdown inside it, so must MkDocs
                self.replace(tag.end - 1, tag.end - 1, f' markdown="{mode}"')
                if tag.name.lower() == "summary":  # a heading inside <summary> is its text (a summary holds no block)
                    close = self.text.find("</summary>", tag.end, tag.end + 4000)
                    for m in SUMMARY_HEADING_RE.finditer(self.text, tag.end, close if close > 0 else tag.end):
                        self.replace(m.start(1), m.end(1), "")
        for attr in tag.attrs:
            if attr.name == "className":
                self.replace(attr.start, attr.start + len("className"), "class")
            if not attr.expression:
                continue
            url = static_url(attr.value or "", self.base_path) if attr.name != "..." else None
            if url is not None:
                self.replace(attr.start, attr.end, f'{attr.name}="{url}"')
            else:
                self.replace(attr.start, attr.end, "")
                self.note(
                    attr.start,
                    f"attribute `{attr.name}={{…}}` of <{tag.name}> is a JavaScript expression (MDX); left out",
                )

    def _component(self, tag: Tag, labels: dict[str, str]) -> None:
        text = self.text
        line = self.lines.line(tag.start)
        if tag.name == "Tabs" and not tag.closing:
            labels.clear()
            labels.update(tab_labels(tag))
            self.replace(tag.start, tag.end, "")
            return
        if tag.name == "TabItem" and not tag.closing:
            label = tag.attr("label")
            value = tag.attr("value")
            name = (
                (label.value if label and not label.expression else None)
                or (labels.get(value.value or "") if value and not value.expression else None)
                or (value.value if value and not value.expression else None)
            )
            self.replace(tag.start, tag.end, f"**{name}**" if name else "")
            return
        if tag.name in ("Tabs", "TabItem") or tag.name == "":
            self.replace(tag.start, tag.end, "")
            return
        if tag.self_closing:
            self.replace(tag.start, tag.end, "")
            self.components[(tag.name, "dropped")].append(line)
            return
        if tag.closing:
            self.replace(tag.start, tag.end, "")
            return
        # an opening tag: a child expression ({getExample(...)}) goes with it
        j = tag.end
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        if j < len(text) and text[j] == "{":
            k = skip_expression(text, j)
            if k > 0:
                self.replace(tag.start, k, "")
                self.components[(tag.name, "expression")].append(line)
                return
        self.replace(tag.start, tag.end, "")
        self.components[(tag.name, "unwrapped")].append(line)

    # -- applying the edits ----------------------------------------------------------------
    def _apply(self) -> Normalized:
        text = self.text
        edits = sorted(self.edits, key=lambda e: (e.start, e.end))
        out: list[str] = []
        mask: list[str] = []
        pos = 0
        changed = False
        for e in edits:
            if e.start < pos:
                continue  # inside an edit already made (e.g. indentation of a line in a dropped tag)
            out.append(text[pos : e.start])
            mask.append(text[pos : e.start])
            out.append(e.text)
            mask.append(re.sub(r"[^\n]", " ", text[e.start : e.end]))
            pos = e.end
            changed = True
        out.append(text[pos:])
        mask.append(text[pos:])
        return Normalized("".join(out), "".join(mask), self.notes, self.scripts, changed)
