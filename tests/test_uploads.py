"""The dashboard's corpus controls: uploads and pasted text, per session (AppTest)."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.escaping import md_escape
from dashboard.corpus import pasted_article, read_upload

from .pdfmaker import make_pdf
from .test_bad_input import CP1252_TEXT, HOSTILE_HTML

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
SEEDS = ROOT / "seeds"
PUTIN = ("MOSCOW \u2014 Vladimir Putin said on Thursday that Storm Shadow strikes deep inside Russia would mean "
         "NATO was at war with Russia.\n\n\u201cThis will change the nature of the conflict,\u201d Putin said.\n")
UMEROV = ("KYIV, Ukraine \u2014 Ukraine's defense minister, Rustem Umerov, said Tuesday that the country had "
          "used ATACMS missiles against a Russian airfield.\n\n\u201cWe will keep doing it,\u201d he said.\n")


def corpus_page():
    """A page that shows what select_corpus() gives this session."""
    import streamlit as st

    from dashboard.corpus import select_corpus

    articles, skipped, label = select_corpus()
    st.markdown(f"corpus: {label}")
    st.text("ids: " + " ".join(a.id for a in articles))
    st.text("skipped: " + " | ".join(f"{s.path}: {s.reason}" for s in skipped))


def _session() -> AppTest:
    return AppTest.from_function(corpus_page, default_timeout=60).run()


def _ids(at: AppTest) -> list[str]:
    return next(t.value for t in at.text if t.value.startswith("ids:")).split()[1:]


def _skipped(at: AppTest) -> str:
    return next(t.value for t in at.text if t.value.startswith("skipped:"))


def _choose(at: AppTest, source: str) -> AppTest:
    at.radio(key="briefing_corpus_source").set_value(source)
    return at.run()


def _paste(at: AppTest, text: str, title: str = "", outlet: str = "", date=None) -> AppTest:
    at.text_area(key="briefing_paste_text").input(text)
    at.text_input(key="briefing_paste_title").input(title)
    at.text_input(key="briefing_paste_outlet").input(outlet)
    if date:
        at.date_input(key="briefing_paste_date").set_value(date)
    at.button[0].click()  # the form's submit button
    return at.run()


def test_the_bundled_corpus_is_the_default():
    at = _session()
    assert not at.exception
    assert len(_ids(at)) == 5 and "000_8cc4f7ca36172168" in _ids(at)


def test_pasted_text_is_seen_only_in_its_own_session():
    alice, bob = _session(), _session()
    _choose(alice, "mine")
    _paste(alice, UMEROV, title="Umerov on ATACMS strikes", outlet="Kyiv Independent",
           date=datetime.date(2024, 11, 19))
    assert not alice.exception
    assert _ids(alice) == ["umerov-on-atacms-strikes"]
    _choose(alice, "both")
    assert len(_ids(alice)) == 6
    # Bob's session, before and after Alice's paste, on every source: never Alice's article
    bob.run()
    for source in ("bundled", "mine", "both"):
        _choose(bob, source)
        assert "umerov-on-atacms-strikes" not in _ids(bob)
    assert _ids(_session()) == _ids(_choose(_session(), "bundled"))


def test_uploads_are_seen_only_in_their_own_session():
    alice, bob = _session(), _session()
    _choose(alice, "both")
    _choose(bob, "both")
    alice.file_uploader(key="briefing_uploads").set_value([
        ("umerov.txt", UMEROV.encode("utf-8"), "text/plain"),
        ("kharkiv.txt", CP1252_TEXT.encode("cp1252"), "text/plain"),
        ("allies.html", HOSTILE_HTML, "text/html"),
        ("report.pdf", make_pdf([["Ukraine fired ATACMS at an airfield, officials said."]]), "application/pdf"),
        ("empty.txt", b"", "text/plain"),
        ("umerov-copy.txt", UMEROV.encode("utf-8"), "text/plain"),
    ])
    alice.run()
    assert not alice.exception
    assert {"umerov", "kharkiv", "allies", "report"} <= set(_ids(alice))
    skipped = _skipped(alice)
    assert "empty.txt: the file is empty" in skipped and "umerov-copy.txt: same text as article umerov" in skipped
    warnings = " ".join(w.value for w in alice.sidebar.warning)
    assert "empty" in warnings and "same text as article umerov" in warnings
    bob.run()
    assert not {"umerov", "kharkiv", "allies", "report"} & set(_ids(bob))
    assert "empty.txt" not in _skipped(bob)


def test_an_upload_removed_from_the_widget_leaves_the_corpus():
    at = _choose(_session(), "mine")
    at.file_uploader(key="briefing_uploads").set_value(("umerov.txt", UMEROV.encode(), "text/plain"))
    assert _ids(at.run()) == ["umerov"]
    at.file_uploader(key="briefing_uploads").clear()
    assert _ids(at.run()) == []


def test_a_bad_paste_says_why_and_keeps_the_rest():
    at = _choose(_session(), "mine")
    _paste(at, UMEROV)
    _paste(at, "   ")
    assert _ids(at) == ["pasted-1"]
    assert "the file is empty" in _skipped(at)


def test_read_upload_turns_every_failure_into_a_reason():
    assert read_upload("a.txt", b"").reason == "the file is empty"
    assert "limit" in read_upload("a.txt", b"Missiles. " * 100, limit=50).reason
    assert "not supported" in read_upload("a.exe", b"MZ\x90\x00").reason
    art = read_upload("kharkiv.txt", CP1252_TEXT.encode("cp1252"))
    assert art.text == CP1252_TEXT and art.path == "upload:kharkiv.txt" and art.origin == "upload"


def test_an_upload_is_named_by_what_the_browser_sent_never_a_path_here():
    seed = next(SEEDS.glob("*.txt"))
    for name in (str(seed), f"seeds/{seed.name}", f"../../{seed.name}"):
        art = read_upload(name, UMEROV.encode("utf-8"))
        assert (art.path, art.origin, art.private) == (f"upload:{name}", "upload", True)
    pasted = pasted_article(UMEROV, title="T")
    assert (pasted.path, pasted.origin, pasted.private) == ("pasted:t", "paste", True)


@pytest.mark.slow  # a new reading process per request (each is stopped)
def test_reading_an_upload_past_its_time_limit_is_stopped_with_the_reason(monkeypatch):
    """Uploads and pastes are read in a separate process within a time limit (here one no read can
    meet): the file is named with the reason, and the page is never held."""
    monkeypatch.setenv("BRIEFING_UPLOAD_READ_SECONDS", "0.001")
    got = read_upload("umerov.txt", UMEROV.encode("utf-8"))
    assert (got.path, got.reason) == ("upload:umerov.txt", "reading the file took longer than 0.001 s; it was stopped")
    pasted = pasted_article(UMEROV, title="Umerov")
    assert pasted.path == "pasted:Umerov" and "took longer" in pasted.reason
    monkeypatch.delenv("BRIEFING_UPLOAD_READ_SECONDS")
    assert read_upload("umerov.txt", UMEROV.encode("utf-8")).origin == "upload"


def test_pasted_article_uses_the_given_metadata():
    art = pasted_article(UMEROV, title="Umerov on ATACMS", outlet="Kyiv Independent", date="2024-11-19")
    assert (art.id, art.title, art.outlet, art.date, art.source_format) == (
        "umerov-on-atacms", "Umerov on ATACMS", "Kyiv Independent", "2024-11-19", "paste")
    untitled = pasted_article(UMEROV, n=3)
    assert untitled.id == "pasted-3"


@pytest.mark.parametrize("name", ["[x](javascript:alert(1)).txt", "<img src=x onerror=alert(1)>.txt", "**bold**.md"])
def test_file_names_are_shown_not_interpreted(name):
    shown = md_escape(name)
    for ch in "[]<>*":  # (parentheses are inert once the brackets of a link are escaped)
        assert ch not in shown.replace("\\" + ch, "")


def test_store_only_for_shared_articles(seed_corpus):
    """A session's own articles are never written to the server's store; the shared seeds are."""
    from dashboard.corpus import pasted_article
    from dashboard.data import store_for

    mine = pasted_article("Sen. Jane Roe said the missiles should be sent now, calling it overdue.", title="T")
    assert store_for(seed_corpus) is True
    assert store_for([*seed_corpus, mine]) is None
    assert store_for([mine]) is None
    # decided by where the article came from, never by its name: an upload named as a seed is private
    crafted = read_upload(seed_corpus[0].path, UMEROV.encode("utf-8"))
    assert store_for([crafted]) is None and store_for([*seed_corpus, crafted]) is None


def _store_rows(path) -> dict[str, int]:
    import duckdb

    if not Path(path).exists():
        return {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("analyses", "corpora", "reports")}
    finally:
        con.close()


@pytest.fixture()
def fresh_tables():
    """The server's cached analyses forgotten (other tests analysed the same corpora), so this test's
    app analyses, and stores, what it shows."""
    from dashboard import data

    for cached in (data.analysed_tables, data._analysed_keys, data._failures):
        cached.clear()


def test_a_crafted_upload_name_writes_nothing_to_the_store(tmp_path, monkeypatch, fresh_tables):
    """Issue 18: an upload whose multipart file name is a bundled seed's path (absolute, relative, or
    climbing out) is this session's article: the whole app analyses it and writes nothing to the
    shared store, on every corpus choice."""
    store = tmp_path / "shared.duckdb"
    monkeypatch.setenv("BRIEFING_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception
    before = _store_rows(store)
    assert before.get("corpora")  # the bundled seeds are stored: the store works
    seed = next(SEEDS.glob("*.txt"))
    at.file_uploader(key="briefing_uploads").set_value([
        (str(seed), UMEROV.encode("utf-8"), "text/plain"),
        (f"seeds/{seed.name}", ("Sen. Jane Roe said the missiles should be sent now. " * 3).encode(), "text/plain"),
        (f"../seeds/{seed.name}", PUTIN.encode("utf-8"), "text/plain"),
    ])
    at.run()
    for source in ("both", "mine"):
        _choose(at, source)
        assert not at.exception
        assert int(next(m.value for m in at.metric if m.label == "Articles")) == 3 + 5 * (source == "both")
        assert _store_rows(store) == before


def test_a_slow_upload_is_stopped_and_named_and_the_rest_analysed(monkeypatch, fresh_tables):
    """An upload whose analysis runs over the time limit is stopped in its own process and named with
    the reason; the bundled articles and the other uploads are still analysed and shown."""
    monkeypatch.setenv("BRIEFING_UPLOAD_ANALYSE_SECONDS", "0.001")  # no analysis fits in a millisecond
    at = AppTest.from_file(APP, default_timeout=300).run()
    _choose(at, "both")
    at.file_uploader(key="briefing_uploads").set_value([("umerov.txt", UMEROV.encode("utf-8"), "text/plain")])
    at.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "upload&#58;umerov.txt" in warnings and "took longer than 0.001 s; it was stopped" in warnings
    assert next(m.value for m in at.metric if m.label == "Articles") == "5"
    monkeypatch.delenv("BRIEFING_UPLOAD_ANALYSE_SECONDS")
    at.file_uploader(key="briefing_uploads").set_value([("umerov.txt", UMEROV.encode("utf-8"), "text/plain"),
                                                        ("putin.txt", PUTIN.encode("utf-8"), "text/plain")])
    at.run()
    assert not at.exception and next(m.value for m in at.metric if m.label == "Articles") == "7"
    assert "took longer" not in " ".join(w.value for w in at.sidebar.warning)


def test_articles_the_pipeline_failed_on_are_named_when_a_stored_corpus_reopens(monkeypatch, fresh_tables,
                                                                               seed_analysis):
    """A shared corpus reopened from the store names, as a fresh analysis does, the articles the
    pipeline failed on (the store keeps them with the tables)."""
    from components.ingest.articles import Skipped
    from components.run.analyze import Analysis
    from dashboard import data

    found = Analysis(tables=seed_analysis.tables,
                     skipped=[Skipped("/srv/corpus/broken.txt", "the analysis failed (ValueError: x)")])
    monkeypatch.setattr(data, "stored_analysis", lambda *a, **k: found)
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Skipped **broken.txt**: the analysis failed (ValueError&#58; x)" in [w.value for w in at.sidebar.warning]
    assert next(m.value for m in at.metric if m.label == "Articles") == "5"
