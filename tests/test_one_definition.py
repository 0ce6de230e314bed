"""One definition per concept: escaping, the CSV writer, the corpus key, datelines, the quote
attributes, the grouping of repeated quotes, and word lists that live in data files."""
from __future__ import annotations

import textwrap

import pandas as pd

from components.escaping import html_escape, md_escape, screen_markdown, screen_md

from .conftest import KNOWLEDGE


def test_one_escaping_for_the_briefing_and_the_dashboard():
    from components.report import briefing, text
    from components.report import html as report_html
    from dashboard import brief, charts, corpus, reader, widgets
    from dashboard.views import stance

    assert briefing.md_escape is md_escape and text.md_escape is md_escape
    assert widgets.screen_md is screen_md and corpus.screen_md is screen_md
    assert brief.screen_markdown is screen_markdown and charts.html_escape is html_escape
    assert reader.html_escape is html_escape and stance.html_escape is html_escape
    assert report_html.html_escape is html_escape  # the briefing's HTML download
    assert md_escape("costs $61 billion, not $20 billion") == r"costs \$61 billion, not \$20 billion"  # no LaTeX
    assert md_escape("~~struck~~ <b>x</b> [a](b) *x* `c` # h | t") == \
        r"\~\~struck\~\~ \<b\>x\</b\> \[a\](b) \*x\* \`c\` \# h \| t"
    assert md_escape("- not a list") == r"\- not a list" and md_escape("12. not a list") == r"12\. not a list"
    assert md_escape("a  \n\n b") == "a b" and md_escape("U.S.-made (2024)") == "U.S.-made (2024)"
    assert md_escape("&lt;b&gt; Q&A") == r"\&lt;b\&gt; Q\&A"  # an entity shows as written


def test_screen_escaping_defuses_what_streamlit_reads_beyond_commonmark():
    """On screen, Streamlit finds colours, icons and emoji in the source whatever the backslashes, and
    links bare addresses after parsing: every ':' becomes a character reference, and a word joiner
    breaks each address; the text reads the same."""
    wj = "\u2060"
    assert screen_md(":red[x] :material/warning: :smile:") == r"&#58;red\[x\] &#58;material/warning&#58; &#58;smile&#58;"
    assert screen_md("see http://127.0.0.1:9/x.png") == f"see http&#58;{wj}//127.0.0.1&#58;9/x.png"
    assert screen_md("www.example.com or WWW.x.org") == f"www{wj}.example.com or WWW{wj}.x.org"
    assert screen_md("write to user@example.com") == f"write to user{wj}@example.com"
    assert screen_md("at 10:30, the U.S.") == "at 10&#58;30, the U.S."
    # the app's own link destinations are kept; an escaped bracket is never taken for one
    assert screen_markdown("[1](?view=Articles&article=a%3Ab) x: y") == "[1](?view=Articles&article=a%3Ab) x&#58; y"
    evil = screen_md("[x](http://127.0.0.1:9/x.png)")
    assert "://" not in evil and evil.startswith(r"\[x\](http&#58;")
    assert html_escape('<a href="x">\'& $x$') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp; &#36;x&#36;"


def test_one_csv_writer_for_files_and_downloads(tmp_path):
    from components.export import table_csv, write_csv
    from components.run.analyze import Analysis
    from dashboard import downloads

    assert downloads.table_csv is table_csv
    df = pd.DataFrame({"a": ["x", "y"], "lists": [["p", ("q", 1)], []], "dicts": [{"k": 1}, None]})
    text = table_csv(df)
    assert text.splitlines() == ["a,lists,dicts", 'x,"[""p"", [""q"", 1]]","{""k"": 1}"', "y,[],null"]
    [path] = write_csv(Analysis(tables={"t": df}), tmp_path)
    assert path.read_text(encoding="utf-8") == text


