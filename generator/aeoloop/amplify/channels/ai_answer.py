"""``ai-answer.md``: the question the page answers, an answer of at most 60 words, three key
facts (fewer when the page makes fewer points) and the canonical URL, ready to be quoted by an
answer engine."""

from __future__ import annotations

import re

from pydantic import Field

from ... import answer_code
from ...quality.read_alone import procedure_problem
from ..questions import heading_to_question, is_question, page_names
from .base import Channel, ChannelModel
from .config import AiAnswerOptions
from .context import ChannelContext
from .how_steps import how_steps, topic_words
from .limits import fit_words, sentences, shorten_words, words
from .notes import is_collection, notes, outline_within
from .openings import subjectless, tagline
from .points import (
    PAREN_PATH_RE,
    answer_lead,
    is_outline,
    leans_on_unseen,
    not_a_point,
    page_points,
    refers_to_unseen,
    without_note,
)

FACT_MAX_WORDS = 35
#: a key fact that is a note under its question ("How do you …? …"): the question's words on top
NOTE_FACT_MAX_WORDS = 60
_QUESTION_LED_RE = re.compile(r"^[^?]{5,200}\? \S")


def fact_limit(fact: str) -> int:
    """The longest key fact: a sentence, or a note of a collection under its question."""
    return NOTE_FACT_MAX_WORDS if _QUESTION_LED_RE.match(fact) else FACT_MAX_WORDS


class AiAnswer(ChannelModel):
    question: str
    answer: str
    facts: list[str] = Field(default_factory=list)


# "How do Bot and spam traffic filtering?": "How do" before a name or a noun phrase with no verb
_HOW_DO_NOUN_RE = re.compile(
    r"^how (?:do|does) (?!(?:you|i|we|they|it|he|she|your|my|our|their|its|the|a|an|this|"
    r"these|those|people|users|teams)\b)",
    re.I,
)
_REPEAT_RE = re.compile(r"\b(\w+(?:[ -]\w+){1,3})\b.*\b\1\b", re.I)


_DETERMINERS = frozenset("a an the your my our their its this that these those his her to for with".split())


def _garbled(question: str, title: str = "") -> bool:
    """A heading turned into a question the wrong way: "How do <noun phrase>?", a question that
    says the same phrase twice ("What X support is available for X support?"), or "How do you
    <title>?" when the title is a noun phrase whose first word may be a verb ("Open Source Metrics",
    not "Change your domain name"); the general question is asked instead."""
    if _HOW_DO_NOUN_RE.match(question) or _REPEAT_RE.search(question):
        return True
    ws = title.split()
    if not question.lower().startswith("how do you ") or len(ws) < 2 or title.lower().startswith("how to "):
        return False
    from ...lemmas import lemminflect  # tables load on first use: only a Title Case title asks

    found = lemminflect().getAllLemmas(ws[0].lower())
    return bool({"ADJ", "NOUN"} & set(found)) and ws[1].lower() not in _DETERMINERS and not ws[0].endswith("ing")


def sentence_case(question: str, title: str, body: str) -> str:
    """The question with a Title Case title's capitals lowered where the page itself writes the word
    in lower case more often than capitalised mid-sentence ("How do you get Started?" is asked "How
    do you get started?"); a name the page capitalises ("Plausible", "Kandji") keeps its capital.
    When the page never writes one of the words, the question keeps the title's capitals: half a
    title lowered reads worse than the title as written."""
    asked = set(re.findall(r"[A-Za-z][\w'-]*", question)[1:])
    capitals = {w for w in re.findall(r"[A-Za-z][\w'-]*", title) if w[:1].isupper() and not w.isupper()} & asked
    if not capitals or not body:
        return question
    lowered: dict[str, str] = {}
    for w in capitals:
        low = w[:1].lower() + w[1:]
        n_low = len(re.findall(rf"(?<![\w./-]){re.escape(low)}\b(?![.-]\w)", body))
        n_name = len(re.findall(rf"[a-z0-9,;]\s+{re.escape(w)}\b", body))
        if n_low == n_name == 0 and not _dictionary_word(low):
            return question  # a name the page never writes mid-sentence ("Kandji"): as written
        lowered[w] = low if n_low > n_name or n_low == n_name == 0 else w

    def lower(m: re.Match[str]) -> str:
        return m.group(0) if m.start() == 0 else lowered.get(m.group(0), m.group(0))

    return re.sub(r"[A-Za-z][\w'-]*", lower, question)


def _dictionary_word(word: str) -> bool:
    """True for a word the English word tables know ("rituals", "perks"), not a name ("Kandji")."""
    from ...lemmas import lemminflect  # lazy: the word tables load on first use

    return bool(lemminflect().getAllLemmas(word))


