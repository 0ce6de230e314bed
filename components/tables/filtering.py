"""Filtering the analysis tables: a pure function of (tables, filter state), :func:`filter_tables`.

The state is described by the one filter specification (:mod:`components.tables.filters`).

**Semantics**, in two steps:

1. **Articles.** An article is kept when it passes every filter: its outlet is selected; its date is
   in the range (undated articles stay in a range); it mentions or quotes a selected actor; it
   mentions a selected weapon system; a selected stance is held in it (by a selected actor, if any);
   its text contains the search text.
2. **Rows**, by the ``scope``:

   - ``"sentence"`` (the default): the *topic* filters (actor, weapon, search text) narrow every
     table to the material that involves them. A sentence is kept when it involves every topic
     filter set: it names (or holds a quote of) a selected actor, names a selected weapon system,
     contains the search text. Actor and weapon mentions are kept in those sentences, and stance
     signals in the sentences that involve the weapon and the search text. A quote is kept when a
     selected actor said it, its *paragraph* names a selected weapon system and its own words
     contain the search text. The stances (``stances`` and ``stances_overall``) are aggregated again,
     by the one aggregation (:func:`components.tables.stances.stance_tables`), over the signals kept, so a position shown
     under ``weapon=Storm Shadow`` rests only on what was said about Storm Shadow.
   - ``"article"`` ("whole articles that mention it"): the kept articles' material is shown whole,
     narrowed only by the filters about each table's own rows (a selected actor's mentions, quotes
     and stances; a selected system's mentions; the sentences containing the search text).

   The ``stance`` filter keeps the stance rows with a selected label and the actors holding one.

Filters combine with AND; several values of one key combine with OR. Filtering never changes its
input tables (the dashboard shares them between sessions): every table is a new frame, made when
first read (:class:`LazyTables`).
"""
from __future__ import annotations

import re
from functools import partial
from typing import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from .filters import is_active, scope_of, topic_active


