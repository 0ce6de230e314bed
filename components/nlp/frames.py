"""Stance frames: who holds which position on the debate, read from the parse.

A *frame* is one attributed stance signal (:class:`StanceFrame`): a **holder** (an actor) takes a
**predicate** (a word of the debate file's frame lexicon: "send", "urge", "refuse", "retaliate",
"concerned", "at war", "slam") about a **proposition** (what the predicate is about, from the parse),
possibly naming a **target** (a weapon system of the debate, or its general topic), with a
**polarity** (support / oppose / cautious / mixed) and a **weight**, in one **sentence**. Its
**source** says how the text attributes it:

- ``quote``: the holder's own quoted words (a direct or partial quote with that speaker);
- ``reported``: reported speech (the holder says, insists, warns … that …; "according to" the holder);
- ``action``: the holder's action (sends, supplies, approves, refuses to send, uses the weapons);
- ``ascribed``: a position the text ascribes to the holder ("X is reluctant", "X's concerns").

Knowledge lives in the debate file (``[frames.*]``: each frame type's predicates, label, what a
negation makes of it, where its holder and target are read; ``[sides]``; ``[negation]``; ``[hedges]``;
``[time]``; ``[attribution]``). The mechanisms here know no debate:

1. **Predicates** are matched over lemmas (spaCy Matcher patterns run around their anchor words by
   :class:`~components.nlp.matching.AnchoredMatcher`; the longest match wins).
2. **Holder.** ``holder = "agent"``: the predicate's own subject, the possessor or the "from"/"by"
   phrase of a predicate noun ("Germany's delivery", "objections from Trump"), the agent of a
   participle ("launchers supplied by the US"), the antecedent of a relative pronoun, the object of a
   verb that controls a gerund ("thanked Germany for providing", "lashed out at the US for
   supplying"), inherited through conjuncts, infinitives and participles; a causative's subject, not
   the one made to act ("make allies deliver"). ``holder = "asserter"``: whoever says it (a
   consequence or an assessment: "would mean NATO is at war", "not a game-changer").
   ``holder = "experiencer"``: the object or subject ("the debate has split officials").
   Names resolve through the one attribution module (:mod:`components.nlp.attribution`: mentions, pronouns,
   descriptions, conjuncts and members); "his country" is the country of the one "his" stands for.
3. **Speech.** Inside a quote, a predicate is the speaker's only in the speaker's own clauses: held
   by no one, by a first-person pronoun, or by no actor; a clause about a third party ("China says it
   wants …") gives nothing. Outside quotes, a clause reported by a speaker ("X said/insists/warned
   that …", "according to X") is the speaker's when no actor holds it, and is shared by the speaker
   when it is held by an actor of the speaker's own country ("U.S. officials insist Biden isn't ready").
   What a speaker of the adversary side says of the other side is its claim, not their position
   ("Putin said Ukraine is using …"). Verbs of opinion ("believes", "thinks") hold their clause as
   speech verbs do. Narration with no holder gives no signal.
4. **Governance.** A predicate governed by another predicate is read through it: "refused to send"
   is a refusal, "urged X to allow" a request (X holds nothing: asked, not acting), "welcomed
   Germany's delivery" a welcome and Germany's delivery (a possessor is presupposed), "accused X of
   refusing" puts the critic on the side opposite to X's refusal (``label = "inverse"``).
5. **Negation and modality**, by the parse: a negator on the predicate or the heads it hangs from
   ("has not sent", "wasn't worried", "did not believe it would be decisive") turns the frame into the
   one its type names (``negated``), hedges ("may", "could") lower the weight, an if/unless clause
   makes an action hypothetical (no holder), past-perfect and "initially" mark a superseded position.
6. **Target.** ``target = "argument"``: the debate's target (a weapon of the debate, or a target term
   such as "aid", "restriction") is in the predicate's own arguments; ``"recipient"``: the argument
   names the target or the recipient (Ukraine) and the sentence is on the topic; ``"topic"``: the
   sentence or one of the ``window`` sentences before it is on the topic (a weaker frame).
7. **Sides.** A holder of the ``adversary`` side (the country the weapons would be used against) has
   its labels re-read (``relabel``: its concern is a threat; nothing it does supports); ``use``
   frames (``holders = "recipient"``) count only for the recipient side, and an organisation of it (its
   armed forces) uses the weapons for its state.

Every step is linear in the text: predicates come from one anchored match, each is resolved by a
bounded walk up the parse, target look-ups use prefix sums over token flags.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, LEMMA, LOWER
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..knowledge.models import slug
from ..knowledge.vocabulary import CUE_LABELS
from .attribution import Holder, Resolver, SpeechEvent, is_reported, subject_of
from .matching import AnchoredMatcher
from .tokens import sentence_starts

#: the labels a frame can give, from the one stance vocabulary
LABELS = CUE_LABELS
#: the label of a criticism frame: the side opposite to the criticised position
INVERSE_LABEL = "inverse"
#: the label of a compliance frame: the side of the position complied with ("bowed to pressure to send")
INNER_LABEL = "inner"
INVERSE = {"support": "oppose", "oppose": "support", "cautious": "support", "mixed": "mixed"}
SOURCES = ("quote", "reported", "action", "ascribed")
KINDS = ("action", "attitude", "evaluation", "criticism")
HOLDER_MODES = ("agent", "asserter", "experiencer")
TARGET_MODES = ("argument", "recipient", "sentence", "topic")
SUBJECT_DEPS = ("nsubj", "csubj", "expl")
#: dependencies whose phrase is what a predicate is about (not who holds it)
NON_ARGUMENT_DEPS = ("nsubj", "csubj", "csubjpass", "expl", "poss", "agent", "aux", "auxpass",
                     "neg", "punct", "cc", "mark", "advmod", "npadvmod", "advcl", "conj", "parataxis", "relcl")
#: prepositions whose object is what a criticism is about ("accused X of refusing", "slammed X for
#: supplying", "criticism over the delivery")
CRITICISED_PREPS = frozenset({"of", "for", "over", "on", "about"})
#: words after "not" that make it no negation ("not only", "not just")
NOT_NEGATING_AFTER = frozenset({"only", "just", "merely", "simply"})
#: prepositions introducing members of a group ("Democrats, including Sen. Cardin")
MEMBER_PREPS = ("including", "include", "like", "such", "among")
#: pronouns that put a quoted clause on someone other than the speaker
THIRD_PERSON = frozenset({"he", "she", "they", "him", "her", "them", "his", "their"})
#: nouns that, after a third-person possessive, name the possessor's own country ("his country")
OWN_COUNTRY_NOUNS = frozenset({"country", "nation"})
#: dependencies through which a predicate is part of the proposition of the predicate above it
GOVERNED_DEPS = frozenset({"xcomp", "ccomp", "acl", "pcomp", "pobj", "prep", "dobj", "attr", "acomp", "oprd",
                           "amod", "compound", "nmod", "appos", "dative", "agent", "advmod", "neg", "aux",
                           "auxpass", "det", "poss", "case", "nummod", "quantmod", "npadvmod", "prt"})
#: dependencies that can head a clause of its own inside a predicate's argument
CLAUSE_DEPS = ("relcl", "parataxis", "advcl", "conj")
#: how far up the parse a predicate's holder or governing predicate is looked for
MAX_CLIMB = 12
#: how many tokens of a predicate's argument are searched for clauses of their own
MAX_NESTED = 300

if not Doc.has_extension("stance_frames"):
    Doc.set_extension("stance_frames", default=None)


# ---------------------------------------------------------------------------------------------
# the records

@dataclass(frozen=True)
class FrameType:
    """One ``[frames.<name>]`` section of the debate file."""

    name: str
    kind: str
    label: str
    predicates: tuple[str, ...]
    weight: float = 1.0
    holder: str = "agent"
    target: str = "topic"
    #: the frame type a negated predicate becomes, ``"drop"`` to ignore it; ``negated_weight`` scales it
    negated: str = "drop"
    negated_weight: float = 1.0
    #: ``"recipient"``: only a holder of the recipient side holds this frame
    holders: str = "any"
    #: a frame governed by this type still counts for its own (subject) holder: the type presupposes it
    presupposes: bool = False
    #: a predicate that yields to any predicate inside its argument ("announced it would not send …")
    transparent: bool = False
    #: the holder gives something to the recipient: a possessor or "of"/"from" phrase of the recipient
    #: side is what is given to, not who gives ("Ukraine's aid", "support of Ukraine")
    giving: bool = False
    #: label when the holder is not of the adversary side and is not the agent of the predicate
    #: ("officials warned Russia could retaliate" is a concern, not a threat); ``""``: ``label``
    label_other: str = ""


@dataclass
class Cue:
    """A predicate matched in a doc, with its frame type after negation."""

    span: Span
    ftype: FrameType
    negated: bool
    hedged: bool
    #: the lexicon entry that matched, as written in the debate file ("warn * against")
    entry: str = ""
    root: Token = field(init=False, repr=False)

    def __post_init__(self):
        self.root = self.span.root


@dataclass(frozen=True)
class StanceFrame:
    """One attributed stance signal (see the module docstring)."""

    holder: str          # actor id
    holder_text: str     # the holder as written (a name, a pronoun, the speaker of a quote)
    via: str             # how the holder was found: subject | possessor | from | agent | object | relative
    #                      | quote | reporter | source | experiencer
    source: str          # quote | reported | action | ascribed
    frame: str           # the frame type
    predicate: str       # the predicate as written
    proposition: str     # what the predicate is about (its argument, shortened)
    target: str          # the weapon system it names, "topic" for the debate's general topic
    label: str           # support | oppose | cautious | mixed
    weight: float
    negated: bool
    past: bool           # marked as a superseded position ("had refused", "initially")
    sent_index: int
    start: int           # sentence offsets
    end: int
    sentence: str
    cue_start: int       # the predicate's character offsets
    cue_end: int
    entry: str = ""      # the lexicon entry that matched
    topic: str = ""      # where the target is: argument | sentence | window

    def row(self) -> dict:
        """The ``stance_signals`` row of this frame (without ``article_id``)."""
        return {"actor_id": self.holder, "sent_index": self.sent_index, "start": self.start, "end": self.end,
                "label": self.label, "weight": round(self.weight, 3), "cue": self.predicate,
                "sentence": self.sentence, "negated": self.negated, "via": self.via, "source": self.source,
                "frame": self.frame, "proposition": self.proposition, "target": self.target,
                "holder_text": self.holder_text, "past": self.past, "cue_start": self.cue_start,
                "cue_end": self.cue_end, "entry": self.entry, "topic": self.topic}


# ---------------------------------------------------------------------------------------------
# the debate file → a lexicon

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
    """Matcher patterns for a predicate written in the debate-file syntax (lemmas; ``a|b``
    alternatives; ``*`` a gap of up to five words; ``word:VERB`` a word of that part of speech). Each pattern is tried on lemmas and on lower-cased
    word forms, so a lemmatiser's quirks ("worried"/"worry") do not lose a predicate."""
    items: list[list[str] | None] = []
    poses: list[tuple[int, str]] = []  # (item index, coarse part of speech) for "word:VERB"
    for word in text.lower().replace("’", "'").split():
        if word == "*":
            items.append(None)
            continue
        word, _, pos = word.partition(":")
        if pos:
            poses.append((len(items), pos.upper()))
        alts = [a for a in word.split("|") if a]
        split = [[t.text for t in tokenizer(a)] for a in alts]
        if len(alts) == 1 and len(split[0]) > 1:  # "game-changer" → game - changer
            items.extend([[t] for t in split[0]])
        else:
            items.append(alts)
    out = []
    pos_at = dict(poses)
    for attr in ("_", "LOWER"):
        pattern = []
        for n, item in enumerate(items):
            if item is None:
                pattern += [{"OP": "?"}] * 5
                continue
            if attr == "_":  # the lemma in any case: a native attribute matches far faster than a getter
                pattern.append({"LEMMA": {"IN": _lemma_forms(item)}})
            else:  # the inflected forms, for a lemmatiser's slips ("hoped" → "hop")
                pattern.append({"LOWER": {"IN": sorted({f for w in item for f in inflections(w)})}})
            if n in pos_at:
                pattern[-1]["POS"] = pos_at[n]
        if pattern and pattern[0].get("OP") != "?":
            out.append(pattern)
    return out


