"""Store faults: a damaged store is set aside and rebuilt, a store this process may not write is read
and never renamed, a store deleted while in use is begun again, and a killed run keeps what it
finished; every fault is one plain warning and never stops the analysis.

Permission faults are real ones: as root (which ignores file modes), the program runs without the
capabilities that let it (``setpriv``).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import duckdb
import pytest

from components.run import analyze as analyze_module
from components.run.analyze import analyze
from components.store import Store, StoreWarning, analysis_key, fault_of

from .conftest import ROOT, SEEDS



def _fill(path: Path, n: int = 300) -> Store:
    store = Store(path)
    store.put([(f"h{i}", "k", f"a{i}", os.urandom(3000)) for i in range(n)])
    return store


def _caught(fn):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        out = fn()
    return out, [str(w.message) for w in got if issubclass(w.category, StoreWarning)]


def _plain(message: str) -> None:
    """A warning a person can read: it names the store and says what happens next, and carries no
    traceback or raw catalogue dump."""
    assert "analysis store" in message
    assert "Traceback" not in message and "pg_database" not in message and "LINE 1" not in message
    assert len(message.splitlines()) == 1


def test_fault_kinds_are_told_apart():
    assert fault_of(duckdb.IOException('IO Error: Could not set lock on file "x": Conflicting lock')) == "lock"
    assert fault_of(PermissionError(13, "Permission denied")) == "permission"
    assert fault_of(duckdb.IOException("IO Error: Cannot open file \"x\": Permission denied")) == "permission"
    assert fault_of(duckdb.CatalogException("Catalog Error: Table with name analyses does not exist!")) == "missing"
    assert fault_of(duckdb.IOException("IO Error: Could not read enough bytes from file")) == "damaged"
    assert fault_of(duckdb.Error("Corrupt database file: computed checksum 1 does not match")) == "damaged"


@pytest.mark.parametrize("damage", ["truncated", "checksum", "garbage"])
def test_a_damaged_store_is_set_aside_and_rebuilt(tmp_path, nlp, seed_corpus, damage):
    path = tmp_path / "a.duckdb"
    analyze(seed_corpus[:2], nlp, store=Store(path))
    _fill(path)  # enough data that the damage lands inside the file's blocks
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[:len(data) // 2])
    elif damage == "checksum":
        path.write_bytes(data[:12388] + bytes(64) + data[12388 + 64:])
    else:
        path.write_bytes(b"this is not a database\x00" * 300)
    result, said = _caught(lambda: analyze(seed_corpus[:2], nlp, store=Store(path)))
    assert len(result["articles"]) == 2 and result.stats["analysed"] == 2
    assert len(said) == 1 and "set aside" in said[0] and "analysed again" in said[0], said
    _plain(said[0])
    assert len(list(tmp_path.glob("a.duckdb.corrupt-*"))) == 1
    again, said = _caught(lambda: analyze(seed_corpus[:2], nlp, store=Store(path)))
    assert again.stats["reused"] == 2 and not said  # rebuilt: the next run reads it back, quietly


def test_a_store_deleted_while_in_use_is_begun_again(tmp_path):
    path = tmp_path / "a.duckdb"
    store = _fill(path, 5)
    os.remove(path)
    (got, put), said = _caught(lambda: (store.get(["h1"], "k"), store.put([("x", "k", "a", b"d")])))
    assert got == {} and put == 1 and not store.disabled
    assert len(said) == 1 and "disappeared" in said[0]
    _plain(said[0])
    assert Store(path).count() == 1


def test_a_killed_run_keeps_what_it_finished(tmp_path, nlp, seed_corpus, monkeypatch):
    """Analyses are written after the first batch, then every STORE_SECONDS (or STORE_EVERY articles):
    a run stopped without any chance to clean up (the generator is never closed, as under kill -9)
    keeps every batch it wrote."""
    monkeypatch.setattr(analyze_module, "STORE_EVERY", 2)
    path = tmp_path / "a.duckdb"
    rows = analyze_module.analysed_rows(seed_corpus, nlp, store=Store(path), batch_size=1)
    done = [next(rows) for _ in range(3)]
    assert len(done) == 3
    assert Store(path).count() >= 2  # written while the run goes on, not at its end
    monkeypatch.setattr(analyze_module, "STORE_EVERY", 10**6)
    monkeypatch.setattr(analyze_module, "STORE_SECONDS", 0.0)  # by time: after every batch
    path2 = tmp_path / "b.duckdb"
    rows = analyze_module.analysed_rows(seed_corpus, nlp, store=Store(path2), batch_size=1)
    next(rows), next(rows)
    assert Store(path2).count() >= 1


def test_kill_9_keeps_finished_work(tmp_path):
    """The command line killed with SIGKILL part-way: the articles it finished are in the store and
    the next run reuses them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraphs = [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n")
                  if len(p.split()) > 25]
    n_articles = 40  # three batches of up to 16: the first is written while the second runs
    for n in range(n_articles):
        (corpus / f"{n:02d}.txt").write_text(paragraphs[n % len(paragraphs)] + f"\n\nNote {n}.\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "components.cli", "analyze", str(corpus), "--store", str(store),
                             "--json", str(tmp_path / "out.json")], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 600
    count = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(1)
            if store.exists():
                try:
                    con = duckdb.connect(str(store), read_only=True)
                    count = con.execute("SELECT count(*) FROM analyses").fetchone()[0]
                    con.close()
                except duckdb.Error:
                    continue
                if count >= 1:
                    break
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert count >= 1, "nothing was written before the kill"
    out = subprocess.run([sys.executable, "-m", "components.cli", "analyze", str(corpus), "--store", str(store),
                          "--json", str(tmp_path / "out.json")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    reused = int(out.stderr.split(" reused from the store")[0].rsplit(" ", 1)[-1])
    assert reused >= count, out.stderr
    assert len(json.loads((tmp_path / "out.json").read_text())["articles"]) == n_articles


# --------------------------------------------------------------------------------------------------
# permissions: a real user without the rights (nobody) when the tests run as root

PROBE = textwrap.dedent("""
    import json, sys, warnings
    from components.store import Store, StoreWarning
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        store = Store(sys.argv[1], timeout=5)
        out = {"get": len(store.get(["h1", "h2"], "k")), "put": store.put([("new", "k", "n", b"d")]),
               "read_only": store.read_only, "disabled": store.disabled}
    out["warnings"] = [str(w.message) for w in got if issubclass(w.category, StoreWarning)]
    print(json.dumps(out))
""")


#: as root, the program runs without the capabilities that let root ignore file modes
WITHOUT_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def _without_rights(tmp_path: Path, store: Path) -> dict:
    """Run :data:`PROBE` on ``store`` as a process that file modes apply to."""
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail("setpriv (util-linux) is needed to test permissions as root")
            pytest.skip("running as root without setpriv: file modes cannot be enforced")
        prefix = WITHOUT_OVERRIDE
    proc = subprocess.run([*prefix, sys.executable, str(script), str(store)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture
def shared_dir(tmp_path):
    d = tmp_path / "shared"
    d.mkdir()
    yield d
    d.chmod(0o755)
    for p in d.iterdir():
        p.chmod(0o644)


def test_a_store_that_cannot_be_written_is_read_and_never_renamed(tmp_path, shared_dir):
    path = shared_dir / "a.duckdb"
    _fill(path, 3)
    before = path.read_bytes()
    path.chmod(0o444)
    shared_dir.chmod(0o555)
    out = _without_rights(tmp_path, path)
    assert out["get"] == 2 and out["put"] == 0 and out["read_only"] and not out["disabled"], out
    assert len(out["warnings"]) == 1 and "cannot be written" in out["warnings"][0], out
    _plain(out["warnings"][0])
    assert sorted(p.name for p in shared_dir.iterdir()) == ["a.duckdb"]  # nothing set aside
    assert path.read_bytes() == before


def test_a_store_that_cannot_be_read_is_not_used_and_never_renamed(tmp_path, shared_dir):
    path = shared_dir / "a.duckdb"
    _fill(path, 3)
    path.chmod(0o000)
    out = _without_rights(tmp_path, path)
    assert out["get"] == 0 and out["put"] == 0 and out["disabled"], out
    assert len(out["warnings"]) == 1 and "no permission" in out["warnings"][0], out
    _plain(out["warnings"][0])
    assert sorted(p.name for p in shared_dir.iterdir()) == ["a.duckdb"]


def test_a_folder_that_cannot_be_written_gives_no_store(tmp_path, shared_dir):
    shared_dir.chmod(0o555)
    out = _without_rights(tmp_path, shared_dir / "new.duckdb")
    assert out["put"] == 0 and out["disabled"], out
    assert len(out["warnings"]) == 1 and "no permission" in out["warnings"][0], out
    assert not list(shared_dir.iterdir())


def test_the_dashboard_works_on_a_damaged_store_and_sets_it_aside(tmp_path, monkeypatch):
    """The dashboard reads the same store: a file that is not a database is set aside, the page
    shows the bundled articles, and the next server start reads them back from the new store."""
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    path = tmp_path / "shared.duckdb"
    path.write_bytes(b"this is not a database\x00" * 300)
    monkeypatch.setenv("BRIEFING_STORE", str(path))
    for cached in (data.analysed_tables, data._analysed_keys, data._failures):
        cached.clear()  # other tests analysed the seeds in this process
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300).run()
    assert not at.exception, [e.value for e in at.exception]
    assert next(m.value for m in at.metric if m.label == "Articles") == "5"
    said = [str(w.message) for w in got if issubclass(w.category, StoreWarning)]
    assert len(said) == 1 and "set aside" in said[0], said  # on the server's console, in plain words
    assert len(list(tmp_path.glob("shared.duckdb.corrupt-*"))) == 1
    assert Store(path).count() > 0  # rebuilt: the seeds' analyses are in the new store
