"""The Streamlit app's logic, with streamlit.testing.v1.AppTest on the bundled seeds (and a small
dated corpus for positions over time). One test (or group) per point of the dashboard issue:
the answer-first landing, the filter scope and the URL, one stance count, the Quotes view,
positions over time, chart hygiene, the briefing's links, the upload flow and the fragments."""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
POSITIONS = ROOT / "tests" / "data" / "positions"
VIEWS = ["Overview", "Briefing", "Quotes", "Stance", "Over time", "Actors", "Weapons", "Articles"]
HREF = re.compile(r"\]\((\?[^)\s]*)\)")


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def links(text: str) -> list[dict]:
    """The app-relative links of a Markdown text, parsed."""
    return [{k: v[0] for k, v in parse_qs(h.lstrip("?")).items()} for h in HREF.findall(text)]


def span(link: dict) -> tuple[int, int]:
    a, b = link["at"].split("-")
    return int(a), int(b)


def figure(chart):
    """The Plotly figure of an ``st.plotly_chart`` element (arrays decoded)."""
    import plotly.io

    return plotly.io.from_json(chart.proto.spec)


def array(value):
    """A Plotly array as a list (typed arrays come back from JSON as ``{"dtype", "bdata"}``)."""
    import base64

    import numpy as np

    if isinstance(value, dict) and "bdata" in value:
        return list(np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]))
    return list(value)


def chart_dict(at, title: str) -> dict:
    """The chart titled ``title`` as plain lists (``{"data": [{"x": [...], ...}]}``)."""
    fig = figure(next(c for c in at.get("plotly_chart") if title in c.proto.spec))
    return {"data": [{k: array(v) if not isinstance(v, str) else v
                      for k, v in (("x", tr.x), ("y", tr.y), ("name", tr.name)) if v is not None}
                     for tr in fig.data]}


def frame(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def base():
    return run()


@pytest.fixture(scope="module")
def texts(seed_analysis):
    t = seed_analysis.tables
    return dict(zip(t["articles"]["article_id"], t["articles"]["text"]))


# ---------------------------------------------------------------------------------- the app
def test_app_runs_and_shows_every_view(base):
    assert [t.label for t in base.tabs] == VIEWS
    m = metrics(base)
    assert m["Articles"] == "5" and int(m["Weapon mentions"]) > 20


def test_only_the_open_view_is_computed():
    at = run(view="Actors")
    assert not at.metric  # the Overview's metrics are not computed while Actors is open
    assert any(s.value.startswith("All actors") for s in at.subheader)


# ------------------------------------------------------------------ 1. answer-first landing
def test_landing_leads_with_the_question_and_the_bottom_line(base, texts):
    from components.knowledge import load_knowledge

    question = load_knowledge().debate()["question"]
    assert base.subheader[0].value == question  # from the debate definition, not the code
    md = markdown(base)
    i = md.index("#### Bottom line")
    lines = [x for x in md[i + 1:i + 4] if links(x)]
    assert len(lines) == 3  # three statements, one a line, each with its citations
    for line in lines:  # every citation opens the reader at the cited sentence
        for link in links(line):
            assert link["view"] == "Articles" and link["article"] in texts
            start, end = span(link)
            assert texts[link["article"]][start:end].strip()


def test_landing_stance_map_sizes_colours_and_hovers(base, seed_analysis):
    from dashboard import aggregates, charts

    fig = figure(next(c for c in base.get("plotly_chart") if "Stance map" in c.proto.spec))
    actors = set(seed_analysis.tables["actors"]["name"])
    positions = aggregates.positions(seed_analysis.tables)
    size = {}
    for trace in fig.data:
        assert trace.marker.color == charts.STANCE_COLOURS[trace.name]  # colour = label
        assert "customdata[2]" in trace.hovertemplate  # the evidence sentence
        for cd, s in zip(trace.customdata, array(trace.marker.size)):
            assert cd[0] in actors  # a click filters by this name
            size[cd[0]] = s
    assert set(size) == set(positions["actor"])
    assert fig.layout.yaxis.type == "log"
    # bigger for the more quoted: Putin (most quoted) is drawn larger than an actor never quoted
    never = positions.loc[positions["quotes"] == 0, "actor"].iloc[0]
    assert size["Vladimir Putin"] > size[never]


def test_names_on_the_scatter_charts_never_overlap_nor_leave_the_plot(base, seed_analysis):
    from dashboard import aggregates, charts

    def boxes(fig, to_px, radius):
        out = []
        for trace in fig.data:
            for x, y, r, text, side in zip(array(trace.x), array(trace.y), radius(trace), trace.text, trace.textposition):
                if text:
                    out.append(charts._label_box(*to_px(x, y), r, charts.CHAR_PX * len(html.unescape(text)) + 2, side))
        return out

    def check(found, width):
        assert found
        for i, a in enumerate(found):
            assert 0 <= a[0] and a[1] <= width
            for b in found[i + 1:]:
                assert not (a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3])

    points = aggregates.positions(seed_analysis.tables)
    fig = charts.stance_map(points, top=None)
    low, high = np.log10(points["mentions"].clip(lower=1).min() / 1.3), np.log10(points["mentions"].max() * 1.3)
    check(boxes(fig, lambda x, y: ((x + 1.2) / 2.4 * charts.MAP_PX[0], (np.log10(y) - low) / (high - low) * charts.MAP_PX[1]),
                lambda tr: [s / 2 for s in array(tr.marker.size)]), charts.MAP_PX[0])
    actors = seed_analysis.tables["actors"]
    fig = charts.mentions_vs_quotes(actors, top=None)
    top_m, top_q = actors["mentions"].max() * 1.05, actors["quotes"].max() * 1.1
    check(boxes(fig, lambda x, y: (x / top_m * charts.SCATTER_PX[0], y / top_q * charts.SCATTER_PX[1]),
                lambda tr: [5.5] * len(tr.x)), charts.SCATTER_PX[0])


