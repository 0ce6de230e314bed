"""Who holds a predicate, read from the parse: the questions to the attribution resolver
(:class:`HolderLookup`: actors, countries, pronouns, "his country", group members) and the walk up a
predicate's clause to its nearest holder (:func:`nearest_holder`)."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ...knowledge.models import slug
from ..attribution import Holder, Resolver
from .records import MAX_CLIMB, MEMBER_PREPS, OWN_COUNTRY_NOUNS, THIRD_PERSON
from .lexicon import Lexicon


class HolderLookup:
    """The stance frames' questions to the attribution :class:`~components.nlp.attribution.Resolver`
    (which resolves every name, pronoun and description): an actor's record and country, and the
    holders of a noun phrase, with the grammar of holder phrases on top: a first-person pronoun (the
    speaker of the quote it stands in), a relative pronoun (the noun its clause modifies), the members
    a group phrase lists ("Democrats …, including Sen. Cardin and Sen. Shaheen")."""

    def __init__(self, resolver: Resolver):
        self.res = resolver
        self.doc = resolver.doc
        self.attribution = resolver.attribution
        self.mentions = resolver.mentions

    def info(self, actor_id: str) -> dict:
        """``doc._.actors[actor_id]`` (name, type, role, country), or ``{}``."""
        return (self.doc._.actors or {}).get(actor_id) or {}

    def country(self, actor_id: str) -> str:
        """The country an actor belongs to (a country is its own), from the doc or the catalogue."""
        rec = self.info(actor_id)
        if rec.get("type") == "country":
            return rec.get("name", "")
        if rec.get("country"):
            return rec["country"]
        entry = self.attribution.knowledge.actor(actor_id)
        return (entry.country if entry is not None else "") or ""

    def country_actor(self, country: str) -> str:
        """The actor id of the country named ``country`` ("" when it is no country actor)."""
        if not country:
            return ""
        for aid, rec in (self.doc._.actors or {}).items():
            if rec.get("type") == "country" and rec.get("name") == country:
                return aid
        entry = self.attribution.knowledge.actor(slug(country))
        return entry.id if entry is not None and entry.type == "country" else ""

    def own_country(self, tok: Token) -> Holder | None:
        """"his country's need", "their nation": the country of the actor the possessive pronoun
        stands for."""
        if tok.lemma_.lower() not in OWN_COUNTRY_NOUNS:
            return None
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in THIRD_PERSON), None)
        if poss is None:
            return None
        found = self.res.resolve(poss)
        aid = self.country_actor(self.country(found.actor_id)) if found is not None and found.actor_id else ""
        if not aid or aid == found.actor_id:
            return None
        return Holder(aid, self.doc[poss.i:tok.i + 1].text, "own_country", poss.i, tok.i + 1)

    def mention_at(self, tok: Token) -> Span | None:
        """The actor mention containing ``tok`` (the one whose root it is, else the longest)."""
        found = self.mentions.overlapping(tok.i, tok.i + 1)
        return max(found, key=lambda m: (m.root.i == tok.i, len(m))) if found else None

    def resolve(self, tok: Token) -> Holder | None:
        """The holder ``tok`` designates (see the class docstring), else ``None``."""
        if tok.pos_ == "PRON" and "1" in tok.morph.get("Person") and "Prs" in tok.morph.get("PronType"):
            return Holder("", tok.text, "first_person", tok.i, tok.i + 1)
        if tok.lower_ in self.attribution.relative_pronouns and tok.head.dep_ == "relcl" \
                and tok.head.head.i != tok.head.i and tok.head.head.pos_ in ("NOUN", "PROPN"):
            found = self.res.resolve(tok.head.head)
            return Holder(found.actor_id, found.text, "relative", found.start, found.end) if found else None
        return self.res.resolve(tok) or self.own_country(tok)

    def resolve_all(self, tok: Token) -> list[Holder]:
        """The holders of the noun phrase headed by ``tok``: its own and its conjuncts'
        (:meth:`Resolver.holders`), and the members its group phrase lists."""
        first = self.resolve(tok)
        if first is None:
            out = []
        elif first.via in ("first_person", "relative", "own_country"):
            out = [first]
        else:
            out = self.res.holders(tok)
        seen = {h.actor_id for h in out}
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in MEMBER_PREPS:
                # every actor named in the member phrase but places ("Sen. Cardin of Maryland")
                for g in c.subtree:
                    if g.i == c.i or (g.dep_ == "pobj" and g.head.lower_ in ("of", "from", "in")):
                        continue
                    m = self.mention_at(g)
                    if m is not None and m.root.i == g.i and m.kb_id_ not in seen:
                        seen.add(m.kb_id_)
                        out.append(Holder(m.kb_id_, m.text, "member", m.start, m.end))
        return out


@dataclass
class Found:
    """A predicate's nearest holder tokens, how they were found, and where the walk stopped."""

    tokens: list[Token]
    via: str
    at: Token  # the token whose argument the holder is


