"""Near-duplicate articles (another version of the same story) flagged through shared 5-word runs."""
from __future__ import annotations

import re
from itertools import chain

import numpy
from rapidfuzz import fuzz

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .articles import Article


def _shingles(text: str, k: int = 5) -> set[int]:
    """The hashes of the ``k``-word runs of ``text`` (lower-cased words)."""
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i:i + k])) for i in range(max(0, len(words) - k + 1))}


def flag_near_duplicates(articles: list[Article], threshold: float = 0.3, containment_min: float = 0.35) -> None:
    """Set ``duplicate_of`` on each article that is another version of an earlier one.

    Two articles are near-duplicates when their 5-word shingles overlap: Jaccard similarity of at
    least ``threshold``, or at least ``containment_min`` of the shorter one's shingles found in the
    other (an updated version of a story that adds or drops paragraphs), confirmed by a rapidfuzz
    token-set ratio of at least 80. Different stories on one debate share almost no 5-word runs
    (under 0.05 on the seeds), two versions of one story share well over half of the shorter one.
    The first article of a group (in corpus order) is the original.

    Only shingles found in more than one article can make an overlap, so only those are indexed: an
    inverted index of the originals' shared shingles gives each article's overlap with the earlier
    originals it shares any with (and only those), so the cost grows with the shingles articles
    share, not with the number of articles or of pairs.
    """
    shingles = [_shingles(b.text) for b in articles]
    seen: set[int] = set()
    repeated: set[int] = set()  # shingles of more than one article
    for sb in shingles:
        repeated |= seen & sb
        seen |= sb
    del seen
    postings: dict[int, list[int]] = {}  # shared shingle → positions (in ``originals``) of the originals holding it
    originals: list[int] = []  # article indices of the originals so far
    sizes: list[int] = []  # their shingle counts
    for j, (b, sb) in enumerate(zip(articles, shingles)):
        b.duplicate_of = None
        common = sb & repeated
        shared = [postings[s] for s in common if s in postings]
        if shared:
            counts = numpy.bincount(numpy.fromiter(chain.from_iterable(shared), dtype=numpy.int64))
            ks = numpy.flatnonzero(counts)
            overlap = counts[ks]
            size_a = numpy.fromiter((sizes[k] for k in ks.tolist()), dtype=numpy.int64, count=len(ks))
            union = size_a + len(sb) - overlap
            passed = (overlap / union >= threshold) | (
                overlap / numpy.maximum(numpy.minimum(size_a, len(sb)), 1) >= containment_min)
            for k in ks[passed].tolist():  # the earliest original first
                i = originals[k]
                if fuzz.token_set_ratio(articles[i].text, b.text, score_cutoff=80) >= 80:
                    b.duplicate_of = articles[i].id
                    break
        if b.duplicate_of is None:
            for s in common:
                postings.setdefault(s, []).append(len(originals))
            originals.append(j)
            sizes.append(len(sb))
