"""The ``debate_paragraphs`` component, and the layout of an article's text: paragraphs and header.

News text comes one paragraph per line (single or blank-line separated) or hard-wrapped into blocks
separated by blank lines. :func:`paragraph_spans` finds the paragraphs either way;
:func:`header_end` finds where a leading block of metadata lines (``# source: …``, ``# outlet: …``,
YAML front matter) ends, so that no stage reads metadata as the story.

The component, placed before the parser, marks the token after each line break as a sentence start,
which the parser respects: otherwise a paragraph's last sentence runs into the next one ("… made in
the U.S.\\nAmerican spy agencies have warned …").

It also records what of the text is not the story (:class:`StoryGaps`, ``doc._.outside_story``):
the leading metadata header and every *aside*, a line of page furniture that starts with one of the
prefixes of ``layout.toml`` ("Photo: EPA-EFE", "CLICK HERE TO GET THE … APP"). No later stage reads
a gap: its words are not speech, its names are not actors of the article, its weapons are not
mentioned by it.

It also cuts a stretch of more than :data:`MAX_SENTENCE` tokens with no line break (a pasted text
without paragraphs, or hostile input: a megabyte of "Biden and Putin and …"), after its last full
stop, question or exclamation mark within the limit (before a word that does not start in lower
case), else at the limit. The later stages look at a sentence's tokens, its parse subtrees and its
mentions; with sentences of bounded length their work stays linear in the article's length. Real
paragraphs are cut only where the parser would end a sentence anyway.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ...knowledge import Knowledge
from .. import knowledge_config

#: the most tokens between two sentence starts the component leaves
MAX_SENTENCE = 200
_FINAL = (".", "!", "?")

#: a metadata line: "# key: value" (a comment-style header) or "key: value" inside front matter
_META_LINE = re.compile(r"[ \t]*#+[ \t]*[a-z][a-z_-]{0,20}:[ \t]*\S")
_FRONT_KEY = re.compile(r"[ \t]*[A-Za-z][\w -]{0,30}:")
_LINE = re.compile(r"[^\n]*\n?")  # linear: it always matches, so no position is tried twice
# linear: it starts at a line break and its run stops at the next one, so runs tried do not overlap
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")


def header_end(text: str) -> int:
    """The character offset where the story starts after a leading block of metadata lines: lines
    of the form ``# key: value`` (any number, blank lines between them allowed), or YAML front matter
    (``---`` … ``---`` holding ``key: value`` lines). 0 when the text starts with the story.

    >>> header_end("# source: x\\n# outlet: y  date: 2024\\n\\nCNN —\\n")
    37
    >>> header_end("# Zelensky: more air defence\\nText."), header_end("---\\ntitle: A\\n---\\nText.")
    (0, 17)
    """
    if text.startswith("---"):
        m = re.match(r"---[ \t]*\n((?:[^\n]*\n){0,60}?)---[ \t]*(?:\n|$)", text)
        if m and all(_FRONT_KEY.match(line) or not line.strip() or line.startswith((" ", "\t", "-"))
                     for line in m.group(1).splitlines()):
            return m.end()
    end = 0
    for line in _LINE.finditer(text):
        body = line.group()
        if not body:
            break
        if _META_LINE.match(body):
            end = line.end()
        elif body.strip() and end:
            break
        elif body.strip():
            return 0
    if end:  # the blank lines after the header belong to it
        while end < len(text) and text[end] in " \t\u00a0\n":
            end += 1
    return end


def doc_header_end(doc: Doc) -> int:
    """:func:`header_end` of a Doc's text, read from its first tokens only (headers are short)."""
    if not len(doc) or doc[0].text not in ("#", "---", "-") and not doc[0].text.startswith(("#", "---")):
        return 0
    return header_end(doc[:min(len(doc), 600)].text)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph of ``text``, without surrounding whitespace.

    A paragraph is a line, unless the text is hard-wrapped (most of its lines run on into the next
    without ending a sentence): then it is a block of lines between blank lines.

    >>> t = "One.\\n\\nTwo “a\\nb.”\\nThree."
    >>> [t[s:e] for s, e in paragraph_spans(t)]
    ['One.', 'Two “a', 'b.”', 'Three.']
    """
    lines = [(m.start(), m.start() + len(m.group().rstrip("\n"))) for m in _LINE.finditer(text) if m.group()]
    filled = [(s, e) for s, e in lines if text[s:e].strip()]
    if _hard_wrapped(text, filled):
        blocks, start = [], 0
        for m in _BLANK_LINES.finditer(text):
            blocks.append((start, m.start()))
            start = m.end()
        blocks.append((start, len(text)))
        return [_strip(text, s, e) for s, e in blocks if text[s:e].strip()]
    return [_strip(text, s, e) for s, e in filled]


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether most lines of a text with several lines continue on the next line (no sentence end,
    a lower-case continuation): text wrapped at a fixed width."""
    if len(lines) < 4:
        return False
    runs_on = 0
    for (s, e), (s2, _) in zip(lines, lines[1:]):
        last = text[s:e].rstrip()[-1:]
        nxt = text[s2:s2 + 1]
        if last not in ".!?:”\"’'" and nxt.islower():
            runs_on += 1
    return runs_on >= 0.5 * (len(lines) - 1)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


