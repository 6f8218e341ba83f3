"""The contract's vocabulary: every rule id with what it protects, a :class:`Failure` naming one,
and the word :class:`Limits` the checks judge lengths by.

Apart from the checks so that every check module (and every caller) shares one table of rule ids
and one set of limits, with no check importing another to get them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, ParamSpec


if TYPE_CHECKING:
    from ..settings import Settings


#: Entries of each memo of a sentence check or a sentence's terms (the checks below, the how-tests,
#: the leaning test, the key terms). Their repeats are within a page (~20-30 distinct texts a page
#: each): 2,048 entries keep the last ~70 pages'. At 16,384 (8,192) they kept nearly every text a
#: generate worker had seen: 500 pages grew a worker by 36.8 MB (23.7 MB at 2,048), in the cold
#: build's largest processes, with no CPU-s measured to be saved.
SENTENCE_MEMO = 1 << 11


#: Every rule id with what it protects; the harness and the README read this table.
RULES: dict[str, str] = {
    "question-mark": "a question ends with '?'",
    "question-markup": "a question is plain text: no Markdown, HTML or attribute lists",
    "question-shape": "a question reads like one a person would type: it opens with a question word or an "
    "auxiliary, and its grammar holds (no clause or instruction forced after 'What is', no task read as a "
    "thing, no 'do' before a contraction, no two clauses, no Title Case left mid-question)",
    "question-subject": "a question keeps the subject of the heading it comes from",
    "unseen-reference": "a unit stands on its own: it does not open by pointing at text the reader cannot see "
    "(this, these, it, they, such, the above, as mentioned, however, also …)",
    "page-position": "a unit does not point at a place on the page (below, above, the following, this page)",
    "fragment": "a unit is made of whole sentences: it starts with a capital, ends with '.', '!' or '?', and a "
    "definition has its subject",
    "incomplete": 'a unit that announces items or steps gives them, an answer that opens a procedure ("First, …") '
    "goes on to its next step, and no unit ends on a colon",
    "answer-length": "an FAQ answer has between min(20, faq.min_words) and faq.max_words words (a single "
    "whole sentence may run a quarter over: sentences are never cut; a numbered procedure, 'Five steps: 1) … "
    "2) …', may take twice faq.max_words, since a procedure cut short is wrong)",
    "partial-answer": "an FAQ answer to a how, why, when or what-if question gives every part its section says in "
    "answer: not the first part alone while the section goes on to the steps, the list a lead-in announces or the "
    "step after the code (a definition is complete once it says what the thing is)",
    "off-topic": "an answer shares at least one key term with its question, and the answer to 'How does X "
    "work?' names X whole",
    "definition": "the answer to 'What is X?' says what X is in its first sentence (not only what X is not, "
    "excludes or leaves out)",
    "foil": "an answer does not give what its section then turns away from (the ordinary way a later sentence "
    "drops: 'Instead, …', 'But that gives …', '… by abandoning X and instead …')",
    "how-answer": "the answer to 'How do you …?' says how in its first two sentences (an instruction, a command or "
    "setting to use, a way to do it), does not open with a scene or the why, and does not stop at the problem a "
    "later sentence turns to ('However, …', '… though.') without the fix",
    "question-in-answer": "an answer asks no question of its own (opening, closing or in the middle)",
    "withheld": "an answer gives what it promises: it does not end by saying a way exists ('… but can be "
    "configured.') or that it depends on cases it never gives, nor open with what the reader may have noticed",
    "summary-length": "the summary has summary.min_words to summary.max_words words",
    "summary-off-title": "the summary answers the title: it names what the title is about",
    "takeaway-length": "a takeaway is one statement of 6 to 40 words",
    "duplicate": "nothing is printed twice on a page (summary and takeaways, two answers, two questions)",
    "setup": "a summary, takeaway, FAQ answer or channel item makes its point: it does not open with a scenario, a greeting or "
    'a motivation ("Let\'s say …", "Imagine …", "Thank you for …", "You might not want …"); a takeaway does not tell '
    'the writer\'s own story ("I recently installed …")',
    "sentence-length": "no generated sentence is longer than the brand's sentence limit (limits.sentence in "
    "brand/voice.yml): the extractive backend prefers runs of shorter sentences",
    "bare-instruction": 'a takeaway or channel item that tells the reader to do something says what for ("To cancel '
    'your plan, go to …"): a step quoted out of its procedure means nothing',
}


@dataclass(frozen=True)
class Failure:
    """One broken rule: ``rule`` is a key of :data:`RULES`, ``unit`` says which text ("faq[2].answer")."""

    rule: str
    message: str
    unit: str = ""

    def __str__(self) -> str:
        return f"{self.unit}: [{self.rule}] {self.message}" if self.unit else f"[{self.rule}] {self.message}"


@dataclass(frozen=True)
class Limits:
    """Word limits of the units, read from the plugin options (never hard-coded elsewhere)."""

    summary_min: int = 40
    summary_max: int = 60
    answer_min: int = 40
    answer_max: int = 60
    takeaway_min: int = 6
    takeaway_max: int = 40
    sentence_max: int | None = None  # the brand's sentence limit (brand/voice.yml limits.sentence), if any

    @classmethod
    def from_settings(cls, settings: Settings, *, sentence_max: int | None = None) -> Limits:
        """The plugin options' word limits; ``sentence_max`` from the brand's voice rules
        (:meth:`aeoloop.express.voice.Voice.sentence_max`) where a caller chooses text by it.
        The guardrail step leaves it out: ``Voice.SentenceLength`` already lints generated text."""
        return cls(
            settings.summary.min_words,
            settings.summary.max_words,
            settings.faq.min_words,
            settings.faq.max_words,
            sentence_max=sentence_max,
        )

    @property
    def answer_floor(self) -> int:
        return min(20, self.answer_min)

    @property
    def outline_floor(self) -> int:
        """The fewest words of a summary that names every section of a page of independent sections
        (:func:`aeoloop.quality.outlines.complete_outline`): it is as long as the page's headings
        (two notes' subjects take 15–30 words), and padding it to ``summary_min`` quoted a note's
        story or set-up; the floor still refuses headings too short to say anything."""
        return min(15, self.summary_min)

    @property
    def answer_ceiling(self) -> int:
        return self.answer_max + self.answer_max // 4

    @property
    def list_ceiling(self) -> int:
        """A numbered procedure ("Five steps: 1) … 2) …", one sentence per step) may take twice ``answer_max``: cut, it is
        a wrong procedure; whole, answer engines quote it as the list it is (about 8 steps of 12–15
        words at the default 60)."""
        return 2 * self.answer_max


_Args = ParamSpec("_Args")


def memo_check(check: Callable[_Args, list[Failure]]) -> Callable[_Args, list[Failure]]:
    """Cache a unit check (a pure function of its text and keyword arguments, all hashable).

    Why: a cold build judges the same unit several times in one process: the extractive backend
    while it chooses (``_fails``, the FAQ's answer tries), then the guardrails' check and verify's
    verdict judged ahead, both on the chosen units (``quality.page.check_artifacts``, twice a
    page). Each call gets its own list; the failures themselves are frozen."""
    cached: Callable[..., tuple[Failure, ...]] = lru_cache(maxsize=SENTENCE_MEMO)(
        lambda *args, **kwargs: tuple(check(*args, **kwargs))
    )

    @wraps(check)
    def checked(*args: _Args.args, **kwargs: _Args.kwargs) -> list[Failure]:
        return list(cached(*args, **kwargs))

    return checked
