"""Reading the corpus: the seed texts, metadata inference, near-duplicates, .md/.html input, bad files."""
from __future__ import annotations

import csv
import random
import re

import pandas as pd
import pytest

from components.ingest.articles import (Article, flag_near_duplicates, infer_metadata, load_corpus,
                               read_sidecar)

from .conftest import KNOWLEDGE, SEEDS


def test_seed_ids_and_texts_are_exact(seed_corpus):
    assert [a.id for a in seed_corpus] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for a in seed_corpus:
        assert a.text == (SEEDS / f"{a.id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix, key, value", [
    ("000", "outlet", "The Wall Street Journal"),       # "Write to … at lara.seligman@wsj.com"
    ("002", "outlet", "ABC News"),                      # "ABC's Michelle Stoddart … contributed to this report."
    ("002", "title", "UK's Starmer, Biden discuss Ukraine's use of deep-strike missiles inside Russia"),
    ("004", "date", "2024-09-13"),                      # " date 2024-09-13 …" on the first line
    ("003", "dateline", "Washington"),                  # "WASHINGTON — …"
])
def test_metadata_inferred_from_the_text(seed_text, prefix, key, value):
    assert infer_metadata(seed_text(prefix), knowledge=KNOWLEDGE)[key] == value


@pytest.mark.parametrize("prefix, key", [
    ("000", "title"),    # the first line is the lede, a full sentence
    ("001", "title"),
    ("001", "outlet"),   # no sign-off
    ("003", "outlet"),
    ("000", "date"),     # "on Friday" is not a date
])
def test_nothing_is_invented(seed_text, prefix, key):
    assert key not in infer_metadata(seed_text(prefix), knowledge=KNOWLEDGE)


def test_seed_sidecar_holds_only_what_the_texts_show(seed_text):
    rows = read_sidecar(SEEDS)
    assert len(rows) == 5
    for aid, row in rows.items():
        text = seed_text(aid[:3])
        inferred = infer_metadata(text, knowledge=KNOWLEDGE)
        for key, value in row.items():
            assert inferred.get(key) == value, (aid, key)
            if key in ("title", "date"):
                assert value in text


