"""The ``debate_quotes`` component: who said what, as ``doc.spans["quotes"]``.

Each span is one quotation or one reported statement, with Span extensions ``speaker`` (canonical
actor name), ``speaker_id`` (an id of ``doc._.actors``), ``speaker_in_text`` (the speaker as written,
possibly a pronoun or a description), ``kind`` (``direct`` | ``partial`` | ``indirect``) and ``cue``
(the reporting verb or phrase). Who a speaker is comes from :mod:`components.nlp.attribution` (one
resolver for quotes and stance); this stage decides what is a quotation and which speech event it
belongs to, and leaves the Doc's speech events and resolver for later stages.

- Quotation marks are paired by :func:`~components.nlp.attribution.quote_regions` (by paragraph;
  an unclosed quote runs to the end of its paragraph; single marks where they balance). A direct
  or partial quote spans the text between the marks.
- A quoted span containing a full clause is **direct**; a fragment is **partial** only when a speech
  verb governs it through the parse (:func:`governing_verb`) and has a speaker. Fragments with no
  governing speaker, or introduced as names ("known as", ``quotes.toml``), are titles or scare quotes
  and are left out.
- Direct quotes take the nearest speech verb outside quotes in the same sentence (before or after the
  marks: "X said, “…”", "“…,” said X", "He added: “…”"), else a source phrase ("according to X").
  A quote that runs on into the next paragraph takes the speaker of the quote that follows it; a
  quote with no attribution of its own inherits the latest attribution of its paragraph or the one
  before: the previous quote's speaker, or the speaker of reported speech ("X said that … . “…”").
- Indirect quotes: speech events (:func:`~components.nlp.attribution.speech_events`) with at least
  ``min_words`` of content outside quotations, or source phrases; the span is the verb's clause (the
  sentence for a source phrase), one per sentence and speaker. Vague collective sources ("U.S.
  officials said") and negated speech ("did not say") are not emitted as indirect quotes.
"""
from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import IS_QUOTE, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..mentions import Mentions
from .paragraphs import paragraph_spans
from ..attribution import Attribution, Holder, Resolver, SpeechEvent, _deep_clause, source_phrase_object
from ...knowledge import Knowledge
from .. import knowledge_config

SPAN_KEY = "quotes"
EXTENSIONS = ("speaker", "speaker_id", "speaker_in_text", "kind", "cue")
if not Doc.has_extension("quote_records"):
    Doc.set_extension("quote_records", default=None)


def _record_getter(name: str):
    def get(span: Span):
        records = span.doc._.quote_records or {}
        return records.get((span.start, span.end, span.label_, span.kb_id_), {}).get(name)
    return get


# Read from the Doc's records, keyed by the span's offsets, kind (label) and speaker (kb_id): spaCy keys
# a Span's own extension values by its offsets only, and one clause can be reported for two speakers.
for _name in EXTENSIONS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_record_getter(_name))

CLAUSE_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
SENT_END = {".", "!", "?"}


def quote_span(doc: Doc, start: int, end: int) -> Span | None:
    """The token span for characters ``start:end`` (exact if the tokens align, else the tokens
    inside), or ``None`` when no token fits."""
    span = doc.char_span(start, end) or doc.char_span(start, end, alignment_mode="contract")
    return span if span is not None and len(span) else None


def is_sentence(span: Span) -> bool:
    """Whether ``span`` is a whole sentence without a subject (an imperative, "So stop it."):
    capitalised, ending in a full stop, exclamation or question mark, headed by a verb."""
    words = [t for t in span if not t.is_punct and not t.is_space]
    return bool(words) and words[0].is_title and span[-1].text in SENT_END and any(
        t.pos_ == "VERB" and t.tag_ == "VB" and t.dep_ == "ROOT" for t in words)


def is_clause(span: Span) -> bool:
    """Whether ``span`` contains a full clause: a subject attached to a word inside the span."""
    return any(t.dep_ in CLAUSE_DEPS and span.start <= t.head.i < span.end for t in span)