def _body(ctx: ChannelContext) -> str:
    return " ".join(block.text for section in ctx.page.sections for block in section.blocks)


# a title that names a collection about a topic, not the topic: "Feature overview", "Billing FAQ",
# "Overview of goals", "FAQ" (session 9, `chan4`: "What is feature?", "What is billing FAQ?")
_COLLECTION_RE = re.compile(
    r"^(?:(?P<x>.+?)\s+(?P<kind>overview|index|at a glance|faqs?|frequently asked questions)|"
    r"(?P<kind2>overview|index|faqs?|frequently asked questions)(?:\s+(?:of|for|about|on)\s+(?P<x2>.+))?)$",
    re.I,
)


def is_collection_title(title: str) -> bool:
    """True for a title that names an overview, an index or an FAQ of a topic ("Billing FAQ")."""
    return _COLLECTION_RE.match(title.strip().rstrip(".:")) is not None


def _prose(ctx: ChannelContext) -> list[str]:
    """The page's prose blocks (not its code): what :func:`page_names` reads names from."""
    return [b.text for section in ctx.page.sections for b in section.blocks if b.kind != "code"]


def _main_name(texts: list[str], names: frozenset[str]) -> str:
    """The name the page writes most often mid-sentence ("Plausible"), "" when it writes none."""
    counts = {n: sum(len(re.findall(rf"\b{re.escape(n)}\b", t)) for t in texts) for n in names}
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return best[0][0] if best and best[0][1] >= 2 else ""


def collection_question(title: str, texts: list[str], names: frozenset[str]) -> str:
    """The question a title that names an overview, an index or an FAQ of a topic asks: "Billing FAQ"
    → "What should you know about billing?", "Feature overview" → "What can you do with Plausible?"
    (a bare singular count noun, "feature", is not the subject: the page's main name is), the topic
    kept as the page writes it ("plausible" stays lower-case); "" when the title is not one or the
    topic cannot be asked about. English only."""
    m = _COLLECTION_RE.match(title.strip().rstrip(".:"))
    if m is None:
        return ""
    kind = (m.group("kind") or m.group("kind2") or "").lower()
    topic = (m.group("x") or m.group("x2") or "").strip()
    ws = topic.split()
    if len(ws) == 1 and ws[0][:1].isupper() and ws[0] not in names and not ws[0][1:2].isupper():
        from ...lemmas import lemminflect  # lazy: the word tables load on first use

        low = ws[0].lower()
        if lemminflect().getAllInflections(low, upos="NOUN").get("NNS", (low,))[0] != low:
            topic = ""  # "Feature overview": "feature" alone is a kind, not a subject
    if not topic:
        topic = _main_name(texts, names)
        if not topic:
            return ""
    elif ws[0] not in names and not ws[0][1:2].isupper():
        topic = topic[:1].lower() + topic[1:]
    if kind.startswith(("faq", "frequently")):
        return f"What should you know about {topic}?"
    return f"What can you do with {topic}?"


# a title that names a text about its subject: "A Note About X", "A Few Words on X", "A Guide to X",
# and a named guide, "The Acme Guide to X", "Our Field Handbook on X", "Acme's Primer on X" (up to three
# words between the determiner and the kind of text; the session-13 outside corpus asked "What is the
# <org> guide to application security?", a question about the document, answered about its subject)
_ABOUT_RE = re.compile(
    r"^(?:(?:a|an)\s+(?:quick\s+|short\s+|brief\s+)?(?:note|word|few\s+words|guide|primer|introduction|intro)"
    r"|(?:the|our|\S+['\u2019]s)\s+(?:\S+\s+){0,3}?(?:guide|handbook|primer|introduction))\s+"
    r"(?:about|on|to)\s+(?P<x>\S.*)$",
    re.I,
)


def page_question(ctx: ChannelContext) -> str:
    """The question the page answers, from its title (kept on the context: a function of the page
    and the brand's glossary, asked for by several of a page's channels)."""
    kept = ctx.kept.get(("page_question",))
    if kept is not None and kept[0] is ctx.page and kept[1] is ctx.brand:
        return str(kept[2])
    question = _page_question(ctx)
    ctx.kept[("page_question",)] = (ctx.page, ctx.brand, question)
    return question


