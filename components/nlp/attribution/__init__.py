"""Who says or holds what: one resolver for the speakers of quotes and the holders of stances.

The quotes stage and the stance stage both ask "who is this?" of a subject, a pronoun, a description
or the object of "according to". This module answers once, for both:

- :func:`quote_regions` ``(text, gaps) -> [(start, end)]``: the one pairing of quotation marks (``"…"``,
  ``“…”``, ``“…’’``, ``‘‘…’’``, ``«…»``, and single ``'…'``/``‘…’`` where the marks balance), by
  paragraph: a double quote left open runs to the end of its paragraph; what is not the story (the
  metadata header, asides: :class:`~components.nlp.stages.paragraphs.StoryGaps`) is never quoted text.
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
  (``speech_verbs.toml``, by category) in active, reported use, or source phrase ("according to X"), with its
  speakers, the content it reports (token spans: clausal complements, request phrases, objects of
  verbs whose object is what was said) and a ``kind``: ``speech``, ``source`` (a source phrase) or
  ``vague`` (an unnamed collective source such as "officials said", kept apart as the gold does).

:class:`Attribution` holds what these need from the knowledge files (built once per pipeline);
the ``debate_quotes`` stage computes each Doc's events and resolver once and leaves them in
``doc._.speech_events`` / ``doc._.resolver`` for later stages (stance), which get them through
:meth:`Attribution.speech_events` and :meth:`Attribution.resolver`.

The modules: :mod:`.marks` (quotation marks), :mod:`.records` (``Holder``, ``SpeechEvent``),
:mod:`.knowledge` (``Attribution``), :mod:`.resolver` with :mod:`.descriptions` (``Resolver``),
:mod:`.syntax` (subjects and phrases), :mod:`.events` (speech events and what they report).

Every step is linear in the text: mentions, quotation marks and sentences are indexed once per Doc
(``Doc.to_array``, bisect), never scanned per token.
"""
from __future__ import annotations

from spacy.tokens import Doc

for _ext in ("speech_events", "resolver"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

from .events import (_deep_clause, _verbs, content_of, find_speech_events, is_negated_speech,  # noqa: E402
                     is_reported, source_phrase_object, speech_verb_table)
from .knowledge import Attribution  # noqa: E402
from .marks import quote_regions, quoted_tokens  # noqa: E402
from .records import PHRASE_DEPS, SUBJECT_DEPS, Holder, SpeechEvent  # noqa: E402
from .resolver import Resolver  # noqa: E402
from .syntax import name_phrase, outer_noun, subject_of  # noqa: E402

__all__ = ["PHRASE_DEPS", "SUBJECT_DEPS", "Attribution", "Holder", "Resolver", "SpeechEvent", "content_of",
           "find_speech_events", "is_negated_speech", "is_reported", "name_phrase", "outer_noun", "quote_regions",
           "quoted_tokens", "source_phrase_object", "speech_verb_table", "subject_of", "_deep_clause", "_verbs"]
