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
from dataclasses import dataclass

from ..amplify.questions import heading_to_question, is_question
from ..artifacts import QA, Entity, PageArtifacts
from ..express.brand import Brand
from ..page import WORD_RE, Block, Page, Section
from ..settings import Settings
from . import nlp as nlp_mod

def _code_version() -> str:
    """Hash of the code that decides the output: any change to it invalidates cached artifacts."""
    from pathlib import Path

    from ..amplify import questions

    # questions is a package of rule modules: hash every one of them (sorted, so the key is stable).
    rule_files = sorted(Path(questions.__file__).parent.glob("*.py"))
    h = hashlib.sha256()
    for path in (Path(__file__), *rule_files):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return "extractive-" + h.hexdigest()[:10]


TEMPLATE_VERSION = _code_version()

TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
DANGLING = {
    "en": {"this", "these", "that", "those", "it", "its", "they", "their", "such", "also", "however", "but",
           "and", "so", "then", "here", "there", "both", "each", "another", "other", "instead", "otherwise"},
    "it": {"questo", "questa", "questi", "queste", "ciò", "inoltre", "però", "ma", "e", "quindi", "anche",
           "entrambi", "altri", "altre", "invece", "qui"},
}
STOP = {
    "en": set("a an the of to in on for and or with by at from is are be as your you our we it its how what why when "
              "which who do does can should vs versus into about".split()),
    "it": set("il lo la i gli le un una uno di a da in con su per tra fra e o che come perché quando cosa del della "
              "dei delle degli al alla ai alle nel nella nei nelle è sono si".split()),
}
META_REFERENCE = re.compile(
    r"\b(described|explained|covered|discussed) (in|on)\b|\b(see|read|learn more|find out more|click|download|contact us|book a)\b"
    r"|\b(article|guide|page|section|chapter) (on|about|below|above)\b|\b(vedi|leggi|scopri|scarica|contattaci)\b",
    re.I,
)
PRICE_HEADING = re.compile(
    r"^(pricing|prices?|costs?|plans?|plans (and|&) pricing|pricing (and|&) plans|prezz[io]|costi|tariffe|listino)$", re.I
)
AND_WORD = {"en": "and", "it": "e"}


def n_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def is_sentence(text: str) -> bool:
    return bool(TERMINAL.search(text)) and n_words(text) >= 4


@dataclass
class Sent:
    text: str
    words: int
    block: int  # index of the block in its section, for "opening sentence" preferences


