"""The ``debate_actors`` component: who acts or speaks, canonicalised, as ``doc.spans["actors"]``.

Each span covers one mention as written ("U.K. Prime Minister Keir Starmer", "Kyiv", "a US official");
``span.kb_id_`` is the canonical actor id and ``span.label_`` its type. ``doc._.actors`` maps each id
seen in the doc to ``{"name", "type", "role", "country"}``.

Sources of mentions: the model's PERSON/ORG/GPE/NORP entities, the actor catalogue (``actors.toml``,
added to an entity ruler before the model's NER so that the catalogue wins), and rule patterns for
anonymous and collective sources ("two U.S. officials", "Western officials", "House Republicans").
Anonymous and collective actors are named by :mod:`components.nlp.groups` from ``groups.toml``.

Public helper for other components: :func:`actor_at` ``(doc, span_or_token) -> actor_id | None``, the
actor whose mention heads or covers a span or token (e.g. the subject of a speech verb); look the id
up in ``doc._.actors`` for its name. :class:`Mentions` does the same for many look-ups in one doc.

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

import re
from bisect import bisect_left, insort
from functools import lru_cache

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..groups import GroupNamer, InstitutionFinder, head_index, link_groups
from ..spans import SpanIndex, TextLines
from .paragraphs import header_end
from ..tokens import TokenColumns, doc_text as columns_text, token_columns
from ...ingest.metadata import DATELINE
from ...knowledge import ActorEntry, Knowledge, slug
from .. import knowledge_config

SPAN_KEY = "actors"
ENTITY_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}
ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "csubj"}

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)


class ActorIndex:
    """Catalogue lookups: alias → entry (exact, case-folded) and fuzzy spelling variants."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        self.by_alias: dict[str, ActorEntry] = {}
        self.capitals: dict[str, ActorEntry] = {}
        self.demonyms: dict[str, ActorEntry] = {}
        for a in knowledge.actors:
            for alias in (a.name, *a.aliases):
                self.by_alias.setdefault(_key(alias), a)
            if a.capital:
                self.capitals[_key(a.capital)] = a
            for d in a.demonyms:
                self.demonyms.setdefault(_key(d), a)
        self.person_keys = [k for k, a in self.by_alias.items() if a.type == "person"]

    def lookup(self, name: str) -> ActorEntry | None:
        """The catalogue entry for ``name``: exact alias, else a close spelling of a person's name."""
        k = _key(name)
        if k in self.by_alias:
            return self.by_alias[k]
        if len(k) >= 5 and self.person_keys:
            best = process.extractOne(k, self.person_keys, scorer=fuzz.ratio, score_cutoff=88)
            if best:
                return self.by_alias[best[0]]
        return None