def test_place_labels_moves_or_drops_a_name_that_would_overlap():
    from dashboard.charts import place_labels

    sides = place_labels([100, 100, 100, 100, 100, 100, 100, 100, 100], [50] * 9, [5] * 9,
                         ["Vladimir Putin"] * 9, 400, 100)
    assert sides[:2] == ["top center", "bottom center"]  # the first choose first
    assert None in sides  # nine names cannot all sit round one point
    assert "left" in place_labels([395], [50], [5], ["United Kingdom"], 400, 100)[0]  # kept inside the plot


def test_a_click_on_the_map_sets_the_actor_filter(monkeypatch):
    from dashboard import widgets

    state = {"ov_stance_map": {"selection": {"points": [{"customdata": ["Vladimir Putin", "x"]}]}}}
    monkeypatch.setattr(widgets.st, "session_state", state)
    widgets.select_into_filter("ov_stance_map", "actor")
    assert state["actor"] == ["Vladimir Putin"] and state[widgets.APP_RERUN] is True


def test_landing_quote_cards_link_to_the_quote(base, seed_analysis, texts):
    md = markdown(base)
    cards = [x for x in md if "Open in reader" in x]
    assert len(cards) == 4
    quotes = seed_analysis.tables["quotes"]
    for card in cards:
        link = links(card)[0]
        start, end = span(link)
        q = quotes[(quotes["article_id"] == link["article"]) & (quotes["start"] == start) & (quotes["end"] == end)]
        assert len(q) == 1  # the link points at the very quote
        speaker = q["speaker"].iloc[0]
        assert card.startswith(f"**{speaker}**")
        assert "no date" in card or re.search(r"\d{4}-\d{2}-\d{2}", card)


# ------------------------------------------------------------------------- 2. filter scope
def test_weapon_filter_shows_only_quotes_about_the_weapon(texts):
    at = run(weapon=["Storm Shadow"], view="Quotes")
    assert at.radio(key="scope").value == "sentence"
    quotes = frame(at, "speaker_stance")
    assert len(quotes) >= 1
    for r in quotes.itertuples():
        text = texts[r.article_id]
        line = text[text.rfind("\n", 0, r.start) + 1:text.find("\n", r.start) % (len(text) + 1)]
        assert "storm shadow" in line.lower(), r.quote
    assert any("whole articles" in i.value for i in at.info)
    at.button(key="quotes_whole_articles").click().run()
    assert not at.exception
    assert at.radio(key="scope").value == "article"
    assert at.query_params.get("scope") == "article"  # the URL records the scope
    assert len(frame(at, "speaker_stance")) > len(quotes)
    assert "scope: whole articles that mention it" in " ".join(markdown(at))


