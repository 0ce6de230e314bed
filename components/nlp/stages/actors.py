"""The ``debate_actors`` component: who acts or speaks, canonicalised, as ``doc.spans["actors"]``.

Each span covers one mention as written ("U.K. Prime Minister Keir Starmer", "Kyiv", "a US official");
``span.kb_id_`` is the canonical actor id and ``span.label_`` its type. ``doc._.actors`` maps each id
seen in the doc to ``{"name", "type", "role", "country"}``.

Sources of mentions: the model's PERSON/ORG/GPE/NORP entities, the actor catalogue (``actors.toml``,
added to an entity ruler before the model's NER so that the catalogue wins), and rule patterns for
anonymous and collective sources ("two U.S. officials", "Western officials", "House Republicans").
Anonymous and collective actors are named by :mod:`components.nlp.groups` from ``groups.toml``.

Other stages look mentions up with :mod:`components.nlp.mentions` (:func:`actor_at`, :class:`Mentions`);
the names themselves (catalogue index, titles, a person's role) are read by :mod:`components.nlp.names`.

Canonicalisation: titles stripped (``titles.txt``), catalogue aliases and fuzzy spelling variants
(rapidfuzz), surnames linked to a full name used elsewhere in the doc, capitals read as governments
only where they act ("Kyiv has asked", "send missiles to Kyiv") and not where they are places
("traveled to Kyiv", datelines; the words are in ``places.toml``). Not actors: bylines, photo credits
and contributor lines (``credit_cues`` in ``actors.toml``), datelines, demonyms alone, title words
("State" of "Secretary of State"), a name that is part of another actor's name ("Ukraine" of "Ukraine
Defense Contact Group", "House" of "House Republicans") and the model's confusions (weapon names,
"the Kerch bridge"). Hyphenated attributive uses ("U.S.-provided", "Biden-Starmer") are mentions.
Mentions of people cover the titles written before the name; a person's role comes from the
catalogue, else from that title or an apposition ("Charlie Dietz, Pentagon spokesperson").
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..groups import GroupNamer, head_index, link_groups
from ..institutions import InstitutionFinder
from ..mentions import SPAN_KEY
from ..names import (ENTITY_LABELS, ActorIndex, hyphen_start, looks_like_person, name_core, name_key, role_of,
                     surname, title_start, trim_space, join_place_names)
from ..spans import SpanIndex, TextLines
from .paragraphs import outside_story
from ..tokens import TokenColumns, doc_text as columns_text, token_columns
from ...ingest.datelines import DATELINE
from ...knowledge import ActorEntry, Knowledge, slug
from .. import knowledge_config

ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "csubj"}

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)


def _in_dateline(ent: Span, text: str | TextLines) -> bool:
    """Whether an entity stands in a dateline ("WASHINGTON —", "BERLIN (Reuters) -"): the place is
    where the story was filed and the outlet its source, neither acts in the story. ``text`` is the
    doc's text, or its :class:`TextLines` when calling this for many entities."""
    lines = text if isinstance(text, TextLines) else TextLines(text)
    start = lines.start_of(ent.start_char)
    m = lines.memo(("dateline", start), lambda: DATELINE.match(lines.text, start))
    return m is not None and ent.end_char <= m.end()


def _is_credit(ent: Span, cues: tuple[str, ...], text: str | TextLines | None = None) -> bool:
    """Whether an entity stands in a byline, photo credit or contributor line (the line of text that
    holds it contains a credit cue from ``actors.toml``: "Write to …",
    "ABC's … contributed to this report", "John Keeble/Getty Images", "By Jane Doe"). Pass the doc's
    :class:`TextLines` when calling this for many entities (each line is then read once), or its
    ``text``: ``Doc.text`` is rebuilt from the tokens on every access."""
    lines = text if isinstance(text, TextLines) else TextLines(ent.doc.text if text is None else text)
    start, end = lines.start_of(ent.start_char), lines.end_after(ent.end_char)
    if lines.memo(("credit", start, end), lambda: any(cue in lines.text[start:end].lower() for cue in cues)):
        return True
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.text == "/":
        return True
    if ent.start == 0 or ent.doc[ent.start - 1].lower_ != "by":
        return False  # (cheap test first: finding the sentence scans the doc)
    first = ent.sent[0]
    return first.lower_ == "by" and ent.start == first.i + 1


