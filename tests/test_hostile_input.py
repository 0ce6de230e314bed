"""The battery of hostile input (issue 18), through the command line: every case lies beside a good
article, each is named on stderr with its reason (or read correctly), nothing hangs or leaks a
traceback, and the good article is always exported.

The markup payloads through every dashboard view are in ``test_payloads.py``; the store's faults in
``test_store_faults.py``; the cost of each stage in ``test_linear_cost.py``.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from components.ingest.articles import BadInput, article_from_bytes, load_corpus, read_limited, walk_articles
from components.ingest.decode import decode_bytes, is_blank
from components.knowledge import load_knowledge

from .conftest import ROOT, SEEDS
from .pdfmaker import make_pdf
from .test_bad_input import CP1252_TEXT, HOSTILE_HTML

KNOWLEDGE = load_knowledge()
GOOD = (SEEDS / "004_2f3b2caddfbf686e.txt").read_text(encoding="utf-8")
LATIN = "Caf\u00e9 owners in Kharkiv said the \u201cStorm Shadow\u201d strikes were overdue, officials said.\n"
NAMES = "Biden and Putin and Storm Shadow "
FORMULA_TITLE = '=HYPERLINK("http://127.0.0.1:9/steal","Click")'
#: ``(file name, bytes or a maker, the reason expected on stderr or None when it must be read)``
CASES = [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\t\n  ", "the file is empty"),
    ("zero-width.txt", "\u200b\u200c\u200d\u2060\ufeff".encode() * 50, "invisible characters"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
    ("controls.txt", bytes(b % 31 for b in range(4000)), "binary"),
    ("huge.txt", b"Missiles. " * 130_000, "MB limit"),
    ("long.txt", ("Ukraine asked for missiles. " * 8_000).encode(), "character limit"),
    ("one-letter.txt", b"a" * 1_000_000, "character limit"),
    ("names.txt", (NAMES * (990_000 // len(NAMES))).encode(), "character limit"),
    ("bom-only.txt", b"\xef\xbb\xbf", "empty"),
    ("latin1-after-utf8-bom.txt", b"\xef\xbb\xbf" + LATIN.encode("cp1252"), None),
    ("latin1-after-utf16-bom.txt", b"\xff\xfe" + LATIN.replace("Kharkiv", "Odesa").encode("cp1252"), None),
    ("windows.txt", CP1252_TEXT.encode("cp1252"), None),
    ("hostile.html", HOSTILE_HTML, None),
    ("nested.html", b"<p>Storm Shadow " * 5_000, None),
    ("brackets.md", b"[![" * 20_000 + b"\n\nKyiv asked for ATACMS, officials said.", None),
    ("broken.pdf", b"%PDF-1.7 nothing else", "PDF"),
    ("scan.pdf", make_pdf([[]]), "no text layer"),
    ("zz-copy-of-good.txt", GOOD.encode("utf-8"), "same text as article good"),
]


@pytest.fixture(scope="module")
def battery(tmp_path_factory):
    """The folder of cases, the paths named directly, and the command line's result on them."""
    base = tmp_path_factory.mktemp("battery")
    folder = base / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, data, _ in CASES:
        (folder / name).write_bytes(data)
    (folder / "metadata.csv").write_text(f'id,title,outlet\ngood,"{FORMULA_TITLE.replace(chr(34), chr(34) * 2)}",'
                                         "@SUM(1+1)\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "gone.txt").symlink_to(base / "nowhere.txt")
    (folder / "elsewhere").symlink_to("/etc")
    (folder / "sub").mkdir()
    (folder / "sub" / "inside.txt").write_text("Kyiv asked Berlin for Taurus missiles, officials said.", encoding="utf-8")
    fifo = base / "direct-pipe.txt"
    os.mkfifo(fifo)
    out, csv_dir = base / "out.json", base / "csv"
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "components.cli", "analyze", str(folder), "/dev/zero", str(fifo),
                           str(base / "missing.txt"), "--json", str(out), "--csv", str(csv_dir), "--no-store",
                           "--max-mb", "1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=900)
    return {"proc": proc, "json": json.loads(out.read_text()) if out.exists() else None, "csv": csv_dir,
            "seconds": time.monotonic() - t0, "folder": folder}


def _line(stderr: str, name: str) -> str:
    return next((line for line in stderr.splitlines() if line.startswith("skipped ") and
                 Path(line[8:].split(": ", 1)[0]).name == name), "")


def test_the_run_ends_and_the_good_articles_are_exported(battery):
    proc = battery["proc"]
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    ids = {a["id"] for a in battery["json"]["articles"]}
    assert {"good", "inside"} <= ids
    good = next(a for a in battery["json"]["articles"] if a["id"] == "good")
    assert good["title"] == FORMULA_TITLE  # the export keeps the value; the CSV neutralises it


@pytest.mark.parametrize("name, reason", [(n, r) for n, _, r in CASES if r])
def test_each_bad_file_is_named_with_its_reason(battery, name, reason):
    line = _line(battery["proc"].stderr, name)
    assert line and reason in line, (name, battery["proc"].stderr)


@pytest.mark.parametrize("name, reason", [
    ("pipe.txt", "named pipe"), ("direct-pipe.txt", "named pipe"), ("zero", "character device"),
    ("passwd.txt", "outside the folder"), ("elsewhere", "outside the folder"), ("gone.txt", "broken symbolic link"),
    ("missing.txt", "no such file")])
def test_what_is_not_a_file_of_the_folder_is_named_and_never_read(battery, name, reason):
    line = _line(battery["proc"].stderr, name)
    assert line and reason in line, (name, battery["proc"].stderr)
    assert "root:" not in json.dumps(battery["json"])  # /etc/passwd was not read


@pytest.mark.parametrize("name", [n for n, _, r in CASES if r is None])
def test_odd_but_readable_files_are_read_right(battery, name):
    art = next((a for a in battery["json"]["articles"] if a["id"] == Path(name).stem), None)
    assert art is not None, battery["proc"].stderr
    assert not _line(battery["proc"].stderr, name)


def test_text_behind_a_contradicted_byte_order_mark_keeps_its_letters():
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe"):
        text, encoding = decode_bytes(bom + LATIN.encode("cp1252"))
        assert text == LATIN and "byte-order mark claims" in encoding
    # real UTF-16 and UTF-8 behind their marks are untouched
    assert decode_bytes(b"\xff\xfe" + LATIN.encode("utf-16-le")) == (LATIN, "utf-16")
    assert decode_bytes(b"\xef\xbb\xbf" + LATIN.encode("utf-8")) == (LATIN, "utf-8-sig")


def test_invisible_text_is_blank():
    assert is_blank("\u200b \u2060\n\ufeff\u00ad") and not is_blank("\u200bKyiv")
    with pytest.raises(BadInput, match="invisible"):
        article_from_bytes("\u200b\u200d".encode() * 10, "zw.txt", knowledge=KNOWLEDGE)


def test_a_long_text_is_refused_before_it_is_decoded(monkeypatch):
    import components.ingest.articles as articles

    def no_decoding(data):
        raise AssertionError("decoded")

    monkeypatch.setattr(articles, "decode_bytes", no_decoding)
    with pytest.raises(BadInput, match="character limit"):
        article_from_bytes(b"a" * 1_000_000, "a.txt", knowledge=KNOWLEDGE, max_chars=200_000)


def test_reads_are_bounded_and_never_block(tmp_path):
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    with pytest.raises(BadInput, match="named pipe"):
        read_limited(fifo, 100)  # opened without blocking: no writer needed
    with pytest.raises(BadInput, match="character device"):
        read_limited(Path("/dev/zero"), 100)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1000)
    with pytest.raises(BadInput, match="limit"):
        read_limited(big, 999)
    assert read_limited(big, 1000) == b"x" * 1000


