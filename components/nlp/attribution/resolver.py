"""The resolver: who the words designating a speaker or holder stand for in one Doc (names, pronouns
through the antecedent table, conjuncts, possessives, passive agents); descriptions in
:mod:`.descriptions`."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import DEP, LOWER
from spacy.tokens import Doc, Span, Token

from ...knowledge import slug
from ..names import name_key
from ..mentions import Mentions
from ..stages.paragraphs import outside_story
from ..tokens import doc_text, sentence_starts, token_columns
from .descriptions import Descriptions
from .marks import quote_regions, quoted_tokens
from .records import Holder
from .syntax import _conjuncts, _phrase_head, _pleonastic, _subject_like, name_phrase, subject_of

if TYPE_CHECKING:
    from .knowledge import Attribution


# ---------------------------------------------------------------------------------------------
# the resolver

@dataclass(frozen=True)
class _Antecedent:
    start: int
    end: int
    actor_id: str
    type: str
    subject: bool
    plural: bool
    sent: int
    first_conjunct: int  # token index of the first conjunct of the phrase (itself if none)


class Resolver(Descriptions):
    """Resolves the words that designate a speaker or holder in one Doc; see the module docstring."""

    def __init__(self, doc: Doc, attribution: Attribution, mentions: Mentions | None = None):
        self.doc = doc
        self.attribution = attribution
        self.mentions = mentions if mentions is not None else Mentions(doc)
        if doc._.actors is None:
            doc._.actors = {}
        self.text = doc_text(token_columns(doc))  # Doc.text makes a Token object per word
        self.regions = quote_regions(self.text, outside_story(doc))
        self.quoted = quoted_tokens(doc, self.regions)
        self.starts = sentence_starts(doc)
        self._antecedents: list[_Antecedent] | None = None
        self._genders: dict[str, str] = {}  # person id → gender, read once per doc
        self._documents: list[int] | None = None  # token indices of document nouns, once looked for
        self._ante_starts: list[int] = []
        self._by_conjunct: dict[int, list[_Antecedent]] = {}  # the antecedents of each conjoined phrase
        self._chain: list[_Antecedent] | None = None  # subject "he"/"she" resolved to a person, in text order
        self._chain_starts: list[int] = []
        self._chain_gender: dict[int, str] = {}

    # -- public -------------------------------------------------------------------------------
    def in_quote(self, target: Token | Span) -> bool:
        """Whether a token (a span's first token) lies inside quotation marks."""
        i = target.i if isinstance(target, Token) else target.start
        return bool(len(self.quoted)) and bool(self.quoted[i])

    def resolve(self, target: Token | Span, register: bool = False) -> Holder | None:
        """The holder the words ``target`` designate (a token stands for its phrase), else ``None``.
        With ``register``, a proper name that is no actor yet becomes one."""
        tok = target if isinstance(target, Token) else target.root
        a = self.attribution
        if tok.lower_ in a.pronouns and tok.pos_ in ("PRON", "DET"):
            return self._pronoun(tok)
        found = self._mention_of(tok)
        if found is not None:
            return found
        found = self._description(tok, register)
        if found is not None:
            return found
        found = self._document(tok)
        if found is not None:
            return found
        if register:
            found = self._outlet_or_institution(tok)
            if found is not None:
                return found
        if tok.pos_ == "PROPN":
            phrase = name_phrase(tok)
            aid = self._known_person(phrase)
            if aid is not None:
                return Holder(aid, phrase.text, "name", phrase.start, phrase.end)
            if register and tok.ent_type_ not in ("NORP", "DATE", "TIME", "GPE", "LOC", "EVENT", "LANGUAGE") \
                    and tok.lower_ not in a.title_words and phrase.text[:1].isalpha() \
                    and name_key(phrase.text) not in a.knowledge.non_actors:  # "Luhansk reported …": a place
                typ = "person" if tok.ent_type_ == "PERSON" else "organization"
                aid = self.register(phrase, typ)
                return Holder(aid, phrase.text, "registered", phrase.start, phrase.end)
        return None

    def holders(self, tok: Token, register: bool = False) -> list[Holder]:
        """The holders of a (subject) token and of the phrases conjoined with it ("The U.S. and
        Britain announced" → both); a pronoun standing for conjoined actors gives each."""
        first = self.resolve(tok, register)
        if first is None:
            return []
        out = [first]
        if first.via == "pronoun":
            out += self._conjoined_antecedents(tok, first)
        for c in _conjuncts(tok):
            h = self.resolve(c, register)
            if h is not None and h.actor_id not in {o.actor_id for o in out}:
                out.append(Holder(h.actor_id, h.text, "conjunct" if h.via == "name" else h.via, h.start, h.end))
        return out

    def speakers(self, verb: Token, register: bool = True) -> list[Holder]:
        """Who performs the speech verb ``verb``: its subject (see :func:`subject_of`) and the
        phrases conjoined with it; else the agent of a passive ("… was announced by the ministry");
        else a noun after the verb ("…,” said the head of the committee)."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (verb.tag_ == "VBN" and verb.dep_ == "acl")
        if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.dep_ == "ccomp" \
                and not any(c.dep_ == "nsubj" for c in verb.children) and self.attribution.is_speech_verb(verb.head.head):
            return self.speakers(verb.head.head, register)  # "X said that …, adding that …" hung on the reported clause
        subj = None if passive else subject_of(verb, self.attribution.relative_pronouns)
        if subj is not None:
            return self.holders(subj, register)
        for c in verb.children:
            if c.dep_ == "agent":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return [Holder(h.actor_id, h.text, "agent", h.start, h.end) for h in self.holders(obj, register)]
        if verb.tag_ in ("VBD", "VBZ", "VBP") and not passive:
            after = next((c for c in verb.rights if c.pos_ in ("PROPN", "NOUN", "PRON")
                          and c.dep_ in ("nsubj", "dobj", "attr", "npadvmod", "appos")), None)
            if after is not None and not self.in_quote(after):
                return self.holders(after, register)
        return []

    def register(self, span: Span, typ: str) -> str:
        """Add a speaker with no actor mention (``span`` is the name as written) to ``doc._.actors``
        and ``doc.spans["actors"]``; returns its id."""
        return self.register_name(span, span.text.strip(), typ)

    def register_name(self, span: Span, name: str, typ: str, country: str = "") -> str:
        """Add the actor ``name`` mentioned as ``span`` (see :meth:`register`); returns its id."""
        doc = self.doc
        aid = slug(name)
        doc._.actors.setdefault(aid, {"name": name, "type": typ, "role": "", "country": country})
        mention = Span(doc, span.start, span.end, label=typ, kb_id=aid)
        if self.mentions.add(mention) and self._antecedents is not None:
            self._insert_antecedent(mention)
        return aid

    def flush(self) -> None:
        """Write the actors registered so far into ``doc.spans["actors"]`` (once per stage, not per
        name: rewriting the span group for each would cost the square of the article's length)."""
        self.mentions.write()

    # -- mentions -----------------------------------------------------------------------------
    def _mention_of(self, tok: Token) -> Holder | None:
        """The actor mention that the phrase headed by ``tok`` names: one covering ``tok`` itself,
        else one in apposition to it ("the chairman …, General Robert Brieger"), else (a partitive,
        "one of the US defence officials") the mention of its object. A name that only modifies the
        head as a possessor or through a preposition ("Ukraine's air force", "the head of the EU
        committee") is not the phrase's actor."""
        m = self._mention_at(tok)
        if m is not None:
            return m
        if tok.lower_ in self.attribution.title_words:  # "the Chairman of the EU Military Committee, General Robert Brieger"
            j = tok.right_edge.i + 1
            if j + 1 < len(self.doc) and self.doc[j].text == ",":
                m = self._mention_at(self.doc[j + 1])
                if m is not None and (self.doc._.actors.get(m.actor_id) or {}).get("type") == "person":
                    return m
        for c in tok.children:
            if c.dep_ == "appos":
                m = self._mention_at(c)
                if m is not None:
                    return m
            if c.dep_ in ("poss", "compound", "amod") and tok.lower_ in self.attribution.government_heads:
                m = self._mention_at(c)  # "Ukraine's government", "the German government": the country
                if m is not None and (self.doc._.actors.get(m.actor_id) or {}).get("type") == "country":
                    start = min(c.left_edge.i, tok.i)
                    return Holder(m.actor_id, self.doc[start:tok.i + 1].text, "metonym", start, tok.i + 1)
        if tok.lower_ in self.attribution.partitives or tok.like_num:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        m = self._mention_at(obj)
                        if m is not None:
                            start = min(tok.left_edge.i, tok.i)
                            return Holder(m.actor_id, self.doc[start:obj.i + 1].text, "partitive", start, obj.i + 1)
        # a name the parser left inside the phrase as a compound or modifier of a title-like head
        # ("Pentagon press secretary Pat Ryder" headed by "secretary")
        if tok.lower_ in self.attribution.title_words:
            for c in tok.children:
                if c.dep_ in ("compound", "nmod") and c.i > tok.i:
                    m = self._mention_at(c)
                    if m is not None:
                        return m
        return None

    def _mention_at(self, tok: Token) -> Holder | None:
        aid = self.mentions.actor_at(tok)
        if aid is None:
            return None
        span = next((s for s in self.mentions.overlapping(tok.i, tok.i + 1) if s.kb_id_ == aid), None)
        if span is None:
            return Holder(aid, tok.text, "name", tok.i, tok.i + 1)
        entry = self.attribution.index.capitals.get(span.text.lower())
        return Holder(aid, span.text, "metonym" if entry is not None else "name", span.start, span.end)

    def _known_person(self, phrase: Span) -> str | None:
        """The person of ``doc._.actors`` whose full name ends with ``phrase`` ("Strack-Zimmermann"
        for "Marie-Agnes Strack-Zimmermann"), if exactly one does."""
        last = phrase.text.lower()
        hits = [aid for aid, rec in (self.doc._.actors or {}).items() if rec.get("type") == "person"
                and (rec.get("name") or "").lower().endswith(" " + last)]
        return hits[0] if len(hits) == 1 else None

    # -- antecedents --------------------------------------------------------------------------
    def _table(self) -> list[_Antecedent]:
        """The actor mentions outside quotation marks that a pronoun may stand for, in text order."""
        if self._antecedents is None:
            out = [a for a in map(self._antecedent_record, self.mentions.in_order()) if a is not None]
            self._antecedents = out
            self._ante_starts = [a.start for a in out]
            self._by_conjunct = {}
            for a in out:
                self._by_conjunct.setdefault(a.first_conjunct, []).append(a)
        return self._antecedents

    def _antecedent_record(self, s: Span) -> _Antecedent | None:
        """The antecedent table's row for mention ``s`` (``None`` inside quotation marks)."""
        if self.in_quote(s):
            return None
        head = _phrase_head(s.root)
        typ = s.label_ or (self.doc._.actors or {}).get(s.kb_id_, {}).get("type", "")
        first = head
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        conjoined = first.i != head.i or any(c.dep_ == "conj" for c in head.children)
        # the mention heads the subject, or names the person a common noun heading it describes ("The
        # Latvian foreign minister, Edgars Rinkēvičs, met …"; not "U.S." of "U.S. officials", nor a
        # second name the parser hung on a first)
        own = s.start <= head.i < s.end or (
            s.root.dep_ == "appos" and s.root.head.i == head.i and head.pos_ == "NOUN")
        subject = _subject_like(first) and own and not self._acted_upon(first.head)
        plural = head.tag_ in ("NNS", "NNPS") or typ == "group" or conjoined
        return _Antecedent(s.start, s.end, s.kb_id_, typ, subject, plural,
                           bisect_right(self.starts, s.start) - 1, first.i)

    def _insert_antecedent(self, s: Span) -> None:
        """Put a newly registered mention into the antecedent table, where a rebuilt table would
        have it (after the mentions starting at the same token)."""
        a = self._antecedent_record(s)
        if a is None:
            return
        k = bisect_right(self._ante_starts, a.start)
        self._antecedents.insert(k, a)
        self._ante_starts.insert(k, a.start)
        same = self._by_conjunct.setdefault(a.first_conjunct, [])
        same.insert(bisect_right([b.start for b in same], a.start), a)

    def _acted_upon(self, verb: Token) -> bool:
        """Whether the subject of ``verb`` is acted upon rather than acting: ``verb`` complements a
        causative ("make Germany a party", "allowing Kyiv to use …")."""
        return verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in self.attribution.causatives

    def _pronoun(self, tok: Token) -> Holder | None:
        """The actor a pronoun stands for (see :meth:`_antecedent`)."""
        a = self._antecedent(tok)
        return Holder(a.actor_id, tok.text, "pronoun", tok.i, tok.i + 1) if a is not None else None

    def _antecedent(self, tok: Token) -> _Antecedent | None:
        """The mention a pronoun stands for: the latest preceding actor of a type the pronoun may
        designate, outside quotation marks, in this sentence or the ``window`` before it; a subject
        first, else the latest such mention. A pronoun inside a quotation is the speaker's word."""
        types = self.attribution.pronouns.get(tok.lower_, frozenset())
        if not types or self.in_quote(tok) or _pleonastic(tok):
            return None
        table = self._table()
        ahead = self._cataphor(tok, types, table)
        if ahead is not None:
            return ahead
        return self._walk_back(tok, types, self._chain_table() if "person" in types else [])

    def _walk_back(self, tok: Token, types: frozenset, chain: list[_Antecedent]) -> _Antecedent | None:
        """The latest fitting mention before ``tok`` (a subject first), among the actor mentions and
        the subject pronouns of ``chain`` already resolved ("Lavrov said … He pointed out … He added":
        the second "he" is the first's, however far back its name is)."""
        table = self._antecedents
        sent = bisect_right(self.starts, tok.i) - 1
        person = "person" in types
        # a person pronoun looks further back than "it"/"they", which need a subject close by
        lowest = sent - (self.attribution.window if person else 1)
        plural_word = not person and "country" not in types
        gender = self.attribution.pronoun_gender.get(tok.lower_, "")
        fallback = None
        k = bisect_left(self._ante_starts, tok.i) - 1
        j = bisect_left(self._chain_starts, tok.i) - 1 if chain else -1
        while k >= 0 or j >= 0:
            if j >= 0 and (k < 0 or chain[j].start > table[k].start):
                a, said = chain[j], self._chain_gender.get(chain[j].start, "")
                j -= 1
                if gender and said and said != gender:
                    continue  # a "he" never continues a chain of "she"
            else:
                a = table[k]
                k -= 1
            if a.sent < lowest:
                break
            if a.end > tok.i or not self._fits(a, types, plural_word):
                continue
            if gender and a.type == "person" and self._gender(a.actor_id) not in ("", gender):
                continue  # "she" is not the man named last
            if a.subject:
                return a
            if fallback is None and person:
                fallback = a
        return fallback

    def _chain_table(self) -> list[_Antecedent]:
        """The subject "he"/"she" of the doc outside quotation marks, each resolved (in text order, so
        each may continue the chain before it) to the person it stands for."""
        if self._chain is None:
            self._chain = []
            gendered = self.attribution.pronoun_gender
            doc = self.doc
            words = [w for w in gendered if "person" in self.attribution.pronouns.get(w, ())]
            arr = doc.to_array([LOWER, DEP]) if len(doc) else numpy.zeros((0, 2), dtype="uint64")
            subj = [doc.vocab.strings.add(d) for d in ("nsubj", "nsubjpass")]
            hits = numpy.isin(arr[:, 0], [doc.vocab.strings.add(w) for w in words]) & numpy.isin(arr[:, 1], subj)
            for i in numpy.flatnonzero(hits).tolist():  # (only these tokens are looked at)
                t = doc[i]
                if t.pos_ != "PRON" or self.in_quote(t):
                    continue
                a = self._walk_back(t, self.attribution.pronouns[t.lower_], self._chain)
                if a is not None and a.type == "person":
                    self._chain.append(_Antecedent(t.i, t.i + 1, a.actor_id, "person", True, False,
                                                   bisect_right(self.starts, t.i) - 1, t.i))
                    self._chain_starts.append(t.i)
                    self._chain_gender[t.i] = gendered[t.lower_]
        return self._chain

    def _gender(self, actor_id: str) -> str:
        """The gender of a person of this doc (see :meth:`Attribution.gender_of`), "" if unknown."""
        if actor_id not in self._genders:
            self._genders[actor_id] = self.attribution.gender_of(actor_id, (self.doc._.actors or {}).get(actor_id) or {})
        return self._genders[actor_id]

    def _cataphor(self, tok: Token, types: frozenset, table: list[_Antecedent]) -> _Antecedent | None:
        """The subject a possessive pronoun in a phrase put before it stands for: "In [his] response
        to a questionnaire, Mr DeSantis said …", "During [her] visit, Kallas announced …" (the
        phrase opens its clause, so the pronoun looks ahead to the clause's subject)."""
        if tok.dep_ != "poss":
            return None
        t = tok
        for _ in range(6):  # up to the word of the phrase that hangs from the clause's verb
            if t.head.i == t.i:
                return None
            if t.dep_ in ("prep", "advcl", "npadvmod") and t.head.pos_ in ("VERB", "AUX"):
                break
            t = t.head
        else:
            return None
        verb = t.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or not t.i < subj.i < verb.i:
            return None  # only a phrase that comes before the subject
        k = bisect_right(self._ante_starts, subj.i) - 1  # the mention that holds the subject's head
        if k < 0 or not table[k].start <= subj.i < table[k].end or "person" not in types:
            return None
        gender = self.attribution.pronoun_gender.get(tok.lower_, "")
        if table[k].type != "person" or gender and self._gender(table[k].actor_id) not in ("", gender):
            return None
        return table[k]

    @staticmethod
    def _fits(a: _Antecedent, types: frozenset, plural_word: bool) -> bool:
        if plural_word and a.plural and a.type in ("country", "person"):
            return True  # "Poland and Lithuania have said they …"
        if a.type not in types:
            return False
        if "person" in types:
            return a.type == "person"
        if plural_word:  # they: groups, organisations, conjoined actors
            return a.plural or a.type == "organization"
        return not a.plural or a.type == "organization"

    def _conjoined_antecedents(self, tok: Token, holder: Holder) -> list[Holder]:
        """For a plural pronoun standing for conjoined actors ("Poland and Lithuania have said they
        …"), the actors after the first."""
        mine = self._antecedent(tok)
        if mine is None or not mine.plural or mine.type == "group":
            return []
        out, seen = [], {holder.actor_id}
        self._table()
        for a in self._by_conjunct.get(mine.first_conjunct, ()):
            if a.actor_id not in seen and a.start != mine.start:
                seen.add(a.actor_id)
                out.append(Holder(a.actor_id, holder.text, "pronoun", holder.start, holder.end))
        return out

    # -- descriptions -------------------------------------------------------------------------
