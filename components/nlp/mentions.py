"""The actor mentions of a doc indexed for look-ups (:class:`Mentions`, :func:`actor_at`): which actor
heads or covers a token or span, which mentions come before a token; used by the stages after the
actor stage (quotes, stance) and by attribution."""
from __future__ import annotations

from bisect import bisect_left, insort

from spacy.tokens import Doc, Span, Token

#: where the actor stage puts its mentions (``doc.spans[SPAN_KEY]``)
SPAN_KEY = "actors"

#: how many earlier mentions :meth:`Mentions.before` gives at most (an antecedent further back than
#: this is not looked for: the look-back of every pronoun would otherwise cost the whole article)
MAX_LOOKBACK = 50


class Mentions:
    """The actor mentions of one doc (``doc.spans["actors"]``, sorted by start), read once and indexed
    by token, for a component that looks up many tokens: iterating a ``SpanGroup`` creates a ``Span``
    per member on every pass. Mentions added with :meth:`add` are indexed at once and written to the
    doc by :meth:`write`; call :meth:`refresh` after changing ``doc.spans["actors"]`` otherwise."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.refresh()

    def refresh(self) -> None:
        """Read ``doc.spans["actors"]`` again."""
        self.spans: list[Span] = list(self.doc.spans.get(SPAN_KEY, []))
        self._by_token: dict[int, list[int]] = {}
        self._latest: list[tuple[int, int]] = sorted((-s.start, n) for n, s in enumerate(self.spans))
        self._bounds = {(s.start, s.end) for s in self.spans}
        self._rank = list(range(len(self.spans)))  # order of ``doc.spans`` once written (by start)
        self._added = False
        for n, s in enumerate(self.spans):
            for i in range(s.start, s.end):
                self._by_token.setdefault(i, []).append(n)

    def add(self, span: Span) -> bool:
        """Index ``span`` as a mention unless one with its start and end is there; return whether it
        was added. The doc keeps it once :meth:`write` is called."""
        if (span.start, span.end) in self._bounds:
            return False
        n = len(self.spans)
        self.spans.append(span)
        self._bounds.add((span.start, span.end))
        insort(self._latest, (-span.start, n))
        self._rank.append(n)
        self._added = True
        for i in range(span.start, span.end):
            self._by_token.setdefault(i, []).append(n)
        return True

    def write(self) -> None:
        """Put the added mentions into ``doc.spans["actors"]`` (sorted by start, the earlier first
        among equal starts)."""
        if self._added:
            self.doc.spans[SPAN_KEY] = sorted(self.spans, key=lambda s: s.start)
            self.refresh()

    def in_order(self) -> list[Span]:
        """The mentions in ``doc.spans`` order (added ones where :meth:`write` will put them)."""
        if not self._added:
            return list(self.spans)
        return [self.spans[n] for n in sorted(range(len(self.spans)), key=self._order)]

    def _order(self, n: int) -> tuple[int, int]:
        """Where mention ``n`` stands in ``doc.spans`` order (added mentions go after the others
        that start at the same token, as :meth:`write` puts them)."""
        return (self.spans[n].start, n) if self._added else (0, n)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The mentions sharing a token with tokens ``start:end``, in ``doc.spans`` order."""
        found = {n for i in range(start, end) for n in self._by_token.get(i, ())}
        return [self.spans[n] for n in sorted(found, key=self._order)]

    def before(self, i: int, skip=frozenset(), limit: int = MAX_LOOKBACK) -> list[Span]:
        """The mentions ending by token ``i`` whose start is not in ``skip`` (a set of token indices,
        or a function saying which mentions to skip), latest first (by start; among equal starts in
        ``doc.spans`` order), at most ``limit`` of them."""
        skipped = skip if callable(skip) else (lambda s: s.start in skip)
        out: list[Span] = []
        k = bisect_left(self._latest, (-(i - 1), -1))
        while k < len(self._latest) and len(out) < limit:
            # the mentions starting at one token, in doc.spans order
            start = self._latest[k][0]
            same = []
            while k < len(self._latest) and self._latest[k][0] == start:
                same.append(self._latest[k][1])
                k += 1
            for n in sorted(same, key=self._order):
                s = self.spans[n]
                if s.end <= i and not skipped(s) and len(out) < limit:
                    out.append(s)
        return out

    def actor_at(self, target: Span | Token) -> str | None:
        """See :func:`actor_at`."""
        if isinstance(target, Token):
            start, end, head = target.i, target.i + 1, target.i
        else:
            start, end, head = target.start, target.end, target.root.i
        best, best_key = None, None
        for s in self.overlapping(start, end):
            key = (s.start <= head < s.end, s.end - 1 == head or s.root.i == head, len(s))
            if best_key is None or key > best_key:
                best, best_key = s.kb_id_, key
        return best


def actor_at(doc: Doc, target: Span | Token) -> str | None:
    """The actor id of the mention that heads or covers ``target`` (a Token or non-empty Span of
    ``doc``), else ``None``. Among overlapping mentions the one containing the target's syntactic head
    wins ("U.S. officials" → the officials, not "U.S."), then the longest, then the first. For many
    look-ups in one doc, build :class:`Mentions` once and use its ``actor_at``."""
    return Mentions(doc).actor_at(target)
