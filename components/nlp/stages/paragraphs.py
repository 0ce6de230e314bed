"""The ``debate_paragraphs`` component: a line break ends a sentence.

News text often comes one paragraph per line with a single newline between paragraphs; the parser
then runs a paragraph's last sentence into the next one ("… made in the U.S.\\nAmerican spy agencies
have warned …"). Placed before the parser, this marks the token after each line break as a sentence
start, which the parser respects.
"""
from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("debate_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after a whitespace token that holds a newline (a
    token's own trailing whitespace is one space at most, so line breaks are always such tokens).
    Only the whitespace tokens are looked at (``Doc.to_array``), not every token."""
    if len(doc) < 2:
        return doc
    space = doc.to_array(IS_SPACE).astype(bool)
    for i in numpy.flatnonzero(space[:-1] & ~space[1:]).tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc
