"""The briefing's wording and limits, read from ``briefing.toml`` (knowledge data a user can extend)
and checked once: every template the sections use must be there, and may use only the fields its
sentence provides.

Templates are plain text with fields: ``{name}`` is replaced by the value the code gives (already
escaped Markdown), and ``{n|one|many}`` chooses ``one`` when the number ``n`` is 1 and ``many``
otherwise, so ``"{n} {n|article|articles}"`` reads "1 article", "3 articles".
"""
from __future__ import annotations

import re

from ..knowledge import Knowledge
from ..tables.stances import LABELS
from .text import join_names

FIELD = re.compile(r"\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}")

#: every template the sections use, with the fields its sentence provides
TEMPLATES: dict[str, tuple[str, ...]] = {
    "title": ("names",), "title_focus": ("names",), "title_plain": (), "question": ("question",),
    "coverage": ("n", "outlets", "dates"), "coverage_outlets": ("k", "names"), "coverage_outlets_short": ("k", "names"), "coverage_unknown_outlets": ("u",),
    "coverage_no_outlet": (), "coverage_date": ("first",), "coverage_dates": ("first", "last"),
    "coverage_undated": ("u",), "coverage_no_dates": (), "coverage_duplicates": ("d",),
    "filters": ("filters",), "filters_none": (), "filter": ("name", "values"), "legend": (), "legend_short": (),
    "at_issue": ("quote",), "also_central": ("quote",), "balance_one": ("name", "label"), "balance_lead": ("n",),
    "balance_group": ("n", "label"), "balance_names": ("names",), "balance_names_some": ("names",),
    "no_positions": ("k", "names"), "moved_from": ("name", "label", "date"), "moved_to": ("label", "date"),
    "latest": ("date", "quote"), "where_it_stands": ("quote",), "at_stake": ("k", "names"),
    "actor_line": ("name", "label", "evidence"), "actor_line_labelled": ("name", "label", "evidence"),
    "no_stances": (), "no_stances_no_actors": (), "actor_mentioned": ("name", "n", "k", "quote"),
    "weapon_short": ("name", "k", "n"), "weapon_full": ("name", "m", "k", "n"), "fact_category": ("value",),
    "fact_maker": ("value",), "fact_range": ("value",), "aspect": ("aspect", "quote"),
    "no_weapons": (), "generic_weapons": ("names",), "generic_weapon": ("name", "m"), "period": ("first", "last"),
    "period_line": ("when", "n", "quote"), "no_quotes_table": (), "no_long_quotes": (), "reach": ("k",),
    "reach_outlets": ("o",), "quote_line": ("quote", "speaker", "reach"), "one_article": (),
    "no_shared_point": (), "no_differences": (), "common_systems": ("names",), "common_actors": ("names",),
    "common_all": ("need", "n", "what"), "common_most": ("need", "n", "what"), "shared_point": ("k", "n", "quote"),
    "figures_differ": ("name", "kind"), "articles_differ": ("name",), "gaps_lead": (), "gap": ("name", "k", "n"),
    "nothing_to_watch": (), "source": ("n", "title", "details"), "untitled": ("words",), "further": ("r",),
    "empty_selection": (),
}
WORDS = ("and", "unattributed", "filter_actor", "filter_weapon", "filter_outlet", "filter_stance", "filter_q",
         "filter_date_from", "filter_date_to", "aspect_said", "undated")
HEADINGS = ("bottom_line", "actors", "actors_short", "stance_support", "stance_oppose", "stance_cautious",
            "stance_mixed", "weapons", "weapons_short", "timeline", "quotes", "agreement", "common_ground",
            "differences", "watch", "key_passages", "sources")
#: limits of each briefing length (a data file may change any of them)
LIMITS = {
    "short": {"max_words": 600, "min_words": 0, "bottom_line": 5, "balance_names": 1, "actors": 6, "weapons": 3, "periods": 3,
              "watch": 2, "max_quote_words": 35, "quotes": 0, "agreement": 0, "contention": 0,
              "actors_per_group": 0, "actors_without_stance": 0},
    "full": {"max_words": 1500, "min_words": 150, "bottom_line": 5, "balance_names": 2, "actors_per_group": 4, "actors_without_stance": 6,
             "weapons": 5, "periods": 4, "moves": 4, "quotes": 5, "agreement": 3, "contention": 4, "watch": 4},
}
LENGTHS = tuple(LIMITS)


class WordingError(ValueError):
    """``briefing.toml`` lacks a template, word or heading, or a template uses a field its sentence
    does not provide."""


class Wording:
    """The checked contents of ``briefing.toml`` (see the module docstring)."""

    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.templates = dict(cfg.get("templates", {}))
        self.words = dict(cfg.get("words", {}))
        self.headings = dict(cfg.get("headings", {}))
        self.labels = dict(cfg.get("labels", {}))
        problems = [f"[templates] lacks {k!r}" for k in TEMPLATES if k not in self.templates]
        problems += [f"[words] lacks {k!r}" for k in WORDS if k not in self.words]
        problems += [f"[headings] lacks {k!r}" for k in HEADINGS if k not in self.headings]
        problems += [f"[labels] lacks {k!r}" for k in LABELS if k not in self.labels]
        for key, text in self.templates.items():
            allowed = TEMPLATES.get(key, ())
            bad = sorted({m.group(1) for m in FIELD.finditer(str(text))} - set(allowed))
            if bad:
                problems.append(f"[templates] {key!r} uses {', '.join(bad)}; it may use {', '.join(allowed) or 'no field'}")
        for length, limits in cfg.get("lengths", {}).items():
            if length not in LIMITS:
                problems.append(f"[lengths] has {length!r}; the lengths are {', '.join(LIMITS)}")
            elif not all(isinstance(v, int) and v >= 0 for v in limits.values()):
                problems.append(f"[lengths.{length}] values must be whole numbers ≥ 0")
        if problems:
            raise WordingError("briefing.toml: " + "; ".join(problems))

    @classmethod
    def of(cls, knowledge: Knowledge) -> "Wording":
        return cls(knowledge.briefing.as_dict())

    def say(self, key: str, **fields) -> str:
        """Template ``key`` filled with ``fields`` (see the module docstring)."""
        def fill(m: re.Match) -> str:
            value = fields[m.group(1)]
            if m.group(2) is None:
                return str(value)
            return m.group(2) if int(value) == 1 else m.group(3)
        return FIELD.sub(fill, self.templates[key])

    def word(self, key: str) -> str:
        return self.words[key]

    def has_word(self, key: str) -> bool:
        return key in self.words

    def heading(self, key: str) -> str:
        return self.headings[key]

    def label(self, stance: str) -> str:
        return self.labels.get(stance, stance)

    def join(self, names: list[str]) -> str:
        return join_names(names, self.word("and"))

    def cues(self, name: str) -> list[str]:
        """Cue lists: ``decision`` (what is being decided), ``watch`` (forward-looking), ``dates``."""
        if name == "dates":
            return list(self.cfg.get("watch", {}).get("dates", []))
        return list(self.cfg.get(name, {}).get("cues", []))

    def limits(self, length: str) -> dict:
        if length not in LIMITS:
            raise ValueError(f"briefing length must be one of {', '.join(LIMITS)}, not {length!r}")
        out = dict(LIMITS[length])
        out.update({k: int(v) for k, v in self.cfg.get("lengths", {}).get(length, {}).items()})
        return out
