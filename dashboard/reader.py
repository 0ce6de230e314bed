"""The article reader: an article's text as safe HTML with actors, weapons and quotes highlighted.

Article text is untrusted. :func:`highlight_html` escapes every character of it and adds only its
own ``<mark>``/``<span>`` tags at the table offsets, so a ``<script>`` in an article shows as text.
Highlights may overlap (an actor inside a quote): the text is cut at every boundary and each piece
carries the classes of the layers that cover it. A *target* (the passage a link or a row of the
Quotes table points at) is drawn over every other layer, and its first piece carries the element id
the app scrolls to (:data:`TARGET_ID`).
"""
from __future__ import annotations

import pandas as pd

from components.escaping import html_escape

LAYERS = ("target", "quote", "actor", "weapon")
TARGET_ID = "db-reader-target"
CSS = """
<style>
.db-reader{font:1rem/1.65 Georgia,serif;max-width:52rem;white-space:normal}
.db-reader .quote{background:#e8f0fb;border-bottom:2px solid #5b9bd5}
.db-reader .actor{background:#fde2c8;border-radius:3px;padding:0 1px}
.db-reader .weapon{background:#d7f0d8;border-radius:3px;padding:0 1px;font-weight:600}
.db-reader .target,.db-reader .target span{background:#ffe58a !important}
.db-reader .target{outline:2px solid #b8860b;border-radius:2px}
.db-legend span{margin-right:1em;padding:0 .3em;border-radius:3px}
</style>
"""
LEGEND = ('<div class="db-legend"><span class="quote" style="background:#e8f0fb">quote</span>'
          '<span class="actor" style="background:#fde2c8">actor</span>'
          '<span class="weapon" style="background:#d7f0d8">weapon</span></div>')


def highlight_spans(article_id: str, tables: dict[str, pd.DataFrame]) -> list[tuple[int, int, str, str]]:
    """``(start, end, layer, tooltip)`` for the article's quotes, actor and weapon mentions."""
    spans = []
    q = tables["quotes"]
    for r in q[q["article_id"] == article_id].itertuples():
        spans.append((int(r.start), int(r.end), "quote", f"{r.kind} quote: {r.speaker if isinstance(r.speaker, str) else 'unknown speaker'}"))
    names = dict(zip(tables["actors"]["actor_id"], tables["actors"]["name"]))
    m = tables["actor_mentions"]
    for r in m[m["article_id"] == article_id].itertuples():
        spans.append((int(r.start), int(r.end), "actor", names.get(r.actor_id, r.actor_id)))
    w = tables["weapon_mentions"]
    for r in w[w["article_id"] == article_id].itertuples():
        spans.append((int(r.start), int(r.end), "weapon", f"{r.system} ({r.category})"))
    return spans


def highlight_html(text: str, spans: list[tuple[int, int, str, str]],
                   target: tuple[int, int] | None = None) -> str:
    """``text`` as escaped HTML with ``spans`` highlighted and the passage ``target`` (start, end)
    marked over them, its first piece with the id :data:`TARGET_ID`; line breaks become ``<br>``."""
    spans = list(spans)
    if target and 0 <= target[0] < target[1] <= len(text):
        spans.append((target[0], target[1], "target", "the passage this link points at"))
    bounds = {0, len(text)}
    for s, e, _, _ in spans:
        if 0 <= s < e <= len(text):
            bounds.update((s, e))
    cuts = sorted(bounds)
    out = []
    marked = False
    for a, b in zip(cuts, cuts[1:]):
        piece = html_escape(text[a:b]).replace("\n", "<br>")
        covering = [(layer, tip) for s, e, layer, tip in spans if s <= a and b <= e]
        for layer in reversed(LAYERS):
            tips = [tip for lay, tip in covering if lay == layer]
            if tips:
                ident = ""
                if layer == "target" and not marked:
                    ident, marked = f' id="{TARGET_ID}"', True
                piece = f'<span class="{layer}"{ident} title="{html_escape(tips[0])}">{piece}</span>'
        out.append(piece)
    return CSS + LEGEND + '<div class="db-reader">' + "".join(out) + "</div>"
