"""Where a summary comes from when the page's opening run does not pass on its own: the
opening paragraphs as the plugin moves them, the leading sentences of the paragraphs after a
short opening, an outline of the sections, or what an opening table compares.

Apart from :mod:`extractive_summary` (which decides between them) so each fallback can be read
alone; all of them quote whole sentences only, never a whole paragraph of the body twice.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..artifacts import PageArtifacts
from ..page import Page
from ..quality import (
    Limits,
    check_standalone,
    check_summary,
    key_terms,
)
from ..quality.out_of_context import (
    tied_to_previous,
)
from ..quality.not_a_way import vague_announcement
from ..quality.read_alone import counts_without_items
from ..text import normalize, split_sentences
from . import extractive_outline as outline
from . import extractive_split as splitting
from . import extractive_tables as tables
from .extractive_leads import SectionLeads
from .extractive_pool import Sent, is_sentence, n_words

if TYPE_CHECKING:
    pass


# "… there are two issues to consider.", "There are several ways to …": a lead that counts things its
# section goes on to give, which the outline under its heading does not.
_ANNOUNCES_ITEMS = re.compile(
    r"\b(?:two|three|four|five|six|several|a few|a couple of|some|a number of)\s+(?:[\w-]+\s+)?[\w-]+s\s+to\s+"
    r"(?:consider|know|keep in mind|remember|note|watch(?: for| out for)?|look (?:at|for)|think about|choose from)\s*[.!]?$",
    re.I,
)


def _until_announcement(run: list[str], lang: str) -> list[str]:
    """A section's leads up to the first that announces items it does not give (those after it lean on it)."""
    if lang != "en":
        return run
    for k, sentence in enumerate(run):
        if _ANNOUNCES_ITEMS.search(sentence) or counts_without_items(sentence) or vague_announcement(sentence):
            return run[:k]
    return run


# A page with no opening and this many top-level sections is about all of them, not its first.
MANY_PARTS = 4
# "Step 1: …", "1. …": the first step of a procedure, whose run says where it starts (the outline of
# its steps says no more, and frees the step's sentences for the takeaways, where they read as steps).
_FIRST_STEP = re.compile(r"^\W*(?:step\s+)?(?:1|one)\b", re.I)
# A first section that frames the page: its run says what the page is about.
_OVERVIEW = re.compile(
    r"^\W*(?:overview|introduction|intro|about\b|what (?:is|are)\b|summary|background|getting started|tl;?dr)", re.I
)


