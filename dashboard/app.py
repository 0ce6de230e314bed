"""Debate Briefing: the Streamlit dashboard (``streamlit run dashboard/app.py``).

Views over the analysis tables; no NLP happens here. The corpus comes from
:func:`dashboard.corpus.select_corpus`, the tables from :mod:`dashboard.data` (pipeline and
tables in ``st.cache_resource``), the filtering from the pure
:func:`dashboard.filters.filter_tables`, and each tab from a module of :mod:`dashboard.views`.
Every filter and the open tab are bound to the URL
(``?actor=Vladimir+Putin&weapon=Storm+Shadow&view=Quotes``), so a copied link restores the view.
"""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import charts, metadata_editor, sidebar  # noqa: E402
from dashboard.data import corpus_options, load_tables  # noqa: E402
from dashboard.filters import filter_tables, is_active  # noqa: E402
from dashboard.views import Context, actors, articles, briefing, overview, quotes, stance, weapons  # noqa: E402
from dashboard.widgets import EMPTY, md_safe  # noqa: E402

VIEWS = {"Overview": overview, "Briefing": briefing, "Actors": actors, "Weapons": weapons,
         "Quotes": quotes, "Stance": stance, "Articles": articles}


def debate_question() -> str:
    """The question of the configured debate, if the knowledge defines one."""
    from dashboard.knowledge import get_knowledge

    try:
        return str(get_knowledge().debate().get("question", ""))
    except KeyError:  # no such debate: the page still shows the tables
        return ""


def filter_summary(state: dict) -> str:
    """The active filters in one line of (escaped) Markdown."""
    parts = [f"{k}: {', '.join(md_safe(v) for v in state[k])}" for k in ("actor", "weapon", "outlet", "stance")
             if state.get(k)]
    if state.get("q"):
        parts.append(f"text: “{md_safe(state['q'])}”")
    if state.get("date_from") or state.get("date_to"):
        parts.append(f"dates: {state.get('date_from') or '…'} to {state.get('date_to') or '…'}")
    return " · ".join(parts)


def main() -> None:
    st.set_page_config(page_title="Debate Briefing", page_icon="🗞️", layout="wide")
    st.title("Debate Briefing")
    from components.knowledge import KnowledgeError
    from dashboard.knowledge import get_knowledge

    try:
        get_knowledge()
    except KnowledgeError as exc:  # a server's data file with a mistake: say where, show nothing wrong
        st.error(f"The knowledge files cannot be used. {md_safe(str(exc))}")
        return
    question = debate_question()
    if question:
        st.markdown(f"**Debate question:** {md_safe(question)}")
    # the filters head the sidebar; the corpus controls (drawn by select_corpus) follow them
    filters_box, downloads_box = st.sidebar.container(), st.sidebar.container()
    key, tables, skipped, label = load_tables()
    if tables is None:
        st.warning("No article could be read. Add articles or check the messages in the sidebar.")
        return
    key, tables = metadata_editor.corrected(key, tables)  # this session's metadata corrections
    state = sidebar.filter_widgets(corpus_options(key, tables), filters_box)
    filtered = filter_tables(tables, state)
    sidebar.downloads(tables, filtered, skipped, downloads_box)
    n_all, n = len(tables["articles"]), len(filtered["articles"])
    line = f"Corpus: {md_safe(label)} · {n_all} articles"
    if is_active(state):
        line += f" · **filtered to {n}** ({filter_summary(state)})"
    st.markdown(line)
    ctx = Context(tables=filtered, full=tables, state=state, key=key,
                  colours=charts.actor_colours(tables["actors"]))
    # Tabs track which one is open (bound to ?view=), so only the open view is computed: a filter
    # change reruns one view, not seven. A switch of tab reruns the script.
    tabs = st.tabs(list(VIEWS), key="view", bind="query-params", on_change="rerun")
    for (name, view), tab in zip(VIEWS.items(), tabs):
        if tab.open is False:
            continue
        with tab:
            if filtered["articles"].empty:
                st.info(EMPTY)
            else:
                view.render(ctx)


main()
