"""One benchmark phase, run in a fresh process by ``bench/run.py`` so that its peak memory is its own.

``python3 bench/phases.py PHASE CORPUS_DIR [--store FILE] [--workers N]`` prints one JSON object.
Phases: ``bare`` (the model alone, ``nlp.pipe``), ``analysis`` (``components.analysis.analyze`` with
``--workers`` processes into a fresh store), ``reopen`` (``analyze`` of the same corpus from the
filled store), ``dashboard`` (AppTest cold start and a filter rerun).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_mb() -> dict:
    """Peak resident memory (MB) of this process and of its largest child process so far."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_mb": round(own, 1), "peak_child_mb": round(child, 1)}


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children so far."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def load(corpus: str):
    from components.corpus import load_corpus

    articles, skipped = load_corpus([corpus])
    return articles, sum(len(a.text.split()) for a in articles)


def bare(args) -> dict:
    from components.model import load_model
    from components.pipeline import build_pipeline

    articles, words = load(args.corpus)
    model = build_pipeline().meta["debate_briefing"]["model"]  # the same model the analysis uses
    nlp, _ = load_model(model)
    texts = [a.text for a in articles]
    t0, c0 = time.perf_counter(), cpu_seconds()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size))
    return {"seconds": time.perf_counter() - t0, "cpu": cpu_seconds() - c0, "words": words, "tokens": tokens,
            "articles": len(articles)}


def timed(fn, spent: dict, name: str):
    """``fn`` adding its wall time to ``spent[name]``."""
    def wrapper(*a, **k):
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
    return wrapper


def analysis(args) -> dict:
    import components.analysis as an
    from components.store import Store

    articles, words = load(args.corpus)
    nlp = an.build_pipeline()
    spent = {"store": 0.0, "tables": 0.0}
    an.doc_to_bytes = timed(an.doc_to_bytes, spent, "store")
    an.TableRows.add = timed(an.TableRows.add, spent, "tables")  # rows taken from each Doc
    an.TableRows.tables = timed(an.TableRows.tables, spent, "tables")  # and the corpus-level merge
    store = Store(args.store) if args.store else None
    if store is not None:
        store.put = timed(store.put, spent, "store")
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = an.analyze(articles, nlp, store=store, batch_size=args.batch_size, workers=args.workers)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "cpu": cpu_seconds() - c0, "workers": args.workers, "words": words,
            "articles": len(articles), "store_seconds": spent["store"],
            "tables_seconds": spent["tables"], "analysed": result.stats["analysed"],
            "rows": {k: len(v) for k, v in result.tables.items()}}


def reopen(args) -> dict:
    """``analyze`` of the corpus from the store as the command line runs it (no pipeline given: the
    model is loaded only if something must be analysed, and that time is reported apart)."""
    import components.pipeline as pl
    from components.analysis import analyze
    from components.store import Store

    articles, words = load(args.corpus)
    spent = {"model": 0.0}
    pl.load_model = timed(pl.load_model, spent, "model")
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = analyze(articles, store=Store(args.store))
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    return {"seconds": seconds - spent["model"], "cpu": cpu, "load_pipeline_seconds": spent["model"],
            "model_loaded": spent["model"] > 0, "reused": result.stats["reused"],
            "tables_reused": bool(result.stats.get("tables_reused")), "articles": len(articles)}


def dashboard(args) -> dict:
    """Cold start and one filter rerun of ``dashboard/app.py`` under AppTest, on the corpus, with the
    store filled by the analysis phase (``$BRIEFING_STORE``)."""
    app = ROOT / "dashboard" / "app.py"
    if "select_corpus" not in app.read_text(encoding="utf-8") or not (ROOT / "dashboard" / "filters.py").exists():
        return {"skipped": "the dashboard does not take its corpus from select_corpus or has no filters yet"}
    os.environ["BRIEFING_STORE"] = args.store
    from streamlit.testing.v1 import AppTest

    import dashboard.corpus as dc

    from components.corpus import load_corpus

    articles, skipped = load_corpus([args.corpus])
    dc.select_corpus = lambda *a, **k: (articles, skipped, f"benchmark corpus ({len(articles)} articles)")
    at = AppTest.from_file(str(app), default_timeout=3600)
    t0 = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t0
    out = {"cold_seconds": cold, "articles": len(articles), "exceptions": [str(e.value)[:200] for e in at.exception]}
    widget = next((w for w in list(at.multiselect) if w.options), None)
    rerun = None
    if widget is not None:
        widget.set_value([widget.options[0]])
        t0 = time.perf_counter()
        at.run()
        rerun = time.perf_counter() - t0
        out["filter"] = f"multiselect {widget.label!r} = {widget.options[0]!r}"
    else:
        box = next((w for w in list(at.selectbox) if len(w.options) > 1), None)
        if box is not None:
            box.select(box.options[1])
            t0 = time.perf_counter()
            at.run()
            rerun = time.perf_counter() - t0
            out["filter"] = f"selectbox {box.label!r} = {box.options[1]!r}"
    out["rerun_seconds"] = rerun
    return out


PHASES = {"bare": bare, "analysis": analysis, "reopen": reopen, "dashboard": dashboard}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("phase", choices=sorted(PHASES))
    p.add_argument("corpus")
    p.add_argument("--store", default=None)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=16)
    args = p.parse_args()
    if args.store:
        os.environ["BRIEFING_STORE"] = args.store
    out = PHASES[args.phase](args)
    out.update(peak_mb())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
