"""The corpus-wide merge of actor ids (:func:`components.tables.rows.merge_actor_ids`) gives what its
pairwise definition gives (every person against every full name: quadratic in the number of people
of a corpus), through indexes (surnames; word counts and rapidfuzz's batch scoring)."""
from __future__ import annotations

import random

import pytest

from components.tables.rows import _last, _spelling_variants, merge_actor_ids, merge_by_target, merge_infos

from .conftest import SEEDS, SHARED


def pairwise_merge(infos):
    """The definition: each person, in order, joins the one full name ending with its single word, or
    else the first earlier-sorting full name (not itself merged) that spells the same name."""
    merged = merge_infos(infos)
    id_map = {aid: aid for aid in merged}
    persons = [aid for aid, r in merged.items() if r.get("type") == "person"]
    full = [aid for aid in persons if len(merged[aid]["name"].split()) >= 2]
    for aid in persons:
        name = merged[aid]["name"]
        if len(name.split()) == 1:
            cands = [f for f in full if _last(merged[f]["name"]) == name.lower()]
            if len(set(cands)) == 1:
                id_map[aid] = cands[0]
                continue
        for other in full:
            if other == aid or id_map.get(other) != other:
                continue
            if len(name.split()) >= 2 and other < aid and _spelling_variants(name, merged[other]["name"]):
                id_map[aid] = other
                break
    return id_map, merge_by_target(id_map, merged)


NAMES = ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Zelensky", "Zelenskyy",
         "Jonathan E. Sweet", "Jonathan Sweet", "Sweet", "Joe Biden", "Jill Biden", "Biden", "Aleksandar Vučić",
         "Aleksandar Vucic", "Vucic", "US official (anonymous)", "Russian official (anonymous)",
         "British official (anonymous)", "Mark C. Toth", "Mark Toth", "Toth", "Olaf Scholz", "Olaf Sholz",
         "Scholz", "Emmanuel Macron", "Macron", "Keir Starmer", "Kier Starmer", "Starmer", "Lloyd Austin",
         "Austin", "Antony Blinken", "Anthony Blinken", "Blinken", "Dmitry Peskov", "Dmitri Peskov", "Peskov",
         "Mr Peskov", "Sergei Lavrov", "Sergey Lavrov", "Lavrov", "A B C", "A B", ""]


def _infos(rng: random.Random, n_docs: int) -> list[dict]:
    out = []
    for _ in range(n_docs):
        info = {}
        for name in rng.sample(NAMES, rng.randint(1, 8)):
            aid = (name.lower().replace(" ", "-") or "empty") + ("" if rng.random() < 0.7 else f"-{rng.randint(0, 2)}")
            typ = "person" if rng.random() < 0.9 else "organization"
            info[aid] = {"name": name, "type": typ, "role": rng.choice(["", "", "minister"]), "country": ""}
        out.append(info)
    return out


@pytest.mark.parametrize("seed", range(12))
def test_the_indexed_merge_is_the_pairwise_one_on_tricky_names(seed):
    infos = _infos(random.Random(seed), 30)
    assert merge_actor_ids(infos) == pairwise_merge(infos)


def test_the_indexed_merge_is_the_pairwise_one_on_the_seeds_and_the_dev_corpus(nlp, knowledge):
    from components.ingest.articles import load_corpus

    folders = [SEEDS] + ([SHARED / "dev-corpus"] if (SHARED / "dev-corpus").is_dir() else [])
    articles, _ = load_corpus(folders, knowledge=knowledge)
    infos = [dict(doc._.actors or {}) for doc in nlp.pipe([a.text for a in articles])]
    for order in (infos, infos[::-1]):
        id_map, actors = merge_actor_ids(order)
        assert (id_map, actors) == pairwise_merge(order)
        assert len(id_map) > 50
