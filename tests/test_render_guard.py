"""Paragraphs MkDocs' renderer cannot finish are refused at load, with their line."""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.cli import main
from aeoloop.render_guard import MAX_UNCLOSED_BRACKETS, render_hazards

MANY = MAX_UNCLOSED_BRACKETS + 1


def test_unclosed_brackets_in_one_paragraph_are_a_hazard_with_their_line():
    body = "Intro line.\n\nFirst line of it\nand " + "[" * MANY + " more.\n\nAfter.\n"
    hazards = render_hazards(body, first_line=5)
    assert [h.line for h in hazards] == [7]  # the paragraph starts on the body's third line
    assert f"{MANY:,} unclosed '['" in hazards[0].message


def test_spread_out_and_escaped_brackets_count_too():
    assert render_hazards("a [ b " * MANY)
    assert render_hazards("\\[" * MANY)


def test_real_links_task_boxes_and_code_are_not_hazards():
    links = " ".join(f"[page {i}](p{i}.md) [x] [ref][r{i}]" for i in range(3 * MANY))
    assert render_hazards(links) == []
    fenced = "```text\n" + "[" * (10 * MANY) + "\n```\n"
    assert render_hazards(fenced) == []
    tilde = "~~~~\n" + "[" * (10 * MANY) + "\n~~~~\n"
    assert render_hazards(tilde) == []
    span = "Code: `" + "[" * (10 * MANY) + "` done."
    assert render_hazards(span) == []


def test_brackets_split_over_paragraphs_are_counted_per_paragraph():
    half = "[" * (MANY // 2)
    assert render_hazards("\n\n".join([half] * 4)) == []


def test_a_pathological_page_is_a_content_error_not_a_hang(make_site):
    page = (
        "---\ntitle: Brackets\n---\n\nAn opening paragraph that says what the page is about.\n\n"
        + "x [" * 30_000
        + "\n"
    )
    root = make_site({"x.md": page})
    result = CliRunner().invoke(main, ["build", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 2, result.output
    assert "content/x.md:7: error: paragraph with 30,000 unclosed '['" in result.output
    assert not (root / "site").exists()


def test_the_scan_is_linear_on_backtick_runs_of_every_length():
    # Runs of 1..400 backticks, none closed: each width is searched for once.
    body = " ".join("`" * w + "[" for w in range(1, 400))
    assert render_hazards(body) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="[]`\\ \nab~", max_size=3000), st.integers(min_value=1, max_value=50))
def test_never_crashes_and_lines_stay_in_the_body(body, first_line):
    for hazard in render_hazards(body, first_line):
        assert first_line <= hazard.line < first_line + body.count("\n") + 1