class ActorLinker:
    """Finds and canonicalises actor mentions; see the module docstring."""

    def __init__(self, nlp: Language, name: str, knowledge: Knowledge):
        self.name = name
        self.knowledge = knowledge
        self.index = ActorIndex(self.knowledge)
        self.titles = self.knowledge.titles
        groups = self.knowledge.groups.as_dict()
        self.group_heads = head_index(nlp.vocab, groups)
        self.group_namer = GroupNamer(self.index, groups)
        self.institutions = InstitutionFinder(nlp, self.group_namer, groups)
        self.title_keys = {name_key(t) for t in self.titles}
        places = self.knowledge.places
        self.motion_words = frozenset(w.lower() for w in places.motion_words)
        self.name_heads = frozenset(w.lower() for w in places.name_heads)
        self.org_words = self.name_heads | frozenset(w.lower() for w in places.org_words)
        self.feature_words = frozenset(w.lower() for w in places.feature_words)
        self.outlet_names = {name_key(n): o.name for o in self.knowledge.outlets for n in (o.name, *o.aliases)}
        contributors = self.knowledge.quotes.contributors
        self.contributor_verbs = frozenset(w.lower() for w in contributors.verbs)
        self.contributor_preps = frozenset(w.lower() for w in contributors.preps)
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.title_matcher.add("TITLE", [nlp.make_doc(t) for t in self.titles])

    def __call__(self, doc: Doc) -> Doc:
        spans, info = link_actors(doc, self)
        doc.spans[SPAN_KEY] = spans
        doc._.actors = info
        return doc



