"""The ``debate_paragraphs`` component: a line break ends a sentence, and no sentence runs on forever.

News text often comes one paragraph per line with a single newline between paragraphs; the parser
then runs a paragraph's last sentence into the next one ("… made in the U.S.\\nAmerican spy agencies
have warned …"). Placed before the parser, this marks the token after each line break as a sentence
start, which the parser respects.

A stretch of more than :data:`MAX_SENTENCE` tokens with no line break (a pasted text without
paragraphs, or hostile input: a megabyte of "Biden and Putin and …") is cut as well, after its last
full stop, question or exclamation mark within the limit (before a word that does not start in lower
case), else at the limit. The later stages look at a sentence's tokens, its parse subtrees and its
mentions; with sentences of bounded length their work stays linear in the article's length. Real
paragraphs are cut only where the parser would end a sentence anyway.
"""
from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

#: the most tokens between two sentence starts this stage leaves
MAX_SENTENCE = 200
_FINAL = ("." , "!", "?")


@Language.component("debate_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after a whitespace token that holds a newline (a
    token's own trailing whitespace is one space at most, so line breaks are always such tokens), and
    cut stretches longer than :data:`MAX_SENTENCE` tokens. Only arrays and the candidate tokens are
    looked at (``Doc.to_array``), not every token."""
    if len(doc) < 2:
        return doc
    arr = doc.to_array([IS_SPACE, ORTH])
    space = arr[:, 0].astype(bool)
    starts = [0]
    for i in numpy.flatnonzero(space[:-1] & ~space[1:]).tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
            starts.append(i + 1)
    if len(doc) <= MAX_SENTENCE or all(b - a <= MAX_SENTENCE for a, b in zip(starts, starts[1:] + [len(doc)])):
        return doc
    finals = numpy.isin(arr[:, 1], numpy.array([get_string_id(p) for p in _FINAL], dtype=arr.dtype))
    after_final = (numpy.flatnonzero(finals[:-1]) + 1).tolist()  # tokens that follow a final mark
    for a, b in zip(starts, starts[1:] + [len(doc)]):
        pos = a
        while b - pos > MAX_SENTENCE:
            k = bisect_right(after_final, pos + MAX_SENTENCE) - 1
            cut = pos + MAX_SENTENCE
            while k >= 0 and after_final[k] > pos:
                t = after_final[k]
                if not doc[t].text[:1].islower():
                    cut = t
                    break
                k -= 1
            doc[cut].is_sent_start = True
            pos = cut
    return doc
