"""The weapon systems at stake: how widely each is covered, the facts the articles give about it
(figures, and catalogue facts only where an article states them), and what is said about it."""
from __future__ import annotations

from ..blocks import Block, Evidence, Item, Note, Section
from ..draft import Draft
from ..facts import figures_by_system, stated_facts, stated_range
from ..text import cue_pattern, join_names, md_escape


def weapons_section(d: Draft) -> Section | None:
    wm = d.c.t["weapon_mentions"]
    systems = d.named_systems()[: d.lim["weapons"]]
    figures = figures_by_system(d.c, d.w.cfg.get("figures", {}))
    n = len(d.c.ids)
    blocks: list[Block] = []
    aspects = [(name, cue_pattern(cues)) for name, cues in d.w.cfg.get("weapon_aspects", {}).items()]
    for s in systems:
        sub = wm[wm["system"] == s]
        arts = int(sub["article_id"].nunique())
        name = md_escape(d.system_name(s))
        head_ev = d.mention_evidence("weapon_mentions", "system", {s}, most=2 if d.short else 6)
        if d.short:
            head = d.w.say("weapon_short", name=name, k=arts, n=n)
        else:
            head = d.w.say("weapon_full", name=name, m=len(sub), k=arts, n=n)
        parts = [(head, head_ev)]
        facts = _facts(d, s, figures)
        for k, (text, ev) in enumerate(facts):
            parts.append(((": " if k == 0 else "; ") + text, [ev]))
        item = Item(parts)
        about = [i for i in d.c.ranked if s in d.c.sent_systems.get(i, set())]
        said = 0
        for aspect, pat in aspects:
            if said >= (0 if d.short and facts else 1 if d.short else 2) or pat is None:
                continue
            chosen = d.take([i for i in about if pat.search(d.c.c_text[i])], 1, 0.6)
            if chosen:
                said += 1
                _say(d, item, d.w.word("aspect_" + aspect), chosen[0])
        if not said and not (d.short and facts):
            chosen = d.take(about, 1, 0.6)
            if chosen:
                _say(d, item, d.w.word("aspect_said"), chosen[0])
        item.parts.append((".", []))
        blocks.append(item)
    if not systems:
        if not len(wm):
            return None if d.short else Section(d.w.heading("weapons"), [Note(d.w.say("no_weapons"))])
        generic = wm.groupby("system").size().sort_values(ascending=False, kind="stable")
        top = list(generic.index[:4])
        blocks.append(Item.of(d.w.say("generic_weapons", names=md_escape(join_names(
            [d.w.say("generic_weapon", name=g, m=int(generic[g])) for g in top], d.w.word("and")))),
            d.mention_evidence("weapon_mentions", "system", set(top), most=3 if d.short else 6)))
    title = d.w.heading("weapons_short" if d.short else "weapons")
    return Section(title, blocks, keep=1, optional=d.short)


def _say(d: Draft, item: Item, aspect: str, i: int) -> None:
    """What is said about a system (sentence ``i``): the quotation inline in the short brief, a
    sub-bullet headed by its aspect in the full one."""
    if d.short:
        item.parts.append(((": " if len(item.parts) == 1 else "; ") + d.c.quote(i), [d.c.evidence(i)]))
    else:
        item.children.append(Item.of(d.w.say("aspect", aspect=aspect, quote=d.c.quote(i)), [d.c.evidence(i)]))


def _facts(d: Draft, system: str, figures: dict) -> list[tuple[str, Evidence]]:
    out = []
    stated = {kind: (value, ev) for kind, value, ev in stated_facts(d.c, d.k, system)}
    for kind in ("category", "maker"):
        if kind in stated:
            value, ev = stated[kind]
            out.append((d.w.say("fact_" + kind, value=md_escape(value)), ev))
    rng = stated_range(figures, system)
    if rng:
        out.append((d.w.say("fact_range", value=md_escape(rng[0])), rng[1]))
    return out
