"""The analysis: articles in, tables out. The command line and the dashboard both call
:func:`analyze`."""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy
import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from .corpus import Article, Skipped
from .engines import analysed_batches
from .pipeline import build_pipeline
from .store import Store, analysis_key, corpus_key, doc_from_bytes, doc_to_bytes, open_store
from .tables import build_tables

Progress = Callable[[int, int], None]


@dataclass
class Analysis:
    """The tables of one corpus, plus what was skipped and how it was made."""

    tables: dict[str, pd.DataFrame]
    skipped: list[Skipped] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    #: how the Docs were obtained (``analysed``, ``reused`` from the store); not part of the export
    stats: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def analyze(articles: Sequence[Article], nlp: Language | None = None, *, skipped: Sequence[Skipped] = (),
            progress: Progress | None = None, batch_size: int = 16, debate: str | None = None,
            store: "Store | str | os.PathLike | bool | None" = None, workers: int = 1, engine: str = "local",
            scheduler=None) -> Analysis:
    """Run the pipeline over ``articles`` and build every table.

    ``progress(done, total)`` is called after each article. ``store`` (a :class:`Store`, a path, or
    ``True`` for the default one) keeps each analysed Doc, so an article already analysed by the same
    pipeline is read back instead of analysed again; ``Analysis.stats`` says how many were reused.
    ``workers``/``engine``/``scheduler`` say where the articles are analysed (:mod:`components.engines`);
    the result is the same whichever runs.
    """
    nlp = nlp or build_pipeline(debate=debate)
    meta = dict(nlp.meta.get("debate_briefing", {}))
    store = open_store(store)
    corpus = corpus_key(articles, analysis_key(nlp)) if store else ""
    tables = store.get_tables(corpus) if store else None
    if tables is not None:  # this very corpus was analysed by this very pipeline before
        if progress:
            progress(len(articles), len(articles))
        return Analysis(tables=tables, skipped=list(skipped), meta=meta,
                        stats={"analysed": 0, "reused": len(articles), "failed": {}, "tables_reused": True,
                               "store": str(store.path)})
    docs, stats = analyse_docs(articles, nlp, store=store, progress=progress, batch_size=batch_size,
                               workers=workers, engine=engine, scheduler=scheduler)
    if stats["failed"]:
        skipped = [*skipped, *(Skipped(articles[i].path or articles[i].id, why) for i, why in stats["failed"].items())]
        articles = [a for i, a in enumerate(articles) if i not in stats["failed"]]
        docs = [d for d in docs if d is not None]
    tables = build_tables(articles, docs)
    try:
        from .stance import stance_table  # the stance stage aggregates its signals
        tables["stances"] = stance_table(tables, nlp)
    except ImportError:
        pass
    if store and not stats["failed"]:
        store.put_tables(corpus, tables, len(articles))
    return Analysis(tables=tables, skipped=list(skipped), meta=meta, stats=stats)


def analyse_docs(articles: Sequence[Article], nlp: Language, *, store: "Store | str | os.PathLike | bool | None" = None,
                 progress: Progress | None = None, batch_size: int = 16, workers: int = 1, engine: str = "local",
                 scheduler=None) -> tuple[list[Doc | None], dict]:
    """The analysed Doc of each article (same order), and ``{"analysed": n, "reused": m, "failed": {...}}``.

    With a ``store``, Docs stored under this pipeline's :func:`analysis_key` are read back; the
    others go through ``nlp.pipe`` (batched) and are written to the store after every batch, so an
    interrupted run keeps what it finished. A stored Doc that cannot be read is analysed again. An
    article on which the pipeline raises gets ``None`` and its reason in ``failed`` (by index); the
    rest of the batch is analysed one by one.
    """
    store = open_store(store)
    total = len(articles)
    docs: list[Doc | None] = [None] * total
    key = analysis_key(nlp) if store else ""
    stored = store.get([a.text_hash for a in articles], key) if store else {}
    for i, art in enumerate(articles):
        data = stored.get(art.text_hash)
        if data is not None:
            try:
                docs[i] = doc_from_bytes(data, nlp.vocab)
            except Exception:  # a damaged entry: analyse the article again
                docs[i] = None
    todo = [i for i, d in enumerate(docs) if d is None]
    done = total - len(todo)
    if progress and done:
        progress(done, total)
    failed: dict[int, str] = {}
    unstorable = 0
    chunks = (todo[s:s + batch_size] for s in range(0, len(todo), batch_size))
    batches = [(b, [articles[i].text for i in b]) for b in chunks]
    for batch, results in analysed_batches(nlp, batches, failed, workers=workers, engine=engine, scheduler=scheduler):
        rows = {}
        for i, doc, data in results:
            docs[i] = doc
            doc._.article_id = articles[i].id
            release_tensor(doc)
            if not store:
                continue
            try:
                rows[articles[i].text_hash] = (articles[i].text_hash, key, articles[i].id, data or doc_to_bytes(doc))
            except (TypeError, ValueError, OverflowError):  # a stage left data msgpack cannot hold
                unstorable += 1
        if store:
            store.put(rows.values())
        done += len(batch)
        if progress:
            progress(done, total)
    if unstorable:
        warnings.warn(f"{unstorable} analysed article(s) could not be stored (their annotations are not "
                      "serialisable); they will be analysed again next time.", stacklevel=3)
    for art, doc in zip(articles, docs):
        if doc is not None:
            doc._.article_id = art.id
    return docs, {"analysed": len(todo) - len(failed), "reused": total - len(todo), "failed": failed,
                  "store": str(store.path) if store else None}


def release_tensor(doc: Doc) -> None:
    """Drop the model's hidden states (``doc.tensor``, ~0.4 KB a token) once the pipeline has run: no
    table needs them, and a large corpus's Docs then fit in memory together."""
    doc.tensor = numpy.zeros((0,), dtype="float32")


def _pipe_batch(nlp: Language, texts: list[str], idx: list[int], failed: dict[int, str]):
    """``(index, doc)`` for each text of one batch; if the batched run raises, each text is run alone
    and the ones that still raise are recorded in ``failed`` instead."""
    try:
        yield from zip(idx, list(nlp.pipe(texts, batch_size=len(texts))))
        return
    except Exception:
        pass
    for i, text in zip(idx, texts):
        try:
            yield i, nlp(text)
        except Exception as exc:
            failed[i] = f"the analysis failed on this article ({type(exc).__name__}: {exc})"
