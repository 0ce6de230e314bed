"""The dashboard's data: the corpus analysed once per (articles, pipeline) and cached.

The spaCy pipeline lives in ``st.cache_resource`` (one per server), and so do the tables, keyed by a
hash of the articles and of what analysed them (:func:`components.store.corpus_key`), so an unchanged
corpus is never analysed twice. The tables are shared by every session and never copied (a rerun
costs nothing for their size): the dashboard only reads them, and pandas' copy-on-write keeps every
frame derived from them (filtered, sorted, assigned) from changing them; articles analysed before (by the CLI, another session or a restarted server)
are read back from the store of analysed articles (:mod:`components.store`). No NLP happens in the dashboard beyond calling
:func:`components.run.analyze.analyze`. A session's own articles are analysed in a child process
within a time limit each (:func:`dashboard.corpus.untrusted_worker`) and never stored; one that fails
or runs over is named in the sidebar with the reason, and the rest are shown.
"""
from __future__ import annotations

import gc
import json

import pandas as pd
import streamlit as st

from components.run.analyze import analyze, stored_analysis
from components.nlp.pipeline import build_pipeline, describe_pipeline
from components.store import analysis_key, corpus_key
from components.tables.filtering import CorpusIndex, filter_tables
from components.tables.filters import filter_options, is_active
from dashboard.corpus import select_corpus, warn_skipped
from dashboard.knowledge import get_knowledge


@st.cache_resource(show_spinner=False)
def get_pipeline():
    """The one spaCy pipeline of this server."""
    return build_pipeline(knowledge=get_knowledge())


@st.cache_resource(show_spinner=False)
def pipeline_meta() -> dict:
    """What keys this server's pipeline (:func:`get_pipeline`), found without loading the model."""
    return describe_pipeline(knowledge=get_knowledge())


@st.cache_resource(show_spinner=False)
def stance_settings() -> dict:
    """The aggregation settings of this server's debate, as its pipeline's stance stage reads them
    (for stances aggregated again under a filter), without loading the model."""
    from components.tables.stances import debate_aggregation

    return debate_aggregation(get_knowledge())


def store_for(articles) -> bool | None:
    """The store for a corpus made only of the shared, read-only articles (seeds and server folders);
    none when a session's own uploads or pasted texts are in it (``Article.private``, set by the code
    that read them, never inferred from a name the browser sent), so that what a user brings is never
    written to the server's disk and lives only in that session."""
    return None if any(a.private for a in articles) else True


@st.cache_resource(show_spinner=False, max_entries=8)
def analysed_tables(key: str, _articles, _done: dict | None = None) -> dict[str, pd.DataFrame]:
    """The tables of a corpus, cached under ``key`` (:func:`corpus_key`) and shared read-only by
    every session. ``_done`` stores tables already computed (with progress shown, which a cached
    function cannot do) under ``key``."""
    if _done is not None:
        return _done
    return _stored_tables(key, _articles) or _analyse(key, _articles)


def _analyse(key: str, articles, progress=None) -> dict[str, pd.DataFrame]:
    """Analyse ``articles``: the shared ones here, a session's own ones (``Article.private``) in the
    child process of :func:`dashboard.corpus.untrusted_worker`, each within its time limit. An
    article whose analysis fails or runs over is left out, its reason kept under ``key``
    (:func:`analysis_failures`)."""
    from dashboard.corpus import untrusted_worker

    isolate = untrusted_worker() if any(a.private for a in articles) else None
    result = analyze(list(articles), get_pipeline(), progress=progress, store=store_for(articles), isolate=isolate)
    _note_failures(key, result.skipped)
    return result.tables


@st.cache_resource(show_spinner=False)
def _failures() -> dict:
    """The articles each corpus key's analysis left out, with the reason (filled by :func:`_analyse`)."""
    return {}


def _note_failures(key: str, skipped) -> None:
    if skipped:
        _failures()[key] = list(skipped)
    else:
        _failures().pop(key, None)


def analysis_failures(key: str) -> list:
    """The :class:`~components.ingest.articles.Skipped` articles of the corpus ``key``'s analysis."""
    return list(_failures().get(key, []))


def _stored_tables(key: str, articles) -> dict[str, pd.DataFrame] | None:
    """The tables of a shared corpus kept in the store (by the command line, or before a restart),
    read back without loading the model (the articles the pipeline failed on kept under ``key``, as
    :func:`_analyse` keeps them); None when they must be made."""
    store = store_for(articles)
    found = stored_analysis(list(articles), knowledge=get_knowledge(), store=store) if store else None
    if found is None:
        return None
    _note_failures(key, found.skipped)
    return found.tables


@st.cache_resource(show_spinner=False)
def _analysed_keys() -> set[str]:
    """The corpus keys analysed on this server (a hint: the data cache may still evict them)."""
    return set()


def _analyse_with_progress(key: str, articles) -> dict[str, pd.DataFrame]:
    bar = st.progress(0.0, text=f"Analysing {len(articles)} articles…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Analysed {done} of {total} articles")

    tables = _analyse(key, articles, progress)
    bar.empty()
    return tables


