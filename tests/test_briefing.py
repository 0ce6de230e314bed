"""The generated briefing, short (one page) and full, on the seeds, on a small corpus of another debate
(Germany's Taurus, ``tests/data/taurus``) and on the development corpus: citations, names, positions,
language, filters, stability, length, escaping, missing tables, formats."""
from __future__ import annotations

import io
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from components.ingest.articles import Article, load_corpus
from components.report import briefing as _briefing
from components.report.briefing import briefing_html, count_words, md_escape, source_numbers
from components.report.positions import POSITION_TYPES, stance_threshold
from components.tables.schema import frame

from .conftest import KNOWLEDGE, SHARED

TAURUS = Path(__file__).parent / "data" / "taurus"
DEV = SHARED / "dev-corpus"
BRIEFING_TOML = Path(__file__).resolve().parents[1] / "components" / "knowledge" / "data" / "briefing.toml"
CITE = re.compile(r"\[(\d+(?:, \d+)*)\]")
CORPORA = ["seed_tables", "taurus_tables", "dev_tables"]
STANCE_THRESHOLD = stance_threshold(KNOWLEDGE)  # the default debate's


def make_briefing(tables, **kw) -> str:
    return _briefing.make_briefing(tables, knowledge=KNOWLEDGE, **kw)


def make_briefing_with_citations(tables, **kw):
    return _briefing.make_briefing_with_citations(tables, knowledge=KNOWLEDGE, **kw)


def template_words() -> set[str]:
    """Words the briefing's own wording uses (templates, headings, labels, words): everything else
    capitalised in a briefing must come from the articles."""
    cfg = tomllib.loads(BRIEFING_TOML.read_text("utf-8"))
    texts = [str(v) for table in ("templates", "headings", "labels", "words") for v in cfg[table].values()]
    return {w.lower() for t in texts for w in re.findall(r"[A-Za-z][\w’'\-]*", re.sub(r"\{[^}]*\}", " ", t))}


@pytest.fixture(scope="module")
def seed_tables(seed_analysis):
    return seed_analysis.tables


@pytest.fixture(scope="module")
def taurus_tables(nlp):
    from components.run.analyze import analyze

    articles, skipped = load_corpus([TAURUS], knowledge=KNOWLEDGE)
    assert len(articles) == 3 and not skipped
    return analyze(articles, nlp).tables


@pytest.fixture(scope="module")
def dev_tables(nlp, seed_corpus):
    """The seeds and the eight development articles (other outlets and debates, 2022–2024)."""
    from components.run.analyze import analyze

    if not DEV.is_dir():
        pytest.skip(f"the development corpus is not at {DEV}")
    articles, skipped = load_corpus([DEV], knowledge=KNOWLEDGE)
    assert len(articles) == 8 and not skipped
    return analyze(list(seed_corpus) + articles, nlp).tables


def filter_tables(tables: dict[str, pd.DataFrame], *, actor: str | None = None,
                  weapon: str | None = None) -> dict[str, pd.DataFrame]:
    """The articles mentioning ``actor`` (a name) or ``weapon`` (a system), every table cut to them."""
    if actor:
        ids = set(tables["actors"].loc[tables["actors"]["name"] == actor, "actor_id"])
        m = tables["actor_mentions"]
        keep = set(m.loc[m["actor_id"].isin(ids), "article_id"])
    else:
        w = tables["weapon_mentions"]
        keep = set(w.loc[w["system"] == weapon, "article_id"])
    out = {}
    for name, df in tables.items():
        out[name] = df[df["article_id"].isin(keep)] if "article_id" in df.columns and name != "stances" else df
    return out


