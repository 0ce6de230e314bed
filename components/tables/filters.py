"""The filter specification: the one definition of the filters (:data:`FIELDS`).

Each field gives its key in the filter state, its URL/widget key, its label and how a one-line
summary names it. The dashboard's widgets and URL binding, the filtering
(:func:`components.tables.filtering.filter_tables`), the dashboard's "filtered to …" line and the
briefing's *Filters* line all read it (:func:`active`, :func:`describe`), so a filter is added or
renamed here once.

The filter state is a plain dict keyed by :attr:`Field.key`::

    {"actor": ["Vladimir Putin"], "weapon": ["Storm Shadow"], "outlet": [...], "stance": [...],
     "q": "escalation", "date_from": "2024-09-01", "date_to": "2024-09-30", "scope": "sentence"}

``scope`` says what the topic filters (actor, weapon, search text) keep: ``"sentence"`` (the
default), the sentences (for quotes, the paragraph) that involve them; ``"article"``, the whole
articles that mention them. :mod:`components.tables.filtering` gives the exact semantics.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

import pandas as pd


@dataclass(frozen=True)
class Field:
    """One filter: ``key`` in the filter state, ``param`` in the URL (and the widget's key),
    ``label`` on its widget, ``name`` in a one-line summary, ``kind`` of value (``values`` = a list
    chosen among the corpus's values, ``text``, ``date``, ``choice`` = one of :attr:`choices`)."""

    key: str
    param: str
    label: str
    name: str
    kind: str
    placeholder: str = ""
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    default: object = None


#: the scope of the topic filters (actor, weapon, search text): value → label
SCOPES = (("sentence", "Sentences about it"), ("article", "Whole articles that mention it"))
DEFAULT_SCOPE = "sentence"

FIELDS: tuple[Field, ...] = (
    Field("actor", "actor", "Actor", "actor", "values", "All actors",
          "Quotes said by the actor; mentions, weapon mentions and stance evidence in the sentences naming the actor."),
    Field("weapon", "weapon", "Weapon system", "weapon", "values", "All weapon systems",
          "Quotes whose paragraph names the system; mentions and stance evidence in the sentences naming it."),
    Field("outlet", "outlet", "Outlet", "outlet", "values", "All outlets"),
    Field("stance", "stance", "Stance", "stance", "values", "Any stance",
          "Actors holding this stance toward the debate question in an article."),
    Field("q", "q", "Search the text", "text", "text", "e.g. escalation",
          "Quotes containing these words; sentences containing them elsewhere."),
    Field("date_from", "from", "From", "date from", "date"),
    Field("date_to", "to", "To", "date to", "date"),
    Field("scope", "scope", "Show", "scope", "choice",
          help="What the actor, weapon and search filters keep: only the sentences (for quotes, the "
               "paragraph) that involve them, or the whole of every article that mentions them.",
          choices=SCOPES, default=DEFAULT_SCOPE),
)
BY_KEY = {f.key: f for f in FIELDS}
LIST_KEYS = tuple(f.key for f in FIELDS if f.kind == "values")
TOPIC_KEYS = ("actor", "weapon", "q")  # the filters the scope applies to


def empty_state() -> dict:
    """A filter state that selects everything."""
    return {f.key: ([] if f.kind == "values" else "" if f.kind == "text" else f.default) for f in FIELDS}


def scope_of(state: Mapping) -> str:
    """The state's scope (``"sentence"`` unless ``"article"`` is set)."""
    return "article" if state.get("scope") == "article" else DEFAULT_SCOPE


def is_active(state: Mapping) -> bool:
    """Whether ``state`` filters anything (the scope alone filters nothing)."""
    return any(state.get(f.key) for f in FIELDS if f.key != "scope")


def topic_active(state: Mapping) -> bool:
    """Whether a filter the scope applies to (actor, weapon, search text) is set."""
    return any(state.get(k) for k in TOPIC_KEYS if (state.get(k) if k != "q" else str(state.get(k) or "").strip()))


def _values(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v] if v.strip() else []
    return [str(x) for x in v if x is not None and str(x).strip()]


def active(state: Mapping, names: Mapping[str, str] | None = None) -> list[tuple[str, str, list[str]]]:
    """The active filters as ``(key, name, values)`` in the specification's order (keys the
    specification lacks last, named by their key); values are raw text, to be escaped for the
    medium. ``names`` maps actor ids to names, for states that hold ids. The scope is named
    whenever a topic filter is set."""
    out = []
    for f in FIELDS:
        if f.key == "scope":
            if topic_active(state):
                out.append((f.key, f.name, [dict(SCOPES)[scope_of(state)].lower()]))
            continue
        vals = _values(state.get(f.key))
        if f.key == "actor" and names:
            vals = [names.get(v, v) for v in vals]
        if vals:
            out.append((f.key, f.name, vals))
    for key in sorted(k for k in state if k not in BY_KEY):  # keys from elsewhere are shown, not dropped
        vals = _values(state.get(key))
        if vals:
            out.append((key, key, vals))
    return out


def describe(state: Mapping, names: Mapping[str, str] | None = None) -> list[tuple[str, list[str]]]:
    """The active filters as ``(name, values)`` pairs for a one-line summary (see :func:`active`)."""
    return [(name, vals) for _, name, vals in active(state, names)]


def filter_options(tables: Mapping[str, pd.DataFrame], stance_labels: Iterable[str] = ()) -> dict[str, list[str]]:
    """The values each list filter can take on these tables (most-mentioned actors first, the rest
    sorted); the stance labels are ``stance_labels`` (the vocabulary's order) else those found."""
    actors, wm, arts = tables["actors"], tables["weapon_mentions"], tables["articles"]
    found = list(pd.unique(pd.concat([tables["stances"]["stance"], tables["stances_overall"]["stance"]]).dropna()))
    labels = list(stance_labels) or sorted(found)
    return {
        "actor": list(actors.sort_values(["mentions", "name"], ascending=[False, True])["name"]) if not actors.empty else [],
        "weapon": sorted(wm["system"].dropna().unique()) if not wm.empty else [],
        "outlet": sorted(arts["outlet"].dropna().unique()) if not arts.empty else [],
        "stance": labels + [s for s in found if s not in labels],
    }


def split_known(state: Mapping, options: Mapping[str, list[str]]) -> tuple[dict, dict[str, list[str]]]:
    """``(clean_state, unknown)``: the state with values not among ``options`` removed, and those
    removed values per key (to tell the user a shared link named something this corpus lacks)."""
    clean, unknown = dict(state), {}
    for key in LIST_KEYS:
        vals = list(state.get(key) or [])
        bad = [v for v in vals if v not in options.get(key, [])]
        if bad:
            unknown[key] = bad
        clean[key] = [v for v in vals if v in options.get(key, [])]
    return clean, unknown
