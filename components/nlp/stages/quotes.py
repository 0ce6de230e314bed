"""The ``debate_quotes`` component: who said what, as ``doc.spans["quotes"]``.

Each span is one quotation or one reported statement, with Span extensions ``speaker`` (canonical
actor name), ``speaker_id`` (an id of ``doc._.actors``), ``speaker_in_text`` (the speaker as written,
possibly a pronoun or a description), ``kind`` (``direct`` | ``partial`` | ``indirect``) and ``cue``
(the reporting verb or phrase).

- Quotation marks are paired on the raw text by :func:`pair_quote_marks` (straight, curly, mixed, and
  ``’’`` closers); an unpaired mark is dropped, never the article. A direct or partial quote spans the
  text between the marks.
- A quoted span containing a full clause is **direct**; a fragment is **partial** only when a speech
  verb governs it through the parse (:func:`governing_verb`) and has a speaker. Fragments with no
  governing speaker, or introduced as names ("known as", ``quotes.toml``), are titles or scare quotes
  and are left out.
- Direct quotes take the nearest speech verb outside quotes in the same sentence (before or after the
  marks: "X said, “…”", "“…,” said X", "He added: “…”"), else a source phrase ("according to X"),
  else the speaker of the previous quote of the same or previous paragraph (continuation).
- Indirect quotes: an active speech verb (``speech_verbs.txt``) with a content clause (ccomp/xcomp)
  mostly outside quotes, or a source phrase; the span is the verb's clause. Vague collective sources
  ("U.S. officials said") are not emitted as indirect quotes.
- Speakers: the subject of the verb (inherited through conj/xcomp/advcl), linked to an actor with
  :meth:`components.nlp.stages.actors.Mentions.actor_at`; pronouns go to the last actor of a fitting type in subject
  position; definite descriptions ("the Russian leader") to the last person whose role/country fits;
  a proper-name subject with no actor is registered by :func:`register_actor`.
"""
from __future__ import annotations

import re
from itertools import islice

import numpy
from spacy.attrs import IS_QUOTE, ORTH, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from .actors import SPAN_KEY as ACTOR_KEY, ActorIndex, Mentions
from ..spans import SpanIndex
from ..tokens import doc_text, token_columns
from ...knowledge import Knowledge, load_knowledge, slug

SPAN_KEY = "quotes"
EXTENSIONS = ("speaker", "speaker_id", "speaker_in_text", "kind", "cue")
for _name in EXTENSIONS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

OPENERS = "“„«"
CLOSERS = "”»"
#: the characters and pairs :func:`pair_quote_marks` acts on: line breaks, marks, ‘‘ and ’’
_MARKS = re.compile("[\n" + OPENERS + CLOSERS + '"]|‘‘|’’')
_NON_SPACE = re.compile(r"\S")
_SPACES = re.compile(r"[ \t]*")
CLAUSE_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
SENT_END = {".", "!", "?"}


def pair_quote_marks(text: str) -> list[tuple[int, int]]:
    """Character ranges ``(start, end)`` of the text between paired quotation marks of ``text``.

    Openers: ``“ „ «`` and ``‘‘``; closers: ``” »`` and ``’’``; a straight ``"`` opens when it follows
    a space or an opening bracket/dash and is followed by a non-space, and closes otherwise, so
    straight and curly marks can mix. Unbalanced marks never lose the text: a new opener while a quote
    is open restarts it, a line break drops an open quote (or ends it when it opened the paragraph and
    the next paragraph reopens it: a quote running over paragraphs), and a closer with nothing open is ignored.

    >>> pair_quote_marks('He said “no” and "yes."')
    [(9, 11), (18, 22)]
    """
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    n = len(text)
    for mark in _MARKS.finditer(text):
        i, c = mark.start(), mark.group()
        if c == "\n":
            if open_at is not None and not text[text.rfind("\n", 0, open_at) + 1:open_at - 1].strip() \
                    and _first_non_space(text, i) in OPENERS + '"':
                # a quote running over paragraphs: each paragraph reopens it without closing
                end = open_at + len(text[open_at:i].rstrip())  # (only this paragraph is copied)
                if end > open_at:
                    pairs.append((open_at, end))
            open_at = None
        elif c in OPENERS or c == "‘‘":
            open_at = mark.end()
        elif c in CLOSERS or c == "’’":
            if open_at is not None and i > open_at:
                pairs.append((open_at, i))
            open_at = None
        else:  # a straight mark
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < n else " "
            opening = (prev.isspace() or prev in "([{—–-/") and not nxt.isspace()
            if open_at is not None and not opening:
                if i > open_at:
                    pairs.append((open_at, i))
                open_at = None
            elif opening:
                open_at = i + 1
    return pairs


