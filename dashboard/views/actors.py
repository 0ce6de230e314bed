"""Actors: who is talked about vs who speaks, where each actor stands, and in which outlets."""
from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.views import Context
from dashboard.widgets import plot


def render(ctx: Context) -> None:
    t = ctx.tables
    if t["actors"].empty:
        st.info("No actor is mentioned in the selection.")
        return
    left, right = st.columns(2)
    with left:
        plot(charts.mentions_vs_quotes(t["actors"], ctx.colours), "actors_scatter", "actor")
    with right:
        plot(charts.stance_diverging(t["stances_overall"], t["stances"]), "actors_stance", "actor",
             empty="No stance was found for these actors.")
    plot(charts.actor_outlet_heatmap(t["actor_mentions"], t["articles"], t["actors"]))
    st.subheader("All actors")
    df = t["actors"].copy()
    df["aliases"] = df["aliases"].map(lambda v: ", ".join(v) if isinstance(v, (list, tuple)) else v)
    st.dataframe(df.sort_values("mentions", ascending=False), hide_index=True, width="stretch")
