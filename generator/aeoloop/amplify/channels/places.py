"""Where a page says a point: the source line of the block that holds a takeaway or an FAQ
answer, and the heading above a line. The channels order their points as the page orders them
(:mod:`.points`) and label a beat or a slide with its section's heading."""

from __future__ import annotations

import re
from functools import lru_cache

from .context import ChannelContext
from .limits import sentences

#: the order of a point whose place on the page is not found (it sorts last)
UNPLACED = 1e9


@lru_cache(maxsize=16384)
def plain(sentence: str) -> str:
    """A sentence without its inline emphasis and with link texts for links ("In the **Site
    Installation** area of your [site settings](settings.md) …"): the words a reader sees. Code,
    URLs and other markup stay, so :func:`clean` still turns such sentences away."""
    out = re.sub(r"(?<!!)\[([^\]]+)\]\([^)\s]*\)", r"\1", sentence)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", out)


def line_of(ctx: ChannelContext, sentence: str) -> float:
    """Source line of the section that holds the sentence (takeaways are the page's own sentences)."""
    probe = sentence[:40]
    if probe:
        for line, text, bare in _blocks(ctx):
            if probe in text or probe in bare:
                return float(line)
    return UNPLACED


def _blocks(ctx: ChannelContext) -> tuple[tuple[int, str, str], ...]:
    """Every block of the page as (source line, text, text without emphasis and link targets), in
    page order: what :func:`line_of` and :func:`_faq_order` search. Kept on the context (a function
    of its page): they search it for every takeaway and every FAQ answer of each call."""
    kept = ctx.kept.get(("blocks",))
    if kept is not None and kept[0] is ctx.page:
        return kept[1]
    found = tuple((b.line, b.text, plain(b.text)) for section in ctx.page.sections for b in section.blocks)
    ctx.kept[("blocks",)] = (ctx.page, found)
    return found


def faq_order(ctx: ChannelContext, index: int) -> float:
    """Where the page says the FAQ's ``index``-th answer: the source line of the block that holds it.

    Found the same way whether the FAQ was generated in this build or read back from ``faq.md``
    (which does not store the heading's line a generated pair knew), so a channel made from either
    orders its points alike. The block that holds one of the answer's sentences whole comes first
    (an opening may start with the same words as a section's definition), then one that holds the
    start of a sentence or of a part ("Two steps: 1) Choose …"); an answer not found on the page (a
    hand-written one) sorts last, in the FAQ's order.

    Kept on the context (a function of its page and artifacts): each :func:`page_points` of the
    page's channels asks it of every answer again."""
    kept = ctx.kept.get(("faq_order", index))
    if kept is not None and kept[0] is ctx.page and kept[1] is ctx.artifacts:
        return float(kept[2])
    order = _faq_order(ctx, index)
    ctx.kept[("faq_order", index)] = (ctx.page, ctx.artifacts, order)
    return order


def _faq_order(ctx: ChannelContext, index: int) -> float:
    answer = ctx.artifacts.faq[index].answer
    said = sentences(answer) or [answer.strip()]
    blocks = _blocks(ctx)
    for sentence in said:
        if len(sentence) >= 20:
            for line, text, bare in blocks:
                if sentence in text or sentence in bare:
                    return float(line)
    for part in [*said, *_PART_RE.split(answer)]:
        probe = part.strip()[:40]
        if len(probe) >= 20:
            for line, text, bare in blocks:
                if probe in text or probe in bare:
                    return float(line)
    return UNPLACED + index / 1000


# where an answer made of parts goes on: "Two steps: 1) Choose …; 2) Add …"
_PART_RE = re.compile(r"[:;]\s+|\s*\b\d+[.)]\s+")


def heading_at(ctx: ChannelContext, order: float) -> str:
    """The heading of the section a point comes from (its source line), the page's title for its
    opening (the summary, the text before the first heading): what a slide or a screen may show as
    the point's label when the point itself is too long to show."""
    heading = ""
    if 1 <= order < UNPLACED:
        for section in ctx.page.sections:
            if section.line > order:
                break
            heading = section.heading or ""
    heading = re.sub(r"^(?:\d+[.)]|step \d+[.:)]?)\s+", "", heading, flags=re.I)  # "2. Update the links"
    return heading or ctx.title
