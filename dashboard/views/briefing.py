"""Briefing: the generated, cited briefing of the selection. Each citation number is a link that
opens the reader at the cited sentence; sources are numbered by their place in the whole corpus, so
``[3]`` names the same article under every filter. Downloadable as Markdown and HTML."""
from __future__ import annotations

import streamlit as st

from dashboard import brief
from dashboard.views import Context


def render(ctx: Context) -> None:
    from components.report.briefing import briefing_html

    result = brief.for_context(ctx)
    md = result.markdown
    if not md.strip():
        st.info("There is not enough material in the selection for a briefing.")
        return
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button("Briefing (Markdown)", md, file_name="briefing.md", mime="text/markdown", key="dl_brief_md")
    c2.download_button("Briefing (HTML)", lambda: briefing_html(md), file_name="briefing.html", mime="text/html",
                       key="dl_brief_html")
    st.caption("Each number in brackets opens the cited sentence in the reader.")
    with st.container(border=True):
        st.markdown(brief.linked(md, result.citations, ctx.params))
