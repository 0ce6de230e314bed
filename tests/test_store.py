"""The store of analysed articles: reuse, identical export, invalidation, corruption, concurrency."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from components.run.analyze import analyze
from components.export import to_json
from components.store import (SCHEMA_VERSION, Store, StoreWarning, analysis_key, tables_from_bytes,
                              tables_to_bytes)

from .conftest import ROOT, SEEDS


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def test_second_run_reuses_every_article_and_gives_the_same_export(tmp_path, nlp, seed_corpus, seed_analysis):
    store = Store(tmp_path / "a.duckdb")
    first, t_first = _timed(lambda: analyze(seed_corpus, nlp, store=store))
    assert first.stats["analysed"] == len(seed_corpus) and first.stats["reused"] == 0
    assert store.count(analysis_key(nlp)) == len(seed_corpus)
    second, t_second = _timed(lambda: analyze(seed_corpus, nlp, store=store))
    assert second.stats["analysed"] == 0 and second.stats["reused"] == len(seed_corpus)
    assert second.stats["tables_reused"]
    # the export is byte-identical to a run without any store
    assert to_json(second) == to_json(first) == to_json(seed_analysis)
    # and it is much cheaper: no NLP at all (best of two reruns, to be robust to a busy machine)
    _, t_third = _timed(lambda: analyze(seed_corpus, nlp, store=store))
    assert t_first / min(t_second, t_third) >= 5, (t_first, t_second, t_third)


def test_stored_docs_alone_rebuild_the_identical_export(tmp_path, nlp, seed_corpus, seed_analysis):
    """Without the finished tables, the tables rebuilt from the stored Docs are the same."""
    path = tmp_path / "a.duckdb"
    analyze(seed_corpus, nlp, store=Store(path))
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM corpora")
    con.close()
    again = analyze(seed_corpus, nlp, store=Store(path))
    assert again.stats["reused"] == len(seed_corpus) and "tables_reused" not in again.stats
    assert to_json(again) == to_json(seed_analysis)


def test_tables_that_do_not_serialise_exactly_are_not_stored(seed_analysis):
    tables = dict(seed_analysis.tables)
    assert tables_from_bytes(tables_to_bytes(tables)).keys() == tables.keys()
    tables["actors"] = tables["actors"].set_index("actor_id")
    assert tables_to_bytes(tables) is None


def test_no_nlp_call_on_a_rerun(tmp_path, nlp, seed_corpus, monkeypatch):
    import dataclasses

    store = Store(tmp_path / "a.duckdb")
    analyze(seed_corpus[:2], nlp, store=store)
    # another title: the finished tables do not apply, the stored Docs do
    changed = [dataclasses.replace(seed_corpus[0], title="Another headline"), seed_corpus[1]]
    calls = []
    monkeypatch.setattr(type(nlp), "pipe", lambda self, *a, **k: calls.append(1) or iter(()))
    monkeypatch.setattr(type(nlp), "__call__", lambda self, *a, **k: calls.append(1))
    again = analyze(changed, nlp, store=store)
    assert calls == [] and len(again["articles"]) == 2 and "tables_reused" not in again.stats
    assert again["articles"]["title"].iloc[0] == "Another headline"


def test_only_new_articles_are_analysed(tmp_path, nlp, seed_corpus):
    store = Store(tmp_path / "a.duckdb")
    analyze(seed_corpus[:3], nlp, store=store)
    more = analyze(seed_corpus, nlp, store=store)
    assert more.stats == {**more.stats, "analysed": 2, "reused": 3}


def test_metadata_edit_needs_no_new_analysis(tmp_path, nlp, seed_corpus):
    import dataclasses

    store = Store(tmp_path / "a.duckdb")
    analyze(seed_corpus[:1], nlp, store=store)
    renamed = [dataclasses.replace(seed_corpus[0], id="renamed", title="Another headline")]
    again = analyze(renamed, nlp, store=store)
    assert again.stats["reused"] == 1
    assert again["articles"]["title"].tolist() == ["Another headline"]
    assert set(again["weapon_mentions"]["article_id"]) <= {"renamed"}


def _run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "components.cli", "analyze", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


HRIM = ("KYIV, Ukraine — Ukraine's defense ministry said Tuesday that it had tested the Hrim-2 ballistic "
        "missile, a weapon it hopes will let it strike targets deep inside Russia.\n\n"
        "\"We will not wait for permission,\" Defense Minister Rustem Umerov said.\n")


def test_a_changed_catalogue_reanalyses(tmp_path):
    """Editing a catalogue file in place invalidates the stored analyses (CLI, real files)."""
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "hrim.txt").write_text(HRIM, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "weapons.toml").write_text("# no additions yet\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    common = [corpus, "--data-dir", data, "--store", store, "--json"]
    p1 = _run_cli(*common, tmp_path / "1.json")
    p2 = _run_cli(*common, tmp_path / "2.json")
    assert p1.returncode == 0 and p2.returncode == 0, p1.stderr + p2.stderr
    assert "reused" not in p1.stderr and "1 reused from the store" in p2.stderr
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
    assert "Hrim-2" not in {w["system"] for w in json.loads((tmp_path / "1.json").read_text())["weapons"]}
    (data / "weapons.toml").write_text(textwrap.dedent("""
        [[weapon]]
        name = "Hrim-2"
        named = true
        category = "ballistic missile"
        aliases = ["Hrim-2", "Grim-2"]
        """), encoding="utf-8")
    p3 = _run_cli(*common, tmp_path / "3.json")
    assert p3.returncode == 0 and "reused" not in p3.stderr, p3.stderr
    assert "Hrim-2" in {w["system"] for w in json.loads((tmp_path / "3.json").read_text())["weapons"]}


def test_another_pipeline_does_not_reuse(tmp_path, nlp, seed_corpus):
    from components.knowledge import read_knowledge
    from components.nlp.pipeline import build_pipeline

    data = tmp_path / "data"
    data.mkdir()
    (data / "titles.txt").write_text("Wing Commander\n", encoding="utf-8")
    store = Store(tmp_path / "a.duckdb")
    analyze(seed_corpus[:1], nlp, store=store)
    other = build_pipeline(knowledge=read_knowledge(data))
    assert analysis_key(other) != analysis_key(nlp)
    assert analyze(seed_corpus[:1], other, store=store).stats["analysed"] == 1
    assert store.prune(analysis_key(other)) == 1 and store.count() == 1


def test_a_corrupt_store_is_set_aside_and_rebuilt(tmp_path, nlp, seed_corpus):
    path = tmp_path / "a.duckdb"
    path.write_bytes(b"this is not a database\x00" * 300)
    with pytest.warns(StoreWarning, match="set aside"):
        result = analyze(seed_corpus[:2], nlp, store=Store(path))
    assert len(result["articles"]) == 2
    aside = list(tmp_path.glob("a.duckdb.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    assert analyze(seed_corpus[:2], nlp, store=Store(path)).stats["reused"] == 2


def test_a_truncated_store_is_set_aside(tmp_path, nlp, seed_corpus):
    path = tmp_path / "a.duckdb"
    analyze(seed_corpus[:2], nlp, store=Store(path))
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.warns(StoreWarning):
        result = analyze(seed_corpus[:2], nlp, store=Store(path))
    assert result.stats["analysed"] == 2 and len(result["articles"]) == 2


def test_an_incompatible_schema_is_set_aside(tmp_path, nlp, seed_corpus):
    path = tmp_path / "a.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE store_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO store_info VALUES (?, ?)", ["schema_version", str(SCHEMA_VERSION + 99)])
    con.close()
    with pytest.warns(StoreWarning, match="schema version"):
        analyze(seed_corpus[:1], nlp, store=Store(path))
    assert list(tmp_path.glob(f"a.duckdb.v{SCHEMA_VERSION + 99}-*"))
    assert Store(path).count() == 1


def test_a_damaged_entry_is_analysed_again(tmp_path, nlp, seed_corpus):
    store = Store(tmp_path / "a.duckdb")
    art = seed_corpus[0]
    store.put([(art.text_hash, analysis_key(nlp), art.id, b"\x93garbage")])
    result = analyze([art], nlp, store=store)
    assert result.stats["analysed"] == 1 and not result["weapon_mentions"].empty


def test_an_unusable_store_path_degrades_to_no_store(tmp_path, nlp, seed_corpus):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.warns(StoreWarning, match="cannot be used"):
        result = analyze(seed_corpus[:1], nlp, store=Store(folder))
    assert folder.is_dir() and len(result["articles"]) == 1


def test_store_queries_take_hostile_values_as_data(tmp_path):
    store = Store(tmp_path / "a.duckdb")
    evil = "x'); DROP TABLE analyses; --"
    store.put([(evil, evil, evil, b"doc")])
    assert store.get([evil], evil) == {evil: b"doc"}
    assert store.count() == 1


WRITER = textwrap.dedent("""
    import sys, time
    from components.store import Store
    store, tag, n = Store(sys.argv[1], timeout=120), sys.argv[2], int(sys.argv[3])
    time.sleep(max(0.0, float(sys.argv[4]) - time.time()))  # both start writing at the same moment
    for i in range(n):
        store.put([(f"{tag}-{i}-{j}", "key", f"{tag}{i}", bytes(2000)) for j in range(5)])
        assert len(store.get([f"{tag}-{i}-0"], "key")) == 1
    assert not store.disabled
    print("ok")
