"""Plotly figures over the (filtered) tables.

Conventions every chart keeps: stance colours (:data:`STANCE_COLOURS`) mean a stance and nothing
else; outlets get colours from a palette with no stance colour in it, and a missing outlet or date
is neutral grey (:data:`UNKNOWN`); axes that count are integer axes; long lists show the top *n*
with the rest one switch away (the caller passes ``top``); heatmaps are sorted by their totals.
Text from the articles (names, sentences) is HTML-escaped before it reaches a label or a hover,
since Plotly renders both as HTML. Every function returns a figure, or ``None`` when there is
nothing to draw (the view then says so).
"""
from __future__ import annotations

import textwrap
import zlib

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from components.escaping import html_escape
from components.knowledge.vocabulary import STANCE_COLOURS, spectrum
from dashboard.aggregates import article_titles
from dashboard.widgets import MISSING, MISSING_COLOUR, is_missing

UNKNOWN = MISSING_COLOUR  # a missing outlet or date: neutral grey
UNKNOWN_OUTLET = MISSING["outlet"]

STANCE_ORDER = spectrum()  # support … oppose, then unclear: the order of every stance legend and scale
STANCE_SCORE_AXIS = "position (−1 against … +1 for)"
OUTLET_PALETTE = ["#4e79a7", "#76b7b2", "#9c755f", "#2f4b7c", "#a0cbe8", "#499894", "#d7b5a6", "#1f4e79",
                  "#86bcb6", "#bfa07a", "#6f8fb3", "#5c4a3d"]
#: the plotting area (pixels) of the stance map and of the actors' scatter, as drawn in the wide layout
MAP_PX, SCATTER_PX = (820.0, 330.0), (860.0, 330.0)
KIND_COLOURS = {"direct": "#1f4e79", "partial": "#5b9bd5", "indirect": "#a9c4e2"}


# ------------------------------------------------------------------------------------ helpers
def esc(value, width: int | None = None) -> str:
    """``value`` as text safe in a Plotly label or hover (HTML-escaped), wrapped at ``width``."""
    text = " ".join(str(value).split())
    if width:
        return "<br>".join(html_escape(line) for line in textwrap.wrap(text, width) or [""])
    return html_escape(text)


def outlet_name(value) -> str:
    """The outlet as shown: a missing outlet is ``unknown outlet``."""
    return UNKNOWN_OUTLET if is_missing(value) else str(value)


def _outlets(articles: pd.DataFrame) -> pd.DataFrame:
    """``article_id`` and ``outlet`` as shown (:func:`outlet_name`) of each article: named once per
    article, not once per mention joined to it (500,000 mentions at 5,000 articles)."""
    return pd.DataFrame({"article_id": articles["article_id"],
                         "outlet": articles["outlet"].map(outlet_name).astype(object)})


def outlet_colours(outlets) -> dict[str, str]:
    """A colour per outlet name (grey for the unknown outlet), stable for a given set of names."""
    names = sorted({outlet_name(o) for o in outlets} - {UNKNOWN_OUTLET})
    colours = {n: OUTLET_PALETTE[i % len(OUTLET_PALETTE)] for i, n in enumerate(names)}
    colours[UNKNOWN_OUTLET] = UNKNOWN
    return colours


def integer_axis(fig: go.Figure, axis: str = "x", largest: float | None = None) -> go.Figure:
    """Make a counting axis show whole numbers only (ticks every 1 on small counts)."""
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    kw = {"tickformat": ",d", "rangemode": "tozero"}
    if largest is not None and largest <= 10:
        kw["dtick"] = 1
    update(**kw)
    return fig


def _layout(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), legend_title_text="")
    return fig


def _jitter(names: pd.Series, amount: float) -> np.ndarray:
    """A small deterministic offset per name, so that actors with the same score do not hide each other."""
    return np.array([((zlib.crc32(str(n).encode()) % 1000) / 999 - 0.5) * 2 * amount for n in names])


