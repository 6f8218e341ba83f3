"""Words and sentences, counted and split one way for the whole package.

Why: a summary that the generator counts as 40 words must also be 40 words for the guardrail
step, for verify's score and for the quality harness; one definition here means a limit in
mkdocs.yml means the same thing everywhere. The rules are plain regular expressions, so the
result is deterministic and needs no model.

- A *word* is a run of letters/digits, joined by inner hyphens or apostrophes
  ("page-view", "don't" and "l'analisi" are one word each).
- A *sentence* ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes or brackets) followed by
  whitespace and a capital letter, a digit, a quote or an opening bracket; a known abbreviation
  ("e.g.", "i.e.", "vs.", "Dr.") or a single initial does not end a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*", re.U)
TERMINAL_RE = re.compile(r"[.!?…][\"'”’)\]]*$")

# Abbreviations that end in a period but not a sentence (lower case, without the final period).
# Italian ones too: "p.es.", "ecc.", "es.", "pag.", "sig.", "dott.", "ing.", "avv.".
ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "approx",
        "dept",
        "est",
        "fig",
        "inc",
        "ltd",
        "corp",
        "co",
        "no",
        "nos",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vol",
        "p.es",
        "ecc",
        "es",
        "pag",
        "sig",
        "sigg",
        "dott",
        "ing",
        "avv",
    ]
)
_BOUNDARY_RE = re.compile(r"([.!?…][\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[\d\w])", re.U)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def words(text: str) -> list[str]:
    """The words of ``text``, in order."""
    return WORD_RE.findall(text or "")


#: Entries of each memo below. A cold build calls these about six times per distinct text (every
#: chooser and check counts and compares the same sentences of a page); repeats are within a page,
#: so a few dozen pages' worth is enough (32,768 entries a memo held ~28 MB more at 300 pages in
#: one process). Pure functions of the text, so a memo never changes a result.
_MEMO = 1 << 12


@lru_cache(maxsize=_MEMO)
def count_words(text: str) -> int:
    """How many words ``text`` has (the count every word limit uses)."""
    return len(WORD_RE.findall(text or ""))


def is_complete(text: str) -> bool:
    """True when ``text`` ends like a sentence (terminal punctuation, maybe a closing quote)."""
    return bool(TERMINAL_RE.search(text.strip()))


def split_sentences(text: str) -> list[str]:
    """Whole sentences of a paragraph, in order; text without a boundary is one sentence."""
    return list(_sentences(text))  # a new list each time: callers may change theirs


@lru_cache(maxsize=_MEMO)
def _sentences(text: str) -> tuple[str, ...]:
    text = " ".join((text or "").split())
    if not text:
        return ()
    out: list[str] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        end = match.end(1)
        if match.group(1)[0] == "." and _is_abbreviation(text[start : match.start(1)]):
            continue
        nxt = text[match.end(2) : match.end(2) + 1]
        if nxt.isalpha() and nxt.islower():
            continue  # "approx. five", "3 p.m. today": a lower-case word goes on the same sentence
        out.append(text[start:end].strip())
        start = match.end(2)
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return tuple(out)


def _is_abbreviation(before: str) -> bool:
    last = before.rsplit(" ", 1)[-1].lstrip("([\"'“‘")
    if not last:
        return False
    if len(last) == 1 and last.isalpha():
        return True  # an initial: "J. Smith"
    return last.lower() in ABBREVIATIONS


@lru_cache(maxsize=_MEMO)
def normalize(text: str) -> str:
    """Text for "is this the same sentence?" comparisons: NFKC, straight quotes, one space, no case."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return " ".join(text.split()).casefold()


# Where a sentence split at a clause boundary differs from the writer's: ". " for "; " or ", and ".
_SPLIT_MARK = re.compile(r"\s*(?:[.;]|,\s*and\b|,(?=\s*but\b))\s*")


@lru_cache(maxsize=_MEMO)
def split_key(text: str) -> str:
    """``text`` for "the same sentences, split or not?" comparisons: :func:`normalize`, with a full
    stop, a semicolon and ", and" (", but") read as one mark and no spaces. "… in a hall, and a
    probe reaches …" and "… in a hall. A probe reaches …" have the same key; a different word,
    a shell prompt or a colon is still a difference."""
    return "".join(_SPLIT_MARK.sub("|", normalize(text)).split())
