"""The sentence pool the extractive backend chooses from: a section's whole sentences in order,
with lists, announced parts and short commands folded into the sentence that leads to them.

The summary, the takeaways and the FAQ all quote from the same pool, under the same word limits
and noun-phrase edits, so those live here once, in the base class the choosers extend
(:mod:`extractive_summary`, :mod:`extractive_takeaways`, :mod:`extractive_faq`); the backend
class in :mod:`extractive` composes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import answer_code
from ..brand import Brand
from ..page import Block, Page
from ..quality import (
    Failure,
    Limits,
)
from ..quality.answering import is_foil, offers_a_way, says_how
from ..settings import Settings
from ..text import count_words, normalize, split_sentences
from . import extractive_edits as edits
from . import extractive_steps as step_lists
from .extractive_code import (
    _CODE_SHOWN,
    _DESCRIBES_CODE,
    _EXAMPLE_LEAD,
    _MORE_ELSEWHERE,
    _SEE_FOR_MORE,
    _SHOWS_CODE,
    _TEMPTED,
    _one_command,
    _without_following,
)
from .registry import BaseBackend

if TYPE_CHECKING:
    from spacy.language import Language

    from ..express.voice import Voice
    from .nlp import GlossaryNeedles


TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


def n_words(text: str) -> int:
    return count_words(text)


def is_sentence(text: str) -> bool:
    return bool(TERMINAL.search(text)) and n_words(text) >= 4


@dataclass
class Sent:
    text: str
    words: int
    block: int  # index of the block in its section, for "opening sentence" preferences
    after_code: bool = False  # a code block (or table) comes between this sentence and the one before it
    item: tuple[int, int] | None = None  # (position, count) of a list item quoted alone


# "Probably not.", "Yes.": a verdict too short to be a sentence alone; it opens the sentence after it.
_VERDICT = re.compile(
    r"^(?:yes|no|nope|probably(?: not)?|not (?:necessarily|really|always|usually|quite)|maybe|perhaps|"
    r"it depends|absolutely(?: not)?|definitely(?: not)?|usually(?: not)?|rarely|sometimes|often|certainly)[.!]$",
    re.I,
)


# End marks left off a list item and a summary's sentences before they are compared: a step
# written without a full stop is quoted with one.
_END_MARKS = ".!?;:"


@lru_cache(maxsize=65536)
def _six_words(block: str) -> bool:
    """Whether a normalised block is long enough (6+ words) to count as a reprint; memoised, as the
    summary tests every candidate run against every block of the page."""
    return count_words(block) >= 6


def _rules(found: list[Failure]) -> str:
    return ", ".join(sorted({f.rule for f in found}))


def _explain(found: list[Failure]) -> str:
    """The first failure, for a build note a writer can act on."""
    first = found[0]
    more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
    return f"[{first.rule}] {first.message}{more}"


class SentencePool(BaseBackend):
    """The backend's state (settings, brand, voice) and the pool of sentences every chooser reads."""

    # set per page by ExtractiveBackend.generate before any chooser runs
    _quoted: dict[str, str]  # code blocks quoted in answers, by their stand-in (put back once chosen)
    _proper: set[str]
    _outlined: bool  # set by the summary when it says what the page's sections cover
    _picked: bool  # set by the summary when it quotes sentences picked from the body, not the opening

    def __init__(self, settings: Settings, brand: Brand) -> None:
        self.settings = settings
        self.brand = brand
        self._terms = {t.key: t for t in brand.glossary}
        self._model_ids: dict[str, str] = {}
        self._pipelines: dict[str, tuple[Language, GlossaryNeedles | None]] = {}  # spaCy's, by language
        self._voice: Voice | None = None  # the brand's voice rules, once bound to a project

    def _sentences(
        self, page: Page, sents: dict[tuple[int, int], list[str]], si: int, *, code: bool = False
    ) -> list[Sent]:
        """Whole sentences of a section in order; a lead-in ending with ':' absorbs the list after it.

        With ``code`` (answers): a lead-in ending with ':' before a one-line command absorbs the
        command ("… using the -u flag: curl -u username:password staging.example.com."), a
        sentence that only shows the code after it is left out, and a sentence after a code block
        is marked (a run of answer sentences does not cross it: "This counts …" is about the code)."""
        section = page.sections[si]
        out: list[Sent] = []
        blocks = section.blocks
        crossed = False
        inlined: set[int] = set()  # code blocks quoted in the sentence before them: the reader sees them
        consumed: set[int] = set()  # paragraphs given in an announcement of parts before them
        for bi, block in enumerate(blocks):
            if bi in consumed:
                continue
            if block.kind in ("code", "table"):
                crossed = crossed or bi not in inlined
                continue
            if block.kind == "paragraph":
                parts = edits.close_last_sentence(sents.get((si, bi), []))  # "… the page (e.g. /done)": a sentence
                nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
                if code and nxt is not None and nxt.kind == "code":
                    # "Here is what that looks like with the README. This counts …": from the sentence that
                    # shows the code on, the paragraph is about code the answer cannot show
                    cut = next((k for k, t in enumerate(parts[:-1]) if _SHOWS_CODE.search(t)), None)
                    parts = parts if cut is None else parts[:cut]
                verdict = ""
                for k, text in enumerate(parts):
                    if k == 0 and len(parts) > 1 and _VERDICT.match(text):
                        verdict = text + " "  # "Probably not." answers the question: it opens the next sentence's Sent
                        continue
                    text, verdict = verdict + text, ""
                    given = self._parts(page, si, bi, text) if k == len(parts) - 1 else None
                    if given is not None:
                        out.append(Sent(given[0], n_words(given[0]), bi, crossed))
                        crossed = False
                        consumed.update(given[1])
                        continue
                    if text.endswith(":") and k == len(parts) - 1 and nxt is not None and nxt.kind == "list":
                        merged = self._merge_list(text, nxt, page.lang)
                        if merged:
                            out.append(Sent(merged, n_words(merged), bi, crossed))
                            crossed = False
                        continue
                    if code and k == len(parts) - 1 and nxt is not None and nxt.kind == "code":
                        command = _one_command(nxt.text)
                        leads = text.endswith(":") or (text.endswith(".") and (says_how(text) or offers_a_way(text)))
                        quoted = None if command else self._quotable(blocks, bi + 1, text)
                        tail = answer_code.quoted_tail(quoted) if quoted else ""
                        if quoted and self._quoted.get(tail, quoted) != quoted:
                            quoted = None  # two blocks would stand in alike: neither could be put back
                        if leads and quoted:
                            # "This can be set by passing id: :bigint to create_table." before a short
                            # program: the lead and the program, quoted whole (a fenced block in faq.md)
                            lead = text[:-1].rstrip()
                            if re.search(r"\bthe following\b[^:]*$", lead):
                                lead = _without_following(lead)  # "… the argument to init:"
                            merged = lead + tail
                            self._quoted[tail] = quoted
                            out.append(Sent(merged, n_words(merged), bi, crossed))
                            crossed = False
                            inlined.add(bi + 1)
                            continue
                        if leads and command and not _CODE_SHOWN.search(text):
                            # "With the git for-each-ref command, we can produce a better list of branches."
                            # before the command: the sentence and its command, the code quoted, not lost
                            lead = text[:-1].rstrip()
                            if re.search(r"\bthe following\b[^:]*\.[^:]*$", lead):
                                lead = _without_following(lead)  # "… to plausible.init:"
                            merged = f"{lead}: {command.rstrip(';')}"
                            merged += "" if merged.endswith(".") else "."
                            out.append(Sent(merged, n_words(merged), bi, crossed))
                            crossed = False
                            inlined.add(bi + 1)
                            continue
                        if (
                            text.endswith(":")
                            or _CODE_SHOWN.search(text)
                            or len(parts) == 1
                            and _DESCRIBES_CODE.match(text)
                            and not says_how(text)  # "This can be set by passing …" is the instruction
                        ):
                            crossed = True  # it shows code the answer cannot: no run goes on past it
                            continue
                    if code and (
                        _MORE_ELSEWHERE.match(text) or (k == 0 and bi - 1 in inlined and _SEE_FOR_MORE.match(text))
                    ):
                        crossed = True  # a run ends before a pointer to more elsewhere
                        continue
                    if is_sentence(text):
                        out.append(Sent(text, n_words(text), bi, crossed))
                        crossed = False
                    elif text.endswith(":") and k == len(parts) - 1 and nxt is not None and nxt.kind == "paragraph":
                        # no run jumps a lead-in it drops (an example's it may)
                        crossed = crossed or not _EXAMPLE_LEAD.search(text)
            elif block.kind == "list" and not (
                bi > 0 and blocks[bi - 1].kind == "paragraph" and blocks[bi - 1].text.endswith(":")
            ):
                for k, item in enumerate(block.items):
                    if is_sentence(item) and not item.endswith(":"):
                        out.append(Sent(item, n_words(item), bi, crossed, (k, len(block.items))))
                        crossed = False
        return out

    @staticmethod
    def _parts(page: Page, si: int, bi: int, lead: str) -> tuple[str, range] | None:
        """``lead`` (the last sentence of paragraph ``bi``) with the parts it announces in the
        paragraphs after it ("You have two options:" and one paragraph per option), and the blocks
        they fill; None when it announces none or they are not exactly those paragraphs."""
        if page.lang != "en":
            return None
        blocks = page.sections[si].blocks
        after = blocks[bi + 1 :]
        n = next((k for k, b in enumerate(after) if b.kind != "paragraph"), len(after))
        for count in (2, 3, 4):
            if count > n:
                break
            more = count < n and step_lists.labelled_like(after[count].text)
            text = step_lists.parts_answer(lead, [b.text for b in after[:count]], more=more)
            if text:
                return text, range(bi + 1, bi + 1 + count)
        return None

    @staticmethod
    def _quotable(blocks: tuple[Block, ...], bi: int, lead: str) -> str | None:
        """The code block ``blocks[bi]`` as an answer may quote it after ``lead``, or None: too long,
        a foil ("you may be tempted to do this:"), or one step of several (another code block the
        answer cannot quote follows in the section: quoting the first alone leaves the procedure
        cut short)."""
        if is_foil(lead) or _TEMPTED.search(lead) or _EXAMPLE_LEAD.search(lead) or _SHOWS_CODE.search(lead):
            return None  # "Here's how …:" points at what follows: the contract reads it as leaning
        block = answer_code.quotable(blocks[bi].text)
        if block is None:
            return None
        if any(later.kind == "code" and _one_command(later.text) is None for later in blocks[bi + 1 :]):
            return None  # one step of several, or an example before the way: the answer would stop short
        return block

    @staticmethod
    def _merge_list(lead: str, block: Block, lang: str) -> str | None:
        """A lead-in ending with ':' and its list as one sentence that gives every item."""
        return edits.condense_list(lead, block.items, ordered=block.ordered, max_words=10_000, lang=lang, min_items=1)

    def _limits(self, lang: str) -> Limits:
        """The project's word limits and the brand's sentence limit for ``lang``: every candidate is
        judged with them, so a run of shorter sentences wins over one that breaks the voice rule."""
        voice = self._voice
        return Limits.from_settings(self.settings, sentence_max=voice.sentence_max(lang) if voice else None)

    def _noun_phrase(self, heading: str | None, lang: str) -> str | None:
        return edits.heading_noun_phrase(heading, self._proper) if heading and lang == "en" else None

    def _stand_alone(self, text: str, noun_phrase: str | None, question: str = "") -> str:
        """The deterministic edits of :mod:`extractive_edits` on the opening sentence, if one applies
        (an FAQ answer may also take its subject from its English ``question``)."""
        if not noun_phrase and not question:
            return text
        sentences = split_sentences(text)
        if not sentences:
            return text
        first = sentences[0]
        fixed = (
            edits.complete_definition(first, noun_phrase)
            or edits.label_definition(first, noun_phrase)
            or edits.name_the_subject(first, noun_phrase)
            or (edits.name_from_question(first, question) if question else None)
        )
        return text if fixed is None else " ".join([fixed, *sentences[1:]])

    @staticmethod
    def _runs(pool: list[Sent], start: int, lo: int, hi: int, *, stop_at_code: bool = False) -> list[Sent]:
        """Consecutive whole sentences from ``start``: the shortest run reaching ``lo`` words within
        ``hi`` (one long sentence may run a quarter over ``hi``: it is never cut), else what fits.
        ``stop_at_code``: the run ends before a sentence that follows a code block."""
        run: list[Sent] = []
        total = 0
        for s in pool[start:]:
            if stop_at_code and run and s.after_code:
                break
            if total + s.words > hi:
                if not run and s.words <= hi + hi // 4:
                    return [s]
                break
            run.append(s)
            total += s.words
            if total >= lo:
                break
        return run

    def _paragraphs(self, page: Page, si: int, start: int = 0) -> list[tuple[int, int]]:
        return [(si, bi) for bi, b in enumerate(page.sections[si].blocks) if bi >= start and b.kind == "paragraph"]

    @staticmethod
    def _covers(text: str, blocks: set[str]) -> bool:
        """True when ``text`` contains a whole paragraph or list item of ``blocks`` (6+ words)."""
        key = normalize(text)
        return any(b in key and _six_words(b) for b in blocks)

    @staticmethod
    def _box_span(blocks: Sequence[Block]) -> tuple[int, int]:
        """The blocks of an opening (a section with no heading) the plugin moves into the summary
        box when the summary starts with them: from its first paragraph to its next other block."""
        first = next((bi for bi, b in enumerate(blocks) if b.kind == "paragraph"), len(blocks))
        end = first
        while end < len(blocks) and blocks[end].kind == "paragraph":
            end += 1
        return first, end

    @staticmethod
    def _box_paragraphs(page: Page) -> list[str]:
        """The opening's paragraphs the box moves (:meth:`_box_span`), normalised, in order."""
        intro = page.intro
        if intro is None or not page.sections or page.sections[0] is not intro:
            return []
        first, end = SentencePool._box_span(intro.blocks)
        return [normalize(b.text) for b in intro.blocks[first:end]]

    @staticmethod
    def _opening_items(page: Page) -> set[str]:
        """The opening's list items (6+ words, normalised, end marks off): the plugin never moves a
        list into the summary box, so the body prints them below it (the section with no heading)."""
        return {
            key
            for section in page.sections
            if section.heading is None
            for block in section.blocks
            if block.kind == "list"
            for item in block.items
            if _six_words(key := normalize(item).rstrip(_END_MARKS))
        }

    @staticmethod
    def _quotes_item(text: str, items: set[str]) -> bool:
        """Whether ``text`` quotes one of ``items`` whole as its own sentence or run of sentences
        (a step copied into the summary, which the body prints again below the box). A list folded
        into a lead-in's sentence ("… you can: see …; filter …") is one sentence of the summary,
        not a reprint of a step, so it does not count."""
        if not items:
            return False
        parts = [normalize(x) for x in split_sentences(text)]
        return any(
            " ".join(parts[i:j]).rstrip(_END_MARKS) in items
            for i in range(len(parts))
            for j in range(i + 1, len(parts) + 1)
        )

    @staticmethod
    def _whole_blocks(page: Page, *, intro: bool = True) -> set[str]:
        """Paragraphs and list items as the body prints them, normalised: a unit equal to one is a
        repeat. ``intro=False`` leaves out the opening's paragraphs that the plugin moves into the
        summary box (the run from its first paragraph to its next other block:
        :func:`aeoloop.amplify.blocks.split_opening`) and its list items (:meth:`_opening_items`
        judges those); a paragraph after an opening list stays in the body, so it counts."""
        out: set[str] = set()
        for section in page.sections:
            blocks: Sequence[Block] = section.blocks
            if not intro and section.heading is None:
                first, end = SentencePool._box_span(blocks)
                blocks = [b for b in (*blocks[:first], *blocks[end:]) if b.kind != "list"]
            for block in blocks:
                if block.kind == "paragraph":
                    out.add(normalize(block.text))
                elif block.kind == "list":
                    out.update(normalize(i) for i in block.items)
        return out
