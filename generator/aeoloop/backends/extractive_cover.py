"""What a section says after an FAQ answer, for the coverage rule (:mod:`aeoloop.quality.coverage`).

Apart from :mod:`extractive_faq` because it is a fact about where an answer ends in its section:
the answer's last sentence, list item or quoted block is found in the section by its words (the
edits an answer makes change how a sentence opens, never its last words), and what follows it is
handed to the rule as :class:`~aeoloop.quality.coverage.Unit` blocks. A repair gives a left-out
list whole after the answer (the writer's lead-in and items, condensed), never a word of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..page import Section
from ..quality import Failure, Limits, check_answer
from ..quality.instructions import is_instruction
from ..quality.answering import is_how_question
from ..quality.coverage import LeftOut, Unit, main_line_before, second_way, setting_before, skipped_step, text_units
from ..quality.contract_terms import stem
from ..text import WORD_RE
from . import extractive_edits as edits
from . import extractive_steps as step_lists
from .extractive_code import _prose_sentences


@lru_cache(maxsize=512)  # the hits come within one heading's candidates
def _tokens(text: str) -> tuple[str, ...]:
    """The words of ``text``, case-folded. Kept per text: every candidate answer under a heading is
    matched against the same sentences, items and code of its section, several times each (where it
    starts, where it ends, what it leaves out)."""
    return tuple(w.casefold() for w in WORD_RE.findall(text.replace("’", "'")))


def _inside(needle: tuple[str, ...], hay: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


_OPENER = re.compile(r"^(?:and then|then|next|now|finally|lastly)\b,?\s*", re.I)


def _core(item: str) -> str:
    """A list item's first sentence, without an opening "Then"/"Next": a condensed answer keeps it
    (numbered steps drop the opener) and may leave out the rest."""
    return _OPENER.sub("", edits.item_core(item))  # a label before advice is not given: the advice is


def _given(piece: str, answer: tuple[str, ...], *, tail: bool, short: bool = False) -> bool:
    """``piece`` (a sentence, an item, a code line) is in the answer: its last (or first) six words
    appear there in order. Three words at least, so a short common phrase is no evidence."""
    toks = _tokens(piece)
    if len(toks) < 3:
        return short and _inside(toks, answer)  # a short list item ("leeks") is given when its words are
    return _inside(toks[-6:] if tail else toks[:6], answer)


def end_of(answer: str, section: Section, sentences: dict[int, list[str]]) -> tuple[int, int] | None:
    """Where the answer ends in ``section``: the block and the sentence index in it (-1 for a list or
    code block), or None when its end is not found."""
    toks = _tokens(answer)
    blocks = section.blocks
    end: tuple[int, int] | None = None
    for bi in range(len(blocks) - 1, -1, -1):
        block = blocks[bi]
        if block.kind == "paragraph":
            parts = sentences.get(bi) or []
            k = next((k for k in range(len(parts) - 1, -1, -1) if _given(parts[k], toks, tail=True)), None)
            if k is not None:
                end = (bi, k)
        elif block.kind == "list":
            if any(_given(_core(item), toks, tail=False, short=True) for item in block.items):
                end = (bi, -1)
        elif block.kind == "code":
            if _given(block.text, toks, tail=False):  # its first six words, across lines
                end = (bi, -1)
        if end is not None:
            break
    return end


def rest_after(
    answer: str, section: Section, sentences: dict[int, list[str]], below: Sequence[Unit] = ()
) -> list[Unit] | None:
    """The units of ``section`` after the answer's last sentence, item or quoted block: first the
    rest of the paragraph it ends in (maybe empty), then every later block, then ``below`` (the first
    subsection under it, :func:`units_below`). ``sentences`` gives each paragraph's sentences by block
    index. None when the answer's end is not found in the section."""
    toks = _tokens(answer)
    blocks = section.blocks
    end = end_of(answer, section, sentences)
    if end is None:
        return None
    bi, k = end
    out: list[Unit] = []
    if blocks[bi].kind == "list":
        # items of the list the answer quotes from that it does not give: one part of several
        missing = tuple(i for i in blocks[bi].items if i.strip() and not _given(_core(i), toks, tail=False, short=True))
        if missing:
            out.append(Unit("items", missing))
    head = tuple((sentences.get(bi) or [])[k + 1 :]) if k >= 0 else ()
    out.append(Unit("paragraph", head))
    for bj in range(bi + 1, len(blocks)):
        block = blocks[bj]
        if block.kind == "paragraph":
            out.append(Unit("paragraph", tuple(sentences.get(bj) or [block.text])))
        elif block.kind == "list":
            out.append(Unit("list", block.items))
        else:
            out.append(Unit(block.kind))
    out.extend(below)
    return out


