"""Pure dashboard helpers: quotes repeated across articles (real seed quotes) and chart selections."""
import pandas as pd

from dashboard.aggregates import display_date, display_outlet, repeated_quotes

KIRBY = ("There is no change to our view on the provision of long-range strike capabilities for Ukraine "
         "to use inside Russia")


def table(rows):
    q = pd.DataFrame(rows, columns=["article_id", "text", "speaker", "kind"])
    q["cue"], q["sent_index"] = "said", 0
    arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["ABC News", "Reuters", "ABC News"],
                         "title": ["A", "B", "C"]})
    return q, arts


def test_same_words_with_other_punctuation_group_across_outlets():
    q, arts = table([("a", KIRBY + ",", "John Kirby", "direct"),
                     ("b", "“" + KIRBY.replace("long-range", "long range") + ".”", "John Kirby", "direct"),
                     ("c", "We are working that out right now.", "Joe Biden", "direct")])
    rep = repeated_quotes(q, arts)
    assert len(rep) == 1
    row = rep.iloc[0]
    assert row["speaker"] == "John Kirby" and row["n_articles"] == 2 and row["n_outlets"] == 2
    assert row["outlets"] == "ABC News, Reuters"


def test_single_article_quotes_are_not_repeats_but_short_fragments_can_be():
    q, arts = table([("a", "at war", "Vladimir Putin", "partial"), ("b", "at war", "Vladimir Putin", "partial"),
                     ("a", KIRBY, "John Kirby", "direct"), ("a", KIRBY, "John Kirby", "direct")])
    rep = repeated_quotes(q, arts)
    assert list(rep["quote"]) == ["at war"] and rep.loc[0, "n_outlets"] == 2
    assert repeated_quotes(q.iloc[0:0], arts).empty


def test_missing_outlets_and_dates_are_named_as_missing():
    values = pd.Series(["Reuters", None, "unknown", "", pd.NA], dtype="string")
    assert list(display_outlet(values)) == ["Reuters"] + ["unknown outlet"] * 4
    assert list(display_date(pd.Series(["2024-09-13", None, "unknown"]))) == ["2024-09-13", "no date", "no date"]


def test_quote_rows_carry_the_speakers_stance_in_that_article(seed_analysis):
    from dashboard.aggregates import quote_rows

    t = seed_analysis.tables
    rows = quote_rows(t)
    assert len(rows) == len(t["quotes"])
    st = t["stances"]
    held = {(a, s): lab for a, s, lab in zip(st["article_id"], st["actor"], st["stance"])}
    for r in rows.itertuples():
        assert r.speaker_stance == held.get((r.article_id, r.speaker), "—")


def test_chart_selection_gives_the_filter_values():
    from dashboard.widgets import selected_values

    event = {"selection": {"points": [{"customdata": ["Storm Shadow"], "x": 3}, {"customdata": ["ATACMS"]},
                                      {"customdata": ["Storm Shadow"]}, {"x": 1}]}}
    assert selected_values(event) == ["Storm Shadow", "ATACMS"]
    assert selected_values({"selection": {"points": []}}) == []
    assert selected_values(None) == []


def _dated_stances(labels):
    """Tables with one actor's stance in one article a day, in the order of ``labels``."""
    ids = [f"a{i}" for i in range(len(labels))]
    arts = pd.DataFrame({"article_id": ids, "date": [f"2024-09-{10 + i}" for i in range(len(labels))],
                         "outlet": ["Reuters"] * len(labels)})
    stances = pd.DataFrame({"article_id": ids, "actor_id": "joe-biden", "actor": "Joe Biden", "stance": labels,
                            "score": 0.0, "evidence": [[f"sentence {i}"] for i in range(len(labels))],
                            "evidence_offsets": [[(0, 5)]] * len(labels)})
    return {"articles": arts, "stances": stances}


def test_unclear_is_no_change_of_position():
    from dashboard.aggregates import changes, timeline_points

    points, undated = timeline_points(_dated_stances(["support", "unclear", "support"]))
    assert undated == 0 and not points["changed"].any() and changes(points).empty
    points, _ = timeline_points(_dated_stances(["cautious", "unclear", "support", "support"]))
    assert list(points["changed"]) == [False, False, True, False]
    ch = changes(points)  # measured from the last clear position, across the unclear one
    assert ch[["from_stance", "to_stance", "from_article", "to_article"]].values.tolist() == [
        ["cautious", "support", "a0", "a2"]]
    assert ch.loc[0, "from_evidence"] == "sentence 0"