@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    """The lookup key of a name: case-folded, a leading "the" and full stops dropped, spaces collapsed."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return re.sub(r"[\s.]+", " ", name.lower().replace("’", "'")).strip()


def strip_title(tokens: list, titles: list[str]) -> tuple[int, str]:
    """How many leading tokens of ``tokens`` form a title (possibly several: "U.K. Prime Minister"),
    and the title text. Country abbreviations before a title count as part of it."""
    i = 0
    text_tokens = [t.text for t in tokens]
    lowered = [t.lower() for t in text_tokens]
    by_first = _titles_by_first_word(tuple(titles))
    title_words = []
    changed = True
    while changed and i < len(tokens) - 1:
        changed = False
        for tt in by_first.get(lowered[i], ()):
            n = len(tt)
            if lowered[i:i + n] == tt and i + n < len(tokens):
                title_words += text_tokens[i:i + n]
                i += n
                changed = True
                break
        if not changed and tokens[i].ent_type_ in ("GPE", "NORP") and i + 1 < len(tokens) - 1:
            nxt = lowered[i + 1]
            if nxt in by_first:
                title_words.append(text_tokens[i])
                i += 1
                changed = True
    return i, " ".join(title_words)


@lru_cache(maxsize=16)
def _titles_by_first_word(titles: tuple[str, ...]) -> dict[str, list[list[str]]]:
    """Each title as its lower-cased words, grouped by first word, in the order of ``titles``.

    >>> _titles_by_first_word(("Prime Minister", "President", "Prime"))
    {'prime': [['prime', 'minister'], ['prime']], 'president': [['president']]}
    """
    out: dict[str, list[list[str]]] = {}
    for title in titles:
        words = title.lower().split()
        if words:
            out.setdefault(words[0], []).append(words)
    return out


def name_core(ent: Span, titles: list[str]) -> tuple[Span, str]:
    """The name inside an entity and the title stripped from it: "U.K. Prime Minister Keir Starmer's"
    → ("Keir Starmer", "U.K. Prime Minister"); leading words that are not names go too ("Citing
    European" → "European", "the Stormont …" → "Stormont …")."""
    n, title = strip_title(list(ent), titles)
    core = _strip_possessive(ent[n:])
    while len(core) > 1 and core[0].tag_ not in ("NNP", "NNPS") and not core[0].is_upper and core[0].pos_ != "PROPN":
        core = core[1:]
    return ent.doc[_hyphen_start(ent.doc, core.start):core.end], title


def _hyphen_start(doc: Doc, start: int) -> int:
    """Start of a hyphenated name ending at token ``start`` ("Strack-Zimmermann" when the model took
    only "Zimmermann")."""
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_title and doc[start - 2].ent_type_ not in ENTITY_LABELS:
        start -= 2
    return start


def _surname(core: Span) -> str:
    """The last name of a full name, hyphenated parts joined: "Marie-Agnes Strack-Zimmermann" → "Strack-Zimmermann"."""
    start = core.end - 1
    while start - 2 >= core.start and core.doc[start - 1].text == "-" and not core.doc[start - 2].whitespace_:
        start -= 2
    return core.doc[start:core.end].text


def looks_like_person(core: Span, org_words: frozenset) -> bool:
    """Whether an entity the model typed as an organisation reads as a person's name: two to four
    capitalised words (hyphens allowed), none an organisation word ("Marie-Agnes Strack-Zimmermann",
    not "Labour Party" or "MBDA Deutschland")."""
    words = [t for t in core if t.text != "-"]
    return 2 <= len(words) <= 4 and all(t.is_title and t.is_alpha for t in words) \
        and not any(t.lower_ in org_words for t in words)


def _title_start(doc: Doc, start: int, title_ranges: SpanIndex[range], index: ActorIndex) -> int:
    """Where the titles written just before a name begin ("U.K. Prime Minister Keir Starmer",
    "Russian President Vladimir Putin", "Chair Sen. Ben Cardin"), so a mention covers them."""
    moved = True
    while moved:
        moved = False
        for r in title_ranges.covering(start - 1) if start > 0 else ():
            if r.stop == start and r.start < start:
                start, moved = r.start, True
                break
        if not moved and start > 0 and start < len(doc) and title_ranges.starting_in(start, start + 1):
            prev = doc[start - 1]
            if _key(prev.text) in index.demonyms or (prev.pos_ == "PROPN" and index.by_alias.get(_key(prev.text)) is not None
                                                      and index.by_alias[_key(prev.text)].type == "country"):
                start, moved = start - 1, True
    return start


def role_of(core: Span, titles: list[str]) -> str:
    """A person's role as the text gives it: a descriptive title before the name ("National Security
    Council spokesman John Kirby") or an apposition after it ("Charlie Dietz, Pentagon spokesperson")."""
    doc = core.doc
    root = core.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= core.end:
            return doc[child.left_edge.i:child.right_edge.i + 1].text.strip(" ,")
    start = core.start
    while start > 0 and doc[start - 1].dep_ in ("compound", "amod", "nmod") and doc[start - 1].head.i >= start - 1 \
            and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ") and doc[start - 1].head.i <= core.end:
        start -= 1
    if start < core.start and any(doc[i].pos_ == "NOUN" for i in range(start, core.start)):
        return doc[start:core.start].text
    return ""


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
        self.title_keys = {_key(t) for t in self.titles}
        places = self.knowledge.places
        self.motion_words = frozenset(w.lower() for w in places.motion_words)
        self.name_heads = frozenset(w.lower() for w in places.name_heads)
        self.org_words = self.name_heads | frozenset(w.lower() for w in places.org_words)
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.title_matcher.add("TITLE", [nlp.make_doc(t) for t in self.titles])

    def __call__(self, doc: Doc) -> Doc:
        spans, info = link_actors(doc, self)
        doc.spans[SPAN_KEY] = spans
        doc._.actors = info
        return doc


def _strip_possessive(span: Span) -> Span:
    if len(span) > 1 and span[-1].text in ("'s", "’s", "'", "’"):
        return span[:-1]
    return span


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
    body = header_end(doc_text)  # metadata lines ("# source: …") are not the story
    text_lines = TextLines(doc_text)
    ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS and e.start_char >= body
            and not any(e.end - 1 in r for r in in_title.covering(e.start))  # "State" of "Secretary of State"
            and not _is_credit(e, know.credit_cues, text_lines) and not _in_dateline(e, text_lines)]
    weapon_tokens = {i for s in doc.spans.get("weapons", []) for i in range(s.start, s.end)}
    cores = {e.start: name_core(e, linker.titles) for e in ents}
    labels = {e.start: e.label_ for e in ents}  # the model's label, corrected where a name reads as a person's
    person_starts = {e.start for e in ents if labels[e.start] == "PERSON"}
    # full person names first, so surnames can link to them wherever they stand
    for e in ents:
        core, _ = cores[e.start]
        if labels[e.start] == "ORG" and index.lookup(core.text) is None and looks_like_person(core, linker.org_words):
            labels[e.start] = "PERSON"
        if labels[e.start] == "PERSON" and len([t for t in core if t.text != "-"]) >= 2:
            entry = index.lookup(core.text)
            aid = entry.id if entry else slug(core.text)
            full_names.setdefault(_key(core[-1].text), aid)
            full_names.setdefault(_key(_surname(core)), aid)
            if entry is None:
                info.setdefault(aid, {"name": core.text, "type": "person", "role": "", "country": ""})
    for e in ents:
        core, title = cores[e.start]
        if any(t.i in weapon_tokens for t in e) and index.lookup(core.text) is None:
            continue  # "ATACMS", "Scalp" are weapons, not people
        text = core.text.strip()
        key = _key(text)
        if not text or key in know.non_actors or key in linker.title_keys or not any(c.isupper() for c in text):
            continue
        if "/" in text or "@" in text:
            continue  # photo credits, e-mail addresses
        if "-" in text and key not in index.by_alias and any(_key(p) in index.by_alias for p in text.split("-")):
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
        if entry is not None and entry.type == "country" and _inside_proper_name(core, linker.name_heads):
            continue
        if entry is None and typ == "person" and key not in full_names and core.root.dep_ == "compound" \
                and core.root.head.pos_ == "NOUN" and core.root.head.i >= core.end:
            continue  # "the Kerch bridge": a name used as a modifier of a common noun is no person
        if entry is None and labels[e.start] == "GPE" and not _acts(core, linker.motion_words):
            continue  # places that are not catalogued countries count only where they act
        role = title if typ == "person" else ""
        if typ == "person" and entry is None:
            role = role_of(core, linker.titles) or role
        if entry is None and typ in ("person", "organization") and key in full_names and (len(core) == 1 or "-" in text):
            typ = "person"
        if entry is None and typ == "person" and key in full_names:
            aid = full_names[key]
            entry = index.knowledge.actor(aid)
            if entry is None:
                register(core, None, info[aid]["name"], "person", role)
                continue
        if typ == "person":
            start = _title_start(doc, core.start, in_title, index)
            if start < core.start and not title:
                role = role or doc[start:core.start].text
            core = doc[start:core.end]
        register(core, entry, text, typ, role)
    taken = {i for s in found for i in range(s.start, s.end)}
    for span, entry in _hyphen_mentions(doc, index, taken, cols):
        register(span, entry, entry.name, entry.type)
    for i in range(len(cols)):  # surnames the model missed ("Gressel added", "Strack-Zimmermann said")
        if i in taken or not cols.is_title[i] or cols.pos[i] != "PROPN" or (i + 1 < len(cols) and cols.text[i + 1] == "-"):
            continue
        t = doc[i]
        span = doc[_hyphen_start(doc, t.i):t.i + 1]
        aid = full_names.get(_key(span.text)) or full_names.get(_key(t.text))
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
    if body:
        found = [s for s in found if s.start_char >= body]
    used = {s.kb_id_ for s in found}
    info = {aid: rec for aid, rec in info.items() if aid in used}
    return sorted(found, key=lambda s: s.start), info


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


