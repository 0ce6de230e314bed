"""Which articles the dashboard shows: the bundled seeds (read-only, shared by every session).

``select_corpus()`` is the one place the app gets its corpus from; it returns
``(articles, skipped, label)``. Adding, pasting and switching corpora (per session) lands here.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.corpus import Article, Skipped, load_corpus

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@st.cache_data(show_spinner=False)
def _seed_articles(folder: str) -> tuple[list[Article], list[Skipped]]:
    return load_corpus([folder])


def select_corpus() -> tuple[list[Article], list[Skipped], str]:
    """The articles of this session's corpus, the files skipped, and a label for the corpus."""
    articles, skipped = _seed_articles(str(SEEDS))
    return articles, skipped, "bundled seeds"
