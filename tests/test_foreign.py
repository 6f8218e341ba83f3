"""Docusaurus/MDX pages at load time: golden normalizations, invariants, and real builds.

Golden fixtures: ``tests/fixtures/foreign/NAME.md`` → ``NAME.out.md`` (the Markdown MkDocs and
aeoloop read) and ``NAME.notes.txt`` (what the writer is told, and the ld+json blocks found).
Regenerate after a deliberate change with ``AEOLOOP_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aeoloop.cli import main
from aeoloop.foreign.jsonld import parse_scripts, rich_result_warnings
from aeoloop.foreign.mdx import normalize
from aeoloop.page import load_page
from conftest import PAGE_OEE

FIXTURES = Path(__file__).parent / "fixtures" / "foreign"
GOLDEN = sorted(p.stem for p in FIXTURES.glob("*.md") if not p.name.endswith(".out.md"))


def _notes_text(name: str) -> str:
    result = normalize((FIXTURES / f"{name}.md").read_text(encoding="utf-8"), base_path="/docs/")
    lines = [f"{n.line}: {n.level}: {n.message}" for n in result.notes]
    lines += [f"{s.line}:{s.column}: ld+json: {s.text}" for s in result.scripts]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", GOLDEN)
def test_golden(name: str):
    source = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    result = normalize(source, base_path="/docs/")
    out, notes = FIXTURES / f"{name}.out.md", FIXTURES / f"{name}.notes.txt"
    if os.environ.get("AEOLOOP_UPDATE_GOLDEN"):
        out.write_text(result.markdown, encoding="utf-8")
        notes.write_text(_notes_text(name), encoding="utf-8")
    assert result.markdown == out.read_text(encoding="utf-8")
    assert _notes_text(name) == notes.read_text(encoding="utf-8")
    # line numbers downstream stay true: same line count; the lint mask keeps every offset
    assert result.markdown.count("\n") == source.count("\n")
    assert len(result.mask) == len(source)
    assert [i for i, c in enumerate(result.mask) if c == "\n"] == [i for i, c in enumerate(source) if c == "\n"]


def test_goldens_exist():
    assert {"admonitions", "mdx", "head-jsonld"} <= set(GOLDEN)


def test_plain_markdown_is_untouched():
    text = "# Title\n\nA paragraph with <b>HTML</b>, a {brace} and `<Code />`.\n\n!!! note\n    Material syntax.\n"
    result = normalize(text)
    assert result.markdown == text and not result.changed and not result.notes


def test_admonitions_become_material():
    result = normalize(":::tip Faster setup\nCopy the snippet.\n:::\n")
    assert result.markdown == '!!! tip "Faster setup"\n    Copy the snippet.\n\n'


def test_prose_that_starts_with_import_is_kept():
    text = "You can\nimport the file.\n\nimport the file from the menu, then save.\n"
    assert normalize(text).markdown == text


def test_unbalanced_jsx_is_left_alone():
    text = "A <Broken tag that never closes\n\nand text after it.\n"
    result = normalize(text)
    assert "and text after it." in result.markdown


def test_linear_on_pathological_input():
    import time

    for text in ("<A " * 30_000, "{" * 50_000, ":::tip\n" * 10_000, "<Tabs>" * 20_000, "`" * 40_000 + "<X />"):
        started = time.process_time()  # CPU time: a loaded machine does not stretch it
        result = normalize(text)
        assert time.process_time() - started < 5
        assert result.markdown.count("\n") == text.count("\n")


# --- hypothesis: never crash, never drop prose, never leave MDX markup -------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9).map(lambda w: "w" + w)
SENTENCE = st.lists(WORD, min_size=1, max_size=8).map(lambda ws: " ".join(ws) + ".")


@st.composite
def mdx_page(draw) -> tuple[str, list[str]]:
    """A page of prose blocks wrapped in random MDX constructs; returns (page, prose words)."""
    blocks: list[str] = []
    words: list[str] = []

    def prose() -> str:
        s = draw(SENTENCE)
        words.extend(w.strip(".") for w in s.split())
        return s

    if draw(st.booleans()):
        blocks.append("import Tabs from '@theme/Tabs';\nimport {\n  A,\n  B,\n} from './x';")
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["p", "admon", "nested", "tabs", "wrap", "self", "head", "list"]))
        if kind == "p":
            blocks.append(prose())
        elif kind == "admon":
            kind_name = draw(st.sampled_from(["note", "tip", "info", "caution", "warning", "danger", "important"]))
            title = draw(st.sampled_from(["", " Title here", "[Bracket title]"]))
            blocks.append(f":::{kind_name}{title}\n{prose()}\n:::")
        elif kind == "nested":
            blocks.append(f"::::note Outer\n{prose()}\n\n:::tip Inner\n{prose()}\n:::\n\n{prose()}\n::::")
        elif kind == "tabs":
            blocks.append(f'<Tabs>\n<TabItem value="a" label="Alpha">\n\n{prose()}\n\n</TabItem>\n</Tabs>')
        elif kind == "wrap":
            blocks.append(f"<Wrapper mode={{1}}>\n{prose()}\n</Wrapper>")
        elif kind == "self":
            blocks.append('<CtaBox\n  headline="Try it"\n  link="https://example.com"\n/>')
        elif kind == "head":
            blocks.append('<head>\n  <script type="application/ld+json">{`{"@type": "Thing"}`}</script>\n</head>')
        else:
            blocks.append(f"- {prose()}\n\n  :::tip\n  {prose()}\n  :::")
    return "\n\n".join(blocks) + "\n", words


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mdx_page())
def test_normalize_keeps_prose_and_drops_markup(case):
    page, words = case
    result = normalize(page)
    out = result.markdown
    assert out.count("\n") == page.count("\n")
    assert len(result.mask) == len(page)
    for w in words:
        assert re.search(rf"\b{w}\b", out), w
    assert ":::" not in out
    assert not re.search(r"^import |<Tabs|<TabItem|<CtaBox|<Wrapper|</Wrapper|<head>", out, re.M)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("ab <>/{}`:=\"'\n-*#!")
            + [
                "TabItem",
                ":::tip",
                "<Tabs>",
                "import x from 'y';\n",
                "<head>",
                "</head>",
                "```",
                '<script type="application/ld+json">',
            ]
        ),
        max_size=120,
    ).map("".join)
)
def test_normalize_never_crashes(text):
    result = normalize(text)
    assert result.markdown.count("\n") == text.count("\n")
    assert len(result.mask) == len(text)


# --- ld+json blocks ---------------------------------------------------------------------------


def test_invalid_json_points_at_the_file_line():
    result = normalize(
        '<head>\n<script type="application/ld+json">{`\n{\n  "@type": "Thing",\n}\n`}</script>\n</head>\n', first_line=5
    )
    nodes, problems = parse_scripts(result.scripts, "content/x.md")
    assert not nodes
    assert len(problems) == 1 and problems[0].level == "error"
    assert problems[0].file == "content/x.md" and problems[0].line == 9  # the line of the trailing "}"
    assert "not valid JSON" in problems[0].message


def test_rich_result_rules_are_warnings_naming_the_source():
    result = normalize(
        '<script type="application/ld+json">\n[{"@type": "Product", "name": "X"},'
        ' {"@type": "FAQPage", "mainEntity": [{"@type": "Question", "name": "Is it free?",'
        ' "acceptedAnswer": {"@type": "Answer", "text": "Yes."}}]}]\n</script>\n'
    )
    nodes, problems = parse_scripts(result.scripts, "content/x.md")
    assert not problems and [n.data["@type"] for n in nodes] == ["Product", "FAQPage"]
    warnings = rich_result_warnings(nodes, "content/x.md", "Pricing\nThe plan costs nothing.", generated_faq=True)
    text = "\n".join(str(w) for w in warnings)
    assert all(w.level == "warning" and w.file == "content/x.md" and w.line == 2 for w in warnings)
    assert "Product needs offers" in text and "not visible on the page: 'Is it free?'" in text
    assert "two FAQPage nodes" in text


# --- load: front matter keys and titles -------------------------------------------------------


def test_docusaurus_front_matter_and_title_fallback(tmp_path: Path):
    path = tmp_path / "getting-started.md"
    path.write_text("---\nid: start\nslug: /start\nsidebar_position: 2\nsidebar_label: Start\n---\n\nSome text here.\n")
    page, diags = load_page(path, "getting-started.md", display="content/getting-started.md")
    assert page is not None and page.title == "Getting started"
    assert [d.message for d in diags if "front matter key" in d.message] == []
    assert any("using 'Getting started' from the file name" in d.message and d.level == "warning" for d in diags)


# --- real builds ------------------------------------------------------------------------------

DOCUSAURUS_PAGE = """\
---
title: Import your stats
sidebar_label: Import
sidebar_position: 3
description: Import historical stats from a CSV export and keep your history in one dashboard.
---

