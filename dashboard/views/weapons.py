"""Weapons: mentions by system and outlet, and which actors are named with which systems."""
from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.views import Context
from dashboard.widgets import plot


def render(ctx: Context) -> None:
    t = ctx.tables
    if t["weapon_mentions"].empty:
        st.info("No weapon system is mentioned in the selection.")
        return
    left, right = st.columns(2)
    with left:
        plot(charts.weapons_by_outlet(t["weapon_mentions"], t["articles"]), "weapons_bar", "weapon",
             empty="Only generic weapon mentions (no named system) in the selection.")
    with right:
        plot(charts.weapons_by_outlet(t["weapon_mentions"], t["articles"], named_only=False))
    plot(charts.actor_weapon_cooccurrence(t["actor_mentions"], t["weapon_mentions"], t["actors"]),
         empty="No sentence names both an actor and a weapon system in the selection.")
    st.subheader("Mentions")
    st.dataframe(t["weapon_mentions"], hide_index=True, width="stretch")
