"""The generated briefing, on the seeds and on a small corpus of another debate (Germany's Taurus,
``tests/data/taurus``): citations, names, filters, stability, length, escaping, missing tables."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from components.report.briefing import (briefing_html, count_words, make_briefing, make_briefing_with_citations,
                                 md_escape)
from components.ingest.articles import Article, load_corpus

from .conftest import KNOWLEDGE

TAURUS = Path(__file__).parent / "data" / "taurus"

# Words the templates themselves write (headings, labels, connectives): everything else capitalised
# in a briefing must come from the corpus.
TEMPLATE_WORDS = set("""
debate briefing covers filters bottom line at issue as reported where it stands also central the of people
most in view are cited parties party is named weapon weapons system systems stake actors stand stance labels
no italic sentences numbers brackets support oppose cautious mixed catalogue origin made by range restrictions
supply capability said mentions mention articles article quotes were extracted for this selection quotes table
empty direct long enough to report agreement and contention across outlets outlet common ground all least
reported similar terms by differences only some figures differ differ on what watch pending decision or
forward-looking statement was found sources untitled begins unknown undated id further not one there
nothing compare key passages with a discernible position supports opposes none whole corpus text actor
if any matches current so brief most-cited
""".split())


@pytest.fixture(scope="module")
def seed_tables(seed_analysis):
    return seed_analysis.tables


@pytest.fixture(scope="module")
def taurus_tables(nlp):
    from components.run.analyze import analyze

    articles, skipped = load_corpus([TAURUS], knowledge=KNOWLEDGE)
    assert len(articles) == 3 and not skipped
    return analyze(articles, nlp).tables


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


def bullets(md: str) -> list[str]:
    body = md.split("\n## Sources")[0]
    return [line for line in body.splitlines() if re.match(r"^\s*- ", line)]


CITE = re.compile(r"\[(\d+(?:, \d+)*)\]")


def cited_articles(b) -> set[str]:
    return {c["article_id"] for c in b.citations}


# ------------------------------------------------------------------------------------ citations
@pytest.mark.parametrize("corpus", ["seed_tables", "taurus_tables"])
def test_every_bullet_and_bottom_line_sentence_cites_a_source(corpus, request):
    tables = request.getfixturevalue(corpus)
    b = make_briefing_with_citations(tables, knowledge=KNOWLEDGE)
    bl = bullets(b.markdown)
    assert len(bl) >= 6
    for line in bl:
        assert CITE.search(line), line
    bottom = section(b.markdown, "Bottom line").strip()
    assert len(CITE.findall(bottom)) >= 3


@pytest.mark.parametrize("corpus", ["seed_tables", "taurus_tables"])
def test_citations_resolve_to_articles_and_sentences(corpus, request):
    tables = request.getfixturevalue(corpus)
    b = make_briefing_with_citations(tables, knowledge=KNOWLEDGE)
    texts = dict(zip(tables["articles"]["article_id"], tables["articles"]["text"]))
    number = {}
    for c in b.citations:
        assert number.setdefault(c["n"], c["article_id"]) == c["article_id"]  # one number, one article
        assert 0 <= c["start"] < c["end"] <= len(texts[c["article_id"]])
    shown = {int(n) for m in CITE.findall(b.markdown.split("## Sources")[0]) for n in m.split(", ")}
    assert shown == set(number)
    sources = section(b.markdown, "Sources")
    for n, aid in number.items():
        assert re.search(rf"^{n}\. .*\(id {re.escape(md_escape(aid))}\)$", sources, re.M)
    # a quoted (italic) sentence is the text its citation points at
    for line in bullets(b.markdown):
        m = re.match(r"^- \*([^*“]+)\* \[(\d+)\]$", line)
        if m:
            aid = number[int(m.group(2))]
            assert m.group(1).replace("\\", "")[:40] in re.sub(r"\s+", " ", texts[aid])


# ---------------------------------------------------------------------------------------- names
@pytest.mark.parametrize("corpus", ["seed_tables", "taurus_tables"])
def test_every_capitalised_name_occurs_in_the_corpus(corpus, request):
    tables = request.getfixturevalue(corpus)
    md = make_briefing(tables, knowledge=KNOWLEDGE)
    arts = tables["articles"]
    corpus_text = " ".join(list(arts["text"]) + list(arts["title"].dropna()) + list(arts["outlet"].dropna())).lower()
    words = set(re.findall(r"[\w’'\-]+", corpus_text))
    # canonical actor names come from the catalogue ("United Kingdom" for "Britain"), not from invention
    words |= set(re.findall(r"[\w’'\-]+", " ".join(tables["actors"]["name"]).lower()))
    body = re.sub(r"\(id [^)]*\)", "", md.replace("\\", ""))
    missing = set()
    for w in re.findall(r"(?<![\w’'\-])[A-Z][\w’'\-]*", body):
        low = w.lower()
        if low in TEMPLATE_WORDS or low in words or low.rstrip("’'s") in words \
                or re.search(rf"(?<![^\W_]){re.escape(low)}(?![^\W_])", corpus_text):  # part of "Strack-Zimmermann"
            continue
        missing.add(w)
    assert not missing


def test_catalogue_facts_are_shown_only_where_the_articles_attest_them(seed_tables, taurus_tables):
    weapons = section(make_briefing(taurus_tables, knowledge=KNOWLEDGE), "Weapons in play")
    assert "more than 500 km" in weapons  # Taurus's range, as the articles give it
    assert "Raytheon" not in weapons  # Patriot's maker is in the catalogue, not in these articles
    seeds = section(make_briefing(seed_tables, knowledge=KNOWLEDGE), "Weapons in play")
    assert "made by MBDA" in seeds and "Lockheed" not in seeds


# -------------------------------------------------------------------------------------- filters
def test_weapon_filtered_briefing_is_about_the_weapon(seed_tables):
    full = make_briefing(seed_tables, knowledge=KNOWLEDGE)
    sub = filter_tables(seed_tables, weapon="Storm Shadow")
    b = make_briefing_with_citations(sub, filters={"weapon": ["Storm Shadow"]}, knowledge=KNOWLEDGE)
    md = b.markdown
    assert md != full
    assert md.startswith("# Briefing: Storm Shadow")
    assert "**Filters:** weapon = Storm Shadow" in md
    assert bullets(section(md, "Weapons in play"))[0].startswith("- **Storm Shadow**")
    assert "storm shadow" in section(md, "Bottom line").split("[")[0].lower()
    assert cited_articles(b) <= set(sub["articles"]["article_id"])


def test_actor_filtered_briefing_is_about_the_actor(seed_tables):
    sub = filter_tables(seed_tables, actor="Vladimir Putin")
    md = make_briefing(sub, filters={"actor": ["Vladimir Putin"]}, knowledge=KNOWLEDGE)
    assert md.startswith("# Briefing: Vladimir Putin")
    assert "Putin" in section(md, "Bottom line").split("[")[0]
    assert bullets(section(md, "Where the actors stand"))[0].startswith("- **Vladimir Putin**")


def test_briefing_on_one_article_stays_in_it(seed_tables):
    sub = filter_tables(seed_tables, weapon="SCALP")
    assert sub["articles"]["article_id"].nunique() == 1
    b = make_briefing_with_citations(sub, filters={"weapon": "SCALP"}, knowledge=KNOWLEDGE)
    assert len(cited_articles(b)) == 1
    assert "nothing to compare" in b.markdown
    assert 150 <= count_words(b.markdown) <= 1500


# ------------------------------------------------------------------------------ stability, size
def test_stable_across_runs_and_row_order(seed_tables):
    once = make_briefing(seed_tables, knowledge=KNOWLEDGE)
    assert make_briefing(seed_tables, knowledge=KNOWLEDGE) == once
    shuffled = {k: v.sample(frac=1, random_state=3) for k, v in seed_tables.items()}
    assert make_briefing(shuffled, knowledge=KNOWLEDGE) == once


@pytest.mark.parametrize("corpus", ["seed_tables", "taurus_tables"])
def test_word_count_within_bounds(corpus, request):
    n = count_words(make_briefing(request.getfixturevalue(corpus), knowledge=KNOWLEDGE))
    assert 150 <= n <= 1500


def test_word_count_capped_on_a_large_selection(seed_tables):
    """Forty copies of the seeds (distinct ids) still give at most 1,500 words."""
    big = {}
    for name, df in seed_tables.items():
        if "article_id" in df.columns and name != "stances":
            big[name] = pd.concat([df.assign(article_id=df["article_id"] + f"-{k}") for k in range(40)],
                                  ignore_index=True)
        else:
            big[name] = df
    md = make_briefing(big, knowledge=KNOWLEDGE)
    assert 150 <= count_words(md) <= 1500
    assert "further articles in this selection are not cited" in md


# ------------------------------------------------------------------------ missing or odd tables
def test_missing_quotes_and_stances_are_said_not_hidden(seed_tables):
    md = make_briefing(dict(seed_tables, quotes=seed_tables["quotes"].iloc[0:0],
                            stances=seed_tables["stances"].iloc[0:0]), knowledge=KNOWLEDGE)
    assert "quotes table is empty" in section(md, "Most-cited quotes")
    assert "No stance labels" in section(md, "Where the actors stand")


def test_empty_selection_and_missing_tables_do_not_crash(seed_tables):
    empty = {k: v.iloc[0:0] for k, v in seed_tables.items()}
    assert "No article matches" in make_briefing(empty, filters={"q": "nothing"}, knowledge=KNOWLEDGE)
    assert make_briefing({"articles": seed_tables["articles"]}, knowledge=KNOWLEDGE).startswith("# Debate briefing")


def _find(tables, article_id: str, needle: str) -> tuple[int, int]:
    text = tables["articles"].set_index("article_id").at[article_id, "text"]
    start = text.index(needle)
    return start, start + len(needle)


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
    t["stances"] = pd.DataFrame([
        {"article_id": None, "actor_id": "vladimir-putin", "actor": "Vladimir Putin", "stance": "oppose",
         "score": -0.9, "confidence": 0.9, "n_signals": 3, "evidence": [], "evidence_offsets": []},
        {"article_id": None, "actor_id": "joe-biden", "actor": "Joe Biden", "stance": "cautious",
         "score": -0.2, "confidence": 0.6, "n_signals": 2, "evidence": [], "evidence_offsets": []},
    ])
    t["stance_signals"] = pd.DataFrame([
        {"article_id": aid0, "actor_id": "vladimir-putin", "sent_index": 2, "start": s, "end": e + 40,
         "label": "oppose", "weight": -0.9, "cue": "warned", "sentence": ""}])
    md = make_briefing(t, knowledge=KNOWLEDGE)
    quotes = bullets(section(md, "Most-cited quotes"))
    assert len(rows) >= 3 and quote in quotes[0] and "Vladimir Putin" in quotes[0]
    assert f"in {len(rows) - 1} articles" in quotes[0]
    actors = section(md, "Where the actors stand")
    assert actors.index("### Oppose") < actors.index("**Vladimir Putin**") < actors.index("### Cautious")
    assert "Putin has warned" in actors or "very essence" in actors
    assert "1 opposes: Vladimir Putin" in section(md, "Bottom line")


# ------------------------------------------------------------------------------------------ HTML
def test_html_escapes_article_markup(nlp):
    from components.run.analyze import analyze

    text = ("Germany will not send Taurus missiles to Ukraine, Chancellor Olaf Scholz said on Monday. "
            "Officials said the note <script>alert('x')</script> was found in the Taurus files on Monday. "
            "The opposition said it would bring a motion on the Taurus to the Bundestag next week.")
    art = Article(id="inject", text=text, title="<script>alert(1)</script> [click](javascript:alert(1))",
                  outlet="<b>Wire</b>", date="2024-03-11")
    md = make_briefing(analyze([art], nlp).tables, knowledge=KNOWLEDGE)
    page = briefing_html(md, title="<Taurus>")
    assert "<script" not in page and "<b>" not in page and "javascript:alert(1))\">" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;" in page and "&lt;Taurus&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and '<a class="cite" href="#src-1">1</a>' in page


def test_html_structure_of_a_briefing(seed_tables):
    page = briefing_html(make_briefing(seed_tables, knowledge=KNOWLEDGE))
    assert page.count("<h2>") >= 6 and '<ol class="sources">' in page and 'id="src-1"' in page
    assert page.count("<ul>") == page.count("</ul>") and page.count("<li") == page.count("</li>")


def test_command_line_writes_the_briefing_as_markdown_and_html(tmp_path):
    from components.cli import main

    assert main(["analyze", str(TAURUS), "--briefing", str(tmp_path / "b.md"), "--json", str(tmp_path / "x.json")]) == 0
    md = (tmp_path / "b.md").read_text("utf-8")
    assert md.startswith("# Debate briefing: Taurus") and "## Sources" in md
    import json
    assert json.loads((tmp_path / "x.json").read_text("utf-8"))["briefing"] == md
    assert main(["analyze", str(TAURUS), "--briefing", str(tmp_path / "b.html")]) == 0
    assert (tmp_path / "b.html").read_text("utf-8").startswith("<!DOCTYPE html>")


def test_different_figures_across_outlets_are_flagged(taurus_tables):
    """When one outlet gives another range for the same missile, the briefing says so, citing both."""
    assert "Figures differ" not in make_briefing(taurus_tables, knowledge=KNOWLEDGE)  # 500 km and 310 miles agree
    arts = taurus_tables["articles"].copy()
    i = arts.index[arts["article_id"] == "taurus_03"][0]
    assert "more than 500 km away" in arts.at[i, "text"]
    arts.at[i, "text"] = arts.at[i, "text"].replace("more than 500 km away", "more than 800 km away")
    md = make_briefing(dict(taurus_tables, articles=arts), knowledge=KNOWLEDGE)
    line = next(x for x in bullets(md) if "Figures differ" in x)
    assert "Taurus (range)" in line and "800 km" in line and len(CITE.findall(line)) >= 2


def test_search_text_filter_focuses_the_bottom_line(taurus_tables):
    md = make_briefing(taurus_tables, filters={"q": "Bundestag"}, knowledge=KNOWLEDGE)
    assert "**Filters:** text = Bundestag" in md
    assert "Bundestag" in section(md, "Bottom line").split("[")[0]


def test_near_duplicate_versions_count_once(taurus_tables):
    arts = taurus_tables["articles"].copy()
    arts["outlet"] = None
    plain = make_briefing(dict(taurus_tables, articles=arts), knowledge=KNOWLEDGE)
    assert "near-duplicate" not in plain
    arts.loc[arts["article_id"] == "taurus_02", "duplicate_of"] = "taurus_01"
    b = make_briefing_with_citations(dict(taurus_tables, articles=arts), knowledge=KNOWLEDGE)
    assert "1 is a near-duplicate version of another article" in b.markdown
    number = {c["n"]: c["article_id"] for c in b.citations}
    shared = [line for line in bullets(b.markdown) if "similar terms" in line]
    for line in shared:  # two versions of one story are not two voices agreeing
        ids = {number[int(n)] for n in CITE.findall(line)[-1].split(", ")}
        assert ids != {"taurus_01", "taurus_02"}, line


def test_dashboard_filter_state_is_shown_readably(taurus_tables):
    state = {"actor": ["Olaf Scholz"], "weapon": [], "outlet": [], "stance": ["cautious"], "q": "",
             "date_from": "2024-03-01", "date_to": None}
    md = make_briefing(taurus_tables, filters=state, knowledge=KNOWLEDGE)
    assert "**Filters:** actor = Olaf Scholz; stance = cautious; date from = 2024-03-01." in md
    assert md.startswith("# Briefing: Olaf Scholz")
