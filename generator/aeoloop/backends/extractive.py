"""The extractive backend: deterministic, offline artifacts from the writer's own sentences.

Nothing is paraphrased, so nothing can be invented: the summary is the page's opening answer,
takeaways are the strongest topic sentences of its sections, FAQ answers are the opening
sentences under each heading. Sentences are never cut: a window of whole sentences is chosen
to fit the word limits, and when none fits the nearest whole-sentence result is kept and noted.
"""

# Over 400 lines on purpose: one backend class; summary, takeaways and FAQ choose from the same page's sentence pool, limits and noun phrases (tables and edits are modules of their own already).
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..amplify import keyphrases, questions
from ..amplify.questions import PageHeadings, when_question
from ..artifacts import QA, Entity, PageArtifacts
from ..brand import Brand
from ..express.lint import project_rules
from ..page import Block, Page
from ..quality import (
    CONTRACT_VERSION,
    Failure,
    Limits,
    check_answer,
    check_question,
    check_standalone,
    check_summary,
    check_takeaway,
    key_terms,
)
from ..quality.answering import answers_how, contrasts_a_way, is_foil, is_how_question, offers_a_way, says_how
from ..quality.not_a_way import promises_a_way, turns_to_a_problem
from ..quality.instructions import is_instruction
from ..quality.procedures import continues_procedure, step_sentence
from ..quality.out_of_context import (
    instruction_problem,
    leaning_problem,
    leaning_sentence,
    setup_problem,
    tied_to_previous,
)
from ..settings import Settings
from ..text import WORD_RE, count_words, normalize, split_key, split_sentences
from .. import answer_code
from . import extractive_edits as edits
from . import extractive_outline as outline
from . import extractive_steps as step_lists
from . import extractive_split as splitting
from . import extractive_tables as tables
from . import nlp as nlp_mod
from .registry import BaseBackend

if TYPE_CHECKING:
    from ..express.voice import Voice
    from ..state import BuildState


def _code_version() -> str:
    """Hash of the code that decides the output: any change to it invalidates cached artifacts."""
    from pathlib import Path

    # questions is a package of rule modules: hash every one of them (sorted, so the key is stable).
    rule_files = sorted(Path(questions.__file__).parent.glob("*.py"))
    h = hashlib.sha256((CONTRACT_VERSION + keyphrases.version()).encode())  # contract and keyphrase extractor
    for path in (
        Path(__file__),
        Path(edits.__file__),
        Path(tables.__file__),
        Path(step_lists.__file__),
        Path(splitting.__file__),
        Path(keyphrases.__file__),
        *rule_files,
    ):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return "extractive-" + h.hexdigest()[:10]


TEMPLATE_VERSION = _code_version()

TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
STOP = {
    "en": set(
        "a an the of to in on for and or with by at from is are be as your you our we it its how what why when "
        "which who do does can should vs versus into about".split()
    ),
    "it": set(
        "il lo la i gli le un una uno di a da in con su per tra fra e o che come perché quando cosa del della "
        "dei delle degli al alla ai alle nel nella nei nelle è sono si".split()
    ),
}
META_REFERENCE = re.compile(
    r"\b(described|explained|covered|discussed) (in|on)\b|\b(see|read|learn more|find out more|click|download|contact us|book a)\b"
    r"|\b(article|guide|page|section|chapter) (on|about|below|above)\b|\b(vedi|leggi|scopri|scarica|contattaci)\b",
    re.I,
)
PRICE_HEADING = re.compile(
    r"^(pricing|prices?|costs?|plans?|plans (and|&) pricing|pricing (and|&) plans|prezz[io]|costi|tariffe|listino)$",
    re.I,
)
AND_WORD = {"en": "and", "it": "e"}


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


