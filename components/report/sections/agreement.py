"""Agreement and contention across outlets (full briefing): what most articles mention, points
several outlets report in similar terms, and differences — figures, positions, coverage."""
from __future__ import annotations

import math

import numpy as np

from ...tables.stances import LABELS
from ..blocks import Block, Evidence, Heading, Item, Note, Section, dedupe
from ..draft import Draft
from ..facts import figures_by_system
from ..text import md_escape


def agreement_section(d: Draft) -> Section:
    title = d.w.heading("agreement")
    if len(d.c.ids) < 2:
        return Section(title, [Note(d.w.say("one_article"))])
    blocks: list[Block] = [Heading(d.w.heading("common_ground"))]
    common = common_mentions(d)
    if common:
        blocks.append(common)
    blocks.extend(shared_points(d)[: d.lim["agreement"]])
    if not isinstance(blocks[-1], Item):
        blocks.append(Note(d.w.say("no_shared_point")))
    blocks.append(Heading(d.w.heading("differences")))
    diffs = figure_differences(d) + stance_differences(d) + coverage_gaps(d)
    blocks.extend(diffs[: d.lim["contention"]])
    if not diffs:
        blocks.append(Note(d.w.say("no_differences")))
    return Section(title, blocks, keep=2)


def common_mentions(d: Draft) -> Item | None:
    n = len(d.c.ids)
    need = n if n <= 3 else int(math.ceil(0.8 * n))
    parts, ev = [], []
    w = d.article_counts("weapon_mentions", "system")
    systems = [s for s in d.named_systems() if w.get(s, 0) >= need][:4]
    if systems:
        parts.append(d.w.say("common_systems", names=md_escape(d.w.join([d.system_name(s) for s in systems]))))
        ev += d.mention_evidence("weapon_mentions", "system", set(systems))
    a = d.article_counts("actor_mentions", "actor_id")
    actors = [x for x in d.top_actors(40, types=("person", "organization", "group")) if a.get(x, 0) >= need][:4]
    if actors:
        parts.append(d.w.say("common_actors", names=d.names(actors)))
        ev += d.mention_evidence("actor_mentions", "actor_id", set(actors))
    if not parts:
        return None
    key = "common_all" if need == n else "common_most"
    return Item.of(d.w.say(key, need=need, n=n, what=(" " + d.w.word("and") + " ").join(parts)), dedupe(ev))


def shared_points(d: Draft, threshold: float = 0.45) -> list[Item]:
    """Points reported by several outlets: a central sentence about the debate (it names a weapon or
    an actor with a position) and its closest match in each other article (cosine ≥ ``threshold``),
    widest reach first."""
    c = d.c
    holders = set(d.positions.rows["actor_id"].astype(str)) if len(d.positions.rows) else set()
    clusters = []
    for i in c.pool()[:200]:
        if i not in c.armed and not holders & c.sent_actors.get(i, set()):
            continue  # a point of the debate names a weapon or an actor with a position (not "Follow our coverage …")
        members = {c.c_art[i]: i}
        row = c.sim[i]
        close = np.flatnonzero(row >= threshold)
        for j in close[np.argsort(-row[close], kind="stable")]:
            members.setdefault(c.c_art[j], int(j))
        if len(members) >= 2 and c.n_outlets(members) >= 2:
            clusters.append((-c.n_outlets(members), -len(members), c.rank_of[i], i, members))
    clusters.sort()
    out = []
    for _, _, _, i, members in clusters:
        if len(out) >= d.lim["agreement"]:
            break
        if not d.take([i], 1, 0.45):
            continue
        arts = sorted(members, key=lambda a: c.order[a])
        out.append(Item.of(d.w.say("shared_point", k=len(arts), n=len(c.ids), quote=c.quote(i)),
                           [c.evidence(members[a]) for a in arts]))
    return out


def figure_differences(d: Draft) -> list[Item]:
    """Named systems given different figures (same unit, values more than 10% apart) in different
    articles, e.g. two ranges for one missile."""
    figs = figures_by_system(d.c, d.w.cfg.get("figures", {}))
    out = []
    for (system, kind), found in sorted(figs.items()):
        values: dict[float, tuple[str, list[Evidence]]] = {}
        for norm, shown, ev in found:
            key = next((v for v in values if abs(norm - v) <= 0.1 * max(abs(v), 1e-9)), None)
            if key is None:
                values[norm] = (shown, [ev])
            else:
                values[key][1].append(ev)
        if len(values) < 2 or len({e.article_id for _, _, e in found}) < 2:
            continue
        parts = [(d.w.say("figures_differ", name=md_escape(d.system_name(system)), kind=d.w.word("figure_" + kind)
                           if d.w.has_word("figure_" + kind) else md_escape(kind)), [])]
        for k, (_, (shown, evs)) in enumerate(sorted(values.items())):
            parts.append((("" if k == 0 else "; ") + md_escape(shown), dedupe(evs)))
        parts.append((".", []))
        out.append(Item(parts))
    return out


def stance_differences(d: Draft) -> list[Item]:
    """Actors whose position differs between articles (each label citing its articles): per-article
    rows above the stance threshold, grouped once."""
    pa = d.positions.per_article
    if not len(pa):
        return []
    pa = pa[pa["confidence"].fillna(0) >= d.positions.threshold]
    groups = [(a, g) for a, g in pa.groupby("actor_id", sort=True) if g["stance"].nunique() >= 2]
    out = []
    for a, g in sorted(groups, key=lambda x: (-x[1]["stance"].nunique(), x[0]))[:2]:
        parts = [(d.w.say("articles_differ", name=d.names([a])), [])]
        for label in LABELS:
            arts = sorted(set(g.loc[g["stance"] == label, "article_id"]), key=lambda x: d.c.order[x])
            if arts:
                ev = [d.c.first_mention(x, "actor_mentions", "actor_id", {a}) for x in arts]
                parts.append((("" if len(parts) == 1 else "; ") + d.w.label(label), ev))
        parts.append((".", []))
        out.append(Item(parts))
    return out


def coverage_gaps(d: Draft) -> list[Item]:
    n = len(d.c.ids)
    counts = d.article_counts("weapon_mentions", "system")
    gaps = [s for s in d.named_systems() if counts.get(s, 0) <= n / 2][:4]
    if not gaps:
        return []
    parts = [(d.w.say("gaps_lead"), [])]
    for k, s in enumerate(gaps):
        sep = "" if k == 0 else (" " + d.w.word("and") + " " if k == len(gaps) - 1 else ", ")
        parts.append((sep + d.w.say("gap", name=md_escape(d.system_name(s)), k=int(counts[s]), n=n),
                      d.mention_evidence("weapon_mentions", "system", {s})))
    parts.append((".", []))
    return [Item(parts)]
