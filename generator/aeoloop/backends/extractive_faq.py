"""The extractive FAQ: one Q&A per heading whose question and answer pass the quality contract.

Apart from :mod:`extractive_answers` because it judges rather than proposes: the question from
the heading, the first candidate that passes, the code put back, nothing printed twice, and a
build note for every heading left without an entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import answer_code
from ..amplify.questions import PageHeadings, actor_question, arrangement_question, when_question
from ..artifacts import QA, PageArtifacts
from ..page import Page, Section
from ..quality import (
    Failure,
    Limits,
    check_answer,
    check_question,
)
from ..quality.answering import is_how_question, says_how
from ..quality.foils import check_foil, sentences_after
from ..quality.coverage import LeftOut, Unit, check_coverage, find_left_out, judged
from ..quality.announced_parts import asks_parts
from ..quality.labelled_cases import leads_into
from ..quality.procedures import step_sentence
from ..text import count_words, normalize, split_sentences
from . import extractive_cover as cover
from .extractive_cases import CaseGroup, case_answers, case_groups, condensed
from . import extractive_split as splitting
from .extractive_answers import AnswerCandidates
from .extractive_code import _code_steps, _prose_sentences
from .extractive_faq_fit import definition_asked
from .extractive_pool import _explain


PRICE_HEADING = re.compile(
    r"^(pricing|prices?|costs?|plans?|plans (and|&) pricing|pricing (and|&) plans|prezz[io]|costi|tariffe|listino)$",
    re.I,
)


class FaqChooser(AnswerCandidates):
    """Chooses the page's FAQ (``_faq``) from the answer candidates."""

    @staticmethod
    def _no_reprint(answer: str, whole: set[str], used: set[str]) -> str:
        """``answer`` without the prose after its last quoted block when that prose is a whole
        paragraph of the body or repeats a sentence already used (the summary's): the FAQ prints
        each prose part as its own paragraph, so it would be printed twice on the page."""
        parts = answer_code.segments(answer) if "\n" in answer else []
        last = max((k for k, (kind, _) in enumerate(parts) if kind == "code"), default=None)
        if last is None:
            return answer
        if any(kind == "prose" and count_words(text) >= 6 and normalize(text) in whole for kind, text in parts[:last]):
            return ""  # the lead is a whole paragraph of the body: printed alone in the FAQ, it would be twice
        if last == len(parts) - 1:
            return answer
        after = " ".join(text for _, text in parts[last + 1 :])
        if normalize(after) in whole or {normalize(x) for x in split_sentences(after)} & used:
            return answer_code.render(parts[: last + 1])
        return answer

    @staticmethod
    def _covered(
        text: str,
        question: str,
        section: Section,
        si: int,
        sents: dict[tuple[int, int], list[str]],
        limits: Limits,
        up_to: list[int],
        around: Around | None = None,
    ) -> tuple[str, list[Failure]]:
        """``text`` judged for coverage (:mod:`aeoloop.quality.coverage`): unchanged when it gives
        what its section says in answer; repaired when what it leaves out can be given in the writer's
        words and the result then passes (a left-out list given whole after it; every labelled case,
        its label and first sentence; the sentences up to a further cause or the next step; a marked
        step under the next subheading, numbered on); else its failure.

        ``up_to`` carries, from one candidate to the next, the block of the first part an earlier
        candidate left out: a later candidate that starts past it skips that part too (it answers
        from further down the section, "If you're new to public speaking, …"), so it fails alike.
        ``around``: the page's source lines and the subsection under this one (see :class:`Around`)."""
        by_block = {bi: sents.get((si, bi)) or [] for bi in range(len(section.blocks))}
        below = around.below if around is not None else ()
        rest = cover.rest_after(text, section, by_block, below)
        if rest is None:
            return text, []
        if around is not None and around.steps and is_how_question(question):
            named = cover.with_step_headings(text, question, rest, around.steps, limits)
            if named is not None:
                return named
        start = cover.start_block(text, section, by_block)
        main = cover.main_line_left_out(text, question, section, by_block, start)
        if main is not None:
            short = main if len(main) <= 80 else main[:77].rstrip() + "…"
            return text, [
                Failure(
                    "partial-answer",
                    f'starts past the section\'s main line, "{short}", and leaves it out; '
                    "open the section with a sentence that gives every part, condensed",
                )
            ]
        if up_to and start is not None and start > up_to[0]:
            return text, [
                Failure(
                    "partial-answer",
                    "starts past a part of the section that answers the question and leaves it out; "
                    "open the section with a sentence that gives every part, condensed",
                )
            ]
        group = _case_group(text, question, section, by_block, start, around)
        cases = group.cases if group is not None else ()
        found = check_coverage(text, question=question, rest=rest, cases=cases)
        if not found:
            return text, []
        part = find_left_out(text, question=question, rest=rest, cases=cases)
        where = (
            group.first
            if part is not None and part.kind == "cases" and group is not None
            else cover.block_of(part, section, by_block)
            if part is not None
            else None
        )
        if where is not None and not up_to:
            up_to.append(where)
        if part is not None and part.kind == "subheading":
            # the step given, what the subsection says after it is read as before
            held = next(k for k, u in enumerate(below) if part.lead in u.lines)
            below = (below[0], *below[held + 1 :])
        end = cover.end_of(text, section, by_block)
        # an answer that skips over the cases gets no repair: the opening-and-cases candidate is tried
        past = group is not None and end is not None and end[0] > group.last
        for fixed in [] if past else _repairs(text, part, rest, section, group, start, limits):
            again = cover.rest_after(fixed, section, by_block, below)
            again_group = _case_group(
                fixed, question, section, by_block, cover.start_block(fixed, section, by_block), around
            )
            if not check_answer(fixed, question=question, lang="en", limits=limits) and not (
                again
                and check_coverage(fixed, question=question, rest=again, cases=again_group.cases if again_group else ())
            ):
                return fixed, []
        return text, found

    def _faq(self, page: Page, sents: dict[tuple[int, int], list[str]], topic: str, art: PageArtifacts) -> list[QA]:
        """One Q&A per heading whose question and answer pass the quality contract; a heading with
        no passing answer is skipped and the build notes why (fewer good answers beat weak ones)."""
        opts = self.settings.faq
        limits = self._limits(page.lang)
        # A price is the price of something sold: on a page about a concept ("What is OEE?") the
        # "Pricing" section prices the product the page mentions, not the concept.
        product = next(
            (
                e.name
                for e in sorted(art.entities, key=lambda e: (e.role != "about", -e.count))
                if e.key in self._terms
                and self._terms[e.key].type in ("Product", "SoftwareApplication", "Organization")
            ),
            None,
        )
        summary_sentences = {normalize(x) for x in split_sentences(art.summary) if count_words(x) >= 6}
        out: list[QA] = []
        seen: set[str] = set()
        used: set[str] = set(summary_sentences)
        headings = PageHeadings(page)
        whole = self._whole_blocks(page)
        code_names = answer_code.named_in_code(page.body) if page.lang == "en" else frozenset()
        lines = page.source.splitlines()
        for si, section in enumerate(page.sections):
            if len(out) >= opts.max_items:
                break
            if not section.heading or section.level not in opts.heading_levels:
                continue
            about = product if product and PRICE_HEADING.match(section.heading.strip()) else topic
            asked = headings.explain(si, about)
            question = asked.question
            if not question:
                if asked.shape != "skip":  # navigation headings ('Conclusion') are skipped silently
                    art.notes.append(
                        f"line {section.line}: no FAQ question from heading {section.heading!r}: {asked.reason}"
                    )
                continue
            if question.lower() in seen:
                continue
            # tried once, the question is spent: a second heading that makes the same question ("Go where
            # your audience is (online)" and "(offline)") answers it with its own half only
            seen.add(question.lower())
            where = f"line {section.line}"
            bad_question = check_question(question, heading=section.heading, lang=page.lang)
            if bad_question:
                art.notes.append(
                    f"{where}: no FAQ entry for heading {section.heading!r}: the question {question!r} "
                    f"{_explain(bad_question)}"
                )
                continue
            candidates = self._answer_candidates(
                page, sents, si, self._noun_phrase(section.heading, page.lang), question
            )
            around = Around(
                lines, tuple(cover.units_below(page.sections, si, sents)), cover.step_headings(page.sections, si)
            )
            if judged(question, page.lang):
                candidates = [*candidates, *case_answers(section, si, sents, around.lines)]
            if not candidates:
                art.notes.append(
                    f"{where}: no FAQ entry for {question!r}: the section under the heading has nothing that "
                    "answers it whole (only code, a table, a list without a lead-in, a procedure too long to "
                    "give whole, or one of several labelled parts); open the section with a sentence that answers it"
                )
                continue
            prose = [x for bi in range(len(section.blocks)) for x in sents.get((si, bi)) or []]
            verdicts: list[list[Failure]] = []
            answer = None
            up_to: list[int] = []  # the block of the first part a candidate left out (see _covered)
            long_only: str | None = None  # the best candidate whose only fault is a sentence over the brand's limit
            for text in candidates:
                # a quoted block goes back in (the contract reads it as its first line); prose after it
                # that the page already prints whole is left out, or the FAQ would print it twice
                text = self._no_reprint(answer_code.expand(text, self._quoted.values()), whole, used)
                if not text:
                    verdicts.append([Failure("duplicate", "its lead to a code block is a whole paragraph of the body")])
                    continue
                found = check_answer(text, question=question, lang=page.lang, limits=limits)
                if _repeatable(text) & used:
                    found.append(Failure("duplicate", "repeats a sentence already used on the page"))
                if not found:  # the ordinary way the section then turns away from is no answer
                    found = check_foil(text, after=sentences_after(text, prose), lang=page.lang)
                if not found and judged(question, page.lang, text):
                    text, found = self._covered(text, question, section, si, sents, limits, up_to, around)
                    if not found and _repeatable(text) & used:
                        found = [Failure("duplicate", "its repair repeats a sentence already used on the page")]
                if not found:
                    answer = text
                    if code_names and is_how_question(question):
                        # "… pipe it to another command — wc." names the tool and the call is in a block
                        # after: a passing answer gets it, when it still passes (never a rescue)
                        shown = answer_code.quote_named(text, _code_steps(section.blocks), code_names, says_how)
                        if shown != text and not check_answer(shown, question=question, lang=page.lang, limits=limits):
                            answer = shown
                    break
                if long_only is None and {f.rule for f in found} == {"sentence-length"}:
                    covered = (
                        not judged(question, page.lang, text)
                        or not self._covered(text, question, section, si, sents, limits, up_to, around)[1]
                    )
                    long_only = text if covered else None
                verdicts.append(found)
            if answer is None and long_only is not None:
                # The writer's own long sentence is still a true answer: split where it already holds
                # two sentences (the body still prints the same words, so the FAQ links to it), else
                # keep it (the voice lint warns on it) rather than lose the Q&A; a shorter passing
                # candidate always wins above.
                split = splitting.split_long(long_only, limits.sentence_max, page.lang)
                fixed = split != long_only and not check_answer(split, question=question, lang=page.lang, limits=limits)
                answer = split if fixed else long_only
            if answer is None:
                art.notes.append(
                    f"{where}: no FAQ entry for {question!r}: no answer under the heading passes "
                    f"({_explain(_first_reason(verdicts))}); make the section's opening sentences answer it on their own"
                )
                continue
            fitted = (
                (
                    when_question(question, answer)
                    or arrangement_question(question, answer)
                    or actor_question(question, answer)
                    or definition_asked(question, answer)
                )
                if page.lang == "en"
                else None
            )
            if fitted and not check_answer(answer, question=fitted, lang=page.lang, limits=limits):
                question = fitted  # answered with when: ask when; with how it is provided: ask how
            seen.add(question.lower())
            used |= _repeatable(answer)
            out.append(QA(question, answer, section.line))
        return out


