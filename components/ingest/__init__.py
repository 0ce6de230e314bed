"""Ingest: files, folders and uploads in, :class:`~components.ingest.articles.Article` records out.

Owns decoding (:mod:`.decode`), HTML/Markdown/PDF to text (:mod:`.formats`, :mod:`.pdf`), metadata
(:mod:`.metadata`), near-duplicates (:mod:`.duplicates`) and the corpus of articles
(:mod:`.articles`). May import :mod:`components.knowledge`; never the NLP, tables, store or report.
"""
from .articles import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, ORIGINS, SUFFIXES, Article, Skipped, \
    article_from_bytes, assemble, iter_article_files, load_corpus, read_limited, unique_id, walk_articles
from .decode import BadInput, decode_bytes, is_blank

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS", "ORIGINS", "SUFFIXES", "Article", "BadInput", "Skipped",
           "article_from_bytes", "assemble", "decode_bytes", "is_blank", "iter_article_files", "load_corpus",
           "read_limited", "unique_id", "walk_articles"]
