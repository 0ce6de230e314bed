"""Where the actors stand: one line per actor whose position passes the stance threshold, with the
strongest evidence of it, cited. Short: the main actors, every side represented. Full: grouped by
label, or (with no stance labels) the most-mentioned actors."""
from __future__ import annotations

import pandas as pd

from ...tables.stances import LABELS
from ..blocks import Block, Heading, Item, Note, Section
from ..draft import Draft
from ..text import filter_values


def actors_section(d: Draft) -> Section | None:
    rows = _focus_first(d, d.positions.rows)
    if d.short:
        return _short(d, rows)
    return _full(d, rows)


def _focus_first(d: Draft, rows: pd.DataFrame) -> pd.DataFrame:
    want = {v.lower() for v in filter_values(d.filters.get("actor"))}
    if not want or not len(rows):
        return rows
    first = rows["actor_id"].str.lower().isin(want) | rows["actor_id"].map(d.actor_name).str.lower().isin(want) \
        | rows["actor"].astype(str).str.lower().isin(want)
    return pd.concat([rows[first], rows[~first]])


def _line(d: Draft, actor_id: str, label: str, with_label: bool) -> Item | None:
    ev = d.positions.evidence(actor_id, label, d.used, max_words=d.lim.get("max_quote_words") if d.short else None)
    if ev is None:
        return None
    key = "actor_line_labelled" if with_label else "actor_line"
    return Item.of(d.w.say(key, name=d.names([actor_id]), label=d.w.label(label), evidence=ev[0]), [ev[1]])


def _short(d: Draft, rows: pd.DataFrame) -> Section | None:
    """The strongest actor of each label first (so every side is heard), then by strength; shown in
    label order, a filtered actor first."""
    if not len(rows):
        return None
    k = d.lim.get("actors", 6)
    focus = list(rows["actor_id"][:1]) if filter_values(d.filters.get("actor")) else []
    firsts = [g["actor_id"].iloc[0] for _, g in rows.groupby("stance", sort=False)]
    chosen = list(dict.fromkeys(focus + firsts + list(rows["actor_id"])))
    label_of = dict(zip(rows["actor_id"], rows["stance"]))
    items: list[tuple[str, Item]] = []
    for a in chosen:
        if len(items) >= k:
            break
        item = _line(d, a, label_of[a], with_label=True)
        if item is not None:
            items.append((a, item))
    order = {lab: n for n, lab in enumerate(LABELS)}
    items.sort(key=lambda x: (x[0] not in focus, order.get(label_of[x[0]], 9)))
    blocks: list[Block] = [item for _, item in items]
    return Section(d.w.heading("actors_short"), blocks, keep=2, optional=True) if blocks else None


def _full(d: Draft, rows: pd.DataFrame) -> Section:
    blocks: list[Block] = []
    if len(rows):
        labels = list(dict.fromkeys(list(rows["stance"][:1] if filter_values(d.filters.get("actor")) else [])
                                    + list(LABELS)))
        for label in labels:
            group = rows[rows["stance"] == label].head(d.lim["actors_per_group"])
            lines = [x for x in (_line(d, a, label, with_label=False) for a in group["actor_id"]) if x is not None]
            if lines:
                blocks.append(Heading(d.w.heading("stance_" + label)))
                blocks.extend(lines)
        if blocks:
            return Section(d.w.heading("actors"), blocks, keep=2)
    return _without_stances(d)


def _without_stances(d: Draft) -> Section:
    """No position passes the threshold: the most-mentioned actors, each with the most central
    sentence naming them (which shows who they are, not a position)."""
    blocks: list[Block] = [Note(d.w.say("no_stances"))]
    m = d.c.t["actor_mentions"]
    for a in d.top_actors(d.lim["actors_without_stance"], types=("person", "organization", "group")):
        cands = [i for i in d.c.ranked if a in d.c.sent_actors.get(i, set())]
        chosen = d.take(cands, 1, 0.6) or cands[:1]
        if not chosen:
            continue
        sub = m[m["actor_id"] == a]
        blocks.append(Item.of(d.w.say("actor_mentioned", name=d.names([a]), n=len(sub), k=sub["article_id"].nunique(),
                                      quote=d.c.quote(chosen[0])), [d.c.evidence(chosen[0])]))
    if len(blocks) == 1:
        blocks = [Note(d.w.say("no_stances_no_actors"))]
    return Section(d.w.heading("actors"), blocks, keep=2)
