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
  another article, too slow to read or analyse…), and the rest are used.
- What a session brings is untrusted: each upload is read, and later analysed, in a child process
  (:func:`untrusted_worker`, :mod:`components.run.isolated`) within a time limit per file, so a file
  built to be slow costs its own session a message and never holds the server; it carries its origin
  (``Article.origin``: ``upload`` or ``paste``) and a synthetic name (``upload:<name>``,
  ``pasted:<id>``), never a path on the server, whatever name the browser sent.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import streamlit as st

from components.ingest.articles import DEFAULT_MAX_BYTES, Article, BadInput, Skipped, article_from_bytes, assemble
from components.escaping import screen_md
from components.knowledge import slug
from dashboard.knowledge import get_knowledge

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
EXTRA_ENV = "BRIEFING_EXTRA_CORPUS"
MAX_MB_ENV = "BRIEFING_MAX_MB"
#: seconds allowed to read one uploaded file, and to analyse one of this session's articles
READ_SECONDS_ENV = "BRIEFING_UPLOAD_READ_SECONDS"
ANALYSE_SECONDS_ENV = "BRIEFING_UPLOAD_ANALYSE_SECONDS"
UPLOAD_TYPES = ["txt", "md", "html", "htm", "pdf"]
SOURCES = {"bundled": "Bundled articles", "mine": "My articles", "both": "Both"}
STATE = "briefing_corpus"  # this session's own articles, in st.session_state
SOURCE_KEY = "briefing_corpus_source"
NOTICE = "_db_corpus_notice"  # what the last upload or paste changed, said once at the top of the page


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


def _seconds(env: str, default: float) -> float:
    try:
        value = float(os.environ[env])
    except (KeyError, ValueError):
        return default
    return value if value > 0 else default


def untrusted_worker():
    """The server's child process for what sessions bring (:class:`~components.run.isolated.IsolatedWorker`):
    uploads are read and this session's articles analysed there, each within its time limit
    (``$BRIEFING_UPLOAD_READ_SECONDS``, default 30; ``$BRIEFING_UPLOAD_ANALYSE_SECONDS``, default 120).
    One per server and per pair of limits; its requests are served one at a time."""
    from components.run.isolated import ANALYSE_TIMEOUT, READ_TIMEOUT

    return _worker(_seconds(READ_SECONDS_ENV, READ_TIMEOUT), _seconds(ANALYSE_SECONDS_ENV, ANALYSE_TIMEOUT))


@st.cache_resource(show_spinner=False)
def _worker(read_seconds: float, analyse_seconds: float):
    from components.run.isolated import IsolatedWorker

    return IsolatedWorker(read_timeout=read_seconds, analyse_timeout=analyse_seconds)


def shown_name(path: str) -> str:
    """How a skipped file is named on the page: a file of the server by its name, a session's upload
    or paste by its synthetic name (``upload:<name>`` as the browser sent it)."""
    return path if path.startswith(("upload:", "pasted:")) else Path(path).name


def warn_skipped(skipped) -> None:
    """One message per file that cannot be used, with the reason (drawn where the caller is)."""
    for s in skipped:
        st.warning(f"Skipped **{screen_md(shown_name(s.path))}**: {screen_md(s.reason)}")


@st.cache_resource(show_spinner="Reading the bundled articles…")
def _shared_articles(folders: tuple[str, ...]) -> tuple[list[Article], list[Skipped]]:
    """The shared corpus, read once per server and never copied: read-only for every session. Files
    read before, unchanged, are taken from the store as they were read
    (:func:`components.run.reading.read_corpus`: a restarted server does not decode, date and compare
    them again)."""
    from components.run.reading import read_corpus

    return read_corpus(list(folders), knowledge=get_knowledge(), store=True)


def _copies(articles: list[Article]) -> list[Article]:
    return [dataclasses.replace(a, notes=list(a.notes)) for a in articles]


def _read_untrusted(data: bytes, name: str, path: str, origin: str, *, meta: dict | None = None,
                    limit: int | None = None) -> Article | Skipped:
    """``data`` as an :class:`Article` of ``origin`` read in :func:`untrusted_worker`'s process within
    its time limit, or a :class:`Skipped` (named ``path``) saying why it cannot be used."""
    from components.run.isolated import WorkerTimeout

    try:
        return untrusted_worker().read(data, name, knowledge=get_knowledge(), path=path, meta=meta,
                                       max_bytes=limit or max_bytes(), origin=origin)
    except (BadInput, WorkerTimeout) as exc:
        return Skipped(path, str(exc))
    except Exception as exc:  # odd input that trips the reader (or its process) must not break the page
        return Skipped(path, f"could not be read ({type(exc).__name__})")


