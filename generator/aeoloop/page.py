"""The Page model: validated front matter plus sections with their source lines.

Everything downstream (generation, JSON-LD, mirrors, lint) works on a :class:`Page`, never on
raw strings, so line numbers in messages always point at the file the writer edits.
"""

# Over 400 lines on purpose: the Page type and its one parser (front matter, sections, blocks); every phase reads it, none parses it again.
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import llmblocks, mdfast, pagefacts
from .errors import Diagnostic
from .escaping import web_url
from .imagelicense import ImageLicense
from .mdfast import faster
from .pagefacts import PageFacts
from .foreign.jsonld import SourceNode, parse_scripts, rich_result_warnings
from .foreign.mdx import normalize
from .render_guard import render_hazards
from .text import WORD_RE  # one definition of a word for the package
from .yamlload import compose_and_load, marks

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails  # pydantic's error records

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
ATTR_LIST_RE = re.compile(r"\s*\{\s*[:#.][^}]*\}\s*$")
# compose_and_load: libyaml when available (front matter is parsed for every page of every
# build), with impossible dates kept as text and bad values marked at their line (aeoloop.yamlload).


class FaqItem(BaseModel):
    """A hand-written question and answer from front matter; overrides generation."""

    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1)
    answer: str = Field(min_length=1)


