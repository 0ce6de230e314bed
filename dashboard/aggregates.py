"""Pure pandas summaries the views show (no Streamlit, no NLP): quotes repeated across articles
and outlets, counts by speaker."""
from __future__ import annotations

import re
import unicodedata

import pandas as pd
from rapidfuzz import fuzz

MIN_WORDS = 4
SIMILARITY = 92  # rapidfuzz ratio at which two quotes count as the same words


def normalise_quote(text: str) -> str:
    """``text`` folded for comparison: NFKC, lower case, typographic quotes and punctuation dropped,
    spaces collapsed."""
    t = unicodedata.normalize("NFKC", str(text)).lower()
    t = re.sub(r"[^\w\s]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def repeated_quotes(quotes: pd.DataFrame, articles: pd.DataFrame, min_words: int = MIN_WORDS,
                    similarity: int = SIMILARITY) -> pd.DataFrame:
    """Quotes whose words recur in more than one article, one row per group, most-repeated first.

    Quotes of at least ``min_words`` words are grouped when their normalised texts reach
    ``similarity`` (rapidfuzz ratio) with the group's first quote. Columns: ``quote`` (the longest
    version), ``speakers``, ``outlets``, ``n_outlets``, ``n_articles``, ``articles``.
    """
    cols = ["quote", "speakers", "outlets", "n_outlets", "n_articles", "articles"]
    if quotes.empty:
        return pd.DataFrame(columns=cols)
    q = quotes.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    q = q.assign(norm=q["text"].map(normalise_quote))
    q = q[q["norm"].str.split().str.len() >= min_words]
    groups: list[list[int]] = []
    heads: list[str] = []
    for idx, norm in q["norm"].items():
        for g, head in enumerate(heads):
            if fuzz.ratio(norm, head) >= similarity:
                groups[g].append(idx)
                break
        else:
            groups.append([idx])
            heads.append(norm)
    rows = []
    for members in groups:
        part = q.loc[members]
        if part["article_id"].nunique() < 2:
            continue
        outlets = sorted(part["outlet"].fillna("unknown").unique())
        rows.append({"quote": max(part["text"], key=len),
                     "speakers": ", ".join(sorted(part["speaker"].dropna().unique())) or "unknown",
                     "outlets": ", ".join(outlets), "n_outlets": len(outlets),
                     "n_articles": part["article_id"].nunique(),
                     "articles": ", ".join(sorted(part["article_id"].unique()))})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["n_articles", "n_outlets"], ascending=False).reset_index(drop=True)


def quotes_with_outlets(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The quotes table with each article's outlet, speaker first."""
    q = quotes.merge(articles[["article_id", "outlet", "title"]], on="article_id", how="left")
    q["speaker"] = q["speaker"].fillna("unknown")
    return q[["speaker", "text", "kind", "cue", "outlet", "article_id"]]
