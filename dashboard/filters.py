"""Filtering the analysis tables: a pure function of (tables, filter state). No Streamlit here.

The filter state is a plain dict with the URL's keys::

    {"actor": ["Vladimir Putin"], "weapon": ["Storm Shadow"], "outlet": [...], "stance": [...],
     "q": "escalation", "date_from": "2024-09-01", "date_to": "2024-09-30"}

Semantics (every view receives the same filtered tables), in two steps:

1. **Articles.** An article is kept when it passes every filter: its outlet is selected; its date
   is in the range (undated articles stay in a range); it mentions or quotes a selected actor; it
   mentions a selected weapon system; a selected stance is held in it (by a selected actor, if
   any); its text contains the search text.
2. **Rows.** Inside the kept articles each table is narrowed by the filters about its own rows:
   ``actor`` (and ``stance``, which selects the actors holding it) keeps those actors' mentions,
   quotes, stances, signals and actor rows; ``weapon`` keeps those systems' mentions; ``q`` keeps
   the sentences and quotes containing the text.

So ``?actor=Vladimir+Putin&weapon=Storm+Shadow`` reads "Putin in the articles about Storm Shadow":
his mentions, quotes and stances there, and the Storm Shadow mentions of those articles.
Filters combine with AND; several values of one key combine with OR.
"""
from __future__ import annotations

from functools import partial
from typing import Callable, Iterable, Mapping

import pandas as pd

from components.knowledge.vocabulary import STANCE_LABELS

KEYS = ("actor", "weapon", "outlet", "stance", "q")
LIST_KEYS = ("actor", "weapon", "outlet", "stance")
STANCES = STANCE_LABELS


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


def _set(series: pd.Series) -> set:
    """The distinct values of ``series`` as a set (through ``unique``: far faster than iterating a
    column of hundreds of thousands of strings)."""
    return set(series.unique())


def _in(series: pd.Series, values) -> pd.Series:
    return series.isin(list(values))


def _contains(series: pd.Series, q: str) -> pd.Series:
    return series.fillna("").str.lower().str.contains(q, regex=False)


def _date_ok(dates: pd.Series, d_from, d_to) -> pd.Series:
    """Dates in ``[d_from, d_to]`` (either may be missing); unparseable dates pass."""
    parsed = pd.to_datetime(dates, errors="coerce", format="%Y-%m-%d")
    ok = pd.Series(True, index=dates.index)
    if d_from:
        ok &= parsed >= pd.Timestamp(d_from)
    if d_to:
        ok &= parsed <= pd.Timestamp(d_to)
    return ok | parsed.isna()


def selected_actor_ids(tables: Mapping[str, pd.DataFrame], state: Mapping) -> set[str] | None:
    """Ids of the actors the state selects (by name, then narrowed to holders of the selected
    stances), or ``None`` when neither ``actor`` nor ``stance`` is set."""
    ids: set[str] | None = None
    if state.get("actor"):
        actors = tables["actors"]
        ids = _set(actors.loc[_in(actors["name"], state["actor"]), "actor_id"])
    if state.get("stance"):
        holders = set()
        for st in (tables["stances"], tables["stances_overall"]):
            holders |= _set(st.loc[_in(st["stance"], state["stance"]), "actor_id"])
        ids = holders if ids is None else ids & holders
    return ids


def kept_articles(tables: Mapping[str, pd.DataFrame], state: Mapping, actor_ids: set[str] | None) -> set[str]:
    """Ids of the articles that pass every filter (step 1 of the module docstring)."""
    arts = tables["articles"]
    ok = pd.Series(True, index=arts.index)
    if state.get("outlet"):
        ok &= _in(arts["outlet"], state["outlet"])
    if state.get("date_from") or state.get("date_to"):
        ok &= _date_ok(arts["date"], state.get("date_from"), state.get("date_to"))
    keep = _set(arts.loc[ok, "article_id"])
    if actor_ids is not None:
        am, qu = tables["actor_mentions"], tables["quotes"]
        keep &= _set(am.loc[_in(am["actor_id"], actor_ids), "article_id"]) | _set(
            qu.loc[_in(qu["speaker_id"].fillna(""), actor_ids), "article_id"])
    if state.get("weapon"):
        wm = tables["weapon_mentions"]
        keep &= _set(wm.loc[_in(wm["system"], state["weapon"]), "article_id"])
    if state.get("stance"):
        st = tables["stances"]
        rows = st[_in(st["stance"], state["stance"])]
        if actor_ids is not None:
            rows = rows[_in(rows["actor_id"], actor_ids)]
        keep &= _set(rows["article_id"])
    q = (state.get("q") or "").strip().lower()
    if q:
        keep &= _set(arts.loc[_contains(arts["text"], q), "article_id"])
    return keep


