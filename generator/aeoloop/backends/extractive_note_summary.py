"""The summary of a one-note page: from the sentence that makes its point, not from its set-up.

A mixin under :class:`extractive_summary.SummaryChooser`: that class chooses a summary as on every page,
then a page that is one short note (:func:`extractive_note_point.one_note`) goes through
:meth:`NoteSummaries._note_summary`, which keeps the choice when it opens with a point and otherwise
starts at the note's point, keeps the sentences after one that leans, or drops a summary that would
mislead (the shapes live in :mod:`extractive_note_point`).
"""

from __future__ import annotations

from dataclasses import replace

from ..artifacts import PageArtifacts
from ..page import Page
from ..quality import check_summary
from ..text import count_words, normalize, split_sentences
from . import extractive_note_point as note_point
from .extractive_openings import OpeningRuns


class NoteSummaries(OpeningRuns):
    """The one-note page's summary (``_note_summary``) after the usual choice."""

    def _note_summary(
        self,
        page: Page,
        sents: dict[tuple[int, int], list[str]],
        art: PageArtifacts,
        text: str,
        avoid: frozenset[str],
    ) -> str:
        """``text`` (the usual choice for a one-note ``page``) when it opens with a point; else the run
        from the note's point, the sentences after a leaning first one, or nothing for a summary that
        leans and fails the contract; else ``text``."""
        limits = self._limits(page.lang)
        text = note_point.without_fragments(text)
        fault = note_point.opening_fault(text, page.title, page.lang, limits)
        if fault is None:
            return text  # the writer's opening, or a run the chooser picked, that opens with a point
        pool = [s for si in range(len(page.sections)) for s in self._sentences(page, sents, si)]
        base, _ = self._opening_paragraphs(page, sents, h1=True)
        whole = self._whole_blocks(page)
        point: str | None = None
        for at in note_point.point_indexes(pool, page.title, page.lang, limits):
            point = note_point.point_run(pool, at, limits.summary_max, page.title, page.lang, limits)
            if self._covers(point, whole):
                # The point is a paragraph of its own: quoted alone, the body would print it twice. When
                # it is one of the opening paragraphs (which the summary box takes as written), the
                # opening up to it: the set-up, then the point.
                upto = next((k for k, x in enumerate(base) if x == pool[at].text), None)
                point = None if upto is None else " ".join(base[: upto + 1])
                if point is not None and (
                    count_words(point) > limits.summary_max
                    or check_summary(point, title=page.title, lang=page.lang, limits=replace(limits, summary_min=1))
                ):
                    point = None
            if point is not None and not self._covers(point, set(avoid)):
                break
            point = None
        if point is not None and normalize(point) != normalize(text):
            art.notes.append(
                "summary: the note opens with its set-up, so the summary starts at the sentence that makes its "
                f"point: open the note with what it shows in {limits.summary_min}–{limits.summary_max} words"
            )
            return point
        rest = split_sentences(text)[1:]
        if (
            fault == "leans"
            and rest
            and note_point.opening_fault(" ".join(rest), page.title, page.lang, limits) is None
        ):
            # "But what if we want … ? We can …": the sentences after the one that leans make the point
            return " ".join(rest)
        if fault == "leans" and check_summary(text, title=page.title, lang=page.lang, limits=limits):
            # No sentence makes the note's point and the one kept fails the contract and opens with a
            # set-up or leans on what comes before it ("Notice that …"): an empty box says nothing, a
            # misleading one says the wrong thing.
            art.notes.append(
                "summary: no run of the note's sentences passes and none makes its point, so there is no summary: "
                f"open the note with what it shows in {limits.summary_min}–{limits.summary_max} words"
            )
            return ""
        return text
