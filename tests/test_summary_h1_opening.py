"""Notes whose title is their H1: the opening is theirs to move into the summary box, and a short
opening the note goes on from with a scene is followed by later points that read alone.

Shaped like a short technical note with no front matter (its title an H1, a first paragraph that
says what the tool does, then the writer's story, the point further down). Every sentence is
written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import extractive_artifacts

from aeoloop.amplify.blocks import split_opening
from aeoloop.quality import check_summary
from aeoloop.text import count_words

NOTE = """\
# Hop Between Headings

Quill is a small terminal editor with a parser for every file type it opens. You can move by words,
lines and paragraphs in every file that the parser understands.

While editing a long Markdown guide with dozens of chapters last week, I kept holding the arrow key to
scroll up to one chapter and then down again to the next one, which was slow and tiresome.

For instance, gh and gl move to the previous and next heading.

Headings start sections in the parser's tree, whatever the file type. Code files get one for each
class or top-level function.

There is also gH to go to the last heading of the file. I rarely need it, though.
"""

OPENING = (
    "Quill is a small terminal editor with a parser for every file type it opens. You can move by words, "
    "lines and paragraphs in every file that the parser understands."
)

LONG_OPENING = """\
# Fold Blocks Of Code In Quill

Quill is a small terminal editor for notes and code with a built-in outline of every file. Its folding
commands hide or show whole blocks at once, by indentation or by syntax, and the outline pane lists every
fold by name so you can jump to one.

Folds follow the syntax tree, so a function, a class or a Markdown section folds as one block. Nested
blocks fold with their parent.

```text
zc  close the fold under the cursor
```
"""


def test_a_short_opening_goes_on_with_a_later_point_that_reads_alone(tmp_path: Path) -> None:
    art = extractive_artifacts(tmp_path, NOTE)
    assert art.summary == OPENING + " Headings start sections in the parser's tree, whatever the file type."
    assert 40 <= count_words(art.summary) <= 60
    assert check_summary(art.summary, title="Hop Between Headings") == []


def test_the_scene_and_a_whole_one_sentence_paragraph_stay_out(tmp_path: Path) -> None:
    art = extractive_artifacts(tmp_path, NOTE)
    assert "last week" not in art.summary  # a scene, and its paragraph is one sentence
    assert "For instance" not in art.summary  # it points back, and it is its whole paragraph
    assert "Code files get one" not in art.summary  # never the rest of the quoted paragraph


def test_no_later_point_when_every_later_sentence_points_back(tmp_path: Path) -> None:
    leaning = NOTE.replace("Headings start sections in the parser's tree", "They start sections in its tree")
    art = extractive_artifacts(tmp_path, leaning)
    assert "They start sections" not in art.summary
    assert not art.summary.startswith(OPENING + " ")  # no summary of the opening and a pointing sentence


def test_an_opening_under_the_title_h1_that_passes_is_the_summary(tmp_path: Path) -> None:
    """The opening under a first H1 moves into the box like one with no heading, so it is not a
    repeat of the body: the writer's own paragraph is the summary, not sentences picked around it."""
    art = extractive_artifacts(tmp_path, LONG_OPENING)
    assert art.summary == (
        "Quill is a small terminal editor for notes and code with a built-in outline of every file. Its folding "
        "commands hide or show whole blocks at once, by indentation or by syntax, and the outline pane lists "
        "every fold by name so you can jump to one."
    )


def test_the_box_takes_the_opening_and_adds_the_later_sentence() -> None:
    html = (
        "<p>Quill folds <em>blocks</em>.</p>\n<p>Last week I scrolled for ages.</p>\n"
        "<p>Folds follow the syntax tree. Nested blocks fold too.</p>"
    )
    box, rest = split_opening(html, "Quill folds blocks. Folds follow the syntax tree.")
    assert box == "<p>Quill folds <em>blocks</em>.</p>\n<p>Folds follow the syntax tree.</p>"
    assert rest.startswith("\n<p>Last week I scrolled for ages.</p>")
    # not a whole sentence after the paragraph, or no paragraph whole at the start: nothing moves
    assert split_opening(html, "Quill folds blocks. and then some") is None
    assert split_opening(html, "Quill folds. Folds follow the syntax tree.") is None


def test_built_note_moves_its_opening_and_prints_no_paragraph_twice(make_site, build_site) -> None:
    root = make_site({"quill.md": NOTE})
    build_site(root)
    summary = (root / "generated" / "quill" / "summary.md").read_text(encoding="utf-8")
    assert "Headings start sections" in summary
    html = (root / "site" / "quill" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    box = soup.select_one(".aeoloop-summary")
    assert box is not None
    box_text = " ".join(box.get_text(" ").split())
    assert "Quill is a small terminal editor" in box_text and "Headings start sections" in box_text
    article = soup.select_one("article") or soup
    texts = [" ".join(p.get_text(" ").split()) for p in article.find_all("p")]
    texts = [t for t in texts if count_words(t) >= 6]
    assert len(texts) == len(set(texts))  # the opening moved into the box, not printed again
    assert any(t.startswith("While editing a long Markdown guide") for t in texts)  # the body goes on