def inflections(word: str) -> set[str]:
    """A word and its regular inflections (-s, -es, -ed, -ing, -ies/-ied, a doubled final consonant):
    "hope" → hope, hopes, hoped, hoping; "ban" → bans, banned, banning; "supply" → supplies, supplied.
    Irregular forms are the lemmatiser's to find.

    >>> sorted(inflections("hope"))
    ['hope', 'hoped', 'hopes', 'hoping']
    """
    w = word.lower()
    if not w.isalpha() or len(w) < 3:
        return {w}
    out = {w}
    if w.endswith("e"):
        out |= {w + "s", w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and w[-2] not in "aeiou":
        out |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    else:
        out |= {w + "es" if w.endswith(("s", "x", "z", "ch", "sh", "o")) else w + "s", w + "ed", w + "ing"}
        if len(w) <= 4 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
            out |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # ban → banned
    return out


def term_phrases(text: str, inflect: bool = True) -> set[str]:
    """The word sequences a target term stands for: each ``a|b`` alternative, the last word in each of
    its inflections ("aid package" → "aid packages"; "restriction" → "restrictions").

    >>> sorted(term_phrases("limit|ban on"))
    ['ban on', 'bans on', 'limit on', 'limits on']
    """
    words = [w.split("|") for w in text.lower().replace("’", "'").split() if w != "*"]
    if not words:
        return set()
    out = {""}
    for n, alts in enumerate(words):
        last = n == len(words) - 1 or (n == len(words) - 2 and words[-1] in (["on"], ["for"], ["to"], ["of"]))
        forms = {f for a in alts for f in (inflections(a) if last and inflect else {a})}
        out = {f"{o} {f}".strip() for o in out for f in forms}
    return out


def _lemma_forms(words: list[str]) -> list[str]:
    """The lemmas a lower-cased word can have: as written, capitalised, upper case, and with a
    typographic apostrophe (spaCy lower-cases every lemma but a proper noun's)."""
    forms = set()
    for w in words:
        for v in (w, w.replace("'", "’")):
            forms |= {v, v.capitalize(), v.upper(), v.title()}
    return sorted(forms)


class DebateError(ValueError):
    """A debate definition that cannot be used, with what is wrong in it."""


def frame_types(debate: dict) -> dict[str, FrameType]:
    """The ``[frames.*]`` sections of a debate definition, checked (:class:`DebateError` names the
    section and the key that is wrong)."""
    frames = debate.get("frames")
    if not isinstance(frames, dict) or not frames:
        raise DebateError(f"debate {debate.get('name')!r}: no [frames.*] sections")
    out = {}
    for name, sec in frames.items():
        where = f"debate {debate.get('name')!r}, [frames.{name}]"
        if not isinstance(sec, dict):
            raise DebateError(f"{where}: not a table")
        unknown = set(sec) - set(FrameType.__dataclass_fields__) - {"predicates"}
        if unknown:
            raise DebateError(f"{where}: unknown keys {sorted(unknown)}")
        ft = FrameType(name=name, kind=sec.get("kind", "attitude"), label=sec.get("label", ""),
                       predicates=tuple(sec.get("predicates", ())), weight=float(sec.get("weight", 1.0)),
                       holder=sec.get("holder", "agent"), target=sec.get("target", "topic"),
                       negated=sec.get("negated", "drop"), negated_weight=float(sec.get("negated_weight", 1.0)),
                       holders=sec.get("holders", "any"), presupposes=bool(sec.get("presupposes", False)),
                       giving=bool(sec.get("giving", False)), transparent=bool(sec.get("transparent", False)),
                       label_other=sec.get("label_other", ""))
        checks = [("kind", ft.kind, KINDS), ("label", ft.label, (*LABELS, INVERSE_LABEL, INNER_LABEL)),
                  ("holder", ft.holder, HOLDER_MODES), ("target", ft.target, TARGET_MODES),
                  ("holders", ft.holders, ("any", "recipient")), ("label_other", ft.label_other, ("", *LABELS))]
        for key, value, allowed in checks:
            if value not in allowed:
                raise DebateError(f"{where}: {key} = {value!r}, expected one of {list(allowed)}")
        if not ft.predicates or not all(isinstance(p, str) and p.strip() for p in ft.predicates):
            raise DebateError(f"{where}: predicates must be a non-empty list of words")
        out[name] = ft
    for ft in out.values():
        if ft.negated != "drop" and ft.negated not in out:
            raise DebateError(f"debate {debate.get('name')!r}, [frames.{ft.name}]: negated = {ft.negated!r} "
                              f"is neither 'drop' nor a frame type")
    return out


class Lexicon:
    """A debate definition compiled for matching: frame types and their predicates, target terms and
    systems, negators, hedges, sides and the words of attribution."""

    def __init__(self, vocab, tokenizer, debate: dict):
        self.debate = debate
        self.types = frame_types(debate)
        self.predicates = AnchoredMatcher(vocab)
        self.targets = PhraseMatcher(vocab, attr="LOWER")  # contiguous words: one pass over the doc
        self.entries: list[tuple[FrameType, float, bool, str]] = []  # (type, weight, has a negator, text)
        neg = debate.get("negation", {})
        self.negators = {n.replace("’", "'") for n in neg.get("negators", [])}
        self.raisers = frozenset(neg.get("raisers", []))
        self.deontic = frozenset(neg.get("deontic", []))
        for ft in self.types.values():
            for raw in ft.predicates:
                text, w = parse_cue(raw)
                fixed = bool(self.negators & set(re.split(r"[\s|]+", text)))
                self.predicates.add(str(len(self.entries)), cue_patterns(text, tokenizer))
                self.entries.append((ft, w, fixed, text))
        tgt = debate.get("target", {})
        terms = [parse_cue(raw)[0] for raw in [*tgt.get("terms", []), *tgt.get("supply_objects", [])]]
        phrases = {p for t in terms for p in term_phrases(t)}
        self.targets.add("T", [tokenizer(p) for p in sorted(phrases)])
        # and as lemmas, for the forms inflections miss ("longer-range", "deeper strikes")
        lemma_docs = []
        for p in sorted({p for t in terms for p in term_phrases(t, inflect=False)}):
            words = [w.text for w in tokenizer(p)]
            lemma_docs.append(Doc(vocab, words=words, lemmas=words))
        self.target_lemmas = PhraseMatcher(vocab, attr="LEMMA")
        self.target_lemmas.add("T", lemma_docs)
        self.target_weapons = set(tgt.get("systems", [])) | set(tgt.get("categories", []))
        self.any_weapon = bool(tgt.get("any_catalogue_weapon", False))
        self.not_weapons = set(tgt.get("not_on_topic", []))
        self.window = int(tgt.get("window", 3))
        self.topic_weights = {"argument": 1.0, "sentence": 0.8, "reference": 0.8, "window": 0.5,
                              **{k: float(v) for k, v in tgt.get("topic_weights", {}).items()}}
        sides = debate.get("sides", {})
        adv = sides.get("adversary", {})
        self.adversary = set(adv.get("countries", []))
        self.relabel = dict(adv.get("relabel", {}))
        self.recipient = set(sides.get("recipient", {}).get("countries", []))
        hedges = debate.get("hedges", {})
        self.hedges = set(hedges.get("words", []))
        self.hedge_factor = float(hedges.get("factor", 0.7))
        time = debate.get("time", {})
        self.past_words = set(time.get("past_markers", []))
        att = debate.get("attribution", {})
        self.attitude_verbs = set(att.get("attitude_verbs", []))
        self.causatives = set(att.get("causatives", []))
        self.control_preps = set(att.get("control_preps", ["for", "of"]))
        self.holder_preps = set(att.get("holder_preps", ["from", "by"]))
        self.of_holder_nouns = set(att.get("of_holder_nouns", []))
        self.position_nouns = set(att.get("position_nouns", []))
        self.light_verbs = set(att.get("light_verbs", []))
        self.topic_preps = set(att.get("topic_preps", []))
        self.gerund_preps = set(att.get("gerund_preps", []))
        self.prep_verbs = {" ".join(p.lower().split()) for p in att.get("prep_verbs", [])}
        self.group_preps = set(att.get("group_preps", ["within", "among"]))
        self.conditional_marks = set(att.get("conditional_marks", ["if", "unless", "whether"]))
        self.shared_weight = float(att.get("shared_weight", 0.7))
        self.question = debate.get("question", "")

    def cues(self, doc: Doc) -> list[Cue]:
        """The predicates of ``doc`` (longest match wins), negation and hedges applied; a negated
        predicate becomes its type's ``negated`` frame type (or is dropped)."""
        spans = filter_spans([Span(doc, s, e, label=k) for k, s, e in self.predicates(doc)])
        out = []
        for sp in spans:
            ft, w, fixed, entry = self.entries[int(sp.label_)]
            negated = not fixed and is_negated(sp.root, self.negators, self.raisers) \
                and not is_deontic(sp.root, self.deontic)  # "must not become a party to the war" warns
            if negated:  # the label of the frame type it becomes; read (holder, target) as written
                if ft.negated == "drop":
                    continue
                into = self.types[ft.negated]
                ft = FrameType(**{**ft.__dict__, "name": f"{ft.name}/not", "label": into.label,
                                  "label_other": into.label_other, "negated": "drop",
                                  "weight": into.weight * ft.weight * w * ft.negated_weight})
            elif w != 1.0:
                ft = _scaled(ft, w)
            if ft.kind == "evaluation" and sp.root.pos_ == "ADJ" and is_modifier(sp.root):
                continue  # "essential goods", "effective range": a modifier, not an assessment
            out.append(Cue(sp, ft, negated, is_hedged(sp.root, self.hedges), entry))
        return out


def _scaled(ft: FrameType, factor: float) -> FrameType:
    if factor == 1.0:
        return ft
    return FrameType(**{**ft.__dict__, "weight": ft.weight * factor})


def is_negated(tok: Token, negators: set[str], raisers: frozenset[str] = frozenset()) -> bool:
    """Whether a negator governs ``tok``: a ``neg`` child or a negating determiner/adverb on ``tok``
    or on up to three heads it hangs from inside its phrase ("no one capability that will be
    decisive", "wasn't worried", "may not be a game-changer"), or on a verb of opinion whose
    complement holds it (``raisers``: "did not believe it would be a game-changer")."""
    t = tok
    doc = tok.doc
    for _ in range(4):
        if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in negators:  # "without fear", "without lifting"
            return True
        for c in t.children:
            low = c.lower_.replace("’", "'")
            if c.i + 1 < len(doc) and doc[c.i + 1].lower_ in NOT_NEGATING_AFTER:
                continue  # "not only … but also"
            if c.dep_ == "neg" or low in ("n't", "not", "never") or \
                    (c.dep_ in ("det", "advmod", "preconj") and low in negators):
                return True
        if t.dep_ == "relcl":  # "no one capability that will be decisive": only the head noun's determiner
            return any(c.dep_ == "det" and c.lower_ in negators for c in t.head.children)
        if t.dep_ in ("acomp", "attr", "xcomp", "dobj", "pobj", "prep", "amod", "oprd", "compound",
                      "pcomp", "advmod", "dep", "ccomp") and t.head is not t:
            if t.dep_ == "ccomp" and any(c.dep_ in SUBJECT_DEPS or c.dep_ == "nsubjpass" for c in t.children) and \
                    t.head.lemma_.lower() not in raisers:  # "did not believe it would be decisive"
                return False
            t = t.head
        else:
            break
    return False


def is_modifier(tok: Token) -> bool:
    """Whether an adjective modifies a noun ("essential supplies", "artillery and essential supplies")
    rather than being said of something ("the missiles would be decisive")."""
    t = tok
    for _ in range(4):
        if t.dep_ != "conj" or t.head is t:
            break
        t = t.head
    return t.dep_ in ("amod", "compound") or (t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i)


def is_deontic(tok: Token, modals: frozenset[str]) -> bool:
    """Whether a deontic modal ("must", "should") governs ``tok``'s clause: "must not become a party
    to the war" is a warning, not a denial that it would."""
    t = tok
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in modals for c in t.children):
            return True
        if t.dep_ not in ("attr", "acomp", "xcomp", "dobj", "pobj", "prep", "oprd") or t.head is t:
            return False
        t = t.head
    return False


