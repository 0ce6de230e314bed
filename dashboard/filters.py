"""The filter widgets, drawn from the one filter specification and bound to the URL.

Each field of :data:`components.tables.filters.FIELDS` becomes one widget whose key is the field's
URL key (``bind="query-params"``): list filters are multiselects with repeated keys
(``?actor=Vladimir+Putin&actor=Joe+Biden``), the search text is ``q``, the dates ``from``/``to``,
and the scope ``scope`` (``sentence`` by default, ``article`` for whole articles). Values a shared
link names but the corpus lacks are dropped by Streamlit's binding; they are read from the URL once
per session and reported in a notice, never as an error. The filtering itself is the pure
:func:`components.tables.filters.filter_tables`.
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping

import streamlit as st

from components.tables.filters import FIELDS, LIST_KEYS, SCOPES, describe, empty_state, is_active
from dashboard.widgets import md_safe

__all__ = ["filter_widgets", "reset_filters", "summary", "is_active", "set_filter"]


def reset_filters() -> None:
    """Clear every filter (the URL follows the widgets); the scope goes back to its default."""
    empty = empty_state()
    for f in FIELDS:
        st.session_state[f.param] = None if f.kind == "date" else empty[f.key]


def set_filter(key: str, values: list[str]) -> None:
    """Set the list filter ``key`` (from a callback, e.g. a click on a chart)."""
    st.session_state[key] = list(values)


def unknown_link_values(options: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Values in the page's URL that this corpus does not have (read once per session, before the
    bound widgets drop them)."""
    if "_unknown_link_values" not in st.session_state:
        unknown = {}
        for key in LIST_KEYS:
            bad = [v for v in st.query_params.get_all(key) if v and v not in options.get(key, [])]
            if bad:
                unknown[key] = bad
        st.session_state["_unknown_link_values"] = unknown
    return st.session_state["_unknown_link_values"]


def filter_widgets(options: Mapping[str, list[str]], sb=None, stance_help: Mapping[str, str] | None = None) -> dict:
    """Draw the filters in ``sb`` (default: the sidebar); return the filter state (keys of
    :data:`~components.tables.filters.FIELDS`)."""
    sb = sb or st.sidebar
    sb.header("Filters")
    unknown = unknown_link_values(options)
    if unknown:
        sb.info("This link names values the corpus does not have, so they were ignored: "
                + "; ".join(f"{k} = {', '.join(md_safe(x) for x in v)}" for k, v in unknown.items()))
    state: dict = {}
    dates = [f for f in FIELDS if f.kind == "date"]
    for f in FIELDS:
        if f.kind == "values":
            state[f.key] = sb.multiselect(f.label, options.get(f.key, []), key=f.param, bind="query-params",
                                          placeholder=f.placeholder, help=f.help or None)
        elif f.kind == "text":
            state[f.key] = sb.text_input(f.label, key=f.param, bind="query-params", placeholder=f.placeholder,
                                         help=f.help or None)
        elif f.kind == "date" and f is dates[0]:
            cols = sb.columns(len(dates))
            for col, d in zip(cols, dates):
                value = col.date_input(d.label, value=None, key=d.param, bind="query-params", format="YYYY-MM-DD")
                state[d.key] = value.isoformat() if isinstance(value, dt.date) else None
        elif f.kind == "choice":
            state[f.key] = _choice(sb, f)
    sb.button("Reset filters", on_click=reset_filters, width="stretch", key="reset")
    sb.caption("The address bar holds these filters and the open view: copy it to share this view.")
    return state


def _choice(sb, f) -> str:
    """A one-of-a-few filter (the scope) as a radio whose URL value is the raw choice (``scope=article``),
    synced by hand: a bound radio would put the displayed label in the URL. The URL decides on the
    session's first run; afterwards the widget does, and the URL follows (the default is left out)."""
    labels = dict(f.choices)
    if f.param not in st.session_state:
        wanted = st.query_params.get(f.param)
        st.session_state[f.param] = wanted if wanted in labels else f.default
    value = sb.radio(f.label, list(labels), format_func=labels.get, key=f.param, help=f.help or None)
    if value == f.default:
        st.query_params.pop(f.param, None)
    else:
        st.query_params[f.param] = value
    return value


def summary(state: Mapping) -> str:
    """The active filters in one line of (escaped) Markdown, named as the specification names them."""
    parts = []
    for name, values in describe(state):
        text = ", ".join(md_safe(v) for v in values)
        parts.append(f"{name}: “{text}”" if name == "text" else f"{name}: {text}")
    return " · ".join(parts)


SCOPE_LABELS = dict(SCOPES)