@dataclass(frozen=True)
class Around:
    """What coverage reads around a section: the page's source lines (a bold label is known only
    there) and the first subsection under it, as units (a procedure may go on there)."""

    lines: list[str]
    below: tuple[Unit, ...]
    steps: tuple[str, ...] = ()  # the subsections' headings when they are the section's steps


def _case_group(
    text: str,
    question: str,
    section: Section,
    by_block: dict[int, list[str]],
    start: int | None,
    around: Around | None,
) -> CaseGroup | None:
    """The labelled cases an answer is judged against: those it starts in (one case given, its label
    dropped), or those right after it when it ends the paragraph before them and only announces them
    (:func:`~aeoloop.quality.coverage.leads_into`, colon or not). None when the answer stands apart
    from every group."""
    if around is None:
        return None
    groups = case_groups(section, around.lines, by_block)
    if not groups:
        return None
    end = cover.end_of(text, section, by_block)
    for group in groups:
        if start is not None and group.first <= start <= group.last:
            return group
        skipped = start is not None and end is not None and start < group.first <= group.last < end[0]
        if asks_parts(question) and skipped:
            return group  # "Which plan should I choose?" answered around the plans' labelled list, skipping it
        if (
            end is not None
            and end[0] == group.first - 1
            and section.blocks[end[0]].kind == "paragraph"
            and (end[1] == len(by_block.get(end[0]) or []) - 1 or asks_parts(question))
            and leads_into(text, question)
        ):
            return group
    return None


