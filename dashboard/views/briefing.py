"""Briefing: the generated, cited briefing of the selection, one page or in full (``?length=full``).
Each citation number is a link that opens the reader at the cited sentence; sources are numbered by
their place in the whole corpus, so ``[3]`` names the same article under every filter.
Downloadable as Markdown and HTML."""
from __future__ import annotations

import streamlit as st

from dashboard import brief
from dashboard.views import Context


def render(ctx: Context) -> None:
    from components.report.briefing import briefing_html
    from components.report.formats import briefing_docx

    length = st.segmented_control("Length", ["short", "full"], default="short", key="length",
                                  bind="query-params", required=True,
                                  help="short: one page; full: more detail, the most-cited quotes and how outlets agree")
    result = brief.for_context(ctx, length or "short")
    md = result.markdown
    if not md.strip():
        st.info("There is not enough material in the selection for a briefing.")
        return
    c1, c2, c3, _ = st.columns([1, 1, 1, 3])
    c1.download_button("Briefing (Markdown)", md, file_name="briefing.md", mime="text/markdown", key="dl_brief_md")
    c2.download_button("Briefing (HTML)", lambda: briefing_html(md), file_name="briefing.html", mime="text/html",
                       key="dl_brief_html")
    c3.download_button("Briefing (Word)", lambda: briefing_docx(md), file_name="briefing.docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       key="dl_brief_docx")
    st.caption("Each number in brackets opens the cited sentence in the reader.")
    with st.container(border=True):
        st.markdown(brief.linked(md, result.citations, ctx.params, result.sources))