# ------------------------------------------------------------------------------------ the index
class CorpusIndex:
    """Keys computed once per corpus so that filtering is array work: for each table with a
    sentence, an integer key per row (article code × 2²⁰ + sentence), and for quotes and weapon
    mentions an integer paragraph key (paragraphs are the article's lines, as the pipeline reads
    them). Aligned with the rows of the tables it was built from, which are never changed."""

    SENTENCE_TABLES = ("sentences", "actor_mentions", "weapon_mentions", "quotes", "stance_signals")
    PARAGRAPH_TABLES = ("weapon_mentions", "quotes")

    def __init__(self, tables: Mapping[str, pd.DataFrame]):
        arts = tables["articles"]
        self.codes = pd.Index(arts["article_id"].astype(object))
        texts = arts["text"].fillna("").astype(object).tolist()
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
        base = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(texts) else np.zeros(0, np.int64)
        starts = [b + np.array([0] + [m.end() for m in re.finditer(r"\n+", t)], dtype=np.int64)
                  for b, t in zip(base.tolist(), texts)]
        self._para_starts = np.concatenate(starts) if starts else np.zeros(0, np.int64)
        self._texts = {n: tables[n]["text"] for n in self.TEXT_TABLES if tables.get(n) is not None and "text" in tables[n]}
        self._lowered: dict[str, pd.Series] = {}
        self._base = base
        self.sentence: dict[str, np.ndarray] = {}
        self.paragraph: dict[str, np.ndarray] = {}
        self.n_rows: dict[str, int] = {}
        #: each row's article as its code (-1: not an article of the corpus), for every table with articles
        self.article: dict[str, np.ndarray] = {}
        for name, df in tables.items():
            if name != "articles" and df is not None and "article_id" in df.columns:
                self.article[name] = self._code(df)
                self.n_rows[name] = len(df)
        #: each actor mention's actor and each quote's speaker as a row of the ``actors`` table (-1: none),
        #: so that a selection's actors are counted by integers (when the actors' ids are unique)
        self.actor: dict[str, np.ndarray] = {}
        acts = tables.get("actors")
        if acts is not None and "actor_id" in acts.columns and acts["actor_id"].is_unique:
            self.n_rows["actors"] = len(acts)
            ids = pd.Index(acts["actor_id"].astype(object))
            for name, col in (("actor_mentions", "actor_id"), ("quotes", "speaker_id")):
                df = tables.get(name)
                if df is not None and col in df.columns:
                    codes, uniques = pd.factorize(df[col])  # (a missing speaker: -1, as an unknown id)
                    self.actor[name] = np.append(ids.get_indexer(pd.Index(uniques, dtype=object)), -1).astype(np.int64)[codes]
        for name in self.SENTENCE_TABLES:
            df = tables.get(name)
            if df is None:
                continue
            code = self.article[name]
            self.sentence[name] = code * (1 << 20) + df["sent_index"].fillna(0).to_numpy(dtype=np.int64)
            if name in self.PARAGRAPH_TABLES:
                offset = self._base[np.maximum(code, 0)] + df["start"].fillna(0).to_numpy(dtype=np.int64)
                para = np.searchsorted(self._para_starts, offset, side="right") - 1
                self.paragraph[name] = np.where(code >= 0, para, -1)

    #: the tables whose ``text`` the search text is looked for in
    TEXT_TABLES = ("articles", "sentences", "quotes")

    def contains(self, name: str, q: str, rows: np.ndarray | None = None) -> np.ndarray:
        """Whether the ``text`` of each row of table ``name`` (or of its rows ``rows``) contains the
        lower-cased search text ``q``, as :func:`_contains` finds it, the texts lower-cased once per
        corpus (when first searched) rather than at every search and for every table it narrows."""
        low = self._lowered.get(name)
        if low is None:
            low = self._lowered[name] = self._texts[name].fillna("").str.lower()
        return _found_in(low if rows is None else low.iloc[rows], q)

    def prepare_search(self) -> None:
        """Lower-case the texts of every searched table now (:meth:`contains`), so that the first
        search of the corpus does not pay for it (a dashboard calls this once a page is drawn)."""
        for name in self._texts:
            self.contains(name, "", np.zeros(0, dtype=np.int64))

    def _code(self, df: pd.DataFrame) -> np.ndarray:
        codes, uniques = pd.factorize(df["article_id"])  # hashing the distinct ids, not every row
        return np.append(self.codes.get_indexer(pd.Index(uniques, dtype=object)), -1).astype(np.int64)[codes]

    def kept_rows(self, name: str, keep: set[str]) -> np.ndarray | None:
        """Whether each row of table ``name`` is in an article of ``keep`` (None: the index has no
        article codes for that table), by array lookup instead of hashing every row's id."""
        if name not in self.article:
            return None
        kept = np.zeros(len(self.codes) + 1, dtype=bool)  # (the last place: rows of no known article)
        where = self.codes.get_indexer(pd.Index(list(keep), dtype=object))
        kept[where[where >= 0]] = True
        return kept[self.article[name]]

    def fits(self, tables: Mapping[str, pd.DataFrame]) -> bool:
        """Whether this index was built from tables of these sizes (a cheap guard against misuse)."""
        return all(len(tables[n]) == k for n, k in self.n_rows.items() if n in tables)


# ----------------------------------------------------------------------------------- filtering
def _set(series: pd.Series) -> set:
    """The distinct values of ``series`` as a set (through ``unique``: far faster than iterating a
    column of hundreds of thousands of strings)."""
    return set(series.unique())


def _in(series: pd.Series, values) -> pd.Series:
    return series.isin(list(values))


def _contains(series: pd.Series, q: str) -> pd.Series:
    return _found_in(series.fillna("").str.lower(), q)


def _found_in(lowered: pd.Series, q: str):
    """Whether each of the lower-cased texts ``lowered`` contains ``q`` (a Series, its index kept)."""
    return lowered.str.contains(q, regex=False)


def _date_ok(dates: pd.Series, d_from, d_to) -> pd.Series:
    """Dates in ``[d_from, d_to]`` (either may be missing); missing or unparseable dates pass."""
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
        st = tables["stances"]
        holders = _set(st.loc[_in(st["stance"], state["stance"]), "actor_id"])
        ids = holders if ids is None else ids & holders
    return ids


def kept_articles(tables: Mapping[str, pd.DataFrame], state: Mapping, actor_ids: set[str] | None,
                  index: "CorpusIndex | None" = None) -> set[str]:
    """Ids of the articles that pass every filter (step 1 of the module docstring); ``index``, the
    corpus's (fitting these tables), finds the search text in lower-cased texts kept for the corpus."""
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
        rows = tables["stances"]
        rows = rows[_in(rows["stance"], state["stance"])]
        if actor_ids is not None:
            rows = rows[_in(rows["actor_id"], actor_ids)]
        keep &= _set(rows["article_id"])
    q = _query(state)
    if q:
        found = index.contains("articles", q) if index is not None and "articles" in index._texts \
            else _contains(arts["text"], q)
        keep &= _set(arts.loc[np.asarray(found, dtype=bool), "article_id"])
    return keep