def agent_tokens(pred: Token, came_from: Token | None, lex: Lexicon) -> tuple[list[Token], str] | None:
    """The tokens naming who holds ``pred`` read from ``pred``'s own arguments, with how."""
    if pred.pos_ in ("NOUN", "PROPN"):
        for c in pred.children:
            if c.dep_ == "poss":
                return [c], "possessor"
        for c in pred.children:
            if c.dep_ == "prep" and c.lower_ in lex.holder_preps:
                obj = [g for g in c.children if g.dep_ == "pobj"]
                if obj:
                    return obj, "from"
            if c.dep_ == "prep" and c.lower_ == "of" and pred.lemma_.lower() in lex.of_holder_nouns:
                obj = [g for g in c.children if g.dep_ == "pobj"]
                if obj:
                    return obj, "from"
        return None
    if pred.pos_ in ("VERB", "AUX", "ADJ"):
        for c in pred.children:
            if c.dep_ in ("nsubj", "csubj"):
                return [c], "subject"
        for c in pred.children:
            if c.dep_ == "nsubjpass":
                # "Biden is (not) expected to approve", "is said to favour": the subject of a passive
                # raising verb holds its complement
                if (came_from is not None and came_from.dep_ == "xcomp") or any(g.dep_ == "xcomp" for g in pred.children):
                    return [c], "subject"
                break
        for c in pred.children:
            if c.dep_ == "agent":
                obj = [g for g in c.children if g.dep_ == "pobj"]
                if obj:
                    return obj, "agent"
    return None


def _control_object(verb: Token) -> Token | None:
    """The object of a verb that controls a gerund under "for"/"of" ("thanked Germany for providing",
    "accused X of refusing", "lashed out at the US for supplying")."""
    for c in verb.children:
        if c.dep_ in ("dobj", "dative"):
            return c
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("at", "on"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def nearest_holder(root: Token, lex: Lexicon, stop: set[int], predicates: frozenset[int] = frozenset(),
                   nominal_action: bool = False) -> tuple[Found | None, bool, set[int], bool]:
    """The nearest holder of a predicate rooted at ``root`` (walking up its clause, not into the tokens
    of ``stop`` (quotation boundaries), not out of a subject phrase or a relative clause), whether the
    walk passed an if/unless clause (a hypothetical), the tokens it walked through, and whether it
    stopped at a predicate noun that is only the topic of a verb ("questioned support"): then nobody,
    not even the verb's speaker, holds it."""
    t, came = root, None
    hypothetical = False
    visited: set[int] = set()
    for _ in range(MAX_CLIMB):
        visited.add(t.i)
        if any(c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in t.children):
            hypothetical = True  # "if the US continues to send …", "asked whether he would allow …"
        found = agent_tokens(t, came, lex)
        if found is not None:
            return Found(found[0], found[1], t), hypothetical, visited, False
        if t.pos_ in ("VERB", "AUX", "ADJ") and any(c.dep_ in ("expl", "nsubjpass") for c in t.children):
            # a clause with a subject of its own that names no holder ("there is a danger …", "the
            # missiles had been sent"): nobody above holds it as its own
            return None, hypothetical, visited, False
        if t.dep_ in ("nsubj", "nsubjpass") and root.pos_ in ("NOUN", "PROPN") and t.i == root.i \
                and nominal_action:
            return None, hypothetical, visited, True  # "the delivery of munitions could disperse …"
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in lex.topic_preps:
            return None, hypothetical, visited, True  # "statements on the provision of aid": a topic
        if t.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass"):
            # the subject of a predicate ("providing X would be a game-changer"): what the predicate
            # says of it is asserted, not the subject itself; the subject of a plain clause ("no
            # decision had been made") is what its speaker says
            head = t.head
            said_of = head.i in predicates or any(c.i in predicates for c in head.children if c.dep_ in
                                                   ("attr", "acomp", "dobj", "oprd", "xcomp", "ccomp"))
            return None, hypothetical, visited, said_of
        if t.dep_ == "relcl":
            break  # a relative clause with no subject of its own: not the head's holder
        head = t.head
        if head.i == t.i or head.i in stop:
            break
        if t.dep_ == "ccomp" and any(c.dep_ in ("nsubjpass", "expl", "csubjpass") for c in t.children):
            break  # "Kahl said the missiles had been sent": the reporter reports, he is not the agent
        if t.dep_ == "pcomp" and t.tag_ == "VBG" and head.dep_ == "prep" and head.lower_ in lex.gerund_preps \
                and head.head.pos_ in ("VERB", "AUX"):
            came, t = head, head.head  # "opened the session by calling for …": the main clause's subject
            continue
        if t.dep_ in ("pobj", "pcomp") and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX") \
                and head.lower_ not in lex.control_preps \
                and f"{head.head.lemma_.lower()} {head.lower_}" not in lex.prep_verbs:
            # an adjunct ("despite growing pressure to allow", "asked about that concern", "without
            # lifting these restrictions, Ukraine would …"): not what the clause's holder holds
            return None, hypothetical, visited, True
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("dobj", "attr", "dative", "oprd") and head.pos_ in ("VERB", "AUX") \
                and head.lemma_.lower() not in lex.light_verbs:
            return None, hypothetical, visited, True  # "questioned support": a topic, not a position held
        if t.tag_ == "VBG" and t.dep_ in ("xcomp", "advcl"):
            said = next((c for c in head.children if c.dep_ == "parataxis" and c.i < t.i
                         and any(g.dep_ in ("nsubj",) for g in c.children)), None)
            if said is not None:  # "…,” he said, lashing out at …": the participle is the speaker's
                subj = next(g for g in said.children if g.dep_ == "nsubj")
                visited.add(said.i)
                return Found([subj], "speaker", said), hypothetical, visited, False
        if t.dep_ == "pcomp" and head.lower_ in lex.control_preps and head.head.i != head.i:
            obj = _control_object(head.head)
            if obj is not None:
                visited.add(head.head.i)
                return Found([obj], "object", head.head), hypothetical, visited, False
        if t.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in lex.causatives:
            visited.add(head.i)
            came, t = head, head  # "make other allies deliver": the causer holds it
            continue
        came, t = t, head
    return None, hypothetical, visited, False
