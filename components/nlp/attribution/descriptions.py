"""Descriptions a resolver reads: "the Russian leader", "the ministry", "the statement", an article's
author, an outlet, an institution of a country ("Ukraine's air force")."""
from __future__ import annotations

from bisect import bisect_left

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Token

from ...knowledge import slug
from .records import Holder
from .syntax import name_phrase, subject_of


class Descriptions:
    """The description-resolving methods of :class:`~.resolver.Resolver` (its base class)."""

    def _description(self, tok: Token, register: bool = False) -> Holder | None:
        """The person a description of an office refers to ("the Russian leader", "the prime
        minister", "Ukraine's health minister", "the NATO head", "the head of the EU Military
        Committee"): the latest preceding person whose role contains the description's title words
        (any person for words like "leader"), of the country or organisation the description names.
        With ``register`` and a country or organisation but no one named, the holder of the office
        becomes an actor of its own ("Ukrainian Health Minister"); a description that names a
        country never stands for the country."""
        a = self.attribution
        head = tok.lower_
        if head not in a.title_words and head not in a.any_role and head not in a.heads_of:
            return None
        if self.in_quote(tok):
            return None
        start = tok.left_edge.i
        while start < tok.i and (self.quoted[start] or self.doc[start].is_quote or self.doc[start].is_punct):
            start += 1  # a phrase the parser ran into a quotation: only the words after it
        words = [t for t in self.doc[start:tok.i + 1] if t.dep_ != "det" and not self.quoted[t.i]]
        country, org, qualifier = None, None, None
        for w in words:
            if w.i == tok.i:
                continue
            aid = self.mentions.actor_at(w)
            entry = a.knowledge.actor(aid) if aid else (a.index.demonyms.get(w.lower_) or a.index.by_alias.get(w.lower_))
            if entry is None:
                continue
            if entry.type == "country":
                country, qualifier = entry.name, w
            elif entry.type == "organization" and entry.name not in (org or ""):
                org, qualifier = entry, w
        of_country, of_end = self._of_country(tok)
        country = country or of_country
        of_org = self._of_object(tok) if head in a.heads_of else None
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
        if not (definite or country or org):
            return None
        title = {w.lower_ for w in words} & a.title_words
        org_names = [n.lower() for n in ((org.name, *org.aliases) if org is not None else ())]
        centry = a.knowledge.actor(slug(country)) if country else None
        country_names = [n.lower() for n in ((centry.name, *centry.aliases, *centry.demonyms) if centry else ())]
        doc = self.doc
        end = max(tok.i + 1, of_end if of_country else tok.i + 1)
        unknown_country = None  # a fitting person of unknown country, if none of the country fits
        for s in self.mentions.before(tok.i, self.in_quote):
            rec = doc._.actors.get(s.kb_id_) or {}
            if rec.get("type") != "person":
                continue
            entry = a.knowledge.actor(s.kb_id_)
            role = a.expand_abbreviations((rec.get("role") or (entry.role if entry else "") or "").lower())
            rcountry = rec.get("country") or (entry.country if entry else "")
            if country and rcountry != country and not any(n in role for n in country_names):
                if not rcountry and unknown_country is None and (
                        head in a.any_role or (title and all(w in role for w in title))):
                    unknown_country = s
                continue
            if org_names and not any(n in role for n in org_names):
                continue
            if of_org:  # "the head of the EU Military Committee": whose role names the committee
                if of_org.lower() in role:
                    return Holder(s.kb_id_, doc[start:tok.right_edge.i + 1].text, "description", start, tok.right_edge.i + 1)
                continue
            generic_head = head in a.heads_of and head not in a.title_words  # "the NATO head", "the Pentagon chief"
            if head in a.any_role or generic_head and (org_names or country) or (title and all(w in role for w in title)):
                return Holder(s.kb_id_, doc[start:end].text, "description", start, end)
        if unknown_country is not None:  # "the Belarusian leader" after "Aleksandr Lukashenko" (country not catalogued)
            return Holder(unknown_country.kb_id_, doc[start:end].text, "description", start, end)
        if (country or org is not None) and (head in a.title_words or head in a.heads_of) and register:
            # no one named fits: the holder of the office ("the prime minister of Estonia")
            if country:
                entry = a.knowledge.actor(slug(country))
                qual = entry.adjective_form if entry is not None else country
            else:
                qual = qualifier.text if qualifier is not None else org.name
            office = " ".join(w.text[:1].upper() + w.text[1:] for w in words
                              if w.i >= (qualifier.i + 1 if qualifier is not None and qualifier.i < tok.i else start)
                              and w.pos_ in ("NOUN", "PROPN", "ADJ") and a.index.demonyms.get(w.lower_) is None
                              and self.mentions.actor_at(w) is None)
            span = doc[start:end]
            aid = self.register_name(span, f"{qual} {office}".strip(), "person", country or "")
            return Holder(aid, span.text, "description", span.start, span.end)
        return None

    def _document(self, tok: Token) -> Holder | None:
        """Whose a document named definitely is ("the statement said", "the letter continued"): the
        author of the latest earlier mention of a document noun (``[documents]`` of ``quotes.toml``)."""
        a = self.attribution
        if tok.lower_ not in a.document_nouns or not any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            return None
        if self._documents is None:  # the document nouns of the doc, indexed once
            hashes = numpy.fromiter((self.doc.vocab.strings.add(w) for w in a.document_nouns), dtype="uint64")
            self._documents = numpy.flatnonzero(numpy.isin(self.doc.to_array(LOWER), hashes)).tolist()
        k = bisect_left(self._documents, tok.i)
        for j in reversed(self._documents[max(0, k - 20):k]):
            author = self._author(self.doc[j])
            if author is not None:
                start = tok.left_edge.i
                return Holder(author.actor_id, self.doc[start:tok.i + 1].text, "document", start, tok.i + 1)
        return None

    def _author(self, noun: Token) -> Holder | None:
        """Who issued a document: its possessor ("Kahl's statement"), its "from"/"by" agent, the
        speaker of the verb it is the medium of ("said in a statement") or the subject of the verb
        that issued it ("issued a statement")."""
        a = self.attribution
        for c in noun.children:
            if c.dep_ == "poss" and c.lower_ not in ("its", "their"):
                return self.resolve(c)
            if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return self.resolve(obj)
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ in ("in", "through", "via", "on") and a.is_speech_verb(head.head):
            speakers = self.speakers(head.head, register=False)
            return speakers[0] if speakers else None
        if noun.dep_ == "dobj" and head.lemma_.lower() in a.issue_verbs:
            subj = subject_of(head, a.relative_pronouns)
            return self.resolve(subj) if subj is not None else None
        return None

    def outlet(self, tok: Token) -> Holder | None:
        """A news outlet of the outlet table named by the phrase ``tok`` heads ("German news agency
        dpa", "The Washington Post"), registered as an organisation: an outlet that reports is an
        actor of its own."""
        doc = self.doc
        if tok.lower_ not in self.attribution.outlet_words:
            return None
        phrase = name_phrase(tok) if tok.pos_ == "PROPN" else doc[tok.i:tok.i + 1]
        for span in (doc[tok.left_edge.i:tok.i + 1], phrase, doc[tok.i:tok.i + 1]):
            words = [t for t in span if t.dep_ != "det" and not t.is_punct]
            if not words:
                continue
            named = doc[words[0].i:words[-1].i + 1]
            outlet = self.attribution.knowledge.outlets_by_name.get(named.text.lower())
            if outlet is not None:
                aid = self.register_name(named, outlet, "organization")
                return Holder(aid, named.text, "outlet", named.start, named.end)
        return None

    def _outlet_or_institution(self, tok: Token) -> Holder | None:
        """A news outlet that reports (:meth:`outlet`), or an institution named by its kind alone ("the
        defence ministry said"; one with a country is found by the actors stage): an organisation of
        its own."""
        doc = self.doc
        a = self.attribution
        found = self.outlet(tok)
        if found is not None:
            return found
        if tok.lower_ not in a.institution_heads or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        words = [t for t in doc[tok.left_edge.i:tok.i + 1] if t.dep_ in ("compound", "amod") or t.i == tok.i]
        if not words or any(t.pos_ not in ("NOUN", "ADJ", "PROPN") or self.quoted[t.i] for t in words):
            return None
        named = doc[words[0].i:tok.i + 1]
        if not any(named.text.lower().endswith(n) for n in a.institution_names):
            return None  # "the staff", "the force": not the name of an institution
        of = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"), None)
        owner = self._mention_at(of) if of is not None else None
        if owner is not None:  # "the command of Ukraine's air force", "the administration of President Biden"
            rec = (doc._.actors or {}).get(owner.actor_id) or {}
            if rec.get("type") in ("organization", "country"):
                return Holder(owner.actor_id, doc[named.start:of.right_edge.i + 1].text, "description",
                              named.start, of.right_edge.i + 1)
            if rec.get("type") == "person":
                surname = rec.get("name", owner.text).split()[-1]
                name = f"{surname} {tok.lower_}"
                entry = a.index.lookup(name)
                aid = self.register_name(named, entry.name if entry is not None else name, "organization")
                return Holder(aid, named.text, "description", named.start, named.end)
        for m in self.mentions.before(tok.i, self.in_quote):  # "the ministry": the last one named
            if m.label_ == "organization" and tok.lower_ in m.text.lower().split():
                return Holder(m.kb_id_, named.text, "description", named.start, named.end)
        name = " ".join(t.text[:1].upper() + t.text[1:] for t in named)
        aid = self.register_name(named, name, "organization")
        return Holder(aid, named.text, "description", named.start, named.end)

    def _of_object(self, tok: Token) -> str | None:
        """The name in an "of" phrase on a noun, without its article ("EU Military Committee")."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    words = [t for t in obj.subtree if t.dep_ != "det" and not t.is_punct]
                    return " ".join(t.text for t in words) if words else None
        return None

    def _of_country(self, tok: Token) -> tuple[str | None, int]:
        """The country of an "of" phrase on a title ("the prime minister of Estonia") and the end
        of its name."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    aid = self.mentions.actor_at(obj)
                    entry = self.attribution.knowledge.actor(aid) if aid else None
                    if entry is not None and entry.type == "country":
                        return entry.name, obj.i + 1
        return None, tok.i + 1
