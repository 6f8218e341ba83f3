"""The extractive intro: the page's own sentences that meet one audience's pains and goals.

Nothing is written that the page does not say. Each sentence of the page is compared with each
pain, goal and keyword of the audience by the stems they share (:func:`aeoloop.quality.key_terms`,
the same crude stemmer the quality contract uses), each stem weighted by how rare it is on the
page, so "maintenance" on a maintenance page counts for little and "spare parts" for a lot. The
intro is the sentence that best meets a pain, then the one that best meets a goal, then one more
when the two are short: problem first, outcome second. Every sentence must pass the quality
contract's stand-alone and whole-sentence checks and the brand rules (errors), because it is
read out of its place on the page.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from ..brand import Audience
from ..page import Page
from ..quality import check_sentences, check_standalone, key_terms
from ..text import count_words, split_sentences

MIN_WORDS, MAX_WORDS = 6, 40  # one sentence
INTRO_MAX_WORDS = 75  # the whole intro: 2–3 sentences
THIRD_BELOW = 45  # a third sentence only when the first two are this short
MIN_SCORE = 3.0  # about two rare shared stems: less is a coincidence of common words

# Sentences that point elsewhere (another page, a button, "see below") or read as a label ("Pumps and
# fans: one sensor per …") do not stand at the top of a page.
ELSEWHERE = re.compile(
    r"(?-i:\b(?:described|explained|covered|discussed|detailed|are|is|è|sono) (?:in|nella guida) (?:How|What|Why|When|Which|Come|Cos))"
    r"|(?-i:\b(?:[Rr]ead|[Ss]ee|[Vv]edi|[Ll]eggi)\s+[A-Z])|\b(read|see) (the|our) |\bbook a\b|\bcontact us\b|\bclick\b|\bdownload\b"
    r"|\b(below|above|this (page|guide|article|section))\b|\b(qui sotto|sopra|questa (pagina|guida))\b"
    r"|\b(?:spiegat|descritt|illustrat)[oaie] in\b",
    re.I,
)
LABEL = re.compile(r"^[^:.]{1,40}:\s")
# Words that lean on the sentence before: "Without that link, …", "Provide it, …", "… that means …".
LEANS_BACK = re.compile(
    r"^(?:\S+\s+){0,2}(?:this|that|these|those|it|they|them|such)\b|\bthat means\b"
    r"|^the (?:example|figures|numbers|result|results|method|approach|table|list|steps?|calculation|estimate|same)\b"
    r"|^(?:\S+\s+){1,4}(?:then|therefore|also|however|thus|still|too)\b|\b(?:in|during|for|at) (?:that|this) \w+"
    r"|\b(?:all|these|those|both) (?:two|three|four|five|six)\b|,\s*(?:read|see)\b"
    # Italian: "Ognuno di questi errori …", "In un impianto medio si tratta del 15–25% …"
    r"|^(?:\S+\s+){0,2}(?:questo|questa|questi|queste|ciò|tale|tali|esso|essa)\b|\bsi tratta\b"
    r"|^(?:\S+\s+){1,4}(?:quindi|inoltre|comunque|anche)\b",
    re.I,
)

#: ``blocked(text, lang) -> reasons``: brand-rule errors of a sentence (none: no brand rules)
Blocked = Callable[[str, str], list[str]]


@dataclass(frozen=True)
class Candidate:
    text: str
    position: int  # order on the page
    terms: frozenset[str]


@dataclass(frozen=True)
class Match:
    sentence: str
    need: str  # the pain, goal, keyword, name or role it meets, as audiences.yml says it
    kind: str  # pain | goal | keyword | who
    score: float


@dataclass
class Intro:
    sentences: list[Match] = field(default_factory=list)
    why_not: str | None = None  # why there is no intro (too few matching sentences)

    @property
    def text(self) -> str:
        return " ".join(m.sentence for m in self.sentences)


def _normalised(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".!?;: ")


def repeats(text: str, avoided: list[str]) -> bool:
    """Whether ``text`` says again one of the ``avoided`` texts (already :func:`_normalised`):
    the same words whatever the case, spacing and final stop, or one within the other (a takeaway
    may quote a sentence inside a longer one, or a sentence hold a whole short takeaway)."""
    n = _normalised(text)
    return any(n == a or n in a or (count_words(a) >= MIN_WORDS and a in n) for a in avoided)


def candidates(page: Page, blocked: Blocked, avoid: set[str]) -> list[Candidate]:
    """Sentences of paragraphs that can be read on their own, in page order, except those that
    repeat one of the ``avoid`` texts (the summary's sentences and the key takeaways: the intro is
    read right above them)."""
    avoided = [a for a in (_normalised(t) for t in avoid) if a]
    out: list[Candidate] = []
    seen: set[str] = set()
    for section in page.sections:
        for block in section.blocks:
            if block.kind == "paragraph":
                texts = split_sentences(block.text)
            else:  # list items are often fragments ("Breakdown work orders for each asset, with dates …")
                continue
            for text in texts:
                text = " ".join(text.split())
                if text in seen or not MIN_WORDS <= count_words(text) <= MAX_WORDS:
                    continue
                seen.add(text)
                if avoided and repeats(text, avoided):
                    continue
                if text.endswith(("?", ":")) or ELSEWHERE.search(text) or LABEL.match(text) or LEANS_BACK.search(text):
                    continue
                if check_sentences(text, lang=page.lang) or check_standalone(text, lang=page.lang):
                    continue
                if blocked(text, page.lang):
                    continue
                out.append(Candidate(text, len(out), frozenset(key_terms(text, page.lang))))
    return out


def _needs(audience: Audience) -> list[tuple[str, str]]:
    """What a sentence can meet. Besides pains, goals and keywords, the audience itself: a hub
    page (a home page, a product overview) rarely states a pain, but says whom it serves
    ("Ridgeline is used by … reliability engineers in plants with 50 to 500 rotating assets")."""
    who = [("who", w) for w in dict.fromkeys(x for x in (audience.name, audience.role) if x)]
    return (
        [("pain", p) for p in audience.pains]
        + [("goal", g) for g in audience.goals]
        + [("keyword", k) for k in audience.keywords]
        + who
    )


def best_matches(page: Page, audience: Audience, pool: list[Candidate]) -> list[Match]:
    """Every candidate's best need and score (IDF-weighted shared stems), best first, ties in page order."""
    if not pool:
        return []
    df: Counter[str] = Counter(t for c in pool for t in c.terms)
    n = len(pool)

    def weight(term: str) -> float:
        return math.log(1 + n / df[term]) if df[term] else 0.0

    needs = [(kind, text, frozenset(key_terms(text, page.lang))) for kind, text in _needs(audience)]
    out = []
    for cand in pool:
        best: Match | None = None
        for kind, text, terms in needs:
            shared = cand.terms & terms
            if not shared:
                continue
            score = sum(weight(t) for t in shared)
            if kind in ("keyword", "who") and shared != terms:
                continue  # a keyword or the audience's name counts only when all of it is there
            if best is None or score > best.score:
                best = Match(cand.text, text, kind, round(score, 4))
        if best is not None and best.score >= MIN_SCORE:
            out.append((best, cand.position))
    out.sort(key=lambda mp: (-mp[0].score, mp[1]))
    return [m for m, _ in out]