""")


def test_two_processes_writing_at_once_do_not_corrupt_it(tmp_path):
    path = tmp_path / "shared.duckdb"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = str(time.time() + 4)
    procs = [subprocess.Popen([sys.executable, str(script), str(path), tag, "40", start], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in ("a", "b")]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0 and out.strip() == "ok", err
    store = Store(path)
    assert store.count() == 2 * 40 * 5
    assert not list(tmp_path.glob("shared.duckdb.*-*")), "nothing was set aside"


def test_cli_uses_the_store_option(tmp_path):
    store = tmp_path / "cli.duckdb"
    seed = sorted(SEEDS.glob("*.txt"))[0]
    p1 = _run_cli(seed, "--store", store, "--json", tmp_path / "a.json")
    p2 = _run_cli(seed, "--store", store, "--json", tmp_path / "b.json")
    p3 = _run_cli(seed, "--no-store", "--json", tmp_path / "c.json")
    assert [p.returncode for p in (p1, p2, p3)] == [0, 0, 0], p1.stderr
    assert "1 reused" in p2.stderr and "reused" not in p3.stderr
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes() == (tmp_path / "c.json").read_bytes()


def test_damaged_stored_tables_are_rebuilt(tmp_path, nlp, seed_corpus):
    path = tmp_path / "a.duckdb"
    first = analyze(seed_corpus[:2], nlp, store=Store(path))
    con = duckdb.connect(str(path))
    con.execute("UPDATE corpora SET tables = ?", [b"\x78\x9cnot zlib"])
    con.close()
    again = analyze(seed_corpus[:2], nlp, store=Store(path))
    assert "tables_reused" not in again.stats and again.stats["reused"] == 2
    assert to_json(again) == to_json(first)


def test_the_key_follows_the_analysis_code_not_the_report(tmp_path):
    """Stored analyses are keyed by the code that makes them: the NLP (recursively: a new subfolder
    counts), the knowledge, the modules turning Docs into rows, and what they import (datelines of
    ingest); editing the briefing, the store or an ingest module the NLP does not use keeps them."""
    import shutil

    from components.store.keys import PACKAGE_DIR, analysis_modules, source_fingerprint

    code = tmp_path / "components"
    shutil.copytree(PACKAGE_DIR, code, ignore=shutil.ignore_patterns("__pycache__", "data"))
    names = {m.relative_to(code).as_posix() for m in analysis_modules(code)}
    assert {"nlp/stages/actors.py", "knowledge/models.py", "tables/rows.py", "ingest/datelines.py"} <= names
    assert not names & {"report/briefing.py", "store/duckdb_store.py", "ingest/metadata.py", "cli.py"}
    key = source_fingerprint.__wrapped__

    def touched(rel: str) -> str:
        path = code / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write("\n# edited\n")
        return key(code)

    first = key(code)
    assert touched("report/briefing.py") == first and touched("store/duckdb_store.py") == first
    assert touched("ingest/pdf.py") == first
    assert touched("nlp/stages/weapons.py") != first
    second = key(code)
    assert touched("nlp/extra/new_stage.py") != second  # a module in a new subfolder
    third = key(code)
    assert touched("ingest/datelines.py") != third  # imported by the actor stage


def test_the_briefing_is_kept_with_the_tables_and_read_back(tmp_path, nlp, seed_corpus, monkeypatch):
    """An unchanged corpus's briefing is read from the store, not remade; another length, another
    wording or other tables make it again."""
    import components.report.briefing as rb
    from components.run.briefing import briefing_markdown, report_key

    from .conftest import KNOWLEDGE

    store = Store(tmp_path / "b.duckdb")
    first = analyze(seed_corpus, nlp, store=store)
    assert first.stats["corpus_key"]
    made = []
    real = rb.make_briefing
    monkeypatch.setattr(rb, "make_briefing", lambda *a, **k: made.append(k.get("length")) or real(*a, **k))
    short = briefing_markdown(first, knowledge=KNOWLEDGE, store=store)
    assert made == ["short"] and short == real(first.tables, knowledge=KNOWLEDGE)
    again = analyze(seed_corpus, store=store, knowledge=KNOWLEDGE)  # reopened from the store
    assert again.stats["corpus_key"] == first.stats["corpus_key"]
    assert briefing_markdown(again, knowledge=KNOWLEDGE, store=store) == short and made == ["short"]
    full = briefing_markdown(again, knowledge=KNOWLEDGE, length="full", store=store)
    assert made == ["short", "full"] and full != short
    assert report_key(KNOWLEDGE, "short", None) != report_key(KNOWLEDGE, "short", "other")
    # no store, or tables that are not stored (another corpus): always made
    briefing_markdown(again, knowledge=KNOWLEDGE, store=None)
    assert made == ["short", "full", "short"]
    assert not store.put_report("not a stored corpus", "k", "text") and store.get_report("not a stored corpus", "k") is None


def test_a_damaged_stored_briefing_is_made_again(tmp_path, nlp, seed_corpus):
    from components.run.briefing import briefing_markdown

    from .conftest import KNOWLEDGE

    path = tmp_path / "d.duckdb"
    first = analyze(seed_corpus[:2], nlp, store=Store(path))
    md = briefing_markdown(first, knowledge=KNOWLEDGE, store=Store(path))
    con = duckdb.connect(str(path))
    con.execute("UPDATE reports SET body = ?", [b"not zlib"])
    con.close()
    again = analyze(seed_corpus[:2], store=Store(path), knowledge=KNOWLEDGE)  # reopened: its briefing is read
    assert again.stats.get("tables_reused")
    assert briefing_markdown(again, knowledge=KNOWLEDGE, store=Store(path)) == md


def test_tables_just_made_do_not_look_for_a_kept_briefing(tmp_path, nlp, seed_corpus, monkeypatch):
    """A corpus analysed in this run has no briefing kept yet: the store is not asked for one (one
    opening of the file less), but the briefing made is kept for the next run."""
    from components.run.briefing import briefing_markdown

    from .conftest import KNOWLEDGE

    store = Store(tmp_path / "n.duckdb")
    first = analyze(seed_corpus[:2], nlp, store=store)
    asked = []
    real_get = Store.get_report
    monkeypatch.setattr(Store, "get_report", lambda self, *a: asked.append(a) or real_get(self, *a))
    md = briefing_markdown(first, knowledge=KNOWLEDGE, store=store)
    assert not asked
    again = analyze(seed_corpus[:2], store=store, knowledge=KNOWLEDGE)
    assert briefing_markdown(again, knowledge=KNOWLEDGE, store=store) == md and len(asked) == 1


def test_a_store_from_before_reports_gains_the_table(tmp_path, nlp, seed_corpus):
    """A store written before briefings were kept (no ``reports`` table) is used as it is."""
    path = tmp_path / "old.duckdb"
    first = analyze(seed_corpus[:2], nlp, store=Store(path))
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE reports")
    con.close()
    again = analyze(seed_corpus[:2], nlp, store=Store(path))
    assert again.stats.get("tables_reused") and to_json(again) == to_json(first)
    from components.run.briefing import briefing_markdown

    from .conftest import KNOWLEDGE

    store = Store(path)
    assert briefing_markdown(again, knowledge=KNOWLEDGE, store=store) == briefing_markdown(again, knowledge=KNOWLEDGE,
                                                                                         store=store)
    assert store.count() and not list(tmp_path.glob("old.duckdb.*-*")), "nothing was set aside"


def test_a_corpus_with_a_failed_article_reopens_without_the_model(tmp_path, nlp, monkeypatch, failing_pair):
    """The pipeline fails on an article again on every run (the key holds the code and the text), so
    the corpus's tables are kept with the failure: a re-run reopens them, names the same skipped
    article with the same reason, gives the identical export and runs no NLP."""
    good, bad = failing_pair
    store = Store(tmp_path / "a.duckdb")
    first = analyze([good, bad], nlp, store=store)
    assert [s.path for s in first.skipped] == ["bad.txt"] and first.stats.get("corpus_key")
    calls = []
    monkeypatch.setattr(type(nlp), "pipe", lambda self, *a, **k: calls.append(1) or iter(()))
    again = analyze([good, bad], nlp, store=store)
    assert calls == [] and again.stats["tables_reused"]
    assert [(s.path, s.reason) for s in again.skipped] == [(s.path, s.reason) for s in first.skipped]
    assert set(again.tables) == set(first.tables)  # the failures are not a table of the analysis
    assert to_json(again) == to_json(first)
