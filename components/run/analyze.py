"""The analysis: articles in, tables out. The command line and the dashboard both call
:func:`analyze`."""
from __future__ import annotations

import os
import time
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

import pandas as pd
from spacy.language import Language

from ..ingest.articles import Article, Skipped
from ..knowledge import Knowledge
from ..nlp.knowledge_config import pipeline_knowledge
from .engines import analysed_batches, pipeline_spec
from ..nlp.pipeline import build_pipeline, describe_pipeline
from ..store import Store, analysis_key, corpus_key, open_store
from ..tables.rows import TableRows, rows_from_bytes, rows_to_bytes
from ..tables.stances import stance_tables

Progress = Callable[[int, int], None]

if TYPE_CHECKING:
    from .isolated import IsolatedWorker


@dataclass
class Analysis:
    """The tables of one corpus, plus what was skipped and how it was made."""

    tables: dict[str, pd.DataFrame]
    skipped: list[Skipped] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    #: how the Docs were obtained (``analysed``, ``reused`` from the store; ``corpus_key`` when the
    #: tables are in the store, under that key); not part of the export
    stats: dict = field(default_factory=dict)
    #: the knowledge the analysis read (the report and export read it too); not part of the export
    knowledge: Knowledge | None = field(default=None, repr=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def analyze(articles: Sequence[Article], nlp: Language | None = None, *, skipped: Sequence[Skipped] = (),
            progress: Progress | None = None, batch_size: int = 16, debate: str | None = None,
            model: str | None = None, knowledge: Knowledge | None = None,
            store: "Store | str | os.PathLike | bool | None" = None, workers: int = 1, engine: str = "local",
            scheduler=None, isolate: "IsolatedWorker | None" = None) -> Analysis:
    """Run the pipeline over ``articles`` and build every table.

    ``progress(done, total)`` is called after each article. ``store`` (a :class:`Store`, a path, or
    ``True`` for the default one) keeps what each article's analysis gives the tables
    (:func:`~components.tables.rows.doc_rows`), so an article already analysed by the same pipeline is
    read back instead of analysed again; ``Analysis.stats`` says how many were reused.
    Without ``nlp``, the pipeline of ``model``/``knowledge``/``debate`` is built only if something
    has to be analysed: an unchanged corpus whose tables are stored is reopened without loading the
    model. With ``nlp``, ``knowledge`` is the one it was built with. ``workers``/``engine``/``scheduler`` say where the articles are analysed
    (:mod:`components.run.engines`); the result is the same whichever runs.

    A session's own articles (:attr:`Article.private`: uploads, pasted text) are read from the store
    if it has them but never written to it, nor is a corpus holding one; with ``isolate`` (an
    :class:`~components.run.isolated.IsolatedWorker`) they are analysed in its process, each within
    its time limit (an article that runs over it is skipped with the reason).
    """
    if nlp is not None:
        knowledge = knowledge or pipeline_knowledge(nlp)
    elif knowledge is None:
        raise ValueError("analyze needs a pipeline (nlp) or the knowledge to build one")
    store = open_store(store)
    private = any(a.private for a in articles)
    if store and not private:
        meta = nlp.meta if nlp is not None else describe_pipeline(model, knowledge=knowledge, debate=debate)
        reopened = _reopen(articles, meta, store, knowledge=knowledge, skipped=skipped)
        if reopened is not None:  # this very corpus was analysed by this very pipeline before
            if progress:
                progress(len(articles), len(articles))
            return reopened
    nlp = nlp or build_pipeline(model, knowledge=knowledge, debate=debate)
    rows = TableRows()
    stats: dict = {}
    for i, doc_rows in analysed_rows(articles, nlp, store=store, progress=progress, batch_size=batch_size,
                                     workers=workers, engine=engine, scheduler=scheduler, stats=stats,
                                     isolate=isolate):
        rows.add_rows(i, articles[i], doc_rows)
    if stats["failed"]:
        skipped = [*skipped, *(Skipped(articles[i].path or articles[i].id, why) for i, why in stats["failed"].items())]
    tables = rows.tables()
    tables.update(stance_tables(tables, nlp))  # the stance signals aggregated per article and over the corpus
    if store and not private:
        # kept also when the pipeline failed on some articles: it fails on them again (the key holds
        # the code and the texts), so the failures are kept with the tables and a re-run reopens
        # the corpus without loading the model to fail on them once more
        key = corpus_key(articles, analysis_key(nlp))
        failures = pd.DataFrame({"index": pd.Series(list(stats["failed"]), dtype="int64"),
                                 "reason": pd.Series([str(r) for r in stats["failed"].values()], dtype=object)})
        if store.put_tables(key, {**tables, FAILED: failures}, len(articles)):
            stats["corpus_key"] = key  # what else is made of these tables may be kept under it
    return Analysis(tables=tables, skipped=list(skipped), meta=dict(nlp.meta.get("debate_briefing", {})), stats=stats,
                    knowledge=knowledge)


def stored_analysis(articles: Sequence[Article], *, knowledge: Knowledge,
                    store: "Store | str | os.PathLike | bool | None", skipped: Sequence[Skipped] = (),
                    model: str | None = None, debate: str | None = None) -> Analysis | None:
    """The analysis of ``articles`` read back from ``store`` when this very corpus's tables are kept
    there under the pipeline of ``model``/``knowledge``/``debate`` (what :func:`analyze` returns for
    it), else None. Never loads the model, so a caller can put off loading it until it must analyse."""
    store = open_store(store)
    if not store or any(a.private for a in articles):  # a session's own articles are never stored
        return None
    return _reopen(articles, describe_pipeline(model, knowledge=knowledge, debate=debate), store,
                   knowledge=knowledge, skipped=skipped)


def _reopen(articles: Sequence[Article], meta: dict, store: Store, *, knowledge: Knowledge,
            skipped: Sequence[Skipped]) -> Analysis | None:
    key = corpus_key(articles, analysis_key(meta))
    tables = store.get_tables(key)
    if tables is None:
        return None
    failures = tables.pop(FAILED, None)
    failed = {} if failures is None else {int(i): str(r) for i, r in zip(failures["index"], failures["reason"])}
    if any(not 0 <= i < len(articles) for i in failed):  # not this corpus's: analyse it instead
        return None
    skipped = [*skipped, *(Skipped(articles[i].path or articles[i].id, why) for i, why in failed.items())]
    return Analysis(tables=tables, skipped=list(skipped), meta=dict(meta.get("debate_briefing", {})),
                    stats={"analysed": 0, "reused": len(articles) - len(failed), "failed": failed,
                           "tables_reused": True, "store": str(store.path), "corpus_key": key}, knowledge=knowledge)


#: the frame stored with a corpus's tables (not one of them) naming the articles the pipeline failed
#: on, by index, with the reason: ``index``, ``reason``
FAILED = "_failed_articles"

#: how many stored analyses are read from the store at a time (each read opens the file: ~13 ms of
#: CPU; 512 analyses of real articles are ~2 MB)
READ_CHUNK = 512
#: analyses are written to the store when the first batch is done, then after each batch that ends
#: :data:`STORE_SECONDS` or more after the last write, or as soon as :data:`STORE_EVERY` are waiting,
#: and when the run stops: a run that is killed keeps everything but what it analysed in its last
#: ``STORE_SECONDS`` (and the batch under way). Each write opens the file, writes one transaction
#: and checkpoints it on close (~36 ms of CPU whatever its size: 27 writes of 16 real articles cost
#: 1.0 CPU-s, ~3 % of the analysis); the file is closed between writes so that other processes (the
#: dashboard) can use the store while a run goes on
STORE_EVERY = 512
STORE_SECONDS = 5.0


def analysed_rows(articles: Sequence[Article], nlp: Language, *, store: "Store | str | os.PathLike | bool | None" = None,
                  progress: Progress | None = None, batch_size: int = 16, workers: int = 1, engine: str = "local",
                  scheduler=None, stats: dict | None = None,
                  isolate: "IsolatedWorker | None" = None) -> Iterator[tuple[int, dict]]:
    """``(index, rows)``: the :func:`~components.tables.rows.doc_rows` of each article's analysis, by its
    index in ``articles``, as soon as they are ready (the stored ones first, then batch by batch).
    Each Doc is dropped as soon as its rows are taken. ``stats`` is filled with
    ``{"analysed": n, "reused": m, "failed": {...}, "store": path}``.

    With a ``store``, rows stored under this pipeline's :func:`analysis_key` are read back
    (:data:`READ_CHUNK` at a time); the other articles go through ``nlp.pipe`` (batched) and their
    rows are written to the store after the first batch, then every :data:`STORE_SECONDS` (or
    :data:`STORE_EVERY` articles), and when the caller stops, so an interrupted run keeps what it
    finished but its last seconds. A stored entry that cannot be
    read is analysed again. An article on which the pipeline raises is not yielded and its reason goes
    in ``failed`` (by index); the rest of the batch is analysed one by one. A session's own articles
    (:attr:`Article.private`) are never written to the store; with ``isolate`` they are analysed one
    by one in that worker's process, within its time limit.
    """
    store = open_store(store)
    stats = {} if stats is None else stats
    total = len(articles)
    key = analysis_key(nlp) if store else ""
    todo = [] if store else list(range(total))
    done = 0
    for start in range(0, total if store else 0, READ_CHUNK):
        chunk = range(start, min(total, start + READ_CHUNK))
        stored = store.get([articles[i].text_hash for i in chunk], key)
        for i in chunk:
            rows = _stored_rows(stored.pop(articles[i].text_hash, None))
            if rows is None:
                todo.append(i)
                continue
            done += 1
            yield i, rows
        if progress and done:
            progress(done, total)
    failed: dict[int, str] = {}
    stats.update(analysed=0, reused=done, failed=failed, store=str(store.path) if store else None)
    unstorable = 0
    isolated = [i for i in todo if articles[i].private] if isolate is not None else []
    local = [i for i in todo if not (isolate is not None and articles[i].private)]
    chunks = (local[s:s + batch_size] for s in range(0, len(local), batch_size))
    batches = [(b, [articles[i].text for i in b]) for b in chunks]
    pending: dict[str, tuple] = {}  # analyses not yet written to the store
    written = None  # when the store was last written: not yet, so the first batch is written at once
    results_of = _chain(analysed_batches(nlp, batches, failed, workers=workers, engine=engine, scheduler=scheduler),
                        _isolated_batches(isolate, nlp, articles, isolated, failed))
    try:
        for batch, results in results_of:
            for i, rows, data in results:
                if not store or articles[i].private:  # a session's own article never reaches the store
                    continue
                try:
                    pending[articles[i].text_hash] = (articles[i].text_hash, key, articles[i].id,
                                                      data or rows_to_bytes(rows))
                except (TypeError, ValueError, OverflowError):  # a stage left data JSON cannot hold
                    unstorable += 1
            if store and pending and (written is None or len(pending) >= STORE_EVERY
                                      or time.monotonic() - written >= STORE_SECONDS):
                store.put(pending.values())
                pending.clear()
                written = time.monotonic()
            for i, rows, _ in results:
                yield i, rows
            del results
            done += len(batch)
            if progress:
                progress(done, total)
    finally:  # also when the caller stops early: what was analysed is kept
        if store and pending:
            store.put(pending.values())
    stats["analysed"] = len(todo) - len(failed)
    if unstorable:
        warnings.warn(f"{unstorable} analysed article(s) could not be stored (their annotations are not "
                      "serialisable); they will be analysed again next time.", stacklevel=3)


def _chain(*iterables):
    for it in iterables:
        yield from it


def _isolated_batches(isolate, nlp: Language, articles: Sequence[Article], idx: list[int], failed: dict[int, str]):
    """``([i], [(i, rows, bytes)])`` for each article of ``idx`` analysed by ``isolate`` (one at a time,
    each within its time limit); an article that fails or runs over goes in ``failed``."""
    if not idx:
        return
    from .isolated import WorkerFailed, WorkerTimeout
    from ..tables.rows import rows_from_bytes

    if isolate.spec is None:
        isolate.spec = pipeline_spec(nlp)
    for i in idx:
        try:
            data = isolate.analyse(articles[i].text)
        except (WorkerTimeout, WorkerFailed) as exc:
            failed[i] = str(exc)
            yield [i], []
            continue
        if isolate.key != analysis_key(nlp):
            raise RuntimeError("the isolated worker built a different pipeline than this process")
        yield [i], [(i, rows_from_bytes(data), data)]


def _stored_rows(data: bytes | None) -> dict | None:
    """The rows stored as ``data``; None if there are none or they cannot be read."""
    if data is None:
        return None
    try:
        return rows_from_bytes(data)
    except Exception:  # a damaged or older entry: analyse the article again
        return None