#: how many earlier mentions :meth:`Mentions.before` gives at most (an antecedent further back than
#: this is not looked for: the look-back of every pronoun would otherwise cost the whole article)
MAX_LOOKBACK = 50


class Mentions:
    """The actor mentions of one doc (``doc.spans["actors"]``, sorted by start), read once and indexed
    by token, for a component that looks up many tokens: iterating a ``SpanGroup`` creates a ``Span``
    per member on every pass. Mentions added with :meth:`add` are indexed at once and written to the
    doc by :meth:`write`; call :meth:`refresh` after changing ``doc.spans["actors"]`` otherwise."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.refresh()

    def refresh(self) -> None:
        """Read ``doc.spans["actors"]`` again."""
        self.spans: list[Span] = list(self.doc.spans.get(SPAN_KEY, []))
        self._by_token: dict[int, list[int]] = {}
        self._latest: list[tuple[int, int]] = sorted((-s.start, n) for n, s in enumerate(self.spans))
        self._bounds = {(s.start, s.end) for s in self.spans}
        self._rank = list(range(len(self.spans)))  # order of ``doc.spans`` once written (by start)
        self._added = False
        for n, s in enumerate(self.spans):
            for i in range(s.start, s.end):
                self._by_token.setdefault(i, []).append(n)

    def add(self, span: Span) -> bool:
        """Index ``span`` as a mention unless one with its start and end is there; return whether it
        was added. The doc keeps it once :meth:`write` is called."""
        if (span.start, span.end) in self._bounds:
            return False
        n = len(self.spans)
        self.spans.append(span)
        self._bounds.add((span.start, span.end))
        insort(self._latest, (-span.start, n))
        self._rank.append(n)
        self._added = True
        for i in range(span.start, span.end):
            self._by_token.setdefault(i, []).append(n)
        return True

    def write(self) -> None:
        """Put the added mentions into ``doc.spans["actors"]`` (sorted by start, the earlier first
        among equal starts)."""
        if self._added:
            self.doc.spans[SPAN_KEY] = sorted(self.spans, key=lambda s: s.start)
            self.refresh()

    def in_order(self) -> list[Span]:
        """The mentions in ``doc.spans`` order (added ones where :meth:`write` will put them)."""
        if not self._added:
            return list(self.spans)
        return [self.spans[n] for n in sorted(range(len(self.spans)), key=self._order)]

    def _order(self, n: int) -> tuple[int, int]:
        """Where mention ``n`` stands in ``doc.spans`` order (added mentions go after the others
        that start at the same token, as :meth:`write` puts them)."""
        return (self.spans[n].start, n) if self._added else (0, n)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The mentions sharing a token with tokens ``start:end``, in ``doc.spans`` order."""
        found = {n for i in range(start, end) for n in self._by_token.get(i, ())}
        return [self.spans[n] for n in sorted(found, key=self._order)]

    def before(self, i: int, skip=frozenset(), limit: int = MAX_LOOKBACK) -> list[Span]:
        """The mentions ending by token ``i`` whose start is not in ``skip`` (a set of token indices,
        or a function saying which mentions to skip), latest first (by start; among equal starts in
        ``doc.spans`` order), at most ``limit`` of them."""
        skipped = skip if callable(skip) else (lambda s: s.start in skip)
        out: list[Span] = []
        k = bisect_left(self._latest, (-(i - 1), -1))
        while k < len(self._latest) and len(out) < limit:
            # the mentions starting at one token, in doc.spans order
            start = self._latest[k][0]
            same = []
            while k < len(self._latest) and self._latest[k][0] == start:
                same.append(self._latest[k][1])
                k += 1
            for n in sorted(same, key=self._order):
                s = self.spans[n]
                if s.end <= i and not skipped(s) and len(out) < limit:
                    out.append(s)
        return out

    def actor_at(self, target: Span | Token) -> str | None:
        """See :func:`actor_at`."""
        if isinstance(target, Token):
            start, end, head = target.i, target.i + 1, target.i
        else:
            start, end, head = target.start, target.end, target.root.i
        best, best_key = None, None
        for s in self.overlapping(start, end):
            key = (s.start <= head < s.end, s.end - 1 == head or s.root.i == head, len(s))
            if best_key is None or key > best_key:
                best, best_key = s.kb_id_, key
        return best


