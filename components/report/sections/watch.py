"""What to watch: central sentences about pending decisions, plans and dates (the newest articles
first when the selection is dated); and key passages that pad a thin full briefing."""
from __future__ import annotations

from ..blocks import Note, Section
from ..draft import Draft
from ..text import cue_pattern


def watch_section(d: Draft) -> Section | None:
    cues, dates = cue_pattern(d.w.cues("watch")), cue_pattern(d.w.cues("dates"))
    dated = d.c.dated()
    recency = {a: k / max(len(dated) - 1, 1) for k, a in enumerate(dated)}  # 0 oldest … 1 newest
    scored = []
    for i in d.c.pool():
        t = d.c.c_text[i]
        hits = (len(cues.findall(t)) if cues else 0) + (2 * len(dates.findall(t)) if dates else 0)
        if hits:
            fresh = 1 + recency.get(d.c.c_art[i], 0.5)
            scored.append((-d.c.score[i] * (1 + min(hits, 4)) * fresh, i))
    chosen = d.take([i for _, i in sorted(scored)], d.lim["watch"], 0.45)
    title = d.w.heading("watch")
    if not chosen:
        return None if d.short else Section(title, [Note(d.w.say("nothing_to_watch"))])
    return Section(title, [d.quoted(i) for i in chosen], keep=1, optional=d.short)


def key_passages(d: Draft, k: int) -> Section:
    return Section(d.w.heading("key_passages"), [d.quoted(i) for i in d.take(d.c.pool(), k, 0.45)], keep=0,
                   optional=True)