#: where a point's name may go, in the order tried
SIDES = ("top center", "bottom center", "middle right", "middle left", "top right", "bottom left", "top left",
         "bottom right")
CHAR_PX, LINE_PX = 6.0, 14.0  # a name's width per character and its height, at the charts' label size


def _label_box(px: float, py: float, r: float, w: float, side: str) -> tuple[float, float, float, float]:
    """``(left, right, bottom, top)`` in pixels (y up) of a name ``w`` wide written at ``side`` of a
    point of radius ``r`` at ``(px, py)``."""
    vertical, horizontal = side.split()
    r += 3  # Plotly leaves a little room between a marker and its text
    if horizontal == "center":
        x0 = px - w / 2
    elif horizontal == "right":
        x0 = px + (r if vertical == "middle" else 0)
    else:
        x0 = px - w - (r if vertical == "middle" else 0)
    y0 = {"top": py + r, "bottom": py - r - LINE_PX, "middle": py - LINE_PX / 2}[vertical]
    return x0, x0 + w, y0, y0 + LINE_PX


def place_labels(px, py, radii, names, width: float, height: float) -> list[str | None]:
    """Where to write each point's name so that no name overlaps another name or another point and
    none leaves the plot (``px``/``py``: the points in pixels from the plot's bottom left, ``width``
    × ``height``; ``names`` in priority order: the first ones get the first choice; an empty name is
    a point to keep clear of). A name that fits nowhere gets ``None`` and is left to the hover."""
    px, py, radii = [float(v) for v in px], [float(v) for v in py], [float(v) for v in radii]
    markers = [(x - r, x + r, y - r, y + r) for x, y, r in zip(px, py, radii)]
    placed: list[tuple[float, float, float, float]] = []
    out: list[str | None] = []

    def clear(box, own: int) -> bool:  # no other name, nor another point, under it (2 px apart)
        return not any(box[0] < b[1] + 2 and b[0] < box[1] + 2 and box[2] < b[3] + 2 and b[2] < box[3] + 2
                       for b in [*placed, *(m for j, m in enumerate(markers) if j != own)])

    for i, (x, y, r, name) in enumerate(zip(px, py, radii, names)):
        w = CHAR_PX * len(str(name or "")) + 2
        choice = None
        if not name:  # a point without a name: only in the way of others
            out.append(None)
            continue
        for side in SIDES:
            box = _label_box(x, y, r, w, side)
            inside = box[0] >= 0 and box[1] <= width and box[2] >= 0 and box[3] <= height
            if inside and clear(box, i):
                choice = side
                placed.append(box)
                break
        out.append(choice)
    return out


def _legend_order(labels) -> list[str]:
    present = [s for s in STANCE_ORDER if s in set(labels)]
    return present + sorted(set(labels) - set(present))


def prepare() -> None:
    """Make one tiny chart with Plotly Express: its first chart in a process sets it up (0.1 CPU-s,
    looking up trace classes), which the first view drawing one would otherwise pay."""
    px.bar(pd.DataFrame({"n": [1], "name": ["a"], "kind": ["b"]}), x="n", y="name", color="kind", orientation="h")