def test_actor_and_weapon_keep_that_actors_quotes_about_the_weapon_and_search_keeps_its_words(texts):
    at = run(actor=["Vladimir Putin"], weapon=["Storm Shadow"], view="Quotes")
    quotes = frame(at, "speaker_stance") if any("speaker_stance" in d.value.columns for d in at.dataframe) else None
    if quotes is None:  # none of Putin's quotes sits in a paragraph naming Storm Shadow
        assert any("No quotes in the selection" in i.value for i in at.info)
    else:
        for r in quotes.itertuples():
            text = texts[r.article_id]
            line = text[text.rfind("\n", 0, r.start) + 1:text.find("\n", r.start) % (len(text) + 1)]
            assert r.speaker == "Vladimir Putin" and "storm shadow" in line.lower()
    at = run(q="escalation", view="Quotes")
    quotes = frame(at, "speaker_stance")
    assert len(quotes) >= 1 and all("escalat" in q.lower() for q in quotes["quote"])


def test_a_shared_link_with_scope_restores_it(seed_analysis):
    from components.tables.filtering import filter_tables
    from components.tables.filters import empty_state

    at = run(weapon=["Storm Shadow"], scope="article", view="Quotes")
    assert at.radio(key="scope").value == "article"
    assert at.multiselect(key="weapon").value == ["Storm Shadow"]
    whole = filter_tables(seed_analysis.tables, {**empty_state(), "weapon": ["Storm Shadow"], "scope": "article"})
    assert any(s.value == f"Quotes ({len(whole['quotes'])})" for s in at.subheader)
    assert "weapon: Storm Shadow · scope: whole articles that mention it" in " ".join(markdown(at))


def test_query_string_restores_filters(base):
    at = run(actor=["Vladimir Putin"], weapon=["Storm Shadow"], view="Overview", scope="article")
    assert at.multiselect(key="actor").value == ["Vladimir Putin"]
    assert at.multiselect(key="weapon").value == ["Storm Shadow"]
    assert not any("Nothing matches" in i.value for i in at.info)
    m = metrics(at)
    assert 0 < int(m["Weapon mentions"]) < int(metrics(base)["Weapon mentions"])
    assert "filtered to" in " ".join(markdown(at))


def test_unknown_link_values_are_ignored_with_notice():
    at = run(actor=["Vladimir Putin", "No Such Person"])
    assert at.multiselect(key="actor").value == ["Vladimir Putin"]
    assert any("No Such Person" in i.value for i in at.sidebar.info)


@pytest.mark.parametrize("key,value", [("actor", ["Vladimir Putin"]), ("weapon", ["ATACMS"]),
                                       ("outlet", None), ("stance", None)])
def test_each_filter_changes_the_views(base, key, value):
    before = metrics(base)
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    widget = at.multiselect(key=key)
    if value is None:
        value = [widget.options[0]]
    widget.set_value(value).run()
    assert not at.exception
    assert metrics(at) != before, f"filter {key}={value} changed nothing"


def test_search_filter_and_empty_result_message():
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.text_input(key="q").set_value("zzzz-not-in-any-article").run()
    assert not at.exception
    assert any("Nothing matches" in i.value for i in at.info)
    at.radio(key="scope").set_value("article").run()
    at.button(key="reset").click().run()  # reset clears every filter and the scope
    assert at.text_input(key="q").value == "" and at.radio(key="scope").value == "sentence"
    assert metrics(at)["Articles"] == "5"


# --------------------------------------------------------------------- 3. one stance count
def count_line(at) -> str:
    return next(x for x in markdown(at) if "a clear position:" in x)


