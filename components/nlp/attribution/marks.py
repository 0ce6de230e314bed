"""Quotation marks: the one pairing of quotation marks of a text, by paragraph (:func:`quote_regions`),
and the tokens they hold (:func:`quoted_tokens`)."""
from __future__ import annotations

import re
from bisect import bisect_left

import numpy
from spacy.attrs import IDX
from spacy.tokens import Doc

from ..stages.paragraphs import StoryGaps, paragraph_spans, story_gaps


# ---------------------------------------------------------------------------------------------
# quotation marks

_MARKS = re.compile("‘‘|’’|[“„«”»\"‘’']")
_DOUBLE_OPEN = {"“", "„", "«", "‘‘"}
_DOUBLE_CLOSE = {"”", "»", "’’"}
_OPEN_BEFORE = set("([{—–-/“‘\"'") | {"\u00a0"}


def quote_regions(text: str, gaps: StoryGaps | None = None) -> list[tuple[int, int]]:
    """Character ranges ``(start, end)`` of the text between paired quotation marks, in order.

    Double marks: openers ``“ „ «`` and ``‘‘``, closers ``” »`` and ``’’``; a straight ``"`` opens
    after a space, an opening bracket or dash and before a non-space, and closes otherwise, so
    straight and curly marks mix. A new opener while a quote is open restarts it; a quote still open
    at the end of its paragraph runs to that end (news style: a quote continued in the next
    paragraph reopens without closing). Single marks (``‘…’``, ``'…'``) pair only where they
    balance inside the paragraph and lie outside double quotes; an apostrophe between letters
    ("don’t") or before a decade ("’90s") is no mark. What is not the story (``gaps``, by default the header lines ``# source: …``)
    is skipped.

    >>> t = 'He said “no” and "yes." TRUMP SAYS US WILL \\'100%\\' STAY'
    >>> [t[s:e] for s, e in quote_regions(t)]
    ['no', 'yes.', '100%']
    >>> t = "“We will not send them,\\n\\n“They are ours,” he said. Ukraine’s ‘victory plan’"
    >>> [t[s:e] for s, e in quote_regions(t)]
    ['We will not send them,', 'They are ours,', 'victory plan']
    """
    gaps = story_gaps(text) if gaps is None else gaps
    out: list[tuple[int, int]] = []
    for ps, pe in paragraph_spans(text):
        end = gaps.end_at(ps)
        if end is not None:  # a paragraph that starts in a gap starts after it, if at all
            if end >= pe:
                continue
            ps = end
        out += [r for r in _paragraph_quotes(text, ps, pe) if not gaps.covers(r[0])]
    return out


def _paragraph_quotes(text: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """The quote regions of the paragraph ``text[ps:pe]``."""
    doubles: list[tuple[int, int]] = []
    singles: list[tuple[int, int]] = []
    d_open: int | None = None
    s_open: int | None = None
    for m in _MARKS.finditer(text, ps, pe):
        i, c = m.start(), m.group()
        prev = text[i - 1] if i > ps else " "
        nxt = text[m.end()] if m.end() < pe else " "
        if c in _DOUBLE_OPEN:
            d_open = m.end()
        elif c in _DOUBLE_CLOSE:
            if d_open is not None and i > d_open:
                doubles.append((d_open, i))
            d_open = None
        elif c == '"':
            opening = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
            if d_open is not None and not opening:
                if i > d_open:
                    doubles.append((d_open, i))
                d_open = None
            elif opening:
                d_open = i + 1
        else:  # ‘ ’ ' : a single mark or an apostrophe
            after_word = prev.isalnum()
            before_word = nxt.isalnum()
            if after_word and before_word:
                continue  # don’t, Ukraine’s, Hawai‘i
            if c != "’" and not after_word and not nxt.isspace() and (prev.isspace() or prev in _OPEN_BEFORE):
                if _decade(text, m.end(), pe):
                    continue  # ’90s
                s_open = m.end()
            elif c != "‘" and not prev.isspace() and s_open is not None and i > s_open:
                singles.append((s_open, i))
                s_open = None
    if d_open is not None:
        end = pe
        while end > d_open and text[end - 1].isspace():
            end -= 1
        if end > d_open:
            doubles.append((d_open, end))
    # doubles are in order and do not overlap: only the last one starting before a single can overlap it
    starts = [a for a, _ in doubles]
    singles = [s for s in singles if not ((k := bisect_left(starts, s[1]) - 1) >= 0 and doubles[k][1] > s[0])]
    return sorted(doubles + singles)


def _decade(text: str, i: int, end: int) -> bool:
    """Whether ``text[i:]`` reads like the digits of an elided decade or year ("90s", "22")."""
    j = i
    while j < end and text[j].isdigit():
        j += 1
    return j - i == 2 and (j >= end or not text[j].isalnum() or text[j] == "s")


def quoted_tokens(doc: Doc, regions: list[tuple[int, int]]) -> numpy.ndarray:
    """A boolean array over ``doc``'s tokens: True for tokens inside one of ``regions`` (character
    ranges, e.g. :func:`quote_regions`)."""
    inside = numpy.zeros(len(doc), dtype=bool)
    if not len(doc) or not regions:
        return inside
    idx = doc.to_array(IDX).astype("int64")
    for s, e in regions:
        inside[numpy.searchsorted(idx, s, "left"):numpy.searchsorted(idx, e, "left")] = True
    return inside
