"""Entry point: :func:`heading_to_question` runs a heading through its language's rule table.

Why a module of its own: it is the only place that knows every table (and colon subtitles such
as "Vibration analysis: how it works", which are tried as two headings), and the listicle rule
calls back into it for "5 reasons why ..." headings.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from .detect import _IT_WH, _rule_question, is_question
from .english import EN_RULES
from .heading import NOT_FAQ, Heading, Reconvert, Rule, make_heading
from .italian import IT_RULES
from .lexicon import _EN_WH
from .page_subject import with_page_subject
from .skip import _rule_skip
from .text import _bare, _clean, _norm_lang, _strip_symbols


_SPLITTERS = (": ", " \u2014 ", " \u2013 ", " - ")
_FALLBACK_RULES: Final[tuple[tuple[str, Rule], ...]] = (("question", _rule_question),)
_RULES_BY_LANG = {"en": EN_RULES, "it": IT_RULES}
# Labels before a colon that only announce what follows ("Troubleshooting: 404 goal showing zero
# conversions", "Updated: custom properties"): the question comes from the part after the colon.
_LABELS: Final = frozenset(
    """troubleshooting faq note tip tips problem issue symptom updated new removed simplified fixed
    deprecated changed example bonus important warning caution update breaking""".split()
)


_STEP_NUMBER: Final = re.compile(r"^\s*\d{1,2}[.)]\s+\S")
_REMOVED_LABELS: Final = frozenset({"removed", "deprecated"})


@dataclass(frozen=True)
class HeadingQuestion:
    """What became of one heading: the question (or None), the rule that decided, and why not.

    ``shape`` is the name of the rule that answered ('imperative', 'clause', 'skip' ...), so a
    corpus run can count shapes; ``reason`` says in a writer's words why a heading gave no
    question (navigation heading, not a shape the rules know ...).
    """

    question: str | None
    shape: str
    reason: str | None = None


@dataclass(frozen=True)
class _Context:
    topic: str
    lang: str
    parents: tuple[str, ...] = ()
    names: frozenset[str] = field(default_factory=frozenset)
    plain: bool = False

    numbered: bool = False

    def heading(self, text: str, referent: str | None = None) -> Heading:
        return make_heading(
            text,
            topic=self.topic,
            lang=self.lang,
            referent=referent,
            parents=self.parents,
            names=self.names,
            numbered=self.numbered,
        )


# Why a rule that recognised a heading gave no question, in words a writer understands.
_REASONS: Final[dict[str, str]] = {
    "skip": "a navigation or wrapper heading (conclusion, next steps, step N, FAQ ...), not a question readers ask",
    "question": "a question that does not stand alone outside its page",
    "fragment": "a fragment (a preposition or adverb phrase), not a subject a reader asks about",
    "clause": "a statement in the writer's own voice ('we ...'), not a reader's question",
    "topic_heading": "a generic heading and the page has no topic to ask about",
    "generic_plural": "a generic heading and the page has no topic to ask about",
    "checklist": "a question the page asks its reader ('Have you cleared your cache?'), not one a reader "
    "types; the FAQ keeps the reader's questions",
    "unseen_referent": "it points at something it does not name ('it', 'other ...', 'these ...'), so the "
    "question would not stand alone; name the thing in the heading",
    "check": "a yes/no check the page runs through with its reader in a troubleshooting part ('Does the name "
    "match?'): asked alone it says neither what is checked for nor what to do; ask the symptom's question instead",
    "numbered_check": "a numbered check of a troubleshooting, investigation or checklist procedure: asked alone "
    "('How do you check …?') it loses what the check is for; the procedure's own heading asks the question",
    "thin_definition": "'What is the …?' of one common noun the page's title does not name ('the list'): off the "
    "page it does not say whose; name the thing in the heading ('Understanding the journeys list')",
    "aspect_of_question": "one word (or two things joined by 'and') under a question heading names an aspect of "
    "that question, not a question of its own",
    "description": "a description ('A … of your …') of what the section offers the reader, not a term: 'What is a …?' would ask "
    "for a definition the section does not give; name the thing or the task in the heading",
    "navigation_step": "a step that says where to go ('Go to your site editor'), not a task a reader asks about",
    "bare_question": "a question word and a verb ('Who qualifies?') ask about nothing the heading names",
    "result_statement": "a statement of the result you should see ('... should now be ready'), not a question",
    "also_statement": "an option added to the section before ('You can also …'): 'Can you …?' is answered by the "
    "heading itself; put the option in that section's answer, or write the heading as a task",
    "benefit": "a reason listed under a 'Why …' heading, not a task: a 'How do you …?' question would ask for a "
    "way the section never gives",
    "understanding_label": "a label addressed to the reader ('… for your project'): 'What is … for your …?' is not "
    "a question a reader types; name the thing or the task in the heading",
    "label": "a label addressed to the reader ('… for your pages'): 'What is … for your …?' is not a question a "
    "reader types; name the thing or the task in the heading",
    "technique": "names a technique with its instrument ('… with …') as a noun phrase: 'What is …?' would ask for a "
    "definition of a task; write the heading as a task ('Remove an item with the spread operator')",
    "statement": "a statement of fact in Title Case: turned round into 'How does … ?' it asks something the "
    "section does not answer; write the heading as the reader's question",
    "state": "a statement that its subject is in a state ('… feel informal', '… seem slow'): 'How do … feel …?' "
    "asks how a state is done; write the heading as the reader's question",
    "sentence": "a whole sentence (its own subject and verb, or two clauses), not a heading a reader's question "
    "can be made from without rewriting it",
}
_DEFAULT_REASON = "not a heading shape the rules can turn into a question that stands alone"


def _apply_explained(h: Heading) -> HeadingQuestion:
    for name, rule in _RULES_BY_LANG.get(h.lang, _FALLBACK_RULES):
        result = rule(h)
        if isinstance(result, Reconvert):
            result = _convert(result.text, h.topic, h.lang, h.referent) or result.otherwise
        if result is None:
            continue
        if isinstance(result, str):
            return HeadingQuestion(result, name)
        return HeadingQuestion(None, name, _REASONS.get(name, _DEFAULT_REASON))
    if h.lang not in _RULES_BY_LANG:
        return HeadingQuestion(
            None, "no_rules", f"no question rules for language {h.lang!r}: only headings that are questions are kept"
        )
    return HeadingQuestion(None, "none", _DEFAULT_REASON)


def _apply(h: Heading) -> str | None:
    return _apply_explained(h).question


# Pronoun contractions are spelled out before the rules run, so "How you'll receive the funds"
# inverts to "How will you receive the funds?" instead of "How do you'll ...?".
_EN_CONTRACTION = re.compile(r"\b(you|we|they|i|he|she)['\u2019](ll|re|ve|m|d)\b", re.IGNORECASE)
_EN_EXPANSION: Final = {"ll": "will", "re": "are", "ve": "have", "m": "am", "d": "would"}


def _expand_contractions(text: str) -> str:
    return _EN_CONTRACTION.sub(lambda m: f"{m.group(1)} {_EN_EXPANSION[m.group(2).lower()]}", text)


def _convert_explained(text: str, ctx: _Context, referent: str | None = None) -> HeadingQuestion:
    if _STEP_NUMBER.match(text):
        ctx = dataclasses.replace(ctx, numbered=True)  # '3. Check the entry pages': a step (number cleaned off below)
    text = " ".join(_clean(text, plain=ctx.plain).replace("](", " ").split())  # a broken link's remnant ('B](')
    text, symbol_inside = _strip_symbols(text)
    if symbol_inside:
        return HeadingQuestion(None, "symbol", "an emoji or symbol stands for a word in it; write the word")
    if ctx.lang == "en" and not text.rstrip().endswith("?"):
        text = _expand_contractions(text)
    if not text or not any(c.isalpha() for c in text):
        return HeadingQuestion(None, "empty", "the heading has no words once markup is removed")
    if ctx.lang in _RULES_BY_LANG and not text.rstrip().endswith("?"):
        split = _split_subtitle(text, ctx)
        if split is not None:
            return split
    return _apply_explained(ctx.heading(text, referent))


def _convert(text: str, topic: str, lang: str, referent: str | None = None) -> str | None:
    return _convert_explained(text, _Context(topic, _norm_lang(lang)), referent).question


def _split_subtitle(text: str, ctx: _Context) -> HeadingQuestion | None:
    """'Vibration analysis: how it works' -> 'How does vibration analysis work?';
    'Step 3: Calibrate' -> None; 'Pricing: plans for every team' -> the 'Pricing' question;
    'Troubleshooting: 404 goal showing zero conversions' -> the question of the part after the label."""
    for sep in _SPLITTERS:
        if sep in text:
            before, after = (part.strip() for part in text.split(sep, 1))
            break
    else:
        return None
    if not before or not after:
        return None
    head = ctx.heading(before)
    if _rule_skip(head) is NOT_FAQ:
        # 'Conclusion: predictive maintenance pays off', 'Step 3: Calibrate': the label decides
        return HeadingQuestion(None, "skip", _REASONS["skip"])
    after_lower = [_bare(t) for t in after.split()]
    if head.key in _REMOVED_LABELS:
        return HeadingQuestion(
            None,
            "removed",
            "a change note about something removed or deprecated, not a question "
            "a reader asks about the product as it is",
        )
    if head.key in _LABELS:
        found = _apply_explained(ctx.heading(_clean(after, plain=ctx.plain)))
        return HeadingQuestion(found.question, "subtitle", found.reason) if found.question else found
    question_like = is_question(after, lang=ctx.lang) or (after_lower and after_lower[0] in _EN_WH | _IT_WH)
    if question_like and after_lower and after_lower[0] not in {"which", "quale", "quali"}:
        converted = _apply(ctx.heading(_clean(after, plain=ctx.plain), referent=before))
        if converted:
            return HeadingQuestion(converted, "subtitle")
    question = _apply(head) or _apply(ctx.heading(_clean(after, plain=ctx.plain)))
    return HeadingQuestion(question, "subtitle") if question else None


def explain_heading(
    heading: str,
    *,
    topic: str,
    lang: str = "en",
    parents: Sequence[str] = (),
    names: frozenset[str] = frozenset(),
    plain: bool = False,
) -> HeadingQuestion:
    """Like :func:`heading_to_question`, plus the rule that decided and, for no question, why.

    Why: a skipped heading must be explainable ("'Conclusion' is a wrapper heading"), and corpus
    runs count question shapes. ``plain=True`` for heading text the page model already parsed
    (inline code kept as written, nothing left to strip).
    """
    found = _convert_explained(heading, _Context(topic, _norm_lang(lang), tuple(parents), names, plain))
    if found.question is None or _norm_lang(lang) != "en" or not parents:
        return found

    def title_question(title: str) -> tuple[str | None, str]:
        asked = explain_heading(title, topic="", lang=lang, names=names, plain=plain)
        return asked.question, asked.shape

    question = with_page_subject(
        found.question,
        shape=found.shape,
        heading=_clean(heading, plain=plain),
        parents=tuple(" ".join(p.split()) for p in parents if p and p.strip()),
        title_question=title_question,
    )
    if question is None:
        return HeadingQuestion(None, "thin_definition", _REASONS["thin_definition"])
    return found if question == found.question else HeadingQuestion(question, found.shape)


def heading_to_question(
    heading: str,
    *,
    topic: str,
    lang: str = "en",
    parents: Sequence[str] = (),
    names: frozenset[str] = frozenset(),
) -> str | None:
    """Return the question a reader would ask for this heading, or None when the heading
    is not answerable as a FAQ (e.g. 'Conclusion', 'Next steps', 'References', 'Further reading',
    'Introduction', 'Summary', 'Related articles', 'Table of contents', 'Step 3: ...' style step
    headings, Italian 'Conclusione', 'Prossimi passi', ...). `topic` is the page's subject
    (e.g. 'Acme', 'predictive maintenance', 'Ridgeline Monitor') used for generic headings.

    ``parents`` are the enclosing headings, outermost first (page title, then the H2 above an
    H3): a term under "Metrics", "Glossary" or "Definitions" is asked as "What is <term>?".
    ``names`` are words the page writes with a capital mid-sentence (see
    :func:`page_names`); they keep their capital in the question.

    Why: FAQPage questions must be self-contained and phrased the way people ask, so generic
    headings borrow the topic ('Pricing' -> 'How much does Acme cost?') and statements become
    questions; anything that would read unnaturally returns None rather than a bad question.
    English ('en') and Italian ('it') have full rule tables; any other language only keeps
    headings that are already questions. The result, when not None, starts with a capital
    letter and ends with exactly one '?'.
    """
    return explain_heading(heading, topic=topic, lang=lang, parents=parents, names=names).question
