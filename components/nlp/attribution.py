"""Who says or holds what: one resolver for the speakers of quotes and the holders of stances.

The quotes stage and the stance stage both ask "who is this?" of a subject, a pronoun, a description
or the object of "according to". This module answers once, for both:

- :func:`quote_regions` ``(text) -> [(start, end)]``: the one pairing of quotation marks (``"…"``,
  ``“…”``, ``“…’’``, ``‘‘…’’``, ``«…»``, and single ``'…'``/``‘…’`` where the marks balance), by
  paragraph: a double quote left open runs to the end of its paragraph; metadata header lines
  (:func:`~components.nlp.stages.paragraphs.header_end`) are never quoted text.
- :class:`Holder`: who holds a piece of text, as a small frozen record (``actor_id``, ``text`` as
  written, ``via``: ``name`` | ``pronoun`` | ``description`` | ``metonym`` | ``partitive`` |
  ``agent`` | ``conjunct`` | ``possessive`` | ``source`` | ``registered``, and the token offsets of
  the words that designate it).
- :class:`Resolver` (one per Doc, from :meth:`Attribution.resolver`): ``resolve(token_or_span) ->
  Holder | None`` and ``holders(token) -> [Holder]`` (conjoined subjects give one each);
  ``speakers(verb) -> [Holder]`` for the subject of a speech verb (inherited through conjuncts,
  participles and relative clauses, or inverted after the verb, or the agent of a passive).
  Pronouns (one table: ``[pronouns]`` of ``quotes.toml``) take the latest preceding actor of a
  fitting type outside quotation marks, subjects first, within the sentence and the three before;
  definite descriptions ("the Russian leader", "the prime minister") the latest person whose role
  and country fit; a proper name with no actor is registered as one.
- :class:`SpeechEvent` and :func:`speech_events` ``(doc) -> [SpeechEvent]``: every reporting verb
  (``speech_verbs.txt``) in active, reported use, or source phrase ("according to X"), with its
  speakers, the content it reports (token spans: clausal complements, request phrases, objects of
  verbs whose object is what was said) and a ``kind``: ``speech``, ``source`` (a source phrase) or
  ``vague`` (an unnamed collective source such as "officials said", kept apart as the gold does).

:class:`Attribution` holds what these need from the knowledge files (built once per pipeline);
the ``debate_quotes`` stage computes each Doc's events and resolver once and leaves them in
``doc._.speech_events`` / ``doc._.resolver`` for later stages (stance), which get them through
:meth:`Attribution.speech_events` and :meth:`Attribution.resolver`.

Every step is linear in the text: mentions, quotation marks and sentences are indexed once per Doc
(``Doc.to_array``, bisect), never scanned per token.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from ..knowledge import Knowledge, slug
from .stages.actors import SPAN_KEY as ACTOR_KEY, ActorIndex, Mentions
from .stages.paragraphs import header_end, paragraph_spans
from .tokens import sentence_starts

for _ext in ("speech_events", "resolver"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
#: dependencies that tie a name to the noun phrase it is part of ("Starmer and Biden", "spokesman Kirby")
PHRASE_DEPS = {"compound", "appos", "conj", "nmod"}


# ---------------------------------------------------------------------------------------------
# quotation marks

_MARKS = re.compile("‘‘|’’|[“„«”»\"‘’']")
_DOUBLE_OPEN = {"“", "„", "«", "‘‘"}
_DOUBLE_CLOSE = {"”", "»", "’’"}
_OPEN_BEFORE = set("([{—–-/“‘\"'") | {"\u00a0"}


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges ``(start, end)`` of the text between paired quotation marks, in order.

    Double marks: openers ``“ „ «`` and ``‘‘``, closers ``” »`` and ``’’``; a straight ``"`` opens
    after a space, an opening bracket or dash and before a non-space, and closes otherwise, so
    straight and curly marks mix. A new opener while a quote is open restarts it; a quote still open
    at the end of its paragraph runs to that end (news style: a quote continued in the next
    paragraph reopens without closing). Single marks (``‘…’``, ``'…'``) pair only where they
    balance inside the paragraph and lie outside double quotes; an apostrophe between letters
    ("don’t") or before a decade ("’90s") is no mark. Header lines (``# source: …``) are skipped.

    >>> t = 'He said “no” and "yes." TRUMP SAYS US WILL \\'100%\\' STAY'
    >>> [t[s:e] for s, e in quote_regions(t)]
    ['no', 'yes.', '100%']
    >>> t = "“We will not send them,\\n\\n“They are ours,” he said. Ukraine’s ‘victory plan’"
    >>> [t[s:e] for s, e in quote_regions(t)]
    ['We will not send them,', 'They are ours,', 'victory plan']
    """
    body = header_end(text)
    out: list[tuple[int, int]] = []
    for ps, pe in paragraph_spans(text):
        if pe <= body:
            continue
        out += _paragraph_quotes(text, max(ps, body), pe)
    return out


