"""Turn section headings into the questions readers actually ask (for FAQPage JSON-LD).

Why: answer engines match a user's *question* against the questions a page declares, so an FAQ
built from raw headings ("Pricing", "Setting up the tracker") is invisible to them. Each heading
is rewritten into the question a person would type into ChatGPT ("How much does Acme cost?",
"How do you set up the tracker?"), or rejected when it is not answerable ("Conclusion").

Design: a small, deterministic rule table per language. Each rule is a plain function
``rule(heading) -> str | NOT_FAQ | None``: a string is the question, ``NOT_FAQ`` means "this rule
recognised the heading and it is not FAQ material", ``None`` means "not mine, try the next rule".
The first rule that answers wins, so every rule can be tested on its own and the order documents
precedence (see ``EN_RULES`` / ``IT_RULES``).

English grammar comes from ``lemminflect`` (lemmas and inflections, loaded lazily and cached);
Italian uses suffix heuristics for number, gender and articles. No parser, no model: the output
must be predictable from the rules and identical on every run.

Headings that are questions already are kept verbatim apart from tidying ("?" and spacing). A
bare "it" subject becomes the topic ("Why it matters" -> "Why does predictive maintenance
matter?") so every question stands on its own in the FAQ.

Layout (each module imports only the ones above it; ``english`` calls back into ``convert``
lazily for listicles):

* ``text``: Markdown/HTML clean-up, bare words, acronyms, finishing a question.
* ``lexicon``: English word lists shared by several rules.
* ``morphology``: English lemmas, inflections, number and agreement (``lemminflect``, lazy).
* ``heading``: the :class:`Heading` rule input, tokenising, casing, the rule protocol.
* ``skip`` / ``detect``: rules shared by both languages; :func:`is_question`.
* ``noun_phrase``, ``wh_clauses``, ``english``: the English rules and ``EN_RULES``.
* ``italian_grammar``, ``italian``: Italian articles and agreement, the rules and ``IT_RULES``.
* ``convert``: :func:`heading_to_question`, the entry point.
* ``answer_fit``: :func:`when_question`, :func:`arrangement_question`, :func:`actor_question`, the question adjusted to the
  answer chosen for it.

``aeoloop.backends.extractive`` hashes every ``*.py`` file of this package into its cache key,
so any change to a rule invalidates cached artifacts.
"""

from __future__ import annotations

from .answer_fit import actor_question, arrangement_question, when_question
from .convert import HeadingQuestion, explain_heading, heading_to_question
from .detect import is_question
from .english import EN_RULES
from .heading import NOT_FAQ, Heading, make_heading
from .italian import IT_RULES
from .names import page_names
from .page_context import PageHeadings

__all__ = [
    "EN_RULES",
    "IT_RULES",
    "NOT_FAQ",
    "Heading",
    "HeadingQuestion",
    "PageHeadings",
    "actor_question",
    "arrangement_question",
    "explain_heading",
    "heading_to_question",
    "is_question",
    "make_heading",
    "page_names",
    "when_question",
]
