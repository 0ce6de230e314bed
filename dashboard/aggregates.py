"""Pure pandas shapes the views show (no Streamlit calls, no NLP): the stance rows of articles and over
the selection counted once, the stance map's points, positions over time, the Quotes
table, the most-cited quotes and quotes repeated across outlets.

Nothing here aggregates stances: labels, scores and evidence come from the ``stances`` table made by
the one aggregation (:func:`components.tables.stances.stance_tables`); this module only selects,
joins and counts its rows.
"""
from __future__ import annotations

import re
from functools import lru_cache

from typing import Mapping

import pandas as pd

from components.knowledge.vocabulary import CUE_LABELS
from components.tables import quotes as quote_counts

from dashboard.widgets import MISSING  # noqa: E402  (how a missing value is named, defined once)

MISSING_DATE = MISSING["date"]
MISSING_OUTLET = MISSING["outlet"]


def has_value(series: pd.Series) -> pd.Series:
    s = series.astype("string")
    return s.notna() & ~s.str.strip().str.lower().isin(["", "unknown", "none", "nan"])


def known_or_none(series: pd.Series) -> pd.Series:
    """The values as text, ``None`` where there is none (see :func:`has_value`)."""
    return series.astype("string").astype(object).where(has_value(series), None)


def display_outlet(series: pd.Series) -> pd.Series:
    """Outlets as shown: a missing one is ``unknown outlet``."""
    return series.astype("string").where(has_value(series), MISSING_OUTLET).astype(object)


def display_date(series: pd.Series) -> pd.Series:
    """Dates as shown: a missing one is ``no date``."""
    return series.astype("string").where(has_value(series), MISSING_DATE).astype(object)


def article_titles(articles: pd.DataFrame, width: int = 90) -> pd.Series:
    """Each article's headline, else its first line (cut at ``width`` characters), else its id."""
    first = articles["text"].astype("string").fillna("").map(_first_line).astype("string")
    first = first.where(first.str.len() <= width, first.str.slice(0, width) + "…")
    title = articles["title"].astype("string").where(has_value(articles["title"]), first)
    return title.where(title.fillna("").str.len() > 0, articles["article_id"].astype("string")).astype(object)


def _first_line(text: str) -> str:
    """The first line of ``text`` stripped (``text.strip().split("\n", 1)[0].strip()``) without
    copying the rest of the article."""
    start = _LEADING_SPACE.match(text).end()  # (\s is what str.strip removes)
    end = text.find("\n", start)
    return text[start:end if end >= 0 else len(text)].strip()


_LEADING_SPACE = re.compile(r"\s*")


def article_labels(articles: pd.DataFrame, width: int = 60) -> dict[str, str]:
    """``{article_id: "title — outlet"}``: how a table row names its article (the title cut at
    ``width`` characters; see :func:`article_titles`)."""
    return dict(zip(articles["article_id"], [f"{t} — {o}" for t, o in zip(article_titles(articles, width),
                                                                         display_outlet(articles["outlet"]))]))


