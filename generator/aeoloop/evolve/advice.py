"""The change most likely to help a page get cited, for the plan's reasons.

The predictor's features (:mod:`.predict`: statistics, quotations, cited sources, question-shaped
headings, an answer-first opening, freshness) of every page, and a logistic model of this site's
own citations fitted on them: a page is a positive when it was cited in the plan's last
``2 x trend_days`` (the facts the plan already gathered, so no other query). For each page, each
feature it can improve is raised to the level of the site's top quarter (its 75th percentile; an
answer-first opening: present); the one that raises the page's predicted citation
likelihood most is the advice, phrased for a writer ("add statistics: ..."), with the likelihood
before and after. Length is left out: "write more" is not a change a model of 7 features can
stand behind.

With too little history (fewer than :data:`.logistic.MIN_ROWS` pages or :data:`.logistic.MIN_CLASS`
cited and uncited ones) there is no model: the advice ranks the page's gaps to the top quarter by
the published effects of these changes on answer engines' citations (GEO, KDD 2024: quotations
+43%, statistics +33%, cited sources +28%; fresher pages and question-matching headings are cited
more, with no single number), and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .pages import PageInfo
from .features import CONTENT_FEATURES, FEATURES, freshness
from .logistic import MIN_CLASS, MIN_ROWS, fit, predict_proba

IMPROVABLE = ("statistics", "quotations", "cited_sources", "question_headings", "answer_first", "freshness")
PUBLISHED_EFFECT = {
    "quotations": 0.43,
    "statistics": 0.33,
    "cited_sources": 0.28,
    "freshness": 0.15,
    "question_headings": 0.15,
    "answer_first": 0.15,
}
"""Relative effects used without a model of the site (GEO, KDD 2024; the last three: smaller,
unquantified findings of citation studies, given a modest common weight)."""


@dataclass(frozen=True, slots=True)
class Advice:
    feature: str
    text: str
    before: float | None  # predicted citation likelihood now (None without a model)
    after: float | None


def _phrase(feature: str, now: float, target: float, age_days: int | None) -> str:
    if feature == "statistics":
        return (
            f"add statistics: {now:.1f} figures per 100 words here, {target:.1f} on the site's top quarter of pages "
            "(give each figure its source and date)"
        )
    if feature == "quotations":
        return f"add quotations: {now:.0f} here, {target:.0f} on the site's top quarter (quote an expert or a standard)"
    if feature == "cited_sources":
        return (
            f"cite sources: {now:.0f} links to other sites here, {target:.0f} on the site's top quarter "
            "(link the studies and standards the page relies on)"
        )
    if feature == "question_headings":
        return (
            f"phrase headings as questions: {now:.0%} of its headings are questions, {target:.0%} on the site's "
            "top quarter (use the words people ask with)"
        )
    if feature == "answer_first":
        return "open with the answer: its first paragraph is missing or over 60 words; start with two sentences that answer the title"
    when = f"{age_days} days ago" if age_days is not None else "never (no date)"
    return f"update it: last updated {when}; refresh its figures and examples and its `updated` date"


def advise(infos: list[PageInfo], cited: set[str], as_of: dt.date | None) -> tuple[dict[str, Advice], str]:
    """Advice per page (src_uri) for the pages with known features, and how it was reached."""
    known = [(i, i.content) for i in infos if i.content is not None]
    if not known or as_of is None:
        return {}, ""
    at = [CONTENT_FEATURES.index(k) if k != "freshness" else -1 for k in FEATURES]
    X = np.array(
        [[content[c] if c >= 0 else freshness(i.updated, as_of) for c in at] for i, content in known],
        dtype=float,
    )
    y = np.array([1.0 if i.src_uri in cited else 0.0 for i, _ in known])
    positives = int(y.sum())
    upper = np.quantile(X, 0.75, axis=0)
    upper[FEATURES.index("answer_first")] = 1.0
    modelled = len(y) >= MIN_ROWS and positives >= MIN_CLASS and len(y) - positives >= MIN_CLASS
    base: np.ndarray | None = None
    gains = np.zeros((len(known), len(IMPROVABLE)))
    if modelled:
        model = fit(X, y)
        base = predict_proba(model, X)
        for j, k in enumerate(IMPROVABLE):
            c = FEATURES.index(k)
            raised = X.copy()
            raised[:, c] = np.maximum(X[:, c], upper[c])
            gains[:, j] = predict_proba(model, raised) - base
        how = (
            f"from a model of this site's citations ({len(y)} pages, {positives} cited in the last window): "
            "the change that raises the page's predicted citation likelihood most"
        )
    else:
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        for j, k in enumerate(IMPROVABLE):
            c = FEATURES.index(k)
            gains[:, j] = PUBLISHED_EFFECT[k] * np.maximum(upper[c] - X[:, c], 0.0) / scale[c]
        how = (
            f"too little history for a model of this site ({len(y)} pages, {positives} cited; it needs {MIN_ROWS} "
            f"and {MIN_CLASS} of each): by the published effects of these changes"
        )
    out: dict[str, Advice] = {}
    best = gains.argmax(axis=1)
    for n, (info, _) in enumerate(known):
        j = int(best[n])
        if gains[n, j] <= 1e-6:
            continue
        k = IMPROVABLE[j]
        c = FEATURES.index(k)
        age = (as_of - info.updated).days if info.updated else None
        before = float(base[n]) if base is not None else None
        after = before + float(gains[n, j]) if before is not None else None
        out[info.src_uri] = Advice(k, _phrase(k, float(X[n, c]), float(upper[c]), age), before, after)
    return out, how
