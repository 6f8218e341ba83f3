"""Real mini-site builds: the quality contract on generated/, and no paragraph printed twice in the HTML.

The visible FAQ never repeats an answer the body already prints under its heading: that item
shows its question and a link to the section; the FAQPage JSON-LD keeps the full answer, which
is visible text on the page (under that heading).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from aeoloop.artifacts import parse_faq, parse_takeaways
from aeoloop.quality import Limits, check_artifacts
from aeoloop.text import count_words


def visible_blocks(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    article = soup.find("article")
    out = []
    for el in article.find_all(["p", "li"]):
        if el.name == "li" and el.find("p"):
            continue
        text = " ".join(el.get_text(" ").split())
        if count_words(text) >= 6:
            out.append(text.casefold())
    return out


def faq_jsonld(html: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(html, "lxml")
    graph = json.loads(soup.find("script", id="aeoloop-jsonld").string)
    for node in graph["@graph"]:
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "FAQPage" in types:
            return [(q["name"], q["acceptedAnswer"]["text"]) for q in node["mainEntity"]]
    return []


def assert_page_is_clean(html: str) -> None:
    blocks = visible_blocks(html)
    twice = [text for text, n in Counter(blocks).items() if n > 1]
    assert twice == [], twice
    soup = BeautifulSoup(html, "lxml")
    article = soup.find("article")
    article_text = " ".join(article.get_text(" ").split())
    visible_questions = [" ".join(h.get_text(" ").split()) for h in article.select(".aeoloop-faq-question")]
    pairs = faq_jsonld(html)
    assert [q for q, _ in pairs] == visible_questions
    for n, (_question, answer) in enumerate(pairs, start=1):
        item = article.find(id=f"faq-{n}")
        assert item is not None
        if "aeoloop-faq-ref" in item["class"]:
            anchor = item.select_one(".aeoloop-faq-answer a")["href"][1:]
            heading = article.find(id=anchor)
            section_text = []
            for sib in heading.find_next_siblings():
                if sib.name and sib.name[0] == "h" and sib.name[1:].isdigit():
                    break
                section_text.append(sib.get_text(" "))
            assert " ".join(answer.split()) in " ".join(" ".join(section_text).split())
        else:
            assert " ".join(item.select_one(".aeoloop-faq-answer").get_text(" ").split()) == " ".join(answer.split())
        assert " ".join(answer.split()) in article_text


def test_example_page_faq_links_instead_of_repeating(make_site, build_site) -> None:
    root = make_site()
    state = build_site(root)
    html = (root / "site" / "oee" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    soup = BeautifulSoup(html, "lxml")
    refs = soup.select(".aeoloop-faq-item.aeoloop-faq-ref")
    assert refs, "extractive answers are printed under their headings: the FAQ links to them"
    assert all(r.select_one(".aeoloop-faq-answer a")["href"].startswith("#") for r in refs)
    assert not [f for f in state.report.findings if f.check == "duplicate-paragraph"]


def test_generated_units_pass_the_contract(make_site, build_site) -> None:
    root = make_site()
    build_site(root)
    folder = root / "generated" / "oee"
    found = check_artifacts(
        summary=(folder / "summary.md").read_text(encoding="utf-8").strip(),
        takeaways=parse_takeaways((folder / "takeaways.md").read_text(encoding="utf-8")),
        faq=parse_faq((folder / "faq.md").read_text(encoding="utf-8")),
        title="What is OEE?",
        lang="en",
        limits=Limits(),
    )
    assert [str(f) for f in found] == []


def test_a_page_failing_the_contract_cannot_score_100(make_site, build_site, tmp_path: Path) -> None:
    page = """\
---
title: What is OEE?
summary: These are the numbers you will find on the dashboard. They are grouped by category.
---

Overall equipment effectiveness (OEE) measures how much of planned production time is truly productive.
"""
    root = make_site({"oee.md": page})
    state = build_site(root)
    (score,) = state.report.scores
    assert score.checks["summary"] is False and score.score < 100
    assert any("quality contract" in fix or "words" in fix for fix in score.fixes)
