"""The extractive takeaways: the strongest sentence of each section that stands alone.

Apart from the summary and the FAQ because it reads their output (never a sentence the summary
or a printed FAQ answer already says) and scores sentences by its own measure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from ..artifacts import PageArtifacts
from ..page import Block, Page
from ..quality import (
    Limits,
    check_takeaway,
)
from ..quality.out_of_context import (
    instruction_problem,
    setup_problem,
    tied_to_previous,
)
from ..text import WORD_RE, count_words, normalize, split_key, split_sentences
from . import extractive_edits as edits
from .extractive_code import _prose_sentences
from .extractive_pool import SentencePool

if TYPE_CHECKING:
    pass


@lru_cache(maxsize=1 << 11)
def _fails(text: str, lang: str, limits: Limits) -> bool:
    """Whether :func:`check_takeaway` finds a fault: the same sentence is weighed for its section
    and for each section above it (about half the calls in a cold build), and the check depends
    on its arguments alone."""
    return bool(check_takeaway(text, lang=lang, limits=limits))


STOP = {
    "en": set(
        "a an the of to in on for and or with by at from is are be as your you our we it its how what why when "
        "which who do does can should vs versus into about".split()
    ),
    "it": set(
        "il lo la i gli le un una uno di a da in con su per tra fra e o che come perché quando cosa del della "
        "dei delle degli al alla ai alle nel nella nei nelle è sono si".split()
    ),
}
META_REFERENCE = re.compile(
    r"\b(described|explained|covered|discussed) (in|on)\b|\b(see|read|learn more|find out more|click|download|contact us|book a)\b"
    r"|\b(article|guide|page|section|chapter) (on|about|below|above)\b|\b(vedi|leggi|scopri|scarica|contattaci)\b",
    re.I,
)


# Right after a code block, "The two calls …", "Both lines …", "The last one …" name parts of the code.
_NAMES_THE_CODE = re.compile(
    r"^(?:the\s+)?(?:two|three|four|both|first|second|third|last|final|above|previous)\b", re.I
)


# A name as code writes it: dotted (os.Args), snake_case, camelCase inside a word, or a call (f()).
_CODE_NAME = re.compile(r"^(?:[\w$]+(?:\.[\w$]+)+|[A-Za-z]\w*_\w+|[a-z]+[A-Z]\w*|\w+\(\))$")
# "site.json", "index.html": a file a reader recognises by its name, not a name only the code defines.
_FILE_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,4}$")


def _names_code(text: str, blocks: tuple[Block, ...], *, after_code: bool = True) -> bool:
    """True when ``text`` names something only the code of its section shows: a word of a code
    block there that is written as code (``os.Args``, ``fmt_call``, ``callMe()``; not a file name
    such as ``site.json``, which a reader recognises), or, right after a code block (``after_code``),
    any word of at least five letters that the code uses and the section's prose does not otherwise
    use (a function name read out of its snippet, "What methodcaller does …"). Read alone, a key
    point cannot lean on code the reader does not see."""
    code = [b.text for b in blocks if b.kind == "code"]
    if not code:
        return False
    in_code = {t for c in code for t in re.findall(r"[\w$.()]+", c)}
    prose = " ".join(
        b.text if b.kind == "paragraph" else " ".join(b.items) for b in blocks if b.kind in ("paragraph", "list")
    )
    prose_count = Counter(w.lower() for w in re.findall(r"[A-Za-z_]\w*", prose))
    code_words = {w.lower() for c in code for w in re.findall(r"[A-Za-z_]\w*", c)}
    for token in re.findall(r"[\w$]+(?:\.[\w$]+)*(?:\(\))?", text):
        if (
            _CODE_NAME.match(token)
            and not _FILE_NAME.match(token)
            and (token in in_code or token.rstrip("()") in in_code)
        ):
            return True
        low = token.lower()
        if after_code and len(low) >= 5 and low in code_words and low not in _ENGLISH_IN_CODE and prose_count[low] <= 1:
            return True
    return False


# Words code and prose share that are not names the code defines.
_ENGLISH_IN_CODE = frozenset(
    "value values string strings number numbers return returns result results print error errors false true "
    "function functions class object objects array arrays table tables index column columns field fields "
    "default first second third where select update delete create insert order group limit count match "
    "after before other every always never start begin end".split()
)


class TakeawayChooser(SentencePool):
    """Chooses the page's takeaways (``_takeaways``) from the sentence pool."""

    def _takeaways(
        self, page: Page, sents: dict[tuple[int, int], list[str]], art: PageArtifacts, counts: Counter[str]
    ) -> list[str]:
        """The strongest sentence of each section that stands alone as a takeaway.

        Never a sentence of the summary (the box would print it twice), never a whole paragraph or
        list item of the body (the page would print it twice), never a sentence of an FAQ answer
        that the FAQ prints in full (it would appear three times)."""
        limit = self.settings.summary.takeaways
        limits = self._limits(page.lang)
        levels = [2] if any(s.level == 2 for s in page.sections) else [3]
        stop = STOP.get(page.lang, set())
        entity_words = {w.lower() for k in counts for w in self._terms[k].name.split()}
        taken = {normalize(x) for x in split_sentences(art.summary)}
        printed_twice = self._whole_blocks(page)
        if page.intro is not None:  # the rest of an opening paragraph split by the summary box is a paragraph too
            for block in page.intro.blocks:
                parts = [normalize(x) for x in split_sentences(block.text)] if block.kind == "paragraph" else []
                if set(parts) & taken:
                    printed_twice |= {" ".join(parts[k:]) for k in range(len(parts))}
        bodies = self._section_bodies(page) if art.faq else []
        for qa in art.faq:
            if not self._verbatim_in(bodies, qa.answer):
                taken |= {normalize(x) for x in _prose_sentences(qa.answer)}
        picks: list[tuple[float, int, str]] = []
        rests: list[tuple[int, Iterator[tuple[float, int, str]]]] = []  # each section's candidates past its pick
        for si, section in enumerate(page.sections):
            if section.level not in levels or not section.heading:
                continue
            scored = []
            for sj in self._subtree(page, si):
                sub = page.sections[sj]
                heading_words = {w.lower() for w in WORD_RE.findall(f"{section.heading} {sub.heading or ''}")} - stop
                noun_phrase = self._noun_phrase(sub.heading, page.lang)
                scene: int | None = None  # the block of a scenario ("Let's say …"): its sentences go on with it
                for rank, s in enumerate(self._sentences(page, sents, sj)[:6]):
                    if page.lang == "en" and setup_problem(s.text):
                        scene = s.block
                    if s.block == scene:
                        continue  # "Let's say you run a shop. You have a few …": still the scenario
                    if s.after_code and (tied_to_previous(s.text) or _NAMES_THE_CODE.match(s.text)):
                        continue  # "This computes …", "The two spread statements …": it reads the code above it
                    if _names_code(s.text, sub.blocks, after_code=s.after_code):
                        continue  # "What fmtcall does is …": it explains a name of the code, which a key point does not show
                    text = self._stand_alone(s.text, noun_phrase)
                    if page.lang == "en" and instruction_problem(text):
                        text = edits.with_goal(text, sub.heading) or text  # a step gets its goal from its task heading
                    key = normalize(text)
                    if (
                        key in taken
                        or normalize(s.text) in taken
                        or key in printed_twice
                        or normalize(s.text) in printed_twice
                        or text.endswith(("?", ":"))
                    ):
                        continue
                    words = {w.lower() for w in WORD_RE.findall(text)}
                    n = count_words(text)
                    score = 1.0
                    score += 1.0 if 8 <= n <= 32 else 0.3
                    score += 0.5 if re.search(r"\d", text) else 0.0
                    score += min(0.9, 0.3 * len(words & entity_words))
                    score += min(1.2, 0.4 * len(words & heading_words))
                    score += 0.6 if rank == 0 else 0.0
                    score -= 0.5 if sj != si else 0.0  # the section's own sentences before its subsections'
                    if META_REFERENCE.search(text):
                        score -= 2.0  # "see the article on…" points elsewhere instead of saying something
                    scored.append((round(score, 6), -rank - 10 * (sj - si), text))
            scored.sort(reverse=True)
            # The contract is asked only down the ranking, until the one that stands alone is found: the same
            # as checking every candidate and ranking those that pass (a stable sort, a pure check), at a
            # fraction of the checks (most candidates pass).
            standing = (entry for entry in scored if not _fails(entry[2], page.lang, limits))
            best = next(standing, None)
            if best is not None:
                picks.append((best[0], si, best[2]))
                rests.append((si, standing))
        chosen = sorted(picks, key=lambda p: (-p[0], p[1]))[:limit]
        if len(chosen) < 3:
            # Each section's spare (its second candidate that stands alone) is wanted only now: asked
            # here, in section order, rather than for every section of every page.
            spare = [(sc, si, text) for si, standing in rests for sc, _, text in islice(standing, 1)]
            chosen += sorted(spare, key=lambda p: (-p[0], p[1]))[: 3 - len(chosen)]
        if len(chosen) < 3:
            art.notes.append(
                f"{len(chosen)} takeaway(s) stand on their own (3 wanted); sentences that open with "
                "'This', 'It' or 'However', or point 'below', cannot be quoted alone"
            )
        return [text for _, _, text in sorted(chosen, key=lambda p: (p[1], -p[0]))]

    @staticmethod
    def _subtree(page: Page, si: int) -> list[int]:
        """A section and its subsections (up to the next heading of the same or a higher level)."""
        level = page.sections[si].level
        out = [si]
        for sj in range(si + 1, len(page.sections)):
            if page.sections[sj].heading is not None and page.sections[sj].level <= level:
                break
            out.append(sj)
        return out

    @staticmethod
    def _section_bodies(page: Page) -> list[str]:
        """Each section's prose as :meth:`_verbatim_in` compares it, normalised: joined once per page,
        not once per FAQ answer (its split key, memoised by text, is then made at most once too)."""
        return [
            normalize(
                " ".join(
                    b.text if b.kind == "paragraph" else " ".join(b.items)
                    for b in section.blocks
                    if b.kind in ("paragraph", "list")
                )
            )
            for section in page.sections
        ]

    @staticmethod
    def _verbatim_in(bodies: list[str], text: str) -> bool:
        """True when the body prints ``text`` word for word under one heading (the FAQ then links to
        it), also when a long sentence of it was split at a clause boundary (the same words).
        ``bodies``: :meth:`_section_bodies` of the page."""
        target = normalize(text)
        key = split_key(text)
        return any(target in body or key in split_key(body) for body in bodies)
