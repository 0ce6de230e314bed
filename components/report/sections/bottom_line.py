"""The bottom line: three to five cited sentences — what is at issue, where the balance of positions
lies, who moved, and what is newest (or where the matter stands)."""
from __future__ import annotations

import pandas as pd

from ..blocks import Evidence, Item, Section, dedupe
from ..draft import Draft
from ..positions import stance_counts
from ..text import cue_pattern, md_escape


def bottom_line(d: Draft) -> Section:
    items: list[Item] = []
    at_issue = _at_issue(d)
    if at_issue:
        items.append(at_issue)
    balance = _balance(d)
    if balance:
        items.append(balance)
    moved = _moved(d)
    if moved:
        items.append(moved)
    latest = _latest(d)
    if latest:
        items.append(latest)
    if len(items) < 3:
        at_stake = _at_stake(d)
        if at_stake:
            items.append(at_stake)
    if len(items) < 3:
        more = d.take(d.c.pool())
        if more:
            items.append(Item.of(d.w.say("also_central", quote=d.c.quote(more[0])), [d.c.evidence(more[0])]))
    return Section(d.w.heading("bottom_line"), items[: d.lim.get("bottom_line", 5)], keep=3, paragraph=True)


def _at_issue(d: Draft) -> Item | None:
    decision = cue_pattern(d.w.cues("decision"))
    dec = set(d.c.matching(decision))
    # what is at issue is a decision about the weapons: a decision sentence that names one, if any does
    dec = (dec & d.c.armed) or dec
    # the more decision cues a central sentence carries, the better it states what is at issue
    by_cues = sorted(d.c.pool(dec), key=lambda i: -d.c.score[i] * (1 + 0.5 * min(len(decision.findall(d.c.c_text[i])), 3))) \
        if dec else d.c.pool()
    first = d.take(by_cues)
    return Item.of(d.w.say("at_issue", quote=d.c.quote(first[0])), [d.c.evidence(first[0])]) if first else None


def _balance(d: Draft) -> Item | None:
    """``Of the 12 actors with a clear position, 7 are in favour (A and B); 3 are cautious (C) …``,
    each group naming its most prominent actors (named ones, in most articles) and citing their
    evidence; the largest group first."""
    rows = d.positions.rows
    if not len(rows):
        return _most_cited(d)
    counts = stance_counts(rows)
    n = len(rows)
    ev_of, named = {}, {}
    per_label = d.lim.get("balance_names", 2)
    seen = None  # articles of the selection mentioning each actor
    for label, group in rows.groupby("stance", sort=False):
        # the most prominent of each label with evidence: a named actor before an anonymous source, the one
        # holding it in most articles, then the one the selection mentions in most articles (a figure the
        # coverage follows, not a ministry quoted once), then the strongest
        if "n_articles" in group:
            named_first = [not str(a).endswith(d.anonymous) for a in group["actor_id"]]
            if seen is None:  # (the selection's actors table counts them: nothing is counted again)
                act = d.c.t["actors"]
                seen = pd.Series(act["articles"].to_numpy(), index=act["actor_id"].to_numpy()) if len(act) \
                    else pd.Series(dtype="int64")
                seen = seen[~seen.index.duplicated()]
            group = group.assign(_named=named_first, _n=group["n_articles"].fillna(0),
                                 _seen=group["actor_id"].map(seen).fillna(0)).sort_values(
                ["_named", "_n", "_seen", "strength"], ascending=False, kind="stable")
        for a in group["actor_id"]:
            if len(named.setdefault(label, [])) >= per_label:
                break
            ev = d.positions.evidence(a, label, d.used, reserve=False)
            if ev is not None:
                ev_of[a] = ev[1]
                named[label].append(a)
    if n == 1:
        a = str(rows["actor_id"].iloc[0])
        return Item.of(d.w.say("balance_one", name=d.names([a]), label=d.w.label(str(rows["stance"].iloc[0]))),
                       [ev_of[a]] if a in ev_of else [])
    parts = [(d.w.say("balance_lead", n=n), [])]
    groups = sorted((lab for lab in counts if counts[lab]), key=lambda lab: -counts[lab])
    for k, label in enumerate(groups):
        ids = named.get(label, [])
        names = d.names(ids)
        text = d.w.say("balance_group", n=counts[label], label=d.w.label(label))
        if names:
            text += " " + d.w.say("balance_names_some" if counts[label] > len(ids) else "balance_names", names=names)
        parts.append((("" if k == 0 else "; ") + text, [ev_of[a] for a in ids]))
    parts.append((".", []))
    return Item(parts)


def _most_cited(d: Draft) -> Item | None:
    actors = d.top_actors(3, types=("person", "organization", "group", "country"))
    if not actors:
        return None
    ev = d.mention_evidence("actor_mentions", "actor_id", set(actors), most=3)
    return Item.of(d.w.say("no_positions", k=len(actors), names=d.names(actors)), ev)


def _moved(d: Draft) -> Item | None:
    moves = d.moves()[:2]
    if not moves:
        return None
    parts: list[tuple[str, list[Evidence]]] = []
    for k, m in enumerate(moves):
        sep = "" if k == 0 else "; "
        parts.append((sep + d.w.say("moved_from", name=d.names([m["actor_id"]]), label=d.w.label(m["first"]["label"]),
                                    date=md_escape(m["first"]["date"])), [m["first"]["evidence"]]))
        parts.append((" " + d.w.say("moved_to", label=d.w.label(m["last"]["label"]), date=md_escape(m["last"]["date"])),
                      [m["last"]["evidence"]]))
    parts.append((".", []))
    return Item(parts)


def _latest(d: Draft) -> Item | None:
    """When the selection is dated over more than one day: the most central sentence of its latest
    day. Otherwise the most central sentence on what is pending."""
    dated = d.c.dated()
    if dated and d.c.date[dated[0]] != d.c.date[dated[-1]]:
        day = d.c.date[dated[-1]]
        latest = {i for a in dated if d.c.date[a] == day for i in d.c.rows_of.get(a, [])}
        chosen = d.take(d.c.pool(latest))
        if chosen:
            return Item.of(d.w.say("latest", date=md_escape(day), quote=d.c.quote(chosen[0])), [d.c.evidence(chosen[0])])
    watch = cue_pattern(d.w.cues("watch") + d.w.cues("dates"))
    pending = set(d.c.matching(watch))
    chosen = d.take(d.c.pool(pending) if pending else d.c.pool())
    if chosen:
        return Item.of(d.w.say("where_it_stands", quote=d.c.quote(chosen[0])), [d.c.evidence(chosen[0])])
    return None


def _at_stake(d: Draft) -> Item | None:
    systems = d.named_systems()[:3]
    if not systems:
        return None
    ev = d.mention_evidence("weapon_mentions", "system", set(systems), most=4)
    return Item.of(d.w.say("at_stake", k=len(systems), names=md_escape(d.w.join([d.system_name(s) for s in systems]))),
                   dedupe(ev))