def link_actors(doc: Doc, linker: ActorLinker) -> tuple[list[Span], dict]:
    """Actor spans of ``doc`` and the info of each canonical id (see the module docstring)."""
    know = linker.knowledge
    index = linker.index
    info: dict[str, dict] = {}
    found: list[Span] = []
    full_names: dict[str, str] = {}  # surname key -> canonical id within the doc

    def register(span: Span, entry: ActorEntry | None, name: str, typ: str, role: str = "") -> None:
        if entry is not None:
            aid, name, typ = entry.id, entry.name, entry.type
            role = entry.role or role
            country = entry.country
        else:
            aid, country = slug(name), ""
        rec = info.setdefault(aid, {"name": name, "type": typ, "role": role, "country": country})
        if role and not rec["role"]:
            rec["role"] = role
        found.append(Span(doc, span.start, span.end, label=typ, kb_id=aid))

    in_title = SpanIndex(range(s, e) for _, s, e in linker.title_matcher(doc))
    cols = token_columns(doc)  # token attributes for the loops over every token
    doc_text = columns_text(cols)  # built once: Doc.text joins every token on each access
    gaps = outside_story(doc)  # metadata lines ("# source: …") and asides are not the story
    text_lines = TextLines(doc_text)
    ents = [e for e in join_place_names(list(filter(None, map(trim_space, doc.ents))))
            if e.label_ in ENTITY_LABELS and not gaps.covers(e.start_char)
            and not any(e.end - 1 in r for r in in_title.covering(e.start))  # "State" of "Secretary of State"
            and not _is_credit(e, know.credit_cues, text_lines) and not _in_dateline(e, text_lines)
            and e[-1].lower_ not in linker.feature_words]  # "Kerch Strait", "Kherson Oblast": places
    weapon_tokens = {i for s in doc.spans.get("weapons", []) for i in range(s.start, s.end)}
    lower_words = {w for w, t in zip(cols.text, cols.lower) if w == t}  # words the doc writes in lower case
    # a catalogued name is kept whole ("Ukrainian forces" would lose its adjective as a title would)
    cores = {e.start: (e, "") if name_key(e.text) in index.by_alias else name_core(e, linker.titles) for e in ents}
    labels = {e.start: e.label_ for e in ents}  # the model's label, corrected where a name reads as a person's
    person_starts = {e.start for e in ents if labels[e.start] == "PERSON"}
    # full person names first, so surnames can link to them wherever they stand
    for e in ents:
        core, _ = cores[e.start]
        if name_key(core.text) in linker.outlet_names:
            labels[e.start] = "ORG"  # "Politico", "Wall Street Journal": news outlets, whatever the model says
        elif labels[e.start] == "ORG" and index.lookup(core.text) is None and looks_like_person(core, linker.org_words):
            labels[e.start] = "PERSON"
        if labels[e.start] == "PERSON" and len([t for t in core if t.text != "-"]) >= 2 \
                and name_key(core.text) not in know.non_actors:  # ("Indo-Pacific" is no one's full name)
            entry = index.lookup(core.text)
            aid = entry.id if entry else slug(core.text)
            full_names.setdefault(name_key(core[-1].text), aid)
            full_names.setdefault(name_key(surname(core)), aid)
            if entry is None:
                info.setdefault(aid, {"name": core.text, "type": "person", "role": "", "country": ""})
    for e in ents:
        core, title = cores[e.start]
        if any(t.i in weapon_tokens for t in e) and index.lookup(core.text) is None:
            continue  # "ATACMS", "Scalp" are weapons, not people
        text = core.text.strip()
        key = name_key(text)
        if not text or key in know.non_actors or key in linker.title_keys or not any(c.isupper() for c in text):
            continue
        if "/" in text or "@" in text:
            continue  # photo credits, e-mail addresses
        if len(core) == 1 and _common_word_at_start(core[0], lower_words) and key not in full_names \
                and (labels[e.start] != "PERSON" or core[0].tag_ in ("NNS", "NNPS")) and index.lookup(text) is None:
            continue  # "Jets cannot occupy territory": a common noun capitalised by its sentence (a
            #           surname a person's, though the doc writes "price": "Price said")
        if "-" in text and key not in index.by_alias and any(name_key(p) in index.by_alias for p in text.split("-")):
            continue  # "Biden-Starmer", "U.S.-provided": the parts are mentions (see _hyphen_mentions)
        if labels[e.start] != "PERSON" and len(core) == 1 and key in full_names and index.lookup(text) is None:
            labels[e.start] = "PERSON"  # the surname of a person named in full, whatever the model's label
        typ = ENTITY_LABELS[labels[e.start]]
        if typ == "organization" and any(r.stop in person_starts for r in in_title.starting_in(e.end, e.end + 1)):
            continue  # "National Security Council" of "National Security Council spokesman John Kirby"
        if labels[e.start] == "GPE" and key in index.capitals:
            if _acts(core, linker.motion_words):
                register(core, index.capitals[key], text, "country")
            continue
        if labels[e.start] == "NORP" or (key in index.demonyms and key not in index.by_alias):
            continue  # demonyms are not actors by themselves
        entry = index.lookup(text)
        if entry is None and key in linker.outlet_names:
            register(core, None, linker.outlet_names[key], "organization")
            continue
        if entry is not None and entry.type == "country" and (end := _inside_proper_name(core, linker.name_heads)):
            # "the Ukraine Defence Consultative Group": the organisation whose name holds the country
            if not any(doc[j].ent_type_ for j in range(core.end, end)):
                name = doc[core.start:end]
                org = index.lookup(name.text)
                register(name, org, name.text, "organization")
            continue
        if entry is None and typ == "person" and key not in full_names and core.root.dep_ == "compound" \
                and core.root.head.pos_ == "NOUN" and core.root.head.i >= core.end:
            continue  # "the Kerch bridge": a name used as a modifier of a common noun is no person
        if entry is None and labels[e.start] == "GPE" and not _acts(core, linker.motion_words):
            continue  # places that are not catalogued countries count only where they act
        role = title if typ == "person" else ""
        if typ == "person" and (entry is None or not entry.role):  # a catalogued person with no fixed role
            described = role_of(core, linker.titles)                # takes the one the text gives
            role = described if not role or role.lower() in described.lower() else (
                f"{role}, {described}" if described else role)
        if entry is None and typ in ("person", "organization") and key in full_names and (len(core) == 1 or "-" in text):
            typ = "person"
        if entry is None and typ == "person" and key in full_names:
            aid = full_names[key]
            entry = index.knowledge.actor(aid)
            if entry is None:
                register(core, None, info[aid]["name"], "person", role)
                continue
        if typ == "person":
            start = title_start(doc, core.start, in_title, index)
            if start < core.start and not title:
                prefix = doc[start:core.start].text
                role = prefix if not role else (role if prefix.lower() in role.lower() else f"{prefix}, {role}")
            core = doc[start:core.end]
        register(core, entry, text, typ, role)
    taken = {i for s in found for i in range(s.start, s.end)}
    for span, entry in _hyphen_mentions(doc, index, taken, cols):
        register(span, entry, entry.name, entry.type)
    for i in range(len(cols)):  # surnames the model missed ("Gressel added", "Strack-Zimmermann said")
        if i in taken or not cols.is_title[i] or cols.pos[i] != "PROPN" or (i + 1 < len(cols) and cols.text[i + 1] == "-"):
            continue
        t = doc[i]
        span = doc[hyphen_start(doc, t.i):t.i + 1]
        aid = full_names.get(name_key(span.text)) or full_names.get(name_key(t.text))
        if aid and aid in info and not taken & set(range(span.start, span.end)):
            register(span, know.actor(aid), info[aid]["name"], "person")
    groups = link_groups(doc, linker.group_heads, linker.group_namer, found, cols)
    institutions, replaced = linker.institutions.find(doc, found)
    in_group = {i for g in groups for i in range(g.span.start, g.span.end)}
    groups += [g for g in institutions if not in_group & set(range(g.span.start, g.span.end))]
    by_group = SpanIndex(groups, lambda g: (g.span.start, g.span.end))
    replaced = set(replaced)
    found = [s for s in found if not _part_of_group_name(s, by_group, know) and s not in replaced]
    named = SpanIndex(found)
    added: dict[str, SpanIndex] = {}  # group spans added below, by id
    for g in groups:
        gid = slug(g.name)
        if any(s.kb_id_ == gid for s in named.within(g.span.start, g.span.end)) or \
                (gid in added and added[gid].within(g.span.start, g.span.end)):
            continue  # "Germany's government": already a mention of Germany
        entry = know.actor(gid)  # a government phrase names a catalogued country
        info.setdefault(gid, {"name": entry.name, "type": entry.type, "role": entry.role, "country": entry.country}
                        if entry else {"name": g.name, "type": g.type, "role": "", "country": g.country})
        found.append(Span(doc, g.span.start, g.span.end, label=g.type, kb_id=gid))
        added.setdefault(gid, SpanIndex(())).add(found[-1])
    if gaps.ranges:
        found = [s for s in found if not gaps.covers(s.start_char)]
    if linker.contributor_verbs:  # "…, Jennifer Rankin writes from Brussels": the reporter
        found = [s for s in found if not (s.label_ == "person" and s.root.dep_ == "nsubj" and contributor_credit(
            s.root.head, linker.contributor_verbs, linker.contributor_preps))]
    used = {s.kb_id_ for s in found}
    info = {aid: rec for aid, rec in info.items() if aid in used}
    return sorted(found, key=lambda s: s.start), info


