"""The Streamlit app's logic, with streamlit.testing.v1.AppTest on the bundled seeds."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def base():
    return run()


def test_app_runs_and_shows_every_view(base):
    assert [t.label for t in base.tabs] == ["Overview", "Briefing", "Actors", "Weapons", "Quotes", "Stance", "Articles"]
    m = metrics(base)
    assert m["Articles"] == "5" and "For / against" in m
    assert int(m["Weapon mentions"]) > 20


def test_query_string_restores_filters(base):
    at = run(actor=["Vladimir Putin"], weapon=["Storm Shadow"], view="Overview")
    assert at.multiselect(key="actor").value == ["Vladimir Putin"]
    assert at.multiselect(key="weapon").value == ["Storm Shadow"]
    # the README's example link shows material, not the empty message
    assert not any("Nothing matches" in i.value for i in at.info)
    m = metrics(at)
    assert 0 < int(m["Weapon mentions"]) < int(metrics(base)["Weapon mentions"])
    assert "filtered to" in " ".join(md.value for md in at.markdown)


def test_unknown_link_values_are_ignored_with_notice():
    at = run(actor=["Vladimir Putin", "No Such Person"])
    assert at.multiselect(key="actor").value == ["Vladimir Putin"]
    assert any("No Such Person" in i.value for i in at.sidebar.info)


@pytest.mark.parametrize("key,value", [("actor", ["Vladimir Putin"]), ("weapon", ["ATACMS"]),
                                       ("outlet", None), ("stance", None)])
def test_each_filter_changes_the_views(base, key, value):
    before = metrics(base)
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    widget = at.multiselect(key=key)
    if value is None:
        value = [widget.options[0]] if widget.options else []
        if not value:
            pytest.skip(f"no {key} values in this corpus")
    widget.set_value(value).run()
    assert not at.exception
    after = metrics(at)
    assert after != before, f"filter {key}={value} changed nothing"


def test_search_filter_and_empty_result_message():
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.text_input(key="q").set_value("zzzz-not-in-any-article").run()
    assert not at.exception
    assert any("Nothing matches" in i.value for i in at.info)
    at.button(key="reset").click().run()  # reset
    assert at.text_input(key="q").value == ""
    assert metrics(at)["Articles"] == "5"


def test_downloads_exist(base):
    labels = [b.label for b in base.get("download_button")]
    assert "JSON export (whole corpus)" in labels and "JSON export (as filtered)" in labels
    assert any(lbl.startswith("quotes.csv") for lbl in labels)
    briefing = [b.label for b in run(view="Briefing").get("download_button")]
    assert "Briefing (Markdown)" in briefing and "Briefing (HTML)" in briefing


def test_reader_escapes_article_text():
    from dashboard.reader import highlight_html

    out = highlight_html('He said "<script>alert(1)</script>" loudly.', [(9, 34, "quote", "x <b>")])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'title="x &lt;b&gt;"' in out


def test_only_the_open_view_is_computed():
    at = run(view="Actors")
    assert not at.metric  # the Overview's metrics are not computed while Actors is open
    assert "All actors" in [s.value for s in at.subheader]


def test_quotes_view_shows_counts_and_repeats():
    base = run(view="Quotes")
    subheaders = [s.value for s in base.subheader]
    assert "Quote counts by speaker" in subheaders and "Quote counts by outlet" in subheaders
    assert "Quotes repeated across articles" in subheaders
    frames = [d.value for d in base.dataframe]
    repeated = next(f for f in frames if "n_outlets" in f.columns and "quote" in f.columns)
    # the seeds carry Putin's "at war" line in several outlets
    assert (repeated["n_articles"] >= 2).all() and len(repeated) >= 1


def test_views_never_change_the_shared_tables(monkeypatch, seed_analysis):
    """The tables are cached once per server (``st.cache_resource``) and shared by every session
    without a copy: no view, filter or selection may change them."""
    import pandas as pd

    import dashboard.data as data

    shared = {k: v.copy() for k, v in seed_analysis.tables.items()}
    before = {k: v.copy(deep=True) for k, v in shared.items()}
    monkeypatch.setattr(data, "load_tables", lambda: ("seeds-shared", shared, [], "seeds"))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    for view in ["Overview", "Briefing", "Actors", "Weapons", "Quotes", "Stance", "Articles"]:
        at.session_state["view"] = view
        at.run()
        at.multiselect(key="actor").set_value(["Vladimir Putin"]).run()
        at.text_input(key="q").set_value("missile").run()
        at.button(key="reset").click().run()
        assert not at.exception, [e.value for e in at.exception]
    assert list(shared) == list(before)
    for name, df in before.items():
        pd.testing.assert_frame_equal(shared[name], df, check_exact=True, obj=name)
