"""Quote counts over the tables: per actor, per article and per outlet by kind, and the same quote
repeated across articles and outlets grouped with its reach.

Pure functions on the ``quotes`` and ``articles`` tables of :mod:`components.tables.schema`; nothing here
reads text or runs the pipeline.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

KINDS = ("direct", "partial", "indirect")


def _by_kind(quotes: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Counts of ``quotes`` per ``keys`` with one column per kind and a ``total``, largest first."""
    cols = keys + list(KINDS) + ["total"]
    if quotes.empty:
        return pd.DataFrame(columns=cols)
    df = quotes.dropna(subset=keys)
    if df.empty:
        return pd.DataFrame(columns=cols)
    table = pd.crosstab([df[k] for k in keys], df["kind"].astype("object"))
    for k in KINDS:
        if k not in table.columns:
            table[k] = 0
    table = table[list(KINDS)].astype("int64")
    table["total"] = table.sum(axis=1)
    table = table.reset_index()
    table.columns.name = None
    return table.sort_values(["total"] + keys, ascending=[False] + [True] * len(keys)).reset_index(drop=True)[cols]


def quotes_per_actor(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per speaker (``speaker_id``, ``speaker``): quotes by kind and in total. Quotes with no
    identified speaker are left out."""
    df = quotes.assign(speaker=quotes["speaker"].fillna(quotes["speaker_id"])) if not quotes.empty else quotes
    return _by_kind(df, ["speaker_id", "speaker"])


def quotes_per_article(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per article with quotes: quotes by kind and in total."""
    return _by_kind(quotes, ["article_id"])


def quotes_per_outlet(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: quotes by kind and in total over its articles. The quotes of articles
    with no known outlet are counted in one row whose ``outlet`` is missing."""
    if quotes.empty:
        return _by_kind(quotes, ["outlet"])
    outlets = articles[["article_id", "outlet"]].drop_duplicates("article_id")
    df = quotes.merge(outlets, on="article_id", how="left")
    missing = "\x00"  # stands for the missing outlet while counting (no outlet name holds it)
    table = _by_kind(df.assign(outlet=df["outlet"].astype("object").where(df["outlet"].notna(), missing)),
                     ["outlet"])
    table["outlet"] = table["outlet"].astype("object").where(table["outlet"] != missing, None)
    return table


@lru_cache(maxsize=1 << 17)
def normalize_quote(text: str) -> str:
    """Lower-cased words of a quote, without accents, punctuation and contractions' apostrophes
    ("We’re working…," → "we re working …"). Remembered (a dashboard groups the quotes of each
    selection of one corpus, mostly the same quotes)."""
    s = unicodedata.normalize("NFKD", text or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


def same_words(a: str, b: str, threshold: float = 85.0, min_words: int = 5) -> bool:
    """Whether two normalized quotes are the same words: close as wholes, or the shorter (of at least
    ``min_words`` words) found almost verbatim inside the longer (an outlet quoting less of it)."""
    if not a or not b:
        return False
    # score_cutoff lets rapidfuzz stop as soon as a score cannot reach the threshold (same answer)
    if fuzz.ratio(a, b, score_cutoff=threshold):
        return True
    short = a if len(a) <= len(b) else b
    return len(short.split()) >= min_words and bool(fuzz.partial_ratio(a, b, score_cutoff=threshold + 5))


def candidate_pairs(wordings: list[str], k: int = 3, max_shared: int = 200) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of normalized wordings that could be the same words: they share a
    run of ``k`` words, or (for a wording shorter than ``k`` words) a word. Wordings that share no such
    run differ in most of their words, so :func:`same_words` is not asked about them. A run found in
    more than ``max_shared`` wordings ("we do not") pairs none of them: two wordings of one quote
    share rarer runs too."""
    index: dict[tuple[str, ...], list[int]] = {}
    for i, text in enumerate(wordings):
        words = text.split()
        runs = {tuple(words[p:p + k]) for p in range(len(words) - k + 1)} if len(words) >= k else \
            {(w,) for w in words}
        for run in runs:
            index.setdefault(run, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > max_shared:
            continue
        for a in range(len(members)):
            pairs.update((members[a], b) for b in members[a + 1:])
    return pairs


def group_wordings(wordings: list[str], threshold: float = 85.0, min_words: int = 5) -> list[int]:
    """The group of each normalized wording: the index of its group's first wording. A group is a
    connected set of wordings that are :func:`same_words` pairwise; only the pairs of
    :func:`candidate_pairs` are compared, so the cost grows with the pairs that share a run of words,
    not with every pair."""
    parent = list(range(len(wordings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(candidate_pairs(wordings)):
        ri, rj = find(i), find(j)
        if ri != rj and same_words(wordings[i], wordings[j], threshold, min_words):
            parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(wordings))]


def repeated_quotes(quotes: pd.DataFrame, articles: pd.DataFrame | None = None,
                    kinds: tuple[str, ...] = ("direct", "partial"), threshold: float = 85.0) -> pd.DataFrame:
    """The same quote across articles, grouped by fuzzy match of its words (:func:`same_words`).

    One row per group, widest reach first (then the group whose first quote comes first): ``group``
    (number), ``text`` (the longest wording), ``speaker``, ``n_quotes``, ``n_articles`` and
    ``n_outlets`` (its reach: known outlets; articles with no known outlet are not counted),
    ``article_ids``, ``outlets``. Only quotes of ``kinds`` are grouped
    (indirect quotes are the reporter's words). A group is a connected set of quotes that are the same
    words pairwise; identical wordings are compared once, and only wordings sharing a three-word run
    (:func:`candidate_pairs`) are compared at all, so thousands of articles' quotes group in seconds."""
    cols = ["group", "text", "speaker", "n_quotes", "n_articles", "n_outlets", "article_ids", "outlets"]
    if quotes.empty:
        return pd.DataFrame(columns=cols)
    df = quotes[quotes["kind"].isin(kinds)].reset_index(drop=True)
    if df.empty:
        return pd.DataFrame(columns=cols)
    outlet_of = {}
    if articles is not None and not articles.empty:
        outlet_of = dict(zip(articles["article_id"], articles["outlet"]))
    norm = pd.Index([normalize_quote(t) for t in df["text"].tolist()], dtype=object)
    # one node per distinct wording (numbered in order of first use); a quote with no words is a
    # group of its own; codes and groups as arrays, not a dict entry and a string per quote
    worded = np.asarray(norm != "", dtype=bool)
    codes, wordings = pd.factorize(norm[worded])
    root = np.asarray(group_wordings(list(wordings), threshold), dtype=np.int64)
    group = -1 - np.arange(len(df), dtype=np.int64)  # (a quote without words: a key of its own)
    group[worded] = root[codes] if len(codes) else group[worded]
    number, _ = pd.factorize(group)  # groups numbered in the order of their first quote
    order = np.argsort(number, kind="stable")
    bounds = np.flatnonzero(np.diff(number[order])) + 1
    # (columns read once as lists: a group is a list of row numbers, not a frame sliced per group)
    texts, speakers, article_ids = (df[c].tolist() for c in ("text", "speaker", "article_id"))
    rows = []
    for idx in (m.tolist() for m in np.split(order, bounds)):  # groups in the order of their first quote
        ids = sorted({article_ids[i] for i in idx})
        outlets = sorted({str(o) for o in (outlet_of.get(a) for a in ids) if isinstance(o, str) and o})
        rows.append({"text": max((texts[i] for i in idx), key=len),
                     "speaker": _mode([speakers[i] for i in idx]),
                     "n_quotes": len(idx), "n_articles": len(ids), "n_outlets": len(outlets),
                     "article_ids": ids, "outlets": outlets})
    out = pd.DataFrame(rows).sort_values(["n_articles", "n_quotes"], ascending=False, kind="stable")
    out = out.reset_index(drop=True)
    out.insert(0, "group", range(1, len(out) + 1))
    return out[cols]


def _mode(values: list) -> str | None:
    """The most frequent of ``values`` that are not missing, the first in sorted order among equals
    (what pandas' ``Series.mode().iloc[0]`` gives); None when every value is missing."""
    counts = Counter(v for v in values if not (v is None or v is pd.NA or (isinstance(v, float) and v != v)))
    if not counts:
        return None
    most = max(counts.values())
    return min(v for v, n in counts.items() if n == most)
