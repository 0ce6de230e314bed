"""Anonymous and collective actors: "a US official", "the official", "two U.S. officials familiar with
planning", "Western officials", "Biden's top aides", "House Republicans", "people familiar with the matter".

How a group is named is data (``groups.toml``): each *kind* lists head words and name templates; the
countries that qualify a phrase come from the actor catalogue (names, aliases, demonyms, and the country of
an organisation or person in the phrase). This module holds the mechanism only:

- :func:`group_phrases` finds the noun phrases headed by a group word (:func:`head_matches`: the head
  words as lower-case hashes against ``Doc.to_array``, cheaper than a ``Matcher`` with ``IN``), then
  the phrase's left modifiers and, for some kinds, a following "on the …"/"familiar with …").
- :func:`name_group` turns one phrase into ``(name, type, country)`` or ``None``.
- :func:`link_groups` does both for a doc, resolving bare phrases ("the official", "Officials") to the
  last group of the same kind and number in the doc.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER, POS
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from .spans import SpanIndex
from .tokens import TokenColumns, has_word, token_columns

MODIFIER_POS = {"DET", "NUM", "ADJ", "PROPN", "NOUN", "CCONJ", "PART", "ADV"}


@dataclass
class Group:
    """One recognised group mention."""

    span: Span
    name: str
    type: str       # "person" (one anonymous official) or "group"
    country: str
    kind: str
    plural: bool


def _kinds(groups_cfg: dict) -> list[dict]:
    return list(groups_cfg.get("kind", []))


def head_index(vocab, groups_cfg: dict) -> dict[int, list[str]]:
    """The group head words, as the hash of their lower-case form → the names of the kinds they head,
    in the order of ``groups.toml`` ("governments" heads both "allies" and "government")."""
    index: dict[int, list[str]] = {}
    for kind in _kinds(groups_cfg):
        for h in dict.fromkeys(h.lower() for h in kind.get("heads", [])):
            index.setdefault(vocab.strings.add(h), []).append(kind["name"])
    return index


def head_matches(doc: Doc, heads: dict[int, list[str]]) -> list[tuple[str, int]]:
    """``(kind name, token index)`` for each noun or proper noun of ``doc`` that is a head word of
    ``heads`` (see :func:`head_index`; case-insensitive), in text order, then in kind order."""
    if not len(doc) or not heads:
        return []
    arr = doc.to_array([LOWER, POS])
    hits = numpy.isin(arr[:, 0], numpy.fromiter(heads, dtype=arr.dtype)) & numpy.isin(arr[:, 1], (NOUN, PROPN))
    return [(name, i) for i, lower in zip(numpy.flatnonzero(hits).tolist(), arr[hits, 0].tolist())
            for name in heads[lower]]


def _phrase_start(head: Token, kind: dict | None = None) -> int:
    """First token of the noun phrase that ``head`` heads: contiguous left modifiers that attach inside
    the phrase ("Both U.K. and U.S.", "Biden's top", "17 former national security"), and a hyphenated
    participle the kind requires with the word it is built on ("Czech-led", ``requires = ["led"]``)."""
    start = head.i
    j = head.i - 1
    sent_start = head.sent.start
    required = {w.lower() for w in (kind or {}).get("requires", ())}
    while j >= sent_start:
        t = head.doc[j]
        if t.lower_ in required and t.tag_ == "VBN" and j - 2 >= sent_start and head.doc[j - 1].text == "-" \
                and not head.doc[j - 1].whitespace_ and not head.doc[j - 2].whitespace_ and t.head.i == head.i:
            start = j = j - 2  # "Czech-led initiative": the word before the hyphen qualifies the phrase
            j -= 1
            continue
        if t.pos_ not in MODIFIER_POS or t.is_sent_start and t.pos_ == "PROPN" and t.dep_ == "nsubj":
            break
        after = head.doc[start]
        # (a conjunction joins qualifiers, "British and U.S. officials", "Both U.K. and U.S. officials",
        # not a person to the phrase: "Donald Trump and some Republicans")
        inside = (start <= t.head.i <= head.i or t.pos_ == "PART" or t.head.head.i == head.i
                  or (t.pos_ == "CCONJ" and t.head.ent_type_ != "PERSON")
                  or (after.pos_ == "CCONJ" and t.pos_ in ("PROPN", "ADJ")) or t.lower_ in ("both", "either"))
        if not inside:
            break
        start = j
        j -= 1
    while start < head.i and head.doc[start].pos_ in ("CCONJ", "PART"):
        start += 1
    return start


def _phrase_end(head: Token, kind: dict) -> int:
    """End (exclusive) of the phrase: the head itself, or through a following "on the …" (party kinds)
    or "familiar with …" (source kinds)."""
    end = head.i + 1
    for child in head.rights:
        if kind.get("on_phrase") and child.dep_ == "prep" and child.lower_ == "on":
            end = max(end, child.right_edge.i + 1)
        if child.lower_ == "familiar":
            end = max(end, child.right_edge.i + 1)
    return end


def group_phrases(doc: Doc, heads: dict[int, list[str]], groups_cfg: dict) -> list[tuple[Span, Token, dict]]:
    """The group noun phrases of ``doc`` with their head word and kind, in text order; ``heads`` from
    :func:`head_index`."""
    kinds = {k["name"]: k for k in _kinds(groups_cfg)}
    out = []
    for name, start in head_matches(doc, heads):
        kind = kinds[name]
        head = doc[start]
        need = {k.lower(): v for k, v in kind.get("requires_after", {}).items()}.get(head.lower_)
        if need and not any(c.lower_ == need for c in head.rights):
            continue
        if _is_title_use(head):
            continue
        out.append((doc[_phrase_start(head, kind):_phrase_end(head, kind)], head, kind))
    return out


def _is_title_use(head: Token) -> bool:
    """Whether a group word describes a named person rather than an anonymous one: an apposition
    ("Charlie Dietz, Pentagon spokesperson") or a title before a name ("spokesman John Kirby")."""
    if head.dep_ == "appos" or (head.dep_ == "compound" and head.head.pos_ == "PROPN"):
        return True
    nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if nxt is not None and nxt.ent_type_ == "PERSON":
        return True
    prev = head.doc[head.left_edge.i - 1] if head.left_edge.i >= 1 else None
    return prev is not None and prev.text == "," and head.left_edge.i >= 2 and head.doc[head.left_edge.i - 2].ent_type_ == "PERSON"


class GroupNamer:
    """Names group phrases from the actor catalogue and ``groups.toml``."""

    def __init__(self, index, groups_cfg: dict):
        self.index = index
        self.cfg = groups_cfg
        self.regions = {k.lower(): v for k, v in groups_cfg.get("regions", {}).items() if isinstance(v, str)}
        self.mixed_adjective = groups_cfg.get("regions", {}).get("mixed_adjective", "")
        self.mixed_countries = set(groups_cfg.get("regions", {}).get("mixed_countries", []))
        self.qualifier_words = {k.lower(): v for k, v in groups_cfg.get("qualifier_words", {}).items()}
        self.number_words = {k.lower(): int(v) for k, v in groups_cfg.get("number_words", {}).items()}
        self.countries = {a.name: a for a in index.knowledge.actors if a.type == "country"}
        self.org_names = {a.name for a in index.knowledge.actors if a.type == "organization"}

    def short_name(self, name: str) -> str:
        """The shortest way the catalogue writes an organisation ("EU" for "European Union")."""
        entry = self.index.by_alias.get(name.lower())
        forms = [name] + [a for a in (entry.aliases if entry else ()) if not a.lower().startswith("the ")]
        return min(forms, key=len)

    def country_of(self, entry) -> str:
        """The country an actor entry belongs to (itself for a country)."""
        if entry is None:
            return ""
        return entry.name if entry.type == "country" else entry.country

    def qualifiers(self, tokens: list[Token], actor_spans: "SpanIndex[Span] | list[Span]") -> tuple[list[str], list[str]]:
        """Countries and region adjectives named by the qualifier tokens, in order, without repeats.
        Pass ``actor_spans`` as a :class:`SpanIndex` when calling this for many phrases of a doc."""
        countries: list[str] = []
        regions: list[str] = []
        covered: set[int] = set()
        positions = {t.i for t in tokens}
        spans = actor_spans if isinstance(actor_spans, SpanIndex) else SpanIndex(actor_spans)
        for s in spans.starting_in(min(positions), max(positions) + 1) if positions else ():
            if s.start in positions and s.end - 1 in positions:
                entry = self.index.knowledge.actor(s.kb_id_)
                if entry is None:
                    continue
                c = self.country_of(entry)
                if c and c not in countries:
                    countries.append(c)
                elif not c and entry.type == "organization" and entry.name not in regions:
                    regions.append(entry.name)   # "NATO officials"
                covered.update(range(s.start, s.end))
        for t in tokens:
            if t.i in covered:
                continue
            key = t.lower_
            if key in self.regions:
                if self.regions[key] not in regions:
                    regions.append(self.regions[key])
                continue
            entry = self.index.demonyms.get(key) or (self.index.by_alias.get(key) if t.pos_ == "PROPN" else None)
            c = self.country_of(entry) or self.qualifier_words.get(key, "")
            if c and c not in countries:
                countries.append(c)
        return countries, regions

    def adjective(self, countries: list[str], regions: list[str]) -> str:
        """The adjective for a group qualified by ``countries`` and ``regions``."""
        if len(countries) == 1 and not regions:
            entry = self.countries.get(countries[0])
            return entry.adjective_form if entry else countries[0]
        if not countries and len(regions) == 1:
            return regions[0]
        if self.mixed_adjective and all(c in self.mixed_countries for c in countries):
            return self.mixed_adjective
        adjs = [self.adjective([c], []) for c in countries] + regions
        return " and ".join(adjs)

    def name(self, span: Span, kind: dict, actor_spans: "SpanIndex[Span] | list[Span]") -> tuple[str, bool, str] | None:
        """``(name, plural, country)`` of a group phrase, or ``None`` when it names no group by itself
        (a bare phrase is resolved by :func:`link_groups`). ``("", plural, "")`` marks a bare phrase."""
        heads = {h.lower() for h in kind.get("heads", [])}
        head = next(t for t in span if t.lower_ in heads)
        plural = head.tag_ in ("NNS", "NNPS") or head.lower_.endswith("s") and head.lower_ not in ("person",)
        if plural and _one_of(head):
            plural = False  # "one of the US defence officials said": one official
        before = [t for t in span if t.i < head.i]
        if "requires" in kind and not any(t.lower_ in kind["requires"] for t in before):
            return None
        countries, regions = self.qualifiers(before, actor_spans)
        if not countries and not regions and kind.get("subject_country") and not any(t.pos_ == "PROPN" for t in before):
            subj = next((c for c in head.head.lefts if c.dep_ == "nsubj"), None) if head.dep_ in ("dobj", "nsubjpass") else None
            if subj is not None:
                countries, _ = self.qualifiers([subj], actor_spans)
        template = kind.get("plural" if plural else "singular") or kind.get("plural", "")
        if "{chamber}" in template:
            chamber = self._chamber(span, head, kind, actor_spans)
            if not chamber:
                return None
            return template.format(chamber=chamber, head=head.text[:1].upper() + head.text[1:]), plural, "".join(countries[:1])
        if "{country}" in template:
            return (template.format(country=countries[0]), plural, countries[0]) if len(countries) == 1 and not regions else None
        if "{adj}" not in template:
            if kind.get("qualified") and (countries or regions):
                return kind["qualified"].format(adj=self.adjective(countries, regions)), plural, "".join(countries[:1])
            return template, plural, ""
        if not countries and not regions:
            if head.lower_ in [b.lower() for b in kind.get("bare_heads", [])]:
                regions = [kind.get("bare_adjective", "")]
                if any(t.pos_ == "NOUN" for t in before) or not has_word(span.doc, regions[0].lower()):
                    return None   # "coalition partners"; "allies" in an article that never says "Western"
            elif kind.get("needs_region"):
                return ("", plural, "") if kind.get("antecedent") else None   # "individual member states"
            elif self._self_named(before, kind):
                return (_without_det(span).text + kind.get("suffix", "")).strip(), plural, ""
            else:
                return "", plural, ""
        orgs = [r for r in regions if r in self.org_names]
        if orgs and head.lower_ in {h.lower() for h in kind.get("org_heads", [])} and len(orgs) == len(regions) == 1:
            nouns = [t.lower_ for t in before if t.pos_ == "NOUN" and t.dep_ == "compound"]
            return " ".join([self.short_name(orgs[0]), *nouns, head.lower_]), plural, ""   # "EU leaders", "EU member states"
        if kind.get("needs_region") and orgs:
            return None   # "NATO allies" is the organisation itself
        if kind.get("needs_region") and not regions and head.lower_ not in [b.lower() for b in kind.get("bare_heads", [])]:
            if len(countries) < 2:
                return None
        if kind.get("bare_heads") and any(t.lower_ in ("'s", "’s") for t in before) and not regions:
            if not has_word(span.doc, kind.get("bare_adjective", "").lower()):
                return None
            regions, countries = [kind.get("bare_adjective", "")], []   # "Ukraine's allies"
        return template.format(adj=self.adjective(countries, regions), head=head.lower_), plural, \
            countries[0] if len(countries) == 1 else ""

    def _self_named(self, before: list[Token], kind: dict) -> bool:
        words = {w.lower() for w in kind.get("named_words", [])}
        if any(t.lower_ in words for t in before):
            return True
        for t in before:
            if t.pos_ == "NUM" or t.like_num:
                n = self.number_words.get(t.lower_)
                if n is None:
                    try:
                        n = int(t.text.replace(",", ""))
                    except ValueError:
                        continue
                if n >= kind.get("named_from", 10**9):
                    return True
        return False

    def _chamber(self, span: Span, head: Token, kind: dict, actor_spans: "SpanIndex[Span] | list[Span]") -> str:
        spans = actor_spans if isinstance(actor_spans, SpanIndex) else SpanIndex(actor_spans)
        for s in spans.starting_in(head.i + 1, span.end):
            if s.end <= span.end and s.label_ == "organization":
                entry = self.index.knowledge.actor(s.kb_id_)
                return entry.name if entry else s.text
        chambers = {c.lower() for c in kind.get("chambers", [])}
        words = [t.text for t in span if t.i < head.i and t.lower_ in chambers]
        return " ".join(words)


def _one_of(head: Token) -> bool:
    """Whether a plural group word is the "of" phrase of "one" ("one of the officials")."""
    of = head.head
    return head.dep_ == "pobj" and of.lower_ == "of" and of.head.i < of.i and of.head.lower_ == "one"


def _without_det(span: Span) -> Span:
    return span[1:] if len(span) > 1 and span[0].pos_ == "DET" else span


def _demonym_plurals(doc: Doc, namer: GroupNamer, kind: dict, cols: TokenColumns) -> list[Group]:
    """"the Ukrainians" → that country's officials (plural name of the ``officials`` kind); ``cols``
    are the doc's :func:`~components.nlp.tokens.token_columns`."""
    out = []
    for i in range(1, len(cols)):
        if cols.text[i].endswith("s") and cols.lower[i - 1] == "the" and cols.pos[i] in ("PROPN", "NOUN"):
            entry = namer.index.demonyms.get(cols.lower[i])
            if entry is not None and entry.type == "country":
                adj = namer.adjective([entry.name], [])
                out.append(Group(doc[i - 1:i + 1], kind["plural"].format(adj=adj), "group", entry.name, kind["name"], True))
    return out