class StoryGaps:
    """The character ranges of an article that are not its story (the metadata header, asides),
    sorted and disjoint; :meth:`covers` and :meth:`end_at` answer by bisection."""

    __slots__ = ("ranges", "_starts")

    def __init__(self, ranges: tuple[tuple[int, int], ...] = ()):
        self.ranges = tuple(ranges)
        self._starts = [s for s, _ in self.ranges]

    def end_at(self, char: int) -> int | None:
        """The end of the gap holding character offset ``char``, or None if it is in the story."""
        k = bisect_right(self._starts, char) - 1
        return self.ranges[k][1] if k >= 0 and char < self.ranges[k][1] else None

    def covers(self, char: int) -> bool:
        """Whether character offset ``char`` lies in a gap."""
        return self.end_at(char) is not None


def aside_pattern(prefixes) -> re.Pattern | None:
    """The regex of a line that starts with one of ``prefixes`` (case-insensitive), to its end;
    None without prefixes."""
    if not prefixes:
        return None
    alts = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    # linear: anchored at a line start, the run after the prefix stops at the line's end
    return re.compile(r"^[ \t\u00a0]*(?:%s)[^\n]*" % alts, re.IGNORECASE | re.MULTILINE)


def story_gaps(text: str, asides: re.Pattern | None = None) -> StoryGaps:
    """The :class:`StoryGaps` of ``text``: its metadata header (:func:`header_end`) and the lines
    matched by ``asides`` (:func:`aside_pattern`).

    >>> t = "Kyiv asked for more.\\nPhoto: Anadolu Agency\\nBerlin agreed."
    >>> g = story_gaps(t, aside_pattern(["photo:"]))
    >>> [t[s:e] for s, e in g.ranges], g.covers(t.index("Anadolu")), g.covers(t.index("Berlin"))
    (['Photo: Anadolu Agency'], True, False)
    """
    body = header_end(text)
    ranges = [(0, body)] if body else []
    if asides is not None:
        ranges += [(max(m.start(), body), m.end()) for m in asides.finditer(text) if m.end() > body]
    return StoryGaps(tuple(ranges))


def outside_story(doc: Doc) -> StoryGaps:
    """What of ``doc`` is not the story: ``doc._.outside_story`` as set by the ``debate_paragraphs``
    component, else (a pipeline without it) the metadata header alone."""
    gaps = doc._.outside_story
    return gaps if gaps is not None else StoryGaps(((0, doc_header_end(doc)),))


if not Doc.has_extension("outside_story"):
    Doc.set_extension("outside_story", default=None)


class ParagraphMarker:
    """The ``debate_paragraphs`` component: :func:`mark_paragraphs`, and ``doc._.outside_story``
    (:func:`story_gaps` with the asides of the knowledge's ``layout.toml``)."""

    def __init__(self, nlp: Language, name: str, knowledge: Knowledge):
        self.name = name
        self.knowledge = knowledge
        self.asides = aside_pattern(knowledge.layout.asides.prefixes)

    def __call__(self, doc: Doc) -> Doc:
        doc = mark_paragraphs(doc)
        doc._.outside_story = story_gaps(doc.text, self.asides)
        return doc


@Language.factory("debate_paragraphs", default_config={"knowledge": knowledge_config.DEFAULT},
                  assigns=["token.is_sent_start", "doc._.outside_story"])
def make_paragraph_marker(nlp: Language, name: str, knowledge: Knowledge) -> ParagraphMarker:
    return ParagraphMarker(nlp, name, knowledge)


def mark_paragraphs(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after a whitespace token that holds a newline (a
    token's own trailing whitespace is one space at most, so line breaks are always such tokens), and
    cut stretches longer than :data:`MAX_SENTENCE` tokens. Only arrays and the candidate tokens are
    looked at (``Doc.to_array``), not every token, and the starts are written in one go
    (``Doc.from_array``: setting ``Token.is_sent_start`` checks the whole Doc's annotation each time)."""
    if len(doc) < 2:
        return doc
    arr = doc.to_array([IS_SPACE, ORTH])
    space = arr[:, 0].astype(bool)
    starts = [0]
    for i in numpy.flatnonzero(space[:-1] & ~space[1:]).tolist():
        if "\n" in doc[i].text:
            starts.append(i + 1)
    marked = starts[1:]
    bounds = list(zip(starts, starts[1:] + [len(doc)]))
    if any(b - a > MAX_SENTENCE for a, b in bounds):
        finals = numpy.isin(arr[:, 1], numpy.array([get_string_id(p) for p in _FINAL], dtype=arr.dtype))
        after_final = (numpy.flatnonzero(finals[:-1]) + 1).tolist()  # tokens that follow a final mark
        for a, b in bounds:
            pos = a
            while b - pos > MAX_SENTENCE:
                k = bisect_right(after_final, pos + MAX_SENTENCE) - 1
                cut = pos + MAX_SENTENCE
                while k >= 0 and after_final[k] > pos:
                    if not doc[after_final[k]].text[:1].islower():
                        cut = after_final[k]
                        break
                    k -= 1
                marked.append(cut)
                pos = cut
    if marked:
        sent = doc.to_array([SENT_START])
        sent[numpy.array(marked, dtype="int64")] = 1
        doc.from_array([SENT_START], sent)
    return doc
