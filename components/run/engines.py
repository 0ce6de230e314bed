"""Where the per-article analysis runs: in this process, in N local processes, or on a Dask cluster.

:func:`analysed_batches` is what :func:`components.run.analyze.analysed_rows` iterates over. Each batch of
article texts is analysed by the same pipeline, and each article comes back as ``(index, rows,
bytes | None)``, ``rows`` being what the tables take from its Doc (:func:`~components.tables.rows.doc_rows`):

- ``engine="local", workers=1``: ``nlp.pipe`` in this process (no serialisation);
- ``engine="local", workers=N``: a pool of N processes; each builds the pipeline once from the
  :func:`pipeline_spec` of ``nlp`` and sends every article's rows back serialised
  (:func:`~components.tables.rows.rows_to_bytes`), never a Doc;
- ``engine="dask"``: the same per-batch function mapped over ``dask.distributed`` (a ``LocalCluster`` of
  N single-threaded worker processes, or the scheduler at ``scheduler``); the workers need this package
  and the same model installed.

The bytes are reused by the store, so the rows are serialised once. The tables, and the export, are
identical whichever engine ran (a worker whose pipeline differs from the parent's is refused).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language

from ..nlp.batch import pipe_articles

ENGINES = ("local", "dask")
Batch = tuple[list[int], list[str]]
Result = tuple[int, dict, "bytes | None"]

_PIPELINES: dict[tuple, tuple[Language, str]] = {}  # per worker process: spec -> (nlp, analysis key)


def pipeline_spec(nlp: Language) -> dict:
    """What a worker needs to build the same pipeline as ``nlp`` (recorded by ``build_pipeline``)."""
    spec = nlp.meta.get("debate_briefing_build")
    if not spec:
        raise ValueError("analysing in several processes needs a pipeline made by "
                         "components.nlp.pipeline.build_pipeline")
    return dict(spec)


def worker_pipeline(spec: dict) -> tuple[Language, str]:
    """The pipeline for ``spec`` in this process, and its analysis key; built once per process."""
    key = tuple(sorted(spec.items()))
    if key not in _PIPELINES:
        from ..knowledge import read_knowledge
        from ..nlp.pipeline import build_pipeline
        from ..store import analysis_key

        nlp = build_pipeline(spec.get("model"), knowledge=read_knowledge(spec.get("data_dir")), debate=spec.get("debate"))
        _PIPELINES[key] = (nlp, analysis_key(nlp))
    return _PIPELINES[key]


def analyse_texts(spec: dict, idx: list[int], texts: list[str]) -> tuple[str, list[tuple[int, bytes]], dict[int, str]]:
    """Run in a worker: ``(analysis_key, [(index, rows_bytes)], {index: why_failed})`` for one batch."""
    from ..tables.rows import doc_rows, rows_to_bytes

    nlp, key = worker_pipeline(spec)
    failed: dict[int, str] = {}
    out = []
    for i, doc in pipe_articles(nlp, texts, idx, failed):
        try:
            out.append((i, rows_to_bytes(doc_rows(doc))))
        except (TypeError, ValueError, OverflowError) as exc:
            failed[i] = f"the analysis of this article could not be sent back from a worker ({exc})"
    return key, out, failed


def analysed_batches(nlp: Language, batches: Iterable[Batch], failed: dict[int, str], *, workers: int = 1,
                     engine: str = "local", scheduler=None) -> Iterator[tuple[list[int], list[Result]]]:
    """``(batch indices, [(index, rows, bytes|None)])`` for each batch, in the order batches finish.

    Articles on which the pipeline raised are left out of the results and recorded in ``failed``.
    ``scheduler`` (dask only) is a scheduler address or a ``distributed.Client``.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    batches = list(batches)
    if engine == "local" and workers <= 1:
        from ..tables.rows import doc_rows

        for idx, texts in batches:  # each Doc is dropped as soon as its rows are taken
            yield idx, [(i, doc_rows(doc), None) for i, doc in pipe_articles(nlp, texts, idx, failed)]
        return
    spec = pipeline_spec(nlp)
    from ..store import analysis_key

    key = analysis_key(nlp)
    run = _dask_results if engine == "dask" else _pool_results
    for idx, (worker_key, results, worker_failed) in run(spec, batches, workers, scheduler):
        if worker_key != key:
            raise RuntimeError("a worker built a different pipeline (other code, model or knowledge files) "
                               "than this process; install the same version everywhere")
        failed.update(worker_failed)
        from ..tables.rows import rows_from_bytes

        yield idx, [(i, rows_from_bytes(data), data) for i, data in results]


def _pool_results(spec: dict, batches: list[Batch], workers: int, scheduler=None):
    """Batches analysed by a pool of ``workers`` fresh processes (spawned: no state inherited)."""
    import multiprocessing  # (imported only by a run with several processes)
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=ctx) as pool:
        futures = {pool.submit(analyse_texts, spec, idx, texts): idx for idx, texts in batches}
        for fut in as_completed(futures):
            yield futures[fut], fut.result()


def _dask_results(spec: dict, batches: list[Batch], workers: int, scheduler=None):
    """Batches analysed on a Dask cluster: ``scheduler`` (address or Client), else a LocalCluster of
    ``workers`` single-threaded processes started for this run."""
    from dask.distributed import Client, LocalCluster, as_completed as dask_completed

    own_cluster = own_client = None
    if scheduler is None:
        own_cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        client = own_client = Client(own_cluster)
    elif isinstance(scheduler, str):
        client = own_client = Client(scheduler)
    else:
        client = scheduler
    try:
        futures = [client.submit(analyse_texts, spec, idx, texts, pure=False) for idx, texts in batches]
        index = {fut.key: idx for fut, (idx, _) in zip(futures, batches)}
        for fut in dask_completed(futures):
            yield index[fut.key], fut.result()
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()

