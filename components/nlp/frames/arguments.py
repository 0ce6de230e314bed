"""What a predicate is about: where the doc names the debate's target (:class:`Targets`, prefix sums
over token flags), a predicate's argument ranges and the clauses nested in them, and the predicate
that governs another (:func:`governing_cue`)."""
from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import DEP
from spacy.tokens import Doc, Span, Token

from ..tokens import object_of_as, sentence_starts
from .records import CLAUSE_DEPS, Cue, GOVERNED_DEPS, MAX_CLIMB, MAX_NESTED, NON_ARGUMENT_DEPS, SUBJECT_DEPS
from .lexicon import Lexicon
from .holders import HolderLookup


class Targets:
    """Where a doc names the debate's target: token flags with prefix sums (is the target in this
    range of tokens?), the weapon system at each token, the sentences on the topic, and the tokens of
    the recipient side's mentions."""

    def __init__(self, doc: Doc, lex: Lexicon, resolver: HolderLookup):
        n = len(doc)
        flags = numpy.zeros(n + 1, dtype=numpy.int32)
        self.system: dict[int, str] = {}
        for _, s, e in lex.targets(doc):
            flags[s:e] = 1
        if doc.has_annotation("LEMMA"):
            for _, s, e in lex.target_lemmas(doc):
                flags[s:e] = 1
        for w in doc.spans.get("weapons", []):
            if w.label_ in lex.target_weapons or (lex.any_weapon and w.label_ not in lex.not_weapons):
                flags[w.start:w.end] = 1
                for i in range(w.start, w.end):
                    self.system[i] = w.label_
            else:  # another debate's weapon ("nuclear weapons", an Iskander) is no target, whatever its words
                flags[w.start:w.end] = 0
        rec = numpy.zeros(n + 1, dtype=numpy.int32)
        for m in resolver.mentions.spans:
            if m.kb_id_ and resolver.country(m.kb_id_) in lex.recipient:
                rec[m.start:m.end] = 1
        bare: list[int] = []
        if (lex.scoped_terms or lex.other_subject_heads or lex.not_military or lex.figures) and doc.has_annotation("DEP"):
            bare = _unflag_other_subjects(doc, flags, rec, lex)
        self.rec_cum = numpy.concatenate([[0], numpy.cumsum(rec[:n])])
        self.starts = sentence_starts(doc)
        self.ends = self.starts[1:] + [n]
        self.window = lex.window
        if bare:
            self._unflag_unanchored(bare, flags)
        self._flags = flags
        self._index_flags()

    def _unflag_unanchored(self, bare: list[int], flags: numpy.ndarray) -> None:
        """A restriction, ban or limit that says nothing of what it is on ("the restrictions imposed
        in response to the invasion", "such a ban") refers back: it is the debate's only where its
        sentence or the ``window`` before it name the target otherwise."""
        others = flags.copy()
        others[bare] = 0
        cum = numpy.concatenate([[0], numpy.cumsum(others[:len(flags) - 1])])
        for i in bare:
            si = self.sentence_of(i)
            a, b = self.starts[max(0, si - self.window)], self.ends[si]
            if cum[b] - cum[a] == 0:
                flags[i] = 0

    def _index_flags(self) -> None:
        """Prefix sums of the target flags and the sentences on the topic (again after :meth:`clear`)."""
        n = len(self._flags) - 1
        self.cum = numpy.concatenate([[0], numpy.cumsum(self._flags[:n])])
        own = [self.any(s, e) for s, e in zip(self.starts, self.ends)]
        self.sentence_on_topic = own
        w = self.window
        self.window_on_topic = [any(own[max(0, i - w):i + 1]) for i in range(len(own))]

    def clear(self, ranges: list[tuple[int, int]]) -> None:
        """Take the target words of ``ranges`` out (the weapons of a supply to another recipient are
        another debate's: "were China to sell weapons to Russia" puts no sentence on the topic)."""
        if any(self._flags[a:b].any() for a, b in ranges if b > a):
            for a, b in ranges:
                self._flags[a:b] = 0
            self._index_flags()

    def count(self, ranges: list[tuple[int, int]], cum=None) -> int:
        """How many target tokens (or, with ``cum=self.rec_cum``, recipient tokens) ``ranges`` hold."""
        cum = self.cum if cum is None else cum
        return int(sum(cum[b] - cum[a] for a, b in ranges if b > a))

    def any(self, start: int, end: int) -> bool:
        """Whether tokens ``start:end`` name the target."""
        return end > start and self.cum[end] - self.cum[start] > 0

    def recipient(self, start: int, end: int) -> bool:
        """Whether tokens ``start:end`` name the recipient side."""
        return end > start and self.rec_cum[end] - self.rec_cum[start] > 0

    def sentence_of(self, i: int) -> int:
        return max(0, bisect_right(self.starts, i) - 1)

    def system_in(self, ranges: list[tuple[int, int]]) -> str:
        """The first weapon system named in ``ranges``, else ``""``."""
        for s, e in ranges:
            if self.any(s, e):
                for i in range(s, e):
                    if i in self.system:
                        return self.system[i]
        return ""


