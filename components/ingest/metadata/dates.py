"""Publication dates: patterns of written dates (bounded width), an ISO date from a value or a file name."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path


# --------------------------------------------------------------------------------------------- dates
_MONTHS = {m: i + 1 for i, m in enumerate("january february march april may june july august september "
                                          "october november december".split())}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = r"(?:" + "|".join(sorted([*_MONTHS, *_MONTH_ABBR], key=len, reverse=True)) + r")\.?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
#: dates as written: ISO (optionally with a time), "13 September 2024", "September 13, 2024", "13.09.2024"
DATE_PATTERNS = (
    ("ymd", re.compile(r"(?<![\d.])(" + _YEAR + r")[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])(?![\d])")),
    ("dmy", re.compile(r"(?<![\w.])(" + _DAY + r")[ \t]{0,3}(?:of[ \t]{1,3})?(" + _MONTH + r"),?[ \t]{1,3}(" + _YEAR + r")\b",
                       re.I)),
    ("mdy", re.compile(r"(?<![\w])(" + _MONTH + r")[ \t]{1,3}(" + _DAY + r"),?[ \t]{1,3}(" + _YEAR + r")\b", re.I)),
    ("d.m.y", re.compile(r"(?<![\d.])(0?[1-9]|[12]\d|3[01])[./](0?[1-9]|1[0-2])[./](" + _YEAR + r")(?![\d])")),
)
# in a file name: an ISO date with separators, or eight digits (with an optional "T090000Z" time)
# standing apart from other letters and digits (a hash such as "7d015e6984" never gives a date)
_NAME_DATES = (
    re.compile(r"(?<!\d)(" + _YEAR + r")[-_.](0[1-9]|1[0-2])[-_.](0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<![A-Za-z0-9])(" + _YEAR + r")(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
               r"(?:T\d{4}(?:\d{2})?(?:Z|[+-]\d{4})?)?(?![A-Za-z0-9])"),
)


def _month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return _MONTHS.get(w) or _MONTH_ABBR.get(w)


def _iso(year: int, month: int, day: int, latest: dt.date | None = None) -> str | None:
    """``YYYY-MM-DD`` if it is a real calendar date no later than ``latest`` (default: tomorrow)."""
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    latest = latest or dt.date.today() + dt.timedelta(days=1)
    return d.isoformat() if dt.date(1900, 1, 1) <= d <= latest else None


def _date_of(kind: str, m: re.Match) -> str | None:
    g = m.groups()
    if kind == "ymd":
        return _iso(int(g[0]), int(g[1]), int(g[2]))
    if kind == "dmy":
        return _iso(int(g[2]), _month_number(g[1]) or 0, int(re.sub(r"\D", "", g[0])))
    if kind == "mdy":
        return _iso(int(g[2]), _month_number(g[0]) or 0, int(re.sub(r"\D", "", g[1])))
    return _iso(int(g[2]), int(g[1]), int(g[0]))  # d.m.y: day first, as written outside the US


def find_date(text: str) -> tuple[str, re.Match] | None:
    """The first date written in ``text`` (one short line or label value) as ``(iso, match)``."""
    best = None
    for kind, pattern in DATE_PATTERNS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[1].start()):
            iso = _date_of(kind, m)
            if iso:
                best = (iso, m)
    return best


def parse_date(value: str | None) -> str | None:
    """``value`` (a date as a person or a page writes it: ISO with or without a time, "13 September
    2024", "Sept. 13, 2024", "13.09.2024", a compact ``20240913T…`` stamp) as ``YYYY-MM-DD``, else
    ``None``. Slash dates other than year-first ("09/10/2024") are ambiguous and not read."""
    if not value or not value.strip():
        return None
    value = value.strip()[:100]
    m = re.match(r"((?:19|20)\d{2})(\d{2})(\d{2})(?:T\d{4,6}(?:Z|[+-]\d{4})?)?$", value)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = find_date(value)
    if not found or (found[1].group(0).count("/") and not re.match(r"\s*(?:19|20)\d{2}/", found[1].group(0))):
        return None
    return found[0]


def date_from_name(name: str) -> str | None:
    """The date in a file name (without its folder), if it carries one: an ISO date
    (``2024-09-13_story.txt``, ``story_2024_09_13.md``) or a compact timestamp
    (``20220125T090000Z_GB_en_7d015e6984.txt``, ``20240913-story.html``); else ``None``."""
    stem = Path(name).name[:200]
    for pattern in _NAME_DATES:
        for m in pattern.finditer(stem):
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    return None