def section(md: str, title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", md, re.S | re.M)
    return m.group(1) if m else ""


def body_of(md: str) -> str:
    return md.split("\n## Sources")[0]


def bullets(md: str) -> list[str]:
    return [line for line in body_of(md).splitlines() if re.match(r"^\s*- ", line)]


def cited_articles(b) -> set[str]:
    return {c["article_id"] for c in b.citations}


def sentences(paragraph: str) -> list[str]:
    """A paragraph of the briefing split into sentences (quoted sentences count as one; initials such
    as "U.S." end no sentence)."""
    text = re.sub(r"\*[^*]+\*", "QUOTE.", paragraph.replace("\\*", ""))
    out, start = [], 0
    for m in re.finditer(r"[.!?](?:\s+\[\d+(?:, \d+)*\])?\s+(?=[A-Z])", text):
        if re.search(r"(?:^|[\s(])(?:[A-Z]\.)+$", text[start:m.start() + 1]):  # "U.S." is no sentence end
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def stance_lines(md: str) -> list[str]:
    """Bullets that state an actor's position: the main-actors section of a short briefing, the
    bullets under a stance heading of a full one."""
    short = section(md, "Where the main actors stand")
    if short:
        return bullets(short)
    full = section(md, "Where the actors stand")
    return [b for b in bullets(full)] if "### " in full else []


# ------------------------------------------------------------------------------ one page, cited
@pytest.mark.parametrize("corpus", CORPORA)
def test_short_briefing_is_one_page_with_its_sections(corpus, request):
    tables = request.getfixturevalue(corpus)
    md = make_briefing(tables)
    assert count_words(md) <= 600
    assert md.startswith("# ") and "**Question:** " in md
    for title in ("Bottom line", "Where the main actors stand", "Weapons at stake", "Sources"):
        assert section(md, title).strip(), title
    assert 3 <= len(sentences(section(md, "Bottom line").strip())) <= 5


@pytest.mark.parametrize("length", ["short", "full"])
@pytest.mark.parametrize("corpus", CORPORA)
def test_every_bullet_and_bottom_line_sentence_cites_a_source(corpus, length, request):
    tables = request.getfixturevalue(corpus)
    b = make_briefing_with_citations(tables, length=length)
    bl = bullets(b.markdown)
    assert len(bl) >= 4
    for line in bl:
        assert CITE.search(line), line
    bottom = sentences(section(b.markdown, "Bottom line").strip())
    assert len(bottom) >= 3
    for s in bottom:
        assert CITE.search(s), s


@pytest.mark.parametrize("length", ["short", "full"])
@pytest.mark.parametrize("corpus", CORPORA)
def test_citations_resolve_to_articles_and_sentences(corpus, length, request):
    tables = request.getfixturevalue(corpus)
    b = make_briefing_with_citations(tables, length=length)
    texts = dict(zip(tables["articles"]["article_id"], tables["articles"]["text"]))
    numbers = source_numbers(tables["articles"])
    for c in b.citations:
        assert numbers[c["article_id"]] == c["n"]  # one number per article, the same in every briefing
        assert 0 <= c["start"] < c["end"] <= len(texts[c["article_id"]])
    shown = {int(n) for m in CITE.findall(body_of(b.markdown)) for n in m.split(", ")}
    assert shown == {c["n"] for c in b.citations} == {s["n"] for s in b.sources}
    sources = section(b.markdown, "Sources")
    for s in b.sources:
        assert re.search(rf"^- \*\*\[{s['n']}\]\*\* .*\(id {re.escape(md_escape(s['article_id']))}\)$", sources, re.M)
    # a quoted (italic) sentence is the text its citation points at
    for line in bullets(b.markdown):
        for quote, nums in re.findall(r"\*([^*“]{30,})\* \[(\d+)\]", line):
            aid = next(a for a, n in numbers.items() if n == int(nums))
            assert quote.replace("\\", "")[:40] in re.sub(r"\s+", " ", texts[aid]), line


# ---------------------------------------------------------------------------------------- names
def _capitalised(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w’'\-])[A-Z][\w’'\-]*", text))


@pytest.mark.parametrize("length", ["short", "full"])
@pytest.mark.parametrize("corpus", CORPORA)
def test_no_name_that_the_cited_articles_do_not_write(corpus, length, request):
    """Every capitalised word of the body is the briefing's own wording or occurs in the articles the
    briefing cites; the actor of a stance line is mentioned in the article that line cites."""
    from components.tables.names import actor_display_names

    tables = request.getfixturevalue(corpus)
    b = make_briefing_with_citations(tables, length=length)
    texts = dict(zip(tables["articles"]["article_id"], tables["articles"]["text"]))
    numbers = source_numbers(tables["articles"])
    by_number = {n: a for a, n in numbers.items()}
    cited = " ".join(texts[a] for a in cited_articles(b)).lower()
    ours = template_words()
    lines = body_of(b.markdown).replace("\\", "").splitlines()
    head = [x for x in lines if x.startswith(("# ", "**Question:**", "**Covers**", "**Filters:**", "*Italic"))]
    missing = set()
    for line in lines:
        if line in head:
            continue
        for w in _capitalised(line):
            low = w.lower()
            if low in ours or re.search(rf"(?<![\w]){re.escape(low.rstrip('’').removesuffix('’s'))}(?![\w])", cited):
                continue
            missing.add(w)
    assert not missing
    title_words = _capitalised(lines[0][2:]) - {"Debate", "Briefing"}
    corpus_text = " ".join(texts.values()).lower()
    assert all(w.lower() in corpus_text for w in title_words)
    ids_of = {}
    for aid, name in actor_display_names(tables["actors"], tables["actor_mentions"]).items():
        ids_of.setdefault(name, set()).add(aid)
    m = tables["actor_mentions"]
    for line in stance_lines(b.markdown):
        name = re.match(r"^- \*\*(.+?)\*\*", line).group(1).replace("\\", "")
        arts = [by_number[int(n)] for c in CITE.findall(line) for n in c.split(", ")]
        assert m[m["article_id"].isin(arts) & m["actor_id"].isin(ids_of[name])].shape[0], line


def test_display_names_are_the_articles_own_forms():
    from components.tables.names import actor_display_names, system_display_names

    actors = pd.DataFrame({"actor_id": ["mod", "us-off", "starmer", "quiet"],
                           "name": ["Russian Defence Ministry", "US officials (anonymous)", "Keir Starmer", "Nobody"]})
    mentions = pd.DataFrame({"actor_id": ["mod", "mod", "mod", "us-off", "us-off", "us-off", "starmer", "starmer"],
                             "text": ["Russian Defense Ministry", "Defense Ministry", "Defense Ministry's",
                                      "U.S. officials", "U.S. officials", "officials", "Starmer",
                                      "Prime Minister Keir Starmer"]})
    names = actor_display_names(actors, mentions)
    assert names == {"mod": "Russian Defense Ministry", "us-off": "U.S. officials", "starmer": "Keir Starmer",
                     "quiet": "Nobody"}
    wm = pd.DataFrame({"system": ["HIMARS", "HIMARS", "Storm Shadow"], "named": [True, True, True],
                       "text": ["Himars", "Himars launchers", "storm Shadow missiles"]})
    assert system_display_names(wm) == {"HIMARS": "HIMARS", "Storm Shadow": "Storm Shadow"}


@pytest.mark.parametrize("length", ["short", "full"])
def test_catalogue_facts_only_where_an_article_states_them(seed_tables, taurus_tables, length):
    weapons_title = "Weapons at stake" if length == "short" else "Weapons in play"
    taurus = section(make_briefing(taurus_tables, length=length), weapons_title)
    assert "more than 500 kilometres" in taurus  # Taurus's range, as the articles give it
    assert "Raytheon" not in taurus  # Patriot's maker is in the catalogue, not in these articles
    seeds = section(make_briefing(seed_tables, length=length), weapons_title)
    assert "made by MBDA" in seeds and "Lockheed" not in seeds  # no seed names ATACMS's maker


# ------------------------------------------------------------------------------------ positions
def _stance_rows(rows: list[dict]) -> dict[str, pd.DataFrame]:
    """``stances`` (rows of an article) and ``stances_overall`` (rows with ``"article_id": None``)."""
    return {"stances": frame("stances", [r for r in rows if r["article_id"] is not None]),
            "stances_overall": frame("stances_overall", [{k: v for k, v in r.items() if k != "article_id"}
                                                         for r in rows if r["article_id"] is None])}


def _stance_tables(tables: dict, rows: list[dict], actors: list[dict], signals: list[dict]) -> dict:
    t = dict(tables, **_stance_rows(rows))
    t["actors"] = pd.concat([tables["actors"], pd.DataFrame(actors)], ignore_index=True)
    t["stance_signals"] = pd.DataFrame(signals)
    return t


def _find(tables, article_id: str, needle: str) -> tuple[int, int]:
    text = tables["articles"].set_index("article_id").at[article_id, "text"]
    start = text.index(needle)
    return start, start + len(needle)


@pytest.mark.parametrize("length", ["short", "full"])
@pytest.mark.parametrize("corpus", CORPORA)
def test_stance_sections_hold_only_actors_that_can_hold_a_position(corpus, length, request):
    from components.tables.names import actor_display_names

    tables = request.getfixturevalue(corpus)
    lines = stance_lines(make_briefing(tables, length=length))
    assert lines
    s = tables["stances_overall"]
    confidence = dict(zip(s["actor_id"], s["confidence"]))
    types = dict(zip(tables["actors"]["actor_id"], tables["actors"]["type"]))
    by_name = {}
    for aid, name in actor_display_names(tables["actors"], tables["actor_mentions"]).items():
        by_name.setdefault(name, []).append(aid)
    for line in lines:
        name = re.match(r"^- \*\*(.+?)\*\*", line).group(1).replace("\\", "")
        assert any(types[a] in POSITION_TYPES and confidence.get(a, 0) >= STANCE_THRESHOLD
                   for a in by_name[name]), line


def test_weapons_events_and_weak_positions_stay_out_of_stance_sections(seed_tables):
    """A weapon typed as an organisation, an event, and a position below the threshold are not
    positions; a real actor's strong position is shown, with a sentence that holds it."""
    t = seed_tables
    aid0 = t["articles"]["article_id"].iloc[0]
    s, e = _find(t, aid0, "Putin has warned the U.S. and its allies")
    rows, actors, signals = [], [], []
    for actor_id, name, typ, label, conf in [("himars", "Himars", "organization", "oppose", 0.99),
                                             ("drills", "Drills", "event", "oppose", 0.99),
                                             ("nord", "Nord Stream", "other", "mixed", 0.99),
                                             ("angela-merkel", "Angela Merkel", "person", "mixed", STANCE_THRESHOLD / 2),
                                             ("vladimir-putin", "Vladimir Putin", "person", "oppose", 0.95)]:
        rows += [{"article_id": None, "actor_id": actor_id, "actor": name, "stance": label, "score": -0.9,
                  "confidence": conf, "n_signals": 3, "evidence": [], "evidence_offsets": []},
                 {"article_id": aid0, "actor_id": actor_id, "actor": name, "stance": label, "score": -0.9,
                  "confidence": conf, "n_signals": 3, "evidence": [], "evidence_offsets": [(s, e + 40)]}]
        if actor_id != "vladimir-putin":
            actors.append({"actor_id": actor_id, "name": name, "type": typ, "aliases": [name]})
        signals.append({"article_id": aid0, "actor_id": actor_id, "sent_index": 2, "start": s, "end": e + 40,
                        "label": label, "weight": -0.9, "cue": "warned", "sentence": ""})
    tab = _stance_tables(t, rows, actors, signals)
    for length in ("short", "full"):
        md = make_briefing(tab, length=length)
        for name in ("Himars", "Drills", "Nord Stream", "Angela Merkel"):
            assert name not in body_of(md), (length, name)
        assert any("**Vladimir Putin**" in line and "Putin has warned" in line for line in stance_lines(md))
        assert "Only Vladimir Putin takes a clear position here: against." in section(md, "Bottom line")


def test_who_moved_between_dated_articles(seed_tables):
    t = dict(seed_tables)
    arts = t["articles"].copy()
    ids = list(arts["article_id"])
    arts["date"] = ["2024-09-10", "2024-09-11", "2024-09-12", "2024-09-13", "2024-09-14"][: len(ids)]
    t["articles"] = arts
    first, last = ids[0], ids[-1]
    s0, e0 = _find(t, first, "Biden")
    s1, e1 = _find(t, last, "Biden")
    row = {"actor_id": "joe-biden", "actor": "Joe Biden", "score": 0.0, "n_signals": 2, "evidence": []}
    t.update(_stance_rows([
        {**row, "article_id": first, "stance": "cautious", "confidence": 0.9, "evidence_offsets": [(s0, e0)]},
        {**row, "article_id": last, "stance": "support", "confidence": 0.9, "evidence_offsets": [(s1, e1)]},
        {**row, "article_id": None, "stance": "mixed", "confidence": 0.8, "evidence_offsets": []}]))
    t["stance_signals"] = pd.DataFrame(columns=["article_id", "actor_id", "sent_index", "start", "end", "label",
                                                "weight", "cue", "sentence"])
    b = make_briefing_with_citations(t)
    bottom = section(b.markdown, "Bottom line")
    n = source_numbers(arts)
    assert f"Joe Biden moved from cautious (2024-09-10) [{n[first]}] to in favour (2024-09-14) [{n[last]}]." in bottom
    assert "Latest (2024-09-14):" in bottom
    assert section(b.markdown, "What changed over time").count("\n- ") >= 2


def _moves_bottom_line(seed_tables, labels: list[str], actor_id: str = "joe-biden", past: tuple[bool, ...] = ()):
    """The bottom line when ``actor_id`` holds ``labels`` in the seed articles, dated a day apart, with
    ``past`` marking the signals of each article as an earlier position."""
    t = dict(seed_tables)
    arts = t["articles"].copy()
    ids = list(arts["article_id"])[: len(labels)]
    arts["date"] = [f"2024-09-1{k}" for k in range(len(arts))]
    t["articles"] = arts
    row = {"actor_id": actor_id, "actor": "Joe Biden", "score": 0.0, "n_signals": 1, "evidence": []}
    rows, signals = [], []
    for k, (a, lab) in enumerate(zip(ids, labels)):
        s0, e0 = _find(t, a, "Biden")
        rows.append({**row, "article_id": a, "stance": lab, "confidence": 0.9, "evidence_offsets": [(s0, e0)]})
        signals.append({"article_id": a, "actor_id": actor_id, "sent_index": 0, "start": s0, "end": e0, "label": lab,
                        "weight": 1.0, "cue": "said", "sentence": "Biden", "past": past[k] if past else False})
    rows.append({**row, "article_id": None, "stance": "mixed", "confidence": 0.8, "evidence_offsets": []})
    t.update(_stance_rows(rows))
    t["stance_signals"] = pd.DataFrame(signals)
    return section(make_briefing(t), "Bottom line")


@pytest.mark.parametrize("labels, past, moved", [
    (["cautious", "support"], (), True),
    # one article's outlier at the end of four is no move
    (["support", "support", "support", "cautious"], (), False),
    (["cautious", "cautious", "support", "support"], (), True),
    # a position marked as an earlier one ("despite initial objections") is not dated by its article
    (["support", "oppose"], (False, True), False),
])
def test_a_move_needs_each_end_to_stand(seed_tables, labels, past, moved):
    assert ("Joe Biden moved from" in _moves_bottom_line(seed_tables, labels, past=past)) == moved


def test_anonymous_sources_do_not_move(seed_tables):
    """"US officials" quoted in 2022 and in 2024 are other people: no one moved."""
    bottom = _moves_bottom_line(seed_tables, ["cautious", "support"], actor_id="us-officials-anonymous")
    assert "moved from" not in bottom, bottom


# ---------------------------------------------------------------------------------- language
def test_templates_agree_in_number():
    from components.report.wording import Wording

    w = Wording.of(KNOWLEDGE)
    assert w.say("coverage_outlets", k=1, names="X") == "from 1 outlet (X)"
    assert w.say("coverage_outlets", k=2, names="X, Y") == "from 2 outlets (X, Y)"
    assert w.say("balance_group", n=1, label="cautious") == "1 is cautious"
    assert w.say("further", r=1) == "*1 further article in this selection is not cited.*"


def test_wording_is_checked_when_loaded():
    from components.report.wording import Wording, WordingError

    cfg = KNOWLEDGE.briefing.as_dict()
    cfg["templates"] = {k: v for k, v in cfg["templates"].items() if k != "at_issue"}
    with pytest.raises(WordingError, match="lacks 'at_issue'"):
        Wording(cfg)
    cfg["templates"] = dict(KNOWLEDGE.briefing.as_dict()["templates"], at_issue="At issue: {sentence}")
    with pytest.raises(WordingError, match="'at_issue' uses sentence"):
        Wording(cfg)


@pytest.mark.parametrize("length", ["short", "full"])
@pytest.mark.parametrize("corpus", CORPORA)
def test_no_singular_plural_slips_and_no_empty_headings(corpus, length, request):
    tables = request.getfixturevalue(corpus)
    ids = list(tables["articles"]["article_id"])
    for sub, filters in [(tables, {}), (filter_tables(tables, actor="Vladimir Putin"), {"actor": ["Vladimir Putin"]}),
                         ({k: v[v["article_id"] == ids[0]] if "article_id" in v.columns and k != "stances" else v
                           for k, v in tables.items()}, {})]:
        md = make_briefing(sub, filters=filters, length=length)
        generated = re.sub(r"\*[^*]*\*", "", md)
        assert not re.search(r"\b1 (?:actors|articles|mentions|outlets|are|support)\b|\bOf the 1\b", generated), md
        lines = md.splitlines()
        for k, line in enumerate(lines):  # every heading has text before the next heading of its level
            level = len(line) - len(line.lstrip("#"))
            if not level:
                continue
            rest = []
            for nxt in lines[k + 1:]:
                if nxt.startswith("#") and len(nxt) - len(nxt.lstrip("#")) <= level:
                    break
                rest.append(nxt)
            assert any(x.strip() and not x.startswith("#") for x in rest), (line, md)


def test_dates_come_only_from_the_articles_metadata(taurus_tables):
    md = make_briefing(taurus_tables)
    generated = re.sub(r"\*[^*]*\*", "", md)
    dates = set(re.findall(r"\d{4}-\d{2}-\d{2}", generated))
    assert dates and dates <= set(taurus_tables["articles"]["date"])
    arts = taurus_tables["articles"].assign(date=None)
    md = make_briefing(dict(taurus_tables, articles=arts))
    assert "no publication dates known" in md and not re.search(r"\d{4}-\d{2}-\d{2}", re.sub(r"\*[^*]*\*", "", md))
    assert "What changed over time" not in md


def test_what_changed_over_time_on_a_dated_corpus(dev_tables):
    b = make_briefing_with_citations(dev_tables)
    timeline = section(b.markdown, "What changed over time")
    periods = re.findall(r"^- \*\*(\d{4}-\d{2}-\d{2})(?: to (\d{4}-\d{2}-\d{2}))?\*\*.*\[(\d+)\]$", timeline, re.M)
    assert len(periods) >= 2
    dates = dict(zip(dev_tables["articles"]["article_id"], dev_tables["articles"]["date"]))
    by_number = {n: a for a, n in source_numbers(dev_tables["articles"]).items()}
    for first, last, n in periods:  # each period quotes an article of that period
        assert first <= dates[by_number[int(n)]] <= (last or first)


# -------------------------------------------------------------------------------------- filters
def test_weapon_filtered_briefing_is_about_the_weapon(seed_tables):
    full = make_briefing(seed_tables)
    sub = filter_tables(seed_tables, weapon="Storm Shadow")
    b = make_briefing_with_citations(sub, filters={"weapon": ["Storm Shadow"]})
    md = b.markdown
    assert md != full
    assert md.startswith("# Briefing: Storm Shadow")
    assert "**Filters:** weapon = Storm Shadow" in md
    assert bullets(section(md, "Weapons at stake"))[0].startswith("- **Storm Shadow**")
    assert "storm shadow" in section(md, "Bottom line").lower()
    assert cited_articles(b) <= set(sub["articles"]["article_id"])


@pytest.mark.parametrize("length", ["short", "full"])
def test_actor_filtered_briefing_is_about_the_actor(seed_tables, length):
    sub = filter_tables(seed_tables, actor="Vladimir Putin")
    md = make_briefing(sub, filters={"actor": ["Vladimir Putin"]}, length=length)
    assert md.startswith("# Briefing: Vladimir Putin")
    assert "Putin" in section(md, "Bottom line")
    assert stance_lines(md)[0].startswith("- **Vladimir Putin**")


def test_source_numbers_are_stable_for_a_corpus(seed_tables):
    numbers = source_numbers(seed_tables["articles"])
    short = make_briefing_with_citations(seed_tables)
    full = make_briefing_with_citations(seed_tables, length="full")
    sub = filter_tables(seed_tables, weapon="SCALP")
    part = make_briefing_with_citations(sub, filters={"weapon": "SCALP"}, numbers=numbers)
    for b in (short, full, part):
        assert all(c["n"] == numbers[c["article_id"]] for c in b.citations)
    assert {s["n"] for s in part.sources} == {numbers[a] for a in sub["articles"]["article_id"]}


def test_briefing_on_one_article_stays_in_it(seed_tables):
    sub = filter_tables(seed_tables, weapon="SCALP")
    assert sub["articles"]["article_id"].nunique() == 1
    b = make_briefing_with_citations(sub, filters={"weapon": "SCALP"}, length="full")
    assert len(cited_articles(b)) == 1
    assert "nothing to compare" in b.markdown
    assert 150 <= count_words(b.markdown) <= 1500


# ------------------------------------------------------------------------------ stability, size
@pytest.mark.parametrize("length", ["short", "full"])
def test_stable_across_runs_and_row_order(seed_tables, length):
    once = make_briefing(seed_tables, length=length)
    assert make_briefing(seed_tables, length=length) == once
    shuffled = {k: v.sample(frac=1, random_state=3) for k, v in seed_tables.items()}
    assert make_briefing(shuffled, length=length) == once


@pytest.mark.parametrize("corpus", CORPORA)
def test_full_word_count_within_bounds(corpus, request):
    n = count_words(make_briefing(request.getfixturevalue(corpus), length="full"))
    assert 150 <= n <= 1500


def _copies(tables, k: int) -> dict:
    big = {}
    for name, df in tables.items():
        if "article_id" in df.columns and name != "stances":
            big[name] = pd.concat([df.assign(article_id=df["article_id"] + f"-{j}") for j in range(k)],
                                  ignore_index=True)
        else:
            big[name] = df
    return big


def test_word_count_capped_on_a_large_selection(seed_tables):
    """Forty copies of the seeds (distinct ids): at most 600 words short, 1,500 full, written once."""
    from components.report import render

    big = _copies(seed_tables, 40)
    writes = []
    original = render.Writer.write
    try:
        render.Writer.write = lambda self, *a: writes.append(1) or original(self, *a)
        short = make_briefing(big)
        full = make_briefing(big, length="full")
    finally:
        render.Writer.write = original
    assert writes == [1, 1]
    assert count_words(short) <= 600 and 150 <= count_words(full) <= 1500
    assert "further articles in this selection are not cited" in full


# ------------------------------------------------------------------------ missing or odd tables
def test_missing_quotes_and_stances_are_said_not_hidden(seed_tables):
    md = make_briefing(dict(seed_tables, quotes=seed_tables["quotes"].iloc[0:0],
                            stances=seed_tables["stances"].iloc[0:0],
                            stances_overall=seed_tables["stances_overall"].iloc[0:0]), length="full")
    assert "quotes table is empty" in section(md, "Most-cited quotes")
    assert "No position in this selection is clear enough" in section(md, "Where the actors stand")
    short = make_briefing(dict(seed_tables, stances=seed_tables["stances"].iloc[0:0],
                               stances_overall=seed_tables["stances_overall"].iloc[0:0]))
    assert "Where the main actors stand" not in short and "No position is clear enough" in short


def test_empty_selection_and_missing_tables_do_not_crash(seed_tables):
    empty = {k: v.iloc[0:0] for k, v in seed_tables.items()}
    assert "No article matches" in make_briefing(empty, filters={"q": "nothing"})
    for length in ("short", "full"):
        assert make_briefing({"articles": seed_tables["articles"]}, length=length).startswith("# Debate briefing")
    with pytest.raises(ValueError, match="short, full"):
        make_briefing(seed_tables, length="long")


def test_quotes_and_stances_sections_use_those_tables(seed_tables):
    """With quotes and stances present (as the quote and stance stages produce them), actors are
    grouped by stance with evidence, and a quote carried by several outlets ranks first."""
    t = dict(seed_tables)
    quote = "the very essence"
    rows = []
    for aid, text in zip(t["articles"]["article_id"], t["articles"]["text"]):
        if quote in text:
            s, e = _find(t, aid, quote)
            rows.append({"article_id": aid, "start": s, "end": e, "text": quote + " of the conflict",
                         "kind": "partial", "speaker": "Vladimir Putin", "speaker_id": "vladimir-putin"})
    aid0 = t["articles"]["article_id"].iloc[0]
    s, e = _find(t, aid0, "I don’t think much about Vladimir Putin.")
    rows.append({"article_id": aid0, "start": s, "end": e, "text": "I don’t think much about Vladimir Putin.",
                 "kind": "direct", "speaker": "Joe Biden", "speaker_id": "joe-biden"})
    t["quotes"] = pd.DataFrame(rows)
    ev = "Putin has warned the U.S. and its allies"
    s, e = _find(t, aid0, ev)
    t.update(_stance_rows([
        {"article_id": None, "actor_id": "vladimir-putin", "actor": "Vladimir Putin", "stance": "oppose",
         "score": -0.9, "confidence": 0.9, "n_signals": 3, "evidence": [], "evidence_offsets": []},
        {"article_id": None, "actor_id": "joe-biden", "actor": "Joe Biden", "stance": "cautious",
         "score": -0.2, "confidence": 0.6, "n_signals": 2, "evidence": [], "evidence_offsets": []},
    ]))
    t["stance_signals"] = pd.DataFrame([
        {"article_id": aid0, "actor_id": "vladimir-putin", "sent_index": 2, "start": s, "end": e + 40,
         "label": "oppose", "weight": -0.9, "cue": "warned", "sentence": ""},
        {"article_id": aid0, "actor_id": "joe-biden", "sent_index": 3, "start": s, "end": e + 40,
         "label": "cautious", "weight": -0.5, "cue": "warned", "sentence": ""}])
    md = make_briefing(t, length="full")
    quotes = bullets(section(md, "Most-cited quotes"))
    assert len(rows) >= 3 and quote in quotes[0] and "Vladimir Putin" in quotes[0]
    assert f"in {len(rows) - 1} articles" in quotes[0]
    actors = section(md, "Where the actors stand")
    assert actors.index("### Oppose") < actors.index("**Vladimir Putin**") < actors.index("### Cautious")
    assert "Putin has warned" in actors
    assert "1 is against (Vladimir Putin)" in section(md, "Bottom line")


# ------------------------------------------------------------------------------------- formats
class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a":
            self.hrefs.append(a.get("href", ""))


@pytest.mark.parametrize("length", ["short", "full"])
def test_html_citation_links_resolve(seed_tables, length):
    b = make_briefing_with_citations(seed_tables, length=length)
    page = briefing_html(b.markdown)
    links = _Links()
    links.feed(page)
    targets = {h[1:] for h in links.hrefs if h.startswith("#")}
    assert targets and targets <= links.ids  # every citation link lands on a source
    assert {f"src-{s['n']}" for s in b.sources} <= links.ids
    assert all(h.startswith("#src-") for h in links.hrefs)  # self-contained: no external fetch
    assert "<script" not in page and "<link" not in page
    assert page.count("<ul") == page.count("</ul>") and page.count("<li") == page.count("</li>")


def test_html_escapes_article_markup(nlp):
    from components.run.analyze import analyze

    text = ("Germany will not send Taurus missiles to Ukraine, Chancellor Olaf Scholz said on Monday. "
            "Officials said the note <script>alert('x')</script> was found in the Taurus files on Monday. "
            "The opposition said it would bring a motion on the Taurus to the Bundestag next week.")
    art = Article(id="inject", text=text, title="<script>alert(1)</script> [click](javascript:alert(1))",
                  outlet="<b>Wire</b>", date="2024-03-11")
    md = make_briefing(analyze([art], nlp).tables, length="full")
    page = briefing_html(md, title="<Taurus>")
    assert "<script" not in page and "<b>" not in page and "javascript:alert(1))\">" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;" in page and "&lt;Taurus&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and '<a class="cite" href="#src-1">1</a>' in page


@pytest.mark.parametrize("length", ["short", "full"])
def test_docx_opens_with_its_citations_linked_to_the_sources(seed_tables, length):
    import docx
    from docx.oxml.ns import qn

    from components.report.formats import briefing_docx

    b = make_briefing_with_citations(seed_tables, length=length)
    doc = docx.Document(io.BytesIO(briefing_docx(b.markdown)))
    bookmarks = {e.get(qn("w:name")) for e in doc.element.body.iter(qn("w:bookmarkStart"))}
    assert bookmarks == {f"src_{s['n']}" for s in b.sources}
    anchors = [h.fragment for p in doc.paragraphs for h in p.hyperlinks]
    assert anchors and set(anchors) <= bookmarks
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].style.name == "Title" and "Bottom line" in text
    for line in bullets(b.markdown):  # every bullet is there, with its citations
        plain = re.sub(r"\\(.)", r"\1", line.lstrip(" -")).replace("*", "")
        assert plain[-60:] in text