def units_below(sections: Sequence[Section], si: int, sents: dict[tuple[int, int], list[str]]) -> list[Unit]:
    """The first subsection under section ``si`` (a deeper heading right after it) as units, its
    heading first (kind "heading"): a procedure may go on there past a side note ("Next, click …")."""
    if si + 1 >= len(sections) or sections[si + 1].level <= sections[si].level:
        return []
    sub = sections[si + 1]
    out = [Unit("heading", (sub.heading or "",))]
    for bj, block in enumerate(sub.blocks):
        if block.kind == "paragraph":
            out.append(Unit("paragraph", tuple(sents.get((si + 1, bj)) or [block.text])))
        elif block.kind == "list":
            out.append(Unit("list", block.items))
        else:
            out.append(Unit(block.kind))
    return out


_HEADING_NUMBER = re.compile(r"^(?:step\s+)?\d{1,2}[.):]?\s+", re.I)


def step_headings(sections: Sequence[Section], si: int) -> tuple[str, ...]:
    """The headings of the subsections right under section ``si`` when they are its steps: two or more
    in a row, from the first, each an instruction once its number is taken off ("1. Create a thank-you
    page", "2. Set the redirect URL"), up to the first that is none ("4. Your goal is now ready"). Empty
    when the first subsection is no step, or there are fewer than two."""
    level = sections[si].level
    out: list[str] = []
    for sub in sections[si + 1 :]:
        if sub.level <= level:
            break
        if sub.level != level + 1:
            continue
        text = _HEADING_NUMBER.sub("", (sub.heading or "").strip()).strip()
        if not text or text.endswith("?") or not step_lists.is_step(text):
            break
        out.append(text.rstrip(".:"))
    return tuple(out) if len(out) >= 2 else ()


_NUMBERED_STEPS = re.compile(r"^(?P<lead>\w+ steps:)\s.*\s(?P<n>\d{1,2})\)\s.*$", re.S)


def with_step(answer: str, step: str) -> str:
    """The answer with one more step after it: numbered on when the answer is a numbered procedure
    ("Three steps: … 3) …" → "Four steps: … 4) Click …", its "Next," dropped), else the writer's
    sentence as it stands."""
    m = _NUMBERED_STEPS.match(answer)
    if not m:
        return f"{answer} {step}"
    n = int(m.group("n")) + 1
    core = _OPENER.sub("", step).strip()
    core = core[:1].upper() + core[1:]
    return f"{edits.steps_lead(n)}{answer[len(m.group('lead')) :]} {n}) {core}"


def sentences_through(rest: Sequence[Unit], sentence: str) -> list[str]:
    """The section's sentences right after the answer, in order, to the end of the paragraph that
    holds ``sentence``: what a repair may add to an answer that stops short. Empty when a list, code,
    a table or a subheading comes first."""
    out: list[str] = []
    for unit in text_units(rest):
        if unit.kind != "paragraph":
            return []
        out.extend(unit.lines)
        if sentence in unit.lines:
            return out
    return []


def sentence_doing(rest: Sequence[Unit], verb: str) -> str | None:
    """The first sentence after the answer, in the paragraphs before anything else, that says ``verb``
    (a word of its stem): where the other task of a two-task question is done ("… or to remove it, …")."""
    key = stem(verb.lower())
    for unit in text_units(rest):
        if unit.kind != "paragraph":
            return None
        hit = next((s for s in unit.lines if key in {stem(w.casefold()) for w in WORD_RE.findall(s)}), None)
        if hit is not None:
            return hit
    return None


def given_whole(found: LeftOut, *, max_words: int, ordered: bool = False) -> str | None:
    """The left-out list as one sentence to go after the answer: its lead-in and every item
    ("You then need to: set up a goal; add two properties."), or its steps numbered; None when it
    is no list, has no lead-in to keep, or does not fit ``max_words`` whole."""
    if not found.items:
        return None
    lead = found.lead if found.lead.endswith(":") else None
    if found.kind == "steps":
        return step_lists.steps_answer(found.items, max_words=max_words, lang="en", lead=lead)
    if lead is None:
        return None
    return edits.condense_list(lead, found.items, ordered=ordered, max_words=max_words, lang="en", min_items=1)


