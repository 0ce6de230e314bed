"""The holders of a predicate through speech: quotes (the speaker's own clauses only), reported
speech and "according to", the adversary's claims, position nouns and group phrases
(:class:`SpeakerHolders`, the holder half of :class:`~components.nlp.frames.finder.FrameFinder`), and
verbs of opinion as speech events (:func:`attitude_events`)."""
from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from ..attribution import Holder, Resolver, SpeechEvent, is_reported, subject_of
from .records import Cue, MAX_CLIMB, THIRD_PERSON
from .lexicon import inflections
from .holders import Found, agent_tokens, nearest_holder


class SpeakerHolders:
    """The holder methods of :class:`~components.nlp.frames.finder.FrameFinder` (see the package
    docstring, points 2 and 3). They read the finder's ``doc``, ``lex``, ``res`` (a
    :class:`~components.nlp.frames.holders.HolderLookup`), ``outlets``, ``event_at``, ``quote_at`` and
    ``predicate_roots``, which its constructor sets."""

    def _actor_holders(self, tokens: list[Token]) -> list[Holder]:
        out = []
        for tok in tokens:
            found = self.res.resolve_all(tok)
            if not found and tok.pos_ == "NOUN":  # "a group of House Republicans", "some of the allies"
                found = [h for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj" for h in self.res.resolve_all(g)]
            for h in found:
                if h.actor_id and not self._is_outlet(h.actor_id):
                    out.append(h)
                elif h.via == "first_person":
                    out.append(h)
        return out

    def _is_outlet(self, actor_id: str) -> bool:
        return self.res.info(actor_id).get("name", "").lower() in self.outlets

    def _speakers(self, ev: SpeechEvent | None) -> list[Holder]:
        if ev is None or ev.negated:
            return []
        return [h for h in ev.speakers if h.actor_id and not self._is_outlet(h.actor_id)]

    def holders(self, cue: Cue, gov: Cue | None) -> list[tuple[Holder, str, str, float]]:
        """``(holder, via, source, weight factor)`` for a cue, ``gov`` the predicate governing it (see
        the module docstring)."""
        ft, root = cue.ftype, cue.root
        if gov is not None and ft.holder == "asserter" and gov.ftype.kind == "action":
            gov = None  # an assessment is its asserter's, whatever action it is said of
        q = self.quote_at.get(root.i)
        stop = {i for i in (q[0] - 1, q[1]) if i >= 0} if q is not None else set()
        found, hypothetical, visited, blocked = None, False, set(), False
        if ft.holder == "experiencer":
            found = self._group_holder(root)
        if ft.holder == "asserter" and self._under_topic_prep(root, stop):
            return []  # "Russia's propaganda is about being at war with NATO": said of, not asserted
        if found is None and ft.holder != "asserter":
            found, hypothetical, visited, blocked = nearest_holder(root, self.lex, stop, self.predicate_roots,
                                                                   ft.kind == "action")
            if q is not None and found is not None and not all(q[0] <= t.i < q[1] for t in found.tokens):
                found = None  # the walk left the quote: the quote's speaker speaks
            if found is not None and ft.holder == "experiencer":
                obj = next((c for c in found.at.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    found = Found([obj], "experiencer", found.at)
        through_gov = gov is not None and (gov.root.i in visited or found is None)
        if through_gov and not (gov.ftype.presupposes and found is not None and found.via == "object"):
            return []  # read through the governing predicate ("refused to send", "urged X to allow")
        if gov is not None and not gov.ftype.presupposes and found is not None and found.via == "subject":
            return []  # a clause under an attitude is not asserted ("fear that Putin could retaliate")
        if q is not None:  # inside a quote: the speaker's own clauses only
            if found is not None:
                holders = self._actor_holders(found.tokens)
                first = any(h.via == "first_person" for h in holders)
                third = any(h.via != "first_person" and h.actor_id != q[2] for h in holders) or \
                    any(t.lower_ in THIRD_PERSON for t in found.tokens)
                if third and not first:
                    return []  # a clause about someone else ("China says it wants …", "they need …")
            if not q[2]:
                return []
            return [(Holder(q[2], "", "quote"), "quote", "quote", 1.0)]
        if hypothetical and ft.kind == "action":
            return []
        ev = self.event_at.get(root.i)
        speakers = self._speakers(ev)
        if ev is None:
            ev = self._speech_above(root)
            speakers = self._speakers(ev)
        if found is None:
            if blocked:
                return []
            via = "source" if ev is not None and ev.kind == "source" else "reporter"
            return [(s, via, "reported", 1.0) for s in speakers]
        holders = self._actor_holders(found.tokens)
        if any(h.via == "first_person" for h in holders):
            # "- We warn the United States against … - said Riabkov": speech without quotation marks
            return [(s, "speaker", "quote", 1.0) for s in speakers]
        if not holders:
            holders = self._position_holders(found.tokens)  # "X's position has not changed"
        if not holders:
            return []  # held by someone who is no actor ("the debate", "military analysts")
        own = "action" if ft.kind == "action" else "ascribed"
        spoken = {s.actor_id for s in speakers}
        if speakers and found.via != "object" and all(self._is_adversary(s.actor_id) for s in speakers):
            # what the adversary says of the other side is its own claim ("Putin said Ukraine is using
            # …", "Peskov said Kyiv wants …"), not a position the text ascribes to them; a deed it
            # criticises is presupposed ("lashing out at the US for supplying weapons")
            holders = [h for h in holders if h.actor_id in spoken or self._is_adversary(h.actor_id)]
            if not holders:
                return []
        out = [(h, found.via, "reported" if h.actor_id in spoken else own, 1.0) for h in holders]
        held = {h.actor_id for h in holders}
        countries = {self.res.country(a) for a in held} - {""}
        for s in speakers if ev is not None and ev.kind != "source" else ():  # a source attributes facts
            if s.actor_id not in held and self.res.country(s.actor_id) in countries:
                out.append((s, "reporter", "reported", self.lex.shared_weight))
        return out

    def _is_adversary(self, actor_id: str) -> bool:
        return self.res.country(actor_id) in self.lex.adversary

    def _under_topic_prep(self, root: Token, stop: set[int]) -> bool:
        """Whether ``root`` lies in the object of a topic preposition ("about", "on", "over") below the
        clause that reports it."""
        t = root
        for _ in range(MAX_CLIMB):
            if t.head.i == t.i or t.head.i in stop or self.res.attribution.is_speech_verb(t.head):
                return False
            if t.dep_ in ("pobj", "pcomp") and t.head.dep_ == "prep" and t.head.lower_ in self.lex.topic_preps:
                return True
            t = t.head
        return False

    def _speech_above(self, root: Token) -> SpeechEvent | None:
        """A reporting verb above ``root`` that the parser did not give a content clause ("said a
        change in policy … cannot come soon enough"), as a speech event."""
        t = root
        for _ in range(MAX_CLIMB):
            if t.head.i == t.i or t.dep_ in ("nsubj", "nsubjpass", "csubj", "relcl"):
                return None
            t = t.head
            if self.res.attribution.is_speech_verb(t) and is_reported(t):
                subj = subject_of(t, self.res.attribution.relative_pronouns)
                speakers = tuple(self.res.resolve_all(subj)) if subj is not None else ()
                return SpeechEvent(self.doc[t.i:t.i + 1], t, speakers, (), "speech")
        return None

    def _position_holders(self, tokens: list[Token]) -> list[Holder]:
        """The holders of position nouns among ``tokens`` ("the administration's stance")."""
        out = []
        for t in tokens:
            if t.lemma_.lower() in self.lex.position_nouns:
                found = agent_tokens(t, None, self.lex)
                if found is not None:
                    out += [h for h in self._actor_holders(found[0]) if h.via != "first_person"]
        return out

    def position_of(self, cue: Cue) -> list[Holder]:
        """Holders of a position noun the predicate is about ("no change to the administration's
        stance"): the predicate's objects and prepositional objects."""
        toks = []
        for c in cue.root.children:
            if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass"):
                toks.append(c)
            elif c.dep_ == "prep":
                toks += [g for g in c.children if g.dep_ == "pobj"]
        return self._position_holders(toks)

    def _group_holder(self, root: Token) -> Found | None:
        """"Within the Biden administration, the debate has split officials": a group phrase on the
        predicate's clause holds it when no actor does."""
        t = root
        for _ in range(4):
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in self.lex.group_preps:
                    obj = [g for g in c.children if g.dep_ == "pobj"]
                    if obj:
                        return Found(obj, "holder", t)
            if t.head.i == t.i:
                break
            t = t.head
        return None


def attitude_events(doc: Doc, resolver: Resolver, verbs: frozenset[str]) -> list[SpeechEvent]:
    """Verbs of opinion ("believes", "hopes", "thinks") with their subjects and the clauses they hold,
    as speech events: what X believes is X's position as what X says is."""
    a = resolver.attribution
    if not len(doc) or not verbs:
        return []
    arr = doc.to_array([LEMMA, LOWER])
    forms = {f for v in verbs for f in inflections(v)}
    wanted = numpy.array([doc.vocab.strings.add(v) for v in verbs], dtype=arr.dtype)
    wanted_forms = numpy.array([doc.vocab.strings.add(f) for f in forms], dtype=arr.dtype)
    out = []
    for i in numpy.flatnonzero(numpy.isin(arr[:, 0], wanted) | numpy.isin(arr[:, 1], wanted_forms)).tolist():
        t = doc[i]
        if t.pos_ not in ("VERB", "AUX") or a.is_speech_verb(t):
            continue
        # the clause the opinion holds ("believes that …", "thinks the missiles would …")
        content = tuple(doc[c.left_edge.i:c.right_edge.i + 1] for c in t.children if c.dep_ == "ccomp")
        if content:  # (a negated opinion negates its clause instead: see is_negated's raisers)
            out.append(SpeechEvent(doc[i:i + 1], t, tuple(resolver.speakers(t, register=False)), content, "speech"))
    return out
