"""Article metadata (title, outlet, date, url) from every source a folder of articles offers.

Each field is taken from the most trusted source that gives it (:data:`TRUST`, most trusted first):

1. ``sidecar``: ``metadata.csv`` or ``metadata.jsonl`` beside the articles (:func:`read_sidecar`), or a
   correction made in the dashboard: what a person says about the article.
2. ``page``: the metadata of a saved web page (``<meta>`` tags, JSON-LD, ``<title>``, the canonical
   address), read by the HTML extractor (:func:`components.ingest.formats.html_to_text`).
3. ``front matter``: ``key: value`` lines heading a text or Markdown file, between ``---`` lines or as
   ``# key: value`` comment lines (:func:`front_matter`).
4. ``file name``: an ISO date (``2024-09-13``, ``2024_09_13``, ``20240913``) or a compact timestamp
   (``20220125T090000Z``) in the file's name (:func:`date_from_name`). Dates only.
5. ``text``: the top of the text itself (:func:`infer_metadata`): a "Published …"/"Updated …"/"Date:"
   line or a date alone on a header line, a dated dateline ("KYIV, Sept. 13, 2024 (Reuters) —"); a
   headline-like first line; for the outlet, wire credits and bylines ("(AP) —", "CNN —", "By Jane Doe,
   Reuters"), contributor lines, e-mail sign-offs, newsletter and disclaimer lines, "Source: PAP".
6. ``web address``: for the outlet only, the host of the article's address, named through the outlet
   table when it is known (``reuters.com`` → Reuters), else the host itself.

A date mentioned inside the story is never the publication date: dates are read only from the sources
above, in the text only from its header lines (before the first paragraph of prose). What no source
gives is missing (``None``). Outlet names are canonicalised through the outlet table of the knowledge
files (``outlets.toml``: names, aliases, web and e-mail domains), which a user can extend.

The modules: :mod:`.fields` (the fields and sources), :mod:`.dates`, :mod:`.front_matter`,
:mod:`.outlets` (outlet names and credits), :mod:`.head` (the text's header lines), :mod:`.sidecar`;
:func:`resolve_metadata` here takes each field from the most trusted of them.

Every pattern here has a bounded width (or is tried at one position only), so reading an article's
metadata costs time linear in its length.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...knowledge import Knowledge
from ..datelines import DATELINE
from .fields import FIELDS, SIDECAR_COLUMNS, SIDECAR_NAMES, TRUST
from .dates import date_from_name, find_date, parse_date
from .front_matter import front_matter, known_value
from .outlets import canonical_outlet, credited_outlet, known_outlet, outlet_from_address
from .head import header_date, headline, infer_metadata
from .sidecar import Sidecar, parse_sidecar, read_sidecar, sidecar_csv, sidecar_row

__all__ = ["DATELINE", "FIELDS", "SIDECAR_COLUMNS", "SIDECAR_NAMES", "TRUST", "Metadata", "Sidecar", "canonical_outlet",
           "credited_outlet", "date_from_name", "find_date", "front_matter", "header_date", "headline",
           "infer_metadata", "known_outlet", "known_value", "outlet_from_address", "parse_date", "parse_sidecar",
           "read_sidecar", "resolve_metadata", "sidecar_csv", "sidecar_row"]


# -------------------------------------------------------------------------------------- all together
@dataclass
class Metadata:
    """An article's metadata and, per field, the source it was taken from (:data:`TRUST`)."""

    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


def resolve_metadata(text: str, name: str = "", *, sidecar: dict | None = None, page: dict | None = None,
                     front: dict | None = None, knowledge: Knowledge) -> Metadata:
    """The metadata of an article from every source, each field from the most trusted one that gives
    it (:data:`TRUST`): ``sidecar`` (a sidecar row or a correction), ``page`` (a saved page's
    metadata), ``front`` matter (read from ``text`` when not given: :func:`front_matter`), the file
    ``name``'s date, the text's head (:func:`infer_metadata`) and, for the outlet, the article's web
    address."""
    if front is None:
        front, _ = front_matter(text)
    inferred = infer_metadata(text, knowledge)
    layers = [
        ("sidecar", {k: v for k, v in (sidecar or {}).items() if k in FIELDS}),
        ("page", {k: v for k, v in (page or {}).items() if k in FIELDS}),
        ("front matter", front),
        ("file name", {"date": date_from_name(name)} if name else {}),
        ("text", inferred),
    ]
    meta = Metadata()
    for source, values in layers:
        for key in FIELDS:
            value = known_value(values.get(key))
            if value is None or getattr(meta, key) is not None:
                continue
            if key == "date":
                value = parse_date(value)
                if value is None:
                    continue
            if key == "outlet" and source != "sidecar":  # a person's spelling is kept as given
                value = canonical_outlet(value, knowledge)
            setattr(meta, key, value)
            meta.sources[key] = source
    if meta.outlet is None and meta.url:
        outlet = outlet_from_address(meta.url, knowledge)
        if outlet:
            meta.outlet, meta.sources["outlet"] = outlet, "web address"
    return meta