class FrontMatter(BaseModel):
    """The front matter keys aeoloop knows. Other keys pass through to MkDocs untouched."""

    model_config = ConfigDict(extra="ignore")

    title: str | None = None
    description: str | None = None
    authors: list[str] = Field(default_factory=list)
    date: dt.date | None = None
    updated: dt.date | None = None
    image: str | None = None
    image_license: ImageLicense | None = None
    audiences: list[str] = Field(default_factory=list)
    stage: Literal["awareness", "consideration", "decision"] | None = None  # buying stage: picks each audience's CTA
    keywords: list[str] = Field(default_factory=list)
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    summary: str | None = None
    takeaways: list[str] | None = None
    faq: list[FaqItem] | None = None
    llms_optional: bool = False
    max_snippet: int | None = Field(default=None, ge=-1)

    @field_validator("authors", "audiences", "keywords", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        """Writers type ``authors: maria`` as often as ``authors: [maria]``; accept both."""
        if value is None:
            return []
        if isinstance(value, str):
            parts = value.split(",") if "," in value else [value]
            return [p.strip() for p in parts if p.strip()]
        return value

    @field_validator("date", "updated", mode="before")
    @classmethod
    def _parse_date(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            text = value.strip()
            try:
                return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
            except ValueError as err:
                raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01") from err
        return value

    @field_validator("title", "description", "summary", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str):
            value = " ".join(value.split())
            return value or None
        return value


KNOWN_KEYS = tuple(FrontMatter.model_fields)
# Keys other generators write (Docusaurus, Hugo, Jekyll, Material): never reported as typos of ours.
FOREIGN_KEYS = frozenset(
    {
        "id",
        "slug",
        "sidebar_position",
        "sidebar_label",
        "sidebar_class_name",
        "sidebar_custom_props",
        "displayed_sidebar",
        "hide_title",
        "hide_table_of_contents",
        "toc_min_heading_level",
        "toc_max_heading_level",
        "pagination_label",
        "pagination_next",
        "pagination_prev",
        "parse_number_prefixes",
        "custom_edit_url",
        "last_update",
        "draft",
        "unlisted",
        "tags",
        "hide",
        "template",
        "icon",
        "status",
        "subtitle",
        "search",
        "weight",
        "layout",
        "permalink",
        "aliases",
        "categories",
        "toc",
        "comments",
    }
)


@dataclass(frozen=True)
class Block:
    """A top-level block of a section: paragraph, list, table, code, quote or admonition."""

    kind: str
    text: str
    line: int
    items: tuple[str, ...] = ()
    ordered: bool = False
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, row by row (header row first)


@dataclass(frozen=True)
class Section:
    """Content under one heading, up to the next heading of any level.

    ``heading`` is None for the introduction (text before the first heading).
    """

    heading: str | None
    level: int
    line: int
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.kind in ("paragraph", "list"))


@dataclass
class Page:
    """One content page, loaded and validated. Built once per build and passed everywhere."""

    src_uri: str
    path: Path
    source: str
    body: str
    body_line: int
    meta: FrontMatter
    raw_meta: dict[str, Any]
    source_hash: str
    title: str
    lang: str
    warnings: list[Diagnostic] = field(default_factory=list)
    # Content from other generators (MDX, Docusaurus): ``body`` is the normalized Markdown and
    # ``rewritten`` says it differs from the file; ``lint_source`` is the file with that markup
    # blanked (same offsets); ``jsonld`` holds the writer's own ld+json nodes for the graph.
    rewritten: bool = False
    lint_source: str | None = None
    jsonld: list[SourceNode] = field(default_factory=list)
    # Filled by the project loader (brand fallbacks, git history), not by parsing.
    date_published: dt.date | None = None
    date_modified: dt.date | None = None
    authors: list[str] = field(default_factory=list)
    released: bool = False  # release_text() ran: source and sections are gone
    # The parsed sections, or None until a step asks for them: a page whose manifest records its
    # facts for this text and parser is loaded without a parse (see :mod:`aeoloop.pagefacts`).
    parsed: list[Section] | None = field(default=None, repr=False, compare=False)
    known_facts: PageFacts | None = field(default=None, repr=False, compare=False)

    def release_text(self) -> None:
        """Let go of the file's text and its parsed sections (a one-shot build, once the page's HTML
        is made: nothing after the render reads them, and the render is where the build's memory
        peaks: at 1,000 pages they are ~15 MB). ``body`` stays (the Markdown mirror is made from it);
        what reads sections afterwards fails loudly instead of reading none."""
        self.source, self.parsed, self.released = "", [], True

    @property
    def sections(self) -> list[Section]:
        """The page's sections, parsed on first use when the load did not need them (none once
        :meth:`release_text` ran, as before sections were parsed lazily)."""
        if self.parsed is None:
            self.parsed = parse_sections(self.body, self.body_line)
        return self.parsed

    @property
    def facts(self) -> PageFacts:
        """Headings, word count and procedure steps: recorded in the manifest, else from the sections."""
        if self.known_facts is None:
            self.known_facts = PageFacts.of(
                self.sections, sum(len(WORD_RE.findall(b.text)) for s in self.sections for b in s.blocks)
            )
        return self.known_facts

    @property
    def facts_key(self) -> str:
        """The key the manifest records :attr:`facts` under (see :func:`facts_key`)."""
        return facts_key(self.source_hash)

    @property
    def slug(self) -> str:
        """Folder name under ``generated/``: the source path without ``.md``."""
        return self.src_uri[: -len(".md")] if self.src_uri.endswith(".md") else self.src_uri

    @property
    def intro(self) -> Section | None:
        self._has_text()
        return self.sections[0] if self.sections and self.sections[0].heading is None else None

    @property
    def word_count(self) -> int:
        return self.facts.words

    @cached_property
    def llm_body(self) -> str:
        """The body as the LLM versions carry it (mirrors, llms-full.txt): ``llm-only`` blocks
        kept, ``llm-ignore`` and ``nosnippet`` blocks left out (see :mod:`aeoloop.llmblocks`)."""
        return llmblocks.view(self.body, drop=llmblocks.FOR_LLMS)

    @cached_property
    def generation_body(self) -> str:
        """The body generation reads: only what the HTML page shows and LLMs may quote."""
        return llmblocks.view(self.body, drop=llmblocks.FOR_GENERATION)

    def ordered_lists(self) -> list[tuple[Section, Block]]:
        self._has_text()
        return [(s, b) for s in self.sections for b in s.blocks if b.kind == "list" and b.ordered]

    def _has_text(self) -> None:
        if self.released:
            raise RuntimeError(f"{self.src_uri}: the page's sections were released after its render")


@cache
def _markdown() -> MarkdownIt:
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    return faster(MarkdownIt("commonmark").enable("table").use(admon_plugin).use(footnote_plugin))


def parse_sections(body: str, body_line: int) -> list[Section]:
    """The sections of a page's (normalized) body, whose first line is ``body_line`` of the file.

    Sections feed generation: llm-only, llm-ignore and nosnippet runs are not in them."""
    tokens = _markdown().parse(llmblocks.view(body, drop=llmblocks.FOR_GENERATION))
    runs = _blocks(tokens, body_line - 1)
    return [Section(h, lvl, line, tuple(blocks)) for h, lvl, line, blocks in runs if h is not None or blocks]


def facts_key(source_hash: str) -> str:
    """The key of a page's :class:`~aeoloop.pagefacts.PageFacts` in its manifest: its source hash
    (the MDX-normalized body included) and :func:`_parser_version` (this loader, the scans, the MDX
    normalizer, the Markdown libraries' versions): the facts are a function of these."""
    return hashlib.sha256(json.dumps([_parser_version(), source_hash]).encode()).hexdigest()[:32]


def source_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inline_text(token: Token) -> str:
    """Plain text of an inline token: formatting, HTML and footnote marks dropped, code kept."""
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            continue
    text = " ".join("".join(out).split())
    return ATTR_LIST_RE.sub("", text)


# An HTML block that only shows a picture or a video (tags, no text of its own).
_PICTURE_ONLY = re.compile(
    r"(?:\s*<(?:/?(?:div|p|figure|picture|source|video|span|center)\b[^>]*|img\b[^>]*)>\s*)+", re.I
)


def _after_picture(tok: Token) -> list[Token] | None:
    """The Markdown an HTML picture block swallowed, parsed: CommonMark ends an HTML block only at
    a blank line, so "* Step 1" / "<div class="browser"><img …/></div>" / "* Step 2" makes step 2
    raw HTML and the procedure stops at step 1. None when the block is not a picture followed by
    lines of text (tokens carry the lines of the page)."""
    lines = tok.content.split("\n")
    for k in range(len(lines) - 1, 0, -1):
        rest = "\n".join(lines[k:]).strip()
        if not rest or rest.startswith("<"):
            continue
        if _PICTURE_ONLY.fullmatch("\n".join(lines[:k]).strip() or "-"):
            start = (tok.map[0] if tok.map else 0) + k
            parsed = _markdown().parse("\n".join(lines[k:]))
            for t in parsed:
                if t.map:
                    t.map = [t.map[0] + start, t.map[1] + start]
            return parsed
    return None


def _blocks(tokens: list[Token], offset: int) -> list[tuple[str | None, int, int, list[Block]]]:
    """Group top-level tokens into (heading, level, line, blocks) runs."""
    tokens = list(tokens)
    runs: list[tuple[str | None, int, int, list[Block]]] = [(None, 0, offset + 1, [])]
    picture_gap = False  # only pictures since the last list block
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        line = offset + (tok.map[0] if tok.map else 0) + 1
        if tok.type == "heading_open":
            runs.append((inline_text(tokens[i + 1]), int(tok.tag[1]), line, []))
            i += 3
            continue
        blocks = runs[-1][3]
        picture = tok.type == "html_block" and tok.level == 0 and bool(_PICTURE_ONLY.fullmatch(tok.content.strip()))
        if picture:
            i += 1
            continue  # a picture between list items keeps picture_gap
        swallowed = _after_picture(tok) if tok.type == "html_block" and tok.level == 0 else None
        if swallowed is not None:
            tokens[i : i + 1] = swallowed  # the picture is dropped (as above), its text parsed as Markdown
            n = len(tokens)
            continue
        if not tok.type.startswith(("bullet_list_open", "ordered_list_open")):
            picture_gap = False
        if tok.type == "paragraph_open" and tok.level == 0:
            blocks.append(Block("paragraph", inline_text(tokens[i + 1]), line))
            i += 3
            continue
        if tok.type in ("bullet_list_open", "ordered_list_open") and tok.level == 0:
            close = tok.type.replace("_open", "_close")
            items: list[str] = []
            depth = 0
            j = i + 1
            current: list[str] = []
            while j < n and not (tokens[j].type == close and tokens[j].level == 0):
                t = tokens[j]
                if t.type == "list_item_open":
                    depth += 1
                    if depth == 1:
                        current = []
                elif t.type == "list_item_close":
                    depth -= 1
                    if depth == 0:
                        items.append(" ".join(current))
                elif t.type == "inline" and depth == 1:
                    current.append(inline_text(t))
                j += 1
            ordered = tok.type.startswith("ordered")
            prev = blocks[-1] if blocks else None
            if picture_gap and prev is not None and prev.kind == "list" and prev.ordered == ordered:
                # Steps with a screenshot between them ("<div class="browser"><img …/></div>") are
                # one list: split, "Two steps" of three would be condensed from a cut list.
                items = [*prev.items, *items]
                line = prev.line
                blocks.pop()
            blocks.append(Block("list", "\n".join(f"- {x}" for x in items), line, tuple(items), ordered))
            picture_gap = True
            i = j + 1
            continue
        if tok.type == "table_open":
            j = i
            cells: list[str] = []
            rows: list[tuple[str, ...]] = []
            row_start = 0
            while j < n and tokens[j].type != "table_close":
                if tokens[j].type == "inline":
                    cells.append(inline_text(tokens[j]))
                elif tokens[j].type == "tr_open":
                    row_start = len(cells)
                elif tokens[j].type == "tr_close":
                    rows.append(tuple(cells[row_start:]))
                j += 1
            blocks.append(Block("table", " | ".join(cells), line, rows=tuple(rows)))
            i = j + 1
            continue
        if tok.type in ("fence", "code_block"):
            blocks.append(Block("code", tok.content, line))
        elif tok.type in ("blockquote_open", "admonition_open") and tok.level == 0:
            kind = "quote" if tok.type == "blockquote_open" else "admonition"
            close = tok.type.replace("_open", "_close")
            j = i + 1
            texts: list[str] = []
            while j < n and not (tokens[j].type == close and tokens[j].level == 0):
                if tokens[j].type == "inline":
                    texts.append(inline_text(tokens[j]))
                j += 1
            blocks.append(Block(kind, " ".join(texts), line))
            i = j + 1
            continue
        i += 1
    return runs


def _decode(data: bytes, display: str) -> tuple[str | None, Diagnostic | None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, Diagnostic(
            display,
            line,
            f"byte 0x{data[err.start]:02x} is not valid UTF-8; save the file as UTF-8 "
            "(most editors: 'Save with encoding' → UTF-8)",
        )
    return text.replace("\r\n", "\n"), None


def _front_matter(text: str, display: str) -> tuple[dict[str, Any], dict[str, int], str, int, list[Diagnostic]]:
    """Split and parse front matter; return (data, key → line, body, body_line, errors)."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        if text.startswith("---\n"):
            return (
                {},
                {},
                text,
                1,
                [Diagnostic(display, 1, "front matter starts with '---' but has no closing '---' line; add one")],
            )
        return {}, {}, text, 1, []
    raw = match.group(1) or ""
    body = text[match.end() :]
    body_line = text[: match.end()].count("\n") + 1
    try:
        node, data = compose_and_load(raw)
        data = data if node is not None else {}
    except yaml.YAMLError as err:
        marked = marks(err)
        mark = marked.problem_mark or marked.context_mark
        context = marked.context_mark
        if mark is not None and context is not None and mark.line >= raw.count("\n"):
            mark = context  # the parser ran off the end: point at what was left open, e.g. a "["
        line = mark.line + 2 if mark is not None else 1
        problem = marked.problem or str(err).splitlines()[0]
        return (
            {},
            {},
            body,
            body_line,
            [Diagnostic(display, line, f"front matter is not valid YAML ({problem}); check quoting and indentation")],
        )
    if data is None:
        return {}, {}, body, body_line, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return {}, {}, body, body_line, [Diagnostic(display, 2, "front matter must be a mapping of `key: value` lines")]
    lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    return data, lines, body, body_line, []


def load_page(
    path: Path,
    src_uri: str,
    *,
    display: str | None = None,
    default_lang: str = "en",
    sections_cache: SectionsCache | None = None,
    base_path: str = "/",
    recorded_facts: Callable[[str, str], PageFacts | None] | None = None,
) -> tuple[Page | None, list[Diagnostic]]:
    """Read and validate one page. Returns the page (or None) and every problem found in it.

    MDX/Docusaurus markup is normalized first (see :mod:`aeoloop.foreign.mdx`); ``base_path`` is
    the path of the site URL (``/docs/``), which Docusaurus' ``useBaseUrl('img/a.png')`` means.

    ``recorded_facts(src_uri, key)`` returns the page's facts its manifest records under ``key``
    (:func:`facts_key`), or None: a page it knows is not parsed (see :mod:`aeoloop.pagefacts`).
    ``sections_cache`` holds sections by source hash: a page it has is not parsed either (see
    :class:`SectionsCache`).
    """
    display = display or src_uri
    data = path.read_bytes()
    text, bad = _decode(data, display)
    if text is None:
        return None, [bad] if bad else []
    raw, key_lines, body, body_line, errors = _front_matter(text, display)
    if errors:
        return None, errors

    problems: list[Diagnostic] = []
    meta = FrontMatter()
    control_warnings: list[Diagnostic] = []
    for key in [k for k in raw if k in KNOWN_KEYS]:
        cleaned = _without_controls(raw[key])
        if cleaned != raw[key]:
            raw[key] = cleaned
            control_warnings.append(
                Diagnostic(
                    display,
                    key_lines.get(str(key)),
                    f"front matter `{key}`: control characters "
                    "(such as \\0) removed; no page, feed or crawler shows them",
                    "warning",
                )
            )
    try:
        meta = FrontMatter.model_validate(raw)
    except ValidationError as err:
        for e in err.errors():
            key = str(e["loc"][0]) if e["loc"] else ""
            where = ".".join(str(p) for p in e["loc"])
            problems.append(Diagnostic(display, key_lines.get(key, 2), f"front matter `{where}`: {_explain(e)}"))
    warnings: list[Diagnostic] = control_warnings
    for key in raw:
        if key not in KNOWN_KEYS and key not in FOREIGN_KEYS:
            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.75)
            if close:
                warnings.append(
                    Diagnostic(
                        display,
                        key_lines.get(str(key)),
                        f"unknown front matter key `{key}`: did you mean `{close[0]}`?",
                        "warning",
                    )
                )

    source_body = body
    foreign = normalize(body, base_path=base_path, first_line=body_line)
    body = foreign.markdown
    for note in foreign.notes:
        target = problems if note.level == "error" else warnings
        target.append(Diagnostic(display, note.line, note.message, note.level))
    hazards = [Diagnostic(display, h.line, h.message) for h in render_hazards(body, body_line)]
    if hazards:  # parsing such a paragraph is slow too: stop here, with its line
        return None, problems + hazards + warnings
    jsonld, script_problems = parse_scripts(foreign.scripts, display)
    problems.extend(d for d in script_problems if d.level == "error")
    warnings.extend(d for d in script_problems if d.level != "error")
    _, marker_problems = llmblocks.find_blocks(body)
    for line, message in marker_problems:
        problems.append(Diagnostic(display, body_line - 1 + line, message))
    if not problems and meta.image is not None and web_url(meta.image) is None:
        warnings.append(
            Diagnostic(
                display,
                key_lines.get("image"),
                f"front matter `image`: {meta.image[:60]!r} is not an http(s) "
                "URL or a site-relative path; left out of the JSON-LD (javascript:, data:, file: are never published)",
                "warning",
            )
        )
        meta.image = None

    # What generation reads is the normalized body: when the MDX rewrite changes it (a newer
    # aeoloop converts more), the page counts as changed. Plain Markdown keeps the file's hash.
    digest = source_hash(data + b"\0" + body.encode("utf-8")) if foreign.changed else source_hash(data)
    # the writer's own JSON-LD is checked against the visible text of every block: parsed then
    facts = recorded_facts(src_uri, facts_key(digest)) if recorded_facts is not None and not jsonld else None
    sections: list[Section] | None = None
    if facts is None:
        cached = sections_cache.get(src_uri) if sections_cache is not None else None
        if cached is not None and cached[0] == digest:
            sections = sections_from_json(cached[1])
        else:
            sections = parse_sections(body, body_line)
            if sections_cache is not None:
                sections_cache.put(src_uri, (digest, sections_to_json(sections)))

    title = meta.title if not problems else (raw.get("title") or "?")
    if title is None:
        if sections is not None:
            h1 = next((s.heading for s in sections if s.level == 1 and s.heading), None)
        else:  # the recorded facts (sections are parsed when there are none)
            h1 = next((text for _line, level, text in facts.headings if level == 1), None) if facts else None
        if h1 is not None:
            title = h1
        else:  # like MkDocs: the file name, so one untitled page never stops a whole corpus
            title = title_from_path(src_uri)
            warnings.append(
                Diagnostic(
                    display,
                    1,
                    f"page has no title; using {title!r} from the file name "
                    "(add `title: ...` to the front matter or a `# Heading` line)",
                    "warning",
                )
            )
    if jsonld and sections is not None:  # (always parsed then, see above)
        visible = "\n".join(t for s in sections for t in [s.heading or "", *(b.text for b in s.blocks)])
        generated_faq = meta.faq is None or len(meta.faq) > 0
        warnings.extend(rich_result_warnings(jsonld, display, visible, generated_faq=generated_faq))
    if not body.strip():
        warnings.append(
            Diagnostic(display, body_line, "page has no content; nothing will be generated for it", "warning")
        )

    if problems:
        return None, problems + warnings
    page = Page(
        src_uri=src_uri,
        path=path,
        source=text,
        body=body,
        body_line=body_line,
        meta=meta,
        raw_meta=raw,
        source_hash=digest,
        title=title or "",
        lang=(meta.lang or default_lang).split("-")[0].lower(),
        warnings=warnings,
        rewritten=foreign.changed,
        lint_source=text[: len(text) - len(source_body)] + foreign.mask if foreign.changed else None,
        jsonld=jsonld,
        parsed=sections,
        known_facts=facts,
    )
    return page, warnings


def masked_source(text: str, base_path: str = "/") -> str:
    """``text`` with its MDX/Docusaurus markup blanked, same length: what the voice linter reads."""
    match = FRONT_MATTER_RE.match(text)
    head = match.end() if match else 0
    foreign = normalize(text[head:], base_path=base_path)
    return text[:head] + foreign.mask if foreign.changed else text


def title_from_path(src_uri: str) -> str:
    """MkDocs' fallback title: the file name (the folder's for ``index.md``), dashes as spaces."""
    parts = src_uri.split("/")
    name = parts[-1].rsplit(".", 1)[0]
    if name in ("index", "README") and len(parts) > 1:
        name = parts[-2]
    elif name in ("index", "README"):
        return "Home"
    name = name.replace("-", " ").replace("_", " ").strip() or src_uri
    return name[:1].upper() + name[1:]


_CONTROLS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_controls(value: Any) -> Any:
    """Front matter text without control characters (YAML's ``"\\0"`` and ``"\\x01"`` escapes make
    them): HTML parsers drop or replace them, so text holding them can never match what a
    crawler sees (a FAQ answer with a NUL failed verify), and no output has a use for them."""
    if isinstance(value, str):
        return _CONTROLS_RE.sub("", value) if _CONTROLS_RE.search(value) else value
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_controls(v) for k, v in value.items()}
    return value


def _explain(error: ErrorDetails) -> str:
    kind = error.get("type", "")
    if kind == "string_pattern_mismatch":
        return "must be a language code such as `en` or `it`"
    if kind in ("list_type",):
        return "must be a list, e.g. `[a, b]`"
    if kind == "extra_forbidden":
        return "unknown key; a FAQ item has only `question` and `answer`"
    msg = str(error.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


def sections_to_json(sections: list[Section]) -> list[Any]:
    return [
        [s.heading, s.level, s.line, [[b.kind, b.text, b.line, list(b.items), b.ordered] for b in s.blocks]]
        for s in sections
    ]


def sections_from_json(data: list[Any]) -> list[Section]:
    return [
        Section(h, lvl, line, tuple(Block(k, t, ln, tuple(items), ordered) for k, t, ln, items, ordered in blocks))
        for h, lvl, line, blocks in data
    ]


class SectionsCache:
    """Parsed sections of every page, by source hash, in ``<cache_dir>/sections.json``.

    The key includes a hash of this module, so a change to the parser invalidates it. JSON, not
    pickle: the cache folder is plain data that loading can never execute. The file is read when
    a page first asks for its entry: a build whose pages are all known by their recorded facts
    (:mod:`aeoloop.pagefacts`) never reads it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, tuple[str, list[Any]]] | None = None
        self._loaded: dict[str, tuple[str, list[Any]]] = {}

    @property
    def entries(self) -> dict[str, tuple[str, list[Any]]]:
        if self._entries is None:
            self._entries = {}
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                if raw.get("version") == _parser_version():
                    self._entries = {k: (v[0], v[1]) for k, v in raw["entries"].items()}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self._entries = {}
            self._loaded = dict(self._entries)
        return self._entries

    def get(self, src_uri: str) -> tuple[str, list[Any]] | None:
        """(source hash, sections as JSON) of the page when it was last parsed, or None."""
        return self.entries.get(src_uri)

    def put(self, src_uri: str, entry: tuple[str, list[Any]]) -> None:
        self.entries[src_uri] = entry

    def save(self, keep: set[str]) -> None:
        """Write the entries of the pages in ``keep`` (nothing when the file was not read: nothing changed)."""
        if self._entries is None:
            return
        self._entries = {k: v for k, v in self._entries.items() if k in keep}
        if self._entries == self._loaded:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": _parser_version(), "entries": self._entries}), encoding="utf-8")
        tmp.replace(self.path)


@cache
def _parser_version() -> str:
    import markdown_it
    import mdit_py_plugins

    digest = hashlib.sha256(Path(__file__).read_bytes() + Path(llmblocks.__file__).read_bytes())
    digest.update(Path(mdfast.__file__).read_bytes())  # the parser's scans (same tokens as markdown-it's, tested)
    digest.update(Path(pagefacts.__file__).read_bytes())  # what the recorded facts keep of the sections
    for module in sorted((Path(__file__).parent / "foreign").glob("*.py")):  # the MDX normalizer shapes sections too
        digest.update(module.read_bytes())
    # the admonition and footnote rules come from mdit-py-plugins (the digest's tail stays markdown-it's version)
    digest.update(f"mdit-py-plugins=={mdit_py_plugins.__version__}".encode())
    return digest.hexdigest()[:12] + "-" + markdown_it.__version__
