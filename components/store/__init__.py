"""Store: analysed articles and corpus tables kept in an embedded DuckDB file (:mod:`.duckdb_store`),
keyed by the article's text and by what changes an analysis (:mod:`.keys`); a corpus's tables are
kept as bytes that rebuild them exactly (:mod:`.table_bytes`).

May import :mod:`components.knowledge`, :mod:`components.nlp` (the pipeline's description) and
:mod:`components.tables`; never report, run or the CLI.
"""
from .duckdb_store import SCHEMA_VERSION, Store, StoreWarning, default_store_path, fault_of, open_store
from .keys import analysis_key, corpus_key, source_fingerprint
from .table_bytes import tables_from_bytes, tables_to_bytes

__all__ = ["SCHEMA_VERSION", "Store", "StoreWarning", "analysis_key", "corpus_key", "default_store_path", "fault_of",
           "open_store", "source_fingerprint", "tables_from_bytes", "tables_to_bytes"]