class OpeningRuns(SectionLeads):
    """The summary's sources besides the opening run: leads, outline, table."""

    def _within_limit(self, page: Page, sents: dict[tuple[int, int], list[str]], opening: str, limits: Limits) -> str:
        """The writer's opening, its sentences over the brand's limit split where they already hold
        two sentences, when it is the start of the opening paragraphs (the plugin recognises the
        same words and moves the writer's paragraphs into the box as written); else as is."""
        split = splitting.split_long(opening, limits.sentence_max, page.lang)
        written = normalize(" ".join(self._opening_paragraphs(page, sents)[0]))
        if split == opening or not written.startswith(normalize(opening)):
            return opening
        return split if not check_summary(split, title=page.title, lang=page.lang, limits=limits) else opening

    def _outline(
        self,
        page: Page,
        sents: dict[tuple[int, int], list[str]],
        limits: Limits,
        whole_blocks: set[str],
        *,
        failed_opening: bool = False,
        bare: bool = False,
    ) -> str | None:
        """For a page with no opening paragraph or list and two or more H2 sections: the title, how
        many topics it covers and their headings, then leading sentences of its sections that
        read alone (:mod:`extractive_outline`), when that passes the contract; else None. The leads
        are the leading sentences of a section's first paragraph, never all of them (so the summary
        never reprints a whole paragraph), up to the first that does not read alone (a story, a goal
        or a step is stepped over when the next sentence does not point back at it); a later
        paragraph's first sentence often leans on the one before it ("the rewrite"), so it is not used.
        ``failed_opening``: also for a page whose opening paragraph failed (the caller found nothing
        central). ``bare``: the headings alone when they name every section (a page of short notes)."""
        intro = page.intro
        has_opening = intro is not None and any(b.kind in ("paragraph", "list") for b in intro.blocks)
        if not failed_opening and has_opening:
            return None
        # the sections that are topics of the page: not "What's next?" or "See also", which send the reader on
        h2 = [
            si for si, s in enumerate(page.sections) if s.heading and s.level == 2 and not outline.afterword(s.heading)
        ]
        leads: list[list[str]] = []
        for si in h2:
            run = self._section_leads(page, sents, si, whole_blocks)
            if not self._paragraphs(page, si):
                # A section with no text of its own, only subsections (a category of definitions, H2 →
                # H3): what it covers is said by its first subsection that has a sentence to quote.
                # Only a subsection's first sentence, which says what it is, never one stepped to; and
                # it names its heading's term (the outline does not show the subheading: "The first
                # trip through …" under "Bisque" says nothing read alone).
                for sj in self._subsections(page, si):
                    run = self._section_leads(page, sents, sj, whole_blocks, later=False)
                    first = self._paragraphs(page, sj)[:1]
                    term = key_terms(page.sections[sj].heading or "", page.lang)
                    if run and first and sents.get(first[0], [""])[0] == run[0] and term & key_terms(run[0], page.lang):
                        run = run[:1]
                        break
                    run = []
            leads.append(_until_announcement(run, page.lang))
        # The page's own opening, where the writer frames it (what the page is about), before any
        # section's detail: its leading sentences that read alone, never the whole paragraph.
        # the opening, or the text under a first H1 (the page's title written as a heading)
        framed = has_opening and page.sections[0] is intro or page.sections[0].level == 1
        frame = self._section_leads(page, sents, 0, whole_blocks, later=False) if framed else []
        return outline.outline_summary(
            page.title,
            [page.sections[si].heading or "" for si in h2],
            leads,
            lang=page.lang,
            lo=limits.summary_min,
            hi=limits.summary_max,
            passes=lambda t: not check_summary(t, title=page.title, lang=page.lang, limits=limits),
            floor=limits.outline_floor,
            frame=frame,
            bare=bare,
        )

    def _opening_then_points(
        self, page: Page, sents: dict[tuple[int, int], list[str]], lo: int, hi: int, whole_blocks: set[str]
    ) -> tuple[str | None, set[str]]:
        """The opening's first paragraphs, whole (the plugin moves them into the summary box), when
        they are too short to summarise alone and the paragraphs after them do not go on in one run
        (a scene, a sentence that points back): then the first sentences of the opening section's later
        paragraphs that read alone (:meth:`_later_leads`: never all of a paragraph, never one
        reading the code above it), in page order, until ``lo`` words. A short note often opens
        with a good first paragraph and makes its next points a few paragraphs down; quoting
        them beats a summary of its opening alone, which answers half of its title. Also returns the
        moved paragraphs (normalised): the body no longer prints them."""
        base, after = self._opening_paragraphs(page, sents, h1=True)
        if not base:
            return None, set()
        # the opening's paragraphs, whole, as many as stay short of the minimum
        keys = [key for key in self._paragraphs(page, 0) if key[1] < after]
        out: list[str] = []
        n_kept = total = 0
        for key in keys:
            parts = sents.get(key, [])
            words = sum(n_words(x) for x in parts)
            if total + words >= lo:
                break
            out.extend(parts)
            total += words
            n_kept += 1
        if not n_kept:
            return None, set()
        moved = {normalize(page.sections[0].blocks[key[1]].text) for key in keys[:n_kept]}
        # Only the opening section's own: a later section's sentences are read under its heading,
        # which the summary does not show ("Your dashboard is locked." once the billing period ends).
        for sentence in self._later_leads(page, sents, 0, whole_blocks, start=n_kept):
            if total >= lo:
                break
            if total + n_words(sentence) <= hi:
                out.append(sentence)
                total += n_words(sentence)
        return (" ".join(out) if lo <= total <= hi else None), moved

    def _from_table(self, page: Page, limits: Limits, art: PageArtifacts, why: str) -> str:
        """For a page that opens with a table and has no sentence to summarise: what the table
        compares, from its header row and row labels (:mod:`extractive_tables`), when that passes
        the contract; else "" and the note asks for an opening paragraph."""
        text = tables.table_summary(
            page,
            lo=limits.summary_min,
            hi=limits.summary_max,
            passes=lambda t: not check_summary(t, title=page.title, lang=page.lang, limits=limits),
        )
        if text:
            art.notes.append(
                f"{why}; the summary says what the opening table compares, from its header row and row "
                "labels: write an opening paragraph that answers the title"
            )
            return text
        if why.startswith("no complete"):
            art.notes.append(f"{why}; add an opening paragraph that answers the title")
        return ""

    def _readable(self, pool: list[Sent], lang: str) -> list[Sent]:
        """``pool`` without the sentences a summary cannot quote, nor the sentence after one left
        out in the same block when it may lean on it ("Keeping that influx of emails at bay …")."""
        out: list[Sent] = []
        dropped: int | None = None
        for s in pool:
            if not self._summary_sentence(s.text, lang) or dropped == s.block and tied_to_previous(s.text):
                dropped = s.block
                continue
            dropped = None
            out.append(s)
        return out

    @staticmethod
    def _opening_paragraphs(
        page: Page, sents: dict[tuple[int, int], list[str]], *, h1: bool = False
    ) -> tuple[list[str], int]:
        """The sentences of the paragraphs that open the page (after an admonition, as the plugin
        skips it) up to its next other block, when every one is a whole sentence: exactly the text
        the plugin moves into the summary box; and the index of the block after them. ``h1``: the
        text under a first H1 (the page's title as a heading, as a note with no front matter
        writes it) opens the page too: the plugin moves it the same way."""
        intro = page.intro
        if intro is None and h1 and page.sections and page.sections[0].level == 1:
            intro = page.sections[0]
        if intro is None or not page.sections or page.sections[0] is not intro:
            return [], 0
        out: list[str] = []
        bi = 0
        while bi < len(intro.blocks) and intro.blocks[bi].kind not in ("paragraph", "list"):
            bi += 1
        while bi < len(intro.blocks) and intro.blocks[bi].kind == "paragraph":
            parts = sents.get((0, bi), [])
            if (
                not parts
                or not all(is_sentence(x) and not x.endswith(":") for x in parts)
                or normalize(" ".join(parts)) != normalize(intro.blocks[bi].text)
            ):
                return [], 0
            out.extend(parts)
            bi += 1
        return out, bi

    def _h1_opening(self, page: Page, sents: dict[tuple[int, int], list[str]]) -> set[str]:
        """The opening paragraphs under a first H1 (normalised), which the plugin moves into the
        summary box like an opening with no heading; empty for any other page."""
        if page.intro is not None or not page.sections or page.sections[0].level != 1:
            return set()
        base, after = self._opening_paragraphs(page, sents, h1=True)
        blocks = page.sections[0].blocks
        return {normalize(b.text) for b in blocks[:after] if b.kind == "paragraph"} if base else set()

    def _then_next_sections(self, page: Page, first: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``first`` followed by the paragraphs of the next two sections that have any (a section
        of tables only is stepped over): where a short opening goes on for a summary."""
        later = [p for si in range(1, len(page.sections)) if (p := self._paragraphs(page, si))]
        return first + [key for p in later[:2] for key in p]

    def _leads(
        self,
        page: Page,
        sents: dict[tuple[int, int], list[str]],
        base: list[str],
        paragraphs: list[tuple[int, int]],
        lo: int,
        hi: int,
    ) -> str | None:
        """``base`` (the whole opening, maybe empty) followed by the leading sentences of the
        ``paragraphs`` in order, never all of a paragraph's sentences (part of a paragraph is not a
        reprint of it), until ``lo`` words. Each paragraph must add a sentence that stands alone,
        or the run stops there: the summary reads on from one paragraph to the next."""
        total = sum(n_words(x) for x in base)
        if total >= lo or total > hi:
            return None
        out = list(base)
        for si, bi in paragraphs:
            parts = sents.get((si, bi), [])
            added = 0
            for k, sentence in enumerate(parts[:-1]):  # never the whole paragraph
                if not is_sentence(sentence) or sentence.endswith((":", "?")) or total + n_words(sentence) > hi:
                    break
                if k == 0 and (
                    check_standalone(sentence, lang=page.lang)
                    or (base and len(out) == len(base) and not sentence[:1].isupper())
                ):
                    break  # the plugin appends the rest to the moved opening only from a capital
                out.append(sentence)
                added += 1
                total += n_words(sentence)
                if total >= lo:
                    return " ".join(out)
            if not added:
                return None
        return None

    def _on_title(self, page: Page, sents: dict[tuple[int, int], list[str]], lo: int, hi: int) -> str | None:
        """For a page with no opening paragraph: the first sentences of its paragraphs, in page order,
        that stand alone (the first naming what the title names), each from a paragraph that goes on after it
        (so no paragraph is printed whole twice), until ``lo`` words."""
        asked = key_terms(page.title, page.lang)
        out: list[str] = []
        total = 0
        for si in range(len(page.sections)):
            for key in self._paragraphs(page, si):
                parts = sents.get(key, [])
                if len(parts) < 2:
                    continue
                first = parts[0]
                if not is_sentence(first) or first.endswith((":", "?")) or total + n_words(first) > hi:
                    continue
                if not self._summary_sentence(first, page.lang) or not out and not key_terms(first, page.lang) & asked:
                    continue  # the first names what the title names; every one reads alone
                out.append(first)
                total += n_words(first)
                if total >= lo:
                    return " ".join(out)
        return None

    def _one_part_of_many(self, page: Page, sents: dict[tuple[int, int], list[str]], text: str) -> bool:
        """Whether ``text`` is quoted from one section of a page that has no opening (no paragraph
        before its first section below the title) and at least :data:`MANY_PARTS` top-level sections,
        that section not an overview ("Overview", "Introduction", "About …", "What is …"), which
        frames the page."""
        if any(
            self._paragraphs(page, si) for si, sec in enumerate(page.sections) if sec.heading is None or sec.level == 1
        ):
            return False
        headed = [sec for sec in page.sections if sec.heading is not None and sec.level > 1]
        if not headed:
            return False
        top = min(sec.level for sec in headed)
        if sum(sec.level == top for sec in headed) < MANY_PARTS:
            return False
        said = split_sentences(text)
        for si, sec in enumerate(page.sections):
            own = {x for key in self._paragraphs(page, si) for x in sents.get(key, [])}
            if own and all(x in own for x in said):
                # an overview, or a first section whose heading shares a word with the title ("What
                # does it mean to be a maintainer?" under "Best Practices for Maintainers"), frames the page
                heading = sec.heading or ""
                return (
                    not _OVERVIEW.match(heading)
                    and not _FIRST_STEP.match(heading)
                    and not key_terms(heading, page.lang) & key_terms(page.title, page.lang)
                )
        return False
