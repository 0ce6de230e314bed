"""The briefing of an analysis, made once per corpus and kept in the store beside its tables.

A briefing is a deterministic function of the tables, the knowledge (its wording), the length, the
debate and the report code. When the corpus's tables are in the store (``Analysis.stats["corpus_key"]``),
the briefing is kept there too, under :func:`report_key`; running the command again on the unchanged
corpus then reads both back instead of remaking them.
"""
from __future__ import annotations

import hashlib
import os

from ..knowledge import Knowledge
from ..store import Store, open_store, source_fingerprint
from .analyze import Analysis

#: bump when what is stored under a report key changes form
REPORT_FORMAT = "markdown-1"


def report_key(knowledge: Knowledge, length: str, debate: str | None) -> str:
    """The key a briefing is kept under for one corpus: everything besides the tables that changes
    it (the report code, the knowledge files, the length and the debate)."""
    parts = (REPORT_FORMAT, source_fingerprint(packages=("report", "tables")), knowledge.fingerprint, length,
             debate or "")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def briefing_markdown(analysis: Analysis, *, knowledge: Knowledge, length: str = "short", debate: str | None = None,
                      store: "Store | str | os.PathLike | bool | None" = None) -> str:
    """The briefing of ``analysis`` (:func:`components.report.briefing.make_briefing`), read from
    ``store`` when it was made for these very tables before, else made (and kept there)."""
    store = open_store(store)
    corpus = analysis.stats.get("corpus_key")
    key = report_key(knowledge, length, debate) if store and corpus else None
    # tables just made (not read back) have no briefing kept yet: the store is asked only for tables
    # it gave (a briefing is a function of its tables, so one kept for the same tables is the same)
    if key and analysis.stats.get("tables_reused"):
        kept = store.get_report(corpus, key)
        if kept is not None:
            return kept
    from ..report.briefing import make_briefing

    md = make_briefing(analysis.tables, knowledge=knowledge, length=length, debate=debate)
    if key:
        store.put_report(corpus, key, md)
    return md
