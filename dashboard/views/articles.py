"""Articles: the reader. It highlights actors, weapons and quotes, and the passage a link points at
(``?article=<id>&at=<start>-<end>``), which the page scrolls to.

The article text is untrusted: :func:`dashboard.reader.highlight_html` escapes it."""
from __future__ import annotations

import streamlit as st

from dashboard import aggregates, metadata_editor
from dashboard.navigation import parse_span
from dashboard.reader import TARGET_ID, highlight_html, highlight_spans
from dashboard.views import Context
from dashboard.widgets import is_missing, md_safe, meta_md

SCROLL = "_db_scroll"


def render(ctx: Context) -> None:
    arts = ctx.tables["articles"]
    ids = list(arts["article_id"])
    wanted = st.query_params.get("article")
    if wanted and wanted not in ids:
        if wanted in set(ctx.full["articles"]["article_id"]):
            st.info("The article this link points at is outside the current filters: press **Reset filters** "
                    "in the sidebar to read it.")
        else:
            st.info("The link names an article that is not in this corpus. Articles someone added live only in "
                    "their own browser session; choose an article below.")
    titles = dict(zip(arts["article_id"], aggregates.article_titles(arts)))
    labels = aggregates.article_labels(arts, 90)
    # the open article is in the URL as ?article=<id> (synced by hand: a bound selectbox would put
    # the displayed label in the URL)
    if wanted in ids and st.session_state.get("article") not in ids:
        st.session_state["article"] = wanted
    aid = st.selectbox("Article", ids, format_func=lambda a: labels[a], key="article")
    if aid is None:
        return
    if aid != wanted:
        st.query_params["article"] = aid
        if "at" in st.query_params:  # the passage belonged to the article shown before
            del st.query_params["at"]
    row = arts[arts["article_id"] == aid].iloc[0]
    meta = {"outlet": meta_md(row["outlet"], "outlet") + metadata_editor.source_md(row, "outlet"),
            "date": meta_md(row["date"], "date") + metadata_editor.source_md(row, "date"),
            "words": md_safe(row["n_words"]), "id": md_safe(row["article_id"])}
    if not is_missing(row["duplicate_of"]):
        meta["near-duplicate of"] = md_safe(row["duplicate_of"])
    st.markdown(f"#### {md_safe(titles[aid])}")
    st.caption(" · ".join(f"{k}: {v}" for k, v in meta.items()))
    if isinstance(row["url"], str) and row["url"].startswith(("http://", "https://")):
        st.link_button("Open the source", row["url"])
    metadata_editor.render(row, ctx.full["articles"])
    target = parse_span(st.query_params.get("at"))
    if target:
        st.caption("The highlighted passage (yellow) is the one the link points at.")
        st.session_state[SCROLL] = f"{aid}:{target[0]}-{target[1]}"
    # highlights come from the filtered tables: a filtered actor or weapon stands out alone
    st.html(highlight_html(str(row["text"]), highlight_spans(aid, ctx.tables), target))


def scroll_token() -> tuple[str | None, str | None]:
    """``(element id, token)`` for the script that scrolls the reader to its target once per target."""
    token = st.session_state.pop(SCROLL, None)
    return (TARGET_ID, token) if token else (None, None)
