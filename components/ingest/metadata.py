"""Article metadata from the text itself and from a sidecar ``metadata.csv``: title, outlet, date,
dateline."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from ..knowledge import Knowledge



_DATE_LINE = re.compile(r"^\s*date\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\b", re.I | re.M)
_ISO_DATE = re.compile(r"\b(20\d{2}|19\d{2})-(\d{2})-(\d{2})\b")
_MONTHS = ("january february march april may june july august september october november december").split()
_LONG_DATE = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\.?\s+(\d{1,2}),\s+(\d{4})\b")
# "WASHINGTON —", "BERLIN (Reuters) -", "KYIV, Ukraine (AP) —": place, optional outlet in brackets
DATELINE = re.compile(r"[ \t]*([A-Z][A-Z .'’-]{2,40}?)(?:,\s*[A-Z][A-Za-z .]{1,30}?)?\s*(?:\(([A-Za-z. ]+)\))?\s*[—–-]{1,2}\s+")


def dateline_at(text: str, pos: int = 0) -> re.Match | None:
    """The dateline starting the line that holds character ``pos`` of ``text``, if any."""
    return DATELINE.match(text, text.rfind("\n", 0, pos) + 1)
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+)\.(?:com|co\.uk|org|net)\b", re.I)
_CONTRIB = re.compile(r"\b([A-Z][\w&.]*(?:\s[A-Z][\w&.]*)*)[’']s\s+[A-Z][\w.-]+(?:\s[A-Z][\w.-]+)*"
                      r"(?:,?\s+(?:and\s+)?[A-Z][\w.-]+(?:\s[A-Z][\w.-]+)*)*\s+contributed to this report")


def infer_metadata(text: str, knowledge: Knowledge) -> dict[str, str]:
    """What the text itself shows of ``title``, ``outlet``, ``date`` and ``dateline``.

    - date: a ``date YYYY-MM-DD`` line, else the first ISO date, else the first "Month D, YYYY".
    - outlet: an e-mail sign-off ("Write to … @wsj.com") or a contributor line ("ABC's … contributed
      to this report"), mapped through the outlet table in the knowledge files.
    - title: a headline-like first line (short, no final full stop).
    - dateline: "WASHINGTON —" or "BERLIN (Reuters) -" at the start of one of the first lines; the
      outlet in brackets is the outlet when no sign-off names one.
    Keys that cannot be inferred are absent.
    """
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
        m = _CONTRIB.search(text)
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
