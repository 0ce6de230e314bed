"""Moving around the app without leaving the session: reader links, the open view, scrolling.

Every place the app points at a passage (a briefing citation, a quote card, a row of the Quotes
table) uses one address, :func:`reader_href`: ``?view=Articles&article=<id>&at=<start>-<end>`` plus
the current filters, so a copied link restores the reader at that passage. Inside the app, clicks
on such links are caught by a small script (:func:`link_catcher`, an ``st.components.v2``
component with constant code, no untrusted text) and handled in this session, where the user's own
articles live; without the script the link opens the same view in a new tab.

A view asks to open the reader with :func:`open_reader` and then calls ``st.rerun()``; the request
is applied by :func:`apply_pending` at the top of the next run, before the tabs widget exists (a
widget's value can only be set before it is drawn).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode

import streamlit as st

READER_VIEW = "Articles"
PENDING = "_db_goto"
SPAN = re.compile(r"^(\d{1,9})-(\d{1,9})$")

_JS = """
export default function(component) {
  const { data, setTriggerValue } = component;
  window.__dbOpen = setTriggerValue;
  if (!window.__dbLinks) {
    window.__dbLinks = true;
    document.addEventListener('click', (e) => {
      const a = e.target && e.target.closest ? e.target.closest('a[href^="?"]') : null;
      if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      e.stopPropagation();
      window.__dbOpen('open', a.getAttribute('href'));
    }, true);
  }
  const target = data && data.scroll;
  const token = data && data.token;
  if (target && token && window.__dbScrolled !== token) {
    let tries = 0;
    const go = () => {
      const el = document.getElementById(target);
      if (el) {  // again a moment later: elements drawn above it may have moved it
        el.scrollIntoView({block: 'center'});
        window.__dbScrolled = token;
        setTimeout(() => { const again = document.getElementById(target); if (again) again.scrollIntoView({block: 'center'}); }, 800);
      } else if (tries++ < 150) { setTimeout(go, 100); }
    };
    go();
  }
}
"""


@st.cache_resource(show_spinner=False)
def _component():
    return st.components.v2.component("debate_briefing_links", js=_JS)


def parse_span(value) -> tuple[int, int] | None:
    """``"123-456"`` → ``(123, 456)``; anything else → ``None``."""
    m = SPAN.match(str(value or ""))
    if not m:
        return None
    start, end = int(m.group(1)), int(m.group(2))
    return (start, end) if start < end else None


def reader_href(article_id: str, start: int | None = None, end: int | None = None,
                params: dict[str, list[str]] | None = None) -> str:
    """The app-relative address of the reader at ``article_id`` (and the passage ``start``–``end``),
    keeping ``params`` (the current filters, as the URL holds them)."""
    query = [(k, v) for k, vals in (params or {}).items() if k not in ("view", "article", "at") for v in vals]
    query += [("view", READER_VIEW), ("article", article_id)]
    if start is not None and end is not None:
        query.append(("at", f"{int(start)}-{int(end)}"))
    return "?" + urlencode(query)


def current_params() -> dict[str, list[str]]:
    """The page's query parameters (repeated keys kept)."""
    return {k: st.query_params.get_all(k) for k in st.query_params}


def open_reader(article_id: str, start: int | None = None, end: int | None = None) -> None:
    """Ask for the reader at ``article_id`` (and the passage ``start``–``end``) on the next run; the
    caller then calls ``st.rerun()`` (in a callback the rerun follows by itself)."""
    st.session_state[PENDING] = {"article": str(article_id),
                                 "at": f"{int(start)}-{int(end)}" if start is not None and end is not None else None}


def _on_link() -> None:
    href = (st.session_state.get("db_links") or {}).get("open")
    if not href:
        return
    q = parse_qs(str(href).lstrip("?"))
    if q.get("article"):
        span = parse_span((q.get("at") or [""])[0])
        open_reader(q["article"][0], *(span or (None, None)))


def apply_pending() -> None:
    """Apply a pending :func:`open_reader` request: open the reader tab at the article and passage.
    Call before any widget is drawn."""
    goto = st.session_state.pop(PENDING, None)
    if not goto:
        return
    st.session_state["view"] = READER_VIEW
    st.session_state["article"] = goto["article"]
    st.query_params["article"] = goto["article"]
    if goto.get("at"):
        st.query_params["at"] = goto["at"]
    elif "at" in st.query_params:
        del st.query_params["at"]


def link_catcher(scroll_to: str | None = None, token: str | None = None) -> None:
    """Mount the script that keeps reader links in this session, and scrolls to the element
    ``scroll_to`` once it is drawn (once per ``token``: a new passage scrolls again). Call once per
    run, outside fragments."""
    _component()(key="db_links", data={"scroll": scroll_to, "token": token}, on_open_change=_on_link)
