"""The stance frames of one doc (:class:`FrameFinder`, :func:`find_frames`): each predicate's target,
governance, label and holders, as :class:`~components.nlp.frames.records.StanceFrame` records."""
from __future__ import annotations

from bisect import bisect_left

import numpy
from spacy.attrs import DEP
from spacy.tokens import Doc, Token

from ..attribution import Holder, Resolver, SpeechEvent, subject_of
from ..names import name_key
from .records import (CLAUSE_DEPS, CRITICISED_PREPS, Cue, FrameType, INNER_LABEL, INVERSE, INVERSE_LABEL,
                      LABELS, MAX_NESTED, StanceFrame)
from .lexicon import Lexicon
from .polarity import is_past
from .holders import HolderLookup
from .arguments import Targets, argument_ranges, governing_cue, nested_clauses, only_not_military
from .speakers import SpeakerHolders


class FrameFinder(SpeakerHolders):
    """Finds the stance frames of one doc (see the package docstring)."""

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
            if cue.ftype.kind == "action" and self._other_recipient(cue.root, allowee=cue.ftype.name.startswith("permit")) \
                    or (cue.ftype.giving or cue.ftype.label == "support") and self._helps_other_side(cue):
                tg.clear(argument_ranges(cue.root, cue.span))  # its weapons are another debate's
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
            if ft.kind == "action" and gov is None and _for_to_infinitive(cue.root):
                continue  # "it would be acceptable for Ukrainian forces to use …": no one acts
            if ft.giving and cue.root.pos_ == "NOUN" and lex.not_military and only_not_military(cue.root, lex.not_military):
                continue  # "providers of humanitarian assistance": aid, not weapons
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
            elif ft.own_content and self._content_elsewhere(cue, cue_at):
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
            if ft.transparent and self._announces_other_news(cue):
                continue  # "announced that a hospital was hit in a rocket attack": news, not a supply
            label = ft.label
            if label in (INVERSE_LABEL, INNER_LABEL):
                inner = self._inner_label(cue, cues)
                if inner is None:
                    continue
                label = INVERSE[inner] if label == INVERSE_LABEL else inner
            if label == "oppose" and ft.kind == "attitude" and any(
                    self._side_of(c) in lex.adversary for c in cue.root.children if c.dep_ == "dobj"):
                continue  # "urged the US to support Ukraine and oppose Russia": against the adversary
            if ft.kind == "attitude" and label in ("support", "oppose") and self._about_a_restriction(cue):
                # backing the restrictions keeps things as they are (the refusal to lift them is caution)
                label = "cautious" if label == "support" else "support"
            weight = ft.weight * lex.topic_weights[topic] * (lex.hedge_factor if cue.hedged else 1.0)
            target = tg.system_in(ranges) or "topic"
            past = is_past(cue.root, lex.past_words)
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

    def _announces_other_news(self, cue: Cue) -> bool:
        """Whether an announcement reports a clause whose subject names no weapon ("announced that
        American destroyers were hit by …"), rather than what is supplied ("announced that $1 billion
        in artillery … would soon be heading to Ukraine")."""
        for c in cue.root.children:
            if c.dep_ == "ccomp":
                subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass", "expl")]
                return not any(self.targets.any(g.left_edge.i, g.right_edge.i + 1) for g in subj)
        return False

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
        """Whether what a request or endorsement asks for is negated ("urged them not to give in …",
        "appealed to them to stop selling …")."""
        for c in cue.root.children:
            if c.dep_ in ("xcomp", "ccomp", "advcl") and (any(g.dep_ == "neg" for g in c.children) or (
                    c.lemma_.lower() in self.lex.negators and any(g.tag_ == "VBG" for g in c.children))):
                return True
        return False

    def _about_a_restriction(self, cue: Cue) -> bool:
        """Whether an attitude's object is a restriction of the debate ("backed the restrictions on
        the use of …", "opposed a ban on strikes", "support for the limits"): backing it is caution
        (things stay as they are) and opposing it is support."""
        objs = [c for t in cue.span for c in t.children if c.dep_ == "dobj" and not cue.span.start <= c.i < cue.span.end]
        objs += [g for t in cue.span for c in t.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
                 for g in c.children if g.dep_ == "pobj"]
        return any(o.lemma_.lower() in self.lex.scoped_terms and self.targets.any(o.i, o.i + 1) for o in objs)

    def _content_elsewhere(self, cue: Cue, cue_at: dict) -> bool:
        """Whether the predicate states what it is about in a clause of its own (with a subject, or a
        gerund after "of"/"for") or, for a noun, in its "of"/"about" phrase, that names neither the debate's target, nor its recipient, nor a
        predicate other than an action ("fears that Russia has the capabilities to launch an attack",
        "accused Putin of killing women and children"): it is about that, not the passage's topic."""
        content = []
        for t in cue.span:
            for c in t.children:
                if cue.span.start <= c.i < cue.span.end:
                    continue
                if c.dep_ in ("ccomp", "acl") and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                    content.append((c.left_edge.i, c.right_edge.i + 1))
                elif c.dep_ == "prep" and c.lower_ in ("of", "for"):  # a gerund clause: "accused X of killing …"
                    content += [(g.left_edge.i, g.right_edge.i + 1) for g in c.children
                                if g.dep_ == "pcomp" and g.tag_ == "VBG"]
                if c.dep_ == "prep" and c.lower_ in ("of", "about") and t.pos_ == "NOUN":  # "worries of a contraction"
                    content += [(g.left_edge.i, g.right_edge.i + 1) for g in c.children if g.dep_ == "pobj"]
        if not content:
            return False
        if self.targets.count(content) or self.targets.count(content, cum=self.targets.rec_cum):
            return False
        return not any(a <= i < b and c.ftype.kind != "action" for a, b in content for i, c in cue_at.items()
                       if i != cue.root.i)

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
        return any(self._side_of(o) in self.lex.recipient for o in objs)  # (a capital too: "support Kiev")

    def _other_recipient(self, root: Token, allowee: bool = False) -> bool:
        """Whether an action names a recipient that is an actor of another side than the debate's
        recipient ("sending Russia missiles", "deliver tanks to Israel"), or (``allowee``) allows an
        actor of another side ("allows him to obtain weapons")."""
        objs = [c for c in root.children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN", "PRON")]
        if allowee:  # "allow the US to inspect …": the one allowed (an object, or the parser's subject)
            objs += [c for c in root.children if c.dep_ == "dobj" and c.pos_ in ("PROPN", "NOUN", "PRON")]
            objs += [g for c in root.children if c.dep_ in ("ccomp", "xcomp") for g in c.children
                     if g.dep_ == "nsubj" and g.i > root.i]
        # an actor named as the object is the one given to ("provide Russia with …", "China sold Russia
        # drones"): what is given is never an actor (a pronoun object is, with "with": "provide them with")
        with_ = any(c.dep_ == "prep" and c.lower_ == "with" for c in root.children)
        objs += [c for c in root.children if c.dep_ == "dobj" and (with_ or c.pos_ != "PRON")]
        nxt = root.i + 1
        if nxt < len(self.doc) and root.pos_ == "VERB":  # "sending Russia missiles" (a double object)
            m = self.res.mention_at(self.doc[nxt])
            if m is not None and m.start == nxt and m.end < len(self.doc) and self.doc[m.end].pos_ in ("NOUN", "ADJ", "NUM", "DET", "PROPN"):
                objs.append(self.doc[m.end - 1])
        objs += [g for c in root.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
                 for g in c.children if g.dep_ == "pobj"]
        sides = [self._given_to_pronoun(c, root) if with_ and c.pos_ == "PRON" else self._side_of(c) for c in objs]
        return any(side is not None and side not in self.lex.recipient for side in sides)

    def _given_to_pronoun(self, pron: Token, verb: Token) -> str | None:
        """The side of a pronoun given to ("provide it with", "supply them with"): the latest actor
        named before it, in its sentence or the one before, that is not the verb's own subject (a
        pronoun object never stands for its clause's subject: "China … provide it with military
        equipment" is not China); None if there is none."""
        subj = subject_of(verb)  # (shared by a conjoined verb: "sent tanks and provided it with …")
        own = set(range(subj.left_edge.i, subj.right_edge.i + 1)) if subj is not None else set()
        start = self.targets.starts[max(0, self.targets.sentence_of(pron.i) - 1)]  # its sentence or the one before
        for m in self.res.mentions.before(pron.i, limit=8):
            if m.start < start:
                break
            if not own & set(range(m.start, m.end)):
                return self._side_of(m[-1])
        return None

    def _side_of(self, tok: Token) -> str | None:
        """The country of the actor ``tok`` names (a capital named as an object, "supply Moscow with
        drones", is its country's government; a people, "sell weapons to Russians", its country),
        else None."""
        h = self.res.resolve(tok)
        if h is not None and h.actor_id:
            return self.res.country(h.actor_id)
        index = self.res.attribution.index
        key = name_key(tok.text)
        entry = index.capitals.get(key) if tok.pos_ == "PROPN" else None
        if entry is None and tok.ent_type_ == "NORP":  # "selling weapons to (the) Russians"
            entry = index.demonyms.get(key)
        return entry.name if entry is not None else None

    def _helps_other_side(self, cue: Cue) -> bool:
        """Whether a supply or backing named by a noun goes, by a word of helping, to an actor of another side
        than the debate's recipient: the noun's clause helps that actor ("Iran's deliveries are
        allowing Russia to …") or that actor acts with its help ("with the help of military backing
        from North Korea, Russia …"). A supply whose own arguments name the recipient is the
        recipient's (:meth:`_names_recipient`)."""
        if cue.root.pos_ != "NOUN" or self._names_recipient(cue):
            return False
        benefit = self.lex.benefit_words
        t, helped_by_phrase = cue.root, False
        for _ in range(4):  # up to the clause's verb, through the phrases that hold the noun
            if t.head.i == t.i or t.dep_ not in ("pobj", "prep", "nsubj", "nsubjpass", "conj", "appos", "compound", "dobj"):
                return False
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                break
            helped_by_phrase |= t.lemma_.lower() in benefit
        else:
            return False
        helped = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")] if helped_by_phrase else []
        if t.lemma_.lower() in benefit:  # "… are allowing Russia to keep", "helps Moscow"
            helped += [c for c in t.children if c.dep_ in ("dobj", "dative")]
            helped += [g for c in t.children if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ == "nsubj"]
        sides = [self._side_of(h) for h in helped if not cue.root.left_edge.i <= h.i <= cue.root.right_edge.i]
        return any(s is not None and s not in self.lex.recipient for s in sides) and \
            not any(s in self.lex.recipient for s in sides)

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
        if country in self.lex.recipient and ft.name.split("/")[0] in self.lex.recipient_drops \
                and label in ("cautious", "oppose"):
            return None  # the recipient's fears and objections are about the adversary's doing
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


def find_frames(doc: Doc, lex: Lexicon, resolver: Resolver, events: list[SpeechEvent],
                outlets: frozenset[str] = frozenset()) -> list[StanceFrame]:
    """The stance frames of ``doc`` (see the package docstring)."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    return FrameFinder(doc, lex, resolver, events, outlets).frames()


def _for_to_infinitive(verb: Token) -> bool:
    """Whether ``verb`` heads a for-to infinitive ("for Ukrainian forces to use …"): an action
    considered, proposed or judged, not one taken."""
    kids = list(verb.children)
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in kids) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in kids)
