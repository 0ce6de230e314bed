"""The benchmark: ``python3 bench/run.py`` (see ``--help`` for smaller, quicker runs).

Two parts, each phase in a fresh process so that its time and peak memory are its own:

- **Real coverage, as a user runs it** (``--corpus DIR``, repeatable; by default the 60 texts of
  re-sampled seed paragraphs and, when present, ``../shared/corpora/ukraine-war-news/``): the bare
  model as one whole process (:mod:`bench.bare`) against the whole ``briefing analyze --json``
  command on the same texts into a fresh store, the same command again on the unchanged corpus
  (its export compared byte for byte), and the dashboard on that store under Streamlit's AppTest
  (cold start, a new session on the running server, each filter set and cleared, every view, the
  Briefing included; peak memory).
- **Size scaling** on synthetic corpora (``--sizes``, paragraphs of the seeds re-sampled): the bare
  model's ``nlp.pipe`` against the analysis in one process, reopening from the store, 1 against N
  worker processes, and the dashboard at ``--dashboard-size`` articles.

It prints a table, ends with the targets of issue 17 (met or not, with the figure), and writes
``bench/RESULTS.md`` with the machine and its load average.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import make_corpus  # noqa: E402

#: the real coverage benchmarked by default when it is there (beside the checkout)
REAL_CORPUS = ROOT.parent / "shared" / "corpora" / "ukraine-war-news"
#: the targets of issue 17 (seconds, MB, ratios) and the older ones still reported
TARGETS = {"ratio": 0.85, "speedup": 1.6, "peak_mb": 2048, "cli_rerun_s": 5.0, "dash_reopen_s": 3.0,
           "filter_s": 0.25, "view_s": 1.0, "briefing_s": 2.0, "cold_s": 10.0, "reopen_s": 2.0}


def machine() -> dict:
    """Cores, RAM, CPU model, Python, spaCy and model versions, load average."""
    import spacy

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    ram = ""
    if Path("/proc/meminfo").exists():
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GB"
    return {"cores": os.cpu_count(), "ram": ram, "cpu": cpu, "python": platform.python_version(),
            "spacy": spacy.__version__, "model": model_label(), "platform": platform.platform(), "load": load()}


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def model_name() -> str:
    """The spaCy model package the analysis loads (found without loading it)."""
    from components.nlp.model import find_model

    return find_model()[0]


def model_label() -> str:
    try:
        from importlib.metadata import version

        name = model_name()
        return name + (" " + version(name.replace("_", "-")) if name != "blank" else "")
    except Exception as exc:  # noqa: BLE001 - the report still runs
        return f"? ({exc})"


def phase(name: str, corpus: Path, **opts) -> dict:
    """Run one in-process phase of :mod:`bench.phases` in a fresh Python process; its JSON result."""
    cmd = [sys.executable, str(HERE / "phases.py"), name, str(corpus)]
    for k, v in opts.items():
        if v is not None:
            cmd += [f"--{k.replace('_', '-')}", str(v)]
    print(f"  {name} on {corpus.name} …", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:300]}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall"] = time.perf_counter() - t0
    return out


def process(cmd: list[str], label: str, env: dict | None = None) -> dict:
    """Run ``cmd`` as a whole process, as a user would, and measure it from the outside: wall seconds,
    CPU seconds (user + system) and peak resident memory of that very process, from ``wait4``.
    ``stdout`` is its last line (parsed when it is JSON), ``stderr`` its last lines."""
    import tempfile

    print(f"  {label} …", file=sys.stderr, flush=True)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(p.pid, 0)
        seconds = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        last = (out.read().strip().splitlines() or [""])[-1]
        tail = [line.split("\r")[-1] for line in err.read().strip().splitlines()[-3:]]
    res = {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
           "rc": p.returncode, "stderr": tail}
    try:
        res["out"] = json.loads(last)
    except ValueError:
        res["out"] = last
    if p.returncode != 0:
        res["error"] = (tail or [f"exit status {p.returncode}"])[-1][:300]
    return res


def fmt(x, unit: str = "", digits: int = 1) -> str:
    return "n/a" if x is None else f"{x:,.{digits}f}{unit}"



# ------------------------------------------------------------------------------ real coverage
def texts_of(corpus: Path, out: Path) -> tuple[int, int]:
    """Write the texts the analysis reads from ``corpus`` (as ``load_corpus`` gives them: decoded,
    cleaned, byte-identical copies left out) into ``out``, one file each, for :mod:`bench.bare`;
    return ``(articles, words)``."""
    from components.ingest.articles import load_corpus
    from components.knowledge import load_knowledge

    articles, _ = load_corpus([corpus], knowledge=load_knowledge())
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    for i, a in enumerate(articles):
        (out / f"{i:06d}.txt").write_text(a.text, encoding="utf-8")
    return len(articles), sum(len(a.text.split()) for a in articles)


def fresh(store: Path) -> Path:
    for f in (store, Path(str(store) + ".wal")):
        f.unlink(missing_ok=True)
    return store


def whole(name: str, corpus: Path, work: Path, args) -> dict:
    """The whole-process phases on one corpus (see the module docstring). With ``--repeat N`` the bare
    model and the first analysis alternate N times (each into a fresh store) and the fastest of each
    is kept, so a passing burst of load on the machine does not decide the ratio."""
    res: dict = {"corpus": str(corpus)}
    texts = work / f"texts-{name}"
    res["articles"], res["words"] = texts_of(corpus, texts)
    store = work / f"store-{name}.duckdb"
    first_json, rerun_json = work / f"export-{name}-first.json", work / f"export-{name}-rerun.json"
    cli = [sys.executable, "-m", "components.cli", "analyze", str(corpus), "--store", str(store)]
    bare = [sys.executable, str(HERE / "bare.py"), str(texts), model_name(), str(args.batch_size)]
    runs: dict[str, list] = {"bare": [], "first": []}
    for k in range(max(1, args.repeat)):
        runs["bare"].append(process(bare, f"bare model on {name} ({k + 1}/{args.repeat})"))
        fresh(store)
        runs["first"].append(process(cli + ["--json", str(first_json)],
                                     f"briefing analyze --json on {name}, fresh store ({k + 1}/{args.repeat})"))
    for key, got in runs.items():
        ok = [r for r in got if "error" not in r]
        res[key] = min(ok, key=lambda r: r["seconds"]) if ok else got[-1]
        res[key]["runs"] = [round(r["seconds"], 2) for r in got]
    res["rerun"] = process(cli + ["--json", str(rerun_json)], f"briefing analyze --json on {name} again, unchanged")
    res["identical"] = first_json.exists() and rerun_json.exists() and first_json.read_bytes() == rerun_json.read_bytes()
    if not args.no_dashboard:
        res["dashboard"] = phase("dashboard", corpus, store=store, view_timeout=args.view_timeout)
    return res


def real_corpora(args) -> list[tuple[str, Path]]:
    """``(name, folder)`` of each corpus of the real-coverage part."""
    work = Path(args.workdir)
    out = []
    if args.seed_texts:
        out.append((f"seeds-{args.seed_texts}", make_corpus(args.seed_texts, work / f"seed-texts-{args.seed_texts}",
                                                           seed=args.seed)))
    for c in args.corpus if args.corpus is not None else ([REAL_CORPUS] if REAL_CORPUS.is_dir() else []):
        c = Path(c).resolve()
        out.append((c.name, c))
    return out


# ------------------------------------------------------------------------------- size scaling
def scaling(n: int, work: Path, args) -> dict:
    corpus = make_corpus(n, work / f"corpus-{n}", seed=args.seed)
    store = fresh(work / f"store-{n}.duckdb")
    res: dict = {}
    print(f"{n} synthetic articles:", file=sys.stderr)
    if n in args.sizes:
        res["bare"] = phase("bare", corpus, batch_size=args.batch_size)
        res["analysis"] = phase("analysis", corpus, store=store, batch_size=args.batch_size)
        res["reopen"] = phase("reopen", corpus, store=store)
    if n == args.workers_size:  # the same analysis into its own fresh store, with N processes
        wstore = fresh(work / f"store-{n}-w{args.workers}.duckdb")
        if "analysis" not in res:
            res["analysis"] = phase("analysis", corpus, store=store, batch_size=args.batch_size)
        res["workers"] = phase("analysis", corpus, store=wstore, workers=args.workers, batch_size=args.batch_size)
    if n == args.dashboard_size and not args.no_dashboard:
        if "analysis" not in res:  # the dashboard reopens the analysed corpus from the store
            res["analysis"] = phase("analysis", corpus, store=store, batch_size=args.batch_size)
        res["dashboard"] = phase("dashboard", corpus, store=store, view_timeout=args.view_timeout)
    return res


def run(args) -> str:
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "real": {}, "sizes": {}, "args": vars(args),
                     "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}

    def save():
        results["load_end"] = load()
        (work / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
        if args.out != "-":  # after every part, so a long run that is stopped still leaves its results
            Path(args.out).write_text(report(results, args), encoding="utf-8")

    for name, corpus in real_corpora(args):
        print(f"{name} ({corpus}):", file=sys.stderr)
        results["real"][name] = whole(name, corpus, work, args)
        save()
    for n in sorted({*args.sizes, args.workers_size, args.dashboard_size} - {0}):
        results["sizes"][n] = scaling(n, work, args)
        save()
    save()
    return report(results, args)


# ------------------------------------------------------------------------------------ report
def report(results: dict, args) -> str:
    m = results["machine"]
    lines = ["# Benchmark results", "",
             f"Command: `python3 bench/run.py {' '.join(sys.argv[1:])}`".replace(" `", "`"),
             f"Run: {results['started']}", "",
             f"Machine: {m['cores']} cores ({m['cpu']}), {m['ram']} RAM; load average (1, 5, 15 min) at start "
             f"{m['load']}, at the end {results.get('load_end', '?')}; Python {m['python']}, spaCy {m['spacy']}, "
             f"model {m['model']}; {m['platform']}.", ""]
    if results["real"]:
        lines += ["## Real coverage, whole processes", "",
                  "Each cell is one process measured from outside (wall seconds, CPU seconds user + system): the "
                  "bare model (`bench/bare.py`: import spaCy, load the model, `nlp.pipe` over the same texts) and "
                  "`briefing analyze CORPUS --json OUT --store FRESH`, then the same command on the unchanged "
                  "corpus.", "",
                  "| corpus | articles | words | bare model | analyze --json, first run | ratio wall (CPU) "
                  "(target ≥ 0.85) | re-run, unchanged (target ≤ 5 s) | peak MB bare / first / re-run | "
                  "export identical |", "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        for name, r in results["real"].items():
            b, f, rr = r.get("bare", {}), r.get("first", {}), r.get("rerun", {})
            err = next((x["error"] for x in (b, f, rr) if "error" in x), None)
            if err:
                lines.append(f"| {name} | {r.get('articles')} | {r.get('words', 0):,} | error: {err} ||||||")
                continue
            lines.append(f"| {name} | {r['articles']} | {r['words']:,} | {_wc(b)} | {_wc(f)} | "
                         f"{b['seconds'] / f['seconds']:.2f} ({b['cpu'] / f['cpu']:.2f}) | {_wc(rr)} | "
                         f"{b['peak_mb']:,.0f} / {f['peak_mb']:,.0f} / {rr['peak_mb']:,.0f} | "
                         f"{'yes' if r.get('identical') else '**no**'} |")
        if any(len(r.get("first", {}).get("runs", [])) > 1 for r in results["real"].values()):
            lines += ["", "Fastest of " + ", ".join(
                f"{name}: bare {r['bare']['runs']}, first run {r['first']['runs']} s"
                for name, r in results["real"].items() if "runs" in r.get("first", {})) + "."]
    dashboards = [(name, r["dashboard"]) for name, r in results["real"].items() if r.get("dashboard")]
    dashboards += [(f"synthetic-{n}", r["dashboard"]) for n, r in results["sizes"].items() if r.get("dashboard")]
    if dashboards:
        lines += ["", "## Dashboard (AppTest on the corpus's store, as `streamlit run` serves it)", ""]
    for name, d in dashboards:
        if "error" in d or "skipped" in d:
            lines.append(f"- {name}: not measured: {d.get('error') or d.get('skipped')}")
            continue
        lines += [f"### {name} ({d.get('articles') or '?'} articles)", "",
                  f"Cold start {d['cold_seconds']:.2f} s (of which importing Streamlit {d.get('import_seconds', 0):.2f} s); "
                  f"a new session on the running server {fmt(d.get('session_seconds'), ' s', 2)}; "
                  f"peak memory {d['peak_mb']:,.0f} MB"
                  + (f"; app exceptions: {d['exceptions']}" if d.get("exceptions") else "") + ".", "",
                  "| step | wall | CPU |", "|---|---:|---:|"]
        for step, v in d["steps"].items():
            wall = f"{v['seconds']:.2f} s" if v.get("seconds") is not None else f"over {v.get('over')} s"
            lines.append(f"| {step} | {wall} | {fmt(v.get('cpu'), ' s', 2)} |")
        lines.append("")
    rows = [(n, r) for n, r in results["sizes"].items() if r.get("bare") and r.get("analysis")]
    if rows or any(r.get("workers") for r in results["sizes"].values()):
        lines += ["## Size scaling (synthetic corpora, the analysis in one process)", "",
                  "| articles | words | bare nlp.pipe words/s (per CPU-s) | analysis words/s (per CPU-s) | "
                  "ratio wall (CPU) | of which store writes / tables | peak MB bare | peak MB analysis | "
                  "reopen from store |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, res in rows:
        b, a, r = res["bare"], res["analysis"], res.get("reopen")
        if "error" in b or "error" in a:
            lines.append(f"| {n} | error: {b.get('error') or a.get('error')} |||||||| ")
            continue
        bw, aw = b["words"] / b["seconds"], a["words"] / a["seconds"]
        bc, ac = b["words"] / b["cpu"], a["words"] / a["cpu"]
        reopen = "error: " + r["error"] if r and "error" in r else (
            f"{r['seconds']:.2f} s ({_model_note(r)}), peak {r['peak_mb']:.0f} MB" if r else "n/a")
        lines.append(f"| {n} | {a['words']:,} | {bw:,.0f} ({bc:,.0f}) | {aw:,.0f} ({ac:,.0f}) | "
                     f"{aw / bw:.2f} ({ac / bc:.2f}) | "
                     f"{a['store_seconds'] / a['seconds']:.0%} / {a['tables_seconds'] / a['seconds']:.0%} | "
                     f"{b['peak_mb']:,.0f} | {a['peak_mb']:,.0f} | {reopen} |")
    for n, res in results["sizes"].items():
        w = res.get("workers")
        if not w:
            continue
        if "error" in w:
            lines.append(f"\n- workers at {n} articles: error: {w['error']}")
            continue
        one = res["analysis"]
        lines += ["", f"Workers, {n} articles ({w['words']:,} words): 1 worker {one['seconds']:.1f} s "
                      f"({one['cpu']:.0f} CPU-s), {w['workers']} workers {w['seconds']:.1f} s ({w['cpu']:.0f} CPU-s "
                      f"in all processes): **{one['seconds'] / w['seconds']:.2f}×**; peak {w['peak_mb']:,.0f} MB "
                      f"parent, {w['peak_child_mb']:,.0f} MB largest worker; per article "
                      f"{w['cpu'] / max(w['articles'], 1):.2f} CPU-s, {w.get('store_bytes', 0) / max(w['articles'], 1) / 1024:.1f} KB "
                      "in the store."]
    lines += ["", "## Targets", "", "| target | measured | status |", "|---|---|---|"]
    lines += [f"| {t} | {m_} | {st} |" for t, m_, st in targets(results)]
    return "\n".join(lines) + "\n"


def _wc(r: dict) -> str:
    return f"{r['seconds']:.1f} s / {r['cpu']:.1f} CPU-s"


def _model_note(reopen: dict) -> str:
    """How the reopen phase got on without (or with) the spaCy model."""
    if reopen.get("load_pipeline_seconds"):
        return f"+ {reopen['load_pipeline_seconds']:.1f} s loading the model"
    return "model not loaded"


def _status(ok: bool, by: str = "") -> str:
    return "**met**" if ok else f"**not met**{' (' + by + ')' if by else ''}"


def targets(results: dict) -> list[tuple[str, str, str]]:
    """``(target, measured, status)`` for each target of issue 17 (and the older ones still reported)."""
    out = []
    for name, r in results["real"].items():
        b, f, rr = r.get("bare", {}), r.get("first", {}), r.get("rerun", {})
        if "seconds" in b and "seconds" in f and "error" not in f:
            wall, cpu = b["seconds"] / f["seconds"], b["cpu"] / f["cpu"]
            worst = min(wall, cpu)
            out.append((f"whole-process `analyze --json` ≥ 0.85 of bare `nlp.pipe` ({name})",
                        f"{wall:.2f} wall, {cpu:.2f} CPU", _status(worst >= TARGETS["ratio"],
                                                                   f"{TARGETS['ratio'] - worst:.2f} short")))
        if "seconds" in rr and "error" not in rr:
            out.append((f"re-run of the unchanged corpus ≤ 5 s ({name}, CLI, whole process)",
                        f"{rr['seconds']:.2f} s ({rr['cpu']:.2f} CPU-s)",
                        _status(rr["seconds"] <= TARGETS["cli_rerun_s"], f"{rr['seconds'] - TARGETS['cli_rerun_s']:.1f} s over")))
        if "identical" in r:
            out.append((f"export identical on a re-run ({name})", "byte for byte" if r["identical"] else "differs",
                        _status(bool(r["identical"]))))
    dashboards = [(name, r["dashboard"]) for name, r in results["real"].items() if r.get("dashboard")]
    dashboards += [(f"synthetic {n}", r["dashboard"]) for n, r in results["sizes"].items() if r.get("dashboard")]
    for name, d in dashboards:
        if "steps" not in d:
            out.append((f"dashboard ({name})", d.get("error") or d.get("skipped") or "?", "not measured"))
            continue
        steps = d["steps"]

        def worst(kind):
            got = [(k, v) for k, v in steps.items() if v.get("kind") == kind]
            if not got:
                return None
            timed_out = [(k, v) for k, v in got if v.get("seconds") is None]
            if timed_out:
                return timed_out[0][0], float("inf"), len(got)
            k, v = max(got, key=lambda kv: kv[1]["seconds"])
            return k, v["seconds"], len(got)

        for kind, label, limit in (("filter", "filter change ≤ 250 ms", TARGETS["filter_s"]),
                                   ("view", "any view ≤ 1 s", TARGETS["view_s"]),
                                   ("briefing", "Briefing view ≤ 2 s", TARGETS["briefing_s"])):
            w = worst(kind)
            if w is None:
                out.append((f"{label} ({name})", "n/a", "not measured"))
                continue
            step, secs, n = w
            out.append((f"{label} ({name})", f"slowest of {n}: {secs:.2f} s ({step})",
                        _status(secs <= limit, f"{secs / limit:.1f}× the target")))
        out.append((f"dashboard cold start from the store ≤ 10 s ({name})", f"{d['cold_seconds']:.1f} s",
                    _status(d["cold_seconds"] <= TARGETS["cold_s"])))
        if d.get("session_seconds") is not None:
            out.append((f"reopen in the dashboard ≤ 3 s ({name}: a new session on the running server)",
                        f"{d['session_seconds']:.2f} s", _status(d["session_seconds"] <= TARGETS["dash_reopen_s"])))
        out.append((f"dashboard peak memory ≤ 2 GB ({name})", f"{d['peak_mb']:,.0f} MB",
                    _status(d["peak_mb"] <= TARGETS["peak_mb"])))
    sizes = {int(n): res for n, res in results["sizes"].items()}
    ok = [(n, r) for n, r in sorted(sizes.items()) if "cpu" in r.get("analysis", {}) and "cpu" in r.get("bare", {})]
    if ok:
        n, r = ok[-1]
        a, b = r["analysis"], r["bare"]
        ratio = (b["cpu"] / b["words"]) / (a["cpu"] / a["words"])
        wall = (b["seconds"] / b["words"]) / (a["seconds"] / a["words"])
        out.append(("analysis in one process ≥ 0.85 of bare `nlp.pipe` (synthetic, size scaling)",
                    f"{wall:.2f} wall, {ratio:.2f} CPU at {n:,} articles", _status(min(ratio, wall) >= TARGETS["ratio"])))
        out.append(("peak memory of the analysis ≤ 2 GB", f"{a['peak_mb']:,.0f} MB at {n:,} articles",
                    _status(a["peak_mb"] <= TARGETS["peak_mb"])))
        ro = r.get("reopen", {})
        if "seconds" in ro:
            total = ro["seconds"] + ro.get("load_pipeline_seconds", 0.0)
            out.append(("reopen from the store in one process ≤ 2 s", f"{total:.2f} s at {n:,} articles",
                        _status(total <= TARGETS["reopen_s"])))
    w = next(((n, r) for n, r in sizes.items() if "seconds" in r.get("workers", {})), None)
    if w:
        n, r = w
        speedup = r["analysis"]["seconds"] / r["workers"]["seconds"]
        out.append((f"`--workers {r['workers']['workers']}` ≥ 1.6× one worker", f"{speedup:.2f}× at {n:,} articles",
                    _status(speedup >= TARGETS["speedup"])))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", action="append", default=None, metavar="DIR",
                   help="a folder of real articles for the whole-process part (repeatable; default "
                        f"{REAL_CORPUS} when present)")
    p.add_argument("--seed-texts", type=int, default=60,
                   help="also run the whole-process part on this many texts of seed paragraphs (0: skip; default 60)")
    p.add_argument("--repeat", type=int, default=1,
                   help="alternate the bare model and the first analysis this many times, keep the fastest of each")
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=[50, 500, 5000],
                   help="synthetic corpus sizes for the size-scaling rows (default 50,500,5000)")
    p.add_argument("--workers", type=int, default=2, help="workers to compare with one (default 2)")
    p.add_argument("--workers-size", type=int, default=500, help="synthetic size for the workers row (0: skip)")
    p.add_argument("--dashboard-size", type=int, default=5000, help="synthetic size for the dashboard (0: skip)")
    p.add_argument("--no-dashboard", action="store_true")
    p.add_argument("--view-timeout", type=float, default=120.0, help="seconds allowed per dashboard step")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--seed", type=int, default=8, help="random seed of the synthetic corpora")
    p.add_argument("--workdir", default="/tmp/debate-briefing-bench", help="corpora, stores and exports go here")
    p.add_argument("--out", default=str(HERE / "RESULTS.md"), help="write the results here ('-': don't)")
    p.add_argument("--quick", action="store_true",
                   help="a smoke test: 20 seed texts, no real corpus, sizes 20,50, workers and dashboard at 50")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.workers_size, args.dashboard_size, args.seed_texts = [20, 50], 50, 50, 20
        args.corpus = args.corpus or []
    text = run(args)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
