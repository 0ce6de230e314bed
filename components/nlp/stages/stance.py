"""The ``debate_stance`` component and the ``stances`` table: where each actor stands on the debate.

A debate is a data file (``components/data/debates/<name>.toml``, see ``long_range_strikes.toml``):
the question, the *target* (catalogue systems and categories by name, topic terms, and the
*propositions*, i.e. what the question asks to grant: "lift", "allow", "approve"), and cue lexicons
(support / oppose / cautious / mixed), negators and hedges. The mechanism here knows no debate.

Signals (``doc._.stance_signals``, one dict per row of the ``stance_signals`` table):

1. Cues are matched over lemmas (spaCy Matcher patterns, run around their anchor words by
   :class:`~components.nlp.matching.AnchoredMatcher`; longest match wins).
2. A cue is *negated* when a negator governs it or its head chain ("wasn't worried", "no one
   capability … decisive"); its label then flips as the debate file says ("not worried" → support).
   A cue that contains a negator ("no change", "not ready") is never flipped. Hedges lower the weight.
3. Each actor mention (``doc.spans["actors"]``) gets *anchors*: the verb it is the subject of
   ("Biden has long resisted …"), the noun it holds ("the Pentagon's concerns", "requests from
   Ukrainian officials"), the clause it is the source of ("…, according to U.S. officials"), the
   relative clause about it ("Ukraine, which has been urging …"). Members of a group ("Democrats …,
   including Sen. Ben Cardin") share the group's anchor; pronoun subjects ("They argued", "it has
   not authorized") take the nearest preceding actor of a compatible kind.
4. The cues in an anchor's clause give the actor's signals, reported clauses included, so
   "U.S. officials insist that Biden isn't ready" is a signal for both. A cue governed by another
   attitude cue is left to it ("resisted requests to lift" is resistance); propositions count only
   when no attitude cue is present; a cue held by another actor ("appeals from Zelensky") is his.
5. Actors inside quotation marks are the speaker's words, not holders. Quotes with a ``speaker_id``
   (``doc.spans["quotes"]``) give their cues to the speaker.
6. A signal needs the target in its sentence or in the ``window`` sentences before it (the debate
   is the topic).

:func:`stance_table` aggregates signals per (article, actor) and per actor over the corpus.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..tokens import sentence_starts
from ...knowledge import Knowledge
from .. import knowledge_config
from ..spans import CharRanges
from ..attribution import Attribution
from ..matching import AnchoredMatcher

LABELS = ("support", "oppose", "cautious", "mixed")
#: score of each label on the -1 (oppose) … +1 (support) axis
LABEL_SCORE = {"support": 1.0, "oppose": -1.0, "cautious": -0.5, "mixed": 0.0}
#: the side a criticised position puts the critic on
INVERSE = {"support": "cautious", "cautious": "support", "oppose": "support"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
#: dependencies that attach a name to the noun phrase it belongs to ("Starmer and Biden", "U.S. officials")
NP_DEPS = {"compound", "amod", "appos", "conj", "nmod", "nummod", "npadvmod"}
#: prepositions introducing members of a group ("Democrats, including Sen. Cardin")
MEMBER_PREPS = {"including", "include", "like", "such", "among"}
#: prepositions tying a group to its institution ("Democrats on the committee", "officials at the Pentagon")
AFFILIATION_PREPS = {"on", "at", "of", "in"}
#: nouns whose "from X" names the holder ("requests from X", "appeals from X", "pressure from X")
HELD_NOUN_PREPS = {"from", "by"}

for _ext in ("stance_signals",):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)
if not Token.has_extension("lemma_lower"):
    Token.set_extension("lemma_lower", getter=lambda t: t.lemma_.lower().replace("’", "'"))


@dataclass(frozen=True)
class Cue:
    """One cue of the debate file: its label (or ``"proposition"``/``"target"``), weight, text, and
    whether it contains a negator (then it is never flipped)."""

    label: str
    weight: float
    text: str
    fixed: bool


@dataclass
class Hit:
    """A cue matched in a doc."""

    cue: Cue
    span: Span
    label: str
    weight: float
    negated: bool
    #: the span's syntactic root (computed once: every holder tests it)
    root: Token = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.root = self.span.root


# ---------------------------------------------------------------------------------------------
# the debate file → matcher patterns

def parse_cue(text: str) -> tuple[str, float]:
    """``"fair game=1.5"`` → ``("fair game", 1.5)``; no weight → 1.0."""
    if "=" in text:
        body, _, w = text.rpartition("=")
        try:
            return body.strip(), float(w)
        except ValueError:
            pass
    return text.strip(), 1.0


def cue_patterns(text: str, tokenizer) -> list[list[dict]]:
    """Matcher patterns for a cue written in the debate-file syntax (lemmas; ``a|b`` alternatives;
    ``*`` a gap of up to five words). Each pattern is tried on lower-cased lemmas and on
    lower-cased word forms, so a lemmatiser's quirks ("worried"/"worry") do not lose a cue."""
    items: list[list[str] | None] = []
    for word in text.lower().replace("’", "'").split():
        if word == "*":
            items.append(None)
            continue
        alts = [a for a in word.split("|") if a]
        split = [[t.text for t in tokenizer(a)] for a in alts]
        if len(alts) == 1 and len(split[0]) > 1:  # "game-changer" → game - changer
            items.extend([[t] for t in split[0]])
        else:
            items.append(alts)
    out = []
    for attr in ("_", "LOWER"):
        pattern = []
        for item in items:
            if item is None:
                pattern += [{"OP": "?"}] * 5
            elif attr == "_":  # the lemma in any case: a native attribute matches far faster than a getter
                pattern.append({"LEMMA": {"IN": _lemma_forms(item)}})
            else:
                pattern.append({"LOWER": {"IN": item}})
        if pattern and pattern[0].get("OP") != "?":
            out.append(pattern)
    return out


