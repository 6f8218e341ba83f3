"""The predictor's model: L2-regularized logistic regression (numpy only, deterministic Newton
steps), its AUC and grouped cross-validation. Used by ``aeoloop predict`` and the plan's advice.
"""

from __future__ import annotations

from typing import Any

L2 = 1.0
FOLDS = 5
MIN_ROWS = 40
MIN_CLASS = 8
"""Too little history below this: fewer rows, or fewer cited or uncited ones (no model then)."""


def fit(X: Any, y: Any, l2: float = L2, steps: int = 30) -> tuple[Any, Any, Any, float]:
    """L2 logistic regression on standardized columns: (weights, mean, scale, intercept)."""
    import numpy as np

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = np.hstack([(X - mean) / scale, np.ones((len(X), 1))])
    w = np.zeros(Z.shape[1])
    penalty = np.full(Z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(Z @ w, -30, 30)))
        grad = Z.T @ (p - y) + penalty * w
        hess = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(penalty + 1e-9)
        delta = np.linalg.solve(hess, grad)
        w -= delta
        if float(np.abs(delta).max()) < 1e-8:
            break
    return w[:-1], mean, scale, float(w[-1])


def predict_proba(model: tuple[Any, Any, Any, float], X: Any) -> Any:
    import numpy as np

    w, mean, scale, b = model
    return 1.0 / (1.0 + np.exp(-np.clip(((X - mean) / scale) @ w + b, -30, 30)))


def auc(scores: Any, y: Any) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half)."""
    import numpy as np

    y = np.asarray(y, dtype=bool)
    pos, neg = int(y.sum()), int((~y).sum())
    if not pos or not neg:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    s = np.asarray(scores)[order]
    i = 0
    while i < len(s):  # average ranks of ties
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[y].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def cv_auc(X: Any, y: Any, groups: Any, folds: int = FOLDS) -> float:
    """AUC of out-of-fold predictions, folds by group (a page's rows stay together)."""
    import numpy as np

    uniq = sorted(set(groups.tolist()))
    fold_of = {g: i % folds for i, g in enumerate(uniq)}
    f = np.array([fold_of[g] for g in groups.tolist()])
    out = np.zeros(len(y))
    for k in range(folds):
        test = f == k
        if not test.any() or test.all():
            continue
        train = ~test
        if y[train].min() == y[train].max():
            out[test] = y[train].mean()
            continue
        out[test] = predict_proba(fit(X[train], y[train]), X[test])
    return auc(out, y)
