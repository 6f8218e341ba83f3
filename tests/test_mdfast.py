"""aeoloop.mdfast: the faster text rule and line table give markdown-it's tokens, token for token."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.footnote import footnote_plugin

from aeoloop import llmblocks, page
from aeoloop.express import markup
from aeoloop.mdfast import faster, line_marks

ROOT = Path(__file__).resolve().parents[1]


def _stock() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(admon_plugin).use(footnote_plugin)


STOCK = _stock()
FAST = faster(_stock())


def _tokens(md: MarkdownIt, text: str) -> list[dict[str, object]]:
    return [t.as_dict() for t in md.parse(text)]


# Markdown made of the pieces the two loops care about: every character that may start inline
# markup, spaces and tabs at line starts, blank and whitespace-only lines (last line included).
PIECES = st.sampled_from(
    [
        "word",
        " ",
        "  ",
        "\t",
        " \t",
        "\n",
        "\n\n",
        "  \n",
        "\t\n",
        "# ",
        "## ",
        "- ",
        "* ",
        "1. ",
        "2) ",
        "> ",
        "!!! note",
        "    ",
        "```",
        "~~~",
        "| a | b |\n| --- | --- |\n| 1 | 2 |",
        "---",
        "===",
        "[link](http://x.org)",
        "![img](a.png)",
        "`code`",
        "**bold**",
        "_em_",
        "<div>",
        "<!-- c -->",
        "&amp;",
        "\\*",
        "[^1]",
        "[^1]: note",
        "é",
        "€",
        "{}$%@~+=:",
        "!#&<>[]^_`",
    ]
)
MARKDOWN = st.lists(PIECES, max_size=40).map("".join) | st.text(
    alphabet=st.sampled_from(list(" \t\n#-*>!`[]()_~|:1a.")), max_size=200
)


@settings(max_examples=400, deadline=None)
@given(MARKDOWN)
def test_same_tokens_as_markdown_it(text: str) -> None:
    assert _tokens(FAST, text) == _tokens(STOCK, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\nab")), max_size=60))
def test_line_table_is_the_librarys(text: str) -> None:
    state = StateBlock(text, STOCK, {}, [])
    assert line_marks(text) == (state.bMarks, state.eMarks, state.tShift, state.sCount)


def test_edge_lines() -> None:
    # a last line of spaces without a newline is no line (as in the library); tabs expand to 4
    assert line_marks("a\n  ") == ([0, 4], [1, 4], [0, 0], [0, 0])
    assert line_marks(" \tb") == ([0, 3], [3, 3], [2, 0], [4, 0])
    assert line_marks("") == ([0], [0], [0], [0])


def test_example_site_pages_parse_the_same() -> None:
    """Every page of the example site (admonitions, tables, footnotes, MDX) with each parser the
    package configures: the page loader's, the linter's and the llm-block finder's."""
    pages = sorted((ROOT / "content").rglob("*.md"))
    assert len(pages) > 5
    parsers = [
        (page._markdown(), _stock()),
        (markup._markdown(), _stock().disable(["inline", "footnote_tail", "text_join"])),
        (llmblocks._parser(), MarkdownIt("commonmark").enable("table").use(admon_plugin)),
    ]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for fast, stock in parsers:
            assert _tokens(fast, text) == _tokens(stock, text), path


def test_the_scans_key_what_they_parse(monkeypatch) -> None:
    """The sections cache (and the graph keyed by it) and the lint/guardrail verdicts depend on
    what the parser returns: a change to this module's code changes both keys."""
    from aeoloop.express import verdicts

    before = (page._parser_version(), verdicts._code_digest())
    real = Path.read_bytes

    def edited(self: Path) -> bytes:
        data = real(self)
        return data + b"\n# edited\n" if self.name == "mdfast.py" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    page._parser_version.cache_clear()
    verdicts._code_digest.cache_clear()
    try:
        after = (page._parser_version(), verdicts._code_digest())
    finally:
        monkeypatch.undo()
        page._parser_version.cache_clear()
        verdicts._code_digest.cache_clear()
    assert after[0] != before[0] and after[1] != before[1]
