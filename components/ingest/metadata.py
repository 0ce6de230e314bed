"""Article metadata from the text itself and from a sidecar ``metadata.csv``: title, outlet, date,
dateline."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from ..knowledge import Knowledge, load_knowledge



# Every pattern searched over a whole text has a bounded width (no unbounded repeat), so trying it
# at one position costs a constant and a search is linear in the text (tests/test_linear_cost.py
# checks this for every pattern of the ingest package).
_DATE_LINE = re.compile(r"^[ \t]{0,20}date[ \t]{0,5}[:=]?[ \t]{0,5}(\d{4}-\d{2}-\d{2})\b", re.I | re.M)
_ISO_DATE = re.compile(r"\b(20\d{2}|19\d{2})-(\d{2})-(\d{2})\b")
_MONTHS = ("january february march april may june july august september october november december").split()
_LONG_DATE = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\.?\s{1,5}(\d{1,2}),\s{1,5}(\d{4})\b")
# "WASHINGTON —", "BERLIN (Reuters) -", "KYIV, Ukraine (AP) —": place, optional outlet in brackets
DATELINE = re.compile(r"[ \t]{0,20}([A-Z][A-Z .'’-]{2,40}?)(?:,\s{0,5}[A-Z][A-Za-z .]{1,30}?)?\s{0,5}"
                      r"(?:\(([A-Za-z. ]{1,30})\))?\s{0,5}[—–-]{1,2}\s{1,20}")


def dateline_at(text: str, pos: int = 0) -> re.Match | None:
    """The dateline starting the line that holds character ``pos`` of ``text``, if any."""
    return DATELINE.match(text, text.rfind("\n", 0, pos) + 1)
# an address's domain, read from the "@" on (the part before it is only required to exist: matching
# it as "[\w.+-]+@" retried the whole run of letters from every letter, quadratic in a long word)
_EMAIL = re.compile(r"(?<=[\w.+-])@([\w-]{1,63})\.(?:com|co\.uk|org|net)\b", re.I)
# "ABC's Jane Doe and John Roe contributed to this report": found from the fixed words back, in a
# bounded window (the names are a list with one reading, so matching cannot backtrack over them)
_CONTRIB_CUE = "contributed to this report"
_CONTRIB = re.compile(r"\b([A-Z][\w&.]{0,30}(?:[ \t][A-Z][\w&.]{0,30}){0,4})[’']s[ \t]{1,5}"
                      r"[A-Z][\w.-]{0,30}(?:(?:,[ \t]{0,3}|[ \t]{1,3})(?:and[ \t]{1,3})?[A-Z][\w.-]{0,30}){0,12}"
                      r"[ \t]{1,5}" + _CONTRIB_CUE)
_CONTRIB_WINDOW = 600


def infer_metadata(text: str, knowledge: Knowledge | None = None) -> dict[str, str]:
    """What the text itself shows of ``title``, ``outlet``, ``date`` and ``dateline``.

    - date: a ``date YYYY-MM-DD`` line, else the first ISO date, else the first "Month D, YYYY".
    - outlet: an e-mail sign-off ("Write to … @wsj.com") or a contributor line ("ABC's … contributed
      to this report"), mapped through the outlet table in the knowledge files.
    - title: a headline-like first line (short, no final full stop).
    - dateline: "WASHINGTON —" or "BERLIN (Reuters) -" at the start of one of the first lines; the
      outlet in brackets is the outlet when no sign-off names one.
    Keys that cannot be inferred are absent.
    """
    knowledge = knowledge or load_knowledge()
    meta: dict[str, str] = {}
    m = _DATE_LINE.search(text[:400])
    if m:
        meta["date"] = m.group(1)
    else:
        m = _ISO_DATE.search(text)
        if m:
            meta["date"] = m.group(0)
        else:
            m = _LONG_DATE.search(text)
            if m:
                month = _MONTHS.index(m.group(1).lower()) + 1
                meta["date"] = f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}"
    outlet = None
    for m in _EMAIL.finditer(text):
        outlet = knowledge.outlets_by_domain.get(m.group(1).lower())
        if outlet:
            break
    if not outlet:
        m = _contributor_line(text)
        if m:
            key = m.group(1)
            outlet = knowledge.outlets_by_name.get(key.lower(), key)
    if outlet:
        meta["outlet"] = outlet
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = _DATE_LINE.sub("", first).strip() if _DATE_LINE.match(first) else first
    first = re.sub(r"^\s*date\s*[:=]?\s*\d{4}-\d{2}-\d{2}\s*", "", first, flags=re.I)
    words = first.split()
    if 3 <= len(words) <= 25 and not first.endswith((".", "”", '"', "’")) or (
            3 <= len(words) <= 20 and first.endswith(".") and first.count(".") == 1 and not
            re.search(r"\bsaid\b", first) and len(text.splitlines()) > 2 and
            len(first) < 0.2 * len(text) and _is_set_apart(text, first)):
        meta["title"] = first
    for line_start in [0] + [m.end() for m in re.finditer(r"\n", text[:600])][:3]:
        m = dateline_at(text, line_start)
        if m:
            meta["dateline"] = m.group(1).strip().title()
            if m.group(2) and "outlet" not in meta:
                meta["outlet"] = knowledge.outlets_by_name.get(m.group(2).strip().lower(), m.group(2).strip())
            break
    return meta


def _contributor_line(text: str) -> re.Match | None:
    """The first contributor line ("ABC's Jane Doe contributed to this report"), searched only in
    the window before each occurrence of the fixed words: linear in the text."""
    at = text.find(_CONTRIB_CUE)
    while at >= 0:
        end = at + len(_CONTRIB_CUE)
        start = max(0, at - _CONTRIB_WINDOW)
        m = _CONTRIB.search(text, start, end)
        if m:
            return m
        at = text.find(_CONTRIB_CUE, end)
    return None


def _is_set_apart(text: str, first: str) -> bool:
    """A first line followed by a blank line reads as a headline or standfirst."""
    after = text.split(first, 1)[1][:4]
    return after.startswith(("\n\n", "\r\n\r\n"))


def read_sidecar(folder: Path) -> dict[str, dict[str, str]]:
    """``metadata.csv`` in ``folder`` as ``{id: {title, outlet, date, url}}``; empty values dropped."""
    path = folder / "metadata.csv"
    if not path.is_file():
        return {}
    rows: dict[str, dict[str, str]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            aid = (row.get("id") or "").strip()
            if aid:
                rows[aid] = {k: (v or "").strip() for k, v in row.items()
                             if k in ("title", "outlet", "date", "url") and (v or "").strip()}
    return rows
