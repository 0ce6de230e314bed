"""What attribution needs from the knowledge files (:class:`Attribution`), built once per pipeline."""
from __future__ import annotations


from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from ...knowledge import Knowledge
from ..mentions import Mentions
from ..names import ActorIndex
from .events import find_speech_events, speech_verb_table
from .records import SpeechEvent
from .resolver import Resolver


# ---------------------------------------------------------------------------------------------
# what attribution needs from the knowledge files

class Attribution:
    """The attribution knowledge of one pipeline: speech verbs, source phrases, the pronoun table,
    descriptions and vague-source markers (``quotes.toml``, ``speech_verbs.toml``), the actor index.
    Build once (per pipeline); call :meth:`resolver` and :meth:`speech_events` per Doc."""

    def __init__(self, knowledge: Knowledge, nlp: Language):
        self.knowledge = knowledge
        vocab = nlp.vocab
        cfg = knowledge.quotes.as_dict()
        self.content_kinds, self.light_verbs, self.light_nouns, self.claim_nouns, self.negating = speech_verb_table(
            knowledge.speech)
        self.verbs = frozenset(self.content_kinds) | self.light_verbs
        self.index = ActorIndex(knowledge)
        self.source_matcher = PhraseMatcher(vocab, attr="LOWER")
        self.source_matcher.add("SOURCE", [nlp.make_doc(p) for p in cfg.get("source_phrases", {}).get("phrases", [])])
        content = cfg.get("content", {})
        self.min_content = int(content.get("min_words", 2))
        contributors = cfg.get("contributors", {})
        self.contributor_verbs = frozenset(w.lower() for w in contributors.get("verbs", []))
        self.contributor_preps = frozenset(w.lower() for w in contributors.get("preps", []))
        self.speech_nouns = frozenset(w.lower() for w in cfg.get("speech_nouns", {}).get("nouns", []))
        documents = cfg.get("documents", {})
        self.document_nouns = frozenset(w.lower() for w in documents.get("nouns", []))
        self.document_verbs = frozenset(w.lower() for w in documents.get("verbs", []))
        self.issue_verbs = frozenset(w.lower() for w in documents.get("issue_verbs", []))
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
        genders = cfg.get("genders", {})
        #: pronoun → "female" / "male"; title or role word → the gender it tells
        self.pronoun_gender = {w.lower(): g for g in ("female", "male") for w in genders.get(g, [])}
        self.gender_words = {w.lower(): g for g in ("female", "male") for w in genders.get(f"{g}_words", [])}
        ante = cfg.get("antecedents", {})
        self.window = int(ante.get("sentences", 3))
        self.causatives = frozenset(w.lower() for w in ante.get("causatives", []))
        descriptions = cfg.get("descriptions", {})
        self.any_role = frozenset(w.lower() for w in descriptions.get("any_role", []))
        self.partitives = frozenset(w.lower() for w in descriptions.get("partitives", []))
        self.heads_of = frozenset(w.lower() for w in descriptions.get("heads_of", []))
        self.abbreviations = {k.lower().strip("."): v.lower() for k, v in descriptions.get("abbreviations", {}).items()}
        #: the head words of a country's institutions ("ministry", "force"), from groups.toml
        self.institution_names = frozenset(n.lower() for n in knowledge.groups.institutions.names)
        #: the last words of the outlets' names ("post", "dpa"): a phrase headed by one may name an outlet
        self.outlet_words = frozenset(n.split()[-1] for n in knowledge.outlets_by_name if n.split())
        #: words for a country's government ("Ukraine's government" is Ukraine: groups.toml kinds of type country)
        self.government_heads = frozenset(h.lower() for k in knowledge.groups.kind if k.type == "country" for h in k.heads)
        self.institution_heads = frozenset(n.split()[-1] for n in self.institution_names)
        self.title_words = frozenset(w.lower().strip(".") for t in knowledge.titles for w in t.split())

    def expand_abbreviations(self, role: str) -> str:
        """``role`` (lower case) with the words its abbreviated titles stand for added ("sen." →
        "sen. senator"), so a description's words can be found in it."""
        if not self.abbreviations:
            return role
        extra = [self.abbreviations[w] for w in role.replace(".", " ").split() if w in self.abbreviations]
        return f"{role} {' '.join(extra)}" if extra else role

    def gender_of(self, actor_id: str, record: dict) -> str:
        """A person's gender: the catalogue's, else the one a word of their role or title tells
        ("Ms", "spokeswoman"), else ``""`` (unknown)."""
        entry = self.knowledge.actor(actor_id)
        if entry is not None and entry.gender:
            return entry.gender
        told = {self.gender_words.get(w) for w in (record.get("role") or "").lower().replace(".", " ").split()}
        told.discard(None)
        return told.pop() if len(told) == 1 else ""

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
    def kinds(self, t: Token) -> frozenset:
        """The content kinds of a speech verb (``speech_verbs.toml``); a light verb ("voiced") has
        ``object`` when its object is a speech noun ("skepticism"), nothing otherwise."""
        lemma = t.lemma_.lower()
        kinds = self.content_kinds.get(lemma) or self.content_kinds.get(t.lower_) or frozenset()
        if not kinds and lemma in self.document_verbs and any(
                c.dep_ == "nsubj" and c.lower_ in self.document_nouns for c in t.children):
            kinds = frozenset({"clause"})  # "the statement continued: …"
        if lemma in self.light_verbs and any(c.dep_ == "dobj" and c.lower_ in self.light_nouns for c in t.children):
            kinds = kinds | {"light"}
        return kinds

    def is_speech_verb(self, t: Token) -> bool:
        """A speech verb in active use ("said", "has warned"; not "when asked")."""
        if t.pos_ not in ("VERB", "AUX") or not self.kinds(t):
            return False
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children) or (t.tag_ == "VBN" and t.dep_ == "acl"):
            return any(c.dep_ == "agent" for c in t.children)  # "was described by Putin as …", "Riabkow, quoted by …"
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
