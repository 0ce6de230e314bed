"""The ``debate_paragraphs`` component: a line break ends a sentence.

News text often comes one paragraph per line with a single newline between paragraphs; the parser
then runs a paragraph's last sentence into the next one ("… made in the U.S.\\nAmerican spy agencies
have warned …"). Placed before the parser, this marks the token after each line break as a sentence
start, which the parser respects.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("debate_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after a whitespace token that holds a newline, or
    after a token followed by a newline."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if ("\n" in prev.text and prev.is_space) or "\n" in prev.whitespace_:
            if not doc[i].is_space:
                doc[i].is_sent_start = True
    return doc
