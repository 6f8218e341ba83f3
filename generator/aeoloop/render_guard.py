"""Refuse text that MkDocs' Markdown renderer cannot finish, before anything parses it.

Python-Markdown (what MkDocs renders with) looks for the closing bracket of every ``[`` that
starts a possible link, again for each one, so the time grows faster than the square of the
number of unclosed brackets in one paragraph: measured here, 2,000 took 1.3 s, 8,000 took 19 s
and 100,000 did not finish in 15 minutes (``![`` is worse). Closed brackets (real links, task
list boxes) cost nothing. No real prose has hundreds of unclosed brackets in one paragraph, so
such a paragraph is a content error with its line, instead of a build that never ends.

The scan is one linear pass over the body: fenced code blocks and inline code spans are
skipped, since brackets there are text to every renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

# Unclosed ``[`` in one paragraph above which the renderer's time runs into seconds.
MAX_UNCLOSED_BRACKETS = 1000


@dataclass(frozen=True)
class RenderHazard:
    line: int  # 1-based line in the text given, where the paragraph starts
    message: str


def _fence(line: str) -> str | None:
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return None
    for mark in ("```", "~~~"):
        if stripped.startswith(mark):
            run = len(stripped) - len(stripped.lstrip(mark[0]))
            return mark[0] * run
    return None


def _unclosed_brackets(paragraph: str) -> int:
    """Brackets opened and never closed, outside inline code spans (one pass).

    Escaped brackets count too: the renderer still tries each one (30,000 ``\\[`` took 11 s).
    A backtick run whose closer was not found once is never searched for again, so runs of
    many different lengths stay linear.
    """
    depth = 0
    unclosable: set[int] = set()
    i, n = 0, len(paragraph)
    while i < n:
        c = paragraph[i]
        if c == "`":
            run = i
            while run < n and paragraph[run] == "`":
                run += 1
            width = run - i
            close = -1 if width in unclosable else paragraph.find("`" * width, run)
            if close == -1:
                unclosable.add(width)
                i = run
            else:  # a code span: its brackets are text
                i = close + width
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth:
            depth -= 1
        i += 1
    return depth


def render_hazards(body: str, first_line: int = 1) -> list[RenderHazard]:
    """Paragraphs of ``body`` that would keep the renderer busy for minutes, with their lines."""
    hazards: list[RenderHazard] = []
    fence: str | None = None
    start = 0
    para: list[str] = []

    def flush() -> None:
        if para:
            text = "\n".join(para)
            if text.count("[") > MAX_UNCLOSED_BRACKETS:  # cheap test first
                unclosed = _unclosed_brackets(text)
                if unclosed > MAX_UNCLOSED_BRACKETS:
                    hazards.append(
                        RenderHazard(
                            first_line + start,
                            f"paragraph with {unclosed:,} unclosed '[': MkDocs' Markdown renderer needs minutes "
                            f"for more than {MAX_UNCLOSED_BRACKETS:,} in one paragraph; close them, write them "
                            "inside a code block, or split the paragraph",
                        )
                    )
            para.clear()

    for number, line in enumerate(body.split("\n")):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        opening = _fence(line)
        if opening is not None:
            flush()
            fence = opening
            continue
        if not line.strip():
            flush()
            continue
        if not para:
            start = number
        para.append(line)
    flush()
    return hazards
