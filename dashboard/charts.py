"""Plotly Express figures over the (filtered) tables, with one colour per stance and per actor.

Colours are assigned from the *unfiltered* actor table (:func:`actor_colours`), so an actor keeps
its colour whatever the filter. Every function returns a figure, or ``None`` when there is nothing
to draw (the view then shows a friendly message).
"""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

STANCE_COLOURS = {"support": "#2e7d32", "oppose": "#c62828", "cautious": "#f9a825", "mixed": "#6a1b9a"}
STANCE_ORDER = ["support", "mixed", "cautious", "oppose"]
PALETTE = px.colors.qualitative.Safe + px.colors.qualitative.Vivid + px.colors.qualitative.Pastel


def actor_colours(actors: pd.DataFrame) -> dict[str, str]:
    """A stable colour per actor name (most-mentioned actors get the first colours)."""
    names = list(actors.sort_values(["mentions", "name"], ascending=[False, True])["name"]) if not actors.empty else []
    return {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}


def _outlets(articles: pd.DataFrame) -> pd.DataFrame:
    """``article_id`` and ``outlet`` with a missing outlet shown as "unknown outlet"."""
    from dashboard.widgets import MISSING

    out = articles[["article_id", "outlet"]]
    return out.assign(outlet=out["outlet"].astype("object").where(out["outlet"].notna(), MISSING["outlet"]))


def _outlet_colours(outlets) -> dict[str, str]:
    """Plotly colours per outlet: the missing outlet in grey, the others from the palette."""
    from dashboard.widgets import MISSING, MISSING_COLOUR

    named = sorted(o for o in set(outlets) if o != MISSING["outlet"])
    return {**{o: PALETTE[i % len(PALETTE)] for i, o in enumerate(named)}, MISSING["outlet"]: MISSING_COLOUR}


def _layout(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), legend_title_text="")
    return fig


def mentions_vs_quotes(actors: pd.DataFrame, colours: dict[str, str], top: int = 25,
                       labelled: int = 8) -> go.Figure | None:
    """Actors by mentions (x) and quotes (y); click a point to filter by that actor."""
    if actors.empty:
        return None
    df = actors.sort_values("mentions", ascending=False).head(top).copy()
    # names on the most visible points only (the rest on hover), so labels do not pile up
    visible = set(df.assign(v=df["mentions"] + 3 * df["quotes"]).nlargest(labelled, "v")["name"])
    df["label"] = df["name"].where(df["name"].isin(visible), "")
    fig = px.scatter(df, x="mentions", y="quotes", color="name", text="label", custom_data=["name"],
                     color_discrete_map=colours, hover_data={"type": True, "role": True, "label": False},
                     title="Who is talked about vs who gets to speak")
    fig.update_traces(textposition="top center", marker_size=12)
    fig.update_layout(showlegend=False)
    return _layout(fig, 420)


def stance_diverging(stances: pd.DataFrame) -> go.Figure | None:
    """Corpus-level stance score per actor as a diverging bar chart (oppose left, support right)."""
    if stances.empty:
        return None
    corpus = stances[stances["article_id"].isna()]
    df = corpus if not corpus.empty else stances.groupby(["actor", "actor_id"], as_index=False).agg(
        score=("score", "mean"), stance=("stance", lambda s: s.mode().iat[0]), n_signals=("n_signals", "sum"))
    df = df.sort_values("score")
    fig = px.bar(df, x="score", y="actor", color="stance", orientation="h", custom_data=["actor"],
                 color_discrete_map=STANCE_COLOURS, category_orders={"stance": STANCE_ORDER},
                 hover_data={"n_signals": True}, title="Where each actor stands (−1 oppose … +1 support)")
    fig.update_xaxes(range=[-1.05, 1.05], zeroline=True, zerolinewidth=2)
    return _layout(fig, max(300, 28 * len(df) + 80))


def actor_outlet_heatmap(mentions: pd.DataFrame, articles: pd.DataFrame, actors: pd.DataFrame,
                         top: int = 20) -> go.Figure | None:
    """Mentions of the most-mentioned actors per outlet."""
    if mentions.empty:
        return None
    df = mentions.merge(_outlets(articles), on="article_id").merge(actors[["actor_id", "name"]], on="actor_id")
    keep = df["name"].value_counts().head(top).index
    pivot = df[df["name"].isin(keep)].pivot_table(index="name", columns="outlet", values="start",
                                                   aggfunc="count", fill_value=0)
    pivot = pivot.loc[list(keep)]
    fig = px.imshow(pivot, text_auto=True, aspect="auto", color_continuous_scale="Blues",
                    labels=dict(color="mentions"), title="Mentions by outlet")
    return _layout(fig, max(300, 24 * len(pivot) + 100))


