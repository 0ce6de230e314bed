"""The tables of one selection prepared for the briefing: the article sentences it may quote, ranked
by centrality, and indexes from sentences to the actors and weapon systems they mention.

Every index is built once per selection in one pass over its table, so the sections look things up
instead of scanning tables (the cost of a briefing grows with the selection, not its square).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from functools import lru_cache
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from ..tables.names import actor_display_names, system_display_names
from ..tables.schema import empty
from .blocks import Evidence
from .centrality import lexrank, similarity, terms
from .text import DATELINE, cue_pattern, filter_values, known, md_escape, segments, well_formed

TABLES = ("articles", "sentences", "actors", "actor_mentions", "weapon_mentions", "quotes", "stances",
          "stances_overall", "stance_signals")
MAX_CANDIDATES = 1500
#: sentences read at a time while looking for candidates
READ_BLOCK = 4096
#: the column each table of the selection gets: its article's place in the selection (an integer, so
#: that rows are matched by sentence with array work instead of hashing article ids per row)
ART = "_art"
#: a sentence whose quotation is attributed only to a pronoun ("…," he said.): out of its article, no
#: reader knows who speaks, so such sentences are quoted only when nothing else will do
PRONOUN_SPEAKER = re.compile(r"[\"”’]\s*,?\s+(?:he|she|they)\s+(?:said|says|added|adds|told|tells|noted|wrote|stated)"
                             r"\b[^\"“”]{0,60}$", re.I)


class Corpus:
    """Candidate sentences (clean article sentences the briefing may quote) with their centrality,
    similarity and mentions, for one selection of articles."""

    def __init__(self, tables: dict[str, pd.DataFrame], sentences_cfg: dict, filters: dict,
                 numbers: dict[str, int] | None = None):
        self.t = {name: tables.get(name) if tables.get(name) is not None else empty(name) for name in TABLES}
        arts = self.t["articles"].drop_duplicates("article_id").sort_values(["date", "article_id"], kind="stable")
        self.articles = arts.reset_index(drop=True)
        self.ids = [str(a) for a in self.articles["article_id"]]
        self.order = {a: i for i, a in enumerate(self.ids)}
        #: the source number of each article: stable for a corpus (given), else its place in date order
        self.numbers = {a: n for a, n in (numbers or {}).items() if a in self.order} if numbers else \
            {a: i + 1 for i, a in enumerate(self.ids)}
        last = max(self.numbers.values(), default=0)
        for a in self.ids:  # an article the given numbering lacks gets a number after all of them
            if a not in self.numbers:
                last += 1
                self.numbers[a] = last
        # (columns read as lists: iterating rows of Arrow columns costs a call per value)
        aids, texts, outlets, dates, dups = (self.articles[c].tolist()
                                             for c in ("article_id", "text", "outlet", "date", "duplicate_of"))
        self._restrict()
        self.text = {str(a): str(t) if known(t) else "" for a, t in zip(aids, texts)}
        self.outlet = {str(a): str(o) if known(o) else None for a, o in zip(aids, outlets)}
        self.date = {str(a): str(d)[:10] if known(d) else None for a, d in zip(aids, dates)}
        self.story = {str(a): str(dup) if known(dup) and str(dup) in self.text else str(a) for a, dup in zip(aids, dups)}
        self._candidates(sentences_cfg)
        actors = self.t["actors"]
        mentions = self.t["actor_mentions"]
        self.actor_type = {str(a): str(t) for a, t in zip(actors["actor_id"], actors["type"]) if known(a)}
        self.actor_names = {}
        stances = self.t["stances"]
        pairs = stances[["actor_id", "actor"]].drop_duplicates(keep="last")  # (the last name of an id wins)
        self.actor_names.update({str(a): str(n) for a, n in zip(pairs["actor_id"].tolist(), pairs["actor"].tolist())
                                 if known(a) and known(n)})
        self.actor_names.update(actor_display_names(actors, mentions))
        self.id_of_name = {str(n): str(a) for a, n in zip(actors["actor_id"], actors["name"]) if known(a) and known(n)}
        self.system_names = system_display_names(self.t["weapon_mentions"])
        self.sent_actors = self._index(self.t["actor_mentions"], "actor_id")
        wm = self.t["weapon_mentions"]
        self.sent_systems = self._index(wm[wm["named"].astype(bool)] if len(wm) else wm, "system")
        #: candidates whose sentence mentions a weapon (named or generic), and whose sentence holds a
        #: stance signal: matched by sentence keys, array work as for the candidates' own order
        self.armed = self._in_sentences_of(wm)
        self.held = self._in_sentences_of(self.t["stance_signals"])
        self._first: dict[tuple[str, str], dict] = {}
        self.focus = self._focus(filters)

    def _restrict(self) -> None:
        """Every table with articles restricted, once, to the articles of the selection (rows in their
        order), with the :data:`ART` column: each row's article as its place in the selection."""
        where = pd.Index(self.ids, dtype=object)
        for name, df in self.t.items():
            if name == "articles" or "article_id" not in df.columns:
                continue
            codes, uniques = pd.factorize(df["article_id"])  # hashing the distinct ids, not every row
            place = np.append(where.get_indexer(pd.Index(uniques, dtype=object)), -1)[codes]
            self.t[name] = df[place >= 0].assign(**{ART: place[place >= 0]})

    # candidate sentences ---------------------------------------------------------------------
    def _candidates(self, c: dict) -> None:
        """The sentences the briefing may quote: whole, well-formed, ``min_words``–``max_words``
        words, not boilerplate, a dateline cut off and a headline glued to a first sentence split
        off. Beyond :data:`MAX_CANDIDATES` (centrality costs the square of their number) the
        sentences holding a stance signal are kept first, then the leads of the articles."""
        lo, hi, boiler = _candidate_rules(c)
        sents = self.t["sentences"]
        sig = self.t["stance_signals"]
        held = np.isin(_keys(sents, "sent_index"), _keys(sig, "sent_index")) if len(sig) and len(sents) else False
        rows = []
        for art, start, end, stext, pos in self._reading_order(sents, held):
            if len(rows) >= MAX_CANDIDATES:
                break
            text = self.text.get(art, "")
            start, end = int(start), int(end)
            raw = text[start:end] or str(stext)
            rows += [(art, start + shift, start + shift + length, clean, int(pos))
                     for shift, length, clean in quotable_parts(raw, lo, hi, boiler)]
        cand = pd.DataFrame(rows[:MAX_CANDIDATES], columns=["article_id", "start", "end", "text", "position"])
        cand["art_order"] = cand["article_id"].map(self.order)
        cand[ART] = cand["art_order"].astype("int64")
        cand = cand.sort_values(["art_order", "start"], kind="stable").reset_index(drop=True)
        self.cand = cand
        self.c_art = cand["article_id"].tolist()
        self.c_start = [int(x) for x in cand["start"]]
        self.c_end = [int(x) for x in cand["end"]]
        self.c_text = cand["text"].tolist()
        self.sim = similarity(self.c_text)
        scores = lexrank(self.c_text, sim=self.sim)
        # a light lead bias: earlier sentences of an article carry the news
        self.score = [s * (1 + 0.5 / (1 + p)) for s, p in zip(scores, cand["position"])]
        self.cand["score"] = self.score
        self.pronoun_speaker = {i for i, t in enumerate(self.c_text) if _found(PRONOUN_SPEAKER, t)}
        self.ranked = sorted(range(len(cand)), key=lambda i: (i in self.pronoun_speaker, -self.score[i], i))
        self.rank_of = {i: k for k, i in enumerate(self.ranked)}
        self.starts: dict[str, list[int]] = defaultdict(list)
        self.rows_of: dict[str, list[int]] = defaultdict(list)
        for i, (a, s) in enumerate(zip(self.c_art, self.c_start)):
            self.starts[a].append(s)
            self.rows_of[a].append(i)

    def _reading_order(self, sents: pd.DataFrame, held) -> Iterator[tuple]:
        """``(article, start, end, text, sent_index)`` of ``sents`` in the order in which candidates are
        kept: sentences holding a stance signal (``held``) first, then by place in the article, article
        id and offset; read a block at a time, so that reading stops once there are enough."""
        if not len(sents):
            return
        alpha = {a: k for k, a in enumerate(sorted(self.ids))}  # the article ids' own (string) order
        art = sents[ART].to_numpy()
        held = np.broadcast_to(np.asarray(held, dtype=bool), art.shape)
        start, end, pos = (sents[c].to_numpy(dtype=np.int64) for c in ("start", "end", "sent_index"))
        order = np.lexsort((start, np.array([alpha[a] for a in self.ids], dtype=np.int64)[art], pos, ~held))
        texts = sents["text"]
        for k in range(0, len(order), READ_BLOCK):
            block = order[k:k + READ_BLOCK]
            yield from zip([self.ids[a] for a in art[block].tolist()], start[block].tolist(), end[block].tolist(),
                           texts.take(block).tolist(), pos[block].tolist())

    def locate(self, article_id: str, offset: int) -> int | None:
        """The candidate sentence containing ``offset`` of ``article_id``, if any."""
        starts = self.starts.get(article_id)
        if not starts:
            return None
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return None
        i = self.rows_of[article_id][k]
        return i if offset < self.c_end[i] else None

    def locate_all(self, place: np.ndarray, offset: np.ndarray) -> np.ndarray:
        """:meth:`locate` of many offsets at once: for each (article's place in the selection
        (:data:`ART`), offset), the candidate sentence containing it, -1 where none does; found by
        searching the candidates' sorted (article, start) keys instead of a call per offset."""
        place, offset = np.asarray(place, dtype=np.int64), np.asarray(offset, dtype=np.int64)
        if not len(self.cand) or not len(place):
            return np.full(len(place), -1, dtype=np.int64)
        arts = self.cand[ART].to_numpy(dtype=np.int64)
        k = np.searchsorted((arts << 32) + np.asarray(self.c_start, dtype=np.int64), (place << 32) + offset,
                            side="right") - 1
        at = np.maximum(k, 0)
        found = (k >= 0) & (arts[at] == place) & (offset < np.asarray(self.c_end, dtype=np.int64)[at])
        return np.where(found, at, -1)

    def _in_candidates(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``mentions`` (of the selection) whose sentence holds a candidate sentence."""
        if "sent_index" in mentions and len(self.cand):
            mentions = mentions[np.isin(_keys(mentions, "sent_index"), _keys(self.cand, "position"))]
        return mentions

    def _in_sentences_of(self, rows: pd.DataFrame) -> frozenset[int]:
        """The candidates whose sentence holds one of ``rows`` (a table of the selection with ``sent_index``)."""
        if not len(rows) or not len(self.cand):
            return frozenset()
        hit = np.isin(_keys(self.cand, "position"), _keys(rows, "sent_index"))
        return frozenset(np.flatnonzero(hit).tolist())

    def _index(self, mentions: pd.DataFrame, col: str) -> dict[int, set[str]]:
        out: dict[int, set[str]] = defaultdict(set)
        if not len(mentions):
            return out
        mentions = self._in_candidates(mentions)
        located = self.locate_all(mentions[ART].to_numpy(), mentions["start"].to_numpy(dtype=np.int64))
        for i, value in zip(located[located >= 0].tolist(), mentions[col][located >= 0].tolist()):
            if known(value):
                out[i].add(str(value))
        return out

    def _focus(self, filters: dict) -> set[int]:
        """Candidate sentences about the filtered actors, weapons or search text (empty: no focus)."""
        want_actors = {v.lower() for v in filter_values(filters.get("actor"))}
        ids = {a for a, n in self.actor_names.items() if a.lower() in want_actors or n.lower() in want_actors}
        ids |= {a for a in self.actor_type if a.lower() in want_actors}
        systems = {v.lower() for v in filter_values(filters.get("weapon"))}
        q = [v.lower() for v in filter_values(filters.get("q"))]
        out = set()
        for i, text in enumerate(self.c_text):
            if ids & self.sent_actors.get(i, set()) or \
                    systems & {s.lower() for s in self.sent_systems.get(i, set())} or \
                    any(x in text.lower() for x in q):
                out.add(i)
        return out

    # lookups used by the sections ----------------------------------------------------------------
    def evidence(self, i: int) -> Evidence:
        return Evidence(self.c_art[i], self.c_start[i], self.c_end[i])

    def quote(self, i: int) -> str:
        """Candidate ``i`` as an italic Markdown quotation of the article (stray spaces before
        punctuation removed)."""
        return "*" + md_escape(re.sub(r"\s+([,.;:!?])", r"\1", self.c_text[i])) + "*"

    def words(self, i: int) -> int:
        return len(self.c_text[i].split())

    def pool(self, within: Iterable[int] | None = None) -> list[int]:
        """Candidates best first (those whose speaker is only a pronoun last), restricted to the focus
        when there is one (and to ``within``)."""
        allowed = set(within) if within is not None else None
        out = [i for i in self.ranked if allowed is None or i in allowed]
        if self.focus:
            focused = [i for i in out if i in self.focus]
            out = focused or out
        return out

    def matching(self, pattern: re.Pattern | None) -> list[int]:
        if pattern is None:
            return []
        return [i for i, t in enumerate(self.c_text) if _found(pattern, t)]

    def _first_index(self, table: str, col: str) -> dict:
        """``{(article, value): (start, row, end[, candidate])}``: the first mention of each value in
        each article of the selection (``first``), and its first mention inside a candidate sentence
        (``located``). Built once per table, by sorting, not by scanning per lookup."""
        key = (table, col)
        if key not in self._first:
            m = self.t[table]
            first: dict[tuple[str, str], tuple] = {}
            located: dict[tuple[str, str], tuple] = {}
            if len(m):
                codes, uniques = pd.factorize(m[col])  # the values as integers (a missing value: -1)
                values = [str(u) for u in uniques]
                row = np.flatnonzero(codes >= 0)  # (a row's place in the table breaks ties of offset)
                art, code = m[ART].to_numpy()[row], codes[row]
                start, end, sent = (m[c].to_numpy(dtype=np.int64)[row] if c in m else None
                                    for c in ("start", "end", "sent_index"))
                # sorted by (article, value, start, row): the first row of each (article, value) first
                order = np.lexsort((row, start, code, art))
                art, code, start, end, row = art[order], code[order], start[order], end[order], row[order]
                pair = art * (len(values) + 1) + code
                head = np.ones(len(pair), dtype=bool)
                head[1:] = pair[1:] != pair[:-1]
                for a, v, s, r, e in zip(*(x[head].tolist() for x in (art, code, start, row, end))):
                    first[(self.ids[a], values[v])] = (s, r, e)
                inside = np.ones(len(pair), dtype=bool)  # the rows in a candidate sentence
                if sent is not None and len(self.cand):
                    inside = np.isin((art << 32) + sent[order], _keys(self.cand, "position"))
                for a, v, s, r, e in zip(*(x[inside].tolist() for x in (art, code, start, row, end))):
                    k = (self.ids[a], values[v])
                    if k not in located:  # (sorted: the first located one)
                        i = self.locate(k[0], s)
                        if i is not None:
                            located[k] = (s, r, e, i)
            self._first[key] = {"first": first, "located": located}
        return self._first[key]

    def first_mention(self, article_id: str, table: str, col: str, values: set[str]) -> Evidence:
        """The sentence of the first mention of any of ``values`` in ``article_id`` (else that first
        mention itself, else the article's first candidate sentence, else its start)."""
        idx = self._first_index(table, col)
        located = [idx["located"][k] for k in ((article_id, str(v)) for v in values) if k in idx["located"]]
        if located:
            return self.evidence(min(located)[3])
        raw = [idx["first"][k] for k in ((article_id, str(v)) for v in values) if k in idx["first"]]
        if raw:
            start, _, end = min(raw)
            return Evidence(article_id, start, end)
        rows = self.rows_of.get(article_id)
        return self.evidence(rows[0]) if rows else Evidence(article_id, 0, min(200, len(self.text.get(article_id, ""))))

    def mention_articles(self, table: str, col: str, values: set[str]) -> list[str]:
        """Articles of the selection mentioning any of ``values``, in corpus order."""
        first = self._first_index(table, col)["first"]
        values = {str(v) for v in values}
        return sorted({a for a, v in first if v in values}, key=lambda a: self.order.get(a, 0))

    def n_outlets(self, article_ids: Iterable[str]) -> int:
        """Distinct voices among ``article_ids``: known outlets, else stories (near-duplicate versions
        of one story count once)."""
        return len({self.outlet.get(a) or f"?{self.story.get(a, a)}" for a in article_ids})

    def dated(self) -> list[str]:
        """Articles with a known date, oldest first."""
        return sorted((a for a in self.ids if self.date.get(a)), key=lambda a: (self.date[a], self.order[a]))


#: how many sentences :func:`remember_sentences` reads at most (under the memos' size)
REMEMBER_AT_MOST = 50_000


def _candidate_rules(c: dict) -> tuple[int, int, re.Pattern | None]:
    """``(min_words, max_words, boilerplate pattern)`` of the briefing's ``[sentences]`` settings."""
    return int(c.get("min_words", 8)), int(c.get("max_words", 55)), cue_pattern(c.get("boilerplate", []))


def remember_sentences(tables: dict[str, pd.DataFrame], sentences_cfg: dict,
                       at_most: int = REMEMBER_AT_MOST, patterns: Iterable[re.Pattern | None] = ()) -> int:
    """Read a corpus's sentences once as a briefing reads them — their quotable parts
    (:func:`quotable_parts`), those parts' words (:func:`~.centrality.terms`) and whether the
    briefing's cue ``patterns`` (and the pronoun-speaker pattern) occur in them, all remembered — so
    that the briefing of any selection of the corpus (a dashboard writes one per filter state) finds
    its candidate sentences read already. Sentences holding a stance signal first, then by their
    place in the article (the order in which a briefing reads candidates), at most ``at_most``.
    Changes no briefing, only how soon it is written; returns how many sentences were read."""
    patterns = [PRONOUN_SPEAKER, *(p for p in patterns if p is not None)]
    sents, arts = tables.get("sentences"), tables.get("articles")
    if sents is None or arts is None or not len(sents):
        return 0
    lo, hi, boiler = _candidate_rules(sentences_cfg)
    text = {str(a): str(t) if known(t) else "" for a, t in zip(arts["article_id"].tolist(), arts["text"].tolist())}
    sig = tables.get("stance_signals")
    held = np.zeros(len(sents), dtype=bool)
    if sig is not None and len(sig):
        codes, uniques = pd.factorize(pd.concat([sents["article_id"], sig["article_id"]], ignore_index=True))
        key = (codes.astype(np.int64) << 32) + np.concatenate([sents["sent_index"].to_numpy(dtype=np.int64),
                                                               sig["sent_index"].to_numpy(dtype=np.int64)])
        held = np.isin(key[:len(sents)], key[len(sents):])
    order = np.lexsort((sents["sent_index"].to_numpy(dtype=np.int64), ~held))[:at_most]
    ids, starts, ends, texts = (sents[c].take(order).tolist() for c in ("article_id", "start", "end", "text"))
    for a, start, end, stext in zip(ids, starts, ends, texts):
        raw = text.get(str(a), "")[int(start):int(end)] or str(stext)
        for _, _, clean in quotable_parts(raw, lo, hi, boiler):
            terms(clean)
            for pattern in patterns:
                _found(pattern, clean)
    return len(order)


@lru_cache(maxsize=1 << 18)
def _found(pattern: re.Pattern, text: str) -> bool:
    """Whether ``pattern`` occurs in the candidate sentence ``text``; remembered, like the sentences'
    quotable parts, for the briefings of successive selections (room for the three patterns
    :func:`remember_sentences` tests on each of its sentences)."""
    return pattern.search(text) is not None


@lru_cache(maxsize=1 << 16)
def quotable_parts(raw: str, lo: int, hi: int, boiler: re.Pattern | None) -> tuple[tuple[int, int, str], ...]:
    """The parts of the sentence ``raw`` the briefing may quote, as ``(offset, length, words)``: each
    line of it (a headline glued to a first sentence is split off) that is a whole, well-formed
    sentence of ``lo``–``hi`` words once a dateline is cut off, and not boilerplate (``boiler``);
    ``words`` is its text with spaces normalised. Remembered for the sentences of the last briefings
    (a dashboard writes one per filter state, mostly over the same sentences)."""
    out = []
    for seg_start, seg in (segments(raw) if "\n" in raw else ((0, raw),)):
        words = seg.split()
        if not (lo <= len(words) <= hi + 6):  # (a dateline's words are cut below)
            continue
        lead = seg.strip()
        shift = seg_start + (len(seg) - len(seg.lstrip()))
        if lead[1:2].isupper():
            dateline = DATELINE.match(lead)
            if dateline:
                lead, shift = lead[dateline.end():], shift + dateline.end()
                words = lead.split()
        clean = " ".join(words)
        if not (lo <= len(words) <= hi) or not well_formed(clean) or (boiler and boiler.search(clean)):
            continue
        out.append((shift, len(lead), clean))
    return tuple(out)


def _keys(df: pd.DataFrame, col: str) -> np.ndarray:
    """(article, ``col``) of each row of a table of the selection as one integer (the article's place
    in the selection × 2³² + ``col``), to match rows of two tables by sentence with array work."""
    return (df[ART].to_numpy(dtype=np.int64) << 32) + df[col].to_numpy(dtype=np.int64)
