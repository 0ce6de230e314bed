"""One benchmark phase, run in a fresh process by ``bench/run.py`` so that its peak memory is its own.

``python3 bench/phases.py PHASE CORPUS_DIR [--store FILE] [--workers N]`` prints one JSON object.
Phases: ``bare`` (the model alone, ``nlp.pipe``), ``analysis`` (``components.run.analyze.analyze`` with
``--workers`` processes into a fresh store), ``reopen`` (``analyze`` of the same corpus from the
filled store), ``dashboard`` (AppTest: cold start, a new session, filter changes, every view).
The whole-process measurements (the ``briefing`` command itself) are made by ``bench/run.py``.
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


def load(corpus: str, store: str | None = None):
    """The articles of ``corpus`` and their words, read as ``briefing analyze`` reads them: through the
    store when there is one (so the dashboard opened next finds the folder's reading kept there)."""
    from components.knowledge import load_knowledge

    try:
        from components.run.reading import read_corpus
    except ImportError:  # (code from before readings were kept)
        from components.ingest.articles import load_corpus as read_corpus
        store = None
    kw = {"store": store} if store else {}
    articles, skipped = read_corpus([corpus], knowledge=load_knowledge(), **kw)
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

    articles, words = load(args.corpus, args.store)
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
            "store_bytes": sum(f.stat().st_size for f in Path(args.store).parent.glob(Path(args.store).name + "*"))
            if args.store else 0,
            "rows": {k: len(v) for k, v in result.tables.items()}}


def reopen(args) -> dict:
    """``analyze`` of the corpus from the store as the command line runs it (no pipeline given: the
    model is loaded only if something must be analysed, and that time is reported apart)."""
    import components.nlp.pipeline as pl
    from components.run.analyze import analyze
    from components.store import Store

    articles, words = load(args.corpus, args.store)
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
    analysis filled (``$BRIEFING_STORE``). Times, wall and CPU seconds: the cold start (a fresh
    process: importing Streamlit, then the first run: imports, reading the folder, reopening the
    tables), a rerun with no change, a new session on the running server (what reopening the page
    costs), each filter set and cleared (every list filter, the search text, the scope), and every
    view, the Briefing included, first unfiltered and then under an actor filter. Each step has a
    ``kind`` (cold, rerun, session, filter, view, briefing) by which the targets are judged. A step
    over ``--view-timeout`` seconds ends the phase (AppTest cannot stop a running script)."""
    t0, c0 = time.perf_counter(), cpu_seconds()
    app = ROOT / "dashboard" / "app.py"
    if "select_corpus" not in app.read_text(encoding="utf-8"):
        return {"skipped": "the dashboard does not take its corpus from select_corpus"}
    os.environ["BRIEFING_STORE"] = args.store
    os.environ.pop("BRIEFING_EXTRA_CORPUS", None)
    from streamlit.testing.v1 import AppTest

    import dashboard.corpus as dc

    import_seconds, import_cpu = time.perf_counter() - t0, cpu_seconds() - c0
    dc.SEEDS = Path(args.corpus).resolve()  # the server's bundled corpus is the benchmark folder alone
    steps: dict[str, dict] = {}

    class Over(Exception):
        pass

    def timed(name: str, kind: str, test=None) -> float:
        test = test or at
        t, c = time.perf_counter(), cpu_seconds()
        try:
            test.run(timeout=args.view_timeout)
        except RuntimeError as exc:  # AppTest's timeout: the script is still running
            steps[name] = {"seconds": None, "over": args.view_timeout, "kind": kind, "error": str(exc)[:200]}
            raise Over(name) from exc
        steps[name] = {"seconds": time.perf_counter() - t, "cpu": cpu_seconds() - c, "kind": kind,
                       "exceptions": [str(e.value)[:200] for e in test.exception]}
        return steps[name]["seconds"]

    at = AppTest.from_file(str(app), default_timeout=args.view_timeout)
    out: dict = {"import_seconds": import_seconds, "import_cpu": import_cpu}
    try:
        out["cold_seconds"] = import_seconds + timed("cold start (first run)", "cold")
        steps["cold start (first run)"]["seconds_with_import"] = out["cold_seconds"]
        metric = {m.label: m.value for m in at.metric}
        out["articles"] = int(metric["Articles"]) if str(metric.get("Articles", "")).isdigit() else None
        timed("rerun, nothing changed", "rerun")
        out["session_seconds"] = timed("new session on the running server", "session",
                                       AppTest.from_file(str(app), default_timeout=args.view_timeout))
        def widget(kind: str, key: str):
            """The widget ``key`` of the page as last run (an element of an earlier run is stale:
            a value set on it is not sent)."""
            return next((w for w in getattr(at, kind) if w.key == key and getattr(w, "options", True)), None)

        first = {}
        for key in ("actor", "weapon", "outlet", "stance"):
            box = widget("multiselect", key)
            if box is None:
                continue
            first[key] = box.options[0]
            box.set_value([box.options[0]])
            timed(f"filter {key} = {box.options[0]!r}", "filter")
            widget("multiselect", key).set_value([])
            timed(f"filter {key} cleared", "filter")
        if widget("text_input", "q") is not None:
            widget("text_input", "q").input("missile")
            timed("filter search text = 'missile'", "filter")
            widget("text_input", "q").input("")
            timed("filter search text cleared", "filter")
        scope, actor = widget("radio", "scope"), widget("multiselect", "actor")
        if scope is not None and actor is not None:
            name = actor.options[0]
            actor.set_value([name])
            timed(f"filter actor = {name!r} (sentence scope)", "filter")
            scope = widget("radio", "scope")
            before = scope.value  # (a raw value; the radio's options are its labels)
            try:
                from components.tables.filters import SCOPES
                values = [v for v, _ in SCOPES]
            except ImportError:
                values = ["sentence", "article"]
            other = next(v for v in values if v != before)
            scope.set_value(other)
            timed(f"filter scope = {other!r} (actor set)", "filter")
            widget("radio", "scope").set_value(before)
            timed("filter scope back", "filter")
            widget("multiselect", "actor").set_value([])
            timed("filter actor cleared", "filter")
        views = [t.label for t in at.tabs]
        if views:
            for view in views:
                at.session_state["view"] = view
                timed(f"view {view}", "briefing" if view == "Briefing" else "view")
            actor = next((w for w in at.multiselect if w.key == "actor" and w.options), None)
            if actor is not None:
                actor.set_value([actor.options[0]])
                timed(f"filter actor = {actor.options[0]!r} (on the {views[-1]} view)", "filter")
                for view in views:
                    at.session_state["view"] = view
                    timed(f"view {view}, actor = {actor.options[0]!r}", "briefing" if view == "Briefing" else "view")
    except Over as exc:
        out["stopped_at"] = str(exc)
    out["steps"] = steps
    out["exceptions"] = sorted({e for s in steps.values() for e in s.get("exceptions", [])})
    return out


PHASES = {"bare": bare, "analysis": analysis, "reopen": reopen, "dashboard": dashboard}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("phase", choices=sorted(PHASES))
    p.add_argument("corpus")
    p.add_argument("--store", default=None)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--view-timeout", type=float, default=120.0, help="dashboard phase: seconds allowed per step")
    args = p.parse_args()
    if args.store:
        os.environ["BRIEFING_STORE"] = args.store
    out = PHASES[args.phase](args)
    out.update(peak_mb())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