def _first_non_space(text: str, i: int) -> str:
    """The first character of ``text`` from ``i`` on that is not whitespace, or ``""``.

    >>> _first_non_space("a \n  “b", 1), _first_non_space("a  ", 1)
    ('“', '')
    """
    found = _NON_SPACE.search(text, i)
    return found.group() if found else ""


def quote_span(doc: Doc, start: int, end: int) -> Span | None:
    """The token span for characters ``start:end`` (exact if the tokens align, else the tokens
    inside), or ``None`` when no token fits."""
    span = doc.char_span(start, end) or doc.char_span(start, end, alignment_mode="contract")
    return span if span is not None and len(span) else None


def is_clause(span: Span) -> bool:
    """Whether ``span`` contains a full clause: a subject attached to a word inside the span."""
    return any(t.dep_ in CLAUSE_DEPS and span.start <= t.head.i < span.end for t in span)


class QuoteFinder:
    """Finds quotes and reported speech in a doc; see the module docstring."""

    def __init__(self, nlp: Language, name: str, knowledge: Knowledge | None = None):
        self.name = name
        self.knowledge = knowledge or load_knowledge()
        cfg = self.knowledge.raw.get("quotes.toml", {})
        self.verbs = {v.lower() for v in self.knowledge.speech_verbs}
        self.index = ActorIndex(self.knowledge)
        self.source_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.source_matcher.add("SOURCE", [nlp.make_doc(p) for p in cfg.get("source_phrases", {}).get("phrases", [])])
        self.name_cues = [tuple(p.lower().split()) for p in cfg.get("name_cues", {}).get("phrases", [])]
        self.verb_deps = set(cfg.get("governance", {}).get("verb_deps", ["ccomp", "xcomp", "conj", "ROOT"]))
        content = cfg.get("content", {})
        self.content_deps = set(content.get("deps", ["ccomp", "xcomp"]))
        self.min_content = int(content.get("min_words", 3))
        self.content_preps = {w.lower() for w in content.get("preps", [])}
        self.object_verbs = {w.lower() for w in content.get("object_verbs", [])}
        self.relative_pronouns = {w.lower() for w in content.get("relative_pronouns", [])}
        vague = cfg.get("vague_sources", {})
        self.vague_markers = [m.lower() for m in vague.get("markers", [])]
        self.vague_types = set(vague.get("types", ["group"]))
        self.counted_words = {w.lower() for w in vague.get("counted_words", [])}
        self.pronouns: dict[str, set[str]] = {}
        for typ, words in cfg.get("pronouns", {}).items():
            for w in words:
                self.pronouns.setdefault(w.lower(), set()).add(typ)
        self.any_role = {w.lower() for w in cfg.get("descriptions", {}).get("any_role", [])}
        self.title_words = {w.lower().strip(".") for t in self.knowledge.titles for w in t.split()}

    def __call__(self, doc: Doc) -> Doc:
        if doc._.actors is None:
            doc._.actors = {}
        try:
            doc.spans[SPAN_KEY] = find_quotes(doc, self)
        except Exception:  # noqa: BLE001 - bad input must never lose the article
            doc.spans[SPAN_KEY] = []
        return doc

    # ---- words -------------------------------------------------------------------------------
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


# ---- speakers -----------------------------------------------------------------------------------
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


