"""NLP: one spaCy pipeline (model → paragraphs → weapons → actors → quotes → stance signals) whose
stages are registered factories (:mod:`.stages`), plus who says or holds what (:mod:`.attribution`: one
resolver for the speakers of quotes and the holders of stances, quotation marks, speech events), the
names of actors (:mod:`.names`: catalogue index, titles, roles), the indexed actor mentions other
stages look up (:mod:`.mentions`), the token tools (:mod:`.tokens`), the anchored Matcher
(:mod:`.matching`), anonymous and collective groups (:mod:`.groups`), a country's institutions (:mod:`.institutions`), the knowledge the stages
receive through their config (:mod:`.knowledge_config`), model loading (:mod:`.model`) and the batch
runner whose error handler reports and skips a failing article (:mod:`.batch`).

The result of this package is annotated Docs (``doc.spans`` and extensions). May import
:mod:`components.knowledge` and :mod:`components.ingest` (datelines); never tables, store, report,
run, the CLI or Streamlit.
"""
