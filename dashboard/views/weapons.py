"""Weapons: mentions by system and outlet, and which actors are named with which systems."""
from __future__ import annotations

import streamlit as st

from dashboard import aggregates, charts
from dashboard.views import Context
from dashboard.widgets import plot, table, top_n


def render(ctx: Context) -> None:
    t = ctx.tables
    wm = t["weapon_mentions"]
    if wm.empty:
        st.info("No weapon system is mentioned in the selection.")
        return
    left, right = st.columns(2)
    with left:
        plot(charts.weapons_by_outlet(wm, t["articles"]), "weapons_bar", "weapon",
             empty="Only generic weapon mentions (no named system) in the selection.")
    with right:
        n_all = int(wm["system"].nunique())
        plot(charts.weapons_by_outlet(wm, t["articles"], named_only=False,
                                      top=top_n(n_all, "weapons_all_systems", 15, "systems and categories")))
    n_actors = int(t["actor_mentions"]["actor_id"].nunique())
    plot(charts.actor_weapon_cooccurrence(t["actor_mentions"], wm, t["actors"],
                                          top=top_n(n_actors, "weapons_cooc_all", 15, "actors")),
         empty="No sentence names both an actor and a weapon system in the selection.")
    st.subheader(f"Mentions ({len(wm)})")
    rows = ctx.cached("weapon_rows", lambda t: aggregates.weapon_rows(t, ctx.full["sentences"]))
    shown = ["system", "text", "category", "named", "sentence", "article"]
    table(rows[shown], column_order=shown, row_height=72,  # (only the columns shown are sent)
          column_config={"system": st.column_config.TextColumn("system", width=120),
                         "text": st.column_config.TextColumn("words", width=140),
                         "category": st.column_config.TextColumn("category", width=100),
                         "named": st.column_config.CheckboxColumn("named", width=60),
                         "sentence": st.column_config.TextColumn("sentence", width=380),
                         "article": st.column_config.TextColumn("article", width=160)})