def register_actor(doc: Doc, span: Span, typ: str, mentions: Mentions | None = None) -> str:
    """Add a speaker with no actor mention (``span`` is the name as written) to ``doc._.actors`` and
    ``doc.spans["actors"]`` (and to ``mentions``, the doc's mention index, if given); returns its id."""
    name = span.text.strip()
    aid = slug(name)
    doc._.actors.setdefault(aid, {"name": name, "type": typ, "role": "", "country": ""})
    if mentions is not None:  # indexed now, written to the doc once by the caller (Mentions.write)
        mentions.add(Span(doc, span.start, span.end, label=typ, kb_id=aid))
        return aid
    spans = list(doc.spans.get(ACTOR_KEY, []))
    if not any(s.start == span.start and s.end == span.end for s in spans):
        spans.append(Span(doc, span.start, span.end, label=typ, kb_id=aid))
        doc.spans[ACTOR_KEY] = sorted(spans, key=lambda s: s.start)
    return aid


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


def known_person(doc: Doc, phrase: Span) -> str | None:
    """The person of ``doc._.actors`` whose full name ends with ``phrase`` ("Strack-Zimmermann" for
    "Marie-Agnes Strack-Zimmermann"), if exactly one does."""
    last = phrase.text.lower()
    hits = [aid for aid, rec in (doc._.actors or {}).items() if rec.get("type") == "person"
            and (rec.get("name") or "").lower().endswith(" " + last)]
    return hits[0] if len(hits) == 1 else None


def _mentions_before(mentions: Mentions, i: int, quoted: set[int]) -> list[Span]:
    """Actor mentions ending before token ``i`` and not inside quotation marks, latest first (the
    latest :data:`~components.nlp.stages.actors.MAX_LOOKBACK`)."""
    return mentions.before(i, quoted)


def resolve_pronoun(doc: Doc, tok: Token, finder: QuoteFinder, quoted: set[int], mentions: Mentions) -> str | None:
    """The actor a speaker pronoun stands for: the latest preceding actor of a fitting type, subjects
    preferred (the latest subject mention in the last three sentences, else the latest mention)."""
    types = finder.pronouns.get(tok.lower_, set())
    if not types:
        return None
    actors = doc._.actors
    cands = [s for s in _mentions_before(mentions, tok.i, quoted)
             if (actors.get(s.kb_id_) or {}).get("type") in types
             and not ((actors.get(s.kb_id_) or {}).get("type") == "group" and "person" in types)]
    if "person" not in types:
        # "they" of a group/organisation: plural heads or organisations; countries excluded
        cands = [s for s in cands if s.root.tag_ in ("NNS", "NNPS") or actors[s.kb_id_]["type"] != "group"
                 or s.root.lower_.endswith("s")]
    window = tok.sent.start
    for _ in range(3):
        if window > 0:
            window = doc[window - 1].sent.start
    subj = [s for s in cands if s.start >= window and _is_subject(s)]
    best = subj[0] if subj else (cands[0] if cands else None)
    return best.kb_id_ if best is not None else None


def _is_subject(span: Span) -> bool:
    """Whether a mention is (in apposition to) the subject of its clause."""
    deps = ("nsubj", "nsubjpass")
    return any(t.dep_ in deps or (t.dep_ == "appos" and t.head.dep_ in deps) for t in span)


