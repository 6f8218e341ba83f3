"""Golden fixtures for the extractive backend: same input → byte-identical output.

Regenerate after an intended change with AEOLOOP_UPDATE_GOLDEN=1 and read the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from aeoloop.backends.extractive import ExtractiveBackend, n_words
from aeoloop.brand import load_brand
from aeoloop.page import load_page
from aeoloop.settings import Settings

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "extractive"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))


def generate(name: str):
    brand = load_brand(ROOT / "brand", ROOT)
    page, _ = load_page(FIXTURES / f"{name}.md", f"{name}.md")
    assert page is not None
    page.authors = ["giulia-marchetti"]
    return page, ExtractiveBackend(Settings(), brand).generate(page)


@pytest.mark.parametrize("name", CASES)
def test_golden(name):
    _, art = generate(name)
    data = {
        "summary": art.summary,
        "takeaways": art.takeaways,
        "faq": [[qa.question, qa.answer] for qa in art.faq],
        "entities": [[e.key, e.count, e.role] for e in art.entities],
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    golden = FIXTURES / f"{name}.expected.json"
    if os.environ.get("AEOLOOP_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_quality_contract(name):
    """The promises of the issue, checked on real pillar pages rather than frozen in a golden file."""
    page, art = generate(name)
    assert 40 <= n_words(art.summary) <= 60
    assert 3 <= len(art.takeaways) <= 5
    assert len(art.faq) >= 4
    body = " ".join(page.body.split())
    for sentence in [art.summary, *art.takeaways, *(qa.answer for qa in art.faq)]:
        assert re.search(r"[.!?…]$", sentence), sentence  # whole sentences, never cut
    for qa in art.faq:
        assert qa.question.endswith("?") and not qa.question.lower().startswith("what is setting")
        assert 20 <= n_words(qa.answer) <= 75
    for takeaway in art.takeaways:
        assert takeaway.split(":")[0] in body or takeaway[:30] in body.replace("**", "")