class QuoteFinder:
    """Finds quotes and reported speech in a doc; see the module docstring."""

    def __init__(self, nlp: Language, name: str, knowledge: Knowledge):
        self.name = name
        self.knowledge = knowledge
        cfg = self.knowledge.quotes.as_dict()
        self.attribution = Attribution(self.knowledge, nlp)
        self.name_cues = [tuple(p.lower().split()) for p in cfg.get("name_cues", {}).get("phrases", [])]
        self.verb_deps = set(cfg.get("governance", {}).get("verb_deps", ["ccomp", "xcomp", "conj", "ROOT"]))

    def __call__(self, doc: Doc) -> Doc:
        if doc._.actors is None:
            doc._.actors = {}
        doc._.speech_events = None
        doc._.resolver = None
        doc._.quote_records = {}
        try:
            doc.spans[SPAN_KEY] = find_quotes(doc, self)  # (an error goes to the pipeline's error handler)
        finally:
            if doc._.resolver is not None:
                doc._.resolver.flush()  # the speakers registered on the way
        return doc


def _set(span: Span, doc: Doc, holder: Holder | None, kind: str, cue: str) -> Span:
    """A quote span over ``span``'s tokens, labelled with its kind, ``kb_id`` its speaker's actor id,
    with its speaker, kind and cue recorded in ``doc._.quote_records``."""
    aid = holder.actor_id if holder is not None else None
    span = Span(doc, span.start, span.end, label=kind, kb_id=aid or "")
    if doc._.quote_records is None:
        doc._.quote_records = {}
    doc._.quote_records[(span.start, span.end, span.label_, span.kb_id_)] = {
        "speaker": (doc._.actors.get(aid) or {}).get("name") if aid else None,
        "speaker_id": aid,
        "speaker_in_text": holder.text if holder is not None else "",
        "kind": kind,
        "cue": cue,
    }
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


def governing_verb(span: Span, finder: QuoteFinder) -> Token | None:
    """The speech verb, or the noun of speech with a possessor or agent ("her declaration that …"),
    that governs a quotation: walking up from its root, through nouns and prepositions freely and
    through verbs only by the relations in ``quotes.toml``."""
    att = finder.attribution
    t = span.root
    for c in t.children:  # a parenthetical speech verb on the quotation ("Washington is “using …”, he said")
        if c.dep_ == "parataxis" and not (span.start <= c.i < span.end) and att.is_speech_verb(c):
            return c
    crossed = 0  # clauses left on the way: two at most ("wrote … to show … “real …”"); infinitive chains are free
    for _ in range(12):
        if t.head.i == t.i:
            return None
        if t.pos_ in ("VERB", "AUX") and not (span.start <= t.i < span.end):
            if t.dep_ not in finder.verb_deps or crossed >= 2:
                return None
            crossed += t.dep_ != "xcomp"
        adjunct = t.dep_ == "prep" and t.lower_ not in att.kinds(t.head)
        if t.dep_ in ("attr", "acomp") and t.head.lemma_ == "be" and not (
                t.head.dep_ == "ccomp" and att.is_speech_verb(t.head.head)):  # "her answer was “never”"
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in att.speech_nouns and _noun_speaker(subj) is not None:
                return subj
        t = t.head
        if span.start <= t.i < span.end:
            continue
        if att.is_speech_verb(t):
            if adjunct:  # through an adjunct ("requested a meeting … with the uncertainty of what …"):
                deep = _deep_clause(t)  # only a that-clause the parser hung there ("said at a briefing that …")
                if deep is None or not deep.left_edge.i <= span.start <= deep.right_edge.i:
                    return None
            return t
        if t.pos_ == "NOUN" and t.lower_ in att.speech_nouns and _noun_speaker(t) is not None:
            return t
    return None


