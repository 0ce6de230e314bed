"""The state of one briefing while its sections are built: the selection (:class:`.corpus.Corpus`),
its positions, the wording, the filters, the limits of the chosen length, and the article sentences
already quoted (a sentence is quoted once per briefing)."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..knowledge import Knowledge, slug
from .blocks import Evidence, Item
from .centrality import select_diverse
from .corpus import Corpus
from .positions import Positions, stance_threshold
from .text import cue_pattern, filter_values, join_names, md_escape
from .wording import Wording

MAX_CITED_PER_ITEM = 6


def _question(knowledge: Knowledge, debate: str | None) -> str | None:
    try:
        return knowledge.debate(debate).get("question") or None
    except KeyError:
        return None


class Draft:
    """What the section builders share (see the module docstring)."""

    def __init__(self, corpus: Corpus, knowledge: Knowledge, wording: Wording, filters: dict, length: str,
                 debate: str | None = None):
        self.c = corpus
        self.k = knowledge
        self.w = wording
        self.filters = filters
        self.length = length
        self.lim = wording.limits(length)
        self.question = _question(knowledge, debate)
        self.used: list[int] = []
        self._moves: list[dict] | None = None
        self.positions = Positions(corpus, stance_threshold(knowledge, debate), self.weapon_words(), self.topical())

    @property
    def short(self) -> bool:
        return self.length == "short"

    @property
    def anonymous(self) -> tuple[str, ...]:
        """How the ids of anonymous sources end ("us-officials-anonymous"): no one person or body."""
        return tuple("-" + slug(m) for m in self.k.quotes.vague_sources.markers)

    def moves(self) -> list[dict]:
        """:meth:`Positions.moves` of named actors (anonymous sources are other people each time), read once."""
        if self._moves is None:
            self._moves = self.positions.moves(skip=self.anonymous)
        return self._moves

    def take(self, order: Iterable[int], k: int = 1, max_similarity: float = 0.5) -> list[int]:
        """The first ``k`` sentences of ``order`` unlike those already quoted; they are then reserved."""
        order = list(order)
        if self.short:  # a one-page brief quotes short sentences
            cap = self.lim.get("max_quote_words", 40)
            order = [i for i in order if self.c.words(i) <= cap]
        chosen = select_diverse(order, self.c.sim, k, max_similarity, exclude=self.used)
        self.used.extend(chosen)
        return chosen

    def quoted(self, i: int) -> Item:
        return Item.of(self.c.quote(i), [self.c.evidence(i)])

    def topical(self) -> set[int]:
        """Sentences that name what is debated: a named weapon system or a decision cue."""
        return set(self.c.sent_systems) | set(self.c.matching(cue_pattern(self.w.cues("decision"))))

    # shared lookups --------------------------------------------------------------------------------
    def weapon_words(self) -> set[str]:
        """Lower-cased names and aliases of the catalogue's weapons and the selection's weapon
        mentions: an "actor" with such a name is a weapon, not a party to the debate."""
        out = {w.name.lower() for w in self.k.weapons} | {a.lower() for w in self.k.weapons for a in w.aliases}
        wm = self.c.t["weapon_mentions"]
        if len(wm):
            out |= {str(t).lower() for t in wm["text"].dropna().unique()}
        return out

    def named_systems(self) -> list[str]:
        """Named weapon systems of the selection, the filtered ones first, then by articles and mentions."""
        if not hasattr(self, "_systems"):
            self._systems = self._named_systems()
        return list(self._systems)

    def _named_systems(self) -> list[str]:
        wm = self.c.t["weapon_mentions"]
        if not len(wm):
            return []
        wm = wm[wm["named"].astype(bool)]  # (the corpus's tables hold the selection only)
        if not len(wm):
            return []
        focus = {v.lower() for v in filter_values(self.filters.get("weapon"))}
        g = wm.groupby("system").agg(n=("start", "size"), arts=("article_id", "nunique")).reset_index()
        g["focus"] = g["system"].str.lower().isin(focus)
        g = g.sort_values(["focus", "arts", "n", "system"], ascending=[False, False, False, True], kind="stable")
        return [str(s) for s in g["system"]]

    def system_name(self, system: str) -> str:
        return self.c.system_names.get(system, system)

    def actor_name(self, actor_id: str) -> str:
        return self.c.actor_names.get(actor_id, actor_id)

    def speaker_name(self, name: str) -> str:
        """The display name of the actor whose canonical name is ``name`` (quotes carry canonical names)."""
        aid = self.c.id_of_name.get(name)
        return self.actor_name(aid) if aid else name

    def names(self, actor_ids: list[str]) -> str:
        return md_escape(join_names([self.actor_name(a) for a in actor_ids], self.w.word("and")))

    def top_actors(self, k: int, types: tuple[str, ...] | None = None) -> list[str]:
        """The ``k`` actors of ``types`` mentioned in most articles (then most often), filtered ones first."""
        m = self.c.t["actor_mentions"]
        if not len(m):
            return []
        counts = m.groupby("actor_id").agg(n=("start", "size"), arts=("article_id", "nunique")).reset_index()
        if types:
            counts = counts[counts["actor_id"].map(self.c.actor_type).isin(types)]
        counts = counts[counts["actor_id"].isin(list(self.c.actor_names))]
        focus = {v.lower() for v in filter_values(self.filters.get("actor"))}
        counts = counts.assign(focus=[str(x).lower() in focus or self.actor_name(x).lower() in focus
                                      for x in counts["actor_id"]])
        counts = counts.sort_values(["focus", "arts", "n", "actor_id"], ascending=[False, False, False, True],
                                    kind="stable")
        return [str(x) for x in counts["actor_id"].head(k)]

    def mention_evidence(self, table: str, col: str, values: set[str], most: int = MAX_CITED_PER_ITEM) -> list[Evidence]:
        """The first mention of ``values`` in each article that mentions them (at most ``most``)."""
        arts = self.c.mention_articles(table, col, values)
        return [self.c.first_mention(a, table, col, values) for a in arts[:most]]

    def article_counts(self, table: str, col: str) -> pd.Series:
        """Articles of the selection mentioning each value of ``col`` in ``table``."""
        m = self.c.t[table]
        if not len(m):
            return pd.Series(dtype="int64")
        if table == "weapon_mentions":
            m = m[m["named"].astype(bool)]
        return m.groupby(col)["article_id"].nunique()
