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
    made = _aggregate_groups(_SignalColumns(signals), numpy.zeros(len(signals), dtype=numpy.int64), 1,
                             numpy.array([group]), {**DEFAULTS, **(settings or {})})
    return {k: v[0] for k, v in made.items()}


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


#: a group's weights of one label are added up as numpy adds them (``weights[labels == lab].sum()``):
#: fewer than this many one after the other, which :func:`_aggregate_groups` does for every group at
#: once; more pairwise, which it leaves to numpy, one group at a time
SEQUENTIAL_SUM = 8


def _aggregate_groups(cols: _SignalColumns, group: numpy.ndarray, n_groups: int, is_group: numpy.ndarray,
                      cfg: dict) -> dict[str, list]:
    """:func:`aggregate` of every group of rows at once, as columns (``stance``, ``score``,
    ``confidence``, ``n_signals``, ``evidence``, ``evidence_offsets``: one value per group).
    ``group`` gives each row of ``cols`` its group, ``0 … n_groups - 1`` (-1: none); ``is_group``,
    for each group, whether its holder is a group actor. Label, score, confidence and evidence are
    the module docstring's, computed with array operations over all the rows (a dashboard's filter
    aggregates tens of thousands of (article, actor) groups again: a Python pass per group cost
    ~34 µs each) and with the very floats of adding each group's weights in Python: the weights of a
    label are added in row order (:func:`_label_sums`), rounding and ``exp`` are Python's. The few
    groups with a superseded position, or with both sides heavy enough for a split, are decided
    from their own rows."""
    order = numpy.argsort(group, kind="stable")  # (rows grouped, each group's rows in row order)
    rows = order[group[order] >= 0]
    gid = group[rows]
    sizes = numpy.bincount(gid, minlength=n_groups)[:n_groups]
    first = numpy.concatenate([[0], numpy.cumsum(sizes)])
    weight = cols.weight[rows].copy()
    for g in numpy.unique(gid[cols.past[rows]]).tolist():  # a superseded position weighs less
        weight[first[g]:first[g + 1]] = _weights(cols, rows[first[g]:first[g + 1]], cfg["superseded"])
    n_labels = len(LABELS)
    code = pd.Index(LABELS).get_indexer(pd.Index(cols.label[rows], dtype=object))  # (-1: not a cue label)
    sums = _label_sums(gid * n_labels + code, weight, code >= 0, n_groups * n_labels).reshape(n_groups, n_labels)
    w = {lab: sums[:, k] for k, lab in enumerate(LABELS)}
    total = numpy.zeros(n_groups)
    for lab in LABELS:  # (Python's sum: from 0, in label order)
        total = total + w[lab]
    total[total == 0] = 1.0
    pos, neg = w["support"], w["oppose"] + w["cautious"]
    mixed = (w["mixed"] > 0) & (w["mixed"] >= 0.5 * numpy.where(neg > pos, neg, pos))
    for g in numpy.flatnonzero(~mixed & (pos >= cfg["mixed_min"]) & (neg >= cfg["mixed_min"])).tolist():
        mixed[g] = _split(cols, rows[first[g]:first[g + 1]], bool(is_group[g]), float(pos[g]), float(neg[g]), cfg)
    tie = sums == sums.max(axis=1)[:, None]
    cautious = LABELS.index("cautious")
    chosen = numpy.where(tie[:, cautious], cautious, tie.argmax(axis=1))  # the heaviest; cautious wins a tie
    share = numpy.where(mixed, 1.0, sums[numpy.arange(n_groups), chosen] / total)
    score = numpy.zeros(n_groups)
    for lab in LABELS:  # (Python's sum again)
        score = score + LABEL_SCORE[lab] * w[lab]
    labels, confidences, scores = [], [], []
    for sh, tot, ch, mix, sc in zip(share.tolist(), total.tolist(), chosen.tolist(), mixed.tolist(),
                                    (score / total).tolist()):
        confidence = round(sh * (1 - math.exp(-tot)), 3)
        labels.append(UNCLEAR if confidence < cfg["min_confidence"] else "mixed" if mix else LABELS[ch])
        confidences.append(confidence)
        scores.append(round(max(-1.0, min(1.0, sc)), 3))
    # evidence: the label's strongest own frame first, then by sentence; one entry per sentence
    called = numpy.array([lab not in ("mixed", UNCLEAR) for lab in labels], dtype=bool)
    other = called[gid] & (code != numpy.where(called, chosen, -2)[gid])
    ranked = numpy.lexsort((numpy.arange(len(rows)), cols.sent[rows], -weight, cols.via[rows] == "object", other, gid))
    seen = pd.DataFrame({"g": gid[ranked], "a": pd.factorize(cols.article[rows[ranked]])[0],
                         "s": cols.sent[rows[ranked]]}).duplicated().to_numpy()
    ranked = ranked[~seen]
    shown = rows[ranked]
    sentences = cols.sentence[shown].tolist()
    offsets = list(zip(cols.start[shown].astype(numpy.int64).tolist(), cols.end[shown].astype(numpy.int64).tolist()))
    cut = numpy.searchsorted(gid[ranked], numpy.arange(n_groups + 1)).tolist()
    return {"stance": labels, "score": scores, "confidence": confidences, "n_signals": sizes.tolist(),
            "evidence": [sentences[cut[g]:cut[g + 1]] for g in range(n_groups)],
            "evidence_offsets": [offsets[cut[g]:cut[g + 1]] for g in range(n_groups)]}


