"""Facts about weapon systems as the articles give them: figures with a unit next to a system's name
(ranges, numbers), and the catalogue's category and maker only where a sentence naming the
system states them. Nothing here is shown on the catalogue's word alone."""
from __future__ import annotations

import re
from collections import defaultdict

from ..knowledge import Knowledge
from .blocks import Evidence
from .corpus import Corpus

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
    if len(wm):
        for art, start, system in zip(wm["article_id"], wm["start"], wm["system"]):
            i = corpus.locate(str(art), int(start))
            if i is not None:
                by_sentence[i].append((int(start), str(system)))
    out: dict[tuple[str, str], list] = defaultdict(list)
    for i, ments in sorted(by_sentence.items()):
        art, s0, s1 = corpus.c_art[i], corpus.c_start[i], corpus.c_end[i]
        raw = corpus.text[art][s0:s1]
        for m in pat.finditer(raw):
            value = float(m.group(1).replace(",", ""))
            unit = m.group(2).lower()
            kind = "range" if unit in km else unit.replace("per cent", "percent").replace("%", "percent")
            norm = value * km[unit] if unit in km else value
            near = min(ments, key=lambda x: (abs(x[0] - s0 - m.start()), x[1]))
            out[(near[1], kind)].append((norm, re.sub(r"\s+", " ", m.group(0)), Evidence(art, s0, s1)))
    return out


def stated_range(figures: dict, system: str) -> tuple[str, Evidence] | None:
    """The range the articles give most often for ``system`` (as first written), with its sentence."""
    found = figures.get((system, "range"), [])
    if not found:
        return None
    clusters: list[list] = []
    for norm, shown, ev in found:
        for c in clusters:
            if abs(norm - c[0][0]) <= 0.1 * max(abs(c[0][0]), 1e-9):
                c.append((norm, shown, ev))
                break
        else:
            clusters.append([(norm, shown, ev)])
    best = max(clusters, key=len)  # ties: the first written
    return best[0][1], best[0][2]


def stated_facts(corpus: Corpus, knowledge: Knowledge, system: str) -> list[tuple[str, str, Evidence]]:
    """``[(fact kind, value, evidence)]``: the catalogue's category and maker of ``system``, each
    where a sentence naming the system contains it (case-insensitively, as whole words; a category
    also in the plural); the first such sentence in corpus order is the evidence. (A country named
    near a system is no statement of its origin: origins are not shown.)"""
    w = knowledge.weapon(system)
    if w is None:
        return []
    sentences = [i for i in sorted(corpus.sent_systems, key=lambda i: i) if system in corpus.sent_systems[i]]
    out = []
    for kind, value in (("category", w.category), ("maker", w.maker)):
        if not value or value.lower() in system.lower():  # "Sukhoi jet fighters" are not news of their maker
            continue
        plural = r"(?:e?s)?" if kind == "category" else ""
        pat = re.compile(r"(?<![\w])" + re.escape(value).replace(r"\ ", r"\s+") + plural + r"(?![\w])", re.I)
        hit = next((i for i in sentences if pat.search(corpus.c_text[i])), None)
        if hit is not None:
            out.append((kind, value, corpus.evidence(hit)))
    return out
