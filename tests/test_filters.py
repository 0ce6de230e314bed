"""components.tables.filters and .filtering: the one filter specification and the pure filtering of (tables, state),
tested on the analysed seeds."""
import re

import pandas as pd
import pytest

from components.tables.filtering import CorpusIndex, filter_tables
from components.tables.filters import FIELDS, describe, empty_state, filter_options, is_active, split_known


def state(**kw):
    s = empty_state()
    s.update(kw)
    return s


def paragraph(text: str, offset: int) -> str:
    """The line (paragraph) of ``text`` holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end >= 0 else len(text)]


@pytest.fixture(scope="module")
def t(seed_analysis):
    return seed_analysis.tables


@pytest.fixture(scope="module")
def texts(t):
    return dict(zip(t["articles"]["article_id"], t["articles"]["text"]))


def test_the_specification_names_every_filter_once():
    keys = [f.key for f in FIELDS]
    params = [f.param for f in FIELDS]
    assert len(set(keys)) == len(keys) and len(set(params)) == len(params)
    assert set(empty_state()) == set(keys)
    assert empty_state()["scope"] == "sentence"


def test_no_filter_returns_everything(t):
    out = filter_tables(t, empty_state())
    assert not is_active(empty_state()) and not is_active(state(scope="article"))
    for name in t:
        assert len(out[name]) == len(t[name])


def test_weapon_filter_keeps_only_material_about_the_weapon(t, texts):
    """?weapon=Storm+Shadow answers "who said what about Storm Shadow": quotes whose paragraph names
    it, its mentions, and stance evidence in sentences naming it; not all 72 quotes of its articles."""
    out = filter_tables(t, state(weapon=["Storm Shadow"]))
    whole = filter_tables(t, state(weapon=["Storm Shadow"], scope="article"))
    assert set(out["articles"]["article_id"]) == set(whole["articles"]["article_id"])
    assert 0 < len(out["quotes"]) < len(whole["quotes"])
    for q in out["quotes"].itertuples():
        assert "storm shadow" in paragraph(texts[q.article_id], q.start).lower(), q.text
    assert set(out["weapon_mentions"]["system"]) == {"Storm Shadow"}
    for s in out["sentences"].itertuples():
        assert "storm shadow" in s.text.lower()
    sig_sentences = {(r.article_id, r.sent_index) for r in out["stance_signals"].itertuples()}
    ss_sentences = set(zip(out["sentences"]["article_id"], out["sentences"]["sent_index"]))
    assert sig_sentences and sig_sentences <= ss_sentences
    # every stance shown rests on those signals only: its evidence names Storm Shadow
    for r in [*out["stances"].itertuples(), *out["stances_overall"].itertuples()]:
        assert r.evidence and all("storm shadow" in e.lower() for e in r.evidence), (r.actor, r.evidence)
    # actor mentions are those in the sentences about Storm Shadow
    am = set(zip(out["actor_mentions"]["article_id"], out["actor_mentions"]["sent_index"]))
    assert am <= ss_sentences


def test_actor_and_weapon_narrow_to_what_the_actor_said_about_it(t, texts):
    """Putin + Storm Shadow: Putin's quotes in paragraphs naming Storm Shadow (none in the seeds),
    where the whole articles hold 14 of his quotes, none about Storm Shadow."""
    pid = t["actors"].set_index("name").loc["Vladimir Putin", "actor_id"]
    out = filter_tables(t, state(actor=["Vladimir Putin"], weapon=["Storm Shadow"]))
    whole = filter_tables(t, state(actor=["Vladimir Putin"], weapon=["Storm Shadow"], scope="article"))
    assert len(whole["quotes"]) >= 10 and set(whole["quotes"]["speaker_id"]) == {pid}
    for q in out["quotes"].itertuples():
        assert q.speaker_id == pid and "storm shadow" in paragraph(texts[q.article_id], q.start).lower()
    assert len(out["quotes"]) < len(whole["quotes"])


def test_actor_filter_keeps_only_that_actor(t):
    out = filter_tables(t, state(actor=["Vladimir Putin"]))
    pid = t["actors"].set_index("name").loc["Vladimir Putin", "actor_id"]
    assert set(out["actor_mentions"]["actor_id"]) == {pid}
    assert "Vladimir Putin" in set(out["actors"]["name"])
    assert out["quotes"]["speaker_id"].eq(pid).all()
    assert set(out["stances"]["actor_id"]) == {pid} == set(out["stances_overall"]["actor_id"])
    # the actor's row is recounted over what is kept
    assert out["actors"].set_index("name").loc["Vladimir Putin", "mentions"] == len(out["actor_mentions"])
    # his stance is the stored one: an actor filter alone narrows none of his signals
    stored = t["stances"][t["stances"]["actor_id"] == pid]
    assert sorted(out["stances"]["stance"]) == sorted(stored["stance"])
    assert out["stances_overall"].equals(t["stances_overall"][t["stances_overall"]["actor_id"] == pid].reset_index(drop=True))
    # weapon mentions are those in sentences naming or quoting him
    sents = set(zip(out["sentences"]["article_id"], out["sentences"]["sent_index"]))
    assert set(zip(out["weapon_mentions"]["article_id"], out["weapon_mentions"]["sent_index"])) <= sents


def test_search_text_keeps_quotes_that_contain_it(t):
    out = filter_tables(t, state(q="at war"))
    assert len(out["quotes"]) >= 1
    assert out["quotes"]["text"].str.lower().str.contains("at war").all()
    assert out["sentences"]["text"].str.lower().str.contains("at war").all()
    whole = filter_tables(t, state(q="at war", scope="article"))
    assert whole["quotes"]["text"].str.lower().str.contains("at war").all()  # whole articles, same quotes rule
    assert len(whole["actor_mentions"]) > len(out["actor_mentions"])


def test_whole_article_scope_keeps_the_articles_material(t):
    """The visible option "whole articles that mention it": Putin in the articles about Storm Shadow."""
    out = filter_tables(t, state(actor=["Vladimir Putin"], weapon=["Storm Shadow"], scope="article"))
    pid = t["actors"].set_index("name").loc["Vladimir Putin", "actor_id"]
    both = set(t["actor_mentions"].query("actor_id == @pid")["article_id"]) & set(
        t["weapon_mentions"].query("system == 'Storm Shadow'")["article_id"])
    assert both and set(out["articles"]["article_id"]) == both
    assert set(out["weapon_mentions"]["system"]) == {"Storm Shadow"}
    assert set(out["actor_mentions"]["actor_id"]) == {pid}
    assert len(out["sentences"]) == int(t["sentences"]["article_id"].isin(list(both)).sum())


def test_stance_counts_agree_over_a_filter(t):
    """Under an outlet filter the corpus-level rows are aggregated again over the kept articles: one
    row per actor, each actor of the per-article rows present."""
    outlet = "ABC News"
    out = filter_tables(t, state(outlet=[outlet]))
    overall, per_article = out["stances_overall"], out["stances"]
    assert not overall.empty and overall["actor_id"].is_unique
    assert set(overall["actor_id"]) == set(per_article["actor_id"])
    kept = set(out["articles"]["article_id"])
    assert set(per_article["article_id"]) <= kept
    assert (overall["n_articles"] == overall["actor_id"].map(per_article["actor_id"].value_counts())).all()


def test_aggregating_again_over_everything_gives_the_stored_stances(t, nlp):
    """The filter aggregates stances again with the one aggregation and the pipeline's settings: over
    every article (a date range that keeps them all) it gives back the stored rows exactly."""
    import pandas as pd

    out = filter_tables(t, state(date_from="1900-01-01"), nlp=nlp)
    assert len(out["articles"]) == len(t["articles"])
    cols = ["article_id", "actor_id", "stance", "score", "confidence", "n_signals", "evidence"]
    key = lambda df: df[cols].astype(str).sort_values(cols[:2]).reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(key(out["stances"]), key(t["stances"]))
    pd.testing.assert_frame_equal(out["stances_overall"].reset_index(drop=True), t["stances_overall"])


@pytest.mark.parametrize("kw", [dict(outlet=["ABC News"]), dict(stance=["support"]), dict(date_to="2024-09-12"),
                                dict(weapon=["Storm Shadow"], scope="article"), dict(q="kremlin", scope="article"),
                                dict(actor=["Vladimir Putin"], stance=["oppose"])])
def test_whole_articles_keep_their_per_article_stances(t, nlp, kw):
    """A selection of whole articles keeps every signal of each: its per-article rows are the corpus's
    (not aggregated again) and its corpus-level rows are aggregated again over its signals — what the
    one aggregation gives over the signals kept."""
    import pandas as pd

    from components.tables.stances import stance_tables

    out = filter_tables(t, state(**kw), nlp=nlp)
    expected = stance_tables({"stance_signals": out["stance_signals"], "actors": t["actors"],
                              "articles": t["articles"]}, nlp)
    for name in ("stances", "stances_overall"):
        want = expected[name]
        if kw.get("stance"):
            want = want[want["stance"].isin(kw["stance"])]
        pd.testing.assert_frame_equal(out[name], want.reset_index(drop=True), check_exact=True)
    assert len(out["stances"]) and len(out["stances"]) < len(t["stances"])  # a real selection


def test_stance_filter_keeps_holders_and_their_articles(t):
    per_article = t["stances"]
    label = per_article["stance"].value_counts().index[0]
    out = filter_tables(t, state(stance=[label], scope="article"))
    assert not out["stances"].empty and set(out["stances"]["stance"]) == {label}
    assert set(out["actors"]["actor_id"]) <= set(per_article.query("stance == @label")["actor_id"])
    assert set(out["articles"]["article_id"]) == set(per_article.query("stance == @label")["article_id"])


def test_date_range_keeps_undated_articles(t):
    dated = t["articles"][t["articles"]["date"].astype("string").str.match(r"\d{4}-\d{2}-\d{2}").fillna(False)]
    assert not dated.empty
    day = dated["date"].iloc[0]
    out = filter_tables(t, state(date_from=day, date_to=day))
    assert dated["article_id"].iloc[0] in set(out["articles"]["article_id"])
    out = filter_tables(t, state(date_from="1990-01-01", date_to="1990-01-02"))
    assert set(out["articles"]["article_id"]) == set(t["articles"]["article_id"]) - set(dated["article_id"])


def test_outlet_filter(t):
    outlet = t["articles"]["outlet"].iloc[0]
    out = filter_tables(t, state(outlet=[outlet]))
    assert set(out["articles"]["outlet"]) == {outlet}


def test_filters_combine_and_can_empty(t):
    out = filter_tables(t, state(q="zzzz-not-in-any-article"))
    assert out["articles"].empty and out["weapon_mentions"].empty and out["quotes"].empty


def test_unknown_values_are_split_off(t):
    opts = filter_options(t)
    clean, unknown = split_known(state(actor=["Vladimir Putin", "Nobody"], weapon=["Storm Shadow"]), opts)
    assert clean["actor"] == ["Vladimir Putin"] and unknown == {"actor": ["Nobody"]}
    assert clean["weapon"] == ["Storm Shadow"]


def test_describe_names_filters_as_the_specification_does():
    s = state(actor=["Vladimir Putin"], weapon=["Storm Shadow"], q="red line", date_from="2024-09-01")
    assert describe(s) == [("actor", ["Vladimir Putin"]), ("weapon", ["Storm Shadow"]), ("text", ["red line"]),
                           ("date from", ["2024-09-01"]), ("scope", ["sentences about it"])]
    assert describe(state(outlet=["ABC News"])) == [("outlet", ["ABC News"])]  # no topic filter: no scope
    assert ("scope", ["whole articles that mention it"]) in describe(state(weapon=["ATACMS"], scope="article"))


def test_input_tables_are_not_changed(t):
    before = {k: v.copy(deep=True) for k, v in t.items()}
    for scope in ("sentence", "article"):
        out = filter_tables(t, state(actor=["Joe Biden"], weapon=["Storm Shadow"], q="missile", scope=scope))
        for name in out:
            out[name]
    for name, df in before.items():
        assert df.equals(t[name]), name


def test_filtered_tables_are_made_when_first_read(t):
    out = filter_tables(t, state(actor=["Vladimir Putin"], q="missile", scope="article"))
    assert list(out) == list(t) and out.made() == []
    assert len(out["articles"]) >= 1 and out.made() == ["articles"]
    out["actors"]  # recounted from the narrowed mentions, quotes and stances
    assert {"articles", "actors", "actor_mentions", "quotes", "stances"} <= set(out.made())
    assert out["quotes"] is out["quotes"]  # made once
    with pytest.raises(KeyError):
        out["no_such_table"]


def test_index_paragraphs_follow_the_lines(t, texts):
    idx = CorpusIndex(t)
    q = t["quotes"]
    para = idx.paragraph["quotes"]
    # two quotes share a paragraph key exactly when they are on the same line of the same article
    for i in range(0, len(q) - 1):
        a, b = q.iloc[i], q.iloc[i + 1]
        same = a.article_id == b.article_id and paragraph(texts[a.article_id], a.start) == paragraph(
            texts[b.article_id], b.start) and not re.search(r"\n", texts[a.article_id][min(a.start, b.start):max(a.start, b.start)])
        assert (para[i] == para[i + 1]) == same
    assert idx.fits(t)


@pytest.mark.parametrize("kw", [dict(actor=["Vladimir Putin"]), dict(weapon=["ATACMS"]), dict(q="missile"),
                                dict(stance=["support"]), dict(actor=["Vladimir Putin"], scope="article"),
                                dict(weapon=["Storm Shadow"], scope="article"), dict(outlet=["AP"], q="the"),
                                dict(actor=["Joe Biden", "Vladimir Putin"], weapon=["Storm Shadow"])])
def test_actor_counts_by_code_are_the_counts_of_the_filtered_tables(t, kw, monkeypatch):
    """A selection's actors, counted with the corpus index's integer codes of the rows it kept, are
    the actors present in the filtered tables with their mentions, quotes and articles counted from
    those tables' ids (the definition, used without an index)."""
    import components.tables.filtering as filtering
    from components.tables.filtering import _actor_counts, selected_actor_ids

    by_code = []
    real = filtering._actor_counts_by_code
    monkeypatch.setattr(filtering, "_actor_counts_by_code", lambda *a: by_code.append(1) or real(*a))
    s = state(**kw)
    out = filter_tables(t, s, CorpusIndex(t))
    assert len(out["actors"]) >= 0 and by_code == [1]
    want = _actor_counts(t["actors"], out, selected_actor_ids(t, s)).reset_index(drop=True)
    assert len(out["actors"]) == len(want)
    pd.testing.assert_frame_equal(out["actors"], want, check_exact=True)


def test_search_in_texts_lowered_once_per_corpus_finds_what_the_definition_finds(t):
    """The index lower-cases each searched table's texts once (``prepare_search``, or the first
    search) and finds the search text where ``_contains`` finds it, for whole tables and for a
    table's kept rows; a search through ``filter_tables`` uses it, in both scopes."""
    import numpy as np

    from components.tables.filtering import _contains

    index = CorpusIndex(t)
    filter_tables(t, state(q="missile", scope="article"), index)["sentences"]
    assert set(index._lowered) >= {"articles", "sentences"}
    index.prepare_search()
    assert set(index._lowered) == {"articles", "sentences", "quotes"}
    rows = np.arange(0, len(t["sentences"]), 3)
    for q in ("missile", "storm shadow", "ukraine's", "zzz", ""):
        for name in ("articles", "sentences", "quotes"):
            want = _contains(t[name]["text"], q).to_numpy(dtype=bool)
            assert np.array_equal(np.asarray(index.contains(name, q), dtype=bool), want), (name, q)
        want = _contains(t["sentences"]["text"].iloc[rows], q).to_numpy(dtype=bool)
        assert np.array_equal(np.asarray(index.contains("sentences", q, rows), dtype=bool), want)