def _lemma_forms(words: list[str]) -> list[str]:
    """The lemmas a lower-cased cue word can have: as written, capitalised, upper case, and with a
    typographic apostrophe (spaCy lower-cases every lemma but a proper noun's)."""
    forms = set()
    for w in words:
        for v in (w, w.replace("'", "’")):
            forms |= {v, v.capitalize(), v.upper(), v.title()}
    return sorted(forms)


def debate_cues(debate: dict) -> list[Cue]:
    """Every cue of a debate definition: attitude cues per label, propositions and topic terms."""
    negators = set(debate.get("negation", {}).get("negators", []))
    cues = []
    for label in (*LABELS, "criticism"):
        for raw in debate.get("cues", {}).get(label, []):
            text, w = parse_cue(raw)
            cues.append(Cue(label, w, text, bool(negators & set(re.split(r"[\s|]+", text)))))
    target = debate.get("target", {})
    pw = float(target.get("proposition_weight", 0.5))
    for raw in target.get("propositions", []):
        text, w = parse_cue(raw)
        cues.append(Cue("proposition", pw * w, text, False))
    for raw in target.get("terms", []):
        text, _ = parse_cue(raw)
        cues.append(Cue("target", 0.0, text, False))
    return cues


# ---------------------------------------------------------------------------------------------
# the component

