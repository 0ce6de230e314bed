"""Debate Briefing dashboard (first page: the tables of the bundled seeds)."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components.analysis import analyze  # noqa: E402
from components.corpus import load_corpus  # noqa: E402
from components.pipeline import build_pipeline  # noqa: E402

st.set_page_config(page_title="Debate Briefing", layout="wide")


@st.cache_resource(show_spinner="Loading the language model…")
def get_pipeline():
    return build_pipeline()


@st.cache_data(show_spinner="Analysing the articles…")
def get_tables(folder: str):
    articles, skipped = load_corpus([folder])
    return analyze(articles, get_pipeline(), skipped=skipped).tables


tables = get_tables(str(ROOT / "seeds"))
st.title("Debate Briefing")
for name, df in tables.items():
    st.subheader(name)
    st.dataframe(df.drop(columns=["text"]) if name == "articles" else df)
