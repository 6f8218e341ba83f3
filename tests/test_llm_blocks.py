"""Authoring controls on real builds: llm-only / llm-ignore / nosnippet blocks in the HTML page,
the Markdown mirror, llms-full.txt, generated artifacts and JSON-LD; the copy-as-Markdown control."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop import llmblocks
from aeoloop.errors import ContentError

PAGE = """\
---
title: What is downtime?
---

<!-- llm-only -->
LLMONLY downtime context: this paragraph is written for language models and explains that downtime is any period in which a machine is planned to run but does not, including changeovers.
<!-- /llm-only -->

<!-- llm-ignore -->
IGNOREDTEXT downtime is a word people in the plant use for many things, and this paragraph is only for human readers of the page in a browser.
<!-- /llm-ignore -->

Downtime is time in which a machine is planned to produce but does not run. It includes breakdowns, changeovers and waiting for material. Plants measure it per shift and per asset, because the causes differ from one machine to the next, and the largest losses are usually found within two weeks of measuring.

<!-- nosnippet -->
NOSNIPPETTEXT our internal downtime target is twelve minutes per shift and it must not be quoted by search engines or answer engines.
<!-- /nosnippet -->

```md
<!-- llm-only -->
CODEMARKER a marker inside a code block is text
```

## How do you measure downtime?

You measure downtime by recording every stop with its start, end and cause. A machine signal gives the start and end automatically; the operator adds the cause. Summing the stops per shift gives the downtime, and grouping them by cause shows where to act first.

- A list item that stays.
  <!-- llm-only -->
  NESTEDLLMONLY detail inside a list item.
  <!-- /llm-only -->