def resolve_description(doc: Doc, tok: Token, finder: QuoteFinder, quoted: set[int], mentions: Mentions) -> str | None:
    """The person a definite description ("the Russian leader", "the prime minister") refers to: the
    latest preceding person whose role contains the description's title word (or any person for
    words like "leader"), of the country named by a demonym in the description if any."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return None
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "det"]
    head = tok.lower_
    if head not in finder.title_words and head not in finder.any_role:
        return None
    country = None
    for w in words:
        entry = finder.index.demonyms.get(w.lower_) or finder.index.by_alias.get(w.lower_)
        if entry is not None and w.i != tok.i:
            country = entry.country or entry.name
    title = {w.lower_ for w in words} & finder.title_words
    for s in _mentions_before(mentions, tok.i, quoted):
        rec = doc._.actors.get(s.kb_id_) or {}
        if rec.get("type") != "person":
            continue
        entry = finder.knowledge.actor(s.kb_id_)
        role = (rec.get("role") or (entry.role if entry else "") or "").lower()
        rcountry = rec.get("country") or (entry.country if entry else "")
        if country and rcountry and rcountry != country:
            continue
        if head in finder.any_role or (title and all(w in role for w in title)):
            return s.kb_id_
    return None


def speaker_of(doc: Doc, subj: Token, finder: QuoteFinder, quoted: set[int],
               mentions: Mentions) -> tuple[str | None, str]:
    """``(actor id, speaker as written)`` for a subject token; ``mentions`` is the doc's mention index
    (a speaker with no mention is registered into it)."""
    if subj.lower_ in finder.pronouns and subj.pos_ == "PRON":
        return resolve_pronoun(doc, subj, finder, quoted, mentions), subj.text
    phrase = doc[subj.left_edge.i:subj.i + 1]
    aid = mentions.actor_at(subj)
    if aid is None:
        sub = doc[subj.left_edge.i:min(subj.right_edge.i + 1, subj.left_edge.i + 10)]
        aid = mentions.actor_at(sub)
        if aid is not None:
            mention = next((s for s in mentions.overlapping(sub.start, sub.end) if s.kb_id_ == aid
                            and s.start >= sub.start and s.end <= sub.end), None)
            return aid, (mention.text if mention is not None else phrase.text)
    if aid is None:
        aid = resolve_description(doc, subj, finder, quoted, mentions)
    if aid is None and subj.pos_ == "PROPN":
        phrase = name_phrase(subj)
        aid = known_person(doc, phrase)
        if aid is None:
            typ = "person" if subj.ent_type_ == "PERSON" else "organization"
            aid = register_actor(doc, phrase, typ, mentions)
    mention = next(iter(mentions.overlapping(subj.i, subj.i + 1)), None)
    return aid, (mention.text if mention is not None else phrase.text)


def _set(span: Span, doc: Doc, aid: str | None, in_text: str, kind: str, cue: str) -> Span:
    span._.speaker = (doc._.actors.get(aid) or {}).get("name") if aid else None
    span._.speaker_id = aid
    span._.speaker_in_text = in_text
    span._.kind = kind
    span._.cue = cue
    return span


# ---- quotes ---------------------------------------------------------------------------------------
def _clause_bounds(doc: Doc, i: int, direction: int, quoted: set[int], limit: int = 30) -> list[Token]:
    """Tokens from ``i`` going ``direction`` (+1/-1) up to the end of the sentence as punctuated
    (., !, ? or a line break), stopping at quoted text."""
    out = []
    j = i
    while 0 <= j < len(doc) and len(out) < limit:
        t = doc[j]
        if "\n" in t.text and direction < 0 and j > 0 and doc[j - 1].text == ":":
            j -= 1  # "The ministry said:" ending the previous line introduces the quote
            continue
        if j in quoted or "\n" in t.text or (t.text in SENT_END and direction < 0):
            break
        out.append(t)
        if t.text in SENT_END and direction > 0:
            break
        j += direction
    return out


def source_phrase_speaker(doc: Doc, tokens: list[Token], finder: QuoteFinder) -> tuple[Token, str] | None:
    """The object of a source phrase ("according to X") among ``tokens``, with the phrase."""
    if not tokens:
        return None
    lo, hi = min(t.i for t in tokens), max(t.i for t in tokens) + 1
    for match in finder.source_matcher(doc[lo:hi], as_spans=True):
        obj = next((c for c in match[-1].children if c.dep_ in ("pobj", "dobj")), None)
        if obj is None and match.end < hi:
            obj = next((t for t in doc[match.end:hi] if t.pos_ in ("PROPN", "NOUN")), None)
        if obj is not None:
            return obj, match.text
    return None


def governing_verb(span: Span, finder: QuoteFinder) -> Token | None:
    """The speech verb that governs a quoted fragment: walking up from the fragment's root, through
    nouns and prepositions freely and through verbs only by the relations in ``quotes.toml``."""
    t = span.root
    for _ in range(12):
        if t.head is t:
            return None
        if t.pos_ in ("VERB", "AUX") and not (span.start <= t.i < span.end) and t.dep_ not in finder.verb_deps:
            return None
        t = t.head
        if span.start <= t.i < span.end:
            continue
        if finder.is_speech_verb(t):
            return t
    return None


def _named(doc: Doc, span: Span, finder: QuoteFinder) -> bool:
    """Whether a quoted fragment is introduced as a name ("known as “ATACMS”") or is one acronym."""
    words = [t for t in span if not t.is_punct]
    if len(words) == 1 and words[0].is_upper and len(words[0]) > 1:
        return True
    before = [t.lower_ for t in doc[max(0, span.start - 5):span.start] if not t.is_punct and not t.is_quote]
    return any(tuple(before[-len(cue):]) == cue for cue in finder.name_cues if len(before) >= len(cue))


def quote_mark_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens of ``doc`` that are quotation marks (``Token.is_quote``, or “ ” " ’’)."""
    if not len(doc):
        return set()
    arr = doc.to_array([IS_QUOTE, ORTH])
    marks = numpy.fromiter((get_string_id(m) for m in ("“", "”", '"', "’’")), dtype=arr.dtype)
    return set(numpy.flatnonzero((arr[:, 0] != 0) | numpy.isin(arr[:, 1], marks)).tolist())