def _query(state: Mapping) -> str:
    return str(state.get("q") or "").strip().lower()


#: the column holding the actor in each table narrowed by the ``actor`` (and ``stance``) filter
ACTOR_COLUMNS = {"actor_mentions": "actor_id", "quotes": "speaker_id", "stances": "actor_id",
                 "stances_overall": "actor_id", "stance_signals": "actor_id"}
#: the tables of stances, made from the kept signals by the one aggregation when articles are narrowed
STANCE_TABLES = ("stances", "stances_overall")


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


def filter_tables(tables: Mapping[str, pd.DataFrame], state: Mapping, index: CorpusIndex | None = None,
                  nlp=None) -> Mapping[str, pd.DataFrame]:
    """The tables restricted by ``state`` (see the module docstring), each made when first read
    (:class:`LazyTables`). ``index`` is the corpus's :class:`CorpusIndex` (built here when not given;
    the dashboard keeps one per corpus). ``nlp`` is the pipeline that analysed the tables, or its
    debate's aggregation settings (:func:`~components.tables.stances.debate_aggregation`: no model
    needed): stances are aggregated again with them, as they were first (defaults without it).
    Input tables are not changed; tables this module does not know pass through narrowed to the
    kept articles when they have an ``article_id`` column."""
    if not is_active(state):
        return dict(tables)
    actor_ids = selected_actor_ids(tables, state)
    keep = kept_articles(tables, state, actor_ids, index if index is not None and index.fits(tables) else None)
    sentence_scope = scope_of(state) == "sentence" and topic_active(state)
    if sentence_scope and (index is None or not index.fits(tables)):
        index = CorpusIndex(tables)
    narrow = _narrow_sentences if sentence_scope else _narrow_articles
    usable = index if index is not None and index.fits(tables) else None
    return LazyTables(tables, partial(narrow, tables=tables, state=state, keep=keep, actor_ids=actor_ids,
                                      index=index, nlp=nlp, made={},
                                      in_kept=partial(_in_kept, keep=keep, index=usable)))


def _in_kept(df: pd.DataFrame, name: str, *, keep: set[str], index: CorpusIndex | None) -> np.ndarray:
    """Whether each row of table ``name`` (``df``, as given to :func:`filter_tables`) is in a kept
    article: by the index's article codes when it has them, else by the ids."""
    rows = index.kept_rows(name, keep) if index is not None else None
    return rows if rows is not None else _in(df["article_id"], keep).to_numpy()


def _narrow_articles(name: str, out: Mapping[str, pd.DataFrame], *, tables: Mapping[str, pd.DataFrame],
                     state: Mapping, keep: set[str], actor_ids: set[str] | None, index=None,
                     nlp=None, made: dict | None = None, in_kept=None) -> pd.DataFrame:
    """Table ``name`` in the ``article`` scope: narrowed to the kept articles and by the filters about
    its own rows; ``out`` gives the other narrowed tables it depends on."""
    in_kept = in_kept or (lambda d, n: _in(d["article_id"], keep).to_numpy())
    df = tables[name]
    if name == "actors":
        fitting = index if index is not None and index.fits(tables) else None
        return _actor_counts(df, out, actor_ids, fitting, made).reset_index(drop=True)
    q = _query(state)
    if name in STANCE_TABLES:
        return _stances(name, tables, out, state, keep, actor_ids, _narrows_articles(state), nlp, made)
    # the rows kept, narrowed filter by filter on the columns each filter reads; the table itself
    # taken once, at the end (each take copies every column: 21 of them for the stance signals)
    rows = np.arange(len(df))

    def narrow(mask) -> None:
        nonlocal rows
        rows = rows[np.asarray(mask, dtype=bool)]

    def column(col: str) -> pd.Series:
        return df[col].iloc[rows]

    if "article_id" in df.columns:
        narrow(in_kept(df, name))
    if actor_ids is not None and name in ACTOR_COLUMNS:
        narrow(_in(column(ACTOR_COLUMNS[name]).fillna(""), actor_ids))
    if state.get("weapon") and name == "weapon_mentions":
        narrow(_in(column("system"), state["weapon"]))
    if q and name in ("sentences", "quotes"):
        searchable = index is not None and name in index._texts and index.fits(tables)
        narrow(index.contains(name, q, rows) if searchable else _contains(column("text"), q))
    if made is not None:
        made[("rows", name)] = rows
    return (df.iloc[rows] if len(rows) < len(df) else df).reset_index(drop=True)


