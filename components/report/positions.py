"""Where actors stand, as the briefing may state it: the stance rows of the selection that pass the
stance threshold and belong to an actor that can hold a position, the strongest evidence of each,
and who moved between the first and the last dated article.

The stance labels are not computed here: per-article rows come from the ``stances`` table and the
actor's overall label from ``stances_overall``, both made by :mod:`components.tables.stances`.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from ..knowledge import Knowledge
from ..tables.stances import DEFAULTS, LABELS
from .blocks import Evidence
from .centrality import select_diverse
from .corpus import ART, Corpus
from .text import known, md_escape, quote_text

#: actor types that can hold a position on a question (not weapons, events or other things)
POSITION_TYPES = ("person", "organization", "country", "group")


def stance_threshold(knowledge: Knowledge, debate: str | None = None) -> float:
    """The confidence a stance needs to be stated: the debate's ``[aggregation] min_confidence``, the
    threshold below which :mod:`components.tables.stances` labels a stance ``unclear``."""
    try:
        settings = knowledge.debate(debate).get("aggregation", {})
    except KeyError:
        settings = {}
    return float({**DEFAULTS, **settings}["min_confidence"])


class Positions:
    """The positions of one selection (see the module docstring)."""

    def __init__(self, corpus: Corpus, threshold: float, weapon_words: set[str], topical: set[int] = frozenset()):
        self.c = corpus
        self.threshold = threshold
        self.topical = topical
        s = corpus.t["stances"]
        per_article = s  # (the corpus's tables hold the selection only)
        overall = corpus.t["stances_overall"]
        self.eligible = {a for a in set(overall["actor_id"].dropna().astype(str)) | set(per_article["actor_id"].dropna().astype(str))
                         if self._can_hold(a, weapon_words)}
        self.per_article = per_article[per_article["actor_id"].isin(self.eligible)
                                       & per_article["stance"].isin(LABELS)] if len(per_article) else per_article
        rows = overall[overall["actor_id"].isin(self.eligible) & overall["stance"].isin(LABELS)
                       & (overall["confidence"].fillna(0) >= threshold)] if len(overall) else overall
        if len(per_article):  # a selection: only actors with a position in its articles
            rows = rows[rows["actor_id"].isin(set(per_article["actor_id"]))]
        rows = rows.copy()
        rows["strength"] = rows["score"].abs().fillna(0) * rows["confidence"].fillna(0) \
            + rows["n_signals"].fillna(0).astype(float) * 0.01
        self.rows = rows.sort_values(["strength", "actor_id"], ascending=[False, True],
                                     kind="stable").drop_duplicates("actor_id").reset_index(drop=True)
        self._signals = self._signal_index()

    def _can_hold(self, actor_id: str, weapon_words: set[str]) -> bool:
        if self.c.actor_type.get(actor_id) not in POSITION_TYPES:
            return False
        names = {actor_id.lower(), self.c.actor_names.get(actor_id, "").lower()}
        return not (names & weapon_words)

    def _signal_index(self) -> dict[str, list[tuple]]:
        """``{actor_id: [(strength, candidate, label, cue, cue offset)]}`` over the selection's stance signals, built once.
        Strength: the signal's weight, more in central sentences, and half as much again in a
        ``topical`` sentence (one that names what is debated, so it shows the position)."""
        sig = self.c.t["stance_signals"]
        out: dict[str, list[tuple]] = defaultdict(list)
        if not len(sig):
            return out
        sig = sig[sig["actor_id"].isin(self.eligible)]
        n = max(len(self.c.ranked), 1)
        cue_at = sig["cue_start"] if "cue_start" in sig else pd.Series([None] * len(sig), index=sig.index)
        # each signal's candidate sentence found at once; only the signals in one are read, as lists
        # (iterating a column of Arrow strings costs a call per value)
        located = self.c.locate_all(sig[ART].to_numpy(), sig["start"].to_numpy(dtype=np.int64))
        inside = located >= 0
        for aid, label, weight, cue, at, i in zip(*(x[inside].tolist() for x in (
                sig["actor_id"], sig["label"], sig["weight"], sig["cue"], cue_at)), located[inside].tolist()):
            w = abs(float(weight)) if known(weight) else 0.0
            w *= (0.5 + 1 - self.c.rank_of[i] / n) * (1.5 if i in self.topical else 1.0)
            out[str(aid)].append((w, i, str(label), str(cue).lower() if known(cue) else "",
                                  int(at) if known(at) else None))
        return out

    def _quotes_of(self) -> dict[str, list[tuple]]:
        """``{speaker_id: [(article, start, end, text)]}``: the direct and partial quotes of the
        selection's actors with a position, grouped once (only in articles with a candidate sentence:
        a quote elsewhere is in no sentence the briefing may quote)."""
        if not hasattr(self, "_quotes"):
            q = self.c.t["quotes"]
            self._quotes: dict[str, list[tuple]] = defaultdict(list)
            if len(q):
                q = q[q["speaker_id"].isin(self.eligible) & q["kind"].isin(["direct", "partial"])
                      & q["article_id"].isin(list(self.c.rows_of))]
                for aid, art, start, end, text in zip(*(q[c].tolist() for c in ("speaker_id", "article_id", "start", "end",
                                                                                 "text"))):
                    self._quotes[str(aid)].append((str(art), int(start), int(end), str(text)))
        return self._quotes

    def __len__(self) -> int:
        return len(self.rows)

    def label_of(self, actor_id: str) -> str | None:
        hit = self.rows.loc[self.rows["actor_id"] == actor_id, "stance"]
        return str(hit.iloc[0]) if len(hit) else None

    # evidence ---------------------------------------------------------------------------------------
    def sentences(self, actor_id: str, label: str | None) -> list[int]:
        """Candidate sentences holding ``actor_id``'s position, strongest first: its stance signals
        (of ``label`` when it has any), else the evidence sentences of its stance rows."""
        sig = self._signals.get(actor_id, [])
        if label in ("support", "oppose", "cautious") and any(x[2] == label for x in sig):
            sig = [x for x in sig if x[2] == label]
        out = list(dict.fromkeys(x[1] for x in sorted(sig, key=lambda x: (-x[0], x[1]))))
        if out:
            return out
        rows = self.per_article[self.per_article["actor_id"] == actor_id]
        for art, offsets in zip(rows["article_id"], rows["evidence_offsets"]):
            for off in offsets if isinstance(offsets, (list, tuple, np.ndarray)) else []:
                i = self.c.locate(str(art), int(off[0]))
                if i is not None and i not in out:
                    out.append(i)
        return sorted(out, key=lambda i: self.c.rank_of[i])

    def evidence(self, actor_id: str, label: str | None, used: list[int], max_words: int | None = None,
                 reserve: bool = True) -> tuple[str, Evidence] | None:
        """A quotation showing ``actor_id``'s position: the actor's own quoted words that carry a cue
        of the position, else the strongest of its position sentences: one not quoted yet (and no
        longer than ``max_words``) where there is such a one. ``None`` when no sentence of the selection shows the
        position."""
        cands = self.sentences(actor_id, label)
        if not cands:
            return None
        own = self._own_words(actor_id, set(cands), max_words)
        if own is not None:
            return own
        unused = [i for i in cands if i not in used]
        pool = [i for i in unused if max_words is None or self.c.words(i) <= max_words] or unused or cands
        focus = self.c.focus
        pool = sorted(pool, key=lambda i: bool(focus) and i not in focus)
        chosen = select_diverse(pool, self.c.sim, 1, 0.6, exclude=used) or pool[:1]
        if reserve:
            used.extend(i for i in chosen if i not in used)
        return self.c.quote(chosen[0]), self.c.evidence(chosen[0])

    def _own_words(self, actor_id: str, sentences: set[int], max_words: int | None) -> tuple[str, Evidence] | None:
        """The actor's direct or partial quote (4 to ``max_words`` words) in one of ``sentences`` that
        holds the cue of one of its signals there (by offset, else by its words), from the most
        central sentence."""
        cues: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
        for _, i, _, cue, at in self._signals.get(actor_id, []):
            cues[i].append((cue, at))
        best = None
        for art, start, end, text in self._quotes_of().get(actor_id, ()):
            words = len(str(text).split())
            i = self.c.locate(str(art), int(start))
            if i is None or i not in sentences or not 4 <= words <= (max_words or 40):
                continue
            low = str(text).lower()
            if not any(int(start) <= at < int(end) if at is not None else bool(cue) and cue in low
                       for cue, at in cues.get(i, ())):
                continue
            key = (-self.c.score[i], str(art), int(start))
            if best is None or key < best[0]:
                best = (key, (str(art), int(start), int(end), text))
        if best is None:
            return None
        art, start, end, text = best[1]
        return "*“" + md_escape(quote_text(text)) + "”*", Evidence(art, start, end)

    # change over time --------------------------------------------------------------------------------
    def moves(self, skip: tuple[str, ...] = ()) -> list[dict]:
        """Actors whose position in their first dated article differs from that in their last (both
        above the threshold): ``{actor_id, first, last}`` with ``first``/``last`` = ``{label, date,
        evidence}``; most articles first. With three articles or more, each end must be the position of
        most of the actor's first (last) three articles: one article's outlier (an op-ed recalling
        last winter's delays) is no move of an actor the coverage shows in favour throughout. A
        position whose every signal is marked as an earlier one is not dated by its article. Actors whose
        id ends with one of ``skip`` are left out."""
        pa = self.per_article
        if not len(pa):
            return []
        pa = pa[pa["actor_id"].isin(set(self.rows["actor_id"])) & (pa["confidence"].fillna(0) >= self.threshold)]
        # an article's position is held at its date only where a signal of it is not marked as an earlier
        # one ("despite initial objections from Trump": the objection came before the article); marked
        # signals are few, so only their (article, actor, label) keys are looked at
        sig = self.c.t["stance_signals"]
        only_past: set = set()
        if len(sig) and "past" in sig:
            marked = sig["past"].fillna(False).astype(bool).to_numpy()
            if marked.any():
                cols = ("article_id", "actor_id", "label")
                past = sig[marked]
                only_past = set(zip(*(past[c].astype(str).tolist() for c in cols)))
                now = sig[~marked & sig["actor_id"].isin(list({k[1] for k in only_past})).to_numpy()]
                only_past -= set(zip(*(now[c].astype(str).tolist() for c in cols)))
        by_actor: dict[str, list[tuple]] = defaultdict(list)  # (columns read once, as lists)
        for aid, a, lab, offs in zip(*(pa[c].tolist() for c in ("actor_id", "article_id", "stance", "evidence_offsets"))):
            if only_past and (str(a), str(aid), lab) in only_past:
                continue
            if known(aid) and self.c.date.get(str(a)):
                by_actor[aid].append((self.c.date.get(str(a)), self.c.order[str(a)], str(a), lab, offs))
        out = []
        for aid in sorted(by_actor):
            if skip and str(aid).endswith(skip):
                continue
            dated = by_actor[aid]
            if len(dated) < 2:
                continue
            dated.sort()
            first, last = dated[0], dated[-1]
            if first[3] == last[3] or first[0] == last[0]:
                continue
            if len(dated) >= 3 and not (sum(r[3] == first[3] for r in dated[:3]) >= 2
                                        and sum(r[3] == last[3] for r in dated[-3:]) >= 2):
                continue
            out.append({"actor_id": str(aid), "n": len(dated),
                        "first": {"label": first[3], "date": first[0], "evidence": self._row_evidence(first)},
                        "last": {"label": last[3], "date": last[0], "evidence": self._row_evidence(last)}})
        return sorted(out, key=lambda m: (-m["n"], m["actor_id"]))

    def _row_evidence(self, row: tuple) -> Evidence:
        art, offsets = row[2], row[4]
        if isinstance(offsets, (list, tuple, np.ndarray)) and len(offsets):
            return Evidence(art, int(offsets[0][0]), int(offsets[0][1]))
        rows = self.c.rows_of.get(art)
        return self.c.evidence(rows[0]) if rows else Evidence(art, 0, min(200, len(self.c.text.get(art, ""))))


def stance_counts(rows: pd.DataFrame) -> dict[str, int]:
    """Actors per label, in label order."""
    counts = rows["stance"].value_counts() if len(rows) else {}
    return {label: int(counts.get(label, 0)) for label in LABELS}
