"""The stance aggregation's definition, one group at a time, as it was written before
:func:`components.tables.stances._aggregate_groups` computed every group at once: the tests compare
the two, float for float, on the seeds, the development corpus and hand-made signals."""
from __future__ import annotations

import math

import numpy
import pandas as pd

from components.tables.stances import DEFAULTS, LABEL_SCORE, LABELS, UNCLEAR, _SignalColumns, _weights


def reference_aggregate(cols: _SignalColumns, idx: numpy.ndarray, group: bool, cfg: dict) -> dict:
    """Label, score, confidence and evidence of the rows ``idx`` of ``cols`` (see the module
    docstring of :mod:`components.tables.stances`)."""
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
            mixed = True
        elif group:
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
    for n in order:
        k = idx[n]
        key = (cols.article[k], cols.sent[k])
        if key not in seen:
            seen.add(key)
            evidence.append(cols.sentence[k])
            offsets.append((int(cols.start[k]), int(cols.end[k])))
    return {"stance": label, "score": round(max(-1.0, min(1.0, score)), 3), "confidence": confidence,
            "n_signals": int(len(idx)), "evidence": evidence, "evidence_offsets": offsets}


FIELDS = ("stance", "score", "confidence", "n_signals", "evidence", "evidence_offsets")


def differences(signals: pd.DataFrame, made: dict[str, pd.DataFrame], groups: set[str] = frozenset(),
                settings: dict | None = None) -> list[tuple]:
    """Where ``made`` (``stance_tables`` of ``signals``) differs from the reference, group by group:
    ``(table, key, field, made, reference)``; floats compared exactly (their text, so -0.0 is not 0.0)."""
    cfg = {**DEFAULTS, **(settings or {})}
    sig = signals.dropna(subset=["actor_id"]).reset_index(drop=True)
    cols = _SignalColumns(sig)
    out = []
    for table, keys in (("stances", ["article_id", "actor_id"]), ("stances_overall", ["actor_id"])):
        rows = made[table].set_index(keys)
        got = sorted(sig.groupby(keys if len(keys) > 1 else keys[0]).indices.items())
        if len(got) != len(rows):
            out.append((table, None, "rows", len(rows), len(got)))
        for key, idx in got:
            aid = key[-1] if isinstance(key, tuple) else key
            ref = reference_aggregate(cols, idx, aid in groups, cfg)
            row = rows.loc[key]
            for f in FIELDS:
                mine = row[f].item() if hasattr(row[f], "item") else row[f]  # (a frame's cell: numpy scalars)
                mine = [tuple(int(v) for v in o) for o in mine] if f == "evidence_offsets" else \
                    list(mine) if f == "evidence" else mine
                if repr(mine) != repr(ref[f]):
                    out.append((table, key, f, mine, ref[f]))
    return out
