"""The analysis: articles in, tables out. The command line and the dashboard both call
:func:`analyze`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import pandas as pd
from spacy.language import Language

from .corpus import Article, Skipped
from .pipeline import build_pipeline
from .tables import build_tables

Progress = Callable[[int, int], None]


@dataclass
class Analysis:
    """The tables of one corpus, plus what was skipped and how it was made."""

    tables: dict[str, pd.DataFrame]
    skipped: list[Skipped] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def analyze(articles: Sequence[Article], nlp: Language | None = None, *, skipped: Sequence[Skipped] = (),
            progress: Progress | None = None, batch_size: int = 16, debate: str | None = None) -> Analysis:
    """Run the pipeline over ``articles`` and build every table.

    ``progress(done, total)`` is called after each article.
    """
    nlp = nlp or build_pipeline(debate=debate)
    docs = []
    total = len(articles)
    for i, doc in enumerate(nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=batch_size)):
        d, art = doc
        d._.article_id = art.id
        docs.append(d)
        if progress:
            progress(i + 1, total)
    tables = build_tables(articles, docs)
    try:
        from .stance import stance_table  # the stance stage aggregates its signals
        tables["stances"] = stance_table(tables, nlp)
    except ImportError:
        pass
    return Analysis(tables=tables, skipped=list(skipped), meta=dict(nlp.meta.get("debate_briefing", {})))
