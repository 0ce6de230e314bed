"""Shared fixtures: the pipeline and the analysed seed corpus are built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from components.knowledge import read_knowledge

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
#: the bundled knowledge: tests are entry points, building the one Knowledge they pass on
KNOWLEDGE = read_knowledge()


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


@pytest.fixture(scope="session")
def seed_text():
    """The text of a seed article by id prefix ("000")."""
    def get(prefix: str) -> str:
        path = next(SEEDS.glob(f"{prefix}*.txt"))
        return path.read_text(encoding="utf-8")
    return get
