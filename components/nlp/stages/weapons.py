"""The ``debate_weapons`` component: weapon mentions from the catalogue, as ``doc.spans["weapons"]``.

Each span's ``label_`` is the catalogue name of the system or generic category;
``doc._.weapon_systems`` maps each name found to its catalogue ``category`` and ``named`` flag (what
the tables show of it). Matching uses a
spaCy Matcher patterns built from ``weapons.toml`` (run around their anchor words by
:class:`~components.nlp.matching.AnchoredMatcher`, so a ``*`` modifier run stays in its sentence):

- named systems by their aliases, case-insensitively for multi-word aliases ("storm Shadow") and by
  exact or upper case for one-word aliases (so "Scalp"/"SCALP" match but the noun "scalp" does not),
  with plurals ("Storm Shadows") and a trailing "missile(s)"/"system(s)" taken into the span;
- generic categories by their phrases, where ``*`` admits compound modifiers tied to the head
  ("long-range European-made cruise missiles").

Overlaps resolve to named systems first; among generic phrases the one whose head ends last,
then the most specific (earliest in the catalogue), then the longest.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ...knowledge import Knowledge, WeaponSystem
from ...knowledge.models import WeaponContext
from ..tokens import object_of_as, sentence_starts
from .. import knowledge_config
from ..matching import AnchoredMatcher
from .paragraphs import outside_story

SPAN_KEY = "weapons"

if not Doc.has_extension("weapon_systems"):
    Doc.set_extension("weapon_systems", default=None)
#: entity types of words that lead a generic phrase without being part of the weapon ("sending Russia
#: short-range missiles", "a Sunday rocket attack", "155 mm howitzers")
NAME_TYPES = ("GPE", "PERSON", "ORG", "DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY")
MODIFIER_DEPS = ["amod", "compound", "npadvmod", "nmod", "punct", "advmod", "nummod", "quantmod"]


def _plural(word: str) -> list[str]:
    return [word, word + "s", word + "es", word + "'s"]


def alias_pattern(tokens: list[str], context: WeaponContext | None = None) -> list[dict]:
    """A Matcher pattern for one alias (its tokens), plurals and a trailing missile/system noun
    (``context.tail_modifiers`` and ``context.tail_words``)."""
    context = context or WeaponContext()
    if len(tokens) == 1:
        w = tokens[0]
        if any(c.isdigit() for c in w):  # a designation ("MiG-29", "S-400"): any case ("Mig-29s")
            pattern = [{"LOWER": {"IN": sorted(set(_plural(w.lower())))}}]
        else:  # a name or acronym: as written or in capitals ("Scalp", "SCALP"; "HARM", never "harm");
            # an acronym of five letters or more also as house styles write it ("Himars", "Atacms")
            forms = set(_plural(w)) | set(_plural(w.upper()))
            if w.isupper() and sum(c.isalpha() for c in w) >= 5:
                forms |= set(_plural(w.capitalize()))
            pattern = [{"ORTH": {"IN": sorted(forms)}}]
    else:
        pattern = [{"LOWER": t.lower()} for t in tokens[:-1]]
        pattern.append({"LOWER": {"IN": _plural(tokens[-1].lower())}})
    if context.tail_modifiers:
        pattern.append({"LOWER": {"IN": sorted(w.lower() for w in context.tail_modifiers)}, "OP": "?"})
    if context.tail_words:
        pattern.append({"LOWER": {"IN": sorted(w.lower() for w in context.tail_words)}, "OP": "?"})
    return pattern


def phrase_pattern(tokens: list[str]) -> list[dict]:
    """A Matcher pattern for a generic phrase; a token ``*`` admits head-bound modifiers."""
    pattern: list[dict] = []
    for i, t in enumerate(tokens):
        if t == "*":
            pattern.append({"DEP": {"IN": MODIFIER_DEPS}, "POS": {"NOT_IN": ["DET", "PRON", "ADP", "CCONJ", "PART", "AUX", "NUM", "SCONJ"]},
                            "OP": "*"})
        elif i == len(tokens) - 1:  # the head noun: never the verb ("Britain arms Ukraine")
            pattern.append({"LOWER": {"IN": sorted({t.lower(), t.lower() + "s"} if not t.lower().endswith("s") else {t.lower()})},
                            "POS": {"NOT_IN": ["VERB", "AUX"]}})
        else:
            pattern.append({"LOWER": t.lower()})
    return pattern


def _split_star(phrase: str) -> list[str]:
    out = []
    for part in phrase.split():
        if part.startswith("*") and len(part) > 1:
            out += ["*", part[1:]]
        else:
            out.append(part)
    return out


class WeaponMatcher:
    """Finds catalogue weapons in a Doc and sets ``doc.spans["weapons"]``."""

    def __init__(self, nlp: Language, name: str, knowledge: Knowledge):
        self.name = name
        self.knowledge = knowledge
        self.matcher = AnchoredMatcher(nlp.vocab)
        self.systems: dict[str, WeaponSystem] = {}
        self.order: dict[str, int] = {}
        for n, w in enumerate(self.knowledge.weapons):
            self.systems[w.name] = w
            self.order[w.name] = n
            patterns = []
            for alias in w.aliases:
                toks = [t.text for t in nlp.make_doc(alias)]
                patterns.append(alias_pattern(toks, self.knowledge.weapon_context))
            for phrase in w.patterns:
                pieces = []
                for part in _split_star(phrase):
                    pieces += ["*"] if part == "*" else [t.text for t in nlp.make_doc(part)]
                patterns.append(phrase_pattern(pieces))
            if patterns:
                self.matcher.add(w.name, patterns)

    def __call__(self, doc: Doc) -> Doc:
        spans = find_weapons(doc, self.matcher, self.systems, self.order, self.knowledge.weapon_context)
        doc.spans[SPAN_KEY] = spans
        doc._.weapon_systems = {s.label_: {"category": self.systems[s.label_].category,
                                           "named": self.systems[s.label_].named} for s in spans}
        return doc


def find_weapons(doc: Doc, matcher: AnchoredMatcher, systems: dict[str, WeaponSystem], order: dict[str, int],
                 context: WeaponContext | None = None) -> list[Span]:
    """Weapon spans of ``doc``: catalogue matches, overlaps resolved, exclusions dropped (a match
    that modifies a noun of ``context.not_before``, or lies inside a longer named entity of a type of
    ``context.not_in_entities``), and anaphors ("the system") counted; nothing in a metadata header
    (``# source: …``)."""
    context = context or WeaponContext()
    not_before = frozenset(w.lower() for w in context.not_before)
    figures = frozenset(w.lower() for w in context.figures)
    entity_types = frozenset(context.not_in_entities)
    ents = doc.ents  # (built from the tokens on each access)
    entity_at = {i: e for e in ents if e.label_ in entity_types for i in range(e.start, e.end)} if entity_types else {}
    spans = []
    gaps = outside_story(doc)
    for match_id, start, end in matcher(doc):
        label = doc.vocab.strings[match_id]
        if gaps.ranges and gaps.covers(doc[start].idx):
            continue
        # a modifier run must not start with punctuation
        # nor with a name that is not part of the weapon ("sending Russia short-range ballistic missiles")
        while start < end - 1 and (doc[start].is_punct or (not systems[label].named and doc[start].ent_type_ in NAME_TYPES)):
            start += 1
        spans.append(Span(doc, start, end, label=label))
    tail_words = frozenset(w.lower() for w in context.tail_words)
    named = [_with_descriptor(s, tail_words) for s in spans if systems[s.label_].named]
    generic = [s for s in spans if not systems[s.label_].named]
    keep_named = _join_adjacent(filter_spans(sorted(named, key=lambda s: (order[s.label_], s.start))))
    taken = {i for s in keep_named for i in range(s.start, s.end)}
    generic = [s for s in generic if not any(i in taken for i in range(s.start, s.end))]
    # the phrase's head decides (the span ending last), then the longest literal phrase of a category
    # (the shortest of its matches there: "nuclear weapons" over "weapons" in "independent nuclear
    # weapons", whatever the catalogue's order), then the catalogue's order, then length
    core: dict[tuple[str, int], int] = {}
    for s in generic:
        key = (s.label_, s.end)
        core[key] = min(core.get(key, len(s)), len(s))
    generic.sort(key=lambda s: (-s.end, -core[(s.label_, s.end)], order[s.label_], -(s.end - s.start)))
    keep_generic = []
    for s in generic:
        if not any(i in taken for i in range(s.start, s.end)):
            keep_generic.append(s)
            taken.update(range(s.start, s.end))
    person_length = _person_length_at(ents)
    out = []
    for s in sorted(keep_named + keep_generic, key=lambda s: s.start):
        if any(s.text.lower().endswith(e) for e in systems[s.label_].exclude):
            continue
        if systems[s.label_].named and (person_length.get(s.start, 0) > s.end - s.start or _followed_by_name(s, tail_words)):
            continue  # "Bradley Bowman, an analyst, said": a person, not the Bradley vehicle
        if not systems[s.label_].named and _used_as_verb(s):
            continue  # a head word used as a verb the tagger took for a noun ("Britain arms Ukraine")
        if not systems[s.label_].named and _as_a_figure(s, figures):
            continue  # "using energy as a weapon": a figure of speech; a weapon used so is named itself
        last = s[-1]
        if last.dep_ in ("compound", "amod", "nmod") and last.head.i >= s.end and last.head.lower_ in not_before:
            continue  # "the Cuban missile crisis": a weapon word naming something else
        ent = entity_at.get(s.start)
        if ent is not None and ent.start <= s.start and s.end <= ent.end and (ent.end - ent.start) > (s.end - s.start):
            continue  # "Missile Defense Agency": part of a longer name
        out.append(s)
    if context.anaphors and out:
        out = sorted(out + _anaphors(doc, out, context, taken), key=lambda s: s.start)
    return out


def _as_a_figure(span: Span, figures: frozenset[str]) -> bool:
    """Whether a word of ``figures`` alone is the object of a verb's "as" (:func:`object_of_as`): what
    is used as one is something else, named before it ("using energy as a weapon")."""
    return span.root.lemma_.lower() in figures and object_of_as(span.root) and len([t for t in span if t.is_alpha]) == 1


def _join_adjacent(spans: list[Span]) -> list[Span]:
    """Mentions of one system written side by side are one ("AGM-88 High-Speed Anti-Radiation Missile")."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: s.start):
        if out and out[-1].end == s.start and out[-1].label_ == s.label_:
            out[-1] = Span(s.doc, out[-1].start, s.end, label=s.label_)
        else:
            out.append(s)
    return out


def _with_descriptor(span: Span, heads: frozenset) -> Span:
    """A named system's mention with the descriptive phrase its name modifies ("Patriot air defense
    missile systems", "Abrams M1A1 battle tanks", "Patriot missile battery"): when the name is a
    compound of a noun of ``heads`` a few words on, and every word between belongs to that noun's phrase."""
    doc = span.doc
    last = span[-1]
    head = last.head
    if last.dep_ != "compound" or head.i < span.end or head.i - span.end > 4 or head.lower_ not in heads:
        return span
    if any(doc[j].head.i < span.start or doc[j].head.i > head.i or doc[j].dep_ not in ("compound", "amod", "punct", "nummod")
           for j in range(span.end, head.i)):
        return span
    return Span(doc, span.start, head.i + 1, label=span.label_)


def _anaphors(doc: Doc, found: list[Span], context: WeaponContext, taken: set[int]) -> list[Span]:
    """"the system", "these systems" (a noun of ``context.anaphors`` with only a determiner) within
    ``context.anaphor_window`` sentences after a weapon mention: a mention of that weapon, counted
    under ``context.anaphor_category``."""
    words = frozenset(w.lower() for w in context.anaphors)
    starts = sentence_starts(doc)
    weapon_starts = [s.start for s in found]
    out = []
    hashes = numpy.fromiter((doc.vocab.strings.add(w) for w in words), dtype="uint64")
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), hashes)).tolist():
        t = doc[i]
        if t.pos_ != "NOUN" or t.i in taken:
            continue
        children = list(t.children)
        if not children or any(c.dep_ != "det" or c.lower_ not in ("the", "this", "these", "those", "such")
                               for c in children):
            continue  # "the electricity system of Ukraine", "the political system": no anaphor
        k = bisect_left(weapon_starts, t.i) - 1
        if k < 0:
            continue
        sent = bisect_right(starts, t.i) - 1
        if bisect_right(starts, weapon_starts[k]) - 1 < sent - context.anaphor_window:
            continue
        out.append(Span(doc, t.i, t.i + 1, label=context.anaphor_category))
    return out


