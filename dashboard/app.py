"""Debate Briefing: the Streamlit dashboard (``streamlit run dashboard/app.py``).

Views over the analysis tables; no NLP happens here. The corpus comes from
:func:`dashboard.corpus.select_corpus`, the tables from :func:`components.analysis.analyze` (model in
``st.cache_resource``, tables in ``st.cache_data``), the filtering from
:func:`dashboard.filters.filter_tables`. Every filter and the open view are bound to the URL
(``?actor=Vladimir+Putin&weapon=Storm+Shadow&view=Quotes``), so a copied link restores the view.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components.analysis import Analysis, analyze  # noqa: E402
from components.pipeline import build_pipeline, pipeline_key  # noqa: E402
from dashboard import charts  # noqa: E402
from dashboard.corpus import select_corpus  # noqa: E402
from dashboard.filters import LIST_KEYS, filter_options, filter_tables, is_active  # noqa: E402
from dashboard.reader import highlight_html, highlight_spans  # noqa: E402

VIEWS = ["Overview", "Briefing", "Actors", "Weapons", "Quotes", "Stance", "Articles"]
EMPTY = "Nothing matches these filters. Remove a filter or press **Reset filters** in the sidebar."

st.set_page_config(page_title="Debate Briefing", page_icon="🗞️", layout="wide")


# ------------------------------------------------------------------------------------------------
# data


@st.cache_resource(show_spinner=False)
def get_pipeline():
    return build_pipeline()


@st.cache_data(show_spinner=False, max_entries=32)
def analysed_tables(corpus_key: str, _articles) -> dict[str, pd.DataFrame]:
    """The tables of a corpus; cached by a key over the article texts and the pipeline."""
    return analyze(list(_articles), get_pipeline()).tables


@st.cache_data(show_spinner=False, max_entries=64)
def cached_briefing(corpus_key: str, state_json: str, _tables) -> str:
    from components.briefing import make_briefing

    return make_briefing(_tables, filters=json.loads(state_json))


def corpus_key(articles, nlp) -> str:
    h = hashlib.sha256(pipeline_key(nlp).encode())
    for a in articles:
        h.update(a.id.encode())
        h.update(a.text_hash.encode())
        h.update(f"{a.title}|{a.outlet}|{a.date}|{a.url}".encode())
    return h.hexdigest()[:20]


def load_tables():
    articles, skipped, label = select_corpus()
    for s in skipped:
        st.sidebar.warning(f"Skipped **{Path(s.path).name}**: {s.reason}")
    if not articles:
        return None, None, skipped, label
    known = st.session_state.setdefault("_analysed_keys", set())
    with st.status("Loading the language model…", expanded=False) as status:
        nlp = get_pipeline()
        key = corpus_key(articles, nlp)
        if key not in known:
            status.update(label=f"Analysing {len(articles)} articles…")
        tables = analysed_tables(key, tuple(articles))
        known.add(key)
        status.update(label=f"{len(articles)} articles analysed ({label})", state="complete")
    return key, tables, skipped, label


# ------------------------------------------------------------------------------------------------
# filters (sidebar, bound to the URL)


def _reset() -> None:
    for k in LIST_KEYS:
        st.session_state[k] = []
    st.session_state["q"] = ""
    st.session_state["from"] = None
    st.session_state["to"] = None


def _select_from_chart(chart_key: str, filter_key: str) -> None:
    """on_select callback: the clicked bar/point's first custom-data value becomes the filter."""
    sel = st.session_state.get(chart_key)
    points = (sel or {}).get("selection", {}).get("points", []) if sel else []
    values = []
    for p in points:
        cd = p.get("customdata")
        v = cd[0] if isinstance(cd, (list, tuple)) and cd else cd
        if v and v not in values:
            values.append(v)
    if values:
        st.session_state[filter_key] = values


def unknown_link_values(options: dict[str, list[str]]) -> dict[str, list[str]]:
    """Values in the page's URL that this corpus does not have (remembered for the session)."""
    if "_unknown_link_values" not in st.session_state:
        unknown = {}
        for key in LIST_KEYS:
            bad = [v for v in st.query_params.get_all(key) if v and v not in options[key]]
            if bad:
                unknown[key] = bad
        st.session_state["_unknown_link_values"] = unknown
    return st.session_state["_unknown_link_values"]


