"""Quotes: who said what, where and when.

The table shows each quote in full (wrapped), its speaker and the speaker's stance in that article,
the outlet, the date and the kind; it sorts and searches like any ``st.dataframe``. Selecting a row
opens the reader scrolled to that quote, highlighted. The counts by speaker and by outlet are
complete (scrollable, never cut); the chart of speakers shows the top 20 with a switch for all.
Under the sentence scope, the view says how many more quotes the whole articles hold.
"""
from __future__ import annotations

import streamlit as st

from components.tables.filtering import filter_tables
from components.tables.filters import scope_of, topic_active
from dashboard import aggregates, charts, navigation
from dashboard.views import Context
from dashboard.widgets import plot, rerun_app, table, top_n

TABLE_KEY = "quotes_table"
COLUMNS = ["quote", "speaker", "speaker_stance", "outlet", "date", "kind", "title"]
QUOTE_WIDTH = 360  # pixels
PX_PER_CHAR, LINE_PX, MAX_LINES = 6, 20, 10  # a generous character width: wrapped text is not cut


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
    rows = ctx.cached("quote_rows", aggregates.quote_rows)
    st.subheader(f"Quotes ({len(rows)})")
    st.caption("Select a row to open the article in the reader at that quote. Sort by any column; "
               "search with the table's magnifier.")
    tall = row_height(rows["quote"])
    event = table(
        rows, height=min(760, 40 + (tall + 1) * len(rows)), row_height=tall,
        column_order=COLUMNS, on_select="rerun", selection_mode="single-row", key=TABLE_KEY,
        column_config={
            "quote": st.column_config.TextColumn("Quote", width=QUOTE_WIDTH, help="The quoted words, in full"),
            "speaker": st.column_config.TextColumn("Speaker", width=120),
            "speaker_stance": st.column_config.TextColumn("Speaker's stance", width=90,
                                                          help="The speaker's stance in that article"),
            "outlet": st.column_config.TextColumn("Outlet", width=110, help="— : no known outlet"),
            "date": st.column_config.TextColumn("Date", width=88, help="— : no known date"),
            "kind": st.column_config.TextColumn("Kind", width=64, help="direct, partial or indirect (reported)"),
            "title": st.column_config.TextColumn("Article", width=160),
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
        table(by_speaker, height=min(420, 40 + 35 * len(by_speaker)),
              column_order=["speaker", "total", "direct", "partial", "indirect"], column_config=_count_columns("speaker"))
    with right:
        by_outlet = aggregates.counts_by_outlet(t["quotes"], t["articles"])
        st.subheader(f"Quote counts by outlet ({len(by_outlet)})")
        table(by_outlet, height=min(420, 40 + 35 * len(by_outlet)),
              column_order=["outlet", "total", "direct", "partial", "indirect"], column_config=_count_columns("outlet"))
    st.subheader("Quotes repeated across articles")
    groups = ctx.cached("quote_groups", aggregates.quote_groups)  # (made by the landing's cards, often)
    rep = ctx.cached("repeated_quotes", lambda t: aggregates.repeated_quotes(t["quotes"], t["articles"], groups))
    if rep.empty:
        st.caption("No quote appears in more than one article of the selection.")
    else:
        table(rep, row_height=row_height(rep["quote"]),
              column_config={"quote": st.column_config.TextColumn("quote", width=QUOTE_WIDTH)})


def row_height(texts, width: int = QUOTE_WIDTH) -> int:
    """A row height (pixels) that shows the longest of ``texts`` in full, wrapped in a column
    ``width`` pixels wide (at most :data:`MAX_LINES` lines: a longer one is read in the reader)."""
    longest = max((len(str(t)) for t in texts), default=0)
    per_line = max(1, (width - 16) // PX_PER_CHAR)
    lines = min(MAX_LINES, max(1, -(-longest // per_line)))
    return 12 + LINE_PX * lines


def _count_columns(first: str) -> dict:
    """The counts tables' columns: the name narrow enough that every count column shows beside it."""
    return {first: st.column_config.TextColumn(first, width=150),
            **{k: st.column_config.NumberColumn(k, format="%d", width=64)
               for k in ("total", "direct", "partial", "indirect")}}
