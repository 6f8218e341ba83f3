"""A question that only makes sense with its page's subject gets that subject from the page itself.

Why: hand grading round 5 found questions that are true on their page and empty off it: "How do
you update your snippet?" on a page titled "Hashed page paths" (for what?), "Why do numbers seem
lower than expected?" under "Troubleshooting funnels" (numbers of what?). An FAQ entry is read
alone (FAQPage JSON-LD, answer engines), so the subject the page states in its title or in the
heading above is added, word for word, and only in two shapes where the page states it plainly:

* a task on the reader's own thing ("Update your snippet", an H2 of three or four words) on a
  page whose title is a short noun phrase sharing no word with the heading: "… for <title>?";
* a question under "Troubleshooting <thing>" that does not name the thing: "… in <thing>?".

One shape is skipped instead: "What is the list?" (from "Understanding the list"), one common
noun with "the" that the page's title does not name; which list is the page's, and adding it
would mean compounding words the page never writes together.

Nothing else is added: no new word but "for"/"in", no guess at a subject the page does not
write. A heading that names its subject already is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from .heading import make_heading
from .lexicon import _EN_CLOSED, _EN_PREPOSITIONS
from .text import _bare, _finish, _join

_TROUBLESHOOTING: Final = re.compile(r"^troubleshooting\s+(?P<thing>\S.*)$", re.IGNORECASE)
_TITLE_QUESTION: Final = re.compile(r"^What (?:is|are) (?P<np>.+)\?$")
_READER_OWNERS: Final = frozenset({"your"})
_THE_ONE_NOUN: Final = re.compile(r"^What (?:is|are) the (?P<noun>[a-z][a-z-]+)\?$")


def _stems(text: str) -> set[str]:
    """Content words cut to their first five letters ('funnels' and 'funnel' meet; 'hashed', 'hash')."""
    return {
        w[:5] if len(w) > 5 else w.rstrip("s") for w in (_bare(t) for t in text.split()) if w and w not in _EN_CLOSED
    }


def _shares_word(a: str, b: str) -> bool:
    sa, sb = _stems(a), _stems(b)
    return bool(sa & sb) or any(x.startswith(y) or y.startswith(x) for x in sa for y in sb if min(len(x), len(y)) >= 4)


_HOW_YOU: Final = re.compile(r"^How do you (?P<verb>[a-z]+) (?P<rest>.+)\?$")
_OBJECTLESS: Final = frozenset({"to", "into", "onto"})


def _with_title_object(
    question: str,
    shape: str,
    lower: list[str],
    parents: tuple[str, ...],
    title_question: Callable[[str], tuple[str | None, str]],
) -> str | None:
    """'Transfer to another person' on a page titled 'Transfer ownership of a project': the task
    says where to but not what (hand grading round 6, weak); the title gives the same verb its
    object, so the question is the title's task with the heading's destination: "How do you
    transfer ownership of a project to another person?". None when the shape does not apply."""
    if shape != "imperative" or not parents or len(lower) < 3 or lower[1] not in _OBJECTLESS:
        return None
    asked = _HOW_YOU.match(question)
    title = " ".join(parents[0].split())
    title_words = [_bare(t) for t in title.split()]
    if (
        asked is None
        or asked.group("verb") != lower[0]
        or len(title_words) < 2
        or title_words[0] != lower[0]
        or title_words[1] in _EN_PREPOSITIONS
        or any(w in _OBJECTLESS for w in title_words[1:])
    ):
        return None
    found, rule = title_question(title)
    task = _HOW_YOU.match(found or "")
    if rule != "imperative" or task is None or task.group("verb") != lower[0]:
        return None
    return _finish(f"How do you {lower[0]} {task.group('rest')} {asked.group('rest')}") or None


def with_page_subject(
    question: str,
    *,
    shape: str,
    heading: str,
    parents: tuple[str, ...],
    title_question: Callable[[str], tuple[str | None, str]],
) -> str | None:
    """``question`` with the page's subject added when it needs one and the page states it plainly.

    ``heading`` is the cleaned heading, ``parents`` the page title then the heading above (as in
    :func:`~.convert.explain_heading`); ``title_question(text)`` converts a title the same way a
    heading is converted (question, rule name), so the subject keeps the article the rules give it
    ('the Data Studio connector', 'hashed page paths'). None: the question cannot stand alone and
    the page does not say its subject plainly enough to add (see the module docstring).
    """
    if not question.endswith("?"):
        return question
    thin = _THE_ONE_NOUN.match(question)
    if thin and not any(_shares_word(thin.group("noun"), parent) for parent in parents):
        return None
    lower = [_bare(t) for t in heading.split() if _bare(t)]
    with_object = _with_title_object(question, shape, lower, parents, title_question)
    if with_object is not None:
        return with_object
    if len(parents) >= 2:
        found = _TROUBLESHOOTING.match(" ".join(parents[-1].split()).rstrip("?"))
        if found and not _shares_word(question, found.group("thing")):
            thing = make_heading(found.group("thing"))
            if len(thing.lower) <= 3 and not any(w in _EN_PREPOSITIONS for w in thing.lower):
                return _finish(_join(question[:-1], "in", thing.cased)) or question
        return question
    if (
        shape != "imperative"
        or len(parents) != 1
        or not 3 <= len(lower) <= 4
        or lower[1] not in _READER_OWNERS
        or _shares_word(heading, parents[0])
    ):
        return question
    title = " ".join(parents[0].split())
    title_words = [_bare(t) for t in title.split()]
    if not 1 <= len(title_words) <= 4 or any(w in _EN_PREPOSITIONS or w in {"and", "or"} for w in title_words):
        return question
    asked, rule = title_question(title)
    found = _TITLE_QUESTION.match(asked or "")
    if rule != "noun_phrase" or not found:
        return question
    return _finish(_join(question[:-1], "for", found.group("np"))) or question