def test_an_unreadable_folder_or_file_is_named(tmp_path, monkeypatch):
    """(Simulated: the tests may run as root, whom file modes do not stop.)"""
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("Kyiv asked for ATACMS, officials said.", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("Berlin refused Taurus, officials said.", encoding="utf-8")
    real_scandir, real_open = os.scandir, os.open

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def fake_open(path, flags, *a):
        if Path(path).name == "a.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *a)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(walk_articles([tmp_path]))
    assert any(getattr(s, "reason", "").startswith("the folder could not be read (Permission denied)") for s in found)
    monkeypatch.setattr(os, "open", fake_open)
    arts, skipped = load_corpus([tmp_path], knowledge=KNOWLEDGE)
    assert not arts
    assert {(Path(s.path).name, s.reason.split(" (")[0]) for s in skipped} >= {
        ("locked", "the folder could not be read"), ("a.txt", "could not be read: permission denied")}


def test_csv_cells_that_would_be_formulas_are_neutralised(battery):
    rows = list(csv.DictReader((battery["csv"] / "articles.csv").open(encoding="utf-8")))
    good = next(r for r in rows if r["article_id"] == "good")
    assert good["title"] == "'" + FORMULA_TITLE and good["outlet"] == "'@SUM(1+1)"
    for path in battery["csv"].glob("*.csv"):
        for row in csv.reader(path.open(encoding="utf-8")):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")), (path.name, cell)
                assert not (cell.startswith("-") and not _number(cell)), (path.name, cell)


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_the_two_hangs_of_issue_18_end_quickly_at_the_default_limit(battery):
    """A megabyte of one letter and 990 KB of "Biden and Putin and Storm Shadow" hung the analysis
    for hours; now each is refused at once (and, with a higher --max-chars, analysed in linear
    time: bench/hostile.py). The whole battery, model loading included, ends well within the limit
    the subprocess was given."""
    assert _line(battery["proc"].stderr, "one-letter.txt") and _line(battery["proc"].stderr, "names.txt")
    assert battery["proc"].returncode == 0
