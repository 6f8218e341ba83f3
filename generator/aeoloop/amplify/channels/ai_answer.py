"""``ai-answer.md``: the question the page answers, an answer of at most 60 words, three key
facts (fewer when the page makes fewer points) and the canonical URL, ready to be quoted by an
answer engine."""

from __future__ import annotations

import re

from pydantic import Field

from ... import answer_code
from ..questions import heading_to_question, is_question
from .base import Channel, ChannelModel
from .config import AiAnswerOptions
from .context import ChannelContext
from .limits import fit_words, sentences, shorten_words, words
from .points import answer_lead, page_points, refers_to_unseen

FACT_MAX_WORDS = 35


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


def page_question(ctx: ChannelContext) -> str:
    title = ctx.title.strip()
    if is_question(title, lang=ctx.page.lang):
        return title if title.endswith("?") else title.rstrip(".:") + "?"
    topic = ctx.page.meta.keywords[0] if ctx.page.meta.keywords else title
    question = heading_to_question(title, topic=topic, lang=ctx.page.lang)
    if question and not (ctx.page.lang == "en" and _garbled(question, title)):
        return question
    words_ = title.split()
    first = words_[0] if words_ else title
    names = {t.name.split()[0] for t in ctx.brand.glossary if t.case_sensitive or t.type != "DefinedTerm"}
    title_case = all(w[:1].isupper() for w in words_ if len(w) > 3)  # "Open Source Metrics" stays as written
    if first not in names and not first[1:2].isupper() and not title_case:
        title = title[:1].lower() + title[1:]
    return f"Cosa sapere su {title}?" if ctx.lang == "it" else f"What should you know about {title}?"


class AiAnswerChannel(Channel[AiAnswer]):
    options_model = AiAnswerOptions
    name = "ai-answer"
    files = ("channels/ai-answer.md",)
    model = AiAnswer
    expected_output_tokens = 250

    def extractive(self, ctx: ChannelContext) -> AiAnswer:
        opts = self.options(ctx)
        art = ctx.artifacts
        answer = ""
        for candidate in (
            art.summary,
            ctx.page.meta.description or "",
            *(qa.answer for qa in art.faq if not answer_code.has_code(qa.answer)),
        ):
            answer = fit_words(" ".join(ctx.pick(sentences(candidate))), opts.max_words)
            if words(answer) >= min(12, opts.max_words):
                break
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
            list(art.takeaways)
            + [answer_lead(qa.answer, FACT_MAX_WORDS) for qa in art.faq if not answer_code.has_code(qa.answer)]
            + [p.text for p in page_points(ctx)]
        )
        for fact in pool:
            if len(facts) >= opts.facts:
                break
            if (
                fact in answer
                or fact in facts
                or words(fact) > FACT_MAX_WORDS
                or words(fact) < 4
                or not ctx.usable(fact)
                or refers_to_unseen(fact, ctx.lang)
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
            if not fact or words(fact) > FACT_MAX_WORDS:
                out.append(f"facts[{i}]: {words(fact)} words; one sentence of at most {FACT_MAX_WORDS} words")
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
