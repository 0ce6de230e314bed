"""Debate Briefing: the Streamlit dashboard (``streamlit run dashboard/app.py``).

Views over the analysis tables; no NLP happens here. The corpus comes from
:func:`dashboard.corpus.select_corpus`, the tables from :mod:`dashboard.data` (pipeline and tables
in ``st.cache_resource``), the filter widgets from the one filter specification
(:mod:`dashboard.filters`), the filtering from the pure
:func:`components.tables.filtering.filter_tables`, and each tab from a module of
:mod:`dashboard.views`, drawn as a fragment (a selection inside a view reruns that view only).
Every filter, its scope and the open tab are bound to the URL
(``?actor=Vladimir+Putin&weapon=Storm+Shadow&scope=article&view=Quotes``), so a copied link restores
the view; the reader adds ``article`` and ``at`` (the passage it is scrolled to).
"""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components.tables.filters import is_active  # noqa: E402
from dashboard import downloads, metadata_editor, navigation  # noqa: E402
from dashboard.corpus import take_notice  # noqa: E402
from dashboard.data import corpus_index, corpus_options, filtered_tables, load_tables, prepare_briefings  # noqa: E402
from dashboard.filters import filter_widgets, summary  # noqa: E402
from dashboard.views import Context, actors, articles, briefing, overview, quotes, show, stance, timeline, weapons  # noqa: E402
from dashboard.widgets import EMPTY, md_safe  # noqa: E402

VIEWS = {"Overview": overview, "Briefing": briefing, "Quotes": quotes, "Stance": stance, "Over time": timeline,
         "Actors": actors, "Weapons": weapons, "Articles": articles}


def debate() -> dict:
    """The configured debate (question, label descriptions), if the knowledge defines one."""
    from dashboard.knowledge import get_knowledge

    try:
        return dict(get_knowledge().debate())
    except KeyError:  # no such debate: the page still shows the tables
        return {}


def main() -> None:
    st.set_page_config(page_title="Debate Briefing", page_icon="🗞️", layout="wide")
    navigation.apply_pending()  # a link or a row asked for the reader: set the tab before it is drawn
    st.title("Debate Briefing")
    from components.knowledge import KnowledgeError
    from dashboard.knowledge import get_knowledge

    try:
        get_knowledge()
    except KnowledgeError as exc:  # a server's data file with a mistake: say where, show nothing wrong
        st.error(f"The knowledge files cannot be used. {md_safe(str(exc))}")
        return
    top = st.container()  # what the last upload or paste changed is said here, at the top
    filters_box = st.sidebar.container()  # the filters head the sidebar; the corpus controls follow
    key, tables, skipped, label = load_tables()
    notice = take_notice()
    if notice:
        top.success(md_safe(notice), icon=":material/library_add:")
    if tables is None:
        st.warning("No article could be read. Add articles or check the messages in the sidebar.")
        return
    key, tables = metadata_editor.corrected(key, tables)  # this session's metadata corrections
    state = filter_widgets(corpus_options(key, tables), filters_box)
    index = corpus_index(key, tables)
    filtered = filtered_tables(key, tables, state, index)  # kept per filter state; stances re-aggregated as analysed
    n_all, n = len(tables["articles"]), len(filtered["articles"])
    line = f"Corpus: {md_safe(label)} · {n_all} articles"
    if is_active(state):
        line += f" · **filtered to {n}** ({summary(state)})"
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.markdown(line)
    with right:
        downloads.menu(tables, filtered, skipped)
    info = debate()
    ctx = Context(tables=filtered, full=tables, state=state, key=key, question=str(info.get("question", "")),
                  label_help={str(k): str(v) for k, v in dict(info.get("labels", {})).items()},
                  params=navigation.current_params(), index=index)
    # Tabs track which one is open (bound to ?view=), so only the open view is computed: a filter
    # change reruns one view, not eight. A switch of tab reruns the script.
    tabs = st.tabs(list(VIEWS), key="view", bind="query-params", on_change="rerun")
    for (name, view), tab in zip(VIEWS.items(), tabs):
        if tab.open is False:
            continue
        with tab:
            if filtered["articles"].empty:
                st.info(EMPTY)
            else:
                show(view, ctx)
    navigation.link_catcher(*articles.scroll_token())
    prepare_briefings(key, tables, index)  # once per corpus, after the page is drawn: later filter changes brief (and search) sooner


main()
