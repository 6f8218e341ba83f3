"""The Page model: front matter validation with file lines, sections from markdown-it tokens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aeoloop.page import load_page


def load(tmp_path: Path, text: str | bytes, name: str = "p.md"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_page(path, name)


def test_sections_carry_file_lines(tmp_path):
    page, diags = load(
        tmp_path,
        "---\ntitle: T\nlang: it\n---\n\nIntro **bold** [link](x.md).\n\n## First { #first }\n\nText `code`.\n\n- a\n- b\n\n### Sub\n\n1. one\n2. two\n",
    )
    assert diags == []
    assert page.body_line == 5 and page.lang == "it"
    assert [(s.heading, s.level, s.line) for s in page.sections] == [(None, 0, 5), ("First", 2, 8), ("Sub", 3, 15)]
    assert page.sections[0].blocks[0].text == "Intro bold link."
    assert page.sections[1].blocks[1].items == ("a", "b")
    assert page.ordered_lists()[0][1].items == ("one", "two")


def test_known_keys_validated_and_coerced(tmp_path):
    page, _ = load(
        tmp_path,
        "---\ntitle: T\nauthors: ada\nkeywords: a, b\ndate: 2026-01-02T10:00:00Z\nupdated: '2026-02-03'\n---\nBody.\n",
    )
    assert page.meta.authors == ["ada"] and page.meta.keywords == ["a", "b"]
    assert page.meta.date == dt.date(2026, 1, 2) and page.meta.updated == dt.date(2026, 2, 3)


def test_errors_point_at_the_key_line(tmp_path):
    page, diags = load(tmp_path, "---\ntitle: T\nlang: English\nfaq:\n  - question: Q\n---\nBody.\n")
    assert page is None
    messages = {(d.line, d.message.split(":")[0]) for d in diags}
    assert (3, "front matter `lang`") in messages
    assert (4, "front matter `faq.0.answer`") in messages


def test_title_falls_back_to_h1(tmp_path):
    page, diags = load(tmp_path, "# From the heading\n\nText.\n")
    assert page.title == "From the heading" and diags == []


def test_unclosed_front_matter(tmp_path):
    page, diags = load(tmp_path, "---\ntitle: T\n\nBody.\n")
    assert page is None and "no closing" in diags[0].message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
    st.text(alphabet="abc: -[]{}#\n'\"", max_size=80),
)
def test_loader_never_crashes(tmp_path, body, front):
    for text in (body, f"---\n{front}\n---\n{body}"):
        page, diags = load(tmp_path, text)
        lines = text.count("\n") + 1
        assert page is not None or diags
        for d in diags:
            assert d.line is None or 1 <= d.line <= lines + 1, (d, text)
        if page is not None:
            assert all(1 <= s.line <= lines + 1 for s in page.sections)
