"""Looking up spans by position without looking at every span: :class:`SpanIndex`.

A stage that asks, for each of its mentions, which other spans start inside a range or cover a token
costs the square of the article's length if it scans every span each time. The index answers with a
bisection over the spans' sorted starts (or a dict per token), in the spans' own order, so results and
their order are those of the scan.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Callable, Generic, Iterable, Iterator, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Spans (spaCy spans, ``range`` objects, or anything ``bounds`` gives ``(start, end)`` of), kept in
    their given order and indexed by start."""

    def __init__(self, spans: Iterable[T], bounds: Callable[[T], tuple[int, int]] | None = None):
        self.spans: list[T] = list(spans)
        self._bounds = [(bounds or _bounds)(s) for s in self.spans]
        self._order = sorted(range(len(self.spans)), key=lambda n: self._bounds[n][0])
        self._starts = [self._bounds[n][0] for n in self._order]
        self._covering: dict[int, list[int]] | None = None

    def add(self, span: T, bounds: Callable[[T], tuple[int, int]] | None = None) -> None:
        """Add ``span`` after the others (cheap when spans are added in text order)."""
        start, end = (bounds or _bounds)(span)
        k = bisect_right(self._starts, start)
        self.spans.append(span)
        self._bounds.append((start, end))
        self._order.insert(k, len(self.spans) - 1)
        self._starts.insert(k, start)
        self._covering = None

    def __iter__(self) -> Iterator[T]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def starting_in(self, lo: int, hi: int) -> list[T]:
        """The spans whose start is in ``lo:hi``, in their given order."""
        a, b = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return [self.spans[n] for n in sorted(self._order[a:b])]

    def within(self, lo: int, hi: int) -> list[T]:
        """The spans lying inside ``lo:hi``, in their given order."""
        a, b = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return [self.spans[n] for n in sorted(self._order[a:b]) if self._bounds[n][1] <= hi]

    def covering(self, i: int) -> list[T]:
        """The spans that hold token ``i``, in their given order (an index by token, built on first use:
        meant for short spans such as names and titles)."""
        if self._covering is None:
            self._covering = {}
            for n, (start, end) in enumerate(self._bounds):
                for j in range(start, end):
                    self._covering.setdefault(j, []).append(n)
        return [self.spans[n] for n in self._covering.get(i, ())]


def _bounds(span) -> tuple[int, int]:
    return (span.start, span.stop) if isinstance(span, range) else (span.start, span.end)


class CharRanges:
    """Character ranges (half-open), merged and sorted, so whether an offset falls in one of them is a
    bisection rather than a look at every range."""

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(r for r in ranges if r[0] < r[1]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


class TextLines:
    """The line breaks of a text, found once: the line around a range of characters is a bisection,
    not a scan back and forth through the text (which, for every mention on one long line, would cost
    the square of its length). :meth:`memo` keeps one result per line."""

    def __init__(self, text: str):
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self._memo: dict[tuple, object] = {}

    def start_of(self, pos: int) -> int:
        """Where the line holding character ``pos`` starts (``text.rfind("\\n", 0, pos) + 1``)."""
        k = bisect_left(self.breaks, pos)
        return self.breaks[k - 1] + 1 if k else 0

    def end_after(self, pos: int) -> int:
        """The first line break at or after ``pos``, else the text's length."""
        k = bisect_left(self.breaks, pos)
        return self.breaks[k] if k < len(self.breaks) else len(self.text)

    def memo(self, key, compute):
        """``compute()`` once per ``key`` (e.g. a line's start and a question about it)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]
