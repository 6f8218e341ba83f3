"""``aeoloop predict [PAGES]``: how likely is a page to be cited, by a model of this site's history?

Features of a page's Markdown (what studies of answer engines found to matter): statistics
(figures per 100 words), quotations, cited sources (links to other sites), question-shaped
headings (share of headings), an answer-first opening (a first paragraph short enough to quote),
freshness (days since ``updated`` at the date) and length (log words).

Training rows: every page in every 28-day window of the citation reports (at most
``MAX_WINDOWS``, the latest first), labelled 1 when the page was cited in that window; freshness
is taken at the window's end. The model is an L2-regularized logistic regression on standardized
features (Newton steps, deterministic), and its quality is reported as the AUC of 5-fold
cross-validation with folds by page (a page never helps predict itself). With too little history
(fewer than ``MIN_ROWS`` rows or ``MIN_CLASS`` cited and uncited ones) it says so and ranks by the
AEO readiness score of the built site instead (``aeoloop verify``'s 0-100 score).

For each page it names the change most likely to help: the feature with the largest positive
weight on which the page is furthest below the site's upper quartile. A draft (a Markdown file
outside the docs folder) is scored with the same model before it is merged.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .logistic import MIN_CLASS, MIN_ROWS, cv_auc, fit, predict_proba
from .features import FEATURES, content_features, features_of, page_features
from ..verify import verify_site
from . import pages as page_info
from .current import page_index
from .facts import latest_date, register_pages
from .pages import page_date

ACTIONS = {
    "statistics": "add figures (statistics with their sources)",
    "quotations": "quote an expert or a source",
    "cited_sources": "cite sources (links to the studies and standards you rely on)",
    "question_headings": "phrase headings as the questions people ask",
    "answer_first": "open with a short direct answer (two sentences)",
    "freshness": "update the page (and its `updated` date)",
    "length": "cover the topic in more depth",
}
WINDOW_DAYS = 28
MAX_WINDOWS = 6


# --- the command ----------------------------------------------------------------------------


@dataclass
class PagePrediction:
    page: str
    probability: float | None
    readiness: int | None
    help: str = ""
    features: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "probability": None if self.probability is None else round(self.probability, 4),
            "readiness": self.readiness,
            "change_most_likely_to_help": self.help or None,
            "features": {k: round(v, 4) for k, v in self.features.items()},
        }


@dataclass
class Prediction:
    as_of: dt.date | None
    rows: int
    positives: int
    cv_auc: float | None
    weights: dict[str, float]
    pages: list[PagePrediction]
    fallback: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "rows": self.rows,
            "cited_rows": self.positives,
            "cv_auc": None if self.cv_auc is None or math.isnan(self.cv_auc) else round(self.cv_auc, 4),
            "weights": {k: round(v, 4) for k, v in self.weights.items()},
            "fallback": self.fallback or None,
            "pages": [p.as_dict() for p in self.pages],
        }


def _readiness(project: Any) -> dict[str, int]:
    """The AEO readiness score per page (src_uri) of the built site; {} when it is not built."""
    site = Path(project.site_dir)
    if not (site / "index.html").is_file():
        return {}

    report = verify_site(
        site,
        site_url=project.site_url,
        use_directory_urls=project.use_directory_urls,
        cache_path=Path(project.cache_dir) / "verify-cache.json",
    )
    out: dict[str, int] = {}
    for s in report.scores:
        rel = s.page
        stem = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel.removesuffix(".html")
        for cand in (f"{stem}.md", f"{stem}/index.md", "index.md" if not stem else ""):
            if cand and (Path(project.docs_dir) / cand).is_file():
                out[cand] = int(s.score)
                break
    return out


def run(project: Any, store: Any, drafts: list[Path] | None = None, only: list[str] | None = None) -> Prediction:
    import numpy as np

    entries = page_info.page_entries(project)
    infos = {i.src_uri: i for i in page_info.from_files(project, entries)}
    paths = dict(entries)
    texts = {u: Path(p).read_text(encoding="utf-8", errors="replace") for u, p in entries}
    index = page_index(project, [u for u, _ in entries])
    host = next(iter(sorted(index.hosts)), None)
    as_of = latest_date(store) if store is not None else None
    X_rows, y_rows, groups = [], [], []
    if store is not None and as_of is not None:
        first = store.q("SELECT min(date) FROM citations")[0][0]
        register_pages(store, index)
        try:
            cited = store.q(
                """SELECT m.page_id, datediff('day', c.date, ?::DATE) // ? FROM citations c
                               JOIN _page_of m ON m.h = coalesce(c.host, '') AND m.path = c.path
                               WHERE c.count > 0 AND c.date <= ? GROUP BY ALL""",
                [as_of, WINDOW_DAYS, as_of],
            )
        finally:
            store.con.unregister("_page_of")
        hit = {(index.pages[pid], int(w)) for pid, w in cited if pid >= 0}
        windows = min(MAX_WINDOWS, ((as_of - first).days + 1) // WINDOW_DAYS) if first else 0
        content = {u: content_features(texts[u], host) for u in paths}  # the same in every window
        for w in range(windows):
            end = as_of - dt.timedelta(days=w * WINDOW_DAYS)
            for u in sorted(paths):
                f = features_of(content[u], infos[u].updated if u in infos else None, end)
                X_rows.append([f[k] for k in FEATURES])
                y_rows.append(1.0 if (u, w) in hit else 0.0)
                groups.append(u)
    X, y = np.array(X_rows, dtype=float).reshape(-1, len(FEATURES)), np.array(y_rows)
    positives = int(y.sum())
    enough = len(y) >= MIN_ROWS and positives >= MIN_CLASS and len(y) - positives >= MIN_CLASS
    at = as_of or dt.date.today()
    targets = [
        (u, texts[u], infos[u].updated if u in infos else None) for u in sorted(paths) if only is None or u in only
    ]
    for d in drafts or []:
        text = d.read_text(encoding="utf-8", errors="replace")

        targets.append((d.as_posix(), text, page_date(text)))
    feats = [page_features(t, upd, at, host) for _, t, upd in targets]
    if not enough:
        why = (
            "no citation reports yet"
            if as_of is None
            else f"too little history: {len(y)} page-windows, {positives} cited (a model needs {MIN_ROWS} and "
            f"{MIN_CLASS} of each)"
        )
        ready = _readiness(project)
        fallback = f"{why}: ranked by the AEO readiness score of the built site" + (
            "" if ready else " (not built yet: run aeoloop build)"
        )
        out = [PagePrediction(u, None, ready.get(u), features=f) for (u, _, _), f in zip(targets, feats)]
        out.sort(key=lambda p: (-(p.readiness or -1), p.page))
        return Prediction(as_of, len(y), positives, None, {}, out, fallback)
    model = fit(X, y)
    quality = cv_auc(X, y, np.array(groups))
    weights = dict(zip(FEATURES, (float(v) for v in model[0])))
    upper = np.quantile(X, 0.75, axis=0)
    out = []
    for (u, _, _), f in zip(targets, feats):
        row = np.array([[f[k] for k in FEATURES]])
        prob = float(predict_proba(model, row)[0])
        gains = [
            (weights[k] * (upper[i] - row[0, i]) / model[2][i], k)
            for i, k in enumerate(FEATURES)
            if weights[k] > 0 and row[0, i] < upper[i] and k != "length"
        ]
        best = max(gains, default=(0.0, ""))
        out.append(PagePrediction(u, prob, None, ACTIONS[best[1]] if best[0] > 0 else "", f))
    out.sort(key=lambda p: (-(p.probability or 0.0), p.page))
    return Prediction(as_of, len(y), positives, quality, weights, out)
