"""Who holds a position: the holder resolution the stance frames use, with the API planned for the one
attribution module of issue 13 (``components/nlp/attribution.py``).

This is a thin adapter over the resolution the quotes stage already does (:mod:`.stages.quotes`:
pronouns, definite descriptions, surnames, subjects inherited through participles and conjuncts), so
that quotes and stance share one resolver. When ``components.nlp.attribution`` lands, the stance
frames import these names from there and this module goes.

- :func:`quote_regions` ``(text) -> [(start, end)]``: character ranges between paired quotation marks.
- :class:`Resolver` ``(doc, finder)``: ``resolve(token) -> Holder | None`` (a mention, a pronoun, a
  relative pronoun, a definite description, a surname), ``resolve_all(token)`` with conjuncts and
  members ("Stoltenberg and Borrell", "Democrats …, including Sen. Cardin").
- :func:`speech_events` ``(doc, resolver) -> [SpeechEvent]``: each reporting verb or source phrase with
  its speakers and the tokens that carry what was said.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .stages.actors import Mentions
from .stages.quotes import (QuoteFinder, content_of, is_reported, known_person, name_phrase, pair_quote_marks,
                            resolve_description, resolve_pronoun, subject_of, _verbs)

#: dependencies by which a noun phrase continues into more holders ("X and Y", "X, Y's minister")
CONJUNCT_DEPS = ("conj", "appos")
#: prepositions introducing members of a group ("Democrats, including Sen. Cardin")
MEMBER_PREPS = ("including", "include", "like", "such", "among")


@dataclass(frozen=True)
class Holder:
    """An actor holding a position or speaking: ``actor_id`` (an id of ``doc._.actors``; ``""`` for a
    first-person pronoun, whose holder is the speaker of the quote it stands in), the words as written,
    and ``via``: ``mention`` | ``pronoun`` | ``relative`` | ``description`` | ``surname`` | ``first_person``."""

    actor_id: str
    text: str
    via: str


@dataclass
class SpeechEvent:
    """A reporting verb (or source phrase) with its speakers and content tokens (index ranges)."""

    cue: Token
    speakers: list[Holder]
    content: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "indirect"  # indirect | source


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` between paired quotation marks."""
    return pair_quote_marks(text)


class _Pronoun:
    """A stand-in for a possessive pronoun read as its subject form ("his" → "he"), from the parser's
    morphology, for :func:`resolve_pronoun` (which reads only ``lower_``, ``i`` and ``sent``)."""

    def __init__(self, tok: Token, lower: str):
        self.lower_, self.i, self.sent, self.pos_ = lower, tok.i, tok.sent, "PRON"


def subject_form(tok: Token) -> str | None:
    """The subject pronoun a personal pronoun stands for, from its morphology ("his", "him" → "he",
    "their" → "they", "our" → "we"), or ``None``."""
    m = tok.morph
    if "Prs" not in m.get("PronType"):
        return None
    person, number, gender = m.get("Person"), m.get("Number"), m.get("Gender")
    if "1" in person:
        return "we" if "Plur" in number else "i"
    if "3" not in person:
        return None
    if "Plur" in number:
        return "they"
    return {"Masc": "he", "Fem": "she", "Neut": "it"}.get(gender[0]) if gender else None


