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
    st = t["stances"][t["stances"]["article_id"].notna()]
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
