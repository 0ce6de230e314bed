"""NLP: one spaCy pipeline (model → paragraphs → weapons → actors → quotes → stance signals) whose
stages are registered factories (:mod:`.stages`), plus the token tools (:mod:`.tokens`), the anchored
Matcher (:mod:`.matching`), anonymous-group naming (:mod:`.groups`) and model loading (:mod:`.model`).

The result of this package is annotated Docs (``doc.spans`` and extensions). May import
:mod:`components.knowledge` and :mod:`components.ingest` (datelines); never tables, store, report,
run, the CLI or Streamlit.
"""
