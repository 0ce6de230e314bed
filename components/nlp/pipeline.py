"""Building the one spaCy pipeline the analysis runs.

``model (tagger/parser/ner) + debate_paragraphs (before the parser: a line break ends a sentence)
+ debate_entity_ruler (before ner) → debate_weapons → debate_actors →
debate_quotes → debate_stance``; each stage a registered factory configured through ``config``
(``knowledge``: the :class:`~components.knowledge.Knowledge` it reads, through the registered loader of
:mod:`.knowledge_config`; ``debate`` for the debate definition). Stages whose module is missing are
skipped, so the pipeline always builds.
"""
from __future__ import annotations

import importlib

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import Knowledge
from .batch import set_error_handler, skip_article
from .knowledge_config import knowledge_config
from .model import find_model, load_model
from .tokenizer import BoundedTokenizer

PIPELINE_VERSION = "1"
#: (factory name, module that registers it), in pipeline order
STAGES: list[tuple[str, str]] = [
    ("debate_weapons", "components.nlp.stages.weapons"),
    ("debate_actors", "components.nlp.stages.actors"),
    ("debate_quotes", "components.nlp.stages.quotes"),
    ("debate_stance", "components.nlp.stages.stance"),
]

if not Doc.has_extension("article_id"):
    Doc.set_extension("article_id", default=None)


def build_pipeline(model: str | None = None, *, knowledge: Knowledge, debate: str | None = None) -> Language:
    """The analysis pipeline reading ``knowledge``; ``nlp.meta["debate_briefing"]`` records the model,
    stage list and knowledge fingerprint (used to key stored analyses)."""
    from .stages.actors import ruler_patterns

    nlp, model_name = load_model(model)
    add_title_abbreviations(nlp, knowledge.titles)
    split_glued_sentences(nlp)
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)  # a run of thousands of characters costs no more than its length
    ruler_cfg = {"overwrite_ents": "ner" not in nlp.pipe_names, "phrase_matcher_attr": "ORTH"}
    ruler = nlp.add_pipe("entity_ruler", name="debate_entity_ruler",
                         before="ner" if "ner" in nlp.pipe_names else None, config=ruler_cfg)
    # the ruler matches ORTH, so its phrase patterns need only the tokenizer; spaCy's add_patterns
    # runs every pipe before the ruler (tok2vec, tagger, parser…) over each pattern unless they are off
    with nlp.select_pipes(enable=["debate_entity_ruler"]):
        ruler.add_patterns(ruler_patterns(knowledge))
    from .stages import paragraphs  # noqa: F401  (registers debate_paragraphs)

    if "parser" in nlp.pipe_names:
        nlp.add_pipe("debate_paragraphs", before="parser", config={"knowledge": knowledge_config(knowledge)})
    stages = available_stages()
    for factory in stages:
        config: dict = {"knowledge": knowledge_config(knowledge)}
        if factory == "debate_stance":
            config["debate"] = debate
        component = nlp.add_pipe(factory, config=config)
        if getattr(component, "knowledge", knowledge).fingerprint != knowledge.fingerprint:
            raise ValueError("build_pipeline needs a Knowledge read from data folders (load_knowledge)")
    set_error_handler(nlp, skip_article)  # a stage that raises on an article: reported and skipped
    nlp.meta["debate_briefing"] = _briefing_meta(model_name, stages, knowledge.analysis_fingerprint, debate, knowledge)
    # how to build this pipeline again in another process (components.run.engines); not exported
    nlp.meta["debate_briefing_build"] = {"model": model_name, "data_dir": knowledge.data_dir, "debate": debate}
    return nlp


def available_stages() -> list[str]:
    """The factory names of :data:`STAGES` whose module exists (importing it registers the factory)."""
    stages = []
    for factory, module in STAGES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        stages.append(factory)
    return stages


def _briefing_meta(model_name: str, stages: list[str], knowledge: str, debate: str | None,
                   know: Knowledge | None = None) -> dict:
    meta = {"model": model_name, "stages": stages, "pipeline_version": PIPELINE_VERSION,
            "knowledge": knowledge, "debate": debate or "default"}
    if know is not None:  # what the dashboard and the briefing show of the debate (not part of the key)
        meta.update(debate_summary(know, debate))
    return meta


def debate_summary(knowledge: Knowledge, debate: str | None = None) -> dict:
    """The debate's name, question, short question and one line per stance label (for display)."""
    from .stages.stance import debate_definition

    try:
        d = debate_definition(knowledge, debate)
    except (KeyError, ValueError):
        return {}
    return {"debate_name": d.get("name", debate or ""), "question": d.get("question", ""),
            "short_question": d.get("short_question", ""), "labels": dict(d.get("labels", {}))}


def describe_pipeline(model: str | None = None, *, knowledge: Knowledge, debate: str | None = None) -> dict:
    """The parts of ``nlp.meta`` that :func:`build_pipeline` would give for these arguments and that
    key stored analyses (``"debate_briefing"`` and the model's ``"version"``), found without loading
    the model: so a corpus whose tables are stored is reopened without it."""
    model_name, version = find_model(model)
    meta = _briefing_meta(model_name, available_stages(), knowledge.analysis_fingerprint, debate, knowledge)
    return {"debate_briefing": meta, "version": version}


#: a full stop between a word in capitals and a capitalised word with no space: two sentences glued by
#: a copy that lost the space ("from the USA.Joe Biden emphasized", "NATO.It", "World War II.The");
#: spaCy's own infix splits only after a lower-case letter ("radars.Joe")
GLUED_AFTER_CAPITALS = r"(?<=[A-Z]{2})\.(?=[A-Z][a-z])"


def split_glued_sentences(nlp: Language) -> None:
    """Add :data:`GLUED_AFTER_CAPITALS` to the tokenizer's infixes (spaCy's ``compile_infix_regex``)."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or ()) + [GLUED_AFTER_CAPITALS]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def add_title_abbreviations(nlp: Language, titles: list[str]) -> None:
    """Keep abbreviated titles ("Maj.", "Lt.", "Brig.") as one token, so the tokenizer never splits
    off their full stop and the sentence splitter never ends a sentence inside "Maj. Gen. Pat Ryder".
    The abbreviations come from ``titles.txt``."""
    from spacy.symbols import ORTH

    for title in titles:
        for word in title.split():
            if word.endswith(".") and len(word) > 1 and word[:-1].isalpha():
                for form in {word, word.capitalize()}:
                    nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def pipeline_key(nlp: "Language | dict") -> str:
    """A string that changes whenever the pipeline's output could change (model, stages, code
    version, knowledge files, debate); of a pipeline or of its ``nlp.meta`` (:func:`describe_pipeline`)."""
    m = (nlp if isinstance(nlp, dict) else nlp.meta).get("debate_briefing", {})
    return "|".join(str(m.get(k)) for k in ("model", "stages", "pipeline_version", "knowledge", "debate"))