"""
HIDDEN_FROM_HTML = ("LLMONLY", "NESTEDLLMONLY")
HIDDEN_FROM_LLMS = ("IGNOREDTEXT", "NOSNIPPETTEXT")


@pytest.fixture
def blocks_site(make_site, build_site):
    root = make_site({"downtime.md": PAGE})
    build_site(root)
    return root


def test_html_page_hides_llm_only_and_marks_nosnippet(blocks_site):
    html = (blocks_site / "site" / "downtime" / "index.html").read_text()
    body = html.split("<body", 1)[1]
    for word in HIDDEN_FROM_HTML:
        assert word not in html
    assert "IGNOREDTEXT" in body
    soup = BeautifulSoup(html, "lxml")
    nosnippet = soup.select("div[data-nosnippet]")
    assert len(nosnippet) == 1 and "NOSNIPPETTEXT" in nosnippet[0].get_text()
    assert "NOSNIPPETTEXT" not in "".join(
        t.get_text() for t in soup.select("article p") if not t.find_parent("div", attrs={"data-nosnippet": True})
    )
    code = soup.select_one("article pre code").get_text()
    assert "<!-- llm-only -->" in code and "CODEMARKER" in code  # a marker in code is text


def test_mirror_and_llms_full_carry_llm_only_and_omit_the_rest(blocks_site):
    mirror = (blocks_site / "site" / "downtime" / "index.html.md").read_text()
    full = (blocks_site / "site" / "llms-full.txt").read_text()
    for text in (mirror, full):
        assert "LLMONLY downtime context" in text and "NESTEDLLMONLY" in text
        for word in HIDDEN_FROM_LLMS:
            assert word not in text
        assert "<!-- llm-only -->\nCODEMARKER" in text  # the code block is unchanged
        assert "<!-- /llm-ignore -->" not in text and "<!-- nosnippet -->" not in text
        assert "Downtime is time in which a machine" in text


def test_generation_and_jsonld_read_neither(blocks_site):
    generated = blocks_site / "generated" / "downtime"
    texts = [p.read_text() for p in generated.iterdir() if p.suffix in (".md", ".json") and p.name != "manifest.json"]
    assert texts
    html = (blocks_site / "site" / "downtime" / "index.html").read_text()
    graph = BeautifulSoup(html, "lxml").find("script", type="application/ld+json").string
    for text in texts + [json.dumps(json.loads(graph))]:
        for word in HIDDEN_FROM_HTML + HIDDEN_FROM_LLMS:
            assert word not in text
    summary = (generated / "summary.md").read_text()
    assert summary.startswith("Downtime is time in which a machine")  # the first visible paragraph


def test_unclosed_marker_is_a_content_error_with_its_line(make_site, build_site):
    root = make_site({"bad.md": "---\ntitle: Bad\n---\n\nText.\n\n<!-- llm-only -->\nSecret.\n"})
    with pytest.raises(ContentError) as err:
        build_site(root)
    assert "bad.md:7" in str(err.value) and "never closed" in str(err.value)


def test_copy_control_links_the_mirror_and_ships_its_script(blocks_site, make_site, build_site):
    site = blocks_site / "site"
    soup = BeautifulSoup((site / "downtime" / "index.html").read_text(), "lxml")
    link = soup.select_one("a[data-aeoloop-copy]")
    assert link.get_text() == "Copy page as Markdown" and link["type"] == "text/markdown"
    assert (site / "downtime" / link["href"]).is_file()  # relative: works on previews too
    assert soup.select_one(".aeoloop-copy-status")["aria-live"] == "polite"
    script = [s["src"] for s in soup.find_all("script", src=True) if "aeoloop-copy" in s["src"]]
    assert script and (site / "downtime" / script[0]).resolve().is_file()
    js = (site / "assets" / "aeoloop" / "aeoloop-copy.js").read_text()
    assert "navigator.clipboard.writeText" in js and "http" not in js.replace(
        "HTTP ", ""
    )  # no network but the page's own
    root2 = make_site(
        {"downtime.md": PAGE}, options={"llms_txt": {"copy_button": False}}, root=blocks_site.parent / "p2"
    )
    build_site(root2)
    html2 = (root2 / "site" / "downtime" / "index.html").read_text()
    assert "data-aeoloop-copy" not in html2 and "aeoloop-copy.js" not in html2


def test_copy_control_with_page_md_form(make_site, build_site):
    root = make_site({"guides/downtime.md": PAGE}, options={"llms_txt": {"mirror_url": "page.md"}})
    build_site(root)
    page = root / "site" / "guides" / "downtime" / "index.html"
    href = BeautifulSoup(page.read_text(), "lxml").select_one("a[data-aeoloop-copy]")["href"]
    assert href == "../downtime.md" and (page.parent / href).resolve().is_file()


LINE = st.sampled_from(
    [
        "text",
        "",
        "<!-- llm-only -->",
        "<!-- /llm-only -->",
        "<!-- llm-ignore -->",
        "<!-- /llm-ignore -->",
        "<!-- nosnippet -->",
        "<!-- /nosnippet -->",
        "```",
        "- item",
        "  <!-- llm-only -->",
        "> quote",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=30))
def test_views_keep_line_numbers_and_drop_every_marker(lines):
    text = "\n".join(lines)
    blocks, problems = llmblocks.find_blocks(text)
    for drop in (llmblocks.FOR_HTML, llmblocks.FOR_LLMS, llmblocks.FOR_GENERATION):
        out = llmblocks.view(text, drop=drop)
        assert out.count("\n") == text.count("\n")
        for b in blocks:
            assert out.split("\n")[b.start] == "" and out.split("\n")[b.end] == ""
    for line, _ in problems:
        assert 1 <= line <= len(lines)


@pytest.mark.parametrize(
    "scenario, expected",
    [
        (
            "same-origin",
            {"prevented": True, "copied": "# What is OEE?\n", "status": "Copied to the clipboard", "navigated": None},
        ),
        ("cross-origin", {"prevented": False, "copied": None, "status": "", "navigated": None}),  # the link opens
        (
            "http-error",
            {
                "prevented": True,
                "copied": None,
                "status": "",
                "navigated": "https://site.example/guides/oee/index.html.md",
            },
        ),
        ("no-clipboard", {"prevented": False, "copied": None, "status": "", "navigated": None}),  # the link opens
    ],
)
def test_copy_script_copies_same_origin_mirror_or_falls_back_to_the_link(scenario, expected):
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the copy-button script is checked with tests/validator/copy_harness.mjs")
    repo = Path(__file__).resolve().parents[1]
    script = repo / "generator" / "aeoloop" / "assets" / "aeoloop-copy.js"
    proc = subprocess.run(
        [node, str(repo / "tests" / "validator" / "copy_harness.mjs"), str(script), scenario],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert {k: result[k] for k in expected} == expected
    if result["fetched"]:
        assert result["fetched"]["credentials"] == "same-origin"


def test_max_snippet_from_site_option_and_front_matter(make_site, build_site):
    root = make_site(
        {
            "a.md": "---\ntitle: A\n---\n\nText about downtime.\n",
            "b.md": "---\ntitle: B\nmax_snippet: 0\n---\n\nText about downtime.\n",
        },
        options={"max_snippet": 160},
    )
    build_site(root)

    def robots_meta(page: str) -> list[str]:
        soup = BeautifulSoup((root / "site" / page / "index.html").read_text(), "lxml")
        return [m["content"] for m in soup.head.find_all("meta", attrs={"name": "robots"})]

    assert robots_meta("a") == ["max-snippet:160"]
    assert robots_meta("b") == ["max-snippet:0"]
    root2 = make_site({"a.md": "---\ntitle: A\n---\n\nText about downtime.\n"}, root=root.parent / "p2")
    build_site(root2)
    assert "max-snippet" not in (root2 / "site" / "a" / "index.html").read_text()
