"""The head of a briefing: title, the debate question, what the selection covers and its filters."""
from __future__ import annotations

from ...tables.filters import active
from ..draft import Draft
from ..text import filter_values, join_names, md_escape


def title(d: Draft) -> str:
    """``Briefing: <filtered weapons and actors>``, else the two named systems most at stake, else
    the two most-mentioned actors."""
    focus = [d.system_name(v) for v in filter_values(d.filters.get("weapon"))] + \
        [d.actor_name(v) if v in d.c.actor_names else _actor_by_name(d, v) for v in filter_values(d.filters.get("actor"))]
    if focus:
        return d.w.say("title_focus", names=md_escape(join_names(focus, d.w.word("and"))))
    systems = d.named_systems()[:2]
    if systems:
        return d.w.say("title", names=md_escape(join_names([d.system_name(s) for s in systems], d.w.word("and"))))
    actors = d.top_actors(2, types=("person", "organization", "group"))
    if actors:
        return d.w.say("title", names=d.names(actors))
    return d.w.say("title_plain")


def _actor_by_name(d: Draft, value: str) -> str:
    """The display name of the actor whose canonical name is ``value`` (a dashboard filter holds
    canonical names), else ``value``."""
    actors = d.c.t["actors"]
    hit = actors.loc[actors["name"] == value, "actor_id"] if len(actors) else []
    return d.actor_name(str(hit.iloc[0])) if len(hit) else value


def header(d: Draft) -> list[str]:
    """The lines under the title: question, coverage, filters (when any, or always in full), legend."""
    w = d.w
    lines = []
    if d.question:
        lines.append(w.say("question", question=md_escape(d.question)))
    lines.append(coverage(d))
    active = active_filters(d)
    if active or not d.short:
        lines.append(w.say("filters", filters="; ".join(active)) if active else w.say("filters_none"))
    lines.append(w.say("legend_short" if d.short else "legend"))
    return lines


def coverage(d: Draft) -> str:
    w, c = d.w, d.c
    n = len(c.ids)
    outlets = sorted({o for o in c.outlet.values() if o})
    unknown = sum(1 for o in c.outlet.values() if not o)
    if outlets:  # named in the full briefing (the short one names them in its sources)
        shown = ", ".join(outlets[:6]) + (", …" if len(outlets) > 6 else "")
        o_txt = w.say("coverage_outlets_short" if d.short else "coverage_outlets", k=len(outlets), names=md_escape(shown))
        if unknown:
            o_txt += ", " + w.say("coverage_unknown_outlets", u=unknown)
    else:
        o_txt = w.say("coverage_no_outlet")
    dates = sorted(x for x in c.date.values() if x)
    if dates:
        d_txt = w.say("coverage_date", first=md_escape(dates[0])) if dates[0] == dates[-1] else \
            w.say("coverage_dates", first=md_escape(dates[0]), last=md_escape(dates[-1]))
        if len(dates) < n:
            d_txt += " " + w.say("coverage_undated", u=n - len(dates))
    else:
        d_txt = w.say("coverage_no_dates")
    dups = sum(1 for a, root in c.story.items() if a != root)
    if dups and not d.short:
        d_txt += "; " + w.say("coverage_duplicates", d=dups)
    return w.say("coverage", n=n, outlets=o_txt, dates=d_txt)


def active_filters(d: Draft) -> list[str]:
    """The filters of the selection, as the one filter specification (``components.tables.filters``)
    lists and names them (the scope included); ``[words] filter_<key>`` re-words a name."""
    out = []
    for key, name, vals in active(d.filters):
        if key == "actor":
            vals = [d.actor_name(v) if v in d.c.actor_names else _actor_by_name(d, v) for v in vals]
        name = d.w.word("filter_" + key) if d.w.has_word("filter_" + key) else md_escape(name)
        out.append(d.w.say("filter", name=name, values=", ".join(md_escape(v) for v in vals)))
    return out
