"""Names of actors: the catalogue's index of names and aliases (exact and close spellings), titles
before a name ("U.K. Prime Minister Keir Starmer"), the name inside an entity the model found, whether
an "organisation" reads as a person's name, and a person's role as the text gives it. Used by the
actor stage (:mod:`components.nlp.stages.actors`) and by attribution."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span

from ..knowledge import ActorEntry, Knowledge
from .spans import SpanIndex

#: the model's entity labels that can be actors, with the actor type they give
ENTITY_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}

class ActorIndex:
    """Catalogue lookups: alias → entry (exact, case-folded) and fuzzy spelling variants."""

    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        self.by_alias: dict[str, ActorEntry] = {}
        self.capitals: dict[str, ActorEntry] = {}
        self.demonyms: dict[str, ActorEntry] = {}
        for a in knowledge.actors:
            for alias in (a.name, *a.aliases):
                self.by_alias.setdefault(name_key(alias), a)
            for capital in filter(None, (a.capital, *a.capital_spellings)):
                self.capitals[name_key(capital)] = a
            for d in a.demonyms:
                self.demonyms.setdefault(name_key(d), a)
        self.person_keys = [k for k, a in self.by_alias.items() if a.type == "person"]

    def lookup(self, name: str) -> ActorEntry | None:
        """The catalogue entry for ``name``: exact alias, else a close spelling of a person's name."""
        k = name_key(name)
        if k in self.by_alias:
            return self.by_alias[k]
        if len(k) >= 5 and self.person_keys:
            best = process.extractOne(k, self.person_keys, scorer=fuzz.ratio, score_cutoff=88)
            if best:
                return self.by_alias[best[0]]
        return None


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """The lookup key of a name: case-folded, a leading "the" and full stops dropped, spaces collapsed,
    letters without their diacritics ("Vučić" and "Vucic", "Łukaszenko" and "Lukaszenko" are one key)."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return re.sub(r"[\s.]+", " ", _fold(name.lower().replace("’", "'"))).strip()


_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def _fold(text: str) -> str:
    """``text`` without diacritics (decomposed, combining marks dropped; letters with a stroke mapped)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text.translate(_FOLD)) if not unicodedata.combining(c))


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
    core = strip_possessive(ent[n:])
    while len(core) > 1 and core[0].tag_ not in ("NNP", "NNPS") and not core[0].is_upper and core[0].pos_ != "PROPN":
        core = core[1:]
    return ent.doc[hyphen_start(ent.doc, core.start):core.end], title


def trim_space(ent: Span) -> Span | None:
    """``ent`` without the whitespace tokens the model may take in at its edges (a name at the end
    of a paragraph, "Anne Maclennan\\n\\n"), with its label; None if nothing else is left."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label, kb_id=ent.kb_id) if end > start else None


def join_place_names(ents: list[Span]) -> list[Span]:
    """``ents`` (in text order) with an organisation's name the model cut before a place it knows
    made whole: "University of" + "Belgrade" → "University of Belgrade" (the place is part of the
    name; the entity ruler fixes catalogued places before the model reads the rest). (A place
    before a name, "US Congress", is left as two: it is often the country's own institution.)"""
    out: list[Span] = []
    for e in ents:
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == "ORG" and e.label_ == "GPE" and prev.end == e.start \
                and prev[-1].lower_ in ("of", "for") and len(prev) > 1:
            out[-1] = Span(e.doc, prev.start, e.end, label=prev.label)
        else:
            out.append(e)
    return out


def hyphen_start(doc: Doc, start: int) -> int:
    """Start of a hyphenated name ending at token ``start`` ("Strack-Zimmermann" when the model took
    only "Zimmermann")."""
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_title and doc[start - 2].ent_type_ not in ENTITY_LABELS:
        start -= 2
    return start


def surname(core: Span) -> str:
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


def title_start(doc: Doc, start: int, title_ranges: SpanIndex[range], index: ActorIndex) -> int:
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
            if name_key(prev.text) in index.demonyms or (prev.pos_ == "PROPN" and index.by_alias.get(name_key(prev.text)) is not None
                                                      and index.by_alias[name_key(prev.text)].type == "country"):
                start, moved = start - 1, True
    return start


def role_of(core: Span, titles: list[str]) -> str:
    """A person's role as the text gives it: a descriptive title before the name ("National Security
    Council spokesman John Kirby"), an apposition after it ("Charlie Dietz, Pentagon spokesperson";
    a singular noun phrase without a verb), or the title phrase the name follows in apposition
    ("the Chairman of the EU Military Committee, General Robert Brieger")."""
    doc = core.doc
    root = core.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= core.end and child.pos_ == "NOUN" and child.tag_ != "NNS" \
                and not any(t.pos_ in ("VERB", "AUX") for t in child.subtree):
            return doc[child.left_edge.i:child.right_edge.i + 1].text.strip(" ,")
    before = title_phrase_before(core, _title_words(tuple(titles)))
    if before is not None:
        return before.text
    start = core.start
    while start > 0 and doc[start - 1].dep_ in ("compound", "amod", "nmod") and doc[start - 1].head.i >= start - 1 \
            and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ") and doc[start - 1].head.i <= core.end:
        start -= 1
    if start < core.start and any(doc[i].pos_ == "NOUN" for i in range(start, core.start)):
        return doc[start:core.start].text
    return ""


@lru_cache(maxsize=16)
def _title_words(titles: tuple[str, ...]) -> frozenset[str]:
    """The words of the titles, lower case, without full stops ("maj", "gen", "prime", "minister")."""
    return frozenset(w.lower().strip(".") for t in titles for w in t.split())


def title_phrase_before(name: Span, title_words) -> Span | None:
    """The phrase headed by a title word that a name follows in apposition, after a comma ("the
    Chairman of the EU Military Committee, General Robert Brieger"; a title written before the name
    is part of the mention)."""
    doc = name.doc
    start = name.start
    while start > 0 and doc[start - 1].lower_.strip(".") in title_words:
        start -= 1
    if start < 3 or doc[start - 1].text != ",":
        return None
    last = doc[start - 2]
    head = last
    for _ in range(6):  # from the phrase's last word up to the title word heading it
        if head.lower_ in title_words and head.pos_ in ("NOUN", "PROPN"):
            return doc[head.left_edge.i:start - 1]
        if head.head.i == head.i or head.head.i > last.i or head.dep_ not in ("pobj", "prep", "compound", "amod"):
            return None
        head = head.head
    return None


def strip_possessive(span: Span) -> Span:
    if len(span) > 1 and span[-1].text in ("'s", "’s", "'", "’"):
        return span[:-1]
    return span
