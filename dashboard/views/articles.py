"""Articles: a reader that highlights actors, weapons and quotes, with the article's metadata.

The article text is untrusted: :func:`dashboard.reader.highlight_html` escapes it."""
from __future__ import annotations

import streamlit as st

from dashboard import metadata_editor
from dashboard.reader import highlight_html, highlight_spans
from dashboard.views import Context
from dashboard.widgets import MISSING, is_missing, md_safe, meta_md


def title_of(row) -> str:
    """The article's headline, else its first line, else its id."""
    if not is_missing(row.title):
        return row.title
    first = next((ln.strip() for ln in str(row.text).splitlines() if ln.strip()), "")
    return (first[:90] + "…" if len(first) > 90 else first) or row.article_id


def render(ctx: Context) -> None:
    arts = ctx.tables["articles"]
    labels = {r.article_id: f"{title_of(r)} — {MISSING['outlet'] if is_missing(r.outlet) else r.outlet}"
              for r in arts.itertuples()}
    ids = list(labels)
    # the open article is in the URL as ?article=<id> (synced by hand: a bound selectbox would put
    # the displayed label in the URL)
    wanted = st.query_params.get("article")
    if wanted in ids and st.session_state.get("article") not in ids:
        st.session_state["article"] = wanted
    aid = st.selectbox("Article", ids, format_func=lambda a: labels[a], key="article")
    if aid is None:
        return
    st.query_params["article"] = aid
    row = arts[arts["article_id"] == aid].iloc[0]
    meta = {"outlet": meta_md(row["outlet"], "outlet") + metadata_editor.source_md(row, "outlet"),
            "date": meta_md(row["date"], "date") + metadata_editor.source_md(row, "date"),
            "words": md_safe(row["n_words"]), "id": md_safe(row["article_id"])}
    if isinstance(row["duplicate_of"], str):
        meta["near-duplicate of"] = md_safe(row["duplicate_of"])
    st.markdown(f"#### {md_safe(title_of(next(arts[arts['article_id'] == aid].itertuples())))}")
    st.caption(" · ".join(f"{k}: {v}" for k, v in meta.items()))
    if isinstance(row["url"], str) and row["url"].startswith(("http://", "https://")):
        st.link_button("Open the source", row["url"])
    metadata_editor.render(row, ctx.full["articles"])
    # highlights come from the filtered tables: a filtered actor or weapon stands out alone
    st.html(highlight_html(row["text"], highlight_spans(aid, ctx.tables)))
