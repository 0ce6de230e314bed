"""Small display helpers shared by the views: charts with selection, safe Markdown, messages."""
from __future__ import annotations

import streamlit as st

from dashboard.corpus import md_escape

EMPTY = "Nothing matches these filters. Remove a filter or press **Reset filters** in the sidebar."
NO_CHART = "No data for this chart with the current filters."


def md_safe(value) -> str:
    """Untrusted text (or any value) shown through Markdown with its markup characters escaped."""
    return md_escape(str(value))


def select_into_filter(chart_key: str, filter_key: str) -> None:
    """``on_select`` callback: the selected bars/points' first custom-data values become the filter
    ``filter_key`` (a URL-bound multiselect), so a click filters every view."""
    sel = st.session_state.get(chart_key) or {}
    values = []
    for p in (sel.get("selection") or {}).get("points", []):
        cd = p.get("customdata")
        v = cd[0] if isinstance(cd, (list, tuple)) and cd else cd
        if isinstance(v, str) and v and v not in values:
            values.append(v)
    if values:
        st.session_state[filter_key] = values


def plot(fig, key: str | None = None, filter_key: str | None = None, empty: str = NO_CHART) -> None:
    """Show ``fig`` (or ``empty`` when it is ``None``); with ``filter_key``, clicking a bar or point
    filters every view by that value."""
    if fig is None:
        st.info(empty)
        return
    if key and filter_key:
        st.plotly_chart(fig, key=key, on_select=lambda: select_into_filter(key, filter_key),
                        selection_mode="points")
        st.caption(f"Click a bar or point to filter every view by that {filter_key}.")
    else:
        st.plotly_chart(fig, key=key)
