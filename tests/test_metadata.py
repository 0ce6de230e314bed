"""Article metadata from every source a folder offers, in the documented order of trust: sidecar files,
saved pages' metadata, front matter, dates in file names, the top of the text, wire credits and
bylines; a date inside a story is never the publication date; what no source gives is missing.
The files here are written to imitate each source; the last tests read the real corpus in place."""
from __future__ import annotations

import csv
import json
import os
import re
import socket
from pathlib import Path

import pytest

from components.ingest.articles import article_from_bytes, load_corpus
from components.ingest.metadata import (TRUST, credited_outlet, date_from_name, front_matter, header_date,
                                        infer_metadata, parse_date, read_sidecar)
from components.knowledge import read_knowledge

from .conftest import KNOWLEDGE, SHARED
from .pages import BOILERPLATE, STORY, bare_page, broadsheet_page, jsonld_page

LEDE = ("German Chancellor Olaf Scholz said on Thursday that he would not send Taurus cruise missiles to "
        "Ukraine, despite pressure from allies and from within his own coalition.")
BODY = LEDE + "\n\n" + "\n\n".join(STORY[1:])


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _one(folder: Path, knowledge=KNOWLEDGE, **kw):
    arts, skipped = load_corpus([folder], knowledge=knowledge, **kw)
    assert len(arts) == 1, (arts, skipped)
    return arts[0], skipped


