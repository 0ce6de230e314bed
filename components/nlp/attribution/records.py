"""The records attribution gives: who holds a piece of text (:class:`Holder`) and one act of saying
(:class:`SpeechEvent`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.tokens import Span, Token



SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
#: dependencies that tie a name to the noun phrase it is part of ("Starmer and Biden", "spokesman Kirby")
PHRASE_DEPS = {"compound", "appos", "conj", "nmod"}


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
