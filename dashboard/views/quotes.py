"""Quotes: who said what, where and when.

The table shows each quote in full (wrapped), its speaker and the speaker's stance in that article,
the outlet, the date and the kind; it sorts and searches like any ``st.dataframe``. Selecting a row
opens the reader scrolled to that quote, highlighted. The counts by speaker and by outlet are
complete (scrollable, never cut); the chart of speakers shows the top 20 with a switch for all.
Under the sentence scope, the view says how many more quotes the whole articles hold.
"""
from __future__ import annotations

import streamlit as st

from components.tables.filters import filter_tables, scope_of, topic_active
from dashboard import aggregates, charts, navigation
from dashboard.views import Context
from dashboard.widgets import plot, rerun_app, top_n

TABLE_KEY = "quotes_table"
COLUMNS = ["quote", "speaker", "speaker_stance", "outlet", "date", "kind", "title"]


def show_whole_articles() -> None:
    """Callback: switch the topic filters to whole articles."""
    st.session_state["scope"] = "article"
    rerun_app()


def scope_note(ctx: Context) -> None:
    """Under the sentence scope, say what the topic filters keep and what whole articles would add."""
    if scope_of(ctx.state) != "sentence" or not topic_active(ctx.state):
        return
    n = len(ctx.tables["quotes"])
    whole = len(filter_tables(ctx.full, {**ctx.state, "scope": "article"}, ctx.index)["quotes"])
    what = []
    if ctx.state.get("actor"):
        what.append("said by the selected actor")
    if ctx.state.get("weapon"):
        what.append("in a paragraph naming the selected weapon system")
    if str(ctx.state.get("q") or "").strip():
        what.append("containing the search text")
    text = f"{n} quote{'s' * (n != 1)} {' and '.join(what)}."
    if whole > n:
        c1, c2 = st.columns([3, 1])
        c1.info(text + f" The whole articles that mention it hold {whole}.")
        c2.button("Show whole articles", key="quotes_whole_articles", on_click=show_whole_articles)
    else:
        st.caption(text)


def render(ctx: Context) -> None:
    t = ctx.tables
    scope_note(ctx)
    if t["quotes"].empty:
        st.info("No quotes in the selection.")
        return
    rows = aggregates.quote_rows(t)
    st.subheader(f"Quotes ({len(rows)})")
    st.caption("Select a row to open the article in the reader at that quote. Sort by any column; "
               "search with the table's magnifier.")
    event = st.dataframe(
        rows, hide_index=True, width="stretch", height=min(620, 45 + 88 * len(rows)), row_height=86,
        column_order=COLUMNS, on_select="rerun", selection_mode="single-row", key=TABLE_KEY,
        column_config={
            "quote": st.column_config.TextColumn("Quote", width=340, help="The quoted words, in full"),
            "speaker": st.column_config.TextColumn("Speaker", width=130),
            "speaker_stance": st.column_config.TextColumn("Speaker's stance", width=110,
                                                          help="The speaker's stance in that article"),
            "outlet": st.column_config.TextColumn("Outlet", width=120),
            "date": st.column_config.TextColumn("Date", width=90),
            "kind": st.column_config.TextColumn("Kind", width=70, help="direct, partial or indirect (reported)"),
            "title": st.column_config.TextColumn("Article", width=200),
        })
    chosen = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if chosen:
        row = rows.iloc[chosen[0]]
        navigation.open_reader(row["article_id"], int(row["start"]), int(row["end"]))
        st.rerun()
    st.subheader("Quotes by speaker")
    n_speakers = int(t["quotes"]["speaker"].dropna().nunique())
    plot(charts.quotes_by_speaker(t["quotes"], top=top_n(n_speakers, "quotes_bar_all", 20, "speakers")),
         "quotes_bar", "actor", empty="No quote with a known speaker in the selection.")
    left, right = st.columns(2)
    with left:
        by_speaker = aggregates.counts_by_speaker(t["quotes"])
        st.subheader(f"Quote counts by speaker ({len(by_speaker)})")
        st.dataframe(by_speaker, hide_index=True, width="stretch", height=min(420, 40 + 35 * len(by_speaker)),
                     column_order=["speaker", "total", "direct", "partial", "indirect"], column_config=_count_columns())
    with right:
        by_outlet = aggregates.counts_by_outlet(t["quotes"], t["articles"])
        st.subheader(f"Quote counts by outlet ({len(by_outlet)})")
        st.dataframe(by_outlet, hide_index=True, width="stretch", height=min(420, 40 + 35 * len(by_outlet)),
                     column_order=["outlet", "total", "direct", "partial", "indirect"], column_config=_count_columns())
    st.subheader("Quotes repeated across articles")
    rep = aggregates.repeated_quotes(t["quotes"], t["articles"])
    if rep.empty:
        st.caption("No quote appears in more than one article of the selection.")
    else:
        st.dataframe(rep, hide_index=True, width="stretch", row_height=70,
                     column_config={"quote": st.column_config.TextColumn("quote", width="large")})


def _count_columns() -> dict:
    return {k: st.column_config.NumberColumn(k, format="%d", width="small")
            for k in ("total", "direct", "partial", "indirect")}