def _noun_speaker(noun: Token) -> Token | None:
    """Who a noun of speech belongs to: its possessor ("her declaration") or its "by"/"from" agent
    ("a statement from the ministry")."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _speakers_of(res: Resolver, governor: Token) -> list[Holder]:
    """The speakers of a governing speech verb or noun of speech."""
    if governor.pos_ == "NOUN":
        owner = _noun_speaker(governor)
        h = res.resolve(owner, register=True) if owner is not None else None
        return [Holder(h.actor_id, h.text, "possessive", h.start, h.end)] if h is not None else []
    return res.speakers(governor, register=True)


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
    att = finder.attribution
    mentions = Mentions(doc)
    res = att.resolver(doc, mentions)
    text = res.text
    paragraphs = [s for s, _ in paragraph_spans(text)]
    raw = [quote_span(doc, s, e) for s, e in res.regions]
    raw = [q for q in raw if q is not None]
    quoted = {i for q in raw for i in range(q.start, q.end)}
    marks = quote_mark_tokens(doc)
    events = att.speech_events(doc)
    sources = [e for e in events if e.verb is None and e.speakers]
    out: list[Span] = []
    said: list[tuple[int, Holder, str]] = []  # (char offset, speaker, cue) of each attribution so far
    for e in events:
        if e.speakers and not e.negated and e.verb is not None:
            said.append((e.cue.start_char, e.speakers[0], e.cue.text))
    said.sort(key=lambda x: x[0])
    said_at = [x[0] for x in said]
    source_at: dict[int, SpeechEvent] = {}  # source phrases by the token they start at
    source_in_sentence: dict[int, SpeechEvent] = {}  # the first source phrase of each sentence
    for e in sources:
        source_at.setdefault(e.cue.start, e)
        source_in_sentence.setdefault(e.cue.sent.start, e)
    pending: list[Span] = []  # paragraphs of a quote running over paragraphs, waiting for its speaker
    last: tuple[int, Holder, str] | None = None  # the latest quote's attribution

    def paragraph(char: int) -> int:
        return bisect_right(paragraphs, char) - 1

    def inherited(q: Span) -> tuple[Holder, str] | None:
        """The latest attribution before ``q`` in its paragraph or the one before: a quote's speaker
        or a speech event's ("X said that … . “…”")."""
        k = bisect_right(said_at, q.start_char)
        best = said[k - 1] if k else None
        if last is not None and (best is None or last[0] > best[0]):
            best = last
        if best is None or paragraph(q.start_char) - paragraph(best[0]) > 1:
            return None
        return best[1], best[2]

    for q in raw:
        holder, cue = None, ""
        if is_clause(q) or is_sentence(q):
            after = _clause_bounds(doc, q.end + 1, +1, quoted | {q.start - 1})
            before = _clause_bounds(doc, q.start - 2, -1, quoted | marks)
            verb = governing_verb(q, finder)  # "Baerbock said Iran must be isolated “because …,” dpa reported"
            if verb is not None and not (verb in after or verb in before or q.sent.start <= verb.i < q.sent.end):
                verb = None
            if verb is None:
                verb = next((t for t in after if att.is_speech_verb(t)), None)
            if verb is None:
                verb = next((t for t in before if att.is_speech_verb(t)), None)
            if verb is not None:
                speakers = _speakers_of(res, verb)
                holder = speakers[0] if speakers else None
                cue = verb.text
            else:
                src = next((source_at[t.i] for t in after + before if t.i in source_at), None)
                if src is not None:
                    holder, cue = src.speakers[0], src.cue.text
                elif _runs_on(text, q):
                    pending.append(q)
                    continue
                else:
                    got = inherited(q)
                    if got is not None:
                        holder, cue = got
            if not cue:
                continue
            out.append(_set(q, doc, holder, "direct", cue))
            out += [_set(p, doc, holder, "direct", cue) for p in pending if paragraph(q.start_char) - paragraph(p.start_char) <= 1]
            pending = []
            if holder is not None:
                last = (q.start_char, holder, cue)
            continue
        if _named(doc, q, finder):
            continue
        verb = governing_verb(q, finder)
        if verb is not None:
            speakers, cue = _speakers_of(res, verb), verb.text
        else:  # a fragment in a sentence that names its source ("…, according to the official, … “regain the initiative.”")
            src = source_in_sentence.get(q.sent.start)
            speakers, cue = (list(src.speakers), src.cue.text) if src is not None else ([], "")
        if not speakers:
            continue
        out.append(_set(q, doc, speakers[0], "partial", cue))
        last = (q.start_char, speakers[0], cue)
    for p in pending:  # a quote running on with no attribution after it: the one before it
        got = inherited(p)
        if got is not None:
            out.append(_set(p, doc, got[0], "direct", got[1]))
    partial = numpy.zeros(len(doc), dtype=bool)
    for q in out:
        if q._.kind == "partial":
            partial[q.start:q.end] = True
    out += find_indirect(doc, finder, events, res, res.quoted & ~partial)
    return sorted(out, key=lambda s: (s.start, s.end))


