"""Ingest: files, folders and uploads in, :class:`~components.ingest.articles.Article` records out.

Owns decoding (:mod:`.decode`), HTML/Markdown/PDF to text (:mod:`.formats`, :mod:`.pdf`), metadata
(:mod:`.metadata`), near-duplicates (:mod:`.duplicates`) and the corpus of articles
(:mod:`.articles`). May import :mod:`components.knowledge`; never the NLP, tables, store or report.
"""
from .articles import DEFAULT_MAX_BYTES, SUFFIXES, Article, Skipped, article_from_bytes, assemble, \
    iter_article_files, load_corpus, unique_id
from .decode import BadInput, decode_bytes

__all__ = ["DEFAULT_MAX_BYTES", "SUFFIXES", "Article", "BadInput", "Skipped", "article_from_bytes",
           "assemble", "decode_bytes", "iter_article_files", "load_corpus", "unique_id"]
