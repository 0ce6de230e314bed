"""Stance: the actor × article matrix, with the evidence sentences of the selected row."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.knowledge.vocabulary import STANCES, stance_meaning
from dashboard import charts
from dashboard.knowledge import debate
from dashboard.views import Context
from dashboard.widgets import md_safe, plot


def render(ctx: Context) -> None:
    rows, overall = ctx.tables["stances"], ctx.tables["stances_overall"]
    if rows.empty and overall.empty:
        st.info("No stance was found in the selection.")
        return
    st.caption(" · ".join(f"**{s.heading}**: {md_safe(stance_meaning(s.label, debate()))}" for s in STANCES))
    plot(charts.stance_matrix(rows, ctx.tables["articles"]), empty="No per-article stance in the selection.")
    st.subheader("Evidence")
    st.caption("Select a row to read the sentences behind the stance.")
    df = pd.concat([rows, overall.assign(article_id="(all articles)")], ignore_index=True)
    df = df.sort_values(["actor", "article_id"]).reset_index(drop=True)
    event = st.dataframe(df[["actor", "article_id", "stance", "score", "confidence", "n_signals"]],
                         hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                         key="stance_table",
                         column_config={"score": st.column_config.ProgressColumn(
                             "score", min_value=-1.0, max_value=1.0, format="%.2f")})
    chosen = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    row = df.iloc[chosen[0] if chosen else 0]
    st.markdown(f"**{md_safe(row['actor'])}**: *{row['stance']}* in {md_safe(row['article_id'])}")
    evidence = row["evidence"] if isinstance(row["evidence"], (list, tuple)) else []
    for ev in evidence:
        st.markdown("> " + md_safe(ev))
    if not evidence:
        st.caption("No evidence sentence recorded for this row.")