def _runs_on(text: str, q: Span) -> bool:
    """Whether quote ``q`` ends its paragraph unclosed and the next paragraph reopens it (``text``:
    the doc's text)."""
    rest = text[q.end_char:]
    stripped = rest.lstrip(" \t\u00a0")
    if not stripped.startswith("\n"):
        return False
    return stripped.lstrip()[:1] in "“„«\"‘"


def find_indirect(doc: Doc, finder: QuoteFinder, events: list[SpeechEvent], res: Resolver,
                  excluded: numpy.ndarray) -> list[Span]:
    """Reported speech: one span per sentence and speaker (the largest clause of a speech verb with
    content outside quotes, or a sentence with a source phrase). ``excluded`` marks the tokens of
    quotations that are not woven into the reporter's words (every quote but partial ones)."""
    att = finder.attribution
    found: dict[tuple[int, str], tuple[Span, Holder, str]] = {}
    for e in events:
        if e.kind == "vague" or e.negated:
            continue
        if e.verb is not None:
            if e.content_words(excluded) < att.min_content and not _reports_that(e, excluded):
                continue
            lo = min([e.verb.left_edge.i] + [c.start for c in e.content])
            hi = max([e.verb.right_edge.i + 1] + [c.end for c in e.content])
            clause = _trim(doc[lo:hi])
            speakers = e.speakers or res.speakers(e.verb, register=True)
        else:
            sent = e.cue.sent
            if sum(1 for w in sent if not excluded[w.i] and not w.is_punct) < att.min_content + 3:
                continue
            clause = _trim(sent)
            obj = source_phrase_object(doc, e.cue, sent.end)
            speakers = e.speakers or ([h] if obj is not None and (h := res.resolve(obj, register=True)) else [])
        for h in speakers:
            if att.is_vague(h.actor_id, doc, h.text):
                continue
            key = (clause.sent.start, h.actor_id)
            if key not in found or len(clause) > len(found[key][0]):
                found[key] = (clause, h, e.cue.text)
    return [_set(c, doc, h, "indirect", cue) for c, h, cue in found.values()]


def _reports_that(event: SpeechEvent, quoted: numpy.ndarray) -> bool:
    """Whether a speech event reports a that-clause made of a quotation ("stated that “…”"): the
    syntax of reported speech, with the words quoted."""
    for c in event.content:
        words = [t for t in c if not t.is_punct and not t.is_space]
        if words and words[0].lower_ == "that" and not quoted[words[0].i] and len(words) > 2:
            return True
    return False


def _trim(span: Span) -> Span:
    """``span`` without surrounding spaces and line breaks."""
    s, e = span.start, span.end
    while s < e and span.doc[s].is_space:
        s += 1
    while e > s and span.doc[e - 1].is_space:
        e -= 1
    return span.doc[s:e]


@Language.factory("debate_quotes", default_config={"knowledge": knowledge_config.DEFAULT},
                  requires=["doc.spans", "doc._.actors", "token.dep", "token.tag", "token.lemma", "doc.sents"],
                  assigns=["doc.spans", "doc._.quote_records", "doc._.speech_events", "doc._.resolver",
                           *(f"span._.{name}" for name in EXTENSIONS)])
def make_quote_finder(nlp: Language, name: str, knowledge: Knowledge):
    return QuoteFinder(nlp, name, knowledge)
