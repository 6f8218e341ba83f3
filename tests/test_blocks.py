"""The visible answer blocks: escaping, and moving the writer's opening into the summary box."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aeoloop.amplify.blocks import faq_section, split_opening, summary_box
from aeoloop.artifacts import QA, PageArtifacts


def test_opening_paragraphs_move_whole():
    html = "<p>A b.</p>\n<p>C <em>d</em>.</p>\n<h2>X</h2>"
    assert split_opening(html, "A b. C d.") == ("<p>A b.</p>\n<p>C <em>d</em>.</p>", "\n<h2>X</h2>")


def test_paragraph_split_at_sentence_boundary():
    html = "<p>First here. Second <strong>bold</strong> one. Third &amp; last.</p><h2>X</h2>"
    lead, rest = split_opening(html, "First here. Second bold one.")
    assert lead == "<p>First here. Second <strong>bold</strong> one.</p>"
    assert rest == "\n<p>Third &amp; last.</p><h2>X</h2>"


def test_no_split_inside_inline_markup_or_on_mismatch():
    assert split_opening('<p>A <a href="x">b. C</a> d.</p>', "A b.") is None
    assert split_opening("<p>Something else.</p>", "A b.") is None
    assert split_opening("<h2>X</h2><p>A b.</p>", "A b.") is None


@given(st.lists(st.text(alphabet="abc <>&\"'", min_size=1, max_size=20), min_size=1, max_size=4))
def test_generated_text_is_always_escaped(texts):
    art = PageArtifacts(summary=texts[0], takeaways=texts, faq=[QA(t, t) for t in texts])
    said = frozenset(texts[:1])  # some left out of the search index: an attribute, never text
    for html in (summary_box(art, "en"), faq_section(art, "it"), summary_box(art, "en", said=said)):
        stripped = html
        for tag in ("div", "p", "ul", "li", "h2", "h3", "section", "strong"):
            stripped = stripped.replace(f"</{tag}>", "")
        import re

        stripped = re.sub(r'<(div|p|ul|li|h2|h3|section|strong)( [a-z-]+(="[^"<>]*")?)*>', "", stripped)
        assert "<" not in stripped and ">" not in stripped


def test_short_opening_moves_into_the_box_when_the_summary_goes_on_under_a_heading():
    """The scaffold's home page: a 29-word opening + the next section's first sentence; the opening
    must not be printed twice (once in the box, once in the body)."""
    html = '<p>Acme makes <a href="x">sensors</a>.</p>\n<h2 id="start">Start</h2>\n<p>Read the guide. Then ask.</p>'
    box, rest = split_opening(html, "Acme makes sensors. Read the guide.")
    assert box == '<p>Acme makes <a href="x">sensors</a>.</p>\n<p>Read the guide.</p>'
    assert rest == '\n<h2 id="start">Start</h2>\n<p>Read the guide. Then ask.</p>'
    assert split_opening(html, "Acme makes sensors. and more") is None  # not a whole sentence


def test_faq_links_to_an_answer_already_under_its_heading():
    from aeoloop.amplify.blocks import answered_in_body
    from aeoloop.artifacts import QA, PageArtifacts

    html = (
        '<h2 id="how-much">Pricing<a class="headerlink" href="#how-much">¶</a></h2>\n'
        "<p>Acme costs 49 euros per machine per month.</p><p>Volume discounts start at fifty machines.</p>"
    )
    art = PageArtifacts(
        faq=[
            QA(
                "How much does Acme cost?",
                "Acme costs 49 euros per machine per month. Volume discounts start at fifty machines.",
            ),
            QA("Is there a trial?", "Yes, for thirty days."),
        ]
    )
    answered = answered_in_body(html, art)
    assert answered == {0: ("how-much", "Pricing")}
    out = faq_section(art, "en", answered=answered)
    assert '<a href="#how-much">Pricing</a>' in out and "Acme costs 49" not in out
    assert "<p>Yes, for thirty days.</p>" in out


def test_opening_after_an_admonition_moves_into_the_box():
    """Docusaurus pages open with a :::tip; the writer's first paragraph still moves into the box
    and the admonition stays, after it."""
    tip = '<div class="admonition tip">\n<p class="admonition-title">Legacy</p>\n<p>See the new API.</p>\n</div>\n'
    html = tip + '<p>The Stats API returns your stats. It is read-only.</p>\n<h2 id="a">A</h2>'
    box, rest = split_opening(html, "The Stats API returns your stats. It is read-only.")
    assert box == "<p>The Stats API returns your stats. It is read-only.</p>"
    assert rest == tip + '\n<h2 id="a">A</h2>'
    assert (
        split_opening(
            '<h2 id="a">A</h2>\n<p>The Stats API returns your stats.</p>', "The Stats API returns your stats."
        )
        is None
    )
