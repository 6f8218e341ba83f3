"""The outline summary's shape: "“Title” covers N topics: “A”, “B” and “C”." — what a page of
independent sections collects, every section named by its heading as written.

Here, below the contract, because the contract judges that shape's length: an outline that names
every one of a page's sections is complete at fewer words than a summary written as prose (a page
of two short notes honestly says its two subjects in 15–30 words, and padding it to 40 quoted a
note's story or set-up). The extractive backend writes the shape with the same words
(:mod:`aeoloop.backends.extractive_outline`); an llm that writes it is judged the same way.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from typing import TYPE_CHECKING

from ..text import count_words

if TYPE_CHECKING:
    from ..page import Page

NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
_COUNTS = {v: k for k, v in NUMBERS.items()}

# "“Title” covers three topics: “A”, “B” and “C”." (the whole list: not "…, among them …")
_COMPLETE = re.compile(
    r"^“(?P<title>[^”]+)” covers (?P<count>\w+) topics: (?P<items>“[^”]+”(?:(?:, | and )“[^”]+”)+)\."
)


# Punctuation a heading carries that reads as residue inside the outline's quotes: "… my project.”."
# (a sentence heading's full stop before the outline's own), a colon that introduced the body.
_TRAILING = ".:;,"


_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+(?=\S)")


def _edge_symbols(text: str) -> str:
    """``text`` without the pictographs (emoji, dingbats: Unicode "So") and joiners at its ends."""
    keep = list(text)
    while keep and (unicodedata.category(keep[-1]) in ("So", "Sk", "Mn", "Cf") or keep[-1].isspace()):
        keep.pop()
    start = 0
    while start < len(keep) and (
        unicodedata.category(keep[start]) in ("So", "Sk", "Mn", "Cf") or keep[start].isspace()
    ):
        start += 1
    return "".join(keep[start:]) or text


def clean_heading(text: str) -> str:
    """A heading or title as the outline quotes it: one line, without wrapping quotes, its trailing
    full stop or colon dropped (the outline's sentence ends itself), inner curly double quotes made
    single (they would close the outline's own quotes), a leading "1. " dropped (the page's numbering).
    A question mark stays: the topic is a question."""
    out = " ".join(text.split()).strip()
    inner = out[1:-1]
    if len(out) > 2 and out[0] in '"“' and out[-1] in '"”' and not any(q in inner for q in '"“”'):
        out = inner.strip()
    out = _edge_symbols(out).rstrip(_TRAILING).strip()  # "You did it! 🎉": the decoration, not the topic
    out = _NUMBERED.sub("", out) or out  # "1. Configure …": the page's numbering, not the topic
    return out.replace("“", "‘").replace("”", "’")


def count_word(n: int) -> str:
    """How the outline writes a count: a word up to ten, digits after (the brand's style)."""
    return NUMBERS.get(n, str(n))


def complete_outline(summary: str, title: str) -> bool:
    """True when ``summary`` opens with the outline of the page titled ``title`` naming every topic
    it counts: "“Title” covers two topics: “A” and “B”." The shorter length floor
    (:attr:`aeoloop.quality.contract_rules.Limits.outline_floor`) applies to it only."""
    m = _COMPLETE.match(summary.strip())
    if m is None or " ".join(m.group("title").split()) != clean_heading(title):
        return False
    word = m.group("count")
    n = _COUNTS.get(word) or (int(word) if word.isdigit() else 0)
    return n >= 2 and len(re.findall(r"“[^”]+”", m.group("items"))) == n


# A page of short entries (a category page of notes, a page of questions and their answers): each
# H2 section is about this long at the median and none is much longer. Parts of one document are
# longer and have subsections (the guides' sections run 140–790 words at the median, with H3s).
ENTRY_MEDIAN_WORDS = 150
ENTRY_MAX_WORDS = 300


def short_entries(page: Page) -> bool:
    """True for a page with no opening paragraph or list, made of two or more H2 sections, no
    deeper headings, whose sections are short (median ≤ :data:`ENTRY_MEDIAN_WORDS` words of
    paragraphs and lists, none over :data:`ENTRY_MAX_WORDS`): a collection of independent entries,
    where a run of one entry's sentences says what that entry says, not what the page collects."""
    if not page.sections or page.sections[0].level != 2 or page.sections[0].heading is None:
        return False
    if any(s.level != 2 or s.heading is None for s in page.sections):
        return False
    if len(page.sections) < 2:
        return False
    words = [sum(count_words(b.text) for b in s.blocks if b.kind in ("paragraph", "list")) for s in page.sections]
    return statistics.median(words) <= ENTRY_MEDIAN_WORDS and max(words) <= ENTRY_MAX_WORDS
