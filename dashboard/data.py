"""The dashboard's data: the corpus analysed once per (articles, pipeline) and cached.

The spaCy pipeline lives in ``st.cache_resource`` (one per server), and so do the tables, keyed by a
hash of the article ids, texts, metadata and the pipeline (:func:`corpus_key`), so an unchanged
corpus is never analysed twice. The tables are shared by every session and never copied (a rerun
costs nothing for their size): the dashboard only reads them, and pandas' copy-on-write keeps every
frame derived from them (filtered, sorted, assigned) from changing them; articles analysed before (by the CLI, another session or a restarted server)
are read back from the store of analysed articles (:mod:`components.store`). No NLP happens in the dashboard beyond calling
:func:`components.analysis.analyze`.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import streamlit as st

from components.run.analyze import analyze
from components.nlp.pipeline import build_pipeline, pipeline_key
from dashboard.corpus import select_corpus
from dashboard.filters import filter_options
from dashboard.knowledge import get_knowledge


@st.cache_resource(show_spinner=False)
def get_pipeline():
    """The one spaCy pipeline of this server."""
    return build_pipeline(knowledge=get_knowledge())


def corpus_key(articles, nlp) -> str:
    """A short hash of the articles (id, text hash, metadata) and the pipeline that reads them."""
    h = hashlib.sha256(pipeline_key(nlp).encode())
    for a in articles:
        h.update(a.id.encode())
        h.update(a.text_hash.encode())
        h.update(f"{a.title}|{a.outlet}|{a.date}|{a.url}".encode())
    return h.hexdigest()[:20]


def store_for(articles) -> bool | None:
    """The store for a corpus made only of the shared, read-only articles (seeds and server folders);
    none when a session's own uploads or pasted texts are in it, so that what a user brings is never
    written to the server's disk and lives only in that session."""
    from dashboard.corpus import shared_folders

    roots = [Path(f).resolve() for f in shared_folders()]

    def shared(a) -> bool:
        try:
            p = Path(a.path).resolve()
        except (OSError, ValueError):
            return False
        return p.is_file() and any(p.is_relative_to(r) for r in roots)

    return True if all(shared(a) for a in articles) else None


@st.cache_resource(show_spinner=False, max_entries=8)
def analysed_tables(key: str, _articles, _done: dict | None = None) -> dict[str, pd.DataFrame]:
    """The tables of a corpus, cached under ``key`` (:func:`corpus_key`) and shared read-only by
    every session. ``_done`` stores tables already computed (with progress shown, which a cached
    function cannot do) under ``key``."""
    return _done if _done is not None else analyze(list(_articles), get_pipeline(), store=store_for(_articles)).tables


@st.cache_resource(show_spinner=False)
def _analysed_keys() -> set[str]:
    """The corpus keys analysed on this server (a hint: the data cache may still evict them)."""
    return set()


def _analyse_with_progress(articles) -> dict[str, pd.DataFrame]:
    bar = st.progress(0.0, text=f"Analysing {len(articles)} articles…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Analysed {done} of {total} articles")

    tables = analyze(list(articles), get_pipeline(), progress=progress, store=store_for(articles)).tables
    bar.empty()
    return tables


@st.cache_resource(show_spinner=False, max_entries=8)
def corpus_options(key: str, _tables) -> dict[str, list[str]]:
    """The filter options of the corpus ``key`` (:func:`dashboard.filters.filter_options`), computed
    once per corpus rather than on every rerun."""
    return filter_options(_tables)


@st.cache_data(show_spinner=False, max_entries=64)
def briefing_markdown(key: str, state_json: str, _tables) -> str:
    """The briefing of the filtered tables (cached per corpus and filter state)."""
    from components.report.briefing import make_briefing

    return make_briefing(_tables, knowledge=get_knowledge(), filters=json.loads(state_json))


def load_tables():
    """``(key, tables, skipped, label)`` for this session's corpus; ``tables`` is ``None`` when no
    article could be read. Shows the analysis status while it runs."""
    articles, skipped, label = select_corpus()  # draws the corpus controls and the skipped files
    if not articles:
        return None, None, skipped, label
    with st.status("Loading the language model…", expanded=False) as status:
        nlp = get_pipeline()
        key = corpus_key(articles, nlp)
        if key in _analysed_keys():
            tables = analysed_tables(key, tuple(articles))
        else:
            status.update(label=f"Analysing {len(articles)} articles…", expanded=True)
            tables = analysed_tables(key, tuple(articles), _done=_analyse_with_progress(articles))
            _analysed_keys().add(key)
        status.update(label=f"{len(articles)} articles analysed ({label})", state="complete", expanded=False)
    return key, tables, skipped, label
