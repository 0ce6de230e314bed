"""Debate Briefing's processing package: articles → one spaCy pipeline → tidy tables and export.

Never imports Streamlit. Entry points: :func:`components.ingest.articles.load_corpus`,
:func:`components.nlp.pipeline.build_pipeline`, :func:`components.run.analyze.analyze`,
:func:`components.export.to_export`.
"""
__version__ = "0.1.0"
