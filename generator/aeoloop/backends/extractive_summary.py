"""The extractive summary: the page's opening when it passes the contract, else the best passing
run of whole sentences, else the fallbacks of :mod:`extractive_openings`; every choice notes why.

One module for the decision because its order is the behaviour: the writer's own opening first,
then what keeps closest to it, and each step's note tells the writer what to fix.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeGuard

from ..artifacts import PageArtifacts
from ..page import Page
from ..quality import (
    Failure,
    check_summary,
    key_terms,
)
from ..quality.out_of_context import continues_previous
from ..text import normalize, split_sentences
from . import extractive_note_point as note_point
from ..quality.outlines import short_entries
from .extractive_note_summary import NoteSummaries
from .extractive_openings import MANY_PARTS
from .extractive_pool import Sent, _explain, _rules

if TYPE_CHECKING:
    pass


# The page's first three sections (the opening counted as one): the writer frames the page there.
_EARLY = 3


class SummaryChooser(NoteSummaries):
    """Chooses the page summary (``_summary``) from the sentence pool."""

    def _summary(
        self,
        page: Page,
        sents: dict[tuple[int, int], list[str]],
        art: PageArtifacts,
        *,
        avoid: frozenset[str] = frozenset(),
    ) -> str:
        """The summary of :meth:`_summary_choice`; on a one-note page that opens with its set-up,
        the note's point instead (:mod:`extractive_note_point`)."""
        text = self._summary_choice(page, sents, art, avoid=avoid)
        if page.lang != "en" or not note_point.one_note(page):
            return text
        return self._note_summary(page, sents, art, text, avoid)

    def _summary_choice(
        self,
        page: Page,
        sents: dict[tuple[int, int], list[str]],
        art: PageArtifacts,
        *,
        avoid: frozenset[str] = frozenset(),
    ) -> str:
        """The opening when it passes the contract (the plugin then moves the writer's own paragraphs
        into the summary box); else the first passing run of whole sentences of the page."""
        limits = self._limits(page.lang)
        lo, hi = limits.summary_min, limits.summary_max
        opening: list[Sent] = []
        for si, section in enumerate(page.sections):
            opening.extend(self._sentences(page, sents, si))
            if sum(s.words for s in opening) >= hi or (section.heading is not None and opening):
                break
        if not opening:
            if page.meta.description:
                return page.meta.description
            return self._from_table(page, limits, art, "no complete sentences to summarise")
        first = " ".join(s.text for s in self._runs(opening, 0, lo, hi))
        # The writer's opening moves into the summary box as written: a long sentence there is the
        # writer's (the voice lint names its line in the page), not a reason to summarise from elsewhere.
        found = check_summary(first, title=page.title, lang=page.lang, limits=replace(limits, sentence_max=None))
        outside = self._whole_blocks(page, intro=False)
        items = self._opening_items(page)  # the opening's steps: the body prints them below the box
        box = self._box_paragraphs(page)

        def unmoved(text: str) -> set[str]:
            """The opening's paragraphs, when ``text`` does not start with them: the plugin then
            moves none into the box and the body prints them below it."""
            return set() if box and normalize(text).startswith(box[0]) else set(box)

        def passes(text: str | None, blocks: set[str]) -> TypeGuard[str]:
            """A candidate passes the contract and reprints no whole paragraph of ``blocks``."""
            if not text:
                return False
            return (
                not check_summary(text, title=page.title, lang=page.lang, limits=limits)
                and not self._covers(text, blocks | unmoved(text))
                and not self._quotes_item(text, items)
            )

        # The opening run moves into the box as written, also under a first H1 (a note whose title
        # is its heading): the paragraphs it quotes are not printed twice.
        if short_entries(page):
            # A page of short entries (notes, questions) with no opening: a run of one entry's
            # sentences says what that entry says; the page is summarised by what it collects.
            text = self._outline(page, sents, limits, self._whole_blocks(page) | avoid, bare=True)
            if text:
                self._outlined = True
                art.notes.append(
                    "summary: the page has no opening and collects short sections, so the summary says "
                    "what they cover, from their headings: write an opening paragraph that answers the "
                    f"title in {lo}–{hi} words"
                )
                return text
        if (
            not found
            and not self._covers(first, (outside | unmoved(first)) - self._h1_opening(page, sents))
            and not self._quotes_item(first, items)
        ):
            if self._one_part_of_many(page, sents, first):
                # No opening: the first of many sections' run says that part; the outline says them all.
                text = self._outline(page, sents, limits, self._whole_blocks(page) | avoid, failed_opening=True)
                if text:
                    self._outlined = True
                    art.notes.append(
                        f"summary: the page has no opening and its first section is one of {MANY_PARTS}+, so the "
                        "summary says what its sections cover: write an opening paragraph that answers the title in "
                        f"{lo}–{hi} words"
                    )
                    return text
            return self._within_limit(page, sents, first, limits)
        if not found:
            found = [Failure("duplicate", "reprints a whole paragraph or list item that the body prints")]
        wanted = key_terms(f"{page.title} {page.meta.description or ''}", page.lang)
        base, after = self._opening_paragraphs(page, sents)
        if base:
            # A short opening stays whole (it moves into the box) and goes on with the leading
            # sentences of the next paragraphs, in the opening or the next section.
            nxt = self._then_next_sections(page, self._paragraphs(page, 0, after))
            text = self._leads(page, sents, base, nxt, lo, hi)
            if passes(text, outside):
                art.notes.append(
                    f"the opening is too short to summarise alone ({_rules(found)}); it goes on with the "
                    "first sentences of the paragraphs after it: write an opening paragraph that answers "
                    f"the title in {lo}–{hi} words"
                )
                return text
        whole_blocks = self._whole_blocks(page)
        intro = page.intro
        if intro is not None and page.sections and page.sections[0] is intro:
            # The opening without its sentences that cannot be read alone ("Here's the step-by-step
            # process …"), going on with the leading sentences of the paragraphs after it.
            own = self._sentences(page, sents, 0)
            short = self._readable(own, page.lang)
            if short and len(short) < len(own):
                last = max(bi for bi, b in enumerate(intro.blocks) if b.kind in ("paragraph", "list"))
                nxt = self._then_next_sections(page, self._paragraphs(page, 0, last + 1))
                text = (
                    " ".join(s.text for s in short)
                    if sum(s.words for s in short) >= lo
                    else self._leads(page, sents, [s.text for s in short], nxt, lo, hi)
                )
                if passes(text, whole_blocks):
                    art.notes.append(
                        f"the opening does not pass as a summary ({_rules(found)}); its sentences that "
                        "read alone go on with the first sentences of the paragraphs after it: write an "
                        f"opening paragraph that answers the title in {lo}–{hi} words"
                    )
                    return text
        # The page's frame before any section's detail: a short opening paragraph that reads alone,
        # going on with the points its section makes further down, beats a run that starts mid-page
        # ("In the expanded view, …", a late tip), which says one part of the page without what it is.
        text, moved = self._opening_then_points(page, sents, lo, hi, whole_blocks)
        if passes(text, outside - moved):
            art.notes.append(
                f"the opening is too short to summarise alone ({_rules(found)}); it goes on with the first "
                "sentences of later paragraphs that read alone: write an opening paragraph that answers "
                f"the title in {lo}–{hi} words"
            )
            return text
        pools = [opening] + [self._sentences(page, sents, si) for si, sec in enumerate(page.sections) if sec.heading]
        # Per pool, which of the page's top-level sections it belongs to (1 for the first): a
        # subsection deep under the second part of a page is not where the writer frames it.
        headed = [sec for sec in page.sections if sec.heading]
        # (an H1 is the page's title written as a heading: its parts are the sections under it)
        top = min((sec.level for sec in headed if sec.level > 1), default=1)
        part = [0]
        for sec in headed:
            part.append(part[-1] + (1 if sec.level <= top else 0))
        # Each pool also without the sentences that cannot be read alone (a scenario, "Here's how…",
        # "as shown in the next step"): the rest of an opening often answers the title on its own.
        kept = [self._readable(pool, page.lang) for pool in pools]
        # Candidates as (score, position, text); ``early`` holds those of the page's first sections,
        # where the writer frames the page: a later section's run stands for one part of it.
        # pools[0] is the opening, which is the first headed section's text on a page without one
        n_early = _EARLY - (1 if intro is not None and page.sections and page.sections[0] is intro else 0)
        early: tuple[float, int, str] | None = None
        later: tuple[float, int, str] | None = None
        loose: tuple[float, int, str] | None = None
        position = 0
        taken = set(avoid)
        for k, pool, filtered in [(k, p, False) for k, p in enumerate(pools)] + [
            (k, p, True) for k, p in enumerate(kept) if len(p) < len(pools[k])
        ]:
            for i in range(len(pool)):
                position += 1
                if k == 0 and i == 0 and not filtered:
                    continue
                starts = self._run_start(pool, i)
                if not starts and pool[i].item is not None:
                    continue
                if any(x.block == pool[i].block and x.text.endswith("?") for x in pool[: i + 1]):
                    continue  # "Want to group them by …? In the …": a tip answering its own question, one part of the page
                run = self._runs(pool, i, lo, hi)
                text = " ".join(s.text for s in run)
                if (
                    not text
                    or normalize(text) in whole_blocks
                    or self._covers(text, outside | unmoved(text))
                    or self._quotes_item(text, items)
                    or filtered
                    and self._covers(text, whole_blocks)
                ):
                    continue  # a whole paragraph of the body: the page would print it twice
                if self._covers(text, taken):
                    continue  # a sentence an FAQ answer gives: the FAQ keeps it (see ExtractiveBackend.generate)
                if check_summary(text, title=page.title, lang=page.lang, limits=limits):
                    continue
                # The best passing run: about what the title and description are about, early on the page.
                terms = key_terms(text, page.lang)
                score = (
                    len(terms & wanted) + (2.0 if k == 0 else 0.0) - 0.02 * position - (0.5 if filtered else 0.0)
                )  # the writer's own run of sentences before a picked one
                if not starts:
                    # mid-paragraph, after the sentence it continues: only when nothing else is left
                    if loose is None or score > loose[0]:
                        loose = (score, position, text)
                elif k <= n_early and (k == 0 or headed[k - 1].level <= top or part[k] <= 1):
                    if early is None or score > early[0]:
                        early = (score, position, text)
                elif later is None or score > later[0]:
                    later = (score, position, text)
        if not base:
            # The leading sentences of the first section's paragraphs: where the writer frames a
            # page that opens with a heading (a run of it would reprint its first paragraph, often
            # all of the point). Not on into the next sections: their leads are separate points.
            with_text = [p for si in range(len(page.sections)) if (p := self._paragraphs(page, si))]
            text = self._leads(page, sents, [], with_text[0] if with_text else [], lo, hi)
            if passes(text, outside | taken):
                score = len(key_terms(text, page.lang) & wanted) + 2.0
                if early is None or score > early[0]:
                    early = (score, 0, text)
        best = early
        if best is None and later is not None:
            # Only a later section's sentences pass: on a page of several sections, what they
            # cover says more about the page than one of them ("We order a new computer …" for a
            # page of benefits).
            text = self._outline(page, sents, limits, whole_blocks | avoid, failed_opening=True)
            if text:
                self._outlined = True
                art.notes.append(
                    f"summary: {_explain(found)}; only a later section's sentences pass, so the summary "
                    "says what the page's sections cover, from their headings: write an opening paragraph that "
                    f"answers the title in {lo}–{hi} words"
                )
                return text
            best = later
        if best is None and not base:
            # No opening paragraph and no run of one section passes: the leading sentences of
            # the paragraphs of one section, the first section where they pass.
            for si in range(len(page.sections)):
                text = self._leads(page, sents, [], self._paragraphs(page, si), lo, hi)
                if passes(text, outside | taken):
                    best = (0.0, 0, text)
                    break
            else:
                text = self._on_title(page, sents, lo, hi)
                if passes(text, outside | taken):
                    best = (0.0, 0, text)
        head = self._head_sentence(page, sents)
        if best is not None and head is not None:
            # A run that leaves out the page's first sentence (its opening's, else its first
            # section's), which reads alone and says what the page is about, gives a part of the page
            # without its frame ("In the expanded view, …"): the outline that quotes that sentence
            # first says what the page is about and what it covers.
            if head not in best[2] and self._summary_sentence(head, page.lang):
                text = self._outline(page, sents, limits, whole_blocks | avoid, failed_opening=True)
                # The outline when it quotes that sentence, when the FAQ quotes it (an answer's sentence
                # is never repeated in the summary), or when the run comes from a later section than
                # the first (one part of the page, where the outline says what all of them cover).
                first_section = {x.text for x in self._sentences(page, sents, 0)}
                later_part = (split_sentences(best[2]) or [""])[0] not in first_section
                if text and (head in text or normalize(head) in avoid or later_part):
                    self._outlined = True
                    art.notes.append(
                        f"summary: {_explain(found)}; the runs that pass leave out the opening sentence, so the "
                        "summary says what the page's sections cover after it: write an opening paragraph that "
                        f"answers the title in {lo}–{hi} words"
                    )
                    return text
        if best is not None and self._one_part_of_many(page, sents, best[2]):
            # No opening and many parts: a run of the first part's sentences says that part ("… is a
            # fully distributed company …" for a page of eight ways of working); the outline says them all.
            text = self._outline(page, sents, limits, whole_blocks | avoid, failed_opening=True)
            if text:
                self._outlined = True
                art.notes.append(
                    f"summary: {_explain(found)}; the page has no opening and the runs that pass come from one of its "
                    f"{MANY_PARTS}+ sections, so the summary says what its sections cover: write an opening paragraph "
                    f"that answers the title in {lo}–{hi} words"
                )
                return text
        if best is not None:
            self._picked = True
            art.notes.append(
                f"the opening does not pass as a summary ({_rules(found)}); used the best passing "
                "sentences of the page instead: write an opening paragraph that answers the title in "
                f"{lo}–{hi} words"
            )
            return best[2]
        table = self._from_table(page, limits, art, f"summary: {_explain(found)}; no run of sentences passes")
        if table:
            return table
        # A page of several sections whose opening does not pass (or that has none), where no quoted
        # run passes: say what its sections cover, from their headings (after a table's labels, which
        # say more); a failing opening kept as is would lean on the page ("These are the …").
        own = self._readable(opening[: len(self._sentences(page, sents, 0))], page.lang)  # the opening section's only
        text = self._outline(page, sents, limits, whole_blocks | avoid, failed_opening=True)
        if text and own and intro is not None and page.sections[0] is intro and own[0].text not in text:
            text = None  # a short opening that reads alone says what the page is about better than its headings
        if text:
            self._outlined = True
            art.notes.append(
                f"summary: {_explain(found)}; no run of sentences passes, so the summary says what the "
                "page's sections cover, from their headings: write an opening paragraph that answers "
                f"the title in {lo}–{hi} words"
            )
            return text
        art.notes.append(
            f"summary: {_explain(found)}; no run of sentences on the page passes, so the opening is kept: "
            f"write an opening paragraph that answers the title in {lo}–{hi} words"
        )
        # Nothing passes: keep the opening's sentences that read alone (a shorter summary beats a
        # scenario or a "Here's how"), or the opening itself when none does.
        run = self._runs(own or opening, 0, lo, hi)
        while run and (
            self._covers(joined := " ".join(s.text for s in run), outside | unmoved(joined))
            or self._quotes_item(joined, items)
        ):
            run = run[:-1]  # never a paragraph twice: the box would reprint it from under its heading
        if not run and page.meta.description:
            # Every paragraph is one sentence that the body prints under a heading: the writer's own
            # description says what the page is about (an empty box says nothing).
            return page.meta.description
        if not run and loose is not None:
            # Nothing else but a run from mid-paragraph: it passes the contract, and an empty box says nothing.
            return loose[2]
        return " ".join(s.text for s in run)

    def _head_sentence(self, page: Page, sents: dict[tuple[int, int], list[str]]) -> str | None:
        """The page's first sentence, where the writer frames it: the first of the opening's (or a
        first H1's, or on a page with no opening the first section's) first paragraph; None when
        there is none."""
        if not page.sections:
            return None
        first = self._paragraphs(page, 0)[:1]
        parts = sents.get(first[0], []) if first else []
        return parts[0] if parts else None

    @staticmethod
    def _run_start(pool: list[Sent], i: int) -> bool:
        """Whether a summary's run may start at ``pool[i]``: never at a list item (a step or a case
        out of its list); mid-paragraph only at a sentence that does not continue the one before it
        (:func:`continues_previous`: "Select one to begin …", "Some examples include:", "There are
        two ways to set them up" lean on the sentence the summary leaves out)."""
        s = pool[i]
        if s.item is not None:
            return False
        return i == 0 or pool[i - 1].block != s.block or not continues_previous(s.text)
