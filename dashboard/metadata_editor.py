"""Correcting article metadata in the app, for this session only, and keeping it as a sidecar file.

A person corrects an article's title, outlet, date or address in the Articles view
(:func:`render`); the corrections live only in ``st.session_state`` (:data:`STATE`): they are never
written to the shared store or to disk, and no other session sees them. :func:`corrected` applies them
to the analysed tables (:func:`components.tables.metadata.apply_corrections`: no re-analysis), before
the filters, so the date filter, the charts over time and the briefing all use the corrected values.
"Download metadata.csv" gives the corpus's metadata as a sidecar file: put it beside the articles and
the corrections are read back on the next run (``components.ingest.metadata.read_sidecar``), or load
it into a later session ("Load a metadata file"), where its values become that session's corrections.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pandas as pd
import streamlit as st

from components.ingest.metadata import sidecar_csv
from components.tables.metadata import apply_corrections, clean_corrections
from dashboard.widgets import MISSING, is_missing, md_safe

#: this session's corrections: ``{article_id: {title, outlet, date, url}}`` (``None`` = missing)
STATE = "briefing_metadata_corrections"
_CACHE = "_briefing_metadata_tables"
_LOADED = "_briefing_metadata_loaded"  # ids of the metadata files already taken in this session
#: the largest metadata file taken (a sidecar of 100,000 articles is a few MB)
MAX_SIDECAR_BYTES = 20 * 1024 * 1024
#: how each source of a value is named next to it (see components.ingest.metadata.TRUST)
SOURCE_LABELS = {"sidecar": "metadata file or form", "page": "page metadata", "front matter": "front matter",
                 "file name": "file name", "text": "article text", "web address": "web address",
                 "corrected": "corrected in this session"}


def corrections() -> dict[str, dict[str, str | None]]:
    """This session's corrections (a new session has none)."""
    return st.session_state.setdefault(STATE, {})


def corrected(key: str, tables: dict[str, pd.DataFrame]) -> tuple[str, dict[str, pd.DataFrame]]:
    """``(key, tables)`` with this session's corrections applied: the key gains a digest of the
    corrections (so per-key caches tell corrected tables apart); the shared tables are not changed."""
    fixes = corrections()
    if not fixes:
        return key, tables
    digest = hashlib.sha256(json.dumps(fixes, sort_keys=True).encode()).hexdigest()[:12]
    new_key = f"{key}+meta-{digest}"
    cached = st.session_state.get(_CACHE)
    if cached and cached[0] == new_key and cached[1] is tables:
        return new_key, cached[2]
    out = apply_corrections(tables, fixes)
    st.session_state[_CACHE] = (new_key, tables, out)
    return new_key, out


def source_md(row, field: str) -> str:
    """Where a value came from, as a grey note ("from the file name")."""
    source = row.get(f"{field}_source") if hasattr(row, "get") else None
    if is_missing(source):
        return ""
    return f" :gray[(from {md_safe(SOURCE_LABELS.get(str(source), str(source)))})]"


