"""The generated briefing: a cited analyst's brief of the debate, in Markdown, built from the tables.

:func:`make_briefing` turns the tables of a corpus (or of a filtered selection of it) into a
deterministic Markdown brief with these sections: coverage and active filters, *Bottom line*,
*Where the actors stand*, *Weapons in play*, *Most-cited quotes*, *Agreement and contention across
outlets*, *What to watch* and numbered *Sources*. Every bullet ends with citations such as ``[1]``
or ``[2, 4]``; :func:`make_briefing_with_citations` also returns the citation map that resolves
each one to an article and the character offsets of the sentence (or quote) it rests on.

Two kinds of sentence appear, told apart in the text: sentences quoted from the articles (in
italics), chosen by LexRank centrality (:mod:`components.report.centrality`) with near-duplicates removed,
and generated sentences, which are templates filled only with names, counts and figures read from
the tables, so nothing is named that the corpus does not name. The one exception is the weapon
catalogue's facts (origin, maker, range), marked "Catalogue". Cues, wording limits and word bounds
live in ``components/data/briefing.toml``. A table that is empty (no quotes or stances yet) makes
its section say so instead of failing.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

import numpy as np
import pandas as pd

from ..tables.quotes import normalize_quote, same_words
from .centrality import lexrank, select_diverse, similarity
from ..knowledge import Knowledge
from ..tables.schema import empty

STANCE_ORDER = ("support", "oppose", "cautious", "mixed")
STANCE_HEADINGS = {"support": "Support", "oppose": "Oppose", "cautious": "Cautious", "mixed": "Mixed"}
FILTER_LABELS = {"actor": "actor", "weapon": "weapon", "outlet": "outlet", "stance": "stance", "q": "text",
                 "date_from": "date from", "date_to": "date to"}
MAX_CANDIDATES = 2500
MAX_CITED_PER_ITEM = 6


# ------------------------------------------------------------------------------------------ types
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


class Briefing(NamedTuple):
    """The Markdown briefing and its citation map: one dict per (bullet, cited source) with keys
    ``bullet`` (running number of the bullet), ``section``, ``n`` (the source number shown as
    ``[n]``), ``article_id``, ``start`` and ``end`` (offsets of the cited sentence or quote)."""

    markdown: str
    citations: list[dict]


# ---------------------------------------------------------------------------------- text helpers
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown on one line: whitespace collapsed, Markdown and HTML syntax
    characters backslash-escaped, so untrusted article text can neither format nor inject."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    return MD_SPECIAL.sub(r"\\\1", text)


def cue_pattern(cues: Iterable[str]) -> re.Pattern | None:
    """A case-insensitive regex matching any cue on word boundaries (``*`` = any word ending)."""
    alts = []
    for cue in cues:
        cue = cue.strip().lower()
        if not cue:
            continue
        body = re.escape(cue.rstrip("*")).replace(r"\ ", r"\s+")
        alts.append(body + (r"\w*" if cue.endswith("*") else ""))
    if not alts:
        return None
    return re.compile(r"(?<![\w%])(?:" + "|".join(sorted(alts, key=len, reverse=True)) + r")(?![\w])", re.I)


def count_words(markdown: str) -> int:
    """Words of a Markdown text (markup and citation numbers not counted)."""
    text = re.sub(r"\[\d+(?:, \d+)*\]", " ", markdown)
    return len(re.findall(r"[^\W\d_][\w’'.\-/]*|\d[\d.,]*", text))


def join_names(names: list[str]) -> str:
    """``["A", "B", "C"]`` → ``"A, B and C"``."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _values(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v] if v.strip() else []
    try:
        return [str(x) for x in v if x is not None and str(x).strip()]
    except TypeError:
        return [str(v)]


def _known(v) -> bool:
    return v is not None and not (isinstance(v, float) and np.isnan(v)) and v is not pd.NA \
        and str(v).strip() not in ("", "unknown", "None", "nan", "<NA>")