# The last sentence of a paragraph that shows the code after it, not says anything itself
# ("Here is what that looks like with the README for this repo.", "this is what the response looks like:").
_CODE_SHOWN = re.compile(
    r"\b(?:here(?:'s| is| are)|looks like|look like|like so|like this|as follows|for example|see|"
    r"for instance|output|response|result|prints?|returns?|shows?)\b",
    re.I,
)
_SHOWS_CODE = re.compile(r"\b(?:here(?:'s| is| are)\b|looks? like\b|like so\b|as follows\b)", re.I)
# "This adds `roles` as a required `string` type." as the last sentence before a code block: it
# describes the code (the answer cannot show it), so no run goes on past it.
_DESCRIBES_CODE = re.compile(r"^(?:this|these|those|it|they)\b", re.I)
# "Probably not.", "Yes.": a verdict too short to be a sentence alone; it opens the sentence after it.
_VERDICT = re.compile(
    r"^(?:yes|no|nope|probably(?: not)?|not (?:necessarily|really|always|usually|quite)|maybe|perhaps|"
    r"it depends|absolutely(?: not)?|definitely(?: not)?|usually(?: not)?|rarely|sometimes|often|certainly)[.!]$",
    re.I,
)
_PROMPT = re.compile(r"^(?:\$|>|%|#)\s+")
# "To do X, you may be tempted to do this:": the code after it is the mistake, not the way.
# "Let's look at an example:", "Let's try this for version 6:": an illustration, not the way.
_EXAMPLE_LEAD = re.compile(r"\b(?:examples?|let's|let us|consider|demo|demonstrate|illustrate)\b", re.I)
_TEMPTED = re.compile(r"\b(?:tempted|might think|may think|naive|naively|wrong way|mistake|don't do)\b", re.I)
# "Learn more on how the comparison works here.": a pointer whose link an answer does not carry.
_MORE_ELSEWHERE = re.compile(
    r"^(?:(?:learn|read|find out) more\b|(?:see|check|find|click)\b[^.]{0,40}\bhere[.!]?$)", re.I
)  # "See the details here.": the link is not in the answer
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
# "See man curl for more details." right after a quoted command: the answer ends with the command.
_SEE_FOR_MORE = re.compile(r"^(?:see|check out|read|refer to)\b.{0,80}\bfor (?:more|further|the full|all)\b", re.I)


