"""Hostile input, timed: how each stage's CPU time grows with an adversarial article's length.

``python3 bench/hostile.py [--sizes 50000,100000,200000,400000] [--families one-line-names,news]``

For each family of hostile text (the units of ``tests/test_linear_cost.py``: one long line of names and
weapons, quotation marks that never close, titles, datelines, modifier runs…) and each size, every
stage of the pipeline (the model's components and ours, then the table rows) is run once on the same
text and its CPU time taken; the table gives the time at the largest size and how much it grew per
doubling of the text (about 2 for a linear stage, 4 for a quadratic one). The test suite checks the
same stages by counting their work (lines executed, tokens handed to matchers); this script also sees
what one compiled call does (a scan of the whole text inside ``str.find`` or a regular expression),
which a count of lines cannot. It also times the two inputs of issue 18 through the command line.

Not part of the test suite: timings depend on the machine (see the guide: targets live in bench/).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def stage_times(nlp, text: str) -> dict[str, float]:
    """CPU seconds of each pipeline component, and of the table rows, on ``text``."""
    from components.tables.rows import doc_rows

    times = {}
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        t = time.process_time()
        doc = proc(doc)
        times[name] = time.process_time() - t
    t = time.process_time()
    doc_rows(doc)
    times["table rows"] = time.process_time() - t
    return times


def growth(times: list[float]) -> float:
    """The average factor per doubling between the first and last size (sizes double each step)."""
    a, b = max(times[0], 1e-3), max(times[-1], 1e-3)
    return (b / a) ** (1 / max(len(times) - 1, 1))


def cli_run(path: Path, *args: str) -> tuple[float, float, int, str]:
    """``(wall s, CPU s, peak RSS MB, last stderr line)`` of ``briefing analyze path --no-store``."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "components.cli", "analyze", str(path), "--no-store", *args],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = (proc.stderr.strip().splitlines() or [""])[-1]
    return wall, cpu, after.ru_maxrss // 1024, last


def main() -> int:
    from tests.test_linear_cost import UNITS

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="50000,100000,200000,400000", help="text lengths in characters, doubling")
    ap.add_argument("--families", default=",".join(UNITS), help="which families of text")
    ap.add_argument("--no-cli", action="store_true", help="skip the two command-line runs of issue 18")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    from components.nlp.pipeline import build_pipeline

    nlp = build_pipeline()
    worst = []
    for family in args.families.split(","):
        unit = UNITS[family]
        runs = [stage_times(nlp, unit * max(1, n // len(unit))) for n in sizes]
        print(f"\n{family} ({', '.join(f'{n:,}' for n in sizes)} characters)")
        print(f"  {'stage':22} {'CPU s at largest':>16} {'growth per doubling':>20}")
        for stage in runs[0]:
            ts = [r[stage] for r in runs]
            g = growth(ts)
            flag = "  <- faster than linear" if g > 2.6 and ts[-1] > 0.2 else ""
            print(f"  {stage:22} {ts[-1]:16.2f} {g:20.2f}{flag}")
            worst.append((g if ts[-1] > 0.2 else 0, family, stage))
    g, family, stage = max(worst)
    print(f"\nlargest growth among stages taking over 0.2 s: {g:.2f} per doubling ({stage}, {family})")
    if not args.no_cli:
        print("\nIssue 18's inputs through the command line (--no-store):")
        with tempfile.TemporaryDirectory() as tmp:
            letter, names = Path(tmp) / "letter.txt", Path(tmp) / "names.txt"
            letter.write_text("a" * 1_000_000)
            unit = "Biden and Putin and Storm Shadow "
            names.write_text(unit * (990_000 // len(unit)))
            for path in (letter, names):
                for extra in ([], ["--max-chars", "1000000"]):
                    wall, cpu, rss, last = cli_run(path, "--json", str(Path(tmp) / "out.json"), *extra)
                    label = f"{path.name} {' '.join(extra) or '(default limit)'}"
                    print(f"  {label:40} wall {wall:7.1f} s  CPU {cpu:7.1f} s  peak {rss:6,} MB  | {last[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
