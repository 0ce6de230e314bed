"""Actors: who is talked about vs who speaks, and in which outlets."""
from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.views import Context
from dashboard.widgets import plot, table, top_n


def render(ctx: Context) -> None:
    t = ctx.tables
    if t["actors"].empty:
        st.info("No actor is mentioned in the selection.")
        return
    plot(charts.mentions_vs_quotes(t["actors"], top=top_n(len(t["actors"]), "actors_scatter_all", 15, "actors")),
         "actors_scatter", "actor")
    n_actors = int(t["actor_mentions"]["actor_id"].nunique())
    fig, unknown = charts.actor_outlet_heatmap(t["actor_mentions"], t["articles"], t["actors"],
                                               top=top_n(n_actors, "actors_heatmap_all", 20, "actors in the heatmap"))
    plot(fig, empty="No mention in an article with a known outlet.")
    if unknown:
        st.caption(f"{unknown} mention(s) in articles with no known outlet are not in the heatmap "
                   "(they would fill one column).")
    st.subheader(f"All actors ({len(t['actors'])})")
    df = t["actors"].copy()
    df["aliases"] = df["aliases"].map(lambda v: ", ".join(v) if isinstance(v, (list, tuple)) else v)
    table(df.sort_values("mentions", ascending=False),
          column_order=["name", "type", "role", "mentions", "quotes", "articles", "aliases", "country"])