class ExtractiveBackend(BaseBackend):
    """Registered as ``extractive``: the default, offline and byte-for-byte reproducible."""

    name = "extractive"
    template_version = TEMPLATE_VERSION

    def __init__(self, settings: Settings, brand: Brand) -> None:
        self.settings = settings
        self.brand = brand
        self._terms = {t.key: t for t in brand.glossary}
        self._model_ids: dict[str, str] = {}
        self._voice: Voice | None = None  # the brand's voice rules, once bound to a project

    def bind(self, state: BuildState) -> None:
        """Read the brand's voice rules (limits.sentence): generated sentences keep within them.
        They are part of brand/, whose hash keys every artifact, so a new limit regenerates."""
        self._voice = project_rules(state.project).voice

    def model_id(self, lang: str) -> str:
        if lang not in self._model_ids:
            self._model_ids[lang] = nlp_mod.pipeline_version(lang, self.brand.glossary, self.settings.nlp_model)
        return self._model_ids[lang]

    # -- public ------------------------------------------------------------------------------

    def generate(self, page: Page) -> PageArtifacts:
        nlp = nlp_mod.pipeline(page.lang, self.brand.glossary, self.settings.nlp_model)
        texts = [page.title] + [b.text for s in page.sections for b in s.blocks if b.kind in ("paragraph", "list")]
        docs = nlp_mod.analyse(nlp, texts)  # bounded pieces: long paragraphs and symbol runs stay linear
        title_doc, block_docs = docs[0], iter(docs[1:])
        sents: dict[tuple[int, int], list[str]] = {}
        counts: Counter[str] = Counter()
        about_keys: list[str] = []
        title_surface: str | None = None  # the entity as the title says it (in the page's language)
        for ent in title_doc.ents:
            if ent.ent_id_ and ent.ent_id_ not in about_keys:
                about_keys.append(ent.ent_id_)
                title_surface = title_surface or ent.text
        for si, section in enumerate(page.sections):
            for bi, block in enumerate(section.blocks):
                if block.kind not in ("paragraph", "list"):
                    continue
                doc = next(block_docs)
                if block.kind == "paragraph":
                    sents[(si, bi)] = split_sentences(block.text)  # one splitter for the package (aeoloop.text)
                for ent in doc.ents:
                    if ent.ent_id_:
                        counts[ent.ent_id_] += 1
                        if section.heading is None and not about_keys:
                            about_keys.append(ent.ent_id_)  # no entity in the title: the opening's first
        for key in about_keys:
            counts[key] += 1
        topic = self._topic(page, about_keys[:1] if title_surface else [], title_surface)
        art = PageArtifacts()
        art.entities = self._entities(about_keys, counts)
        # pages the glossary does not cover still have subjects: keyphrases after the glossary's terms
        found = keyphrases.keyphrases(
            page, glossary=self.brand.glossary, found=art.entities, options=self.settings.keyphrases, notes=art.notes
        )
        art.entities = keyphrases.merge(art.entities, found)
        self._quoted: dict[str, str] = {}  # code blocks quoted in answers, by their stand-in (put back once chosen)
        self._proper = edits.proper_words([b.text for s in page.sections for b in s.blocks if b.kind == "paragraph"])
        self._outlined = False  # set by _summary when the summary says what the page's sections cover
        notes_at = len(art.notes)
        art.summary = page.meta.summary or self._summary(page, sents, art)
        if page.meta.faq is not None:
            art.faq = [QA(f.question, f.answer) for f in page.meta.faq]
        elif self._outlined:
            # An outline quotes the opening sentence of some sections, which is often how the FAQ
            # answers that section's heading; the FAQ may not repeat a summary sentence, so it would
            # lose that pair. The FAQ chooses first (against no summary), the outline then quotes
            # only sentences no answer uses, and both are made again in the usual order, so the
            # FAQ still never repeats what the summary says.
            art.summary = ""
            trial = self._faq(page, sents, topic, art)
            avoid = frozenset(normalize(x) for qa in trial for x in split_sentences(qa.answer))
            del art.notes[notes_at:]
            self._quoted = {}
            art.summary = self._summary(page, sents, art, avoid=avoid)
            art.faq = self._faq(page, sents, topic, art)
        else:
            art.faq = self._faq(page, sents, topic, art)
        art.takeaways = page.meta.takeaways or self._takeaways(page, sents, art, counts)
        return art

    # -- pieces ------------------------------------------------------------------------------

    def _topic(self, page: Page, title_keys: list[str], surface: str | None) -> str:
        """What the page is about, for generic headings ("Pricing" → "How much does <topic> cost?").

        The glossary entity named in the title wins, spelled as the title spells it (so an Italian
        page keeps "manutenzione predittiva"); then the first keyword; then the title itself.
        """
        if title_keys and surface:
            term = self._terms[title_keys[0]]
            if term.case_sensitive or term.type != "DefinedTerm" or surface[:2].isupper():
                return surface
            return surface[0].lower() + surface[1:]
        if page.meta.keywords:
            return page.meta.keywords[0]
        title = re.sub(r"^(what (is|are)|how (to|do you|does)|why|come|cos'è|che cos'è)\s+", "", page.title, flags=re.I)
        return title.rstrip("?").strip() or page.title

    def _entities(self, about_keys: list[str], counts: Counter[str]) -> list[Entity]:
        about = [Entity(k, self._terms[k].name, counts[k], "about") for k in about_keys[:3]]
        taken = {e.key for e in about}
        rest = sorted((k for k in counts if k not in taken), key=lambda k: (-counts[k], self._terms[k].name))
        return about + [Entity(k, self._terms[k].name, counts[k], "mentions") for k in rest[:12]]

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

    def _stand_alone(self, text: str, noun_phrase: str | None) -> str:
        """The deterministic edits of :mod:`extractive_edits` on the opening sentence, if one applies."""
        if not noun_phrase:
            return text
        sentences = split_sentences(text)
        if not sentences:
            return text
        first = sentences[0]
        fixed = (
            edits.complete_definition(first, noun_phrase)
            or edits.label_definition(first, noun_phrase)
            or edits.name_the_subject(first, noun_phrase)
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

    def _summary(
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
        if not found and not self._covers(first, outside):
            return self._within_limit(page, sents, first, limits)
        if not found:
            found = [Failure("duplicate", "reprints a whole paragraph from under a heading")]
        wanted = key_terms(f"{page.title} {page.meta.description or ''}", page.lang)
        base, after = self._opening_paragraphs(page, sents)
        if base:
            # A short opening stays whole (it moves into the box) and goes on with the leading
            # sentences of the next paragraphs, in the opening or the next section.
            nxt = self._then_next_sections(page, self._paragraphs(page, 0, after))
            text = self._leads(page, sents, base, nxt, lo, hi)
            if (
                text
                and not check_summary(text, title=page.title, lang=page.lang, limits=limits)
                and not self._covers(text, outside)
            ):
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
                if (
                    text
                    and not check_summary(text, title=page.title, lang=page.lang, limits=limits)
                    and not self._covers(text, whole_blocks)
                ):
                    art.notes.append(
                        f"the opening does not pass as a summary ({_rules(found)}); its sentences that "
                        "read alone go on with the first sentences of the paragraphs after it: write an "
                        f"opening paragraph that answers the title in {lo}–{hi} words"
                    )
                    return text
        pools = [opening] + [self._sentences(page, sents, si) for si, sec in enumerate(page.sections) if sec.heading]
        # Each pool also without the sentences that cannot be read alone (a scenario, "Here's how…",
        # "as shown in the next step"): the rest of an opening often answers the title on its own.
        kept = [self._readable(pool, page.lang) for pool in pools]
        best: tuple[float, int, str] | None = None
        position = 0
        for k, pool, filtered in [(k, p, False) for k, p in enumerate(pools)] + [
            (k, p, True) for k, p in enumerate(kept) if len(p) < len(pools[k])
        ]:
            for i in range(len(pool)):
                position += 1
                if k == 0 and i == 0 and not filtered:
                    continue
                text = " ".join(s.text for s in self._runs(pool, i, lo, hi))
                if (
                    not text
                    or normalize(text) in whole_blocks
                    or self._covers(text, outside)
                    or filtered
                    and self._covers(text, whole_blocks)
                ):
                    continue  # a whole paragraph of the body: the page would print it twice
                if check_summary(text, title=page.title, lang=page.lang, limits=limits):
                    continue
                # The best passing run: about what the title and description are about, early on the page.
                terms = key_terms(text, page.lang)
                score = (
                    len(terms & wanted) + (2.0 if k == 0 else 0.0) - 0.02 * position - (0.5 if filtered else 0.0)
                )  # the writer's own run of sentences before a picked one
                if best is None or score > best[0]:
                    best = (score, position, text)
        if best is None and not base:
            # No opening paragraph and no run of one section passes: the leading sentences of
            # the paragraphs of one section, the first section where they pass.
            for si in range(len(page.sections)):
                text = self._leads(page, sents, [], self._paragraphs(page, si), lo, hi)
                if (
                    text
                    and not check_summary(text, title=page.title, lang=page.lang, limits=limits)
                    and not self._covers(text, outside)
                ):
                    best = (0.0, 0, text)
                    break
            else:
                text = self._on_title(page, sents, lo, hi)
                if (
                    text
                    and not check_summary(text, title=page.title, lang=page.lang, limits=limits)
                    and not self._covers(text, outside)
                ):
                    best = (0.0, 0, text)
        if best is not None:
            art.notes.append(
                f"the opening does not pass as a summary ({_rules(found)}); used the best passing "
                "sentences of the page instead: write an opening paragraph that answers the title in "
                f"{lo}–{hi} words"
            )
            return best[2]
        table = self._from_table(page, limits, art, f"summary: {_explain(found)}; no run of sentences passes")
        if table:
            return table
        # A page of several sections and no opening of its own, where no quoted run passes: say
        # what its sections cover, from their headings (after a table's labels, which say more).
        text = self._outline(page, sents, limits, whole_blocks | avoid)
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
        own = self._readable(opening[: len(self._sentences(page, sents, 0))], page.lang)  # the opening section's only
        run = self._runs(own or opening, 0, lo, hi)
        while run and self._covers(" ".join(s.text for s in run), outside):
            run = run[:-1]  # never a paragraph twice: the box would reprint it from under its heading
        return " ".join(s.text for s in run)

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
        self, page: Page, sents: dict[tuple[int, int], list[str]], limits: Limits, whole_blocks: set[str]
    ) -> str | None:
        """For a page with no opening paragraph or list and two or more H2 sections: the title, how
        many topics it covers and their headings, then leading sentences of its sections that
        read alone (:mod:`extractive_outline`), when that passes the contract; else None. The leads
        are the leading sentences of a section's first paragraph, never all of them (so the summary
        never reprints a whole paragraph), up to the first that does not read alone; a later
        paragraph's first sentence often leans on the one before it ("the rewrite"), so it is not used."""
        intro = page.intro
        if intro is not None and any(b.kind in ("paragraph", "list") for b in intro.blocks):
            return None
        h2 = [si for si, s in enumerate(page.sections) if s.heading and s.level == 2]
        leads: list[list[str]] = []
        for si in h2:
            opening = self._paragraphs(page, si)[:1]  # the section's own opening: later ones lean on it
            parts = sents.get(opening[0], []) if opening else []
            run: list[str] = []
            for sentence in parts[:-1]:  # never the whole paragraph
                if (
                    not is_sentence(sentence)
                    or sentence.endswith((":", "?"))
                    or not self._summary_sentence(sentence, page.lang)
                    or normalize(sentence) in whole_blocks
                    or self._covers(sentence, whole_blocks)
                ):
                    break  # the sentences after one left out may lean on it
                run.append(sentence)
            leads.append(run)
        return outline.outline_summary(
            page.title,
            [page.sections[si].heading or "" for si in h2],
            leads,
            lang=page.lang,
            lo=limits.summary_min,
            hi=limits.summary_max,
            passes=lambda t: not check_summary(t, title=page.title, lang=page.lang, limits=limits),
        )

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
    def _summary_sentence(text: str, lang: str) -> bool:
        """A sentence a summary may quote away from its neighbours: it stands alone, makes a point
        (no scenario or greeting) and does not announce what follows."""
        return not (
            text.endswith((":", "?"))
            or check_standalone(text, lang=lang)
            or lang == "en"
            and (setup_problem(text) or leaning_problem(text))
        )

    @staticmethod
    def _opening_paragraphs(page: Page, sents: dict[tuple[int, int], list[str]]) -> tuple[list[str], int]:
        """The sentences of the paragraphs that open the page (after an admonition, as the plugin
        skips it) up to its next other block, when every one is a whole sentence: exactly the text
        the plugin moves into the summary box; and the index of the block after them."""
        intro = page.intro
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

    def _paragraphs(self, page: Page, si: int, start: int = 0) -> list[tuple[int, int]]:
        return [(si, bi) for bi, b in enumerate(page.sections[si].blocks) if bi >= start and b.kind == "paragraph"]

    @staticmethod
    def _covers(text: str, blocks: set[str]) -> bool:
        """True when ``text`` contains a whole paragraph or list item of ``blocks`` (6+ words)."""
        key = normalize(text)
        return any(b in key for b in blocks if count_words(b) >= 6)

    @staticmethod
    def _whole_blocks(page: Page, *, intro: bool = True) -> set[str]:
        """Paragraphs and list items as the body prints them, normalised: a unit equal to one is a
        repeat. ``intro=False`` leaves out the opening (the plugin moves it into the summary box)."""
        out: set[str] = set()
        for section in page.sections:
            if not intro and section.heading is None:
                continue
            for block in section.blocks:
                if block.kind == "paragraph":
                    out.add(normalize(block.text))
                elif block.kind == "list":
                    out.update(normalize(i) for i in block.items)
        return out

    def _takeaways(
        self, page: Page, sents: dict[tuple[int, int], list[str]], art: PageArtifacts, counts: Counter[str]
    ) -> list[str]:
        """The strongest sentence of each section that stands alone as a takeaway.

        Never a sentence of the summary (the box would print it twice), never a whole paragraph or
        list item of the body (the page would print it twice), never a sentence of an FAQ answer
        that the FAQ prints in full (it would appear three times)."""
        limit = self.settings.summary.takeaways
        limits = self._limits(page.lang)
        levels = [2] if any(s.level == 2 for s in page.sections) else [3]
        stop = STOP.get(page.lang, set())
        entity_words = {w.lower() for k in counts for w in self._terms[k].name.split()}
        taken = {normalize(x) for x in split_sentences(art.summary)}
        printed_twice = self._whole_blocks(page)
        if page.intro is not None:  # the rest of an opening paragraph split by the summary box is a paragraph too
            for block in page.intro.blocks:
                parts = [normalize(x) for x in split_sentences(block.text)] if block.kind == "paragraph" else []
                if set(parts) & taken:
                    printed_twice |= {" ".join(parts[k:]) for k in range(len(parts))}
        for qa in art.faq:
            if not self._verbatim(page, qa.answer):
                taken |= {normalize(x) for x in _prose_sentences(qa.answer)}
        picks: list[tuple[float, int, str]] = []
        spare: list[tuple[float, int, str]] = []
        for si, section in enumerate(page.sections):
            if section.level not in levels or not section.heading:
                continue
            scored = []
            for sj in self._subtree(page, si):
                sub = page.sections[sj]
                heading_words = {w.lower() for w in WORD_RE.findall(f"{section.heading} {sub.heading or ''}")} - stop
                noun_phrase = self._noun_phrase(sub.heading, page.lang)
                for rank, s in enumerate(self._sentences(page, sents, sj)[:6]):
                    text = self._stand_alone(s.text, noun_phrase)
                    if page.lang == "en" and instruction_problem(text):
                        text = edits.with_goal(text, sub.heading) or text  # a step gets its goal from its task heading
                    key = normalize(text)
                    if (
                        key in taken
                        or normalize(s.text) in taken
                        or key in printed_twice
                        or normalize(s.text) in printed_twice
                        or text.endswith(("?", ":"))
                    ):
                        continue
                    if check_takeaway(text, lang=page.lang, limits=limits):
                        continue
                    words = {w.lower() for w in WORD_RE.findall(text)}
                    n = count_words(text)
                    score = 1.0
                    score += 1.0 if 8 <= n <= 32 else 0.3
                    score += 0.5 if re.search(r"\d", text) else 0.0
                    score += min(0.9, 0.3 * len(words & entity_words))
                    score += min(1.2, 0.4 * len(words & heading_words))
                    score += 0.6 if rank == 0 else 0.0
                    score -= 0.5 if sj != si else 0.0  # the section's own sentences before its subsections'
                    if META_REFERENCE.search(text):
                        score -= 2.0  # "see the article on…" points elsewhere instead of saying something
                    scored.append((round(score, 6), -rank - 10 * (sj - si), text))
            scored.sort(reverse=True)
            if scored:
                picks.append((scored[0][0], si, scored[0][2]))
                spare.extend((sc, si, text) for sc, _, text in scored[1:2])
        chosen = sorted(picks, key=lambda p: (-p[0], p[1]))[:limit]
        if len(chosen) < 3:
            chosen += sorted(spare, key=lambda p: (-p[0], p[1]))[: 3 - len(chosen)]
        if len(chosen) < 3:
            art.notes.append(
                f"{len(chosen)} takeaway(s) stand on their own (3 wanted); sentences that open with "
                "'This', 'It' or 'However', or point 'below', cannot be quoted alone"
            )
        return [text for _, _, text in sorted(chosen, key=lambda p: (p[1], -p[0]))]

    @staticmethod
    def _subtree(page: Page, si: int) -> list[int]:
        """A section and its subsections (up to the next heading of the same or a higher level)."""
        level = page.sections[si].level
        out = [si]
        for sj in range(si + 1, len(page.sections)):
            if page.sections[sj].heading is not None and page.sections[sj].level <= level:
                break
            out.append(sj)
        return out

    @staticmethod
    def _verbatim(page: Page, text: str) -> bool:
        """True when the body prints ``text`` word for word under one heading (the FAQ then links to
        it), also when a long sentence of it was split at a clause boundary (the same words)."""
        target = normalize(text)
        key = split_key(text)
        for section in page.sections:
            body = normalize(
                " ".join(
                    b.text if b.kind == "paragraph" else " ".join(b.items)
                    for b in section.blocks
                    if b.kind in ("paragraph", "list")
                )
            )
            if target in body or key in split_key(body):
                return True
        return False

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
            return self._stand_alone(" ".join(texts), noun_phrase)

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
                out.append(self._stand_alone(before.text + " " + way, noun_phrase))
            opening = pool[0]
            if way and contrast > 1 and _names_the_subject(opening.text, page.lang):
                # or with the section's opening sentence when it names what the note is about ("Modern
                # browsers support an API called Design Mode." before "By default it is off, but …")
                out.append(self._stand_alone(opening.text + " " + edits.drop_contrast(way), noun_phrase))
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
                    lead = self._stand_alone(parts[-1], noun_phrase)
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
        for start in (1, 2):
            if (
                contrast is None
                and start < len(pool)
                and all(self._lead_in(s.text, question, page.lang) for s in pool[:start])
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
            if not candidates:
                art.notes.append(
                    f"{where}: no FAQ entry for {question!r}: the section under the heading has nothing that "
                    "answers it whole (only code, a table, a list without a lead-in, a procedure too long to "
                    "give whole, or one of several labelled parts); open the section with a sentence that answers it"
                )
                continue
            verdicts: list[list[Failure]] = []
            answer = None
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
                    long_only = text
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
                    f"({_explain(verdicts[0])}); make the section's opening sentences answer it on their own"
                )
                continue
            fitted = when_question(question, answer) if page.lang == "en" else None
            if fitted and not check_answer(answer, question=fitted, lang=page.lang, limits=limits):
                question = fitted  # "How do you open an issue?" answered with when: ask when
            seen.add(question.lower())
            used |= _repeatable(answer)
            out.append(QA(question, answer, section.line))
        return out


_COMMENT = re.compile(r'^(?://|--\s|"\s+[~/.\w]|;\s)')  # '" ~/.vimrc', "// config" ("# " is a root prompt)


def _one_command(code: str) -> str | None:
    """The command a short code block shows, as text an answer can quote: its only line (comment
    lines aside), the first line after a shell prompt ("$ curl -u username:password
    staging.example.com", the lines after it being output), up to three prompt lines with no
    output between them ("createdb my_new_database; pg_restore -d …"), or a small object of at most
    three lines ("plausible.init({ hashBasedRouting: true })"). None when the block is a program
    rather than one command."""
    lines = [line.strip() for line in code.strip().splitlines() if line.strip() and not _COMMENT.match(line.strip())]
    if len(lines) > 1 and re.match(r"^#\s", lines[0]) and not all(_PROMPT.match(line) for line in lines):
        lines = [line for line in lines if not re.match(r"^#\s", line)]  # "# config/puma.rb": a comment in code
    if not lines:
        return None
    first = lines[0]
    if _PROMPT.match(first):
        prompted = [k for k, line in enumerate(lines) if _PROMPT.match(line)]
        if len(prompted) == 1:
            command = _PROMPT.sub("", first)
        elif len(prompted) == len(lines) <= 3:
            command = "; ".join(_PROMPT.sub("", line) for line in lines)  # commands only, no output between
        else:
            return None  # several commands with their output: a session, not one command
    elif len(lines) == 1:
        command = first
    elif len(lines) <= 3 and first.endswith(("{", "(", "[")) and lines[-1][:1] in "})]":
        command = " ".join(lines)  # a small object: "plausible.init({ hashBasedRouting: true })"
    else:
        return None
    if not command or len(command) > 100 or count_words(command) > 14 or command.endswith((",", "{", "(", "[", "\\")):
        return None  # the first line of a program or of a data structure, not a command
    if "<<" in command or any(command.count(a) != command.count(b) for a, b in ("()", "[]", "{}")):
        return None
    return command


_NOTE = re.compile(r"^(?:note|notice|remember|keep in mind|be aware|bear in mind|make sure to note)\b", re.I)
_CONTRAST = re.compile(r"^(?:though|although|even though|whereas|however|but|instead)\b", re.I)
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


def _answer_to_own_question(pool: list[Sent], question: str, lang: str) -> int | None:
    """The index of the sentence that answers the section's own question ("What if you want a second
    one?", "Or do you want …?"), when that question shares the FAQ question's terms, nothing before it
    is an instruction, what comes before is a foil or says no way, and the sentence after says how."""
    asked = key_terms(question, lang)
    for c in range(1, min(len(pool), 8)):
        if not pool[c].text.rstrip().endswith("?") or not asked & key_terms(pool[c].text, lang):
            continue
        before = pool[:c]
        if any(is_instruction(s.text) for s in before) or not (
            any(is_foil(s.text) for s in before) or not any(answers_how(s.text, question) for s in before)
        ):
            return None
        while c + 1 < len(pool) and pool[c + 1].text.rstrip().endswith("?"):
            c += 1  # "Or do you want …?": the questions asked in a row, then the answer
        if c + 1 < len(pool) and answers_how(pool[c + 1].text, question):
            return c + 1
        return None
    return None


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


def _without_following(lead: str) -> str:
    """A lead to quoted code without "the following": "Pass the following argument to init" keeps
    "the argument"; "Add the following to the config file" becomes "Add to the config file" (not
    "Add the to …"), the code after the colon being what is added."""
    lead = re.sub(r"\bthe following (?=(?:to|in|into|on|onto|at|for|from|inside|within|under|as)\b)", "", lead)
    return re.sub(r"\bthe following (?=[a-z])", "the ", lead)


def _code_steps(blocks: tuple[Block, ...]) -> list[tuple[str, str]]:
    """The section's blocks as (kind, text), a code block marked "code-step" when another program
    follows it (as :meth:`ExtractiveBackend._quotable` reads it: one step of several, or an example
    before the way) or its lead is a foil ("However, … you might get an unexpected result."): an
    answer never quotes such a block alone."""
    out = []
    for bi, b in enumerate(blocks):
        later = any(x.kind == "code" and _one_command(x.text) is None for x in blocks[bi + 1 :])
        lead = blocks[bi - 1].text if bi and blocks[bi - 1].kind == "paragraph" else ""
        foil = bool(lead) and (is_foil(lead) or _TEMPTED.search(lead) is not None or _FOIL_LEAD.match(lead) is not None)
        out.append(("code-step" if b.kind == "code" and (later or foil) else b.kind, b.text))
    return out


# "However, if the field is null, you might get an unexpected result." before a block: what goes wrong
_FOIL_LEAD = re.compile(r"^(?:however|but|though|although|unfortunately)\b", re.I)


def _prose_sentences(answer: str) -> list[str]:
    """The sentences of an answer's prose, each part on its own (a quoted block ends a sentence)."""
    if "\n" not in answer:
        return split_sentences(answer)
    return [x for kind, text in answer_code.segments(answer) if kind == "prose" for x in split_sentences(text)]


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


_WHY = re.compile(r"^why\b", re.I)


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


def _repeatable(text: str) -> set[str]:
    """The sentences of ``text`` that may not appear twice on a page (a step of a numbered
    procedure may: two procedures often start alike)."""
    return {normalize(x) for x in _prose_sentences(text) if count_words(x) >= 6 and not step_sentence(x)}


def _rules(found: list[Failure]) -> str:
    return ", ".join(sorted({f.rule for f in found}))


def _explain(found: list[Failure]) -> str:
    """The first failure, for a build note a writer can act on."""
    first = found[0]
    more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
    return f"[{first.rule}] {first.message}{more}"