def _paragraph_quotes(text: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """The quote regions of the paragraph ``text[ps:pe]``."""
    doubles: list[tuple[int, int]] = []
    singles: list[tuple[int, int]] = []
    d_open: int | None = None
    s_open: int | None = None
    for m in _MARKS.finditer(text, ps, pe):
        i, c = m.start(), m.group()
        prev = text[i - 1] if i > ps else " "
        nxt = text[m.end()] if m.end() < pe else " "
        if c in _DOUBLE_OPEN:
            d_open = m.end()
        elif c in _DOUBLE_CLOSE:
            if d_open is not None and i > d_open:
                doubles.append((d_open, i))
            d_open = None
        elif c == '"':
            opening = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
            if d_open is not None and not opening:
                if i > d_open:
                    doubles.append((d_open, i))
                d_open = None
            elif opening:
                d_open = i + 1
        else:  # ‘ ’ ' : a single mark or an apostrophe
            after_word = prev.isalnum()
            before_word = nxt.isalnum()
            if after_word and before_word:
                continue  # don’t, Ukraine’s, Hawai‘i
            if c != "’" and not after_word and not nxt.isspace() and (prev.isspace() or prev in _OPEN_BEFORE):
                if _decade(text, m.end(), pe):
                    continue  # ’90s
                s_open = m.end()
            elif c != "‘" and not prev.isspace() and s_open is not None and i > s_open:
                singles.append((s_open, i))
                s_open = None
    if d_open is not None:
        end = pe
        while end > d_open and text[end - 1].isspace():
            end -= 1
        if end > d_open:
            doubles.append((d_open, end))
    # doubles are in order and do not overlap: only the last one starting before a single can overlap it
    starts = [a for a, _ in doubles]
    singles = [s for s in singles if not ((k := bisect_left(starts, s[1]) - 1) >= 0 and doubles[k][1] > s[0])]
    return sorted(doubles + singles)


def _decade(text: str, i: int, end: int) -> bool:
    """Whether ``text[i:]`` reads like the digits of an elided decade or year ("90s", "22")."""
    j = i
    while j < end and text[j].isdigit():
        j += 1
    return j - i == 2 and (j >= end or not text[j].isalnum() or text[j] == "s")


def quoted_tokens(doc: Doc, regions: list[tuple[int, int]]) -> numpy.ndarray:
    """A boolean array over ``doc``'s tokens: True for tokens inside one of ``regions`` (character
    ranges, e.g. :func:`quote_regions`)."""
    inside = numpy.zeros(len(doc), dtype=bool)
    if not len(doc) or not regions:
        return inside
    idx = doc.to_array(IDX).astype("int64")
    for s, e in regions:
        inside[numpy.searchsorted(idx, s, "left"):numpy.searchsorted(idx, e, "left")] = True
    return inside


# ---------------------------------------------------------------------------------------------
# records

@dataclass(frozen=True)
class Holder:
    """Who holds a piece of text: the actor (an id of ``doc._.actors``), the words that designate it
    as written (``text``, tokens ``start:end``) and how they were resolved (``via``)."""

    actor_id: str
    text: str
    via: str
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class SpeechEvent:
    """One act of saying: the reporting word(s) ``cue`` (the verb, or "according to"), its
    ``verb`` token (``None`` for a source phrase), the ``speakers`` (conjoined ones each), the
    ``content`` it reports (token spans; empty when it reports only a quotation or nothing), its
    ``kind`` (``speech`` | ``source`` | ``vague``) and whether it is ``negated`` ("did not say")."""

    cue: Span
    verb: Token | None
    speakers: tuple[Holder, ...]
    content: tuple[Span, ...]
    kind: str
    negated: bool = False

    @property
    def speaker(self) -> Holder | None:
        """The first speaker, if any."""
        return self.speakers[0] if self.speakers else None

    def content_words(self, outside: numpy.ndarray | None = None) -> int:
        """How many words of the content are not punctuation (and not True in ``outside``, a
        per-token mask such as the tokens of direct quotes)."""
        n = 0
        for span in self.content:
            for t in span:
                if not t.is_punct and not t.is_space and (outside is None or not outside[t.i]):
                    n += 1
        return n


# ---------------------------------------------------------------------------------------------
# what attribution needs from the knowledge files

class Attribution:
    """The attribution knowledge of one pipeline: speech verbs, source phrases, the pronoun table,
    descriptions and vague-source markers (``quotes.toml``, ``speech_verbs.txt``), the actor index.
    Build once (per pipeline); call :meth:`resolver` and :meth:`speech_events` per Doc."""

    def __init__(self, knowledge: Knowledge, nlp: Language):
        self.knowledge = knowledge
        vocab = nlp.vocab
        cfg = knowledge.quotes.as_dict()
        self.verbs = frozenset(v.lower() for v in knowledge.speech_verbs)
        self.index = ActorIndex(knowledge)
        self.source_matcher = PhraseMatcher(vocab, attr="LOWER")
        self.source_matcher.add("SOURCE", [nlp.make_doc(p) for p in cfg.get("source_phrases", {}).get("phrases", [])])
        content = cfg.get("content", {})
        self.content_deps = frozenset(content.get("deps", ["ccomp", "xcomp"]))
        self.min_content = int(content.get("min_words", 3))
        self.content_preps = frozenset(w.lower() for w in content.get("preps", []))
        self.object_verbs = frozenset(w.lower() for w in content.get("object_verbs", []))
        self.relative_pronouns = frozenset(w.lower() for w in content.get("relative_pronouns", []))
        vague = cfg.get("vague_sources", {})
        self.vague_markers = tuple(m.lower() for m in vague.get("markers", []))
        self.vague_types = frozenset(vague.get("types", ["group"]))
        self.counted_words = frozenset(w.lower() for w in vague.get("counted_words", []))
        pronouns: dict[str, set[str]] = {}
        for typ, words in cfg.get("pronouns", {}).items():
            if isinstance(words, list):
                for w in words:
                    pronouns.setdefault(w.lower(), set()).add(typ)
        self.pronouns = {w: frozenset(t) for w, t in pronouns.items()}
        ante = cfg.get("antecedents", {})
        self.window = int(ante.get("sentences", 3))
        self.causatives = frozenset(w.lower() for w in ante.get("causatives", []))
        descriptions = cfg.get("descriptions", {})
        self.any_role = frozenset(w.lower() for w in descriptions.get("any_role", []))
        self.partitives = frozenset(w.lower() for w in descriptions.get("partitives", []))
        self.title_words = frozenset(w.lower().strip(".") for t in knowledge.titles for w in t.split())

    # -- per Doc ------------------------------------------------------------------------------
    def resolver(self, doc: Doc, mentions: Mentions | None = None) -> "Resolver":
        """The Doc's :class:`Resolver` (made once per Doc and knowledge, kept in ``doc._.resolver``)."""
        res = doc._.resolver
        if res is None or res.attribution.knowledge is not self.knowledge:
            res = Resolver(doc, self, mentions)
            doc._.resolver = res
        return res

    def speech_events(self, doc: Doc) -> list[SpeechEvent]:
        """The Doc's speech events (computed once per Doc and knowledge, kept in ``doc._.speech_events``)."""
        events = doc._.speech_events
        if events is None or doc._.resolver is None or doc._.resolver.attribution.knowledge is not self.knowledge:
            doc._.speech_events = find_speech_events(doc, self.resolver(doc))
        return doc._.speech_events

    # -- words --------------------------------------------------------------------------------
    def is_speech_verb(self, t: Token) -> bool:
        """A speech verb in active use ("said", "has warned"; not "when asked")."""
        if t.pos_ not in ("VERB", "AUX") or (t.lemma_.lower() not in self.verbs and t.lower_ not in self.verbs):
            return False
        if t.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children):
            return t.dep_ in ("conj",) and any(c.dep_ == "nsubj" for c in t.head.children)
        return True

    def is_vague(self, actor_id: str | None, doc: Doc, in_text: str = "") -> bool:
        """Whether a speaker is an unnamed collective ("U.S. officials said"); a counted one ("two
        U.S. officials familiar with planning") is specific."""
        rec = (doc._.actors or {}).get(actor_id or "", {})
        name = rec.get("name", "").lower()
        if not (rec.get("type") in self.vague_types and any(m in name for m in self.vague_markers)):
            return False
        words = in_text.lower().split()
        return not any(w.isdigit() or w in self.counted_words for w in words)


