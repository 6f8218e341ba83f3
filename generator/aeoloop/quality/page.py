"""The contract applied to a page's artifacts as a whole: every unit, labelled, plus duplicates.

Why a page-level pass: "nothing printed twice" is a property of the page, not of one unit (a
takeaway that repeats the summary is fine on its own and wrong in the summary box).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..answer_code import as_prose
from ..artifacts import QA
from ..text import count_words, normalize, split_sentences
from .contract import Failure, Limits, check_answer, check_question, check_summary, check_takeaway
from .procedures import step_sentence

#: Sentences shorter than this are not counted as duplicates ("Yes." twice is not a repeat).
MIN_DUPLICATE_WORDS = 6


def check_artifacts(
    *,
    summary: str,
    takeaways: Sequence[str],
    faq: Sequence[QA],
    title: str,
    lang: str,
    limits: Limits = Limits(),
    headings: Mapping[int, str] | None = None,
) -> list[Failure]:
    """Every failure of a page's generated units, each labelled with its unit.

    ``headings`` maps a heading's source line to its text, so a generated question can be checked
    against the heading it came from (``QA.line``); hand-written questions have no line.
    """
    out: list[Failure] = []

    def add(unit: str, found: list[Failure]) -> None:
        out.extend(Failure(f.rule, f.message, unit) for f in found)

    if summary:
        add("summary", check_summary(summary, title=title, lang=lang, limits=limits))
    for i, text in enumerate(takeaways, start=1):
        add(f"takeaways[{i}]", check_takeaway(text, lang=lang, limits=limits))
    for i, qa in enumerate(faq, start=1):
        heading = headings.get(qa.line) if headings is not None and qa.line is not None else None
        add(f"faq[{i}].question", check_question(qa.question, heading=heading, lang=lang))
        add(f"faq[{i}].answer", check_answer(qa.answer, question=qa.question, lang=lang, limits=limits))
    out.extend(duplicates(summary=summary, takeaways=takeaways, faq=faq))
    return out


def _sentences(text: str) -> set[str]:
    return {
        normalize(s)
        for s in split_sentences(text)
        if count_words(s) >= MIN_DUPLICATE_WORDS and not step_sentence(s)  # procedures may share a step
    }


def duplicates(*, summary: str, takeaways: Sequence[str], faq: Sequence[QA]) -> list[Failure]:
    """``duplicate`` failures: a sentence in the summary box twice, two equal answers or questions."""
    out: list[Failure] = []
    box = _sentences(summary)
    for i, text in enumerate(takeaways, start=1):
        mine = _sentences(text)
        if mine & box:
            out.append(
                Failure(
                    "duplicate",
                    "repeats a sentence of the summary, so the summary box prints it twice; pick another point",
                    f"takeaways[{i}]",
                )
            )
        box |= mine
    questions: dict[str, int] = {}
    answers: dict[str, int] = {}
    summary_sentences = _sentences(summary)
    for i, qa in enumerate(faq, start=1):
        q = normalize(qa.question)
        if q in questions:
            out.append(Failure("duplicate", f"asks the same question as faq[{questions[q]}]", f"faq[{i}].question"))
        questions.setdefault(q, i)
        mine = _sentences(as_prose(qa.answer))
        twin = next((answers[s] for s in sorted(mine) if s in answers), None)
        if twin is not None:
            out.append(Failure("duplicate", f"repeats a sentence of the answer faq[{twin}].answer", f"faq[{i}].answer"))
        elif mine & summary_sentences:
            out.append(Failure("duplicate", "repeats a sentence of the summary", f"faq[{i}].answer"))
        for s in mine:
            answers.setdefault(s, i)
    return out
