"""Reading folders through the store (:mod:`components.run.reading`): the stored reading is the very
result of ``load_corpus``, and any change to what it reads reads the files again."""
from __future__ import annotations

import dataclasses
import shutil

import pytest

import components.run.reading as reading
from components.ingest.articles import load_corpus
from components.run.reading import read_corpus
from components.store import Store

from .conftest import KNOWLEDGE, SEEDS, SHARED

DEV = SHARED / "dev-corpus"


def _fields(articles):
    return [dataclasses.asdict(a) for a in articles]


def _no_reading(monkeypatch):
    """Make ``load_corpus`` fail inside :mod:`components.run.reading`: a result must come from the store."""
    def fail(*a, **k):
        raise AssertionError("the files were read again")
    monkeypatch.setattr(reading, "load_corpus", fail)


def test_a_stored_reading_is_what_load_corpus_gives(tmp_path, monkeypatch):
    folders = [SEEDS, DEV] if DEV.is_dir() else [SEEDS]
    expected, skipped = load_corpus(folders, knowledge=KNOWLEDGE)
    store = Store(tmp_path / "s.duckdb")
    first = read_corpus(folders, knowledge=KNOWLEDGE, store=store)
    _no_reading(monkeypatch)
    again, again_skipped = read_corpus(folders, knowledge=KNOWLEDGE, store=store)
    assert _fields(first[0]) == _fields(expected) == _fields(again)
    assert [a.text_hash for a in again] == [a.text_hash for a in expected]
    assert again_skipped == skipped == first[1]
    assert any(a.duplicate_of for a in again)  # (the seeds hold a near-duplicate: the flags are kept)


@pytest.mark.parametrize("change", ["edit", "add", "remove", "sidecar", "limit"])
def test_any_change_reads_the_files_again(tmp_path, change):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    store = Store(tmp_path / "s.duckdb")
    read_corpus([folder], knowledge=KNOWLEDGE, store=store)
    first = sorted(folder.glob("*.txt"))[0]
    limit = {}
    if change == "edit":  # the same size and name, one word changed
        text = first.read_text(encoding="utf-8")
        first.write_text(text.replace("Ukraine", "Ukrain3", 1), encoding="utf-8")
    elif change == "add":
        (folder / "zz-new.txt").write_text("A new article about ATACMS and Storm Shadow missiles.\n", encoding="utf-8")
    elif change == "remove":
        first.unlink()
    elif change == "sidecar":
        (folder / "metadata.csv").write_text(f"id,outlet\n{first.stem},Sidecar News\n", encoding="utf-8")
    else:
        limit = {"max_chars": 3000}
    got = read_corpus([folder], knowledge=KNOWLEDGE, store=store, **limit)
    assert _fields(got[0]) == _fields(load_corpus([folder], knowledge=KNOWLEDGE, **limit)[0])
    assert got[1] == load_corpus([folder], knowledge=KNOWLEDGE, **limit)[1]


def test_without_a_store_it_is_load_corpus(monkeypatch):
    calls = []
    monkeypatch.setattr(reading, "load_corpus", lambda *a, **k: calls.append(a) or ([], []))
    assert read_corpus([SEEDS], knowledge=KNOWLEDGE, store=None) == ([], [])
    assert calls


def test_a_damaged_stored_reading_is_read_again(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    key = reading.reading_key([SEEDS], knowledge=KNOWLEDGE)
    store.put_reading(key, b'{"articles": [{"id": "x"}], "skipped": []}')  # not an article's fields
    got, _ = read_corpus([SEEDS], knowledge=KNOWLEDGE, store=store)
    assert _fields(got) == _fields(load_corpus([SEEDS], knowledge=KNOWLEDGE)[0])