def test_command_line_writes_the_briefing_in_each_format(tmp_path):
    import json

    import docx

    from components.cli import main

    assert main(["analyze", str(TAURUS), "--briefing", str(tmp_path / "b.md"), "--json", str(tmp_path / "x.json")]) == 0
    md = (tmp_path / "b.md").read_text("utf-8")
    assert md.startswith("# Debate briefing: Taurus") and "## Sources" in md and count_words(md) <= 600
    assert json.loads((tmp_path / "x.json").read_text("utf-8"))["briefing"] == md
    assert main(["analyze", str(TAURUS), "--briefing", str(tmp_path / "b.html"), "--briefing-length", "full",
                 "--json", str(tmp_path / "y.json")]) == 0
    page = (tmp_path / "b.html").read_text("utf-8")
    full = json.loads((tmp_path / "y.json").read_text("utf-8"))["briefing"]
    assert page.startswith("<!DOCTYPE html>") and "Agreement and contention across outlets" in full
    assert main(["analyze", str(TAURUS), "--briefing", str(tmp_path / "b.docx")]) == 0
    assert "Bottom line" in "\n".join(p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs)


def test_command_line_makes_the_briefing_once(tmp_path, monkeypatch):
    from components.cli import main
    calls = []
    original = _briefing.make_briefing
    monkeypatch.setattr(_briefing, "make_briefing", lambda *a, **k: calls.append(1) or original(*a, **k))
    # without a store (which may hold this briefing already): made once for both outputs
    assert main(["analyze", str(TAURUS), "--no-store", "--briefing", str(tmp_path / "b.md"),
                 "--json", str(tmp_path / "x.json")]) == 0
    assert calls == [1]