def _label_sums(segment: numpy.ndarray, weight: numpy.ndarray, valid: numpy.ndarray, n: int) -> numpy.ndarray:
    """The sum of ``weight`` per ``segment`` (of ``n``; rows not ``valid`` left out), each added as
    numpy adds a segment's weights taken in row order: one after the other when there are fewer
    than :data:`SEQUENTIAL_SUM`, else by numpy's own (pairwise) sum."""
    out = numpy.zeros(n)
    seg = segment[valid]
    if not len(seg):
        return out
    order = numpy.argsort(seg, kind="stable")  # (rows of a segment stay in row order)
    seg, wt = seg[order], weight[valid][order]
    starts = numpy.flatnonzero(numpy.concatenate([[True], seg[1:] != seg[:-1]]))
    lengths = numpy.diff(numpy.append(starts, len(seg)))
    acc = wt[starts].copy()
    for p in range(1, SEQUENTIAL_SUM - 1):
        more = lengths > p
        acc[more] = acc[more] + wt[starts[more] + p]
    for k in numpy.flatnonzero(lengths >= SEQUENTIAL_SUM).tolist():
        acc[k] = wt[starts[k]:starts[k] + lengths[k]].sum()
    out[seg[starts]] = acc
    return out


def _split(cols: _SignalColumns, idx: numpy.ndarray, group: bool, pos: float, neg: float, cfg: dict) -> bool:
    """Whether a holder with both sides weighing at least ``mixed_min`` is ``mixed``: yes to some
    weapon systems and no to others, or a group whose smaller side is at least ``mixed_ratio`` of
    the larger."""
    labels, targets = cols.label[idx], cols.target[idx]
    for_ = {t for t, lab in zip(targets, labels) if lab == "support" and t not in ("", "topic")}
    against = {t for t, lab in zip(targets, labels) if lab in ("oppose", "cautious") and t not in ("", "topic")}
    if for_ and against and for_.isdisjoint(against):
        return True  # yes to some systems, no to others
    if group:  # a group whose members differ, both sides clearly present
        return min(pos, neg) / max(pos, neg) >= cfg["mixed_ratio"]
    return False


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
        arts = tables["articles"]
        dates = dict(zip(arts["article_id"].tolist(), _dates_or_none(arts["date"])))
    sig = sig.dropna(subset=["actor_id"]).reset_index(drop=True)
    cols = _SignalColumns(sig)
    # groups as integer codes in sorted key order (the order of the rows made), not frames per group
    art_code, art_keys = pd.factorize(sig["article_id"], sort=True)
    aid_code, aid_keys = pd.factorize(sig["actor_id"], sort=True)
    art_keys, aid_keys = list(art_keys), list(aid_keys)
    holder_is_group = numpy.array([aid in groups for aid in aid_keys], dtype=bool)
    if per_article is not None:
        made = per_article
        points = (per_article["article_id"].tolist(), per_article["actor_id"].tolist(), _dates_or_none(per_article["date"]),
                  per_article["stance"].tolist(), per_article["score"].tolist())
    else:
        pair = numpy.where(art_code >= 0, art_code.astype(numpy.int64) * max(len(aid_keys), 1) + aid_code, -1)
        pair_code, pairs = pd.factorize(pair, sort=True)  # (article, actor) in sorted order; -1 sorted first
        if len(pairs) and pairs[0] < 0:  # rows of no article: no per-article row
            pair_code, pairs = pair_code - 1, pairs[1:]
        arts = [art_keys[p // max(len(aid_keys), 1)] for p in pairs.tolist()]
        aids = [aid_keys[p % max(len(aid_keys), 1)] for p in pairs.tolist()]
        agg = _aggregate_groups(cols, pair_code, len(pairs), holder_is_group[pairs % max(len(aid_keys), 1)], cfg)
        dated = [dates.get(a) for a in arts]
        made = frame("stances", pd.DataFrame({"article_id": arts, "actor_id": aids,
                                              "actor": [names.get(a, a) for a in aids], **agg, "date": dated}))
        points = (arts, aids, dated, agg["stance"], agg["score"])
    agg = _aggregate_groups(cols, aid_code, len(aid_keys), holder_is_group, cfg)
    trends = _trends(*points, aid_keys)
    overall = pd.DataFrame({"actor_id": aid_keys, "actor": [names.get(a, a) for a in aid_keys], **agg,
                            "n_articles": [len(t) for t in trends], "trend": trends})
    return {"stances": made, "stances_overall": frame("stances_overall", overall)}


def _dates_or_none(dates: pd.Series) -> list[str | None]:
    """Each value of ``dates`` as text, ``None`` where it is missing (found for the column at once)."""
    return [None if gone else str(d) for d, gone in zip(dates.tolist(), dates.isna().tolist())]


def _trends(articles: list, actors: list, dates: list, stances: list, scores: list, holders: list) -> list[list[dict]]:
    """The ``trend`` of each actor of ``holders``: its per-article points (one per row of the other
    lists; ``dates`` already ``None`` or text) in :func:`_in_date_order`, sorted for all the actors
    at once by integer codes of (actor, date, article) instead of one sort with a key call per point."""
    out: list[list[dict]] = [[] for _ in holders]
    if not len(articles):
        return out
    who = pd.Index(holders, dtype=object).get_indexer(pd.Index(actors, dtype=object))
    when = pd.factorize(pd.Index(["9999" if d is None else str(d) for d in dates], dtype=object), sort=True)[0]
    where = pd.factorize(pd.Index([str(a) for a in articles], dtype=object), sort=True)[0]
    order = numpy.lexsort((where, when, who))
    order = order[who[order] >= 0]
    cut = numpy.searchsorted(who[order], numpy.arange(len(holders) + 1)).tolist()
    points = [{"article": articles[i], "date": dates[i], "stance": stances[i], "score": scores[i]} for i in order.tolist()]
    return [points[cut[k]:cut[k + 1]] for k in range(len(holders))]


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
