"""Shared fixtures: the pipeline and the analysed seed corpus are built once per test session.

Tests fall in two groups (``pytest -m "not slow"`` runs the fast one; the README's command runs
both): a test is ``slow`` when it is marked so, when its module is in :data:`SLOW_MODULES`, when it
needs a fixture of :data:`SLOW_FIXTURES` (a whole corpus analysed), or when it starts a process, a
worker pool, the app or a browser (:data:`SLOW_CALLS` in its code). The rest are unit tests on real
sentences and small tables: the pipeline is built once, and each runs in about a second at most.
"""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from components.knowledge import read_knowledge

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
#: the bundled knowledge: tests are entry points, building the one Knowledge they pass on
KNOWLEDGE = read_knowledge()

#: whole modules in the slow group: a real browser, the app under AppTest, worker processes and Dask,
#: the development corpus against its gold, the cost of every stage measured on growing inputs, and
#: the store (articles analysed, stored and read back again)
SLOW_MODULES = {"test_browser", "test_dashboard_app", "test_engines", "test_accuracy", "test_linear_cost",
                "test_metadata_corrections", "test_store", "test_streaming"}
#: fixtures that analyse a whole corpus (a test needing one, even through another fixture, is slow)
SLOW_FIXTURES = {"seed_analysis", "taurus_tables", "dev_tables", "dev_metrics"}
#: what in a test's code starts a process, a worker pool, the app or a browser
SLOW_CALLS = ("subprocess", "_cli(", "AppTest", "workers=", "engine=", "chromium", "playwright")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("slow"):
            continue
        module = getattr(item, "module", None)
        name = module.__name__.rsplit(".", 1)[-1] if module else ""
        try:
            code = inspect.getsource(item.function) if hasattr(item, "function") else ""
        except (OSError, TypeError):
            code = ""
        if name in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) \
                or any(call in code for call in SLOW_CALLS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _private_store(tmp_path_factory):
    """The default analysis store (``$BRIEFING_STORE``) of the test session is a fresh temporary file,
    inherited by CLI subprocesses, so tests neither read nor fill the user's own store."""
    import os

    old = os.environ.get("BRIEFING_STORE")
    os.environ["BRIEFING_STORE"] = str(tmp_path_factory.mktemp("store") / "analyses.duckdb")
    yield
    if old is None:
        os.environ.pop("BRIEFING_STORE", None)
    else:
        os.environ["BRIEFING_STORE"] = old


@pytest.fixture(scope="session")
def knowledge():
    return KNOWLEDGE


@pytest.fixture(scope="session")
def nlp(knowledge):
    from components.nlp.pipeline import build_pipeline

    return build_pipeline(knowledge=knowledge)


@pytest.fixture(scope="session")
def seed_corpus(knowledge):
    from components.ingest.articles import load_corpus

    articles, skipped = load_corpus([SEEDS], knowledge=knowledge)
    assert not skipped
    return articles


@pytest.fixture(scope="session")
def seed_analysis(nlp, seed_corpus):
    from components.run.analyze import analyze

    return analyze(seed_corpus, nlp)


@pytest.fixture
def failing_pair(monkeypatch):
    """``(good, bad)``: two articles, the stance stage of the real pipeline made to raise on the bad
    one ("BOOM" in its text), for the tests of how a failing article is reported and stored."""
    import components.nlp.stages.stance as stance
    from components.ingest.articles import article_from_bytes

    real = stance.find_frames

    def fragile(doc, *args, **kwargs):
        if "BOOM" in doc.text:
            raise ValueError("cannot read this")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(stance, "find_frames", fragile)
    good = article_from_bytes(b"Kyiv asked for ATACMS on Monday.", "good.txt", knowledge=KNOWLEDGE)
    bad = article_from_bytes(b"Berlin said BOOM to the request for Taurus.", "bad.txt", knowledge=KNOWLEDGE)
    return good, bad


@pytest.fixture(scope="session")
def seed_text():
    """The text of a seed article by id prefix ("000")."""
    def get(prefix: str) -> str:
        path = next(SEEDS.glob(f"{prefix}*.txt"))
        return path.read_text(encoding="utf-8")
    return get
