"""Generate's cuts give the results of the work they skip.

- The glossary's needles (:class:`aeoloop.backends.nlp.GlossaryNeedles`): a text in which no pattern
  can match is not read by spaCy; the entities are those of reading every text, on texts built from
  the patterns' pieces with every kind of join (spaces, new lines, hyphens, case, a capital sigma).
- The takeaways' spares (a section's second candidate that stands alone) are checked only when fewer
  than three picks were found: a page with two sections still gets its third takeaway.
- The memoised phrase shape of the keyphrases gives the verdict of the rules on their own.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.amplify import keyphrases
from aeoloop.backends import nlp as nlp_mod
from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.brand import Term, load_brand
from aeoloop.page import load_page
from aeoloop.settings import Settings

ROOT = Path(__file__).parent.parent

TERMS = [
    Term(name="Overall equipment effectiveness", aliases=["OEE"]),
    Term(name="press-fit bearing", aliases=["PFB"]),
    Term(name="Acme Console", type="Product", case_sensitive=True),
    Term(name="cannot fail mode"),  # the tokenizer splits "cannot" in two: the needles must too
    Term(name="Σigma drift"),
]

PIECES = [
    "overall",
    "Overall",
    "OVERALL",
    "equipment",
    "Equipment",
    "effectiveness",
    "oee",
    "OEE",
    "press",
    "Press",
    "fit",
    "bearing",
    "pfb",
    "Acme",
    "acme",
    "Console",
    "console",
    "cannot",
    "can",
    "not",
    "fail",
    "mode",
    "Σigma",
    "σigma",
    "ΣIGMA",
    "drift",
    "line",
    "shift",
]
JOINS = ["", " ", "  ", "\n", "-", " - ", ".", ". ", ", ", "'s ", "(", ")", "/"]


def _texts(draw_pieces: list[tuple[str, str]]) -> str:
    return "".join(piece + join for piece, join in draw_pieces)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(JOINS)), max_size=12), max_size=6))
def test_needles_skip_only_texts_without_an_entity(parts: list[list[tuple[str, str]]]) -> None:
    nlp = nlp_mod.pipeline("en", TERMS)
    needles = nlp_mod.needles("en", TERMS)
    assert needles is not None
    texts = [_texts(p) for p in parts]
    read_all = nlp_mod.analyse(nlp, texts, sentences=False)
    skipping = nlp_mod.analyse(nlp, texts, sentences=False, needles=needles)
    assert [a.ents for a in skipping] == [a.ents for a in read_all]


def test_needles_find_every_way_a_term_is_written() -> None:
    nlp = nlp_mod.pipeline("en", TERMS)
    needles = nlp_mod.needles("en", TERMS)
    assert needles is not None
    texts = [
        "The OVERALL Equipment effectiveness of the line rose.",
        "Fit each press - fit bearing by hand.",
        "The Acme Console shows it; the acme console does not.",
        "A can not fail mode is rare.",
        "ΣIGMA DRIFT and σigma drift.",
        "Nothing here names a term at all.",
        "",
    ]
    read_all = nlp_mod.analyse(nlp, texts, sentences=False)
    assert [len(a.ents) for a in read_all] == [1, 1, 1, 1, 2, 0, 0]
    assert [a.ents for a in nlp_mod.analyse(nlp, texts, sentences=False, needles=needles)] == [a.ents for a in read_all]
    assert [needles.may_match(t) for t in texts[-2:]] == [False, False]


def test_no_glossary_reads_no_text_and_a_trained_model_reads_all() -> None:
    empty = nlp_mod.needles("en", [])
    assert empty is not None and not empty.may_match("Overall equipment effectiveness")
    assert nlp_mod.needles("en", TERMS, "en_core_web_sm") is None


TWO_SECTIONS = """---
title: Kiln firing logs
description: How a pottery studio keeps its kiln firing logs so that every glaze result can be traced.
---