def test_missing_where_nothing_shows(seed_corpus, seed_analysis, tmp_path):
    """What no source gives is missing: None on the article, a missing value in the table, null in the
    JSON export and an empty cell in the CSV, never a placeholder word such as "unknown"."""
    import json

    from components.export import to_export

    by_id = {a.id[:3]: a for a in seed_corpus}
    assert by_id["001"].outlet is None and by_id["001"].date is None and by_id["001"].url is None
    arts = seed_analysis.tables["articles"].set_index("article_id")
    aid = by_id["001"].id
    assert pd.isna(arts.loc[aid, "outlet"]) and pd.isna(arts.loc[aid, "date"]) and pd.isna(arts.loc[aid, "url"])
    assert not arts[["title", "outlet", "date", "url"]].isin(["unknown", "Unknown", ""]).any().any()
    exported = {a["id"]: a for a in json.loads(json.dumps(to_export(seed_analysis, briefing="")))["articles"]}
    assert exported[aid]["outlet"] is None and exported[aid]["date"] is None
    for a in exported.values():  # the export contract: an ISO date or null
        assert a["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["date"])
    stance_dates = seed_analysis.tables["stances"]["date"]
    assert not stance_dates.isin(["unknown"]).any()
    from components.export import write_csv

    write_csv(seed_analysis, tmp_path)
    with (tmp_path / "articles.csv").open(newline="", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["article_id"] == aid)
    assert row["outlet"] == "" and row["date"] == "" and row["url"] == ""


def test_near_duplicates_flagged(seed_corpus):
    flagged = {a.id[:3]: a.duplicate_of for a in seed_corpus}
    assert flagged["004"] and flagged["004"].startswith("002")
    assert [k for k, v in flagged.items() if v] == ["004"]


def test_near_duplicate_needs_shared_passages(seed_text):
    a = Article("a", seed_text("002"))
    b = Article("b", seed_text("003"))
    c = Article("c", seed_text("002").replace("Friday", "Thursday") + "\nA new closing paragraph was added.")
    flag_near_duplicates([a, b, c])
    assert b.duplicate_of is None and c.duplicate_of == "a"


def _pairwise_near_duplicates(texts: list[str]) -> list[int | None]:
    """The definition of :func:`flag_near_duplicates`, pair by pair (index of the original or None)."""
    import re

    from rapidfuzz import fuzz

    def shingles(t):
        w = re.findall(r"\w+", t.lower())
        return {" ".join(w[i:i + 5]) for i in range(max(0, len(w) - 4))}

    sets, out = [shingles(t) for t in texts], []
    for j, sb in enumerate(sets):
        out.append(None)
        for i in range(j):
            sa = sets[i]
            if out[i] is not None or not sa or not sb:
                continue
            inter = len(sa & sb)
            if (inter / len(sa | sb) >= 0.3 or inter / min(len(sa), len(sb)) >= 0.35) and \
                    fuzz.token_set_ratio(texts[i], texts[j]) >= 80:
                out[j] = i
                break
    return out


def test_near_duplicates_as_the_pairwise_definition(seed_text):
    """The indexed check finds what comparing every pair finds: versions, halves, a copy of a copy,
    empty and unrelated texts, over the real seed articles."""
    seeds = [seed_text(p) for p in ("000", "001", "002", "003", "004")]
    paras = [p for t in seeds for p in t.split("\n") if p.strip()]
    texts = seeds + [
        "",
        seeds[1][: len(seeds[1]) // 2],  # the first half of a story
        seeds[3] + "\nAn update: officials later confirmed the report.",  # an updated version
        "\n".join(paras[::7]),  # a mix of paragraphs of every story
        "\n".join(paras[1::7]),
        seeds[3].replace("Ukraine", "Kyiv"),  # a copy of the updated version's original, edited
        "Short note.",
    ]
    articles = [Article(f"a{i}", t) for i, t in enumerate(texts)]
    flag_near_duplicates(articles)
    expected = _pairwise_near_duplicates(texts)
    assert [a.duplicate_of for a in articles] == [f"a{i}" if i is not None else None for i in expected]
    assert sum(e is not None for e in expected) >= 3  # not a vacuous comparison


def test_near_duplicates_of_resampled_coverage_as_the_pairwise_definition(seed_text):
    """Texts made of paragraphs drawn from a small pool: every article shares passages with many
    others, versions of versions abound (the index's classes of shingles are split again and
    again); the flags are those of comparing every pair."""
    paras = [p for k in ("000", "001", "002", "003", "004") for p in seed_text(k).split("\n") if p.strip()]
    rng = random.Random(3)
    texts = []
    for _ in range(60):
        k = rng.randint(3, 12)
        if texts and rng.random() < 0.3:  # a version of an earlier text: some paragraphs swapped
            base = rng.choice(texts).split("\n\n")
            base[rng.randrange(len(base))] = rng.choice(paras)
            texts.append("\n\n".join(base))
        else:
            texts.append("\n\n".join(rng.sample(paras[: len(paras) // 2], k)))
    articles = [Article(f"a{i}", t) for i, t in enumerate(texts)]
    flag_near_duplicates(articles)
    expected = _pairwise_near_duplicates(texts)
    assert [a.duplicate_of for a in articles] == [f"a{i}" if i is not None else None for i in expected]
    assert 10 <= sum(e is not None for e in expected) <= 50  # versions and originals both


def test_markdown_and_html_inputs(tmp_path, seed_text):
    body = seed_text("002")
    headline, rest = body.split("\n", 1)
    (tmp_path / "story.md").write_text(f"# {headline}\n\n**Putin** warned [NATO](https://nato.int).\n\n{rest}", "utf-8")
    paragraphs = "".join(f"<p>{p}</p>" for p in rest.split("\n") if p.strip())
    (tmp_path / "page.html").write_text(
        f"<html><head><title>x</title><script>alert('x')</script><style>p{{}}</style></head>"
        f"<body><nav>Home | World</nav><article><h1>{headline}</h1>{paragraphs}</article>"
        f"<footer>© ABC</footer></body></html>", "utf-8")
    arts, skipped = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    assert not skipped
    by_id = {a.id: a for a in arts}
    md, page = by_id["story"], by_id["page"]
    assert md.source_format == "md" and "Putin warned NATO." in md.text and "**" not in md.text and "#" not in md.text
    assert page.source_format == "html" and page.title == headline
    assert "<" not in page.text and "alert" not in page.text and "Home | World" not in page.text
    assert "Biden's top aides remain skeptical" in page.text
    assert page.duplicate_of == "page" or md.duplicate_of == "page"


def test_sidecar_wins_over_inference(tmp_path, seed_text):
    (tmp_path / "x.txt").write_text(seed_text("000"), "utf-8")
    with (tmp_path / "metadata.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "outlet", "date", "url"])
        w.writerow(["x", "A title", "", "2024-09-13", "https://example.org/x"])
    [art], _ = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    assert (art.title, art.outlet, art.date, art.url) == ("A title", "The Wall Street Journal", "2024-09-13",
                                                          "https://example.org/x")


def test_bad_files_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin1.txt").write_bytes("Kyiv asked for Taurus missiles, said Scholz’s critics.".encode("cp1252"))
    arts, skipped = load_corpus([tmp_path, tmp_path / "missing.txt"], knowledge=KNOWLEDGE)
    assert [a.id for a in arts] == ["latin1"] and "Scholz’s" in arts[0].text
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"] and "no such" in reasons["missing.txt"]


def test_dateline_with_outlet_on_a_later_line():
    text = ("Germany clears way for Leopard tanks to Ukraine after weeks of pressure\n"
            "BERLIN (Reuters) - German Chancellor Olaf Scholz on Wednesday approved sending Leopard 2 tanks.\n"
            "Reporting by Sarah Marsh; Editing by Alex Richardson")
    meta = infer_metadata(text, knowledge=KNOWLEDGE)
    assert meta["dateline"] == "Berlin" and meta["outlet"] == "Reuters"
    assert meta["title"].startswith("Germany clears way")


def test_dateline_with_country_and_agency():
    meta = infer_metadata("KYIV, Ukraine (AP) — Air raid sirens sounded across the capital overnight.", knowledge=KNOWLEDGE)
    assert meta["dateline"] == "Kyiv" and meta["outlet"] == "Associated Press"


@pytest.mark.parametrize("line, place, outlet", [
    ("MINSK, 7 May (BelTA) – Belarus will hold exercises near the border, the ministry said.", "Minsk", "BelTA"),
    ("KYIV, Feb 24 (Reuters) - Air raid sirens sounded across the capital overnight.", "Kyiv", "Reuters"),
])
def test_dateline_with_a_date(line, place, outlet):
    meta = infer_metadata(line, knowledge=KNOWLEDGE)
    assert meta["dateline"] == place and meta["outlet"] == outlet


def test_text_hash_follows_the_text():
    import hashlib

    a = Article("a", "First text.")
    first = a.text_hash
    assert first == hashlib.sha256(b"First text.").hexdigest() and a.text_hash == first
    a.text = "Second text."
    assert a.text_hash == hashlib.sha256(b"Second text.").hexdigest()