# ------------------------------------------------------------------------------------- stance
def stance_map(positions: pd.DataFrame, top: int | None = 12) -> go.Figure | None:
    """The stance map: one point per actor at its position (score, −1 … +1) against how often it
    is mentioned (log scale), sized by how much it is quoted, coloured by its label; the hover gives
    the evidence sentence; the names of the ``top`` most prominent actors are written (all when
    ``top`` is ``None``). ``positions``: one row per actor with ``actor``, ``stance``, ``score``,
    ``quotes``, ``mentions``, ``evidence`` (first sentence) and ``n_articles``. Click a point to
    filter by the actor (its name is the first custom-data value)."""
    if positions.empty:
        return None
    df = positions.copy()
    df["prominence"] = df["mentions"].clip(lower=1)
    df["x"] = df["score"].astype(float) + _jitter(df["actor"], 0.035)
    rank = (df["quotes"] * 3 + df["mentions"]).rank(ascending=False, method="first")
    df["size"] = 8 + 4 * np.sqrt(df["quotes"].astype(float))
    # the names of the most prominent, each where it overlaps no other name (the rest on hover)
    df = df.assign(rank=rank).sort_values("rank", kind="stable")
    low, high = np.log10(df["prominence"].min() / 1.3), np.log10(df["prominence"].max() * 1.3)
    sides = place_labels((df["x"] + 1.2) / 2.4 * MAP_PX[0],
                         (np.log10(df["prominence"]) - low) / max(high - low, 0.3) * MAP_PX[1], df["size"] / 2,
                         [" ".join(str(a).split()) if top is None or r <= top else "" for a, r in zip(df["actor"], df["rank"])],
                         *MAP_PX)
    side_of = dict(zip(df.index, sides))
    df["side"] = [side_of.get(i) or "top center" for i in df.index]
    df["label"] = [esc(a) if side_of.get(i) else "" for i, a in zip(df.index, df["actor"])]
    fig = go.Figure()
    for label in _legend_order(df["stance"]):
        g = df[df["stance"] == label]
        custom = np.column_stack([g["actor"].astype(str), [esc(a) for a in g["actor"]],
                                  [esc(e, 70) for e in g["evidence"]], g["quotes"], g["n_articles"],
                                  g["score"].round(2)])
        fig.add_trace(go.Scatter(
            x=g["x"], y=g["prominence"], mode="markers+text", name=label, text=g["label"],
            textposition=list(g["side"]), textfont=dict(size=11),
            marker=dict(size=g["size"], color=STANCE_COLOURS.get(label, UNKNOWN), line=dict(width=1, color="white"),
                        opacity=0.9),
            customdata=custom,
            hovertemplate="<b>%{customdata[1]}</b>: " + label + " (score %{customdata[5]})<br>"
                          "%{customdata[3]} quotes · stance found in %{customdata[4]} article(s)<br>"
                          "<i>%{customdata[2]}</i><extra></extra>"))
    fig.update_xaxes(range=[-1.2, 1.2], zeroline=True, zerolinewidth=1, zerolinecolor="#999",
                     tickvals=[-1, -0.5, 0, 0.5, 1], ticktext=["−1 against", "−0.5", "0", "+0.5", "+1 for"],
                     title=STANCE_SCORE_AXIS)
    ticks = [v for v in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
             if v <= max(2, int(df["prominence"].max()) * 2)]
    fig.update_yaxes(type="log", title="mentions (log scale)", tickvals=ticks, ticktext=[f"{v:,}" for v in ticks])
    fig.update_layout(title="Stance map: who stands where (size = how much they are quoted)",
                      legend=dict(orientation="h", y=-0.2))
    return _layout(fig, 480)


def stance_positions(stances: pd.DataFrame, top: int | None = None) -> go.Figure | None:
    """Each actor's position over the selection (one dot per actor at its score, coloured by its
    label; a score of 0 is a dot on the zero line, never an invisible bar). ``stances``: the
    corpus-level rows (one per actor). Click a dot to filter by the actor."""
    if stances.empty:
        return None
    df = stances.sort_values(["score", "actor"]).copy()
    if top is not None:
        df = df.loc[df["n_signals"].rank(ascending=False, method="first") <= top].sort_values(["score", "actor"])
    fig = go.Figure()
    for label in _legend_order(df["stance"]):
        g = df[df["stance"] == label]
        fig.add_trace(go.Scatter(
            x=g["score"], y=[esc(a) for a in g["actor"]], mode="markers", name=label,
            marker=dict(size=12, color=STANCE_COLOURS.get(label, UNKNOWN), line=dict(width=1, color="white")),
            customdata=np.column_stack([g["actor"].astype(str), g["n_signals"]]),
            hovertemplate="%{y}: " + label + " (score %{x:.2f}, %{customdata[1]} signals)<extra></extra>"))
    fig.update_xaxes(range=[-1.1, 1.1], zeroline=True, zerolinewidth=2, title=STANCE_SCORE_AXIS)
    fig.update_yaxes(categoryorder="array", categoryarray=[esc(a) for a in df["actor"]])
    fig.update_layout(title="Where each actor stands", legend=dict(orientation="h", y=-0.15))
    return _layout(fig, max(300, 24 * len(df) + 120))