def is_hedged(tok: Token, hedges: set[str]) -> bool:
    """Whether a hedge (modal, evidential) modifies ``tok`` or its head verb."""
    for t in (tok, tok.head):
        if t.lemma_.lower() in hedges or any(c.lemma_.lower() in hedges and c.dep_ in ("aux", "advmod")
                                             for c in t.children):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# the doc's topic and targets

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
                and tok.head.head is not tok.head and tok.head.head.pos_ in ("NOUN", "PROPN"):
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
        self.cum = numpy.concatenate([[0], numpy.cumsum(flags[:n])])
        rec = numpy.zeros(n + 1, dtype=numpy.int32)
        for m in resolver.mentions.spans:
            if m.kb_id_ and resolver.country(m.kb_id_) in lex.recipient:
                rec[m.start:m.end] = 1
        self.rec_cum = numpy.concatenate([[0], numpy.cumsum(rec[:n])])
        self.starts = sentence_starts(doc)
        self.ends = self.starts[1:] + [n]
        own = [self.any(s, e) for s, e in zip(self.starts, self.ends)]
        self.sentence_on_topic = own
        w = lex.window
        self.window_on_topic = [any(own[max(0, i - w):i + 1]) for i in range(len(own))]

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


def argument_ranges(root: Token, span: Span) -> list[tuple[int, int]]:
    """Token ranges of what a predicate is about: the predicate and the subtrees of its children that
    are not its holder, auxiliaries or adjunct clauses, and, for a predicate modifying a noun ("the
    systems the US has sent", "launchers supplied by the US"), that noun's phrase."""
    out = [(span.start, span.end)]
    for t in span:  # the children of every word of the predicate ("argued for [loosening …]")
        for c in t.children:
            if (c.dep_ not in NON_ARGUMENT_DEPS or is_infinitive_clause(c)) and not (span.start <= c.i < span.end):
                out.append((c.left_edge.i, c.right_edge.i + 1))
    if root.dep_ in ("relcl", "acl") and root.head is not root:
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