def sidebar_filters(options: dict[str, list[str]]) -> dict:
    sb = st.sidebar
    sb.header("Filters")
    unknown = unknown_link_values(options)
    if unknown:
        sb.info("This link names values the corpus does not have, so they were ignored: "
                + "; ".join(f"{k} = {', '.join(v)}" for k, v in unknown.items()))
    state = {
        "actor": sb.multiselect("Actor", options["actor"], key="actor", bind="query-params",
                                placeholder="All actors"),
        "weapon": sb.multiselect("Weapon system", options["weapon"], key="weapon", bind="query-params",
                                 placeholder="All weapons"),
        "outlet": sb.multiselect("Outlet", options["outlet"], key="outlet", bind="query-params",
                                 placeholder="All outlets"),
        "stance": sb.multiselect("Stance", options["stance"], key="stance", bind="query-params",
                                 placeholder="Any stance"),
        "q": sb.text_input("Search the text", key="q", bind="query-params", placeholder="e.g. escalation"),
    }
    c1, c2 = sb.columns(2)
    d_from = c1.date_input("From", value=None, key="from", bind="query-params")
    d_to = c2.date_input("To", value=None, key="to", bind="query-params")
    state["date_from"] = d_from.isoformat() if isinstance(d_from, dt.date) else None
    state["date_to"] = d_to.isoformat() if isinstance(d_to, dt.date) else None
    sb.button("Reset filters", on_click=_reset, width="stretch")
    return state


# ------------------------------------------------------------------------------------------------
# views


def plot(fig, key: str | None = None, filter_key: str | None = None) -> None:
    if fig is None:
        st.info("No data for this chart with the current filters.")
        return
    if key and filter_key:
        st.plotly_chart(fig, key=key, on_select=lambda: _select_from_chart(key, filter_key),
                        selection_mode="points")
        st.caption(f"Click a bar or point to filter by that {filter_key}.")
    else:
        st.plotly_chart(fig, key=key)


def view_overview(t: dict, full: dict) -> None:
    c = st.columns(5)
    c[0].metric("Articles", len(t["articles"]), help=f"{len(full['articles'])} in the corpus")
    dups = int(t["articles"]["duplicate_of"].notna().sum())
    c[1].metric("Actors", len(t["actors"]))
    c[2].metric("Quotes", len(t["quotes"]))
    c[3].metric("Weapon mentions", len(t["weapon_mentions"]))
    per_article = t["stances"][t["stances"]["article_id"].notna()]
    bal = per_article["stance"].value_counts()
    c[4].metric("For / against", f"{bal.get('support', 0)} / {bal.get('oppose', 0)}",
                help=f"Stance balance per article and actor; also {bal.get('cautious', 0)} cautious, "
                     f"{bal.get('mixed', 0)} mixed")
    if dups:
        st.caption(f"{dups} article(s) are near-duplicate versions of another; counts include them.")
    left, right = st.columns(2)
    with left:
        plot(charts.stance_balance(t["stances"]))
    with right:
        plot(charts.weapons_by_outlet(t["weapon_mentions"], t["articles"]), "ov_weapons", "weapon")
    st.subheader("Articles")
    st.dataframe(t["articles"].drop(columns=["text"]), hide_index=True, width="stretch")


def view_briefing(key: str, t: dict, state: dict) -> None:
    try:
        from components.briefing import briefing_html
    except ImportError:
        st.info("The briefing generator is not installed in this version.")
        return
    md = cached_briefing(key, json.dumps(state, sort_keys=True, default=str), t)
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button("Briefing (Markdown)", md, file_name="briefing.md", mime="text/markdown")
    c2.download_button("Briefing (HTML)", lambda: briefing_html(md), file_name="briefing.html", mime="text/html")
    st.markdown(md)


def view_actors(t: dict, colours: dict) -> None:
    left, right = st.columns(2)
    with left:
        plot(charts.mentions_vs_quotes(t["actors"], colours), "actors_scatter", "actor")
    with right:
        plot(charts.stance_diverging(t["stances"]), "actors_stance", "actor")
    plot(charts.actor_outlet_heatmap(t["actor_mentions"], t["articles"], t["actors"]))
    st.subheader("All actors")
    df = t["actors"].copy()
    df["aliases"] = df["aliases"].map(lambda v: ", ".join(v) if isinstance(v, (list, tuple)) else v)
    st.dataframe(df, hide_index=True, width="stretch")


def view_weapons(t: dict) -> None:
    left, right = st.columns(2)
    with left:
        plot(charts.weapons_by_outlet(t["weapon_mentions"], t["articles"]), "weapons_bar", "weapon")
    with right:
        plot(charts.weapons_by_outlet(t["weapon_mentions"], t["articles"], named_only=False))
    plot(charts.actor_weapon_cooccurrence(t["actor_mentions"], t["weapon_mentions"], t["actors"]))
    st.subheader("Mentions")
    st.dataframe(t["weapon_mentions"], hide_index=True, width="stretch")


