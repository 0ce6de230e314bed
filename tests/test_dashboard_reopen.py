"""Reopening a stored corpus in the dashboard costs reading it back: the model is not loaded (not for
the tables, not for stances aggregated again under a filter), and the views show what they show
after an analysis."""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from components.run.analyze import analyze, stored_analysis
from components.store import Store
from components.tables.stances import aggregation_settings, debate_aggregation

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def test_stance_settings_without_the_model_are_the_pipelines(nlp, knowledge):
    assert debate_aggregation(knowledge) == aggregation_settings(nlp)
    assert aggregation_settings(debate_aggregation(knowledge)) == aggregation_settings(nlp)


def test_stored_analysis_is_the_analysis_or_none(tmp_path, nlp, knowledge, seed_corpus, seed_analysis):
    store = Store(tmp_path / "s.duckdb")
    assert stored_analysis(seed_corpus, knowledge=knowledge, store=store) is None
    analyze(seed_corpus, nlp, store=store)
    found = stored_analysis(seed_corpus, knowledge=knowledge, store=store)
    assert found.stats["tables_reused"] and found.meta == seed_analysis.meta
    for name, df in seed_analysis.tables.items():
        assert found.tables[name].equals(df), name
    assert stored_analysis(seed_corpus[:2], knowledge=knowledge, store=store) is None
    assert stored_analysis(seed_corpus, knowledge=knowledge, store=None) is None


def test_a_stored_corpus_reopens_without_the_model(tmp_path, monkeypatch, nlp, seed_corpus):
    monkeypatch.setenv("BRIEFING_STORE", str(tmp_path / "dash.duckdb"))
    analyze(seed_corpus, nlp, store=Store(tmp_path / "dash.duckdb"))  # as the command line leaves it

    def no_model(*a, **k):
        raise AssertionError("the model was loaded")

    import components.nlp.pipeline as pipeline
    import dashboard.data as data

    monkeypatch.setattr(pipeline, "load_model", no_model)
    monkeypatch.setattr(data, "build_pipeline", no_model)
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=300)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert {m.label: m.value for m in at.metric}["Articles"] == "5"
        weapon = next(w for w in at.multiselect if w.key == "weapon")
        weapon.set_value([weapon.options[0]])  # the stances are aggregated again over what the filter keeps
        at.session_state["view"] = "Stance"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    finally:
        st.cache_resource.clear()  # later tests get the real pipeline again
        st.cache_data.clear()


def test_the_shared_corpus_key_is_hashed_once(seed_corpus, monkeypatch):
    """A rerun does not hash the shared corpus again (the same article objects give the key kept
    for them); other objects, or a session's own articles, are hashed anew, and every key is the
    corpus key."""
    import dataclasses

    import dashboard.data as data
    from components.store import analysis_key, corpus_key

    akey = analysis_key(data.pipeline_meta())
    expected = corpus_key(seed_corpus, akey)
    assert data.key_of(list(seed_corpus)) == expected
    calls = []
    real = data.corpus_key
    monkeypatch.setattr(data, "corpus_key", lambda arts, key: calls.append(len(arts)) or real(arts, key))
    assert data.key_of(list(seed_corpus)) == expected and calls == []  # a rerun: the same objects
    copies = [dataclasses.replace(a) for a in seed_corpus]
    copies[0].title = "Another title"
    assert data.key_of(copies) == corpus_key(copies, akey) != expected and calls == [len(copies)]
    mine = [*seed_corpus, dataclasses.replace(seed_corpus[0], id="mine", origin="upload")]
    data.key_of(mine), data.key_of(mine)
    assert calls == [len(copies), len(mine), len(mine)]  # a session's articles: never kept


def test_an_opened_corpus_is_put_out_of_the_collectors_sight(seed_analysis, monkeypatch):
    """Once a corpus is prepared (after its first page), what the server holds is frozen out of the
    garbage collector's full collections (each scanned the whole corpus again, 0.15 CPU-s on the
    real corpus, landing on some filter change), after one collection of the garbage already made:
    a cycle dropped before is collected, objects held are no longer in any generation."""
    import gc
    import weakref

    import dashboard.data as data

    class Node:
        pass

    calls = []
    real = data.settle_heap
    monkeypatch.setattr(data, "settle_heap", lambda: calls.append(1) or real())
    gc.unfreeze()
    held = [[n] for n in range(1000)]
    cycle = Node()
    cycle.me = cycle
    dropped = weakref.ref(cycle)
    del cycle
    try:
        data.prepare_briefings.clear()
        assert data.prepare_briefings("settle-test", seed_analysis.tables) == len(seed_analysis.tables["sentences"])
        assert calls == [1]
        assert dropped() is None
        assert gc.get_freeze_count() >= len(held)
        assert not any(o is held[0] for o in gc.get_objects())
        data.prepare_briefings("settle-test", seed_analysis.tables)  # once per corpus
        assert calls == [1]
    finally:
        gc.unfreeze()
        data.prepare_briefings.clear()