def _person_length_at(ents) -> dict[int, int]:
    """For each token inside a PERSON entity, the entity's length in tokens (entities do not overlap,
    so a mention is checked against the one entity at its first token, not against every person)."""
    return {i: e.end - e.start for e in ents if e.label_ == "PERSON" for i in range(e.start, e.end)}


def _used_as_verb(span: Span) -> bool:
    """Whether a one-word generic mention stands between a name (or pronoun) and a name, as a verb
    does ("Germany arms Ukraine", "it arms Kyiv"), or governs a subject or object."""
    if any(c.dep_ in ("nsubj", "dobj") for c in span[-1].children):
        return True
    if len(span) != 1 or span.start == 0 or span.end >= len(span.doc):
        return False
    prev, nxt = span.doc[span.start - 1], span.doc[span.end]
    name_before = prev.pos_ == "PRON" or prev.ent_type_ in ("GPE", "PERSON", "ORG")
    return name_before and (nxt.ent_type_ in ("GPE", "PERSON", "ORG") or nxt.pos_ in ("DET", "PRON"))


def _followed_by_name(span: Span, tail_words: frozenset = frozenset()) -> bool:
    """Whether a one-word system name runs on into a capitalised name ("Bradley Bowman")."""
    if len(span) != 1 or span.end >= len(span.doc):
        return False
    nxt = span.doc[span.end]
    return nxt.is_title and nxt.pos_ == "PROPN" and nxt.lower_ not in tail_words and span[0].whitespace_ != ""


@Language.factory("debate_weapons", default_config={"knowledge": knowledge_config.DEFAULT},
                  requires=["doc.ents", "token.ent_type", "token.tag", "token.dep"],
                  assigns=["doc.spans", "doc._.weapon_systems"])
def make_weapon_matcher(nlp: Language, name: str, knowledge: Knowledge):
    return WeaponMatcher(nlp, name, knowledge)