# ------------------------------------------------------------------------------ the corpus view
class Corpus:
    """The tables of one selection prepared for the briefing: candidate sentences (clean article
    sentences the briefing may quote) with their centrality, similarity and mentions."""

    def __init__(self, tables: dict[str, pd.DataFrame], cfg: dict, filters: dict):
        self.t = {name: tables.get(name) if tables.get(name) is not None else empty(name)
                  for name in ("articles", "sentences", "actors", "actor_mentions", "weapon_mentions",
                               "quotes", "stances", "stance_signals")}
        self.cfg = cfg
        arts = self.t["articles"].drop_duplicates("article_id").sort_values(["date", "article_id"], kind="stable")
        self.articles = arts.reset_index(drop=True)
        self.ids = [str(a) for a in self.articles["article_id"]]
        self.order = {a: i for i, a in enumerate(self.ids)}
        self.text = {str(r.article_id): str(r.text) if _known(r.text) else ""
                     for r in self.articles.itertuples()}
        self.outlet = {str(r.article_id): str(r.outlet) if _known(r.outlet) else None
                       for r in self.articles.itertuples()}
        self.story = {str(r.article_id): str(r.duplicate_of) if _known(r.duplicate_of) and str(r.duplicate_of) in self.text
                      else str(r.article_id) for r in self.articles.itertuples()}
        self.corpus_lower = "\n".join(self.text.values()).lower()
        self._candidates()
        self.actor_names = {str(r.actor_id): str(r.actor) for r in self.t["stances"].itertuples()
                            if _known(r.actor) and _known(r.actor_id)}
        self.actor_names.update({str(r.actor_id): str(r.name) for r in self.t["actors"].itertuples() if _known(r.name)})
        self.sent_actors = self._index(self.t["actor_mentions"], "actor_id")
        self.sent_systems = self._index(self.t["weapon_mentions"][self.t["weapon_mentions"]["named"].astype(bool)]
                                        if len(self.t["weapon_mentions"]) else self.t["weapon_mentions"], "system")
        self.focus = self._focus(filters)

    # candidate sentences ---------------------------------------------------------------------
    def _candidates(self) -> None:
        c = self.cfg.get("sentences", {})
        lo, hi = int(c.get("min_words", 8)), int(c.get("max_words", 55))
        boiler = cue_pattern(c.get("boilerplate", []))
        rows = []
        sents = self.t["sentences"]
        sents = sents[sents["article_id"].isin(self.ids)].sort_values(["article_id", "start"], kind="stable")
        for r in sents.itertuples():
            text = self.text.get(str(r.article_id), "")
            start, end = int(r.start), int(r.end)
            raw = text[start:end] if text[start:end] else str(r.text)
            for seg_start, seg in _segments(raw):
                lead = seg.strip()
                shift = seg_start + (len(seg) - len(seg.lstrip()))
                dateline = DATELINE.match(lead)
                if dateline:
                    lead, shift = lead[dateline.end():], shift + dateline.end()
                seg_clean = re.sub(r"\s+", " ", lead)
                n = len(seg_clean.split())
                if not (lo <= n <= hi) or not _well_formed(seg_clean) or (boiler and boiler.search(seg_clean)):
                    continue
                rows.append({"article_id": str(r.article_id), "start": start + shift, "end": start + shift + len(lead),
                             "text": seg_clean, "position": int(r.sent_index)})
        cand = pd.DataFrame(rows, columns=["article_id", "start", "end", "text", "position"])
        if len(cand) > MAX_CANDIDATES:  # keep the leads of articles: news puts the point first
            cand = cand.sort_values(["position", "article_id", "start"], kind="stable").head(MAX_CANDIDATES)
        cand["art_order"] = cand["article_id"].map(self.order)
        cand = cand.sort_values(["art_order", "start"], kind="stable").reset_index(drop=True)
        self.cand = cand
        texts = cand["text"].tolist()
        self.sim = similarity(texts)
        scores = lexrank(texts, sim=self.sim)
        # a light lead bias: earlier sentences of an article carry the news
        self.cand["score"] = [s * (1 + 0.5 / (1 + p)) for s, p in zip(scores, cand["position"])]
        self.ranked = sorted(range(len(cand)), key=lambda i: (-self.cand.at[i, "score"], i))
        self.starts = {a: g["start"].tolist() for a, g in cand.groupby("article_id", sort=False)}
        self.rows_of = {a: g.index.tolist() for a, g in cand.groupby("article_id", sort=False)}

    def locate(self, article_id: str, offset: int) -> int | None:
        """The candidate sentence containing ``offset`` of ``article_id``, if any."""
        starts = self.starts.get(article_id)
        if not starts:
            return None
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return None
        i = self.rows_of[article_id][k]
        return i if offset < self.cand.at[i, "end"] else None

    def _index(self, mentions: pd.DataFrame, col: str) -> dict[int, set[str]]:
        out: dict[int, set[str]] = defaultdict(set)
        for r in mentions.itertuples():
            i = self.locate(str(r.article_id), int(r.start))
            if i is not None and _known(getattr(r, col)):
                out[i].add(str(getattr(r, col)))
        return out

    def _focus(self, filters: dict) -> set[int]:
        """Candidate sentences about the filtered actors, weapons or search text (empty: no focus)."""
        want_actors = {v.lower() for v in _values(filters.get("actor"))}
        ids = {a for a, n in self.actor_names.items() if a.lower() in want_actors or n.lower() in want_actors}
        systems = {v.lower() for v in _values(filters.get("weapon"))}
        q = [v.lower() for v in _values(filters.get("q"))]
        out = set()
        for i in range(len(self.cand)):
            if ids & self.sent_actors.get(i, set()) or \
                    systems & {s.lower() for s in self.sent_systems.get(i, set())} or \
                    any(x in self.cand.at[i, "text"].lower() for x in q):
                out.add(i)
        return out

    # helpers used by the sections --------------------------------------------------------------
    def evidence(self, i: int) -> Evidence:
        r = self.cand.loc[i]
        return Evidence(str(r["article_id"]), int(r["start"]), int(r["end"]))

    def quote(self, i: int) -> str:
        """Candidate ``i`` as an italic Markdown quotation of the article (stray spaces before
        punctuation removed)."""
        return "*" + md_escape(re.sub(r"\s+([,.;:!?])", r"\1", self.cand.at[i, "text"])) + "*"

    def pool(self, within: Iterable[int] | None = None) -> list[int]:
        """Candidates best first, restricted to the focus when there is one (and to ``within``)."""
        allowed = set(within) if within is not None else None
        out = [i for i in self.ranked if allowed is None or i in allowed]
        if self.focus:
            focused = [i for i in out if i in self.focus]
            out = focused or out
        return out

    def matching(self, pattern: re.Pattern | None) -> list[int]:
        if pattern is None:
            return []
        return [i for i in range(len(self.cand)) if pattern.search(self.cand.at[i, "text"])]

    def first_mention(self, article_id: str, table: str, col: str, values: set[str]) -> Evidence:
        """The sentence of the first mention of any of ``values`` in ``article_id`` (else the article's
        first candidate sentence, else its start)."""
        m = self.t[table]
        m = m[(m["article_id"] == article_id) & m[col].isin(list(values))].sort_values("start", kind="stable")
        for r in m.itertuples():
            i = self.locate(article_id, int(r.start))
            if i is not None:
                return self.evidence(i)
        if len(m):
            r = m.iloc[0]
            return Evidence(article_id, int(r["start"]), int(r["end"]))
        rows = self.rows_of.get(article_id)
        return self.evidence(rows[0]) if rows else Evidence(article_id, 0, min(200, len(self.text.get(article_id, ""))))

    def attested(self, text: str) -> bool:
        """``text`` occurs (case-insensitively) in some article."""
        return bool(text) and text.lower() in self.corpus_lower

    def attests(self, text: str) -> bool:
        """Every capitalised word and every number of ``text`` occurs in some article as a word."""
        for w in re.findall(r"\b[A-Z][\w\-]*|\d+(?:[.,]\d+)?", text):
            if not re.search(r"(?<![\w])" + re.escape(w.lower()) + r"(?![\w])", self.corpus_lower):
                return False
        return True

    def n_outlets(self, article_ids: Iterable[str]) -> int:
        """Distinct voices among ``article_ids``: known outlets, else stories (near-duplicate versions
        of one story count once)."""
        return len({self.outlet.get(a) or f"?{self.story.get(a, a)}" for a in article_ids})


# "WASHINGTON —", "KYIV, Ukraine (AP) —": a dateline opening a news story, not part of the sentence
DATELINE = re.compile(r"^[A-Z][A-Z.'\- ]{2,30}(?:,[\w.' ]{1,30})?(?:\s*\([\w. ]{1,20}\))?\s*[—–-]{1,2}\s+")


