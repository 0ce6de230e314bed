"""dashboard.filters: a pure function of (tables, filter state), tested on the analysed seeds."""
from dashboard.filters import empty_state, filter_options, filter_tables, is_active, split_known


def state(**kw):
    s = empty_state()
    s.update(kw)
    return s


def test_no_filter_returns_everything(seed_analysis):
    t = seed_analysis.tables
    out = filter_tables(t, empty_state())
    assert not is_active(empty_state())
    for name in t:
        assert len(out[name]) == len(t[name])


def test_actor_filter_keeps_only_that_actor(seed_analysis):
    t = seed_analysis.tables
    out = filter_tables(t, state(actor=["Vladimir Putin"]))
    pid = t["actors"].set_index("name").loc["Vladimir Putin", "actor_id"]
    assert set(out["actor_mentions"]["actor_id"]) == {pid}
    assert set(out["actors"]["name"]) <= set(t["actors"]["name"])
    assert "Vladimir Putin" in set(out["actors"]["name"])
    assert out["quotes"]["speaker_id"].fillna(pid).eq(pid).all()
    assert set(out["stances"]["actor_id"]) <= {pid}
    # the actor's row is recounted over what is kept
    assert out["actors"].set_index("name").loc["Vladimir Putin", "mentions"] == len(out["actor_mentions"])


def test_actor_and_weapon_combine_by_article(seed_analysis):
    """The README's example link: Putin in the articles about Storm Shadow is not empty."""
    t = seed_analysis.tables
    out = filter_tables(t, state(actor=["Vladimir Putin"], weapon=["Storm Shadow"]))
    pid = t["actors"].set_index("name").loc["Vladimir Putin", "actor_id"]
    both = set(t["actor_mentions"].query("actor_id == @pid")["article_id"]) & set(
        t["weapon_mentions"].query("system == 'Storm Shadow'")["article_id"])
    assert both and set(out["articles"]["article_id"]) == both
    assert set(out["weapon_mentions"]["system"]) == {"Storm Shadow"}
    assert set(out["actor_mentions"]["actor_id"]) == {pid}


def test_stance_filter_keeps_holders_and_their_articles(seed_analysis):
    t = seed_analysis.tables
    per_article = t["stances"][t["stances"]["article_id"].notna()]
    label = per_article["stance"].value_counts().index[0]
    out = filter_tables(t, state(stance=[label]))
    assert not out["stances"].empty and set(out["stances"]["stance"]) == {label}
    assert set(out["actors"]["actor_id"]) <= set(per_article.query("stance == @label")["actor_id"])
    assert set(out["articles"]["article_id"]) == set(per_article.query("stance == @label")["article_id"])


def test_date_range_keeps_undated_articles(seed_analysis):
    t = seed_analysis.tables
    dated = t["articles"][t["articles"]["date"].str.match(r"\d{4}-\d{2}-\d{2}").fillna(False).astype(bool)]
    if dated.empty:
        return
    day = dated["date"].iloc[0]
    out = filter_tables(t, state(date_from=day, date_to=day))
    kept = set(out["articles"]["article_id"])
    assert dated["article_id"].iloc[0] in kept
    out = filter_tables(t, state(date_from="1990-01-01", date_to="1990-01-02"))
    assert set(out["articles"]["article_id"]) == set(t["articles"].loc[t["articles"]["date"].isna(), "article_id"])


def test_weapon_filter(seed_analysis):
    t = seed_analysis.tables
    out = filter_tables(t, state(weapon=["ATACMS"]))
    assert set(out["weapon_mentions"]["system"]) == {"ATACMS"}
    assert len(out["weapon_mentions"]) == int((t["weapon_mentions"]["system"] == "ATACMS").sum())
    # 000 names ATACMS; every kept article does
    assert set(out["articles"]["article_id"]) == set(t["weapon_mentions"].query("system == 'ATACMS'")["article_id"])


def test_outlet_and_search_filters(seed_analysis):
    t = seed_analysis.tables
    outlet = t["articles"]["outlet"].iloc[0]
    out = filter_tables(t, state(outlet=[outlet]))
    assert set(out["articles"]["outlet"]) == {outlet}
    out = filter_tables(t, state(q="red line"))
    assert len(out["sentences"]) >= 1
    assert out["sentences"]["text"].str.lower().str.contains("red line").all()


def test_filters_combine_and_can_empty(seed_analysis):
    t = seed_analysis.tables
    out = filter_tables(t, state(q="zzzz-not-in-any-article"))
    assert out["articles"].empty and out["weapon_mentions"].empty and out["quotes"].empty


def test_unknown_values_are_split_off(seed_analysis):
    opts = filter_options(seed_analysis.tables)
    clean, unknown = split_known(state(actor=["Vladimir Putin", "Nobody"], weapon=["Storm Shadow"]), opts)
    assert clean["actor"] == ["Vladimir Putin"] and unknown == {"actor": ["Nobody"]}
    assert clean["weapon"] == ["Storm Shadow"]


def test_input_tables_are_not_changed(seed_analysis):
    t = seed_analysis.tables
    before = {k: len(v) for k, v in t.items()}
    filter_tables(t, state(actor=["Joe Biden"], weapon=["Storm Shadow"]))
    assert before == {k: len(v) for k, v in t.items()}


def test_filtered_tables_are_made_when_first_read(seed_analysis):
    import pytest

    out = filter_tables(seed_analysis.tables, state(actor=["Vladimir Putin"], q="missile"))
    assert list(out) == list(seed_analysis.tables) and out.made() == []
    assert len(out["articles"]) >= 1 and out.made() == ["articles"]
    out["actors"]  # recounted from the narrowed mentions, quotes and stances
    assert set(out.made()) == {"articles", "actors", "actor_mentions", "quotes", "sentences", "stances"}
    assert out["quotes"] is out["quotes"]  # made once
    with pytest.raises(KeyError):
        out["no_such_table"]