def actor_at(doc: Doc, target: Span | Token) -> str | None:
    """The actor id of the mention that heads or covers ``target`` (a Token or non-empty Span of
    ``doc``), else ``None``. Among overlapping mentions the one containing the target's syntactic head
    wins ("U.S. officials" → the officials, not "U.S."), then the longest, then the first. For many
    look-ups in one doc, build :class:`Mentions` once and use its ``actor_at``."""
    return Mentions(doc).actor_at(target)


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


def _inside_proper_name(span: Span, name_heads: frozenset) -> bool:
    """Whether a name continues into a longer proper name ending in an organisation word ("Ukraine"
    of "Ukraine Defense Contact Group")."""
    i = span.end
    doc = span.doc
    while i < len(doc) and doc[i].is_title and doc[i].pos_ == "PROPN":
        if doc[i].lower_ in name_heads:
            return True
        i += 1
    return False


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
                entry = index.by_alias.get(_key(part)) if part[:1].isupper() else None
                if entry is not None and entry.type in ("country", "person", "organization"):
                    out.append((doc[i:i + 1], entry))
        elif i + 2 < len(words) and words[i + 1] == "-" and not space[i + 1] and not space[i]:
            entry = index.by_alias.get(_key(word)) if word[:1].isupper() else None
            if entry is not None and entry.type == "country":
                out.append((doc[i:i + 1], entry))
    return out


@Language.factory("debate_actors", default_config={"knowledge": knowledge_config.DEFAULT})
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
        if a.capital:
            pats.append({"label": "GPE", "pattern": a.capital})
    for w in knowledge.weapons:
        if w.named:
            for alias in w.aliases:
                pats.append({"label": "PRODUCT", "pattern": alias})
    return pats
