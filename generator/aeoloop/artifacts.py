"""Typed artifacts of a page, and their file formats in ``generated/<page>/``.

Files hold only their content, in formats a person can edit in a pull request (Markdown, JSON);
provenance lives in the page's manifest. Every format round-trips: ``parse(render(x)) == x``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _json_str  # json.dumps' strings (ensure_ascii=False)
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Generic, Protocol, TypeVar

from .answer_code import from_lines


# slots: a warm build holds every page's artifacts from generate to the end of the render, where its
# memory peaks (1,000 pages: ~15,000 entities and ~4,000 FAQ pairs; an instance dict each without them)
@dataclass(frozen=True, slots=True)
class QA:
    question: str
    answer: str
    line: int | None = field(default=None, compare=False)  # heading's source line, when generated


@dataclass(frozen=True, slots=True)
class Entity:
    """A glossary entity found on a page. ``role`` is ``about`` (title/intro) or ``mentions``."""

    key: str
    name: str
    count: int
    role: str


@dataclass
class PageArtifacts:
    summary: str = ""
    takeaways: list[str] = field(default_factory=list)
    faq: list[QA] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # quality notes for the build summary, not written

    @property
    def about(self) -> list[Entity]:
        return [e for e in self.entities if e.role == "about"]

    @property
    def mentions(self) -> list[Entity]:
        return [e for e in self.entities if e.role == "mentions"]


# --- file formats --------------------------------------------------------------------------


def render_summary(text: str) -> str:
    return text.strip() + "\n" if text.strip() else ""


def parse_summary(text: str) -> str:
    return " ".join(text.split())


def render_takeaways(items: list[str]) -> str:
    return "".join(f"- {item}\n" for item in items)


def parse_takeaways(text: str) -> list[str]:
    items: list[str] = []
    for line in text.splitlines():
        if re.match(r"^\s*[-*+]\s+", line):
            items.append(re.sub(r"^\s*[-*+]\s+", "", line).strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return items


def render_faq(items: list[QA]) -> str:
    return "\n".join(f"## {qa.question}\n\n{qa.answer}\n" for qa in items)


def parse_faq(text: str) -> list[QA]:
    """Questions (``## `` lines) and their answers; an answer's prose lines are folded into one
    paragraph, its fenced code blocks kept line for line (see :mod:`aeoloop.answer_code`)."""
    items: list[QA] = []
    question: str | None = None
    answer: list[str] = []
    fence: str | None = None  # the fence of the code block being read: "## " in it is code
    for line in text.splitlines():
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
        elif m := re.match(r"^(`{3,}|~{3,})", stripped):
            fence = m.group(1)
        elif line.startswith("## "):
            if question is not None:
                items.append(QA(question, from_lines(answer)))
            question, answer = line[3:].strip(), []
            continue
        if question is not None:
            answer.append(line)
    if question is not None:
        items.append(QA(question, from_lines(answer)))
    return [qa for qa in items if qa.question and qa.answer]


def render_entities(items: list[Entity]) -> str:
    """``entities.json``: ``json.dumps(..., indent=2, ensure_ascii=False)`` of the entities' fields.

    Why written out: this runs for every page of every build (the channels' cache key hashes it),
    and json's indented output goes through its pure-Python encoder. Flat records of strings and
    integers (every entity the generator makes) are written here with json's own string encoder,
    byte for byte what json.dumps writes (tests/test_entities_json.py compares them); any other
    value (a hand-edited file read back) goes through json.dumps."""
    # the fields of a flat dataclass in order, what asdict() gives without its deep copy
    rows = [{name: getattr(e, name) for name in _ENTITY_FIELDS} for e in items]
    if not rows:
        return "[]\n"
    parts: list[str] = []
    for row in rows:
        fields: list[str] = []
        for key, value in row.items():
            kind = type(value)
            if kind is str:
                fields.append(f"    {_json_str(key)}: {_json_str(value)}")
            elif kind is int:
                fields.append(f"    {_json_str(key)}: {int.__repr__(value)}")
            else:
                return json.dumps([dict(r) for r in rows], indent=2, ensure_ascii=False) + "\n"
        parts.append("  {\n" + ",\n".join(fields) + "\n  }" if fields else "  {}")
    return "[\n" + ",\n".join(parts) + "\n]\n"


_ENTITY_FIELDS = tuple(f.name for f in fields(Entity))


def parse_entities(text: str) -> list[Entity]:
    """The entities of ``entities.json``. Their keys, names and roles are interned: the same glossary
    terms are on most pages, and a build holds every page's entities through the render."""
    return [_entity(e) for e in json.loads(text)]


def _entity(record: dict[str, object]) -> Entity:
    if isinstance(record, dict):
        record = {k: sys.intern(v) if type(v) is str else v for k, v in record.items()}
    return Entity(**record)  # type: ignore[arg-type]  # a hand-edited file's fields are checked by the dataclass


class FileFormat(Protocol):
    """One file of ``generated/<page>/`` and the field of :class:`PageArtifacts` it holds."""

    def text_of(self, artifacts: PageArtifacts) -> str:
        """The file's text for the field's value in ``artifacts``."""
        ...

    def read_into(self, text: str, artifacts: PageArtifacts) -> None:
        """Parse the file's text and set the field in ``artifacts``."""
        ...

    def copy(self, source: PageArtifacts, target: PageArtifacts) -> None:
        """Set the field in ``target`` to its value in ``source``."""
        ...


T = TypeVar("T")


@dataclass(frozen=True)
class _Format(Generic[T]):
    render: Callable[[T], str]
    parse: Callable[[str], T]
    get: Callable[[PageArtifacts], T]
    set: Callable[[PageArtifacts, T], None]

    def text_of(self, artifacts: PageArtifacts) -> str:
        return self.render(self.get(artifacts))

    def read_into(self, text: str, artifacts: PageArtifacts) -> None:
        self.set(artifacts, self.parse(text))

    def copy(self, source: PageArtifacts, target: PageArtifacts) -> None:
        self.set(target, self.get(source))


def _set_summary(artifacts: PageArtifacts, value: str) -> None:
    artifacts.summary = value


def _set_takeaways(artifacts: PageArtifacts, value: list[str]) -> None:
    artifacts.takeaways = value


def _set_faq(artifacts: PageArtifacts, value: list[QA]) -> None:
    artifacts.faq = value


def _set_entities(artifacts: PageArtifacts, value: list[Entity]) -> None:
    artifacts.entities = value


FORMATS: dict[str, FileFormat] = {
    "summary.md": _Format(render_summary, parse_summary, lambda a: a.summary, _set_summary),
    "takeaways.md": _Format(render_takeaways, parse_takeaways, lambda a: a.takeaways, _set_takeaways),
    "faq.md": _Format(render_faq, parse_faq, lambda a: a.faq, _set_faq),
    "entities.json": _Format(render_entities, parse_entities, lambda a: a.entities, _set_entities),
}