def read_upload(name: str, data: bytes, limit: int | None = None) -> Article | Skipped:
    """One uploaded file as an :class:`Article` (origin ``upload``, path ``upload:<name>``), or a
    :class:`Skipped` saying why it cannot be used. ``name`` is whatever the browser sent: it never
    names a file here."""
    return _read_untrusted(data, name, f"upload:{name}", "upload", limit=limit)


def pasted_article(text: str, *, title: str = "", outlet: str = "", date: str = "", n: int = 1,
                   limit: int | None = None) -> Article | Skipped:
    """Pasted text as an :class:`Article` (origin ``paste``, id from the title, else ``pasted-N``;
    path ``pasted:<id>``); what is not given is inferred from the text as for files."""
    aid = slug(title)[:60] if title.strip() else f"pasted-{n}"
    meta = {k: v.strip() for k, v in (("title", title), ("outlet", outlet), ("date", date)) if v and v.strip()}
    got = _read_untrusted(text.encode("utf-8"), f"{aid}.txt", f"pasted:{aid}", "paste", meta=meta, limit=limit)
    if isinstance(got, Skipped):
        return Skipped(f"pasted:{title.strip() or n}", got.reason)
    got.source_format = "paste"
    return got


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


def _show_mine(what: str) -> None:
    """After an upload or a paste: show the user's articles (switch "Bundled articles" to "Both")
    and say so at the top of the page."""
    if st.session_state.get(SOURCE_KEY, "bundled") == "bundled":
        st.session_state[SOURCE_KEY] = "both"
        st.session_state[NOTICE] = (f"{what} Now showing “{SOURCES['both']}”: the bundled articles "
                                    "and yours (switch under Articles in the sidebar).")
    else:
        st.session_state[NOTICE] = f"{what} It is part of “{SOURCES[st.session_state[SOURCE_KEY]]}”."


def _on_upload() -> None:
    files = st.session_state.get("briefing_uploads") or []
    if files:
        n = len(files)
        _show_mine(f"{n} file{'s' * (n != 1)} added to your articles.")


def _on_paste() -> None:
    """The paste form's submit: read the pasted text into an article (or a message saying why not)."""
    state = _state()
    ss = st.session_state
    date = ss.get("briefing_paste_date")
    got = pasted_article(ss.get("briefing_paste_text") or "", title=ss.get("briefing_paste_title") or "",
                         outlet=ss.get("briefing_paste_outlet") or "", date=date.isoformat() if date else "",
                         n=len(state["pasted"]) + 1)
    if isinstance(got, Article):
        state["pasted"].append(got)
        state["paste_messages"] = []
        _show_mine("Your pasted article was added.")
    else:
        state["paste_messages"] = [got]


def _paste_form() -> None:
    with st.form("briefing_paste_form", clear_on_submit=True):
        st.text_area("Paste an article", key="briefing_paste_text", height=150)
        st.text_input("Title (optional)", key="briefing_paste_title")
        st.text_input("Outlet (optional)", key="briefing_paste_outlet")
        st.date_input("Date (optional)", value=None, key="briefing_paste_date")
        st.form_submit_button("Add pasted article", on_click=_on_paste)


def take_notice() -> str | None:
    """The message about the last upload or paste (once)."""
    return st.session_state.pop(NOTICE, None)


def select_corpus() -> tuple[list[Article], list[Skipped], str]:
    """Draw the corpus controls in the sidebar; return this session's corpus ``(articles, skipped,
    label)``. The shared articles are the server's cached ones, shared by every session: read them,
    never change them."""
    state = _state()
    with st.sidebar:
        st.header("Articles")
        source = st.radio("Corpus", list(SOURCES), format_func=SOURCES.get, key=SOURCE_KEY, horizontal=True)
        files = st.file_uploader("Add article files (.txt, .md, .html, .pdf)", type=UPLOAD_TYPES,
                                 accept_multiple_files=True, key="briefing_uploads", on_change=_on_upload)
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
        warn_skipped(skipped)
        if source == "bundled" and (mine or mine_skipped):
            st.info(f"Your {len(mine)} article(s) are not shown: choose “{SOURCES['mine']}” or “{SOURCES['both']}”.")
        if source != "bundled" and not mine:
            st.info("No articles of your own yet: upload files or paste text above. "
                    "They stay in this browser session only.")
    label = {"bundled": "bundled articles", "mine": f"my articles ({len(mine)})",
             "both": f"bundled articles + my articles ({len(mine)})"}[source]
    return articles, skipped, label