def per_article(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The stance rows of single articles (one per article and actor: the ``stances`` table)."""
    return tables["stances"]


def overall(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The corpus-level stance rows: one per actor over the selection (``stances_overall``)."""
    return tables["stances_overall"]


def stance_counts(tables: Mapping[str, pd.DataFrame], labels) -> dict[str, int]:
    """The one stance count: how many actors hold each label over the selection (each actor counted
    once, by its corpus-level label), for every label of the vocabulary in its order."""
    counts = overall(tables)["stance"].value_counts()
    out = {label: int(counts.get(label, 0)) for label in labels}
    for label, n in counts.items():  # a label the vocabulary lacks is shown, not dropped
        out.setdefault(str(label), int(n))
    return out


def first(evidence) -> str:
    """The first evidence sentence of a stance row ('' when there is none)."""
    return str(evidence[0]) if isinstance(evidence, (list, tuple)) and len(evidence) else ""


def positions(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The stance map's points: one row per actor with a corpus-level stance: ``actor``,
    ``actor_id``, ``stance``, ``score``, ``quotes``, ``mentions``, ``n_articles``, ``evidence``."""
    ov = overall(tables)
    cols = ["actor", "actor_id", "stance", "score", "quotes", "mentions", "n_articles", "evidence"]
    if ov.empty:
        return pd.DataFrame(columns=cols)
    act = tables["actors"][["actor_id", "quotes", "mentions"]]
    df = ov[["actor", "actor_id", "stance", "score", "n_articles", "evidence"]].merge(act, on="actor_id", how="left")
    df["quotes"] = df["quotes"].fillna(0).astype(int)
    df["mentions"] = df["mentions"].fillna(0).astype(int)
    df["evidence"] = df["evidence"].map(first)
    return df[cols].reset_index(drop=True)


ALL_ARTICLES = "all articles in the selection"


def stance_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The Stance view's evidence table: each actor's row over the selection (``article`` =
    :data:`ALL_ARTICLES`, ``article_id`` ``None``) followed by its row in each article (``article``
    = the article's title and outlet, ``date``), actors in name order. Other columns as in the
    stance tables (``stance``, ``score``, ``confidence``, ``n_signals``, ``evidence``,
    ``evidence_offsets``)."""
    cols = ["actor", "article", "date", "stance", "score", "confidence", "n_signals", "evidence",
            "evidence_offsets", "article_id"]
    rows, ov = per_article(tables), overall(tables)
    arts = tables["articles"]
    named = article_labels(arts)
    dated = dict(zip(arts["article_id"], known_or_none(arts["date"])))
    per = rows.assign(article=rows["article_id"].map(named), date=rows["article_id"].map(dated), first=1)
    whole = ov.assign(article=ALL_ARTICLES, date=None, article_id=None, first=0)
    df = pd.concat([whole, per], ignore_index=True) if len(rows) or len(ov) else pd.DataFrame(columns=cols + ["first"])
    df = df.sort_values(["actor", "first", "date", "article"], na_position="last", kind="stable")
    return df[cols].reset_index(drop=True)


def weapon_rows(tables: Mapping[str, pd.DataFrame], sentences: pd.DataFrame) -> pd.DataFrame:
    """The Weapons view's table: each weapon mention with its ``sentence`` (from ``sentences``, the
    corpus's sentence table) and its ``article`` (title and outlet), in reading order; also
    ``system``, ``text`` (the words), ``category``, ``named``, ``article_id``, ``start``, ``end``."""
    wm = tables["weapon_mentions"]
    cols = ["system", "text", "category", "named", "sentence", "article", "article_id", "start", "end"]
    if wm.empty:
        return pd.DataFrame(columns=cols)
    arts = tables["articles"]
    named = article_labels(arts)
    sents = sentences[sentences["article_id"].isin(set(wm["article_id"]))][["article_id", "sent_index", "text"]]
    df = wm.merge(sents.rename(columns={"text": "sentence"}), on=["article_id", "sent_index"], how="left")
    df["article"] = df["article_id"].map(named)
    return df[cols].reset_index(drop=True)


def timeline_points(tables: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, int]:
    """Positions over time: the per-article stance rows of dated articles, with the article's
    ``date`` (datetime), ``outlet`` and first ``evidence``, in date order per actor, ``changed``
    marking a row whose label differs from the actor's previous dated row and ``previous`` holding
    that label (an ``unclear`` row is never a change, and a change is measured from the last
    row that is not unclear). Returns the points and the number of per-article rows left out for want of a date."""
    rows = per_article(tables)
    cols = ["actor", "actor_id", "article_id", "date", "stance", "score", "outlet", "evidence", "changed",
            "previous", "evidence_offsets"]
    if rows.empty:
        return pd.DataFrame(columns=cols), 0
    arts = tables["articles"][["article_id", "date", "outlet"]].rename(columns={"date": "article_date"})
    df = rows.merge(arts, on="article_id", how="left")
    df["date"] = pd.to_datetime(df["article_date"].astype("string"), errors="coerce", format="%Y-%m-%d")
    undated = int(df["date"].isna().sum())
    df = df[df["date"].notna()].sort_values(["actor", "date", "article_id"], kind="stable")
    df["evidence"] = df["evidence"].map(first)
    # "unclear" is no position: it never marks a change, nor is it the position changed from
    clear = df["stance"].isin(CUE_LABELS)
    df["previous"] = df[clear].groupby("actor_id")["stance"].shift(1).reindex(df.index)
    df["changed"] = clear & df["previous"].notna() & (df["previous"] != df["stance"])
    return df[cols].reset_index(drop=True), undated


def changes(points: pd.DataFrame) -> pd.DataFrame:
    """Each change of position: ``actor``, ``from_date``, ``from_stance``, ``from_evidence``,
    ``to_date``, ``to_stance``, ``to_evidence`` and the two articles, for the side-by-side view."""
    cols = ["actor", "from_date", "from_stance", "from_evidence", "from_article", "from_offsets",
            "to_date", "to_stance", "to_evidence", "to_article", "to_offsets"]
    if points.empty:
        return pd.DataFrame(columns=cols)
    points = points[points["stance"].isin(CUE_LABELS)]  # from the last clear position
    prev = points.groupby("actor_id").shift(1)
    ch = points["changed"].to_numpy()
    out = pd.DataFrame({
        "actor": points["actor"][ch], "from_date": prev["date"][ch], "from_stance": prev["stance"][ch],
        "from_evidence": prev["evidence"][ch], "from_article": prev["article_id"][ch],
        "from_offsets": prev["evidence_offsets"][ch],
        "to_date": points["date"][ch], "to_stance": points["stance"][ch], "to_evidence": points["evidence"][ch],
        "to_article": points["article_id"][ch], "to_offsets": points["evidence_offsets"][ch]})
    return out[cols].reset_index(drop=True)


def speaker_stances(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The stance of each (article, speaker) pair, from the per-article rows."""
    return per_article(tables)[["article_id", "actor_id", "stance"]].rename(
        columns={"actor_id": "speaker_id", "stance": "speaker_stance"})


def quote_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The Quotes table as shown: ``quote`` (the full text), ``speaker``, ``speaker_stance`` (the
    speaker's stance in that article, ``—`` when none was found), ``outlet``, ``date`` (ISO, so that
    it sorts by time), ``kind``, ``title``, and the hidden ``article_id``, ``start``, ``end`` that open
    the reader. A missing outlet or date stays missing (``None``): a table shows it as a dash
    (:func:`dashboard.widgets.table`), a card as grey words (:func:`dashboard.widgets.meta_md`)."""
    q = tables["quotes"]
    arts = tables["articles"][["article_id", "outlet", "date", "title"]].assign(
        title=article_titles(tables["articles"]))
    df = q[["article_id", "start", "end", "text", "speaker", "speaker_id", "kind"]].merge(arts, on="article_id", how="left")
    df = df.merge(speaker_stances(tables), on=["article_id", "speaker_id"], how="left")
    return pd.DataFrame({
        "quote": df["text"].astype(object), "speaker": df["speaker"].astype(object).where(df["speaker"].notna(), "unknown speaker"),
        "speaker_stance": df["speaker_stance"].astype(object).where(df["speaker_stance"].notna(), "—"),
        "outlet": known_or_none(df["outlet"]), "date": known_or_none(df["date"]), "kind": df["kind"].astype(object),
        "title": df["title"].astype(object),
        "article_id": df["article_id"].astype(object), "start": df["start"].astype(int), "end": df["end"].astype(int),
    })


def counts_by_speaker(quotes: pd.DataFrame) -> pd.DataFrame:
    """Every speaker's quotes by kind and in total (the complete list, largest first)."""
    df = quote_counts.quotes_per_actor(quotes)
    return df.drop(columns=["speaker_id"]) if "speaker_id" in df else df


def counts_by_outlet(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every outlet's quotes by kind and in total (the complete list; a missing outlet is
    ``unknown outlet``)."""
    arts = articles.assign(outlet=display_outlet(articles["outlet"]))
    return quote_counts.quotes_per_outlet(quotes, arts)


def quote_groups(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The selection's quotes grouped as the same words (:func:`components.tables.quotes.repeated_quotes`),
    which both the landing's cards and the Quotes view show: a view keeps them per selection
    (``Context.cached("quote_groups", …)``) and passes them to both."""
    return quote_counts.repeated_quotes(tables["quotes"], tables["articles"])


def repeated_quotes(quotes: pd.DataFrame, articles: pd.DataFrame, groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quotes whose words recur in more than one article, most-repeated first, for display: the
    groups of :func:`components.tables.quotes.repeated_quotes` (the one definition of "the same
    quote") with their lists joined. Columns: ``quote``, ``speaker``, ``n_articles``, ``n_outlets``,
    ``outlets``, ``articles``."""
    cols = ["quote", "speaker", "n_articles", "n_outlets", "outlets", "articles"]
    groups = quote_counts.repeated_quotes(quotes, articles) if groups is None else groups  # (made from these two)
    groups = groups[groups["n_articles"] >= 2] if not groups.empty else groups
    if groups.empty:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame({
        "quote": groups["text"], "speaker": groups["speaker"].fillna("unknown"),
        "n_articles": groups["n_articles"], "n_outlets": groups["n_outlets"],
        "outlets": groups["outlets"].map(", ".join), "articles": groups["article_ids"].map(", ".join),
    }).reset_index(drop=True)


@lru_cache(maxsize=1 << 17)
def _n_words(text) -> int | float:
    """How many words ``text`` has (``str.split``), as pandas counts them (NaN for a missing text);
    remembered, since the landing counts the words of each selection's quotes, mostly the same."""
    return len(text.split()) if isinstance(text, str) else float("nan")


def most_cited_quotes(tables: Mapping[str, pd.DataFrame], k: int = 4, min_words: int = 6,
                      groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quotes for the landing's cards: first those repeated in the most articles and outlets
    (one per group), then direct quotes of the most-quoted speakers, at most one per speaker, each
    at least ``min_words`` words. Columns of :func:`quote_rows` plus ``n_articles``."""
    rows = quote_rows(tables)
    if rows.empty:
        return rows.assign(n_articles=pd.Series(dtype=int))
    rows["n_articles"] = 1
    rows["words"] = [_n_words(q) for q in rows["quote"].tolist()]
    rows = rows[(rows["words"] >= min_words) & (rows["speaker"] != "unknown speaker")]
    groups = quote_groups(tables) if groups is None else groups  # (:func:`quote_groups` of ``tables``)
    picked: list[int] = []
    speakers: set[str] = set()
    if not groups.empty:
        groups = groups[groups["n_articles"] >= 2].sort_values(["n_outlets", "n_articles"], ascending=False, kind="stable")
        of_speaker = rows.groupby("speaker", sort=False).indices  # (each group's quotes looked for among its speaker's)
        for g in groups.itertuples():
            if len(picked) >= k:
                break
            if g.speaker in speakers:  # one card per speaker
                continue
            own = rows.iloc[of_speaker.get(g.speaker, [])]
            hit = own[own["article_id"].isin(list(g.article_ids))]
            wording = quote_counts.normalize_quote(g.text)
            first = next((i for i, text in zip(hit.index, hit["quote"])  # the first quote of the group
                          if quote_counts.same_words(quote_counts.normalize_quote(text), wording)), None)
            if first is not None:
                picked.append(first)
                rows.loc[first, "n_articles"] = int(g.n_articles)
                speakers.add(g.speaker)
    by_speaker = rows["speaker"].value_counts()
    rest = rows[~rows.index.isin(picked)].assign(
        rank=lambda d: d["speaker"].map(by_speaker), direct=lambda d: d["kind"].eq("direct"))
    rest = rest.sort_values(["direct", "rank", "words"], ascending=[False, False, False], kind="stable")
    for i, speaker in zip(rest.index.tolist(), rest["speaker"].tolist()):  # (not a Series built per row)
        if len(picked) >= k:
            break
        if speaker in speakers:
            continue
        picked.append(i)
        speakers.add(speaker)
    return rows.loc[picked].drop(columns=["words"]).reset_index(drop=True)