@pytest.mark.parametrize("params", [{}, {"outlet": ["ABC News"]}, {"weapon": ["Storm Shadow"]}])
def test_one_stance_count_everywhere(params, seed_analysis):
    from components.tables.filtering import filter_tables
    from components.tables.filters import empty_state
    from dashboard import aggregates, charts

    landing, stance = run(**params), run(view="Stance", **params)
    assert count_line(landing) == count_line(stance)
    state = {**empty_state(), **params}
    counts = aggregates.stance_counts(filter_tables(seed_analysis.tables, state), charts.STANCE_ORDER)
    line = count_line(landing)
    clear = sum(n for label, n in counts.items() if label != "unclear")
    assert line.startswith(f"**{clear}** actors take a clear position")  # as the briefing counts them
    for label, n in counts.items():  # every label, "unclear" too, shown as such
        assert f"**{n}** {label}" in line
    assert "unclear" in counts


def test_the_count_is_the_briefings_count(base):
    line = count_line(base)
    clear = int(re.match(r"\*\*(\d+)\*\*", line).group(1))
    md = " ".join(markdown(base))
    assert f"Of the {clear} actors with a clear position" in md  # the bottom line counts the same actors


def test_the_count_line_counts_unclear_apart():
    from dashboard.views.stance import stance_count_line

    line = stance_count_line({"support": 3, "oppose": 1, "cautious": 0, "mixed": 0, "unclear": 2})
    assert line.startswith("**4** actors take a clear position: **3** support · **1** oppose")
    assert "; **2** unclear" in line
    assert stance_count_line({"support": 1, "unclear": 0}).startswith("**1** actor takes a clear position")


def test_legend_defines_each_label_against_the_question(base):
    from components.knowledge import load_knowledge

    debate = load_knowledge().debate()
    legend = next(h.value for h in base.get("html") if "db-legend" in h.value)
    assert debate["question"] in legend.replace("&#x27;", "'")
    for label, desc in debate.get("labels", {}).items():
        assert f"<b>{label}</b> — {desc}" in legend.replace("&#x27;", "'")
    assert "<b>unclear</b>" in legend
    # on the landing the count line carries the legend as its tooltip too
    tip = next(m.proto.help for m in base.markdown if "a clear position:" in m.value)
    for label, desc in debate.get("labels", {}).items():
        assert f"**{label}**: {desc}"[:40] in html.unescape(tip.replace("\\", ""))


# ----------------------------------------------------------------------------- 4. quotes view
def test_quotes_view_shows_full_quotes_with_speaker_stance_outlet_date(seed_analysis):
    at = run(view="Quotes")
    df = frame(at, "speaker_stance")
    t = seed_analysis.tables
    assert sorted(df["quote"]) == sorted(t["quotes"]["text"])  # every quote, in full
    assert {"quote", "speaker", "speaker_stance", "outlet", "date", "kind"} <= set(df.columns)
    assert set(df["speaker_stance"]) <= {"support", "oppose", "cautious", "mixed", "unclear", "—"}
    # a missing outlet or date is a real missing value, drawn as a dash (never "None")
    assert df["outlet"].isna().any() and df["date"].isna().any()
    assert not {"None", "nan", "unknown outlet", "no date"} & (set(df["outlet"].dropna()) | set(df["date"].dropna()))
    assert all(d.proto.placeholder == "—" for d in at.dataframe)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in df["date"].dropna())  # sorts by time
    table = next(d for d in at.dataframe if "speaker_stance" in d.value.columns)
    config = table.proto.columns
    for label in ("Quote", "Speaker", "Speaker's stance", "Outlet", "Date", "Kind"):
        assert label in config
    # the counts are complete: every speaker and every outlet, with their count columns shown
    by_speaker = frame(at, "total")
    assert len(by_speaker) == t["quotes"]["speaker"].dropna().nunique()
    assert by_speaker["total"].sum() == t["quotes"]["speaker"].notna().sum()
    subheaders = [s.value for s in at.subheader]
    assert f"Quote counts by speaker ({len(by_speaker)})" in subheaders
    assert any(s.startswith("Quote counts by outlet (") for s in subheaders)
    assert "Quotes repeated across articles" in subheaders


