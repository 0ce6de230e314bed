"""Quote counts over the tables: per actor, per article and per outlet by kind, and the same quote
repeated across articles and outlets grouped with its reach.

Pure functions on the ``quotes`` and ``articles`` tables of :mod:`components.schema`; nothing here
reads text or runs the pipeline.
"""
from __future__ import annotations

import re
import unicodedata

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
    """One row per outlet: quotes by kind and in total over its articles."""
    if quotes.empty:
        return _by_kind(quotes, ["outlet"])
    outlets = articles[["article_id", "outlet"]].drop_duplicates("article_id")
    df = quotes.merge(outlets, on="article_id", how="left")
    df["outlet"] = df["outlet"].fillna("unknown")
    return _by_kind(df, ["outlet"])


def normalize_quote(text: str) -> str:
    """Lower-cased words of a quote, without accents, punctuation and contractions' apostrophes
    ("We’re working…," → "we re working …")."""
    s = unicodedata.normalize("NFKD", text or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


def same_words(a: str, b: str, threshold: float = 85.0, min_words: int = 5) -> bool:
    """Whether two normalized quotes are the same words: close as wholes, or the shorter (of at least
    ``min_words`` words) found almost verbatim inside the longer (an outlet quoting less of it)."""
    if not a or not b:
        return False
    if fuzz.ratio(a, b) >= threshold:
        return True
    short = a if len(a) <= len(b) else b
    return len(short.split()) >= min_words and fuzz.partial_ratio(a, b) >= threshold + 5


def repeated_quotes(quotes: pd.DataFrame, articles: pd.DataFrame | None = None,
                    kinds: tuple[str, ...] = ("direct", "partial"), threshold: float = 85.0) -> pd.DataFrame:
    """The same quote across articles, grouped by fuzzy match of its words (:func:`same_words`).

    One row per group, widest reach first: ``group`` (number), ``text`` (the longest wording),
    ``speaker``, ``n_quotes``, ``n_articles`` and ``n_outlets`` (its reach), ``article_ids``, ``outlets``.
    Only quotes of ``kinds`` are grouped (indirect quotes are the reporter's words)."""
    cols = ["group", "text", "speaker", "n_quotes", "n_articles", "n_outlets", "article_ids", "outlets"]
    if quotes.empty:
        return pd.DataFrame(columns=cols)
    df = quotes[quotes["kind"].isin(kinds)].reset_index(drop=True)
    if df.empty:
        return pd.DataFrame(columns=cols)
    outlet_of = {}
    if articles is not None and not articles.empty:
        outlet_of = dict(zip(articles["article_id"], articles["outlet"]))
    norm = [normalize_quote(t) for t in df["text"]]
    parent = list(range(len(df)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(df)):
        for j in range(i + 1, len(df)):
            if find(i) != find(j) and same_words(norm[i], norm[j], threshold):
                parent[find(j)] = find(i)
    rows = []
    for root in sorted({find(i) for i in range(len(df))}):
        members = df.iloc[[i for i in range(len(df)) if find(i) == root]]
        ids = sorted(set(members["article_id"]))
        outlets = sorted({str(outlet_of.get(a) or "unknown") for a in ids})
        speakers = members["speaker"].dropna()
        rows.append({"text": max(members["text"], key=len),
                     "speaker": speakers.mode().iloc[0] if not speakers.empty else None,
                     "n_quotes": len(members), "n_articles": len(ids), "n_outlets": len(outlets),
                     "article_ids": ids, "outlets": outlets})
    out = pd.DataFrame(rows).sort_values(["n_articles", "n_quotes"], ascending=False).reset_index(drop=True)
    out.insert(0, "group", range(1, len(out) + 1))
    return out[cols]