def _repairs(
    text: str,
    part: LeftOut | None,
    rest: list[Unit],
    section: Section,
    group: CaseGroup | None,
    start: int | None,
    limits: Limits,
) -> list[str]:
    """Answers that give what ``text`` left out, in the writer's words, best first (each is judged
    again before it is taken)."""
    if part is None:
        return []
    if part.kind == "cases":
        whole = condensed(group.cases) if group is not None else None
        if whole is None or group is None:
            return []
        return [f"{text} {whole}" if start is not None and start < group.first else whole]
    if part.kind == "subheading":
        return [cover.with_step(text, part.lead)]
    if part.kind == "task":
        # the other task's sentence, when it comes right after the answer ("… or to remove it, use …")
        doing = cover.sentence_doing(rest, part.lead)
        part = LeftOut("task", doing) if doing is not None else None
        if part is None:
            return []
    if part.kind in ("verb", "way"):
        return []  # an answer about a neighbouring task does not become the way by a sentence added at its end
    if part.kind in ("also", "steps", "example", "other", "fix", "task", "exception") and not part.items:
        after = cover.sentences_through(rest, part.lead)
        if not after:
            return []
        k = after.index(part.lead)
        # up to the left-out sentence, then on to the end of its paragraph while it fits: longest first;
        # never ending on a lead-in to code or a list the answer would not carry
        # after a quoted block the prose goes on as its own paragraph (a fence never shares a line with text)
        glue = "\n\n" if text.rstrip().endswith("```") else " "
        return [
            f"{text}{glue}{' '.join(after[: n + 1])}"
            for n in range(len(after) - 1, k - 1, -1)
            if not after[n].rstrip().endswith(":")
        ]
    if part.items:
        ordered = any(u.kind == "list" and u.lines == part.items for u in rest) and any(
            b.kind == "list" and b.items == part.items and b.ordered for b in section.blocks
        )
        whole = cover.given_whole(part, max_words=limits.list_ceiling, ordered=ordered)
        return [f"{text} {whole}"] if whole else []
    return []


def _first_reason(verdicts: list[list[Failure]]) -> list[Failure]:
    """The verdict a build note gives: the first candidate's, unless a later one passed every rule but
    coverage (then what it left out is what the writer can fix)."""
    return next((v for v in verdicts if [f.rule for f in v] == ["partial-answer"]), verdicts[0])


def _repeatable(text: str) -> set[str]:
    """The sentences of ``text`` that may not appear twice on a page (a step of a numbered
    procedure may: two procedures often start alike)."""
    return {normalize(x) for x in _prose_sentences(text) if count_words(x) >= 6 and not step_sentence(x)}