def _date_value(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if not is_missing(value) else None
    except ValueError:
        return None


def _text_value(value) -> str:
    return "" if is_missing(value) else str(value)


def save_correction(aid: str, title: str, outlet: str, date: dt.date | None, url: str) -> None:
    """Store the correction of article ``aid`` (empty fields become missing) in this session."""
    fix = clean_corrections({aid: {"title": title, "outlet": outlet,
                                   "date": date.isoformat() if isinstance(date, dt.date) else None, "url": url}})
    corrections()[aid] = fix.get(aid, {k: None for k in ("title", "outlet", "date", "url")})


def _parse_untrusted(text: str, name: str):
    """The uploaded metadata file's rows, parsed in the server's process for untrusted input within
    its time limit (:func:`dashboard.corpus.untrusted_worker`), or why it cannot be used."""
    from components.ingest.decode import BadInput
    from components.run.isolated import WorkerTimeout
    from dashboard.corpus import untrusted_worker

    try:
        return untrusted_worker().sidecar(text, name)
    except (BadInput, WorkerTimeout) as exc:
        return f"{name}: {exc}; not read"
    except Exception as exc:  # noqa: BLE001 - an odd file must not break the page
        return f"{name} could not be read ({type(exc).__name__}); not read"


def load_sidecar(name: str, data: bytes, known_ids) -> tuple[int, list[str]]:
    """Take a sidecar file's rows (``metadata.csv`` or ``.jsonl``) as this session's corrections, for
    the articles in ``known_ids``; return how many articles it corrected and the problems found."""
    if len(data) > MAX_SIDECAR_BYTES:
        return 0, [f"{name} is over {MAX_SIDECAR_BYTES // (1024 * 1024)} MB; not read"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return 0, [f"{name} is not UTF-8 text; not read"]
    side = _parse_untrusted(text, name)
    if isinstance(side, str):
        return 0, [side]
    known = set(known_ids)
    fixes = corrections()
    taken = 0
    for aid, fields in side.rows.items():
        if aid in known and fields:
            fixes.setdefault(aid, {}).update(fields)
            taken += 1
    unknown = [aid for aid in side.rows if aid not in known]
    problems = list(side.problems)
    if unknown:
        problems.append(f"{len(unknown)} row(s) name no article of this corpus (e.g. {unknown[0]}); left out")
    return taken, problems


def _sidecar_uploader(articles: pd.DataFrame) -> None:
    loaded = st.session_state.setdefault(_LOADED, {})
    upload = st.file_uploader("Load a metadata file (metadata.csv or .jsonl) as corrections",
                              type=["csv", "jsonl"], key="briefing_meta_upload")
    if upload is None:
        return
    fid = getattr(upload, "file_id", None) or f"{upload.name}:{upload.size}"
    if fid not in loaded:  # each uploaded file is taken once (an undo afterwards stays undone)
        loaded[fid] = load_sidecar(upload.name, upload.getvalue(), articles["article_id"])
        st.rerun()
    taken, problems = loaded[fid]
    st.caption(f"{md_safe(upload.name)}: {taken} article(s) corrected from it.")
    for p in problems[:20]:
        st.warning(md_safe(p))


def render(row: pd.Series, articles: pd.DataFrame) -> None:
    """The correction form of the open article (``row``) and the sidecar download of ``articles``."""
    aid = str(row["article_id"])
    fixes = corrections()
    label = "Correct this article's metadata" + (" (corrected)" if aid in fixes else "")
    with st.expander(label, expanded=False):
        st.caption("Corrections stay in this browser session only: they are not saved on the server and no "
                   "one else sees them. Download the metadata file below to keep them.")
        with st.form(f"briefing_meta_form_{aid}"):
            title = st.text_input("Title", value=_text_value(row["title"]), key=f"briefing_meta_title_{aid}")
            outlet = st.text_input("Outlet", value=_text_value(row["outlet"]), key=f"briefing_meta_outlet_{aid}",
                                   placeholder=MISSING["outlet"])
            date = st.date_input("Publication date", value=_date_value(row["date"]), key=f"briefing_meta_date_{aid}",
                                 min_value=dt.date(1900, 1, 1), max_value=dt.date.today() + dt.timedelta(days=1),
                                 format="YYYY-MM-DD")
            url = st.text_input("Address (URL)", value=_text_value(row["url"]), key=f"briefing_meta_url_{aid}")
            saved = st.form_submit_button("Save correction")
        if saved:
            save_correction(aid, title, outlet, date, url)
            st.rerun()
        if aid in fixes and st.button("Undo this article's correction", key=f"briefing_meta_undo_{aid}"):
            del fixes[aid]
            st.rerun()
    rows = articles[["article_id", "title", "outlet", "date", "url"]].to_dict("records")
    st.download_button("Download metadata.csv", sidecar_csv(rows), file_name="metadata.csv", mime="text/csv",
                       key="briefing_meta_download",
                       help="The title, outlet, date and address of every article, with this session's "
                            "corrections: put the file beside the articles to keep them.")
    _sidecar_uploader(articles)
    if fixes:
        st.caption(f"{len(fixes)} article(s) corrected in this session.")
        if st.button("Undo every correction", key="briefing_meta_undo_all"):
            fixes.clear()
            st.rerun()