class Resolver:
    """Resolves the tokens that name a holder or speaker to actors of ``doc`` (see the module
    docstring). ``finder`` is the quotes stage's :class:`~.stages.quotes.QuoteFinder` (its pronoun and
    description tables)."""

    def __init__(self, doc: Doc, finder: QuoteFinder, quoted: set[int] | None = None):
        self.doc = doc
        self.finder = finder
        self.mentions = Mentions(doc)
        if quoted is None:
            quoted = {i for s, e in quote_regions(doc.text) for i in _token_range(doc, s, e)}
        self.quoted = quoted

    def info(self, actor_id: str) -> dict:
        """``doc._.actors[actor_id]`` (name, type, role, country), or ``{}``."""
        return (self.doc._.actors or {}).get(actor_id) or {}

    def country(self, actor_id: str) -> str:
        """The country an actor belongs to (a country is its own)."""
        rec = self.info(actor_id)
        if rec.get("type") == "country":
            return rec.get("name", "")
        return rec.get("country", "") or ""

    def mention_at(self, tok: Token) -> Span | None:
        """The actor mention containing ``tok`` (the one whose root it is, else the longest)."""
        found = self.mentions.overlapping(tok.i, tok.i + 1)
        if not found:
            return None
        return max(found, key=lambda s: (s.root.i == tok.i, len(s)))

    def resolve(self, tok: Token | Span) -> Holder | None:
        """The holder ``tok`` names, or ``None`` when it names no actor (a common noun, "it" of a thing)."""
        if isinstance(tok, Span):
            tok = tok.root
        m = self.mention_at(tok)
        if m is not None and m.kb_id_:
            return Holder(m.kb_id_, m.text, "mention")
        if tok.pos_ == "PRON":
            low = tok.lower_
            if low in self.finder.relative_pronouns and tok.head.dep_ == "relcl" and tok.head.head is not tok.head:
                head = tok.head.head
                found = self.resolve(head) if head.pos_ in ("NOUN", "PROPN") else None
                return Holder(found.actor_id, found.text, "relative") if found else None
            form = low if low in self.finder.pronouns else subject_form(tok)
            if form in ("i", "we", "me", "us"):
                return Holder("", tok.text, "first_person")
            if form is None:
                return None
            proxy = tok if form == low else _Pronoun(tok, form)
            aid = resolve_pronoun(self.doc, proxy, self.finder, self.quoted, self.mentions)
            return Holder(aid, tok.text, "pronoun") if aid else None
        if tok.pos_ in ("NOUN", "PROPN"):
            aid = resolve_description(self.doc, tok, self.finder, self.quoted, self.mentions)
            if aid:
                return Holder(aid, tok.text, "description")
        if tok.pos_ == "PROPN":
            aid = known_person(self.doc, name_phrase(tok))
            if aid:
                return Holder(aid, tok.text, "surname")
        return None

    def resolve_all(self, tok: Token) -> list[Holder]:
        """The holders of the noun phrase headed by ``tok``: itself, its conjuncts and appositions, and
        the members a group phrase lists ("Democrats …, including Sen. Cardin and Sen. Shaheen")."""
        out: list[Holder] = []
        seen: set[int] = set()
        stack = [tok]
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            h = self.resolve(t)
            if h is not None and all(h.actor_id != o.actor_id or not h.actor_id for o in out):
                out.append(h)
            for c in t.children:
                if c.dep_ in CONJUNCT_DEPS and c.pos_ in ("NOUN", "PROPN", "PRON"):
                    stack.append(c)
                elif c.dep_ == "prep" and c.lower_ in MEMBER_PREPS:
                    # every actor named in the member phrase but places ("Sen. Cardin of Maryland")
                    for g in c.subtree:
                        if g.i != c.i and not (g.dep_ == "pobj" and g.head.lower_ in ("of", "from", "in")):
                            m = self.mention_at(g)
                            if m is not None and m.root.i == g.i:
                                stack.append(g)
        return out


def speech_events(doc: Doc, resolver: Resolver) -> list[SpeechEvent]:
    """The reporting verbs of ``doc`` that report something (not under a modal, not a purpose
    infinitive) with their speakers and content (:func:`~.stages.quotes.content_of`), and the source
    phrases ("according to X", "citing X") with the clause they attribute."""
    finder = resolver.finder
    out = []
    for verb in _verbs(doc):
        if not finder.is_speech_verb(verb) or not is_reported(verb):
            continue
        content = content_of(verb, finder, resolver.mentions)
        if not content:
            continue
        subj = subject_of(verb, finder.relative_pronouns)
        speakers = resolver.resolve_all(subj) if subj is not None else []
        out.append(SpeechEvent(verb, speakers, [(c.left_edge.i, c.right_edge.i + 1) for c in content], "indirect"))
    for match in finder.source_matcher(doc, as_spans=True):
        obj = next((c for c in match[-1].children if c.dep_ in ("pobj", "dobj")), None)
        if obj is None:
            continue
        clause = match.root.head if match.root.head is not match.root else match.root
        while clause.pos_ not in ("VERB", "AUX") and clause.head is not clause:
            clause = clause.head
        speakers = resolver.resolve_all(obj)
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        out.append(SpeechEvent(match.root, speakers, [(lo, match.start), (obj.right_edge.i + 1, hi)], "source"))
    return out


def _token_range(doc: Doc, start: int, end: int) -> range:
    """The indices of the tokens inside characters ``start:end``."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return range(span.start, span.end) if span is not None else range(0)
