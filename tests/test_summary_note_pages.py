"""Summaries of pages that collect short notes (issue 8, session 8: `sumnotes`).

A page with no opening whose H2 sections are short, independent entries is summarised by what it
collects (its title, a count and the entries' headings), not by one entry's run of sentences; the
outline quotes no note's story ("I tried …"), goal ("We need to …") or step ("First, …"); an
outline that names every entry may be shorter than a prose summary (the contract's outline floor);
a quoted lower-case name may open a sentence. Every sentence here is written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from aeoloop.quality import Limits, check_summary, check_takeaway
from aeoloop.quality.outlines import complete_outline, short_entries
from aeoloop.text import count_words, normalize

from conftest import extractive_generate as generate
from conftest import load_one_page as load


# Four short notes; the second one's opening run would pass as a summary on its own (and did: one
# note's point stood for the whole page).
POTTERY = """\
---
title: Pottery notes
faq: []
---

## Wedge The Clay Before Throwing

```text
ram's head, twenty turns
```

## Trim Leather-Hard Pots

Leather-hard pottery is firm enough to hold its shape on the wheel but still soft enough to carve with a
loop tool. Pottery trimmed at this stage keeps a clean foot ring and an even wall. Trimming a pot that has
dried further chips the rim and dulls the tool quickly.

## Store Glaze Buckets

Glaze settles into a hard layer at the bottom of a bucket within a week. Stir it with a drill paddle
before dipping.

## Keep A Firing Log

A firing log records the cone, the schedule and the shelf position of every load. Patterns show up after
a dozen firings.
"""

# Two notes whose openings are the writer's story or goal, their points later.
TWO_NOTES = """\
---
title: Loom notes
faq: []
---

## Count The Warp Threads

I counted the warp threads on my loom three times last winter and got three answers. Counting in groups of ten with a
strip of tape makes the count reliable. The tape stays on until the warp is tied on.

## Tension The Warp