def units_before(section: Section, sentences: dict[int, list[str]], start: int) -> list[Unit]:
    """The blocks of ``section`` before block ``start`` as units (paragraphs by their sentences)."""
    out: list[Unit] = []
    for bi, block in enumerate(section.blocks[:start]):
        if block.kind == "paragraph":
            out.append(Unit("paragraph", tuple(sentences.get(bi) or [block.text])))
        elif block.kind == "list":
            out.append(Unit("list", block.items))
        else:
            out.append(Unit(block.kind))
    return out


def main_line_left_out(
    answer: str, question: str, section: Section, sentences: dict[int, list[str]], start: int | None
) -> str | None:
    """The section's main line an answer starting at block ``start`` leaves out: advice in an earlier
    paragraph, a step earlier in its own paragraph, or (for a how-question) the first way when the
    answer opens with a second ("We can also …"). None when the answer starts with the section."""
    if start is None:
        return None
    main = main_line_before(units_before(section, sentences, start)) if start else None
    if main is None:
        before = sentences_before(answer, section, sentences, start)
        main = skipped_step(before) or setting_before(before, answer)
    if main is None and start and is_how_question(question) and section.blocks[start].kind == "paragraph":
        opening = (sentences.get(start) or [""])[0]
        main = opening if opening and second_way(opening) else None
    return main


def sentences_before(answer: str, section: Section, sentences: dict[int, list[str]], start: int) -> list[str]:
    """The sentences of paragraph ``start`` before the first one the answer gives (empty for a list or code
    block, or when the answer opens the paragraph)."""
    if section.blocks[start].kind != "paragraph":
        return []
    toks = _tokens(answer)
    parts = sentences.get(start) or []
    k = next((k for k, p in enumerate(parts) if _given(p, toks, tail=True)), 0)
    return parts[:k]


def start_block(answer: str, section: Section, sentences: dict[int, list[str]]) -> int | None:
    """The first block of ``section`` the answer quotes from (a sentence, an item, a code block), or None."""
    toks = _tokens(answer)
    for bi, block in enumerate(section.blocks):
        if block.kind == "paragraph" and any(_given(p, toks, tail=True) for p in sentences.get(bi) or []):
            return bi
        if block.kind == "list" and any(_given(_core(i), toks, tail=False, short=True) for i in block.items):
            return bi
        if block.kind == "code" and _given(block.text, toks, tail=False):
            return bi
    return None


def block_of(found: LeftOut, section: Section, sentences: dict[int, list[str]]) -> int | None:
    """The block that holds the left-out part (its lead-in or step, else its first item), or None."""
    for bi, block in enumerate(section.blocks):
        if found.lead and any(p == found.lead for p in sentences.get(bi) or []):
            return bi
        if not found.lead and found.items and block.kind == "list" and found.items[0] in block.items:
            return bi
    return None


def with_step_headings(
    text: str, question: str, rest: list[Unit], steps: tuple[str, ...], limits: Limits
) -> tuple[str, list[Failure]] | None:
    """For a how-answer that is all its section says before step subsections ("The easiest way … is to
    track the thank-you page by setting a goal." over "1. Create a thank-you page", "2. Set the redirect
    URL", …) and gives no instruction itself ("by setting a goal" names the way, the steps are below): the answer with the steps named by those headings, numbered, when
    that passes the contract; else the answer fails (the way is named, its steps left to the page). None
    when the shape does not hold (the section goes on, or the answer gives a step)."""
    before = rest[: next((k for k, u in enumerate(rest) if u.kind == "heading"), len(rest))]
    if any(u.lines or u.kind != "paragraph" for u in before):
        return None  # the section says more before its subsections: coverage reads it as ever
    if "```" in text or any(is_instruction(s) for s in _prose_sentences(text)):
        return None  # it gives a step of its own ("Go to …", code): the subsections may be further tasks
    whole = given_whole(LeftOut("steps", "", steps), max_words=limits.list_ceiling)
    fixed = f"{text} {whole}" if whole else None
    if fixed is not None and not check_answer(fixed, question=question, lang="en", limits=limits):
        return fixed, []
    return text, [
        Failure(
            "partial-answer",
            "names the way and leaves its steps to the subsections under it; give them (their headings "
            "numbered), condensed",
        )
    ]
