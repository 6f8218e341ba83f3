"""Labelled cases of a section: bold lines over paragraphs, or list items that open with a bold label.

Why: hand grading round 6 (bench/RESULTS-quality.md, patterns A and C) found troubleshooting and
"Why do my numbers differ …?" sections written as labelled cases ("**Numbers are lower than in
the other tool**" and its paragraph, then the next case; or "- **Bots.** Ad platforms filter …")
answered with one case, its label dropped, so it read as the general answer, or with the opening
line alone while the cases follow. The page model keeps a block's text without its formatting,
so the bold label is read from the block's source line. A section has labelled cases when two or
more such labels stand in it (a lone "**Note:**" is no case; nor are labels of notes and tips).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..page import Block, Section
from ..quality import check_standalone
from ..quality.labelled_cases import Case
from ..text import split_sentences

# "**Numbers look too low**", "__Wrong currency:__": a paragraph that is one bold label.
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<label>[^*_\s].*?)\1\s*[:.]?\s*$")
# "- **Bots.** Ad platforms …", "1. **Cache**: …": a list item that opens with a bold label.
_BOLD_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,2}[.)])\s+(\*\*|__)(?P<label>[^*_\s].*?)\1")
_ITEM_START = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,2}[.)])\s+")
# Labels of asides, not of cases: "**Note:**", "**Tip**", "**Example**".
_ASIDE = re.compile(r"^(?:note|notes|tip|tips|warning|caution|important|example|examples|info|hint|nb)\b", re.I)
_MAX_LABEL_WORDS = 14


@dataclass(frozen=True)
class CaseGroup:
    """Labelled cases of a section: the blocks they span (first label to last case body) and the cases."""

    first: int
    last: int
    cases: tuple[Case, ...]


def _plain_label(label: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", label).replace("`", "")
    return " ".join(text.split()).rstrip(" :.")


def _label_ok(label: str) -> bool:
    return bool(label) and not _ASIDE.match(label) and len(label.split()) <= _MAX_LABEL_WORDS


def _standing(sentences: list[str]) -> str:
    """The first sentence of a case's paragraph that reads alone ("This is the more common case." leans
    on the label, so the sentence after it is taken); "" when none does."""
    return next((x.strip() for x in sentences if x.strip() and not check_standalone(x, lang="en")), "")


def _item_lines(block: Block, lines: list[str]) -> list[str] | None:
    """The source line each top-level item of ``block`` starts on, or None when they cannot be told apart."""
    starts: list[str] = []
    blank = False
    for raw in lines[block.line - 1 :]:
        if not raw.strip():
            blank = True
            continue
        if _ITEM_START.match(raw):
            starts.append(raw)
            if len(starts) == len(block.items):
                break
        elif blank and not raw.startswith((" ", "\t")) and not raw.lstrip().startswith("<"):
            return None  # the list ended before every item was found
        blank = False
    return starts if len(starts) == len(block.items) else None


def _list_cases(block: Block, lines: list[str]) -> tuple[Case, ...] | None:
    """The cases of a list whose every item (two or more) opens with a bold label."""
    starts = _item_lines(block, lines)
    if starts is None or len(block.items) < 2:
        return None
    out: list[Case] = []
    for raw, item in zip(starts, block.items, strict=True):
        m = _BOLD_ITEM.match(raw)
        if not m:
            return None
        label = _plain_label(m.group("label"))
        if not _label_ok(label) or not item.startswith(label):
            return None
        rest = item[len(label) :].strip().lstrip(":.—–- ").strip()
        out.append(Case(label, _standing(split_sentences(rest) or [rest]) if rest else ""))
    return tuple(out)


def _label_paragraph(block: Block, lines: list[str]) -> str | None:
    """The label of a paragraph that is one bold line ("**Import done but data missing**")."""
    if block.kind != "paragraph" or not 0 < block.line <= len(lines):
        return None
    m = _BOLD_LINE.match(lines[block.line - 1])
    if not m:
        return None
    label = _plain_label(m.group("label"))
    return label if _label_ok(label) and _plain_label(block.text) == label else None


def case_groups(section: Section, lines: list[str], sentences: dict[int, list[str]]) -> list[CaseGroup]:
    """The labelled cases of ``section`` (``lines``: the page's source lines, which the blocks' line
    numbers index; ``sentences``: each paragraph's sentences by block index): one group for the bold
    lines over paragraphs, one for each list of bold-labelled items. A case whose body is a list or
    code has no first sentence (its ``first`` is "")."""
    groups: list[CaseGroup] = []
    blocks = section.blocks
    labels = [(bi, label) for bi, b in enumerate(blocks) if (label := _label_paragraph(b, lines)) is not None]
    if len(labels) >= 2:
        cases: list[Case] = []
        for n, (bi, label) in enumerate(labels):
            end = labels[n + 1][0] if n + 1 < len(labels) else len(blocks)
            body = blocks[bi + 1] if bi + 1 < end else None
            first = ""
            if body is not None and body.kind == "paragraph":
                first = _standing(sentences.get(bi + 1) or [body.text])
            cases.append(Case(label, first))
        last = len(blocks) - 1
        groups.append(CaseGroup(labels[0][0], last, tuple(cases)))
    for bi, block in enumerate(blocks):
        if block.kind == "list":
            found = _list_cases(block, lines)
            if found:
                groups.append(CaseGroup(bi, bi, found))
    return groups


def condensed(cases: tuple[Case, ...]) -> str | None:
    """Every case as its label and first sentence ("Numbers look low: The other tool models …"), in
    the writer's words; None when a case has no first sentence to give (its body is a list or code)."""
    if not cases or any(not c.first for c in cases):
        return None
    parts = []
    for c in cases:
        first = c.first if c.first.endswith((".", "!", "?")) else c.first + "."
        parts.append(f"{c.label}: {first}")
    return " ".join(parts)


def case_answers(section: Section, si: int, sents: dict[tuple[int, int], list[str]], lines: list[str]) -> list[str]:
    """Every labelled case condensed (its label and first sentence), for a section that opens with its
    cases or with one paragraph that leads into them (then that paragraph first): a candidate the
    contract judges like any other, so a section whose cases fit gets an answer that gives them all.
    ``lines``: the page's source lines (a bold label is known only there)."""
    by_block = {bi: sents.get((si, bi)) or [] for bi in range(len(section.blocks))}
    out: list[str] = []
    for group in case_groups(section, lines, by_block):
        whole = condensed(group.cases)
        if whole is None:
            continue
        if group.first == 0:
            out.append(whole)
        elif group.first == 1 and section.blocks[0].kind == "paragraph" and by_block.get(0):
            out.append(" ".join([*by_block[0], whole]))
    return out
