"""Hostile paragraphs stay linear: 100,000-character runs of Markdown syntax through lint's
inline scanner and sentence splitter, spaCy's tokenizer (extractive backend) and a 1 MB
paragraph. The bounds are generous (a busy CI machine); before the fixes these took minutes
(30,000 '[': 52 s in lint; 40,000 '*': over 60 s in the extractive backend) or crashed (E088)."""

from __future__ import annotations

import time

import pytest

from aeoloop.backends import nlp as nlp_mod
from aeoloop.express.markup import parse_markdown

N = 100_000
PATHOLOGICAL = {
    "brackets": "[" * N,
    "images": "![" * (N // 2),
    "nested": "[" * (N // 2) + "]" * (N // 2),
    "link-openers": "[a](" * (N // 4),
    "references": "[a][" * (N // 4),
    "footnotes": "[^" * (N // 2),
    "code-spans": "` `` " * (N // 5),
    "stars": "word" + "*" * N + "word",
    "underscores": "a" + "_" * N + "b",
    "attribute-lists": "{#" * (N // 2),
    "html-comments": "<!--" * (N // 4),
    "html-attributes": "<a x='" * (N // 6),
    "angle-brackets": "<" * N,
    "url-parens": "see http://x.org/" + ")" * N,
    "sentence-ends": "Yes. " * (N // 5),
    "bangs": "!" * N + "x",
    "table-row": "| a | b |\n|---|---|\n| " + "`|" * (N // 2) + " |",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_lint_scanner_is_linear(name: str) -> None:
    text = "---\ntitle: T\n---\n\n" + PATHOLOGICAL[name] + "\n"
    started = time.monotonic()
    doc = parse_markdown(text)
    for seg in doc.segments:
        assert seg.sentences is not None
    assert time.monotonic() - started < 30, name


def test_links_still_work_after_a_pathological_run() -> None:
    doc = parse_markdown("[" * 20_000 + "\n\nSee [the guide](https://x.org/a) and `code` now.\n")
    texts = [s.text for s in doc.segments]
    assert "See the guide and \ufffc now." in texts


@pytest.mark.parametrize(
    "text",
    [
        "word" + "*" * 40_000,
        "word" + "*" * N + "word",
        "[" * N,
        "\U0001f600" * N,
        "Maintenance teams plan work with care. " * 27_000,  # a 1 MB paragraph: spaCy's E088 before
        "x" * 1_200_000,
    ],
)
def test_extractive_nlp_is_bounded(text: str) -> None:
    nlp = nlp_mod.pipeline("en", [])
    started = time.monotonic()
    (got,) = nlp_mod.analyse(nlp, [text])
    assert time.monotonic() - started < 60
    # sentences are slices of the original text, in order, covering all its non-space content
    assert "".join(s.text for s in got.sents).replace(" ", "") == text.replace(" ", "")
    assert all(text[s.start_char : s.end_char] == s.text for s in got.sents)


def test_chunks_cut_at_sentence_ends_and_cover_the_text() -> None:
    text = "One short sentence here. " * 10_000
    pieces = nlp_mod.chunks(text, 10_000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 10_000 for _, p in pieces)
    assert all(p.endswith(". ") for _, p in pieces[:-1])


def test_the_extractive_backend_builds_pathological_pages(make_site, build_site) -> None:
    big = "Maintenance teams plan work with care and check every machine before each shift. " * 13_000
    root = make_site(
        {
            "stars.md": "---\ntitle: Stars\ndescription: A page with a run of forty thousand stars glued to a word, which used to hang.\n---\n\n"
            "Condition monitoring finds faults early. word" + "*" * 40_000 + "\n",
            "big.md": "---\ntitle: Big\ndescription: A page with a one megabyte paragraph, which used to crash spaCy with error E088.\n---\n\n"
            + big
            + "\n",
        }
    )
    started = time.monotonic()
    build_site(root)
    assert time.monotonic() - started < 600
    assert (root / "generated" / "big" / "summary.md").read_text(encoding="utf-8").strip()
    assert (root / "site" / "stars" / "index.html").is_file()


def test_entities_without_the_sentencizer_are_the_same() -> None:
    """The extractive backend asks for entities only (it splits sentences itself): skipping the
    sentencizer must not change a glossary match, inside a sentence or across a sentence end."""
    from aeoloop.brand import Term

    terms = [
        Term(name="Overall equipment effectiveness", aliases=["OEE"]),
        Term(name="Acme Console", type="Product", case_sensitive=True),
    ]
    nlp = nlp_mod.pipeline("en", terms)
    texts = [
        "OEE is overall equipment effectiveness. Acme Console reports it. acme console does not match.",
        "Ends with Overall. Equipment effectiveness starts the next one; OEE.",
        "Acme Console",
    ]
    full = nlp_mod.analyse(nlp, texts)
    lean = nlp_mod.analyse(nlp, texts, sentences=False)
    assert [a.ents for a in lean] == [a.ents for a in full]
    assert [len(a.ents) for a in full] == [3, 1, 1]
    assert all(not a.sents for a in lean) and all(a.sents for a in full)
