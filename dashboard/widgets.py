"""Small display helpers shared by the views: charts with selection, safe Markdown, messages, the
"show all" switch for long lists, and the request for a full rerun from inside a view."""
from __future__ import annotations

import streamlit as st

from components.escaping import screen_md

EMPTY = "Nothing matches these filters. Remove a filter or press **Reset filters** in the sidebar."
NO_CHART = "No data for this chart with the current filters."
APP_RERUN = "_db_app_rerun"


#: how a missing metadata value is shown (in grey): the tables hold a real missing value, never a word
MISSING = {"outlet": "unknown outlet", "date": "no date", "title": "no title", "url": "no address"}
MISSING_COLOUR = "#9e9e9e"


def md_safe(value) -> str:
    """Untrusted text (or any value) shown through Streamlit's Markdown as itself: nothing in it
    formats, links, colours or fetches (:func:`components.escaping.screen_md`)."""
    return screen_md(value)


def is_missing(value) -> bool:
    """Whether a table cell holds no value (``None``, ``NA``, ``NaN`` or an empty string)."""
    import pandas as pd

    return value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)) or \
        (isinstance(value, str) and not value.strip())


def meta_md(value, field: str) -> str:
    """A metadata value as escaped Markdown, or the grey "no date" / "unknown outlet" when missing."""
    return f":gray[{MISSING[field]}]" if is_missing(value) else md_safe(value)


def rerun_app() -> None:
    """From a callback inside a view: ask for a rerun of the whole app (a filter changed) rather
    than of the view's fragment alone."""
    st.session_state[APP_RERUN] = True


def pending_app_rerun() -> bool:
    """Whether a callback asked for a full rerun (and forget the request)."""
    return bool(st.session_state.pop(APP_RERUN, False))


def selected_values(event) -> list[str]:
    """The first custom-data value of each selected point of a Plotly selection event (as kept in
    ``st.session_state`` under the chart's key), in order, without repeats."""
    values: list[str] = []
    for p in ((event or {}).get("selection") or {}).get("points", []) or []:
        cd = p.get("customdata")
        v = cd[0] if isinstance(cd, (list, tuple)) and cd else cd
        if isinstance(v, str) and v and v not in values:
            values.append(v)
    return values


def select_into_filter(chart_key: str, filter_key: str) -> None:
    """``on_select`` callback: the selected bars/points become the filter ``filter_key`` (a
    URL-bound multiselect), so a click filters every view."""
    values = selected_values(st.session_state.get(chart_key))
    if values:
        st.session_state[filter_key] = values
        rerun_app()


def plot(fig, key: str | None = None, filter_key: str | None = None, empty: str = NO_CHART) -> None:
    """Show ``fig`` (or ``empty`` when it is ``None``); with ``filter_key``, clicking a bar or point
    filters every view by that value."""
    if fig is None:
        st.info(empty)
        return
    if key and filter_key:
        st.plotly_chart(fig, key=key, on_select=lambda: select_into_filter(key, filter_key),
                        selection_mode="points", config={"displaylogo": False})
        st.caption(f"Click a bar or point to filter every view by that {filter_key}.")
    else:
        st.plotly_chart(fig, key=key, config={"displaylogo": False})


def top_n(total: int, key: str, n: int = 20, noun: str = "rows") -> int | None:
    """A "show all" switch for a list longer than ``n``: returns how many to show (``None`` = all)
    and says what is left out, so nothing is cut silently."""
    if total <= n:
        return None
    everything = st.toggle(f"Show all {total} {noun}", key=key, value=False)
    if everything:
        return None
    st.caption(f"Showing the top {n} of {total} {noun}; switch on “Show all” to see every one.")
    return n


#: how a table cell with no value is shown (``st.dataframe`` would write "None")
TABLE_MISSING = "—"


def table(data, **kwargs):
    """``st.dataframe`` as every view draws it: full width, no index, and a missing value shown as
    an em dash (the tables hold a real missing value, and Streamlit would write it "None")."""
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    kwargs.setdefault("placeholder", TABLE_MISSING)
    return st.dataframe(data, **kwargs)
