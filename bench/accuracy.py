"""The development report: ``python3 bench/accuracy.py`` (``--help`` for options).

Analyses the seeds and the development corpus (``../shared/dev-corpus``), scores the export with the
project's scorer (``../shared/eval/score.py``, imported from ``../shared`` beside the checkout) against
``../shared/gold-dev``, and prints:

- the scorer's figures on all gold articles, and on the two seed articles alone;
- a confusion matrix of stance labels (gold label × predicted label, ``none`` when the actor got no
  exported stance, ``unclear`` when its stance was below the confidence threshold), and the predicted
  rows that have no gold stance at all (they cost stance precision);
- per frame type and per source of the stance signals: how many signals fell on an actor with a gold
  stance in that article, how many of those had the gold label, and how many fell on actors without one.

It is a tool to decide with (which frame types help, which hurt), not a figure to fit: the judging
sets are other outlets and other debates. ``--markdown`` prints the tables for the README.
"""
from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

SEED_GOLD = ("000_8cc4f7ca36172168", "001_10627bf42abaa66f")
LABELS = ("support", "oppose", "cautious", "mixed")


def load_scorer(shared: Path = SHARED):
    """The scorer module ``shared/eval/score.py`` (standard library only), imported by path."""
    path = shared / "eval" / "score.py"
    if not path.is_file():
        raise FileNotFoundError(f"no scorer at {path}")
    spec = importlib.util.spec_from_file_location("briefing_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_analysis(paths: list[Path], debate: str | None = None, nlp=None, knowledge=None):
    """The analysis of ``paths`` (no store) and its export document."""
    from components.export import to_export
    from components.ingest.articles import load_corpus
    from components.knowledge import load_knowledge
    from components.nlp.pipeline import build_pipeline
    from components.run.analyze import analyze

    knowledge = knowledge or load_knowledge()
    nlp = nlp or build_pipeline(knowledge=knowledge, debate=debate)
    articles, _ = load_corpus(paths, knowledge=knowledge)
    analysis = analyze(articles, nlp, debate=debate, knowledge=knowledge, store=False)
    return analysis, to_export(analysis, briefing="")


def score_subset(scorer, export: dict, gold_dir: Path, ids: tuple[str, ...] | None = None) -> dict:
    """The scorer's metrics on the gold files of ``ids`` (all when ``None``)."""
    if ids is None:
        return scorer.score(export, gold_dir)[0]
    with tempfile.TemporaryDirectory() as tmp:
        for f in gold_dir.glob("*.json"):
            if scorer.article_id(f.name) in ids:
                (Path(tmp) / f.name).write_bytes(f.read_bytes())
        return scorer.score(export, tmp)[0]


def _golds(scorer, gold_dir: Path) -> dict[str, dict]:
    return {scorer.article_id(p.name): json.loads(p.read_text()) for p in sorted(gold_dir.glob("*.json"))}


def _gold_actor(scorer, gold: dict, stance: dict) -> dict:
    return next((a for a in gold.get("actors", []) if scorer.norm_text(a["canonical"]) == scorer.norm_text(stance["actor"])),
                {"canonical": stance["actor"]})


def confusion(scorer, export: dict, stances_table, gold_dir: Path) -> tuple[dict, list, list]:
    """``(matrix, spurious, rows)``: ``matrix[gold][predicted]`` counts over the gold stances (the
    prediction chosen as the scorer chooses it; ``unclear`` from the stances table when nothing was
    exported); ``spurious``: exported (article, actor, label) rows with no gold stance; ``rows``:
    (article, gold actor, gold label, explicitness, predicted) per gold stance."""
    golds = _golds(scorer, gold_dir)
    matrix: dict[str, Counter] = {lab: Counter() for lab in LABELS}
    rows, spurious = [], []
    exported = defaultdict(list)
    for p in export.get("stances", []):
        if p.get("article"):
            exported[scorer.article_id(p["article"])].append(p)
    unclear = defaultdict(list)
    if stances_table is not None and len(stances_table):
        st = stances_table[stances_table["article_id"].notna() & (stances_table["stance"] == "unclear")]
        for r in st.itertuples():
            unclear[str(r.article_id)].append(str(r.actor))
    for aid, g in golds.items():
        matched = set()
        for s in g.get("stances", []):
            ga = _gold_actor(scorer, g, s)
            rank = lambda p: (scorer.norm_text(p.get("actor", "")) != scorer.norm_text(ga["canonical"]),
                              not scorer.same_name(p.get("actor", ""), ga["canonical"]))
            cand = sorted((p for p in exported[aid] if scorer.matches_actor(p.get("actor", ""), ga)), key=rank)
            matched.update(id(p) for p in cand)
            if cand:
                got = cand[0]["stance"]
            elif any(scorer.matches_actor(n, ga) for n in unclear[aid]):
                got = "unclear"
            else:
                got = "none"
            matrix.setdefault(s["stance"], Counter())[got] += 1
            rows.append((aid, s["actor"], s["stance"], s.get("explicitness", "explicit"), got))
        spurious += [(aid, p["actor"], p["stance"]) for p in exported[aid] if id(p) not in matched]
    return matrix, spurious, rows


def frame_report(scorer, tables: dict, gold_dir: Path) -> dict[tuple[str, str], Counter]:
    """Per (``frame``, value) for the two keys ``frame`` and ``source``: counts of signals ``right``
    (on an actor whose gold stance in that article has the signal's label), ``wrong`` (another gold
    label), ``no_gold`` (an actor with no gold stance there). A signal for an actor whose gold stance
    is ``mixed`` counts as right when it is support, oppose or cautious: a mixed position is made of
    them."""
    golds = _golds(scorer, gold_dir)
    sig = tables.get("stance_signals")
    out: dict[tuple[str, str], Counter] = defaultdict(Counter)
    if sig is None or not len(sig):
        return out
    names = dict(zip(tables["actors"]["actor_id"], tables["actors"]["name"]))
    for r in sig.to_dict("records"):
        art = scorer.article_id(str(r["article_id"]))
        if art not in golds:
            continue
        g = golds[art]
        name = names.get(r["actor_id"], r["actor_id"])
        gold = next((s for s in g.get("stances", []) if scorer.matches_actor(name, _gold_actor(scorer, g, s))), None)
        if gold is None:
            verdict = "no_gold"
        elif gold["stance"] == r["label"] or (gold["stance"] == "mixed" and r["label"] in LABELS):
            verdict = "right"
        else:
            verdict = "wrong"
        for key in ("frame", "source"):
            out[(key, str(r.get(key) or "-"))][verdict] += 1
    return out


METRICS = ("stance_accuracy", "stance_accuracy_explicit", "stance_coverage", "stance_precision",
           "quote_speaker_f1", "speaker_accuracy", "indirect_recall", "indirect_precision")


def report(metrics: dict, seed_metrics: dict, matrix: dict, spurious: list, frames: dict,
           markdown: bool = False, command: str = "") -> str:
    """The report as text (or Markdown tables for the README)."""
    cols = [*LABELS, "unclear", "none"]
    lines = []
    if markdown:
        lines.append(f"On `{command}` ({datetime.date.today().isoformat()}), development gold: seeds 000/001 and "
                     f"d01–d08 ({metrics['articles']} articles):\n")
        lines.append("| measure | all 10 articles | seeds 000/001 |")
        lines.append("|---|---|---|")
        for k in METRICS:
            lines.append(f"| {k} | {metrics.get(k)} | {seed_metrics.get(k)} |")
        lines.append("\nStance labels, gold (rows) × predicted (columns; *none*: no stance exported, *unclear*: "
                     "below the confidence threshold, shown in the tables but not exported):\n")
        lines.append("| gold \\ predicted | " + " | ".join(cols) + " |")
        lines.append("|---" * (len(cols) + 1) + "|")
        for g in LABELS:
            lines.append(f"| {g} | " + " | ".join(str(matrix.get(g, Counter())[c]) for c in cols) + " |")
        lines.append(f"\nExported stance rows with no gold stance: {len(spurious)} "
                     f"({', '.join(sorted(Counter(s[2] for s in spurious).elements())) or 'none'}).\n")
        lines.append("Signals by frame type on the development gold (right: the actor's gold label; wrong: "
                     "another label; no gold: an actor with no gold stance in that article):\n")
        lines.append("| frame | right | wrong | no gold |")
        lines.append("|---|---|---|---|")
        for (key, val), c in sorted(frames.items(), key=lambda kv: (kv[0][0] != "frame", -sum(kv[1].values()))):
            if key == "frame":
                lines.append(f"| {val} | {c['right']} | {c['wrong']} | {c['no_gold']} |")
        return "\n".join(lines)
    lines.append("metrics (all gold articles):")
    lines.append("  " + " ".join(f"{k}={metrics.get(k)}" for k in METRICS))
    lines.append("metrics (seeds 000/001):")
    lines.append("  " + " ".join(f"{k}={seed_metrics.get(k)}" for k in METRICS))
    lines.append("\nconfusion (gold rows x predicted columns):")
    lines.append(f"  {'':10}" + "".join(f"{c:>10}" for c in cols))
    for g in LABELS:
        lines.append(f"  {g:10}" + "".join(f"{matrix.get(g, Counter())[c]:>10}" for c in cols))
    lines.append(f"\nexported rows with no gold stance: {len(spurious)}")
    for s in spurious:
        lines.append(f"  {s[0][:3]} {s[1]}: {s[2]}")
    lines.append("\nsignals by frame / source (right, wrong, no gold):")
    for (key, val), c in sorted(frames.items(), key=lambda kv: (kv[0][0], -sum(kv[1].values()))):
        lines.append(f"  {key:6} {val:24} {c['right']:>5} {c['wrong']:>5} {c['no_gold']:>5}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (dev-corpus, gold-dev, eval)")
    ap.add_argument("--debate", default=None, help="debate definition (default: the default debate)")
    ap.add_argument("--json", type=Path, help="also write the export here")
    ap.add_argument("--misses", action="store_true", help="list every gold stance with the prediction")
    ap.add_argument("--markdown", action="store_true", help="print Markdown tables (for the README)")
    args = ap.parse_args(argv)
    scorer = load_scorer(args.shared)
    gold = args.shared / "gold-dev"
    analysis, export = run_analysis([ROOT / "seeds", args.shared / "dev-corpus"], args.debate)
    if args.json:
        args.json.write_text(json.dumps(export, ensure_ascii=False, indent=1))
    metrics = score_subset(scorer, export, gold)
    seeds = score_subset(scorer, export, gold, SEED_GOLD)
    matrix, spurious, rows = confusion(scorer, export, analysis.tables.get("stances"), gold)
    frames = frame_report(scorer, analysis.tables, gold)
    print(report(metrics, seeds, matrix, spurious, frames, args.markdown, "python3 bench/accuracy.py"))
    if args.misses:
        print("\ngold stances (article, actor, gold, explicitness -> predicted):")
        for r in rows:
            mark = " " if r[2] == r[4] else "x"
            print(f" {mark} {r[0][:3]} {r[1]:38} {r[2]:9} {r[3]:9} -> {r[4]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