def test_matrix_columns_name_articles_by_title_uniquely():
    from dashboard.charts import article_columns

    arts = pd.DataFrame({"article_id": ["000_8cc4f7ca", "001_10627bf4", "002_1a0e0990"],
                         "title": ["Biden weighs <b>Storm Shadow</b> request from Kyiv", None, None],
                         "outlet": ["Reuters", None, None],
                         "text": ["x", "Same first line\nmore", "Same first line\nother"]})
    cols = article_columns(arts)
    assert cols["000_8cc4f7ca"].startswith("Biden weighs &lt;b&gt;St") and cols["000_8cc4f7ca"].endswith("<br>Reuters")
    assert len(set(cols.values())) == 3  # the two untitled articles with the same first line stay apart
    assert "unknown outlet" in cols["001_10627bf4"] and "001_10627bf4" in cols["001_10627bf4"]


def _pivot_matrix(stances, articles):
    """The stance matrix's cells by pandas' ``pivot_table``: the definition the array work must give."""
    from dashboard.charts import STANCE_ORDER, article_columns, esc

    df = stances.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    df["column"] = df["article_id"].map(article_columns(articles))
    df["row"] = [esc(a) for a in df["actor"]]
    order = df["row"].value_counts()
    rows = sorted(order.index, key=lambda r: (-order[r], r))
    df["code"] = df["stance"].map({s: i for i, s in enumerate(STANCE_ORDER)})
    code = df.pivot_table(index="row", columns="column", values="code", aggfunc="first").reindex(rows)
    label = df.pivot_table(index="row", columns="column", values="stance", aggfunc="first").reindex_like(code)
    score = df.pivot_table(index="row", columns="column", values="score", aggfunc="mean").reindex_like(code)
    return code, label.fillna("").values, score.round(2).values


def _matrix_json(stances, articles, cells):
    import dashboard.charts as charts

    real = charts._matrix_cells
    try:
        charts._matrix_cells = lambda df, rows: cells
        return charts.stance_matrix(stances, articles).to_json()
    finally:
        charts._matrix_cells = real


def test_stance_matrix_is_the_pivot_table_of_the_stance_rows(seed_analysis):
    """The matrix's cells made by array indexing are pandas' pivot (first label, mean score) exactly:
    on the seeds under filters, and with an actor twice in an article, a missing score, a label the
    vocabulary lacks (no code: its column dropped when it holds nothing else) and an unknown article."""
    from components.tables.filtering import filter_tables
    from dashboard.charts import stance_matrix

    t = seed_analysis.tables
    st, arts = t["stances"], t["articles"]
    odd = pd.concat([st, st.iloc[[0, 1]].assign(stance=["oppose", "support"], score=[None, 0.5]),
                     st.iloc[[2]].assign(stance="dithering", article_id=arts["article_id"].iloc[-1]),
                     st.iloc[[3]].assign(article_id="no-such-article")], ignore_index=True)
    cases = [(st, arts), (odd, arts), (odd.astype({"stance": "string"}), arts)]  # (text and Arrow text)
    for state in ({"stance": ["support"]}, {"actor": [st["actor"].iloc[0]]}, {"q": "missile"}):
        f = filter_tables(t, state)
        cases.append((f["stances"], f["articles"]))
    for stances, articles in cases:
        fast = stance_matrix(stances, articles)
        assert fast is not None
        assert fast.to_json() == _matrix_json(stances, articles, _pivot_matrix(stances, articles))


def test_first_line_is_the_stripped_split():
    from dashboard.aggregates import _first_line

    for text in ["", "   ", "\n\n  Title \n body", "Title", " Title  \n", "\u2003Title\u00a0\nx", "a\r\nb",
                 "\x1c\nTitle", "one line only  ", "\n \t\n"]:
        assert _first_line(text) == text.strip().split("\n", 1)[0].strip(), repr(text)
