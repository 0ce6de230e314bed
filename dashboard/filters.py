"""Filtering the analysis tables: a pure function of (tables, filter state). No Streamlit here.

The filter state is a plain dict with the URL's keys::

    {"actor": ["Vladimir Putin"], "weapon": ["Storm Shadow"], "outlet": [...], "stance": [...],
     "q": "escalation", "date_from": "2024-09-01", "date_to": "2024-09-30"}

Semantics (every view receives the same filtered tables):

- ``outlet``, ``date_from``/``date_to`` select articles (undated articles stay in a date range);
- ``actor`` keeps what concerns those actors: their mentions, their quotes, their stances, and the
  sentences that mention or quote them (so weapons co-mentioned with them);
- ``stance`` keeps the actors holding that stance somewhere (then as ``actor``);
- ``weapon`` keeps the sentences mentioning those systems, the quotes in them, and the stances and
  actors of the articles that discuss them;
- ``q`` keeps sentences (and quotes) containing the text, case-insensitively.

Filters combine with AND; several values of one key combine with OR.
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

KEYS = ("actor", "weapon", "outlet", "stance", "q")
LIST_KEYS = ("actor", "weapon", "outlet", "stance")
STANCES = ("support", "oppose", "cautious", "mixed")


def empty_state() -> dict:
    """A filter state that selects everything."""
    return {"actor": [], "weapon": [], "outlet": [], "stance": [], "q": "", "date_from": None, "date_to": None}


def is_active(state: Mapping) -> bool:
    """Whether ``state`` filters anything."""
    return any(state.get(k) for k in (*KEYS, "date_from", "date_to"))


def filter_options(tables: Mapping[str, pd.DataFrame]) -> dict[str, list[str]]:
    """The values each list filter can take on these tables (sorted, most frequent actors first)."""
    actors = tables["actors"]
    return {
        "actor": list(actors.sort_values(["mentions", "name"], ascending=[False, True])["name"]) if not actors.empty else [],
        "weapon": sorted(tables["weapon_mentions"]["system"].dropna().unique()) if not tables["weapon_mentions"].empty else [],
        "outlet": sorted(tables["articles"]["outlet"].dropna().unique()) if not tables["articles"].empty else [],
        "stance": list(STANCES),
    }


def split_known(state: Mapping, options: Mapping[str, list[str]]) -> tuple[dict, dict[str, list[str]]]:
    """``(clean_state, unknown)``: the state with values not among ``options`` removed, and those
    removed values per key (to tell the user a shared link named something this corpus lacks)."""
    clean, unknown = dict(state), {}
    for key in LIST_KEYS:
        vals = list(state.get(key) or [])
        bad = [v for v in vals if v not in options.get(key, [])]
        if bad:
            unknown[key] = bad
        clean[key] = [v for v in vals if v in options.get(key, [])]
    return clean, unknown


def _in(series: pd.Series, values) -> pd.Series:
    return series.isin(list(values))


def _sent_keys(df: pd.DataFrame) -> pd.Series:
    return list(zip(df["article_id"], df["sent_index"]))


def filter_tables(tables: Mapping[str, pd.DataFrame], state: Mapping) -> dict[str, pd.DataFrame]:
    """The tables restricted by ``state`` (see the module docstring). Input tables are not changed."""
    t = {k: v for k, v in tables.items()}
    if not is_active(state):
        return dict(t)
    arts = t["articles"]
    keep_articles = set(arts["article_id"])
    if state.get("outlet"):
        keep_articles &= set(arts.loc[_in(arts["outlet"], state["outlet"]), "article_id"])
    d_from, d_to = state.get("date_from"), state.get("date_to")
    if d_from or d_to:
        dates = pd.to_datetime(arts["date"], errors="coerce")
        ok = dates.isna()
        if d_from and d_to:
            ok |= (dates >= pd.Timestamp(d_from)) & (dates <= pd.Timestamp(d_to))
        elif d_from:
            ok |= dates >= pd.Timestamp(d_from)
        else:
            ok |= dates <= pd.Timestamp(d_to)
        keep_articles &= set(arts.loc[ok, "article_id"])

    actors = t["actors"]
    name_to_id = dict(zip(actors["name"], actors["actor_id"]))
    actor_ids: set[str] | None = None
    if state.get("actor"):
        actor_ids = {name_to_id[n] for n in state["actor"] if n in name_to_id}
    if state.get("stance"):
        st = t["stances"]
        holders = set(st.loc[_in(st["stance"], state["stance"]), "actor_id"])
        actor_ids = holders if actor_ids is None else actor_ids & holders

    # sentence scope: None = all sentences of the kept articles
    scope: set | None = None

    def narrow(keys) -> None:
        nonlocal scope
        keys = set(keys)
        scope = keys if scope is None else scope & keys

    if actor_ids is not None:
        am, qu = t["actor_mentions"], t["quotes"]
        keys = set(_sent_keys(am[_in(am["actor_id"], actor_ids)]))
        keys |= set(_sent_keys(qu[_in(qu["speaker_id"].fillna(""), actor_ids)]))
        narrow(keys)
    if state.get("weapon"):
        wm = t["weapon_mentions"]
        wsel = wm[_in(wm["system"], state["weapon"])]
        narrow(_sent_keys(wsel))
        keep_articles &= set(wsel["article_id"])
    q = (state.get("q") or "").strip().lower()
    if q:
        s = t["sentences"]
        narrow(_sent_keys(s[s["text"].str.lower().str.contains(q, regex=False, na=False)]))
    if scope is not None:
        keep_articles &= {a for a, _ in scope}

    def by_article(df: pd.DataFrame) -> pd.DataFrame:
        return df[_in(df["article_id"], keep_articles)]

    def by_scope(df: pd.DataFrame) -> pd.DataFrame:
        df = by_article(df)
        if scope is None or df.empty:
            return df
        return df[pd.Series(_sent_keys(df), index=df.index).isin(scope)]

    out: dict[str, pd.DataFrame] = dict(t)
    out["articles"] = by_article(arts)
    out["sentences"] = by_scope(t["sentences"])
    out["weapon_mentions"] = by_scope(t["weapon_mentions"])
    if state.get("weapon"):
        out["weapon_mentions"] = out["weapon_mentions"][_in(out["weapon_mentions"]["system"], state["weapon"])]
    am = by_scope(t["actor_mentions"])
    qu = by_scope(t["quotes"])
    if actor_ids is not None:
        am = am[_in(am["actor_id"], actor_ids)]
        qu = qu[_in(qu["speaker_id"].fillna(""), actor_ids)]
    out["actor_mentions"], out["quotes"] = am, qu
    signals = t.get("stance_signals")
    if signals is not None:
        sig = by_scope(signals)
        if actor_ids is not None:
            sig = sig[_in(sig["actor_id"], actor_ids)]
        out["stance_signals"] = sig
    st = t["stances"]
    in_articles = st["article_id"].isna() | _in(st["article_id"], keep_articles)
    st = st[in_articles]
    if actor_ids is not None:
        st = st[_in(st["actor_id"], actor_ids)]
    elif scope is not None:
        present = set(am["actor_id"]) | set(qu["speaker_id"].dropna())
        st = st[_in(st["actor_id"], present)]
    if state.get("stance"):
        st = st[_in(st["stance"], state["stance"]) | st["article_id"].isna()]
    out["stances"] = st
    present = set(am["actor_id"]) | set(qu["speaker_id"].dropna()) | set(st["actor_id"])
    act = actors[_in(actors["actor_id"], present)].copy()
    if not act.empty:
        act["mentions"] = act["actor_id"].map(am["actor_id"].value_counts()).fillna(0).astype(int)
        act["quotes"] = act["actor_id"].map(qu["speaker_id"].value_counts()).fillna(0).astype(int)
    out["actors"] = act
    return {k: v.reset_index(drop=True) for k, v in out.items()}
