"""Which articles the dashboard shows: the shared bundled corpus and this session's own articles.

``select_corpus()`` is the one place the app gets its corpus from; it draws the corpus controls in
the sidebar and returns ``(articles, skipped, label)``.

- The **bundled** corpus (the seeds, plus the folders named in ``$BRIEFING_EXTRA_CORPUS``, separated
  by ``os.pathsep``) is read once per server and shared read-only (never copied: a rerun costs
  nothing for its size); it is copied only to be assembled with a session's own articles.
- **My articles** (uploaded ``.txt``/``.md``/``.html``/``.pdf`` files and pasted text with an optional
  title, outlet and date) live only in ``st.session_state``: on a shared hosted link one user's
  uploads are never seen by another session, and nothing is written to disk.
- Every file that cannot be used is named with the reason (empty, binary, too large, same text as
  another article…), and the rest are used.
"""
from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import streamlit as st

from components.ingest.articles import DEFAULT_MAX_BYTES, Article, BadInput, Skipped, article_from_bytes, assemble, load_corpus
from components.knowledge import slug
from dashboard.knowledge import get_knowledge

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
EXTRA_ENV = "BRIEFING_EXTRA_CORPUS"
MAX_MB_ENV = "BRIEFING_MAX_MB"
UPLOAD_TYPES = ["txt", "md", "html", "htm", "pdf"]
SOURCES = {"bundled": "Bundled articles", "mine": "My articles", "both": "Both"}
STATE = "briefing_corpus"  # this session's own articles, in st.session_state


def shared_folders() -> tuple[str, ...]:
    """The folders of the shared read-only corpus: the seeds and ``$BRIEFING_EXTRA_CORPUS``."""
    extra = [p for p in os.environ.get(EXTRA_ENV, "").split(os.pathsep) if p.strip()]
    return (str(SEEDS), *extra)


def max_bytes() -> int:
    """The size limit for one article (``$BRIEFING_MAX_MB`` megabytes, default 5 MB)."""
    try:
        return int(float(os.environ[MAX_MB_ENV]) * 1024 * 1024)
    except (KeyError, ValueError):
        return DEFAULT_MAX_BYTES


@st.cache_resource(show_spinner="Reading the bundled articles…")
def _shared_articles(folders: tuple[str, ...]) -> tuple[list[Article], list[Skipped]]:
    """The shared corpus, read once per server and never copied: read-only for every session."""
    return load_corpus(list(folders), knowledge=get_knowledge())


def _copies(articles: list[Article]) -> list[Article]:
    return [dataclasses.replace(a, notes=list(a.notes)) for a in articles]


def read_upload(name: str, data: bytes, limit: int | None = None) -> Article | Skipped:
    """One uploaded file as an :class:`Article`, or a :class:`Skipped` saying why it cannot be used."""
    try:
        return article_from_bytes(data, name, knowledge=get_knowledge(), path=name, max_bytes=limit or max_bytes())
    except BadInput as exc:
        return Skipped(name, str(exc))
    except Exception as exc:  # odd input that trips a reader must not break the page
        return Skipped(name, f"could not be read ({type(exc).__name__})")


def pasted_article(text: str, *, title: str = "", outlet: str = "", date: str = "", n: int = 1,
                   limit: int | None = None) -> Article | Skipped:
    """Pasted text as an :class:`Article` (id from the title, else ``pasted-N``); what is not given
    is inferred from the text as for files."""
    aid = slug(title)[:60] if title.strip() else f"pasted-{n}"
    meta = {k: v.strip() for k, v in (("title", title), ("outlet", outlet), ("date", date)) if v and v.strip()}
    try:
        art = article_from_bytes(text.encode("utf-8"), f"{aid}.txt", knowledge=get_knowledge(), path=f"pasted:{aid}",
                                 meta=meta, max_bytes=limit or max_bytes())
    except BadInput as exc:
        return Skipped(f"pasted text {title.strip() or n}", str(exc))
    art.source_format = "paste"
    return art


def md_escape(text: str) -> str:
    """``text`` safe to show inside Streamlit Markdown: markup characters are shown, not applied."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", text)


def _state() -> dict:
    if STATE not in st.session_state:
        st.session_state[STATE] = {"uploads": {}, "pasted": [], "paste_messages": []}
    return st.session_state[STATE]


def _uploaded(files) -> list[Article | Skipped]:
    """This session's uploads, each file read once (kept by file id while it stays uploaded)."""
    cache = _state()["uploads"]
    current = {}
    for f in files or []:
        fid = getattr(f, "file_id", None) or f"{f.name}:{f.size}"
        current[fid] = cache[fid] if fid in cache else read_upload(f.name, f.getvalue())
    cache.clear()
    cache.update(current)
    return list(current.values())


def _paste_form() -> None:
    state = _state()
    with st.form("briefing_paste_form", clear_on_submit=True):
        text = st.text_area("Paste an article", key="briefing_paste_text", height=150)
        title = st.text_input("Title (optional)", key="briefing_paste_title")
        outlet = st.text_input("Outlet (optional)", key="briefing_paste_outlet")
        date = st.date_input("Date (optional)", value=None, key="briefing_paste_date")
        added = st.form_submit_button("Add pasted article")
    if added:
        got = pasted_article(text, title=title, outlet=outlet, date=date.isoformat() if date else "",
                             n=len(state["pasted"]) + 1)
        if isinstance(got, Article):
            state["pasted"].append(got)
            state["paste_messages"] = []
        else:
            state["paste_messages"] = [got]


def select_corpus() -> tuple[list[Article], list[Skipped], str]:
    """Draw the corpus controls in the sidebar; return this session's corpus ``(articles, skipped,
    label)``. The shared articles are the server's cached ones, shared by every session: read them,
    never change them."""
    state = _state()
    with st.sidebar:
        st.header("Articles")
        source = st.radio("Corpus", list(SOURCES), format_func=SOURCES.get, key="briefing_corpus_source",
                          horizontal=True)
        files = st.file_uploader("Add article files (.txt, .md, .html, .pdf)", type=UPLOAD_TYPES,
                                 accept_multiple_files=True, key="briefing_uploads")
        uploads = _uploaded(files)
        _paste_form()
        if state["pasted"]:
            st.caption(f"{len(state['pasted'])} pasted article(s) in this session")
            if st.button("Remove pasted articles", key="briefing_clear_pasted"):
                state["pasted"].clear()
        mine = _copies([a for a in [*uploads, *state["pasted"]] if isinstance(a, Article)])
        mine_skipped = [s for s in [*uploads, *state["paste_messages"]] if isinstance(s, Skipped)]
        shared, shared_skipped = ([], []) if source == "mine" else _shared_articles(shared_folders())
        if source == "bundled" or not mine:  # the shared corpus is assembled already (and cached)
            articles, skipped = list(shared), [*shared_skipped, *(mine_skipped if source != "bundled" else [])]
        else:
            articles, skipped = assemble([*_copies(shared), *mine], [*shared_skipped, *mine_skipped])
        for s in skipped:
            st.warning(f"Skipped **{md_escape(Path(s.path).name)}**: {md_escape(s.reason)}")
        if source == "bundled" and (mine or mine_skipped):
            st.info(f"Your {len(mine)} article(s) are not shown: choose “{SOURCES['mine']}” or “{SOURCES['both']}”.")
        if source != "bundled" and not mine:
            st.info("No articles of your own yet: upload files or paste text above. "
                    "They stay in this browser session only.")
    label = {"bundled": "bundled articles", "mine": f"my articles ({len(mine)})",
             "both": f"bundled articles + my articles ({len(mine)})"}[source]
    return articles, skipped, label