def extractive_intro(
    page: Page, audience: Audience, *, blocked: Blocked = lambda text, lang: [], avoid: set[str] | None = None
) -> Intro:
    """2–3 of the page's sentences for this audience (pain, goal, then one more), or why not."""
    pool = candidates(page, blocked, avoid or set())
    ranked = best_matches(page, audience, pool)
    chosen: list[Match] = []
    for kind in ("pain", "goal"):
        for m in ranked:
            if m.kind == kind and m not in chosen and _fits(chosen, m):
                chosen.append(m)
                break
    for m in ranked:  # keywords or whom the page serves, or a second pain/goal when the page meets only one side
        if len(chosen) >= 3 or (len(chosen) == 2 and sum(count_words(c.sentence) for c in chosen) >= THIRD_BELOW):
            break
        if m not in chosen and _fits(chosen, m):
            chosen.append(m)
    if len(chosen) < 2:
        return Intro(
            [],
            f"the page has {len(chosen)} sentence(s) that meet the pains, goals or keywords of "
            f"{audience.name!r}; add the audience's words to the page or to its `keywords:` in brand/audiences.yml",
        )
    return Intro(chosen)


def _fits(chosen: list[Match], m: Match) -> bool:
    total = sum(count_words(c.sentence) for c in chosen) + count_words(m.sentence)
    return total <= INTRO_MAX_WORDS and all(c.sentence != m.sentence for c in chosen)