def article_columns(articles: pd.DataFrame, width: int = 22) -> dict[str, str]:
    """``{article_id: label}`` for a chart column per article: the start of its title over its
    outlet (escaped), unique per article (a repeated label gets its id's start)."""
    titles = [str(t) for t in article_titles(articles, 200)]
    short = [t if len(t) <= width else t[:width - 1].rstrip() + "…" for t in titles]
    labels = [f"{esc(t)}<br>{esc(outlet_name(o))}" for t, o in zip(short, articles["outlet"])]
    seen: dict[str, int] = {}
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
    return {a: lab if seen[lab] == 1 else f"{lab}<br>{esc(str(a)[:12])}"
            for a, lab in zip(articles["article_id"], labels)}


def stance_matrix(stances: pd.DataFrame, articles: pd.DataFrame) -> go.Figure | None:
    """Actor × article matrix (``stances``: per-article rows); each cell is coloured by the stance and
    its hover gives the score. Actors are sorted by how many articles they take a position in."""
    df = stances
    if df.empty:
        return None
    df = df.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    df["column"] = df["article_id"].map(article_columns(articles))
    names = {a: esc(a) for a in df["actor"].unique()}  # (an actor's rows are many, its name one)
    df["row"] = df["actor"].map(names)
    order = df["row"].value_counts()
    rows = sorted(order.index, key=lambda r: (-order[r], r))
    code, label, score = _matrix_cells(df, rows)
    n = len(STANCE_ORDER)
    scale = []
    for i, stance in enumerate(STANCE_ORDER):  # a stepped scale: one flat band per stance
        scale += [(i / n, STANCE_COLOURS[stance]), ((i + 1) / n, STANCE_COLOURS[stance])]
    fig = go.Figure(go.Heatmap(
        z=code.values, x=list(code.columns), y=list(code.index), zmin=-0.5, zmax=n - 0.5,
        colorscale=scale, showscale=False, xgap=2, ygap=2,
        text=label, texttemplate="%{text}",
        customdata=score,
        hovertemplate="%{y}<br>%{x}<br>%{text} (score %{customdata})<extra></extra>"))
    fig.update_layout(title="Stance by actor and article (rows: actors; columns: articles)")
    fig.update_xaxes(side="top")
    fig.update_yaxes(autorange="reversed")
    fig = _layout(fig, max(300, 26 * len(code) + 160))
    fig.update_layout(margin=dict(t=110), title_y=0.99, title_yanchor="top")
    return fig


