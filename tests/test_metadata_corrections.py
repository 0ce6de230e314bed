"""Correcting article metadata: the pure functions (corrections applied to tables, the sidecar file
written and read back) and the app's editor (per session, no re-analysis, used by filters and views)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.ingest.articles import load_corpus
from components.ingest.metadata import read_sidecar, sidecar_csv
from components.tables.metadata import CORRECTED, apply_corrections, clean_corrections

from .conftest import SEEDS

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def _ids(tables) -> dict[str, str]:
    return {aid[:3]: aid for aid in tables["articles"]["article_id"]}


def test_corrections_apply_to_a_copy_of_the_tables(seed_analysis):
    tables = seed_analysis.tables
    before = {k: v.copy(deep=True) for k, v in tables.items()}
    ids = _ids(tables)
    fixed = apply_corrections(tables, {ids["001"]: {"outlet": "CNN", "date": "12 September 2024"},
                                       ids["004"]: {"date": None, "title": ""}, "no-such-article": {"outlet": "X"}})
    arts = fixed["articles"].set_index("article_id")
    assert arts.loc[ids["001"], "outlet"] == "CNN" and arts.loc[ids["001"], "date"] == "2024-09-12"
    assert arts.loc[ids["001"], "outlet_source"] == CORRECTED and arts.loc[ids["001"], "date_source"] == CORRECTED
    assert pd.isna(arts.loc[ids["004"], "date"]) and pd.isna(arts.loc[ids["004"], "title"])
    assert pd.isna(arts.loc[ids["004"], "date_source"])
    for name, df in before.items():  # the input tables are untouched
        pd.testing.assert_frame_equal(tables[name], df, obj=name)
    assert fixed["quotes"] is tables["quotes"]
    st = fixed["stances"]
    rows = st[st["article_id"] == ids["001"]]
    assert len(rows) and (rows["date"] == "2024-09-12").all()
    assert st.loc[st["article_id"] == ids["004"], "date"].isna().all()
    overall = fixed["stances_overall"]
    assert len(overall) and overall is not tables["stances_overall"]
    for trend in overall["trend"]:
        dates = [p["date"] for p in trend]
        known = [d for d in dates if d]
        assert known == sorted(known) and dates[:len(known)] == known  # date order, missing last
        assert all(p["date"] == "2024-09-12" for p in trend if p["article"] == ids["001"])


def test_a_correction_with_an_unreadable_date_is_refused():
    with pytest.raises(ValueError, match="not a date"):
        clean_corrections({"a": {"date": "next Friday"}})
    assert clean_corrections({"a": {"outlet": " unknown ", "color": "red"}}) == {"a": {"outlet": None}}


def test_sidecar_written_and_read_back_gives_the_same_metadata(tmp_path):
    rows = [{"article_id": "a", "title": "=HYPERLINK(\"http://x\")", "outlet": "Reuters", "date": "2024-09-13",
             "url": None},
            {"article_id": "b", "title": "Scholz, Merz and \"Taurus\"", "outlet": pd.NA, "date": None, "url": "-"},
            {"article_id": "c", "title": "@home: +1 for Kyiv", "outlet": "", "date": "2022-01-25",
             "url": "https://x.example/c"}]
    text = sidecar_csv(rows)
    assert text.splitlines()[0] == "id,title,outlet,date,url"
    assert "'=HYPERLINK" in text and ",=" not in text  # a spreadsheet does not run it
    (tmp_path / "metadata.csv").write_text(text, encoding="utf-8")
    side = read_sidecar(tmp_path)
    assert not side.problems
    assert side.rows == {"a": {"title": "=HYPERLINK(\"http://x\")", "outlet": "Reuters", "date": "2024-09-13"},
                         "b": {"title": "Scholz, Merz and \"Taurus\""},
                         "c": {"title": "@home: +1 for Kyiv", "date": "2022-01-25", "url": "https://x.example/c"}}


def test_seed_metadata_round_trips_through_the_sidecar(tmp_path, seed_analysis, knowledge):
    """Downloading the metadata and putting it beside the articles reproduces it."""
    arts = seed_analysis.tables["articles"]
    for p in SEEDS.glob("*.txt"):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(sidecar_csv(arts.to_dict("records")), encoding="utf-8")
    again, _ = load_corpus([tmp_path], knowledge=knowledge)
    for a in again:
        row = arts[arts["article_id"] == a.id].iloc[0]
        for key in ("title", "outlet", "date", "url"):
            assert (getattr(a, key) is None and pd.isna(row[key])) or getattr(a, key) == row[key], (a.id, key)


# ---------------------------------------------------------------------------------------- the app
def _articles_view(aid: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["view"] = "Articles"
    at.query_params["article"] = aid
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _caption(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_editor_corrects_metadata_for_this_session_only(monkeypatch, seed_analysis):
    import dashboard.data as data

    ids = _ids(seed_analysis.tables)
    aid = ids["001"]
    at = _articles_view(aid)
    assert "unknown outlet" in _caption(at) and "no date" in _caption(at)
    calls = []
    monkeypatch.setattr(data, "analyze", lambda *a, **k: calls.append(1) or (_ for _ in ()).throw(
        AssertionError("a correction must not analyse again")))
    at.text_input(key=f"briefing_meta_outlet_{aid}").set_value("Reuters")
    at.date_input(key=f"briefing_meta_date_{aid}").set_value(dt.date(2024, 9, 12))
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not calls
    caption = _caption(at)
    assert "Reuters" in caption and "2024" in caption and "corrected in this session" in caption
    assert "Reuters" in at.multiselect(key="outlet").options  # the filters use the corrected values
    # the date filter uses the corrected date: a range after it leaves the article out
    def listed():  # the Articles view lists "<title> — <outlet>"; 004 is the seed dated 2024-09-13
        options = at.selectbox(key="article").options
        return any(o.endswith("— Reuters") for o in options), any(o.startswith("Putin says") for o in options)

    at.date_input(key="from").set_value(dt.date(2024, 9, 13)).run()
    assert listed() == (False, True)
    at.date_input(key="from").set_value(dt.date(2024, 9, 12))
    at.date_input(key="to").set_value(dt.date(2024, 9, 12)).run()
    assert listed() == (True, False)
    assert any(b.label == "Download metadata.csv" for b in at.get("download_button"))
    # another session sees the analysed metadata, not this session's correction
    other = _articles_view(aid)
    assert "Reuters" not in _caption(other) and "unknown outlet" in _caption(other)
    assert "Reuters" not in other.multiselect(key="outlet").options


def test_a_metadata_file_loaded_in_the_app_corrects_this_session(seed_analysis):
    """The downloaded sidecar, loaded into a later session, gives its values back as corrections."""
    ids = _ids(seed_analysis.tables)
    rows = [{"id": ids["001"], "outlet": "The Guardian", "date": "2024-09-12"},
            {"id": ids["003"] + ".txt", "outlet": "Associated Press"},
            {"id": "not-in-this-corpus", "outlet": "X"}]
    text = sidecar_csv(rows) + f"{ids['000']},,,next Friday,\n"
    at = _articles_view(ids["001"])
    at.file_uploader(key="briefing_meta_upload").set_value(("metadata.csv", text.encode(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    caption = _caption(at)
    assert "The Guardian" in caption and "corrected in this session" in caption
    assert {"The Guardian", "Associated Press"} <= set(at.multiselect(key="outlet").options)
    assert "2 article(s) corrected from it" in caption
    warnings = " ".join(w.value for w in at.warning)
    assert "next Friday" in warnings and "name no article" in warnings
    at.button(key="briefing_meta_undo_all").click().run()  # undone, and the file is not taken again
    assert "The Guardian" not in _caption(at) and "The Guardian" not in at.multiselect(key="outlet").options


@pytest.mark.slow  # reading processes, one of them stopped
def test_a_hostile_metadata_file_is_refused_with_the_reason(monkeypatch):
    """An uploaded metadata file is untrusted: parsed in the server's separate process within the read
    time limit; a file the CSV reader refuses (a field of 200,000 characters) or one that takes too
    long is named with the reason, and nothing is corrected."""
    from dashboard import metadata_editor

    monkeypatch.setattr(metadata_editor, "corrections", lambda: {})
    huge = ("id,title\nx," + "a" * 200_000 + "\n").encode()
    taken, problems = metadata_editor.load_sidecar("metadata.csv", huge, ["x"])
    assert taken == 0 and len(problems) == 1 and "cannot be read as CSV" in problems[0], problems
    monkeypatch.setenv("BRIEFING_UPLOAD_READ_SECONDS", "0.001")
    taken, problems = metadata_editor.load_sidecar("metadata.csv", b"id,title\nx,A title\n", ["x"])
    assert taken == 0 and problems == ["metadata.csv: reading the metadata file took longer than 0.001 s; "
                                       "it was stopped; not read"]
