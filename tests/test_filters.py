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
    assert len(out["weapon_mentions"]) < len(t["weapon_mentions"])
    keys = set(zip(out["actor_mentions"]["article_id"], out["actor_mentions"]["sent_index"]))
    keys |= set(zip(out["quotes"]["article_id"], out["quotes"]["sent_index"]))
    assert set(zip(out["weapon_mentions"]["article_id"], out["weapon_mentions"]["sent_index"])) <= keys


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
