"""A person's corrections of article metadata applied to finished tables, without analysing again.

Corrections are ``{article_id: {field: value}}`` for the fields of
:data:`components.ingest.metadata.FIELDS` (title, outlet, date, url); ``None`` or an empty value makes
the field missing. :func:`apply_corrections` returns new tables: the ``articles`` rows take the
corrected values (their ``date_source``/``outlet_source`` become ``"corrected"``), and the ``stances``
table its article dates and each actor's ``trend`` in the new date order. The other tables are the
same objects (nothing in them depends on metadata). The input tables are never changed, so tables
shared between dashboard sessions stay as they are.
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from ..ingest.metadata import FIELDS, known_value, parse_date

#: the ``*_source`` value of a field a person corrected
CORRECTED = "corrected"

Corrections = Mapping[str, Mapping[str, "str | None"]]


def clean_corrections(corrections: Corrections) -> dict[str, dict[str, str | None]]:
    """``corrections`` with known fields only, values stripped, "unknown"/empty as ``None`` and dates
    as ``YYYY-MM-DD``; raises ``ValueError`` naming the article for a date that cannot be read."""
    out: dict[str, dict[str, str | None]] = {}
    for aid, fields in corrections.items():
        row: dict[str, str | None] = {}
        for key, value in fields.items():
            if key not in FIELDS:
                continue
            value = known_value(value)
            if key == "date" and value is not None:
                date = parse_date(value)
                if date is None:
                    raise ValueError(f"{value!r} is not a date (article {aid}); write it as YYYY-MM-DD")
                value = date
            row[key] = value
        if row:
            out[str(aid)] = row
    return out


def apply_corrections(tables: Mapping[str, pd.DataFrame], corrections: Corrections) -> dict[str, pd.DataFrame]:
    """The tables with ``corrections`` applied (see the module docstring); ``tables`` is not changed.
    Corrections of articles that are not in the tables are ignored."""
    fixes = clean_corrections(corrections)
    out = dict(tables)
    arts = tables.get("articles")
    if not fixes or arts is None or arts.empty:
        return out
    arts = arts.copy()
    index = {aid: i for i, aid in zip(arts.index, arts["article_id"])}
    for aid, row in fixes.items():
        if aid not in index:
            continue
        for key, value in row.items():
            arts.loc[index[aid], key] = value if value is not None else pd.NA
            source = f"{key}_source"
            if source in arts.columns:
                arts.loc[index[aid], source] = CORRECTED if value is not None else pd.NA
    out["articles"] = arts
    stances = tables.get("stances")
    if stances is not None and not stances.empty and any("date" in row for row in fixes.values()):
        out["stances"] = _redated(stances, arts)
    return out


def _redated(stances: pd.DataFrame, arts: pd.DataFrame) -> pd.DataFrame:
    """``stances`` with each article row's date and each corpus row's trend taken from ``arts``."""
    date_of = {aid: (None if pd.isna(d) else str(d)) for aid, d in zip(arts["article_id"], arts["date"])}
    st = stances.copy()
    per_article = st["article_id"].notna()
    st.loc[per_article, "date"] = st.loc[per_article, "article_id"].map(date_of)

    def trend(points):
        if not isinstance(points, list):
            return points
        moved = [{**p, "date": date_of.get(p.get("article"), p.get("date"))} for p in points]
        return sorted(moved, key=lambda p: (p["date"] is None, p["date"] or "", str(p.get("article"))))

    if "trend" in st.columns:
        st["trend"] = st["trend"].map(trend)
    return st
