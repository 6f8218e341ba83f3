"""Summaries for pages with no opening of their own: what the sections cover, from their headings.

The pages are shaped like a category page of short notes (each note an H2, no paragraph before
the first one) and a handbook page of separate topics; every sentence is written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from aeoloop.backends.extractive_outline import outline_summary
from aeoloop.quality import check_summary
from aeoloop.text import count_words

from conftest import extractive_generate as generate
from conftest import load_one_page as load


NOTES = """\
---
title: Garden notes
---

## Watering Tomatoes

Tomato leaves that stay wet overnight invite blight. Pour the water at the base of each plant. Do it early
in the day.

## Seed Saving

Runner bean pods left on the vine turn dry and papery by late autumn. Shell the beans and dry them for a
fortnight. Store them in a paper envelope.

## Slugs

A ring of crushed eggshell around each seedling slows slugs down. Check the bed after every rain. That is
when they come out to feed.
"""

WITH_OPENING = """\
---
title: Garden notes
---

The garden notes record what worked in a small vegetable plot over three seasons, from watering to pests and
seed saving, written down so the next season starts from what the last one taught us.

## Water Tomatoes At The Roots

Tomato leaves that stay wet overnight invite blight. Pour the water at the base of each plant early in
the day, and let the soil dry a little between waterings.

## Save Seeds From Runner Beans

