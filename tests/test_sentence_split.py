"""A writer's sentence over the brand's limit is split where it already holds two, and the page
still prints it once.

The sentences are shaped like the example site's long FAQ sentences (a semicolon between two
clauses; ", and" before a clause with its own subject; a series after a colon; a series of
imperatives) and written for these tests.
"""

from __future__ import annotations

from collections import Counter

import yaml
from aeoloop.amplify.blocks import split_opening
from aeoloop.backends.extractive_split import same_words, split_long, split_sentence
from aeoloop.text import count_words, split_key, split_sentences
from bs4 import BeautifulSoup

SEMICOLON = (
    "A press with 4,000 planned hours a year and 200 hours of unplanned stops runs at 95% availability; "
    "halving those stops raises availability to 97.5%, or about two points of OEE at a steady speed."
)
CONJUNCTION = (
    "A wired probe usually reaches the cabinet over 20 to 40 m of shielded cable in a press hall, and a "
    "radio probe on the mesh network reaches 200 to 400 m indoors with clear paths between the racks."
)
COLON_SERIES = (
    "The press monitor works in three parts: clamp sensors measure force and temperature on every stroke, "
    "the cabinet unit collects the readings and checks the limits on site, and the cloud keeps the history, "
    "runs reports and sends alerts."
)
IMPERATIVES = (
    "To start monitoring a press line, list the presses by how much a stop costs, pick a sensor point for "
    "each fault you fear, fit the clamp sensors, record a two-week baseline and send the alarms to your CMMS."
)


def test_a_semicolon_between_two_clauses_becomes_two_sentences() -> None:
    parts = split_sentence(SEMICOLON, 35)
    assert parts == [
        "A press with 4,000 planned hours a year and 200 hours of unplanned stops runs at 95% availability.",
        "Halving those stops raises availability to 97.5%, or about two points of OEE at a steady speed.",
    ]
    assert all(count_words(p) <= 35 for p in parts)


def test_and_before_a_clause_with_its_own_subject_becomes_two_sentences() -> None:
    parts = split_sentence(CONJUNCTION, 35)
    assert parts == [
        "A wired probe usually reaches the cabinet over 20 to 40 m of shielded cable in a press hall.",
        "A radio probe on the mesh network reaches 200 to 400 m indoors with clear paths between the racks.",
    ]
    assert same_words(" ".join(parts), CONJUNCTION)  # only punctuation and the joining "and" changed


def test_series_are_not_split() -> None:
    # the first part alone would be an announcement ("… works in three parts.") or two steps of five
    assert split_sentence(COLON_SERIES, 35) == [COLON_SERIES]
    assert split_sentence(IMPERATIVES, 35) == [IMPERATIVES]
    # "…, and the …" after a series of commas is the end of a list, not a second sentence
    listed = "The kit holds a clamp sensor, a cabinet unit with its own battery, two spare cables, and the mounting studs for every press on the line."
    assert split_sentence(listed, 20) == [listed]


def test_within_the_limit_or_without_one_nothing_changes() -> None:
    assert split_long(SEMICOLON, 60, "en") == SEMICOLON
    assert split_long(SEMICOLON, None, "en") == SEMICOLON
    assert split_long(SEMICOLON, 35, "it") == SEMICOLON  # English boundaries only


def test_split_key_reads_a_split_as_the_same_text_and_nothing_else() -> None:
    assert split_key("Runs at 95% availability; halving") == split_key("runs at 95% availability. Halving")
    assert split_key("in a hall, and a probe") == split_key("in a hall. A probe")
    assert split_key("the rule, but the probe") == split_key("the rule. But the probe")
    assert split_key("in a hall. A probe") != split_key("in a hall. The probe")
    # a command quoted after its lead-in is not the code block with its prompt
    assert split_key("the -u flag: curl -u me example.com.") not in split_key("the -u flag: $ curl -u me example.com")


PAGE = f"""---
title: Press monitoring
---

Press monitoring watches the clamp force and temperature of every press on a line, so a worn tool or a loose clamp shows up in the data before it stops production. Maintenance planners use it to book tool changes into planned stops instead of reacting to a jammed press.

## What does a press line gain?

Press monitoring raises availability because stops move into planned time. {SEMICOLON}

## How far do the probes reach?

Probe range depends on the cable or the radio path more than on the distance alone. {CONJUNCTION}
"""

VOICE = {"version": 1, "limits": {"sentence": {"max_words": 35, "level": "warning"}}}


def test_built_page_obeys_the_limit_and_prints_each_paragraph_once(make_site, build_site) -> None:
    root = make_site({"press.md": PAGE})
    (root / "brand" / "voice.yml").write_text(yaml.safe_dump(VOICE), encoding="utf-8")
    state = build_site(root)  # verify on: a faq-not-visible error would fail the build
    faq = (root / "generated" / "press" / "faq.md").read_text(encoding="utf-8")
    assert "runs at 95% availability. Halving those stops" in faq
    assert "in a press hall. A radio probe" in faq
    assert max(count_words(s) for s in split_sentences(" ".join(faq.split()))) <= 35
    html = (root / "site" / "press" / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "lxml").find("article")
    blocks = [" ".join(p.get_text(" ").split()).casefold() for p in article.find_all(["p", "li"])]
    twice = [t for t, n in Counter(b for b in blocks if count_words(b) >= 6).items() if n > 1]
    assert twice == []
    # the FAQ links to the section instead of printing a near copy of its paragraph
    assert sum("halving those stops" in b for b in blocks) == 1
    faq_html = article.select_one("#faq")
    assert faq_html is not None and "Answered under" in faq_html.get_text(" ")
    # the JSON-LD answer (split) is visible as the body's words: the build's verify passes it
    assert not any("faq-not-visible" in str(d) for d in state.diagnostics)


def test_a_split_opening_moves_into_the_box_as_written() -> None:
    html = f"<p>{CONJUNCTION} The rest of the opening goes on here.</p>\n<h2 id='x'>X</h2>"
    summary = " ".join(split_sentence(CONJUNCTION, 35))
    found = split_opening(html, summary)
    assert found is not None
    box, rest = found
    assert "in a press hall, and a radio probe" in box  # the writer's own sentence, as written
    assert "The rest of the opening" in rest and "radio probe" not in rest


OPENING = """---
title: Press monitoring
---

Press monitoring watches the clamp force and the temperature of every press on a stamping line around the clock, and a worn tool or a loose clamp then shows up in the trend data days before it stops production. Maintenance planners use it to book tool changes into planned stops.

## How far do the probes reach?

Probe range depends on the cable or the radio path more than on the distance alone. Shielded cable keeps a wired probe reliable.
"""


def test_a_long_opening_sentence_is_split_in_the_summary_and_printed_once(make_site, build_site) -> None:
    root = make_site({"press.md": OPENING})
    (root / "brand" / "voice.yml").write_text(yaml.safe_dump(VOICE), encoding="utf-8")
    build_site(root)
    summary = (root / "generated" / "press" / "summary.md").read_text(encoding="utf-8")
    assert "around the clock. A worn tool or a loose clamp then shows up" in summary
    html = (root / "site" / "press" / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "lxml").find("article")
    box = article.select_one(".aeoloop-summary")
    assert box is not None
    assert "around the clock, and a worn tool" in " ".join(box.get_text(" ").split())  # the writer's sentence
    blocks = [" ".join(p.get_text(" ").split()).casefold() for p in article.find_all(["p", "li"])]
    assert sum("a loose clamp" in b for b in blocks) == 1  # moved into the box, not printed again
