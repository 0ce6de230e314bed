"""The ``stances`` table: stance signals aggregated per (article, actor) and over the corpus."""
from __future__ import annotations

import math

import numpy
import pandas as pd
from spacy.language import Language

from ..nlp.stages.stance import LABEL_SCORE, LABELS
from .schema import empty, frame


def aggregate(signals: pd.DataFrame) -> dict:
    """Label, score, confidence and evidence from one actor's signals.

    Weights add up per label. Support against oppose/cautious is ``mixed`` when both sides weigh at
    least 1 and the smaller is at least 40 % of the larger, or when a split cue dominates; otherwise
    the heaviest label wins. ``score`` is the weight-averaged label score; ``confidence`` grows with
    the total weight and the winner's share."""
    return _aggregate(_SignalColumns(signals), numpy.arange(len(signals)))


class _SignalColumns:
    """The columns of a signals table as arrays, taken once: aggregating thousands of groups then
    costs array indexing, not a DataFrame per group."""

    def __init__(self, sig: pd.DataFrame):
        self.label = sig["label"].to_numpy(dtype=object)
        self.weight = sig["weight"].to_numpy(dtype="float64")
        self.article = sig["article_id"].to_numpy(dtype=object)
        self.sent = sig["sent_index"].to_numpy()
        self.sentence = sig["sentence"].to_numpy(dtype=object)
        self.start = sig["start"].to_numpy()
        self.end = sig["end"].to_numpy()


def _aggregate(cols: _SignalColumns, idx: numpy.ndarray) -> dict:
    """:func:`aggregate` over the rows ``idx`` of ``cols``."""
    labels, weights = cols.label[idx], cols.weight[idx]
    w = {lab: float(weights[labels == lab].sum()) for lab in LABELS}
    total = sum(w.values()) or 1.0
    pos, neg = w["support"], w["oppose"] + w["cautious"]
    if (pos >= 1 and neg >= 1 and min(pos, neg) / max(pos, neg) >= 0.4) or w["mixed"] >= max(pos, neg) > 0:
        label = "mixed"
    else:
        label = max(LABELS, key=lambda k: (w[k], k == "cautious"))
    score = sum(LABEL_SCORE[k] * v for k, v in w.items()) / total
    share = w[label] / total if label != "mixed" else max(pos, neg) / total
    confidence = round(share * (1 - math.exp(-total)), 3)
    evidence, offsets, seen = [], [], set()
    for k in idx[numpy.argsort(cols.sent[idx], kind="quicksort")]:  # by sentence (as pandas sorts), one per sentence
        key = (cols.article[k], cols.sent[k])
        if key not in seen:
            seen.add(key)
            evidence.append(cols.sentence[k])
            offsets.append((int(cols.start[k]), int(cols.end[k])))
    return {"stance": label, "score": round(max(-1.0, min(1.0, score)), 3), "confidence": confidence,
            "n_signals": int(len(idx)), "evidence": evidence, "evidence_offsets": offsets}


def stance_table(tables: dict[str, pd.DataFrame], nlp: Language | None = None) -> pd.DataFrame:
    """The ``stances`` table from ``tables["stance_signals"]``: one row per (article, actor) with a
    signal, then one corpus-level row per actor (``article_id`` missing) whose ``trend`` lists the
    per-article labels in date order. Actors with no signal get no row. ``nlp`` is not used."""
    sig = tables.get("stance_signals")
    if sig is None or sig.empty:
        return empty("stances")
    names = {}
    if "actors" in tables and not tables["actors"].empty:
        names = dict(zip(tables["actors"]["actor_id"], tables["actors"]["name"]))
    dates = {}
    if "articles" in tables and not tables["articles"].empty:
        dates = dict(zip(tables["articles"]["article_id"], tables["articles"]["date"]))
    sig = sig.dropna(subset=["actor_id"]).reset_index(drop=True)
    cols = _SignalColumns(sig)
    rows = []
    per_actor: dict[str, list[dict]] = {}
    for (art, aid), idx in sorted(sig.groupby(["article_id", "actor_id"]).indices.items()):
        row = {"article_id": art, "actor_id": aid, "actor": names.get(aid, aid), **_aggregate(cols, idx),
               "date": _date_or_none(dates.get(art)), "n_articles": 1}
        rows.append(row)
        per_actor.setdefault(aid, []).append(row)
    for aid, idx in sorted(sig.groupby("actor_id").indices.items()):
        arts = sorted(per_actor.get(aid, []), key=lambda r: (_date_key(r["date"]), r["article_id"]))
        trend = [{"article": r["article_id"], "date": r["date"], "stance": r["stance"], "score": r["score"]}
                 for r in arts]
        rows.append({"article_id": None, "actor_id": aid, "actor": names.get(aid, aid), **_aggregate(cols, idx),
                     "date": None, "n_articles": len(arts), "trend": trend})
    return frame("stances", rows)


def _date_or_none(date) -> str | None:
    return None if date is None or pd.isna(date) else str(date)


def _date_key(date) -> str:
    """Sort key of an article date: missing dates last."""
    return "9999" if date is None or pd.isna(date) else str(date)
