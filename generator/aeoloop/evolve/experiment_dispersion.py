"""How much an experiment's period counts vary beyond Poisson noise (:mod:`.experiment_stats`).

The comparison of variants widens its posterior by this dispersion; without holdout pages the
market under the experiment is modelled as a log-linear trend over the switchback blocks.
"""

from __future__ import annotations


def dispersion(
    exposed: dict[str, list[tuple[float, float]]], rates: dict[str, float], blocks: dict[str, list[int]] | None
) -> tuple[float, int, int]:
    """Pearson chi-square of the periods' counts around what each variant's rate expects, the
    number of periods, and the parameters fitted beyond the rates. With ``blocks`` (no holdouts),
    the expectation follows a log-linear market trend over the blocks (one parameter): a market
    drifting under the experiment, which the balanced blocks cancel out of the rates, is then not
    read as noise that hides a real difference. One trend parameter instead of a level per block
    (5 for 12 periods) leaves the dispersion 9 degrees of freedom instead of 5."""
    import numpy as np  # loaded by `experiment status` only, not when the CLI starts

    names = sorted(exposed)
    rows = [
        (k, c, e, float(t) if blocks else 0.0)
        for k, name in enumerate(names)
        for (c, e), t in zip(exposed[name], blocks.get(name, []) if blocks else [0] * len(exposed[name]))
        if e > 0 and rates[name] > 0
    ]
    if not rows:
        return 0.0, 0, 0
    y = np.array([r[1] for r in rows])
    base = np.array([rates[names[r[0]]] * r[2] for r in rows])
    t = np.array([r[3] for r in rows])
    t -= t.mean()
    if not blocks or not t.any():
        return float(((y - base) ** 2 / base).sum()), len(rows), 0
    # Poisson fit of log mu = log(base) + a_variant + b * t by Newton's method (a few steps)
    arm = np.array([r[0] for r in rows])
    X = np.zeros((len(rows), len(names) + 1))
    X[np.arange(len(rows)), arm] = 1.0
    X[:, -1] = t
    beta = np.zeros(len(names) + 1)
    for _ in range(25):
        mu = base * np.exp(X @ beta)
        try:
            step = np.linalg.solve(X.T @ (X * mu[:, None]), X.T @ (y - mu))
        except np.linalg.LinAlgError:
            break
        beta += step
        if not np.isfinite(beta).all():
            return float(((y - base) ** 2 / base).sum()), len(rows), 0
        if np.abs(step).max() < 1e-10:
            break
    mu = base * np.exp(X @ beta)
    return float(((y - mu) ** 2 / np.maximum(mu, 1e-12)).sum()), len(rows), 1
