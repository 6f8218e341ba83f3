"""Where an extractive answer may end: labelled parts of a section, a list cut short, a procedure
stopped mid-way, the sentence after a run.

Apart from :mod:`extractive_answers` because these are facts about the section's shape, asked
of every candidate run the same way: an answer that gives one part of several is incomplete.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..page import Block
from ..quality.instructions import is_instruction
from ..quality.procedures import continues_procedure
from ..text import normalize, split_sentences
from . import extractive_steps as step_lists
from .extractive_pool import TERMINAL, Sent, n_words

if TYPE_CHECKING:
    pass


_NOTE = re.compile(r"^(?:note|notice|remember|keep in mind|be aware|bear in mind|make sure to note)\b", re.I)
_is_step = step_lists.is_step


def _part_labels(blocks: tuple[Block, ...]) -> list[int]:
    """Blocks that label the parts of a section ("**SaaS trial signup**", "**Ecommerce checkout**"
    under "Funnel examples"): short paragraphs with no closing punctuation, two or more of them."""
    out = [
        bi
        for bi, b in enumerate(blocks)
        if b.kind == "paragraph"
        and b.text[:1].isupper()
        and 0 < n_words(b.text) <= 8
        and not TERMINAL.search(b.text)
        and not b.text.rstrip().endswith(":")
    ]
    return out if len(out) >= 2 else []


def _one_part(block: int, labels: list[int]) -> bool:
    """True when ``block`` lies in a labelled part of a section that has more parts after it: an
    answer ending there gives one example (or option) of several."""
    return any(bi < block for bi in labels) and any(bi > block for bi in labels)


def _lead_steps(parts: list[str]) -> list[str]:
    """The instructions of a paragraph whose first sentence is one (its notes, "Note that …", left
    out): the opening steps of a procedure that a list goes on with."""
    if not parts or not _is_step(parts[0]) or parts[-1].endswith(":"):
        return []
    return [p for p in parts if _is_step(p) and not _NOTE.match(p)]


def _all_steps(items: tuple[str, ...]) -> bool:
    """Every item of a list is an instruction (its first sentence): a list of steps."""
    cores = [(split_sentences(i) or [i])[0] for i in items if i.strip()]
    return len(cores) >= 2 and all(is_instruction(c) for c in cores)


def _next_sentence(sents: dict[tuple[int, int], list[str]], si: int, n_blocks: int, last: Sent) -> str | None:
    """The writer's sentence after ``last`` in section ``si``, as written (also one the pool left out,
    such as a lead to code the answer cannot carry), or None at the section's end."""
    parts = sents.get((si, last.block)) or []
    here = normalize(last.text)
    for k, part in enumerate(parts):
        if normalize(part) == here:
            if k + 1 < len(parts):
                return parts[k + 1]
            break
    else:
        return None  # an edited or merged sentence: not located
    for bi in range(last.block + 1, n_blocks):
        parts = sents.get((si, bi)) or []
        if parts:
            return parts[0]
    return None


def _ends_inside(run: list[Sent], rest: list[Sent]) -> bool:
    """True when ``run`` stops inside a list (some of its items quoted alone, more to come) or in
    the middle of a procedure (its last sentence and the next one are both instructions)."""
    if not run or not rest:
        return False
    last, nxt = run[-1], rest[0]
    if last.item is not None and last.item[0] + 1 < last.item[1]:
        return True
    if continues_procedure(nxt.text):
        return True  # "You can then click on Advanced …", "Second, …": the run gives the start only
    if nxt.after_code:
        return False
    return is_instruction(last.text) and is_instruction(nxt.text)