def _narrow_sentences(name: str, out: Mapping[str, pd.DataFrame], *, tables: Mapping[str, pd.DataFrame],
                      state: Mapping, keep: set[str], actor_ids: set[str] | None, index: CorpusIndex,
                      nlp=None, made: dict | None = None, in_kept=None) -> pd.DataFrame:
    """Table ``name`` in the ``sentence`` scope (step 2 of the module docstring)."""
    in_kept = in_kept or (lambda d, n: _in(d["article_id"], keep).to_numpy())
    df = tables[name]
    if name == "actors":
        fitting = index if index is not None and index.fits(tables) else None
        return _actor_counts(df, out, actor_ids, fitting, made).reset_index(drop=True)
    if name in STANCE_TABLES:
        return _stances(name, tables, out, state, keep, actor_ids, _narrows_articles(state), nlp, made)
    if "article_id" not in df.columns:
        return df.reset_index(drop=True)
    mask = in_kept(df, name).copy()
    q = _query(state)
    if name == "quotes":
        if actor_ids is not None:
            mask &= _in(df["speaker_id"].fillna(""), actor_ids).to_numpy()
        if state.get("weapon"):
            mask &= np.isin(index.paragraph["quotes"], _weapon_paragraphs(tables, state, index))
        if q:
            mask &= np.asarray(index.contains("quotes", q), dtype=bool) if "quotes" in index._texts else \
                _contains(df["text"], q).to_numpy()
        if made is not None:
            made[("rows", name)] = np.flatnonzero(mask)
        return df[mask].reset_index(drop=True)
    if actor_ids is not None and name in ACTOR_COLUMNS:
        mask &= _in(df[ACTOR_COLUMNS[name]].fillna(""), actor_ids).to_numpy()
    if state.get("weapon") and name == "weapon_mentions":
        mask &= _in(df["system"], state["weapon"]).to_numpy()
    # the actor's own rows (mentions, signals) need no sentence naming the actor: they are the actor's
    with_actor = actor_ids is not None and name in ("sentences", "weapon_mentions")
    if name in index.sentence and (state.get("weapon") or q or with_actor):
        made = {} if made is None else made
        if ("topic", with_actor) not in made:  # (the same for every table narrowed in this state)
            made[("topic", with_actor)] = _topic_sentences(tables, state, actor_ids, index, with_actor)
        mask &= np.isin(index.sentence[name], made[("topic", with_actor)])
    if made is not None:
        made[("rows", name)] = np.flatnonzero(mask)
    return df[mask].reset_index(drop=True)


def _narrows_articles(state: Mapping) -> bool:
    """Whether the article filters can drop articles in which a kept actor holds a stance (an actor
    filter alone cannot: the actor's signals all lie in the articles that name the actor)."""
    return any(state.get(k) for k in ("outlet", "stance", "date_from", "date_to", "weapon")) or bool(_query(state))


def _weapon_paragraphs(tables, state, index: CorpusIndex) -> np.ndarray:
    wm = tables["weapon_mentions"]
    return np.unique(index.paragraph["weapon_mentions"][_in(wm["system"], state["weapon"]).to_numpy()])


def _topic_sentences(tables, state, actor_ids, index: CorpusIndex, with_actor: bool) -> np.ndarray:
    """Sentence keys involving every topic filter set: a selected weapon named, the search text
    contained and (``with_actor``) a selected actor named or quoted. Stance signals are matched
    without the actor condition: the actor holds the signal, often without being named in it."""
    sents = tables["sentences"]
    ok = np.ones(len(sents), dtype=bool)
    if state.get("weapon"):
        wm = tables["weapon_mentions"]
        ok &= np.isin(index.sentence["sentences"],
                      index.sentence["weapon_mentions"][_in(wm["system"], state["weapon"]).to_numpy()])
    q = _query(state)
    if q:
        ok &= np.asarray(index.contains("sentences", q), dtype=bool) if "sentences" in index._texts else \
            _contains(sents["text"], q).to_numpy()
    if with_actor and actor_ids is not None:
        am, qu = tables["actor_mentions"], tables["quotes"]
        named = index.sentence["actor_mentions"][_in(am["actor_id"], actor_ids).to_numpy()]
        quoted = index.sentence["quotes"][_in(qu["speaker_id"].fillna(""), actor_ids).to_numpy()]
        ok &= np.isin(index.sentence["sentences"], np.concatenate([named, quoted]))
    return np.unique(index.sentence["sentences"][ok])


