"""A country's institutions and a person's team as actors: "Ukraine's air force" → "Ukrainian Air
Force", "the Russian Defense Ministry", "German MoD" → "German Ministry of Defence", "the Biden
administration" (the words are ``[institutions]`` of ``groups.toml``; countries and their adjectives
come from the actor catalogue through :class:`components.nlp.groups.GroupNamer`)."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from .groups import Group, GroupNamer

def _plural_form(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word if word.endswith("s") else word + "s"


class InstitutionFinder:
    """Finds a country's institutions and a person's team (``[institutions]`` of ``groups.toml``)."""

    def __init__(self, nlp, namer: GroupNamer, groups_cfg: dict):
        from spacy.matcher import PhraseMatcher

        cfg = groups_cfg.get("institutions", {})
        self.namer = namer
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrases = []
        for name in cfg.get("names", []):
            words = name.lower().split()
            phrases.append(" ".join(words))
            if len(words) == 1 or words[-2] != "of":
                phrases.append(" ".join(words[:-1] + [_plural_form(words[-1])]))
        self.matcher.add("INSTITUTION", [nlp.make_doc(p) for p in dict.fromkeys(phrases)])
        self.personal = {w.lower() for w in cfg.get("personal", [])}
        self.matcher.add("PERSONAL", [nlp.make_doc(w) for w in self.personal])
        self.abbreviations = dict(cfg.get("abbreviations", {}))
        self.abbrev_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.abbrev_matcher.add("ABBREVIATION", [nlp.make_doc(a) for a in self.abbreviations])
        self.domain_adjectives = {w.lower() for w in cfg.get("domain_adjectives", [])}

    def find(self, doc: Doc, actor_spans: list[Span]) -> tuple[list[Group], list[Span]]:
        """The institution mentions of ``doc`` and the named-actor mentions they replace (a
        catalogue abbreviation such as "MoD" qualified by another country)."""
        if not len(doc):
            return [], []
        by_token: dict[int, Span] = {}
        orgs_by_head: dict[str, list[Span]] = {}  # organisation mentions by their last word, in text order
        for s in sorted(actor_spans, key=lambda s: s.start):
            for i in range(s.start, s.end):
                by_token[i] = s
            if s.label_ == "organization":  # by each word: "the ministry" after "the Ministry of Commerce"
                for word in dict.fromkeys(t.lower_ for t in s if t.is_alpha):
                    orgs_by_head.setdefault(word, []).append(s)
        self._orgs_by_head = orgs_by_head
        found: list[Group] = []
        replaced: list[Span] = []
        self._latest: dict[str, Group] = {}  # the last institution found with each head word
        matches = [(s, e, "phrase") for _, s, e in self.matcher(doc)]
        matches += [(s, e, "abbreviation") for _, s, e in self.abbrev_matcher(doc)]
        taken: set[int] = set()
        for s, e, how in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
            if s in taken:
                continue
            span = doc[s:e]
            root = span.root
            if root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.i >= e:
                continue  # "military facility", "army base": a modifier, not the institution
            inside = [by_token[i] for i in range(s, e) if i in by_token]
            catalogued = [m for m in inside if self.namer.index.knowledge.actor(m.kb_id_) is not None]
            if how == "phrase" and catalogued:
                continue  # a catalogued name ("Defense Department", "Foreign Office")
            got = self._name(doc, span, how, by_token, found)
            if got is None:
                continue
            start, name, country = got
            if any(m.end > e or m.start < min(start, s) for m in inside):
                continue  # part of a longer name the model found
            if how == "abbreviation" or inside:  # "German MoD"; a model's entity for "defense ministry"
                replaced += list(dict.fromkeys(inside))
            taken.update(range(start, e))
            found.append(Group(doc[start:e], name, "organization", country, "institution", False))
            self._latest[span[-1].lower_] = found[-1]
        return found, replaced

    def _name(self, doc: Doc, span: Span, how: str, by_token: dict[int, Span], found: list[Group]):
        """``(first token, name, country)`` of an institution phrase, or ``None``."""
        namer = self.namer
        head_word = span[-1].lower_
        start = span.start
        # a model's uncatalogued entity for the institution phrase itself ("defense ministry") is no owner
        by_token = {i: m for i, m in by_token.items() if not (
            m.end == span.end and m.label_ == "organization" and namer.index.knowledge.actor(m.kb_id_) is None)}
        while start > 0 and how == "phrase":
            t = doc[start - 1]
            if t.i in by_token or t.is_sent_start and t.pos_ == "PROPN":
                break
            if (t.dep_ == "compound" and (t.pos_ == "NOUN" or t.pos_ == "PROPN" and t.is_lower)) \
                    or t.lower_ in self.domain_adjectives:
                start -= 1
            else:
                break
        words = doc[start:span.end]
        written = self.abbreviations.get(span.text) if how == "abbreviation" else None
        label = written or " ".join(_cap(t.text) for t in words)
        q = doc[start - 1] if start > 0 else None
        entry, first = None, start
        if q is not None and q.text in ("'s", "’s", "'", "’") and start >= 2:
            owner = by_token.get(start - 2)
            if owner is not None:
                entry = namer.index.knowledge.actor(owner.kb_id_)
                if entry is not None and entry.type == "person" or owner.label_ == "person":
                    if span.root.lower_ in self.personal:
                        return first, self._personal(owner, span), ""
                    return None
        elif q is not None and q.i in by_token:
            owner = by_token[q.i]
            entry = namer.index.knowledge.actor(owner.kb_id_)
            if owner.label_ == "person" and span.root.lower_ in self.personal:
                return owner.start, self._personal(owner, span), ""
            first = owner.start
        elif q is not None and q.lower_ in namer.index.demonyms:
            entry = namer.index.demonyms[q.lower_]
            first = q.i
        if entry is None:
            of = next((c for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
            if obj is not None and obj.i in by_token:
                entry = namer.index.knowledge.actor(by_token[obj.i].kb_id_)
        country = namer.country_of(entry) if entry is not None and entry.type == "country" else ""
        if not country:
            # "the ministry", "the administration": the last institution of the article with this head word
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in span.root.children):
                return None
            prev = self._latest.get(head_word)
            named = None
            for word in (head_word, _plural_form(head_word)):
                same = self._orgs_by_head.get(word, [])
                k = _last_ending_by(same, start)
                if k and (named is None or same[k - 1].start > named.start):
                    named = same[k - 1]
            if named is not None and (prev is None or named.start > prev.span.start):
                entry = namer.index.knowledge.actor(named.kb_id_)
                return start, entry.name if entry is not None else named.text, namer.country_of(entry)
            if prev is None:
                return None
            return start, prev.name, prev.country
        name = f"{namer.adjective([country], [])} {label}"
        known = namer.index.lookup(name)
        if known is not None and known.type == "organization":
            name = known.name
        return first, name, country

    @staticmethod
    def _personal(owner: Span, span: Span) -> str:
        """"<surname> <head>" for a person's team ("Biden administration")."""
        words = [t.text for t in owner if t.pos_ == "PROPN" and t.text not in ("'s", "’s")]
        surname = words[-1] if words else owner.text
        return f"{surname} {span.root.lower_}"


def _last_ending_by(spans: list[Span], i: int) -> int:
    """How many of ``spans`` (in text order, not nested) end by token ``i``: bisection on their ends."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= i:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _cap(word: str) -> str:
    """A word of an institution's name as shown: capitalised, short function words kept lower."""
    return word if word.lower() in ("of", "and", "the", "for") or not word[:1].islower() else word[:1].upper() + word[1:]
