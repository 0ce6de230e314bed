"""The dashboard's views. Each module has ``render(ctx)`` drawing one tab from a :class:`Context`;
views only read the (already filtered) tables. :func:`show` runs a view as an ``st.fragment``, so
a selection inside a view (a row, a "show all" switch) reruns that view alone; a change that
concerns the whole app (a click that sets a filter, a link to the reader) asks for a full rerun
with :func:`dashboard.widgets.rerun_app`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Mapping

import pandas as pd
import streamlit as st

from dashboard.widgets import pending_app_rerun


@dataclass
class Context:
    """What every view gets: the filtered tables, the whole corpus's tables, the filter state, the
    corpus cache key, one colour per actor name (stable across filters), the debate (question and
    label descriptions) and the URL parameters of the current view (for links that keep them)."""

    tables: Mapping[str, pd.DataFrame]
    full: Mapping[str, pd.DataFrame]
    state: dict
    key: str
    colours: dict[str, str] = field(default_factory=dict)
    question: str = ""
    label_help: dict[str, str] = field(default_factory=dict)
    params: dict[str, list[str]] = field(default_factory=dict)
    index: object = None

    def cached(self, name: str, make: Callable[[Mapping[str, pd.DataFrame]], object]):
        """``make(self.tables)``, kept per (corpus, filter state, ``name``): a rerun or a return to
        a view does not compute it again (the filtered tables are a function of the two). Kept as
        the object itself, not a pickled copy (a view's table of 55,000 stance rows with their
        evidence lists took 0.3 s to pickle at 5,000 articles): like the tables, it is only read."""
        return _cached(self.key, json.dumps(self.state, sort_keys=True, default=str), name, make, self.tables)


    def figure(self, name: str, make: Callable[[], object]):
        """``make()`` (a chart's figure), kept per (corpus, filter state, ``name``) and not copied:
        a rerun draws the same figure again without building it (Plotly validates every property it
        is given, which costs more than the data behind a chart). ``name`` must say everything else
        the figure depends on (how many names it shows…); the figure is only read."""
        return _figure(self.key, json.dumps(self.state, sort_keys=True, default=str), name, make)


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached(key: str, state_json: str, name: str, _make, _tables):
    return _make(_tables)


@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(key: str, state_json: str, name: str, _make):
    return _make()


def show(view, ctx: Context) -> None:
    """Draw ``view`` as a fragment: its own widgets rerun it alone."""

    @st.fragment
    def fragment() -> None:
        if pending_app_rerun():  # a callback in this view changed what the whole app shows
            st.rerun()
        view.render(ctx)

    fragment()