def find_quotes(doc: Doc, finder: QuoteFinder) -> list[Span]:
    """All quote spans of ``doc`` (see the module docstring)."""
    text = doc_text(token_columns(doc))  # Doc.text joins every token on each access
    mentions = Mentions(doc)
    raw = [quote_span(doc, s, e) for s, e in pair_quote_marks(text)]
    raw = [q for q in raw if q is not None]
    quoted = {i for q in raw for i in range(q.start, q.end)}
    marks = quote_mark_tokens(doc)
    out: list[Span] = []
    prev: Span | None = None
    pending: list[Span] = []  # paragraphs of a quote running over paragraphs, waiting for its speaker
    for q in raw:
        full = is_clause(q)
        aid, in_text, cue = None, "", ""
        if full:
            after = _clause_bounds(doc, q.end + 1, +1, quoted | {q.start - 1})
            before = _clause_bounds(doc, q.start - 2, -1, quoted | marks)
            verb = next((t for t in after if finder.is_speech_verb(t)), None)
            if verb is None:
                verb = next((t for t in before if finder.is_speech_verb(t)), None)
            if verb is not None:
                subj = subject_of(verb, finder.relative_pronouns)
                if subj is None:
                    subj = next((t for t in after if t.pos_ in ("PROPN", "NOUN", "PRON")
                                 and t.dep_ in ("nsubj", "dobj", "attr", "npadvmod", "appos")), None)
                if subj is not None:
                    aid, in_text = speaker_of(doc, subj, finder, quoted, mentions)
                cue = verb.text
            else:
                src = source_phrase_speaker(doc, after + before, finder)
                if src is not None:
                    aid, in_text = speaker_of(doc, src[0], finder, quoted, mentions)
                    cue = src[1]
                elif prev is not None and prev._.speaker_id and _near(text, prev, q):
                    aid, in_text, cue = prev._.speaker_id, prev._.speaker_in_text, prev._.cue
            if verb is None and not cue:
                if _runs_on(text, q):
                    pending.append(q)
                continue
            out.append(_set(q, doc, aid, in_text, "direct", cue))
            out += [_set(p, doc, aid, in_text, "direct", cue) for p in pending if _near(text, p, q)]
            pending = []
            prev = q
            continue
        if _named(doc, q, finder):
            continue
        verb = governing_verb(q, finder)
        if verb is None:
            continue
        subj = subject_of(verb, finder.relative_pronouns)
        if subj is None:
            continue
        aid, in_text = speaker_of(doc, subj, finder, quoted, mentions)
        if aid is None:
            continue
        out.append(_set(q, doc, aid, in_text, "partial", verb.text))
        prev = q
    partial = {i for q in out if q._.kind == "partial" for i in range(q.start, q.end)}
    out += find_indirect(doc, finder, quoted, mentions, partial)
    mentions.write()  # the speakers registered on the way
    return sorted(out, key=lambda s: (s.start, s.end))


def _runs_on(text: str, q: Span) -> bool:
    """Whether quote ``q`` ends its paragraph unclosed and the next paragraph reopens it (``text``:
    the doc's text)."""
    at = _SPACES.match(text, q.end_char).end()
    return text[at:at + 1] == "\n"


def _near(text: str, prev: Span, q: Span) -> bool:
    """Whether ``q`` follows ``prev`` within the same or the next paragraph (``text``: the doc's text)."""
    return q.start_char - prev.end_char < 400 and text[prev.end_char:q.start_char].count("\n") <= 1


