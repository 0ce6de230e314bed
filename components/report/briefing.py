"""The generated briefing: a cited analyst's brief of the debate, in Markdown, built from the tables.

:func:`make_briefing` turns the tables of a corpus (or of a filtered selection of it) into a
deterministic brief. Two lengths:

- ``"short"`` (default), one page of at most 600 words: the question, a *Bottom line* of three to
  five sentences (what is at issue, where the balance of positions lies, who moved, what is newest),
  *Where the main actors stand* (one line each with the strongest evidence), *Weapons at stake* (the
  facts the articles give), *What changed over time* (dated selections), *What to watch*, *Sources*;
- ``"full"``: the same in more detail, plus *Most-cited quotes* and *Agreement and contention across
  outlets*, at most 1,500 words.

Every bullet and every bottom-line sentence ends with citations such as ``[1]`` or ``[2, 4]``;
:func:`make_briefing_with_citations` also returns the citation map that resolves each one to an
article and the character offsets of the sentence (or quote) it rests on. An article's number is
its place in the corpus (:func:`source_numbers`), so it is the same in every briefing of the corpus.

Two kinds of sentence appear, told apart in the text: sentences quoted from the articles (in
italics), chosen by LexRank centrality (:mod:`.centrality`) with near-duplicates removed, and
generated sentences: templates from ``briefing.toml`` (:mod:`.wording`) filled only with names,
counts and figures read from the tables. Names are written as the articles write them; a position is
stated only above the stance threshold and only for actors that can hold one
(:mod:`.positions`); a weapon's category, maker or range only where an article states it
(:mod:`.facts`). Sections are built once, cut to the word budget item by item, and written once
(:mod:`.render`).
"""
from __future__ import annotations

import pandas as pd

from ..knowledge import Knowledge
from .blocks import Briefing, Evidence, Item
from .corpus import Corpus, remember_sentences
from .draft import Draft
from .render import Writer
from .sections.actors import actors_section
from .sections.agreement import agreement_section
from .sections.bottom_line import bottom_line
from .sections.head import header, title
from .sections.quotes import quote_groups, quotes_section
from .sections.timeline import timeline_section
from .sections.watch import key_passages, watch_section
from .sections.weapons import weapons_section
from .text import count_words, cue_pattern, md_escape
from .wording import LENGTHS, Wording


def source_numbers(articles: pd.DataFrame) -> dict[str, int]:
    """``{article_id: n}``: the number of each article of a corpus in every briefing made from it,
    its place in date order (undated articles last, then by id)."""
    arts = articles.drop_duplicates("article_id").sort_values(["date", "article_id"], kind="stable",
                                                               na_position="last")
    return {str(a): n for n, a in enumerate(arts["article_id"], start=1)}


def make_briefing_with_citations(tables: dict[str, pd.DataFrame], *, knowledge: Knowledge,
                                 filters: dict | None = None, length: str = "short",
                                 debate: str | None = None, numbers: dict[str, int] | None = None) -> Briefing:
    """The briefing of ``tables`` (a whole corpus or a filtered selection; ``filters`` is shown and
    focuses the sentences chosen) and its citation map. ``length`` is ``"short"`` (one page, at most
    600 words) or ``"full"`` (150–1,500 words). ``debate`` names the debate whose question heads the
    brief (default: the knowledge's default debate). ``numbers`` gives each article its source
    number (default :func:`source_numbers` of ``tables["articles"]``; a dashboard passes the whole
    corpus's numbers when it briefs a filtered selection). Deterministic."""
    d, writer, head = _begin(tables, knowledge, filters, length, debate, numbers)
    if not d.c.ids:
        return _empty(d, head)
    # sections are built in order of importance (an article sentence is quoted once), laid out in
    # reading order, and cut to the budget from the least important end
    bottom = bottom_line(d)
    weapons = weapons_section(d)  # an actor's evidence may repeat a sentence, a weapon's aspect may not
    actors = actors_section(d)
    timeline = timeline_section(d)
    agreement = None if d.short else agreement_section(d)
    quotes = None if d.short else quotes_section(d)
    watch = watch_section(d)
    layout = [s for s in (bottom, actors, weapons, timeline, quotes, agreement, watch) if s is not None]
    sections = writer.fit(head, layout, _stages(d.short, bottom, actors, weapons, timeline, quotes, agreement, watch),
                          d.lim["max_words"])
    if writer.words(head, sections) < d.lim["min_words"]:  # a thin selection: add its key passages
        extra = key_passages(d, 8)
        words = writer.words(head, sections)
        keep = []
        for item in extra.blocks:
            if words >= d.lim["min_words"]:
                break
            keep.append(item)
            words += writer.item_words(item) + 2
        if keep:
            extra.blocks = keep
            sections.append(extra)
    return writer.write(head, sections)


