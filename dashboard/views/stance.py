"""Stance: the one stance count with its legend, each actor's position, the actor × article
matrix, and the evidence behind any row (selecting a row reruns this view only)."""
from __future__ import annotations

import streamlit as st

from components.escaping import html_escape
from components.knowledge.vocabulary import CUE_LABELS, STANCE_LABELS, stance_meaning
from dashboard import aggregates, charts
from dashboard.navigation import reader_href
from dashboard.views import Context
from dashboard.widgets import md_safe, plot, table, top_n


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
    """``25 actors take a clear position: 12 support · … · 1 oppose; 2 are unclear`` (every label,
    zeros included; ``unclear`` is counted apart, since it is no position, as the briefing counts)."""
    clear = {label: n for label, n in counts.items() if label in CUE_LABELS}
    rest = {label: n for label, n in counts.items() if label not in CUE_LABELS}
    total = sum(clear.values())
    parts = " · ".join(f"**{n}** {md_safe(label)}" for label, n in clear.items())
    noun = "actor takes" if total == 1 else "actors take"
    line = f"**{total}** {noun} a clear position: {parts}"
    for label, n in rest.items():
        line += f"; **{n}** {md_safe(label)}" + (" (evidence too weak or mixed to call)" if label == "unclear" else "")
    return line


def legend_text(labels, descriptions: dict[str, str]) -> str:
    """The stance legend as Markdown (a tooltip): each label and its meaning against the question."""
    return "\n\n".join(f"**{md_safe(label)}**: {md_safe(descriptions.get(label) or stance_meaning(label))}"
                         for label in labels if label in STANCE_LABELS or descriptions.get(label))


def stance_summary(ctx: Context, key: str) -> dict[str, int]:
    """The one stance count of the selection, its legend as the line's tooltip and, below, the legend
    in the stance colours (open on the Stance view); returns the count."""
    counts = aggregates.stance_counts(ctx.tables, charts.STANCE_ORDER)
    st.markdown(stance_count_line(counts), help=legend_text(list(counts), ctx.label_help))
    with st.expander("What the stance labels mean", expanded=key == "stance"):
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
    df = ctx.cached("stance_rows", aggregates.stance_rows)
    shown = ["actor", "article", "date", "stance", "score", "confidence", "n_signals"]
    # only the columns shown are sent (the evidence lists of every row cost more than the rest)
    event = table(df[shown], on_select="rerun", selection_mode="single-row", key="stance_table",
                  column_order=shown,
                  column_config={"actor": st.column_config.TextColumn("actor", width=160),
                                 "article": st.column_config.TextColumn("article", width=320),
                                 "date": st.column_config.TextColumn("date", width=88),
                                 "stance": st.column_config.TextColumn("stance", width=80),
                                 "score": st.column_config.ProgressColumn(
                                     "score", min_value=-1.0, max_value=1.0, format="%.2f", width=120),
                                 "confidence": st.column_config.NumberColumn("confidence", format="%.2f", width=80),
                                 "n_signals": st.column_config.NumberColumn("signals", format="%d", width=60)})
    chosen = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    row = df.iloc[chosen[0] if chosen else 0]
    per_article = row["article"] != aggregates.ALL_ARTICLES
    where = f"in {md_safe(row['article'])}" if per_article else "over all articles in the selection"
    st.markdown(f"**{md_safe(row['actor'])}**: *{md_safe(row['stance'])}* {where}")
    evidence = row["evidence"] if isinstance(row["evidence"], (list, tuple)) else []
    offsets = row["evidence_offsets"] if isinstance(row["evidence_offsets"], (list, tuple)) else []
    for i, ev in enumerate(evidence):
        link = ""
        if per_article and i < len(offsets):
            link = f" [Open in reader]({reader_href(row['article_id'], offsets[i][0], offsets[i][1], ctx.params)})"
        st.markdown("> " + md_safe(ev) + link)
    if not evidence:
        st.caption("No evidence sentence recorded for this row.")