def repeated_quotes(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Quotes that recur across articles, grouped (the quote-count module when present)."""
    try:
        from components.quote_counts import repeated_quotes as rq
        return rq(quotes, articles)
    except ImportError:
        return pd.DataFrame()


def view_quotes(t: dict, colours: dict) -> None:
    if t["quotes"].empty:
        st.info("No quotes with the current filters.")
        return
    plot(charts.quotes_by_speaker(t["quotes"], colours), "quotes_bar", "actor")
    q = t["quotes"].merge(t["articles"][["article_id", "outlet", "title"]], on="article_id", how="left")
    st.subheader("Quotes")
    st.dataframe(q[["speaker", "text", "kind", "cue", "outlet", "article_id"]], hide_index=True,
                 width="stretch", column_config={"text": st.column_config.TextColumn("quote", width="large")})
    rep = repeated_quotes(t["quotes"], t["articles"])
    if isinstance(rep, pd.DataFrame) and not rep.empty:
        st.subheader("Quotes repeated across outlets")
        st.dataframe(rep, hide_index=True, width="stretch")


def view_stance(t: dict) -> None:
    st_rows = t["stances"]
    if st_rows.empty:
        st.info("No stance signals with the current filters.")
        return
    plot(charts.stance_matrix(st_rows, t["articles"]))
    st.subheader("Evidence")
    st.caption("Select a row to read its evidence sentences.")
    df = st_rows.copy()
    df["article_id"] = df["article_id"].fillna("(all articles)")
    show = df[["actor", "article_id", "stance", "score", "n_signals"]]
    event = st.dataframe(show, hide_index=True, width="stretch", on_select="rerun",
                         selection_mode="single-row", key="stance_table")
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    chosen = df.iloc[rows[0]] if rows else df.iloc[0]
    st.markdown(f"**{chosen['actor']}** — {chosen['stance']} in {chosen['article_id']}")
    for ev in (chosen["evidence"] if isinstance(chosen["evidence"], (list, tuple)) else []):
        st.markdown("> " + _md_safe(ev))


def _debate_question() -> str:
    from components.knowledge import load_knowledge

    try:
        return str(load_knowledge().debate().get("question", ""))
    except KeyError:
        return ""


def _md_safe(text: str) -> str:
    """Article text shown through Markdown with its markup characters escaped."""
    out = []
    for ch in str(text):
        out.append("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$" else ch)
    return "".join(out)


def view_articles(t: dict) -> None:
    arts = t["articles"]
    if arts.empty:
        st.info(EMPTY)
        return
    labels = {r.article_id: f"{r.title if r.title != 'unknown' else r.article_id} — {r.outlet}"
              for r in arts.itertuples()}
    aid = st.selectbox("Article", list(labels), format_func=lambda a: labels[a], key="article", bind="query-params")
    if aid is None:
        return
    row = arts[arts["article_id"] == aid].iloc[0]
    meta = {"outlet": row["outlet"], "date": row["date"], "words": row["n_words"], "url": row["url"],
            "id": row["article_id"]}
    if isinstance(row["duplicate_of"], str):
        meta["near-duplicate of"] = row["duplicate_of"]
    st.caption(" · ".join(f"{k}: {v}" for k, v in meta.items()))
    st.html(highlight_html(row["text"], highlight_spans(aid, t)))


def downloads(key: str, tables: dict, filtered: dict, skipped) -> None:
    with st.sidebar.expander("Downloads"):
        from components.export import to_json

        st.download_button("JSON export (whole corpus)",
                           lambda: to_json(Analysis(tables=tables, skipped=list(skipped))),
                           file_name="debate-briefing.json", mime="application/json", key="dl_json")
        for name, df in filtered.items():
            st.download_button(f"{name}.csv (filtered)", lambda df=df: _csv(df), file_name=f"{name}.csv",
                               mime="text/csv", key=f"dl_{name}")


def _csv(df: pd.DataFrame) -> str:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: json.dumps(list(v)) if isinstance(v, (list, tuple)) else v)
    return out.to_csv(index=False)


# ------------------------------------------------------------------------------------------------


def main() -> None:
    st.title("Debate Briefing")
    question = _debate_question()
    if question:
        st.markdown(f"**Debate question:** {_md_safe(question)}")
    key, tables, skipped, label = load_tables()
    if tables is None:
        st.warning("No article could be read. Add articles (sidebar) or check the messages above.")
        return
    options = filter_options(tables)
    state = sidebar_filters(options)
    filtered = filter_tables(tables, state)
    colours = charts.actor_colours(tables["actors"])
    st.caption(f"Corpus: {label} · {len(tables['articles'])} articles"
               + (" · filtered" if is_active(state) else ""))
    downloads(key, tables, filtered, skipped)
    tabs = st.tabs(VIEWS, key="view", bind="query-params")
    nothing = filtered["articles"].empty
    for name, tab in zip(VIEWS, tabs):
        with tab:
            if nothing:
                st.info(EMPTY)
            elif name == "Overview":
                view_overview(filtered, tables)
            elif name == "Briefing":
                view_briefing(key, filtered, state)
            elif name == "Actors":
                view_actors(filtered, colours)
            elif name == "Weapons":
                view_weapons(filtered)
            elif name == "Quotes":
                view_quotes(filtered, colours)
            elif name == "Stance":
                view_stance(filtered)
            elif name == "Articles":
                view_articles(filtered)


main()
