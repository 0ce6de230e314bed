"""The dashboard's views. Each module has ``render(ctx)`` drawing one tab from a :class:`Context`;
views only read the (already filtered) tables."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Context:
    """What every view gets: the filtered tables, the whole corpus's tables, the filter state,
    the corpus cache key and one colour per actor name (stable across filters)."""

    tables: dict[str, pd.DataFrame]
    full: dict[str, pd.DataFrame]
    state: dict
    key: str
    colours: dict[str, str] = field(default_factory=dict)