<head>
  <script type="application/ld+json">{`
    {
      "@context": "https://schema.org",
      "@type": "HowTo",
      "name": "Import stats from a CSV file"
    }
  `}</script>
</head>

import useBaseUrl from '@docusaurus/useBaseUrl';
import CtaBox from '@site/src/components/CtaBox';

Acme imports historical stats from a CSV export, so the dashboard shows one continuous history. The import runs in the background and takes a few minutes for a year of data. Imported numbers appear next to the live ones and can be deleted at any time from the settings page.

:::tip Keep the original file
Keep the exported CSV file until the import has finished and the numbers look right.
:::

## How long does an import take?

An import of one year of daily stats takes about five minutes. Larger exports take longer, because every row is checked before it is stored. You get an email when the import has finished, and the dashboard shows the imported range.

<CtaBox
  headline="Import your history"
  link="https://acme.example/register"
/>

<div className="browser"><img alt="Import settings" src={useBaseUrl('img/import.png')} /></div>
"""


def test_mini_site_renders_docusaurus_page(make_site, build_site):
    root = make_site({"oee.md": PAGE_OEE, "import.md": DOCUSAURUS_PAGE})
    state = build_site(root)
    html = (root / "site" / "import" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    text = article.get_text(" ")
    for leftover in ("import useBaseUrl", "import CtaBox", ":::", "CtaBox", "useBaseUrl", "<head>", "@context"):
        assert leftover not in text, leftover
    box = soup.select_one("div.admonition.tip")
    assert box is not None and box.select_one(".admonition-title").get_text(strip=True) == "Keep the original file"
    assert "Keep the exported CSV file" in box.get_text()
    img = soup.select_one("div.browser img")
    assert img is not None and img["src"] == "/img/import.png"
    graph = json.loads(soup.select_one("script#aeoloop-jsonld").string)["@graph"]
    howto = [n for n in graph if n.get("@type") == "HowTo" and n.get("name") == "Import stats from a CSV file"]
    assert howto and howto[0]["@id"].endswith("#source-jsonld-1")
    assert len(soup.find_all("script", type="application/ld+json")) == 1  # merged, not a second block
    # the Markdown mirror and llms-full.txt carry the normalized text too
    for mirror in (
        (root / "site" / "import" / "index.html.md").read_text(encoding="utf-8"),
        (root / "site" / "llms-full.txt").read_text(encoding="utf-8"),
    ):
        assert "import useBaseUrl" not in mirror and ":::" not in mirror and "<CtaBox" not in mirror
        assert "Keep the exported CSV file" in mirror
    warnings = [str(d) for d in state.diagnostics if d.level == "warning"]
    assert any(w.startswith("content/import.md:31: warning: MDX component <CtaBox>") for w in warnings), warnings
    assert any(w.startswith("content/import.md:10: warning: your JSON-LD: Google retired HowTo") for w in warnings), (
        warnings
    )
    assert not any("sidebar" in w for w in warnings)
    assert state.report.errors == 0


def test_invalid_ld_json_is_exit_2_with_md_line(make_site):
    page = DOCUSAURUS_PAGE.replace('"name": "Import stats from a CSV file"', '"name": "Import stats from a CSV file",')
    root = make_site({"x.md": page})
    result = CliRunner().invoke(main, ["build", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 2, result.output
    assert "content/x.md:14: error: the `application/ld+json` block is not valid JSON" in result.output
    assert not (root / "site").exists()


def test_lint_ignores_mdx_markup(make_site):
    root = make_site(
        {"x.md": DOCUSAURUS_PAGE.replace('headline="Import your history"', 'headline="A seamless import!!!"')}
    )
    (root / "brand" / "voice.yml").write_text(
        "version: 1\nterminology:\n  banned:\n    - {term: seamless, level: error}\n"
        "limits:\n  exclamation_marks: {max: 0, level: error}\n"
    )
    result = CliRunner().invoke(main, ["lint", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    (root / "content" / "x.md").write_text(DOCUSAURUS_PAGE + "\nA seamless finish.\n")
    result = CliRunner().invoke(main, ["lint", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 1 and "content/x.md:38:3 error Voice.Banned" in result.output, result.output


def test_writer_jsonld_breaking_rules_warns_and_builds(make_site, build_site):
    """The writer's own nodes are merged; rich-result rules they break are warnings naming the
    .md file, never a failed build (the zero-error target is about what aeoloop emits)."""
    block = (
        '<script type="application/ld+json">\n'
        '{"@context": "https://schema.org", "@graph": [{"@type": "Product", "name": "Acme Pro",'
        ' "image": {"@type": "ImageObject", "url": "https://acme.example/pro.png"}},'
        ' {"@type": "FAQPage", "mainEntity": [{"@type": "Question", "name": "Is there a free plan?",'
        ' "acceptedAnswer": {"@type": "Answer", "text": "No, there is a 30-day trial."}}]}]}\n'
        "</script>\n"
    )
    root = make_site({"oee.md": PAGE_OEE.replace("## Why OEE matters", block + "\n## Why OEE matters")})
    state = build_site(root)
    assert state.report.errors == 0, [f.message for f in state.report.findings if f.level == "error"]
    warnings = [str(d) for d in state.diagnostics if d.level == "warning" and d.file == "content/oee.md"]
    assert any("Product needs offers" in w for w in warnings), warnings
    assert any("not visible on the page: 'Is there a free plan?'" in w for w in warnings), warnings
    soup = BeautifulSoup((root / "site" / "oee" / "index.html").read_text(encoding="utf-8"), "html.parser")
    graph = json.loads(soup.select_one("script#aeoloop-jsonld").string)["@graph"]
    assert {"Product", "FAQPage"} <= {n.get("@type") for n in graph if "#source-jsonld-" in n.get("@id", "")}


def test_mdx_files_are_reported_not_lost(make_site, build_site):
    root = make_site(
        {
            "oee.md": PAGE_OEE,
            "guide.mdx": "---\ntitle: Guide\n---\n\nimport X from 'y';\n\nText.\n",
            "_partial.mdx": "Shared text.\n",
        }
    )
    state = build_site(root)
    warnings = [str(d) for d in state.diagnostics if d.level == "warning"]
    assert "content/guide.mdx: warning: an MDX file is not a page for MkDocs" in "\n".join(warnings)
    assert not any("_partial.mdx" in w for w in warnings)
    (root / "content" / "guide.mdx").rename(root / "content" / "guide.md")
    state = build_site(root)
    assert (root / "site" / "guide" / "index.html").is_file() and not any(".mdx" in str(d) for d in state.diagnostics)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=300)
    | st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=4), kids, max_size=4),
    ).map(json.dumps)
)
def test_parse_scripts_never_raises(text):
    from aeoloop.foreign.mdx import ScriptBlock

    nodes, problems = parse_scripts([ScriptBlock(3, 1, text)], "content/x.md")
    assert all(p.file == "content/x.md" and p.line is not None and p.line >= 3 for p in problems)
    assert nodes or problems or text.strip() in ("",) or not isinstance(json.loads(text), (dict, list))


def test_deeply_nested_ld_json_is_an_error_not_a_crash():
    from aeoloop.foreign.mdx import ScriptBlock

    nodes, problems = parse_scripts([ScriptBlock(1, 1, "[" * 100_000 + "]" * 100_000)], "content/x.md")
    assert not nodes and problems and problems[0].level == "error"


def test_details_render_markdown_inside(make_site, build_site):
    """MDX renders Markdown inside <details>/<summary>; so does the site (md_in_html)."""
    page = (
        PAGE_OEE
        + "\n<details>\n\n<summary>\n\n## How to read the **chart**\n\n</summary>\n\nThe bars are **shifts**.\n\n</details>\n"
    )
    root = make_site(
        {"oee.md": page}, config={"markdown_extensions": ["tables", "admonition", "attr_list", "md_in_html"]}
    )
    build_site(root)
    soup = BeautifulSoup((root / "site" / "oee" / "index.html").read_text(encoding="utf-8"), "html.parser")
    details = soup.select_one("article details")
    assert details is not None and details.select_one("summary strong").get_text() == "chart"
    assert "##" not in details.get_text() and details.select_one("p strong").get_text() == "shifts"


def test_lint_fix_keeps_mdx_markup_intact(make_site):
    """The linter reads a same-length mask of the page, so `--fix` edits prose by offset and never
    touches imports, JSX or admonition markers."""
    root = make_site({"x.md": DOCUSAURUS_PAGE.replace("Keep the exported CSV file", "Keep the exported csv file")})
    (root / "brand" / "voice.yml").write_text(
        "version: 1\nterminology:\n  preferred:\n    - {term: CSV, replaces: [csv]}\n"
    )
    before = (root / "content" / "x.md").read_text()
    result = CliRunner().invoke(main, ["lint", "--fix", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code in (0, 1), result.output
    after = (root / "content" / "x.md").read_text()
    assert after == before.replace("Keep the exported csv file", "Keep the exported CSV file")
