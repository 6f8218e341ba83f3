"""A summary for a page with no opening of its own: what its sections cover, said from their headings.

A page made of several independent sections and no opening paragraph (a category page of short
notes, a handbook page of rituals, a list of regional provisions) has no sentence that answers
its title: quoting the first sentences of one section summarises that section, not the page. An
editor would say what the page holds. That line is composed here from nothing but the page's
title, its H2 headings quoted as written and how many there are, followed by the leading
sentences of the sections that read alone (chosen by the backend: never a whole paragraph),
until the summary reaches its minimum length. Headings are quoted, not reworded, so no fact is paraphrased or invented.

English only (the wording is English); other languages get ``None`` and keep the backend's note.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..quality.outlines import clean_heading, count_word
from ..text import count_words


# "What's next?", "See also", "Further reading": a section that points the reader on to other pages,
# not a topic the page covers (an outline that names it as one reads like a table of contents).
_AFTERWORD = re.compile(
    r"^(?:what(?:'s|’s|\s+is|\s+comes)\s+next|next\s+steps?|where\s+to\s+go\s+(?:from\s+here|next)|see\s+also|"
    r"related(?:\s+[\w-]+)?|further\s+reading|(?:more\s+|additional\s+)?resources|learn\s+more|read\s+more|"
    r"conclusion|wrapping\s+up|final\s+thoughts|"
    # a send-off that cheers the reader on ("You did it!", "That's it!", "Congratulations!"), not a topic
    r"you(?:'re|’re|\s+are)?\s+(?:did\s+it|done|all\s+set|ready)|that(?:'s|’s|\s+is)\s+(?:it|all)|"
    r"congratulations|congrats|well\s+done|happy\s+\w+ing)\W*$",
    re.I,
)


def afterword(heading: str) -> bool:
    """True for a heading of a section that sends the reader elsewhere ("What's next?", "See
    also"): an outline of what the page covers leaves it out."""
    return bool(_AFTERWORD.match(" ".join(heading.split())))


def _series(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c": the brand style of the example site (no serial comma)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _quoted(text: str) -> str:
    """A heading or title as written, in curly quotes, cleaned of the punctuation that would read as
    residue there (:func:`aeoloop.quality.outlines.clean_heading`: "… my project.”." read clumsily)."""
    return f"“{clean_heading(text)}”"


def outline_summary(
    title: str,
    headings: list[str],
    leads: list[list[str]],
    *,
    lang: str,
    lo: int,
    hi: int,
    passes: Callable[[str], bool],
    floor: int | None = None,
    frame: list[str] | None = None,
    bare: bool = False,
) -> str | None:
    """The first wording within ``lo``–``hi`` words that ``passes`` (the quality contract, given by
    the caller): the title and how many topics it covers, as many headings as fit (all of them
    first, then fewer with "among them"), then leading sentences of the sections while they fit
    and the summary is short of ``lo``. ``leads`` holds, per section in page order, the sentences
    that may be quoted from its opening; the first of every section is taken before the second of
    any, and they are printed in page order. With ``floor``, a wording that names every heading
    may be as short as ``floor`` words (the contract's length floor for a complete outline:
    :func:`aeoloop.quality.outlines.complete_outline`). ``frame``: leading sentences of the page's own
    opening, which say what the page is about: its first is quoted before any section's, so the summary
    gives the page's frame before a section's detail. ``bare``: a wording that names every heading
    is given without leads when it passes (a page of short notes: a note's leading sentence is
    often its set-up, "By default, …", not its point, and the titles say what each note is). None
    for fewer than two headings, a language other than English, or when no wording passes."""
    if lang != "en" or len(headings) < 2:
        return None
    n = len(headings)
    count = count_word(n)
    runs = [list(frame or []), *leads]  # the opening first: page order, and its first sentence leads
    order = sorted(((d, si) for si, run in enumerate(runs) for d in range(len(run))))
    for k in range(n, 0, -1):
        shown = _series([_quoted(h) for h in headings[:k]])
        text = f"{_quoted(title)} covers {count} topics" + (f": {shown}." if k == n else f", among them {shown}.")
        total = count_words(text)
        if total > hi:
            continue
        if bare and k == n and floor is not None and floor <= total and passes(text):
            return text
        taken: set[tuple[int, int]] = set()
        for d, si in order:
            if total >= lo:
                break
            words = count_words(runs[si][d])
            if (d == 0 or (si, d - 1) in taken) and total + words <= hi:
                taken.add((si, d))
                total += words
        quoted = [runs[si][d] for si, d in sorted(taken)]
        text = " ".join([text, *quoted])
        least = floor if floor is not None and k == n else lo  # every topic named: complete when shorter
        if least <= total <= hi and passes(text):
            return text
    return None