# ---------------------------------------------------------------- the same output, without pairs
@pytest.mark.parametrize("corpus", ["seed_tables", "dev_tables"])
def test_quote_groups_are_those_of_comparing_every_pair(corpus, request):
    """The briefing's quote groups (an index of shared word runs) are the connected groups that
    comparing every pair of its quotes gives."""
    from components.report.corpus import Corpus
    from components.report.sections.quotes import quote_groups
    from components.report.text import quote_text
    from components.tables.quotes import normalize_quote, same_words

    tables = request.getfixturevalue(corpus)
    corpus_ = Corpus(tables, KNOWLEDGE.briefing.as_dict()["sentences"], {})
    groups = quote_groups(tables["quotes"], corpus_)
    q = tables["quotes"][tables["quotes"]["kind"].isin(["direct", "partial"])]
    norm = sorted({normalize_quote(t) for t in (quote_text(x) for x in q["text"]) if len(t.split()) >= 5})
    parent = list(range(len(norm)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i
    for i in range(len(norm)):
        for j in range(i + 1, len(norm)):
            if same_words(norm[i], norm[j], min_words=5):
                parent[find(j)] = find(i)
    expected: dict[int, set[str]] = {}
    for k, n in enumerate(norm):
        expected.setdefault(find(k), set()).add(n)
    assert {frozenset(g["members"]) for g in groups} == {frozenset(g) for g in expected.values()}
    assert max(len(g["articles"]) for g in groups) >= 2  # there are repeated quotes to group


@pytest.mark.parametrize("corpus", ["seed_tables", "dev_tables"])
def test_first_mentions_are_those_of_scanning_the_table(corpus, request):
    from components.report.corpus import Corpus

    tables = request.getfixturevalue(corpus)
    c = Corpus(tables, KNOWLEDGE.briefing.as_dict()["sentences"], {})
    checked = 0
    for table, col in (("actor_mentions", "actor_id"), ("weapon_mentions", "system")):
        m = tables[table]
        for (art, value), _ in list(m.groupby(["article_id", col]))[:80]:
            values = {value, m[col].iloc[0]}
            rows = m[(m["article_id"] == art) & m[col].isin(list(values))].sort_values("start", kind="stable")
            located = [c.locate(art, int(s)) for s in rows["start"]]
            located = [i for i in located if i is not None]
            expected = c.evidence(located[0]) if located else (art, int(rows["start"].iloc[0]), int(rows["end"].iloc[0]))
            got = c.first_mention(art, table, col, values)
            assert (got if located else (got.article_id, got.start, got.end)) == expected
            checked += 1
    assert checked >= 40


def test_lexrank_is_networkx_pagerank(seed_tables):
    nx = pytest.importorskip("networkx")
    import numpy as np

    from components.report.centrality import lexrank, similarity

    texts = [t for t in seed_tables["sentences"]["text"] if len(t.split()) >= 6]
    sim = similarity(texts)
    g = nx.Graph()
    g.add_nodes_from(range(len(texts)))
    ii, jj = np.nonzero(np.triu(sim, k=1) >= 0.1)
    g.add_weighted_edges_from((int(i), int(j), float(sim[i, j])) for i, j in zip(ii, jj))
    ref = nx.pagerank(g, weight="weight", max_iter=200, tol=1e-10)
    assert np.allclose(lexrank(texts, sim=sim), [ref[i] for i in range(len(texts))], atol=1e-9)


def test_similarity_of_repeated_texts_is_the_whole_product(seed_tables):
    """Texts that recur (wire copies, re-used paragraphs) are vectorised once and their rows copied:
    the array is the cosine product of every text's own TF-IDF row, bit for bit, whatever the
    repeats and their order; without repeats it is that product itself."""
    import numpy as np

    from components.report.centrality import similarity, tfidf_matrix

    texts = [t for t in seed_tables["sentences"]["text"] if len(t.split()) >= 6][:300]
    rng = np.random.default_rng(3)
    for sample in (texts, [texts[i] for i in rng.integers(0, len(texts), 900)], texts[:5] * 40 + ["", "the a"] * 3):
        m = tfidf_matrix(sample)
        whole = (m @ m.T).toarray()
        got = similarity(sample)
        assert got.shape == whole.shape and got.tobytes() == whole.tobytes()


def test_near_duplicate_versions_count_once(taurus_tables):
    arts = taurus_tables["articles"].copy()
    arts["outlet"] = None
    plain = make_briefing(dict(taurus_tables, articles=arts), length="full")
    assert "near-duplicate" not in plain
    arts.loc[arts["article_id"] == "taurus_02", "duplicate_of"] = "taurus_01"
    b = make_briefing_with_citations(dict(taurus_tables, articles=arts), length="full")
    assert "1 is a near-duplicate version of another article" in b.markdown
    number = {c["n"]: c["article_id"] for c in b.citations}
    shared = [line for line in bullets(b.markdown) if "similar terms" in line]
    for line in shared:  # two versions of one story are not two voices agreeing
        ids = {number[int(n)] for n in CITE.findall(line)[-1].split(", ")}
        assert ids != {"taurus_01", "taurus_02"}, line


def test_different_figures_across_outlets_are_flagged(taurus_tables):
    """When one outlet gives another range for the same missile, the full briefing says so, citing both."""
    assert "Figures differ" not in make_briefing(taurus_tables, length="full")  # 500 km and 310 miles agree
    arts = taurus_tables["articles"].copy()
    i = arts.index[arts["article_id"] == "taurus_03"][0]
    assert "more than 500 km away" in arts.at[i, "text"]
    arts.at[i, "text"] = arts.at[i, "text"].replace("more than 500 km away", "more than 800 km away")
    md = make_briefing(dict(taurus_tables, articles=arts), length="full")
    line = next(x for x in bullets(md) if "Figures differ" in x)
    assert "Taurus (range)" in line and "800 km" in line and len(CITE.findall(line)) >= 2


def test_search_text_filter_focuses_the_bottom_line(taurus_tables):
    md = make_briefing(taurus_tables, filters={"q": "Bundestag"})
    assert "**Filters:** text = Bundestag" in md
    assert "Bundestag" in section(md, "Bottom line")


def test_dashboard_filter_state_is_shown_readably(taurus_tables):
    state = {"actor": ["Olaf Scholz"], "weapon": [], "outlet": [], "stance": ["cautious"], "q": "",
             "date_from": "2024-03-01", "date_to": None}
    md = make_briefing(taurus_tables, filters=state)
    # named as the one filter specification names them, the scope of the actor filter included
    assert ("**Filters:** actor = Olaf Scholz; stance = cautious; date from = 2024-03-01; "
            "scope = sentences about it.") in md
    assert md.startswith("# Briefing: Olaf Scholz")
    md = make_briefing(taurus_tables, filters={**state, "scope": "article"})
    assert "scope = whole articles that mention it." in md


def test_source_numbers_can_be_fixed_for_a_corpus(taurus_tables):
    """The dashboard numbers sources by their place in the whole corpus, so that [n] names the same
    article under every filter; every bracketed group maps to its citations by ``group``."""
    ids = list(taurus_tables["articles"]["article_id"])
    numbers = {a: 10 + i for i, a in enumerate(ids)}
    out = make_briefing_with_citations(taurus_tables, numbers=numbers)
    assert out.citations and all(c["n"] == numbers[c["article_id"]] for c in out.citations)
    groups = CITE.findall(out.markdown.split("## Sources")[0])  # the sources list numbers, not cites
    by_group = {}
    for c in out.citations:
        by_group.setdefault(c["group"], set()).add(c["n"])
    assert len(by_group) == len(groups)
    for k, nums in by_group.items():
        assert {int(n) for n in groups[k - 1].split(", ")} == nums


def test_a_users_briefing_wording_extends_the_bundled_one(tmp_path, seed_tables):
    """A data folder's briefing.toml changes the sentences it names and keeps the others; a template
    that uses a field its sentence lacks stops the command line before any article is analysed."""
    from components.cli import main
    from components.knowledge import read_knowledge

    (tmp_path / "briefing.toml").write_text('[templates]\nat_issue = "The question of the day: {quote}"\n', "utf-8")
    md = _briefing.make_briefing(seed_tables, knowledge=read_knowledge(tmp_path))
    assert "The question of the day: *" in md and "## Bottom line" in md
    (tmp_path / "briefing.toml").write_text('[templates]\nat_issue = "At issue: {sentence}"\n', "utf-8")
    assert main(["analyze", str(TAURUS), "--data-dir", str(tmp_path), "--no-store",
                 "--json", str(tmp_path / "x.json")]) == 2
    assert not (tmp_path / "x.json").exists()


# ---------------------------------------------------------------- the bottom line alone
@pytest.mark.parametrize("corpus", ["seed_tables", "dev_tables"])
def test_the_bottom_line_alone_is_the_briefings_own(corpus, request):
    """``make_bottom_line`` (what the dashboard's landing shows) writes the head and the first
    statements of the briefing's bottom line exactly as the whole briefing does — words, citations
    and citation groups — unfiltered and under the dashboard's filters (article and sentence scope,
    a search text, a stance), short and full; the landing's three lines are the same from either."""
    from components.tables.filtering import filter_tables as dashboard_filter
    from components.tables.filters import empty_state
    from dashboard.brief import bottom_line, briefing_tables

    tables = request.getfixturevalue(corpus)
    numbers = source_numbers(tables["articles"])
    actor = tables["actors"].sort_values("actor_id")["name"].iloc[0]
    states = [{}, {"actor": ["Vladimir Putin"]}, {"actor": ["Ukraine"], "scope": "sentence"}, {"weapon": ["ATACMS"]},
              {"q": "missile"}, {"stance": ["oppose"]}, {"actor": [actor]}, {"outlet": ["No Such Outlet"]}]
    compared = 0
    for state in states:
        sub = briefing_tables(dashboard_filter(tables, {**empty_state(), **state}), tables)
        for length in ("short", "full"):
            whole = _briefing.make_briefing_with_citations(sub, knowledge=KNOWLEDGE, filters=state, length=length,
                                                           numbers=numbers)
            alone = _briefing.make_bottom_line(sub, knowledge=KNOWLEDGE, filters=state, length=length, numbers=numbers)
            head, _, rest = alone.markdown.partition("## Bottom line")
            assert whole.markdown.startswith(head + "## Bottom line")
            own = section(alone.markdown, "Bottom line").strip()
            assert section(whole.markdown, "Bottom line").strip().startswith(own)
            n_groups = max((c["group"] for c in alone.citations), default=0)
            assert alone.citations == [c for c in whole.citations if c["group"] <= n_groups]
            assert bottom_line(alone.markdown, alone.citations, 3) == bottom_line(whole.markdown, whole.citations, 3)
            compared += bool(alone.citations)
    assert compared >= 10  # not a comparison of empty selections


def test_preparing_a_corpus_changes_no_briefing_and_reads_its_sentences_once(seed_tables):
    """``prepare_briefings`` reads every sentence as a briefing will (so the briefing of any selection
    finds them read already) and changes nothing a briefing says."""
    from components.report.centrality import terms
    from components.report.corpus import _found, quotable_parts

    caches = (quotable_parts, terms, _found)
    for cache in caches:
        cache.cache_clear()
    before = [make_briefing_with_citations(seed_tables, filters=f) for f in ({}, {"actor": ["Vladimir Putin"]})]
    for cache in caches:
        cache.cache_clear()
    assert _briefing.prepare_briefings(seed_tables, knowledge=KNOWLEDGE) == len(seed_tables["sentences"])
    read = [cache.cache_info().misses for cache in caches]
    after = [make_briefing_with_citations(seed_tables, filters=f) for f in ({}, {"actor": ["Vladimir Putin"]})]
    assert after == before
    assert [cache.cache_info().misses for cache in caches] == read  # nothing read or searched again


def test_what_is_at_issue_is_a_decision_about_the_weapons(nlp, tmp_path):
    """The bottom line opens with a decision sentence that names a weapon when one does, even if a
    decision sentence about something else is more central to the selection."""
    from components.run.analyze import analyze

    about_else = ("Officials said Putin had not decided whether to attack. Officials in Kyiv said the decision "
                  "to attack was Putin's alone, and Putin has not decided, officials said.")
    (tmp_path / "a.txt").write_text(about_else + " Germany decided to send Leopard tanks to Ukraine.\n", "utf-8")
    (tmp_path / "b.txt").write_text("Officials said Putin had not decided whether to attack Ukraine.\n", "utf-8")
    articles, _ = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    md = make_briefing(analyze(articles, nlp).tables)
    at_issue = next(line for line in md.splitlines() if "At issue" in line)
    assert "Leopard" in at_issue.split("*")[1], at_issue


def test_the_balance_names_the_most_prominent_named_actor_of_each_side(seed_tables):
    """Biden holds the cautious position in most seed articles; an anonymous source never stands for a
    side when a named actor holds it."""
    balance = next(s for s in sentences(section(make_briefing(seed_tables), "Bottom line")) if "clear position" in s)
    cautious = balance[balance.index("cautious"):].split(";")[0]
    assert "Joe Biden" in cautious, balance
    assert "official" not in balance.lower(), balance


def test_common_ground_is_a_point_of_the_debate_not_page_furniture(nlp, tmp_path):
    from components.run.analyze import analyze

    furniture = "More important information can be found on the main page of our portal."
    point = "Germany said it would send more Leopard tanks to Ukraine next month."
    own = ["Kyiv welcomed the decision, and officials in the capital said the tanks would reach the front "
           "before winter. Farmers in the west of the country reported a good harvest this year.",
           "Moscow condemned the plan. The Russian foreign ministry summoned the German ambassador on Tuesday, "
           "and a spokeswoman said relations had reached a low point."]
    for k, (outlet, extra) in enumerate(zip(["Outlet One", "Outlet Two"], own)):
        (tmp_path / f"a{k}.txt").write_text(f"# outlet: {outlet}\n\n{extra}\n{point}\n{furniture}\n", "utf-8")
    articles, _ = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    common = section(make_briefing(analyze(articles, nlp).tables, length="full"), "Agreement and contention across outlets")
    assert "Leopard" in common and "main page" not in common, common


def test_each_period_quotes_a_sentence_about_the_weapons(dev_tables):
    """A position taken on the weapons, else a sentence naming one (not the period's most central
    sentence about anything)."""
    md = make_briefing(dev_tables, length="full")
    squash = lambda t: re.sub(r"\W+", "", t.lower())  # noqa: E731
    weapon_words = {squash(t) for t in dev_tables["weapon_mentions"]["text"]}
    held = [squash(t) for t in dev_tables["stance_signals"]["sentence"]]
    periods = [b for b in bullets(section(md, "What changed over time")) if re.search(r"\(\d+ articles?\)", b)]
    assert len(periods) >= 2
    for line in periods:
        quoted = squash(line.split("*")[1])
        assert any(quoted in h or h in quoted for h in held) or any(w in quoted for w in weapon_words), line


def test_the_balance_names_the_figure_the_coverage_follows_among_equals(nlp, tmp_path):
    """Two actors hold the cautious position in one article each: the balance names the one the
    selection mentions in most articles, not a ministry quoted once with the stronger wording."""
    from components.run.analyze import analyze

    texts = ["The Commerce Ministry is wary of sending ATACMS to Ukraine. The Commerce Ministry also voiced "
             "scepticism about sending ATACMS to Ukraine.",
             "Jake Sullivan is wary of sending ATACMS to Ukraine.",
             "Jake Sullivan met reporters in Washington on Tuesday.",
             "Jake Sullivan flew to Kyiv on Friday."]
    for k, text in enumerate(texts):
        (tmp_path / f"a{k}.txt").write_text(text + "\n", "utf-8")
    articles, _ = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    balance = next(s for s in sentences(section(make_briefing(analyze(articles, nlp).tables), "Bottom line"))
                   if "clear position" in s)
    assert "Jake Sullivan" in balance and "Commerce" not in balance, balance


def test_locating_many_offsets_at_once_is_locate(seed_tables):
    """``Corpus.locate_all`` gives, for each (article place, offset), the candidate sentence
    :meth:`Corpus.locate` gives (-1 for None): offsets at sentence starts and ends, inside, before
    the first candidate and past the last, in every article."""
    import numpy as np

    from components.report.corpus import ART

    c = _briefing.Corpus(seed_tables, {}, {})
    rng = np.random.default_rng(2)
    places, offsets = [], []
    for place, art in enumerate(c.ids):
        n = len(c.text[art])
        starts = [c.c_start[i] for i in c.rows_of.get(art, [])] + [c.c_end[i] for i in c.rows_of.get(art, [])]
        for off in [0, n, n + 5, *starts, *(s - 1 for s in starts), *rng.integers(0, max(n, 1), 30).tolist()]:
            places.append(place)
            offsets.append(max(int(off), 0))
    got = c.locate_all(np.array(places), np.array(offsets))
    want = [c.locate(c.ids[p], o) for p, o in zip(places, offsets)]
    assert got.tolist() == [-1 if w is None else w for w in want]
    assert (got >= 0).sum() > 100 and (got < 0).sum() > 10
    assert ART in c.t["stance_signals"]


def test_fast_paths_match_their_definitions_on_the_dev_corpus(dev_tables):
    """On the seeds and the development articles: the stance tables made every group at once are the
    per-group definition's; the candidates' similarity is the whole TF-IDF product; offsets located
    at once are ``locate``'s; a selection's actors counted by codes, and the search in texts
    lowered once, are the definitions' under several filters."""
    import numpy as np

    from components.report.centrality import similarity, tfidf_matrix
    from components.tables.filtering import CorpusIndex, _actor_counts, _contains, filter_tables, selected_actor_ids
    from components.tables.filters import empty_state
    from components.tables.stances import debate_aggregation, stance_tables

    from .stance_reference import differences

    t = dev_tables
    settings = debate_aggregation(KNOWLEDGE)
    groups = set(t["actors"].loc[t["actors"]["type"] == "group", "actor_id"])
    assert differences(t["stance_signals"], stance_tables(t, settings), groups, settings) == []
    c = _briefing.Corpus(t, {}, {})
    m = tfidf_matrix(c.c_text)
    assert similarity(c.c_text).tobytes() == (m @ m.T).toarray().tobytes()
    places = np.repeat(np.arange(len(c.ids)), 40)
    offsets = np.concatenate([np.linspace(0, len(c.text[a]) + 10, 40).astype(np.int64) for a in c.ids])
    assert c.locate_all(places, offsets).tolist() == [-1 if (i := c.locate(c.ids[p], int(o))) is None else i
                                                      for p, o in zip(places, offsets)]
    index = CorpusIndex(t)
    for kw in ({"q": "missile"}, {"actor": ["Vladimir Putin"]}, {"weapon": ["Storm Shadow"], "scope": "article"},
               {"stance": ["oppose"], "q": "the"}):
        s = {**empty_state(), **kw}
        out = filter_tables(t, s, index)
        want = _actor_counts(t["actors"], out, selected_actor_ids(t, s)).reset_index(drop=True)
        pd.testing.assert_frame_equal(out["actors"], want, check_exact=True)
        if s.get("q"):
            for name in ("articles", "sentences", "quotes"):
                assert np.array_equal(np.asarray(index.contains(name, s["q"]), dtype=bool),
                                      _contains(t[name]["text"], s["q"]).to_numpy(dtype=bool))
