"""Syntax helpers: the subject of a speech verb (inherited through conjuncts, participles and relative
clauses), the phrase a name heads, conjuncts."""
from __future__ import annotations


from spacy.tokens import Span, Token

from .records import PHRASE_DEPS, SUBJECT_DEPS


def _subject_like(head: Token) -> bool:
    """Whether a phrase headed by ``head`` is the subject of its clause: a subject, in apposition to
    one, the agent of the sentence's passive ("was summarised by Ivo Daalder"; not of a clause in it:
    "alleged that the plan was backed by X"), or a noun the parser left as the
    root or hung a finite verb on ("17 former officials, including …, called on …")."""
    if head.dep_ in SUBJECT_DEPS or (head.dep_ == "appos" and head.head.dep_ in SUBJECT_DEPS):
        return True
    if head.dep_ == "pobj" and head.head.dep_ == "agent" and head.head.head.dep_ == "ROOT":
        return True  # the logical subject of a sentence's passive ("The objection was summarised by X.")
    if head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN"):
        return True
    return any(c.dep_ == "acl" and c.tag_ in ("VBD", "VBZ") for c in head.children)


def _pleonastic(tok: Token) -> bool:
    """Whether "it" stands for no actor: the dummy subject of an extraposed clause ("it appeared
    unlikely that …", "it is clear that …", "it remains to be seen whether …")."""
    if tok.lower_ != "it" or tok.dep_ not in SUBJECT_DEPS:
        return tok.dep_ == "expl"
    head = tok.head
    for c in head.children:
        if c.dep_ in ("ccomp", "csubj", "xcomp") and c.i > tok.i and (
                head.lemma_ in ("be", "seem", "appear", "remain", "become", "look") or c.dep_ != "xcomp"):
            if any(m.dep_ in ("mark", "advmod") and m.lower_ in ("that", "whether", "if", "how", "what", "why")
                   for m in c.children) or c.dep_ == "xcomp":
                return True
        if c.dep_ in ("acomp", "attr", "oprd") and any(g.dep_ in ("ccomp", "xcomp") for g in c.children):
            return True
    return False


def _conjuncts(tok: Token) -> list[Token]:
    """The tokens conjoined with ``tok`` ("Britain" for "The U.S. and Britain"), in order."""
    out, stack = [], [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack += [g for g in c.children if g.dep_ == "conj"]
    return out


def _phrase_head(tok: Token) -> Token:
    """The head of the noun phrase a name is part of ("Biden" in "President Biden" → itself;
    "U.S." in "U.S. officials" → "officials"), climbing compounds, appositions, conjuncts."""
    t = tok
    for _ in range(8):
        if t.dep_ in PHRASE_DEPS and t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            t = t.head
        else:
            break
    return t


def name_phrase(tok: Token) -> Span:
    """The proper name ending at ``tok``: preceding proper nouns and hyphen-joined parts
    ("Marie-Agnes Strack-Zimmermann")."""
    doc, start = tok.doc, tok.i
    while start > tok.left_edge.i:
        prev = doc[start - 1]
        joined = prev.text == "-" and not prev.whitespace_ and start - 2 >= 0 and not doc[start - 2].whitespace_
        if prev.pos_ == "PROPN" or joined:
            start -= 1
        else:
            break
    return doc[start:tok.i + 1]


# ---------------------------------------------------------------------------------------------
# the subject of a speech verb

def subject_of(verb: Token, relative_pronouns: frozenset | set = frozenset()) -> Token | None:
    """The subject of ``verb``, inherited from the governing verb for conjuncts and participles
    ("Austin noted, emphasizing that …" → Austin). A relative pronoun subject stands for the noun the
    clause modifies ("Ukraine, which has been urging …" → Ukraine); a finite verb the parser hung on a
    noun as a modifier ("17 former officials, including …, called on …") takes the outermost noun of
    that noun's phrase."""
    seen = 0
    while seen < 6:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:  # the parser sometimes gives two: a name of a speaker first, then the one next to the verb
            before = [c for c in subjects if c.i < verb.i] or subjects
            interrupted = [c for c in before if c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == ","
                           and any(g.dep_ in ("relcl", "appos") for g in c.children)]
            c = interrupted[0] if interrupted else max(before, key=lambda t: (_SUBJECT_RANK.get(t.ent_type_, 0), t.i))
            if c.lower_ in relative_pronouns and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return verb.head
            return c
        if verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.pos_ in ("NOUN", "PROPN"):
            return outer_noun(verb.head)
        noun = verb.head
        if verb.dep_ == "acl" and noun.pos_ in ("NOUN", "PROPN") and not (
                noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX")):
            return noun  # "a motion … calling on the government": the noun is the agent
        if verb.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp") and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            # a participle on a prepositional object ("at one point telling reporters"): up to the verb
            for _ in range(3):
                if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                    break
                verb = verb.head
            continue
        return None
    return None


#: how likely a subject with this entity type is to be the speaker, when a verb has several
_SUBJECT_RANK = {"PERSON": 3, "ORG": 2, "GPE": 2, "NORP": 2}


def outer_noun(tok: Token) -> Token:
    """The outermost noun of the nominal phrase containing ``tok``, climbing through conjuncts,
    prepositional objects and their prepositions ("commanders" in "officials, including ambassadors
    to Ukraine and commanders" → "officials")."""
    for _ in range(12):
        head = tok.head
        if head.i == tok.i or tok.dep_ not in ("conj", "pobj", "prep", "appos"):
            break
        tok = head
    return tok