#: the column holding the actor in each table narrowed by the ``actor`` (and ``stance``) filter
ACTOR_COLUMNS = {"actor_mentions": "actor_id", "quotes": "speaker_id", "stances": "actor_id",
                 "stances_overall": "actor_id", "stance_signals": "actor_id"}


class LazyTables(Mapping):
    """Tables made on first read and then kept: a view that reads three tables narrows three, not
    all of them (the sentences, say, are copied only when a view or the search needs them).
    ``make(name, self)`` makes table ``name`` (reading any other table through ``self``)."""

    def __init__(self, names: Iterable[str], make: Callable[[str, Mapping[str, pd.DataFrame]], pd.DataFrame]):
        self._names = list(names)
        self._make = make
        self._made: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._made:
            if name not in self._names:
                raise KeyError(name)
            self._made[name] = self._make(name, self)
        return self._made[name]

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def made(self) -> list[str]:
        """The names of the tables made so far."""
        return list(self._made)


def filter_tables(tables: Mapping[str, pd.DataFrame], state: Mapping) -> Mapping[str, pd.DataFrame]:
    """The tables restricted by ``state`` (see the module docstring), each made when first read
    (:class:`LazyTables`). Input tables are not changed; tables this module does not know pass
    through narrowed to the kept articles when they have an ``article_id`` column."""
    if not is_active(state):
        return dict(tables)
    actor_ids = selected_actor_ids(tables, state)
    keep = kept_articles(tables, state, actor_ids)
    return LazyTables(tables, partial(_narrow, tables=tables, state=state, keep=keep, actor_ids=actor_ids))


def _narrow(name: str, out: Mapping[str, pd.DataFrame], *, tables: Mapping[str, pd.DataFrame], state: Mapping,
            keep: set[str], actor_ids: set[str] | None) -> pd.DataFrame:
    """Table ``name`` narrowed to the kept articles and by the filters about its own rows (step 2
    of the module docstring); ``out`` gives the other narrowed tables it depends on."""
    df = tables[name]
    if name == "actors":
        return _actor_counts(df, out, actor_ids).reset_index(drop=True)
    q = (state.get("q") or "").strip().lower()
    if name == "stances_overall" and len(keep) < len(tables["articles"]):
        # an actor's position over the corpus summarises every article: not that of a selection
        df = df.iloc[0:0]
    elif "article_id" in df.columns:
        df = df[_in(df["article_id"], keep)]
    if actor_ids is not None and name in ACTOR_COLUMNS:
        df = df[_in(df[ACTOR_COLUMNS[name]].fillna(""), actor_ids)]
    if state.get("stance") and name in ("stances", "stances_overall"):
        df = df[_in(df["stance"], state["stance"])]
    if state.get("stance") and name == "stance_signals":
        labels = [s for s in state["stance"] if s != "mixed"]
        df = df[_in(df["label"], labels) | ("mixed" in state["stance"])]
    if state.get("weapon") and name == "weapon_mentions":
        df = df[_in(df["system"], state["weapon"])]
    if q and name == "sentences":
        df = df[_contains(df["text"], q)]
    if q and name == "quotes":
        hits = set(zip(out["sentences"]["article_id"], out["sentences"]["sent_index"]))
        in_hit = pd.Series([k in hits for k in zip(df["article_id"], df["sent_index"])], index=df.index, dtype=bool)
        df = df[in_hit | _contains(df["text"], q)]
    return df.reset_index(drop=True)


def _actor_counts(actors: pd.DataFrame, out: Mapping[str, pd.DataFrame], actor_ids: set[str] | None) -> pd.DataFrame:
    """The actor rows present in the filtered tables, with mentions, quotes and articles recounted."""
    am, qu = out["actor_mentions"], out["quotes"]
    present = _set(am["actor_id"]) | _set(qu["speaker_id"].dropna()) | _set(out["stances"]["actor_id"]) \
        | _set(out["stances_overall"]["actor_id"])
    if actor_ids is not None:
        present &= actor_ids
    act = actors[_in(actors["actor_id"], present)].copy()
    if not act.empty:
        act["mentions"] = act["actor_id"].map(am["actor_id"].value_counts()).fillna(0).astype(int)
        act["quotes"] = act["actor_id"].map(qu["speaker_id"].value_counts()).fillna(0).astype(int)
        arts = am.groupby("actor_id")["article_id"].nunique()
        act["articles"] = act["actor_id"].map(arts).fillna(0).astype(int)
    return act