# ------------------------------------------------------------------------------------------ sidecar
def test_sidecar_csv_columns_and_values(tmp_path):
    _write(tmp_path, "a.txt", BODY)
    _write(tmp_path, "b.md", BODY + "\n\nA second story.")
    _write(tmp_path, "c.txt", BODY + "\n\nA third story.")
    with (tmp_path / "metadata.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "outlet", "date", "url", "notes"])
        w.writerow(["a", "Scholz says no", "Der Spiegel", "2024-03-01", "https://www.spiegel.de/a", "x"])
        w.writerow(["b.md", "", "unknown", "1 March 2024", "", ""])  # id with extension, "unknown", a long date
        w.writerow(["c", "", "", "yesterday", "", ""])  # not a date: reported, left out
    arts, skipped = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    by_id = {a.id: a for a in arts}
    a, b, c = by_id["a"], by_id["b"], by_id["c"]
    assert (a.title, a.outlet, a.date, a.url) == ("Scholz says no", "Der Spiegel", "2024-03-01", "https://www.spiegel.de/a")
    assert a.sources == {"title": "sidecar", "outlet": "sidecar", "date": "sidecar", "url": "sidecar"}
    assert b.date == "2024-03-01" and b.outlet is None and b.sources["date"] == "sidecar"
    assert c.date is None
    [problem] = [s for s in skipped if "metadata" in s.path]
    assert "yesterday" in problem.reason and "not a date" in problem.reason and "line 4" in problem.reason


def test_sidecar_json_lines(tmp_path):
    _write(tmp_path, "x.txt", BODY)
    lines = [json.dumps({"id": "x", "title": "From JSON lines", "outlet": "Reuters", "date": "2024-02-29T18:05:00Z"}),
             "", "not json", json.dumps(["a", "list"])]
    _write(tmp_path, "metadata.jsonl", "\n".join(lines))
    art, skipped = _one(tmp_path)
    assert (art.title, art.outlet, art.date) == ("From JSON lines", "Reuters", "2024-02-29")
    reasons = [s.reason for s in skipped]
    assert any("line 3 is not JSON" in r for r in reasons) and any("line 4 is not a JSON object" in r for r in reasons)
    assert all(s.path.endswith("metadata.jsonl") for s in skipped)


def test_sidecar_wins_over_every_other_source(tmp_path):
    page, _ = broadsheet_page()
    _write(tmp_path, "2023-01-05_page.html", page)
    with (tmp_path / "metadata.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["id", "title", "outlet", "date"], ["2023-01-05_page", "Mine", "My outlet", "2024-03-04"]])
    art, _ = _one(tmp_path)
    assert (art.title, art.outlet, art.date) == ("Mine", "My outlet", "2024-03-04")
    assert art.url.startswith("https://www.dailyplanet.example/") and art.sources["url"] == "page"


def test_read_sidecar_reads_csv_then_json_lines(tmp_path):
    _write(tmp_path, "metadata.csv", "id,title,outlet\nx,CSV title,CSV outlet\n")
    _write(tmp_path, "metadata.jsonl", json.dumps({"id": "x", "outlet": "JSON outlet"}) + "\n")
    side = read_sidecar(tmp_path)
    assert side.rows == {"x": {"title": "CSV title", "outlet": "JSON outlet"}} and not side.problems


# -------------------------------------------------------------------------------------- front matter
def test_markdown_front_matter(tmp_path):
    _write(tmp_path, "story.md", "---\ntitle: \"Scholz rules out Taurus\"\npublisher: AP\ndate: 2024-03-01T09:30:00Z\n"
                                 "tags:\n  - Germany\n  - Ukraine\nurl: https://example.org/s\n---\n\n# Scholz rules out Taurus\n\n"
                                 + BODY)
    art, _ = _one(tmp_path)
    assert (art.title, art.outlet, art.date, art.url) == ("Scholz rules out Taurus", "Associated Press", "2024-03-01",
                                                          "https://example.org/s")
    assert set(art.sources.values()) == {"front matter"}
    assert "publisher" not in art.text and "---" not in art.text and art.text.lstrip().startswith("Scholz rules out")


def test_comment_header_lines_of_a_text_file(tmp_path):
    """``# key: value`` lines heading a text (several pairs on a line): a "not known" value is
    missing, a "source:" path is not an outlet, and the text is kept exactly as written."""
    text = ("# source: archive/collection:data/articles/20220809T024500Z_US_en_21be71270b.txt (collected; no URL)\n"
            "# outlet: unknown (US outlet)  date: 2022-08-09\n\nCNN —\n\n" + BODY)
    _write(tmp_path, "d01.txt", text)
    art, _ = _one(tmp_path)
    assert art.text == text
    assert art.date == "2022-08-09" and art.sources["date"] == "front matter"
    assert art.outlet == "CNN" and art.sources["outlet"] == "text"  # the credit under the header
    assert art.title is None  # the header line is not a headline


def test_a_markdown_heading_is_not_front_matter():
    fields, end = front_matter("# Breaking: Scholz rules out Taurus\n\n" + BODY)
    assert fields == {} and end == 0
    assert infer_metadata("# Breaking: Scholz rules out Taurus\n\n" + BODY, KNOWLEDGE)["title"].startswith("# Breaking")
    assert front_matter("---\nA horizontal rule, then prose.\n---\n" + BODY) == ({}, 0)


# ------------------------------------------------------------------------------------- saved pages
@pytest.mark.parametrize("make, expect", [
    (broadsheet_page, {"title": "Germany holds back Taurus missiles", "outlet": "The Daily Planet",
                       "date": "2024-03-01", "url": "https://www.dailyplanet.example/world/2024/mar/01/germany-taurus"}),
    (jsonld_page, {"title": "Scholz rules out Taurus deliveries to Ukraine", "outlet": "Example Times",
                   "date": "2024-02-29", "url": None}),
    (bare_page, {"title": "Taurus: the debate goes on", "outlet": None, "date": None, "url": None}),
])
def test_saved_page_gives_the_story_and_its_metadata_only(make, expect):
    page, story = make()
    art = article_from_bytes(page.encode("utf-8"), "saved.html", knowledge=KNOWLEDGE)
    assert art.source_format == "html"
    for paragraph in story:
        assert paragraph in art.text
    leaked = [b for b in BOILERPLATE if b in art.text]
    assert not leaked, leaked
    assert "<" not in art.text and "dataLayer" not in art.text and "position: fixed" not in art.text
    assert {k: getattr(art, k) for k in expect} == expect
    # the story's own date (28 May 2005) is never the page's date
    assert art.date != "2005-05-28"


def test_saved_page_with_no_date_takes_the_file_name_date():
    page, _ = bare_page()
    art = article_from_bytes(page.encode("utf-8"), "2023-05-02_taurus.html", knowledge=KNOWLEDGE)
    assert art.date == "2023-05-02" and art.sources["date"] == "file name"


def test_page_site_name_is_canonical_and_address_names_a_known_outlet():
    page, _ = broadsheet_page(site="AP", url="https://apnews.com/article/x")
    assert article_from_bytes(page.encode(), "p.html", knowledge=KNOWLEDGE).outlet == "Associated Press"
    # no site name: the host of the canonical address, through the outlet table
    page = page.replace('<meta property="og:site_name" content="AP">', "").replace(
        "https://apnews.com/article/x", "https://edition.cnn.com/2024/03/01/europe/x")
    art = article_from_bytes(page.encode(), "p.html", knowledge=KNOWLEDGE)
    assert art.outlet == "CNN" and art.sources["outlet"] in ("page", "web address")


def test_reading_a_page_uses_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page, story = broadsheet_page()
    art = article_from_bytes(page.encode(), "p.html", knowledge=KNOWLEDGE)
    assert story[0] in art.text and art.date == "2024-03-01"


# -------------------------------------------------------------------------------- file-name stamps
@pytest.mark.parametrize("name, date", [
    ("20220125T090000Z_GB_en_7d015e6984.txt", "2022-01-25"),
    ("20240513T131500Z_US_en_c80a8b9c7b.txt", "2024-05-13"),
    ("2024-09-13_reuters_storm-shadow.txt", "2024-09-13"),
    ("storm_shadow_2024_09_13.md", "2024-09-13"),
    ("20240913-atacms.html", "2024-09-13"),
    ("bbc-20231102.txt", "2023-11-02"),
    ("report.2024.03.01.txt", "2024-03-01"),
    ("000_8cc4f7ca36172168.txt", None),        # a hash is not a date
    ("d01_21be71270b.txt", None),
    ("a20240913b.txt", None),                  # digits inside a word
    ("20241399_story.txt", None),              # not a calendar date
    ("2024-02-30_story.txt", None),
    ("21000101_future.txt", None),             # not published yet
    ("1234567890.txt", None),
])
def test_dates_in_file_names(name, date):
    assert date_from_name(name) == date


def test_file_name_date_is_read_for_a_folder(tmp_path):
    _write(tmp_path, "20220125T090000Z_GB_en_7d015e6984.txt", BODY)
    art, _ = _one(tmp_path)
    assert art.date == "2022-01-25" and art.sources["date"] == "file name"


# --------------------------------------------------------------------------- the top of the text
@pytest.mark.parametrize("head, date", [
    ("Published: 13 September 2024\n\n", "2024-09-13"),
    ("Updated Sept. 13, 2024, 5:04 p.m. ET\n", "2024-09-13"),
    ("First published on Fri 13 Sep 2024 10.04 BST\n", "2024-09-13"),
    ("Posted on 2024-09-13\n", "2024-09-13"),
    ("Date: 13.09.2024\n", "2024-09-13"),
    ("Scholz rules out Taurus\nBy Jane Doe | Friday, September 13, 2024 | 10:04 AM\n\n", "2024-09-13"),
    ("Scholz rules out Taurus\n13 September 2024\n\n", "2024-09-13"),
    ("BERLIN, Sept 13, 2024 (Reuters) - ", "2024-09-13"),
    ("WASHINGTON, 13 September 2024 — ", "2024-09-13"),
    (" date 2024-09-13 Putin says such a change would mean Russia was at war with NATO.\n\n", "2024-09-13"),
])
def test_dateline_and_published_lines(head, date):
    assert header_date(head + BODY) == date
    assert infer_metadata(head + BODY, KNOWLEDGE)["date"] == date


@pytest.mark.parametrize("text", [
    # dates inside the story, also on its first line, are never the publication date
    "On 28 May 1937, the airship disaster was still in the news. " + BODY,
    BODY + "\n\nThe treaty was signed on 2024-04-29 in Brussels.",
    "Scholz rules out Taurus\n\n" + LEDE + " The missile entered service on 28 May 2005.\n\n" + BODY,
    "Ukraine war: 24 February 2022 changed everything\n\n" + BODY,  # a headline mentioning a date
    "BERLIN, Sept 13 (Reuters) - " + BODY,  # no year: not a date
    LEDE + "\nPosted at the border on 13 September 2024, the soldiers waited for orders that never came.\n" + BODY,
    "Updated guidance issued on 13 September 2024 tells the troops to stay where they are.\n" + BODY,
    "Dated 13 September 2024, the letter from the ministry asks the allies for more missiles.\n" + BODY,
    LEDE + "\n\nPublished: 13 September 2024\n\n" + BODY,  # after the story has begun
])
def test_no_date_from_inside_the_story(text):
    assert header_date(text) is None
    assert "date" not in infer_metadata(text, KNOWLEDGE)


@pytest.mark.parametrize("value, iso", [
    ("2024-09-13", "2024-09-13"), ("2024-09-13T10:04:00+02:00", "2024-09-13"), ("20240913", "2024-09-13"),
    ("20220125T090000Z", "2022-01-25"), ("13 September 2024", "2024-09-13"), ("Sept. 13, 2024", "2024-09-13"),
    ("13th of September, 2024", "2024-09-13"), ("13.09.2024", "2024-09-13"), ("2024/09/13", "2024-09-13"),
    ("09/10/2024", None), ("yesterday", None), ("", None), ("2024-13-01", None), ("31 June 2024", None),
])
def test_parse_date(value, iso):
    assert parse_date(value) == iso


# ------------------------------------------------------------------------- wire credits and bylines
@pytest.mark.parametrize("text, outlet", [
    ("CAPRI, Italy (AP) — " + BODY, "Associated Press"),
    ("BERLIN (Reuters) - " + BODY, "Reuters"),
    ("Paris, France (CNN)-A French official confirmed the talks. " + BODY, "CNN"),
    ("CNN —\n\n" + BODY, "CNN"),
    ("Moscow CNN —\n\n" + BODY, "CNN"),
    ("New York CNN Business —\n\n" + BODY, "CNN"),
    ("KYIV (BelTA) - " + BODY, "BelTA"),  # in brackets: an outlet even when the table does not know it
    ("Scholz rules out Taurus\nBy Jane Doe, Associated Press\n\n" + BODY, "Associated Press"),
    ("Scholz rules out Taurus\nBy Jane Doe and John Roe | Reuters\n\n" + BODY, "Reuters"),
    ("By AFP\n\n" + BODY, "Agence France-Presse"),
    (BODY + "\n\nFox News' Jennifer Griffin contributed to this report.", "Fox News"),
    (BODY + "\n\nCNN’s Natasha Bertrand and Mariya Knight contributed reporting.", "CNN"),
    (BODY + "\n\nWrite to Jane Doe at jane.doe@wsj.com", "The Wall Street Journal"),
    (BODY + "\n\nSource: PAP, Reuters", "PAP"),
    (BODY + "\n\n© 2024 Reuters. All rights reserved.", "Reuters"),
    (BODY + "\n\nThank you for reading. Sign up for Onet's newsletter to receive the best stories.", "Onet"),
    (BODY + "\n\nThe views expressed are the author’s and not necessarily those of Kyiv Post.", "Kyiv Post"),
    (BODY.replace("coalition.", "coalition, an Ukrinform correspondent reports."), "Ukrinform"),
])
def test_wire_credits_and_bylines_give_the_outlet(text, outlet):
    assert credited_outlet(text, KNOWLEDGE) == outlet
    assert infer_metadata(text, KNOWLEDGE)["outlet"] == outlet


@pytest.mark.parametrize("text", [
    "WASHINGTON — " + BODY,                                        # a place, not an outlet
    BODY + "\n\nBeijing’s claim was undermined by its support for Moscow, CNN reports.",  # citing another outlet
    BODY + "\n\nA police official told CNN that supplies were dwindling.",
    BODY.replace("coalition.", "coalition.\n\nPhoto: © Reuters / Jane Doe", 1),  # a photo credit mid-story
    BODY + "\n\nSource: Twitter",
    "By Jane Doe\n\n" + BODY,
])
def test_no_outlet_from_mentions_or_photo_credits(text):
    assert credited_outlet(text, KNOWLEDGE) is None


def test_outlets_from_the_data_dir_reach_inference(tmp_path):
    """An outlet added in a --data-dir's outlets.toml is recognised (the knowledge is passed in)."""
    data = tmp_path / "data"
    data.mkdir()
    _write(data, "outlets.toml", '[[outlet]]\nname = "Zeitung Heute"\ndomains = ["zeitung-heute"]\n'
                                 'aliases = ["ZH"]\n')
    knowledge = read_knowledge(data)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a.txt", "Scholz rules out Taurus\nBy Jane Doe, ZH\n\n" + BODY)
    art, _ = _one(corpus, knowledge=knowledge)
    assert art.outlet == "Zeitung Heute"
    assert credited_outlet("Scholz rules out Taurus\nBy Jane Doe, ZH\n\n" + BODY, KNOWLEDGE) is None


# ------------------------------------------------------------------------------- order of trust
def test_each_field_from_the_most_trusted_source(tmp_path):
    """One article offering every source: the documented order decides each field."""
    text = ("# date: 2024-03-02\n\nScholz rules out Taurus\nPublished: 3 March 2024\n\n"
            "BERLIN (Reuters) - " + BODY)
    _write(tmp_path, "20240304_scholz.txt", text)
    art, _ = _one(tmp_path)
    assert (art.date, art.sources["date"]) == ("2024-03-02", "front matter")
    assert (art.outlet, art.sources["outlet"]) == ("Reuters", "text")
    (tmp_path / "20240304_scholz.txt").write_text(text.split("\n", 2)[2], encoding="utf-8")
    art, _ = _one(tmp_path)
    assert (art.date, art.sources["date"]) == ("2024-03-04", "file name")
    (tmp_path / "20240304_scholz.txt").rename(tmp_path / "scholz.txt")
    art, _ = _one(tmp_path)
    assert (art.date, art.sources["date"]) == ("2024-03-03", "text")
    assert TRUST.index("sidecar") < TRUST.index("page") < TRUST.index("front matter") < TRUST.index("file name") \
        < TRUST.index("text")


def test_a_folder_readme_is_not_an_article(tmp_path):
    _write(tmp_path, "README.md", "# My corpus\n\nArticles collected in 2024.")
    _write(tmp_path, "a.txt", BODY)
    arts, skipped = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    assert [a.id for a in arts] == ["a"]
    assert [Path(s.path).name for s in skipped] == ["README.md"] and "not an article" in skipped[0].reason
    arts, _ = load_corpus([tmp_path / "README.md"], knowledge=KNOWLEDGE)  # named: read
    assert [a.id for a in arts] == ["README"]


# --------------------------------------------------------------------------------- the real corpus
REAL = SHARED / "corpora" / "ukraine-war-news"
STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})T\d{6}Z_")