def test_quotes_rows_are_tall_enough_for_the_longest_quote(seed_analysis):
    from dashboard.views.quotes import LINE_PX, MAX_LINES, PX_PER_CHAR, QUOTE_WIDTH, row_height

    at = run(view="Quotes")
    table = next(d for d in at.dataframe if "speaker_stance" in d.value.columns)
    longest = int(seed_analysis.tables["quotes"]["text"].str.len().max())
    lines = (table.proto.row_height - 12) // LINE_PX
    assert lines * (QUOTE_WIDTH - 16) // PX_PER_CHAR >= longest  # the longest quote is never cut
    assert row_height(["short"]) < row_height(["x" * 300]) <= row_height(["x" * 100_000]) == 12 + LINE_PX * MAX_LINES


def test_tables_name_articles_by_title_not_id(seed_analysis):
    from dashboard.aggregates import ALL_ARTICLES

    ids = set(seed_analysis.tables["articles"]["article_id"])
    at = run(view="Stance")
    df = frame(at, "signals") if any("signals" in d.value.columns for d in at.dataframe) else frame(at, "n_signals")
    shown = [c for c in df.columns if c not in ("evidence", "evidence_offsets", "article_id")]
    table = at.dataframe[0]
    assert "article_id" not in list(table.proto.column_order)
    assert ALL_ARTICLES in set(df["article"])
    assert not ids & set(df["article"])
    assert all(" — " in a for a in df["article"] if a != ALL_ARTICLES)
    # each actor's row over the selection comes first, then its articles
    first = df.groupby("actor", sort=False)["article"].first()
    assert (first == ALL_ARTICLES).all()
    assert shown
    at = run(view="Weapons")
    wm = frame(at, "sentence")
    assert wm["sentence"].notna().all()
    assert all(t.lower() in s.lower() for t, s in zip(wm["text"], wm["sentence"]))  # the mention's own sentence
    assert not ids & set(wm["article"])


def test_speaker_chart_shows_top_20_and_all_on_request(seed_analysis):
    n = seed_analysis.tables["quotes"]["speaker"].dropna().nunique()
    assert n > 20
    at = run(view="Quotes")
    assert any(f"top 20 of {n} speakers" in c.value for c in at.caption)
    spec = chart_dict(at, "Quotes by speaker")
    assert len({y for tr in spec["data"] for y in tr["y"]}) == 20
    at.toggle(key="quotes_bar_all").set_value(True).run()
    spec = chart_dict(at, "Quotes by speaker")
    assert len({y for tr in spec["data"] for y in tr["y"]}) == n