A kiln firing log records each firing of the studio's kiln with the cone reached and the glazes inside.

## Glaze tracing

Potters read the firing log when a glaze comes out dull or crawls off the pot.
A firing log lets a potter trace every glaze result back to the firing that produced it.
Studios that log every firing waste fewer pots on repeated glaze faults each season.

## Cooling records

The cooling time of the kiln changes how matte or glossy most glazes turn out.
Each entry of the firing log names the cone, the date and the shelves that were loaded.
The log also notes how long the kiln took to cool before the door was opened.
"""


def test_a_page_with_two_sections_still_gets_a_spare_takeaway(tmp_path: Path) -> None:
    """Two sections give two picks; the third takeaway is the second section's spare (the takeaways
    chosen before the spares were made lazily: the same three, in page order)."""
    source = tmp_path / "kiln.md"
    source.write_text(TWO_SECTIONS, encoding="utf-8")
    page, _ = load_page(source, "kiln.md")
    assert page is not None
    art = ExtractiveBackend(Settings(), load_brand(ROOT / "brand", ROOT)).generate(page)
    assert art.takeaways == [
        "Studios that log every firing waste fewer pots on repeated glaze faults each season.",
        "The cooling time of the kiln changes how matte or glossy most glazes turn out.",
        "Each entry of the firing log names the cone, the date and the shelves that were loaded.",
    ]


def _reference_acceptable(phrase: str, lang: str, stop: frozenset[str], code: set[str]) -> bool:
    """The rules as one function, before the code-free part was memoised."""
    from aeoloop.amplify.keyphrases import CALENDAR, CODEISH, GENERIC, POSSESSIVE, VAGUE, VERBS, WORD, _verb

    tokens = phrase.split()
    words = WORD.findall(phrase)
    if not words or len(words) != len(tokens) or len(words) > 3:
        return False
    if any(CODEISH.search(t) for t in tokens) or any(w.isdigit() for w in words):
        return False
    low = [w.lower() for w in words]
    if any(w in stop for w in low) or any(w in GENERIC for w in low):
        return False
    if low[-1].endswith("ly") and len(low) > 1:
        return False
    verbs = VERBS.get(lang, set())
    if (len(low) > 1 and _verb(low[-1], verbs)) or (len(low) > 1 and low[0].endswith("ly")):
        return False
    if any(a[:1].islower() and b[:1].isupper() and not b.isupper() for a, b in zip(words, words[1:])):
        return False
    if any(w in POSSESSIVE.get(lang, set()) for w in low):
        return False
    plain = all(w[:1].isupper() and (w[1:].islower() or not w[1:]) for w in words)
    if any(w in code for w in low) and not plain:
        return False
    if lang == "en" and ((words[0][:1].islower() and low[0] in VAGUE) or (len(low) == 1 and low[0] in CALENDAR)):
        return False
    if len(words) == 1:
        w = words[0]
        proper = w[:1].isupper() and not w.isupper() and len(w) >= 3
        acronym = w.isupper() and 2 <= len(w) <= 6 and w.isalpha()
        if not (proper or acronym):
            return False
    return len(phrase) >= 3


WORDS = [
    "Glaze",
    "glaze",
    "log",
    "Kiln",
    "kiln",
    "OEE",
    "the",
    "quickly",
    "x_y",
    "3",
    "Cone",
    "add",
    "your",
    "May",
    "Ab",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=4), st.sets(st.sampled_from(["glaze", "kiln", "log", "oee"])))
def test_the_phrase_shape_memo_gives_the_rules_verdict(words: list[str], code: set[str]) -> None:
    phrase = " ".join(words)
    stop = frozenset({"the", "a", "of"})
    expected = _reference_acceptable(phrase, "en", stop, code)
    assert keyphrases._acceptable(phrase, "en", stop, code) == expected
    assert keyphrases._acceptable(phrase, "en", stop, code) == expected  # again, from the memo
