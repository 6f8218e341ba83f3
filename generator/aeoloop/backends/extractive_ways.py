"""Where the way starts under a "How do you …?" heading: after a set-up or a foil, after the
section's own question, at the first step, or in a list of ways after the opening.

Apart from :mod:`extractive_answers` because each rule reads only the sentence pool and the
question, and together they decide which run is the how, not the preamble before it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..page import Block
from ..quality import (
    check_standalone,
    key_terms,
)
from ..quality.answering import answers_how, contrasts_a_way, is_foil, is_how_question, offers_a_way, says_how
from ..quality.instructions import is_instruction
from ..quality.not_a_way import promises_a_way
from ..quality.out_of_context import (
    leaning_problem,
    leaning_sentence,
    setup_problem,
)
from ..text import split_sentences
from . import extractive_steps as step_lists
from .extractive_code import _EXAMPLE_LEAD
from .extractive_pool import Sent

if TYPE_CHECKING:
    pass


_CONTRAST = re.compile(r"^(?:though|although|even though|whereas|however|but|instead)\b", re.I)


def _before_leaning(run: list[Sent], question: str) -> list[Sent]:
    """``run`` up to the sentence that leans on text the answer does not carry ("Here is a
    screenshot of a few that I expanded …", "The second reason is for you."): the answer ends
    before it (the contract judges whether what is left still answers). No run at all when that
    sentence turns against what came before ("Though this could be done manually …, you can be
    more explicit with add_reference"): what is left is the set-up and the answer was in the cut;
    nor, under "How do you …?", when what is left does not say how."""
    for i in range(1, len(run)):
        before = " ".join(s.text for s in run[:i])
        found = leaning_sentence(f"{before} {run[i].text}", question)
        if found and found[0] >= len(split_sentences(before)):
            if _CONTRAST.match(run[i].text) or is_how_question(question) and not answers_how(before, question):
                return []
            return run[:i]
    return run


_GOAL_CLAUSE = re.compile(r"^(?:to|if|when|once|after|before)\b[^,]{0,90},\s*", re.I)


def _opens_with_a_step(text: str) -> bool:
    """An instruction, after an optional goal or condition ("To pin a site, click …", "Click on the
    Filter button, then …", "Select "Compare" in the date picker …")."""
    rest = _GOAL_CLAUSE.sub("", text, count=1)
    return is_instruction(text) or (rest != text and is_instruction(rest))


def _way_after_set_up(pool: list[Sent], question: str, lang: str = "en") -> int | None:
    """Under "How do you …?", the index of the sentence that gives the way after the section's
    set-up, when the writer marks it: a contrast ("Instead, what you'll want to do is drop the index
    …", "A great workaround is to …") or a foil before it ("Vim allows you to quit with an error
    code." after "Normally, you'll make some changes, save the buffer, and then quit …").
    None when a sentence before it is an instruction: the section opens with its answer.
    So does a sentence that says a way exists right before the step that gives it ("… are off by
    default, but can be turned on." then "Add … to the config file: …"), from which the answer starts.
    Failing those, the section's own question marks it: "What if you need a second one?" after how
    the usual case is set up (a foil, or nothing that says how), answered by the sentence after it."""
    for c in range(1, min(len(pool), 8)):
        text = pool[c].text
        if c >= 2 and promises_a_way(pool[c - 1].text) and _opens_with_a_step(text):
            return c - 1  # "… are off by default, but can be turned on. Add this to the config file: …"
        if not offers_a_way(text):
            continue
        if any(is_instruction(s.text) for s in pool[:c]):
            return None
        if contrasts_a_way(text) or any(is_foil(s.text) for s in pool[:c]):
            return c
        break  # unmarked ("… filtering by a subdomain allows you to segment your traffic"): a feature blurb
    return _answer_to_own_question(pool, question, lang)


# "But what if you want an older one?", "However, what about …?": the section's own question turns
# against the way just given, so that way is the foil and the answer is what follows the question.
_TURNING_QUESTION = re.compile(r"^(?:but|however|yet|now)\b,?\s*(?:what|how|which|can|could|is|are|do|does)\b", re.I)


def _answer_to_own_question(pool: list[Sent], question: str, lang: str) -> int | None:
    """The index of the sentence that answers the section's own question ("What if you want a second
    one?", "Or do you want …?"), when that question shares the FAQ question's terms, nothing before it
    is an instruction, what comes before is a foil or says no way, and the sentence after says how."""
    asked = key_terms(question, lang)
    for c in range(1, min(len(pool), 8)):
        if not pool[c].text.rstrip().endswith("?") or not asked & key_terms(pool[c].text, lang):
            continue
        before = pool[:c]
        turned = _TURNING_QUESTION.match(pool[c].text) is not None  # "But what if …?": what came before is the foil
        if not turned and (
            any(is_instruction(s.text) for s in before)
            or not (any(is_foil(s.text) for s in before) or not any(answers_how(s.text, question) for s in before))
        ):
            return None
        while c + 1 < len(pool) and pool[c + 1].text.rstrip().endswith("?"):
            c += 1  # "Or do you want …?": the questions asked in a row, then the answer
        if c + 1 < len(pool) and answers_how(pool[c + 1].text, question):
            return c + 1
        return None
    return None


def _names_the_subject(text: str, lang: str) -> bool:
    """A sentence that can open an answer before a way taken from later in the section: it stands
    alone, is no foil, scene or question, and does not say how itself (that one would be the answer)."""
    return not (
        text.rstrip().endswith((":", "?"))
        or check_standalone(text, lang=lang)
        or is_foil(text)
        or says_how(text)
        or setup_problem(text)
        or leaning_problem(text)
    )


def _ways_listed(blocks: tuple[Block, ...], sents: dict[tuple[int, int], list[str]], si: int) -> int | None:
    """Under "How do you …?", the index of a list after the section's opening that a lead-in
    announces as the ways ("There are a few ways to do it:", "Try these ideas:") or whose items are
    steps: an answer that ends before it gives the preamble, not the how. None when there is none."""
    for bi in range(1, len(blocks)):
        if blocks[bi].kind != "list":
            continue
        if blocks[bi - 1].kind != "paragraph" or bi - 1 == 0:
            return None  # the section's first list is no listed ways after an opening: the opening answers
        lead = (sents.get((si, bi - 1)) or [""])[-1]
        if _EXAMPLE_LEAD.search(lead) or not lead.endswith(":"):
            return None  # "For example:": the list illustrates the answer before it
        if step_lists.announces_ways(lead) or step_lists.is_step_list(blocks[bi].items):
            return bi
        return None
    return None