def _unflag_other_subjects(doc: Doc, flags: numpy.ndarray, rec: numpy.ndarray, lex: Lexicon) -> list[int]:
    """Clears the flags of target words that are about something else (knowledge of the debate's
    ``[target]``): a supply noun qualified only by non-military words ("humanitarian funding for
    Ukraine", ``not_military``), a weapon word modifying a noun of another subject ("critical arms
    control measures", ``other_subject_heads``), and a restriction, ban or limit on anything but the
    target, the recipient or a use of weapons ("restrictions on Russian visitors", "to ban all
    Russian visitors"; not "restrictions on the use of Western weapons": ``scoped_terms``,
    ``scope_words``). Returns the scoped terms that say nothing of what they are on (no object, no
    "on"/"against" phrase), for :meth:`Targets._unflag_unanchored`."""
    def about_debate(obj: Token) -> bool:
        a, b = obj.left_edge.i, obj.right_edge.i + 1
        return bool(flags[a:b].any() or rec[a:b].any()) or obj.lemma_.lower() in lex.scope_words

    bare: list[int] = []
    for i in numpy.flatnonzero(flags[:len(doc)]).tolist():
        t = doc[i]
        lemma = t.lemma_.lower()
        if lemma in lex.supply_words and lex.not_military and only_not_military(t, lex.not_military):
            j = t.i  # with the rest of a term it begins: "(humanitarian) funding for Ukraine"
            while j < len(doc) and flags[j] and (j == t.i or doc[j].lower_ in ("for", "to") or rec[j]):
                flags[j] = 0
                j += 1
            j = t.i - 1  # and its own modifiers a term took in ("non-[military support]")
            while j >= 0 and flags[j] and doc[j].head.i == t.i:
                flags[j] = 0
                j -= 1
        elif lemma in lex.figures and object_of_as(t) and not any(flags[c.i] for c in t.children):
            flags[t.i] = 0  # "using energy as a weapon": a figure of speech
        elif _modifies_other_subject(t, lex.other_subject_heads):
            j = t.i  # with the flagged words before it ("critical arms control")
            while j >= 0 and flags[j]:
                flags[j] = 0
                j -= 1
        elif lemma in lex.scoped_terms:
            if t.pos_ == "VERB":  # the verb's object is what is restricted
                objs = [c for c in t.children if c.dep_ == "dobj"]
                if objs and not any(map(about_debate, objs)):
                    flags[t.i] = 0
                elif not objs:
                    bare.append(t.i)
                continue
            preps = [p for p in t.children if p.dep_ == "prep" and p.lower_ in ("on", "against")]
            for prep in preps:
                if any(o.dep_ == "pobj" and not about_debate(o) for o in prep.children):
                    flags[t.i] = flags[prep.i] = 0  # ("limit on" is one term)
            if not preps and not any(flags[c.i] for c in t.children if c.dep_ in ("compound", "amod", "nmod")):
                bare.append(t.i)
    return bare


def _modifies_other_subject(t: Token, heads: frozenset[str]) -> bool:
    """Whether ``t`` modifies a noun of another subject, directly or through a compound ("arms race",
    "arms control measures")."""
    if not heads or t.dep_ not in ("compound", "nmod", "amod"):
        return False
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else t
    return t.head.lemma_.lower() in heads or (nxt.dep_ in ("compound", "nmod") and nxt.lemma_.lower() in heads)


