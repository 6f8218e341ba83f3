"""verify's duplicate-paragraph check: paragraphs of six words or more printed twice outside the body."""

from __future__ import annotations


def _duplicates(article: str) -> tuple[list[str], list[str]]:
    from aeoloop.verify.page import _analyze_page

    html = (
        f'<!doctype html><html lang="en"><head><title>T</title></head><body><article>{article}</article></body></html>'
    )
    result = _analyze_page("p/index.html", html.encode(), "https://example.com/p/", "https://example.com/")
    return result.facts.duplicates, [m for _, check, m in result.findings if check == "duplicate-paragraph"]


def test_paragraphs_printed_twice_outside_the_body() -> None:
    """verify's duplicate-paragraph check (its word count stops at the sixth word; regions are found
    only for repeated paragraphs): what it reports, where, and how often."""
    six = "One two three four five six."
    five = "One two three four five."
    summary = f'<div id="aeoloop-summary"><p>{six}</p></div>'
    faq = f'<section id="faq" class="aeoloop-faq"><p>{six}</p></section>'
    regions, warnings = _duplicates(f"{summary}<p>{six}</p>{faq}<ul><li>{six.upper()}</li></ul>")
    assert regions == ["faq", "summary"]
    assert len(warnings) == 1 and "printed 4 times" in warnings[0] and "(body and faq and summary)" in warnings[0]
    # five words are too short to count; the same paragraph twice in the body is the writer's own
    assert _duplicates(f'<div id="aeoloop-summary"><p>{five}</p></div><p>{five}</p>') == ([], [])
    assert _duplicates(f"<p>{six}</p><p>{six}</p>") == ([], [])
    # a loose list item is counted by its paragraphs, not as a whole
    regions, warnings = _duplicates(f'<div id="aeoloop-summary"><p>{six}</p></div><ul><li><p>{six}</p></li></ul>')
    assert regions == ["summary"] and "printed 2 times" in warnings[0]