def _segments(raw: str) -> list[tuple[int, str]]:
    """Lines of a sentence with their offsets (a headline glued to a first sentence is split off)."""
    out, pos = [], 0
    for line in raw.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def _well_formed(s: str) -> bool:
    """A full sentence: starts with a capital or a quotation mark, ends with terminal punctuation, and
    its quotation marks are balanced (not a fragment of a quote split over sentences)."""
    if not re.match(r"^[\"“‘'(]?[A-Z0-9]", s):
        return False
    if not re.search(r"[.!?…][\"”’')]*$", s):
        return False
    if s.count('"') % 2 or s.count("“") != s.count("”"):
        return False
    return True


# ------------------------------------------------------------------------------------- sections
class Builder:
    """Builds the sections of one briefing over a :class:`Corpus` within ``limits``."""

    def __init__(self, corpus: Corpus, knowledge: Knowledge, filters: dict, limits: dict):
        self.c = corpus
        self.k = knowledge
        self.filters = filters
        self.lim = limits
        self.used: list[int] = []  # candidate sentences already quoted: never quoted twice
        self.cfg = corpus.cfg

    def take(self, order: Iterable[int], k: int = 1, max_similarity: float = 0.5) -> list[int]:
        chosen = select_diverse(list(order), self.c.sim, k, max_similarity, exclude=self.used)
        self.used.extend(chosen)
        return chosen

    # title and coverage ---------------------------------------------------------------------------
    def title(self) -> str:
        focus = _values(self.filters.get("weapon")) + [self._actor_label(v) for v in _values(self.filters.get("actor"))]
        if focus:
            return "Briefing: " + md_escape(join_names(focus))
        systems = self.named_systems()[:2]
        if systems:
            return "Debate briefing: " + md_escape(join_names(systems))
        actors = self.top_actors(2, types=("person", "organization", "group"))
        return "Debate briefing: " + md_escape(join_names([self.c.actor_names[a] for a in actors])) if actors \
            else "Debate briefing"

    def _actor_label(self, value: str) -> str:
        return self.c.actor_names.get(value, value)

    def coverage(self) -> list[str]:
        arts = self.c.articles
        n = len(arts)
        outlets = sorted({o for o in self.c.outlet.values() if o})
        unknown = sum(1 for o in self.c.outlet.values() if not o)
        dates = sorted(str(d) for d in arts["date"] if _known(d))
        if outlets:
            o_txt = f"from {len(outlets)} outlet{'s' * (len(outlets) != 1)} (" + md_escape(", ".join(outlets[:6])) \
                + (", …" if len(outlets) > 6 else "") + ")"
            if unknown:
                o_txt += f", {unknown} with no known outlet"
        else:
            o_txt = "(no outlet known)"
        if dates:
            d_txt = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
            d_txt = f"dated {md_escape(d_txt)}" + (f" ({n - len(dates)} undated)" if len(dates) < n else "")
        else:
            d_txt = "no publication dates known"
        dups = sum(1 for a, root in self.c.story.items() if a != root)
        if dups:
            d_txt += f"; {dups} " + ("is a near-duplicate version of another article and counts" if dups == 1 else
                                     "are near-duplicate versions of other articles and count") \
                + " once in cross-outlet comparisons"
        lines = [f"**Covers** {n} article{'s' * (n != 1)} {o_txt}; {d_txt}."]
        active = []
        for key, label in FILTER_LABELS.items():
            vals = [self._actor_label(v) if key == "actor" else v for v in _values(self.filters.get(key))]
            if vals:
                active.append(f"{label} = " + ", ".join(md_escape(v) for v in vals))
        for key in sorted(k for k in self.filters if k not in FILTER_LABELS):
            vals = _values(self.filters.get(key))
            if vals:
                active.append(md_escape(key) + " = " + ", ".join(md_escape(v) for v in vals))
        lines.append("**Filters:** " + ("; ".join(active) if active else "none (the whole corpus)") + ".")
        lines.append("*Italic sentences are quoted from the articles; the rest is generated from the extracted "
                     "tables. Numbers in brackets refer to the sources at the end.*")
        return lines

    # shared lookups -------------------------------------------------------------------------------
    def named_systems(self) -> list[str]:
        wm = self.c.t["weapon_mentions"]
        if not len(wm):
            return []
        wm = wm[wm["named"].astype(bool)]
        focus = {v.lower() for v in _values(self.filters.get("weapon"))}
        g = wm.groupby("system").agg(n=("start", "size"), arts=("article_id", "nunique")).reset_index()
        g["focus"] = g["system"].str.lower().isin(focus)
        g = g.sort_values(["focus", "arts", "n", "system"], ascending=[False, False, False, True], kind="stable")
        return [str(s) for s in g["system"]]

    def top_actors(self, k: int, types: tuple[str, ...] | None = None) -> list[str]:
        a = self.c.t["actors"]
        m = self.c.t["actor_mentions"]
        if not len(a) or not len(m):
            return []
        counts = m.groupby("actor_id").agg(n=("start", "size"), arts=("article_id", "nunique")).reset_index()
        counts = counts.merge(a[["actor_id", "type"]], on="actor_id", how="left")
        if types:
            counts = counts[counts["type"].isin(types)]
        focus = {v.lower() for v in _values(self.filters.get("actor"))}
        counts["focus"] = [str(x).lower() in focus or self.c.actor_names.get(x, "").lower() in focus
                           for x in counts["actor_id"]]
        counts = counts[counts["actor_id"].isin(list(self.c.actor_names))]
        counts = counts.sort_values(["focus", "arts", "n", "actor_id"], ascending=[False, False, False, True],
                                    kind="stable")
        return [str(x) for x in counts["actor_id"].head(k)]

    def mention_evidence(self, table: str, col: str, values: set[str]) -> list[Evidence]:
        m = self.c.t[table]
        arts = sorted(set(m.loc[m[col].isin(list(values)), "article_id"]), key=lambda a: self.c.order.get(a, 0))
        return [self.c.first_mention(a, table, col, values) for a in arts[:MAX_CITED_PER_ITEM]]

    # bottom line ----------------------------------------------------------------------------------
    def bottom_line(self) -> list[Item]:
        out: list[Item] = []
        decision = cue_pattern(self.cfg.get("decision", {}).get("cues", []))
        dec = set(self.c.matching(decision))
        # the more decision cues a central sentence carries, the better it states what is at issue
        by_cues = sorted(self.c.pool(dec), key=lambda i: -self.c.cand.at[i, "score"]
                         * (1 + 0.5 * min(len(decision.findall(self.c.cand.at[i, "text"])), 3)))
        first = self.take(by_cues if dec else self.c.pool())
        if first:
            out.append(Item([("At issue, as reported: " + self.c.quote(first[0]), [self.c.evidence(first[0])])]))
        people = self.top_actors(3, types=("person",))
        others = self.top_actors(2, types=("organization", "group", "country"))
        systems = self.named_systems()[:3]
        bits = []
        if people:
            bits.append("the people most in view are " + md_escape(join_names([self.c.actor_names[a] for a in people])))
        if others:
            bits.append("the most-cited " + ("parties are " if len(others) > 1 else "party is ")
                        + md_escape(join_names([self.c.actor_names[a] for a in others])))
        if systems:
            bits.append(("the named weapon systems at stake are " if len(systems) > 1 else
                         "the named weapon system at stake is ") + md_escape(join_names(systems)))
        if bits:
            ev = self.mention_evidence("actor_mentions", "actor_id", set(people + others))
            if systems:
                ev += self.mention_evidence("weapon_mentions", "system", set(systems))
            text = "; ".join(bits)
            out.append(Item([(text[0].upper() + text[1:] + ".", _dedupe(ev))]))
        stance = self.stance_summary()
        if stance:
            out.append(stance)
        watch = cue_pattern(self.cfg.get("watch", {}).get("cues", []) + self.cfg.get("watch", {}).get("dates", []))
        pending = set(self.c.matching(watch))
        last = self.take(self.c.pool(pending) if pending else self.c.pool())
        if last:
            out.append(Item([("Where it stands: " + self.c.quote(last[0]), [self.c.evidence(last[0])])]))
        if len(out) < 3:
            more = self.take(self.c.pool())
            if more:
                out.append(Item([("Also central: " + self.c.quote(more[0]), [self.c.evidence(more[0])])]))
        if not out:
            out.append(Item([("No complete sentence could be read from this selection, so there is nothing "
                              "to summarise.", [])]))
        return out[:5]

    def stance_rows(self) -> pd.DataFrame:
        """One row per actor: the corpus-level stance rows, else the per-article rows aggregated."""
        s = self.c.t["stances"]
        if not len(s):
            return s
        s = s[s["stance"].isin(STANCE_ORDER) & s["actor_id"].isin(list(self.c.actor_names))]
        corpus = s[s["article_id"].isna()]
        per_article = s[s["article_id"].notna() & s["article_id"].isin(self.c.ids)]
        if len(corpus):
            corpus = corpus[corpus["actor_id"].isin(set(per_article["actor_id"]))] if len(per_article) else corpus
            rows = corpus
        else:
            rows = _aggregate_stances(per_article)
        rows = rows.copy()
        rows["strength"] = rows["score"].abs().fillna(0) * rows["confidence"].fillna(0.5) + rows["n_signals"].fillna(0) * 0.01
        return rows.sort_values(["strength", "actor_id"], ascending=[False, True], kind="stable").drop_duplicates("actor_id")

    def stance_summary(self) -> Item | None:
        rows = self.stance_rows()
        if not len(rows):
            return None
        counts = Counter(rows["stance"])
        parts = []
        for label in STANCE_ORDER:
            if counts[label]:
                names = [self.c.actor_names[a] for a in rows.loc[rows["stance"] == label, "actor_id"].head(2)]
                verb = {"support": "support", "oppose": "oppose", "cautious": "are cautious",
                        "mixed": "are mixed"}[label]
                if counts[label] == 1:
                    verb = {"support": "supports", "oppose": "opposes", "cautious": "is cautious",
                            "mixed": "is mixed"}[label]
                lead = ", notably " if counts[label] > 2 else ": "
                parts.append(f"{counts[label]} {verb}{lead}{md_escape(join_names(names))}")
        ev = []
        for a in rows["actor_id"].head(4):
            e = self.actor_evidence(a, None, reserve=False)
            if e is not None:
                ev.append(e[1])
        text = f"Of the {len(rows)} actors with a discernible position, " + "; ".join(parts) + "."
        return Item([(text, _dedupe(ev))])

    # actors ---------------------------------------------------------------------------------------
    def actor_evidence(self, actor_id: str, label: str | None, reserve: bool = True) -> tuple[str, Evidence] | None:
        """A short quotation supporting ``actor_id``'s position: a direct quote by the actor in a stance
        signal sentence, else the strongest signal sentence, else the most central sentence naming the
        actor. Returns ``(markdown, evidence)``."""
        sig = self.c.t["stance_signals"]
        sig = sig[(sig["actor_id"] == actor_id) & sig["article_id"].isin(self.c.ids)]
        if label in ("support", "oppose", "cautious"):
            sig = sig[sig["label"] == label] if (sig["label"] == label).any() else sig
        cands: list[int] = []
        if len(sig):
            # strongest signals in the most central sentences first
            rank = {i: 1 - k / max(len(self.c.ranked), 1) for k, i in enumerate(self.c.ranked)}
            scored = []
            for r in sig.itertuples():
                i = self.c.locate(str(r.article_id), int(r.start))
                if i is not None:
                    w = abs(float(r.weight)) if _known(r.weight) else 0.0
                    scored.append((-w * (0.5 + rank[i]), i))
            for _, i in sorted(scored):
                if i not in cands:
                    cands.append(i)
        if not cands:
            ev_texts = self._stance_evidence_texts(actor_id)
            cands = [i for i in self.c.ranked if self.c.cand.at[i, "text"] in ev_texts]
        if not cands:
            cands = [i for i in self.c.ranked if actor_id in self.c.sent_actors.get(i, set())]
        q = self._actor_quote(actor_id, set(cands))
        if q is not None:
            return q
        # sentences on the filtered subject first, then short ones (the sort is stable)
        cands = sorted(cands, key=lambda i: (bool(self.c.focus) and i not in self.c.focus,
                                             len(self.c.cand.at[i, "text"].split()) > 35))
        chosen = select_diverse(cands, self.c.sim, 1, 0.6, exclude=self.used if reserve else ()) or cands[:1]
        if not chosen:  # no sentence names the actor: none to show
            return None
        if reserve:
            self.used.extend(chosen)
        return self.c.quote(chosen[0]), self.c.evidence(chosen[0])

    def _stance_evidence_texts(self, actor_id: str) -> set[str]:
        s = self.c.t["stances"]
        out = set()
        for ev in s.loc[s["actor_id"] == actor_id, "evidence"]:
            for e in ev if isinstance(ev, (list, tuple, np.ndarray)) else []:
                out.add(re.sub(r"\s+", " ", str(e)).strip())
        return out

    def _actor_quote(self, actor_id: str, sentences: set[int]) -> tuple[str, Evidence] | None:
        q = self.c.t["quotes"]
        q = q[(q["speaker_id"] == actor_id) & q["kind"].isin(["direct", "partial"]) & q["article_id"].isin(self.c.ids)]
        best = None
        for r in q.itertuples():
            words = len(str(r.text).split())
            i = self.c.locate(str(r.article_id), int(r.start))
            if i is None or i not in sentences or not 4 <= words <= 40:
                continue
            key = (-self.c.cand.at[i, "score"], str(r.article_id), int(r.start))
            if best is None or key < best[0]:
                best = (key, r)
        if best is None:
            return None
        r = best[1]
        return "*“" + md_escape(_quote_text(r.text)) + "”*", Evidence(str(r.article_id), int(r.start), int(r.end))

    def actors_section(self) -> list[str | Item]:
        rows = self.stance_rows()
        out: list[str | Item] = []
        if len(rows):
            # a filtered actor's own position comes first
            want = {v.lower() for v in _values(self.filters.get("actor"))}
            first = rows["actor_id"].str.lower().isin(want) | rows["actor"].astype(str).str.lower().isin(want) \
                if "actor" in rows else rows["actor_id"].str.lower().isin(want)
            rows = pd.concat([rows[first], rows[~first]])
            labels = list(dict.fromkeys(list(rows.loc[first, "stance"]) + list(STANCE_ORDER)))
            for label in labels:
                group = rows[rows["stance"] == label].head(self.lim["actors_per_group"])
                if not len(group):
                    continue
                out.append(f"### {STANCE_HEADINGS[label]}")
                for a in group["actor_id"]:
                    ev = self.actor_evidence(a, label)
                    if ev is None:
                        continue
                    out.append(Item([(f"**{md_escape(self.c.actor_names[a])}**: {ev[0]}", [ev[1]])]))
            return out
        out.append("*No stance labels are available for this selection, so positions are not classified. "
                   "The most-mentioned actors, each with the most central sentence naming them:*")
        m = self.c.t["actor_mentions"]
        for a in self.top_actors(self.lim["actors_without_stance"], types=("person", "organization", "group")):
            sub = m[m["actor_id"] == a]
            ev = self.actor_evidence(a, None)
            if ev is None:
                continue
            n_arts = sub["article_id"].nunique()
            out.append(Item([(f"**{md_escape(self.c.actor_names[a])}** ({len(sub)} mention{'s' * (len(sub) != 1)} "
                              f"in {n_arts} article{'s' * (n_arts != 1)}): {ev[0]}", [ev[1]])]))
        if len(out) == 1:
            out[0] = "*No stance labels are available for this selection, and no person or organisation was identified.*"
        return out

    # weapons --------------------------------------------------------------------------------------
    def weapons_section(self) -> list[str | Item]:
        wm = self.c.t["weapon_mentions"]
        systems = self.named_systems()[: self.lim["weapons"]]
        n = len(self.c.ids)
        out: list[str | Item] = []
        aspects = [(name, cue_pattern(cues)) for name, cues in self.cfg.get("weapon_aspects", {}).items()]
        for s in systems:
            sub = wm[wm["system"] == s]
            arts = sub["article_id"].nunique()
            head = f"**{md_escape(s)}**: {len(sub)} mention{'s' * (len(sub) != 1)} in {arts} of {n} articles."
            facts = self.catalogue_facts(s)
            if facts:
                head += " Catalogue: " + facts + "."
            item = Item([(head, self.mention_evidence("weapon_mentions", "system", {s}))])
            about = [i for i in self.c.ranked if s in self.c.sent_systems.get(i, set())]
            said = 0
            for name, pat in aspects:
                if said >= 2 or pat is None:
                    continue
                chosen = self.take([i for i in about if pat.search(self.c.cand.at[i, "text"])], 1, 0.6)
                if chosen:
                    said += 1
                    item.children.append(Item([(f"{name.capitalize()}: {self.c.quote(chosen[0])}",
                                                [self.c.evidence(chosen[0])])]))
            if not said:
                chosen = self.take(about, 1, 0.6) or about[:1]
                if chosen:
                    item.children.append(Item([(f"Said: {self.c.quote(chosen[0])}", [self.c.evidence(chosen[0])])]))
            out.append(item)
        if not systems:
            generic = wm.groupby("system").size().sort_values(ascending=False, kind="stable") if len(wm) else []
            if len(generic):
                top = list(generic.index[:4])
                out.append(Item([("No named weapon system is identified; the weapons are discussed as "
                                  + md_escape(join_names([f"{g} ({generic[g]} mentions)" for g in top])) + ".",
                                  self.mention_evidence("weapon_mentions", "system", set(top)))]))
            else:
                out.append("*No weapon systems were found in this selection.*")
        return out

    def catalogue_facts(self, system: str) -> str:
        """The catalogue's category, origin, maker and range of ``system``, each shown only where the
        articles attest every name and number in it (a range's parts are checked one by one), so the
        briefing names nothing the corpus does not."""
        w = self.k.weapon(system)
        if w is None:
            return ""
        facts = [md_escape(w.category)] if w.category and self.c.attests(w.category) else []
        if w.origin and self.c.attests(w.origin):
            facts.append("origin " + md_escape(w.origin))
        if w.maker and self.c.attests(w.maker):
            facts.append("made by " + md_escape(w.maker))
        if w.range_text:
            parts = [p.strip(" ()") for p in re.split(r"[()]", w.range_text) if p.strip(" ()")]
            shown = w.range_text if self.c.attests(w.range_text) else \
                " / ".join(p for p in parts if self.c.attests(p) and re.search(r"\d", p))
            if shown:
                facts.append("range " + md_escape(shown))
        return "; ".join(facts)

    # quotes ---------------------------------------------------------------------------------------
    def quotes_section(self) -> list[str | Item]:
        groups = quote_groups(self.c.t["quotes"], self.c)
        if groups is None:
            return ["*No quotes were extracted for this selection (the quotes table is empty).*"]
        out: list[str | Item] = []
        for g in groups[: self.lim["quotes"]]:
            speaker = md_escape(g["speaker"]) if g["speaker"] else "unattributed"
            arts = g["articles"]
            reach = f"in {len(arts)} article{'s' * (len(arts) != 1)}"
            n_out = len({self.c.outlet[a] for a in arts if self.c.outlet.get(a)})
            if n_out > 1:
                reach += f" from {n_out} known outlets"
            out.append(Item([(f"*“{md_escape(g['text'])}”*: {speaker}, {reach}.", g["evidence"])]))
        return out or ["*No direct quotes long enough to report in this selection.*"]

    # agreement and contention ---------------------------------------------------------------------
    def agreement_section(self) -> list[str | Item]:
        n = len(self.c.ids)
        out: list[str | Item] = []
        if n < 2:
            return ["*One article only: there is nothing to compare across outlets.*"]
        out.append("### Common ground")
        common = self.common_mentions()
        if common:
            out.append(common)
        for item in self.shared_points()[: self.lim["agreement"]]:
            out.append(item)
        if not isinstance(out[-1], Item):
            out.append("*No point is reported by more than one article.*")
        out.append("### Differences")
        diffs = self.figure_differences() + self.stance_differences() + self.coverage_gaps()
        out.extend(diffs[: self.lim["contention"]])
        if not diffs:
            out.append("*No differing figures, stances or coverage gaps were detected.*")
        return out

    def common_mentions(self) -> Item | None:
        n = len(self.c.ids)
        need = n if n <= 3 else int(np.ceil(0.8 * n))
        word = "All" if need == n else "At least"
        wm = self.c.t["weapon_mentions"]
        parts = []
        ev: list[Evidence] = []
        if len(wm):
            w = wm[wm["named"].astype(bool)].groupby("system")["article_id"].nunique()
            systems = [s for s in self.named_systems() if w.get(s, 0) >= need][:4]
            if systems:
                parts.append("mention " + md_escape(join_names(systems)))
                ev += self.mention_evidence("weapon_mentions", "system", set(systems))
        m = self.c.t["actor_mentions"]
        if len(m):
            a = m.groupby("actor_id")["article_id"].nunique()
            actors = [x for x in self.top_actors(40, types=("person", "organization", "group")) if a.get(x, 0) >= need][:4]
            if actors:
                parts.append("name " + md_escape(join_names([self.c.actor_names[x] for x in actors])))
                ev += self.mention_evidence("actor_mentions", "actor_id", set(actors))
        if not parts:
            return None
        return Item([(f"{word} {need} of {n} articles " + " and ".join(parts) + ".", _dedupe(ev))])

    def shared_points(self, threshold: float = 0.45) -> list[Item]:
        """Points reported by several articles: a central sentence and its closest match in each other
        article (cosine ≥ ``threshold``), widest reach first."""
        c = self.c
        art = c.cand["article_id"].tolist()
        clusters = []
        for i in c.pool()[:200]:
            members = {art[i]: i}
            for j in np.argsort(-c.sim[i], kind="stable"):
                if c.sim[i, j] < threshold:
                    break
                if art[j] not in members:
                    members[art[j]] = int(j)
            if len(members) >= 2 and c.n_outlets(members) >= 2:
                clusters.append((-c.n_outlets(members), -len(members), c.ranked.index(i), i, members))
        clusters.sort()
        out = []
        for _, _, _, i, members in clusters:
            if len(out) >= self.lim["agreement"]:
                break
            if not self.take([i], 1, 0.45):
                continue
            arts = sorted(members, key=lambda a: c.order[a])
            ev = [c.evidence(members[a]) for a in arts]
            out.append(Item([(f"Reported in similar terms by {len(arts)} of {len(c.ids)} articles: {c.quote(i)}", ev)]))
        return out

    def figure_differences(self) -> list[Item]:
        """Named systems given different figures (same unit, values more than 10% apart) in different
        articles, e.g. two ranges for one missile."""
        figs = figures_by_system(self.c, self.cfg.get("figures", {}))
        out = []
        for (system, kind), found in sorted(figs.items()):
            values = {}
            for norm, shown, ev in found:
                if not any(abs(norm - v) <= 0.1 * max(abs(v), 1e-9) for v in values):
                    values[norm] = (shown, [ev])
                else:
                    key = next(v for v in values if abs(norm - v) <= 0.1 * max(abs(v), 1e-9))
                    values[key][1].append(ev)
            arts = {e.article_id for _, _, e in found}
            if len(values) < 2 or len(arts) < 2:
                continue
            parts = [(f"Figures differ for {md_escape(system)} ({kind}): ", [])]
            for _, (shown, evs) in sorted(values.items()):
                parts.append((("" if len(parts) == 1 else "; ") + md_escape(shown), _dedupe(evs)))
            parts.append((".", []))
            out.append(Item(parts))
        return out

    def stance_differences(self) -> list[Item]:
        s = self.c.t["stances"]
        if not len(s):
            return []
        s = s[s["article_id"].notna() & s["article_id"].isin(self.c.ids) & s["stance"].isin(STANCE_ORDER)]
        out = []
        for a, g in sorted(s.groupby("actor_id"), key=lambda x: (-x[1]["stance"].nunique(), x[0])):
            if g["stance"].nunique() < 2 or a not in self.c.actor_names:
                continue
            parts = [(f"Articles differ on **{md_escape(self.c.actor_names[a])}**: ", [])]
            for label in STANCE_ORDER:
                arts = sorted(set(g.loc[g["stance"] == label, "article_id"]), key=lambda x: self.c.order[x])
                if arts:
                    ev = [self.c.first_mention(x, "actor_mentions", "actor_id", {a}) for x in arts]
                    parts.append((("" if len(parts) == 1 else "; ") + label, ev))
            parts.append((".", []))
            out.append(Item(parts))
        return out[:2]

    def coverage_gaps(self) -> list[Item]:
        n = len(self.c.ids)
        wm = self.c.t["weapon_mentions"]
        if not len(wm):
            return []
        counts = wm[wm["named"].astype(bool)].groupby("system")["article_id"].nunique()
        gaps = [s for s in self.named_systems() if counts.get(s, 0) <= n / 2][:4]
        if not gaps:
            return []
        parts = [("Only some articles mention ", [])]
        for k, s in enumerate(gaps):
            sep = "" if k == 0 else (" and " if k == len(gaps) - 1 else ", ")
            parts.append((f"{sep}{md_escape(s)} ({counts[s]} of {n})", self.mention_evidence("weapon_mentions", "system", {s})))
        parts.append((".", []))
        return [Item(parts)]

    # what to watch --------------------------------------------------------------------------------
    def watch_section(self) -> list[str | Item]:
        w = self.cfg.get("watch", {})
        cues, dates = cue_pattern(w.get("cues", [])), cue_pattern(w.get("dates", []))
        scored = []
        for i in self.c.pool():
            t = self.c.cand.at[i, "text"]
            hits = (len(cues.findall(t)) if cues else 0) + (2 * len(dates.findall(t)) if dates else 0)
            if hits:
                scored.append((-self.c.cand.at[i, "score"] * (1 + min(hits, 4)), i))
        chosen = self.take([i for _, i in sorted(scored)], self.lim["watch"], 0.45)
        if not chosen:
            return ["*No further pending decision or forward-looking statement was found in this selection.*"]
        return [Item([(self.c.quote(i), [self.c.evidence(i)])]) for i in chosen]

    def key_passages(self, k: int) -> list[Item]:
        return [Item([(self.c.quote(i), [self.c.evidence(i)])]) for i in self.take(self.c.pool(), k, 0.45)]