def test_a_quote_row_opens_the_reader_at_the_quote(texts):
    at = run(view="Quotes")
    df = frame(at, "speaker_stance")
    row = df.iloc[3]
    at.session_state["quotes_table"] = {"selection": {"rows": [3], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.query_params["view"] == "Articles"
    assert at.query_params["article"] == row["article_id"]
    assert at.query_params["at"] == f"{row['start']}-{row['end']}"
    assert at.selectbox(key="article").value == row["article_id"]
    html = next(h.value for h in at.get("html") if "db-reader" in h.value)
    target = re.search(r'<span class="target" id="db-reader-target"[^>]*>(.*?)</span>', html, re.S)
    assert target  # highlighted, and the page scrolls to this element
    assert "highlighted passage" in " ".join(c.value for c in at.caption)


def test_reader_link_restores_the_passage(texts):
    at = run(view="Articles", article="002_1a0e0990b6052ff4", at="1332-1577")
    html = next(h.value for h in at.get("html") if "db-reader" in h.value)
    assert 'id="db-reader-target"' in html
    plain = re.sub(r"<[^>]+>", "", html.split('id="db-reader-target"', 1)[1].split(">", 1)[1])
    assert plain.startswith(texts["002_1a0e0990b6052ff4"][1332:1360].replace("'", "&#x27;")[:20])


def test_reader_escapes_article_text():
    from dashboard.reader import highlight_html

    out = highlight_html('He said "<script>alert(1)</script>" loudly.', [(9, 34, "quote", "x <b>")], target=(0, 7))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'title="x &lt;b&gt;"' in out and 'id="db-reader-target"' in out


# ----------------------------------------------------------------------- 5. positions over time
@pytest.fixture()
def dated(monkeypatch):
    import dashboard.corpus as dc

    monkeypatch.setattr(dc, "SEEDS", POSITIONS)
    monkeypatch.delenv("BRIEFING_EXTRA_CORPUS", raising=False)


def test_positions_over_time_marks_changes_with_evidence_side_by_side(dated, nlp, knowledge):
    from components.ingest.articles import load_corpus
    from components.run.analyze import analyze
    from dashboard import aggregates

    tables = analyze(load_corpus([POSITIONS], knowledge=knowledge)[0], nlp, store=None).tables
    points, undated = aggregates.timeline_points(tables)
    expected = aggregates.changes(points)
    assert undated == 0 and "Joe Biden" in set(expected["actor"])
    at = run(view="Over time")
    spec = chart_dict(at, "Positions over time")
    rings = [tr for tr in spec["data"] if tr.get("name") == "position changes"]
    assert rings and len(rings[0]["x"]) == len(expected)
    assert f"Changes of position ({len(expected)})" in [s.value for s in at.subheader]
    md = markdown(at)
    for r in expected.itertuples():
        head = f"**{r.actor}**: {r.from_stance} in {r.from_date:%B %Y} → {r.to_stance} in {r.to_date:%B %Y}"
        assert head in md
        i = md.index(head)
        before, after = md[i + 2], md[i + 4]  # side by side: the evidence before, then after
        assert r.from_evidence.split()[0] in before and r.to_evidence.split()[0] in after
        assert links(before)[0]["article"] == r.from_article and links(after)[0]["article"] == r.to_article


def test_positions_over_time_needs_dates():
    at = run(view="Over time")
    assert any("at least two different dates" in i.value for i in at.info)


# --------------------------------------------------------------------------- 6. chart hygiene
def test_charts_count_in_whole_numbers_and_keep_stance_colours_for_stance(seed_analysis):
    from dashboard import charts

    t = seed_analysis.tables
    fig = charts.weapons_by_outlet(t["weapon_mentions"], t["articles"])
    assert fig.layout.xaxis.tickformat == ",d"
    colours = {tr.name: tr.marker.color for tr in fig.data}
    assert colours["unknown outlet"] == charts.UNKNOWN
    assert not set(colours.values()) & set(charts.STANCE_COLOURS.values())
    fig = charts.mentions_vs_quotes(t["actors"])
    assert fig.layout.xaxis.tickformat == ",d" and fig.layout.yaxis.tickformat == ",d"
    assert fig.data[0].marker.color not in charts.STANCE_COLOURS.values()
    small = charts.quotes_by_speaker(t["quotes"][t["quotes"]["speaker"] == "Joe Biden"])
    assert small.layout.xaxis.dtick == 1  # 0, 1, 2 … on small counts, never 0.2 steps


def test_long_lists_show_top_n_and_heatmaps_sort_by_total(seed_analysis):
    from dashboard import charts

    t = seed_analysis.tables
    fig, unknown = charts.actor_outlet_heatmap(t["actor_mentions"], t["articles"], t["actors"], top=10)
    assert unknown > 0 and "unknown outlet" not in list(fig.data[0].x)
    z = fig.data[0].z
    rows = [sum(r) for r in z]
    assert rows == sorted(rows, reverse=True) and len(rows) == 10
    cols = [sum(c) for c in zip(*z)]
    assert cols == sorted(cols, reverse=True)
    fig_all, _ = charts.actor_outlet_heatmap(t["actor_mentions"], t["articles"], t["actors"], top=None)
    assert len(fig_all.data[0].z) > 10
    fig = charts.actor_weapon_cooccurrence(t["actor_mentions"], t["weapon_mentions"], t["actors"])
    rows = [sum(r) for r in fig.data[0].z]
    assert rows == sorted(rows, reverse=True)


def test_a_zero_score_is_drawn(seed_analysis):
    import pandas as pd

    from dashboard import charts

    rows = pd.DataFrame({"actor": ["A", "B"], "stance": ["mixed", "support"], "score": [0.0, 1.0], "n_signals": [2, 1]})
    fig = charts.stance_positions(rows)
    mixed = next(tr for tr in fig.data if tr.name == "mixed")
    assert list(mixed.x) == [0.0] and mixed.mode == "markers"


def test_chart_labels_are_escaped():
    import pandas as pd

    from dashboard import charts

    evil = '<img src=x onerror="alert(1)">'
    rows = pd.DataFrame({"actor": [evil], "actor_id": ["x"], "stance": ["oppose"], "score": [-1.0], "quotes": [1],
                         "mentions": [3], "n_articles": [1], "evidence": [f"He said {evil}."]})
    fig = charts.stance_map(rows, top=None)
    shown = [fig.data[0].text[0], fig.data[0].hovertemplate] + [str(x) for x in fig.data[0].customdata[0][1:]]
    assert not any("<img" in x for x in shown)  # only the raw filter value (never displayed) keeps it
    assert fig.data[0].customdata[0][0] == evil and "&lt;img" in fig.data[0].customdata[0][1]


# -------------------------------------------------------------------------- 7. briefing in app
def test_briefing_citations_are_reader_links_with_stable_numbers(texts, seed_analysis):
    from components.report.briefing import source_numbers

    at = run(view="Briefing")
    md = next(x for x in markdown(at) if x.startswith("# "))
    assert not re.search(r"(?<!\\)\[\d+(?:, \d+)*\](?!\()", md)  # no bare [n] left: each is a link
    cites = [(link, n) for link, n in zip(links(md), re.findall(r"\[(\d+)\]\(\?", md)) if "at" in link]
    assert len(cites) > 5
    numbers = {}
    for link, n in cites:  # each opens the reader at a real passage of its article
        start, end = span(link)
        assert texts[link["article"]][start:end].strip()
        numbers.setdefault(link["article"], set()).add(n)
    # one number per article: its place in the whole corpus, the same under a filter
    corpus = source_numbers(seed_analysis.tables["articles"])
    assert all(v == {str(corpus[a])} for a, v in numbers.items())
    filtered = run(view="Briefing", actor=["Vladimir Putin"])
    fmd = next(x for x in markdown(filtered) if x.startswith("# "))
    for link, n in zip(links(fmd), re.findall(r"\[(\d+)\]\(\?", fmd)):
        assert n == str(corpus[link["article"]])
    # the sources list links each article to the reader, under its real title where known
    sources = [link for link in links(md) if "at" not in link]
    assert sources and all(link["view"] == "Articles" for link in sources)
    arts = seed_analysis.tables["articles"].set_index("article_id")
    titled = [a for a in {link["article"] for link in sources} if isinstance(arts.loc[a, "title"], str)]
    assert titled and all(arts.loc[a, "title"] in md.replace("\\", "") for a in titled)


def test_the_bottom_line_is_cut_into_its_statements():
    from dashboard.brief import bottom_line

    md = ("# B\n\n## Bottom line\n\nAt issue: *a decision.* [1] Of the 3 actors with a clear position, 2 are in "
          "favour (A) [2]; 1 is against (B) [1, 3]. Where it stands: *talks resume.* [3] Also: *more.* [2]\n\n## Next\n\nx [1]")
    cites = [{"group": g, "n": n, "article_id": f"a{n}", "start": 0, "end": 5}
             for g, ns in ((1, [1]), (2, [2]), (3, [1, 3]), (4, [3]), (5, [2])) for n in ns]
    lines = bottom_line(md, cites, 3)
    assert [html.unescape(re.sub(r"\]\([^)]*\)", "]", x)) for x in lines] == [
        "At issue: *a decision.* [[1]]",
        "Of the 3 actors with a clear position, 2 are in favour (A) [[2]]; 1 is against (B) [[1], [3]].",
        "Where it stands: *talks resume.* [[3]]"]


def test_briefing_length_toggle_is_in_the_url():
    at = run(view="Briefing", length="full")
    full = next(x for x in markdown(at) if x.startswith("# "))
    short = next(x for x in markdown(run(view="Briefing")) if x.startswith("# "))
    assert len(full) > len(short)
    assert at.query_params.get("length") == "full"


def test_briefing_downloads(base):
    at = run(view="Briefing")
    labels = [b.label for b in at.get("download_button")]
    assert "Briefing (Markdown)" in labels and "Briefing (HTML)" in labels


# ------------------------------------------------------------------------------ 8. upload flow
UMEROV = ("KYIV, Ukraine \u2014 Ukraine's defense minister, Rustem Umerov, said Tuesday that the country had "
          "used ATACMS missiles against a Russian airfield.\n\n\u201cWe will keep doing it,\u201d he said.\n")


def test_an_upload_switches_to_both_and_says_so_at_the_top():
    at = run()
    assert at.radio(key="briefing_corpus_source").value == "bundled"
    at.file_uploader(key="briefing_uploads").set_value(("umerov.txt", UMEROV.encode(), "text/plain"))
    at.run()
    assert not at.exception
    assert at.radio(key="briefing_corpus_source").value == "both"
    assert any("Now showing “Both”" in s.value for s in at.main.success)
    assert metrics(at)["Articles"] == "6"
    assert "my articles (1)" in " ".join(markdown(at)).replace("\\", "")


def test_a_paste_switches_to_both():
    at = run()
    at.text_area(key="briefing_paste_text").input(UMEROV)
    at.text_input(key="briefing_paste_title").input("Umerov on ATACMS")
    next(b for b in at.button if b.label == "Add pasted article").click()
    at.run()
    assert not at.exception
    assert at.radio(key="briefing_corpus_source").value == "both"
    assert metrics(at)["Articles"] == "6"


def test_downloads_are_grouped_in_one_menu(base):
    menus = base.get("popover")
    assert len(menus) == 1
    inside = [c.label for c in menus[0].children.values() if getattr(c, "type", "") == "download_button"]
    assert "JSON export (whole corpus)" in inside and "JSON export (as filtered)" in inside
    assert "All tables as CSV (as filtered, zip)" in inside and "quotes.csv (as filtered)" in inside
    assert not base.sidebar.get("download_button")


def test_the_csv_zip_holds_every_table(seed_analysis):
    import io
    import zipfile

    from dashboard.downloads import csv_zip

    z = zipfile.ZipFile(io.BytesIO(csv_zip(seed_analysis.tables)))
    assert sorted(z.namelist()) == sorted(f"{n}.csv" for n in seed_analysis.tables)


# -------------------------------------------------------------------------------- 9. fragments
def test_every_view_is_drawn_as_a_fragment(monkeypatch):
    import streamlit as st

    drawn = []
    real = st.fragment

    def recording(func=None, **kw):
        drawn.append(getattr(func, "__qualname__", ""))
        return real(func, **kw)

    monkeypatch.setattr(st, "fragment", recording)
    at = AppTest.from_file(APP, default_timeout=300)
    for view in VIEWS:
        at.query_params["view"] = view
        at.session_state["view"] = view
        at.run()
        assert not at.exception, (view, [e.value for e in at.exception])
    assert len([d for d in drawn if d.startswith("show.")]) == len(VIEWS)


def test_views_never_change_the_shared_tables(monkeypatch, seed_analysis):
    """The tables are cached once per server (``st.cache_resource``) and shared by every session
    without a copy: no view, filter, scope or selection may change them."""
    import pandas as pd

    import dashboard.data as data

    shared = {k: v.copy() for k, v in seed_analysis.tables.items()}
    before = {k: v.copy(deep=True) for k, v in shared.items()}
    monkeypatch.setattr(data, "load_tables", lambda: ("seeds-shared", shared, [], "seeds"))
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    for view in VIEWS:
        at.session_state["view"] = view
        at.run()
        at.multiselect(key="actor").set_value(["Vladimir Putin"]).run()
        at.multiselect(key="weapon").set_value(["Storm Shadow"]).run()
        at.radio(key="scope").set_value("article").run()
        at.text_input(key="q").set_value("missile").run()
        at.button(key="reset").click().run()
        assert not at.exception, [e.value for e in at.exception]
    assert list(shared) == list(before)
    for name, df in before.items():
        pd.testing.assert_frame_equal(shared[name], df, check_exact=True, obj=name)
