"""Sentence centrality (LexRank) and redundancy removal, for choosing which article sentences a
summary quotes.

Sentences become TF-IDF vectors over content words (spaCy's English stop words removed); two
sentences are linked when their cosine similarity reaches a threshold, and a sentence's centrality is
its PageRank in that graph (power iteration on the sparse matrix, as networkx computes it), i.e.
TextRank over sentences (Erkan & Radev's LexRank). All steps are deterministic: ties are broken by
the order of the input.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Sequence

import numpy as np
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS

WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-’']*|\d+(?:[.,]\d+)?")


def content_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` without stop words and one-letter tokens; possessive ``'s``
    dropped (``"Britain's"`` → ``"britain"``)."""
    out = []
    for w in WORD.findall(text.lower()):
        if w.endswith(("’s", "'s")):
            w = w[:-2]
        w = w.strip("-’'")
        if len(w) > 1 and w not in STOP_WORDS:
            out.append(w)
    return out


@lru_cache(maxsize=1 << 16)
def word_counts(text: str) -> tuple[tuple[str, int], ...]:
    """``Counter(content_words(text)).items()``, in that order; remembered for the sentences of the
    last briefings (a dashboard writes one per filter state, mostly over the same sentences)."""
    return tuple(Counter(content_words(text)).items())


@lru_cache(maxsize=1 << 16)
def terms(text: str) -> tuple[tuple[str, ...], tuple[float, ...], tuple[str, ...]]:
    """The content words of ``text`` as :func:`tfidf_matrix` reads them: each distinct word (in
    :func:`word_counts` order), its sublinear term frequency ``1 + log(count)``, and the words
    sorted; remembered like :func:`word_counts`."""
    items = word_counts(text)
    return tuple(w for w, _ in items), tuple(1 + math.log(c) for _, c in items), tuple(sorted(w for w, _ in items))


def tfidf_matrix(texts: Sequence[str], rows: Sequence[str] | None = None) -> sparse.csr_matrix:
    """Row-normalised TF-IDF vectors (sublinear tf, smoothed idf) of ``texts``, one row per text; or
    one row per text of ``rows`` (texts of ``texts`` in order of first occurrence, each once), the
    document frequencies still counted over all of ``texts``."""
    docs = [terms(t) for t in texts]
    wanted = docs if rows is None else [terms(t) for t in rows]
    vocab: dict[str, int] = {}
    for _, _, ordered in wanted:
        for w in ordered:
            vocab.setdefault(w, len(vocab))
    df = Counter(w for words, _, _ in docs for w in words)
    n = len(docs)
    idf = {k: math.log((1 + n) / (1 + k)) + 1 for k in set(df.values())}  # (one per document frequency)
    rows_, cols, vals = [], [], []
    for i, (words, tf, _) in enumerate(wanted):
        rows_ += [i] * len(words)
        cols += [vocab[w] for w in words]
        vals += [t * idf[df[w]] for w, t in zip(words, tf)]
    m = sparse.csr_matrix((vals, (rows_, cols)), shape=(len(wanted), max(1, len(vocab))), dtype=float)
    norms = np.sqrt(m.multiply(m).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ m)


def similarity(texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity of every pair of ``texts`` (a dense ``n × n`` array). A text that recurs (a
    wire story in several outlets, a paragraph used again) is vectorised and multiplied once and its
    rows and columns copied: the same floats, since a row's values, and the order in which a
    product adds them up, depend only on its text and the document frequencies."""
    if not texts:
        return np.zeros((0, 0))
    first: dict[str, int] = {}
    inverse = np.fromiter((first.setdefault(t, len(first)) for t in texts), dtype=np.int64, count=len(texts))
    if len(first) == len(texts):
        m = tfidf_matrix(texts)
        return (m @ m.T).toarray()
    m = tfidf_matrix(texts, rows=list(first))
    return (m @ m.T).toarray()[np.ix_(inverse, inverse)]


def lexrank(texts: Sequence[str], threshold: float = 0.1, sim: np.ndarray | None = None) -> list[float]:
    """LexRank centrality of each text (PageRank over the graph of pairs with cosine ≥ ``threshold``),
    scaled so the scores sum to 1. Texts with no content words score lowest."""
    n = len(texts)
    if n == 0:
        return []
    sim = similarity(texts) if sim is None else sim
    ii, jj = np.nonzero(sim >= threshold)
    off = ii != jj
    weights = sparse.csr_matrix((sim[ii[off], jj[off]], (ii[off], jj[off])), shape=sim.shape)
    return pagerank(weights).tolist()


def pagerank(weights: sparse.csr_matrix, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> np.ndarray:
    """PageRank of a weighted graph given as a symmetric adjacency matrix, as networkx computes it
    (uniform teleport and uniform jumps from nodes without edges), by power iteration on the sparse
    matrix; the uniform vector when it does not converge in ``max_iter`` steps."""
    n = weights.shape[0]
    out_weight = np.asarray(weights.sum(axis=1)).ravel()
    dangling = out_weight == 0
    inv = np.divide(1.0, out_weight, out=np.zeros(n), where=~dangling)
    transition = sparse.csr_matrix(sparse.diags(inv) @ weights).T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (transition @ last + last[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return x
    return np.full(n, 1.0 / n)


def select_diverse(order: Sequence[int], sim: np.ndarray, k: int, max_similarity: float = 0.5,
                   exclude: Sequence[int] = ()) -> list[int]:
    """The first ``k`` indices of ``order`` (best first) whose similarity to every index already
    chosen, and to every index in ``exclude``, stays below ``max_similarity`` (redundancy removal)."""
    chosen: list[int] = []
    for i in order:
        if len(chosen) >= k:
            break
        if all(sim[i, j] < max_similarity for j in (*chosen, *exclude)):
            chosen.append(i)
    return chosen
