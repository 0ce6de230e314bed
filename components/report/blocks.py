"""What a briefing is made of before it is written out: evidence, cited items, headings and notes.

Sections (:mod:`.sections`) return lists of :data:`Block`; :mod:`.render` numbers the citations and
writes Markdown. Keeping the two apart lets the briefing be cut to its word budget by dropping
items, then written once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Union


@dataclass(frozen=True)
class Evidence:
    """Where a statement rests: ``text[start:end]`` of article ``article_id``."""

    article_id: str
    start: int
    end: int


@dataclass
class Item:
    """One bullet (or bottom-line sentence): Markdown parts, each followed by its citations."""

    parts: list[tuple[str, list[Evidence]]]
    children: list["Item"] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, evidence: list[Evidence]) -> "Item":
        return cls([(text, list(evidence))])

    def evidence(self) -> list[Evidence]:
        """Every piece of evidence the item (and its children) cites."""
        return [e for _, evs in self.parts for e in evs] + [e for ch in self.children for e in ch.evidence()]


@dataclass(frozen=True)
class Heading:
    """A sub-heading (``###``) inside a section: written only when an item follows it."""

    text: str


@dataclass(frozen=True)
class Note:
    """A line of generated text that cites nothing (what a section lacks, and why)."""

    text: str


Block = Union[Item, Heading, Note]


@dataclass
class Section:
    """A ``##`` section: its blocks, and how far it may shrink when the briefing is over its word
    budget (``keep`` items at least; an ``optional`` section may go entirely)."""

    title: str
    blocks: list[Block]
    keep: int = 1
    optional: bool = False
    paragraph: bool = False  # items written as one paragraph of sentences, not bullets

    def items(self) -> list[Item]:
        return [b for b in self.blocks if isinstance(b, Item)]


def dedupe(evs: list[Evidence]) -> list[Evidence]:
    """``evs`` with one piece of evidence per article (the first)."""
    seen, out = set(), []
    for e in evs:
        if e.article_id not in seen:
            seen.add(e.article_id)
            out.append(e)
    return out


class Briefing(NamedTuple):
    """The Markdown briefing and its citation map: one dict per (bullet, cited source) with keys
    ``bullet`` (running number of the bullet), ``group`` (running number of the bracketed group
    ``[n, m]`` that shows it, in the order of the text), ``section``, ``n`` (the source number shown
    as ``[n]``), ``article_id``, ``start`` and ``end`` (offsets of the cited sentence or quote); and
    ``sources``: one dict per cited source (``n``, ``article_id``, ``title``, ``outlet``, ``date``,
    ``url``; missing values ``None``)."""

    markdown: str
    citations: list[dict]
    sources: list[dict] = []
