"""NLP: one spaCy pipeline (model → paragraphs → weapons → actors → quotes → stance signals) whose
stages are registered factories (:mod:`.stages`), plus who says or holds what (:mod:`.attribution`: one
resolver for the speakers of quotes and the holders of stances, quotation marks, speech events), the
token tools (:mod:`.tokens`), the anchored Matcher (:mod:`.matching`), anonymous-group and institution
naming (:mod:`.groups`) and model loading (:mod:`.model`).

The result of this package is annotated Docs (``doc.spans`` and extensions). May import
:mod:`components.knowledge` and :mod:`components.ingest` (datelines); never tables, store, report,
run, the CLI or Streamlit.
"""
