"""Token patterns matched only where they can match: a spaCy Matcher run on windows around anchors.

spaCy's :class:`~spacy.matcher.Matcher` starts every pattern at every token, and an ``IN`` set costs a
Python call per token and pattern; hundreds of cue or catalogue patterns then cost as much as the
model itself. :class:`AnchoredMatcher` takes the same patterns but indexes each one by an *anchor*:
one item it cannot match without (no operator, a fixed ``ORTH``/``LOWER``/``LEMMA``/``NORM`` value or
``IN`` set), preferably not a stop word. A Doc's anchor tokens are found with one vectorised lookup
over :meth:`Doc.to_array`, and a small Matcher holding only that key's patterns runs on the window
the pattern can span around each anchor.

The matches are those of a plain Matcher over the whole Doc, in the same order, except that a
pattern with an unbounded operator (``*``, ``+``, ``{n,}``) on one side of its anchor is confined to
the anchor's sentence on that side (a match never runs across a sentence boundary), and to at most
:data:`MAX_RUN` tokens on that side: a Matcher reports a ``*`` run from every token it could start
at, so an unlimited window in a sentence thousands of tokens long (a text with no full stops) would
cost the square of its length. Patterns without any anchor run on the whole Doc.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy
from spacy.attrs import IDS
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from .tokens import sentence_starts

#: token attributes an anchor can be read from (a hash per token in ``Doc.to_array``)
ANCHOR_ATTRS = ("ORTH", "LOWER", "LEMMA", "NORM")
#: the most tokens an unbounded operator's side of a pattern may span around its anchor
MAX_RUN = 32
_QUANTIFIER = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


def item_span(item: dict) -> tuple[int, float]:
    """The fewest and most tokens one pattern item takes: ``(1, 1)`` without an operator, ``(0, 1)``
    for ``?``, ``(0, inf)`` for ``*``, ``(1, inf)`` for ``+``, ``(2, 3)`` for ``{2,3}``; ``!`` takes one."""
    op = item.get("OP")
    if op in (None, "1", "!"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, math.inf
    if op == "+":
        return 1, math.inf
    m = _QUANTIFIER.match(op)
    if not m:
        raise ValueError(f"unknown operator {op!r} in pattern item {item!r}")
    lo, comma, hi = m.groups()
    if not comma:  # {n}
        return int(lo), int(lo)
    return int(lo or 0), int(hi) if hi else math.inf


def anchor_values(item: dict) -> tuple[str, list[str]] | None:
    """``(attribute, values)`` when ``item`` always takes exactly one token whose ``attribute`` is one
    of ``values``; ``None`` otherwise (an operator, or no fixed word attribute)."""
    if item.get("OP") not in (None, "1"):
        return None
    for attr in ANCHOR_ATTRS:
        for key in (attr, attr.lower()):
            value = item.get(key)
            if isinstance(value, str):
                return attr, [value]
            if isinstance(value, dict) and set(value) == {"IN"} and value["IN"]:
                return attr, [str(v) for v in value["IN"]]
    if isinstance(item.get("TEXT"), str):
        return "ORTH", [item["TEXT"]]
    return None


def choose_anchor(pattern: list[dict], vocab: Vocab) -> int | None:
    """Index of the item to anchor ``pattern`` on: the first anchorable item whose words are not all
    stop words, else the first anchorable item; ``None`` if no item can anchor it."""
    first = None
    for i, item in enumerate(pattern):
        found = anchor_values(item)
        if found is None:
            continue
        if first is None:
            first = i
        if not all(vocab[v.lower()].is_stop for v in found[1]):
            return i
    return first


@dataclass(frozen=True)
class _Anchor:
    key: int  # match id (hash of the key string)
    before: float  # most tokens the pattern takes before its anchor
    after: float  # most tokens after it


class AnchoredMatcher:
    """A drop-in for :class:`~spacy.matcher.Matcher` (``add``, ``__call__``, ``len``, ``in``) that
    only runs where a pattern's anchor occurs; see the module docstring."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._keys: list[int] = []  # match ids in the order they were added
        self._by_key: dict[int, Matcher] = {}
        self._anchors: dict[str, dict[int, list[_Anchor]]] = {a: {} for a in ANCHOR_ATTRS}
        self._hashes: dict[str, numpy.ndarray] = {}
        self._whole = Matcher(vocab)  # patterns with no anchor
        self._whole_keys: set[int] = set()

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: str) -> bool:
        return self.vocab.strings.add(key) in self._by_key

    def get(self, key: str, default=None) -> tuple[None, list[list[dict]]]:
        """``(None, patterns)`` of ``key``, as :meth:`Matcher.get` returns (no callbacks here)."""
        matcher = self._by_key.get(self.vocab.strings.add(key))
        return (None, matcher.get(key)[1]) if matcher is not None else default

    def add(self, key: str, patterns: list[list[dict]]) -> None:
        """Add ``patterns`` under ``key``, as :meth:`Matcher.add` does (no callbacks)."""
        kid = self.vocab.strings.add(key)
        if kid not in self._by_key:
            self._keys.append(kid)
            self._by_key[kid] = Matcher(self.vocab)
        self._by_key[kid].add(key, patterns)
        for pattern in patterns:
            a = choose_anchor(pattern, self.vocab)
            if a is None:
                self._whole.add(key, [pattern])
                self._whole_keys.add(kid)
                continue
            attr, values = anchor_values(pattern[a])
            before = sum(item_span(it)[1] for it in pattern[:a])
            after = sum(item_span(it)[1] for it in pattern[a + 1:])
            for v in values:
                self._anchors[attr].setdefault(self.vocab.strings.add(v), []).append(_Anchor(kid, before, after))
        self._hashes = {attr: numpy.fromiter(index.keys(), dtype="uint64", count=len(index))
                        for attr, index in self._anchors.items() if index}

    def __call__(self, doclike: Doc | Span) -> list[tuple[int, int, int]]:
        """``(match_id, start, end)`` of every match in ``doclike``, in the order a Matcher gives them
        (offsets relative to ``doclike``, as a Matcher's are)."""
        doc = doclike.doc if isinstance(doclike, Span) else doclike
        first, last = (doclike.start, doclike.end) if isinstance(doclike, Span) else (0, len(doc))
        if first >= last or not self._keys:
            return []
        attrs = list(self._hashes)
        table = doc.to_array([IDS[a] for a in attrs]).reshape(len(doc), len(attrs))[first:last]
        windows: dict[tuple[int, int], list[int]] = {}  # (key, anchor token) → [lo, hi]
        bounds = _SentenceBounds(doc)
        for col, attr in enumerate(attrs):
            column = table[:, col]
            index = self._anchors[attr]
            for j in numpy.flatnonzero(numpy.isin(column, self._hashes[attr])).tolist():
                i = first + j
                for anc in index[int(column[j])]:
                    lo = max(bounds.start(i), i - MAX_RUN) if anc.before == math.inf else i - int(anc.before)
                    hi = min(bounds.end(i), i + 1 + MAX_RUN) if anc.after == math.inf else i + 1 + int(anc.after)
                    lo, hi = max(first, lo), min(last, hi)
                    w = windows.setdefault((anc.key, i), [lo, hi])
                    w[0], w[1] = min(w[0], lo), max(w[1], hi)
        found = set(self._whole(doclike)) if self._whole_keys else set()
        for (kid, _), (lo, hi) in windows.items():
            found.update((k, s + lo - first, e + lo - first) for k, s, e in self._by_key[kid](doc[lo:hi]))
        order = {k: i for i, k in enumerate(self._keys)}
        return sorted(found, key=lambda m: (m[2], m[1], order[m[0]]))


class _SentenceBounds:
    """Start and end of the sentence around a token, computed only if asked for (whole Doc when the
    Doc has no sentence boundaries)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self._starts: list[int] | None = None

    def _load(self) -> list[int]:
        if self._starts is None:
            self._starts = sentence_starts(self.doc) or [0]
        return self._starts

    def start(self, i: int) -> int:
        starts = self._load()
        return starts[bisect_right(starts, i) - 1]

    def end(self, i: int) -> int:
        starts = self._load()
        k = bisect_right(starts, i)
        return starts[k] if k < len(starts) else len(self.doc)