def _matrix_cells(df: pd.DataFrame, rows: list[str]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The stance matrix's cells from its long rows (``row``, ``column``, ``stance``, ``score``):
    ``(code, label, score)``: each cell's stance as its place in :data:`STANCE_ORDER` (a frame with
    the ``rows`` in that order and the columns that hold a code, sorted; missing: ``NA``), its label
    (the first stance given, ``""`` for none) and its mean score rounded to 2 places (NaN for none).
    What ``pivot_table`` gives (``first``, ``first``, ``mean``), made by array indexing: a table of
    thousands of articles is thousands of columns, and pandas works on them one by one."""
    order = {s: i for i, s in enumerate(STANCE_ORDER)}
    ok = df["column"].notna().to_numpy()
    col_of = df["column"].to_numpy(dtype=object)[ok]
    stances = df["stance"].to_numpy(dtype=object, na_value=None)[ok]
    scores = df["score"].to_numpy(dtype="float64", na_value=np.nan)[ok]
    r = pd.Index(rows, dtype=object).get_indexer(df["row"].to_numpy(dtype=object)[ok])
    mapped = df["stance"].map(order)  # (its type is the pivot's: float from text, integers from Arrow text)
    arrow = not isinstance(mapped.dtype, np.dtype)
    values = mapped.to_numpy(dtype=object)[ok] if arrow else mapped.to_numpy(dtype="float64")[ok]
    has_code = mapped.notna().to_numpy()[ok]
    columns = sorted(set(col_of[has_code].tolist()))  # pivot_table drops a column with no value
    c = pd.Index(columns, dtype=object).get_indexer(col_of)
    inside = (c >= 0) & (r >= 0)
    n_rows, n_cols = len(rows), len(columns)
    cell = r * n_cols + c

    def first(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # each cell's first value given
        where = np.flatnonzero(mask & inside)
        cells, at = np.unique(cell[where], return_index=True)
        return cells, where[at]

    z = np.full(n_rows * n_cols, pd.NA, dtype=object) if arrow else np.full(n_rows * n_cols, np.nan)
    cells, at = first(has_code)
    z[cells] = values[at]
    text = np.full(n_rows * n_cols, "", dtype=object)
    cells, at = first(np.array([isinstance(s, str) for s in stances], dtype=bool))
    text[cells] = stances[at]
    scored = ~np.isnan(scores) & inside
    total = np.bincount(cell[scored], weights=scores[scored], minlength=n_rows * n_cols)
    count = np.bincount(cell[scored], minlength=n_rows * n_cols)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    code = pd.DataFrame(z.reshape(n_rows, n_cols), index=pd.Index(rows, name="row"),
                        columns=pd.Index(columns, name="column"))
    return code, text.reshape(n_rows, n_cols), np.round(mean, 2).reshape(n_rows, n_cols)


def stance_timeline(points: pd.DataFrame) -> go.Figure | None:
    """Positions over time: one row per actor, one dot per (article, actor) at the article's date,
    coloured by the label; a ring marks each point where the actor's label changes from the
    previous one. ``points``: ``actor``, ``date`` (datetime), ``stance``, ``score``, ``outlet``,
    ``evidence`` (first sentence), ``changed`` (bool), ``article_id``."""
    if points.empty:
        return None
    df = points.sort_values(["actor", "date"]).copy()
    df["row"] = [esc(a) for a in df["actor"]]
    fig = go.Figure()
    for actor, g in df.groupby("row", sort=False):  # a thin grey line joins one actor's points
        fig.add_trace(go.Scatter(x=g["date"], y=[actor] * len(g), mode="lines", showlegend=False,
                                 line=dict(color="#cfd8dc", width=2), hoverinfo="skip"))
    for label in _legend_order(df["stance"]):
        g = df[df["stance"] == label]
        fig.add_trace(go.Scatter(
            x=g["date"], y=g["row"], mode="markers", name=label,
            marker=dict(size=13, color=STANCE_COLOURS.get(label, UNKNOWN), line=dict(width=1, color="white")),
            customdata=np.column_stack([g["actor"].astype(str), [esc(outlet_name(o)) for o in g["outlet"]],
                                        [esc(e, 70) for e in g["evidence"]], g["score"].round(2)]),
            hovertemplate="<b>%{y}</b>, %{x|%Y-%m-%d} (%{customdata[1]}): " + label
                          + " (score %{customdata[3]})<br><i>%{customdata[2]}</i><extra></extra>"))
    changed = df[df["changed"]]
    if not changed.empty:
        fig.add_trace(go.Scatter(x=changed["date"], y=changed["row"], mode="markers", name="position changes",
                                 marker=dict(size=22, symbol="circle-open", color="#263238", line=dict(width=2)),
                                 hoverinfo="skip"))
    order = list(dict.fromkeys(df.sort_values(["actor"])["row"]))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title=None)
    fig.update_xaxes(title=None, type="date")  # the dates speak for themselves; a title would sit on the legend
    fig.update_layout(title="Positions over time, by article date (ring = the position changed)",
                      legend=dict(orientation="h", y=-0.25 if len(order) < 8 else -0.15))
    return _layout(fig, max(280, 34 * len(order) + 140))


# -------------------------------------------------------------------------------------- actors
def mentions_vs_quotes(actors: pd.DataFrame, top: int | None = 15) -> go.Figure | None:
    """Actors by mentions (x) and quotes (y), one neutral colour (stance colours mean stance); the
    ``top`` most mentioned are drawn and named (all when ``None``). Click a point to filter."""
    if actors.empty:
        return None
    df = actors.sort_values(["mentions", "name"], ascending=[False, True])
    if top is not None:
        df = df.head(top)
    # each name where it overlaps no other (the most mentioned choose first); the rest on hover
    sides = place_labels(df["mentions"] / max(df["mentions"].max() * 1.05, 1) * SCATTER_PX[0],
                         df["quotes"] / max(df["quotes"].max() * 1.1, 1) * SCATTER_PX[1], [5.5] * len(df),
                         [" ".join(str(n).split()) for n in df["name"]], *SCATTER_PX)
    df = df.assign(label=[esc(n) if sd else "" for n, sd in zip(df["name"], sides)], role=df["role"].fillna(""))
    fig = go.Figure(go.Scatter(
        x=df["mentions"], y=df["quotes"], mode="markers+text", text=df["label"],
        textposition=[sd or "top center" for sd in sides], textfont=dict(size=11),
        marker=dict(size=11, color="#1f4e79", opacity=0.8),
        customdata=np.column_stack([df["name"].astype(str), df["label"], [esc(r) for r in df["role"]]]),
        hovertemplate="<b>%{customdata[1]}</b> %{customdata[2]}<br>%{x} mentions, %{y} quotes<extra></extra>"))
    fig.update_layout(title="Who is talked about vs who gets to speak")
    integer_axis(fig, "x", df["mentions"].max())
    integer_axis(fig, "y", df["quotes"].max())
    fig.update_xaxes(title="mentions")
    fig.update_yaxes(title="quotes")
    return _layout(fig, 440)


def _heatmap_pivot(df: pd.DataFrame, index: str, columns: str, top: int | None) -> pd.DataFrame:
    """Counts of ``index`` × ``columns``, rows and columns sorted by their totals (largest first);
    the ``top`` rows only when given."""
    pivot = pd.crosstab(df[index], df[columns])
    pivot = pivot.loc[pivot.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    pivot = pivot[pivot.sum(axis=0).sort_values(ascending=False, kind="stable").index]
    return pivot.head(top) if top is not None else pivot


def actor_outlet_heatmap(mentions: pd.DataFrame, articles: pd.DataFrame, actors: pd.DataFrame,
                         top: int | None = 20) -> tuple[go.Figure | None, int]:
    """Mentions of the most-mentioned actors per known outlet, sorted by totals; returns the figure
    and the number of mentions left out because their article has no known outlet (the caller says
    so: an "unknown" column would dominate the colours)."""
    if mentions.empty:
        return None, 0
    df = mentions.merge(_outlets(articles), on="article_id").merge(actors[["actor_id", "name"]], on="actor_id")
    unknown = int((df["outlet"] == UNKNOWN_OUTLET).sum())
    df = df[df["outlet"] != UNKNOWN_OUTLET]
    if df.empty:
        return None, unknown
    pivot = _heatmap_pivot(df, "name", "outlet", top)
    fig = px.imshow(pivot.values, x=[esc(c) for c in pivot.columns], y=[esc(r) for r in pivot.index],
                    text_auto=True, aspect="auto", color_continuous_scale="Blues",
                    labels=dict(color="mentions"), title="Mentions by outlet (sorted by totals)")
    return _layout(fig, max(300, 24 * len(pivot) + 100)), unknown


# ------------------------------------------------------------------------------------- weapons
def weapons_by_outlet(weapons: pd.DataFrame, articles: pd.DataFrame, named_only: bool = True,
                      top: int | None = None) -> go.Figure | None:
    """Weapon mentions by system, stacked by outlet (unknown outlet in grey); click a bar to filter
    by that system."""
    df = weapons[weapons["named"]] if named_only else weapons
    if df.empty:
        return None
    df = df.merge(_outlets(articles), on="article_id")
    order = list(df["system"].value_counts().index)
    if top is not None:
        order = order[:top]
        df = df[df["system"].isin(order)]
    counts = df.groupby(["system", "outlet"], as_index=False).size()
    outlets = list(df["outlet"].value_counts().index)
    outlets = [o for o in outlets if o != UNKNOWN_OUTLET] + ([UNKNOWN_OUTLET] if UNKNOWN_OUTLET in outlets else [])
    counts["system_label"] = [esc(s) for s in counts["system"]]
    counts["outlet_label"] = [esc(o) for o in counts["outlet"]]
    colours = {esc(k): v for k, v in outlet_colours(outlets).items()}
    fig = px.bar(counts, x="size", y="system_label", color="outlet_label", orientation="h",
                 custom_data=["system"], color_discrete_map=colours,
                 category_orders={"system_label": [esc(s) for s in order], "outlet_label": [esc(o) for o in outlets]},
                 labels={"size": "mentions", "system_label": "system", "outlet_label": "outlet"},
                 title="Named weapon systems: mentions by outlet" if named_only else "Weapon mentions by outlet")
    integer_axis(fig, "x", counts.groupby("system")["size"].sum().max())
    return _layout(fig, max(280, 30 * len(order) + 100))


def actor_weapon_cooccurrence(mentions: pd.DataFrame, weapons: pd.DataFrame, actors: pd.DataFrame,
                              top: int | None = 15) -> go.Figure | None:
    """How often each actor and each weapon system are named in the same sentence, sorted by totals."""
    if mentions.empty or weapons.empty:
        return None
    m = mentions[["article_id", "sent_index", "actor_id"]].drop_duplicates()
    w = weapons[["article_id", "sent_index", "system"]].drop_duplicates()
    df = m.merge(w, on=["article_id", "sent_index"]).merge(actors[["actor_id", "name"]], on="actor_id")
    if df.empty:
        return None
    pivot = _heatmap_pivot(df, "name", "system", top)
    fig = px.imshow(pivot.values, x=[esc(c) for c in pivot.columns], y=[esc(r) for r in pivot.index],
                    text_auto=True, aspect="auto", color_continuous_scale="Oranges",
                    labels=dict(color="sentences"), title="Actor × weapon: sentences naming both (sorted by totals)")
    return _layout(fig, max(300, 24 * len(pivot) + 120))


# -------------------------------------------------------------------------------------- quotes
def quotes_by_speaker(quotes: pd.DataFrame, top: int | None = 20) -> go.Figure | None:
    """Quote counts per speaker, by kind; the ``top`` speakers (all when ``None``). Click a bar to
    filter by the speaker."""
    df = quotes.dropna(subset=["speaker"])
    if df.empty:
        return None
    order = list(df["speaker"].value_counts().index)
    if top is not None:
        order = order[:top]
        df = df[df["speaker"].isin(order)]
    counts = df.groupby(["speaker", "kind"], as_index=False).size()
    counts["speaker_label"] = [esc(s) for s in counts["speaker"]]
    fig = px.bar(counts, x="size", y="speaker_label", color="kind", orientation="h", custom_data=["speaker"],
                 category_orders={"speaker_label": [esc(s) for s in order], "kind": list(KIND_COLOURS)},
                 labels={"size": "quotes", "speaker_label": "speaker"}, title="Quotes by speaker",
                 color_discrete_map=KIND_COLOURS)
    integer_axis(fig, "x", df["speaker"].value_counts().max())
    return _layout(fig, max(280, 26 * len(order) + 100))