First, I loosen the back beam by two clicks before every session. We need to keep the warp tight enough
to weave on. Even warp tension keeps the cloth from puckering at the edges. Check it with the flat of
the hand across the whole width.
"""


def test_a_page_of_short_notes_is_a_collection_of_entries(tmp_path: Path) -> None:
    assert short_entries(load(tmp_path, POTTERY))
    assert short_entries(load(tmp_path, TWO_NOTES))


def test_an_opening_a_subsection_or_a_long_section_is_not_a_collection(tmp_path: Path) -> None:
    opened = POTTERY.replace("faq: []\n---\n", "faq: []\n---\n\nNotes from a year at the wheel.\n")
    assert not short_entries(load(tmp_path, opened))
    with_part = POTTERY + "\n### Cone Packs\n\nA cone pack shows how much heat the load took.\n"
    assert not short_entries(load(tmp_path, with_part))
    long_part = POTTERY + "\nA long account of the kiln. " + "The shelves were loaded and fired again. " * 50
    assert not short_entries(load(tmp_path, long_part))
    single = "---\ntitle: Clay\n---\n\n## Wedge\n\nWedging removes air from the clay before it is thrown.\n"
    assert not short_entries(load(tmp_path, single))


def test_one_notes_run_does_not_stand_for_the_page(tmp_path: Path) -> None:
    page = load(tmp_path, POTTERY)
    art = generate(page)
    assert art.summary.startswith(
        "“Pottery notes” covers four topics: “Wedge The Clay Before Throwing”, “Trim Leather-Hard Pots”, "
        "“Store Glaze Buckets” and “Keep A Firing Log”."
    )
    assert check_summary(art.summary, title=page.title) == []
    assert any("collects short sections" in n for n in art.notes)


def test_the_same_notes_under_an_opening_keep_the_opening(tmp_path: Path) -> None:
    opening = (
        "The pottery notes gather what a year at the wheel taught about clay, glaze and the kiln, from wedging "
        "and trimming to storing glaze and logging every firing so that the next load goes better and a new "
        "member can skip our mistakes."
    )
    page = load(tmp_path, POTTERY.replace("faq: []\n---\n", f"faq: []\n---\n\n{opening}\n"))
    assert generate(page).summary == opening


def test_an_opening_that_leans_on_the_page_is_not_kept_as_the_summary(tmp_path: Path) -> None:
    # "These notes …" read alone (a search snippet, an AI answer) points at a page it does not name:
    # session 9 (`sum3`): the outline of what the page covers instead of the failing opening
    opening = (
        "These notes gather what a year at the wheel taught about clay, glaze and the kiln, from wedging "
        "and trimming to storing glaze and logging every firing so that the next load goes better."
    )
    page = load(tmp_path, POTTERY.replace("faq: []\n---\n", f"faq: []\n---\n\n{opening}\n"))
    summary = generate(page).summary
    assert summary.startswith("“Pottery notes” covers four topics:")
    assert not summary.startswith("These")
    assert check_summary(summary, title=page.title) == []


def test_the_outline_quotes_no_story_goal_or_step(tmp_path: Path) -> None:
    page = load(tmp_path, TWO_NOTES)
    art = generate(page)
    assert art.summary.startswith("“Loom notes” covers two topics: “Count The Warp Threads” and “Tension The Warp”.")
    assert "I counted" not in art.summary  # the writer's story
    assert "First," not in art.summary  # a step
    assert "We need to" not in art.summary  # the writer's goal
    assert "Even warp tension keeps the cloth from puckering at the edges." in art.summary  # the point
    assert check_summary(art.summary, title=page.title) == []


def test_i_can_says_what_the_reader_can_do_and_stays(tmp_path: Path) -> None:
    text = TWO_NOTES.replace(
        "Even warp tension keeps the cloth from puckering at the edges.",
        "With a tension bar, I can keep the whole warp even from one edge to the other.",
    )
    art = generate(load(tmp_path, text))
    assert "With a tension bar, I can keep the whole warp even from one edge to the other." in art.summary


def test_a_complete_outline_may_be_shorter_than_a_prose_summary() -> None:
    head = "“Loom notes” covers two topics: “Count The Warp Threads” and “Tension The Warp Before Each Session”."
    assert 15 <= count_words(head) < 40
    assert complete_outline(head, "Loom notes")
    assert check_summary(head, title="Loom notes") == []
    # not complete: a cut list, a count that does not match the list, another page's title
    cut = (
        "“Loom notes” covers five topics, among them “Count The Warp Threads” and “Tension The Warp Before "
        "Each Session”."
    )
    assert not complete_outline(cut, "Loom notes")
    assert "summary-length" in {f.rule for f in check_summary(cut, title="Loom notes")}
    wrong_count = head.replace("two topics", "three topics")
    assert not complete_outline(wrong_count, "Loom notes")
    assert "summary-length" in {f.rule for f in check_summary(wrong_count, title="Loom notes")}
    assert not complete_outline(head, "Weaving notes")
    # the floor still refuses headings too short to say anything
    tiny = "“Loom notes” covers two topics: “Warp” and “Weft”."
    assert complete_outline(tiny, "Loom notes")
    assert "summary-length" in {f.rule for f in check_summary(tiny, title="Loom notes")}
    # prose keeps the usual minimum
    prose = "Count warp threads in groups of ten with tape, and keep the warp tension even across the cloth."
    assert "summary-length" in {f.rule for f in check_summary(prose, title="Loom notes")}
    assert Limits().outline_floor == 15 and Limits(summary_min=10).outline_floor == 10


def test_a_quoted_lower_case_name_may_open_a_summary() -> None:
    text = "“awk notes” covers two topics: “Print The Second Column Of A File” and “Sum A Column Of Numbers Quickly”."
    assert check_summary(text, title="awk notes") == []
    # unquoted, a lower-case opening still reads as the middle of a sentence
    bare = "awk notes cover two topics, printing the second column of a file and summing a column of numbers."
    assert "fragment" in {f.rule for f in check_summary(bare, title="awk notes")}


def test_a_takeaway_that_opens_with_part_of_an_unseen_set_or_a_first_step_fails() -> None:
    assert "unseen-reference" in {f.rule for f in check_takeaway("One of those is the spare bedroom upstairs.")}
    assert "unseen-reference" in {f.rule for f in check_takeaway("Some of them stay in the shed all winter.")}
    assert "unseen-reference" in {f.rule for f in check_takeaway("First, we can soak the seeds in warm water.")}
    assert check_takeaway("One of the oldest looms in the village still weaves linen every week.") == []
    assert check_takeaway("First-time weavers get a shorter warp to practise on.") == []


def test_built_page_of_short_notes_shows_the_outline_and_prints_nothing_twice(make_site, build_site) -> None:
    root = make_site({"pottery.md": POTTERY.replace("faq: []\n", "")})
    build_site(root)
    summary = (root / "generated" / "pottery" / "summary.md").read_text(encoding="utf-8").strip()
    assert summary.startswith("“Pottery notes” covers four topics:")
    html = (root / "site" / "pottery" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    box = soup.select_one(".aeoloop-summary")
    assert box is not None
    assert normalize("“Pottery notes” covers four topics:") in normalize(box.get_text(" "))
    article = soup.select_one("article") or soup
    texts = [" ".join(p.get_text(" ").split()) for p in article.find_all("p")]
    texts = [t for t in texts if count_words(t) >= 6]
    assert len(texts) == len(set(texts))  # no paragraph printed twice


def test_a_takeaway_is_not_a_sentence_of_a_scenario(tmp_path: Path) -> None:
    text = """\
---
title: Kiln notes
faq: []
---

## Fire A Test Tile

Let's say a new glaze arrived from the supplier this week. A dozen bisque tiles wait on the shelf beside the kiln for
glazing.

```text
cone 6, medium speed
```

Fire one for every new batch of glaze.

## Log The Firing

A firing log records the cone, the schedule and the shelf position of every load. Patterns show up after
a dozen firings.
"""
    art = generate(load(tmp_path, text))
    # the sentence after "Let's say …" in its paragraph is still the scenario, not a key point
    assert not any("bisque tiles" in t for t in art.takeaways)
    assert "Patterns show up after a dozen firings." in art.takeaways
    # the same sentence outside a scenario is a takeaway
    plain = text.replace("Let's say a new glaze arrived", "A new glaze arrives").replace("this week.", "every month.")
    assert any("bisque tiles" in t for t in generate(load(tmp_path, plain)).takeaways)


def test_an_outline_of_headings_only_chooses_the_faq_once(tmp_path: Path, monkeypatch) -> None:
    from aeoloop.backends import extractive_faq

    calls: list[int] = []
    original = extractive_faq.FaqChooser._faq

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(extractive_faq.FaqChooser, "_faq", counted)
    heads = [
        f"## Glaze Recipe Number {n} For Stoneware Mugs\n\nRecipe {n} melts smooth at cone six.\n" for n in range(9)
    ]
    page = load(tmp_path, "---\ntitle: Glaze notes\n---\n\n" + "\n".join(heads))
    art = generate(page)
    assert art.summary.startswith("“Glaze notes” covers nine topics")
    assert len(calls) == 1
