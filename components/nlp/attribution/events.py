"""Speech events: every reporting verb in reported use or source phrase, its speakers and the content
it reports (:func:`find_speech_events`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from ..stages.actors import contributor_credit
from ..stages.paragraphs import outside_story
from .records import SpeechEvent
from .syntax import subject_of

if TYPE_CHECKING:
    from .knowledge import Attribution
    from .resolver import Resolver


# ---------------------------------------------------------------------------------------------
# speech events

def is_reported(verb: Token) -> bool:
    """Whether a speech verb reports a speech act that took place: not under a modal ("would
    announce", "could say") and not an infinitive of purpose ("came to press for …"); infinitives
    complementing a verb stay ("has continued to press for …")."""
    if any(c.tag_ == "MD" for c in verb.children):
        return False
    return not (any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.dep_ in ("advcl", "acl"))


def is_negated_speech(verb: Token) -> bool:
    """Whether a speech verb is negated ("did not say", "never confirmed"): no content is reported."""
    return any(c.dep_ == "neg" for c in verb.children)


#: prepositions that carry what a light-verb phrase is about when the parser hung them on the verb
LIGHT_PREPS = frozenset({"about", "over", "on", "for", "regarding", "against", "of", "at"})


def speech_verb_table(speech) -> tuple[dict[str, frozenset], frozenset, frozenset, frozenset, frozenset]:
    """``(content kinds by verb lemma, light verbs, speech nouns, claim nouns, negating verbs)`` of
    the validated ``speech_verbs.toml`` (:class:`~components.knowledge.models.SpeechVerbsFile`); a
    verb in several categories has the union of their kinds."""
    kinds: dict[str, set] = {}
    for cat in speech.category:
        for v in cat.verbs:
            kinds.setdefault(v.lower(), set()).update(cat.content)
    low = lambda words: frozenset(w.lower() for w in words)  # noqa: E731
    return ({v: frozenset(k) for v, k in kinds.items()}, low(speech.light.verbs), low(speech.light.nouns),
            low(speech.claims.nouns), low(speech.negating.verbs))


def content_of(verb: Token, attribution: Attribution, resolver: Resolver) -> list[Span]:
    """What a speech verb reports, as token spans, by its category's content kinds (see
    ``speech_verbs.toml``): clausal complements (also found deeper, "said at a briefing that …", and
    the clause a parenthetical or "as" clause comments on), infinitives, objects that are not actors,
    and phrases with the category's prepositions; a light verb's speech noun with what it governs."""
    a = attribution
    kinds = a.kinds(verb)
    doc = verb.doc
    out: list[Token] = []
    clause = False
    for c in verb.children:
        dep = c.dep_
        if dep == "ccomp" or (dep == "xcomp" and ("clause" in kinds or "infinitive" in kinds)):
            if "clause" in kinds or dep == "xcomp":
                out.append(c)
                clause = True
        elif dep == "prep" and c.lower_ in kinds and not any(w.ent_type_ in ("DATE", "TIME", "ORDINAL") for w in c.subtree):
            out.append(c)
        elif dep == "dobj" and c.pos_ in ("NOUN", "PROPN") and resolver.mentions.actor_at(c) is None:
            if "object" in kinds or ("claim" in kinds and c.lower_ in a.claim_nouns):
                out.append(c)
            elif "light" in kinds and c.lower_ in a.light_nouns:  # "voiced skepticism about …": what the noun governs
                out += [g for g in c.children if g.dep_ in ("prep", "acl", "ccomp", "relcl") and g.i > c.i]
                out += [g for g in verb.children if g.dep_ == "prep" and g.i > c.i and g.lower_ in LIGHT_PREPS
                        and not any(w.ent_type_ in ("DATE", "TIME", "ORDINAL") for w in g.subtree)]
    if "predicate" in kinds:  # "called the strikes a “heinous act”"
        pred = [c for c in verb.children if c.dep_ in ("oprd", "xcomp") and c.pos_ in ("NOUN", "PROPN", "ADJ")]
        obj = [c for c in verb.children if c.dep_ == "dobj"]
        if pred and obj:
            out += obj + pred
    if "infinitive" in kinds and not clause:
        out += _infinitives(verb)
    spans = [_strip_punct(_subtree_span(t)) for t in out]
    if "clause" in kinds and not clause:
        deep = _deep_clause(verb)
        if deep is not None:
            spans.append(_subtree_span(deep))
        elif verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ == "as" for m in verb.children)):
            head = verb.head  # "Russia, Kahl said, has had …", "As Ukrinform reported, …"
            spans += [_strip_punct(p) for p in (doc[head.left_edge.i:verb.left_edge.i],
                                                doc[verb.right_edge.i + 1:head.right_edge.i + 1])]
    return [p for p in spans if len(p)]


def _strip_punct(span: Span) -> Span:
    """``span`` without punctuation or spaces at either end (quotation marks stay)."""
    s, e, doc = span.start, span.end, span.doc
    while s < e and (doc[s].is_space or (doc[s].is_punct and not doc[s].is_quote)):
        s += 1
    while e > s and (doc[e - 1].is_space or (doc[e - 1].is_punct and not doc[e - 1].is_quote)):
        e -= 1
    return doc[s:e]


def _deep_clause(verb: Token) -> Token | None:
    """A that-clause under a speech verb that the parser hung below one of its phrases ("said at a
    press briefing that …", "informed in a statement in which … that …"); a relative clause opening
    with "that" whose verb has another subject and object is such a clause too."""
    stack = [(c, 0) for c in verb.children if c.dep_ in ("prep", "dobj", "npadvmod", "dative", "attr")]
    while stack:
        t, depth = stack.pop(0)
        if t.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in t.children):
            return t
        if t.dep_ == "relcl" and _that_clause(t):
            return t
        if depth < 4:
            stack += [(c, depth + 1) for c in t.children if c.dep_ not in ("nsubj", "nsubjpass", "punct", "cc", "conj")]
    return None


def _that_clause(verb: Token) -> bool:
    """Whether a clause the parser took for a relative clause is a that-complement: it opens with
    "that", which is neither its subject nor its only object."""
    first = verb.doc[verb.left_edge.i]
    if first.lower_ != "that" or first.dep_ in ("nsubj", "nsubjpass"):
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    return first.dep_ == "mark" or any(c.dep_ in ("dobj", "attr", "ccomp", "acomp") and c.i != first.i
                                       for c in verb.children)


def _infinitives(verb: Token) -> list[Token]:
    """Infinitives ("to loosen …") under ``verb`` reached without crossing another verb: what a
    request verb asks for when the parser hung it elsewhere ("urging allies for months to loosen …",
    "pressed lawmakers for six months to approve …", an infinitive after the addressee)."""
    addressee = any(c.dep_ == "dobj" for c in verb.children)
    found, stack = [], [c for c in verb.children if c.dep_ not in ("nsubj", "nsubjpass", "ccomp")
                        and (c.dep_ != "advcl" or addressee)]
    while stack:
        t = stack.pop()
        if t.pos_ in ("VERB", "AUX"):
            if t.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                found.append(t)
            continue
        stack += list(t.children)
    return found


def _subtree_span(tok: Token) -> Span:
    return tok.doc[tok.left_edge.i:tok.right_edge.i + 1]


def source_phrase_object(doc: Doc, match: Span, limit: int) -> Token | None:
    """The source named by a source phrase ("according to X", "citing X"): the object of its last
    word, else the first noun after it before token ``limit``."""
    obj = next((c for c in match[-1].children if c.dep_ in ("pobj", "dobj")), None)
    if obj is None and match.end < limit:
        obj = next((t for t in doc[match.end:limit] if t.pos_ in ("PROPN", "NOUN")), None)
    return obj


def find_speech_events(doc: Doc, resolver: Resolver) -> list[SpeechEvent]:
    """Every speech event of ``doc`` (see the module docstring), in text order."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    a = resolver.attribution
    gaps = outside_story(doc)
    out: list[SpeechEvent] = []
    for t in _verbs(doc, a.verbs | a.document_verbs):
        if gaps.covers(t.idx) or resolver.quoted[t.i] or not a.is_speech_verb(t) or not is_reported(t):
            continue
        if contributor_credit(t, a.contributor_verbs, a.contributor_preps):
            continue  # "…, Jennifer Rankin writes from Brussels": a contributor line
        speakers = resolver.speakers(t, register=False)
        if not speakers:  # an outlet that reports is an actor even when it reports only quotations
            subject = next((g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
                           None) or subject_of(t, a.relative_pronouns)
            outlet = resolver.outlet(subject) if subject is not None else None
            speakers = [outlet] if outlet is not None else []
        content = tuple(content_of(t, a, resolver))
        kind = "vague" if speakers and all(a.is_vague(h.actor_id, doc, h.text) for h in speakers) else "speech"
        negated = is_negated_speech(t) or (t.dep_ == "xcomp" and t.head.lemma_.lower() in a.negating)
        out.append(SpeechEvent(doc[t.i:t.i + 1], t, tuple(speakers), content, kind, negated))
    for _, s, e in a.source_matcher(doc):
        match = doc[s:e]
        if gaps.covers(match.start_char) or resolver.quoted[s]:
            continue
        sent = match.sent
        obj = source_phrase_object(doc, match, sent.end)
        if obj is None:
            continue
        h = resolver.resolve(obj, register=False)
        speakers = (h,) if h is not None else ()
        content = tuple(_trim(x) for x in _around(sent, match, obj))
        kind = "vague" if h is not None and a.is_vague(h.actor_id, doc, h.text) else "source"
        out.append(SpeechEvent(match, None, speakers, content, kind))
    out.sort(key=lambda e: e.cue.start)
    return out


def _around(sent: Span, match: Span, obj: Token) -> list[Span]:
    """The parts of ``sent`` outside a source phrase and its object's phrase."""
    doc = sent.doc
    lo = match.start
    hi = max(match.end, obj.right_edge.i + 1)
    parts = [doc[sent.start:lo], doc[hi:sent.end]]
    return [p for p in parts if len(p)]


def _verbs(doc: Doc, lemmas: frozenset[str] | None = None) -> list[Token]:
    """The tokens of ``doc`` tagged VERB or AUX, in order (read with ``Doc.to_array``); with
    ``lemmas``, only those whose lemma or lower-case form is one of them."""
    if not len(doc):
        return []
    arr = doc.to_array([POS, LEMMA, LOWER])
    keep = numpy.isin(arr[:, 0], (VERB, AUX))
    if lemmas is not None:
        hashes = numpy.fromiter((doc.vocab.strings.add(w) for w in lemmas), dtype="uint64", count=len(lemmas))
        keep &= numpy.isin(arr[:, 1], hashes) | numpy.isin(arr[:, 2], hashes)
    return [doc[i] for i in numpy.flatnonzero(keep).tolist()]


def _trim(span: Span) -> Span:
    """``span`` without surrounding spaces, line breaks and punctuation."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (doc[s].is_space or (doc[s].is_punct and not doc[s].is_quote)):
        s += 1
    while e > s and (doc[e - 1].is_space or doc[e - 1].text in (",", ";", ":", "—", "–", "-")):
        e -= 1
    return doc[s:e]