def link_groups(doc: Doc, heads: dict[int, list[str]], namer: GroupNamer, actor_spans: list[Span],
                cols: TokenColumns | None = None) -> list[Group]:
    """All group mentions of ``doc`` (``heads`` from :func:`head_index`). ``actor_spans`` are the
    named-actor spans already found; a phrase that is a catalogue name itself ("NATO countries") is left
    to them. ``cols``: the doc's :func:`~components.nlp.tokens.token_columns` if the caller has them."""
    found: list[Group] = []
    in_actor = {i for s in actor_spans for i in range(s.start, s.end)}
    actor_spans = SpanIndex(actor_spans)
    latest: dict[tuple, Group] = {}  # the last group found of a kind and number, and of a kind with a country

    def keep(g: Group) -> None:
        found.append(g)
        latest[g.kind, g.plural] = g
        if g.country:
            latest[g.kind, "country"] = g

    for span, head, kind in group_phrases(doc, heads, namer.cfg):
        if head.i in in_actor:
            continue
        named = namer.name(span, kind, actor_spans)
        if named is None:
            continue
        name, plural, country = named
        if not name:
            if not kind.get("antecedent"):
                continue
            prev = latest.get((kind["name"], plural))
            if prev is None and not plural:
                prev = latest.get((kind["name"], "country"))
                if prev is not None:
                    adj = namer.adjective([prev.country], [])
                    keep(Group(span, kind["singular"].format(adj=adj), "person", prev.country, kind["name"], False))
                    continue
            if prev is None:
                continue
            name, country = prev.name, prev.country
        keep(Group(span, name, kind.get("type") or ("group" if plural else "person"), country, kind["name"], plural))
    officials = next((k for k in _kinds(namer.cfg) if k.get("demonym_plural")), None)
    if officials is not None:
        taken = {i for g in found for i in range(g.span.start, g.span.end)}
        cols = cols if cols is not None else token_columns(doc)
        found += [g for g in _demonym_plurals(doc, namer, officials, cols) if g.span.end - 1 not in taken]
    return sorted(found, key=lambda g: g.span.start)