class StanceDetector:
    """Sets ``doc._.stance_signals``; see the module docstring."""

    def __init__(self, nlp: Language, name: str, knowledge: Knowledge, debate: str | None = None):
        self.name = name
        self.attribution = Attribution(knowledge, nlp)
        self.debate = knowledge.debate(debate)
        self.cues = debate_cues(self.debate)
        self.attitude = AnchoredMatcher(nlp.vocab)
        self.target = AnchoredMatcher(nlp.vocab)
        for i, cue in enumerate(self.cues):
            matcher = self.target if cue.label == "target" else self.attitude
            matcher.add(str(i), cue_patterns(cue.text, nlp.tokenizer))
        tgt = self.debate.get("target", {})
        self.target_weapons = set(tgt.get("systems", [])) | set(tgt.get("categories", []))
        self.any_weapon = bool(tgt.get("any_catalogue_weapon", False))
        self.not_weapons = set(tgt.get("not_on_topic", []))
        neg = self.debate.get("negation", {})
        self.negators = {n.replace("’", "'") for n in neg.get("negators", [])}
        self.flip = {k: (v[0], float(v[1])) for k, v in neg.get("flip", {}).items()}
        self.raisers = frozenset(neg.get("raisers", []))
        self.position_nouns = set(self.debate.get("attribution", {}).get("position_nouns", []))
        hedges = self.debate.get("hedges", {})
        self.hedges = set(hedges.get("words", []))
        self.hedge_factor = float(hedges.get("factor", 0.7))

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.stance_signals = find_signals(doc, self)
        except Exception:  # bad input never crashes the pipeline: no signals for this doc
            doc._.stance_signals = []
        finally:
            if doc.has_extension("resolver") and doc._.resolver is not None:
                doc._.resolver.flush()  # actors registered while resolving holders
        return doc

    # -- cues ---------------------------------------------------------------------------------
    def hits(self, doc: Doc) -> list[Hit]:
        """The attitude and proposition cues in ``doc`` (longest match wins), negation and hedges
        applied."""
        spans = filter_spans([Span(doc, s, e, label=k)
                              for k, s, e in self.attitude(doc)])
        out = []
        for sp in spans:
            cue = self.cues[int(sp.label_)]
            label, weight = cue.label, cue.weight
            negated = not cue.fixed and is_negated(sp.root, self.negators, self.raisers)
            if negated:
                if label == "proposition":
                    label, weight = "cautious", 1.0
                elif label in self.flip:
                    to, factor = self.flip[label]
                    label, weight = to, weight * factor
            elif label == "proposition":
                label = "support"
            if is_hedged(sp.root, self.hedges):
                weight *= self.hedge_factor
            out.append(Hit(cue, sp, label, weight, negated))
        return out

    def on_topic(self, doc: Doc, starts: list[int] | None = None) -> list[bool]:
        """Per sentence: does it (or one of the ``window`` sentences before it) mention the debate's
        target? ``starts``: the sentence starts (:func:`sentence_starts`), if already known."""
        starts = sentence_starts(doc) if starts is None else starts
        topical = [False] * len(starts)
        marks = [s for _, s, _ in self.target(doc)]
        marks += [w.start for w in doc.spans.get("weapons", [])
                  if w.label_ in self.target_weapons or (self.any_weapon and w.label_ not in self.not_weapons)]
        for t in marks:
            topical[max(0, bisect_right(starts, t) - 1)] = True
        window = int(self.debate.get("target", {}).get("window", 4))
        return [any(topical[max(0, i - window):i + 1]) for i in range(len(starts))]


@Language.factory("debate_stance", default_config={"knowledge": knowledge_config.DEFAULT, "debate": None})
def make_debate_stance(nlp: Language, name: str, knowledge: Knowledge, debate: str | None):
    return StanceDetector(nlp, name, knowledge, debate)


def is_negated(tok: Token, negators: set[str], raisers: frozenset[str] = frozenset()) -> bool:
    """Whether a negator governs ``tok``: a ``neg`` child or a negating determiner/adverb on ``tok``
    or on up to three heads it hangs from inside its phrase ("no one capability that will be
    decisive", "wasn't worried", "may not be a game-changer"), or on a verb of opinion whose
    complement holds it (``raisers``: "did not believe it would be a game-changer")."""
    t = tok
    for _ in range(4):
        for c in t.children:
            if c.dep_ == "neg" or c.lower_.replace("’", "'") in ("n't", "not", "never") or \
                    (c.dep_ in ("det", "advmod", "preconj") and c._.lemma_lower in negators):
                return True
        if t.dep_ in ("acomp", "attr", "xcomp", "dobj", "pobj", "prep", "amod", "relcl", "oprd", "compound",
                      "pcomp", "advmod", "dep", "ccomp") and t.head is not t:
            if t.dep_ == "ccomp" and any(c.dep_ in SUBJECT_DEPS for c in t.children) and \
                    t.head._.lemma_lower not in raisers:  # "did not believe it would be decisive"
                return False
            t = t.head
        else:
            break
    return False


