"""How the pipeline's stages receive the :class:`~components.knowledge.Knowledge`: through their
config, by a registered loader (the spaCy way of giving a component data it does not build itself).

Each stage's config holds ``knowledge = {"@misc": "debate_briefing.knowledge.v1", "data_dir": …}``;
spaCy resolves it with :func:`knowledge_loader`, which reads exactly the bundled files plus
``data_dir`` (:func:`components.knowledge.read_knowledge`, memoised: every stage of a pipeline, and a
worker process rebuilding it, gets the same Knowledge). ``nlp.config`` thus says which knowledge a
pipeline was built with, and :func:`pipeline_knowledge` gives it back.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.util import registry

from ..knowledge import Knowledge, read_knowledge

LOADER = "debate_briefing.knowledge.v1"


@registry.misc(LOADER)
def knowledge_loader(data_dir: str | None = None) -> Knowledge:
    """The knowledge of the bundled files extended by ``data_dir`` (no environment lookup)."""
    return read_knowledge(data_dir)


def knowledge_config(knowledge: Knowledge | None = None) -> dict:
    """The config block that makes a stage load ``knowledge`` (the bundled files if ``None``)."""
    return {"@misc": LOADER, "data_dir": knowledge.data_dir if knowledge is not None else None}


#: the ``default_config`` entry of every stage that reads the knowledge
DEFAULT = knowledge_config()


def pipeline_knowledge(nlp: Language) -> Knowledge | None:
    """The knowledge a pipeline made by :func:`~components.nlp.pipeline.build_pipeline` was built with
    (None for another pipeline)."""
    spec = nlp.meta.get("debate_briefing_build")
    return None if spec is None else read_knowledge(spec.get("data_dir"))
