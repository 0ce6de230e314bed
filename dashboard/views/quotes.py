"""Quotes: who said what where, counts by speaker, and quotes repeated across outlets."""
from __future__ import annotations

import streamlit as st

from components.tables import quotes as quote_counts
from dashboard import charts
from dashboard.aggregates import quotes_with_outlets, repeated_quotes
from dashboard.views import Context
from dashboard.widgets import plot


def render(ctx: Context) -> None:
    t = ctx.tables
    if t["quotes"].empty:
        st.info("No quotes in the selection.")
        return
    plot(charts.quotes_by_speaker(t["quotes"], ctx.colours), "quotes_bar", "actor",
         empty="No quote with a known speaker in the selection.")
    st.subheader(f"Quotes ({len(t['quotes'])})")
    st.dataframe(quotes_with_outlets(t["quotes"], t["articles"]), hide_index=True, width="stretch",
                 column_config={"text": st.column_config.TextColumn("quote", width="large")})
    left, right = st.columns(2)
    with left:
        st.subheader("Quote counts by speaker")
        st.dataframe(quote_counts.quotes_per_actor(t["quotes"]), hide_index=True, width="stretch")
    with right:
        st.subheader("Quote counts by outlet")
        st.dataframe(quote_counts.quotes_per_outlet(t["quotes"], t["articles"]), hide_index=True, width="stretch")
    st.subheader("Quotes repeated across articles")
    rep = repeated_quotes(t["quotes"], t["articles"])
    if rep.empty:
        st.caption("No quote appears in more than one article of the selection.")
    else:
        st.dataframe(rep, hide_index=True, width="stretch",
                     column_config={"quote": st.column_config.TextColumn("quote", width="large")})
