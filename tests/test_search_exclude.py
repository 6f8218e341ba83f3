"""What Material's search index holds of the blocks aeoloop adds: each sentence of a page once.

The summary box, takeaways and FAQ quote the page; ``data-search-exclude`` keeps the quotes out of
Material's index (``search/search_index.json``) while what is new (a summary of its own, the FAQ's
questions) stays in, so search still finds the page by every word it shows.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from aeoloop.amplify import blocks
from aeoloop.amplify.fragments import FragmentCache
from aeoloop.artifacts import QA, PageArtifacts

BODY = (
    '<p>Acme counts every stop. It sends a report each morning.</p>\n<h2 id="why">Why</h2>\n'
    "<p>Downtime costs money; a short stop adds up.</p>\n<p>Teams that review it daily find losses.</p>"
)

PAGE_OWN_SUMMARY = """\
---
title: Shift handover
summary: A shift handover note lists open faults and who owns them. Nobody else writes it down.
takeaways:
  - The outgoing lead writes the note before the shift ends.
  - Handover notes are kept for a year in the plant's shared drive.
faq:
  - question: Who writes the handover note?
    answer: The outgoing lead writes the note before the shift ends.
  - question: How long are notes kept?
    answer: Twelve months, then they are archived by the plant office.
---

The outgoing lead writes the note before the shift ends. It takes five minutes and saves an hour
of guessing on the next shift.

## What goes in the note

