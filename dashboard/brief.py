"""The briefing inside the app: made once per (corpus, filters), its citations turned into links
that open the reader at the cited sentence, its sources numbered by their place in the whole
corpus (``[3]`` is the same article under every filter).

The briefing itself is :func:`components.report.briefing.make_briefing_with_citations` (and its
source numbers :func:`components.report.briefing.source_numbers`); this module only renders it. Each bracketed group ``[1, 4]`` of the Markdown is matched to its citations by the
``group`` number the briefing gives them, and each number becomes a link to the reader
(:func:`dashboard.navigation.reader_href`) at the passage cited there.
"""
from __future__ import annotations

import json
import re
from collections import ChainMap
from typing import Mapping

import pandas as pd
import streamlit as st

from components.escaping import screen_markdown
from dashboard.navigation import reader_href

CITE_GROUP = re.compile(r"(?<!\\)\[(\d+(?:, \d+)*)\](?!\()")
#: where one statement of a (linked) paragraph ends: after a linked citation group and its full
#: stop, before the capital (or opening quote) of the next statement. A group followed by "; " or
#: by lower-case words is inside a statement ("12 are in favour [2]; 7 are cautious [2]. Where …")
STATEMENT_END = re.compile(r"(?:(?<=\)\])|(?<=\)\]\.))\s+(?=[A-Z“\"‘'*_])")


def briefing_tables(filtered: Mapping[str, pd.DataFrame], full: Mapping[str, pd.DataFrame]) -> Mapping:
    """The tables the briefing is made from: the filtered tables, except that the sentences it may
    quote are every sentence of the kept articles (the briefing focuses on the filters itself; in
    the sentence scope the filtered sentences alone would leave it nothing to set the scene with)."""
    kept = set(filtered["articles"]["article_id"])
    sents = full["sentences"]
    return ChainMap({"sentences": sents[sents["article_id"].isin(list(kept))]}, filtered)


@st.cache_data(show_spinner="Writing the briefing…", max_entries=64)
def make(key: str, state_json: str, length: str, _tables, _numbers: dict[str, int]):
    """The briefing (Markdown, citation map, sources) of the selection, cached per corpus, filter
    state and length."""
    from components.report.briefing import make_briefing_with_citations
    from dashboard.knowledge import get_knowledge

    return make_briefing_with_citations(_tables, knowledge=get_knowledge(), filters=json.loads(state_json),
                                        length=length, numbers=_numbers)


def for_context(ctx, length: str = "short"):
    """The briefing of a view's selection (``short``: one page; ``full``), its sources numbered by
    their place in the whole corpus."""
    from components.report.briefing import source_numbers

    return make(ctx.key, json.dumps(ctx.state, sort_keys=True, default=str), length,
                briefing_tables(ctx.tables, ctx.full), source_numbers(ctx.full["articles"]))


@st.cache_data(show_spinner=False, max_entries=64)
def make_bottom(key: str, state_json: str, _tables, _numbers: dict[str, int]):
    """The head and bottom line of the selection's short briefing
    (:func:`components.report.briefing.make_bottom_line`: the briefing's own first statements,
    without its other sections), cached per corpus and filter state."""
    from components.report.briefing import make_bottom_line
    from dashboard.knowledge import get_knowledge

    return make_bottom_line(_tables, knowledge=get_knowledge(), filters=json.loads(state_json), numbers=_numbers)


def bottom_line_for_context(ctx, lines: int = 3) -> list[str]:
    """The first ``lines`` statements of the bottom line of the short briefing of a view's selection,
    as :func:`bottom_line` gives them, made without writing the rest of the briefing."""
    from components.report.briefing import source_numbers

    result = make_bottom(ctx.key, json.dumps(ctx.state, sort_keys=True, default=str),
                         briefing_tables(ctx.tables, ctx.full), source_numbers(ctx.full["articles"]))
    return bottom_line(result.markdown, result.citations, lines, ctx.params)


def linked(markdown: str, citations: list[dict], params: dict[str, list[str]] | None = None,
           sources: list[dict] | None = None) -> str:
    """``markdown`` with every citation number a link to the reader at the passage it cites, and
    each number of the sources list a link to that article in the reader. The briefing's text (its
    untrusted parts escaped by the briefing) is made safe for Streamlit's screen first
    (:func:`components.escaping.screen_markdown`: no colour, icon, emoji or bare address link)."""
    markdown = screen_markdown(markdown)
    by_group: dict[int, dict[int, dict]] = {}
    for c in citations:
        by_group.setdefault(int(c.get("group", 0)), {}).setdefault(int(c["n"]), c)
    n_groups = max(by_group, default=0)
    articles = {int(s["n"]): s["article_id"] for s in sources or []}
    count = 0

    def link(m: re.Match) -> str:
        nonlocal count
        count += 1
        parts = []
        for n in (int(x) for x in m.group(1).split(", ")):
            if count <= n_groups:  # a citation: the passage it rests on
                c = by_group.get(count, {}).get(n)
                href = reader_href(c["article_id"], c["start"], c["end"], params) if c else None
            else:  # the sources list, after the last citation: the article
                href = reader_href(articles[n], params=params) if n in articles else None
            parts.append(f"[{n}]({href})" if href else str(n))
        return "[" + ", ".join(parts) + "]"

    return CITE_GROUP.sub(link, markdown)


def section(markdown: str, title: str) -> str:
    """The body of the ``## title`` section of a briefing ('' when absent)."""
    m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", markdown, flags=re.M | re.S)
    return m.group(1).strip() if m else ""


def bottom_line(markdown: str, citations: list[dict], lines: int = 3,
                params: dict[str, list[str]] | None = None) -> list[str]:
    """The first ``lines`` statements of the briefing's bottom line (each ending with its
    citations), as Markdown with linked citations."""
    text = linked(markdown, citations, params)
    body = section(text, "Bottom line")
    if not body:
        return []
    return [p.strip() for p in STATEMENT_END.split(body) if p.strip()][:lines]
