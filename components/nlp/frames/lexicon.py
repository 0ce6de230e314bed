"""The debate file compiled for matching (:class:`Lexicon`): the predicate syntax (:func:`parse_cue`,
:func:`cue_patterns`), target terms and their inflections (:func:`term_phrases`), the frame types
validated (:func:`frame_types`), and the predicates of a doc with negation and hedges applied
(:meth:`Lexicon.cues`)."""
from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..matching import AnchoredMatcher
from .records import Cue, FrameType, HOLDER_MODES, INNER_LABEL, INVERSE_LABEL, KINDS, LABELS, TARGET_MODES
from .polarity import is_deontic, is_hedged, is_modifier, is_negated


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
                       label_other=sec.get("label_other", ""), own_content=bool(sec.get("own_content", False)))
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

    def __init__(self, vocab, tokenizer, debate: dict, figures: tuple[str, ...] = ()):
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
        self.scoped_terms = frozenset(w.lower() for w in tgt.get("scoped_terms", []))
        self.scope_words = frozenset(w.lower() for w in tgt.get("scope_words", []))
        self.other_subject_heads = frozenset(w.lower() for w in tgt.get("other_subject_heads", []))
        self.not_military = frozenset(w.lower() for w in tgt.get("not_military", []))
        #: weapon words that, as the object of a verb's "as", are a figure of speech (weapons.toml)
        self.figures = frozenset(w.lower() for w in figures)
        self.supply_words = frozenset(w.lower() for w in tgt.get("supply_words", []))
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
        self.recipient_drops = frozenset(sides.get("recipient", {}).get("drop_frames", []))
        self.benefit_words = frozenset(w.lower() for w in sides.get("benefit_words", []))
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