def _page_question(ctx: ChannelContext) -> str:
    title = ctx.title.strip()
    if is_question(title, lang=ctx.page.lang):
        return title if title.endswith("?") else title.rstrip(".:") + "?"
    body = _body(ctx) if ctx.page.lang == "en" else ""
    topic = ctx.page.meta.keywords[0] if ctx.page.meta.keywords else title
    names = page_names(_prose(ctx)) if ctx.page.lang == "en" else frozenset()
    if ctx.page.lang == "en" and (asked := collection_question(title, _prose(ctx), names)):
        return asked
    if ctx.page.lang == "en" and (about := _ABOUT_RE.match(title.rstrip(".:"))):
        # "A Note About Moonlighting" is a text about moonlighting: "What is a note about moonlighting?"
        # asks about the note (round 9 reading, session 10)
        return sentence_case(f"What should you know about {about.group('x')}?", title, body)
    question = heading_to_question(title, topic=topic, lang=ctx.page.lang, names=names)
    if question and not (ctx.page.lang == "en" and _garbled(question, title)):
        return sentence_case(question, title, body)
    words_ = title.split()
    first = words_[0] if words_ else title
    glossary_names = {t.name.split()[0] for t in ctx.brand.glossary if t.case_sensitive or t.type != "DefinedTerm"}
    title_case = all(w[:1].isupper() for w in words_ if len(w) > 3)  # "Open Source Metrics" stays as written
    if first not in glossary_names and not first[1:2].isupper() and not title_case:
        title = title[:1].lower() + title[1:]
    if ctx.lang == "it":
        return f"Cosa sapere su {title}?"
    return sentence_case(f"What should you know about {title}?", ctx.title.strip(), body)


# an opening that sets a scene before the point: "If you …, …", "As your team grows, …", "For a big
# project, …": the reader of an answer engine asked the page's question, not the condition
_SCENE_RE = re.compile(
    r"^(?:(?:if|when|whenever|as|while|once|unless|until|before|after)\b|"
    r"for (?:a|an|any|some|bigger|larger|smaller|small|big)\b[^,]{0,40},)",
    re.I,
)


# a title's words, not a sentence: "How to move your site to a new address."
_HOW_TO_RE = re.compile(r"^how to\b[^?]*$", re.I)


def scene_setting(sentence: str, title: str = "") -> bool:
    """True for a sentence that opens on a condition or a scene ("If you …, …", "As your team grows, …")
    without naming the subject of the page titled ``title`` ("If your contract ends, you may be owed
    severance" names it under "Severance")."""
    if not _SCENE_RE.match(sentence):
        return False
    return not (title and topic_words(sentence) & topic_words(title)) or _tip(sentence)


def _tip(sentence: str) -> bool:
    """True when a clause after a comma is an order ("…, consider how …", "…, create a team page"): a tip
    for one case, not the page's point."""
    from ...lemmas import lemminflect  # lazy: the word tables load on first use

    for clause in sentence.split(", ")[1:]:
        first = (clause.split() or [""])[0].lower()
        if first and first in lemminflect().getAllLemmas(first).get("VERB", ()) and first not in _NOT_ORDERS:
            return True
    return False


_NOT_ORDERS = frozenset("be have do can will may must should would could might shall".split())


def lead_first(parts: list[str], lang: str, title: str = "") -> list[str]:
    """The sentences of an answer, its first one answering the question: the summary's outline
    ("“Title” covers three topics: …") is a table of contents and a "How to …" line a title, not
    an answer, and a sentence that points at what the reader cannot see ("Use this when …") is left
    out; a first sentence that sets a scene without naming the subject ("If you run a small team,
    …") goes after the first sentence that names it."""
    kept: list[str] = []
    for p in parts:
        if is_outline(p) or _HOW_TO_RE.match(p):
            continue
        if not kept and (refers_to_unseen(p, lang) or (lang == "en" and subjectless(p))):
            continue  # an answer does not open on what it points at; after its subject, "This …" stays
        kept.append(p)
    if lang != "en" or not kept or not _SCENE_RE.match(kept[0]):
        return kept
    topic = topic_words(title)
    if topic_words(kept[0]) & topic:
        return kept
    for i, part in enumerate(kept[1:], 1):
        if not _SCENE_RE.match(part) and not leans_on_unseen(part, lang) and topic_words(part) & topic:
            return [part, *kept[:i], *kept[i + 1 :]]
    return kept


