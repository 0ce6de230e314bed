"""Engines: several local processes and a Dask cluster give exactly the export of one process."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from components.run.analyze import analyze
from components.export import to_json
from components.store import Store, analysis_key

from .conftest import ROOT, SEEDS


def test_two_local_processes_give_the_identical_export(nlp, seed_corpus, seed_analysis, tmp_path):
    store = Store(tmp_path / "w.duckdb")
    two = analyze(seed_corpus, nlp, workers=2, batch_size=2, store=store)
    assert two.stats["analysed"] == len(seed_corpus)
    assert to_json(two) == to_json(seed_analysis)
    # what the workers sent back went into the store, and reads back to the same export
    assert store.count(analysis_key(nlp)) == len(seed_corpus)
    again = analyze(seed_corpus, nlp, store=store)
    assert again.stats["reused"] == len(seed_corpus) and to_json(again) == to_json(seed_analysis)


def test_dask_local_cluster_gives_the_identical_export(nlp, seed_corpus, seed_analysis, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        store = Store(tmp_path / "d.duckdb")
        result = analyze(seed_corpus, nlp, engine="dask", scheduler=cluster.scheduler_address,
                         batch_size=2, store=store)
        workers_used = len(cluster.scheduler_info["workers"])
    assert workers_used == 2
    assert to_json(result) == to_json(seed_analysis)
    assert store.count(analysis_key(nlp)) == len(seed_corpus)


def test_a_failing_article_is_skipped_by_the_workers_too(nlp, seed_corpus, monkeypatch):
    import dataclasses

    bad = dataclasses.replace(seed_corpus[0], id="bad", text="x" * 2_000_000)  # over spaCy's max_length
    result = analyze([bad, *seed_corpus[1:3]], nlp, workers=2, batch_size=2)
    assert [s.path for s in result.skipped] == [bad.path or "bad"]
    assert list(result["articles"]["article_id"]) == [a.id for a in seed_corpus[1:3]]


def test_unknown_engine_is_refused(nlp, seed_corpus):
    with pytest.raises(ValueError, match="unknown engine"):
        analyze(seed_corpus[:1], nlp, engine="spark")


def test_cli_workers_flag(tmp_path):
    out = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, "-m", "components.cli", "analyze", str(SEEDS), "--workers", "2",
                           "--no-store", "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(out.read_text())["articles"]) == 5


def test_cli_engine_dask_gives_the_identical_export(tmp_path):
    """``briefing analyze --engine dask`` (a local cluster of ``--workers`` processes) writes, byte for
    byte, the export of the same command in one process."""
    pytest.importorskip("dask.distributed")
    outs = {}
    for name, extra in (("one", []), ("dask", ["--engine", "dask", "--workers", "2"])):
        outs[name] = tmp_path / f"{name}.json"
        proc = subprocess.run([sys.executable, "-m", "components.cli", "analyze", str(SEEDS), "--no-store",
                               "--json", str(outs[name]), *extra], cwd=ROOT, capture_output=True, text=True,
                              timeout=900)
        assert proc.returncode == 0, proc.stderr
    assert outs["dask"].read_bytes() == outs["one"].read_bytes()
