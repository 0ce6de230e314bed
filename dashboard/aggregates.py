"""Pure pandas summaries the views show (no Streamlit, no NLP): quotes repeated across articles
and outlets, counts by speaker."""
from __future__ import annotations

import pandas as pd

from components.tables import quotes as quote_counts

def repeated_quotes(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Quotes whose words recur in more than one article, most-repeated first, for display: the
    groups of :func:`components.tables.quotes.repeated_quotes` (the one definition of "the same
    quote") with their lists joined. Columns: ``quote``, ``speaker``, ``n_articles``, ``n_outlets``,
    ``outlets``, ``articles``."""
    cols = ["quote", "speaker", "n_articles", "n_outlets", "outlets", "articles"]
    groups = quote_counts.repeated_quotes(quotes, articles)
    groups = groups[groups["n_articles"] >= 2] if not groups.empty else groups
    if groups.empty:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame({
        "quote": groups["text"], "speaker": groups["speaker"].fillna("unknown"),
        "n_articles": groups["n_articles"], "n_outlets": groups["n_outlets"],
        "outlets": groups["outlets"].map(", ".join), "articles": groups["article_ids"].map(", ".join),
    }).reset_index(drop=True)


def quotes_with_outlets(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The quotes table with each article's outlet, speaker first."""
    q = quotes.merge(articles[["article_id", "outlet", "title"]], on="article_id", how="left")
    q["speaker"] = q["speaker"].fillna("unknown")
    return q[["speaker", "text", "kind", "cue", "outlet", "article_id"]]