def is_reported(verb: Token) -> bool:
    """Whether a speech verb reports a speech act that took place: not under a modal ("would
    announce", "could say") and not an infinitive of purpose ("came to press for …"); infinitives
    complementing a verb stay ("has continued to press for …")."""
    if any(c.tag_ == "MD" for c in verb.children):
        return False
    return not (any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.dep_ in ("advcl", "acl"))


def content_of(verb: Token, finder: QuoteFinder, mentions: Mentions) -> list[Token]:
    """The children of a speech verb that carry what was said: clausal complements, request phrases
    ("asked for …", "called on X to …") and, for verbs whose object is the content, the object
    ("questioned support for Ukraine"; not the addressee of "told reporters", an actor in ``mentions``)."""
    out = []
    for c in verb.children:
        if c.dep_ in finder.content_deps:
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in finder.content_preps and not any(
                w.ent_type_ in ("DATE", "TIME", "ORDINAL") for w in c.subtree):
            out.append(c)
        elif (c.dep_ == "dobj" and verb.lemma_.lower() in finder.object_verbs and c.pos_ == "NOUN"
              and mentions.actor_at(c) is None):
            out.append(c)
    if verb.lemma_.lower() in finder.object_verbs and not out:
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


def find_indirect(doc: Doc, finder: QuoteFinder, quoted: set[int], mentions: Mentions,
                  partial: set[int] = frozenset()) -> list[Span]:
    """Reported speech: one span per sentence and speaker (the largest clause of a speech verb with
    content outside quotes, or a sentence with a source phrase). ``mentions``: the doc's mention index."""
    found: dict[tuple[int, str], tuple[Span, str, str]] = {}

    def add(clause: Span, aid: str | None, in_text: str, cue: str) -> None:
        if aid is None or finder.is_vague(aid, doc, in_text):
            return
        key = (clause.sent.start, aid)
        if key not in found or len(clause) > len(found[key][0]):
            found[key] = (clause, in_text, cue)

    own_excluded = quoted - partial
    for t in _verbs(doc):
        if t.i in quoted or not finder.is_speech_verb(t) or not is_reported(t):
            continue
        content = content_of(t, finder, mentions)
        # words of the reporter's own, or of a partial quote woven into them ("said was “completely
        # baseless”"); a content that is only a full quoted clause is a direct quote's attribution
        words = (1 for c in content for w in c.subtree if w.i not in own_excluded and not w.is_punct)
        if sum(islice(words, finder.min_content)) < finder.min_content:  # (counted only that far)
            continue
        subj = subject_of(t, finder.relative_pronouns)
        if subj is None:
            continue
        aid, in_text = speaker_of(doc, subj, finder, quoted, mentions)
        add(_trim(doc[t.left_edge.i:t.right_edge.i + 1]), aid, in_text, t.text)
    phrases = SpanIndex(range(s, e) for _, s, e in finder.source_matcher(doc))
    for sent in doc.sents:
        if not phrases.within(sent.start, sent.end):
            continue  # no source phrase in the sentence: source_phrase_speaker would find none
        src = source_phrase_speaker(doc, [w for w in sent if w.i not in quoted], finder)
        if src is not None and sum(1 for w in sent if w.i not in quoted and not w.is_punct) >= finder.min_content + 3:
            aid, in_text = speaker_of(doc, src[0], finder, quoted, mentions)
            add(_trim(sent), aid, in_text, src[1])
    return [_set(c, doc, aid, in_text, "indirect", cue) for (_, aid), (c, in_text, cue) in found.items()]


def _verbs(doc: Doc) -> list[Token]:
    """The tokens of ``doc`` tagged VERB or AUX, in order (read with ``Doc.to_array``)."""
    if not len(doc):
        return []
    return [doc[i] for i in numpy.flatnonzero(numpy.isin(doc.to_array(POS), (VERB, AUX))).tolist()]


def _trim(span: Span) -> Span:
    """``span`` without surrounding spaces and line breaks."""
    s, e = span.start, span.end
    while s < e and span.doc[s].is_space:
        s += 1
    while e > s and span.doc[e - 1].is_space:
        e -= 1
    return span.doc[s:e]


@Language.factory("debate_quotes", default_config={"data_dir": None})
def make_quote_finder(nlp: Language, name: str, data_dir: str | None):
    return QuoteFinder(nlp, name, load_knowledge(data_dir))