class AiAnswerChannel(Channel[AiAnswer]):
    options_model = AiAnswerOptions
    name = "ai-answer"
    files = ("channels/ai-answer.md",)
    model = AiAnswer
    expected_output_tokens = 250

    def extractive(self, ctx: ChannelContext) -> AiAnswer:
        opts = self.options(ctx)
        art = ctx.artifacts
        # a collection of notes answers with what it covers (its outline), not one note's opening
        # (round 8: "What are the git notes?" answered by a note's set-up, 5 of 5 folded pages wrong)
        outline = outline_within(art.summary, opts.max_words) if is_collection(ctx) else ""
        described = fit_words(ctx.page.meta.description or "", opts.max_words) if outline else ""
        if described and words(described) >= 12 and ctx.usable(described) and not refers_to_unseen(described, "en"):
            outline = described  # the writer's own line on what the collection holds reads better than its headings
        noted = [n.text() for n in notes(ctx) if words(n.text()) <= NOTE_FACT_MAX_WORDS] if outline else []
        if noted:  # and its notes that read alone, each under its question
            return AiAnswer(question=page_question(ctx), answer=outline, facts=noted[: opts.facts])
        answer = ""
        if not outline and ctx.lang == "en":
            faq = [(qa.question, qa.answer) for qa in art.faq]
            if (stepped := how_steps(page_question(ctx), faq, opts.max_words)) and ctx.usable(stepped):
                answer = stepped
        candidates = (
            ()
            if answer
            else (
                art.summary,
                ctx.page.meta.description or "",
                *(qa.answer for qa in art.faq if not answer_code.has_code(qa.answer)),
            )
        )
        for candidate in candidates:
            if ctx.lang == "en" and tagline(candidate):
                continue
            answer = fit_words(
                " ".join(lead_first(ctx.pick(sentences(candidate)), ctx.lang, ctx.title)), opts.max_words
            )
            if words(answer) >= min(12, opts.max_words):
                break
        answer = outline or answer
        if not answer:
            points = page_points(ctx)
            answer = fit_words(points[0].text, opts.max_words) if points else ""
        if not answer and (art.summary or ctx.page.meta.description):
            answer = shorten_words(sentences(art.summary or ctx.page.meta.description or "")[0], opts.max_words)
        if not answer:
            raise ValueError(
                "no summary, description or sentence of the page answers its title; the page is only "
                "headings, tables or code"
            )
        facts: list[str] = []
        pool = (
            [without_note(t) for t in art.takeaways if not not_a_point(t, alone=ctx.lang == "en")]
            + [answer_lead(qa.answer, FACT_MAX_WORDS) for qa in art.faq if not answer_code.has_code(qa.answer)]
            + [p.text for p in page_points(ctx)]
        )
        for fact in pool:
            if len(facts) >= opts.facts:
                break
            fact = PAREN_PATH_RE.sub("", fact)  # "pricing page (/pricing)": the path is not a fact to quote
            if (
                fact in answer
                or fact in facts
                or words(fact) > FACT_MAX_WORDS
                or words(fact) < 4
                or not ctx.usable(fact)
                or refers_to_unseen(fact, ctx.lang)
                or (ctx.lang == "en" and procedure_problem(fact))
            ):
                continue
            facts.append(fact)
        return AiAnswer(question=page_question(ctx), answer=answer, facts=facts)

    def check(self, value: AiAnswer, ctx: ChannelContext) -> list[str]:
        opts = self.options(ctx)
        out = []
        if not value.question.endswith("?"):
            out.append("question: write it as a question ending with '?'")
        if words(value.question) > 25:
            out.append(f"question: {words(value.question)} words; keep it under 25")
        n = words(value.answer)
        if n > opts.max_words:
            out.append(f"answer: {n} words; at most {opts.max_words}")
        if n < min(10, opts.max_words):
            out.append(f"answer: {n} words; write a complete answer of up to {opts.max_words} words")
        if len(value.facts) > opts.facts:
            out.append(f"facts: {len(value.facts)} given; at most {opts.facts}")
        for i, fact in enumerate(value.facts, 1):
            if not fact or words(fact) > fact_limit(fact):
                out.append(
                    f"facts[{i}]: {words(fact)} words; one sentence of at most {FACT_MAX_WORDS} words "
                    f"(a note under its question: {NOTE_FACT_MAX_WORDS})"
                )
        return out

    def shortfalls(self, value: AiAnswer, ctx: ChannelContext) -> list[str]:
        n, target = len(value.facts), self.options(ctx).facts
        return [f"{n} key facts, target {target}: the page makes fewer points beside its answer"] if n < target else []

    def texts(self, value: AiAnswer) -> list[tuple[str, str]]:
        return [(value.question, "heading"), (value.answer, "paragraph")] + [(f, "list") for f in value.facts]

    def render(self, value: AiAnswer, ctx: ChannelContext) -> dict[str, str | bytes]:
        facts = "".join(f"- {f}\n" for f in value.facts)
        facts = f"{ctx.label('key_facts')}:\n\n{facts}\n" if facts else ""
        text = f"# {value.question}\n\n{value.answer}\n\n{facts}{ctx.label('source')}: {ctx.url}\n"
        return {self.files[0]: text}
