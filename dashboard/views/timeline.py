"""Positions over time: each actor's stance per article on a timeline of the articles' dates, the
points where an actor's position changes marked, and each change shown side by side with the
evidence sentences before and after ("cautious in September, support in November")."""
from __future__ import annotations

import streamlit as st

from dashboard import aggregates, charts
from dashboard.navigation import reader_href
from dashboard.views import Context
from dashboard.widgets import md_safe, plot, top_n


def _evidence(col, actor: str, stance: str, date, outlet: str, sentence: str, article: str, offsets, ctx) -> None:
    col.markdown(f"**{md_safe(stance)}** — {date:%Y-%m-%d}, {md_safe(outlet)}")
    link = ""
    if isinstance(offsets, (list, tuple)) and offsets:
        link = f" [Open in reader]({reader_href(article, offsets[0][0], offsets[0][1], ctx.params)})"
    col.markdown("> " + (md_safe(sentence) if sentence else "*(no evidence sentence recorded)*") + link)


def render(ctx: Context) -> None:
    points, undated = aggregates.timeline_points(ctx.tables)
    arts = ctx.tables["articles"]
    n_dated = int(aggregates.has_value(arts["date"]).sum())
    if points.empty or points["date"].nunique() < 2:
        st.info(f"Positions over time need articles with at least two different dates: {n_dated} of "
                f"{len(arts)} articles in the selection have a date. Add dated articles (a date in the "
                "metadata, the file name or a dateline) to see how positions move.")
        if points.empty:
            return
    ranking = points.groupby("actor").agg(changes=("changed", "sum"), n=("date", "size")).sort_values(
        ["changes", "n"], ascending=False, kind="stable")
    show = top_n(len(ranking), "timeline_all", 15, "actors")
    keep = list(ranking.index if show is None else ranking.index[:show])
    plot(charts.stance_timeline(points[points["actor"].isin(keep)]), "timeline_chart", "actor",
         empty="No dated stance in the selection.")
    notes = []
    if undated:
        notes.append(f"{undated} stance row(s) of undated articles are not on the timeline")
    if n_dated < len(arts):
        notes.append(f"{len(arts) - n_dated} of {len(arts)} articles have no date")
    if notes:
        st.caption("; ".join(notes) + ".")
    ch = aggregates.changes(points)
    st.subheader(f"Changes of position ({len(ch)})")
    if ch.empty:
        st.caption("No actor's label changes between dated articles in the selection.")
        return
    outlets = dict(zip(arts["article_id"], aggregates.display_outlet(arts["outlet"])))
    for r in ch.itertuples():
        with st.container(border=True):
            st.markdown(f"**{md_safe(r.actor)}**: {md_safe(r.from_stance)} in {r.from_date:%B %Y} → "
                        f"{md_safe(r.to_stance)} in {r.to_date:%B %Y}")
            left, right = st.columns(2)
            _evidence(left, r.actor, r.from_stance, r.from_date, outlets.get(r.from_article, ""), r.from_evidence,
                      r.from_article, r.from_offsets, ctx)
            _evidence(right, r.actor, r.to_stance, r.to_date, outlets.get(r.to_article, ""), r.to_evidence,
                      r.to_article, r.to_offsets, ctx)
