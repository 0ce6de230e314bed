"""Display names: how the articles themselves write an actor or a weapon system.

A canonical name (``"Russian Defence Ministry"``, ``"US officials (anonymous)"``) is the key that
merges mentions; a reader should see the articles' own form (``"Russian Defense Ministry"``,
``"U.S. officials"``). Pure functions on the ``actors``, ``actor_mentions`` and ``weapon_mentions``
tables of :mod:`components.tables.schema`.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

POSSESSIVE = re.compile(r"[’']s?$")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def surface_form(text: str) -> str:
    """A mention as a name: one line, without a leading article or a possessive ending."""
    s = re.sub(r"\s+", " ", str(text)).strip(" ,.;:\"“”‘’")
    s = LEADING_ARTICLE.sub("", s)
    return POSSESSIVE.sub("", s) if re.search(r"\w[’']s?$", s) else s


def actor_display_names(actors: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, str]:
    """``{actor_id: name}``: the canonical name when some mention writes it (any case, possibly inside
    a longer mention such as "Prime Minister Keir Starmer"); else the articles' own form closest to
    it: the capitalised mention sharing most words with the canonical name, then the most frequent
    ("Russian Defense Ministry" for "Russian Defence Ministry", "U.S. officials" for "US officials
    (anonymous)"). An actor with no capitalised mention keeps its canonical name."""
    names = {str(a): str(n) for a, n in zip(actors["actor_id"], actors["name"]) if pd.notna(a) and pd.notna(n)}
    forms: dict[str, Counter] = defaultdict(Counter)
    if len(mentions):
        counts = mentions.groupby(["actor_id", "text"], sort=False).size()  # each written form once
        for (aid, text), n in counts.items():
            form = surface_form(text)
            if form and form[0].isupper():
                forms[str(aid)][form] += int(n)
    out = {}
    for aid, name in names.items():
        seen = forms.get(aid)
        words = _words(name)
        inside = " " + " ".join(words) + " "
        if not seen or any(inside in " " + " ".join(_words(f)) + " " for f in seen):
            out[aid] = name
            continue
        words = set(words)
        out[aid] = min(seen.items(), key=lambda kv: (-len(words & set(_words(kv[0]))), -kv[1],
                                                    -len(kv[0].split()), kv[0]))[0]
    return out


def _words(name: str) -> list[str]:
    return re.findall(r"\w+", name.lower().replace(".", ""))


def system_display_names(weapon_mentions: pd.DataFrame) -> dict[str, str]:
    """``{system: name}`` for named systems: the catalogue name when some mention contains it (any
    case: "HIMARS" for "Himars"), else the most frequent mention as written."""
    if not len(weapon_mentions):
        return {}
    wm = weapon_mentions[weapon_mentions["named"].astype(bool)]
    written: dict[str, Counter] = defaultdict(Counter)
    counts = wm.groupby(["system", "text"], sort=False).size()  # each written form once
    for (system, text), n in zip(counts.index.tolist(), counts.tolist()):
        written[system][surface_form(text)] += int(n)
    out = {}
    for system in sorted(wm["system"].dropna().unique()):
        forms = written.get(system, Counter())
        low = str(system).lower()
        if not forms or any(low in f.lower() for f in forms):
            out[str(system)] = str(system)
        else:
            out[str(system)] = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return out