Open faults, parts on order and any machine running below its rated speed go in the note. The
incoming lead reads it aloud at the start of the shift, so everyone hears the same list.
"""


def test_a_sentence_the_page_says_is_said():
    said = blocks.said_in_body(BODY, ["Acme counts every stop.", "Acme counts every stop. It is new."])
    assert said == {"Acme counts every stop."}  # the second adds a sentence: indexed whole


def test_a_sentence_split_at_a_clause_boundary_is_the_same_sentence():
    # the body says "Downtime costs money; a short stop adds up." (one sentence, a semicolon)
    assert blocks.said_in_body(BODY, ["Downtime costs money. A short stop adds up."]) == {
        "Downtime costs money. A short stop adds up."
    }


def test_case_spacing_tags_and_quotes_do_not_matter_but_words_do():
    html = "<p>Teams that <em>review</em> it&nbsp;daily find \u2018losses\u2019.</p>"
    assert blocks.said_in_body(html, ["teams that review it daily find 'losses'."])
    assert not blocks.said_in_body(html, ["Teams that review it weekly find 'losses'."])


def test_a_later_block_repeating_a_new_one_is_said_the_new_one_is_not():
    new = "Acme was founded in a garage."
    said = blocks.said_in_body(BODY, [new, "It sends a report each morning.", new + " It sends a report each morning."])
    assert new not in said  # new to the page: indexed where it is first printed
    assert said == {"It sends a report each morning.", new + " It sends a report each morning."}


def test_the_box_and_faq_mark_only_what_is_said():
    art = PageArtifacts(
        summary="Acme counts every stop.",
        takeaways=["It sends a report each morning.", "Acme was founded in a garage."],
        faq=[QA("Who counts?", "Acme counts every stop."), QA("When?", "On Sundays only.")],
    )
    said = blocks.said_in_body(BODY, [art.summary, *art.takeaways, *(qa.answer for qa in art.faq)])
    box = blocks.summary_box(art, "en", said=said)
    assert '<p class="aeoloop-summary-text" data-search-exclude>Acme counts every stop.</p>' in box
    assert "<li data-search-exclude>It sends a report each morning.</li>" in box
    assert "<li>Acme was founded in a garage.</li>" in box
    faq = blocks.faq_section(art, "en", said=said)
    assert '<div class="aeoloop-faq-answer" data-search-exclude><p>Acme counts every stop.</p>' in faq
    assert '<div class="aeoloop-faq-answer"><p>On Sundays only.</p>' in faq
    # the writer's opening moved into the box is printed there only: indexed there
    moved = blocks.summary_box(art, "en", summary_html="<p>Acme counts every stop.</p>", said=said)
    assert '<div class="aeoloop-summary-text"><p>Acme counts every stop.</p></div>' in moved


def test_every_takeaway_said_excludes_the_list_once():
    art = PageArtifacts(summary="", takeaways=["Acme counts every stop.", "It sends a report each morning."])
    box = blocks.summary_box(art, "en", said=frozenset(art.takeaways))
    assert '<ul class="aeoloop-takeaways" data-search-exclude><li>Acme counts every stop.</li>' in box


def test_cached_said_in_body_follows_each_input(tmp_path: Path):
    texts = ["Acme counts every stop.", "It is new here.", "On Sundays only."]
    first = FragmentCache(tmp_path / "f.sqlite")
    assert first.said_in_body(BODY, texts) == blocks.said_in_body(BODY, texts) == {"Acme counts every stop."}
    first.save(prune=True)
    first.close()
    second = FragmentCache(tmp_path / "f.sqlite")
    assert second.said_in_body(BODY, texts) == {"Acme counts every stop."}
    assert second.hits == 1
    # a changed page, a changed text, another text, texts in another order: each is a new entry
    changed_body = BODY + "<p>It is new here.</p>"
    assert second.said_in_body(changed_body, texts) == {"Acme counts every stop.", "It is new here."}
    assert second.said_in_body(BODY, ["Acme counts every stop!", *texts[1:]]) == set()
    assert second.said_in_body(BODY, [*texts, "It sends a report each morning."]) == {
        "Acme counts every stop.",
        "It sends a report each morning.",
    }
    assert second.said_in_body(BODY, ["Acme was founded here.", "Acme was founded here. Acme counts every stop."]) == {
        "Acme was founded here. Acme counts every stop."
    }
    assert second.said_in_body(BODY, ["Acme was founded here. Acme counts every stop.", "Acme was founded here."]) == {
        "Acme was founded here."
    }
    assert second.hits == 1


def _index_by_page(site: Path) -> dict[str, str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict[str, list[str]] = defaultdict(list)
    for entry in index["docs"]:
        pages[entry["location"].split("#")[0]].append(entry["title"] + " " + entry["text"])
    return {loc: " ".join(re.sub(r"<[^>]+>", " ", t) for t in texts) for loc, texts in pages.items()}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s.strip()) > 20]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.casefold()))


def test_the_built_index_holds_each_sentence_once_and_every_word_shown(make_site, build_site):
    from conftest import PAGE_OEE

    root = make_site({"oee.md": PAGE_OEE, "handover.md": PAGE_OWN_SUMMARY})
    build_site(root)
    site = root / "site"
    index = _index_by_page(site)
    for loc in ("oee/", "handover/"):
        text = index[loc]
        repeated = [s for s, n in Counter(_sentences(text)).items() if n > 1]
        assert not repeated, (loc, repeated)
        summary = (root / "generated" / loc.rstrip("/") / "summary.md").read_text(encoding="utf-8")
        assert _words(summary) <= _words(text)  # search finds the page by any word of its summary and takeaways
        assert "Copy page as Markdown" not in text and "Key takeaways" not in text  # labels of every page
    # a summary, a takeaway and an answer of the page's own are indexed; the quotes once
    own = index["handover/"]
    assert "Nobody else writes it down." in own
    assert "Handover notes are kept for a year in the plant's shared drive." in own
    assert "Twelve months, then they are archived by the plant office." in own
    assert own.count("The outgoing lead writes the note before the shift ends.") == 1
    assert "Who writes the handover note?" in own  # the FAQ's questions are new text
    # the page shows all of it: the exclusion is for the index only
    html = (site / "handover" / "index.html").read_text(encoding="utf-8")
    assert html.count("The outgoing lead writes the note before the shift ends.") >= 3  # body, takeaway, answer


def test_a_sentence_as_written_is_said_without_normalising():
    html = "<p>Fish &amp; chips cost less here. <code>a &lt; b</code> holds.</p>"
    assert blocks.said_in_body(html, ["Fish & chips cost less here.", "a < b holds."]) == {
        "Fish & chips cost less here.",
        "a < b holds.",  # (through the page's text: the tags in between are ignored)
    }
