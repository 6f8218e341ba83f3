"""The sentences an outline summary may quote for a section: its leading sentences that read alone,
then the first sentences of its later paragraphs; and the tests of a sentence quoted away from its
neighbours (a summary's, an outline's).

Apart from :mod:`extractive_openings` (the summary's other sources) so each reads alone: these
decide what of a section stands for it under the outline's list of topics.
"""

from __future__ import annotations

import re

from ..page import Page
from ..quality import (
    check_sentences,
    check_standalone,
)
from ..quality.out_of_context import (
    leaning_problem,
    setup_problem,
    tied_to_previous,
)
from ..quality.read_alone import story_problem
from ..text import normalize
from .extractive_pool import SentencePool, is_sentence


# "First, define a cache …", "Then run …": a step of a procedure, which read under a list of topics
# is one step of one of them, not what the topic is about.
_STEP = re.compile(r"^(?:first|second|third|then|next|finally|lastly|afterwards|after that)\b,?", re.I)
# "With the X flag, I can …": the writer saying what the reader can do, a point in the first person.
_I_CAN = re.compile(r"\bI can(?:not|'t|’t)?\b")
# "Starting point: Begin from a page …": a label and its text, read out of the list or table it labels.
_LABEL = re.compile(r"^[\"“*_]*[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}[*_\"”]*:\s+[\"“*_]*[A-Z]")
# "… navigate again to the Traffic page": a step that repeats one the outline does not quote.
_AGAIN = re.compile(r"\bagain\b", re.I)
# "We need to find the group name for the server.": the writer's goal in one note's scenario.
_GOAL = re.compile(r"^(?:I|we)(?:'d| would)? (?:need|want|wanted|needed|have|had|like|tried|try) to\b", re.I)


class SectionLeads(SentencePool):
    """What an outline may quote for a section, and which sentences a summary may quote alone."""

    def _section_leads(
        self,
        page: Page,
        sents: dict[tuple[int, int], list[str]],
        si: int,
        whole_blocks: set[str],
        *,
        later: bool = True,
    ) -> list[str]:
        """The sentences an outline may quote for section ``si``: the leading sentences of its first
        paragraph, never all of them (so the summary never reprints a whole paragraph), up to the
        first that does not read alone (a story, a goal or a step is stepped over when the next
        sentence does not point back at it); then (``later``) the first sentences of its later
        paragraphs that read alone (:meth:`_later_leads`)."""
        opening = self._paragraphs(page, si)[:1]  # the section's own opening: later ones lean on it
        parts = sents.get(opening[0], []) if opening else []
        run: list[str] = []
        dropped = False
        for sentence in parts[:-1]:  # never the whole paragraph
            if (
                not is_sentence(sentence)
                or sentence.endswith((":", "?"))
                or normalize(sentence) in whole_blocks
                or self._covers(sentence, whole_blocks)
                or dropped
                and tied_to_previous(sentence)
            ):
                break  # the sentences after one left out may lean on it
            if not self._outline_lead(sentence, page.lang):
                if page.lang == "en" and setup_problem(sentence) or not self._story_step_or_goal(sentence, page.lang):
                    # "Let's say …": the sentences after it go on with the scenario; "There are two
                    # kinds of …" left out: the next ("The simple ones are …") goes on from it
                    break
                # a note's story or goal ("I tried …", "We need to …"): left out, and the next
                # sentence only when it names nothing that could point back at it
                dropped = True
                continue
            run.append(sentence)
        if not later:
            return run
        return run + [x for x in self._later_leads(page, sents, si, whole_blocks) if self._outline_lead(x, page.lang)]

    @staticmethod
    def _subsections(page: Page, si: int) -> list[int]:
        """The sections under section ``si`` (up to the next heading of its level or higher), in page order."""
        level = page.sections[si].level
        out: list[int] = []
        for sj in range(si + 1, len(page.sections)):
            if page.sections[sj].heading is not None and page.sections[sj].level <= level:
                break
            out.append(sj)
        return out

    def _later_leads(
        self, page: Page, sents: dict[tuple[int, int], list[str]], si: int, whole_blocks: set[str], start: int = 1
    ) -> list[str]:
        """The first sentences of section ``si``'s later paragraphs that an outline may quote after
        its opening run, in page order. A short note often opens with its scenario ("Let's say …",
        "I use …") and makes its point further down ("The X function cannot …"); the outline of a
        page of such notes then has nothing of a note to quote but its heading. A later
        paragraph's first sentence may lean on the text before it, so it is taken only when it
        names nothing that could point back (no this/that/it/they, no connective or scenario
        opening: :func:`tied_to_previous` and the summary's own sentence test) and its paragraph
        goes on after it (a sentence that is its whole paragraph would be printed twice). A paragraph
        right after a code block is left out: it reads the code's output ("We see two options …")."""
        out: list[str] = []
        blocks = page.sections[si].blocks
        for key in self._paragraphs(page, si)[start:]:
            parts = sents.get(key, [])
            if len(parts) < 2 or key[1] > 0 and blocks[key[1] - 1].kind == "code":
                continue
            first = parts[0]
            if (
                not is_sentence(first)
                or first.endswith((":", "?"))
                or tied_to_previous(first)
                or not self._summary_sentence(first, page.lang)
                or self._covers(first, whole_blocks)
            ):
                continue
            out.append(first)
        return out

    def _outline_lead(self, text: str, lang: str) -> bool:
        """A sentence an outline may quote under its list of topics: one a summary may quote
        (:meth:`_summary_sentence`) that is also not the writer's story ("I imported …", "I'm
        connecting to …": the situation of one note, not what it shows; "I can …" says what the
        reader can do and stays), the writer's goal ("We need to find …") nor a step of a procedure
        ("First, define …")."""
        return (
            self._summary_sentence(text, lang)
            and not _LABEL.match(text)
            and not _AGAIN.search(text)
            and not check_sentences(text, lang=lang)  # "The number of people who …": a definition without its term
            and not (
                lang == "en" and (story_problem(_I_CAN.sub("one can", text)) or _STEP.match(text) or _GOAL.match(text))
            )
        )

    @staticmethod
    def _story_step_or_goal(text: str, lang: str) -> bool:
        """True when ``text`` is left out of an outline only as a story, a goal or a step (the
        sentences after it may still make the note's point), not for leaning or being incomplete."""
        return lang == "en" and bool(
            story_problem(_I_CAN.sub("one can", text)) or _STEP.match(text) or _GOAL.match(text)
        )

    @staticmethod
    def _summary_sentence(text: str, lang: str) -> bool:
        """A sentence a summary may quote away from its neighbours: it stands alone, makes a point
        (no scenario or greeting) and does not announce what follows."""
        return not (
            text.endswith((":", "?"))
            or check_standalone(text, lang=lang)
            or lang == "en"
            and (setup_problem(text) or leaning_problem(text))
        )
