"""The questions of one page's headings, with what the page itself says about them.

Why: a heading alone is ambiguous. The page tells the rules what they cannot guess: the title
and the H2 above an H3 (a term under "Metrics" is asked as "What is <term>?") and the names the
prose capitalises ("Plausible", "Data Studio"). The extractive backend asks this once per page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ...page import Page
from .convert import HeadingQuestion, explain_heading
from .detect import is_question
from .names import page_names


@dataclass(frozen=True)
class PageHeadings:
    """Questions for the headings of one page (``explain(i, topic)`` for ``page.sections[i]``)."""

    page: Page

    @functools.cached_property
    def names(self) -> frozenset[str]:
        return page_names(b.text for s in self.page.sections for b in s.blocks if b.kind in ("paragraph", "list"))

    def parents(self, index: int) -> tuple[str, ...]:
        """The page title, then the nearest heading above ``index`` that is one level up."""
        sections = self.page.sections
        level = sections[index].level
        out = [self.page.title] if self.page.title else []
        for j in range(index - 1, -1, -1):
            above = sections[j]
            if above.heading and 1 < above.level < level:
                out.append(above.heading)
                break
        return tuple(out)

    def explain(self, index: int, topic: str) -> HeadingQuestion:
        heading = self.page.sections[index].heading or ""
        if self.page.lang not in ("en", "it") and is_question(heading):
            return HeadingQuestion(heading.strip().rstrip("?.:") + "?", "question")
        return explain_heading(
            heading, topic=topic, lang=self.page.lang, parents=self.parents(index), names=self.names, plain=True
        )
