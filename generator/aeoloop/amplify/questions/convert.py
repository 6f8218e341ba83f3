"""Entry point: :func:`heading_to_question` runs a heading through its language's rule table.

Why a module of its own: it is the only place that knows every table (and colon subtitles such
as "Vibration analysis: how it works", which are tried as two headings), and the listicle rule
calls back into it for "5 reasons why ..." headings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .detect import _IT_WH, _rule_question, is_question
from .english import EN_RULES
from .heading import NOT_FAQ, Heading, Rule, make_heading
from .italian import IT_RULES
from .lexicon import _EN_WH
from .skip import _rule_skip
from .text import _bare, _clean, _norm_lang


_SPLITTERS = (": ", " \u2014 ", " \u2013 ", " - ")
_FALLBACK_RULES: Final[tuple[tuple[str, Rule], ...]] = (("question", _rule_question),)
_RULES_BY_LANG = {"en": EN_RULES, "it": IT_RULES}


@dataclass(frozen=True)
class HeadingQuestion:
    """What became of one heading: the question (or None), the rule that decided, and why not.

    ``shape`` is the name of the rule that answered ('imperative', 'clause', 'skip' ...), so a
    corpus run can count shapes; ``reason`` says in a writer's words why a heading gave no
    question (navigation heading, a step of a procedure, not a shape the rules know ...).
    """

    question: str | None
    shape: str
    reason: str | None = None


# Why a rule that recognised a heading gave no question, in words a writer understands.
_REASONS: Final[dict[str, str]] = {
    "skip": "a navigation or wrapper heading (conclusion, next steps, step N, FAQ ...), not a question readers ask",
    "question": "a question that cannot stand alone",
}
_DEFAULT_REASON = "not a heading shape the rules can turn into a question that stands alone"


def _apply_explained(h: Heading) -> HeadingQuestion:
    for name, rule in _RULES_BY_LANG.get(h.lang, _FALLBACK_RULES):
        result = rule(h)
        if result is None:
            continue
        if isinstance(result, str):
            return HeadingQuestion(result, name)
        return HeadingQuestion(None, name, _REASONS.get(name, _DEFAULT_REASON))
    if h.lang not in _RULES_BY_LANG:
        return HeadingQuestion(None, "no_rules", f"no question rules for language {h.lang!r}: only headings that are questions are kept")
    return HeadingQuestion(None, "none", _DEFAULT_REASON)


def _apply(h: Heading) -> str | None:
    return _apply_explained(h).question


def _convert_explained(text: str, topic: str, lang: str, referent: str | None = None) -> HeadingQuestion:
    text = _clean(text)
    if not text or not any(c.isalpha() for c in text):
        return HeadingQuestion(None, "empty", "the heading has no words once markup is removed")
    code = _norm_lang(lang)
    if code in _RULES_BY_LANG and not text.rstrip().endswith("?"):
        split = _split_subtitle(text, topic, code)
        if split is not None:
            return HeadingQuestion(split, "subtitle")
    return _apply_explained(make_heading(text, topic=topic, lang=code, referent=referent))


def _convert(text: str, topic: str, lang: str, referent: str | None = None) -> str | None:
    return _convert_explained(text, topic, lang, referent).question


def _split_subtitle(text: str, topic: str, lang: str) -> str | None:
    """'Vibration analysis: how it works' -> 'How does vibration analysis work?';
    'Step 3: Calibrate' -> None; 'Pricing: plans for every team' -> the 'Pricing' question."""
    for sep in _SPLITTERS:
        if sep in text:
            before, after = (part.strip() for part in text.split(sep, 1))
            break
    else:
        return None
    if not before or not after:
        return None
    head = make_heading(before, topic=topic, lang=lang)
    if _rule_skip(head) is NOT_FAQ:
        return None
    after_lower = [_bare(t) for t in after.split()]
    question_like = is_question(after, lang=lang) or (after_lower and after_lower[0] in _EN_WH | _IT_WH)
    if question_like and after_lower and after_lower[0] not in {"which", "quale", "quali"}:
        converted = _apply(make_heading(_clean(after), topic=topic, lang=lang, referent=before))
        if converted:
            return converted
    return _apply(make_heading(before, topic=topic, lang=lang)) or _apply(
        make_heading(_clean(after), topic=topic, lang=lang)
    )


def heading_to_question(heading: str, *, topic: str, lang: str = "en") -> str | None:
    """Return the question a reader would ask for this heading, or None when the heading
    is not answerable as a FAQ (e.g. 'Conclusion', 'Next steps', 'References', 'Further reading',
    'Introduction', 'Summary', 'Related articles', 'Table of contents', 'Step 3: ...' style step
    headings, Italian 'Conclusione', 'Prossimi passi', ...). `topic` is the page's subject
    (e.g. 'Acme', 'predictive maintenance', 'Ridgeline Monitor') used for generic headings.

    Why: FAQPage questions must be self-contained and phrased the way people ask, so generic
    headings borrow the topic ('Pricing' -> 'How much does Acme cost?') and statements become
    questions; anything that would read unnaturally returns None rather than a bad question.
    English ('en') and Italian ('it') have full rule tables; any other language only keeps
    headings that are already questions. The result, when not None, starts with a capital
    letter and ends with exactly one '?'.
    """
    return _convert(heading, topic, lang)


def explain_heading(heading: str, *, topic: str, lang: str = "en", parent: str | None = None) -> HeadingQuestion:
    """Like :func:`heading_to_question`, plus the rule that decided and, for no question, why.

    Why: a skipped heading must be explainable ("'Conclusion' is a wrapper heading"), and corpus
    runs count question shapes. ``parent`` is the enclosing H2 of an H3 (see the definition rule).
    """
    return _convert_explained(heading, topic, lang)