@st.cache_resource(show_spinner=False, max_entries=8)
def corpus_options(key: str, _tables) -> dict[str, list[str]]:
    """The filter options of the corpus ``key`` (:func:`components.tables.filters.filter_options`),
    computed once per corpus rather than on every rerun."""
    from dashboard.charts import STANCE_ORDER

    return filter_options(_tables, STANCE_ORDER)


@st.cache_resource(show_spinner=False, max_entries=8)
def corpus_index(key: str, _tables) -> CorpusIndex:
    """The filtering index of the corpus ``key`` (sentence and paragraph keys), built once per corpus."""
    return CorpusIndex(_tables)


@st.cache_resource(show_spinner=False)
def _shared_keys() -> dict:
    """Corpus keys of shared corpora already computed, by the identity of their article objects."""
    return {}


def key_of(articles) -> str:
    """The corpus key (:func:`corpus_key`) of ``articles``. The shared corpus is the same article
    objects on every rerun (read once per server, never changed), so its key is hashed once, not
    on every rerun (5,000 articles: 0.1 s); a corpus with a session's own articles is hashed anew."""
    akey = analysis_key(pipeline_meta())
    if any(a.private for a in articles):
        return corpus_key(articles, akey)
    memo = _shared_keys()
    ident = (akey, *map(id, articles))
    hit = memo.get(ident)
    if hit is not None and all(a is b for a, b in zip(hit[0], articles)):  # (the very objects, still alive)
        return hit[1]
    key = corpus_key(articles, akey)
    if len(memo) >= 16:
        memo.clear()
    memo[ident] = (tuple(articles), key)
    return key


def filtered_tables(key: str, tables, state: dict, index: CorpusIndex):
    """The tables of the corpus ``key`` under the filter ``state``
    (:func:`components.tables.filtering.filter_tables`, stances aggregated again as the pipeline
    aggregates them), kept per corpus and filter state: a rerun under a filter (a click in a view,
    another tab, a new session with the same link) does not filter the tables again. Like the
    corpus's tables, they are shared and only read."""
    if not is_active(state):
        return filter_tables(tables, state, index, nlp=stance_settings())  # (the tables themselves)
    return _filtered(key, json.dumps(state, sort_keys=True, default=str), tables, state, index)


@st.cache_resource(show_spinner=False, max_entries=3)  # (each may hold copies of the large tables)
def _filtered(key: str, state_json: str, _tables, _state: dict, _index: CorpusIndex):
    return filter_tables(_tables, _state, _index, nlp=stance_settings())


@st.cache_resource(show_spinner=False, max_entries=8)
def prepare_briefings(key: str, _tables, _index: CorpusIndex | None = None) -> int:
    """The corpus ``key``'s sentences read once as its briefings read them
    (:func:`components.report.briefing.prepare_briefings`), so that a filter change writes the
    selection's bottom line sooner, and its texts lower-cased for the search filter
    (:meth:`~components.tables.filtering.CorpusIndex.prepare_search`, on the corpus's ``_index``);
    once per corpus and server. Returns how many sentences were read."""
    from components.report.briefing import prepare_briefings as prepare

    n = prepare(_tables, knowledge=get_knowledge())
    if _index is not None:
        _index.prepare_search()
    settle_heap()
    return n


def settle_heap() -> None:
    """Put what the server holds so far (modules, the corpus's tables and the sentences read for its
    briefings: millions of objects) out of the garbage collector's sight, after one collection of
    what is garbage already. They live as long as the corpus is open; without this every full
    collection (one lands on some filter change, the first or a later one, whichever meets the
    threshold) scans them all again (real corpus: 0.15 CPU-s a collection). Objects freed later by
    their reference counts are still freed; cycles among them (a corpus's tables dropped from the
    cache) wait for the next corpus opened, whose preparation collects the whole heap again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def load_tables():
    """``(key, tables, skipped, label)`` for this session's corpus; ``tables`` is ``None`` when no
    article could be read or analysed. Shows the analysis status while it runs, and names in the
    sidebar each article whose analysis failed or ran over its time limit."""
    articles, skipped, label = select_corpus()  # draws the corpus controls and the skipped files
    if not articles:
        return None, None, skipped, label
    key = key_of(articles)
    tables = analysed_tables(key, tuple(articles)) if key in _analysed_keys() else _load(key, articles, label)
    failed = analysis_failures(key)
    if failed:
        with st.sidebar:
            warn_skipped(failed)
        skipped = [*skipped, *failed]
    if tables["articles"].empty:
        return None, None, skipped, label
    return key, tables, skipped, label


def _load(key: str, articles, label: str) -> dict[str, pd.DataFrame]:
    with st.status("Reading the analysis…", expanded=False) as status:
        stored = _stored_tables(key, articles)  # an unchanged corpus reopens without the model
        if stored is None:
            status.update(label="Loading the language model…")
            get_pipeline()
            status.update(label=f"Analysing {len(articles)} articles…", expanded=True)
        tables = analysed_tables(key, tuple(articles), _done=stored if stored is not None else
                                 _analyse_with_progress(key, articles))
        _analysed_keys().add(key)
        status.update(label=f"{len(tables['articles'])} articles analysed ({label})", state="complete", expanded=False)
    return tables
