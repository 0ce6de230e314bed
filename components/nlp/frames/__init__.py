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

The package, by concept: :mod:`.records` (the records and the grammar's constants), :mod:`.lexicon`
(the debate file compiled for matching), :mod:`.polarity` (negation, modality, hedges, superseded
positions), :mod:`.holders` (holder look-ups and the walk to a predicate's holder), :mod:`.arguments`
(targets, argument ranges, governance), :mod:`.speakers` (holders through quotes, reported speech and
opinion verbs), :mod:`.finder` (the frames of a doc).
"""
from __future__ import annotations

from .arguments import Targets, argument_ranges, governing_cue, nested_clauses
from .finder import FrameFinder, find_frames
from .holders import HolderLookup, agent_tokens, nearest_holder
from .lexicon import DebateError, Lexicon, cue_patterns, frame_types, inflections, parse_cue, term_phrases
from .polarity import is_deontic, is_hedged, is_modifier, is_negated
from .records import (HOLDER_MODES, INNER_LABEL, INVERSE, INVERSE_LABEL, KINDS, LABELS, SOURCES, TARGET_MODES,
                      Cue, FrameType, StanceFrame)
from .speakers import SpeakerHolders, attitude_events

__all__ = [
    "Cue", "DebateError", "FrameFinder", "FrameType", "HOLDER_MODES", "HolderLookup", "INNER_LABEL", "INVERSE",
    "INVERSE_LABEL", "KINDS", "LABELS", "Lexicon", "SOURCES", "SpeakerHolders", "StanceFrame", "TARGET_MODES",
    "Targets", "agent_tokens", "argument_ranges", "attitude_events", "cue_patterns", "find_frames", "frame_types",
    "governing_cue", "inflections", "is_deontic", "is_hedged", "is_modifier", "is_negated", "nearest_holder",
    "nested_clauses", "parse_cue", "term_phrases",
]