def weapons_by_outlet(weapons: pd.DataFrame, articles: pd.DataFrame, named_only: bool = True) -> go.Figure | None:
    """Weapon mentions by system, stacked by outlet; click a bar to filter by that system."""
    df = weapons[weapons["named"]] if named_only else weapons
    if df.empty:
        return None
    df = df.merge(_outlets(articles), on="article_id")
    counts = df.groupby(["system", "outlet"], as_index=False).size()
    order = list(df["system"].value_counts().index)
    fig = px.bar(counts, x="size", y="system", color="outlet", orientation="h", custom_data=["system"],
                 color_discrete_map=_outlet_colours(counts["outlet"]),
                 category_orders={"system": order}, labels={"size": "mentions"},
                 title="Named weapon systems: mentions by outlet" if named_only else "Weapon mentions by outlet")
    return _layout(fig, max(280, 30 * len(order) + 100))


def actor_weapon_cooccurrence(mentions: pd.DataFrame, weapons: pd.DataFrame, actors: pd.DataFrame,
                              top: int = 15) -> go.Figure | None:
    """How often each actor and each weapon system are named in the same sentence."""
    if mentions.empty or weapons.empty:
        return None
    m = mentions[["article_id", "sent_index", "actor_id"]].drop_duplicates()
    w = weapons[["article_id", "sent_index", "system"]].drop_duplicates()
    df = m.merge(w, on=["article_id", "sent_index"]).merge(actors[["actor_id", "name"]], on="actor_id")
    if df.empty:
        return None
    keep = df["name"].value_counts().head(top).index
    pivot = df[df["name"].isin(keep)].pivot_table(index="name", columns="system", values="sent_index",
                                                   aggfunc="count", fill_value=0)
    fig = px.imshow(pivot, text_auto=True, aspect="auto", color_continuous_scale="Oranges",
                    labels=dict(color="sentences"), title="Actor × weapon: sentences naming both")
    return _layout(fig, max(300, 24 * len(pivot) + 120))


def quotes_by_speaker(quotes: pd.DataFrame, colours: dict[str, str], top: int = 20) -> go.Figure | None:
    """Quote counts per speaker, by kind."""
    df = quotes.dropna(subset=["speaker"])
    if df.empty:
        return None
    counts = df.groupby(["speaker", "kind"], as_index=False).size()
    order = list(df["speaker"].value_counts().head(top).index)
    counts = counts[counts["speaker"].isin(order)]
    fig = px.bar(counts, x="size", y="speaker", color="kind", orientation="h", custom_data=["speaker"],
                 category_orders={"speaker": order, "kind": ["direct", "partial", "indirect"]},
                 labels={"size": "quotes"}, title="Quotes by speaker",
                 color_discrete_map={"direct": "#1f4e79", "partial": "#5b9bd5", "indirect": "#a9c4e2"})
    return _layout(fig, max(280, 26 * len(order) + 100))


def stance_balance(stances: pd.DataFrame) -> go.Figure | None:
    """How many actors hold each stance (per-article rows)."""
    df = stances[stances["article_id"].notna()]
    if df.empty:
        return None
    counts = df.groupby("stance", as_index=False).agg(actors=("actor_id", "nunique"))
    fig = px.bar(counts, x="stance", y="actors", color="stance", color_discrete_map=STANCE_COLOURS,
                 category_orders={"stance": STANCE_ORDER}, title="Stance balance (actors per stance)")
    fig.update_layout(showlegend=False)
    return _layout(fig, 300)


def stance_matrix(stances: pd.DataFrame, articles: pd.DataFrame) -> go.Figure | None:
    """Actor × article matrix; each cell is coloured by the stance (the same colours as every other
    chart) and its hover gives the score and the number of signals."""
    df = stances[stances["article_id"].notna()]
    if df.empty:
        return None
    df = df.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    df["column"] = df["article_id"].str[:12] + "<br>" + df["outlet"].fillna("")
    codes = {s: i for i, s in enumerate(STANCE_ORDER)}
    df["code"] = df["stance"].map(codes)
    code = df.pivot_table(index="actor", columns="column", values="code", aggfunc="first")
    label = df.pivot_table(index="actor", columns="column", values="stance", aggfunc="first").reindex_like(code)
    score = df.pivot_table(index="actor", columns="column", values="score", aggfunc="mean").reindex_like(code)
    n = len(STANCE_ORDER)
    scale = []
    for i, stance in enumerate(STANCE_ORDER):  # a stepped scale: one flat band per stance
        scale += [(i / n, STANCE_COLOURS[stance]), ((i + 1) / n, STANCE_COLOURS[stance])]
    fig = go.Figure(go.Heatmap(
        z=code.values, x=list(code.columns), y=list(code.index), zmin=-0.5, zmax=n - 0.5,
        colorscale=scale, showscale=False, xgap=2, ygap=2,
        text=label.fillna("").values, texttemplate="%{text}",
        customdata=score.round(2).values,
        hovertemplate="%{y}<br>%{x}<br>%{text} (score %{customdata})<extra></extra>"))
    fig.update_layout(title="Stance by actor and article (rows: actors; columns: articles)")
    fig.update_xaxes(side="top")
    fig.update_yaxes(autorange="reversed")
    fig = _layout(fig, max(300, 26 * len(code) + 160))
    fig.update_layout(margin=dict(t=110), title_y=0.99, title_yanchor="top")
    return fig