def make_bottom_line(tables: dict[str, pd.DataFrame], *, knowledge: Knowledge, filters: dict | None = None,
                     length: str = "short", debate: str | None = None,
                     numbers: dict[str, int] | None = None) -> Briefing:
    """The head of the briefing of ``tables`` and the statements of its bottom line that the briefing
    always keeps (the section's ``keep``: the first three), written as
    :func:`make_briefing_with_citations` writes them — the same words, citations and citation groups
    — without building the other sections. (The bottom line is built first and the word budget never
    cuts it below ``keep``, so nothing else in the briefing changes these statements.) What the
    dashboard's landing shows, for a fraction of the cost of the whole briefing."""
    d, writer, head = _begin(tables, knowledge, filters, length, debate, numbers)
    if not d.c.ids:
        return _empty(d, head)
    bottom = bottom_line(d)
    kept = [b for b in bottom.blocks if isinstance(b, Item)][: bottom.keep]
    bottom.blocks = [b for b in bottom.blocks if not isinstance(b, Item) or any(b is k for k in kept)]
    return writer.write(head, [bottom])


def prepare_briefings(tables: dict[str, pd.DataFrame], *, knowledge: Knowledge) -> int:
    """Read the sentences of a whole corpus once as its briefings will
    (:func:`.corpus.remember_sentences`), so that the briefing of each selection of it (a dashboard
    writes one per filter state) is written sooner; changes no briefing. Returns how many sentences
    were read."""
    w = Wording.of(knowledge)
    cues = (cue_pattern(w.cues("decision")), cue_pattern(w.cues("watch") + w.cues("dates")))  # (the sections' own)
    return remember_sentences(tables, w.cfg.get("sentences", {}), patterns=cues)


def _begin(tables, knowledge: Knowledge, filters: dict | None, length: str, debate: str | None,
           numbers: dict[str, int] | None) -> tuple[Draft, Writer, list[str]]:
    """The draft of a briefing (its selection, positions and wording), its writer and its head."""
    wording = Wording.of(knowledge)
    filters = dict(filters or {})
    if length not in LENGTHS:
        raise ValueError(f"briefing length must be one of {', '.join(LENGTHS)}, not {length!r}")
    articles = tables.get("articles")
    if numbers is None and articles is not None and len(articles):
        numbers = source_numbers(articles)
    corpus = Corpus(tables, wording.cfg.get("sentences", {}), filters, numbers)
    d = Draft(corpus, knowledge, wording, filters, length, debate=debate)
    return d, Writer(corpus, wording), [f"# {title(d)}"] + header(d)


def _empty(d: Draft, head: list[str]) -> Briefing:
    """The briefing of a selection without articles: its head and a bottom line saying so."""
    md = "\n\n".join(head + [f"## {d.w.heading('bottom_line')}", d.w.say("empty_selection")]) + "\n"
    return Briefing(md, [], [])


def _stages(short: bool, bottom, actors, weapons, timeline, quotes, agreement, watch) -> list:
    """How a briefing over its word budget is cut (see :meth:`.render.Writer.fit`). Short: what to
    watch and the timeline first, then weapons, keeping four actors and three bottom-line sentences
    as long as possible. Full: one item from each section in turn, least important first."""
    if short:
        stages = [(watch, 1), (timeline, 2), (weapons, 2), (actors, 4), (bottom, 4), (weapons, 1), (bottom, 3),
                  (actors, 3), (watch, None), (timeline, None), (actors, 2), (weapons, None)]
        return [(s, floor) for s, floor in stages if s is not None]
    order = [s for s in (watch, agreement, quotes, timeline, weapons, actors, bottom) if s is not None]
    most = max(len(s.items()) for s in order)
    return [(s, len(s.items()) - k) for k in range(1, most + 1) for s in order] + \
        [(s, None) for s in order]


def make_briefing(tables: dict[str, pd.DataFrame], *, knowledge: Knowledge, filters: dict | None = None,
                  length: str = "short", debate: str | None = None,
                  numbers: dict[str, int] | None = None) -> str:
    """The briefing of ``tables`` as Markdown (see :func:`make_briefing_with_citations`)."""
    return make_briefing_with_citations(tables, filters=filters, knowledge=knowledge, length=length,
                                        debate=debate, numbers=numbers).markdown


from .html import briefing_html  # noqa: E402  (re-exported: the HTML form of a briefing)

__all__ = ["Briefing", "Evidence", "LENGTHS", "briefing_html", "count_words", "make_bottom_line", "make_briefing",
           "make_briefing_with_citations", "md_escape", "quote_groups", "source_numbers"]
