"""What changed over time, when the selection is dated on more than one day: its dated articles in
up to a few periods (a day is never split), each with its most central sentence about the weapons
(a decision if one is stated); and, in the full briefing, the actors whose position moved."""
from __future__ import annotations

from collections import Counter

from ..blocks import Block, Item, Section
from ..draft import Draft
from ..text import cue_pattern, md_escape


def periods(dates: list[str], k: int) -> list[tuple[str, str]]:
    """Up to ``k`` consecutive ``(first, last)`` date ranges covering ``dates`` (repeats allowed)
    with about as many articles in each; one date never falls in two ranges."""
    days = sorted(set(dates))
    if len(days) <= k:
        return [(x, x) for x in days]
    counts = Counter(dates)
    out, start, seen = [], days[0], 0
    for idx, x in enumerate(days[:-1]):
        seen += counts[x]
        if len(out) < k - 1 and seen >= len(dates) * (len(out) + 1) / k:
            out.append((start, x))
            start = days[idx + 1]
    out.append((start, days[-1]))
    return out


def timeline_section(d: Draft) -> Section | None:
    dated = d.c.dated()
    if not dated or d.c.date[dated[0]] == d.c.date[dated[-1]]:
        return None
    decision = cue_pattern(d.w.cues("decision"))
    blocks: list[Block] = []
    for first, last in periods([d.c.date[a] for a in dated], d.lim.get("periods", 3)):
        arts = [a for a in dated if first <= d.c.date[a] <= last]
        within = {i for a in arts for i in d.c.rows_of.get(a, [])}
        pool = d.c.pool(within)
        # what was being decided about the weapons then: a central sentence where someone takes a
        # position, else one that names a weapon, better one with a decision word; a question last
        pool = sorted(pool, key=lambda i: (i not in d.c.held, i not in d.c.armed,
                                           decision is None or not decision.search(d.c.c_text[i]),
                                           d.c.c_text[i].rstrip().endswith("?")))
        chosen = d.take(pool)
        if not chosen:
            continue
        when = md_escape(first) if first == last else d.w.say("period", first=md_escape(first), last=md_escape(last))
        blocks.append(Item.of(d.w.say("period_line", when=when, n=len(arts), quote=d.c.quote(chosen[0])),
                              [d.c.evidence(chosen[0])]))
    if not d.short:
        for m in d.moves()[: d.lim.get("moves", 4)]:
            blocks.append(Item([(d.w.say("moved_from", name=d.names([m["actor_id"]]), label=d.w.label(m["first"]["label"]),
                                         date=md_escape(m["first"]["date"])), [m["first"]["evidence"]]),
                                (" " + d.w.say("moved_to", label=d.w.label(m["last"]["label"]),
                                               date=md_escape(m["last"]["date"])), [m["last"]["evidence"]]),
                                (".", [])]))
    if len(blocks) < 2:
        return None
    return Section(d.w.heading("timeline"), blocks, keep=2, optional=True)