# ---------------------------------------------------------------------------------------------
# holders

@dataclass
class _Found:
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
                   nominal_action: bool = False) -> tuple[_Found | None, bool, set[int], bool]:
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
            return _Found(found[0], found[1], t), hypothetical, visited, False
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
        if head is t or head.i in stop:
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
                return _Found([subj], "speaker", said), hypothetical, visited, False
        if t.dep_ == "pcomp" and head.lower_ in lex.control_preps and head.head is not head:
            obj = _control_object(head.head)
            if obj is not None:
                visited.add(head.head.i)
                return _Found([obj], "object", head.head), hypothetical, visited, False
        if t.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in lex.causatives:
            visited.add(head.i)
            came, t = head, head  # "make other allies deliver": the causer holds it
            continue
        came, t = t, head
    return None, hypothetical, visited, False


def governing_cue(cue: Cue, cue_at: dict[int, Cue], sent_start: int, sent_end: int) -> Cue | None:
    """The nearest other predicate whose proposition holds ``cue``: walking up its sentence's parse
    through complements only (not out of a coordinated, adverbial or relative clause, nor a subject)."""
    t = cue.root
    for _ in range(MAX_CLIMB):
        if is_infinitive_clause(t):  # "received appeals from X [to permit …]": the noun's infinitive
            noun = next((c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i and c.i in cue_at), None)
            if noun is not None:
                return cue_at[noun.i]
        if t.head is t or not (t.dep_ in GOVERNED_DEPS or is_infinitive_clause(t)):
            return None
        t = t.head
        if not sent_start <= t.i < sent_end:
            return None
        g = cue_at.get(t.i)
        if g is not None and g is not cue and not (cue.span.start <= t.i < cue.span.end) and not g.ftype.transparent:
            return g
    return None


