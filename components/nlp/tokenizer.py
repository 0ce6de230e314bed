"""The tokenizer of the pipeline, with a bound on the work one run of characters can cost.

spaCy's tokenizer splits a whitespace-free run of characters by stripping prefixes and suffixes one
at a time, searching the remaining run again after each: its cost grows with the square of the run's
length. A run of tens of thousands of characters with no space (``[![[![…`` from a hostile upload)
then holds the analysis for many minutes. :class:`BoundedTokenizer` wraps the model's tokenizer: a run
longer than :data:`MAX_RUN` characters (far longer than any word or web address of prose) is cut into
tokens of at most that many characters, and the text around it goes through the model's tokenizer as
usual. The Doc's text is exactly the text given, so every character offset still indexes the article.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

#: the longest whitespace-free run the model's tokenizer is given (a long URL has a few hundred)
MAX_RUN = 400
#: a run of more than MAX_RUN non-space characters, found from its first character only
_LONG_RUN = re.compile(r"(?<!\S)\S{%d,}" % (MAX_RUN + 1))  # linear: it starts only where a run starts


class BoundedTokenizer:
    """``tokenizer`` (the model's), except that runs longer than ``max_run`` characters are cut into
    tokens of ``max_run`` characters (see the module docstring). Other attributes are the wrapped
    tokenizer's (``add_special_case``, ``vocab``…)."""

    def __init__(self, tokenizer, max_run: int = MAX_RUN):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.max_run = max_run
        self._long = _LONG_RUN if max_run == MAX_RUN else re.compile(r"(?<!\S)\S{%d,}" % (max_run + 1))

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)

    def __call__(self, text: str) -> Doc:
        runs = list(self._long.finditer(text))
        if not runs:
            return self.tokenizer(text)
        vocab = self.vocab
        docs, at = [], 0
        for m in runs:
            if m.start() > at:
                docs.append(self.tokenizer(text[at:m.start()]))
            end = m.end()
            words = [text[i:min(i + self.max_run, end)] for i in range(m.start(), end, self.max_run)]
            spaces = [False] * len(words)
            if text[end:end + 1] == " ":  # the run keeps its one following space, as a word does
                spaces[-1] = True
                end += 1
            docs.append(Doc(vocab, words=words, spaces=spaces))
            at = end
        if at < len(text):
            docs.append(self.tokenizer(text[at:]))
        doc = Doc.from_docs(docs, ensure_whitespace=False)
        assert doc.text == text
        return doc
