"""Shared fixtures: the pipeline and the analysed seed corpus are built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from components.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def seed_corpus():
    from components.corpus import load_corpus

    articles, skipped = load_corpus([SEEDS])
    assert not skipped
    return articles


@pytest.fixture(scope="session")
def seed_analysis(nlp, seed_corpus):
    from components.analysis import analyze

    return analyze(seed_corpus, nlp)


@pytest.fixture(scope="session")
def seed_text():
    """The text of a seed article by id prefix ("000")."""
    def get(prefix: str) -> str:
        path = next(SEEDS.glob(f"{prefix}*.txt"))
        return path.read_text(encoding="utf-8")
    return get