def _stances(name, tables, out, state, keep, actor_ids, reaggregate: bool, nlp=None,
             made: dict | None = None) -> pd.DataFrame:
    """The stance table ``name`` (``stances`` or ``stances_overall``) of the selection. When the
    selection narrows the signals (the sentence scope or fewer articles), the one aggregation is run
    again over the signals kept (once for both tables: ``made`` keeps them), so every label and count
    shown rests on the material shown; otherwise the stored rows are narrowed."""
    from .stances import stance_tables

    if reaggregate:
        made = {} if made is None else made
        if "stance_tables" not in made:
            # whole articles (not the sentence scope) keep every signal of each article: their per-article
            # rows are the corpus's, and only the corpus-level rows are aggregated again
            whole = None
            if scope_of(state) != "sentence" or not topic_active(state):
                whole = tables["stances"][_in(tables["stances"]["article_id"], keep)]
                if actor_ids is not None:
                    whole = whole[_in(whole["actor_id"], actor_ids)]
                whole = whole.reset_index(drop=True)
            made["stance_tables"] = stance_tables({"stance_signals": out["stance_signals"], "actors": tables["actors"],
                                                   "articles": tables["articles"]}, nlp, per_article=whole)
        rows = made["stance_tables"][name]
    else:  # only an actor filter: every article an actor holds a position in is kept
        rows = tables[name]
        if name == "stances":
            rows = rows[_in(rows["article_id"], keep)]
    if actor_ids is not None:
        rows = rows[_in(rows["actor_id"], actor_ids)]
    if state.get("stance"):
        rows = rows[_in(rows["stance"], state["stance"])]
    return rows.reset_index(drop=True)


def _actor_counts(actors: pd.DataFrame, out: Mapping[str, pd.DataFrame], actor_ids: set[str] | None,
                  index: CorpusIndex | None = None, made: dict | None = None) -> pd.DataFrame:
    """The actor rows present in the filtered tables, with mentions, quotes and articles recounted.
    Counted by integers when the corpus's index knows each mention's and quote's actor and which rows
    of the corpus's tables the selection kept (``made``); else from the filtered tables' ids."""
    am, qu = out["actor_mentions"], out["quotes"]
    rows = {n: (made or {}).get(("rows", n)) for n in ("actor_mentions", "quotes")}
    if index is not None and len(index.actor) == 2 and all(r is not None for r in rows.values()):
        return _actor_counts_by_code(actors, out, actor_ids, index, rows)
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


def _actor_counts_by_code(actors: pd.DataFrame, out: Mapping[str, pd.DataFrame], actor_ids: set[str] | None,
                          index: CorpusIndex, rows: dict[str, np.ndarray]) -> pd.DataFrame:
    """:func:`_actor_counts` from the index's integer codes of the kept rows: mentions and quotes per
    actor by counting codes, articles by counting distinct (actor, article) codes; no id hashed but
    the stance rows' few."""
    n = len(actors)
    said = index.actor["actor_mentions"][rows["actor_mentions"]]
    spoke = index.actor["quotes"][rows["quotes"]]
    where = index.article["actor_mentions"][rows["actor_mentions"]]
    mentions = np.bincount(said[said >= 0], minlength=n)
    quotes = np.bincount(spoke[spoke >= 0], minlength=n)
    pairs = np.unique(said[said >= 0] * (len(index.codes) + 1) + where[said >= 0])
    articles = np.bincount(pairs // (len(index.codes) + 1), minlength=n)
    held = _set(out["stances"]["actor_id"]) | _set(out["stances_overall"]["actor_id"])
    present = (mentions > 0) | (quotes > 0) | actors["actor_id"].isin(list(held)).to_numpy()
    if actor_ids is not None:
        present &= actors["actor_id"].isin(list(actor_ids)).to_numpy()
    act = actors[present].copy()
    if not act.empty:
        act["mentions"] = mentions[present].astype(int)
        act["quotes"] = quotes[present].astype(int)
        act["articles"] = articles[present].astype(int)
    return act
