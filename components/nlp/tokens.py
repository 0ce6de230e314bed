"""Per-doc token columns: the token attributes that hot loops test, read once with ``Doc.to_array``.

Iterating a ``Doc`` or indexing ``doc[i]`` creates a new ``Token`` object every time; a stage that
tests every token of a doc, several times over, spends more on those objects than on its own logic.
:func:`token_columns` reads the attributes once into plain lists indexed like the doc. Build them per
doc, inside a component's call (never cache them on the doc: they would travel with it).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import IS_TITLE, LOWER, ORTH, POS, SENT_START, SPACY
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token


@dataclass(frozen=True)
class TokenColumns:
    """Token attributes of one doc as lists: ``text[i]`` is ``doc[i].text`` and so on."""

    text: list[str]
    lower: list[str]
    pos: list[str]          # coarse part of speech, "" when the doc has none
    is_title: list[bool]
    space_after: list[bool]  # ``bool(doc[i].whitespace_)``

    def __len__(self) -> int:
        return len(self.text)


def token_columns(doc: Doc) -> TokenColumns:
    """The :class:`TokenColumns` of ``doc``.

    >>> import spacy
    >>> cols = token_columns(spacy.blank("en")("Kyiv said no"))
    >>> cols.text, cols.lower, cols.is_title, cols.space_after
    (['Kyiv', 'said', 'no'], ['kyiv', 'said', 'no'], [True, False, False], [True, True, False])
    """
    if not len(doc):
        return TokenColumns([], [], [], [], [])
    strings = doc.vocab.strings
    arr = doc.to_array([ORTH, LOWER, POS, IS_TITLE, SPACY])
    pos_ids = arr[:, 2].tolist()
    pos_names = {p: strings[p] if p else "" for p in set(pos_ids)}
    return TokenColumns(
        text=[strings[h] for h in arr[:, 0].tolist()],
        lower=[strings[h] for h in arr[:, 1].tolist()],
        pos=[pos_names[p] for p in pos_ids],
        is_title=arr[:, 3].astype(bool).tolist(),
        space_after=arr[:, 4].astype(bool).tolist(),
    )


def doc_text(cols: TokenColumns) -> str:
    """``Doc.text`` from the columns, without creating a ``Token`` per token (a token's trailing
    whitespace is one space or nothing; longer runs of space are tokens of their own)."""
    return "".join([w + " " if sp else w for w, sp in zip(cols.text, cols.space_after)])


def has_word(doc: Doc, lower: str) -> bool:
    """Whether a token of ``doc`` reads ``lower`` case-insensitively (``lower`` in lower case)."""
    return bool(len(doc)) and bool((doc.to_array(LOWER) == get_string_id(lower)).any())


def sentence_starts(doc: Doc) -> list[int]:
    """The token index where each sentence of ``doc`` starts (the sentences ``doc.sents`` yields),
    read from one array instead of a Token object per word."""
    if not len(doc) or not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [0] if len(doc) else []
    flags = doc.to_array(SENT_START)
    return [0, *(numpy.flatnonzero(flags[1:] == 1) + 1).tolist()]


def object_of_as(tok: Token) -> bool:
    """Whether ``tok`` is the object of a verb's "as" ("using energy as a weapon", "used as a
    “weapon”"; not "such as weapons"): a figure of speech when ``tok`` names what something else is
    used as."""
    as_ = tok.head
    return tok.dep_ == "pobj" and as_.lower_ == "as" and as_.head.pos_ == "VERB" and as_.i > 0 \
        and tok.doc[as_.i - 1].lower_ != "such"