def _is_past(root: Token, past_words: set[str]) -> bool:
    """Whether a predicate is marked as a superseded position: past perfect ("had refused") or a
    marker word on it or on its clause's verb ("initial objections", "previously ruled out")."""
    for t in (root, root.head):
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ == "had":
                return True
            if c.dep_ in ("advmod", "amod", "npadvmod") and c.lower_ in past_words:
                return True
    return False


# ---------------------------------------------------------------------------------------------
# frames

class FrameFinder:
    """Finds the stance frames of one doc (see the module docstring)."""

    def __init__(self, doc: Doc, lex: Lexicon, resolver: Resolver, events: list[SpeechEvent],
                 outlets: frozenset[str] = frozenset()):
        self.doc, self.lex = doc, lex
        self.res = resolver = HolderLookup(resolver)
        self.targets = Targets(doc, lex, resolver)
        self.clause_deps = numpy.isin(doc.to_array(DEP), [doc.vocab.strings.add(d) for d in CLAUSE_DEPS]) \
            if len(doc) else numpy.zeros(0, dtype=bool)
        self.outlets = outlets
        # the innermost speech event whose content holds a token: events sorted by content size,
        # the smallest content claims its tokens first
        self.event_at: dict[int, SpeechEvent] = {}
        for ev in sorted(events, key=lambda e: sum(len(c) for c in e.content)):
            for span in ev.content:
                for i in range(span.start, span.end):
                    self.event_at.setdefault(i, ev)
        # direct and partial quotes with a speaker: token → (start, end, speaker id)
        self.quote_at: dict[int, tuple[int, int, str]] = {}
        self.quote_bounds: set[int] = set()
        for q in doc.spans.get("quotes", []):
            kind = q._.kind if q.has_extension("kind") else None
            if kind in ("direct", "partial"):
                aid = (q._.speaker_id if q.has_extension("speaker_id") else None) or ""
                for i in range(q.start, q.end):
                    self.quote_at[i] = (q.start, q.end, aid)
        self.predicate_roots: frozenset[int] = frozenset()

    # -- holders ----------------------------------------------------------------------------
    def _actor_holders(self, tokens: list[Token]) -> list[Holder]:
        out = []
        for tok in tokens:
            found = self.res.resolve_all(tok)
            if not found and tok.pos_ == "NOUN":  # "a group of House Republicans", "some of the allies"
                found = [h for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj" for h in self.res.resolve_all(g)]
            for h in found:
                if h.actor_id and not self._is_outlet(h.actor_id):
                    out.append(h)
                elif h.via == "first_person":
                    out.append(h)
        return out

    def _is_outlet(self, actor_id: str) -> bool:
        return self.res.info(actor_id).get("name", "").lower() in self.outlets

    def _speakers(self, ev: SpeechEvent | None) -> list[Holder]:
        if ev is None or ev.negated:
            return []
        return [h for h in ev.speakers if h.actor_id and not self._is_outlet(h.actor_id)]

    def holders(self, cue: Cue, gov: Cue | None) -> list[tuple[Holder, str, str, float]]:
        """``(holder, via, source, weight factor)`` for a cue, ``gov`` the predicate governing it (see
        the module docstring)."""
        ft, root = cue.ftype, cue.root
        if gov is not None and ft.holder == "asserter" and gov.ftype.kind == "action":
            gov = None  # an assessment is its asserter's, whatever action it is said of
        q = self.quote_at.get(root.i)
        stop = {i for i in (q[0] - 1, q[1]) if i >= 0} if q is not None else set()
        found, hypothetical, visited, blocked = None, False, set(), False
        if ft.holder == "experiencer":
            found = self._group_holder(root)
        if ft.holder == "asserter" and self._under_topic_prep(root, stop):
            return []  # "Russia's propaganda is about being at war with NATO": said of, not asserted
        if found is None and ft.holder != "asserter":
            found, hypothetical, visited, blocked = nearest_holder(root, self.lex, stop, self.predicate_roots,
                                                                   ft.kind == "action")
            if q is not None and found is not None and not all(q[0] <= t.i < q[1] for t in found.tokens):
                found = None  # the walk left the quote: the quote's speaker speaks
            if found is not None and ft.holder == "experiencer":
                obj = next((c for c in found.at.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    found = _Found([obj], "experiencer", found.at)
        through_gov = gov is not None and (gov.root.i in visited or found is None)
        if through_gov and not (gov.ftype.presupposes and found is not None and found.via == "object"):
            return []  # read through the governing predicate ("refused to send", "urged X to allow")
        if gov is not None and not gov.ftype.presupposes and found is not None and found.via == "subject":
            return []  # a clause under an attitude is not asserted ("fear that Putin could retaliate")
        if q is not None:  # inside a quote: the speaker's own clauses only
            if found is None and blocked:
                return []  # a topic or a state ("people in need of assistance"), nobody's position
            if found is not None:
                holders = self._actor_holders(found.tokens)
                first = any(h.via == "first_person" for h in holders)
                third = any(h.via != "first_person" and h.actor_id != q[2] for h in holders) or \
                    any(t.lower_ in THIRD_PERSON for t in found.tokens)
                if third and not first:
                    return []  # a clause about someone else ("China says it wants …", "they need …")
            if not q[2]:
                return []
            return [(Holder(q[2], "", "quote"), "quote", "quote", 1.0)]
        if hypothetical and ft.kind == "action":
            return []
        ev = self.event_at.get(root.i)
        speakers = self._speakers(ev)
        if ev is None:
            ev = self._speech_above(root)
            speakers = self._speakers(ev)
        if found is None:
            if blocked:
                return []
            via = "source" if ev is not None and ev.kind == "source" else "reporter"
            return [(s, via, "reported", 1.0) for s in speakers]
        holders = self._actor_holders(found.tokens)
        if any(h.via == "first_person" for h in holders):
            # "- We warn the United States against … - said Riabkov": speech without quotation marks
            return [(s, "speaker", "quote", 1.0) for s in speakers]
        if not holders:
            holders = self._position_holders(found.tokens)  # "X's position has not changed"
        if not holders:
            return []  # held by someone who is no actor ("the debate", "military analysts")
        own = "action" if ft.kind == "action" else "ascribed"
        spoken = {s.actor_id for s in speakers}
        if speakers and all(self._is_adversary(s.actor_id) for s in speakers):
            # what the adversary says of the other side is its own claim ("Putin said Ukraine is using
            # …", "Peskov said Kyiv wants …"), not a position the text ascribes to them
            holders = [h for h in holders if h.actor_id in spoken or self._is_adversary(h.actor_id)]
            if not holders:
                return []
        out = [(h, found.via, "reported" if h.actor_id in spoken else own, 1.0) for h in holders]
        held = {h.actor_id for h in holders}
        countries = {self.res.country(a) for a in held} - {""}
        for s in speakers if ev is not None and ev.kind != "source" else ():  # a source attributes facts
            if s.actor_id not in held and self.res.country(s.actor_id) in countries:
                out.append((s, "reporter", "reported", self.lex.shared_weight))
        return out

    def _is_adversary(self, actor_id: str) -> bool:
        return self.res.country(actor_id) in self.lex.adversary

    def _under_topic_prep(self, root: Token, stop: set[int]) -> bool:
        """Whether ``root`` lies in the object of a topic preposition ("about", "on", "over") below the
        clause that reports it."""
        t = root
        for _ in range(MAX_CLIMB):
            if t.head is t or t.head.i in stop or self.res.attribution.is_speech_verb(t.head):
                return False
            if t.dep_ in ("pobj", "pcomp") and t.head.dep_ == "prep" and t.head.lower_ in self.lex.topic_preps:
                return True
            t = t.head
        return False

    def _speech_above(self, root: Token) -> SpeechEvent | None:
        """A reporting verb above ``root`` that the parser did not give a content clause ("said a
        change in policy … cannot come soon enough"), as a speech event."""
        t = root
        for _ in range(MAX_CLIMB):
            if t.head is t or t.dep_ in ("nsubj", "nsubjpass", "csubj", "relcl"):
                return None
            t = t.head
            if self.res.attribution.is_speech_verb(t) and is_reported(t):
                subj = subject_of(t, self.res.attribution.relative_pronouns)
                speakers = tuple(self.res.resolve_all(subj)) if subj is not None else ()
                return SpeechEvent(self.doc[t.i:t.i + 1], t, speakers, (), "speech")
        return None

    def _position_holders(self, tokens: list[Token]) -> list[Holder]:
        """The holders of position nouns among ``tokens`` ("the administration's stance")."""
        out = []
        for t in tokens:
            if t.lemma_.lower() in self.lex.position_nouns:
                found = agent_tokens(t, None, self.lex)
                if found is not None:
                    out += [h for h in self._actor_holders(found[0]) if h.via != "first_person"]
        return out

    def position_of(self, cue: Cue) -> list[Holder]:
        """Holders of a position noun the predicate is about ("no change to the administration's
        stance"): the predicate's objects and prepositional objects."""
        toks = []
        for c in cue.root.children:
            if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass"):
                toks.append(c)
            elif c.dep_ == "prep":
                toks += [g for g in c.children if g.dep_ == "pobj"]
        return self._position_holders(toks)

    def _group_holder(self, root: Token) -> _Found | None:
        """"Within the Biden administration, the debate has split officials": a group phrase on the
        predicate's clause holds it when no actor does."""
        t = root
        for _ in range(4):
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in self.lex.group_preps:
                    obj = [g for g in c.children if g.dep_ == "pobj"]
                    if obj:
                        return _Found(obj, "holder", t)
            if t.head is t:
                break
            t = t.head
        return None

    # -- frames -----------------------------------------------------------------------------
    def frames(self) -> list[StanceFrame]:
        doc, lex, tg = self.doc, self.lex, self.targets
        cues = lex.cues(doc)
        if not cues:
            return []
        cue_at = {c.root.i: c for c in cues}
        self.predicate_roots = frozenset(cue_at)
        self.cue_by_root = cue_at
        self.cue_roots = sorted(cue_at)
        out: dict[tuple, StanceFrame] = {}
        govs = {}
        for cue in cues:
            si = tg.sentence_of(cue.root.i)
            govs[cue.root.i] = governing_cue(cue, cue_at, tg.starts[si], tg.ends[si])
        # an action for another recipient is another debate, and so is every predicate above it
        # ("considering sending lethal aid to Russia", "concerns that Beijing is considering …")
        elsewhere = set()
        for cue in cues:
            if cue.ftype.kind == "action" and self._other_recipient(cue.root, allowee=cue.ftype.name.startswith("permit")):
                g = cue
                while g is not None and g.root.i not in elsewhere:
                    elsewhere.add(g.root.i)
                    g = govs[g.root.i]
        for cue in cues:
            if cue.root.i in elsewhere:
                continue
            si = tg.sentence_of(cue.root.i)
            s0, s1 = tg.starts[si], tg.ends[si]
            gov = govs[cue.root.i]
            ranges = argument_ranges(cue.root, cue.span)
            ft = cue.ftype
            nested = nested_clauses(cue.root, ranges, self.clause_deps)
            in_arg = tg.count(ranges) > tg.count(nested)
            if ft.kind == "attitude" and ft.label == "support" and self._negated_content(cue):
                continue  # "urged his listeners not to give in to … weapons": asked not to
            if ft.target == "argument":
                if not in_arg:
                    continue
                topic = "argument"
            elif ft.target == "recipient":
                if in_arg:
                    topic = "argument"
                elif self._names_recipient(cue) and tg.window_on_topic[si]:
                    topic = "sentence" if tg.sentence_on_topic[si] else "window"
                else:
                    continue
            else:
                topic = "argument" if in_arg else "sentence" if tg.sentence_on_topic[si] else \
                    "window" if tg.window_on_topic[si] and ft.target == "topic" else None
                if topic is None and ft.target == "topic" and self._refers_to_held(ranges, out):
                    topic = "reference"  # "not worried about Putin's comments": Putin's earlier position
                if topic is None:
                    continue
            if ft.transparent and self._holds_predicate(cue, ranges):
                continue  # "announced it would not send …": the announced predicate speaks
            label = ft.label
            if label in (INVERSE_LABEL, INNER_LABEL):
                inner = self._inner_label(cue, cues)
                if inner is None:
                    continue
                label = INVERSE[inner] if label == INVERSE_LABEL else inner
            weight = ft.weight * lex.topic_weights[topic] * (lex.hedge_factor if cue.hedged else 1.0)
            target = tg.system_in(ranges) or "topic"
            past = _is_past(cue.root, lex.past_words)
            sent = doc[s0:s1]
            prop = self._proposition(cue, ranges)
            held = self.holders(cue, gov)
            if ft.holder != "asserter" and (gov is None or not held):
                known = {h.actor_id for h, *_ in held}
                held += [(h, "position", "ascribed", 1.0) for h in self.position_of(cue) if h.actor_id not in known]
            for holder, via, source, factor in held:
                lab = self._side_label(label, ft, holder.actor_id, via)
                if lab is None:
                    continue
                if ft.holders == "recipient":
                    holder = self._recipient_state(holder)
                key = (holder.actor_id, cue.span.start)
                if key in out:
                    continue
                out[key] = StanceFrame(
                    holder=holder.actor_id, holder_text=holder.text, via=via, source=source, frame=ft.name,
                    predicate=cue.span.text, proposition=prop, target=target, label=lab,
                    weight=weight * factor, negated=cue.negated, past=past, sent_index=si,
                    start=sent.start_char, end=sent.end_char, sentence=sent.text.strip(),
                    cue_start=cue.span.start_char, cue_end=cue.span.end_char, entry=cue.entry, topic=topic)
        return sorted(out.values(), key=lambda f: (f.sent_index, f.cue_start, f.holder))

    def _holds_predicate(self, cue: Cue, ranges: list[tuple[int, int]]) -> bool:
        """Whether another predicate lies in the argument of ``cue``."""
        roots = self.cue_roots
        return any(i != cue.root.i for a, b in ranges for i in roots[bisect_left(roots, a):bisect_left(roots, b)])

    def _refers_to_held(self, ranges: list[tuple[int, int]], found: dict) -> bool:
        """Whether a predicate's argument names, as a possessor, an actor who took a position on the
        debate earlier in the article ("Putin's comments", "Moscow's threats")."""
        held = {k[0] for k in found}
        if not held:
            return False
        for a, b in ranges[1:]:
            for i in range(a, min(b, a + MAX_NESTED)):
                t = self.doc[i]
                if t.dep_ == "poss":
                    h = self.res.resolve(t)
                    if h is not None and h.actor_id in held:
                        return True
        return False

    def _negated_content(self, cue: Cue) -> bool:
        """Whether what a request or endorsement asks for is negated ("urged them not to give in …")."""
        for c in cue.root.children:
            if c.dep_ in ("xcomp", "ccomp") and any(g.dep_ == "neg" for g in c.children):
                return True
        return False

    def _names_recipient(self, cue: Cue) -> bool:
        """Whether the predicate's object, or the object of its "to"/"for" phrase, is the recipient
        side ("support Kyiv", "help for Ukraine"; not "supporting Russia's war in Ukraine")."""
        objs = []
        for t in cue.span:
            for c in t.children:
                if c.dep_ in ("dobj", "dative", "pobj") and not cue.span.start <= c.i < cue.span.end:
                    objs.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("to", "for"):
                    objs += [g for g in c.children if g.dep_ == "pobj"]
        for o in objs:
            h = self.res.resolve(o)
            if h is not None and h.actor_id and self.res.country(h.actor_id) in self.lex.recipient:
                return True
        return False

    def _other_recipient(self, root: Token, allowee: bool = False) -> bool:
        """Whether an action names a recipient that is an actor of another side than the debate's
        recipient ("sending Russia missiles", "deliver tanks to Israel"), or (``allowee``) allows an
        actor of another side ("allows him to obtain weapons")."""
        objs = [c for c in root.children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN", "PRON")]
        if allowee:  # "allow the US to inspect …": the one allowed (an object, or the parser's subject)
            objs += [c for c in root.children if c.dep_ == "dobj" and c.pos_ in ("PROPN", "NOUN", "PRON")]
            objs += [g for c in root.children if c.dep_ in ("ccomp", "xcomp") for g in c.children
                     if g.dep_ == "nsubj" and g.i > root.i]
        if any(c.dep_ == "prep" and c.lower_ == "with" for c in root.children):  # "provide Russia with …"
            objs += [c for c in root.children if c.dep_ == "dobj"]
        nxt = root.i + 1
        if nxt < len(self.doc) and root.pos_ == "VERB":  # "sending Russia missiles" (a double object)
            m = self.res.mention_at(self.doc[nxt])
            if m is not None and m.start == nxt and m.end < len(self.doc) and self.doc[m.end].pos_ in ("NOUN", "ADJ", "NUM", "DET", "PROPN"):
                objs.append(self.doc[m.end - 1])
        objs += [g for c in root.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
                 for g in c.children if g.dep_ == "pobj"]
        for o in objs:
            h = self.res.resolve(o)
            if h is not None and h.actor_id and self.res.country(h.actor_id) not in self.lex.recipient:
                return True
        return False

    def _side_label(self, label: str, ft: FrameType, actor_id: str, via: str) -> str | None:
        """The label for this holder: recipient-only frames, the adversary's re-reading, and a threat
        held by a non-adversary who is not its agent read as concern."""
        country = self.res.country(actor_id)
        if ft.holders == "recipient" and (country not in self.lex.recipient or via in ("reporter", "source")):
            return None  # "Ukraine says 14 missiles were fired at Kyiv": the sayer did not fire them
        if ft.giving and country in self.lex.recipient and (via in ("possessor", "from") or ft.kind == "action"):
            return None  # "coming to Ukraine's aid", "support of Ukraine": the recipient is not the giver
        if country in self.lex.adversary:
            new = self.lex.relabel.get(label, label)
            return None if new == "drop" else new
        if ft.label_other and via not in ("subject", "agent", "quote", "speaker"):
            return ft.label_other
        return label

    def _recipient_state(self, holder: Holder) -> Holder:
        """The recipient country for an organisation of it that uses the weapons ("the Ukrainian
        military fired ATACMS"): using them as it asks is the state's position, not its army's."""
        if self.res.info(holder.actor_id).get("type", "") == "country":
            return holder
        entry = self.res.attribution.knowledge.actor(holder.actor_id)
        if (self.res.info(holder.actor_id).get("type") or (entry.type if entry is not None else "")) != "organization":
            return holder
        aid = self.res.country_actor(self.res.country(holder.actor_id))
        return Holder(aid, holder.text, holder.via, holder.start, holder.end) if aid else holder

    def _inner_label(self, cue: Cue, cues: list[Cue]) -> str | None:
        """The label of the position a criticism is about: the heaviest other predicate in its
        argument ("accused X of refusing", "slammed X for supplying")."""
        roots = self.cue_roots  # sorted: only the predicates inside what is criticised are looked at
        inner = []
        for t in cue.span:
            for c in t.children:
                if c.i in range(cue.span.start, cue.span.end):
                    continue
                if c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "pobj") or (c.dep_ == "prep" and c.lower_ in CRITICISED_PREPS):
                    lo, hi = c.left_edge.i, c.right_edge.i + 1
                    inner += [self.cue_by_root[i] for i in roots[bisect_left(roots, lo):bisect_left(roots, hi)]]
        if cue.root.dep_ in ("attr", "acomp") and cue.root.head.dep_ != "ROOT" or cue.root.pos_ == "NOUN":
            # "called the refusal a mistake", "the refusal is a mistake": what the noun is said of
            head = cue.root.head
            lo, hi = head.left_edge.i, head.right_edge.i + 1
            inner += [self.cue_by_root[i] for i in roots[bisect_left(roots, lo):bisect_left(roots, hi)]]
        inner = [c for c in inner if c is not cue and c.ftype.label in LABELS]
        if not inner:
            return None
        return max(inner, key=lambda c: c.ftype.weight).ftype.label

    def _proposition(self, cue: Cue, ranges: list[tuple[int, int]]) -> str:
        lo = min(a for a, _ in ranges)
        hi = max(b for _, b in ranges)
        text = self.doc[lo:hi].text
        return text if len(text) <= 160 else text[:157] + "…"


def attitude_events(doc: Doc, resolver: Resolver, verbs: frozenset[str]) -> list[SpeechEvent]:
    """Verbs of opinion ("believes", "hopes", "thinks") with their subjects and the clauses they hold,
    as speech events: what X believes is X's position as what X says is."""
    a = resolver.attribution
    if not len(doc) or not verbs:
        return []
    arr = doc.to_array([LEMMA, LOWER])
    forms = {f for v in verbs for f in inflections(v)}
    wanted = numpy.array([doc.vocab.strings.add(v) for v in verbs], dtype=arr.dtype)
    wanted_forms = numpy.array([doc.vocab.strings.add(f) for f in forms], dtype=arr.dtype)
    out = []
    for i in numpy.flatnonzero(numpy.isin(arr[:, 0], wanted) | numpy.isin(arr[:, 1], wanted_forms)).tolist():
        t = doc[i]
        if t.pos_ not in ("VERB", "AUX") or a.is_speech_verb(t):
            continue
        # the clause the opinion holds ("believes that …", "thinks the missiles would …")
        content = tuple(doc[c.left_edge.i:c.right_edge.i + 1] for c in t.children if c.dep_ == "ccomp")
        if content:  # (a negated opinion negates its clause instead: see is_negated's raisers)
            out.append(SpeechEvent(doc[i:i + 1], t, tuple(resolver.speakers(t, register=False)), content, "speech"))
    return out


def find_frames(doc: Doc, lex: Lexicon, resolver: Resolver, events: list[SpeechEvent],
                outlets: frozenset[str] = frozenset()) -> list[StanceFrame]:
    """The stance frames of ``doc`` (see the module docstring)."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    return FrameFinder(doc, lex, resolver, events, outlets).frames()
