"""Polarity and modality by the parse: negation (a negator on the predicate or the heads it hangs
from, through verbs of opinion), deontic modals, hedges, and the marks of a superseded position."""
from __future__ import annotations

from spacy.tokens import Token

from .records import NOT_NEGATING_AFTER, SUBJECT_DEPS


def is_negated(tok: Token, negators: set[str], raisers: frozenset[str] = frozenset()) -> bool:
    """Whether a negator governs ``tok``: a ``neg`` child or a negating determiner/adverb on ``tok``
    or on up to three heads it hangs from inside its phrase ("no one capability that will be
    decisive", "wasn't worried", "may not be a game-changer"), or on a verb of opinion whose
    complement holds it (``raisers``: "did not believe it would be a game-changer"), or on a verb
    it is joined to by "or"/"nor" ("did not send tanks or supply jets"; not "but")."""
    t = tok
    doc = tok.doc
    for _ in range(4):
        if t.dep_ in ("pobj", "pcomp") and t.head.lower_ in negators:  # "without fear", "without lifting"
            return True
        if t.tag_ == "VBG" and t.dep_ in ("xcomp", "ccomp", "dobj") and t.head.lemma_.lower() in negators:
            # "to stop selling drones", "ceased supplying": a verb of stopping negates its gerund, unless
            # it is negated itself ("will not stop supplying")
            return not any(c.dep_ == "neg" for c in t.head.children)
        for c in t.children:
            low = c.lower_.replace("’", "'")
            if c.i + 1 < len(doc) and doc[c.i + 1].lower_ in NOT_NEGATING_AFTER:
                continue  # "not only … but also"
            if c.dep_ == "neg" or low in ("n't", "not", "never") or \
                    (c.dep_ in ("det", "advmod", "preconj") and low in negators):
                return True
        if t.dep_ == "relcl":  # "no one capability that will be decisive": only the head noun's determiner
            return any(c.dep_ == "det" and c.lower_ in negators for c in t.head.children)
        if t.dep_ == "conj" and t.head.i != t.i and not any(c.dep_ in SUBJECT_DEPS for c in t.children) and any(
                c.dep_ == "cc" and c.lower_ in ("or", "nor") and t.head.i < c.i < t.i for c in t.head.children):
            t = t.head  # "have not seen China evade sanctions or provide it with …": "or" shares the negation
            continue
        if t.dep_ in ("acomp", "attr", "xcomp", "dobj", "pobj", "prep", "amod", "oprd", "compound",
                      "pcomp", "advmod", "dep", "ccomp") and t.head.i != t.i:
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
        if t.dep_ != "conj" or t.head.i == t.i:
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
        if t.dep_ not in ("attr", "acomp", "xcomp", "dobj", "pobj", "prep", "oprd") or t.head.i == t.i:
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


def is_past(root: Token, past_words: set[str]) -> bool:
    """Whether a predicate is marked as a superseded position: past perfect ("had refused") or a
    marker word on it or on its clause's verb ("initial objections", "previously ruled out")."""
    for t in (root, root.head):
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ == "had":
                return True
            if c.dep_ in ("advmod", "amod", "npadvmod") and c.lower_ in past_words:
                return True
    return False