Runner bean pods left on the vine turn dry and papery by late autumn. Shell the beans, spread them on a
tray for two weeks and store them in a paper envelope.
"""


def test_a_page_of_notes_gets_a_summary_of_what_it_covers(tmp_path: Path) -> None:
    page = load(tmp_path, NOTES.replace("title: Garden notes", "title: Garden notes\nfaq: []"))  # no FAQ
    art = generate(page)
    assert art.summary == (
        "“Garden notes” covers three topics: “Watering Tomatoes”, “Seed Saving” and “Slugs”. Tomato leaves "
        "that stay wet overnight invite blight. Runner bean pods left on the vine turn dry and papery by late "
        "autumn. A ring of crushed eggshell around each seedling slows slugs down."
    )
    assert 40 <= count_words(art.summary) <= 60
    assert check_summary(art.summary, title=page.title) == []
    assert any("from their headings" in n for n in art.notes)
    # quoted sentences each open a longer paragraph: no paragraph is reprinted whole
    paragraphs = [" ".join(b.text.split()) for s in page.sections for b in s.blocks if b.kind == "paragraph"]
    assert not any(p in art.summary for p in paragraphs)


def test_a_page_with_an_opening_keeps_its_own(tmp_path: Path) -> None:
    page = load(tmp_path, WITH_OPENING)
    art = generate(page)
    assert "covers" not in art.summary.split(".")[0]
    assert art.summary.startswith("The garden notes record what worked")


def test_the_outline_leaves_the_faq_its_answers(tmp_path: Path) -> None:
    page = load(tmp_path, NOTES)
    art = generate(page)
    assert len(art.faq) == 1
    assert art.faq[0].answer.startswith("Tomato leaves that stay wet overnight invite blight.")
    # the outline quotes the other notes' openings (a second sentence to reach 40 words), not the
    # sentence the answer needs: the FAQ may not repeat the summary, so quoting it would cost the pair
    assert art.summary == (
        "“Garden notes” covers three topics: “Watering Tomatoes”, “Seed Saving” and “Slugs”. Runner bean pods "
        "left on the vine turn dry and papery by late autumn. Shell the beans and dry them for a fortnight. "
        "A ring of crushed eggshell around each seedling slows slugs down."
    )
    assert check_summary(art.summary, title=page.title) == []


def test_many_headings_are_cut_to_those_that_fit(tmp_path: Path) -> None:
    heads = [f"Plant Bed Number {n} Before The First Frost Arrives" for n in range(1, 12)]
    text = outline_summary("Planting calendar", heads, [], lang="en", lo=20, hi=40, passes=lambda t: True)
    assert text is not None and count_words(text) <= 40
    assert text.startswith("“Planting calendar” covers 11 topics, among them “Plant Bed Number 1")


def test_leads_are_added_only_up_to_the_limit(tmp_path: Path) -> None:
    leads = [["Compost needs air as much as it needs water to break down quickly."], ["Turn the heap weekly."]]
    text = outline_summary("Compost", ["Air", "Water"], leads, lang="en", lo=10, hi=25, passes=lambda t: True)
    assert text == "“Compost” covers two topics: “Air” and “Water”. " + leads[0][0]


def test_every_section_gives_its_first_sentence_before_any_gives_a_second(tmp_path: Path) -> None:
    leads = [
        ["Air keeps the heap warm.", "A fork opens it up."],
        ["Water feeds the microbes.", "Too much drowns them."],
    ]
    heads = ["Air", "Water"]
    text = outline_summary("Compost", heads, leads, lang="en", lo=20, hi=30, passes=lambda t: True)
    # 9 + 5 + 4 = 18 words after the two firsts; the second of the first section makes 23; in page order
    assert text == (
        "“Compost” covers two topics: “Air” and “Water”. Air keeps the heap warm. A fork opens it up. "
        "Water feeds the microbes."
    )
    # a second sentence never comes without the first of its section
    text = outline_summary(
        "Compost",
        heads,
        [[], ["Water feeds the microbes.", "Too much drowns them."]],
        lang="en",
        lo=20,
        hi=30,
        passes=lambda t: True,
    )
    assert text is None


def test_no_outline_for_one_heading_another_language_or_a_failing_contract() -> None:
    assert outline_summary("Compost", ["Air"], [[]], lang="en", lo=1, hi=99, passes=lambda t: True) is None
    assert (
        outline_summary("Compost", ["Aria", "Acqua"], [[], []], lang="it", lo=1, hi=99, passes=lambda t: True) is None
    )
    assert (
        outline_summary("Compost", ["Air", "Water"], [[], []], lang="en", lo=1, hi=99, passes=lambda t: False) is None
    )
    # too short: no wording reaches the minimum, so nothing rather than a failing summary
    assert (
        outline_summary("Compost", ["Air", "Water"], [[], []], lang="en", lo=40, hi=60, passes=lambda t: True) is None
    )


def test_a_lead_that_leans_on_the_text_before_it_is_not_quoted(tmp_path: Path) -> None:
    no_faq = NOTES.replace("title: Garden notes", "title: Garden notes\nfaq: []")
    leaning = no_faq.replace(
        "Runner bean pods left on the vine turn dry and papery by late autumn.",
        "This is why the pods stay on the vine until late autumn.",
    )
    page = load(tmp_path, leaning)
    art = generate(page)
    assert art.summary.startswith("“Garden notes” covers three topics:")
    # neither the leaning sentence nor the ones after it in its paragraph ("Shell the beans …")
    assert "This is why" not in art.summary and "Shell the beans" not in art.summary
    assert "Tomato leaves that stay wet overnight invite blight. Pour the water" in art.summary
    assert check_summary(art.summary, title=page.title) == []


def test_built_page_of_notes_shows_the_outline_in_the_summary_box(make_site, build_site) -> None:
    root = make_site({"garden.md": NOTES})
    build_site(root)
    summary = (root / "generated" / "garden" / "summary.md").read_text(encoding="utf-8").strip()
    assert summary.startswith("“Garden notes” covers three topics:")
    html = (root / "site" / "garden" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    box = soup.select_one(".aeoloop-summary")
    assert box is not None
    assert "covers three topics" in " ".join(box.get_text(" ").split())
    article = soup.select_one("article") or soup
    texts = [" ".join(p.get_text(" ").split()) for p in article.find_all("p")]
    texts = [t for t in texts if count_words(t) >= 6]
    assert len(texts) == len(set(texts))  # no paragraph printed twice


def test_the_contract_still_judges_an_outline() -> None:
    head = "“Garden notes” covers three topics: “Watering Tomatoes”, “Seed Saving” and “Slugs”."
    leads = (
        "Tomato leaves that stay wet overnight invite blight. Runner bean pods left on the vine turn dry and "
        "papery by late autumn. A ring of crushed eggshell around each seedling slows slugs down."
    )
    assert check_summary(f"{head} {leads}", title="Garden notes") == []
    # the headings alone are too short to summarise the page
    assert {f.rule for f in check_summary(head, title="Garden notes")} == {"summary-length"}
    # a scene quoted after the headings is still a scene
    scene = f"{head} Imagine you have just moved into a house with a neglected vegetable plot. {leads}"
    assert "setup" in {f.rule for f in check_summary(scene, title="Garden notes")}


# Notes that open with the writer's situation and make their point in a later paragraph, often
# after a code block: the shape of a category page of short technical notes.
LATE_POINT = """\
---
title: Kiln notes
faq: []
---