def _common_word_at_start(tok: Token, lower_words: set[str]) -> bool:
    """Whether ``tok`` opens its sentence (after any quotation mark or dash) and the doc writes the
    same word in lower case elsewhere: a common noun the model took for a name ("Jets cannot occupy
    territory" where "fighter jets" is written too)."""
    lower = tok.lower_
    if lower == tok.text or lower not in lower_words:
        return False
    sent_start = tok.sent.start if tok.doc.has_annotation("SENT_START") else 0
    return all(t.is_punct or t.is_space for t in tok.doc[sent_start:tok.i])


def _part_of_group_name(span: Span, groups: SpanIndex, know: Knowledge) -> bool:
    """Whether an entity mention lies inside a group phrase and is not an actor of its own there:
    not in the catalogue ("House" of "House Republicans"), or an organisation whose name is part of the
    group's name ("Senate Foreign Relations Committee" of "Senate Foreign Relations Committee Democrats").
    Countries and people stay ("U.S." of "U.S. officials", "Biden" of "Biden's top aides")."""
    for g in groups.covering(span.start):
        if g.span.start <= span.start and span.end <= g.span.end:
            entry = know.actor(span.kb_id_)
            if entry is None or (entry.type == "organization" and entry.name.lower() in g.name.lower()):
                return True
    return False