def test_one_corpus_key_for_the_store_and_the_dashboard(nlp, seed_corpus):
    from components.store import analysis_key, corpus_key
    from dashboard import data

    assert not hasattr(data, "corpus_key") or data.corpus_key is corpus_key
    key = corpus_key(seed_corpus, analysis_key(nlp))
    assert key == corpus_key(list(seed_corpus), analysis_key(nlp.meta))
    assert key != corpus_key(seed_corpus[:-1], analysis_key(nlp))


def test_one_dateline_pattern():
    from components.ingest import datelines, metadata
    from components.nlp.stages import actors
    from components.report import corpus, text

    assert metadata.DATELINE is datelines.DATELINE and text.DATELINE is datelines.DATELINE
    assert corpus.DATELINE is datelines.DATELINE
    assert actors.DATELINE is datelines.DATELINE
    m = datelines.dateline_at("Headline\nKYIV, Ukraine (AP) — Sirens sounded.", 20)
    assert m.group(1).strip() == "KYIV" and m.group(2) == "AP"


def test_the_quote_attributes_are_the_quote_stage_s():
    from components.nlp.stages.quotes import EXTENSIONS
    from components.tables import rows

    assert rows.QUOTE_ATTRS is EXTENSIONS


def test_one_grouping_of_repeated_quotes():
    from components.report.sections import quotes as briefing_quotes
    from components.tables.quotes import group_wordings, normalize_quote, repeated_quotes

    assert briefing_quotes.group_wordings is group_wordings
    words = [normalize_quote(t) for t in [
        "We will not allow this escalation to happen, whatever it costs us.",
        "Ukraine wants to strike the airfields the bombers fly from every night.",
        "we will not allow this escalation to happen",  # a shorter wording of the first
    ]]
    assert group_wordings(words) == [0, 1, 0]
    quotes = pd.DataFrame({"article_id": ["a", "b", "c"], "kind": ["direct"] * 3, "speaker": ["X", "X", None],
                           "text": ["We will not allow this escalation to happen, whatever it costs us.",
                                    "we will not allow this escalation to happen",
                                    "Ukraine wants to strike the airfields the bombers fly from every night."]})
    groups = repeated_quotes(quotes)
    assert list(groups["n_articles"]) == [2, 1] and groups["article_ids"].iloc[0] == ["a", "b"]


def test_weapon_mention_words_come_from_the_catalogue(tmp_path, nlp):
    from components.knowledge import read_knowledge
    from components.nlp.stages.weapons import WeaponMatcher

    text = "Germany sent more Patriot interceptors to Kyiv."
    assert KNOWLEDGE.weapon_context.tail_words and "interceptors" not in KNOWLEDGE.weapon_context.tail_words
    assert [s.text for s in nlp(text).spans["weapons"]] == ["Patriot"]
    (tmp_path / "weapons.toml").write_text(textwrap.dedent("""
        [context]
        tail_modifiers = []
        tail_words = ["interceptor", "interceptors"]
        """), encoding="utf-8")
    doc = WeaponMatcher(nlp, "debate_weapons", read_knowledge(tmp_path))(nlp(text))
    assert [s.text for s in doc.spans["weapons"]] == ["Patriot interceptors"]


def test_group_count_words_come_from_the_data(tmp_path, nlp):
    from components.knowledge import read_knowledge
    from components.nlp.stages.actors import ActorLinker

    assert KNOWLEDGE.groups.number_words["dozens"] == 24 and KNOWLEDGE.groups.number_words["five"] == 5
    text = "Five officials said the missiles would arrive soon."
    doc = nlp(text)  # five is at least `named_from` (3): the phrase names a group of its own
    assert [doc._.actors[s.kb_id_]["name"] for s in doc.spans["actors"]] == ["Five officials"]
    (tmp_path / "groups.toml").write_text("[number_words]\nfive = 1\n", encoding="utf-8")
    doc = ActorLinker(nlp, "debate_actors", read_knowledge(tmp_path))(nlp(text))
    assert "Five officials" not in [doc._.actors[s.kb_id_]["name"] for s in doc.spans["actors"]]
