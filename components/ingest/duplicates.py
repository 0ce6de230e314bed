"""Near-duplicate articles (another version of the same story) flagged through shared 5-word runs."""
from __future__ import annotations

import re
from collections import Counter
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

    Only shingles found in more than one article can make an overlap, so only those are indexed. The
    index groups them into classes of shingles held by exactly the same originals (a passage that
    several stories repeat is one class, not one entry per 5-word run): each class keeps the list of
    those originals, and an article's overlap with every earlier original is the sum, over the
    classes of its shingles, of how many of its shingles fall in the class — so the cost grows with
    the distinct passages articles share, not with their words times the articles sharing them.
    When an original is added, each class it covers in part is split in two (partition
    refinement), so a class always holds shingles with one list of originals.
    """
    shingles = [_shingles(b.text) for b in articles]
    seen: set[int] = set()
    repeated: set[int] = set()  # shingles of more than one article
    for sb in shingles:
        repeated |= seen & sb
        seen |= sb
    del seen
    class_of: dict[int, int] = {}  # indexed shingle → its class
    holders: list[list[int]] = []  # class → positions (in ``originals``) of the originals holding its shingles
    size: list[int] = []  # class → how many shingles it has
    originals: list[int] = []  # article indices of the originals so far
    sizes: list[int] = []  # their shingle counts
    for j, (b, sb) in enumerate(zip(articles, shingles)):
        b.duplicate_of = None
        common = sb & repeated
        per_class = Counter(class_of[s] for s in common if s in class_of)  # class → this article's shingles in it
        if per_class:
            classes = list(per_class)
            lists = [holders[c] for c in classes]
            counts = numpy.bincount(
                numpy.fromiter(chain.from_iterable(lists), dtype=numpy.int64),
                weights=numpy.repeat(numpy.fromiter((per_class[c] for c in classes), dtype=numpy.int64,
                                                    count=len(classes)),
                                     [len(h) for h in lists])).astype(numpy.int64)
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
            _add_original(common, len(originals), class_of, holders, size, per_class)
            originals.append(j)
            sizes.append(len(sb))


def _add_original(common: set[int], k: int, class_of: dict[int, int], holders: list[list[int]],
                  size: list[int], per_class: Counter) -> None:
    """Index the shared shingles ``common`` of the original at position ``k``: a class whose
    shingles are all in ``common`` gains ``k``; one covered in part is split, the covered part a new
    class held by its originals and ``k``; shingles not indexed yet form one new class held by ``k``."""
    split: dict[int, int] = {}
    for c, n in per_class.items():
        if n == size[c]:
            holders[c].append(k)
        else:
            split[c] = len(holders)
            holders.append([*holders[c], k])
            size.append(n)
            size[c] -= n
    new = -1
    for s in common:
        c = class_of.get(s)
        if c is None:
            if new < 0:
                new = len(holders)
                holders.append([k])
                size.append(0)
            class_of[s] = new
            size[new] += 1
        elif c in split:
            class_of[s] = split[c]
