"""Overview, the landing: the answer first.

The debate question; the briefing's bottom line (three statements, each citation a link to the
reader); the one stance count (actors per label, from the corpus-level rows) with a legend that
defines each label against the question; the stance map (actors by position, sized by how much
they are quoted; click = filter); the most-cited quotes as cards with a link to each in the reader;
then the headline counts.
"""
from __future__ import annotations

import streamlit as st

from dashboard import aggregates, brief, charts
from dashboard.navigation import reader_href
from dashboard.views import Context
from dashboard.views.stance import stance_summary
from dashboard.widgets import md_safe, meta_md, plot, top_n


def quote_card(row, ctx: Context) -> None:
    """One quote as a card: the words, who said them and their stance, where and when, and a link
    to the sentence in the reader."""
    with st.container(border=True):
        st.markdown(f"“{md_safe(row['quote'])}”")
        stance = row["speaker_stance"]
        chip = f" · *{md_safe(stance)}*" if stance and stance != "—" else ""
        reach = f" · in {int(row['n_articles'])} articles" if int(row.get("n_articles", 1)) > 1 else ""
        href = reader_href(row["article_id"], row["start"], row["end"], ctx.params)
        st.markdown(f"**{md_safe(row['speaker'])}**{chip} — {meta_md(row['outlet'], 'outlet')}, {meta_md(row['date'], 'date')}"
                    f"{reach} · [Open in reader]({href})")


def render(ctx: Context) -> None:
    t, full = ctx.tables, ctx.full
    if ctx.question:
        st.subheader(md_safe(ctx.question))
    bottom = st.container()  # filled last: the briefing is the slowest part of the page
    stance_summary(ctx, "overview")
    points = ctx.cached("positions", aggregates.positions)
    named = top_n(len(points), "ov_map_all", 12, "actors' names")
    plot(ctx.figure(f"stance_map:top={named}", lambda: charts.stance_map(points, top=named)), "ov_stance_map", "actor",
         empty="No actor takes a position in the selection.")
    if len(points):
        st.caption("A name that would overlap another is left to the point's hover.")
    st.subheader("Most-cited quotes")
    cards = ctx.cached("most_cited_quotes", lambda t: aggregates.most_cited_quotes(
        t, groups=ctx.cached("quote_groups", aggregates.quote_groups)))  # (the Quotes view shows the groups too)
    if cards.empty:
        st.caption("No quote in the selection.")
    cols = st.columns(2)
    for i, (_, row) in enumerate(cards.iterrows()):
        with cols[i % 2]:
            quote_card(row, ctx)
    st.subheader("In numbers")
    c = st.columns(4)
    c[0].metric("Articles", len(t["articles"]), help=f"{len(full['articles'])} in the corpus")
    c[1].metric("Actors mentioned", len(t["actors"]),
                help="Actors mentioned or quoted in the selection; those with a position are counted above")
    c[2].metric("Quotes", len(t["quotes"]), help="Direct, partial and reported quotes")
    c[3].metric("Weapon mentions", len(t["weapon_mentions"]))
    dups = int(t["articles"]["duplicate_of"].notna().sum())
    if dups:
        st.caption(f"{dups} article(s) are near-duplicate versions of another; counts include them.")
    with bottom:
        st.markdown("#### Bottom line")
        lines = brief.bottom_line_for_context(ctx, 3)
        for line in lines:
            st.markdown(line)
        if not lines:
            st.caption("Not enough material in the selection for a bottom line.")
        st.caption("From the briefing (Briefing tab); each number opens the cited sentence in the reader.")
