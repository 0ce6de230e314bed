"""The sidebar: URL-bound filters (``bind="query-params"``), a reset, and the downloads.

Every list filter is a multiselect bound to the URL with repeated keys
(``?actor=Vladimir+Putin&actor=Joe+Biden``); the search text is ``q``, the date range ``from``/``to``.
Values a shared link names but the corpus lacks are dropped by Streamlit's binding; they are read
from the URL once per session and reported in a notice, never as an error.
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping

import pandas as pd
import streamlit as st

from components.run.analyze import Analysis
from dashboard.filters import LIST_KEYS
from dashboard.knowledge import get_knowledge

LABELS = {"actor": ("Actor", "All actors"), "weapon": ("Weapon system", "All weapon systems"),
          "outlet": ("Outlet", "All outlets"), "stance": ("Stance", "Any stance")}


def reset_filters() -> None:
    """Clear every filter (the URL follows the widgets)."""
    for k in LIST_KEYS:
        st.session_state[k] = []
    st.session_state["q"] = ""
    st.session_state["from"] = None
    st.session_state["to"] = None


def unknown_link_values(options: dict[str, list[str]]) -> dict[str, list[str]]:
    """Values in the page's URL that this corpus does not have (read once per session, before the
    bound widgets drop them)."""
    if "_unknown_link_values" not in st.session_state:
        unknown = {}
        for key in LIST_KEYS:
            bad = [v for v in st.query_params.get_all(key) if v and v not in options[key]]
            if bad:
                unknown[key] = bad
        st.session_state["_unknown_link_values"] = unknown
    return st.session_state["_unknown_link_values"]


def filter_widgets(options: dict[str, list[str]], sb=None) -> dict:
    """Draw the filters in ``sb`` (default: the sidebar); return the filter state (see
    :mod:`dashboard.filters`)."""
    sb = sb or st.sidebar
    sb.header("Filters")
    unknown = unknown_link_values(options)
    if unknown:
        sb.info("This link names values the corpus does not have, so they were ignored: "
                + "; ".join(f"{k} = {', '.join(v)}" for k, v in unknown.items()))
    state = {}
    for key, (label, placeholder) in LABELS.items():
        state[key] = sb.multiselect(label, options[key], key=key, bind="query-params", placeholder=placeholder)
    state["q"] = sb.text_input("Search the text", key="q", bind="query-params", placeholder="e.g. escalation")
    c1, c2 = sb.columns(2)
    d_from = c1.date_input("From", value=None, key="from", bind="query-params", format="YYYY-MM-DD")
    d_to = c2.date_input("To", value=None, key="to", bind="query-params", format="YYYY-MM-DD")
    state["date_from"] = d_from.isoformat() if isinstance(d_from, dt.date) else None
    state["date_to"] = d_to.isoformat() if isinstance(d_to, dt.date) else None
    sb.button("Reset filters", on_click=reset_filters, width="stretch", key="reset")
    sb.caption("The address bar holds these filters and the open view: copy it to share this view.")
    return state


def table_csv(df: pd.DataFrame) -> str:
    """``df`` as CSV text, as the command line writes it (:func:`components.export.table_csv`: lists
    as JSON, text that a spreadsheet would take for a formula neutralised)."""
    from components.export import table_csv as export_csv

    return export_csv(df)


def downloads(tables: Mapping, filtered: Mapping, skipped, box=None) -> None:
    """The JSON export (whole corpus and as filtered) and one CSV per filtered table, in ``box``
    (default: the sidebar)."""
    from components.export import to_json

    with (box or st.sidebar).expander("Downloads", expanded=False):
        st.download_button("JSON export (as filtered)",
                           lambda: to_json(Analysis(tables=dict(filtered), skipped=list(skipped),
                                                    knowledge=get_knowledge())),
                           file_name="debate-briefing-filtered.json", mime="application/json", key="dl_json_filtered")
        st.download_button("JSON export (whole corpus)",
                           lambda: to_json(Analysis(tables=tables, skipped=list(skipped), knowledge=get_knowledge())),
                           file_name="debate-briefing.json", mime="application/json", key="dl_json")
        for name in filtered:  # each table is narrowed only when its file is asked for
            st.download_button(f"{name}.csv (as filtered)", lambda name=name: table_csv(filtered[name]),
                               file_name=f"{name}.csv", mime="text/csv", key=f"dl_{name}")