def _quote_text(text) -> str:
    """Quoted words for display: one line, without the quotation marks or a trailing comma."""
    return re.sub(r"\s+", " ", str(text)).strip(" \"“”‘’'").rstrip(",;: ")


def _dedupe(evs: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for e in evs:
        if e.article_id not in seen:
            seen.add(e.article_id)
            out.append(e)
    return out


def _aggregate_stances(rows: pd.DataFrame) -> pd.DataFrame:
    """Per-article stance rows → one row per actor: the mean score's label (``mixed`` when articles
    disagree on the sign)."""
    out = []
    for a, g in rows.groupby("actor_id", sort=True):
        labels = set(g["stance"])
        score = float(g["score"].fillna(0).mean())
        label = labels.pop() if len(labels) == 1 else ("mixed" if {"support", "oppose"} <= labels
                                                        else "cautious" if "cautious" in labels else "mixed")
        out.append({"actor_id": a, "actor": g["actor"].iloc[0], "stance": label, "score": score,
                    "confidence": float(g["confidence"].fillna(0.5).mean()), "n_signals": int(g["n_signals"].fillna(0).sum()),
                    "evidence": [e for ev in g["evidence"] if isinstance(ev, (list, tuple)) for e in ev]})
    return pd.DataFrame(out, columns=["actor_id", "actor", "stance", "score", "confidence", "n_signals", "evidence"])


# ------------------------------------------------------------------------- quotes and figures
def quote_groups(quotes: pd.DataFrame, corpus: Corpus, min_words: int = 5) -> list[dict] | None:
    """Direct and partial quotes grouped across articles by :func:`components.tables.quotes.same_words`, widest reach
    (outlets, then articles) first. ``None`` when there are no quotes at all."""
    if quotes is None or not len(quotes):
        return None
    q = quotes[quotes["article_id"].isin(corpus.ids)]
    q = q[q["kind"].isin(["direct", "partial"])] if q["kind"].isin(["direct", "partial"]).any() else q
    q = q.assign(order=q["article_id"].map(corpus.order)).sort_values(["order", "start"], kind="stable")
    groups: list[dict] = []
    for r in q.itertuples():
        text = _quote_text(r.text)
        if len(text.split()) < min_words:
            continue
        low = normalize_quote(text)
        for g in groups:
            if same_words(low, g["key"], min_words=min_words):
                break
        else:
            g = {"key": low, "text": text, "speakers": Counter(), "articles": [], "evidence": []}
            groups.append(g)
        # shown: the fullest version, one that starts a sentence if any does
        def fit(t: str) -> tuple:
            return len(t.split()) <= 40, t[:1].isupper(), len(t)
        if fit(text) > fit(g["text"]):
            g["text"] = text
        if _known(r.speaker):
            g["speakers"][str(r.speaker)] += 1
        if r.article_id not in g["articles"]:
            g["articles"].append(str(r.article_id))
            g["evidence"].append(Evidence(str(r.article_id), int(r.start), int(r.end)))
    for g in groups:
        g["speaker"] = min(g["speakers"].items(), key=lambda kv: (-kv[1], kv[0]))[0] if g["speakers"] else None
        sents = [corpus.locate(e.article_id, e.start) for e in g["evidence"]]
        g["centrality"] = max([corpus.cand.at[i, "score"] for i in sents if i is not None], default=0.0)
    focus_words = [corpus.cand.at[i, "text"] for i in corpus.focus]
    groups.sort(key=lambda g: (-(bool(focus_words) and any(g["text"][:40] in t for t in focus_words)),
                               -corpus.n_outlets(g["articles"]), -len(g["articles"]),
                               -(g["speaker"] is not None), -g["centrality"], g["key"]))
    return groups


NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"


def figures_by_system(corpus: Corpus, cfg: dict) -> dict[tuple[str, str], list[tuple[float, str, Evidence]]]:
    """Numbers with a unit in sentences naming a weapon system, attached to the nearest system
    mention: ``{(system, unit kind): [(normalised value, as written, evidence)]}``. Lengths are
    compared in km."""
    units = sorted(cfg.get("units", []), key=len, reverse=True)
    km = {k.lower(): float(v) for k, v in cfg.get("km_per_unit", {}).items()}
    if not units:
        return {}
    quals = sorted(cfg.get("qualifiers", []), key=len, reverse=True)
    qual = r"(?:(?<![\w])(?:" + "|".join(re.escape(q) for q in quals) + r")\s+)?" if quals else ""
    pat = re.compile(qual + NUMBER + r"[\s-]*(" + "|".join(re.escape(u) for u in units) + r")(?![\w])", re.I)
    wm = corpus.t["weapon_mentions"]
    wm = wm[wm["named"].astype(bool)] if len(wm) else wm
    by_sentence: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for r in wm.itertuples():
        i = corpus.locate(str(r.article_id), int(r.start))
        if i is not None:
            by_sentence[i].append((int(r.start), str(r.system)))
    out: dict[tuple[str, str], list] = defaultdict(list)
    for i, ments in sorted(by_sentence.items()):
        row = corpus.cand.loc[i]
        art, s0 = str(row["article_id"]), int(row["start"])
        raw = corpus.text[art][s0:int(row["end"])]
        for m in pat.finditer(raw):
            value = float(m.group(1).replace(",", ""))
            unit = m.group(2).lower()
            kind = "range" if unit in km else unit.replace("per cent", "percent").replace("%", "percent")
            norm = value * km[unit] if unit in km else value
            near = min(ments, key=lambda x: (abs(x[0] - s0 - m.start()), x[1]))
            out[(near[1], kind)].append((norm, m.group(0), Evidence(art, s0, int(row["end"]))))
    return out


# ------------------------------------------------------------------------------------- assembly
def _limits(cfg: dict) -> dict:
    d = {"actors_per_group": 4, "actors_without_stance": 6, "weapons": 5, "quotes": 5, "agreement": 3,
         "contention": 4, "watch": 4, "min_words": 150, "max_words": 1500}
    d.update({k: int(v) for k, v in cfg.get("limits", {}).items()})
    return d


class _Renderer:
    """Numbers sources in order of first citation and writes Markdown plus the citation map."""

    def __init__(self, corpus: Corpus):
        self.c = corpus
        self.number: dict[str, int] = {}
        self.citations: list[dict] = []
        self.bullet = 0
        self.section = ""

    def cite(self, evs: list[Evidence]) -> str:
        evs = [e for e in evs if e.article_id in self.c.order][:MAX_CITED_PER_ITEM]
        if not evs:
            return ""
        nums = []
        for e in evs:
            n = self.number.setdefault(e.article_id, len(self.number) + 1)
            self.citations.append({"bullet": self.bullet, "section": self.section, "n": n,
                                   "article_id": e.article_id, "start": e.start, "end": e.end})
            if n not in nums:
                nums.append(n)
        return " [" + ", ".join(str(n) for n in sorted(nums)) + "]"

    def item(self, item: Item) -> str:
        self.bullet += 1
        return "".join(text + self.cite(evs) for text, evs in item.parts)

    def section_lines(self, title: str, body: list) -> list[str]:
        self.section = title
        lines = [f"## {title}", ""]
        for x in body:
            if isinstance(x, Item):
                lines.append("- " + self.item(x))
                for ch in x.children:
                    lines.append("  - " + self.item(ch))
            elif x.startswith("### "):
                lines += ["", x, ""]
            else:
                lines += [x, ""]
        return lines + [""]

    def sources(self) -> list[str]:
        self.section = "Sources"
        arts = self.c.articles.set_index("article_id")
        cited = sorted(self.number, key=self.number.get)
        lines = ["## Sources", ""]
        for a in cited:
            r = arts.loc[a]
            title = str(r["title"]) if _known(r["title"]) else ""
            if not title:
                rows = self.c.rows_of.get(a)
                first = (self.c.cand.at[rows[0], "text"] if rows else self.c.text.get(a, "")).split()
                title = "Untitled; begins “" + " ".join(first[:10]) + ("…" if len(first) > 10 else "") + "”"
            outlet = str(r["outlet"]) if _known(r["outlet"]) else "outlet unknown"
            date = str(r["date"]) if _known(r["date"]) else "undated"
            url = f", {md_escape(r['url'])}" if _known(r["url"]) and re.match(r"^https?://\S+$", str(r["url"])) else ""
            lines.append(f"{self.number[a]}. {md_escape(title)}, {md_escape(outlet)}, {md_escape(date)}{url} "
                         f"(id {md_escape(a)})")
        rest = len(self.c.ids) - len(cited)
        if rest:
            lines += ["", f"*{rest} further article{'s' * (rest != 1)} in this selection "
                          f"{'are' if rest != 1 else 'is'} not cited.*"]
        return lines + [""]


def _render(corpus: Corpus, knowledge: Knowledge, filters: dict, limits: dict) -> Briefing:
    b = Builder(corpus, knowledge, filters, limits)
    r = _Renderer(corpus)
    lines = [f"# {b.title()}", ""]
    for line in b.coverage():
        lines += [line, ""]
    if not corpus.ids:
        lines += ["## Bottom line", "", "No article matches the current selection, so there is nothing to brief.", ""]
        return Briefing("\n".join(lines).rstrip() + "\n", [])
    # sentences are reserved in order of importance, then rendered in reading order
    bottom = b.bottom_line()
    agreement = b.agreement_section()
    weapons = b.weapons_section()
    actors = b.actors_section()
    quotes = b.quotes_section()
    watch = b.watch_section()
    r.section = "Bottom line"
    lines += ["## Bottom line", "", " ".join(r.item(x) for x in bottom), ""]
    lines += r.section_lines("Where the actors stand", actors)
    lines += r.section_lines("Weapons in play", weapons)
    lines += r.section_lines("Most-cited quotes", quotes)
    lines += r.section_lines("Agreement and contention across outlets", agreement)
    lines += r.section_lines("What to watch", watch)
    md = "\n".join(lines)
    if count_words(md) < limits["min_words"]:
        extra = b.key_passages(8)
        words = count_words(md)
        keep = []
        for x in extra:
            if words >= limits["min_words"]:
                break
            keep.append(x)
            words += count_words(x.parts[0][0]) + 2
        if keep:
            md += "\n" + "\n".join(r.section_lines("Key passages", keep))
    md += "\n" + "\n".join(r.sources())
    md = re.sub(r"\n{3,}", "\n\n", md).rstrip() + "\n"
    return Briefing(md, r.citations)


def make_briefing_with_citations(tables: dict[str, pd.DataFrame], *, knowledge: Knowledge,
                                 filters: dict | None = None) -> Briefing:
    """The briefing of ``tables`` (a whole corpus or a filtered selection; ``filters`` is shown and
    focuses the sentences chosen) and its citation map. Deterministic; 150–1,500 words for any
    non-empty selection (item limits shrink until it fits)."""
    cfg = knowledge.briefing.as_dict()
    filters = dict(filters or {})
    corpus = Corpus(tables, cfg, filters)
    limits = _limits(cfg)
    shrinkable = ["actors_per_group", "actors_without_stance", "weapons", "quotes", "agreement", "contention", "watch"]
    for _ in range(12):
        out = _render(corpus, knowledge, filters, limits)
        if count_words(out.markdown) <= limits["max_words"]:
            return out
        for k in shrinkable:
            limits[k] = max(1, limits[k] - 1)
    return out


def make_briefing(tables: dict[str, pd.DataFrame], *, knowledge: Knowledge, filters: dict | None = None) -> str:
    """The briefing of ``tables`` as Markdown (see :func:`make_briefing_with_citations`)."""
    return make_briefing_with_citations(tables, filters=filters, knowledge=knowledge).markdown


from .html import briefing_html  # noqa: E402  (re-exported: the HTML form of a briefing)

__all__ = ["Briefing", "Evidence", "briefing_html", "make_briefing", "make_briefing_with_citations", "md_escape"]