def only_not_military(t: Token, not_military: frozenset[str]) -> bool:
    """Whether the words modifying a supply noun all make it non-military ("humanitarian aid",
    "economic and financial assistance"; not "military and humanitarian aid")."""
    mods = [c for c in t.children if c.dep_ in ("amod", "compound", "nmod")]
    mods += [g for c in mods for g in c.children if g.dep_ == "conj"]
    words, run = set(), []  # a hyphenated word the tokenizer split is one word ("non - military")
    for m in sorted(mods, key=lambda m: m.i) + [None]:
        if m is not None and run and run[-1].i + 1 == m.i and not run[-1].whitespace_:
            run.append(m)
            continue
        if len(run) > 1:
            words.add("".join(r.lower_ for r in run))
        elif run and run[0].pos_ in ("ADJ", "NOUN", "PROPN"):
            words.add(run[0].lemma_.lower())
        run = [m]
    return bool(words) and words <= not_military


def argument_ranges(root: Token, span: Span) -> list[tuple[int, int]]:
    """Token ranges of what a predicate is about: the predicate and the subtrees of its children that
    are not its holder, auxiliaries or adjunct clauses, and, for a predicate modifying a noun ("the
    systems the US has sent", "launchers supplied by the US"), that noun's phrase."""
    out = [(span.start, span.end)]
    for t in span:  # the children of every word of the predicate ("argued for [loosening …]")
        for c in t.children:
            if (c.dep_ not in NON_ARGUMENT_DEPS or is_infinitive_clause(c)) and not (span.start <= c.i < span.end):
                out.append((c.left_edge.i, c.right_edge.i + 1))
    if root.dep_ in ("relcl", "acl") and root.head.i != root.i:
        head = root.head
        out.append((head.left_edge.i, head.i + 1))
    if root.pos_ == "NOUN" and root.dep_ == "dobj":  # "received appeals from X [to permit …]": the
        for c in root.head.children:                 # infinitive the parser hung on the verb
            if c.i > root.i and is_infinitive_clause(c):
                out.append((c.left_edge.i, c.right_edge.i + 1))
    return out


def is_infinitive_clause(tok: Token) -> bool:
    """Whether ``tok`` heads an adverbial to-infinitive ("pressed lawmakers for months [to approve …]"):
    what the predicate is for, part of what it is about."""
    return tok.dep_ == "advcl" and tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def nested_clauses(root: Token, ranges: list[tuple[int, int]], clause_deps: numpy.ndarray | None = None
                   ) -> list[tuple[int, int]]:
    """Ranges inside ``ranges`` that are clauses of their own (relative, adverbial with a subject or a
    subordinator, coordinated with a subject): what they say is not what the predicate is about
    ("…, Trump, who has questioned support for Ukraine"). ``clause_deps``: per token of the doc, whether
    its dependency can head such a clause (read once per doc, so only those tokens are looked at)."""
    doc = root.doc
    if clause_deps is None:
        clause_deps = numpy.isin(doc.to_array(DEP), [doc.vocab.strings.add(d) for d in CLAUSE_DEPS])
    found: list[tuple[int, int]] = []
    for a, b in ranges[1:]:
        for i in numpy.flatnonzero(clause_deps[a:b])[:MAX_NESTED].tolist():
            c = doc[a + i]
            if c.i == root.i or not a <= c.head.i < b:
                continue  # the predicate itself, or the top of the range
            finite = any(g.dep_ in SUBJECT_DEPS or g.dep_ == "mark" for g in c.children)
            if c.dep_ in ("relcl", "parataxis") or (c.dep_ == "advcl" and finite) or (
                    c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and any(g.dep_ in SUBJECT_DEPS for g in c.children)):
                found.append((c.left_edge.i, c.right_edge.i + 1))
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(found)):  # nested in each other: counted once
        if out and a < out[-1][1]:
            continue
        out.append((a, b))
    return out


def governing_cue(cue: Cue, cue_at: dict[int, Cue], sent_start: int, sent_end: int) -> Cue | None:
    """The nearest other predicate whose proposition holds ``cue``: walking up its sentence's parse
    through complements only (not out of a coordinated, adverbial or relative clause, nor a subject)."""
    t = cue.root
    for _ in range(MAX_CLIMB):
        if is_infinitive_clause(t):  # "received appeals from X [to permit …]": the noun's infinitive
            noun = next((c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i and c.i in cue_at), None)
            if noun is not None:
                return cue_at[noun.i]
        if t.head.i == t.i or not (t.dep_ in GOVERNED_DEPS or is_infinitive_clause(t)):
            return None
        t = t.head
        if not sent_start <= t.i < sent_end:
            return None
        g = cue_at.get(t.i)
        if g is not None and g is not cue and not (cue.span.start <= t.i < cue.span.end) and not g.ftype.transparent:
            return g
    return None
