"""The records of stance frames: the frame type of a debate file section (:class:`FrameType`), a
matched predicate (:class:`Cue`), one attributed signal (:class:`StanceFrame`), and the constants of
the frame grammar (labels, sources, kinds, holder and target modes, the dependencies read)."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ...knowledge.vocabulary import CUE_LABELS


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
    #: a predicate whose own clause says what it is about ("fears that Russia could attack") is about
    #: that clause: on the topic only when the clause names the target, the recipient or another
    #: predicate that is not an action, never through the passage around it
    own_content: bool = False


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
    """One attributed stance signal (see the package docstring)."""

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