def contributor_credit(verb: Token, verbs: frozenset, preps: frozenset) -> bool:
    """Whether ``verb`` is a contributor line's ("Jennifer Rankin writes from Brussels"): a reporting
    verb of ``verbs`` with a person-name subject, a place after one of ``preps`` and no content of
    its own but the clause it follows."""
    if verb.lemma_.lower() not in verbs:
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ != "PROPN" or subj.ent_type_ not in ("PERSON", ""):
        return False
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.ent_type_ in ("GPE", "LOC"):
                return not any(g.dep_ in ("dobj", "xcomp") for g in verb.children)
    return False


def _acts(span: Span, motion_words: frozenset = frozenset()) -> bool:
    """Whether a capital's mention stands for its government: it is the subject or possessor of a
    verb, the source in "weaponry from Washington", or the recipient ("send missiles to Kyiv", "give
    Kyiv the ability") unless the governing word is a motion or visit word ("traveled to Kyiv")."""
    root = span.root
    if root.dep_ in ACTING_DEPS or root.dep_ in ("dative", "iobj"):
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "from" and root.head.head.pos_ == "NOUN":
        return True
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "for", "on"):
        governor = root.head.head
        return governor.lower_ not in motion_words and governor.lemma_.lower() not in motion_words
    return False


def _inside_proper_name(span: Span, name_heads: frozenset) -> int:
    """Where the longer proper name ending in an organisation word that a name continues into ends
    ("Ukraine" of "Ukraine Defense Contact Group": after "Group"), else 0."""
    i = span.end
    doc = span.doc
    end = 0
    while i < len(doc) and doc[i].is_title and doc[i].pos_ == "PROPN":
        if doc[i].lower_ in name_heads:
            end = i + 1
        i += 1
    return end


def _hyphen_mentions(doc: Doc, index: ActorIndex, taken: set[int], cols: TokenColumns) -> list[tuple[Span, ActorEntry]]:
    """Catalogue actors used attributively in hyphenated words: "U.S.-provided", "US-supplied",
    "Biden-Starmer" (the whole word is the mention). ``cols`` are the doc's token columns."""
    out = []
    words, space = cols.text, cols.space_after
    for i, word in enumerate(words):
        if i in taken:
            continue
        if "-" in word.strip("-"):
            for part in word.split("-"):
                entry = index.by_alias.get(name_key(part)) if part[:1].isupper() else None
                if entry is not None and entry.type in ("country", "person", "organization"):
                    out.append((doc[i:i + 1], entry))
        elif i + 2 < len(words) and words[i + 1] == "-" and not space[i + 1] and not space[i]:
            entry = index.by_alias.get(name_key(word)) if word[:1].isupper() else None
            if entry is not None and entry.type == "country":
                out.append((doc[i:i + 1], entry))
    return out


@Language.factory("debate_actors", default_config={"knowledge": knowledge_config.DEFAULT},
                  requires=["doc.ents", "token.ent_type", "token.tag", "token.dep", "doc.sents", "doc.spans"],
                  assigns=["doc.spans", "doc._.actors"])
def make_actor_linker(nlp: Language, name: str, knowledge: Knowledge):
    return ActorLinker(nlp, name, knowledge)


def ruler_patterns(knowledge: Knowledge) -> list[dict]:
    """Entity-ruler patterns from the catalogues: actor names and aliases with their ids, and named
    weapons as PRODUCT (so the model never takes "ATACMS" or "Scalp" for a person)."""
    label = {"person": "PERSON", "organization": "ORG", "country": "GPE", "group": "NORP"}
    pats = []
    for a in knowledge.actors:
        for alias in (a.name, *a.aliases):
            if alias.lower().startswith("the "):
                alias = alias[4:]
            if len(alias) < 2:
                continue
            pats.append({"label": label.get(a.type, "ORG"), "pattern": alias, "id": a.id})
        for capital in filter(None, (a.capital, *a.capital_spellings)):
            pats.append({"label": "GPE", "pattern": capital})
    for w in knowledge.weapons:
        if w.named:
            for alias in w.aliases:
                pats.append({"label": "PRODUCT", "pattern": alias})
    return pats
