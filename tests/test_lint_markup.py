"""markup.py: every checked character points at the exact source character it came from,
and code, URLs, link destinations, HTML and front matter keys are never part of the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.express.markup import parse_markdown
from aeoloop.express.segments import PLACEHOLDER, split_sentences

WORDS = st.sampled_from(
    ["alpha", "beta", "Gamma", "delta-epsilon", "zeta's", "42", "3.5", "ünïcode", "naïve", "e.g.", "x_y"]
)
SECRET_CODE = "CODEWORD"
SECRET_URL = "URLWORD"


@st.composite
def inline(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 12))
        w = draw(WORDS)
        if kind == 0:
            parts.append(f"**{w}**")
        elif kind == 1:
            parts.append(f"_{w}_")
        elif kind == 2:
            parts.append(f"`{SECRET_CODE} {w}`")
        elif kind == 3:
            parts.append(f'[{w} text](https://example.com/{SECRET_URL}?q=1 "title")')
        elif kind == 4:
            parts.append(f"https://example.com/{SECRET_URL}/{w}")
        elif kind == 5:
            parts.append(f"<https://{SECRET_URL}.example>")
        elif kind == 6:
            parts.append(f'<span class="{SECRET_URL}">{w}</span>')
        elif kind == 7:
            parts.append(f"&amp; {w} \\*")
        elif kind == 8:
            parts.append(f"![{SECRET_URL}](img/{SECRET_URL}.png)")
        elif kind == 9:
            parts.append(f"{w}[^1]")
        elif kind == 10:
            parts.append(f"{w}.")
        else:
            parts.append(w)
    sep = draw(st.sampled_from([" ", " ", "\n", "  \n"]))
    return sep.join(parts)


@st.composite
def document(draw) -> str:
    blocks = []
    if draw(st.booleans()):
        blocks.append(
            f'---\ntitle: {draw(WORDS)} title\n{SECRET_URL}_key: {draw(WORDS)}\ndescription: "{draw(WORDS)} text"\n---'
        )
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 8))
        text = draw(inline())
        one_line = text.replace("\n", " ")
        if kind == 0:
            blocks.append(f"{'#' * draw(st.integers(1, 6))} {one_line}")
        elif kind == 1:
            blocks.append("\n".join(f"- {line}" for line in [one_line, draw(inline()).replace(chr(10), " ")]))
        elif kind == 2:
            blocks.append("1. " + text.replace("\n", "\n   "))
        elif kind == 3:
            blocks.append("> " + text.replace("\n", "\n> "))
        elif kind == 4:
            blocks.append(f"```\n{SECRET_CODE} {one_line}\n```")
        elif kind == 5:
            blocks.append(f"Code follows.\n\n    {SECRET_CODE} indented code")
        elif kind == 6:
            a, b = draw(WORDS), draw(WORDS)
            blocks.append(f"| {a} | {b} |\n|---|---|\n| {one_line.replace('|', '')} | `{SECRET_CODE}` |")
        elif kind == 7:
            blocks.append(f'!!! note "{draw(WORDS)}"\n    ' + text.replace("\n", "\n    "))
        else:
            blocks.append(text)
    if draw(st.booleans()):
        blocks.append(f"[ref]: https://example.com/{SECRET_URL}")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(b.replace("\n", newline) for b in ("\n\n".join(blocks) + "\n").split("\n"))[:None]


def _check_offsets(source: str) -> None:
    doc = parse_markdown(source)
    for seg in doc.segments:
        assert seg.text == seg.text.strip() or seg.kind in ("title", "description")
        for i, ch in enumerate(seg.text):
            off = seg.offset(i)
            assert 0 <= off < len(source), (seg.kind, i)
            run = seg._run(i)
            assert run is not None, (seg.kind, seg.text, i)
            if run[3]:  # synthetic: a placeholder or a decoded entity stands for a construct there
                assert source[off] in "`<&hwf", (ch, source[off : off + 10])
            else:
                assert source[off] == ch or (ch == " " and source[off] == "\n"), (seg.kind, seg.text, i, source[off])
        for start in range(len(seg.text)):
            for end in range(start + 1, min(len(seg.text), start + 12) + 1):
                if seg.fixable(start, end):
                    a, b = seg.source_span(start, end)
                    chunk = source[a:b]
                    assert len(chunk) == end - start
                    assert all(x == y or (y == " " and x == "\n") for x, y in zip(chunk, seg.text[start:end]))
                if seg.fixable(start, end, source):  # also across a line break + indentation
                    a, b = seg.source_span(start, end)
                    assert " ".join(source[a:b].split()) == " ".join(seg.text[start:end].split())
        line, col = doc.line_col(seg.offset(0))
        assert line >= 1 and col >= 1


@settings(max_examples=250, deadline=None)
@given(document())
def test_offsets_point_at_the_exact_source_text(source: str) -> None:
    _check_offsets(source)


@settings(max_examples=250, deadline=None)
@given(document())
def test_code_urls_html_and_front_matter_keys_are_never_checked(source: str) -> None:
    doc = parse_markdown(source)
    for seg in doc.segments:
        assert SECRET_CODE not in seg.text, seg
        assert SECRET_URL not in seg.text, seg


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("ab *_`[]()<>!#&;:/\\|-\n\t>.h") + ["http://", "www.", "&amp;", "```", "---\n", "    ", "1. "]
        ),
        max_size=80,
    )
)
def test_arbitrary_text_never_breaks_the_mapping(pieces: list[str]) -> None:
    _check_offsets("".join(pieces))


def test_segments_of_a_page() -> None:
    src = (
        "---\ntitle: A page\nkeywords: [x]\ndescription: 'Short text.'\n---\n\n"
        "# Heading {#anchor}\n\nA [link](https://x.example/a) and `code` with **bold**\ntext.\n\n"
        "- item one\n- item *two*\n\n| h1 | h2 |\n|----|----|\n| c1 | c\\|2 |\n\n> quote\n\n```py\nprint(1)\n```\n"
    )
    doc = parse_markdown(src)
    got = [(s.kind, s.text) for s in doc.segments]
    assert got == [
        ("title", "A page"),
        ("description", "Short text."),
        ("heading", "Heading"),
        ("paragraph", f"A link and {PLACEHOLDER} with bold text."),
        ("list", "item one"),
        ("list", "item two"),
        ("table.header", "h1"),
        ("table.header", "h2"),
        ("table.cell", "c1"),
        ("table.cell", "c|2"),
        ("blockquote", "quote"),
    ]
    heading = doc.segments[2]
    assert doc.line_col(heading.offset(0)) == (7, 3)


def test_sentences() -> None:
    text = "It works, e.g. on pumps. The U.S. Department agrees! Does it? Yes: 3.5 mm/s. end"
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == ["It works, e.g. on pumps.", "The U.S. Department agrees!", "Does it?", "Yes: 3.5 mm/s. end"]
