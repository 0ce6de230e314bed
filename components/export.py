"""The JSON export (contract: ``debate-briefing/1``, see the project README) and CSV files."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from .run.analyze import Analysis

SCHEMA = "debate-briefing/1"


def _clean(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NA:
        return None
    if hasattr(v, "item") and not isinstance(v, (list, dict, str)):
        return v.item()
    if isinstance(v, tuple):
        return [_clean(x) for x in v]
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def _records(df: pd.DataFrame, mapping: dict[str, str], extra: tuple[str, ...] = ()) -> list[dict]:
    out = []
    cols = list(mapping) + [c for c in extra if c in df.columns]
    for row in df[cols].itertuples(index=False, name=None):
        rec = {}
        for col, val in zip(cols, row):
            rec[mapping.get(col, col)] = _clean(val)
        out.append(rec)
    return out


#: a stance record of the export: its keys in order (article and date are null for an actor's
#: position over the corpus; n_articles is 1 and trend null for an article's row)
STANCE_KEYS = {"article_id": "article", "actor": "actor", "actor_id": "actor_id", "stance": "stance",
               "score": "score", "confidence": "confidence", "n_signals": "n_signals", "evidence": "evidence",
               "evidence_offsets": "evidence_offsets", "date": "date", "n_articles": "n_articles", "trend": "trend"}


#: a below-threshold stance of the export (``stances_unclear``)
UNCLEAR_KEYS = {"article_id": "article", "actor": "actor", "actor_id": "actor_id", "confidence": "confidence",
                "evidence": "evidence"}


def stance_records(stances: pd.DataFrame, overall: pd.DataFrame | None) -> tuple[list[dict], list[dict]]:
    """The export's ``stances`` and ``stances_unclear`` lists: one record per (article, actor) row of
    ``stances``, then one per actor of ``overall`` with ``"article": null`` (the contract's
    corpus-level rows). "unclear" is not a label of the contract (support|oppose|cautious|mixed), and
    every exported row counts as a claim: below-threshold stances go to ``stances_unclear``, with
    their evidence."""
    tables = [stances.assign(n_articles=1, trend=None)]
    if overall is not None and len(overall):
        tables.append(overall.assign(article_id=None, date=None))
    clear, unclear = [], []
    for df in tables:
        is_clear = df["stance"] != "unclear" if len(df) else pd.Series([], dtype=bool)
        clear += _records(df[is_clear], STANCE_KEYS)
        unclear += _records(df[~is_clear], UNCLEAR_KEYS)
    return clear, unclear


def to_export(analysis: Analysis, briefing: str | None = None) -> dict:
    """The export document for ``analysis``: articles, actors, quotes, weapons, stances, briefing
    (made from the tables and ``analysis.knowledge`` when not given)."""
    t = analysis.tables
    arts = t["articles"].copy()
    articles = _records(arts, {"article_id": "id", "path": "path", "title": "title", "outlet": "outlet",
                               "date": "date", "url": "url", "duplicate_of": "duplicate_of", "n_words": "n_words"},
                        extra=("date_source", "outlet_source"))
    actors = _records(t["actors"], {"actor_id": "id", "name": "name", "type": "type", "role": "role",
                                    "aliases": "aliases", "mentions": "mentions", "quotes": "quotes",
                                    "country": "country", "articles": "articles"})
    quotes = _records(t["quotes"], {"article_id": "article", "start": "start", "end": "end", "text": "text",
                                    "speaker": "speaker", "speaker_id": "speaker_id",
                                    "speaker_in_text": "speaker_in_text", "kind": "kind", "cue": "cue"})
    weapons = _records(t["weapon_mentions"], {"article_id": "article", "start": "start", "end": "end",
                                              "text": "text", "system": "system", "category": "category",
                                              "named": "named"})
    stances, unclear = stance_records(t["stances"], t.get("stances_overall"))
    if briefing is None:
        if analysis.knowledge is None:
            raise ValueError("to_export needs the briefing, or an Analysis that carries its knowledge")
        from .report.briefing import make_briefing

        briefing = make_briefing(analysis.tables, knowledge=analysis.knowledge)
    return {"schema": SCHEMA, "articles": articles, "actors": actors, "quotes": quotes,
            "weapons": weapons, "stances": stances, "stances_unclear": unclear, "briefing": briefing,
            "pipeline": analysis.meta,
            "skipped": [{"path": s.path, "reason": s.reason} for s in analysis.skipped]}


def to_json(analysis: Analysis, briefing: str | None = None, indent: int | None = 2) -> str:
    """:func:`to_export` as a JSON string (UTF-8 text, non-ASCII kept)."""
    return json.dumps(to_export(analysis, briefing), ensure_ascii=False, indent=indent)


#: the first characters that make a spreadsheet read a cell as a formula (also their full-width forms,
#: and the tab and carriage return OWASP lists): a cell starting with one is written after a "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_text(value):
    """``value`` as a CSV cell a spreadsheet shows as text: a string that would start a formula
    (``=HYPERLINK(…)``, ``@SUM(…)``, ``-2+3``) is prefixed with ``'``; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(df: pd.DataFrame) -> str:
    """One table as CSV text: a column holding lists or dicts is written as JSON, every other text
    cell through :func:`csv_text`. The command line and the dashboard's downloads both write this."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, (list, tuple, dict))).any():
            out[col] = out[col].map(lambda v: json.dumps(_clean(v), ensure_ascii=False))
        elif out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            out[col] = out[col].map(csv_text, na_action="ignore")
    return out.to_csv(index=False)


def write_csv(analysis: Analysis, folder: str | Path) -> list[Path]:
    """One CSV per table in ``folder`` (:func:`table_csv`)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in analysis.tables.items():
        path = folder / f"{name}.csv"
        path.write_text(table_csv(df), encoding="utf-8", newline="")
        written.append(path)
    return written