## Glaze Firing Schedule

Let's say the kiln is loaded with a batch of mugs for the second firing.

```text
ramp 1: 100C/h to 600C
ramp 2: 150C/h to 1220C
```

The schedule above has two ramps.

Slow cooling through the quartz inversion around 573C keeps the glazed mugs from cracking as the clay
body shrinks. Hold the kiln shut until it
reads below 200C.

## Shelf Wash

I paint the shelves before every few firings.

```text
2 parts alumina, 1 part kaolin
```

We see a thin white coat once it dries, and the mixture is shown above. Drips of glaze then pop off the shelf.

Kiln wash keeps melted glaze from fusing a pot to the shelf for good. Renew it when it starts to flake.
"""


def test_a_note_whose_point_comes_later_gives_that_sentence_to_the_outline(tmp_path: Path) -> None:
    page = load(tmp_path, LATE_POINT)
    art = generate(page)
    assert art.summary.startswith("“Kiln notes” covers two topics: “Glaze Firing Schedule” and “Shelf Wash”.")
    # the first sentence of a later paragraph that reads alone, never its whole paragraph
    slow = "Slow cooling through the quartz inversion around 573C keeps the glazed mugs from cracking as the clay body shrinks."
    assert slow in art.summary
    assert "Kiln wash keeps melted glaze from fusing a pot to the shelf for good." in art.summary
    assert "Hold the kiln shut" not in art.summary and "Renew it" not in art.summary
    assert check_summary(art.summary, title=page.title) == []


def test_a_later_paragraph_that_reads_the_code_above_it_is_not_quoted(tmp_path: Path) -> None:
    page = load(tmp_path, LATE_POINT)
    art = generate(page)
    # right after a code block (it reads the code's output), and the scenario opening, stay out
    assert "We see a thin white coat" not in art.summary
    assert "Let's say" not in art.summary


def test_a_later_sentence_that_points_back_or_is_its_whole_paragraph_is_not_quoted(tmp_path: Path) -> None:
    leaning = LATE_POINT.replace(
        "Kiln wash keeps melted glaze from fusing a pot to the shelf for good.",
        "That coat keeps melted glaze from fusing a pot to the shelf for good.",
    ).replace(" Hold the kiln shut until it\nreads below 200C.", "")
    page = load(tmp_path, leaning)
    art = generate(page)
    assert "That coat" not in art.summary
    assert "Slow cooling" not in art.summary  # now a paragraph of one sentence: the box would reprint it
    # with nothing of a note to quote, no outline reaches the minimum: no outline is made
    assert not art.summary.startswith("“Kiln notes” covers")


def test_built_page_of_late_point_notes_prints_no_paragraph_twice(make_site, build_site) -> None:
    root = make_site({"kiln.md": LATE_POINT})
    build_site(root)
    html = (root / "site" / "kiln" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    box = soup.select_one(".aeoloop-summary")
    assert box is not None
    assert "Kiln wash keeps melted glaze" in " ".join(box.get_text(" ").split())
    article = soup.select_one("article") or soup
    texts = [" ".join(p.get_text(" ").split()) for p in article.find_all("p")]
    texts = [t for t in texts if count_words(t) >= 6]
    assert len(texts) == len(set(texts))
