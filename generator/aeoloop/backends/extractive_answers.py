"""The extractive backend's answer candidates under one heading, best first.

The opening run made to stand alone, a list with its lead-in or a list of steps given whole, a
procedure written as paragraphs, and runs that start past a lead-in or a set-up. The FAQ
(:mod:`extractive_faq`) takes the first that passes the contract; this module only proposes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..page import Page
from ..quality import (
    Limits,
    check_standalone,
    key_terms,
)
from ..quality.answering import answers_how, is_how_question
from ..quality.instructions import is_instruction
from ..quality.not_a_way import turns_to_a_problem
from ..quality.out_of_context import setup_problem
from ..text import normalize
from . import extractive_edits as edits
from . import extractive_steps as step_lists
from .extractive_code import _prose_sentences
from .extractive_parts import _all_steps, _ends_inside, _lead_steps, _next_sentence, _one_part, _part_labels
from .extractive_pool import SentencePool
from .extractive_ways import _before_leaning, _names_the_subject, _opens_with_a_step, _way_after_set_up, _ways_listed

if TYPE_CHECKING:
    pass


# "How is usage calculated?" asks what a figure is made of; a sentence giving its basis answers it even
# when it names the figure another way ("Your tier is based on …").
_MECHANISM = re.compile(r"^how\s+(?:is|are|was|were)\s+(?:\w+\s+){1,4}?[a-z]+ed\?$", re.I)
_BASIS = re.compile(
    r"\b(?:is|are)\s+(?:\w+ly\s+)?(?:based|calculated|computed|determined|measured|counted|derived|worked out)\s+"
    r"(?:on|upon|by|from|as|using)\b",
    re.I,
)
# "See the instructions here.", "Learn here how.", "Here's how to opt out …": the section sends the
# reader to another page for the way; what it says itself is that you can, not how.
_HOW_ELSEWHERE = re.compile(
    r"^(?:see|read|check(?: out)?)\b[^.]{0,30}\b(?:instructions|steps)\b|"
    r"^(?:learn|see|read)\s+(?:here\s+)?how(?:\s+to\b|\s*[.!]?$)|"
    r"^here(?:'s|’s| is| are) (?:how to|(?:the )?steps\b|(?:the )?instructions\b)",
    re.I,
)  # not "Learn more on how the filter works" (it explains) nor "Follow the instructions shown" (they are here)


_WHY = re.compile(r"^why\b", re.I)
_YES_NO = re.compile(r"^(?:are|is|do|does|did|can|could|should|will|would|was|were|has|have|must)\b", re.I)


class AnswerCandidates(SentencePool):
    """Proposes answers (``_answer_candidates``) from a section's sentence pool."""

    @staticmethod
    def _lead_in(sentence: str, question: str, lang: str) -> bool:
        """A sentence a later run may skip: it announces (ends with ':'), leans on unseen text, or
        does not touch the question's key terms. A sentence that stands alone and names what the
        question asks about may carry the answer ("every three years employees may take a 6-week
        paid sabbatical"): skipping it to publish a later sentence that merely repeats the term
        gives a wrong answer, so the Q&A is skipped instead."""
        text = sentence.strip()
        if text.endswith(":") or check_standalone(text, lang=lang):
            return True
        if lang == "en" and _MECHANISM.match(question.strip()) and _BASIS.search(text):
            return False  # "Your tier is based on the pageviews across your sites." answers "How is usage calculated?"
        asked = key_terms(question, lang)
        return not asked or not asked & key_terms(text, lang)

    @staticmethod
    def _prose_procedure(
        page: Page, sents: dict[tuple[int, int], list[str]], si: int, limits: Limits
    ) -> step_lists.ProseProcedure | None:
        """The section as a procedure of paragraphs (:func:`extractive_steps.prose_procedure`), when
        it holds nothing but paragraphs (pictures are dropped by the page model): a list, code or
        table after them may go on with the steps, and those are answered as before."""
        blocks = page.sections[si].blocks
        if not blocks or any(b.kind != "paragraph" for b in blocks):
            return None
        paragraphs = [(bi, edits.close_last_sentence(sents.get((si, bi), []))) for bi in range(len(blocks))]
        return step_lists.prose_procedure(paragraphs, max_words=limits.list_ceiling, lang=page.lang)

    def _answer_candidates(
        self, page: Page, sents: dict[tuple[int, int], list[str]], si: int, noun_phrase: str | None, question: str = ""
    ) -> list[str]:
        """Possible answers under a heading, best first: the opening run of sentences (made to stand
        alone), a list with its lead-in (or a list of steps) condensed whole, then runs that start
        one or two sentences later, only past lead-ins such as "Here's how it works." (see
        :meth:`_lead_in`)."""
        limits = self._limits(page.lang)
        section = page.sections[si]
        pool = self._sentences(page, sents, si, code=True)
        out: list[str] = []

        labels = _part_labels(section.blocks)
        how = page.lang == "en" and is_how_question(question)
        q_en = question if page.lang == "en" else ""
        # a procedure written as paragraphs (pictures between them): given whole, numbered, or not at all
        prose = self._prose_procedure(page, sents, si, limits) if how else None
        ways = _ways_listed(section.blocks, sents, si) if how else None

        def run_from(start: int) -> str:
            run = self._runs(pool, start, limits.answer_min, limits.answer_max, stop_at_code=True)
            run = _before_leaning(run, question) if page.lang == "en" else run
            run = [s for s in run if not any(run[0].block < bi < s.block for bi in labels)]  # up to the next label
            if not run or _ends_inside(run, pool[start + len(run) :]) or _one_part(run[-1].block, labels):
                return ""  # a procedure or list cut short, or one labelled part of several, is incomplete
            if prose is not None and (run[0].block > prose.first or run[-1].block < prose.last):
                return ""  # some steps of a procedure spread over paragraphs: one part of several
            if (how or _WHY.match(question)) and labels and run[-1].block < labels[0]:
                return ""  # the reasons or ways are the labelled parts after it: the run is their preamble
            if ways is not None and run[-1].block < ways - 1:
                return ""  # the ways are listed after the run ("Here are some ideas:" and a list): a preamble
            after = _next_sentence(sents, si, len(section.blocks), run[-1])
            if how and after is not None and turns_to_a_problem(after) and not is_instruction(after):
                return ""  # the way the next sentence turns against ("However, on an empty field it does nothing")
            texts = [edits.drop_picture_aside(s.text) for s in run]
            texts[0] = edits.drop_also(edits.drop_opening_filler(texts[0]))
            return self._stand_alone(" ".join(texts), noun_phrase, q_en)

        if prose is not None and prose.answer:
            out.append(prose.answer)
        contrast = _way_after_set_up(pool, question, page.lang) if how else None
        if contrast is not None:
            # the set-up before it is the foil: never the answer; "Instead, what you'll want to do is
            # drop the index …" reads alone once the contrast with the left-out set-up is dropped
            way = run_from(contrast)
            out.append(edits.drop_contrast(way))
            before = pool[contrast - 1]
            if way and not (
                pool[contrast].after_code
                or before.text.endswith(("?", ":"))
                or check_standalone(before.text, lang=page.lang)
            ):
                # too short alone: with the problem it answers ("There is no way to alter or update the
                # index to be unique. Instead, what you'll want to do is drop the index …")
                out.append(self._stand_alone(before.text + " " + way, noun_phrase, q_en))
            opening = pool[0]
            if way and contrast > 1 and _names_the_subject(opening.text, page.lang):
                # or with the section's opening sentence when it names what the note is about ("Modern
                # browsers support an API called Design Mode." before "By default it is off, but …")
                out.append(self._stand_alone(opening.text + " " + edits.drop_contrast(way), noun_phrase, q_en))
        elif pool:
            out.append(run_from(0))
        blocks = section.blocks
        lists = [bi for bi, b in enumerate(blocks) if b.kind == "list"][:2]
        for bi in lists:
            if _one_part(bi, labels):
                continue  # "A typical SaaS funnel …" under "Funnel examples": one example of three
            if ways is not None and (bi != ways or any(b.kind == "code" for b in blocks[:bi])):
                continue  # another list is no answer alone; after code, the list is the second half of the how
            lead = None
            if bi > 0 and blocks[bi - 1].kind == "paragraph":
                parts = sents.get((si, bi - 1)) or []
                if parts and parts[-1].endswith(":"):
                    lead = self._stand_alone(parts[-1], noun_phrase, q_en)
                elif page.lang == "en" and bi == 1:
                    # "Log in … and choose Create a team." then "* Give the name to your team …": the
                    # opening step and the list that continues it are one procedure, given whole or not at all.
                    steps = _lead_steps(parts)
                    if steps and _all_steps(blocks[bi].items):
                        whole = step_lists.steps_answer(
                            (*steps, *blocks[bi].items), max_words=limits.list_ceiling, lang=page.lang
                        )
                        # a run that gives the opening step alone is a procedure cut short
                        out = [t for t in out if not any(normalize(x) in normalize(t) for x in steps)]
                        if whole:
                            out.insert(0, whole)
                        continue
            step_items = step_lists.is_step_list(blocks[bi].items)
            if lead is None and how and step_items:
                # a procedure, numbered or bulleted: every step of every item, numbered, or no answer from it
                text = step_lists.steps_answer(blocks[bi].items, max_words=limits.list_ceiling, lang=page.lang)
            else:
                text = edits.condense_list(
                    lead, blocks[bi].items, ordered=blocks[bi].ordered, max_words=limits.answer_ceiling, lang=page.lang
                )
                if text is None and step_items and lead is not None:
                    # steps after a lead-in, too long for one sentence: numbered, one sentence each
                    text = step_lists.steps_answer(
                        blocks[bi].items, max_words=limits.list_ceiling, lang=page.lang, lead=lead
                    )
            if text:
                if bi == 0 or (bi == 1 and lead is not None):
                    out.insert(0, text)  # the section opens with its list: that list is the answer
                else:
                    out.append(text)
        # "Are defaults nil on create?" under a section that opens "Let's say I have a table …": the rest of
        # that paragraph is the scenario the note then overturns, not the yes or no
        scenario = (
            page.lang == "en"
            and bool(pool)
            and _YES_NO.match(question) is not None
            and bool(setup_problem(pool[0].text))
        )
        for start in (1, 2):
            if (
                contrast is None
                and start < len(pool)
                and all(self._lead_in(s.text, question, page.lang) for s in pool[:start])
                and not (scenario and pool[start].block == pool[0].block)
            ):
                out.append(run_from(start))
        if how and contrast is None:
            # "How do you …?" under a section that opens with its set-up: first the paragraph that opens
            # with the instruction ("To pin a site, click …", "Select "Compare" in the date picker …"),
            # past sentences that say how without the question's terms ("You can also match by day of the
            # week …"), never past one that says how with them (that one carries the answer).
            asked = key_terms(question, page.lang)
            for start in range(1, min(len(pool), 8)):
                prev_text = pool[start - 1].text.rstrip()
                if (
                    answers_how(prev_text, question)
                    and not prev_text.endswith((":", "?"))
                    and asked & key_terms(prev_text, page.lang)
                ):
                    break
                here = pool[start]
                if here.block != pool[start - 1].block and _opens_with_a_step(here.text):
                    out.append(run_from(start))
                    break
            # then the run from the first sentence that says how, when nothing before it does (the
            # set-up carries no answer). A sentence before it that already says how (rejected for a
            # clause such as "as shown in the screenshot above"; not a question or a lead-in ending
            # with ':') carries the answer: skipping it publishes a side fact, so the Q&A is skipped.
            for start in range(1, min(len(pool), 6)):
                prev_text = pool[start - 1].text.rstrip()
                if answers_how(prev_text, question) and not prev_text.endswith((":", "?")):
                    break
                if answers_how(pool[start].text, question):
                    # "Instead, we can use percentile_cont …": the contrast is with the set-up left out
                    out.append(edits.drop_contrast(run_from(start)))
                    break
        if how and any(
            _HOW_ELSEWHERE.match(x.strip())
            for bi, b in enumerate(section.blocks)
            if b.kind == "paragraph"
            for x in sents.get((si, bi)) or []
        ):
            # the steps are on the page the section links to: only an answer that gives a step itself
            out = [t for t in out if any(_opens_with_a_step(x) for x in _prose_sentences(t))]
        # an answer that goes on past its quoted code block may repeat the summary or lean: the lead and
        # its block alone, after every other candidate
        out += [t[: t.find(tail) + len(tail)] for t in out for tail in self._quoted if t.find(tail) > 0]
        return list(dict.fromkeys(t for t in out if t))  # first of each, in order
