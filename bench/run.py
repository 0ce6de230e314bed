"""The benchmark: ``python3 bench/run.py`` (see ``--help`` for smaller, quicker runs).

For each corpus size (synthetic, re-sampled from the seeds: :mod:`bench.corpus`) it runs, each in a
fresh process (:mod:`bench.phases`) so peak memory is per phase: the bare model's ``nlp.pipe``, the
whole analysis (into a fresh store), and reopening the unchanged corpus from that store. At one size
it compares 1 and N worker processes; at one size it times the dashboard's cold start and a filter
rerun under AppTest. It prints a table and writes ``bench/RESULTS.md`` with the machine it ran on.
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

TARGETS = {"ratio": 0.85, "speedup": 1.6, "peak_mb": 2048, "rerun_s": 0.25, "reopen_s": 2.0}


def machine() -> dict:
    """Cores, RAM, CPU model, Python, spaCy and model versions."""
    import spacy

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    ram = ""
    if Path("/proc/meminfo").exists():
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GB"
    try:
        from components.knowledge import load_knowledge
        from components.nlp.pipeline import build_pipeline

        model = build_pipeline(knowledge=load_knowledge()).meta["debate_briefing"]["model"]
        from importlib.metadata import version

        model += " " + version(model.replace("_", "-")) if model != "blank" else ""
    except Exception as exc:  # noqa: BLE001 - the report still runs
        model = f"? ({exc})"
    return {"cores": os.cpu_count(), "ram": ram, "cpu": cpu, "python": platform.python_version(),
            "spacy": spacy.__version__, "model": model, "platform": platform.platform(),
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def phase(name: str, corpus: Path, **opts) -> dict:
    """Run one phase in a fresh Python process and return its JSON result (or the error)."""
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


def fmt(x, unit: str = "", digits: int = 1) -> str:
    return "n/a" if x is None else f"{x:,.{digits}f}{unit}"


def run(args) -> str:
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    sizes = sorted({*args.sizes, args.workers_size, args.dashboard_size} - {0})
    rows, notes = [], []
    results: dict = {"machine": machine(), "sizes": {}, "args": vars(args)}
    for n in sizes:
        corpus = make_corpus(n, work / f"corpus-{n}", seed=args.seed)
        store = work / f"store-{n}.duckdb"
        for f in (store, Path(str(store) + ".wal")):
            f.unlink(missing_ok=True)
        res: dict = {}
        print(f"{n} articles:", file=sys.stderr)
        if n in args.sizes:
            res["bare"] = phase("bare", corpus, batch_size=args.batch_size)
            res["analysis"] = phase("analysis", corpus, store=store, batch_size=args.batch_size)
            res["reopen"] = phase("reopen", corpus, store=store)
        if n == args.workers_size:  # the same analysis into its own fresh store, with N processes
            wstore = work / f"store-{n}-w{args.workers}.duckdb"
            for f in (wstore, Path(str(wstore) + ".wal")):
                f.unlink(missing_ok=True)
            if "analysis" not in res:
                res["analysis"] = phase("analysis", corpus, store=store, batch_size=args.batch_size)
            res["workers"] = phase("analysis", corpus, store=wstore, workers=args.workers,
                                   batch_size=args.batch_size)
        if n == args.dashboard_size and not args.no_dashboard:
            if "analysis" not in res:  # the dashboard reopens the analysed corpus from the store
                res["analysis"] = phase("analysis", corpus, store=store, batch_size=args.batch_size)
            res["dashboard"] = phase("dashboard", corpus, store=store)
        results["sizes"][n] = res
        (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        if args.out != "-":  # after every size, so a long run that is stopped still leaves its results
            Path(args.out).write_text(report(results, args), encoding="utf-8")
    return report(results, args)


def report(results: dict, args) -> str:
    m = results["machine"]
    lines = ["# Benchmark results", "",
             f"Command: `python3 bench/run.py {' '.join(sys.argv[1:])}`".replace("  ", " ").replace(" `", "`"),
             f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
             f"Machine: {m['cores']} cores ({m['cpu']}), {m['ram']} RAM, load average at start {m['load']}; "
             f"Python {m['python']}, spaCy {m['spacy']}, model {m['model']}; {m['platform']}.", "",
             "## Processing (one run; each phase in its own process)", "",
             "| articles | words | bare nlp.pipe words/s (per CPU-s) | analysis words/s (per CPU-s) | "
             "ratio wall (CPU) (target ≥ 0.85) | "
             "of which store writes / tables | peak MB bare | peak MB analysis (target ≤ 2048) | "
             "reopen from store (target ≤ 2 s) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, res in results["sizes"].items():
        b, a, r = res.get("bare"), res.get("analysis"), res.get("reopen")
        if not (b and a):
            continue
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
    lines += ["", "## Workers", ""]
    for n, res in results["sizes"].items():
        w = res.get("workers")
        if not w:
            continue
        if "error" in w:
            lines.append(f"- {n} articles: error: {w['error']}")
            continue
        one = res["analysis"]
        lines.append(f"- {n} articles ({w['words']:,} words): 1 worker {one['seconds']:.1f} s "
                     f"({one['cpu']:.0f} CPU-s), {w['workers']} workers {w['seconds']:.1f} s ({w['cpu']:.0f} CPU-s "
                     f"in all processes): **{one['seconds'] / w['seconds']:.2f}×** (target ≥ 1.6× with 2 workers "
                     f"on 2 cores); peak {w['peak_mb']:,.0f} MB parent, {w['peak_child_mb']:,.0f} MB largest worker")
    lines += ["", "## Dashboard (AppTest, corpus reopened from the store)", ""]
    for n, res in results["sizes"].items():
        d = res.get("dashboard")
        if d is None:
            continue
        if "error" in d or "skipped" in d:
            lines.append(f"- {n} articles: not measured: {d.get('error') or d.get('skipped')}")
            continue
        lines.append(f"- {n} articles: cold start {d['cold_seconds']:.1f} s; filter rerun "
                     f"{fmt(d['rerun_seconds'] and d['rerun_seconds'] * 1000, ' ms', 0)} (target ≤ 250 ms; "
                     f"{d.get('filter', 'no filter widget found')}); peak {d['peak_mb']:,.0f} MB (target ≤ 2048)"
                     + (f"; app exceptions: {d['exceptions']}" if d.get("exceptions") else ""))
        if d.get("steps"):
            lines += ["", "  | step | wall | CPU |", "  |---|---:|---:|"]
            for step, v in d["steps"].items():
                wall = f"{v['seconds']:.2f} s" if v.get("seconds") is not None else f"over {v.get('over')} s"
                lines.append(f"  | {step} | {wall} | {fmt(v.get('cpu'), ' s', 2)} |")
            if d.get("views_not_timed"):
                lines.append(f"  | not timed: {', '.join(d['views_not_timed'])} | | |")
    lines += ["", "## Targets", "", "| target | measured | status |", "|---|---|---|"]
    lines += [f"| {t} | {m} | {st} |" for t, m, st in targets(results)]
    return "\n".join(lines) + "\n"


def targets(results: dict) -> list[tuple[str, str, str]]:
    """``(target, measured, met / not met / not measured)`` for each target of issue 8, read from
    the largest corpus that has the figure."""
    sizes = {int(n): res for n, res in results["sizes"].items()}

    def largest(phase: str, need: str):
        ok = [(n, r[phase]) for n, r in sorted(sizes.items()) if need in r.get(phase, {})]
        return ok[-1] if ok else (None, None)

    def status(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    out = []
    n, a = largest("analysis", "cpu")
    b = sizes.get(n, {}).get("bare", {}) if n else {}
    if a and "cpu" in b:
        ratio = (b["cpu"] / b["words"]) / (a["cpu"] / a["words"])
        wall = (b["seconds"] / b["words"]) / (a["seconds"] / a["words"])
        out.append(("analysis ≥ 0.85 of bare `nlp.pipe`", f"{ratio:.2f} per CPU-second ({wall:.2f} wall) at {n:,} articles",
                    status(min(ratio, wall) >= TARGETS["ratio"])))
    else:
        out.append(("analysis ≥ 0.85 of bare `nlp.pipe`", "n/a", "not measured"))
    w = next(((n, r) for n, r in sizes.items() if "seconds" in r.get("workers", {})), None)
    if w:
        n, r = w
        speedup = r["analysis"]["seconds"] / r["workers"]["seconds"]
        out.append((f"`--workers {r['workers']['workers']}` ≥ 1.6× one worker", f"{speedup:.2f}× at {n:,} articles",
                    status(speedup >= TARGETS["speedup"])))
    for phase, label in (("analysis", "peak memory, analysis"), ("dashboard", "peak memory, dashboard")):
        n, r = largest(phase, "peak_mb")
        if r:
            out.append((f"{label} ≤ 2 GB at 5,000 articles", f"{r['peak_mb']:,.0f} MB at {n:,} articles",
                        status(r["peak_mb"] <= TARGETS["peak_mb"]) if n >= 5000 else "not measured at 5,000"))
    n, d = largest("dashboard", "rerun_seconds")
    if d and d.get("rerun_seconds") is not None:
        filters = {k: v["seconds"] for k, v in d.get("steps", {}).items()
                   if k.startswith("filter") and v.get("seconds") is not None} or {"filter": d["rerun_seconds"]}
        worst = max(filters.values())
        out.append(("filter rerun ≤ 250 ms at 5,000 articles",
                    f"{min(filters.values()) * 1000:,.0f}–{worst * 1000:,.0f} ms over {len(filters)} filter changes "
                    f"at {n:,} articles", status(worst <= TARGETS["rerun_s"]) if n >= 5000 else "not measured at 5,000"))
        out.append(("dashboard cold start (no target)", f"{d['cold_seconds']:.1f} s at {n:,} articles", "reported"))
    n, r = largest("reopen", "seconds")
    if r:
        total = r["seconds"] + r.get("load_pipeline_seconds", 0.0)
        out.append(("reopen from the store ≤ 2 s at 5,000 articles", f"{total:.2f} s at {n:,} articles",
                    status(total <= TARGETS["reopen_s"]) if n >= 5000 else "not measured at 5,000"))
    return out


def _model_note(reopen: dict) -> str:
    """How the reopen phase got on without (or with) the spaCy model."""
    if reopen.get("load_pipeline_seconds"):
        return f"+ {reopen['load_pipeline_seconds']:.1f} s loading the model"
    return "model not loaded"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=[50, 500, 5000],
                   help="corpus sizes for the processing rows (default 50,500,5000)")
    p.add_argument("--workers", type=int, default=2, help="workers to compare with one (default 2)")
    p.add_argument("--workers-size", type=int, default=500, help="corpus size for the workers row (0: skip)")
    p.add_argument("--dashboard-size", type=int, default=5000, help="corpus size for the dashboard row (0: skip)")
    p.add_argument("--no-dashboard", action="store_true")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--seed", type=int, default=8, help="random seed of the synthetic corpus")
    p.add_argument("--workdir", default="/tmp/debate-briefing-bench", help="corpora and stores go here")
    p.add_argument("--out", default=str(HERE / "RESULTS.md"), help="write the results here ('-': don't)")
    p.add_argument("--quick", action="store_true", help="a smoke test: sizes 20,50, workers and dashboard at 50")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.workers_size, args.dashboard_size = [20, 50], 50, 50
    text = run(args)
    print(text)
    if args.out != "-":
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
