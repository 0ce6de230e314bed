"""Overview: the headline counts and the stance balance of what is selected."""
from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.views import Context
from dashboard.views.articles import title_of
from dashboard.widgets import plot


def stance_balance(stances) -> dict[str, int]:
    """The per-article stance rows (``stances``) counted by label."""
    counts = stances["stance"].value_counts()
    return {s: int(counts.get(s, 0)) for s in charts.STANCE_ORDER}


def render(ctx: Context) -> None:
    t, full = ctx.tables, ctx.full
    c = st.columns(5)
    c[0].metric("Articles", len(t["articles"]), help=f"{len(full['articles'])} in the corpus")
    c[1].metric("Actors", len(t["actors"]), help="Actors mentioned or quoted in the selection")
    c[2].metric("Quotes", len(t["quotes"]), help="Direct, partial and reported quotes")
    c[3].metric("Weapon mentions", len(t["weapon_mentions"]))
    bal = stance_balance(t["stances"])
    c[4].metric("For / against", f"{bal['support']} / {bal['oppose']}",
                help=f"Actor stances per article: {bal['support']} support, {bal['oppose']} oppose, "
                     f"{bal['cautious']} cautious, {bal['mixed']} mixed")
    dups = int(t["articles"]["duplicate_of"].notna().sum())
    if dups:
        st.caption(f"{dups} article(s) are near-duplicate versions of another; counts include them.")
    left, right = st.columns(2)
    with left:
        plot(charts.stance_balance(t["stances"]), empty="No stance was found in the selection.")
    with right:
        plot(charts.weapons_by_outlet(t["weapon_mentions"], t["articles"]), "ov_weapons", "weapon",
             empty="No named weapon system in the selection.")
    st.subheader("Articles")
    arts = t["articles"].assign(title=[title_of(r) for r in t["articles"].itertuples()])
    st.dataframe(arts.drop(columns=["text", "path"]), hide_index=True, width="stretch",
                 column_config={"url": st.column_config.LinkColumn("url")})
