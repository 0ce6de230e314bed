"""The analysis streams: each Doc's rows are taken as it comes and the Doc dropped, stored rows are
read back a few at a time (no Doc is rebuilt), and an unchanged corpus is reopened without loading
the model."""
from __future__ import annotations

import gc
import weakref

import pandas as pd
import pytest

import components.run.analyze as an
from components.export import to_json
from components.nlp.pipeline import build_pipeline, describe_pipeline
from components.store import Store, analysis_key
from components.tables.rows import TableRows, build_tables

from .conftest import KNOWLEDGE


def _watch_docs(monkeypatch) -> list[int]:
    """Patch :func:`components.tables.rows.doc_rows` (where every analysed Doc gives its rows) to count,
    at each call, the Docs handed over before that are still alive; return that list of counts."""
    import components.tables.rows as tb

    refs: list[weakref.ref] = []
    alive: list[int] = []
    doc_rows = tb.doc_rows

    def watched(doc):
        gc.collect()
        alive.append(sum(r() is not None for r in refs))
        refs.append(weakref.ref(doc))
        return doc_rows(doc)
    monkeypatch.setattr(tb, "doc_rows", watched)
    return alive


def _assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert list(a) == list(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)


def test_docs_are_dropped_batch_by_batch(monkeypatch, nlp, seed_corpus, seed_analysis):
    alive = _watch_docs(monkeypatch)
    result = an.analyze(seed_corpus, nlp, batch_size=2)
    assert len(alive) == len(seed_corpus)
    # at most the rest of the current batch is alive when a Doc's rows are taken: never the corpus
    assert max(alive) <= 1, alive
    _assert_same_tables(result.tables, seed_analysis.tables)


def test_stored_rows_are_read_back_a_chunk_at_a_time(monkeypatch, tmp_path, nlp, seed_corpus, seed_analysis):
    store = Store(tmp_path / "s.duckdb")
    an.analyze(seed_corpus, nlp, store=store)
    import duckdb

    con = duckdb.connect(str(store.path))
    con.execute("DELETE FROM corpora")  # the finished tables are dropped: the rows must be read back
    con.close()
    asked: list[int] = []
    get = Store.get
    monkeypatch.setattr(Store, "get", lambda self, hashes, key: asked.append(len(hashes)) or get(self, hashes, key))
    monkeypatch.setattr(an, "READ_CHUNK", 2)
    alive = _watch_docs(monkeypatch)
    again = an.analyze(seed_corpus, nlp, store=store)
    assert again.stats["reused"] == len(seed_corpus) and again.stats["analysed"] == 0
    assert asked == [2, 2, 1]
    assert alive == []  # the stored rows are used as they are: no Doc is rebuilt
    assert to_json(again) == to_json(seed_analysis)


def test_rows_added_out_of_order_give_the_tables_in_corpus_order(nlp, seed_corpus):
    arts = seed_corpus[:3]
    docs = list(nlp.pipe(a.text for a in arts))
    rows = TableRows()
    for i in (2, 0, 1):
        rows.add(i, arts[i], docs[i])
    _assert_same_tables(rows.tables(), build_tables(arts, docs))
    assert list(rows.tables()["articles"]["article_id"]) == [a.id for a in arts]
    with pytest.raises(ValueError, match="twice"):
        rows.add(0, arts[0], docs[0])


def test_the_key_is_known_without_loading_the_model(nlp):
    described = describe_pipeline(knowledge=KNOWLEDGE)
    assert described["debate_briefing"] == nlp.meta["debate_briefing"]
    assert analysis_key(described) == analysis_key(nlp)
    other = describe_pipeline(debate="taurus_delivery", knowledge=KNOWLEDGE)
    assert analysis_key(other) == analysis_key(build_pipeline(debate="taurus_delivery", knowledge=KNOWLEDGE))
    assert analysis_key(other) != analysis_key(nlp)


def test_an_unchanged_corpus_reopens_without_the_model(monkeypatch, tmp_path, nlp, seed_corpus, seed_analysis):
    store = Store(tmp_path / "r.duckdb")
    an.analyze(seed_corpus, nlp, store=store)

    def no_model(*a, **k):
        raise AssertionError("the model was loaded")
    monkeypatch.setattr("components.nlp.pipeline.load_model", no_model)
    monkeypatch.setattr(an, "build_pipeline", no_model)
    again = an.analyze(seed_corpus, store=store, knowledge=KNOWLEDGE)
    assert again.stats["tables_reused"] and again.meta == seed_analysis.meta
    assert to_json(again) == to_json(seed_analysis)
    # a corpus that is not stored yet does need it
    with pytest.raises(AssertionError, match="model was loaded"):
        an.analyze(seed_corpus[:2], store=store, knowledge=KNOWLEDGE)


def test_count_words_skips_punctuation_and_space(nlp):
    from components.tables.rows import count_words

    doc = nlp.make_doc("Kyiv said:  “no”.\n\nThat was all.")
    expected = sum(1 for t in doc if not t.is_punct and not t.is_space)
    assert count_words(doc) == expected == 6
    assert count_words(nlp.make_doc("")) == 0


def test_stopping_early_keeps_what_was_analysed(nlp, seed_corpus, tmp_path):
    """A caller that stops after the first article (an interrupted run) still finds every article
    analysed so far in the store, although fewer than STORE_EVERY were pending."""
    from components.run.analyze import analysed_rows
    from components.store import Store, analysis_key

    store = Store(tmp_path / "s.duckdb")
    docs = analysed_rows(seed_corpus[:3], nlp, store=store, batch_size=2)
    next(docs)
    docs.close()  # the caller stops: the generator's finally writes the pending batch
    stored = store.get([a.text_hash for a in seed_corpus[:3]], analysis_key(nlp))
    assert set(stored) == {a.text_hash for a in seed_corpus[:2]}


def test_rows_round_trip_through_bytes(nlp, seed_text):
    """What the store keeps of an analysis comes back equal, and anything else is refused (so an
    older or damaged entry is analysed again instead of being misread)."""
    from components.tables.rows import doc_rows, rows_from_bytes, rows_to_bytes

    rows = doc_rows(nlp(seed_text("001")))
    assert rows["quotes"] and rows["stance_signals"] and rows["actors"] and rows["n_words"] > 100
    assert rows_from_bytes(rows_to_bytes(rows)) == rows
    for bad in (b"", b"not an analysis", rows_to_bytes(rows)[:-5]):
        with pytest.raises(Exception):
            rows_from_bytes(bad)
