"""Debate Briefing's processing package: articles → one spaCy pipeline → tidy tables and export.

Never imports Streamlit. Entry points: :func:`components.corpus.load_corpus`,
:func:`components.pipeline.build_pipeline`, :func:`components.analysis.analyze`,
:func:`components.export.to_export`.
"""
__version__ = "0.1.0"
