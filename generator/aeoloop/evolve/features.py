"""The predictor's features of a page (what studies of answer engines found to matter).

statistics (figures per 100 words), quotations, cited sources (links to other sites),
question-shaped headings (share of headings), an answer-first opening (a first paragraph short
enough to quote), freshness (days since ``updated`` at a date) and length (log words). All but
freshness depend on the text alone (:func:`content_features`): the plan caches them with each
page's file info, and the predictor computes them once per page for all its windows.
"""

from __future__ import annotations

import datetime as dt
import math
import re

FEATURES = ("statistics", "quotations", "cited_sources", "question_headings", "answer_first", "freshness", "length")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*\s?(?:%|percent|x\b|×|ms\b|s\b|kg\b|km\b|h\b|hours\b|days\b|years\b)?")
_QUOTE = re.compile(r"[“\"«][^”\"»\n]{12,}[”\"»]|^>\s?\S", re.M)
_LINK = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")
_HEADING = re.compile(r"^#{2,6}\s+(.+?)\s*#*\s*$", re.M)
_QUESTION = re.compile(r"\?\s*$|^(?:what|why|how|when|where|which|who|can|should|is|are|does|do)\b", re.I)
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_CODE = re.compile(r"^```.*?^```", re.S | re.M)


CONTENT_FEATURES = FEATURES[:5] + ("length",)
"""The features a page's text gives whatever the date (all but freshness), in this order."""


def content_features(text: str, own_host: str | None = None) -> tuple[float, ...]:
    """The date-free features of one page's Markdown, in :data:`CONTENT_FEATURES` order (the plan
    caches them by the file's size and mtime)."""
    body = _CODE.sub("", _FRONT.sub("", text))
    words = max(len(body.split()), 1)
    links = [a or b for a, b in _LINK.findall(body)]
    external = [u for u in links if not own_host or own_host not in u.split("/")[2]]
    headings = _HEADING.findall(body)
    paragraphs = [
        p for p in re.split(r"\n\s*\n", body) if p.strip() and not p.lstrip().startswith(("#", "-", "*", "|", ">", "!"))
    ]
    first = paragraphs[0].split() if paragraphs else []
    return (
        min(len(_NUMBER.findall(body)) * 100.0 / words, 10.0),
        float(min(len(_QUOTE.findall(body)), 10)),
        float(min(len(external), 20)),
        (sum(1 for h in headings if _QUESTION.search(h.strip())) / len(headings)) if headings else 0.0,
        1.0 if 0 < len(first) <= 60 else 0.0,
        math.log(words),
    )


def freshness(updated: dt.date | None, at: dt.date) -> float:
    """Minus the log of the page's age in days at ``at`` (two years when it has no date)."""
    age = (at - updated).days if updated else 730
    return -math.log1p(max(age, 0))


def features_of(content: tuple[float, ...], updated: dt.date | None, at: dt.date) -> dict[str, float]:
    """All :data:`FEATURES` from the date-free ones and the page's date."""
    out = dict(zip(CONTENT_FEATURES, content))
    out["freshness"] = freshness(updated, at)
    return {k: out[k] for k in FEATURES}


def page_features(text: str, updated: dt.date | None, at: dt.date, own_host: str | None = None) -> dict[str, float]:
    """The features of one page's Markdown as of ``at``."""
    return features_of(content_features(text, own_host), updated, at)
