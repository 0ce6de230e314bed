"""The stance tables, from one aggregation of the stance signals (frames) (:func:`stance_tables`):

- ``stances``: one row per (article, actor) with a signal: the actor's position in that article;
- ``stances_overall``: one row per actor with a signal anywhere: the position over the corpus, with
  its ``trend`` (the per-article labels in date order).

Every consumer (export, briefing, dashboard) reads these two tables rather than aggregating on its
own; labels, scores and their order are the stance vocabulary (:mod:`components.knowledge.vocabulary`).
One aggregation (:func:`aggregate`), whose settings come from the debate file's ``[aggregation]``:

1. A signal marked as a superseded position (``past``: "had refused", "initial objections") weighs
   ``superseded`` times less when the same holder takes another label later in the article: the
   latest explicit position wins.
2. Weights add up per label. Support against oppose/cautious is ``mixed`` when both sides weigh at
   least ``mixed_min`` and either the two sides are about different weapon systems (yes to some, no
   to others) or the holder is a group and the smaller side is at least ``mixed_ratio`` of the larger
   (a split group); a split frame ("the debate has split officials") that weighs at least half the larger side
   is ``mixed`` too. Otherwise the heaviest label wins.
3. ``confidence`` = the winning label's share of the weight × (1 − e^−total weight); below
   ``min_confidence`` the stance is ``unclear`` (shown in tables and the dashboard, not exported as a
   label: see :mod:`components.export`).
4. ``evidence``: the sentences of the signals, each once: those of the label shown first, then the
   holder's own frames before deeds presupposed in someone else's words ("lashing out at the US for
   supplying"), strongest first.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy
import pandas as pd
from spacy.language import Language

from ..knowledge import Knowledge
from ..knowledge.models import Aggregation
from ..knowledge.vocabulary import CUE_LABELS as LABELS, STANCE_SCORE as LABEL_SCORE
from .schema import empty, frame

#: the label of an (article, actor) whose signals are too weak or contradictory to call
UNCLEAR = "unclear"
#: the aggregation settings used where a debate leaves them out (the model's defaults)
DEFAULTS = Aggregation().model_dump()


def aggregate(signals: pd.DataFrame, group: bool = False, settings: dict | None = None) -> dict:
    """Label, score, confidence and evidence from one actor's signals (see the module docstring);
    ``group``: the holder is a group (its members may split)."""
    return _aggregate(_SignalColumns(signals), numpy.arange(len(signals)), group, {**DEFAULTS, **(settings or {})})


class _SignalColumns:
    """The columns of a signals table as arrays, taken once: aggregating thousands of groups then
    costs array indexing, not a DataFrame per group."""

    def __init__(self, sig: pd.DataFrame):
        n = len(sig)
        self.label = sig["label"].to_numpy(dtype=object)
        self.weight = sig["weight"].to_numpy(dtype="float64")
        self.article = sig["article_id"].to_numpy(dtype=object)
        self.sent = sig["sent_index"].to_numpy()
        self.sentence = sig["sentence"].to_numpy(dtype=object)
        self.start = sig["start"].to_numpy()
        self.end = sig["end"].to_numpy()
        col = sig["target"] if "target" in sig else pd.Series([""] * n)
        self.target = col.fillna("").astype(str).to_numpy(dtype=object)
        col = sig["past"] if "past" in sig else pd.Series([False] * n)
        self.past = col.fillna(False).astype(bool).to_numpy()
        col = sig["via"] if "via" in sig else pd.Series([""] * n)
        self.via = col.fillna("").astype(str).to_numpy(dtype=object)
        col = sig["cue_start"] if "cue_start" in sig else pd.Series(numpy.zeros(n))
        self.cue_start = pd.to_numeric(col, errors="coerce").fillna(0).to_numpy()


def _weights(cols: _SignalColumns, idx: numpy.ndarray, superseded: float) -> numpy.ndarray:
    """The weights of rows ``idx``, a superseded position discounted (within its article)."""
    w = cols.weight[idx].copy()
    past = [n for n, k in enumerate(idx) if cols.past[k]]
    if not past:
        return w
    by_article: dict = {}
    for n, k in enumerate(idx):
        by_article.setdefault(cols.article[k], []).append(k)
    for n in past:
        k = idx[n]
        if any(not cols.past[j] and cols.label[j] != cols.label[k]
               and (cols.sent[j], cols.cue_start[j]) > (cols.sent[k], cols.cue_start[k])
               for j in by_article[cols.article[k]]):
            w[n] *= superseded
    return w


def _aggregate(cols: _SignalColumns, idx: numpy.ndarray, group: bool, cfg: dict) -> dict:
    """:func:`aggregate` over the rows ``idx`` of ``cols``."""
    labels = cols.label[idx]
    weights = _weights(cols, idx, cfg["superseded"])
    w = {lab: float(weights[labels == lab].sum()) for lab in LABELS}
    total = sum(w.values()) or 1.0
    pos, neg = w["support"], w["oppose"] + w["cautious"]
    mixed = w["mixed"] > 0 and w["mixed"] >= 0.5 * max(pos, neg)
    if not mixed and pos >= cfg["mixed_min"] and neg >= cfg["mixed_min"]:
        targets = cols.target[idx]
        for_ = {t for t, lab in zip(targets, labels) if lab == "support" and t not in ("", "topic")}
        against = {t for t, lab in zip(targets, labels) if lab in ("oppose", "cautious") and t not in ("", "topic")}
        if for_ and against and for_.isdisjoint(against):
            mixed = True  # yes to some systems, no to others
        elif group:  # a group whose members differ, both sides clearly present
            mixed = min(pos, neg) / max(pos, neg) >= cfg["mixed_ratio"]
    if mixed:
        label, share = "mixed", 1.0
    else:
        label = max(LABELS, key=lambda k: (w[k], k == "cautious"))
        share = w[label] / total
    score = sum(LABEL_SCORE[k] * v for k, v in w.items()) / total
    confidence = round(share * (1 - math.exp(-total)), 3)
    if confidence < cfg["min_confidence"]:
        label = UNCLEAR
    evidence, offsets, seen = [], [], set()
    called = label not in ("mixed", UNCLEAR)
    order = sorted(range(len(idx)), key=lambda n: (called and labels[n] != label, cols.via[idx[n]] == "object",
                                                   -weights[n], cols.sent[idx[n]]))
    for n in order:  # the label's strongest own frame first, one entry per sentence
        k = idx[n]
        key = (cols.article[k], cols.sent[k])
        if key not in seen:
            seen.add(key)
            evidence.append(cols.sentence[k])
            offsets.append((int(cols.start[k]), int(cols.end[k])))
    return {"stance": label, "score": round(max(-1.0, min(1.0, score)), 3), "confidence": confidence,
            "n_signals": int(len(idx)), "evidence": evidence, "evidence_offsets": offsets}


def aggregation_settings(nlp: "Language | Mapping | None") -> dict:
    """The ``[aggregation]`` settings of the debate the pipeline's stance stage reads, else the
    defaults; ``nlp`` may also be those settings themselves (:func:`debate_aggregation`), so a caller
    that holds stored tables needs no model to aggregate as the analysis did."""
    if isinstance(nlp, Mapping):
        return {**DEFAULTS, **nlp}
    if nlp is not None and "debate_stance" in getattr(nlp, "pipe_names", ()):
        debate = getattr(nlp.get_pipe("debate_stance"), "debate", {}) or {}
        return {**DEFAULTS, **debate.get("aggregation", {})}
    return dict(DEFAULTS)


def debate_aggregation(knowledge: Knowledge, debate: str | None = None) -> dict:
    """The aggregation settings of ``debate`` (the default one when None): what
    :func:`aggregation_settings` reads from a pipeline built with that debate, without loading it."""
    from ..nlp.stages.stance import debate_definition

    return {**DEFAULTS, **debate_definition(knowledge, debate).get("aggregation", {})}


def stance_tables(tables: dict[str, pd.DataFrame], nlp: Language | None = None,
                  per_article: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """``{"stances": …, "stances_overall": …}`` from ``tables["stance_signals"]`` (names and group
    actors from ``tables["actors"]``, dates from ``tables["articles"]``). Actors with no signal get no
    row. The aggregation settings come from the debate of ``nlp``'s stance stage (defaults without it).

    ``per_article``: the per-article rows of these very signals, made before by this function (a
    selection of whole articles keeps every signal of each article, so its per-article rows are the
    corpus's, already made): they are taken as they are and only the corpus-level rows are made."""
    sig = tables.get("stance_signals")
    if sig is None or sig.empty:
        return {"stances": empty("stances"), "stances_overall": empty("stances_overall")}
    cfg = aggregation_settings(nlp)
    names, groups = {}, set()
    if "actors" in tables and not tables["actors"].empty:
        names = dict(zip(tables["actors"]["actor_id"], tables["actors"]["name"]))
        groups = set(tables["actors"].loc[tables["actors"]["type"] == "group", "actor_id"])
    dates = {}
    if "articles" in tables and not tables["articles"].empty:
        dates = dict(zip(tables["articles"]["article_id"], tables["articles"]["date"]))
    sig = sig.dropna(subset=["actor_id"]).reset_index(drop=True)
    cols = _SignalColumns(sig)
    by_actor: dict[str, list[dict]] = {}
    if per_article is not None:
        made = per_article
        for art, aid, date, label, score in zip(*(per_article[c].tolist() for c in
                                                  ("article_id", "actor_id", "date", "stance", "score"))):
            by_actor.setdefault(aid, []).append({"article_id": art, "date": _date_or_none(date), "stance": label,
                                                 "score": score})
    else:
        rows: list[dict] = []
        for (art, aid), idx in sorted(sig.groupby(["article_id", "actor_id"]).indices.items()):
            row = {"article_id": art, "actor_id": aid, "actor": names.get(aid, aid),
                   **_aggregate(cols, idx, aid in groups, cfg), "date": _date_or_none(dates.get(art))}
            rows.append(row)
            by_actor.setdefault(aid, []).append(row)
        made = frame("stances", rows)
    overall = []
    for aid, idx in sorted(sig.groupby("actor_id").indices.items()):
        trend = _in_date_order([{"article": r["article_id"], "date": r["date"], "stance": r["stance"],
                                 "score": r["score"]} for r in by_actor.get(aid, [])])
        overall.append({"actor_id": aid, "actor": names.get(aid, aid), **_aggregate(cols, idx, aid in groups, cfg),
                        "n_articles": len(trend), "trend": trend})
    return {"stances": made, "stances_overall": frame("stances_overall", overall)}


def _date_or_none(date) -> str | None:
    return None if date is None or pd.isna(date) else str(date)


def _in_date_order(trend: list[dict]) -> list[dict]:
    """A ``trend`` (``{article, date, stance, score}`` points) in date order, undated points last."""
    return sorted(trend, key=lambda p: ("9999" if p["date"] is None or pd.isna(p["date"]) else str(p["date"]),
                                        str(p["article"])))


def redated_trend(trend, date_of: dict) -> list[dict]:
    """``trend`` with each point's date taken from ``date_of`` (article id → date or None; points of
    other articles keep theirs), in the new date order."""
    if not isinstance(trend, list):
        return trend
    return _in_date_order([{**p, "date": date_of.get(p.get("article"), p.get("date"))} for p in trend])