def is_hedged(tok: Token, hedges: set[str]) -> bool:
    """Whether a hedge (modal, evidential) modifies ``tok`` or its head verb."""
    for t in (tok, tok.head):
        if t._.lemma_lower in hedges or any(c._.lemma_lower in hedges and c.dep_ in ("aux", "advmod")
                                            for c in t.children):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# actors → anchors

def _inside(tok_or_span, regions: CharRanges) -> bool:
    return (tok_or_span.idx if isinstance(tok_or_span, Token) else tok_or_span.start_char) in regions


def group_head(tok: Token, kind: str) -> Token | None:
    """The token standing for the noun phrase a mention belongs to as holder: climbs compounds,
    appositions, conjuncts and member/affiliation phrases ("Sen. Cardin" in "Democrats …, including
    Sen. Cardin" → "Democrats"). ``None`` when the mention is a place inside a group phrase."""
    t = tok
    for _ in range(8):
        if t.dep_ in NP_DEPS and t.head is not t:
            t = t.head
            continue
        if t.dep_ == "pobj" and t.head.dep_ == "prep":
            prep = t.head
            lemma = prep._.lemma_lower
            if lemma in MEMBER_PREPS or (lemma in AFFILIATION_PREPS and prep.head.pos_ in ("NOUN", "PROPN")):
                if kind == "country" and lemma in ("of", "in", "at", "on"):
                    return None
                t = prep.head
                continue
        break
    return t


def anchors(tok: Token, kind: str) -> list[tuple[Token, str]]:
    """Where a mention's position is read: ``(token, via)`` pairs, ``via`` one of subject, possessor,
    holder, agent, source, relative (see the module docstring)."""
    out = []
    head = group_head(tok, kind)
    if head is None:
        return out
    for c in head.children:  # "Ukraine, which has been urging …"
        if c.dep_ == "relcl" and any(g.dep_ in SUBJECT_DEPS and g._.lemma_lower in ("which", "who", "that")
                                     for g in c.children):
            out.append((c, "relative"))
    if head.dep_ in SUBJECT_DEPS:
        out.append((head.head, "subject"))
    elif head.dep_ == "poss":
        out.append((head.head, "possessor"))
    elif head.dep_ in ("pobj", "agent") or (head.dep_ == "pobj" and head.head.dep_ == "agent"):
        prep = head.head if head.dep_ == "pobj" else head
        lemma = prep._.lemma_lower
        if lemma == "to" and prep.head._.lemma_lower in ("accord", "according"):  # "…, according to U.S. officials"
            out.append((_clause_root(prep.head), "source"))
        elif lemma in HELD_NOUN_PREPS and prep.head.pos_ in ("NOUN", "VERB"):
            out.append((prep.head, "agent" if lemma == "by" else "holder"))
        elif lemma in ("within", "inside", "among") and kind in ("organization", "group") and prep.head.pos_ in ("VERB", "AUX"):
            out.append((prep.head, "holder"))
    return out


def _clause_root(tok: Token) -> Token:
    """The verb of the clause ``tok`` hangs from."""
    t = tok.head
    while t.pos_ not in ("VERB", "AUX") and t.head is not t:
        t = t.head
    return t


def clause_tokens(anchor: Token, exclude: set[int]) -> dict[int, int]:
    """Token index → depth for the clause of ``anchor``: its subtree, not entering coordinated
    clauses with their own subject, nor ``exclude`` (the holder's own phrase)."""
    out = {anchor.i: 0}
    stack = [(anchor, 0)]
    while stack:
        t, d = stack.pop()
        for c in t.children:
            if c.i in exclude or c.i in out:
                continue
            if c.dep_ in ("conj", "parataxis") and c.pos_ in ("VERB", "AUX") and \
                    any(g.dep_ in SUBJECT_DEPS for g in c.children):
                continue
            out[c.i] = d + 1
            stack.append((c, d + 1))
    return out