# ---------------------------------------------------------------------------------------------
# the resolver

@dataclass(frozen=True)
class _Antecedent:
    start: int
    end: int
    actor_id: str
    type: str
    subject: bool
    plural: bool
    sent: int
    first_conjunct: int  # token index of the first conjunct of the phrase (itself if none)


class Resolver:
    """Resolves the words that designate a speaker or holder in one Doc; see the module docstring."""

    def __init__(self, doc: Doc, attribution: Attribution, mentions: Mentions | None = None):
        self.doc = doc
        self.attribution = attribution
        self.mentions = mentions if mentions is not None else Mentions(doc)
        if doc._.actors is None:
            doc._.actors = {}
        self.text = doc.text
        self.regions = quote_regions(self.text)
        self.quoted = quoted_tokens(doc, self.regions)
        self.starts = sentence_starts(doc)
        self._antecedents: list[_Antecedent] | None = None
        self._ante_starts: list[int] = []
        self._by_conjunct: dict[int, list[_Antecedent]] = {}  # the antecedents of each conjoined phrase

    # -- public -------------------------------------------------------------------------------
    def in_quote(self, target: Token | Span) -> bool:
        """Whether a token (a span's first token) lies inside quotation marks."""
        i = target.i if isinstance(target, Token) else target.start
        return bool(len(self.quoted)) and bool(self.quoted[i])

    def resolve(self, target: Token | Span, register: bool = False) -> Holder | None:
        """The holder the words ``target`` designate (a token stands for its phrase), else ``None``.
        With ``register``, a proper name that is no actor yet becomes one."""
        tok = target if isinstance(target, Token) else target.root
        a = self.attribution
        if tok.lower_ in a.pronouns and tok.pos_ in ("PRON", "DET"):
            return self._pronoun(tok)
        found = self._mention_of(tok)
        if found is not None:
            return found
        found = self._description(tok, register)
        if found is not None:
            return found
        if tok.pos_ == "PROPN":
            phrase = name_phrase(tok)
            aid = self._known_person(phrase)
            if aid is not None:
                return Holder(aid, phrase.text, "name", phrase.start, phrase.end)
            if register:
                typ = "person" if tok.ent_type_ == "PERSON" else "organization"
                aid = self.register(phrase, typ)
                return Holder(aid, phrase.text, "registered", phrase.start, phrase.end)
        return None

    def holders(self, tok: Token, register: bool = False) -> list[Holder]:
        """The holders of a (subject) token and of the phrases conjoined with it ("The U.S. and
        Britain announced" → both); a pronoun standing for conjoined actors gives each."""
        first = self.resolve(tok, register)
        if first is None:
            return []
        out = [first]
        if first.via == "pronoun":
            out += self._conjoined_antecedents(tok, first)
        for c in _conjuncts(tok):
            h = self.resolve(c, register)
            if h is not None and h.actor_id not in {o.actor_id for o in out}:
                out.append(Holder(h.actor_id, h.text, "conjunct" if h.via == "name" else h.via, h.start, h.end))
        return out

    def speakers(self, verb: Token, register: bool = True) -> list[Holder]:
        """Who performs the speech verb ``verb``: its subject (see :func:`subject_of`) and the
        phrases conjoined with it; else the agent of a passive ("… was announced by the ministry");
        else a noun after the verb ("…,” said the head of the committee)."""
        subj = subject_of(verb, self.attribution.relative_pronouns)
        if subj is not None:
            return self.holders(subj, register)
        for c in verb.children:
            if c.dep_ == "agent":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return [Holder(h.actor_id, h.text, "agent", h.start, h.end) for h in self.holders(obj, register)]
        if verb.tag_ in ("VBD", "VBZ", "VBP"):
            after = next((c for c in verb.rights if c.pos_ in ("PROPN", "NOUN", "PRON")
                          and c.dep_ in ("nsubj", "dobj", "attr", "npadvmod", "appos")), None)
            if after is not None and not self.in_quote(after):
                return self.holders(after, register)
        return []

    def register(self, span: Span, typ: str) -> str:
        """Add a speaker with no actor mention (``span`` is the name as written) to ``doc._.actors``
        and ``doc.spans["actors"]``; returns its id."""
        return self.register_name(span, span.text.strip(), typ)

    def register_name(self, span: Span, name: str, typ: str, country: str = "") -> str:
        """Add the actor ``name`` mentioned as ``span`` (see :meth:`register`); returns its id."""
        doc = self.doc
        aid = slug(name)
        doc._.actors.setdefault(aid, {"name": name, "type": typ, "role": "", "country": country})
        mention = Span(doc, span.start, span.end, label=typ, kb_id=aid)
        if self.mentions.add(mention) and self._antecedents is not None:
            self._insert_antecedent(mention)
        return aid

    def flush(self) -> None:
        """Write the actors registered so far into ``doc.spans["actors"]`` (once per stage, not per
        name: rewriting the span group for each would cost the square of the article's length)."""
        self.mentions.write()

    # -- mentions -----------------------------------------------------------------------------
    def _mention_of(self, tok: Token) -> Holder | None:
        """The actor mention that the phrase headed by ``tok`` names: one covering ``tok`` itself,
        else one in apposition to it ("the chairman …, General Robert Brieger"), else (a partitive,
        "one of the US defence officials") the mention of its object. A name that only modifies the
        head as a possessor or through a preposition ("Ukraine's air force", "the head of the EU
        committee") is not the phrase's actor."""
        m = self._mention_at(tok)
        if m is not None:
            return m
        for c in tok.children:
            if c.dep_ == "appos":
                m = self._mention_at(c)
                if m is not None:
                    return m
        if tok.lower_ in self.attribution.partitives or tok.like_num:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        m = self._mention_at(obj)
                        if m is not None:
                            start = min(tok.left_edge.i, tok.i)
                            return Holder(m.actor_id, self.doc[start:obj.i + 1].text, "partitive", start, obj.i + 1)
        # a name the parser left inside the phrase as a compound or modifier of a title-like head
        # ("Pentagon press secretary Pat Ryder" headed by "secretary")
        if tok.lower_ in self.attribution.title_words:
            for c in tok.children:
                if c.dep_ in ("compound", "nmod") and c.i > tok.i:
                    m = self._mention_at(c)
                    if m is not None:
                        return m
        return None

    def _mention_at(self, tok: Token) -> Holder | None:
        aid = self.mentions.actor_at(tok)
        if aid is None:
            return None
        span = next((s for s in self.mentions.overlapping(tok.i, tok.i + 1) if s.kb_id_ == aid), None)
        if span is None:
            return Holder(aid, tok.text, "name", tok.i, tok.i + 1)
        entry = self.attribution.index.capitals.get(span.text.lower())
        return Holder(aid, span.text, "metonym" if entry is not None else "name", span.start, span.end)

    def _known_person(self, phrase: Span) -> str | None:
        """The person of ``doc._.actors`` whose full name ends with ``phrase`` ("Strack-Zimmermann"
        for "Marie-Agnes Strack-Zimmermann"), if exactly one does."""
        last = phrase.text.lower()
        hits = [aid for aid, rec in (self.doc._.actors or {}).items() if rec.get("type") == "person"
                and (rec.get("name") or "").lower().endswith(" " + last)]
        return hits[0] if len(hits) == 1 else None

    # -- antecedents --------------------------------------------------------------------------
    def _table(self) -> list[_Antecedent]:
        """The actor mentions outside quotation marks that a pronoun may stand for, in text order."""
        if self._antecedents is None:
            out = [a for a in map(self._antecedent_record, self.mentions.in_order()) if a is not None]
            self._antecedents = out
            self._ante_starts = [a.start for a in out]
            self._by_conjunct = {}
            for a in out:
                self._by_conjunct.setdefault(a.first_conjunct, []).append(a)
        return self._antecedents

    def _antecedent_record(self, s: Span) -> _Antecedent | None:
        """The antecedent table's row for mention ``s`` (``None`` inside quotation marks)."""
        if self.in_quote(s):
            return None
        head = _phrase_head(s.root)
        typ = s.label_ or (self.doc._.actors or {}).get(s.kb_id_, {}).get("type", "")
        first = head
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        conjoined = first is not head or any(c.dep_ == "conj" for c in head.children)
        subject = _subject_like(first) and s.start <= head.i < s.end and not self._acted_upon(first.head)
        plural = head.tag_ in ("NNS", "NNPS") or typ == "group" or conjoined
        return _Antecedent(s.start, s.end, s.kb_id_, typ, subject, plural,
                           bisect_right(self.starts, s.start) - 1, first.i)

    def _insert_antecedent(self, s: Span) -> None:
        """Put a newly registered mention into the antecedent table, where a rebuilt table would
        have it (after the mentions starting at the same token)."""
        a = self._antecedent_record(s)
        if a is None:
            return
        k = bisect_right(self._ante_starts, a.start)
        self._antecedents.insert(k, a)
        self._ante_starts.insert(k, a.start)
        same = self._by_conjunct.setdefault(a.first_conjunct, [])
        same.insert(bisect_right([b.start for b in same], a.start), a)

    def _acted_upon(self, verb: Token) -> bool:
        """Whether the subject of ``verb`` is acted upon rather than acting: ``verb`` complements a
        causative ("make Germany a party", "allowing Kyiv to use …")."""
        return verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in self.attribution.causatives

    def _pronoun(self, tok: Token) -> Holder | None:
        """The actor a pronoun stands for (see :meth:`_antecedent`)."""
        a = self._antecedent(tok)
        return Holder(a.actor_id, tok.text, "pronoun", tok.i, tok.i + 1) if a is not None else None

    def _antecedent(self, tok: Token) -> _Antecedent | None:
        """The mention a pronoun stands for: the latest preceding actor of a type the pronoun may
        designate, outside quotation marks, in this sentence or the ``window`` before it; a subject
        first, else the latest such mention. A pronoun inside a quotation is the speaker's word."""
        types = self.attribution.pronouns.get(tok.lower_, frozenset())
        if not types or self.in_quote(tok) or _pleonastic(tok):
            return None
        table = self._table()
        sent = bisect_right(self.starts, tok.i) - 1
        person = "person" in types
        # a person pronoun looks further back than "it"/"they", which need a subject close by
        lowest = sent - (self.attribution.window if person else 1)
        plural_word = not person and "country" not in types
        fallback = None
        for k in range(bisect_left(self._ante_starts, tok.i) - 1, -1, -1):
            a = table[k]
            if a.sent < lowest:
                break
            if a.end > tok.i or not self._fits(a, types, plural_word):
                continue
            if a.subject:
                return a
            if fallback is None and person:
                fallback = a
        return fallback

    @staticmethod
    def _fits(a: _Antecedent, types: frozenset, plural_word: bool) -> bool:
        if plural_word and a.plural and a.type in ("country", "person"):
            return True  # "Poland and Lithuania have said they …"
        if a.type not in types:
            return False
        if "person" in types:
            return a.type == "person"
        if plural_word:  # they: groups, organisations, conjoined actors
            return a.plural or a.type == "organization"
        return not a.plural or a.type == "organization"

    def _conjoined_antecedents(self, tok: Token, holder: Holder) -> list[Holder]:
        """For a plural pronoun standing for conjoined actors ("Poland and Lithuania have said they
        …"), the actors after the first."""
        mine = self._antecedent(tok)
        if mine is None or not mine.plural or mine.type == "group":
            return []
        out, seen = [], {holder.actor_id}
        self._table()
        for a in self._by_conjunct.get(mine.first_conjunct, ()):
            if a.actor_id not in seen and a.start != mine.start:
                seen.add(a.actor_id)
                out.append(Holder(a.actor_id, holder.text, "pronoun", holder.start, holder.end))
        return out

    # -- descriptions -------------------------------------------------------------------------
    def _description(self, tok: Token, register: bool = False) -> Holder | None:
        """The person a definite description ("the Russian leader", "the prime minister") refers
        to: the latest preceding person whose role contains the description's title words (any
        person for words like "leader"), of the country a demonym in the description names."""
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        a = self.attribution
        head = tok.lower_
        if head not in a.title_words and head not in a.any_role:
            return None
        words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "det"]
        country = None
        for w in words:
            entry = a.index.demonyms.get(w.lower_) or a.index.by_alias.get(w.lower_)
            if entry is not None and w.i != tok.i:
                country = entry.country or entry.name
        of_country, of_end = self._of_country(tok)
        country = country or of_country
        title = {w.lower_ for w in words} & a.title_words
        doc = self.doc
        for s in self.mentions.before(tok.i, self.in_quote):
            rec = doc._.actors.get(s.kb_id_) or {}
            if rec.get("type") != "person":
                continue
            entry = a.knowledge.actor(s.kb_id_)
            role = (rec.get("role") or (entry.role if entry else "") or "").lower()
            rcountry = rec.get("country") or (entry.country if entry else "")
            if country and rcountry and rcountry != country:
                continue
            if head in a.any_role or (title and all(w in role for w in title)):
                start = tok.left_edge.i
                return Holder(s.kb_id_, doc[start:tok.i + 1].text, "description", start, tok.i + 1)
        if country and head in a.title_words and register:
            # no one named fits: the holder of the office ("the prime minister of Estonia")
            entry = a.knowledge.actor(slug(country))
            adj = entry.adjective_form if entry is not None else country
            office = " ".join(w.text.capitalize() for w in words if w.lower_ in a.title_words)
            end = of_end if of_country else tok.i + 1
            span = doc[tok.left_edge.i:end]
            aid = self.register_name(span, f"{adj} {office}", "person", country)
            return Holder(aid, span.text, "description", span.start, span.end)
        return None

    def _of_country(self, tok: Token) -> tuple[str | None, int]:
        """The country of an "of" phrase on a title ("the prime minister of Estonia") and the end
        of its name."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    aid = self.mentions.actor_at(obj)
                    entry = self.attribution.knowledge.actor(aid) if aid else None
                    if entry is not None and entry.type == "country":
                        return entry.name, obj.i + 1
        return None, tok.i + 1


def _subject_like(head: Token) -> bool:
    """Whether a phrase headed by ``head`` is the subject of its clause: a subject, in apposition to
    one, or a noun the parser left as the root or hung a finite verb on ("17 former officials,
    including …, called on …")."""
    if head.dep_ in SUBJECT_DEPS or (head.dep_ == "appos" and head.head.dep_ in SUBJECT_DEPS):
        return True
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
        if t.dep_ in PHRASE_DEPS and t.head is not t and t.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
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
        for c in verb.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in relative_pronouns and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                    return verb.head
                return c
        if verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.pos_ in ("NOUN", "PROPN"):
            return outer_noun(verb.head)
        noun = verb.head
        if verb.dep_ == "acl" and noun.pos_ in ("NOUN", "PROPN") and not (
                noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX")):
            return noun  # "a motion … calling on the government": the noun is the agent
        if verb.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp") and verb.head is not verb:
            verb = verb.head
            seen += 1
            # a participle on a prepositional object ("at one point telling reporters"): up to the verb
            for _ in range(3):
                if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                    break
                verb = verb.head
            continue
        return None
    return None


def outer_noun(tok: Token) -> Token:
    """The outermost noun of the nominal phrase containing ``tok``, climbing through conjuncts,
    prepositional objects and their prepositions ("commanders" in "officials, including ambassadors
    to Ukraine and commanders" → "officials")."""
    for _ in range(12):
        head = tok.head
        if head is tok or tok.dep_ not in ("conj", "pobj", "prep", "appos"):
            break
        tok = head
    return tok


# ---------------------------------------------------------------------------------------------
# speech events

def is_reported(verb: Token) -> bool:
    """Whether a speech verb reports a speech act that took place: not under a modal ("would
    announce", "could say") and not an infinitive of purpose ("came to press for …"); infinitives
    complementing a verb stay ("has continued to press for …")."""
    if any(c.tag_ == "MD" for c in verb.children):
        return False
    return not (any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.dep_ in ("advcl", "acl"))


def is_negated_speech(verb: Token) -> bool:
    """Whether a speech verb is negated ("did not say", "never confirmed"): no content is reported."""
    return any(c.dep_ == "neg" for c in verb.children)


def content_of(verb: Token, attribution: Attribution, resolver: Resolver) -> list[Token]:
    """The children of a speech verb that carry what was said: clausal complements, request phrases
    ("asked for …", "called on X to …") and, for verbs whose object is the content, the object
    ("questioned support for Ukraine"; not the addressee of "told reporters", an actor)."""
    a = attribution
    out = []
    for c in verb.children:
        if c.dep_ in a.content_deps:
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in a.content_preps and not any(
                w.ent_type_ in ("DATE", "TIME", "ORDINAL") for w in c.subtree):
            out.append(c)
        elif (c.dep_ == "dobj" and verb.lemma_.lower() in a.object_verbs and c.pos_ == "NOUN"
              and resolver.mentions.actor_at(c) is None):
            out.append(c)
    if verb.lemma_.lower() in a.object_verbs and not out:
        out += _infinitives(verb)
    return out


def _infinitives(verb: Token) -> list[Token]:
    """Infinitives ("to loosen …") under ``verb`` reached without crossing another verb: what a
    request verb asks for when the parser hung it elsewhere ("urging allies for months to loosen …")."""
    found, stack = [], [c for c in verb.children if c.dep_ not in ("nsubj", "nsubjpass", "ccomp", "advcl")]
    while stack:
        t = stack.pop()
        if t.pos_ in ("VERB", "AUX"):
            if t.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                found.append(t)
            continue
        stack += list(t.children)
    return found


def _subtree_span(tok: Token) -> Span:
    return tok.doc[tok.left_edge.i:tok.right_edge.i + 1]


def source_phrase_object(doc: Doc, match: Span, limit: int) -> Token | None:
    """The source named by a source phrase ("according to X", "citing X"): the object of its last
    word, else the first noun after it before token ``limit``."""
    obj = next((c for c in match[-1].children if c.dep_ in ("pobj", "dobj")), None)
    if obj is None and match.end < limit:
        obj = next((t for t in doc[match.end:limit] if t.pos_ in ("PROPN", "NOUN")), None)
    return obj


def find_speech_events(doc: Doc, resolver: Resolver) -> list[SpeechEvent]:
    """Every speech event of ``doc`` (see the module docstring), in text order."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    a = resolver.attribution
    body = header_end(resolver.text)
    out: list[SpeechEvent] = []
    for t in _verbs(doc):
        if t.idx < body or resolver.quoted[t.i] or not a.is_speech_verb(t) or not is_reported(t):
            continue
        speakers = resolver.speakers(t, register=False)
        content = tuple(_subtree_span(c) for c in content_of(t, a, resolver))
        kind = "vague" if speakers and all(a.is_vague(h.actor_id, doc, h.text) for h in speakers) else "speech"
        out.append(SpeechEvent(doc[t.i:t.i + 1], t, tuple(speakers), content, kind, is_negated_speech(t)))
    for _, s, e in a.source_matcher(doc):
        match = doc[s:e]
        if match.start_char < body or resolver.quoted[s]:
            continue
        sent = match.sent
        obj = source_phrase_object(doc, match, sent.end)
        if obj is None:
            continue
        h = resolver.resolve(obj, register=False)
        speakers = (h,) if h is not None else ()
        content = tuple(_trim(x) for x in _around(sent, match, obj))
        kind = "vague" if h is not None and a.is_vague(h.actor_id, doc, h.text) else "source"
        out.append(SpeechEvent(match, None, speakers, content, kind))
    out.sort(key=lambda e: e.cue.start)
    return out


def _around(sent: Span, match: Span, obj: Token) -> list[Span]:
    """The parts of ``sent`` outside a source phrase and its object's phrase."""
    doc = sent.doc
    lo = match.start
    hi = max(match.end, obj.right_edge.i + 1)
    parts = [doc[sent.start:lo], doc[hi:sent.end]]
    return [p for p in parts if len(p)]


def _verbs(doc: Doc) -> list[Token]:
    """The tokens of ``doc`` tagged VERB or AUX, in order (read with ``Doc.to_array``)."""
    if not len(doc):
        return []
    return [doc[i] for i in numpy.flatnonzero(numpy.isin(doc.to_array(POS), (VERB, AUX))).tolist()]


def _trim(span: Span) -> Span:
    """``span`` without surrounding spaces, line breaks and punctuation."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (doc[s].is_space or (doc[s].is_punct and not doc[s].is_quote)):
        s += 1
    while e > s and (doc[e - 1].is_space or doc[e - 1].text in (",", ";", ":", "—", "–", "-")):
        e -= 1
    return doc[s:e]