class ExtractiveBackend:
    """Registered as ``extractive``: the default, offline and byte-for-byte reproducible."""

    name = "extractive"
    template_version = TEMPLATE_VERSION

    def __init__(self, settings: Settings, brand: Brand) -> None:
        self.settings = settings
        self.brand = brand
        self._terms = {t.key: t for t in brand.glossary}
        self._model_ids: dict[str, str] = {}

    def model_id(self, lang: str) -> str:
        if lang not in self._model_ids:
            self._model_ids[lang] = nlp_mod.pipeline_version(lang, self.brand.glossary, self.settings.nlp_model)
        return self._model_ids[lang]

    # -- public ------------------------------------------------------------------------------

    def generate(self, page: Page) -> PageArtifacts:
        nlp = nlp_mod.pipeline(page.lang, self.brand.glossary, self.settings.nlp_model)
        texts = [page.title] + [b.text for s in page.sections for b in s.blocks if b.kind in ("paragraph", "list")]
        docs = list(nlp.pipe(texts))
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
                    sents[(si, bi)] = [s.text.strip() for s in doc.sents if s.text.strip()]
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
        art.summary = page.meta.summary or self._summary(page, sents, art)
        art.takeaways = page.meta.takeaways or self._takeaways(page, sents, art.summary, counts)
        if page.meta.faq is not None:
            art.faq = [QA(f.question, f.answer) for f in page.meta.faq]
        else:
            art.faq = self._faq(page, sents, topic, art)
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

    def _sentences(self, page: Page, sents: dict[tuple[int, int], list[str]], si: int) -> list[Sent]:
        """Whole sentences of a section in order; a lead-in ending with ':' absorbs the list after it."""
        section = page.sections[si]
        out: list[Sent] = []
        blocks = section.blocks
        for bi, block in enumerate(blocks):
            if block.kind == "paragraph":
                parts = sents.get((si, bi), [])
                for k, text in enumerate(parts):
                    nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
                    if text.endswith(":") and k == len(parts) - 1 and nxt is not None and nxt.kind == "list":
                        merged = self._merge_list(text, nxt, page.lang)
                        if merged:
                            out.append(Sent(merged, n_words(merged), bi))
                        continue
                    if is_sentence(text):
                        out.append(Sent(text, n_words(text), bi))
            elif block.kind == "list" and not (bi > 0 and blocks[bi - 1].kind == "paragraph" and blocks[bi - 1].text.endswith(":")):
                for item in block.items:
                    if is_sentence(item) and not item.endswith(":"):
                        out.append(Sent(item, n_words(item), bi))
        return out

    @staticmethod
    def _merge_list(lead: str, block: Block, lang: str) -> str | None:
        items = [i.rstrip(".;,") for i in block.items if i.strip()]
        if not items or len(items) > 8:
            return None
        if all(n_words(i) <= 6 for i in items):
            body = ", ".join(items[:-1]) + (f" {AND_WORD.get(lang, 'and')} " if len(items) > 1 else "") + items[-1]
            body = body[0].lower() + body[1:] if body[:1].isupper() and not body[1:2].isupper() else body
            return f"{lead[:-1]}: {body}."
        return f"{lead[:-1]}: " + "; ".join(i[0].lower() + i[1:] if i[1:2].islower() else i for i in items) + "."

    def _window(self, sents: list[Sent], lo: int, hi: int, lang: str) -> tuple[list[Sent], bool]:
        """Earliest run of consecutive whole sentences with lo ≤ words ≤ hi (answer-first).

        Returns (run, fits). A run never starts with a sentence that leans on the previous one.
        """
        dangling = DANGLING.get(lang, set())
        best: list[Sent] = []
        for i, first in enumerate(sents):
            if i and first.text.split()[0].lower().strip(",") in dangling:
                continue
            run: list[Sent] = []
            total = 0
            for s in sents[i:]:
                if total + s.words > hi:
                    break
                run.append(s)
                total += s.words
                if total >= lo:
                    return run, True
            if not best and run:
                best = run
        if best:
            return best, False
        return sents[:1], False

    def _summary(self, page: Page, sents: dict[tuple[int, int], list[str]], art: PageArtifacts) -> str:
        lo, hi = self.settings.summary.min_words, self.settings.summary.max_words
        pool: list[Sent] = []
        for si, section in enumerate(page.sections):
            pool.extend(self._sentences(page, sents, si))
            if sum(s.words for s in pool) >= hi or (section.heading is not None and pool):
                break
        if not pool:
            if page.meta.description:
                return page.meta.description
            art.notes.append("no complete sentences to summarise; add an opening paragraph that answers the title")
            return ""
        run, fits = self._window(pool, lo, hi, page.lang)
        text = " ".join(s.text for s in run)
        if not fits:
            art.notes.append(f"summary is {n_words(text)} words (target {lo}–{hi}); make the opening paragraph {lo}–{hi} words of whole sentences")
        return text

    def _takeaways(self, page: Page, sents: dict[tuple[int, int], list[str]], summary: str, counts: Counter[str]) -> list[str]:
        limit = self.settings.summary.takeaways
        levels = [2] if any(s.level == 2 for s in page.sections) else [3]
        stop = STOP.get(page.lang, set())
        dangling = DANGLING.get(page.lang, set())
        entity_words = {w.lower() for k in counts for w in self._terms[k].name.split()}
        picks: list[tuple[float, int, str]] = []
        spare: list[tuple[float, int, str]] = []
        for si, section in enumerate(page.sections):
            if section.level not in levels or not section.heading:
                continue
            heading_words = {w.lower() for w in WORD_RE.findall(section.heading)} - stop
            scored = []
            for rank, s in enumerate(self._sentences(page, sents, si)[:6]):
                if s.text in summary or s.text.endswith(("?", ":")) or not 6 <= s.words <= 40:
                    continue
                words = {w.lower() for w in WORD_RE.findall(s.text)}
                score = 1.0
                score += 1.0 if 8 <= s.words <= 32 else 0.3
                score += 0.5 if re.search(r"\d", s.text) else 0.0
                score += min(0.9, 0.3 * len(words & entity_words))
                score += min(1.2, 0.4 * len(words & heading_words))
                score += 0.6 if rank == 0 else 0.0
                if META_REFERENCE.search(s.text):
                    score -= 2.0  # "see the article on…" points elsewhere instead of saying something
                if s.text.split()[0].lower().strip(",") in dangling:
                    score -= 2.5
                scored.append((round(score, 6), -rank, s.text))
            scored.sort(reverse=True)
            if scored:
                picks.append((scored[0][0], si, scored[0][2]))
                spare.extend((sc, si, text) for sc, _, text in scored[1:2])
        chosen = sorted(picks, key=lambda p: (-p[0], p[1]))[:limit]
        if len(chosen) < 3:
            chosen += sorted(spare, key=lambda p: (-p[0], p[1]))[: 3 - len(chosen)]
        return [text for _, _, text in sorted(chosen, key=lambda p: (p[1], -p[0]))]

    def _faq(self, page: Page, sents: dict[tuple[int, int], list[str]], topic: str, art: PageArtifacts) -> list[QA]:
        opts = self.settings.faq
        # A price is the price of something sold: on a page about a concept ("What is OEE?") the
        # "Pricing" section prices the product the page mentions, not the concept.
        product = next((e.name for e in sorted(art.entities, key=lambda e: (e.role != "about", -e.count))
                        if self._terms[e.key].type in ("Product", "SoftwareApplication", "Organization")), None)
        out: list[QA] = []
        seen: set[str] = set()
        for si, section in enumerate(page.sections):
            if len(out) >= opts.max_items:
                break
            if not section.heading or section.level not in opts.heading_levels:
                continue
            about = product if product and PRICE_HEADING.match(section.heading.strip()) else topic
            question = section.heading.strip() if is_question(section.heading) else heading_to_question(section.heading, topic=about, lang=page.lang)
            if not question:
                continue
            if not question.endswith("?"):
                question = question.rstrip(".:") + "?"
            if question.lower() in seen:
                continue
            pool = self._sentences(page, sents, si)
            if not pool:
                continue
            run, fits = self._window_from_start(pool, opts.min_words, opts.max_words)
            answer = " ".join(s.text for s in run)
            if not run or n_words(answer) < min(20, opts.min_words):
                continue
            if not fits:
                art.notes.append(f"line {section.line}: answer to {question!r} is {n_words(answer)} words (target {opts.min_words}–{opts.max_words})")
            seen.add(question.lower())
            out.append(QA(question, answer, section.line))
        return out

    @staticmethod
    def _window_from_start(pool: list[Sent], lo: int, hi: int) -> tuple[list[Sent], bool]:
        """The section's opening sentences: an answer must follow its heading directly."""
        run: list[Sent] = []
        total = 0
        for s in pool:
            if total + s.words > hi:
                if not run and s.words <= hi + hi // 4:
                    return [s], False  # one long opening sentence beats none; never cut it
                break
            run.append(s)
            total += s.words
            if total >= lo:
                return run, True
        return run, False
