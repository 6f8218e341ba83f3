"""A summary for a page whose substance is a table: what the table compares, said from its own labels.

A page that is one table (a career ladder: a "Category" column, one column per title, a row
per skill) has no sentence to quote, so the extractive summary would be empty. An editor would
still write one line saying what the table sets side by side. That line is composed here from
nothing but the page's title, the table's header row, its row labels (the first cell of each
row) and how many rows it has: no cell text is paraphrased, so no fact is invented. Rows whose
other cells are all empty are read as group labels ("Skill", "Engagement"), and the rows under
them are listed in brackets after their group.

English only (the wording is English); other languages get ``None`` and keep the backend's note.
"""

from __future__ import annotations

from collections.abc import Callable

from ..page import Block, Page
from ..text import count_words

# A header or row label too long to list is a sentence, not a label: such a table is not summarised.
_LABEL_WORDS = 8


def _series(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c": the brand style of the example site (no serial comma)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(label: str) -> str:
    """ "Category" → "categories", "Feature" → "features" (the last word of a label, lower case)."""
    head, _, last = label.lower().rpartition(" ")
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif not last.endswith("s"):
        last += "es" if last.endswith(("x", "ch", "sh")) else "s"
    return f"{head} {last}".strip()


def _groups(rows: tuple[tuple[str, ...], ...]) -> list[tuple[str, list[str]]]:
    """(label, labels of the rows under it) in order; a table without group rows is one group "".
    A label repeated (three rows "Technical" in a row) is listed once."""
    out: list[tuple[str, list[str]]] = []
    for row in rows:
        label = row[0].strip() if row else ""
        if not label:
            continue
        if len(row) > 1 and not any(c.strip() for c in row[1:]):
            out.append((label, []))  # a group row: a label and empty cells
            continue
        if not out:
            out.append(("", []))
        if label not in out[-1][1]:
            out[-1][1].append(label)
    return out


def _first_table(page: Page) -> Block | None:
    """The page's first table with a header row and at least two body rows, when no paragraph
    comes before it (a page that opens with prose has sentences to summarise)."""
    for section in page.sections:
        for block in section.blocks:
            if block.kind == "paragraph":
                return None
            if block.kind == "table" and len(block.rows) >= 3 and len(block.rows[0]) >= 2:
                return block
    return None


def table_summary(page: Page, *, lo: int, hi: int, passes: Callable[[str], bool]) -> str | None:
    """The first wording of the page's opening table within ``lo``–``hi`` words that ``passes``
    (the quality contract, given by the caller), richest first; None when there is no such table,
    the page is not English, or no wording passes."""
    if page.lang != "en":
        return None
    table = _first_table(page)
    if table is None:
        return None
    header, body = table.rows[0], table.rows[1:]
    key = header[0].strip()
    columns = [c.strip() for c in header[1:] if c.strip()]
    labels = [c for c in (key, *columns) if c]
    if not columns or any(count_words(c) > _LABEL_WORDS for c in labels):
        return None
    groups = _groups(body)
    if not groups or any(count_words(g) > _LABEL_WORDS for g, _ in groups):
        return None
    title = page.title.strip().rstrip(".:")
    by = f" by {key[0].lower()}{key[1:]}" if key else ""
    compared = "one column" if len(columns) == 1 else _series(columns)
    opening = f"{title} is a table that compares {compared}{by}."
    n_rows = sum(len(items) or 1 for _, items in groups)  # distinct row labels, each group counted once
    kind = _plural(key) if key else "rows"
    wordings: list[str] = []
    if any(g for g, _ in groups):
        full = _series([f"{g} ({_series(items)})" if items else g for g, items in groups if g])
        bare = _series([g for g, _ in groups if g])
        wordings += [
            f"{opening} The {n_rows} {kind} fall under {full}.",
            f"{opening} The {n_rows} {kind} fall under {bare}.",
        ]
    else:
        wordings.append(f"{opening} The {n_rows} {kind} are {_series(groups[0][1])}.")
    for text in wordings:
        if lo <= count_words(text) <= hi and passes(text):
            return text
    return None
