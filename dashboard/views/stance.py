"""Stance: the one stance count with its legend, each actor's position, the actor × article
matrix, and the evidence behind any row (selecting a row reruns this view only)."""
from __future__ import annotations

import pandas as pd

import streamlit as st

from components.escaping import html_escape
from dashboard import aggregates, charts
from dashboard.navigation import reader_href
from dashboard.views import Context
from dashboard.widgets import md_safe, plot, top_n


def legend_html(labels, descriptions: dict[str, str], question: str = "") -> str:
    """The stance legend as HTML: each label in its chart colour with its meaning (text escaped)."""
    items = []
    for label in labels:
        colour = charts.STANCE_COLOURS.get(label, charts.UNKNOWN)
        desc = descriptions.get(label, "")
        items.append(f'<li><span style="display:inline-block;width:.8em;height:.8em;border-radius:50%;'
                     f'background:{colour};margin-right:.4em"></span><b>{html_escape(label)}</b>'
                     + (f" — {html_escape(desc)}" if desc else "") + "</li>")
    head = f"<p>Positions toward the question: <i>{html_escape(question)}</i></p>" if question else ""
    return f'<div class="db-legend">{head}<ul style="list-style:none;padding-left:0">{"".join(items)}</ul></div>'


def stance_count_line(counts: dict[str, int]) -> str:
    """``32 actors take a position: 15 support · 2 oppose · …`` (every label, zeros included)."""
    total = sum(counts.values())
    parts = " · ".join(f"**{n}** {md_safe(label)}" for label, n in counts.items())
    noun = "actor takes" if total == 1 else "actors take"
    return f"**{total}** {noun} a position: {parts}"


def stance_summary(ctx: Context, key: str) -> dict[str, int]:
    """The one stance count of the selection and the legend under it; returns the count."""
    counts = aggregates.stance_counts(ctx.tables, charts.STANCE_ORDER)
    st.markdown(stance_count_line(counts))
    with st.expander("What the stance labels mean", expanded=False):
        st.html(legend_html(list(counts), ctx.label_help, ctx.question))
        st.caption("Each actor is counted once, by the label of all its evidence in the selection; "
                   "the matrix in the Stance view shows the label in each article.")
    return counts


def render(ctx: Context) -> None:
    rows = ctx.tables["stances"]
    if rows.empty:
        st.info("No stance was found in the selection.")
        return
    stance_summary(ctx, "stance")
    overall = aggregates.overall(ctx.tables)
    plot(charts.stance_positions(overall, top=top_n(len(overall), "stance_positions_all", 25, "actors")),
         "stance_positions", "actor", empty="No actor takes a position in the selection.")
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
    st.markdown(f"**{md_safe(row['actor'])}**: *{md_safe(row['stance'])}* in {md_safe(row['article_id'])}")
    evidence = row["evidence"] if isinstance(row["evidence"], (list, tuple)) else []
    offsets = row["evidence_offsets"] if isinstance(row["evidence_offsets"], (list, tuple)) else []
    per_article = row["article_id"] != "(all articles)"
    for i, ev in enumerate(evidence):
        link = ""
        if per_article and i < len(offsets):
            link = f" [Open in reader]({reader_href(row['article_id'], offsets[i][0], offsets[i][1], ctx.params)})"
        st.markdown("> " + md_safe(ev) + link)
    if not evidence:
        st.caption("No evidence sentence recorded for this row.")
