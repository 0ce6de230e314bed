"""The ``debate_stance`` component: the stance frames of each doc (:mod:`components.nlp.frames`), as
``doc._.stance_frames`` (:class:`~components.nlp.frames.StanceFrame` records) and
``doc._.stance_signals`` (their rows of the ``stance_signals`` table).

The debate is a data file (``components/knowledge/data/debates/<name>.toml``; the default is
``ukraine_weapons``): the question, the target, the frame lexicon and its sides. A debate file may
``extends = "<other debate>"`` and give only what differs (:func:`debate_definition`). The holders come
from the one attribution module (:mod:`components.nlp.attribution`), the resolution the quotes stage
uses too: its resolver and speech events, computed once per Doc.
"""
from __future__ import annotations

import copy

from spacy.language import Language
from spacy.tokens import Doc

from ..attribution import Attribution
from ..frames import DebateError, Lexicon, attitude_events, find_frames
from .. import knowledge_config
from ...knowledge import Knowledge

for _ext in ("stance_signals", "stance_frames"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)


def _merge(base: dict, over: dict) -> dict:
    """``over`` laid on ``base``: tables merge key by key, anything else is replaced."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else copy.deepcopy(v)
    return out


def debate_definition(knowledge: Knowledge, name: str | None = None) -> dict:
    """The debate ``name`` (the default one when ``None``), with what it ``extends`` laid under it."""
    debate = knowledge.debate(name)
    seen = [debate.get("name", name)]
    while debate.get("extends"):
        parent = debate["extends"]
        if parent in seen:
            raise DebateError(f"debate {seen[0]!r}: `extends` goes round in a circle: {seen + [parent]}")
        seen.append(parent)
        try:
            base = knowledge.debate(parent)
        except KeyError as exc:
            raise DebateError(f"debate {seen[0]!r} extends {parent!r}, which is not defined") from exc
        over = {k: v for k, v in debate.items() if k != "extends"}
        debate = _merge(base, over)
        if base.get("extends"):
            debate["extends"] = base["extends"]
    return debate


class StanceDetector:
    """Sets ``doc._.stance_frames`` and ``doc._.stance_signals``; see the module docstring."""

    def __init__(self, nlp: Language, name: str, knowledge: Knowledge, debate: str | None = None):
        self.name = name
        self.debate = debate_definition(knowledge, debate)
        self.lexicon = Lexicon(nlp.vocab, nlp.tokenizer, self.debate, figures=knowledge.weapon_context.figures)
        self.attribution = Attribution(knowledge, nlp)  # the one resolver of speakers and holders
        self.attitude_verbs = frozenset(self.debate.get("attribution", {}).get("attitude_verbs", []))
        self.outlets = frozenset(knowledge.outlets_by_name)

    def __call__(self, doc: Doc) -> Doc:
        try:
            frames = self.frames(doc)  # (an error goes to the pipeline's error handler: the article is skipped)
        finally:
            if doc.has_extension("resolver") and doc._.resolver is not None:
                doc._.resolver.flush()  # actors registered while resolving holders
        doc._.stance_frames = frames
        doc._.stance_signals = [f.row() for f in frames]
        return doc

    def frames(self, doc: Doc) -> list:
        """The stance frames of ``doc``."""
        if not len(doc) or not doc.has_annotation("DEP"):
            return []
        if doc._.actors is None:
            doc._.actors = {}
        resolver = self.attribution.resolver(doc)
        events = self.attribution.speech_events(doc) + attitude_events(doc, resolver, self.attitude_verbs)
        return find_frames(doc, self.lexicon, resolver, events, self.outlets)


@Language.factory("debate_stance", default_config={"knowledge": knowledge_config.DEFAULT, "debate": None},
                  requires=["doc.spans", "doc._.actors", "token.dep", "token.tag", "token.lemma", "doc.sents"],
                  assigns=["doc._.stance_frames", "doc._.stance_signals"])
def make_debate_stance(nlp: Language, name: str, knowledge: Knowledge, debate: str | None):
    return StanceDetector(nlp, name, knowledge, debate)
