"""Summaries for pages whose opening is too short (or missing), without printing a paragraph twice.

The openings are shaped like the ones that failed on real documentation (a two-sentence opening
before a table, an opening that stops at its first heading, a page of notes with no opening at
all); the prose is written for these tests.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from aeoloop.backends.extractive import ExtractiveBackend
from aeoloop.brand import load_brand
from aeoloop.page import load_page
from aeoloop.quality import check_summary, key_terms
from aeoloop.settings import Settings
from aeoloop.text import count_words, normalize

ROOT = Path(__file__).parent.parent

SHORT_OPENING = """\
---
title: Exporting your reports
---

Acme Reports gives you several ways to take your reports out of the dashboard. The right one depends on whether you need a file, a schedule or an API.

## Quick reference

| I want to | Option |
|---|---|
| Download a file | CSV export |

## CSV export

The CSV export downloads every report of the selected period as a zip of spreadsheets. Each file holds one report, with one row per day and one column per metric.

## Scheduled exports

Scheduled exports send the same files by email every week.
"""

SINGLE_SENTENCE_NEXT = """\
---
title: Resetting your password
---

You can reset your Acme Reports password from the login page when you forget it.

## Reset from the login page

Click the reset link on the login page and follow the email we send you.
"""

NO_OPENING = """\
---
title: Docker notes
---

## Keep a container running

A Docker container stops when its main process exits, which surprises people who start a shell in it. Give it a process that never ends and it stays up for you to attach to.

```
docker run -d image tail -f /dev/null
```

## Prune old images

Old Docker images pile up on a laptop that builds often and can take many gigabytes of disk. The prune command removes every image no container uses.

```
docker image prune -a
```

## Name your volumes

Named Docker volumes survive a container's removal, so a database keeps its data across rebuilds. Anonymous ones are easy to lose.
"""


def summarise(tmp_path: Path, text: str) -> tuple[str, list[str]]:
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    page, _ = load_page(path, "page.md")
    assert page is not None
    art = ExtractiveBackend(Settings(), load_brand(ROOT / "brand", ROOT)).generate(page)
    paragraphs = [normalize(b.text) for s in page.sections if s.heading for b in s.blocks if b.kind == "paragraph"]
    return art.summary, paragraphs


def test_short_opening_goes_on_with_the_first_sentence_of_the_next_paragraph(tmp_path: Path) -> None:
    summary, paragraphs = summarise(tmp_path, SHORT_OPENING)
    assert summary.startswith(
        "Acme Reports gives you several ways to take your reports out of the dashboard. "
        "The right one depends on whether you need a file, a schedule or an API. "
    )
    # the table-only section is stepped over; one sentence of the next paragraph, never all of it
    assert summary.endswith("The CSV export downloads every report of the selected period as a zip of spreadsheets.")
    assert check_summary(summary, title="Exporting your reports") == []
    assert not any(p in normalize(summary) for p in paragraphs)


def test_a_whole_paragraph_is_never_borrowed(tmp_path: Path) -> None:
    summary, paragraphs = summarise(tmp_path, SINGLE_SENTENCE_NEXT)
    # the next paragraph is one sentence: taking it would print it twice, so the short opening stays
    assert summary == "You can reset your Acme Reports password from the login page when you forget it."
    assert [f.rule for f in check_summary(summary, title="Resetting your password")] == ["summary-length"]


# The same page as a document of parts rather than a collection of short notes: one part has a
# subsection, so its sections are not independent entries and the outline does not come first.
NO_OPENING_WITH_PARTS = (
    NO_OPENING
    + """
### On a shared server

Volumes on a shared server are listed with the names their projects gave them, which keeps them apart.
"""
)


def test_page_without_opening_takes_first_sentences_that_name_the_title(tmp_path: Path) -> None:
    summary, paragraphs = summarise(tmp_path, NO_OPENING_WITH_PARTS)
    # a document of parts with no opening: the first sections' sentences or what its sections cover
    assert summary.startswith(("A Docker container stops", "“Docker notes” covers three topics"))
    assert "Named Docker volumes survive a container's removal" in summary
    assert count_words(summary) <= 60  # a complete outline may be shorter than 40 (Limits.outline_floor)
    assert check_summary(summary, title="Docker notes") == []
    assert not any(p in normalize(summary) for p in paragraphs)


def test_off_title_matches_word_forms_not_lookalikes() -> None:
    assert key_terms("Managing work devices", "en") & key_terms("Manage the device you work on.", "en")
    assert key_terms("Pricing", "en") & key_terms("The plan costs 9 dollars.", "en")
    assert key_terms("Class notes", "en") & key_terms("Every class has a note.", "en")
    # "notes" is not "not"; "cases" is "case"
    assert not key_terms("Vim notes", "en") & key_terms("It is not hard to quit.", "en")
    assert key_terms("Edge cases", "en") & key_terms("One edge case remains.", "en")


def test_built_page_prints_the_short_opening_once(make_site, build_site) -> None:
    root = make_site({"export.md": SHORT_OPENING})
    build_site(root)
    html = (root / "site" / "export" / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "lxml").find("article")
    box = article.select_one(".aeoloop-summary")
    assert box is not None
    box_text = " ".join(box.get_text(" ").split())
    assert "several ways to take your reports out" in box_text
    assert "as a zip of spreadsheets" in box_text
    blocks = [" ".join(p.get_text(" ").split()).casefold() for p in article.find_all(["p", "li"])]
    twice = [t for t, n in Counter(b for b in blocks if count_words(b) >= 6).items() if n > 1]
    assert twice == []
    # the opening moved into the box: the body does not print it again
    assert sum("several ways to take your reports out" in b for b in blocks) == 1
    # the borrowed paragraph is still printed whole under its heading
    assert any(b.startswith("the csv export downloads every report") and "one column per metric" in b for b in blocks)


def test_page_of_short_notes_without_opening_says_what_it_collects(tmp_path: Path) -> None:
    summary, paragraphs = summarise(tmp_path, NO_OPENING)
    # a collection of short notes: the outline, not the first sentences of some notes; it names every
    # note, so it needs no note's leading sentence (session 9: often a note's set-up, not its point)
    assert summary == (
        "“Docker notes” covers three topics: “Keep a container running”, “Prune old images” and “Name your volumes”."
    )
    assert check_summary(summary, title="Docker notes") == []
    assert not any(p in normalize(summary) for p in paragraphs)
