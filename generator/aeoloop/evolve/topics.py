"""Group short texts (the prompts of a citation tracker) by topic, deterministically.

Why this and not a library: prompts are a few words each and a site tracks tens to a few thousand
of them, so TF-IDF over lemmas plus average-linkage agglomerative clustering on cosine similarity
is enough, runs in milliseconds with numpy (already a dependency) and gives the same partition on
every run (ties go to the lowest index). scikit-learn would do the same with scipy and ~100 MB of
wheels behind it. Words are reduced to a lemma with lemminflect's tables (already a dependency),
so "thresholds"/"threshold", "monitoring"/"monitor" and "integration"/"integrates" count as one
term. Bigrams were tried and left out: on paraphrased prompts they tie topics together through
shared phrases ("condition monitoring sensor") more than they separate them.

A cluster holds texts whose average pairwise similarity stays above ``threshold``: two prompts
join when they share distinctive terms (a term found in every prompt weighs little, by IDF).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..lemmas import lemminflect

THRESHOLD = 0.15
"""Average cosine similarity above which two groups merge (TF-IDF of lemmas and bigrams)."""

STOP = frozenset(
    """a about after all also am an and any are as at be been before being best better between both but by can
could did do does doing for from get getting good has have having he her here how i if in into is it its just
me more most my need needs no not of on one only or other our out over should so some such than that the their
them then there these they this those to too top under up use used using very vs versus want was way ways we
were what when where which while who why will with without would you your""".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


_DERIVED = (
    ("ation", "ate"),
    ("ation", ""),
    ("ation", "e"),
    ("ition", "ite"),
    ("tion", "te"),
    ("ion", ""),
    ("ion", "e"),
    ("ment", ""),
    ("ance", ""),
    ("ance", "e"),
    ("ence", ""),
    ("ence", "e"),
)
"""Noun suffixes folded into the verb they come from when the dictionary knows that verb
(integration → integrate, replacement → replace): a prompt asks the same thing either way."""


@functools.cache
def lemma(word: str) -> str:
    """A base form of a lowercase word: the verb of an -ing form or of a derived noun
    (:data:`_DERIVED`), else the noun lemma, else the verb lemma, else the word."""
    if not word.isalpha() or len(word) < 4:
        return word
    tables = lemminflect()
    found = tables.getAllLemmas(word)
    if word.endswith("ing") and found.get("VERB"):
        return str(found["VERB"][0]).lower()
    for suffix, repl in _DERIVED:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            verb = word[: -len(suffix)] + repl
            if verb in tables.getAllLemmas(verb).get("VERB", ()):
                return verb
    for pos in ("NOUN", "VERB", "ADJ"):
        if found.get(pos):
            return str(found[pos][0]).lower()
    return word


def terms(text: str) -> list[str]:
    """Content lemmas of ``text``, in order (stop words left out)."""
    words = [lemma(w) for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOP]
    return [w for w in words if w not in STOP and (len(w) > 1 or w.isdigit())]


CHAR_N = 4
CHAR_WEIGHT = 0.5
"""Share of the similarity that comes from character 4-grams of the lemmas (the rest: the
lemmas): "self-hosted"/"self-host", "cookieless"/"cookie" and compound spellings meet there.
Measured on two synthetic sets of paraphrased prompts (tests/test_evolve_briefs.py): adjusted
Rand 1.0 and 0.53 with lemmas alone, 1.0 and 0.62 with half of the weight on 4-grams."""


@dataclass(frozen=True)
class Vectors:
    """L2-normalized rows of texts: TF-IDF of lemmas (sublinear term frequency, smoothed IDF)
    beside TF-IDF of their character 4-grams, weighted so that a dot product is
    ``(1 - CHAR_WEIGHT) * cos(lemmas) + CHAR_WEIGHT * cos(4-grams)``."""

    matrix: np.ndarray
    vocabulary: tuple[str, ...]
    """The lemma columns (the first ``len(vocabulary)`` of ``matrix``)."""

    def weights(self, rows: Sequence[int]) -> Counter[str]:
        """Summed lemma weights of ``rows``: what a group of texts is about."""
        total = self.matrix[list(rows), : len(self.vocabulary)].sum(axis=0)
        return Counter({self.vocabulary[i]: float(total[i]) for i in np.nonzero(total)[0]})


def _grams(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        padded = f"<{w}>"
        out.extend(padded[i : i + CHAR_N] for i in range(len(padded) - CHAR_N + 1))
    return out


def _tfidf(docs: list[Counter[str]]) -> tuple[np.ndarray, list[str]]:
    vocab = sorted({w for d in docs for w in d})
    col = {w: i for i, w in enumerate(vocab)}
    n = len(docs)
    df = np.zeros(len(vocab))
    for d in docs:
        for w in d:
            df[col[w]] += 1
    idf = np.log((1 + n) / (1 + df)) + 1.0
    m = np.zeros((n, len(vocab)))
    for r, d in enumerate(docs):
        for w, c in d.items():
            m[r, col[w]] = (1.0 + math.log(c)) * idf[col[w]]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0), vocab


def vectorize(texts: Sequence[str], extra: Sequence[str] = ()) -> tuple[Vectors, np.ndarray]:
    """(vectors of ``texts``, rows of ``extra``) with the IDF of both together: ``extra`` are
    documents to compare with (our pages) that share the vocabulary."""
    lemmas = [terms(t) for t in [*texts, *extra]]
    words, vocab = _tfidf([Counter(ws) for ws in lemmas])
    chars, _ = _tfidf([Counter(_grams(ws)) for ws in lemmas])
    m = np.hstack([math.sqrt(1 - CHAR_WEIGHT) * words, math.sqrt(CHAR_WEIGHT) * chars])
    k = len(texts)
    return Vectors(m[:k], tuple(vocab)), m[k:]


def cluster(vectors: Vectors, threshold: float = THRESHOLD, weights: Sequence[float] | None = None) -> list[list[int]]:
    """Average-linkage agglomerative clustering on cosine similarity.

    Returns groups of row indexes, each sorted; groups ordered by total weight (``weights``, e.g.
    citations of competitors; default 1 per row), then by their first index. Deterministic: the
    pair merged next is the most similar, ties broken by the lowest indexes.
    """
    n = vectors.matrix.shape[0]
    if n == 0:
        return []
    sim = vectors.matrix @ vectors.matrix.T
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    members: list[list[int]] = [[i] for i in range(n)]
    # Each row's best partner, kept up to date: a merge recomputes only the rows that pointed at
    # one of the two merged groups, so a few thousand prompts cluster in well under a second.
    best = np.argmax(sim, axis=1)
    best_val = sim[np.arange(n), best]
    while True:
        i = int(np.argmax(best_val))  # the lowest row holding the maximum, at its lowest column:
        j = int(best[i])  # the first maximum of the whole matrix in row-major order
        if not best_val[i] > threshold:
            break
        if j < i:
            i, j = j, i
        # Lance–Williams update for average linkage: the merged group's mean similarity to each other group
        merged = (size[i] * sim[i] + size[j] * sim[j]) / (size[i] + size[j])
        sim[i, :] = merged
        sim[:, i] = merged
        sim[i, i] = -np.inf
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
        size[i] += size[j]
        members[i] = sorted(members[i] + members[j])
        members[j] = []
        best_val[j] = -np.inf
        stale = np.nonzero((best == i) | (best == j))[0]
        stale = np.union1d(stale, [i])
        best[stale] = np.argmax(sim[stale], axis=1)
        best_val[stale] = sim[stale, best[stale]]
        col = sim[:, i]
        better = (col > best_val) | ((col == best_val) & (i < best) & np.isfinite(col))
        better[stale] = False
        best[better] = i
        best_val[better] = col[better]
    w = list(weights) if weights is not None else [1.0] * n
    groups = [m for m in members if m]
    return sorted(groups, key=lambda g: (-sum(w[k] for k in g), g[0]))


def medoid(vectors: Vectors, rows: Sequence[int], weights: Sequence[float] | None = None) -> int:
    """The row most similar to the rest of its group (ties: the heavier, then the first): the
    text that names the group best."""
    if len(rows) == 1:
        return rows[0]
    sub = vectors.matrix[list(rows)]
    score = (sub @ sub.T).sum(axis=1)
    w = [weights[r] if weights is not None else 1.0 for r in rows]
    best = max(range(len(rows)), key=lambda k: (round(float(score[k]), 9), w[k], -rows[k]))
    return rows[best]


def adjusted_rand(labels_true: Sequence[object], labels_pred: Sequence[object]) -> float:
    """Adjusted Rand index of two partitions of the same items (1: identical, ~0: chance)."""
    n = len(labels_true)
    if n != len(labels_pred):
        raise ValueError("the two labelings differ in length")
    pairs = Counter(zip(labels_true, labels_pred))
    a = Counter(labels_true)
    b = Counter(labels_pred)

    def c2(x: int) -> float:
        return x * (x - 1) / 2

    index = sum(c2(v) for v in pairs.values())
    sa, sb = sum(c2(v) for v in a.values()), sum(c2(v) for v in b.values())
    expected = sa * sb / c2(n) if n > 1 else 0.0
    top = (sa + sb) / 2
    if top == expected:
        return 1.0
    return (index - expected) / (top - expected)
