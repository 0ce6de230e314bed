"""Briefing: the generated, cited briefing of the selection, downloadable as Markdown and HTML."""
from __future__ import annotations

import json

import streamlit as st

from dashboard.data import briefing_markdown
from dashboard.views import Context


def render(ctx: Context) -> None:
    try:
        from components.report.briefing import briefing_html
    except ImportError:
        st.info("The briefing generator is not part of this version yet: the other views show the "
                "same material.")
        return
    md = briefing_markdown(ctx.key, json.dumps(ctx.state, sort_keys=True, default=str), ctx.tables)
    if not md.strip():
        st.info("There is not enough material in the selection for a briefing.")
        return
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button("Briefing (Markdown)", md, file_name="briefing.md", mime="text/markdown", key="dl_brief_md")
    c2.download_button("Briefing (HTML)", lambda: briefing_html(md), file_name="briefing.html", mime="text/html",
                       key="dl_brief_html")
    with st.container(border=True):
        st.markdown(md)
