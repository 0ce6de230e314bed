"""One benchmark phase, run in a fresh process by ``bench/run.py`` so that its peak memory is its own.

``python3 bench/phases.py PHASE CORPUS_DIR [--store FILE] [--workers N]`` prints one JSON object.
Phases: ``bare`` (the model alone, ``nlp.pipe``), ``analysis`` (``components.run.analyze.analyze`` with
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
    from components.ingest.articles import load_corpus
    from components.knowledge import load_knowledge

    articles, skipped = load_corpus([corpus], knowledge=load_knowledge())
    return articles, sum(len(a.text.split()) for a in articles)


def bare(args) -> dict:
    from components.nlp.model import load_model
    from components.nlp.pipeline import build_pipeline

    articles, words = load(args.corpus)
    from components.knowledge import load_knowledge

    model = build_pipeline(knowledge=load_knowledge()).meta["debate_briefing"]["model"]  # the model the analysis uses
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
    import components.run.analyze as an
    from components.store import Store

    articles, words = load(args.corpus)
    from components.knowledge import load_knowledge

    nlp = an.build_pipeline(knowledge=load_knowledge())
    spent = {"store": 0.0, "tables": 0.0}
    an.rows_to_bytes = timed(an.rows_to_bytes, spent, "store")
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
    import components.nlp.pipeline as pl
    from components.run.analyze import analyze
    from components.store import Store

    articles, words = load(args.corpus)
    spent = {"model": 0.0}
    pl.load_model = timed(pl.load_model, spent, "model")
    t0, c0 = time.perf_counter(), cpu_seconds()
    from components.knowledge import load_knowledge

    result = analyze(articles, store=Store(args.store), knowledge=load_knowledge())
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    return {"seconds": seconds - spent["model"], "cpu": cpu, "load_pipeline_seconds": spent["model"],
            "model_loaded": spent["model"] > 0, "reused": result.stats["reused"],
            "tables_reused": bool(result.stats.get("tables_reused")), "articles": len(articles)}


def dashboard(args) -> dict:
    """The dashboard as a user gets it, under AppTest: ``dashboard/app.py`` on a server whose bundled
    corpus is the benchmark folder (read by the app's own ``select_corpus``), with the store the
    analysis phase filled (``$BRIEFING_STORE``). Times the cold start (a fresh process: imports, the
    pipeline, reading the folder, reopening the tables), a rerun with no change, a filter rerun
    (actor, then weapon) and a switch to each view; CPU seconds alongside."""
    app = ROOT / "dashboard" / "app.py"
    if "select_corpus" not in app.read_text(encoding="utf-8") or not (ROOT / "dashboard" / "filters.py").exists():
        return {"skipped": "the dashboard does not take its corpus from select_corpus or has no filters yet"}
    os.environ["BRIEFING_STORE"] = args.store
    os.environ.pop("BRIEFING_EXTRA_CORPUS", None)
    from streamlit.testing.v1 import AppTest

    import dashboard.corpus as dc

    dc.SEEDS = Path(args.corpus).resolve()  # the server's bundled corpus is the benchmark folder alone
    at = AppTest.from_file(str(app), default_timeout=3600)
    steps: dict[str, dict] = {}

    def timed(name: str, timeout: float | None = None) -> float:
        t0, c0 = time.perf_counter(), cpu_seconds()
        at.run(timeout=timeout)
        steps[name] = {"seconds": time.perf_counter() - t0, "cpu": cpu_seconds() - c0,
                       "exceptions": [str(e.value)[:200] for e in at.exception]}
        return steps[name]["seconds"]

    out = {"cold_seconds": timed("cold start")}
    metric = {m.label: m.value for m in at.metric}
    out["articles"] = int(metric["Articles"]) if metric.get("Articles", "").isdigit() else None
    timed("rerun, nothing changed")
    rerun = None
    for key in ("actor", "weapon"):
        widget = next((w for w in at.multiselect if w.key == key and w.options), None)
        if widget is None:
            continue
        widget.set_value([widget.options[0]])
        seconds = timed(f"filter {key} = {widget.options[0]!r}")
        if rerun is None:
            rerun, out["filter"] = seconds, f"multiselect {widget.label!r} = {widget.options[0]!r}"
        widget.set_value([])
        timed(f"filter {key} cleared")
    out["rerun_seconds"] = rerun
    # the views whose work grows fastest with the corpus (the briefing, repeated quotes) go last, each
    # allowed --view-timeout seconds; the first to run over ends the phase (--no-all-views skips them)
    views = sorted((t.label for t in at.tabs), key=lambda v: (v in ("Quotes", "Briefing"), v == "Overview"))
    if not args.all_views:  # at thousands of articles these two run for minutes (pairwise work)
        out["views_not_timed"] = [v for v in views if v in ("Quotes", "Briefing")]
        views = [v for v in views if v not in ("Quotes", "Briefing")]
    for view in views:
        at.session_state["view"] = view
        try:
            timed(f"view {view}", args.view_timeout)
        except RuntimeError as exc:  # AppTest's timeout: the script is still running
            steps[f"view {view}"] = {"seconds": None, "over": args.view_timeout, "error": str(exc)[:200]}
            break
    out["steps"] = steps
    out["exceptions"] = sorted({e for s in steps.values() for e in s["exceptions"]})
    return out


PHASES = {"bare": bare, "analysis": analysis, "reopen": reopen, "dashboard": dashboard}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("phase", choices=sorted(PHASES))
    p.add_argument("corpus")
    p.add_argument("--store", default=None)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--all-views", action=argparse.BooleanOptionalAction, default=True,
                   help="dashboard phase: time Quotes and Briefing too (default; --no-all-views skips them)")
    p.add_argument("--view-timeout", type=float, default=120.0, help="dashboard phase: seconds allowed per view")
    args = p.parse_args()
    if args.store:
        os.environ["BRIEFING_STORE"] = args.store
    out = PHASES[args.phase](args)
    out.update(peak_mb())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