@pytest.fixture(scope="module")
def real_corpus():
    if not REAL.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real corpus {REAL} is missing (CI must have ../shared)")
        pytest.skip("../shared/corpora/ukraine-war-news is not here")
    return load_corpus([REAL], knowledge=KNOWLEDGE)


def test_real_corpus_dates_come_from_file_names(real_corpus):
    """At least 95% of the real articles take their date from the file name's stamp, and no article
    gets a date outside the corpus's span (2022-01 to 2024-05, its README says)."""
    arts, _ = real_corpus
    assert len(arts) >= 400
    from_name = [a for a in arts if a.sources.get("date") == "file name"]
    assert len(from_name) >= 0.95 * len(arts), (len(from_name), len(arts))
    for a in from_name:
        y, m, d = STAMP.match(Path(a.path).name).groups()
        assert a.date == f"{y}-{m}-{d}", a.id
    outside = [(a.id, a.date) for a in arts if a.date and not "2022-01-01" <= a.date <= "2024-05-31"]
    assert not outside, outside


def test_real_corpus_outlets_are_names(real_corpus):
    """The outlets found on the real corpus are names (never "unknown"), found from credits."""
    arts, _ = real_corpus
    outlets = [a.outlet for a in arts if a.outlet]
    assert len(outlets) >= 0.15 * len(arts), len(outlets)
    assert all(o.strip() and o.lower() != "unknown" and len(o) <= 60 for o in outlets)
    assert {"CNN", "Fox News", "PAP"} <= set(outlets)
