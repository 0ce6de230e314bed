"""The dashboard's one :class:`~components.knowledge.Knowledge`: the bundled data files extended by
``$BRIEFING_DATA_DIR``, read and validated once per server and passed to the ingest, the pipeline
and the briefing."""
from __future__ import annotations

import streamlit as st

from components.knowledge import Knowledge, load_knowledge


@st.cache_resource(show_spinner=False)
def get_knowledge() -> Knowledge:
    """The knowledge of this server (a :class:`~components.knowledge.KnowledgeError` names the
    file, key and line of a data file that cannot be used)."""
    return load_knowledge()
