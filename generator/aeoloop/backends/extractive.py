"""The extractive backend: deterministic, offline artifacts from the writer's own sentences.

Nothing is paraphrased, so nothing can be invented: the summary is the page's opening answer,
takeaways are the strongest topic sentences of its sections, FAQ answers are the opening
sentences under each heading. Sentences are never cut: a window of whole sentences is chosen
to fit the word limits, and when none fits the nearest whole-sentence result is kept and noted.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import TYPE_CHECKING

from ..amplify import keyphrases, questions
from ..artifacts import QA, Entity, PageArtifacts
from ..express.lint import project_rules
from ..page import Page
from ..quality import (
    CONTRACT_VERSION,
    check_summary,
)
from ..text import normalize, split_sentences
from . import extractive_edits as edits
from . import nlp as nlp_mod
from .extractive_faq import FaqChooser
from .extractive_pool import n_words
from .extractive_summary import SummaryChooser
from .extractive_takeaways import TakeawayChooser

if TYPE_CHECKING:
    from spacy.language import Language

    from ..state import BuildState

__all__ = ["TEMPLATE_VERSION", "ExtractiveBackend", "n_words"]


def _code_version() -> str:
    """Hash of the code that decides the output: any change to it invalidates cached artifacts."""
    from pathlib import Path

    # questions is a package of rule modules: hash every one of them (sorted, so the key is stable).
    rule_files = sorted(Path(questions.__file__).parent.glob("*.py"))
    h = hashlib.sha256((CONTRACT_VERSION + keyphrases.version()).encode())  # contract and keyphrase extractor
    # every module of the extractive backend (this one, its choosers and their edits), sorted by name
    own_files = sorted(Path(__file__).parent.glob("extractive*.py"))
    for path in (*own_files, Path(keyphrases.__file__), *rule_files):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return "extractive-" + h.hexdigest()[:10]


TEMPLATE_VERSION = _code_version()

AND_WORD = {"en": "and", "it": "e"}


class ExtractiveBackend(SummaryChooser, TakeawayChooser, FaqChooser):
    """Registered as ``extractive``: the default, offline and byte-for-byte reproducible.

    The summary, takeaways and FAQ choosers are mixins over one sentence pool
    (:mod:`extractive_pool`); this class reads the page once and runs them in order."""

    name = "extractive"
    template_version = TEMPLATE_VERSION

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
        nlp, needles = self._nlp(page.lang)
        texts = [page.title] + [b.text for s in page.sections for b in s.blocks if b.kind in ("paragraph", "list")]
        # bounded pieces: long paragraphs and symbol runs stay linear; entities only (sentences: split_sentences),
        # and only texts in which a glossary term can match are read
        docs = nlp_mod.analyse(nlp, texts, sentences=False, needles=needles)
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
        self._picked = False  # set by _summary when it quotes sentences picked from the body
        notes_at = len(art.notes)
        art.summary = page.meta.summary or self._summary(page, sents, art)
        if page.meta.faq is not None:
            art.faq = [QA(f.question, f.answer) for f in page.meta.faq]
        elif self._outlined or self._picked:
            # An outline, or a run picked from the body, quotes the opening sentences of some
            # sections, which is often how the FAQ answers that section's heading; the FAQ may not
            # repeat a summary sentence, so it would lose that pair. The FAQ chooses first (against no summary), the outline then quotes
            # only sentences no answer uses, and both are made again in the usual order, so the
            # FAQ still never repeats what the summary says.
            first, first_notes, picked = art.summary, art.notes[notes_at:], self._picked and not self._outlined
            art.summary = ""
            trial = self._faq(page, sents, topic, art)
            trial_notes = art.notes[notes_at + len(first_notes) :]
            avoid = frozenset(normalize(x) for qa in trial for x in split_sentences(qa.answer))
            del art.notes[notes_at:]
            full = len(trial) >= self.settings.faq.max_items
            art.summary = first if full else self._summary(page, sents, art, avoid=avoid)
            if full or picked and self._fails(page, art.summary) and not self._fails(page, first):
                # An FAQ already full gains no pair from the sentences the summary leaves it, it
                # only swaps a later pair for an earlier one; and leaving the FAQ its answers must
                # not leave the page without a passing summary. The summary chosen first stays.
                del art.notes[notes_at:]
                art.notes.extend(first_notes)
                art.summary = first
            answers = [normalize(qa.answer) for qa in trial]
            if not any(normalize(x).rstrip(".!?:") in a for x in split_sentences(art.summary) for a in answers):
                # The summary quotes no sentence an answer gives: the FAQ chosen against no
                # summary is the one chosen against it (every answer is still free), so it is not
                # chosen twice (a cold build would pay for it on every such page).
                art.faq = trial
                art.notes.extend(trial_notes)
            else:
                self._quoted = {}
                art.faq = self._faq(page, sents, topic, art)
        else:
            art.faq = self._faq(page, sents, topic, art)
        art.takeaways = page.meta.takeaways or self._takeaways(page, sents, art, counts)
        return art

    # -- pieces ------------------------------------------------------------------------------

    def _nlp(self, lang: str) -> tuple[Language, nlp_mod.GlossaryNeedles | None]:
        """The pipeline and its needles for ``lang``, once per backend: the glossary is the
        backend's for its life, and keying the pipeline's cache by it dumped every term per page."""
        if lang not in self._pipelines:
            glossary, model = self.brand.glossary, self.settings.nlp_model
            self._pipelines[lang] = (
                nlp_mod.pipeline(lang, glossary, model),
                nlp_mod.needles(lang, glossary, model),
            )
        return self._pipelines[lang]

    def _fails(self, page: Page, summary: str) -> bool:
        """Whether ``summary`` fails the quality contract (the backend's own limits)."""
        return bool(check_summary(summary, title=page.title, lang=page.lang, limits=self._limits(page.lang)))

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
