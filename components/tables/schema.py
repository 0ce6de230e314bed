"""The schema of every table the analysis produces: the one place that defines them.

Each table is a tidy pandas DataFrame, one row per observation. :data:`TABLES` maps a table name to
its columns (name → (pandas dtype, meaning)). Build tables with :func:`frame`, which orders the
columns and fills missing ones, so every producer and consumer agrees on the shape. Offsets
(``start``/``end``) are character offsets into the article's decoded text.
"""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

Columns = dict[str, tuple[str, str]]

TABLES: dict[str, Columns] = {
    "articles": {
        "article_id": ("string", "file name without extension"),
        "title": ("string", "headline (sidecar metadata, else inferred); missing if no source gives one"),
        "outlet": ("string", "publisher; missing if unknown"),
        "date": ("string", "publication date YYYY-MM-DD; missing if unknown"),
        "url": ("string", "source address; missing if unknown"),
        "date_source": ("string", "where the date was read: sidecar | page | front matter | file name | text "
                                  "| corrected (see components.ingest.metadata.TRUST); missing with the date"),
        "outlet_source": ("string", "where the outlet was read (as date_source, or 'web address')"),
        "path": ("string", "where the article was read from"),
        "n_words": ("int64", "word count"),
        "duplicate_of": ("string", "id of the article this one is a near-duplicate of, else missing"),
        "text": ("string", "the decoded text; all offsets index into it"),
    },
    "sentences": {
        "article_id": ("string", "article"),
        "sent_index": ("int64", "position of the sentence in the article"),
        "start": ("int64", "offset of the first character"),
        "end": ("int64", "offset after the last character"),
        "text": ("string", "the sentence"),
    },
    "actors": {
        "actor_id": ("string", "canonical id (slug of the name)"),
        "name": ("string", "canonical name"),
        "type": ("string", "person | organization | country | group"),
        "role": ("string", "title or role, from the catalogue or the text"),
        "country": ("string", "the actor's country where known"),
        "aliases": ("object", "list of the surface forms seen"),
        "mentions": ("int64", "mentions over the corpus"),
        "quotes": ("int64", "quotes attributed over the corpus"),
        "articles": ("int64", "number of articles that mention the actor"),
    },
    "actor_mentions": {
        "article_id": ("string", "article"),
        "actor_id": ("string", "canonical actor"),
        "start": ("int64", "offset"),
        "end": ("int64", "offset"),
        "text": ("string", "the mention as written"),
        "sent_index": ("int64", "sentence"),
    },
    "weapon_mentions": {
        "article_id": ("string", "article"),
        "start": ("int64", "offset"),
        "end": ("int64", "offset"),
        "text": ("string", "the mention as written"),
        "system": ("string", "catalogue name"),
        "category": ("string", "catalogue category ('generic' for generic mentions)"),
        "named": ("bool", "a named system rather than a generic category"),
        "sent_index": ("int64", "sentence"),
    },
    "quotes": {
        "article_id": ("string", "article"),
        "start": ("int64", "offset of the quoted text (inside the marks) or the reported clause"),
        "end": ("int64", "offset"),
        "text": ("string", "the quoted words or the reported clause"),
        "kind": ("string", "direct | partial | indirect"),
        "speaker": ("string", "canonical speaker name, missing if unknown"),
        "speaker_id": ("string", "canonical speaker id"),
        "speaker_in_text": ("string", "the speaker as written near the quote (may be a pronoun)"),
        "cue": ("string", "the reporting verb or phrase"),
        "sent_index": ("int64", "sentence where the quote starts"),
    },
    "stances": {
        "article_id": ("string", "article; missing for the corpus-level row"),
        "actor_id": ("string", "canonical actor"),
        "actor": ("string", "canonical name"),
        "stance": ("string", "support | oppose | cautious | mixed | unclear (below the confidence threshold)"),
        "score": ("float64", "-1 (oppose) … +1 (support)"),
        "confidence": ("float64", "0 … 1"),
        "n_signals": ("int64", "signals behind the label"),
        "evidence": ("object", "list of evidence sentences"),
        "evidence_offsets": ("object", "list of (start, end) of the evidence sentences"),
        "date": ("string", "the article's date; missing for the corpus-level row"),
        "n_articles": ("int64", "articles behind the row (1 for an article row)"),
        "trend": ("object", "corpus-level row: list of {article, date, stance, score} in date order"),
    },
    "stance_signals": {
        "article_id": ("string", "article"),
        "actor_id": ("string", "canonical actor: the frame's holder"),
        "sent_index": ("int64", "sentence"),
        "start": ("int64", "sentence offset"),
        "end": ("int64", "sentence offset"),
        "label": ("string", "support | oppose | cautious | mixed"),
        "weight": ("float64", "strength (frame weight × topic × hedges × source)"),
        "cue": ("string", "the predicate as written"),
        "sentence": ("string", "the evidence sentence"),
        "negated": ("bool", "the predicate was negated (its frame type changed)"),
        "via": ("string", "how the holder was found: subject | possessor | from | agent | object | relative | "
                          "experiencer | holder | quote | reporter | source"),
        "source": ("string", "quote (own quoted words) | reported (reported speech) | action (the holder's "
                             "action) | ascribed (a position the text ascribes)"),
        "frame": ("string", "the frame type of the debate file (supply, request, concern, threat, …)"),
        "proposition": ("string", "what the predicate is about (its argument, shortened)"),
        "target": ("string", "the weapon system the frame names, 'topic' for the debate's general topic"),
        "holder_text": ("string", "the holder as written (name, pronoun; empty for a quote's speaker)"),
        "past": ("bool", "marked as an earlier position ('had refused', 'initial objections')"),
        "cue_start": ("int64", "offset of the predicate"),
        "cue_end": ("int64", "offset after the predicate"),
    },
}


def columns(name: str) -> list[str]:
    """Column names of table ``name``, in order."""
    return list(TABLES[name])


def frame(name: str, rows: Iterable[Mapping] | pd.DataFrame = ()) -> pd.DataFrame:
    """A DataFrame of table ``name`` from ``rows``: schema columns in order, missing ones filled,
    dtypes applied (``string`` columns use pandas' nullable string type)."""
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    spec = TABLES[name]
    for col, (dtype, _) in spec.items():
        if col not in df.columns:
            df[col] = pd.Series([None] * len(df), dtype="object")
    extra = [c for c in df.columns if c not in spec]
    df = df[list(spec) + extra]
    for col, (dtype, _) in spec.items():
        if dtype == "object":
            continue
        if dtype == "int64" and df[col].isna().any():
            df[col] = df[col].astype("Int64")
        elif dtype == "bool":
            df[col] = df[col].fillna(False).astype(bool)
        else:
            df[col] = df[col].astype(dtype)
    return df.reset_index(drop=True)


def empty(name: str) -> pd.DataFrame:
    """An empty table ``name`` with its columns."""
    return frame(name, [])
