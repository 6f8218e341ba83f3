"""What the build needs of a page's parsed sections when the page is unchanged, recorded in its manifest.

Why: CI builds a fresh clone (``generated/`` committed, no ``.aeoloop/``), and parsing every page
with markdown-it was most of its load step (1.3 ms a page) although nothing was regenerated. When
the text is unchanged, the steps after load read three things of the sections: the headings and
their lines (the guardrail verdicts' key), the number of words and the ordered lists of three
steps or more (the JSON-LD graph: ``wordCount``, ``HowTo``, which keyphrases are ``DefinedTerm``).
:class:`PageFacts` holds exactly these, and each page's committed ``generated/<page>/manifest.json``
records them (``"page"``) under a key of the page's source hash and the parser's version
(:func:`aeoloop.page.facts_key`: this module, the loader, the MDX normalizer, the Markdown
libraries' versions). A page whose key matches is loaded without a parse; its sections are parsed
only if a step asks for them (:attr:`aeoloop.page.Page.sections`), e.g. to regenerate a channel.

The facts are a few hundred bytes a page, not a second copy of the page's text: headings, a count
and the steps of a procedure. An entry that is not the expected shape (a hand edit, a merge gone
wrong) is a miss: the page is parsed and the entry written again; never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .generated import GeneratedStore
    from .page import Section

ENTRY = "page"
"""The manifest's key for the page's facts (also listed in ``generated.RECORDED``)."""
MANIFEST = "manifest.json"
MIN_STEPS = 3
"""An ordered list is a procedure's steps from this many items (``HowTo`` in the JSON-LD)."""


@dataclass(frozen=True)
class PageFacts:
    """The parsed page as the build reads it when the page did not change (see the module docstring)."""

    headings: tuple[tuple[int, int, str], ...]
    """(source line, level, text) of every heading with text, in page order."""
    words: int
    """Words of every block of every section (:data:`aeoloop.text.WORD_RE`): the graph's ``wordCount``."""
    step_lists: tuple[tuple[str, tuple[str, ...]], ...]
    """Each ordered list of :data:`MIN_STEPS` items or more: (the heading of its section, "" for
    the introduction; its items), in page order."""

    @classmethod
    def of(cls, sections: Iterable[Section], word_count: int) -> PageFacts:
        sections = list(sections)
        return cls(
            headings=tuple((s.line, s.level, s.heading) for s in sections if s.heading),
            words=word_count,
            step_lists=tuple(
                (s.heading or "", b.items)
                for s in sections
                for b in s.blocks
                if b.kind == "list" and b.ordered and len(b.items) >= MIN_STEPS
            ),
        )

    def heading_lines(self) -> dict[int, str]:
        """{line: heading}: the headings as the guardrail key lists them."""
        return {line: text for line, _level, text in self.headings}

    def heading_texts(self) -> set[str]:
        return {text for _line, _level, text in self.headings}

    def as_json(self, key: str) -> dict[str, Any]:
        """The manifest entry: the facts under ``key`` (lists, as JSON reads them back)."""
        return {
            "key": key,
            "words": self.words,
            "headings": [list(h) for h in self.headings],
            "steps": [[heading, list(items)] for heading, items in self.step_lists],
        }

    @classmethod
    def from_json(cls, entry: object, key: str) -> PageFacts | None:
        """The facts of a manifest entry recorded under ``key``; None for another key or any other shape."""
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        words, headings, steps = entry.get("words"), entry.get("headings"), entry.get("steps")
        if type(words) is not int or words < 0 or not isinstance(headings, list) or not isinstance(steps, list):
            return None
        out_headings: list[tuple[int, int, str]] = []
        for h in headings:
            if not (
                isinstance(h, list)
                and len(h) == 3
                and type(h[0]) is int
                and type(h[1]) is int
                and isinstance(h[2], str)
                and h[2]
            ):
                return None
            out_headings.append((h[0], h[1], h[2]))
        out_steps: list[tuple[str, tuple[str, ...]]] = []
        for s in steps:
            if not (
                isinstance(s, list)
                and len(s) == 2
                and isinstance(s[0], str)
                and isinstance(s[1], list)
                and len(s[1]) >= MIN_STEPS
                and all(isinstance(i, str) for i in s[1])
            ):
                return None
            out_steps.append((s[0], tuple(s[1])))
        return cls(tuple(out_headings), words, tuple(out_steps))


def recorded(generated_dir: Path, slug: str, key: str) -> PageFacts | None:
    """The facts ``generated/<slug>/manifest.json`` records under ``key``, or None (no manifest,
    another key, not the shape). Read from disk: load runs before generate reads the manifests."""
    try:
        data = json.loads((generated_dir / slug / MANIFEST).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    return PageFacts.from_json(data.get(ENTRY) if isinstance(data, dict) else None, key)


def record(store: GeneratedStore, slug: str, facts: PageFacts, key: str) -> None:
    """Stage the page's manifest with its facts, unless it records them already."""
    value = facts.as_json(key)
    if store.recorded.get(slug, {}).get(ENTRY) != value:
        store.record(slug, ENTRY, value)