def acted_upon(verb: Token, cue_roots, causatives: frozenset) -> bool:
    """Whether the subject of ``verb`` is acted upon rather than holding a view: ``verb`` is the
    complement of a cue or of a causative ("allowing Kyiv to use …", "make Germany a party …")."""
    return verb.dep_ in ("ccomp", "xcomp") and (verb.head.i in cue_roots or verb.head._.lemma_lower in causatives)


# ---------------------------------------------------------------------------------------------
# signals

def find_signals(doc: Doc, det: StanceDetector) -> list[dict]:
    """The stance signals of ``doc`` (rows of the ``stance_signals`` table without ``article_id``)."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    hits = det.hits(doc)
    if not hits:
        return []
    starts = sentence_starts(doc)
    ends = starts[1:] + [len(doc)]
    topical = det.on_topic(doc, starts)
    resolver = det.attribution.resolver(doc)
    regions = CharRanges(resolver.regions)
    info = doc._.actors or {} if doc.has_extension("actors") else {}
    mentions = [(s, s.kb_id_, s.label_ or info.get(s.kb_id_, {}).get("type", "")) for s in doc.spans.get("actors", [])]
    mentions.sort(key=lambda m: m[0].start)
    hit_at = {}
    hits_by_root: dict[int, list[int]] = {}  # token → positions in ``hits`` of the hits rooted there
    for n, h in enumerate(hits):
        hit_at[h.root.i] = h
        hits_by_root.setdefault(h.root.i, []).append(n)

    def hits_rooted_in(tokens) -> list[Hit]:
        """The hits whose root is one of ``tokens``, in the order of ``hits``."""
        return [hits[n] for n in sorted(n for i in tokens for n in hits_by_root.get(i, ()))]

    holders: list[tuple[str, Token, str, set[int]]] = []  # (actor id, anchor, via, excluded tokens)
    for span, aid, kind in mentions:
        if not aid or _inside(span, regions):
            continue
        for anchor, via in anchors(span.root, kind):
            head = group_head(span.root, kind)
            holders.append((aid, anchor, via, {t.i for t in head.subtree} if head is not None else set()))
    for tok in _pronoun_subjects(doc, det.attribution.pronouns):
        if acted_upon(tok.head, hit_at, det.attribution.causatives):
            continue
        for ref in resolver.holders(tok):
            holders.append((ref.actor_id, tok.head, "pronoun", {tok.i}))
    # cue nouns held by someone ("appeals from X", "X's concerns") belong to that holder only
    held = {a.i: aid for aid, a, via, _ in holders if via in ("holder", "agent") and a.pos_ in ("NOUN", "PROPN")}

    signals: dict[tuple, dict] = {}

    def emit(aid: str, hs: list[Hit], via: str) -> None:
        for h in pick(hs, hit_at):
            si = bisect_right(starts, h.root.i) - 1
            if not topical[si]:
                continue
            s = doc[starts[si]:ends[si]]
            key = (aid, h.span.start)
            if key in signals:
                continue
            signals[key] = {
                "actor_id": aid, "sent_index": si, "start": s.start_char, "end": s.end_char,
                "label": h.label, "weight": round(h.weight * (1 if h.label != "oppose" else 1), 3),
                "cue": h.span.text, "sentence": s.text.strip(), "negated": h.negated, "via": via,
            }

    for aid, anchor, via, excl in holders:
        if via in ("subject", "pronoun") and acted_upon(anchor, hit_at, det.attribution.causatives):
            continue  # "allowing Kyiv to use …", "urged Biden to permit …": Kyiv and Biden hold nothing
        depth = clause_tokens(anchor, excl)
        hs = [h for h in hits_rooted_in(depth) if not _held_by_other(h.root, aid, held, depth)
              and (h.cue.label != "proposition" or _complement_path(h.root, anchor))
              and not (via in ("possessor", "agent") and h.label == "oppose")]  # "NATO's involvement" is no view of NATO
        if not hs and via == "possessor" and anchor._.lemma_lower in det.position_nouns:
            # "no change to the administration's stance"
            t = anchor
            for _ in range(3):
                if t.head is t or t.dep_ in SUBJECT_DEPS:
                    break
                t = t.head
                if t.i in hit_at and hit_at[t.i].label != "oppose":
                    hs = [hit_at[t.i]]
                    break
        emit(aid, hs, via)
    for q in doc.spans.get("quotes", []):  # direct words; reported clauses went through the parse
        aid = q._.speaker_id if q.has_extension("speaker_id") else None
        if aid and (q._.kind if q.has_extension("kind") else "direct") != "indirect":
            emit(aid, hits_rooted_in(range(q.start, q.end)), "quote")
    return sorted(signals.values(), key=lambda r: (r["sent_index"], r["actor_id"]))


def _pronoun_subjects(doc: Doc, pronouns) -> list[Token]:
    """The tokens of ``doc`` that are subject pronouns of the attribution's pronoun table ("he",
    "it", "they"), found with one array lookup rather than a Token object per word."""
    strings = doc.vocab.strings
    deps = numpy.array([strings.add(d) for d in SUBJECT_DEPS], dtype="uint64")
    words = numpy.array([strings.add(w) for w in pronouns], dtype="uint64")
    table = doc.to_array([DEP, LOWER]).reshape(len(doc), 2)
    hits = numpy.isin(table[:, 0], deps) & numpy.isin(table[:, 1], words)
    return [doc[i] for i in numpy.flatnonzero(hits).tolist()]


def _complement_path(tok: Token, anchor: Token) -> bool:
    """Whether ``tok`` is the content of ``anchor`` ("discussed allowing", "a decision to allow")
    rather than a topic or a circumstance ("allowing X would mean …", "without lifting …, …")."""
    t = tok
    while t.i != anchor.i:
        if t.dep_ in ("csubj", "nsubj", "nsubjpass", "advcl") or t._.lemma_lower in ("without", "despite", "until"):
            return False
        if t.head is t:
            return False
        t = t.head
    return True


def _held_by_other(tok: Token, aid: str, held: dict[int, str], depth: dict[int, int]) -> bool:
    """Whether ``tok`` sits under a noun another actor holds ("received appeals from Zelensky")."""
    t = tok
    while True:
        if t.i in held and held[t.i] != aid:
            return True
        if t.head is t or t.i not in depth or depth[t.i] == 0:
            return False
        t = t.head


def pick(hs: list[Hit], hit_at: dict[int, Hit]) -> list[Hit]:
    """The cues that carry the position: attitude cues not governed by another attitude cue;
    propositions only when there is no attitude cue. A criticism cue in the clause turns the
    other cues to the opposite side (cautious/oppose ↔ support); alone it says nothing."""
    critics = [h for h in hs if h.cue.label == "criticism"]
    hs = [h for h in hs if h.cue.label != "criticism"]
    if critics:  # "called the refusal a mistake": criticising a position takes the other side
        hs = [Hit(h.cue, h.span, INVERSE.get(h.label, h.label), h.weight, h.negated) for h in hs]
    attitude = [h for h in hs if h.cue.label != "proposition" or h.negated]
    roots = {h.root.i for h in attitude}

    def governed(h: Hit) -> bool:
        t = h.root
        for _ in range(12):
            if t.head is t:
                return False
            t = t.head
            if t.i in roots and t.i != h.root.i and not (h.span.start <= t.i < h.span.end):
                return True
        return False

    top = [h for h in attitude if not governed(h)]
    if top:
        return top
    return [h for h in hs if h.cue.label == "proposition" and not h.negated]
