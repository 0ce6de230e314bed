"""The most-cited quotes: direct and partial quotes grouped across articles (the grouping of
:func:`components.tables.quotes.group_wordings`), widest reach first."""
from __future__ import annotations

from collections import Counter

import pandas as pd

from ...tables.quotes import group_wordings, normalize_quote
from ..blocks import Evidence, Item, Note, Section
from ..corpus import ART, Corpus
from ..draft import Draft
from ..text import known, md_escape, quote_text


def quote_groups(quotes: pd.DataFrame, corpus: Corpus, min_words: int = 5) -> list[dict] | None:
    """Direct and partial quotes of at least ``min_words`` words grouped across articles: a group is
    a connected set of quotes that are the same words pairwise. Each group: ``text`` (the fullest
    version, one that starts a sentence if any does), ``speaker`` (the most frequent), ``articles``
    and ``evidence`` (one per article, corpus order), ``members`` (the normalized wordings). Widest reach (outlets, then articles) first.
    ``None`` when there are no quotes at all."""
    if quotes is None or not len(quotes):
        return None
    q = quotes if ART in quotes.columns else quotes[quotes["article_id"].isin(corpus.ids)]  # (a corpus table: its selection)
    q = q[q["kind"].isin(["direct", "partial"])] if q["kind"].isin(["direct", "partial"]).any() else q
    q = q.assign(order=q["article_id"].map(corpus.order)).sort_values(["order", "start"], kind="stable")
    rows = []
    for art, start, end, text, speaker in zip(q["article_id"], q["start"], q["end"], q["text"], q["speaker"]):
        shown = quote_text(text)
        if len(shown.split()) >= min_words:
            rows.append((str(art), int(start), int(end), shown, normalize_quote(shown), speaker))
    node_of: dict[str, int] = {}
    for r in rows:
        node_of.setdefault(r[4], len(node_of))
    root = group_wordings(list(node_of), min_words=min_words)
    groups: dict[int, dict] = {}
    for art, start, end, shown, low, speaker in rows:
        key = root[node_of[low]]
        g = groups.setdefault(key, {"key": low, "text": shown, "speakers": Counter(), "articles": [], "evidence": [],
                                    "members": set()})
        g["members"].add(low)
        if _fit(shown) > _fit(g["text"]):
            g["text"] = shown
        if known(speaker):
            g["speakers"][str(speaker)] += 1
        if art not in g["articles"]:
            g["articles"].append(art)
            g["evidence"].append(Evidence(art, start, end))
    out = list(groups.values())
    for g in out:
        g["speaker"] = min(g["speakers"].items(), key=lambda kv: (-kv[1], kv[0]))[0] if g["speakers"] else None
        sents = [corpus.locate(e.article_id, e.start) for e in g["evidence"]]
        g["centrality"] = max([corpus.score[i] for i in sents if i is not None], default=0.0)
        g["focus"] = any(i in corpus.focus for i in sents if i is not None)
    out.sort(key=lambda g: (-g["focus"], -corpus.n_outlets(g["articles"]), -len(g["articles"]),
                            -(g["speaker"] is not None), -g["centrality"], g["key"]))
    return out


def _fit(t: str) -> tuple:
    """How well a wording shows a quote: at most 40 words, starting a sentence, then the longest."""
    return len(t.split()) <= 40, t[:1].isupper(), len(t)


def quotes_section(d: Draft) -> Section:
    groups = quote_groups(d.c.t["quotes"], d.c)
    title = d.w.heading("quotes")
    if groups is None:
        return Section(title, [Note(d.w.say("no_quotes_table"))])
    items = []
    for g in groups[: d.lim["quotes"]]:
        speaker = md_escape(d.speaker_name(g["speaker"])) if g["speaker"] else d.w.word("unattributed")
        arts = g["articles"]
        n_out = len({d.c.outlet[a] for a in arts if d.c.outlet.get(a)})
        reach = d.w.say("reach", k=len(arts)) + (" " + d.w.say("reach_outlets", o=n_out) if n_out > 1 else "")
        items.append(Item.of(d.w.say("quote_line", quote=md_escape(g["text"]), speaker=speaker, reach=reach),
                             g["evidence"]))
    return Section(title, items or [Note(d.w.say("no_long_quotes"))])
